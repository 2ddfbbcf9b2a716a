use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sitroom_engine::{Stamped, StateHash};
use sitroom_norms::Score;
use sitroom_scenario::Minutes;

/// The `format` field of every journal header.
pub const FORMAT: &str = "sitroom-journal";
/// The journal format version this build writes. Version 2 added `pace`
/// lines and the `Void` input; version 1 journals still read and replay.
pub const VERSION: u32 = 2;
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
}

/// SHA-256 of a scenario source, as lowercase hex.
pub fn source_hash(source: &str) -> String {
    let digest: [u8; 32] = Sha256::digest(source.as_bytes()).into();
    digest.iter().map(|b| format!("{b:02x}")).collect()
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
