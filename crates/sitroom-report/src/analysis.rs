//! The analysis an after-action report asks for, as data: per norm and per
//! objective, each team's strengths and areas for improvement drawn from
//! the scores at the time; the facilitator's observations and ratings kept
//! apart; and what was not evaluated, with the reason.

use serde::{Deserialize, Serialize};
use sitroom_engine::NoteView;
use sitroom_norms::Grade;
use sitroom_record::{Fate, Record};
use sitroom_scenario::Scenario;

/// One evaluated decision under a norm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub team: String,
    pub decision: String,
    /// The decision's title and the option's label.
    pub title: String,
    pub label: String,
    pub at: sitroom_scenario::Minutes,
    pub grade: Grade,
    pub score: u8,
    pub reason: String,
    pub source: String,
}

/// A norm's findings: P and S are strengths, M and U areas for improvement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NormAnalysis {
    pub norm: String,
    pub title: String,
    pub source: String,
    pub strengths: Vec<Finding>,
    pub improvements: Vec<Finding>,
}

/// An objective of the scenario with the norms it exercises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveAnalysis {
    pub objective: String,
    pub text: String,
    /// Per norm of the objective: per team, its grade and mean at the time
    /// (`None`: no decision of the team engaged the norm).
    pub norms: Vec<(String, Vec<(String, crate::Cell)>)>,
    /// The facilitator's observations on the decisions that engaged the
    /// objective's norms (the facilitator's judgement, not the engine's).
    pub observations: Vec<NoteView>,
}

/// Something the report does not evaluate, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotEvaluated {
    pub what: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub norms: Vec<NormAnalysis>,
    pub objectives: Vec<ObjectiveAnalysis>,
    pub not_evaluated: Vec<NotEvaluated>,
}

impl Analysis {
    pub fn of(sc: &Scenario, record: &Record) -> Analysis {
        let cat = sitroom_norms::catalogue();
        let selected = sitroom_norms::selected_norms(sc);
        let mut norms: Vec<NormAnalysis> = Vec::new();
        for (norm, _) in &selected {
            let mut a = NormAnalysis {
                norm: norm.id.clone(),
                title: norm.title.clone(),
                source: norm.source.clone(),
                strengths: Vec::new(),
                improvements: Vec::new(),
            };
            for d in &record.decisions {
                let Some(score) = &d.score else { continue };
                for e in score.evaluations.iter().filter(|e| e.norm == norm.id) {
                    let f = Finding {
                        team: d.team.clone(),
                        decision: d.decision.clone(),
                        title: d.title.clone(),
                        label: d
                            .label
                            .clone()
                            .unwrap_or_else(|| "no decision (lapsed)".to_string()),
                        at: d.at,
                        grade: e.grade,
                        score: e.score,
                        reason: e.reason.clone(),
                        source: e.source.clone(),
                    };
                    match e.grade {
                        Grade::P | Grade::S => a.strengths.push(f),
                        Grade::M | Grade::U => a.improvements.push(f),
                    }
                }
            }
            norms.push(a);
        }

        let objectives = sc
            .meta
            .objectives
            .iter()
            .map(|o| {
                let per_norm = o
                    .norms
                    .iter()
                    .map(|n| {
                        let teams = record
                            .scorecards
                            .iter()
                            .map(|c| {
                                let line = c.at_the_time.norms.iter().find(|l| l.norm == *n);
                                (c.team.clone(), line.map(|l| (l.grade, l.mean)))
                            })
                            .collect();
                        (n.clone(), teams)
                    })
                    .collect();
                let engaged = |team: &str, decision: &str| {
                    record.decisions.iter().any(|d| {
                        d.team == team
                            && d.decision == decision
                            && d.score.as_ref().is_some_and(|s| {
                                s.evaluations.iter().any(|e| o.norms.contains(&e.norm))
                            })
                    })
                };
                ObjectiveAnalysis {
                    objective: o.id.clone(),
                    text: o.text.clone(),
                    norms: per_norm,
                    observations: record
                        .notes
                        .iter()
                        .filter(|n| {
                            n.objective.as_deref() == Some(o.id.as_str())
                                || (!n.decision.is_empty() && engaged(&n.team, &n.decision))
                        })
                        .cloned()
                        .collect(),
                }
            })
            .collect();

        let mut not_evaluated = Vec::new();
        for n in &norms {
            if n.strengths.is_empty() && n.improvements.is_empty() {
                let rated: Vec<String> = record
                    .ratings_of(None, &n.norm)
                    .filter_map(|r| {
                        let who = if r.team.is_empty() {
                            "the exercise".to_string()
                        } else {
                            sitroom_record::words::team(sc, &r.team).to_string()
                        };
                        r.rating.map(|g| format!("{g} ({who})"))
                    })
                    .collect();
                let why = if rated.is_empty() {
                    "selected for this scenario, but no decision taken in this session engaged it"
                        .to_string()
                } else {
                    format!(
                        "no automatic score; rated by the facilitator: {}",
                        rated.join(", ")
                    )
                };
                not_evaluated.push(NotEvaluated {
                    what: format!("{} ({})", n.title, n.norm),
                    why,
                });
            }
        }
        for norm in &cat.norms {
            if !selected.iter().any(|(s, _)| s.id == norm.id) {
                not_evaluated.push(NotEvaluated {
                    what: format!("{} ({})", norm.title, norm.id),
                    why: "not selected for this scenario".into(),
                });
            }
        }
        for o in &sc.meta.objectives {
            if o.norms.is_empty() {
                not_evaluated.push(NotEvaluated {
                    what: format!("Objective {}: {}", o.id, o.text),
                    why: "no norm is tied to it: only the facilitator's observations speak to it"
                        .into(),
                });
            }
        }
        for d in &record.decisions {
            let why = match d.fate {
                Fate::Lapsed if d.score.is_none() => {
                    "lapsed: the team did not decide and there was no default"
                }
                Fate::Voided { .. } => "voided by the facilitator",
                _ if d.score.as_ref().is_some_and(|s| s.unscored)
                    && record.was_improvised(&d.decision) =>
                {
                    "written during the session: its option has no response kind, or none the selected norms judge"
                }
                _ if d.score.as_ref().is_some_and(|s| s.unscored) => {
                    "no selected norm applies to the option taken"
                }
                _ => continue,
            };
            not_evaluated.push(NotEvaluated {
                what: format!("{} — {} ({})", d.title, d.team, d.decision),
                why: why.into(),
            });
        }
        not_evaluated.push(NotEvaluated {
            what: "Discussion inside each team".into(),
            why: "the engine sees decisions and the rationales typed with them, not how the team reached them".into(),
        });
        Analysis {
            norms,
            objectives,
            not_evaluated,
        }
    }
}
