//! What scoring produces: an evaluation per norm per decision, the grade
//! scale, and the manual rating kept apart from it.

use std::fmt;

use serde::{Deserialize, Serialize};
use sitroom_scenario::Minutes;

/// The automatic grade, on the HSEEP letters (HSEEP, January 2020, P/S/M/U
/// ratings): P >= 85, S >= 60, M >= 30, else U (scores 0..=100). Ordered
/// from best to worst, so the worse of two grades is their `max`.
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

    /// The highest score that still carries this grade.
    pub fn max_score(self) -> u8 {
        match self {
            Grade::P => 100,
            Grade::S => 84,
            Grade::M => 59,
            Grade::U => 29,
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

/// How a decision fails a norm that governs lawfulness — the attribution
/// standard for accusations and countermeasures, the conditions of
/// countermeasures (ILC ARSIWA arts. 49–52), due process (UN GGE 2015 report
/// A/70/174 §13(e)), harm to infrastructure or CERTs (§13(f), (k)), acting on
/// another state's territory without its consent. An unlawful act does not
/// average out: it caps the decision's grade (HSEEP M: "departed from ...
/// regulations and laws"; U: not performed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Breach {
    /// A legal defect (no prior demand, not reversible, a contested basis):
    /// the decision is graded at most M.
    Defect,
    /// An unlawful act (force, the wrong state, data taken abroad, harm to a
    /// CERT): the decision is graded U.
    Grave,
}

impl Breach {
    /// The best grade a decision with this breach can have.
    pub fn cap(self) -> Grade {
        match self {
            Breach::Defect => Grade::M,
            Breach::Grave => Grade::U,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Breach::Defect => "a legal defect",
            Breach::Grave => "an unlawful act",
        }
    }
}

/// A facilitator's or evaluator's HSEEP rating of a decision (HSEEP P/S/M/U),
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
    /// Set when the decision fails a norm that governs lawfulness; the
    /// score is then within the breach's cap. Absent in older journals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach: Option<Breach>,
}

fn one() -> f64 {
    1.0
}

/// Every evaluation of one team's decision. `unscored` marks a decision that
/// no selected evaluator applied to: it is listed, never silently dropped.
///
/// `evaluations` holds the scores given at the time, on what the team knew;
/// the reveal appends its truth-dependent re-scores (`depends_on_truth`).
/// The two are never blended: [`Score::overall`] is the figure at the time,
/// [`Score::hindsight`] the reveal's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub team: String,
    pub decision: String,
    pub option: String,
    pub at: Minutes,
    pub defaulted: bool,
    pub evaluations: Vec<Evaluation>,
    pub unscored: bool,
    /// The task required action and the team took none: the clock applied a
    /// default that does nothing, or a partner's request was left to the
    /// default (HSEEP U, "unable to be performed"). Absent in older journals.
    #[serde(default, skip_serializing_if = "is_false")]
    pub failed_to_act: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The weighted mean of some evaluations, rounded; `None` with no weight.
fn weighted_mean<'a>(evals: impl Iterator<Item = &'a Evaluation>) -> Option<u8> {
    let counted = evals.filter(|e| e.weight.is_finite() && e.weight > 0.0);
    let (sum, weights) = counted.fold((0.0, 0.0), |(s, w), e| {
        (s + e.weight * f64::from(e.score), w + e.weight)
    });
    // ok: a weighted mean of 0–100 scores is within 0–100.
    (weights > 0.0).then(|| (sum / weights).round().clamp(0.0, 100.0) as u8)
}

impl Score {
    /// The evaluations given at the time the decision was taken.
    pub fn at_the_time(&self) -> impl Iterator<Item = &Evaluation> {
        self.evaluations.iter().filter(|e| !e.depends_on_truth)
    }

    /// The reveal's truth-dependent re-scores.
    pub fn in_hindsight(&self) -> impl Iterator<Item = &Evaluation> {
        self.evaluations.iter().filter(|e| e.depends_on_truth)
    }

    /// The weighted mean of the evaluations at the time (the scorecard's
    /// weights), rounded; `None` when unscored. The second figure: the grade
    /// is [`Score::overall`]'s.
    pub fn mean(&self) -> Option<u8> {
        if self.unscored {
            return None;
        }
        weighted_mean(self.at_the_time())
    }

    /// The best grade the decision can have whatever its mean: U when the
    /// team failed to act, else the strictest cap of its breaches at the time.
    pub fn cap(&self) -> Option<Grade> {
        let breaches = self.at_the_time().filter_map(|e| e.breach).map(Breach::cap);
        let fail = self.failed_to_act.then_some(Grade::U);
        breaches.chain(fail).max()
    }

    /// The decision's own figure at the time: its grade — the grade of the
    /// weighted mean, capped by any breach of a norm that governs lawfulness
    /// or a failure to act — and the weighted mean itself; `None` when
    /// unscored. The one per-decision grade every front end shows.
    pub fn overall(&self) -> Option<(Grade, u8)> {
        let Some(mean) = self.mean() else {
            // A failure to act no norm scored is still a U (HSEEP: unable
            // to perform the task).
            return self.failed_to_act.then_some((Grade::U, 0));
        };
        let grade = Grade::from_score(mean);
        Some((self.cap().map_or(grade, |c| c.max(grade)), mean))
    }

    /// The reveal's figure: the weighted mean of the truth-dependent
    /// re-scores and its grade; `None` when the reveal re-scored nothing.
    pub fn hindsight(&self) -> Option<(Grade, u8)> {
        weighted_mean(self.in_hindsight()).map(|m| (Grade::from_score(m), m))
    }
}
