//! Consider all relevant information (GGE 2015 norm 13(b)): acting against
//! someone while evidence that was one step away is still pending.

use serde::{Deserialize, Serialize};

use super::{Verdict, listed};
use crate::catalogue::{Catalogue, LegalFamily};
use crate::context::DecisionContext;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Outward families: measures that act against someone.
    pub families: Vec<LegalFamily>,
    /// Score for acting while evidence is pending.
    pub pending: u8,
    /// The same, with urgency claimed.
    pub pending_urgent: u8,
}

pub fn evaluate(ctx: &DecisionContext, p: &Params, cat: &Catalogue) -> Option<Verdict> {
    // A default applied by the clock weighed nothing: crediting it for
    // "leaving room" would reward not deciding. Timeliness scores it.
    if ctx.defaulted {
        return None;
    }
    let step = cat.step(ctx.option.response);
    let outward = p.families.contains(&step.family);
    let pending = &ctx.pending_evidence;
    if !outward && pending.is_empty() {
        return None;
    }
    let what = format!("{} ({})", ctx.chosen(), step.label);
    if !outward {
        return Some(Verdict::new(
            100,
            format!(
                "{what} acts against nobody while {} still pending, leaving room to weigh it.",
                were(pending)
            ),
        ));
    }
    let against = ctx
        .option
        .target
        .as_deref()
        .map(|t| format!(" against {}", ctx.name(t)))
        .unwrap_or_default();
    if pending.is_empty() {
        return Some(Verdict::new(
            100,
            format!(
                "{what}{against} was decided with no evidence pending for the cases the team follows."
            ),
        ));
    }
    let (score, tail) = if ctx.option.urgent {
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
    Some(Verdict::new(
        i32::from(score),
        format!(
            "{what}{against} was decided while {} still pending; {tail}.",
            were(pending)
        ),
    ))
}

fn were(pending: &[String]) -> String {
    let verb = if pending.len() == 1 { "was" } else { "were" };
    format!(
        "{} {verb}",
        listed(pending, "evidence item", "evidence items")
    )
}
