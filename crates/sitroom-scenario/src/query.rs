//! Look-ups by id and small walks over the model, for the validator, the
//! engine and the front ends. All linear scans in declaration order: the
//! lists are short and the order is the author's — except injects, of which
//! a generated scenario can have 100,000: where they are looked up by id
//! once per reference, [`InjectIndex`] finds them without a scan.

use std::collections::HashMap;

use crate::model::*;

/// Each inject's declaration index by id — the first declared where an id
/// is written twice, as [`Scenario::inject`] finds it. Only looked up, never
/// iterated, so the map's order cannot reach any output.
#[derive(Debug, Clone, Default)]
pub(crate) struct InjectIndex(HashMap<String, usize>);

impl InjectIndex {
    pub fn new(s: &Scenario) -> InjectIndex {
        let mut map = HashMap::with_capacity(s.injects.len());
        for (i, inject) in s.injects.iter().enumerate() {
            map.entry(inject.id.clone()).or_insert(i);
        }
        InjectIndex(map)
    }

    /// The index of inject `id` in `injects`.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.0.get(id).copied()
    }
}

impl Scenario {
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    pub fn variable(&self, id: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.id == id)
    }

    pub fn case(&self, id: &str) -> Option<&AttributionCase> {
        self.cases.iter().find(|c| c.id == id)
    }

    pub fn inject(&self, id: &str) -> Option<&Inject> {
        self.injects.iter().find(|i| i.id == id)
    }

    pub fn reaction(&self, id: &str) -> Option<&Reaction> {
        self.reactions.iter().find(|r| r.id == id)
    }

    pub fn ending(&self, id: &str) -> Option<&Ending> {
        self.endings.iter().find(|e| e.id == id)
    }

    /// The decision carried by the inject `id`, if it carries one.
    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.inject(id).and_then(|i| i.decision.as_ref())
    }

    /// Teams a person plays, in declaration order.
    pub fn player_teams(&self) -> impl Iterator<Item = &Team> {
        self.teams.iter().filter(|t| t.player)
    }

    /// Injects that carry a decision, with it, in declaration order.
    pub fn decisions(&self) -> impl Iterator<Item = (&Inject, &Decision)> {
        self.injects
            .iter()
            .filter_map(|i| i.decision.as_ref().map(|d| (i, d)))
    }

    /// The rung at exactly this level.
    pub fn rung(&self, level: i32) -> Option<&Rung> {
        self.escalation.rungs.iter().find(|r| r.level == level)
    }

    /// Position of the rung at this level, 0 for the lowest.
    pub fn rung_index(&self, level: i32) -> Option<usize> {
        self.escalation.rungs.iter().position(|r| r.level == level)
    }

    /// Whether `id` names a variable conditions and effects may use: a
    /// declared variable or the escalation ladder.
    pub fn is_variable(&self, id: &str) -> bool {
        id == ESCALATION || self.variable(id).is_some()
    }

    /// Every condition the scenario evaluates, at the root: the `When`
    /// triggers of its injects, then its reactions', then its endings'.
    pub fn root_conditions(&self) -> Vec<&Condition> {
        let mut roots: Vec<&Condition> = Vec::new();
        for inject in &self.injects {
            if let Trigger::When(c) = &inject.release {
                roots.push(c);
            }
        }
        roots.extend(self.reactions.iter().map(|r| &r.when));
        roots.extend(self.endings.iter().map(|e| &e.when));
        roots
    }

    /// The dyad an option's `Escalate` moves when `team` takes it: the one
    /// pairing the team's actor with the option's target, if declared.
    /// Without one, `Escalate` moves the general level. The one rule for
    /// "the dyad an option acts on": the engine and `check` call it.
    pub fn option_dyad(&self, team: &Team, option: &DecisionOption) -> Option<usize> {
        let target = option.target.as_deref()?;
        self.escalation.dyad(&team.actor, target)
    }

    /// The variable measuring `actor`'s injury: the one declared
    /// `injury_of` it, else the variable `injury` declared for no state in
    /// particular (the older form, every state's injury). The one rule for
    /// "whose injury": scoring and `check` call it.
    pub fn injury_variable(&self, actor: &str) -> Option<usize> {
        self.variables
            .iter()
            .position(|v| v.injury_of.as_deref() == Some(actor))
            .or_else(|| {
                self.variables
                    .iter()
                    .position(|v| v.id == INJURY && v.injury_of.is_none())
            })
    }

    /// Whether some variable names the state it measures the injury of:
    /// then a state without one has suffered none.
    pub fn injury_per_state(&self) -> bool {
        self.variables.iter().any(|v| v.injury_of.is_some())
    }
}

impl Team {
    pub fn sees_channel(&self, channel: Channel) -> bool {
        self.sees.channels.contains(&channel)
    }

    /// Whether the team keeps beliefs for this case (empty list: all cases).
    pub fn sees_case(&self, case: &str) -> bool {
        self.sees.cases.is_empty() || self.sees.cases.iter().any(|c| c == case)
    }

    pub fn sees_variable(&self, variable: &str) -> bool {
        self.sees.variables.iter().any(|v| v == variable)
    }
}

/// How one inject leads to another: what the facilitator's preview lists
/// under "releases next".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leads<'a> {
    /// The other inject's trigger is `After(this, minutes)`.
    After { inject: &'a str, minutes: Minutes },
    /// The other inject's `When` condition asks whether this one was released.
    When { inject: &'a str },
    /// An effect of this inject releases it.
    Effect { inject: &'a str },
    /// Choosing `option` of this inject's decision releases it.
    Option { option: &'a str, inject: &'a str },
}

impl Scenario {
    /// What `inject` leads to, in declaration order: its effects and
    /// options' follow-ups, then the injects whose triggers wait on it.
    pub fn leads_from<'a>(&'a self, inject: &'a Inject) -> Vec<Leads<'a>> {
        let mut out = Vec::new();
        for e in &inject.effects {
            if let Effect::Release(id) = e {
                out.push(Leads::Effect { inject: id });
            }
        }
        for o in inject.decision.iter().flat_map(|d| &d.options) {
            for id in &o.follow_ups {
                out.push(Leads::Option {
                    option: &o.id,
                    inject: id,
                });
            }
            for e in &o.effects {
                if let Effect::Release(id) = e {
                    out.push(Leads::Option {
                        option: &o.id,
                        inject: id,
                    });
                }
            }
        }
        for other in &self.injects {
            match &other.release {
                Trigger::After(id, minutes) if *id == inject.id => out.push(Leads::After {
                    inject: &other.id,
                    minutes: *minutes,
                }),
                Trigger::When(c) if c.mentions_release_of(&inject.id) => {
                    out.push(Leads::When { inject: &other.id })
                }
                _ => {}
            }
        }
        out
    }
}

impl Inject {
    /// The injects this one's trigger waits on (it answers them):
    /// `After(x, _)`, and `Released(x)` in a `When` condition.
    pub fn answers(&self) -> Vec<&str> {
        match &self.release {
            Trigger::After(id, _) => vec![id.as_str()],
            Trigger::When(c) => {
                let mut out = Vec::new();
                c.walk(&mut |x| {
                    if let Condition::Released(id) = x {
                        out.push(id.as_str());
                    }
                });
                out
            }
            Trigger::At(_) | Trigger::Manual => Vec::new(),
        }
    }

    /// Whether `team` receives this inject: it sees the channel and is in
    /// the audience (an empty audience is a broadcast to the channel).
    pub fn reaches(&self, team: &Team) -> bool {
        team.sees_channel(self.channel)
            && (self.audience.is_empty() || self.audience.contains(&team.id))
    }

    /// The teams that receive this inject, in declaration order.
    pub fn recipients<'a>(&self, scenario: &'a Scenario) -> Vec<&'a Team> {
        scenario.teams.iter().filter(|t| self.reaches(t)).collect()
    }

    /// The option `id` of this inject's decision.
    pub fn option(&self, id: &str) -> Option<&DecisionOption> {
        self.decision.as_ref().and_then(|d| d.option(id))
    }

    /// The attribution cases this inject tells its recipients of: the
    /// cases of its evidence, which every recipient reads.
    pub fn evidence_cases(&self) -> impl Iterator<Item = &str> {
        self.evidence.iter().map(|e| e.case.as_str())
    }

    /// The cases its decision's options answer (`case`), which only the
    /// teams that decide it see.
    pub fn answered_cases(&self) -> impl Iterator<Item = &str> {
        self.decision
            .iter()
            .flat_map(|d| &d.options)
            .flat_map(|o| o.case.iter().chain(&o.cases))
            .map(String::as_str)
    }
}

impl AttributionCase {
    /// The prior over the suspects, in suspect order: named priors as given
    /// (negative or non-finite values count as 0), the rest shared equally
    /// by the others, normalised; uniform when that leaves nothing. The one
    /// rule: the engine starts beliefs from it, the validator reasons with it.
    pub fn prior_distribution(&self) -> Vec<f64> {
        let n = self.suspects.len();
        if n == 0 {
            return Vec::new();
        }
        let clean = |p: f64| if p.is_finite() && p > 0.0 { p } else { 0.0 };
        let named: f64 = self
            .suspects
            .iter()
            .filter_map(|s| self.prior.get(s))
            .map(|&p| clean(p))
            .sum();
        let unnamed = self
            .suspects
            .iter()
            .filter(|s| !self.prior.contains_key(*s))
            .count();
        let share = if unnamed > 0 {
            (1.0 - named).max(0.0) / unnamed as f64
        } else {
            0.0
        };
        let raw: Vec<f64> = self
            .suspects
            .iter()
            .map(|s| self.prior.get(s).map_or(share, |&p| clean(p)))
            .collect();
        let total: f64 = raw.iter().sum();
        if total > 0.0 && total.is_finite() {
            raw.into_iter().map(|p| p / total).collect()
        } else {
            raw.iter().map(|_| 1.0 / n as f64).collect()
        }
    }

    /// A suspect's prior probability (see [`Self::prior_distribution`]).
    pub fn prior_of(&self, suspect: &str) -> Option<f64> {
        let i = self.suspects.iter().position(|s| s == suspect)?;
        self.prior_distribution().get(i).copied()
    }
}

impl Decision {
    pub fn option(&self, id: &str) -> Option<&DecisionOption> {
        self.options.iter().find(|o| o.id == id)
    }

    /// The teams that decide: the listed ones, or else the inject's
    /// recipients that are played.
    pub fn deciding_teams<'a>(
        &'a self,
        inject: &'a Inject,
        scenario: &'a Scenario,
    ) -> Vec<&'a str> {
        if !self.teams.is_empty() {
            return self.teams.iter().map(String::as_str).collect();
        }
        inject
            .recipients(scenario)
            .into_iter()
            .filter(|t| t.player)
            .map(|t| t.id.as_str())
            .collect()
    }
}

impl Condition {
    /// Whether the condition (or one inside it) asks whether `inject` was
    /// released.
    pub fn mentions_release_of(&self, inject: &str) -> bool {
        let mut found = false;
        self.walk(&mut |c| {
            if matches!(c, Condition::Released(id) if id == inject) {
                found = true;
            }
        });
        found
    }

    /// Calls `visit` on this condition and every condition inside it,
    /// parents first.
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Condition)) {
        visit(self);
        match self {
            Condition::All(items) | Condition::Any(items) => {
                items.iter().for_each(|c| c.walk(visit));
            }
            Condition::Not(inner) => inner.walk(visit),
            _ => {}
        }
    }
}

impl AttributionCase {
    pub fn is_suspect(&self, actor: &str) -> bool {
        self.suspects.iter().any(|s| s == actor)
    }
}

impl Posture {
    /// 0 for cooperative up to 3 for hostile.
    pub fn hostility(self) -> u8 {
        match self {
            Posture::Cooperative => 0,
            Posture::Neutral => 1,
            Posture::Guarded => 2,
            Posture::Hostile => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::model::{AttributionCase, Truth};

    fn case(prior: &[(&str, f64)]) -> AttributionCase {
        AttributionCase {
            id: "c".into(),
            incident: "i".into(),
            suspects: vec!["a".into(), "b".into(), "c".into()],
            prior: prior
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect::<BTreeMap<_, _>>(),
            truth: Truth {
                culprit: "a".into(),
                false_flag: None,
                explanation: String::new(),
            },
        }
    }

    /// The engine's beliefs and the validator's reachability both read the
    /// prior from here; an unnormalised prior is normalised for both.
    #[test]
    fn the_prior_shares_the_rest_and_is_normalised() {
        let p = case(&[("a", 0.5)]).prior_distribution();
        assert_eq!(p, vec![0.5, 0.25, 0.25]);
        let over = case(&[("a", 0.6), ("b", 0.6)]);
        assert_eq!(over.prior_of("a"), Some(0.5));
        assert_eq!(over.prior_of("c"), Some(0.0));
        let bad = case(&[("a", f64::NAN), ("b", -1.0), ("c", 0.0)]);
        assert_eq!(bad.prior_distribution(), vec![1.0 / 3.0; 3]);
        assert_eq!(over.prior_of("nobody"), None);
    }
}
