//! The scenario's triggers and conditions compiled once per scenario: ids
//! resolved to declaration indices (by the index's maps, so the first
//! declaration of a duplicate id wins, as in `Facts::holds`), and what makes
//! each condition depend on time (its `Elapsed` thresholds, whether it draws
//! a `Chance`) read once instead of at every minute.
//!
//! This module is data only; `condition.rs` evaluates both forms. A compiled
//! condition (`Facts::holds_compiled`) evaluates as `Facts::holds` does its source,
//! leaf by leaf in the same order with the same short-circuits, so the
//! generator's draws are the same (the state hashes of every shipped script
//! are unchanged; the jump and restart tests compare them). A condition kind
//! this module does not compile is kept as written (`Cond::Source`) and
//! evaluated by `Facts::holds`: a new kind works before it is compiled.

use sitroom_scenario::{Cmp, Condition, ESCALATION, Minutes, Posture, Scenario, Trigger};

/// A condition with its ids resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Always,
    /// An id that does not resolve: false, and nothing is drawn.
    Never,
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// `Var("escalation", ..)`: the current rung's level.
    Escalation(Cmp, i32),
    /// `Dyad(a, b, ..)`: the level of the declared dyad by index.
    Dyad(usize, Cmp, i32),
    /// A variable by index.
    Var(usize, Cmp, i32),
    /// Some team (or team `team`) chose option `option` of decision inject `decision`.
    Chose {
        decision: usize,
        option: usize,
        team: Option<usize>,
    },
    Released(usize),
    Elapsed(Minutes),
    Confidence {
        team: usize,
        case: usize,
        suspect: usize,
        cmp: Cmp,
        percent: u8,
    },
    Chance(f64),
    Posture(usize, Posture),
    /// A kind not compiled here, evaluated by `Facts::holds`.
    Source(Condition),
}

impl Cond {
    /// It reads the state alone: no `Chance`, no `Elapsed`, no `Source`.
    pub fn steady(&self) -> bool {
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().all(Cond::steady),
            Cond::Not(c) => c.steady(),
            Cond::Elapsed(_) | Cond::Chance(_) | Cond::Source(_) => false,
            Cond::Always
            | Cond::Never
            | Cond::Escalation(..)
            | Cond::Dyad(..)
            | Cond::Var(..)
            | Cond::Chose { .. }
            | Cond::Released(_)
            | Cond::Confidence { .. }
            | Cond::Posture(..) => true,
        }
    }

    /// Calls `released` with every inject a `Released` leaf names; what
    /// else of the state it reads (a variable, the ladder, a choice, a
    /// belief, a posture), as [`Reads`] bits (none: it reads releases alone).
    pub fn reads(&self, released: &mut impl FnMut(usize)) -> Reads {
        match self {
            Cond::All(cs) | Cond::Any(cs) => {
                // Every leaf is read (no short-circuit: each names its readers).
                let mut other = 0;
                for c in cs {
                    other |= c.reads(released);
                }
                other
            }
            Cond::Not(c) => c.reads(released),
            Cond::Released(i) => {
                released(*i);
                0
            }
            Cond::Always | Cond::Never | Cond::Elapsed(_) | Cond::Chance(_) => 0,
            Cond::Escalation(..) => reads::LADDER,
            Cond::Dyad(..) => reads::DYADS,
            Cond::Var(v, ..) => reads::var(*v),
            Cond::Chose { decision, .. } => reads::choices(*decision),
            Cond::Confidence { .. } => reads::BELIEFS,
            Cond::Posture(a, _) => reads::posture(*a),
            Cond::Source(_) => reads::EVERYTHING,
        }
    }
}

/// What of the state a condition reads besides releases and the clock, as
/// bits of a `u64`: one for the crisis level, one for the dyads, one for the
/// beliefs, and a bit per variable, per actor's posture and per decision's
/// choices, folded onto the bits left when there are more of them. Two
/// things sharing a bit only wake a sleeping condition for nothing; what a
/// condition reads always has its bit (`state::Seen` sets the same bits).
pub type Reads = u64;

pub mod reads {
    use super::Reads;

    pub const EVERYTHING: Reads = u64::MAX;
    pub const LADDER: Reads = 1;
    pub const DYADS: Reads = 1 << 1;
    pub const BELIEFS: Reads = 1 << 2;
    const VARS: (u32, u32) = (3, 20);
    const POSTURES: (u32, u32) = (23, 20);
    const CHOICES: (u32, u32) = (43, 21);

    fn folded((first, width): (u32, u32), i: usize) -> Reads {
        1 << (first + (i % width as usize) as u32)
    }

    pub fn var(v: usize) -> Reads {
        folded(VARS, v)
    }

    pub fn posture(a: usize) -> Reads {
        folded(POSTURES, a)
    }

    /// The choices made on decision inject `d` (a void changes any).
    pub fn choices(d: usize) -> Reads {
        folded(CHOICES, d)
    }

    /// Every decision's choices.
    pub const ALL_CHOICES: Reads = ((1 << CHOICES.1) - 1) << CHOICES.0;
}

/// What makes a condition's truth move with time alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timing {
    /// It draws a `Chance` (at every evaluation).
    pub chance: bool,
    /// Its `Elapsed` thresholds.
    pub elapsed: Vec<Minutes>,
}

impl Timing {
    fn of(cond: &Condition) -> Timing {
        let mut timing = Timing::default();
        cond.walk(&mut |c| match c {
            Condition::Chance(_) => timing.chance = true,
            Condition::Elapsed(m) => timing.elapsed.push(*m),
            _ => {}
        });
        timing
    }
}

/// An inject's release trigger, resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Fire {
    At(Minutes),
    /// After inject `.0` (`None`: an unknown id, never) by `.1` minutes.
    After(Option<usize>, Minutes),
    When(Cond, Timing),
    Manual,
}

/// Every trigger and condition of a scenario, compiled.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compiled {
    /// Per inject: its release trigger.
    pub triggers: Vec<Fire>,
    /// Per reaction rule: its condition.
    pub reactions: Vec<(Cond, Timing)>,
    /// Per ending: its condition.
    pub endings: Vec<(Cond, Timing)>,
    /// The injects the Triggers phase looks at every tick, in declaration
    /// order: those released on a condition (`When`). The others are
    /// released by a time alone (`At`, `After`, or the minute an effect or a
    /// follow-up sets them due), which alarms keep (`state::Waiting`).
    pub scanned: Vec<usize>,
    /// Per inject: the injects released a delay after it (`After`).
    pub dependents: Vec<Vec<usize>>,
    /// Per inject: its trigger is a `When` whose condition reads the
    /// state alone — no `Chance`, no `Elapsed`, no kind evaluated as
    /// written — and nothing can set it due, so it cannot turn true while
    /// what it reads stands still, and evaluating it then draws nothing:
    /// found false, it sleeps until that changes (`Waiting::asleep`).
    pub steady: Vec<bool>,
    /// Per inject: what its `When` condition reads besides releases
    /// (variables, the ladder, choices, beliefs, postures, `state::Seen`):
    /// a change of those wakes it when it is steady and sleeps, and makes
    /// the next minute worth evaluating when it is awake.
    pub reads_state: Vec<Reads>,
    /// Per inject: some trigger or reaction condition names its release.
    pub named: Vec<bool>,
    /// Per inject: the injects whose steady condition names its release
    /// (`Released`): its release wakes them.
    pub readers: Vec<Vec<usize>>,
    /// Per reaction: its condition is steady (`Cond::steady`), so that,
    /// found false, it sleeps (`Waiting::sleeping_reactions`).
    pub reactions_steady: Vec<bool>,
    /// Per reaction: what its condition reads besides releases.
    pub reactions_read_state: Vec<Reads>,
    /// Per inject: the reactions whose steady condition names its release.
    pub reaction_readers: Vec<Vec<usize>>,
}

/// The id maps a condition is resolved by (the index's).
pub struct Maps<'a> {
    pub inject: &'a std::collections::BTreeMap<String, usize>,
    pub team: &'a std::collections::BTreeMap<String, usize>,
    pub case: &'a std::collections::BTreeMap<String, usize>,
    pub variable: &'a std::collections::BTreeMap<String, usize>,
    pub actor: &'a std::collections::BTreeMap<String, usize>,
}

impl Compiled {
    pub fn new(sc: &Scenario, maps: &Maps) -> Compiled {
        let cond = |c: &Condition| (compile(sc, maps, c), Timing::of(c));
        // Every inject an `Effect::Release` or a follow-up names.
        let mut due = vec![false; sc.injects.len()];
        let mut mark = |id: &String| {
            if let Some(&i) = maps.inject.get(id)
                && let Some(d) = due.get_mut(i)
            {
                *d = true;
            }
        };
        let mut effects = |es: &[sitroom_scenario::Effect]| {
            for e in es {
                if let sitroom_scenario::Effect::Release(id) = e {
                    mark(id);
                }
            }
        };
        for inj in &sc.injects {
            effects(&inj.effects);
            for o in inj.decision.iter().flat_map(|d| &d.options) {
                effects(&o.effects);
            }
        }
        for r in &sc.reactions {
            effects(&r.effects);
        }
        for inj in &sc.injects {
            for o in inj.decision.iter().flat_map(|d| &d.options) {
                o.follow_ups.iter().for_each(&mut mark);
            }
        }
        let mut dependents = vec![Vec::new(); sc.injects.len()];
        for (i, inj) in sc.injects.iter().enumerate() {
            if let Trigger::After(other, _) = &inj.release
                && let Some(&o) = maps.inject.get(other)
                && let Some(d) = dependents.get_mut(o)
            {
                d.push(i);
            }
        }
        let scanned = sc
            .injects
            .iter()
            .enumerate()
            .filter(|(_, inj)| matches!(inj.release, Trigger::When(_)))
            .map(|(i, _)| i)
            .collect();
        let triggers: Vec<Fire> = sc
            .injects
            .iter()
            .map(|inj| match &inj.release {
                Trigger::At(t) => Fire::At(*t),
                Trigger::After(other, d) => Fire::After(maps.inject.get(other).copied(), *d),
                Trigger::When(c) => {
                    let (c, t) = cond(c);
                    Fire::When(c, t)
                }
                Trigger::Manual => Fire::Manual,
            })
            .collect();
        let steady: Vec<bool> = triggers
            .iter()
            .enumerate()
            .map(|(i, f)| !due[i] && matches!(f, Fire::When(c, _) if c.steady()))
            .collect();
        let mut readers = vec![Vec::new(); sc.injects.len()];
        let mut reads_state = vec![0; sc.injects.len()];
        let mut named = vec![false; sc.injects.len()];
        for (i, f) in triggers.iter().enumerate() {
            if let Fire::When(c, _) = f {
                reads_state[i] = c.reads(&mut |x| {
                    if let Some(n) = named.get_mut(x) {
                        *n = true;
                    }
                    if steady[i]
                        && let Some(r) = readers.get_mut(x)
                        && r.last() != Some(&i)
                    {
                        r.push(i);
                    }
                });
            }
        }
        let reactions: Vec<(Cond, Timing)> = sc.reactions.iter().map(|r| cond(&r.when)).collect();
        let reactions_steady: Vec<bool> = reactions.iter().map(|(c, _)| c.steady()).collect();
        let mut reaction_readers = vec![Vec::new(); sc.injects.len()];
        let reactions_read_state: Vec<Reads> = reactions
            .iter()
            .enumerate()
            .map(|(r, (c, _))| {
                c.reads(&mut |x| {
                    if let Some(n) = named.get_mut(x) {
                        *n = true;
                    }
                    if !reactions_steady[r] {
                        return;
                    }
                    if let Some(v) = reaction_readers.get_mut(x)
                        && v.last() != Some(&r)
                    {
                        v.push(r);
                    }
                })
            })
            .collect();
        // A condition kept as written (`Cond::Source`) reads everything; its
        // `Released` leaves are not resolved, so every release counts.
        if reads_state
            .iter()
            .chain(&reactions_read_state)
            .any(|&r| r == reads::EVERYTHING)
        {
            named.iter_mut().for_each(|n| *n = true);
        }
        Compiled {
            named,
            scanned,
            dependents,
            steady,
            reactions_steady,
            reactions_read_state,
            reaction_readers,
            reads_state,
            readers,
            triggers,
            reactions,
            endings: sc.endings.iter().map(|e| cond(&e.when)).collect(),
        }
    }
}

/// `cond` with its ids resolved.
pub fn compile(sc: &Scenario, maps: &Maps, cond: &Condition) -> Cond {
    let all = |cs: &[Condition]| cs.iter().map(|c| compile(sc, maps, c)).collect();
    match cond {
        Condition::Always => Cond::Always,
        Condition::All(cs) => Cond::All(all(cs)),
        Condition::Any(cs) => Cond::Any(all(cs)),
        Condition::Not(c) => Cond::Not(Box::new(compile(sc, maps, c))),
        Condition::Var(id, cmp, value) if id == ESCALATION => Cond::Escalation(*cmp, *value),
        Condition::Dyad(a, b, cmp, value) => sc
            .escalation
            .dyad(a, b)
            .map_or(Cond::Never, |d| Cond::Dyad(d, *cmp, *value)),
        Condition::Var(id, cmp, value) => match maps.variable.get(id) {
            Some(&v) => Cond::Var(v, *cmp, *value),
            None => Cond::Never,
        },
        Condition::Chose {
            decision,
            option,
            team,
        } => {
            let resolved = (|| {
                let &d = maps.inject.get(decision)?;
                let dec = sc.injects.get(d)?.decision.as_ref()?;
                let o = dec.options.iter().position(|o| &o.id == option)?;
                let team = match team {
                    Some(t) => Some(*maps.team.get(t)?),
                    None => None,
                };
                Some(Cond::Chose {
                    decision: d,
                    option: o,
                    team,
                })
            })();
            resolved.unwrap_or(Cond::Never)
        }
        Condition::Released(id) => maps
            .inject
            .get(id)
            .map_or(Cond::Never, |&i| Cond::Released(i)),
        Condition::Elapsed(m) => Cond::Elapsed(*m),
        Condition::Confidence {
            team,
            case,
            suspect,
            cmp,
            percent,
        } => {
            let resolved = (|| {
                let &t = maps.team.get(team)?;
                let &c = maps.case.get(case)?;
                let s = sc
                    .cases
                    .get(c)?
                    .suspects
                    .iter()
                    .position(|x| x == suspect)?;
                Some(Cond::Confidence {
                    team: t,
                    case: c,
                    suspect: s,
                    cmp: *cmp,
                    percent: *percent,
                })
            })();
            resolved.unwrap_or(Cond::Never)
        }
        Condition::Chance(p) => Cond::Chance(*p),
        Condition::Posture(actor, at_least) => maps
            .actor
            .get(actor)
            .map_or(Cond::Never, |&a| Cond::Posture(a, *at_least)),
        #[allow(unreachable_patterns)] // a kind added later is evaluated as written
        other => Cond::Source(other.clone()),
    }
}
