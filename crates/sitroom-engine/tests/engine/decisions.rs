use std::sync::Arc;

use sitroom_engine::{ClosedHow, Event, Input, InputError, LogKind, NotOpenWhy, Session};
use sitroom_scenario::{Condition, Effect};

use crate::support::{basic, decide, scenario};

#[test]
fn a_decision_opens_at_release_and_closes_with_the_default() {
    let mut s = basic(1);
    s.advance(15);
    let open = s.open_decisions();
    let cable = open.iter().find(|d| d.decision == "cable").unwrap();
    assert_eq!((cable.opened_at, cable.deadline_at), (15, 35));
    assert_eq!(cable.teams, vec!["mfa".to_string()]);
    assert_eq!(cable.default.as_deref(), Some("wait"));
    assert_eq!(cable.options.len(), 3);
    s.advance(19);
    assert!(
        s.open_decisions().iter().any(|d| d.decision == "cable"),
        "still open at 34"
    );
    s.advance(1);
    assert!(
        !s.open_decisions().iter().any(|d| d.decision == "cable"),
        "closed at 35"
    );
    let made = s.team_view("mfa").unwrap().made;
    assert_eq!(made.len(), 1);
    assert_eq!(
        (made[0].option.as_str(), made[0].at, made[0].defaulted),
        ("wait", 35, true)
    );
    assert!(
        s.log()
            .iter()
            .any(|e| e.kind() == LogKind::Defaulted && e.at == 35)
    );
    assert_eq!(
        s.submit(decide("mfa", "cable", "blame")),
        Err(InputError::NotOpen {
            decision: "cable".into(),
            team: "mfa".into(),
            why: NotOpenWhy::Closed {
                how: ClosedHow::Defaulted,
                at: 35
            },
        })
    );
}

#[test]
fn without_a_default_the_decision_lapses() {
    let mut s = basic(1);
    s.advance(30);
    assert!(
        s.team_view("red")
            .unwrap()
            .decisions
            .iter()
            .any(|d| d.decision == "red-call")
    );
    s.advance(1);
    let lapses: Vec<_> = s
        .log()
        .iter()
        .filter(|e| e.kind() == LogKind::Lapsed)
        .collect();
    assert_eq!(lapses.len(), 1);
    assert_eq!(lapses[0].at, 31);
    assert_eq!(lapses[0].event.team(), Some("red"));
    assert!(s.team_view("red").unwrap().made.is_empty());
}

#[test]
fn a_team_decides_once_with_its_rationale() {
    let mut s = basic(1);
    s.advance(3);
    s.submit(Input::Decide {
        team: "red".into(),
        decision: "red-call".into(),
        option: "quiet".into(),
        rationale: Some("lie low".into()),
    })
    .unwrap();
    assert_eq!(s.now(), 3, "a decision takes no time");
    let view = s.team_view("red").unwrap();
    assert!(view.decisions.is_empty());
    assert_eq!(view.made[0].rationale.as_deref(), Some("lie low"));
    assert_eq!((view.made[0].at, view.made[0].defaulted), (3, false));
    assert_eq!(
        s.submit(decide("red", "red-call", "deny")),
        Err(InputError::AlreadyDecided {
            decision: "red-call".into(),
            team: "red".into()
        })
    );
    s.advance(40);
    assert!(
        !s.log().iter().any(|e| e.kind() == LogKind::Lapsed),
        "decided, so no lapse"
    );
}

#[test]
fn extend_moves_the_deadline() {
    let mut s = basic(1);
    assert_eq!(
        s.submit(Input::Extend {
            decision: "cable".into(),
            minutes: 10
        }),
        Err(InputError::DecisionNotOpen("cable".into())),
        "not released yet"
    );
    s.advance(20);
    s.submit(Input::Extend {
        decision: "cable".into(),
        minutes: 10,
    })
    .unwrap();
    assert_eq!(
        s.open_decisions()
            .iter()
            .find(|d| d.decision == "cable")
            .unwrap()
            .deadline_at,
        45
    );
    s.advance(24); // now 44
    assert!(s.team_view("mfa").unwrap().made.is_empty());
    s.advance(1);
    assert_eq!(s.team_view("mfa").unwrap().made[0].at, 45);
}

#[test]
fn refused_inputs_name_the_problem_and_change_nothing() {
    let mut s = basic(1);
    s.advance(15);
    let before = s.state_hash();
    let cases = [
        (
            decide("nobody", "cable", "wait"),
            "team `nobody` is not in the scenario",
        ),
        (
            decide("mfa", "nothing", "wait"),
            "inject `nothing` is not in the scenario",
        ),
        (
            decide("mfa", "brief", "wait"),
            "inject `brief` carries no decision",
        ),
        (
            decide("cert", "cable", "wait"),
            "decision `cable` is not open for team `cert`: the team is not one of its deciding teams",
        ),
        (
            decide("mfa", "cable", "nuke"),
            "decision `cable` has no option `nuke`",
        ),
        (
            decide("mfa", "reply", "wait"),
            "inject `reply` carries no decision",
        ),
        (
            Input::Unhold {
                inject: "leak".into(),
            },
            "inject `leak` is not held",
        ),
        (
            Input::Note {
                decision: "cable".into(),
                team: "ghost".into(),
                rating: None,
                text: String::new(),
            },
            "team `ghost` is not in the scenario",
        ),
    ];
    for (input, message) in cases {
        let err = s.submit(input).unwrap_err();
        assert_eq!(err.to_string(), message);
    }
    assert_eq!(s.state_hash(), before);
    assert_eq!(s.now(), 15);
}

#[test]
fn stamped_inputs_advance_to_their_minute_and_refuse_the_past() {
    let mut s = basic(1);
    s.submit_at(sitroom_engine::Stamped {
        at: 16,
        input: decide("mfa", "cable", "wait"),
    })
    .unwrap();
    assert_eq!(s.now(), 16);
    assert_eq!(
        s.submit_at(sitroom_engine::Stamped {
            at: 10,
            input: Input::End { reason: "x".into() }
        }),
        Err(InputError::InThePast { at: 10, now: 16 })
    );
}

#[test]
fn scoring_records_every_choice_with_its_context() {
    let mut s = basic(1);
    s.advance(15);
    s.submit(decide("mfa", "cable", "blame")).unwrap();
    let scores = s.scores();
    assert_eq!(scores.len(), 1);
    assert_eq!(
        (
            scores[0].team.as_str(),
            scores[0].decision.as_str(),
            scores[0].option.as_str()
        ),
        ("mfa", "cable", "blame")
    );
    assert_eq!(scores[0].at, 15);
    assert!(
        s.log()
            .iter()
            .any(|e| e.kind() == LogKind::Scored && e.at == 15)
    );
    assert_eq!(s.team_view("mfa").unwrap().scores, scores);
    assert!(s.team_view("cert").unwrap().scores.is_empty());
    assert_eq!(s.facilitator_view().scores, scores);
}

#[test]
fn hidden_scores_stay_hidden_until_the_end() {
    let mut sc = (*crate::support::scenario("basic")).clone();
    sc.hide_scores = true;
    let mut s = sitroom_engine::Session::new(std::sync::Arc::new(sc), 1);
    s.advance(15);
    s.submit(decide("mfa", "cable", "wait")).unwrap();
    assert!(s.team_view("mfa").unwrap().scores.is_empty());
    assert_eq!(
        s.facilitator_view().scores.len(),
        1,
        "the facilitator always sees them"
    );
    s.submit(Input::End {
        reason: "debrief".into(),
    })
    .unwrap();
    assert_eq!(s.team_view("mfa").unwrap().scores.len(), 1);
}

fn void(team: &str, decision: &str, reopen: bool) -> Input {
    Input::Void {
        team: team.into(),
        decision: decision.into(),
        reopen,
    }
}

#[test]
fn a_voided_choice_reopens_with_its_score_withdrawn() {
    let mut s = basic(1);
    s.advance(15);
    s.submit(decide("mfa", "cable", "blame")).unwrap();
    assert_eq!(s.scores().len(), 1);
    s.submit(void("mfa", "cable", true)).unwrap();
    let view = s.team_view("mfa").unwrap();
    assert!(view.made.is_empty(), "the choice is withdrawn");
    assert!(s.scores().is_empty(), "and its score with it");
    assert_eq!(view.voided.len(), 1);
    assert_eq!(
        (view.voided[0].option.as_str(), view.voided[0].reopened),
        ("blame", true)
    );
    assert!(view.decisions.iter().any(|d| d.decision == "cable"));
    assert!(s.log().iter().any(|e| matches!(
        e.event,
        Event::Voided {
            reopened_until: Some(_),
            ..
        }
    )));
    // The team decides again, and only the new choice is scored.
    s.submit(decide("mfa", "cable", "demarche")).unwrap();
    let scores = s.scores();
    assert_eq!(scores.len(), 1);
    assert_eq!(scores[0].option, "demarche");
    assert_eq!(s.revealed_scores().len(), 1);
}

#[test]
fn a_voided_choice_can_stay_closed_and_gets_no_default() {
    let mut s = basic(1);
    s.advance(15);
    s.submit(decide("mfa", "cable", "wait")).unwrap();
    s.submit(void("mfa", "cable", false)).unwrap();
    assert!(s.team_view("mfa").unwrap().decisions.is_empty());
    assert_eq!(
        s.submit(decide("mfa", "cable", "demarche")),
        Err(InputError::NotOpen {
            decision: "cable".into(),
            team: "mfa".into(),
            why: NotOpenWhy::Closed {
                how: ClosedHow::Voided,
                at: 15
            },
        })
    );
    s.advance(21);
    let view = s.team_view("mfa").unwrap();
    assert!(
        view.made.is_empty(),
        "no default after a void that closed it"
    );
    assert!(!s.log().iter().any(|e| e.kind() == LogKind::Defaulted));
    assert_eq!(
        s.submit(void("mfa", "cable", true)),
        Err(InputError::NothingToVoid {
            decision: "cable".into(),
            team: "mfa".into()
        })
    );
}

#[test]
fn voiding_a_default_after_the_deadline_reopens_with_a_fresh_deadline() {
    let mut s = basic(1);
    s.advance(40);
    assert!(s.team_view("mfa").unwrap().made[0].defaulted);
    s.submit(void("mfa", "cable", true)).unwrap();
    let open = s.team_view("mfa").unwrap().decisions;
    let cable = open.iter().find(|d| d.decision == "cable").unwrap();
    // The decision's own window (20 minutes) again, from the void.
    assert_eq!(cable.deadline_at, 60);
    s.advance(20);
    let made = s.team_view("mfa").unwrap().made;
    assert_eq!(made.len(), 1);
    assert!(made[0].defaulted && made[0].at == 60, "{made:?}");
}

#[test]
fn a_lapsed_decision_is_in_the_team_view() {
    let mut s = basic(1);
    s.advance(31);
    let lapsed = s.team_view("red").unwrap().lapsed;
    assert_eq!(lapsed.len(), 1);
    assert_eq!(
        (lapsed[0].decision.as_str(), lapsed[0].at),
        ("red-call", 31)
    );
}

/// The reason a refused `Decide` gives, for the team and decision at `s`.
fn why(s: &mut Session, team: &str, decision: &str, option: &str) -> NotOpenWhy {
    match s.submit(decide(team, decision, option)) {
        Err(InputError::NotOpen { why, .. }) => why,
        other => panic!("expected NotOpen, got {other:?}"),
    }
}

#[test]
fn a_refused_decide_says_why_the_decision_is_not_open() {
    let mut s = basic(1);
    // `cable` waits on `alert` (At 5) plus 10 minutes.
    assert_eq!(
        why(&mut s, "mfa", "cable", "wait"),
        NotOpenWhy::NotReleased { held: false }
    );
    s.submit(Input::Hold {
        inject: "cable".into(),
    })
    .unwrap();
    assert_eq!(
        why(&mut s, "mfa", "cable", "wait"),
        NotOpenWhy::NotReleased { held: true }
    );
    s.submit(Input::Unhold {
        inject: "cable".into(),
    })
    .unwrap();
    s.advance(15);
    // Open for mfa, but cert does not decide it.
    assert_eq!(
        why(&mut s, "cert", "cable", "wait"),
        NotOpenWhy::NotADecider
    );
    s.submit(decide("mfa", "cable", "demarche")).unwrap();
    // Still open (others could decide), so the team hears it already chose.
    assert!(matches!(
        s.submit(decide("mfa", "cable", "wait")),
        Err(InputError::AlreadyDecided { .. })
    ));
    s.advance(25);
    assert_eq!(
        why(&mut s, "mfa", "cable", "wait"),
        NotOpenWhy::Closed {
            how: ClosedHow::Decided,
            at: 15
        }
    );
    // `red-call` (At 1, deadline 30, no default) lapses for red at 31.
    assert_eq!(
        why(&mut s, "red", "red-call", "deny"),
        NotOpenWhy::Closed {
            how: ClosedHow::Lapsed,
            at: 31
        }
    );
    let text = InputError::NotOpen {
        decision: "cable".into(),
        team: "mfa".into(),
        why: NotOpenWhy::NotReleased { held: false },
    }
    .to_string();
    assert_eq!(
        text,
        "decision `cable` is not open for team `mfa`: not yet released"
    );
}

#[test]
fn a_decision_behind_a_cancelled_inject_was_never_opened() {
    // `south-calm` cancels `alert` at minute 1, before it is released at 5:
    // `cable`, released `After("alert", 10)`, can no longer open.
    let mut sc = (*scenario("basic")).clone();
    let calm = sc
        .reactions
        .iter_mut()
        .find(|r| r.id == "south-calm")
        .unwrap();
    calm.when = Condition::Elapsed(1);
    calm.effects.push(Effect::Cancel("alert".into()));
    let mut s = Session::new(Arc::new(sc), 1);
    assert_eq!(
        why(&mut s, "mfa", "cable", "wait"),
        NotOpenWhy::NotReleased { held: false }
    );
    s.advance(30);
    assert_eq!(
        why(&mut s, "mfa", "cable", "wait"),
        NotOpenWhy::NeverOpened {
            cancelled: "alert".into()
        }
    );
    let text = s
        .submit(decide("mfa", "cable", "wait"))
        .unwrap_err()
        .to_string();
    assert!(text.contains("never opened on this path"), "{text}");
}
