use std::collections::BTreeMap;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};
use sitroom_engine::{Input, InputError, Refusal, Seat, Session, Stamped};
use sitroom_scenario::Minutes;

use crate::error::PlayError;

/// Something that plays a session: says what to submit now, and when it
/// next wants to act. A person is the policy of the interactive front ends.
pub trait Policy {
    /// The inputs to submit at the session's current minute, each with the
    /// seat that sends it.
    fn inputs_now(&mut self, session: &Session) -> Result<Vec<(Seat, Input)>, PlayError>;

    /// The next minute the policy acts at; `None` to act whenever anything
    /// happens (and to play to the end once it has nothing more to say).
    fn next_minute(&self, session: &Session) -> Option<Minutes>;

    /// Input `index` of the last [`Policy::inputs_now`] was refused at
    /// minute `at`: `Ok` to go on without it (the policy allowed it to be
    /// skipped), or the error that stops play (the default).
    fn refused(&mut self, index: usize, at: Minutes, refusal: Refusal) -> Result<(), PlayError> {
        let _ = index;
        Err(PlayError::Refused { at, refusal })
    }
}

/// One entry of a decisions script (`docs/decisions-format.md`): an input
/// at its minute. With `when_open`, a `Decide` applies only if its decision
/// is open for the team at that minute, and is skipped otherwise, so that a
/// script can cover branches the scenario leaves to chance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptEntry {
    pub at: Minutes,
    pub input: Input,
    #[serde(default, skip_serializing_if = "is_false")]
    pub when_open: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl ScriptEntry {
    /// The input as a journal records it.
    pub fn stamped(&self) -> Stamped {
        Stamped {
            at: self.at,
            input: self.input.clone(),
        }
    }

    /// Whether `when_open` is allowed on this input: only a `Decide` has a
    /// decision open for a team.
    pub fn when_open_allowed(&self) -> bool {
        !self.when_open || matches!(self.input, Input::Decide { .. })
    }
}

impl From<Stamped> for ScriptEntry {
    fn from(s: Stamped) -> ScriptEntry {
        ScriptEntry {
            at: s.at,
            input: s.input,
            when_open: false,
        }
    }
}

/// A `when_open` input of a script that was not applied: its decision was
/// not open for the team at its minute; `why` is the engine's refusal.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub at: Minutes,
    pub input: Input,
    pub why: InputError,
}

/// A decisions script: each input at its minute, from the seat it names
/// (`Seat::of`: a decision from its team, the rest from the facilitator).
#[derive(Debug, Clone)]
pub struct Script {
    inputs: Vec<ScriptEntry>,
    next: usize,
    /// Indices into `inputs` of the last batch handed out.
    batch: Vec<usize>,
    skipped: Vec<Skipped>,
}

impl Script {
    pub fn new(inputs: Vec<Stamped>) -> Script {
        Script::of_entries(inputs.into_iter().map(ScriptEntry::from).collect())
    }

    /// A script whose entries may say `when_open`.
    pub fn of_entries(inputs: Vec<ScriptEntry>) -> Script {
        Script {
            inputs,
            next: 0,
            batch: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Inputs not applied yet.
    pub fn remaining(&self) -> &[ScriptEntry] {
        self.inputs.get(self.next..).unwrap_or_default()
    }

    /// The `when_open` inputs skipped so far, in script order.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }
}

impl Policy for Script {
    fn inputs_now(&mut self, session: &Session) -> Result<Vec<(Seat, Input)>, PlayError> {
        let now = session.now();
        let mut due = Vec::new();
        self.batch.clear();
        while let Some(s) = self.inputs.get(self.next) {
            if s.at < now {
                return Err(PlayError::OutOfOrder { at: s.at, now });
            }
            if s.at > now {
                break;
            }
            due.push((Seat::of(&s.input), s.input.clone()));
            self.batch.push(self.next);
            self.next += 1;
        }
        Ok(due)
    }

    /// A `when_open` `Decide` whose decision is not open for its team
    /// (not released, closed, never opened, or already chosen) is skipped;
    /// every other refusal stops play.
    fn refused(&mut self, index: usize, at: Minutes, refusal: Refusal) -> Result<(), PlayError> {
        let entry = self.batch.get(index).and_then(|&i| self.inputs.get(i));
        match (entry, refusal) {
            (
                Some(entry),
                Refusal::Input(
                    why @ (InputError::NotOpen { .. } | InputError::AlreadyDecided { .. }),
                ),
            ) if entry.when_open => {
                self.skipped.push(Skipped {
                    at,
                    input: entry.input.clone(),
                    why,
                });
                Ok(())
            }
            (_, refusal) => Err(PlayError::Refused { at, refusal }),
        }
    }

    fn next_minute(&self, _session: &Session) -> Option<Minutes> {
        self.inputs.get(self.next).map(|s| s.at)
    }
}

/// Every open decision of every played team, answered as soon as it opens
/// with an option chosen by a seeded generator (its own: the engine's
/// draws are not disturbed).
#[derive(Debug)]
pub struct RandomChoice {
    rng: ChaCha8Rng,
}

impl RandomChoice {
    pub fn new(seed: u64) -> RandomChoice {
        RandomChoice {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }
}

/// Open decisions for played teams, in declaration order, as (team,
/// decision, option ids).
fn open_choices(session: &Session) -> Vec<(&str, &str, Vec<&str>)> {
    let played = |t: &str| session.scenario().team(t).is_some_and(|t| t.player);
    session
        .open_choices()
        .into_iter()
        .filter(|(t, _, _)| played(t))
        .map(|(t, d, options)| (t, d, options.iter().map(|o| o.id.as_str()).collect()))
        .collect()
}

fn decide(team: &str, decision: &str, option: &str) -> (Seat, Input) {
    (
        Seat::Team(team.to_string()),
        Input::Decide {
            team: team.to_string(),
            decision: decision.to_string(),
            option: option.to_string(),
            rationale: None,
        },
    )
}

impl Policy for RandomChoice {
    fn inputs_now(&mut self, session: &Session) -> Result<Vec<(Seat, Input)>, PlayError> {
        let mut out = Vec::new();
        for (team, decision, options) in open_choices(session) {
            if options.is_empty() {
                continue;
            }
            let i = self.rng.random_range(0..options.len());
            if let Some(option) = options.get(i) {
                out.push(decide(team, decision, option));
            }
        }
        Ok(out)
    }

    fn next_minute(&self, _session: &Session) -> Option<Minutes> {
        None
    }
}

/// Answers each open decision with its least-chosen option so far (first
/// in the scenario's order on a tie), counting across every session it
/// plays: over many runs every option of every reachable decision is tried.
#[derive(Debug, Clone, Default)]
pub struct Explorer {
    used: BTreeMap<(String, String), u64>,
}

impl Explorer {
    pub fn new() -> Explorer {
        Explorer::default()
    }

    /// How often `option` of `decision` was chosen.
    pub fn uses(&self, decision: &str, option: &str) -> u64 {
        self.used
            .get(&(decision.to_string(), option.to_string()))
            .copied()
            .unwrap_or(0)
    }
}

impl Policy for Explorer {
    fn inputs_now(&mut self, session: &Session) -> Result<Vec<(Seat, Input)>, PlayError> {
        let mut out = Vec::new();
        for (team, decision, options) in open_choices(session) {
            let Some(option) = options
                .iter()
                .min_by_key(|o| self.uses(decision, o))
                .copied()
            else {
                continue;
            };
            *self
                .used
                .entry((decision.to_string(), option.to_string()))
                .or_default() += 1;
            out.push(decide(team, decision, option));
        }
        Ok(out)
    }

    fn next_minute(&self, _session: &Session) -> Option<Minutes> {
        None
    }
}

/// Answers each open decision with the least escalatory option (`Cautious`)
/// or the most (`Hawkish`): the response's tier on the catalogue's ladder,
/// then its severity; the first in the scenario's order on a tie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Temper {
    Cautious,
    Hawkish,
}

impl Policy for Temper {
    fn inputs_now(&mut self, session: &Session) -> Result<Vec<(Seat, Input)>, PlayError> {
        let sc = session.scenario();
        let cat = sitroom_norms::catalogue();
        let mut out = Vec::new();
        for (team, decision, options) in open_choices(session) {
            let Some(def) = sc.decision(decision) else {
                continue;
            };
            let key = |id: &&str| {
                def.option(id)
                    .map_or((0, 0), |o| (cat.step(o.response).escalation, o.severity))
            };
            let pick = match self {
                Temper::Cautious => options.iter().min_by_key(|o| key(o)),
                // `max_by_key` keeps the last maximum: reverse for the first.
                Temper::Hawkish => options.iter().rev().max_by_key(|o| key(o)),
            };
            if let Some(option) = pick {
                out.push(decide(team, decision, option));
            }
        }
        Ok(out)
    }

    fn next_minute(&self, _session: &Session) -> Option<Minutes> {
        None
    }
}

/// The batch runner's explorer: run `run` takes, at the decision declared
/// `d`-th, option `(run + d) mod n`. Every `n` consecutive runs that reach a
/// decision try each of its `n` options once — least-used first over the
/// batch, without runs depending on each other (so they run in parallel
/// and shard, with the same result).
#[derive(Debug, Clone, Copy)]
pub struct Rotation {
    run: u64,
}

impl Rotation {
    pub fn new(run: u64) -> Rotation {
        Rotation { run }
    }
}

impl Policy for Rotation {
    fn inputs_now(&mut self, session: &Session) -> Result<Vec<(Seat, Input)>, PlayError> {
        let sc = session.scenario();
        let mut out = Vec::new();
        for (team, decision, options) in open_choices(session) {
            if options.is_empty() {
                continue;
            }
            let d = sc
                .injects
                .iter()
                .position(|i| i.id == decision)
                .unwrap_or(0) as u64;
            let i = (self.run.wrapping_add(d) % options.len() as u64) as usize;
            if let Some(option) = options.get(i) {
                out.push(decide(team, decision, option));
            }
        }
        Ok(out)
    }

    fn next_minute(&self, _session: &Session) -> Option<Minutes> {
        None
    }
}
