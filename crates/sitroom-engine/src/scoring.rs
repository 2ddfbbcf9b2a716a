//! The Scoring phase: every choice made in the step (by a team or by default
//! at the deadline) is put in its context — the state at decision time, the
//! team's history, evidence about to arrive, unanswered partner requests —
//! and scored against the norms.

use bevy_ecs::prelude::*;
use sitroom_scenario::{Channel, Minutes, Scenario};

use sitroom_norms::{Belief, DecisionContext, PastChoice, PendingEvidence, Score, Stated};

use crate::attribution::CaseBelief;
use crate::compiled::Fire;
use crate::event::{Event, NormGrade};
use crate::state::{
    Beliefs, Clock, DecisionState, Ids, Index, Ladder, Live, Log, Release, Scn, Status, Vars,
};

/// Evidence due within this many minutes is handed to the norms as pending,
/// with its due time; the consider-information norm grades it over its own
/// (shorter) horizon, so that there is no cliff at any minute.
pub const EVIDENCE_HORIZON: Minutes = 120;

/// The state a choice was made in, taken when it was made (before its own
/// effects and before evidence released later in the same minute).
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub inject: usize,
    pub team: usize,
    pub rung: i32,
    pub injury: i32,
    /// (case index, belief) for the cases the team keeps.
    pub beliefs: Vec<(usize, CaseBelief)>,
}

#[allow(clippy::too_many_arguments)] // the pieces of state a choice is taken in, as each phase holds them
pub fn snapshot(
    sc: &Scenario,
    ids: &Index,
    ladder: &Ladder,
    vars: &Vars,
    beliefs: Option<&Beliefs>,
    inject: usize,
    team: usize,
    on_behalf_of: Option<&str>,
) -> Snapshot {
    let rungs = &sc.escalation.rungs;
    let rung = rungs
        .get(ladder.0)
        .map_or(sc.escalation.initial, |r| r.level);
    // The injury of the team's own state, or of the state a measure is
    // taken for (`on_behalf_of`); a state for which no variable is declared
    // when others have one has suffered none.
    let var = match on_behalf_of {
        Some(state) => sc.injury_variable(state),
        None => ids.injury.get(team).copied().flatten(),
    };
    let injury = match var.and_then(|v| vars.0.get(v)) {
        Some(&v) => v.clamp(0, 10),
        None if ids.injury_per_state => 0,
        None if rungs.len() > 1 => (ladder.0 * 10 / (rungs.len() - 1)) as i32,
        None => 0,
    };
    let beliefs = beliefs
        .map(|b| {
            b.0.iter()
                .enumerate()
                .filter(|(_, cb)| cb.kept)
                .map(|(c, cb)| (c, cb.clone()))
                .collect()
        })
        .unwrap_or_default();
    Snapshot {
        inject,
        team,
        rung,
        injury,
        beliefs,
    }
}

/// Choices made in this step, for scoring, with the state at decision time.
#[derive(Resource, Default, Clone)]
pub struct Decided(pub Vec<Snapshot>);

/// One choice in its context, owned, ready for the norm evaluators. A lapse
/// (no choice, no default) has `option == usize::MAX` and no context.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub snapshot: Snapshot,
    pub option: usize,
    pub rationale: Option<String>,
    pub opened_at: Minutes,
    pub decided_at: Minutes,
    pub deadline_at: Minutes,
    pub defaulted: bool,
    /// The choices made before this one: `Scoring::made[..earlier]`.
    pub earlier: usize,
    /// Voids before it was scored: its history is read from `Scoring::past[voids]`.
    pub voids: u64,
    /// How many of the team's own choices, and of the other teams of its
    /// state, stood before this one in `Scoring::past[voids]`: its
    /// history and the state's are slices of those logs.
    pub own_len: usize,
    pub state_len: usize,
    /// Injects (indices) carrying evidence the team is about to receive,
    /// with the minutes until each is due (`None`: released by this
    /// decision's follow-ups).
    pub pending_evidence: Vec<(usize, Option<Minutes>)>,
    /// Released partner requests (indices) to this team it has not answered.
    pub open_requests: Vec<usize>,
}

/// Every choice's context and its score, in the order the choices were made.
#[derive(Resource, Default, Clone)]
pub struct Scoring {
    pub contexts: Vec<Pending>,
    pub scores: Vec<Score>,
    /// Every choice made, in the order made (by `seq`), voided ones marked:
    /// the one copy of the session's history that contexts index into.
    pub made: Vec<Made>,
    /// Voids so far (a voided choice is marked with the count before its void).
    pub voids: u64,
    /// The standing choices as the norms read them, one generation per
    /// void (`past[voids]` is the current one; a void starts a copy
    /// without the voided choice, so that earlier contexts keep theirs).
    pub past: Vec<Past>,
    /// Score without writing reasons (`Session::numbers_only`): grades,
    /// scores and breaches as ever, every reason empty.
    pub numbers_only: bool,
}

/// Per team, the standing choices as `PastChoice`s in the order made:
/// its own, and those of the other teams serving the same actor — each
/// context's history and state history are prefixes of these.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Past {
    pub own: Vec<Choices>,
    pub state: Vec<Choices>,
}

/// One log of choices, borrowed by contexts as a slice, with the `seq` of each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choices {
    pub seqs: Vec<u64>,
    pub choices: Vec<PastChoice>,
}

impl Choices {
    fn push(&mut self, seq: u64, choice: PastChoice) {
        self.seqs.push(seq);
        self.choices.push(choice);
    }

    /// How many were made before `seq`.
    fn before(&self, seq: u64) -> usize {
        self.seqs.partition_point(|&s| s < seq)
    }

    fn slice(&self, len: usize) -> &[PastChoice] {
        self.choices.get(..len).unwrap_or(&self.choices)
    }
}

impl Scoring {
    /// Records a choice as made: in `made`, and in the current generation
    /// of the norms' logs (its team's own, and the state's of every other
    /// team serving the same actor).
    pub fn record(&mut self, sc: &Scenario, m: Made) {
        if let Some(past) = past_choice(sc, m.team, m.inject, m.option, m.at) {
            let teams = sc.teams.len();
            let generation = self.voids as usize;
            while self.past.len() <= generation {
                self.past
                    .push(self.past.last().cloned().unwrap_or_default());
            }
            let logs = &mut self.past[generation];
            logs.own
                .resize_with(teams.max(logs.own.len()), Choices::default);
            logs.state
                .resize_with(teams.max(logs.state.len()), Choices::default);
            let actor = |t: usize| sc.teams.get(t).map(|team| team.actor.as_str());
            for u in 0..teams {
                if u == m.team {
                    logs.own[u].push(m.seq, past.clone());
                } else if actor(u) == actor(m.team) {
                    logs.state[u].push(m.seq, past.clone());
                }
            }
        }
        self.made.push(m);
    }

    /// Voids the choice `seq`: marked in `made`, and left out of the
    /// norms' logs from the next generation on.
    pub fn void(&mut self, seq: u64) {
        let voids = self.voids;
        if let Some(m) = self.made.iter_mut().rev().find(|m| m.seq == seq) {
            m.voided = Some(voids);
        }
        let mut next = self.past.get(voids as usize).cloned().unwrap_or_default();
        for log in next.own.iter_mut().chain(next.state.iter_mut()) {
            if let Some(k) = log.seqs.iter().position(|&s| s == seq) {
                log.seqs.remove(k);
                log.choices.remove(k);
            }
        }
        self.voids += 1;
        let generation = self.voids as usize;
        self.past.truncate(generation);
        while self.past.len() < generation {
            self.past.push(Past::default());
        }
        self.past.push(next);
    }
}

/// A choice as the norms read it; `None` when the indices do not resolve.
fn past_choice(sc: &Scenario, t: usize, i: usize, o: usize, at: Minutes) -> Option<PastChoice> {
    let inj = sc.injects.get(i)?;
    let opt = inj.decision.as_ref()?.options.get(o)?;
    Some(PastChoice {
        team: sc.teams.get(t)?.id.clone(),
        decision: inj.id.clone(),
        option: opt.id.clone(),
        at,
        response: opt.response,
        target: opt.target.clone(),
        notified: opt.notified,
    })
}

/// A choice as made, in `Scoring::made`.
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    pub seq: u64,
    pub team: usize,
    pub inject: usize,
    pub option: usize,
    pub at: Minutes,
    /// The number of voids before the one that voided it.
    pub voided: Option<u64>,
}

impl Pending {
    /// The team's earlier choices still standing when it was scored,
    /// oldest first: a prefix of its own log in `past[voids]`.
    pub fn history<'a>(&self, past: &'a [Past]) -> &'a [PastChoice] {
        past.get(self.voids as usize)
            .and_then(|l| l.own.get(self.snapshot.team))
            .map_or(&[][..], |l| l.slice(self.own_len))
    }

    /// Earlier choices of the other teams serving the same actor, oldest
    /// first: the state's conduct, a prefix of the team's state log.
    pub fn state_history<'a>(&self, past: &'a [Past]) -> &'a [PastChoice] {
        past.get(self.voids as usize)
            .and_then(|l| l.state.get(self.snapshot.team))
            .map_or(&[][..], |l| l.slice(self.state_len))
    }
}

/// The norms crate's view of a pending choice; `None` only when the indices
/// do not resolve (cannot happen for contexts built by `collect_contexts`).
pub fn context<'a>(
    sc: &'a Scenario,
    p: &'a Pending,
    past: &'a [Past],
) -> Option<DecisionContext<'a>> {
    let inject = sc.injects.get(p.snapshot.inject)?;
    let dec = inject.decision.as_ref()?;
    let option = dec.options.get(p.option)?;
    let team = sc.teams.get(p.snapshot.team)?;
    let beliefs = p
        .snapshot
        .beliefs
        .iter()
        .flat_map(|(c, cb)| {
            let case = &sc.cases[*c];
            let confidence = cb.confidence();
            case.suspects
                .iter()
                .zip(&cb.probs)
                .map(move |(s, &p)| Belief {
                    case: case.id.clone(),
                    suspect: s.clone(),
                    probability: p,
                    confidence,
                    evidence: cb.evidence,
                })
        })
        .collect();
    let stated = p
        .snapshot
        .beliefs
        .iter()
        .filter_map(|(c, cb)| {
            let j = cb.stated?;
            let case = &sc.cases[*c];
            Some(Stated {
                case: case.id.clone(),
                suspect: case.suspects.get(j.suspect)?.clone(),
                likelihood: j.likelihood,
                confidence: j.confidence,
                at: j.at,
            })
        })
        .collect();
    let history = p.history(past);
    let state_history = p.state_history(past);
    let ids_of = |v: &[usize]| {
        v.iter()
            .filter_map(|&i| sc.injects.get(i))
            .map(|i| i.id.clone())
            .collect()
    };
    let pending_evidence = p
        .pending_evidence
        .iter()
        .filter_map(|&(i, due_in)| {
            sc.injects.get(i).map(|inj| PendingEvidence {
                inject: inj.id.clone(),
                due_in,
            })
        })
        .collect();
    Some(DecisionContext {
        scenario: sc,
        team: &team.id,
        decision: inject,
        option,
        rationale: p.rationale.as_deref(),
        opened_at: p.opened_at,
        decided_at: p.decided_at,
        deadline_at: p.deadline_at,
        defaulted: p.defaulted,
        rung: p.snapshot.rung,
        injury: p.snapshot.injury,
        beliefs,
        stated,
        history,
        state_history,
        pending_evidence,
        open_requests: ids_of(&p.open_requests),
        reasons: true,
    })
}

/// Per team, what its contexts look at among the injects (in declaration
/// order): those that reach it carrying evidence of a case it keeps, and
/// the partner requests that reach it and that it decides.
pub fn watched(sc: &Scenario, ids: &Index) -> Vec<(Vec<usize>, Vec<usize>)> {
    (0..sc.teams.len())
        .map(|t| {
            let kept = |case: &str| {
                ids.case.get(case).is_some_and(|&c| {
                    ids.keeps
                        .get(t)
                        .and_then(|k| k.get(c))
                        .copied()
                        .unwrap_or(false)
                })
            };
            let mut evidence = Vec::new();
            let mut requests = Vec::new();
            for (i, inj) in sc.injects.iter().enumerate() {
                if !ids.reaches(i, t) {
                    continue;
                }
                if inj.evidence.iter().any(|e| kept(&e.case)) {
                    evidence.push(i);
                }
                if inj.channel == Channel::PartnerRequest && ids.decides(i, t) {
                    requests.push(i);
                }
            }
            (evidence, requests)
        })
        .collect()
}

/// The log line of a score: each norm's grade and score, or "unscored".
/// When a pending inject is due, if that is known yet.
pub fn due(
    ids: &Index,
    inject: usize,
    release: &Release,
    released_at: impl Fn(usize) -> Option<Minutes>,
) -> Option<Minutes> {
    if release.status != Status::Pending {
        return None;
    }
    let by_trigger = match ids.compiled.triggers.get(inject)? {
        Fire::At(t) => Some(*t),
        Fire::After(other, d) => other.and_then(released_at).map(|r| r.saturating_add(*d)),
        Fire::When(..) | Fire::Manual => None,
    };
    match (by_trigger, release.due) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn score_choices(
    scn: Res<Scn>,
    ids: Res<Ids>,
    clock: Res<Clock>,
    mut decided: ResMut<Decided>,
    decisions: Query<&DecisionState>,
    releases: Query<&Release>,
    mut scoring: ResMut<Scoring>,
    mut log: ResMut<Log>,
    live: Res<Live>,
) {
    let sc = scn.0.as_ref();
    let ids = ids.0.as_ref();
    let released_at = |i: usize| {
        releases
            .get(ids.injects[i])
            .ok()
            .and_then(|r| r.released_at())
    };
    for snap in std::mem::take(&mut decided.0) {
        let (d, t) = (snap.inject, snap.team);
        let Ok(state) = decisions.get(ids.injects[d]) else {
            continue;
        };
        let Some(choice) = state.choices.get(&t) else {
            // A lapse: the deadline passed with no choice and no default.
            if state.lapsed.contains(&t)
                && let (Some(inject), Some(team)) = (sc.injects.get(d), sc.teams.get(t))
            {
                let opened_at = state.opened_at.unwrap_or(state.deadline_at);
                let mut score =
                    sitroom_norms::lapse(sc, &team.id, inject, opened_at, state.deadline_at);
                if scoring.numbers_only {
                    score.evaluations.iter_mut().for_each(|e| e.reason.clear());
                }
                // Contexts and scores stay in step (the reveal zips them);
                // a lapse has no option, so it has no context to re-score.
                scoring.contexts.push(Pending {
                    option: usize::MAX,
                    rationale: None,
                    opened_at,
                    decided_at: state.deadline_at,
                    deadline_at: state.deadline_at,
                    defaulted: false,
                    earlier: 0,
                    voids: 0,
                    own_len: 0,
                    state_len: 0,
                    pending_evidence: Vec::new(),
                    open_requests: Vec::new(),
                    snapshot: snap,
                });
                scoring.scores.push(score);
            }
            continue;
        };
        // The choices before this one: `made` is in `seq` order.
        let earlier = scoring.made.partition_point(|m| m.seq < choice.seq);

        let follow_ups: Vec<usize> = sc.injects[d]
            .decision
            .as_ref()
            .and_then(|dec| dec.options.get(choice.option))
            .map(|o| {
                o.follow_ups
                    .iter()
                    .filter_map(|f| ids.inject.get(f).copied())
                    .collect()
            })
            .unwrap_or_default();
        let horizon = clock.now.saturating_add(EVIDENCE_HORIZON);
        let mut pending_evidence = Vec::new();
        let mut open_requests = Vec::new();
        // Only the injects that reach the team with evidence of a case it
        // keeps, and the partner requests it decides (`Index::watched`).
        let none = Vec::new();
        let (evidence, requests) = ids.watched.get(t).map_or((&none, &none), |(e, r)| (e, r));
        for &i in evidence {
            let Ok(r) = releases.get(ids.injects[i]) else {
                continue;
            };
            if r.status == Status::Pending && follow_ups.contains(&i) {
                pending_evidence.push((i, None));
            } else if let Some(at) = due(ids, i, r, released_at).filter(|&at| at <= horizon) {
                pending_evidence.push((i, Some(at.saturating_sub(clock.now))));
            }
        }
        for &i in requests {
            let e = ids.injects[i];
            let Ok(r) = releases.get(e) else { continue };
            if r.released_at().is_some()
                && decisions.get(e).is_ok_and(|s| !s.choices.contains_key(&t))
            {
                open_requests.push(i);
            }
        }
        let logs = scoring.past.get(scoring.voids as usize);
        let before = |l: Option<&Choices>| l.map_or(0, |l| l.before(choice.seq));
        let own_len = before(logs.and_then(|l| l.own.get(t)));
        let state_len = before(logs.and_then(|l| l.state.get(t)));
        let pending = Pending {
            option: choice.option,
            rationale: choice.rationale.clone(),
            opened_at: state.opened_at.unwrap_or(choice.at),
            decided_at: choice.at,
            deadline_at: state.deadline_at,
            defaulted: choice.defaulted,
            earlier,
            voids: scoring.voids,
            own_len,
            state_len,
            pending_evidence,
            open_requests,
            snapshot: snap,
        };
        let unkinded = live.unkinded(d, choice.option);
        if let Some(mut ctx) = context(sc, &pending, &scoring.past) {
            ctx.reasons = !scoring.numbers_only;
            let score = if unkinded {
                // An improvised option written without a response kind: the
                // norms have nothing to judge; the choice is listed unscored.
                sitroom_norms::Score {
                    team: ctx.team.to_string(),
                    decision: ctx.decision.id.clone(),
                    option: ctx.option.id.clone(),
                    at: ctx.decided_at,
                    defaulted: ctx.defaulted,
                    evaluations: Vec::new(),
                    unscored: true,
                    failed_to_act: false,
                }
            } else {
                sitroom_norms::score_selected(&ctx, &ids.norms)
            };
            log.push(
                clock.now,
                Event::Scored {
                    team: score.team.clone(),
                    decision: score.decision.clone(),
                    option: score.option.clone(),
                    grades: score
                        .evaluations
                        .iter()
                        .map(|e| NormGrade {
                            norm: e.norm.clone(),
                            grade: e.grade,
                        })
                        .collect(),
                },
            );
            scoring.scores.push(score);
        }
        scoring.contexts.push(pending);
    }
}
