//! What can go wrong: for the whole file (`ImportError`, nothing written) or
//! for one row (`RowProblem`, the row is left out or imported with a caveat).

use std::fmt;

use crate::columns::Field;

/// Something about one spreadsheet row. Row 0 means the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowProblem {
    /// 1-based row number as the spreadsheet program shows it.
    pub row: usize,
    pub reason: String,
}

impl RowProblem {
    pub fn new(row: usize, reason: impl Into<String>) -> RowProblem {
        RowProblem {
            row,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.row == 0 {
            write!(f, "file: {}", self.reason)
        } else {
            write!(f, "row {}: {}", self.row, self.reason)
        }
    }
}

/// Why nothing could be imported.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// The bytes are not a CSV/XLSX file we can read.
    Unreadable(String),
    /// `--sheet` names a sheet the workbook does not have.
    NoSuchSheet {
        wanted: String,
        available: Vec<String>,
    },
    /// No row looks like a header of MSEL columns.
    NoHeader {
        /// The best candidate row and the columns recognised in it.
        best: Option<(usize, Vec<Field>)>,
    },
    /// A header was found but a column the import cannot do without is
    /// missing.
    MissingColumns {
        header_row: usize,
        missing: Vec<&'static str>,
        found: Vec<String>,
    },
    /// `--map` could not be understood or names a column that is not there.
    BadMap(String),
    /// Every data row had a problem: there is no event to build a scenario
    /// from.
    NoEvents { problems: Vec<RowProblem> },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Unreadable(why) => write!(f, "cannot read the file: {why}"),
            ImportError::NoSuchSheet { wanted, available } => write!(
                f,
                "the workbook has no sheet `{wanted}`; its sheets are: {}",
                available
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ImportError::NoHeader { best } => {
                write!(
                    f,
                    "no header row found: no row names at least two MSEL columns \
                     (event #, time, from, to, method, subject, message, ...)"
                )?;
                if let Some((row, fields)) = best {
                    write!(
                        f,
                        "; the best candidate, row {row}, has only {}",
                        fields
                            .iter()
                            .map(|x| x.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )?;
                }
                write!(
                    f,
                    "; name the columns with --map, e.g. --map \"time=When,message=Text\""
                )
            }
            ImportError::MissingColumns {
                header_row,
                missing,
                found,
            } => write!(
                f,
                "the header (row {header_row}) has no {} column; its columns are: {}; \
                 name it with --map, e.g. --map \"{}=Column name\"",
                missing.join(" or "),
                found
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                missing.first().copied().unwrap_or("time"),
            ),
            ImportError::BadMap(why) => write!(f, "--map: {why}"),
            ImportError::NoEvents { problems } => write!(
                f,
                "no row could be imported ({} problem(s), first: {})",
                problems.len(),
                problems.first().map_or_else(
                    || "the sheet has no data rows".to_string(),
                    ToString::to_string
                )
            ),
        }
    }
}

impl std::error::Error for ImportError {}
