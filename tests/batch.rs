//! `sitroom batch` end to end: the output is the same whatever `--jobs`
//! is, shards merge into the output of one big run, any run replays alone
//! into a journal that verifies, coverage finds an inject no path reaches,
//! and bad arguments are refused.

use std::path::Path;

use crate::util::{run, tempdir};

const FLAGSHIP: &str = "scenarios/mission-compromise.ron";

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn batch_json(dir: &Path, name: &str, extra: &[&str]) -> String {
    let out = dir.join(name);
    let mut args = vec![
        "batch",
        FLAGSHIP,
        "--runs",
        "60",
        "--seed",
        "9",
        "--format",
        "json",
        "--out",
        s(&out),
    ];
    args.extend_from_slice(extra);
    run(&args).assert_code(0);
    std::fs::read_to_string(out).expect("output written")
}

#[test]
fn jobs_and_shards_do_not_change_the_output() {
    let dir = tempdir();
    for policy in ["random", "explore", "hawkish"] {
        let one = batch_json(dir.path(), "one.json", &["--policy", policy, "--jobs", "1"]);
        let two = batch_json(dir.path(), "two.json", &["--policy", policy, "--jobs", "2"]);
        assert_eq!(one, two, "{policy}: --jobs 1 and 2 differ");
        let mut shards = Vec::new();
        for k in [2, 0, 1] {
            let name = format!("shard{k}.json");
            batch_json(
                dir.path(),
                &name,
                &["--policy", policy, "--shard", &format!("{k}/3")],
            );
            shards.push(dir.path().join(name));
        }
        let merged = dir.path().join("merged.json");
        let mut args = vec!["batch", "merge"];
        args.extend(shards.iter().map(|p| s(p)));
        args.extend(["--out", s(&merged)]);
        run(&args).assert_code(0);
        assert_eq!(
            std::fs::read_to_string(&merged).expect("merged"),
            one,
            "{policy}: merge differs"
        );
        // A missing shard is refused.
        run(["batch", "merge", s(&shards[0]), s(&shards[1])]).assert_code(2);
    }
    let v: serde_json::Value =
        serde_json::from_str(&batch_json(dir.path(), "x.json", &[])).expect("json");
    assert_eq!(v["format"], "sitroom-batch");
    assert_eq!(v["runs"].as_array().map(Vec::len), Some(60));
    assert_eq!(v["summary"]["runs"], 60);
}

#[test]
fn the_explorer_covers_every_option_and_coverage_finds_the_unreachable() {
    let out = run([
        "batch",
        "tests/fixtures/batch/unreachable.ron",
        "--runs",
        "20",
        "--policy",
        "explore",
    ]);
    out.assert_code(0);
    assert!(
        out.stdout.contains("never released: unreachable"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("6 of 6 options chosen"),
        "{}",
        out.stdout
    );
    let flagship = run(["batch", FLAGSHIP, "--runs", "40", "--policy", "explore"]);
    flagship.assert_code(0);
    assert!(
        !flagship.stdout.contains("never chosen"),
        "{}",
        flagship.stdout
    );
}

#[test]
fn one_run_replays_alone_into_a_journal_that_verifies() {
    let dir = tempdir();
    let all = batch_json(dir.path(), "all.json", &["--policy", "random"]);
    let v: serde_json::Value = serde_json::from_str(&all).expect("json");
    let journal = dir.path().join("run7.jsonl");
    let alone = run([
        "batch",
        FLAGSHIP,
        "--runs",
        "60",
        "--seed",
        "9",
        "--policy",
        "random",
        "--run",
        "7",
        "--journal",
        s(&journal),
    ]);
    alone.assert_code(0);
    let r: serde_json::Value = serde_json::from_str(&alone.stdout).expect("run json");
    assert_eq!(r, v["runs"][7], "the run alone is the run in the batch");
    run(["replay", "--verify", s(&journal)]).assert_code(0);
}

#[test]
fn bad_arguments_are_refused() {
    run(["batch", FLAGSHIP, "--policy", "bold"]).assert_code(2);
    run(["batch", FLAGSHIP, "--shard", "3/3"]).assert_code(2);
    run(["batch", FLAGSHIP, "--runs", "0"]).assert_code(2);
    run(["batch", FLAGSHIP, "--runs", "5", "--run", "5"]).assert_code(2);
    let env = crate::util::sitroom()
        .args(["batch", FLAGSHIP, "--runs", "4", "--shard", "env"])
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .output()
        .expect("spawn");
    assert_eq!(env.status.code(), Some(2));
    let ok = crate::util::sitroom()
        .args([
            "batch", FLAGSHIP, "--runs", "4", "--shard", "env", "--format", "json",
        ])
        .env("JOB_COMPLETION_INDEX", "1")
        .env("SITROOM_SHARDS", "2")
        .output()
        .expect("spawn");
    assert_eq!(ok.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).expect("json");
    assert_eq!(v["spec"]["shard"], serde_json::json!([1, 2]));
    assert_eq!(v["runs"][0]["run"], 2);
}
