//! A seat joined over the network (`sitroom join ADDR --token T`): the same
//! screens as hot-seat play, drawn from what the server sent for this seat
//! only. A team's client holds its own view and nothing else (no scenario);
//! the room holds the room's view until the reveal; the facilitator and an
//! observer get the console, whose effects go to the server as intents.
//!
//! Intents stay with the link until the server answers; a decision's
//! rationale stays here until its acknowledgement, so a refusal or a lost
//! connection gives it back to the form.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use sitroom_engine::{Input, RoomView, Seat, TeamView};
use sitroom_net::protocol::{ClockCommand, Console, Question, SeatPresence};
use sitroom_net::{Command, LinkEvent, PaceState, ServerFrame};
use sitroom_record::{Record, words};
use sitroom_scenario::{Minutes, Scenario};

use crate::action::Action;
use crate::app::{
    App, ClockMode, Confirm, Effect, Form, Notice, Screen, SeatStatus, TeamModel, TeamUi, Views,
};
use crate::desk::{FormStep, JudgeStep, TeamStep};
use crate::keymap::Mode;
use crate::term::{Events, UiEvent};
use crate::theme::Theme;
use crate::{TuiError, key_to_action};

/// What a front end needs of the connection (a `sitroom_net::Link`, or a
/// fake in tests).
pub trait Remote {
    /// Sends an intent made on the view of minute `against`; its id.
    fn send(&mut self, against: Minutes, command: Command, confirmed: bool) -> u64;
    /// The next event from the connection, waiting at most `timeout`.
    fn poll(&mut self, timeout: Duration) -> Option<LinkEvent>;
}

impl Remote for sitroom_net::Link {
    fn send(&mut self, against: Minutes, command: Command, confirmed: bool) -> u64 {
        sitroom_net::Link::send(self, against, command, confirmed)
    }

    fn poll(&mut self, timeout: Duration) -> Option<LinkEvent> {
        self.recv_timeout(timeout)
    }
}

/// The connection as the seat sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Connected,
    /// Dropped; the link is trying again.
    Lost(String),
    /// Over: refused, or gave up.
    Closed(String),
}

/// What sits over a joined team's screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeatOverlay {
    Help,
    Confirm(Confirm),
    Notice(Notice),
    /// Leave this terminal?
    Leave,
}

/// A decision sent and not yet answered: its label, and the rationale to
/// give back to the form if it is refused.
#[derive(Debug, Clone)]
struct Sent {
    decision: String,
    label: String,
    rationale: String,
}

/// The end, as the seat was told.
#[derive(Debug, Clone)]
pub struct Ended {
    pub outcome: sitroom_engine::Outcome,
    pub record: Option<Record>,
    pub scenario: Option<Arc<Scenario>>,
}

/// A seat joined over the network.
#[derive(Debug)]
pub struct SeatApp {
    pub seat: Option<Seat>,
    pub name: String,
    pub title: String,
    pub pace: Option<PaceState>,
    pub connection: Connection,
    /// A team seat: its model, form, drafts.
    pub team: Option<TeamModel>,
    pub form: Option<Form>,
    /// The team stating its own judgement on a case.
    pub judging: Option<crate::desk::Judging>,
    pub drafts: BTreeMap<String, String>,
    pub overlay: Option<SeatOverlay>,
    /// The room seat's view.
    pub room: Option<RoomView>,
    /// The facilitator's or observer's console.
    pub console: Option<Box<App>>,
    console_source: Option<(Arc<Scenario>, u64)>,
    pub ended: Option<Ended>,
    pub status: Option<String>,
    sent: BTreeMap<u64, Sent>,
    /// The decision form last told to the server (`Command::Form`).
    form_told: Option<String>,
    pub scroll: u16,
    pub scroll_limit: std::cell::Cell<u16>,
    pub quit: bool,
}

impl SeatApp {
    pub fn new() -> SeatApp {
        SeatApp {
            seat: None,
            name: String::new(),
            title: String::new(),
            pace: None,
            connection: Connection::Connecting,
            team: None,
            form: None,
            judging: None,
            drafts: BTreeMap::new(),
            overlay: None,
            room: None,
            console: None,
            console_source: None,
            ended: None,
            status: None,
            sent: BTreeMap::new(),
            form_told: None,
            scroll: 0,
            scroll_limit: std::cell::Cell::new(u16::MAX),
            quit: false,
        }
    }

    /// The minute of the view on screen (what an intent is made against).
    fn now(&self) -> Minutes {
        if let Some(m) = &self.team {
            return m.view.now;
        }
        if let Some(c) = &self.console {
            return c.view.now;
        }
        self.room.as_ref().map_or(0, |r| r.now)
    }

    /// The keys live now.
    pub fn mode(&self) -> Mode {
        if let Some(c) = &self.console {
            return c.mode();
        }
        match &self.overlay {
            Some(SeatOverlay::Help) => return Mode::Help,
            Some(SeatOverlay::Confirm(Confirm::Decide { .. })) => return Mode::ConfirmDecision,
            Some(SeatOverlay::Confirm(_)) | Some(SeatOverlay::Leave) => return Mode::Confirm,
            Some(SeatOverlay::Notice(_)) => return Mode::Notice,
            None => {}
        }
        self.screen_mode()
    }

    fn screen_mode(&self) -> Mode {
        if self.team.is_none() || self.ended.is_some() {
            return Mode::Room;
        }
        if self.judging.is_some() {
            return Mode::Judge;
        }
        match &self.form {
            Some(f) if f.editing => Mode::FormText,
            Some(_) => Mode::Form,
            None => Mode::Seat,
        }
    }
}

impl Default for SeatApp {
    fn default() -> SeatApp {
        SeatApp::new()
    }
}

/// What the loop must do after a key.
#[derive(Debug, Clone, PartialEq)]
pub enum SeatEffect {
    None,
    Send {
        command: Command,
        confirmed: bool,
        /// A decision's label and rationale, kept until it is answered.
        decision: Option<(String, String, String)>,
    },
    Quit,
}

/// Takes what the connection says.
pub fn on_event(app: &mut SeatApp, event: LinkEvent) {
    match event {
        LinkEvent::Welcome { frame, again, .. } => {
            app.connection = Connection::Connected;
            // A new connection: the server knows no form of ours yet.
            app.form_told = None;
            if again {
                app.status = Some("Connected again.".into());
            }
            if let ServerFrame::Welcome {
                seat,
                name,
                title,
                pace,
                scenario,
                seed,
                ..
            } = frame
            {
                if let Some(a) = &mut app.console {
                    a.clock.paused = pace.paused;
                    a.clock.set_factor(pace.speed);
                    a.say("Connected again.");
                }
                app.seat = Some(seat);
                app.name = name;
                app.title = title;
                app.pace = Some(pace);
                if let (Some(source), Some(seed)) = (scenario, seed)
                    && app.console_source.is_none()
                {
                    match sitroom_scenario::load(&source) {
                        Ok(sc) => app.console_source = Some((Arc::new(sc), seed)),
                        Err(e) => {
                            app.connection = Connection::Closed(format!(
                                "the server's scenario does not load here: {}",
                                e.message
                            ))
                        }
                    }
                }
            }
        }
        LinkEvent::Frame { frame, .. } => on_frame(app, frame),
        LinkEvent::Lost { reason } => {
            if let Some(a) = &mut app.console {
                a.say(format!(
                    "Connection lost ({reason}); reconnecting. Commands wait until it is back."
                ));
            }
            app.connection = Connection::Lost(reason);
        }
        LinkEvent::Closed(e) => {
            let reason = e.to_string();
            if let Some(a) = &mut app.console {
                a.say(format!("Disconnected: {reason}. q leaves."));
            }
            app.connection = Connection::Closed(reason);
        }
    }
}

fn console_views(c: Console, room: Option<RoomView>) -> Views {
    Views {
        view: c.view,
        scores: c.scores,
        record: c.record.map(|r| *r),
        teams: c.teams,
        room,
    }
}

fn on_frame(app: &mut SeatApp, frame: ServerFrame) {
    match frame {
        ServerFrame::Team(view) => on_team_view(app, *view),
        ServerFrame::Room(view) => app.room = Some(*view),
        ServerFrame::Console(c) => {
            let room = app.console.as_ref().and_then(|a| a.room.clone());
            match (&mut app.console, &app.console_source) {
                (Some(a), _) => a.refresh(console_views(*c, room)),
                (None, Some((sc, seed))) => {
                    let mode = if app.pace.is_some_and(|p| p.realtime) {
                        ClockMode::Realtime
                    } else {
                        ClockMode::Turns
                    };
                    let mut a = App::new(
                        sc.clone(),
                        *seed,
                        console_views(*c, None),
                        mode,
                        std::path::PathBuf::from("(the server's journal)"),
                    );
                    if a.screen == Screen::Start {
                        a.screen = Screen::Facilitator;
                    }
                    if let Some(p) = app.pace {
                        a.clock.paused = p.paused;
                        a.clock.set_factor(p.speed);
                    }
                    a.served = true;
                    a.observer = app.seat == Some(Seat::Reviewer);
                    app.console = Some(Box::new(a));
                }
                (None, None) => {}
            }
        }
        ServerFrame::Presence { seats } => {
            if let Some(a) = &mut app.console {
                a.seats = Some(seats.into_iter().map(seat_status).collect());
            }
        }
        ServerFrame::Pace(p) => {
            app.pace = Some(p);
            if let Some(a) = &mut app.console {
                a.clock.paused = p.paused;
                a.clock.set_factor(p.speed);
                a.auto_pause = p.auto_pause;
                a.served_held = p.held;
            }
        }
        ServerFrame::Ack { id, .. } => {
            if let Some(s) = app.sent.remove(&id) {
                app.drafts.remove(&s.decision);
                say(app, format!("Recorded: {}.", s.label));
            }
        }
        ServerFrame::Rejected { id, reason } => match app.sent.remove(&id) {
            Some(s) => {
                if !s.rationale.trim().is_empty() {
                    app.drafts.insert(s.decision, s.rationale);
                }
                say(
                    app,
                    format!("Not recorded: {reason}. Your rationale is kept."),
                );
            }
            None => say(app, format!("Refused: {reason}.")),
        },
        ServerFrame::Question { question, .. } => {
            if let Some(a) = &mut app.console {
                let confirm = match question {
                    Question::Advance { advance, preview } => Confirm::Advance {
                        advance,
                        message: crate::drive::question(a, &preview)
                            .unwrap_or_else(|| "Advance anyway?".to_string()),
                    },
                    Question::Release { inject, outcome } => Confirm::Release {
                        inject,
                        message: crate::app::lapse_question(
                            &[],
                            (0, 0),
                            Some(&words::outcome_title(&outcome)),
                        )
                        .replace("Advance", "Release"),
                    },
                };
                a.overlay = Some(crate::app::Overlay::Confirm(confirm));
            }
        }
        ServerFrame::Ended {
            outcome,
            record,
            scenario,
        } => {
            let record = record.map(|r| *r);
            // As played: with the injects written during the session.
            let scenario = scenario
                .and_then(|s| sitroom_scenario::load(&s).ok())
                .map(|sc| {
                    let sc = Arc::new(sc);
                    record
                        .as_ref()
                        .map_or_else(|| Arc::clone(&sc), |r| r.as_played(&sc))
                });
            app.form = None;
            app.overlay = None;
            app.scroll = 0;
            app.ended = Some(Ended {
                outcome,
                record,
                scenario,
            });
        }
        ServerFrame::Asked { name, .. } => {
            if let Some(a) = &mut app.console {
                a.say(format!("{name} asks for a pause (Space pauses the clock)."));
            }
        }
        ServerFrame::Closing { reason, .. } => app.connection = Connection::Closed(reason),
        ServerFrame::Welcome { .. } => {}
    }
}

fn seat_status(p: SeatPresence) -> SeatStatus {
    SeatStatus {
        seat: p.seat,
        name: p.name,
        connected: p.connected,
        roster: p
            .roster
            .into_iter()
            .map(|m| {
                if m.role.is_empty() {
                    m.name
                } else {
                    format!("{} ({})", m.name, m.role)
                }
            })
            .collect(),
        waiting: p.waiting,
    }
}

fn say(app: &mut SeatApp, text: String) {
    match &mut app.console {
        Some(a) => a.say(text),
        None => app.status = Some(text),
    }
}

/// A team's fresh view: the form closes with a notice if its decision
/// closed, voided choices are told.
fn on_team_view(app: &mut SeatApp, view: TeamView) {
    let model = app.team.get_or_insert_with(|| TeamModel {
        ui: TeamUi::new(&view.team),
        view: view.clone(),
    });
    model.view = view;
    let len = model.view.decisions.len();
    model.ui.decision_row = model.ui.decision_row.min(len.saturating_sub(1));
    if let Some(form) = &app.form
        && !model
            .view
            .decisions
            .iter()
            .any(|d| d.decision == form.decision)
    {
        let drafted = !form.rationale.is_empty();
        if drafted {
            app.drafts
                .insert(form.decision.clone(), form.rationale.text().to_string());
        }
        let notice = crate::desk::closed_notice(&model.view, &form.decision, drafted);
        app.form = None;
        app.overlay = Some(SeatOverlay::Notice(notice));
        return;
    }
    if app.overlay.is_none()
        && let Some(notice) = crate::desk::void_notice(&model.view, &mut model.ui)
    {
        app.overlay = Some(SeatOverlay::Notice(notice));
    }
}

/// A key at a joined seat.
pub fn update_seat(app: &mut SeatApp, action: Action) -> SeatEffect {
    if app.console.is_some() {
        return console_key(app, action);
    }
    match app.overlay.clone() {
        Some(SeatOverlay::Help) => {
            if action == Action::Help {
                app.overlay = None;
            }
            return SeatEffect::None;
        }
        Some(SeatOverlay::Notice(_)) => {
            if action == Action::Acknowledge {
                app.overlay = None;
            }
            return SeatEffect::None;
        }
        Some(SeatOverlay::Leave) => {
            return match action {
                Action::Yes => SeatEffect::Quit,
                Action::No => {
                    app.overlay = None;
                    SeatEffect::None
                }
                _ => SeatEffect::None,
            };
        }
        Some(SeatOverlay::Confirm(Confirm::Decide {
            team,
            decision,
            option,
            label,
            rationale,
        })) => {
            return match action {
                Action::Yes => {
                    app.overlay = None;
                    app.form = None;
                    app.status = Some(format!("Sending: {label}…"));
                    let input =
                        crate::desk::decision_input(team, decision.clone(), option, &rationale);
                    SeatEffect::Send {
                        command: Command::Input(input),
                        confirmed: false,
                        decision: Some((decision, label, rationale)),
                    }
                }
                Action::No => {
                    app.overlay = None;
                    SeatEffect::None
                }
                _ => SeatEffect::None,
            };
        }
        Some(SeatOverlay::Confirm(_)) => {
            app.overlay = None;
            return SeatEffect::None;
        }
        None => {}
    }
    if action == Action::Help && !app.mode().takes_text() {
        app.overlay = Some(SeatOverlay::Help);
        return SeatEffect::None;
    }
    if app.team.is_none() || app.ended.is_some() {
        // The room, or the end: scroll and leave.
        match action {
            Action::Up => app.scroll = app.scroll.saturating_sub(1),
            Action::Down => app.scroll = app.scroll.saturating_add(1).min(app.scroll_limit.get()),
            Action::PageUp => app.scroll = app.scroll.saturating_sub(10),
            Action::PageDown => {
                app.scroll = app.scroll.saturating_add(10).min(app.scroll_limit.get())
            }
            Action::Quit => return SeatEffect::Quit,
            _ => {}
        }
        return SeatEffect::None;
    }
    let limit = app.scroll_limit.get();
    let Some(model) = app.team.as_mut() else {
        return SeatEffect::None;
    };
    if let Some(j) = app.judging.as_mut() {
        return match crate::desk::judge_keys(&model.view, j, action) {
            JudgeStep::None => SeatEffect::None,
            JudgeStep::Close => {
                app.judging = None;
                SeatEffect::None
            }
            JudgeStep::Record(input) => {
                app.status = Some(if j.asked {
                    "Judgement sent. Enter reviews the choice.".into()
                } else {
                    "Judgement sent.".into()
                });
                app.judging = None;
                SeatEffect::Send {
                    command: Command::Input(input),
                    confirmed: false,
                    decision: None,
                }
            }
        };
    }
    if let Some(form) = app.form.as_mut() {
        match crate::desk::form_keys(&model.view, form, action) {
            FormStep::None => {}
            FormStep::Close => {
                if !form.rationale.is_empty() {
                    app.drafts
                        .insert(form.decision.clone(), form.rationale.text().to_string());
                }
                app.form = None;
            }
            FormStep::Confirm(c) => app.overlay = Some(SeatOverlay::Confirm(Confirm::decide(c))),
            FormStep::Say(text) => app.status = Some(text.to_string()),
            FormStep::Judge(on) => {
                app.judging = crate::desk::open_judging(&model.view, Some(&on));
                app.status = Some(
                    "This option accuses a state or acts against it: state your own judgement first."
                        .into(),
                );
            }
        }
        return SeatEffect::None;
    }
    if action == Action::Quit {
        app.overlay = Some(SeatOverlay::Leave);
        return SeatEffect::None;
    }
    if action == Action::AskPause {
        app.status = Some("The facilitator is asked for a pause.".into());
        return SeatEffect::Send {
            command: Command::AskPause,
            confirmed: false,
            decision: None,
        };
    }
    match crate::desk::team_keys(&model.view, &mut model.ui, limit, action) {
        TeamStep::None | TeamStep::Leave => {}
        TeamStep::Judge => match crate::desk::open_judging(&model.view, None) {
            Some(j) => {
                app.status = None;
                app.judging = Some(j);
            }
            None => app.status = Some("No attribution case has reached your team yet.".into()),
        },
        TeamStep::OpenForm(None) => app.status = Some("No decision is open for your team.".into()),
        TeamStep::OpenForm(Some(decision)) => {
            if app.sent.values().any(|s| s.decision == decision) {
                app.status =
                    Some("Your choice on this decision is on its way to the server.".into());
                return SeatEffect::None;
            }
            let draft = app.drafts.get(&decision).cloned();
            let (form, restored) = crate::desk::open_form(&model.view, decision, draft);
            if restored {
                app.status = Some("Your rationale from before is restored.".into());
            }
            app.form = Some(form);
        }
    }
    SeatEffect::None
}

/// A key on the console: the hot-seat update, its effects sent to the
/// server (which asks back what the host would ask), the clock's changes
/// sent as clock commands.
fn console_key(app: &mut SeatApp, action: Action) -> SeatEffect {
    let Some(a) = app.console.as_mut() else {
        return SeatEffect::None;
    };
    let before = (a.clock.paused, a.clock.factor());
    let auto_before = a.auto_pause;
    a.status = None;
    if a.screen == Screen::Facilitator
        && a.overlay.is_none()
        && a.fac.pane == crate::app::FacPane::Teams
        && action == Action::Select
    {
        a.say("In a served session each team plays at its own terminal.");
        return SeatEffect::None;
    }
    let effect = crate::app::update(a, action);
    // Teams play at their own terminals: the console hands over to none.
    if matches!(a.screen, Screen::Handover(Seat::Team(_)) | Screen::Team(_)) {
        a.screen = Screen::Facilitator;
        a.say("In a served session each team plays at its own terminal.");
    }
    let after = (a.clock.paused, a.clock.factor());
    let clock = if after.0 != before.0 {
        Some(if after.0 {
            ClockCommand::Pause
        } else {
            ClockCommand::Resume
        })
    } else if after.1 != before.1 {
        Some(ClockCommand::Speed(after.1))
    } else if a.auto_pause != auto_before {
        // The server holds the clock; until it answers, the console shows
        // what it asked for.
        Some(ClockCommand::AutoPause(a.auto_pause))
    } else {
        None
    };
    let send = |command, confirmed| SeatEffect::Send {
        command,
        confirmed,
        decision: None,
    };
    if a.observer {
        // An observer's console sends observations and nothing else.
        return match effect {
            Effect::Submit(
                input @ (Input::Note { .. }
                | Input::Observe { .. }
                | Input::EditNote { .. }
                | Input::DeleteNote { .. }),
            ) => send(Command::Input(input), false),
            Effect::Quit => SeatEffect::Quit,
            Effect::None | Effect::Run(_) if clock.is_none() => SeatEffect::None,
            _ => {
                a.clock.paused = before.0;
                a.clock.set_factor(before.1);
                a.auto_pause = auto_before;
                a.say("An observer's console is read-only: it sends observations, nothing else.");
                SeatEffect::None
            }
        };
    }
    match effect {
        Effect::Submit(input) => send(Command::Input(input), false),
        Effect::ReleaseAnyway(inject) => send(Command::Input(Input::Release { inject }), true),
        Effect::Advance(advance) => send(Command::Advance(advance), false),
        Effect::AdvanceAnyway(advance) => send(Command::Advance(advance), true),
        Effect::Quit => SeatEffect::Quit,
        Effect::Run(_) | Effect::None => match clock {
            Some(c) => {
                // The server's clock answers with its pace; until then the
                // console shows what it asked for.
                send(Command::Clock(c), false)
            }
            None => SeatEffect::None,
        },
    }
}

/// Carries out a key's effect: an intent goes to the server, a decision's
/// label and rationale are kept until it is answered. `true` to leave.
pub fn carry_out(app: &mut SeatApp, remote: &mut impl Remote, effect: SeatEffect) -> bool {
    match effect {
        SeatEffect::None => false,
        SeatEffect::Quit => true,
        SeatEffect::Send {
            command,
            confirmed,
            decision,
        } => {
            let id = remote.send(app.now(), command, confirmed);
            if let Some((decision, label, rationale)) = decision {
                app.sent.insert(
                    id,
                    Sent {
                        decision,
                        label,
                        rationale,
                    },
                );
            }
            false
        }
    }
}

/// Draws the seat.
pub fn draw_seat(frame: &mut Frame, app: &SeatApp, theme: &Theme) {
    if let Some(a) = &app.console {
        crate::ui::draw(frame, a, theme);
        return;
    }
    let area = frame.area();
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let cols = top.width as usize;
    let connection = match &app.connection {
        Connection::Connecting => " · connecting…".to_string(),
        Connection::Connected => String::new(),
        Connection::Lost(_) => " · connection lost, reconnecting…".to_string(),
        Connection::Closed(_) => " · disconnected".to_string(),
    };
    let who = if app.name.is_empty() {
        "SITROOM".to_string()
    } else {
        app.name.to_uppercase()
    };
    let clock = match (&app.team, &app.room) {
        (Some(m), _) => format!(" │ {} {}", crate::text::tick(m.view.now), m.view.clock),
        (None, Some(r)) => format!(" │ {} {}", crate::text::tick(r.now), r.clock),
        (None, None) => String::new(),
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            crate::text::fit(&format!(" {who}{clock}{connection} │ {}", app.title), cols),
            theme.selected,
        )),
        top,
    );
    let limit = draw_body(frame, body, app, theme);
    app.scroll_limit.set(limit);
    let status = match &app.connection {
        Connection::Closed(reason) => Some(format!("Disconnected: {reason}")),
        Connection::Lost(reason) if app.team.is_some() => Some(match app.sent.len() {
            0 => format!("Connection lost ({reason}); reconnecting — nothing you typed is lost."),
            n => format!(
                "Connection lost ({reason}); reconnecting — {n} decision{} waiting to be sent.",
                if n == 1 { "" } else { "s" }
            ),
        }),
        Connection::Lost(reason) => Some(format!("Connection lost ({reason}); reconnecting.")),
        _ => app.status.clone(),
    };
    frame.render_widget(
        crate::ui::status_or_hints(status.as_deref(), app.mode(), cols, theme),
        bottom,
    );
    match &app.overlay {
        Some(SeatOverlay::Help) => crate::ui::help_overlay(frame, area, app.screen_mode(), theme),
        Some(SeatOverlay::Notice(n)) => crate::ui::notice_overlay(frame, body, n, theme),
        Some(SeatOverlay::Confirm(Confirm::Decide {
            label, rationale, ..
        })) => crate::ui::decide_box(frame, body, &app.name, label, rationale, theme),
        Some(SeatOverlay::Leave) => crate::ui::confirm_box(
            frame,
            body,
            "Leave this terminal?",
            "The session goes on without this terminal; join again with the same command to come back.",
            theme,
        ),
        Some(SeatOverlay::Confirm(_)) | None => {}
    }
}

fn draw_body(frame: &mut Frame, body: ratatui::layout::Rect, app: &SeatApp, theme: &Theme) -> u16 {
    if let Some(ended) = &app.ended {
        return draw_end(frame, body, app, ended, theme);
    }
    if let Some(model) = &app.team {
        let selected = crate::desk::selected(&model.view, &model.ui).map(|f| f.inject.clone());
        return crate::screens::team::draw_team(
            frame,
            body,
            &model.view,
            &model.ui,
            selected.as_deref(),
            crate::desk::Forms {
                form: app.form.as_ref(),
                judging: app.judging.as_ref(),
            },
            theme,
        );
    }
    if let Some(room) = &app.room {
        let pace = app.pace.map(|p| crate::screens::room::Pace {
            realtime: p.realtime,
            paused: p.paused,
            speed: p.speed,
        });
        return crate::screens::room::draw(frame, body, room, pace, None, app.scroll, theme);
    }
    let text = match &app.connection {
        Connection::Closed(reason) => format!("Could not join: {reason}"),
        _ => "Connecting to the server…".to_string(),
    };
    frame.render_widget(Paragraph::new(text), body);
    0
}

/// The end at a joined seat: the room shows the reveal; a team its outcome
/// and its own decisions with their grades.
fn draw_end(
    frame: &mut Frame,
    body: ratatui::layout::Rect,
    app: &SeatApp,
    ended: &Ended,
    theme: &Theme,
) -> u16 {
    if let (Some(sc), Some(record), Some(room)) = (&ended.scenario, &ended.record, &app.room) {
        return crate::screens::room::draw(
            frame,
            body,
            room,
            None,
            Some((sc, record)),
            app.scroll,
            theme,
        );
    }
    let mut lines = vec![
        Line::styled(
            format!(
                "{} — at {}",
                words::outcome_title(&ended.outcome),
                crate::text::tick(ended.outcome.at)
            ),
            theme.title,
        ),
        Line::raw(""),
    ];
    if let Some(record) = &ended.record {
        lines.push(Line::styled("Your team's decisions", theme.title));
        for d in &record.decisions {
            let grade = d
                .grade
                .map(|(g, n)| format!(" · {g} {n}"))
                .unwrap_or_default();
            lines.push(Line::raw(format!(
                "{} {}: {}{grade}",
                crate::text::tick(d.at),
                d.title,
                d.label.as_deref().unwrap_or("no choice")
            )));
            if let Some(r) = d.rationale.as_deref().filter(|r| !r.trim().is_empty()) {
                lines.push(Line::styled(format!("    “{}”", r.trim()), theme.dim));
            }
        }
        if record.decisions.is_empty() {
            lines.push(Line::styled("Your team took no decision.", theme.dim));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "The reveal is on the room screen. q leaves.",
        theme.dim,
    ));
    let block = crate::widgets::pane("The exercise is over", true, theme);
    crate::widgets::scrolled_text(frame, body, lines, app.scroll, block, theme)
}

/// The joined seat's loop: draws, reads keys and the connection's events,
/// sends intents, until the user leaves or the connection is over and
/// acknowledged.
///
/// Returns why the server closed the connection, if it did: refused before
/// any welcome (an unknown token) at once, otherwise once the user has read
/// it on screen and pressed a key.
pub fn run_join<B: Backend>(
    terminal: &mut Terminal<B>,
    events: &mut impl Events,
    remote: &mut impl Remote,
    theme: &Theme,
) -> Result<Option<String>, TuiError> {
    let mut app = SeatApp::new();
    loop {
        // Bounded: the link says nothing more once it is over.
        for _ in 0..1000 {
            match remote.poll(Duration::ZERO) {
                Some(event) => on_event(&mut app, event),
                None => break,
            }
        }
        let closed = match &app.connection {
            Connection::Closed(reason) => Some(reason.clone()),
            _ => None,
        };
        if app.seat.is_none()
            && let Some(reason) = closed.clone()
        {
            return Ok(Some(reason));
        }
        terminal
            .draw(|frame| draw_seat(frame, &app, theme))
            .map_err(|e| TuiError::Terminal(e.to_string()))?;
        if let Some(event) = remote.poll(Duration::from_millis(50)) {
            on_event(&mut app, event);
        }
        tell_form(&mut app, remote);
        let key = match events.next(Duration::from_millis(50))? {
            Some(UiEvent::Key(key)) => key,
            Some(UiEvent::Resize) | None => continue,
            Some(UiEvent::Closed) => return Ok(closed),
        };
        // Closed: the screen says why; any key leaves.
        if closed.is_some() {
            return Ok(closed);
        }
        let Some(action) = key_to_action(app.mode(), key) else {
            continue;
        };
        let effect = update_seat(&mut app, action);
        if carry_out(&mut app, remote, effect) {
            return Ok(None);
        }
        tell_form(&mut app, remote);
    }
}

/// A team seat tells the server when its decision form opens or closes
/// (the server's auto-pause holds the clock while one is open). Called
/// after every key; a form that closes under the team is told at the next.
pub fn tell_form(app: &mut SeatApp, remote: &mut impl Remote) {
    if !matches!(app.seat, Some(Seat::Team(_))) || app.connection != Connection::Connected {
        return;
    }
    let open = if app.ended.is_some() {
        None
    } else {
        app.form.as_ref().map(|f| f.decision.clone())
    };
    if open != app.form_told {
        app.form_told.clone_from(&open);
        remote.send(app.now(), Command::Form { decision: open }, false);
    }
}

/// `sitroom join ADDR --token T` on the real terminal; why the server
/// closed the connection, if it did.
pub fn join(remote: &mut impl Remote, theme: &Theme) -> Result<Option<String>, TuiError> {
    let mut terminal = crate::term::TerminalGuard::enter()?;
    run_join(
        &mut terminal,
        &mut crate::term::TerminalEvents::new(),
        remote,
        theme,
    )
}
