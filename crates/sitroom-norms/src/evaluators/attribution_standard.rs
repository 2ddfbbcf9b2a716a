//! Attribution standard: a measure aimed at a suspect needs the likelihood
//! and confidence its legal family calls for (Tallinn Manual 2.0 ch. 4 s. 1
//! paras 8-12, reasonableness; UN GGE 2015 report A/70/174 §28(f),
//! accusations substantiated; ICD 203 likelihood and confidence, stated
//! apart), and in the reveal, the target must have been the culprit
//! (Tallinn 2.0: the risk of a mistaken attribution lies with the
//! responding state).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sitroom_scenario::{ResponseKind, Truth};

use super::Verdict;
use crate::catalogue::{Catalogue, LegalFamily, ResponseStep};
use crate::context::{Confidence, DecisionContext};
use crate::estimative::{percent, term_for_percent};
use crate::evaluation::Breach;

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
    /// What missing the standard costs; defaults to a calibration only.
    #[serde(default)]
    pub gate: Gate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindStandard {
    pub kind: ResponseKind,
    pub needs: Option<Standard>,
    pub wrong_target: u8,
    /// What missing the standard costs; defaults to a calibration only.
    #[serde(default)]
    pub gate: Gate,
}

/// What missing a standard costs, beyond the likelihood bar's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// The breach when the likelihood bar is missed (`None`: the standard is
    /// a calibration, not a condition of lawfulness). When `Grave`, missing
    /// the confidence is a `Defect`.
    #[serde(default)]
    pub breach: Option<Breach>,
    /// Score when the confidence is one level short.
    #[serde(default = "sixty_five")]
    pub one_short: u8,
    /// Score when it is two levels short.
    #[serde(default = "forty")]
    pub two_short: u8,
    /// The source of this standard, when narrower than the norm's.
    #[serde(default)]
    pub source: Option<String>,
}

impl Default for Gate {
    fn default() -> Gate {
        Gate {
            breach: None,
            one_short: sixty_five(),
            two_short: forty(),
            source: None,
        }
    }
}

fn sixty_five() -> u8 {
    65
}
fn forty() -> u8 {
    40
}

/// The least a team must believe: a whole percent and a confidence level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub probability: u8,
    pub confidence: Confidence,
}

/// The standard that applies to one response kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub needs: Option<Standard>,
    pub wrong_target: u8,
    pub gate: Gate,
}

impl FamilyStandard {
    pub fn rule(&self) -> Rule {
        Rule {
            needs: self.needs,
            wrong_target: self.wrong_target,
            gate: self.gate.clone(),
        }
    }
}

impl KindStandard {
    pub fn rule(&self) -> Rule {
        Rule {
            needs: self.needs,
            wrong_target: self.wrong_target,
            gate: self.gate.clone(),
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

pub fn evaluate(ctx: &DecisionContext, p: &Params, cat: &Catalogue) -> Option<Verdict> {
    let target = ctx.option.target.as_deref()?;
    // A scenario without attribution cases does not model who did it.
    if ctx.scenario.cases.is_empty() {
        return None;
    }
    let step = cat.step(ctx.option.response);
    let rule = p.rule_for(step)?;
    let needs = rule.needs?;
    let gate = &rule.gate;
    let name = ctx.name(target);
    // ICD 203: a likelihood and a confidence level never share a sentence.
    let likelihood_bar = reason!(
        ctx,
        "The standard for {} is at least '{}' ({}%).",
        step.label,
        term_for_percent(needs.probability),
        needs.probability
    );
    let confidence_bar = reason!(ctx, "It also asks for {} confidence.", needs.confidence);
    let what = reason!(ctx, "{} is aimed at {name}.", ctx.chosen());
    let Some(belief) = ctx.belief_in(target) else {
        return Some(
            Verdict::new(
                0,
                reason!(ctx,
                    "{what} {name} is no suspect in any case the team follows, so nothing supports the measure. {likelihood_bar} Score 0."
                ),
            )
            .breach(gate.breach)
            .source(gate.source.as_deref()),
        );
    };
    let pct = percent(belief.probability);
    let incident = ctx
        .scenario
        .cases
        .iter()
        .find(|c| c.id == belief.case)
        .map_or(belief.case.as_str(), |c| c.incident.as_str());
    let held = reason!(
        ctx,
        "{what} On the team's evidence it is {} ({pct}%) that {name} was behind {incident}. That judgment is held with {} confidence.",
        term_for_percent(pct),
        belief.confidence
    );
    let verdict = if pct < needs.probability {
        // Below the bar: always U, lower the further below.
        let score = 30 * i32::from(pct) / i32::from(needs.probability.max(1));
        Verdict::new(
            score,
            reason!(
                ctx,
                "{held} {likelihood_bar} {pct}% is below it: 30 × {pct} / {} = {score}.",
                needs.probability
            ),
        )
        .breach(gate.breach)
    } else {
        let short = needs.confidence.level() - belief.confidence.level();
        let (score, how) = match short {
            ..=0 => (100, "Both bars are met: 100.".to_string()),
            1 => (
                i32::from(gate.one_short),
                reason!(
                    ctx,
                    "The likelihood bar is met; {} confidence is one level short: {}.",
                    belief.confidence,
                    gate.one_short
                ),
            ),
            _ => (
                i32::from(gate.two_short),
                reason!(
                    ctx,
                    "The likelihood bar is met; {} confidence is two levels short: {}.",
                    belief.confidence,
                    gate.two_short
                ),
            ),
        };
        // Where missing the likelihood is unlawful, acting on too little
        // confidence is a defect.
        let breach = (short > 0 && gate.breach == Some(Breach::Grave)).then_some(Breach::Defect);
        Verdict::new(
            score,
            reason!(ctx, "{held} {likelihood_bar} {confidence_bar} {how}"),
        )
        .breach(breach)
    };
    Some(verdict.source(gate.source.as_deref()))
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
        reason!(ctx, "{name} was indeed responsible for {incident}")
    } else if t.false_flag.as_deref() == Some(target) {
        reason!(
            ctx,
            "{name} was the false-flag victim of {incident}, framed with planted evidence; {culprit} was responsible"
        )
    } else {
        reason!(
            ctx,
            "{name} was not responsible for {incident}; {culprit} was"
        )
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
    let source = rule.gate.source.clone();
    let (incident, t) = case_truth(ctx, target, truth)?;
    let fact = truth_sentence(ctx, target, &incident, t);
    let verdict = if t.culprit == target {
        Verdict::new(
            100,
            reason!(
                ctx,
                "{} was aimed at the right actor: {fact}.",
                ctx.chosen()
            ),
        )
    } else {
        Verdict::new(
            i32::from(rule.wrong_target),
            reason!(
                ctx,
                "{} ({}) was aimed at the wrong actor: {fact}.",
                ctx.chosen(),
                step.label
            ),
        )
    };
    Some(verdict.source(source.as_deref()))
}
