//! `sitroom report` and `sitroom compare`: journals re-simulated into
//! records (hashes checked), rendered by `sitroom-report`, written to a
//! file or stdout.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sitroom_record::Record;
use sitroom_report::{Cohort, Comparison, Edition, Report, Source};
use sitroom_scenario::Scenario;

use crate::args::ReportFormat;
use crate::journal::open_journal;
use crate::outcome::{self, Failure};

/// A journal's scenario and record, with where it came from.
struct Loaded {
    scenario: Arc<Scenario>,
    record: Record,
    source: Source,
    source_hash: String,
}

fn load(path: &Path) -> Result<Loaded, Failure> {
    let (journal, scenario) = open_journal(path)?;
    let record = Record::from_journal(&journal, Arc::clone(&scenario))
        .map_err(|d| Failure::Check(format!("{}: {d}", path.display())))?;
    Ok(Loaded {
        // With the injects written during the session, so that they read
        // by their titles.
        scenario: record.as_played(&scenario),
        record,
        source: Source {
            journal: Some(path.display().to_string()),
            started: journal.header.started.clone(),
        },
        source_hash: journal.header.scenario_hash.clone(),
    })
}

fn edition(text: &str) -> Result<Edition, Failure> {
    match text {
        "facilitator" => Ok(Edition::Facilitator),
        "participant" => Ok(Edition::Participant { truth: true }),
        "participant-no-truth" => Ok(Edition::Participant { truth: false }),
        t => match t.strip_prefix("team:") {
            Some(team) if !team.is_empty() => Ok(Edition::Team(team.to_string())),
            _ => Err(Failure::Usage(format!(
                "unknown edition `{t}`: use facilitator, participant, participant-no-truth or team:ID"
            ))),
        },
    }
}

fn load_all(paths: &[PathBuf]) -> Result<Vec<Loaded>, Failure> {
    let all = paths
        .iter()
        .map(|p| load(p))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(first) = all.first() {
        for (l, p) in all.iter().zip(paths).skip(1) {
            if l.record.scenario != first.record.scenario {
                return Err(Failure::Usage(format!(
                    "{} is a session of scenario `{}` but {} is of `{}`: only cohorts on one scenario compare",
                    paths[0].display(),
                    first.record.scenario,
                    p.display(),
                    l.record.scenario
                )));
            }
            if l.source_hash != first.source_hash {
                eprintln!(
                    "warning: {} was played on a different version of `{}` than {}",
                    p.display(),
                    first.record.scenario,
                    paths[0].display()
                );
            }
        }
    }
    Ok(all)
}

fn cohorts(all: &[Loaded], paths: &[PathBuf]) -> Vec<Cohort> {
    all.iter()
        .zip(paths)
        .map(|(l, p)| Cohort {
            label: p.file_stem().map_or_else(
                || p.display().to_string(),
                |s| s.to_string_lossy().into_owned(),
            ),
            record: l.record.clone(),
        })
        .collect()
}

fn write(output: Option<&Path>, text: &str) -> Result<(), Failure> {
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| Failure::io(path.display(), e)),
        None => outcome::print(text),
    }
}

pub fn report(
    paths: &[PathBuf],
    format: ReportFormat,
    edition_text: &str,
    output: Option<&Path>,
) -> Result<(), Failure> {
    let edition = edition(edition_text)?;
    if format == ReportFormat::Md && output.is_none() {
        return Err(Failure::Usage(
            "--format md writes its charts as SVG files beside the report: give -o FILE.md".into(),
        ));
    }
    let all = load_all(paths)?;
    if all.len() > 1 {
        if edition != Edition::Facilitator {
            return Err(Failure::Usage(
                "a comparison report is the facilitator's: leave out --edition".into(),
            ));
        }
        let sc = &all[0].scenario;
        let cmp =
            Comparison::of(sc, &cohorts(&all, paths)).map_err(|e| Failure::Usage(e.to_string()))?;
        let text = match format {
            ReportFormat::Html => cmp.html(sc),
            ReportFormat::Md => cmp.markdown(sc),
            ReportFormat::Json => cmp.json(),
        };
        return write(output, &text);
    }
    let one = &all[0];
    let report = Report::new(&one.scenario, &one.record, edition, one.source.clone())
        .map_err(|e| Failure::Usage(e.to_string()))?;
    match format {
        ReportFormat::Html => write(output, &report.html()),
        ReportFormat::Json => write(output, &report.json()),
        ReportFormat::Md => {
            let path = output.unwrap_or(Path::new("report.md"));
            let stem = path.file_stem().map_or_else(
                || "report".to_string(),
                |s| s.to_string_lossy().into_owned(),
            );
            let (text, charts) = report.markdown(&stem);
            let dir = path.parent().unwrap_or(Path::new(""));
            for (name, svg) in charts {
                let file = dir.join(name);
                std::fs::write(&file, svg).map_err(|e| Failure::io(file.display(), e))?;
            }
            write(Some(path), &text)
        }
    }
}

pub fn compare(paths: &[PathBuf]) -> Result<(), Failure> {
    let all = load_all(paths)?;
    let sc = &all[0].scenario;
    let cmp =
        Comparison::of(sc, &cohorts(&all, paths)).map_err(|e| Failure::Usage(e.to_string()))?;
    outcome::print(&cmp.text(sc))
}
