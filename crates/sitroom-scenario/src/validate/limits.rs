//! Bounds that keep an untrusted scenario from hurting the machine that
//! plays it: the id becomes part of a file name (SR0112), the duration
//! bounds the journal's size (SR0220), text fields are read into every
//! view and report (SR0221).

use crate::model::*;
use crate::report::Diagnostic;
use crate::span::Path;

use super::{Cx, root};

/// The longest exercise: a year of scenario minutes (NotPetya's 263 days
/// fit). A journaled run writes a line per minute.
pub const MAX_DURATION: Minutes = 525_600;
/// The longest text field (briefing, inject text, notes, labels), in bytes.
pub const MAX_TEXT_BYTES: usize = 16 * 1024;
/// The longest scenario id, in bytes.
pub const MAX_ID_BYTES: usize = 64;

/// Whether `id` can be a file-name stem on every system: 1 to 64 ASCII
/// letters, digits, `-`, `_` or `.`, starting with a letter or digit, and
/// not a name Windows reserves (`con`, `nul`, `com1`, ...).
pub fn is_safe_stem(id: &str) -> bool {
    let reserved = |stem: &str| {
        let stem = stem.to_ascii_lowercase();
        let stem = stem.split('.').next().unwrap_or_default();
        matches!(stem, "con" | "prn" | "aux" | "nul")
            || ((stem.starts_with("com") || stem.starts_with("lpt"))
                && stem.len() == 4
                && stem.as_bytes()[3].is_ascii_digit())
    };
    !id.is_empty()
        && id.len() <= MAX_ID_BYTES
        && id.as_bytes()[0].is_ascii_alphanumeric()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !id.ends_with('.')
        && !reserved(id)
}

pub(super) fn check(cx: &mut Cx) {
    let meta = &cx.s.meta;
    let at_meta = root().field("meta");
    if !is_safe_stem(&meta.id) {
        let span = cx.at(&at_meta.field("id"));
        cx.push(
            Diagnostic::error(
                "SR0112",
                format!("the scenario id `{}` is not a safe file name", meta.id),
                span,
            )
            .with_label("journals are named after it")
            .with_note(format!(
                "help: use 1 to {MAX_ID_BYTES} ASCII letters, digits, `-`, `_` or `.`, \
                 starting with a letter or digit (no `/`, `..` or spaces)"
            )),
        );
    }
    if meta.duration > MAX_DURATION {
        let span = cx.at(&at_meta.field("duration"));
        cx.push(
            Diagnostic::error(
                "SR0220",
                format!(
                    "the exercise lasts {} minutes, more than the {MAX_DURATION} allowed",
                    meta.duration
                ),
                span,
            )
            .with_label("too long")
            .with_note(
                "a journaled session writes a state hash for every minute; a year is the limit",
            ),
        );
    }
    for (path, text) in texts(cx.s, MAX_TEXT_BYTES) {
        let span = cx.at(&path);
        cx.push(
            Diagnostic::error(
                "SR0221",
                format!(
                    "a text of {} bytes, more than the {MAX_TEXT_BYTES} allowed",
                    text.len()
                ),
                span,
            )
            .with_label("too long")
            .with_note("split it into several injects, or move detail to a handout"),
        );
    }
}

/// Every free-text field with its model path.
/// The free texts longer than `limit` bytes, with where each is. A path is
/// built only for a text that is too long: on a scenario of 100,000
/// injects, building one for every text was a sixth of `check`.
fn texts<'s>(s: &'s Scenario, limit: usize) -> Vec<(Path, &'s str)> {
    let mut out: Vec<(Path, &'s str)> = Vec::new();
    // The path is built (the closure called) only for a text over the limit.
    let mut text = |path: &dyn Fn() -> Path, text: &'s str| {
        if text.len() > limit {
            out.push((path(), text));
        }
    };
    let meta = || root().field("meta");
    text(&|| meta().field("title"), &s.meta.title);
    text(&|| meta().field("summary"), &s.meta.summary);
    text(&|| meta().field("briefing"), &s.meta.briefing);
    text(
        &|| meta().field("facilitator_note"),
        &s.meta.facilitator_note,
    );
    for (i, o) in s.meta.objectives.iter().enumerate() {
        text(
            &|| meta().field("objectives").index(i).field("text"),
            &o.text,
        );
    }
    for (i, inject) in s.injects.iter().enumerate() {
        let at = || root().field("injects").index(i);
        text(&|| at().field("title"), &inject.title);
        text(&|| at().field("from"), &inject.from);
        text(&|| at().field("text"), &inject.text);
        text(&|| at().field("facilitator_note"), &inject.facilitator_note);
        for (k, e) in inject.evidence.iter().enumerate() {
            text(
                &|| at().field("evidence").index(k).field("description"),
                &e.description,
            );
        }
        if let Some(d) = &inject.decision {
            let at = || at().field("decision");
            text(&|| at().field("prompt"), &d.prompt);
            for (j, o) in d.options.iter().enumerate() {
                let at = || at().field("options").index(j);
                text(&|| at().field("label"), &o.label);
                text(&|| at().field("description"), &o.description);
                text(&|| at().field("facilitator_note"), &o.facilitator_note);
            }
        }
    }
    for (i, c) in s.cases.iter().enumerate() {
        let at = || root().field("cases").index(i);
        text(&|| at().field("incident"), &c.incident);
        text(
            &|| at().field("truth").field("explanation"),
            &c.truth.explanation,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_safe_stem;

    #[test]
    fn safe_stems() {
        for ok in ["mission-compromise", "a", "notpetya-2017", "x_1.v2"] {
            assert!(is_safe_stem(ok), "{ok}");
        }
        let long = "a".repeat(65);
        for bad in [
            "",
            "../../x",
            "/etc/passwd",
            "a/b",
            "a\\b",
            ".hidden",
            "..",
            "a.",
            "con",
            "NUL.txt",
            "com1",
            "a b",
            "\u{1b}[2J",
            "é",
            &long,
        ] {
            assert!(!is_safe_stem(bad), "{bad:?}");
        }
    }
}
