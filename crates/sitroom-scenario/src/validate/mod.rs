//! The semantic checks of a parsed scenario. Every check adds diagnostics
//! and carries on, so the author sees every problem at once. Codes are
//! stable and documented in `docs/diagnostics.md`:
//! SR00xx reading, SR01xx ids and references, SR02xx values and bounds,
//! SR03xx structure and visibility, SR04xx flow (reachability) and the
//! rules of many states.

mod flow;
pub(crate) mod limits;
mod references;
mod scoring;
mod states;
mod values;

pub use scoring::{NormFacts, NormReads, ScoredField};

use std::collections::BTreeMap;
use std::ops::Range;

use crate::model::*;
use crate::query::InjectIndex;
use crate::report::Diagnostic;
use crate::span::{Path, SpanTree};

/// Runs every check, with one index and the one span tree of the text
/// (built by the caller, perhaps alongside the parse); with `known`, the
/// norm ids (SR0501), with `facts`, the defaults a score rests on (SR0223).
/// The diagnostics are in no particular order.
pub fn validate<'a>(
    scenario: &'a Scenario,
    tree: SpanTree<'a>,
    known: Option<&[&str]>,
    facts: Option<&NormFacts>,
) -> Vec<Diagnostic> {
    let mut cx = Cx {
        s: scenario,
        ids: InjectIndex::new(scenario),
        tree,
        out: Vec::new(),
    };
    structure(&mut cx);
    duplicates(&mut cx);
    duplicate_keys(&mut cx);
    references::check(&mut cx);
    values::check(&mut cx);
    limits::check(&mut cx);
    visibility(&mut cx);
    scoring::accusations(&mut cx);
    states::check(&mut cx);
    // Reachability on a scenario with broken references would only repeat
    // those errors as warnings; `flow` treats unknown ids as satisfiable.
    flow::check(&mut cx);
    if let Some(known) = known {
        norms(&mut cx, known);
    }
    if let Some(facts) = facts {
        scoring::defaults(&mut cx, facts);
    }
    cx.out
}

/// SR0501: norm ids that the catalogue (given by the caller) does not know,
/// in the scenario's `norms` weights and in its objectives.
fn norms(cx: &mut Cx, known: &[&str]) {
    let scenario = cx.s;
    let names: Vec<String> = known.iter().map(|k| k.to_string()).collect();
    let help = |id: &str| match references::closest(id, &names) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("known norm ids: {}", known.join(", ")),
    };
    for id in scenario.norms.keys() {
        if !known.contains(&id.as_str()) {
            let span = cx.at(&root().field("norms").key_name(id));
            cx.push(
                Diagnostic::error("SR0501", format!("unknown norm `{id}`"), span)
                    .with_label("no norm in the catalogue has this id")
                    .with_note(help(id)),
            );
        }
    }
    for (i, objective) in scenario.meta.objectives.iter().enumerate() {
        for (j, id) in objective.norms.iter().enumerate() {
            if !known.contains(&id.as_str()) {
                let path = root()
                    .field("meta")
                    .field("objectives")
                    .index(i)
                    .field("norms")
                    .index(j);
                let span = cx.at(&path);
                cx.push(
                    Diagnostic::error(
                        "SR0501",
                        format!("objective `{}` names an unknown norm `{id}`", objective.id),
                        span,
                    )
                    .with_label("no norm in the catalogue has this id")
                    .with_note(help(id)),
                );
            }
        }
    }
}

/// The checking context: the scenario, where things are, what was found.
pub(crate) struct Cx<'a> {
    pub s: &'a Scenario,
    /// Where each inject is, by id.
    pub ids: InjectIndex,
    pub tree: SpanTree<'a>,
    pub out: Vec<Diagnostic>,
}

impl Cx<'_> {
    pub fn at(&self, path: &Path) -> Range<usize> {
        self.tree.locate(path)
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }
}

pub(crate) fn root() -> Path {
    Path::root()
}

/// Where option `j` of inject `i`'s decision is written.
pub(crate) fn option_path(i: usize, j: usize) -> Path {
    root()
        .field("injects")
        .index(i)
        .field("decision")
        .field("options")
        .index(j)
}

/// Lists that must not be empty, and the need for a player.
fn structure(cx: &mut Cx) {
    let s = cx.s;
    let empties: [(&str, bool, &str); 3] = [
        (
            "actors",
            s.actors.is_empty(),
            "a scenario needs actors for teams to represent",
        ),
        (
            "teams",
            s.teams.is_empty(),
            "a scenario needs at least one team",
        ),
        ("injects", s.injects.is_empty(), "nothing would ever happen"),
    ];
    for (field, empty, why) in empties {
        if empty {
            let span = cx.at(&root().field(field));
            cx.push(
                Diagnostic::error("SR0301", format!("`{field}` is empty"), span)
                    .with_label("declared here without any entry")
                    .with_note(why),
            );
        }
    }
    if !s.teams.is_empty() && s.player_teams().next().is_none() {
        let span = cx.at(&root().field("teams"));
        cx.push(
            Diagnostic::error("SR0302", "no team is played by a person", span)
                .with_label("every team here has `player: false`")
                .with_note("help: set `player: true` (the default) on at least one team"),
        );
    }
    for (i, inject) in s.injects.iter().enumerate() {
        let Some(decision) = &inject.decision else {
            continue;
        };
        let path = root().field("injects").index(i).field("decision");
        if decision.options.is_empty() {
            let span = cx.at(&path.field("options"));
            cx.push(
                Diagnostic::error(
                    "SR0303",
                    format!("the decision of inject `{}` has no options", inject.id),
                    span,
                )
                .with_label("no option to choose from"),
            );
        }
    }
}

/// SR0003: a map key written twice in one `{..}` (evidence strengths,
/// norm weights, priors): serde keeps the last value and drops the first
/// without a word.
fn duplicate_keys(cx: &mut Cx) {
    for dup in cx.tree.duplicate_keys() {
        cx.push(
            Diagnostic::warning(
                "SR0003",
                format!("map key `{}` is written twice", dup.key),
                dup.again,
            )
            .with_label("this value is the one kept")
            .with_secondary(dup.first, "this earlier value is ignored")
            .with_note("help: keep one entry per key"),
        );
    }
}

/// Ids must be unique within their kind (options within their decision).
fn duplicates(cx: &mut Cx) {
    let s = cx.s;
    let lists: Vec<(&str, &str, Vec<&str>)> = vec![
        (
            "actors",
            "actor",
            s.actors.iter().map(|a| a.id.as_str()).collect(),
        ),
        (
            "teams",
            "team",
            s.teams.iter().map(|t| t.id.as_str()).collect(),
        ),
        (
            "variables",
            "variable",
            s.variables.iter().map(|v| v.id.as_str()).collect(),
        ),
        (
            "cases",
            "case",
            s.cases.iter().map(|c| c.id.as_str()).collect(),
        ),
        (
            "injects",
            "inject",
            s.injects.iter().map(|i| i.id.as_str()).collect(),
        ),
        (
            "reactions",
            "reaction",
            s.reactions.iter().map(|r| r.id.as_str()).collect(),
        ),
        (
            "endings",
            "ending",
            s.endings.iter().map(|e| e.id.as_str()).collect(),
        ),
    ];
    for (field, kind, ids) in lists {
        let list = root().field(field);
        unique(cx, kind, &ids, |i| list.index(i).field("id"));
    }
    let objectives: Vec<&str> = s.meta.objectives.iter().map(|o| o.id.as_str()).collect();
    let list = root().field("meta").field("objectives");
    unique(cx, "objective", &objectives, |i| list.index(i).field("id"));
    for (i, inject) in s.injects.iter().enumerate() {
        if let Some(decision) = &inject.decision {
            let ids: Vec<&str> = decision.options.iter().map(|o| o.id.as_str()).collect();
            let list = root()
                .field("injects")
                .index(i)
                .field("decision")
                .field("options");
            unique(cx, "option", &ids, |j| list.index(j).field("id"));
        }
    }
    for (i, case) in s.cases.iter().enumerate() {
        let ids: Vec<&str> = case.suspects.iter().map(String::as_str).collect();
        let list = root().field("cases").index(i).field("suspects");
        unique(cx, "suspect", &ids, |j| list.index(j));
    }
    for (i, variable) in s.variables.iter().enumerate() {
        if variable.id == ESCALATION {
            let span = cx.at(&root().field("variables").index(i).field("id"));
            cx.push(
                Diagnostic::error("SR0101", "the variable id `escalation` is reserved", span)
                    .with_label("clashes with the escalation ladder")
                    .with_note(
                        "conditions and effects use `escalation` for the ladder; pick another id",
                    ),
            );
        }
    }
}

fn unique(cx: &mut Cx, kind: &str, ids: &[&str], path: impl Fn(usize) -> Path) {
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        match first.get(id) {
            Some(&earlier) => {
                let span = cx.at(&path(i));
                let earlier_span = cx.at(&path(earlier));
                cx.push(
                    Diagnostic::error("SR0101", format!("duplicate {kind} id `{id}`"), span)
                        .with_label("declared again here")
                        .with_secondary(earlier_span, "first declared here"),
                );
            }
            None => {
                first.insert(id, i);
            }
        }
    }
}

/// Need-to-know: who receives and who decides.
fn visibility(cx: &mut Cx) {
    let s = cx.s;
    for (i, inject) in s.injects.iter().enumerate() {
        let path = root().field("injects").index(i);
        if inject.audience.is_empty() && inject.recipients(s).is_empty() {
            let span = cx.at(&path.field("audience"));
            cx.push(
                Diagnostic::warning(
                    "SR0307",
                    format!("no team can see inject `{}`", inject.id),
                    span,
                )
                .with_label(format!(
                    "an empty audience goes to every team that sees the {} channel, and none does",
                    inject.channel.label()
                ))
                .with_note("only the facilitator will see it; effects and evidence still apply"),
            );
        }
        let mut seen: Vec<&str> = Vec::new();
        for (j, team_id) in inject.audience.iter().enumerate() {
            let member = path.field("audience").index(j);
            if let Some(first) = seen.iter().position(|t| t == team_id) {
                let span = cx.at(&member);
                let first = cx.at(&path.field("audience").index(first));
                cx.push(
                    Diagnostic::warning(
                        "SR0314",
                        format!("team `{team_id}` is listed twice in the audience"),
                        span,
                    )
                    .with_label("listed again here")
                    .with_secondary(first, "first listed here"),
                );
                continue;
            }
            seen.push(team_id);
            let Some(team) = s.team(team_id) else {
                continue;
            };
            if !team.sees_channel(inject.channel) {
                let span = cx.at(&member);
                let channel_span = cx.at(&path.field("channel"));
                let team_index = s.teams.iter().position(|t| t.id == team.id).unwrap_or(0);
                let sees_span = cx.at(&root()
                    .field("teams")
                    .index(team_index)
                    .field("sees")
                    .field("channels"));
                cx.push(
                    Diagnostic::error(
                        "SR0306",
                        format!(
                            "team `{team_id}` cannot see the {} channel of inject `{}`",
                            inject.channel.label(),
                            inject.id
                        ),
                        span,
                    )
                    .with_label("addressed to this team")
                    .with_secondary(channel_span, "sent on this channel")
                    .with_secondary(sees_span, "the channels the team may see")
                    .with_note(format!(
                        "help: add `{:?}` to the team's `sees.channels`, or change the audience",
                        inject.channel
                    )),
                );
            }
        }
        if let Some(decision) = &inject.decision {
            decision_teams(cx, i, inject, decision);
        }
    }
}

fn decision_teams(cx: &mut Cx, i: usize, inject: &Inject, decision: &Decision) {
    let s = cx.s;
    let path = root().field("injects").index(i).field("decision");
    for (j, team_id) in decision.teams.iter().enumerate() {
        let Some(team) = s.team(team_id) else {
            continue;
        };
        let span = cx.at(&path.field("teams").index(j));
        let receives = if inject.audience.is_empty() {
            team.sees_channel(inject.channel)
        } else {
            inject.audience.contains(team_id)
        };
        if !receives {
            let audience = cx.at(&root().field("injects").index(i).field("audience"));
            cx.push(
                Diagnostic::error(
                    "SR0304",
                    format!(
                        "team `{team_id}` decides on inject `{}` but does not receive it",
                        inject.id
                    ),
                    span.clone(),
                )
                .with_label("listed as deciding")
                .with_secondary(audience, "not in this audience"),
            );
        }
        if !team.player {
            cx.push(
                Diagnostic::error(
                    "SR0305",
                    format!("team `{team_id}` decides but is not played by a person"),
                    span,
                )
                .with_label("this team has `player: false`")
                .with_note("only played teams can choose options"),
            );
        }
    }
    if decision.teams.is_empty() && decision.deciding_teams(inject, s).is_empty() {
        let span = cx.at(&path);
        cx.push(
            Diagnostic::error(
                "SR0310",
                format!("nobody can decide on inject `{}`", inject.id),
                span,
            )
            .with_label("no played team in the inject's audience")
            .with_note("help: add a played team to the audience or list deciding `teams`"),
        );
    }
}
