use std::path::Path;

use sitroom_engine::{Input, Session};
use sitroom_journal::{JournalError, Recorder, read, replay};

use crate::support::{
    basic, lines, old_journal, rechain, scripted, scripted_version, temp, write_lines,
};

fn corrupt_at(path: &Path) -> (usize, String) {
    match read(path) {
        Err(JournalError::Corrupt { line, reason }) => (line, reason),
        other => panic!("expected a corrupt-line error, got {other:?}"),
    }
}

fn tampered_at(path: &Path) -> (usize, String) {
    match read(path) {
        Err(JournalError::Tampered { line, reason }) => (line, reason),
        other => panic!("expected a tampered-line error, got {other:?}"),
    }
}

#[test]
fn a_torn_last_line_is_dropped_and_flagged() {
    let f = basic();
    let dir = temp();
    let (path, _) = scripted(&f, dir.path(), 2);
    let whole = std::fs::read(&path).unwrap();
    let complete = read(&path).unwrap();
    // Cut the final line in half.
    let last_start = whole[..whole.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()
        + 1;
    let cut = last_start + (whole.len() - last_start) / 2;
    std::fs::write(&path, &whole[..cut]).unwrap();
    let torn = read(&path).unwrap();
    assert!(torn.truncated_tail);
    assert_eq!(torn.valid_len, last_start as u64);
    assert_eq!(torn.entries.len(), complete.entries.len() - 1);
    assert!(replay(&torn, f.scenario.clone()).is_ok());
    // Even a line complete but for its newline is torn: its write never finished.
    std::fs::write(&path, &whole[..whole.len() - 1]).unwrap();
    assert!(read(&path).unwrap().truncated_tail);
}

#[test]
fn a_corrupt_middle_line_is_an_error_with_its_number() {
    let f = basic();
    let dir = temp();
    let (path, _) = scripted(&f, dir.path(), 2);
    let mut l = lines(&path);
    l[6] = "{\"hash\": {\"at\": 5, \"hash\": \"zz\"}}".into();
    write_lines(&path, &l);
    let (line, reason) = corrupt_at(&path);
    assert_eq!(line, 7);
    assert!(reason.contains("not a journal line"), "{reason}");
    let mut l = lines(&path);
    l[6] = "garbage".into();
    write_lines(&path, &l);
    assert_eq!(corrupt_at(&path).0, 7);
    let mut l = lines(&path);
    l[6] = String::new();
    write_lines(&path, &l);
    assert_eq!(corrupt_at(&path), (7, "empty line".to_string()));
    let mut bytes = std::fs::read(&path).unwrap();
    let mut l = lines(&path);
    l.truncate(3);
    write_lines(&path, &l);
    bytes.clear();
    bytes.extend(std::fs::read(&path).unwrap());
    bytes.splice(bytes.len() - 3..bytes.len() - 3, [0xff, 0xfe]);
    std::fs::write(&path, &bytes).unwrap();
    let (line, reason) = corrupt_at(&path);
    assert_eq!(line, 3);
    assert!(reason.starts_with("not UTF-8"), "{reason}");
}

#[test]
fn lines_out_of_place_are_errors() {
    let f = basic();
    let dir = temp();
    let (path, _) = scripted_version(&f, dir.path(), 2, 3);
    let original = lines(&path);
    // Moved: the chain breaks after the first line not in its place.
    let mut l = original.clone();
    l.swap(5, 30);
    write_lines(&path, &l);
    let (line, reason) = tampered_at(&path);
    assert_eq!(line, 6, "{reason}");
    assert!(reason.contains("the chain is broken"), "{reason}");
    // Re-chained, the order is still not one a recorder writes.
    rechain(&mut l);
    write_lines(&path, &l);
    let (line, reason) = tampered_at(&path);
    assert_eq!(line, 6, "{reason}");
    let mut l = original.clone();
    l.insert(4, original[0].clone());
    write_lines(&path, &l);
    assert!(tampered_at(&path).1.contains("no `prev`"));
    rechain(&mut l);
    write_lines(&path, &l);
    assert_eq!(corrupt_at(&path), (5, "a second header line".to_string()));
    write_lines(&path, &original[1..]);
    assert_eq!(
        corrupt_at(&path),
        (1, "the first line must be the journal header".to_string())
    );
    // A journal of format 2 has no chain; its lines are still checked.
    let mut l = lines(&old_journal(2));
    l.swap(5, 30);
    write_lines(&path, &l);
    let (line, reason) = corrupt_at(&path);
    assert_eq!(line, 7, "line 6 now carries a later minute than line 7");
    assert!(reason.contains("time never goes back"), "{reason}");
}

#[test]
fn bad_headers_are_errors() {
    let f = basic();
    let dir = temp();
    let (path, _) = scripted(&f, dir.path(), 2);
    let original = lines(&path);
    let cases = [
        (
            "\"format\":\"sitroom-journal\"",
            "\"format\":\"other\"",
            "not a sitroom journal (format `other`",
        ),
        (
            "\"version\":4",
            "\"version\":7",
            "journal format version 7; this build reads versions 1 to 4",
        ),
        (
            "id: \\\"basic\\\"",
            "id: \\\"basix\\\"",
            "does not match the embedded scenario source",
        ),
    ];
    for (from, to, message) in cases {
        assert!(
            original[0].contains(from),
            "header lacks {from}: {}",
            original[0]
        );
        let mut l = original.clone();
        l[0] = l[0].replacen(from, to, 1);
        write_lines(&path, &l);
        let (line, reason) = corrupt_at(&path);
        assert_eq!(line, 1);
        assert!(reason.contains(message), "{reason}");
    }
    std::fs::write(&path, "").unwrap();
    assert_eq!(
        corrupt_at(&path),
        (1, "the journal is empty (no header line)".to_string())
    );
    std::fs::write(&path, &original[0][..40]).unwrap();
    assert!(corrupt_at(&path).1.contains("header line is incomplete"));
    assert!(matches!(
        read(dir.path().join("missing")),
        Err(JournalError::Io { .. })
    ));
}

#[test]
fn a_tampered_hash_is_found_at_its_minute() {
    let f = basic();
    let dir = temp();
    let (path, _) = scripted_version(&f, dir.path(), 2, 3);
    let mut l = lines(&path);
    let i = l
        .iter()
        .position(|x| x.starts_with("{\"hash\":{\"at\":20,"))
        .unwrap();
    let tampered = l[i]
        .replace("\"hash\":\"", "\"hash\":\"0")
        .replacen("\"}}", "}}", 1);
    // keep 64 digits: drop the last digit of the original
    let start = tampered.find("\"hash\":\"0").unwrap() + 8;
    let fixed = format!(
        "{}{}\"}}}}",
        &tampered[..start],
        &tampered[start..start + 64]
    );
    l[i] = fixed;
    write_lines(&path, &l);
    // The edited line is the one the chain names.
    assert_eq!(tampered_at(&path).0, i + 1);
    // Re-chained by a forger, it is intact but does not replay.
    rechain(&mut l);
    write_lines(&path, &l);
    let journal = read(&path).unwrap();
    let d = replay(&journal, f.scenario.clone()).unwrap_err();
    assert_eq!(d.at, 20);
    assert_ne!(d.expected, d.actual);
    assert!(
        d.to_string().starts_with("replay diverged at minute 20"),
        "{d}"
    );
    let (journal, integrity) = sitroom_journal::read_checked(&path).unwrap();
    match sitroom_journal::verify(&journal, &integrity, f.scenario.clone()) {
        Err(sitroom_journal::ReplayError::Diverged(d)) => {
            assert_eq!(d.line, Some(i + 1));
            assert!(
                d.to_string()
                    .starts_with(&format!("line {}: replay diverged at minute 20", i + 1)),
                "{d}"
            );
        }
        other => panic!("expected a divergence, got {other:?}"),
    }
}

#[test]
fn a_different_seed_or_scenario_diverges_at_minute_zero() {
    let f = basic();
    let dir = temp();
    let (path, _) = scripted(&f, dir.path(), 2);
    let mut journal = read(&path).unwrap();
    journal.header.seed = 3;
    assert_eq!(replay(&journal, f.scenario.clone()).unwrap_err().at, 0);
}

#[test]
fn create_never_overwrites_and_wants_a_fresh_session() {
    let f = basic();
    let dir = temp();
    let (path, _) = scripted(&f, dir.path(), 2);
    let before = std::fs::read(&path).unwrap();
    let again = Recorder::create(
        &path,
        "basic.ron",
        &f.source,
        Session::new(f.scenario.clone(), 2),
    );
    assert!(matches!(again, Err(JournalError::Exists(_))));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let mut started = Session::new(f.scenario.clone(), 2);
    started
        .submit(Input::Hold {
            inject: "alert".into(),
        })
        .unwrap();
    let other = dir.path().join("other.jsonl");
    assert!(matches!(
        Recorder::create(&other, "basic.ron", &f.source, started),
        Err(JournalError::NotFresh)
    ));
    assert!(!other.exists());
}

#[test]
fn random_damage_never_panics() {
    use rand::rngs::ChaCha8Rng;
    use rand::{RngExt, SeedableRng};
    let f = basic();
    let dir = temp();
    let (path, _) = scripted(&f, dir.path(), 2);
    let whole = std::fs::read(&path).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let (mut ok, mut errors) = (0, 0);
    for _ in 0..300 {
        let mut bytes = whole.clone();
        match rng.random_range(0..3u32) {
            0 => bytes.truncate(rng.random_range(0..whole.len())),
            1 => {
                for _ in 0..rng.random_range(1..4) {
                    let i = rng.random_range(0..bytes.len());
                    bytes[i] = rng.random();
                }
            }
            _ => {
                let i = rng.random_range(0..bytes.len());
                bytes.insert(i, b'\n');
            }
        }
        std::fs::write(&path, &bytes).unwrap();
        match read(&path) {
            Ok(journal) => {
                ok += 1;
                let _ = replay(&journal, f.scenario.clone());
            }
            Err(e) => {
                errors += 1;
                assert!(!e.to_string().is_empty());
            }
        }
    }
    assert!(ok > 0 && errors > 0, "ok {ok}, errors {errors}");
}

/// Journals of formats 1 and 2, as engine 0.1.0 wrote them before the
/// chain, still read and re-simulate to the same states until the first
/// decision the 0.2.0 rules score differently.
#[test]
fn journals_of_format_1_and_2_still_read_and_replay_until_the_rules_differ() {
    for version in [1, 2] {
        let (journal, integrity) = sitroom_journal::read_checked(old_journal(version)).unwrap();
        assert_eq!(journal.header.version, version);
        assert_eq!(integrity.head, None);
        assert!(integrity.seals.is_empty());
        assert!(journal.paces.is_empty());
        assert_eq!((journal.inputs.len(), journal.hashes.len()), (11, 220));
        assert_eq!(journal.header.engine, "0.1.0");
        // Engine 0.2.0 scores under other rules: the re-simulation agrees
        // until the first scored decision (minute 38, line 45), then differs.
        // The scenario as it was when the journal was written (the shipped
        // flagship has since gained evidence fields).
        let recorded = std::sync::Arc::new(
            sitroom_scenario::load(&journal.header.scenario_source).expect("its scenario parses"),
        );
        let Err(e) = sitroom_journal::verify(&journal, &integrity, recorded.clone()) else {
            panic!("a journal of engine 0.1.0 re-simulates differently under 0.2.0");
        };
        assert!(
            e.to_string()
                .contains("line 45: replay diverged at minute 38"),
            "{e}"
        );
        // The viewer's scrubbing still opens it.
        let at = sitroom_journal::session_at(&journal, recorded, 208);
        assert_eq!(at.now(), 208);
    }
}
