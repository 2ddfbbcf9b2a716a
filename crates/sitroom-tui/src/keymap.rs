//! The key table: one row per binding, per mode. `key_to_action` reads it
//! and the help overlay prints it, so the two cannot drift apart.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::action::Action;

/// Which set of keys is live: the screen, or the overlay on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Start,
    Facilitator,
    Handover,
    Team,
    /// The decision form, choosing an option.
    Form,
    /// The decision form, typing the rationale.
    FormText,
    Reveal,
    Replay,
    /// A one-line text prompt (advance N minutes, note, go to minute).
    Prompt,
    Confirm,
    /// Confirming what a team is about to record.
    ConfirmDecision,
    /// A notice a team must acknowledge.
    Notice,
    /// Voiding a choice: reopen or keep closed.
    Void,
    Help,
    /// A team's screen joined over the network (`sitroom join`).
    Seat,
    /// The room screen, for a projector.
    Room,
    /// An inject's preview on the console.
    Preview,
    /// The list of observations.
    Notes,
    /// A team stating its own judgement on a case.
    Judge,
    /// Writing an inject on the console.
    Write,
}

impl Mode {
    /// Modes whose printable keys type text instead of running commands.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::FormText | Mode::Prompt | Mode::Write)
    }

    /// Modes where an unbound printable key becomes text: the text modes,
    /// and the decision form, where a letter starts the rationale rather
    /// than doing nothing or something else.
    pub fn types_unbound(self) -> bool {
        self.takes_text() || self == Mode::Form
    }

    pub fn title(self) -> &'static str {
        match self {
            Mode::Start => "start screen",
            Mode::Facilitator => "facilitator console",
            Mode::Handover => "hand-over",
            Mode::Team => "team view",
            Mode::Form => "decision form",
            Mode::FormText => "decision form: rationale",
            Mode::Reveal => "reveal",
            Mode::Replay => "replay",
            Mode::Prompt => "prompt",
            Mode::Confirm => "confirmation",
            Mode::ConfirmDecision => "record the decision?",
            Mode::Notice => "notice",
            Mode::Void => "void a choice",
            Mode::Help => "help",
            Mode::Seat => "team view",
            Mode::Room => "room screen",
            Mode::Preview => "inject preview",
            Mode::Notes => "observations",
            Mode::Judge => "your judgement",
            Mode::Write => "write an inject",
        }
    }
}

/// One key with its modifiers. For characters, Shift is part of the
/// character itself (`A`), so only Control and Alt are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn c(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        ctrl: false,
    }
}

const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        ctrl: true,
    }
}

impl Key {
    fn matches(&self, ev: &KeyEvent) -> bool {
        let ev_ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        if ev.modifiers.contains(KeyModifiers::ALT) || ev_ctrl != self.ctrl {
            return false;
        }
        match (self.code, ev.code) {
            // Shift+Tab arrives as BackTab on most terminals.
            (KeyCode::BackTab, KeyCode::BackTab) => true,
            (a, b) => a == b,
        }
    }

    /// How the key is written in the help overlay and the key hints.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(ch) => ch.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift+Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl+{base}")
        } else {
            base
        }
    }
}

/// A row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

const fn b(keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding { keys, action, help }
}

const UP: &[Key] = &[k(KeyCode::Up), c('k')];
const DOWN: &[Key] = &[k(KeyCode::Down), c('j')];
const HELP: Binding = b(&[c('?')], Action::Help, "show or hide this help");
const QUIT_ASK: Binding = b(
    &[c('q'), ctrl('c')],
    Action::Quit,
    "quit (asks first; the journal is kept)",
);

const START: &[Binding] = &[
    b(&[k(KeyCode::Enter)], Action::Select, "start the exercise"),
    b(
        &[c('m')],
        Action::ToggleMode,
        "switch between turn-based and real-time clock",
    ),
    b(UP, Action::Up, "scroll the briefing up"),
    b(DOWN, Action::Down, "scroll the briefing down"),
    HELP,
    b(&[c('q'), ctrl('c')], Action::Quit, "quit"),
];

const FACILITATOR: &[Binding] = &[
    b(&[k(KeyCode::Tab), c('l')], Action::NextPane, "next pane"),
    b(
        &[k(KeyCode::BackTab), c('h')],
        Action::PrevPane,
        "previous pane",
    ),
    b(UP, Action::Up, "select the previous row"),
    b(DOWN, Action::Down, "select the next row"),
    b(
        &[k(KeyCode::Enter)],
        Action::Select,
        "preview the selected inject; on Teams or Attribution: hand the keyboard to the team",
    ),
    b(
        &[k(KeyCode::PageUp)],
        Action::PageUp,
        "scroll the attribution pane or the score's reasons up",
    ),
    b(
        &[k(KeyCode::PageDown)],
        Action::PageDown,
        "scroll the attribution pane or the score's reasons down",
    ),
    b(
        &[c('n')],
        Action::AdvanceNext,
        "advance to the next event (asks before deadlines pass)",
    ),
    b(
        &[c('a')],
        Action::AdvanceStep,
        "advance by the time step (asks before deadlines pass)",
    ),
    b(
        &[c('A')],
        Action::AdvancePrompt,
        "advance by N minutes (asks before deadlines pass)",
    ),
    b(
        &[c(' ')],
        Action::TogglePause,
        "pause or resume the real-time clock",
    ),
    b(
        &[c('O')],
        Action::Observe,
        "an observation not tied to a decision (about the team selected on Teams or the exercise; ↑/↓ picks an objective, Tab a rating)",
    ),
    b(
        &[c('W')],
        Action::Write,
        "write an inject now: title, text, channel, audience, optionally a decision (released at once, journaled)",
    ),
    b(
        &[c('N')],
        Action::Notes,
        "every observation so far: rewrite or withdraw one",
    ),
    b(
        &[c('P')],
        Action::ToggleAutoPause,
        "real-time: pause by itself on hand-overs and while a team's form is open (on/off)",
    ),
    b(&[c('+'), c('=')], Action::Faster, "real-time: faster"),
    b(&[c('-')], Action::Slower, "real-time: slower"),
    b(
        &[c('r')],
        Action::Release,
        "release the selected inject now",
    ),
    b(
        &[c('H')],
        Action::Hold,
        "hold or unhold the selected inject",
    ),
    b(
        &[c('x')],
        Action::Extend,
        "move the selected decision's deadline (+30 later, -10 earlier)",
    ),
    b(
        &[c('o')],
        Action::Note,
        "Scores pane: note and P/S/M/U rating on the selected decision",
    ),
    b(
        &[c('v')],
        Action::Void,
        "Scores pane: void the selected choice (taken in error; asks reopen or keep closed)",
    ),
    b(
        &[c('R')],
        Action::RoomScreen,
        "the room screen for a projector: clock, ladder, countdowns, headlines (q returns)",
    ),
    b(
        &[c('T')],
        Action::TogglePrivate,
        "show or hide the ground truth and facilitator notes (asks first: the screen may be shared)",
    ),
    b(
        &[c('b')],
        Action::ToggleBoard,
        "Attribution pane: show or hide the engine's estimates from the selected team",
    ),
    b(
        &[c('t')],
        Action::Teams,
        "choose a team to hand the keyboard to",
    ),
    b(&[c('E')], Action::End, "end the exercise (asks first)"),
    HELP,
    QUIT_ASK,
];

const HANDOVER: &[Binding] = &[
    b(
        &[k(KeyCode::Enter)],
        Action::Select,
        "ready: show the screen (back to the console: the facilitator's code)",
    ),
    b(
        &[k(KeyCode::Esc)],
        Action::Back,
        "back to the team that just handed over (pressed Esc once too often)",
    ),
    HELP,
];

const TEAM_KEYS: [Binding; 10] = [
    b(&[k(KeyCode::Tab), c('l')], Action::NextPane, "next pane"),
    b(
        &[k(KeyCode::BackTab), c('h')],
        Action::PrevPane,
        "previous pane",
    ),
    b(UP, Action::Up, "previous message or row"),
    b(DOWN, Action::Down, "next message or row"),
    b(
        &[k(KeyCode::PageUp)],
        Action::PageUp,
        "scroll the message up",
    ),
    b(
        &[k(KeyCode::PageDown), c(' ')],
        Action::PageDown,
        "scroll the message down",
    ),
    b(
        &[k(KeyCode::Enter)],
        Action::Select,
        "read the message / decide the selected decision",
    ),
    b(&[c('d')], Action::Decide, "open the decision form"),
    b(
        &[c('c')],
        Action::Channel,
        "inbox: one channel at a time (cycles; all first)",
    ),
    b(
        &[c('a')],
        Action::Assess,
        "state your own judgement on a case: who, how likely, what confidence",
    ),
];

const TEAM: &[Binding] = &[
    TEAM_KEYS[0],
    TEAM_KEYS[1],
    TEAM_KEYS[2],
    TEAM_KEYS[3],
    TEAM_KEYS[4],
    TEAM_KEYS[5],
    TEAM_KEYS[6],
    TEAM_KEYS[7],
    TEAM_KEYS[8],
    TEAM_KEYS[9],
    b(
        &[k(KeyCode::Esc), ctrl('c')],
        Action::Back,
        "hand the keyboard back to the facilitator (only the facilitator can end or quit)",
    ),
    HELP,
];

// A team at its own terminal: the same keys; Esc leaves this terminal.
const SEAT: &[Binding] = &[
    b(
        &[c('p')],
        Action::AskPause,
        "ask the facilitator for a pause",
    ),
    TEAM_KEYS[0],
    TEAM_KEYS[1],
    TEAM_KEYS[2],
    TEAM_KEYS[3],
    TEAM_KEYS[4],
    TEAM_KEYS[5],
    TEAM_KEYS[6],
    TEAM_KEYS[7],
    TEAM_KEYS[8],
    TEAM_KEYS[9],
    b(
        &[k(KeyCode::Esc), ctrl('c')],
        Action::Quit,
        "leave this terminal (asks first; the session goes on and you can join again)",
    ),
    HELP,
];

const JUDGE: &[Binding] = &[
    b(UP, Action::Up, "previous field"),
    b(DOWN, Action::Down, "next field"),
    b(&[k(KeyCode::Left)], Action::CursorLeft, "the value before"),
    b(&[k(KeyCode::Right)], Action::CursorRight, "the value after"),
    b(
        &[k(KeyCode::Enter)],
        Action::Submit,
        "record this judgement",
    ),
    b(&[k(KeyCode::Esc)], Action::Back, "close without recording"),
    HELP,
];

// Options move with the arrows only: letters typed here go into the
// rationale, never select or submit an option.
const FORM: &[Binding] = &[
    b(&[k(KeyCode::Up)], Action::Up, "previous option"),
    b(&[k(KeyCode::Down)], Action::Down, "next option"),
    b(&[k(KeyCode::Tab)], Action::EditText, "write the rationale"),
    b(
        &[k(KeyCode::Enter)],
        Action::Submit,
        "review the choice and the rationale, then confirm with y",
    ),
    b(
        &[k(KeyCode::Esc)],
        Action::Back,
        "close the form without deciding (the rationale is kept)",
    ),
    HELP,
];

const TEXT_EDIT: [Binding; 6] = [
    b(
        &[k(KeyCode::Backspace)],
        Action::Backspace,
        "delete the character before the cursor",
    ),
    b(&[k(KeyCode::Left)], Action::CursorLeft, "cursor left"),
    b(&[k(KeyCode::Right)], Action::CursorRight, "cursor right"),
    b(&[k(KeyCode::Home)], Action::LineStart, "start of the line"),
    b(&[k(KeyCode::End)], Action::LineEnd, "end of the line"),
    b(&[ctrl('j')], Action::NewLine, "new line"),
];

const FORM_TEXT: &[Binding] = &[
    TEXT_EDIT[0],
    TEXT_EDIT[1],
    TEXT_EDIT[2],
    TEXT_EDIT[3],
    TEXT_EDIT[4],
    TEXT_EDIT[5],
    b(
        &[k(KeyCode::Tab), k(KeyCode::Esc), k(KeyCode::Enter)],
        Action::EditText,
        "stop writing, back to the options",
    ),
];

const REVEAL: &[Binding] = &[
    b(UP, Action::Up, "scroll up"),
    b(DOWN, Action::Down, "scroll down"),
    b(&[k(KeyCode::PageUp)], Action::PageUp, "page up"),
    b(
        &[k(KeyCode::PageDown), c(' ')],
        Action::PageDown,
        "page down",
    ),
    b(
        &[c('t')],
        Action::ToggleTimeline,
        "the session's timeline (decisions, rationales, observations), and back",
    ),
    HELP,
    b(
        &[c('q'), k(KeyCode::Enter), k(KeyCode::Esc), ctrl('c')],
        Action::Quit,
        "leave (the journal is saved)",
    ),
];

const REPLAY: &[Binding] = &[
    b(
        &[k(KeyCode::Left), c('h')],
        Action::StepBack,
        "previous event",
    ),
    b(
        &[k(KeyCode::Right), c('l')],
        Action::StepForward,
        "next event",
    ),
    b(&[c(',')], Action::MinuteBack, "one minute back"),
    b(&[c('.')], Action::MinuteForward, "one minute forward"),
    b(&[c('[')], Action::PrevDecision, "previous decision"),
    b(&[c(']')], Action::NextDecision, "next decision"),
    b(&[k(KeyCode::Home)], Action::First, "start of the session"),
    b(&[k(KeyCode::End)], Action::Last, "end of the session"),
    b(&[c('g')], Action::GoTo, "go to a minute (asks for it)"),
    b(
        &[k(KeyCode::Tab)],
        Action::NextPane,
        "next team on the board",
    ),
    b(UP, Action::Up, "scroll the log up"),
    b(DOWN, Action::Down, "scroll the log down"),
    HELP,
    b(
        &[c('q'), k(KeyCode::Esc), ctrl('c')],
        Action::Quit,
        "leave the replay",
    ),
];

const PROMPT: &[Binding] = &[
    b(&[k(KeyCode::Enter)], Action::Submit, "confirm"),
    b(&[k(KeyCode::Esc)], Action::Back, "cancel"),
    TEXT_EDIT[0],
    TEXT_EDIT[1],
    TEXT_EDIT[2],
    TEXT_EDIT[3],
    TEXT_EDIT[4],
    b(&[ctrl('j')], Action::NewLine, "note: new line"),
    b(
        &[k(KeyCode::Tab)],
        Action::NextPane,
        "note: cycle the rating P, S, M, U, none",
    ),
    b(
        &[k(KeyCode::BackTab)],
        Action::PrevPane,
        "observation: the norm the rating rates (cycles the scenario's norms, then none)",
    ),
    b(
        &[k(KeyCode::Up)],
        Action::Up,
        "observation: the previous objective",
    ),
    b(
        &[k(KeyCode::Down)],
        Action::Down,
        "observation: the next objective",
    ),
];

const CONFIRM: &[Binding] = &[
    b(&[c('y'), k(KeyCode::Enter)], Action::Yes, "yes"),
    b(&[c('n'), k(KeyCode::Esc), c('q')], Action::No, "no"),
];

// Only `y` records: Enter, pressed twice by a hand still typing, must not.
const CONFIRM_DECISION: &[Binding] = &[
    b(&[c('y')], Action::Yes, "record this decision"),
    b(
        &[c('n'), k(KeyCode::Esc)],
        Action::No,
        "back to the form (nothing recorded)",
    ),
];

const NOTICE: &[Binding] = &[b(
    &[k(KeyCode::Enter)],
    Action::Acknowledge,
    "I have read it (other keys are ignored)",
)];

const VOID: &[Binding] = &[
    b(
        &[c('r')],
        Action::VoidReopen,
        "void it and reopen the decision for the team",
    ),
    b(
        &[c('k')],
        Action::VoidKeep,
        "void it and keep the decision closed for the team",
    ),
    b(&[k(KeyCode::Esc), c('n')], Action::No, "cancel"),
];

const ROOM: &[Binding] = &[
    b(UP, Action::Up, "scroll up"),
    b(DOWN, Action::Down, "scroll down"),
    b(&[k(KeyCode::PageUp)], Action::PageUp, "page up"),
    b(
        &[k(KeyCode::PageDown), c(' ')],
        Action::PageDown,
        "page down",
    ),
    HELP,
    b(
        &[c('q'), k(KeyCode::Esc), ctrl('c')],
        Action::Quit,
        "leave the room screen (the session goes on)",
    ),
];

const NOTES: &[Binding] = &[
    b(UP, Action::Up, "previous observation"),
    b(DOWN, Action::Down, "next observation"),
    b(
        &[c('e'), k(KeyCode::Enter)],
        Action::EditNote,
        "rewrite it (text and rating)",
    ),
    b(
        &[c('D'), k(KeyCode::Delete)],
        Action::DeleteNote,
        "withdraw it (asks)",
    ),
    b(&[k(KeyCode::Esc), c('q')], Action::Back, "close the list"),
];

const PREVIEW: &[Binding] = &[
    b(UP, Action::Up, "scroll up"),
    b(DOWN, Action::Down, "scroll down"),
    b(&[k(KeyCode::PageUp)], Action::PageUp, "page up"),
    b(
        &[k(KeyCode::PageDown), c(' ')],
        Action::PageDown,
        "page down",
    ),
    b(
        &[c('r')],
        Action::Release,
        "release it now (asks first if it answers an inject not released yet)",
    ),
    b(
        &[k(KeyCode::Esc), k(KeyCode::Enter), c('q')],
        Action::Back,
        "close the preview",
    ),
];

// Only arrows move between rows: letters are text.
const WRITE: &[Binding] = &[
    b(
        &[k(KeyCode::Enter)],
        Action::Submit,
        "check the inject and ask to release it (y releases)",
    ),
    b(
        &[k(KeyCode::Esc)],
        Action::Back,
        "close the form (the draft is kept: W opens it again)",
    ),
    b(&[k(KeyCode::Up)], Action::Up, "previous row"),
    b(
        &[k(KeyCode::Down), k(KeyCode::Tab)],
        Action::Down,
        "next row",
    ),
    b(&[k(KeyCode::BackTab)], Action::PrevPane, "previous row"),
    b(
        &[k(KeyCode::Left)],
        Action::CursorLeft,
        "cursor left; on a choice: the previous one",
    ),
    b(
        &[k(KeyCode::Right)],
        Action::CursorRight,
        "cursor right; on a choice: the next one",
    ),
    TEXT_EDIT[0],
    TEXT_EDIT[3],
    TEXT_EDIT[4],
    b(
        &[ctrl('j')],
        Action::NewLine,
        "text or description: new line",
    ),
    b(
        &[c(' ')],
        Action::Type(' '),
        "on a team or the decision: tick or untick (in a text: a space)",
    ),
];

const HELP_KEYS: &[Binding] = &[b(
    &[c('?'), k(KeyCode::Esc), c('q'), k(KeyCode::Enter)],
    Action::Help,
    "close the help",
)];

/// The key table of a mode.
pub fn bindings(mode: Mode) -> &'static [Binding] {
    match mode {
        Mode::Start => START,
        Mode::Facilitator => FACILITATOR,
        Mode::Handover => HANDOVER,
        Mode::Team => TEAM,
        Mode::Form => FORM,
        Mode::FormText => FORM_TEXT,
        Mode::Reveal => REVEAL,
        Mode::Replay => REPLAY,
        Mode::Prompt => PROMPT,
        Mode::Confirm => CONFIRM,
        Mode::ConfirmDecision => CONFIRM_DECISION,
        Mode::Notice => NOTICE,
        Mode::Void => VOID,
        Mode::Help => HELP_KEYS,
        Mode::Seat => SEAT,
        Mode::Room => ROOM,
        Mode::Preview => PREVIEW,
        Mode::Notes => NOTES,
        Mode::Judge => JUDGE,
        Mode::Write => WRITE,
    }
}

/// What a key press means in a mode; `None` for keys with no binding and
/// for key releases and repeats of non-navigation keys.
pub fn key_to_action(mode: Mode, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if let Some(bound) = bindings(mode)
        .iter()
        .find(|binding| binding.keys.iter().any(|k| k.matches(&key)))
    {
        return Some(bound.action);
    }
    match key.code {
        KeyCode::Char(ch)
            if mode.types_unbound()
                && !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::Type(ch))
        }
        _ => None,
    }
}

/// The rows of the help overlay for a mode: keys joined by `/`, then the
/// explanation.
pub fn help_rows(mode: Mode) -> Vec<(String, &'static str)> {
    let mut rows: Vec<(String, &'static str)> = bindings(mode)
        .iter()
        .map(|binding| {
            let keys: Vec<String> = binding.keys.iter().map(Key::label).collect();
            (keys.join("/"), binding.help)
        })
        .collect();
    if mode.takes_text() {
        rows.insert(0, ("any letter".to_string(), "type text"));
    }
    rows
}

/// The short key hints of the bottom bar: the first few bindings, each as
/// `key label`.
pub fn hints(mode: Mode, short: &[Action]) -> Vec<(String, &'static str)> {
    short
        .iter()
        .filter_map(|action| bindings(mode).iter().find(|b| b.action == *action))
        .map(|binding| {
            let key = binding.keys.first().map(Key::label).unwrap_or_default();
            (key, hint_word(mode, binding.action))
        })
        .collect()
}

fn hint_word(mode: Mode, action: Action) -> &'static str {
    match action {
        Action::EditText if mode == Mode::FormText => "finish writing",
        Action::Help if mode == Mode::Help => "close help",
        Action::Select => "select",
        Action::AdvanceNext => "next event",
        Action::AdvanceStep => "advance",
        Action::TogglePause => "pause",
        Action::Teams => "teams",
        Action::Decide => "decide",
        Action::Submit => "submit",
        Action::EditText => "rationale",
        Action::Back => "back",
        Action::Help => "help",
        Action::Quit => "quit",
        Action::StepBack => "prev",
        Action::StepForward => "next",
        Action::PrevDecision => "prev decision",
        Action::NextDecision => "next decision",
        Action::GoTo => "go to",
        Action::NextPane => "pane",
        Action::ToggleMode => "mode",
        Action::ToggleTimeline => "timeline",
        Action::RoomScreen => "room screen",
        Action::Release => "release",
        Action::AskPause => "ask for a pause",
        Action::EditNote => "rewrite",
        Action::DeleteNote => "withdraw",
        Action::Yes if mode == Mode::ConfirmDecision => "record",
        Action::No if mode == Mode::ConfirmDecision => "back",
        Action::No if mode == Mode::Void => "cancel",
        Action::Yes => "yes",
        Action::VoidReopen => "reopen",
        Action::VoidKeep => "keep closed",
        Action::Acknowledge => "I have read it",
        Action::No => "no",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    const ALL: [Mode; 14] = [
        Mode::Start,
        Mode::Facilitator,
        Mode::Handover,
        Mode::Team,
        Mode::Form,
        Mode::FormText,
        Mode::Reveal,
        Mode::Replay,
        Mode::Prompt,
        Mode::Confirm,
        Mode::ConfirmDecision,
        Mode::Notice,
        Mode::Void,
        Mode::Help,
    ];

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in ALL {
            let mut seen: Vec<Key> = Vec::new();
            for binding in bindings(mode) {
                for key in binding.keys {
                    assert!(!seen.contains(key), "{mode:?}: {} bound twice", key.label());
                    seen.push(*key);
                }
            }
        }
    }

    #[test]
    fn every_binding_has_help_and_is_reachable() {
        for mode in ALL {
            for binding in bindings(mode) {
                assert!(!binding.help.is_empty());
                for key in binding.keys {
                    let mods = if key.ctrl {
                        KeyModifiers::CONTROL
                    } else {
                        KeyModifiers::NONE
                    };
                    let ev = KeyEvent::new(key.code, mods);
                    assert_eq!(
                        key_to_action(mode, ev),
                        Some(binding.action),
                        "{mode:?} {}",
                        key.label()
                    );
                }
            }
        }
    }

    #[test]
    fn help_lists_every_binding() {
        for mode in ALL {
            let rows = help_rows(mode);
            let extra = usize::from(mode.takes_text());
            assert_eq!(rows.len(), bindings(mode).len() + extra);
        }
        assert!(help_rows(Mode::Replay).iter().any(|(k, _)| k == "←/h"));
    }

    #[test]
    fn every_screen_has_help_and_a_way_out() {
        for mode in [
            Mode::Start,
            Mode::Facilitator,
            Mode::Handover,
            Mode::Team,
            Mode::Reveal,
            Mode::Replay,
        ] {
            assert_eq!(
                key_to_action(mode, press(KeyCode::Char('?'))),
                Some(Action::Help)
            );
        }
        for mode in [Mode::Start, Mode::Facilitator, Mode::Reveal, Mode::Replay] {
            assert_eq!(
                key_to_action(mode, press(KeyCode::Char('q'))),
                Some(Action::Quit)
            );
        }
        // A team hands back; only the facilitator quits or ends.
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [Mode::Team, Mode::Handover, Mode::Form, Mode::FormText] {
            assert_ne!(
                key_to_action(mode, press(KeyCode::Char('q'))),
                Some(Action::Quit)
            );
            assert_ne!(key_to_action(mode, ctrl_c), Some(Action::Quit));
            assert_ne!(
                key_to_action(mode, press(KeyCode::Char('E'))),
                Some(Action::End)
            );
        }
        assert_eq!(
            key_to_action(Mode::Team, press(KeyCode::Esc)),
            Some(Action::Back)
        );
    }

    #[test]
    fn letters_never_select_or_submit_an_option() {
        for ch in ('!'..='~').filter(|c| *c != '?') {
            let action = key_to_action(Mode::Form, press(KeyCode::Char(ch)));
            assert_eq!(
                action,
                Some(Action::Type(ch)),
                "{ch:?} in the decision form"
            );
        }
        // Only `y` records; Enter (pressed twice by a hand still typing) does not.
        assert_eq!(
            key_to_action(Mode::ConfirmDecision, press(KeyCode::Enter)),
            None
        );
        assert_eq!(
            key_to_action(Mode::ConfirmDecision, press(KeyCode::Char('y'))),
            Some(Action::Yes)
        );
        // A notice takes its acknowledgement and nothing else.
        for ch in ['d', 'y', ' ', 'n', 'q'] {
            assert_eq!(key_to_action(Mode::Notice, press(KeyCode::Char(ch))), None);
        }
    }

    #[test]
    fn vim_and_arrow_keys_agree() {
        for mode in [Mode::Facilitator, Mode::Team] {
            assert_eq!(
                key_to_action(mode, press(KeyCode::Char('j'))),
                key_to_action(mode, press(KeyCode::Down))
            );
            assert_eq!(
                key_to_action(mode, press(KeyCode::Char('k'))),
                key_to_action(mode, press(KeyCode::Up))
            );
        }
        assert_eq!(
            key_to_action(Mode::Replay, press(KeyCode::Left)),
            Some(Action::StepBack)
        );
        assert_eq!(
            key_to_action(Mode::Replay, press(KeyCode::Char('l'))),
            Some(Action::StepForward)
        );
    }

    #[test]
    fn text_modes_type_letters_that_are_commands_elsewhere() {
        assert_eq!(
            key_to_action(Mode::FormText, press(KeyCode::Char('q'))),
            Some(Action::Type('q'))
        );
        assert_eq!(
            key_to_action(Mode::Prompt, press(KeyCode::Char('4'))),
            Some(Action::Type('4'))
        );
        assert_eq!(
            key_to_action(Mode::Prompt, press(KeyCode::Char('?'))),
            Some(Action::Type('?'))
        );
        assert_eq!(
            key_to_action(Mode::Facilitator, press(KeyCode::Char('z'))),
            None
        );
        let shifted = KeyEvent::new(KeyCode::Char('A'), KeyModifiers::SHIFT);
        assert_eq!(
            key_to_action(Mode::FormText, shifted),
            Some(Action::Type('A'))
        );
        assert_eq!(
            key_to_action(Mode::Facilitator, shifted),
            Some(Action::AdvancePrompt)
        );
    }

    #[test]
    fn ctrl_c_quits_but_plain_c_does_not() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(key_to_action(Mode::Facilitator, ctrl_c), Some(Action::Quit));
        assert_eq!(
            key_to_action(Mode::Facilitator, press(KeyCode::Char('c'))),
            None
        );
        assert_eq!(key_to_action(Mode::FormText, ctrl_c), None);
    }

    #[test]
    fn key_releases_are_ignored() {
        let mut ev = press(KeyCode::Enter);
        ev.kind = KeyEventKind::Release;
        assert_eq!(key_to_action(Mode::Start, ev), None);
    }
}
