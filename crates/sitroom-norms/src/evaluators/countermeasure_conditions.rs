//! Conditions of lawful countermeasures (ILC ARSIWA arts. 49–54; Tallinn
//! Manual 2.0 rules 20–25), as the state's: taken by the injured state (a
//! collective measure for another state is contested, art. 54), aimed at a
//! state, answering an existing wrong, after a demand to comply (art.
//! 52(1)(a), made by any team of the same state) and with notice and an
//! offer to negotiate unless urgent (52(1)(b), 52(2)), reversible (49(3)),
//! never force (50(1)). In the reveal: aimed at the responsible state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sitroom_scenario::{ResponseKind, Truth};

use super::Verdict;
use super::attribution_standard::{case_truth, truth_sentence};
use crate::catalogue::{Catalogue, LegalFamily};
use crate::context::DecisionContext;
use crate::evaluation::Breach;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Families whose measures are countermeasures in law.
    pub families: Vec<LegalFamily>,
    /// Severity (0–10) from which a measure counts as force (art. 50(1)).
    pub force_from: u8,
    /// Points lost: no earlier demand to comply by the state (art. 52(1)(a)).
    pub no_demand: u8,
    /// Points lost: no notice and offer to negotiate, and no urgency (art. 52(1)(b), (2)).
    pub no_notice: u8,
    /// Points lost: not reversible (art. 49(3)).
    pub irreversible: u8,
    /// Points lost: no injury so far, so no wrong to answer (art. 49(1)).
    pub no_wrong: u8,
    /// Points lost: the measure affects states other than the responsible one.
    #[serde(default = "thirty")]
    pub third_state: u8,
}

fn thirty() -> u8 {
    30
}

/// The earlier choice of the state that called on `target` to comply.
fn prior_demand<'c>(
    ctx: &'c DecisionContext,
    target: &str,
) -> Option<&'c crate::context::PastChoice> {
    ctx.state_choices().find(|c| {
        c.target.as_deref() == Some(target)
            && (c.response == ResponseKind::Demarche || c.notified)
            && c.at <= ctx.decided_at
    })
}

pub fn evaluate(ctx: &DecisionContext, p: &Params, cat: &Catalogue) -> Option<Verdict> {
    let step = cat.step(ctx.option.response);
    if !p.families.contains(&step.family) {
        return None;
    }
    let what = reason!(ctx, "{} ({})", ctx.chosen(), step.label);
    let grave = |reason: String| Some(Verdict::new(0, reason).breach(Some(Breach::Grave)));
    let Some(target) = ctx.option.target.as_deref() else {
        return grave(reason!(
            ctx,
            "{what} names no state to aim at; a countermeasure answers a responsible state's wrong (ARSIWA art. 49(1)). Score 0."
        ));
    };
    let name = ctx.name(target);
    if !ctx.is_state(target) {
        return grave(reason!(
            ctx,
            "{what} is aimed at {name}, which is not a state; only a state can be the object of countermeasures (ARSIWA art. 49(1)). Score 0."
        ));
    }
    if let Some(ours) = ctx.team_actor()
        && !ctx.is_state(ours)
    {
        return grave(reason!(
            ctx,
            "{what} would be taken by {}, which is not a state; only states take countermeasures (ARSIWA art. 49(1)), a private hack-back is none. Score 0.",
            ctx.name(ours)
        ));
    }
    let severity = ctx.option.severity.min(10);
    if severity >= p.force_from {
        return grave(reason!(
            ctx,
            "{what} against {name} has severity {severity}/10, at or above the force line of {}/10; countermeasures may not use force (ARSIWA art. 50(1)). Score 0.",
            p.force_from
        ));
    }
    let injury = ctx.injury.clamp(0, 10);
    let mut failed: Vec<(String, u8)> = Vec::new();
    let mut breach = None;
    let mut raise = |b: Breach| breach = Some(breach.map_or(b, |old: Breach| old.max(b)));
    if injury <= 0 {
        failed.push((
            "no injury so far (0/10), so there is no existing wrong to induce the target to end; countermeasures are not anticipatory (art. 49(1))".to_string(),
            p.no_wrong,
        ));
        raise(Breach::Grave);
    }
    let demand = prior_demand(ctx, target);
    if demand.is_none() {
        failed.push((
            reason!(
                ctx,
                "no earlier demand by the state that {name} comply (art. 52(1)(a))"
            ),
            p.no_demand,
        ));
        raise(Breach::Defect);
    }
    let urgent = ctx.option.urgent && injury > 0;
    if !ctx.option.notified && !urgent {
        let why = if ctx.option.urgent {
            "no notice and offer to negotiate (art. 52(1)(b)); urgency was claimed but there is no injury to preserve rights against (art. 52(2))"
        } else {
            "no notice and offer to negotiate, and no urgency claimed (art. 52(1)(b), (2))"
        };
        failed.push((why.to_string(), p.no_notice));
        raise(Breach::Defect);
    }
    if !ctx.option.reversible {
        failed.push((
            "not reversible, so performance cannot resume (art. 49(3))".to_string(),
            p.irreversible,
        ));
        raise(Breach::Defect);
    }
    let third: Vec<&str> = ctx
        .option
        .third_states
        .iter()
        .filter(|s| s.as_str() != target)
        .map(|s| ctx.name(s))
        .collect();
    if !third.is_empty() {
        failed.push((
            reason!(ctx,
                "it also affects {}, not the responsible state; countermeasures are directed only at the responsible state, and effects on third states must not breach obligations owed to them (Tallinn Manual 2.0 rules 24-25)",
                third.join(", ")
            ),
            p.third_state,
        ));
        raise(Breach::Defect);
    }
    let ours = ctx.team_actor().unwrap_or(ctx.team);
    let collective = ctx
        .option
        .on_behalf_of
        .as_deref()
        .filter(|injured| *injured != ours);
    let lost: i32 = failed.iter().map(|(_, l)| i32::from(*l)).sum();
    let sum = if failed.is_empty() {
        "100".to_string()
    } else {
        let parts: Vec<String> = failed.iter().map(|(_, l)| reason!(ctx, "{l}")).collect();
        reason!(ctx, "100 − {} = {}", parts.join(" − "), (100 - lost).max(0))
    };
    let mut reason = if failed.is_empty() {
        let demanded = demand.map_or(String::new(), |d| {
            reason!(
                ctx,
                "after '{}' at minute {} called on {name} to comply{}",
                ctx.option_label(&d.decision, &d.option),
                d.at,
                if d.team.is_empty() || d.team == ctx.team {
                    String::new()
                } else {
                    reason!(ctx, " (by {}, the same state)", ctx.team_name(&d.team))
                }
            )
        });
        let notice = if ctx.option.notified {
            "with notice and an offer to negotiate"
        } else {
            "with urgency claimed in place of notice (art. 52(2))"
        };
        reason!(
            ctx,
            "{what} against {name} answers an existing wrong (injury {injury}/10), comes {demanded}, {notice}, is reversible and non-forcible (severity {severity}/10): {sum}."
        )
    } else {
        let n = failed.len();
        let s = if n == 1 { "" } else { "s" };
        let list: Vec<String> = failed
            .iter()
            .map(|(w, l)| reason!(ctx, "{w} (−{l})"))
            .collect();
        reason!(
            ctx,
            "{what} against {name} fails {n} condition{s}: {}. {sum}.",
            list.join("; ")
        )
    };
    if let Some(injured) = collective {
        raise(Breach::Defect);
        reason.push_str(&reason!(ctx,
            " It is taken for {}, not by the injured state itself: collective countermeasures are contested (ARSIWA art. 54 leaves them open), so at most M.",
            ctx.name(injured)
        ));
    }
    let raw = Verdict::new(100 - lost, reason);
    let sum_score = raw.score;
    let mut verdict = raw.breach(breach);
    if verdict.score < sum_score {
        // The breach's cap lowered the sum; say so.
        let grade = verdict.breach.map_or(crate::Grade::U, Breach::cap);
        verdict.reason.push_str(&reason!(
            ctx,
            " Capped at {} (at most {grade}).",
            verdict.score
        ));
    }
    Some(verdict)
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
            reason!(
                ctx,
                "{} ({}) was directed at the responsible state: {fact}.",
                ctx.chosen(),
                step.label
            ),
        )
    } else {
        Verdict::new(
            0,
            reason!(
                ctx,
                "{} ({}) was directed at a state that had done no wrong, itself a wrongful act (ARSIWA art. 49(1)): {fact}.",
                ctx.chosen(),
                step.label
            ),
        )
    };
    Some(verdict)
}
