//! A seat played from a decisions script, without a terminal: each input
//! of the seat is sent when the server's clock reaches its minute, every
//! frame received is handed to `out` as the bytes it came in, and the play
//! ends with the session. Rehearsals, tests and the load benchmark use it.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sitroom_engine::{Input, Outcome, Seat, Stamped};
use sitroom_host::ScriptEntry;
use sitroom_scenario::Minutes;

use crate::client::{Link, LinkEvent};
use crate::error::NetError;
use crate::protocol::{Command, ServerFrame};

/// How a headless seat's play went.
#[derive(Debug, Clone, Default)]
pub struct Played {
    pub seat: Option<Seat>,
    /// Inputs the server journaled and acknowledged.
    pub acknowledged: usize,
    /// Inputs the server refused, with its reason.
    pub rejected: Vec<(Stamped, String)>,
    /// Script inputs for other seats, not sent.
    pub skipped: usize,
    /// `when_open` inputs whose decision was not open for the team when
    /// their minute came, not sent.
    pub not_open: usize,
    /// Times the connection dropped and came back.
    pub reconnections: usize,
    /// Round trips of acknowledged intents (send to answer).
    pub round_trips: Vec<Duration>,
    pub outcome: Option<Outcome>,
}

/// Plays `script` as the link's seat until the session ends, or `limit`
/// passes (an error). Every frame's bytes go to `out`, one per call.
pub fn play(
    link: &mut Link,
    script: &[ScriptEntry],
    limit: Duration,
    out: &mut dyn FnMut(&[u8]),
) -> Result<Played, NetError> {
    let started = Instant::now();
    let mut played = Played::default();
    let mut mine: Vec<&ScriptEntry> = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut next = 0usize;
    // Intent id → (script entry, when sent).
    let mut waiting: BTreeMap<u64, (&ScriptEntry, Instant)> = BTreeMap::new();
    let mut ended = false;
    loop {
        if ended && waiting.is_empty() {
            return Ok(played);
        }
        let left = limit.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(NetError::Lost(format!(
                "the session did not end within {} s",
                limit.as_secs()
            )));
        }
        let Some(event) = link.recv_timeout(left.min(Duration::from_millis(200))) else {
            continue;
        };
        let (frame, raw) = match event {
            LinkEvent::Welcome { frame, raw, again } => {
                if again {
                    played.reconnections += 1;
                }
                if let ServerFrame::Welcome { seat, .. } = &frame
                    && played.seat.is_none()
                {
                    played.seat = Some(seat.clone());
                    mine = script
                        .iter()
                        .filter(|s| &Seat::of(&s.input) == seat && *seat != Seat::Room)
                        .collect();
                    played.skipped = script.len() - mine.len();
                }
                (frame, raw)
            }
            LinkEvent::Frame { frame, raw } => (frame, raw),
            LinkEvent::Lost { .. } => continue,
            LinkEvent::Closed(e) => {
                return if ended { Ok(played) } else { Err(e) };
            }
        };
        out(&raw);
        let now: Option<Minutes> = match &frame {
            ServerFrame::Team(v) => {
                open = v.decisions.iter().map(|d| d.decision.clone()).collect();
                Some(v.now)
            }
            ServerFrame::Room(v) => Some(v.now),
            ServerFrame::Console(c) => Some(c.view.now),
            ServerFrame::Ack { id, .. } => {
                if let Some((_, sent)) = waiting.remove(id) {
                    played.acknowledged += 1;
                    played.round_trips.push(sent.elapsed());
                }
                None
            }
            ServerFrame::Rejected { id, reason } => {
                if let Some((s, _)) = waiting.remove(id) {
                    played.rejected.push((s.stamped(), reason.clone()));
                }
                None
            }
            ServerFrame::Question { id, question } => {
                // The script says to do it: go ahead, confirmed.
                if let Some((s, _)) = waiting.remove(id) {
                    let command = match question {
                        crate::protocol::Question::Advance { advance, .. } => {
                            Command::Advance(*advance)
                        }
                        crate::protocol::Question::Release { .. } => {
                            Command::Input(s.input.clone())
                        }
                    };
                    let again = link.send(s.at, command, true);
                    waiting.insert(again, (s, Instant::now()));
                }
                None
            }
            ServerFrame::Ended { outcome, .. } => {
                played.outcome = Some(outcome.clone());
                ended = true;
                None
            }
            _ => None,
        };
        if let Some(now) = now
            && !ended
        {
            while let Some(s) = mine.get(next).filter(|s| s.at <= now) {
                next += 1;
                // Only if its decision is open for the team now (a chance branch).
                if s.when_open
                    && let Input::Decide { decision, .. } = &s.input
                    && !open.contains(decision)
                {
                    played.not_open += 1;
                    continue;
                }
                let id = link.send(now, Command::Input(s.input.clone()), false);
                waiting.insert(id, (*s, Instant::now()));
            }
        }
    }
}
