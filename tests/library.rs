//! The scenario library played through: every shipped script of every
//! scenario plays to an ending and its journal verifies; restraint beats
//! the hawkish path; the historical reconstructions reproduce history.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{repo, run, tempdir};

/// (scenario file, script file) for every script in `scenarios/<name>/`.
fn scripts() -> Vec<(PathBuf, PathBuf)> {
    let mut all = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo("scenarios"))
        .expect("scenarios/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let scenario = dir.with_extension("ron");
        assert!(scenario.exists(), "{} has no scenario", dir.display());
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("script folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        files.sort();
        all.extend(files.into_iter().map(|f| (scenario.clone(), f)));
    }
    all
}

fn play(scenario: &Path, script: &Path, journal: Option<&Path>) -> Value {
    let mut args = vec![
        "run".to_string(),
        scenario.display().to_string(),
        "--decisions".to_string(),
        script.display().to_string(),
        "--format".to_string(),
        "json".to_string(),
    ];
    if let Some(j) = journal {
        args.extend(["--journal".to_string(), j.display().to_string()]);
    }
    let out = run(&args);
    out.assert_code(0);
    serde_json::from_str(&out.stdout).expect("JSON summary")
}

/// Mean of the teams' overall scores (teams that decided nothing have none).
fn overall(summary: &Value) -> f64 {
    let values: Vec<f64> = summary["scorecards"]
        .as_array()
        .expect("scorecards")
        .iter()
        .filter_map(|c| c["overall"].as_f64())
        .collect();
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

/// The ending each script must reach (`tests/fixtures/library/endings.ron`).
fn expected_endings() -> std::collections::BTreeMap<String, String> {
    let text =
        std::fs::read_to_string(repo("tests/fixtures/library/endings.ron")).expect("endings.ron");
    ron::from_str(&text).expect("endings.ron is a map of script to ending")
}

/// `<scenario>/<script>` for a script path.
fn key(scenario: &Path, script: &Path) -> String {
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    format!("{}/{}", stem(scenario), stem(script))
}

#[test]
fn every_script_reaches_its_ending_and_replays() {
    let dir = tempdir();
    let all = scripts();
    assert!(all.len() >= 17, "only {} scripts", all.len());
    let expected = expected_endings();
    let listed: Vec<String> = all.iter().map(|(sc, s)| key(sc, s)).collect();
    for k in expected.keys() {
        assert!(
            listed.contains(k),
            "endings.ron lists `{k}`, which is not a shipped script"
        );
    }
    for (i, (scenario, script)) in all.iter().enumerate() {
        let k = key(scenario, script);
        let want = expected
            .get(&k)
            .unwrap_or_else(|| panic!("`{k}` has no expected ending in endings.ron"));
        let journal = dir.path().join(format!("{i}.jsonl"));
        let summary = play(scenario, script, Some(&journal));
        let outcome = &summary["outcome"];
        let got = match outcome["ending"].as_str() {
            Some(id) => id.to_string(),
            None if outcome["title"] == "Time expired" => "time expired".to_string(),
            None => format!("no ending ({})", outcome),
        };
        assert_eq!(&got, want, "{k} reached another ending: {outcome}");
        let verified = run(["replay".as_ref(), "--verify".as_ref(), journal.as_os_str()]);
        verified.assert_code(0);
        // The journal (format 4, hashing only where something happened)
        // replays to the final state of the same script played bare.
        let bare = play(scenario, script, None);
        let hash = summary["state_hash"].as_str().expect("state_hash");
        assert_eq!(summary["state_hash"], bare["state_hash"], "{k}");
        assert!(
            verified.stdout.contains(&format!("state {hash}")),
            "{k}: {}",
            verified.stdout
        );
        let header = std::fs::read_to_string(&journal).expect("journal");
        assert!(header.starts_with("{\"header\":{\"format\":\"sitroom-journal\",\"version\":4,"));
    }
}

#[test]
fn restraint_beats_the_hawkish_path_in_every_scenario() {
    for (scenario, script) in scripts() {
        if script.file_name().is_none_or(|n| n != "hawkish.ron") {
            continue;
        }
        let restrained = ["sample.ron", "restrained.ron"]
            .iter()
            .map(|n| script.with_file_name(n))
            .find(|p| p.exists())
            .expect("a restrained path beside the hawkish one");
        let good = play(&scenario, &restrained, None);
        let bad = play(&scenario, &script, None);
        assert!(
            overall(&good) >= overall(&bad),
            "{}: restrained {} < hawkish {}",
            scenario.display(),
            overall(&good),
            overall(&bad)
        );
        assert_ne!(
            good["outcome"]["ending"],
            bad["outcome"]["ending"],
            "{}: both paths end the same way",
            scenario.display()
        );
    }
}

/// The decision `team` took at `decision`: (option, minute).
fn choice(summary: &Value, team: &str, decision: &str) -> (String, u64) {
    let made = summary["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .find(|t| t["team"] == team)
        .and_then(|t| t["made"].as_array())
        .and_then(|m| m.iter().find(|d| d["decision"] == decision))
        .unwrap_or_else(|| panic!("{team} never decided {decision}"));
    (
        made["option"].as_str().expect("option").to_string(),
        made["at"].as_u64().expect("minute"),
    )
}

const DAY: u64 = 1440;

#[test]
fn albania_2022_reproduces_the_historical_outcome() {
    let s = play(
        &repo("scenarios/albania-iran-2022.ron"),
        &repo("scenarios/albania-iran-2022/historical.ron"),
        None,
    );
    assert_eq!(s["outcome"]["ending"], "e-historical");
    // Albania severed relations 54 days after the attack (7 September
    // 2022), the US sanctioned two days later; no rung above sanctions.
    let (option, at) = choice(&s, "tirana", "d4-findings");
    assert_eq!((option.as_str(), at / DAY), ("sever-relations", 54));
    let (option, at) = choice(&s, "washington", "d7-sanctions");
    assert_eq!((option.as_str(), at / DAY), ("ofac", 56));
    assert_eq!(s["escalation"]["level"], 5);
    // Tirana's belief when the truth is revealed: Iran, at least "likely".
    assert_top_suspect(&s, "tirana", "iran");
}

#[test]
fn notpetya_2017_reproduces_the_historical_outcome() {
    let s = play(
        &repo("scenarios/notpetya-2017.ron"),
        &repo("scenarios/notpetya-2017/historical.ron"),
        None,
    );
    assert_eq!(s["outcome"]["ending"], "e-historical");
    // Ukraine attributed on day 4; the joint attribution came on day 233
    // (15 February 2018), sanctions on day 261.
    assert_eq!(choice(&s, "kyiv", "d3-kyiv-attribution").1 / DAY, 4);
    assert_eq!(choice(&s, "london", "d5-london").1 / DAY, 233);
    assert_eq!(choice(&s, "washington", "d7-sanctions").1 / DAY, 261);
    assert_eq!(s["escalation"]["level"], 4);
    assert_top_suspect(&s, "london", "russia");
}

fn assert_top_suspect(summary: &Value, team: &str, suspect_prefix: &str) {
    let cases = summary["beliefs"]
        .as_array()
        .expect("beliefs")
        .iter()
        .find(|t| t["team"] == team)
        .and_then(|t| t["cases"].as_array())
        .expect("the team keeps beliefs");
    let top = cases[0]["suspects"]
        .as_array()
        .expect("suspects")
        .iter()
        .max_by(|a, b| {
            a["probability"]
                .as_f64()
                .partial_cmp(&b["probability"].as_f64())
                .expect("probabilities are numbers")
        })
        .expect("a suspect");
    assert!(
        top["actor"]
            .as_str()
            .is_some_and(|a| a.starts_with(suspect_prefix)),
        "{team} suspects {} most",
        top["actor"]
    );
    assert!(top["probability"].as_f64().is_some_and(|p| p >= 0.55));
}
