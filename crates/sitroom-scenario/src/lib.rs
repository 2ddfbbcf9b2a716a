//! Sitroom scenarios: the RON model, loading with source positions,
//! validation that reports every problem at once, and the inject graph.
//! This crate knows nothing of bevy, the engine or any front end.

/// Dates as days since 1970 (shared by clock labels, journals, MSEL import).
pub mod calendar;
/// The inject graph (petgraph) and its DOT / Mermaid renderings.
pub mod graph;
/// Parsing RON with IMPLICIT_SOME; ron's positions as byte offsets.
pub mod load;
/// The serde types of a scenario file.
pub mod model;
/// Look-ups by id (`Scenario::inject`, `Decision::option`, ...).
mod query;
/// Diagnostics, the per-file report and its rustc-style rendering.
pub mod report;
/// Byte spans of values in the RON text, found by model path.
pub mod span;
/// The semantic checks and their stable codes.
mod validate;

pub use load::{ParseError, load};
pub use model::*;
pub use query::Leads;
pub use report::{Diagnostic, Label, Report, Severity, escape_controls};
pub use validate::limits::{MAX_DURATION, MAX_ID_BYTES, MAX_TEXT_BYTES, is_safe_stem};
pub use validate::{NormFacts, NormReads, ScoredField};

/// The largest scenario file read, in bytes.
pub const MAX_SOURCE_BYTES: u64 = 4 * 1024 * 1024;

/// A scenario that passed the checks, with the warnings it still has.
#[derive(Debug, Clone)]
pub struct Checked {
    pub scenario: Scenario,
    pub warnings: Report,
}

/// Parses and validates a scenario file. `name` is how the file is shown in
/// diagnostics (usually its path). Errors, and the warnings found with
/// them, come back as the `Err` report. Norm ids are not checked: the
/// catalogue lives in `sitroom-norms`, which depends on this crate; use
/// [`check_with_norms`] to check them too.
pub fn check(name: &str, source: &str) -> Result<Checked, Report> {
    check_inner(name, source, None, None)
}

/// [`check`], and also that every norm id the scenario selects or maps an
/// objective to is one of `known` (SR0501).
pub fn check_with_norms(name: &str, source: &str, known: &[&str]) -> Result<Checked, Report> {
    check_inner(name, source, Some(known), None)
}

/// [`check_with_norms`] with what the catalogue says each norm reads, so
/// that `check` also warns where a score would rest on a default the
/// author left (SR0223).
pub fn check_with_facts(name: &str, source: &str, facts: &NormFacts) -> Result<Checked, Report> {
    let known: Vec<&str> = facts.known.iter().map(String::as_str).collect();
    check_inner(name, source, Some(&known), Some(facts))
}

/// From this many bytes `check` reads the text twice at once (below, a
/// thread costs more than it saves).
const PARALLEL_FROM: usize = 256 * 1024;

fn check_inner(
    name: &str,
    source: &str,
    known: Option<&[&str]>,
    facts: Option<&NormFacts>,
) -> Result<Checked, Report> {
    // Editors on Windows like to start UTF-8 files with a byte-order mark;
    // it is not RON, but it is not the author's mistake either.
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    // The model and the map of where each value is written are two readings
    // of the same text, independent of each other: for a large text, on two
    // cores, they take the time of the longer one.
    let (parsed, tree) = if source.len() < PARALLEL_FROM {
        (load(source), span::SpanTree::new(source))
    } else {
        std::thread::scope(|scope| {
            let tree = scope.spawn(|| span::SpanTree::new(source));
            let parsed = load(source);
            let tree = tree.join().unwrap_or_else(|_| span::SpanTree::new(source));
            (parsed, tree)
        })
    };
    let scenario = match parsed {
        Ok(scenario) => scenario,
        Err(e) => {
            let d = parse_diagnostic(&e, source);
            return Err(Report::new(name, source, vec![d]));
        }
    };
    let found = validate::validate(&scenario, tree, known, facts);
    let report = Report::new(name, source, found);
    if report.errors() > 0 {
        Err(report)
    } else {
        Ok(Checked {
            warnings: report.only_warnings(),
            scenario,
        })
    }
}

/// SR0002 when a bracket left open explains where ron stopped (ron's
/// message there, often "Expected comma", is then a consequence), else
/// SR0001 with ron's message.
fn parse_diagnostic(e: &ParseError, source: &str) -> Diagnostic {
    // The bracket explains ron's error only when ron stopped after the
    // opener and no later than where the bracket problem shows: at the
    // wrong closer, or at the end of the text.
    let explains = |u: &span::Unclosed| {
        u.at.start <= e.span.start
            && match &u.closed_by {
                Some((_, at)) => e.span.start <= at.start,
                None => {
                    e.span.start >= source.trim_end().len()
                        || e.message.to_lowercase().contains("unexpected end")
                }
            }
    };
    if let Some(u) = span::unclosed_bracket(source).filter(explains) {
        let close = u.closer();
        let (label, secondary) = match &u.closed_by {
            Some((other, at)) => (
                format!("this `{}` is closed by a `{other}`", u.open),
                Some((
                    at.clone(),
                    format!("`{other}` where `{close}` was expected"),
                )),
            ),
            None => (format!("this `{}` is never closed", u.open), None),
        };
        let mut d = Diagnostic::error("SR0002", format!("unclosed `{}`", u.open), u.at.clone())
            .with_label(label);
        if let Some((at, message)) = secondary {
            d = d.with_secondary(at, message);
        }
        if u.closed_by.is_none() || u.closed_by.as_ref().is_some_and(|(_, at)| at != &e.span) {
            d = d.with_secondary(e.span.clone(), format!("ron stopped here: {}", e.message));
        }
        return d.with_note(format!(
            "help: add the `{close}` that closes it where its contents end"
        ));
    }
    let mut d = Diagnostic::error("SR0001", "the scenario is not valid RON", e.span.clone())
        .with_label(e.message.clone());
    let message = e.message.to_lowercase();
    if message.contains("missing field") {
        d = d.with_note("ron points at the end of the struct that lacks the field");
    } else if message.contains("expected") && message.contains("comma") {
        d = d.with_note("a missing `,` is reported at the token after it");
    }
    d
}
