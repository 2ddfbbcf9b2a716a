//! Seeking in a journal for the replay viewer: the session at any minute,
//! the same state as `sitroom_journal::session_at`, within one checkpoint
//! interval of re-simulation however long the session ran.

use std::sync::Arc;

use sitroom_engine::{Session, Stamped};
use sitroom_journal::{Entry, Journal};
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
    /// Inputs of the journal applied to `session`.
    applied: usize,
    session: Session,
}

/// Rebuilds the session at any minute of a journal. When the journal
/// opens, one pass re-simulates it and forks a checkpoint every
/// `interval` minutes (`max(240, length / 64)`: at most about 64). A seek
/// forks the nearest checkpoint at or before the target and re-simulates
/// at most one interval; when the current state lies between that
/// checkpoint and the target (stepping or scrubbing forward), it moves on
/// from there instead.
pub struct Seeker {
    /// The journal's inputs, in order.
    inputs: Vec<Stamped>,
    /// The last minute of the journal (its last hash or input line).
    end: Minutes,
    interval: Minutes,
    /// In order of minute; the first is at minute 0.
    checkpoints: Vec<Checkpoint>,
    /// (minute, rung position from 1) at the start and after every step
    /// that moved the ladder, recorded by the opening pass.
    levels: Vec<(Minutes, u64)>,
    /// The working session: the state at `pos`, i.e.
    /// `session_at(journal, scenario, pos)`.
    session: Session,
    pos: Minutes,
    /// Inputs of the journal applied to `session`.
    applied: usize,
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

fn rung(session: &Session) -> u64 {
    session.escalation().index as u64 + 1
}

impl Seeker {
    /// Re-simulates the whole journal once (about a second for the
    /// 263-day NotPetya reconstruction in a release build), keeping the
    /// checkpoints and the escalation at every minute it moved. Ends at
    /// the journal's last minute.
    pub fn new(journal: Journal, scenario: Arc<Scenario>) -> Seeker {
        let inputs: Vec<Stamped> = journal
            .entries
            .iter()
            .filter_map(|e| match e {
                Entry::Input(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        let end = last_minute(&journal);
        let interval = end.div_ceil(MAX_CHECKPOINTS).max(MIN_INTERVAL);
        let session = Session::new(scenario, journal.header.seed);
        let mut seeker = Seeker {
            inputs,
            end,
            interval,
            checkpoints: Vec::new(),
            levels: vec![(0, rung(&session))],
            session,
            pos: 0,
            applied: 0,
        };
        let mut minute: Minutes = 0;
        loop {
            seeker.forward(minute, true);
            seeker.checkpoints.push(Checkpoint {
                minute,
                applied: seeker.applied,
                session: seeker.session.fork(),
            });
            // Once the session is over, later minutes only see refused inputs.
            match minute.checked_add(interval) {
                Some(next) if next <= end && !seeker.session.is_over() => minute = next,
                _ => break,
            }
        }
        seeker.forward(end, true);
        seeker
    }

    /// The session at `minute` (or where it ended, if earlier): the same
    /// state as `sitroom_journal::session_at(journal, scenario, minute)`.
    pub fn at(&mut self, minute: Minutes) -> &Session {
        let from = self.checkpoints.iter().rev().find(|c| c.minute <= minute);
        if let Some(c) = from
            && !(c.minute <= self.pos && self.pos <= minute)
        {
            self.session = c.session.fork();
            self.applied = c.applied;
            self.pos = c.minute;
        }
        self.forward(minute, false);
        &self.session
    }

    /// Moves the working session forward to `minute` as `session_at`
    /// does: every input stamped at or before it, then the clock.
    /// `record` notes the ladder after every step that did something.
    fn forward(&mut self, minute: Minutes, record: bool) {
        while let Some(stamped) = self.inputs.get(self.applied)
            && stamped.at <= minute
        {
            let stamped = stamped.clone();
            self.reach(stamped.at, record);
            // A refused input changes nothing; `replay --verify` reports it.
            let _ = self.session.submit(stamped.input);
            self.applied += 1;
            if record {
                self.note_level();
            }
        }
        self.reach(minute, record);
        self.pos = minute;
    }

    fn reach(&mut self, at: Minutes, record: bool) {
        while self.session.now() < at && !self.session.is_over() {
            // `tick` is true when something was logged: only then can the ladder move.
            if self.session.tick() && record {
                self.note_level();
            }
        }
    }

    fn note_level(&mut self) {
        let level = rung(&self.session);
        if self.levels.last().map(|&(_, l)| l) != Some(level) {
            self.levels.push((self.session.now(), level));
        }
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

    /// The whole session at a glance: every event, and the escalation rung
    /// at each minute.
    pub fn timeline(&mut self) -> Timeline {
        let session = self.at(self.end);
        let events = session.log();
        let end = session.now();
        let mut escalation = Vec::with_capacity(end as usize + 1);
        let mut next = 0;
        let mut level = 1;
        for minute in 0..=end {
            // The last level recorded at or before this minute.
            while let Some(&(at, l)) = self.levels.get(next)
                && at <= minute
            {
                level = l;
                next += 1;
            }
            escalation.push(level);
        }
        Timeline {
            end,
            events,
            escalation,
            rungs: self.session.scenario().escalation.rungs.len() as u64,
        }
    }
}
