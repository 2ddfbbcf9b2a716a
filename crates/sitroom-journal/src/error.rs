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
    /// `Recorder::create_version` was asked for a version it does not write.
    Unwritable(u32),
    /// A streamed journal is longer than the limit it was read with.
    TooLarge {
        limit: u64,
    },
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
            JournalError::TooLarge { limit } => write!(
                f,
                "the file is larger than {limit} bytes, more than a journal may be"
            ),
            JournalError::Unwritable(version) => write!(
                f,
                "this build writes new journals of versions {} to {} only, not {version}",
                crate::format::CHAINED_VERSION,
                crate::format::VERSION
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
    /// Set when the replay reached minute `at`, which a sparse journal
    /// (version 4) hashes, but the journal's next line is at the minute
    /// given, with no state hash at `at` (what happened differs).
    pub unhashed: Option<Minutes>,
}

impl fmt::Display for Diverged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if let Some(next) = self.unhashed {
            return write!(
                f,
                "replay diverged at minute {}: the replay has a state hash to record there \
                 (something happened, or the periodic hash), the journal has none: its next \
                 line is at minute {next}",
                self.at
            );
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
