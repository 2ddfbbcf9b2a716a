//! The need-to-know audit: many random sessions of every shipped scenario,
//! played through the real UI model (hot-seat hand-overs, forms, real-time
//! minutes passing under a seated team, voids), and at every stop each
//! seated team's screen is drawn at several sizes and its engine view
//! serialized (what a networked client would receive). Neither may contain
//! a title, text, option label or facilitator-only text of anything outside
//! the team's view. What is forbidden is worked out here from the scenario
//! (audience, channels, cases carried by injects that reached the team),
//! not taken from the engine, so the test checks the engine and the UI
//! together.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use sitroom_engine::{InjectState, Session};
use sitroom_scenario::Scenario;
use sitroom_tui::app::{App, ClockMode, Overlay, Screen};
use sitroom_tui::drive::{apply, views};
use sitroom_tui::{Action, Theme, key_to_action, update};

use crate::common::buffer_text;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];
const SESSIONS_PER_SCENARIO: u64 = 3;
const STEPS: usize = 14;
const CODE: &str = "2468";

fn shipped() -> Vec<(String, Arc<Scenario>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scenarios/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read");
            let sc = sitroom_scenario::load(&text).expect("a shipped scenario parses");
            (p.display().to_string(), Arc::new(sc))
        })
        .collect()
}

/// Drives App and Session together, as the play loop does.
struct Room {
    session: Session,
    app: App,
    theme: Theme,
    rng: ChaCha8Rng,
}

impl Room {
    fn act(&mut self, action: Action) {
        let effect = update(&mut self.app, action);
        apply(&mut self.session, &mut self.app, effect).expect("a bare session never fails");
    }

    fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            if let Some(action) = key_to_action(self.app.mode(), sitroom_tui::term::press(c)) {
                self.act(action);
            }
        }
    }

    /// Answers any question the facilitator's last command raised.
    fn go_on(&mut self) {
        if matches!(self.app.overlay, Some(Overlay::Confirm(_))) {
            self.keys("y");
        }
    }
}

/// Strings team `t` may not read now: texts of injects that never reach
/// it, facilitator-only text, the truth, and the incident of a case no
/// released inject has told it of. Strings that also belong to what the
/// team may read (a label shared by two decisions) are allowed.
fn forbidden(room: &Room, team: &str) -> Vec<String> {
    let sc = &room.app.scenario;
    let Some(def) = sc.teams.iter().find(|x| x.id == team) else {
        return Vec::new();
    };
    let reaches = |inj: &sitroom_scenario::Inject| {
        def.sees.channels.contains(&inj.channel)
            && (inj.audience.is_empty() || inj.audience.iter().any(|a| a == team))
    };
    let released: BTreeSet<&str> = room
        .app
        .view
        .injects
        .iter()
        .filter(|i| matches!(i.state, InjectState::Released { .. }))
        .map(|i| i.inject.as_str())
        .collect();
    let prefix = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let mut allowed: BTreeSet<String> = BTreeSet::new();
    let mut banned: BTreeSet<String> = BTreeSet::new();
    let mut known_cases: BTreeSet<&str> = BTreeSet::new();
    // What every player reads anyway: the briefing, and the UI's own words.
    allowed.insert("No attribution case yet: none has reached this team.".to_string());
    allowed.insert(sc.meta.briefing.clone());
    allowed.extend(sc.escalation.rungs.iter().map(|r| r.name.clone()));
    allowed.extend(sc.teams.iter().map(|t| t.name.clone()));
    allowed.extend(sc.actors.iter().map(|a| a.name.clone()));
    allowed.extend(
        sc.variables
            .iter()
            .filter(|v| def.sees.variables.contains(&v.id))
            .map(|v| v.name.clone()),
    );
    allowed.insert(sc.meta.title.clone());
    allowed.extend(sc.meta.objectives.iter().map(|o| o.text.clone()));
    for inj in &sc.injects {
        let mut full = vec![inj.title.clone(), inj.text.clone()];
        for o in inj.decision.iter().flat_map(|d| &d.options) {
            full.push(o.label.clone());
            full.push(o.description.clone());
        }
        if let Some(d) = &inj.decision {
            full.push(d.prompt.clone());
        }
        let texts: Vec<String> = full
            .iter()
            .filter(|t| !t.is_empty())
            .map(|t| prefix(t, 24))
            .collect();
        if reaches(inj) {
            allowed.extend(full);
            if released.contains(inj.id.as_str()) {
                known_cases.extend(inj.evidence.iter().map(|e| e.case.as_str()));
                known_cases.extend(
                    inj.decision
                        .iter()
                        .flat_map(|d| &d.options)
                        .filter_map(|o| o.case.as_deref()),
                );
            }
        } else {
            banned.extend(texts);
        }
        if !inj.facilitator_note.is_empty() {
            banned.insert(prefix(&inj.facilitator_note, 24));
        }
        for o in inj.decision.iter().flat_map(|d| &d.options) {
            if !o.facilitator_note.is_empty() {
                banned.insert(prefix(&o.facilitator_note, 24));
            }
        }
    }
    if !sc.meta.facilitator_note.is_empty() {
        banned.insert(prefix(&sc.meta.facilitator_note, 24));
    }
    if sc.meta.summary != sc.meta.briefing {
        banned.insert(prefix(&sc.meta.summary, 40));
    }
    for case in &sc.cases {
        banned.insert(prefix(&case.truth.explanation, 32));
        if !known_cases.contains(case.id.as_str()) {
            banned.insert(prefix(&case.incident, 24));
        }
    }
    // Short or shared strings say nothing about need-to-know.
    banned
        .into_iter()
        .filter(|s| s.chars().count() >= 8)
        .filter(|s| !allowed.iter().any(|a| a.contains(s.as_str())))
        .collect()
}

/// Everything the team can see now: its screen at every size and its view
/// as a client would receive it.
fn audit(room: &Room, team: &str, what: &str, counts: &mut Counts) {
    let banned = forbidden(room, team);
    let mut surfaces: Vec<(String, String)> = Vec::new();
    for (w, h) in SIZES {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("backend");
        terminal
            .draw(|f| sitroom_tui::ui::draw(f, &room.app, &room.theme))
            .expect("draw");
        // Wrapped text loses its line breaks: join rows without them too.
        let text = buffer_text(&terminal);
        surfaces.push((format!("{what} at {w}x{h}"), text));
    }
    if let Some(tv) = room.session.team_view(team) {
        let json = serde_json::to_string(&tv).expect("a view serializes");
        surfaces.push(("its view as JSON".to_string(), json));
    }
    for (where_, text) in &surfaces {
        for s in &banned {
            assert!(
                !text.contains(s.as_str()),
                "{} seed {}: team {team} ({where_}, T+{}) shows `{s}`:\n{text}",
                room.app.scenario.meta.id,
                room.app.seed,
                room.session.now()
            );
        }
        counts.surfaces += 1;
        counts.strings += banned.len();
    }
}

#[derive(Default)]
struct Counts {
    sessions: usize,
    surfaces: usize,
    strings: usize,
}

/// A team at the keyboard looks at everything it can, may type into a
/// form and confirm it, and may sit through real-time minutes.
fn seated(room: &mut Room, team: &str, counts: &mut Counts) {
    audit(room, team, "inbox", counts);
    for pane in ["message", "decisions", "board"] {
        room.keys("\t");
        audit(room, team, pane, counts);
    }
    room.keys("\t");
    let open = room
        .session
        .team_view(team)
        .is_some_and(|tv| !tv.decisions.is_empty());
    if open {
        room.keys("d");
        for _ in 0..room.rng.random_range(0..3) {
            room.keys("↓");
        }
        room.keys("a reason typed in a hurry");
        audit(room, team, "form", counts);
        if room.app.clock.mode == ClockMode::Realtime && room.rng.random_bool(0.5) {
            // Minutes pass while the team types: deadlines may close forms.
            let ms = room.rng.random_range(1..90) * 6_000;
            room.act(Action::Tick(ms));
            audit(room, team, "after minutes passed", counts);
            if matches!(room.app.overlay, Some(Overlay::Notice(_))) {
                room.keys("\n");
            }
        }
        if room.app.form.is_some() {
            if room.app.form.as_ref().is_some_and(|f| f.editing) {
                room.keys("\t");
            }
            room.keys("\n");
            // An option that accuses or acts against a state asks the team
            // for its own judgement on each case it covers, then the review.
            for _ in 0..4 {
                if room.app.judging.is_none() {
                    break;
                }
                audit(room, team, "judgement", counts);
                let steps = room.rng.random_range(0..4);
                room.keys(&"↓→".repeat(steps));
                room.keys("\n");
                assert!(
                    room.app.judging.is_none(),
                    "{team}: the judgement is recorded"
                );
                room.keys("\n");
            }
            assert!(room.app.judging.is_none(), "{team}: asked once per case");
            audit(room, team, "confirmation", counts);
            let record = room.rng.random_bool(0.7);
            room.keys(if record { "y" } else { "n\x1b" });
        }
    }
    if room.app.form.is_some() {
        room.keys("\x1b");
    }
    room.keys("?");
    audit(room, team, "help", counts);
    room.keys("?");
    if room.app.screen == Screen::Team(team.to_string()) {
        room.keys("\x1b");
        audit(room, team, "hand-over", counts);
        room.keys(&format!("\n{CODE}\n"));
    }
}

fn play(name: &str, scenario: Arc<Scenario>, seed: u64, counts: &mut Counts) {
    let session = Session::new(scenario.clone(), seed);
    let mode = if seed.is_multiple_of(2) {
        ClockMode::Turns
    } else {
        ClockMode::Realtime
    };
    let app = App::new(
        scenario.clone(),
        seed,
        views(&session),
        mode,
        PathBuf::from("journals/audit.jsonl"),
    );
    let mut room = Room {
        session,
        app,
        theme: Theme::plain(),
        rng: ChaCha8Rng::seed_from_u64(seed),
    };
    room.keys("\n");
    if mode == ClockMode::Realtime {
        // Real time runs at ×10 and is paused by default: start it.
        room.keys(" ");
    }
    let players: Vec<usize> = scenario
        .teams
        .iter()
        .enumerate()
        .filter(|(_, t)| t.player)
        .map(|(i, _)| i)
        .collect();
    for _ in 0..STEPS {
        if room.session.is_over() {
            break;
        }
        // The facilitator advances to the next event (or several).
        for _ in 0..room.rng.random_range(1..4) {
            room.keys("n");
            room.go_on();
        }
        if room.session.is_over() || room.app.screen != Screen::Facilitator {
            break;
        }
        // Sometimes voids the latest choice.
        if !room.app.scores.is_empty() && room.rng.random_bool(0.15) {
            room.keys("\t\t\t\t");
            let reopen = room.rng.random_bool(0.5);
            room.keys(if reopen { "vr" } else { "vk" });
        }
        // Hands the keyboard to a random player team.
        let Some(&row) = players.get(room.rng.random_range(0..players.len().max(1))) else {
            break;
        };
        let team = scenario.teams[row].id.clone();
        room.keys("t");
        for _ in 0..room.app.fac.row(sitroom_tui::app::FacPane::Teams) {
            room.keys("k");
        }
        for _ in 0..row {
            room.keys("j");
        }
        room.keys("\n");
        if room.app.facilitator_code.is_none() {
            room.keys(&format!("{CODE}\n{CODE}\n"));
        }
        audit(&room, &team, "hand-over to the team", counts);
        room.keys("\n");
        assert_eq!(
            room.app.screen,
            Screen::Team(team.clone()),
            "{name}: the team is seated"
        );
        seated(&mut room, &team, counts);
        // The clock may run out while a team sits (real time): the reveal,
        // or the hand-over back to the facilitator before it.
        if room.app.screen == Screen::Reveal || room.session.is_over() {
            break;
        }
        assert_eq!(
            room.app.screen,
            Screen::Facilitator,
            "{name}: back at the console"
        );
    }
    counts.sessions += 1;
}

#[test]
fn no_team_surface_shows_anything_outside_its_view() {
    let mut counts = Counts::default();
    for (name, scenario) in shipped() {
        for seed in 1..=SESSIONS_PER_SCENARIO {
            play(&name, scenario.clone(), seed, &mut counts);
        }
    }
    // Printed for the record (cargo test -- --nocapture).
    println!(
        "need-to-know audit: {} sessions, {} surfaces, {} forbidden-string checks",
        counts.sessions, counts.surfaces, counts.strings
    );
    assert!(counts.sessions >= 8 * SESSIONS_PER_SCENARIO as usize);
    assert!(counts.surfaces > 1_000, "only {} surfaces", counts.surfaces);
}
