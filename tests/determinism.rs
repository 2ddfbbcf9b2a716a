//! The flagship played with 200 random decision scripts under 200 seeds:
//! every journal replays to the same hashes, and no team ever sees another
//! team's injects.

use std::sync::Arc;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use sitroom_engine::{Input, Session};
use sitroom_journal::Recorder;
use sitroom_scenario::Scenario;

use crate::util::{read, repo, tempdir};

fn flagship() -> (String, Arc<Scenario>) {
    let source = read(&repo("scenarios/mission-compromise.ron"));
    let checked = sitroom_scenario::check("mission-compromise.ron", &source)
        .unwrap_or_else(|r| panic!("{}", r.render(false)));
    (source, Arc::new(checked.scenario))
}

/// Plays to the end, taking a random option (or none) for every open
/// decision, and calls `look` at every step.
fn play_randomly(recorder: &mut Recorder, script_seed: u64, mut look: impl FnMut(&Session)) {
    let mut rng = ChaCha8Rng::seed_from_u64(script_seed);
    while !recorder.session().is_over() {
        look(recorder.session());
        for open in recorder.session().open_decisions() {
            for team in &open.teams {
                // Leave some decisions to their deadline and default.
                if rng.random_bool(0.3) || open.options.is_empty() {
                    continue;
                }
                let option = &open.options[rng.random_range(0..open.options.len())];
                recorder
                    .submit(Input::Decide {
                        team: team.clone(),
                        decision: open.decision.clone(),
                        option: option.id.clone(),
                        rationale: Some(format!("random script {script_seed}")),
                    })
                    .expect("an open decision accepts its own option");
            }
        }
        let step = 1 + rng.random_range(0..20);
        recorder.advance(step).expect("journal write");
    }
    look(recorder.session());
}

#[test]
fn two_hundred_random_scripts_replay_bit_for_bit() {
    let (source, scenario) = flagship();
    let dir = tempdir();
    let mut endings = std::collections::BTreeSet::new();
    let mut scored = 0;
    for seed in 0..200u64 {
        let path = dir.path().join(format!("{seed}.jsonl"));
        let session = Session::new(Arc::clone(&scenario), seed);
        let mut recorder = Recorder::create(&path, "mission-compromise.ron", &source, session)
            .expect("create journal");
        play_randomly(&mut recorder, seed ^ 0x5eed, |_| {});
        let final_hash = recorder.session().state_hash();
        if let Some(o) = recorder.session().outcome() {
            endings.insert(format!("{:?} {:?}", o.by, o.ending));
        }
        drop(recorder);
        let journal = sitroom_journal::read(&path).expect("journal reads back");
        let replayed = sitroom_journal::replay(&journal, Arc::clone(&scenario))
            .unwrap_or_else(|d| panic!("seed {seed}: diverged at minute {}", d.at));
        assert_eq!(replayed.state_hash(), final_hash, "seed {seed}");
        // The scores the journal recorded are the ones the replay recomputes.
        assert_eq!(replayed.scores(), journal.scores, "seed {seed}: scores");
        scored += journal.scores.len();
    }
    assert!(
        scored > 200,
        "only {scored} scored decisions in 200 sessions"
    );
    // Random play reaches more than one ending: the choices matter.
    assert!(endings.len() >= 2, "only reached {endings:?}");
}

#[test]
fn a_team_never_sees_another_teams_injects() {
    let (source, scenario) = flagship();
    let dir = tempdir();
    for seed in 0..20u64 {
        let path = dir.path().join(format!("{seed}.jsonl"));
        let session = Session::new(Arc::clone(&scenario), seed);
        let mut recorder = Recorder::create(&path, "mission-compromise.ron", &source, session)
            .expect("create journal");
        play_randomly(&mut recorder, seed, |session| {
            for team in &scenario.teams {
                let view = session.team_view(&team.id).expect("a view per team");
                for item in &view.feed {
                    let inject = scenario
                        .injects
                        .iter()
                        .find(|i| i.id == item.inject)
                        .expect("feed items are scenario injects");
                    assert!(
                        team.sees.channels.contains(&inject.channel)
                            && (inject.audience.is_empty() || inject.audience.contains(&team.id)),
                        "team {} sees inject {} meant for {:?}",
                        team.id,
                        inject.id,
                        inject.audience
                    );
                }
                for case in &view.beliefs {
                    assert!(
                        team.sees.cases.is_empty() || team.sees.cases.contains(&case.case),
                        "team {} holds beliefs on case {} it may not see",
                        team.id,
                        case.case
                    );
                }
            }
        });
    }
}
