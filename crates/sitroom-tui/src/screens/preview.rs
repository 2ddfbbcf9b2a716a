//! An inject before it is released, for the facilitator: where it goes
//! and from whom, who receives it, its text, the decision it opens (prompt,
//! options, deadline, default), when it is due, and what it leads to. The
//! facilitator-only note shows only while `T` shows private information.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;
use sitroom_engine::InjectState;
use sitroom_record::words;

use crate::app::App;
use crate::text::tick;
use crate::theme::Theme;
use crate::widgets::{pane_in, scrolled_text};

/// Draws the preview over `area`; returns the largest useful scroll.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    inject: &str,
    scroll: u16,
    theme: &Theme,
) -> u16 {
    let sc = &app.scenario;
    let Some(inj) = sc.inject(inject) else {
        return 0;
    };
    let rect = Rect {
        x: area.x
            + area
                .width
                .saturating_sub(area.width.saturating_sub(4).min(96))
                / 2,
        y: area.y,
        width: area.width.saturating_sub(4).min(96).max(area.width.min(10)),
        height: area.height,
    };
    frame.render_widget(Clear, rect);
    let label = |s: &str| Span::styled(format!("{s}: "), theme.title);
    let state = app
        .view
        .injects
        .iter()
        .find(|i| i.inject == inject)
        .map(|i| match i.state {
            InjectState::Released { at } => format!("released at {}", tick(at)),
            InjectState::Held => "held".to_string(),
            InjectState::Pending { due: Some(due) } => format!("pending, due {}", tick(due)),
            InjectState::Pending { due: None } => "pending".to_string(),
            InjectState::Cancelled => "cancelled".to_string(),
        });
    let recipients: Vec<&str> = inj.recipients(sc).iter().map(|t| t.name.as_str()).collect();
    let audience = if inj.audience.is_empty() {
        format!(
            "every team that sees {} ({})",
            inj.channel.label(),
            if recipients.is_empty() {
                "none does".to_string()
            } else {
                recipients.join(", ")
            }
        )
    } else if recipients.is_empty() {
        "no team (none of its audience sees this channel)".to_string()
    } else {
        recipients.join(", ")
    };
    let mut lines = vec![
        Line::from(vec![
            label("Channel"),
            Span::raw(format!("{} · from {}", inj.channel.label(), inj.from)),
        ]),
        Line::from(vec![label("To"), Span::raw(audience)]),
        Line::from(vec![
            label("Released"),
            Span::raw(words::trigger(sc, &inj.release)),
        ]),
    ];
    if let Some(state) = state {
        lines.push(Line::from(vec![label("Now"), Span::raw(state)]));
    }
    lines.push(Line::raw(""));
    for l in inj.text.lines() {
        lines.push(Line::raw(l.to_string()));
    }
    if let Some(d) = &inj.decision {
        lines.push(Line::raw(""));
        let teams: Vec<&str> = d
            .deciding_teams(inj, sc)
            .into_iter()
            .map(|t| words::team(sc, t))
            .collect();
        lines.push(Line::styled(
            format!(
                "Decision for {}, {} min to decide",
                teams.join(", "),
                d.deadline
            ),
            theme.title,
        ));
        lines.push(Line::raw(d.prompt.clone()));
        for o in &d.options {
            let default = if d.default.as_deref() == Some(o.id.as_str()) {
                " (default)"
            } else {
                ""
            };
            lines.push(Line::raw(format!("○ {}{default}", o.label)));
            if !o.description.is_empty() {
                lines.push(Line::styled(format!("  {}", o.description), theme.dim));
            }
        }
        if d.default.is_none() {
            lines.push(Line::styled(
                "No default: a team that does not decide lets it lapse.",
                theme.dim,
            ));
        }
    }
    let leads = sc.leads_from(inj);
    if !leads.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Leads to", theme.title));
        for l in &leads {
            lines.push(Line::raw(format!("→ {}", words::leads(sc, &inj.id, l))));
        }
    }
    if app.fac.show_private && !inj.facilitator_note.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("note: {}", inj.facilitator_note),
            theme.dim,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("r release now · Esc close", theme.dim));
    let block = pane_in(&format!("Preview: {}", inj.title), true, rect, theme);
    scrolled_text(frame, rect, lines, scroll, block, theme)
}
