//! Evaluation of the scenario's condition language against the session state.
//! `All`/`Any` short-circuit left to right, so a `Chance` draws from the
//! generator only when it is reached: the order of draws is fixed by the
//! scenario text. Unknown ids make a condition false.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use sitroom_scenario::{Condition, ESCALATION};

use crate::compiled::Cond;
use crate::state::Facts;

impl Facts<'_, '_> {
    pub fn holds(&self, cond: &Condition, rng: &mut ChaCha8Rng) -> bool {
        match cond {
            Condition::Always => true,
            Condition::All(cs) => cs.iter().all(|c| self.holds(c, rng)),
            Condition::Any(cs) => cs.iter().any(|c| self.holds(c, rng)),
            Condition::Not(c) => !self.holds(c, rng),
            Condition::Var(id, cmp, value) => self.var(id).is_some_and(|v| cmp.holds(v, *value)),
            Condition::Chose {
                decision,
                option,
                team,
            } => self.chose(decision, option, team.as_deref()),
            Condition::Released(id) => self
                .ids
                .0
                .inject
                .get(id)
                .and_then(|&i| self.releases.get(self.ids.0.injects[i]).ok())
                .is_some_and(|r| r.released_at().is_some()),
            Condition::Elapsed(m) => self.clock.now >= *m,
            Condition::Confidence {
                team,
                case,
                suspect,
                cmp,
                percent,
            } => self
                .probability(team, case, suspect)
                .is_some_and(|p| cmp.holds((p * 100.0).round() as i64, i64::from(*percent))),
            Condition::Chance(p) => chance(rng, *p),
            Condition::Dyad(a, b, cmp, level) => {
                self.dyad_level(a, b).is_some_and(|l| cmp.holds(l, *level))
            }
            Condition::Posture(actor, at_least) => self
                .ids
                .0
                .actor
                .get(actor)
                .and_then(|&a| self.postures.0.get(a))
                .is_some_and(|p| p >= at_least),
        }
    }

    fn var(&self, id: &str) -> Option<i32> {
        if id == ESCALATION {
            return self
                .scn
                .0
                .escalation
                .rungs
                .get(self.ladder.0)
                .map(|r| r.level);
        }
        self.ids
            .0
            .variable
            .get(id)
            .and_then(|&v| self.vars.0.get(v).copied())
    }

    /// The level of the rung the dyad between `a` and `b` stands on.
    fn dyad_level(&self, a: &str, b: &str) -> Option<i32> {
        let ladder = &self.scn.0.escalation;
        let d = ladder.dyad(a, b)?;
        let rung = self.dyads.level(d)?;
        ladder.rungs.get(rung).map(|r| r.level)
    }

    fn chose(&self, decision: &str, option: &str, team: Option<&str>) -> bool {
        let Some(&d) = self.ids.0.inject.get(decision) else {
            return false;
        };
        let Some(dec) = self.scn.0.injects[d].decision.as_ref() else {
            return false;
        };
        let Some(o) = dec.options.iter().position(|o| o.id == option) else {
            return false;
        };
        let team = match team {
            Some(t) => match self.ids.0.team.get(t) {
                Some(&t) => Some(t),
                None => return false,
            },
            None => None,
        };
        let Ok(state) = self.decisions.get(self.ids.0.injects[d]) else {
            return false;
        };
        state
            .choices
            .iter()
            .any(|(&t, c)| c.option == o && team.is_none_or(|want| want == t))
    }

    fn probability(&self, team: &str, case: &str, suspect: &str) -> Option<f64> {
        let t = *self.ids.0.team.get(team)?;
        let c = *self.ids.0.case.get(case)?;
        let s = self.scn.0.cases[c]
            .suspects
            .iter()
            .position(|x| x == suspect)?;
        let beliefs = self.beliefs.get(self.ids.0.teams[t]).ok()?;
        let belief = beliefs.0.get(c)?;
        if !belief.kept {
            return None;
        }
        belief.probs.get(s).copied()
    }
}

/// One draw: true with probability `p` (clamped to 0..=1; NaN is never true).
/// Always consumes exactly one number so the stream stays aligned.
pub fn chance(rng: &mut ChaCha8Rng, p: f64) -> bool {
    let x: f64 = rng.random();
    x < p
}

impl Facts<'_, '_> {
    /// Whether the compiled condition holds: `Facts::holds` of its source.
    pub fn holds_compiled(&self, cond: &Cond, rng: &mut ChaCha8Rng) -> bool {
        let ids = self.ids.0.as_ref();
        match cond {
            Cond::Always => true,
            Cond::Never => false,
            Cond::All(cs) => cs.iter().all(|c| self.holds_compiled(c, rng)),
            Cond::Any(cs) => cs.iter().any(|c| self.holds_compiled(c, rng)),
            Cond::Not(c) => !self.holds_compiled(c, rng),
            Cond::Escalation(cmp, value) => self
                .scn
                .0
                .escalation
                .rungs
                .get(self.ladder.0)
                .is_some_and(|r| cmp.holds(r.level, *value)),
            Cond::Dyad(d, cmp, value) => self
                .dyads
                .level(*d)
                .and_then(|r| self.scn.0.escalation.rungs.get(r))
                .is_some_and(|r| cmp.holds(r.level, *value)),
            Cond::Var(v, cmp, value) => self.vars.0.get(*v).is_some_and(|x| cmp.holds(*x, *value)),
            Cond::Chose {
                decision,
                option,
                team,
            } => ids
                .injects
                .get(*decision)
                .and_then(|&e| self.decisions.get(e).ok())
                .is_some_and(|state| {
                    state
                        .choices
                        .iter()
                        .any(|(&t, c)| c.option == *option && team.is_none_or(|want| want == t))
                }),
            Cond::Released(i) => ids
                .injects
                .get(*i)
                .and_then(|&e| self.releases.get(e).ok())
                .is_some_and(|r| r.released_at().is_some()),
            Cond::Elapsed(m) => self.clock.now >= *m,
            Cond::Confidence {
                team,
                case,
                suspect,
                cmp,
                percent,
            } => ids
                .teams
                .get(*team)
                .and_then(|&e| self.beliefs.get(e).ok())
                .and_then(|b| b.0.get(*case))
                .filter(|belief| belief.kept)
                .and_then(|belief| belief.probs.get(*suspect).copied())
                .is_some_and(|p| cmp.holds((p * 100.0).round() as i64, i64::from(*percent))),
            Cond::Chance(p) => chance(rng, *p),
            Cond::Posture(a, at_least) => self.postures.0.get(*a).is_some_and(|p| p >= at_least),
            Cond::Source(c) => self.holds(c, rng),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use bevy_ecs::prelude::*;
    use bevy_ecs::system::RunSystemOnce;
    use rand::RngExt;
    use rand::SeedableRng;
    use sitroom_scenario::{Condition, Scenario};

    use crate::compiled::compile;
    use crate::state::{Facts, Rng};
    use crate::{Input, Session};

    /// Every condition of the scenario and every part of each.
    fn conditions(sc: &Scenario) -> Vec<Condition> {
        let roots = sc.root_conditions();
        let mut all = Vec::new();
        for root in roots {
            root.walk(&mut |c| all.push(c.clone()));
        }
        all
    }

    /// At the session's state: each condition holds as written iff it
    /// holds compiled, and both leave the generator at the same place.
    fn agree(session: &mut Session, conds: &Arc<Vec<Condition>>) -> usize {
        let conds = Arc::clone(conds);
        let checked = session
            .world_mut()
            .run_system_once(move |facts: Facts, rng: Res<Rng>| {
                let sc = facts.scn.0.as_ref();
                let maps = facts.ids.0.maps();
                for c in conds.iter() {
                    let (mut a, mut b) = (rng.clone().0, rng.clone().0);
                    let written = facts.holds(c, &mut a);
                    let compiled = facts.holds_compiled(&compile(sc, &maps, c), &mut b);
                    assert_eq!(written, compiled, "{c:?}");
                    assert_eq!(a.get_word_pos(), b.get_word_pos(), "{c:?}");
                }
                conds.len()
            });
        checked.unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn compiled_conditions_hold_as_written_on_every_shipped_scenario() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut checked = 0;
        let mut paths = Vec::new();
        // The shipped scenarios, and the fixtures (chances, unknown ids).
        for dir in [
            format!("{root}/../../scenarios"),
            format!("{root}/tests/fixtures"),
        ] {
            for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
                paths.push(entry.unwrap_or_else(|e| panic!("{e}")).path());
            }
        }
        for path in paths {
            if path.extension().is_none_or(|e| e != "ron") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            // A script among the fixtures is not a scenario.
            let Ok(sc) = sitroom_scenario::load(&text) else {
                continue;
            };
            let sc = Arc::new(sc);
            let conds = Arc::new(conditions(&sc));
            for seed in 0..4u64 {
                // Random decisions as soon as they open, checked at every event.
                let mut pick = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
                let mut s = Session::new(Arc::clone(&sc), seed);
                let mut events = 0;
                while !s.is_over() && events < 400 {
                    checked += agree(&mut s, &conds);
                    for d in s.open_decisions() {
                        let o = pick.random_range(0..d.options.len().max(1));
                        for team in &d.teams {
                            if let Some(option) = d.options.get(o) {
                                let _ = s.submit(Input::Decide {
                                    team: team.clone(),
                                    decision: d.decision.clone(),
                                    option: option.id.clone(),
                                    rationale: None,
                                });
                            }
                        }
                    }
                    s.advance_to_next_event();
                    events += 1;
                }
                checked += agree(&mut s, &conds);
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
