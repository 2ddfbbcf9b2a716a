//! Building the world for a scenario: entities in declaration order, the
//! id index, resources at their initial values. The one place that knows
//! every component and resource of a session (the fork test checks it).

use std::collections::BTreeMap;
use std::sync::Arc;

use bevy_ecs::component::Mutable;
use bevy_ecs::prelude::*;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use sitroom_scenario::{Inject, Scenario};

use crate::attribution::{self, CaseBelief};
use crate::compiled::{Compiled, Fire, Maps};
use crate::scoring::{Decided, Scoring};
use crate::state::{
    Beliefs, Boards, Clock, DecisionState, Dyads, EffectQueue, Ended, Ids, Inbox, Index, InjectIdx,
    JustReleased, Ladder, Live, Log, Notes, Postures, ReactionIdx, Release, Rng, Rule, Scn, Seq,
    Status, Step, TeamIdx, ToRelease, Vars, Waiting,
};

/// Builds the world for a scenario: entities in declaration order, resources
/// at their initial values. Unknown ids in an unvalidated scenario are
/// skipped, never a panic.
pub fn populate(world: &mut World, scenario: &Arc<Scenario>, seed: u64) -> Arc<Index> {
    let sc = scenario.as_ref();
    let ids = |names: Vec<&String>| -> BTreeMap<String, usize> {
        let mut map = BTreeMap::new();
        for (i, id) in names.into_iter().enumerate() {
            // First declaration wins on a duplicate id (the validator reports it).
            map.entry(id.clone()).or_insert(i);
        }
        map
    };
    let inject = ids(sc.injects.iter().map(|i| &i.id).collect());
    let team = ids(sc.teams.iter().map(|t| &t.id).collect());
    let case = ids(sc.cases.iter().map(|c| &c.id).collect());
    let variable = ids(sc.variables.iter().map(|v| &v.id).collect());
    let actor = ids(sc.actors.iter().map(|a| &a.id).collect());

    // The scenario's rules (`Inject::reaches`, `Decision::deciding_teams`,
    // `Team::sees_case`, `Team::sees_variable`), turned into indices once.
    let recipients: Vec<Vec<usize>> = sc.injects.iter().map(|i| recipients(sc, i)).collect();
    let deciders: Vec<Vec<usize>> = sc.injects.iter().map(|i| deciders(sc, &team, i)).collect();
    let keeps: Vec<Vec<bool>> = sc
        .teams
        .iter()
        .map(|t| sc.cases.iter().map(|c| t.sees_case(&c.id)).collect())
        .collect();
    let sees_var: Vec<Vec<bool>> = sc
        .teams
        .iter()
        .map(|t| {
            sc.variables
                .iter()
                .map(|v| t.sees_variable(&v.id))
                .collect()
        })
        .collect();
    let priors: Vec<Vec<f64>> = sc.cases.iter().map(attribution::prior).collect();
    let suspects = sc
        .cases
        .iter()
        .map(|c| c.suspects.iter().map(|s| actor.get(s).copied()).collect())
        .collect();

    let injects = sc
        .injects
        .iter()
        .enumerate()
        .map(|(i, inj)| spawn_inject(world, i, inj))
        .collect();
    let teams = (0..sc.teams.len())
        .map(|t| {
            world
                .spawn((TeamIdx(t), initial_beliefs(&keeps, &priors, t)))
                .id()
        })
        .collect();
    let reactions = (0..sc.reactions.len())
        .map(|r| world.spawn((ReactionIdx(r), Rule::default())).id())
        .collect();

    let compiled = Compiled::new(
        sc,
        &Maps {
            inject: &inject,
            team: &team,
            case: &case,
            variable: &variable,
            actor: &actor,
        },
    );
    let mut index = Index {
        compiled,
        watched: Vec::new(),
        norms: sitroom_norms::selected_norms(sc),
        injects,
        teams,
        reactions,
        injury: sc
            .teams
            .iter()
            .map(|t| sc.injury_variable(&t.actor))
            .collect(),
        injury_per_state: sc.injury_per_state(),
        inject,
        team,
        case,
        variable,
        actor,
        recipients,
        deciders,
        keeps,
        sees_var,
        suspects,
        priors,
    };
    index.watched = crate::scoring::watched(sc, &index);
    let index = Arc::new(index);
    insert_resources(world, scenario, &index, seed);
    index
}

/// Puts a world built by [`populate`] for `scenario` (and not grown since
/// by an improvised inject) back in the state `populate` leaves, with the
/// generator seeded `seed`: every component of every entity and every
/// resource at its initial value. The entities and the index stay; the
/// schedule built for the world runs on it as before.
pub fn reset(world: &mut World, scenario: &Arc<Scenario>, index: &Arc<Index>, seed: u64) {
    for (i, inj) in scenario.injects.iter().enumerate() {
        let Some(&e) = index.injects.get(i) else {
            continue;
        };
        set(world, e, initial_release());
        if inj.decision.is_some() {
            set(world, e, DecisionState::default());
        }
    }
    for (t, &e) in index.teams.iter().enumerate() {
        set(world, e, initial_beliefs(&index.keeps, &index.priors, t));
    }
    for &e in &index.reactions {
        set(world, e, Rule::default());
    }
    insert_resources(world, scenario, index, seed);
}

/// Team `t`'s beliefs before any evidence: the prior of every case, kept
/// or not as the team follows it.
fn initial_beliefs(keeps: &[Vec<bool>], priors: &[Vec<f64>], t: usize) -> Beliefs {
    Beliefs(
        priors
            .iter()
            .enumerate()
            .map(|(c, p)| {
                let kept = keeps.get(t).and_then(|k| k.get(c)).copied();
                CaseBelief::new(kept.unwrap_or(false), p.clone())
            })
            .collect(),
    )
}

/// A resource set to `value`: assigned in place when the world has it
/// (much cheaper than inserting again, which a restart would do for each).
fn put<R: Resource + Component<Mutability = Mutable>>(world: &mut World, value: R) {
    match world.get_resource_mut::<R>() {
        Some(mut r) => *r = value,
        None => world.insert_resource(value),
    }
}

/// A component of entity `e` set to `value`, in place when it has one.
fn set<C: Component<Mutability = Mutable>>(world: &mut World, e: Entity, value: C) {
    let Ok(mut entity) = world.get_entity_mut(e) else {
        return;
    };
    match entity.get_mut::<C>() {
        Some(mut c) => *c = value,
        None => {
            entity.insert(value);
        }
    }
}

/// Every resource at its initial value (the one list `populate` and
/// `reset` share).
fn insert_resources(world: &mut World, scenario: &Arc<Scenario>, index: &Arc<Index>, seed: u64) {
    let sc = scenario.as_ref();
    put(world, Scn(Arc::clone(scenario)));
    put(world, Ids(Arc::clone(index)));
    put(
        world,
        Clock {
            now: 0,
            step: Step::Start,
        },
    );
    put(world, Rng(ChaCha8Rng::seed_from_u64(seed)));
    put(
        world,
        Vars(
            sc.variables
                .iter()
                .map(|v| v.initial.clamp(v.min, v.min.max(v.max)))
                .collect(),
        ),
    );
    let ladder = &sc.escalation;
    let dyads = Dyads {
        general: crate::effects::rung_at_or_below(&ladder.rungs, ladder.initial),
        pairs: ladder
            .dyads
            .iter()
            .map(|d| {
                crate::effects::rung_at_or_below(&ladder.rungs, d.initial.unwrap_or(ladder.initial))
            })
            .collect(),
    };
    put(world, Ladder(dyads.crisis()));
    put(world, dyads);
    put(
        world,
        Postures(sc.actors.iter().map(|a| a.posture).collect()),
    );
    put(world, Inbox::default());
    put(world, ToRelease::default());
    put(world, JustReleased::default());
    put(world, EffectQueue::default());
    put(world, Decided::default());
    put(world, Seq::default());
    put(world, Log::default());
    put(world, Ended::default());
    put(world, Notes::default());
    put(world, Boards::default());
    put(world, Live::default());
    put(world, Scoring::default());
    put(
        world,
        Waiting {
            scanned: index.compiled.scanned.clone(),
            alarms: index
                .compiled
                .triggers
                .iter()
                .enumerate()
                .filter_map(|(i, f)| match f {
                    Fire::At(t) => Some(std::cmp::Reverse((*t, i))),
                    _ => None,
                })
                .collect(),
            held: Vec::new(),
            open: Vec::new(),
            reacting: (0..index.compiled.reactions.len()).collect(),
            ..Waiting::default()
        },
    );
}

/// The teams inject `inj` reaches, as sorted team indices (`Inject::reaches`).
fn recipients(sc: &Scenario, inj: &Inject) -> Vec<usize> {
    sc.teams
        .iter()
        .enumerate()
        .filter(|(_, t)| inj.reaches(t))
        .map(|(i, _)| i)
        .collect()
}

/// The teams that decide inject `inj`'s decision, sorted and deduplicated
/// (`Decision::deciding_teams`); empty without a decision.
fn deciders(sc: &Scenario, team: &BTreeMap<String, usize>, inj: &Inject) -> Vec<usize> {
    match &inj.decision {
        None => Vec::new(),
        Some(d) => {
            let mut v: Vec<usize> = d
                .deciding_teams(inj, sc)
                .into_iter()
                .filter_map(|t| team.get(t).copied())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        }
    }
}

fn initial_release() -> Release {
    Release {
        status: Status::Pending,
        held: false,
        due: None,
    }
}

fn spawn_inject(world: &mut World, i: usize, inj: &Inject) -> Entity {
    let release = initial_release();
    if inj.decision.is_some() {
        world
            .spawn((InjectIdx(i), release, DecisionState::default()))
            .id()
    } else {
        world.spawn((InjectIdx(i), release)).id()
    }
}

/// Adds the last inject of `scenario` — one written during the session, the
/// scenario being the old one with it appended — to a world built for the
/// old one: its entity, pending, and its place in the index, by the same
/// rules as the scenario's own. Sets the scenario and index resources and
/// returns the new index.
pub fn append_inject(world: &mut World, scenario: &Arc<Scenario>, index: &Index) -> Arc<Index> {
    let sc = scenario.as_ref();
    let mut index = index.clone();
    if let Some(inj) = sc.injects.last() {
        let i = sc.injects.len() - 1;
        index.injects.push(spawn_inject(world, i, inj));
        index.inject.entry(inj.id.clone()).or_insert(i);
        index.recipients.push(recipients(sc, inj));
        index.deciders.push(deciders(sc, &index.team, inj));
        // A condition may name the new inject's id: compiled again.
        index.compiled = Compiled::new(sc, &index.maps());
        index.watched = crate::scoring::watched(sc, &index);
        // Every inject it may set due is looked at from now on; its own
        // trigger, if timed, gets its alarm.
        let alarm = match index.compiled.triggers.get(i) {
            Some(Fire::At(t)) => Some(*t),
            Some(Fire::After(Some(o), d)) => index
                .injects
                .get(*o)
                .and_then(|&e| world.get::<Release>(e))
                .and_then(Release::released_at)
                .map(|at| at.saturating_add(*d)),
            _ => None,
        };
        if let Some(mut waiting) = world.get_resource_mut::<Waiting>() {
            waiting.scanned = index.compiled.scanned.clone();
            // Conditions naming the new inject were compiled again: every
            // one is scanned again.
            waiting.sleeping = crate::state::Sleepers::default();
            waiting.reacting = (0..index.compiled.reactions.len()).collect();
            waiting.sleeping_reactions = crate::state::Sleepers::default();
            if let Some(at) = alarm {
                waiting.alarms.push(std::cmp::Reverse((at, i)));
            }
        }
    }
    let index = Arc::new(index);
    world.insert_resource(Scn(Arc::clone(scenario)));
    world.insert_resource(Ids(Arc::clone(&index)));
    index
}
