//! Colours and text attributes. Every style here only *reinforces* a
//! meaning that the text already carries (a symbol, a label, a bracket):
//! with `NO_COLOR` the screens read the same, just without colour.

use ratatui::style::{Color, Modifier, Style};

/// The styles the screens use, by meaning rather than by colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used at all (false under `NO_COLOR`).
    pub color: bool,
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub accent: Style,
    /// The selected row of a list or the focused pane's border.
    pub selected: Style,
    pub focus_border: Style,
    pub border: Style,
    /// Something needing attention soon (deadline within the warning window).
    pub warn: Style,
    /// Something overdue, held or hostile.
    pub alert: Style,
    pub good: Style,
    pub key: Style,
}

impl Theme {
    /// The theme for the environment: the binary reads `NO_COLOR` and
    /// passes whether it was set (and non-empty) as `no_color`.
    pub fn from_env(no_color: bool) -> Theme {
        if no_color {
            Theme::plain()
        } else {
            Theme::colored()
        }
    }

    /// Colours reinforcing the symbols.
    pub fn colored() -> Theme {
        Theme {
            color: true,
            text: Style::new(),
            dim: Style::new().fg(Color::DarkGray),
            title: Style::new().add_modifier(Modifier::BOLD),
            accent: Style::new().fg(Color::Cyan),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            focus_border: Style::new().fg(Color::Cyan),
            border: Style::new().fg(Color::DarkGray),
            warn: Style::new().fg(Color::Yellow),
            alert: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            good: Style::new().fg(Color::Green),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        }
    }

    /// No colour at all: only bold, reverse video and the text itself.
    pub fn plain() -> Theme {
        Theme {
            color: false,
            text: Style::new(),
            dim: Style::new(),
            title: Style::new().add_modifier(Modifier::BOLD),
            accent: Style::new(),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            focus_border: Style::new().add_modifier(Modifier::BOLD),
            border: Style::new(),
            warn: Style::new(),
            alert: Style::new().add_modifier(Modifier::BOLD),
            good: Style::new(),
            key: Style::new().add_modifier(Modifier::BOLD),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_theme_has_no_colours() {
        let t = Theme::from_env(true);
        assert!(!t.color);
        for style in [
            t.text,
            t.dim,
            t.title,
            t.accent,
            t.selected,
            t.focus_border,
            t.border,
            t.warn,
            t.alert,
            t.good,
            t.key,
        ] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
        assert!(Theme::from_env(false).color);
    }
}
