#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic
use ratatui::crossterm::event::KeyCode;
use sitroom_engine::{InjectState, Rating};
use sitroom_tui::app::{ClockMode, Confirm, FacPane, Overlay, PromptKind, Screen, Seat, TeamPane};
use sitroom_tui::{Action, Exit, Mode};

use crate::common::Harness;

fn started() -> Harness {
    let mut h = Harness::new();
    h.keys("\n");
    assert_eq!(h.app.screen, Screen::Facilitator);
    h
}

/// The facilitator's code in these tests.
pub const CODE: &str = "1234";

/// Hands the keyboard to the team at `row` of the Teams pane and sits it
/// down; the first hand-over asks the facilitator to choose a code.
fn seat_team(h: &mut Harness, row: usize) {
    h.keys("t");
    for _ in 0..row {
        h.keys("j");
    }
    h.keys("\n");
    if h.app.facilitator_code.is_none() {
        assert!(
            matches!(&h.app.overlay, Some(Overlay::Prompt(p)) if matches!(p.kind, PromptKind::SetCode { .. }))
        );
        h.keys(&format!("{CODE}\n{CODE}\n"));
    }
    assert!(matches!(h.app.screen, Screen::Handover(Seat::Team(_))));
    h.keys("\n");
    assert!(matches!(h.app.screen, Screen::Team(_)));
}

/// A team hands the keyboard back and the facilitator types the code.
fn back_to_facilitator(h: &mut Harness) {
    h.keys("\x1b\n");
    h.keys(&format!("{CODE}\n"));
    assert_eq!(h.app.screen, Screen::Facilitator);
}

#[test]
fn start_screen_starts_switches_mode_and_quits_without_asking() {
    let mut h = Harness::new();
    assert_eq!(h.app.mode(), Mode::Start);
    h.keys("m");
    assert_eq!(h.app.clock.mode, ClockMode::Realtime);
    h.keys("m");
    assert_eq!(h.app.clock.mode, ClockMode::Turns);
    assert_eq!(h.keys("q"), Some(Exit::NotStarted));
    let mut h = Harness::new();
    h.keys("jjk");
    assert_eq!(h.app.scroll, 1);
    h.keys("\n");
    assert_eq!(h.app.screen, Screen::Facilitator);
}

#[test]
fn facilitator_advances_by_event_by_step_and_by_n() {
    let mut h = started();
    h.keys("n");
    assert_eq!(
        h.session.now(),
        1,
        "next event: the police request, once the outage shows"
    );
    h.keys("n");
    assert_eq!(
        h.session.now(),
        10,
        "next event: the alert after 10 minutes"
    );
    h.keys("a");
    assert_eq!(h.session.now(), 20, "the fixture's time step is 10");
    h.keys("A25x\n");
    assert_eq!(h.session.now(), 20, "25x is not a time");
    // The prompt stays open with the reason, to be corrected.
    let Some(Overlay::Prompt(p)) = &h.app.overlay else {
        panic!("the advance prompt stays open: {:?}", h.app.overlay);
    };
    let why = p.error.clone().unwrap_or_default();
    assert!(why.contains("not a time") && why.contains("1d2h"), "{why}");
    h.special(KeyCode::Esc);
    h.keys("A25m\n");
    let Some(Overlay::Confirm(Confirm::Advance { message, .. })) = h.app.overlay.clone() else {
        panic!("25 minutes pass open deadlines: the console asks first");
    };
    assert_eq!(h.session.now(), 20, "nothing moves before the answer");
    assert_eq!(
        message,
        "1 open decision will close undecided: \
         NorthCable asks for help (National CERT) at T+045: default “Monitor only”. Advance anyway?"
    );
    h.keys("n");
    assert_eq!(
        (h.session.now(), h.app.overlay.clone()),
        (20, None),
        "no keeps the clock"
    );
    h.keys("A25\ny");
    assert_eq!(h.session.now(), 45, "bare digits are minutes; yes advances");
    h.keys("A0\n");
    assert_eq!(h.session.now(), 45);
    assert!(matches!(
        &h.app.overlay,
        Some(Overlay::Prompt(p)) if p.error.as_deref().is_some_and(|e| e.contains("at least one minute"))
    ));
    h.special(KeyCode::Esc);
    h.keys("A9\x1b");
    assert_eq!(h.session.now(), 45, "Esc cancels the prompt");
}

#[test]
fn facilitator_panes_cycle_both_ways_and_rows_stay_in_range() {
    let mut h = started();
    for pane in [
        FacPane::Decisions,
        FacPane::Teams,
        FacPane::Board,
        FacPane::Scores,
        FacPane::Log,
        FacPane::Injects,
    ] {
        h.keys("\t");
        assert_eq!(h.app.fac.pane, pane);
    }
    h.special(KeyCode::BackTab);
    assert_eq!(h.app.fac.pane, FacPane::Log);
    h.keys("\t");
    let n = h.app.view.injects.len();
    for _ in 0..n + 5 {
        h.keys("j");
    }
    assert_eq!(h.app.fac.row(FacPane::Injects), n - 1);
    for _ in 0..n + 5 {
        h.keys("k");
    }
    assert_eq!(h.app.fac.row(FacPane::Injects), 0);
}

#[test]
fn facilitator_releases_holds_and_unholds_injects() {
    let mut h = started();
    let row = |h: &Harness, id: &str| {
        (0..h.app.view.injects.len())
            .position(|r| h.app.inject_at(r).is_some_and(|i| i.inject == id))
            .expect("inject")
    };
    let state = |h: &Harness, id: &str| {
        h.app
            .view
            .injects
            .iter()
            .find(|i| i.inject == id)
            .expect("inject")
            .state
    };
    let press = row(&h, "i-press");
    for _ in 0..press {
        h.keys("j");
    }
    h.keys("H");
    assert_eq!(state(&h, "i-press"), InjectState::Held);
    // Held injects move up the timeline, just after the released ones; the
    // selection follows.
    let held = row(&h, "i-press");
    assert!(held < press);
    assert_eq!(h.app.fac.row(FacPane::Injects), held);
    h.keys("H");
    assert!(matches!(state(&h, "i-press"), InjectState::Pending { .. }));
    let manual = row(&h, "i-indicators");
    let here = h.app.fac.row(FacPane::Injects);
    for _ in here..manual {
        h.keys("j");
    }
    h.keys("r");
    assert_eq!(state(&h, "i-indicators"), InjectState::Released { at: 0 });
    h.keys("r");
    assert!(
        h.app
            .status_text()
            .is_some_and(|s| s.contains("no longer pending"))
    );
}

#[test]
fn facilitator_commands_need_the_right_pane() {
    let mut h = started();
    h.keys("x");
    assert!(
        h.app
            .status_text()
            .is_some_and(|s| s.contains("Decisions pane"))
    );
    h.keys("o");
    assert!(
        h.app
            .status_text()
            .is_some_and(|s| s.contains("Scores pane"))
    );
    h.keys("\t\t");
    h.keys("r");
    assert!(
        h.app
            .status_text()
            .is_some_and(|s| s.contains("Injects pane"))
    );
    h.keys(" ");
    assert!(
        h.app
            .status_text()
            .is_some_and(|s| s.contains("Turn-based"))
    );
}

#[test]
fn facilitator_extends_an_open_deadline() {
    let mut h = started();
    h.keys("nnn");
    assert_eq!(h.session.now(), 15);
    let before = h.app.view.open[0].deadline_at;
    h.keys("\tx5\n");
    assert_eq!(h.app.view.open[0].deadline_at, before + 5);
}

#[test]
fn hand_over_hides_the_previous_screen_and_returns_to_the_facilitator() {
    let mut h = started();
    seat_team(&mut h, 1);
    assert_eq!(h.app.screen, Screen::Team("cert".into()));
    h.keys("\x1b");
    assert_eq!(h.app.screen, Screen::Handover(Seat::Facilitator));
    assert_eq!(h.app.mode(), Mode::Handover);
    // Nothing but Enter and ? does anything on the hand-over screen: a
    // team can neither quit nor advance from it.
    assert_eq!(h.keys("nj\tqE"), None);
    assert_eq!(h.session.now(), 0);
    // Only the facilitator's code passes it.
    h.keys("\n0000\n");
    assert_eq!(h.app.screen, Screen::Handover(Seat::Facilitator));
    assert!(
        matches!(&h.app.overlay, Some(Overlay::Prompt(p)) if p.error.is_some()),
        "a wrong code is refused and said so"
    );
    h.keys("\x1b\n");
    h.keys(&format!("{CODE}\n"));
    assert_eq!(h.app.screen, Screen::Facilitator);
}

#[test]
fn team_reads_its_inbox_and_unread_marks_clear() {
    let mut h = started();
    h.keys("nnn");
    seat_team(&mut h, 1);
    let ui = h.app.team_ui("cert").expect("cert").clone();
    assert_eq!(
        ui.read.len(),
        1,
        "the newest message is on the reading pane"
    );
    h.keys("jj");
    let ui = h.app.team_ui("cert").expect("cert");
    assert_eq!(ui.read.len(), 3);
    assert_eq!(ui.selected.as_deref(), Some("i-police"));
    h.keys("\n");
    assert_eq!(h.app.team_ui("cert").expect("cert").pane, TeamPane::Message);
    h.keys("jj");
    assert_eq!(h.app.team_ui("cert").expect("cert").scroll, 2);
}

#[test]
fn team_decides_with_a_rationale_through_the_form() {
    let mut h = started();
    h.keys("nnn");
    seat_team(&mut h, 1);
    h.keys("d");
    assert_eq!(h.app.mode(), Mode::Form);
    assert_eq!(
        h.app.form.as_ref().map(|f| f.decision.as_str()),
        Some("i-request")
    );
    h.keys("↓↓↑");
    h.keys("\tShare quickly, q? fine\x08\x08\x08\x08\x08\n");
    assert_eq!(
        h.app.mode(),
        Mode::Form,
        "Enter leaves the rationale, it does not submit"
    );
    assert_eq!(
        h.app.form.as_ref().map(|f| f.rationale.text()),
        Some("Share quickly, q?")
    );
    h.keys("\n");
    assert_eq!(
        h.app.mode(),
        Mode::ConfirmDecision,
        "Enter asks before recording"
    );
    assert!(h.session.team_view("cert").expect("cert").made.is_empty());
    assert!(
        h.text(80, 24).contains("Share quickly, q?"),
        "the box shows the rationale"
    );
    h.keys("y");
    assert_eq!(h.app.form, None);
    let made = &h.session.team_view("cert").expect("cert").made;
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].option, "share-data");
    assert_eq!(made[0].rationale.as_deref(), Some("Share quickly, q?"));
    assert!(
        h.app
            .status_text()
            .is_some_and(|s| s.starts_with("Recorded"))
    );
    h.keys("d");
    assert!(
        h.app
            .status_text()
            .is_some_and(|s| s.contains("No decision is open"))
    );
}

#[test]
fn closing_the_form_decides_nothing() {
    let mut h = started();
    h.keys("nnn");
    seat_team(&mut h, 1);
    h.keys("\t\t");
    assert_eq!(
        h.app.team_ui("cert").expect("cert").pane,
        TeamPane::Decisions
    );
    h.keys("\n");
    assert!(h.app.form.is_some());
    h.keys("\x1b");
    assert_eq!(h.app.form, None);
    assert!(h.session.team_view("cert").expect("cert").made.is_empty());
    assert_eq!(h.app.screen, Screen::Team("cert".into()));
}

#[test]
fn note_with_a_rating_on_a_scored_decision() {
    let mut h = started();
    h.keys("nnn");
    seat_team(&mut h, 1);
    h.keys("d\ny");
    back_to_facilitator(&mut h);
    assert_eq!(h.app.scores.len(), 1);
    // Scores pane: the console kept the Teams pane; Teams → Board → Scores.
    h.keys("\t\t");
    assert_eq!(h.app.fac.pane, FacPane::Scores);
    h.keys("o");
    assert!(
        matches!(&h.app.overlay, Some(Overlay::Prompt(p)) if matches!(p.kind, PromptKind::Note { .. }))
    );
    h.keys("\t\tGood call\n");
    let notes = &h.app.view.notes;
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].rating, Some(Rating::S));
    assert_eq!(notes[0].text, "Good call");
    h.keys("o\n");
    assert!(
        h.app
            .status_text()
            .is_some_and(|s| s.contains("Empty note"))
    );
}

#[test]
fn quitting_asks_first_and_ending_goes_to_the_reveal() {
    let mut h = started();
    h.keys("q");
    assert_eq!(h.app.overlay, Some(Overlay::Confirm(Confirm::Quit)));
    h.keys("n");
    assert_eq!(h.app.overlay, None);
    h.keys("E");
    assert_eq!(h.app.overlay, Some(Overlay::Confirm(Confirm::End)));
    h.keys("y");
    assert!(h.session.is_over());
    assert_eq!(h.app.screen, Screen::Reveal);
    h.keys("jjk");
    assert_eq!(h.app.scroll, 1);
    assert_eq!(h.keys("q"), Some(Exit::Finished { at: 0 }));

    let mut h = started();
    assert_eq!(h.keys("qy"), Some(Exit::Quit { at: 0 }));
}

#[test]
fn help_overlay_swallows_keys_until_closed() {
    let mut h = started();
    h.keys("?");
    assert_eq!(h.app.mode(), Mode::Help);
    h.keys("nnj");
    assert_eq!(h.session.now(), 0);
    assert_eq!(h.app.overlay, Some(Overlay::Help));
    h.keys("?");
    assert_eq!(h.app.overlay, None);
    h.keys("?\x1b");
    assert_eq!(h.app.overlay, None);
}

#[test]
fn realtime_clock_runs_only_when_started_and_scales_with_speed() {
    let mut h = Harness::with_mode(ClockMode::Realtime);
    h.act(Action::Tick(60_000));
    assert_eq!(h.session.now(), 0, "no time passes on the start screen");
    h.keys("\n");
    h.act(Action::Tick(60_000));
    assert_eq!(h.session.now(), 0, "a real-time session starts paused");
    h.keys(" ");
    assert!(!h.app.clock.paused);
    assert_eq!(h.app.clock.factor(), 10);
    h.act(Action::Tick(5_999));
    assert_eq!(h.session.now(), 0);
    h.act(Action::Tick(1));
    assert_eq!(h.session.now(), 1, "×10: a minute every 6 s");
    h.keys("++");
    assert_eq!(h.app.clock.factor(), 60);
    h.keys("+");
    assert_eq!(h.app.clock.factor(), 60, "fastest speed is the limit");
    h.act(Action::Tick(3_000));
    assert_eq!(h.session.now(), 4);
    h.keys("-------");
    assert_eq!(h.app.clock.factor(), 1);
    h.keys(" ");
    h.act(Action::Tick(600_000));
    assert_eq!(h.session.now(), 4, "paused again");
}

#[test]
fn the_session_ending_by_time_shows_the_reveal() {
    let mut h = started();
    h.keys("A300\ny");
    assert!(h.session.is_over());
    assert_eq!(h.app.screen, Screen::Reveal);
    assert_eq!(h.app.mode(), Mode::Reveal);
    // Time no longer moves.
    h.act(Action::Tick(1_000_000));
}

#[test]
fn attribution_pane_scrolls_to_its_end_and_no_further() {
    let mut h = started();
    h.keys("\t\t\t");
    assert_eq!(h.app.fac.pane, FacPane::Board);
    let before = h.text(80, 24);
    assert!(before.contains("↓ more"), "{before}");
    assert!(!before.contains("The Union: neutral"));
    for _ in 0..5 {
        h.special(KeyCode::PageDown);
        h.text(80, 24);
    }
    let limit = h.app.scroll_limit.get();
    assert!(limit > 0);
    assert_eq!(h.app.scroll, limit);
    let after = h.text(80, 24);
    assert!(
        after.contains("The Union: neutral") && after.contains("↑ more"),
        "{after}"
    );
    h.keys("j");
    assert_eq!(h.app.scroll, 0, "another team starts at the top");
}

#[test]
fn help_overlay_lists_every_key_of_the_screen_even_at_80x24() {
    let mut h = started();
    h.keys("nnn");
    let check = |h: &Harness, mode: Mode| {
        let text = h.text(80, 24);
        for (keys, help) in sitroom_tui::keymap::help_rows(mode) {
            let start: String = help.chars().take(16).collect();
            assert!(
                text.contains(&start),
                "{mode:?}: `{keys}` ({help}) missing:\n{text}"
            );
        }
    };
    h.keys("?");
    check(&h, Mode::Facilitator);
    h.keys(&format!("?tj\n{CODE}\n{CODE}\n?"));
    check(&h, Mode::Handover);
    h.keys("?\n?");
    check(&h, Mode::Team);
    h.keys("?d?");
    check(&h, Mode::Form);
}

#[test]
fn inbox_shows_one_channel_at_a_time() {
    use sitroom_scenario::Channel;
    let mut h = started();
    h.keys("nnn");
    seat_team(&mut h, 1);
    let inbox = |h: &Harness| -> Vec<String> {
        let tv = h.app.team_view("cert").expect("cert");
        h.app.inbox(tv).iter().map(|f| f.inject.clone()).collect()
    };
    assert_eq!(inbox(&h).len(), 4);
    let mut seen = Vec::new();
    for _ in 0..3 {
        h.keys("c");
        let ui = h.app.team_ui("cert").expect("cert");
        let channel = ui.channel.expect("a channel");
        seen.push(channel);
        let tv = h.app.team_view("cert").expect("cert");
        assert!(h.app.inbox(tv).iter().all(|f| f.channel == channel));
        // The newest item of the channel is on the reading pane.
        assert_eq!(ui.selected.as_ref(), inbox(&h).first());
    }
    assert_eq!(
        seen,
        vec![
            Channel::TechnicalAlert,
            Channel::PartnerRequest,
            Channel::Briefing
        ]
    );
    assert_eq!(inbox(&h), vec!["i-start".to_string()]);
    assert!(h.text(80, 24).contains("Inbox · brief 1/1"));
    h.keys("c");
    assert_eq!(h.app.team_ui("cert").and_then(|u| u.channel), None);
    assert_eq!(inbox(&h).len(), 4);
}

#[test]
fn next_event_asks_before_a_deadline_and_real_time_announces_it() {
    let mut h = started();
    h.keys("nnn");
    assert_eq!(h.session.now(), 15);
    // `n` goes from event to event until the next one is the CERT's
    // deadline at T+045: then it asks first.
    for _ in 0..10 {
        if h.app.overlay.is_some() {
            break;
        }
        h.keys("n");
    }
    assert!(h.session.now() < 45);
    assert!(
        matches!(&h.app.overlay, Some(Overlay::Confirm(Confirm::Advance { message, .. }))
            if message.contains("NorthCable asks for help (National CERT) at T+045")),
        "{:?}",
        h.app.overlay
    );
    h.keys("y");
    assert!(h.session.now() >= 45, "yes runs through the deadline");
    assert!(h.app.overlay.is_none());

    // Real time never asks, but says so loudly when a deadline passes.
    let mut h = Harness::with_mode(ClockMode::Realtime);
    h.keys("\n");
    assert!(
        h.text(80, 24).contains("Space resume"),
        "paused: Space resumes"
    );
    h.keys("nnn ");
    assert!(h.text(80, 24).contains("Space pause"));
    h.act(Action::Tick(6_000 * 40));
    assert!(h.session.now() >= 45);
    let status = h.app.status_text().unwrap_or_default().to_string();
    assert!(
        status.starts_with("⚠ DEADLINE PASSED") && status.contains("NorthCable asks for help"),
        "{status}"
    );
}

#[test]
fn the_reveal_after_ending_names_open_decisions_and_real_commands_only() {
    let mut h = started();
    h.keys("nnn");
    h.keys("Ey");
    assert_eq!(h.app.screen, Screen::Reveal);
    let text = h.text(120, 60);
    assert_eq!(text.matches("nded by the facilitator").count(), 1, "{text}");
    assert!(
        text.contains(
            "1 decision was still open and was not taken: NorthCable asks for help (National CERT)."
        ),
        "{text}"
    );
    assert!(
        text.contains("sitroom replay journals/osterby-7.jsonl"),
        "{text}"
    );
    assert!(text.contains("sitroom replay --verify journals/osterby-7.jsonl"));
    assert!(text.contains("sitroom report journals/osterby-7.jsonl -o osterby-7.html"));
}

#[test]
fn the_reveal_goes_back_to_the_timeline_with_rationales_and_back() {
    let mut h = started();
    h.keys("nnn");
    seat_team(&mut h, 1);
    h.keys("d");
    h.keys("Share the indicators with the operator");
    h.keys("\n\ny");
    back_to_facilitator(&mut h);
    h.keys("Ey");
    assert_eq!(h.app.screen, Screen::Reveal);
    assert!(!h.text(120, 60).contains("the timeline (t: results)"));
    assert_eq!(
        h.app.mode(),
        sitroom_tui::keymap::Mode::Reveal,
        "{:?}",
        h.app.overlay
    );
    h.keys("t");
    assert!(h.app.reveal_timeline);
    let text = h.text(120, 60);
    assert!(text.contains("the timeline (t: results)"), "{text}");
    assert!(text.contains("National CERT chose"), "{text}");
    assert!(
        text.contains("“Share the indicators with the operator”"),
        "{text}"
    );
    h.keys("t");
    assert!(h.text(120, 60).contains("Ground truth"));
}

#[test]
fn people_see_titles_labels_and_names_not_ids() {
    let mut h = started();
    h.keys("nnn");
    seat_team(&mut h, 1);
    h.keys("d\ny");
    // The team's "Taken" list: the inject's title, the option's label.
    h.keys("\t\t");
    assert_eq!(
        h.app.team_ui("cert").map(|u| u.pane),
        Some(TeamPane::Decisions)
    );
    let text = h.text(120, 24);
    assert!(
        text.contains("✓ T+015 NorthCable asks for help → Send a"),
        "{text}"
    );
    assert!(!text.contains("i-request"), "{text}");
    back_to_facilitator(&mut h);
    // Teams pane: a decision taken is not one taken by default.
    let text = h.text(160, 24);
    assert!(text.contains("1 decided, 0 by default"), "{text}");
    h.keys("\t\t");
    assert_eq!(h.app.fac.pane, FacPane::Scores);
    let text = h.text(80, 24);
    assert!(
        text.contains("National CERT  NorthCable asks for help → Send a response"),
        "{text}"
    );
    h.keys("o");
    let text = h.text(120, 24);
    assert!(
        text.contains("Note on National CERT — NorthCable asks for help."),
        "{text}"
    );
    assert!(!text.contains("i-request"), "{text}");
}

#[test]
fn the_title_bar_keeps_seat_and_clock_and_marks_every_cut() {
    let mut h = started();
    h.keys("nnn");
    let check = |h: &Harness, label: &str| {
        for w in (24..=130).step_by(2) {
            let text = h.text(w, 12);
            let top = text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_end()
                .to_string();
            assert!(top.contains("T+015"), "{label} at {w}: clock lost: {top:?}");
            let whole = top.contains("turn-based")
                && top.contains("Full feature fixture: the Osterby cable cut");
            let seat = if label == "facilitator" {
                "FACILITATOR"
            } else {
                "TEAM Intelligence (white cell)"
            };
            if !whole {
                // Something was dropped: the date, title or state went first,
                // and anything cut mid-word ends in an ellipsis.
                assert!(
                    top.contains(seat) || top.contains('…'),
                    "{label} at {w}: seat cut without ellipsis: {top:?}"
                );
                assert!(!top.ends_with("tu") && !top.ends_with("tur"), "{top:?}");
                if top.contains("turn") {
                    assert!(top.ends_with("turn-based"), "{label} at {w}: {top:?}");
                }
                for part in ["Full", "Osterby"] {
                    if let Some(i) = top.find(part) {
                        let rest = &top[i..];
                        assert!(
                            rest.contains("cable cut") || rest.contains('…'),
                            "{label} at {w}: title cut without ellipsis: {top:?}"
                        );
                    }
                }
            }
            if w >= 80 {
                assert!(top.contains(seat), "{label} at {w}: {top:?}");
            }
        }
    };
    check(&h, "facilitator");
    seat_team(&mut h, 3);
    check(&h, "white cell");
}

#[test]
fn the_form_marks_a_question_and_a_rationale_that_do_not_fit() {
    let mut h = started();
    h.keys("nnn");
    seat_team(&mut h, 1);
    h.keys("d");
    let roomy = h.text(80, 40);
    assert!(!roomy.contains("↑ more"), "{roomy}");
    // A short terminal: the question scrolls off above the options.
    let short = h.text(80, 16);
    assert!(short.contains("↑ more"), "{short}");
    assert!(!short.contains("NorthCable asks the CERT"), "{short}");
    // A rationale longer than its box: its start is marked as above.
    h.keys("\t");
    h.keys(&"word ".repeat(60));
    let text = h.text(80, 40);
    let marked = text
        .lines()
        .any(|l| l.contains("└ ↑ more ") || l.contains("└ ↑ more"));
    assert!(marked, "{text}");
}

#[test]
fn an_advance_that_would_end_the_exercise_asks_first() {
    let mut h = started();
    h.keys("A235\n");
    if matches!(h.app.overlay, Some(Overlay::Confirm(_))) {
        h.keys("y");
    }
    assert!(!h.session.is_over(), "T+{}", h.session.now());
    for key in ["n", "a", "A30\n"] {
        h.keys(key);
        let asked = match &h.app.overlay {
            Some(Overlay::Confirm(Confirm::Advance { message, .. })) => message.clone(),
            other => panic!("{key}: no question: {other:?}"),
        };
        assert!(asked.contains("would end"), "{key}: {asked}");
        h.keys("n");
        assert!(!h.session.is_over(), "{key}: nothing ended on no");
    }
    h.keys("ny");
    assert!(h.session.is_over());
}

#[test]
fn a_voided_choice_is_told_to_its_team_and_its_rationale_comes_back() {
    let mut h = started();
    h.keys("nnn");
    seat_team(&mut h, 1);
    h.keys("d\tsend the team\t\ny");
    back_to_facilitator(&mut h);
    // Scores pane (the console kept the Teams pane: Teams → Board → Scores).
    h.keys("\t\tvr");
    assert!(h.session.team_view("cert").expect("cert").made.is_empty());
    assert!(
        h.app
            .status_text()
            .is_some_and(|s| s.starts_with("Voided") && s.contains("reopened"))
    );
    // The Teams pane keeps the CERT's row.
    seat_team(&mut h, 0);
    let Some(Overlay::Notice(notice)) = h.app.overlay.clone() else {
        panic!("the team is told of the void");
    };
    assert!(
        notice.text.contains("voided by the facilitator"),
        "{}",
        notice.text
    );
    assert!(notice.text.contains("offered again"), "{}", notice.text);
    h.keys("\nd");
    assert_eq!(
        h.app.form.as_ref().map(|f| f.rationale.text()),
        Some("send the team")
    );
    // Told once: sitting down again says nothing more.
    h.keys("\x1b");
    back_to_facilitator(&mut h);
    seat_team(&mut h, 0);
    assert_eq!(h.app.screen, Screen::Team("cert".into()));
    assert_eq!(h.app.overlay, None);
}

fn inject_state(h: &Harness, id: &str) -> InjectState {
    h.app
        .view
        .injects
        .iter()
        .find(|i| i.inject == id)
        .expect("inject")
        .state
}

#[test]
fn enter_previews_an_inject_and_a_reply_released_before_its_message_asks_first() {
    let mut h = started();
    let row = (0..h.app.view.injects.len())
        .position(|r| h.app.inject_at(r).is_some_and(|i| i.inject == "i-request"))
        .expect("inject");
    for _ in 0..row {
        h.keys("j");
    }
    h.keys("\n");
    assert!(
        matches!(&h.app.overlay, Some(Overlay::Preview { inject, .. }) if inject == "i-request")
    );
    let text = h.text(160, 50);
    for part in [
        "5 min after “Malware on the station controllers” is released",
        "NorthCable asks the CERT to help contain the wiper",
        "Decision for National CERT",
        "Leads to",
    ] {
        assert!(text.contains(part), "the preview shows `{part}`:\n{text}");
    }
    // It answers an alert not released yet: asked first, released on yes.
    h.keys("r");
    assert!(matches!(
        &h.app.overlay,
        Some(Overlay::Confirm(Confirm::OutOfOrder { message, .. })) if message.contains("Malware on the station controllers")
    ));
    h.keys("y");
    assert_eq!(
        inject_state(&h, "i-request"),
        InjectState::Released { at: 0 }
    );
    // The list's r asks the same for the alert's own reply chain: the
    // alert answers the start, which is released, so it goes at once.
    h.special(KeyCode::Esc);
}

#[test]
fn a_deadline_moves_by_any_amount_later_or_earlier() {
    let mut h = started();
    while h.app.view.open.is_empty() {
        h.keys("n");
        if matches!(h.app.overlay, Some(Overlay::Confirm(_))) {
            h.keys("y");
        }
    }
    h.keys("\t");
    let deadline = |h: &Harness| h.app.view.open[0].deadline_at;
    let before = deadline(&h);
    h.keys("x");
    assert!(
        matches!(&h.app.overlay, Some(Overlay::Prompt(p)) if matches!(p.kind, PromptKind::Deadline { .. }))
    );
    h.keys("+1h30");
    h.special(KeyCode::Enter);
    assert_eq!(deadline(&h), before + 90);
    h.keys("x-20");
    h.special(KeyCode::Enter);
    assert_eq!(deadline(&h), before + 70);
    // Never before the next minute.
    h.keys("x-1d");
    h.special(KeyCode::Enter);
    assert_eq!(deadline(&h), h.app.view.now + 1);
    // Not a duration: the prompt stays open and says what it takes.
    h.keys("xsoon");
    h.special(KeyCode::Enter);
    assert!(
        matches!(&h.app.overlay, Some(Overlay::Prompt(p)) if p.error.as_deref().is_some_and(|e| e.contains("+30")))
    );
    assert_eq!(deadline(&h), h.app.view.now + 1);
}

#[test]
fn auto_pause_holds_a_real_time_clock_on_hand_overs_and_open_forms() {
    let mut h = Harness::with_mode(ClockMode::Realtime);
    h.keys("\n ");
    h.act(Action::Tick(6_000));
    assert_eq!(h.session.now(), 1, "running: one minute per 6 s at ×10");
    h.keys("P");
    assert!(h.app.auto_pause);
    // A hand-over screen: the clock stands still however long it waits.
    h.keys("tj\n1234\n1234\n");
    assert!(matches!(h.app.screen, Screen::Handover(_)));
    h.act(Action::Tick(60_000));
    assert_eq!(h.session.now(), 1);
    // The team's own screen (no form open) runs.
    h.keys("\n");
    h.act(Action::Tick(6_000));
    assert_eq!(h.session.now(), 2);
    // Off: the hand-over no longer holds it.
    h.special(KeyCode::Esc);
    h.keys("\n1234\n");
    h.keys("P");
    assert!(!h.app.auto_pause);
    h.keys("tj\n");
    h.act(Action::Tick(6_000));
    assert_eq!(h.session.now(), 3);
}

#[test]
fn observations_not_tied_to_a_decision_are_taken_rewritten_and_withdrawn() {
    let mut h = started();
    // On the Teams pane, the selected team; Down picks the first objective, Tab rates P.
    h.keys("tO");
    assert!(
        matches!(&h.app.overlay, Some(Overlay::Prompt(p)) if matches!(&p.kind, PromptKind::Observe { team: Some(_), .. }))
    );
    h.special(KeyCode::Down);
    h.keys("Calm under pressure\t");
    h.special(KeyCode::Enter);
    let notes = &h.app.view.notes;
    assert_eq!(notes.len(), 1, "{:?}", h.app.status_text());
    assert_eq!(notes[0].rating, Some(Rating::P));
    assert!(
        notes[0].objective.is_some() && notes[0].decision.is_empty() && !notes[0].team.is_empty()
    );
    // Elsewhere (the Scores pane): about the whole exercise.
    h.keys("\t\tO");
    h.keys("Room quiet");
    h.special(KeyCode::Enter);
    assert_eq!(h.app.view.notes[1].team, "");
    // N lists them; e rewrites the selected one with its text offered.
    h.keys("N");
    assert!(matches!(h.app.overlay, Some(Overlay::Notes { row: 0 })));
    h.keys("e");
    let Some(Overlay::Prompt(p)) = &h.app.overlay else {
        panic!("edit prompt")
    };
    assert_eq!(p.field.text(), "Calm under pressure");
    h.keys(", mostly");
    h.special(KeyCode::Enter);
    assert_eq!(h.app.view.notes[0].text, "Calm under pressure, mostly");
    // D withdraws after asking.
    h.keys("NjD");
    assert!(matches!(
        h.app.overlay,
        Some(Overlay::Confirm(Confirm::DeleteNote { index: 1, .. }))
    ));
    h.keys("y");
    assert_eq!(h.app.view.notes.len(), 1);
}

#[test]
fn a_scores_reasons_scroll_at_80x24() {
    let mut h = started();
    h.keys("nnntj\n1234\n1234\n\nd↓\ny\x1b\n1234\n");
    while h.app.fac.pane != FacPane::Scores {
        h.keys("\t");
    }
    // Enough notes under the decision that its reasons overflow the pane.
    for i in 0..8 {
        h.keys(&format!(
            "oObservation number {i} on the sharing of logs with the neighbour"
        ));
        h.special(KeyCode::Enter);
    }
    assert_eq!(h.app.view.notes.len(), 8);
    let top = h.text(80, 24);
    assert!(
        h.app.scroll_limit.get() > 0,
        "the reasons do not fit at 80x24:\n{top}"
    );
    h.special(KeyCode::PageDown);
    let scrolled = h.text(80, 24);
    assert_ne!(top, scrolled, "PgDn scrolls the reasons");
    assert!(scrolled.contains("Scorecards so far") || h.app.scroll == h.app.scroll_limit.get());
}

#[test]
fn a_served_speed_beyond_the_offered_ones_is_shown_and_stepped_from() {
    let mut h = Harness::with_mode(ClockMode::Realtime);
    h.keys("\n");
    h.app.clock.set_factor(600);
    assert_eq!(h.app.clock.factor(), 600, "shown as the server runs it");
    h.keys("+");
    assert_eq!(
        h.app.clock.factor(),
        600,
        "nothing faster is offered: unchanged"
    );
    h.keys("-");
    assert_eq!(
        h.app.clock.factor(),
        60,
        "one step down to the fastest offered"
    );
    h.keys("-");
    assert_eq!(h.app.clock.factor(), 30);
    h.keys("+");
    assert_eq!(h.app.clock.factor(), 60);
}

/// Started and advanced, event by event, to `minute` or just past it
/// (any question the advance raises answered yes): the MFA has heard of
/// the cable case by minute 61.
fn past_minute(minute: u32) -> Harness {
    let mut h = started();
    while h.session.now() < minute {
        h.keys("n");
        if matches!(h.app.overlay, Some(Overlay::Confirm(_))) {
            h.keys("y");
        }
    }
    h
}

/// An option that accuses a state asks the team for its own judgement
/// first (suspect, likelihood, confidence), records it, then reviews the
/// choice; the judgement reaches the facilitator and the scores.
#[test]
fn an_accusation_asks_the_team_for_its_own_judgement_first() {
    let mut h = past_minute(61);
    seat_team(&mut h, 0);
    let row = h
        .session
        .team_view("mfa")
        .unwrap()
        .decisions
        .iter()
        .position(|d| d.decision == "i-cable")
        .expect("the cable's decision is open");
    h.keys("\t\t");
    h.keys(&"↓".repeat(row));
    h.keys("\n");
    let form = h.app.form.clone().expect("the decision form");
    assert_eq!(form.decision, "i-cable");
    h.keys("↓\n");
    assert_eq!(h.app.mode(), Mode::Judge, "{:?}", h.app.status);
    let j = h.app.judging.clone().unwrap();
    assert!(j.asked && j.row == 2, "opens on the likelihood: {j:?}");
    let text = h.text(120, 40);
    assert!(
        text.contains("Your judgement") && text.contains("Corvania"),
        "{text}"
    );
    // Likely, moderate confidence.
    h.keys("→↓→\n");
    assert!(h.app.judging.is_none() && h.app.form.is_some());
    let mfa = h.session.team_view("mfa").unwrap();
    assert_eq!(mfa.assessments.len(), 1);
    assert_eq!(
        (
            mfa.assessments[0].suspect.as_str(),
            mfa.assessments[0].likelihood
        ),
        ("corvania", sitroom_engine::Likelihood::Likely)
    );
    assert_eq!(
        mfa.assessments[0].confidence,
        sitroom_engine::Confidence::Moderate
    );
    h.keys("\n");
    assert_eq!(h.app.mode(), Mode::ConfirmDecision);
    h.keys("y");
    let score = h
        .session
        .scores()
        .into_iter()
        .find(|s| s.team == "mfa" && s.decision == "i-cable")
        .expect("scored");
    let calibration = score
        .evaluations
        .iter()
        .find(|e| e.norm == "calibration")
        .expect("the calibration norm judged the statement");
    assert!(
        calibration
            .reason
            .contains("The team judged it likely that Republic of Corvania"),
        "{}",
        calibration.reason
    );
}

/// `a` on a team's screen states a judgement at any time; Esc leaves it
/// unrecorded.
#[test]
fn a_team_states_a_judgement_at_any_time_and_esc_records_nothing() {
    let mut h = past_minute(61);
    seat_team(&mut h, 0);
    h.keys("a");
    assert_eq!(h.app.mode(), Mode::Judge);
    h.keys("\x1b");
    assert!(h.app.judging.is_none());
    assert!(h.session.team_view("mfa").unwrap().assessments.is_empty());
    h.keys("a\n");
    assert_eq!(h.session.team_view("mfa").unwrap().assessments.len(), 1);
}

/// `b` on the console's Attribution pane hides the engine's estimates from
/// the selected team (journaled as an input), and shows them again.
#[test]
fn the_facilitator_hides_and_shows_a_teams_board() {
    let mut h = started();
    h.keys("nnn");
    h.keys("b");
    assert!(h.app.status.is_some(), "b elsewhere says where it works");
    assert!(h.session.team_view("mfa").unwrap().board);
    h.keys("\t\t\t");
    assert_eq!(h.app.fac.pane, FacPane::Board);
    h.keys("b");
    assert!(!h.session.team_view("mfa").unwrap().board);
    assert!(h.session.team_view("mfa").unwrap().beliefs.is_empty());
    assert!(
        h.session.team_view("cert").unwrap().board,
        "only the selected team"
    );
    h.keys("b");
    assert!(h.session.team_view("mfa").unwrap().board);
}

#[test]
fn an_inject_written_on_the_console_is_checked_released_and_decided() {
    let mut h = started();
    h.keys("W");
    assert!(matches!(h.app.overlay, Some(Overlay::Write(_))));
    // Enter on an empty form: the engine's rule refuses, the form stays.
    h.keys("\n");
    let Some(Overlay::Write(d)) = &h.app.overlay else {
        panic!("the form stays open")
    };
    assert_eq!(d.error.as_deref(), Some("the inject needs a title"));
    // Title, sender, the channel (intelligence report), the MFA ticked.
    h.keys("Ambassador calls↓Embassy Valdoria↓↓ ");
    h.keys("↓↓The ambassador asks to meet tonight.");
    h.keys("↓ ↓Do you meet?↓\x08\x0830↓Meet↓Hear him out↓→↓Decline");
    // Esc keeps the draft; W opens it again as it was.
    h.keys("\x1bW");
    let Some(Overlay::Write(d)) = &h.app.overlay else {
        panic!("the draft again")
    };
    assert_eq!(d.title.text(), "Ambassador calls");
    assert_eq!(d.options.len(), 3, "two written and a blank one");
    h.keys("\n");
    let Some(Overlay::Confirm(Confirm::Improvise { message, .. })) = &h.app.overlay else {
        panic!("asks before releasing: {:?}", h.app.overlay)
    };
    assert!(message.contains("Ministry of Foreign Affairs"), "{message}");
    assert!(message.contains("1 without a response kind"), "{message}");
    // n goes back to the form; y releases.
    h.keys("n");
    assert!(matches!(h.app.overlay, Some(Overlay::Write(_))));
    h.keys("\ny");
    assert!(h.app.draft.is_none(), "{:?}", h.app.status_text());
    let live = h.session.scenario().inject("live-1").expect("written");
    assert_eq!(live.from, "Embassy Valdoria");
    assert_eq!(live.decision.as_ref().map(|d| d.deadline), Some(30));
    assert_eq!(h.app.inject_title("live-1"), "Ambassador calls");
    let mfa = h.session.team_view("mfa").expect("mfa");
    assert!(mfa.decisions.iter().any(|d| d.decision == "live-1"));
    assert!(
        h.session
            .team_view("cert")
            .expect("cert")
            .feed
            .iter()
            .all(|f| f.inject != "live-1")
    );
    // The console's log says it was written during the session.
    let said: Vec<String> = h
        .app
        .log()
        .map(|e| sitroom_record::words::sentence(&h.app.scenario, &e.event))
        .collect();
    assert!(
        said.iter()
            .any(|s| s == "facilitator wrote 'Ambassador calls' during the session"),
        "{said:?}"
    );
}
