use sitroom_engine::{LogKind, Session};

use crate::support::{decide, released_at, scenario};

fn session() -> Session {
    Session::new(scenario("conditions"), 11)
}

fn level(s: &Session) -> (i32, String) {
    let e = s.facilitator_view().escalation;
    (e.level, e.name)
}

#[test]
fn condition_triggers_release_when_they_first_hold() {
    let mut s = session();
    s.advance(2);
    // "ev" at 1 moves team a to 8/9 on x; the trigger sees it at the next tick.
    assert_eq!(released_at(&s, "ev"), Some(1));
    assert_eq!(released_at(&s, "conf"), Some(2));
    assert_eq!(released_at(&s, "all"), Some(2));
    s.advance(20);
    assert_eq!(released_at(&s, "any"), Some(10));
    for never in ["conf-no", "hostile", "guarded", "high", "chose-b"] {
        assert_eq!(released_at(&s, never), None, "{never}");
    }
}

#[test]
fn deciders_default_to_the_player_recipients() {
    let mut s = session();
    s.advance(3);
    let d1 = s
        .open_decisions()
        .into_iter()
        .find(|d| d.decision == "d1")
        .unwrap();
    assert_eq!(d1.teams, ["a"], "w receives d1 but is not a player team");
    assert!(
        s.team_view("w")
            .unwrap()
            .feed
            .iter()
            .any(|f| f.inject == "d1")
    );
    assert!(s.team_view("w").unwrap().decisions.is_empty());
}

#[test]
fn add_and_set_on_the_ladder_settle_on_the_rung_at_or_below() {
    let mut s = session();
    s.advance(5);
    s.submit(decide("a", "d1", "escalate")).unwrap(); // 0 + 3 → the rung at level 2
    assert_eq!(level(&s), (2, "Words".to_string()));
    assert_eq!(crate::support::var(&s, "v"), 4);

    let mut s = session();
    s.advance(5);
    s.submit(decide("a", "d1", "lower")).unwrap(); // Set(-5) → the lowest rung, unchanged
    assert_eq!(level(&s).0, 0);
    assert!(!s.log().iter().any(|e| e.kind() == LogKind::Escalated));
}

#[test]
fn posture_and_ladder_conditions_follow_the_effects() {
    let mut s = session();
    s.advance(5);
    s.submit(decide("a", "d1", "set")).unwrap();
    assert_eq!(level(&s), (6, "Operations".to_string()));
    s.advance(1);
    assert_eq!(released_at(&s, "high"), Some(6));
    assert_eq!(released_at(&s, "hostile"), Some(6));
    assert_eq!(
        released_at(&s, "guarded"),
        Some(6),
        "Posture(x, Guarded) means at least guarded"
    );
    assert_eq!(released_at(&s, "chose-b"), None, "team b did not choose");
}
