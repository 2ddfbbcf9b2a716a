//! A team's scorecard: per norm mean, overall weighted mean, HSEEP grade,
//! and the decisions that were defaulted or unscored, listed by name.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::catalogue::catalogue;
use crate::evaluation::{Evaluation, Grade, Score};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub team: String,
    /// This team's decisions (each chosen or defaulted), scored or not.
    pub decisions: usize,
    pub defaulted: usize,
    /// Ids of decisions no selected norm applied to.
    pub unscored: Vec<String>,
    /// Catalogue order; norms no decision touched are left out.
    pub norms: Vec<NormLine>,
    /// Weighted mean of the norm means, 0..=100 (one decimal); `None` when
    /// nothing was scored.
    pub overall: Option<f64>,
    pub grade: Option<Grade>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NormLine {
    pub norm: String,
    pub title: String,
    pub weight: f64,
    /// Number of evaluations, including those given in the reveal.
    pub evaluations: usize,
    /// How many of them depend on the truth (given in the reveal).
    pub revealed: usize,
    /// Mean score, 0..=100, one decimal.
    pub mean: f64,
    pub grade: Grade,
}

fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn grade_of(mean: f64) -> Grade {
    // ok: mean is an average of 0..=100 scores, so the cast cannot truncate.
    Grade::from_score(mean.round().clamp(0.0, 100.0) as u8)
}

/// The scorecard of one team from the session's scores (other teams' are ignored).
/// A norm's weight is the one its evaluations carry (the scenario's or the catalogue's).
pub fn scorecard(team: &str, scores: &[Score]) -> Scorecard {
    let cat = catalogue();
    let ours: Vec<&Score> = scores.iter().filter(|s| s.team == team).collect();
    let mut by_norm: BTreeMap<&str, Vec<&Evaluation>> = BTreeMap::new();
    for e in ours.iter().flat_map(|s| &s.evaluations) {
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

    Scorecard {
        team: team.to_string(),
        decisions: ours.len(),
        defaulted: ours.iter().filter(|s| s.defaulted).count(),
        unscored: ours
            .iter()
            .filter(|s| s.unscored)
            .map(|s| s.decision.clone())
            .collect(),
        norms,
        overall,
        grade: overall.map(grade_of),
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
    const OVERALL: &str = "Overall (weighted mean of the norm means)";
    // Width of the weight, evals and revealed columns with their separators.
    const MIDDLE: usize = 2 + 6 + 2 + 5 + 2 + 8;
    let names: Vec<String> = card
        .norms
        .iter()
        .map(|l| format!("{} ({})", l.title, l.norm))
        .collect();
    let w = names
        .iter()
        .map(|n| n.chars().count())
        .chain([OVERALL.len().saturating_sub(MIDDLE)])
        .max()
        .unwrap_or(0);
    if card.norms.is_empty() {
        let _ = writeln!(out, "No norm applied to any decision.");
    } else {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{:<w$}  {:>6}  {:>5}  {:>8}  {:>5}  Grade",
            "Norm", "Weight", "Evals", "Revealed", "Mean"
        );
        for (l, name) in card.norms.iter().zip(&names) {
            let _ = writeln!(
                out,
                "{name:<w$}  {:>6.1}  {:>5}  {:>8}  {:>5.1}  {}",
                l.weight, l.evaluations, l.revealed, l.mean, l.grade
            );
        }
    }
    if let (Some(overall), Some(grade)) = (card.overall, card.grade) {
        // The overall label spans the name and the middle columns.
        let _ = writeln!(
            out,
            "{OVERALL:<width$}  {overall:>5.1}  {grade}",
            width = w + MIDDLE
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
