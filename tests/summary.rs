//! The summary `run` and headless `resume` print: snapshots of the JSON and
//! the text, the release log, lapsed and voided decisions, and need-to-know
//! (a team's feed in the summary is exactly its own view).

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;
use sitroom_engine::Session;

use crate::util::{read, repo, run, tempdir};

const FLAGSHIP: &str = "scenarios/mission-compromise.ron";
const RESTRAINED: &str = "scenarios/mission-compromise/restrained.ron";
const PASSIVE: &str = "scenarios/mission-compromise/passive.ron";
/// A decision without a default that lapses (the CERT's `alert`), a voided
/// and reopened choice that then defaults (the MFA's `cable`), facilitator
/// notes marked CONTROLLERS-ONLY.
const FIXTURE: &str = "tests/fixtures/summary/lapse.ron";
const FIXTURE_SCRIPT: &str = "tests/fixtures/summary/lapse.script.ron";

/// `sitroom run SCENARIO --decisions SCRIPT [extra…]`, which must succeed.
fn summary(scenario: &str, script: &str, extra: &[&str]) -> String {
    let mut args = vec!["run", scenario, "--decisions", script];
    args.extend_from_slice(extra);
    let out = run(&args);
    out.assert_code(0);
    out.stdout
}

fn json_summary(scenario: &str, script: &str) -> Value {
    let text = summary(scenario, script, &["--format", "json"]);
    serde_json::from_str(&text).expect("the JSON summary parses")
}

/// The `{team, …}` entry of `team` in a per-team array of the summary.
fn of_team<'a>(summary: &'a Value, key: &str, team: &str) -> &'a Value {
    summary[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is not an array"))
        .iter()
        .find(|e| e["team"] == team)
        .unwrap_or_else(|| panic!("no `{key}` entry for team {team}"))
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|e| e[key].as_str().expect("a string id").to_string())
        .collect()
}

#[test]
fn summary_json_of_the_restrained_flagship() {
    insta::assert_snapshot!(
        "restrained_json",
        summary(FLAGSHIP, RESTRAINED, &["--format", "json"])
    );
}

#[test]
fn summary_text_of_the_passive_flagship() {
    insta::assert_snapshot!("passive_text", summary(FLAGSHIP, PASSIVE, &[]));
}

#[test]
fn summary_text_of_the_lapse_fixture() {
    insta::assert_snapshot!("lapse_text", summary(FIXTURE, FIXTURE_SCRIPT, &[]));
}

#[test]
fn summary_json_is_versioned_and_keeps_its_keys() {
    let value = json_summary(FIXTURE, FIXTURE_SCRIPT);
    assert_eq!(value["format"], "sitroom-run-summary");
    assert_eq!(value["version"], 1);
    for key in [
        "scenario",
        "seed",
        "minute",
        "outcome",
        "escalation",
        "decisions",
        "beliefs",
        "truth",
        "revealed",
        "scores",
        "scorecards",
        "notes",
        "state_hash",
        "journal",
        "variables",
        "releases",
        "feeds",
    ] {
        assert!(value.get(key).is_some(), "no `{key}` in the summary");
    }
    let vars: Vec<(String, i64)> = value["variables"]
        .as_array()
        .expect("variables")
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_string(),
                v["value"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        vars,
        [("pressure".to_string(), 5), ("disruption".to_string(), 3)]
    );
    assert_eq!(value["escalation"]["name"], "Tension");
}

#[test]
fn summary_fixture_checks_clean() {
    let out = run(["check", FIXTURE]);
    out.assert_code(0);
    assert!(out.stdout.contains("ok (0 warning(s))"), "{}", out.stdout);
}

#[test]
fn summary_lists_a_lapsed_decision_and_scores_it_as_a_failure_to_act() {
    let value = json_summary(FIXTURE, FIXTURE_SCRIPT);
    let cert = of_team(&value, "decisions", "cert");
    assert_eq!(cert["made"], serde_json::json!([]));
    assert_eq!(
        cert["lapsed"],
        serde_json::json!([{"decision": "alert", "title": "Mail server alert", "at": 15}])
    );
    // A lapse is a failure to act (HSEEP U, "unable to be performed"): it
    // is on the scorecard, which is then graded at most M.
    let card = of_team(&value, "scorecards", "cert");
    assert_eq!(card["decisions"], 1);
    assert_eq!(card["not_scored"]["lapsed"], serde_json::json!(["alert"]));
    assert_eq!(card["failures"][0]["decision"], "alert");
    assert_eq!(card["failures"][0]["cap"], "U");
    let scores = value["scores"].as_array().expect("scores");
    let lapse = scores
        .iter()
        .find(|s| s["decision"] == "alert")
        .expect("the lapse is scored");
    assert_eq!(
        (&lapse["option"], &lapse["failed_to_act"]),
        (&serde_json::json!(""), &serde_json::json!(true))
    );

    let text = summary(FIXTURE, FIXTURE_SCRIPT, &[]);
    assert!(
        text.lines().any(|l| l.contains("cert")
            && l.contains("alert")
            && l.contains("lapsed: nobody decided")),
        "{text}"
    );
    assert!(
        text.contains("Lapsed — scored as failures to act: 1 (alert)"),
        "{text}"
    );
}

#[test]
fn summary_lists_voided_and_defaulted_choices_with_rationale() {
    let value = json_summary(FIXTURE, FIXTURE_SCRIPT);
    let mfa = of_team(&value, "decisions", "mfa");
    let voided = &mfa["voided"][0];
    assert_eq!(voided["decision"], "cable");
    assert_eq!(voided["option"], "demarche");
    assert_eq!(
        (voided["chosen_at"].as_u64(), voided["at"].as_u64()),
        (Some(12), Some(14))
    );
    assert_eq!(voided["reopened"], true);
    assert_eq!(
        voided["rationale"],
        "Tell Northland privately that we know."
    );
    let made = &mfa["made"];
    assert_eq!(ids(made, "decision"), ["cable", "query"]);
    assert_eq!(made[0]["defaulted"], true);
    assert_eq!(
        made[1]["rationale"],
        "Southland is a partner; share the indicators."
    );
    let card = of_team(&value, "scorecards", "mfa");
    assert_eq!(card["not_scored"]["voided"], serde_json::json!(["cable"]));
    // The voided démarche's score is withdrawn; the default's stays.
    let scores = value["scores"].as_array().expect("scores");
    assert!(!scores.iter().any(|s| s["option"] == "demarche"));

    let text = summary(FIXTURE, FIXTURE_SCRIPT, &[]);
    assert!(
        text.contains("Private demarche (voided at minute 14, reopened)"),
        "{text}"
    );
    assert!(text.contains("Wait (default)"), "{text}");
}

/// The session a journal replays to, with the scenario stored in it.
fn replayed(journal: &Path) -> Session {
    let journal = sitroom_journal::read(journal).expect("the journal reads");
    let checked = sitroom_scenario::check("stored", &journal.header.scenario_source)
        .unwrap_or_else(|r| panic!("{}", r.render(false)));
    sitroom_journal::replay(&journal, Arc::new(checked.scenario)).expect("the journal replays")
}

/// Each team's feed in the JSON is its `TeamView`'s feed, holds only
/// injects that reach the team, and the release log names exactly the
/// teams whose feed holds the inject.
#[test]
fn summary_feeds_are_each_teams_own_view() {
    for (scenario, script) in [(FIXTURE, FIXTURE_SCRIPT), (FLAGSHIP, RESTRAINED)] {
        let dir = tempdir();
        let journal = dir.path().join("feeds.jsonl");
        let journal_arg = journal.display().to_string();
        let text = summary(
            scenario,
            script,
            &["--format", "json", "--journal", &journal_arg],
        );
        let value: Value = serde_json::from_str(&text).expect("JSON");
        let session = replayed(&journal);
        let sc = Arc::clone(session.scenario());
        assert_eq!(
            value["feeds"].as_array().map(Vec::len),
            Some(sc.teams.len())
        );
        for team in &sc.teams {
            let view = session.team_view(&team.id).expect("a team view");
            let feed = &of_team(&value, "feeds", &team.id)["feed"];
            assert_eq!(
                feed,
                &serde_json::to_value(&view.feed).unwrap(),
                "{scenario}: team {}",
                team.id
            );
            for inject in ids(feed, "inject") {
                let def = sc.injects.iter().find(|i| i.id == inject).expect("inject");
                assert!(
                    def.reaches(team),
                    "{scenario}: {inject} does not reach {} but is in its feed",
                    team.id
                );
            }
            let decisions = of_team(&value, "decisions", &team.id);
            assert_eq!(decisions["made"], serde_json::to_value(&view.made).unwrap());
            assert_eq!(
                decisions["lapsed"],
                serde_json::to_value(&view.lapsed).unwrap()
            );
            assert_eq!(
                decisions["voided"],
                serde_json::to_value(&view.voided).unwrap()
            );
        }
        let releases = value["releases"].as_array().expect("releases");
        assert!(!releases.is_empty());
        for r in releases {
            let inject = r["inject"].as_str().unwrap();
            let reached: Vec<&str> = value["feeds"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| ids(&f["feed"], "inject").iter().any(|i| i == inject))
                .map(|f| f["team"].as_str().unwrap())
                .collect();
            let listed: Vec<&str> = r["teams"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            assert_eq!(listed, reached, "{scenario}: release of {inject}");
        }
        let minutes: Vec<u64> = releases.iter().map(|r| r["at"].as_u64().unwrap()).collect();
        assert!(minutes.is_sorted(), "{scenario}: release log out of order");
    }
}

/// Facilitator-only text (the scenario's facilitator notes, the truth)
/// never appears under a team; the notes not at all.
#[test]
fn summary_keeps_facilitator_only_text_out_of_the_teams() {
    let text = summary(FIXTURE, FIXTURE_SCRIPT, &["--format", "json"]);
    assert!(!text.contains("facilitator_note"), "{text}");
    for note in ["meta note", "inject note", "option note"] {
        assert!(!text.contains(note), "`{note}` printed:\n{text}");
    }
    let value: Value = serde_json::from_str(&text).expect("JSON");
    for key in ["feeds", "decisions", "beliefs"] {
        let part = value[key].to_string();
        assert!(
            !part.contains("CONTROLLERS-ONLY"),
            "facilitator-only text under `{key}`: {part}"
        );
    }
    let human = summary(FIXTURE, FIXTURE_SCRIPT, &[]);
    assert!(!human.contains("CONTROLLERS-ONLY"), "{human}");
}

/// Headless `resume` prints the same summary as the run it continues.
#[test]
fn summary_of_a_headless_resume_is_the_runs() {
    let dir = tempdir();
    let journal = dir.path().join("resume.jsonl");
    let journal_arg = journal.display().to_string();
    let ran = summary(
        FIXTURE,
        FIXTURE_SCRIPT,
        &["--format", "json", "--journal", &journal_arg],
    );
    let before = read(&journal);
    let out = run([
        "resume",
        &journal_arg,
        "--decisions",
        &repo(FIXTURE_SCRIPT).display().to_string(),
        "--format",
        "json",
    ]);
    out.assert_code(0);
    assert_eq!(out.stdout, ran);
    assert!(read(&journal).starts_with(&before));
}

/// Every top-level key of the JSON summary is in the schema table of
/// `docs/decisions-format.md`, and the table names no key that is not there.
#[test]
fn summary_json_keys_are_documented() {
    let docs = read(&repo("docs/decisions-format.md"));
    let table = docs
        .split("### JSON")
        .nth(1)
        .expect("a JSON section in docs/decisions-format.md");
    let documented: std::collections::BTreeSet<String> = table
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .filter(|k| !k.contains(['.', '[']))
        .map(str::to_string)
        .collect();
    let value = json_summary(FIXTURE, FIXTURE_SCRIPT);
    let actual: std::collections::BTreeSet<String> = value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    assert_eq!(documented, actual);
}
