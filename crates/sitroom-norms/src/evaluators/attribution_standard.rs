//! Attribution standard: a measure aimed at a suspect needs the likelihood
//! and confidence its legal family calls for (domain.md §2.5, §3), and in
//! the reveal, the target must have been the culprit (Tallinn 2.0: the risk
//! of a mistaken attribution lies with the responding state).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sitroom_scenario::{ResponseKind, Truth};

use super::Verdict;
use crate::catalogue::{Catalogue, LegalFamily, ResponseStep};
use crate::context::{Confidence, DecisionContext};
use crate::estimative::{percent, term_for_percent};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub families: Vec<FamilyStandard>,
    /// Overrides of the family standard for particular kinds.
    pub kinds: Vec<KindStandard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyStandard {
    pub family: LegalFamily,
    /// `None`: no attribution needed.
    pub needs: Option<Standard>,
    /// Score in the reveal when the target was not the culprit.
    pub wrong_target: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindStandard {
    pub kind: ResponseKind,
    pub needs: Option<Standard>,
    pub wrong_target: u8,
}

/// The least a team must believe: a whole percent and a confidence level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub probability: u8,
    pub confidence: Confidence,
}

/// The standard that applies to one response kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub needs: Option<Standard>,
    pub wrong_target: u8,
}

impl FamilyStandard {
    pub fn rule(&self) -> Rule {
        Rule {
            needs: self.needs,
            wrong_target: self.wrong_target,
        }
    }
}

impl KindStandard {
    pub fn rule(&self) -> Rule {
        Rule {
            needs: self.needs,
            wrong_target: self.wrong_target,
        }
    }
}

impl Params {
    /// The kind's own standard, else its family's; `None` when neither is listed.
    pub fn rule_for(&self, step: &ResponseStep) -> Option<Rule> {
        self.kinds
            .iter()
            .find(|k| k.kind == step.kind)
            .map(KindStandard::rule)
            .or_else(|| {
                self.families
                    .iter()
                    .find(|f| f.family == step.family)
                    .map(FamilyStandard::rule)
            })
    }
}

fn level(c: Confidence) -> i32 {
    match c {
        Confidence::Low => 0,
        Confidence::Moderate => 1,
        Confidence::High => 2,
    }
}

pub fn evaluate(ctx: &DecisionContext, p: &Params, cat: &Catalogue) -> Option<Verdict> {
    let target = ctx.option.target.as_deref()?;
    // A scenario without attribution cases does not model who did it.
    if ctx.scenario.cases.is_empty() {
        return None;
    }
    let step = cat.step(ctx.option.response);
    let needs = p.rule_for(step)?.needs?;
    let name = ctx.name(target);
    let standard = format!(
        "the {} standard is '{}' ({}%+) with {} confidence",
        step.label,
        term_for_percent(needs.probability),
        needs.probability,
        needs.confidence
    );
    let Some(belief) = ctx.belief_in(target) else {
        return Some(Verdict::new(
            0,
            format!(
                "{} against {name}, who is not a suspect in any case the team follows; {standard}.",
                ctx.chosen()
            ),
        ));
    };
    let pct = percent(belief.probability);
    let held = format!(
        "{} against {name} at {pct}% ({}), {} confidence",
        ctx.chosen(),
        term_for_percent(pct),
        belief.confidence
    );
    let score = if pct < needs.probability {
        // Below the bar: always U, lower the further below.
        30 * i32::from(pct) / i32::from(needs.probability.max(1))
    } else {
        match level(needs.confidence) - level(belief.confidence) {
            ..=0 => 100,
            1 => 65,
            _ => 40,
        }
    };
    Some(Verdict::new(score, format!("{held}; {standard}.")))
}

/// The case the team acted on when aiming at `target`, with its truth: the
/// option's `case` when it names one, else the case of the team's strongest
/// belief in the target, else the first case that lists the target.
pub(crate) fn case_truth<'t>(
    ctx: &DecisionContext,
    target: &str,
    truth: &'t BTreeMap<String, Truth>,
) -> Option<(String, &'t Truth)> {
    let case = match (&ctx.option.case, ctx.belief_in(target)) {
        (Some(case), _) => case.clone(),
        (None, Some(b)) => b.case.clone(),
        (None, None) => ctx
            .scenario
            .cases
            .iter()
            .find(|c| c.suspects.iter().any(|s| s == target) && truth.contains_key(&c.id))?
            .id
            .clone(),
    };
    let t = truth.get(&case)?;
    let incident = ctx
        .scenario
        .cases
        .iter()
        .find(|c| c.id == case)
        .map_or(case.clone(), |c| c.incident.clone());
    Some((incident, t))
}

/// "X was the false-flag victim: ..." — what the truth says about the target.
pub(crate) fn truth_sentence(
    ctx: &DecisionContext,
    target: &str,
    incident: &str,
    t: &Truth,
) -> String {
    let name = ctx.name(target);
    let culprit = ctx.name(&t.culprit);
    if t.culprit == target {
        format!("{name} was indeed responsible for {incident}")
    } else if t.false_flag.as_deref() == Some(target) {
        format!(
            "{name} was the false-flag victim of {incident}, framed with planted evidence; {culprit} was responsible"
        )
    } else {
        format!("{name} was not responsible for {incident}; {culprit} was")
    }
}

pub fn reveal(
    ctx: &DecisionContext,
    p: &Params,
    cat: &Catalogue,
    truth: &BTreeMap<String, Truth>,
) -> Option<Verdict> {
    let target = ctx.option.target.as_deref()?;
    let step = cat.step(ctx.option.response);
    let rule = p.rule_for(step)?;
    rule.needs?;
    let (incident, t) = case_truth(ctx, target, truth)?;
    let fact = truth_sentence(ctx, target, &incident, t);
    let verdict = if t.culprit == target {
        Verdict::new(
            100,
            format!("{} was aimed at the right actor: {fact}.", ctx.chosen()),
        )
    } else {
        Verdict::new(
            i32::from(rule.wrong_target),
            format!(
                "{} ({}) was aimed at the wrong actor: {fact}.",
                ctx.chosen(),
                step.label
            ),
        )
    };
    Some(verdict)
}
