//! The flagship's three scripted paths — restrained and lawful, hawkish and
//! premature (acting on the false flag), passive — score as doctrine
//! predicts, per norm and overall; and the annotated example in the docs is
//! a valid scenario.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::{repo, run, tempdir};

/// team → (overall, norm → mean) from `run --format json`.
fn scorecards(script: &str) -> BTreeMap<String, (f64, BTreeMap<String, f64>)> {
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
            let norms = card["norms"]
                .as_array()
                .expect("norms")
                .iter()
                .map(|n| {
                    (
                        n["norm"].as_str().expect("norm id").to_string(),
                        n["mean"].as_f64().expect("mean"),
                    )
                })
                .collect();
            (
                card["team"].as_str().expect("team").to_string(),
                (card["overall"].as_f64().expect("overall"), norms),
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
        let (r_overall, r_norms) = &restrained[team];
        for (name, other) in [("hawkish", &hawkish), ("passive", &passive)] {
            let (o_overall, o_norms) = &other[team];
            assert!(
                r_overall > o_overall,
                "{team}: restrained {r_overall} should beat {name} {o_overall}"
            );
            // Per norm: where both paths were scored, restraint never loses.
            for (norm, mean) in o_norms {
                if let Some(r) = r_norms.get(norm) {
                    assert!(
                        r >= mean,
                        "{team}/{norm}: restrained {r} below {name} {mean}"
                    );
                }
            }
        }
        // The restrained path performs without challenges.
        assert!(*r_overall >= 85.0, "{team}: restrained only {r_overall}");
    }
    // Acting on the false flag fails the attribution standard once the
    // reveal shows who was really behind it...
    assert!(hawkish["cert"].1["attribution-standard"] < 30.0);
    assert!(hawkish["mfa"].1["attribution-standard"] < 50.0);
    // ...and sharing data without a legal basis fails due process.
    assert!(hawkish["cert"].1["due-process"] < 30.0);
    // Never deciding fails timeliness for every team.
    for team in ["mfa", "cert"] {
        assert!(passive[team].1["timeliness"] < 30.0, "{team}");
    }
}

#[test]
fn the_annotated_example_in_the_docs_checks_clean() {
    let out = run(["check", "docs/examples/annotated.ron"]);
    out.assert_code(0);
    assert!(out.stdout.contains("ok (0 warning(s))"), "{}", out.stdout);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
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
