use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use sitroom_engine::TeamView;

use crate::app::Form;
use crate::text::fit;
use crate::theme::Theme;
use crate::widgets::{due_text, pane, pane_in};

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
    let block = pane_in(&title, true, area, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cols = inner.width as usize;

    // The deadline stays on the first row; the rest scrolls if it must.
    let [due_row, inner] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let mut head = vec![
        Line::raw(d.prompt.clone()),
        Line::raw(""),
        Line::styled("Options", theme.title),
    ];
    for (i, o) in d.options.iter().enumerate() {
        let chosen = i == form.option;
        let default = if d.default.as_deref() == Some(o.id.as_str()) {
            " (default)"
        } else {
            ""
        };
        let text = format!("{} {}{default}", if chosen { "●" } else { "○" }, o.label);
        let style = if chosen && !form.editing {
            theme.selected
        } else {
            theme.text
        };
        // Options wrap rather than cut: every word of a choice matters.
        head.push(Line::styled(text, style));
    }
    if let Some(opt) = d
        .options
        .get(form.option)
        .filter(|o| !o.description.is_empty())
    {
        head.push(Line::raw(""));
        head.push(Line::styled(opt.description.clone(), theme.dim));
    }
    // The rationale box takes 5 rows; the rest shows prompt and options
    // (scrolled so the chosen option stays visible on short terminals).
    let rationale_rows: u16 = 5;
    let head_para = Paragraph::new(head).wrap(Wrap { trim: false });
    let head_rows = u16::try_from(head_para.line_count(inner.width)).unwrap_or(u16::MAX);
    let [top, rationale, _] = Layout::vertical([
        Constraint::Length(head_rows.min(inner.height.saturating_sub(rationale_rows))),
        Constraint::Length(rationale_rows),
        Constraint::Min(0),
    ])
    .areas(inner);
    let overflow = head_rows.saturating_sub(top.height);
    frame.render_widget(head_para.scroll((overflow, 0)), top);
    // The question scrolled off the top says so on the deadline row.
    let more = if overflow > 0 { " ↑ more" } else { "" };
    let due_style = if urgent { theme.alert } else { theme.warn };
    frame.render_widget(
        Line::from(vec![
            ratatui::text::Span::styled(
                fit(
                    &format!("Due {due}"),
                    cols.saturating_sub(more.chars().count()),
                ),
                due_style,
            ),
            ratatui::text::Span::styled(more, theme.key),
        ]),
        due_row,
    );

    // The room left is always in the title: a long rationale is never cut.
    let room = form.rationale.room();
    let label = if form.editing {
        format!("Rationale · {room} left · Ctrl+J new line · Tab ends")
    } else {
        format!("Rationale · {room} left · Tab or type to write")
    };
    let text = if form.editing {
        form.rationale.with_cursor('▏')
    } else if form.rationale.is_empty() {
        "(none yet; optional but reviewers read it)".to_string()
    } else {
        form.rationale.text().to_string()
    };
    let field = Block::default()
        .borders(Borders::ALL)
        .border_style(if form.editing {
            theme.focus_border
        } else {
            theme.border
        })
        .title(Line::styled(
            format!(
                " {} ",
                crate::text::ellipsize(&label, (rationale.width as usize).saturating_sub(4))
            ),
            if form.editing {
                theme.accent
            } else {
                theme.title
            },
        ));
    let field_inner = field.inner(rationale);
    let para = Paragraph::new(text).wrap(Wrap { trim: false });
    // Keep the cursor's line in view (the end when not writing), and say
    // when more is above or below.
    let rows = u16::try_from(para.line_count(field_inner.width)).unwrap_or(u16::MAX);
    let upto = if form.editing {
        let before: String = form
            .rationale
            .text()
            .chars()
            .take(form.rationale.cursor())
            .chain(['▏'])
            .collect();
        let p = Paragraph::new(before).wrap(Wrap { trim: false });
        u16::try_from(p.line_count(field_inner.width)).unwrap_or(u16::MAX)
    } else {
        rows
    };
    let scroll = upto.saturating_sub(field_inner.height);
    let mut marks = Vec::new();
    if scroll > 0 {
        marks.push("↑ more");
    }
    if rows > scroll.saturating_add(field_inner.height) {
        marks.push("↓ more");
    }
    let field = if marks.is_empty() {
        field
    } else {
        field.title_bottom(
            Line::styled(format!(" {} ", marks.join(" · ")), theme.key).left_aligned(),
        )
    };
    frame.render_widget(para.scroll((scroll, 0)).block(field), rationale);
}
