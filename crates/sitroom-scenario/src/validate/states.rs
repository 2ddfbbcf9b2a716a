//! Many states in one scenario: where one shared figure would make a rule
//! fire or a score fall for the wrong country. A reaction of an actor with
//! its own dyad that tests the crisis level (SR0410), an option aimed at a
//! state it shares no dyad with when the ladder keeps dyads (SR0411), one
//! `injury` for the teams of several states (SR0224), and an injury
//! declared for an actor that is not a state (SR0225).

use std::collections::BTreeSet;

use crate::model::*;
use crate::report::Diagnostic;

use super::{Cx, option_path, root};

pub(super) fn check(cx: &mut Cx) {
    crisis_level_in_reactions(cx);
    options_outside_dyads(cx);
    shared_injury(cx);
    injury_of_non_states(cx);
}

/// SR0225: `injury_of` an actor that is not a state. The law of state
/// responsibility knows injured states; a company's or a group's losses
/// count through the state they happen in.
fn injury_of_non_states(cx: &mut Cx) {
    let s = cx.s;
    for (i, v) in s.variables.iter().enumerate() {
        let Some(actor) = v.injury_of.as_deref().and_then(|a| s.actor(a)) else {
            continue;
        };
        if actor.kind == ActorKind::State {
            continue;
        }
        let span = cx.at(&root().field("variables").index(i).field("injury_of"));
        cx.push(
            Diagnostic::warning(
                "SR0225",
                format!("`{}` measures the injury of `{}`, which is not a state", v.id, actor.id),
                span,
            )
            .with_label(format!("{} is a {:?}", actor.name, actor.kind))
            .with_note("only states are injured in the sense of the law of countermeasures (ARSIWA art. 42, 49); help: count a company's or a group's losses in the injury of the state where they happen"),
        );
    }
}

/// SR0410: a reaction whose actor has a dyad of its own, testing the crisis
/// level: it fires on any pair's escalation, not its own.
fn crisis_level_in_reactions(cx: &mut Cx) {
    let s = cx.s;
    let ladder = &s.escalation;
    for (i, reaction) in s.reactions.iter().enumerate() {
        let others: Vec<&str> = ladder
            .dyads
            .iter()
            .filter_map(|d| d.other(&reaction.actor))
            .collect();
        let Some(other) = others.first() else {
            continue;
        };
        let mut tests = false;
        reaction.when.walk(&mut |c| {
            tests |= matches!(c, Condition::Var(id, ..) if id == ESCALATION);
        });
        if !tests {
            continue;
        }
        let span = cx.at(&root().field("reactions").index(i).field("when"));
        cx.push(
            Diagnostic::warning(
                "SR0410",
                format!(
                    "reaction `{}` of `{}` tests the crisis level, not its own dyad",
                    reaction.id, reaction.actor
                ),
                span,
            )
            .with_label("`Var(\"escalation\", ..)` is the crisis level, the highest of all dyads")
            .with_note(format!(
                "an escalation between other actors makes it fire; help: `Dyad(\"{}\", \"{other}\", Ge, ..)` tests the pair",
                reaction.actor
            )),
        );
    }
}

/// SR0411: with dyads, an option that escalates against a state its team's
/// actor shares no dyad with moves the general level, not a pair.
fn options_outside_dyads(cx: &mut Cx) {
    let s = cx.s;
    if s.escalation.dyads.is_empty() {
        return;
    }
    for (i, inject) in s.injects.iter().enumerate() {
        let Some(decision) = &inject.decision else {
            continue;
        };
        for (j, option) in decision.options.iter().enumerate() {
            let Some(target) = option.target.as_deref() else {
                continue;
            };
            let is_state = s.actor(target).is_some_and(|a| a.kind == ActorKind::State);
            let escalates = option
                .effects
                .iter()
                .any(|e| matches!(e, Effect::Escalate(n) if *n != 0));
            if !is_state || !escalates {
                continue;
            }
            let unpaired: Vec<&str> = decision
                .deciding_teams(inject, s)
                .into_iter()
                .filter_map(|t| s.team(t))
                .filter(|t| t.actor != target && s.option_dyad(t, option).is_none())
                .map(|t| t.actor.as_str())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let Some(ours) = unpaired.first() else {
                continue;
            };
            let path = option_path(i, j).field("target");
            let span = cx.at(&path);
            cx.push(
                Diagnostic::warning(
                    "SR0411",
                    format!(
                        "option `{}` escalates against `{target}`, which shares no dyad with `{ours}`",
                        option.id
                    ),
                    span,
                )
                .with_label("its `Escalate` moves the general level")
                .with_note(format!(
                    "help: declare `(between: (\"{ours}\", \"{target}\"))` in `escalation.dyads`, or name the pair with `EscalateDyad`"
                )),
            );
        }
    }
}

/// SR0224: the older `injury` (for no state in particular) while the
/// deciding teams serve several states: each is scored against the same
/// harm, whoever suffered it.
fn shared_injury(cx: &mut Cx) {
    let s = cx.s;
    let Some(v) = s
        .variables
        .iter()
        .position(|v| v.id == INJURY && v.injury_of.is_none())
    else {
        return;
    };
    let states: BTreeSet<&str> = s
        .decisions()
        .flat_map(|(inject, d)| d.deciding_teams(inject, s))
        .filter_map(|t| s.team(t))
        .filter(|t| {
            s.actor(&t.actor)
                .is_some_and(|a| a.kind == ActorKind::State)
        })
        .filter(|t| s.injury_variable(&t.actor) == Some(v))
        .map(|t| t.actor.as_str())
        .collect();
    if states.len() < 2 {
        return;
    }
    let list: Vec<String> = states.iter().map(|a| format!("`{a}`")).collect();
    let span = cx.at(&root().field("variables").index(v).field("id"));
    cx.push(
        Diagnostic::warning(
            "SR0224",
            "one `injury` stands for the injury of several states",
            span,
        )
        .with_label("declared for no state in particular")
        .with_note(format!(
            "teams of {} decide, and proportionality and the countermeasure conditions weigh each one's measures against this same harm; help: `injury_of: \"{}\"` says whose injury it is (another state's is then its own variable, or none)",
            list.join(", "),
            states.first().copied().unwrap_or_default()
        )),
    );
}
