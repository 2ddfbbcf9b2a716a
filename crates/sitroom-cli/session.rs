//! Headless sessions: `run` plays a scenario from a decisions script,
//! `replay --verify` re-simulates a journal, `resume` continues one that was
//! cut off. The engine never sleeps or reads files; pacing and I/O are here.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use sitroom_engine::{Input, Session, Stamped};
use sitroom_host::{Driven, Host, PlayError, Script, ScriptEntry, Skipped};
use sitroom_journal::{Recorder, SecretKey};

use crate::args::{ColorChoice, OutputFormat, RunArgs};
use crate::author;
use crate::journal::{journal_failure, open_checked, open_journal, stream_verified};
use crate::outcome::{self, Failure};
use crate::summary;
use crate::text;

/// The largest decisions script read, in bytes.
const MAX_SCRIPT_BYTES: u64 = 4 * 1024 * 1024;
/// The longest rationale or observation text of a script, in bytes (the
/// terminal UI takes 500 characters; the state hash encodes every rationale
/// every minute).
pub const MAX_INPUT_TEXT: usize = 4096;

/// A session with or without a journal behind it: the host drives either.
type Driver = Box<dyn Driven>;

/// Plays the script to the end, sleeping `pace` after each minute so that a
/// paced run can be watched or killed; returns the `when_open` inputs that
/// were skipped (also said on stderr).
fn play(
    driver: &mut Driver,
    script: &[ScriptEntry],
    pace: Option<Duration>,
) -> Result<Vec<Skipped>, Failure> {
    let mut host = Host::new(&mut **driver);
    let mut script = Script::of_entries(script.to_vec());
    // Unpaced, idle minutes are jumped (a journal still hashes each).
    let played = match pace {
        Some(pace) => host.play_with(&mut script, &mut |_: &Session| std::thread::sleep(pace)),
        None => host.play(&mut script),
    };
    for s in script.skipped() {
        eprintln!("decisions script: skipped {}", summary::skipped_line(s));
    }
    played.map_err(|e| match e {
        PlayError::Sink(e) => Failure::Io(format!("writing the journal: {e}")),
        e => Failure::Usage(format!("decisions script: {e}")),
    })?;
    Ok(script.skipped().to_vec())
}

pub fn run(args: RunArgs) -> Result<(), Failure> {
    let color = outcome::use_color(ColorChoice::Auto);
    let key = args.sign.as_deref().map(crate::keys::secret).transpose()?;
    let loaded = author::load(&args.scenario, color)?;
    let script = match &args.decisions {
        Some(path) => read_script_entries(path)?,
        None => Vec::new(),
    };
    let session = Session::new(Arc::clone(&loaded.scenario), args.seed);
    let driver = match &args.journal {
        Some(path) => {
            // `--journal journals/x.jsonl` may name a folder not made yet.
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Failure::io(format!("creating {}", text::path(dir)), e))?;
            }
            let recorder =
                Recorder::create(path, &loaded.name, &loaded.source, session).map_err(|e| {
                    Failure::Io(format!("creating the journal {}: {e}", path.display()))
                })?;
            Box::new(recorder) as Driver
        }
        None => Box::new(session),
    };
    let pace = (args.pace_ms > 0).then(|| Duration::from_millis(args.pace_ms));
    finish(
        driver,
        &script,
        pace,
        args.format,
        args.journal.as_deref(),
        key.as_ref(),
    )
}

/// Applies the script's inputs at their minutes, then plays to the end;
/// with a key, seals the journal.
fn finish(
    mut driver: Driver,
    script: &[ScriptEntry],
    pace: Option<Duration>,
    format: OutputFormat,
    journal: Option<&Path>,
    key: Option<&SecretKey>,
) -> Result<(), Failure> {
    let skipped = play(&mut driver, script, pace)?;
    if let Some(key) = key {
        driver
            .seal(key)
            .map_err(|e| Failure::Io(format!("sealing the journal: {e}")))?;
    }
    let session = driver.session();
    let record = sitroom_record::Record::of(session);
    let text = match format {
        OutputFormat::Text => summary::text(session.scenario(), &record, journal, &skipped),
        OutputFormat::Json => summary::json(session.scenario(), &record, journal, &skipped),
    };
    outcome::print(&text)
}

/// Reads a decisions script: a RON list of `(at: MINUTE, input: ...)`
/// (optionally `when_open: true` on a `Decide`), at most 4 MiB, each
/// rationale and note at most [`MAX_INPUT_TEXT`] bytes.
pub fn read_script_entries(path: &Path) -> Result<Vec<ScriptEntry>, Failure> {
    let name = text::path(path);
    let bytes = author::read_limited(path, MAX_SCRIPT_BYTES)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::Usage(format!("{name}: a decisions script is UTF-8 text")))?;
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let script = options.from_str::<Vec<ScriptEntry>>(&text).map_err(|e| {
        Failure::Usage(format!(
            "{name}:{}:{}: not a decisions script: {}",
            e.span.start.line, e.span.start.col, e.code
        ))
    })?;
    for (i, stamped) in script.iter().enumerate() {
        if !stamped.when_open_allowed() {
            return Err(Failure::Usage(format!(
                "{name}: input {} (minute {}): `when_open` applies to `Decide` inputs only",
                i + 1,
                stamped.at
            )));
        }
        let long = match &stamped.input {
            Input::Decide {
                rationale: Some(t), ..
            } => Some(("rationale", t.len())),
            Input::Note { text, .. } => Some(("note", text.len())),
            Input::End { reason } => Some(("end reason", reason.len())),
            Input::Improvise { inject } => {
                let d = inject.decision.iter();
                let options = d.clone().flat_map(|d| &d.options);
                [&inject.title, &inject.text, &inject.from]
                    .into_iter()
                    .chain(d.map(|d| &d.prompt))
                    .chain(options.flat_map(|o| [&o.label, &o.description]))
                    .map(String::len)
                    .max()
                    .map(|len| ("text of an improvised inject", len))
            }
            _ => None,
        };
        if let Some((what, len)) = long.filter(|(_, len)| *len > MAX_INPUT_TEXT) {
            return Err(Failure::Usage(format!(
                "{name}: input {} (minute {}): a {what} of {len} bytes, more than the \
                 {MAX_INPUT_TEXT} allowed",
                i + 1,
                stamped.at
            )));
        }
    }
    Ok(script)
}

/// `replay --verify [--key PUB]`: says apart whether the record is intact
/// (chain, signature) and whether it replays (re-simulation, hashes,
/// scores). Either failing is exit 1.
pub fn replay(path: &Path, verify: bool, key: Option<&Path>) -> Result<(), Failure> {
    let key = key.map(crate::keys::public).transpose()?;
    if !verify {
        let (journal, _, scenario) = open_checked(path)?;
        return crate::tui::replay(path, journal, scenario);
    }
    // Read line by line and re-simulated alongside: the journal is never
    // held whole.
    let streamed = stream_verified(path)?;
    let integrity = &streamed.integrity;
    let name = text::path(path);
    if streamed.truncated_tail {
        eprintln!("warning: {name}: the last line was cut off mid-write and is ignored");
    }
    let mut report = String::new();
    let mut failed = None;
    let chain = match &integrity.head {
        Some(head) => format!("{} lines chained, head {head}", integrity.lines),
        None => format!(
            "format {} has no chain; its lines read whole (format {} and later chain every line)",
            streamed.header.version,
            sitroom_journal::CHAINED_VERSION
        ),
    };
    let signature = match (&key, integrity.seals.last()) {
        (Some(key), _) => match integrity.signed_by(key) {
            Ok(seal) => format!("; signed by key {key} (line {})", seal.line),
            Err(e) => {
                failed = Some(format!("{name}: the record is not intact: {e}"));
                String::new()
            }
        },
        (None, Some(seal)) => format!(
            "; the last seal (line {}) holds for key {} (give --key to check it is the \
             facilitator's and covers every line)",
            seal.line, seal.key
        ),
        (None, None) => String::new(),
    };
    if failed.is_none() {
        let verdict = if integrity.head.is_some() {
            "the record is intact"
        } else {
            "the record cannot be checked for edits"
        };
        report.push_str(&format!("{name}: {verdict}: {chain}{signature}\n"));
    }
    match &streamed.replayed {
        Ok(replayed) => {
            let session = &replayed.session;
            report.push_str(&format!(
                "{name}: the record replays: verified {} state hashes, {} inputs and {} score \
                 lines; final minute {}, state {}\n",
                streamed.hashes,
                streamed.inputs,
                replayed.scores_checked,
                session.now(),
                session.state_hash()
            ));
        }
        Err(e) => {
            let mut message = format!("{name}: the record does not replay: {e}");
            if streamed.header.engine != sitroom_engine::VERSION {
                message.push_str(&format!(
                    " (it was written by engine {}, this is engine {}: a change to the engine \
                     or the norms since can explain the difference; the record itself is {})",
                    text::escape(&streamed.header.engine),
                    sitroom_engine::VERSION,
                    if failed.is_none() {
                        "intact"
                    } else {
                        "not intact either"
                    }
                ));
            }
            failed = Some(match failed {
                Some(first) => format!("{first}\nerror: {message}"),
                None => message,
            });
        }
    }
    outcome::print(&report)?;
    match failed {
        Some(message) => Err(Failure::Check(message)),
        None => Ok(()),
    }
}

pub fn resume(
    path: &Path,
    decisions: Option<&Path>,
    format: OutputFormat,
    sign: Option<&Path>,
) -> Result<(), Failure> {
    let key = sign.map(crate::keys::secret).transpose()?;
    let (journal, scenario) = open_journal(path)?;
    if decisions.is_none() {
        return crate::tui::resume(path, scenario);
    }
    // A journal readable but not intact, or not what this engine replays:
    // the same verdict (exit 1) as `replay --verify`.
    let recorder = sitroom_journal::resume(path, scenario).map_err(|e| journal_failure(path, e))?;
    let script = match decisions {
        Some(p) => read_script_entries(p)?,
        None => Vec::new(),
    };
    let rest = remaining(
        &script,
        &journal.inputs,
        recorder.session().now(),
        decisions,
    )?;
    eprintln!(
        "resuming {} at minute {} with {} recorded input(s), {} to apply",
        text::path(path),
        recorder.session().now(),
        journal.inputs.len(),
        rest.len()
    );
    finish(
        Box::new(recorder),
        rest,
        None,
        format,
        Some(path),
        key.as_ref(),
    )
}

/// The part of a script not yet in the journal: the journal's inputs must be
/// the script's, in order, so that a resumed run neither loses nor repeats
/// a decision. A `when_open` input the journal lacks was skipped (its
/// decision was not open) when a later input was recorded after it, or
/// when its minute is before the minute the session resumes at; one at
/// the resumed minute is tried again.
fn remaining<'a>(
    script: &'a [ScriptEntry],
    recorded: &[Stamped],
    now: sitroom_scenario::Minutes,
    name: Option<&Path>,
) -> Result<&'a [ScriptEntry], Failure> {
    if script.is_empty() {
        return Ok(script);
    }
    let mut next = 0;
    for (i, done) in recorded.iter().enumerate() {
        // Skipped `when_open` inputs before this one.
        while let Some(planned) = script.get(next)
            && planned.when_open
            && planned.stamped() != *done
            && planned.at <= done.at
        {
            next += 1;
        }
        match script.get(next) {
            Some(planned) if planned.stamped() == *done => next += 1,
            _ => {
                return Err(Failure::Usage(format!(
                    "{}: input {} of the script differs from the journal's input {} at minute {}; \
                     a resumed session must continue the same script",
                    name.map(|p| p.display().to_string()).unwrap_or_default(),
                    next + 1,
                    i + 1,
                    done.at
                )));
            }
        }
    }
    while let Some(planned) = script.get(next)
        && planned.when_open
        && planned.at < now
    {
        next += 1;
    }
    Ok(script.get(next..).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn entry(at: u32, option: &str, when_open: bool) -> ScriptEntry {
        ScriptEntry {
            at,
            input: Input::Decide {
                team: "mfa".into(),
                decision: "d".into(),
                option: option.into(),
                rationale: None,
            },
            when_open,
        }
    }

    #[test]
    fn a_resumed_script_passes_over_skipped_when_open_inputs_only() {
        let script = vec![
            entry(5, "a", true),
            entry(8, "b", false),
            entry(12, "c", true),
            entry(20, "d", false),
        ];
        // `a` was skipped (not in the journal, before `b` which is); `c`
        // at minute 12 was skipped too when the session resumes at 15.
        let recorded = vec![script[1].stamped()];
        let rest = remaining(&script, &recorded, 15, None).unwrap();
        assert_eq!(rest, &script[3..]);
        // Resumed at minute 12 itself, `c` is tried again.
        let rest = remaining(&script, &recorded, 12, None).unwrap();
        assert_eq!(rest, &script[2..]);
        // A plain input missing from the journal is a different script.
        let recorded = vec![script[3].stamped()];
        assert!(remaining(&script, &recorded, 25, None).is_err());
    }
}
