//! Carrying out an `Effect` on a session. The play loop drives a journaled
//! session (`sitroom_journal::Recorder`); tests and the frame benchmark
//! drive a bare `Session` through the same code.

use sitroom_engine::{Input, InputError, Session};
use sitroom_scenario::Minutes;

use crate::TuiError;
use crate::app::{Advance, App, Confirm, Effect, Overlay, lapse_question, lapsing};

/// What the UI needs from a session it drives.
pub trait Drive {
    /// Applies an input; the outer error is a failure to record it, the
    /// inner one the engine refusing it (shown to the user, not fatal).
    fn submit(&mut self, input: Input) -> Result<Result<(), InputError>, TuiError>;
    fn advance(&mut self, minutes: Minutes) -> Result<(), TuiError>;
    fn advance_to_next_event(&mut self) -> Result<(), TuiError>;
    fn session(&self) -> &Session;
    /// Records the clock's mode and speed (a journal keeps them for
    /// `resume`; a bare session has nowhere to).
    fn pace(&mut self, _mode: crate::app::ClockMode, _speed: u32) -> Result<(), TuiError> {
        Ok(())
    }
}

impl Drive for Session {
    fn submit(&mut self, input: Input) -> Result<Result<(), InputError>, TuiError> {
        Ok(Session::submit(self, input))
    }

    fn advance(&mut self, minutes: Minutes) -> Result<(), TuiError> {
        Session::advance(self, minutes);
        Ok(())
    }

    fn advance_to_next_event(&mut self) -> Result<(), TuiError> {
        Session::advance_to_next_event(self);
        Ok(())
    }

    fn session(&self) -> &Session {
        self
    }
}

/// How a play session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The exercise reached an ending (or was ended) and the reveal was shown.
    Finished { at: Minutes },
    /// The user quit before the end; `sitroom resume` continues it.
    Quit { at: Minutes },
    /// The user quit from the start screen: no session began, nothing was written.
    NotStarted,
}

/// The view and scores the screens need: the reveal gets the re-scores
/// that depend on the ground truth.
pub fn views(session: &Session) -> (sitroom_engine::FacilitatorView, Vec<sitroom_norms::Score>) {
    let scores = if session.is_over() {
        session.revealed_scores()
    } else {
        session.scores()
    };
    (session.facilitator_view(), scores)
}

fn run_advance(driver: &mut impl Drive, advance: Advance) -> Result<(), TuiError> {
    if driver.session().is_over() {
        return Ok(());
    }
    match advance {
        Advance::ToNext => driver.advance_to_next_event(),
        Advance::By(n) => driver.advance(n),
    }
}

/// The confirmation question when `advance` would reach the deadline of a
/// decision some team has not taken: tried on a fork of the session, so
/// that `n` is judged by where it really stops and decisions that open and
/// close during a long advance count too.
fn deadlines_reached(session: &Session, app: &App, advance: Advance) -> Option<String> {
    if session.is_over() {
        return None;
    }
    let open = session.open_decisions();
    let defaulted = |s: &Session| -> std::collections::BTreeSet<String> {
        s.scores()
            .into_iter()
            .filter(|x| x.defaulted)
            .map(|x| x.decision)
            .collect()
    };
    let before = defaulted(session);
    let mut trial = session.fork();
    match advance {
        Advance::ToNext => {
            trial.advance_to_next_event();
        }
        Advance::By(n) => trial.advance(n),
    }
    let items = lapsing(app, &open, trial.now());
    let more = defaulted(&trial)
        .difference(&before)
        .filter(|d| !open.iter().any(|o| &o.decision == *d))
        .count();
    let ending = trial
        .outcome()
        .map(|o| format!("{} at {}", o.title, crate::text::tick(o.at)));
    (!items.is_empty() || more > 0 || ending.is_some())
        .then(|| lapse_question(&items, more, ending.as_deref()))
}

/// Submits an input as the seat on screen: the engine's seat rule says
/// whether that seat may send it (a team never decides for another team
/// or runs a facilitator command), then the engine whether it applies.
fn submit(driver: &mut impl Drive, app: &mut App, input: Input) -> Result<(), TuiError> {
    let seat = app.seat().unwrap_or(crate::app::Seat::Room);
    if let Err(refused) = sitroom_engine::authorize(&app.scenario, &seat, &input) {
        app.say(format!("Refused: {refused}."));
        return Ok(());
    }
    if let Err(refused) = driver.submit(input)? {
        app.say(format!("Refused: {refused}."));
    }
    Ok(())
}

/// Carries out one effect and refreshes the app; `Some` when the loop ends.
pub fn apply(
    driver: &mut impl Drive,
    app: &mut App,
    effect: Effect,
) -> Result<Option<Exit>, TuiError> {
    match effect {
        Effect::None => return Ok(None),
        Effect::Quit if app.screen == crate::app::Screen::Start => {
            return Ok(Some(Exit::NotStarted));
        }
        Effect::Quit => {
            let session = driver.session();
            let at = session.now();
            return Ok(Some(if session.is_over() {
                Exit::Finished { at }
            } else {
                Exit::Quit { at }
            }));
        }
        Effect::Submit(Input::Release { inject }) => {
            // Releasing an inject whose effects end the exercise asks
            // first, as an advance does: tried on a fork.
            let mut trial = driver.session().fork();
            let ends = trial
                .submit(Input::Release {
                    inject: inject.clone(),
                })
                .is_ok()
                && trial.outcome().is_some();
            if let Some(o) = trial.outcome().filter(|_| ends) {
                let message = lapse_question(&[], 0, Some(&o.title)).replace("Advance", "Release");
                app.overlay = Some(Overlay::Confirm(Confirm::Release { inject, message }));
                return Ok(None);
            }
            submit(driver, app, Input::Release { inject })?;
        }
        Effect::ReleaseAnyway(inject) => submit(driver, app, Input::Release { inject })?,
        Effect::Submit(input) => submit(driver, app, input)?,
        Effect::Advance(advance) => {
            if let Some(message) = deadlines_reached(driver.session(), app, advance) {
                app.overlay = Some(Overlay::Confirm(Confirm::Advance { advance, message }));
                return Ok(None);
            }
            run_advance(driver, advance)?;
        }
        Effect::AdvanceAnyway(advance) => run_advance(driver, advance)?,
        Effect::Run(n) => {
            let open = driver.session().open_decisions();
            if !driver.session().is_over() {
                driver.advance(n)?;
            }
            // Told to the seat at the keyboard, about its own decisions
            // only: a team never reads another team's decision titles.
            let mine: Vec<sitroom_engine::OpenDecision> = match app.seat() {
                Some(crate::app::Seat::Team(t)) => {
                    open.into_iter().filter(|d| d.teams.contains(&t)).collect()
                }
                Some(crate::app::Seat::Facilitator | crate::app::Seat::Reviewer) => open,
                Some(crate::app::Seat::Room) | None => Vec::new(),
            };
            let passed = lapsing(app, &mine, driver.session().now());
            if !passed.is_empty() {
                app.say(format!(
                    "⚠ DEADLINE PASSED — decided by default or lapsed: {}.",
                    passed.join("; ")
                ));
            }
        }
    }
    let (view, scores) = views(driver.session());
    app.refresh(view, scores);
    Ok(None)
}
