use sitroom_engine::{InjectState, Input, InputError};

use crate::support::{basic, decide, released_at, state};

#[test]
fn at_after_and_when_triggers_release_on_time() {
    let mut s = basic(1);
    assert_eq!(
        released_at(&s, "brief"),
        Some(0),
        "At(0) runs in Session::new"
    );
    assert_eq!(state(&s, "alert"), InjectState::Pending { due: Some(5) });
    assert_eq!(
        state(&s, "cable"),
        InjectState::Pending { due: None },
        "After an unreleased inject"
    );
    s.advance(4);
    assert_eq!(released_at(&s, "alert"), None);
    s.advance(1);
    assert_eq!(released_at(&s, "alert"), Some(5));
    assert_eq!(state(&s, "cable"), InjectState::Pending { due: Some(15) });
    s.advance(10);
    assert_eq!(released_at(&s, "cable"), Some(15));
    assert_eq!(released_at(&s, "leak"), None);
    s.submit(decide("mfa", "cable", "demarche")).unwrap();
    // pressure 2 + 20 → clamped at 10 → the When(pressure >= 5) holds at the next tick
    assert_eq!(
        released_at(&s, "leak"),
        None,
        "a zero-length step evaluates no trigger"
    );
    s.advance(1);
    assert_eq!(released_at(&s, "leak"), Some(16));
    assert_eq!(
        released_at(&s, "reply"),
        Some(16),
        "follow-ups release at the next minute"
    );
}

#[test]
fn manual_injects_wait_for_the_facilitator() {
    let mut s = basic(1);
    s.advance(100);
    assert_eq!(state(&s, "retaliation"), InjectState::Pending { due: None });
    let mut s = basic(1);
    s.advance(3);
    s.submit(Input::Release {
        inject: "retaliation".into(),
    })
    .unwrap();
    assert_eq!(
        released_at(&s, "retaliation"),
        Some(3),
        "released at once, no clock advance"
    );
    assert_eq!(s.now(), 3);
    assert_eq!(
        s.submit(Input::Release {
            inject: "retaliation".into()
        }),
        Err(InputError::NotPending("retaliation".into()))
    );
}

#[test]
fn hold_and_unhold() {
    let mut s = basic(1);
    s.submit(Input::Hold {
        inject: "alert".into(),
    })
    .unwrap();
    assert_eq!(state(&s, "alert"), InjectState::Held);
    assert_eq!(
        s.submit(Input::Hold {
            inject: "alert".into()
        }),
        Err(InputError::AlreadyHeld("alert".into()))
    );
    s.advance(8);
    assert_eq!(
        state(&s, "alert"),
        InjectState::Held,
        "held past its minute"
    );
    s.submit(Input::Unhold {
        inject: "alert".into(),
    })
    .unwrap();
    assert_eq!(
        released_at(&s, "alert"),
        None,
        "unhold does not release by itself"
    );
    s.advance(1);
    assert_eq!(
        released_at(&s, "alert"),
        Some(9),
        "overdue At releases at the next tick"
    );
    assert_eq!(
        s.submit(Input::Unhold {
            inject: "alert".into()
        }),
        Err(InputError::NotHeld("alert".into()))
    );
    assert_eq!(
        s.submit(Input::Hold {
            inject: "brief".into()
        }),
        Err(InputError::NotPending("brief".into()))
    );
}

#[test]
fn cancelled_injects_never_release() {
    let mut s = basic(1);
    s.advance(50); // south-calm fires at 50 and cancels "spare"
    assert_eq!(state(&s, "spare"), InjectState::Cancelled);
    assert_eq!(
        s.submit(Input::Release {
            inject: "spare".into()
        }),
        Err(InputError::NotPending("spare".into()))
    );
}
