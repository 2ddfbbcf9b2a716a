use sitroom_norms::{
    Belief, Confidence, Grade, PastChoice, PendingEvidence, Score, render_text, reveal, score,
    scorecard, scorecard_for,
};
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

fn forensics(due_in: u32) -> Vec<PendingEvidence> {
    vec![PendingEvidence {
        inject: "inj-forensics".to_string(),
        due_in: Some(due_in),
    }]
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
        stated: Vec::new(),
        history: Vec::new(),
        state_history: Vec::new(),
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
    wait.pending_evidence = forensics(70);
    let data = step("blue", "inj-data", "mlat-share", 30, 50);
    let help = step("blue", "inj-request", "send-team", 45, 55);
    let mut blame = step("blue", "inj-escalate", "sanctions-only", 120, 140);
    blame.beliefs = vec![
        belief("borduria", 0.86, Confidence::High),
        belief("carpathia", 0.1, Confidence::High),
    ];
    blame.history = vec![PastChoice {
        team: "blue".to_string(),
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
    blame.pending_evidence = forensics(85);
    let seize = step("green", "inj-data", "seize", 30, 35);
    let mut ignore = step("green", "inj-request", "ignore", 45, 75);
    ignore.defaulted = true;
    ignore.open_requests = vec!["inj-request".to_string()];
    let mut strike = step("green", "inj-respond", "cm-c", 0, 40);
    strike.pending_evidence = forensics(50);
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
    // Legality before averages (HSEEP M: departed from laws; ARSIWA art.
    // 49(1), UN GGE 2015 §13(e)): the hawkish team acted unlawfully, so it is
    // graded at most M whatever its mean; the restrained team is not capped.
    assert!(blue.failures.is_empty(), "{:?}", blue.failures);
    assert_eq!(blue.grade, blue.mean_grade);
    assert!(green.grade >= Some(Grade::M), "{:?}", green.grade);
    assert!(!green.failures.is_empty());
    // The ignored request was left to the default: a failure to act.
    assert!(
        green
            .failures
            .iter()
            .any(|f| f.norm.is_none() && f.cap == Grade::U)
    );
}

/// At the time and in hindsight are never blended: the reveal's re-scores
/// do not move the norm means, the overall figure or the grade, and are
/// shown on their own lines.
#[test]
fn the_reveal_is_kept_apart_from_the_scores_at_the_time() {
    let scenario = fixture();
    let cases = hawkish();
    let at_the_time: Vec<Score> = cases.iter().map(|c| score(&context(scenario, c))).collect();
    let with_reveal = play(&cases);
    let before = scorecard("green", &at_the_time);
    let after = scorecard("green", &with_reveal);
    assert_eq!(before.norms, after.norms);
    assert_eq!((before.overall, before.grade), (after.overall, after.grade));
    assert!(before.hindsight.is_empty() && before.hindsight_overall.is_none());
    assert!(!after.hindsight.is_empty());
    assert!(after.hindsight.iter().all(|l| l.revealed == l.evaluations));
    assert!(after.norms.iter().all(|l| l.revealed == 0));
    // The countermeasure on the false-flag victim fails in hindsight
    // (Tallinn 2.0: a countermeasure on a mistaken attribution is wrongful).
    let cm = after
        .hindsight
        .iter()
        .find(|l| l.norm == "countermeasure-conditions")
        .map(|l| l.mean);
    assert_eq!(cm, Some(0.0));
    // Per decision too: overall() ignores the reveal, hindsight() is its own.
    for (a, b) in at_the_time.iter().zip(&with_reveal) {
        assert_eq!(a.overall(), b.overall());
        assert_eq!(a.hindsight(), None);
    }
    assert!(with_reveal.iter().any(|s| s.hindsight().is_some()));
}

/// A norm the scenario selects with no automatic rule is listed as not
/// evaluated, for the facilitator to rate (UN GGE 2015 §13(c) is rated
/// through observations).
#[test]
fn a_selected_norm_with_no_evaluator_is_listed_as_not_evaluated() {
    let mut scenario = fixture().clone();
    scenario.norms = [
        ("due-process".to_string(), 1.0),
        ("gge-13c".to_string(), 1.0),
    ]
    .into_iter()
    .collect();
    let c = step("blue", "inj-data", "mlat-share", 30, 50);
    let scores = vec![score(&context(&scenario, &c))];
    let card = scorecard_for(&scenario, "blue", &scores);
    let ids: Vec<&str> = card.not_evaluated.iter().map(|n| n.norm.as_str()).collect();
    assert_eq!(ids, ["gge-13c"]);
    assert!(
        render_text(&card)
            .contains("Not evaluated — rate it: Do not let your territory be used (gge-13c)")
    );
    // The default set has no manual norm.
    assert!(
        scorecard_for(fixture(), "blue", &scores)
            .not_evaluated
            .is_empty()
    );
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
        breach: None,
    };
    let mut s = Score {
        team: "t".into(),
        decision: "d".into(),
        option: "o".into(),
        at: 0,
        defaulted: false,
        evaluations: vec![eval("a", 100, 3.0), eval("b", 20, 1.0)],
        unscored: false,
        failed_to_act: false,
    };
    // Unweighted it would be 60 (S); weighted (300 + 20) / 4 = 80.
    assert_eq!(s.overall(), Some((Grade::from_score(80), 80)));
    let card = scorecard("t", std::slice::from_ref(&s));
    assert_eq!(card.overall, Some(80.0));
    // A breach of a norm that governs lawfulness caps the grade, not the
    // mean (HSEEP M/U); the team is then at most M.
    s.evaluations[1].breach = Some(sitroom_norms::Breach::Grave);
    assert_eq!(s.overall(), Some((Grade::U, 80)));
    let card = scorecard("t", std::slice::from_ref(&s));
    assert_eq!(
        (card.overall, card.grade, card.mean_grade),
        (Some(80.0), Some(Grade::M), Some(Grade::S))
    );
    s.evaluations[1].breach = Some(sitroom_norms::Breach::Defect);
    assert_eq!(s.overall(), Some((Grade::M, 80)));
    s.evaluations[1].breach = None;
    s.failed_to_act = true;
    assert_eq!(s.overall(), Some((Grade::U, 80)));
    // With no norm applying, a failure to act is still U (HSEEP: unable
    // to perform); without the failure it is not graded at all.
    s.unscored = true;
    s.evaluations.clear();
    assert_eq!(s.overall(), Some((Grade::U, 0)));
    s.failed_to_act = false;
    assert_eq!(s.overall(), None);
}
