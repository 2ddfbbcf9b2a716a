//! Building the world for a scenario: entities in declaration order, the
//! id index, resources at their initial values. The one place that knows
//! every component and resource of a session (the fork test checks it).

use std::collections::BTreeMap;
use std::sync::Arc;

use bevy_ecs::prelude::*;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use sitroom_scenario::{Inject, Scenario};

use crate::attribution::{self, CaseBelief};
use crate::scoring::{Decided, Scoring};
use crate::state::{
    Beliefs, Boards, Clock, DecisionState, Dyads, EffectQueue, Ended, Ids, Inbox, Index, InjectIdx,
    JustReleased, Ladder, Live, Log, Notes, Postures, ReactionIdx, Release, Rng, Rule, Scn, Seq,
    Status, Step, TeamIdx, ToRelease, Vars,
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
            let beliefs = priors
                .iter()
                .enumerate()
                .map(|(c, p)| CaseBelief::new(keeps[t][c], p.clone()))
                .collect();
            world.spawn((TeamIdx(t), Beliefs(beliefs))).id()
        })
        .collect();
    let reactions = (0..sc.reactions.len())
        .map(|r| world.spawn((ReactionIdx(r), Rule::default())).id())
        .collect();

    let index = Arc::new(Index {
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
    });

    world.insert_resource(Scn(Arc::clone(scenario)));
    world.insert_resource(Ids(Arc::clone(&index)));
    world.insert_resource(Clock {
        now: 0,
        step: Step::Start,
    });
    world.insert_resource(Rng(ChaCha8Rng::seed_from_u64(seed)));
    world.insert_resource(Vars(
        sc.variables
            .iter()
            .map(|v| v.initial.clamp(v.min, v.min.max(v.max)))
            .collect(),
    ));
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
    world.insert_resource(Ladder(dyads.crisis()));
    world.insert_resource(dyads);
    world.insert_resource(Postures(sc.actors.iter().map(|a| a.posture).collect()));
    world.insert_resource(Inbox::default());
    world.insert_resource(ToRelease::default());
    world.insert_resource(JustReleased::default());
    world.insert_resource(EffectQueue::default());
    world.insert_resource(Decided::default());
    world.insert_resource(Seq::default());
    world.insert_resource(Log::default());
    world.insert_resource(Ended::default());
    world.insert_resource(Notes::default());
    world.insert_resource(Boards::default());
    world.insert_resource(Live::default());
    world.insert_resource(Scoring::default());
    index
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

fn spawn_inject(world: &mut World, i: usize, inj: &Inject) -> Entity {
    let release = Release {
        status: Status::Pending,
        held: false,
        due: None,
    };
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
    }
    let index = Arc::new(index);
    world.insert_resource(Scn(Arc::clone(scenario)));
    world.insert_resource(Ids(Arc::clone(&index)));
    index
}
