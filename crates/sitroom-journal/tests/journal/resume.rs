use sitroom_engine::Input;
use sitroom_journal::{JournalError, read, replay, resume};

use crate::support::{basic, flagship, scripted, temp};

#[test]
fn resume_cuts_a_torn_tail_and_continues() {
    let f = basic();
    let dir = temp();
    let (path, r) = scripted(&f, dir.path(), 5);
    let expected_inputs = read(&path).unwrap().inputs;
    drop(r);
    let mut whole = std::fs::read(&path).unwrap();
    whole.extend_from_slice(b"{\"input\":{\"at\":40,\"input\":{\"Hold\":{\"inj");
    std::fs::write(&path, &whole).unwrap();
    assert!(read(&path).unwrap().truncated_tail);

    let mut r = resume(&path, f.scenario.clone()).unwrap();
    assert_eq!(r.session().now(), 40);
    let decided = r.submit(Input::Decide {
        team: "mfa".into(),
        decision: "cable".into(),
        option: "wait".into(),
        rationale: None,
    });
    assert!(decided.is_ok(), "{decided:?}");
    r.advance(5).unwrap();
    let journal = read(&path).unwrap();
    assert!(!journal.truncated_tail, "the torn tail was cut off");
    assert_eq!(&journal.inputs[..3], &expected_inputs[..]);
    assert_eq!(journal.inputs.len(), 4);
    assert_eq!(journal.inputs[3].at, 40);
    let replayed = replay(&journal, f.scenario.clone()).unwrap();
    assert_eq!(replayed.state_hash(), r.session().state_hash());
    assert_eq!(replayed.now(), 45);
}

#[test]
fn resume_refuses_another_scenario_and_a_diverging_journal() {
    let f = basic();
    let dir = temp();
    let (path, _) = scripted(&f, dir.path(), 5);
    match resume(&path, flagship().scenario) {
        Err(JournalError::ScenarioMismatch(why)) => assert!(why.contains("`basic`"), "{why}"),
        other => panic!("expected a mismatch, got {other:?}"),
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let tampered = text.replacen("\"deny\"", "\"quiet\"", 1);
    assert_ne!(text, tampered);
    std::fs::write(&path, &tampered).unwrap();
    assert!(matches!(
        resume(&path, f.scenario.clone()),
        Err(JournalError::Tampered { .. })
    ));
    let mut l: Vec<String> = tampered.lines().map(str::to_string).collect();
    crate::support::rechain(&mut l);
    crate::support::write_lines(&path, &l);
    assert!(matches!(
        resume(&path, f.scenario.clone()),
        Err(JournalError::Diverged(_))
    ));
    // Nothing was appended to the refused journal.
    assert_eq!(crate::support::lines(&path), l);
}
