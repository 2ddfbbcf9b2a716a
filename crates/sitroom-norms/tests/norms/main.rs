//! Norm evaluators tested as data: each evaluator has a table in `cases/`
//! of decision contexts built from `fixture.ron`, the expected grade and
//! score range, and the domain.md fact the case rests on.

/// Loading the fixture and the case tables; building contexts.
mod support;

/// One test per evaluator table.
mod evaluators;
/// The truth-dependent re-scores of the reveal.
mod reveal;
/// Scorecards, rendered and as JSON, snapshotted.
mod scorecard;
/// Norm selection, weights, unscored decisions.
mod selection;
