//! Consider all relevant information (UN GGE 2015 report A/70/174 §13(b)):
//! acting against someone while evidence is about to arrive costs more the
//! sooner it is due (a graded horizon, no cliff); acting against what the
//! evidence already in hand says costs more still. Gathering information (a
//! private démarche, a request) while evidence is pending is not penalised.

use serde::{Deserialize, Serialize};
use sitroom_scenario::{Minutes, ResponseKind};

use super::{Verdict, listed};
use crate::catalogue::{Catalogue, LegalFamily};
use crate::context::DecisionContext;
use crate::estimative::{percent, term_for_percent};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Outward families: measures that act against someone.
    pub families: Vec<LegalFamily>,
    /// Kinds that gather information rather than act (a private démarche,
    /// a treaty request): never penalised for waiting evidence.
    #[serde(default)]
    pub gathers: Vec<ResponseKind>,
    /// Score for acting when the evidence is due now.
    pub pending: u8,
    /// The same, with urgency claimed.
    pub pending_urgent: u8,
    /// Minutes over which the cost of not waiting fades: evidence due this
    /// far off or later costs nothing.
    #[serde(default = "sixty")]
    pub horizon: Minutes,
    /// Score for acting against a target the team's own evidence rates below
    /// `contradicted_below` percent.
    #[serde(default = "twenty")]
    pub contradicted: u8,
    #[serde(default = "forty_five")]
    pub contradicted_below: u8,
}

fn sixty() -> Minutes {
    60
}
fn twenty() -> u8 {
    20
}
fn forty_five() -> u8 {
    45
}

pub fn evaluate(ctx: &DecisionContext, p: &Params, cat: &Catalogue) -> Option<Verdict> {
    // A default applied by the clock weighed nothing: crediting it for
    // "leaving room" would reward not deciding. Timeliness scores it.
    if ctx.defaulted {
        return None;
    }
    let step = cat.step(ctx.option.response);
    let gathers = p.gathers.contains(&ctx.option.response);
    let outward = p.families.contains(&step.family) && !gathers;
    let horizon = p.horizon.max(1);
    let pending: Vec<_> = ctx
        .pending_evidence
        .iter()
        .filter(|e| e.due_in.is_none_or(|d| d < horizon))
        .collect();
    let ids: Vec<String> = pending.iter().map(|e| e.inject.clone()).collect();
    let what = reason!(ctx, "{} ({})", ctx.chosen(), step.label);
    if !outward {
        if pending.is_empty() {
            return None;
        }
        let how = if gathers {
            "seeks information"
        } else {
            "acts against nobody"
        };
        return Some(Verdict::new(
            100,
            reason!(
                ctx,
                "{what} {how} while {} still pending, leaving room to weigh it: 100.",
                were(ctx, &ids)
            ),
        ));
    }
    let target = ctx.option.target.as_deref();
    let against = target
        .map(|t| reason!(ctx, " against {}", ctx.name(t)))
        .unwrap_or_default();
    // Acting against what the evidence in hand says.
    if let Some(t) = target
        && let Some(b) = ctx.belief_in(t)
        && b.evidence > 0
        && percent(b.probability) < p.contradicted_below
    {
        let pct = percent(b.probability);
        return Some(Verdict::new(
            i32::from(p.contradicted),
            reason!(
                ctx,
                "{what}{against} goes against the evidence the team holds: on {} item{} it is {} ({pct}%) that {} was responsible, under {}%. Norm 13(b) asks states to weigh the information they have: {}.",
                b.evidence,
                if b.evidence == 1 { "" } else { "s" },
                term_for_percent(pct),
                ctx.name(t),
                p.contradicted_below,
                p.contradicted
            ),
        ));
    }
    let Some(soonest) = pending.iter().map(|e| e.due_in.unwrap_or(0)).min() else {
        return Some(Verdict::new(
            100,
            reason!(
                ctx,
                "{what}{against} was decided with no evidence due within {horizon} minutes for the cases the team follows: 100."
            ),
        ));
    };
    let (base, tail) = if ctx.option.urgent {
        (
            p.pending_urgent,
            "urgency was claimed, which norm 13(b) still asks to weigh against the evidence",
        )
    } else {
        (
            p.pending,
            "norm 13(b) asks states to weigh all relevant information before reacting",
        )
    };
    let gap = 100 - u32::from(base);
    let score = u32::from(base) + gap * soonest.min(horizon) / horizon;
    let when = if soonest == 0 {
        "comes with this decision or is due now".to_string()
    } else {
        reason!(
            ctx,
            "is due in {soonest} minute{}",
            if soonest == 1 { "" } else { "s" }
        )
    };
    Some(Verdict::new(
        i32::try_from(score).unwrap_or(100),
        reason!(
            ctx,
            "{what}{against} was decided while {} still pending; the soonest {when}; {tail}: {base} + {gap} × {soonest} / {horizon} = {score}.",
            were(ctx, &ids)
        ),
    ))
}

fn were(ctx: &DecisionContext, pending: &[String]) -> String {
    let verb = if pending.len() == 1 { "was" } else { "were" };
    reason!(
        ctx,
        "{} {verb}",
        listed(ctx, pending, "evidence item", "evidence items")
    )
}
