//! Do no harm to critical infrastructure and CERTs (UN GGE 2015 report
//! A/70/174 §13(f), (k)): doing the harm is an unlawful act (a grave breach).

use serde::{Deserialize, Serialize};
use sitroom_scenario::ResponseKind;

use super::Verdict;
use crate::context::DecisionContext;
use crate::evaluation::Breach;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Whether hitting civilian critical infrastructure counts (norm f).
    pub infrastructure: bool,
    /// Whether harming another state's CERT counts (norm k).
    pub certs: bool,
    /// Operations that reach into others' systems: scored even when harmless.
    pub kinds: Vec<ResponseKind>,
    /// Score of an option that does the harm.
    pub violation: u8,
}

pub fn evaluate(ctx: &DecisionContext, p: &Params) -> Option<Verdict> {
    let hits = p.infrastructure && ctx.option.hits_infrastructure;
    let harms = p.certs && ctx.option.harms_cert;
    if !hits && !harms && !p.kinds.contains(&ctx.option.response) {
        return None;
    }
    let at = ctx
        .option
        .target
        .as_deref()
        .map(|t| reason!(ctx, " of {}", ctx.name(t)))
        .unwrap_or_default();
    let breach = (hits || harms).then_some(Breach::Grave);
    let verdict = match (hits, harms) {
        (true, true) => Verdict::new(
            i32::from(p.violation),
            reason!(
                ctx,
                "{} hits civilian critical infrastructure and harms the emergency response team{at}.",
                ctx.chosen()
            ),
        ),
        (true, false) => Verdict::new(
            i32::from(p.violation),
            reason!(
                ctx,
                "{} hits civilian critical infrastructure{at} that serves the public.",
                ctx.chosen()
            ),
        ),
        (false, true) => Verdict::new(
            i32::from(p.violation),
            reason!(
                ctx,
                "{} harms the emergency response team{at}.",
                ctx.chosen()
            ),
        ),
        (false, false) => {
            let spared = match (p.infrastructure, p.certs) {
                (true, true) => "civilian critical infrastructure and emergency response teams",
                (true, false) => "civilian critical infrastructure",
                _ => "emergency response teams",
            };
            Verdict::new(
                100,
                reason!(
                    ctx,
                    "{} reaches into others' systems but spares {spared}.",
                    ctx.chosen()
                ),
            )
        }
    };
    Some(verdict.breach(breach))
}
