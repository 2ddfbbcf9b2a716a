//! The Effects phase: applies the step's queued effects in order. Variables
//! are clamped to their bounds; the escalation ladder moves by rung
//! positions; releases are due the next minute.

use bevy_ecs::prelude::*;
use sitroom_scenario::{ESCALATION, Effect, Posture, Rung, Scenario};

use crate::event::Event;
use crate::state::{
    Clock, Dyads, EffectQueue, Ended, Ids, Ladder, Log, Postures, Release, Scn, Status, Vars,
    Waiting,
};
use crate::view::Outcome;

/// Index of the highest rung whose level is at or below `level` (the lowest
/// rung when `level` is below them all). Rungs are ordered lowest first.
pub fn rung_at_or_below(rungs: &[Rung], level: i32) -> usize {
    rungs.iter().rposition(|r| r.level <= level).unwrap_or(0)
}

/// An option's effect as the team that takes it applies it: `Escalate(n)`
/// moves the dyad the option acts on (`Scenario::option_dyad`), if any.
pub fn acting_on(sc: &Scenario, dyad: Option<usize>, effect: &Effect) -> Effect {
    match (effect, dyad.and_then(|d| sc.escalation.dyads.get(d))) {
        (Effect::Escalate(n), Some(d)) => {
            Effect::EscalateDyad(d.between.0.clone(), d.between.1.clone(), *n)
        }
        _ => effect.clone(),
    }
}

#[allow(clippy::too_many_arguments)] // one system touching what effects may change
pub fn apply_effects(
    scn: Res<Scn>,
    ids: Res<Ids>,
    clock: Res<Clock>,
    mut queue: ResMut<EffectQueue>,
    mut vars: ResMut<Vars>,
    mut ladder: ResMut<Ladder>,
    mut dyads: ResMut<Dyads>,
    mut postures: ResMut<Postures>,
    mut releases: Query<&mut Release>,
    mut log: ResMut<Log>,
    mut ended: ResMut<Ended>,
    mut waiting: ResMut<Waiting>,
) {
    let sc = &scn.0;
    let ids = &ids.0;
    let now = clock.now;
    let rungs = sc.escalation.rungs.as_slice();
    for effect in std::mem::take(&mut queue.0) {
        match effect {
            // The general level moves (the ladder itself, without dyads).
            Effect::Add(var, delta) if var == ESCALATION => {
                // Adds to the level, then settles on the rung at or below it.
                if let Some(current) = rungs.get(dyads.general) {
                    dyads.general = rung_at_or_below(rungs, current.level.saturating_add(delta));
                }
            }
            Effect::Set(var, level) if var == ESCALATION => {
                if !rungs.is_empty() {
                    dyads.general = rung_at_or_below(rungs, level);
                }
            }
            Effect::Escalate(steps) => dyads.general = step(rungs, dyads.general, steps),
            Effect::EscalateDyad(a, b, steps) => {
                if let Some(d) = sc.escalation.dyad(&a, &b)
                    && let Some(from) = dyads.level(d)
                {
                    dyads.pairs[d] = step(rungs, from, steps);
                    let to = dyads.level(d).unwrap_or(from);
                    if to != from {
                        let (a, b) = sc.escalation.dyads[d].between.clone();
                        log.push(now, Event::DyadEscalated { a, b, from, to });
                    }
                }
            }
            Effect::Add(var, delta) => {
                if let Some(&v) = ids.variable.get(&var) {
                    let def = &sc.variables[v];
                    let to = clamp(vars.0[v].saturating_add(delta), def.min, def.max);
                    set_variable(&mut vars.0[v], to, &var, now, &mut log);
                }
            }
            Effect::Set(var, value) => {
                if let Some(&v) = ids.variable.get(&var) {
                    let def = &sc.variables[v];
                    let to = clamp(value, def.min, def.max);
                    set_variable(&mut vars.0[v], to, &var, now, &mut log);
                }
            }
            Effect::Release(inject) => {
                if let Some(&i) = ids.inject.get(&inject)
                    && let Ok(mut r) = releases.get_mut(ids.injects[i])
                    && r.status == Status::Pending
                {
                    let due = now.saturating_add(1);
                    if r.due.is_none_or(|d| d > due) {
                        r.due = Some(due);
                        // Released at that minute as timed releases are.
                        waiting.alarms.push(std::cmp::Reverse((due, i)));
                    }
                }
            }
            Effect::Cancel(inject) => {
                if let Some(&i) = ids.inject.get(&inject)
                    && let Ok(mut r) = releases.get_mut(ids.injects[i])
                    && r.status == Status::Pending
                {
                    r.status = Status::Cancelled;
                    r.due = None;
                }
            }
            Effect::SetPosture(actor, posture) => {
                if let Some(&a) = ids.actor.get(&actor)
                    && postures.0[a] != posture
                {
                    let from = std::mem::replace(&mut postures.0[a], posture);
                    log.push(
                        now,
                        Event::PostureChanged {
                            actor,
                            from,
                            to: posture,
                        },
                    );
                }
            }
            // A step from wherever the actor stands (the relative forms).
            Effect::Harden(actor) => {
                if let Some(&a) = ids.actor.get(&actor) {
                    step_posture(&mut postures.0[a], Posture::harder, actor, now, &mut log);
                }
            }
            Effect::Soften(actor) => {
                if let Some(&a) = ids.actor.get(&actor) {
                    step_posture(&mut postures.0[a], Posture::softer, actor, now, &mut log);
                }
            }
            Effect::End(ending) => {
                if ended.0.is_none() {
                    let outcome = Outcome::ending(sc, &ending, now);
                    log.push(now, outcome.event());
                    ended.0 = Some(outcome);
                }
            }
        }
        settle(&mut ladder, &dyads, now, &mut log);
    }
}

fn clamp(v: i32, min: i32, max: i32) -> i32 {
    // An inverted range (validator error) collapses to `min` instead of panicking.
    v.clamp(min, min.max(max))
}

fn step_posture(
    posture: &mut Posture,
    step: fn(Posture) -> Posture,
    actor: String,
    now: u32,
    log: &mut Log,
) {
    let from = *posture;
    let to = step(from);
    if to != from {
        *posture = to;
        log.push(now, Event::PostureChanged { actor, from, to });
    }
}

fn set_variable(value: &mut i32, to: i32, variable: &str, now: u32, log: &mut Log) {
    if *value != to {
        let from = std::mem::replace(value, to);
        log.push(
            now,
            Event::VariableChanged {
                variable: variable.to_string(),
                from,
                to,
            },
        );
    }
}

/// `steps` rungs from `at`, clamped to the ladder (`at` on an empty one).
fn step(rungs: &[Rung], at: usize, steps: i32) -> usize {
    match rungs.len() {
        0 => at,
        len => (at as i64 + i64::from(steps)).clamp(0, len as i64 - 1) as usize,
    }
}

/// The crisis level follows the general level and the dyads, after each effect.
fn settle(ladder: &mut Ladder, dyads: &Dyads, now: u32, log: &mut Log) {
    let to = dyads.crisis();
    if to != ladder.0 {
        let from = std::mem::replace(&mut ladder.0, to);
        log.push(now, Event::Escalated { from, to });
    }
}
