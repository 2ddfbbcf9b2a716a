use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::text::duration;
use crate::theme::Theme;
use crate::widgets::{pane, scrolled_text};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let meta = &app.scenario.meta;
    let mut lines = vec![
        // Players may be watching: the briefing only. The summary (which
        // may say what the exercise will reveal) is in the facilitator's
        // console behind `T`.
        Line::styled(meta.title.clone(), theme.title),
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
    let [text, session] = Layout::vertical([Constraint::Min(3), Constraint::Length(5)]).areas(area);
    let max = scrolled_text(
        frame,
        text,
        lines,
        app.scroll,
        pane("Scenario", true, theme),
        theme,
    );
    app.scroll_limit.set(max);
    let session_lines = vec![
        Line::from(vec![
            Span::styled("Clock: ", theme.title),
            Span::raw(format!("{} (m switches)", app.clock.mode.label())),
            Span::styled("  Length: ", theme.title),
            Span::raw(duration(meta.duration)),
            Span::styled("  Seed: ", theme.title),
            Span::raw(app.seed.to_string()),
        ]),
        Line::from(vec![
            Span::styled("Journal: ", theme.title),
            Span::raw(app.journal.display().to_string()),
        ]),
        Line::from(vec![
            Span::raw("Press "),
            Span::styled("Enter", theme.key),
            Span::raw(" to start the exercise as the facilitator."),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(session_lines).block(pane("Session", false, theme)),
        session,
    );
}
