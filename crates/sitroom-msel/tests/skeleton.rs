//! `sitroom new`'s skeleton must load and pass the checks without a single
//! warning: it is what authors copy.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use sitroom_msel::skeleton;

#[test]
fn skeleton_checks_clean_for_various_names() {
    for name in ["Grid Blackout", "Ministère — test \"quoted\"", "", "x"] {
        let ron = skeleton(name);
        match sitroom_scenario::check("new.ron", &ron) {
            Ok(checked) => assert!(
                checked.warnings.is_empty(),
                "{name}: warnings\n{}",
                checked.warnings.render(false)
            ),
            Err(report) => panic!(
                "{name}: the skeleton does not check\n{}",
                report.render(false)
            ),
        }
    }
}

#[test]
fn skeleton_has_what_the_brief_promises() {
    let ron = skeleton("Grid Blackout");
    let scenario = sitroom_scenario::load(&ron).expect("the skeleton loads");
    assert_eq!(scenario.meta.id, "grid-blackout");
    assert_eq!(scenario.meta.title, "Grid Blackout");
    assert_eq!(scenario.teams.iter().filter(|t| t.player).count(), 2);
    assert_eq!(scenario.actors.len(), 3);
    assert_eq!(scenario.cases.len(), 1);
    assert!(scenario.cases[0].truth.false_flag.is_some());
    assert_eq!(scenario.injects.len(), 5);
    let decisions: Vec<_> = scenario
        .injects
        .iter()
        .filter_map(|i| i.decision.as_ref())
        .collect();
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].options.len(), 3);
    assert_eq!(scenario.reactions.len(), 1);
    assert_eq!(scenario.endings.len(), 2);
    // It teaches: comments on the main sections.
    assert!(
        ron.matches("\n    // ").count() >= 8,
        "too few comments:\n{ron}"
    );
}
