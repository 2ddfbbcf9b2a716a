//! The end-of-session summary printed by `run` and `resume`: how it ended,
//! the escalation, every decision, each team's beliefs against the truth,
//! and the scorecards. Text for people, JSON for machines.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::json;
use sitroom_engine::Session;

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

    let _ = writeln!(out, "\nDecisions:");
    let mut any = false;
    for team in &view.teams {
        for made in &team.made {
            any = true;
            let _ = writeln!(
                out,
                "  {:>4}  {:<12} {:<24} {}{}",
                made.at,
                team.team,
                made.decision,
                made.label,
                if made.defaulted { " (default)" } else { "" }
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
        let card = sitroom_norms::scorecard(&team.id, &scores);
        out.push_str(&sitroom_norms::render_text(&card));
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
    let scorecards: Vec<_> = session
        .scenario()
        .teams
        .iter()
        .filter(|t| t.player)
        .map(|t| sitroom_norms::scorecard(&t.id, &scores))
        .collect();
    let value = json!({
        "scenario": session.scenario().meta.id,
        "seed": session.seed(),
        "minute": view.now,
        "outcome": view.outcome,
        "escalation": view.escalation,
        "decisions": view.teams.iter().map(|t| json!({"team": t.team, "made": t.made})).collect::<Vec<_>>(),
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
