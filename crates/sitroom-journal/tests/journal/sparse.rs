//! Format 4: state hashes only where something happened, every
//! `HASH_PERIOD` minutes and where the recorder was made durable; the
//! replay finds every minute that must have one.

use sitroom_engine::Input;
use sitroom_journal::{
    Entry, HASH_PERIOD, ReplayError, Stream, read, read_checked, replay, resume, verify,
};

use crate::support::{
    basic, fixture, lines, random_script, rechain, record_version, scripted_version, temp,
    write_lines,
};

/// The replay's verdict on a journal file: `Ok(final hash)` or the error.
/// Verified as read line by line, the verdict is the same.
fn verdict(path: &std::path::Path, f: &crate::support::Fixture) -> Result<String, ReplayError> {
    let (journal, integrity) = read_checked(path).unwrap();
    let whole = verify(&journal, &integrity, f.scenario.clone())
        .map(|r| r.session.state_hash().to_string());
    let streamed = Stream::open(path, 1 << 30)
        .and_then(|s| s.verify(Some(f.scenario.clone())))
        .unwrap();
    assert_eq!(streamed.hashes, journal.hashes.len());
    assert_eq!(streamed.integrity.head, integrity.head);
    let streamed = streamed
        .replayed
        .map(|r| r.session.state_hash().to_string());
    assert_eq!(streamed, whole);
    whole
}

#[test]
fn formats_3_and_4_of_the_same_session_end_in_the_same_state() {
    let f = basic();
    for seed in 0..40 {
        let (dir3, dir4) = (temp(), temp());
        let (p3, p4) = (dir3.path().join("j"), dir4.path().join("j"));
        let mut r3 = record_version(&f, &p3, seed, 3);
        let mut r4 = record_version(&f, &p4, seed, 4);
        random_script(&mut r3, seed, 30);
        random_script(&mut r4, seed, 30);
        assert_eq!(r3.session().state_hash(), r4.session().state_hash());
        assert_eq!(r3.session().now(), r4.session().now());
        let (j3, j4) = (read(&p3).unwrap(), read(&p4).unwrap());
        assert_eq!(j3.inputs, j4.inputs, "seed {seed}");
        assert_eq!(j3.scores, j4.scores, "seed {seed}");
        // Every hash of format 4 is one format 3 has, at the same minute.
        for h in &j4.hashes {
            assert!(j3.hashes.contains(h), "seed {seed}: {h:?}");
        }
        assert!(j4.hashes.len() <= j3.hashes.len());
        let final3 = verdict(&p3, &f).unwrap();
        assert_eq!(verdict(&p4, &f).unwrap(), final3, "seed {seed}");
        assert_eq!(
            replay(&j4, f.scenario.clone()).unwrap().state_hash(),
            r4.session().state_hash()
        );
    }
}

#[test]
fn a_long_idle_stretch_has_the_periodic_hash() {
    let f = fixture("../../scenarios/channel-interception.ron");
    let dir = temp();
    let path = dir.path().join("j");
    let mut r = record_version(&f, &path, 1, 4);
    r.advance(2100).unwrap();
    let journal = read(&path).unwrap();
    let minutes: Vec<u32> = journal.hashes.iter().map(|(at, _)| *at).collect();
    assert!(minutes.contains(&HASH_PERIOD), "{minutes:?}");
    assert!(minutes.len() < 100, "{} hashes", minutes.len());
    assert_eq!(
        verdict(&path, &f).unwrap(),
        r.session().state_hash().to_string()
    );
    // Dropping the periodic hash (the chain recomputed) is found at it.
    let mut l = lines(&path);
    let i = l
        .iter()
        .position(|x| x.starts_with(&format!("{{\"hash\":{{\"at\":{HASH_PERIOD},")))
        .unwrap();
    l.remove(i);
    rechain(&mut l);
    write_lines(&path, &l);
    match verdict(&path, &f) {
        Err(ReplayError::Diverged(d)) => {
            assert_eq!(d.at, HASH_PERIOD, "{d}");
            assert_eq!(d.line, Some(i + 1), "{d}");
            assert!(d.to_string().contains("the journal has none"), "{d}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_event_hash_is_found_at_its_minute() {
    let f = basic();
    let dir = temp();
    let (path, _) = scripted_version(&f, dir.path(), 2, 4);
    let original = lines(&path);
    // The cable's release at 26 has a hash line (nothing else is at 26).
    let i = original
        .iter()
        .position(|x| x.starts_with("{\"hash\":{\"at\":26,"))
        .unwrap();
    let mut l = original.clone();
    l.remove(i);
    rechain(&mut l);
    write_lines(&path, &l);
    match verdict(&path, &f) {
        Err(ReplayError::Diverged(d)) => {
            assert_eq!(
                (d.at, d.line, d.unhashed),
                (26, Some(i + 1), Some(40)),
                "{d}"
            );
            assert!(
                d.to_string().starts_with(&format!(
                    "line {}: replay diverged at minute 26: the replay has a state hash",
                    i + 1
                )),
                "{d}"
            );
        }
        other => panic!("{other:?}"),
    }
    // A hash line changed: found at its own minute and line.
    let mut l = original.clone();
    l[i] = l[i].replacen("\"hash\":\"", "\"hash\":\"0", 1);
    let cut = l[i].find("\"},\"prev\"").unwrap();
    l[i].remove(cut - 1);
    rechain(&mut l);
    write_lines(&path, &l);
    match verdict(&path, &f) {
        Err(ReplayError::Diverged(d)) => {
            assert_eq!((d.at, d.line, d.unhashed), (26, Some(i + 1), None), "{d}");
            assert_ne!(d.expected, d.actual);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_changed_input_diverges_at_the_first_hashed_minute_after_it() {
    let f = basic();
    let dir = temp();
    let (path, _) = scripted_version(&f, dir.path(), 2, 4);
    let mut l = lines(&path);
    // The hold at 3 becomes a hold of another inject: the alert is then
    // released at 5, where the journal has no hash.
    let i = l
        .iter()
        .position(|x| x.contains("{\"Hold\":{\"inject\":\"alert\"}}"))
        .unwrap();
    l[i] = l[i].replace("\"inject\":\"alert\"", "\"inject\":\"leak\"");
    rechain(&mut l);
    write_lines(&path, &l);
    match verdict(&path, &f) {
        Err(ReplayError::Diverged(d)) => {
            // The hash after the input already differs (another inject held).
            assert_eq!((d.at, d.line), (3, Some(i + 2)), "{d}");
        }
        other => panic!("{other:?}"),
    }
    // Dropping that hash too, the next line is another input at 15: the
    // replay's release of the alert at 5 is where it is found.
    let mut l2 = l.clone();
    l2.remove(i + 1);
    let j = l2[i + 1..]
        .iter()
        .position(|x| x.starts_with("{\"hash\""))
        .unwrap()
        + i
        + 1;
    assert!(l2[j].starts_with("{\"hash\":{\"at\":15,"), "{}", l2[j]);
    rechain(&mut l2);
    write_lines(&path, &l2);
    assert!(read_checked(&path).is_err(), "an input without its hash");
}

#[test]
fn an_extra_hash_at_an_idle_minute_still_verifies() {
    let f = basic();
    let dir = temp();
    let path = dir.path().join("j");
    let mut r = record_version(&f, &path, 3, 4);
    for _ in 0..50 {
        r.advance(1).unwrap();
    }
    // Every advance ends durable with the clock's minute hashed.
    let journal = read(&path).unwrap();
    assert_eq!(journal.hashes.len(), 51);
    assert_eq!(
        verdict(&path, &f).unwrap(),
        r.session().state_hash().to_string()
    );
}

#[test]
fn a_format_4_journal_resumes_in_format_4() {
    let f = basic();
    let dir = temp();
    let (path, r) = scripted_version(&f, dir.path(), 5, 4);
    let at = r.session().now();
    drop(r);
    let mut r = resume(&path, f.scenario.clone()).unwrap();
    assert_eq!((r.version(), r.session().now()), (4, at));
    r.submit(Input::Release {
        inject: "retaliation".into(),
    })
    .unwrap();
    r.advance(200).unwrap();
    let journal = read(&path).unwrap();
    assert!(matches!(journal.entries.last(), Some(Entry::Hash(_))));
    assert_eq!(
        verdict(&path, &f).unwrap(),
        r.session().state_hash().to_string()
    );
}

#[test]
fn a_format_3_journal_resumes_in_format_3() {
    let f = basic();
    let dir = temp();
    let (path, r) = scripted_version(&f, dir.path(), 5, 3);
    drop(r);
    let mut r = resume(&path, f.scenario.clone()).unwrap();
    assert_eq!(r.version(), 3);
    r.advance(10).unwrap();
    let journal = read(&path).unwrap();
    assert_eq!(journal.header.version, 3);
    // Still one hash a minute.
    assert_eq!(journal.hashes.len(), 1 + 50 + 3);
    assert_eq!(
        verdict(&path, &f).unwrap(),
        r.session().state_hash().to_string()
    );
}

#[test]
fn the_format_4_fixture_verifies_signed_and_ends_where_the_format_3_one_does() {
    let dir = |name: &str| {
        std::path::PathBuf::from(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
    };
    let key = sitroom_journal::PublicKey::from_text(
        &std::fs::read_to_string(dir("test-key.pub")).unwrap(),
    )
    .unwrap();
    let mut finals = Vec::new();
    for name in ["flagship-v3.jsonl", "flagship-v4.jsonl"] {
        let (journal, integrity) = read_checked(dir(name)).unwrap();
        assert_eq!(
            journal.header.version,
            if name.contains("v3") { 3 } else { 4 }
        );
        integrity.signed_by(&key).unwrap();
        let recorded = crate::support::recorded_scenario(&dir(name));
        let replayed = verify(&journal, &integrity, recorded).unwrap();
        assert_eq!(replayed.scores_checked, 3);
        finals.push((replayed.session.now(), replayed.session.state_hash()));
    }
    assert_eq!(finals[0], finals[1]);
}
