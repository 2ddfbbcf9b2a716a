//! The flagship's three scripted paths — restrained and lawful, hawkish and
//! premature (acting on the false flag), passive — score as doctrine
//! predicts, per norm and overall; and the annotated example in the docs is
//! a valid scenario.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::{repo, run, tempdir};

/// A team's scorecard from the JSON summary: the weighted mean at the time,
/// the grade, the norm means at the time and in hindsight (the reveal).
struct Card {
    overall: f64,
    grade: String,
    norms: BTreeMap<String, f64>,
    hindsight: BTreeMap<String, f64>,
}

fn means(lines: &Value) -> BTreeMap<String, f64> {
    lines
        .as_array()
        .expect("norm lines")
        .iter()
        .map(|n| {
            (
                n["norm"].as_str().expect("norm id").to_string(),
                n["mean"].as_f64().expect("mean"),
            )
        })
        .collect()
}

/// team → its card, from `run --format json`.
fn scorecards(script: &str) -> BTreeMap<String, Card> {
    let out = run([
        "run",
        "scenarios/mission-compromise.ron",
        "--seed",
        "1",
        "--decisions",
        &format!("scenarios/mission-compromise/{script}.ron"),
        "--format",
        "json",
    ]);
    out.assert_code(0);
    let value: Value = serde_json::from_str(&out.stdout).expect("JSON summary");
    let cards = value["scorecards"].as_array().expect("scorecards");
    cards
        .iter()
        .map(|card| {
            (
                card["team"].as_str().expect("team").to_string(),
                Card {
                    overall: card["overall"].as_f64().expect("overall"),
                    grade: card["grade"].as_str().expect("grade").to_string(),
                    norms: means(&card["norms"]),
                    hindsight: means(&card["hindsight"]),
                },
            )
        })
        .collect()
}

#[test]
fn the_three_flagship_paths_rank_as_doctrine_predicts() {
    let restrained = scorecards("restrained");
    let hawkish = scorecards("hawkish");
    let passive = scorecards("passive");
    for team in ["mfa", "cert"] {
        let r = &restrained[team];
        for (name, other) in [("hawkish", &hawkish), ("passive", &passive)] {
            let o = &other[team];
            assert!(
                r.overall > o.overall,
                "{team}: restrained {} should beat {name} {}",
                r.overall,
                o.overall
            );
            // Per norm, at the time and in hindsight: where both paths were
            // scored, restraint never loses.
            for (mine, theirs) in [(&r.norms, &o.norms), (&r.hindsight, &o.hindsight)] {
                for (norm, mean) in theirs {
                    if let Some(x) = mine.get(norm) {
                        assert!(
                            x >= mean,
                            "{team}/{norm}: restrained {x} below {name} {mean}"
                        );
                    }
                }
            }
        }
        // The restrained path performs without challenges.
        assert!(r.overall >= 85.0, "{team}: restrained only {}", r.overall);
        assert_eq!(r.grade, "P", "{team}");
        // Legality before averages (HSEEP M: departed from laws): both
        // hawkish teams acted unlawfully — an accusation on 'almost no
        // chance' (UN GGE 2015 §28(f)), logs taken from Kestrian servers
        // without consent (§13(e)), a countermeasure with no prior demand
        // (ILC ARSIWA art. 52(1)(a)) — so neither is graded above M, whatever
        // its weighted mean. Never deciding is a failure to act: U or M too.
        for cards in [&hawkish, &passive] {
            let g = &cards[team].grade;
            assert!(g == "M" || g == "U", "{team}: graded {g}");
        }
    }
    // Acting on the false flag fails the attribution standard at the time
    // (on the team's own evidence)...
    assert!(hawkish["cert"].norms["attribution-standard"] < 30.0);
    assert!(hawkish["mfa"].norms["attribution-standard"] < 60.0);
    // ...and in hindsight, once the reveal shows who was really behind it,
    // kept apart from the scores at the time.
    assert!(hawkish["cert"].hindsight["attribution-standard"] < 30.0);
    assert!(hawkish["mfa"].hindsight["attribution-standard"] < 30.0);
    assert!(restrained["mfa"].hindsight["attribution-standard"] >= 85.0);
    // Sharing data without a legal basis fails due process.
    assert!(hawkish["cert"].norms["due-process"] < 30.0);
    // Never deciding fails timeliness for every team.
    for team in ["mfa", "cert"] {
        assert!(passive[team].norms["timeliness"] < 30.0, "{team}");
    }
}

#[test]
fn the_annotated_example_in_the_docs_checks_clean() {
    let out = run(["check", "docs/examples/annotated.ron"]);
    out.assert_code(0);
    assert!(out.stdout.contains("ok (0 warning(s))"), "{}", out.stdout);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

/// A stack of plantable artefacts (keyboard layout, strings and compile
/// times, the server's location) makes Orvania "likely" for the hack but
/// not with moderate confidence: briefing the press that Orvania did it is
/// a defect, not S (UN GGE 2015 A/70/174 §28(f); ICD 203 keeps likelihood
/// and confidence apart). Naming Orvania for the hack *and* the leak is
/// judged on the weaker case, the leak, which the evidence rates
/// "unlikely": an unsubstantiated accusation, U with a grave breach.
#[test]
fn plantable_evidence_does_not_carry_a_public_accusation() {
    let out = run([
        "run",
        "scenarios/mission-compromise.ron",
        "--seed",
        "1",
        "--decisions",
        "scenarios/mission-compromise/hawkish.ron",
        "--format",
        "json",
    ]);
    out.assert_code(0);
    let value: Value = serde_json::from_str(&out.stdout).expect("JSON summary");
    let scores = value["scores"].as_array().expect("scores");
    let standard = |decision: &str, option: &str| {
        let named = scores
            .iter()
            .find(|s| s["decision"] == decision && s["option"] == option)
            .expect("the hawkish MFA names Orvania");
        named["evaluations"]
            .as_array()
            .expect("evaluations")
            .iter()
            .find(|e| e["norm"] == "attribution-standard" && e["depends_on_truth"] == false)
            .expect("attribution standard at the time")
            .clone()
    };
    let eval = standard("host-query", "press-brief");
    let reason = eval["reason"].as_str().expect("reason");
    assert!(reason.contains("it is likely ("), "{reason}");
    assert!(reason.contains("held with low confidence."), "{reason}");
    assert_eq!(eval["breach"], "Defect", "{reason}");
    assert_eq!(eval["grade"], "M", "{reason}");
    // Hack and leak together: judged on the weaker case.
    let eval = standard("leak-public-line", "attribute-orvania");
    let reason = eval["reason"].as_str().expect("reason");
    assert!(
        reason.contains("unlikely (43%)")
            && reason.contains("Publication of stolen embassy cables"),
        "{reason}"
    );
    assert_eq!(eval["breach"], "Grave", "{reason}");
    assert_eq!(eval["grade"], "U", "{reason}");
}

/// `rescore` re-plays a journal under today's norms: the format 3 fixture
/// scores as it did; against an edited scenario (the shared data now
/// personal and not minimised) the changed decision says what and why.
#[test]
fn rescore_shows_what_an_edit_changes_decision_by_decision() {
    let journal = repo("crates/sitroom-journal/tests/fixtures/flagship-v3.jsonl");
    let out = run(["rescore".as_ref(), journal.as_os_str()]);
    out.assert_code(0);
    assert!(
        out.stdout.contains("0 decision(s) scored differently"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("T+010 cert / gateway-alert: `isolate-share`"),
        "{}",
        out.stdout
    );
    let dir = tempdir();
    let edited = dir.path().join("edited.ron");
    let source = std::fs::read_to_string(repo("scenarios/mission-compromise.ron")).unwrap();
    let changed = source.replacen(
        "data: (recipient: \"state-kestria\", personal: false, basis: Consent, minimised: true)",
        "data: (recipient: \"state-kestria\", personal: true, basis: Consent, minimised: false)",
        1,
    );
    assert_ne!(changed, source);
    std::fs::write(&edited, changed).unwrap();
    let out = run([
        "rescore".as_ref(),
        journal.as_os_str(),
        "--scenario".as_ref(),
        edited.as_os_str(),
    ]);
    out.assert_code(0);
    assert!(
        out.stdout
            .contains("T+010 cert / gateway-alert: `isolate-share`")
            && out.stdout.contains(" -> `isolate-share`"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("1 decision(s) scored differently"),
        "{}",
        out.stdout
    );
}
