//! Conditions of lawful countermeasures (ILC ARSIWA arts. 49–53; Tallinn 2.0
//! rules 20–25; the checklist of domain.md §2.2): aimed at a state, answering
//! an existing wrong, preceded by a call to comply and notice unless urgent,
//! reversible, never force. In the reveal: aimed at the responsible state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sitroom_scenario::Truth;

use super::Verdict;
use super::attribution_standard::{case_truth, truth_sentence};
use crate::catalogue::{Catalogue, LegalFamily};
use crate::context::DecisionContext;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Families whose measures are countermeasures in law.
    pub families: Vec<LegalFamily>,
    /// Severity (0–10) from which a measure counts as force (art. 50(1)).
    pub force_from: u8,
    /// Points lost: no call, notice or offer to negotiate, and no urgency (art. 52).
    pub no_notice: u8,
    /// Points lost: not reversible (art. 49(3)).
    pub irreversible: u8,
    /// Points lost: no injury so far, so no wrong to answer (art. 49(1)).
    pub no_wrong: u8,
}

pub fn evaluate(ctx: &DecisionContext, p: &Params, cat: &Catalogue) -> Option<Verdict> {
    let step = cat.step(ctx.option.response);
    if !p.families.contains(&step.family) {
        return None;
    }
    let what = format!("{} ({})", ctx.chosen(), step.label);
    let Some(target) = ctx.option.target.as_deref() else {
        return Some(Verdict::new(
            0,
            format!(
                "{what} names no state to aim at; a countermeasure answers a responsible state's wrong (ARSIWA art. 49(1))."
            ),
        ));
    };
    let name = ctx.name(target);
    if !ctx.is_state(target) {
        return Some(Verdict::new(
            0,
            format!(
                "{what} is aimed at {name}, which is not a state; only a state can be the object of countermeasures (ARSIWA art. 49(1))."
            ),
        ));
    }
    let severity = ctx.option.severity.min(10);
    if severity >= p.force_from {
        return Some(Verdict::new(
            0,
            format!(
                "{what} against {name} has severity {severity}/10, at or above the force line of {}/10; countermeasures may not use force (ARSIWA art. 50(1)).",
                p.force_from
            ),
        ));
    }
    let mut failed = Vec::new();
    let mut lost = 0;
    if ctx.injury <= 0 {
        failed.push("no injury so far (0/10), so there is no existing wrong to induce the target to end (art. 49(1))".to_string());
        lost += i32::from(p.no_wrong);
    }
    if !ctx.option.notified && !ctx.option.urgent {
        failed.push("no prior call to comply, notification or offer to negotiate, and no urgency claimed (art. 52)".to_string());
        lost += i32::from(p.no_notice);
    }
    if !ctx.option.reversible {
        failed.push("not reversible, so performance cannot resume (art. 49(3))".to_string());
        lost += i32::from(p.irreversible);
    }
    let reason = if failed.is_empty() {
        let notice = if ctx.option.notified {
            "after a call to comply and notice"
        } else {
            "with urgency claimed in place of prior notice (art. 52(2))"
        };
        format!(
            "{what} against {name} answers an existing wrong (injury {}/10), comes {notice}, is reversible and non-forcible (severity {severity}/10).",
            ctx.injury.clamp(0, 10)
        )
    } else {
        let n = failed.len();
        let s = if n == 1 { "" } else { "s" };
        format!(
            "{what} against {name} fails {n} condition{s}: {}.",
            failed.join("; ")
        )
    };
    Some(Verdict::new(100 - lost, reason))
}

pub fn reveal(
    ctx: &DecisionContext,
    p: &Params,
    cat: &Catalogue,
    truth: &BTreeMap<String, Truth>,
) -> Option<Verdict> {
    let step = cat.step(ctx.option.response);
    if !p.families.contains(&step.family) {
        return None;
    }
    let target = ctx.option.target.as_deref()?;
    let (incident, t) = case_truth(ctx, target, truth)?;
    let fact = truth_sentence(ctx, target, &incident, t);
    let verdict = if t.culprit == target {
        Verdict::new(
            100,
            format!(
                "{} ({}) was directed at the responsible state: {fact}.",
                ctx.chosen(),
                step.label
            ),
        )
    } else {
        Verdict::new(
            0,
            format!(
                "{} ({}) was directed at a state that had done no wrong, itself a wrongful act (ARSIWA art. 49(1)): {fact}.",
                ctx.chosen(),
                step.label
            ),
        )
    };
    Some(verdict)
}
