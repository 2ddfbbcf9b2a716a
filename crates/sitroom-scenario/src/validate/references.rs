//! Every id written in the scenario must name something that exists, of the
//! right kind. Conditions and effects are also checked here for the values
//! they carry, since this is the one walk over them.

use crate::model::*;
use crate::report::Diagnostic;
use crate::span::Path;

use super::{Cx, root};

pub(super) fn check(cx: &mut Cx) {
    let s = cx.s;
    for (i, relation) in s.relations.iter().enumerate() {
        let path = root().field("relations").index(i);
        actor(cx, &relation.from, &path.field("from"));
        actor(cx, &relation.to, &path.field("to"));
        if relation.from == relation.to {
            let span = cx.at(&path);
            cx.push(
                Diagnostic::warning(
                    "SR0312",
                    format!("actor `{}` is related to itself", relation.from),
                    span,
                )
                .with_label("`from` and `to` are the same actor"),
            );
        }
    }
    dyads(cx);
    for (i, v) in s.variables.iter().enumerate() {
        if let Some(of) = &v.injury_of {
            let path = root().field("variables").index(i).field("injury_of");
            actor(cx, of, &path);
            if let Some(first) = s.variables[..i]
                .iter()
                .position(|w| w.injury_of.as_ref() == Some(of))
            {
                let span = cx.at(&path);
                let before = cx.at(&root().field("variables").index(first).field("injury_of"));
                cx.push(
                    Diagnostic::error(
                        "SR0318",
                        format!("two variables measure the injury of `{of}`"),
                        span,
                    )
                    .with_label(format!("`{}` is the second", v.id))
                    .with_secondary(before, format!("`{}` measures it already", s.variables[first].id))
                    .with_note("a state's injury is one variable: proportionality weighs a measure against it"),
                );
            }
        }
    }
    for (i, team) in s.teams.iter().enumerate() {
        let path = root().field("teams").index(i);
        actor(cx, &team.actor, &path.field("actor"));
        let sees = path.field("sees");
        for (j, id) in team.sees.variables.iter().enumerate() {
            variable(cx, id, &sees.field("variables").index(j));
        }
        for (j, id) in team.sees.cases.iter().enumerate() {
            case(cx, id, &sees.field("cases").index(j));
        }
    }
    for (i, c) in s.cases.iter().enumerate() {
        let path = root().field("cases").index(i);
        for (j, id) in c.suspects.iter().enumerate() {
            actor(cx, id, &path.field("suspects").index(j));
        }
        for id in c.prior.keys() {
            suspect(cx, c, id, &path.field("prior").key_name(id));
        }
        suspect(
            cx,
            c,
            &c.truth.culprit,
            &path.field("truth").field("culprit"),
        );
        if let Some(flag) = &c.truth.false_flag {
            suspect(cx, c, flag, &path.field("truth").field("false_flag"));
        }
    }
    for (i, inject) in s.injects.iter().enumerate() {
        inject_refs(cx, i, inject);
    }
    for (i, reaction) in s.reactions.iter().enumerate() {
        let path = root().field("reactions").index(i);
        actor(cx, &reaction.actor, &path.field("actor"));
        condition(cx, &reaction.when, &path.field("when"));
        effects(cx, &reaction.effects, &path.field("effects"));
    }
    for (i, ending) in s.endings.iter().enumerate() {
        let path = root().field("endings").index(i);
        condition(cx, &ending.when, &path.field("when"));
    }
}

fn inject_refs(cx: &mut Cx, i: usize, inject: &Inject) {
    let s = cx.s;
    let path = root().field("injects").index(i);
    for (j, id) in inject.audience.iter().enumerate() {
        team(cx, id, &path.field("audience").index(j));
    }
    match &inject.release {
        Trigger::After(id, _) => {
            let at = path.field("release").index(0);
            if id == &inject.id {
                let span = cx.at(&at);
                cx.push(
                    Diagnostic::error("SR0407", format!("inject `{id}` waits for itself"), span)
                        .with_label("released after its own release"),
                );
            } else {
                self::inject(cx, id, &at);
            }
        }
        Trigger::When(cond) => condition(cx, cond, &path.field("release").index(0)),
        Trigger::At(_) | Trigger::Manual => {}
    }
    effects(cx, &inject.effects, &path.field("effects"));
    for (j, evidence) in inject.evidence.iter().enumerate() {
        let at = path.field("evidence").index(j);
        let Some(c) = s.case(&evidence.case) else {
            case(cx, &evidence.case, &at.field("case"));
            continue;
        };
        for id in evidence.strength.keys() {
            suspect(cx, c, id, &at.field("strength").key_name(id));
        }
        let receivers: Vec<&Team> = inject.recipients(s);
        if !receivers.is_empty() && !receivers.iter().any(|t| t.sees_case(&c.id)) {
            let span = cx.at(&at.field("case"));
            cx.push(
                Diagnostic::warning(
                    "SR0315",
                    format!(
                        "no team in the audience keeps beliefs about case `{}`",
                        c.id
                    ),
                    span,
                )
                .with_label("this evidence changes nobody's belief")
                .with_note(
                    "help: add the case to a receiving team's `sees.cases`, or send the inject \
                     to a team that follows the case",
                ),
            );
        }
        if evidence.strength.is_empty() {
            let span = cx.at(&at.field("strength"));
            cx.push(
                Diagnostic::warning("SR0313", "this evidence points at no suspect", span)
                    .with_label("no strength given")
                    .with_note("every suspect counts as `Neutral`, so the item changes no belief"),
            );
        }
    }
    let Some(decision) = &inject.decision else {
        return;
    };
    let at = path.field("decision");
    for (j, id) in decision.teams.iter().enumerate() {
        team(cx, id, &at.field("teams").index(j));
    }
    if let Some(default) = &decision.default
        && decision.option(default).is_none()
    {
        let span = cx.at(&at.field("default"));
        cx.push(unknown_option(&inject.id, default, decision, span));
    }
    for (j, option) in decision.options.iter().enumerate() {
        let op = at.field("options").index(j);
        if let Some(target) = &option.target {
            actor(cx, target, &op.field("target"));
        }
        if let Some(id) = &option.case
            && case(cx, id, &op.field("case"))
            && let (Some(target), Some(c)) = (&option.target, s.case(id))
        {
            suspect(cx, c, target, &op.field("target"));
        }
        if let Some(data) = &option.data {
            actor(cx, &data.recipient, &op.field("data").field("recipient"));
        }
        for (k, id) in option.cases.iter().enumerate() {
            let at_case = op.field("cases").index(k);
            if case(cx, id, &at_case)
                && let (Some(target), Some(c)) = (&option.target, s.case(id))
            {
                suspect(cx, c, target, &op.field("target"));
            }
        }
        if let Some(injured) = &option.on_behalf_of {
            actor(cx, injured, &op.field("on_behalf_of"));
        }
        for (k, third) in option.third_states.iter().enumerate() {
            actor(cx, third, &op.field("third_states").index(k));
        }
        effects(cx, &option.effects, &op.field("effects"));
        for (k, id) in option.follow_ups.iter().enumerate() {
            self::inject(cx, id, &op.field("follow_ups").index(k));
        }
    }
}

fn unknown_option(
    inject: &str,
    option: &str,
    decision: &Decision,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    let known: Vec<String> = decision
        .options
        .iter()
        .map(|o| format!("`{}`", o.id))
        .collect();
    Diagnostic::error(
        "SR0107",
        format!("the decision of inject `{inject}` has no option `{option}`"),
        span,
    )
    .with_label("unknown option")
    .with_note(if known.is_empty() {
        "the decision has no options".to_string()
    } else {
        format!("its options are {}", known.join(", "))
    })
}

pub(super) fn condition(cx: &mut Cx, cond: &Condition, path: &Path) {
    let s = cx.s;
    match cond {
        Condition::Always => {}
        Condition::All(items) | Condition::Any(items) => {
            for (i, item) in items.iter().enumerate() {
                condition(cx, item, &path.index(0).index(i));
            }
        }
        Condition::Not(inner) => condition(cx, inner, &path.index(0)),
        Condition::Var(id, cmp, value) => {
            if variable(cx, id, &path.index(0)) {
                var_value(cx, id, *value, &path.index(2), Some(*cmp));
            }
        }
        Condition::Chose {
            decision,
            option,
            team,
        } => {
            if let Some(team_id) = team {
                self::team(cx, team_id, &path.field("team"));
            }
            let at = path.field("decision");
            if !inject(cx, decision, &at) {
                return;
            }
            match cx
                .ids
                .get(decision)
                .and_then(|i| s.injects[i].decision.as_ref())
            {
                None => {
                    let span = cx.at(&at);
                    cx.push(
                        Diagnostic::error(
                            "SR0110",
                            format!("inject `{decision}` carries no decision"),
                            span,
                        )
                        .with_label("nothing can be chosen here"),
                    );
                }
                Some(d) => {
                    if d.option(option).is_none() {
                        let span = cx.at(&path.field("option"));
                        cx.push(unknown_option(decision, option, d, span));
                    }
                }
            }
        }
        Condition::Released(id) => {
            inject(cx, id, &path.index(0));
        }
        Condition::Elapsed(minutes) => {
            if *minutes > s.meta.duration {
                let span = cx.at(&path.index(0));
                cx.push(after_the_end(*minutes, s.meta.duration, span));
            }
        }
        Condition::Confidence {
            team,
            case,
            suspect,
            percent,
            ..
        } => {
            let known_team = self::team(cx, team, &path.field("team"));
            if self::case(cx, case, &path.field("case")) {
                let Some(c) = s.case(case) else { return };
                self::suspect(cx, c, suspect, &path.field("suspect"));
                if known_team && s.team(team).is_some_and(|t| !t.sees_case(case)) {
                    let span = cx.at(&path.field("case"));
                    cx.push(
                        Diagnostic::error(
                            "SR0111",
                            format!("team `{team}` keeps no beliefs about case `{case}`"),
                            span,
                        )
                        .with_label("not in the team's `sees.cases`"),
                    );
                }
            }
            if *percent > 100 {
                let span = cx.at(&path.field("percent"));
                cx.push(
                    Diagnostic::error("SR0213", format!("{percent}% is not a probability"), span)
                        .with_label("must be between 0 and 100"),
                );
            }
        }
        Condition::Chance(p) => super::values::chance(cx, *p, &path.index(0)),
        Condition::Posture(id, _) => {
            actor(cx, id, &path.index(0));
        }
        Condition::Dyad(a, b, cmp, value) => {
            if declared_dyad(cx, a, b, path) {
                var_value(cx, ESCALATION, *value, &path.index(3), Some(*cmp));
            }
        }
    }
}

/// The ladder's dyads: two known, different actors each, every pair once.
fn dyads(cx: &mut Cx) {
    let s = cx.s;
    let list = root().field("escalation").field("dyads");
    for (i, dyad) in s.escalation.dyads.iter().enumerate() {
        let path = list.index(i).field("between");
        let (a, b) = (&dyad.between.0, &dyad.between.1);
        let known = actor(cx, a, &path.index(0)) & actor(cx, b, &path.index(1));
        if known && a == b {
            let span = cx.at(&path);
            cx.push(
                Diagnostic::error("SR0317", format!("dyad pairs `{a}` with itself"), span)
                    .with_label("a dyad is a pair of two different actors"),
            );
        } else if let Some(first) = s.escalation.dyads[..i].iter().position(|d| d.pairs(a, b)) {
            let span = cx.at(&path);
            let before = cx.at(&list.index(first).field("between"));
            cx.push(
                Diagnostic::error(
                    "SR0317",
                    format!("the dyad between `{a}` and `{b}` is declared twice"),
                    span,
                )
                .with_label("declared again here")
                .with_secondary(before, "first declared here")
                .with_note("a pair is unordered: (\"a\", \"b\") and (\"b\", \"a\") are one dyad"),
            );
        }
    }
}

/// A `Dyad` condition or `EscalateDyad` effect names two known actors the
/// ladder pairs (SR0113 otherwise).
fn declared_dyad(cx: &mut Cx, a: &str, b: &str, path: &Path) -> bool {
    let s = cx.s;
    if !(actor(cx, a, &path.index(0)) & actor(cx, b, &path.index(1))) {
        return false;
    }
    if s.escalation.dyad(a, b).is_some() {
        return true;
    }
    let span = cx.at(path);
    let declared: Vec<String> = s
        .escalation
        .dyads
        .iter()
        .map(|d| format!("(\"{}\", \"{}\")", d.between.0, d.between.1))
        .collect();
    cx.push(
        Diagnostic::error("SR0113", format!("no dyad between `{a}` and `{b}`"), span)
            .with_label("not in `escalation.dyads`")
            .with_note(if declared.is_empty() {
                "the ladder declares no dyads; help: add `dyads: [(between: (..))]` to `escalation`"
                    .to_string()
            } else {
                format!("the declared dyads are {}", declared.join(", "))
            }),
    );
    false
}

pub(super) fn after_the_end(
    minutes: Minutes,
    duration: Minutes,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    Diagnostic::warning(
        "SR0212",
        format!("minute {minutes} is after the end of the exercise"),
        span,
    )
    .with_label(format!("the exercise lasts {duration} minutes"))
    .with_note(format!(
        "the session ends at minute {duration}, before this can happen"
    ))
}

pub(super) fn effects(cx: &mut Cx, list: &[Effect], path: &Path) {
    let s = cx.s;
    for (i, effect) in list.iter().enumerate() {
        let at = path.index(i);
        match effect {
            Effect::Add(id, delta) => {
                variable(cx, id, &at.index(0));
                if *delta == 0 {
                    let span = cx.at(&at);
                    cx.push(
                        Diagnostic::warning(
                            "SR0222",
                            format!("`Add(\"{id}\", 0)` does nothing"),
                            span,
                        )
                        .with_label("adds zero to the variable")
                        .with_note(
                            "help: give the amount it should change by, or remove the effect",
                        ),
                    );
                }
            }
            Effect::Set(id, value) => {
                if variable(cx, id, &at.index(0)) {
                    var_value(cx, id, *value, &at.index(1), None);
                }
            }
            Effect::Escalate(0) => {
                let span = cx.at(&at);
                cx.push(
                    Diagnostic::warning("SR0205", "`Escalate(0)` does nothing", span)
                        .with_label("moves the ladder by zero rungs"),
                );
            }
            Effect::Escalate(_) => {}
            Effect::EscalateDyad(a, b, n) => {
                if declared_dyad(cx, a, b, &at) && *n == 0 {
                    let span = cx.at(&at);
                    cx.push(
                        Diagnostic::warning("SR0205", "`EscalateDyad(.., 0)` does nothing", span)
                            .with_label("moves the dyad by zero rungs"),
                    );
                }
            }
            Effect::Release(id) | Effect::Cancel(id) => {
                inject(cx, id, &at.index(0));
            }
            Effect::SetPosture(id, _) | Effect::Harden(id) | Effect::Soften(id) => {
                actor(cx, id, &at.index(0));
            }
            Effect::End(id) => {
                if s.ending(id).is_none() {
                    let span = cx.at(&at.index(0));
                    let d = unknown("SR0109", "ending", id, &ids(&s.endings, |e| &e.id), span);
                    cx.push(d);
                }
            }
        }
    }
}

/// A value compared with or assigned to a variable should lie within its
/// bounds; outside them a comparison is always or never true.
fn var_value(cx: &mut Cx, id: &str, value: i32, path: &Path, cmp: Option<Cmp>) {
    let s = cx.s;
    let (min, max) = if id == ESCALATION {
        let levels = s.escalation.rungs.iter().map(|r| r.level);
        match (levels.clone().min(), levels.max()) {
            (Some(min), Some(max)) => (min, max),
            _ => return,
        }
    } else {
        match s.variable(id) {
            Some(v) if v.min <= v.max => (v.min, v.max),
            _ => return,
        }
    };
    if (min..=max).contains(&value) {
        return;
    }
    let span = cx.at(path);
    let what = match cmp {
        Some(cmp) => {
            let all = [min, max].iter().all(|&v| cmp.holds(v, value));
            format!(
                "`{id} {} {value}` is {} true",
                cmp.symbol(),
                if all { "always" } else { "never" }
            )
        }
        None => format!("`{id}` is clamped to {min}..={max}, so it cannot be set to {value}"),
    };
    cx.push(
        Diagnostic::warning(
            "SR0202",
            format!("{value} is outside the bounds of `{id}`"),
            span,
        )
        .with_label(format!("`{id}` ranges over {min}..={max}"))
        .with_note(what),
    );
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &String) -> Vec<String> {
    items.iter().map(|t| id(t).clone()).collect()
}

/// "unknown actor `x`" with the known ids (or the closest one) as help.
fn unknown(
    code: &'static str,
    kind: &str,
    id: &str,
    known: &[String],
    span: std::ops::Range<usize>,
) -> Diagnostic {
    let d = Diagnostic::error(code, format!("unknown {kind} `{id}`"), span)
        .with_label(format!("no {kind} has this id"));
    match closest(id, known) {
        Some(near) => d.with_note(format!("help: did you mean `{near}`?")),
        None if known.is_empty() => d.with_note(format!("the scenario declares no {kind}")),
        None if known.len() <= 8 => {
            let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            d.with_note(format!("known {kind} ids: {}", list.join(", ")))
        }
        None => d,
    }
}

/// The known id within a small edit distance, for "did you mean".
pub(crate) fn closest<'k>(id: &str, known: &'k [String]) -> Option<&'k String> {
    // Short ids such as `i9` are too close to everything to guess.
    let limit = id.chars().count() / 3;
    if limit == 0 {
        return None;
    }
    known
        .iter()
        .map(|k| (edit_distance(id, k), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(current).min(row[j])
            };
            previous = current;
        }
    }
    row[b.len()]
}

/// Each returns whether the id is known (and reports it when not).
fn actor(cx: &mut Cx, id: &str, path: &Path) -> bool {
    let s = cx.s;
    if s.actor(id).is_some() {
        return true;
    }
    let span = cx.at(path);
    cx.push(unknown(
        "SR0102",
        "actor",
        id,
        &ids(&s.actors, |a| &a.id),
        span,
    ));
    false
}

fn team(cx: &mut Cx, id: &str, path: &Path) -> bool {
    let s = cx.s;
    if s.team(id).is_some() {
        return true;
    }
    let span = cx.at(path);
    cx.push(unknown(
        "SR0103",
        "team",
        id,
        &ids(&s.teams, |t| &t.id),
        span,
    ));
    false
}

fn variable(cx: &mut Cx, id: &str, path: &Path) -> bool {
    let s = cx.s;
    if s.is_variable(id) {
        return true;
    }
    let span = cx.at(path);
    let mut known = ids(&s.variables, |v| &v.id);
    known.push(ESCALATION.to_string());
    cx.push(unknown("SR0104", "variable", id, &known, span));
    false
}

fn inject(cx: &mut Cx, id: &str, path: &Path) -> bool {
    let s = cx.s;
    if cx.ids.get(id).is_some() {
        return true;
    }
    let span = cx.at(path);
    cx.push(unknown(
        "SR0105",
        "inject",
        id,
        &ids(&s.injects, |i| &i.id),
        span,
    ));
    false
}

fn case(cx: &mut Cx, id: &str, path: &Path) -> bool {
    let s = cx.s;
    if s.case(id).is_some() {
        return true;
    }
    let span = cx.at(path);
    cx.push(unknown(
        "SR0106",
        "case",
        id,
        &ids(&s.cases, |c| &c.id),
        span,
    ));
    false
}

fn suspect(cx: &mut Cx, c: &AttributionCase, id: &str, path: &Path) -> bool {
    if c.is_suspect(id) {
        return true;
    }
    let span = cx.at(path);
    let suspects: Vec<String> = c.suspects.iter().map(|s| format!("`{s}`")).collect();
    let d = Diagnostic::error(
        "SR0108",
        format!("`{id}` is not a suspect of case `{}`", c.id),
        span,
    )
    .with_label("not among the case's `suspects`");
    let d = match closest(id, &c.suspects) {
        Some(near) => d.with_note(format!("help: did you mean `{near}`?")),
        None if suspects.is_empty() => d.with_note("the case lists no suspects"),
        None => d.with_note(format!("the suspects are {}", suspects.join(", "))),
    };
    cx.push(d);
    false
}
