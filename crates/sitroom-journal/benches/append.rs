//! What an input costs when it is journaled with an fsync: `Recorder::submit`
//! (the engine applies it, then its line and the state hash after it are
//! written and `sync_data`ed before it returns), against two anchors
//! measured in the same run, interleaved with it round by round —
//! appending a 200-byte line with `write_all` + `sync_data` to a file in the
//! same directory, and the engine's `Session::submit` of the same input
//! without a journal. The inputs hold
//! and unhold a pending inject of the flagship in turn, so the state does
//! not grow. A plain timing loop, no criterion.
//!
//!     cargo bench -p sitroom-journal --bench append
//!
//! `SITROOM_APPEND_DIR` picks the directory (default: a temporary one);
//! figures are written down in docs/performance.md.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sitroom_engine::{Input, Session};
use sitroom_journal::Recorder;

const N: usize = 2_000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Prints p50, p99 and the maximum, with the ratios to the anchor's p50 and p99.
fn report(
    name: &str,
    mut samples: Vec<Duration>,
    anchor: Option<(Duration, Duration)>,
) -> (Duration, Duration) {
    samples.sort();
    let (p50, p99, max) = (
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        *samples.last().unwrap(),
    );
    let ratio = anchor.map_or(String::new(), |(a50, a99)| {
        format!(
            "  ({:.1}× / {:.1}× the anchor's)",
            p50.as_secs_f64() / a50.as_secs_f64(),
            p99.as_secs_f64() / a99.as_secs_f64()
        )
    });
    println!("{name:<44} p50 {p50:>9.2?}  p99 {p99:>9.2?}  max {max:>9.2?}{ratio}");
    (p50, p99)
}

fn input(i: usize) -> Input {
    let inject = "next-steps".to_string();
    if i.is_multiple_of(2) {
        Input::Hold { inject }
    } else {
        Input::Unhold { inject }
    }
}

fn main() {
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/mission-compromise.ron"
    );
    let source = std::fs::read_to_string(root).unwrap();
    let scenario = Arc::new(sitroom_scenario::load(&source).unwrap());
    let temp = tempfile::tempdir().unwrap();
    let dir = std::env::var("SITROOM_APPEND_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| temp.path().to_path_buf());
    println!("{N} appends each, in {}", dir.display());

    // The three are interleaved, one of each per round, so that they see
    // the same disk (the machine is shared, its fsyncs vary a hundredfold).
    let anchor_path = dir.join("sitroom-append-anchor.jsonl");
    let _ = std::fs::remove_file(&anchor_path);
    let mut file = std::fs::OpenOptions::new()
        .create_new(true)
        .append(true)
        .open(&anchor_path)
        .unwrap();
    let mut line = "x".repeat(199);
    line.push('\n');
    let mut session = Session::new(Arc::clone(&scenario), 1);
    let path = dir.join("sitroom-append-bench.jsonl");
    let _ = std::fs::remove_file(&path);
    let fresh = Session::new(Arc::clone(&scenario), 1);
    let mut recorder = Recorder::create(&path, "mission-compromise.ron", &source, fresh).unwrap();
    let (mut bare, mut engine, mut journaled) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..N {
        // Anchor: a bare append of a 200-byte line, made durable.
        let start = Instant::now();
        file.write_all(line.as_bytes()).unwrap();
        file.sync_data().unwrap();
        bare.push(start.elapsed());
        // The engine alone.
        let start = Instant::now();
        session.submit(input(i)).unwrap();
        engine.push(start.elapsed());
        // The journal.
        let start = Instant::now();
        recorder.submit(input(i)).unwrap();
        journaled.push(start.elapsed());
    }
    let anchor = report("anchor: write_all + sync_data, 200 bytes", bare, None);
    report("Session::submit (no journal)", engine, Some(anchor));
    report(
        "Recorder::submit (apply, 2 lines, fsync)",
        journaled,
        Some(anchor),
    );
    drop(file);
    let _ = std::fs::remove_file(&anchor_path);
    drop(recorder);
    let _ = std::fs::remove_file(&path);
}
