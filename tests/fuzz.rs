//! Property-based fuzzing on stable Rust (proptest): mutations of the
//! shipped scenarios through check, graph, a seeded journaled playthrough
//! and verification; mutations of journals through verify and resume.
//! Key sequences over the terminal UI are in `crates/sitroom-tui/tests/fuzz.rs`.
//!
//! A bounded number of cases runs with the suite; a longer run is
//! `SITROOM_FUZZ_CASES=2000 cargo test --release --test tests fuzz -- --nocapture`
//! (see docs/performance.md). Each property prints how many inputs it tried.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sitroom_engine::Session;
use sitroom_host::{Host, RandomChoice};
use sitroom_journal::Recorder;

use crate::util::{read, repo, tempdir};

/// Cases per property: `SITROOM_FUZZ_CASES`, else a few for the suite.
fn cases(default: u32) -> u32 {
    std::env::var("SITROOM_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// The shipped scenarios short enough to play through in a test.
const SCENARIOS: [&str; 5] = [
    "scenarios/mission-compromise.ron",
    "scenarios/mission-ransomware.ron",
    "scenarios/channel-interception.ron",
    "scenarios/norms-summit.ron",
    "scenarios/grid-election.ron",
];
/// Longer exercises are checked but not played.
const PLAY_LIMIT: u32 = 5_000;
/// A case slower than this is reported as a hang.
const HANG: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
enum Mutation {
    Delete(prop::sample::Index, u8),
    Duplicate(prop::sample::Index, u8),
    Insert(prop::sample::Index, &'static str),
    Number(prop::sample::Index, &'static str),
    SwapLines(prop::sample::Index, prop::sample::Index),
}

const INSERTS: [&str; 14] = [
    "\u{1b}[2J",
    "\"",
    ")",
    "(",
    ",",
    "At(0)",
    "Manual",
    "\n",
    "é",
    "../",
    "[]",
    "{}",
    "\u{0}",
    "Escalate(9)",
];
const NUMBERS: [&str; 10] = [
    "0",
    "1",
    "-1",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "-9223372036854775808",
    "1e308",
    "0.5",
    "NaN",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<prop::sample::Index>(), 1..40u8).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<prop::sample::Index>(), 1..80u8).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        (
            any::<prop::sample::Index>(),
            prop::sample::select(&INSERTS[..])
        )
            .prop_map(|(i, t)| Mutation::Insert(i, t)),
        (
            any::<prop::sample::Index>(),
            prop::sample::select(&NUMBERS[..])
        )
            .prop_map(|(i, t)| Mutation::Number(i, t)),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

/// Applies a mutation to text (bytes, then back to text: a bad byte becomes U+FFFD).
fn mutate(text: &str, m: &Mutation) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let len = bytes.len().max(1);
    match m {
        Mutation::Delete(i, n) => {
            let at = i.index(len).min(bytes.len());
            let end = (at + *n as usize).min(bytes.len());
            bytes.drain(at..end);
        }
        Mutation::Duplicate(i, n) => {
            let at = i.index(len).min(bytes.len());
            let end = (at + *n as usize).min(bytes.len());
            let copy = bytes[at..end].to_vec();
            bytes.splice(at..at, copy);
        }
        Mutation::Insert(i, t) => {
            let at = i.index(len).min(bytes.len());
            bytes.splice(at..at, t.bytes());
        }
        Mutation::Number(i, t) => {
            // Replace the n-th run of digits.
            let runs: Vec<(usize, usize)> = {
                let mut runs = Vec::new();
                let mut start = None;
                for (k, b) in bytes.iter().enumerate() {
                    match (b.is_ascii_digit(), start) {
                        (true, None) => start = Some(k),
                        (false, Some(s)) => {
                            runs.push((s, k));
                            start = None;
                        }
                        _ => {}
                    }
                }
                runs
            };
            if !runs.is_empty() {
                let (s, e) = runs[i.index(runs.len())];
                bytes.splice(s..e, t.bytes());
            }
        }
        Mutation::SwapLines(a, b) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let mut lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(a, b);
            }
            bytes = (lines.join("\n") + "\n").into_bytes();
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn known_norms() -> Vec<&'static str> {
    sitroom_norms::catalogue()
        .norms
        .iter()
        .map(|n| n.id.as_str())
        .collect()
}

/// Check, graph, and when it passes a seeded journaled playthrough whose
/// journal must be intact and replay.
fn exercise(source: &str, seed: u64, dir: &std::path::Path, played: &AtomicUsize) {
    let known = known_norms();
    let Ok(checked) = sitroom_scenario::check_with_norms("fuzz.ron", source, &known) else {
        return;
    };
    let scenario = Arc::new(checked.scenario);
    let _ = sitroom_scenario::graph::to_dot(&scenario);
    let _ = sitroom_scenario::graph::to_mermaid(&scenario);
    if scenario.meta.duration > PLAY_LIMIT {
        return;
    }
    played.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!("{seed}-{}.jsonl", played.load(Ordering::Relaxed)));
    let session = Session::new(Arc::clone(&scenario), seed);
    let recorder = Recorder::create(&path, "fuzz.ron", source, session).expect("create");
    let mut host = Host::new(recorder);
    let limit = u64::from(scenario.meta.duration) * 2 + 100;
    let mut minutes = 0u64;
    host.play_with(&mut RandomChoice::new(seed), &mut |_| {
        minutes += 1;
        assert!(
            minutes <= limit,
            "the session did not end by minute {limit}"
        );
    })
    .expect("a random policy plays to the end");
    let end = host.session().state_hash();
    drop(host);
    let (journal, integrity) = sitroom_journal::read_checked(&path).expect("reads");
    let replayed =
        sitroom_journal::verify(&journal, &integrity, Arc::clone(&scenario)).expect("verifies");
    assert_eq!(replayed.session.state_hash(), end);
}

#[test]
fn mutated_scenarios_check_play_and_replay() {
    let sources: Vec<String> = SCENARIOS.iter().map(|s| read(&repo(s))).collect();
    let dir = tempdir();
    let tried = AtomicUsize::new(0);
    let played = AtomicUsize::new(0);
    let slowest = std::sync::Mutex::new(Duration::ZERO);
    let strategy = (
        0..SCENARIOS.len(),
        prop::collection::vec(mutation(), 1..4),
        any::<u64>(),
    );
    let result = runner(cases(12)).run(&strategy, |(which, mutations, seed)| {
        let start = Instant::now();
        let mut source = sources[which].clone();
        for m in &mutations {
            source = mutate(&source, m);
        }
        tried.fetch_add(1, Ordering::Relaxed);
        exercise(&source, seed, dir.path(), &played);
        let took = start.elapsed();
        prop_assert!(took < HANG, "a hang: {took:?}");
        if let Ok(mut s) = slowest.lock() {
            *s = (*s).max(took);
        }
        Ok(())
    });
    eprintln!(
        "fuzz scenarios: {} mutated scenarios tried, {} played through and verified, slowest {:?}",
        tried.load(Ordering::Relaxed),
        played.load(Ordering::Relaxed),
        slowest.lock().map(|s| *s).unwrap_or_default()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[derive(Debug, Clone)]
enum JournalEdit {
    FlipByte(prop::sample::Index, u8),
    DeleteLine(prop::sample::Index),
    DuplicateLine(prop::sample::Index),
    SwapLines(prop::sample::Index, prop::sample::Index),
    Truncate(prop::sample::Index),
    Text(Mutation),
}

fn journal_edit() -> impl Strategy<Value = JournalEdit> {
    prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| JournalEdit::FlipByte(i, b)),
        any::<prop::sample::Index>().prop_map(JournalEdit::DeleteLine),
        any::<prop::sample::Index>().prop_map(JournalEdit::DuplicateLine),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(a, b)| JournalEdit::SwapLines(a, b)),
        any::<prop::sample::Index>().prop_map(JournalEdit::Truncate),
        mutation().prop_map(JournalEdit::Text),
    ]
}

fn edit_journal(bytes: &mut Vec<u8>, edit: &JournalEdit) {
    let line_starts = |bytes: &[u8]| -> Vec<usize> {
        std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .filter(|&i| i < bytes.len())
            .collect()
    };
    let line = |bytes: &[u8], i: &prop::sample::Index| -> (usize, usize) {
        let starts = line_starts(bytes);
        let k = i.index(starts.len().max(1));
        let start = starts.get(k).copied().unwrap_or(0);
        let end = starts.get(k + 1).copied().unwrap_or(bytes.len());
        (start, end)
    };
    match edit {
        JournalEdit::FlipByte(i, b) => {
            if !bytes.is_empty() {
                let k = i.index(bytes.len());
                bytes[k] = *b;
            }
        }
        JournalEdit::DeleteLine(i) => {
            let (s, e) = line(bytes, i);
            bytes.drain(s..e);
        }
        JournalEdit::DuplicateLine(i) => {
            let (s, e) = line(bytes, i);
            let copy = bytes[s..e].to_vec();
            bytes.splice(s..s, copy);
        }
        JournalEdit::SwapLines(a, b) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let mut lines: Vec<&str> = text.lines().collect();
            if !lines.is_empty() {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(a, b);
            }
            *bytes = (lines.join("\n") + "\n").into_bytes();
        }
        JournalEdit::Truncate(i) => {
            let k = i.index(bytes.len().max(1));
            bytes.truncate(k);
        }
        JournalEdit::Text(m) => {
            *bytes = mutate(&String::from_utf8_lossy(bytes), m).into_bytes();
        }
    }
}

#[test]
fn mutated_journals_verify_or_fail_cleanly_and_resume() {
    let fixtures = [
        "crates/sitroom-journal/tests/fixtures/flagship-v3.jsonl",
        "crates/sitroom-journal/tests/fixtures/mission-compromise-v2.jsonl",
    ];
    let originals: Vec<Vec<u8>> = fixtures
        .iter()
        .map(|f| std::fs::read(repo(f)).expect("fixture"))
        .collect();
    let dir = tempdir();
    let path = dir.path().join("j.jsonl");
    let (tried, intact, replays) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    let strategy = (
        0..fixtures.len(),
        prop::collection::vec(journal_edit(), 1..3),
    );
    let result = runner(cases(24)).run(&strategy, |(which, edits)| {
        let start = Instant::now();
        let mut bytes = originals[which].clone();
        for edit in &edits {
            edit_journal(&mut bytes, edit);
        }
        tried.fetch_add(1, Ordering::Relaxed);
        let Ok((journal, integrity)) = sitroom_journal::parse_checked(&bytes) else {
            return Ok(());
        };
        intact.fetch_add(1, Ordering::Relaxed);
        let Ok(scenario) = sitroom_scenario::load(&journal.header.scenario_source) else {
            return Ok(());
        };
        let scenario = Arc::new(scenario);
        let verified = sitroom_journal::verify(&journal, &integrity, Arc::clone(&scenario));
        std::fs::write(&path, &bytes).expect("write");
        let resumed = sitroom_journal::resume(&path, Arc::clone(&scenario));
        if verified.is_ok() {
            replays.fetch_add(1, Ordering::Relaxed);
            prop_assert!(resumed.is_ok(), "verifies but does not resume: {resumed:?}");
            drop(resumed);
            // What the resume wrote keeps the journal intact and replaying.
            let (journal, integrity) = sitroom_journal::read_checked(&path).expect("re-read");
            prop_assert!(sitroom_journal::verify(&journal, &integrity, scenario).is_ok());
        } else {
            prop_assert!(resumed.is_err(), "does not verify but resumes");
            prop_assert_eq!(
                std::fs::read(&path).expect("read"),
                bytes,
                "a refused resume wrote"
            );
        }
        prop_assert!(start.elapsed() < HANG, "a hang");
        Ok(())
    });
    eprintln!(
        "fuzz journals: {} mutated journals tried, {} read, {} verified and resumed",
        tried.load(Ordering::Relaxed),
        intact.load(Ordering::Relaxed),
        replays.load(Ordering::Relaxed)
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}
