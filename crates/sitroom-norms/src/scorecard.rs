//! A team's scorecard: per norm mean, overall weighted mean, HSEEP grade
//! capped by legality, the decisions that were defaulted or unscored, and
//! the reveal's re-scores kept apart from the scores given at the time.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use sitroom_scenario::{Minutes, Scenario};

use crate::catalogue::catalogue;
use crate::evaluation::{Evaluation, Grade, Score};
use crate::evaluators::Evaluator;
use crate::scoring::selected_norms;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub team: String,
    /// This team's decisions (each chosen, defaulted or lapsed), scored or not.
    pub decisions: usize,
    pub defaulted: usize,
    /// Ids of decisions no selected norm applied to.
    pub unscored: Vec<String>,
    /// The scores given at the time, per norm, in catalogue order; norms no
    /// decision touched are left out.
    pub norms: Vec<NormLine>,
    /// Weighted mean of the norm means at the time, 0..=100 (one decimal);
    /// `None` when nothing was scored. The second figure: see `grade`.
    pub overall: Option<f64>,
    /// The team's grade at the time: the grade of `overall`, but never above
    /// M when one of its decisions failed a norm that governs lawfulness or
    /// failed to act (`failures`). An unlawful act does not average out.
    pub grade: Option<Grade>,
    /// The grade of `overall` alone, before the legality cap.
    #[serde(default)]
    pub mean_grade: Option<Grade>,
    /// The decisions that cap the grade, oldest first.
    #[serde(default)]
    pub failures: Vec<Failure>,
    /// The reveal's truth-dependent re-scores, per norm, never blended into
    /// `norms`: what the truth shows in hindsight.
    #[serde(default)]
    pub hindsight: Vec<NormLine>,
    /// Weighted mean of the hindsight norm means; `None` before the reveal.
    #[serde(default)]
    pub hindsight_overall: Option<f64>,
    #[serde(default)]
    pub hindsight_grade: Option<Grade>,
    /// Norms the scenario selects that have no automatic evaluator: not
    /// evaluated here, for the facilitator to rate (filled by [`scorecard_for`]).
    #[serde(default)]
    pub not_evaluated: Vec<NotEvaluated>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NormLine {
    pub norm: String,
    pub title: String,
    pub weight: f64,
    /// Number of evaluations on this line.
    pub evaluations: usize,
    /// How many of them depend on the truth (all, on a hindsight line;
    /// none, on a line of the scores at the time).
    pub revealed: usize,
    /// Mean score, 0..=100, one decimal.
    pub mean: f64,
    pub grade: Grade,
}

/// A decision that caps the team's grade, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub decision: String,
    pub option: String,
    pub at: Minutes,
    /// The norm failed; `None` for a failure to act.
    pub norm: Option<String>,
    /// The best grade the decision could have.
    pub cap: Grade,
    pub reason: String,
}

/// A selected norm with no automatic rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotEvaluated {
    pub norm: String,
    pub title: String,
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn grade_of(mean: f64) -> Grade {
    // ok: mean is an average of 0..=100 scores, so the cast cannot truncate.
    Grade::from_score(mean.round().clamp(0.0, 100.0) as u8)
}

/// Per norm lines, in catalogue order, and their weighted mean.
fn lines<'a>(evals: impl Iterator<Item = &'a Evaluation>) -> (Vec<NormLine>, Option<f64>) {
    let cat = catalogue();
    let mut by_norm: BTreeMap<&str, Vec<&Evaluation>> = BTreeMap::new();
    for e in evals {
        by_norm.entry(e.norm.as_str()).or_default().push(e);
    }
    let position = |id: &str| {
        cat.norms
            .iter()
            .position(|n| n.id == id)
            .unwrap_or(cat.norms.len())
    };
    let mut ids: Vec<&str> = by_norm.keys().copied().collect();
    ids.sort_by_key(|id| (position(id), *id));
    let norms: Vec<NormLine> = ids
        .into_iter()
        .filter_map(|id| {
            let evals = by_norm.get(id)?;
            let first = evals.first()?;
            let total: f64 = evals.iter().map(|e| f64::from(e.score)).sum();
            let mean = one_decimal(total / evals.len() as f64);
            Some(NormLine {
                norm: id.to_string(),
                title: cat.norm(id).map_or(id.to_string(), |n| n.title.clone()),
                weight: first.weight,
                evaluations: evals.len(),
                revealed: evals.iter().filter(|e| e.depends_on_truth).count(),
                mean,
                grade: grade_of(mean),
            })
        })
        .collect();
    let counted = norms
        .iter()
        .filter(|l| l.weight.is_finite() && l.weight > 0.0);
    let (sum, weights) = counted.fold((0.0, 0.0), |(s, w), l| {
        (s + l.weight * l.mean, w + l.weight)
    });
    let overall = (weights > 0.0).then(|| one_decimal(sum / weights));
    (norms, overall)
}

/// The decision's failures: a failure to act, and each breach at the time.
fn failures_of(s: &Score) -> Vec<Failure> {
    let mut out = Vec::new();
    if s.failed_to_act {
        out.push(Failure {
            decision: s.decision.clone(),
            option: s.option.clone(),
            at: s.at,
            norm: None,
            cap: Grade::U,
            reason: if s.option.is_empty() {
                "Nobody decided and there was no default: the task required action and nothing was done."
            } else {
                "Nobody decided: the task required action and the default does not act."
            }
            .to_string(),
        });
    }
    for e in s.at_the_time() {
        if let Some(b) = e.breach {
            out.push(Failure {
                decision: s.decision.clone(),
                option: s.option.clone(),
                at: s.at,
                norm: Some(e.norm.clone()),
                cap: b.cap(),
                reason: e.reason.clone(),
            });
        }
    }
    out
}

/// The scorecard of one team from the session's scores (other teams' are ignored).
/// A norm's weight is the one its evaluations carry (the scenario's or the catalogue's).
/// The scores at the time and the reveal's re-scores are aggregated apart;
/// the grade is the one at the time, capped by legality.
pub fn scorecard(team: &str, scores: &[Score]) -> Scorecard {
    let ours: Vec<&Score> = scores.iter().filter(|s| s.team == team).collect();
    let (norms, overall) = lines(ours.iter().flat_map(|s| s.at_the_time()));
    let (hindsight, hindsight_overall) = lines(ours.iter().flat_map(|s| s.in_hindsight()));
    let mut failures: Vec<Failure> = ours.iter().flat_map(|s| failures_of(s)).collect();
    failures.sort_by_key(|f| f.at);
    let mean_grade = overall.map(grade_of);
    // HSEEP M: objectives met but departing from regulations and laws. A
    // team with an unlawful act or a failure to act is never above M.
    let grade = mean_grade.map(|g| {
        if failures.is_empty() {
            g
        } else {
            g.max(Grade::M)
        }
    });
    Scorecard {
        team: team.to_string(),
        decisions: ours.len(),
        defaulted: ours.iter().filter(|s| s.defaulted).count(),
        // A failure to act is on the card (as a failure), not "unscored".
        unscored: ours
            .iter()
            .filter(|s| s.unscored && !s.failed_to_act)
            .map(|s| s.decision.clone())
            .collect(),
        norms,
        overall,
        grade,
        mean_grade,
        failures,
        hindsight,
        hindsight_overall,
        hindsight_grade: hindsight_overall.map(grade_of),
        not_evaluated: Vec::new(),
    }
}

/// [`scorecard`], listing also the norms the scenario selects that have no
/// automatic evaluator, as not evaluated (for the facilitator to rate).
pub fn scorecard_for(scenario: &Scenario, team: &str, scores: &[Score]) -> Scorecard {
    let mut card = scorecard(team, scores);
    card.not_evaluated = selected_norms(scenario)
        .into_iter()
        .filter(|(n, _)| matches!(n.evaluator, Evaluator::Manual))
        .map(|(n, _)| NotEvaluated {
            norm: n.id.clone(),
            title: n.title.clone(),
        })
        .collect();
    card
}

/// The table of norm lines under `heading`, with the overall line.
fn table(
    out: &mut String,
    heading: &str,
    lines: &[NormLine],
    overall: Option<(f64, Grade)>,
    label: &str,
) {
    // Width of the weight and evals columns with their separators.
    const MIDDLE: usize = 2 + 6 + 2 + 5;
    let names: Vec<String> = lines
        .iter()
        .map(|l| format!("{} ({})", l.title, l.norm))
        .collect();
    let w = names
        .iter()
        .map(|n| n.chars().count())
        .chain([label.chars().count().saturating_sub(MIDDLE)])
        .max()
        .unwrap_or(0);
    // ok: writing to a String cannot fail.
    let _ = writeln!(out);
    let _ = writeln!(out, "{heading}");
    let _ = writeln!(
        out,
        "{:<w$}  {:>6}  {:>5}  {:>5}  Grade",
        "Norm", "Weight", "Evals", "Mean"
    );
    for (l, name) in lines.iter().zip(&names) {
        let _ = writeln!(
            out,
            "{name:<w$}  {:>6.1}  {:>5}  {:>5.1}  {}",
            l.weight, l.evaluations, l.mean, l.grade
        );
    }
    if let Some((overall, grade)) = overall {
        let _ = writeln!(
            out,
            "{label:<width$}  {overall:>5.1}  {grade}",
            width = w + MIDDLE
        );
    }
}

/// The scorecard as plain text for the terminal.
pub fn render_text(card: &Scorecard) -> String {
    let mut out = String::new();
    // ok: writing to a String cannot fail.
    let _ = writeln!(out, "Scorecard for team {}", card.team);
    let unscored = if card.unscored.is_empty() {
        "0 unscored".to_string()
    } else {
        format!(
            "{} unscored ({})",
            card.unscored.len(),
            card.unscored.join(", ")
        )
    };
    let _ = writeln!(
        out,
        "Decisions: {}, of which {} defaulted by the clock, {unscored}",
        card.decisions, card.defaulted
    );
    if card.norms.is_empty() {
        let _ = writeln!(out, "No norm applied to any decision.");
    } else {
        let overall = card.overall.zip(card.mean_grade.or(card.grade));
        table(
            &mut out,
            "At the time (on what the team knew):",
            &card.norms,
            overall,
            "Weighted mean of the norm means",
        );
    }
    if let (Some(grade), Some(overall)) = (card.grade, card.overall) {
        let _ = writeln!(out);
        if card.failures.is_empty() {
            let _ = writeln!(out, "Grade: {grade} (weighted mean {overall:.1}).");
        } else {
            let capped = if card.mean_grade.is_some_and(|m| m < grade) {
                format!(", capped at {grade}")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "Grade: {grade} (weighted mean {overall:.1}{capped}). A team with an unlawful act or a failure to act is not graded above M; these decisions keep it there:"
            );
            for f in &card.failures {
                let what = f.norm.as_deref().unwrap_or("failure to act");
                let option = if f.option.is_empty() {
                    "(lapsed)".to_string()
                } else {
                    format!("/ {}", f.option)
                };
                let _ = writeln!(
                    out,
                    "  minute {:>3}  {} {option}: {what}, at most {}. {}",
                    f.at, f.decision, f.cap, f.reason
                );
            }
        }
    }
    if !card.hindsight.is_empty() {
        let overall = card.hindsight_overall.zip(card.hindsight_grade);
        table(
            &mut out,
            "In hindsight (the reveal's re-scores against the truth; not in the grade):",
            &card.hindsight,
            overall,
            "Weighted mean in hindsight",
        );
    }
    if !card.not_evaluated.is_empty() {
        let _ = writeln!(out);
        let names: Vec<String> = card
            .not_evaluated
            .iter()
            .map(|n| format!("{} ({})", n.title, n.norm))
            .collect();
        let _ = writeln!(
            out,
            "Not evaluated — rate it: {} (no automatic rule; a facilitator's rating can name the norm).",
            names.join("; ")
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Grades (HSEEP): P >= 85 {}; S >= 60 {}; M >= 30 {}; U below 30 {}.",
        Grade::P.label(),
        Grade::S.label(),
        Grade::M.label(),
        Grade::U.label()
    );
    out
}
