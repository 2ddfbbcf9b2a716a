//! The schedule: one run per step, phases chained, single-threaded executor.
//! Each phase holds one system (or a chain); the systems of different phases
//! never run unordered, which the ambiguity test below proves.

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::{ScheduleBuildSettings, SingleThreadedExecutor};
use sitroom_scenario::{Effect, Trigger};

use crate::attribution::Judgement;
use crate::compiled::Fire;
use crate::condition::chance;
use crate::effects::apply_effects;
use crate::event::Event;
use crate::input::{ClosedHow, Input, InputError, NotOpenWhy};
use crate::scoring::{Decided, Made, Scoring, score_choices, snapshot};
use crate::state::{
    Beliefs, Boards, Choice, Clock, DecisionState, EffectQueue, Ended, Facts, Ids, Inbox,
    JustReleased, Ladder, Log, Notes, Release, Rng, Rule, Scn, Seq, Status, Step, ToRelease, Vars,
    Voided, Waiting,
};
use crate::view::{NoteView, Outcome};

/// The phases of a step, in the order they run.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    Inputs,
    Clock,
    Triggers,
    Releases,
    Reactions,
    Effects,
    Attribution,
    Scoring,
    EndCheck,
}

/// The two schedules of a session, over the same chained phases: one for
/// minutes (`Step::Start`, `Step::Tick`), holding every phase's system but
/// the Inputs phase's (no input is queued when a minute runs), and one for
/// inputs (`Step::Zero`), holding only the phases an input can give work to
/// — Inputs, Releases, Effects, Attribution, Scoring — since the clock,
/// triggers, reactions and endings run on minutes alone. Two schedules
/// rather than run conditions on the step: a schedule run costs per system
/// it looks at.
pub struct Schedules {
    minute: Schedule,
    input: Schedule,
}

impl Schedules {
    /// Runs the schedule of `step` on `world` (whose `Clock` says `step`).
    pub fn run(&mut self, world: &mut World, step: Step) {
        match step {
            Step::Start | Step::Tick => self.minute.run(world),
            Step::Zero => self.input.run(world),
        }
    }

    /// Both schedules initialised for `world`: an error when either cannot
    /// be built (for the ambiguity test).
    #[cfg(test)]
    pub fn initialize(&mut self, world: &mut World) -> Result<(), String> {
        self.minute
            .initialize(world)
            .map_err(|e| format!("{e:?}"))?;
        self.input.initialize(world).map_err(|e| format!("{e:?}"))?;
        Ok(())
    }
}

/// An empty schedule on the single-threaded executor, its phases chained.
fn phases(settings: &ScheduleBuildSettings) -> Schedule {
    let mut schedule = Schedule::default();
    // Explicit: a dependency enabling bevy's multi_threaded feature would otherwise change the default.
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.set_build_settings(settings.clone());
    schedule.configure_sets(
        (
            Phase::Inputs,
            Phase::Clock,
            Phase::Triggers,
            Phase::Releases,
            Phase::Reactions,
            Phase::Effects,
            Phase::Attribution,
            Phase::Scoring,
            Phase::EndCheck,
        )
            .chain(),
    );
    schedule
}

pub fn build(settings: ScheduleBuildSettings) -> Schedules {
    // A phase with nothing to do is skipped by a run condition, which the
    // executor checks for far less than fetching the system's parameters:
    // each system below would find its queue empty and return having
    // changed nothing. Minute 0 (`Step::Start`) runs all.
    let mut minute = phases(&settings);
    minute.add_systems(advance_clock.in_set(Phase::Clock));
    minute.add_systems(
        (close_deadlines.run_if(deadline_due), fire_triggers)
            .chain()
            .in_set(Phase::Triggers),
    );
    minute.add_systems(run_reactions.in_set(Phase::Reactions));
    minute.add_systems(check_endings.in_set(Phase::EndCheck));
    shared_phases(&mut minute);
    let mut input = phases(&settings);
    input.add_systems(apply_inputs.in_set(Phase::Inputs));
    shared_phases(&mut input);
    Schedules { minute, input }
}

/// The phases both a minute and an input can give work to (the sets'
/// chain orders them among the others).
fn shared_phases(schedule: &mut Schedule) {
    schedule.add_systems(release_injects.in_set(Phase::Releases).run_if(has_releases));
    schedule.add_systems(apply_effects.in_set(Phase::Effects).run_if(has_effects));
    schedule.add_systems(
        update_beliefs
            .in_set(Phase::Attribution)
            .run_if(has_evidence),
    );
    schedule.add_systems(score_choices.in_set(Phase::Scoring).run_if(has_decided));
}

// The run conditions: whether a phase has anything to do this step.

/// A decision that may be open is open and its deadline has come (what
/// `close_deadlines` acts on; the others it only drops from its list).
fn deadline_due(
    ids: Res<Ids>,
    clock: Res<Clock>,
    waiting: Res<Waiting>,
    decisions: Query<&DecisionState>,
) -> bool {
    waiting.open.iter().any(|&d| {
        ids.0
            .injects
            .get(d)
            .and_then(|&e| decisions.get(e).ok())
            .is_some_and(|s| s.is_open() && clock.now >= s.deadline_at)
    })
}
fn has_releases(to_release: Res<ToRelease>) -> bool {
    !to_release.0.is_empty()
}

fn has_effects(queue: Res<EffectQueue>) -> bool {
    !queue.0.is_empty()
}

fn has_evidence(just: Res<JustReleased>) -> bool {
    !just.0.is_empty()
}

fn has_decided(decided: Res<Decided>) -> bool {
    !decided.0.is_empty()
}

/// Why decision `d` is not open for team `t` (the caller found it is not):
/// read from the state, never changing it. Refusals are not journaled, so
/// this wording is free of the state hash.
fn why_not_open(
    sc: &sitroom_scenario::Scenario,
    ids: &crate::state::Index,
    releases: &Query<&mut Release>,
    state: &DecisionState,
    d: usize,
    t: usize,
) -> NotOpenWhy {
    if !ids.decides(d, t) {
        return NotOpenWhy::NotADecider;
    }
    if state.opened_at.is_none() {
        // Not released: cancelled, waiting on a cancelled inject, or pending.
        let release = |i: usize| releases.get(ids.injects[i]).ok();
        let mut i = d;
        // An `After` chain is at most as long as the scenario (the validator
        // refuses cycles; the bound keeps a cyclic one harmless).
        for _ in 0..=sc.injects.len() {
            let Some(r) = release(i) else { break };
            match r.status {
                Status::Cancelled => {
                    return NotOpenWhy::NeverOpened {
                        cancelled: sc.injects[i].id.clone(),
                    };
                }
                Status::Released(_) => break,
                // A follow-up or `Effect::Release` already set it due.
                Status::Pending if r.due.is_some() => break,
                Status::Pending => {}
            }
            match &sc.injects[i].release {
                Trigger::After(other, _) => match ids.inject.get(other) {
                    Some(&o) => i = o,
                    None => break,
                },
                _ => break,
            }
        }
        let held = release(d).is_some_and(|r| r.held);
        return NotOpenWhy::NotReleased { held };
    }
    let closed = |how, at| NotOpenWhy::Closed { how, at };
    if let Some(v) = state.voided.iter().rev().find(|v| v.team == t)
        && !v.reopened
        && !state.choices.contains_key(&t)
    {
        return closed(ClosedHow::Voided, v.at);
    }
    if state.lapsed.contains(&t) {
        return closed(ClosedHow::Lapsed, state.deadline_at);
    }
    match state.choices.get(&t) {
        Some(c) if c.defaulted => closed(ClosedHow::Defaulted, c.at),
        Some(c) => closed(ClosedHow::Decided, c.at),
        None => closed(ClosedHow::Deadline, state.deadline_at),
    }
}

/// Mutable access the Inputs phase needs besides the queue.
#[derive(bevy_ecs::system::SystemParam)]
struct Out<'w> {
    to_release: ResMut<'w, ToRelease>,
    effects: ResMut<'w, EffectQueue>,
    decided: ResMut<'w, Decided>,
    seq: ResMut<'w, Seq>,
    log: ResMut<'w, Log>,
    ended: ResMut<'w, Ended>,
    notes: ResMut<'w, Notes>,
    boards: ResMut<'w, Boards>,
    scoring: ResMut<'w, Scoring>,
    waiting: ResMut<'w, Waiting>,
}

#[allow(clippy::too_many_arguments)] // the inputs phase touches most of the state
fn apply_inputs(
    scn: Res<Scn>,
    ids: Res<Ids>,
    clock: Res<Clock>,
    ladder: Res<Ladder>,
    vars: Res<Vars>,
    mut beliefs: Query<&mut Beliefs>,
    mut inbox: ResMut<Inbox>,
    mut releases: Query<&mut Release>,
    mut decisions: Query<&mut DecisionState>,
    mut out: Out,
) {
    let sc = scn.0.as_ref();
    let ids = ids.0.as_ref();
    let now = clock.now;
    for input in std::mem::take(&mut inbox.queue) {
        let result = (|| -> Result<(), InputError> {
            if out.ended.0.is_some()
                && !matches!(
                    input,
                    Input::Note { .. }
                        | Input::Observe { .. }
                        | Input::EditNote { .. }
                        | Input::DeleteNote { .. }
                )
            {
                return Err(InputError::SessionOver);
            }
            let inject = |id: &str| {
                ids.inject
                    .get(id)
                    .copied()
                    .ok_or_else(|| InputError::UnknownInject(id.to_string()))
            };
            let team_of = |id: &str| {
                ids.team
                    .get(id)
                    .copied()
                    .ok_or_else(|| InputError::UnknownTeam(id.to_string()))
            };
            // A team and a decision by id: (team index, inject index, the decision).
            let team_decision = |team: &str, decision: &str| {
                let t = team_of(team)?;
                let d = inject(decision)?;
                match sc.injects[d].decision.as_ref() {
                    Some(dec) => Ok((t, d, dec)),
                    None => Err(InputError::NotADecision(decision.to_string())),
                }
            };
            match &input {
                Input::Decide {
                    team,
                    decision,
                    option,
                    rationale,
                } => {
                    let (t, d, dec) = team_decision(team, decision)?;
                    let Ok(mut state) = decisions.get_mut(ids.injects[d]) else {
                        return Err(InputError::NotADecision(decision.clone()));
                    };
                    if !state.is_open() || !ids.decides(d, t) || state.settled_without_choice(t) {
                        return Err(InputError::NotOpen {
                            decision: decision.clone(),
                            team: team.clone(),
                            why: why_not_open(sc, ids, &releases, &state, d, t),
                        });
                    }
                    if state.choices.contains_key(&t) {
                        return Err(InputError::AlreadyDecided {
                            decision: decision.clone(),
                            team: team.clone(),
                        });
                    }
                    let Some(o) = dec.options.iter().position(|x| &x.id == option) else {
                        return Err(InputError::UnknownOption {
                            decision: decision.clone(),
                            option: option.clone(),
                        });
                    };
                    let snap = snapshot(
                        sc,
                        ids,
                        &ladder,
                        &vars,
                        beliefs.get(ids.teams[t]).ok(),
                        d,
                        t,
                        dec.options[o].on_behalf_of.as_deref(),
                    );
                    choose(
                        &mut state,
                        sc,
                        d,
                        t,
                        o,
                        now,
                        false,
                        rationale.clone(),
                        snap,
                        &mut out,
                    );
                }
                Input::Release { inject: id } => {
                    let i = inject(id)?;
                    let Ok(mut r) = releases.get_mut(ids.injects[i]) else {
                        return Err(InputError::UnknownInject(id.clone()));
                    };
                    if r.status != Status::Pending {
                        return Err(InputError::NotPending(id.clone()));
                    }
                    // Releasing overrides a hold.
                    r.held = false;
                    out.to_release.0.push(i);
                    out.log
                        .push(now, Event::ForcedRelease { inject: id.clone() });
                }
                Input::Improvise { .. } => {
                    // `Session::submit` has checked the inject and appended it
                    // to the scenario and the world: it is the last one.
                    let Some(i) = sc.injects.len().checked_sub(1) else {
                        return Err(InputError::UnknownInject(String::new()));
                    };
                    let id = sc.injects[i].id.clone();
                    out.to_release.0.push(i);
                    out.log.push(now, Event::Improvised { inject: id });
                }
                Input::Hold { inject: id } => {
                    let i = inject(id)?;
                    let Ok(mut r) = releases.get_mut(ids.injects[i]) else {
                        return Err(InputError::UnknownInject(id.clone()));
                    };
                    if r.status != Status::Pending {
                        return Err(InputError::NotPending(id.clone()));
                    }
                    if r.held {
                        return Err(InputError::AlreadyHeld(id.clone()));
                    }
                    r.held = true;
                    out.log.push(now, Event::Held { inject: id.clone() });
                }
                Input::Unhold { inject: id } => {
                    let i = inject(id)?;
                    let Ok(mut r) = releases.get_mut(ids.injects[i]) else {
                        return Err(InputError::UnknownInject(id.clone()));
                    };
                    if !r.held || r.status != Status::Pending {
                        return Err(InputError::NotHeld(id.clone()));
                    }
                    r.held = false;
                    out.log.push(now, Event::LetGo { inject: id.clone() });
                }
                Input::Extend { decision, minutes } | Input::Shorten { decision, minutes } => {
                    let d = inject(decision)?;
                    if sc.injects[d].decision.is_none() {
                        return Err(InputError::NotADecision(decision.clone()));
                    }
                    let Ok(mut state) = decisions.get_mut(ids.injects[d]) else {
                        return Err(InputError::NotADecision(decision.clone()));
                    };
                    if !state.is_open() {
                        return Err(InputError::DecisionNotOpen(decision.clone()));
                    }
                    let was = state.deadline_at;
                    let event = if matches!(input, Input::Extend { .. }) {
                        state.deadline_at = was.saturating_add(*minutes);
                        Event::Extended {
                            decision: decision.clone(),
                            by: *minutes,
                            until: state.deadline_at,
                        }
                    } else {
                        // Never before the next minute: the teams keep the one they are in.
                        state.deadline_at = was.saturating_sub(*minutes).max(now + 1).min(was);
                        Event::Shortened {
                            decision: decision.clone(),
                            by: was - state.deadline_at,
                            until: state.deadline_at,
                        }
                    };
                    out.log.push(now, event);
                }
                Input::Void {
                    team,
                    decision,
                    reopen,
                } => {
                    let (t, d, dec) = team_decision(team, decision)?;
                    let Ok(mut state) = decisions.get_mut(ids.injects[d]) else {
                        return Err(InputError::NotADecision(decision.clone()));
                    };
                    let Some(choice) = state.choices.remove(&t) else {
                        return Err(InputError::NothingToVoid {
                            decision: decision.clone(),
                            team: team.clone(),
                        });
                    };
                    let option = dec.options.get(choice.option).map_or("", |o| o.id.as_str());
                    // The score of the choice goes with it; contexts and
                    // scores are kept in step (the reveal zips them).
                    let scoring = &mut *out.scoring;
                    // Later contexts no longer count it in the history.
                    scoring.void(choice.seq);
                    if let Some(k) = scoring
                        .contexts
                        .iter()
                        .rposition(|p| p.snapshot.inject == d && p.snapshot.team == t)
                    {
                        scoring.contexts.remove(k);
                    }
                    if let Some(k) = scoring
                        .scores
                        .iter()
                        .rposition(|s| &s.team == team && &s.decision == decision)
                    {
                        scoring.scores.remove(k);
                    }
                    if *reopen && state.closed {
                        state.closed = false;
                        state.deadline_at = now.saturating_add(dec.deadline.max(1));
                        out.waiting.opened(d);
                    }
                    state.voided.push(Voided {
                        team: t,
                        choice,
                        at: now,
                        reopened: *reopen,
                    });
                    out.log.push(
                        now,
                        Event::Voided {
                            team: team.clone(),
                            decision: decision.clone(),
                            option: option.to_string(),
                            reopened_until: reopen.then_some(state.deadline_at),
                        },
                    );
                }
                Input::Assess {
                    team,
                    case,
                    suspect,
                    likelihood,
                    confidence,
                } => {
                    let t = team_of(team)?;
                    let c = *ids
                        .case
                        .get(case)
                        .ok_or_else(|| InputError::UnknownCase(case.clone()))?;
                    let Some(k) = sc.cases[c].suspects.iter().position(|s| s == suspect) else {
                        return Err(InputError::NotASuspect {
                            case: case.clone(),
                            suspect: suspect.clone(),
                        });
                    };
                    let heard = ids.cases_heard(sc, t, |i| {
                        releases
                            .get(ids.injects[i])
                            .is_ok_and(|r| r.released_at().is_some())
                    });
                    let not_followed = || InputError::CaseNotFollowed {
                        team: team.clone(),
                        case: case.clone(),
                    };
                    let Ok(mut b) = beliefs.get_mut(ids.teams[t]) else {
                        return Err(not_followed());
                    };
                    match b.0.get_mut(c) {
                        Some(cb) if cb.kept && heard[c] => {
                            cb.stated = Some(Judgement {
                                suspect: k,
                                likelihood: *likelihood,
                                confidence: *confidence,
                                at: now,
                            });
                        }
                        _ => return Err(not_followed()),
                    }
                    out.log.push(
                        now,
                        Event::Assessed {
                            team: team.clone(),
                            case: case.clone(),
                            suspect: suspect.clone(),
                            likelihood: *likelihood,
                            confidence: *confidence,
                        },
                    );
                }
                Input::Board { team, shown } => {
                    let t = team_of(team)?;
                    out.boards.0.insert(t, *shown);
                    out.log.push(
                        now,
                        Event::BoardShown {
                            team: team.clone(),
                            shown: *shown,
                        },
                    );
                }
                Input::End { reason } => {
                    let outcome = Outcome::by_facilitator(reason, now);
                    out.log.push(now, outcome.event());
                    out.ended.0 = Some(outcome);
                }
                Input::Note {
                    decision,
                    team,
                    rating,
                    text,
                } => {
                    team_of(team)?;
                    inject(decision)?;
                    out.log.push(
                        now,
                        Event::Noted {
                            team: team.clone(),
                            decision: decision.clone(),
                            rating: *rating,
                        },
                    );
                    out.notes.0.push(NoteView {
                        at: now,
                        decision: decision.clone(),
                        team: team.clone(),
                        rating: *rating,
                        text: text.clone(),
                        objective: None,
                        norm: None,
                    });
                }
                Input::Observe {
                    team,
                    objective,
                    norm,
                    rating,
                    text,
                } => {
                    if let Some(t) = team {
                        team_of(t)?;
                    }
                    if let Some(n) = norm
                        && sitroom_norms::catalogue().norm(n).is_none()
                    {
                        return Err(InputError::UnknownNorm(n.clone()));
                    }
                    if let Some(o) = objective
                        && !sc.meta.objectives.iter().any(|x| &x.id == o)
                    {
                        return Err(InputError::UnknownObjective(o.clone()));
                    }
                    if text.trim().is_empty() && rating.is_none() {
                        return Err(InputError::EmptyNote);
                    }
                    let team = team.clone().unwrap_or_default();
                    out.log.push(
                        now,
                        Event::Noted {
                            team: team.clone(),
                            decision: String::new(),
                            rating: *rating,
                        },
                    );
                    out.notes.0.push(NoteView {
                        at: now,
                        decision: String::new(),
                        team,
                        rating: *rating,
                        text: text.clone(),
                        objective: objective.clone(),
                        norm: norm.clone(),
                    });
                }
                Input::EditNote {
                    index,
                    rating,
                    text,
                } => {
                    if text.trim().is_empty() && rating.is_none() {
                        return Err(InputError::EmptyNote);
                    }
                    let Some(n) = out.notes.0.get_mut(*index) else {
                        return Err(InputError::UnknownNote(*index));
                    };
                    n.rating = *rating;
                    n.text = text.clone();
                    out.log.push(now, Event::NoteEdited { index: *index });
                }
                Input::DeleteNote { index } => {
                    if *index >= out.notes.0.len() {
                        return Err(InputError::UnknownNote(*index));
                    }
                    out.notes.0.remove(*index);
                    out.log.push(now, Event::NoteDeleted { index: *index });
                }
            }
            Ok(())
        })();
        inbox.results.push(result);
    }
}

/// Records a team's choice (made or defaulted) and queues its effects and follow-ups.
#[allow(clippy::too_many_arguments)]
fn choose(
    state: &mut DecisionState,
    sc: &sitroom_scenario::Scenario,
    d: usize,
    t: usize,
    o: usize,
    now: u32,
    defaulted: bool,
    rationale: Option<String>,
    snap: crate::scoring::Snapshot,
    out: &mut Out,
) {
    let Some(option) = sc.injects[d]
        .decision
        .as_ref()
        .and_then(|dec| dec.options.get(o))
    else {
        return;
    };
    state.choices.insert(
        t,
        Choice {
            seq: out.seq.0,
            option: o,
            at: now,
            defaulted,
            rationale,
        },
    );
    out.scoring.record(
        sc,
        Made {
            seq: out.seq.0,
            team: t,
            inject: d,
            option: o,
            at: now,
            voided: None,
        },
    );
    out.seq.0 += 1;
    let (team, decision, option_id) = (
        sc.teams[t].id.clone(),
        sc.injects[d].id.clone(),
        option.id.clone(),
    );
    let event = if defaulted {
        Event::Defaulted {
            team,
            decision,
            option: option_id,
        }
    } else {
        Event::Decided {
            team,
            decision,
            option: option_id,
        }
    };
    out.log.push(now, event);
    let dyad = sc.option_dyad(&sc.teams[t], option);
    out.effects.0.extend(
        option
            .effects
            .iter()
            .map(|e| crate::effects::acting_on(sc, dyad, e)),
    );
    out.effects
        .0
        .extend(option.follow_ups.iter().map(|f| Effect::Release(f.clone())));
    out.decided.0.push(snap);
}

fn advance_clock(mut clock: ResMut<Clock>) {
    if clock.step == Step::Tick {
        clock.now = clock.now.saturating_add(1);
    }
}

#[allow(clippy::too_many_arguments)]
fn close_deadlines(
    scn: Res<Scn>,
    ids: Res<Ids>,
    clock: Res<Clock>,
    ladder: Res<Ladder>,
    vars: Res<Vars>,
    beliefs: Query<&Beliefs>,
    mut decisions: Query<&mut DecisionState>,
    mut out: Out,
) {
    let sc = scn.0.as_ref();
    let ids = ids.0.as_ref();
    let now = clock.now;
    // The decisions that may be open, in declaration order; those found
    // closed (or closing now) are dropped.
    let mut open = std::mem::take(&mut out.waiting.open);
    open.retain(|&d| {
        let (Some(inj), Some(&e)) = (sc.injects.get(d), ids.injects.get(d)) else {
            return false;
        };
        let Some(dec) = inj.decision.as_ref() else {
            return false;
        };
        let Ok(mut state) = decisions.get_mut(e) else {
            return false;
        };
        if !state.is_open() {
            return false;
        }
        if now < state.deadline_at {
            return true;
        }
        state.closed = true;
        let default = dec
            .default
            .as_ref()
            .and_then(|id| dec.options.iter().position(|o| &o.id == id));
        for &t in &ids.deciders[d] {
            if state.choices.contains_key(&t) || state.settled_without_choice(t) {
                continue;
            }
            match default {
                Some(o) => {
                    let snap = snapshot(
                        sc,
                        ids,
                        &ladder,
                        &vars,
                        beliefs.get(ids.teams[t]).ok(),
                        d,
                        t,
                        dec.options[o].on_behalf_of.as_deref(),
                    );
                    choose(&mut state, sc, d, t, o, now, true, None, snap, &mut out);
                }
                None => {
                    state.lapsed.push(t);
                    // Scored as a failure to act (the Scoring phase sees
                    // the lapse: no choice, the team in `lapsed`).
                    out.decided.0.push(snapshot(
                        sc,
                        ids,
                        &ladder,
                        &vars,
                        beliefs.get(ids.teams[t]).ok(),
                        d,
                        t,
                        None,
                    ));
                    out.log.push(
                        now,
                        Event::Lapsed {
                            team: sc.teams[t].id.clone(),
                            decision: inj.id.clone(),
                        },
                    );
                }
            }
        }
        false
    });
    // Nothing above opens a decision (a void reopens one in the Inputs phase).
    out.waiting.open = open;
}

/// `seen` takes in the state and the session's choices; what changed.
fn look(seen: &mut crate::state::Seen, facts: &Facts, scoring: &Scoring) -> crate::compiled::Reads {
    seen.update(facts, scoring.made.len(), scoring.voids, decided(scoring))
}

/// What of the state and the session's choices changed since `seen` looked.
fn changes(seen: &crate::state::Seen, facts: &Facts, scoring: &Scoring) -> crate::compiled::Reads {
    seen.diff(facts, scoring.made.len(), scoring.voids, decided(scoring))
}

/// The decision inject of the session's `k`-th choice.
fn decided(scoring: &Scoring) -> impl Fn(usize) -> usize + '_ {
    |k| scoring.made.get(k).map_or(usize::MAX, |m| m.inject)
}

fn fire_triggers(
    facts: Facts,
    mut rng: ResMut<Rng>,
    mut to_release: ResMut<ToRelease>,
    mut waiting: ResMut<Waiting>,
    scoring: Res<Scoring>,
) {
    let ids = facts.ids.0.as_ref();
    let now = facts.clock.now;
    let waiting = &mut *waiting;
    // What conditions read is compared only while one sleeps on it or one
    // awake reads it (for `settled`), and taken in when one goes to sleep
    // on it (`fresh`).
    let mut fresh = false;
    let reads = &ids.compiled.reads_state;
    if !waiting.sleeping.asleep_state.is_empty()
        || waiting
            .scanned
            .iter()
            .any(|&i| reads.get(i).is_none_or(|&r| r != 0))
    {
        let changed = look(&mut waiting.seen, &facts, &scoring);
        fresh = true;
        waiting.sleeping.wake(changed, &mut waiting.scanned);
    } else {
        waiting.sleeping.wake(0, &mut waiting.scanned);
    }
    // Timed triggers met by now (no condition, nothing drawn): released
    // unless held, and then at the first tick they are not.
    while let Some(&std::cmp::Reverse((at, i))) = waiting.alarms.peek() {
        if at > now {
            break;
        }
        waiting.alarms.pop();
        waiting.held.push(i);
    }
    waiting
        .held
        .retain(|&i| match facts.releases.get(ids.injects[i]) {
            Ok(r) if r.status == Status::Pending => {
                if !r.held {
                    to_release.0.push(i);
                }
                r.held
            }
            _ => false,
        });
    // Then the others in declaration order, as the scenario lists them: a
    // `When` condition may draw a `Chance`, and the order of draws is part
    // of the state. A steady condition found false sleeps until something it reads
    // changes (`Waiting::asleep`): it would be false again, drawing nothing.
    let naive = waiting.naive;
    let Waiting {
        scanned,
        sleeping,
        seen,
        ..
    } = waiting;
    scanned.retain(|&i| {
        let Ok(r) = facts.releases.get(ids.injects[i]) else {
            return false;
        };
        if r.status != Status::Pending {
            return false;
        }
        if r.held {
            return true;
        }
        let fire = r.due.is_some_and(|d| now >= d)
            || match &ids.compiled.triggers[i] {
                Fire::At(t) => now >= *t,
                Fire::After(other, delay) => other
                    .and_then(|o| facts.releases.get(ids.injects[o]).ok())
                    .and_then(|o| o.released_at())
                    .is_some_and(|at| now >= at.saturating_add(*delay)),
                Fire::When(cond, _) => {
                    let holds = facts.holds_compiled(cond, &mut rng.0);
                    if !holds && !naive && ids.compiled.steady.get(i).copied().unwrap_or(false) {
                        let reads = ids.compiled.reads_state.get(i).copied().unwrap_or(!0);
                        // Looked already whenever one reads the state (the
                        // guard above); kept so that a narrower guard stays safe.
                        if reads != 0 && !fresh {
                            look(seen, &facts, &scoring);
                            fresh = true;
                        }
                        sleeping.sleep(i, reads);
                        return false;
                    }
                    holds
                }
                Fire::Manual => false,
            };
        if fire {
            to_release.0.push(i);
        }
        true
    });
}

#[allow(clippy::too_many_arguments)]
fn release_injects(
    scn: Res<Scn>,
    ids: Res<Ids>,
    clock: Res<Clock>,
    mut to_release: ResMut<ToRelease>,
    mut injects: Query<(&mut Release, Option<&mut DecisionState>)>,
    mut effects: ResMut<EffectQueue>,
    mut just: ResMut<JustReleased>,
    mut log: ResMut<Log>,
    mut waiting: ResMut<Waiting>,
) {
    let sc = scn.0.as_ref();
    let ids = ids.0.as_ref();
    let now = clock.now;
    let mut order = std::mem::take(&mut to_release.0);
    order.sort_unstable();
    order.dedup();
    for i in order {
        let Ok((mut r, decision)) = injects.get_mut(ids.injects[i]) else {
            continue;
        };
        if r.status != Status::Pending {
            continue;
        }
        *r = Release {
            status: Status::Released(now),
            held: false,
            due: None,
        };
        // The conditions that name it wake, or see it at the next minute.
        if ids.compiled.named.get(i).copied().unwrap_or(true) {
            waiting.unsettled = true;
        }
        if let Some(readers) = ids.compiled.readers.get(i) {
            waiting.sleeping.released(readers);
        }
        if let Some(readers) = ids.compiled.reaction_readers.get(i) {
            waiting.sleeping_reactions.released(readers);
        }
        let inj = &sc.injects[i];
        log.push(
            now,
            Event::Released {
                inject: inj.id.clone(),
            },
        );
        effects.0.extend(inj.effects.iter().cloned());
        if let (Some(mut state), Some(dec)) = (decision, inj.decision.as_ref()) {
            state.opened_at = Some(now);
            state.deadline_at = now.saturating_add(dec.deadline);
            waiting.opened(i);
        }
        // The injects released a delay after this one: their alarms.
        for &j in ids.compiled.dependents.get(i).into_iter().flatten() {
            if let Some(Fire::After(_, delay)) = ids.compiled.triggers.get(j) {
                waiting
                    .alarms
                    .push(std::cmp::Reverse((now.saturating_add(*delay), j)));
            }
        }
        just.0.push(i);
    }
}

fn run_reactions(
    facts: Facts,
    mut rng: ResMut<Rng>,
    mut rules: Query<&mut Rule>,
    mut effects: ResMut<EffectQueue>,
    mut log: ResMut<Log>,
    mut waiting: ResMut<Waiting>,
    scoring: Res<Scoring>,
) {
    let sc = facts.scn.0.as_ref();
    let ids = facts.ids.0.as_ref();
    let waiting = &mut *waiting;
    let mut fresh = false;
    let reads = &ids.compiled.reactions_read_state;
    let changed = if waiting.sleeping_reactions.asleep_state.is_empty()
        && !waiting
            .reacting
            .iter()
            .any(|&r| reads.get(r).is_none_or(|&x| x != 0))
    {
        0
    } else {
        fresh = true;
        look(&mut waiting.seen_by_reactions, &facts, &scoring)
    };
    waiting
        .sleeping_reactions
        .wake(changed, &mut waiting.reacting);
    // In declaration order (a condition or a reaction's own chance may
    // draw); a steady condition found false sleeps, drawing nothing.
    let naive = waiting.naive;
    let Waiting {
        reacting,
        sleeping_reactions,
        seen_by_reactions,
        ..
    } = waiting;
    reacting.retain(|&r| {
        let Some(reaction) = sc.reactions.get(r) else {
            return false;
        };
        let Ok(mut rule) = rules.get_mut(ids.reactions[r]) else {
            return false;
        };
        let Some((when, _)) = ids.compiled.reactions.get(r) else {
            return false;
        };
        if rule.spent {
            return false;
        }
        if !facts.holds_compiled(when, &mut rng.0) {
            if !naive
                && ids
                    .compiled
                    .reactions_steady
                    .get(r)
                    .copied()
                    .unwrap_or(false)
            {
                let reads = ids
                    .compiled
                    .reactions_read_state
                    .get(r)
                    .copied()
                    .unwrap_or(!0);
                // As in the Triggers phase: looked already, kept for safety.
                if reads != 0 && !fresh {
                    look(seen_by_reactions, &facts, &scoring);
                    fresh = true;
                }
                sleeping_reactions.sleep(r, reads);
                return false;
            }
            return true;
        }
        rule.spent = true;
        if chance(&mut rng.0, reaction.chance) {
            rule.fired = true;
            log.push(
                facts.clock.now,
                Event::Reaction {
                    actor: reaction.actor.clone(),
                    reaction: reaction.id.clone(),
                },
            );
            effects.0.extend(reaction.effects.iter().cloned());
        }
        false
    });
}

fn update_beliefs(
    scn: Res<Scn>,
    ids: Res<Ids>,
    clock: Res<Clock>,
    mut just: ResMut<JustReleased>,
    mut beliefs: Query<&mut Beliefs>,
    mut log: ResMut<Log>,
) {
    let sc = scn.0.as_ref();
    let ids = ids.0.as_ref();
    for i in std::mem::take(&mut just.0) {
        for item in &sc.injects[i].evidence {
            let Some(&c) = ids.case.get(&item.case) else {
                continue;
            };
            for &t in &ids.recipients[i] {
                if let Ok(mut b) = beliefs.get_mut(ids.teams[t])
                    && let Some(cb) = b.0.get_mut(c)
                    && cb.kept
                {
                    cb.update(&sc.cases[c], item);
                    let (team, case) = (&sc.teams[t].id, &sc.cases[c].id);
                    log.push(
                        clock.now,
                        Event::EvidenceReceived {
                            team: team.clone(),
                            case: case.clone(),
                            inject: sc.injects[i].id.clone(),
                        },
                    );
                    log.push(
                        clock.now,
                        Event::BeliefMoved {
                            team: team.clone(),
                            case: case.clone(),
                            probabilities: cb.probs.clone(),
                        },
                    );
                }
            }
        }
    }
}

fn check_endings(
    facts: Facts,
    mut rng: ResMut<Rng>,
    mut ended: ResMut<Ended>,
    mut log: ResMut<Log>,
    mut waiting: ResMut<Waiting>,
    scoring: Res<Scoring>,
) {
    if ended.0.is_some() {
        return;
    }
    check_ending(&facts, &mut rng, &mut ended, &mut log);
    waiting.settled = ended.0.is_none() && settled(&facts, &waiting, &scoring);
    waiting.unsettled = false;
}

/// Whether, after this tick, the next minute would change only what time
/// changes: nothing was released that a condition names, no sleeping
/// condition was woken, and none that the Triggers or Reactions phase will
/// evaluate — awake or asleep — reads anything that changed since it was
/// last evaluated (`Seen`, taken in at this tick's phases whenever one
/// reads the state). The endings were evaluated last, on the state as it
/// stands. Then `Session::advance` may jump from here as from a quiet tick.
fn settled(facts: &Facts, waiting: &Waiting, scoring: &Scoring) -> bool {
    use crate::compiled::Reads;
    if waiting.naive
        || waiting.unsettled
        || !waiting.sleeping.woken.is_empty()
        || !waiting.sleeping_reactions.woken.is_empty()
    {
        return false;
    }
    let compiled = &facts.ids.0.compiled;
    let mask = |awake: &[usize], reads: &[Reads], asleep: &[(usize, Reads)]| {
        awake
            .iter()
            .map(|&i| reads.get(i).copied().unwrap_or(Reads::MAX))
            .chain(asleep.iter().map(|&(_, r)| r))
            .fold(0, |a, r| a | r)
    };
    let quiet = |mask: Reads, seen: &crate::state::Seen| {
        mask == 0 || changes(seen, facts, scoring) & mask == 0
    };
    quiet(
        mask(
            &waiting.scanned,
            &compiled.reads_state,
            &waiting.sleeping.asleep_state,
        ),
        &waiting.seen,
    ) && quiet(
        mask(
            &waiting.reacting,
            &compiled.reactions_read_state,
            &waiting.sleeping_reactions.asleep_state,
        ),
        &waiting.seen_by_reactions,
    )
}

/// The first ending whose condition holds ends the session, or the duration.
fn check_ending(facts: &Facts, rng: &mut Rng, ended: &mut Ended, log: &mut Log) {
    let sc = facts.scn.0.as_ref();
    let now = facts.clock.now;
    let compiled = &facts.ids.0.compiled.endings;
    let outcome = sc
        .endings
        .iter()
        .zip(compiled)
        .find(|(_, (when, _))| facts.holds_compiled(when, &mut rng.0))
        .map(|(e, _)| e)
        .map(|e| Outcome::ending(sc, &e.id, now))
        .or_else(|| (now >= sc.meta.duration).then(|| Outcome::time_expired(now)));
    if let Some(outcome) = outcome {
        log.push(now, outcome.event());
        ended.0 = Some(outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy_ecs::schedule::LogLevel;

    #[test]
    fn the_schedule_has_no_ambiguities() {
        let scenario = std::sync::Arc::new(crate::session::tests_support::tiny());
        let mut world = World::new();
        crate::world::populate(&mut world, &scenario, 1);
        let mut schedule = build(ScheduleBuildSettings {
            ambiguity_detection: LogLevel::Error,
            ..Default::default()
        });
        let built = schedule.initialize(&mut world);
        assert!(built.is_ok(), "ambiguous schedule: {:?}", built.err());
        // Each holds the systems of its step, in the phases' order.
        let names = |s: &Schedule| -> Vec<String> {
            s.systems()
                .map(|it| it.map(|(_, sys)| sys.name().to_string()).collect())
                .unwrap_or_default()
        };
        let (minute, input) = (names(&schedule.minute), names(&schedule.input));
        assert_eq!((minute.len(), input.len()), (9, 5), "{minute:?} {input:?}");
    }

    /// The check above can fail: two unordered writers of one resource are refused.
    #[test]
    fn ambiguity_detection_catches_unordered_writers() {
        fn a(mut log: ResMut<Log>) {
            log.entries.clear();
        }
        fn b(mut log: ResMut<Log>) {
            log.entries.clear();
        }
        let mut world = World::new();
        world.insert_resource(Log::default());
        let mut schedule = Schedule::default();
        schedule.set_build_settings(ScheduleBuildSettings {
            ambiguity_detection: LogLevel::Error,
            ..Default::default()
        });
        schedule.add_systems((a, b).in_set(Phase::Effects));
        assert!(schedule.initialize(&mut world).is_err());
    }
}
