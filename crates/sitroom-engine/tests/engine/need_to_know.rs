use sitroom_engine::{Input, Session};
use sitroom_scenario::Scenario;

use crate::support::basic;

/// Every feed item must be an inject addressed to the team (or to all) on a
/// channel the team sees; every decision must be one it decides.
fn check(s: &Session, sc: &Scenario) {
    for team in &sc.teams {
        let view = s.team_view(&team.id).unwrap();
        for item in &view.feed {
            let inj = sc.injects.iter().find(|i| i.id == item.inject).unwrap();
            assert!(
                team.sees.channels.contains(&inj.channel),
                "{} got {}",
                team.id,
                inj.id
            );
            assert!(
                inj.audience.is_empty() || inj.audience.contains(&team.id),
                "{} got {}",
                team.id,
                inj.id
            );
        }
        for d in &view.decisions {
            assert_eq!(d.teams, vec![team.id.clone()]);
        }
        for v in &view.variables {
            assert!(team.sees.variables.contains(&v.id));
        }
        for c in &view.beliefs {
            assert!(team.sees.cases.is_empty() || team.sees.cases.contains(&c.case));
        }
    }
}

#[test]
fn feeds_follow_audience_and_channels() {
    let mut s = basic(1);
    s.advance(40);
    let feed = |t: &str| {
        s.team_view(t)
            .unwrap()
            .feed
            .into_iter()
            .map(|f| f.inject)
            .collect::<Vec<_>>()
    };
    assert_eq!(feed("mfa"), ["brief", "cable"]);
    assert_eq!(feed("cert"), ["brief", "alert", "forensics"]);
    assert_eq!(feed("red"), ["red-call"]);
    let red = s.team_view("red").unwrap();
    assert!(red.variables.is_empty() && red.beliefs.is_empty());
    assert_eq!(s.team_view("mfa").unwrap().variables[0].id, "pressure");
    assert!(s.team_view("nobody").is_none());
}

#[test]
fn views_never_leak_over_a_whole_run() {
    let sc = crate::support::scenario("basic");
    for seed in 0..10u64 {
        let mut s = Session::new(sc.clone(), seed);
        let option = ["wait", "demarche", "blame"][(seed % 3) as usize];
        while !s.is_over() {
            check(&s, &sc);
            if u64::from(s.now()) == 15 + seed {
                let _ = s.submit(crate::support::decide("mfa", "cable", option));
            }
            if s.now() == 20 {
                let _ = s.submit(Input::Release {
                    inject: "retaliation".into(),
                });
            }
            s.advance(1);
        }
        check(&s, &sc);
    }
}
