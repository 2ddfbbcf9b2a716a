//! A team's screen. Everything drawn here comes from that team's
//! `TeamView`, which the engine filtered by need-to-know; this module is
//! never handed another team's view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use sitroom_engine::TeamView;

use crate::app::{App, TeamPane, TeamUi};
use crate::screens::facilitator::window;
use crate::screens::form;
use crate::text::{fit, tick, tick_col};
use crate::theme::Theme;
use crate::widgets::{
    board_lines, decision_row, due_text, dyad_line, escalation_line, inbox_row, pane,
    scrolled_text, variable_lines,
};

/// From this width the team sees inbox, message and decisions side by side.
const THREE_COLUMNS_FROM: u16 = 120;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, team: &str, theme: &Theme) {
    let (Some(tv), Some(ui)) = (app.team_view(team), app.team_ui(team)) else {
        frame.render_widget(Paragraph::new("This team is not in the scenario."), area);
        return;
    };
    let selected = app.selected_item(tv).map(|f| f.inject.clone());
    let limit = draw_team(
        frame,
        area,
        tv,
        ui,
        selected.as_deref(),
        crate::desk::Forms {
            form: app.form.as_ref(),
            judging: app.judging.as_ref(),
        },
        theme,
    );
    app.scroll_limit.set(limit);
}

/// Draws one team's screen from its own view and UI state only.
pub fn draw_team(
    frame: &mut Frame,
    area: Rect,
    tv: &TeamView,
    ui: &TeamUi,
    selected: Option<&str>,
    forms: crate::desk::Forms,
    theme: &Theme,
) -> u16 {
    let (form_state, judging) = (forms.form, forms.judging);
    // The crisis level, then the team's own state's dyads under it.
    let [tabs, gauge, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1 + tv.dyads.len().min(4) as u16),
        Constraint::Min(1),
    ])
    .areas(area);
    frame.render_widget(tab_line(tv, ui, tabs.width as usize, theme), tabs);
    let cols = gauge.width as usize;
    let gauges: Vec<Line> = std::iter::once(escalation_line(&tv.escalation, cols, theme))
        .chain(
            tv.dyads
                .iter()
                .map(|d| dyad_line(d, &tv.actor, cols, theme)),
        )
        .collect();
    frame.render_widget(Paragraph::new(gauges), gauge);
    let inbox_w = if area.width >= THREE_COLUMNS_FROM {
        38
    } else {
        34
    }
    .min(area.width / 2);
    let [inbox, right] =
        Layout::horizontal([Constraint::Length(inbox_w), Constraint::Min(1)]).areas(rest);
    draw_inbox(frame, inbox, tv, ui, selected, theme);
    let limit;
    let form_area = if area.width >= THREE_COLUMNS_FROM {
        let [message, side] =
            Layout::horizontal([Constraint::Min(30), Constraint::Length(44)]).areas(right);
        let [decisions, board] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(side);
        let limit_message = draw_message(frame, message, tv, ui, selected, theme);
        draw_decisions(frame, decisions, tv, ui, theme);
        let limit_board = draw_board(frame, board, tv, ui, theme);
        limit = if ui.pane == TeamPane::Board {
            limit_board
        } else {
            limit_message
        };
        right
    } else {
        limit = match ui.pane {
            TeamPane::Inbox | TeamPane::Message => {
                draw_message(frame, right, tv, ui, selected, theme)
            }
            TeamPane::Decisions => {
                draw_decisions(frame, right, tv, ui, theme);
                0
            }
            TeamPane::Board => draw_board(frame, right, tv, ui, theme),
        };
        right
    };
    if let Some(f) = form_state.filter(|f| f.team == tv.team) {
        form::draw(frame, form_area, tv, f, theme);
    }
    if let Some(j) = judging.filter(|j| j.team == tv.team) {
        crate::screens::judge::draw(frame, area, tv, j, theme);
    }
    limit
}

fn tab_line(tv: &TeamView, ui: &TeamUi, cols: usize, theme: &Theme) -> Line<'static> {
    let unread = tv
        .feed
        .iter()
        .filter(|f| !ui.read.contains(&f.inject))
        .count();
    let soonest = tv.decisions.iter().map(|d| d.deadline_at).min();
    let mut spans = Vec::new();
    for (i, p) in TeamPane::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", theme.dim));
        }
        let label = match p {
            TeamPane::Inbox if unread > 0 => format!("Inbox ({unread} unread)"),
            TeamPane::Decisions => match soonest {
                Some(at) => {
                    format!(
                        "Decisions ({}, {} left)",
                        tv.decisions.len(),
                        crate::text::duration(at.saturating_sub(tv.now))
                    )
                }
                None => "Decisions".to_string(),
            },
            _ => p.title().to_string(),
        };
        if *p == ui.pane {
            spans.push(Span::styled(format!("[{label}]"), theme.selected));
        } else {
            spans.push(Span::raw(format!(" {label} ")));
        }
    }
    crate::widgets::truncate_line(Line::from(spans), cols)
}

fn draw_inbox(
    frame: &mut Frame,
    area: Rect,
    tv: &TeamView,
    ui: &TeamUi,
    selected: Option<&str>,
    theme: &Theme,
) {
    let items = crate::app::inbox_items(tv, ui);
    let sel = items
        .iter()
        .position(|f| Some(f.inject.as_str()) == selected)
        .unwrap_or(0);
    let channel = ui
        .channel
        .map(|c| format!(" · {}", crate::widgets::channel_tag(c)))
        .unwrap_or_default();
    let title = if items.is_empty() {
        format!("Inbox{channel}")
    } else {
        format!("Inbox{channel} {}/{}", sel + 1, items.len())
    };
    let block = pane(&title, ui.pane == TeamPane::Inbox, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = inner.height as usize;
    let cols = inner.width as usize;
    let mut lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(window(sel, rows))
        .take(rows)
        .map(|(i, f)| {
            inbox_row(
                f,
                tv.duration,
                !ui.read.contains(&f.inject),
                i == sel,
                cols,
                theme,
            )
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled("No message yet.", theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_message(
    frame: &mut Frame,
    area: Rect,
    tv: &TeamView,
    ui: &TeamUi,
    selected: Option<&str>,
    theme: &Theme,
) -> u16 {
    let block = pane("Message", ui.pane == TeamPane::Message, theme);
    let inner = block.inner(area);
    let Some(item) = tv.feed.iter().find(|f| Some(f.inject.as_str()) == selected) else {
        frame.render_widget(
            Paragraph::new(Line::styled("Select a message in the inbox.", theme.dim)).block(block),
            area,
        );
        return 0;
    };
    let cols = inner.width as usize;
    let from = if item.from.is_empty() {
        String::new()
    } else {
        format!("From {} · ", item.from)
    };
    let mut lines = vec![
        Line::styled(item.title.clone(), theme.title),
        Line::styled(
            fit(
                &format!("{from}{} · {}", item.channel.label(), tick(item.at)),
                cols,
            ),
            theme.dim,
        ),
        Line::raw(""),
    ];
    lines.extend(item.text.lines().map(|l| Line::raw(l.to_string())));
    if let Some(decision) = &item.decision {
        lines.push(Line::raw(""));
        if let Some(open) = tv.decisions.iter().find(|d| &d.decision == decision) {
            let (due, urgent) = due_text(tv.now, open.deadline_at);
            lines.push(Line::styled(
                format!("◆ Decision open — press d to decide ({due})"),
                if urgent { theme.warn } else { theme.accent },
            ));
        } else if let Some(made) = tv.made.iter().find(|m| &m.decision == decision) {
            let how = if made.defaulted {
                " (default at deadline)"
            } else {
                ""
            };
            lines.push(Line::raw(format!(
                "✓ Decided at {}: {}{how}",
                tick(made.at),
                made.label
            )));
        } else {
            lines.push(Line::styled("◆ This decision is closed.", theme.dim));
        }
    }
    scrolled_text(frame, area, lines, ui.scroll, block, theme)
}

fn draw_decisions(frame: &mut Frame, area: Rect, tv: &TeamView, ui: &TeamUi, theme: &Theme) {
    let block = pane("Decisions", ui.pane == TeamPane::Decisions, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = inner.width as usize;
    let mut lines = Vec::new();
    if tv.decisions.is_empty() {
        lines.push(Line::styled("No decision open.", theme.dim));
    }
    for (i, d) in tv.decisions.iter().enumerate() {
        lines.push(decision_row(
            d,
            tv.now,
            ui.pane == TeamPane::Decisions && i == ui.decision_row,
            cols,
            theme,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Taken", theme.title));
    if tv.made.is_empty() {
        lines.push(Line::styled("Nothing decided yet.", theme.dim));
    }
    for m in &tv.made {
        let how = if m.defaulted { " (default)" } else { "" };
        // The engine leaves `scores` empty while the scenario hides them.
        let verdict = tv
            .scores
            .iter()
            .find(|s| s.decision == m.decision)
            .map(|s| format!(" · {}", crate::widgets::score_verdict(s)))
            .unwrap_or_default();
        // The team saw the inject that carried the decision: its title.
        let title = tv
            .feed
            .iter()
            .find(|f| f.inject == m.decision)
            .map_or(m.decision.as_str(), |f| f.title.as_str());
        lines.push(Line::raw(fit(
            &format!(
                "✓ {} {title} → {}{how}{verdict}",
                tick_col(m.at, tv.duration),
                m.label
            ),
            cols,
        )));
        if let Some(r) = &m.rationale {
            lines.push(Line::styled(fit(&format!("  “{r}”"), cols), theme.dim));
        }
    }
    let title_of = |d: &str| {
        tv.feed
            .iter()
            .find(|f| f.inject == d)
            .map_or(d.to_string(), |f| f.title.clone())
    };
    for l in &tv.lapsed {
        lines.push(Line::styled(
            fit(
                &format!(
                    "✗ {} {} → lapsed, nothing recorded",
                    tick_col(l.at, tv.duration),
                    title_of(&l.decision)
                ),
                cols,
            ),
            theme.warn,
        ));
    }
    for v in &tv.voided {
        let then = if v.reopened { "reopened" } else { "closed" };
        lines.push(Line::styled(
            fit(
                &format!(
                    "⊘ {} voided ({then}): {} → {}",
                    tick_col(v.at, tv.duration),
                    title_of(&v.decision),
                    v.label
                ),
                cols,
            ),
            theme.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_board(frame: &mut Frame, area: Rect, tv: &TeamView, ui: &TeamUi, theme: &Theme) -> u16 {
    let block = pane("Attribution", ui.pane == TeamPane::Board, theme);
    let inner = block.inner(area);
    let cols = inner.width as usize;
    let mut lines = if tv.board {
        board_lines(&tv.beliefs, cols, theme)
    } else {
        Vec::new()
    };
    lines.extend(crate::widgets::judgement_lines(tv, cols, theme));
    if !tv.variables.is_empty() {
        lines.push(Line::raw(""));
        lines.extend(variable_lines(&tv.variables, cols, theme));
    }
    let scroll = if ui.pane == TeamPane::Board {
        ui.scroll
    } else {
        0
    };
    scrolled_text(frame, area, lines, scroll, block, theme)
}
