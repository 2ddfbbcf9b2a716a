//! The deterministic simulation core of Sitroom.
//!
//! A [`Session`] owns one bevy_ecs `World` and one `Schedule` run on the
//! single-threaded executor, once per simulated minute. Front ends (TUI,
//! headless runner, journal replay) drive it through [`Session`] alone: submit
//! an [`Input`], advance the clock, read a view.
//!
//! # Architecture notes
//!
//! - **The engine does no I/O**: no files, terminal, environment or wall clock.
//!   Everything random comes from one `ChaCha8Rng` seeded with the session seed.
//! - **Phases** run in a fixed chain every step (see `schedule`): Inputs →
//!   Clock → Triggers → Releases → Reactions → Effects → Attribution → Scoring →
//!   EndCheck. A *tick* advances the clock by one minute and runs every phase.
//!   A *zero-length step* (after `Session::submit`) applies the queued input and
//!   its consequences (releases it causes, effects, attribution, scoring) but
//!   evaluates no time-based trigger, deadline, reaction or ending and draws no
//!   random number.
//! - **Stable order**: injects, teams, cases, variables and reactions are
//!   entities or slots carrying their declaration index; every iteration goes
//!   over declaration order, never over hash order.
//! - **Need-to-know**: an inject reaches a team (its *recipients*) when the team
//!   is in the inject's audience *and* sees the inject's channel; an empty
//!   audience means every team that sees the channel. Only recipients get the
//!   inject in their feed and update their beliefs from its evidence.
//!   Deciders are the decision's `teams`, or, when empty, the recipients that
//!   are player teams.
//! - **Timing rules**: `At(t)` releases at the first tick with `now >= t` that
//!   the inject is not held; `After(x, d)` at `now >= released(x) + d` but never
//!   in the tick that released `x` (triggers are evaluated before releases);
//!   follow-ups and `Effect::Release` at the next minute; `Input::Release` at
//!   once. A decision closes at the tick that reaches its deadline
//!   (`opened_at + deadline + extensions`): undecided teams get the default
//!   (`Defaulted`) or a `Lapsed` entry. A reaction rule is spent the first tick
//!   its condition holds; its chance is drawn then, once.
//! - **Conditions**: `All`/`Any` short-circuit left to right, so a `Chance`
//!   draws only when reached; `Confidence` compares whole percents (rounded);
//!   `Chose` counts defaults; unknown ids make a condition false. Escalation
//!   `Add`/`Set` settle on the highest rung at or below the target level;
//!   `Escalate(n)` moves n rungs.
//! - **Attribution**: each team's posterior per case starts at the prior and
//!   is multiplied by the likelihood ratio of each evidence item it receives
//!   (StronglyFor 8, For 3, WeaklyFor 1.5, Neutral 1, and the inverses), then
//!   normalised. Confidence comes from the evidence weight (strong 3, normal
//!   2, weak 1): under 3 low, under 6 moderate, else high.
//! - **Scoring**: each choice is snapshotted when made (rung, injury, beliefs)
//!   and scored in the Scoring phase by `sitroom_norms::score`. "Pending
//!   evidence" counts only injects that will reach the team.
//! - **Forks**: `Session::fork` copies a session exactly (every component by
//!   declaration index, every resource, the generator's position) into a new
//!   world; the replay viewer keeps forks as checkpoints. A unit test fails if
//!   a component or resource is added that the fork does not copy.
//!   `Session::restart` puts a session back at minute 0 with another seed,
//!   reusing its world, index and schedule (`world::reset`): the state of
//!   a new session, which a test checks on every shipped script.
//! - **Compiled triggers**: ids in triggers and conditions are resolved once
//!   per scenario (`compiled`); compiled conditions evaluate leaf by leaf
//!   as written, so the draws are those of `Facts::holds`.
//! - **State hash**: SHA-256 over an explicitly ordered encoding of the whole
//!   state (clock, generator word position, injects, decisions, variables,
//!   ladder, postures, beliefs as `f64` bits, reactions, the number of counted
//!   log events (`event::Event::counted`), notes,
//!   scores, outcome); see `hash` and `Session::state_hash`.

/// Per-team Bayesian beliefs over attribution suspects.
mod attribution;
/// The in-scenario clock label.
mod clock;
/// Triggers and conditions with their ids resolved, once per scenario.
mod compiled;
/// Evaluation of the condition language.
mod condition;
/// The Effects phase: variables, ladder, postures, releases, endings.
mod effects;
/// What happened, as structured events (the session log).
pub mod event;
/// `StateHash` and the canonical state encoding.
mod hash;
/// Injects written during the session.
pub mod improvise;
/// Inputs: decisions and facilitator commands, stamped with their minute.
pub mod input;
/// The phases, their systems and the schedule that chains them.
mod schedule;
/// The Scoring phase: decisions in context, scored by `sitroom_norms`.
mod scoring;
/// Seats: who may send which input, and what each seat sees.
pub mod seat;
/// The `Session`: the public face of the engine.
mod session;
/// Components, resources and the id index of the world.
mod state;
/// Read-only views for teams and the facilitator.
pub mod view;
/// Building the world for a scenario.
mod world;

pub use event::{EndedBy, Event, LogEntry, LogKind, NormGrade};
pub use hash::{ParseHashError, StateHash};
pub use input::{
    ClosedHow, ImprovisedDecision, ImprovisedInject, ImprovisedOption, InjectProblem, Input,
    InputError, NotOpenWhy, Rating, Stamped,
};
pub use seat::{Refusal, RoomView, Seat, SeatView, authorize, authorize_clock, authorize_request};
pub use session::Session;
pub use view::*;

/// The version of the engine's rules (simulation and scoring), recorded in
/// journals: bumped whenever a change can make an existing journal
/// re-simulate differently, so that `replay --verify` can say a journal was
/// written under other rules rather than call it corrupt. 0.2.0: scoring
/// with legality caps, failures to act, state-level countermeasure
/// conditions and evidence lines.
pub const VERSION: &str = "0.2.0";
