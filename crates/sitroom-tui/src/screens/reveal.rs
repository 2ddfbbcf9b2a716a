use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use sitroom_norms::scorecard;

use crate::app::App;
use crate::screens::facilitator::actor_name;
use crate::text::{percent, tick};
use crate::theme::Theme;
use crate::widgets::{grade_style, pane, scrolled_text};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lines = reveal_lines(app, theme);
    let block = pane("After the exercise", true, theme);
    let max = scrolled_text(frame, area, lines, app.scroll, block, theme);
    app.scroll_limit.set(max);
}

/// The reveal as text: outcome, truth of each case against each team's
/// final belief, scorecards, and where the journal is.
pub fn reveal_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(outcome) = &app.view.outcome {
        lines.push(Line::styled(
            format!("{} — at {}", outcome.title, tick(outcome.at)),
            theme.title,
        ));
        // An ending by the facilitator has its reason as description:
        // the title already says it.
        if !outcome
            .description
            .trim()
            .eq_ignore_ascii_case(outcome.title.trim())
        {
            lines.push(Line::raw(outcome.description.clone()));
        }
        let open = &app.view.open;
        if !open.is_empty() {
            let items: Vec<String> = open
                .iter()
                .map(|d| {
                    let teams: Vec<&str> = d.teams.iter().map(|t| app.team_name(t)).collect();
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
    for (case_id, truth) in &app.view.truth {
        let incident = app
            .scenario
            .cases
            .iter()
            .find(|c| &c.id == case_id)
            .map_or_else(|| case_id.clone(), |c| c.incident.clone());
        lines.push(Line::from(vec![
            Span::styled(format!("■ {incident}: "), theme.title),
            Span::raw(format!("responsible: {}", actor_name(app, &truth.culprit))),
        ]));
        if let Some(flag) = &truth.false_flag {
            lines.push(Line::styled(
                format!(
                    "  False flag: the evidence was planted to implicate {}.",
                    actor_name(app, flag)
                ),
                theme.warn,
            ));
        }
        lines.push(Line::raw(format!("  {}", truth.explanation)));
        for tv in app.view.teams.iter().filter(|tv| is_player(app, &tv.team)) {
            let Some(case) = tv.beliefs.iter().find(|c| &c.case == case_id) else {
                continue;
            };
            let mut ranked: Vec<_> = case.suspects.iter().collect();
            ranked.sort_by(|a, b| b.probability.total_cmp(&a.probability));
            if let [first, second, ..] = ranked.as_slice()
                && (first.probability - second.probability).abs() < 0.005
            {
                lines.push(Line::raw(format!(
                    "  ? {}: no leading suspect ({} and {} at {})",
                    tv.name,
                    first.name,
                    second.name,
                    percent(first.probability).trim()
                )));
                continue;
            }
            let top = case
                .suspects
                .iter()
                .max_by(|a, b| a.probability.total_cmp(&b.probability));
            if let Some(top) = top {
                let right = top.actor == truth.culprit;
                lines.push(Line::raw(format!(
                    "  {} {}: {} {} ({}, {} confidence)",
                    if right { "✓" } else { "✗" },
                    tv.name,
                    top.name,
                    percent(top.probability).trim(),
                    top.term,
                    crate::widgets::confidence_word(case.confidence)
                )));
            }
        }
    }
    if app.view.truth.is_empty() {
        lines.push(Line::styled(
            "No attribution case in this scenario.",
            theme.dim,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Final scorecards", theme.title));
    for team in &app.scenario.teams {
        let card = scorecard(&team.id, &app.scores);
        if !team.player && card.decisions == 0 {
            continue;
        }
        let overall = match (card.overall, card.grade) {
            (Some(o), Some(g)) => format!("{g} {o:.1}"),
            _ => "nothing scored".to_string(),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("■ {}: ", team.name), theme.title),
            Span::raw(format!(
                "{overall} · {}",
                crate::widgets::card_tally(&card, app.team_view(&team.id))
            )),
        ]));
        for norm in &card.norms {
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
        if !card.unscored.is_empty() {
            lines.push(Line::styled(
                format!("  unscored: {}", card.unscored.join(", ")),
                theme.dim,
            ));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("Journal: ", theme.title),
        Span::raw(app.journal.display().to_string()),
    ]));
    lines.push(Line::raw(format!(
        "Review it:            sitroom replay {}",
        app.journal.display()
    )));
    lines.push(Line::raw(format!(
        "Check it replays:     sitroom replay --verify {}",
        app.journal.display()
    )));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Press q to leave Sitroom.", theme.dim));
    lines
}

fn is_player(app: &App, team: &str) -> bool {
    app.scenario.teams.iter().any(|t| t.id == team && t.player)
}
