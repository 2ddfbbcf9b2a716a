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

/// "rung 3 of 8: Sanctions": rungs are counted from 1, as players see them.
pub fn rung(sc: &Scenario, index: usize) -> String {
    let rungs = &sc.escalation.rungs;
    let name = rungs.get(index).map_or("", |r| r.name.as_str());
    format!("rung {} of {}: {name}", index + 1, rungs.len())
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
        } => format!(
            "observation on {}'s '{}'{}",
            team(sc, t),
            inject(sc, decision),
            rating.map(|r| format!(" rated {r}")).unwrap_or_default()
        ),
    }
}

/// A case named by its incident, or its id.
pub fn case_name<'a>(sc: &'a Scenario, id: &'a str) -> &'a str {
    sc.case(id)
        .map(|c| c.incident.as_str())
        .filter(|i| !i.is_empty())
        .unwrap_or(id)
}

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
    }
}
