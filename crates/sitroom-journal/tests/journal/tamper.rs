//! Every kind of edit to a signed format 3 journal is caught, at its line:
//! the cases are data (`tests/fixtures/tamper.ron`).

use std::path::PathBuf;

use serde::Deserialize;
use sitroom_journal::{
    JournalError, PublicKey, ReplayError, SecretKey, Stream, read_checked, seal_message,
    source_hash, verify,
};

use crate::support::{rechain, temp, write_lines};

#[derive(Debug, Deserialize)]
enum Edit {
    Replace {
        line: usize,
        from: String,
        to: String,
    },
    Delete(usize),
    DeleteAll(String),
    Duplicate {
        line: usize,
        at: usize,
    },
    Insert {
        at: usize,
        text: String,
    },
    Swap(usize, usize),
    Truncate(usize),
    Rechain,
    /// Seal the last line with a key that is not the facilitator's.
    Reseal,
    /// Recompute the header's `scenario_hash` after editing the source.
    FixSourceHash,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
enum Expect {
    Corrupt(usize),
    Tampered(usize),
    Mismatch(usize),
    Diverged(usize),
    Unsigned,
    Intact,
}

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    edits: Vec<Edit>,
    expect: Expect,
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
}

fn apply(lines: &mut Vec<String>, edit: &Edit) {
    match edit {
        Edit::Replace { line, from, to } => {
            let l = &mut lines[line - 1];
            assert!(l.contains(from.as_str()), "line {line} lacks {from}");
            *l = l.replacen(from.as_str(), to, 1);
        }
        Edit::Delete(line) => {
            lines.remove(line - 1);
        }
        Edit::DeleteAll(prefix) => lines.retain(|l| !l.starts_with(prefix.as_str())),
        Edit::Duplicate { line, at } => {
            let copy = lines[line - 1].clone();
            lines.insert(at - 1, copy);
        }
        Edit::Insert { at, text } => lines.insert(at - 1, text.clone()),
        Edit::Swap(a, b) => lines.swap(a - 1, b - 1),
        Edit::Truncate(n) => lines.truncate(*n),
        Edit::Rechain => rechain(lines),
        Edit::Reseal => {
            let stranger = SecretKey::from_seed([9; 32]);
            let head: [u8; 32] = {
                use sha2::Digest;
                sha2::Sha256::digest(lines[lines.len() - 1].as_bytes()).into()
            };
            let hex = |b: &[u8]| b.iter().map(|b| format!("{b:02x}")).collect::<String>();
            let signature = stranger.sign(&seal_message(&head, lines.len()));
            lines.push(format!(
                "{{\"seal\":{{\"lines\":{},\"key\":\"{}\",\"signature\":\"{}\"}},\"prev\":\"{}\"}}",
                lines.len(),
                stranger.public(),
                hex(&signature),
                hex(&head)
            ));
        }
        Edit::FixSourceHash => {
            let mut header: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
            let source = header["header"]["scenario_source"]
                .as_str()
                .unwrap()
                .to_string();
            header["header"]["scenario_hash"] = source_hash(&source).into();
            lines[0] = serde_json::to_string(&header).unwrap();
        }
    }
}

/// The scenario the fixture recorded (the shipped flagship has changed since).
fn recorded() -> std::sync::Arc<sitroom_scenario::Scenario> {
    crate::support::recorded_scenario(&fixture("flagship-v3.jsonl"))
}

/// What the checks say about a journal, as an `Expect`.
fn verdict(path: &std::path::Path, key: &PublicKey) -> (Expect, String) {
    let scenario = recorded();
    let (journal, integrity) = match read_checked(path) {
        Ok(read) => read,
        Err(JournalError::Tampered { line, reason }) => return (Expect::Tampered(line), reason),
        Err(JournalError::Corrupt { line, reason }) => return (Expect::Corrupt(line), reason),
        Err(e) => return (Expect::Intact, format!("unexpected: {e}")),
    };
    match verify(&journal, &integrity, scenario) {
        Err(ReplayError::Mismatch { line, reason }) => return (Expect::Mismatch(line), reason),
        Err(ReplayError::Diverged(d)) => {
            return (Expect::Diverged(d.line.unwrap_or(0)), d.to_string());
        }
        Ok(_) => {}
    }
    match integrity.signed_by(key) {
        Err(e) => (Expect::Unsigned, e.to_string()),
        Ok(_) => (Expect::Intact, String::new()),
    }
}

/// The same verdict from the journal verified as it is read, line by line.
fn streamed_verdict(path: &std::path::Path, key: &PublicKey) -> (Expect, String) {
    let streamed = match Stream::open(path, 1 << 30).and_then(|s| s.verify(Some(recorded()))) {
        Ok(streamed) => streamed,
        Err(JournalError::Tampered { line, reason }) => return (Expect::Tampered(line), reason),
        Err(JournalError::Corrupt { line, reason }) => return (Expect::Corrupt(line), reason),
        Err(e) => return (Expect::Intact, format!("unexpected: {e}")),
    };
    match streamed.replayed {
        Err(ReplayError::Mismatch { line, reason }) => return (Expect::Mismatch(line), reason),
        Err(ReplayError::Diverged(d)) => {
            return (Expect::Diverged(d.line.unwrap_or(0)), d.to_string());
        }
        Ok(_) => {}
    }
    match streamed.integrity.signed_by(key) {
        Err(e) => (Expect::Unsigned, e.to_string()),
        Ok(_) => (Expect::Intact, String::new()),
    }
}

#[test]
fn every_edit_is_found_at_its_line() {
    let text = std::fs::read_to_string(fixture("tamper.ron")).unwrap();
    let cases: Vec<Case> = ron::from_str(&text).unwrap();
    let key =
        PublicKey::from_text(&std::fs::read_to_string(fixture("test-key.pub")).unwrap()).unwrap();
    let original = crate::support::lines(&fixture("flagship-v3.jsonl"));
    let dir = temp();
    let path = dir.path().join("edited.jsonl");
    let mut failures = Vec::new();
    for case in &cases {
        let mut lines = original.clone();
        for edit in &case.edits {
            apply(&mut lines, edit);
        }
        write_lines(&path, &lines);
        let (found, why) = verdict(&path, &key);
        if found != case.expect {
            failures.push(format!(
                "{}: expected {:?}, found {found:?} ({why})",
                case.name, case.expect
            ));
        }
        let streamed = streamed_verdict(&path, &key);
        if streamed != (found, why) {
            failures.push(format!(
                "{}: verified as read, found {streamed:?}",
                case.name
            ));
        }
    }
    assert!(cases.len() >= 25);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The fixture is signed by the test key, and format 3 journals resume,
/// re-seal and verify again with every line accounted for.
#[test]
fn a_sealed_journal_resumes_and_is_sealed_again() {
    let dir = temp();
    let path = dir.path().join("j.jsonl");
    std::fs::copy(fixture("flagship-v3.jsonl"), &path).unwrap();
    // The scenario the journal recorded (the shipped file has changed since).
    let (recorded, _) = read_checked(&path).unwrap();
    let scenario =
        std::sync::Arc::new(sitroom_scenario::load(&recorded.header.scenario_source).unwrap());
    let secret =
        SecretKey::from_text(&std::fs::read_to_string(fixture("test-key")).unwrap()).unwrap();
    let (_, integrity) = read_checked(&path).unwrap();
    assert_eq!(integrity.signed_by(&secret.public()).unwrap().line, 78);
    // The session ended at minute 60: a resume appends nothing but a seal.
    let mut recorder = sitroom_journal::resume(&path, scenario.clone()).unwrap();
    recorder.seal(&secret).unwrap();
    let (journal, integrity) = read_checked(&path).unwrap();
    assert_eq!(integrity.lines, 79);
    assert_eq!(integrity.seals.len(), 2);
    assert_eq!(integrity.signed_by(&secret.public()).unwrap().covers, 78);
    let replayed = verify(&journal, &integrity, scenario).unwrap();
    assert_eq!(replayed.scores_checked, 3);
}
