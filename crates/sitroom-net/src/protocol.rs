//! The wire: length-delimited frames (tokio-util's codec, a 4-byte
//! big-endian length) each holding one JSON-encoded frame. A client says
//! `Hello` first, with the protocol version and its token; everything after
//! is an `Intent` (what the seat wants done) or `Bye`. The server answers
//! `Welcome` or `Closing`, then sends the seat's view whenever it changes,
//! and `Ack` or `Rejected` for every intent.
//!
//! Client frames are small (a decision with its rationale, a roster): at
//! most [`MAX_CLIENT_FRAME`] bytes. Server frames carry whole views, and a
//! facilitator's console of a long scenario is large: at most
//! [`MAX_SERVER_FRAME`].

use serde::{Deserialize, Serialize};
use sitroom_engine::{FacilitatorView, Input, Outcome, RoomView, Seat, TeamView};
use sitroom_host::{Advance, Preview};
use sitroom_norms::Score;
use sitroom_record::Record;
use sitroom_scenario::Minutes;
use tokio_util::codec::LengthDelimitedCodec;

/// The protocol version both ends must speak (the handshake refuses others).
pub const PROTOCOL: u32 = 1;
/// The largest frame a client may send, in bytes.
pub const MAX_CLIENT_FRAME: usize = 64 * 1024;
/// The largest frame the server sends, in bytes.
pub const MAX_SERVER_FRAME: usize = 32 * 1024 * 1024;
/// The most people a roster may name, and the longest name or role.
pub const MAX_ROSTER: usize = 32;
pub const MAX_ROSTER_TEXT: usize = 80;

/// The codec for frames of at most `max` bytes (longer ones are an error
/// on both encode and decode).
pub fn codec(max: usize) -> LengthDelimitedCodec {
    LengthDelimitedCodec::builder()
        .max_frame_length(max)
        .new_codec()
}

/// Someone at a seat, as entered at join.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    #[serde(default)]
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "frame", rename_all = "snake_case")]
pub enum ClientFrame {
    Hello {
        protocol: u32,
        token: String,
        /// Who this client is across reconnections (random, chosen once per
        /// run of the client): intent ids are counted per client.
        client: String,
        #[serde(default)]
        roster: Vec<Member>,
    },
    /// What the seat wants done. `id` grows with every intent of a client;
    /// `against` is the minute of the view the seat decided on.
    Intent {
        id: u64,
        against: Minutes,
        command: Command,
        /// The facilitator already answered the question this would raise
        /// (an advance past deadlines, a release that ends the exercise).
        #[serde(default)]
        confirmed: bool,
    },
    Bye,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// An engine input (a decision, a release, a note, …).
    Input(Input),
    /// Move the clock (facilitator only).
    Advance(Advance),
    /// Pause, resume or change the speed of a real-time clock (facilitator only).
    Clock(ClockCommand),
    /// Ask the facilitator for a pause (teams only; the facilitator decides).
    AskPause,
    /// The team's decision form is open on `decision`, or closed (`None`)
    /// (teams only): with the auto-pause on, a real-time clock stands
    /// still while any team has one open. A decision not open for the team
    /// is rejected; a client that leaves has its form closed.
    Form {
        #[serde(default)]
        decision: Option<String>,
    },
}

/// The longest decision id a `Form` command may name, in bytes.
pub const MAX_FORM_ID: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockCommand {
    Pause,
    Resume,
    /// Scenario minutes per wall minute.
    Speed(u32),
    /// The auto-pause on or off: the clock stands still while a team's
    /// decision form is open.
    AutoPause(bool),
}

/// How the server's clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaceState {
    pub realtime: bool,
    pub paused: bool,
    /// Scenario minutes per wall minute (real time only).
    pub speed: u32,
    /// The auto-pause is on (`sitroom serve --auto-pause`, the console's `P`).
    #[serde(default)]
    pub auto_pause: bool,
    /// The auto-pause holds the clock now: a team's decision form is open.
    #[serde(default)]
    pub held: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "frame", rename_all = "snake_case")]
pub enum ServerFrame {
    Welcome {
        protocol: u32,
        seat: Seat,
        /// The seat's name as people say it ("VALCERT", "the room screen").
        name: String,
        /// The exercise's title.
        title: String,
        pace: PaceState,
        /// The scenario's RON text: only to the facilitator and the
        /// reviewer, who may see everything.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scenario: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seed: Option<u64>,
    },
    /// A team seat's view.
    Team(Box<TeamView>),
    /// The room screen's view.
    Room(Box<RoomView>),
    /// The facilitator's or reviewer's view: the console.
    Console(Box<Console>),
    /// Who is connected (facilitator and reviewer only).
    Presence {
        seats: Vec<SeatPresence>,
    },
    Pace(PaceState),
    /// The intent was journaled and applied (or had been already:
    /// `duplicate`, after a reconnection).
    Ack {
        id: u64,
        #[serde(default)]
        duplicate: bool,
    },
    /// The intent was not applied, and why.
    Rejected {
        id: u64,
        reason: String,
    },
    /// A team asks for a pause (to the facilitator and observers).
    Asked {
        seat: Seat,
        name: String,
    },
    /// The intent raises a question; send it again `confirmed` to go ahead.
    Question {
        id: u64,
        question: Question,
    },
    /// The exercise is over. A team gets its own record (no truth, nothing
    /// of other teams); the room the whole reveal and the scenario to read
    /// it with; the facilitator has it in the console.
    Ended {
        outcome: Outcome,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        record: Option<Box<Record>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scenario: Option<String>,
    },
    /// The server closes this connection, and why; `retry` when it is
    /// going away rather than refusing this client (a restart from the
    /// journal will take it back).
    Closing {
        reason: String,
        #[serde(default)]
        retry: bool,
    },
}

/// What the console shows: the same as a hot-seat console.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Console {
    pub view: FacilitatorView,
    pub scores: Vec<Score>,
    pub teams: Vec<TeamView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<Box<Record>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    /// What the advance would close or end.
    Advance { advance: Advance, preview: Preview },
    /// The release would end the exercise.
    Release { inject: String, outcome: Outcome },
}

/// One seat as the facilitator sees the room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatPresence {
    pub seat: Seat,
    pub name: String,
    /// Clients connected on this seat now.
    pub connected: usize,
    pub roster: Vec<Member>,
    /// Open decisions the team has not acted on (titles).
    pub waiting: Vec<String>,
}

/// A frame as bytes. Serializing these types cannot fail (no maps with
/// non-string keys; no variant holds a bare sequence, which the `frame`
/// tag cannot carry — a test encodes every variant), but a failure is an
/// error rather than a panic.
pub fn encode<T: Serialize>(frame: &T) -> Result<bytes::Bytes, serde_json::Error> {
    serde_json::to_vec(frame).map(bytes::Bytes::from)
}

/// A frame from bytes.
pub fn decode<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_server_frame_encodes_and_decodes() {
        let pace = PaceState {
            realtime: true,
            paused: false,
            speed: 10,
            auto_pause: true,
            held: false,
        };
        let frames = [
            ServerFrame::Presence {
                seats: vec![SeatPresence {
                    seat: sitroom_engine::Seat::Room,
                    name: "the room screen".into(),
                    connected: 1,
                    roster: vec![Member {
                        name: "A".into(),
                        role: String::new(),
                    }],
                    waiting: vec!["x".into()],
                }],
            },
            ServerFrame::Pace(pace),
            ServerFrame::Ack {
                id: 1,
                duplicate: false,
            },
            ServerFrame::Rejected {
                id: 2,
                reason: "no".into(),
            },
            ServerFrame::Closing {
                reason: "bye".into(),
                retry: true,
            },
        ];
        for f in frames {
            let bytes = encode(&f).unwrap();
            assert_eq!(decode::<ServerFrame>(&bytes).unwrap(), f);
        }
    }
}
