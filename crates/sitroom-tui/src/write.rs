//! Writing an inject during the session (the console's `W`): the draft, its
//! rows and keys, and the overlay that shows it. The draft is checked by the
//! engine's own rule (`sitroom_engine::improvise::build`) before it is offered
//! for release, so the console refuses exactly what the engine would.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use sitroom_engine::improvise::{self, MAX_OPTIONS};
use sitroom_engine::{ImprovisedDecision, ImprovisedInject, ImprovisedOption, Input};
use sitroom_scenario::{Channel, ResponseKind, Scenario};

use crate::action::Action;
use crate::field::{Field, edit};
use crate::text::fit;
use crate::theme::Theme;
use crate::widgets::{centered, pane};

/// The longest title, sender, question, label or deadline typed here.
const SHORT: usize = 120;
/// The longest inject text or option description typed here.
const LONG: usize = 2000;

/// An option being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionDraft {
    pub label: Field,
    pub description: Field,
    /// 0: no response kind (not scored); `i`: the ladder's `i`-th kind.
    pub kind: usize,
}

impl OptionDraft {
    fn new() -> OptionDraft {
        OptionDraft {
            label: Field::new(SHORT),
            description: Field::new(LONG),
            kind: 0,
        }
    }

    fn is_blank(&self) -> bool {
        self.label.text().trim().is_empty()
            && self.description.text().trim().is_empty()
            && self.kind == 0
    }
}

/// An inject being written on the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub title: Field,
    pub from: Field,
    pub text: Field,
    /// Index into `channels(scenario)`.
    pub channel: usize,
    /// Per scenario team (declaration order): in the audience. None ticked:
    /// every team that sees the channel.
    pub audience: Vec<bool>,
    pub decision: bool,
    pub prompt: Field,
    pub deadline: Field,
    /// The options written so far; the last is always blank, to write the
    /// next one in (up to `MAX_OPTIONS`).
    pub options: Vec<OptionDraft>,
    /// The selected row (an index into `rows()`).
    pub row: usize,
    /// Why the last attempt to release it was refused.
    pub error: Option<String>,
}

/// One row of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Title,
    From,
    Channel,
    Team(usize),
    Text,
    Decision,
    Prompt,
    Deadline,
    Label(usize),
    Description(usize),
    Kind(usize),
}

/// The channels an inject can be written on: those some team sees, in the
/// model's order.
pub fn channels(sc: &Scenario) -> Vec<Channel> {
    Channel::ALL
        .into_iter()
        .filter(|c| sc.teams.iter().any(|t| t.sees_channel(*c)))
        .collect()
}

/// The response kinds offered for an option, least to most escalatory
/// (the norm catalogue's ladder).
fn kinds() -> Vec<(ResponseKind, &'static str)> {
    sitroom_norms::catalogue()
        .responses
        .iter()
        .map(|s| (s.kind, s.label.as_str()))
        .collect()
}

impl Draft {
    pub fn new(sc: &Scenario) -> Draft {
        Draft {
            title: Field::new(SHORT),
            from: Field::new(SHORT),
            text: Field::new(LONG),
            channel: 0,
            audience: vec![false; sc.teams.len()],
            decision: false,
            prompt: Field::new(SHORT),
            deadline: Field::with_text(8, "15"),
            options: vec![OptionDraft::new()],
            row: 0,
            error: None,
        }
    }

    /// The channel chosen.
    fn channel(&self, sc: &Scenario) -> Option<Channel> {
        channels(sc).get(self.channel).copied()
    }

    /// The rows of the form, top to bottom: the audience lists the teams
    /// that see the channel chosen (no other could receive the inject).
    pub fn rows(&self, sc: &Scenario) -> Vec<Row> {
        let mut rows = vec![Row::Title, Row::From, Row::Channel];
        let channel = self.channel(sc);
        rows.extend(
            sc.teams
                .iter()
                .enumerate()
                .filter(|(_, t)| channel.is_some_and(|c| t.sees_channel(c)))
                .map(|(i, _)| Row::Team(i)),
        );
        rows.extend([Row::Text, Row::Decision]);
        if self.decision {
            rows.extend([Row::Prompt, Row::Deadline]);
            for i in 0..self.options.len() {
                rows.extend([Row::Label(i), Row::Description(i), Row::Kind(i)]);
            }
        }
        rows
    }

    pub fn selected(&self, sc: &Scenario) -> Row {
        let rows = self.rows(sc);
        rows.get(self.row.min(rows.len() - 1))
            .copied()
            .unwrap_or(Row::Title)
    }

    fn field_mut(&mut self, row: Row) -> Option<&mut Field> {
        match row {
            Row::Title => Some(&mut self.title),
            Row::From => Some(&mut self.from),
            Row::Text => Some(&mut self.text),
            Row::Prompt => Some(&mut self.prompt),
            Row::Deadline => Some(&mut self.deadline),
            Row::Label(i) => self.options.get_mut(i).map(|o| &mut o.label),
            Row::Description(i) => self.options.get_mut(i).map(|o| &mut o.description),
            Row::Channel | Row::Team(_) | Row::Decision | Row::Kind(_) => None,
        }
    }

    /// Keeps one blank option at the end (and no other blank one after the
    /// last written), within `MAX_OPTIONS`.
    fn settle(&mut self, sc: &Scenario) {
        // A team that does not see the channel is not in the audience.
        let channel = self.channel(sc);
        for (on, t) in self.audience.iter_mut().zip(&sc.teams) {
            *on = *on && channel.is_some_and(|c| t.sees_channel(c));
        }
        while self.options.len() > 1
            && self.options[self.options.len() - 1].is_blank()
            && self.options[self.options.len() - 2].is_blank()
        {
            self.options.pop();
        }
        if self.options.last().is_none_or(|o| !o.is_blank()) && self.options.len() < MAX_OPTIONS {
            self.options.push(OptionDraft::new());
        }
        let n = self.rows(sc).len();
        self.row = self.row.min(n - 1);
    }

    /// The input the draft stands for. Blank options are left out; a
    /// deadline that is not a number is refused here (the engine checks the
    /// rest).
    pub fn input(&self, sc: &Scenario) -> Result<ImprovisedInject, String> {
        let channels = channels(sc);
        let Some(&channel) = channels.get(self.channel) else {
            return Err("No team sees any channel: there is nobody to write to.".into());
        };
        let decision = if self.decision {
            let deadline =
                self.deadline.text().trim().parse().map_err(|_| {
                    "The deadline is a number of minutes (15, 60, 1440).".to_string()
                })?;
            let kinds = kinds();
            Some(ImprovisedDecision {
                prompt: self.prompt.text().trim().to_string(),
                deadline,
                options: self
                    .options
                    .iter()
                    .filter(|o| !o.is_blank())
                    .map(|o| ImprovisedOption {
                        label: o.label.text().trim().to_string(),
                        description: o.description.text().trim().to_string(),
                        response: o
                            .kind
                            .checked_sub(1)
                            .and_then(|k| kinds.get(k))
                            .map(|(k, _)| *k),
                    })
                    .collect(),
            })
        } else {
            None
        };
        Ok(ImprovisedInject {
            title: self.title.text().trim().to_string(),
            text: self.text.text().trim().to_string(),
            channel,
            from: self.from.text().trim().to_string(),
            audience: sc
                .teams
                .iter()
                .zip(&self.audience)
                .filter(|(_, on)| **on)
                .map(|(t, _)| t.id.clone())
                .collect(),
            decision,
        })
    }

    /// The input checked by the engine's rule, or why it cannot be released.
    pub fn checked(&self, sc: &Scenario) -> Result<Input, String> {
        let inject = self.input(sc)?;
        improvise::build(sc, &inject, improvise::next_id(sc)).map_err(|e| match e {
            sitroom_engine::InputError::BadInject(p) => p.to_string(),
            e => e.to_string(),
        })?;
        Ok(Input::Improvise {
            inject: Box::new(inject),
        })
    }
}

/// What the draft's keys do; `true` when Enter asks to release it.
pub fn update(draft: &mut Draft, sc: &Scenario, action: Action) -> bool {
    let n = draft.rows(sc).len();
    let row = draft.selected(sc);
    draft.error = None;
    let cycle = |value: &mut usize, len: usize, up: bool| {
        if len > 0 {
            *value = if up {
                (*value + 1) % len
            } else {
                (*value + len - 1) % len
            };
        }
    };
    match (row, action) {
        (_, Action::Submit) => return true,
        (_, Action::Up | Action::PrevPane) => draft.row = draft.row.saturating_sub(1),
        (_, Action::Down | Action::NextPane) => draft.row = (draft.row + 1).min(n - 1),
        (Row::Channel, Action::CursorLeft | Action::CursorRight | Action::Type(' ')) => {
            let len = channels(sc).len();
            cycle(&mut draft.channel, len, action != Action::CursorLeft);
        }
        (Row::Team(t), Action::Type(' ') | Action::CursorLeft | Action::CursorRight) => {
            if let Some(on) = draft.audience.get_mut(t) {
                *on = !*on;
            }
        }
        (Row::Decision, Action::Type(' ') | Action::CursorLeft | Action::CursorRight) => {
            draft.decision = !draft.decision;
        }
        (Row::Kind(i), Action::CursorLeft | Action::CursorRight | Action::Type(' ')) => {
            let len = kinds().len() + 1;
            if let Some(o) = draft.options.get_mut(i) {
                cycle(&mut o.kind, len, action != Action::CursorLeft);
            }
        }
        (Row::Title | Row::From | Row::Prompt | Row::Deadline | Row::Label(_), Action::NewLine) => {
            draft.error = Some("One line only here; Ctrl+J starts a new line in a text.".into());
        }
        (row, action) => {
            if let Some(field) = draft.field_mut(row)
                && let Err(e) = edit(field, action)
            {
                draft.error = Some(e.to_string());
            }
        }
    }
    draft.settle(sc);
    false
}

/// A short account of what releasing the draft will do, for the
/// confirmation: to whom, on what, with which decision.
pub fn summary(sc: &Scenario, inject: &ImprovisedInject) -> String {
    let to = if inject.audience.is_empty() {
        format!(
            "every team that sees the {} channel",
            inject.channel.label()
        )
    } else {
        inject
            .audience
            .iter()
            .map(|t| sitroom_record::words::team(sc, t))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = format!(
        "Release “{}” ({}) now to {to}? It is journaled as written during the session and cannot be withdrawn.",
        inject.title,
        inject.channel.label()
    );
    if let Some(d) = &inject.decision {
        let unscored = d.options.iter().filter(|o| o.response.is_none()).count();
        text.push_str(&format!(
            "\nIt opens a decision of {} options, due in {} min, with no default.",
            d.options.len(),
            d.deadline
        ));
        if unscored > 0 {
            text.push_str(&format!(
                " {unscored} without a response kind: recorded, not scored."
            ));
        }
    }
    text
}

/// Draws the form over the console.
pub fn draw(frame: &mut Frame, area: Rect, sc: &Scenario, draft: &Draft, theme: &Theme) {
    let w = area.width.saturating_sub(2).min(90);
    let cols = w.saturating_sub(2) as usize;
    let label_w = 14usize;
    let value_w = cols.saturating_sub(label_w + 2).max(1);
    let channels = channels(sc);
    let kinds = kinds();
    let selected = draft.selected(sc);
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0usize;
    let mut lines_have_audience = false;
    let show = |field: &Field, on: bool| {
        if on {
            field.with_cursor('▏')
        } else {
            field.text().to_string()
        }
    };
    for row in draft.rows(sc) {
        let on = row == selected;
        let (label, value, dim): (String, String, bool) = match row {
            Row::Title => ("Title".into(), show(&draft.title, on), false),
            Row::From => ("From".into(), show(&draft.from, on), false),
            Row::Channel => (
                "Channel".into(),
                format!(
                    "◂ {} ▸",
                    channels.get(draft.channel).map_or("none", |c| c.label())
                ),
                false,
            ),
            Row::Team(t) => {
                let team = &sc.teams[t];
                let ticked = draft.audience.get(t).copied().unwrap_or(false);
                let mark = if ticked { "[x]" } else { "[ ]" };
                let first = !lines_have_audience;
                lines_have_audience = true;
                let everyone = if first && !draft.audience.iter().any(|on| *on) {
                    "   (none ticked: every team listed)"
                } else {
                    ""
                };
                (
                    if first {
                        "Audience".into()
                    } else {
                        String::new()
                    },
                    format!("{mark} {}{everyone}", team.name),
                    false,
                )
            }
            Row::Text => ("Text".into(), show(&draft.text, on), false),
            Row::Decision => (
                "Decision".into(),
                if draft.decision {
                    "[x] the audience's player teams decide".into()
                } else {
                    "[ ] none".into()
                },
                false,
            ),
            Row::Prompt => ("Question".into(), show(&draft.prompt, on), false),
            Row::Deadline => ("Deadline (min)".into(), show(&draft.deadline, on), false),
            Row::Label(i) => (
                format!("Option {}", i + 1),
                show(&draft.options[i].label, on),
                false,
            ),
            Row::Description(i) => (
                "  described".into(),
                show(&draft.options[i].description, on),
                false,
            ),
            Row::Kind(i) => {
                let k = draft.options[i].kind;
                let text = match k.checked_sub(1).and_then(|k| kinds.get(k)) {
                    Some((_, label)) => format!("◂ {label} ▸"),
                    None => "◂ no kind: not scored ▸".to_string(),
                };
                ("  response".into(), text, false)
            }
        };
        if on {
            selected_line = lines.len();
        }
        let style = if on {
            theme.selected
        } else if dim {
            theme.dim
        } else {
            theme.text
        };
        let head = Span::styled(
            format!("{:<label_w$}", fit(&label, label_w)),
            if on { theme.key } else { theme.dim },
        );
        // A text runs over several lines; the others are one line.
        let parts: Vec<String> = if matches!(row, Row::Text | Row::Description(_)) {
            wrap(&value, value_w)
        } else {
            vec![fit(&value, value_w)]
        };
        for (j, part) in parts.into_iter().enumerate() {
            let lead = if j == 0 {
                head.clone()
            } else {
                Span::raw(" ".repeat(label_w))
            };
            lines.push(Line::from(vec![
                lead,
                Span::raw("  "),
                Span::styled(part, style),
            ]));
        }
    }
    // As tall as the form needs, within the screen.
    let needed = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(4);
    let rect = centered(area, w, needed.min(area.height));
    frame.render_widget(Clear, rect);
    let block = pane("Write an inject", true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [body, error, footer] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let height = body.height as usize;
    let scroll = selected_line.saturating_sub(height.saturating_sub(2));
    frame.render_widget(
        Paragraph::new(lines).scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        body,
    );
    if let Some(e) = &draft.error {
        frame.render_widget(
            Paragraph::new(Line::styled(e.clone(), theme.warn)).wrap(Wrap { trim: true }),
            error,
        );
    }
    let keys = match selected {
        Row::Channel | Row::Kind(_) => {
            "←/→ choose · ↑/↓ rows · Enter release… · Esc keeps the draft"
        }
        Row::Team(_) | Row::Decision => {
            "Space ticks · ↑/↓ rows · Enter release… · Esc keeps the draft"
        }
        Row::Text | Row::Description(_) => {
            "type · Ctrl+J new line · ↑/↓ rows · Enter release… · Esc keeps the draft"
        }
        _ => "type · ↑/↓ rows · Enter release… · Esc keeps the draft",
    };
    frame.render_widget(Line::styled(fit(keys, cols), theme.dim), footer);
}

/// `text` in lines of at most `w` characters (its own line breaks kept).
fn wrap(text: &str, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let chars: Vec<char> = line.chars().collect();
        if chars.is_empty() {
            out.push(String::new());
        }
        for chunk in chars.chunks(w.max(1)) {
            out.push(chunk.iter().collect());
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}
