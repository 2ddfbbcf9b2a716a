//! Read-only views of a session, built on demand from the world (never by
//! the systems, so the hot path stays lean). A `TeamView` holds only what the
//! team may see; the `FacilitatorView` holds everything, truth included.

use serde::{Deserialize, Serialize};
use sitroom_scenario::{Channel, Minutes, Posture, Truth};

pub use sitroom_norms::{Confidence, Likelihood, Score};

use crate::event::{EndedBy, Event, LogEntry};
use crate::input::Rating;

/// How the session ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub by: EndedBy,
    /// The ending's id when `by` is `Ending`.
    pub ending: Option<String>,
    /// The ending's title as the scenario words it (empty otherwise).
    pub title: String,
    /// The ending's description, or the facilitator's reason.
    pub description: String,
    pub at: Minutes,
}

impl Outcome {
    /// The scenario's ending `id` reached at `at` (an id the scenario does
    /// not declare is kept as its own title).
    pub fn ending(sc: &sitroom_scenario::Scenario, id: &str, at: Minutes) -> Outcome {
        let (title, description) = sc.ending(id).map_or_else(
            || (id.to_string(), String::new()),
            |e| (e.title.clone(), e.description.clone()),
        );
        Outcome {
            by: EndedBy::Ending,
            ending: Some(id.to_string()),
            title,
            description,
            at,
        }
    }

    /// Ended by the facilitator with `reason`.
    pub fn by_facilitator(reason: &str, at: Minutes) -> Outcome {
        Outcome {
            by: EndedBy::Facilitator,
            ending: None,
            title: String::new(),
            description: reason.to_string(),
            at,
        }
    }

    /// The scenario's duration ran out.
    pub fn time_expired(at: Minutes) -> Outcome {
        Outcome {
            by: EndedBy::TimeExpired,
            ending: None,
            title: String::new(),
            description: String::new(),
            at,
        }
    }

    /// The event that records this outcome.
    pub fn event(&self) -> Event {
        Event::Ended {
            by: self.by,
            ending: self.ending.clone(),
        }
    }
}

/// A decision open for at least one team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenDecision {
    /// The id of the inject that carries it.
    pub decision: String,
    pub title: String,
    pub prompt: String,
    /// Teams that have not decided yet.
    pub teams: Vec<String>,
    pub opened_at: Minutes,
    pub deadline_at: Minutes,
    pub options: Vec<OptionView>,
    /// The option applied at the deadline to a team that has not decided.
    pub default: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionView {
    pub id: String,
    pub label: String,
    pub description: String,
    /// In a team's view: the case on which the team states its own
    /// judgement before taking this option (an accusation or a measure
    /// that needs attribution), and the suspect the option is aimed at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judge: Option<JudgeOn>,
}

/// A judgement an option asks for: on `case`, about `suspect`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgeOn {
    pub case: String,
    pub suspect: String,
}

/// What one team may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamView {
    pub team: String,
    pub name: String,
    /// The actor the team represents.
    pub actor: String,
    pub now: Minutes,
    /// The in-scenario clock, e.g. "2026-03-14 08:15" or "T+00:15".
    pub clock: String,
    /// The exercise's length in minutes (a team's screen sizes its time
    /// columns by it). 0 in views from before it was sent.
    #[serde(default)]
    pub duration: Minutes,
    /// Released injects that reached the team, oldest first.
    pub feed: Vec<FeedItem>,
    /// Decisions open for this team.
    pub decisions: Vec<OpenDecision>,
    /// This team's choices, in the order they were made (voided ones not).
    pub made: Vec<MadeDecision>,
    /// Decisions that closed with this team undecided and no default.
    pub lapsed: Vec<LapsedDecision>,
    /// This team's choices the facilitator voided, oldest first.
    pub voided: Vec<VoidedDecision>,
    /// Only the variables in `sees.variables`.
    pub variables: Vec<VariableView>,
    /// Always visible: the crisis level.
    pub escalation: RungView,
    /// The dyads of the team's own actor (its relation with each other
    /// actor the ladder pairs it with); empty without dyads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dyads: Vec<DyadView>,
    /// The cases the team keeps beliefs for and has heard of (an inject
    /// that reached it carried the case): the engine's estimates, never the
    /// truth. Empty in the team's own view when its board is hidden.
    pub beliefs: Vec<CaseView>,
    /// Whether the team sees the engine's estimates (`beliefs`).
    #[serde(default = "shown")]
    pub board: bool,
    /// The cases the team follows and has heard of, with their suspects:
    /// what it can state a judgement on, board shown or not.
    #[serde(default)]
    pub cases: Vec<CaseRef>,
    /// The team's own judgements, one per case it has assessed.
    #[serde(default)]
    pub assessments: Vec<AssessmentView>,
    /// This team's scores; empty while the scenario hides scores and the session runs.
    pub scores: Vec<Score>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedItem {
    pub inject: String,
    pub at: Minutes,
    pub title: String,
    pub channel: Channel,
    pub from: String,
    pub text: String,
    /// The inject id when it carries a decision.
    pub decision: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MadeDecision {
    pub decision: String,
    pub option: String,
    pub label: String,
    pub at: Minutes,
    pub defaulted: bool,
    pub rationale: Option<String>,
}

/// A decision that closed at `at` with the team undecided and no default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LapsedDecision {
    pub decision: String,
    pub title: String,
    pub at: Minutes,
}

/// A choice the facilitator voided at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoidedDecision {
    pub decision: String,
    pub title: String,
    pub option: String,
    pub label: String,
    pub chosen_at: Minutes,
    pub defaulted: bool,
    pub rationale: Option<String>,
    pub at: Minutes,
    /// Whether the decision was reopened for the team.
    pub reopened: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariableView {
    pub id: String,
    pub name: String,
    pub value: i32,
    pub min: i32,
    pub max: i32,
}

/// Where one dyad stands: the pair (ids and names, as the ladder declares
/// it) and its rung.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DyadView {
    pub between: (String, String),
    pub names: (String, String),
    pub rung: RungView,
}

impl DyadView {
    /// The name of the other actor of the pair, seen from `actor`.
    pub fn other_name(&self, actor: &str) -> &str {
        if self.between.0 == actor {
            &self.names.1
        } else {
            &self.names.0
        }
    }
}

/// The current escalation rung: its level and name, and its position
/// (`index` of `of` rungs, from 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RungView {
    pub level: i32,
    pub name: String,
    pub index: usize,
    pub of: usize,
}

fn shown() -> bool {
    true
}

/// A case a team can judge: its incident and suspects (never the truth).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRef {
    pub case: String,
    pub incident: String,
    /// (actor id, name), in the case's suspect order.
    pub suspects: Vec<(String, String)>,
    /// Evidence items seen.
    pub evidence: usize,
}

/// A team's own stated judgement on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentView {
    pub case: String,
    pub incident: String,
    pub suspect: String,
    pub name: String,
    pub likelihood: Likelihood,
    pub confidence: Confidence,
    pub at: Minutes,
}

/// A team's judgment on one attribution case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub case: String,
    pub incident: String,
    /// In the case's suspect order.
    pub suspects: Vec<SuspectView>,
    pub confidence: Confidence,
    /// Evidence items seen.
    pub evidence: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuspectView {
    pub actor: String,
    pub name: String,
    pub probability: f64,
    /// The ICD 203 estimative term for the probability.
    pub term: String,
}

/// Everything, for the facilitator (and the after-action review).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacilitatorView {
    pub now: Minutes,
    pub clock: String,
    pub outcome: Option<Outcome>,
    pub teams: Vec<TeamView>,
    pub injects: Vec<InjectStatus>,
    pub variables: Vec<VariableView>,
    pub escalation: RungView,
    /// Every dyad, in declaration order; empty without dyads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dyads: Vec<DyadView>,
    pub postures: Vec<(String, Posture)>,
    /// Case id → ground truth.
    pub truth: Vec<(String, Truth)>,
    pub open: Vec<OpenDecision>,
    /// Every team's scores (never hidden from the facilitator).
    pub scores: Vec<Score>,
    pub notes: Vec<NoteView>,
    pub log: Vec<LogEntry>,
    /// The injects written during the session, as scenario injects (a
    /// served console adds them to its copy of the scenario).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub improvised: Vec<sitroom_scenario::Inject>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InjectStatus {
    pub inject: String,
    pub title: String,
    pub state: InjectState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InjectState {
    /// Not released yet; `due` when its release minute is known.
    Pending {
        due: Option<Minutes>,
    },
    Held,
    Released {
        at: Minutes,
    },
    Cancelled,
}

/// An evaluator's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub at: Minutes,
    /// The decision it is about; empty for an observation not tied to one.
    pub decision: String,
    /// The team it is about; empty for the whole exercise.
    pub team: String,
    pub rating: Option<Rating>,
    pub text: String,
    /// The objective it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    /// The norm its rating rates, if it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub norm: Option<String>,
}
