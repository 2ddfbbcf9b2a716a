//! Cohorts on one scenario side by side: where their paths diverged, the
//! option each took at every decision point and how long it took, peak
//! escalation, the attribution each reached and when, and scorecards.

use std::fmt::Write as _;

use serde::Serialize;
use sitroom_record::{Fate, Record, words};
use sitroom_scenario::{Minutes, Scenario};

use crate::text::{esc, md};

/// One cohort: a label (the journal's name) and its record.
#[derive(Debug, Clone)]
pub struct Cohort {
    pub label: String,
    pub record: Record,
}

/// Journals of different scenarios cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareError {
    TooFew,
    Different {
        first: (String, String),
        other: (String, String),
    },
}

impl std::fmt::Display for CompareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompareError::TooFew => write!(f, "a comparison needs at least two journals"),
            CompareError::Different { first, other } => write!(
                f,
                "`{}` is a session of scenario `{}` but `{}` is of `{}`: only cohorts on one scenario compare",
                first.0, first.1, other.0, other.1
            ),
        }
    }
}

impl std::error::Error for CompareError {}

/// One team's decision point across the cohorts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionPoint {
    pub team: String,
    pub decision: String,
    pub title: String,
    /// Per cohort: the option label (or what became of it) and the minutes
    /// from the inject's release to the choice.
    pub cohorts: Vec<Option<(String, Option<Minutes>)>>,
    /// The cohorts did not all do the same here.
    pub diverged: bool,
}

/// Per cohort, a team's final attribution of a case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribution {
    pub team: String,
    pub case: String,
    /// Per cohort: leading suspect, its probability, and the minute from
    /// which it led without interruption.
    pub cohorts: Vec<Option<(String, f64, Minutes)>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub scenario: String,
    pub cohorts: Vec<String>,
    pub points: Vec<DecisionPoint>,
    /// The first decision point where the cohorts chose differently.
    pub first_divergence: Option<usize>,
    /// Per cohort: peak rung (index from 0) and when it was first reached.
    pub peak: Vec<(usize, Minutes)>,
    pub attributions: Vec<Attribution>,
    /// Per team, per norm: each cohort's grade and mean at the time.
    pub scorecards: Vec<(String, Vec<crate::NormRow>)>,
}

impl Comparison {
    pub fn of(sc: &Scenario, cohorts: &[Cohort]) -> Result<Comparison, CompareError> {
        let Some(first) = cohorts.first() else {
            return Err(CompareError::TooFew);
        };
        if cohorts.len() < 2 {
            return Err(CompareError::TooFew);
        }
        for c in cohorts {
            if c.record.scenario != first.record.scenario {
                return Err(CompareError::Different {
                    first: (first.label.clone(), first.record.scenario.clone()),
                    other: (c.label.clone(), c.record.scenario.clone()),
                });
            }
        }
        // Decision points in the order they first came up in any cohort.
        let mut keys: Vec<(Minutes, String, String, String)> = Vec::new();
        for c in cohorts {
            for d in &c.record.decisions {
                let opened = released_at(&c.record, &d.decision).unwrap_or(d.at);
                match keys.iter_mut().find(|k| k.1 == d.team && k.2 == d.decision) {
                    Some(k) => k.0 = k.0.min(opened),
                    None => {
                        keys.push((opened, d.team.clone(), d.decision.clone(), d.title.clone()))
                    }
                }
            }
        }
        keys.sort(); // by minute, then team and decision ids: stable across runs
        let points: Vec<DecisionPoint> = keys
            .into_iter()
            .map(|(_, team, decision, title)| {
                let per: Vec<Option<(String, Option<Minutes>)>> = cohorts
                    .iter()
                    .map(|c| {
                        // The standing choice, else the last thing that happened.
                        let ds: Vec<_> = c
                            .record
                            .decisions_of(&team)
                            .filter(|d| d.decision == decision)
                            .collect();
                        let d = ds
                            .iter()
                            .find(|d| matches!(d.fate, Fate::Chosen | Fate::Defaulted))
                            .or(ds.last())?;
                        let what = match d.fate {
                            Fate::Chosen => d.label.clone().unwrap_or_default(),
                            Fate::Defaulted => {
                                format!("{} (default)", d.label.as_deref().unwrap_or_default())
                            }
                            Fate::Lapsed => "lapsed".to_string(),
                            Fate::Voided { .. } => {
                                format!("{} (voided)", d.label.as_deref().unwrap_or_default())
                            }
                        };
                        let took =
                            released_at(&c.record, &decision).map(|r| d.at.saturating_sub(r));
                        Some((what, took))
                    })
                    .collect();
                let diverged = per
                    .iter()
                    .map(|x| x.as_ref().map(|(w, _)| w.as_str()))
                    .collect::<std::collections::BTreeSet<_>>()
                    .len()
                    > 1;
                DecisionPoint {
                    team,
                    decision,
                    title,
                    cohorts: per,
                    diverged,
                }
            })
            .collect();
        let first_divergence = points.iter().position(|p| p.diverged);
        let peak = cohorts
            .iter()
            .map(|c| {
                let max = c
                    .record
                    .escalation
                    .iter()
                    .map(|p| p.rung)
                    .max()
                    .unwrap_or(0);
                let at = c
                    .record
                    .escalation
                    .iter()
                    .find(|p| p.rung == max)
                    .map_or(0, |p| p.at);
                (max, at)
            })
            .collect();
        let mut attributions = Vec::new();
        for case in &sc.cases {
            for team in &sc.teams {
                let per: Vec<Option<(String, f64, Minutes)>> = cohorts
                    .iter()
                    .map(|c| {
                        let t = c
                            .record
                            .beliefs
                            .iter()
                            .find(|b| b.team == team.id && b.case == case.id)?;
                        let last = t.points.last()?;
                        let (k, &p) = last
                            .probabilities
                            .iter()
                            .enumerate()
                            .max_by(|a, b| a.1.total_cmp(b.1))?;
                        // From when the final leader led without a break.
                        let leads = |probs: &[f64]| {
                            probs
                                .iter()
                                .enumerate()
                                .max_by(|a, b| a.1.total_cmp(b.1))
                                .map(|x| x.0)
                                == Some(k)
                        };
                        let since = t
                            .points
                            .iter()
                            .rev()
                            .take_while(|pt| leads(&pt.probabilities))
                            .last()
                            .map_or(last.at, |pt| pt.at);
                        Some((t.suspects.get(k).cloned().unwrap_or_default(), p, since))
                    })
                    .collect();
                if per.iter().any(Option::is_some) {
                    attributions.push(Attribution {
                        team: team.id.clone(),
                        case: case.id.clone(),
                        cohorts: per,
                    });
                }
            }
        }
        let mut scorecards = Vec::new();
        for team in sc.player_teams() {
            let mut norms: Vec<String> = Vec::new();
            for c in cohorts {
                if let Some(card) = c.record.card(&team.id) {
                    for l in &card.at_the_time.norms {
                        if !norms.contains(&l.norm) {
                            norms.push(l.norm.clone());
                        }
                    }
                }
            }
            let mut rows: Vec<crate::NormRow> = norms
                .iter()
                .map(|n| {
                    let cells = cohorts
                        .iter()
                        .map(|c| {
                            c.record
                                .card(&team.id)?
                                .at_the_time
                                .norms
                                .iter()
                                .find(|l| l.norm == *n)
                                .map(|l| (l.grade, l.mean))
                        })
                        .collect();
                    (n.clone(), cells)
                })
                .collect();
            rows.push((
                "overall".to_string(),
                cohorts
                    .iter()
                    .map(|c| {
                        let card = &c.record.card(&team.id)?.at_the_time;
                        card.grade.zip(card.overall)
                    })
                    .collect(),
            ));
            scorecards.push((team.id.clone(), rows));
        }
        Ok(Comparison {
            scenario: first.record.scenario.clone(),
            cohorts: cohorts.iter().map(|c| c.label.clone()).collect(),
            points,
            first_divergence,
            peak,
            attributions,
            scorecards,
        })
    }

    /// The comparison as tables: (title, head, rows), shared by every format.
    fn tables(&self, sc: &Scenario) -> Vec<(String, Vec<String>, Vec<Vec<String>>)> {
        let mut head = vec!["Team".to_string(), "Decision".to_string()];
        head.extend(self.cohorts.iter().cloned());
        let cell = |x: &Option<(String, Option<Minutes>)>| match x {
            Some((w, Some(t))) => format!("{w} (after {t} min)"),
            Some((w, None)) => w.clone(),
            None => "not reached".to_string(),
        };
        let points = self
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mark = if Some(i) == self.first_divergence {
                    " ◆ first divergence"
                } else if p.diverged {
                    " ◇ diverged"
                } else {
                    ""
                };
                let mut row = vec![
                    words::team(sc, &p.team).to_string(),
                    format!("{}{mark}", p.title),
                ];
                row.extend(p.cohorts.iter().map(cell));
                row
            })
            .collect();
        let mut chead = vec!["".to_string()];
        chead.extend(self.cohorts.iter().cloned());
        let mut peak = vec!["Peak escalation".to_string()];
        peak.extend(self.peak.iter().map(|&(r, at)| {
            let name = sc.escalation.rungs.get(r).map_or("", |x| x.name.as_str());
            format!(
                "rung {} of {}: {name} (from minute {at})",
                sitroom_record::words::rung_number(r),
                sc.escalation.rungs.len()
            )
        }));
        let attribution = self
            .attributions
            .iter()
            .map(|a| {
                let mut row = vec![format!(
                    "{} on {}",
                    words::team(sc, &a.team),
                    words::case_name(sc, &a.case)
                )];
                row.extend(a.cohorts.iter().map(|x| match x {
                    Some((s, p, since)) => format!(
                        "{} {:.0}% (leading from minute {since})",
                        words::actor(sc, s),
                        p * 100.0
                    ),
                    None => "no belief".to_string(),
                }));
                row
            })
            .collect::<Vec<_>>();
        let mut out = vec![
            ("Decision points".to_string(), head, points),
            ("Escalation".to_string(), chead.clone(), vec![peak]),
            (
                "Attribution reached".to_string(),
                chead.clone(),
                attribution,
            ),
        ];
        for (team, rows) in &self.scorecards {
            let rows = rows
                .iter()
                .map(|(n, cells)| {
                    let title = if n == "overall" {
                        "Overall (weighted)".to_string()
                    } else {
                        sitroom_norms::catalogue()
                            .norm(n)
                            .map_or_else(|| n.clone(), |x| x.title.clone())
                    };
                    let mut row = vec![title];
                    row.extend(cells.iter().map(|c| match c {
                        Some((g, m)) => format!("{g} ({m:.0})"),
                        None => "—".to_string(),
                    }));
                    row
                })
                .collect();
            out.push((
                format!("Scorecard: {} (at the time)", words::team(sc, team)),
                chead.clone(),
                rows,
            ));
        }
        out
    }

    fn heading(&self, sc: &Scenario) -> String {
        format!(
            "Cohorts compared: {} ({} sessions)",
            sc.meta.title,
            self.cohorts.len()
        )
    }

    fn divergence(&self, sc: &Scenario) -> String {
        match self.first_divergence.and_then(|i| self.points.get(i)) {
            Some(p) => format!(
                "The paths first diverged at {}'s decision \"{}\".",
                words::team(sc, &p.team),
                p.title
            ),
            None => "Every cohort chose the same at every decision point.".to_string(),
        }
    }

    /// For the terminal.
    pub fn text(&self, sc: &Scenario) -> String {
        let mut out = format!("{}\n{}\n", self.heading(sc), self.divergence(sc));
        for (title, head, rows) in self.tables(sc) {
            let _ = writeln!(out, "\n{title}");
            let widths: Vec<usize> = (0..head.len())
                .map(|i| {
                    std::iter::once(&head)
                        .chain(&rows)
                        .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                        .max()
                        .unwrap_or(0)
                        .min(48)
                })
                .collect();
            for row in std::iter::once(&head).chain(&rows) {
                let line: Vec<String> = row
                    .iter()
                    .zip(&widths)
                    .map(|(c, &w)| {
                        let c = crate::text::clip(c, w);
                        format!("{c:<w$}")
                    })
                    .collect();
                let _ = writeln!(out, "  {}", line.join("  ").trim_end());
            }
        }
        out
    }

    pub fn html(&self, sc: &Scenario) -> String {
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}}table{{border-collapse:collapse;width:100%;margin:.5rem 0 1.2rem}}th,td{{border:1px solid #bbb;padding:.3rem .45rem;text-align:left;vertical-align:top}}th{{background:#eee}}@media print{{tr{{break-inside:avoid}}thead{{display:table-header-group}}h2{{break-after:avoid}}}}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>{}</p>\n",
            esc(&self.heading(sc)),
            esc(&self.heading(sc)),
            esc(&self.divergence(sc))
        );
        for (title, head, rows) in self.tables(sc) {
            let _ = write!(out, "<h2>{}</h2>\n<table><thead><tr>", esc(&title));
            for h in head {
                let _ = write!(out, "<th>{}</th>", esc(&h));
            }
            out.push_str("</tr></thead><tbody>\n");
            for row in rows {
                out.push_str("<tr>");
                for c in row {
                    let _ = write!(out, "<td>{}</td>", esc(&c));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody></table>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    pub fn markdown(&self, sc: &Scenario) -> String {
        let mut out = format!(
            "# {}\n\n{}\n\n",
            md(&self.heading(sc)),
            md(&self.divergence(sc))
        );
        for (title, head, rows) in self.tables(sc) {
            let _ = writeln!(out, "## {}\n", md(&title));
            let line = |r: &[String]| {
                format!(
                    "| {} |",
                    r.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ")
                )
            };
            let _ = writeln!(out, "{}", line(&head));
            let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
            for r in rows {
                let _ = writeln!(out, "{}", line(&r));
            }
            out.push('\n');
        }
        out
    }

    pub fn json(&self) -> String {
        let value = serde_json::json!({
            "format": "sitroom-comparison",
            "version": 1,
            "comparison": self,
        });
        // ok: a serde_json::Value always serializes.
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn released_at(record: &Record, inject: &str) -> Option<Minutes> {
    record
        .releases
        .iter()
        .find(|r| r.inject == inject)
        .map(|r| r.at)
}
