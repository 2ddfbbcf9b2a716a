//! Reachability: which injects can ever be released, which reactions can
//! fire, which endings can hold, and from which minute at the earliest.
//! A fixpoint over what the scenario makes possible: released injects,
//! chosen options, variables some reachable effect changes, postures some
//! effect sets, each with the earliest minute it can happen. Anything whose
//! earliest minute is after the end of the exercise never happens.
//!
//! It is an over-approximation (`Not` is assumed satisfiable, a changed
//! variable may take any value in its bounds from the first change on,
//! effects count from the minute their cause happens), so what it calls
//! unreachable really is. A `Manual` inject counts as reachable from minute
//! 0: the facilitator can release it. A second pass without the
//! facilitator's hand times the `After` chains that start from a `Manual`
//! inject by the follow-ups and effects that name it (SR0401).

use std::collections::{BTreeMap, BTreeSet};

use petgraph::algo::tarjan_scc;

use crate::graph::{describe, trigger_dependencies};
use crate::model::*;
use crate::query::InjectIndex;
use crate::report::Diagnostic;
use crate::span::Path;

use super::{Cx, option_path, root};

/// The earliest minute something can happen; `None`: never.
type When = Option<Minutes>;

/// What can happen in some run of the scenario, and when at the earliest.
struct Reach {
    injects: Vec<When>,
    reactions: Vec<When>,
    endings: Vec<When>,
    /// Injects some reachable follow-up or `Release` effect names.
    released: BTreeMap<String, Minutes>,
    /// Variables (and `escalation`) some reachable effect changes.
    changed: BTreeMap<String, Minutes>,
    /// Postures some reachable effect gives each actor.
    postures: BTreeMap<String, BTreeMap<Posture, Minutes>>,
    ended: BTreeMap<String, Minutes>,
    /// (team, case) pairs for which the team receives some evidence.
    evidence: BTreeMap<(String, String), Minutes>,
    /// Whether the facilitator releases `Manual` injects (from minute 0);
    /// without, a `Manual` inject is released only by what names it.
    by_hand: bool,
    /// Where each inject is, by id.
    ids: InjectIndex,
}

/// The key under which `changed` records that dyad `d` moves.
fn dyad_key(d: usize) -> String {
    format!("{ESCALATION}/dyad {d}")
}

/// Keeps the earlier of two minutes.
fn earliest<K: Ord>(map: &mut BTreeMap<K, Minutes>, key: K, at: Minutes) {
    let entry = map.entry(key).or_insert(at);
    *entry = (*entry).min(at);
}

impl Reach {
    fn compute(s: &Scenario) -> Reach {
        Reach::compute_with(s, true)
    }

    fn compute_with(s: &Scenario, by_hand: bool) -> Reach {
        let mut r = Reach {
            by_hand,
            ids: InjectIndex::new(s),
            injects: vec![None; s.injects.len()],
            reactions: vec![None; s.reactions.len()],
            endings: vec![None; s.endings.len()],
            released: BTreeMap::new(),
            changed: BTreeMap::new(),
            postures: BTreeMap::new(),
            ended: BTreeMap::new(),
            evidence: BTreeMap::new(),
        };
        let end = s.meta.duration;
        let within = |t: When| t.filter(|t| *t <= end);
        // Every round makes some minute earlier or stops; minutes are
        // bounded below by 0, so this terminates.
        loop {
            r.collect_facts(s);
            let mut moved = false;
            for (i, inject) in s.injects.iter().enumerate() {
                let by_effect = r.released.get(&inject.id).copied();
                let t = within(min_when(r.fires(s, &inject.release), by_effect));
                if is_earlier(t, r.injects[i]) {
                    r.injects[i] = t;
                    moved = true;
                }
            }
            for (i, reaction) in s.reactions.iter().enumerate() {
                let t = if reaction.chance > 0.0 {
                    within(r.holds_from(s, &reaction.when))
                } else {
                    None
                };
                if is_earlier(t, r.reactions[i]) {
                    r.reactions[i] = t;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        for (i, ending) in s.endings.iter().enumerate() {
            let by_effect = r.ended.get(&ending.id).copied();
            r.endings[i] = within(min_when(r.holds_from(s, &ending.when), by_effect));
        }
        r
    }

    fn collect_facts(&mut self, s: &Scenario) {
        let mut effects: Vec<(&Effect, Minutes)> = Vec::new();
        for (i, inject) in s.injects.iter().enumerate() {
            let Some(at) = self.injects[i] else {
                continue;
            };
            effects.extend(inject.effects.iter().map(|e| (e, at)));
            for item in &inject.evidence {
                for team in inject.recipients(s) {
                    if team.sees_case(&item.case) {
                        let key = (team.id.clone(), item.case.clone());
                        earliest(&mut self.evidence, key, at);
                    }
                }
            }
            for (option, d) in inject
                .decision
                .iter()
                .flat_map(|d| d.options.iter().map(move |o| (o, d)))
            {
                effects.extend(option.effects.iter().map(|e| (e, at)));
                for id in &option.follow_ups {
                    earliest(&mut self.released, id.clone(), at);
                }
                // `Escalate` in an option moves the dyad it acts on, for
                // each deciding team whose actor is paired with the target.
                if option
                    .effects
                    .iter()
                    .any(|e| matches!(e, Effect::Escalate(n) if *n != 0))
                {
                    for team in d.deciding_teams(inject, s) {
                        if let Some(dyad) = s.team(team).and_then(|t| s.option_dyad(t, option)) {
                            earliest(&mut self.changed, dyad_key(dyad), at);
                        }
                    }
                }
            }
        }
        for (i, reaction) in s.reactions.iter().enumerate() {
            if let Some(at) = self.reactions[i] {
                effects.extend(reaction.effects.iter().map(|e| (e, at)));
            }
        }
        for (effect, at) in effects {
            match effect {
                Effect::Add(id, n) if *n != 0 => earliest(&mut self.changed, id.clone(), at),
                Effect::Set(id, _) => earliest(&mut self.changed, id.clone(), at),
                Effect::Escalate(n) if *n != 0 => {
                    earliest(&mut self.changed, ESCALATION.to_string(), at)
                }
                Effect::EscalateDyad(a, b, n) if *n != 0 => {
                    earliest(&mut self.changed, ESCALATION.to_string(), at);
                    if let Some(dyad) = s.escalation.dyad(a, b) {
                        earliest(&mut self.changed, dyad_key(dyad), at);
                    }
                }
                Effect::Release(id) => earliest(&mut self.released, id.clone(), at),
                Effect::SetPosture(actor, posture) => {
                    earliest(
                        self.postures.entry(actor.clone()).or_default(),
                        *posture,
                        at,
                    );
                }
                // A step harder from wherever the actor stands: any posture
                // above its initial one may follow (softening never makes a
                // `Posture(actor, at least)` condition hold that did not).
                Effect::Harden(actor) => {
                    let from = s.actor(actor).map_or(Posture::Cooperative, |a| a.posture);
                    let set = self.postures.entry(actor.clone()).or_default();
                    let mut p = from;
                    while p.harder() != p {
                        p = p.harder();
                        earliest(set, p, at);
                    }
                }
                Effect::End(id) => earliest(&mut self.ended, id.clone(), at),
                _ => {}
            }
        }
    }

    fn reached(&self, i: usize) -> bool {
        self.injects[i].is_some()
    }

    /// When the inject `id` is released at the earliest. Unknown ids count
    /// as released at 0: they are reported as errors already, and treating
    /// them as impossible would repeat each as warnings.
    fn inject_at(&self, id: &str) -> When {
        match self.ids.get(id) {
            Some(i) => self.injects[i],
            None => Some(0),
        }
    }

    fn fires(&self, s: &Scenario, trigger: &Trigger) -> When {
        match trigger {
            Trigger::At(t) => Some(*t),
            Trigger::After(id, d) => self.inject_at(id).map(|t| t.saturating_add(*d)),
            Trigger::When(cond) => self.holds_from(s, cond),
            Trigger::Manual => self.by_hand.then_some(0),
        }
    }

    fn can_hold(&self, s: &Scenario, cond: &Condition) -> bool {
        self.holds_from(s, cond)
            .is_some_and(|t| t <= s.meta.duration)
    }

    /// The earliest minute the condition can hold. Unknown ids (reported
    /// elsewhere) are assumed to be satisfiable, to avoid cascades.
    fn holds_from(&self, s: &Scenario, cond: &Condition) -> When {
        match cond {
            Condition::Always => Some(0),
            Condition::All(items) => items
                .iter()
                .try_fold(0, |latest, c| self.holds_from(s, c).map(|t| t.max(latest))),
            Condition::Any(items) => items.iter().filter_map(|c| self.holds_from(s, c)).min(),
            Condition::Not(inner) => (!matches!(**inner, Condition::Always)).then_some(0),
            Condition::Var(id, cmp, value) => self.var_from(s, id, *cmp, *value),
            Condition::Chose {
                decision,
                option,
                team,
            } => {
                let Some((inject, d)) = self
                    .ids
                    .get(decision)
                    .map(|i| &s.injects[i])
                    .and_then(|i| i.decision.as_ref().map(|d| (i, d)))
                else {
                    return Some(0);
                };
                // A named team that exists but does not decide never chooses.
                if let Some(team) = team
                    && s.team(team).is_some()
                    && !d.deciding_teams(inject, s).contains(&team.as_str())
                {
                    return None;
                }
                let _ = option; // an unknown option is reported as SR0107
                self.inject_at(decision)
            }
            Condition::Released(id) => self.inject_at(id),
            Condition::Elapsed(t) => Some(*t),
            Condition::Confidence {
                team,
                case,
                suspect,
                cmp,
                percent,
            } => {
                let threshold = i32::from(*percent);
                let possible = [0, 100, threshold - 1, threshold, threshold + 1]
                    .iter()
                    .any(|p| (0..=100).contains(p) && cmp.holds(*p, threshold));
                if !possible {
                    return None;
                }
                if let Some(t) = self.evidence.get(&(team.clone(), case.clone())) {
                    return Some(*t);
                }
                // A team that keeps no belief about the case is SR0111.
                if s.team(team).is_none_or(|t| !t.sees_case(case)) {
                    return Some(0);
                }
                // Without evidence the belief stays at the prior.
                match prior_percent(s, case, suspect) {
                    Some(prior) => cmp.holds(prior, f64::from(*percent)).then_some(0),
                    None => Some(0),
                }
            }
            Condition::Chance(p) => (*p > 0.0).then_some(0),
            Condition::Dyad(a, b, cmp, value) => {
                let Some(d) = s.escalation.dyad(a, b) else {
                    return Some(0); // an undeclared pair is reported as an error
                };
                let initial = s.escalation.dyads[d]
                    .initial
                    .unwrap_or(s.escalation.initial);
                if cmp.holds(initial, *value) {
                    return Some(0);
                }
                let possible = s
                    .escalation
                    .rungs
                    .iter()
                    .any(|r| cmp.holds(r.level, *value));
                self.changed.get(&dyad_key(d)).copied().filter(|_| possible)
            }
            Condition::Posture(actor, at_least) => {
                let Some(a) = s.actor(actor) else {
                    return Some(0);
                };
                if a.posture >= *at_least {
                    return Some(0);
                }
                self.postures
                    .get(actor)
                    .and_then(|set| set.range(*at_least..).map(|(_, t)| *t).min())
            }
        }
    }

    fn var_from(&self, s: &Scenario, id: &str, cmp: Cmp, value: i32) -> When {
        let changed = self.changed.get(id).copied();
        if id == ESCALATION {
            if cmp.holds(s.escalation.initial, value) {
                return Some(0);
            }
            let possible = s.escalation.rungs.iter().any(|r| cmp.holds(r.level, value));
            return changed.filter(|_| possible);
        }
        let Some(v) = s.variable(id) else {
            return Some(0);
        };
        if cmp.holds(v.initial, value) {
            return Some(0);
        }
        let possible = [
            v.min,
            v.max,
            value.saturating_sub(1),
            value,
            value.saturating_add(1),
        ]
        .iter()
        .any(|x| (v.min..=v.max).contains(x) && cmp.holds(*x, value));
        changed.filter(|_| possible)
    }

    /// Why a condition that cannot hold cannot, in the author's terms.
    fn why(&self, s: &Scenario, cond: &Condition) -> Option<String> {
        let why = match cond {
            Condition::Any(items) if items.is_empty() => "`Any([])` has no alternative".into(),
            Condition::Any(_) => "none of the alternatives can hold".into(),
            Condition::Not(_) => "`Not(Always)` is never true".into(),
            Condition::Var(id, ..) if id == ESCALATION => {
                if self.changed.contains_key(id) {
                    "no rung of the ladder satisfies the comparison".into()
                } else {
                    format!(
                        "no reachable effect moves the ladder from level {}",
                        s.escalation.initial
                    )
                }
            }
            Condition::Var(id, ..) => {
                let v = s.variable(id)?;
                if self.changed.contains_key(id) {
                    format!("`{id}` stays within {}..={}", v.min, v.max)
                } else {
                    format!(
                        "no reachable effect changes `{id}` from its initial value {}",
                        v.initial
                    )
                }
            }
            Condition::Chose { decision, team, .. } => {
                let inject = s.inject(decision)?;
                let d = inject.decision.as_ref()?;
                let deciding = d.deciding_teams(inject, s);
                match team {
                    Some(team) if !deciding.contains(&team.as_str()) => {
                        let list: Vec<String> = deciding.iter().map(|t| format!("`{t}`")).collect();
                        format!(
                            "team `{team}` does not decide on `{decision}` (deciding: {})",
                            if list.is_empty() {
                                "none".to_string()
                            } else {
                                list.join(", ")
                            }
                        )
                    }
                    _ => format!("inject `{decision}` is never released"),
                }
            }
            Condition::Released(id) => format!("inject `{id}` is never released"),
            Condition::Elapsed(_) => format!("the exercise ends at minute {}", s.meta.duration),
            Condition::Chance(_) => "a chance of zero never comes up".into(),
            Condition::Dyad(a, b, ..) => {
                let d = s.escalation.dyad(a, b)?;
                if self.changed.contains_key(&dyad_key(d)) {
                    "no rung of the ladder satisfies the comparison".into()
                } else {
                    format!("no reachable effect moves the dyad between `{a}` and `{b}`")
                }
            }
            Condition::Posture(actor, posture) => {
                let a = s.actor(actor)?;
                format!(
                    "`{actor}` starts {:?} and no reachable effect makes it {posture:?} or more",
                    a.posture
                )
            }
            Condition::Confidence {
                team,
                case,
                suspect,
                ..
            } => match prior_percent(s, case, suspect) {
                Some(prior) if !self.evidence.contains_key(&(team.clone(), case.clone())) => {
                    let prior = if (prior - prior.round()).abs() < 1e-6 {
                        format!("{prior:.0}")
                    } else {
                        format!("{prior:.1}")
                    };
                    format!(
                        "team `{team}` receives no evidence about case `{case}`, so its belief \
                         in `{suspect}` stays at the prior of {prior}%"
                    )
                }
                _ => "no percentage satisfies the comparison".into(),
            },
            Condition::Always | Condition::All(_) => return None,
        };
        Some(why)
    }

    /// The innermost part of a condition that cannot hold, for the label.
    fn blame<'c>(&self, s: &Scenario, cond: &'c Condition, path: Path) -> (&'c Condition, Path) {
        if let Condition::All(items) = cond
            && let Some((i, item)) = items.iter().enumerate().find(|(_, c)| !self.can_hold(s, c))
        {
            return self.blame(s, item, path.index(0).index(i));
        }
        (cond, path)
    }
}

pub(super) fn check(cx: &mut Cx) {
    let s = cx.s;
    let r = Reach::compute(s);
    let in_cycle = cycles(cx, &r);
    for (i, inject) in s.injects.iter().enumerate() {
        let path = root().field("injects").index(i);
        if !r.reached(i) && !in_cycle.contains(&i) {
            unreachable(cx, &r, inject, &path);
        }
        if matches!(inject.release, Trigger::Manual) && !r.released.contains_key(&inject.id) {
            let span = cx.at(&path.field("release"));
            cx.push(
                Diagnostic::warning(
                    "SR0402",
                    format!("only the facilitator can release inject `{}`", inject.id),
                    span,
                )
                .with_label("released by hand")
                .with_note(
                    "no reachable option follow-up or `Release` effect names it; \
                     if that is intended, the facilitator must remember it",
                ),
            );
        }
    }
    manual_chains(cx, &r);
    options_without_consequence(cx);
    softening(cx, &r);
    for (i, reaction) in s.reactions.iter().enumerate() {
        if r.reactions[i].is_some() {
            continue;
        }
        let path = root().field("reactions").index(i);
        let d = if reaction.chance <= 0.0 {
            let span = cx.at(&path.field("chance"));
            Diagnostic::warning(
                "SR0406",
                format!("reaction `{}` can never fire", reaction.id),
                span,
            )
            .with_label("its chance is zero")
        } else {
            never_holds(
                cx,
                &r,
                "SR0406",
                format!("reaction `{}` can never fire", reaction.id),
                &reaction.when,
                path.field("when"),
            )
        };
        cx.push(d);
    }
    for (i, ending) in s.endings.iter().enumerate() {
        if r.endings[i].is_none() {
            let path = root().field("endings").index(i).field("when");
            let d = never_holds(
                cx,
                &r,
                "SR0405",
                format!("ending `{}` can never be reached", ending.id),
                &ending.when,
                path,
            )
            .with_note("no reachable `End` effect names it either");
            cx.push(d);
        }
    }
    for (i, ending) in s.endings.iter().enumerate() {
        if ending.when == Condition::Elapsed(s.meta.duration) {
            let span = cx.at(&root().field("endings").index(i).field("when"));
            cx.push(
                Diagnostic::warning(
                    "SR0408",
                    format!("ending `{}` is a time-out ending", ending.id),
                    span,
                )
                .with_label(format!(
                    "holds at minute {}, the end of the exercise, in place of the automatic \
                     *Time expired*",
                    s.meta.duration
                ))
                .with_note(
                    "help: remove it: reaching `meta.duration` already ends the session with \
                     the outcome *Time expired*; declare endings for the outcomes play leads to",
                ),
            );
        }
    }
    let outcomes = s
        .endings
        .iter()
        .zip(&r.endings)
        .any(|(e, at)| at.is_some() && e.when != Condition::Elapsed(s.meta.duration));
    if !outcomes {
        let span = cx.at(&root().field("endings"));
        cx.push(
            Diagnostic::warning("SR0404", "no ending can ever be reached", span)
                .with_label(if s.endings.is_empty() {
                    "no endings are declared"
                } else if r.endings.iter().any(Option::is_some) {
                    "only a time-out ending can hold"
                } else {
                    "none of these can hold"
                })
                .with_note(format!(
                    "every session would end only with the automatic *Time expired* at minute \
                     {}: there is no outcome of play to review",
                    s.meta.duration
                ))
                .with_note(
                    "help: declare endings for what play can lead to (a wrap inject with the \
                     outcomes hung on it, a spiral that ends early); a time-out ending is not \
                     needed",
                ),
        );
    }
}

/// SR0401 for `After` chains that start from a `Manual` inject which a
/// follow-up or `Release` effect releases: timed by what releases it, not
/// by the facilitator's hand at minute 0. An inject the chain reaches only
/// after the end (or never) is released only if the facilitator releases
/// the chain's start by hand in time.
fn manual_chains(cx: &mut Cx, r: &Reach) {
    let s = cx.s;
    let starts_named = s
        .injects
        .iter()
        .any(|i| matches!(i.release, Trigger::Manual) && r.released.contains_key(&i.id));
    if !starts_named {
        return;
    }
    let auto = Reach::compute_with(s, false);
    for (i, inject) in s.injects.iter().enumerate() {
        if !matches!(inject.release, Trigger::After(..)) || !r.reached(i) || auto.reached(i) {
            continue;
        }
        // Walk the chain back to its start, adding the delays.
        let mut delay: Minutes = 0;
        let mut at = i;
        let mut start = None;
        for _ in 0..s.injects.len() {
            match &s.injects[at].release {
                Trigger::After(id, d) => {
                    delay = delay.saturating_add(*d);
                    match r.ids.get(id) {
                        Some(j) => at = j,
                        None => break,
                    }
                }
                Trigger::Manual => {
                    start = Some(at);
                    break;
                }
                _ => break,
            }
        }
        let Some(start) = start else { continue };
        let first = &s.injects[start].id;
        if !r.released.contains_key(first) {
            // Only the facilitator releases it: SR0402 says so.
            continue;
        }
        let path = root().field("injects").index(i);
        let span = cx.at(&path.field("release"));
        let message = format!(
            "inject `{}` can never be released unless the facilitator releases `{first}` by hand",
            inject.id
        );
        let d = match auto.released.get(first) {
            Some(&t) => Diagnostic::warning("SR0401", message, span)
                .with_label(format!(
                    "minute {} at the earliest, after the end at minute {}",
                    t.saturating_add(delay),
                    s.meta.duration
                ))
                .with_note(format!(
                    "`{first}` is `Manual` and what names it (a follow-up or `Release` effect) \
                     releases it at minute {t} at the earliest, then +{delay}"
                )),
            None => Diagnostic::warning("SR0401", message, span)
                .with_label(format!("waits for `{first}`"))
                .with_note(format!(
                    "`{first}` is `Manual` and nothing that names it can happen without the \
                     facilitator releasing something by hand"
                )),
        };
        let other = cx.at(&root().field("injects").index(start).field("release"));
        cx.push(d.with_secondary(
            other,
            format!("`{first}` is released by hand or by what names it"),
        ));
    }
}

fn never_holds(
    cx: &Cx,
    r: &Reach,
    code: &'static str,
    message: String,
    cond: &Condition,
    path: Path,
) -> Diagnostic {
    let (part, at) = r.blame(cx.s, cond, path);
    let d = Diagnostic::warning(code, message, cx.at(&at))
        .with_label(format!("`{}` can never hold", describe(part)));
    match r.why(cx.s, part) {
        Some(why) => d.with_note(why),
        None => d,
    }
}

fn unreachable(cx: &mut Cx, r: &Reach, inject: &Inject, path: &Path) {
    let s = cx.s;
    let message = format!("inject `{}` can never be released", inject.id);
    let d = match &inject.release {
        // Reported as after the end (SR0212) already.
        Trigger::At(_) => return,
        Trigger::After(_, d) if *d > s.meta.duration => return,
        Trigger::After(id, delay) => match r.inject_at(id) {
            // `id` is released in time, but the delay takes this past the end.
            Some(t) => {
                let span = cx.at(&path.field("release"));
                Diagnostic::warning("SR0401", message, span)
                    .with_label(format!(
                        "minute {} at the earliest, after the end at minute {}",
                        t.saturating_add(*delay),
                        s.meta.duration
                    ))
                    .with_note(format!(
                        "`{id}` can be released at minute {t} at the earliest, then +{delay}"
                    ))
            }
            None => {
                let span = cx.at(&path.field("release").index(0));
                let mut d = Diagnostic::warning("SR0401", message, span)
                    .with_label(format!("waits for `{id}`, which is never released"));
                if let Some(j) = r.ids.get(id) {
                    let other = cx.at(&root().field("injects").index(j).field("release"));
                    d = d.with_secondary(other, format!("`{id}` waits on this"));
                }
                d
            }
        },
        Trigger::When(cond) => never_holds(
            cx,
            r,
            "SR0401",
            message,
            cond,
            path.field("release").index(0),
        ),
        Trigger::Manual => return,
    };
    cx.push(d.with_note("no reachable option follow-up or `Release` effect names it either"));
}

/// Injects whose triggers wait on each other in a circle, none of them
/// released some other way; returns their indices.
fn cycles(cx: &mut Cx, r: &Reach) -> BTreeSet<usize> {
    let s = cx.s;
    let g = trigger_dependencies(s);
    let mut members = BTreeSet::new();
    let mut components = tarjan_scc(&g);
    for component in &mut components {
        component.sort_unstable();
    }
    components.sort();
    for component in components {
        let looped = component.len() > 1 || g.contains_edge(component[0], component[0]);
        if !looped || component.iter().any(|&i| r.reached(i)) {
            continue;
        }
        members.extend(component.iter().copied());
        let first = component[0];
        // `After` on itself is reported with the references (SR0407).
        if component.len() == 1 && matches!(s.injects[first].release, Trigger::After(..)) {
            continue;
        }
        let names: Vec<String> = component
            .iter()
            .map(|&i| format!("`{}`", s.injects[i].id))
            .collect();
        let release = |i: usize| root().field("injects").index(i).field("release");
        let span = cx.at(&release(first));
        let mut d = Diagnostic::error(
            "SR0407",
            format!("the releases of {} wait on each other", names.join(", ")),
            span,
        )
        .with_label(format!("`{}` waits here", s.injects[first].id));
        for &i in &component[1..] {
            let other = cx.at(&release(i));
            d = d.with_secondary(other, format!("`{}` waits here", s.injects[i].id));
        }
        cx.push(d.with_note("none of them can be released first, so none ever is"));
    }
    members
}

fn options_without_consequence(cx: &mut Cx) {
    let s = cx.s;
    let conditions = s.root_conditions();
    let mut chosen: BTreeSet<(&str, &str)> = BTreeSet::new();
    for cond in conditions {
        cond.walk(&mut |c| {
            if let Condition::Chose {
                decision, option, ..
            } = c
            {
                chosen.insert((decision.as_str(), option.as_str()));
            }
        });
    }
    for (i, inject) in s.injects.iter().enumerate() {
        let Some(decision) = &inject.decision else {
            continue;
        };
        for (j, option) in decision.options.iter().enumerate() {
            if !option.effects.is_empty()
                || !option.follow_ups.is_empty()
                || chosen.contains(&(inject.id.as_str(), option.id.as_str()))
            {
                continue;
            }
            let span = cx.at(&option_path(i, j).field("id"));
            cx.push(
                Diagnostic::warning(
                    "SR0403",
                    format!(
                        "option `{}` of inject `{}` has no consequence",
                        option.id, inject.id
                    ),
                    span,
                )
                .with_label(
                    "no effects, no follow-ups, and no condition asks whether it was chosen",
                )
                .with_note(format!(
                    "help: add `effects`, `follow_ups`, or a condition \
                     `Chose(decision: \"{}\", option: \"{}\")`",
                    inject.id, option.id
                )),
            );
        }
    }
}

fn min_when(a: When, b: When) -> When {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}

/// Whether `new` is a reachable minute earlier than `old` (or `old` is never).
fn is_earlier(new: When, old: When) -> bool {
    match (new, old) {
        (Some(new), Some(old)) => new < old,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// A suspect's prior probability in percent (rounded to a millionth so that
/// 0.7 reads 70), by the scenario's one prior rule. `None` for unknown ids.
fn prior_percent(s: &Scenario, case: &str, suspect: &str) -> Option<f64> {
    let p = s.case(case)?.prior_of(suspect)?;
    Some((p * 100.0 * 1e6).round() / 1e6)
}

/// SR0409: an absolute posture below hostile, for an actor that can be
/// hostile: applied then, it softens the actor (a démarche that "sets
/// Guarded" calms a state already hostile). The relative `Harden` is the
/// step up from wherever the actor stands.
fn softening(cx: &mut Cx, r: &Reach) {
    let s = cx.s;
    fn add<'a>(sites: &mut Vec<(&'a Effect, Path)>, effects: &'a [Effect], at: Path) {
        for (k, e) in effects.iter().enumerate() {
            sites.push((e, at.index(k)));
        }
    }
    let mut sites: Vec<(&Effect, Path)> = Vec::new();
    for (i, inject) in s.injects.iter().enumerate() {
        let path = root().field("injects").index(i);
        add(&mut sites, &inject.effects, path.field("effects"));
        for (j, option) in inject.decision.iter().flat_map(|d| &d.options).enumerate() {
            let at = path
                .field("decision")
                .field("options")
                .index(j)
                .field("effects");
            add(&mut sites, &option.effects, at);
        }
    }
    for (i, reaction) in s.reactions.iter().enumerate() {
        add(
            &mut sites,
            &reaction.effects,
            root().field("reactions").index(i).field("effects"),
        );
    }
    for (effect, path) in sites {
        let Effect::SetPosture(id, to) = effect else {
            continue;
        };
        let Some(actor) = s.actor(id) else {
            continue;
        };
        let hostile = actor.posture == Posture::Hostile
            || r.postures
                .get(id)
                .is_some_and(|set| set.contains_key(&Posture::Hostile));
        if *to >= Posture::Hostile || !hostile {
            continue;
        }
        let why = if actor.posture == Posture::Hostile {
            "it starts hostile"
        } else {
            "a reachable effect makes it hostile"
        };
        let span = cx.at(&path);
        cx.push(
            Diagnostic::warning(
                "SR0409",
                format!("`SetPosture` can soften `{id}` when it is already hostile"),
                span,
            )
            .with_label(format!("sets {to:?} outright, whatever the posture was"))
            .with_note(format!(
                "{} can be hostile ({why}); help: `Harden(\"{id}\")` moves it one step more hostile from wherever it stands, `Soften(\"{id}\")` one step less",
                actor.name
            )),
        );
    }
}
