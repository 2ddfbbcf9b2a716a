//! Seeking in a journal for the replay viewer: the session at any minute,
//! the same state as `sitroom_journal::session_at`, within one checkpoint
//! interval of re-simulation however long the session ran.

use std::sync::Arc;

use sitroom_engine::Session;
use sitroom_journal::{Entry, Journal, Replayer};
use sitroom_record::Record;
use sitroom_scenario::{Minutes, Scenario};

use crate::replay::Timeline;

/// At most about this many checkpoints per journal.
const MAX_CHECKPOINTS: Minutes = 64;
/// Checkpoints are at least this far apart: a 4-hour session has one (at
/// minute 0), since re-simulating 240 minutes takes about a millisecond.
const MIN_INTERVAL: Minutes = 240;

/// The session as it was at a minute of the journal, kept as a checkpoint.
/// Never mutated: a seek works on a fork of it.
struct Checkpoint {
    minute: Minutes,
    replayer: Replayer,
}

/// Rebuilds the session at any minute of a journal. When the journal
/// opens, one pass re-simulates it and forks a checkpoint every
/// `interval` minutes (`max(240, length / 64)`: at most about 64). A seek
/// forks the nearest checkpoint at or before the target and re-simulates
/// at most one interval; when the current state lies between that
/// checkpoint and the target (stepping or scrubbing forward), it moves on
/// from there instead.
pub struct Seeker {
    /// The last minute of the journal (its last hash or input line).
    end: Minutes,
    interval: Minutes,
    /// In order of minute; the first is at minute 0.
    checkpoints: Vec<Checkpoint>,
    /// The working session: the state at `pos`, i.e.
    /// `session_at(journal, scenario, pos)`.
    replayer: Replayer,
    pos: Minutes,
}

impl std::fmt::Debug for Seeker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Seeker")
            .field("end", &self.end)
            .field("interval", &self.interval)
            .field("checkpoints", &self.checkpoints.len())
            .field("pos", &self.pos)
            .finish_non_exhaustive()
    }
}

/// The last minute of a journal: its last hash or input line.
pub fn last_minute(journal: &Journal) -> Minutes {
    journal
        .entries
        .iter()
        .filter_map(|e| match e {
            Entry::Input(s) => Some(s.at),
            Entry::Hash(h) => Some(h.at),
            Entry::Score(_) => None,
        })
        .max()
        .unwrap_or(0)
}

impl Seeker {
    /// Re-simulates the whole journal once (about a second for the
    /// 263-day NotPetya reconstruction in a release build), keeping the
    /// checkpoints and the escalation at every minute it moved. Ends at
    /// the journal's last minute.
    pub fn new(journal: Journal, scenario: Arc<Scenario>) -> Seeker {
        let end = last_minute(&journal);
        let interval = end.div_ceil(MAX_CHECKPOINTS).max(MIN_INTERVAL);
        let mut seeker = Seeker {
            end,
            interval,
            checkpoints: Vec::new(),
            replayer: Replayer::new(&journal, scenario),
            pos: 0,
        };
        let mut minute: Minutes = 0;
        loop {
            seeker.forward(minute);
            seeker.checkpoints.push(Checkpoint {
                minute,
                replayer: seeker.replayer.fork(),
            });
            // Once the session is over, later minutes only see refused inputs.
            match minute.checked_add(interval) {
                Some(next) if next <= end && !seeker.replayer.session().is_over() => minute = next,
                _ => break,
            }
        }
        seeker.forward(end);
        seeker
    }

    /// The session at `minute` (or where it ended, if earlier): the same
    /// state as `sitroom_journal::session_at(journal, scenario, minute)`.
    pub fn at(&mut self, minute: Minutes) -> &Session {
        let from = self.checkpoints.iter().rev().find(|c| c.minute <= minute);
        if let Some(c) = from
            && !(c.minute <= self.pos && self.pos <= minute)
        {
            self.replayer = c.replayer.fork();
            self.pos = c.minute;
        }
        self.forward(minute);
        self.replayer.session()
    }

    /// Moves the working session forward to `minute` as `session_at`
    /// does (the journal's one re-simulation loop, `Replayer`).
    fn forward(&mut self, minute: Minutes) {
        self.replayer.forward(minute);
        self.pos = minute;
    }

    /// The last minute of the journal: its last hash or input line.
    pub fn end(&self) -> Minutes {
        self.end
    }

    /// Minutes between checkpoints: the most a seek re-simulates.
    pub fn interval(&self) -> Minutes {
        self.interval
    }

    /// The number of checkpoints kept.
    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    /// The whole session at a glance: its record at the end, and the
    /// escalation rung at each minute.
    pub fn timeline(&mut self) -> Timeline {
        let end = self.end;
        let rungs = self.replayer.session().scenario().escalation.rungs.len();
        let session = self.at(end);
        Timeline::new(Record::of(session), session.now(), rungs)
    }
}
