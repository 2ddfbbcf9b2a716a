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
    /// The record is not intact (version 3): its chain is broken at line
    /// `line`, a seal does not hold, or lines a journal always has are missing.
    Tampered {
        line: usize,
        reason: String,
    },
    /// The record is intact but line `line` is not what re-simulating it
    /// gives (a score, a header field).
    Mismatch {
        line: usize,
        reason: String,
    },
    /// The journal cannot be signed (a version 1 or 2 journal).
    Unsealable(u32),
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
            JournalError::Tampered { line, reason } => write!(f, "line {line}: {reason}"),
            JournalError::Mismatch { line, reason } => write!(f, "line {line}: {reason}"),
            JournalError::Unsealable(version) => write!(
                f,
                "a version {version} journal cannot be signed (only version 3 and later)"
            ),
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
    /// The journal line where it differs, when known.
    pub line: Option<usize>,
}

impl fmt::Display for Diverged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
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

/// Why a journal does not replay: a state hash differs, or another line
/// (a score, a header field) is not what the re-simulation gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayError {
    Diverged(Diverged),
    Mismatch { line: usize, reason: String },
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayError::Diverged(d) => d.fmt(f),
            ReplayError::Mismatch { line, reason } => write!(f, "line {line}: {reason}"),
        }
    }
}

impl std::error::Error for ReplayError {}

impl From<ReplayError> for JournalError {
    fn from(e: ReplayError) -> JournalError {
        match e {
            ReplayError::Diverged(d) => JournalError::Diverged(d),
            ReplayError::Mismatch { line, reason } => JournalError::Mismatch { line, reason },
        }
    }
}
