//! Where a score would rest on something the author did not write: an
//! accusation that names no attribution case (SR0316), and a field the
//! selected norms read left to its documented default where that default
//! decides the score (SR0223). What the norms read comes from the caller
//! ([`NormFacts`]), since the catalogue lives in `sitroom-norms`.

use std::collections::BTreeSet;

use crate::model::*;
use crate::report::Diagnostic;

use super::{Cx, option_path, root};

/// What `check` needs to know of the norm catalogue: the ids it defines,
/// the default set, and which fields of which options each norm reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NormFacts {
    /// Every norm id the catalogue defines (SR0501).
    pub known: Vec<String>,
    /// The norms scored when a scenario's `norms` map is empty.
    pub default_set: Vec<String>,
    /// Which norm reads which field of options of which kinds.
    pub reads: Vec<NormReads>,
    /// How far a severity may exceed the injury without costing anything
    /// (proportionality's tolerance): a measure within it of an injury of 0
    /// scores the same whatever the injury.
    pub severity_tolerance: u8,
}

/// One norm reading one field of the options of some response kinds.
#[derive(Debug, Clone, PartialEq)]
pub struct NormReads {
    pub norm: String,
    pub field: ScoredField,
    pub kinds: Vec<ResponseKind>,
}

/// A scenario field a norm's score depends on, whose default is generous:
/// left out, it never costs the team anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScoredField {
    /// An option's `severity` (default 0: always in measure).
    Severity,
    /// An option's `reversible` (default `true`).
    Reversible,
    /// More than low confidence in the target of an option of these kinds:
    /// the `reliability` of the evidence on its case (default: not rated,
    /// which caps nothing).
    Confidence,
}

impl NormFacts {
    /// The norms the scenario scores that read `field` of an option of `kind`.
    fn readers(&self, s: &Scenario, field: ScoredField, kind: ResponseKind) -> Vec<&str> {
        let selected: BTreeSet<&str> = if s.norms.is_empty() {
            self.default_set.iter().map(String::as_str).collect()
        } else {
            s.norms.keys().map(String::as_str).collect()
        };
        let mut out: Vec<&str> = self
            .reads
            .iter()
            .filter(|r| r.field == field && r.kinds.contains(&kind))
            .map(|r| r.norm.as_str())
            .filter(|n| selected.contains(n))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Response kinds that accuse their target in public of an incident.
fn attributes(kind: ResponseKind) -> bool {
    matches!(
        kind,
        ResponseKind::PublicAttribution | ResponseKind::JointAttribution
    )
}

fn names(norms: &[&str]) -> String {
    norms
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// SR0316: an attribution-kind option that names no case.
pub(super) fn accusations(cx: &mut Cx) {
    let s = cx.s;
    for (i, inject) in s.injects.iter().enumerate() {
        let Some(decision) = &inject.decision else {
            continue;
        };
        for (j, option) in decision.options.iter().enumerate() {
            if !attributes(option.response) || option.case.is_some() || !option.cases.is_empty() {
                continue;
            }
            let path = option_path(i, j);
            let span = cx.at(&path.field("response"));
            let of_target: Vec<&str> = option
                .target
                .as_deref()
                .map(|t| {
                    s.cases
                        .iter()
                        .filter(|c| c.suspects.iter().any(|x| x == t))
                        .map(|c| c.id.as_str())
                        .collect()
                })
                .unwrap_or_default();
            let note = match of_target.as_slice() {
                [] if s.cases.is_empty() => "the scenario declares no attribution case, so the attribution standard never judges this accusation".to_string(),
                [] => "its target is a suspect in no case, so the accusation is judged as one nothing supports".to_string(),
                [one] => format!(
                    "it is judged on the only case that names its target; help: write `case: \"{one}\"` to say so"
                ),
                many => format!(
                    "it is judged on whichever of {} the team most suspects its target in at the time; help: name the incident with `case`, or every one it covers with `cases`",
                    many.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            cx.push(
                Diagnostic::warning(
                    "SR0316",
                    format!("option `{}` accuses without naming a case", option.id),
                    span,
                )
                .with_label("an attribution names the incident it attributes")
                .with_note(note),
            );
        }
    }
}

/// SR0223: a field a selected norm reads, left to a default that decides
/// the score.
pub(super) fn defaults(cx: &mut Cx, facts: &NormFacts) {
    let s = cx.s;
    // Options whose target's confidence a selected norm needs above low, by case.
    let mut confidence_cases: BTreeSet<&str> = BTreeSet::new();
    for (i, inject) in s.injects.iter().enumerate() {
        let Some(decision) = &inject.decision else {
            continue;
        };
        for (j, option) in decision.options.iter().enumerate() {
            let path = option_path(i, j);
            let kind = option.response;
            let readers = facts.readers(s, ScoredField::Severity, kind);
            if !readers.is_empty() && !cx.tree.written(&path.field("severity")) {
                let span = cx.at(&path.field("response"));
                cx.push(
                    Diagnostic::warning(
                        "SR0223",
                        format!("option `{}` is scored with the default severity 0", option.id),
                        span,
                    )
                    .with_label(format!("{} reads the severity of this kind", names(&readers)))
                    .with_note("severity 0 is always in measure with any injury; help: give the `severity` the measure has (scenario format, the severity scale)"),
                );
            }
            if !readers.is_empty()
                && s.injury_per_state()
                && option.severity > facts.severity_tolerance
            {
                let states: BTreeSet<&str> = match option.on_behalf_of.as_deref() {
                    Some(state) => [state].into(),
                    None => decision
                        .deciding_teams(inject, s)
                        .into_iter()
                        .filter_map(|t| s.team(t))
                        .map(|t| t.actor.as_str())
                        .collect(),
                };
                if let Some(state) = states.into_iter().find(|a| s.injury_variable(a).is_none()) {
                    let span = cx.at(&path.field("response"));
                    cx.push(
                        Diagnostic::warning(
                            "SR0223",
                            format!(
                                "option `{}` is weighed against an injury of 0: no variable measures the injury of `{state}`",
                                option.id
                            ),
                            span,
                        )
                        .with_label(format!("{} weighs this kind against the injury", names(&readers)))
                        .with_note(format!(
                            "with injury per state, a state with no `injury_of` variable has suffered none; help: declare one for `{state}`, or write `on_behalf_of` the injured state the measure answers"
                        )),
                    );
                }
            }
            let readers = facts.readers(s, ScoredField::Reversible, kind);
            if !readers.is_empty() && !cx.tree.written(&path.field("reversible")) {
                let span = cx.at(&path.field("response"));
                cx.push(
                    Diagnostic::warning(
                        "SR0223",
                        format!("option `{}` is scored as reversible by default", option.id),
                        span,
                    )
                    .with_label(format!("{} asks whether this kind can be undone", names(&readers)))
                    .with_note("`reversible` defaults to true, which costs nothing; help: write `reversible: true` or `reversible: false`"),
                );
            }
            if let Some(target) = option.target.as_deref()
                && !facts.readers(s, ScoredField::Confidence, kind).is_empty()
            {
                if let Some(case) = &option.case {
                    confidence_cases.insert(case);
                }
                confidence_cases.extend(option.cases.iter().map(String::as_str));
                if option.case.is_none() && option.cases.is_empty() {
                    confidence_cases.extend(
                        s.cases
                            .iter()
                            .filter(|c| c.suspects.iter().any(|x| x == target))
                            .map(|c| c.id.as_str()),
                    );
                }
            }
        }
    }
    for (i, inject) in s.injects.iter().enumerate() {
        for (k, item) in inject.evidence.iter().enumerate() {
            let weighs = item.strength.values().any(|st| *st != Strength::Neutral);
            if item.plantable
                || item.reliability.is_some()
                || !weighs
                || !confidence_cases.contains(item.case.as_str())
            {
                continue;
            }
            let path = root().field("injects").index(i).field("evidence").index(k);
            let span = cx.at(&path.field("description"));
            cx.push(
                Diagnostic::warning(
                    "SR0223",
                    format!(
                        "evidence on case `{}` in inject `{}` has no `reliability`",
                        item.case, inject.id
                    ),
                    span,
                )
                .with_label("not rated: its full weight counts and it caps no confidence")
                .with_note("an option on this case needs more than low confidence in its target, so the rating can decide its attribution score; help: rate the source `Low`, `Moderate` or `High`, or mark the item `plantable`"),
            );
        }
    }
}
