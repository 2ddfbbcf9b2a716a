//! The host on the engine's fixture and the flagship: seats, previews,
//! policies, and a journal sink that replays.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::sync::Arc;

use sitroom_engine::{Input, InputError, Refusal, Seat, Session, Stamped};
use sitroom_host::{
    Advance, Explorer, Host, HostError, PlayError, Policy, RandomChoice, Script, ScriptEntry,
};
use sitroom_journal::Recorder;
use sitroom_scenario::Scenario;

fn load(path: &str) -> (Arc<Scenario>, String) {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let sc = sitroom_scenario::load(&text).unwrap_or_else(|e| panic!("{path}: {}", e.message));
    (Arc::new(sc), text)
}

fn basic() -> Arc<Scenario> {
    load("../sitroom-engine/tests/fixtures/basic.ron").0
}

fn flagship() -> Arc<Scenario> {
    load("../../scenarios/mission-compromise.ron").0
}

fn decide(team: &str, decision: &str, option: &str) -> Input {
    Input::Decide {
        team: team.into(),
        decision: decision.into(),
        option: option.into(),
        rationale: None,
    }
}

#[test]
fn a_seat_sends_only_what_it_may_and_a_refusal_changes_nothing() {
    let mut host = Host::new(Session::new(basic(), 1));
    host.advance(15).unwrap();
    let before = host.session().state_hash();
    let err = host
        .submit(&Seat::Team("cert".into()), decide("mfa", "cable", "wait"))
        .unwrap_err();
    assert!(
        matches!(err, HostError::Refused(Refusal::NotYourTeam { .. })),
        "{err}"
    );
    let err = host
        .submit(&Seat::Room, Input::End { reason: "x".into() })
        .unwrap_err();
    assert!(
        matches!(err, HostError::Refused(Refusal::ReadOnly { .. })),
        "{err}"
    );
    assert_eq!(host.session().state_hash(), before);
    host.submit(&Seat::Team("mfa".into()), decide("mfa", "cable", "wait"))
        .unwrap();
    let err = host
        .submit(&Seat::Team("mfa".into()), decide("mfa", "cable", "blame"))
        .unwrap_err();
    assert!(
        matches!(
            err,
            HostError::Refused(Refusal::Input(InputError::AlreadyDecided { .. }))
        ),
        "{err}"
    );
}

#[test]
fn a_preview_says_what_would_close_and_end_and_changes_nothing() {
    let mut host = Host::new(Session::new(basic(), 1));
    host.advance(15).unwrap();
    let before = host.session().state_hash();
    let p = host.preview(Advance::By(25));
    assert_eq!(host.session().state_hash(), before, "tried on a fork");
    let closing: Vec<&str> = p.closing.iter().map(|d| d.decision.as_str()).collect();
    // Soonest first: the red cell's call lapses at 31, the cable defaults at 35.
    assert_eq!(closing, ["red-call", "cable"]);
    assert_eq!(p.to, 40);
    assert!(p.outcome.is_none());
    assert!(host.preview(Advance::By(1)).is_quiet());
    // The facilitator's end on a fork is not an advance; time running out is.
    let end = host.preview(Advance::By(500));
    assert_eq!(
        end.outcome.map(|o| o.by),
        Some(sitroom_engine::EndedBy::TimeExpired)
    );
}

#[test]
fn a_script_plays_like_the_same_inputs_by_hand_and_journals_the_same() {
    let (sc, source) = load("../sitroom-engine/tests/fixtures/basic.ron");
    let script = vec![
        Stamped {
            at: 2,
            input: decide("red", "red-call", "quiet"),
        },
        Stamped {
            at: 15,
            input: decide("mfa", "cable", "demarche"),
        },
    ];
    let mut by_hand = Session::new(sc.clone(), 4);
    for s in &script {
        by_hand.submit_at(s.clone()).unwrap();
    }
    by_hand.advance(sc.meta.duration);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    let recorder =
        Recorder::create(&path, "basic.ron", &source, Session::new(sc.clone(), 4)).unwrap();
    let mut host = Host::new(recorder);
    host.play(&mut Script::new(script)).unwrap();
    assert!(host.session().is_over());
    assert_eq!(host.session().state_hash(), by_hand.state_hash());
    let journal = sitroom_journal::read(&path).unwrap();
    let replayed = sitroom_journal::replay(&journal, sc).unwrap();
    assert_eq!(replayed.state_hash(), by_hand.state_hash());
}

#[test]
fn a_script_out_of_order_or_refused_stops_with_the_minute() {
    let script = |a: u32, b: u32| {
        Script::new(vec![
            Stamped {
                at: a,
                input: decide("mfa", "cable", "wait"),
            },
            Stamped {
                at: b,
                input: decide("red", "red-call", "quiet"),
            },
        ])
    };
    let mut host = Host::new(Session::new(basic(), 1));
    let err = host.play(&mut script(16, 3)).unwrap_err();
    assert!(
        matches!(err, PlayError::OutOfOrder { at: 3, now: 16 }),
        "{err}"
    );
    let mut host = Host::new(Session::new(basic(), 1));
    // The cable is not open at minute 1.
    let err = host.play(&mut script(1, 3)).unwrap_err();
    assert!(matches!(err, PlayError::Refused { at: 1, .. }), "{err}");
    assert!(err.to_string().contains("minute 1"), "{err}");
}

#[test]
fn a_when_open_decide_is_skipped_with_the_reason_and_otherwise_applies() {
    // RON as a script file says it: the first entry is at a minute the cable
    // is not released yet, the second while it is open, the third once the
    // team has chosen; a plain entry still stops play when refused.
    let text = r#"[
        (at: 1, input: Decide(team: "mfa", decision: "cable", option: "wait"), when_open: true),
        (at: 16, input: Decide(team: "mfa", decision: "cable", option: "demarche"), when_open: true),
        (at: 17, input: Decide(team: "mfa", decision: "cable", option: "wait"), when_open: true),
        (at: 50, input: Decide(team: "mfa", decision: "cable", option: "blame"), when_open: true),
    ]"#;
    let entries: Vec<ScriptEntry> = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .unwrap();
    assert!(entries.iter().all(|e| e.when_open && e.when_open_allowed()));
    let mut script = Script::of_entries(entries);
    let mut host = Host::new(Session::new(basic(), 1));
    host.play(&mut script).unwrap();
    let made = host.session().team_view("mfa").unwrap().made;
    assert_eq!(made.len(), 1);
    assert_eq!((made[0].option.as_str(), made[0].at), ("demarche", 16));
    let skipped: Vec<(u32, String)> = script
        .skipped()
        .iter()
        .map(|s| (s.at, s.why.to_string()))
        .collect();
    assert_eq!(
        skipped,
        vec![
            (
                1,
                "decision `cable` is not open for team `mfa`: not yet released".to_string()
            ),
            (17, "team `mfa` has already decided `cable`".to_string()),
            (
                50,
                "decision `cable` is not open for team `mfa`: already closed (decided, minute 16)"
                    .to_string()
            ),
        ]
    );
    // Without `when_open` the same first entry stops play.
    let mut plain = Script::new(vec![Stamped {
        at: 1,
        input: decide("mfa", "cable", "wait"),
    }]);
    let err = Host::new(Session::new(basic(), 1))
        .play(&mut plain)
        .unwrap_err();
    assert!(err.to_string().contains("not yet released"), "{err}");
    // `when_open` does not excuse other mistakes: an unknown option stops play.
    let mut wrong = Script::of_entries(vec![ScriptEntry {
        at: 16,
        input: decide("mfa", "cable", "nonsense"),
        when_open: true,
    }]);
    let err = Host::new(Session::new(basic(), 1))
        .play(&mut wrong)
        .unwrap_err();
    assert!(matches!(err, PlayError::Refused { at: 16, .. }), "{err}");
}

#[test]
fn a_random_policy_is_reproducible_and_answers_every_decision() {
    let run = |seed: u64| {
        let mut host = Host::new(Session::new(flagship(), 7));
        host.play(&mut RandomChoice::new(seed)).unwrap();
        let s = host.into_driver();
        let defaulted = s.scores().iter().filter(|x| x.defaulted).count();
        (s.state_hash(), s.scores().len(), defaulted)
    };
    let (a, n, defaulted) = run(1);
    assert_eq!(run(1).0, a, "same policy seed, same session");
    assert!(n > 0);
    assert_eq!(
        defaulted, 0,
        "played teams answer as soon as a decision opens"
    );
    let distinct: std::collections::BTreeSet<_> = (1..8).map(|s| run(s).0).collect();
    assert!(
        distinct.len() > 1,
        "different seeds explore different paths"
    );
}

#[test]
fn the_explorer_tries_every_option_of_the_first_decision() {
    let sc = flagship();
    let mut explorer = Explorer::new();
    let first = sc
        .injects
        .iter()
        .find(|i| i.decision.is_some() && matches!(i.release, sitroom_scenario::Trigger::At(_)))
        .expect("the flagship opens a decision at a fixed minute");
    let options = first.decision.as_ref().map_or(0, |d| d.options.len());
    for _ in 0..options {
        let mut host = Host::new(Session::new(sc.clone(), 1));
        host.play(&mut explorer as &mut dyn Policy).unwrap();
    }
    for o in first.decision.iter().flat_map(|d| &d.options) {
        assert!(
            explorer.uses(&first.id, &o.id) >= 1,
            "option {} of {} never tried",
            o.id,
            first.id
        );
    }
}
