//! What players and the facilitator submit. Inputs apply at the minute the
//! session is at; a decisions script or a journal stamps each with it.

use std::fmt;

use serde::{Deserialize, Serialize};
pub use sitroom_norms::Rating;
use sitroom_norms::{Confidence, Likelihood};
use sitroom_scenario::Minutes;

pub use crate::improvise::{ImprovisedDecision, ImprovisedInject, ImprovisedOption, InjectProblem};

/// One input to a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Input {
    /// A team picks an option at an open decision.
    Decide {
        team: String,
        decision: String,
        option: String,
        #[serde(default)]
        rationale: Option<String>,
    },
    /// The facilitator releases a pending inject now.
    Release { inject: String },
    /// The facilitator holds a pending inject: it is not released until unheld.
    Hold { inject: String },
    /// The facilitator lets a held inject go; its trigger is checked again from the next minute.
    Unhold { inject: String },
    /// The facilitator moves an open decision's deadline later.
    Extend { decision: String, minutes: Minutes },
    /// The facilitator moves an open decision's deadline earlier, never
    /// before the next minute (the teams keep the minute they are in).
    Shorten { decision: String, minutes: Minutes },
    /// The facilitator voids a team's choice taken in error: the choice and
    /// its score are withdrawn (effects already applied stay); with
    /// `reopen` the team may decide again (a closed decision gets a fresh
    /// deadline), without it the decision stays closed for the team.
    Void {
        team: String,
        decision: String,
        reopen: bool,
    },
    /// The facilitator ends the exercise.
    End { reason: String },
    /// An observation not tied to a decision: about a team (or the whole
    /// exercise) and optionally an objective, with an HSEEP rating.
    Observe {
        #[serde(default)]
        team: Option<String>,
        #[serde(default)]
        objective: Option<String>,
        /// The norm the rating rates (a catalogue id), e.g. one with no
        /// automatic rule that the scorecard lists as *not evaluated*.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        norm: Option<String>,
        #[serde(default)]
        rating: Option<Rating>,
        text: String,
    },
    /// Rewrites observation `index` (in the order the notes were taken,
    /// deleted ones gone).
    EditNote {
        index: usize,
        #[serde(default)]
        rating: Option<Rating>,
        text: String,
    },
    /// Withdraws observation `index`.
    DeleteNote { index: usize },
    /// A team records its own judgement on an attribution case: whom it
    /// holds responsible, how likely (an ICD 203 term) and with what
    /// confidence. It stands until the team records another.
    Assess {
        team: String,
        case: String,
        suspect: String,
        likelihood: Likelihood,
        confidence: Confidence,
    },
    /// The facilitator shows or hides the engine's attribution estimates
    /// (the board) from a team, overriding the scenario's `sees.board`.
    Board { team: String, shown: bool },
    /// The facilitator writes an inject during the session: it is added as
    /// `live-N` and released at once to its recipients (added within
    /// journal format 3).
    Improvise { inject: Box<ImprovisedInject> },
    /// An evaluator's observation about a team's decision (HSEEP rating).
    Note {
        decision: String,
        team: String,
        #[serde(default)]
        rating: Option<Rating>,
        text: String,
    },
}

/// An input with the minute it applies at: the element of a decisions script
/// (RON `Vec<Stamped>`) and of a journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamped {
    pub at: Minutes,
    pub input: Input,
}

/// Why an input was refused. A refused input changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputError {
    /// The session has ended; only notes are accepted.
    SessionOver,
    UnknownTeam(String),
    /// An objective the scenario does not state.
    UnknownObjective(String),
    /// No observation at this index.
    UnknownNote(usize),
    /// An observation with neither text nor rating.
    EmptyNote,
    UnknownInject(String),
    /// The inject exists but carries no decision.
    NotADecision(String),
    /// The decision is not open for the team; `why` says why.
    NotOpen {
        decision: String,
        team: String,
        why: NotOpenWhy,
    },
    /// The team already chose at this decision.
    AlreadyDecided {
        decision: String,
        team: String,
    },
    UnknownOption {
        decision: String,
        option: String,
    },
    /// Release or hold of an inject that is no longer pending.
    NotPending(String),
    /// Hold of an inject that is already held.
    AlreadyHeld(String),
    /// Unhold of an inject that is not held.
    NotHeld(String),
    /// Extend of a decision that is not open (not released or closed).
    DecisionNotOpen(String),
    /// Void of a choice the team has not made.
    NothingToVoid {
        decision: String,
        team: String,
    },
    /// A norm id the catalogue does not define.
    UnknownNorm(String),
    /// An attribution case the scenario does not have.
    UnknownCase(String),
    /// An actor that is not one of the case's suspects.
    NotASuspect {
        case: String,
        suspect: String,
    },
    /// A case the team does not follow (`sees.cases`) or has not heard of.
    CaseNotFollowed {
        team: String,
        case: String,
    },
    /// An improvised inject that cannot be released as written.
    BadInject(InjectProblem),
    /// A stamped input for a minute the session has already passed.
    InThePast {
        at: Minutes,
        now: Minutes,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::SessionOver => f.write_str("the session is over"),
            InputError::UnknownTeam(t) => write!(f, "team `{t}` is not in the scenario"),
            InputError::UnknownObjective(o) => {
                write!(f, "objective `{o}` is not among the scenario's objectives")
            }
            InputError::UnknownNote(i) => write!(f, "there is no observation {}", i + 1),
            InputError::EmptyNote => f.write_str("an observation needs a text or a rating"),
            InputError::UnknownInject(i) => write!(f, "inject `{i}` is not in the scenario"),
            InputError::NotADecision(i) => write!(f, "inject `{i}` carries no decision"),
            InputError::NotOpen {
                decision,
                team,
                why,
            } => {
                write!(
                    f,
                    "decision `{decision}` is not open for team `{team}`: {why}"
                )
            }
            InputError::AlreadyDecided { decision, team } => {
                write!(f, "team `{team}` has already decided `{decision}`")
            }
            InputError::UnknownOption { decision, option } => {
                write!(f, "decision `{decision}` has no option `{option}`")
            }
            InputError::NotPending(i) => write!(f, "inject `{i}` is not pending"),
            InputError::AlreadyHeld(i) => write!(f, "inject `{i}` is already held"),
            InputError::NotHeld(i) => write!(f, "inject `{i}` is not held"),
            InputError::DecisionNotOpen(d) => write!(f, "decision `{d}` is not open"),
            InputError::NothingToVoid { decision, team } => {
                write!(f, "team `{team}` has no choice at `{decision}` to void")
            }
            InputError::UnknownNorm(n) => write!(f, "there is no norm `{n}` in the catalogue"),
            InputError::UnknownCase(c) => write!(f, "there is no attribution case `{c}`"),
            InputError::NotASuspect { case, suspect } => {
                write!(f, "`{suspect}` is not a suspect in case `{case}`")
            }
            InputError::CaseNotFollowed { team, case } => write!(
                f,
                "team `{team}` does not follow case `{case}` (or has not heard of it yet)"
            ),
            InputError::BadInject(p) => write!(f, "the inject cannot be released: {p}"),
            InputError::InThePast { at, now } => {
                write!(
                    f,
                    "input stamped at minute {at} but the session is at minute {now}"
                )
            }
        }
    }
}

impl std::error::Error for InputError {}

/// Why a decision is not open for a team, as a refused `Decide` says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotOpenWhy {
    /// The team is not one of the decision's deciding teams.
    NotADecider,
    /// Its inject is pending: not released yet, and it still may be
    /// (`held` when the facilitator holds it).
    NotReleased { held: bool },
    /// Its inject will not be released on this path: `cancelled` is the
    /// inject that was cancelled — the decision's own, or the one its
    /// `After` chain waits on.
    NeverOpened { cancelled: String },
    /// The decision was open and has closed for the team, at minute `at`.
    Closed { how: ClosedHow, at: Minutes },
}

/// How a decision closed for a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClosedHow {
    /// The team chose (the decision has closed since).
    Decided,
    /// The deadline applied the default.
    Defaulted,
    /// The deadline passed with no choice and no default.
    Lapsed,
    /// The facilitator voided the team's choice and kept it closed.
    Voided,
    /// The deadline passed (the team had not chosen).
    Deadline,
}

impl fmt::Display for NotOpenWhy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotOpenWhy::NotADecider => f.write_str("the team is not one of its deciding teams"),
            NotOpenWhy::NotReleased { held: false } => f.write_str("not yet released"),
            NotOpenWhy::NotReleased { held: true } => {
                f.write_str("not yet released (the facilitator holds it)")
            }
            NotOpenWhy::NeverOpened { cancelled } => write!(
                f,
                "never opened on this path (inject `{cancelled}` was cancelled, so it cannot be \
                 released)"
            ),
            NotOpenWhy::Closed { how, at } => {
                let how = match how {
                    ClosedHow::Decided => "decided",
                    ClosedHow::Defaulted => "defaulted at its deadline",
                    ClosedHow::Lapsed => "lapsed at its deadline",
                    ClosedHow::Voided => "the choice was voided and the decision kept closed",
                    ClosedHow::Deadline => "its deadline passed",
                };
                write!(f, "already closed ({how}, minute {at})")
            }
        }
    }
}
