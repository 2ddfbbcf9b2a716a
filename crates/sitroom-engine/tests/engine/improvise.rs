//! Injects written during the session: released at once by the scripted
//! rules, decided and scored like any other, hashed, forked, refused when
//! they cannot be released as written.

use sitroom_engine::{
    Event, ImprovisedDecision, ImprovisedInject, ImprovisedOption, InjectProblem, InjectState,
    Input, InputError, Session,
};
use sitroom_scenario::{Channel, ResponseKind};

use crate::support::{basic, decide, released_at, state};

fn written(audience: &[&str], decision: Option<ImprovisedDecision>) -> ImprovisedInject {
    ImprovisedInject {
        title: "Ambassador calls".into(),
        text: "The northern ambassador asks for a meeting tonight.".into(),
        channel: Channel::DiplomaticCable,
        from: "Embassy North".into(),
        audience: audience.iter().map(|t| t.to_string()).collect(),
        decision,
    }
}

fn options(kinds: &[(&str, Option<ResponseKind>)]) -> ImprovisedDecision {
    ImprovisedDecision {
        prompt: "Do you meet?".into(),
        deadline: 15,
        options: kinds
            .iter()
            .map(|(label, response)| ImprovisedOption {
                label: label.to_string(),
                description: format!("{label}, then report."),
                response: *response,
            })
            .collect(),
    }
}

fn improvise(s: &mut Session, w: ImprovisedInject) -> Result<(), InputError> {
    s.submit(Input::Improvise {
        inject: Box::new(w),
    })
}

#[test]
fn an_improvised_inject_is_released_at_once_to_its_recipients_only() {
    let mut s = basic(1);
    s.advance(20);
    improvise(&mut s, written(&["mfa"], None)).unwrap();
    assert_eq!(released_at(&s, "live-1"), Some(20));
    let mfa = s.team_view("mfa").unwrap();
    let item = mfa.feed.iter().find(|f| f.inject == "live-1").unwrap();
    assert_eq!(
        (item.title.as_str(), item.from.as_str(), item.at),
        ("Ambassador calls", "Embassy North", 20)
    );
    for other in ["cert", "red"] {
        let view = s.team_view(other).unwrap();
        assert!(view.feed.iter().all(|f| f.inject != "live-1"), "{other}");
    }
    let log = s.log();
    let n = log.len();
    assert_eq!(
        log[n - 2..]
            .iter()
            .map(|e| e.event.clone())
            .collect::<Vec<_>>(),
        vec![
            Event::Improvised {
                inject: "live-1".into()
            },
            Event::Released {
                inject: "live-1".into()
            },
        ]
    );
    // A second one gets the next id; an audience of everyone reaches the
    // teams that see the channel (cert does not see cables).
    improvise(&mut s, written(&[], None)).unwrap();
    assert_eq!(state(&s, "live-2"), InjectState::Released { at: 20 });
    assert!(
        s.team_view("cert")
            .unwrap()
            .feed
            .iter()
            .all(|f| f.inject != "live-2")
    );
    assert_eq!(s.improvised().len(), 2);
    assert_eq!(s.facilitator_view().improvised.len(), 2);
}

#[test]
fn its_decision_is_decided_and_scored_and_an_unkinded_option_is_listed_unscored() {
    let mut s = basic(1);
    s.advance(20);
    let d = options(&[("Meet", Some(ResponseKind::Demarche)), ("Decline", None)]);
    improvise(&mut s, written(&["mfa"], Some(d.clone()))).unwrap();
    let open = s.team_view("mfa").unwrap().decisions;
    let live = open.iter().find(|o| o.decision == "live-1").unwrap();
    assert_eq!(live.deadline_at, 35);
    assert_eq!(live.prompt, "Do you meet?");
    assert_eq!(
        live.options
            .iter()
            .map(|o| o.id.as_str())
            .collect::<Vec<_>>(),
        ["option-1", "option-2"]
    );
    s.submit(decide("mfa", "live-1", "option-1")).unwrap();
    let score = s
        .scores()
        .into_iter()
        .find(|x| x.decision == "live-1")
        .unwrap();
    assert!(!score.unscored, "a kinded option is scored by the norms");

    let mut t = basic(1);
    t.advance(20);
    improvise(&mut t, written(&["mfa"], Some(d))).unwrap();
    t.submit(decide("mfa", "live-1", "option-2")).unwrap();
    let score = t
        .scores()
        .into_iter()
        .find(|x| x.decision == "live-1")
        .unwrap();
    assert!(score.unscored && score.evaluations.is_empty());
    let revealed = t
        .revealed_scores()
        .into_iter()
        .find(|x| x.decision == "live-1")
        .unwrap();
    assert!(revealed.unscored, "the reveal has nothing to add either");
}

#[test]
fn an_improvised_session_replays_and_forks_hash_for_hash() {
    let play = |s: &mut Session| {
        s.advance(20);
        improvise(
            s,
            written(&["mfa"], Some(options(&[("Meet", None), ("No", None)]))),
        )
        .unwrap();
        s.advance(3);
    };
    let (mut a, mut b) = (basic(7), basic(7));
    play(&mut a);
    play(&mut b);
    assert_eq!(a.state_hash(), b.state_hash());
    let mut f = a.fork();
    assert_eq!(f.state_hash(), a.state_hash());
    for s in [&mut a, &mut f] {
        s.submit(decide("mfa", "live-1", "option-2")).unwrap();
        s.advance(30);
    }
    assert_eq!(f.state_hash(), a.state_hash());
    // The text is state: another wording hashes differently.
    let mut c = basic(7);
    c.advance(20);
    let mut other = written(&["mfa"], Some(options(&[("Meet", None), ("No", None)])));
    other.text.push('!');
    improvise(&mut c, other).unwrap();
    c.advance(3);
    assert_ne!(c.state_hash(), b.state_hash());
    // Without an improvised inject the hash is as before.
    let mut plain = basic(7);
    plain.advance(23);
    assert_ne!(plain.state_hash(), b.state_hash());
}

#[test]
fn an_inject_that_cannot_be_released_as_written_is_refused_and_changes_nothing() {
    let mut s = basic(1);
    s.advance(20);
    let before = s.state_hash();
    let bad = |w: ImprovisedInject| w;
    let mut cases: Vec<(ImprovisedInject, InputError)> = Vec::new();
    let problem = InputError::BadInject;
    let mut w = written(&["mfa"], None);
    w.title = "  ".into();
    cases.push((w, problem(InjectProblem::EmptyTitle)));
    let mut w = written(&["mfa"], None);
    w.text.clear();
    cases.push((w, problem(InjectProblem::EmptyText)));
    let mut w = written(&["mfa"], None);
    w.text = "x".repeat(sitroom_engine::improvise::MAX_TEXT_BYTES + 1);
    cases.push((
        w,
        problem(InjectProblem::TooLong {
            field: "text".into(),
        }),
    ));
    cases.push((
        bad(written(&["nobody"], None)),
        InputError::UnknownTeam("nobody".into()),
    ));
    cases.push((
        written(&["cert"], None),
        problem(InjectProblem::ChannelNotSeen {
            team: "cert".into(),
            channel: Channel::DiplomaticCable,
        }),
    ));
    cases.push((
        written(&["mfa", "mfa"], None),
        problem(InjectProblem::DuplicateTeam("mfa".into())),
    ));
    let mut w = written(&[], None);
    w.channel = Channel::SocialMedia;
    cases.push((w, problem(InjectProblem::NobodySees(Channel::SocialMedia))));
    cases.push((
        written(&["mfa"], Some(options(&[("Meet", None), ("Meet ", None)]))),
        problem(InjectProblem::DuplicateLabel("Meet".into())),
    ));
    cases.push((
        written(&["mfa"], Some(options(&[("Meet", None), ("", None)]))),
        problem(InjectProblem::EmptyLabel(2)),
    ));
    cases.push((
        written(&["mfa"], Some(options(&[]))),
        problem(InjectProblem::NoOptions),
    ));
    let mut d = options(&[("Meet", None)]);
    d.deadline = 0;
    cases.push((
        written(&["mfa"], Some(d)),
        problem(InjectProblem::ZeroDeadline),
    ));
    let many: Vec<(String, Option<ResponseKind>)> = (0..=sitroom_engine::improvise::MAX_OPTIONS)
        .map(|i| (format!("o{i}"), None))
        .collect();
    let many: Vec<(&str, Option<ResponseKind>)> =
        many.iter().map(|(l, r)| (l.as_str(), *r)).collect();
    cases.push((
        written(&["mfa"], Some(options(&many))),
        problem(InjectProblem::TooManyOptions),
    ));
    for (w, expected) in cases {
        assert_eq!(improvise(&mut s, w.clone()), Err(expected), "{w:?}");
        assert_eq!(s.state_hash(), before);
        assert!(s.scenario().inject("live-1").is_none());
        assert!(!expected_message_is_empty(&s, w));
    }
    // After the end nothing more can be written.
    s.submit(Input::End {
        reason: "done".into(),
    })
    .unwrap();
    assert_eq!(
        improvise(&mut s, written(&["mfa"], None)),
        Err(InputError::SessionOver)
    );
}

fn expected_message_is_empty(s: &Session, w: ImprovisedInject) -> bool {
    let mut f = s.fork();
    f.submit(Input::Improvise {
        inject: Box::new(w),
    })
    .err()
    .is_none_or(|e| e.to_string().is_empty())
}

#[test]
fn an_improvised_input_reads_and_writes_as_a_script_line() {
    let text = r#"[(at: 20, input: Improvise(inject: (title: "Call", text: "Ring.", channel: PhoneCall, audience: ["red"], decision: (deadline: 5, options: [(label: "Answer", response: Monitor), (label: "Ignore")]))))]"#;
    let opts =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let script: Vec<sitroom_engine::Stamped> = opts.from_str(text).unwrap();
    let mut s = basic(1);
    for st in script {
        s.submit_at(st).unwrap();
    }
    assert_eq!(released_at(&s, "live-1"), Some(20));
    let red = s.team_view("red").unwrap();
    let open = red
        .decisions
        .iter()
        .find(|d| d.decision == "live-1")
        .unwrap();
    assert_eq!(open.prompt, "Call", "an empty question is the title");
    let json = serde_json::to_string(&Input::Improvise {
        inject: Box::new(written(&["mfa"], None)),
    })
    .unwrap();
    let back: Input = serde_json::from_str(&json).unwrap();
    assert!(matches!(back, Input::Improvise { .. }));
}
