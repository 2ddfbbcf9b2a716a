use sitroom_engine::{Input, Session};

use crate::support::{basic, decide};

fn script(seed: u64) -> Session {
    let mut s = basic(seed);
    s.advance(15);
    s.submit(decide("mfa", "cable", "blame")).unwrap();
    s.advance(2);
    s
}

#[test]
fn same_seed_and_inputs_give_the_same_hash() {
    for seed in [0, 1, 42, u64::MAX] {
        assert_eq!(script(seed).state_hash(), script(seed).state_hash());
    }
    assert_eq!(basic(1).state_hash(), basic(1).state_hash());
}

#[test]
fn the_hash_covers_the_state() {
    let (a, b) = (basic(1), basic(2));
    assert_ne!(
        a.state_hash(),
        b.state_hash(),
        "the seed is part of the state"
    );
    let mut c = basic(1);
    c.submit(Input::Hold {
        inject: "alert".into(),
    })
    .unwrap();
    assert_ne!(c.state_hash(), a.state_hash());
    let mut d = basic(1);
    d.advance(1);
    assert_ne!(d.state_hash(), a.state_hash());
    // The chance reaction makes some seeds diverge in substance, not only in the seed.
    let fired: Vec<usize> = (0..20).map(|seed| script(seed).log().len()).collect();
    assert!(fired.iter().any(|&n| n != fired[0]), "{fired:?}");
}
