use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};

use crate::app::Overlay;
use crate::replay::{Replay, Timeline};
use crate::text::{fit, tick, tick_col, width};
use crate::theme::Theme;
use crate::ui::{help_overlay, prompt_overlay, status_or_hints};
use sitroom_record::words;

use crate::widgets::{board_lines, dyad_lines, escalation_line, pane, pane_in, variable_lines};

pub fn draw(frame: &mut Frame, r: &Replay, theme: &Theme) {
    let area = frame.area();
    let [top, timeline, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(4),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let cols = top.width as usize;
    let right = format!(
        " cursor {} {} / end {} ",
        tick(r.cursor),
        r.view.clock,
        tick(r.timeline.end)
    );
    let seat = " REPLAY ";
    let middle = cols.saturating_sub(width(seat) + width(&right) + 1);
    frame.render_widget(
        Line::from(vec![
            Span::styled(seat, theme.selected),
            Span::raw(" "),
            Span::styled(fit(&r.scenario.meta.title, middle), theme.title),
            Span::raw(right),
        ]),
        top,
    );
    draw_timeline(frame, timeline, &r.timeline, r.cursor, theme);
    let left_w = (body.width / 2).max(20).min(body.width);
    let [log, state] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(1)]).areas(body);
    draw_log(frame, log, r, theme);
    draw_state(frame, state, r, theme);
    frame.render_widget(
        status_or_hints(r.status.as_deref(), r.mode(), bottom.width as usize, theme),
        bottom,
    );
    match &r.overlay {
        Some(Overlay::Help) => help_overlay(frame, area, crate::keymap::Mode::Replay, theme),
        Some(Overlay::Prompt(p)) => prompt_overlay(frame, body, p, theme),
        _ => {}
    }
}

/// Shown while the viewer opens a journal: the opening pass re-simulates
/// the whole session (about a second for the longest shipped scenario).
pub fn draw_opening(frame: &mut Frame, title: &str, minutes: u32, theme: &Theme) {
    let area = frame.area();
    let [top, _, middle, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let seat = " REPLAY ";
    let cols = top.width as usize;
    frame.render_widget(
        Line::from(vec![
            Span::styled(seat, theme.selected),
            Span::raw(" "),
            Span::styled(
                fit(title, cols.saturating_sub(width(seat) + 1)),
                theme.title,
            ),
        ]),
        top,
    );
    let text = format!("Opening the journal: re-simulating {minutes} minutes…");
    frame.render_widget(
        Paragraph::new(fit(&text, middle.width as usize).trim_end().to_string())
            .style(theme.dim)
            .centered(),
        middle,
    );
}

/// Column of a minute on a timeline `cols` wide.
pub fn column(minute: u32, end: u32, cols: usize) -> usize {
    if end == 0 || cols < 2 {
        return 0;
    }
    (minute.min(end) as usize * (cols - 1) + end as usize / 2) / end as usize
}

/// The escalation sparkline, with `◆` under decisions and `▲` at the cursor.
fn draw_timeline(frame: &mut Frame, area: Rect, t: &Timeline, cursor: u32, theme: &Theme) {
    let block = pane("Timeline · escalation", false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = inner.width as usize;
    if cols == 0 || inner.height < 2 {
        return;
    }
    let data: Vec<u64> = (0..cols)
        .map(|c| {
            let minute = if cols < 2 {
                0
            } else {
                (c * t.end as usize) / (cols - 1)
            };
            t.escalation.get(minute).copied().unwrap_or(0)
        })
        .collect();
    let [spark, marks] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(
        Sparkline::default()
            .data(&data)
            .max(t.rungs.max(1))
            .style(theme.accent),
        spark,
    );
    let mut row: Vec<char> = vec!['─'; cols];
    for m in t.decision_minutes() {
        if let Some(c) = row.get_mut(column(m, t.end, cols)) {
            *c = '◆';
        }
    }
    if let Some(c) = row.get_mut(column(cursor, t.end, cols)) {
        *c = '▲';
    }
    frame.render_widget(
        Line::styled(row.into_iter().collect::<String>(), theme.text),
        marks,
    );
}

fn draw_log(frame: &mut Frame, area: Rect, r: &Replay, theme: &Theme) {
    let block = pane("Events", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = inner.height as usize;
    let cols = inner.width as usize;
    // The last event at or before the cursor sits on the last visible row
    // (minus the scroll); later events show dimmed below it when there is room.
    let upto = r
        .timeline
        .events()
        .iter()
        .take_while(|e| e.at <= r.cursor)
        .count();
    let end = upto.saturating_sub(r.log_scroll);
    let start = end.saturating_sub(rows.saturating_sub(2).max(1));
    // ok: start <= end <= upto <= events.len() by construction above.
    let mut lines: Vec<Line> = r.timeline.events()[start..end]
        .iter()
        .map(|e| {
            Line::raw(fit(
                &format!(
                    "{} {:<w$} {}",
                    tick_col(e.at, r.scenario.meta.duration),
                    words::kind(e.kind()),
                    words::sentence(&r.scenario, &e.event),
                    w = words::KIND_WIDTH
                ),
                cols,
            ))
        })
        .collect();
    lines.push(Line::styled(
        fit(&format!("▲ now {}", tick(r.cursor)), cols),
        theme.title,
    ));
    for e in r
        .timeline
        .events()
        .iter()
        .skip(upto)
        .take(rows.saturating_sub(lines.len()))
    {
        lines.push(Line::styled(
            fit(
                &format!(
                    "{} {:<w$} {}",
                    tick_col(e.at, r.scenario.meta.duration),
                    words::kind(e.kind()),
                    words::sentence(&r.scenario, &e.event),
                    w = words::KIND_WIDTH
                ),
                cols,
            ),
            theme.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_state(frame: &mut Frame, area: Rect, r: &Replay, theme: &Theme) {
    let title = match r.view.teams.get(r.team) {
        Some(tv) => format!("State at {} · {} (Tab: next team)", tick(r.cursor), tv.name),
        None => format!("State at {}", tick(r.cursor)),
    };
    let block = pane_in(&title, false, area, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = inner.width as usize;
    let mut lines = vec![escalation_line(&r.view.escalation, cols, theme)];
    lines.extend(r.view.dyads.iter().flat_map(|d| dyad_lines(d, cols, theme)));
    lines.extend(variable_lines(&r.view.variables, cols, theme));
    if let Some(tv) = r.view.teams.get(r.team) {
        lines.push(Line::raw(""));
        lines.extend(board_lines(&tv.beliefs, cols, theme));
        lines.push(Line::raw(""));
        lines.push(Line::styled("Decisions taken", theme.title));
        if tv.made.is_empty() {
            lines.push(Line::styled("none yet", theme.dim));
        }
        for m in &tv.made {
            let how = if m.defaulted { " (default)" } else { "" };
            let verdict = r
                .scores
                .iter()
                .find(|s| s.team == tv.team && s.decision == m.decision)
                .map(crate::widgets::score_verdict)
                .unwrap_or_default();
            lines.push(Line::raw(fit(
                &format!(
                    "{} {} → {}{how} {verdict}",
                    tick(m.at),
                    r.scenario
                        .inject(&m.decision)
                        .map_or(m.decision.as_str(), |i| i.title.as_str()),
                    m.label
                ),
                cols,
            )));
            if let Some(why) = m.rationale.as_deref().filter(|x| !x.trim().is_empty()) {
                lines.push(Line::styled(
                    fit(&format!("  “{}”", why.trim()), cols),
                    theme.dim,
                ));
            }
        }
        // The facilitator's observations on this team, up to the cursor.
        let notes: Vec<_> = r.view.notes.iter().filter(|n| n.team == tv.team).collect();
        if !notes.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::styled("Observations", theme.title));
        }
        for n in notes {
            lines.push(Line::raw(fit(
                &format!(
                    "{} {}{}: {}",
                    tick(n.at),
                    r.scenario
                        .inject(&n.decision)
                        .map_or(n.decision.as_str(), |i| i.title.as_str()),
                    n.rating.map(|x| format!(" [{x}]")).unwrap_or_default(),
                    n.text
                ),
                cols,
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::column;

    #[test]
    fn columns_span_the_timeline() {
        assert_eq!(column(0, 240, 80), 0);
        assert_eq!(column(240, 240, 80), 79);
        assert_eq!(column(120, 240, 80), 40);
        assert_eq!(column(500, 240, 80), 79);
        assert_eq!(column(5, 0, 80), 0);
    }
}
