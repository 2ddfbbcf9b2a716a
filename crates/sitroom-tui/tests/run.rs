//! The real loops on a TestBackend with scripted keys and a real journal.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitroom_journal::{read, replay, session_at};
use sitroom_tui::app::ClockMode;
use sitroom_tui::{
    Exit, PlayConfig, ReplayConfig, ResumeConfig, Script, Seeker, Theme, run_play, run_replay,
    run_resume,
};

use crate::common::{FIXTURE, SEED, buffer_text, scenario};

fn config(dir: &std::path::Path) -> PlayConfig {
    PlayConfig {
        scenario: scenario(),
        source: FIXTURE.to_string(),
        name: "osterby.ron".to_string(),
        seed: SEED,
        mode: ClockMode::Turns,
        journal_path: dir.join("session.jsonl"),
        theme: Theme::plain(),
    }
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(80, 24)).expect("test backend")
}

const PLAY: &str = "\nnnn";

#[test]
fn play_journals_every_input_and_the_journal_verifies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = config(dir.path());
    let path = cfg.journal_path.clone();
    let mut term = terminal();
    // Start, advance to the CERT's decision at T+15, decide as the CERT with
    // a rationale, hand back, advance twice, quit with confirmation.
    let mut keys = Script::keys(PLAY);
    for k in [
        "tj\n1234\n1234\n\n",
        "d↓\tcontain, then share\t\ny",
        "\x1b\n1234\n",
        "nn",
        "qy",
    ]
    .concat()
    .chars()
    {
        keys.push(sitroom_tui::UiEvent::Key(sitroom_tui::term::press(k)));
    }
    let exit = run_play(&mut term, &mut keys, cfg).expect("play");
    let journal = read(&path).expect("the journal reads");
    let Exit::Quit { at } = exit else {
        panic!("quit expected, got {exit:?}")
    };
    assert!(at > 15);
    assert_eq!(journal.inputs.len(), 1);
    assert_eq!(journal.inputs[0].at, 15);
    let session = replay(&journal, scenario()).expect("the journal replays to the same hashes");
    assert_eq!(session.now(), at);
    let cert = session.team_view("cert").expect("cert");
    assert_eq!(
        cert.made[0].rationale.as_deref(),
        Some("contain, then share")
    );
    // The screen at the end was the quit confirmation's screen, restored.
    assert!(buffer_text(&term).contains("FACILITATOR"));
}

#[test]
fn play_creates_the_journal_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cfg = config(dir.path());
    cfg.journal_path = dir.path().join("journals").join("new.jsonl");
    let path = cfg.journal_path.clone();
    run_play(&mut terminal(), &mut Script::keys("\nqy"), cfg).expect("play");
    assert!(read(&path).is_ok());
}

#[test]
fn quitting_the_start_screen_leaves_no_journal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cfg = config(dir.path());
    cfg.journal_path = dir.path().join("journals").join("never.jsonl");
    let exit = run_play(&mut terminal(), &mut Script::keys("mq"), cfg).expect("play");
    assert_eq!(exit, Exit::NotStarted);
    assert!(!dir.path().join("journals").exists(), "no folder, no file");
}

/// The first screen of a resumed journal, with no key pressed.
fn resumed_screen(path: &std::path::Path) -> String {
    let mut term = terminal();
    run_resume(
        &mut term,
        &mut Script::keys(""),
        ResumeConfig {
            scenario: scenario(),
            journal_path: path.to_path_buf(),
            theme: Theme::plain(),
        },
    )
    .expect("resume");
    buffer_text(&term)
}

#[test]
fn resume_restores_the_clock_mode_and_speed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = config(dir.path());
    let path = cfg.journal_path.clone();
    // Real time (m), started, sped up twice (×10 → ×60 via ×30); the input ends.
    run_play(&mut terminal(), &mut Script::keys("m\n++"), cfg).expect("play");
    let journal = read(&path).expect("read");
    assert_eq!(journal.paces.last().map(|p| p.speed), Some(60));
    let text = resumed_screen(&path);
    assert!(text.contains("real time at ×60"), "{text}");
}

#[test]
fn resume_of_a_journal_without_pace_says_it_defaults_to_turns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = config(dir.path());
    let path = cfg.journal_path.clone();
    run_play(&mut terminal(), &mut Script::keys("m\nn"), cfg).expect("play");
    // What a version 1 journal is: the same lines without the pace lines
    // and without the chain (`prev`) of versions 3 and 4 (its sparse hashes
    // replay as a version 1 journal's would).
    let text = std::fs::read_to_string(&path).expect("read");
    let v1: String = text
        .lines()
        .filter(|l| !l.starts_with("{\"pace\""))
        .map(|l| {
            let l = l.replacen("\"version\":4", "\"version\":1", 1);
            match l.rfind(",\"prev\":\"") {
                Some(cut) => format!("{}}}\n", &l[..cut]),
                None => l + "\n",
            }
        })
        .collect();
    std::fs::write(&path, v1).expect("write");
    let screen = resumed_screen(&path);
    assert!(screen.contains("turn-based"), "{screen}");
    assert!(screen.contains("does not record the clock"), "{screen}");
}

#[test]
fn typing_at_a_team_view_records_nothing_unconfirmed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = config(dir.path());
    let path = cfg.journal_path.clone();
    // Start, reach the CERT's decision, seat the CERT; its Decisions pane
    // takes the focus and a player types a sentence with Enters in it, opens
    // the form, types on, presses Enter twice and then n; hands back; quit.
    let mut keys = Script::keys(PLAY);
    for k in [
        "tj\n1234\n1234\n\n",
        "\t\t",
        "yes do it now\n",
        "dshare it all\n\n\nnone\n",
        "\x1b\x1b\n1234\n",
        "qy",
    ]
    .concat()
    .chars()
    {
        keys.push(sitroom_tui::UiEvent::Key(sitroom_tui::term::press(k)));
    }
    let exit = run_play(&mut terminal(), &mut keys, cfg).expect("play");
    assert!(matches!(exit, Exit::Quit { .. }), "{exit:?}");
    let journal = read(&path).expect("read");
    assert!(
        journal.inputs.is_empty(),
        "nothing was confirmed with y, so nothing is journaled: {:?}",
        journal.inputs
    );
}

#[test]
fn play_refuses_to_overwrite_a_journal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = config(dir.path());
    std::fs::write(&cfg.journal_path, "keep me").expect("write");
    let err = run_play(&mut terminal(), &mut Script::keys("q"), cfg).expect_err("must refuse");
    assert!(
        err.to_string().contains("exists") || err.to_string().contains("already"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("session.jsonl")).expect("read"),
        "keep me"
    );
}

#[test]
fn resume_continues_where_the_session_stopped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = config(dir.path());
    let path = cfg.journal_path.clone();
    // The input ends without a quit: as if the terminal died.
    run_play(&mut terminal(), &mut Script::keys("\nnnn"), cfg).expect("play");
    let mut term = terminal();
    let exit = run_resume(
        &mut term,
        &mut Script::keys("nqy"),
        ResumeConfig {
            scenario: scenario(),
            journal_path: path.clone(),
            theme: Theme::plain(),
        },
    )
    .expect("resume");
    assert_eq!(exit, Exit::Quit { at: 30 });
    let journal = read(&path).expect("read");
    replay(&journal, scenario()).expect("still verifies");
}

#[test]
fn playing_to_the_end_shows_the_reveal_and_finishes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = config(dir.path());
    let mut term = terminal();
    let exit = run_play(&mut term, &mut Script::keys("\nEy"), cfg).expect("play");
    assert_eq!(exit, Exit::Finished { at: 0 });
    assert!(buffer_text(&term).contains("REVEAL"));
}

pub fn recorded_journal(dir: &std::path::Path) -> std::path::PathBuf {
    let cfg = config(dir);
    let path = cfg.journal_path.clone();
    // The CERT assists at T+15; the ministry's later decision defaults at
    // T+48 and that ends the fixture ("Resolved").
    let keys = [
        "\nnnn",
        "tj\n1234\n1234\n\n",
        "d\ny",
        "\x1b\n1234\n",
        "A300\ny",
        "q",
    ]
    .concat();
    run_play(&mut terminal(), &mut Script::keys(&keys), cfg).expect("play");
    path
}

#[test]
fn seeking_matches_session_at_in_any_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = recorded_journal(dir.path());
    let journal = read(&path).expect("read");
    let mut seeker = Seeker::new(journal.clone(), scenario());
    let end = seeker.end();
    assert_eq!(end, 48);
    // Forward, backward, repeated and out-of-range seeks.
    for minute in [0, 15, 16, 48, 15, 14, 30, 30, 300, 1, 41] {
        let expected = session_at(&journal, scenario(), minute).state_hash();
        assert_eq!(seeker.at(minute).state_hash(), expected, "minute {minute}");
    }
}

#[test]
fn replay_viewer_moves_its_cursor_and_quits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = recorded_journal(dir.path());
    let journal = read(&path).expect("read");
    let mut term = terminal();
    let cfg = ReplayConfig {
        journal,
        journal_path: path,
        scenario: scenario(),
        theme: Theme::plain(),
    };
    run_replay(&mut term, &mut Script::keys("\n"), cfg.clone()).expect("replay");
    let text = buffer_text(&term);
    assert!(text.contains("cursor T+048"), "{text}");
    let mut term = terminal();
    run_replay(&mut term, &mut Script::keys("g15\n"), cfg.clone()).expect("replay");
    assert!(buffer_text(&term).contains("cursor T+015"));
    let mut term = terminal();
    run_replay(&mut term, &mut Script::keys("g15\n[]"), cfg.clone()).expect("replay");
    assert!(
        buffer_text(&term).contains("cursor T+048"),
        "{}",
        buffer_text(&term)
    );
    let mut term = terminal();
    run_replay(&mut term, &mut Script::keys("[h,"), cfg).expect("replay");
    // Previous decision (15), previous event (10), one minute back (9).
    assert!(
        buffer_text(&term).contains("cursor T+009"),
        "{}",
        buffer_text(&term)
    );
}
