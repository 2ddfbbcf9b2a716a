//! Authoring commands: `check` validates scenarios, `graph` prints the
//! inject graph. Also the one place that reads a scenario file.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use sitroom_scenario::Scenario;

use crate::args::{ColorChoice, GraphFormat};
use crate::outcome::{self, Failure};

/// A scenario read from disk and validated.
pub struct Loaded {
    pub name: String,
    pub source: String,
    pub scenario: Arc<Scenario>,
}

/// Reads and validates a scenario; on errors prints the diagnostics to
/// stderr and fails with exit code 1.
pub fn load(path: &Path, color: bool) -> Result<Loaded, Failure> {
    let name = crate::text::path(path);
    let source = read_text(path)?;
    load_source(name, source, color)
}

pub fn load_source(name: String, source: String, color: bool) -> Result<Loaded, Failure> {
    match check_source(&name, &source) {
        Ok(checked) => {
            if !checked.warnings.is_empty() {
                eprint!("{}", checked.warnings.render(color));
            }
            Ok(Loaded {
                name,
                source,
                scenario: Arc::new(checked.scenario),
            })
        }
        Err(report) => {
            eprint!("{}", report.render(color));
            Err(Failure::Check(format!(
                "{name}: {} error(s); the scenario cannot be played",
                report.errors()
            )))
        }
    }
}

/// Reads at most `limit` bytes of a file; a larger file (or an endless one,
/// `/dev/zero`) is refused after reading one byte more, as a usage error.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    let name = crate::text::path(path);
    let file = std::fs::File::open(path).map_err(|e| Failure::io(&name, e))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::io(&name, e))?;
    if bytes.len() as u64 > limit {
        return Err(Failure::Usage(format!(
            "{name}: the file is larger than {limit} bytes, more than this kind of file may be"
        )));
    }
    Ok(bytes)
}

/// Reads a scenario file as text. A file that is not UTF-8, or larger than
/// a scenario may be, is a bad scenario (exit 1) and the message says why.
pub fn read_text(path: &Path) -> Result<String, Failure> {
    let name = crate::text::path(path);
    let bytes = match read_limited(path, sitroom_scenario::MAX_SOURCE_BYTES) {
        Err(Failure::Usage(message)) => return Err(Failure::Check(message)),
        other => other?,
    };
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // ok: the prefix up to `valid_up_to` is valid UTF-8 by definition.
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Failure::Check(format!(
            "{name}:{line}:{column}: the file is not UTF-8 text (byte {}); save it as UTF-8",
            good.len()
        ))
    })
}

/// Validates a scenario, with the norm ids checked against the built-in
/// catalogue and its scores' reliance on defaults (SR0223).
pub fn check_source(
    name: &str,
    source: &str,
) -> Result<sitroom_scenario::Checked, sitroom_scenario::Report> {
    sitroom_scenario::check_with_facts(name, source, &sitroom_norms::catalogue().facts())
}

pub fn check(files: &[std::path::PathBuf], color: ColorChoice) -> Result<(), Failure> {
    let color = outcome::use_color(color);
    let mut failed = 0usize;
    for path in files {
        let name = crate::text::path(path);
        let source = match read_text(path) {
            Ok(source) => source,
            // A file that is not text fails its check; the others go on.
            Err(Failure::Check(message)) => {
                failed += 1;
                let _ = writeln!(std::io::stderr(), "error: {message}");
                continue;
            }
            Err(other) => return Err(other),
        };
        match check_source(&name, &source) {
            Ok(checked) => {
                eprint!("{}", checked.warnings.render(color));
                outcome::print(&format!(
                    "{name}: ok ({} warning(s))\n",
                    checked.warnings.warnings()
                ))?;
            }
            Err(report) => {
                failed += 1;
                eprint!("{}", report.render(color));
                let _ = writeln!(
                    std::io::stderr(),
                    "{name}: {} error(s), {} warning(s)",
                    report.errors(),
                    report.warnings()
                );
            }
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(Failure::Check(format!(
            "{failed} of {} scenario(s) have errors",
            files.len()
        )))
    }
}

pub fn graph(file: &Path, format: GraphFormat) -> Result<(), Failure> {
    let loaded = load(file, outcome::use_color(ColorChoice::Auto))?;
    let text = match format {
        GraphFormat::Dot => sitroom_scenario::graph::to_dot(&loaded.scenario),
        GraphFormat::Mermaid => sitroom_scenario::graph::to_mermaid(&loaded.scenario),
    };
    outcome::print(&text)
}
