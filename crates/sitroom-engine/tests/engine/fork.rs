//! `Session::fork`: an exact copy that evolves exactly like the original
//! under the same inputs, and independently of it.

use std::sync::Arc;

use sitroom_engine::{Event, Input, Rating, Session, Stamped};
use sitroom_scenario::Scenario;

use crate::support::{basic, decide, scenario};

fn shipped(name: &str) -> Arc<Scenario> {
    let path = format!("{}/../../scenarios/{name}.ron", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Arc::new(sitroom_scenario::load(&text).unwrap_or_else(|e| panic!("{path}: {}", e.message)))
}

fn script(name: &str) -> Vec<Stamped> {
    let path = format!("{}/../../scenarios/{name}.ron", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let opts =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    opts.from_str(&text)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn same(a: &Session, b: &Session, what: &str) {
    assert_eq!(
        a.state_hash(),
        b.state_hash(),
        "{what} at minute {}",
        a.now()
    );
}

/// Ticks both sessions minute by minute, comparing hashes every minute.
fn lockstep(a: &mut Session, b: &mut Session, minutes: u32) {
    for _ in 0..minutes {
        assert_eq!(a.tick(), b.tick(), "tick at minute {}", a.now());
        same(a, b, "tick");
    }
}

/// Applies the same stamped inputs to both, in lockstep.
fn play(a: &mut Session, b: &mut Session, inputs: &[Stamped]) {
    for s in inputs {
        lockstep(a, b, s.at.saturating_sub(a.now()));
        assert_eq!(a.submit(s.input.clone()), b.submit(s.input.clone()));
        same(a, b, "input");
    }
}

fn full_equality(a: &Session, b: &Session) {
    same(a, b, "end");
    assert_eq!(a.facilitator_view(), b.facilitator_view());
    assert_eq!(a.revealed_scores(), b.revealed_scores());
    assert_eq!(a.outcome(), b.outcome());
}

#[test]
fn a_fork_is_the_same_state() {
    let mut s = basic(5);
    s.advance(15);
    s.submit(decide("mfa", "cable", "demarche")).unwrap();
    let f = s.fork();
    same(&s, &f, "fork");
    assert_eq!(f.seed(), 5);
    assert!(Arc::ptr_eq(f.scenario(), s.scenario()));
    full_equality(&s, &f);
}

#[test]
fn the_flagship_forked_anywhere_plays_on_identically() {
    let sc = shipped("mission-compromise");
    let inputs = script("mission-compromise/restrained");
    for at in [0, 1, 10, 40, 100, 185, 209, 240] {
        let mut s = Session::new(sc.clone(), 1);
        let (before, after): (Vec<Stamped>, Vec<Stamped>) =
            inputs.iter().cloned().partition(|i| i.at < at);
        for i in before {
            s.submit_at(i).unwrap();
        }
        s.advance(at - s.now());
        let mut f = s.fork();
        same(&s, &f, "fork");
        play(&mut s, &mut f, &after);
        let rest = 240 - s.now();
        lockstep(&mut s, &mut f, rest);
        assert!(s.is_over(), "forked at {at}");
        full_equality(&s, &f);
    }
}

#[test]
fn a_pending_chance_is_drawn_the_same_in_the_fork() {
    let mut fired = Vec::new();
    for seed in 0..24 {
        let mut s = basic(seed);
        s.advance(15);
        // The reaction's condition now holds; its chance is drawn at the next tick.
        s.submit(decide("mfa", "cable", "blame")).unwrap();
        let mut f = s.fork();
        lockstep(&mut s, &mut f, 60);
        full_equality(&s, &f);
        fired.push(s.log().iter().any(
            |e| matches!(&e.event, Event::Reaction { reaction, .. } if reaction == "north-angry"),
        ));
    }
    assert!(fired.contains(&true) && fired.contains(&false), "{fired:?}");
}

#[test]
fn a_fork_mid_decision_keeps_it_open_and_goes_its_own_way() {
    let mut s = basic(2);
    s.advance(16);
    let f = s.fork();
    assert!(!s.open_decisions().is_empty());
    assert_eq!(f.open_decisions(), s.open_decisions());
    assert_eq!(f.team_view("mfa"), s.team_view("mfa"));
    // The copies are independent: a choice in one does not reach the other.
    let mut g = s.fork();
    g.submit(decide("mfa", "cable", "wait")).unwrap();
    same(&s, &f, "original untouched");
    assert_ne!(g.state_hash(), s.state_hash());
    s.submit(decide("mfa", "cable", "wait")).unwrap();
    same(&s, &g, "same choice");
    let mut f = f;
    f.submit(decide("mfa", "cable", "blame")).unwrap();
    assert_ne!(f.state_hash(), s.state_hash());
}

/// A small deterministic generator for the random play below.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// A random input the session would plausibly get now: a choice on an
/// open decision, a facilitator command or a note.
fn random_input(s: &Session, dice: &mut Dice) -> Option<Input> {
    let view = s.facilitator_view();
    let inject = view
        .injects
        .get(dice.next(view.injects.len()))?
        .inject
        .clone();
    Some(match dice.next(7) {
        0 | 1 => {
            let d = view.open.get(dice.next(view.open.len()))?;
            Input::Decide {
                team: d.teams[dice.next(d.teams.len())].clone(),
                decision: d.decision.clone(),
                option: d.options.get(dice.next(d.options.len()))?.id.clone(),
                rationale: Some(format!("roll {}", dice.0 % 100)),
            }
        }
        2 => Input::Hold { inject },
        3 => Input::Unhold { inject },
        4 => Input::Release { inject },
        5 => {
            let made = view.teams.get(dice.next(view.teams.len()))?;
            let m = made.made.last()?;
            Input::Note {
                decision: m.decision.clone(),
                team: made.team.clone(),
                rating: Some(Rating::S),
                text: "noted".into(),
            }
        }
        _ => Input::Extend {
            decision: view.open.first()?.decision.clone(),
            minutes: 5,
        },
    })
}

/// Random play on several scenarios and seeds, forked at a random minute
/// (and the fork forked again): every resource and component that matters
/// must be copied, or the hashes part.
#[test]
fn random_play_never_tells_a_fork_apart() {
    let scenarios = [
        scenario("basic"),
        scenario("conditions"),
        shipped("mission-compromise"),
        shipped("grid-election"),
    ];
    let (mut accepted, mut forked_in_play) = (0, 0);
    for sc in scenarios {
        let horizon = sc.meta.duration.min(300);
        for seed in 0..12u64 {
            let mut dice = Dice(seed * 7919 + 17);
            let mut s = Session::new(sc.clone(), seed);
            let fork_at = dice.next(horizon as usize / 2) as u32;
            let mut forks: Vec<Session> = Vec::new();
            while s.now() < horizon && !s.is_over() {
                if s.now() >= fork_at && forks.is_empty() {
                    forks.push(s.fork());
                } else if s.now() >= fork_at + 20 && forks.len() == 1 {
                    forks.push(forks[0].fork());
                }
                if dice.next(4) == 0
                    && let Some(input) = random_input(&s, &mut dice)
                {
                    let result = s.submit(input.clone());
                    accepted += usize::from(result.is_ok());
                    for f in &mut forks {
                        assert_eq!(f.submit(input.clone()), result);
                    }
                }
                s.tick();
                for f in &mut forks {
                    f.tick();
                    same(&s, f, &format!("{} seed {seed}", sc.meta.id));
                }
            }
            // Forked before the end (a random release may end it early).
            forked_in_play += usize::from(forks.len() == 2);
            while forks.len() < 2 {
                forks.push(forks.last().unwrap_or(&s).fork());
            }
            for f in &forks {
                full_equality(&s, f);
            }
        }
    }
    assert!(
        accepted > 100,
        "the random play did something: {accepted} inputs"
    );
    assert!(
        forked_in_play > 30,
        "forked mid-play {forked_in_play} times of 48"
    );
}
