//! How fast the engine simulates: a whole session of each shipped scenario
//! (`Session::new` + `advance` to the end; and *restarted*, the same run on a
//! session reused by `Session::restart`, as a batch thread plays it) and
//! one `state_hash`; a flagship run ticked minute by minute on a restarted
//! session, per tick against the anchor's per tick; and, for
//! the author's loop, how long `sitroom_scenario::check` takes on it. A plain
//! timing loop, no criterion (it is heavy to build on a 2-core machine).
//!
//!     cargo bench -p sitroom-engine --bench advance
//!
//! Figures are written down in docs/performance.md.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::sync::Arc;
use std::time::{Duration, Instant};

use sitroom_engine::Session;

/// The bare bevy_ecs anchor, shared with the growth bench.
#[path = "support/anchor.rs"]
mod anchor;
use anchor::{bare_loop, median};

fn main() {
    let anchor = bare_loop();
    println!(
        "anchor: bare bevy_ecs loop (fresh World + Schedule, 55 entities, 3 systems, 120 ticks): {anchor:.2?}"
    );
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("scenarios/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    println!(
        "{:<24} {:>9} {:>6} {:>12} {:>12} {:>12} {:>10} {:>10}",
        "scenario",
        "minutes",
        "runs",
        "median run",
        "restarted",
        "per minute",
        "state_hash",
        "check"
    );
    let mut ticked = None;
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read scenario");
        let scenario = Arc::new(sitroom_scenario::load(&text).expect("shipped scenarios parse"));
        let duration = scenario.meta.duration;
        // Long historical scenarios get fewer runs.
        let runs = if duration > 10_000 { 3 } else { 21 };
        let samples: Vec<Duration> = (0..runs)
            .map(|seed| {
                let start = Instant::now();
                let mut session = Session::new(Arc::clone(&scenario), seed);
                session.advance(duration);
                std::hint::black_box(session.now());
                start.elapsed()
            })
            .collect();
        let run = median(samples);
        let mut reused = Session::new(Arc::clone(&scenario), 0);
        let samples: Vec<Duration> = (0..runs)
            .map(|seed| {
                let start = Instant::now();
                reused.restart(&scenario, seed);
                reused.advance(duration);
                std::hint::black_box(reused.now());
                start.elapsed()
            })
            .collect();
        let restarted = median(samples);
        if scenario.meta.id == "mission-compromise" {
            // Every minute a schedule run (no jump), on a restarted session.
            let samples: Vec<Duration> = (0..runs)
                .map(|seed| {
                    reused.restart(&scenario, seed);
                    let start = Instant::now();
                    while !reused.is_over() {
                        reused.tick();
                    }
                    start.elapsed() / reused.now().max(1)
                })
                .collect();
            ticked = Some(median(samples));
        }
        let session = Session::new(Arc::clone(&scenario), 1);
        let hashing = Instant::now();
        for _ in 0..100 {
            std::hint::black_box(session.state_hash());
        }
        let hash = hashing.elapsed() / 100;
        let checks: Vec<Duration> = (0..11)
            .map(|_| {
                let start = Instant::now();
                let checked = sitroom_scenario::check("bench.ron", &text);
                std::hint::black_box(checked.is_ok());
                start.elapsed()
            })
            .collect();
        println!(
            "{:<24} {:>9} {:>6} {:>12.2?} {:>12.2?} {:>12.2?} {:>10.2?} {:>10.2?}",
            scenario.meta.id,
            duration,
            runs,
            run,
            restarted,
            run / duration.max(1),
            hash,
            median(checks)
        );
    }
    if let Some(tick) = ticked {
        let per = anchor / 120;
        println!(
            "mission-compromise ticked minute by minute (restarted): {tick:.2?} per tick, {:.1}x the anchor's {per:.2?} per tick",
            tick.as_secs_f64() / per.as_secs_f64()
        );
    }
}
