use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Arc;

use sitroom_engine::Session;
use sitroom_scenario::{Minutes, Scenario};

use crate::error::{Diverged, JournalError};
use crate::read::{Entry, Journal, read};
use crate::record::Recorder;

/// Advances to minute `at` unless the session ends first.
fn reach(session: &mut Session, at: Minutes) {
    if at > session.now() {
        session.advance(at - session.now());
    }
}

/// Re-simulates the journal from its seed and inputs and compares every
/// recorded hash; returns the session at the journal's last line.
pub fn replay(journal: &Journal, scenario: Arc<Scenario>) -> Result<Session, Diverged> {
    let mut session = Session::new(scenario, journal.header.seed);
    for (i, entry) in journal.entries.iter().enumerate() {
        match entry {
            Entry::Input(stamped) => {
                reach(&mut session, stamped.at);
                if let Err(e) = session.submit(stamped.input.clone()) {
                    let actual = session.state_hash();
                    let expected = journal.entries[i..]
                        .iter()
                        .find_map(|e| match e {
                            Entry::Hash(h) => Some(h.hash),
                            _ => None,
                        })
                        .unwrap_or(actual);
                    return Err(Diverged {
                        at: stamped.at,
                        expected,
                        actual,
                        refused: Some(e.to_string()),
                    });
                }
            }
            Entry::Hash(h) => {
                reach(&mut session, h.at);
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
    Ok(session)
}

/// The session as it was at `minute` (inputs stamped at that minute
/// included), without checking hashes: for the replay viewer's scrubbing.
/// Stops early if the session ended before `minute`.
pub fn session_at(journal: &Journal, scenario: Arc<Scenario>, minute: Minutes) -> Session {
    let mut session = Session::new(scenario, journal.header.seed);
    for entry in &journal.entries {
        if let Entry::Input(stamped) = entry {
            if stamped.at > minute {
                break;
            }
            reach(&mut session, stamped.at);
            // A refused input changes nothing; `replay` is where that is reported.
            let _ = session.submit(stamped.input.clone());
        }
    }
    reach(&mut session, minute);
    session
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
