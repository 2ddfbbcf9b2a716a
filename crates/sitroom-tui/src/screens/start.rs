use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::App;
use crate::text::duration;
use crate::theme::Theme;
use crate::widgets::pane;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let meta = &app.scenario.meta;
    let mut lines = vec![
        Line::styled(meta.title.clone(), theme.title),
        Line::styled(meta.summary.clone(), theme.dim),
        Line::raw(""),
        Line::styled("Briefing", theme.title),
        Line::raw(meta.briefing.clone()),
    ];
    if !meta.objectives.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Learning objectives", theme.title));
        for o in &meta.objectives {
            lines.push(Line::raw(format!("• {}", o.text)));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Teams", theme.title));
    for t in &app.scenario.teams {
        let actor = app
            .scenario
            .actors
            .iter()
            .find(|a| a.id == t.actor)
            .map_or(t.actor.as_str(), |a| a.name.as_str());
        let played = if t.player { "" } else { " [not played]" };
        lines.push(Line::raw(format!("• {} — {actor}{played}", t.name)));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("Clock: ", theme.title),
        Span::raw(format!("{} (m switches)", app.clock.mode.label())),
        Span::styled("   Length: ", theme.title),
        Span::raw(duration(meta.duration)),
        Span::styled("   Seed: ", theme.title),
        Span::raw(app.seed.to_string()),
    ]));
    lines.push(Line::from(vec![
        Span::styled("Journal: ", theme.title),
        Span::raw(app.journal.display().to_string()),
    ]));
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::raw("Press "),
        Span::styled("Enter", theme.key),
        Span::raw(" to start the exercise as the facilitator."),
    ]));
    let para = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((app.scroll, 0));
    frame.render_widget(para.block(pane("Scenario", true, theme)), area);
}
