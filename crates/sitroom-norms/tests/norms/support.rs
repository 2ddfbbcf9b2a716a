use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use sitroom_norms::{
    Belief, Breach, DecisionContext, Evaluation, Grade, PastChoice, PendingEvidence, Stated,
};
use sitroom_scenario::{DecisionOption, Inject, Minutes, Scenario, Truth};

pub fn fixture() -> &'static Scenario {
    static FIXTURE: OnceLock<Scenario> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let source = include_str!("fixture.ron");
        match sitroom_scenario::check("fixture.ron", source) {
            Ok(checked) => checked.scenario,
            Err(report) => panic!("fixture.ron does not check:\n{report:?}"),
        }
    })
}

/// The fixture's truth, case id → truth.
pub fn truth(scenario: &Scenario) -> BTreeMap<String, Truth> {
    scenario
        .cases
        .iter()
        .map(|c| (c.id.clone(), c.truth.clone()))
        .collect()
}

/// One row of a case table: a decision in context and what to expect.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The fact the case checks, in words, with its source (ARSIWA
    /// article, UN GGE 2015 norm letter, ICD 203, HSEEP).
    pub fact: String,
    /// The norm to evaluate, when not the table's.
    #[serde(default)]
    pub norm: Option<String>,
    pub decision: String,
    pub option: String,
    #[serde(default = "blue")]
    pub team: String,
    #[serde(default = "three")]
    pub injury: i32,
    #[serde(default)]
    pub rung: i32,
    #[serde(default)]
    pub opened_at: Minutes,
    #[serde(default = "ten")]
    pub decided_at: Minutes,
    /// Defaults to `opened_at` + the decision's deadline.
    #[serde(default)]
    pub deadline_at: Option<Minutes>,
    #[serde(default)]
    pub defaulted: bool,
    #[serde(default)]
    pub beliefs: Vec<Belief>,
    /// The team's own judgements standing at decision time.
    #[serde(default)]
    pub stated: Vec<Stated>,
    #[serde(default)]
    pub history: Vec<PastChoice>,
    /// Earlier choices of other teams of the same state.
    #[serde(default)]
    pub state_history: Vec<PastChoice>,
    #[serde(default)]
    pub pending_evidence: Vec<PendingEvidence>,
    #[serde(default)]
    pub open_requests: Vec<String>,
    /// `None`: the norm must not apply.
    pub expect: Option<Expect>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub grade: Grade,
    pub min: u8,
    pub max: u8,
    /// Fragments the reason must contain (its numbers, mostly).
    #[serde(default)]
    pub reason: Vec<String>,
    /// The breach expected (`None`: none).
    #[serde(default)]
    pub breach: Option<Breach>,
    /// A fragment the evaluation's source must contain.
    #[serde(default)]
    pub source: Option<String>,
    /// Fragments the reason must not contain.
    #[serde(default)]
    pub not_in_reason: Vec<String>,
}

fn blue() -> String {
    "blue".to_string()
}
fn three() -> i32 {
    3
}
fn ten() -> Minutes {
    10
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub norm: String,
    pub cases: Vec<Case>,
}

pub fn table(source: &str) -> Table {
    match sitroom_scenario::load::options().from_str(source) {
        Ok(t) => t,
        Err(e) => panic!("case table does not parse: {e}"),
    }
}

pub fn find<'s>(
    scenario: &'s Scenario,
    decision: &str,
    option: &str,
) -> (&'s Inject, &'s DecisionOption) {
    let Some(inject) = scenario.injects.iter().find(|i| i.id == decision) else {
        panic!("fixture has no inject `{decision}`");
    };
    let Some(opt) = inject
        .decision
        .as_ref()
        .and_then(|d| d.options.iter().find(|o| o.id == option))
    else {
        panic!("inject `{decision}` has no option `{option}`");
    };
    (inject, opt)
}

pub fn context<'s>(scenario: &'s Scenario, case: &'s Case) -> DecisionContext<'s> {
    let (inject, option) = find(scenario, &case.decision, &case.option);
    let deadline = inject.decision.as_ref().map_or(0, |d| d.deadline);
    DecisionContext {
        scenario,
        team: &case.team,
        decision: inject,
        option,
        rationale: None,
        opened_at: case.opened_at,
        decided_at: case.decided_at,
        deadline_at: case.deadline_at.unwrap_or(case.opened_at + deadline),
        defaulted: case.defaulted,
        rung: case.rung,
        injury: case.injury,
        beliefs: case.beliefs.clone(),
        stated: case.stated.clone(),
        history: &case.history,
        state_history: &case.state_history,
        pending_evidence: case.pending_evidence.clone(),
        open_requests: case.open_requests.clone(),
        reasons: true,
    }
}

/// Checks one evaluation (or its absence) against a case; `Err` says why not.
pub fn check(case: &Case, got: Option<&Evaluation>) -> Result<(), String> {
    match (&case.expect, got) {
        (None, None) => Ok(()),
        (None, Some(e)) => Err(format!(
            "expected not applicable, got {} {}: {}",
            e.score, e.grade, e.reason
        )),
        (Some(_), None) => Err("expected an evaluation, got not applicable".to_string()),
        (Some(x), Some(e)) => {
            let mut problems = Vec::new();
            if e.grade != x.grade {
                problems.push(format!("grade {} (expected {})", e.grade, x.grade));
            }
            if e.score < x.min || e.score > x.max {
                problems.push(format!("score {} outside {}..={}", e.score, x.min, x.max));
            }
            if e.grade != Grade::from_score(e.score) {
                problems.push(format!(
                    "grade {} disagrees with score {}",
                    e.grade, e.score
                ));
            }
            for fragment in &x.reason {
                if !e.reason.contains(fragment.as_str()) {
                    problems.push(format!("reason lacks {fragment:?}"));
                }
            }
            if e.source.is_empty() {
                problems.push("empty source".to_string());
            }
            if e.breach != x.breach {
                problems.push(format!("breach {:?} (expected {:?})", e.breach, x.breach));
            }
            if let Some(b) = e.breach
                && e.grade < b.cap()
            {
                problems.push(format!(
                    "grade {} above the breach's cap {}",
                    e.grade,
                    b.cap()
                ));
            }
            if let Some(src) = &x.source
                && !e.source.contains(src.as_str())
            {
                problems.push(format!("source {:?} lacks {src:?}", e.source));
            }
            for fragment in &x.not_in_reason {
                if e.reason.contains(fragment.as_str()) {
                    problems.push(format!("reason contains {fragment:?}"));
                }
            }
            if problems.is_empty() {
                Ok(())
            } else {
                Err(format!("{} — reason: {}", problems.join(", "), e.reason))
            }
        }
    }
}

/// Fails with every failing case of a table at once, each with its fact.
pub fn report(table: &str, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{table}: {} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
