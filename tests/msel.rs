//! `sitroom import-msel` and `sitroom new` as a facilitator uses them:
//! spreadsheets in, scenarios that `sitroom check` accepts out, every row
//! left out named on stderr, and the exit codes (0 written, 1 no row could
//! be imported, 2 unreadable input, bad arguments or a file in the way).

use std::path::Path;

use crate::util::{read, repo, run, sitroom, tempdir};

fn fixture(name: &str) -> String {
    repo("tests/fixtures/msel").join(name).display().to_string()
}

/// `sitroom check FILE` succeeds.
#[track_caller]
fn assert_checks(path: &Path) {
    let out = run(["check".as_ref(), path.as_os_str()]);
    out.assert_code(0);
}

#[test]
fn clean_csv_imports_every_row_and_checks() {
    let dir = tempdir();
    let out_path = dir.path().join("clean.ron");
    let out = run([
        "import-msel".as_ref(),
        fixture("clean.csv").as_ref(),
        "-o".as_ref(),
        out_path.as_os_str(),
    ]);
    out.assert_code(0);
    assert!(
        out.stderr.contains("imported 8 of 8 row(s)"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("not imported"), "{}", out.stderr);
    let ron = read(&out_path);
    assert!(
        ron.starts_with("// Imported by `sitroom import-msel` from clean.csv"),
        "{ron}"
    );
    assert_checks(&out_path);
}

#[test]
fn without_o_the_scenario_goes_to_stdout() {
    let out = run(["import-msel", &fixture("clean.csv")]);
    out.assert_code(0);
    let checked = sitroom_scenario::check("stdout", &out.stdout)
        .unwrap_or_else(|report| panic!("{}", report.render(false)));
    assert_eq!(checked.scenario.injects.len(), 8);
}

#[test]
fn messy_csv_names_every_row_left_out() {
    let dir = tempdir();
    let out_path = dir.path().join("messy.ron");
    let out = run([
        "import-msel".as_ref(),
        fixture("messy.csv").as_ref(),
        "-o".as_ref(),
        out_path.as_os_str(),
    ]);
    out.assert_code(0);
    assert!(
        out.stderr.contains("imported 6 of 9 row(s)"),
        "{}",
        out.stderr
    );
    for line in [
        "not imported: row 9: cannot read the time `soon`",
        "not imported: row 10: no recipient",
        "not imported: row 15: no message and no subject",
        "warning: row 12: unknown delivery method `Carrier pigeon`; imported as a briefing",
    ] {
        assert!(
            out.stderr.contains(line),
            "missing `{line}` in\n{}",
            out.stderr
        );
    }
    assert_checks(&out_path);
}

#[test]
fn xlsx_with_excel_dates_imports_and_checks() {
    let dir = tempdir();
    let out_path = dir.path().join("lantern.ron");
    let out = run([
        "import-msel".as_ref(),
        fixture("excel-dates.xlsx").as_ref(),
        "-o".as_ref(),
        out_path.as_os_str(),
    ]);
    out.assert_code(0);
    assert!(
        out.stderr.contains("imported 7 of 8 row(s)"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("not imported: row 8:"),
        "{}",
        out.stderr
    );
    assert_checks(&out_path);
}

#[test]
fn sheet_chooses_the_worksheet() {
    let dir = tempdir();
    let out_path = dir.path().join("harbour.ron");
    // The first sheet is a cover page: no header there.
    let out = run(["import-msel", &fixture("two-sheets.xlsx")]);
    out.assert_code(2);
    assert!(out.stderr.contains("no header row found"), "{}", out.stderr);

    let out = run([
        "import-msel".as_ref(),
        fixture("two-sheets.xlsx").as_ref(),
        "--sheet".as_ref(),
        "MSEL v2".as_ref(),
        "-o".as_ref(),
        out_path.as_os_str(),
    ]);
    out.assert_code(0);
    assert_checks(&out_path);

    let out = run([
        "import-msel",
        &fixture("two-sheets.xlsx"),
        "--sheet",
        "Injects",
    ]);
    out.assert_code(2);
    assert!(out.stderr.contains("`Cover`, `MSEL v2`"), "{}", out.stderr);
}

#[test]
fn map_names_columns_the_import_does_not_know() {
    let out = run(["import-msel", &fixture("semicolon.csv")]);
    out.assert_code(2);
    assert!(out.stderr.contains("--map"), "{}", out.stderr);

    let dir = tempdir();
    let out_path = dir.path().join("de.ron");
    let out = run([
        "import-msel".as_ref(),
        fixture("semicolon.csv").as_ref(),
        "--map".as_ref(),
        "time=Zeit,from=Absender,to=Empfänger,method=Kanal,subject=Betreff,message=Nachricht"
            .as_ref(),
        "-o".as_ref(),
        out_path.as_os_str(),
    ]);
    out.assert_code(0);
    assert!(read(&out_path).contains("Tagesspiegel"));
    assert_checks(&out_path);

    let out = run(["import-msel", &fixture("clean.csv"), "--map", "colour=C"]);
    out.assert_code(2);
    assert!(
        out.stderr.contains("unknown field `colour`"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_sheet_without_one_good_row_exits_1() {
    let dir = tempdir();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, "Time,To,Message\nlater,CERT,hello\n08:00,,hello\n").unwrap();
    let out = run(["import-msel".as_ref(), path.as_os_str()]);
    out.assert_code(1);
    assert!(out.stderr.contains("row 2"), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

#[test]
fn unreadable_input_and_existing_output_exit_2() {
    run(["import-msel", "no/such/msel.csv"]).assert_code(2);

    let dir = tempdir();
    let bogus = dir.path().join("bogus.xlsx");
    std::fs::write(&bogus, "this is not a workbook").unwrap();
    let out = run(["import-msel".as_ref(), bogus.as_os_str()]);
    out.assert_code(2);

    // -o never overwrites: an author may have edited the earlier import.
    let existing = dir.path().join("existing.ron");
    std::fs::write(&existing, "keep me").unwrap();
    let out = run([
        "import-msel".as_ref(),
        fixture("clean.csv").as_ref(),
        "-o".as_ref(),
        existing.as_os_str(),
    ]);
    out.assert_code(2);
    assert_eq!(read(&existing), "keep me");
}

#[test]
fn new_writes_a_skeleton_that_checks_and_plays() {
    let dir = tempdir();
    let out = sitroom()
        .current_dir(dir.path())
        .args(["new", "Grid Blackout"])
        .output()
        .expect("spawn sitroom");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join("grid-blackout.ron");
    let text = read(&path);
    assert!(text.contains("id: \"grid-blackout\""), "{text}");
    assert_checks(&path);
    run(["run".as_ref(), path.as_os_str()]).assert_code(0);

    // A second `new` with the same name leaves the author's file alone.
    std::fs::write(&path, "edited").unwrap();
    let again = sitroom()
        .current_dir(dir.path())
        .args(["new", "Grid Blackout"])
        .output()
        .expect("spawn sitroom");
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(read(&path), "edited");
}

#[test]
fn new_with_o_writes_where_asked() {
    let dir = tempdir();
    let path = dir.path().join("drafts-first.ron");
    let out = run([
        "new".as_ref(),
        "First draft".as_ref(),
        "-o".as_ref(),
        path.as_os_str(),
    ]);
    out.assert_code(0);
    assert!(read(&path).contains("id: \"first-draft\""));
    assert_checks(&path);
}

/// Imports a fixture to a file; returns the run and the checked scenario.
fn import_fixture(name: &str) -> (crate::util::Run, sitroom_scenario::Scenario) {
    let dir = tempdir();
    let out_path = dir.path().join("imported.ron");
    let out = run([
        "import-msel".as_ref(),
        fixture(name).as_ref(),
        "-o".as_ref(),
        out_path.as_os_str(),
    ]);
    out.assert_code(0);
    assert_checks(&out_path);
    let scenario = sitroom_scenario::check("imported.ron", &read(&out_path))
        .unwrap_or_else(|report| panic!("{}", report.render(false)))
        .scenario;
    (out, scenario)
}

#[track_caller]
fn assert_stderr(out: &crate::util::Run, lines: &[&str]) {
    for line in lines {
        assert!(
            out.stderr.lines().any(|l| l == *line),
            "missing `{line}` in\n{}",
            out.stderr
        );
    }
}

#[test]
fn controller_columns_reach_the_facilitator_note_not_the_players() {
    let (out, scenario) = import_fixture("controller-columns.csv");
    assert_stderr(
        &out,
        &[
            "warning: row 1: columns H `Expected Player Action`, I `Exercise Objective`, \
           J `Controller Notes`, K `Evaluator Notes`, L `Status` are for controllers only: \
           imported into each inject's facilitator_note, never into the text players read; \
           the distinct objectives also become the scenario's learning objectives, which the \
           start screen lists",
        ],
    );
    let first = &scenario.injects[0];
    assert!(!first.text.contains("Convene"), "{}", first.text);
    assert!(
        first
            .facilitator_note
            .contains("Expected player action: Convene the crisis cell and confirm roles."),
        "{}",
        first.facilitator_note
    );
}

#[test]
fn hidden_and_cancelled_rows_and_filled_senders_are_reported() {
    let (out, scenario) = import_fixture("hidden-rows.xlsx");
    assert_stderr(
        &out,
        &[
            "not imported: row 3: skipped: the row is hidden in the workbook (unhide it to import it)",
            "not imported: row 5: skipped: its status is 'Cancelled' (column H `Status`)",
            "warning: row 4: From was blank; took 'Embassy of Valdoria' from row 2",
            "warning: row 6: From was blank; took 'Host Nation Police' from row 5",
        ],
    );
    assert!(
        out.stderr.contains("imported 4 of 7 row(s)"),
        "{}",
        out.stderr
    );
    assert!(
        scenario
            .injects
            .iter()
            .all(|i| !i.text.contains("CONTROLLER ONLY"))
    );

    let (out, scenario) = import_fixture("cancelled.csv");
    assert_stderr(
        &out,
        &["not imported: row 6: skipped: its status is 'Void' (column G `Inject status`)"],
    );
    assert_eq!(scenario.injects.len(), 3);
}

#[test]
fn teams_created_and_startex_are_reported() {
    let (out, scenario) = import_fixture("recipients.csv");
    assert_stderr(
        &out,
        &[
            "warning: row 2: new team `mfa` ('MFA') from 'MFA / CERT'",
            "warning: row 2: new team `cert` ('CERT') from 'MFA / CERT'",
            "warning: row 7: new team `m-f-a` from 'M.F.A.'; did you mean `mfa` ('MFA', row 2)? \
             Spell both the same way to make them one team",
        ],
    );
    assert_eq!(scenario.injects[0].audience, ["mfa", "cert"]);

    let (out, scenario) = import_fixture("startex.csv");
    assert_stderr(
        &out,
        &[
            "warning: row 4: STARTEX (column F `Subject`: 'STARTEX'): minute 0 is this row's \
             time `T+0`; T+ times count from it",
            "warning: row 3: `T-00:30` is 30 minute(s) before STARTEX (row 4): imported at \
             minute 0, released with STARTEX (delete the inject if it is pre-exercise logistics)",
        ],
    );
    let startex = scenario
        .injects
        .iter()
        .find(|i| i.title == "STARTEX")
        .expect("the STARTEX inject");
    assert_eq!(startex.release, sitroom_scenario::Trigger::At(0));
}
