//! The after-action report, shaped like an HSEEP after-action report:
//! overview, timeline with rationales and scores at the time, analysis per
//! objective and per norm (strengths and areas for improvement, with the
//! facilitator's observations kept apart), what was not evaluated, the
//! reveal, scorecards and an improvement plan to fill in.
//!
//! - [`Report`]: one session's record cut to an [`Edition`], rendered as
//!   [`Report::html`] (one self-contained file that prints well),
//!   [`Report::markdown`] (with its charts as SVG files) or
//!   [`Report::json`] (versioned, `docs/report.md`).
//! - [`Comparison`]: cohorts on one scenario side by side.
//! - Charts are SVG written here (`svg`), deterministic and self-contained.

/// Per norm and objective: strengths, areas for improvement, not evaluated.
mod analysis;
/// Cohorts compared.
mod compare;
/// The report's content, once, for every format.
mod doc;
/// The HTML report.
mod html;
/// The Markdown report.
mod markdown;
/// Charts.
pub mod svg;
/// Escaping and labels.
mod text;

use serde::Serialize;
use sitroom_record::Record;
use sitroom_scenario::Scenario;

pub use analysis::{Analysis, Finding, NormAnalysis, NotEvaluated, ObjectiveAnalysis};
pub use compare::{Cohort, CompareError, Comparison, DecisionPoint};

/// A grade and mean score (0–100), or `None` where nothing was scored.
pub type Cell = Option<(sitroom_norms::Grade, f64)>;
/// A norm (or `overall`) and one cell per team or cohort.
pub type NormRow = (String, Vec<Cell>);

/// The `format` key of the JSON report.
pub const FORMAT: &str = "sitroom-report";
/// The JSON report's version: bumped when a key changes meaning or goes away.
pub const VERSION: u32 = 1;

/// Who the report is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "edition", content = "team")]
pub enum Edition {
    /// Everything, the scenario's facilitator notes included.
    Facilitator,
    /// For everyone who played: no facilitator-only text; the truth unless
    /// left out (`truth: false`) for a debrief that reveals it live.
    Participant { truth: bool },
    /// Only what one team saw and did, for handing out before the debrief.
    Team(String),
}

impl Edition {
    pub fn shows_facilitator_notes(&self) -> bool {
        *self == Edition::Facilitator
    }

    pub fn label(&self, sc: &Scenario) -> String {
        match self {
            Edition::Facilitator => "Facilitator's edition".into(),
            Edition::Participant { truth: true } => "Participants' edition".into(),
            Edition::Participant { truth: false } => {
                "Participants' edition, without the ground truth".into()
            }
            Edition::Team(t) => format!(
                "{}'s edition: what the team saw and did",
                sitroom_record::words::team(sc, t)
            ),
        }
    }
}

/// A team edition asked for a team the scenario does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTeam {
    pub team: String,
    pub known: Vec<String>,
}

impl std::fmt::Display for UnknownTeam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no team `{}` in this scenario (its teams: {})",
            self.team,
            self.known.join(", ")
        )
    }
}

impl std::error::Error for UnknownTeam {}

/// Where the record came from, for the report's header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The journal's path as given.
    pub journal: Option<String>,
    /// When the session started (the journal's wall-clock label).
    pub started: Option<String>,
}

/// One session's report.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub scenario: &'a Scenario,
    /// The record cut to the edition.
    pub record: Record,
    pub edition: Edition,
    pub source: Source,
    pub analysis: Analysis,
}

impl<'a> Report<'a> {
    pub fn new(
        scenario: &'a Scenario,
        record: &Record,
        edition: Edition,
        source: Source,
    ) -> Result<Report<'a>, UnknownTeam> {
        let record = match &edition {
            Edition::Facilitator | Edition::Participant { truth: true } => record.clone(),
            Edition::Participant { truth: false } => record.without_truth(),
            Edition::Team(t) => {
                if scenario.team(t).is_none() {
                    return Err(UnknownTeam {
                        team: t.clone(),
                        known: scenario.teams.iter().map(|t| t.id.clone()).collect(),
                    });
                }
                record.for_team(scenario, t)
            }
        };
        let analysis = Analysis::of(scenario, &record);
        Ok(Report {
            scenario,
            record,
            edition,
            source,
            analysis,
        })
    }

    /// One self-contained HTML file.
    pub fn html(&self) -> String {
        html::report(self)
    }

    /// The Markdown text and its charts: `(file name, SVG)` to write beside
    /// it, named from `stem` (the report file's name without extension).
    pub fn markdown(&self, stem: &str) -> (String, Vec<(String, String)>) {
        markdown::report(self, stem)
    }

    /// The report as data (`docs/report.md`).
    pub fn json(&self) -> String {
        let value = serde_json::json!({
            "format": FORMAT,
            "version": VERSION,
            "edition": self.edition,
            "source": self.source,
            "scenario": {
                "id": self.scenario.meta.id,
                "title": self.scenario.meta.title,
                "objectives": self.scenario.meta.objectives,
            },
            "record": self.record,
            "analysis": self.analysis,
        });
        // ok: a serde_json::Value always serializes.
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }
}
