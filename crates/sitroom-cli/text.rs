//! Text from files on the terminal: scenario, script and journal text (and
//! file names) can hold control characters; they are shown escaped, never
//! sent raw (`sitroom_scenario::escape_controls`).

use std::path::Path;

pub use sitroom_scenario::escape_controls as escape;

/// A path as shown in a message.
pub fn path(path: &Path) -> String {
    escape(&path.display().to_string())
}
