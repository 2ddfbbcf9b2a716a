use sitroom_engine::{Confidence, Input};

use crate::support::{basic, decide};

fn suspects(s: &sitroom_engine::Session, team: &str) -> Vec<(String, f64, String)> {
    let view = s.team_view(team).unwrap();
    assert_eq!(view.beliefs.len(), 1);
    view.beliefs[0]
        .suspects
        .iter()
        .map(|x| (x.actor.clone(), x.probability, x.term.clone()))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn evidence_updates_only_the_teams_it_reaches() {
    let mut s = basic(1);
    assert!(
        s.team_view("cert").unwrap().beliefs.is_empty(),
        "no inject has told cert of the case yet"
    );
    s.advance(5); // alert, For(north), cert only
    let cert = suspects(&s, "cert");
    assert!(close(cert[0].1, 0.75) && close(cert[1].1, 0.25), "{cert:?}");
    assert_eq!(
        (cert[0].2.as_str(), cert[1].2.as_str()),
        ("likely", "unlikely")
    );
    assert_eq!(
        s.team_view("cert").unwrap().beliefs[0].confidence,
        Confidence::Low
    );
    assert!(
        s.team_view("mfa").unwrap().beliefs.is_empty(),
        "mfa did not get the alert, so it has not heard of the case"
    );
    s.advance(35); // forensics: north Against, south StronglyFor → 0.25 : 2.0
    let cert = suspects(&s, "cert");
    assert!(
        close(cert[0].1, 0.25 / 2.25) && close(cert[1].1, 2.0 / 2.25),
        "{cert:?}"
    );
    let view = s.team_view("cert").unwrap();
    assert_eq!(
        (view.beliefs[0].evidence, view.beliefs[0].confidence),
        (2, Confidence::Moderate)
    );
    assert_eq!(view.beliefs[0].suspects[1].name, "Southland");
    assert!(
        s.team_view("mfa").unwrap().beliefs.is_empty(),
        "mfa cannot see technical alerts, so no inject told it of the case"
    );
}

#[test]
fn follow_up_evidence_reaches_the_deciding_team() {
    let mut s = basic(1);
    s.advance(15);
    s.submit(decide("mfa", "cable", "demarche")).unwrap();
    s.advance(1); // reply: WeaklyAgainst(north)
    let mfa = suspects(&s, "mfa");
    assert!(close(mfa[0].1, (1.0 / 3.0) / (1.0 / 3.0 + 0.5)), "{mfa:?}");
    assert_eq!(
        s.team_view("mfa").unwrap().beliefs[0].confidence,
        Confidence::Low
    );
}

#[test]
fn the_truth_is_only_in_the_facilitator_view() {
    let mut s = basic(1);
    s.submit(Input::End { reason: "x".into() }).unwrap();
    let f = s.facilitator_view();
    assert_eq!(f.truth.len(), 1);
    assert_eq!(f.truth[0].1.culprit, "south");
    let json = serde_json::to_string(&s.team_view("mfa").unwrap()).unwrap();
    assert!(!json.contains("Planted strings"), "{json}");
}
