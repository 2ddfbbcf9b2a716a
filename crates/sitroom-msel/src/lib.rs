//! Bringing exercises in: Master Scenario Events Lists (HSEEP MSELs kept as
//! CSV or XLSX spreadsheets) become linear Sitroom scenarios, and
//! `sitroom new` gets its commented skeleton. Pure: bytes in, text out; the
//! CLI reads and writes the files.
//!
//! - [`import`]: the whole import, from bytes to a scenario and its RON.
//! - [`skeleton`]: the starting scenario for `sitroom new NAME`.
//! - `sheet`: CSV/XLSX into rows of cells, keeping spreadsheet row numbers.
//! - `columns`: MSEL fields, finding the header, `--map` overrides.
//! - `time`: every way MSELs write a time, onto one minute line.
//! - `guess`: ids, channels, actor kinds and team roles from free text.
//! - `build`: rows into a valid linear scenario.

mod build;
mod columns;
mod error;
mod guess;
mod sheet;
mod skeleton;
mod time;

use std::path::Path;

use sitroom_scenario::Scenario;

pub use build::{TAIL_MINUTES, default_ladder};
pub use columns::Field;
pub use error::{ImportError, RowProblem};
pub use guess::slug;
pub use skeleton::skeleton;

/// The spreadsheet format of the input bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// Comma-, semicolon- or tab-separated text (delimiter and encoding are
    /// sniffed).
    Csv,
    /// An Office Open XML workbook.
    Xlsx,
}

impl SheetKind {
    /// The kind a file name suggests: `.csv`, `.tsv`, `.txt` → CSV;
    /// `.xlsx`, `.xlsm` → XLSX.
    pub fn from_path(path: &Path) -> Option<SheetKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" | "txt" => Some(SheetKind::Csv),
            "xlsx" | "xlsm" => Some(SheetKind::Xlsx),
            _ => None,
        }
    }

    /// The kind the bytes themselves show: a ZIP archive is a workbook.
    pub fn sniff(bytes: &[u8]) -> SheetKind {
        if bytes.starts_with(b"PK\x03\x04") {
            SheetKind::Xlsx
        } else {
            SheetKind::Csv
        }
    }
}

/// How to read the sheet and name the result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The workbook sheet to read (XLSX only); default the first.
    pub sheet: Option<String>,
    /// Column overrides, `FIELD=COLUMN` pairs separated by commas:
    /// `"time=Scenario Time,to=Player"`. COLUMN is a header name or a column
    /// letter. Fields: number, date, time, from, to, method, subject,
    /// message, action, objective, notes, status.
    pub map: Option<String>,
    /// The scenario's title; default the sheet's title row, else the file
    /// name, else "Imported MSEL".
    pub title: Option<String>,
    /// The scenario's id; default the title, slugified.
    pub id: Option<String>,
    /// The input's file name, for the summary and the RON's header comment.
    pub source: Option<String>,
}

/// A successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub scenario: Scenario,
    /// The scenario as pretty RON (implicit `Some`), with a header comment
    /// listing what was left out.
    pub ron: String,
    /// Rows that were not imported, and why: unreadable rows, and rows
    /// skipped on purpose (hidden in the workbook, a cancelled status).
    pub problems: Vec<RowProblem>,
    /// Everything else the import decided that a facilitator should know,
    /// so that nothing is changed silently: rows imported with a caveat
    /// (unknown delivery method, duplicate id, a blank sender filled from
    /// the row above, a time before STARTEX), the STARTEX row, each team
    /// created and from which cell (with a did-you-mean when its name is
    /// close to another team's), the controller-only columns, and columns
    /// not imported. Row 0 is the file as a whole.
    pub warnings: Vec<RowProblem>,
    /// How many rows became injects.
    pub imported_rows: usize,
}

/// Imports an MSEL. Fails only when nothing sensible can be built (the file
/// is unreadable, no header, no importable row); row-level trouble is in
/// [`Imported::problems`] and [`Imported::warnings`].
pub fn import(
    bytes: &[u8],
    kind: SheetKind,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let map = columns::ColumnMap::parse(opts.map.as_deref().unwrap_or(""))?;
    let grid = match kind {
        SheetKind::Csv => {
            let mut grid = sheet::read_csv(bytes)?;
            if let Some(name) = &opts.sheet {
                grid.notes.push(format!(
                    "a CSV file has a single sheet; the sheet name `{name}` is ignored"
                ));
            }
            grid
        }
        SheetKind::Xlsx => sheet::read_xlsx(bytes, opts.sheet.as_deref())?,
    };
    let built = build::build(
        &grid,
        &build::Settings {
            map: &map,
            title: opts.title.as_deref(),
            id: opts.id.as_deref(),
            source: opts.source.as_deref(),
        },
    )?;
    let ron = to_ron(
        &built.scenario,
        &built.problems,
        built.rows,
        opts.source.as_deref(),
    )?;
    Ok(Imported {
        scenario: built.scenario,
        ron,
        problems: built.problems,
        warnings: built.warnings,
        imported_rows: built.rows,
    })
}

/// Pretty RON that loads with the IMPLICIT_SOME extension, after a comment
/// saying where it came from and which rows were left out.
fn to_ron(
    scenario: &Scenario,
    problems: &[RowProblem],
    rows: usize,
    source: Option<&str>,
) -> Result<String, ImportError> {
    let config = ron::ser::PrettyConfig::new()
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
        .escape_strings(false);
    let body = ron::ser::to_string_pretty(scenario, config)
        .map_err(|e| ImportError::Unreadable(format!("cannot write the scenario as RON: {e}")))?;
    let mut out = format!(
        "// Imported by `sitroom import-msel` from {}: {rows} row(s) became injects.\n\
         // A linear exercise: every inject is released at its MSEL time. Branch it by\n\
         // adding decisions, reactions and attribution cases; check it with `sitroom check`.\n",
        source.unwrap_or("an MSEL"),
    );
    if !problems.is_empty() {
        out.push_str(&format!(
            "// {} row(s) were not imported:\n",
            problems.len()
        ));
        for p in problems {
            let line = p.to_string().replace('\n', " ");
            out.push_str(&format!("//   {line}\n"));
        }
    }
    out.push_str(&body);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}
