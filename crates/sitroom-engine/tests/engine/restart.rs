//! `Session::restart` reuses the world, the index and the schedule of a
//! session and must give the state `Session::new` gives: on every shipped
//! script, after the session played another script (or improvised an
//! inject), compared hash by hash at every input and at the end.

use std::sync::Arc;

use sitroom_engine::{ImprovisedInject, Input, Session, Stamped};
use sitroom_scenario::{Channel, Minutes};

use crate::support::shipped as load;

/// Plays `inputs` on both sessions, comparing hashes before every input and at `end`.
fn same_play(a: &mut Session, b: &mut Session, inputs: &[Stamped], end: Minutes, what: &str) {
    assert_eq!(a.state_hash(), b.state_hash(), "{what} at the start");
    for s in inputs {
        for x in [&mut *a, &mut *b] {
            if s.at > x.now() {
                x.advance(s.at - x.now());
            }
        }
        assert_eq!(
            a.state_hash(),
            b.state_hash(),
            "{what} before minute {}",
            s.at
        );
        assert_eq!(
            a.submit(s.input.clone()),
            b.submit(s.input.clone()),
            "{what}"
        );
    }
    for x in [&mut *a, &mut *b] {
        x.advance(end.saturating_sub(x.now()));
    }
    assert_eq!(a.state_hash(), b.state_hash(), "{what} at the end");
    assert_eq!(a.log(), b.log(), "{what}");
    assert_eq!(a.revealed_scores(), b.revealed_scores(), "{what}");
}

#[test]
fn a_restarted_session_plays_every_shipped_script_as_a_new_one() {
    let mut checked = 0;
    for (name, sc, mut scripts) in crate::support::shipped_with_scripts() {
        if scripts.is_empty() {
            continue;
        }
        scripts.push(Vec::new());
        let end = sc.meta.duration;
        // One session, restarted before each script, after the script before it.
        let mut reused = Session::new(Arc::clone(&sc), 5);
        for (k, inputs) in scripts.iter().enumerate() {
            let seed = 11 + k as u64;
            reused.restart(&sc, seed);
            let mut fresh = Session::new(Arc::clone(&sc), seed);
            same_play(
                &mut reused,
                &mut fresh,
                inputs,
                end,
                &format!("{name} #{k}"),
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn a_session_that_improvised_restarts_as_a_new_one() {
    let sc = load("scenarios/mission-compromise.ron");
    let mut s = Session::new(Arc::clone(&sc), 1);
    s.advance(30);
    let written = ImprovisedInject {
        title: "A leak".into(),
        channel: Channel::News,
        from: "Wire".into(),
        text: "Reports of a leak.".into(),
        audience: Vec::new(),
        decision: None,
    };
    s.submit(Input::Improvise {
        inject: Box::new(written),
    })
    .expect("improvised");
    s.restart(&sc, 2);
    let mut fresh = Session::new(Arc::clone(&sc), 2);
    same_play(&mut s, &mut fresh, &[], sc.meta.duration, "improvised");
    assert_eq!(s.scenario().injects.len(), sc.injects.len());
}

/// A session scoring numbers only (`Session::numbers_only`, as a batch plays)
/// scores every shipped script as a session writing reasons does, every
/// reason of the scores at the time left empty, and keeps doing so after a
/// restart.
#[test]
fn numbers_only_scores_every_shipped_script_alike_without_reasons() {
    let mut compared = 0;
    for (name, sc, scripts) in crate::support::shipped_with_scripts() {
        let mut numbers = Session::new(Arc::clone(&sc), 1);
        numbers.numbers_only();
        for inputs in scripts {
            numbers.restart(&sc, 7);
            let mut full = Session::new(Arc::clone(&sc), 7);
            for x in [&mut numbers, &mut full] {
                for s in &inputs {
                    let _ = x.submit_at(s.clone());
                }
                x.advance(sc.meta.duration.saturating_sub(x.now()));
            }
            assert_eq!(numbers.state_hash(), full.state_hash(), "{name}");
            let (a, b) = (numbers.scored(), full.scored());
            assert_eq!(a.len(), b.len(), "{name}");
            for (x, y) in a.iter().zip(b) {
                let mut y = y.clone();
                assert!(
                    y.evaluations.iter().all(|e| !e.reason.is_empty()),
                    "{name}: {y:?}"
                );
                y.evaluations.iter_mut().for_each(|e| e.reason.clear());
                assert!(
                    x.evaluations.iter().all(|e| e.reason.is_empty()),
                    "{name}: {:?}",
                    x.evaluations.iter().map(|e| &e.reason).collect::<Vec<_>>()
                );
                assert!(x == &y, "{name}: {} {}", x.decision, x.option);
                compared += 1;
            }
        }
    }
    assert!(compared > 50, "{compared}");
}
