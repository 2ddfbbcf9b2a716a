//! Random key sequences over every screen at small terminal sizes
//! (proptest): no key, in any order, at any size, panics or hangs the UI.
//! `SITROOM_FUZZ_CASES=N` runs more cases (see docs/performance.md).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sitroom_tui::{Action, ClockMode};

use crate::common::Harness;

/// Every key the key table knows, and some it does not.
const KEYS: [char; 40] = [
    '\n', '\t', '\x1b', ' ', 'q', 'y', 'n', 'a', 'A', 'd', 't', 'j', 'k', 'm', 'v', 'r', 'h', 'l',
    'g', 'T', 'N', 'p', 'u', 's', 'e', '?', '[', ']', '+', '-', '0', '1', '2', '3', '4', '9', '↓',
    '↑', '\x08', 'Z',
];

#[derive(Debug, Clone)]
enum Step {
    Keys(Vec<char>),
    /// Wall-clock milliseconds (real-time play).
    Tick(u32),
    Render(u16, u16),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => prop::collection::vec(prop::sample::select(&KEYS[..]), 1..12).prop_map(Step::Keys),
        1 => (1..200_000u32).prop_map(Step::Tick),
        2 => (1..60u16, 1..14u16).prop_map(|(w, h)| Step::Render(w, h)),
    ]
}

fn cases(default: u32) -> u32 {
    std::env::var("SITROOM_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_keys_at_small_sizes_never_panic() {
    let tried = AtomicUsize::new(0);
    let keys = AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config {
        cases: cases(24),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (any::<bool>(), prop::collection::vec(step(), 1..30));
    let result = runner.run(&strategy, |(realtime, steps)| {
        let start = Instant::now();
        let mode = if realtime {
            ClockMode::Realtime
        } else {
            ClockMode::Turns
        };
        let mut h = Harness::with_mode(mode);
        tried.fetch_add(1, Ordering::Relaxed);
        for step in &steps {
            let exit = match step {
                Step::Keys(k) => {
                    keys.fetch_add(k.len(), Ordering::Relaxed);
                    h.keys(&k.iter().collect::<String>())
                }
                Step::Tick(ms) => h.act(Action::Tick(u64::from(*ms))),
                Step::Render(w, hgt) => {
                    let _ = h.render(*w, *hgt);
                    None
                }
            };
            if exit.is_some() {
                break;
            }
            let _ = h.render(7, 3);
        }
        prop_assert!(start.elapsed() < Duration::from_secs(60), "a hang");
        Ok(())
    });
    eprintln!(
        "fuzz keys: {} sessions, {} keys",
        tried.load(Ordering::Relaxed),
        keys.load(Ordering::Relaxed)
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}
