//! Why an input did not go in, or a policy stopped before the end.

use std::fmt;

use sitroom_engine::Refusal;
use sitroom_scenario::Minutes;

use crate::driven::SinkError;

/// Why an input did not go in.
#[derive(Debug)]
pub enum HostError {
    /// Not this seat's to send, or the engine refused it: nothing recorded.
    Refused(Refusal),
    /// The record could not be written.
    Sink(SinkError),
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::Refused(r) => r.fmt(f),
            HostError::Sink(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for HostError {}

impl From<SinkError> for HostError {
    fn from(e: SinkError) -> HostError {
        HostError::Sink(e)
    }
}

/// Why playing a policy stopped before the end.
#[derive(Debug)]
pub enum PlayError {
    /// The policy stamped an input for a minute already played.
    OutOfOrder { at: Minutes, now: Minutes },
    /// An input of the policy was refused at minute `at`.
    Refused { at: Minutes, refusal: Refusal },
    /// The record could not be written.
    Sink(SinkError),
}

impl fmt::Display for PlayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlayError::OutOfOrder { at, now } => write!(
                f,
                "input at minute {at} comes after minute {now} was already played; \
                 inputs must be in time order"
            ),
            PlayError::Refused { at, refusal } => write!(f, "input at minute {at}: {refusal}"),
            PlayError::Sink(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for PlayError {}

impl From<SinkError> for PlayError {
    fn from(e: SinkError) -> PlayError {
        PlayError::Sink(e)
    }
}
