use sitroom_engine::{Input, Session};

use crate::support::scenario;

#[test]
fn an_unvalidated_scenario_runs_without_panicking() {
    let sc = scenario("unvalidated");
    for seed in 0..5 {
        let mut s = Session::new(sc.clone(), seed);
        let inputs = [
            Input::Decide {
                team: "t".into(),
                decision: "j".into(),
                option: "".into(),
                rationale: None,
            },
            Input::Decide {
                team: "t".into(),
                decision: "k".into(),
                option: "o".into(),
                rationale: None,
            },
            Input::Extend {
                decision: "j".into(),
                minutes: u32::MAX,
            },
            Input::Hold { inject: "i".into() },
            Input::Release { inject: "i".into() },
        ];
        for input in inputs {
            let _ = s.submit(input);
            let _ = s.facilitator_view();
            let _ = s.state_hash();
        }
        s.advance(u32::MAX);
        assert!(s.is_over());
        assert_eq!(
            s.outcome().and_then(|o| o.ending.as_deref()),
            Some("no-such-ending")
        );
        assert_eq!(s.now(), 20);
        assert!(
            s.log()
                .iter()
                .any(|e| e.event == sitroom_engine::Event::Released { inject: "j".into() }),
            "the inject with the bad effects was released"
        );
        let f = s.facilitator_view();
        assert_eq!(f.escalation.of, 0);
        assert_eq!(
            f.variables[0].value, 10,
            "min 10 > max -10 collapses to min"
        );
        let _ = s.team_view("t");
        let _ = s.revealed_scores();
        assert_eq!(f.clock, format!("T+00:{:02}", s.now()));
    }
}
