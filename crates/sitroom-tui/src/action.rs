//! What the user asked for, independent of which key said it.

/// One user intention. Key presses become actions through the key table
/// (`keymap`); the real-time clock adds `Tick`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    NextPane,
    PrevPane,
    /// Enter: act on what is selected.
    Select,
    /// Esc: leave the current form or view.
    Back,
    Help,
    Quit,
    Yes,
    No,
    // Start screen.
    ToggleMode,
    // Reveal.
    /// Between the results and the session's timeline.
    ToggleTimeline,
    // Facilitator console.
    /// Show the room screen (for a projector).
    RoomScreen,
    /// Real time: pause by itself on hand-overs and while a team decides.
    ToggleAutoPause,
    /// A joined team asks the facilitator for a pause.
    AskPause,
    /// An observation not tied to a decision.
    Observe,
    /// Every observation so far, to edit or withdraw.
    Notes,
    /// Write an inject during the session.
    Write,
    /// Notes list: rewrite the selected observation.
    EditNote,
    /// Notes list: withdraw the selected observation (asks).
    DeleteNote,
    AdvanceNext,
    AdvanceStep,
    AdvancePrompt,
    TogglePause,
    Faster,
    Slower,
    Release,
    Hold,
    Extend,
    Note,
    /// Void the selected choice (asks: reopen or keep closed).
    Void,
    VoidReopen,
    VoidKeep,
    /// Show or hide the facilitator-only information (asks before showing).
    TogglePrivate,
    /// Show or hide the engine's estimates from the selected team.
    ToggleBoard,
    Teams,
    End,
    // Team view and decision form.
    Decide,
    /// State the team's own judgement on an attribution case.
    Assess,
    /// Team inbox: show one channel at a time (cycles, all first).
    Channel,
    EditText,
    Submit,
    Type(char),
    Backspace,
    /// A line break in a text that may span lines.
    NewLine,
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    /// Close a notice that must be read.
    Acknowledge,
    // Replay viewer.
    StepBack,
    StepForward,
    MinuteBack,
    MinuteForward,
    PrevDecision,
    NextDecision,
    First,
    Last,
    GoTo,
    /// Wall-clock milliseconds elapsed since the last tick (real-time mode).
    Tick(u64),
}
