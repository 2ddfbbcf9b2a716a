//! Diagnostics of one scenario file and their rustc-style rendering
//! (codespan-reporting). Every diagnostic has a stable code, documented in
//! `docs/diagnostics.md`.

use std::fmt;
use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// A secondary place shown with a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Byte range in the source.
    pub span: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code such as `SR0102`.
    pub code: &'static str,
    pub message: String,
    /// Byte range of the primary place in the source.
    pub span: Range<usize>,
    /// What the primary place is, shown under it.
    pub label: String,
    pub labels: Vec<Label>,
    /// Explanations and `help: ...` lines.
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, span: Range<usize>) -> Self {
        Self::new(Severity::Error, code, message, span)
    }

    pub fn warning(code: &'static str, message: impl Into<String>, span: Range<usize>) -> Self {
        Self::new(Severity::Warning, code, message, span)
    }

    fn new(
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
        span: Range<usize>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span,
            label: String::new(),
            labels: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_secondary(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// All diagnostics of one file, ordered by their place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    name: String,
    source: String,
    diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Orders the diagnostics by position (then code, then message) so the
    /// output does not depend on the order the checks ran in.
    pub fn new(name: &str, source: &str, mut diagnostics: Vec<Diagnostic>) -> Report {
        for d in &mut diagnostics {
            d.span = clamp(source, &d.span);
            for label in &mut d.labels {
                label.span = clamp(source, &label.span);
            }
        }
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.code, &a.message).cmp(&(b.span.start, b.code, &b.message))
        });
        diagnostics.dedup();
        Report {
            name: name.to_string(),
            source: source.to_string(),
            diagnostics,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The warnings alone, for a scenario that passed.
    pub(crate) fn only_warnings(&self) -> Report {
        Report {
            name: self.name.clone(),
            source: self.source.clone(),
            diagnostics: self
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .cloned()
                .collect(),
        }
    }

    /// The most diagnostics `render` prints; the rest are counted.
    pub const PRINT_LIMIT: usize = 100;

    /// rustc-style text: `error[SR0102]: ...`, `--> file:line:col`, the
    /// source lines with labels, then notes. With `color`, ANSI escapes.
    /// Control characters of the scenario (in its source lines, ids and
    /// name) are shown escaped, never sent to the terminal; at most
    /// [`Report::PRINT_LIMIT`] diagnostics are printed.
    pub fn render(&self, color: bool) -> String {
        let name = escape_controls(&self.name);
        let source = mask_controls(&self.source);
        let file = SimpleFile::new(name.as_str(), source.as_str());
        let config = term::Config::default();
        let mut out = String::new();
        for d in self.diagnostics.iter().take(Self::PRINT_LIMIT) {
            let diagnostic = to_codespan(d);
            let rendered = if color {
                let mut buffer = term::termcolor::Buffer::ansi();
                term::emit_to_write_style(&mut buffer, &config, &file, &diagnostic)
                    .map(|()| String::from_utf8_lossy(buffer.as_slice()).into_owned())
            } else {
                term::emit_into_string(&config, &file, &diagnostic)
            };
            match rendered {
                Ok(text) => out.push_str(&text),
                // Spans are clamped to the source, so this is not expected;
                // still say what is wrong rather than nothing.
                Err(_) => out.push_str(&format!(
                    "{}: {}[{}]: {}\n",
                    name,
                    severity_word(d.severity),
                    d.code,
                    escape_controls(&d.message)
                )),
            }
        }
        let hidden = self.diagnostics.len().saturating_sub(Self::PRINT_LIMIT);
        if hidden > 0 {
            out.push_str(&format!(
                "... and {hidden} more diagnostic(s) not shown (the first {} are above)\n",
                Self::PRINT_LIMIT
            ));
        }
        out
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn to_codespan(d: &Diagnostic) -> cs::Diagnostic<()> {
    let base = match d.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    };
    let mut labels =
        vec![cs::Label::primary((), d.span.clone()).with_message(escape_controls(&d.label))];
    labels.extend(d.labels.iter().map(|l| {
        cs::Label::secondary((), l.span.clone()).with_message(escape_controls(&l.message))
    }));
    base.with_code(d.code)
        .with_message(escape_controls(&d.message))
        .with_labels(labels)
        .with_notes(d.notes.iter().map(|n| escape_controls(n)).collect())
}

/// Whether a character must not reach a terminal raw: C0 controls but tab
/// and newline, DEL, C1 controls (`\u{9b}` starts an escape sequence on
/// some terminals) and the bidirectional overrides that reorder text.
fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text from a file, safe to print on a terminal: every control character
/// (but newline and tab) as a Rust escape (`\u{1b}`).
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(is_hostile) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if is_hostile(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The source with each hostile character replaced by `?`s of its byte
/// length, so that the byte offsets of the diagnostics still hold. A
/// carriage return before a newline stays (Windows line ends).
fn mask_controls(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
        } else if is_hostile(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

/// Keeps a range inside the text and on character boundaries.
fn clamp(source: &str, span: &Range<usize>) -> Range<usize> {
    let fix = |mut at: usize| {
        at = at.min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = fix(span.start);
    let end = fix(span.end).max(start);
    start..end
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Report {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_outside_the_text_or_inside_a_character_are_clamped() {
        let source = "é\nü";
        let report = Report::new(
            "x.ron",
            source,
            vec![
                Diagnostic::error("SR0000", "inside a character", 1..2),
                Diagnostic::warning("SR0000", "past the end", 10..20),
                Diagnostic::warning("SR0000", "reversed", Range { start: 3, end: 0 }),
            ],
        );
        for d in report.diagnostics() {
            assert!(source.is_char_boundary(d.span.start) && source.is_char_boundary(d.span.end));
            assert!(d.span.start <= d.span.end && d.span.end <= source.len());
        }
        let text = report.render(false);
        assert!(text.contains("x.ron:1:1"), "{text}");
        assert_eq!((report.errors(), report.warnings()), (1, 2));
    }

    #[test]
    fn at_most_the_print_limit_is_rendered_and_controls_are_escaped() {
        let source = "a\u{1b}[2J\u{9b}b\r\nc\n";
        let many: Vec<Diagnostic> = (0..Report::PRINT_LIMIT + 7)
            .map(|i| Diagnostic::error("SR0000", format!("n{i} \u{1b}]0;t\u{7}"), 0..1))
            .collect();
        let report = Report::new("x\u{1b}.ron", source, many);
        let text = report.render(false);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{9b}'),
            "{text}"
        );
        assert!(!text.contains('\u{7}'), "{text}");
        assert!(text.contains("\\u{1b}]0;t\\u{7}"), "{text}");
        assert!(text.contains("a?[2J??b"), "{text}");
        assert_eq!(text.matches("error[SR0000]").count(), Report::PRINT_LIMIT);
        assert!(
            text.contains("... and 7 more diagnostic(s) not shown"),
            "{text}"
        );
        assert_eq!(escape_controls("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(escape_controls("\u{202e}x"), "\\u{202e}x");
    }

    #[test]
    fn diagnostics_are_ordered_by_place_and_deduplicated() {
        let source = "abc\ndef\n";
        let late = Diagnostic::error("SR0000", "late", 5..6);
        let early = Diagnostic::warning("SR0000", "early", 1..2);
        let report = Report::new("x", source, vec![late.clone(), early.clone(), late.clone()]);
        assert_eq!(report.diagnostics(), &[early, late]);
        assert!(!report.is_empty());
        assert_eq!(report.only_warnings().diagnostics().len(), 1);
    }
}
