use std::sync::Arc;

use sitroom_engine::{
    FacilitatorView, Input, InputError, Rating, Refusal, RoomView, Seat, SeatView, Session,
    TeamView, authorize,
};
use sitroom_norms::{Confidence, Likelihood};
use sitroom_scenario::Scenario;

use crate::support::{basic, decide, scenario};

/// One input of every kind (the match fails to compile when a kind is added).
fn every_input() -> Vec<Input> {
    let all = vec![
        decide("mfa", "cable", "wait"),
        Input::Release {
            inject: "reply".into(),
        },
        Input::Hold {
            inject: "leak".into(),
        },
        Input::Unhold {
            inject: "leak".into(),
        },
        Input::Extend {
            decision: "cable".into(),
            minutes: 5,
        },
        Input::End {
            reason: "time".into(),
        },
        Input::Note {
            decision: "cable".into(),
            team: "mfa".into(),
            rating: Some(Rating::S),
            text: "well argued".into(),
        },
        Input::Void {
            team: "mfa".into(),
            decision: "cable".into(),
            reopen: true,
        },
        Input::Shorten {
            decision: "cable".into(),
            minutes: 5,
        },
        Input::Observe {
            team: Some("mfa".into()),
            objective: None,
            norm: Some("gge-13c".into()),
            rating: Some(Rating::P),
            text: "calm".into(),
        },
        Input::EditNote {
            index: 0,
            rating: None,
            text: "calmer".into(),
        },
        Input::DeleteNote { index: 0 },
        Input::Assess {
            team: "mfa".into(),
            case: "breach".into(),
            suspect: "north".into(),
            likelihood: Likelihood::Likely,
            confidence: Confidence::Moderate,
        },
        Input::Board {
            team: "mfa".into(),
            shown: false,
        },
        Input::Improvise {
            inject: Box::new(sitroom_engine::ImprovisedInject {
                title: "A call".into(),
                text: "The ambassador calls.".into(),
                channel: sitroom_scenario::Channel::DiplomaticCable,
                from: String::new(),
                audience: vec!["mfa".into()],
                decision: None,
            }),
        },
    ];
    for input in &all {
        match input {
            Input::Decide { .. }
            | Input::Release { .. }
            | Input::Hold { .. }
            | Input::Unhold { .. }
            | Input::Extend { .. }
            | Input::Shorten { .. }
            | Input::Observe { .. }
            | Input::EditNote { .. }
            | Input::DeleteNote { .. }
            | Input::End { .. }
            | Input::Note { .. }
            | Input::Assess { .. }
            | Input::Board { .. }
            | Input::Improvise { .. }
            | Input::Void { .. } => {}
        }
    }
    all
}

/// The basic fixture with the red cell run by the facilitator.
fn with_white_cell() -> Arc<Scenario> {
    let mut sc = (*scenario("basic")).clone();
    if let Some(red) = sc.teams.iter_mut().find(|t| t.id == "red") {
        red.player = false;
    }
    Arc::new(sc)
}

#[test]
fn every_input_kind_from_every_seat_is_accepted_or_refused_by_the_rule() {
    let sc = with_white_cell();
    let seats = [
        Seat::Facilitator,
        Seat::Team("mfa".into()),
        Seat::Team("cert".into()),
        Seat::Room,
        Seat::Reviewer,
    ];
    for input in every_input() {
        for seat in &seats {
            let got = authorize(&sc, seat, &input);
            let expected = match (seat, &input) {
                (Seat::Room, _) => Err(Refusal::ReadOnly { seat: seat.clone() }),
                // A team decides and states its own judgements, for itself only.
                (Seat::Team(t), Input::Decide { team, .. } | Input::Assess { team, .. })
                    if t == team =>
                {
                    Ok(())
                }
                (Seat::Team(_), Input::Decide { team, .. } | Input::Assess { team, .. }) => {
                    Err(Refusal::NotYourTeam {
                        seat: seat.clone(),
                        team: team.clone(),
                    })
                }
                (Seat::Facilitator, Input::Decide { team, .. } | Input::Assess { team, .. }) => {
                    Err(Refusal::PlayedTeam { team: team.clone() })
                }
                // An observer's observations: notes, free ones, and their edits.
                (
                    Seat::Reviewer,
                    Input::Note { .. }
                    | Input::Observe { .. }
                    | Input::EditNote { .. }
                    | Input::DeleteNote { .. },
                ) => Ok(()),
                (Seat::Facilitator, _) => Ok(()),
                _ => Err(Refusal::FacilitatorOnly { seat: seat.clone() }),
            };
            assert_eq!(got, expected, "{seat:?} sending {input:?}");
        }
    }
    // The white cell is the facilitator's to decide for, and nobody else's.
    let white = decide("red", "red-call", "deny");
    assert_eq!(authorize(&sc, &Seat::Facilitator, &white), Ok(()));
    assert!(authorize(&sc, &Seat::Team("mfa".into()), &white).is_err());
    assert_eq!(Seat::of(&white), Seat::Team("red".into()));
    assert_eq!(Seat::of(&every_input()[1]), Seat::Facilitator);
}

#[test]
fn each_seat_sees_its_own_view_and_the_room_sees_no_decision() {
    let mut s = basic(1);
    s.advance(16);
    let Some(SeatView::Team(tv)) = s.seat_view(&Seat::Team("mfa".into())) else {
        panic!("a team seat sees its team view");
    };
    assert_eq!(Some(tv), s.team_view("mfa"));
    assert!(s.seat_view(&Seat::Team("nobody".into())).is_none());
    assert!(matches!(
        s.seat_view(&Seat::Reviewer),
        Some(SeatView::Facilitator(_))
    ));
    let Some(SeatView::Room(room)) = s.seat_view(&Seat::Room) else {
        panic!("the room sees the room view");
    };
    // mfa has the embassy cable open: the room sees that mfa has one
    // decision due, never which one.
    assert_eq!(room.countdowns.len(), 2, "{:?}", room.countdowns);
    let mfa = room.countdowns.iter().find(|c| c.team == "mfa").unwrap();
    assert_eq!((mfa.open, mfa.deadline_at), (1, 35));
    let json = serde_json::to_string(&room).unwrap();
    assert!(
        !json.contains("Embassy cable") && !json.contains("Planted"),
        "{json}"
    );
    // The opening brief is a briefing, not a public channel: no headline.
    assert!(room.headlines.is_empty(), "{:?}", room.headlines);
}

fn round_trip<T>(value: &T)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(&back, value, "{json}");
}

#[test]
fn views_inputs_and_refusals_serialize_both_ways() {
    let mut s: Session = basic(3);
    s.advance(15);
    s.submit(decide("mfa", "cable", "demarche")).unwrap();
    s.advance(30);
    s.submit(Input::Note {
        decision: "cable".into(),
        team: "mfa".into(),
        rating: Some(Rating::P),
        text: "ok".into(),
    })
    .unwrap();
    let tv: TeamView = s.team_view("mfa").unwrap();
    assert!(!tv.feed.is_empty() && !tv.beliefs.is_empty() && !tv.made.is_empty());
    round_trip(&tv);
    let fv: FacilitatorView = s.facilitator_view();
    assert!(!fv.log.is_empty() && !fv.notes.is_empty() && !fv.scores.is_empty());
    round_trip(&fv);
    let rv: RoomView = s.room_view();
    round_trip(&rv);
    for seat in [Seat::Team("cert".into()), Seat::Facilitator, Seat::Room] {
        round_trip(&s.seat_view(&seat).unwrap());
        round_trip(&seat);
    }
    for input in every_input() {
        round_trip(&input);
    }
    let errors = [
        InputError::SessionOver,
        InputError::UnknownTeam("x".into()),
        InputError::UnknownInject("x".into()),
        InputError::NotADecision("x".into()),
        InputError::NotOpen {
            decision: "d".into(),
            team: "t".into(),
            why: sitroom_engine::NotOpenWhy::Closed {
                how: sitroom_engine::ClosedHow::Lapsed,
                at: 3,
            },
        },
        InputError::AlreadyDecided {
            decision: "d".into(),
            team: "t".into(),
        },
        InputError::UnknownOption {
            decision: "d".into(),
            option: "o".into(),
        },
        InputError::NotPending("x".into()),
        InputError::AlreadyHeld("x".into()),
        InputError::NotHeld("x".into()),
        InputError::DecisionNotOpen("x".into()),
        InputError::NothingToVoid {
            decision: "d".into(),
            team: "t".into(),
        },
        InputError::InThePast { at: 1, now: 2 },
    ];
    for e in &errors {
        round_trip(e);
        round_trip(&Refusal::Input(e.clone()));
    }
    for r in [
        Refusal::NotYourTeam {
            seat: Seat::Team("a".into()),
            team: "b".into(),
        },
        Refusal::FacilitatorOnly {
            seat: Seat::Reviewer,
        },
        Refusal::PlayedTeam { team: "a".into() },
        Refusal::ReadOnly { seat: Seat::Room },
    ] {
        round_trip(&r);
        assert!(!r.to_string().is_empty());
    }
}
