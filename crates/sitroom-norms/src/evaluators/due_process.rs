//! Due process and privacy (UN GGE 2015 report A/70/174 §13(e); Budapest
//! Convention arts. 29–30, 35): personal data crosses a border on a legal
//! basis and minimised; taking data abroad without the territorial state's
//! consent is an unlawful act. Declining to send what could only be sent
//! unlawfully is lawful, and scores as such.

use serde::{Deserialize, Serialize};
use sitroom_scenario::{LegalBasis, RelationKind, ResponseKind, Treaty};

use super::Verdict;
use crate::context::DecisionContext;
use crate::evaluation::Breach;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Personal data shared with no valid legal basis.
    pub no_basis: u8,
    /// Personal data shared on a basis but not minimised.
    pub not_minimised: u8,
    /// Direct seizure of data abroad.
    pub seizure: u8,
}

fn basis_label(b: LegalBasis) -> &'static str {
    match b {
        LegalBasis::None => "no legal basis",
        LegalBasis::Consent => "consent",
        LegalBasis::Mlat => "an MLAT request",
        LegalBasis::Budapest247 => "the Budapest 24/7 channel",
        LegalBasis::DomesticWarrant => "a domestic warrant",
        LegalBasis::AdequacyDecision => "an adequacy decision",
    }
}

/// Whether the scenario declares the treaty between the two actors.
fn treaty_between(ctx: &DecisionContext, a: &str, b: &str, treaty: Treaty) -> bool {
    ctx.scenario.relations.iter().any(|r| {
        r.kind == RelationKind::TreatyPartner(treaty)
            && ((r.from == a && r.to == b) || (r.from == b && r.to == a))
    })
}

pub fn evaluate(ctx: &DecisionContext, p: &Params) -> Option<Verdict> {
    let shares = |o: &sitroom_scenario::DecisionOption| {
        o.response == ResponseKind::DataSeizure || o.data.as_ref().is_some_and(|d| d.personal)
    };
    if ctx.option.response != ResponseKind::DataSeizure && ctx.option.data.is_none() {
        // Declining: the decision offered a way to send or take personal data
        // that fails due process, and the team took none.
        let offered: Vec<Verdict> = ctx
            .decision
            .decision
            .iter()
            .flat_map(|d| &d.options)
            .filter(|o| o.id != ctx.option.id && shares(o))
            .filter_map(|o| {
                let other = DecisionContext {
                    option: o,
                    ..ctx.clone()
                };
                judge(&other, p)
            })
            .filter(|v| v.breach.is_some())
            .collect();
        if offered.is_empty() {
            return None;
        }
        return Some(Verdict::new(
            100,
            reason!(
                ctx,
                "{} sends no personal data: of the options that would have, {} fail{} due process, and declining them is lawful: 100.",
                ctx.chosen(),
                offered.len(),
                if offered.len() == 1 { "s" } else { "" }
            ),
        ));
    }
    judge(ctx, p)
}

/// The option's own data handling.
fn judge(ctx: &DecisionContext, p: &Params) -> Option<Verdict> {
    if ctx.option.response == ResponseKind::DataSeizure {
        let from = ctx
            .option
            .target
            .as_deref()
            .map(|t| reason!(ctx, " from {}", ctx.name(t)))
            .unwrap_or_default();
        return Some(
            Verdict::new(
                i32::from(p.seizure),
                reason!(ctx,
                    "{} takes data{from} directly, on another state's territory without its consent, bypassing MLAT and the Budapest 24/7 channel: {}.",
                    ctx.chosen(),
                    p.seizure
                ),
            )
            .breach(Some(Breach::Grave)),
        );
    }
    let data = ctx.option.data.as_ref()?;
    let to = ctx.name(&data.recipient);
    if !data.personal {
        return Some(Verdict::new(
            100,
            reason!(
                ctx,
                "{} shares case data without personal data with {to}; no personal-data safeguard is engaged: 100.",
                ctx.chosen()
            ),
        ));
    }
    let treaty = match data.basis {
        LegalBasis::Mlat => Some((Treaty::Mlat, "an MLAT")),
        LegalBasis::Budapest247 => Some((Treaty::BudapestConvention, "the Budapest Convention")),
        _ => None,
    };
    if let Some((treaty, treaty_name)) = treaty {
        let ours = ctx.team_actor().unwrap_or(ctx.team);
        if !treaty_between(ctx, ours, &data.recipient, treaty) {
            return Some(
                Verdict::new(
                    i32::from(p.no_basis),
                    reason!(ctx,
                        "{} shares personal data with {to} on {}, but {} and {to} are not bound by {treaty_name}, so there is no legal basis: {}.",
                        ctx.chosen(),
                        basis_label(data.basis),
                        ctx.name(ours),
                        p.no_basis
                    ),
                )
                .breach(Some(Breach::Grave)),
            );
        }
    }
    let verdict = if data.basis == LegalBasis::None {
        Verdict::new(
            i32::from(p.no_basis),
            reason!(ctx,
                "{} shares personal data with {to} with no legal basis (MLAT, Budapest 24/7, consent, warrant or adequacy decision): {}.",
                ctx.chosen(),
                p.no_basis
            ),
        )
        .breach(Some(Breach::Grave))
    } else if !data.minimised {
        Verdict::new(
            i32::from(p.not_minimised),
            reason!(ctx,
                "{} shares personal data with {to} on {} but more than the request needs (not minimised): {}.",
                ctx.chosen(),
                basis_label(data.basis),
                p.not_minimised
            ),
        )
        .breach(Some(Breach::Defect))
    } else {
        Verdict::new(
            100,
            reason!(
                ctx,
                "{} shares personal data with {to} on {}, minimised to what the request needs: 100.",
                ctx.chosen(),
                basis_label(data.basis)
            ),
        )
    };
    Some(verdict)
}
