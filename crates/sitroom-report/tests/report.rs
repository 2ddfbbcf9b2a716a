//! The report of the flagship's paths: the Markdown and a chart as
//! snapshots, each edition holding only what its readers may see (checked on
//! the bytes), the HTML self-contained, and cohorts compared.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::sync::Arc;

use sitroom_engine::{Input, Session, Stamped};
use sitroom_host::{Host, Script};
use sitroom_record::Record;
use sitroom_report::{Cohort, CompareError, Comparison, Edition, Report, Source};
use sitroom_scenario::Scenario;

fn read(path: &str) -> String {
    let path = format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn scenario(path: &str) -> Arc<Scenario> {
    Arc::new(sitroom_scenario::load(&read(path)).unwrap_or_else(|e| panic!("{}", e.message)))
}

fn flagship() -> Arc<Scenario> {
    scenario("scenarios/mission-compromise.ron")
}

fn record(sc: &Arc<Scenario>, script: &str, extra: Vec<Stamped>) -> Record {
    let mut inputs: Vec<Stamped> = sitroom_scenario::load::options()
        .from_str(&read(script))
        .unwrap_or_else(|e| panic!("{script}: {e}"));
    inputs.extend(extra);
    inputs.sort_by_key(|s| s.at);
    let mut host = Host::new(Session::new(Arc::clone(sc), 7));
    host.play(&mut Script::new(inputs))
        .expect("the script plays");
    Record::of(host.session())
}

const RESTRAINED: &str = "scenarios/mission-compromise/restrained.ron";
const HAWKISH: &str = "scenarios/mission-compromise/hawkish.ron";

/// An evaluator's observation, so that the report has one to keep apart.
fn note() -> Vec<Stamped> {
    vec![Stamped {
        at: 12,
        input: Input::Note {
            decision: "gateway-alert".into(),
            team: "cert".into(),
            rating: Some(sitroom_engine::Rating::S),
            text: "Fast containment; the partner alert came late.".into(),
        },
    }]
}

fn report<'a>(sc: &'a Scenario, rec: &Record, edition: Edition) -> Report<'a> {
    Report::new(sc, rec, edition, Source::default()).expect("a known edition")
}

#[test]
fn the_facilitators_markdown_report_matches_its_snapshot() {
    let sc = flagship();
    let rec = record(&sc, RESTRAINED, note());
    let (text, charts) = report(&sc, &rec, Edition::Facilitator).markdown("flagship");
    insta::assert_snapshot!("facilitator_md", text);
    let names: Vec<&str> = charts.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"flagship-escalation.svg"), "{names:?}");
    assert!(names.contains(&"flagship-scorecard.svg"));
    assert!(names.iter().any(|n| n.starts_with("flagship-belief-")));
    insta::assert_snapshot!("escalation_svg", &charts[0].1);
}

#[test]
fn the_html_report_is_one_file_that_fetches_nothing() {
    let sc = flagship();
    let html = report(&sc, &record(&sc, HAWKISH, note()), Edition::Facilitator).html();
    for banned in ["<script", "<link", "src=", "@import", "url(", "https://"] {
        assert!(!html.contains(banned), "the report holds {banned}");
    }
    // The only address is the SVG namespace.
    assert_eq!(
        html.matches("http://").count(),
        html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(html.contains("@media print"));
    assert!(
        html.matches("<svg").count() >= 3,
        "escalation, beliefs, scorecard"
    );
    assert!(html.contains("Improvement plan") && html.contains("What was not evaluated"));
    assert!(html.contains("Fast containment"), "the observation is in");
}

/// Text only facilitators may read: the scenario's notes and summary.
fn facilitator_only(sc: &Scenario) -> Vec<String> {
    let mut out = vec![sc.meta.summary.clone(), sc.meta.facilitator_note.clone()];
    for i in &sc.injects {
        out.push(i.facilitator_note.clone());
        if let Some(d) = &i.decision {
            out.extend(d.options.iter().map(|o| o.facilitator_note.clone()));
        }
    }
    out.into_iter()
        .map(|s| s.trim().chars().take(60).collect::<String>())
        .filter(|s| s.len() > 12)
        .collect()
}

fn truths(sc: &Scenario) -> Vec<String> {
    sc.cases
        .iter()
        .map(|c| c.truth.explanation.chars().take(60).collect())
        .filter(|s: &String| s.len() > 12)
        .collect()
}

#[test]
fn each_edition_holds_only_what_its_readers_may_see() {
    let sc = flagship();
    let rec = record(&sc, RESTRAINED, note());
    let notes = facilitator_only(&sc);
    let truth = truths(&sc);
    assert!(!notes.is_empty() && !truth.is_empty());
    let all = |e: Edition| {
        let r = report(&sc, &rec, e);
        format!("{}{}{}", r.html(), r.markdown("x").0, r.json())
    };
    let fac = all(Edition::Facilitator);
    assert!(
        notes.iter().any(|n| fac.contains(&html_or_plain(n))),
        "the facilitator's has the notes"
    );
    assert!(truth.iter().all(|t| fac.contains(&html_or_plain(t))));
    let part = all(Edition::Participant { truth: true });
    for n in &notes {
        assert!(
            !part.contains(n.as_str()) && !part.contains(&html_or_plain(n)),
            "participant: {n}"
        );
    }
    assert!(truth.iter().all(|t| part.contains(&html_or_plain(t))));
    let blind = all(Edition::Participant { truth: false });
    for t in &truth {
        assert!(
            !blind.contains(t.as_str()) && !blind.contains(&html_or_plain(t)),
            "no truth: {t}"
        );
    }
    // A team's edition: none of the injects that did not reach it, nothing
    // of the other team, no truth.
    for team in sc.player_teams() {
        let text = all(Edition::Team(team.id.clone()));
        for inj in sc.injects.iter().filter(|i| !i.reaches(team)) {
            assert!(
                !text.contains(&html_or_plain(&inj.title)) && !text.contains(&inj.id),
                "{}'s edition shows '{}'",
                team.id,
                inj.title
            );
        }
        // Nothing the other teams decided: neither their options nor their
        // rationales (other teams' names may appear in injects the team got).
        for d in rec.decisions.iter().filter(|d| d.team != team.id) {
            if let Some(r) = &d.rationale {
                assert!(
                    !text.contains(&html_or_plain(r)) && !text.contains(r.as_str()),
                    "{}: {r}",
                    team.id
                );
            }
            if let Some(label) = &d.label {
                let own = rec
                    .decisions
                    .iter()
                    .any(|m| m.team == team.id && m.label.as_ref() == Some(label));
                assert!(
                    own || !text.contains(&html_or_plain(label)),
                    "{}'s edition shows '{label}'",
                    team.id
                );
            }
        }
        for t in &truth {
            assert!(!text.contains(t.as_str()) && !text.contains(&html_or_plain(t)));
        }
    }
    let unknown = Report::new(&sc, &rec, Edition::Team("nobody".into()), Source::default());
    assert!(unknown.is_err());
}

/// The text as the HTML writes it (the Markdown and JSON hold it plain).
fn html_or_plain(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn cohorts_compare_on_one_scenario_only() {
    let sc = flagship();
    let r = record(&sc, RESTRAINED, Vec::new());
    let h = record(&sc, HAWKISH, Vec::new());
    let cohort = |label: &str, record: &Record| Cohort {
        label: label.into(),
        record: record.clone(),
    };
    let same = Comparison::of(&sc, &[cohort("a", &r), cohort("b", &r)]).expect("compares");
    assert_eq!(same.first_divergence, None);
    let cmp =
        Comparison::of(&sc, &[cohort("restrained", &r), cohort("hawkish", &h)]).expect("compares");
    let first = cmp.first_divergence.expect("the paths diverge");
    assert_eq!(cmp.points[first].decision, "gateway-alert");
    assert!(cmp.points[first].diverged && !cmp.points[..first].iter().any(|p| p.diverged));
    assert!(
        cmp.peak[1].0 > cmp.peak[0].0,
        "the hawkish path escalates further"
    );
    insta::assert_snapshot!("compare_text", cmp.text(&sc));
    let other = scenario("scenarios/grid-election.ron");
    let o = {
        let mut host = Host::new(Session::new(Arc::clone(&other), 1));
        host.advance(30).expect("advances");
        Record::of(host.session())
    };
    assert!(matches!(
        Comparison::of(&sc, &[cohort("r", &r), cohort("o", &o)]),
        Err(CompareError::Different { .. })
    ));
    assert_eq!(
        Comparison::of(&sc, &[cohort("r", &r)]).unwrap_err(),
        CompareError::TooFew
    );
}
