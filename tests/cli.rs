//! `check` and `graph` as a scenario author uses them, and the exit codes.

use crate::util::{repo, run};

/// Every shipped scenario passes the validator.
#[test]
fn every_shipped_scenario_checks_clean() {
    let mut files: Vec<_> = std::fs::read_dir(repo("scenarios"))
        .expect("scenarios/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenarios shipped");
    let mut args = vec!["check".to_string()];
    args.extend(files.iter().map(|p| p.display().to_string()));
    let out = run(&args);
    out.assert_code(0);
    for file in &files {
        assert!(
            out.stdout.contains(&format!("{}: ok", file.display())),
            "{} not reported ok:\n{}",
            file.display(),
            out.stdout
        );
    }
}

#[test]
fn an_invalid_scenario_fails_with_coded_diagnostics() {
    let dir = crate::util::tempdir();
    let path = dir.path().join("broken.ron");
    let mut text = std::fs::read_to_string(repo("scenarios/mission-compromise.ron")).unwrap();
    // Point the first team at an actor that does not exist.
    let at = text.find("actor: \"").expect("a team with an actor");
    text.insert_str(at + "actor: \"".len(), "nobody-");
    std::fs::write(&path, text).unwrap();
    let out = run(["check".as_ref(), path.as_os_str()]);
    out.assert_code(1);
    assert!(out.stderr.contains("error[SR"), "{}", out.stderr);
    assert!(out.stderr.contains("broken.ron:"), "{}", out.stderr);
}

#[test]
fn a_syntax_error_reports_line_and_column() {
    let dir = crate::util::tempdir();
    let path = dir.path().join("syntax.ron");
    std::fs::write(&path, "(\n  meta: (\n    id: \"x\",\n    title: ,\n").unwrap();
    let out = run(["check".as_ref(), path.as_os_str()]);
    out.assert_code(1);
    assert!(out.stderr.contains("SR0001"), "{}", out.stderr);
    assert!(out.stderr.contains("syntax.ron:4:"), "{}", out.stderr);
}

#[test]
fn missing_file_and_bad_usage_exit_2() {
    run(["check", "no/such/file.ron"]).assert_code(2);
    run(["check", "--frobnicate"]).assert_code(2);
    run(["run"]).assert_code(2);
}

#[test]
fn graph_prints_dot_and_mermaid() {
    let dot = run(["graph", "scenarios/mission-compromise.ron"]);
    dot.assert_code(0);
    assert!(dot.stdout.starts_with("digraph"), "{}", dot.stdout);
    let mermaid = run([
        "graph",
        "scenarios/mission-compromise.ron",
        "--format",
        "mermaid",
    ]);
    mermaid.assert_code(0);
    assert!(
        mermaid.stdout.starts_with("flowchart"),
        "{}",
        mermaid.stdout
    );
}

/// `check` warns where a score would rest on a default (SR0223) as the real
/// catalogue says, the same warnings the scenario crate's fixture, checked
/// there with a hand-written copy of the catalogue's facts, expects.
#[test]
fn score_defaults_are_warned_as_the_catalogue_reads_them() {
    let path = repo("crates/sitroom-scenario/tests/invalid/score-default.ron");
    let out = run(["check".as_ref(), path.as_os_str()]);
    out.assert_code(0);
    let text = format!("{}{}", out.stdout, out.stderr);
    for what in [
        "evidence on case `c-hack` in inject `i1` has no `reliability`",
        "option `expel` is scored with the default severity 0",
        "option `strike` is scored as reversible by default",
    ] {
        assert!(text.contains(what), "missing `{what}`:\n{text}");
    }
    assert_eq!(text.matches("warning[SR0223]").count(), 3, "{text}");
    assert!(text.contains("ok (3 warning(s))"), "{text}");
}

/// `check` knows the built-in norm catalogue: a misspelt norm id is an
/// error with a suggestion, and every catalogue id is accepted.
#[test]
fn norm_ids_are_checked_against_the_catalogue() {
    let dir = crate::util::tempdir();
    let path = dir.path().join("norms.ron");
    let text = std::fs::read_to_string(repo("scenarios/mission-compromise.ron")).unwrap();
    let at = text.find("norms: [\"").expect("an objective with norms") + "norms: [\"".len();
    let mut broken = text.clone();
    broken.insert_str(at, "proportionalty\", \"");
    std::fs::write(&path, broken).unwrap();
    let out = run(["check".as_ref(), path.as_os_str()]);
    out.assert_code(1);
    assert!(out.stderr.contains("error[SR0501]"), "{}", out.stderr);

    let catalogue = std::fs::read_to_string(repo("assets/norms.ron")).unwrap();
    let ids: Vec<&str> = catalogue
        .match_indices("id: \"")
        .map(|(i, m)| {
            let rest = &catalogue[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert!(ids.len() >= 20, "{ids:?}");
    let mut all = text;
    all.insert_str(
        at,
        &ids.iter()
            .map(|id| format!("{id}\", \""))
            .collect::<String>(),
    );
    std::fs::write(&path, all).unwrap();
    run(["check".as_ref(), path.as_os_str()]).assert_code(0);
}

/// A byte-order mark is accepted; a file that is not UTF-8 fails its check
/// with the position of the first bad byte, and the other files are still
/// checked.
#[test]
fn encodings_bom_accepted_latin1_located() {
    let dir = crate::util::tempdir();
    let bom = dir.path().join("bom.ron");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(std::fs::read(repo("scenarios/mission-compromise.ron")).unwrap());
    std::fs::write(&bom, bytes).unwrap();
    run(["check".as_ref(), bom.as_os_str()]).assert_code(0);

    let latin = dir.path().join("latin.ron");
    std::fs::write(&latin, b"(\n  meta: (id: \"caf\xe9\"").unwrap();
    let out = run(["check".as_ref(), latin.as_os_str(), bom.as_os_str()]);
    out.assert_code(1);
    assert!(
        out.stderr.contains("latin.ron:2:18: the file is not UTF-8"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("bom.ron: ok"), "{}", out.stdout);
}

/// `sitroom --help` and every subcommand's help, as snapshots: the command
/// line is API for scripts and for the README.
#[test]
fn help_texts_are_as_documented() {
    let out = run(["--help"]);
    out.assert_code(0);
    insta::assert_snapshot!("help", out.stdout);
    let commands: Vec<String> = out
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 8, "{commands:?}");
    for command in commands {
        let out = run([command.as_str(), "--help"]);
        out.assert_code(0);
        insta::assert_snapshot!(format!("help_{command}"), out.stdout);
    }
}
