//! Do not pay ransoms (International Counter Ransomware Initiative, 2023
//! joint statement: the institutions of member governments should not pay;
//! US Treasury OFAC advisory of 21 September 2021: paying a sanctioned
//! group risks breaching sanctions). Applies to a decision that offers to
//! pay: paying scores low, not paying (refusing, or anything else) 100.
//! Paying is not in itself unlawful, so it is no breach.

use serde::{Deserialize, Serialize};
use sitroom_scenario::ResponseKind;

use super::Verdict;
use crate::context::DecisionContext;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Responses that pay the ransom.
    pub pays: Vec<ResponseKind>,
    /// Score of a decision to pay.
    pub paid: u8,
}

pub fn evaluate(ctx: &DecisionContext, p: &Params) -> Option<Verdict> {
    let offers = ctx
        .decision
        .decision
        .as_ref()?
        .options
        .iter()
        .any(|o| p.pays.contains(&o.response));
    if !offers {
        return None;
    }
    Some(if p.pays.contains(&ctx.option.response) {
        Verdict::new(
            i32::from(p.paid),
            reason!(
                ctx,
                "{} pays the ransom: governments undertake not to pay, a payment funds the \
                 next attack, and paying a sanctioned group may breach sanctions: {}.",
                ctx.chosen(),
                p.paid
            ),
        )
    } else {
        Verdict::new(
            100,
            reason!(
                ctx,
                "{} does not pay the ransom, though paying was on offer: 100.",
                ctx.chosen()
            ),
        )
    })
}
