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

fn assess(team: &str, case: &str, suspect: &str) -> Input {
    Input::Assess {
        team: team.into(),
        case: case.into(),
        suspect: suspect.into(),
        likelihood: sitroom_engine::Likelihood::Likely,
        confidence: Confidence::Low,
    }
}

#[test]
fn a_team_states_its_own_judgement_on_a_case_it_has_heard_of() {
    use sitroom_engine::InputError;
    let mut s = basic(1);
    // Not yet heard of: the refusal does not tell the team the case exists.
    assert_eq!(
        s.submit(assess("cert", "breach", "north")),
        Err(InputError::CaseNotFollowed {
            team: "cert".into(),
            case: "breach".into()
        })
    );
    s.advance(5); // the alert tells cert of the case
    let before = s.state_hash();
    assert_eq!(
        s.submit(assess("cert", "nowhere", "north")),
        Err(InputError::UnknownCase("nowhere".into()))
    );
    assert_eq!(
        s.submit(assess("cert", "breach", "west")),
        Err(InputError::NotASuspect {
            case: "breach".into(),
            suspect: "west".into()
        })
    );
    // Red keeps no beliefs on this case (`sees.cases`).
    assert!(matches!(
        s.submit(assess("red", "breach", "north")),
        Err(InputError::CaseNotFollowed { .. })
    ));
    assert_eq!(s.state_hash(), before, "refused judgements change nothing");
    s.submit(assess("cert", "breach", "north")).unwrap();
    assert_ne!(s.state_hash(), before, "a judgement is part of the state");
    let view = s.team_view("cert").unwrap();
    assert_eq!(view.assessments.len(), 1);
    let a = &view.assessments[0];
    assert_eq!(
        (
            a.case.as_str(),
            a.name.as_str(),
            a.likelihood,
            a.confidence,
            a.at
        ),
        (
            "breach",
            "Northland",
            sitroom_engine::Likelihood::Likely,
            Confidence::Low,
            5
        )
    );
    // A later judgement replaces it.
    s.advance(2);
    s.submit(Input::Assess {
        team: "cert".into(),
        case: "breach".into(),
        suspect: "south".into(),
        likelihood: sitroom_engine::Likelihood::RoughlyEven,
        confidence: Confidence::Low,
    })
    .unwrap();
    let view = s.team_view("cert").unwrap();
    assert_eq!(view.assessments.len(), 1);
    assert_eq!(view.assessments[0].suspect, "south");
    assert!(
        s.team_view("mfa").unwrap().assessments.is_empty(),
        "a judgement is the team's own"
    );
}

#[test]
fn a_hidden_board_keeps_the_estimates_from_the_team_but_not_the_facilitator() {
    let mut s = basic(1);
    s.advance(5);
    let shown = s.team_view("cert").unwrap();
    assert!(shown.board && !shown.beliefs.is_empty());
    s.submit(Input::Board {
        team: "cert".into(),
        shown: false,
    })
    .unwrap();
    let hidden = s.team_view("cert").unwrap();
    assert!(!hidden.board);
    assert!(hidden.beliefs.is_empty(), "no estimate reaches the team");
    let json = serde_json::to_string(&hidden).unwrap();
    assert!(!json.contains("probability"), "{json}");
    // It can still judge: the case and its suspects are listed.
    assert_eq!(hidden.cases.len(), 1);
    assert_eq!(hidden.cases[0].suspects.len(), 2);
    s.submit(assess("cert", "breach", "north")).unwrap();
    let f = s.facilitator_view();
    let cert = f.teams.iter().find(|t| t.team == "cert").unwrap();
    assert!(
        !cert.beliefs.is_empty(),
        "the facilitator sees the engine's estimate"
    );
    assert_eq!(cert.assessments.len(), 1);
    s.submit(Input::Board {
        team: "cert".into(),
        shown: true,
    })
    .unwrap();
    assert!(!s.team_view("cert").unwrap().beliefs.is_empty());
}

#[test]
fn a_scenario_can_hide_the_board_from_a_team() {
    let mut sc = (*crate::support::scenario("basic")).clone();
    sc.teams
        .iter_mut()
        .find(|t| t.id == "cert")
        .unwrap()
        .sees
        .board = false;
    let mut s = sitroom_engine::Session::new(std::sync::Arc::new(sc), 1);
    s.advance(5);
    let view = s.team_view("cert").unwrap();
    assert!(!view.board && view.beliefs.is_empty() && view.cases.len() == 1);
}

#[test]
fn a_facilitators_rating_can_name_the_norm_it_rates() {
    use sitroom_engine::{InputError, Rating};
    let mut s = basic(1);
    let observe = |norm: &str| Input::Observe {
        team: Some("mfa".into()),
        objective: None,
        norm: Some(norm.into()),
        rating: Some(Rating::M),
        text: "Let its territory be used.".into(),
    };
    let before = s.state_hash();
    assert_eq!(
        s.submit(observe("no-such-norm")),
        Err(InputError::UnknownNorm("no-such-norm".into()))
    );
    assert_eq!(s.state_hash(), before);
    s.submit(observe("gge-13c")).unwrap();
    assert_ne!(s.state_hash(), before);
    let notes = s.facilitator_view().notes;
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].norm.as_deref(), Some("gge-13c"));
    assert_eq!(notes[0].rating, Some(Rating::M));
}

#[test]
fn the_estimates_of_a_hidden_board_stay_available_to_analysis() {
    let mut s = basic(1);
    s.advance(5);
    s.submit(Input::Board {
        team: "cert".into(),
        shown: false,
    })
    .unwrap();
    assert!(s.team_view("cert").unwrap().beliefs.is_empty());
    let full = s.team_view_with_estimates("cert").unwrap();
    assert_eq!(full.beliefs.len(), 1);
    assert!(s.team_view_with_estimates("nobody").is_none());
}
