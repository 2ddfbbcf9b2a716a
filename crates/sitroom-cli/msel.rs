//! `sitroom import-msel` and `sitroom new`: the file side of the
//! sitroom-msel crate (which is pure).

use std::io::Write;
use std::path::Path;

use sitroom_msel::{ImportError, ImportOptions, SheetKind};

use crate::outcome::{self, Failure};

pub struct ImportArgs<'a> {
    pub file: &'a Path,
    pub output: Option<&'a Path>,
    pub sheet: Option<String>,
    pub map: Option<String>,
    pub title: Option<String>,
    pub id: Option<String>,
}

/// Imports an MSEL: the scenario to `-o` (never overwriting) or stdout;
/// rows left out and warnings to stderr. Exit 0 when a scenario was written,
/// 1 when no row could be imported, 2 when the input cannot be used.
pub fn import_msel(args: ImportArgs) -> Result<(), Failure> {
    let name = args.file.display().to_string();
    let bytes = std::fs::read(args.file).map_err(|e| Failure::io(&name, e))?;
    let kind = SheetKind::from_path(args.file).unwrap_or_else(|| SheetKind::sniff(&bytes));
    let opts = ImportOptions {
        sheet: args.sheet,
        map: args.map,
        title: args.title,
        id: args.id,
        source: args
            .file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned()),
    };
    let imported = match sitroom_msel::import(&bytes, kind, &opts) {
        Ok(imported) => imported,
        Err(ImportError::NoEvents { problems }) => {
            let mut err = std::io::stderr().lock();
            for p in &problems {
                let _ = writeln!(err, "not imported: {p}");
            }
            return Err(Failure::Check(format!("{name}: no row could be imported")));
        }
        Err(e) => return Err(Failure::Usage(format!("{name}: {e}"))),
    };
    // The importer promises a valid scenario; if the validator disagrees,
    // say so rather than write a file `sitroom check` rejects.
    if let Err(report) = crate::author::check_source("imported", &imported.ron) {
        eprint!("{}", report.render(false));
        return Err(Failure::Check(format!(
            "{name}: the imported scenario does not pass the checks (a bug in import-msel)"
        )));
    }
    {
        let mut err = std::io::stderr().lock();
        for w in &imported.warnings {
            let _ = writeln!(err, "warning: {w}");
        }
        for p in &imported.problems {
            let _ = writeln!(err, "not imported: {p}");
        }
    }
    let total = imported.imported_rows + imported.problems.len();
    match args.output {
        Some(out) => {
            write_new(out, &imported.ron)?;
            eprintln!(
                "imported {} of {total} row(s) into {}",
                imported.imported_rows,
                out.display()
            );
        }
        None => {
            outcome::print(&imported.ron)?;
            eprintln!("imported {} of {total} row(s)", imported.imported_rows);
        }
    }
    Ok(())
}

/// Writes a new scenario skeleton to `-o` or `./<slug>.ron`, never
/// overwriting.
pub fn new(name: &str, output: Option<&Path>) -> Result<(), Failure> {
    let text = sitroom_msel::skeleton(name);
    let default;
    let path = match output {
        Some(p) => p,
        None => {
            let slug = sitroom_msel::slug(name);
            default = std::path::PathBuf::from(format!(
                "{}.ron",
                if slug.is_empty() {
                    "my-exercise"
                } else {
                    &slug
                }
            ));
            &default
        }
    };
    write_new(path, &text)?;
    outcome::print(&format!("wrote {}\n", path.display()))
}

/// Creates the file; an existing one is an error (exit 2), never replaced.
fn write_new(path: &Path, text: &str) -> Result<(), Failure> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Failure::Usage(format!("{} exists; not overwriting it", path.display()))
            } else {
                Failure::io(path.display(), e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Failure::io(path.display(), e))
}
