//! Property-based fuzzing on stable Rust (proptest): mutations of the
//! shipped scenarios and generated, structurally valid scenarios through
//! check, graph, a seeded journaled playthrough and verification; mutations
//! of journals through verify and resume.
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
        "crates/sitroom-journal/tests/fixtures/flagship-v4.jsonl",
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
        // Verified as it is read, line by line, the verdict is the same.
        let streamed = sitroom_journal::Stream::open(&path, 1 << 30)
            .and_then(|s| s.verify(Some(Arc::clone(&scenario))));
        prop_assert_eq!(
            streamed.map(|s| s.replayed.is_ok()).ok(),
            Some(verified.is_ok()),
            "verified as read, the verdict differs"
        );
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

/// A structurally valid scenario, generated: 1–40 injects with every
/// trigger kind (timed, delayed after an earlier inject, conditional on a
/// variable, a release, elapsed time or a chance, manual), audiences and
/// channels, evidence, effects on variables, the ladder, postures and
/// releases, decisions with defaults or none, options of every response
/// kind, follow-ups, reactions and endings — every id it names exists.
fn generated_scenario(shape: &[u32], seed: u64) -> String {
    let responses = sitroom_norms::ALL_RESPONSES;
    let mut rng = seed;
    let mut next = |n: u32| -> u32 {
        // SplitMix64: the generator's own stream, from proptest's seed.
        rng = rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % u64::from(n.max(1))) as u32
    };
    let n = shape.len().max(1);
    let duration = 30 + next(300);
    let channels = [
        "Briefing",
        "DiplomaticCable",
        "TechnicalAlert",
        "News",
        "SocialMedia",
        "PartnerRequest",
    ];
    let mut injects = String::new();
    for (i, &s) in shape.iter().enumerate() {
        let trigger = match (s % 7, i) {
            (0, _) | (_, 0) => format!("At({})", next(duration)),
            (1, _) => format!("After(\"g{}\", {})", next(i as u32), next(60)),
            (2, _) => format!("When(Var(\"pressure\", Ge, {}))", next(11)),
            (3, _) => format!("When(Released(\"g{}\"))", next(n as u32)),
            (4, _) => format!(
                "When(All([Elapsed({}), Not(Var(\"escalation\", Ge, 2))]))",
                next(duration)
            ),
            (5, _) => format!(
                "When(Any([Chance(0.{}), Var(\"disruption\", Le, 0)]))",
                1 + next(9)
            ),
            _ => "Manual".to_string(),
        };
        let audience = match next(4) {
            0 => "[]",
            1 => "[\"mfa\"]",
            2 => "[\"cert\"]",
            _ => "[\"mfa\", \"cert\"]",
        };
        let effect = |next: &mut dyn FnMut(u32) -> u32| match next(6) {
            0 => format!("Add(\"pressure\", {})", next(5) as i32 - 2),
            1 => format!("Escalate({})", next(3) as i32 - 1),
            2 => format!("Release(\"g{}\")", next(n as u32)),
            3 => "SetPosture(\"north\", Hostile)".to_string(),
            4 => format!("Set(\"disruption\", {})", next(6)),
            _ => format!("Cancel(\"g{}\")", next(n as u32)),
        };
        let effects: Vec<String> = (0..next(3)).map(|_| effect(&mut next)).collect();
        let evidence = if next(3) == 0 {
            format!(
                "evidence: [(case: \"breach\", description: \"e{i}\", strength: {{\"north\": {}}})],",
                ["StronglyFor", "For", "WeaklyFor", "Neutral", "Against"][next(5) as usize]
            )
        } else {
            String::new()
        };
        let decision = if next(2) == 0 {
            let options: Vec<String> = (0..1 + next(4))
                .map(|o| {
                    let r = responses[next(responses.len() as u32) as usize];
                    let follow = if next(3) == 0 {
                        format!("follow_ups: [\"g{}\"], ", next(n as u32))
                    } else {
                        String::new()
                    };
                    let fx: Vec<String> = (0..next(3)).map(|_| effect(&mut next)).collect();
                    format!(
                        "(id: \"o{o}\", label: \"Option {o}\", response: {r:?}, target: \"north\", case: \"breach\", severity: {}, {follow}effects: [{}])",
                        next(9),
                        fx.join(", ")
                    )
                })
                .collect();
            let default = if next(2) == 0 {
                "default: \"o0\", "
            } else {
                ""
            };
            format!(
                "decision: (prompt: \"Decide {i}\", deadline: {}, {default}options: [{}]),",
                1 + next(40),
                options.join(", ")
            )
        } else {
            String::new()
        };
        injects.push_str(&format!(
            "(id: \"g{i}\", title: \"Inject {i}\", channel: {}, audience: {audience}, release: {trigger}, text: \"Text {i}.\", effects: [{}], {evidence} {decision}),\n",
            channels[next(channels.len() as u32) as usize],
            effects.join(", ")
        ));
    }
    let reactions: Vec<String> = (0..next(4))
        .map(|r| {
            format!(
                "(id: \"r{r}\", actor: \"north\", description: \"Reaction {r}\", when: Var(\"escalation\", Ge, {}), chance: 0.{}, effects: [Release(\"g{}\")])",
                next(3),
                1 + next(9),
                next(n as u32)
            )
        })
        .collect();
    format!(
        r#"(
    meta: (id: "generated", title: "Generated", summary: "s", briefing: "b", duration: {duration}),
    actors: [(id: "home", name: "Homeland", kind: State), (id: "north", name: "Northland", kind: State), (id: "south", name: "Southland", kind: State)],
    teams: [
        (id: "mfa", name: "Foreign Ministry", actor: "home", role: ForeignMinistry, sees: (channels: [Briefing, DiplomaticCable, TechnicalAlert, News, SocialMedia, PartnerRequest], variables: ["pressure"])),
        (id: "cert", name: "National CERT", actor: "home", role: NationalCert, sees: (channels: [Briefing, DiplomaticCable, TechnicalAlert, News, SocialMedia, PartnerRequest], variables: ["disruption"], cases: ["breach"])),
    ],
    variables: [(id: "pressure", name: "Pressure", min: 0, max: 10, initial: 2), (id: "disruption", name: "Disruption", min: 0, max: 5, initial: 1)],
    escalation: (initial: 0, rungs: [(level: 0, name: "Routine"), (level: 1, name: "Tension"), (level: 2, name: "Confrontation")]),
    cases: [(id: "breach", incident: "A breach", suspects: ["north", "south"], truth: (culprit: "south", explanation: "Southland."))],
    injects: [
{injects}    ],
    reactions: [{}],
    endings: [(id: "top", title: "Top", description: "d", when: Var("escalation", Ge, 2))],
)"#,
        reactions.join(", ")
    )
}

#[test]
fn generated_scenarios_check_play_and_replay() {
    let dir = tempdir();
    let tried = AtomicUsize::new(0);
    let valid = AtomicUsize::new(0);
    let played = AtomicUsize::new(0);
    let strategy = (prop::collection::vec(any::<u32>(), 1..40), any::<u64>());
    let result = runner(cases(16)).run(&strategy, |(shape, seed)| {
        let start = Instant::now();
        let source = generated_scenario(&shape, seed);
        tried.fetch_add(1, Ordering::Relaxed);
        let known = known_norms();
        match sitroom_scenario::check_with_norms("generated.ron", &source, &known) {
            Ok(_) => {
                valid.fetch_add(1, Ordering::Relaxed);
            }
            Err(report) if std::env::var_os("SITROOM_FUZZ_SHOW").is_some() => {
                eprintln!("{}", report.render(false));
            }
            Err(_) => {}
        }
        exercise(&source, seed, dir.path(), &played);
        prop_assert!(start.elapsed() < HANG, "a hang: {:?}", start.elapsed());
        Ok(())
    });
    eprintln!(
        "fuzz generated: {} scenarios generated, {} passed check, {} played through and verified",
        tried.load(Ordering::Relaxed),
        valid.load(Ordering::Relaxed),
        played.load(Ordering::Relaxed)
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    // The generator makes scenarios the validator accepts, not noise.
    assert!(
        valid.load(Ordering::Relaxed) * 2 >= tried.load(Ordering::Relaxed),
        "most generated scenarios must be valid"
    );
}
