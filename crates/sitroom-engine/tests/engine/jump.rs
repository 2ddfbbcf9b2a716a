//! Jumping over idle minutes gives the state ticking every minute gives:
//! the flagship's scripts, every shipped scenario run to its end, and
//! random sessions, compared hash by hash at every input and at the end.
//! The reference ticks every minute with nothing asleep (`Session::naive`):
//! every condition evaluated at every minute, as the rules are written.

use std::sync::Arc;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use sitroom_engine::{Input, Session, Stamped};
use sitroom_scenario::{Minutes, Scenario};

use crate::support::shipped as load;

/// The reference: one tick per minute, never a jump.
fn tick_to(s: &mut Session, at: Minutes) {
    while s.now() < at && !s.is_over() {
        s.tick();
    }
}

fn both(sc: &Arc<Scenario>, seed: u64, inputs: &[Stamped], end: Minutes) -> usize {
    let mut jump = Session::new(Arc::clone(sc), seed);
    let mut tick = Session::new(Arc::clone(sc), seed);
    tick.naive();
    let mut compared = 0;
    for s in inputs {
        if s.at > jump.now() {
            jump.advance(s.at - jump.now());
        }
        tick_to(&mut tick, s.at);
        assert_eq!(
            jump.state_hash(),
            tick.state_hash(),
            "{} seed {seed} before minute {}",
            sc.meta.id,
            s.at
        );
        let a = jump.submit(s.input.clone());
        let b = tick.submit(s.input.clone());
        assert_eq!(a.is_ok(), b.is_ok());
        compared += 1;
    }
    jump.advance(end.saturating_sub(jump.now()));
    tick_to(&mut tick, end);
    assert_eq!(
        jump.state_hash(),
        tick.state_hash(),
        "{} seed {seed} at the end",
        sc.meta.id
    );
    assert_eq!(jump.log(), tick.log());
    compared + 1
}

#[test]
fn every_shipped_script_jumps_as_it_ticks() {
    let mut checked = 0;
    for (_, sc, scripts) in crate::support::shipped_with_scripts() {
        // Idle play to the end first (the long reconstructions only where cheap).
        if sc.meta.duration <= 20_000 {
            checked += both(&sc, 3, &[], sc.meta.duration);
        }
        for inputs in scripts {
            // The tick reference costs a schedule run per minute: cap the
            // reconstructions' length, the jump is compared over the same span.
            let end = sc.meta.duration.min(20_000);
            let inputs: Vec<Stamped> = inputs.into_iter().filter(|s| s.at <= end).collect();
            checked += both(&sc, 11, &inputs, end);
        }
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn random_sessions_jump_as_they_tick() {
    for name in [
        "mission-compromise",
        "grid-election",
        "channel-interception",
    ] {
        let sc = load(&format!("scenarios/{name}.ron"));
        for seed in 0..12u64 {
            // Random decisions at random minutes, from a session that ticks.
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut probe = Session::new(Arc::clone(&sc), seed);
            let mut inputs = Vec::new();
            while !probe.is_over() && probe.now() < sc.meta.duration {
                let step = rng.random_range(1..40);
                let to = probe.now() + step;
                tick_to(&mut probe, to);
                for d in probe.open_decisions() {
                    if d.options.is_empty() || rng.random_range(0..3) == 0 {
                        continue;
                    }
                    let option = d.options[rng.random_range(0..d.options.len())].id.clone();
                    for team in &d.teams {
                        let input = Input::Decide {
                            team: team.clone(),
                            decision: d.decision.clone(),
                            option: option.clone(),
                            rationale: None,
                        };
                        if probe.submit(input.clone()).is_ok() {
                            inputs.push(Stamped {
                                at: probe.now(),
                                input,
                            });
                        }
                    }
                }
            }
            both(&sc, seed, &inputs, sc.meta.duration);
        }
    }
}

#[test]
fn a_chance_condition_ticks_every_minute() {
    let mut sc = (*load("scenarios/mission-compromise.ron")).clone();
    sc.reactions[0].when = sitroom_scenario::Condition::Chance(0.01);
    let sc = Arc::new(sc);
    let s = Session::new(Arc::clone(&sc), 1);
    assert_eq!(s.next_change(), Some(s.now() + 1));
    for seed in 0..6 {
        both(&sc, seed, &[], sc.meta.duration);
    }
}

/// A minute that changed something is jumped from only when nothing the
/// conditions still to be evaluated read has changed (`Waiting::settled`):
/// each change in the fixture is seen at the minute ticking sees it.
#[test]
fn changes_are_seen_the_minute_after_as_ticking_sees_them() {
    let sc = crate::support::scenario("settle");
    let inputs = [
        Stamped {
            at: 6,
            input: Input::Decide {
                team: "a".into(),
                decision: "pick".into(),
                option: "a".into(),
                rationale: None,
            },
        },
        Stamped {
            at: 20,
            input: Input::Void {
                team: "a".into(),
                decision: "pick".into(),
                reopen: false,
            },
        },
    ];
    for seed in 0..4 {
        both(&sc, seed, &[], sc.meta.duration);
        both(&sc, seed, &inputs, sc.meta.duration);
    }
    let mut s = Session::new(Arc::clone(&sc), 1);
    for i in &inputs {
        assert!(s.submit_at(i.clone()).is_ok());
    }
    assert_eq!(crate::support::released_at(&s, "was-picked"), Some(7));
    s.advance(sc.meta.duration);
    let at = |id: &str| crate::support::released_at(&s, id);
    assert_eq!(at("after-up"), Some(11));
    assert_eq!(at("after-ping"), Some(16));
    assert_eq!(at("back-to-zero"), Some(41));
    assert_eq!(at("w-two"), Some(62));
    assert_eq!(at("late-zero"), Some(81));
    assert_eq!(at("unpicked"), Some(21));
    // Hostile at 90; the reaction sees it at 91 and releases `answer` at 92,
    // which wakes the second reaction that minute: `closing` at 93, and the
    // ending sees w at 7 and `closing` out at the end of that minute.
    assert_eq!(at("answer"), Some(92));
    assert_eq!(at("closing"), Some(93));
    assert_eq!(s.outcome().map(|o| o.at), Some(93));
}
