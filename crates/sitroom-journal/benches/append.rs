//! What an input costs when it is journaled with an fsync: `Recorder::submit`
//! (the engine applies it, then its line and the state hash after it are
//! written and `sync_data`ed before it returns), against two anchors
//! measured in the same run — appending a 200-byte line with `write_all` +
//! `sync_data` to a file in the same directory, and the engine's
//! `Session::submit` of the same input without a journal. The inputs hold
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

fn report(name: &str, mut samples: Vec<Duration>, anchor: Option<Duration>) -> Duration {
    samples.sort();
    let (p50, p99, max) = (
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        *samples.last().unwrap(),
    );
    let ratio = anchor.map_or(String::new(), |a| {
        format!(
            "  p50 {:.1}× / p99 {:.1}× the fsync anchor",
            p50.as_secs_f64() / a.as_secs_f64(),
            p99.as_secs_f64() / a.as_secs_f64()
        )
    });
    println!("{name:<44} p50 {p50:>9.2?}  p99 {p99:>9.2?}  max {max:>9.2?}{ratio}");
    p99
}

fn input(i: usize) -> Input {
    let inject = "next-steps".to_string();
    if i % 2 == 0 {
        Input::Hold { inject }
    } else {
        Input::Unhold { inject }
    }
}

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/mission-compromise.ron");
    let source = std::fs::read_to_string(root).unwrap();
    let scenario = Arc::new(sitroom_scenario::load(&source).unwrap());
    let temp = tempfile::tempdir().unwrap();
    let dir = std::env::var("SITROOM_APPEND_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| temp.path().to_path_buf());
    println!("{N} appends each, in {}", dir.display());

    // Anchor: a bare append of a 200-byte line, made durable.
    let anchor_path = dir.join("sitroom-append-anchor.jsonl");
    let _ = std::fs::remove_file(&anchor_path);
    let mut file = std::fs::OpenOptions::new()
        .create_new(true)
        .append(true)
        .open(&anchor_path)
        .unwrap();
    let mut line = "x".repeat(199);
    line.push('\n');
    let bare: Vec<Duration> = (0..N)
        .map(|_| {
            let start = Instant::now();
            file.write_all(line.as_bytes()).unwrap();
            file.sync_data().unwrap();
            start.elapsed()
        })
        .collect();
    let anchor_p50 = {
        let mut s = bare.clone();
        s.sort();
        percentile(&s, 0.5)
    };
    report("anchor: write_all + sync_data, 200 bytes", bare, None);
    drop(file);
    let _ = std::fs::remove_file(&anchor_path);

    // The engine alone.
    let mut session = Session::new(Arc::clone(&scenario), 1);
    let engine: Vec<Duration> = (0..N)
        .map(|i| {
            let start = Instant::now();
            session.submit(input(i)).unwrap();
            start.elapsed()
        })
        .collect();
    report("Session::submit (no journal)", engine, Some(anchor_p50));

    // The journal.
    let path = dir.join("sitroom-append-bench.jsonl");
    let _ = std::fs::remove_file(&path);
    let session = Session::new(Arc::clone(&scenario), 1);
    let mut recorder = Recorder::create(&path, "mission-compromise.ron", &source, session).unwrap();
    let journaled: Vec<Duration> = (0..N)
        .map(|i| {
            let start = Instant::now();
            recorder.submit(input(i)).unwrap();
            start.elapsed()
        })
        .collect();
    report("Recorder::submit (apply, 2 lines, fsync)", journaled, Some(anchor_p50));
    drop(recorder);
    let _ = std::fs::remove_file(&path);
}
