//! The host: the one way a front end drives a session. It owns the session
//! and where its record goes (a journal, or nowhere), and offers what every
//! front end needs and none should write again:
//!
//! - [`Host::submit`] an input *as a seat* — the engine's seat rule decides
//!   whether that seat may send it, the engine whether it applies;
//! - [`Host::advance`], [`Host::advance_to`], [`Host::advance_to_next_event`];
//! - [`Host::preview`]: what an advance would default, lapse or end, tried
//!   on a fork so the real session is untouched;
//! - [`Host::play`]: a [`Policy`] (a decisions script, a seeded random
//!   choice, a least-used-option explorer) to the end;
//! - [`Pacer`]: real time as scenario minutes per wall minute, one clock for
//!   the terminal UI and paced headless runs.
//!
//! A person is the policy of the interactive front ends: they call
//! `submit` and `advance` themselves.

/// What the host drives: a bare session or a journaled one.
mod driven;
/// Refusals and failures of the host and of policies.
mod error;
/// The host itself.
mod host;
/// Real-time pacing.
mod pace;
/// Policies that play a session.
mod policy;

pub use driven::{Driven, SinkError};
pub use error::{HostError, PlayError};
pub use host::{Advance, Host, Preview};
pub use pace::Pacer;
pub use policy::{Explorer, Policy, RandomChoice, Rotation, Script, ScriptEntry, Skipped, Temper};
