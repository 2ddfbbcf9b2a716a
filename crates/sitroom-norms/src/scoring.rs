//! Running the norms a scenario selects over one decision.

use std::collections::BTreeMap;

use sitroom_scenario::{Channel, Inject, Minutes, ResponseKind, Scenario, Truth};

use crate::catalogue::{Norm, catalogue};
use crate::context::DecisionContext;
use crate::evaluation::{Evaluation, Grade, Score};
use crate::evaluators::{Evaluator, Verdict};

/// The norms a scenario scores, with their weights, in catalogue order:
/// the scenario's selection, or the catalogue's default set when it selects
/// none. Ids the catalogue does not know are skipped (see [`unknown_norms`]).
pub fn selected_norms(scenario: &Scenario) -> Vec<(&'static Norm, f64)> {
    let cat = catalogue();
    if scenario.norms.is_empty() {
        cat.defaults().map(|n| (n, n.weight)).collect()
    } else {
        cat.norms
            .iter()
            .filter_map(|n| scenario.norms.get(&n.id).map(|w| (n, *w)))
            .collect()
    }
}

/// Norm ids a scenario selects that the catalogue does not define, for the
/// scenario checker to report.
pub fn unknown_norms(scenario: &Scenario) -> Vec<String> {
    let cat = catalogue();
    let mut ids: Vec<String> = scenario
        .norms
        .keys()
        .filter(|id| cat.norm(id).is_none())
        .cloned()
        .collect();
    for objective in &scenario.meta.objectives {
        for id in &objective.norms {
            if cat.norm(id).is_none() && !ids.contains(id) {
                ids.push(id.clone());
            }
        }
    }
    ids
}

fn evaluation(norm: &Norm, weight: f64, verdict: Verdict, depends_on_truth: bool) -> Evaluation {
    Evaluation {
        norm: norm.id.clone(),
        score: verdict.score,
        grade: Grade::from_score(verdict.score),
        reason: verdict.reason,
        source: verdict.source.unwrap_or_else(|| norm.source.clone()),
        depends_on_truth,
        weight,
        breach: verdict.breach,
    }
}

/// One norm against one decision, whatever the scenario selects;
/// `None` when the norm does not apply to the decision.
pub fn evaluate_norm(ctx: &DecisionContext, norm: &Norm, weight: f64) -> Option<Evaluation> {
    norm.evaluator
        .verdict(ctx, catalogue())
        .map(|v| evaluation(norm, weight, v, false))
}

/// Every selected norm that applies to the decision.
pub fn evaluate(ctx: &DecisionContext) -> Vec<Evaluation> {
    evaluate_selected(ctx, &selected_norms(ctx.scenario))
}

/// Every norm of `selected` (the scenario's [`selected_norms`], which a
/// caller scoring many decisions of one scenario takes once) that applies.
fn evaluate_selected(ctx: &DecisionContext, selected: &[(&'static Norm, f64)]) -> Vec<Evaluation> {
    selected
        .iter()
        .filter_map(|&(norm, weight)| evaluate_norm(ctx, norm, weight))
        .collect()
}

/// The truth-dependent re-scores of the decision, given each case's truth
/// (case id → truth): was the measure aimed at the actor really responsible?
/// These are added to the decision's evaluations in the reveal.
pub fn reveal(ctx: &DecisionContext, truth: &BTreeMap<String, Truth>) -> Vec<Evaluation> {
    selected_norms(ctx.scenario)
        .into_iter()
        .filter_map(|(norm, weight)| {
            norm.evaluator
                .reveal(ctx, catalogue(), truth)
                .map(|v| evaluation(norm, weight, v, true))
        })
        .collect()
}

/// Whether a default applied by the clock left undone a task that required
/// action: a partner's request (a default is not an answer, UN GGE 2015
/// report A/70/174 §13(h)), or a decision that offered action when the
/// default does nothing (HSEEP U, "unable to be performed").
pub(crate) fn failed_to_act(ctx: &DecisionContext) -> bool {
    if !ctx.defaulted {
        return false;
    }
    if ctx.decision.channel == Channel::PartnerRequest {
        return true;
    }
    let acts = |o: &sitroom_scenario::DecisionOption| o.response != ResponseKind::Monitor;
    !acts(ctx.option)
        && ctx
            .decision
            .decision
            .as_ref()
            .is_some_and(|d| d.options.iter().any(acts))
}

/// The decision's score record; `unscored` when no selected norm applied.
pub fn score(ctx: &DecisionContext) -> Score {
    score_selected(ctx, &selected_norms(ctx.scenario))
}

/// [`score`] with the scenario's [`selected_norms`] taken beforehand (the
/// engine takes them once per session rather than once per decision).
pub fn score_selected(ctx: &DecisionContext, selected: &[(&'static Norm, f64)]) -> Score {
    let evaluations = evaluate_selected(ctx, selected);
    Score {
        team: ctx.team.to_string(),
        decision: ctx.decision.id.clone(),
        option: ctx.option.id.clone(),
        at: ctx.decided_at,
        defaulted: ctx.defaulted,
        unscored: evaluations.is_empty(),
        evaluations,
        failed_to_act: failed_to_act(ctx),
    }
}

/// The score of a decision that lapsed: the deadline passed with the team
/// undecided and no default to apply, so nothing was done. Where the
/// decision offered action it is a failure to act (HSEEP U, "unable to be
/// performed"); the timeliness norm, when selected, scores it as a default.
/// `option` is empty: no option was taken.
pub fn lapse(
    scenario: &Scenario,
    team: &str,
    decision: &Inject,
    opened_at: Minutes,
    deadline_at: Minutes,
) -> Score {
    let window = deadline_at.saturating_sub(opened_at);
    let evaluations: Vec<Evaluation> = selected_norms(scenario)
        .into_iter()
        .filter_map(|(norm, weight)| match &norm.evaluator {
            Evaluator::Timeliness(p) => Some(evaluation(
                norm,
                weight,
                Verdict::new(
                    i32::from(p.defaulted),
                    format!(
                        "Nobody decided within the {window}-minute window and '{}' has no default: nothing was done by minute {deadline_at}: {}.",
                        decision.title, p.defaulted
                    ),
                ),
                false,
            )),
            _ => None,
        })
        .collect();
    let offered_action = decision.decision.as_ref().is_some_and(|d| {
        d.options
            .iter()
            .any(|o| o.response != ResponseKind::Monitor)
    });
    Score {
        team: team.to_string(),
        decision: decision.id.clone(),
        option: String::new(),
        at: deadline_at,
        defaulted: false,
        unscored: evaluations.is_empty(),
        evaluations,
        failed_to_act: offered_action || decision.channel == Channel::PartnerRequest,
    }
}
