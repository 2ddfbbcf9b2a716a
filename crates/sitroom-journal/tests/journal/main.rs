//! Journal behaviour: recording, reading damaged files, replay and resume.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

/// Fixtures, temporary files and random input scripts.
mod support;

/// Damaged journals: torn tails, corrupt lines, bad headers, tampered hashes.
mod damage;
/// Resuming after a crash.
mod resume;
/// Recording and replaying: round trips, random scripts, `session_at`.
mod roundtrip;
/// Format 4: sparse state hashes.
mod sparse;
/// Edits to a signed journal, as data.
mod tamper;
