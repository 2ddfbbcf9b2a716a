//! Carrying out an `Effect` on a session, through the host
//! (`sitroom_host::Host`): the play loop drives a journaled session
//! (`sitroom_journal::Recorder`); tests and the frame benchmark a bare
//! `Session`, by the same code.

use sitroom_engine::{Input, Session};
use sitroom_host::{Advance, Driven, Host, HostError, Preview};
use sitroom_journal::{Pace, PaceMode};
use sitroom_record::{Record, words};
use sitroom_scenario::Minutes;

use crate::TuiError;
use crate::app::{App, ClockMode, Confirm, Effect, Overlay, Seat, Views, lapse_question, lapsing};

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

pub fn views(session: &Session) -> Views {
    let over = session.is_over();
    Views {
        view: session.facilitator_view(),
        scores: if over {
            session.revealed_scores()
        } else {
            session.scores()
        },
        record: over.then(|| Record::of(session)),
        teams: session
            .scenario()
            .teams
            .iter()
            .filter_map(|t| session.team_view(&t.id))
            .collect(),
        room: Some(session.room_view()),
    }
}

fn sink(e: sitroom_host::SinkError) -> TuiError {
    TuiError::Record(e.to_string())
}

/// Records the clock's mode and speed through the driver (a journal keeps
/// them for `resume`; a bare session has nowhere to).
pub fn record_pace(driver: &mut impl Driven, mode: ClockMode, speed: u32) -> Result<(), TuiError> {
    let pace = Pace {
        at: driver.session().now(),
        mode: match mode {
            ClockMode::Turns => PaceMode::Turns,
            ClockMode::Realtime => PaceMode::Realtime,
        },
        speed,
    };
    driver.pace(pace).map_err(sink)
}

/// The question to ask before an advance, in words, if the host's preview
/// finds anything to ask about.
pub fn question(app: &App, preview: &Preview) -> Option<String> {
    if preview.is_quiet() {
        return None;
    }
    let items = lapsing(app, &preview.closing, preview.to);
    let ending = preview
        .outcome
        .as_ref()
        .map(|o| format!("{} at {}", words::outcome_title(o), crate::text::tick(o.at)));
    Some(lapse_question(
        &items,
        (
            preview.defaulted_meanwhile.len(),
            preview.lapsed_meanwhile.len(),
        ),
        ending.as_deref(),
    ))
}

/// Submits an input as the seat on screen: the host checks that the seat
/// may send it (a team never decides for another team or runs a
/// facilitator command), then the engine that it applies.
fn submit(host: &mut Host<impl Driven>, app: &mut App, input: Input) -> Result<(), TuiError> {
    let seat = app.seat().unwrap_or(Seat::Room);
    match host.submit(&seat, input) {
        Ok(()) => Ok(()),
        Err(HostError::Refused(refused)) => {
            app.say(format!("Refused: {refused}."));
            Ok(())
        }
        Err(HostError::Sink(e)) => Err(sink(e)),
    }
}

/// Carries out one effect and refreshes the app; `Some` when the loop ends.
pub fn apply(
    driver: &mut impl Driven,
    app: &mut App,
    effect: Effect,
) -> Result<Option<Exit>, TuiError> {
    let mut host = Host::new(driver);
    match effect {
        Effect::None => return Ok(None),
        Effect::Quit if app.screen == crate::app::Screen::Start => {
            return Ok(Some(Exit::NotStarted));
        }
        Effect::Quit => {
            let session = host.session();
            let at = session.now();
            return Ok(Some(if session.is_over() {
                Exit::Finished { at }
            } else {
                Exit::Quit { at }
            }));
        }
        Effect::Submit(Input::Release { inject }) => {
            // Releasing an inject whose effects end the exercise asks
            // first, as an advance does.
            let input = Input::Release {
                inject: inject.clone(),
            };
            if let Some(o) = host.would_end(&input) {
                let message = lapse_question(&[], (0, 0), Some(&words::outcome_title(&o)))
                    .replace("Advance", "Release");
                app.overlay = Some(Overlay::Confirm(Confirm::Release { inject, message }));
                return Ok(None);
            }
            submit(&mut host, app, input)?;
        }
        Effect::ReleaseAnyway(inject) => submit(&mut host, app, Input::Release { inject })?,
        Effect::Submit(input) => submit(&mut host, app, input)?,
        Effect::Advance(advance) => {
            if host.session().is_over() {
                return Ok(None);
            }
            if let Some(message) = question(app, &host.preview(advance)) {
                app.overlay = Some(Overlay::Confirm(Confirm::Advance { advance, message }));
                return Ok(None);
            }
            host.run(advance).map_err(sink)?;
        }
        Effect::AdvanceAnyway(advance) => host.run(advance).map_err(sink)?,
        Effect::Run(n) => {
            let open = host.session().open_decisions();
            host.run(Advance::By(n)).map_err(sink)?;
            // Told to the seat at the keyboard, about its own decisions
            // only: a team never reads another team's decision titles.
            let mine: Vec<sitroom_engine::OpenDecision> = match app.seat() {
                Some(Seat::Team(t)) => open.into_iter().filter(|d| d.teams.contains(&t)).collect(),
                Some(Seat::Facilitator | Seat::Reviewer) => open,
                Some(Seat::Room) | None => Vec::new(),
            };
            let passed = lapsing(app, &mine, host.session().now());
            if !passed.is_empty() {
                app.say(format!(
                    "⚠ DEADLINE PASSED — decided by default or lapsed: {}.",
                    passed.join("; ")
                ));
            }
        }
    }
    app.refresh(views(host.session()));
    Ok(None)
}
