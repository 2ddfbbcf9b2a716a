//! What happened in a session, for everyone who looks back at it.
//!
//! - [`Record`]: the typed record — outcome, timeline of events, decisions
//!   with labels, rationales and scores (at the time and in hindsight),
//!   beliefs over time against the truth, escalation and variables over
//!   time, notes and ratings, open and lapsed decisions — built from a
//!   session or a journal. The run summary, the reveal and the replay viewer
//!   render it.
//! - [`words`]: the one place the engine's events become sentences.

/// Records cut down for a team, or without the truth.
mod edition;
/// The teams' own stated judgements on cases.
mod judgement;
/// Who leads a team's belief on a case.
mod lead;
/// The typed record and how it is built.
mod record;
/// Events, outcomes and ids worded for people.
pub mod words;

pub use judgement::{Judged, judgements};
pub use lead::{Lead, Leader, lead, lead_index};
pub use record::{
    BeliefPoint, BeliefTrack, DecisionRecord, Fate, Feed, Record, Release, RungPoint, SeatRoster,
    TeamCard, VariableTrack, with_improvised,
};
