//! The replay viewer: pure cursor updates and snapshots.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitroom_journal::read;
use sitroom_tui::app::Overlay;
use sitroom_tui::drive::views;
use sitroom_tui::{
    Action, Mode, Replay, ReplayEffect, Seeker, Theme, key_to_action, update_replay,
};

use crate::common::scenario;
use crate::run::recorded_journal;

/// A viewer on the recorded fixture session (CERT decides at 15, the
/// ministry's decision defaults at 48 and ends it), and its seeker.
pub(crate) fn viewer() -> (Replay, Seeker, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = recorded_journal(dir.path());
    let journal = read(&path).expect("read");
    let mut seeker = Seeker::new(journal, scenario());
    let timeline = seeker.timeline();
    let end = timeline.end;
    let replay = Replay::new(scenario(), path, timeline, views(seeker.at(end)));
    (replay, seeker, dir)
}

/// Runs an action like the replay loop does.
fn act(r: &mut Replay, seeker: &mut Seeker, action: Action) -> ReplayEffect {
    let effect = update_replay(r, action);
    if let ReplayEffect::Seek(m) = effect {
        r.show(views(seeker.at(m)));
    }
    effect
}

pub(crate) fn keys(r: &mut Replay, seeker: &mut Seeker, keys: &str) {
    for c in keys.chars() {
        if let Some(action) = key_to_action(r.mode(), sitroom_tui::term::press(c)) {
            act(r, seeker, action);
        }
    }
}

#[test]
fn the_timeline_covers_the_session() {
    let (r, _, _dir) = viewer();
    assert_eq!(r.timeline.end, 48);
    assert_eq!(r.timeline.escalation.len(), 49);
    assert_eq!(r.timeline.decision_minutes(), vec![15, 48]);
    assert_eq!(r.cursor, 48, "the viewer opens at the end");
}

#[test]
fn cursor_moves_by_event_decision_minute_and_to_either_end() {
    let (mut r, mut s, _dir) = viewer();
    act(&mut r, &mut s, Action::First);
    assert_eq!(r.cursor, 0);
    act(&mut r, &mut s, Action::StepForward);
    assert_eq!(r.cursor, 1, "the police request at T+1");
    act(&mut r, &mut s, Action::StepForward);
    assert_eq!(r.cursor, 10);
    act(&mut r, &mut s, Action::NextDecision);
    assert_eq!(r.cursor, 15);
    assert_eq!(r.view.now, 15);
    assert_eq!(
        r.view
            .teams
            .iter()
            .find(|t| t.team == "cert")
            .map(|t| t.made.len()),
        Some(1)
    );
    act(&mut r, &mut s, Action::MinuteForward);
    assert_eq!(r.cursor, 16);
    act(&mut r, &mut s, Action::MinuteBack);
    act(&mut r, &mut s, Action::MinuteBack);
    assert_eq!(r.cursor, 14);
    assert_eq!(
        r.view
            .teams
            .iter()
            .find(|t| t.team == "cert")
            .map(|t| t.made.len()),
        Some(0)
    );
    act(&mut r, &mut s, Action::PrevDecision);
    assert_eq!(r.cursor, 14, "no decision before T+15");
    assert!(
        r.status
            .as_deref()
            .is_some_and(|m| m.contains("No earlier decision"))
    );
    act(&mut r, &mut s, Action::Last);
    assert_eq!(r.cursor, 48);
    assert_eq!(
        act(&mut r, &mut s, Action::StepForward),
        ReplayEffect::None,
        "already at the end"
    );
    assert_eq!(
        act(&mut r, &mut s, Action::MinuteForward),
        ReplayEffect::None
    );
}

#[test]
fn go_to_prompt_takes_times_as_people_say_them_and_clamps_to_the_end() {
    let (mut r, mut s, _dir) = viewer();
    keys(&mut r, &mut s, "g");
    assert_eq!(r.mode(), Mode::Prompt);
    keys(&mut r, &mut s, "2x0\n");
    assert_eq!(r.cursor, 48, "2x0 is not a time: nothing moves");
    assert!(
        r.status
            .as_deref()
            .is_some_and(|s| s.contains("not a time"))
    );
    keys(&mut r, &mut s, "g20m\n");
    assert_eq!(r.cursor, 20, "a span counts from the start");
    keys(&mut r, &mut s, "g999\n");
    assert_eq!(r.cursor, 48);
    keys(&mut r, &mut s, "g5\x1b");
    assert_eq!(r.cursor, 48, "Esc cancels");
    assert_eq!(r.overlay, None);
}

#[test]
fn tab_cycles_the_team_help_opens_and_q_quits() {
    let (mut r, mut s, _dir) = viewer();
    let n = r.view.teams.len();
    keys(&mut r, &mut s, "\t");
    assert_eq!(r.team, 1);
    for _ in 0..n - 1 {
        keys(&mut r, &mut s, "\t");
    }
    assert_eq!(r.team, 0);
    keys(&mut r, &mut s, "?");
    assert_eq!(r.overlay, Some(Overlay::Help));
    keys(&mut r, &mut s, "h");
    assert_eq!(r.cursor, 48, "help swallows keys");
    keys(&mut r, &mut s, "?");
    assert_eq!(update_replay(&mut r, Action::Quit), ReplayEffect::Quit);
}

fn snap(name: &str, r: &Replay) {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
        terminal
            .draw(|f| sitroom_tui::screens::replay::draw(f, r, &Theme::plain()))
            .expect("draw");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn replay_snapshots() {
    let (mut r, mut s, _dir) = viewer();
    snap("replay_end", &r);
    keys(&mut r, &mut s, "[\t");
    snap("replay_decision_cert", &r);
    keys(&mut r, &mut s, "?");
    snap("replay_help", &r);
    keys(&mut r, &mut s, "?g3");
    snap("replay_goto", &r);
}

/// The frame shown while a long journal opens (the seeker's one pass).
#[test]
fn opening_snapshot() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
        terminal
            .draw(|f| {
                sitroom_tui::screens::replay::draw_opening(
                    f,
                    "NotPetya, June 2017: a supply-chain wiper with a very long title",
                    378_000,
                    &Theme::plain(),
                )
            })
            .expect("draw");
        insta::assert_snapshot!(format!("replay_opening_{w}x{h}"), terminal.backend());
    }
}
