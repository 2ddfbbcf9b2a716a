use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use sitroom_engine::Seat;
use sitroom_record::words;

use crate::app::{App, FacPane};
use crate::text::{fit, tick, tick_col};
use crate::theme::Theme;
use crate::widgets::{
    board_lines, decision_row, due_text, dyad_lines, escalation_ladder, escalation_line,
    evaluation_lines, inject_row, pane, score_row, scrolled_text, variable_lines,
};

/// Wide terminals get a sidebar with the ladder, variables and deadlines.
const SIDEBAR_FROM: u16 = 110;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let [gauge, tabs, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    frame.render_widget(
        escalation_line(&app.view.escalation, gauge.width as usize, theme),
        gauge,
    );
    frame.render_widget(tab_line(app, tabs.width as usize, theme), tabs);
    if area.width >= SIDEBAR_FROM {
        let [main, side] =
            Layout::horizontal([Constraint::Min(60), Constraint::Length(44)]).areas(rest);
        draw_pane(frame, main, app, theme);
        sidebar(frame, side, app, theme);
    } else {
        let [summary, main] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(rest);
        frame.render_widget(
            deadline_summary(app, summary.width as usize, theme),
            summary,
        );
        draw_pane(frame, main, app, theme);
    }
}

fn tab_line(app: &App, cols: usize, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, p) in FacPane::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", theme.dim));
        }
        let label = match p {
            FacPane::Decisions => format!("{} ({})", p.title(), app.view.open.len()),
            _ => p.title().to_string(),
        };
        if *p == app.fac.pane {
            spans.push(Span::styled(format!("[{label}]"), theme.selected));
        } else {
            spans.push(Span::raw(format!(" {label} ")));
        }
    }
    crate::widgets::truncate_line(Line::from(spans), cols)
}

/// One line naming the most urgent open decision, for narrow terminals.
fn deadline_summary(app: &App, cols: usize, theme: &Theme) -> Line<'static> {
    let next = app.view.open.iter().min_by_key(|d| d.deadline_at);
    match next {
        None => Line::styled(fit("No decision open.", cols), theme.dim),
        Some(d) => {
            let (due, urgent) = due_text(app.view.now, d.deadline_at);
            let text = format!(
                "{} open · next due: {} — {due}",
                app.view.open.len(),
                d.title
            );
            Line::styled(
                fit(&text, cols),
                if urgent { theme.warn } else { theme.text },
            )
        }
    }
}

/// First row to show so that `selected` is visible in `height` rows.
pub fn window(selected: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        selected.saturating_sub(height - 1)
    }
}

fn draw_pane(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let pane_kind = app.fac.pane;
    let sel = app.fac.row(pane_kind);
    let len = app.fac_len(pane_kind);
    // Where the selection is in a list that may be longer than the pane.
    let title = if len > 0 {
        format!("{} {}/{len}", pane_kind.title(), sel + 1)
    } else {
        pane_kind.title().to_string()
    };
    let block = pane(&title, true, theme);
    let inner = block.inner(area);
    if pane_kind != FacPane::Board {
        frame.render_widget(block.clone(), area);
    }
    let cols = inner.width as usize;
    let rows = inner.height as usize;
    let now = app.view.now;
    match pane_kind {
        FacPane::Injects => {
            // The selected inject's facilitator note, when shown, takes the
            // last rows of the pane.
            let note = inject_note(app, sel).map(|n| {
                Paragraph::new(Line::styled(format!("note: {n}"), theme.dim))
                    .wrap(Wrap { trim: true })
            });
            let note_rows = note
                .as_ref()
                .map_or(0, |p| p.line_count(inner.width).min(rows / 3).max(1));
            let list_rows = rows.saturating_sub(note_rows);
            let lines: Vec<Line> = app
                .inject_order()
                .into_iter()
                .filter_map(|i| app.view.injects.get(i))
                .enumerate()
                .skip(window(sel, list_rows))
                .take(list_rows)
                .map(|(i, inj)| inject_row(inj, app.scenario.meta.duration, i == sel, cols, theme))
                .collect();
            let lines = if lines.is_empty() {
                vec![Line::styled("No inject.", theme.dim)]
            } else {
                lines
            };
            let [list, foot] =
                Layout::vertical([Constraint::Length(list_rows as u16), Constraint::Min(0)])
                    .areas(inner);
            frame.render_widget(Paragraph::new(lines), list);
            if let Some(note) = note {
                frame.render_widget(note, foot);
            }
        }
        FacPane::Decisions => {
            let mut lines: Vec<Line> = Vec::new();
            for (i, d) in app.view.open.iter().enumerate() {
                lines.push(decision_row(d, now, i == sel, cols, theme));
                if i == sel {
                    lines.push(Line::raw(fit(
                        &format!("   waiting for: {}", team_names(app, &d.teams)),
                        cols,
                    )));
                    let default = d
                        .default
                        .as_deref()
                        .map_or("none (lapses)", |o| app.option_label(&d.decision, o));
                    lines.push(Line::styled(
                        fit(&format!("   default: {default}"), cols),
                        theme.dim,
                    ));
                }
            }
            if lines.is_empty() {
                lines.push(Line::styled("No decision open.", theme.dim));
            }
            let skip = window(sel, rows.saturating_sub(2));
            frame.render_widget(Paragraph::new(lines).scroll((skip as u16, 0)), inner);
        }
        FacPane::Teams => {
            let mut lines: Vec<Line> = Vec::new();
            for (i, tv) in app.view.teams.iter().enumerate() {
                let played = app
                    .scenario
                    .teams
                    .iter()
                    .find(|t| t.id == tv.team)
                    .is_none_or(|t| t.player);
                let mark = if i == sel { "▶" } else { " " };
                let defaulted = tv.made.iter().filter(|m| m.defaulted).count();
                let text = format!(
                    "{mark} {} — {} · {} message(s) · {} open · {} decided, {defaulted} by default{}",
                    tv.name,
                    actor_name(app, &tv.actor),
                    tv.feed.len(),
                    tv.decisions.len(),
                    tv.made.len() - defaulted,
                    if played { "" } else { " [not played]" }
                );
                lines.push(Line::styled(
                    fit(&text, cols),
                    if i == sel { theme.selected } else { theme.text },
                ));
                if let Some(seat) = app
                    .seats
                    .iter()
                    .flatten()
                    .find(|s| s.seat == Seat::Team(tv.team.clone()))
                {
                    lines.push(seat_line(seat, cols, theme));
                }
            }
            lines.push(Line::raw(""));
            if let Some(seats) = &app.seats {
                for seat in seats.iter().filter(|s| !matches!(s.seat, Seat::Team(_))) {
                    lines.push(seat_line(seat, cols, theme));
                }
                lines.push(Line::styled(
                    fit("Each team plays at its own terminal.", cols),
                    theme.dim,
                ));
            } else {
                lines.push(Line::styled(
                    fit("Enter hands the keyboard to the selected team.", cols),
                    theme.dim,
                ));
            }
            frame.render_widget(
                Paragraph::new(lines).scroll((window(sel, rows.saturating_sub(2)) as u16, 0)),
                inner,
            );
        }
        FacPane::Board => {
            let mut lines = Vec::new();
            if let Some(tv) = app.view.teams.get(sel) {
                let n = app.view.teams.len();
                lines.push(Line::styled(
                    fit(
                        &format!("◀ {} ({}/{n}) ▶  ↑/↓ another team", tv.name, sel + 1),
                        cols,
                    ),
                    theme.title,
                ));
                if !tv.board {
                    lines.push(Line::styled(
                        fit("The team's board is hidden: it sees no estimate.", cols),
                        theme.dim,
                    ));
                }
                lines.extend(board_lines(&tv.beliefs, cols, theme));
                if !tv.assessments.is_empty() {
                    lines.push(Line::styled("The team's own judgement", theme.title));
                }
                for a in &tv.assessments {
                    lines.push(Line::raw(fit(&format!("  {}", a.incident), cols)));
                    lines.push(Line::raw(fit(&crate::widgets::stated_line(a), cols)));
                }
                lines.push(Line::raw(""));
            }
            lines.extend(private_lines(app, cols, theme));
            lines.push(Line::raw(""));
            lines.push(Line::styled("Variables", theme.title));
            lines.extend(variable_lines(&app.view.variables, cols, theme));
            lines.push(Line::raw(""));
            lines.push(Line::styled("Postures", theme.title));
            for (actor, posture) in &app.view.postures {
                let word = format!("{posture:?}").to_lowercase();
                lines.push(Line::raw(fit(
                    &format!("  {}: {word}", actor_name(app, actor)),
                    cols,
                )));
            }
            let max = scrolled_text(frame, area, lines, app.scroll, block, theme);
            app.scroll_limit.set(max);
        }
        FacPane::Scores => {
            if app.scores.is_empty() {
                frame.render_widget(
                    Paragraph::new(Line::styled("No decision taken yet.", theme.dim)),
                    inner,
                );
                return;
            }
            // The list takes what it needs up to a third; the reasons get the rest.
            let list_rows = app.scores.len().clamp(1, (rows / 3).max(1));
            let [list, detail] =
                Layout::vertical([Constraint::Length(list_rows as u16), Constraint::Min(0)])
                    .areas(inner);
            let lines: Vec<Line> = app
                .scores
                .iter()
                .enumerate()
                .skip(window(sel, list_rows))
                .take(list_rows)
                .map(|(i, s)| {
                    let what = format!(
                        "{} → {}",
                        app.inject_title(&s.decision),
                        app.option_label(&s.decision, &s.option)
                    );
                    score_row(
                        s,
                        app.scenario.meta.duration,
                        &team_name(app, &s.team),
                        &what,
                        i == sel,
                        cols,
                        theme,
                    )
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), list);
            if let Some(score) = app.scores.get(sel) {
                let mut lines = vec![Line::styled(
                    fit("─ Why (o adds a note and rating)", cols),
                    theme.dim,
                )];
                // The team's rationale, from its own record of the choice.
                if let Some(why) = app
                    .view
                    .teams
                    .iter()
                    .find(|t| t.team == score.team)
                    .and_then(|t| t.made.iter().find(|m| m.decision == score.decision))
                    .and_then(|m| m.rationale.as_deref())
                    .filter(|w| !w.trim().is_empty())
                {
                    lines.push(Line::raw(format!("rationale: “{}”", why.trim())));
                }
                lines.extend(evaluation_lines(score, theme));
                for note in app
                    .view
                    .notes
                    .iter()
                    .filter(|n| n.team == score.team && n.decision == score.decision)
                {
                    let rating = note.rating.map_or("-".to_string(), |r| r.to_string());
                    lines.push(Line::raw(format!(
                        "note {} [{rating}] {}",
                        tick(note.at),
                        note.text
                    )));
                }
                // Each team's scorecard so far: overall grade and mean.
                lines.push(Line::styled(fit("─ Scorecards so far", cols), theme.dim));
                for team in app.scenario.teams.iter().filter(|t| t.player) {
                    let card = sitroom_norms::scorecard(&team.id, &app.scores);
                    let overall = match (card.grade, card.overall) {
                        (Some(g), Some(o)) => format!("{g} {o:.1}"),
                        _ => "nothing scored".to_string(),
                    };
                    lines.push(Line::raw(fit(
                        &format!(
                            "{}: {overall} · {}",
                            team.name,
                            crate::widgets::card_tally(
                                &card,
                                app.team_view(&team.id).map_or(0, |tv| tv.lapsed.len()),
                                app.team_view(&team.id).map_or(0, |tv| tv.voided.len()),
                            )
                        ),
                        cols,
                    )));
                }
                // The reasons scroll (PgUp/PgDn) when they do not fit, as at 80×24.
                let max = scrolled_text(
                    frame,
                    detail,
                    lines,
                    app.scroll,
                    ratatui::widgets::Block::default(),
                    theme,
                );
                app.scroll_limit.set(max);
            }
        }
        FacPane::Log => {
            let lines: Vec<Line> = app
                .log()
                .rev()
                .enumerate()
                .skip(window(sel, rows))
                .take(rows)
                .map(|(i, e)| {
                    let text = format!(
                        "{}{} {:<w$} {}",
                        if i == sel { "▶" } else { " " },
                        tick_col(e.at, app.scenario.meta.duration),
                        words::kind(e.kind()),
                        words::sentence(&app.scenario, &e.event),
                        w = words::KIND_WIDTH
                    );
                    Line::styled(
                        fit(&text, cols),
                        if i == sel { theme.selected } else { theme.text },
                    )
                })
                .collect();
            let lines = if lines.is_empty() {
                vec![Line::styled("Nothing has happened yet.", theme.dim)]
            } else {
                lines
            };
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
}

fn sidebar(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let dyad_rows = match app.view.dyads.len() {
        0 => 0,
        n => 2 * n as u16 + 1,
    };
    let ladder_rows = app.scenario.escalation.rungs.len() as u16 + 2 + dyad_rows;
    let var_rows = app.view.variables.len() as u16 + 2;
    let [ladder, vars, open] = Layout::vertical([
        Constraint::Length(ladder_rows),
        Constraint::Length(var_rows),
        Constraint::Min(3),
    ])
    .areas(area);
    let block = pane("Escalation ladder", false, theme);
    let inner = block.inner(ladder);
    frame.render_widget(block, ladder);
    let mut lines = escalation_ladder(
        &app.scenario.escalation.rungs,
        &app.view.escalation,
        inner.width as usize,
        theme,
    );
    if !app.view.dyads.is_empty() {
        lines.push(Line::styled(
            "Dyads (the crisis is the highest)",
            theme.title,
        ));
        lines.extend(
            app.view
                .dyads
                .iter()
                .flat_map(|d| dyad_lines(d, inner.width as usize, theme)),
        );
    }
    frame.render_widget(Paragraph::new(lines), inner);

    let block = pane("Variables", false, theme);
    let inner = block.inner(vars);
    frame.render_widget(block, vars);
    frame.render_widget(
        Paragraph::new(variable_lines(
            &app.view.variables,
            inner.width as usize,
            theme,
        )),
        inner,
    );

    let block = pane("Deadlines", false, theme);
    let inner = block.inner(open);
    frame.render_widget(block, open);
    let cols = inner.width as usize;
    let mut lines = Vec::new();
    let mut open_sorted: Vec<_> = app.view.open.iter().collect();
    open_sorted.sort_by_key(|d| d.deadline_at);
    for d in open_sorted {
        lines.push(decision_row(d, app.view.now, false, cols, theme));
        lines.push(Line::styled(
            fit(&format!("   {}", team_names(app, &d.teams)), cols),
            theme.dim,
        ));
    }
    if lines.is_empty() {
        lines.push(Line::styled("No decision open.", theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The facilitator-only information: ground truth, the scenario's summary
/// and note, hidden behind `T` (the console may be on a shared screen).
fn private_lines(app: &App, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        fit("Ground truth and facilitator notes", cols),
        theme.title,
    )];
    if !app.fac.show_private {
        lines.push(Line::styled(
            fit(
                "  hidden · T shows them (asks first: others may see this screen)",
                cols,
            ),
            theme.dim,
        ));
        return lines;
    }
    for (case, truth) in &app.view.truth {
        let flag = truth
            .false_flag
            .as_deref()
            .map(|f| format!(" · false flag implicating {}", actor_name(app, f)))
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "  {case}: {}{flag}",
            actor_name(app, &truth.culprit)
        )));
        lines.push(Line::styled(
            format!("    {}", truth.explanation),
            theme.dim,
        ));
    }
    let meta = &app.scenario.meta;
    lines.push(Line::styled("  Summary", theme.title));
    lines.push(Line::raw(format!("    {}", meta.summary)));
    if !meta.facilitator_note.is_empty() {
        lines.push(Line::styled("  Facilitator note", theme.title));
        lines.push(Line::raw(format!("    {}", meta.facilitator_note)));
    }
    lines
}

/// The facilitator note of the inject on the timeline's selected row, when
/// the private information is shown.
fn inject_note(app: &App, row: usize) -> Option<String> {
    if !app.fac.show_private {
        return None;
    }
    let inj = app.inject_at(row)?;
    let def = app.scenario.inject(&inj.inject)?;
    let mut notes: Vec<String> = Vec::new();
    if !def.facilitator_note.is_empty() {
        notes.push(def.facilitator_note.clone());
    }
    for o in def.decision.iter().flat_map(|d| &d.options) {
        if !o.facilitator_note.is_empty() {
            notes.push(format!("{}: {}", o.label, o.facilitator_note));
        }
    }
    (!notes.is_empty()).then(|| notes.join(" · "))
}

pub fn actor_name(app: &App, actor: &str) -> String {
    actor_name_in(&app.scenario, actor)
}

/// An actor's name in a scenario (its id if unknown).
pub fn actor_name_in(sc: &sitroom_scenario::Scenario, actor: &str) -> String {
    sc.actors
        .iter()
        .find(|a| a.id == actor)
        .map_or_else(|| actor.to_string(), |a| a.name.clone())
}

pub fn team_name(app: &App, team: &str) -> String {
    app.scenario
        .teams
        .iter()
        .find(|t| t.id == team)
        .map_or_else(|| team.to_string(), |t| t.name.clone())
}

fn team_names(app: &App, teams: &[String]) -> String {
    let names: Vec<String> = teams.iter().map(|t| team_name(app, t)).collect();
    if names.is_empty() {
        "nobody".to_string()
    } else {
        names.join(", ")
    }
}

/// A served seat: who is connected, who sits there, what it has not acted on.
fn seat_line(seat: &crate::app::SeatStatus, cols: usize, theme: &Theme) -> Line<'static> {
    let who = match (seat.connected, seat.roster.is_empty()) {
        (0, _) => "○ empty".to_string(),
        (n, true) => format!("● {n} connected"),
        (n, false) => format!("● {n} connected: {}", seat.roster.join(", ")),
    };
    let waiting = if seat.waiting.is_empty() {
        String::new()
    } else {
        format!(" · not yet acted on: {}", seat.waiting.join("; "))
    };
    let label = match &seat.seat {
        Seat::Team(_) => String::new(),
        _ => format!("{}: ", seat.name),
    };
    let style = if seat.connected == 0 || !seat.waiting.is_empty() {
        theme.warn
    } else {
        theme.dim
    };
    Line::styled(fit(&format!("   {label}{who}{waiting}"), cols), style)
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn window_keeps_the_selection_visible() {
        assert_eq!(window(0, 5), 0);
        assert_eq!(window(4, 5), 0);
        assert_eq!(window(5, 5), 1);
        assert_eq!(window(9, 0), 0);
    }
}
