//! Assistance and cooperation (UN GGE 2015 report A/70/174 §13(a), (d),
//! (h)): a partner's request for help answered — by helping *that* partner,
//! not someone else, and by a team's decision, not the clock's default — or
//! left open. A request that could only be met unlawfully (personal data
//! with no legal basis, §13(e)) is not an appropriate request: declining it
//! is lawful.

use serde::{Deserialize, Serialize};
use sitroom_scenario::{Channel, DecisionOption, Inject, LegalBasis};

use super::Verdict;
use crate::context::DecisionContext;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Responses that answer a request.
    pub answers: Vec<sitroom_scenario::ResponseKind>,
    /// The decision was the request and the team did not help.
    pub declined: u8,
    /// Requests remained open while the team decided something else.
    pub outstanding: u8,
}

/// The partner a request comes from: the actor its answering options help
/// (their target, else their data's recipient).
fn partner<'s>(request: &'s Inject, p: &Params) -> Option<&'s str> {
    let options = &request.decision.as_ref()?.options;
    options
        .iter()
        .filter(|o| p.answers.contains(&o.response))
        .find_map(|o| {
            o.target
                .as_deref()
                .or(o.data.as_ref().map(|d| d.recipient.as_str()))
        })
}

fn helped(o: &DecisionOption) -> Option<&str> {
    o.target
        .as_deref()
        .or(o.data.as_ref().map(|d| d.recipient.as_str()))
}

/// Sharing personal data with no legal basis (due process).
fn unlawful(o: &DecisionOption) -> bool {
    o.data
        .as_ref()
        .is_some_and(|d| d.personal && d.basis == LegalBasis::None)
}

pub fn evaluate(ctx: &DecisionContext, p: &Params) -> Option<Verdict> {
    let is_request = ctx.decision.channel == Channel::PartnerRequest;
    if !is_request && ctx.open_requests.is_empty() {
        return None;
    }
    let helps = p.answers.contains(&ctx.option.response);
    if is_request {
        let who = partner(ctx.decision, p);
        let from = who.map_or("the partner", |w| ctx.name(w));
        if ctx.defaulted {
            return Some(Verdict::new(
                i32::from(p.declined),
                reason!(
                    ctx,
                    "Nobody answered {from}'s request for help: the default {} is not an answer; states are to answer appropriate requests for assistance: {}.",
                    ctx.chosen(),
                    p.declined
                ),
            ));
        }
        if helps && who.is_none_or(|w| helped(ctx.option) == Some(w)) {
            return Some(Verdict::new(
                100,
                reason!(
                    ctx,
                    "{} answers the request for help from {from}: 100.",
                    ctx.chosen()
                ),
            ));
        }
        if helps {
            let other = helped(ctx.option).map_or("someone else", |o| ctx.name(o));
            return Some(Verdict::new(
                i32::from(p.declined),
                reason!(
                    ctx,
                    "{} helps {other}, not {from}, whose request stays unanswered: {}.",
                    ctx.chosen(),
                    p.declined
                ),
            ));
        }
        let answers: Vec<&DecisionOption> = ctx
            .decision
            .decision
            .iter()
            .flat_map(|d| &d.options)
            .filter(|o| p.answers.contains(&o.response))
            .collect();
        if !answers.is_empty() && answers.iter().all(|o| unlawful(o)) {
            return Some(Verdict::new(
                100,
                reason!(
                    ctx,
                    "{} declines a request from {from} that could only be met by sending personal data with no legal basis; that is not an appropriate request, and declining it is lawful: 100.",
                    ctx.chosen()
                ),
            ));
        }
        return Some(Verdict::new(
            i32::from(p.declined),
            reason!(
                ctx,
                "{} leaves the request for help from {from} unanswered; states are to answer appropriate requests for assistance: {}.",
                ctx.chosen(),
                p.declined
            ),
        ));
    }
    // Requests addressed to the team elsewhere, still open.
    let requests: Vec<(&str, Option<&str>)> = ctx
        .open_requests
        .iter()
        .map(|id| {
            let partner = ctx
                .scenario
                .injects
                .iter()
                .find(|i| &i.id == id)
                .and_then(|i| partner(i, p));
            (id.as_str(), partner)
        })
        .collect();
    let titles: Vec<String> = requests
        .iter()
        .map(|(id, _)| ctx.inject_title(id))
        .collect();
    let answered = requests
        .iter()
        .find(|(_, w)| helps && !ctx.defaulted && w.is_some_and(|w| helped(ctx.option) == Some(w)));
    if let Some((id, w)) = answered {
        let from = w.map_or("the partner", |w| ctx.name(w));
        return Some(Verdict::new(
            100,
            reason!(
                ctx,
                "{} answers {from}'s open request {}: 100.",
                ctx.chosen(),
                ctx.inject_title(id)
            ),
        ));
    }
    let (noun, verb) = if requests.len() == 1 {
        ("partner request", "was")
    } else {
        ("partner requests", "were")
    };
    let unrelated = if helps && !ctx.defaulted {
        " (cooperation with someone else answers none of them)"
    } else {
        ""
    };
    Some(Verdict::new(
        i32::from(p.outstanding),
        reason!(
            ctx,
            "{} was decided while {} {noun} ({}) {verb} still unanswered{unrelated}: {}.",
            ctx.chosen(),
            requests.len(),
            titles.join(", "),
            p.outstanding
        ),
    ))
}
