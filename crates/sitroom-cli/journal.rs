//! Reading a journal and the scenario stored in it, for every command that
//! takes one (`replay`, `resume`, `report`, `compare`, `seal`, `rescore`).

use std::path::Path;
use std::sync::Arc;

use sitroom_journal::{Journal, JournalError};
use sitroom_scenario::Scenario;

use crate::args::ColorChoice;
use crate::author;
use crate::outcome::{self, Failure};
use crate::text;

/// The largest journal read, in bytes (a year-long journaled session is
/// about 200 MB).
const MAX_JOURNAL_BYTES: u64 = 512 * 1024 * 1024;

/// A journal error as a failure: a record that is not intact or does not
/// replay fails the check (exit 1); one that cannot be read is exit 2.
pub fn journal_failure(path: &Path, e: JournalError) -> Failure {
    let name = text::path(path);
    match e {
        JournalError::Diverged(_) | JournalError::Mismatch { .. } => {
            Failure::Check(format!("{name}: the record does not replay: {e}"))
        }
        JournalError::Tampered { .. } => {
            Failure::Check(format!("{name}: the record is not intact: {e}"))
        }
        e => Failure::Usage(format!("{name}: {e}")),
    }
}

/// Reads a journal and the scenario stored in it.
pub fn open_journal(path: &Path) -> Result<(Journal, Arc<Scenario>), Failure> {
    let (journal, _, scenario) = open_checked(path)?;
    Ok((journal, scenario))
}

/// Reads a journal (at most 512 MiB), its chain checked, and the scenario
/// stored in it.
pub fn open_checked(
    path: &Path,
) -> Result<(Journal, sitroom_journal::Integrity, Arc<Scenario>), Failure> {
    let bytes = author::read_limited(path, MAX_JOURNAL_BYTES)?;
    let (journal, integrity) =
        sitroom_journal::parse_checked(&bytes).map_err(|e| journal_failure(path, e))?;
    let name = format!(
        "{} (scenario stored in {})",
        text::escape(&journal.header.scenario_name),
        text::path(path)
    );
    let loaded = author::load_source(
        name,
        journal.header.scenario_source.clone(),
        outcome::use_color(ColorChoice::Auto),
    )?;
    Ok((journal, integrity, loaded.scenario))
}

/// Verifies a journal (at most 512 MiB) as it is read, line by line: its
/// chain and seals, and, when its stored scenario loads, its re-simulation.
/// A record that is not intact is the failure, before a scenario that does
/// not load (which fails the check too).
pub fn stream_verified(path: &Path) -> Result<sitroom_journal::Streamed, Failure> {
    let stream = sitroom_journal::Stream::open(path, MAX_JOURNAL_BYTES)
        .map_err(|e| journal_failure(path, e))?;
    let header = stream.header();
    let name = format!(
        "{} (scenario stored in {})",
        text::escape(&header.scenario_name),
        text::path(path)
    );
    let loaded = author::load_source(
        name,
        header.scenario_source.clone(),
        outcome::use_color(ColorChoice::Auto),
    );
    match loaded {
        Ok(loaded) => stream
            .verify(Some(loaded.scenario))
            .map_err(|e| journal_failure(path, e)),
        Err(failure) => {
            stream.verify(None).map_err(|e| journal_failure(path, e))?;
            Err(failure)
        }
    }
}
