//! Bad input never panics, and places survive line-ending changes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::path::Path;

use sitroom_scenario::check;

fn fixture(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(path).expect("fixture")
}

/// Every `file:line:col` a report mentions.
fn places(rendered: &str) -> Vec<String> {
    rendered
        .lines()
        .filter_map(|l| {
            l.split_once("┌─ ")
                .map(|(_, place)| place.trim().to_string())
        })
        .collect()
}

#[test]
fn every_truncation_of_the_full_fixture_is_reported_not_panicked() {
    let source = fixture("tests/valid/full.ron");
    let mut reported = 0;
    for (end, _) in source.char_indices().step_by(29) {
        let prefix = &source[..end];
        let report = check("prefix.ron", prefix).expect_err("a truncated scenario cannot be valid");
        assert!(report.errors() > 0);
        // Rendering must cope with whatever span the error has. A cut
        // inside a bracket is an unclosed bracket (SR0002) pointing at the
        // opener, before the cut; anything else is ron's own error.
        let rendered = report.render(false);
        assert!(
            rendered.contains("error[SR0001]") || rendered.contains("error[SR0002]"),
            "{rendered}"
        );
        if let Some(d) = report.diagnostics().iter().find(|d| d.code == "SR0002") {
            assert!(d.span.end <= end, "the opener is in the text: {rendered}");
            assert!(!rendered.contains("missing `,`"), "{rendered}");
        }
        reported += 1;
    }
    assert!(reported > 300);
}

#[test]
fn removing_any_one_line_never_panics() {
    let source = fixture("tests/valid/full.ron");
    let lines: Vec<&str> = source.lines().collect();
    let mut rejected = 0;
    for skip in 0..lines.len() {
        let text: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, l)| *l)
            .collect();
        let text = text.join("\n");
        match check("mutant.ron", &text) {
            Ok(checked) => {
                checked.warnings.render(true);
            }
            Err(report) => {
                report.render(true);
                rejected += 1;
            }
        }
    }
    // Most lines carry something required; a few (comments) do not.
    assert!(rejected > lines.len() / 2, "{rejected} of {}", lines.len());
}

#[test]
fn crlf_line_endings_give_the_same_places() {
    let source = fixture("tests/invalid/many-problems.ron");
    let crlf = source.replace('\n', "\r\n");
    let lf = check("x.ron", &source).expect_err("invalid");
    let with_crlf = check("x.ron", &crlf).expect_err("invalid");
    let expected = places(&lf.render(false));
    assert!(expected.len() > 5);
    assert_eq!(places(&with_crlf.render(false)), expected);
}

#[test]
fn a_parse_error_after_non_ascii_text_has_the_character_column() {
    let source = fixture("tests/invalid/parse-missing-comma.ron");
    let report = check("x.ron", &source).expect_err("invalid");
    // `summary` starts at character 50 of line 4 (byte 53: é, «, Ü, » are 2 bytes).
    assert_eq!(
        places(&report.render(false)),
        vec!["x.ron:4:50".to_string()]
    );
    let d = &report.diagnostics()[0];
    assert_eq!(&source[d.span.start..d.span.start + 7], "summary");
}

#[test]
fn empty_and_garbage_input_is_a_parse_error() {
    for (text, code) in [
        ("", "SR0001"),
        ("   \n", "SR0001"),
        ("Scenario", "SR0001"),
        ("(((((", "SR0001"),
        ("\u{feff}(", "SR0002"),
        ("🦀", "SR0001"),
        ("[1, 2, 3]", "SR0001"),
    ] {
        let report = check("x.ron", text).expect_err("not a scenario");
        assert_eq!(report.diagnostics()[0].code, code, "{text:?}");
        report.render(false);
    }
}
