use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Arc;

use sitroom_engine::{InputError, Session, Stamped};
use sitroom_scenario::{Minutes, Scenario};

use crate::error::{Diverged, JournalError};
use crate::read::{Entry, Journal, read};
use crate::record::Recorder;

/// A journal's inputs re-applied to a session, forward only: the one loop
/// that re-simulates a journal (`replay`, `session_at` and the replay
/// viewer's seeker all use it). Forks share the inputs.
pub struct Replayer {
    inputs: Arc<[Stamped]>,
    applied: usize,
    session: Session,
}

impl Replayer {
    /// At minute 0 of the journal's session, nothing applied.
    pub fn new(journal: &Journal, scenario: Arc<Scenario>) -> Replayer {
        Replayer {
            inputs: journal.inputs.iter().cloned().collect(),
            applied: 0,
            session: Session::new(scenario, journal.header.seed),
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn into_session(self) -> Session {
        self.session
    }

    /// The number of the journal's inputs applied so far.
    pub fn applied(&self) -> usize {
        self.applied
    }

    /// An exact copy, sharing the inputs.
    pub fn fork(&self) -> Replayer {
        Replayer {
            inputs: Arc::clone(&self.inputs),
            applied: self.applied,
            session: self.session.fork(),
        }
    }

    /// Runs the clock to minute `at` unless the session ends first.
    pub fn reach(&mut self, at: Minutes) {
        if at > self.session.now() {
            self.session.advance(at - self.session.now());
        }
    }

    /// Applies the next input at its minute: `None` when none is left,
    /// else whether the session took it.
    pub fn apply_next(&mut self) -> Option<(Minutes, Result<(), InputError>)> {
        let stamped = self.inputs.get(self.applied)?.clone();
        self.applied += 1;
        self.reach(stamped.at);
        Some((stamped.at, self.session.submit(stamped.input)))
    }

    /// Applies every input stamped at or before `minute`, then runs the
    /// clock to it: the session as it was at `minute`. A refused input
    /// changes nothing (`replay` is where that is reported).
    pub fn forward(&mut self, minute: Minutes) {
        while self
            .inputs
            .get(self.applied)
            .is_some_and(|s| s.at <= minute)
        {
            let _ = self.apply_next();
        }
        self.reach(minute);
    }
}

/// Re-simulates the journal from its seed and inputs and compares every
/// recorded hash; returns the session at the journal's last line.
pub fn replay(journal: &Journal, scenario: Arc<Scenario>) -> Result<Session, Diverged> {
    let mut replayer = Replayer::new(journal, scenario);
    for (i, entry) in journal.entries.iter().enumerate() {
        match entry {
            Entry::Input(_) => {
                if let Some((at, Err(e))) = replayer.apply_next() {
                    let actual = replayer.session().state_hash();
                    let expected = journal.entries[i..]
                        .iter()
                        .find_map(|e| match e {
                            Entry::Hash(h) => Some(h.hash),
                            _ => None,
                        })
                        .unwrap_or(actual);
                    return Err(Diverged {
                        at,
                        expected,
                        actual,
                        refused: Some(e.to_string()),
                    });
                }
            }
            Entry::Hash(h) => {
                replayer.reach(h.at);
                let session = replayer.session();
                let actual = session.state_hash();
                if actual != h.hash || session.now() != h.at {
                    return Err(Diverged {
                        at: h.at,
                        expected: h.hash,
                        actual,
                        refused: None,
                    });
                }
            }
            Entry::Score(_) => {}
        }
    }
    Ok(replayer.into_session())
}

/// The session as it was at `minute` (inputs stamped at that minute
/// included), without checking hashes: for the replay viewer's scrubbing.
/// Stops early if the session ended before `minute`.
pub fn session_at(journal: &Journal, scenario: Arc<Scenario>, minute: Minutes) -> Session {
    let mut replayer = Replayer::new(journal, scenario);
    replayer.forward(minute);
    replayer.into_session()
}

/// Continues a journal after a crash: checks that `scenario` is the one
/// recorded, replays and verifies it, cuts off a torn last line, and returns
/// a recorder that appends to it.
pub fn resume(path: impl AsRef<Path>, scenario: Arc<Scenario>) -> Result<Recorder, JournalError> {
    let path = path.as_ref();
    let journal = read(path)?;
    match sitroom_scenario::load(&journal.header.scenario_source) {
        Ok(recorded) if recorded == *scenario => {}
        Ok(_) => {
            return Err(JournalError::ScenarioMismatch(format!(
                "it differs from the scenario `{}` recorded in the journal",
                journal.header.scenario_id
            )));
        }
        Err(e) => {
            return Err(JournalError::ScenarioMismatch(format!(
                "the journal's own scenario source does not parse: {}",
                e.message
            )));
        }
    }
    let session = replay(&journal, scenario).map_err(JournalError::Diverged)?;
    let io = |error| JournalError::Io {
        path: path.to_path_buf(),
        error,
    };
    let file = OpenOptions::new().append(true).open(path).map_err(io)?;
    if journal.truncated_tail {
        file.set_len(journal.valid_len).map_err(io)?;
        file.sync_data().map_err(io)?;
    }
    let written = journal.scores.len().min(session.score_count());
    Ok(Recorder::continuing(
        file,
        path.to_path_buf(),
        session,
        written,
        journal.paces.last().copied(),
    ))
}
