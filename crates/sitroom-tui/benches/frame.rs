//! Frame time of the main screens at 80×24 and 200×60 on the demo
//! scenario, and the replay viewer's seek time on a 240-minute session.
//! A plain timing loop (criterion is heavy on small machines):
//!
//!     cargo bench -p sitroom-tui --bench frame
//!
//! Frames are drawn into ratatui's `TestBackend`, so the figures are the
//! UI's own cost (layout, text, diffing), not the terminal's.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitroom_engine::{Session, Stamped};
use sitroom_journal::{Recorder, read, session_at};
use sitroom_scenario::{Minutes, Scenario};
use sitroom_tui::app::{App, ClockMode, Form, Screen};
use sitroom_tui::drive::views;
use sitroom_tui::{DEMO, DEMO_NAME, Seeker, Theme, ui};

const SCRIPT: &str = include_str!("../../../scenarios/mission-compromise/restrained.ron");
/// Runs the whole 240 minutes (no early ending): the worst case for seeking.
const LONG_SCRIPT: &str = include_str!("../../../scenarios/mission-compromise/passive.ron");
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

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
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
                    rationale: "x".repeat(80),
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

    // Seek: record a 240-minute session, then rebuild states from it.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path().join("bench.jsonl");
    let mut rec = Recorder::create(&path, DEMO_NAME, DEMO, Session::new(scenario.clone(), 1))
        .unwrap_or_else(|e| panic!("journal: {e}"));
    for s in parse(LONG_SCRIPT) {
        let now = rec.session().now();
        if s.at > now {
            let _ = rec.advance(s.at - now);
        }
        let _ = rec.submit(s.input);
    }
    let now = rec.session().now();
    let _ = rec.advance(240u32.saturating_sub(now));
    let journal = read(&path).unwrap_or_else(|e| panic!("read: {e}"));
    let mut seeker = Seeker::new(journal.clone(), scenario.clone());
    let end = seeker.end();
    println!();
    println!("replay seek, demo scenario, passive script, session of {end} minutes (median of 9)");
    let median = |mut f: Box<dyn FnMut() -> Duration>| {
        let mut v: Vec<Duration> = (0..9).map(|_| f()).collect();
        v.sort();
        v[4]
    };
    let j = journal.clone();
    let sc = scenario.clone();
    let full = median(Box::new(move || {
        let t = Instant::now();
        let s = session_at(&j, sc.clone(), end);
        let _ = views(&s);
        t.elapsed()
    }));
    println!("| seek | time |\n|---|---|");
    println!("| session_at(end) from minute 0 + views | {} |", ms(full));
    let back = median(Box::new(|| {
        seeker.at(end);
        let t = Instant::now();
        let s = seeker.at(end - 1);
        let _ = views(s);
        t.elapsed()
    }));
    println!(
        "| Seeker: one minute back from the end (worst case: re-simulates from 0) + views | {} |",
        ms(back)
    );
    let mut seeker = Seeker::new(journal, scenario);
    let step = median(Box::new(move || {
        seeker.at(0);
        seeker.at(end / 2);
        let t = Instant::now();
        let s = seeker.at(end / 2 + 1);
        let _ = views(s);
        t.elapsed()
    }));
    println!(
        "| Seeker: one minute forward mid-session + views | {} |",
        ms(step)
    );
}
