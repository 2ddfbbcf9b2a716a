//! The scenario as written in RON: plain serde types, one per concept of the
//! format (`docs/scenario-format.md`). Nothing here is checked beyond what serde enforces; the
//! semantic checks live in `validate`. Field order here is the order an
//! author writes them in; optional fields have `#[serde(default)]` so that a
//! small scenario stays small.
//!
//! Ids are plain strings chosen by the author (`"state-a"`, `"inj-07"`). They
//! are the stable keys of everything: the engine sorts by them or by the
//! declaration order, never by hash order.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Minutes since the start of the exercise. The engine's tick is one minute.
pub type Minutes = u32;

/// A whole scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub meta: Meta,
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    pub teams: Vec<Team>,
    #[serde(default)]
    pub variables: Vec<Variable>,
    pub escalation: Ladder,
    #[serde(default)]
    pub cases: Vec<AttributionCase>,
    pub injects: Vec<Inject>,
    #[serde(default)]
    pub reactions: Vec<Reaction>,
    pub endings: Vec<Ending>,
    /// Which norms are scored and with what weight (norm id → weight).
    /// Empty means the catalogue's default set.
    #[serde(default)]
    pub norms: BTreeMap<String, f64>,
    /// Hide scores from the teams until the reveal (academy mode). The
    /// facilitator always sees them.
    #[serde(default)]
    pub hide_scores: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub briefing: String,
    #[serde(default)]
    pub objectives: Vec<Objective>,
    /// Length of the exercise in minutes; the session ends when it is reached.
    pub duration: Minutes,
    /// The default step of "advance N minutes" in turn mode.
    #[serde(default = "default_time_step")]
    pub time_step: Minutes,
    /// In-scenario wall-clock label of minute 0, e.g. "2026-03-14 08:00".
    /// Only shown to players; the engine counts minutes.
    #[serde(default)]
    pub start: Option<String>,
    /// For controllers only: expected player actions, objectives, what
    /// really happened, authoring remarks. Shown in the facilitator console
    /// and the facilitator's edition of reports, never in a team view.
    #[serde(default)]
    pub facilitator_note: String,
}

fn default_time_step() -> Minutes {
    15
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    pub text: String,
    /// Norm ids (from the norm catalogue) the objective exercises.
    #[serde(default)]
    pub norms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    #[serde(default)]
    pub posture: Posture,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ActorKind {
    State,
    Proxy,
    CriminalGroup,
    Company,
    InternationalOrganisation,
}

/// How an actor currently behaves towards the players; reaction rules and
/// effects move it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Posture {
    Cooperative,
    #[default]
    Neutral,
    Guarded,
    Hostile,
}

impl Posture {
    const ORDER: [Posture; 4] = [
        Posture::Cooperative,
        Posture::Neutral,
        Posture::Guarded,
        Posture::Hostile,
    ];

    /// One step more hostile (`Harden`), or the same when already hostile.
    pub fn harder(self) -> Posture {
        Posture::ORDER[(self as usize + 1).min(Posture::ORDER.len() - 1)]
    }

    /// One step less hostile (`Soften`), or the same when already cooperative.
    pub fn softer(self) -> Posture {
        Posture::ORDER[(self as usize).saturating_sub(1)]
    }
}

/// An edge of the actor graph. Symmetric kinds (ally, rival, treaty
/// partner) are written once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub from: String,
    pub to: String,
    pub kind: RelationKind,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RelationKind {
    Ally,
    Rival,
    /// Both are parties to the treaty.
    TreatyPartner(Treaty),
    /// `from` sponsors or directs `to` (a state behind a proxy).
    Sponsor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Treaty {
    /// Council of Europe Convention on Cybercrime (24/7 network, Art. 35).
    BudapestConvention,
    /// A bilateral mutual legal assistance treaty.
    Mlat,
    /// A collective-defence alliance (e.g. NATO).
    Alliance,
    /// EU membership (Cyber Diplomacy Toolbox, sanctions regime).
    EuropeanUnion,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub id: String,
    pub name: String,
    /// The actor the team represents.
    pub actor: String,
    pub role: Role,
    /// What the team may see (need-to-know).
    pub sees: Visibility,
    /// Whether a person plays it; `false` for a team the facilitator
    /// controls or that only receives injects (white cell).
    #[serde(default = "yes")]
    pub player: bool,
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    ForeignMinistry,
    NationalCert,
    LegalOffice,
    Intelligence,
    Leadership,
    LawEnforcement,
    HostNation,
    Mission,
    RedCell,
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Visibility {
    /// Channels whose injects the team may receive.
    pub channels: Vec<Channel>,
    /// Variable ids whose value the team may see (the escalation rung is
    /// always visible).
    #[serde(default)]
    pub variables: Vec<String>,
    /// Attribution case ids the team keeps beliefs for; empty means every case.
    #[serde(default)]
    pub cases: Vec<String>,
    /// Whether the team sees the engine's estimates on its cases (the
    /// attribution board). `false`: the team judges from the evidence
    /// alone and sees only its own stated judgements. Default `true`.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub board: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Channel {
    IntelligenceReport,
    TechnicalAlert,
    DiplomaticCable,
    News,
    SocialMedia,
    PhoneCall,
    PartnerRequest,
    Briefing,
}

impl Channel {
    pub const ALL: [Channel; 8] = [
        Channel::IntelligenceReport,
        Channel::TechnicalAlert,
        Channel::DiplomaticCable,
        Channel::News,
        Channel::SocialMedia,
        Channel::PhoneCall,
        Channel::PartnerRequest,
        Channel::Briefing,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Channel::IntelligenceReport => "intelligence report",
            Channel::TechnicalAlert => "technical alert",
            Channel::DiplomaticCable => "diplomatic cable",
            Channel::News => "news",
            Channel::SocialMedia => "social media",
            Channel::PhoneCall => "phone call",
            Channel::PartnerRequest => "partner request",
            Channel::Briefing => "briefing",
        }
    }
}

/// A named, bounded integer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    pub id: String,
    pub name: String,
    pub min: i32,
    pub max: i32,
    pub initial: i32,
    #[serde(default)]
    pub description: String,
    /// The state (actor id) whose injury this variable measures, 0 (none)
    /// to 10 (gravest): proportionality and the countermeasure conditions
    /// of a team use its own state's injury. A variable with id `injury`
    /// and no `injury_of` is the injury of every state (the older form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injury_of: Option<String>,
}

/// The escalation ladder: a variable with id [`ESCALATION`] whose values are
/// the rung levels, lowest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ladder {
    pub initial: i32,
    pub rungs: Vec<Rung>,
    /// Pairs of actors whose relation climbs the ladder on its own. With
    /// dyads the crisis level (what `escalation` reads) is the highest of
    /// the dyads' rungs and the general level; an option aimed at an actor
    /// moves the dyad of the deciding team's actor and that target. Empty:
    /// one ladder for everyone, as before dyads existed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dyads: Vec<Dyad>,
}

/// A pair of actors with its own place on the escalation ladder. The pair
/// is unordered: `("a", "b")` and `("b", "a")` are the same dyad.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dyad {
    pub between: (String, String),
    /// Its level at minute 0; the ladder's `initial` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial: Option<i32>,
}

impl Dyad {
    /// Whether this dyad pairs `a` and `b`, in either order.
    pub fn pairs(&self, a: &str, b: &str) -> bool {
        let (x, y) = (&self.between.0, &self.between.1);
        (x == a && y == b) || (x == b && y == a)
    }

    /// The other actor of the pair, when `actor` is one of them.
    pub fn other(&self, actor: &str) -> Option<&str> {
        if self.between.0 == actor {
            Some(&self.between.1)
        } else if self.between.1 == actor {
            Some(&self.between.0)
        } else {
            None
        }
    }
}

impl Ladder {
    /// The index of the dyad pairing `a` and `b`, if declared (the first, on a duplicate).
    pub fn dyad(&self, a: &str, b: &str) -> Option<usize> {
        self.dyads.iter().position(|d| d.pairs(a, b))
    }
}

/// The id under which conditions and effects refer to the escalation ladder.
pub const ESCALATION: &str = "escalation";

/// The id of the variable that, declared for no state in particular
/// (`injury_of` absent), is every state's injury.
pub const INJURY: &str = "injury";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rung {
    pub level: i32,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// An incident whose author is hidden from the players.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionCase {
    pub id: String,
    pub incident: String,
    /// Actor ids; the engine keeps a probability per suspect per team.
    pub suspects: Vec<String>,
    /// Prior probability per suspect; missing suspects share the rest
    /// equally. Empty means a uniform prior.
    #[serde(default)]
    pub prior: BTreeMap<String, f64>,
    pub truth: Truth,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Truth {
    /// The actor really responsible (one of the suspects).
    pub culprit: String,
    /// The actor the evidence was planted to implicate, if it is a false flag.
    #[serde(default)]
    pub false_flag: Option<String>,
    /// What really happened, shown in the review.
    pub explanation: String,
}

/// One message on one channel to an audience of teams.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    pub id: String,
    pub title: String,
    pub channel: Channel,
    /// Who the message is from, as the players see it ("Embassy Valdoria").
    #[serde(default)]
    pub from: String,
    /// Team ids that receive it; empty means every team that sees the
    /// channel (a broadcast). A team receives an inject only if it also sees
    /// its channel.
    pub audience: Vec<String>,
    pub release: Trigger,
    pub text: String,
    #[serde(default)]
    pub effects: Vec<Effect>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub decision: Option<Decision>,
    /// For controllers only: expected player actions, objectives, what
    /// really happened, authoring remarks. Shown in the facilitator console
    /// and the facilitator's edition of reports, never in a team view.
    #[serde(default)]
    pub facilitator_note: String,
}

/// When an inject is released.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Trigger {
    /// At a fixed minute.
    At(Minutes),
    /// A delay after another inject was released.
    After(String, Minutes),
    /// As soon as the condition holds (checked every minute).
    When(Condition),
    /// Only when an option's follow-up, an effect or the facilitator releases it.
    Manual,
}

/// A piece of evidence in an attribution case, carried by an inject and
/// seen by the inject's audience.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub case: String,
    pub description: String,
    /// How strongly the item points at (or away from) each suspect.
    /// Suspects not named are `Neutral`.
    pub strength: BTreeMap<String, Strength>,
    /// How reliable the item's source is, as an analyst rates it. `None`
    /// (not rated): full weight, and no cap on confidence.
    #[serde(default)]
    pub reliability: Option<Reliability>,
    /// The item is easily planted or spoofed (a server's location, a
    /// registrar, a language setting, a compile-time stamp): it moves the
    /// likelihood little (at most a `Weakly` factor) and confidence not at all.
    #[serde(default)]
    pub plantable: bool,
    /// The source or artefact the item comes from. Items that share it are
    /// one line of evidence, not independent corroboration: only the
    /// strongest of them adds to confidence. `None`: a line of its own.
    #[serde(default)]
    pub source: Option<String>,
}

/// How reliable a source of evidence is (ICD 203: confidence rests on the
/// quality and corroboration of the sources).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reliability {
    /// Questionable or poorly corroborated: confidence at most low.
    Low,
    /// Credibly sourced but not corroborated enough: at most moderate.
    Moderate,
    /// High-quality information: no cap.
    High,
}

/// A qualitative likelihood ratio. The engine turns each into a fixed
/// rational factor (see the engine's `attribution` module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Strength {
    StronglyAgainst,
    Against,
    WeaklyAgainst,
    Neutral,
    WeaklyFor,
    For,
    StronglyFor,
}

/// A point where teams must choose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub prompt: String,
    /// Teams that decide, each independently; empty means the inject's
    /// player teams.
    #[serde(default)]
    pub teams: Vec<String>,
    /// Minutes after release by which a team must have decided.
    pub deadline: Minutes,
    /// The option applied to a team that has not decided by the deadline;
    /// with none, the lapse is recorded and nothing happens.
    #[serde(default)]
    pub default: Option<String>,
    pub options: Vec<DecisionOption>,
}

/// A response a team may choose, with what norm scoring needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionOption {
    /// Unique within its decision.
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
    pub response: ResponseKind,
    /// The actor the response is aimed at, if any.
    #[serde(default)]
    pub target: Option<String>,
    /// The attribution case the response answers ("accuse Drosk of the grid
    /// intrusion" vs "... of the disinformation"). Scoring judges the
    /// attribution standard and the reveal on this case; without it, on the
    /// case in which the team most suspects the target.
    #[serde(default)]
    pub case: Option<String>,
    /// For an accusation covering several incidents: every case it answers.
    /// It is judged on the weakest of them (an accusation is only as
    /// substantiated as its least supported part).
    #[serde(default)]
    pub cases: Vec<String>,
    /// 0 (none) to 10 (gravest); compared with the injury suffered.
    #[serde(default)]
    pub severity: u8,
    #[serde(default = "yes")]
    pub reversible: bool,
    /// Whether the target was called on to comply, notified and offered
    /// negotiation before the measure.
    #[serde(default)]
    pub notified: bool,
    /// Whether the team claims urgency (ARSIWA art. 52(2)).
    #[serde(default)]
    pub urgent: bool,
    /// For a countermeasure taken for another state (a collective
    /// countermeasure): the injured state it is taken on behalf of. ARSIWA
    /// art. 54 leaves such measures open, so they are scored as contested.
    #[serde(default)]
    pub on_behalf_of: Option<String>,
    /// States other than the target whose systems or rights the measure
    /// affects (a server hosted abroad, a shared provider). A countermeasure
    /// is directed only at the responsible state; effects on third states count.
    #[serde(default)]
    pub third_states: Vec<String>,
    /// Personal or case data shared across a border, if any.
    #[serde(default)]
    pub data: Option<DataShare>,
    /// Whether the measure hits civilian critical infrastructure.
    #[serde(default)]
    pub hits_infrastructure: bool,
    /// Whether the measure harms another state's CERT/CSIRT.
    #[serde(default)]
    pub harms_cert: bool,
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// Injects released (next minute) when this option is chosen.
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// For controllers only: expected player actions, objectives, what
    /// really happened, authoring remarks. Shown in the facilitator console
    /// and the facilitator's edition of reports, never in a team view.
    #[serde(default)]
    pub facilitator_note: String,
}

/// The response ladder, least to most escalatory (docs/scoring.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ResponseKind {
    /// Do nothing visible; keep watching.
    Monitor,
    /// Internal defence and remediation.
    Remediate,
    /// CERT-to-CERT sharing or a request for technical help.
    CertCooperation,
    /// Help a partner that asked for it (norm h).
    AssistPartner,
    /// Budapest Convention 24/7 point of contact.
    Budapest247,
    /// Mutual legal assistance request.
    MlatRequest,
    /// Private démarche, summoning the ambassador, private warning.
    Demarche,
    PublicAttribution,
    JointAttribution,
    /// Indictments, take-downs, seizures.
    LawEnforcement,
    TargetedSanctions,
    Expulsion,
    EconomicSanctions,
    SeverRelations,
    /// Non-forcible cyber countermeasure against the responsible state.
    Countermeasure,
    /// Emergency measure under the plea of necessity.
    NecessityMeasure,
    /// Disruptive offensive cyber operation below the use-of-force line.
    OffensiveCyber,
    SelfDefence,
    /// Direct collection or seizure of data abroad without cooperation.
    DataSeizure,
    /// Public communication that attributes nothing (statement, reassurance).
    PublicStatement,
    // The victim's side (appended, so that earlier kinds keep their place).
    /// Ask another state, partner CERTs or an alliance for help.
    RequestAssistance,
    /// Stand up the national crisis cell or incident coordination mechanism.
    ActivateCrisisCell,
    /// Pay the ransom the attackers demand.
    PayRansom,
    /// Decline to pay the ransom the attackers demand.
    RefuseRansom,
}

/// Personal or case data passed to another state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataShare {
    /// Actor id of the recipient.
    pub recipient: String,
    pub personal: bool,
    pub basis: LegalBasis,
    /// Only what the request needs is shared.
    #[serde(default)]
    pub minimised: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LegalBasis {
    None,
    Consent,
    Mlat,
    Budapest247,
    DomesticWarrant,
    AdequacyDecision,
}

/// When something happens: a small language of RON enums.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    Always,
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// `Var("escalation", Ge, 3)`.
    Var(String, Cmp, i32),
    /// Some team (or the given one) chose the option at the decision.
    Chose {
        decision: String,
        option: String,
        #[serde(default)]
        team: Option<String>,
    },
    /// The inject has been released.
    Released(String),
    /// At least this many minutes have elapsed.
    Elapsed(Minutes),
    /// A team's probability for a suspect of a case, in percent.
    Confidence {
        team: String,
        case: String,
        suspect: String,
        cmp: Cmp,
        percent: u8,
    },
    /// True with this probability (0.0–1.0) each time it is evaluated,
    /// drawn from the session's seeded generator.
    Chance(f64),
    /// The actor's posture is at least this hostile.
    Posture(String, Posture),
    /// The level of the dyad between two actors (either order), compared
    /// like `Var("escalation", ..)`: `Dyad("state-a", "state-b", Ge, 4)`.
    Dyad(String, String, Cmp, i32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Cmp {
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
}

impl Cmp {
    pub fn holds<T: PartialOrd>(self, left: T, right: T) -> bool {
        match self {
            Cmp::Lt => left < right,
            Cmp::Le => left <= right,
            Cmp::Eq => left == right,
            Cmp::Ne => left != right,
            Cmp::Ge => left >= right,
            Cmp::Gt => left > right,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
        }
    }
}

/// What happens: applied in the engine's effects phase, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// Add to a variable (clamped to its bounds).
    Add(String, i32),
    /// Set a variable (clamped to its bounds).
    Set(String, i32),
    /// Move the escalation ladder by this many rungs (clamped).
    Escalate(i32),
    /// Release an inject at the next minute (if not released yet).
    Release(String),
    /// Withdraw a pending inject so that it is never released.
    Cancel(String),
    /// Change an actor's posture.
    SetPosture(String, Posture),
    /// End the exercise with this ending.
    End(String),
    /// Make the actor's posture one step more hostile (cooperative →
    /// neutral → guarded → hostile), whatever it is; a hostile actor stays so.
    Harden(String),
    /// Make the actor's posture one step less hostile; a cooperative actor
    /// stays so.
    Soften(String),
    /// Move the dyad between two actors (either order) by this many rungs
    /// (clamped); the crisis level follows. Inside an option aimed at an
    /// actor, `Escalate(n)` means this for the deciding team's actor and
    /// the target.
    EscalateDyad(String, String, i32),
}

/// How a non-player actor responds (the adjudication). A rule fires at most
/// once: the first time its condition holds, its chance is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    pub id: String,
    pub actor: String,
    #[serde(default)]
    pub description: String,
    pub when: Condition,
    /// Probability that the rule fires once its condition holds.
    #[serde(default = "one")]
    pub chance: f64,
    pub effects: Vec<Effect>,
}

fn one() -> f64 {
    1.0
}

/// An outcome the exercise can end in. Endings are checked in order at the
/// end of every minute; the first that holds ends the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub id: String,
    pub title: String,
    pub description: String,
    pub when: Condition,
}
