use std::path::Path;

use sitroom_engine::{Stamped, StateHash};
use sitroom_norms::Score;
use sitroom_scenario::Minutes;

use crate::error::JournalError;
use crate::format::{FORMAT, HashLine, Header, Line, OLDEST_VERSION, Pace, VERSION, source_hash};

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

/// Reads and checks a journal file.
pub fn read(path: impl AsRef<Path>) -> Result<Journal, JournalError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|error| JournalError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    parse(&bytes)
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
    let mut lines = Lines {
        bytes,
        offset: 0,
        number: 0,
    };
    let header = match lines.next() {
        None => return Err(corrupt(1, "the journal is empty (no header line)")),
        Some((n, None)) => {
            return Err(corrupt(
                n,
                "the header line is incomplete (the journal was cut off while being created)",
            ));
        }
        Some((n, Some(text))) => match parse_line(n, text)? {
            Line::Header(h) => {
                check_header(&h).map_err(|reason| corrupt(n, reason))?;
                h
            }
            _ => return Err(corrupt(n, "the first line must be the journal header")),
        },
    };
    let mut journal = Journal {
        header,
        inputs: Vec::new(),
        hashes: Vec::new(),
        scores: Vec::new(),
        paces: Vec::new(),
        entries: Vec::new(),
        truncated_tail: false,
        valid_len: lines.offset as u64,
    };
    let mut last_at: Minutes = 0;
    while let Some((n, text)) = lines.next() {
        let Some(text) = text else {
            journal.truncated_tail = true;
            break;
        };
        match parse_line(n, text)? {
            Line::Header(_) => return Err(corrupt(n, "a second header line")),
            Line::Input(stamped) => {
                check_order(n, &mut last_at, stamped.at)?;
                journal.inputs.push(stamped.clone());
                journal.entries.push(Entry::Input(stamped));
            }
            Line::Hash(h) => {
                check_order(n, &mut last_at, h.at)?;
                journal.hashes.push((h.at, h.hash));
                journal.entries.push(Entry::Hash(h));
            }
            Line::Score(s) => {
                journal.scores.push(s.clone());
                journal.entries.push(Entry::Score(s));
            }
            Line::Pace(p) => journal.paces.push(p),
        }
        journal.valid_len = lines.offset as u64;
    }
    Ok(journal)
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
    serde_json::from_str(text).map_err(|e| {
        // serde_json counts the line as line 1; say only the column.
        let what = e.to_string();
        let what = what
            .rsplit_once(" at line ")
            .map_or(what.as_str(), |(head, _)| head);
        corrupt(
            n,
            format!("not a journal line: {what} (column {})", e.column()),
        )
    })
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
