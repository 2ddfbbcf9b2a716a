//! Timeliness: a decision taken before its deadline, or the default applied
//! by the clock (scored, and said so).

use serde::{Deserialize, Serialize};

use super::Verdict;
use crate::context::DecisionContext;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Decided after the deadline (with no default applied).
    pub late: u8,
    /// Nobody decided; the default was applied at the deadline.
    pub defaulted: u8,
}

pub fn evaluate(ctx: &DecisionContext, p: &Params) -> Option<Verdict> {
    let window = ctx.deadline_at.saturating_sub(ctx.opened_at);
    let verdict = if ctx.defaulted {
        Verdict::new(
            i32::from(p.defaulted),
            reason!(
                ctx,
                "Nobody decided within the {window}-minute window; the default '{}' was applied at minute {}: {}.",
                ctx.option.label,
                ctx.deadline_at,
                p.defaulted
            ),
        )
    } else if ctx.decided_at > ctx.deadline_at {
        Verdict::new(
            i32::from(p.late),
            reason!(
                ctx,
                "Decided at minute {}, {} minutes after the deadline at minute {}: {}.",
                ctx.decided_at,
                ctx.decided_at - ctx.deadline_at,
                ctx.deadline_at,
                p.late
            ),
        )
    } else {
        Verdict::new(
            100,
            reason!(
                ctx,
                "Decided at minute {}, {} of the {window} minutes allowed, by the deadline at minute {}: 100.",
                ctx.decided_at,
                ctx.decided_at.saturating_sub(ctx.opened_at),
                ctx.deadline_at
            ),
        )
    };
    Some(verdict)
}
