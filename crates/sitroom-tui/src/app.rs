//! The play model in the Elm shape: `App` holds what the screens show,
//! `update` turns an `Action` into a change of `App` and an `Effect` for the
//! runtime (`run`) to carry out on the journaled session. `update` never
//! touches the session: after each effect the runtime hands the fresh engine
//! view back with `App::refresh`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use sitroom_engine::{FacilitatorView, InjectState, Input, Rating, RoomView, TeamView};
use sitroom_norms::Score;
use sitroom_record::Record;
use sitroom_scenario::{Minutes, Scenario};

use crate::action::Action;
use crate::desk::move_row;
pub use crate::desk::{Form, MAX_TEXT, Notice, TeamPane, TeamUi, inbox_items};
use crate::field::Field;
use crate::field::edit;
use crate::keymap::Mode;

/// Real-time speeds offered, in scenario minutes per wall-clock minute.
pub const SPEEDS: [u32; 6] = [1, 2, 5, 10, 30, 60];
/// The speed a real-time session starts at (an index into [`SPEEDS`]).
const DEFAULT_SPEED: usize = 3;
pub use crate::widgets::WARN_MINUTES;

/// How the exercise clock moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockMode {
    /// The facilitator advances to the next event or by N minutes.
    Turns,
    /// Minutes pass with wall time, at a chosen speed, with pause.
    Realtime,
}

impl ClockMode {
    pub fn label(self) -> &'static str {
        match self {
            ClockMode::Turns => "turn-based",
            ClockMode::Realtime => "real time",
        }
    }
}

/// The clock as the front end runs it; the engine only counts minutes and
/// the host's `Pacer` turns wall time into them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub mode: ClockMode,
    pub paused: bool,
    /// Index into [`SPEEDS`].
    speed: usize,
    pacer: sitroom_host::Pacer,
}

impl Clock {
    pub fn new(mode: ClockMode) -> Clock {
        let speed = DEFAULT_SPEED;
        Clock {
            mode,
            paused: true,
            speed,
            pacer: sitroom_host::Pacer::new(SPEEDS.get(speed).copied().unwrap_or(1)),
        }
    }

    /// Scenario minutes per wall minute.
    pub fn factor(&self) -> u32 {
        self.pacer.speed()
    }

    /// Sets the speed to `factor` exactly (a served clock may run faster
    /// than the speeds offered here); `+` and `-` then step to the offered
    /// speed above or below it.
    pub fn set_factor(&mut self, factor: u32) {
        self.speed = SPEEDS.iter().rposition(|&s| s <= factor).unwrap_or(0);
        self.pacer.set_speed(factor.max(1));
    }

    fn set_speed(&mut self, index: usize) {
        self.speed = index.min(SPEEDS.len() - 1);
        self.pacer
            .set_speed(SPEEDS.get(self.speed).copied().unwrap_or(1));
    }

    fn faster(&mut self) {
        let now = self.factor();
        if let Some(i) = SPEEDS.iter().position(|&s| s > now) {
            self.set_speed(i);
        }
    }

    fn slower(&mut self) {
        let now = self.factor();
        if let Some(i) = SPEEDS.iter().rposition(|&s| s < now) {
            self.set_speed(i);
        }
    }

    fn toggle_pause(&mut self) {
        self.paused = !self.paused;
        self.pacer.reset();
    }

    /// Adds wall time; returns the whole simulated minutes now due.
    fn tick(&mut self, ms: u64) -> Minutes {
        if self.mode != ClockMode::Realtime || self.paused {
            return 0;
        }
        self.pacer.elapse(ms)
    }
}

/// Who sits at the keyboard: the engine's seats (the hot seat is the
/// facilitator's or one team's at a time).
pub use sitroom_engine::Seat;

/// The screen beneath any overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// Briefing, teams, objectives, mode; the facilitator starts.
    Start,
    Facilitator,
    /// "Pass the keyboard to …": hides the previous seat's view.
    Handover(Seat),
    /// A team's own view (team id).
    Team(String),
    /// The end: ground truth, final scorecards, journal path.
    Reveal,
    /// The room screen, for a projector (the facilitator's `R`).
    Room,
}

/// Something drawn over the screen that takes the keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Confirm(Confirm),
    Prompt(Prompt),
    /// Told to a team whose decision form closed under it; swallows every
    /// key but the acknowledgement, so that typing on cannot act.
    Notice(Notice),
    /// Every observation so far (`N`), the selected one at `row`.
    Notes {
        row: usize,
    },
    /// What an inject is before it is released: its text, channel,
    /// audience, decision, trigger and what it leads to (the console's
    /// Enter on the Injects pane).
    Preview {
        inject: String,
        scroll: u16,
    },
    /// The facilitator writes an inject (`W`); Enter asks to release it.
    Write(Box<crate::write::Draft>),
    /// The facilitator voids a team's choice: reopen it or keep it closed.
    Void {
        team: String,
        decision: String,
        /// "team name — decision title → option label".
        about: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Quit,
    End,
    /// What a team is about to record; only `y` records it.
    Decide {
        team: String,
        decision: String,
        option: String,
        label: String,
        rationale: String,
    },
    /// Show the facilitator-only information (truth, summary, notes) on a
    /// screen others may see.
    ShowPrivate,
    /// Withdraw observation `index` (`about` names it).
    DeleteNote {
        index: usize,
        about: String,
    },
    /// A release before the inject it answers (`message` names it).
    OutOfOrder {
        inject: String,
        message: String,
    },
    /// A release that would end the exercise (`message` says how).
    Release {
        inject: String,
        message: String,
    },
    /// Release an inject written on the console (`message` says to whom).
    Improvise {
        inject: Box<sitroom_engine::ImprovisedInject>,
        message: String,
    },
    /// An advance that would reach open decisions' deadlines: `message`
    /// names them; yes carries out `advance` unchecked.
    Advance {
        advance: Advance,
        message: String,
    },
}

/// How far the facilitator asked the clock to move (`n`: to the next
/// event; `a`, `A`: by minutes): the host's.
pub use sitroom_host::Advance;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub field: Field,
    /// Why the last entry was refused (the prompt stays open).
    pub error: Option<String>,
}

impl Confirm {
    /// The confirmation of a team's choice.
    pub fn decide(c: crate::desk::Choice) -> Confirm {
        Confirm::Decide {
            team: c.team,
            decision: c.decision,
            option: c.option,
            label: c.label,
            rationale: c.rationale,
        }
    }
}

impl Prompt {
    pub fn new(kind: PromptKind) -> Prompt {
        let limit = if kind.is_note() { MAX_TEXT } else { 40 };
        Prompt {
            kind,
            field: Field::new(limit),
            error: None,
        }
    }

    /// Codes are typed blind.
    pub fn masked(&self) -> bool {
        matches!(
            self.kind,
            PromptKind::SetCode { .. } | PromptKind::ConfirmCode { .. } | PromptKind::Code
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// Advance by the typed number of minutes.
    Advance,
    /// An evaluator's note on a team's decision, with a rating cycled by Tab.
    Note {
        team: String,
        decision: String,
        /// "team name — decision title", as the question shows it.
        about: String,
        rating: Option<Rating>,
    },
    /// An observation not tied to a decision: about `team` (none: the
    /// exercise) and `objective`, with a rating cycled by Tab.
    Observe {
        team: Option<String>,
        /// The team's name, or "the exercise", as the question shows it.
        about: String,
        objective: Option<String>,
        /// The norm the rating rates (one the scenario selects), cycled by Shift+Tab.
        norm: Option<String>,
        rating: Option<Rating>,
    },
    /// Rewriting observation `index`.
    EditNote {
        index: usize,
        about: String,
        rating: Option<Rating>,
    },
    /// Replay: go to the typed minute.
    GoTo,
    /// Move an open decision's deadline: `+30`, `2h` later, `-10` earlier.
    Deadline {
        decision: String,
        title: String,
        deadline_at: Minutes,
    },
    /// The facilitator chooses the code that takes the keyboard back from
    /// the teams, before the first hand-over to `team`.
    SetCode { team: String },
    /// The same code again, so that a typo cannot lock the facilitator out.
    ConfirmCode { team: String, code: String },
    /// The hand-over to the facilitator: the code.
    Code,
}

impl PromptKind {
    /// A note's text: several lines, a rating.
    pub fn is_note(&self) -> bool {
        matches!(
            self,
            PromptKind::Note { .. } | PromptKind::Observe { .. } | PromptKind::EditNote { .. }
        )
    }

    fn rating_mut(&mut self) -> Option<&mut Option<Rating>> {
        match self {
            PromptKind::Note { rating, .. }
            | PromptKind::Observe { rating, .. }
            | PromptKind::EditNote { rating, .. } => Some(rating),
            _ => None,
        }
    }
}

/// The shortest facilitator code accepted.
pub const MIN_CODE: usize = 4;

/// The panes of the facilitator console, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacPane {
    Injects,
    Decisions,
    Teams,
    Board,
    Scores,
    Log,
}

impl FacPane {
    pub const ALL: [FacPane; 6] = [
        FacPane::Injects,
        FacPane::Decisions,
        FacPane::Teams,
        FacPane::Board,
        FacPane::Scores,
        FacPane::Log,
    ];

    pub fn title(self) -> &'static str {
        match self {
            FacPane::Injects => "Injects",
            FacPane::Decisions => "Decisions",
            FacPane::Teams => "Teams",
            FacPane::Board => "Attribution",
            FacPane::Scores => "Scores",
            FacPane::Log => "Log",
        }
    }

    /// Position in [`FacPane::ALL`], so always below 6: indexing
    /// `FacilitatorUi::rows` with it cannot fail.
    fn index(self) -> usize {
        FacPane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// The facilitator console's selection state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacilitatorUi {
    pub pane: FacPane,
    /// Selected row per pane (indexed like [`FacPane::ALL`]).
    pub rows: [usize; 6],
    /// Show the facilitator-only information (ground truth, the
    /// scenario's summary and notes). Off by default: in hot-seat play the
    /// console is on a screen the players can see.
    pub show_private: bool,
}

impl FacilitatorUi {
    pub fn row(&self, pane: FacPane) -> usize {
        self.rows[pane.index()]
    }
}

/// A status-bar message and the seat it is for: it is shown only while
/// that seat is at the keyboard, so that one team never reads another's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub to: Seat,
    pub text: String,
}

/// What the runtime must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    None,
    /// Journal and apply an input.
    Submit(Input),
    /// The facilitator's advance: the runtime first checks whether it
    /// would reach open decisions' deadlines and, if so, asks instead.
    Advance(Advance),
    /// An advance the facilitator confirmed despite the deadlines.
    AdvanceAnyway(Advance),
    /// A release the facilitator confirmed although it ends the exercise.
    ReleaseAnyway(String),
    /// Real-time minutes passing: never asks, but a deadline reached on
    /// the way is announced in the status line.
    Run(Minutes),
    Quit,
}

/// Everything the play screens show.
/// What the screens need of a session.
#[derive(Debug, Clone)]
pub struct Views {
    pub view: FacilitatorView,
    /// The scores so far; once the session is over, with the re-scores
    /// that depend on the ground truth.
    pub scores: Vec<Score>,
    /// The record of what happened, once the session is over (the reveal
    /// renders it).
    pub record: Option<Record>,
    /// Each team seat's own view (the engine's `Seat::Team`), in the
    /// scenario's team order: what the team models are built from.
    pub teams: Vec<TeamView>,
    /// The room screen's view (the engine's `Seat::Room`).
    pub room: Option<RoomView>,
}

/// A seat of a served session as the console shows it: who is connected,
/// who is at it, what the team has not acted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatStatus {
    pub seat: Seat,
    pub name: String,
    pub connected: usize,
    pub roster: Vec<String>,
    /// Open decisions the team has not acted on (titles).
    pub waiting: Vec<String>,
}

/// One team seat's model: the team's own view, from the engine's team seat
/// (never cut out of the facilitator's), and its screen state. Team screens
/// and team keys read nothing else, so a client for one team holds only this.
#[derive(Debug, Clone)]
pub struct TeamModel {
    pub view: TeamView,
    pub ui: TeamUi,
}

#[derive(Debug)]
pub struct App {
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub scenario: Arc<Scenario>,
    pub seed: u64,
    /// The engine's view, refreshed after every effect.
    pub view: FacilitatorView,
    /// Every team's scored decisions (facilitator and reveal only).
    pub scores: Vec<Score>,
    /// What happened, once the session is over: the reveal renders it.
    pub record: Option<Record>,
    pub clock: Clock,
    pub fac: FacilitatorUi,
    /// One model per team seat, in the scenario's team order.
    pub teams: Vec<TeamModel>,
    /// A team stating its own judgement on a case (over its screen, and
    /// over the decision form when the chosen option asked for it).
    pub judging: Option<crate::desk::Judging>,
    pub form: Option<Form>,
    pub journal: PathBuf,
    /// The last message for the status bar (an input refused, a decision taken).
    pub status: Option<Status>,
    /// Rationales typed into forms that closed before they were submitted,
    /// by (team, decision): offered again if the decision reopens.
    pub drafts: BTreeMap<(String, String), String>,
    /// The code that passes the hand-over to the facilitator, chosen at
    /// the first hand-over to a team.
    pub facilitator_code: Option<String>,
    /// The team that last handed the keyboard back (Esc on the hand-over
    /// returns it there without the code).
    pub last_team: Option<String>,
    /// Scroll offset of the start and reveal screens.
    pub scroll: u16,
    /// The reveal shows the session's timeline instead of the results.
    pub reveal_timeline: bool,
    /// The largest useful scroll offset of the scrolling pane on screen,
    /// recorded by the last frame so that scrolling stops at the end.
    pub scroll_limit: std::cell::Cell<u16>,
    /// The room screen's view (`R` shows it, for a projector).
    pub room: Option<RoomView>,
    /// A served session's seats (`None` in hot-seat play).
    pub seats: Option<Vec<SeatStatus>>,
    /// The console of a served session: teams play at their own terminals.
    pub served: bool,
    /// An observer's console (read-only but for observations).
    pub observer: bool,
    /// Real time: the clock stands still on hand-over screens and while a
    /// team's decision form is open (the facilitator's `P`).
    pub auto_pause: bool,
    /// The inject being written (`W`), kept while the form is closed and
    /// until the engine has it.
    pub draft: Option<crate::write::Draft>,
    /// A served console: the server's auto-pause holds the clock now (a
    /// team's form is open).
    pub served_held: bool,
}

impl App {
    pub fn new(
        scenario: Arc<Scenario>,
        seed: u64,
        Views {
            view,
            scores,
            record,
            teams: team_views,
            room,
        }: Views,
        mode: ClockMode,
        journal: PathBuf,
    ) -> App {
        let teams = team_views
            .into_iter()
            .map(|view| TeamModel {
                ui: TeamUi::new(&view.team),
                view,
            })
            .collect();
        let mut app = App {
            screen: Screen::Start,
            overlay: None,
            scenario,
            seed,
            view,
            scores,
            record,
            clock: Clock::new(mode),
            fac: FacilitatorUi {
                pane: FacPane::Injects,
                rows: [0; 6],
                show_private: false,
            },
            teams,
            form: None,
            judging: None,
            journal,
            status: None,
            drafts: BTreeMap::new(),
            facilitator_code: None,
            last_team: None,
            scroll: 0,
            reveal_timeline: false,
            scroll_limit: std::cell::Cell::new(u16::MAX),
            room,
            seats: None,
            served: false,
            observer: false,
            auto_pause: false,
            draft: None,
            served_held: false,
        };
        app.scenario = sitroom_record::with_improvised(&app.scenario, &app.view.improvised);
        app.settle();
        app
    }

    /// The log as the console lists it: belief moves are left to the
    /// attribution board (each follows the evidence line that caused it).
    pub fn log(&self) -> impl DoubleEndedIterator<Item = &sitroom_engine::LogEntry> {
        self.view.log.iter().filter(|e| crate::widgets::listed(e))
    }

    /// Takes the engine's fresh view after an effect.
    pub fn refresh(
        &mut self,
        Views {
            view,
            scores,
            record,
            teams,
            room,
        }: Views,
    ) {
        // The timeline re-sorts as injects are released or held: keep the
        // selection on the same inject.
        let row = self.fac.row(FacPane::Injects);
        let kept = self.inject_at(row).map(|i| i.inject.clone());
        if view.improvised.len() > self.view.improvised.len() {
            // The engine has the inject written here: the draft is done.
            self.draft = None;
        }
        self.scenario = sitroom_record::with_improvised(&self.scenario, &view.improvised);
        self.view = view;
        self.scores = scores;
        self.record = record;
        if room.is_some() {
            self.room = room;
        }
        for view in teams {
            if let Some(m) = self.teams.iter_mut().find(|m| m.view.team == view.team) {
                m.view = view;
            }
        }
        if let Some(id) = kept {
            let order = self.inject_order();
            if let Some(r) = order
                .iter()
                .position(|&i| self.view.injects.get(i).is_some_and(|x| x.inject == id))
            {
                self.fac.rows[FacPane::Injects.index()] = r;
            }
        }
        self.settle();
    }

    /// Keeps the state consistent with the view: the reveal once the
    /// session is over, selections within their lists, no form for a
    /// decision that closed.
    fn settle(&mut self) {
        if self.view.outcome.is_some() {
            if self.screen != Screen::Reveal {
                self.scroll = 0;
            }
            self.keep_draft();
            // The reveal holds the truth and every team's scores: a team at
            // the keyboard hands back first (the code guards it).
            self.screen = match self.seat() {
                Some(Seat::Team(_)) | None => Screen::Handover(Seat::Facilitator),
                _ => Screen::Reveal,
            };
            self.form = None;
            if matches!(
                self.overlay,
                Some(Overlay::Prompt(_))
                    | Some(Overlay::Confirm(
                        Confirm::End
                            | Confirm::Decide { .. }
                            | Confirm::ShowPrivate
                            | Confirm::Release { .. }
                            | Confirm::Improvise { .. }
                    ))
                    | Some(Overlay::Write(_))
                    | Some(Overlay::Void { .. })
                    | Some(Overlay::Notice(_))
            ) {
                self.overlay = None;
            }
            return;
        }
        if let Some(form) = &self.form {
            let open = self
                .team_view(&form.team)
                .is_some_and(|tv| tv.decisions.iter().any(|d| d.decision == form.decision));
            if !open {
                let notice =
                    self.closed_notice(&form.team, &form.decision, !form.rationale.is_empty());
                self.keep_draft();
                self.form = None;
                // Whatever was on top (a confirmation of this very
                // decision, the help) gives way to the notice.
                self.overlay = Some(Overlay::Notice(notice));
            }
        }
        for pane in FacPane::ALL {
            let len = self.fac_len(pane);
            let row = &mut self.fac.rows[pane.index()];
            *row = (*row).min(len.saturating_sub(1));
        }
        for m in &mut self.teams {
            let len = m.view.decisions.len();
            m.ui.decision_row = m.ui.decision_row.min(len.saturating_sub(1));
        }
    }

    /// Saves the open form's rationale, if any, for when it reopens.
    fn keep_draft(&mut self) {
        if let Some(form) = &self.form
            && !form.rationale.is_empty()
        {
            self.drafts.insert(
                (form.team.clone(), form.decision.clone()),
                form.rationale.text().to_string(),
            );
        }
    }

    /// What a team is told when its open form's decision closed.
    fn closed_notice(&self, team: &str, decision: &str, drafted: bool) -> Notice {
        match self.team_view(team) {
            Some(tv) => crate::desk::closed_notice(tv, decision, drafted),
            None => Notice {
                team: team.to_string(),
                title: "Your decision closed".to_string(),
                text: "It is no longer open for your team.".to_string(),
            },
        }
    }

    /// The seat whose screen is showing, if any: the hand-over screen
    /// belongs to nobody; the start and the reveal are the facilitator's.
    pub fn seat(&self) -> Option<Seat> {
        match &self.screen {
            Screen::Start | Screen::Facilitator | Screen::Reveal => Some(Seat::Facilitator),
            Screen::Room => Some(Seat::Room),
            Screen::Team(t) => Some(Seat::Team(t.clone())),
            Screen::Handover(_) => None,
        }
    }

    /// Tells the seat at the keyboard (nobody on a hand-over screen).
    pub fn say(&mut self, text: impl Into<String>) {
        if let Some(to) = self.seat() {
            self.status = Some(Status {
                to,
                text: text.into(),
            });
        }
    }

    /// The status message for the seat on screen, if there is one.
    pub fn status_text(&self) -> Option<&str> {
        self.status
            .as_ref()
            .filter(|s| self.seat().as_ref() == Some(&s.to))
            .map(|s| s.text.as_str())
    }

    /// Whether the auto-pause holds the clock now: a hand-over screen, or
    /// a team's decision form open.
    pub fn held_by_auto_pause(&self) -> bool {
        (self.served && self.served_held)
            || matches!(self.screen, Screen::Handover(_))
            || (matches!(self.screen, Screen::Team(_)) && self.form.is_some())
    }

    /// The keys live now.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Help) => Mode::Help,
            Some(Overlay::Confirm(Confirm::Decide { .. })) => Mode::ConfirmDecision,
            Some(Overlay::Confirm(_)) => Mode::Confirm,
            Some(Overlay::Prompt(_)) => Mode::Prompt,
            Some(Overlay::Notice(_)) => Mode::Notice,
            Some(Overlay::Void { .. }) => Mode::Void,
            Some(Overlay::Preview { .. }) => Mode::Preview,
            Some(Overlay::Notes { .. }) => Mode::Notes,
            Some(Overlay::Write(_)) => Mode::Write,
            None => self.screen_mode(),
        }
    }

    /// The keys of the screen beneath the overlays (what `?` explains).
    pub fn screen_mode(&self) -> Mode {
        match &self.screen {
            Screen::Start => Mode::Start,
            Screen::Facilitator => Mode::Facilitator,
            Screen::Handover(_) => Mode::Handover,
            Screen::Team(_) if self.judging.is_some() => Mode::Judge,
            Screen::Team(_) => match &self.form {
                Some(form) if form.editing => Mode::FormText,
                Some(_) => Mode::Form,
                None => Mode::Team,
            },
            Screen::Reveal => Mode::Reveal,
            Screen::Room => Mode::Room,
        }
    }

    /// A team seat's own view, as the engine computed it (need-to-know applied).
    pub fn team_view(&self, team: &str) -> Option<&TeamView> {
        self.team_model(team).map(|m| &m.view)
    }

    pub fn team_model(&self, team: &str) -> Option<&TeamModel> {
        self.teams.iter().find(|m| m.view.team == team)
    }

    /// A team's display name (its id if the scenario has no such team).
    pub fn team_name<'a>(&'a self, team: &'a str) -> &'a str {
        self.scenario.team(team).map_or(team, |t| t.name.as_str())
    }

    /// The title of the inject carrying a decision (its id if unknown).
    pub fn inject_title<'a>(&'a self, inject: &'a str) -> &'a str {
        self.scenario
            .inject(inject)
            .map_or(inject, |i| i.title.as_str())
    }

    /// An option's label within a decision (its id if unknown).
    pub fn option_label<'a>(&'a self, decision: &str, option: &'a str) -> &'a str {
        self.scenario
            .inject(decision)
            .and_then(|i| i.option(option))
            .map_or(option, |o| o.label.as_str())
    }

    pub fn team_ui(&self, team: &str) -> Option<&TeamUi> {
        self.team_model(team).map(|m| &m.ui)
    }

    /// Rows in a facilitator pane.
    pub fn fac_len(&self, pane: FacPane) -> usize {
        match pane {
            FacPane::Injects => self.view.injects.len(),
            FacPane::Decisions => self.view.open.len(),
            FacPane::Teams => self.view.teams.len(),
            FacPane::Board => self.view.teams.len(),
            FacPane::Scores => self.scores.len(),
            FacPane::Log => self.log().count(),
        }
    }

    /// The inject timeline's order (indices into `view.injects`): released
    /// by time, then held, then pending by due minute, manual ones, cancelled.
    pub fn inject_order(&self) -> Vec<usize> {
        let key = |state: &InjectState| match state {
            InjectState::Released { at } => (0, *at),
            InjectState::Held => (1, 0),
            InjectState::Pending { due: Some(due) } => (2, *due),
            InjectState::Pending { due: None } => (3, 0),
            InjectState::Cancelled => (4, 0),
        };
        let mut order: Vec<usize> = (0..self.view.injects.len()).collect();
        order.sort_by_key(|i| self.view.injects.get(*i).map(|inj| key(&inj.state)));
        order
    }

    /// The inject on row `row` of the timeline.
    pub fn inject_at(&self, row: usize) -> Option<&sitroom_engine::InjectStatus> {
        self.inject_order()
            .get(row)
            .and_then(|i| self.view.injects.get(*i))
    }

    /// A team's feed newest first, as the inbox lists it.
    pub fn inbox<'a>(&self, tv: &'a TeamView) -> Vec<&'a sitroom_engine::FeedItem> {
        match self.team_ui(&tv.team) {
            Some(ui) => inbox_items(tv, ui),
            None => tv.feed.iter().rev().collect(),
        }
    }

    /// The inject selected in a team's inbox (defaults to the newest).
    pub fn selected_item<'a>(&self, tv: &'a TeamView) -> Option<&'a sitroom_engine::FeedItem> {
        crate::desk::selected(tv, self.team_ui(&tv.team)?)
    }
}

/// Why releasing `inject` now would be out of order: the injects it
/// answers (its trigger waits on them) that are not released yet.
pub fn out_of_order(app: &App, inject: &str) -> Option<String> {
    let inj = app.scenario.inject(inject)?;
    let waiting: Vec<String> = inj
        .answers()
        .into_iter()
        .filter(|id| {
            !app.view
                .injects
                .iter()
                .any(|i| i.inject == *id && matches!(i.state, InjectState::Released { .. }))
        })
        .map(|id| format!("“{}”", app.inject_title(id)))
        .collect();
    (!waiting.is_empty()).then(|| {
        format!(
            "“{}” answers {}, not released yet: the teams would read the reply before the message. Release it anyway?",
            inj.title,
            waiting.join(" and ")
        )
    })
}

/// The open decisions an advance to minute `to` would close undecided,
/// as "title (teams) at T+060" items, soonest first.
pub fn lapsing(app: &App, open: &[sitroom_engine::OpenDecision], to: Minutes) -> Vec<String> {
    let mut due: Vec<&sitroom_engine::OpenDecision> =
        open.iter().filter(|d| d.deadline_at <= to).collect();
    due.sort_by_key(|d| d.deadline_at);
    due.iter()
        .map(|d| {
            let teams: Vec<&str> = d.teams.iter().map(|t| app.team_name(t)).collect();
            let how = match &d.default {
                Some(o) => format!("default “{}”", app.option_label(&d.decision, o)),
                None => "lapses, nothing recorded".to_string(),
            };
            format!(
                "{} ({}) at {}: {how}",
                d.title,
                teams.join(", "),
                crate::text::tick(d.deadline_at)
            )
        })
        .collect()
}

/// "2 open decisions will …: a, b. Advance anyway?" for the confirmation;
/// `more` counts decisions that would open and close during the advance;
/// `ending` says how the exercise would end on the way.
pub fn lapse_question(
    items: &[String],
    (more, lapsing): (usize, usize),
    ending: Option<&str>,
) -> String {
    let n = items.len();
    let mut text = String::new();
    if let Some(ending) = ending {
        text.push_str(&format!("The exercise would end: {ending}. "));
    }
    if n > 0 {
        text.push_str(&format!(
            "{n} open decision{} will close undecided: {}.",
            if n == 1 { "" } else { "s" },
            items.join("; ")
        ));
    }
    if more + lapsing > 0 {
        let first = if n > 0 { " " } else { "" };
        let total = more + lapsing;
        text.push_str(&format!(
            "{first}{total} {}decision{} would open and close meanwhile ({more} by default, {lapsing} lapsing).",
            if n > 0 { "more " } else { "" },
            if total == 1 { "" } else { "s" }
        ));
    }
    text.push_str(" Advance anyway?");
    text.trim_start().replace("  ", " ")
}

/// Applies one action; returns what the runtime must do.
pub fn update(app: &mut App, action: Action) -> Effect {
    if let Action::Tick(ms) = action {
        return tick(app, ms);
    }
    match app.overlay.clone() {
        Some(Overlay::Help) => {
            if action == Action::Help {
                app.overlay = None;
            }
            Effect::None
        }
        Some(Overlay::Confirm(what)) => confirm(app, what, action),
        Some(Overlay::Prompt(prompt)) => prompt_update(app, prompt, action),
        Some(Overlay::Write(mut draft)) => {
            if action == Action::Back {
                // Esc keeps the draft: W opens it again.
                app.draft = Some(*draft);
                app.overlay = None;
                return Effect::None;
            }
            if crate::write::update(&mut draft, &app.scenario, action) {
                match draft.checked(&app.scenario) {
                    Ok(Input::Improvise { inject }) => {
                        let message = crate::write::summary(&app.scenario, &inject);
                        app.draft = Some(*draft);
                        app.overlay =
                            Some(Overlay::Confirm(Confirm::Improvise { inject, message }));
                        return Effect::None;
                    }
                    Ok(_) => {}
                    Err(e) => draft.error = Some(e),
                }
            }
            app.overlay = Some(Overlay::Write(draft));
            Effect::None
        }
        Some(Overlay::Notice(_)) => {
            // Every other key is swallowed: a team typing on when its form
            // closed must not act on the screen beneath.
            if action == Action::Acknowledge {
                app.overlay = None;
            }
            Effect::None
        }
        Some(Overlay::Notes { row }) => {
            let len = app.view.notes.len();
            match action {
                Action::Up | Action::Down => {
                    let mut row = row;
                    move_row(&mut row, len, action == Action::Down);
                    app.overlay = Some(Overlay::Notes { row });
                }
                Action::EditNote | Action::DeleteNote => {
                    let Some(n) = app.view.notes.get(row) else {
                        return Effect::None;
                    };
                    let about = sitroom_record::words::note_about(&app.scenario, n);
                    if action == Action::DeleteNote {
                        app.overlay =
                            Some(Overlay::Confirm(Confirm::DeleteNote { index: row, about }));
                    } else {
                        let mut prompt = Prompt::new(PromptKind::EditNote {
                            index: row,
                            about,
                            rating: n.rating,
                        });
                        prompt.field = Field::with_text(MAX_TEXT, &n.text);
                        app.overlay = Some(Overlay::Prompt(prompt));
                    }
                }
                Action::Back => app.overlay = None,
                _ => {}
            }
            Effect::None
        }
        Some(Overlay::Preview { inject, scroll }) => {
            match action {
                Action::Up => {
                    app.overlay = Some(Overlay::Preview {
                        inject,
                        scroll: scroll.saturating_sub(1),
                    })
                }
                Action::Down | Action::PageDown | Action::PageUp => {
                    let limit = app.scroll_limit.get();
                    let scroll = match action {
                        Action::Down => scroll.saturating_add(1),
                        Action::PageDown => scroll.saturating_add(10),
                        _ => scroll.saturating_sub(10),
                    };
                    app.overlay = Some(Overlay::Preview {
                        inject,
                        scroll: scroll.min(limit),
                    })
                }
                Action::Release => {
                    app.overlay = None;
                    let pending = app.view.injects.iter().any(|i| {
                        i.inject == inject
                            && matches!(i.state, InjectState::Pending { .. } | InjectState::Held)
                    });
                    if !pending {
                        app.say(format!(
                            "“{}” is no longer pending.",
                            app.inject_title(&inject)
                        ));
                        return Effect::None;
                    }
                    if let Some(message) = out_of_order(app, &inject) {
                        app.overlay =
                            Some(Overlay::Confirm(Confirm::OutOfOrder { inject, message }));
                        return Effect::None;
                    }
                    return Effect::Submit(Input::Release { inject });
                }
                Action::Back => app.overlay = None,
                _ => {}
            }
            Effect::None
        }
        Some(Overlay::Void {
            team,
            decision,
            about,
        }) => match action {
            Action::VoidReopen | Action::VoidKeep => {
                app.overlay = None;
                app.say(if action == Action::VoidReopen {
                    format!("Voided {about}; reopened for the team.")
                } else {
                    format!("Voided {about}; closed for the team.")
                });
                Effect::Submit(Input::Void {
                    team,
                    decision,
                    reopen: action == Action::VoidReopen,
                })
            }
            Action::No => {
                app.overlay = None;
                Effect::None
            }
            _ => Effect::None,
        },
        None => {
            if action == Action::Help && !app.screen_mode().takes_text() {
                app.overlay = Some(Overlay::Help);
                return Effect::None;
            }
            match app.screen.clone() {
                Screen::Start => start(app, action),
                Screen::Facilitator => facilitator(app, action),
                Screen::Handover(seat) => handover(app, seat, action),
                Screen::Team(team) => {
                    if app.judging.is_some() {
                        judge(app, action)
                    } else if app.form.is_some() {
                        form(app, action)
                    } else {
                        team_screen(app, &team, action)
                    }
                }
                Screen::Reveal => reveal(app, action),
                Screen::Room => room(app, action),
            }
        }
    }
}

fn tick(app: &mut App, ms: u64) -> Effect {
    if matches!(app.screen, Screen::Start | Screen::Reveal) {
        return Effect::None;
    }
    // Time that passes while the clock stands still is not owed later.
    if app.auto_pause && app.held_by_auto_pause() {
        return Effect::None;
    }
    match app.clock.tick(ms) {
        0 => Effect::None,
        n => Effect::Run(n),
    }
}

fn ask_quit(app: &mut App) -> Effect {
    app.overlay = Some(Overlay::Confirm(Confirm::Quit));
    Effect::None
}

fn confirm(app: &mut App, what: Confirm, action: Action) -> Effect {
    match action {
        Action::Yes => {
            app.overlay = None;
            match what {
                Confirm::Quit => Effect::Quit,
                Confirm::End => Effect::Submit(Input::End {
                    reason: "ended by the facilitator".to_string(),
                }),
                Confirm::Advance { advance, .. } => Effect::AdvanceAnyway(advance),
                Confirm::Decide {
                    team,
                    decision,
                    option,
                    label,
                    rationale,
                } => {
                    app.say(format!("Recorded: {label}."));
                    app.drafts.remove(&(team.clone(), decision.clone()));
                    app.form = None;
                    Effect::Submit(crate::desk::decision_input(
                        team, decision, option, &rationale,
                    ))
                }
                Confirm::ShowPrivate => {
                    app.fac.show_private = true;
                    Effect::None
                }
                Confirm::Release { inject, .. } => Effect::ReleaseAnyway(inject),
                // Out of order, but the release may still end the exercise:
                // the runtime asks that next.
                Confirm::OutOfOrder { inject, .. } => Effect::Submit(Input::Release { inject }),
                Confirm::DeleteNote { index, .. } => {
                    app.say(format!("Observation {} withdrawn.", index + 1));
                    Effect::Submit(Input::DeleteNote { index })
                }
                Confirm::Improvise { inject, .. } => {
                    app.say(format!(
                        "Released “{}”, written during the session.",
                        inject.title
                    ));
                    Effect::Submit(Input::Improvise { inject })
                }
            }
        }
        Action::No => {
            app.overlay = None;
            if let Confirm::Improvise { .. } = what
                && let Some(draft) = app.draft.take()
            {
                // Back to the form, as it was.
                app.overlay = Some(Overlay::Write(Box::new(draft)));
            }
            Effect::None
        }
        _ => Effect::None,
    }
}

fn prompt_update(app: &mut App, mut prompt: Prompt, action: Action) -> Effect {
    let numeric = matches!(
        prompt.kind,
        PromptKind::Advance | PromptKind::GoTo | PromptKind::Deadline { .. }
    );
    match action {
        Action::Back => {
            app.overlay = None;
            return Effect::None;
        }
        Action::Type(ch)
            if numeric && !(ch.is_ascii_alphanumeric() || matches!(ch, ':' | '-' | '+' | ' ')) =>
        {
            prompt.error = Some(format!("Type {}.", crate::when::FORMS));
        }
        Action::NewLine if !prompt.kind.is_note() => {}
        Action::Up | Action::Down => {
            if let PromptKind::Observe { objective, .. } = &mut prompt.kind {
                let ids: Vec<&str> = app
                    .scenario
                    .meta
                    .objectives
                    .iter()
                    .map(|o| o.id.as_str())
                    .collect();
                let at = objective
                    .as_deref()
                    .and_then(|o| ids.iter().position(|x| *x == o));
                // None, then each objective in turn (Up goes the other way).
                let n = ids.len() + 1;
                let here = at.map_or(0, |i| i + 1);
                let next = if action == Action::Down {
                    (here + 1) % n
                } else {
                    (here + n - 1) % n
                };
                *objective = next
                    .checked_sub(1)
                    .and_then(|i| ids.get(i))
                    .map(|s| s.to_string());
            }
        }
        Action::PrevPane => {
            if let PromptKind::Observe { norm, .. } = &mut prompt.kind {
                // None, then each norm the scenario scores, in catalogue order.
                let ids: Vec<&str> = sitroom_norms::selected_norms(&app.scenario)
                    .into_iter()
                    .map(|(n, _)| n.id.as_str())
                    .collect();
                let here = norm
                    .as_deref()
                    .and_then(|n| ids.iter().position(|x| *x == n))
                    .map_or(0, |i| i + 1);
                *norm = ids.get(here).map(|s| s.to_string());
            }
        }
        Action::NextPane => {
            if let Some(rating) = prompt.kind.rating_mut() {
                *rating = match rating {
                    None => Some(Rating::P),
                    Some(Rating::P) => Some(Rating::S),
                    Some(Rating::S) => Some(Rating::M),
                    Some(Rating::M) => Some(Rating::U),
                    Some(Rating::U) => None,
                };
            }
        }
        Action::Submit => return prompt_submit(app, prompt),
        other => match edit(&mut prompt.field, other) {
            Ok(_) => prompt.error = None,
            Err(full) => prompt.error = Some(full.to_string()),
        },
    }
    app.overlay = Some(Overlay::Prompt(prompt));
    Effect::None
}

fn prompt_submit(app: &mut App, mut prompt: Prompt) -> Effect {
    app.overlay = None;
    let text = prompt.field.text().to_string();
    match prompt.kind.clone() {
        PromptKind::Deadline {
            decision, title, ..
        } => {
            let t = text.trim();
            let (earlier, rest) = match t.strip_prefix('-') {
                Some(r) => (true, r),
                None => (false, t.strip_prefix('+').unwrap_or(t)),
            };
            match crate::when::span(rest.trim()) {
                Some(0) | None => {
                    prompt.error = Some(format!(
                        "Deadline of “{title}” unchanged: type +30, 2h or 1d2h to extend, -10 to bring it forward."
                    ));
                    app.overlay = Some(Overlay::Prompt(prompt));
                    Effect::None
                }
                Some(minutes) if earlier => Effect::Submit(Input::Shorten { decision, minutes }),
                Some(minutes) => Effect::Submit(Input::Extend { decision, minutes }),
            }
        }
        PromptKind::Advance => {
            match crate::when::advance_by(&text, app.scenario.meta.start.as_deref(), app.view.now) {
                Ok(n) => Effect::Advance(Advance::By(n)),
                Err(why) => {
                    // The prompt stays open with the reason: the entry is
                    // corrected, not typed again.
                    prompt.error = Some(format!("Nothing advanced: {why}."));
                    app.overlay = Some(Overlay::Prompt(prompt));
                    Effect::None
                }
            }
        }
        PromptKind::Note {
            team,
            decision,
            rating,
            ..
        } => {
            let text = text.trim().to_string();
            if text.is_empty() && rating.is_none() {
                app.say("Empty note not saved.");
                return Effect::None;
            }
            Effect::Submit(Input::Note {
                decision,
                team,
                rating,
                text,
            })
        }
        PromptKind::Observe {
            team,
            objective,
            norm,
            rating,
            ..
        } => {
            let text = text.trim().to_string();
            if text.is_empty() && rating.is_none() {
                app.say("Empty observation not saved.");
                return Effect::None;
            }
            Effect::Submit(Input::Observe {
                team,
                objective,
                norm,
                rating,
                text,
            })
        }
        PromptKind::EditNote { index, rating, .. } => {
            let text = text.trim().to_string();
            if text.is_empty() && rating.is_none() {
                prompt.error = Some(
                    "An observation needs a text or a rating; D in the list withdraws it.".into(),
                );
                app.overlay = Some(Overlay::Prompt(prompt));
                return Effect::None;
            }
            app.say(format!("Observation {} rewritten.", index + 1));
            Effect::Submit(Input::EditNote {
                index,
                rating,
                text,
            })
        }
        PromptKind::SetCode { team } => {
            if text.trim().chars().count() < MIN_CODE {
                prompt.error = Some(format!(
                    "At least {MIN_CODE} characters: you will type it to take the keyboard back."
                ));
                prompt.field = Field::new(40);
                app.overlay = Some(Overlay::Prompt(prompt));
                return Effect::None;
            }
            app.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::ConfirmCode {
                team,
                code: text.trim().to_string(),
            })));
            Effect::None
        }
        PromptKind::ConfirmCode { team, code } => {
            if text.trim() == code {
                app.facilitator_code = Some(code);
                app.screen = Screen::Handover(Seat::Team(team));
            } else {
                let mut again = Prompt::new(PromptKind::SetCode { team });
                again.error = Some("The two did not match: choose the code again.".to_string());
                app.overlay = Some(Overlay::Prompt(again));
            }
            Effect::None
        }
        PromptKind::Code => {
            if app.facilitator_code.as_deref() == Some(text.trim()) {
                app.screen = if app.view.outcome.is_some() {
                    Screen::Reveal
                } else {
                    Screen::Facilitator
                };
            } else {
                prompt.error = Some("That is not the facilitator's code.".to_string());
                prompt.field = Field::new(40);
                app.overlay = Some(Overlay::Prompt(prompt));
            }
            Effect::None
        }
        // The replay viewer has its own update; nothing to go to here.
        PromptKind::GoTo => Effect::None,
    }
}

fn start(app: &mut App, action: Action) -> Effect {
    match action {
        Action::Select => {
            app.screen = Screen::Facilitator;
            app.scroll = 0;
        }
        Action::ToggleMode => {
            app.clock = Clock::new(match app.clock.mode {
                ClockMode::Turns => ClockMode::Realtime,
                ClockMode::Realtime => ClockMode::Turns,
            });
        }
        Action::Up => app.scroll = app.scroll.saturating_sub(1),
        Action::Down => app.scroll = app.scroll.saturating_add(1).min(app.scroll_limit.get()),
        Action::Quit => return Effect::Quit,
        _ => {}
    }
    Effect::None
}

fn realtime_only(app: &mut App) -> bool {
    if app.clock.mode != ClockMode::Realtime {
        app.say("Turn-based session: use n (next event) or a (advance).");
        return false;
    }
    true
}

/// Pause and speed of the real-time clock.
fn clock_command(app: &mut App, action: Action) {
    if !realtime_only(app) {
        return;
    }
    let clock = &mut app.clock;
    match action {
        Action::TogglePause => clock.toggle_pause(),
        Action::Faster => clock.faster(),
        Action::Slower => clock.slower(),
        _ => {}
    }
}

fn facilitator(app: &mut App, action: Action) -> Effect {
    let pane = app.fac.pane;
    let row = app.fac.row(pane);
    match action {
        Action::NextPane | Action::PrevPane => {
            app.scroll = 0;
            let i = pane.index();
            let n = FacPane::ALL.len();
            let next = if action == Action::NextPane {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            // ok: `next` is taken modulo ALL's length.
            app.fac.pane = FacPane::ALL[next];
        }
        Action::Up | Action::Down => {
            let len = app.fac_len(pane);
            move_row(&mut app.fac.rows[pane.index()], len, action == Action::Down);
            app.scroll = 0;
        }
        Action::PageUp => app.scroll = app.scroll.saturating_sub(10),
        Action::PageDown => app.scroll = app.scroll.saturating_add(10).min(app.scroll_limit.get()),
        Action::Teams => app.fac.pane = FacPane::Teams,
        Action::Observe => {
            // About the team selected on the Teams or Attribution pane, else the exercise.
            let team = matches!(pane, FacPane::Teams | FacPane::Board)
                .then(|| app.view.teams.get(row).map(|t| t.team.clone()))
                .flatten();
            let about = team.as_deref().map_or_else(
                || "the exercise".to_string(),
                |t| app.team_name(t).to_string(),
            );
            app.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::Observe {
                team,
                about,
                objective: None,
                norm: None,
                rating: None,
            })));
        }
        Action::Write => {
            let draft = app
                .draft
                .take()
                .unwrap_or_else(|| crate::write::Draft::new(&app.scenario));
            app.overlay = Some(Overlay::Write(Box::new(draft)));
        }
        Action::Notes => {
            if app.view.notes.is_empty() {
                app.say(
                    "No observation yet: o notes a decision on the Scores pane, O anything else.",
                );
            } else {
                app.overlay = Some(Overlay::Notes { row: 0 });
            }
        }
        Action::RoomScreen => {
            app.scroll = 0;
            app.screen = Screen::Room;
        }
        Action::Select if pane == FacPane::Injects => {
            if let Some(inj) = app.inject_at(row) {
                app.overlay = Some(Overlay::Preview {
                    inject: inj.inject.clone(),
                    scroll: 0,
                });
            }
        }
        Action::Select => {
            let team = app
                .view
                .teams
                .get(row)
                .filter(|_| matches!(pane, FacPane::Teams | FacPane::Board))
                .map(|tv| tv.team.clone());
            if let Some(team) = team {
                if app.facilitator_code.is_some() {
                    app.screen = Screen::Handover(Seat::Team(team));
                } else {
                    app.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::SetCode { team })));
                }
            }
        }
        Action::AdvanceNext => return Effect::Advance(Advance::ToNext),
        Action::AdvanceStep => {
            return Effect::Advance(Advance::By(app.scenario.meta.time_step.max(1)));
        }
        Action::AdvancePrompt => {
            app.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::Advance)));
        }
        Action::TogglePause | Action::Faster | Action::Slower => clock_command(app, action),
        Action::ToggleAutoPause if realtime_only(app) => {
            app.auto_pause = !app.auto_pause;
            app.say(if app.auto_pause {
                "Auto-pause on: the clock stands still on hand-overs and while a team's form is open."
            } else {
                "Auto-pause off: the clock runs through hand-overs and open forms."
            });
        }
        Action::Release | Action::Hold => {
            let Some(inj) = app.inject_at(row).filter(|_| pane == FacPane::Injects) else {
                app.say("Select an inject in the Injects pane first.");
                return Effect::None;
            };
            let inject = inj.inject.clone();
            let input = match (action, &inj.state) {
                (Action::Release, InjectState::Pending { .. } | InjectState::Held) => {
                    if let Some(message) = out_of_order(app, &inject) {
                        app.overlay =
                            Some(Overlay::Confirm(Confirm::OutOfOrder { inject, message }));
                        return Effect::None;
                    }
                    Input::Release { inject }
                }
                (Action::Hold, InjectState::Pending { .. }) => Input::Hold { inject },
                (Action::Hold, InjectState::Held) => Input::Unhold { inject },
                _ => {
                    let text = format!("`{}` is no longer pending.", inj.title);
                    app.say(text);
                    return Effect::None;
                }
            };
            return Effect::Submit(input);
        }
        Action::Extend => {
            let Some(open) = app
                .view
                .open
                .get(row)
                .filter(|_| pane == FacPane::Decisions)
            else {
                app.say("Select an open decision in the Decisions pane first.");
                return Effect::None;
            };
            app.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::Deadline {
                decision: open.decision.clone(),
                title: open.title.clone(),
                deadline_at: open.deadline_at,
            })));
            return Effect::None;
        }
        Action::Note | Action::Void => {
            let Some(score) = app.scores.get(row).filter(|_| pane == FacPane::Scores) else {
                app.say("Select a decision in the Scores pane first.");
                return Effect::None;
            };
            let about = format!(
                "{} — {}",
                app.team_name(&score.team),
                app.inject_title(&score.decision)
            );
            let (team, decision) = (score.team.clone(), score.decision.clone());
            app.overlay = Some(if action == Action::Void {
                let label = app.option_label(&decision, &score.option).to_string();
                Overlay::Void {
                    team,
                    decision,
                    about: format!("{about} → {label}"),
                }
            } else {
                Overlay::Prompt(Prompt::new(PromptKind::Note {
                    team,
                    decision,
                    about,
                    rating: None,
                }))
            });
        }
        Action::TogglePrivate => {
            if app.fac.show_private {
                app.fac.show_private = false;
            } else {
                app.overlay = Some(Overlay::Confirm(Confirm::ShowPrivate));
            }
        }
        Action::ToggleBoard => {
            if pane != FacPane::Board {
                app.say("b works on the Attribution pane: it shows or hides the selected team's estimates.");
                return Effect::None;
            }
            let Some(tv) = app.view.teams.get(row) else {
                return Effect::None;
            };
            let (team, shown) = (tv.team.clone(), !tv.board);
            app.say(if shown {
                "The team sees the engine's estimates again."
            } else {
                "The team no longer sees the engine's estimates: it judges from the evidence."
            });
            return Effect::Submit(Input::Board { team, shown });
        }
        Action::End => app.overlay = Some(Overlay::Confirm(Confirm::End)),
        Action::Quit => return ask_quit(app),
        _ => {}
    }
    Effect::None
}

fn handover(app: &mut App, seat: Seat, action: Action) -> Effect {
    if action == Action::Back && seat == Seat::Facilitator && app.view.outcome.is_none() {
        if let Some(team) = app.last_team.clone() {
            app.screen = Screen::Team(team);
        }
        return Effect::None;
    }
    if action != Action::Select {
        return Effect::None;
    }
    app.status = None;
    match seat {
        Seat::Facilitator if app.facilitator_code.is_some() => {
            app.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::Code)));
        }
        Seat::Facilitator if app.view.outcome.is_some() => app.screen = Screen::Reveal,
        Seat::Facilitator => app.screen = Screen::Facilitator,
        Seat::Team(team) => {
            app.screen = Screen::Team(team.clone());
            mark_selected_read(app, &team);
            tell_voids(app, &team);
        }
        // The hot seat hands over only to the facilitator or a team.
        Seat::Room | Seat::Reviewer => app.screen = Screen::Handover(Seat::Facilitator),
    }
    Effect::None
}

/// Tells a team, when it sits down, of its choices the facilitator voided
/// since it last sat here.
fn tell_voids(app: &mut App, team: &str) {
    let Some(m) = app.teams.iter_mut().find(|m| m.view.team == team) else {
        return;
    };
    if let Some(notice) = crate::desk::void_notice(&m.view, &mut m.ui) {
        app.overlay = Some(Overlay::Notice(notice));
    }
}

/// Marks the inject on the team's reading pane as read.
fn mark_selected_read(app: &mut App, team: &str) {
    if let Some(m) = app.teams.iter_mut().find(|m| m.view.team == team) {
        crate::desk::mark_selected_read(&m.view, &mut m.ui);
    }
}

fn team_screen(app: &mut App, team: &str, action: Action) -> Effect {
    let limit = app.scroll_limit.get();
    let Some(m) = app.teams.iter_mut().find(|m| m.view.team == team) else {
        app.screen = Screen::Handover(Seat::Facilitator);
        return Effect::None;
    };
    match crate::desk::team_keys(&m.view, &mut m.ui, limit, action) {
        crate::desk::TeamStep::None => {}
        crate::desk::TeamStep::OpenForm(decision) => return open_form(app, team, decision),
        crate::desk::TeamStep::Judge => open_judging(app, team, None),
        crate::desk::TeamStep::Leave => {
            app.form = None;
            app.judging = None;
            app.last_team = Some(team.to_string());
            app.screen = Screen::Handover(Seat::Facilitator);
        }
    }
    Effect::None
}

fn open_form(app: &mut App, team: &str, decision: Option<String>) -> Effect {
    let Some(decision) = decision else {
        app.say("No decision is open for this team.");
        return Effect::None;
    };
    let Some(tv) = app.team_view(team) else {
        return Effect::None;
    };
    let draft = app
        .drafts
        .get(&(team.to_string(), decision.clone()))
        .cloned();
    let (form, restored) = crate::desk::open_form(tv, decision, draft);
    if restored {
        app.say("Your rationale from before is restored.");
    }
    app.form = Some(form);
    Effect::None
}

fn form(app: &mut App, action: Action) -> Effect {
    let Some(form) = app.form.as_mut() else {
        return Effect::None;
    };
    let Some(tv) = app
        .teams
        .iter()
        .find(|m| m.view.team == form.team)
        .map(|m| &m.view)
    else {
        return Effect::None;
    };
    match crate::desk::form_keys(tv, form, action) {
        crate::desk::FormStep::None => {}
        crate::desk::FormStep::Close => {
            app.keep_draft();
            app.form = None;
        }
        crate::desk::FormStep::Confirm(c) => {
            app.overlay = Some(Overlay::Confirm(Confirm::decide(c)));
        }
        crate::desk::FormStep::Say(text) => app.say(text),
        crate::desk::FormStep::Judge(on) => {
            let team = form.team.clone();
            open_judging(app, &team, Some(&on));
        }
    }
    Effect::None
}

fn open_judging(app: &mut App, team: &str, on: Option<&sitroom_engine::JudgeOn>) {
    match app
        .team_view(team)
        .and_then(|tv| crate::desk::open_judging(tv, on))
    {
        Some(j) => {
            if on.is_some() {
                app.say("This option accuses a state or acts against it: state your own judgement first.");
            }
            app.judging = Some(j);
        }
        None => app.say("No attribution case has reached this team yet."),
    }
}

fn judge(app: &mut App, action: Action) -> Effect {
    let Some(j) = app.judging.as_mut() else {
        return Effect::None;
    };
    let Some(tv) = app
        .teams
        .iter()
        .find(|m| m.view.team == j.team)
        .map(|m| &m.view)
    else {
        return Effect::None;
    };
    match crate::desk::judge_keys(tv, j, action) {
        crate::desk::JudgeStep::None => Effect::None,
        crate::desk::JudgeStep::Close => {
            app.judging = None;
            Effect::None
        }
        crate::desk::JudgeStep::Record(input) => {
            let asked = j.asked;
            app.judging = None;
            if asked {
                app.say("Judgement recorded. Enter reviews the choice.");
            } else {
                app.say("Judgement recorded.");
            }
            Effect::Submit(input)
        }
    }
}

/// The room screen in hot-seat play: it scrolls, and leaving returns to
/// the console.
fn room(app: &mut App, action: Action) -> Effect {
    match action {
        Action::Up => app.scroll = app.scroll.saturating_sub(1),
        Action::Down => app.scroll = app.scroll.saturating_add(1).min(app.scroll_limit.get()),
        Action::PageUp => app.scroll = app.scroll.saturating_sub(10),
        Action::PageDown => app.scroll = app.scroll.saturating_add(10).min(app.scroll_limit.get()),
        Action::Quit | Action::Back => {
            app.scroll = 0;
            app.screen = Screen::Facilitator;
        }
        _ => {}
    }
    Effect::None
}

fn reveal(app: &mut App, action: Action) -> Effect {
    match action {
        Action::Up => app.scroll = app.scroll.saturating_sub(1),
        Action::Down => app.scroll = app.scroll.saturating_add(1).min(app.scroll_limit.get()),
        Action::PageUp => app.scroll = app.scroll.saturating_sub(10),
        Action::PageDown => app.scroll = app.scroll.saturating_add(10).min(app.scroll_limit.get()),
        Action::ToggleTimeline => {
            app.reveal_timeline = !app.reveal_timeline;
            app.scroll = 0;
        }
        Action::Quit => return Effect::Quit,
        _ => {}
    }
    Effect::None
}
