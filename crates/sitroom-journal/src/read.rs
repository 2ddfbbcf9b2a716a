use std::path::Path;

use sitroom_engine::{Stamped, StateHash};
use sitroom_norms::Score;
use sitroom_scenario::Minutes;

use crate::error::JournalError;
use crate::format::{
    CHAINED_VERSION, FORMAT, HashLine, Header, Line, OLDEST_VERSION, Pace, SPARSE_VERSION, Seal,
    VERSION, hex, line_hash, source_hash, unhex,
};
use crate::keys::{PublicKey, seal_message};

/// A journal as read from disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Journal {
    pub header: Header,
    /// Every input, in order.
    pub inputs: Vec<Stamped>,
    /// Every recorded state hash, in order.
    pub hashes: Vec<(Minutes, StateHash)>,
    /// Every score line, in order.
    pub scores: Vec<Score>,
    /// Every pace line, in order (none in version 1 journals).
    pub paces: Vec<Pace>,
    /// Who sat at the seats of a served session, as they joined.
    pub rosters: Vec<crate::format::Roster>,
    /// Inputs, hashes and scores interleaved as in the file (replay needs the order).
    pub entries: Vec<Entry>,
    /// The last line was cut off mid-write (a crash) and was ignored.
    pub truncated_tail: bool,
    /// Length in bytes of the file's complete lines (where a resume appends).
    pub valid_len: u64,
}

/// A line after the header.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Input(Stamped),
    Hash(HashLine),
    Score(Score),
}

/// How a journal is bound together (version 3), as found by [`read_checked`]:
/// every link of its chain and every seal have been checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Integrity {
    pub version: u32,
    /// The number of complete lines (header included).
    pub lines: usize,
    /// The hash (hex) of the last complete line: the chain's head (version 3).
    pub head: Option<String>,
    /// Every seal line, in order; each signature holds for its own key.
    pub seals: Vec<SealInfo>,
    /// The line number of each of the journal's `entries`.
    pub entry_lines: Vec<usize>,
}

/// A seal line whose signature holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealInfo {
    /// The seal's own line number.
    pub line: usize,
    /// Lines 1 to `covers` are signed.
    pub covers: usize,
    pub key: PublicKey,
}

/// Why a journal is not signed as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsigned(pub String);

impl std::fmt::Display for Unsigned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsigned {}

impl Integrity {
    /// Whether the whole journal is signed by `key`: its last complete line
    /// is a seal by that key. Returns that seal.
    pub fn signed_by(&self, key: &PublicKey) -> Result<SealInfo, Unsigned> {
        if self.version < CHAINED_VERSION {
            return Err(Unsigned(format!(
                "a version {} journal cannot be signed (version {CHAINED_VERSION} and later can)",
                self.version
            )));
        }
        let Some(last) = self.seals.last() else {
            return Err(Unsigned(
                "the journal has no signature (no seal line)".into(),
            ));
        };
        if last.key != *key {
            return Err(Unsigned(format!(
                "line {}: the last signature is by key {}, not by the key given ({key})",
                last.line, last.key
            )));
        }
        if last.line != self.lines {
            return Err(Unsigned(format!(
                "lines {} to {} come after the last signature (line {}) and are not signed",
                last.line + 1,
                self.lines,
                last.line
            )));
        }
        Ok(*last)
    }
}

/// Reads and checks a journal file.
pub fn read(path: impl AsRef<Path>) -> Result<Journal, JournalError> {
    read_checked(path).map(|(journal, _)| journal)
}

/// Reads and checks a journal file, with how it is bound together.
pub fn read_checked(path: impl AsRef<Path>) -> Result<(Journal, Integrity), JournalError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|error| JournalError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    parse_checked(&bytes)
}

fn corrupt(line: usize, reason: impl Into<String>) -> JournalError {
    JournalError::Corrupt {
        line,
        reason: reason.into(),
    }
}

/// Parses a journal's bytes. Only the last line may be incomplete (no
/// newline): every line is written with its newline in one write, and an
/// input is acknowledged only after it is on disk, so such a line is a torn
/// write that nobody relied on.
pub fn parse(bytes: &[u8]) -> Result<Journal, JournalError> {
    parse_checked(bytes).map(|(journal, _)| journal)
}

fn tampered(line: usize, reason: impl Into<String>) -> JournalError {
    JournalError::Tampered {
        line,
        reason: reason.into(),
    }
}

/// What the lines of a version 3 journal may follow: the shape a
/// [`crate::Recorder`] writes. A hash line for minute 0 comes first; every
/// input is followed by the state hash at its minute; hashes go up one
/// minute at a time; scores follow a hash or a score; pace and seal lines
/// may come anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    Header,
    Input,
    HashOrScore,
}

/// Parses a journal's bytes and checks its chain and seals (version 3).
pub fn parse_checked(bytes: &[u8]) -> Result<(Journal, Integrity), JournalError> {
    let mut lines = Lines {
        bytes,
        offset: 0,
        number: 0,
    };
    let (header, mut checker) = Checker::start(lines.next())?;
    let mut journal = Journal {
        header,
        inputs: Vec::new(),
        hashes: Vec::new(),
        scores: Vec::new(),
        paces: Vec::new(),
        rosters: Vec::new(),
        entries: Vec::new(),
        truncated_tail: false,
        valid_len: lines.offset as u64,
    };
    let locate = |hash: &[u8; 32]| {
        let all = Lines {
            bytes,
            offset: 0,
            number: 0,
        };
        all.filter_map(|(k, text)| Some((k, text?)))
            .find(|(_, text)| line_hash(text) == *hash)
            .map(|(k, _)| k)
    };
    while let Some((n, text)) = lines.next() {
        let Some(text) = text else {
            journal.truncated_tail = true;
            break;
        };
        match checker.line(n, text, &locate)? {
            Line::Input(stamped) => {
                journal.inputs.push(stamped.clone());
                journal.entries.push(Entry::Input(stamped));
                checker.integrity.entry_lines.push(n);
            }
            Line::Hash(h) => {
                journal.hashes.push((h.at, h.hash));
                journal.entries.push(Entry::Hash(h));
                checker.integrity.entry_lines.push(n);
            }
            Line::Score(s) => {
                journal.scores.push(s.clone());
                journal.entries.push(Entry::Score(s));
                checker.integrity.entry_lines.push(n);
            }
            Line::Pace(p) => journal.paces.push(p),
            Line::Roster(r) => journal.rosters.push(r),
            Line::Header(_) | Line::Seal(_) => {}
        }
        journal.valid_len = lines.offset as u64;
    }
    Ok((journal, checker.integrity))
}

/// The checks of a journal's lines, one line at a time in the file's
/// order: the header, then the chain, the recorder's line order, minutes
/// that never go back and every seal. [`parse_checked`] and the streaming
/// [`crate::verify_file`] share it.
pub(crate) struct Checker {
    chained: bool,
    sparse: bool,
    version: u32,
    link: [u8; 32],
    after: After,
    last_hash: Option<Minutes>,
    last_at: Minutes,
    /// What has been checked so far (`entry_lines` is the caller's to fill).
    pub integrity: Integrity,
}

impl Checker {
    /// Checks the first line, the header.
    pub fn start(first: Option<(usize, Option<&[u8]>)>) -> Result<(Header, Checker), JournalError> {
        let (header, link) = match first {
            None => return Err(corrupt(1, "the journal is empty (no header line)")),
            Some((n, None)) => {
                return Err(corrupt(
                    n,
                    "the header line is incomplete (the journal was cut off while being created)",
                ));
            }
            Some((n, Some(text))) => match parse_line(n, text).or_else(|e| {
                // A chained line (with `prev`) first: say it is not a header.
                let Ok(mut object) =
                    serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(text)
                else {
                    return Err(e);
                };
                match object.remove("prev") {
                    Some(_) => {
                        serde_json::from_value(serde_json::Value::Object(object)).map_err(|_| e)
                    }
                    None => Err(e),
                }
            })? {
                Line::Header(h) => {
                    check_header(&h).map_err(|reason| corrupt(n, reason))?;
                    (h, line_hash(text))
                }
                _ => return Err(corrupt(n, "the first line must be the journal header")),
            },
        };
        let chained = header.version >= CHAINED_VERSION;
        let checker = Checker {
            chained,
            sparse: header.version >= SPARSE_VERSION,
            version: header.version,
            link,
            after: After::Header,
            last_hash: None,
            last_at: 0,
            integrity: Integrity {
                version: header.version,
                lines: 1,
                head: chained.then(|| hex(&link)),
                seals: Vec::new(),
                entry_lines: Vec::new(),
            },
        };
        Ok((header, checker))
    }

    /// Checks line `n` (complete, without its newline) and returns it; a
    /// seal is checked and kept in the integrity. `locate` finds the line
    /// whose hash a broken link names, when there is one.
    pub fn line(
        &mut self,
        n: usize,
        text: &[u8],
        locate: &dyn Fn(&[u8; 32]) -> Option<usize>,
    ) -> Result<Line, JournalError> {
        let head = self.link;
        let line = if self.chained {
            let line = parse_chained(n, text, &self.link, locate)?;
            self.link = line_hash(text);
            follows(n, &line, self.sparse, &mut self.after, &mut self.last_hash)?;
            line
        } else {
            parse_line(n, text)?
        };
        match &line {
            Line::Header(_) => return Err(corrupt(n, "a second header line")),
            Line::Input(stamped) => check_order(n, &mut self.last_at, stamped.at)?,
            Line::Hash(h) => check_order(n, &mut self.last_at, h.at)?,
            Line::Score(_) | Line::Pace(_) | Line::Roster(_) => {}
            Line::Seal(seal) => {
                if !self.chained {
                    return Err(corrupt(
                        n,
                        format!(
                            "a seal line in a version {} journal (seals came with version {CHAINED_VERSION})",
                            self.version
                        ),
                    ));
                }
                self.integrity.seals.push(check_seal(n, seal, &head)?);
            }
        }
        self.integrity.lines = n;
        if self.chained {
            self.integrity.head = Some(hex(&self.link));
        }
        Ok(line)
    }
}

/// A version 3 line: a JSON object with the line's one key and `prev`, the
/// hash of the line before, which must be `link`.
fn parse_chained(
    n: usize,
    raw: &[u8],
    link: &[u8; 32],
    locate: &dyn Fn(&[u8; 32]) -> Option<usize>,
) -> Result<Line, JournalError> {
    let text = std::str::from_utf8(raw).map_err(|e| corrupt(n, format!("not UTF-8 ({e})")))?;
    if text.trim().is_empty() {
        return Err(corrupt(n, "empty line"));
    }
    let mut object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)
        .map_err(|e| corrupt(n, format!("not a journal line: {}", serde_message(&e))))?;
    let prev = object.remove("prev");
    let line: Line = serde_json::from_value(serde_json::Value::Object(object))
        .map_err(|e| corrupt(n, format!("not a journal line: {}", serde_message(&e))))?;
    let prev = match prev {
        Some(serde_json::Value::String(prev)) => prev,
        Some(_) => return Err(corrupt(n, "not a journal line: `prev` is not a string")),
        None => {
            return Err(tampered(
                n,
                "the line has no `prev` hash: every line of a version 3 or later journal after the \
                 header names the hash of the line before it (the line was inserted or edited)",
            ));
        }
    };
    let named = unhex::<32>(&prev);
    if let Some(k) = named.as_ref().filter(|h| *h != link).and_then(locate) {
        return Err(tampered(
            n,
            format!(
                "the chain is broken: the line follows line {k} in the record as written, not \
                 line {} (lines were moved, removed or added)",
                n - 1
            ),
        ));
    }
    if named.as_ref() != Some(link) {
        // The line before is the first that is not as it was written
        // (changed), or the last one intact before lines removed or added.
        return Err(tampered(
            n - 1,
            format!(
                "the chain is broken: the line hashes to {}, but line {n} names {} as the hash \
                 of the line before it (line {} was changed, or lines were removed, added or \
                 moved after it)",
                hex(link),
                prev.escape_default(),
                n - 1
            ),
        ));
    }
    Ok(line)
}

/// Whether a line may follow the lines before it in a version 3 journal.
fn follows(
    n: usize,
    line: &Line,
    sparse: bool,
    after: &mut After,
    last_hash: &mut Option<Minutes>,
) -> Result<(), JournalError> {
    let missing = |what: &str| {
        Err(tampered(
            n,
            format!("{what}; a journal never has this (lines were removed or moved)"),
        ))
    };
    match line {
        Line::Header(_) | Line::Pace(_) | Line::Seal(_) | Line::Roster(_) => Ok(()),
        Line::Input(stamped) => {
            if *after == After::Input {
                return missing("an input follows an input without the state hash after it");
            }
            match *last_hash {
                Some(at) if at == stamped.at || (sparse && at < stamped.at) => {}
                Some(at) => {
                    return missing(&format!(
                        "an input at minute {} after the state hash of minute {at}",
                        stamped.at
                    ));
                }
                None => return missing("an input before the state hash of minute 0"),
            }
            *after = After::Input;
            Ok(())
        }
        Line::Hash(h) => {
            let expected = match (*after, *last_hash) {
                (After::Input, Some(at)) => at..=at,
                // Version 4 hashes only some minutes, in order: which ones
                // the replay says (`verify`).
                (_, Some(at)) if sparse => at.saturating_add(1)..=Minutes::MAX,
                (_, Some(at)) => at.saturating_add(1)..=at.saturating_add(1),
                (_, None) => 0..=0,
            };
            if !expected.contains(&h.at) {
                return missing(&format!(
                    "the state hash of minute {} where the journal needs the one of minute {}",
                    h.at,
                    expected.start()
                ));
            }
            *last_hash = Some(h.at);
            *after = After::HashOrScore;
            Ok(())
        }
        Line::Score(_) => {
            if *after != After::HashOrScore {
                return missing("a score line that does not follow a state hash");
            }
            Ok(())
        }
    }
}

/// A seal's signature must hold for its key, the hash of the line before
/// it (`head`, already checked against the chain) and its line count.
fn check_seal(n: usize, seal: &Seal, head: &[u8; 32]) -> Result<SealInfo, JournalError> {
    if seal.lines + 1 != n {
        return Err(tampered(
            n,
            format!(
                "the seal says it covers {} lines, but it is line {n}",
                seal.lines
            ),
        ));
    }
    let key = unhex::<32>(&seal.key)
        .ok_or_else(|| corrupt(n, "the seal's key is not 64 hex digits"))
        .and_then(|k| PublicKey::from_bytes(&k).map_err(|e| corrupt(n, e.0)))?;
    let signature = unhex::<64>(&seal.signature)
        .ok_or_else(|| corrupt(n, "the seal's signature is not 128 hex digits"))?;
    if !key.verifies(&seal_message(head, seal.lines), &signature) {
        return Err(tampered(
            n,
            format!(
                "the signature does not hold: key {key} did not sign lines 1 to {} as they are",
                seal.lines
            ),
        ));
    }
    Ok(SealInfo {
        line: n,
        covers: seal.lines,
        key,
    })
}

/// The file's lines with their 1-based numbers; `None` text for a last line
/// without its newline (torn).
struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    number: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, Option<&'a [u8]>);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.bytes.get(self.offset..).filter(|r| !r.is_empty())?;
        self.number += 1;
        match rest.iter().position(|&b| b == b'\n') {
            Some(end) => {
                self.offset += end + 1;
                Some((self.number, Some(&rest[..end])))
            }
            None => {
                self.offset = self.bytes.len();
                Some((self.number, None))
            }
        }
    }
}

fn parse_line(n: usize, raw: &[u8]) -> Result<Line, JournalError> {
    let text = std::str::from_utf8(raw).map_err(|e| corrupt(n, format!("not UTF-8 ({e})")))?;
    if text.trim().is_empty() {
        return Err(corrupt(n, "empty line"));
    }
    serde_json::from_str(text)
        .map_err(|e| corrupt(n, format!("not a journal line: {}", serde_message(&e))))
}

/// serde_json's message without its "at line 1" (it sees one line only).
fn serde_message(e: &serde_json::Error) -> String {
    let what = e.to_string();
    let what = what
        .rsplit_once(" at line ")
        .map_or(what.as_str(), |(head, _)| head);
    if e.column() == 0 {
        what.to_string()
    } else {
        format!("{what} (column {})", e.column())
    }
}

fn check_header(h: &Header) -> Result<(), String> {
    if h.format != FORMAT {
        return Err(format!(
            "not a sitroom journal (format `{}`, expected `{FORMAT}`)",
            h.format
        ));
    }
    if !(OLDEST_VERSION..=VERSION).contains(&h.version) {
        return Err(format!(
            "journal format version {}; this build reads versions {OLDEST_VERSION} to {VERSION}",
            h.version
        ));
    }
    let actual = source_hash(&h.scenario_source);
    if h.scenario_hash != actual {
        return Err(format!(
            "scenario_hash {} does not match the embedded scenario source (its hash is {actual})",
            h.scenario_hash
        ));
    }
    Ok(())
}

fn check_order(line: usize, last: &mut Minutes, at: Minutes) -> Result<(), JournalError> {
    if at < *last {
        return Err(corrupt(
            line,
            format!("minute {at} comes after minute {last}; time never goes back"),
        ));
    }
    *last = at;
    Ok(())
}
