//! Injects the facilitator writes during the session (`Input::Improvise`):
//! what the input carries, how it is checked, and the scenario inject it
//! becomes. Once built, an improvised inject is an inject like any other —
//! its recipients, deciders and team views come from the scenario's rules
//! (`Inject::reaches`, `Decision::deciding_teams`), never restated here.

use std::fmt;

use crate::input::InputError;
use serde::{Deserialize, Serialize};
use sitroom_scenario::{
    Channel, Decision, DecisionOption, Inject, Minutes, ResponseKind, Scenario, Trigger,
};

/// The longest text of an improvised inject's field, in bytes: the bound a
/// scenario's texts have (SR0221).
pub const MAX_TEXT_BYTES: usize = sitroom_scenario::MAX_TEXT_BYTES;
/// The most options an improvised decision may offer.
pub const MAX_OPTIONS: usize = 12;
/// The most teams an improvised inject's audience may name.
pub const MAX_AUDIENCE: usize = 64;

/// An inject written during the session. It is released at once to its
/// recipients, by the rule that routes scripted injects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImprovisedInject {
    pub title: String,
    pub text: String,
    pub channel: Channel,
    /// Who it is from, as the players see it (may be empty).
    #[serde(default)]
    pub from: String,
    /// Team ids; empty: every team that sees the channel.
    #[serde(default)]
    pub audience: Vec<String>,
    #[serde(default)]
    pub decision: Option<ImprovisedDecision>,
}

/// The decision an improvised inject opens: its audience's player teams
/// decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImprovisedDecision {
    /// The question; empty: the inject's title.
    #[serde(default)]
    pub prompt: String,
    /// Minutes from the release to the deadline (at least 1). There is no
    /// default: an undecided team lapses.
    pub deadline: Minutes,
    pub options: Vec<ImprovisedOption>,
}

/// An option of an improvised decision. Its id is `option-N`, N counting
/// from 1 in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImprovisedOption {
    pub label: String,
    #[serde(default)]
    pub description: String,
    /// The kind of response, for the norms; without one the choice is
    /// recorded but not scored (it is listed as unscored).
    #[serde(default)]
    pub response: Option<ResponseKind>,
}

/// Why an improvised inject was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InjectProblem {
    EmptyTitle,
    EmptyText,
    /// A field longer than `MAX_TEXT_BYTES`.
    TooLong {
        field: String,
    },
    /// More than `MAX_AUDIENCE` teams named.
    TooManyTeams,
    /// A team named twice in the audience.
    DuplicateTeam(String),
    /// An audience team that does not see the channel: it would not receive it.
    ChannelNotSeen {
        team: String,
        channel: Channel,
    },
    /// No team sees the channel (an audience of everyone).
    NobodySees(Channel),
    /// A decision without options.
    NoOptions,
    /// More than `MAX_OPTIONS` options.
    TooManyOptions,
    /// Option `n` (from 1) has no label.
    EmptyLabel(usize),
    /// Two options with the same label.
    DuplicateLabel(String),
    /// A deadline of zero minutes.
    ZeroDeadline,
    /// A deadline beyond the longest exercise.
    DeadlineTooLong,
    /// A decision that no player team receives.
    NoDecider,
}

impl fmt::Display for InjectProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InjectProblem::EmptyTitle => f.write_str("the inject needs a title"),
            InjectProblem::EmptyText => f.write_str("the inject needs a text"),
            InjectProblem::TooLong { field } => {
                write!(f, "the {field} is longer than {MAX_TEXT_BYTES} bytes")
            }
            InjectProblem::TooManyTeams => {
                write!(f, "the audience names more than {MAX_AUDIENCE} teams")
            }
            InjectProblem::DuplicateTeam(t) => write!(f, "team `{t}` is named twice"),
            InjectProblem::ChannelNotSeen { team, channel } => write!(
                f,
                "team `{team}` does not see the {} channel, so it would not receive the inject",
                channel.label()
            ),
            InjectProblem::NobodySees(channel) => {
                write!(f, "no team sees the {} channel", channel.label())
            }
            InjectProblem::NoOptions => f.write_str("a decision needs at least one option"),
            InjectProblem::TooManyOptions => {
                write!(f, "a decision offers at most {MAX_OPTIONS} options")
            }
            InjectProblem::EmptyLabel(n) => write!(f, "option {n} has no label"),
            InjectProblem::DuplicateLabel(l) => write!(f, "two options are labelled `{l}`"),
            InjectProblem::ZeroDeadline => f.write_str("the deadline must be at least 1 minute"),
            InjectProblem::DeadlineTooLong => write!(
                f,
                "the deadline is longer than {} minutes",
                sitroom_scenario::MAX_DURATION
            ),
            InjectProblem::NoDecider => {
                f.write_str("no player team receives the inject, so nobody could decide")
            }
        }
    }
}

/// The id of the next improvised inject: `live-N`, the first N from 1 that
/// no inject of the scenario (improvised ones included) has.
pub fn next_id(sc: &Scenario) -> String {
    (1..)
        .map(|n| format!("live-{n}"))
        .find(|id| sc.inject(id).is_none())
        .unwrap_or_default()
}

/// The id of option `i` (from 0) of an improvised decision.
pub fn option_id(i: usize) -> String {
    format!("option-{}", i + 1)
}

/// Checks an improvised inject against the scenario and builds the inject it
/// becomes, with id `id` and a manual trigger (it is released by its input).
/// An option without a response kind is built as `Monitor`; the engine
/// leaves its choice unscored (`unkinded`).
pub fn build(sc: &Scenario, imp: &ImprovisedInject, id: String) -> Result<Inject, InputError> {
    let problem = InputError::BadInject;
    let long = |s: &str| s.len() > MAX_TEXT_BYTES;
    let too_long = |field: &str| InjectProblem::TooLong {
        field: field.to_string(),
    };
    if imp.title.trim().is_empty() {
        return Err(problem(InjectProblem::EmptyTitle));
    }
    if imp.text.trim().is_empty() {
        return Err(problem(InjectProblem::EmptyText));
    }
    for (field, text) in [
        ("title", &imp.title),
        ("text", &imp.text),
        ("sender", &imp.from),
    ] {
        if long(text) {
            return Err(problem(too_long(field)));
        }
    }
    if imp.audience.len() > MAX_AUDIENCE {
        return Err(problem(InjectProblem::TooManyTeams));
    }
    for (i, t) in imp.audience.iter().enumerate() {
        let Some(team) = sc.team(t) else {
            return Err(InputError::UnknownTeam(t.clone()));
        };
        if imp.audience[..i].contains(t) {
            return Err(problem(InjectProblem::DuplicateTeam(t.clone())));
        }
        if !team.sees_channel(imp.channel) {
            return Err(problem(InjectProblem::ChannelNotSeen {
                team: t.clone(),
                channel: imp.channel,
            }));
        }
    }
    let decision = match &imp.decision {
        None => None,
        Some(d) => {
            if d.deadline == 0 {
                return Err(problem(InjectProblem::ZeroDeadline));
            }
            if d.deadline > sitroom_scenario::MAX_DURATION {
                return Err(problem(InjectProblem::DeadlineTooLong));
            }
            if long(&d.prompt) {
                return Err(problem(too_long("question")));
            }
            if d.options.is_empty() {
                return Err(problem(InjectProblem::NoOptions));
            }
            if d.options.len() > MAX_OPTIONS {
                return Err(problem(InjectProblem::TooManyOptions));
            }
            let mut options = Vec::with_capacity(d.options.len());
            for (i, o) in d.options.iter().enumerate() {
                let label = o.label.trim();
                if label.is_empty() {
                    return Err(problem(InjectProblem::EmptyLabel(i + 1)));
                }
                if long(&o.label) {
                    return Err(problem(too_long("option label")));
                }
                if long(&o.description) {
                    return Err(problem(too_long("option description")));
                }
                if d.options[..i].iter().any(|p| p.label.trim() == label) {
                    return Err(problem(InjectProblem::DuplicateLabel(label.to_string())));
                }
                options.push(option(i, o));
            }
            Some(Decision {
                prompt: if d.prompt.trim().is_empty() {
                    imp.title.clone()
                } else {
                    d.prompt.clone()
                },
                teams: Vec::new(),
                deadline: d.deadline,
                default: None,
                options,
            })
        }
    };
    let inject = Inject {
        id,
        title: imp.title.clone(),
        channel: imp.channel,
        from: imp.from.clone(),
        audience: imp.audience.clone(),
        release: Trigger::Manual,
        text: imp.text.clone(),
        effects: Vec::new(),
        evidence: Vec::new(),
        decision,
        facilitator_note: String::new(),
    };
    if inject.recipients(sc).is_empty() {
        return Err(problem(InjectProblem::NobodySees(imp.channel)));
    }
    if let Some(d) = &inject.decision
        && d.deciding_teams(&inject, sc).is_empty()
    {
        return Err(problem(InjectProblem::NoDecider));
    }
    Ok(inject)
}

fn option(i: usize, o: &ImprovisedOption) -> DecisionOption {
    DecisionOption {
        id: option_id(i),
        label: o.label.trim().to_string(),
        description: o.description.clone(),
        response: o.response.unwrap_or(ResponseKind::Monitor),
        target: None,
        case: None,
        cases: Vec::new(),
        severity: 0,
        reversible: true,
        notified: false,
        urgent: false,
        on_behalf_of: None,
        third_states: Vec::new(),
        data: None,
        hits_infrastructure: false,
        harms_cert: false,
        effects: Vec::new(),
        follow_ups: Vec::new(),
        facilitator_note: String::new(),
    }
}
