//! Norm evaluators tested as data: each evaluator has a table in `cases/`
//! of decision contexts built from `fixture.ron`, the expected grade and
//! score range, and the fact the case rests on with its source (ILC ARSIWA
//! article, UN GGE 2015 norm, Tallinn Manual 2.0, ICD 203, HSEEP).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

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
