//! Files from anyone through the binary: sealed journals and keys, files
//! too large to read, terminal escapes in scenario and script text, unsafe
//! scenario ids, limits on scripts.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::util::{read, repo, run, tempdir};

const FLAGSHIP: &str = "scenarios/mission-compromise.ron";
const HAWKISH: &str = "scenarios/mission-compromise/hawkish.ron";

fn os(p: &Path) -> &std::ffi::OsStr {
    p.as_os_str()
}

#[test]
fn a_sealed_journal_verifies_with_its_key_only() {
    let dir = tempdir();
    let key = dir.path().join("fac");
    let other = dir.path().join("other");
    run(["key".as_ref(), os(&key)]).assert_code(0);
    run(["key".as_ref(), os(&other)]).assert_code(0);
    // Never overwritten.
    run(["key".as_ref(), os(&key)]).assert_code(2);
    let public = dir.path().join("fac.pub");
    assert!(read(&public).starts_with("sitroom-ed25519-public "));
    let journal = dir.path().join("j.jsonl");
    run([
        "run".as_ref(),
        FLAGSHIP.as_ref(),
        "--decisions".as_ref(),
        HAWKISH.as_ref(),
        "--journal".as_ref(),
        os(&journal),
        "--sign".as_ref(),
        os(&key),
    ])
    .assert_code(0);
    let verify = |key: &Path| {
        run([
            "replay".as_ref(),
            "--verify".as_ref(),
            os(&journal),
            "--key".as_ref(),
            os(key),
        ])
    };
    let ok = verify(&public);
    ok.assert_code(0);
    assert!(ok.stdout.contains("the record is intact"), "{}", ok.stdout);
    assert!(ok.stdout.contains("signed by key"), "{}", ok.stdout);
    assert!(ok.stdout.contains("the record replays"), "{}", ok.stdout);
    let wrong = verify(&dir.path().join("other.pub"));
    wrong.assert_code(1);
    assert!(
        wrong.stderr.contains("not by the key given"),
        "{}",
        wrong.stderr
    );
    // The secret key is not a public key.
    verify(&key).assert_code(2);

    // A journal played without --sign (as the terminal UI does) is sealed afterwards.
    let plain = dir.path().join("plain.jsonl");
    run([
        "run".as_ref(),
        FLAGSHIP.as_ref(),
        "--decisions".as_ref(),
        HAWKISH.as_ref(),
        "--journal".as_ref(),
        os(&plain),
    ])
    .assert_code(0);
    let unsigned = run([
        "replay".as_ref(),
        "--verify".as_ref(),
        os(&plain),
        "--key".as_ref(),
        os(&public),
    ]);
    unsigned.assert_code(1);
    assert!(
        unsigned.stderr.contains("no signature"),
        "{}",
        unsigned.stderr
    );
    run(["seal".as_ref(), os(&plain), "--sign".as_ref(), os(&key)]).assert_code(0);
    run([
        "replay".as_ref(),
        "--verify".as_ref(),
        os(&plain),
        "--key".as_ref(),
        os(&public),
    ])
    .assert_code(0);
}

/// Journals of formats 1 and 2 were written by engine 0.1.0, before the
/// scoring rules of 0.2.0: they still read, and `replay --verify` says
/// plainly that they were written under other rules (exit 1: they do not
/// re-simulate to the same scores) instead of calling them corrupt.
#[test]
fn journals_of_format_1_and_2_still_read_and_say_they_were_written_under_other_rules() {
    for version in [1, 2] {
        let path = repo(&format!(
            "crates/sitroom-journal/tests/fixtures/mission-compromise-v{version}.jsonl"
        ));
        let out = run(["replay".as_ref(), "--verify".as_ref(), os(&path)]);
        out.assert_code(1);
        assert!(
            out.stdout.contains("cannot be checked for edits"),
            "{}",
            out.stdout
        );
        assert!(
            out.stderr
                .contains("written by engine 0.1.0, this is engine 0.2.0")
                && out.stderr.contains("the record itself is intact"),
            "{}",
            out.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn an_endless_file_fails_check_fast() {
    let start = Instant::now();
    let out = run(["check", "/dev/zero"]);
    out.assert_code(1);
    assert!(out.stderr.contains("larger than"), "{}", out.stderr);
    let out = run(["replay", "--verify", "/dev/zero"]);
    out.assert_code(2);
    assert!(out.stderr.contains("larger than"), "{}", out.stderr);
    assert!(start.elapsed() < Duration::from_secs(20));
}

/// A flagship copy whose title and first inject carry terminal escapes.
fn hostile(dir: &Path) -> std::path::PathBuf {
    let source = read(&repo(FLAGSHIP));
    let title_at = source.find("title: \"").expect("a title") + "title: \"".len();
    let mut hostile = source.clone();
    hostile.insert_str(title_at, "\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m");
    let path = dir.join("hostile.ron");
    std::fs::write(&path, hostile).expect("write");
    path
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempdir();
    let scenario = hostile(dir.path());
    let script = dir.path().join("script.ron");
    std::fs::write(
        &script,
        "[(at: 8, input: Decide(team: \"cert\", decision: \"gateway-alert\", option: \"isolate\", \
         rationale: \"\u{1b}[2J gone\")), (at: 9, input: End(reason: \"\u{1b}]0;x\u{7}\"))]",
    )
    .expect("write");
    let journal = dir.path().join("j.jsonl");
    for out in [
        run(["check".as_ref(), os(&scenario)]),
        run([
            "run".as_ref(),
            os(&scenario),
            "--decisions".as_ref(),
            os(&script),
            "--journal".as_ref(),
            os(&journal),
        ]),
        run(["replay".as_ref(), "--verify".as_ref(), os(&journal)]),
        run([
            "resume".as_ref(),
            os(&journal),
            "--decisions".as_ref(),
            os(&script),
        ]),
        run(["graph".as_ref(), os(&scenario)]),
    ] {
        for text in [&out.stdout, &out.stderr] {
            assert!(
                !text.contains(['\u{1b}', '\u{7}', '\u{9b}']),
                "a control character was printed: {text:?}"
            );
        }
    }
    let out = run([
        "run".as_ref(),
        os(&scenario),
        "--decisions".as_ref(),
        os(&script),
    ]);
    out.assert_code(0);
    assert!(out.stdout.contains("\\u{1b}"), "{}", out.stdout);
}

#[test]
fn an_unsafe_scenario_id_fails_check_and_writes_nothing() {
    let dir = tempdir();
    let source =
        read(&repo(FLAGSHIP)).replacen("id: \"mission-compromise\"", "id: \"../../escaped\"", 1);
    let path = dir.path().join("unsafe.ron");
    std::fs::write(&path, source).expect("write");
    let out = run(["check".as_ref(), os(&path)]);
    out.assert_code(1);
    assert!(out.stderr.contains("SR0112"), "{}", out.stderr);
    let mut play = crate::util::sitroom();
    let out = play
        .current_dir(dir.path())
        .args(["play".as_ref(), os(&path)])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("journals").exists());
    assert!(
        !dir.path()
            .parent()
            .expect("parent")
            .join("escaped-0-1.jsonl")
            .exists()
    );
}

#[test]
fn a_script_with_an_oversized_rationale_is_refused() {
    let dir = tempdir();
    let script = dir.path().join("long.ron");
    let long = "x".repeat(5000);
    std::fs::write(
        &script,
        format!(
            "[(at: 8, input: Decide(team: \"cert\", decision: \"gateway-alert\", option: \
             \"isolate\", rationale: \"{long}\"))]"
        ),
    )
    .expect("write");
    let out = run([
        "run".as_ref(),
        FLAGSHIP.as_ref(),
        "--decisions".as_ref(),
        os(&script),
    ]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("input 1 (minute 8): a rationale of 5000 bytes"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_script_with_an_oversized_improvised_inject_is_refused() {
    let dir = tempdir();
    let script = dir.path().join("long.ron");
    let long = "x".repeat(5000);
    std::fs::write(
        &script,
        format!(
            "[(at: 8, input: Improvise(inject: (title: \"Call\", text: \"{long}\", \
             channel: PhoneCall)))]"
        ),
    )
    .expect("write");
    let out = run([
        "run".as_ref(),
        FLAGSHIP.as_ref(),
        "--decisions".as_ref(),
        os(&script),
    ]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("input 1 (minute 8): a text of an improvised inject of 5000 bytes"),
        "{}",
        out.stderr
    );
    // Within the limit it is played, journaled and verified.
    std::fs::write(
        &script,
        "[(at: 8, input: Improvise(inject: (title: \"Call\", text: \"The vendor calls.\", \
         channel: PhoneCall)))]",
    )
    .expect("write");
    let journal = dir.path().join("j.jsonl");
    run([
        "run".as_ref(),
        FLAGSHIP.as_ref(),
        "--decisions".as_ref(),
        os(&script),
        "--journal".as_ref(),
        os(&journal),
    ])
    .assert_code(0);
    run(["replay".as_ref(), "--verify".as_ref(), os(&journal)]).assert_code(0);
}
