use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use sitroom_engine::TeamView;

use crate::app::Form;
use crate::text::fit;
use crate::theme::Theme;
use crate::widgets::{due_text, pane};

/// The decision form: prompt, options (● chosen, ○ others), the chosen
/// option's description, the rationale box and the time left.
pub fn draw(frame: &mut Frame, area: Rect, tv: &TeamView, form: &Form, theme: &Theme) {
    frame.render_widget(Clear, area);
    let Some(d) = tv.decisions.iter().find(|d| d.decision == form.decision) else {
        frame.render_widget(
            Paragraph::new("This decision is closed.").block(pane("Decision", true, theme)),
            area,
        );
        return;
    };
    let (due, urgent) = due_text(tv.now, d.deadline_at);
    let title = format!("Decide: {}", d.title);
    let block = pane(&title, true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = inner.width as usize;
    let rationale_rows = 4;
    let [head, options, rationale] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(d.options.len() as u16 + 1),
        Constraint::Length(rationale_rows),
    ])
    .areas(inner);

    let mut lines = vec![Line::styled(
        fit(&format!("Due {due}"), cols),
        if urgent { theme.alert } else { theme.warn },
    )];
    lines.push(Line::raw(d.prompt.clone()));
    if let Some(opt) = d.options.get(form.option) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(opt.label.clone(), theme.title));
        lines.push(Line::raw(opt.description.clone()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), head);

    let mut rows = vec![Line::styled("Options", theme.title)];
    for (i, o) in d.options.iter().enumerate() {
        let chosen = i == form.option;
        let default = if d.default.as_deref() == Some(o.id.as_str()) {
            " (default)"
        } else {
            ""
        };
        let text = format!("{} {}{default}", if chosen { "●" } else { "○" }, o.label);
        rows.push(Line::styled(
            fit(&text, cols),
            if chosen && !form.editing {
                theme.selected
            } else {
                theme.text
            },
        ));
    }
    frame.render_widget(Paragraph::new(rows), options);

    let label = if form.editing {
        "Rationale (typing — Tab/Enter/Esc to finish):"
    } else {
        "Rationale (Tab to write):"
    };
    let mut text = form.rationale.clone();
    if form.editing {
        text.push('▏');
    }
    if text.is_empty() {
        text = "—".to_string();
    }
    let box_lines = vec![
        Line::from(vec![Span::styled(
            fit(label, cols),
            if form.editing {
                theme.accent
            } else {
                theme.title
            },
        )]),
        Line::raw(text),
    ];
    // Keep the end of a long rationale in view.
    let rows_for_text = rationale_rows.saturating_sub(1) as usize;
    let text_rows = form.rationale.chars().count() / cols.max(1) + 1;
    let scroll = text_rows.saturating_sub(rows_for_text) as u16;
    frame.render_widget(
        Paragraph::new(box_lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        rationale,
    );
}
