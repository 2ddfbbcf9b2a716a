use sitroom_norms::reveal;

use crate::support::{check, context, fixture, report, table, truth};

#[test]
fn reveal_rescores_against_the_truth() {
    let table = table(include_str!("cases/reveal.ron"));
    let scenario = fixture();
    let truth = truth(scenario);
    let mut failures = Vec::new();
    for (i, case) in table.cases.iter().enumerate() {
        let id = case.norm.as_deref().unwrap_or(&table.norm);
        let ctx = context(scenario, case);
        let all = reveal(&ctx, &truth);
        if let Some(e) = all.iter().find(|e| !e.depends_on_truth) {
            failures.push(format!(
                "case {i}: {} not marked as depending on the truth",
                e.norm
            ));
        }
        let got = all.iter().find(|e| e.norm == id);
        if let Err(why) = check(case, got) {
            failures.push(format!(
                "case {i} ({}/{}, {id}) [{}]: {why}",
                case.decision, case.option, case.fact
            ));
        }
    }
    report("reveal", failures);
}

#[test]
fn reveal_without_the_case_truth_gives_nothing() {
    let table = table(include_str!("cases/reveal.ron"));
    let scenario = fixture();
    let case = &table.cases[0];
    let ctx = context(scenario, case);
    assert_eq!(reveal(&ctx, &Default::default()), Vec::new());
}
