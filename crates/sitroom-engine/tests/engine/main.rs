//! Engine behaviour on the fixture scenarios in `tests/fixtures`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

/// Loading fixtures and small helpers.
mod support;

/// Bayesian attribution beliefs as teams see them.
mod attribution;
/// Every condition kind as a trigger; the ladder under Add/Set.
mod conditions;
/// Decisions: choices, deadlines, defaults, lapses, extensions, input errors.
mod decisions;
/// Same seed and inputs, same hash; scores; speed.
mod determinism;
/// Escalation per pair of actors, injury per state.
mod dyads;
/// Effects on variables, the ladder and postures, at their bounds.
mod effects;
/// Endings, the facilitator's end and time running out.
mod endings;
/// Forks: exact copies that evolve like the original.
mod fork;
/// Injects written during the session.
mod improvise;
/// Jumping idle minutes equals ticking them.
mod jump;
/// Team views contain only what the team may see.
mod need_to_know;
/// Reaction rules and their seeded chance.
mod reactions;
/// Releases by each trigger kind, holds, manual releases, cancels.
mod releases;
/// A restarted session (world and schedule reused) is a new session.
mod restart;
/// Unvalidated scenarios and hostile inputs never panic.
mod robustness;
/// A whole session from a script file, as a snapshot.
mod script;
/// Seats: who may send what, what each sees; views and refusals as JSON both ways.
mod seats;
