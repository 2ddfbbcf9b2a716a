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
        history: Vec::new(),
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
fn every_evaluation_carries_its_catalogue_source() {
    let c = case("inj-respond", "cyber-grid");
    let ctx = context(fixture(), &c);
    for e in evaluate(&ctx) {
        let norm = sitroom_norms::catalogue().norm(&e.norm);
        assert_eq!(
            norm.map(|n| n.source.as_str()),
            Some(e.source.as_str()),
            "{}",
            e.norm
        );
        assert!(e.reason.ends_with('.'), "{}: {}", e.norm, e.reason);
    }
}
