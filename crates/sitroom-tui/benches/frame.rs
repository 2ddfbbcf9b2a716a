//! Frame time of the main screens at 80×24 and 200×60 on the demo
//! scenario (the replay viewer's seek time is measured by `benches/seek.rs`).
//! A plain timing loop (criterion is heavy on small machines):
//!
//!     cargo bench -p sitroom-tui --bench frame
//!
//! Frames are drawn into ratatui's `TestBackend`, so the figures are the
//! UI's own cost (layout, text, diffing), not the terminal's.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitroom_engine::{Session, Stamped};
use sitroom_scenario::{Minutes, Scenario};
use sitroom_tui::app::{App, ClockMode, Form, Screen};
use sitroom_tui::drive::views;
use sitroom_tui::{DEMO, Theme, ui};

const SCRIPT: &str = include_str!("../../../scenarios/mission-compromise/restrained.ron");
const FRAMES: u32 = 2_000;

fn parse(text: &str) -> Vec<Stamped> {
    let opts =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    opts.from_str(text)
        .unwrap_or_else(|e| panic!("the decision script parses: {e}"))
}

fn script() -> Vec<Stamped> {
    parse(SCRIPT)
}

/// The demo session with the restrained script applied up to `minute`.
fn session_to(scenario: &Arc<Scenario>, minute: Minutes) -> Session {
    let mut session = Session::new(scenario.clone(), 1);
    for s in script().into_iter().filter(|s| s.at <= minute) {
        if s.at > session.now() {
            session.advance(s.at - session.now());
        }
        let _ = session.submit(s.input);
    }
    if minute > session.now() {
        session.advance(minute - session.now());
    }
    session
}

fn time_frames(app: &App, w: u16, h: u16) -> (Duration, Duration) {
    let theme = Theme::colored();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap_or_else(|e| match e {});
    let mut samples = Vec::with_capacity(FRAMES as usize);
    for i in 0..FRAMES {
        // Alternate two states so that every frame has something to diff.
        let started = Instant::now();
        let _ = terminal.draw(|f| {
            ui::draw(f, app, &theme);
            if i % 2 == 1 {
                f.render_widget(
                    ratatui::text::Line::raw("·"),
                    ratatui::layout::Rect::new(0, 0, 1, 1),
                );
            }
        });
        samples.push(started.elapsed());
    }
    samples.sort();
    let mean = samples.iter().sum::<Duration>() / FRAMES;
    let p99 = samples[(samples.len() * 99) / 100];
    (mean, p99)
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    let scenario = Arc::new(
        sitroom_scenario::load(DEMO).unwrap_or_else(|e| panic!("demo parses: {}", e.message)),
    );
    let session = session_to(&scenario, 120);
    let mut app = App::new(
        scenario.clone(),
        1,
        views(&session),
        ClockMode::Turns,
        PathBuf::from("bench.jsonl"),
    );
    let team = scenario
        .teams
        .first()
        .map(|t| t.id.clone())
        .unwrap_or_default();
    println!("frame time, demo scenario at T+120 ({FRAMES} frames each, TestBackend)");
    println!("| screen | 80×24 mean | 80×24 p99 | 200×60 mean | 200×60 p99 |");
    println!("|---|---|---|---|---|");
    let mut cases: Vec<(&str, Screen, bool)> = vec![
        ("start", Screen::Start, false),
        ("facilitator", Screen::Facilitator, false),
        ("team", Screen::Team(team.clone()), false),
        ("decision form", Screen::Team(team.clone()), true),
    ];
    let over = session_to(&scenario, 240);
    for (name, screen, form) in cases.drain(..) {
        app.screen = screen;
        app.form = None;
        if form {
            let decision = app
                .team_view(&team)
                .and_then(|tv| tv.decisions.first())
                .map(|d| d.decision.clone());
            if let Some(decision) = decision {
                app.form = Some(Form {
                    team: team.clone(),
                    decision,
                    option: 0,
                    rationale: sitroom_tui::field::Field::with_text(500, &"x".repeat(80)),
                    editing: true,
                });
            }
        }
        let (m1, p1) = time_frames(&app, 80, 24);
        let (m2, p2) = time_frames(&app, 200, 60);
        println!(
            "| {name} | {} | {} | {} | {} |",
            us(m1),
            us(p1),
            us(m2),
            us(p2)
        );
    }
    let mut end_app = App::new(
        scenario.clone(),
        1,
        views(&over),
        ClockMode::Turns,
        PathBuf::from("bench.jsonl"),
    );
    end_app.screen = Screen::Reveal;
    let (m1, p1) = time_frames(&end_app, 80, 24);
    let (m2, p2) = time_frames(&end_app, 200, 60);
    println!(
        "| reveal | {} | {} | {} | {} |",
        us(m1),
        us(p1),
        us(m2),
        us(p2)
    );
}
