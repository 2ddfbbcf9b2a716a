//! Necessity, read as "least escalatory effective option": was a lower rung
//! on offer in the same decision, and not yet tried by the team's state?
//! Sources: ILC ARSIWA art. 25(1)(a) (the plea of necessity: "the only
//! way"); for self-defence, non-forcible measures including passive
//! defences first (Tallinn Manual 2.0). Untargeted passive defences on
//! offer count as less escalatory options for the families that claim
//! necessity; a measure with no target is still tested where it claims it;
//! a response is "graduated" only when the step just below it was tried.

use serde::{Deserialize, Serialize};
use sitroom_scenario::{DecisionOption, ResponseKind};

use super::Verdict;
use crate::catalogue::{Catalogue, LegalFamily};
use crate::context::DecisionContext;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Score when the nearest untried lower option is one tier below.
    pub first: u8,
    /// Points lost for each further tier of the gap.
    pub per_tier: u8,
    /// Kinds of passive defence (untargeted) that count as lower options...
    #[serde(default)]
    pub passive: Vec<ResponseKind>,
    /// ...for measures of these families.
    #[serde(default)]
    pub passive_for: Vec<LegalFamily>,
    /// A climb counts as graduated only when the state's last step against
    /// the target is at most this many tiers below; a longer jump scores `first`.
    #[serde(default = "four")]
    pub graduated_within: u8,
}

fn four() -> u8 {
    4
}

pub fn evaluate(ctx: &DecisionContext, p: &Params, cat: &Catalogue) -> Option<Verdict> {
    let step = cat.step(ctx.option.response);
    let target = ctx.option.target.as_deref();
    let passive_counts = p.passive_for.contains(&step.family);
    // A measure aimed at nobody is tested only where it claims necessity.
    if target.is_none() && !(passive_counts && step.family == LegalFamily::PleaOfNecessity) {
        return None;
    }
    let decision = ctx.decision.decision.as_ref()?;
    let tier = step.escalation;
    let name = target.map_or("the threat", |t| ctx.name(t));
    let is_lower = |o: &DecisionOption| {
        o.id != ctx.option.id
            && cat.step(o.response).escalation < tier
            && (target.is_some_and(|t| o.target.as_deref() == Some(t))
                || (passive_counts && o.target.is_none() && p.passive.contains(&o.response)))
    };
    let lower: Vec<(&DecisionOption, u8)> = decision
        .options
        .iter()
        .filter(|o| is_lower(o))
        .map(|o| (o, cat.step(o.response).escalation))
        .collect();
    // The state's earlier steps: against the same target, or passive defences.
    let against: Vec<_> = ctx
        .state_choices()
        .filter(|h| target.is_some() && h.target.as_deref() == target)
        .map(|h| (h, cat.step(h.response).escalation))
        .filter(|(_, t)| *t < tier)
        .collect();
    let defended = passive_counts
        && ctx
            .state_choices()
            .any(|h| h.target.is_none() && p.passive.contains(&h.response));
    let highest = against.iter().max_by_key(|(_, t)| *t);
    let tried = |o: &DecisionOption, t: u8| {
        if o.target.is_none() {
            defended
        } else {
            highest.is_some_and(|(_, done)| *done >= t)
        }
    };
    let untried = lower
        .iter()
        .filter(|(o, t)| !tried(o, *t))
        .min_by_key(|(_, t)| *t);
    if let Some((alt, alt_tier)) = untried {
        let gap = i32::from(tier - alt_tier);
        let score = i32::from(p.first) - i32::from(p.per_tier) * (gap - 1);
        let kind = if alt.target.is_none() {
            "a passive defence "
        } else {
            ""
        };
        return Some(Verdict::new(
            score,
            reason!(
                ctx,
                "{} (tier {tier}) was chosen against {name} while '{}' (tier {alt_tier}), {kind}{gap} tier{} lower, was on offer and untried: {} − {} × {} = {}.",
                ctx.chosen(),
                alt.label,
                if gap == 1 { "" } else { "s" },
                p.first,
                p.per_tier,
                gap - 1,
                score.max(0)
            ),
        ));
    }
    if lower.is_empty() {
        return Some(Verdict::new(
            100,
            reason!(
                ctx,
                "{} (tier {tier}) was the least escalatory option against {name} on offer: 100.",
                ctx.chosen()
            ),
        ));
    }
    let Some((past, past_tier)) = highest else {
        // Only passive defences were below, and they were tried.
        return Some(Verdict::new(
            100,
            reason!(
                ctx,
                "{} (tier {tier}) against {name} follows passive defences already tried: 100.",
                ctx.chosen()
            ),
        ));
    };
    let jump = tier - past_tier;
    let by = if past.team.is_empty() || past.team == ctx.team {
        String::new()
    } else {
        reason!(ctx, " by {}", ctx.team_name(&past.team))
    };
    let last = reason!(
        ctx,
        "'{}' (tier {past_tier}) at minute {}{by}",
        ctx.option_label(&past.decision, &past.option),
        past.at
    );
    if jump > p.graduated_within {
        return Some(Verdict::new(
            i32::from(p.first),
            reason!(
                ctx,
                "{} (tier {tier}) against {name} jumps {jump} tiers from {last}; a response is graduated only when a step just below it (within {} tiers) was tried: {}.",
                ctx.chosen(),
                p.graduated_within,
                p.first
            ),
        ));
    }
    Some(Verdict::new(
        100,
        reason!(
            ctx,
            "{} (tier {tier}) against {name} follows {last}: a graduated response: 100.",
            ctx.chosen()
        ),
    ))
}
