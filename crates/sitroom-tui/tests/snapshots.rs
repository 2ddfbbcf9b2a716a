//! Every screen at 80×24 and 120×40, fixed seed, plain theme (the
//! snapshots hold the text; colour never carries meaning on its own).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use crate::common::Harness;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, h: &Harness) {
    for (w, hgt) in SIZES {
        let terminal = h.render(w, hgt);
        insta::assert_snapshot!(format!("{name}_{w}x{hgt}"), terminal.backend());
    }
}

/// Started, advanced to minute 15: the CERT's decision is open.
fn at_fifteen() -> Harness {
    let mut h = Harness::new();
    h.keys("\nnnn");
    assert_eq!(h.session.now(), 15);
    h
}

fn cert_seated() -> Harness {
    let mut h = at_fifteen();
    h.keys("tj\n1234\n1234\n\n");
    h
}

/// The CERT has decided (second option, confirmed) and handed back.
fn cert_decided() -> Harness {
    let mut h = cert_seated();
    h.keys("d↓\ny\x1b\n1234\n");
    h
}

#[test]
fn start_screen() {
    snap("start", &Harness::new());
}

#[test]
fn facilitator_console() {
    snap("facilitator", &at_fifteen());
}

#[test]
fn facilitator_decisions_pane() {
    let mut h = at_fifteen();
    h.keys("\t");
    snap("facilitator_decisions", &h);
}

#[test]
fn facilitator_board_hides_the_truth_until_asked() {
    let mut h = at_fifteen();
    h.keys("\t\t\t");
    snap("facilitator_board", &h);
    h.keys("T");
    snap("confirm_show_private", &h);
    h.keys("y");
    snap("facilitator_board_private", &h);
}

#[test]
fn facilitator_scores_with_reasons() {
    let mut h = cert_decided();
    h.keys("\t\t");
    snap("facilitator_scores", &h);
    h.keys("v");
    snap("void_choice", &h);
}

#[test]
fn hand_over_screen() {
    let mut h = at_fifteen();
    h.keys("tj\n");
    snap("choose_code", &h);
    h.keys("1234\n1234\n");
    snap("handover", &h);
}

#[test]
fn team_inbox() {
    snap("team_inbox", &cert_seated());
}

#[test]
fn team_decisions_pane() {
    let mut h = cert_seated();
    h.keys("\t\t");
    snap("team_decisions", &h);
}

#[test]
fn decision_form() {
    let mut h = cert_seated();
    h.keys("d↓\tContain first, then share indicators.");
    snap("decision_form", &h);
    h.keys("\t\n");
    snap("confirm_decision", &h);
}

#[test]
fn a_form_closed_by_its_deadline_tells_the_team() {
    let mut h = Harness::with_mode(sitroom_tui::ClockMode::Realtime);
    h.keys("\n ");
    h.act(sitroom_tui::Action::Tick(15 * 6_000));
    h.keys("tj\n1234\n1234\n\ndWe should share");
    h.act(sitroom_tui::Action::Tick(31 * 6_000));
    snap("form_closed_notice", &h);
}

#[test]
fn help_overlay() {
    let mut h = at_fifteen();
    h.keys("?");
    snap("help_facilitator", &h);
    let mut h = cert_seated();
    h.keys("d?");
    snap("help_form", &h);
}

#[test]
fn quit_confirmation() {
    let mut h = at_fifteen();
    h.keys("q");
    snap("confirm_quit", &h);
}

#[test]
fn reveal_screen() {
    let mut h = cert_decided();
    h.keys("A300\ny");
    snap("reveal", &h);
}

#[test]
fn advance_confirmation() {
    let mut h = at_fifteen();
    h.keys("A300\n");
    snap("confirm_advance", &h);
}

#[test]
fn write_an_inject() {
    let mut h = at_fifteen();
    h.keys("WRoadblock at the border↓↓↓ ↓↓Police report a roadblock.↓ ↓↓↓Clear it↓↓→");
    snap("write", &h);
}
