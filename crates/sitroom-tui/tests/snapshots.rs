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

/// A long scenario (NotPetya, 263 days): every time column of the console's
/// lists is as wide as its last minute needs, `T+0d11:00` beside `T+233d00:05`.
#[test]
fn long_scenario_columns_stay_aligned() {
    use std::sync::Arc;
    let source = include_str!("../../../scenarios/notpetya-2017.ron");
    let scenario = Arc::new(sitroom_scenario::load(source).expect("notpetya parses"));
    let mut h = Harness::with_scenario(scenario);
    h.keys("\n");
    // Past the first day's injects (no deadline passed), with the Log and
    // the Injects panes.
    h.keys("nnnn");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.overlay);
    let injects = h.render(80, 24);
    insta::assert_snapshot!("long_injects_80x24", injects.backend());
    let text = crate::common::buffer_text(&injects);
    let columns: Vec<usize> = text
        .lines()
        .filter_map(|l| l.find("T+").filter(|_| l.contains('●')))
        .collect();
    assert!(columns.len() >= 3, "{text}");
    for _ in 0..6 {
        if h.app.fac.pane != sitroom_tui::app::FacPane::Log {
            h.keys("\t");
        }
    }
    let log = h.render(80, 24);
    insta::assert_snapshot!("long_log_80x24", log.backend());
    let text = crate::common::buffer_text(&log);
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("T+") && l.contains('d'))
        .collect();
    let ends: Vec<Option<usize>> = rows
        .iter()
        .skip(1) // the title bar's clock
        .map(|l| l.find(" released").or_else(|| l.find(" decided")))
        .filter(Option::is_some)
        .collect();
    assert!(ends.len() >= 3, "{text}");
    assert!(
        ends.windows(2).all(|w| w[0] == w[1]),
        "columns: {ends:?}\n{text}"
    );
}

/// The flagship keeps escalation per dyad: the console's ladder lists every
/// dyad under the crisis level, a team sees its own state's dyads under it.
#[test]
fn dyads_under_the_crisis_level() {
    use std::sync::Arc;
    let source = include_str!("../../../scenarios/mission-compromise.ron");
    let scenario = Arc::new(sitroom_scenario::load(source).expect("the flagship parses"));
    let mut h = Harness::with_scenario(scenario);
    h.keys("\nn");
    let console = h.render(120, 40);
    insta::assert_snapshot!("dyads_console_120x40", console.backend());
    let text = crate::common::buffer_text(&console);
    assert!(
        text.contains("Republic of Valdoria – Orvanian Federation"),
        "{text}"
    );
    h.keys("t\n1234\n1234\n\n");
    let team = h.render(80, 24);
    insta::assert_snapshot!("dyads_team_80x24", team.backend());
    let text = crate::common::buffer_text(&team);
    assert!(text.contains("with Orvanian Federation"), "{text}");
    assert!(text.contains("with Republic of Maruvia"), "{text}");
}
