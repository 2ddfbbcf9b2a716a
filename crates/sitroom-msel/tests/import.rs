//! MSEL fixtures (tests/fixtures/msel at the repository root) imported and
//! snapshotted: the RON an author gets, and every row left out or warned
//! about. Every produced scenario must load back as the same value.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::path::PathBuf;

use sitroom_msel::{ImportError, ImportOptions, Imported, SheetKind, import};
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
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
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

#[test]
fn excel_dates_xlsx() {
    let imported = run("excel-dates.xlsx", ImportOptions::default());
    // Title row 1 names the scenario; row 8's time is text that is no time.
    assert_eq!(
        imported.scenario.meta.title,
        "Operation Northern Lantern - MSEL"
    );
    assert_eq!(imported.problems.len(), 1);
    assert_eq!(imported.problems[0].row, 8);
    insta::assert_snapshot!(report(&imported));
}

#[test]
fn second_sheet_with_separate_day_column() {
    let opts = ImportOptions {
        sheet: Some("MSEL v2".into()),
        ..ImportOptions::default()
    };
    let imported = run("two-sheets.xlsx", opts);
    let times: Vec<_> = imported
        .scenario
        .injects
        .iter()
        .map(|i| i.release.clone())
        .collect();
    use sitroom_scenario::Trigger::At;
    // Day 1 09:00, Day 1 09:40, Day 2 08:00.
    assert_eq!(times, [At(0), At(40), At(1380)]);
    insta::assert_snapshot!(report(&imported));
}

#[test]
fn first_sheet_is_a_cover_page_without_header() {
    let err = import(
        &fixture("two-sheets.xlsx"),
        SheetKind::Xlsx,
        &ImportOptions::default(),
    )
    .unwrap_err();
    insta::assert_snapshot!(err.to_string(), @"no header row found: no row names at least two MSEL columns (event #, time, from, to, method, subject, message, ...); name the columns with --map, e.g. --map \"time=When,message=Text\"");
}

#[test]
fn unknown_sheet_lists_the_sheets() {
    let opts = ImportOptions {
        sheet: Some("Injects".into()),
        ..ImportOptions::default()
    };
    let err = import(&fixture("two-sheets.xlsx"), SheetKind::Xlsx, &opts).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the workbook has no sheet `Injects`; its sheets are: `Cover`, `MSEL v2`"
    );
}

#[test]
fn semicolon_csv_with_foreign_headers_needs_a_map() {
    let bytes = fixture("semicolon.csv");
    let err = import(&bytes, SheetKind::Csv, &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::NoHeader { .. }), "{err}");
    let opts = ImportOptions {
        map: Some(
            "number=Nr.,time=Zeit,from=Absender,to=Empfänger,method=Kanal,subject=Betreff,\
             message=Nachricht,action=Erwartete Reaktion"
                .into(),
        ),
        ..ImportOptions::default()
    };
    let imported = run("semicolon.csv", opts);
    assert_eq!(imported.imported_rows, 3);
    insta::assert_snapshot!(report(&imported));
}

#[test]
fn map_overrides_a_recognised_column_and_accepts_letters() {
    // clean.csv's "Subject" column (F) becomes the message, and "Notes" (J)
    // the subject: a deliberate remap, to see that --map wins.
    let opts = ImportOptions {
        map: Some("message=F,subject=Notes".into()),
        ..ImportOptions::default()
    };
    let imported = run("clean.csv", opts);
    let first = &imported.scenario.injects[0];
    assert_eq!(first.title, "Hand out the situation dossier.");
    assert!(
        first.text.starts_with("Opening situation"),
        "{}",
        first.text
    );
    // Row 3 has no notes: its title comes from the message (the subject).
    assert_eq!(
        imported.scenario.injects[1].title,
        "Beaconing from the finance ministry"
    );
}

#[test]
fn map_naming_a_missing_column_is_an_error() {
    let opts = ImportOptions {
        map: Some("time=When exactly".into()),
        ..ImportOptions::default()
    };
    let err = import(&fixture("clean.csv"), SheetKind::Csv, &opts).unwrap_err();
    insta::assert_snapshot!(err.to_string(), @"--map: `time=When exactly`: the header (row 1) has no column `When exactly`; its columns are: A `Event #`, B `Scenario Time`, C `From`, D `To`, E `Delivery Method`, F `Subject`, G `Message`, H `Expected Action`, I `Objective`, J `Notes`");
}

/// Small in-memory sheets for the error paths.
fn csv(text: &str) -> Result<Imported, ImportError> {
    import(text.as_bytes(), SheetKind::Csv, &ImportOptions::default())
}

#[test]
fn header_without_time_column_names_what_is_missing() {
    let err = csv("Subject,To,Message\nA,CERT,hello\n").unwrap_err();
    insta::assert_snapshot!(err.to_string(), @"the header (row 1) has no time column; its columns are: `Subject`, `To`, `Message`; name it with --map, e.g. --map \"time=Column name\"");
}

#[test]
fn no_importable_row_is_an_error_listing_the_problems() {
    let err = csv("Time,To,Message\nlater,CERT,hello\n08:00,,hello\n").unwrap_err();
    let ImportError::NoEvents { problems } = &err else {
        panic!("{err}");
    };
    assert_eq!(problems.len(), 2);
    assert_eq!(
        err.to_string(),
        "no row could be imported (2 problem(s), first: row 2: cannot read the time `later`; \
         use HH:MM, T+mm, D+1 08:00, a date-time like 2026-03-14 08:00 or a date-time group like 141530ZMAR26)"
    );
    let err = csv("Time,To,Message\n").unwrap_err();
    assert!(matches!(err, ImportError::NoEvents { ref problems } if problems.is_empty()));
}

#[test]
fn every_reason_of_a_bad_row_is_given() {
    let imported = csv("Time,To,Message\n08:00,CERT,ok\nnever,,\n").unwrap();
    assert_eq!(imported.problems.len(), 1);
    assert_eq!(
        imported.problems[0].reason,
        "cannot read the time `never`; use HH:MM, T+mm, D+1 08:00, a date-time like 2026-03-14 08:00 \
         or a date-time group like 141530ZMAR26; no message and no subject; no recipient"
    );
}

#[test]
fn a_date_far_from_the_others_is_reported_not_stretched() {
    let imported = csv(
        "Time,To,Message\n141530ZMAR26,CERT,a\n141600ZMAR26,CERT,b\n141630ZMAR62,CERT,typo year\n",
    )
    .unwrap();
    assert_eq!(imported.imported_rows, 2);
    assert_eq!(imported.problems[0].row, 4);
    assert_eq!(imported.scenario.meta.duration, 60);
    assert_eq!(
        imported.scenario.meta.start.as_deref(),
        Some("2026-03-14 15:30")
    );
}

#[test]
fn no_recipient_column_sends_everything_to_one_team() {
    let imported = csv("Time,Message\n08:00,first\n08:10,second\n").unwrap();
    assert_eq!(imported.scenario.teams.len(), 1);
    assert_eq!(imported.scenario.teams[0].id, "players");
    assert!(
        imported
            .scenario
            .injects
            .iter()
            .all(|i| i.audience == ["players"])
    );
    assert_eq!(imported.warnings.len(), 2, "{:?}", imported.warnings);
    assert_round_trips(&imported);
}

#[test]
fn garbage_bytes_do_not_panic() {
    for bytes in [
        &b""[..],
        b"\xff\xfe\x00",
        b"PK\x03\x04garbage",
        b"\"unterminated,\n",
    ] {
        let _ = import(bytes, SheetKind::Csv, &ImportOptions::default());
        let _ = import(bytes, SheetKind::Xlsx, &ImportOptions::default());
    }
    assert!(matches!(
        import(b"not a zip", SheetKind::Xlsx, &ImportOptions::default()),
        Err(ImportError::Unreadable(_))
    ));
}

#[test]
fn crlf_and_bom_change_nothing() {
    let plain = fixture("messy.csv");
    let text = String::from_utf8(plain.clone()).expect("UTF-8 fixture");
    let mut windows = b"\xEF\xBB\xBF".to_vec();
    windows.extend(text.replace('\n', "\r\n").into_bytes());
    let a = import(&plain, SheetKind::Csv, &ImportOptions::default()).unwrap();
    let b = import(&windows, SheetKind::Csv, &ImportOptions::default()).unwrap();
    assert_eq!(a.scenario, b.scenario);
    assert_eq!(a.problems, b.problems);
    assert_eq!(a.warnings, b.warnings);
}

/// Every prefix of a messy sheet, cut anywhere (mid-quote, mid-character),
/// either imports to a checked scenario or fails with an error: no panic.
#[test]
fn truncated_input_never_panics_and_never_yields_an_invalid_scenario() {
    let bytes = fixture("messy.csv");
    let mut imported = 0;
    for end in 0..=bytes.len() {
        if let Ok(result) = import(&bytes[..end], SheetKind::Csv, &ImportOptions::default()) {
            imported += 1;
            if end % 97 == 0 || end == bytes.len() {
                assert_round_trips(&result);
            }
        }
    }
    assert!(imported > 100, "only {imported} prefixes imported");
    let xlsx = fixture("excel-dates.xlsx");
    for end in (0..xlsx.len()).step_by(257) {
        assert!(import(&xlsx[..end], SheetKind::Xlsx, &ImportOptions::default()).is_err());
    }
}

#[test]
fn slashed_dates_take_the_order_the_sheet_reveals() {
    use sitroom_scenario::Trigger::At;
    let releases = |imported: &Imported| -> Vec<_> {
        imported
            .scenario
            .injects
            .iter()
            .map(|i| i.release.clone())
            .collect()
    };
    // Excel's US export: 3/14/2026 can only be month first.
    let us = csv("Date/Time,To,Message\n3/14/2026 8:00,CERT,a\n3/14/2026 13:15,CERT,b\n3/15/2026 9:00 AM,CERT,c\n")
        .unwrap();
    assert_eq!(releases(&us), [At(0), At(315), At(1500)]);
    assert_eq!(us.scenario.meta.start.as_deref(), Some("2026-03-14 08:00"));
    // Day first elsewhere: 14/03/2026.
    let eu =
        csv("Date/Time,To,Message\n14/03/2026 08:00,CERT,a\n02/04/2026 08:00,CERT,b\n").unwrap();
    assert_eq!(releases(&eu), [At(0), At(19 * 1440)]);
    assert!(
        eu.warnings
            .iter()
            .any(|w| w.reason.contains("day/month/year"))
    );
}

#[test]
fn awkward_text_survives_the_ron_round_trip() {
    let messages = [
        "tab\there",
        "back\\slash",
        "quote \" and raw \"# and \"## end",
        "r#\"not a raw string\"#",
        "nul \u{0} and bell \u{7}",
        "emoji 🛰️ and RTL مرحبا",
        "line one\r\nline two\rline three",
    ];
    let mut sheet = String::from("Time,To,Message,Subject\n");
    for (i, m) in messages.iter().enumerate() {
        let quoted = m.replace('"', "\"\"");
        sheet.push_str(&format!("T+{i},CERT,\"{quoted}\",\"{quoted}\"\n"));
    }
    let imported = csv(&sheet).unwrap();
    assert_eq!(imported.imported_rows, messages.len());
    assert_round_trips(&imported);
}

#[test]
fn two_fields_on_one_column_is_a_map_error() {
    let opts = ImportOptions {
        map: Some("message=G,subject=Message".into()),
        ..ImportOptions::default()
    };
    let err = import(&fixture("clean.csv"), SheetKind::Csv, &opts).unwrap_err();
    assert_eq!(
        err.to_string(),
        "--map: `subject` and `message` both name column G"
    );
}

/// The report lines (warnings and problems, as `import-msel` prints them
/// after `warning: ` / `not imported: `).
fn lines(imported: &Imported) -> Vec<String> {
    imported
        .warnings
        .iter()
        .chain(&imported.problems)
        .map(ToString::to_string)
        .collect()
}

#[track_caller]
fn assert_line(imported: &Imported, line: &str) {
    let all = lines(imported);
    assert!(
        all.iter().any(|l| l == line),
        "no report line\n  {line}\nin\n  {}",
        all.join("\n  ")
    );
}

fn inject<'a>(imported: &'a Imported, id: &str) -> &'a sitroom_scenario::Inject {
    imported
        .scenario
        .injects
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no inject `{id}`"))
}

#[test]
fn controller_columns_go_to_the_facilitator_note_not_the_text() {
    let imported = run("controller-columns.csv", ImportOptions::default());
    assert_line(
        &imported,
        "row 1: columns H `Expected Player Action`, I `Exercise Objective`, J `Controller Notes`, \
         K `Evaluator Notes`, L `Status` are for controllers only: imported into each inject's \
         facilitator_note, never into the text players read; the distinct objectives also \
         become the scenario's learning objectives, which the start screen lists",
    );
    let first = inject(&imported, "inj-1");
    assert_eq!(
        first.text,
        "Ministries report slow e-mail and failing logins."
    );
    assert_eq!(
        first.facilitator_note,
        "Expected player action: Convene the crisis cell and confirm roles.\n\
         Objective: Operational Coordination\n\
         Notes: Hand out the situation dossier.\n\
         Status: Ready\n\
         Evaluator Notes: Watch who takes the lead."
    );
    let third = inject(&imported, "inj-3");
    assert_eq!(
        third.facilitator_note,
        "Notes: The offer is genuine; Valdoria is a treaty partner.\nStatus: Draft"
    );
    for i in &imported.scenario.injects {
        for secret in [
            "Convene",
            "holding line",
            "Operational",
            "dossier",
            "genuine",
            "lead",
        ] {
            assert!(!i.text.contains(secret), "{}: {}", i.id, i.text);
            assert!(!i.title.contains(secret), "{}: {}", i.id, i.title);
        }
    }
    // Objectives still become the scenario's objectives.
    let objectives: Vec<_> = imported
        .scenario
        .meta
        .objectives
        .iter()
        .map(|o| o.text.as_str())
        .collect();
    assert_eq!(
        objectives,
        ["Operational Coordination", "Public Information and Warning"]
    );
    insta::assert_snapshot!(report(&imported));
}

#[test]
fn recipients_split_on_spaced_slashes_and_near_names_get_a_did_you_mean() {
    let imported = run("recipients.csv", ImportOptions::default());
    let teams: Vec<_> = imported
        .scenario
        .teams
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(
        teams,
        [
            "mfa",
            "cert",
            "cert-csirt",
            "legal",
            "m-f-a",
            "cert-team",
            "foreign-ministry",
            "foreign-minstry"
        ]
    );
    // "MFA / CERT" is two teams.
    assert_eq!(inject(&imported, "inj-1").audience, ["mfa", "cert"]);
    assert_line(&imported, "row 2: new team `mfa` ('MFA') from 'MFA / CERT'");
    assert_line(
        &imported,
        "row 2: new team `cert` ('CERT') from 'MFA / CERT'",
    );
    // An unspaced slash joins a name, unless both sides are teams.
    assert_eq!(inject(&imported, "inj-3").audience, ["cert-csirt"]);
    assert_line(
        &imported,
        "row 4: new team `cert-csirt` from 'CERT/CSIRT'; the slash in 'CERT/CSIRT' has no \
         spaces, so it is part of the name (write 'CERT / CSIRT' for 2 teams)",
    );
    assert_eq!(inject(&imported, "inj-4").audience, ["mfa", "legal"]);
    assert_line(
        &imported,
        "row 5: 'Legal/MFA' is read as 2 recipients, 'Legal' and 'MFA': each receives injects \
         on its own elsewhere in the sheet",
    );
    // Near names are separate teams, each pointing at the other one.
    assert_line(
        &imported,
        "row 7: new team `m-f-a` from 'M.F.A.'; did you mean `mfa` ('MFA', row 2)? Spell both \
         the same way to make them one team",
    );
    assert_line(
        &imported,
        "row 8: new team `cert-team` from 'Cert team'; did you mean `cert` ('CERT', row 2)? \
         Spell both the same way to make them one team",
    );
    assert_line(
        &imported,
        "row 11: new team `foreign-minstry` from 'Foreign Minstry'; did you mean \
         `foreign-ministry` ('Foreign Ministry', row 10)? Spell both the same way to make them \
         one team",
    );
    // Case alone makes no new team, but says so.
    assert_eq!(inject(&imported, "inj-8").audience, ["cert"]);
    assert_line(
        &imported,
        "row 9: 'cert' is team `cert` ('CERT', row 2): the same name but for case, accents or \
         punctuation",
    );
    insta::assert_snapshot!(report(&imported));
}

#[test]
fn cancelled_rows_in_any_status_column_are_skipped_and_reported() {
    let imported = run("cancelled.csv", ImportOptions::default());
    let ids: Vec<_> = imported
        .scenario
        .injects
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids, ["inj-1", "inj-7", "inj-8"]);
    for line in [
        "row 3: skipped: its status is 'Cancelled' (column G `Inject status`)",
        "row 4: skipped: its status is 'CANCELED' (column G `Inject status`)",
        "row 5: skipped: its status is 'Deleted' (column H `Status`)",
        "row 6: skipped: its status is 'Void' (column G `Inject status`)",
        "row 7: skipped: its status is 'Withdrawn by the exercise director' (column H `Status`)",
    ] {
        assert_line(&imported, line);
    }
    assert_eq!(imported.problems.len(), 5);
    assert_eq!(
        inject(&imported, "inj-7").facilitator_note,
        "Status: Not cancelled"
    );
    insta::assert_snapshot!(report(&imported));
}

#[test]
fn hidden_and_cancelled_xlsx_rows_are_skipped_and_blank_senders_filled() {
    let imported = run("hidden-rows.xlsx", ImportOptions::default());
    let ids: Vec<_> = imported
        .scenario
        .injects
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids, ["inj-1", "inj-3", "inj-5", "inj-7"]);
    assert_line(
        &imported,
        "row 3: skipped: the row is hidden in the workbook (unhide it to import it)",
    );
    assert_line(
        &imported,
        "row 5: skipped: its status is 'Cancelled' (column H `Status`)",
    );
    assert_line(
        &imported,
        "row 7: skipped: the row is hidden in the workbook (unhide it to import it); \
         its status is 'Cancelled' (column H `Status`)",
    );
    for i in &imported.scenario.injects {
        assert!(!i.text.contains("CONTROLLER ONLY"), "{}", i.text);
    }
    // The sender above a blank one is the one a facilitator sees: not the
    // hidden row's, but a cancelled (visible) row's.
    assert_eq!(inject(&imported, "inj-3").from, "Embassy of Valdoria");
    assert_line(
        &imported,
        "row 4: From was blank; took 'Embassy of Valdoria' from row 2",
    );
    assert_eq!(inject(&imported, "inj-5").from, "Host Nation Police");
    assert_line(
        &imported,
        "row 6: From was blank; took 'Host Nation Police' from row 5",
    );
    insta::assert_snapshot!(report(&imported));
}

#[test]
fn blank_from_is_filled_from_the_row_above() {
    let imported = run("blank-from.csv", ImportOptions::default());
    let from: Vec<_> = imported
        .scenario
        .injects
        .iter()
        .map(|i| i.from.as_str())
        .collect();
    assert_eq!(
        from,
        [
            "",
            "Embassy",
            "Embassy",
            "Embassy",
            "Host Nation Police",
            "Host Nation Police"
        ]
    );
    assert_line(
        &imported,
        "row 4: From was blank; took 'Embassy' from row 3",
    );
    assert_line(
        &imported,
        "row 5: From was blank; took 'Embassy' from row 3",
    );
    assert_line(
        &imported,
        "row 7: From was blank; took 'Host Nation Police' from row 6",
    );
    // Row 2 has nothing above it: it stays blank, and no From is made up.
    assert!(
        !lines(&imported)
            .iter()
            .any(|l| l.starts_with("row 2:") && l.contains("From")),
        "{:?}",
        lines(&imported)
    );
    // The actors count the filled rows.
    let embassy = imported
        .scenario
        .actors
        .iter()
        .find(|a| a.name == "Embassy")
        .expect("an Embassy actor");
    assert!(
        embassy.description.contains("3 inject(s)"),
        "{}",
        embassy.description
    );
    insta::assert_snapshot!(report(&imported));
}

#[test]
fn t_plus_times_count_from_startex_and_earlier_rows_are_released_with_it() {
    use sitroom_scenario::Trigger::At;
    let imported = run("startex.csv", ImportOptions::default());
    let releases: Vec<_> = imported
        .scenario
        .injects
        .iter()
        .map(|i| (i.id.as_str(), i.release.clone()))
        .collect();
    assert_eq!(
        releases,
        [
            ("inj-1", At(0)),
            ("inj-2", At(0)),
            ("inj-3", At(0)),
            ("inj-4", At(15)),
            ("inj-5", At(60)),
        ]
    );
    assert_line(
        &imported,
        "row 4: STARTEX (column F `Subject`: 'STARTEX'): minute 0 is this row's time `T+0`; \
         T+ times count from it",
    );
    assert_line(
        &imported,
        "row 2: `T-01:00` is 60 minute(s) before STARTEX (row 4): imported at minute 0, \
         released with STARTEX (delete the inject if it is pre-exercise logistics)",
    );
    assert_line(
        &imported,
        "row 3: `T-00:30` is 30 minute(s) before STARTEX (row 4): imported at minute 0, \
         released with STARTEX (delete the inject if it is pre-exercise logistics)",
    );
    assert_eq!(
        imported.scenario.meta.duration,
        60 + sitroom_msel::TAIL_MINUTES
    );
    insta::assert_snapshot!(report(&imported));
}

#[test]
fn a_row_marked_startex_anchors_clock_and_t_plus_times() {
    use sitroom_scenario::Trigger::At;
    let imported = run("startex-clock.csv", ImportOptions::default());
    let releases: Vec<_> = imported
        .scenario
        .injects
        .iter()
        .map(|i| (i.id.as_str(), i.release.clone()))
        .collect();
    // 08:30 is before STARTEX (09:00); T+30 is 09:30.
    assert_eq!(
        releases,
        [
            ("inj-1", At(0)),
            ("inj-2", At(0)),
            ("inj-3", At(30)),
            ("inj-4", At(45)),
        ]
    );
    assert_eq!(imported.scenario.meta.start.as_deref(), Some("09:00"));
    assert_line(
        &imported,
        "row 3: STARTEX (column G `Notes`: 'StartEx'): minute 0 is this row's time `09:00`; \
         T+ times count from it",
    );
    assert_line(
        &imported,
        "row 2: `08:30` is 30 minute(s) before STARTEX (row 3): imported at minute 0, \
         released with STARTEX (delete the inject if it is pre-exercise logistics)",
    );
    insta::assert_snapshot!(report(&imported));
}

#[test]
fn t_minus_rows_without_a_t_zero_row_are_before_startex() {
    use sitroom_scenario::Trigger::At;
    let imported =
        csv("Time,To,Message\nT-30,CERT,pre-exercise\nT+10,CERT,first\nT+20,CERT,second\n")
            .unwrap();
    let releases: Vec<_> = imported
        .scenario
        .injects
        .iter()
        .map(|i| i.release.clone())
        .collect();
    assert_eq!(releases, [At(0), At(10), At(20)]);
    assert_line(
        &imported,
        "row 2: `T-30` is 30 minute(s) before STARTEX (T+0): imported at minute 0, released \
         with STARTEX (delete the inject if it is pre-exercise logistics)",
    );
    assert_round_trips(&imported);
}

#[test]
fn a_time_cell_saying_startex_is_t_zero_and_a_second_marker_is_reported() {
    use sitroom_scenario::Trigger::At;
    let imported = csv(
        "Time,To,Subject\n08:45,CERT,setup\nSTARTEX,CERT,go\nT+15,CERT,next\n\
         D+1 09:00,CERT,STARTEX day 2\n",
    )
    .unwrap();
    let releases: Vec<_> = imported
        .scenario
        .injects
        .iter()
        .map(|i| i.release.clone())
        .collect();
    // STARTEX with no clock of its own is T+0, which counts from the
    // earliest clock time (08:45): nothing is before it.
    assert_eq!(releases, [At(0), At(0), At(15), At(1455)]);
    assert_line(
        &imported,
        "row 3: STARTEX (column A `Time`: 'STARTEX'): minute 0 is this row's time `STARTEX`; \
         T+ times count from it",
    );
    assert_line(
        &imported,
        "row 5: also marked STARTEX (column C `Subject`: 'STARTEX day 2'); the first, row 3, \
         is minute 0",
    );
    assert_round_trips(&imported);
}

#[test]
fn only_all_as_recipient_is_said() {
    let imported = csv("Time,To,Message\n08:00,All,first\n08:10,All players,second\n").unwrap();
    assert_eq!(imported.scenario.teams.len(), 1);
    assert_line(
        &imported,
        "row 1: no recipient names a player team (only 'All' or control cells): one team \
         `players` receives every inject sent to all",
    );
}
