//! Parsing the RON text into the model, with the IMPLICIT_SOME extension so
//! that optional fields are written without `Some(..)`.

use std::fmt;
use std::ops::Range;

use crate::model::Scenario;

/// A scenario that ron could not read, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// ron's message, e.g. "Unexpected missing field named `title`".
    pub message: String,
    /// 1-based line and column (in characters), as ron reports them.
    pub line: usize,
    pub column: usize,
    /// The same place as a byte range of the source.
    pub span: Range<usize>,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// The ron options scenarios are read with.
pub fn options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parses a scenario without checking it (see [`crate::check`] for that).
pub fn load(source: &str) -> Result<Scenario, ParseError> {
    options().from_str::<Scenario>(source).map_err(|e| {
        let start = byte_offset(source, e.span.start.line, e.span.start.col);
        let mut end = byte_offset(source, e.span.end.line, e.span.end.col).max(start);
        if end == start {
            end = next_char_end(source, start);
        }
        ParseError {
            message: e.code.to_string(),
            line: e.span.start.line,
            column: e.span.start.col,
            span: start..end,
        }
    })
}

/// The byte offset of a 1-based (line, column-in-characters) position.
/// Positions past the end of a line or of the text are clamped to it.
pub fn byte_offset(source: &str, line: usize, column: usize) -> usize {
    let mut line_start = 0usize;
    for _ in 1..line.max(1) {
        match source[line_start..].find('\n') {
            Some(newline) => line_start += newline + 1,
            None => return source.len(),
        }
    }
    let line_text = &source[line_start..];
    let line_text = &line_text[..line_text.find('\n').unwrap_or(line_text.len())];
    let within = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(at, _)| at);
    line_start + within
}

/// The end of the character at `at`, so that an empty range still
/// underlines something; stays put at a line end or the end of the text.
fn next_char_end(source: &str, at: usize) -> usize {
    match source[at..].chars().next() {
        Some('\n') | None => at,
        Some(c) => at + c.len_utf8(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\n«Ü» x\nz";
        // Line 2, column 4 is the space after «Ü» (3 characters, 6 bytes).
        assert_eq!(byte_offset(text, 2, 4), 3 + 6);
        assert_eq!(&text[byte_offset(text, 2, 5)..], "x\nz");
        assert_eq!(byte_offset(text, 1, 1), 0);
        assert_eq!(byte_offset(text, 3, 1), text.len() - 1);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let text = "ab\ncd";
        assert_eq!(byte_offset(text, 1, 99), 2);
        assert_eq!(byte_offset(text, 9, 1), text.len());
        assert_eq!(byte_offset(text, 0, 0), 0);
    }

    #[test]
    fn parse_errors_after_non_ascii_point_at_the_right_byte() {
        // The stray `?` is the 30th character of line 2 but its 32nd byte.
        let text = "(\n  meta: (id: \"é\", title: \"ü\" ?\n)";
        let error = load(text).err();
        let error = error.as_ref().map(|e| (e.line, &text[e.span.clone()]));
        assert_eq!(error, Some((2, "?")));
    }
}
