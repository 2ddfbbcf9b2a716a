//! `sitroom rescore JOURNAL [--scenario EDITED.ron]`: re-plays a past
//! session's inputs under today's norm catalogue (or against an edited
//! scenario) and shows, decision by decision, what the scores were in the
//! journal and what they are now, with the reasons of what changed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use sitroom_journal::Replayer;
use sitroom_norms::Score;

use crate::outcome::{self, Failure};
use crate::{author, text};

/// `(team, decision, minute)`: one choice.
type Key = (String, String, u32);

fn key(s: &Score) -> Key {
    (s.team.clone(), s.decision.clone(), s.at)
}

fn overall(s: &Score) -> String {
    s.overall()
        .map_or("unscored".to_string(), |(grade, score)| {
            format!("{score} {grade}")
        })
}

pub fn rescore(path: &Path, scenario: Option<&Path>) -> Result<(), Failure> {
    let (journal, recorded) = crate::journal::open_journal(path)?;
    let (scenario, against) = match scenario {
        Some(file) => {
            let loaded = author::load(file, outcome::use_color(crate::args::ColorChoice::Auto))?;
            (
                loaded.scenario,
                format!("the scenario {}", text::path(file)),
            )
        }
        None => (recorded, "the scenario recorded in the journal".to_string()),
    };
    let mut replayer = Replayer::new(&journal, Arc::clone(&scenario));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: re-scored under today's norms (engine {}) against {against}",
        text::path(path),
        sitroom_engine::VERSION
    );
    if journal.header.engine != sitroom_engine::VERSION {
        let _ = writeln!(
            out,
            "the journal was written by engine {}",
            text::escape(&journal.header.engine)
        );
    }
    while let Some((at, result)) = replayer.apply_next() {
        if let Err(e) = result {
            let _ = writeln!(out, "minute {at}: a recorded input is refused now: {e}");
        }
    }
    if let Some(&(last, _)) = journal.hashes.last() {
        replayer.reach(last);
    }
    let now: BTreeMap<Key, Score> = replayer
        .session()
        .scores()
        .into_iter()
        .map(|s| (key(&s), s))
        .collect();
    // The journal's last score line of each choice (a voided one stays in
    // the file; the engine's list no longer has it).
    let mut then: BTreeMap<Key, Score> =
        journal.scores.iter().map(|s| (key(s), s.clone())).collect();
    for stamped in &journal.inputs {
        if let sitroom_engine::Input::Void { team, decision, .. } = &stamped.input {
            then.retain(|(t, d, at), _| !(t == team && d == decision && *at <= stamped.at));
        }
    }
    let mut keys: Vec<&Key> = then.keys().chain(now.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut changed = 0;
    for k in keys {
        let (team, decision, at) = k;
        let head = format!("T+{at:03} {team} / {decision}");
        match (then.get(k), now.get(k)) {
            (Some(old), Some(new))
                if old.evaluations == new.evaluations && old.option == new.option =>
            {
                let _ = writeln!(out, "{head}: `{}` {} (unchanged)", new.option, overall(new));
            }
            (Some(old), Some(new)) => {
                changed += 1;
                let _ = writeln!(
                    out,
                    "{head}: `{}` {} -> `{}` {}",
                    old.option,
                    overall(old),
                    new.option,
                    overall(new)
                );
                for e in &new.evaluations {
                    match old.evaluations.iter().find(|o| o.norm == e.norm) {
                        Some(o) if o.score == e.score && o.reason == e.reason => {}
                        Some(o) => {
                            let _ = writeln!(
                                out,
                                "    {}: {} {} -> {} {}: {}",
                                e.norm, o.score, o.grade, e.score, e.grade, e.reason
                            );
                        }
                        None => {
                            let _ = writeln!(
                                out,
                                "    {}: new, {} {}: {}",
                                e.norm, e.score, e.grade, e.reason
                            );
                        }
                    }
                }
                for o in &old.evaluations {
                    if !new.evaluations.iter().any(|e| e.norm == o.norm) {
                        let _ = writeln!(
                            out,
                            "    {}: no longer scored (was {} {})",
                            o.norm, o.score, o.grade
                        );
                    }
                }
            }
            (Some(old), None) => {
                changed += 1;
                let _ = writeln!(
                    out,
                    "{head}: `{}` {} -> no longer scored (voided, refused or never taken now)",
                    old.option,
                    overall(old)
                );
            }
            (None, Some(new)) => {
                changed += 1;
                let _ = writeln!(
                    out,
                    "{head}: not in the journal -> `{}` {}",
                    new.option,
                    overall(new)
                );
            }
            (None, None) => {}
        }
    }
    let _ = writeln!(out, "{changed} decision(s) scored differently");
    outcome::print(&out)
}
