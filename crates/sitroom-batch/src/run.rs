use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sitroom_engine::{EndedBy, Event, Session};
use sitroom_host::{Host, PlayError, Policy, RandomChoice, Rotation, Script, ScriptEntry, Temper};
use sitroom_norms::Grade;
use sitroom_record::Leader;
use sitroom_scenario::{Minutes, Scenario};

/// The policy every run plays.
#[derive(Debug, Clone, PartialEq)]
pub enum PolicyKind {
    /// Each open decision answered with a seeded random option.
    Random,
    /// Every option of every decision tried across consecutive runs.
    Explore,
    /// The least escalatory option.
    Cautious,
    /// The most escalatory option.
    Hawkish,
    /// A decisions script, the same for every run (the seed varies).
    Script(Vec<ScriptEntry>),
}

impl PolicyKind {
    pub fn name(&self) -> &'static str {
        match self {
            PolicyKind::Random => "random",
            PolicyKind::Explore => "explore",
            PolicyKind::Cautious => "cautious",
            PolicyKind::Hawkish => "hawkish",
            PolicyKind::Script(_) => "script",
        }
    }
}

/// The seed of run `i` of a batch seeded `seed` (SplitMix64 of both: well
/// spread, and the same on every machine).
pub fn run_seed(seed: u64, i: u64) -> u64 {
    let mut z = seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// How a team's final belief on a case compares with the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The culprit leads.
    Right,
    /// Another suspect leads.
    Wrong,
    /// No single suspect leads.
    Undecided,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub team: String,
    pub case: String,
    pub verdict: Verdict,
}

/// What one run did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    pub run: u64,
    pub seed: u64,
    /// `ending:ID`, `facilitator`, `time_expired`, or `not_ended`.
    pub ending: String,
    pub end_at: Minutes,
    /// The highest rung reached (index from 0).
    pub peak: usize,
    pub attribution: Vec<Attribution>,
    /// Per team and norm, the mean score at the time (0–100).
    pub norms: Vec<(String, String, u8)>,
    /// Per player team, its grade at the time (`None`: nothing scored).
    pub grades: Vec<(String, Option<Grade>)>,
    /// Injects released, in order of release.
    pub released: Vec<String>,
    /// `team:decision=option` for every choice made or defaulted, in order.
    pub path: Vec<String>,
}

/// Plays run `run` of a batch to its end.
pub fn play(
    sc: &Arc<Scenario>,
    policy: &PolicyKind,
    seed: u64,
    run: u64,
) -> Result<RunResult, PlayError> {
    play_in(&mut None, sc, policy, seed, run)
}

/// Like [`play`], in the session `slot` holds (left there for the next
/// run): a batch thread restarts one session run after run rather than
/// building a world and a schedule for each (`Session::restart`, the same
/// state as a new session).
pub fn play_in(
    slot: &mut Option<Session>,
    sc: &Arc<Scenario>,
    policy: &PolicyKind,
    seed: u64,
    run: u64,
) -> Result<RunResult, PlayError> {
    let run_seed = run_seed(seed, run);
    let session = match slot.take() {
        Some(mut s) => {
            s.restart(sc, run_seed);
            s
        }
        None => {
            // A run's result keeps scores and grades, never reasons.
            let mut s = Session::new(Arc::clone(sc), run_seed);
            s.numbers_only();
            s
        }
    };
    let mut host = Host::new(session);
    let played = host.play(policy_for(policy, seed, run).as_mut());
    let result = played.map(|()| RunResult::of(host.session(), run));
    *slot = Some(host.into_driver());
    result
}

/// The policy run `run` of a batch seeded `seed` plays (for replaying one
/// run alone, journaled, exactly as the batch played it).
pub fn policy_for(policy: &PolicyKind, seed: u64, run: u64) -> Box<dyn Policy> {
    match policy {
        // The policy's generator is its own, distinct from the engine's.
        PolicyKind::Random => Box::new(RandomChoice::new(run_seed(seed, run) ^ 0xD1CE)),
        PolicyKind::Explore => Box::new(Rotation::new(run)),
        PolicyKind::Cautious => Box::new(Temper::Cautious),
        PolicyKind::Hawkish => Box::new(Temper::Hawkish),
        PolicyKind::Script(inputs) => Box::new(Script::of_entries(inputs.clone())),
    }
}

impl RunResult {
    /// What the finished (or stopped) `session`, run `run` of a batch, did.
    pub fn of(session: &Session, run: u64) -> RunResult {
        result(session, run, session.seed())
    }
}

fn result(session: &Session, run: u64, seed: u64) -> RunResult {
    let sc = session.scenario();
    let log = session.log();
    let ending = match session.outcome() {
        Some(o) => match o.by {
            EndedBy::Ending => format!("ending:{}", o.ending.as_deref().unwrap_or_default()),
            EndedBy::Facilitator => "facilitator".into(),
            EndedBy::TimeExpired => "time_expired".into(),
        },
        None => "not_ended".into(),
    };
    let start = session.escalation().index;
    let peak = log
        .iter()
        .filter_map(|e| match e.event {
            Event::Escalated { from, to } => Some(from.max(to)),
            _ => None,
        })
        .chain(std::iter::once(start))
        .max()
        .unwrap_or(start);
    // Each team's estimates whatever its board (a hidden board hides them
    // from the team, not from the analyst), as its view would list them.
    let mut attribution = Vec::new();
    for team in &sc.teams {
        for (case, probs) in session.estimates(&team.id).unwrap_or_default() {
            let Some(def) = sc.case(case) else {
                continue;
            };
            // A view pairs each suspect with its probability (a zip).
            let probs = &probs[..probs.len().min(def.suspects.len())];
            let verdict = match sitroom_record::lead_index(probs) {
                Leader::Suspect(s) if def.suspects[s] == def.truth.culprit => Verdict::Right,
                Leader::Suspect(_) => Verdict::Wrong,
                Leader::Tied(..) | Leader::Nobody => Verdict::Undecided,
            };
            attribution.push(Attribution {
                team: team.id.clone(),
                case: case.to_string(),
                verdict,
            });
        }
    }
    let scores = session.scored();
    let mut norms = Vec::new();
    let mut grades = Vec::new();
    for team in sc.player_teams() {
        let card = sitroom_norms::scorecard_for(sc, &team.id, scores);
        for line in &card.norms {
            norms.push((
                team.id.clone(),
                line.norm.clone(),
                line.mean.round().clamp(0.0, 100.0) as u8,
            ));
        }
        grades.push((team.id.clone(), card.grade));
    }
    let released = log
        .iter()
        .filter_map(|e| match &e.event {
            Event::Released { inject } => Some(inject.clone()),
            _ => None,
        })
        .collect();
    let path = log
        .iter()
        .filter_map(|e| match &e.event {
            Event::Decided {
                team,
                decision,
                option,
            }
            | Event::Defaulted {
                team,
                decision,
                option,
            } => Some(format!("{team}:{decision}={option}")),
            _ => None,
        })
        .collect();
    RunResult {
        run,
        seed,
        ending,
        end_at: session.now(),
        peak,
        attribution,
        norms,
        grades,
        released,
        path,
    }
}
