//! Assistance and cooperation (GGE 2015 norms 13(a), (d), (h)): partners'
//! requests for help answered, or left open.

use serde::{Deserialize, Serialize};
use sitroom_scenario::{Channel, ResponseKind};

use super::{Verdict, listed};
use crate::context::DecisionContext;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Responses that answer a request.
    pub answers: Vec<ResponseKind>,
    /// The decision was the request and the team did not help.
    pub declined: u8,
    /// Requests remained open while the team decided something else.
    pub outstanding: u8,
}

pub fn evaluate(ctx: &DecisionContext, p: &Params) -> Option<Verdict> {
    let is_request = ctx.decision.channel == Channel::PartnerRequest;
    if !is_request && ctx.open_requests.is_empty() {
        return None;
    }
    let helps = p.answers.contains(&ctx.option.response);
    let from = if ctx.decision.from.is_empty() {
        "the partner".to_string()
    } else {
        ctx.decision.from.clone()
    };
    let verdict = match (is_request, helps) {
        (true, true) => Verdict::new(
            100,
            format!("{} answers the request for help from {from}.", ctx.chosen()),
        ),
        (false, true) => Verdict::new(
            100,
            format!(
                "{} answers {}.",
                ctx.chosen(),
                listed(
                    &ctx.open_requests,
                    "open partner request",
                    "open partner requests"
                )
            ),
        ),
        (true, false) => Verdict::new(
            i32::from(p.declined),
            format!(
                "{} leaves the request for help from {from} unanswered; states are to answer appropriate requests for assistance.",
                ctx.chosen()
            ),
        ),
        (false, false) => Verdict::new(
            i32::from(p.outstanding),
            format!("{} was decided while {} still unanswered.", ctx.chosen(), {
                let verb = if ctx.open_requests.len() == 1 {
                    "was"
                } else {
                    "were"
                };
                format!(
                    "{} {verb}",
                    listed(&ctx.open_requests, "partner request", "partner requests")
                )
            }),
        ),
    };
    Some(verdict)
}
