//! MSEL fixtures (tests/fixtures/msel at the repository root) imported and
//! snapshotted: the RON an author gets, and every row left out or warned
//! about. Every produced scenario must load back as the same value.

use std::path::PathBuf;

use sitroom_msel::{ImportOptions, Imported, SheetKind, import};
use sitroom_scenario::Scenario;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/msel")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn run(name: &str, opts: ImportOptions) -> Imported {
    let kind = SheetKind::from_path(name.as_ref()).expect("fixture extension");
    let opts = ImportOptions {
        source: Some(name.to_string()),
        ..opts
    };
    let imported = import(&fixture(name), kind, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_round_trips(&imported);
    imported
}

/// The RON loads, with the loader's options, into the very scenario built.
fn assert_round_trips(imported: &Imported) {
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let back: Scenario = options
        .from_str(&imported.ron)
        .unwrap_or_else(|e| panic!("the RON does not load: {e}\n{}", imported.ron));
    assert_eq!(back, imported.scenario);
    match sitroom_scenario::check("imported.ron", &imported.ron) {
        Ok(checked) => {
            eprintln!("{}", checked.warnings.render(false));
        }
        Err(report) => panic!("the import does not check:\n{}", report.render(false)),
    }
}

/// What the snapshot shows: the counts, every problem and warning, the RON.
fn report(imported: &Imported) -> String {
    let mut out = format!("imported rows: {}\nproblems:\n", imported.imported_rows);
    for p in &imported.problems {
        out.push_str(&format!("  {p}\n"));
    }
    out.push_str("warnings:\n");
    for w in &imported.warnings {
        out.push_str(&format!("  {w}\n"));
    }
    out.push_str("--- RON\n");
    out.push_str(&imported.ron);
    out
}

#[test]
fn clean_csv() {
    let opts = ImportOptions {
        title: Some("Operation Quiet Harbour".into()),
        ..ImportOptions::default()
    };
    let imported = run("clean.csv", opts);
    assert_eq!(imported.scenario.meta.id, "operation-quiet-harbour");
    assert!(imported.problems.is_empty());
    assert_eq!(imported.imported_rows, 8);
    insta::assert_snapshot!(report(&imported));
}

#[test]
fn messy_csv() {
    let imported = run("messy.csv", ImportOptions::default());
    insta::assert_snapshot!(report(&imported));
}
