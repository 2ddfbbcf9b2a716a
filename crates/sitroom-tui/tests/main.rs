//! Tests of the terminal UI, one binary (link once on small machines).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

/// Need-to-know over random sessions of every shipped scenario: every team
/// screen and view checked against what the scenario lets the team read.
mod audit;
/// The fixture scenario and a harness driving App + Session together.
mod common;
/// Key → action → update flows on every screen.
mod flows;
/// Random key sequences at small sizes (proptest).
mod fuzz;
/// A team's screen never shows another team's injects.
mod need_to_know;
/// The replay viewer's cursor and screens.
mod replay;
/// The play loop end to end on a TestBackend with a real journal.
mod run;
/// Seats joined over the network: a real server on loopback, real links.
mod seat;
/// Seeking in the NotPetya journal: checkpoints equal `session_at`.
mod seek;
/// Every screen and overlay at every size from 1×1 to 300×100.
mod sizes;
/// Snapshots of every screen at 80×24 and 120×40.
mod snapshots;
