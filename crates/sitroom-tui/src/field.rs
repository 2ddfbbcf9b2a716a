//! An editable text with a cursor and a length limit: the decision form's
//! rationale and the prompts. Nothing is ever cut silently: a character
//! that does not fit is refused (`insert` says so) and the room left is
//! shown by the screens.

use crate::action::Action;

/// Text being written, the cursor as a character index into it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Field {
    text: String,
    /// Characters before the cursor (0..=len).
    cursor: usize,
    limit: usize,
}

impl Field {
    pub fn new(limit: usize) -> Field {
        Field {
            text: String::new(),
            cursor: 0,
            limit,
        }
    }

    /// A field holding `text` with the cursor at its end; text beyond the
    /// limit is kept (the limit only stops typing more).
    pub fn with_text(limit: usize, text: &str) -> Field {
        Field {
            text: text.to_string(),
            cursor: text.chars().count(),
            limit,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn len(&self) -> usize {
        self.text.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Characters that may still be typed.
    pub fn room(&self) -> usize {
        self.limit.saturating_sub(self.len())
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts at the cursor; `false` (and nothing changes) when full.
    pub fn insert(&mut self, ch: char) -> bool {
        if self.room() == 0 || ch.is_control() && ch != '\n' {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert(at, ch);
        self.cursor += 1;
        true
    }

    /// Deletes the character before the cursor.
    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let at = self.byte_at(self.cursor - 1);
        self.text.remove(at);
        self.cursor -= 1;
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    /// To the start of the cursor's line.
    pub fn home(&mut self) {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        self.cursor = before
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |nl| nl + 1);
    }

    /// To the end of the cursor's line.
    pub fn end(&mut self) {
        let after = self
            .text
            .chars()
            .skip(self.cursor)
            .position(|c| c == '\n')
            .unwrap_or(self.len() - self.cursor);
        self.cursor += after;
    }

    /// The text with a cursor mark at the cursor, for drawing.
    pub fn with_cursor(&self, mark: char) -> String {
        let mut shown = self.text.clone();
        shown.insert(self.byte_at(self.cursor), mark);
        shown
    }
}

/// Edits a text field with the keys every text box shares; `false` when
/// the action is not an edit.
pub fn edit(field: &mut Field, action: Action) -> Result<bool, &'static str> {
    match action {
        Action::Type(ch) => {
            if field.insert(ch) {
                Ok(true)
            } else {
                Err("The text is full: nothing more can be typed.")
            }
        }
        Action::NewLine => {
            if field.insert('\n') {
                Ok(true)
            } else {
                Err("The text is full: nothing more can be typed.")
            }
        }
        Action::Backspace => {
            field.backspace();
            Ok(true)
        }
        Action::CursorLeft => {
            field.left();
            Ok(true)
        }
        Action::CursorRight => {
            field.right();
            Ok(true)
        }
        Action::LineStart => {
            field.home();
            Ok(true)
        }
        Action::LineEnd => {
            field.end();
            Ok(true)
        }
        _ => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::Field;

    #[test]
    fn the_cursor_moves_and_text_goes_where_it_is() {
        let mut f = Field::new(10);
        for ch in "acd".chars() {
            assert!(f.insert(ch));
        }
        f.left();
        f.left();
        f.insert('b');
        assert_eq!(f.text(), "abcd");
        assert_eq!(f.with_cursor('|'), "ab|cd");
        f.backspace();
        assert_eq!(f.text(), "acd");
        f.end();
        assert_eq!(f.cursor(), 3);
        f.home();
        assert_eq!(f.cursor(), 0);
        f.left();
        assert_eq!(f.cursor(), 0);
    }

    #[test]
    fn a_full_field_refuses_and_says_how_much_room_is_left() {
        let mut f = Field::new(3);
        assert!(f.insert('é') && f.insert('b'));
        assert_eq!(f.room(), 1);
        assert!(f.insert('c'));
        assert!(!f.insert('d'), "nothing is cut: the fourth is refused");
        assert_eq!(f.text(), "ébc");
        assert_eq!(f.room(), 0);
    }

    #[test]
    fn lines_have_their_own_home_and_end() {
        let mut f = Field::with_text(50, "first\nsecond");
        f.home();
        assert_eq!(f.cursor(), 6);
        f.left();
        f.home();
        assert_eq!(f.cursor(), 0);
        f.end();
        assert_eq!(f.cursor(), 5);
        assert!(!f.insert('\u{7}'), "control characters are not text");
    }
}
