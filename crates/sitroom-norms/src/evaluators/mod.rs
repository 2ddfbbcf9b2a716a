//! One module per evaluator: a pure function from a decision in its context
//! (and the evaluator's parameters from the catalogue) to a verdict, or
//! `None` when the norm does not apply to that decision.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sitroom_scenario::Truth;

use crate::catalogue::Catalogue;
use crate::context::DecisionContext;
use crate::evaluation::Breach;

/// A reason's text, written only when the context asks for reasons
/// (`DecisionContext::reasons`; a batch reads scores and grades alone): the
/// arguments are not even evaluated otherwise.
macro_rules! reason {
    ($ctx:expr, $($fmt:tt)*) => {
        if $ctx.reasons {
            format!($($fmt)*)
        } else {
            String::new()
        }
    };
}

pub mod assistance;
pub mod attribution_standard;
pub mod calibration;
pub mod consider_information;
pub mod countermeasure_conditions;
pub mod due_process;
pub mod necessity;
pub mod proportionality;
pub mod protect_infrastructure;
pub mod ransom;
pub mod timeliness;

/// A norm's automatic rule and its parameters, as written in `assets/norms.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Evaluator {
    Proportionality(proportionality::Params),
    AttributionStandard(attribution_standard::Params),
    Calibration(calibration::Params),
    CountermeasureConditions(countermeasure_conditions::Params),
    Necessity(necessity::Params),
    ConsiderInformation(consider_information::Params),
    DueProcess(due_process::Params),
    Assistance(assistance::Params),
    ProtectInfrastructure(protect_infrastructure::Params),
    Timeliness(timeliness::Params),
    Ransom(ransom::Params),
    /// No automatic rule: the norm is rated only through facilitator observations.
    Manual,
}

/// What an evaluator concludes: a score 0..=100, the reason (how the number
/// was reached), a breach when the decision fails a norm that governs
/// lawfulness, and the source of the rule applied when it is narrower than
/// the norm's (proportionality of a countermeasure is ARSIWA art. 51, of
/// retorsion the EU toolbox's).
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub score: u8,
    pub reason: String,
    pub breach: Option<Breach>,
    pub source: Option<String>,
}

impl Verdict {
    pub(crate) fn new(score: i32, reason: String) -> Verdict {
        // ok: clamped to 0..=100 first, so the cast cannot truncate.
        Verdict {
            score: score.clamp(0, 100) as u8,
            reason,
            breach: None,
            source: None,
        }
    }

    /// Marks a breach (the strictest one wins) and keeps the score within its cap.
    pub(crate) fn breach(mut self, breach: Option<Breach>) -> Verdict {
        if let Some(b) = breach {
            let b = self.breach.map_or(b, |old| old.max(b));
            self.score = self.score.min(b.cap().max_score());
            self.breach = Some(b);
        }
        self
    }

    /// Cites the rule's own source in place of the norm's.
    pub(crate) fn source(mut self, source: Option<&str>) -> Verdict {
        if let Some(s) = source.filter(|s| !s.is_empty()) {
            self.source = Some(s.to_string());
        }
        self
    }
}

impl Evaluator {
    /// Scores the decision, or `None` when the norm does not apply to it.
    pub fn verdict(&self, ctx: &DecisionContext, cat: &Catalogue) -> Option<Verdict> {
        match self {
            Evaluator::Proportionality(p) => proportionality::evaluate(ctx, p, cat),
            Evaluator::AttributionStandard(p) => attribution_standard::evaluate(ctx, p, cat),
            Evaluator::Calibration(p) => calibration::evaluate(ctx, p, cat),
            Evaluator::CountermeasureConditions(p) => {
                countermeasure_conditions::evaluate(ctx, p, cat)
            }
            Evaluator::Necessity(p) => necessity::evaluate(ctx, p, cat),
            Evaluator::ConsiderInformation(p) => consider_information::evaluate(ctx, p, cat),
            Evaluator::DueProcess(p) => due_process::evaluate(ctx, p),
            Evaluator::Assistance(p) => assistance::evaluate(ctx, p),
            Evaluator::ProtectInfrastructure(p) => protect_infrastructure::evaluate(ctx, p),
            Evaluator::Timeliness(p) => timeliness::evaluate(ctx, p),
            Evaluator::Ransom(p) => ransom::evaluate(ctx, p),
            Evaluator::Manual => None,
        }
    }

    /// The truth-dependent re-score, for the evaluators that have one.
    pub fn reveal(
        &self,
        ctx: &DecisionContext,
        cat: &Catalogue,
        truth: &BTreeMap<String, Truth>,
    ) -> Option<Verdict> {
        match self {
            Evaluator::AttributionStandard(p) => attribution_standard::reveal(ctx, p, cat, truth),
            Evaluator::Calibration(p) => calibration::reveal(ctx, p, cat, truth),
            Evaluator::CountermeasureConditions(p) => {
                countermeasure_conditions::reveal(ctx, p, cat, truth)
            }
            _ => None,
        }
    }

    /// Catalogue checks: parameters that are scores must lie in 0..=100.
    pub(crate) fn check(&self, norm: &str, problems: &mut Vec<String>) {
        let scores: Vec<(&str, u8)> = match self {
            Evaluator::Proportionality(p) => vec![("per_point", p.per_point), ("gross", p.gross)],
            Evaluator::AttributionStandard(p) => {
                let mut v: Vec<(&str, u8)> = Vec::new();
                let rules = p.families.iter().map(|f| f.rule());
                for rule in rules.chain(p.kinds.iter().map(|k| k.rule())) {
                    v.push(("wrong_target", rule.wrong_target));
                    v.push(("one_short", rule.gate.one_short));
                    v.push(("two_short", rule.gate.two_short));
                    if let Some(needs) = rule.needs {
                        v.push(("probability", needs.probability));
                    }
                }
                v
            }
            Evaluator::Calibration(p) => p.scores(),
            Evaluator::CountermeasureConditions(p) => vec![
                ("no_demand", p.no_demand),
                ("no_notice", p.no_notice),
                ("irreversible", p.irreversible),
                ("no_wrong", p.no_wrong),
                ("third_state", p.third_state),
            ],
            Evaluator::Necessity(p) => vec![("first", p.first), ("per_tier", p.per_tier)],
            Evaluator::ConsiderInformation(p) => {
                vec![
                    ("pending", p.pending),
                    ("pending_urgent", p.pending_urgent),
                    ("contradicted", p.contradicted),
                    ("contradicted_below", p.contradicted_below),
                ]
            }
            Evaluator::DueProcess(p) => vec![
                ("no_basis", p.no_basis),
                ("not_minimised", p.not_minimised),
                ("seizure", p.seizure),
            ],
            Evaluator::Assistance(p) => {
                vec![("declined", p.declined), ("outstanding", p.outstanding)]
            }
            Evaluator::ProtectInfrastructure(p) => vec![("violation", p.violation)],
            Evaluator::Timeliness(p) => vec![("late", p.late), ("defaulted", p.defaulted)],
            Evaluator::Ransom(p) => vec![("paid", p.paid)],
            Evaluator::Manual => Vec::new(),
        };
        let empty = match self {
            Evaluator::Proportionality(p) => p.families.is_empty().then_some("families"),
            Evaluator::CountermeasureConditions(p) => p.families.is_empty().then_some("families"),
            Evaluator::ConsiderInformation(p) => p.families.is_empty().then_some("families"),
            Evaluator::Assistance(p) => p.answers.is_empty().then_some("answers"),
            Evaluator::Ransom(p) => p.pays.is_empty().then_some("pays"),
            Evaluator::ProtectInfrastructure(p) => {
                (!p.infrastructure && !p.certs).then_some("infrastructure and certs")
            }
            _ => None,
        };
        if let Some(what) = empty {
            problems.push(format!(
                "norm `{norm}`: {what} empty or off, so the rule could never apply"
            ));
        }
        for (name, value) in scores {
            if value > 100 {
                problems.push(format!(
                    "norm `{norm}`: {name} is {value}; scores and percentages run 0 to 100"
                ));
            }
        }
    }
}

/// "2 items ('Forensic report', 'Netflow')": a count with the injects'
/// titles (never their raw ids), for reasons.
pub(crate) fn listed(ctx: &DecisionContext, ids: &[String], one: &str, many: &str) -> String {
    if !ctx.reasons {
        return String::new();
    }
    let noun = if ids.len() == 1 { one } else { many };
    let titles: Vec<String> = ids.iter().map(|i| ctx.inject_title(i)).collect();
    format!("{} {noun} ({})", ids.len(), titles.join(", "))
}
