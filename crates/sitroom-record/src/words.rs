//! Events worded for people. The engine records ids; this is the one place
//! they become sentences (the console log, the replay viewer, the run
//! summary and the report all call it).

use sitroom_engine::{EndedBy, Event, Outcome};
use sitroom_scenario::{Posture, Scenario};

/// A team's name, or its id when the scenario has no such team.
pub fn team<'a>(sc: &'a Scenario, id: &'a str) -> &'a str {
    sc.team(id).map_or(id, |t| t.name.as_str())
}

/// An actor's name, or its id.
pub fn actor<'a>(sc: &'a Scenario, id: &'a str) -> &'a str {
    sc.actor(id).map_or(id, |a| a.name.as_str())
}

/// An inject's title, or its id.
pub fn inject<'a>(sc: &'a Scenario, id: &'a str) -> &'a str {
    sc.inject(id).map_or(id, |i| i.title.as_str())
}

/// An option's label, or its id.
pub fn option<'a>(sc: &'a Scenario, decision: &'a str, option: &'a str) -> &'a str {
    sc.decision(decision)
        .and_then(|d| d.option(option))
        .map_or(option, |o| o.label.as_str())
}

/// A variable's name, or its id.
pub fn variable<'a>(sc: &'a Scenario, id: &'a str) -> &'a str {
    sc.variable(id).map_or(id, |v| v.name.as_str())
}

pub fn posture(p: Posture) -> &'static str {
    match p {
        Posture::Cooperative => "cooperative",
        Posture::Neutral => "neutral",
        Posture::Guarded => "guarded",
        Posture::Hostile => "hostile",
    }
}

/// The number players see for the rung at `index` of the ladder (lowest
/// first): rungs are counted from 1 on every surface — words, the UI's
/// "rung 3/8", the report — whatever `level` the scenario gives them
/// (journals and JSON keep the index from 0).
pub fn rung_number(index: usize) -> usize {
    index + 1
}

/// "rung 3 of 8: Sanctions": rungs are counted from 1, as players see them.
pub fn rung(sc: &Scenario, index: usize) -> String {
    let rungs = &sc.escalation.rungs;
    let name = rungs.get(index).map_or("", |r| r.name.as_str());
    format!("rung {} of {}: {name}", rung_number(index), rungs.len())
}

/// The outcome's heading.
pub fn outcome_title(o: &Outcome) -> String {
    match o.by {
        EndedBy::Ending => o.title.clone(),
        EndedBy::Facilitator => "Ended by the facilitator".to_string(),
        EndedBy::TimeExpired => "Time expired".to_string(),
    }
}

/// The outcome's explanation: the ending's description, the facilitator's
/// reason, or the duration that ran out.
pub fn outcome_text(sc: &Scenario, o: &Outcome) -> String {
    match o.by {
        EndedBy::Ending | EndedBy::Facilitator => o.description.clone(),
        EndedBy::TimeExpired => format!(
            "The exercise reached its duration of {} minutes.",
            sc.meta.duration
        ),
    }
}

/// One event as a sentence.
pub fn sentence(sc: &Scenario, event: &Event) -> String {
    match event {
        Event::Released { inject: i } => inject(sc, i).to_string(),
        Event::ForcedRelease { inject: i } => {
            format!("facilitator released '{}'", inject(sc, i))
        }
        Event::Improvised { inject: i } => {
            format!("facilitator wrote '{}' during the session", inject(sc, i))
        }
        Event::Held { inject: i } => format!("facilitator held '{}'", inject(sc, i)),
        Event::LetGo { inject: i } => format!("facilitator let '{}' go", inject(sc, i)),
        Event::Extended {
            decision,
            by,
            until,
        } => format!(
            "facilitator extended the deadline of '{}' by {by} min to minute {until}",
            inject(sc, decision)
        ),
        Event::Shortened {
            decision,
            by,
            until,
        } => format!(
            "facilitator brought the deadline of '{}' forward by {by} min to minute {until}",
            inject(sc, decision)
        ),
        Event::Decided {
            team: t,
            decision,
            option: o,
        } => format!(
            "{} chose '{}' on '{}'",
            team(sc, t),
            option(sc, decision, o),
            inject(sc, decision)
        ),
        Event::Defaulted {
            team: t,
            decision,
            option: o,
        } => format!(
            "{}: no decision on '{}' by the deadline; default '{}' applied",
            team(sc, t),
            inject(sc, decision),
            option(sc, decision, o)
        ),
        Event::Lapsed { team: t, decision } => format!(
            "{}: no decision on '{}' by the deadline; nothing happens",
            team(sc, t),
            inject(sc, decision)
        ),
        Event::Voided {
            team: t,
            decision,
            option: o,
            reopened_until,
        } => {
            let then = match reopened_until {
                Some(until) => format!("reopened for the team until minute {until}"),
                None => "the decision stays closed for the team".to_string(),
            };
            format!(
                "facilitator voided {}'s choice '{}' on '{}'; {then}",
                team(sc, t),
                option(sc, decision, o),
                inject(sc, decision)
            )
        }
        Event::Reaction { actor: a, reaction } => {
            let what = sc
                .reaction(reaction)
                .map(|r| r.description.as_str())
                .filter(|d| !d.is_empty())
                .unwrap_or(reaction);
            format!("{}: {what}", actor(sc, a))
        }
        Event::Escalated { from, to } => format!(
            "{} to {}",
            if to > from {
                "escalated"
            } else {
                "de-escalated"
            },
            rung(sc, *to)
        ),
        Event::DyadEscalated { a, b, from, to } => format!(
            "{} and {} {} to {}",
            actor(sc, a),
            actor(sc, b),
            if to > from {
                "escalated"
            } else {
                "de-escalated"
            },
            rung(sc, *to)
        ),
        Event::PostureChanged { actor: a, to, .. } => {
            format!("{} is now {}", actor(sc, a), posture(*to))
        }
        Event::VariableChanged {
            variable: v,
            from,
            to,
        } => format!("{} {from} → {to}", variable(sc, v)),
        Event::Scored {
            team: t,
            decision,
            option: o,
            grades,
        } => {
            let grades = if grades.is_empty() {
                "no norm applied".to_string()
            } else {
                grades
                    .iter()
                    .map(|g| format!("{} {}", g.norm, g.grade))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "{}: '{}' on '{}': {grades}",
                team(sc, t),
                option(sc, decision, o),
                inject(sc, decision)
            )
        }
        Event::Ended { by, ending } => match by {
            EndedBy::Ending => ending
                .as_deref()
                .map(|e| sc.ending(e).map_or(e, |x| x.title.as_str()))
                .unwrap_or_default()
                .to_string(),
            EndedBy::Facilitator => "ended by the facilitator".to_string(),
            EndedBy::TimeExpired => "time expired".to_string(),
        },
        Event::EvidenceReceived {
            team: t,
            case,
            inject: i,
        } => format!(
            "{} weighed '{}' as evidence on '{}'",
            team(sc, t),
            inject(sc, i),
            case_name(sc, case)
        ),
        Event::BeliefMoved {
            team: t,
            case,
            probabilities,
        } => {
            let suspects = sc.case(case).map(|c| c.suspects.as_slice()).unwrap_or(&[]);
            let parts: Vec<String> = suspects
                .iter()
                .zip(probabilities)
                .map(|(s, p)| format!("{} {:.0}%", actor(sc, s), p * 100.0))
                .collect();
            format!(
                "{} on '{}': {}",
                team(sc, t),
                case_name(sc, case),
                parts.join(", ")
            )
        }
        Event::Noted {
            team: t,
            decision,
            rating,
        } => {
            let rated = rating.map(|r| format!(" rated {r}")).unwrap_or_default();
            match (t.is_empty(), decision.is_empty()) {
                (true, _) => format!("observation on the exercise{rated}"),
                (false, true) => format!("observation on {}{rated}", team(sc, t)),
                (false, false) => format!(
                    "observation on {}'s '{}'{rated}",
                    team(sc, t),
                    inject(sc, decision)
                ),
            }
        }
        Event::NoteEdited { index } => format!("observation {} rewritten", index + 1),
        Event::NoteDeleted { index } => format!("observation {} withdrawn", index + 1),
        Event::Assessed {
            team: t,
            case,
            suspect,
            likelihood,
            confidence,
        } => format!(
            "{} {} that {} was behind '{}'. It stated {confidence} confidence.",
            team(sc, t),
            likelihood.judged(),
            actor(sc, suspect),
            case_name(sc, case)
        ),
        Event::BoardShown { team: t, shown } => format!(
            "facilitator {} the attribution board {} {}",
            if *shown { "showed" } else { "hid" },
            if *shown { "to" } else { "from" },
            team(sc, t)
        ),
    }
}

/// The text with its first letter in capitals ("moderate" → "Moderate").
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// A case named by its incident, or its id.
pub fn case_name<'a>(sc: &'a Scenario, id: &'a str) -> &'a str {
    sc.case(id)
        .map(|c| c.incident.as_str())
        .filter(|i| !i.is_empty())
        .unwrap_or(id)
}

/// The widest `kind` label ("facilitator"): the width of a log's kind column.
pub const KIND_WIDTH: usize = 11;

/// A short label for an event's family, for log columns.
pub fn kind(kind: sitroom_engine::LogKind) -> &'static str {
    use sitroom_engine::LogKind;
    match kind {
        LogKind::Released => "released",
        LogKind::Decided => "decided",
        LogKind::Defaulted => "default",
        LogKind::Lapsed => "lapsed",
        LogKind::Reaction => "reaction",
        LogKind::Escalated => "escalated",
        LogKind::Posture => "posture",
        LogKind::Facilitator => "facilitator",
        LogKind::Scored => "scored",
        LogKind::Ended => "ended",
        LogKind::Voided => "voided",
        LogKind::Variable => "variable",
        LogKind::Evidence => "evidence",
        LogKind::Belief => "belief",
        LogKind::Noted => "noted",
        LogKind::Assessed => "judged",
    }
}

/// When an inject is released, in words: "at T+030", "15 min after
/// “Gateway alert”", "when …", "only by hand or a follow-up".
pub fn trigger(sc: &Scenario, t: &sitroom_scenario::Trigger) -> String {
    use sitroom_scenario::Trigger;
    match t {
        Trigger::At(m) => format!("at T+{m:03}"),
        Trigger::After(id, 0) => format!("as soon as “{}” is released", inject(sc, id)),
        Trigger::After(id, m) => format!("{m} min after “{}” is released", inject(sc, id)),
        Trigger::When(c) => format!("when {}", condition(sc, c)),
        Trigger::Manual => {
            "only when the facilitator, an effect or a chosen option releases it".to_string()
        }
    }
}

/// A condition in words.
pub fn condition(sc: &Scenario, c: &sitroom_scenario::Condition) -> String {
    use sitroom_scenario::{Cmp, Condition};
    let cmp = |c: &Cmp| match c {
        Cmp::Lt => "<",
        Cmp::Le => "≤",
        Cmp::Eq => "=",
        Cmp::Ne => "≠",
        Cmp::Ge => "≥",
        Cmp::Gt => ">",
    };
    let join = |items: &[Condition], word: &str| {
        items
            .iter()
            .map(|i| condition(sc, i))
            .collect::<Vec<_>>()
            .join(word)
    };
    match c {
        Condition::Always => "always".to_string(),
        Condition::All(items) => format!("({})", join(items, " and ")),
        Condition::Any(items) => format!("({})", join(items, " or ")),
        Condition::Not(inner) => format!("not {}", condition(sc, inner)),
        Condition::Var(v, c, n) if v == sitroom_scenario::ESCALATION => {
            // The level a condition names is the scenario's; players count rungs.
            match sc.escalation.rungs.iter().position(|r| r.level == *n) {
                Some(i) => format!("the escalation {} {}", cmp(c), rung(sc, i)),
                None => format!("the escalation level {} {n}", cmp(c)),
            }
        }
        Condition::Var(v, c, n) => format!("{} {} {n}", variable(sc, v), cmp(c)),
        Condition::Dyad(a, b, c, n) => {
            let pair = format!(
                "the escalation between {} and {}",
                actor(sc, a),
                actor(sc, b)
            );
            match sc.escalation.rungs.iter().position(|r| r.level == *n) {
                Some(i) => format!("{pair} {} {}", cmp(c), rung(sc, i)),
                None => format!("{pair} {} level {n}", cmp(c)),
            }
        }
        Condition::Chose {
            decision,
            option: o,
            team: who,
        } => format!(
            "{} chose “{}” at “{}”",
            who.as_deref().map_or("a team", |t| team(sc, t)),
            option(sc, decision, o),
            inject(sc, decision)
        ),
        Condition::Released(id) => format!("“{}” has been released", inject(sc, id)),
        Condition::Elapsed(m) => format!("{m} min have passed"),
        Condition::Confidence {
            team: t,
            case,
            suspect,
            cmp: c,
            percent,
        } => format!(
            "{}'s belief that {} is behind {} {} {percent}%",
            team(sc, t),
            actor(sc, suspect),
            case_name(sc, case),
            cmp(c)
        ),
        Condition::Chance(p) => format!("a {:.0}% chance each minute", p * 100.0),
        Condition::Posture(a, p) => format!("{} is at least {}", actor(sc, a), posture(*p)),
    }
}

/// What an inject leads to, in words.
pub fn leads(sc: &Scenario, decision: &str, l: &sitroom_scenario::Leads) -> String {
    use sitroom_scenario::Leads;
    match l {
        Leads::After {
            inject: id,
            minutes,
        } => {
            format!("“{}”, {minutes} min after it", inject(sc, id))
        }
        Leads::When { inject: id } => format!("“{}”, when its condition holds", inject(sc, id)),
        Leads::Effect { inject: id } => format!("“{}”, released by it at once", inject(sc, id)),
        Leads::Option {
            option: o,
            inject: id,
        } => format!(
            "“{}”, if a team chooses “{}”",
            inject(sc, id),
            option(sc, decision, o)
        ),
    }
}

/// What an observation is about: "VALCERT — Gateway alert", "VALCERT",
/// "the exercise", with its objective.
pub fn note_about(sc: &Scenario, n: &sitroom_engine::NoteView) -> String {
    let mut about = match (n.team.is_empty(), n.decision.is_empty()) {
        (true, _) => "the exercise".to_string(),
        (false, true) => team(sc, &n.team).to_string(),
        (false, false) => format!("{} — {}", team(sc, &n.team), inject(sc, &n.decision)),
    };
    if let Some(o) = &n.objective {
        about.push_str(&format!(" (objective {o})"));
    }
    about
}
