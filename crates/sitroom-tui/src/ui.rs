//! Drawing the play screens: the chrome every screen shares (title bar,
//! key-hint bar, overlays) and the dispatch to one module per screen.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::action::Action;
use crate::app::{App, ClockMode, Confirm, Notice, Overlay, Prompt, PromptKind, Screen};
use crate::keymap::{Mode, help_rows, hints};
use crate::screens;
use crate::text::{fit, width};
use crate::theme::Theme;
use crate::widgets::{centered, clock_text, hint_line, pane, pane_in};

/// Draws the whole play UI for the app's state.
pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(title_bar(app, top.width as usize, theme), top);
    match &app.screen {
        Screen::Start => screens::start::draw(frame, body, app, theme),
        Screen::Facilitator => screens::facilitator::draw(frame, body, app, theme),
        Screen::Handover(seat) => screens::handover::draw(frame, body, app, seat, theme),
        Screen::Team(team) => screens::team::draw(frame, body, app, team, theme),
        Screen::Reveal => screens::reveal::draw(frame, body, app, theme),
        Screen::Room => match &app.room {
            Some(room) => {
                let pace = screens::room::Pace {
                    realtime: app.clock.mode == ClockMode::Realtime,
                    paused: app.clock.paused,
                    speed: app.clock.factor(),
                };
                let limit =
                    screens::room::draw(frame, body, room, Some(pace), None, app.scroll, theme);
                app.scroll_limit.set(limit);
            }
            None => frame.render_widget(ratatui::widgets::Paragraph::new("No room view."), body),
        },
    }
    frame.render_widget(bottom_bar(app, bottom.width as usize, theme), bottom);
    match &app.overlay {
        Some(Overlay::Help) => help_overlay(frame, area, app.screen_mode(), theme),
        Some(Overlay::Confirm(what)) => confirm_overlay(frame, body, app, what, theme),
        Some(Overlay::Prompt(prompt)) => prompt_overlay(frame, body, prompt, theme),
        Some(Overlay::Notice(notice)) => notice_overlay(frame, body, notice, theme),
        Some(Overlay::Void { about, .. }) => void_overlay(frame, body, about, theme),
        Some(Overlay::Notes { row }) => notes_overlay(frame, body, app, *row, theme),
        Some(Overlay::Write(draft)) => crate::write::draw(frame, body, &app.scenario, draft, theme),
        Some(Overlay::Preview { inject, scroll }) => {
            let limit = crate::screens::preview::draw(frame, body, app, inject, *scroll, theme);
            app.scroll_limit.set(limit);
        }
        None => {}
    }
}

/// Who is at the keyboard; the hand-over screen names nobody's view.
fn seat_label(app: &App) -> String {
    match &app.screen {
        Screen::Start => "START".to_string(),
        Screen::Facilitator if app.observer => "OBSERVER".to_string(),
        Screen::Facilitator => "FACILITATOR".to_string(),
        Screen::Handover(_) => "HAND-OVER".to_string(),
        Screen::Team(team) => {
            let name = app
                .team_view(team)
                .map_or(team.as_str(), |tv| tv.name.as_str());
            format!("TEAM {name}")
        }
        Screen::Reveal => "REVEAL".to_string(),
        Screen::Room => "ROOM".to_string(),
    }
}

fn clock_state(app: &App) -> String {
    if app.view.outcome.is_some() {
        return "ended".to_string();
    }
    match app.clock.mode {
        ClockMode::Turns => "turn-based".to_string(),
        ClockMode::Realtime if app.clock.paused => format!("⏸ paused ×{}", app.clock.factor()),
        ClockMode::Realtime if app.auto_pause && app.held_by_auto_pause() => {
            format!("⏸ auto-paused ×{}", app.clock.factor())
        }
        ClockMode::Realtime if app.auto_pause => {
            format!("▶ running ×{} (auto-pause)", app.clock.factor())
        }
        ClockMode::Realtime => format!("▶ running ×{}", app.clock.factor()),
    }
}

/// The title bar: seat, scenario title, clock and clock state. When it
/// does not fit, the lower-priority parts give way first: the date and
/// duration of the clock, then the title, and only then is the seat cut
/// (with `…`); the screen name's start and `T+NNN` always stay.
/// Fewer cells of scenario title than this say nothing: blank instead.
const MIN_TITLE: usize = 12;

fn title_bar(app: &App, cols: usize, theme: &Theme) -> Line<'static> {
    let seat_full = seat_label(app);
    let state = clock_state(app);
    let now = crate::text::tick(app.view.now);
    let full = clock_text(app.view.now, &app.view.clock, app.scenario.meta.duration);
    let candidates = [
        format!(" {full} │ {state} "),
        format!(" {now} │ {state} "),
        format!(" {now} "),
    ];
    // The seat keeps at least this much (with its ellipsis) before the
    // clock gives up its date or state.
    let seat_min = (width(&seat_full) + 2).min(12);
    let fits = |right: &String, seat: usize| width(right) + seat <= cols;
    let seat_whole = width(&seat_full) + 2 + 1;
    // The title counts for more than the clock's date, the clock's state
    // (paused, running) for more than the title.
    let right = candidates[..2]
        .iter()
        .find(|r| fits(r, seat_whole + MIN_TITLE))
        .or_else(|| candidates.iter().find(|r| fits(r, seat_whole)))
        .or_else(|| candidates.iter().find(|r| fits(r, seat_min)))
        .or(candidates.last())
        .cloned()
        .unwrap_or_default();
    let seat_cols = (width(&seat_full) + 2).min(cols.saturating_sub(width(&right) + 1));
    let seat = format!(
        " {}",
        crate::text::ellipsize(&seat_full, seat_cols.saturating_sub(2))
    );
    let seat = fit(&seat, seat_cols);
    let middle = cols.saturating_sub(width(&seat) + width(&right) + 1);
    let title = if middle >= MIN_TITLE {
        fit(&app.scenario.meta.title, middle)
    } else {
        " ".repeat(middle)
    };
    let line = Line::from(vec![
        Span::styled(seat, theme.selected),
        Span::raw(" "),
        Span::styled(title, theme.title),
        Span::raw(right),
    ]);
    crate::widgets::truncate_line(line, cols)
}

/// The hints shown in the bottom bar per mode.
fn short_hints(mode: Mode) -> &'static [Action] {
    match mode {
        Mode::Start => &[
            Action::Select,
            Action::ToggleMode,
            Action::Help,
            Action::Quit,
        ],
        Mode::Facilitator => &[
            Action::AdvanceNext,
            Action::AdvanceStep,
            Action::TogglePause,
            Action::Teams,
            Action::NextPane,
            Action::Help,
            Action::Quit,
        ],
        Mode::Handover => &[Action::Select, Action::Help],
        Mode::Team => &[Action::NextPane, Action::Decide, Action::Back, Action::Help],
        Mode::Seat => &[Action::NextPane, Action::Decide, Action::Help, Action::Quit],
        Mode::Room => &[Action::Help, Action::Quit],
        Mode::Preview => &[Action::Release, Action::Back],
        Mode::Notes => &[Action::EditNote, Action::DeleteNote, Action::Back],
        Mode::Judge => &[Action::Submit, Action::CursorRight, Action::Back],
        Mode::Write => &[Action::Submit, Action::Back],
        Mode::Form => &[Action::Submit, Action::EditText, Action::Back, Action::Help],
        Mode::FormText => &[Action::EditText],
        Mode::Reveal => &[Action::ToggleTimeline, Action::Help, Action::Quit],
        Mode::Replay => &[
            Action::StepBack,
            Action::StepForward,
            Action::PrevDecision,
            Action::NextDecision,
            Action::GoTo,
            Action::Help,
            Action::Quit,
        ],
        Mode::Prompt => &[Action::Submit, Action::Back],
        Mode::Confirm | Mode::ConfirmDecision => &[Action::Yes, Action::No],
        Mode::Notice => &[Action::Acknowledge],
        Mode::Void => &[Action::VoidReopen, Action::VoidKeep, Action::No],
        Mode::Help => &[Action::Help],
    }
}

/// The bottom bar: the last status message if any, else key hints.
pub fn status_or_hints(
    status: Option<&str>,
    mode: Mode,
    cols: usize,
    theme: &Theme,
) -> Line<'static> {
    match status {
        Some(msg) => Line::styled(fit(&format!(" {msg}"), cols), theme.warn),
        None => hint_line(&hints(mode, short_hints(mode)), cols, theme),
    }
}

fn bottom_bar(app: &App, cols: usize, theme: &Theme) -> Line<'static> {
    let mode = app.mode();
    // Only the seat at the keyboard reads its status (none on a hand-over).
    let status = app.status_text();
    if let Some(msg) = status {
        return Line::styled(fit(&format!(" {msg}"), cols), theme.warn);
    }
    // Space says what it will do: nothing in turns, resume when paused.
    let keys: Vec<(String, &'static str)> = hints(mode, short_hints(mode))
        .into_iter()
        .filter_map(|(key, word)| match (word, app.clock.mode) {
            ("pause", ClockMode::Turns) => None,
            ("pause", ClockMode::Realtime) if app.clock.paused => Some((key, "resume")),
            _ => Some((key, word)),
        })
        .collect();
    hint_line(&keys, cols, theme)
}

/// The help overlay: every key of the screen beneath, from the key table.
pub fn help_overlay(frame: &mut Frame, area: Rect, mode: Mode, theme: &Theme) {
    let rows = help_rows(mode);
    let key_cols = rows
        .iter()
        .map(|(k, _)| width(k))
        .max()
        .unwrap_or(0)
        .min(20);
    // One column if every key fits the height, else two side by side.
    let room = area.height.saturating_sub(2) as usize;
    let columns = if rows.len() <= room { 1 } else { 2 };
    let per_column = rows.len().div_ceil(columns);
    let footer = per_column + 2 <= room;
    let w = if columns == 1 {
        area.width.saturating_sub(4).min(76)
    } else {
        area.width
    };
    let h = (per_column as u16 + 2 + if footer { 2 } else { 0 }).min(area.height);
    let rect = centered(area, w, h);
    let column_cols = (w.saturating_sub(2) as usize) / columns;
    let entry = |(keys, help): &(String, &'static str)| -> Vec<Span<'static>> {
        vec![
            Span::styled(fit(keys, key_cols), theme.key),
            Span::raw("  "),
            Span::raw(fit(help, column_cols.saturating_sub(key_cols + 3))),
            Span::raw(" "),
        ]
    };
    let mut lines: Vec<Line> = (0..per_column)
        .map(|r| {
            let mut spans = Vec::new();
            for c in 0..columns {
                if let Some(row) = rows.get(c * per_column + r) {
                    spans.extend(entry(row));
                }
            }
            Line::from(spans)
        })
        .collect();
    if footer {
        lines.push(Line::raw(""));
        lines.push(Line::styled("? or Esc closes this help", theme.dim));
    }
    let title = format!("Keys — {}", mode.title());
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(pane_in(&title, true, rect, theme)),
        rect,
    );
}

fn confirm_overlay(frame: &mut Frame, area: Rect, app: &App, what: &Confirm, theme: &Theme) {
    let (title, text) = match what {
        Confirm::Quit if app.served => (
            "Leave the console?",
            "The session goes on on the server; join again with the same command to come back.".to_string(),
        ),
        Confirm::Quit => (
            "Quit?",
            format!(
                "Leave the session at {}? Everything so far is in the journal {}; continue later with `sitroom resume`.",
                crate::text::tick(app.view.now),
                app.journal.display()
            ),
        ),
        Confirm::End => (
            "End the exercise?",
            "End the exercise now and go to the reveal?".to_string(),
        ),
        Confirm::Advance { message, .. } => ("Ahead", message.clone()),
        Confirm::Release { message, .. } => ("This release ends the exercise", message.clone()),
        Confirm::OutOfOrder { message, .. } => ("Out of order", message.clone()),
        Confirm::Improvise { message, .. } => ("Release the inject?", message.clone()),
        Confirm::DeleteNote { index, about } => (
            "Withdraw the observation?",
            format!(
                "Withdraw observation {} on {about}? The withdrawal is journaled; the report no longer shows it.",
                index + 1
            ),
        ),
        Confirm::ShowPrivate => (
            "Show facilitator-only information?",
            "Show the ground truth, the scenario's summary and the facilitator notes? Anyone who can see this screen will read them. T hides them again.".to_string(),
        ),
        Confirm::Decide {
            team,
            label,
            rationale,
            ..
        } => return decide_box(frame, area, app.team_name(team), label, rationale, theme),
    };
    confirm_box(frame, area, title, &text, theme);
}

/// Every observation so far, the selected one marked: `e` rewrites it,
/// `D` withdraws it.
fn notes_overlay(frame: &mut Frame, area: Rect, app: &App, row: usize, theme: &Theme) {
    let w = area.width.saturating_sub(4).min(96);
    let mut lines = Vec::new();
    for (i, n) in app.view.notes.iter().enumerate() {
        let rated = n.rating.map(|r| format!(" [{r}]")).unwrap_or_default();
        let head = format!(
            "{} {} {}{rated} · {}",
            if i == row { "▶" } else { " " },
            i + 1,
            crate::text::tick_col(n.at, app.scenario.meta.duration),
            sitroom_record::words::note_about(&app.scenario, n)
        );
        lines.push(Line::styled(
            head,
            if i == row {
                theme.selected
            } else {
                theme.title
            },
        ));
        lines.push(Line::raw(format!("    {}", n.text)));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "e rewrite · D withdraw · Esc close",
        theme.dim,
    ));
    let rect = centered(area, w, area.height);
    frame.render_widget(Clear, rect);
    let block = pane(
        &format!("Observations ({})", app.view.notes.len()),
        true,
        theme,
    );
    crate::widgets::scrolled_text(
        frame,
        rect,
        lines,
        u16::try_from(row.saturating_mul(2))
            .unwrap_or(u16::MAX)
            .saturating_sub(rect.height / 2),
        block,
        theme,
    );
}

/// What a team is about to record; only `y` records it.
pub fn decide_box(
    frame: &mut Frame,
    area: Rect,
    team: &str,
    label: &str,
    rationale: &str,
    theme: &Theme,
) {
    let rationale = rationale.trim();
    let text = format!(
        "Record for {team}: “{label}”.\nRationale: {}\nOnce recorded, only the facilitator can void it.",
        if rationale.is_empty() {
            "(none)"
        } else {
            rationale
        }
    );
    question_box(
        frame,
        area,
        "Record this decision?",
        &text,
        &[("y", "record it"), ("n", "back to the form")],
        theme,
    );
}

pub fn notice_overlay(frame: &mut Frame, area: Rect, notice: &Notice, theme: &Theme) {
    question_box(
        frame,
        area,
        &notice.title,
        &notice.text,
        &[("Enter", "I have read it")],
        theme,
    );
}

fn void_overlay(frame: &mut Frame, area: Rect, about: &str, theme: &Theme) {
    let text = format!(
        "Void {about}? The choice and its score are withdrawn; what it already set in motion stays. The team is shown the decision again if you reopen it."
    );
    question_box(
        frame,
        area,
        "Void a choice taken in error",
        &text,
        &[
            ("r", "reopen for the team"),
            ("k", "keep it closed"),
            ("Esc", "cancel"),
        ],
        theme,
    );
}

/// A yes/no question box.
pub fn confirm_box(frame: &mut Frame, area: Rect, title: &str, text: &str, theme: &Theme) {
    question_box(
        frame,
        area,
        title,
        text,
        &[("y", "yes"), ("n", "no")],
        theme,
    );
}

/// A question with the keys that answer it.
pub fn question_box(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    text: &str,
    keys: &[(&str, &str)],
    theme: &Theme,
) {
    let w = area.width.saturating_sub(4).min(64);
    let mut lines: Vec<Line> = text.lines().map(|l| Line::raw(l.to_string())).collect();
    lines.push(Line::raw(""));
    let mut spans = Vec::new();
    for (i, (key, what)) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("   "));
        }
        spans.push(Span::styled(key.to_string(), theme.key));
        spans.push(Span::raw(format!(" {what}")));
    }
    lines.push(Line::from(spans));
    let para = Paragraph::new(lines).wrap(Wrap { trim: true });
    let rows = u16::try_from(para.line_count(w.saturating_sub(2).max(1))).unwrap_or(u16::MAX);
    // At least 8 rows where there is room; never more than the screen
    // (a `clamp` with a minimum above the screen's height would panic).
    let h = rows.saturating_add(2).max(8).min(area.height.max(1));
    let rect = centered(area, w, h);
    frame.render_widget(Clear, rect);
    frame.render_widget(para.block(pane(title, true, theme)), rect);
}

/// A prompt with its question: one line for numbers and codes (typed
/// blind), several for a note, which may span lines.
pub fn prompt_overlay(frame: &mut Frame, area: Rect, prompt: &Prompt, theme: &Theme) {
    let (title, question) = match &prompt.kind {
        PromptKind::Advance => (
            "Advance".to_string(),
            "Advance by how long, or to when? (30, 2h, 1d2h, 09:30)".to_string(),
        ),
        PromptKind::Deadline {
            title, deadline_at, ..
        } => (
            "Deadline".to_string(),
            format!(
                "Move the deadline of “{title}” (now {}): +30, 2h or 1d2h later, -10 earlier.",
                crate::text::tick(*deadline_at)
            ),
        ),
        PromptKind::Observe {
            about,
            objective,
            norm,
            rating,
            ..
        } => (
            "Observation".to_string(),
            format!(
                "Observation on {about}. Objective (↑/↓): {}. Rating (Tab): {}. Norm rated (Shift+Tab): {}",
                objective.as_deref().unwrap_or("none"),
                rating.map_or("none".to_string(), |r| r.to_string()),
                norm.as_deref().unwrap_or("none")
            ),
        ),
        PromptKind::EditNote { about, rating, .. } => (
            "Rewrite the observation".to_string(),
            format!(
                "Observation on {about}. Rating (Tab): {}",
                rating.map_or("none".to_string(), |r| r.to_string())
            ),
        ),
        PromptKind::GoTo => (
            "Go to".to_string(),
            "Go to when? (90, 2h, 09:30, 2026-10-07 09:30)".to_string(),
        ),
        PromptKind::Note { about, rating, .. } => (
            "Note".to_string(),
            format!(
                "Note on {about}. Rating (Tab): {}",
                rating.map_or("none".to_string(), |r| r.to_string())
            ),
        ),
        PromptKind::SetCode { .. } => (
            "Facilitator code".to_string(),
            format!(
                "Choose a code of at least {} characters. The hand-over back to the console asks for it, so that only you can pass it. It is not shown.",
                crate::app::MIN_CODE
            ),
        ),
        PromptKind::ConfirmCode { .. } => (
            "Facilitator code".to_string(),
            "Type the code again.".to_string(),
        ),
        PromptKind::Code => (
            "Facilitator code".to_string(),
            "Type the facilitator's code.".to_string(),
        ),
    };
    let note = prompt.kind.is_note();
    let w = area.width.saturating_sub(4).min(64);
    let inner_w = w.saturating_sub(2).max(1);
    let text = if prompt.masked() {
        format!("{}▏", "•".repeat(prompt.field.len()))
    } else {
        prompt.field.with_cursor('▏')
    };
    let text_rows: u16 = if note { 5 } else { 1 };
    let question_rows = u16::try_from(
        Paragraph::new(question.clone())
            .wrap(Wrap { trim: true })
            .line_count(inner_w),
    )
    .unwrap_or(1);
    let h = (question_rows + text_rows + 5).min(area.height.max(1));
    let rect = centered(area, w, h);
    frame.render_widget(Clear, rect);
    let block = pane(&title, true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [q, _, field, error, footer] = Layout::vertical([
        Constraint::Length(question_rows),
        Constraint::Length(1),
        Constraint::Length(text_rows),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(question).wrap(Wrap { trim: true }), q);
    // Keep the cursor's line in view.
    let before: String = if prompt.masked() {
        text.clone()
    } else {
        prompt
            .field
            .text()
            .chars()
            .take(prompt.field.cursor())
            .chain(['▏'])
            .collect()
    };
    let field_w = field.width.saturating_sub(2).max(1);
    let upto = u16::try_from(
        Paragraph::new(before)
            .wrap(Wrap { trim: false })
            .line_count(field_w),
    )
    .unwrap_or(u16::MAX);
    let scroll = upto.saturating_sub(field.height);
    let [mark, body] = Layout::horizontal([Constraint::Length(2), Constraint::Min(1)]).areas(field);
    frame.render_widget(Span::styled("> ", theme.key), mark);
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        body,
    );
    if let Some(e) = &prompt.error {
        frame.render_widget(
            Line::styled(fit(e, inner.width as usize), theme.warn),
            error,
        );
    } else if note {
        let room = format!("{} characters left", prompt.field.room());
        frame.render_widget(Line::styled(room, theme.dim), error);
    }
    let keys = if note {
        "Enter saves · Ctrl+J new line · Esc cancels"
    } else {
        "Enter confirms · Esc cancels"
    };
    frame.render_widget(
        Line::styled(fit(keys, inner.width as usize), theme.dim),
        footer,
    );
}
