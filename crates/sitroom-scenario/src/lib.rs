//! Sitroom scenarios: the RON model, loading with source positions,
//! validation that reports every problem at once, and the inject graph.

/// The serde types of a scenario file.
pub mod model;

pub use model::*;
