//! Engine behaviour on the fixture scenarios in `tests/fixtures`.

mod support;

/// Releases by each trigger kind, holds and manual releases.
mod releases;
