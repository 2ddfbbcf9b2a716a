use std::sync::Arc;

use sitroom_engine::{Event, Input, Session};
use sitroom_scenario::{Effect, Posture};

use crate::support::{basic, decide, scenario, var};

#[test]
fn variables_clamp_to_their_bounds() {
    let mut s = basic(1);
    assert_eq!(var(&s, "disruption"), 4);
    s.advance(5); // alert: Add("disruption", 3) → 7 clamped to 5
    assert_eq!(var(&s, "disruption"), 5);
    s.advance(10);
    assert_eq!(var(&s, "pressure"), 2);
    s.submit(decide("mfa", "cable", "demarche")).unwrap(); // Add("pressure", 20) → 10
    assert_eq!(var(&s, "pressure"), 10);
    s.advance(25); // forensics: Set("disruption", -7) → clamped to 0
    assert_eq!(var(&s, "disruption"), 0);
}

#[test]
fn escalate_moves_by_rungs_and_clamps_at_the_top() {
    let mut s = basic(1);
    let rung = |s: &sitroom_engine::Session| s.facilitator_view().escalation;
    assert_eq!((rung(&s).level, rung(&s).index, rung(&s).of), (1, 1, 5));
    assert_eq!(rung(&s).name, "Tension");
    s.advance(15);
    s.submit(decide("mfa", "cable", "demarche")).unwrap();
    assert_eq!(rung(&s).level, 2);
    let mut s = basic(1);
    s.advance(15);
    s.submit(decide("mfa", "cable", "blame")).unwrap(); // Escalate(9)
    assert_eq!((rung(&s).level, rung(&s).index), (4, 4));
    assert!(
        s.log()
            .iter()
            .any(|e| matches!(e.event, Event::Escalated { to: 4, .. }))
    );
    assert_eq!(
        s.team_view("red").unwrap().escalation,
        rung(&s),
        "the rung is visible to every team"
    );
}

#[test]
fn postures_change_and_are_logged() {
    let mut s = basic(1);
    let posture = |s: &sitroom_engine::Session, a: &str| {
        s.facilitator_view()
            .postures
            .into_iter()
            .find(|(id, _)| id == a)
            .unwrap()
            .1
    };
    assert_eq!(posture(&s, "north"), Posture::Guarded);
    s.advance(15);
    s.submit(decide("mfa", "cable", "blame")).unwrap();
    assert_eq!(posture(&s, "north"), Posture::Hostile);
    assert!(s.log().iter().any(|e| e.event
        == Event::PostureChanged {
            actor: "north".into(),
            from: Posture::Guarded,
            to: Posture::Hostile
        }));
}

/// `Harden` and `Soften` step from wherever the actor stands, clamped at
/// the ends (issue 16: relative posture effects), where `SetPosture` sets.
#[test]
fn harden_and_soften_step_from_the_current_posture() {
    let with = |effects: Vec<Effect>| {
        let mut sc = (*scenario("basic")).clone();
        let cable = sc.injects.iter_mut().find(|i| i.id == "cable").unwrap();
        let wait = cable
            .decision
            .as_mut()
            .unwrap()
            .options
            .iter_mut()
            .find(|o| o.id == "wait")
            .unwrap();
        wait.effects = effects;
        let mut s = Session::new(Arc::new(sc), 1);
        s.advance(15);
        s.submit(decide("mfa", "cable", "wait")).unwrap();
        s.facilitator_view()
            .postures
            .into_iter()
            .find(|(id, _)| id == "north")
            .unwrap()
            .1
    };
    let north = || "north".to_string();
    // North starts guarded.
    assert_eq!(with(vec![Effect::Harden(north())]), Posture::Hostile);
    assert_eq!(
        with(vec![Effect::Harden(north()), Effect::Harden(north())]),
        Posture::Hostile,
        "a hostile actor stays hostile"
    );
    assert_eq!(with(vec![Effect::Soften(north())]), Posture::Neutral);
    assert_eq!(
        with(vec![
            Effect::Soften(north()),
            Effect::Soften(north()),
            Effect::Soften(north())
        ]),
        Posture::Cooperative,
        "a cooperative actor stays cooperative"
    );
    assert_eq!(
        with(vec![
            Effect::SetPosture(north(), Posture::Hostile),
            Effect::Soften(north())
        ]),
        Posture::Guarded
    );
}

#[test]
fn an_end_effect_ends_the_session_at_once() {
    let mut s = basic(1);
    s.advance(7);
    s.submit(Input::Release {
        inject: "spare".into(),
    })
    .unwrap();
    let outcome = s.outcome().unwrap();
    assert_eq!((outcome.ending.as_deref(), outcome.at), (Some("never"), 7));
    assert_eq!(outcome.title, "Never");
}
