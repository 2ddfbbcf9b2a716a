//! The runtimes: the play loop over a journaled session and the replay
//! viewer's loop. Both are generic over the ratatui backend and the event
//! source, so tests run the real loops on a `TestBackend` with a `Script`.
//! Wall time lives here (the engine never reads a clock): in real-time
//! mode the loop polls with a short timeout and turns elapsed milliseconds
//! into `Action::Tick`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use sitroom_engine::Session;
use sitroom_journal::{Journal, PaceMode, Recorder};
use sitroom_scenario::Scenario;

use crate::app::{App, ClockMode, Screen};
use crate::drive::{Exit, apply, record_pace, views};
use crate::replay::{Replay, ReplayEffect, update_replay};
use crate::seek::Seeker;
use crate::term::{Events, UiEvent};
use crate::theme::Theme;
use crate::{TuiError, key_to_action, ui, update};

/// How often a running real-time clock checks the wall clock.
const REALTIME_POLL: Duration = Duration::from_millis(200);
/// How long the loop waits for a key otherwise (nothing moves meanwhile).
const IDLE_POLL: Duration = Duration::from_secs(1);

/// A new session to play.
#[derive(Debug, Clone)]
pub struct PlayConfig {
    pub scenario: Arc<Scenario>,
    /// The scenario's RON text (recorded in the journal).
    pub source: String,
    /// How the scenario file was named (recorded in the journal).
    pub name: String,
    pub seed: u64,
    pub mode: ClockMode,
    /// Where the journal goes; an existing file is never overwritten.
    pub journal_path: PathBuf,
    pub theme: Theme,
}

/// A cut-off session to continue from its journal, at the clock mode and
/// speed the journal records (turn-based for a journal that records none).
#[derive(Debug, Clone)]
pub struct ResumeConfig {
    pub scenario: Arc<Scenario>,
    pub journal_path: PathBuf,
    pub theme: Theme,
}

fn draw_err<E: std::fmt::Display>(e: E) -> TuiError {
    TuiError::Terminal(e.to_string())
}

/// Plays a new session: shows the start screen, creates the journal when
/// the exercise starts (quitting the start screen writes nothing), and
/// runs until the user quits or the reveal is left.
pub fn run_play<B: Backend>(
    terminal: &mut Terminal<B>,
    events: &mut impl Events,
    config: PlayConfig,
) -> Result<Exit, TuiError> {
    // Said before the start screen rather than after it; `Recorder::create`
    // still refuses (create_new) if the file appears meanwhile.
    if config.journal_path.exists() {
        return Err(TuiError::Journal(sitroom_journal::JournalError::Exists(
            config.journal_path.clone(),
        )));
    }
    let mut session = Session::new(config.scenario.clone(), config.seed);
    let mut app = App::new(
        config.scenario.clone(),
        config.seed,
        views(&session),
        config.mode,
        config.journal_path.clone(),
    );
    let started = |app: &App| app.screen != Screen::Start;
    if let Some(exit) = event_loop(
        terminal,
        events,
        &mut session,
        &mut app,
        &config.theme,
        started,
    )? {
        return Ok(exit);
    }
    // A default like journals/<id>-<seed>-<n>.jsonl may name a new folder.
    if let Some(dir) = config
        .journal_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|error| {
            TuiError::Journal(sitroom_journal::JournalError::Io {
                path: dir.to_path_buf(),
                error,
            })
        })?;
    }
    // The start screen neither submits nor advances: the session is still fresh.
    let mut recorder =
        Recorder::create(&config.journal_path, &config.name, &config.source, session)
            .map_err(TuiError::Journal)?;
    record_pace(&mut recorder, app.clock.mode, app.clock.factor())?;
    play_loop(terminal, events, recorder, app, &config.theme)
}

/// Continues a session from its journal at the point it stopped, straight
/// on the facilitator console.
pub fn run_resume<B: Backend>(
    terminal: &mut Terminal<B>,
    events: &mut impl Events,
    config: ResumeConfig,
) -> Result<Exit, TuiError> {
    let recorder = sitroom_journal::resume(&config.journal_path, config.scenario.clone())
        .map_err(TuiError::Journal)?;
    let session = recorder.session();
    let pace = recorder.last_pace();
    let mode = match pace.map(|p| p.mode) {
        Some(PaceMode::Realtime) => ClockMode::Realtime,
        Some(PaceMode::Turns) | None => ClockMode::Turns,
    };
    let mut app = App::new(
        config.scenario,
        session.seed(),
        views(session),
        mode,
        config.journal_path,
    );
    if let Some(p) = pace {
        app.clock.set_factor(p.speed);
    }
    if app.screen == Screen::Start {
        app.screen = Screen::Facilitator;
    }
    let at = crate::text::tick(session.now());
    app.say(match (pace, mode) {
        (None, _) => format!(
            "Resumed at {at}, turn-based: this journal does not record the clock mode (written before journal format 2)."
        ),
        (Some(_), ClockMode::Realtime) => format!(
            "Resumed at {at} in real time at ×{}, paused: Space resumes.",
            app.clock.factor()
        ),
        (Some(_), ClockMode::Turns) => format!("Resumed at {at}, turn-based."),
    });
    play_loop(terminal, events, recorder, app, &config.theme)
}

fn play_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    events: &mut impl Events,
    mut recorder: Recorder,
    mut app: App,
    theme: &Theme,
) -> Result<Exit, TuiError> {
    let exit = event_loop(terminal, events, &mut recorder, &mut app, theme, |_| false)?;
    // ok: the loop only returns without an exit when `until` holds, never here.
    Ok(exit.unwrap_or(Exit::Quit {
        at: recorder.session().now(),
    }))
}

/// Draws, reads a key, updates and carries the effect out on `driver`
/// until the session is left (`Some(exit)`) or `until` holds (`None`).
/// A change of the clock's mode or speed is recorded through the driver.
fn event_loop<B: Backend, D: sitroom_host::Driven>(
    terminal: &mut Terminal<B>,
    events: &mut impl Events,
    driver: &mut D,
    app: &mut App,
    theme: &Theme,
    until: impl Fn(&App) -> bool,
) -> Result<Option<Exit>, TuiError> {
    let mut last = Instant::now();
    let mut pace = (app.clock.mode, app.clock.factor());
    loop {
        if until(app) {
            return Ok(None);
        }
        terminal
            .draw(|frame| ui::draw(frame, app, theme))
            .map_err(draw_err)?;
        let running = app.clock.mode == ClockMode::Realtime && !app.clock.paused;
        let event = events.next(if running { REALTIME_POLL } else { IDLE_POLL })?;
        let now = Instant::now();
        let elapsed = u64::try_from(now.duration_since(last).as_millis()).unwrap_or(u64::MAX);
        last = now;
        let tick = update(app, crate::Action::Tick(elapsed));
        if let Some(exit) = apply(driver, app, tick)? {
            return Ok(Some(exit));
        }
        let action = match event {
            Some(UiEvent::Key(key)) => key_to_action(app.mode(), key),
            Some(UiEvent::Resize) | None => None,
            Some(UiEvent::Closed) => {
                if app.screen == Screen::Start {
                    return Ok(Some(Exit::NotStarted));
                }
                let session = driver.session();
                let at = session.now();
                return Ok(Some(if session.is_over() {
                    Exit::Finished { at }
                } else {
                    Exit::Quit { at }
                }));
            }
        };
        if let Some(action) = action {
            app.status = None;
            let effect = update(app, action);
            if let Some(exit) = apply(driver, app, effect)? {
                return Ok(Some(exit));
            }
        }
        let now_pace = (app.clock.mode, app.clock.factor());
        if now_pace != pace && app.screen != Screen::Start {
            record_pace(driver, now_pace.0, now_pace.1)?;
            pace = now_pace;
        }
    }
}

/// A journal to review.
#[derive(Debug, Clone)]
pub struct ReplayConfig {
    pub journal: Journal,
    pub journal_path: PathBuf,
    pub scenario: Arc<Scenario>,
    pub theme: Theme,
}

/// The replay viewer: a timeline of the whole session and every panel at
/// the cursor; opens at the end of the session.
pub fn run_replay<B: Backend>(
    terminal: &mut Terminal<B>,
    events: &mut impl Events,
    config: ReplayConfig,
) -> Result<(), TuiError> {
    let length = crate::seek::last_minute(&config.journal);
    terminal
        .draw(|frame| {
            crate::screens::replay::draw_opening(
                frame,
                &config.scenario.meta.title,
                length,
                &config.theme,
            )
        })
        .map_err(draw_err)?;
    let mut seeker = Seeker::new(config.journal, config.scenario.clone());
    let timeline = seeker.timeline();
    let end = timeline.end;
    let mut replay = Replay::new(
        config.scenario,
        config.journal_path,
        timeline,
        views(seeker.at(end)),
    );
    loop {
        terminal
            .draw(|frame| crate::screens::replay::draw(frame, &replay, &config.theme))
            .map_err(draw_err)?;
        let action = match events.next(IDLE_POLL)? {
            Some(UiEvent::Key(key)) => key_to_action(replay.mode(), key),
            Some(UiEvent::Resize) | None => None,
            Some(UiEvent::Closed) => return Ok(()),
        };
        let Some(action) = action else { continue };
        replay.status = None;
        match update_replay(&mut replay, action) {
            ReplayEffect::None => {}
            ReplayEffect::Quit => return Ok(()),
            ReplayEffect::Seek(minute) => {
                let started = Instant::now();
                let state = views(seeker.at(minute));
                replay.show(state);
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                if ms > 50.0 {
                    replay.status = Some(format!("Seek took {ms:.0} ms."));
                }
            }
        }
    }
}

/// `sitroom play` / `sitroom` (demo): the whole thing on the real
/// terminal. The terminal is restored when this returns, whatever happened
/// (and by the panic hook on a panic), so the caller can print errors.
pub fn play(config: PlayConfig) -> Result<Exit, TuiError> {
    let mut terminal = crate::term::TerminalGuard::enter()?;
    run_play(
        &mut terminal,
        &mut crate::term::TerminalEvents::new(),
        config,
    )
}

/// `sitroom resume JOURNAL` in the UI, on the real terminal.
pub fn resume(config: ResumeConfig) -> Result<Exit, TuiError> {
    let mut terminal = crate::term::TerminalGuard::enter()?;
    run_resume(
        &mut terminal,
        &mut crate::term::TerminalEvents::new(),
        config,
    )
}

/// `sitroom replay JOURNAL`: the viewer on the real terminal.
pub fn replay(config: ReplayConfig) -> Result<(), TuiError> {
    let mut terminal = crate::term::TerminalGuard::enter()?;
    run_replay(
        &mut terminal,
        &mut crate::term::TerminalEvents::new(),
        config,
    )
}
