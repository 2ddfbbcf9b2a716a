//! The one integration-test binary: the `sitroom` command line end to end
//! and the crates together. One module per boundary.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

mod util;

mod batch;
mod cli;
mod determinism;
mod e2e_tmux;
mod fuzz;
mod library;
mod msel;
mod net;
mod report;
mod rungs;
mod scoring;
mod session;
mod summary;
mod tui;
mod untrusted;
