//! The record of the flagship's restrained path: the worded timeline as a
//! snapshot, the same record from the live session and from its journal,
//! and the tracks (beliefs, escalation, variables) agreeing with the views.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::fmt::Write as _;
use std::sync::Arc;

use sitroom_engine::{Event, Session, Stamped};
use sitroom_host::{Host, Script};
use sitroom_journal::Recorder;
use sitroom_record::{Fate, Record, words};
use sitroom_scenario::Scenario;

fn read(path: &str) -> String {
    let path = format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn flagship() -> (Arc<Scenario>, String) {
    let text = read("scenarios/mission-compromise.ron");
    let sc = sitroom_scenario::load(&text).unwrap_or_else(|e| panic!("{}", e.message));
    (Arc::new(sc), text)
}

fn script(path: &str) -> Vec<Stamped> {
    sitroom_scenario::load::options()
        .from_str(&read(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn played(path: &str) -> Session {
    let (sc, _) = flagship();
    let mut host = Host::new(Session::new(sc, 7));
    host.play(&mut Script::new(script(path)))
        .expect("the script plays");
    host.into_driver()
}

#[test]
fn the_restrained_path_worded_matches_its_snapshot() {
    let session = played("scenarios/mission-compromise/restrained.ron");
    let record = Record::of(&session);
    let sc = session.scenario();
    let mut out = String::new();
    for e in &record.timeline {
        let _ = writeln!(
            out,
            "{:>5} {:<11} {}",
            e.at,
            words::kind(e.kind()),
            words::sentence(sc, &e.event)
        );
    }
    insta::assert_snapshot!(out);
}

#[test]
fn a_journal_gives_the_record_the_live_session_gave() {
    let (sc, source) = flagship();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("j.jsonl");
    let recorder = Recorder::create(
        &path,
        "mission-compromise.ron",
        &source,
        Session::new(Arc::clone(&sc), 7),
    )
    .expect("journal");
    let mut host = Host::new(recorder);
    host.play(&mut Script::new(script(
        "scenarios/mission-compromise/hawkish.ron",
    )))
    .expect("the script plays");
    let live = Record::of(host.session());
    drop(host);
    let journal = sitroom_journal::read(&path).expect("the journal reads");
    let replayed = Record::from_journal(&journal, sc).expect("the journal replays");
    assert_eq!(live, replayed);
    assert!(live.revealed && live.outcome.is_some());
}

#[test]
fn the_tracks_end_where_the_views_stand() {
    let session = played("scenarios/mission-compromise/hawkish.ron");
    let record = Record::of(&session);
    let view = session.facilitator_view();
    // Escalation: the last point is the ladder's rung now, and every point
    // after the first is a move.
    let last = record.escalation.last().expect("a point at minute 0");
    assert_eq!(last.rung, view.escalation.index);
    assert!(
        record
            .escalation
            .windows(2)
            .all(|w| w[0].rung != w[1].rung && w[0].at <= w[1].at)
    );
    assert!(record.escalation.len() > 1, "the hawkish path escalates");
    // Variables: each track ends at the variable's value.
    for (track, v) in record.variables.iter().zip(&view.variables) {
        assert_eq!(track.points.last().map(|p| p.1), Some(v.value), "{}", v.id);
        assert_eq!(track.points[0].0, 0);
    }
    assert!(record.variables.iter().any(|t| t.points.len() > 1));
    // Beliefs: each track starts at the prior and ends at the team's view.
    for track in &record.beliefs {
        let tv = view
            .teams
            .iter()
            .find(|t| t.team == track.team)
            .expect("team");
        let case = tv
            .beliefs
            .iter()
            .find(|c| c.case == track.case)
            .expect("case");
        let end = &track.points.last().expect("the prior").probabilities;
        for (p, s) in end.iter().zip(&case.suspects) {
            assert!(
                (p - s.probability).abs() < 1e-12,
                "{} {}",
                track.team,
                track.case
            );
        }
        let evidence = record
            .timeline
            .iter()
            .filter(|e| matches!(&e.event, Event::EvidenceReceived { team, case, .. } if *team == track.team && *case == track.case))
            .count();
        assert_eq!(track.points.len(), evidence + 1);
        assert_eq!(case.evidence, evidence);
    }
    assert!(!record.beliefs.is_empty());
    // Decisions: every standing choice carries its score at the time and,
    // after the reveal, in hindsight.
    let chosen: Vec<_> = record
        .decisions
        .iter()
        .filter(|d| matches!(d.fate, Fate::Chosen | Fate::Defaulted | Fate::Lapsed))
        .collect();
    assert_eq!(chosen.len(), record.scores.len());
    for d in chosen {
        let score = d.score.as_ref().expect("scored");
        assert_eq!((&score.team, &score.decision), (&d.team, &d.decision));
        assert_eq!(d.grade, score.overall());
        assert!(d.hindsight.is_some());
    }
}
