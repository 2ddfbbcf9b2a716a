//! Evaluation of the scenario's condition language against the session state.
//! `All`/`Any` short-circuit left to right, so a `Chance` draws from the
//! generator only when it is reached: the order of draws is fixed by the
//! scenario text. Unknown ids make a condition false.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;
use sitroom_scenario::{Condition, ESCALATION};

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
