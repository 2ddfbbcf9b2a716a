use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use sitroom_record::{Fate, Lead, words};

use crate::app::App;
use crate::screens::facilitator::actor_name_in;
use crate::text::{percent, tick, tick_col};
use crate::theme::Theme;
use crate::widgets::{grade_style, pane, scrolled_text};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let (lines, title) = if app.reveal_timeline {
        (
            timeline_lines(app, theme),
            "After the exercise: the timeline (t: results)",
        )
    } else {
        (
            reveal_lines(app, theme),
            "After the exercise (t: the timeline)",
        )
    };
    let block = pane(title, true, theme);
    let max = scrolled_text(frame, area, lines, app.scroll, block, theme);
    app.scroll_limit.set(max);
}

/// The session's timeline for the room to go back over: every event as
/// the log words it, each decision with its rationale and grade at the
/// time, the facilitator's observations and ratings at their minute.
pub fn timeline_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let Some(record) = &app.record else {
        return lines;
    };
    for e in record.timeline.iter().filter(|e| crate::widgets::listed(e)) {
        let text = words::sentence(&app.scenario, &e.event);
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{} {:<w$} ",
                    tick_col(e.at, app.scenario.meta.duration),
                    words::kind(e.kind()),
                    w = words::KIND_WIDTH
                ),
                theme.dim,
            ),
            Span::raw(text),
        ]));
        let decision = match &e.event {
            sitroom_engine::Event::Decided { team, decision, .. }
            | sitroom_engine::Event::Defaulted { team, decision, .. } => record
                .decisions
                .iter()
                .find(|d| d.team == *team && d.decision == *decision && d.at == e.at),
            _ => None,
        };
        if let Some(d) = decision
            && let Some(r) = d.rationale.as_deref().filter(|r| !r.trim().is_empty())
        {
            lines.push(Line::styled(format!("      “{}”", r.trim()), theme.text));
        }
        if let sitroom_engine::Event::Noted { team, decision, .. } = &e.event {
            for n in record
                .notes
                .iter()
                .filter(|n| n.at == e.at && n.team == *team && n.decision == *decision)
            {
                lines.push(Line::styled(format!("      {}", n.text), theme.text));
            }
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("Nothing happened in this session.", theme.dim));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("t: back to the results · q: leave", theme.dim));
    lines
}

/// The reveal as text: outcome, truth of each case against each team's
/// final belief, scorecards, and where the journal is.
pub fn reveal_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    match &app.record {
        Some(record) => reveal_of(&app.scenario, record, Some(&app.journal), theme),
        None => Vec::new(),
    }
}

/// The reveal of `record`: what the hot-seat reveal and the room screen
/// show at the end. `journal` is where the record is, when it is here.
pub fn reveal_of(
    sc: &sitroom_scenario::Scenario,
    record: &sitroom_record::Record,
    journal: Option<&std::path::Path>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(outcome) = &record.outcome {
        lines.push(Line::styled(
            format!(
                "{} — at {}",
                words::outcome_title(outcome),
                tick(outcome.at)
            ),
            theme.title,
        ));
        // The facilitator's reason may only repeat the title.
        let text = words::outcome_text(sc, outcome);
        if !text.trim().is_empty()
            && !text
                .trim()
                .eq_ignore_ascii_case(words::outcome_title(outcome).trim())
        {
            lines.push(Line::raw(text));
        }
        let open = &record.open;
        if !open.is_empty() {
            let items: Vec<String> = open
                .iter()
                .map(|d| {
                    let teams: Vec<&str> = d.teams.iter().map(|t| team_name(sc, t)).collect();
                    format!("{} ({})", d.title, teams.join(", "))
                })
                .collect();
            let n = open.len();
            lines.push(Line::styled(
                format!(
                    "{n} decision{} still open and {} not taken: {}.",
                    if n == 1 { " was" } else { "s were" },
                    if n == 1 { "was" } else { "were" },
                    items.join("; ")
                ),
                theme.warn,
            ));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Ground truth", theme.title));
    let judged = sitroom_record::judgements(record);
    for (case_id, truth) in &record.truth {
        lines.push(Line::from(vec![
            Span::styled(
                format!("■ {}: ", words::case_name(sc, case_id)),
                theme.title,
            ),
            Span::raw(format!(
                "responsible: {}",
                actor_name_in(sc, &truth.culprit)
            )),
        ]));
        if let Some(flag) = &truth.false_flag {
            lines.push(Line::styled(
                format!(
                    "  False flag: the evidence was planted to implicate {}.",
                    actor_name_in(sc, flag)
                ),
                theme.warn,
            ));
        }
        lines.push(Line::raw(format!("  {}", truth.explanation)));
        for track in record
            .beliefs
            .iter()
            .filter(|b| &b.case == case_id && is_player(sc, &b.team))
        {
            let case = &track.now;
            let name = team_name(sc, &track.team);
            match sitroom_record::lead(case) {
                Lead::Tied(first, second) => lines.push(Line::raw(format!(
                    "  ? {name}: no leading suspect ({} and {} at {})",
                    first.name,
                    second.name,
                    percent(first.probability).trim()
                ))),
                Lead::Suspect(top) => {
                    let right = top.actor == truth.culprit;
                    lines.push(Line::raw(format!(
                        "  {} {name}: {} {} ({}, {} confidence)",
                        if right { "✓" } else { "✗" },
                        top.name,
                        percent(top.probability).trim(),
                        top.term,
                        crate::widgets::confidence_word(case.confidence)
                    )));
                }
                Lead::Nobody => {}
            }
        }
        // What each team itself judged, against the truth (ICD 203:
        // likelihood and confidence in separate sentences).
        for j in judged.iter().filter(|j| &j.case == case_id) {
            let right = j.suspect == truth.culprit;
            lines.push(Line::raw(format!(
                "  {} {} {} that {} did it. {} confidence.",
                if right { "✓" } else { "✗" },
                team_name(sc, &j.team),
                j.likelihood.judged(),
                actor_name_in(sc, &j.suspect),
                sitroom_record::words::capitalised(&j.confidence.to_string())
            )));
        }
    }
    if record.truth.is_empty() {
        lines.push(Line::styled(
            "No attribution case in this scenario.",
            theme.dim,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Final scorecards", theme.title));
    for card in &record.scorecards {
        let at_time = &card.at_the_time;
        let overall = match (at_time.overall, at_time.grade) {
            (Some(o), Some(g)) => format!("{g} {o:.1}"),
            _ => "nothing scored".to_string(),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("■ {}: ", team_name(sc, &card.team)), theme.title),
            Span::raw(format!(
                "{overall} · {}",
                crate::widgets::card_tally(at_time, card.lapsed.len(), card.voided.len())
            )),
        ]));
        if at_time.mean_grade != at_time.grade
            && let Some(m) = at_time.mean_grade
        {
            lines.push(Line::styled(
                format!("  weighted mean alone would be {m}: capped by an unlawful act or a failure to act"),
                theme.warn,
            ));
        }
        for f in &at_time.failures {
            lines.push(Line::styled(
                format!(
                    "  ✗ {} (at most {}): {}",
                    inject_title(sc, &f.decision),
                    f.cap,
                    f.reason
                ),
                theme.warn,
            ));
        }
        for norm in &at_time.norms {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {} {:>5.1} ", norm.grade, norm.mean),
                    grade_style(norm.grade, theme),
                ),
                Span::raw(format!(
                    "{} ({} evaluation(s))",
                    norm.title, norm.evaluations
                )),
            ]));
        }
        if let Some(h) = &card.in_hindsight
            && !h.hindsight.is_empty()
        {
            let overall = match (h.hindsight_grade, h.hindsight_overall) {
                (Some(g), Some(o)) => format!("{g} {o:.1}"),
                _ => "—".to_string(),
            };
            lines.push(Line::styled(
                format!("  In hindsight, with the truth (not the grade): {overall}"),
                theme.dim,
            ));
            for norm in &h.hindsight {
                lines.push(Line::styled(
                    format!(
                        "    {} {:>5.1} {} ({} re-score(s))",
                        norm.grade, norm.mean, norm.title, norm.revealed
                    ),
                    theme.dim,
                ));
            }
        }
        for n in &at_time.not_evaluated {
            let rated: Vec<String> = record
                .ratings_of(Some(&card.team), &n.norm)
                .filter_map(|r| r.rating.map(|g| g.to_string()))
                .collect();
            lines.push(Line::styled(
                if rated.is_empty() {
                    format!("  not evaluated — rate it: {}", n.title)
                } else {
                    format!(
                        "  no automatic rule — rated by the facilitator: {} {}",
                        rated.join(", "),
                        n.title
                    )
                },
                theme.dim,
            ));
        }
        if !at_time.unscored.is_empty() {
            lines.push(Line::styled(
                format!("  unscored: {}", at_time.unscored.join(", ")),
                theme.dim,
            ));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Decisions and rationales", theme.title));
    let mut decisions: Vec<_> = record.decisions.iter().collect();
    decisions.sort_by_key(|d| d.at); // stable: team order within a minute
    for d in decisions {
        let what = match d.fate {
            Fate::Chosen => d.label.clone().unwrap_or_default(),
            Fate::Defaulted => format!("{} (default)", d.label.as_deref().unwrap_or_default()),
            Fate::Lapsed => "lapsed, no default".to_string(),
            Fate::Voided { .. } => {
                format!("{} (voided)", d.label.as_deref().unwrap_or_default())
            }
        };
        let grade = d
            .grade
            .map(|(g, n)| format!(" · {g} {n}"))
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "{} {}, {}: {what}{grade}",
            tick_col(d.at, sc.meta.duration),
            team_name(sc, &d.team),
            d.title
        )));
        if let Some(r) = d.rationale.as_deref().filter(|r| !r.trim().is_empty()) {
            lines.push(Line::styled(format!("    “{}”", r.trim()), theme.dim));
        }
        for n in record
            .notes
            .iter()
            .filter(|n| n.team == d.team && n.decision == d.decision)
        {
            lines.push(Line::styled(
                format!(
                    "    observation{} at {}: {}",
                    n.rating.map(|r| format!(" rated {r}")).unwrap_or_default(),
                    tick(n.at),
                    n.text
                ),
                theme.dim,
            ));
        }
    }
    if record.decisions.is_empty() {
        lines.push(Line::styled("No team took a decision.", theme.dim));
    }
    let free: Vec<&sitroom_engine::NoteView> = record
        .notes
        .iter()
        .filter(|n| n.decision.is_empty())
        .collect();
    if !free.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Other observations", theme.title));
        for n in free {
            lines.push(Line::raw(format!(
                "{} {}{}: {}",
                tick_col(n.at, sc.meta.duration),
                words::note_about(sc, n),
                n.rating.map(|r| format!(" rated {r}")).unwrap_or_default(),
                n.text
            )));
        }
    }
    lines.push(Line::raw(""));
    if let Some(journal) = journal {
        lines.push(Line::from(vec![
            Span::styled("Journal: ", theme.title),
            Span::raw(journal.display().to_string()),
        ]));
        lines.push(Line::raw(format!(
            "Review it:            sitroom replay {}",
            journal.display()
        )));
        lines.push(Line::raw(format!(
            "Check it replays:     sitroom replay --verify {}",
            journal.display()
        )));
        let stem = journal
            .file_stem()
            .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
        lines.push(Line::raw(format!(
            "Write the report:     sitroom report {} -o {stem}.html",
            journal.display()
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Press q to leave Sitroom.", theme.dim));
    lines
}

fn team_name<'a>(sc: &'a sitroom_scenario::Scenario, team: &'a str) -> &'a str {
    sc.team(team).map_or(team, |t| t.name.as_str())
}

fn inject_title<'a>(sc: &'a sitroom_scenario::Scenario, inject: &'a str) -> &'a str {
    sc.inject(inject).map_or(inject, |i| i.title.as_str())
}

fn is_player(sc: &sitroom_scenario::Scenario, team: &str) -> bool {
    sc.teams.iter().any(|t| t.id == team && t.player)
}
