//! The session journal: an append-only JSON Lines file that records a
//! session's header (scenario source and hash, seed, versions), every input
//! with its minute, state hashes (at minute 0, after each input and, in
//! format 4, at every minute where something happened, every
//! [`HASH_PERIOD`] minutes and where the recorder synced; formats 1 to 3
//! hash every minute advanced) and the scores as they are produced.
//!
//! - [`Recorder`] drives a `Session` and writes the journal as it goes;
//!   every input line is fsynced before `submit` returns.
//! - [`read`] parses a journal; a torn last line (a crash mid-write) is
//!   dropped and flagged, any other damage is an error with its line number.
//! - [`Stream`] verifies a journal as it reads it, line by line.
//! - [`replay`] re-simulates a journal and checks every recorded hash;
//!   [`resume`] replays, cuts a torn tail off and continues appending;
//!   [`session_at`] rebuilds the session at any minute for the replay viewer.
//!
//! Line shapes: `{"header": {...}}`, `{"input": {"at": 5, "input": {...}}}`,
//! `{"hash": {"at": 5, "hash": "<64 hex>"}}`, `{"score": {...}}`,
//! `{"pace": {"at": 5, "mode": "realtime", "speed": 10}}` (version 2),
//! `{"seal": {"lines": 9, "key": "<64 hex>", "signature": "<128 hex>"}}`
//! (version 3). In version 3 every line after the header also carries
//! `"prev": "<64 hex>"`, the SHA-256 of the line before it: a hash chain
//! whose head a seal signs ([`SecretKey`], [`Recorder::seal`]);
//! [`read_checked`] checks the chain and the seals, [`verify`] the replay.

/// Errors: a journal that cannot be read, written or replayed.
mod error;
/// The serde shapes of the lines.
mod format;
/// The facilitator's signing key and the reviewers' public key.
mod keys;
/// Reading and checking a journal file.
mod read;
/// Writing a journal while a session runs.
mod record;
/// Re-simulating a journal.
mod replay;
/// Verifying a journal as it is read, line by line.
mod stream;

pub use error::{Diverged, JournalError, ReplayError};
pub use format::{
    CHAINED_VERSION, FORMAT, HASH_PERIOD, HashLine, Header, Member, OLDEST_VERSION, Pace, PaceMode,
    Roster, SPARSE_VERSION, Seal, VERSION, source_hash,
};
pub use keys::{KeyError, PublicKey, SecretKey, seal_message};
pub use read::{
    Entry, Integrity, Journal, SealInfo, Unsigned, parse, parse_checked, read, read_checked,
};
pub use record::{RecordError, Recorder};
pub use replay::{Replayed, Replayer, replay, resume, session_at, verify};
pub use stream::{MAX_LINE_BYTES, Stream, Streamed};
