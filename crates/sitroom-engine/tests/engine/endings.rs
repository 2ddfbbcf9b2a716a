use sitroom_engine::{EndedBy, Input, InputError, LogKind};

use crate::support::{basic, decide};

#[test]
fn an_ending_condition_ends_the_session_at_the_end_of_the_minute() {
    let mut s = basic(1);
    s.advance(15);
    s.submit(decide("mfa", "cable", "blame")).unwrap();
    assert!(
        !s.is_over(),
        "endings are checked at the end of a minute, not in a zero-length step"
    );
    s.advance(10);
    let o = s.outcome().unwrap();
    assert_eq!(
        (o.ending.as_deref(), o.title.as_str(), o.at),
        (Some("war"), "Open conflict", 16)
    );
    assert_eq!(s.now(), 16, "advance stops when the session ends");
    assert_eq!(
        s.submit(decide("red", "red-call", "deny")),
        Err(InputError::SessionOver)
    );
    assert_eq!(s.log().last().unwrap().kind(), LogKind::Ended);
}

#[test]
fn time_runs_out_at_the_duration() {
    let mut s = basic(1);
    s.advance(500);
    let o = s.outcome().unwrap();
    assert_eq!(
        (o.by, o.ending.as_deref(), o.at),
        (EndedBy::TimeExpired, None, 120)
    );
    assert_eq!(s.now(), 120);
}

#[test]
fn the_facilitator_ends_it_and_notes_are_still_taken() {
    let mut s = basic(1);
    s.advance(20);
    s.submit(Input::End {
        reason: "out of time in the room".into(),
    })
    .unwrap();
    let o = s.outcome().unwrap().clone();
    assert_eq!((o.ending, o.at), (None, 20));
    assert_eq!(o.description, "out of time in the room");
    assert_eq!(
        s.submit(Input::Release {
            inject: "retaliation".into()
        }),
        Err(InputError::SessionOver)
    );
    s.submit(Input::Note {
        decision: "cable".into(),
        team: "mfa".into(),
        rating: Some(sitroom_engine::Rating::S),
        text: "slow but sound".into(),
    })
    .unwrap();
    assert_eq!(s.facilitator_view().notes.len(), 1);
    s.advance(10);
    assert_eq!(s.now(), 20);
}

#[test]
fn advance_to_next_event_stops_at_releases_and_deadlines() {
    let mut s = basic(1);
    assert_eq!(s.advance_to_next_event(), 1); // red-call at 1
    assert_eq!(s.advance_to_next_event(), 1); // wrong at 2 (released, reaching nobody)
    assert_eq!(s.advance_to_next_event(), 3); // alert at 5
    assert_eq!(s.now(), 5);
    assert_eq!(s.advance_to_next_event(), 10); // cable at 15
    assert_eq!(s.advance_to_next_event(), 16); // red-call lapses at 31
    assert_eq!(s.now(), 31);
}
