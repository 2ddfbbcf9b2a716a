use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sitroom_engine::{Stamped, StateHash};
use sitroom_norms::Score;
use sitroom_scenario::Minutes;

/// The `format` field of every journal header.
pub const FORMAT: &str = "sitroom-journal";
/// The journal format version this build writes. Version 2 added `pace`
/// lines and the `Void` input; version 3 chains every line to the one
/// before (`prev`) and adds `seal` lines (an ed25519 signature of the
/// chain's head); version 4 writes a state hash only at the minutes where
/// something happened, every [`HASH_PERIOD`] minutes and where the recorder
/// made the journal durable, instead of every minute. Versions 1 to 3 still
/// read, replay and resume.
pub const VERSION: u32 = 4;
/// The first version whose lines are chained.
pub const CHAINED_VERSION: u32 = 3;
/// The first version whose state hashes are sparse (not one per minute).
pub const SPARSE_VERSION: u32 = 4;
/// In a sparse journal (version 4), every minute that is a multiple of this
/// one has a state hash, whether anything happened or not (a day).
pub const HASH_PERIOD: Minutes = 1440;
/// The oldest journal format version this build reads.
pub const OLDEST_VERSION: u32 = 1;

/// The first line of a journal: everything needed to replay it alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: String,
    pub version: u32,
    /// Version of the engine that wrote the journal.
    pub engine: String,
    pub scenario_id: String,
    /// The scenario file's name as given when the journal was created.
    pub scenario_name: String,
    /// SHA-256 (hex) of `scenario_source`.
    pub scenario_hash: String,
    /// The scenario's RON source, so the journal replays on its own.
    pub scenario_source: String,
    pub seed: u64,
    /// Wall-clock start (UTC, RFC 3339) when known.
    #[serde(default)]
    pub started: Option<String>,
}

/// A state hash at a minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HashLine {
    pub at: Minutes,
    pub hash: StateHash,
}

/// How a front end paced the clock from minute `at` on: not an input
/// (the engine only counts minutes, and the state hash ignores it), but
/// what `resume` restores so that a session continues as it ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pace {
    pub at: Minutes,
    pub mode: PaceMode,
    /// Scenario minutes per wall-clock minute in real time.
    pub speed: u32,
}

/// Who sat at a seat, as entered when they joined a served session (from
/// minute `at`): not an input and not hashed, kept for the after-action
/// record. A reader older than this line kind refuses a journal with one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    pub at: Minutes,
    /// The seat as the tokens file names it: `team:ID`, `facilitator`, `room`, `observer`.
    pub seat: String,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    #[serde(default)]
    pub role: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaceMode {
    Turns,
    Realtime,
}

/// One line of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum Line {
    #[serde(rename = "header")]
    Header(Header),
    #[serde(rename = "input")]
    Input(Stamped),
    #[serde(rename = "hash")]
    Hash(HashLine),
    #[serde(rename = "score")]
    Score(Score),
    #[serde(rename = "pace")]
    Pace(Pace),
    #[serde(rename = "seal")]
    Seal(Seal),
    #[serde(rename = "roster")]
    Roster(Roster),
}

/// A version 3 line as written: the line and the hash of the line before
/// it (`prev`, SHA-256 hex of that line's bytes without its newline).
#[derive(Serialize)]
pub(crate) struct Chained<'a> {
    #[serde(flatten)]
    pub line: &'a Line,
    pub prev: &'a str,
}

/// A signature of the chain's head (version 3): the facilitator's ed25519
/// key signs the hash of the line before the seal (its `prev`) and the
/// number of lines it covers. See [`crate::keys`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seal {
    /// Lines 1 to `lines` are covered (the seal is line `lines + 1`).
    pub lines: usize,
    /// The signer's public key (hex).
    pub key: String,
    /// The ed25519 signature (hex) of [`crate::keys::seal_message`].
    pub signature: String,
}

/// SHA-256 of a line's bytes (without its newline): the chain's link.
pub(crate) fn line_hash(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes of lowercase or uppercase hex; `None` if it is not hex of `N` bytes.
pub fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let text = text.as_bytes();
    if text.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (i, pair) in text.chunks_exact(2).enumerate() {
        let digit = |c: u8| (c as char).to_digit(16);
        out[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
    }
    Some(out)
}

/// SHA-256 of a scenario source, as lowercase hex.
pub fn source_hash(source: &str) -> String {
    hex(&line_hash(source.as_bytes()))
}

/// The current UTC time as RFC 3339, from the system clock.
pub(crate) fn now_utc() -> Option<String> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    let (y, m, d) = sitroom_scenario::calendar::civil_from_days(days);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    ))
}
