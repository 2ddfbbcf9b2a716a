//! Pieces every screen shares, as plain functions from engine data to
//! `Line`s of a given width. Each marks meaning with a symbol or a word
//! (● unread, ▲ held, `!` due soon, P/S/M/U) and only adds colour on top.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders};
use sitroom_engine::{
    CaseView, DyadView, FeedItem, InjectState, InjectStatus, OpenDecision, RungView, VariableView,
};
use sitroom_norms::{Grade, Score};
use sitroom_scenario::{Channel, Minutes, Rung};

use crate::text::{bar, duration, ellipsize, fit, percent, prefix, tick, tick_col, width};
use crate::theme::Theme;

/// A bordered pane; the focused one has a heavy border and a `▸` in its title.
pub fn pane(title: &str, focused: bool, theme: &Theme) -> Block<'static> {
    let (style, mark, kind) = if focused {
        (theme.focus_border, "▸ ", BorderType::Thick)
    } else {
        (theme.border, "", BorderType::Plain)
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(kind)
        .border_style(style)
        .title(Line::from(vec![Span::styled(
            format!(" {mark}{title} "),
            theme.title,
        )]))
}

/// A pane whose title is cut with an ellipsis to fit `area`'s top border.
pub fn pane_in(title: &str, focused: bool, area: Rect, theme: &Theme) -> Block<'static> {
    // Two corners, two spaces around the title and the focus mark.
    let room = (area.width as usize).saturating_sub(if focused { 6 } else { 4 });
    pane(&ellipsize(title, room), focused, theme)
}

/// Renders wrapped text in a pane, scrolled by `scroll` rows (clamped to
/// the end of the text), with `↑ more` / `↓ more` in the border when text
/// lies beyond the view. Returns the largest useful scroll offset.
pub fn scrolled_text(
    frame: &mut ratatui::Frame,
    area: Rect,
    lines: Vec<Line<'static>>,
    scroll: u16,
    block: Block<'static>,
    theme: &Theme,
) -> u16 {
    use ratatui::widgets::{Paragraph, Wrap};
    let inner = block.inner(area);
    let para = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = para.line_count(inner.width);
    let max = u16::try_from(total.saturating_sub(inner.height as usize)).unwrap_or(u16::MAX);
    let scroll = scroll.min(max);
    let mut block = block;
    if scroll > 0 {
        block = block.title_bottom(Line::styled(" ↑ more ", theme.key).left_aligned());
    }
    if scroll < max {
        block = block.title_bottom(Line::styled(" ↓ more ", theme.key).right_aligned());
    }
    frame.render_widget(para.scroll((scroll, 0)).block(block), area);
    max
}

/// A `w`×`h` rectangle centred in `area` (clamped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A short tag for a channel, for narrow lists.
pub fn channel_tag(channel: Channel) -> &'static str {
    match channel {
        Channel::IntelligenceReport => "intel",
        Channel::TechnicalAlert => "alert",
        Channel::DiplomaticCable => "cable",
        Channel::News => "news",
        Channel::SocialMedia => "social",
        Channel::PhoneCall => "call",
        Channel::PartnerRequest => "request",
        Channel::Briefing => "brief",
    }
}

/// The clock: `T+045 08:45 / 4h00`.
pub fn clock_text(now: Minutes, clock: &str, total: Minutes) -> String {
    if clock.is_empty() {
        format!("{} / {}", tick(now), duration(total))
    } else {
        format!("{} {clock} / {}", tick(now), duration(total))
    }
}

/// How long until a deadline, with `!` when it is close: `in 12m !`.
pub fn due_text(now: Minutes, deadline: Minutes) -> (String, bool) {
    let left = deadline.saturating_sub(now);
    let urgent = left <= WARN_MINUTES;
    (
        format!(
            "{} · {} left{}",
            tick(deadline),
            duration(left),
            if urgent { " !" } else { "" }
        ),
        urgent,
    )
}

/// The escalation rung on one line:
/// `Escalation ▰▰▰▱▱▱ rung 3/6 · Public attribution`, the one form the
/// UI uses (the ladder numbers its rungs the same way).
pub fn escalation_line(rung: &RungView, cols: usize, theme: &Theme) -> Line<'static> {
    gauge_line("Escalation", theme.title, rung, cols, theme)
}

/// One dyad seen from `actor` (one of the pair), in the escalation line's
/// form: `  with Orvania ▰▰▰▱▱▱▱▱ rung 3/8 · Private pressure`.
pub fn dyad_line(dyad: &DyadView, actor: &str, cols: usize, theme: &Theme) -> Line<'static> {
    let label = format!("  with {}", dyad.other_name(actor));
    gauge_line(&label, theme.text, &dyad.rung, cols, theme)
}

/// One dyad for the facilitator, on two lines: the pair, then its gauge.
pub fn dyad_lines(dyad: &DyadView, cols: usize, theme: &Theme) -> [Line<'static>; 2] {
    let pair = fit(&format!("{} – {}", dyad.names.0, dyad.names.1), cols);
    [
        Line::styled(pair, theme.text),
        gauge_line(" ", theme.text, &dyad.rung, cols, theme),
    ]
}

fn gauge_line(
    label: &str,
    label_style: Style,
    rung: &RungView,
    cols: usize,
    theme: &Theme,
) -> Line<'static> {
    let of = rung.of.max(1);
    let pos = sitroom_record::words::rung_number(rung.index).min(of);
    let mut gauge = String::new();
    gauge.extend(std::iter::repeat_n('▰', pos));
    gauge.extend(std::iter::repeat_n('▱', of - pos));
    let label = format!("{} ", ellipsize(label, cols / 2));
    let head = format!("{label}{gauge} rung {pos}/{of} · ");
    let rest = cols.saturating_sub(width(&head));
    let style = if pos * 2 > of {
        theme.alert
    } else {
        theme.text
    };
    Line::from(vec![
        Span::styled(label, label_style),
        Span::styled(gauge, style),
        Span::raw(format!(" rung {pos}/{of} · ")),
        Span::styled(ellipsize(&rung.name, rest).into_owned(), style),
    ])
}

/// The whole ladder, highest rung first, with `▶` at the current one.
pub fn escalation_ladder(
    rungs: &[Rung],
    current: &RungView,
    cols: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    rungs
        .iter()
        .enumerate()
        .rev()
        .map(|(i, r)| {
            let here = i == current.index;
            let mark = if here {
                "▶"
            } else if i < current.index {
                "▮"
            } else {
                "·"
            };
            let text = fit(
                &format!(
                    "{mark} rung {}/{} · {}",
                    sitroom_record::words::rung_number(i),
                    rungs.len(),
                    r.name
                ),
                cols,
            );
            Line::styled(text, if here { theme.alert } else { theme.text })
        })
        .collect()
}

/// Variables as `name  ███░░ 3/10` rows.
pub fn variable_lines(vars: &[VariableView], cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let name_cols = (cols / 2).clamp(4, 24);
    vars.iter()
        .map(|v| {
            let span = (v.max - v.min).max(1) as f64;
            let frac = f64::from(v.value - v.min) / span;
            let nums = format!(" {}/{}", v.value, v.max);
            let bar_cols = cols.saturating_sub(name_cols + 1 + width(&nums)).min(12);
            Line::from(vec![
                Span::raw(fit(&v.name, name_cols)),
                Span::raw(" "),
                Span::styled(bar(frac, bar_cols), theme.accent),
                Span::raw(nums),
            ])
        })
        .collect()
}

/// A team's stated judgement as one indented line: when, how likely,
/// whom; the confidence in a sentence of its own (ICD 203).
pub fn stated_line(a: &sitroom_engine::AssessmentView) -> String {
    format!(
        "    {}: {} that {} did it. {} confidence.",
        tick(a.at),
        a.likelihood.it_is(),
        a.name,
        sitroom_record::words::capitalised(&a.confidence.to_string())
    )
}

/// A team's own judgements under its board (or, when the board is hidden,
/// the cases it can judge with the evidence seen on each): likelihood and
/// confidence in separate sentences, as ICD 203 writes them.
pub fn judgement_lines(
    tv: &sitroom_engine::TeamView,
    cols: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if tv.cases.is_empty() {
        if !tv.board {
            out.push(Line::styled(
                "No attribution case yet: none has reached this team.",
                theme.dim,
            ));
        }
        return out;
    }
    if tv.board {
        out.push(Line::raw(""));
    } else {
        out.push(Line::styled(
            fit("The estimates are hidden: judge from the evidence.", cols),
            theme.dim,
        ));
    }
    out.push(Line::styled(
        fit("Your judgement (a to state it)", cols),
        theme.title,
    ));
    for c in &tv.cases {
        if !tv.board {
            out.push(Line::raw(ellipsize(&c.incident, cols).into_owned()));
            out.push(Line::styled(
                fit(&format!("  {} item(s) of evidence seen", c.evidence), cols),
                theme.dim,
            ));
        }
        match tv.assessments.iter().find(|a| a.case == c.case) {
            Some(a) => {
                if tv.board {
                    out.push(Line::raw(format!(
                        "  {}",
                        ellipsize(&c.incident, cols.saturating_sub(2))
                    )));
                }
                out.push(Line::raw(fit(&stated_line(a), cols)));
            }
            None if tv.board => out.push(Line::styled(
                fit(&format!("  not judged yet: {}", c.incident), cols),
                theme.dim,
            )),
            None => out.push(Line::styled("  not judged yet", theme.dim)),
        }
    }
    out
}

/// The attribution board: per case, each suspect with a probability bar,
/// the percentage, the estimative term, and the case's confidence.
pub fn board_lines(cases: &[CaseView], cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if cases.is_empty() {
        out.push(Line::styled(
            "No attribution case yet: none has reached this team.",
            theme.dim,
        ));
    }
    for case in cases {
        out.push(Line::styled(
            ellipsize(&case.incident, cols).into_owned(),
            theme.title,
        ));
        out.push(Line::styled(
            fit(
                &format!(
                    "  confidence: {} · {} item(s) of evidence",
                    confidence_word(case.confidence),
                    case.evidence
                ),
                cols,
            ),
            theme.dim,
        ));
        let name_cols = if cols < 60 { cols / 4 } else { cols / 3 }.clamp(6, 22);
        let term_cols = case
            .suspects
            .iter()
            .map(|s| width(&s.term))
            .max()
            .unwrap_or(0);
        // One bar width per case so that the bars line up.
        let bar_cols = cols
            .saturating_sub(2 + name_cols + 1 + 6 + term_cols)
            .clamp(2, 20);
        for s in &case.suspects {
            let pct = percent(s.probability);
            // A name longer than its column gets a line of its own rather
            // than being cut ("Orvanian F…"); its bar follows, indented.
            let name = if width(&s.name) > name_cols && cols > 4 {
                out.push(Line::raw(format!("  {}", ellipsize(&s.name, cols - 2))));
                " ".repeat(name_cols)
            } else {
                fit(&s.name, name_cols)
            };
            let line = vec![
                Span::raw("  "),
                Span::raw(name),
                Span::raw(" "),
                Span::styled(bar(s.probability, bar_cols), theme.accent),
                Span::raw(format!(" {pct} ")),
                Span::styled(s.term.to_string(), theme.title),
            ];
            out.push(truncate_line(Line::from(line), cols));
        }
    }
    out
}

/// Cuts a line of spans to `cols` cells, ending in `…` if cut.
pub fn truncate_line(line: Line<'static>, cols: usize) -> Line<'static> {
    if line.width() <= cols {
        return line;
    }
    let mut left = cols.saturating_sub(1);
    let mut spans = Vec::new();
    for span in line.spans {
        if left == 0 {
            break;
        }
        let w = span.width();
        if w <= left {
            left -= w;
            spans.push(span);
        } else {
            spans.push(Span::styled(
                prefix(&span.content, left).to_string(),
                span.style,
            ));
            break;
        }
    }
    if cols > 0 {
        spans.push(Span::raw("…"));
    }
    Line::from(spans).style(line.style)
}

/// One inbox row: `▶ ● T+010 cable  Title…` (`●` unread, `▶` selected).
pub fn inbox_row(
    item: &FeedItem,
    span: Minutes,
    unread: bool,
    selected: bool,
    cols: usize,
    theme: &Theme,
) -> Line<'static> {
    let mark = if selected { "▶" } else { " " };
    let dot = if unread { "●" } else { " " };
    let decision = if item.decision.is_some() { "◆" } else { " " };
    // Narrow inboxes drop the channel tag; the message header names it.
    let head = if cols >= 40 {
        format!(
            "{mark}{dot}{decision} {} {:<7} ",
            tick_col(item.at, span),
            channel_tag(item.channel)
        )
    } else {
        format!("{mark}{dot}{decision} {} ", tick_col(item.at, span))
    };
    let title_cols = cols.saturating_sub(width(&head));
    let text = format!("{head}{}", fit(&item.title, title_cols));
    let style = if selected {
        theme.selected
    } else if unread {
        theme.title
    } else {
        theme.text
    };
    Line::styled(fit(&text, cols), style)
}

/// One row of the inject timeline: state symbol, when, title.
pub fn inject_row(
    inj: &InjectStatus,
    span: Minutes,
    selected: bool,
    cols: usize,
    theme: &Theme,
) -> Line<'static> {
    let (sym, when, style) = match &inj.state {
        InjectState::Released { at } => ("●", tick_col(*at, span), theme.text),
        InjectState::Pending { due: Some(due) } => {
            ("○", format!("due {}", tick_col(*due, span)), theme.dim)
        }
        InjectState::Pending { due: None } => ("○", "manual".to_string(), theme.dim),
        InjectState::Held => ("▲", "[HELD]".to_string(), theme.warn),
        InjectState::Cancelled => ("✕", "cancelled".to_string(), theme.dim),
    };
    let mark = if selected { "▶" } else { " " };
    // As wide as "due" and the widest minute, and at least "cancelled".
    let w = (tick_col(0, span).chars().count() + 4).max(11);
    let text = format!("{mark}{sym} {when:<w$} {}", inj.title);
    Line::styled(
        fit(&text, cols),
        if selected { theme.selected } else { style },
    )
}

/// One open decision: title, who still decides, time left.
pub fn decision_row(
    d: &OpenDecision,
    now: Minutes,
    selected: bool,
    cols: usize,
    theme: &Theme,
) -> Line<'static> {
    let (due, urgent) = due_text(now, d.deadline_at);
    let mark = if selected { "▶" } else { " " };
    let head = format!("{mark}◆ ");
    let tail = format!(" {due}");
    let title_cols = cols.saturating_sub(width(&head) + width(&tail));
    let style = if selected {
        theme.selected
    } else if urgent {
        theme.warn
    } else {
        theme.text
    };
    Line::styled(
        fit(&format!("{head}{}{tail}", fit(&d.title, title_cols)), cols),
        style,
    )
}

/// A grade as a letter with its meaning, for tables: `P`, `S`, `M`, `U`.
pub fn grade_style(grade: Grade, theme: &Theme) -> Style {
    match grade {
        Grade::P | Grade::S => theme.good,
        Grade::M => theme.warn,
        Grade::U => theme.alert,
    }
}

/// A decision's score on one line: `T+030 team  title → option   P 88`,
/// `what` being the decision's title and the option's label.
pub fn score_row(
    score: &Score,
    span: Minutes,
    team_name: &str,
    what: &str,
    selected: bool,
    cols: usize,
    theme: &Theme,
) -> Line<'static> {
    let mark = if selected { "▶" } else { " " };
    let verdict = score_verdict(score);
    let head = format!("{mark}{} {} ", tick_col(score.at, span), fit(team_name, 14));
    let what_cols = cols.saturating_sub(width(&head) + width(&verdict) + 1);
    let text = format!("{head}{} {verdict}", fit(what, what_cols));
    let style = if selected { theme.selected } else { theme.text };
    Line::styled(fit(&text, cols), style)
}

/// `P 88`, `unscored` or `S 64 (default)` for a score.
pub fn score_verdict(score: &Score) -> String {
    // The norms crate's weighted figure, the same the scorecard uses.
    let Some((grade, mean)) = score.overall() else {
        return "unscored".to_string();
    };
    let default = if score.defaulted { " (default)" } else { "" };
    format!("{grade} {mean:>3}{default}")
}

/// Each evaluation of a score: `P  88 proportionality — reason (source)`.
pub fn evaluation_lines(score: &Score, theme: &Theme) -> Vec<Line<'static>> {
    if score.evaluations.is_empty() {
        return vec![Line::styled(
            "Unscored: no norm in this scenario applies to this option.",
            theme.dim,
        )];
    }
    score
        .evaluations
        .iter()
        .map(|e| {
            Line::from(vec![
                Span::styled(
                    format!("{} {:>3} ", e.grade, e.score),
                    grade_style(e.grade, theme),
                ),
                Span::styled(format!("{} — ", e.norm), theme.title),
                Span::raw(format!("{} ({})", e.reason, e.source)),
            ])
        })
        .collect()
}

/// What a scorecard counts and what it leaves out: "3 decisions, 1 by
/// default · 2 lapsed, 1 voided (not scored)". Lapses and voids are never
/// silently missing from a team's tally.
pub fn card_tally(card: &sitroom_norms::Scorecard, lapsed: usize, voided: usize) -> String {
    let plural = |n: usize, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    let mut text = format!(
        "{}, {} by default",
        plural(card.decisions, "decision"),
        card.defaulted
    );
    if lapsed + voided > 0 {
        text.push_str(&format!(
            " · {lapsed} lapsed (failures to act), {voided} voided (not scored)"
        ));
    }
    text
}

/// Deadlines closer than this are flagged `!` (and coloured).
pub const WARN_MINUTES: Minutes = 10;

/// Whether a log pane lists the event: belief moves are shown by the
/// attribution board, not as lines (each follows its evidence line).
pub fn listed(e: &sitroom_engine::LogEntry) -> bool {
    e.kind() != sitroom_engine::LogKind::Belief
}

pub fn confidence_word(c: sitroom_engine::Confidence) -> &'static str {
    match c {
        sitroom_engine::Confidence::Low => "low",
        sitroom_engine::Confidence::Moderate => "moderate",
        sitroom_engine::Confidence::High => "high",
    }
}

/// A key-hint bar: `n next event · a advance · ? help`.
pub fn hint_line(hints: &[(String, &'static str)], cols: usize, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    for (i, (key, word)) in hints.iter().enumerate() {
        let sep = if i == 0 { " " } else { " · " };
        let w = width(sep) + width(key) + 1 + width(word);
        if used + w > cols {
            break;
        }
        used += w;
        spans.push(Span::raw(sep));
        spans.push(Span::styled(key.clone(), theme.key));
        spans.push(Span::raw(format!(" {word}")));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Color;
    use ratatui::widgets::Widget;
    use sitroom_engine::{
        CaseView, Confidence, FeedItem, InjectState, InjectStatus, OpenDecision, RungView,
        SuspectView,
    };
    use sitroom_scenario::Channel;

    use super::*;

    fn render(line: Line<'static>, w: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, w, 1));
        line.render(buf.area, &mut buf);
        buf
    }

    fn rung(index: usize, of: usize, name: &str) -> RungView {
        RungView {
            level: index as i32,
            name: name.to_string(),
            index,
            of,
        }
    }

    /// The cells of a one-row buffer as text.
    fn cells(buf: &Buffer) -> String {
        (0..buf.area.width)
            .map(|x| buf[(x, 0)].symbol().to_string())
            .collect()
    }

    #[test]
    fn escalation_line_counts_rungs_and_cuts_the_name() {
        let plain = Theme::plain();
        let line = escalation_line(&rung(2, 5, "Public attribution"), 48, &plain);
        assert_eq!(
            cells(&render(line, 48)),
            "Escalation ▰▰▰▱▱ rung 3/5 · Public attribution  "
        );
        let line = escalation_line(&rung(2, 5, "Public attribution"), 35, &plain);
        assert_eq!(
            cells(&render(line, 35)),
            "Escalation ▰▰▰▱▱ rung 3/5 · Public…"
        );
        // Past the middle of the ladder the rung is styled as an alert, on top of the count.
        let line = escalation_line(&rung(3, 5, "Sanctions"), 40, &Theme::colored());
        assert_eq!(line.spans[1].style.fg, Some(Color::Red));
    }

    fn item(title: &str, decision: bool) -> FeedItem {
        FeedItem {
            inject: "i".into(),
            at: 5,
            title: title.into(),
            channel: Channel::DiplomaticCable,
            from: "Embassy".into(),
            text: "text".into(),
            decision: decision.then(|| "i".to_string()),
        }
    }

    #[test]
    fn inbox_rows_mark_selection_unread_and_decisions_with_symbols() {
        let t = Theme::plain();
        let row = inbox_row(
            &item("Cable from the embassy", true),
            240,
            true,
            true,
            44,
            &t,
        );
        assert_eq!(row.style, t.selected);
        assert_eq!(
            cells(&render(row, 44)),
            "▶●◆ T+005 cable   Cable from the embassy    "
        );
        let narrow = inbox_row(
            &item("Cable from the embassy", false),
            240,
            false,
            false,
            24,
            &t,
        );
        assert_eq!(cells(&render(narrow, 24)), "    T+005 Cable from th…");
    }

    #[test]
    fn inject_rows_say_their_state_in_words_and_symbols() {
        let t = Theme::plain();
        let inj = |state| InjectStatus {
            inject: "x".into(),
            title: "Press leak".into(),
            state,
        };
        assert_eq!(
            render(inject_row(&inj(InjectState::Held), 240, false, 30, &t), 30),
            Buffer::with_lines([" ▲ [HELD]      Press leak     "])
        );
        assert_eq!(
            render(
                inject_row(
                    &inj(InjectState::Pending { due: Some(40) }),
                    240,
                    false,
                    30,
                    &t
                ),
                30
            ),
            Buffer::with_lines([" ○ due T+040   Press leak     "])
        );
        assert_eq!(
            render(
                inject_row(&inj(InjectState::Released { at: 3 }), 240, false, 30, &t),
                30
            ),
            Buffer::with_lines([" ● T+003       Press leak     "])
        );
        assert_eq!(
            render(
                inject_row(&inj(InjectState::Cancelled), 240, false, 30, &t),
                30
            ),
            Buffer::with_lines([" ✕ cancelled   Press leak     "])
        );
    }

    fn open(deadline_at: u32) -> OpenDecision {
        OpenDecision {
            decision: "d".into(),
            title: "Respond to the leak".into(),
            prompt: "p".into(),
            teams: vec!["mfa".into()],
            opened_at: 0,
            deadline_at,
            options: Vec::new(),
            default: None,
        }
    }

    #[test]
    fn urgent_decisions_carry_a_bang_and_the_warning_colour() {
        let c = Theme::colored();
        let calm = decision_row(&open(60), 10, false, 50, &c);
        let urgent = decision_row(&open(15), 10, false, 50, &c);
        assert!(!calm.spans.iter().any(|s| s.content.contains('!')));
        assert!(urgent.spans.iter().any(|s| s.content.contains("5m left !")));
        assert_eq!(urgent.style.fg, Some(Color::Yellow));
        assert_eq!(calm.style.fg, None);
    }

    #[test]
    fn board_bars_line_up_and_name_the_estimative_term() {
        let case = CaseView {
            case: "c".into(),
            incident: "Cable cut".into(),
            suspects: vec![
                SuspectView {
                    actor: "a".into(),
                    name: "Corvania".into(),
                    probability: 0.72,
                    term: "likely".into(),
                },
                SuspectView {
                    actor: "b".into(),
                    name: "Grey Heron".into(),
                    probability: 0.16,
                    term: "very unlikely".into(),
                },
            ],
            confidence: Confidence::Low,
            evidence: 1,
        };
        let lines = board_lines(&[case], 50, &Theme::plain());
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text[0], "Cable cut");
        assert!(text[1].contains("confidence: low"));
        assert!(text[2].ends_with(" 72% likely"), "{}", text[2]);
        assert!(text[3].ends_with(" 16% very unlikely"), "{}", text[3]);
        // Bars start and end in the same columns.
        let bar_start = |s: &str| s.chars().position(|c| c == '█' || c == '░');
        assert_eq!(bar_start(&text[2]), bar_start(&text[3]));
        let percent_at = |s: &str| s.chars().position(|c| c == '%');
        assert_eq!(percent_at(&text[2]), percent_at(&text[3]));
        assert!(text.iter().all(|l| width(l) <= 50));
    }

    #[test]
    fn truncate_line_marks_the_cut() {
        let line = Line::from(vec![Span::raw("abc"), Span::raw("defgh")]);
        assert_eq!(truncate_line(line.clone(), 8).to_string(), "abcdefgh");
        assert_eq!(truncate_line(line.clone(), 6).to_string(), "abcde…");
        assert_eq!(truncate_line(line, 4).to_string(), "abc…");
    }
}
