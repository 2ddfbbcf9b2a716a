//! Need-to-know in the UI: over a whole scripted session, every screen a
//! team can reach shows none of the injects it is not entitled to. The
//! forbidden titles come from the scenario (audience and channels), not
//! from the engine's view, so the test checks the engine and the UI
//! together.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::collections::BTreeSet;

use sitroom_tui::app::Screen;

use crate::common::Harness;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// Titles of the injects `team` may never see, with a prefix of each
/// (long titles are cut with an ellipsis in narrow lists).
fn forbidden(h: &Harness, team: &str) -> Vec<String> {
    let sc = &h.app.scenario;
    let Some(t) = sc.teams.iter().find(|t| t.id == team) else {
        return Vec::new();
    };
    let mut out = BTreeSet::new();
    for inj in &sc.injects {
        let entitled = (inj.audience.is_empty() || inj.audience.iter().any(|a| a == team))
            && t.sees.channels.contains(&inj.channel);
        if !entitled {
            out.insert(inj.title.clone());
            out.insert(inj.title.chars().take(14).collect());
        }
    }
    out.into_iter().collect()
}

fn assert_clean(h: &Harness, team: &str, what: &str, seen: &mut usize) {
    let banned = forbidden(h, team);
    for (w, ht) in SIZES {
        let text = h.text(w, ht);
        for title in &banned {
            assert!(
                !text.contains(title.as_str()),
                "{team} at T+{} ({what}, {w}x{ht}) shows `{title}`:\n{text}",
                h.session.now()
            );
        }
        *seen += 1;
    }
}

/// Looks at everything a seated team can look at.
fn tour(h: &mut Harness, team: &str, seen: &mut usize) {
    assert_eq!(h.app.screen, Screen::Team(team.to_string()));
    assert_clean(h, team, "inbox", seen);
    let n = h.app.team_view(team).map_or(0, |tv| tv.feed.len());
    for _ in 0..n {
        h.keys("j");
        assert_clean(h, team, "inbox item", seen);
    }
    for _ in 0..=sitroom_scenario::Channel::ALL.len() {
        h.keys("c");
        assert_clean(h, team, "inbox by channel", seen);
    }
    for pane in ["message", "decisions", "board"] {
        h.keys("\t");
        assert_clean(h, team, pane, seen);
    }
    h.keys("\t");
    if h.app
        .team_view(team)
        .is_some_and(|tv| !tv.decisions.is_empty())
    {
        h.keys("d");
        assert_clean(h, team, "form", seen);
        h.keys("?");
        assert_clean(h, team, "form help", seen);
        // Choose the first option with a rationale: follow-ups release more injects.
        h.keys("?\tneed to know\t\n");
        assert_clean(h, team, "confirmation", seen);
        h.keys("y");
    }
    h.keys("\x1b");
    assert_clean(h, team, "hand-over", seen);
    h.keys("\n1234\n");
}

#[test]
fn no_team_ever_sees_another_teams_injects() {
    let mut h = Harness::new();
    h.keys("\n");
    let players: Vec<(usize, String)> = h
        .app
        .scenario
        .teams
        .iter()
        .enumerate()
        .filter(|(_, t)| t.player)
        .map(|(i, t)| (i, t.id.clone()))
        .collect();
    assert!(players.len() >= 2, "the fixture needs two player teams");
    let mut seen = 0;
    let mut steps = 0;
    while !h.session.is_over() && steps < 100 {
        for (row, team) in &players {
            h.keys("t");
            for _ in 0..h.app.fac.row(sitroom_tui::app::FacPane::Teams) {
                h.keys("k");
            }
            for _ in 0..*row {
                h.keys("j");
            }
            h.keys("\n");
            if h.app.facilitator_code.is_none() {
                h.keys("1234\n1234\n");
            }
            assert_clean(&h, team, "hand-over to the team", &mut seen);
            h.keys("\n");
            tour(&mut h, team, &mut seen);
        }
        h.keys("n");
        if matches!(h.app.overlay, Some(sitroom_tui::app::Overlay::Confirm(_))) {
            // Deadlines ahead, or the end: go on.
            h.keys("y");
        }
        steps += 1;
    }
    assert!(h.session.is_over(), "the scripted session reaches its end");
    // At least one decision was taken by each player team.
    for (_, team) in &players {
        let made = h.session.team_view(team).map_or(0, |tv| tv.made.len());
        assert!(made > 0, "{team} decided nothing");
    }
    assert!(seen > 100, "only {seen} screens were checked");
}

/// Each team's model is the engine's team seat view and nothing more: after
/// every step of a session, the model equals what `Seat::Team` would be
/// sent, so a client holding one team's model holds no other data.
#[test]
fn each_team_model_is_its_seat_view_after_every_step() {
    use sitroom_engine::{Seat, SeatView};
    let mut h = Harness::new();
    h.keys(" ");
    let teams: Vec<String> = h.app.scenario.teams.iter().map(|t| t.id.clone()).collect();
    let mut checked = 0;
    for _ in 0..40 {
        for team in &teams {
            let Some(SeatView::Team(expected)) = h.session.seat_view(&Seat::Team(team.clone()))
            else {
                panic!("a team seat gets a team view");
            };
            let model = h.app.team_model(team).expect("a model per team");
            assert_eq!(model.view, expected, "{team} at {}", h.session.now());
            checked += 1;
        }
        if h.session.is_over() {
            break;
        }
        h.keys("n");
    }
    assert!(checked > teams.len() * 5, "the session ran several steps");
}
