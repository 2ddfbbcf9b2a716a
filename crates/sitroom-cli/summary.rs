//! The end-of-session summary printed by `run` and `resume`: how it ended,
//! the escalation and the final variables, the release log, every decision
//! (made, defaulted, lapsed, voided), each team's beliefs against the truth,
//! and the scorecards. Text for people (a brief form), JSON for machines
//! (the full form, schema in `docs/decisions-format.md`).
//!
//! Need-to-know: everything listed under a team (its feed, its decisions,
//! its beliefs) comes from that team's `TeamView` only. The summary as a
//! whole is the facilitator's: the release log, the variables and the
//! truth come from the `FacilitatorView`. Facilitator notes of the
//! scenario are never printed.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};
use sitroom_engine::{
    FacilitatorView, InjectState, LapsedDecision, MadeDecision, Session, TeamView, VoidedDecision,
};
use sitroom_scenario::Minutes;

/// The `format` key of the JSON summary.
pub const FORMAT: &str = "sitroom-run-summary";
/// The `version` key of the JSON summary; bumped when a key changes
/// meaning or goes away (adding keys does not bump it).
pub const VERSION: u32 = 1;

/// One line of the release log: an inject released at `at` and the teams
/// whose feed it reached (as the teams' views show it).
struct Release<'a> {
    inject: &'a str,
    title: &'a str,
    at: Minutes,
    teams: Vec<&'a str>,
}

/// The released injects, by release minute (declaration order within a
/// minute). "Reached" is read off each team's feed, the engine's one rule.
fn releases(view: &FacilitatorView) -> Vec<Release<'_>> {
    let mut log: Vec<Release<'_>> = view
        .injects
        .iter()
        .filter_map(|status| {
            let InjectState::Released { at } = status.state else {
                return None;
            };
            let teams = view
                .teams
                .iter()
                .filter(|t| t.feed.iter().any(|f| f.inject == status.inject))
                .map(|t| t.team.as_str())
                .collect();
            Some(Release {
                inject: &status.inject,
                title: &status.title,
                at,
                teams,
            })
        })
        .collect();
    log.sort_by_key(|r| r.at); // stable
    log
}

/// One of a team's decisions, whatever became of it.
enum Entry<'a> {
    Made(&'a MadeDecision),
    Lapsed(&'a LapsedDecision),
    Voided(&'a VoidedDecision),
}

impl Entry<'_> {
    /// The minute the choice was taken, or the decision lapsed.
    fn at(&self) -> Minutes {
        match self {
            Entry::Made(m) => m.at,
            Entry::Lapsed(l) => l.at,
            Entry::Voided(v) => v.chosen_at,
        }
    }
}

/// A team's decisions from its own view, oldest first.
fn entries(team: &TeamView) -> Vec<Entry<'_>> {
    let mut all: Vec<Entry<'_>> = team
        .made
        .iter()
        .map(Entry::Made)
        .chain(team.lapsed.iter().map(Entry::Lapsed))
        .chain(team.voided.iter().map(Entry::Voided))
        .collect();
    all.sort_by_key(Entry::at); // stable: made keeps its order
    all
}

pub fn text(session: &Session, journal: Option<&Path>) -> String {
    let view = session.facilitator_view();
    let scenario = session.scenario();
    let mut out = String::new();
    // ok: writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{} ({}), seed {}",
        scenario.meta.title,
        scenario.meta.id,
        session.seed()
    );
    match &view.outcome {
        Some(o) => {
            let _ = writeln!(out, "Ended at minute {}: {}", o.at, o.title);
            let _ = writeln!(out, "  {}", o.description);
        }
        None => {
            let _ = writeln!(out, "Stopped at minute {} (not ended)", view.now);
        }
    }
    let _ = writeln!(
        out,
        "Escalation: {} (level {}, rung {} of {})",
        view.escalation.name,
        view.escalation.level,
        view.escalation.index + 1,
        view.escalation.of
    );
    let variables: Vec<String> = view
        .variables
        .iter()
        .map(|v| format!("{} {}", v.id, v.value))
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
    let log = releases(&view);
    for r in &log {
        let teams = if r.teams.is_empty() {
            "no team".to_string()
        } else {
            r.teams.join(", ")
        };
        let _ = writeln!(out, "  {:>4}  {:<24} {teams}", r.at, r.inject);
    }
    if log.is_empty() {
        let _ = writeln!(out, "  none");
    }

    let _ = writeln!(out, "\nDecisions:");
    let mut any = false;
    for team in &view.teams {
        for entry in entries(team) {
            any = true;
            let (decision, what) = match entry {
                Entry::Made(m) => (
                    &m.decision,
                    format!("{}{}", m.label, if m.defaulted { " (default)" } else { "" }),
                ),
                Entry::Lapsed(l) => (
                    &l.decision,
                    "lapsed: nobody decided, no default (not scored)".to_string(),
                ),
                Entry::Voided(v) => (
                    &v.decision,
                    format!(
                        "{}{} (voided at minute {}{})",
                        v.label,
                        if v.defaulted { " (default)" } else { "" },
                        v.at,
                        if v.reopened { ", reopened" } else { "" }
                    ),
                ),
            };
            let _ = writeln!(
                out,
                "  {:>4}  {:<12} {:<24} {what}",
                entry.at(),
                team.team,
                decision
            );
        }
    }
    if !any {
        let _ = writeln!(out, "  none");
    }

    let _ = writeln!(out, "\nAttribution (each team's belief, then the truth):");
    for (case, truth) in &view.truth {
        let _ = writeln!(out, "  {case}");
        for team in &view.teams {
            if let Some(belief) = team.beliefs.iter().find(|b| &b.case == case) {
                let suspects: Vec<String> = belief
                    .suspects
                    .iter()
                    .map(|s| format!("{} {:.0}% ({})", s.name, s.probability * 100.0, s.term))
                    .collect();
                let _ = writeln!(
                    out,
                    "    {:<12} {}; {} confidence, {} evidence item(s)",
                    team.team,
                    suspects.join(", "),
                    belief.confidence,
                    belief.evidence
                );
            }
        }
        let flag = truth
            .false_flag
            .as_deref()
            .map(|f| format!(" (false flag implicating {})", actor_name(session, f)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    truth        {}{flag}",
            actor_name(session, &truth.culprit)
        );
    }

    let scores = final_scores(session);
    if session.is_over() {
        let _ = writeln!(
            out,
            "\nScorecards (after the reveal: scores that depend on the truth are included):"
        );
    } else {
        let _ = writeln!(out, "\nScorecards (so far; the truth is not revealed yet):");
    }
    for team in &session.scenario().teams {
        if !team.player {
            continue;
        }
        let card = sitroom_norms::scorecard_for(session.scenario(), &team.id, &scores);
        let rendered = sitroom_norms::render_text(&card);
        let line = view
            .teams
            .iter()
            .find(|t| t.team == team.id)
            .map(not_scored_line)
            .unwrap_or_default();
        out.push_str(&insert_after_decisions(&rendered, &line));
    }

    if !view.notes.is_empty() {
        // Evaluators' observations, kept apart from the automatic scores.
        let _ = writeln!(out, "\nObservations (facilitator and evaluators):");
        for note in &view.notes {
            let rating = note.rating.map(|r| format!("[{r}] ")).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:>4}  {:<12} {:<24} {rating}{}",
                note.at, note.team, note.decision, note.text
            );
        }
    }
    let _ = writeln!(out, "\nFinal state hash: {}", session.state_hash());
    if let Some(path) = journal {
        let _ = writeln!(out, "Journal: {}", path.display());
    }
    out
}

/// "Lapsed — scored as failures to act: N (ids); voided — not scored: M
/// (ids)": lapses are on the scorecard (a failure to act), voided choices
/// are not, and none silently disappears.
fn not_scored_line(team: &TeamView) -> String {
    let list = |ids: Vec<&str>| {
        if ids.is_empty() {
            "0".to_string()
        } else {
            format!("{} ({})", ids.len(), ids.join(", "))
        }
    };
    format!(
        "Lapsed — scored as failures to act: {}; voided — not scored: {}\n",
        list(team.lapsed.iter().map(|l| l.decision.as_str()).collect()),
        list(team.voided.iter().map(|v| v.decision.as_str()).collect())
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

/// The scores as the teams saw them while playing, plus, once the session
/// is over, the re-scores that the reveal of the truth adds.
fn final_scores(session: &Session) -> Vec<sitroom_norms::Score> {
    if session.is_over() {
        session.revealed_scores()
    } else {
        session.scores()
    }
}

fn actor_name(session: &Session, id: &str) -> String {
    session
        .scenario()
        .actors
        .iter()
        .find(|a| a.id == id)
        .map(|a| a.name.clone())
        .unwrap_or_else(|| id.to_string())
}

pub fn json(session: &Session, journal: Option<&Path>) -> String {
    let view = session.facilitator_view();
    let scores = final_scores(session);
    let scorecards: Vec<Value> = session
        .scenario()
        .teams
        .iter()
        .filter(|t| t.player)
        .map(|t| {
            let card = sitroom_norms::scorecard_for(session.scenario(), &t.id, &scores);
            // ok: a scorecard is plain data and always serializes.
            let mut value = serde_json::to_value(&card).unwrap_or(Value::Null);
            if let (Some(map), Some(team)) = (
                value.as_object_mut(),
                view.teams.iter().find(|v| v.team == t.id),
            ) {
                map.insert(
                    "not_scored".into(),
                    json!({
                        "lapsed": team.lapsed.iter().map(|l| &l.decision).collect::<Vec<_>>(),
                        "voided": team.voided.iter().map(|v| &v.decision).collect::<Vec<_>>(),
                    }),
                );
            }
            value
        })
        .collect();
    let releases: Vec<Value> = releases(&view)
        .iter()
        .map(|r| json!({"inject": r.inject, "title": r.title, "at": r.at, "teams": r.teams}))
        .collect();
    let value = json!({
        "format": FORMAT,
        "version": VERSION,
        "scenario": session.scenario().meta.id,
        "seed": session.seed(),
        "minute": view.now,
        "outcome": view.outcome,
        "escalation": view.escalation,
        "variables": view.variables,
        "releases": releases,
        // Each team's feed and decisions from its own view only.
        "feeds": view.teams.iter().map(|t| json!({"team": t.team, "feed": t.feed})).collect::<Vec<_>>(),
        "decisions": view.teams.iter().map(|t| json!({
            "team": t.team,
            "made": t.made,
            "lapsed": t.lapsed,
            "voided": t.voided,
        })).collect::<Vec<_>>(),
        "beliefs": view.teams.iter().map(|t| json!({"team": t.team, "cases": t.beliefs})).collect::<Vec<_>>(),
        "truth": view.truth,
        "revealed": session.is_over(),
        "scores": scores,
        "scorecards": scorecards,
        "notes": view.notes,
        "state_hash": session.state_hash().to_string(),
        "journal": journal.map(|p| p.display().to_string()),
    });
    // ok: a serde_json::Value always serializes.
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
