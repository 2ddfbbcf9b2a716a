use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use sitroom_engine::{Input, InputError, Session, Stamped};
use sitroom_norms::Score;
use sitroom_scenario::Minutes;

use crate::error::JournalError;
use crate::format::{
    CHAINED_VERSION, Chained, FORMAT, HASH_PERIOD, HashLine, Header, Line, Pace, SPARSE_VERSION,
    Seal, VERSION, hex, line_hash, now_utc, source_hash,
};
use crate::keys::{SecretKey, seal_message};

/// A session that writes its journal as it runs. Lines are buffered, each
/// written whole with its newline (a crash can only cut the last line
/// short); input lines are on disk (`sync_data`) before `submit` returns,
/// and every advance ends durable.
///
/// A version 4 journal has a state hash after every input, at every minute
/// in which something happened ([`Session::tick`] says so: a counted log
/// entry or the end), at every multiple of [`HASH_PERIOD`], and at the
/// minute where the recorder was made durable ([`Recorder::flush`], the end
/// of an advance); idle minutes are jumped. Older versions (a resumed
/// journal keeps its own) hash every minute, ticking each.
#[derive(Debug)]
pub struct Recorder {
    file: BufWriter<File>,
    path: PathBuf,
    session: Session,
    /// Scores already written (and not voided since).
    scores: ScoreLog,
    /// The last pace line written or read (none in a version 1 journal).
    last_pace: Option<Pace>,
    /// The hash of the last line written, when the journal is chained
    /// (version 3): the next line's `prev`.
    link: Option<[u8; 32]>,
    /// Lines in the file (header included).
    lines: usize,
    /// The journal's format version (a resumed journal keeps its own).
    version: u32,
    /// The minute of the last state hash written.
    last_hash: Option<Minutes>,
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
        Recorder::create_version(path, scenario_name, source, session, VERSION)
    }

    /// [`Recorder::create`] writing an older format version (3: a hash line
    /// every minute), for tests and tools that need one; `version` must be
    /// one this build writes (3 or 4).
    pub fn create_version(
        path: impl AsRef<Path>,
        scenario_name: &str,
        source: &str,
        session: Session,
        version: u32,
    ) -> Result<Recorder, JournalError> {
        if !(CHAINED_VERSION..=VERSION).contains(&version) {
            return Err(JournalError::Unwritable(version));
        }
        let path = path.as_ref().to_path_buf();
        let fresh = Session::new(session.scenario().clone(), session.seed());
        if fresh.state_hash() != session.state_hash() {
            return Err(JournalError::NotFresh);
        }
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        // The journal holds the scenario with its ground truth and every
        // team's decisions: readable by the facilitator only.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path).map_err(|error| match error.kind() {
            io::ErrorKind::AlreadyExists => JournalError::Exists(path.clone()),
            _ => JournalError::Io {
                path: path.clone(),
                error,
            },
        })?;
        let header = Header {
            format: FORMAT.to_string(),
            version,
            engine: sitroom_engine::VERSION.to_string(),
            scenario_id: session.scenario().meta.id.clone(),
            scenario_name: scenario_name.to_string(),
            scenario_hash: source_hash(source),
            scenario_source: source.to_string(),
            seed: session.seed(),
            started: now_utc(),
        };
        let mut recorder = Recorder {
            file: BufWriter::new(file),
            path,
            session,
            scores: ScoreLog::default(),
            last_pace: None,
            link: None,
            lines: 0,
            version,
            last_hash: None,
        };
        let io = |r: &Recorder, error| JournalError::Io {
            path: r.path.clone(),
            error,
        };
        // The header is the chain's first link; it names no line before it.
        recorder
            .write(&Line::Header(header))
            .map_err(|e| io(&recorder, e))?;
        recorder.write_state().map_err(|e| io(&recorder, e))?;
        recorder.sync().map_err(|e| io(&recorder, e))?;
        Ok(recorder)
    }

    /// Continues an existing journal whose session has been replayed up to
    /// its last line; `file` is open for appending at the end of its valid part.
    pub(crate) fn continuing(
        file: File,
        path: PathBuf,
        session: Session,
        written: Written,
    ) -> Recorder {
        Recorder {
            file: BufWriter::new(file),
            path,
            session,
            scores: written.scores,
            last_pace: written.last_pace,
            link: written.link,
            lines: written.lines,
            version: written.version,
            last_hash: written.last_hash,
        }
    }

    /// After a crash between an input and its state hash (or before the
    /// hash of minute 0, or before the scores after a hash), writes what
    /// the journal lacks so that it has the shape a recorder writes.
    pub(crate) fn settle(&mut self, hash_missing: bool) -> Result<(), JournalError> {
        let io = |r: &Recorder, error| JournalError::Io {
            path: r.path.clone(),
            error,
        };
        if hash_missing {
            self.write_state().map_err(|e| io(self, e))?;
        } else {
            self.write_scores().map_err(|e| io(self, e))?;
        }
        self.sync().map_err(|e| io(self, e))
    }

    /// Signs the journal as it stands: appends a seal line, the ed25519
    /// signature of the hash of the last line and the number of lines.
    /// Only a chained journal (version 3) can be sealed. More lines may
    /// follow (a resumed session); a reviewer checks that the last line is
    /// a seal.
    pub fn seal(&mut self, key: &SecretKey) -> Result<(), JournalError> {
        let Some(head) = self.link else {
            return Err(JournalError::Unsealable(self.version));
        };
        let signature = key.sign(&seal_message(&head, self.lines));
        let seal = Seal {
            lines: self.lines,
            key: key.public().to_string(),
            signature: hex(&signature),
        };
        self.write(&Line::Seal(seal))
            .and_then(|()| self.sync())
            .map_err(|error| JournalError::Io {
                path: self.path.clone(),
                error,
            })
    }

    /// The format version of the journal being written.
    pub fn version(&self) -> u32 {
        self.version
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
            .and_then(|()| self.sync())
            .map_err(|e| self.io(e))
    }

    /// Records how the front end paces the clock from now on (for `resume`).
    pub fn pace(&mut self, pace: Pace) -> Result<(), RecordError> {
        self.write(&Line::Pace(pace))
            .and_then(|()| self.sync())
            .map_err(|e| self.io(e))?;
        self.last_pace = Some(pace);
        Ok(())
    }

    /// Records who sits at a seat (a served session's join).
    pub fn roster(&mut self, roster: crate::format::Roster) -> Result<(), RecordError> {
        self.write(&Line::Roster(roster))
            .and_then(|()| self.sync())
            .map_err(|e| self.io(e))
    }

    /// The pace the session last ran at, as recorded; `None` for a journal
    /// that records none (format version 1).
    pub fn last_pace(&self) -> Option<Pace> {
        self.last_pace
    }

    /// Runs one minute and writes its hash line (version 4: if the minute
    /// has one; not yet durable: see [`Recorder::flush`]); whether anything
    /// happened.
    pub fn tick(&mut self) -> Result<bool, RecordError> {
        if self.session.is_over() {
            return Ok(false);
        }
        let event = self.session.tick();
        if !self.sparse() || event || self.session.now().is_multiple_of(HASH_PERIOD) {
            self.write_state().map_err(|e| self.io(e))?;
        }
        Ok(event)
    }

    /// Makes every line written so far durable. A version 4 journal first
    /// gets the state hash of the current minute, if it has none yet, so
    /// that it records where the clock stands.
    pub fn flush(&mut self) -> Result<(), RecordError> {
        self.mark_clock()
            .and_then(|()| self.sync())
            .map_err(|e| self.io(e))
    }

    /// Runs `minutes` minutes (fewer if the session ends), writing the hash
    /// lines the format has for them, then makes them durable.
    pub fn advance(&mut self, minutes: Minutes) -> Result<(), RecordError> {
        let target = self.session.now().saturating_add(minutes);
        if self.sparse() {
            while hashed_step(&mut self.session, target).is_some() {
                self.write_state().map_err(|e| self.io(e))?;
            }
        } else {
            for _ in 0..minutes {
                if self.session.is_over() {
                    break;
                }
                self.session.tick();
                self.write_state().map_err(|e| self.io(e))?;
            }
        }
        self.flush()
    }

    /// Runs minutes until something happens; returns the minutes advanced.
    pub fn advance_to_next_event(&mut self) -> Result<Minutes, RecordError> {
        let start = self.session.now();
        if self.sparse() {
            while let Some((_, event)) = hashed_step(&mut self.session, Minutes::MAX) {
                self.write_state().map_err(|e| self.io(e))?;
                if event {
                    break;
                }
            }
        } else {
            while !self.session.is_over() {
                let event = self.session.tick();
                self.write_state().map_err(|e| self.io(e))?;
                if event {
                    break;
                }
            }
        }
        self.flush()?;
        Ok(self.session.now() - start)
    }

    /// Whether the journal hashes only some minutes (version 4).
    fn sparse(&self) -> bool {
        self.version >= SPARSE_VERSION
    }

    /// Version 4: the state hash of the current minute unless it has one.
    fn mark_clock(&mut self) -> io::Result<()> {
        if self.sparse() && self.last_hash != Some(self.session.now()) {
            self.write_state()?;
        }
        Ok(())
    }

    /// Writes the buffered lines and waits for them to be on disk.
    fn sync(&mut self) -> io::Result<()> {
        self.file.flush()?;
        self.file.get_ref().sync_data()
    }

    fn io(&self, error: io::Error) -> RecordError {
        RecordError::Io {
            path: self.path.clone(),
            error,
        }
    }

    /// The hash line of the current state, then any new scores.
    fn write_state(&mut self) -> io::Result<()> {
        let at = self.session.now();
        self.write(&Line::Hash(HashLine {
            at,
            hash: self.session.state_hash(),
        }))?;
        self.last_hash = Some(at);
        self.write_scores()
    }

    /// The scores not yet written.
    fn write_scores(&mut self) -> io::Result<()> {
        for score in self.scores.new_scores(&self.session) {
            self.write(&Line::Score(score))?;
        }
        Ok(())
    }

    /// Writes a line with its newline in one write. A chained journal's
    /// lines after the header carry the hash of the line before.
    fn write(&mut self, line: &Line) -> io::Result<()> {
        let chained = match (line, self.link) {
            (Line::Header(h), _) => h.version >= CHAINED_VERSION,
            (_, link) => link.is_some(),
        };
        let mut text = match (line, self.link) {
            (_, Some(prev)) if chained => serde_json::to_string(&Chained {
                line,
                prev: &hex(&prev),
            }),
            _ => serde_json::to_string(line),
        }
        .map_err(io::Error::other)?;
        let link = line_hash(text.as_bytes());
        text.push('\n');
        self.file.write_all(text.as_bytes())?;
        if chained {
            self.link = Some(link);
        }
        self.lines += 1;
        Ok(())
    }
}

/// Where a journal being continued stands: what `resume` read.
pub(crate) struct Written {
    pub scores: ScoreLog,
    pub last_pace: Option<Pace>,
    pub link: Option<[u8; 32]>,
    pub lines: usize,
    pub version: u32,
    pub last_hash: Option<Minutes>,
}

/// Runs a session of a sparse journal (version 4) towards minute `target`,
/// jumping idle minutes, and stops at the first minute that has a state
/// hash: one in which something happened (`true`: a counted log entry or
/// the end) or a multiple of [`HASH_PERIOD`] (`false`). `None` when it
/// reached `target` (or the session was already over) without one. The
/// recorder writes a hash where this stops; `verify` runs the same steps to
/// know where the journal must have one.
pub(crate) fn hashed_step(session: &mut Session, target: Minutes) -> Option<(Minutes, bool)> {
    while !session.is_over() && session.now() < target {
        let now = session.now();
        let period = (now / HASH_PERIOD)
            .saturating_add(1)
            .saturating_mul(HASH_PERIOD);
        let event = session.advance_until_event(target.min(period));
        let now = session.now();
        if event || now.is_multiple_of(HASH_PERIOD) {
            return Some((now, event));
        }
    }
    None
}

/// Which of the engine's scores are in the journal. The engine drops a
/// voided choice's score from its list, so a count alone would miss the
/// score of a choice taken again after a void: the log compares the scores
/// themselves (as multisets) whenever the engine's count changes. `verify`
/// runs the same log to know which score lines a recorder writes.
#[derive(Debug, Clone, Default)]
pub(crate) struct ScoreLog {
    written: Vec<Score>,
    count: usize,
}

impl ScoreLog {
    /// A log of the scores a journal holds, for a session at that point.
    pub fn resumed(journal_scores: &[Score], session: &Session) -> ScoreLog {
        let mut log = ScoreLog {
            written: journal_scores.to_vec(),
            count: journal_scores.len(),
        };
        log.forget_voided(&session.scores());
        // Scores a crash kept from the file (after its last hash) differ
        // from this count, so the next `new_scores` writes them.
        log.count = log.written.len();
        log
    }

    /// The engine's scores not yet in the journal, now counted as written.
    pub fn new_scores(&mut self, session: &Session) -> Vec<Score> {
        let count = session.score_count();
        if count == self.count {
            return Vec::new();
        }
        let current = session.scores();
        if count < self.count {
            self.forget_voided(&current);
        }
        self.count = count;
        let mut unmatched: Vec<&Score> = self.written.iter().collect();
        let mut fresh = Vec::new();
        for score in current {
            match unmatched.iter().position(|w| **w == score) {
                Some(i) => {
                    unmatched.swap_remove(i);
                }
                None => fresh.push(score),
            }
        }
        self.written.extend(fresh.iter().cloned());
        fresh
    }

    /// Keeps only the written scores the engine still holds (a void removed one).
    fn forget_voided(&mut self, current: &[Score]) {
        let mut pool: Vec<&Score> = current.iter().collect();
        self.written
            .retain(|w| match pool.iter().position(|c| *c == w) {
                Some(i) => {
                    pool.swap_remove(i);
                    true
                }
                None => false,
            });
    }
}
