//! The ECS data of a session: components on the inject, team and reaction
//! entities, resources for the rest, and the `Index` that maps scenario ids
//! to declaration indices and entities.

use std::collections::BTreeMap;
use std::sync::Arc;

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use sitroom_scenario::{Effect, Minutes, Posture, Scenario};

use crate::attribution::CaseBelief;
use crate::compiled::{Reads, reads};
use crate::event::{Event, LogEntry};
use crate::input::{Input, InputError};
use crate::view::{NoteView, Outcome};

/// Declaration index of an inject entity.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct InjectIdx(pub usize);

/// Declaration index of a team entity.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TeamIdx(pub usize);

/// Declaration index of a reaction-rule entity.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReactionIdx(pub usize);

/// Where an inject is in its life.
#[derive(Component, Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub status: Status,
    /// Held by the facilitator: not released until unheld.
    pub held: bool,
    /// Released at this minute or later by a follow-up or `Effect::Release`.
    pub due: Option<Minutes>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Released(Minutes),
    Cancelled,
}

impl Release {
    pub fn released_at(&self) -> Option<Minutes> {
        match self.status {
            Status::Released(at) => Some(at),
            _ => None,
        }
    }
}

/// The decision an inject carries, once per decision inject.
#[derive(Component, Debug, Clone, PartialEq, Default)]
pub struct DecisionState {
    /// Set when the inject is released.
    pub opened_at: Option<Minutes>,
    pub deadline_at: Minutes,
    /// The deadline passed (defaults and lapses applied).
    pub closed: bool,
    /// Team index → its choice.
    pub choices: BTreeMap<usize, Choice>,
    /// Teams that had not decided at the deadline and got no default.
    pub lapsed: Vec<usize>,
    /// Choices the facilitator voided, oldest first.
    pub voided: Vec<Voided>,
}

impl DecisionState {
    pub fn is_open(&self) -> bool {
        self.opened_at.is_some() && !self.closed
    }

    /// Whether team `t` (one of the deciders) may still choose: the decision
    /// is open, the team has not chosen, has not lapsed, and its last voided
    /// choice (if any) was voided with the decision reopened. The one rule
    /// for "open for this team": inputs, deadlines and views call it.
    pub fn open_for(&self, t: usize) -> bool {
        self.is_open() && !self.choices.contains_key(&t) && !self.settled_without_choice(t)
    }

    /// The team lapsed, or its choice was voided and the decision kept
    /// closed for it: no default applies to it at the deadline.
    pub fn settled_without_choice(&self, t: usize) -> bool {
        self.lapsed.contains(&t)
            || self
                .voided
                .iter()
                .rev()
                .find(|v| v.team == t)
                .is_some_and(|v| !v.reopened)
    }
}

/// A choice the facilitator voided (taken in error).
#[derive(Debug, Clone, PartialEq)]
pub struct Voided {
    pub team: usize,
    /// The choice as it was.
    pub choice: Choice,
    /// The minute of the void.
    pub at: Minutes,
    /// Whether the decision was reopened for the team.
    pub reopened: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// Order in which choices were made over the whole session.
    pub seq: u64,
    /// Option index within the decision.
    pub option: usize,
    pub at: Minutes,
    pub defaulted: bool,
    pub rationale: Option<String>,
}

/// A team's beliefs, one per attribution case in declaration order.
#[derive(Component, Debug, Clone, PartialEq)]
pub struct Beliefs(pub Vec<CaseBelief>);

/// A reaction rule's state: spent the first time its condition holds.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rule {
    pub spent: bool,
    pub fired: bool,
}

/// The scenario, shared read-only by every system.
#[derive(Resource)]
pub struct Scn(pub Arc<Scenario>);

/// Id → index maps and precomputed audiences.
#[derive(Resource)]
pub struct Ids(pub Arc<Index>);

#[derive(Debug, Clone)]
pub struct Index {
    pub injects: Vec<Entity>,
    pub teams: Vec<Entity>,
    pub reactions: Vec<Entity>,
    pub inject: BTreeMap<String, usize>,
    pub team: BTreeMap<String, usize>,
    pub case: BTreeMap<String, usize>,
    pub variable: BTreeMap<String, usize>,
    pub actor: BTreeMap<String, usize>,
    /// Per inject: the teams it reaches (sorted team indices).
    pub recipients: Vec<Vec<usize>>,
    /// Per inject: the teams that decide its decision (sorted; empty without one).
    pub deciders: Vec<Vec<usize>>,
    /// Per team: the cases it keeps beliefs for (by case index).
    pub keeps: Vec<Vec<bool>>,
    /// Per team: whether it sees each variable (by variable index).
    pub sees_var: Vec<Vec<bool>>,
    /// Per case: the suspects' actor indices (`None` for an unknown actor).
    pub suspects: Vec<Vec<Option<usize>>>,
    /// Per team: the variable measuring its state's injury
    /// (`Scenario::injury_variable`).
    pub injury: Vec<Option<usize>>,
    /// Some variable names the state it measures the injury of: a state
    /// with none has suffered none (`Scenario::injury_per_state`).
    pub injury_per_state: bool,
    /// Per case: the prior over its suspects (`attribution::prior`).
    pub priors: Vec<Vec<f64>>,
    /// Triggers and conditions with their ids resolved (`compiled`).
    pub compiled: crate::compiled::Compiled,
    /// Per team: the injects its decision contexts look at — evidence of a
    /// case it keeps that reaches it, partner requests it decides
    /// (`scoring::watched`).
    pub watched: Vec<(Vec<usize>, Vec<usize>)>,
    /// The norms the scenario scores, with their weights
    /// (`sitroom_norms::selected_norms`), taken once.
    pub norms: Vec<(&'static sitroom_norms::Norm, f64)>,
}

impl Index {
    /// The id maps conditions are resolved by.
    pub fn maps(&self) -> crate::compiled::Maps<'_> {
        crate::compiled::Maps {
            inject: &self.inject,
            team: &self.team,
            case: &self.case,
            variable: &self.variable,
            actor: &self.actor,
        }
    }
}

impl Index {
    pub fn reaches(&self, inject: usize, team: usize) -> bool {
        self.recipients
            .get(inject)
            .is_some_and(|r| r.binary_search(&team).is_ok())
    }

    pub fn decides(&self, inject: usize, team: usize) -> bool {
        self.deciders
            .get(inject)
            .is_some_and(|r| r.binary_search(&team).is_ok())
    }

    /// The cases team `t` has heard of, per case: a team learns of a case
    /// when a released inject that reached it carries evidence on it, or
    /// when it decides a released inject whose options answer it (the
    /// options are shown to deciding teams only). `released(i)`: inject
    /// `i` is out.
    pub fn cases_heard(
        &self,
        sc: &sitroom_scenario::Scenario,
        t: usize,
        released: impl Fn(usize) -> bool,
    ) -> Vec<bool> {
        let mut known = vec![false; sc.cases.len()];
        for (i, inj) in sc.injects.iter().enumerate() {
            if !self.reaches(i, t) || !released(i) {
                continue;
            }
            let answered = self
                .decides(i, t)
                .then(|| inj.answered_cases())
                .into_iter()
                .flatten();
            for case in inj.evidence_cases().chain(answered) {
                if let Some(&c) = self.case.get(case)
                    && let Some(k) = known.get_mut(c)
                {
                    *k = true;
                }
            }
        }
        known
    }
}

/// What kind of step is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Minute 0 when the session is created: a tick without advancing.
    Start,
    /// One minute forward.
    Tick,
    /// Apply queued inputs at the current minute.
    Zero,
}

#[derive(Resource, Debug, Clone)]
pub struct Clock {
    pub now: Minutes,
    pub step: Step,
}

#[derive(Resource)]
pub struct Rng(pub ChaCha8Rng);

// `ChaCha8Rng` (chacha20 0.10) is not `Clone`; its whole state is the seed,
// the stream and the word position, which is also what its `PartialEq` compares.
impl Clone for Rng {
    fn clone(&self) -> Rng {
        let mut rng = ChaCha8Rng::from_seed(self.0.get_seed());
        rng.set_stream(self.0.get_stream());
        rng.set_word_pos(self.0.get_word_pos());
        Rng(rng)
    }
}

/// Variable values by declaration index.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Vars(pub Vec<i32>);

/// Escalation: index of the current rung, the crisis level. With dyads
/// it is the highest of `Dyads`; without, it is the general level itself.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ladder(pub usize);

/// Escalation kept per pair of actors (`escalation.dyads`): the general
/// level, which effects that act on no pair move, and each declared dyad's
/// own rung index, in declaration order. Without dyads, `pairs` is empty
/// and `general` is the ladder.
#[derive(Resource, Debug, Clone, PartialEq, Eq, Default)]
pub struct Dyads {
    pub general: usize,
    pub pairs: Vec<usize>,
}

impl Dyads {
    /// The crisis level: the highest rung of the general level and every dyad.
    pub fn crisis(&self) -> usize {
        self.pairs.iter().copied().fold(self.general, usize::max)
    }

    /// Where dyad `d` stands: its own rung, never below the general level
    /// (the crisis every pair shares); it climbs from there.
    pub fn level(&self, d: usize) -> Option<usize> {
        self.pairs.get(d).map(|&p| p.max(self.general))
    }
}

/// Actor postures by declaration index.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Postures(pub Vec<Posture>);

/// Inputs waiting for the next zero-length step, and their results.
#[derive(Resource, Default, Clone)]
pub struct Inbox {
    pub queue: Vec<Input>,
    pub results: Vec<Result<(), InputError>>,
}

/// What the Triggers phase and the jump's look-ahead look at, so that they
/// need not walk every inject every minute. Each list may hold more than it
/// must (released, cancelled or closed ones are dropped as they are met),
/// which is all its readers need, so none of it is part of the state hash.
#[derive(Resource, Default, Clone)]
pub struct Waiting {
    /// `Compiled::scanned`, less the injects met released or cancelled;
    /// in declaration order (a `When` may draw a `Chance`, and the order
    /// of draws is part of the state).
    pub scanned: Vec<usize>,
    /// (minute, inject): an `At` or `After` trigger met from that minute on,
    /// or the minute an effect or a follow-up set the inject due.
    pub alarms: std::collections::BinaryHeap<std::cmp::Reverse<(Minutes, usize)>>,
    /// Injects whose alarm rang while they were held: released at the
    /// first tick they are not.
    pub held: Vec<usize>,
    /// Decision injects that may be open, in declaration order (deadlines
    /// close in that order).
    pub open: Vec<usize>,
    /// What conditions read besides releases, as the last tick saw it.
    pub seen: Seen,
    /// The injects of `scanned` that sleep (`Compiled::steady`).
    pub sleeping: Sleepers,
    /// The reactions not known spent whose condition is evaluated at every
    /// tick, in declaration order (the others sleep, `Compiled::reactions_steady`).
    pub reacting: Vec<usize>,
    /// The sleeping reactions.
    pub sleeping_reactions: Sleepers,
    /// What conditions read besides releases, as the last Reactions phase saw it.
    pub seen_by_reactions: Seen,
    /// This tick released an inject a condition names (so the next minute
    /// may see it true).
    pub unsettled: bool,
    /// After the last tick, only time can change anything until the next
    /// minute `Session::next_change` finds: no condition to be evaluated
    /// reads anything that changed since it was (`schedule::settled`).
    pub settled: bool,
    /// Nothing sleeps and no changed minute is settled: every condition is
    /// evaluated at every tick (`Session::naive`, the tests' reference).
    pub naive: bool,
}

/// What a compiled condition reads besides the clock and the generator:
/// variables, the ladder, postures, beliefs, and (by their counts) the
/// choices made and voided. A release wakes the conditions naming it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seen {
    pub init: bool,
    pub vars: Vec<i32>,
    pub ladder: usize,
    /// The general level and each dyad's own rung (`Dyads`).
    pub dyads: (usize, Vec<usize>),
    pub postures: Vec<Posture>,
    /// Per team, per case: kept (1 or 0), the number of suspects, the probabilities.
    pub beliefs: Vec<f64>,
    pub made: usize,
    pub voids: u64,
}

impl Seen {
    /// What of the state as `facts` show it, and of the choices made so far
    /// (`made` of them, `voids` voided; `decided(k)`: the decision inject of
    /// the `k`-th), differs from what was seen, as the bits conditions read
    /// (`compiled::Reads`); everything before anything was seen.
    pub fn diff(
        &self,
        facts: &Facts,
        made: usize,
        voids: u64,
        decided: impl Fn(usize) -> usize,
    ) -> Reads {
        if !self.init
            || made < self.made
            || self.vars.len() != facts.vars.0.len()
            || self.postures.len() != facts.postures.0.len()
        {
            return reads::EVERYTHING;
        }
        let mut changed: Reads = 0;
        if self.voids != voids {
            changed |= reads::ALL_CHOICES;
        }
        for k in self.made..made {
            changed |= reads::choices(decided(k));
        }
        if self.ladder != facts.ladder.0 {
            changed |= reads::LADDER;
        }
        if self.dyads.0 != facts.dyads.general || self.dyads.1 != facts.dyads.pairs {
            changed |= reads::DYADS;
        }
        for (v, (a, b)) in self.vars.iter().zip(&facts.vars.0).enumerate() {
            if a != b {
                changed |= reads::var(v);
            }
        }
        for (p, (a, b)) in self.postures.iter().zip(&facts.postures.0).enumerate() {
            if a != b {
                changed |= reads::posture(p);
            }
        }
        if !self.same_beliefs(facts, facts.ids.0.as_ref()) {
            changed |= reads::BELIEFS;
        }
        changed
    }

    /// Takes in the state (as [`Seen::diff`] reads it); what differed.
    pub fn update(
        &mut self,
        facts: &Facts,
        made: usize,
        voids: u64,
        decided: impl Fn(usize) -> usize,
    ) -> Reads {
        let changed = self.diff(facts, made, voids, decided);
        if changed != 0 {
            self.init = true;
            self.made = made;
            self.voids = voids;
            self.ladder = facts.ladder.0;
            self.dyads.0 = facts.dyads.general;
            self.dyads.1.clone_from(&facts.dyads.pairs);
            self.vars.clone_from(&facts.vars.0);
            self.postures.clone_from(&facts.postures.0);
            if changed & reads::BELIEFS != 0 {
                self.beliefs.clear();
                let ids = facts.ids.0.as_ref();
                for b in ids.teams.iter().filter_map(|&e| facts.beliefs.get(e).ok()) {
                    for cb in &b.0 {
                        self.beliefs.push(f64::from(u8::from(cb.kept)));
                        self.beliefs.push(cb.probs.len() as f64);
                        self.beliefs.extend_from_slice(&cb.probs);
                    }
                }
            }
        }
        changed
    }

    fn same_beliefs(&self, facts: &Facts, ids: &Index) -> bool {
        let mut k = 0;
        for b in ids.teams.iter().filter_map(|&e| facts.beliefs.get(e).ok()) {
            for cb in &b.0 {
                let n = cb.probs.len();
                let Some(seen) = self.beliefs.get(k..k + 2 + n) else {
                    return false;
                };
                if seen[0] != f64::from(u8::from(cb.kept))
                    || seen[1] != n as f64
                    || seen[2..] != cb.probs[..]
                {
                    return false;
                }
                k += 2 + n;
            }
        }
        k == self.beliefs.len()
    }
}

/// Conditions found false that cannot turn true while what they read
/// stands still (steady: no `Chance`, no `Elapsed`): out of the list
/// evaluated every tick — they would be false again and draw nothing —
/// until a release they name or a change of the state they read wakes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sleepers {
    /// Per item (inject or reaction): asleep.
    pub asleep: Vec<bool>,
    /// The sleeping items whose condition reads more than releases, with
    /// what they read: woken when that changes (`Seen::update`).
    pub asleep_state: Vec<(usize, Reads)>,
    /// Woken since they were last put back: back in their list, in order,
    /// at its next evaluation.
    pub woken: Vec<usize>,
}

impl Sleepers {
    /// Puts item `i` to sleep.
    pub fn sleep(&mut self, i: usize, reads: Reads) {
        if self.asleep.len() <= i {
            self.asleep.resize(i + 1, false);
        }
        self.asleep[i] = true;
        if reads != 0 {
            self.asleep_state.push((i, reads));
        }
    }

    fn wake_one(&mut self, c: usize) {
        if let Some(a) = self.asleep.get_mut(c)
            && *a
        {
            *a = false;
            self.woken.push(c);
        }
    }

    /// Wakes the sleeping items whose condition names a released inject.
    pub fn released(&mut self, readers: &[usize]) {
        for &c in readers {
            self.wake_one(c);
        }
    }

    /// Wakes the sleeping items that read what `changed`, and puts every
    /// woken item back in `awake`, in order.
    pub fn wake(&mut self, changed: Reads, awake: &mut Vec<usize>) {
        if changed != 0 || !self.woken.is_empty() {
            // Those woken by a release leave the list too.
            let mut asleep = std::mem::take(&mut self.asleep_state);
            asleep.retain(|&(c, reads)| {
                if !self.asleep.get(c).copied().unwrap_or(false) {
                    return false;
                }
                if reads & changed == 0 {
                    return true;
                }
                self.wake_one(c);
                false
            });
            self.asleep_state = asleep;
        }
        if self.woken.is_empty() {
            return;
        }
        self.woken.sort_unstable();
        self.woken.dedup();
        let old = std::mem::take(awake);
        let mut merged = Vec::with_capacity(old.len() + self.woken.len());
        let (mut a, mut b) = (old.into_iter().peekable(), self.woken.drain(..).peekable());
        loop {
            match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x <= y => merged.extend(a.next()),
                (_, Some(_)) => merged.extend(b.next()),
                (Some(_), None) => merged.extend(a.next()),
                (None, None) => break,
            }
        }
        merged.dedup();
        *awake = merged;
    }
}

impl Waiting {
    /// Adds decision `d` to those that may be open, in order.
    pub fn opened(&mut self, d: usize) {
        if let Err(k) = self.open.binary_search(&d) {
            self.open.insert(k, d);
        }
    }
}

/// Injects to release in this step's Releases phase.
#[derive(Resource, Default, Clone)]
pub struct ToRelease(pub Vec<usize>);

/// Injects released in this step, for attribution.
#[derive(Resource, Default, Clone)]
pub struct JustReleased(pub Vec<usize>);

/// Effects to apply in this step's Effects phase, in order.
#[derive(Resource, Default, Clone)]
pub struct EffectQueue(pub Vec<Effect>);

/// The next choice's sequence number.
#[derive(Resource, Default, Clone)]
pub struct Seq(pub u64);

/// The session log, with the number of its entries the state hash counts
/// (`Event::counted`).
#[derive(Resource, Default, Clone)]
pub struct Log {
    pub entries: Vec<LogEntry>,
    pub counted: usize,
}

impl Log {
    pub fn push(&mut self, at: Minutes, event: Event) {
        self.counted += usize::from(event.counted());
        self.entries.push(LogEntry { at, event });
    }
}

#[derive(Resource, Default, Clone)]
pub struct Ended(pub Option<Outcome>);

#[derive(Resource, Default, Clone)]
pub struct Notes(pub Vec<NoteView>);

/// The facilitator's overrides of `sees.board`, team index → shown.
#[derive(Resource, Default, Clone)]
pub struct Boards(pub std::collections::BTreeMap<usize, bool>);

/// The injects written during the session, in the order written.
#[derive(Resource, Default, Clone)]
pub struct Live(pub Vec<LiveInject>);

#[derive(Debug, Clone, PartialEq)]
pub struct LiveInject {
    /// Its declaration index (after the scenario's own injects).
    pub inject: usize,
    pub at: Minutes,
    pub written: crate::improvise::ImprovisedInject,
}

impl Live {
    /// Whether option `option` of inject `inject` is an improvised option
    /// written without a response kind: its choice is recorded, not scored.
    pub fn unkinded(&self, inject: usize, option: usize) -> bool {
        self.0.iter().any(|l| {
            l.inject == inject
                && l.written
                    .decision
                    .as_ref()
                    .and_then(|d| d.options.get(option))
                    .is_some_and(|o| o.response.is_none())
        })
    }
}

/// Read access to everything conditions look at.
#[derive(SystemParam)]
pub struct Facts<'w, 's> {
    pub scn: Res<'w, Scn>,
    pub ids: Res<'w, Ids>,
    pub clock: Res<'w, Clock>,
    pub vars: Res<'w, Vars>,
    pub ladder: Res<'w, Ladder>,
    pub dyads: Res<'w, Dyads>,
    pub postures: Res<'w, Postures>,
    pub releases: Query<'w, 's, &'static Release>,
    pub decisions: Query<'w, 's, &'static DecisionState>,
    pub beliefs: Query<'w, 's, &'static Beliefs>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sleeper wakes for a change of what it reads, and for nothing else.
    #[test]
    fn sleepers_wake_only_for_what_they_read() {
        let mut s = Sleepers::default();
        let mut awake = vec![0, 5];
        s.sleep(1, reads::var(0));
        s.sleep(2, reads::posture(3) | reads::LADDER);
        s.sleep(3, 0); // reads releases alone
        s.wake(reads::var(1) | reads::DYADS | reads::BELIEFS, &mut awake);
        assert_eq!(awake, [0, 5]);
        s.wake(reads::LADDER, &mut awake);
        assert_eq!(awake, [0, 2, 5]);
        s.wake(reads::EVERYTHING, &mut awake);
        assert_eq!(awake, [0, 1, 2, 5], "3 waits for a release it names");
        s.released(&[3]);
        s.wake(0, &mut awake);
        assert_eq!(awake, [0, 1, 2, 3, 5]);
        assert!(s.asleep_state.is_empty());
        // One woken by a release leaves the state sleepers' list.
        s.sleep(4, reads::BELIEFS);
        s.released(&[4]);
        s.wake(0, &mut awake);
        assert!(s.asleep_state.is_empty(), "{:?}", s.asleep_state);
    }

    /// Every bit a condition can read is distinct from the fixed ones, and a
    /// decision's choices fall within `ALL_CHOICES` (which a void sets).
    #[test]
    fn read_bits_fold_without_touching_the_fixed_ones() {
        let fixed = reads::LADDER | reads::DYADS | reads::BELIEFS;
        for i in 0..200 {
            for bit in [reads::var(i), reads::posture(i), reads::choices(i)] {
                assert_eq!(bit.count_ones(), 1);
                assert_eq!(bit & fixed, 0);
            }
            assert_ne!(reads::choices(i) & reads::ALL_CHOICES, 0);
            assert_eq!(reads::var(i) & reads::ALL_CHOICES, 0);
            assert_eq!(reads::posture(i) & reads::ALL_CHOICES, 0);
        }
    }
}
