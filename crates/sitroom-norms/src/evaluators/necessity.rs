//! Necessity, read as "least escalatory effective option": was a lower rung
//! aimed at the same actor on offer in the same decision, and not yet tried
//! (domain.md §2.3 "only way", §2.4 non-forcible measures first, §5.3 ladder)?

use serde::{Deserialize, Serialize};

use super::Verdict;
use crate::catalogue::Catalogue;
use crate::context::DecisionContext;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Score when the nearest untried lower option is one tier below.
    pub first: u8,
    /// Points lost for each further tier of the gap.
    pub per_tier: u8,
}

pub fn evaluate(ctx: &DecisionContext, p: &Params, cat: &Catalogue) -> Option<Verdict> {
    let target = ctx.option.target.as_deref()?;
    let decision = ctx.decision.decision.as_ref()?;
    let tier = cat.step(ctx.option.response).escalation;
    let name = ctx.name(target);
    let lower: Vec<_> = decision
        .options
        .iter()
        .filter(|o| o.id != ctx.option.id && o.target.as_deref() == Some(target))
        .map(|o| (o, cat.step(o.response).escalation))
        .filter(|(_, t)| *t < tier)
        .collect();
    if lower.is_empty() {
        return Some(Verdict::new(
            100,
            format!(
                "{} (tier {tier}) was the least escalatory option against {name} on offer.",
                ctx.chosen()
            ),
        ));
    }
    // The highest rung already used against this actor: options at or below
    // it have been tried, so climbing past them is graduated, not needless.
    let tried = ctx
        .history
        .iter()
        .filter(|h| h.target.as_deref() == Some(target))
        .map(|h| (h, cat.step(h.response).escalation))
        .max_by_key(|(_, t)| *t);
    let untried = lower
        .iter()
        .filter(|(_, t)| tried.is_none_or(|(_, done)| *t > done))
        .min_by_key(|(_, t)| *t);
    let Some((alt, alt_tier)) = untried else {
        // Every lower option was tried, so `tried` is set.
        let (past, past_tier) = tried?;
        return Some(Verdict::new(
            100,
            format!(
                "{} (tier {tier}) against {name} follows '{}' (tier {past_tier}) at minute {}: a graduated response.",
                ctx.chosen(),
                ctx.option_label(&past.decision, &past.option),
                past.at
            ),
        ));
    };
    let gap = i32::from(tier - alt_tier);
    let score = i32::from(p.first) - i32::from(p.per_tier) * (gap - 1);
    Some(Verdict::new(
        score,
        format!(
            "{} (tier {tier}) was chosen against {name} while '{}' (tier {alt_tier}), {gap} tier{} lower, was on offer and untried.",
            ctx.chosen(),
            alt.label,
            if gap == 1 { "" } else { "s" }
        ),
    ))
}
