use std::collections::BTreeMap;
use std::sync::Arc;

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::ScheduleBuildSettings;
use sitroom_scenario::{Minutes, Scenario, Truth};

use crate::attribution::CaseBelief;
use crate::clock;
use crate::compiled::{Fire, Timing};
use crate::event::{EndedBy, LogEntry};
use crate::hash::{Encoder, StateHash};
use crate::improvise::{self, ImprovisedInject};
use crate::input::{Input, InputError};
use crate::schedule;
use crate::scoring::{self, Decided, Scoring};
use crate::seat::{Countdown, Headline, RoomView, Seat, SeatView};
use crate::state::{
    Beliefs, Boards, Clock, DecisionState, Dyads, EffectQueue, Ended, Inbox, Index, JustReleased,
    Ladder, Live, LiveInject, Log, Notes, Postures, Release, Rng, Rule, Seq, Status, Step,
    ToRelease, Vars, Waiting,
};
use crate::view::*;
use crate::world::{append_inject, populate};

/// One playthrough of a scenario with a seed. Not `Clone` (a bevy `World`
/// is not); [`Session::fork`] makes an exact copy.
pub struct Session {
    scenario: Arc<Scenario>,
    seed: u64,
    world: World,
    schedule: schedule::Schedules,
    index: Arc<Index>,
    /// The last step changed nothing but the clock (no input since, no log
    /// entry, not over), or changed nothing a condition still to be
    /// evaluated reads (`Waiting::settled`): until a time-based rule comes
    /// due, minutes only pass, and `advance` may jump them (`next_change`).
    quiet: bool,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("scenario", &self.scenario.meta.id)
            .field("seed", &self.seed)
            .field("now", &self.now())
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Starts a session and runs minute 0 (releases `At(0)` injects).
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Session {
        let mut world = World::new();
        let index = populate(&mut world, &scenario, seed);
        let schedule = schedule::build(ScheduleBuildSettings::default());
        let mut session = Session {
            scenario,
            seed,
            world,
            schedule,
            index,
            quiet: false,
        };
        session.run(Step::Start);
        session
    }

    /// Starts over as `Session::new(scenario, seed)` would, reusing this
    /// session's world, index and schedule when it plays the same scenario
    /// (the same `Arc`) and no inject was written during it: nothing is
    /// rebuilt, every component and resource is put back at its initial
    /// value. The state is the same as a new session's (a test compares
    /// hashes on every shipped script). For batch runners, one session per
    /// thread.
    pub fn restart(&mut self, scenario: &Arc<Scenario>, seed: u64) {
        let reusable = Arc::ptr_eq(scenario, &self.scenario)
            && self.index.injects.len() == scenario.injects.len();
        let numbers_only = self.res::<Scoring>().numbers_only;
        if !reusable {
            *self = Session::new(Arc::clone(scenario), seed);
            self.world.resource_mut::<Scoring>().numbers_only = numbers_only;
            return;
        }
        crate::world::reset(&mut self.world, &self.scenario, &self.index, seed);
        self.world.resource_mut::<Scoring>().numbers_only = numbers_only;
        self.seed = seed;
        self.quiet = false;
        self.run(Step::Start);
    }

    /// From now on, and across restarts, scores carry no reasons: every
    /// evaluation's grade, score and breach as ever, its reason empty. For a
    /// batch, which keeps numbers and grades alone; the views, the record
    /// and the reveal of such a session have no reasons to show.
    pub fn numbers_only(&mut self) {
        self.world.resource_mut::<Scoring>().numbers_only = true;
    }

    /// From now on (until a restart) no condition sleeps and no minute
    /// that changed something is jumped from: every trigger, reaction and
    /// ending is evaluated at every tick, as the rules are written. The
    /// reference the tests compare the sleeping and jumping engine against;
    /// the state is the same, only slower to reach.
    #[doc(hidden)]
    pub fn naive(&mut self) {
        self.world.resource_mut::<Waiting>().naive = true;
    }

    /// An exact copy: same scenario, seed and state (generator position
    /// included), so both evolve identically under the same inputs and
    /// `fork().state_hash() == state_hash()`. For the replay viewer's
    /// checkpoints; costs about as much as `Session::new`.
    pub fn fork(&self) -> Session {
        let mut world = World::new();
        // Same scenario, same declaration order: same entity layout, which
        // is addressed below by declaration index, never by entity id.
        let index = populate(&mut world, &self.scenario, self.seed);
        copy_entities(&self.world, &self.index, &mut world, &index);
        copy_resources(&self.world, &mut world);
        Session {
            scenario: Arc::clone(&self.scenario),
            seed: self.seed,
            world,
            schedule: schedule::build(ScheduleBuildSettings::default()),
            index,
            // Conservative: the fork ticks its next minute (the result is
            // the same either way).
            quiet: false,
        }
    }

    fn run(&mut self, step: Step) {
        self.world.resource_mut::<Clock>().step = step;
        // ok: `Schedule::run` panics only if the schedule cannot be built; the
        // unit tests in `schedule` build it with ambiguity detection as errors.
        self.schedule.run(&mut self.world, step);
    }

    /// The world, for the crate's unit tests.
    #[cfg(test)]
    pub(crate) fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    fn res<R: Resource>(&self) -> &R {
        // ok: every resource is inserted by `populate` and never removed.
        self.world.resource::<R>()
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn now(&self) -> Minutes {
        self.res::<Clock>().now
    }

    pub fn is_over(&self) -> bool {
        self.res::<Ended>().0.is_some()
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.res::<Ended>().0.as_ref()
    }

    /// Applies an input at the current minute in a zero-length step (the
    /// clock does not move). A refused input changes nothing.
    pub fn submit(&mut self, input: Input) -> Result<(), InputError> {
        if let Input::Improvise { inject } = &input {
            self.append_improvised(inject)?;
        }
        {
            let mut inbox = self.world.resource_mut::<Inbox>();
            inbox.queue.push(input);
            inbox.results.clear();
        }
        self.run(Step::Zero);
        self.quiet = false;
        let mut inbox = self.world.resource_mut::<Inbox>();
        // The Inputs phase answers every queued input; no answer would be a bug, reported as over.
        inbox.results.pop().unwrap_or(Err(InputError::SessionOver))
    }

    /// The structural half of `Input::Improvise`, which systems cannot do
    /// (the scenario and the index are shared read-only): checks the inject,
    /// appends it to the session's scenario as `live-N` and adds its entity.
    /// The Inputs phase then releases it, as the last inject, like any input.
    /// A refused inject changes nothing.
    fn append_improvised(&mut self, written: &ImprovisedInject) -> Result<(), InputError> {
        if self.is_over() {
            return Err(InputError::SessionOver);
        }
        let id = improvise::next_id(&self.scenario);
        let inject = improvise::build(&self.scenario, written, id)?;
        let mut scenario = Scenario::clone(&self.scenario);
        scenario.injects.push(inject);
        let scenario = Arc::new(scenario);
        self.index = append_inject(&mut self.world, &scenario, &self.index);
        self.scenario = scenario;
        let at = self.now();
        self.world.resource_mut::<Live>().0.push(LiveInject {
            inject: self.scenario.injects.len() - 1,
            at,
            written: written.clone(),
        });
        Ok(())
    }

    /// Submits a stamped input: advances to its minute first. Refuses a
    /// minute already passed.
    pub fn submit_at(&mut self, stamped: crate::Stamped) -> Result<(), InputError> {
        let now = self.now();
        if stamped.at < now {
            return Err(InputError::InThePast {
                at: stamped.at,
                now,
            });
        }
        self.advance(stamped.at - now);
        self.submit(stamped.input)
    }

    /// Runs one minute. Returns whether anything happened (a log entry or
    /// the end); does nothing once the session is over.
    pub fn tick(&mut self) -> bool {
        if self.is_over() {
            return false;
        }
        let (counted, all) = {
            let log = self.res::<Log>();
            (log.counted, log.entries.len())
        };
        self.run(Step::Tick);
        let log = self.res::<Log>();
        let (event, changed) = (log.counted > counted, log.entries.len() > all);
        // A minute that changed something is followed by one that may see
        // it, unless no condition evaluated then reads what changed.
        self.quiet = !self.is_over() && (!changed || self.res::<Waiting>().settled);
        self.is_over() || event
    }

    /// Runs `minutes` minutes; stops when the session ends. Idle minutes —
    /// those before the next time-based rule can come due, while nothing
    /// else changes — are jumped rather than ticked; the state is the same
    /// as ticking each (a test compares both on every shipped script).
    pub fn advance(&mut self, minutes: Minutes) {
        let target = self.now().saturating_add(minutes);
        while !self.is_over() && self.now() < target {
            self.skip_idle(target);
            self.tick();
        }
    }

    /// Runs minutes until something happens (a release, a deadline, a
    /// reaction, the end), jumping idle ones. Returns the minutes advanced.
    pub fn advance_to_next_event(&mut self) -> Minutes {
        let start = self.now();
        while !self.is_over() {
            self.skip_idle(Minutes::MAX);
            if self.tick() {
                break;
            }
        }
        self.now() - start
    }

    /// Runs minutes until one in which something happens (what [`Session::tick`]
    /// reports: a counted log entry or the end) or until minute `limit`,
    /// jumping idle ones. Returns whether the last minute run had something
    /// happen; `false` when `limit` was reached quietly (or was not ahead).
    pub fn advance_until_event(&mut self, limit: Minutes) -> bool {
        while !self.is_over() && self.now() < limit {
            self.skip_idle(limit);
            if self.tick() {
                return true;
            }
        }
        false
    }

    /// When the session is quiet, moves the clock to just before the next
    /// minute at which anything can change (at most to `target - 1`): the
    /// minutes in between would only have advanced the clock.
    fn skip_idle(&mut self, target: Minutes) {
        if !self.quiet {
            return;
        }
        let now = self.now();
        let next = self.next_change().unwrap_or(target).min(target);
        if next > now.saturating_add(1) {
            self.world.resource_mut::<Clock>().now = next - 1;
        }
    }

    /// The earliest minute after now at which a tick of a quiet session can
    /// do anything: a timed, delayed or due release, a deadline, an
    /// `Elapsed` threshold of a live condition, the end of the duration —
    /// or the next minute, when a live condition draws a `Chance` (its
    /// draws must happen every minute, as ticking does them).
    pub fn next_change(&self) -> Option<Minutes> {
        if self.is_over() {
            return None;
        }
        let sc = self.scenario.as_ref();
        let ids = &self.index;
        let now = self.now();
        let soon = now.saturating_add(1);
        let mut next = sc.meta.duration.max(soon);
        let mut consider = |m: Minutes| next = next.min(m.max(soon));
        // A condition's truth changes with time only at its `Elapsed`
        // thresholds; a `Chance` is drawn at every evaluation.
        let mut chance = false;
        let mut timed = |timing: &Timing, consider: &mut dyn FnMut(Minutes)| {
            chance |= timing.chance;
            for &m in &timing.elapsed {
                if m > now {
                    consider(m);
                }
            }
        };
        let waiting = self.res::<Waiting>();
        // Timed triggers: the earliest alarm (one rung already is released
        // at the next tick, or waits for a hold to end, which is an input).
        if let Some(std::cmp::Reverse((at, _))) = waiting.alarms.peek() {
            consider(*at);
        }
        for &i in &waiting.scanned {
            let Some(r) = self.world.get::<Release>(ids.injects[i]) else {
                continue;
            };
            let Some(fire) = ids.compiled.triggers.get(i) else {
                continue;
            };
            if r.status != Status::Pending || r.held {
                continue;
            }
            if let Some(d) = r.due {
                consider(d);
            }
            match fire {
                Fire::At(t) => consider(*t),
                Fire::After(other, delay) => {
                    if let Some(at) = other
                        .and_then(|o| self.world.get::<Release>(ids.injects[o]))
                        .and_then(Release::released_at)
                    {
                        consider(at.saturating_add(*delay));
                    }
                }
                Fire::When(_, timing) => timed(timing, &mut consider),
                Fire::Manual => {}
            }
        }
        for &i in &waiting.open {
            // Decisions of released injects: their deadlines.
            if let Some(d) = self.world.get::<DecisionState>(ids.injects[i])
                && d.is_open()
            {
                consider(d.deadline_at);
            }
        }
        // The reactions evaluated at every tick: a sleeping one is steady
        // (no `Elapsed`, no `Chance`) and has no timing to consider.
        for &r in &waiting.reacting {
            let Some((_, timing)) = ids.compiled.reactions.get(r) else {
                continue;
            };
            let spent = self
                .world
                .get::<Rule>(ids.reactions[r])
                .is_none_or(|rule| rule.spent);
            if !spent {
                timed(timing, &mut consider);
            }
        }
        for (_, timing) in &ids.compiled.endings {
            timed(timing, &mut consider);
        }
        if chance {
            return Some(soon);
        }
        Some(next)
    }

    /// Every (team, decision) that closed with the team undecided and no
    /// default, in declaration order (cheap: no view is built).
    pub fn lapses(&self) -> Vec<(String, String)> {
        let sc = &self.scenario;
        let mut out = Vec::new();
        for (d, inj) in sc.injects.iter().enumerate() {
            if let Some(state) = self.world.get::<DecisionState>(self.index.injects[d]) {
                for &t in &state.lapsed {
                    if let Some(team) = sc.teams.get(t) {
                        out.push((team.id.clone(), inj.id.clone()));
                    }
                }
            }
        }
        out
    }

    /// Every open decision for every team that may still take it — what
    /// [`Session::open_decisions`] lists, in its order (decisions in
    /// declaration order, then their deciding teams) — as (team id,
    /// decision id, the decision's options), without building views: for
    /// policies that answer many decisions.
    pub fn open_choices(&self) -> Vec<(&str, &str, &[sitroom_scenario::DecisionOption])> {
        let sc = self.scenario.as_ref();
        let mut out = Vec::new();
        for (d, inj) in sc.injects.iter().enumerate() {
            let Some(dec) = inj.decision.as_ref() else {
                continue;
            };
            let Some(state) = self.world.get::<DecisionState>(self.index.injects[d]) else {
                continue;
            };
            if state.opened_at.is_none() || state.closed {
                continue;
            }
            for &t in &self.index.deciders[d] {
                if state.open_for(t) {
                    out.push((sc.teams[t].id.as_str(), inj.id.as_str(), &dec.options[..]));
                }
            }
        }
        out
    }

    pub fn open_decisions(&self) -> Vec<OpenDecision> {
        (0..self.scenario.injects.len())
            .filter_map(|d| self.open_decision(d, None))
            .collect()
    }

    /// The decision carried by inject `d` if it is open, with the teams (or
    /// only `team`, with the cases it has heard of) that have not decided yet.
    fn open_decision(&self, d: usize, team: Option<(usize, &[bool])>) -> Option<OpenDecision> {
        let inj = &self.scenario.injects[d];
        let dec = inj.decision.as_ref()?;
        let state = self.world.get::<DecisionState>(self.index.injects[d])?;
        let opened_at = state.opened_at?;
        if state.closed {
            return None;
        }
        let teams: Vec<String> = self.index.deciders[d]
            .iter()
            .filter(|&&t| state.open_for(t) && team.is_none_or(|(x, _)| x == t))
            .map(|&t| self.scenario.teams[t].id.clone())
            .collect();
        if teams.is_empty() {
            return None;
        }
        Some(OpenDecision {
            decision: inj.id.clone(),
            title: inj.title.clone(),
            prompt: dec.prompt.clone(),
            teams,
            opened_at,
            deadline_at: state.deadline_at,
            options: dec
                .options
                .iter()
                .map(|o| OptionView {
                    id: o.id.clone(),
                    label: o.label.clone(),
                    description: o.description.clone(),
                    judge: team.and_then(|(t, heard)| self.judgement_asked(t, heard, o)),
                })
                .collect(),
            default: dec.default.clone(),
        })
    }

    /// The judgement team `t` is asked to state before taking option `o`:
    /// a measure aimed at a suspect that needs an attribution (the norm
    /// catalogue's attribution standard) acts on a case — the one it
    /// names, the first of those it covers that the team has not judged,
    /// else the first case the team has heard of that lists the target.
    fn judgement_asked(
        &self,
        t: usize,
        heard: &[bool],
        o: &sitroom_scenario::DecisionOption,
    ) -> Option<JudgeOn> {
        let sc = &self.scenario;
        let ids = &self.index;
        let target = o.target.as_deref()?;
        if sc.cases.is_empty() || !sitroom_norms::catalogue().needs_attribution(o.response) {
            return None;
        }
        let beliefs = self.world.get::<Beliefs>(ids.teams[t])?;
        let judgeable = |c: usize| {
            heard.get(c).copied().unwrap_or(false) && beliefs.0.get(c).is_some_and(|b| b.kept)
        };
        let stated = |c: usize| beliefs.0.get(c).is_some_and(|b| b.stated.is_some());
        let named: Vec<usize> = o
            .case
            .iter()
            .chain(&o.cases)
            .filter_map(|c| ids.case.get(c).copied())
            .collect();
        let case = if named.is_empty() {
            (0..sc.cases.len())
                .find(|&c| judgeable(c) && sc.cases[c].suspects.iter().any(|s| s == target))?
        } else {
            let open: Vec<usize> = named.into_iter().filter(|&c| judgeable(c)).collect();
            open.iter()
                .copied()
                .find(|&c| !stated(c))
                .or(open.first().copied())?
        };
        Some(JudgeOn {
            case: sc.cases[case].id.clone(),
            suspect: target.to_string(),
        })
    }

    /// Whether team `t` sees the engine's estimates: the facilitator's
    /// override, else the scenario's `sees.board`.
    fn board_shown(&self, t: usize) -> bool {
        self.res::<Boards>()
            .0
            .get(&t)
            .copied()
            .unwrap_or(self.scenario.teams[t].sees.board)
    }

    /// Team `team`'s view with the engine's estimates whatever its board:
    /// for the facilitator, reviewers and batch analysis, never for the team.
    pub fn team_view_with_estimates(&self, team: &str) -> Option<TeamView> {
        let &t = self.index.team.get(team)?;
        Some(self.team_view_of(t, true))
    }

    /// Team `team`'s estimates on the cases it has heard of, as
    /// `team_view_with_estimates(team)` lists them in `beliefs`: each case's
    /// id with its suspects' probabilities in declaration order, without
    /// building the view (for batch analysis).
    pub fn estimates(&self, team: &str) -> Option<Vec<(&str, &[f64])>> {
        let &t = self.index.team.get(team)?;
        let sc = self.scenario.as_ref();
        let ids = &self.index;
        let known = ids.cases_heard(sc, t, |i| {
            self.world
                .get::<Release>(ids.injects[i])
                .is_some_and(|r| r.released_at().is_some())
        });
        let follows = self.world.get::<Beliefs>(ids.teams[t])?;
        Some(
            follows
                .0
                .iter()
                .enumerate()
                .filter(|&(c, cb)| cb.kept && known.get(c).copied().unwrap_or(false))
                .map(|(c, cb)| (sc.cases[c].id.as_str(), cb.probs.as_slice()))
                .collect(),
        )
    }

    /// Every score so far, borrowed (what [`Session::scores`] copies).
    pub fn scored(&self) -> &[Score] {
        &self.res::<Scoring>().scores
    }

    /// What team `team` sees: its own view (the engine's estimates only
    /// when its board is shown).
    pub fn team_view(&self, team: &str) -> Option<TeamView> {
        let &t = self.index.team.get(team)?;
        Some(self.team_view_of(t, false))
    }

    /// A team's view; `full`: with the engine's estimates whatever the
    /// board (the facilitator's copy).
    fn team_view_of(&self, t: usize, full: bool) -> TeamView {
        let sc = &self.scenario;
        let ids = &self.index;
        let def = &sc.teams[t];
        let mut feed: Vec<FeedItem> = sc
            .injects
            .iter()
            .enumerate()
            .filter(|&(i, _)| ids.reaches(i, t))
            .filter_map(|(i, inj)| {
                let at = self.world.get::<Release>(ids.injects[i])?.released_at()?;
                Some(FeedItem {
                    inject: inj.id.clone(),
                    at,
                    title: inj.title.clone(),
                    channel: inj.channel,
                    from: inj.from.clone(),
                    text: inj.text.clone(),
                    decision: inj.decision.as_ref().map(|_| inj.id.clone()),
                })
            })
            .collect();
        feed.sort_by_key(|f| f.at); // stable: same minute keeps declaration order
        let mut made: Vec<(u64, MadeDecision)> = sc
            .injects
            .iter()
            .enumerate()
            .filter_map(|(d, inj)| {
                let dec = inj.decision.as_ref()?;
                let state = self.world.get::<DecisionState>(ids.injects[d])?;
                let c = state.choices.get(&t)?;
                let o = dec.options.get(c.option)?;
                Some((
                    c.seq,
                    MadeDecision {
                        decision: inj.id.clone(),
                        option: o.id.clone(),
                        label: o.label.clone(),
                        at: c.at,
                        defaulted: c.defaulted,
                        rationale: c.rationale.clone(),
                    },
                ))
            })
            .collect();
        made.sort_by_key(|(seq, _)| *seq);
        let mut lapsed = Vec::new();
        let mut voided = Vec::new();
        for (d, inj) in sc.injects.iter().enumerate() {
            let (Some(dec), Some(state)) = (
                inj.decision.as_ref(),
                self.world.get::<DecisionState>(ids.injects[d]),
            ) else {
                continue;
            };
            if state.lapsed.contains(&t) {
                lapsed.push(LapsedDecision {
                    decision: inj.id.clone(),
                    title: inj.title.clone(),
                    at: state.deadline_at,
                });
            }
            for v in state.voided.iter().filter(|v| v.team == t) {
                let o = dec.options.get(v.choice.option);
                voided.push(VoidedDecision {
                    decision: inj.id.clone(),
                    title: inj.title.clone(),
                    option: o.map_or_else(String::new, |o| o.id.clone()),
                    label: o.map_or_else(String::new, |o| o.label.clone()),
                    chosen_at: v.choice.at,
                    defaulted: v.choice.defaulted,
                    rationale: v.choice.rationale.clone(),
                    at: v.at,
                    reopened: v.reopened,
                });
            }
        }
        lapsed.sort_by_key(|l| l.at);
        voided.sort_by_key(|v| v.at);
        let known = ids.cases_heard(sc, t, |i| {
            self.world
                .get::<Release>(ids.injects[i])
                .is_some_and(|r| r.released_at().is_some())
        });
        let vars = self.res::<Vars>();
        let variables = sc
            .variables
            .iter()
            .enumerate()
            .filter(|&(v, _)| ids.sees_var[t][v])
            .map(|(v, def)| VariableView {
                id: def.id.clone(),
                name: def.name.clone(),
                value: vars.0[v],
                min: def.min,
                max: def.max,
            })
            .collect();
        let board = self.board_shown(t);
        let follows = self.world.get::<Beliefs>(ids.teams[t]);
        let heard = |c: usize, cb: &CaseBelief| cb.kept && known.get(c).copied().unwrap_or(false);
        let suspect_name = |c: usize, k: usize| {
            let s = &sc.cases[c].suspects[k];
            ids.suspects[c]
                .get(k)
                .copied()
                .flatten()
                .map_or_else(|| s.clone(), |a| sc.actors[a].name.clone())
        };
        let mut cases = Vec::new();
        let mut assessments = Vec::new();
        for (c, cb) in follows.iter().flat_map(|b| b.0.iter().enumerate()) {
            if !heard(c, cb) {
                continue;
            }
            let case = &sc.cases[c];
            cases.push(CaseRef {
                case: case.id.clone(),
                incident: case.incident.clone(),
                suspects: (0..case.suspects.len())
                    .map(|k| (case.suspects[k].clone(), suspect_name(c, k)))
                    .collect(),
                evidence: cb.evidence,
            });
            if let Some(j) = cb.stated {
                assessments.push(AssessmentView {
                    case: case.id.clone(),
                    incident: case.incident.clone(),
                    suspect: case.suspects[j.suspect].clone(),
                    name: suspect_name(c, j.suspect),
                    likelihood: j.likelihood,
                    confidence: j.confidence,
                    at: j.at,
                });
            }
        }
        let beliefs = follows
            .map(|b| {
                b.0.iter()
                    .enumerate()
                    .filter(|&(c, cb)| (full || board) && heard(c, cb))
                    .map(|(c, cb)| {
                        let case = &sc.cases[c];
                        CaseView {
                            case: case.id.clone(),
                            incident: case.incident.clone(),
                            suspects: case
                                .suspects
                                .iter()
                                .zip(&cb.probs)
                                .zip(&ids.suspects[c])
                                .map(|((s, &p), a)| SuspectView {
                                    actor: s.clone(),
                                    name: a
                                        .map_or_else(|| s.clone(), |a| sc.actors[a].name.clone()),
                                    probability: p,
                                    term: sitroom_norms::estimative_term(p).to_string(),
                                })
                                .collect(),
                            confidence: cb.confidence(),
                            evidence: cb.evidence,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        TeamView {
            team: def.id.clone(),
            name: def.name.clone(),
            actor: def.actor.clone(),
            now: self.now(),
            clock: self.clock(),
            duration: sc.meta.duration,
            feed,
            decisions: (0..sc.injects.len())
                .filter_map(|d| self.open_decision(d, Some((t, &known))))
                .collect(),
            made: made.into_iter().map(|(_, m)| m).collect(),
            lapsed,
            voided,
            variables,
            escalation: self.escalation(),
            dyads: self.dyads(Some(&def.actor)),
            beliefs,
            board,
            cases,
            assessments,
            scores: if sc.hide_scores && !self.is_over() {
                Vec::new()
            } else {
                self.scores_of(Some(&def.id))
            },
        }
    }

    fn scores_of(&self, team: Option<&str>) -> Vec<Score> {
        self.res::<Scoring>()
            .scores
            .iter()
            .filter(|s| team.is_none_or(|t| s.team == t))
            .cloned()
            .collect()
    }

    /// The number of scores so far, without copying them.
    pub fn score_count(&self) -> usize {
        self.res::<Scoring>().scores.len()
    }

    /// Every score so far, in the order the choices were made (the
    /// facilitator's view: never hidden).
    pub fn scores(&self) -> Vec<Score> {
        self.scores_of(None)
    }

    /// The scores with the truth-dependent re-scores of the reveal appended
    /// to each decision's evaluations (for the after-action review).
    pub fn revealed_scores(&self) -> Vec<Score> {
        let sc = self.scenario.as_ref();
        let truth: BTreeMap<String, Truth> = sc
            .cases
            .iter()
            .map(|c| (c.id.clone(), c.truth.clone()))
            .collect();
        let scoring = self.res::<Scoring>();
        let live = self.res::<Live>();
        scoring
            .contexts
            .iter()
            .zip(&scoring.scores)
            .map(|(p, s)| {
                let mut s = s.clone();
                if live.unkinded(p.snapshot.inject, p.option) {
                    return s;
                }
                if let Some(ctx) = scoring::context(sc, p, &scoring.past) {
                    let extra = sitroom_norms::reveal(&ctx, &truth);
                    s.unscored = s.unscored && extra.is_empty();
                    s.evaluations.extend(extra);
                }
                s
            })
            .collect()
    }

    fn clock(&self) -> String {
        clock::label(self.scenario.meta.start.as_deref(), self.now())
    }

    /// The current rung of the escalation ladder, the crisis level (cheap:
    /// no other view is built; the replay viewer samples it every minute
    /// something happens).
    pub fn escalation(&self) -> RungView {
        self.rung_view(self.res::<Ladder>().0)
    }

    fn rung_view(&self, index: usize) -> RungView {
        let rungs = &self.scenario.escalation.rungs;
        match rungs.get(index) {
            Some(r) => RungView {
                level: r.level,
                name: r.name.clone(),
                index,
                of: rungs.len(),
            },
            None => RungView {
                level: self.scenario.escalation.initial,
                name: String::new(),
                index: 0,
                of: 0,
            },
        }
    }

    /// The dyads, in declaration order; with `actor`, only that actor's.
    pub fn dyads(&self, actor: Option<&str>) -> Vec<DyadView> {
        let sc = &self.scenario;
        let name = |id: &str| {
            sc.actor(id)
                .map_or_else(|| id.to_string(), |a| a.name.clone())
        };
        sc.escalation
            .dyads
            .iter()
            .enumerate()
            .filter(|(_, d)| actor.is_none_or(|a| d.other(a).is_some()))
            .map(|(i, d)| DyadView {
                between: d.between.clone(),
                names: (name(&d.between.0), name(&d.between.1)),
                rung: self.rung_view(self.res::<Dyads>().level(i).unwrap_or(0)),
            })
            .collect()
    }

    /// Exactly what `seat` may see (see `seat` for the table). A team id
    /// that is not in the scenario sees nothing (`None`).
    pub fn seat_view(&self, seat: &Seat) -> Option<SeatView> {
        Some(match seat {
            Seat::Team(t) => SeatView::Team(self.team_view(t)?),
            Seat::Facilitator | Seat::Reviewer => SeatView::Facilitator(self.facilitator_view()),
            Seat::Room => SeatView::Room(self.room_view()),
        })
    }

    /// What the room screen may show everyone.
    pub fn room_view(&self) -> RoomView {
        let sc = &self.scenario;
        let ids = &self.index;
        let players: Vec<usize> = (0..sc.teams.len())
            .filter(|&t| sc.teams[t].player)
            .collect();
        let mut headlines: Vec<Headline> = sc
            .injects
            .iter()
            .enumerate()
            .filter(|(_, inj)| crate::seat::PUBLIC_CHANNELS.contains(&inj.channel))
            // Public only when every played team receives it: the room
            // screen must not tell one team what only another was told.
            .filter(|&(i, _)| players.iter().all(|&t| ids.reaches(i, t)))
            .filter_map(|(i, inj)| {
                let at = self.world.get::<Release>(ids.injects[i])?.released_at()?;
                Some(Headline {
                    inject: inj.id.clone(),
                    at,
                    channel: inj.channel,
                    from: inj.from.clone(),
                    title: inj.title.clone(),
                })
            })
            .collect();
        headlines.sort_by_key(|h| h.at);
        let open = self.open_decisions();
        let countdowns = sc
            .teams
            .iter()
            .filter_map(|t| {
                let mine: Vec<&OpenDecision> =
                    open.iter().filter(|d| d.teams.contains(&t.id)).collect();
                let deadline_at = mine.iter().map(|d| d.deadline_at).min()?;
                Some(Countdown {
                    team: t.id.clone(),
                    name: t.name.clone(),
                    open: mine.len(),
                    deadline_at,
                })
            })
            .collect();
        RoomView {
            title: sc.meta.title.clone(),
            now: self.now(),
            clock: self.clock(),
            duration: sc.meta.duration,
            escalation: self.escalation(),
            countdowns,
            headlines,
            outcome: self.outcome().cloned(),
        }
    }

    /// Everything, including the ground truth.
    pub fn facilitator_view(&self) -> FacilitatorView {
        let sc = &self.scenario;
        let vars = self.res::<Vars>();
        let postures = self.res::<Postures>();
        FacilitatorView {
            now: self.now(),
            clock: self.clock(),
            outcome: self.outcome().cloned(),
            teams: (0..sc.teams.len())
                .map(|t| self.team_view_of(t, true))
                .collect(),
            injects: sc
                .injects
                .iter()
                .enumerate()
                .map(|(i, inj)| InjectStatus {
                    inject: inj.id.clone(),
                    title: inj.title.clone(),
                    state: self.inject_state(i),
                })
                .collect(),
            variables: sc
                .variables
                .iter()
                .zip(&vars.0)
                .map(|(def, &value)| VariableView {
                    id: def.id.clone(),
                    name: def.name.clone(),
                    value,
                    min: def.min,
                    max: def.max,
                })
                .collect(),
            escalation: self.escalation(),
            dyads: self.dyads(None),
            postures: sc
                .actors
                .iter()
                .zip(&postures.0)
                .map(|(a, &p)| (a.id.clone(), p))
                .collect(),
            truth: sc
                .cases
                .iter()
                .map(|c| (c.id.clone(), c.truth.clone()))
                .collect(),
            open: self.open_decisions(),
            scores: self.scores(),
            notes: self.res::<Notes>().0.clone(),
            log: self.log().to_vec(),
            improvised: self.improvised().into_iter().cloned().collect(),
        }
    }

    /// The injects written during the session, in the order written, as the
    /// scenario injects they became (the last ones of `scenario()`).
    pub fn improvised(&self) -> Vec<&sitroom_scenario::Inject> {
        self.res::<Live>()
            .0
            .iter()
            .filter_map(|l| self.scenario.injects.get(l.inject))
            .collect()
    }

    fn inject_state(&self, i: usize) -> InjectState {
        let Some(r) = self.world.get::<Release>(self.index.injects[i]) else {
            return InjectState::Cancelled;
        };
        match r.status {
            Status::Released(at) => InjectState::Released { at },
            Status::Cancelled => InjectState::Cancelled,
            Status::Pending if r.held => InjectState::Held,
            Status::Pending => InjectState::Pending {
                due: scoring::due(&self.index, i, r, |o| {
                    self.world
                        .get::<Release>(self.index.injects[o])
                        .and_then(Release::released_at)
                }),
            },
        }
    }

    /// What happened so far, oldest first.
    pub fn log(&self) -> &[LogEntry] {
        &self.res::<Log>().entries
    }

    /// The number of log entries the state hash counts (`Event::counted`).
    fn log_counted(&self) -> usize {
        self.res::<Log>().counted
    }

    /// Decision contexts collected by the Scoring phase, oldest first.
    #[cfg(test)]
    pub(crate) fn contexts(&self) -> &[scoring::Pending] {
        &self.res::<Scoring>().contexts
    }

    /// SHA-256 over a canonical encoding of the whole state.
    pub fn state_hash(&self) -> StateHash {
        let mut e = Encoder::new();
        let ids = &self.index;
        e.u64(self.seed);
        e.u32(self.now());
        e.u128(self.res::<Rng>().0.get_word_pos());
        e.u64(self.res::<Seq>().0);
        for (i, &ent) in ids.injects.iter().enumerate() {
            e.usize(i);
            match self.world.get::<Release>(ent) {
                None => e.u8(0),
                Some(r) => {
                    match r.status {
                        Status::Pending => e.u8(1),
                        Status::Released(at) => {
                            e.u8(2);
                            e.u32(at);
                        }
                        Status::Cancelled => e.u8(3),
                    }
                    e.bool(r.held);
                    e.opt_u32(r.due);
                }
            }
            if let Some(d) = self.world.get::<DecisionState>(ent) {
                e.opt_u32(d.opened_at);
                e.u32(d.deadline_at);
                e.bool(d.closed);
                e.usize(d.choices.len());
                for (&t, c) in &d.choices {
                    e.usize(t);
                    e.u64(c.seq);
                    e.usize(c.option);
                    e.u32(c.at);
                    e.bool(c.defaulted);
                    e.opt_str(c.rationale.as_deref());
                }
                e.usize(d.lapsed.len());
                d.lapsed.iter().for_each(|&t| e.usize(t));
                // Encoded only when present, so that the hashes of journals
                // written before voids existed still verify.
                if !d.voided.is_empty() {
                    e.u8(0x56);
                    e.usize(d.voided.len());
                    for v in &d.voided {
                        e.usize(v.team);
                        e.u64(v.choice.seq);
                        e.usize(v.choice.option);
                        e.u32(v.choice.at);
                        e.bool(v.choice.defaulted);
                        e.u32(v.at);
                        e.bool(v.reopened);
                    }
                }
            }
        }
        let vars = &self.res::<Vars>().0;
        e.usize(vars.len());
        vars.iter().for_each(|&v| e.i32(v));
        e.usize(self.res::<Ladder>().0);
        // Hashed only when the ladder keeps dyads, so that the hashes of
        // sessions of scenarios without them are what they always were.
        let dyads = self.res::<Dyads>();
        if !dyads.pairs.is_empty() {
            e.usize(dyads.general);
            e.usize(dyads.pairs.len());
            dyads.pairs.iter().for_each(|&p| e.usize(p));
        }
        let postures = &self.res::<Postures>().0;
        e.usize(postures.len());
        postures.iter().for_each(|&p| e.u8(p as u8));
        for &ent in &ids.teams {
            if let Some(b) = self.world.get::<Beliefs>(ent) {
                e.usize(b.0.len());
                for cb in &b.0 {
                    e.bool(cb.kept);
                    e.u32(cb.weight);
                    e.usize(cb.evidence);
                    // Lines are hashed only when evidence is sourced or
                    // rated: without those fields they follow from the
                    // items seen, and journals written before them verify.
                    if cb
                        .lines
                        .iter()
                        .any(|l| !l.source.starts_with('#') || l.reliability.is_some())
                    {
                        e.usize(cb.lines.len());
                        for l in &cb.lines {
                            e.str(&l.source);
                            e.u32(l.weight);
                            e.u8(l.reliability.map_or(0, |r| r as u8 + 1));
                        }
                    }
                    e.usize(cb.probs.len());
                    cb.probs.iter().for_each(|&p| e.f64(p));
                    // Encoded only when stated, so that journals written
                    // before judgements existed still verify.
                    if let Some(j) = cb.stated {
                        e.u8(0x4a);
                        e.usize(j.suspect);
                        e.u8(j.likelihood as u8);
                        e.u8(j.confidence as u8);
                        e.u32(j.at);
                    }
                }
            }
        }
        for &ent in &ids.reactions {
            let rule = self.world.get::<Rule>(ent).copied().unwrap_or_default();
            e.bool(rule.spent);
            e.bool(rule.fired);
        }
        e.usize(self.log_counted());
        let notes = &self.res::<Notes>().0;
        e.usize(notes.len());
        for n in notes {
            e.u32(n.at);
            e.str(&n.decision);
            e.str(&n.team);
            e.u8(n.rating.map_or(0, |r| r as u8 + 1));
            e.str(&n.text);
        }
        // Objectives came with free observations: encoded only when a note
        // has one, so that every older journal's hashes stay as they were.
        if notes.iter().any(|n| n.objective.is_some()) {
            for n in notes {
                e.str(n.objective.as_deref().unwrap_or(""));
            }
        }
        // Likewise the norm a rating names.
        if notes.iter().any(|n| n.norm.is_some()) {
            e.u8(0x4e);
            for n in notes {
                e.str(n.norm.as_deref().unwrap_or(""));
            }
        }
        // The facilitator's board overrides, encoded only when there are any.
        let boards = &self.res::<Boards>().0;
        if !boards.is_empty() {
            e.u8(0x42);
            e.usize(boards.len());
            for (&t, &shown) in boards {
                e.usize(t);
                e.bool(shown);
            }
        }
        // Injects written during the session: encoded only when there are
        // any, so that every older journal's hashes stay as they were.
        let live = &self.res::<Live>().0;
        if !live.is_empty() {
            e.u8(0x4c);
            e.usize(live.len());
            for l in live {
                e.usize(l.inject);
                e.u32(l.at);
                let w = &l.written;
                e.str(&w.title);
                e.str(&w.text);
                e.str(&format!("{:?}", w.channel));
                e.str(&w.from);
                e.usize(w.audience.len());
                w.audience.iter().for_each(|t| e.str(t));
                match &w.decision {
                    None => e.u8(0),
                    Some(d) => {
                        e.u8(1);
                        e.str(&d.prompt);
                        e.u32(d.deadline);
                        e.usize(d.options.len());
                        for o in &d.options {
                            e.str(&o.label);
                            e.str(&o.description);
                            e.opt_str(o.response.map(|r| format!("{r:?}")).as_deref());
                        }
                    }
                }
            }
        }
        let scoring = self.res::<Scoring>();
        e.usize(scoring.contexts.len());
        e.usize(scoring.scores.len());
        for s in &scoring.scores {
            e.usize(s.evaluations.len());
            for ev in &s.evaluations {
                e.str(&ev.norm);
                e.u8(ev.score);
            }
        }
        match self.outcome() {
            None => e.u8(0),
            Some(o) => {
                e.u8(1);
                e.opt_str(o.ending.as_deref());
                // Format 1 and 2 hashes encode the title the engine used to
                // write; the strings stay as hash input only.
                e.str(match o.by {
                    EndedBy::Ending => &o.title,
                    EndedBy::Facilitator => "Ended by the facilitator",
                    EndedBy::TimeExpired => "Time expired",
                });
                e.u32(o.at);
            }
        }
        e.finish()
    }
}

/// Copies every component of the inject, team and reaction entities (the
/// `fork_copies_every_component_and_resource` test lists what exists).
fn copy_entities(src: &World, from: &Index, dst: &mut World, to: &Index) {
    fn copy<C: Component<Mutability = bevy_ecs::component::Mutable> + Clone>(
        src: &World,
        from: Entity,
        dst: &mut World,
        to: Entity,
    ) {
        let Ok(mut target) = dst.get_entity_mut(to) else {
            return;
        };
        match src.get::<C>(from) {
            Some(c) => {
                target.insert(c.clone());
            }
            None => {
                target.remove::<C>();
            }
        }
    }
    for (&a, &b) in from.injects.iter().zip(&to.injects) {
        copy::<Release>(src, a, dst, b);
        copy::<DecisionState>(src, a, dst, b);
    }
    for (&a, &b) in from.teams.iter().zip(&to.teams) {
        copy::<Beliefs>(src, a, dst, b);
    }
    for (&a, &b) in from.reactions.iter().zip(&to.reactions) {
        copy::<Rule>(src, a, dst, b);
    }
}

/// The resources `copy_resources` copies; `Scn` and `Ids` are the
/// scenario and the index, which `populate` sets.
macro_rules! copied_resources {
    ($($r:ty),* $(,)?) => {
        fn copy_resources(src: &World, dst: &mut World) {
            $(
                // ok: `populate` inserts every resource and none is ever removed.
                dst.insert_resource(src.resource::<$r>().clone());
            )*
        }

        #[cfg(test)]
        pub(crate) fn copied_resource_types() -> Vec<std::any::TypeId> {
            vec![
                std::any::TypeId::of::<crate::state::Scn>(),
                std::any::TypeId::of::<crate::state::Ids>(),
                $(std::any::TypeId::of::<$r>()),*
            ]
        }
    };
}

copied_resources!(
    Clock,
    Rng,
    Vars,
    Ladder,
    Dyads,
    Postures,
    Inbox,
    ToRelease,
    JustReleased,
    EffectQueue,
    Decided,
    Seq,
    Log,
    Ended,
    Notes,
    Boards,
    Live,
    Scoring,
    Waiting,
);

#[cfg(test)]
pub(crate) mod tests_support {
    use sitroom_scenario::Scenario;

    /// The small fixture scenario the unit tests share.
    pub fn tiny() -> Scenario {
        let opts = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        match opts.from_str(include_str!("../tests/fixtures/basic.ron")) {
            Ok(s) => s,
            Err(e) => panic!("fixture basic.ron does not parse: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use bevy_ecs::prelude::*;

    use super::Session;
    use crate::input::Input;

    #[test]
    fn a_choice_is_scored_in_the_state_it_was_made_in() {
        let mut s = Session::new(Arc::new(super::tests_support::tiny()), 1);
        s.advance(15);
        s.submit(Input::Decide {
            team: "mfa".into(),
            decision: "cable".into(),
            option: "demarche".into(),
            rationale: Some("talk first".into()),
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let ctx = &s.contexts()[0];
        // Escalate(1) applies after the snapshot: the rung at decision time is 1 of 0..=4.
        assert_eq!((ctx.snapshot.rung, ctx.snapshot.injury), (1, 2));
        assert_eq!(
            (ctx.opened_at, ctx.decided_at, ctx.deadline_at),
            (15, 15, 35)
        );
        assert!(!ctx.defaulted);
        assert_eq!(ctx.rationale.as_deref(), Some("talk first"));
        // "reply" is the follow-up carrying evidence; "forensics" (due at 40)
        // carries evidence too but never reaches mfa.
        let names = |v: &[(usize, Option<sitroom_scenario::Minutes>)]| {
            v.iter()
                .map(|&(i, due)| (s.scenario.injects[i].id.clone(), due))
                .collect::<Vec<_>>()
        };
        // The follow-up comes with the answer: no due time.
        assert_eq!(names(&ctx.pending_evidence), [("reply".to_string(), None)]);
        let past = &s.res::<super::Scoring>().past;
        assert!(ctx.history(past).is_empty() && ctx.open_requests.is_empty());
        let beliefs = &ctx.snapshot.beliefs;
        assert_eq!(beliefs.len(), 1);
        assert_eq!(beliefs[0].1.probs, vec![0.5, 0.5]);
    }

    #[test]
    fn contexts_carry_history_and_unanswered_requests() {
        let opts = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let sc: sitroom_scenario::Scenario = opts
            .from_str(include_str!("../tests/fixtures/conditions.ron"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut s = Session::new(Arc::new(sc), 1);
        let decide = |s: &mut Session, d: &str, o: &str| {
            s.submit(Input::Decide {
                team: "a".into(),
                decision: d.into(),
                option: o.into(),
                rationale: None,
            })
            .unwrap_or_else(|e| panic!("{e}"));
        };
        s.advance(5);
        decide(&mut s, "d1", "escalate");
        s.advance(1);
        decide(&mut s, "d2", "one");
        decide(&mut s, "req1", "help");
        let idx = |id: &str| s.scenario.injects.iter().position(|i| i.id == id);
        let (d1, req1) = (idx("d1"), idx("req1"));
        // (inject, option, at) of a context's history.
        let history = |s: &Session, p: &crate::scoring::Pending| {
            p.history(&s.res::<super::Scoring>().past)
                .iter()
                .map(|c| {
                    let i = s.scenario.injects.iter().position(|i| i.id == c.decision);
                    let o = i
                        .and_then(|i| s.scenario.injects[i].decision.as_ref())
                        .and_then(|d| d.options.iter().position(|o| o.id == c.option));
                    (i.unwrap_or(99), o.unwrap_or(99), c.at)
                })
                .collect::<Vec<_>>()
        };
        let ctx = s.contexts();
        assert_eq!(ctx.len(), 3);
        assert!(history(&s, &ctx[0]).is_empty());
        assert_eq!(history(&s, &ctx[1]), vec![(d1.unwrap_or(99), 0, 5)]);
        assert_eq!(history(&s, &ctx[2]).len(), 2);
        assert_eq!(ctx[0].open_requests, vec![req1.unwrap_or(99)]);
        assert_eq!(ctx[1].open_requests, vec![req1.unwrap_or(99)]);
        assert!(
            ctx[2].open_requests.is_empty(),
            "answering the request closes it"
        );
        // The ladder had gaps: the rung at decision 2 is level 2 of 0/2/4/6 → injury 10/3.
        assert_eq!((ctx[1].snapshot.rung, ctx[1].snapshot.injury), (2, 3));
        // A void takes the choice out of the histories of later choices,
        // not of those scored before it.
        let (d2, req1) = (idx("d2").unwrap_or(99), req1.unwrap_or(99));
        let d1 = d1.unwrap_or(99);
        let voided = s.submit(Input::Void {
            team: "a".into(),
            decision: "d2".into(),
            reopen: true,
        });
        assert!(voided.is_ok(), "{voided:?}");
        decide(&mut s, "d2", "one");
        let ctx = s.contexts();
        assert_eq!(ctx.len(), 3, "the voided context went with its choice");
        assert_eq!(history(&s, &ctx[1]).len(), 2, "req1 keeps d1 and d2");
        assert_eq!(
            history(&s, &ctx[2]),
            vec![(d1, 0, 5), (req1, 0, 6)],
            "the new d2 choice has d1 and req1, not the voided d2"
        );
        assert!(history(&s, &ctx[1]).iter().any(|&(i, _, _)| i == d2));
    }

    /// Fails when a component or resource is added to the world that
    /// `Session::fork` does not copy: every component type on every entity
    /// must be a copied one (or a fixed declaration index, or a resource),
    /// and every resource must be in the copied list.
    #[test]
    fn fork_copies_every_component_and_resource() {
        use std::any::TypeId;

        use crate::state::{InjectIdx, ReactionIdx, TeamIdx};

        let mut s = Session::new(Arc::new(super::tests_support::tiny()), 3);
        s.advance(20);
        // bevy's own resources: those of a world that ran a schedule with
        // a system that does nothing.
        let mut bare = World::new();
        let mut noop = Schedule::default();
        noop.set_executor(bevy_ecs::schedule::SingleThreadedExecutor::new());
        noop.add_systems(|| {});
        noop.run(&mut bare);
        let types = |w: &World| -> Vec<TypeId> {
            w.iter_resources()
                .filter_map(|(_, info, _)| info.type_id())
                .collect()
        };
        let bevy = types(&bare);
        let copied = super::copied_resource_types();
        let ours: Vec<TypeId> = types(&s.world)
            .into_iter()
            .filter(|t| !bevy.contains(t))
            .collect();
        assert_eq!(ours.len(), copied.len(), "resources in the world: {ours:?}");
        for t in &ours {
            assert!(copied.contains(t), "a resource fork does not copy: {t:?}");
        }
        let resources: Vec<TypeId> = bevy.into_iter().chain(copied).collect();
        let components = [
            TypeId::of::<InjectIdx>(),
            TypeId::of::<TeamIdx>(),
            TypeId::of::<ReactionIdx>(),
            TypeId::of::<super::Release>(),
            TypeId::of::<super::DecisionState>(),
            TypeId::of::<super::Beliefs>(),
            TypeId::of::<super::Rule>(),
        ];
        let mut entities = 0;
        for entity in s.world.iter_entities().map(|e| e.id()).collect::<Vec<_>>() {
            let types: Vec<Option<TypeId>> = s
                .world
                .inspect_entity(entity)
                .unwrap_or_else(|e| panic!("{e}"))
                .map(|(_, info)| info.type_id())
                .collect();
            let is_resource = types.iter().flatten().any(|t| resources.contains(t));
            if is_resource {
                continue;
            }
            entities += 1;
            for t in types {
                let t = t.unwrap_or_else(|| panic!("a component without a Rust type"));
                assert!(
                    components.contains(&t),
                    "a component fork does not copy: {t:?}"
                );
            }
        }
        let sc = &s.scenario;
        assert_eq!(
            entities,
            sc.injects.len() + sc.teams.len() + sc.reactions.len(),
            "every entity is an inject, a team or a reaction"
        );
    }

    #[test]
    fn a_default_is_scored_as_defaulted() {
        let mut s = Session::new(Arc::new(super::tests_support::tiny()), 1);
        s.advance(35);
        // Contexts and scores stay in step; a lapse (no default) has no option.
        assert_eq!(s.contexts().len(), s.scores().len());
        let k = s
            .contexts()
            .iter()
            .position(|c| c.option != usize::MAX)
            .unwrap_or_else(|| panic!("no defaulted choice"));
        let ctx = &s.contexts()[k];
        assert!(ctx.defaulted);
        assert_eq!((ctx.decided_at, ctx.option), (35, 0));
        assert_eq!(s.scores()[k].option, "wait");
        assert!(s.scores()[k].defaulted);
    }

    /// A decision that lapses (no choice, no default) is scored as a failure
    /// to act (HSEEP U), not left out of the scorecard; the reveal has no
    /// context to re-score it.
    #[test]
    fn a_lapse_is_scored_as_a_failure_to_act() {
        let mut s = Session::new(Arc::new(super::tests_support::tiny()), 1);
        s.advance(35);
        let lapses = s.lapses();
        assert!(
            !lapses.is_empty(),
            "the fixture has a decision without a default"
        );
        for (team, decision) in &lapses {
            let score = s
                .scores()
                .into_iter()
                .find(|x| &x.team == team && &x.decision == decision)
                .unwrap_or_else(|| panic!("lapse {team}/{decision} not scored"));
            assert!(score.option.is_empty() && !score.defaulted && score.failed_to_act);
            assert_eq!(
                score.overall().map(|(g, _)| g),
                Some(sitroom_norms::Grade::U)
            );
        }
        assert_eq!(s.revealed_scores().len(), s.scores().len());
    }
}
