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
    /// The choices made before this one: `Scoring::made[..earlier]`, less
    /// those voided before it was scored (`voids` voids had been then).
    /// The team's own are its history; those of the other teams serving
    /// the same actor, the state's conduct (`Pending::history`).
    pub earlier: usize,
    pub voids: u64,
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
    /// The choices before this one still standing when it was scored.
    fn standing<'a>(&self, made: &'a [Made]) -> impl Iterator<Item = &'a Made> {
        let voids = self.voids;
        made.get(..self.earlier)
            .unwrap_or_default()
            .iter()
            .filter(move |m| m.voided.is_none_or(|v| v >= voids))
    }

    /// (inject, option, at) of the team's earlier choices, oldest first.
    pub fn history(&self, made: &[Made]) -> Vec<(usize, usize, Minutes)> {
        let t = self.snapshot.team;
        self.standing(made)
            .filter(|m| m.team == t)
            .map(|m| (m.inject, m.option, m.at))
            .collect()
    }

    /// (team, inject, option, at) of earlier choices of the other teams
    /// serving the same actor, oldest first: the state's conduct.
    pub fn state_history(
        &self,
        sc: &Scenario,
        made: &[Made],
    ) -> Vec<(usize, usize, usize, Minutes)> {
        let t = self.snapshot.team;
        let actor = |t: usize| sc.teams.get(t).map(|team| team.actor.as_str());
        self.standing(made)
            .filter(|m| m.team != t && actor(m.team) == actor(t))
            .map(|m| (m.team, m.inject, m.option, m.at))
            .collect()
    }
}

/// The norms crate's view of a pending choice; `None` only when the indices
/// do not resolve (cannot happen for contexts built by `collect_contexts`).
pub fn context<'a>(sc: &'a Scenario, p: &'a Pending, made: &[Made]) -> Option<DecisionContext<'a>> {
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
    let past = |t: usize, i: usize, o: usize, at: Minutes| {
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
    };
    let history = p
        .history(made)
        .into_iter()
        .filter_map(|(i, o, at)| past(p.snapshot.team, i, o, at))
        .collect();
    let state_history = p
        .state_history(sc, made)
        .into_iter()
        .filter_map(|(t, i, o, at)| past(t, i, o, at))
        .collect();
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
    })
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
                let score =
                    sitroom_norms::lapse(sc, &team.id, inject, opened_at, state.deadline_at);
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

        let kept = |case: &str| {
            ids.case
                .get(case)
                .is_some_and(|&c| ids.keeps[t].get(c).copied().unwrap_or(false))
        };
        let carries_kept_evidence = |i: usize| sc.injects[i].evidence.iter().any(|e| kept(&e.case));
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
        for (i, &e) in ids.injects.iter().enumerate() {
            let Ok(r) = releases.get(e) else { continue };
            if !ids.reaches(i, t) {
                continue;
            }
            let due_at = due(ids, i, r, released_at).filter(|&at| at <= horizon);
            let by_follow_up = r.status == Status::Pending && follow_ups.contains(&i);
            if carries_kept_evidence(i) {
                if by_follow_up {
                    pending_evidence.push((i, None));
                } else if let Some(at) = due_at {
                    pending_evidence.push((i, Some(at.saturating_sub(clock.now))));
                }
            }
            if r.released_at().is_some()
                && sc.injects[i].channel == Channel::PartnerRequest
                && ids.decides(i, t)
                && decisions.get(e).is_ok_and(|s| !s.choices.contains_key(&t))
            {
                open_requests.push(i);
            }
        }
        let pending = Pending {
            option: choice.option,
            rationale: choice.rationale.clone(),
            opened_at: state.opened_at.unwrap_or(choice.at),
            decided_at: choice.at,
            deadline_at: state.deadline_at,
            defaulted: choice.defaulted,
            earlier,
            voids: scoring.voids,
            pending_evidence,
            open_requests,
            snapshot: snap,
        };
        let unkinded = live.unkinded(d, choice.option);
        if let Some(ctx) = context(sc, &pending, &scoring.made) {
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
                sitroom_norms::score(&ctx)
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
