//! Seats: who sits at an exercise, what each may send and what each sees.
//! The one place that says so — the TUI's hot seat, the coming server and
//! the batch runner all ask here (`authorize`, `Session::seat_view`).
//!
//! | seat | sees | may send |
//! |---|---|---|
//! | a team | its own [`TeamView`] | decisions and its own attribution judgements, for itself |
//! | the facilitator | the [`FacilitatorView`], truth included | every facilitator command, notes, decisions for teams nobody plays |
//! | the room (projector) | the [`RoomView`]: clock, ladder, countdowns, public channels; the outcome at the end | nothing |
//! | a reviewer | the [`FacilitatorView`], read-only | notes |

use std::fmt;

use serde::{Deserialize, Serialize};
use sitroom_scenario::{Channel, Minutes, Scenario};

use crate::input::{Input, InputError};
use crate::view::{FacilitatorView, Outcome, RungView, TeamView};

/// Where someone sits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Seat {
    Facilitator,
    /// A team, by id.
    Team(String),
    /// The room screen: what a projector may show everyone.
    Room,
    /// An observer or after-action reviewer: sees everything, decides nothing.
    Reviewer,
}

impl Seat {
    /// The seat an input comes from when nobody says (a decisions script):
    /// a decision from its team, everything else from the facilitator.
    pub fn of(input: &Input) -> Seat {
        match input {
            Input::Decide { team, .. } | Input::Assess { team, .. } => Seat::Team(team.clone()),
            _ => Seat::Facilitator,
        }
    }
}

impl fmt::Display for Seat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Seat::Facilitator => f.write_str("the facilitator"),
            Seat::Team(t) => write!(f, "team `{t}`"),
            Seat::Room => f.write_str("the room screen"),
            Seat::Reviewer => f.write_str("a reviewer"),
        }
    }
}

/// Why an input was not applied: the seat may not send it, or the engine
/// refused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// A team seat deciding for another team.
    NotYourTeam { seat: Seat, team: String },
    /// A facilitator command from a seat that is not the facilitator's.
    FacilitatorOnly { seat: Seat },
    /// The facilitator deciding for a team that a person plays.
    PlayedTeam { team: String },
    /// A seat that sends nothing (the room).
    ReadOnly { seat: Seat },
    /// The seat may send it, but the engine refused it.
    Input(InputError),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotYourTeam { seat, team } => {
                write!(f, "{seat} cannot decide for team `{team}`")
            }
            Refusal::FacilitatorOnly { seat } => {
                write!(f, "only the facilitator can do that, not {seat}")
            }
            Refusal::PlayedTeam { team } => write!(
                f,
                "team `{team}` is played: its players decide, not the facilitator"
            ),
            Refusal::ReadOnly { seat } => write!(f, "{seat} sends nothing"),
            Refusal::Input(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Refusal {}

impl From<InputError> for Refusal {
    fn from(e: InputError) -> Refusal {
        Refusal::Input(e)
    }
}

/// Whether `seat` may send `input`, by the table above. Says nothing about
/// whether the engine will accept it (an unknown team is the engine's to
/// refuse).
pub fn authorize(scenario: &Scenario, seat: &Seat, input: &Input) -> Result<(), Refusal> {
    match (seat, input) {
        (Seat::Room, _) => Err(Refusal::ReadOnly { seat: seat.clone() }),
        (Seat::Team(mine), Input::Decide { team, .. }) if mine == team => Ok(()),
        (Seat::Team(mine), Input::Assess { team, .. }) if mine == team => Ok(()),
        (Seat::Team(_), Input::Decide { team, .. } | Input::Assess { team, .. }) => {
            Err(Refusal::NotYourTeam {
                seat: seat.clone(),
                team: team.clone(),
            })
        }
        (Seat::Team(_), _) => Err(Refusal::FacilitatorOnly { seat: seat.clone() }),
        (
            Seat::Reviewer,
            Input::Note { .. }
            | Input::Observe { .. }
            | Input::EditNote { .. }
            | Input::DeleteNote { .. },
        ) => Ok(()),
        (Seat::Reviewer, _) => Err(Refusal::FacilitatorOnly { seat: seat.clone() }),
        (Seat::Facilitator, Input::Decide { team, .. } | Input::Assess { team, .. }) => {
            match scenario.team(team) {
                Some(t) if t.player => Err(Refusal::PlayedTeam { team: team.clone() }),
                // White cells are the facilitator's; an unknown team is the
                // engine's to refuse.
                _ => Ok(()),
            }
        }
        (Seat::Facilitator, _) => Ok(()),
    }
}

/// Whether `seat` may move the clock (advance, pause, resume, change the
/// speed): the facilitator's alone, by the table above.
pub fn authorize_clock(seat: &Seat) -> Result<(), Refusal> {
    match seat {
        Seat::Facilitator => Ok(()),
        Seat::Room => Err(Refusal::ReadOnly { seat: seat.clone() }),
        Seat::Team(_) | Seat::Reviewer => Err(Refusal::FacilitatorOnly { seat: seat.clone() }),
    }
}

/// Whether `seat` may ask the facilitator for something (a pause): the
/// teams, who may not move the clock themselves.
pub fn authorize_request(seat: &Seat) -> Result<(), Refusal> {
    match seat {
        Seat::Team(_) => Ok(()),
        Seat::Room => Err(Refusal::ReadOnly { seat: seat.clone() }),
        Seat::Facilitator | Seat::Reviewer => Err(Refusal::FacilitatorOnly { seat: seat.clone() }),
    }
}

/// What a seat sees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SeatView {
    Team(TeamView),
    Facilitator(FacilitatorView),
    Room(RoomView),
}

/// What the room may see: the clock, the ladder, how long each team has
/// for its open decisions (not what they are), the public channels'
/// headlines, and the outcome once there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomView {
    pub title: String,
    pub now: Minutes,
    pub clock: String,
    /// The exercise's length in minutes (the room screen sizes its time
    /// column by it). 0 in views from before it was sent.
    #[serde(default)]
    pub duration: Minutes,
    pub escalation: RungView,
    pub countdowns: Vec<Countdown>,
    /// Released injects on the public channels, oldest first.
    pub headlines: Vec<Headline>,
    pub outcome: Option<Outcome>,
}

/// A team has until `deadline_at` for `open` decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Countdown {
    pub team: String,
    pub name: String,
    pub open: usize,
    pub deadline_at: Minutes,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    pub inject: String,
    pub at: Minutes,
    pub channel: Channel,
    pub from: String,
    pub title: String,
}

/// Channels everybody in the room may read: the news and social media.
pub const PUBLIC_CHANNELS: [Channel; 2] = [Channel::News, Channel::SocialMedia];
