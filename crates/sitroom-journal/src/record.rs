use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sitroom_engine::{Input, InputError, Session, Stamped};
use sitroom_scenario::Minutes;

use crate::error::JournalError;
use crate::format::{FORMAT, HashLine, Header, Line, Pace, VERSION, now_utc, source_hash};

/// A session that writes its journal as it runs. Every line is written with
/// its newline in one `write_all`; input lines are on disk (`sync_data`)
/// before `submit` returns.
#[derive(Debug)]
pub struct Recorder {
    file: File,
    path: PathBuf,
    session: Session,
    /// Scores already written.
    scores: usize,
    /// The last pace line written or read (none in a version 1 journal).
    last_pace: Option<Pace>,
}

/// Why a recorded step failed: the engine refused the input (nothing was
/// written), or the journal could not be written.
#[derive(Debug)]
pub enum RecordError {
    Refused(InputError),
    Io { path: PathBuf, error: io::Error },
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::Refused(e) => e.fmt(f),
            RecordError::Io { path, error } => {
                write!(f, "writing the journal {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for RecordError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RecordError::Refused(e) => Some(e),
            RecordError::Io { error, .. } => Some(error),
        }
    }
}

impl Recorder {
    /// Creates the journal at `path` (never overwriting a file) for a
    /// session that has not started yet (as `Session::new` returns it), and
    /// writes the header and the state hash of minute 0. `scenario_name` is
    /// how the scenario file was named; `source` its RON text.
    pub fn create(
        path: impl AsRef<Path>,
        scenario_name: &str,
        source: &str,
        session: Session,
    ) -> Result<Recorder, JournalError> {
        let path = path.as_ref().to_path_buf();
        let fresh = Session::new(session.scenario().clone(), session.seed());
        if fresh.state_hash() != session.state_hash() {
            return Err(JournalError::NotFresh);
        }
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|error| match error.kind() {
                io::ErrorKind::AlreadyExists => JournalError::Exists(path.clone()),
                _ => JournalError::Io {
                    path: path.clone(),
                    error,
                },
            })?;
        let header = Header {
            format: FORMAT.to_string(),
            version: VERSION,
            engine: sitroom_engine::VERSION.to_string(),
            scenario_id: session.scenario().meta.id.clone(),
            scenario_name: scenario_name.to_string(),
            scenario_hash: source_hash(source),
            scenario_source: source.to_string(),
            seed: session.seed(),
            started: now_utc(),
        };
        let mut recorder = Recorder {
            file,
            path,
            session,
            scores: 0,
            last_pace: None,
        };
        let io = |r: &Recorder, error| JournalError::Io {
            path: r.path.clone(),
            error,
        };
        recorder
            .write(&Line::Header(header))
            .map_err(|e| io(&recorder, e))?;
        recorder.write_state().map_err(|e| io(&recorder, e))?;
        recorder.file.sync_data().map_err(|e| io(&recorder, e))?;
        Ok(recorder)
    }

    /// Continues an existing journal whose session has been replayed up to
    /// its last line; `file` is open for appending at the end of its valid part.
    pub(crate) fn continuing(
        file: File,
        path: PathBuf,
        session: Session,
        scores: usize,
        last_pace: Option<Pace>,
    ) -> Recorder {
        Recorder {
            file,
            path,
            session,
            scores,
            last_pace,
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn into_session(self) -> Session {
        self.session
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Applies an input at the current minute. Once it returns `Ok`, the
    /// input is on disk. A refused input writes nothing.
    pub fn submit(&mut self, input: Input) -> Result<(), RecordError> {
        let at = self.session.now();
        self.session
            .submit(input.clone())
            .map_err(RecordError::Refused)?;
        self.write(&Line::Input(Stamped { at, input }))
            .and_then(|()| self.write_state())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| self.io(e))
    }

    /// Records how the front end paces the clock from now on (for `resume`).
    pub fn pace(&mut self, pace: Pace) -> Result<(), RecordError> {
        self.write(&Line::Pace(pace))
            .and_then(|()| self.file.sync_data())
            .map_err(|e| self.io(e))?;
        self.last_pace = Some(pace);
        Ok(())
    }

    /// The pace the session last ran at, as recorded; `None` for a journal
    /// that records none (format version 1).
    pub fn last_pace(&self) -> Option<Pace> {
        self.last_pace
    }

    /// Runs one minute and writes its hash line (not yet synced: see
    /// [`Recorder::flush`]); whether anything happened.
    pub fn tick(&mut self) -> Result<bool, RecordError> {
        if self.session.is_over() {
            return Ok(false);
        }
        let event = self.session.tick();
        self.write_state().map_err(|e| self.io(e))?;
        Ok(event)
    }

    /// Makes every line written so far durable.
    pub fn flush(&mut self) -> Result<(), RecordError> {
        self.file.sync_data().map_err(|e| self.io(e))
    }

    /// Runs `minutes` minutes (fewer if the session ends), writing a hash
    /// line for each.
    pub fn advance(&mut self, minutes: Minutes) -> Result<(), RecordError> {
        for _ in 0..minutes {
            if self.session.is_over() {
                break;
            }
            self.session.tick();
            self.write_state().map_err(|e| self.io(e))?;
        }
        self.file.sync_data().map_err(|e| self.io(e))
    }

    /// Runs minutes until something happens; returns the minutes advanced.
    pub fn advance_to_next_event(&mut self) -> Result<Minutes, RecordError> {
        let mut minutes = 0;
        while !self.session.is_over() {
            minutes += 1;
            let event = self.session.tick();
            self.write_state().map_err(|e| self.io(e))?;
            if event {
                break;
            }
        }
        self.file.sync_data().map_err(|e| self.io(e))?;
        Ok(minutes)
    }

    fn io(&self, error: io::Error) -> RecordError {
        RecordError::Io {
            path: self.path.clone(),
            error,
        }
    }

    /// The hash line of the current state, then any new scores.
    fn write_state(&mut self) -> io::Result<()> {
        self.write(&Line::Hash(HashLine {
            at: self.session.now(),
            hash: self.session.state_hash(),
        }))?;
        if self.session.score_count() > self.scores {
            for score in self.session.scores().into_iter().skip(self.scores) {
                self.write(&Line::Score(score))?;
                self.scores += 1;
            }
        }
        Ok(())
    }

    fn write(&mut self, line: &Line) -> io::Result<()> {
        let mut text = serde_json::to_string(line).map_err(io::Error::other)?;
        text.push('\n');
        self.file.write_all(text.as_bytes())
    }
}
