use sitroom_norms::{Belief, Confidence, PastChoice, Score, render_text, reveal, score, scorecard};
use sitroom_scenario::ResponseKind;

use crate::support::{Case, context, fixture, truth};

fn belief(suspect: &str, probability: f64, confidence: Confidence) -> Belief {
    Belief {
        case: "c-outage".to_string(),
        suspect: suspect.to_string(),
        probability,
        confidence,
        evidence: 3,
    }
}

fn step(team: &str, decision: &str, option: &str, opened_at: u32, decided_at: u32) -> Case {
    Case {
        fact: String::new(),
        norm: None,
        decision: decision.to_string(),
        option: option.to_string(),
        team: team.to_string(),
        injury: 4,
        rung: 0,
        opened_at,
        decided_at,
        deadline_at: None,
        defaulted: false,
        beliefs: vec![
            belief("borduria", 0.35, Confidence::Low),
            belief("carpathia", 0.5, Confidence::Low),
            belief("grey-wolf", 0.15, Confidence::Low),
        ],
        history: Vec::new(),
        pending_evidence: Vec::new(),
        open_requests: Vec::new(),
        expect: None,
    }
}

/// Scores of a path of cases, with the reveal's evaluations added as the
/// engine adds them at the end.
fn play(cases: &[Case]) -> Vec<Score> {
    let scenario = fixture();
    let truth = truth(scenario);
    cases
        .iter()
        .map(|c| {
            let ctx = context(scenario, c);
            let mut s = score(&ctx);
            s.evaluations.extend(reveal(&ctx, &truth));
            s
        })
        .collect()
}

/// Restrained and lawful: waits for the forensics, uses legal channels,
/// answers the partner, then blames the right state once it is likely.
fn restrained() -> Vec<Case> {
    let mut wait = step("blue", "inj-respond", "patch", 0, 20);
    wait.pending_evidence = vec!["inj-forensics".to_string()];
    let data = step("blue", "inj-data", "mlat-share", 30, 50);
    let help = step("blue", "inj-request", "send-team", 45, 55);
    let mut blame = step("blue", "inj-escalate", "sanctions-only", 120, 140);
    blame.beliefs = vec![
        belief("borduria", 0.86, Confidence::High),
        belief("carpathia", 0.1, Confidence::High),
    ];
    blame.history = vec![PastChoice {
        decision: "inj-respond".to_string(),
        option: "patch".to_string(),
        at: 20,
        response: ResponseKind::Remediate,
        target: None,
        notified: false,
    }];
    vec![wait, data, help, blame]
}

/// Hawkish and premature: blames and strikes the false-flag victim before
/// the forensics arrive, seizes data, ignores the partner (by default).
fn hawkish() -> Vec<Case> {
    let mut blame = step("green", "inj-respond", "attrib-c", 0, 5);
    blame.pending_evidence = vec!["inj-forensics".to_string()];
    let seize = step("green", "inj-data", "seize", 30, 35);
    let mut ignore = step("green", "inj-request", "ignore", 45, 75);
    ignore.defaulted = true;
    ignore.open_requests = vec!["inj-request".to_string()];
    let mut strike = step("green", "inj-respond", "cm-c", 0, 40);
    strike.pending_evidence = vec!["inj-forensics".to_string()];
    vec![blame, seize, ignore, strike]
}

#[test]
fn restrained_outranks_hawkish_overall_and_per_shared_norm() {
    let mut scores = play(&restrained());
    scores.extend(play(&hawkish()));
    let blue = scorecard("blue", &scores);
    let green = scorecard("green", &scores);
    let (Some(b), Some(g)) = (blue.overall, green.overall) else {
        panic!("both teams were scored: {blue:?} {green:?}");
    };
    assert!(b > g, "restrained {b} should beat hawkish {g}");
    for line in &green.norms {
        if let Some(theirs) = blue.norms.iter().find(|l| l.norm == line.norm) {
            assert!(
                theirs.mean >= line.mean,
                "{}: blue {} < green {}",
                line.norm,
                theirs.mean,
                line.mean
            );
        }
    }
    assert_eq!((blue.decisions, blue.defaulted), (4, 0));
    assert_eq!((green.decisions, green.defaulted), (4, 1));
}

#[test]
fn scorecards_render_and_serialise() {
    let mut scores = play(&restrained());
    scores.extend(play(&hawkish()));
    // A decision no selected norm covers is listed as unscored.
    let mut unscored = play(&[step("blue", "inj-respond", "watch", 0, 10)]);
    unscored[0].evaluations.clear();
    unscored[0].unscored = true;
    scores.extend(unscored);

    let blue = scorecard("blue", &scores);
    let green = scorecard("green", &scores);
    insta::assert_snapshot!("restrained_text", render_text(&blue));
    insta::assert_snapshot!("hawkish_text", render_text(&green));
    let json = match serde_json::to_string_pretty(&green) {
        Ok(j) => j,
        Err(e) => panic!("{e}"),
    };
    insta::assert_snapshot!("hawkish_json", json);
    let back: sitroom_norms::Scorecard = match serde_json::from_str(&json) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(back, green);
}

#[test]
fn a_team_with_no_decisions_has_an_empty_scorecard() {
    let card = scorecard("nobody", &play(&restrained()));
    assert_eq!((card.decisions, card.overall, card.grade), (0, None, None));
    assert!(card.norms.is_empty());
    insta::assert_snapshot!("empty_text", render_text(&card));
}

/// The per-decision figure is the weighted mean the scorecard uses, so a
/// decision never shows two grades.
#[test]
fn a_decisions_overall_is_the_weighted_mean_of_its_evaluations() {
    use sitroom_norms::{Evaluation, Grade};
    let eval = |norm: &str, s: u8, weight: f64| Evaluation {
        norm: norm.to_string(),
        score: s,
        grade: Grade::from_score(s),
        reason: String::new(),
        source: String::new(),
        depends_on_truth: false,
        weight,
    };
    let mut s = Score {
        team: "t".into(),
        decision: "d".into(),
        option: "o".into(),
        at: 0,
        defaulted: false,
        evaluations: vec![eval("a", 100, 3.0), eval("b", 20, 1.0)],
        unscored: false,
    };
    // Unweighted it would be 60 (S); weighted (300 + 20) / 4 = 80.
    assert_eq!(s.overall(), Some((Grade::from_score(80), 80)));
    let card = scorecard("t", std::slice::from_ref(&s));
    assert_eq!(card.overall, Some(80.0));
    s.unscored = true;
    assert_eq!(s.overall(), None);
}
