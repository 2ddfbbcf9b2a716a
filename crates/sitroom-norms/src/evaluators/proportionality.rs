//! Proportionality: the severity of a measure against the injury suffered
//! so far (ARSIWA art. 51; Tallinn 2.0 rule 23; domain.md §2.2 item 4).

use serde::{Deserialize, Serialize};

use super::Verdict;
use crate::catalogue::{Catalogue, LegalFamily};
use crate::context::DecisionContext;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Families whose measures are weighed against the injury.
    pub families: Vec<LegalFamily>,
    /// Severity may exceed the injury by this many points without penalty.
    pub tolerance: u8,
    /// Points lost per severity point beyond the tolerance.
    pub per_point: u8,
}

pub fn evaluate(ctx: &DecisionContext, p: &Params, cat: &Catalogue) -> Option<Verdict> {
    let step = cat.step(ctx.option.response);
    if !p.families.contains(&step.family) {
        return None;
    }
    let severity = i32::from(ctx.option.severity.min(10));
    let injury = ctx.injury.clamp(0, 10);
    let excess = severity - injury;
    let tolerance = i32::from(p.tolerance);
    let over = (excess - tolerance).max(0);
    let score = 100 - i32::from(p.per_point) * over;
    let what = format!("{} ({})", ctx.chosen(), step.label);
    let reason = if excess <= 0 {
        format!(
            "{what} has severity {severity}/10 against an injury of {injury}/10 so far: in measure with the harm suffered."
        )
    } else if over == 0 {
        format!(
            "{what} has severity {severity}/10 against an injury of {injury}/10 so far, within the {tolerance}-point tolerance."
        )
    } else {
        format!(
            "{what} has severity {severity}/10 against an injury of {injury}/10 so far, {excess} points beyond it; a response must be commensurate with the injury."
        )
    };
    Some(Verdict::new(score, reason))
}
