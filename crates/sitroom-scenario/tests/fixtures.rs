//! Scenario fixtures as data.
//!
//! - `tests/valid/*.ron` must check without errors or warnings.
//! - `tests/invalid/*.ron` each start with `// expect: SR0xxx, ...`, the
//!   exact set of codes the check must report; the rendered report (no
//!   colour) is snapshotted so that a reviewer sees every line:col.
//! - Every code documented in `docs/diagnostics.md` has a fixture, and every
//!   code a fixture produces is documented.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sitroom_scenario::{Checked, NormFacts, NormReads, Report, ResponseKind, ScoredField};

/// The norm ids of the catalogue (`assets/norms.ron`, owned by
/// sitroom-norms, which depends on this crate). The CLI passes the real
/// catalogue; `tests/cli.rs` checks that it does.
const KNOWN_NORMS: &[&str] = &[
    "gge-13a",
    "gge-13b",
    "gge-13c",
    "gge-13d",
    "gge-13e",
    "gge-13f",
    "gge-13g",
    "gge-13h",
    "gge-13i",
    "gge-13j",
    "gge-13k",
    "proportionality",
    "attribution-standard",
    "countermeasure-conditions",
    "necessity",
    "consider-information",
    "due-process",
    "assistance",
    "protect-infrastructure",
    "timeliness",
];

/// What the catalogue says its default norms read (`Catalogue::facts` in
/// sitroom-norms); `tests/cli.rs` checks that `sitroom check`, which passes
/// the real catalogue, reports the SR0223 fixture alike.
fn facts() -> NormFacts {
    use ResponseKind::*;
    let retorsion = [
        Demarche,
        PublicAttribution,
        JointAttribution,
        TargetedSanctions,
        Expulsion,
        EconomicSanctions,
        SeverRelations,
    ];
    let countermeasures = [Countermeasure, OffensiveCyber];
    let mut severity: Vec<ResponseKind> = retorsion.to_vec();
    severity.extend([LawEnforcement, DataSeizure]);
    severity.extend(countermeasures);
    severity.extend([NecessityMeasure, SelfDefence]);
    let read = |norm: &str, field, kinds: &[ResponseKind]| NormReads {
        norm: norm.to_string(),
        field,
        kinds: kinds.to_vec(),
    };
    NormFacts {
        known: KNOWN_NORMS.iter().map(|n| n.to_string()).collect(),
        default_set: [
            "proportionality",
            "attribution-standard",
            "countermeasure-conditions",
            "necessity",
            "consider-information",
            "due-process",
            "assistance",
            "protect-infrastructure",
            "timeliness",
        ]
        .iter()
        .map(|n| n.to_string())
        .collect(),
        reads: vec![
            read("proportionality", ScoredField::Severity, &severity),
            read(
                "countermeasure-conditions",
                ScoredField::Severity,
                &countermeasures,
            ),
            read(
                "countermeasure-conditions",
                ScoredField::Reversible,
                &countermeasures,
            ),
            read(
                "attribution-standard",
                ScoredField::Confidence,
                &[
                    PublicAttribution,
                    JointAttribution,
                    Countermeasure,
                    OffensiveCyber,
                    SelfDefence,
                ],
            ),
        ],
        severity_tolerance: 1,
    }
}

fn check(name: &str, source: &str) -> Result<Checked, Report> {
    sitroom_scenario::check_with_facts(name, source, &facts())
}

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

fn read(path: &Path) -> (String, String) {
    let stem = path.file_stem().expect("file name").to_string_lossy();
    let kind = path
        .parent()
        .and_then(|p| p.file_name())
        .expect("fixture folder")
        .to_string_lossy();
    let source = std::fs::read_to_string(path).expect("readable fixture");
    (format!("tests/{kind}/{stem}.ron"), source)
}

fn codes(report: &Report) -> BTreeSet<String> {
    report
        .diagnostics()
        .iter()
        .map(|d| d.code.to_string())
        .collect()
}

fn expected_codes(name: &str, source: &str) -> BTreeSet<String> {
    let line = source
        .lines()
        .find_map(|l| l.strip_prefix("// expect:"))
        .unwrap_or_else(|| panic!("{name} has no `// expect: SR...` line"));
    line.split(',').map(|c| c.trim().to_string()).collect()
}

#[test]
fn valid_fixtures_check_clean() {
    for path in fixtures("valid") {
        let (name, source) = read(&path);
        match check(&name, &source) {
            Ok(checked) => assert!(
                checked.warnings.is_empty(),
                "{name} has warnings:\n{}",
                checked.warnings.render(false)
            ),
            Err(report) => panic!("{name} does not check:\n{}", report.render(false)),
        }
    }
}

#[test]
fn invalid_fixtures_report_exactly_their_codes() {
    let mut failures = Vec::new();
    for path in fixtures("invalid") {
        let (name, source) = read(&path);
        let report = match check(&name, &source) {
            Ok(checked) => checked.warnings,
            Err(report) => report,
        };
        let expected = expected_codes(&name, &source);
        let found = codes(&report);
        if found != expected {
            failures.push(format!(
                "{name}: expected {expected:?}, found {found:?}\n{}",
                report.render(false)
            ));
        }
        let stem = path.file_stem().expect("file name").to_string_lossy();
        insta::assert_snapshot!(stem.as_ref(), report.render(false));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn errors_fail_the_check_and_warnings_do_not() {
    for path in fixtures("invalid") {
        let (name, source) = read(&path);
        match check(&name, &source) {
            Ok(checked) => assert_eq!(checked.warnings.errors(), 0, "{name}"),
            Err(report) => assert!(report.errors() > 0, "{name} failed without errors"),
        }
    }
}

#[test]
fn every_documented_code_has_a_fixture_and_the_reverse() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics.md");
    let docs = std::fs::read_to_string(&docs).expect("docs/diagnostics.md");
    let documented: BTreeSet<String> = docs
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| c.starts_with("SR"))
        .map(str::to_string)
        .collect();
    let mut covered = BTreeSet::new();
    for path in fixtures("invalid") {
        let (name, source) = read(&path);
        covered.extend(expected_codes(&name, &source));
    }
    assert_eq!(documented, covered);
}

/// Every `"SR0123"` literal in the crate's source: the codes it can emit.
fn codes_in_source(dir: &Path, found: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            codes_in_source(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source file");
            for piece in text.split('"').skip(1).step_by(2) {
                if piece.len() == 6
                    && piece.starts_with("SR")
                    && piece[2..].bytes().all(|b| b.is_ascii_digit())
                {
                    found.insert(piece.to_string());
                }
            }
        }
    }
}

#[test]
fn every_code_the_source_emits_has_a_fixture() {
    let mut emitted = BTreeSet::new();
    codes_in_source(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut emitted,
    );
    // The placeholder code of the report's own unit tests.
    emitted.remove("SR0000");
    let mut covered = BTreeSet::new();
    for path in fixtures("invalid") {
        let (name, source) = read(&path);
        covered.extend(expected_codes(&name, &source));
    }
    assert_eq!(emitted, covered);
}

#[test]
fn colour_rendering_adds_escapes_to_the_same_text() {
    let path = fixtures("invalid")
        .into_iter()
        .find(|p| p.ends_with("many-problems.ron"))
        .expect("many-problems fixture");
    let (name, source) = read(&path);
    let report = check(&name, &source).expect_err("has errors");
    let coloured = report.render(true);
    assert!(coloured.contains("\u{1b}["));
    let stripped = strip_ansi(&coloured);
    assert_eq!(stripped, report.render(false));
    assert_eq!(report.to_string(), report.render(false));
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn the_full_fixture_graphs_are_stable() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/valid/full.ron");
    let (name, source) = read(&path);
    let scenario = check(&name, &source).expect("full.ron checks").scenario;
    insta::assert_snapshot!("full_dot", sitroom_scenario::graph::to_dot(&scenario));
    insta::assert_snapshot!(
        "full_mermaid",
        sitroom_scenario::graph::to_mermaid(&scenario)
    );
}

/// One severity scale: every diagnostic a fixture produces has the severity
/// its heading in `docs/diagnostics.md` gives, `(error)` or `(warning)`.
#[test]
fn every_code_has_the_severity_its_documentation_says() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics.md");
    let docs = std::fs::read_to_string(&docs).expect("docs/diagnostics.md");
    let documented: std::collections::BTreeMap<String, bool> = docs
        .lines()
        .filter_map(|l| l.strip_prefix("## SR"))
        .map(|l| {
            let code = format!("SR{}", l.split_whitespace().next().unwrap_or(""));
            let error = if l.ends_with("(error)") {
                true
            } else if l.ends_with("(warning)") {
                false
            } else {
                panic!("heading `## SR{l}` ends with neither (error) nor (warning)")
            };
            (code, error)
        })
        .collect();
    let mut mismatches = Vec::new();
    let mut seen = BTreeSet::new();
    for path in fixtures("invalid") {
        let (name, source) = read(&path);
        let report = match check(&name, &source) {
            Ok(checked) => checked.warnings,
            Err(report) => report,
        };
        for d in report.diagnostics() {
            seen.insert(d.code.to_string());
            if documented.get(d.code) != Some(&d.is_error()) {
                mismatches.push(format!(
                    "{name}: {} is {} but documented as {:?}",
                    d.code,
                    if d.is_error() {
                        "an error"
                    } else {
                        "a warning"
                    },
                    documented
                        .get(d.code)
                        .map(|e| if *e { "error" } else { "warning" })
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert_eq!(
        seen.len(),
        documented.len(),
        "every documented code is seen"
    );
}
