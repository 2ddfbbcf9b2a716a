//! Cutting a record down for its readers. A team's record holds only what
//! the team saw and did — its feed, its decisions, its beliefs, the ladder
//! and the variables it sees, the observations about it — built from the
//! team's own view and the scenario's one rule of what a team sees. A record
//! without the truth drops the truth and every score that depends on it.

use sitroom_engine::{Event, LogEntry};
use sitroom_scenario::Scenario;

use crate::record::Record;

impl Record {
    /// The record without the ground truth: no truth, no culprit on the
    /// belief tracks, no re-scores given in hindsight.
    pub fn without_truth(&self) -> Record {
        let mut r = self.clone();
        r.truth.clear();
        r.hindsight.clear();
        for b in &mut r.beliefs {
            b.culprit.clear();
        }
        for d in &mut r.decisions {
            d.hindsight = None;
        }
        for c in &mut r.scorecards {
            c.in_hindsight = None;
        }
        r
    }

    /// What `team` saw and did, and nothing of the other teams: its feed,
    /// decisions, beliefs, scores and scorecard, the releases that reached
    /// it, the variables it sees, the observations about it; no truth.
    pub fn for_team(&self, sc: &Scenario, team: &str) -> Record {
        let mut r = self.without_truth();
        let received: std::collections::BTreeSet<&str> = self
            .feeds
            .iter()
            .filter(|f| f.team == team)
            .flat_map(|f| f.feed.iter().map(|i| i.inject.as_str()))
            .collect();
        let def = sc.team(team);
        let sees_variable = |v: &str| def.is_some_and(|t| t.sees_variable(v));
        let actor = def.map_or("", |t| t.actor.as_str());
        r.timeline = self
            .timeline
            .iter()
            .filter(|e| team_sees(e, team, actor, &received, &sees_variable))
            .cloned()
            .collect();
        r.releases = self
            .releases
            .iter()
            .filter(|x| received.contains(x.inject.as_str()))
            .map(|x| {
                let mut x = x.clone();
                x.teams.retain(|t| t == team);
                x
            })
            .collect();
        r.feeds.retain(|f| f.team == team);
        r.decisions.retain(|d| d.team == team);
        r.beliefs.retain(|b| b.team == team);
        r.variables.retain(|v| sees_variable(&v.variable));
        r.notes.retain(|n| n.team == team);
        r.dyads
            .retain(|d| d.between.0 == actor || d.between.1 == actor);
        r.open.retain(|d| d.teams.iter().any(|t| t == team));
        for d in &mut r.open {
            d.teams.retain(|t| t == team);
        }
        r.scores.retain(|s| s.team == team);
        r.scorecards.retain(|c| c.team == team);
        let own = format!("team:{team}");
        r.rosters.retain(|x| x.seat == own);
        r.improvised.retain(|i| received.contains(i.id.as_str()));
        r
    }
}

/// Whether `team` may see an event of the log: its own doings, the
/// releases it received, the ladder (every team sees it), the dyads of its
/// own state, the variables it sees, and the end.
fn team_sees(
    e: &LogEntry,
    team: &str,
    actor: &str,
    received: &std::collections::BTreeSet<&str>,
    sees_variable: &dyn Fn(&str) -> bool,
) -> bool {
    if let Some(t) = e.event.team() {
        return t == team;
    }
    match &e.event {
        Event::Released { inject } => received.contains(inject.as_str()),
        Event::VariableChanged { variable, .. } => sees_variable(variable),
        Event::Escalated { .. } | Event::Ended { .. } => true,
        Event::DyadEscalated { a, b, .. } => a == actor || b == actor,
        // Facilitator actions, reactions and postures are the room's
        // business only as their consequences reach the team.
        _ => false,
    }
}
