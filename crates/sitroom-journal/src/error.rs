//! Why a journal cannot be read, written, continued or replayed.

use std::fmt;
use std::io;
use std::path::PathBuf;

use sitroom_engine::StateHash;
use sitroom_scenario::Minutes;

/// Why a journal cannot be read, written or continued.
#[derive(Debug)]
pub enum JournalError {
    Io {
        path: PathBuf,
        error: io::Error,
    },
    /// Line `line` (1-based) is damaged or out of place.
    Corrupt {
        line: usize,
        reason: String,
    },
    /// `Recorder::create` never overwrites a file.
    Exists(PathBuf),
    /// `Recorder::create` was given a session that had already started.
    NotFresh,
    /// The scenario given to `resume` is not the one the journal recorded.
    ScenarioMismatch(String),
    /// Re-simulating the journal did not reproduce a recorded hash.
    Diverged(Diverged),
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            JournalError::Corrupt { line, reason } => write!(f, "line {line}: {reason}"),
            JournalError::Exists(path) => write!(
                f,
                "{} already exists; a journal is never overwritten",
                path.display()
            ),
            JournalError::NotFresh => f.write_str(
                "the session has already started; a journal records a session from minute 0",
            ),
            JournalError::ScenarioMismatch(why) => {
                write!(f, "the scenario does not match the journal: {why}")
            }
            JournalError::Diverged(d) => d.fmt(f),
        }
    }
}

impl std::error::Error for JournalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            JournalError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The first point where a re-simulation differs from the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diverged {
    pub at: Minutes,
    /// The hash the journal recorded.
    pub expected: StateHash,
    /// The hash the replay computed.
    pub actual: StateHash,
    /// Set when a journaled input was refused on replay (the reason).
    pub refused: Option<String>,
}

impl fmt::Display for Diverged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.refused {
            Some(why) => write!(
                f,
                "replay diverged at minute {}: a recorded input was refused ({why})",
                self.at
            ),
            None => write!(
                f,
                "replay diverged at minute {}: the journal has {}, the replay computed {}",
                self.at, self.expected, self.actual
            ),
        }
    }
}

impl std::error::Error for Diverged {}
