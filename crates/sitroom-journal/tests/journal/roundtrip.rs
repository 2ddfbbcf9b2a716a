use sitroom_engine::{Input, Session};
use sitroom_journal::{Entry, read, replay, session_at};

use crate::support::{basic, flagship, random_script, record, scripted_version, temp};

#[test]
fn a_recorded_session_replays_to_the_same_hash() {
    let f = basic();
    for version in [3, 4] {
        let dir = temp();
        let (path, r) = scripted_version(&f, dir.path(), 9, version);
        let journal = read(&path).unwrap();
        assert!(!journal.truncated_tail);
        assert_eq!(journal.header.version, version);
        assert_eq!(journal.header.seed, 9);
        assert_eq!(journal.header.scenario_id, "basic");
        assert_eq!(journal.header.scenario_source, f.source);
        assert_eq!(journal.inputs.len(), 3);
        assert_eq!(journal.inputs[2].at, 16);
        let minutes: Vec<_> = journal.hashes.iter().map(|(at, _)| *at).collect();
        if version == 3 {
            // minute 0, one per minute advanced (40), one after each input (3)
            assert_eq!(minutes.len(), 1 + 40 + 3);
        } else {
            // minute 0, each input's minute, the minutes where something
            // happened (releases at 1, 2 and 40, the alert released when
            // unheld at 16, the cable 10 minutes after it at 26; nothing at
            // 5, the alert being held), and where each advance ended (3,
            // 15, 16, 40).
            assert_eq!(minutes, [0, 1, 2, 3, 3, 15, 15, 16, 16, 26, 40]);
        }
        assert_eq!(journal.scores.len(), r.session().score_count());
        let replayed = replay(&journal, f.scenario.clone()).unwrap();
        assert_eq!(replayed.state_hash(), r.session().state_hash());
        assert_eq!(replayed.now(), 40);
    }
}

#[test]
fn refused_inputs_are_not_journaled() {
    let f = basic();
    let dir = temp();
    let path = dir.path().join("j.jsonl");
    let mut r = record(&f, &path, 1);
    assert!(
        r.submit(Input::Hold {
            inject: "nothing".into()
        })
        .is_err()
    );
    assert!(read(&path).unwrap().inputs.is_empty());
}

#[test]
fn an_input_is_on_disk_when_submit_returns() {
    let f = basic();
    let dir = temp();
    let path = dir.path().join("j.jsonl");
    let mut r = record(&f, &path, 1);
    r.submit(Input::Hold {
        inject: "alert".into(),
    })
    .unwrap();
    // The recorder is still alive: nothing is buffered in it.
    let journal = read(&path).unwrap();
    assert_eq!(journal.inputs.len(), 1);
    assert!(
        matches!(journal.entries.last(), Some(Entry::Hash(h)) if h.hash == r.session().state_hash())
    );
}

#[test]
fn two_hundred_random_scripts_replay_exactly() {
    let f = basic();
    let dir = temp();
    let mut inputs = 0;
    for seed in 0..200u64 {
        let path = dir.path().join(format!("r{seed}.jsonl"));
        let mut r = record(&f, &path, seed);
        random_script(&mut r, seed, 60);
        let journal = read(&path).unwrap();
        inputs += journal.inputs.len();
        let replayed =
            replay(&journal, f.scenario.clone()).unwrap_or_else(|d| panic!("seed {seed}: {d}"));
        assert_eq!(
            replayed.state_hash(),
            r.session().state_hash(),
            "seed {seed}"
        );
    }
    assert!(inputs > 400, "the random scripts made only {inputs} inputs");
}

#[test]
fn random_scripts_on_the_flagship_replay_exactly() {
    let f = flagship();
    let dir = temp();
    for seed in 0..20u64 {
        let path = dir.path().join(format!("f{seed}.jsonl"));
        let mut r = record(&f, &path, seed);
        random_script(&mut r, seed, 80);
        let journal = read(&path).unwrap();
        let replayed =
            replay(&journal, f.scenario.clone()).unwrap_or_else(|d| panic!("seed {seed}: {d}"));
        assert_eq!(
            replayed.state_hash(),
            r.session().state_hash(),
            "seed {seed}"
        );
    }
}

#[test]
fn session_at_rebuilds_any_minute() {
    let f = basic();
    let dir = temp();
    // Format 3 hashes every minute, so each can be compared.
    let (path, _) = scripted_version(&f, dir.path(), 4, 3);
    let journal = read(&path).unwrap();
    for minute in [0, 3, 15, 16, 30] {
        let s = session_at(&journal, f.scenario.clone(), minute);
        assert_eq!(s.now(), minute);
        let recorded = journal
            .hashes
            .iter()
            .rev()
            .find(|(at, _)| *at == minute)
            .unwrap()
            .1;
        assert_eq!(s.state_hash(), recorded, "minute {minute}");
    }
    let mut fresh = Session::new(f.scenario.clone(), 4);
    fresh.advance(3);
    assert_eq!(session_at(&journal, f.scenario.clone(), 2).now(), 2);
    assert_ne!(
        session_at(&journal, f.scenario.clone(), 3).state_hash(),
        fresh.state_hash(),
        "the hold at 3 is applied"
    );
}

#[test]
fn an_inject_written_during_the_session_replays_verifies_and_resumes() {
    use sitroom_engine::{ImprovisedDecision, ImprovisedInject, ImprovisedOption};
    let f = basic();
    let dir = temp();
    let path = dir.path().join("j.jsonl");
    let mut r = record(&f, &path, 3);
    r.advance(20).unwrap();
    let written = ImprovisedInject {
        title: "Ambassador calls".into(),
        text: "A meeting tonight?".into(),
        channel: sitroom_scenario::Channel::DiplomaticCable,
        from: String::new(),
        audience: vec!["mfa".into()],
        decision: Some(ImprovisedDecision {
            prompt: String::new(),
            deadline: 10,
            options: vec![
                ImprovisedOption {
                    label: "Meet".into(),
                    description: String::new(),
                    response: Some(sitroom_scenario::ResponseKind::Demarche),
                },
                ImprovisedOption {
                    label: "Decline".into(),
                    description: String::new(),
                    response: None,
                },
            ],
        }),
    };
    r.submit(Input::Improvise {
        inject: Box::new(written),
    })
    .unwrap();
    r.advance(2).unwrap();
    r.submit(Input::Decide {
        team: "mfa".into(),
        decision: "live-1".into(),
        option: "option-1".into(),
        rationale: None,
    })
    .unwrap();
    r.advance(10).unwrap();
    let (journal, integrity) = sitroom_journal::read_checked(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(r#""Improvise":{"inject":{"title":"Ambassador calls""#),
        "{text}"
    );
    // The score line of the improvised decision is checked like any other.
    assert!(journal.scores.iter().any(|s| s.decision == "live-1"));
    let replayed = replay(&journal, f.scenario.clone()).unwrap();
    assert_eq!(replayed.state_hash(), r.session().state_hash());
    assert!(replayed.scenario().inject("live-1").is_some());
    sitroom_journal::verify(&journal, &integrity, f.scenario.clone()).unwrap();
    drop(r);
    // Resumed, the written inject is there, and the next one is live-2.
    let mut resumed = sitroom_journal::resume(&path, f.scenario.clone()).unwrap();
    assert!(resumed.session().scenario().inject("live-1").is_some());
    resumed
        .submit(Input::Improvise {
            inject: Box::new(ImprovisedInject {
                title: "Second".into(),
                text: "Again.".into(),
                channel: sitroom_scenario::Channel::News,
                from: String::new(),
                audience: Vec::new(),
                decision: None,
            }),
        })
        .unwrap();
    assert!(resumed.session().scenario().inject("live-2").is_some());
}
