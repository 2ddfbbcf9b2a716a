//! Proportionality: the severity of a measure against the injury suffered
//! so far. The rule is each family's own, and each cites its own source: a
//! countermeasure commensurate with the injury (ILC ARSIWA art. 51; Tallinn
//! Manual 2.0 rule 23), retorsion proportionate to the scope and impact of
//! the activity (EU Cyber Diplomacy Toolbox, 19 June 2017), self-defence
//! scaled to what repels the attack (UN Charter art. 51), a necessity
//! measure not seriously impairing the other state (ARSIWA art. 25(1)(b)).
//! Grossly excessive measures, or measures hitting hospitals, water or power,
//! are U; for the families whose lawfulness depends on it, a breach.

use serde::{Deserialize, Serialize};

use super::Verdict;
use crate::catalogue::{Catalogue, LegalFamily};
use crate::context::DecisionContext;
use crate::evaluation::Breach;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Families whose measures are weighed against the injury.
    pub families: Vec<LegalFamily>,
    /// Severity may exceed the injury by this many points without penalty.
    pub tolerance: u8,
    /// Points lost per severity point beyond the tolerance.
    pub per_point: u8,
    /// Severity this many points or more beyond the injury is grossly
    /// excessive (`None`: no such rule).
    #[serde(default)]
    pub gross_from: Option<u8>,
    /// Score of a grossly excessive measure, or one that hits civilian
    /// critical infrastructure.
    #[serde(default)]
    pub gross: u8,
    /// Families for which proportionality is a condition of lawfulness: a
    /// score below 60 is a defect, a grossly excessive measure a grave breach.
    #[serde(default)]
    pub conditions_of: Vec<LegalFamily>,
    /// The source of the rule, per family.
    #[serde(default)]
    pub sources: Vec<FamilySource>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilySource {
    pub family: LegalFamily,
    pub source: String,
}

pub fn evaluate(ctx: &DecisionContext, p: &Params, cat: &Catalogue) -> Option<Verdict> {
    let step = cat.step(ctx.option.response);
    if !p.families.contains(&step.family) {
        return None;
    }
    let source = p
        .sources
        .iter()
        .find(|s| s.family == step.family)
        .map(|s| s.source.as_str());
    let lawfulness = p.conditions_of.contains(&step.family);
    let severity = i32::from(ctx.option.severity.min(10));
    let injury = ctx.injury.clamp(0, 10);
    let excess = severity - injury;
    let tolerance = i32::from(p.tolerance);
    let over = (excess - tolerance).max(0);
    let what = reason!(ctx, "{} ({})", ctx.chosen(), step.label);
    let gross = p.gross_from.is_some_and(|g| excess >= i32::from(g));
    if ctx.option.hits_infrastructure || gross {
        let why = if ctx.option.hits_infrastructure {
            "it hits civilian critical infrastructure (hospitals, water, power) that serves the public, out of all measure with any injury".to_string()
        } else {
            reason!(
                ctx,
                "severity {severity}/10 against an injury of {injury}/10 is {excess} points beyond it, grossly excessive (from {} points)",
                p.gross_from.unwrap_or(0)
            )
        };
        return Some(
            Verdict::new(
                i32::from(p.gross),
                reason!(ctx, "{what}: {why}: {}.", p.gross),
            )
            .breach(lawfulness.then_some(Breach::Grave))
            .source(source),
        );
    }
    let score = 100 - i32::from(p.per_point) * over;
    let reason = if excess <= 0 {
        reason!(
            ctx,
            "{what} has severity {severity}/10 against an injury of {injury}/10 so far: in measure with the harm suffered: 100."
        )
    } else if over == 0 {
        reason!(
            ctx,
            "{what} has severity {severity}/10 against an injury of {injury}/10 so far, within the {tolerance}-point tolerance: 100."
        )
    } else {
        reason!(
            ctx,
            "{what} has severity {severity}/10 against an injury of {injury}/10 so far, {excess} points beyond it, {over} beyond the {tolerance}-point tolerance; a response must be commensurate with the injury: 100 − {} × {over} = {}.",
            p.per_point,
            score.max(0)
        )
    };
    let verdict = Verdict::new(score, reason);
    let breach = (lawfulness && verdict.score < 60).then_some(Breach::Defect);
    Some(verdict.breach(breach).source(source))
}
