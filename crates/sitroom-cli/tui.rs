//! `sitroom` (demo), `play`, `resume` (UI) and `replay` (viewer): the
//! terminal UI. The TUI crate owns the terminal (a guard restores it on
//! every way out, a panic hook on a panic); this module loads files,
//! picks the journal path and turns results into exit codes.

use std::path::{Path, PathBuf};

use sitroom_tui::{ClockMode, Exit, PlayConfig, ReplayConfig, ResumeConfig, Theme, TuiError};

use crate::args::{ColorChoice, Mode};
use crate::author;
use crate::outcome::{self, Failure};

fn theme() -> Theme {
    // NO_COLOR set and non-empty: no colour (https://no-color.org).
    Theme::from_env(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))
}

fn mode(mode: Mode) -> ClockMode {
    match mode {
        Mode::Turns => ClockMode::Turns,
        Mode::Realtime => ClockMode::Realtime,
    }
}

fn failure(err: TuiError) -> Failure {
    match err {
        TuiError::Journal(sitroom_journal::JournalError::Diverged(d)) => {
            Failure::Check(d.to_string())
        }
        other => Failure::Usage(other.to_string()),
    }
}

/// `journals/<scenario id>-<seed>-<n>.jsonl`, the first `n` not taken.
fn default_journal(scenario_id: &str, seed: u64) -> Result<PathBuf, Failure> {
    // The TUI creates the folder when the session starts.
    let dir = PathBuf::from("journals");
    (1..10_000)
        .map(|n| dir.join(format!("{scenario_id}-{seed}-{n}.jsonl")))
        .find(|p| !p.exists())
        .ok_or_else(|| Failure::Usage("journals/ is full; pass --journal".into()))
}

fn report(exit: Exit, journal: &Path) {
    match exit {
        Exit::Finished { at } => {
            eprintln!("session ended at T+{at:03}; journal: {}", journal.display())
        }
        Exit::Quit { at } => eprintln!(
            "session left at T+{at:03}; continue with `sitroom resume {}`",
            journal.display()
        ),
        Exit::NotStarted => eprintln!("no exercise started; nothing was written"),
    }
}

/// `sitroom play SCENARIO` and, with the built-in demo, `sitroom`.
pub fn play(
    scenario: Option<&Path>,
    seed: u64,
    clock: Mode,
    journal: Option<PathBuf>,
) -> Result<(), Failure> {
    let color = outcome::use_color(ColorChoice::Auto);
    let loaded = match scenario {
        Some(path) => author::load(path, color)?,
        None => author::load_source(
            sitroom_tui::DEMO_NAME.to_string(),
            sitroom_tui::DEMO.to_string(),
            color,
        )?,
    };
    let journal_path = match journal {
        Some(p) => p,
        None => default_journal(&loaded.scenario.meta.id, seed)?,
    };
    let exit = sitroom_tui::play(PlayConfig {
        scenario: loaded.scenario,
        source: loaded.source,
        name: loaded.name,
        seed,
        mode: mode(clock),
        journal_path: journal_path.clone(),
        theme: theme(),
    })
    .map_err(failure)?;
    report(exit, &journal_path);
    Ok(())
}

/// `sitroom resume JOURNAL` without `--decisions`: back into the UI.
pub fn resume(
    journal: &Path,
    scenario: std::sync::Arc<sitroom_scenario::Scenario>,
) -> Result<(), Failure> {
    let exit = sitroom_tui::resume(ResumeConfig {
        scenario,
        journal_path: journal.to_path_buf(),
        theme: theme(),
    })
    .map_err(failure)?;
    report(exit, journal);
    Ok(())
}

/// `sitroom replay JOURNAL` without `--verify`: the viewer.
pub fn replay(
    journal_path: &Path,
    journal: sitroom_journal::Journal,
    scenario: std::sync::Arc<sitroom_scenario::Scenario>,
) -> Result<(), Failure> {
    sitroom_tui::replay(ReplayConfig {
        journal,
        journal_path: journal_path.to_path_buf(),
        scenario,
        theme: theme(),
    })
    .map_err(failure)
}
