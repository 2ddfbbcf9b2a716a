use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, Seat};
use crate::theme::Theme;
use crate::widgets::{centered, pane};

/// Names who is to sit down next, and nothing of anyone's view.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, seat: &Seat, theme: &Theme) {
    let who = match seat {
        Seat::Facilitator | Seat::Reviewer | Seat::Room => "the facilitator".to_string(),
        Seat::Team(team) => app
            .scenario
            .teams
            .iter()
            .find(|t| &t.id == team)
            .map_or_else(|| team.clone(), |t| t.name.clone()),
    };
    let lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::raw("Pass the keyboard to "),
            Span::styled(who, theme.title),
            Span::raw("."),
        ]),
        Line::raw(""),
        Line::from(vec![
            Span::raw("Press "),
            Span::styled("Enter", theme.key),
            Span::raw(" when ready."),
        ]),
    ];
    let rect = centered(area, area.width.saturating_sub(4).min(60), 8);
    let para = Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    frame.render_widget(para.block(pane("Hand-over", true, theme)), rect);
}
