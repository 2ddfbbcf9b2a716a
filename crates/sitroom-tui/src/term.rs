//! The real terminal: entering and leaving raw mode and the alternate
//! screen, and reading its events. `ratatui::try_init` (0.30) installs a
//! panic hook that restores the terminal before the panic message prints;
//! the guard here restores it on every other way out (return, `?`).

use std::collections::VecDeque;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEvent, KeyEventKind};

use crate::TuiError;

/// The terminal in raw mode on the alternate screen; restored on drop.
pub struct TerminalGuard {
    terminal: DefaultTerminal,
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen, and installs the panic
    /// hook that restores them. Refuses when stdin or stdout is not a
    /// terminal (a pipe, CI): the UI would wait for keys nobody can press.
    pub fn enter() -> Result<TerminalGuard, TuiError> {
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
            return Err(TuiError::NotATerminal);
        }
        let terminal = ratatui::try_init().map_err(|e| TuiError::Terminal(e.to_string()))?;
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

impl Deref for TerminalGuard {
    type Target = DefaultTerminal;
    fn deref(&self) -> &DefaultTerminal {
        &self.terminal
    }
}

impl DerefMut for TerminalGuard {
    fn deref_mut(&mut self) -> &mut DefaultTerminal {
        &mut self.terminal
    }
}

/// What the UI loop reacts to. (Not named `Event`: bevy and crossterm
/// both have one.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiEvent {
    Key(KeyEvent),
    /// The terminal changed size; the next frame adapts.
    Resize,
    /// No more input will come (a script ran out); the loop stops.
    Closed,
}

/// A source of UI events: the terminal, or a script in tests.
pub trait Events {
    /// The next event, or `None` when `timeout` passed without one.
    fn next(&mut self, timeout: Duration) -> Result<Option<UiEvent>, TuiError>;
}

/// Events from the real terminal through crossterm. SIGTERM and SIGHUP
/// read as `Closed`: the loop ends as if the input ran out (everything
/// taken is already in the journal) and the guard restores the terminal.
#[derive(Debug, Default)]
pub struct TerminalEvents {
    stop: Arc<AtomicBool>,
}

/// Whether the terminal is still there: a closed or hung-up one (the SSH
/// session dropped, the tmux server killed) has no size, stdin is no
/// longer a terminal, or (Linux) its device is gone.
fn terminal_gone() -> bool {
    use std::io::IsTerminal;
    let device_deleted = std::fs::read_link("/proc/self/fd/0")
        .is_ok_and(|p| p.to_string_lossy().ends_with(" (deleted)"));
    device_deleted
        || ratatui::crossterm::terminal::size().is_err()
        || !std::io::stdin().is_terminal()
}

/// How often the watchdog looks for a terminal that went away.
const WATCHDOG_EVERY: Duration = Duration::from_millis(500);

/// Ends the process when its terminal goes away. crossterm's reader, fed
/// end-of-file by a hung-up terminal, can spin inside `poll` without ever
/// returning to the loop, so the loop cannot notice by itself. Nothing is
/// lost: every input is on disk before it is acknowledged and every line
/// of the journal is written whole; there is no terminal left to restore.
fn start_watchdog() {
    let spawned = std::thread::Builder::new()
        .name("terminal-watchdog".into())
        .spawn(|| {
            loop {
                std::thread::sleep(WATCHDOG_EVERY);
                if terminal_gone() {
                    // 2: an I/O failure, as the binary's exit codes say.
                    std::process::exit(2);
                }
            }
        });
    // Without a watchdog a lost terminal still ends on SIGHUP; nothing to report.
    drop(spawned);
}

impl TerminalEvents {
    /// Starts listening for SIGTERM and SIGHUP. A second one while the
    /// first is being handled ends the process at once (a stuck UI can
    /// still be killed).
    pub fn new() -> TerminalEvents {
        let stop = Arc::new(AtomicBool::new(false));
        #[cfg(unix)]
        for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
            // A failed registration only leaves that signal's default
            // (immediate exit) in place: nothing to report to the user.
            let _ = signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&stop));
            let _ = signal_hook::flag::register(signal, Arc::clone(&stop));
        }
        start_watchdog();
        TerminalEvents { stop }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

impl Events for TerminalEvents {
    fn next(&mut self, timeout: Duration) -> Result<Option<UiEvent>, TuiError> {
        let io = |e: std::io::Error| TuiError::Terminal(e.to_string());
        if self.stopped() {
            return Ok(Some(UiEvent::Closed));
        }
        let ready = event::poll(timeout);
        // A signal may interrupt the wait: it wins over the error.
        if self.stopped() {
            return Ok(Some(UiEvent::Closed));
        }
        if !ready.map_err(io)? {
            return Ok(None);
        }
        // A terminal that goes away is the watchdog's (`start_watchdog`).
        Ok(match event::read().map_err(io)? {
            TermEvent::Key(key) if key.kind != KeyEventKind::Release => Some(UiEvent::Key(key)),
            TermEvent::Resize(..) => Some(UiEvent::Resize),
            _ => None,
        })
    }
}

/// A fixed list of events, then `Closed`: drives the real loop in tests.
#[derive(Debug, Default)]
pub struct Script {
    events: VecDeque<UiEvent>,
}

impl Script {
    pub fn new(events: impl IntoIterator<Item = UiEvent>) -> Script {
        Script {
            events: events.into_iter().collect(),
        }
    }

    /// Plain key presses, e.g. `Script::keys("nnq")` presses n, n, q.
    pub fn keys(keys: &str) -> Script {
        Script::new(keys.chars().map(|c| UiEvent::Key(press(c))))
    }

    pub fn push(&mut self, event: UiEvent) {
        self.events.push_back(event);
    }
}

/// A key press of a character (or `\n` = Enter, `\x1b` = Esc, `\t` = Tab).
pub fn press(c: char) -> KeyEvent {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    let code = match c {
        '\n' => KeyCode::Enter,
        '\x1b' => KeyCode::Esc,
        '\t' => KeyCode::Tab,
        '\x08' => KeyCode::Backspace,
        '↑' => KeyCode::Up,
        '↓' => KeyCode::Down,
        '←' => KeyCode::Left,
        '→' => KeyCode::Right,
        c => KeyCode::Char(c),
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

impl Events for Script {
    fn next(&mut self, _timeout: Duration) -> Result<Option<UiEvent>, TuiError> {
        Ok(Some(self.events.pop_front().unwrap_or(UiEvent::Closed)))
    }
}
