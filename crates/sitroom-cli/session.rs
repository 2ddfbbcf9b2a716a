//! Headless sessions: `run` plays a scenario from a decisions script,
//! `replay --verify` re-simulates a journal, `resume` continues one that was
//! cut off. The engine never sleeps or reads files; pacing and I/O are here.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sitroom_engine::{Session, Stamped};
use sitroom_host::{Driven, Host, PlayError, Script};
use sitroom_journal::{Journal, Recorder};
use sitroom_scenario::Scenario;

use crate::args::{ColorChoice, OutputFormat, RunArgs};
use crate::author;
use crate::outcome::{self, Failure};
use crate::summary;

/// A session with or without a journal behind it: the host drives either.
type Driver = Box<dyn Driven>;

/// Plays the script to the end, sleeping `pace` after each minute so that a
/// paced run can be watched or killed.
fn play(driver: &mut Driver, script: &[Stamped], pace: Option<Duration>) -> Result<(), Failure> {
    let mut host = Host::new(&mut **driver);
    let mut script = Script::new(script.to_vec());
    // Unpaced, idle minutes are jumped (a journal still hashes each).
    let played = match pace {
        Some(pace) => host.play_with(&mut script, &mut |_: &Session| std::thread::sleep(pace)),
        None => host.play(&mut script),
    };
    played.map_err(|e| match e {
        PlayError::Sink(e) => Failure::Io(format!("writing the journal: {e}")),
        e => Failure::Usage(format!("decisions script: {e}")),
    })
}

pub fn run(args: RunArgs) -> Result<(), Failure> {
    let color = outcome::use_color(ColorChoice::Auto);
    let loaded = author::load(&args.scenario, color)?;
    let script = match &args.decisions {
        Some(path) => read_script(path)?,
        None => Vec::new(),
    };
    let session = Session::new(Arc::clone(&loaded.scenario), args.seed);
    let driver = match &args.journal {
        Some(path) => {
            let recorder =
                Recorder::create(path, &loaded.name, &loaded.source, session).map_err(|e| {
                    Failure::Io(format!("creating the journal {}: {e}", path.display()))
                })?;
            Box::new(recorder) as Driver
        }
        None => Box::new(session),
    };
    let pace = (args.pace_ms > 0).then(|| Duration::from_millis(args.pace_ms));
    finish(driver, &script, pace, args.format, args.journal.as_deref())
}

/// Applies the script's inputs at their minutes, then plays to the end.
fn finish(
    mut driver: Driver,
    script: &[Stamped],
    pace: Option<Duration>,
    format: OutputFormat,
    journal: Option<&Path>,
) -> Result<(), Failure> {
    play(&mut driver, script, pace)?;
    let session = driver.session();
    let record = sitroom_record::Record::of(session);
    let text = match format {
        OutputFormat::Text => summary::text(session.scenario(), &record, journal),
        OutputFormat::Json => summary::json(session.scenario(), &record, journal),
    };
    outcome::print(&text)
}

/// Reads a decisions script: a RON list of `(at: MINUTE, input: ...)`.
pub fn read_script(path: &Path) -> Result<Vec<Stamped>, Failure> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Failure::io(&name, e))?;
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options.from_str::<Vec<Stamped>>(&text).map_err(|e| {
        Failure::Usage(format!(
            "{name}:{}:{}: not a decisions script: {}",
            e.span.start.line, e.span.start.col, e.code
        ))
    })
}

/// Reads a journal and the scenario stored in it.
pub fn open_journal(path: &Path) -> Result<(Journal, Arc<Scenario>), Failure> {
    let journal = sitroom_journal::read(path)
        .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
    let name = format!(
        "{} (scenario stored in {})",
        journal.header.scenario_name,
        path.display()
    );
    let loaded = author::load_source(
        name,
        journal.header.scenario_source.clone(),
        outcome::use_color(ColorChoice::Auto),
    )?;
    Ok((journal, loaded.scenario))
}

pub fn replay(path: &Path, verify: bool) -> Result<(), Failure> {
    let (journal, scenario) = open_journal(path)?;
    if !verify {
        return crate::tui::replay(path, journal, scenario);
    }
    if journal.truncated_tail {
        eprintln!(
            "warning: {}: the last line was cut off mid-write and is ignored",
            path.display()
        );
    }
    match sitroom_journal::replay(&journal, scenario) {
        Ok(session) => outcome::print(&format!(
            "{}: verified {} state hashes and {} inputs; final minute {}, state {}\n",
            path.display(),
            journal.hashes.len(),
            journal.inputs.len(),
            session.now(),
            session.state_hash()
        )),
        Err(diverged) => Err(Failure::Check(format!("{}: {diverged}", path.display()))),
    }
}

pub fn resume(path: &Path, decisions: Option<&Path>, format: OutputFormat) -> Result<(), Failure> {
    let (journal, scenario) = open_journal(path)?;
    if decisions.is_none() {
        return crate::tui::resume(path, scenario);
    }
    let recorder = sitroom_journal::resume(path, scenario).map_err(|e| match e {
        // The journal is readable but is not what this engine replays: the
        // same verdict (exit 1) as `replay --verify`.
        sitroom_journal::JournalError::Diverged(d) => {
            Failure::Check(format!("{}: {d}", path.display()))
        }
        e => Failure::Usage(format!("{}: {e}", path.display())),
    })?;
    let script = match decisions {
        Some(p) => read_script(p)?,
        None => Vec::new(),
    };
    let rest = remaining(&script, &journal.inputs, decisions)?;
    eprintln!(
        "resuming {} at minute {} with {} recorded input(s), {} to apply",
        path.display(),
        recorder.session().now(),
        journal.inputs.len(),
        rest.len()
    );
    finish(Box::new(recorder), rest, None, format, Some(path))
}

/// The part of a script not yet in the journal: the journal's inputs must be
/// a prefix of the script, so that a resumed run neither loses nor repeats a
/// decision.
fn remaining<'a>(
    script: &'a [Stamped],
    recorded: &[Stamped],
    name: Option<&Path>,
) -> Result<&'a [Stamped], Failure> {
    if script.is_empty() {
        return Ok(script);
    }
    for (i, done) in recorded.iter().enumerate() {
        match script.get(i) {
            Some(planned) if planned == done => {}
            _ => {
                return Err(Failure::Usage(format!(
                    "{}: input {} of the script differs from the journal's input {} at minute {}; \
                     a resumed session must continue the same script",
                    name.map(|p| p.display().to_string()).unwrap_or_default(),
                    i + 1,
                    i + 1,
                    done.at
                )));
            }
        }
    }
    Ok(&script[recorded.len().min(script.len())..])
}
