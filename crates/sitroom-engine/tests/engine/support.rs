//! Loading fixtures and small helpers shared by the engine tests.

use std::sync::Arc;

use sitroom_engine::{InjectState, Input, Session};
use sitroom_scenario::Scenario;

pub fn scenario(name: &str) -> Arc<Scenario> {
    let path = format!("{}/tests/fixtures/{name}.ron", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let opts =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    Arc::new(
        opts.from_str(&text)
            .unwrap_or_else(|e| panic!("{path}: {e}")),
    )
}

/// A shipped scenario, by its path from the project root.
pub fn shipped(path: &str) -> Arc<Scenario> {
    let path = format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Arc::new(sitroom_scenario::load(&text).unwrap_or_else(|e| panic!("{path}: {}", e.message)))
}

/// Every shipped scenario with its decision scripts (`scenarios/NAME/*.ron`),
/// by name, in file-name order.
pub fn shipped_with_scripts() -> Vec<(String, Arc<Scenario>, Vec<Vec<sitroom_engine::Stamped>>)> {
    let dir = std::path::PathBuf::from(format!("{}/../../scenarios", env!("CARGO_MANIFEST_DIR")));
    let sorted = |d: &std::path::Path| -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .map(|r| r.map(|e| e.expect("entry").path()).collect())
            .unwrap_or_default();
        v.sort();
        v
    };
    sorted(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| {
            let name = p
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("name")
                .to_string();
            let sc = shipped(&format!("scenarios/{name}.ron"));
            let scripts = sorted(&dir.join(&name))
                .into_iter()
                .map(|f| {
                    let text = std::fs::read_to_string(&f).expect("script text");
                    sitroom_scenario::load::options()
                        .from_str(&text)
                        .expect("script parses")
                })
                .collect();
            (name, sc, scripts)
        })
        .collect()
}

pub fn basic(seed: u64) -> Session {
    Session::new(scenario("basic"), seed)
}

pub fn state(s: &Session, inject: &str) -> InjectState {
    s.facilitator_view()
        .injects
        .into_iter()
        .find(|i| i.inject == inject)
        .unwrap_or_else(|| panic!("no inject {inject}"))
        .state
}

pub fn released_at(s: &Session, inject: &str) -> Option<u32> {
    match state(s, inject) {
        InjectState::Released { at } => Some(at),
        _ => None,
    }
}

pub fn var(s: &Session, id: &str) -> i32 {
    s.facilitator_view()
        .variables
        .into_iter()
        .find(|v| v.id == id)
        .unwrap_or_else(|| panic!("no variable {id}"))
        .value
}

pub fn decide(team: &str, decision: &str, option: &str) -> Input {
    Input::Decide {
        team: team.into(),
        decision: decision.into(),
        option: option.into(),
        rationale: None,
    }
}
