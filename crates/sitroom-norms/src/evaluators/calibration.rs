//! Calibration: the team's own judgement on the case it acts on, compared
//! with what its evidence supported. ICD 203 asks analysts to state a
//! likelihood and a confidence level apart and to be neither over- nor
//! under-confident; a measure aimed at a state the team itself does not
//! hold responsible, or rates below the measure's bar, has no basis in the
//! team's own analysis (UN GGE 2015 A/70/174 §28(f): accusations
//! substantiated). Overclaiming costs more than caution, and more the
//! more confident the team said it was. In hindsight, a wrong judgement
//! held with high confidence costs more than a cautious one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sitroom_scenario::Truth;

use super::Verdict;
use super::attribution_standard::{case_truth, truth_sentence};
use crate::catalogue::Catalogue;
use crate::context::{Confidence, DecisionContext, Stated};
use crate::estimative::Likelihood;
use crate::evaluation::Breach;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Points lost per term the stated likelihood is above what the
    /// evidence supported, times 1, 2 or 3 for a stated low, moderate or
    /// high confidence.
    pub over_per_term: u8,
    /// Points lost per term the stated likelihood is below it.
    pub under_per_term: u8,
    /// Points lost per confidence level stated above the one supported.
    pub over_confidence: u8,
    /// Points lost per confidence level stated below it.
    pub under_confidence: u8,
    /// Score when the team's own judgement does not support the measure:
    /// it names another suspect, or rates the target below the measure's
    /// likelihood bar.
    pub against_own: u8,
    /// Score when the team's own confidence is short of the measure's bar.
    pub own_confidence_short: u8,
    /// Hindsight scores of a judgement that named the wrong suspect, by the
    /// confidence the team stated.
    pub wrong_low: u8,
    pub wrong_moderate: u8,
    pub wrong_high: u8,
}

impl Params {
    pub(crate) fn scores(&self) -> Vec<(&'static str, u8)> {
        vec![
            ("over_per_term", self.over_per_term),
            ("under_per_term", self.under_per_term),
            ("over_confidence", self.over_confidence),
            ("under_confidence", self.under_confidence),
            ("against_own", self.against_own),
            ("own_confidence_short", self.own_confidence_short),
            ("wrong_low", self.wrong_low),
            ("wrong_moderate", self.wrong_moderate),
            ("wrong_high", self.wrong_high),
        ]
    }
}

/// The case the measure acts on and the team's stated judgement on it;
/// `None` when the measure needs no attribution or nothing was stated.
fn stated<'c>(ctx: &'c DecisionContext, cat: &Catalogue) -> Option<(&'c str, &'c Stated)> {
    let target = ctx.option.target.as_deref()?;
    if ctx.scenario.cases.is_empty() || !cat.needs_attribution(ctx.option.response) {
        return None;
    }
    // The case the attribution standard judges the measure on (one rule).
    let case = match (&ctx.option.case, ctx.belief_in(target)) {
        (Some(c), _) => c.as_str(),
        (None, Some(b)) => b.case.as_str(),
        (None, None) => ctx
            .stated
            .iter()
            .find(|s| s.suspect == target)?
            .case
            .as_str(),
    };
    Some((target, ctx.stated_on(case)?))
}

/// "It judged it likely (stated at T+…) that X was behind Y. It stated
/// moderate confidence." — likelihood and confidence in separate sentences.
fn said(ctx: &DecisionContext, s: &Stated) -> String {
    reason!(
        ctx,
        "The team {} that {} was behind {}. It stated {} confidence.",
        s.likelihood.judged(),
        ctx.name(&s.suspect),
        incident(ctx, &s.case),
        s.confidence
    )
}

fn incident<'c>(ctx: &'c DecisionContext, case: &'c str) -> &'c str {
    ctx.scenario
        .cases
        .iter()
        .find(|c| c.id == case)
        .map_or(case, |c| c.incident.as_str())
}

pub fn evaluate(ctx: &DecisionContext, p: &Params, cat: &Catalogue) -> Option<Verdict> {
    let (target, s) = stated(ctx, cat)?;
    let rule = cat.attribution_rule(ctx.option.response)?;
    let needs = rule.needs?;
    let breach = rule.gate.breach;
    let said = said(ctx, s);
    let what = reason!(ctx, "{} is aimed at {}.", ctx.chosen(), ctx.name(target));
    if s.suspect != target {
        return Some(
            Verdict::new(
                i32::from(p.against_own),
                reason!(
                    ctx,
                    "{what} {said} The measure has no basis in the team's own judgement: {}.",
                    p.against_own
                ),
            )
            .breach(breach),
        );
    }
    if s.likelihood.floor() < needs.probability {
        return Some(
            Verdict::new(
                i32::from(p.against_own),
                reason!(ctx,
                    "{what} {said} The measure needs at least '{}'; by the team's own judgement it is not met: {}.",
                    Likelihood::of_percent(needs.probability),
                    p.against_own
                ),
            )
            .breach(breach),
        );
    }
    if s.confidence < needs.confidence {
        // As with the evidence's confidence: short of it is a defect.
        return Some(
            Verdict::new(
                i32::from(p.own_confidence_short),
                reason!(ctx,
                    "{what} {said} The measure also asks for {} confidence, more than the team itself stated: {}.",
                    needs.confidence, p.own_confidence_short
                ),
            )
            .breach(breach.map(|_| Breach::Defect)),
        );
    }
    // What the team's evidence supported for the suspect it named.
    let belief = ctx
        .beliefs
        .iter()
        .find(|b| b.case == s.case && b.suspect == s.suspect)?;
    let supported = Likelihood::of(belief.probability);
    let terms = s.likelihood.step() - supported.step();
    let levels = s.confidence.level() - belief.confidence.level();
    let times = 1 + s.confidence.level();
    let over = i32::from(p.over_per_term) * terms.max(0) * times;
    let under = i32::from(p.under_per_term) * (-terms).max(0);
    let conf_over = i32::from(p.over_confidence) * levels.max(0);
    let conf_under = i32::from(p.under_confidence) * (-levels).max(0);
    let score = 100 - over - under - conf_over - conf_under;
    let evidence = reason!(
        ctx,
        "Its evidence supported '{}' ({}%). The evidence supported {} confidence.",
        supported,
        crate::estimative::percent(belief.probability),
        belief.confidence
    );
    let mut how = Vec::new();
    if terms > 0 {
        how.push(reason!(
            ctx,
            "{} × {terms} term(s) above × {times} for {} confidence",
            p.over_per_term,
            s.confidence
        ));
    }
    if terms < 0 {
        how.push(reason!(
            ctx,
            "{} × {} term(s) below",
            p.under_per_term,
            -terms
        ));
    }
    if levels > 0 {
        how.push(reason!(
            ctx,
            "{} × {levels} confidence level(s) above",
            p.over_confidence
        ));
    }
    if levels < 0 {
        how.push(reason!(
            ctx,
            "{} × {} confidence level(s) below",
            p.under_confidence,
            -levels
        ));
    }
    let how = if how.is_empty() {
        "The judgement matches its evidence: 100.".to_string()
    } else {
        let shown = if score < 0 {
            reason!(ctx, "{score}, so 0")
        } else {
            score.to_string()
        };
        reason!(ctx, "100 − {} = {shown}.", how.join(" − "))
    };
    Some(Verdict::new(
        score,
        reason!(ctx, "{what} {said} {evidence} {how}"),
    ))
}

pub fn reveal(
    ctx: &DecisionContext,
    p: &Params,
    cat: &Catalogue,
    truth: &BTreeMap<String, Truth>,
) -> Option<Verdict> {
    let (target, s) = stated(ctx, cat)?;
    let (incident, t) = case_truth(ctx, target, truth)?;
    let fact = truth_sentence(ctx, &s.suspect, &incident, t);
    let supported = ctx
        .beliefs
        .iter()
        .filter(|b| b.case == s.case)
        .max_by(|a, b| a.probability.total_cmp(&b.probability))
        .map(|b| {
            reason!(
                ctx,
                " Its evidence pointed most to {} ({}).",
                ctx.name(&b.suspect),
                Likelihood::of(b.probability)
            )
        })
        .unwrap_or_default();
    let said = said(ctx, s);
    if t.culprit == s.suspect {
        return Some(Verdict::new(
            100,
            reason!(
                ctx,
                "{said}{supported} In truth {fact}: the judgement was right."
            ),
        ));
    }
    let score = match s.confidence {
        Confidence::Low => p.wrong_low,
        Confidence::Moderate => p.wrong_moderate,
        Confidence::High => p.wrong_high,
    };
    Some(Verdict::new(
        i32::from(score),
        reason!(
            ctx,
            "{said}{supported} In truth {fact}: wrong, and held with {} confidence: {score}.",
            s.confidence
        ),
    ))
}
