//! The terminal UI commands from the outside, without a terminal: they
//! must refuse cleanly (no panic, no raw mode left behind, no journal
//! created), and point to the headless commands. The UI itself is tested in
//! crates/sitroom-tui (TestBackend) and in e2e_tmux.rs (a real terminal).

use crate::util::{run, tempdir};

fn assert_refused_cleanly(r: &crate::util::Run) {
    r.assert_code(2);
    assert!(
        r.stderr.contains("needs a terminal"),
        "stderr: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "stderr: {}", r.stderr);
}

#[test]
fn play_without_a_terminal_refuses_and_writes_no_journal() {
    let dir = tempdir();
    let journal = dir.path().join("j.jsonl");
    let r = run([
        "play".as_ref(),
        "scenarios/mission-compromise.ron".as_ref(),
        "--journal".as_ref(),
        journal.as_os_str(),
    ]);
    assert_refused_cleanly(&r);
    assert!(
        !journal.exists(),
        "no journal for a session that never started"
    );
}

#[test]
fn the_demo_without_a_terminal_refuses() {
    assert_refused_cleanly(&run(Vec::<&str>::new()));
}

#[test]
fn play_reports_a_bad_scenario_before_needing_a_terminal() {
    let dir = tempdir();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(meta: ").expect("write");
    let r = run(["play".as_ref(), bad.as_os_str()]);
    assert_ne!(r.code, 0);
    assert!(
        !r.stderr.contains("needs a terminal"),
        "the scenario is checked first: {}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "stderr: {}", r.stderr);
}

#[test]
fn replay_viewer_without_a_terminal_refuses_but_verify_works_headless() {
    let dir = tempdir();
    let journal = dir.path().join("j.jsonl");
    run([
        "run".as_ref(),
        "scenarios/mission-compromise.ron".as_ref(),
        "--decisions".as_ref(),
        "scenarios/mission-compromise/restrained.ron".as_ref(),
        "--journal".as_ref(),
        journal.as_os_str(),
    ])
    .assert_code(0);
    assert_refused_cleanly(&run(["replay".as_ref(), journal.as_os_str()]));
    run(["replay".as_ref(), journal.as_os_str(), "--verify".as_ref()]).assert_code(0);
}
