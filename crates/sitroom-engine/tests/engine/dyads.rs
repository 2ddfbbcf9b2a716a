//! Escalation per pair of actors and injury per state (`tests/fixtures/dyads.ron`).

use sitroom_engine::{Event, Session};

use crate::support::{decide, released_at, scenario, shipped};

fn session() -> Session {
    Session::new(scenario("dyads"), 1)
}

/// (crisis level, Arden–Corvania level, Arden–Drosk level).
fn levels(s: &Session) -> (i32, i32, i32) {
    let f = s.facilitator_view();
    (
        f.escalation.level,
        f.dyads[0].rung.level,
        f.dyads[1].rung.level,
    )
}

#[test]
fn an_option_escalates_the_dyad_it_acts_on_and_the_crisis_follows_the_highest() {
    let mut s = session();
    // Minute 0: the intrusion moves the general level to 1, the floor of
    // every dyad (Corvania's starts at 0, Drosk's at 1).
    assert_eq!(levels(&s), (1, 1, 1));
    s.advance(10);
    s.submit(decide("mfa", "cable", "press-drosk")).unwrap();
    assert_eq!(levels(&s), (4, 1, 4), "only Arden–Drosk moved");
    assert!(s.log().iter().any(|e| e.event
        == Event::DyadEscalated {
            a: "arden".into(),
            b: "drosk".into(),
            from: 1,
            to: 4
        }));
    assert!(
        s.log()
            .iter()
            .any(|e| e.event == Event::Escalated { from: 1, to: 4 })
    );
}

#[test]
fn pressing_one_state_does_not_make_another_retaliate() {
    // The flagship's bug, as a class: with one shared ladder, pressing Drosk
    // to rung 4 would have fired Corvania's "answers at 3 or more".
    let mut s = session();
    s.advance(10);
    s.submit(decide("mfa", "cable", "press-drosk")).unwrap();
    s.advance(60);
    assert_eq!(released_at(&s, "corvania-expels"), None);
    assert!(!s.is_over());

    let mut s = session();
    s.advance(10);
    s.submit(decide("mfa", "cable", "press-corvania")).unwrap();
    s.advance(5);
    // The reaction fires at the next tick; its release is due the minute after.
    assert_eq!(released_at(&s, "corvania-expels"), Some(12));
    assert_eq!(
        levels(&s),
        (4, 4, 1),
        "Corvania's answer moved its own dyad"
    );
    assert_eq!(
        s.outcome().and_then(|o| o.ending.as_deref()),
        Some("rupture")
    );
}

#[test]
fn an_option_with_no_dyad_moves_the_general_level() {
    let mut s = session();
    s.advance(10);
    s.submit(decide("mfa", "cable", "statement")).unwrap();
    // Every dyad stands at least where the whole crisis does.
    assert_eq!(levels(&s), (2, 2, 2));
}

#[test]
fn a_team_sees_the_dyads_of_its_own_state_only() {
    let s = session();
    let mfa = s.team_view("mfa").unwrap();
    let pairs: Vec<&str> = mfa.dyads.iter().map(|d| d.other_name("arden")).collect();
    assert_eq!(pairs, ["Corvania", "Drosk"]);
    assert!(s.team_view("ally").unwrap().dyads.is_empty());
    let json = serde_json::to_string(&s.team_view("ally").unwrap()).unwrap();
    assert!(!json.contains("drosk"), "{json}");
    assert_eq!(s.facilitator_view().dyads.len(), 2);
}

#[test]
fn each_team_is_scored_against_its_own_states_injury() {
    let mut s = session();
    s.advance(20);
    s.submit(decide("mfa", "measures", "sanction")).unwrap();
    s.submit(decide("ally", "measures", "sanction")).unwrap();
    let reason = |team: &str| {
        s.scores()
            .into_iter()
            .find(|x| x.team == team && x.decision == "measures")
            .and_then(|x| {
                x.evaluations
                    .into_iter()
                    .find(|e| e.norm == "proportionality")
            })
            .map(|e| (e.score, e.reason))
            .unwrap()
    };
    let (arden, why) = reason("mfa");
    assert!(why.contains("injury of 6/10"), "{why}");
    assert_eq!(arden, 100);
    // Belmark suffered nothing: the same sanctions are out of measure for it.
    let (belmark, why) = reason("ally");
    assert!(why.contains("injury of 0/10"), "{why}");
    assert!(belmark < arden, "{belmark} vs {arden}");
}

#[test]
fn a_measure_taken_for_another_state_is_weighed_against_that_states_injury() {
    let mut s = session();
    s.advance(20);
    s.submit(decide("ally", "measures", "support")).unwrap();
    let score = s.scores().into_iter().find(|x| x.team == "ally").unwrap();
    let why = &score
        .evaluations
        .iter()
        .find(|e| e.norm == "proportionality")
        .unwrap()
        .reason;
    assert!(why.contains("injury of 6/10"), "{why}");
}

#[test]
fn dyads_are_hashed_and_a_fork_keeps_them() {
    let mut a = session();
    let mut b = session();
    a.advance(10);
    b.advance(10);
    a.submit(decide("mfa", "cable", "press-drosk")).unwrap();
    b.submit(decide("mfa", "cable", "statement")).unwrap();
    // Both lift the crisis, but to different pairs: the hashes differ.
    assert_ne!(a.state_hash(), b.state_hash());
    let f = a.fork();
    assert_eq!(f.state_hash(), a.state_hash());
    assert_eq!(levels(&f), levels(&a));
}

#[test]
fn in_the_flagship_confronting_maruvia_does_not_bring_orvanias_expulsions() {
    // Orvania is made hostile early (a press brief naming it), then the MFA
    // turns on Maruvia: démarche, joint attribution, a countermeasure. On one
    // shared ladder those steps reached rung 4 and released "Orvania expels
    // Valdorian diplomats" (a 70% chance); Orvania reacts to its own dyad.
    let sc = shipped("scenarios/mission-compromise.ron");
    for seed in 0..16 {
        let mut s = Session::new(std::sync::Arc::clone(&sc), seed);
        for (at, decision, option) in [
            (38, "host-query", "press-brief"),
            (165, "maruvia-confront", "demarche-maruvia"),
            (183, "attribution-call", "joint-maruvia"),
            (207, "next-steps", "cm-maruvia"),
        ] {
            s.advance(at - s.now());
            if s.is_over() {
                break;
            }
            s.submit(decide("mfa", decision, option)).unwrap();
        }
        s.advance(240 - s.now());
        let f = s.facilitator_view();
        let posture = f
            .postures
            .iter()
            .find(|(a, _)| a == "state-orvania")
            .unwrap()
            .1;
        assert_eq!(posture, sitroom_scenario::Posture::Hostile, "seed {seed}");
        let maruvia = f
            .dyads
            .iter()
            .find(|d| d.between.1 == "state-maruvia")
            .unwrap();
        assert!(maruvia.rung.level >= 3, "seed {seed}: {maruvia:?}");
        assert_eq!(released_at(&s, "orvania-expels"), None, "seed {seed}");
    }
}
