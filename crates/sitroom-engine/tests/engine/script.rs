use std::fmt::Write;

use sitroom_engine::{Session, Stamped};

use crate::support::scenario;

/// The whole session played from a script file, as a readable snapshot: the
/// log, each team's beliefs, the outcome and the final state hash. The hash
/// line pins the canonical encoding: a change to it breaks old journals and
/// must be deliberate. The scenario selects no known norm, so that changes
/// to the evaluators (tested in sitroom-norms) do not move this snapshot.
#[test]
fn the_scripted_session_matches_its_snapshot() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/basic.script.ron"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let opts =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let script: Vec<Stamped> = opts.from_str(&text).unwrap();
    let mut sc = (*scenario("basic")).clone();
    sc.norms = [("no-such-norm".to_string(), 1.0)].into_iter().collect();
    let mut s = Session::new(std::sync::Arc::new(sc), 2026);
    for stamped in script {
        s.submit_at(stamped).unwrap();
    }
    s.advance(200);
    let mut out = String::new();
    for e in s.log() {
        writeln!(out, "{:>3} {}", e.at, ron::to_string(&e.event).unwrap()).unwrap();
    }
    for team in ["mfa", "cert", "red"] {
        let view = s.team_view(team).unwrap();
        for case in &view.beliefs {
            let suspects: Vec<String> = case
                .suspects
                .iter()
                .map(|x| format!("{} {:.4} ({})", x.actor, x.probability, x.term))
                .collect();
            writeln!(
                out,
                "{team} on {}: {} [{} confidence, {} items]",
                case.case,
                suspects.join(", "),
                case.confidence,
                case.evidence
            )
            .unwrap();
        }
    }
    writeln!(out, "outcome: {:?}", s.outcome()).unwrap();
    writeln!(out, "hash: {}", s.state_hash()).unwrap();
    insta::assert_snapshot!(out);
}
