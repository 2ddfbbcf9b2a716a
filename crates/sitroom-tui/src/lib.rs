//! Sitroom's terminal front end: the start screen, the facilitator
//! console, need-to-know team views with hot-seat hand-over, the decision
//! form, the reveal, and the replay viewer.
//!
//! Elm shape: a model (`App`, `Replay`), an `Action` per user intention,
//! a pure key table (`keymap::key_to_action`) and pure `update` functions
//! returning an effect that the runtime (`run`) carries out on the
//! journaled engine session. Drawing (`ui`, `screens`) reads the model and
//! the engine's views; it never decides what a team may see.

/// User intentions, independent of keys.
pub mod action;
/// The play model and its `update`.
pub mod app;
/// A team's desk: what its keys do, from its own view (hot seat and joined).
pub mod desk;
/// Carrying out effects on a session (journaled or bare).
pub mod drive;
/// An editable text with a cursor and a limit (rationales, prompts).
pub mod field;
/// The key table per mode: `key_to_action` and the help overlay's rows.
pub mod keymap;
/// The replay viewer's model and its `update`.
pub mod replay;
/// The play and replay loops over a journaled session.
pub mod run;
/// One module per screen.
pub mod screens;
/// A seat joined over the network: team, room or console, from its seat's frames.
pub mod seat;
/// The replay viewer's seeks: checkpoints forked from one pass over the journal.
pub mod seek;
/// The real terminal (guard that always restores it) and event sources.
pub mod term;
/// Text fitting: widths, ellipsis, minute and percent formatting.
pub mod text;
/// Styles by meaning; `NO_COLOR` gives a colourless theme.
pub mod theme;
/// Chrome and overlays shared by the play screens; `draw` for the whole UI.
pub mod ui;
/// Times as people say them (`2h`, `1d2h`, `09:30`) for the prompts.
pub mod when;
/// Shared widgets: gauge, board, inbox rows, decision rows, score rows.
pub mod widgets;
/// Writing an inject during the session (the console's `W`).
pub mod write;

pub use action::Action;
pub use app::{App, ClockMode, Effect, update};
pub use drive::{Exit, apply};
pub use keymap::{Mode, key_to_action};
pub use replay::{Replay, ReplayEffect, update_replay};
pub use run::{
    PlayConfig, ReplayConfig, ResumeConfig, play, replay, resume, run_play, run_replay, run_resume,
};
pub use seek::Seeker;
pub use term::{Events, Script, TerminalEvents, TerminalGuard, UiEvent};
pub use theme::Theme;

/// The built-in demo scenario (`sitroom` with no arguments): a mission's
/// network compromised abroad, with a false flag.
pub const DEMO: &str = include_str!("../../../scenarios/mission-compromise.ron");
/// The name under which the demo is recorded in journals.
pub const DEMO_NAME: &str = "mission-compromise.ron";

/// Why the UI stopped with an error. The terminal is restored by then.
#[derive(Debug)]
pub enum TuiError {
    /// stdin or stdout is not a terminal.
    NotATerminal,
    /// Drawing to or reading from the terminal failed.
    Terminal(String),
    /// The journal could not be created, read or resumed.
    Journal(sitroom_journal::JournalError),
    /// Writing to the journal failed while the session ran.
    Record(String),
}

impl std::fmt::Display for TuiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TuiError::NotATerminal => f.write_str(
                "the terminal UI needs a terminal (stdin and stdout are not one); \
                 use `sitroom run` for headless sessions or `sitroom replay --verify` to check a journal",
            ),
            TuiError::Terminal(e) => write!(f, "terminal: {e}"),
            TuiError::Journal(e) => write!(f, "journal: {e}"),
            TuiError::Record(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for TuiError {}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_scenario_checks_clean() {
        let checked = sitroom_scenario::check(super::DEMO_NAME, super::DEMO);
        assert!(checked.is_ok(), "the embedded demo scenario has errors");
    }
}
