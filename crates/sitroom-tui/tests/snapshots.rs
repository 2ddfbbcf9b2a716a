//! Every screen at 80×24 and 120×40, fixed seed, plain theme (the
//! snapshots hold the text; colour never carries meaning on its own).

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
    h.keys("tj\n\n");
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
fn facilitator_board_with_truth() {
    let mut h = at_fifteen();
    h.keys("\t\t\t");
    snap("facilitator_board", &h);
}

#[test]
fn facilitator_scores_with_reasons() {
    let mut h = cert_seated();
    h.keys("dj\n\x1b\n\t\t");
    snap("facilitator_scores", &h);
}

#[test]
fn hand_over_screen() {
    let mut h = at_fifteen();
    h.keys("tj\n");
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
    h.keys("dj\tContain first, then share indicators.");
    snap("decision_form", &h);
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
    let mut h = cert_seated();
    h.keys("dj\n\x1b\n");
    h.keys("A300\ny");
    snap("reveal", &h);
}

#[test]
fn advance_confirmation() {
    let mut h = at_fifteen();
    h.keys("A300\n");
    snap("confirm_advance", &h);
}
