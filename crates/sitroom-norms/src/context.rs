//! What an evaluator sees: one decision in its context, as the engine
//! assembles it at decision time (or at the deadline, for a default).

use std::fmt;

use serde::{Deserialize, Serialize};
use sitroom_scenario::{Actor, ActorKind, DecisionOption, Inject, Minutes, ResponseKind, Scenario};

/// One team's choice at one decision, with everything scoring needs.
#[derive(Debug, Clone)]
pub struct DecisionContext<'a> {
    pub scenario: &'a Scenario,
    /// Team id.
    pub team: &'a str,
    /// The inject that carries the decision.
    pub decision: &'a Inject,
    /// What was chosen (or the default).
    pub option: &'a DecisionOption,
    pub rationale: Option<&'a str>,
    /// When the decision opened (the inject was released).
    pub opened_at: Minutes,
    pub decided_at: Minutes,
    /// `opened_at` + deadline (+ extensions).
    pub deadline_at: Minutes,
    /// The default was applied at the deadline.
    pub defaulted: bool,
    /// Escalation level at decision time.
    pub rung: i32,
    /// Injury suffered so far, 0..=10: the scenario's `injury` variable, else
    /// the escalation ladder's position scaled to 0..=10.
    pub injury: i32,
    /// This team's beliefs at decision time, for every case it sees.
    pub beliefs: Vec<Belief>,
    /// The team's own judgements standing at decision time, one per case
    /// it has assessed (what the team said, not what its evidence supports).
    pub stated: Vec<Stated>,
    /// This team's earlier choices, oldest first (borrowed: the engine
    /// keeps one log per team and hands each context its prefix).
    pub history: &'a [PastChoice],
    /// Earlier choices of the other teams that serve the same state, oldest
    /// first: the conditions of countermeasures are the state's (a démarche
    /// by the foreign ministry is the prior demand for the CERT's measure).
    pub state_history: &'a [PastChoice],
    /// Evidence-carrying injects for a case this team sees that are pending:
    /// due at a known minute, or released by this decision's follow-ups.
    pub pending_evidence: Vec<PendingEvidence>,
    /// Ids of released PartnerRequest injects addressed to this team not yet answered.
    pub open_requests: Vec<String>,
    /// Write each evaluation's reason; off, reasons are empty and scores,
    /// grades and breaches the same (for a batch, which keeps numbers only).
    pub reasons: bool,
}

/// A team's probability that one suspect is behind one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Belief {
    pub case: String,
    pub suspect: String,
    /// 0..=1.
    pub probability: f64,
    pub confidence: Confidence,
    /// Number of evidence items seen for the case.
    pub evidence: usize,
}

/// A team's own judgement on a case: whom it holds responsible, how
/// likely and with what confidence (ICD 203: stated apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stated {
    pub case: String,
    pub suspect: String,
    pub likelihood: crate::estimative::Likelihood,
    pub confidence: Confidence,
    /// When the team recorded it.
    pub at: Minutes,
}

/// Analytic confidence in a judgment's basis (ICD 203 practice: high,
/// moderate, low — a separate thing from likelihood).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Confidence {
    Low,
    Moderate,
    High,
}

impl Confidence {
    /// Its step on the scale: 0 (low) to 2 (high).
    pub(crate) fn level(self) -> i32 {
        match self {
            Confidence::Low => 0,
            Confidence::Moderate => 1,
            Confidence::High => 2,
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Confidence::Low => "low",
            Confidence::Moderate => "moderate",
            Confidence::High => "high",
        })
    }
}

/// Evidence the team is about to receive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingEvidence {
    /// The inject that carries it.
    pub inject: String,
    /// Minutes from the decision until it is due; `None` when it is released
    /// by the decision's own follow-ups (it comes with the answer).
    #[serde(default)]
    pub due_in: Option<Minutes>,
}

/// One of the team's (or its state's) earlier choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PastChoice {
    /// The team that took it; empty when unknown (older data).
    #[serde(default)]
    pub team: String,
    pub decision: String,
    pub option: String,
    pub at: Minutes,
    pub response: ResponseKind,
    pub target: Option<String>,
    pub notified: bool,
}

impl DecisionContext<'_> {
    pub(crate) fn actor(&self, id: &str) -> Option<&Actor> {
        self.scenario.actors.iter().find(|a| a.id == id)
    }

    /// The actor's display name, or its id when the scenario does not know it.
    pub(crate) fn name<'s>(&'s self, id: &'s str) -> &'s str {
        self.actor(id).map_or(id, |a| a.name.as_str())
    }

    pub(crate) fn is_state(&self, id: &str) -> bool {
        self.actor(id).is_some_and(|a| a.kind == ActorKind::State)
    }

    /// The team's choices and those of the other teams of its state, oldest first.
    pub(crate) fn state_choices(&self) -> impl Iterator<Item = &PastChoice> {
        let mut all: Vec<&PastChoice> = self.history.iter().chain(self.state_history).collect();
        all.sort_by_key(|c| c.at);
        all.into_iter()
    }

    /// The title of an inject, quoted, or "an inject" when unknown: reasons
    /// name what the players saw, never raw ids.
    pub(crate) fn inject_title(&self, id: &str) -> String {
        self.scenario
            .injects
            .iter()
            .find(|i| i.id == id)
            .map_or_else(
                || "an unnamed inject".to_string(),
                |i| format!("'{}'", i.title),
            )
    }

    /// The label of a team, or its id.
    pub(crate) fn team_name<'s>(&'s self, id: &'s str) -> &'s str {
        self.scenario
            .teams
            .iter()
            .find(|t| t.id == id)
            .map_or(id, |t| t.name.as_str())
    }

    /// The actor the team represents.
    pub(crate) fn team_actor(&self) -> Option<&str> {
        self.scenario
            .teams
            .iter()
            .find(|t| t.id == self.team)
            .map(|t| t.actor.as_str())
    }

    /// The team's belief that `suspect` is responsible on the case it would
    /// be acting on: for an option that covers several cases (`cases`), the
    /// weakest of them; for one that names its `case`, that case; else its
    /// strongest belief over the cases it sees. Ties keep the first case.
    pub(crate) fn belief_in(&self, suspect: &str) -> Option<&Belief> {
        let of_suspect = self.beliefs.iter().filter(|b| b.suspect == suspect);
        if !self.option.cases.is_empty() {
            // Judged on the weakest case; a covered case the team keeps no
            // belief on counts as no support at all.
            let mut weakest: Option<&Belief> = None;
            for case in &self.option.cases {
                let b = of_suspect.clone().find(|b| &b.case == case)?;
                if weakest.is_none_or(|w| b.probability < w.probability) {
                    weakest = Some(b);
                }
            }
            return weakest;
        }
        // An option that names its case is judged on that case alone.
        let on_case = |b: &&Belief| self.option.case.as_ref().is_none_or(|c| &b.case == c);
        of_suspect
            .filter(on_case)
            .fold(None, |best: Option<&Belief>, b| match best {
                Some(x) if x.probability >= b.probability => Some(x),
                _ => Some(b),
            })
    }

    /// The team's stated judgement on `case`, if it recorded one.
    pub(crate) fn stated_on(&self, case: &str) -> Option<&Stated> {
        self.stated.iter().find(|s| s.case == case)
    }

    /// The label of an option of a decision, or its id when unknown.
    pub(crate) fn option_label(&self, decision: &str, option: &str) -> String {
        self.scenario
            .injects
            .iter()
            .find(|i| i.id == decision)
            .and_then(|i| i.decision.as_ref())
            .and_then(|d| d.options.iter().find(|o| o.id == option))
            .map_or_else(|| option.to_string(), |o| o.label.clone())
    }

    /// How the option is named in reasons: its label, marked when it was the default.
    pub(crate) fn chosen(&self) -> String {
        if self.defaulted {
            format!("default '{}' (nobody decided)", self.option.label)
        } else {
            format!("'{}'", self.option.label)
        }
    }
}
