use sitroom_norms::{catalogue, evaluate_norm};

use crate::support::{check, context, fixture, report, table};

/// Runs every case of a table through `evaluate_norm`.
fn run(source: &str) {
    let table = table(source);
    let scenario = fixture();
    assert!(!table.cases.is_empty(), "{}: empty table", table.norm);
    let mut failures = Vec::new();
    for (i, case) in table.cases.iter().enumerate() {
        let id = case.norm.as_deref().unwrap_or(&table.norm);
        let Some(norm) = catalogue().norm(id) else {
            failures.push(format!("case {i}: unknown norm `{id}`"));
            continue;
        };
        let ctx = context(scenario, case);
        let got = evaluate_norm(&ctx, norm, norm.weight);
        if let Err(why) = check(case, got.as_ref()) {
            failures.push(format!(
                "case {i} ({}/{}, {id}) [{}]: {why}",
                case.decision, case.option, case.fact
            ));
        }
    }
    report(&table.norm, failures);
}

#[test]
fn proportionality() {
    run(include_str!("cases/proportionality.ron"));
}

#[test]
fn attribution_standard() {
    run(include_str!("cases/attribution_standard.ron"));
}

#[test]
fn calibration() {
    run(include_str!("cases/calibration.ron"));
}

#[test]
fn countermeasure_conditions() {
    run(include_str!("cases/countermeasure_conditions.ron"));
}

#[test]
fn necessity() {
    run(include_str!("cases/necessity.ron"));
}

#[test]
fn consider_information() {
    run(include_str!("cases/consider_information.ron"));
}

#[test]
fn due_process() {
    run(include_str!("cases/due_process.ron"));
}

#[test]
fn assistance() {
    run(include_str!("cases/assistance.ron"));
}

#[test]
fn protect_infrastructure() {
    run(include_str!("cases/protect_infrastructure.ron"));
}

#[test]
fn timeliness() {
    run(include_str!("cases/timeliness.ron"));
}

#[test]
fn ransom() {
    run(include_str!("cases/ransom.ron"));
}
