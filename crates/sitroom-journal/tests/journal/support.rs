use std::path::{Path, PathBuf};
use std::sync::Arc;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use sha2::Digest;
use sitroom_engine::{Input, Session};
use sitroom_journal::{RecordError, Recorder};
use sitroom_scenario::Scenario;

pub struct Fixture {
    pub source: String,
    pub scenario: Arc<Scenario>,
}

pub fn fixture(path: &str) -> Fixture {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let scenario = sitroom_scenario::load(&source).unwrap_or_else(|e| panic!("{path}: {e}"));
    Fixture {
        source,
        scenario: Arc::new(scenario),
    }
}

pub fn basic() -> Fixture {
    fixture("../sitroom-engine/tests/fixtures/basic.ron")
}

/// The scenario a journal file recorded (its embedded source): fixtures
/// written before the shipped file last changed replay with it.
pub fn recorded_scenario(path: &std::path::Path) -> Arc<sitroom_scenario::Scenario> {
    let (journal, _) = sitroom_journal::read_checked(path).unwrap();
    Arc::new(sitroom_scenario::load(&journal.header.scenario_source).unwrap())
}

pub fn flagship() -> Fixture {
    fixture("../../scenarios/mission-compromise.ron")
}

pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

pub fn record(f: &Fixture, path: &Path, seed: u64) -> Recorder {
    record_version(f, path, seed, sitroom_journal::VERSION)
}

/// A recorder writing format `version` (3: a state hash every minute).
pub fn record_version(f: &Fixture, path: &Path, seed: u64, version: u32) -> Recorder {
    Recorder::create_version(
        path,
        "basic.ron",
        &f.source,
        Session::new(f.scenario.clone(), seed),
        version,
    )
    .unwrap_or_else(|e| panic!("create: {e}"))
}

/// A short fixed session on the basic fixture: inputs at 3 and 15, then to 40.
pub fn scripted(f: &Fixture, dir: &Path, seed: u64) -> (PathBuf, Recorder) {
    scripted_version(f, dir, seed, sitroom_journal::VERSION)
}

/// [`scripted`], written in format `version`.
pub fn scripted_version(f: &Fixture, dir: &Path, seed: u64, version: u32) -> (PathBuf, Recorder) {
    let path = dir.join("j.jsonl");
    let mut r = record_version(f, &path, seed, version);
    r.advance(3).unwrap();
    r.submit(Input::Hold {
        inject: "alert".into(),
    })
    .unwrap();
    r.advance(12).unwrap();
    r.submit(Input::Unhold {
        inject: "alert".into(),
    })
    .unwrap();
    r.advance(1).unwrap();
    r.submit(Input::Decide {
        team: "red".into(),
        decision: "red-call".into(),
        option: "deny".into(),
        rationale: Some("standard line".into()),
    })
    .unwrap();
    r.advance(24).unwrap();
    (path, r)
}

/// Drives a recorder with random inputs (some of them refused) until the
/// session ends or `steps` run out.
pub fn random_script(r: &mut Recorder, seed: u64, steps: usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let sc = r.session().scenario().clone();
    for _ in 0..steps {
        if r.session().is_over() {
            break;
        }
        let roll = rng.random_range(0..20u32);
        let result = match roll {
            0..=6 => r.advance(rng.random_range(1..=12)),
            7..=8 => r.advance_to_next_event().map(|_| ()),
            9..=14 => {
                let open = r.session().open_decisions();
                if open.is_empty() {
                    r.advance(1)
                } else {
                    let d = &open[rng.random_range(0..open.len())];
                    let team = d.teams[rng.random_range(0..d.teams.len())].clone();
                    let option = if rng.random_bool(0.1) {
                        "no-such-option".to_string()
                    } else {
                        d.options[rng.random_range(0..d.options.len())].id.clone()
                    };
                    let rationale = rng
                        .random_bool(0.5)
                        .then(|| format!("because {}", rng.random::<u16>()));
                    r.submit(Input::Decide {
                        team,
                        decision: d.decision.clone(),
                        option,
                        rationale,
                    })
                }
            }
            15..=17 => {
                let inject = sc.injects[rng.random_range(0..sc.injects.len())].id.clone();
                let input = match rng.random_range(0..4u32) {
                    0 => Input::Release { inject },
                    1 => Input::Hold { inject },
                    2 => Input::Unhold { inject },
                    _ => Input::Extend {
                        decision: inject,
                        minutes: rng.random_range(0..20),
                    },
                };
                r.submit(input)
            }
            18 => r.submit(Input::Note {
                decision: sc.injects[0].id.clone(),
                team: sc.teams[0].id.clone(),
                rating: None,
                text: "observed".into(),
            }),
            _ if rng.random_bool(0.2) => r.submit(Input::End {
                reason: "random end".into(),
            }),
            _ => r.advance(1),
        };
        match result {
            Ok(()) | Err(RecordError::Refused(_)) => {}
            Err(e) => panic!("recording failed: {e}"),
        }
    }
}

/// The lines of a journal file, without their newlines.
pub fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

pub fn write_lines(path: &Path, lines: &[String]) {
    std::fs::write(
        path,
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .unwrap();
}

/// What a forger without the signing key can do after editing lines:
/// recompute every `prev` so that the chain holds again.
pub fn rechain(lines: &mut [String]) {
    for i in 1..lines.len() {
        let digest: [u8; 32] = sha2::Sha256::digest(lines[i - 1].as_bytes()).into();
        let prev: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let line = &lines[i];
        let base = match line.rfind(",\"prev\":\"") {
            Some(cut) => &line[..cut],
            None => &line[..line.len() - 1],
        };
        lines[i] = format!("{base},\"prev\":\"{prev}\"}}");
    }
}

/// A journal written by the engine before format 3 (`sitroom run` on the
/// flagship with the hawkish script, seed 1), in format 1 or 2.
pub fn old_journal(version: u32) -> PathBuf {
    PathBuf::from(format!(
        "{}/tests/fixtures/mission-compromise-v{version}.jsonl",
        env!("CARGO_MANIFEST_DIR")
    ))
}
