//! Numbers that must lie in a range or in an order: clock, variable bounds,
//! the ladder, probabilities, severities, deadlines, norm weights.

use crate::model::*;
use crate::report::Diagnostic;
use crate::span::Path;

use super::references::after_the_end;
use super::{Cx, root};

pub(super) fn check(cx: &mut Cx) {
    clock(cx);
    variables(cx);
    ladder(cx);
    cases(cx);
    injects(cx);
    let s = cx.s;
    for (i, reaction) in s.reactions.iter().enumerate() {
        chance(
            cx,
            reaction.chance,
            &root().field("reactions").index(i).field("chance"),
        );
    }
    for (norm, weight) in &s.norms {
        if !weight.is_finite() || *weight < 0.0 {
            let span = cx.at(&root().field("norms").key(norm));
            cx.push(
                Diagnostic::error("SR0216", format!("norm `{norm}` has weight {weight}"), span)
                    .with_label("weights must be finite and not negative"),
            );
        }
    }
}

fn clock(cx: &mut Cx) {
    let meta = &cx.s.meta;
    let path = root().field("meta");
    if meta.duration == 0 {
        let span = cx.at(&path.field("duration"));
        cx.push(
            Diagnostic::error("SR0211", "the exercise lasts zero minutes", span)
                .with_label("`duration` must be at least 1"),
        );
    }
    if meta.time_step == 0 {
        let span = cx.at(&path.field("time_step"));
        cx.push(
            Diagnostic::error("SR0210", "the time step is zero minutes", span)
                .with_label("\"advance\" would never move the clock")
                .with_note("`time_step` defaults to 15 when left out"),
        );
    }
}

fn variables(cx: &mut Cx) {
    let s = cx.s;
    for (i, v) in s.variables.iter().enumerate() {
        let path = root().field("variables").index(i);
        if v.min > v.max {
            let span = cx.at(&path.field("min"));
            let max = cx.at(&path.field("max"));
            cx.push(
                Diagnostic::error(
                    "SR0201",
                    format!("variable `{}` has min {} above max {}", v.id, v.min, v.max),
                    span,
                )
                .with_label("the lower bound")
                .with_secondary(max, "the upper bound"),
            );
        } else if !(v.min..=v.max).contains(&v.initial) {
            let span = cx.at(&path.field("initial"));
            cx.push(
                Diagnostic::error(
                    "SR0201",
                    format!(
                        "variable `{}` starts at {}, outside its bounds",
                        v.id, v.initial
                    ),
                    span,
                )
                .with_label(format!("must lie in {}..={}", v.min, v.max)),
            );
        }
    }
}

fn ladder(cx: &mut Cx) {
    let ladder = &cx.s.escalation;
    let path = root().field("escalation");
    if ladder.rungs.is_empty() {
        let span = cx.at(&path.field("rungs"));
        cx.push(
            Diagnostic::error("SR0214", "the escalation ladder has no rungs", span)
                .with_label("at least one rung is needed"),
        );
        return;
    }
    for (i, pair) in ladder.rungs.windows(2).enumerate() {
        if pair[1].level <= pair[0].level {
            let span = cx.at(&path.field("rungs").index(i + 1).field("level"));
            let before = cx.at(&path.field("rungs").index(i).field("level"));
            cx.push(
                Diagnostic::error(
                    "SR0203",
                    format!("rung `{}` is not above the rung before it", pair[1].name),
                    span,
                )
                .with_label(format!("level {} here", pair[1].level))
                .with_secondary(before, format!("after level {}", pair[0].level))
                .with_note("rungs are listed lowest first, with strictly increasing levels"),
            );
        }
    }
    for (i, dyad) in ladder.dyads.iter().enumerate() {
        if let Some(level) = dyad.initial
            && !ladder.rungs.iter().any(|r| r.level == level)
        {
            let span = cx.at(&path.field("dyads").index(i).field("initial"));
            cx.push(
                Diagnostic::error(
                    "SR0204",
                    format!("the dyad starts at level {level}, which is not a rung"),
                    span,
                )
                .with_label("no rung has this level"),
            );
        }
    }
    if !ladder.rungs.iter().any(|r| r.level == ladder.initial) {
        let span = cx.at(&path.field("initial"));
        let levels: Vec<String> = ladder.rungs.iter().map(|r| r.level.to_string()).collect();
        cx.push(
            Diagnostic::error(
                "SR0204",
                format!(
                    "the ladder starts at level {}, which is not a rung",
                    ladder.initial
                ),
                span,
            )
            .with_label("no rung has this level")
            .with_note(format!("the rung levels are {}", levels.join(", "))),
        );
    }
}

fn cases(cx: &mut Cx) {
    let s = cx.s;
    for (i, c) in s.cases.iter().enumerate() {
        let path = root().field("cases").index(i);
        if c.suspects.len() < 2 {
            let span = cx.at(&path.field("suspects"));
            cx.push(
                Diagnostic::warning(
                    "SR0219",
                    format!("case `{}` has fewer than two suspects", c.id),
                    span,
                )
                .with_label("nothing to weigh against")
                .with_note("attribution compares suspects; with one, every belief is certain"),
            );
        }
        let mut total = 0.0;
        for (suspect, p) in &c.prior {
            if !(0.0..=1.0).contains(p) {
                let span = cx.at(&path.field("prior").key(suspect));
                cx.push(
                    Diagnostic::error("SR0206", format!("prior {p} is not a probability"), span)
                        .with_label("must be between 0.0 and 1.0"),
                );
            } else {
                total += p;
            }
        }
        // A little slack for decimal fractions such as 0.7 + 0.2 + 0.1.
        if total > 1.0 + 1e-9 {
            let span = cx.at(&path.field("prior"));
            cx.push(
                Diagnostic::error(
                    "SR0206",
                    // Rounded: 0.6 + 0.7 should read 1.3, not 1.2999999999999998.
                    format!(
                        "the priors of case `{}` add up to {}",
                        c.id,
                        (total * 1000.0).round() / 1000.0
                    ),
                    span,
                )
                .with_label("more than 1.0")
                .with_note("suspects not listed share what remains of 1.0"),
            );
        }
        if let Some(flag) = &c.truth.false_flag
            && flag == &c.truth.culprit
        {
            let span = cx.at(&path.field("truth").field("false_flag"));
            cx.push(
                Diagnostic::warning(
                    "SR0218",
                    format!("the false flag of case `{}` points at the culprit", c.id),
                    span,
                )
                .with_label("same actor as `culprit`")
                .with_note("a false flag implicates someone else than the real author"),
            );
        }
    }
}

fn injects(cx: &mut Cx) {
    let s = cx.s;
    for (i, inject) in s.injects.iter().enumerate() {
        let path = root().field("injects").index(i);
        match &inject.release {
            Trigger::At(t) if *t > s.meta.duration => {
                let span = cx.at(&path.field("release").index(0));
                cx.push(after_the_end(*t, s.meta.duration, span));
            }
            Trigger::After(_, d) if *d > s.meta.duration => {
                let span = cx.at(&path.field("release").index(1));
                cx.push(
                    Diagnostic::warning(
                        "SR0212",
                        format!("a delay of {d} minutes is longer than the exercise"),
                        span,
                    )
                    .with_label(format!("the exercise lasts {} minutes", s.meta.duration))
                    .with_note("the session ends before this can happen"),
                );
            }
            _ => {}
        }
        let Some(decision) = &inject.decision else {
            continue;
        };
        let at = path.field("decision");
        if decision.deadline == 0 {
            let span = cx.at(&at.field("deadline"));
            cx.push(
                Diagnostic::error("SR0209", "the deadline is zero minutes", span)
                    .with_label("teams would have no time to decide")
                    .with_note("the deadline counts minutes after the inject's release"),
            );
        }
        for (j, option) in decision.options.iter().enumerate() {
            if option.severity > 10 {
                let span = cx.at(&at.field("options").index(j).field("severity"));
                cx.push(
                    Diagnostic::error(
                        "SR0208",
                        format!("severity {} is above 10", option.severity),
                        span,
                    )
                    .with_label("severity runs from 0 (none) to 10 (gravest)"),
                );
            }
        }
    }
}

/// A probability written as a fraction.
pub(super) fn chance(cx: &mut Cx, p: f64, path: &Path) {
    if !(0.0..=1.0).contains(&p) {
        let span = cx.at(path);
        cx.push(
            Diagnostic::error("SR0207", format!("chance {p} is not a probability"), span)
                .with_label("must be between 0.0 and 1.0"),
        );
    }
}
