use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Arc;

use sitroom_engine::{InputError, Session, Stamped, StateHash};
use sitroom_norms::Score;
use sitroom_scenario::{Minutes, Scenario};

use crate::error::{Diverged, JournalError, ReplayError};
use std::collections::VecDeque;

use crate::format::{CHAINED_VERSION, Header, SPARSE_VERSION, unhex};
use crate::read::{Entry, Integrity, Journal, read_checked};
use crate::record::{Recorder, ScoreLog, Written, hashed_step};

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
    match run(journal, None, scenario) {
        Ok(session) => Ok(session),
        Err(ReplayError::Diverged(d)) => Err(d),
        // Only `verify` compares lines other than hashes; said as a refusal.
        Err(ReplayError::Mismatch { line, reason }) => Err(Diverged {
            at: 0,
            expected: StateHash([0; 32]),
            actual: StateHash([0; 32]),
            refused: Some(reason),
            line: Some(line),
            unhashed: None,
        }),
    }
}

/// What a verified replay found.
#[derive(Debug)]
pub struct Replayed {
    /// The session at the journal's last line.
    pub session: Session,
    /// Score lines compared with the re-simulation (version 3; 0 before).
    pub scores_checked: usize,
}

/// Re-simulates the journal and checks every line the format allows:
/// every state hash; in version 3 also every score line against the
/// scores the re-simulation produces at that point (none missing, none
/// added, none changed) and the header's `scenario_id` and `started`
/// against the embedded scenario and the clock format. `integrity` is what
/// [`crate::read_checked`] found (it locates the lines).
pub fn verify(
    journal: &Journal,
    integrity: &Integrity,
    scenario: Arc<Scenario>,
) -> Result<Replayed, ReplayError> {
    let strict = journal.header.version >= CHAINED_VERSION;
    if strict {
        check_header(&journal.header, &scenario)?;
    }
    let lines = Lines {
        lines: &integrity.entry_lines,
        scores: strict,
    };
    let scores_checked = if strict { journal.scores.len() } else { 0 };
    run(journal, Some(lines), scenario).map(|session| Replayed {
        session,
        scores_checked,
    })
}

/// The header fields that can be checked against the embedded scenario.
pub(crate) fn check_header(header: &Header, scenario: &Scenario) -> Result<(), ReplayError> {
    let mismatch = |reason: String| Err(ReplayError::Mismatch { line: 1, reason });
    if header.scenario_id != scenario.meta.id {
        return mismatch(format!(
            "the header's scenario_id `{}` is not the embedded scenario's id `{}`",
            header.scenario_id.escape_default(),
            scenario.meta.id.escape_default()
        ));
    }
    if let Some(started) = &header.started
        && !is_rfc3339_utc(started)
    {
        return mismatch(format!(
            "the header's started `{}` is not a UTC time as a recorder writes it \
             (YYYY-MM-DDTHH:MM:SSZ)",
            started.escape_default()
        ));
    }
    if header.engine.is_empty()
        || !header
            .engine
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c))
    {
        return mismatch(format!(
            "the header's engine `{}` is not a version",
            header.engine.escape_default()
        ));
    }
    Ok(())
}

/// `YYYY-MM-DDTHH:MM:SSZ` with a real date and time.
fn is_rfc3339_utc(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return false;
    }
    if b[16] != b':' || b[19] != b'Z' {
        return false;
    }
    let (Some(_), Some(m), Some(d), Some(h), Some(min), Some(s)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    ) else {
        return false;
    };
    (1..=12).contains(&m) && (1..=31).contains(&d) && h < 24 && min < 60 && s < 61
}

/// Where the entries are in the file, and whether score lines are compared.
#[derive(Clone, Copy)]
struct Lines<'a> {
    lines: &'a [usize],
    scores: bool,
}

/// The one loop over a journal's entries.
fn run(
    journal: &Journal,
    lines: Option<Lines>,
    scenario: Arc<Scenario>,
) -> Result<Session, ReplayError> {
    let mut check = Check::new(
        Session::new(scenario, journal.header.seed),
        journal.header.version,
        lines.is_some_and(|l| l.scores),
    );
    let line_of = |i: usize| lines.and_then(|l| l.lines.get(i).copied());
    for (i, entry) in journal.entries.iter().enumerate() {
        check.entry(entry, line_of(i))?;
    }
    check.finish()
}

/// Re-simulation alongside a journal's entries, fed one at a time in the
/// file's order (so that a journal can be verified as it is read): inputs
/// applied at their minutes, every state hash compared, and score lines
/// against the scores the replay produces. In a sparse journal (version 4)
/// the replay also finds every minute the recorder hashes and requires the
/// journal's hash line there.
pub(crate) struct Check {
    session: Session,
    sparse: bool,
    check_scores: bool,
    /// The scores the recorder wrote after the last hash and not yet
    /// matched, found as the recorder finds them.
    log: ScoreLog,
    pending: VecDeque<Score>,
    /// An input the replay refused: reported with the next state hash.
    refused: Option<Diverged>,
}

impl Check {
    pub fn new(session: Session, version: u32, check_scores: bool) -> Check {
        Check {
            session,
            sparse: version >= SPARSE_VERSION,
            check_scores,
            log: ScoreLog::default(),
            pending: VecDeque::new(),
            refused: None,
        }
    }

    /// Takes the next entry, at journal line `line` when known.
    pub fn entry(&mut self, entry: &Entry, line: Option<usize>) -> Result<(), ReplayError> {
        if let Some(refused) = &mut self.refused {
            // The journal's hash after the refused input, to say what it had.
            if let Entry::Hash(h) = entry {
                refused.expected = h.hash;
                return Err(ReplayError::Diverged(refused.clone()));
            }
            return Ok(());
        }
        if self.check_scores
            && !matches!(entry, Entry::Score(_))
            && let Some(missing) = self.pending.front()
        {
            return Err(ReplayError::Mismatch {
                line: line.unwrap_or(0),
                reason: format!(
                    "the score of team `{}` for decision `{}` (option `{}`, minute {}) \
                     that the replay produced is missing before this line",
                    missing.team.escape_default(),
                    missing.decision.escape_default(),
                    missing.option.escape_default(),
                    missing.at
                ),
            });
        }
        match entry {
            Entry::Input(stamped) => {
                self.reach(stamped.at, true, line)?;
                if let Err(e) = self.session.submit(stamped.input.clone()) {
                    let actual = self.session.state_hash();
                    self.refused = Some(Diverged {
                        at: stamped.at,
                        expected: actual,
                        actual,
                        refused: Some(e.to_string()),
                        line,
                        unhashed: None,
                    });
                }
            }
            Entry::Hash(h) => {
                self.reach(h.at, false, line)?;
                let session = &self.session;
                let actual = session.state_hash();
                if actual != h.hash || session.now() != h.at {
                    return Err(ReplayError::Diverged(Diverged {
                        at: h.at,
                        expected: h.hash,
                        actual,
                        refused: None,
                        line,
                        unhashed: None,
                    }));
                }
                if self.check_scores {
                    self.pending.extend(self.log.new_scores(session));
                }
            }
            Entry::Score(score) => {
                if !self.check_scores {
                    return Ok(());
                }
                let line = line.unwrap_or(0);
                match self.pending.pop_front() {
                    Some(expected) if expected == *score => {}
                    Some(expected) => {
                        return Err(ReplayError::Mismatch {
                            line,
                            reason: format!(
                                "the score line differs from the replay's score of team `{}` for \
                                 decision `{}` (option `{}`, minute {})",
                                expected.team.escape_default(),
                                expected.decision.escape_default(),
                                expected.option.escape_default(),
                                expected.at
                            ),
                        });
                    }
                    None => {
                        return Err(ReplayError::Mismatch {
                            line,
                            reason: "a score line the replay did not produce".into(),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Runs the replay to minute `at`, for the journal's next line there
    /// (an input when `input`, else a state hash). A sparse journal must
    /// have a hash line at every minute the recorder hashes on the way: at
    /// every one before `at`, and at `at` itself before an input.
    fn reach(&mut self, at: Minutes, input: bool, line: Option<usize>) -> Result<(), ReplayError> {
        if !self.sparse {
            if at > self.session.now() {
                self.session.advance(at - self.session.now());
            }
            return Ok(());
        }
        match hashed_step(&mut self.session, at) {
            Some((minute, _)) if minute < at || input => {
                let actual = self.session.state_hash();
                Err(ReplayError::Diverged(Diverged {
                    at: minute,
                    expected: actual,
                    actual,
                    refused: None,
                    line,
                    unhashed: Some(at),
                }))
            }
            _ => Ok(()),
        }
    }

    /// The session at the journal's last line.
    pub fn finish(self) -> Result<Session, ReplayError> {
        // Scores still pending at the end: a crash after the last hash line
        // (resume writes them); not a difference.
        match self.refused {
            Some(refused) => Err(ReplayError::Diverged(refused)),
            None => Ok(self.session),
        }
    }
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
    let (journal, integrity) = read_checked(path)?;
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
    let session = verify(&journal, &integrity, scenario)?.session;
    let io = |error| JournalError::Io {
        path: path.to_path_buf(),
        error,
    };
    let file = OpenOptions::new().append(true).open(path).map_err(io)?;
    if journal.truncated_tail {
        file.set_len(journal.valid_len).map_err(io)?;
        file.sync_data().map_err(io)?;
    }
    // The recorder's count of scores written, as `run` mirrors it (a
    // crash can have cut the scores after the last hash short).
    let hash_missing = !matches!(
        journal.entries.last(),
        Some(Entry::Hash(_) | Entry::Score(_))
    );
    let scores = ScoreLog::resumed(&journal.scores, &session);
    let mut recorder = Recorder::continuing(
        file,
        path.to_path_buf(),
        session,
        Written {
            scores,
            last_pace: journal.paces.last().copied(),
            link: integrity.head.as_deref().and_then(unhex::<32>),
            lines: integrity.lines,
            version: journal.header.version,
            last_hash: journal.hashes.last().map(|&(at, _)| at),
        },
    );
    if journal.header.version >= CHAINED_VERSION {
        recorder.settle(hash_missing)?;
    }
    Ok(recorder)
}
