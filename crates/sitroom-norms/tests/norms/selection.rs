use std::collections::BTreeMap;

use sitroom_norms::{Belief, Confidence, evaluate, score, selected_norms, unknown_norms};
use sitroom_scenario::Scenario;

use crate::support::{Case, context, fixture};

fn case(decision: &str, option: &str) -> Case {
    Case {
        fact: String::new(),
        norm: None,
        decision: decision.to_string(),
        option: option.to_string(),
        team: "blue".to_string(),
        injury: 3,
        rung: 0,
        opened_at: 0,
        decided_at: 10,
        deadline_at: None,
        defaulted: false,
        beliefs: vec![Belief {
            case: "c-outage".to_string(),
            suspect: "borduria".to_string(),
            probability: 0.6,
            confidence: Confidence::Moderate,
            evidence: 4,
        }],
        stated: Vec::new(),
        history: Vec::new(),
        state_history: Vec::new(),
        pending_evidence: Vec::new(),
        open_requests: Vec::new(),
        expect: None,
    }
}

fn with_norms(norms: &[(&str, f64)]) -> Scenario {
    let mut s = fixture().clone();
    s.norms = norms
        .iter()
        .map(|(id, w)| (id.to_string(), *w))
        .collect::<BTreeMap<_, _>>();
    s
}

#[test]
fn defaults_apply_when_the_scenario_selects_none() {
    let c = case("inj-respond", "cm-b-silent");
    let ctx = context(fixture(), &c);
    let got: Vec<(String, f64)> = evaluate(&ctx)
        .into_iter()
        .map(|e| (e.norm, e.weight))
        .collect();
    let want = [
        ("proportionality", 1.0),
        ("attribution-standard", 1.5),
        ("countermeasure-conditions", 1.5),
        ("necessity", 1.0),
        ("consider-information", 1.0),
        ("protect-infrastructure", 1.5),
        ("timeliness", 0.5),
    ];
    let want: Vec<(String, f64)> = want.iter().map(|(n, w)| (n.to_string(), *w)).collect();
    assert_eq!(got, want);
}

#[test]
fn a_selection_replaces_the_defaults_with_its_weights() {
    let s = with_norms(&[
        ("due-process", 2.0),
        ("gge-13k", 0.5),
        ("no-such-norm", 1.0),
    ]);
    let ids: Vec<&str> = selected_norms(&s)
        .iter()
        .map(|(n, _)| n.id.as_str())
        .collect();
    assert_eq!(ids, ["due-process", "gge-13k"]);
    assert_eq!(unknown_norms(&s), ["no-such-norm"]);
    assert!(unknown_norms(fixture()).is_empty());

    let c = case("inj-data", "seize");
    let ctx = context(&s, &c);
    let got: Vec<(String, u8, f64)> = evaluate(&ctx)
        .into_iter()
        .map(|e| (e.norm, e.score, e.weight))
        .collect();
    assert_eq!(
        got,
        [
            ("due-process".to_string(), 0, 2.0),
            ("gge-13k".to_string(), 100, 0.5)
        ]
    );
}

#[test]
fn a_decision_no_norm_covers_is_unscored_not_dropped() {
    let s = with_norms(&[("due-process", 1.0), ("gge-13c", 1.0)]);
    let c = case("inj-respond", "watch");
    let ctx = context(&s, &c);
    let got = score(&ctx);
    assert!(got.unscored);
    assert!(got.evaluations.is_empty());
    assert_eq!(
        (
            got.team.as_str(),
            got.decision.as_str(),
            got.option.as_str(),
            got.at,
            got.defaulted
        ),
        ("blue", "inj-respond", "watch", 10, false)
    );

    let c = case("inj-data", "mlat-share");
    let scored = score(&context(&s, &c));
    assert!(!scored.unscored);
    assert_eq!(scored.evaluations.len(), 1);
}

#[test]
fn every_evaluation_carries_its_source_by_legal_family() {
    let c = case("inj-respond", "cyber-grid");
    let ctx = context(fixture(), &c);
    for e in evaluate(&ctx) {
        assert!(!e.source.is_empty(), "{}", e.norm);
        assert!(e.reason.ends_with('.'), "{}: {}", e.norm, e.reason);
    }
    // ARSIWA art. 51 is the rule for countermeasures only; retorsion cites
    // the EU Cyber Diplomacy Toolbox (2017), and never ARSIWA.
    let source = |option: &str, norm: &str| {
        let c = case("inj-respond", option);
        evaluate(&context(fixture(), &c))
            .into_iter()
            .find(|e| e.norm == norm)
            .map(|e| e.source)
            .unwrap_or_default()
    };
    let cm = source("cm-b-notified", "proportionality");
    assert!(
        cm.contains("ARSIWA art. 51") && !cm.contains("Toolbox"),
        "{cm}"
    );
    let retorsion = source("expel-b", "proportionality");
    assert!(
        retorsion.contains("Toolbox") && !retorsion.contains("ARSIWA"),
        "{retorsion}"
    );
    let accusation = source("attrib-b", "attribution-standard");
    assert!(
        accusation.contains("§28(f)") && !accusation.contains("ARSIWA"),
        "{accusation}"
    );
    let countermeasure = source("cm-b-notified", "attribution-standard");
    assert!(
        countermeasure.contains("ARSIWA art. 49(1)"),
        "{countermeasure}"
    );
}

/// Lapsed and defaulted decisions count as failures to act where the task
/// required action (HSEEP U, "unable to be performed"; UN GGE 2015 §13(h):
/// a default is not an answer).
#[test]
fn a_default_that_does_nothing_where_action_was_required_is_a_failure_to_act() {
    let mut watch = case("inj-respond", "watch");
    watch.defaulted = true;
    let s = score(&context(fixture(), &watch));
    assert!(s.failed_to_act);
    assert_eq!(s.overall().map(|(g, _)| g), Some(sitroom_norms::Grade::U));
    // A team that decided to watch did act on the task.
    let chosen = score(&context(fixture(), &case("inj-respond", "watch")));
    assert!(!chosen.failed_to_act);
    // A partner's request left to its default is never answered, whatever the default.
    let mut request = case("inj-request", "share-iocs");
    request.defaulted = true;
    assert!(score(&context(fixture(), &request)).failed_to_act);
    // A default that acts is the clock's action: timeliness scores it, but
    // the task was not left undone.
    let mut acting = case("inj-data", "mlat-share");
    acting.defaulted = true;
    assert!(!score(&context(fixture(), &acting)).failed_to_act);
}

/// A lapse (no choice, no default) counts as a failure to act where the
/// decision offered action (HSEEP U), scored by timeliness when selected.
#[test]
fn a_lapse_is_a_failure_to_act_scored_by_timeliness() {
    let scenario = fixture();
    let Some(inject) = scenario.injects.iter().find(|i| i.id == "inj-escalate") else {
        panic!("fixture has inj-escalate");
    };
    let s = sitroom_norms::lapse(scenario, "blue", inject, 120, 150);
    assert!(s.failed_to_act && !s.unscored && !s.defaulted && s.option.is_empty());
    assert_eq!(s.at, 150);
    let norms: Vec<(&str, u8)> = s
        .evaluations
        .iter()
        .map(|e| (e.norm.as_str(), e.score))
        .collect();
    assert_eq!(norms, [("timeliness", 0)]);
    assert!(
        s.evaluations[0]
            .reason
            .contains("'Next step against Borduria' has no default")
    );
    assert_eq!(s.overall().map(|(g, _)| g), Some(sitroom_norms::Grade::U));
    let card = sitroom_norms::scorecard("blue", std::slice::from_ref(&s));
    assert_eq!(card.decisions, 1);
    assert_eq!(card.failures.len(), 1);
    // With timeliness not selected, the lapse is still listed, unscored.
    let quiet = with_norms(&[("due-process", 1.0)]);
    let s = sitroom_norms::lapse(&quiet, "blue", inject, 120, 150);
    assert!(s.unscored && s.failed_to_act);
}

/// Declining an unlawful request is lawful and never ranks below sending
/// it (UN GGE 2015 §13(e), (h): appropriate requests; HSEEP M/U for acts
/// that depart from the law): compared on the decision's grade and mean.
#[test]
fn declining_an_unlawful_request_never_ranks_below_sending_it() {
    let decide = |option: &str| {
        let mut c = case("inj-bulk", option);
        c.opened_at = 60;
        c.decided_at = 70;
        score(&context(fixture(), &c))
    };
    let (refuse, send) = (decide("refuse"), decide("send-bulk"));
    let (Some((rg, rm)), Some((sg, sm))) = (refuse.overall(), send.overall()) else {
        panic!("both are scored: {refuse:?} {send:?}");
    };
    assert_eq!(rg, sitroom_norms::Grade::P);
    assert_eq!(sg, sitroom_norms::Grade::U);
    assert!(rm >= sm, "refusal {rm} below sending {sm}");
    // Where a lawful answer existed, declining still fails assistance, but
    // sending the unlawful data is graded worse (U, a grave breach).
    let mut data = case("inj-data", "wait");
    data.opened_at = 30;
    data.decided_at = 40;
    let wait = score(&context(fixture(), &data));
    data.option = "no-basis".to_string();
    let mail = score(&context(fixture(), &data));
    assert!(wait.overall().map(|(g, _)| g) < mail.overall().map(|(g, _)| g));
}
