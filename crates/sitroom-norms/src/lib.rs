//! Norm scoring: every decision scored against norms of responsible state
//! behaviour and the law of responses, each score with a one-sentence reason
//! and its source. Pure functions; no I/O (the catalogue is compiled in).
//!
//! Start at [`evaluate`] (one decision → evaluations) and [`scorecard`]
//! (scores → a team's scorecard). The rules themselves are data in
//! `assets/norms.ron` and `assets/responses.ron`; docs/scoring.md explains them.

/// The norm catalogue and the response ladder, loaded from `assets/`.
mod catalogue;
/// The decision in its context, as the engine hands it over.
mod context;
/// Words of estimative probability (ICD 203).
mod estimative;
/// Evaluations, scores, the P/S/M/U grade and the manual rating.
mod evaluation;
/// One module per evaluator.
pub mod evaluators;
/// A team's scorecard and its text rendering.
mod scorecard;
/// Selecting norms for a scenario and running them over a decision.
mod scoring;

pub use catalogue::{
    ALL_RESPONSES, Catalogue, CatalogueError, LegalFamily, Norm, ResponseStep, catalogue,
    try_catalogue,
};
pub use context::{Belief, Confidence, DecisionContext, PastChoice, PendingEvidence, Stated};
pub use estimative::{Likelihood, estimative_term, percent};
pub use evaluation::{Breach, Evaluation, Grade, Rating, Score};
pub use evaluators::{Evaluator, Verdict};
pub use scorecard::{
    Failure, NormLine, NotEvaluated, Scorecard, render_text, scorecard, scorecard_for,
};
pub use scoring::{
    evaluate, evaluate_norm, lapse, reveal, score, score_selected, selected_norms, unknown_norms,
};
