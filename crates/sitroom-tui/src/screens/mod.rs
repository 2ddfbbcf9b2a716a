//! One module per screen; each draws into the body area it is given.

/// The facilitator console: clock, injects, decisions, teams, board, scores, log.
pub mod facilitator;
/// The decision form drawn over a team view.
pub mod form;
/// "Pass the keyboard to …": hides the previous seat's screen.
pub mod handover;
/// A team's own judgement on an attribution case, over its screen.
pub mod judge;
/// An inject before its release, for the facilitator (Enter on the Injects pane).
pub mod preview;
/// The replay viewer's screen.
pub mod replay;
/// The end: ground truth, final scorecards, the journal's path.
pub mod reveal;
/// The room screen for a projector: clock, ladder, countdowns, headlines; the reveal at the end.
pub mod room;
/// Briefing, teams, objectives and mode before the clock starts.
pub mod start;
/// A team's own view: inbox, message, decisions, attribution board.
pub mod team;
