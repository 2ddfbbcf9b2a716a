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

    /// rustc-style text: `error[SR0102]: ...`, `--> file:line:col`, the
    /// source lines with labels, then notes. With `color`, ANSI escapes.
    pub fn render(&self, color: bool) -> String {
        let file = SimpleFile::new(self.name.as_str(), self.source.as_str());
        let config = term::Config::default();
        let mut out = String::new();
        for d in &self.diagnostics {
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
                    self.name,
                    severity_word(d.severity),
                    d.code,
                    d.message
                )),
            }
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
    let mut labels = vec![cs::Label::primary((), d.span.clone()).with_message(d.label.clone())];
    labels.extend(
        d.labels
            .iter()
            .map(|l| cs::Label::secondary((), l.span.clone()).with_message(l.message.clone())),
    );
    base.with_code(d.code)
        .with_message(d.message.clone())
        .with_labels(labels)
        .with_notes(d.notes.clone())
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
