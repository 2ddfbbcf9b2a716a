use sitroom_engine::{Event, LogKind, Session};

use crate::support::{basic, decide, released_at};

fn blame(seed: u64) -> Session {
    let mut s = basic(seed);
    s.advance(15);
    s.submit(decide("mfa", "cable", "blame")).unwrap();
    s.advance(1);
    s
}

fn fired(s: &Session) -> bool {
    s.log().iter().any(|e| {
        e.event
            == Event::Reaction {
                actor: "north".into(),
                reaction: "north-angry".into(),
            }
    })
}

#[test]
fn a_chance_reaction_depends_on_the_seed_only() {
    let outcomes: Vec<bool> = (0..40).map(|seed| fired(&blame(seed))).collect();
    assert!(
        outcomes.iter().any(|&f| f),
        "chance 0.5 never fired in 40 seeds"
    );
    assert!(
        outcomes.iter().any(|&f| !f),
        "chance 0.5 always fired in 40 seeds"
    );
    for seed in 0..40 {
        assert_eq!(
            fired(&blame(seed)),
            outcomes[seed as usize],
            "seed {seed} is not reproducible"
        );
    }
}

#[test]
fn a_reaction_fires_at_most_once_and_waits_for_its_condition() {
    let mut s = basic(3);
    s.advance(49);
    assert!(!s.log().iter().any(|e| e.kind() == LogKind::Reaction));
    s.advance(1);
    s.advance(30);
    let count = s
        .log()
        .iter()
        .filter(|e| e.kind() == LogKind::Reaction)
        .count();
    assert_eq!(count, 1, "south-calm (Elapsed(50)) fires once");
    let seed = (0..40).find(|&seed| fired(&blame(seed))).unwrap();
    let mut s = blame(seed);
    assert_eq!(var_pressure(&s), 3);
    s.advance(1);
    assert_eq!(
        released_at(&s, "retaliation"),
        None,
        "the war ending came first"
    );
}

fn var_pressure(s: &Session) -> i32 {
    crate::support::var(s, "pressure")
}
