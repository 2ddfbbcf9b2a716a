//! The room screen, made to be projected: the clock and its pace, the
//! escalation ladder, how long each team has for its open decisions, and
//! the public channels' headlines as they land. Drawn from the engine's
//! `RoomView` only — never a team's traffic, options or scores — and, once
//! the exercise is over, the reveal for everyone.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use sitroom_engine::RoomView;
use sitroom_record::{Record, words};
use sitroom_scenario::Scenario;

use crate::text::{duration, tick, tick_col};
use crate::theme::Theme;
use crate::widgets::{WARN_MINUTES, escalation_line, pane, scrolled_text};

/// How the clock runs, as the room is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    pub realtime: bool,
    pub paused: bool,
    pub speed: u32,
}

impl Pace {
    pub fn label(self) -> String {
        match (self.realtime, self.paused) {
            (false, _) => "turn-based".to_string(),
            (true, true) => format!("⏸ paused ×{}", self.speed),
            (true, false) => format!("▶ running ×{}", self.speed),
        }
    }
}

/// Draws the room screen; returns the largest useful scroll offset (the
/// headlines or, at the end, the reveal scroll).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    room: &RoomView,
    pace: Option<Pace>,
    reveal: Option<(&Scenario, &Record)>,
    scroll: u16,
    theme: &Theme,
) -> u16 {
    if let Some((sc, record)) = reveal {
        let lines = crate::screens::reveal::reveal_of(sc, record, None, theme);
        let block = pane("After the exercise", true, theme);
        return scrolled_text(frame, area, lines, scroll, block, theme);
    }
    let cols = area.width as usize;
    let [clock, ladder, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let state = pace.map_or_else(String::new, |p| format!("  {}", p.label()));
    let outcome = room
        .outcome
        .as_ref()
        .map(|o| format!("  {} at {}", words::outcome_title(o), tick(o.at)));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("{}  {}", tick(room.now), room.clock), theme.title),
            Span::raw(outcome.unwrap_or(state)),
        ])),
        clock,
    );
    frame.render_widget(escalation_line(&room.escalation, cols, theme), ladder);
    let countdown_rows = u16::try_from(room.countdowns.len().max(1) + 2).unwrap_or(u16::MAX);
    let [countdowns, headlines] = Layout::vertical([
        Constraint::Length(countdown_rows.min(rest.height / 2).max(3)),
        Constraint::Min(1),
    ])
    .areas(rest);
    let mut lines = Vec::new();
    for c in &room.countdowns {
        let left = c.deadline_at.saturating_sub(room.now);
        let style = if left <= WARN_MINUTES {
            theme.warn
        } else {
            theme.text
        };
        lines.push(Line::styled(
            format!(
                "{} — {} open decision{} · {} left (until {})",
                c.name,
                c.open,
                if c.open == 1 { "" } else { "s" },
                duration(left),
                tick(c.deadline_at)
            ),
            style,
        ));
    }
    if lines.is_empty() {
        lines.push(Line::styled("No team has a decision open.", theme.dim));
    }
    scrolled_text(
        frame,
        countdowns,
        lines,
        0,
        pane("Decisions open", false, theme),
        theme,
    );
    let mut lines = Vec::new();
    for h in room.headlines.iter().rev() {
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{} {} · {} ",
                    tick_col(h.at, room.duration),
                    h.channel.label(),
                    h.from
                ),
                theme.dim,
            ),
            Span::raw(h.title.clone()),
        ]));
    }
    if lines.is_empty() {
        lines.push(Line::styled("No news yet.", theme.dim));
    }
    scrolled_text(
        frame,
        headlines,
        lines,
        scroll,
        pane("Headlines (newest first)", true, theme),
        theme,
    )
}
