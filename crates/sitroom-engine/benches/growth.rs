//! How cost grows with a scenario's size: generated scenarios of 1,000,
//! 10,000 and 100,000 injects (`generated.rs`), for each the time of
//! `sitroom_scenario::check`, of one playthrough (`Session::new` and
//! `advance` to the end, no inputs: every decision defaults and is scored)
//! and the playthrough's peak memory, measured in a child process (VmHWM)
//! so that one size does not inherit another's. The bare bevy_ecs loop of
//! `advance.rs` is measured in the same run as the anchor.
//!
//!     cargo bench -p sitroom-engine --bench growth
//!
//! `SITROOM_GROWTH_SIZES=1000,10000` picks the sizes; a playthrough longer
//! than `SITROOM_GROWTH_LIMIT` seconds (300) is stopped and shown as such.
//!
//! Figures are written down in docs/performance.md.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::sync::Arc;
use std::time::{Duration, Instant};

use sitroom_engine::Session;

#[path = "support/anchor.rs"]
mod anchor;
#[path = "support/generated.rs"]
mod generated;

use anchor::{bare_loop, median};

const CHILD: &str = "SITROOM_GROWTH_CHILD";

/// A field of /proc/self/status in kB (0 where there is none).
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// In the child: one playthrough of the generated scenario of `n` injects;
/// prints its time in µs, the peak memory before and after (kB), the
/// minutes and the log's length.
fn child(n: usize) {
    let text = generated::scenario(n);
    let scenario = Arc::new(sitroom_scenario::load(&text).expect("the generated scenario parses"));
    drop(text);
    let before = status_kb("VmHWM:");
    let start = Instant::now();
    let mut session = Session::new(Arc::clone(&scenario), 1);
    session.advance(scenario.meta.duration);
    let took = start.elapsed();
    let after = status_kb("VmHWM:");
    println!(
        "{} {before} {after} {} {} {}",
        took.as_micros(),
        session.now(),
        session.log().len(),
        session.score_count()
    );
}

/// One playthrough in a child process: (time, peak memory before and
/// after it in kB, the log's and the scores' counts), or `None` when it
/// takes longer than `limit` (the child is killed).
fn play(exe: &std::path::Path, n: usize, limit: Duration) -> Option<(Duration, u64, u64, String)> {
    let mut child = std::process::Command::new(exe)
        .env(CHILD, n.to_string())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run the child");
    let start = Instant::now();
    while child.try_wait().expect("wait for the child").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("the child's output");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let f: Vec<&str> = text.split_whitespace().collect();
    assert!(f.len() >= 6, "child: {text}");
    let us: u64 = f[0].parse().unwrap();
    Some((
        Duration::from_micros(us),
        f[1].parse().unwrap(),
        f[2].parse().unwrap(),
        format!("{:>8} {:>8}", f[4], f[5]),
    ))
}

fn main() {
    if let Some(n) = std::env::var(CHILD).ok().and_then(|n| n.parse().ok()) {
        child(n);
        return;
    }
    let anchor = bare_loop();
    println!(
        "anchor: bare bevy_ecs loop (fresh World + Schedule, 55 entities, 3 systems, 120 ticks): {anchor:.2?}"
    );
    println!(
        "{:>8} {:>10} {:>9} {:>12} {:>9} {:>11} {:>9} {:>8} {:>8}",
        "injects",
        "check",
        "×anchor",
        "playthrough",
        "×anchor",
        "peak (MB)",
        "+base",
        "log",
        "scores"
    );
    let sizes: Vec<usize> = std::env::var("SITROOM_GROWTH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 3_000, 10_000, 100_000]);
    for n in sizes {
        let text = generated::scenario(n);
        let runs = if n >= 10_000 { 1 } else { 3 };
        let mut errors = 0;
        let checks: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let checked = sitroom_scenario::check("generated.ron", &text);
                let took = start.elapsed();
                if let Err(report) = &checked {
                    errors = report.errors();
                }
                took
            })
            .collect();
        assert_eq!(
            errors, 0,
            "the generated scenario of {n} injects fails check"
        );
        let check = median(checks);
        let exe = std::env::current_exe().expect("the bench's own path");
        let limit = Duration::from_secs(
            std::env::var("SITROOM_GROWTH_LIMIT")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(300),
        );
        let mut plays: Vec<(Duration, u64, u64, String)> = Vec::new();
        for _ in 0..runs {
            match play(&exe, n, limit) {
                Some(p) => plays.push(p),
                None => break,
            }
        }
        if plays.is_empty() {
            println!(
                "{n:>8} {check:>10.2?} {:>8.0}× {:>12} (the playthrough was stopped after {limit:?})",
                check.as_secs_f64() / anchor.as_secs_f64(),
                format!("> {limit:?}")
            );
            continue;
        }
        let play = median(plays.iter().map(|p| p.0).collect());
        let (_, base, peak, counts) = plays
            .iter()
            .find(|p| p.0 == play)
            .cloned()
            .expect("the median run");
        println!(
            "{n:>8} {check:>10.2?} {:>8.0}× {play:>12.2?} {:>8.0}× {:>11.1} {:>9.1} {counts}",
            check.as_secs_f64() / anchor.as_secs_f64(),
            play.as_secs_f64() / anchor.as_secs_f64(),
            peak as f64 / 1024.0,
            (peak.saturating_sub(base)) as f64 / 1024.0,
        );
    }
}
