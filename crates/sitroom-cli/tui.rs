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

/// `journals/<scenario id>-<seed>-<n>.jsonl`, the first `n` not taken. The
/// id is a safe file-name stem once checked (SR0112); any other character
/// still becomes `_` here, so that the path never leaves `journals/`.
pub fn default_journal(scenario_id: &str, seed: u64) -> Result<PathBuf, Failure> {
    // The TUI creates the folder when the session starts.
    let dir = PathBuf::from("journals");
    let stem: String = if sitroom_scenario::is_safe_stem(scenario_id) {
        scenario_id.to_string()
    } else {
        let safe: String = scenario_id
            .chars()
            .take(sitroom_scenario::MAX_ID_BYTES)
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("scenario-{safe}")
    };
    (1..10_000)
        .map(|n| dir.join(format!("{stem}-{seed}-{n}.jsonl")))
        .find(|p| !p.exists())
        .ok_or_else(|| Failure::Usage("journals/ is full; pass --journal".into()))
}

fn report(exit: Exit, journal: &Path) {
    match exit {
        Exit::Finished { at } => {
            eprintln!(
                "session ended at T+{at:03}; journal: {}",
                crate::text::path(journal)
            )
        }
        Exit::Quit { at } => eprintln!(
            "session left at T+{at:03}; continue with `sitroom resume {}`",
            crate::text::path(journal)
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

/// `sitroom join ADDR --token T`: the seat's screen in the terminal UI.
pub fn join(mut link: sitroom_net::Link) -> Result<(), Failure> {
    let theme = theme();
    let result = sitroom_tui::seat::join(&mut link, &theme);
    link.bye();
    match result {
        Ok(None) => Ok(()),
        Ok(Some(reason)) => Err(Failure::Io(format!(
            "join: {}",
            crate::text::escape(&reason)
        ))),
        Err(sitroom_tui::TuiError::NotATerminal) => Err(Failure::Usage(
            "joining in the terminal UI needs a terminal; play a seat headlessly with `sitroom join ADDR --token T --decisions SCRIPT`".into(),
        )),
        Err(e) => Err(Failure::Io(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Component, Path};

    #[test]
    fn the_default_journal_never_leaves_journals() {
        for id in [
            "mission-compromise",
            "../../x",
            "/etc/passwd",
            "..",
            "a/../../b",
            "C:\\x",
            "\u{1b}[2J",
            "",
            "con",
        ] {
            let path = super::default_journal(id, 3).unwrap_or_else(|_| panic!("{id:?}"));
            let parts: Vec<Component> = path.components().collect();
            assert_eq!(parts.len(), 2, "{id:?}: {}", path.display());
            assert_eq!(parts[0], Component::Normal("journals".as_ref()), "{id:?}");
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            assert!(
                sitroom_scenario::is_safe_stem(name.trim_end_matches(".jsonl")),
                "{id:?}: {name}"
            );
            assert_eq!(path.parent(), Some(Path::new("journals")));
        }
    }
}
