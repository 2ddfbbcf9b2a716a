//! What scoring produces: an evaluation per norm per decision, the grade
//! scale, and the manual rating kept apart from it.

use std::fmt;

use serde::{Deserialize, Serialize};
use sitroom_scenario::Minutes;

/// The automatic grade, on the HSEEP letters (domain.md §7.2):
/// P >= 85, S >= 60, M >= 30, else U (scores 0..=100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    P,
    S,
    M,
    U,
}

impl Grade {
    pub fn from_score(score: u8) -> Grade {
        match score {
            85.. => Grade::P,
            60..=84 => Grade::S,
            30..=59 => Grade::M,
            _ => Grade::U,
        }
    }

    /// The HSEEP wording of the letter.
    pub fn label(self) -> &'static str {
        match self {
            Grade::P => "performed without challenges",
            Grade::S => "performed with some challenges",
            Grade::M => "performed with major challenges",
            Grade::U => "unable to be performed",
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Grade::P => "P",
            Grade::S => "S",
            Grade::M => "M",
            Grade::U => "U",
        })
    }
}

/// A facilitator's or evaluator's HSEEP rating of a decision (domain.md §7.2),
/// recorded with an observation note. A separate type from [`Grade`] so
/// manual ratings and automatic scores are never mixed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rating {
    P,
    S,
    M,
    U,
}

impl Rating {
    pub fn label(self) -> &'static str {
        match self {
            Rating::P => "performed without challenges",
            Rating::S => "performed with some challenges",
            Rating::M => "performed with major challenges",
            Rating::U => "unable to be performed",
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rating::P => "P",
            Rating::S => "S",
            Rating::M => "M",
            Rating::U => "U",
        })
    }
}

/// One decision scored against one norm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Norm id from the catalogue.
    pub norm: String,
    /// 0..=100.
    pub score: u8,
    /// Always `Grade::from_score(score)`.
    pub grade: Grade,
    /// One sentence with the numbers behind the score.
    pub reason: String,
    /// The norm's source, from the catalogue.
    pub source: String,
    /// Given only in the reveal, once the ground truth is known.
    pub depends_on_truth: bool,
    /// The norm's weight in the overall score (the scenario's, else the catalogue's).
    #[serde(default = "one")]
    pub weight: f64,
}

fn one() -> f64 {
    1.0
}

/// Every evaluation of one team's decision. `unscored` marks a decision that
/// no selected evaluator applied to: it is listed, never silently dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub team: String,
    pub decision: String,
    pub option: String,
    pub at: Minutes,
    pub defaulted: bool,
    pub evaluations: Vec<Evaluation>,
    pub unscored: bool,
}

impl Score {
    /// The decision's own figure: the weighted mean of its evaluations (the
    /// scorecard's weights), rounded, with its grade; `None` when unscored.
    /// The one per-decision grade every front end shows.
    pub fn overall(&self) -> Option<(Grade, u8)> {
        if self.unscored {
            return None;
        }
        let counted = self
            .evaluations
            .iter()
            .filter(|e| e.weight.is_finite() && e.weight > 0.0);
        let (sum, weights) = counted.fold((0.0, 0.0), |(s, w), e| {
            (s + e.weight * f64::from(e.score), w + e.weight)
        });
        if weights <= 0.0 {
            return None;
        }
        // ok: a weighted mean of 0–100 scores is within 0–100.
        let mean = (sum / weights).round().clamp(0.0, 100.0) as u8;
        Some((Grade::from_score(mean), mean))
    }
}
