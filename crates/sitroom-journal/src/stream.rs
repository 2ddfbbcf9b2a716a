use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sitroom_engine::Session;
use sitroom_scenario::Scenario;

use crate::error::{JournalError, ReplayError};
use crate::format::{CHAINED_VERSION, Header, Line, line_hash};
use crate::read::{Checker, Entry, Integrity};
use crate::replay::{Check, Replayed, check_header};

/// The longest line a streamed journal may have (the header holds the
/// scenario source, at most 4 MiB, escaped as JSON).
pub const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// A journal file read line by line, its header read and checked: what
/// [`Stream::verify`] needs to check a journal of any length in the memory
/// of one line and one session.
pub struct Stream {
    path: PathBuf,
    reader: BufReader<std::io::Take<File>>,
    limit: u64,
    read: u64,
    number: usize,
    header: Header,
    checker: Checker,
    buf: Vec<u8>,
}

/// What [`Stream::verify`] found, the record being intact (every link of
/// the chain and every seal hold; a journal that is not is an error).
pub struct Streamed {
    pub header: Header,
    pub integrity: Integrity,
    /// The last line was cut off mid-write (a crash) and was ignored.
    pub truncated_tail: bool,
    pub inputs: usize,
    pub hashes: usize,
    /// Whether the record replays, as [`crate::verify`] says it.
    pub replayed: Result<Replayed, ReplayError>,
}

impl Stream {
    /// Opens a journal of at most `limit` bytes and checks its header.
    pub fn open(path: impl AsRef<Path>, limit: u64) -> Result<Stream, JournalError> {
        let path = path.as_ref().to_path_buf();
        let file = File::open(&path).map_err(|error| JournalError::Io {
            path: path.clone(),
            error,
        })?;
        let mut reader = BufReader::new(file.take(limit.saturating_add(1)));
        let mut buf = Vec::new();
        let mut read = 0;
        let first = next_line(&path, &mut reader, &mut buf, &mut read, limit, 1)?;
        let (header, checker) =
            Checker::start(first.map(|complete| (1, complete.then_some(buf.as_slice()))))?;
        Ok(Stream {
            path,
            reader,
            limit,
            read,
            number: 1,
            header,
            checker,
            buf,
        })
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Reads the rest of the journal, checking every line (the chain, the
    /// recorder's order, the seals) and, with a scenario, re-simulating it
    /// alongside as [`crate::verify`] does. Without one (the embedded
    /// scenario does not load) only the record's integrity is checked.
    /// The record not being intact is the error; whether it replays is in
    /// [`Streamed::replayed`]. After a difference in the replay the rest is
    /// still read, for its integrity.
    pub fn verify(mut self, scenario: Option<Arc<Scenario>>) -> Result<Streamed, JournalError> {
        let strict = self.header.version >= CHAINED_VERSION;
        let mut failed: Option<ReplayError> = None;
        let mut check = None;
        if let Some(scenario) = scenario {
            if strict && let Err(e) = check_header(&self.header, &scenario) {
                failed = Some(e);
            }
            check = Some(Check::new(
                Session::new(scenario, self.header.seed),
                self.header.version,
                strict,
            ));
        }
        let (mut inputs, mut hashes, mut scores) = (0, 0, 0);
        let mut truncated_tail = false;
        let path = self.path.clone();
        let limit = self.limit;
        let locate = |hash: &[u8; 32]| locate(&path, limit, hash);
        loop {
            let n = self.number + 1;
            let complete = next_line(
                &self.path,
                &mut self.reader,
                &mut self.buf,
                &mut self.read,
                self.limit,
                n,
            )?;
            match complete {
                None => break,
                Some(false) => {
                    truncated_tail = true;
                    break;
                }
                Some(true) => {}
            }
            self.number = n;
            let entry = match self.checker.line(n, &self.buf, &locate)? {
                Line::Input(stamped) => {
                    inputs += 1;
                    Entry::Input(stamped)
                }
                Line::Hash(h) => {
                    hashes += 1;
                    Entry::Hash(h)
                }
                Line::Score(s) => {
                    scores += 1;
                    Entry::Score(s)
                }
                _ => continue,
            };
            if failed.is_none()
                && let Some(check) = &mut check
                && let Err(e) = check.entry(&entry, Some(n))
            {
                failed = Some(e);
            }
        }
        let replayed = match (failed, check) {
            (Some(e), _) => Err(e),
            (None, Some(check)) => check.finish().map(|session| Replayed {
                session,
                scores_checked: if strict { scores } else { 0 },
            }),
            (None, None) => Err(ReplayError::Mismatch {
                line: 1,
                reason: "the embedded scenario does not load".into(),
            }),
        };
        Ok(Streamed {
            header: self.header,
            integrity: self.checker.integrity,
            truncated_tail,
            inputs,
            hashes,
            replayed,
        })
    }
}

/// Reads line `n` into `buf` without its newline: `None` at the end of the
/// file, `Some(false)` for a last line without its newline (torn).
fn next_line(
    path: &Path,
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    read: &mut u64,
    limit: u64,
    n: usize,
) -> Result<Option<bool>, JournalError> {
    buf.clear();
    let io = |error| JournalError::Io {
        path: path.to_path_buf(),
        error,
    };
    let got = reader
        .by_ref()
        .take(MAX_LINE_BYTES as u64 + 1)
        .read_until(b'\n', buf)
        .map_err(io)?;
    *read += got as u64;
    if *read > limit {
        return Err(JournalError::TooLarge { limit });
    }
    if got == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        return Ok(Some(true));
    }
    if buf.len() > MAX_LINE_BYTES {
        return Err(JournalError::Corrupt {
            line: n,
            reason: format!(
                "the line is larger than {MAX_LINE_BYTES} bytes, more than a journal line may be"
            ),
        });
    }
    Ok(Some(false))
}

/// The number of the complete line of the file whose hash is `hash`: a
/// second pass, only when a link of the chain is broken.
fn locate(path: &Path, limit: u64, hash: &[u8; 32]) -> Option<usize> {
    let file = File::open(path).ok()?;
    let mut reader = BufReader::new(file.take(limit.saturating_add(1)));
    let mut buf = Vec::new();
    let mut read = 0;
    let mut n = 0;
    loop {
        n += 1;
        match next_line(path, &mut reader, &mut buf, &mut read, limit, n).ok()? {
            Some(true) if line_hash(&buf) == *hash => return Some(n),
            Some(true) => {}
            _ => return None,
        }
    }
}
