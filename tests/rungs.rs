//! One numbering of rungs (issue 16): every surface people read counts the
//! escalation ladder's rungs the same way, from 1, lowest first — the log's
//! words, a trigger in words, the console's gauge and ladder, the report's
//! chart and the run summary — whatever `level` the scenario gives a rung.
//! (Journals and the JSON formats keep the index from 0; they are formats,
//! not surfaces.)

use std::sync::Arc;

use sitroom_engine::{Event, RungView, Session};
use sitroom_record::{Record, words};
use sitroom_scenario::{Cmp, Condition, ESCALATION, Scenario};
use sitroom_tui::Theme;
use sitroom_tui::widgets::{escalation_ladder, escalation_line};

use crate::util::{read, repo, run};

fn shipped() -> Vec<(String, Arc<Scenario>)> {
    let mut files: Vec<_> = std::fs::read_dir(repo("scenarios"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = p.display().to_string();
            let checked = sitroom_scenario::check(&name, &read(p))
                .unwrap_or_else(|r| panic!("{}", r.render(false)));
            (name, Arc::new(checked.scenario))
        })
        .collect()
}

/// The rung number and count a text gives: "rung 3 of 8" or "rung 3/8".
fn rung_in(text: &str) -> Option<(usize, usize)> {
    let at = text.find("rung ")? + "rung ".len();
    let rest = &text[at..];
    let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let rest = &rest[n.len()..];
    let rest = rest
        .strip_prefix(" of ")
        .or_else(|| rest.strip_prefix('/'))?;
    let of: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((n.parse().ok()?, of.parse().ok()?))
}

fn view(sc: &Scenario, index: usize) -> RungView {
    let rung = &sc.escalation.rungs[index];
    RungView {
        level: rung.level,
        name: rung.name.clone(),
        index,
        of: sc.escalation.rungs.len(),
    }
}

/// What every surface says of the rung at `index`, by surface.
fn surfaces(sc: &Scenario, index: usize) -> Vec<(&'static str, String)> {
    let theme = Theme::plain();
    let rungs = &sc.escalation.rungs;
    let here = view(sc, index);
    let ladder = escalation_ladder(rungs, &here, 200, &theme)
        .iter()
        .map(ToString::to_string)
        .find(|l| l.starts_with('▶'))
        .unwrap_or_default();
    let from = if index == 0 {
        1.min(rungs.len() - 1)
    } else {
        0
    };
    vec![
        ("words::rung", words::rung(sc, index)),
        (
            "the log (Escalated)",
            words::sentence(sc, &Event::Escalated { from, to: index }),
        ),
        (
            "a trigger in words",
            words::condition(
                sc,
                &Condition::Var(ESCALATION.to_string(), Cmp::Ge, rungs[index].level),
            ),
        ),
        (
            "the console's gauge",
            escalation_line(&here, 200, &theme).to_string(),
        ),
        ("the console's ladder", ladder),
    ]
}

#[test]
fn every_surface_counts_rungs_from_one() {
    let mut disagreements = Vec::new();
    for (name, sc) in shipped() {
        let of = sc.escalation.rungs.len();
        for index in 0..of {
            for (surface, said) in surfaces(&sc, index) {
                if rung_in(&said) != Some((index + 1, of)) {
                    disagreements.push(format!(
                        "{name}, rung at index {index} (level {}): {surface} says {said:?}, not rung {} of {of}",
                        sc.escalation.rungs[index].level,
                        index + 1
                    ));
                }
            }
        }
        // The report's escalation chart labels each rung with its number.
        let record = Record::of(&Session::new(Arc::clone(&sc), 1));
        let svg = sitroom_report::svg::escalation(&sc, &record);
        for (index, rung) in sc.escalation.rungs.iter().enumerate() {
            let first_word = rung.name.split_whitespace().next().unwrap_or("");
            let label = format!(">{} {first_word}", index + 1);
            if !svg.contains(&label) {
                disagreements.push(format!(
                    "{name}: the report's chart has no label `{label}` for rung {} ({})",
                    index + 1,
                    rung.name
                ));
            }
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// The run summary names the final rung as the other surfaces do.
#[test]
fn the_run_summary_counts_rungs_as_the_console_does() {
    let out = run([
        "run",
        "scenarios/mission-compromise.ron",
        "--decisions",
        "scenarios/mission-compromise/hawkish.ron",
    ]);
    out.assert_code(0);
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("Escalation: "))
        .unwrap_or_else(|| panic!("no escalation line:\n{}", out.stdout));
    let level: i32 = line
        .split("(level ")
        .nth(1)
        .and_then(|r| r.split(',').next())
        .and_then(|l| l.parse().ok())
        .unwrap_or_else(|| panic!("no level in {line:?}"));
    let sc = &shipped()
        .into_iter()
        .find(|(n, _)| n.ends_with("mission-compromise.ron"))
        .unwrap()
        .1;
    let index = sc
        .escalation
        .rungs
        .iter()
        .position(|r| r.level == level)
        .unwrap();
    assert_ne!(index, 0, "the hawkish path climbs: {line}");
    assert_eq!(rung_in(line), rung_in(&words::rung(sc, index)), "{line}");
    assert_eq!(
        rung_in(line),
        rung_in(&escalation_line(&view(sc, index), 200, &Theme::plain()).to_string()),
        "{line}"
    );
}
