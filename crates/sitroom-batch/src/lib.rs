//! Batch exploration: what a scenario *can* do before a room plays it.
//!
//! - [`Spec`]: the scenario, the number of runs, the policy, the batch seed
//!   and an optional shard; run *i* is seeded with [`run_seed`]`(seed, i)`,
//!   so any single run can be replayed and journaled alone.
//! - [`run_batch`]: the runs of a spec (its shard's slice), on as many
//!   threads as asked; the result does not depend on the thread count.
//! - [`Batch`]: the runs' results and their [`Summary`] (endings, peak
//!   escalation, attribution per team, each norm's score per team as a
//!   distribution, coverage of injects and options, the paths that reached
//!   the highest rung), as text, JSON or CSV; [`Batch::merge`] joins shard
//!   outputs into what one big run gives.

/// The spec, the batch and merging.
mod batch;
/// Playing one run.
mod run;
/// Aggregates and their renderings.
mod summary;

pub use batch::{Batch, MergeError, Spec, run_batch, shard_range};
pub use run::{Attribution, PolicyKind, RunResult, Verdict, play, policy_for, run_seed};
pub use summary::{NormSpread, Summary, Universe};

/// The `format` key of batch outputs.
pub const FORMAT: &str = "sitroom-batch";
/// The batch output's version: bumped when a key changes meaning.
pub const VERSION: u32 = 1;
