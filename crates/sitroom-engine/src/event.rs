//! What happened, as data: the session log.
//!
//! The engine records structured events with ids, never sentences; front ends
//! word them (`sitroom_record::words`). Ids are the scenario's, so an event can
//! be charted, filtered or joined with the scenario without parsing text.

use serde::{Deserialize, Serialize};
use sitroom_norms::{Confidence, Grade, Likelihood};
use sitroom_scenario::{Minutes, Posture};

use crate::input::Rating;

/// One entry of the session log: an event at a minute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub at: Minutes,
    #[serde(flatten)]
    pub event: Event,
}

impl LogEntry {
    pub fn kind(&self) -> LogKind {
        self.event.kind()
    }
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndedBy {
    /// One of the scenario's endings held.
    Ending,
    /// The facilitator ended it.
    Facilitator,
    /// The scenario's duration ran out.
    TimeExpired,
}

/// One norm's grade as given when the decision was scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormGrade {
    pub norm: String,
    pub grade: Grade,
}

/// Everything the engine records. Teams, injects, decisions, options, cases,
/// actors and reactions are named by their scenario ids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// An inject reached its recipients.
    Released { inject: String },
    /// The facilitator wrote this inject during the session (its `Released`
    /// follows).
    Improvised { inject: String },
    /// The facilitator released an inject by hand (its `Released` follows).
    ForcedRelease { inject: String },
    /// The facilitator held a pending inject.
    Held { inject: String },
    /// The facilitator let a held inject go.
    LetGo { inject: String },
    /// The facilitator extended a decision's deadline `by` minutes to `until`.
    Extended {
        decision: String,
        by: Minutes,
        until: Minutes,
    },
    /// The facilitator brought a decision's deadline `by` minutes earlier, to `until`.
    Shortened {
        decision: String,
        by: Minutes,
        until: Minutes,
    },
    /// A team chose an option.
    Decided {
        team: String,
        decision: String,
        option: String,
    },
    /// A team did not decide by the deadline and got the default option.
    Defaulted {
        team: String,
        decision: String,
        option: String,
    },
    /// A team did not decide by the deadline and there was no default.
    Lapsed { team: String, decision: String },
    /// The facilitator voided a team's choice; `reopened_until` is the new
    /// deadline when the decision was reopened for the team.
    Voided {
        team: String,
        decision: String,
        option: String,
        reopened_until: Option<Minutes>,
    },
    /// An actor's reaction rule fired.
    Reaction { actor: String, reaction: String },
    /// The escalation ladder moved (the crisis level, with dyads); rungs
    /// are indices from 0.
    Escalated { from: usize, to: usize },
    /// The dyad between actors `a` and `b` (as the ladder declares the
    /// pair) moved; rungs are indices from 0.
    DyadEscalated {
        a: String,
        b: String,
        from: usize,
        to: usize,
    },
    /// An actor's posture changed.
    PostureChanged {
        actor: String,
        from: Posture,
        to: Posture,
    },
    /// A variable's value changed.
    VariableChanged {
        variable: String,
        from: i32,
        to: i32,
    },
    /// A choice was scored; `grades` is empty when no norm applied.
    Scored {
        team: String,
        decision: String,
        option: String,
        grades: Vec<NormGrade>,
    },
    /// The session ended (`ending` is the scenario ending's id).
    Ended { by: EndedBy, ending: Option<String> },
    /// A team received an evidence item on a case it keeps beliefs on.
    EvidenceReceived {
        team: String,
        case: String,
        inject: String,
    },
    /// A team's belief on a case after an evidence item: one probability per
    /// suspect, in the case's suspect order.
    BeliefMoved {
        team: String,
        case: String,
        probabilities: Vec<f64>,
    },
    /// The facilitator noted (and perhaps rated) a team's decision.
    Noted {
        team: String,
        decision: String,
        rating: Option<Rating>,
    },
    /// The facilitator rewrote observation `index`.
    NoteEdited { index: usize },
    /// The facilitator withdrew observation `index`.
    NoteDeleted { index: usize },
    /// A team recorded its own judgement on a case.
    Assessed {
        team: String,
        case: String,
        suspect: String,
        likelihood: Likelihood,
        confidence: Confidence,
    },
    /// The facilitator showed or hid the attribution board from a team.
    BoardShown { team: String, shown: bool },
}

/// The family of an event, for filters and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LogKind {
    Released,
    Decided,
    Defaulted,
    Lapsed,
    Reaction,
    Escalated,
    Posture,
    Facilitator,
    Scored,
    Ended,
    /// The facilitator voided a choice.
    Voided,
    Variable,
    Evidence,
    Belief,
    Noted,
    /// A team's own attribution judgement.
    Assessed,
}

impl Event {
    pub fn kind(&self) -> LogKind {
        match self {
            Event::Released { .. } => LogKind::Released,
            Event::ForcedRelease { .. }
            | Event::Improvised { .. }
            | Event::Held { .. }
            | Event::LetGo { .. }
            | Event::Extended { .. }
            | Event::Shortened { .. }
            | Event::BoardShown { .. } => LogKind::Facilitator,
            Event::Assessed { .. } => LogKind::Assessed,
            Event::Decided { .. } => LogKind::Decided,
            Event::Defaulted { .. } => LogKind::Defaulted,
            Event::Lapsed { .. } => LogKind::Lapsed,
            Event::Voided { .. } => LogKind::Voided,
            Event::Reaction { .. } => LogKind::Reaction,
            Event::Escalated { .. } | Event::DyadEscalated { .. } => LogKind::Escalated,
            Event::PostureChanged { .. } => LogKind::Posture,
            Event::VariableChanged { .. } => LogKind::Variable,
            Event::Scored { .. } => LogKind::Scored,
            Event::Ended { .. } => LogKind::Ended,
            Event::EvidenceReceived { .. } => LogKind::Evidence,
            Event::BeliefMoved { .. } => LogKind::Belief,
            Event::Noted { .. } | Event::NoteEdited { .. } | Event::NoteDeleted { .. } => {
                LogKind::Noted
            }
        }
    }

    /// Whether the event counts in the state hash's log length. Variables,
    /// evidence, beliefs and notes are recorded for the record only: the
    /// state they reflect is hashed in full already, and counting them would
    /// make every journal written before they existed diverge. An improvised
    /// inject is hashed as state too (`Session::state_hash`).
    pub fn counted(&self) -> bool {
        !matches!(
            self,
            Event::VariableChanged { .. }
                | Event::EvidenceReceived { .. }
                | Event::BeliefMoved { .. }
                | Event::Noted { .. }
                | Event::NoteEdited { .. }
                | Event::NoteDeleted { .. }
                | Event::Improvised { .. }
        )
    }

    /// The team the event is about, if it is about one.
    pub fn team(&self) -> Option<&str> {
        match self {
            Event::Decided { team, .. }
            | Event::Defaulted { team, .. }
            | Event::Lapsed { team, .. }
            | Event::Voided { team, .. }
            | Event::Scored { team, .. }
            | Event::EvidenceReceived { team, .. }
            | Event::BeliefMoved { team, .. }
            | Event::Assessed { team, .. }
            | Event::BoardShown { team, .. }
            | Event::Noted { team, .. } => Some(team),
            _ => None,
        }
    }
}
