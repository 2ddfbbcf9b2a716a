//! Carrying out an `Effect` on a session. The play loop drives a journaled
//! session (`sitroom_journal::Recorder`); tests and the frame benchmark
//! drive a bare `Session` through the same code.

use sitroom_engine::{Input, InputError, Session};
use sitroom_scenario::Minutes;

use crate::TuiError;
use crate::app::{App, Effect};

/// What the UI needs from a session it drives.
pub trait Drive {
    /// Applies an input; the outer error is a failure to record it, the
    /// inner one the engine refusing it (shown to the user, not fatal).
    fn submit(&mut self, input: Input) -> Result<Result<(), InputError>, TuiError>;
    fn advance(&mut self, minutes: Minutes) -> Result<(), TuiError>;
    fn advance_to_next_event(&mut self) -> Result<(), TuiError>;
    fn session(&self) -> &Session;
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

/// Carries out one effect and refreshes the app; `Some` when the loop ends.
pub fn apply(
    driver: &mut impl Drive,
    app: &mut App,
    effect: Effect,
) -> Result<Option<Exit>, TuiError> {
    match effect {
        Effect::None => return Ok(None),
        Effect::Quit => {
            let session = driver.session();
            let at = session.now();
            return Ok(Some(if session.is_over() {
                Exit::Finished { at }
            } else {
                Exit::Quit { at }
            }));
        }
        Effect::Submit(input) => {
            if let Err(refused) = driver.submit(input)? {
                app.status = Some(format!("Refused: {refused}."));
            }
        }
        Effect::Advance(n) => {
            if !driver.session().is_over() {
                driver.advance(n)?;
            }
        }
        Effect::AdvanceToNext => {
            if !driver.session().is_over() {
                driver.advance_to_next_event()?;
            }
        }
    }
    let (view, scores) = views(driver.session());
    app.refresh(view, scores);
    Ok(None)
}
