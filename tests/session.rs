//! `run`, `replay --verify` and `resume` through the binary: journals that
//! verify, detect tampering, survive a torn last line and a SIGKILL.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::util::{read, repo, run, sitroom, tempdir};

const FLAGSHIP: &str = "scenarios/mission-compromise.ron";
const RESTRAINED: &str = "scenarios/mission-compromise/restrained.ron";

fn play(journal: &Path, seed: u64, script: &str) -> crate::util::Run {
    let seed = seed.to_string();
    run([
        "run".as_ref(),
        FLAGSHIP.as_ref(),
        "--seed".as_ref(),
        seed.as_ref(),
        "--decisions".as_ref(),
        script.as_ref(),
        "--journal".as_ref(),
        journal.as_os_str(),
    ])
}

fn final_hash(stdout: &str) -> String {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("Final state hash: "))
        .unwrap_or_else(|| panic!("no final hash in:\n{stdout}"))
        .to_string()
}

fn input_lines(journal: &Path) -> usize {
    std::fs::read_to_string(journal)
        .map(|t| t.lines().filter(|l| l.starts_with("{\"input\"")).count())
        .unwrap_or(0)
}

#[test]
fn a_run_writes_a_journal_that_verifies() {
    let dir = tempdir();
    let journal = dir.path().join("s.jsonl");
    let out = play(&journal, 7, RESTRAINED);
    out.assert_code(0);
    assert!(out.stdout.contains("Ended at minute"), "{}", out.stdout);
    assert!(out.stdout.contains("truth"), "{}", out.stdout);
    assert!(input_lines(&journal) > 0);
    let verify = run(["replay".as_ref(), "--verify".as_ref(), journal.as_os_str()]);
    verify.assert_code(0);
    assert!(verify.stdout.contains("verified"), "{}", verify.stdout);
    // A second run refuses to overwrite the journal.
    play(&journal, 7, RESTRAINED).assert_code(2);
}

#[test]
fn the_same_seed_and_inputs_give_the_same_hash_in_two_processes() {
    let dir = tempdir();
    let a = play(&dir.path().join("a.jsonl"), 42, RESTRAINED);
    let b = play(&dir.path().join("b.jsonl"), 42, RESTRAINED);
    a.assert_code(0);
    b.assert_code(0);
    assert_eq!(final_hash(&a.stdout), final_hash(&b.stdout));
}

#[test]
fn json_summary_is_machine_readable() {
    let out = run([
        "run",
        FLAGSHIP,
        "--decisions",
        RESTRAINED,
        "--format",
        "json",
    ]);
    out.assert_code(0);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert_eq!(value["scenario"], "mission-compromise");
    assert!(
        value["scorecards"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
    assert!(value["state_hash"].as_str().is_some_and(|h| h.len() == 64));
}

#[test]
fn a_tampered_journal_fails_verification_at_the_first_diverging_minute() {
    let dir = tempdir();
    let journal = dir.path().join("t.jsonl");
    play(&journal, 3, RESTRAINED).assert_code(0);
    let text = read(&journal);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let (index, minute) = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("{\"hash\""))
        .nth(10)
        .map(|(i, l)| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (i, v["hash"]["at"].as_u64().unwrap())
        })
        .expect("at least 11 hash lines");
    let v: serde_json::Value = serde_json::from_str(&lines[index]).unwrap();
    let hash = v["hash"]["hash"].as_str().unwrap();
    let flipped: String = hash
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                if c == '0' { '1' } else { '0' }
            } else {
                c
            }
        })
        .collect();
    lines[index] = lines[index].replace(hash, &flipped);
    std::fs::write(&journal, lines.join("\n") + "\n").unwrap();
    // The chain names the edited line.
    let out = run(["replay".as_ref(), "--verify".as_ref(), journal.as_os_str()]);
    out.assert_code(1);
    assert!(
        out.stderr
            .contains(&format!("the record is not intact: line {}", index + 1)),
        "{}",
        out.stderr
    );
    // A forger recomputes the chain: the record is intact, but the replay
    // finds the edited hash.
    crate::util::rechain(&mut lines);
    std::fs::write(&journal, lines.join("\n") + "\n").unwrap();
    let out = run(["replay".as_ref(), "--verify".as_ref(), journal.as_os_str()]);
    out.assert_code(1);
    assert!(
        out.stdout.contains("the record is intact"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains(&format!(
            "the record does not replay: line {}: replay diverged at minute {minute}",
            index + 1
        )),
        "{}",
        out.stderr
    );
    // Resuming it gives the same verdict and appends nothing.
    let before = read(&journal);
    let out = run([
        "resume".as_ref(),
        journal.as_os_str(),
        "--decisions".as_ref(),
        RESTRAINED.as_ref(),
    ]);
    out.assert_code(1);
    assert!(out.stderr.contains("diverged"), "{}", out.stderr);
    assert_eq!(read(&journal), before);
}

#[test]
fn a_torn_last_line_is_recovered_and_a_corrupt_line_is_an_error() {
    let dir = tempdir();
    let journal = dir.path().join("torn.jsonl");
    play(&journal, 5, RESTRAINED).assert_code(0);
    let text = read(&journal);
    std::fs::write(&journal, format!("{text}{{\"input\": {{\"at\": 9")).unwrap();
    let out = run(["replay".as_ref(), "--verify".as_ref(), journal.as_os_str()]);
    out.assert_code(0);
    assert!(out.stderr.contains("cut off"), "{}", out.stderr);

    let corrupt = dir.path().join("corrupt.jsonl");
    let mut lines: Vec<&str> = text.lines().collect();
    lines[3] = "{\"input\": 12, garbage";
    std::fs::write(&corrupt, lines.join("\n") + "\n").unwrap();
    let out = run(["replay".as_ref(), "--verify".as_ref(), corrupt.as_os_str()]);
    out.assert_code(2);
    assert!(out.stderr.contains("line 4"), "{}", out.stderr);
    // Only the journal's line number, not serde's "line 1".
    assert!(!out.stderr.contains("at line 1"), "{}", out.stderr);
}

/// A paced run killed with SIGKILL mid-session keeps every decision it had
/// journaled; `resume` completes it with the rest of the script and the
/// result verifies.
#[test]
fn a_killed_session_resumes_with_every_decision_intact() {
    let dir = tempdir();
    let journal: PathBuf = dir.path().join("killed.jsonl");
    let mut child = sitroom()
        .args(["run", FLAGSHIP, "--seed", "11", "--decisions", RESTRAINED])
        .arg("--journal")
        .arg(&journal)
        .args(["--pace-ms", "15"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn sitroom run");
    let start = Instant::now();
    while input_lines(&journal) < 2 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no decisions journaled within a minute"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL the run");
    let _ = child.wait();
    let before = input_lines(&journal);
    assert!(before >= 2);

    let out = run([
        "resume".as_ref(),
        journal.as_os_str(),
        "--decisions".as_ref(),
        RESTRAINED.as_ref(),
    ]);
    out.assert_code(0);

    // Every scripted input is in the journal exactly once, in order.
    let script = std::fs::read_to_string(repo(RESTRAINED)).unwrap();
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let planned: Vec<sitroom_engine::Stamped> = options.from_str(&script).unwrap();
    let journaled = sitroom_journal::read(&journal)
        .expect("journal reads")
        .inputs;
    assert_eq!(journaled, planned);
    run(["replay".as_ref(), "--verify".as_ref(), journal.as_os_str()]).assert_code(0);

    // And it ends where an uninterrupted run ends.
    let uninterrupted = play(&dir.path().join("whole.jsonl"), 11, RESTRAINED);
    uninterrupted.assert_code(0);
    assert_eq!(final_hash(&out.stdout), final_hash(&uninterrupted.stdout));
}

/// An evaluator's note and P/S/M/U rating is journaled, shown apart from
/// the automatic scores, and replays.
#[test]
fn observations_are_journaled_and_shown_apart_from_scores() {
    let dir = tempdir();
    let journal = dir.path().join("notes.jsonl");
    let out = play(&journal, 2, "tests/fixtures/scripts/flagship-notes.ron");
    out.assert_code(0);
    assert!(
        out.stdout
            .contains("[S] Good containment; slow to tell the ministry."),
        "{}",
        out.stdout
    );
    assert!(read(&journal).contains("\"Note\""));
    run(["replay".as_ref(), "--verify".as_ref(), journal.as_os_str()]).assert_code(0);
}

#[test]
fn a_when_open_decide_covers_a_chance_branch_and_a_skip_says_why() {
    const SCENARIO: &str = "tests/fixtures/scripts/chance.ron";
    const SCRIPT: &str = "tests/fixtures/scripts/chance.script.ron";
    let go = |seed: &str, format: &str| {
        run([
            "run",
            SCENARIO,
            "--seed",
            seed,
            "--decisions",
            SCRIPT,
            "--format",
            format,
        ])
    };
    // Seed 1: the leak happens at minute 6 and the MFA's statement applies.
    let opened = go("1", "text");
    opened.assert_code(0);
    assert!(
        opened.stdout.contains("Issue a statement"),
        "{}",
        opened.stdout
    );
    assert!(!opened.stdout.contains("Skipped"), "{}", opened.stdout);
    assert!(!opened.stderr.contains("skipped"), "{}", opened.stderr);
    // Seed 2: no leak; the input is skipped, on stderr and in the summary.
    let closed = go("2", "text");
    closed.assert_code(0);
    let why = "minute 10: Decide mfa leak statement: decision `leak` is not open for team `mfa`: \
               not yet released";
    assert!(closed.stdout.contains(why), "{}", closed.stdout);
    assert!(
        closed
            .stderr
            .contains(&format!("decisions script: skipped {why}")),
        "{}",
        closed.stderr
    );
    let json: serde_json::Value =
        serde_json::from_str(&go("2", "json").stdout).expect("valid JSON");
    assert_eq!(json["skipped"][0]["at"], 10);
    assert_eq!(json["skipped"][0]["input"]["Decide"]["decision"], "leak");
    assert!(
        json["skipped"][0]["reason"]
            .as_str()
            .is_some_and(|r| r.ends_with("not yet released")),
        "{json}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&go("1", "json").stdout).expect("valid JSON");
    assert_eq!(json["skipped"], serde_json::json!([]));
}

#[test]
fn when_open_on_an_input_without_a_decision_is_refused() {
    let dir = tempdir();
    let script = dir.path().join("s.ron");
    std::fs::write(
        &script,
        r#"[(at: 3, input: Release(inject: "leak"), when_open: true)]"#,
    )
    .expect("write");
    let out = run([
        "run".as_ref(),
        "tests/fixtures/scripts/chance.ron".as_ref(),
        "--decisions".as_ref(),
        script.as_os_str(),
    ]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("`when_open` applies to `Decide` inputs only"),
        "{}",
        out.stderr
    );
}

/// Observations not tied to a decision (a team or the whole exercise, an
/// objective, a rating), rewritten and withdrawn: journaled, replayed, in
/// the report under their objective, the withdrawn one gone.
#[test]
fn free_observations_are_journaled_edited_withdrawn_and_reported() {
    let dir = tempdir();
    let journal = dir.path().join("observations.jsonl");
    play(
        &journal,
        2,
        "tests/fixtures/scripts/flagship-observations.ron",
    )
    .assert_code(0);
    run(["replay".as_ref(), "--verify".as_ref(), journal.as_os_str()]).assert_code(0);
    let report = run([
        "report".as_ref(),
        journal.as_os_str(),
        "--format".as_ref(),
        "html".as_ref(),
    ]);
    report.assert_code(0);
    let html = &report.stdout;
    assert!(
        html.contains("MFA waits for VALCERT, then briefs the host well."),
        "rewritten"
    );
    assert!(
        !html.contains("MFA waits for VALCERT before asking"),
        "the old text is gone"
    );
    assert!(html.contains("The room lost the thread at the hand-over."));
    assert!(
        html.contains("the exercise"),
        "an observation on the whole exercise says so"
    );
    assert!(
        html.contains("objective o1-attribution"),
        "its objective is named"
    );
    assert!(
        !html.contains("A note taken in error."),
        "the withdrawn one is gone"
    );
    // Out of range: refused, nothing journaled.
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "[(at: 5, input: DeleteNote(index: 0))]").unwrap();
    let out = run([
        "run".as_ref(),
        "scenarios/mission-compromise.ron".as_ref(),
        "--decisions".as_ref(),
        bad.as_os_str(),
    ]);
    assert_ne!(out.code, 0);
    assert!(
        out.stderr.contains("there is no observation 1"),
        "{}",
        out.stderr
    );
}
