//! The end-of-session summary printed by `run` and `resume`, rendered from
//! the session's record (`sitroom_record::Record`): how it ended, the
//! escalation and the final variables, the release log, every decision
//! (made, defaulted, lapsed, voided) with its rationale, each team's beliefs
//! against the truth, and the scorecards. Text for people (a brief form),
//! JSON for machines (the full form, schema in `docs/decisions-format.md`).
//!
//! Need-to-know: everything listed under a team (its feed, its decisions,
//! its beliefs) comes from that team's own view, through the record. The
//! summary as a whole is the facilitator's: the release log, the variables
//! and the truth are the facilitator's. Facilitator notes of the scenario
//! are never printed.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};
use sitroom_engine::{Input, LapsedDecision, MadeDecision, VoidedDecision};
use sitroom_host::Skipped;
use sitroom_norms::{Score, Scorecard};
use sitroom_record::{DecisionRecord, Fate, Record, TeamCard, words};
use sitroom_scenario::Scenario;

/// The `format` key of the JSON summary.
pub const FORMAT: &str = "sitroom-run-summary";
/// The `version` key of the JSON summary; bumped when a key changes
/// meaning or goes away (adding keys does not bump it).
pub const VERSION: u32 = 1;

/// A skipped `when_open` input in words: the minute, what it would have
/// done and why it did not apply (text escaped for the terminal).
pub fn skipped_line(s: &Skipped) -> String {
    let what = match &s.input {
        Input::Decide {
            team,
            decision,
            option,
            ..
        } => format!("Decide {team} {decision} {option}"),
        other => format!("{other:?}"),
    };
    crate::text::escape(&format!("minute {}: {what}: {}", s.at, s.why))
}

pub fn text(sc: &Scenario, record: &Record, journal: Option<&Path>, skipped: &[Skipped]) -> String {
    let mut out = String::new();
    // ok: writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{} ({}), seed {}",
        record.title, record.scenario, record.seed
    );
    match &record.outcome {
        Some(o) => {
            let _ = writeln!(out, "Ended at minute {}: {}", o.at, words::outcome_title(o));
            let _ = writeln!(out, "  {}", words::outcome_text(sc, o));
        }
        None => {
            let _ = writeln!(out, "Stopped at minute {} (not ended)", record.now);
        }
    }
    let rung = &record.rung;
    let _ = writeln!(
        out,
        "Escalation: {} (level {}, rung {} of {})",
        rung.name,
        rung.level,
        words::rung_number(rung.index),
        rung.of
    );
    for d in &record.dyads {
        let _ = writeln!(
            out,
            "  {} – {}: {} (level {}, rung {} of {})",
            d.names.0,
            d.names.1,
            d.rung.name,
            d.rung.level,
            words::rung_number(d.rung.index),
            d.rung.of
        );
    }
    let variables: Vec<String> = record
        .variables
        .iter()
        .map(|v| format!("{} {}", v.variable, v.value))
        .collect();
    let _ = writeln!(
        out,
        "Final variables: {}",
        if variables.is_empty() {
            "none".to_string()
        } else {
            variables.join(", ")
        }
    );

    let _ = writeln!(out, "\nReleases (minute, inject, teams reached):");
    for r in &record.releases {
        let teams = if r.teams.is_empty() {
            "no team".to_string()
        } else {
            r.teams.join(", ")
        };
        let _ = writeln!(out, "  {:>4}  {:<24} {teams}", r.at, r.inject);
    }
    if record.releases.is_empty() {
        let _ = writeln!(out, "  none");
    }
    if !skipped.is_empty() {
        let _ = writeln!(
            out,
            "\nSkipped script inputs (when_open, decision not open):"
        );
        for s in skipped {
            let _ = writeln!(out, "  {}", skipped_line(s));
        }
    }

    let _ = writeln!(out, "\nDecisions:");
    for d in &record.decisions {
        let _ = writeln!(
            out,
            "  {:>4}  {:<12} {:<24} {}",
            d.at,
            d.team,
            d.decision,
            what_became(d)
        );
        if let Some(r) = d.rationale.as_deref().filter(|r| !r.trim().is_empty()) {
            let _ = writeln!(out, "        rationale: {}", r.replace('\n', " / "));
        }
    }
    if record.decisions.is_empty() {
        let _ = writeln!(out, "  none");
    }

    let _ = writeln!(out, "\nAttribution (each team's belief, then the truth):");
    for (case, truth) in &record.truth {
        let _ = writeln!(out, "  {case}");
        for track in record.beliefs.iter().filter(|b| &b.case == case) {
            let belief = &track.now;
            let suspects: Vec<String> = belief
                .suspects
                .iter()
                .map(|s| format!("{} {:.0}% ({})", s.name, s.probability * 100.0, s.term))
                .collect();
            let _ = writeln!(
                out,
                "    {:<12} {}; {} confidence, {} evidence item(s)",
                track.team,
                suspects.join(", "),
                belief.confidence,
                belief.evidence
            );
        }
        let flag = truth
            .false_flag
            .as_deref()
            .map(|f| format!(" (false flag implicating {})", words::actor(sc, f)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    truth        {}{flag}",
            words::actor(sc, &truth.culprit)
        );
    }

    if record.revealed {
        let _ = writeln!(
            out,
            "\nScorecards (after the reveal: scores that depend on the truth are included):"
        );
    } else {
        let _ = writeln!(out, "\nScorecards (so far; the truth is not revealed yet):");
    }
    for card in &record.scorecards {
        let rendered = sitroom_norms::render_text(final_card(record, card));
        out.push_str(&insert_after_decisions(&rendered, &not_scored_line(card)));
    }

    if !record.notes.is_empty() {
        // Evaluators' observations, kept apart from the automatic scores.
        let _ = writeln!(out, "\nObservations (facilitator and evaluators):");
        for note in &record.notes {
            let rating = note.rating.map(|r| format!("[{r}] ")).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:>4}  {:<12} {:<24} {rating}{}",
                note.at, note.team, note.decision, note.text
            );
        }
    }
    let _ = writeln!(out, "\nFinal state hash: {}", record.state_hash);
    if let Some(path) = journal {
        let _ = writeln!(out, "Journal: {}", path.display());
    }
    out
}

/// The option's label and what became of the decision.
fn what_became(d: &DecisionRecord) -> String {
    let label = d.label.as_deref().unwrap_or_default();
    match d.fate {
        Fate::Chosen => label.to_string(),
        Fate::Defaulted => format!("{label} (default)"),
        Fate::Lapsed => {
            "lapsed: nobody decided, no default (scored as a failure to act)".to_string()
        }
        Fate::Voided {
            at,
            reopened,
            defaulted,
        } => format!(
            "{label}{} (voided at minute {at}{})",
            if defaulted { " (default)" } else { "" },
            if reopened { ", reopened" } else { "" }
        ),
    }
}

/// The scorecard the summary shows: after the reveal once it is over.
fn final_card<'a>(record: &Record, card: &'a TeamCard) -> &'a Scorecard {
    match (&card.in_hindsight, record.revealed) {
        (Some(h), true) => h,
        _ => &card.at_the_time,
    }
}

/// The scores the summary shows: with the reveal's re-scores once it is over.
fn final_scores(record: &Record) -> &[Score] {
    if record.revealed {
        &record.hindsight
    } else {
        &record.scores
    }
}

/// "Lapsed — scored as failures to act: N (ids); voided — not scored: M
/// (ids)": lapses are on the scorecard (a failure to act), voided choices
/// are not, and none silently disappears.
fn not_scored_line(card: &TeamCard) -> String {
    let list = |ids: &[String]| {
        if ids.is_empty() {
            "0".to_string()
        } else {
            format!("{} ({})", ids.len(), ids.join(", "))
        }
    };
    format!(
        "Lapsed — scored as failures to act: {}; voided — not scored: {}\n",
        list(&card.lapsed),
        list(&card.voided)
    )
}

/// The rendered scorecard with `line` after its "Decisions:" line (at the
/// end when there is none).
fn insert_after_decisions(card: &str, line: &str) -> String {
    let mut out = String::with_capacity(card.len() + line.len());
    let mut done = false;
    for l in card.split_inclusive('\n') {
        out.push_str(l);
        if !done && l.starts_with("Decisions:") {
            if !l.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(line);
            done = true;
        }
    }
    if !done {
        out.push_str(line);
    }
    out
}

/// A team's decisions in the shapes of the summary's version 1: standing
/// choices, lapsed decisions and voided choices.
fn team_decisions(record: &Record, team: &str) -> Value {
    let mut made = Vec::new();
    let mut lapsed = Vec::new();
    let mut voided = Vec::new();
    for d in record.decisions_of(team) {
        let option = d.option.clone().unwrap_or_default();
        let label = d.label.clone().unwrap_or_default();
        match d.fate {
            Fate::Chosen | Fate::Defaulted => made.push(MadeDecision {
                decision: d.decision.clone(),
                option,
                label,
                at: d.at,
                defaulted: d.fate == Fate::Defaulted,
                rationale: d.rationale.clone(),
            }),
            Fate::Lapsed => lapsed.push(LapsedDecision {
                decision: d.decision.clone(),
                title: d.title.clone(),
                at: d.at,
            }),
            Fate::Voided {
                at,
                reopened,
                defaulted,
            } => voided.push((
                d.at,
                VoidedDecision {
                    decision: d.decision.clone(),
                    title: d.title.clone(),
                    option,
                    label,
                    chosen_at: d.at,
                    defaulted,
                    rationale: d.rationale.clone(),
                    at,
                    reopened,
                },
            )),
        }
    }
    // Voided choices in the order they were voided, as the team's view has them.
    voided.sort_by_key(|(_, v)| v.at);
    let voided: Vec<VoidedDecision> = voided.into_iter().map(|(_, v)| v).collect();
    json!({"team": team, "made": made, "lapsed": lapsed, "voided": voided})
}

pub fn json(sc: &Scenario, record: &Record, journal: Option<&Path>, skipped: &[Skipped]) -> String {
    let scorecards: Vec<Value> = record
        .scorecards
        .iter()
        .map(|card| {
            // ok: a scorecard is plain data and always serializes.
            let mut value = serde_json::to_value(final_card(record, card)).unwrap_or(Value::Null);
            if let Some(map) = value.as_object_mut() {
                map.insert(
                    "not_scored".into(),
                    json!({"lapsed": card.lapsed, "voided": card.voided}),
                );
            }
            value
        })
        .collect();
    // Version 1's outcome: the heading and explanation worded.
    let outcome = record.outcome.as_ref().map(|o| {
        json!({
            "ending": o.ending,
            "by": o.by,
            "title": words::outcome_title(o),
            "description": words::outcome_text(sc, o),
            "at": o.at,
        })
    });
    let variables: Vec<Value> = record
        .variables
        .iter()
        .map(|v| json!({"id": v.variable, "name": v.name, "value": v.value, "min": v.min, "max": v.max}))
        .collect();
    let teams: Vec<&str> = record.feeds.iter().map(|f| f.team.as_str()).collect();
    let value = json!({
        "format": FORMAT,
        "version": VERSION,
        "scenario": record.scenario,
        "seed": record.seed,
        "minute": record.now,
        "outcome": outcome,
        "escalation": record.rung,
        "dyads": record.dyads,
        "variables": variables,
        "releases": record.releases,
        "feeds": record.feeds,
        "decisions": teams.iter().map(|t| team_decisions(record, t)).collect::<Vec<_>>(),
        "beliefs": teams.iter().map(|t| json!({
            "team": t,
            "cases": record.beliefs.iter().filter(|b| b.team == *t).map(|b| &b.now).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "truth": record.truth,
        "revealed": record.revealed,
        "scores": final_scores(record),
        "scorecards": scorecards,
        "notes": record.notes,
        "state_hash": record.state_hash,
        "journal": journal.map(|p| p.display().to_string()),
        // Added in version 1 without changing a key: the record over time.
        "timeline": record.timeline,
        "decision_records": record.decisions,
        "beliefs_over_time": record.beliefs.iter().map(|b| json!({
            "team": b.team, "case": b.case, "suspects": b.suspects,
            "culprit": b.culprit, "points": b.points,
        })).collect::<Vec<_>>(),
        "escalation_over_time": record.escalation,
        "variables_over_time": record.variables.iter().map(|v| json!({
            "id": v.variable, "points": v.points,
        })).collect::<Vec<_>>(),
        "scores_at_the_time": record.scores,
        // The script's `when_open` inputs that did not apply, and why.
        "skipped": skipped.iter().map(|s| json!({
            "at": s.at, "input": s.input, "reason": s.why.to_string(),
        })).collect::<Vec<_>>(),
    });
    // ok: a serde_json::Value always serializes.
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
