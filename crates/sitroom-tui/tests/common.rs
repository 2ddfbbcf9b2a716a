#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic
use std::path::PathBuf;
use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sitroom_engine::Session;
use sitroom_scenario::Scenario;
use sitroom_tui::app::{App, ClockMode};
use sitroom_tui::drive::{apply, views};
use sitroom_tui::{Action, Theme, key_to_action, ui, update};

pub const FIXTURE: &str = include_str!("fixtures/osterby.ron");
pub const SEED: u64 = 7;

pub fn scenario() -> Arc<Scenario> {
    Arc::new(sitroom_scenario::load(FIXTURE).expect("the fixture parses"))
}

/// An App driving a bare Session (no journal), through the same `apply`
/// as the play loop.
pub struct Harness {
    pub session: Session,
    pub app: App,
    pub theme: Theme,
}

impl Harness {
    pub fn new() -> Harness {
        Harness::with_mode(ClockMode::Turns)
    }

    pub fn with_mode(mode: ClockMode) -> Harness {
        Harness::with(scenario(), mode)
    }

    /// A harness on another scenario, turn-based.
    pub fn with_scenario(scenario: Arc<Scenario>) -> Harness {
        Harness::with(scenario, ClockMode::Turns)
    }

    fn with(scenario: Arc<Scenario>, mode: ClockMode) -> Harness {
        let session = Session::new(scenario.clone(), SEED);
        let app = App::new(
            scenario,
            SEED,
            views(&session),
            mode,
            PathBuf::from("journals/osterby-7.jsonl"),
        );
        Harness {
            session,
            app,
            theme: Theme::plain(),
        }
    }

    /// Applies an action and carries out its effect.
    pub fn act(&mut self, action: Action) -> Option<sitroom_tui::Exit> {
        let effect = update(&mut self.app, action);
        apply(&mut self.session, &mut self.app, effect)
            .expect("a bare session never fails to record")
    }

    /// Presses keys as `Script::keys` spells them, through the key table.
    pub fn keys(&mut self, keys: &str) -> Option<sitroom_tui::Exit> {
        for c in keys.chars() {
            let key = sitroom_tui::term::press(c);
            if let Some(exit) = self.key(key) {
                return Some(exit);
            }
        }
        None
    }

    pub fn key(&mut self, key: KeyEvent) -> Option<sitroom_tui::Exit> {
        let action = key_to_action(self.app.mode(), key)?;
        self.app.status = None;
        self.act(action)
    }

    pub fn special(&mut self, code: KeyCode) -> Option<sitroom_tui::Exit> {
        self.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    pub fn render(&self, w: u16, h: u16) -> Terminal<TestBackend> {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
        terminal
            .draw(|f| ui::draw(f, &self.app, &self.theme))
            .expect("draw");
        terminal
    }

    /// The rendered screen as plain text, one line per row.
    pub fn text(&self, w: u16, h: u16) -> String {
        buffer_text(&self.render(w, h))
    }
}

pub fn buffer_text(terminal: &Terminal<TestBackend>) -> String {
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
