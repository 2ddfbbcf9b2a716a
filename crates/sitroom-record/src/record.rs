//! The record of a session: everything an after-action review asks of it,
//! as data. Built from a session (a finished host's, or one replayed from a
//! journal) by reading the engine's structured log and views, never text.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sitroom_engine::{
    CaseView, Event, FacilitatorView, FeedItem, LogEntry, NoteView, OpenDecision, Outcome,
    RungView, Score, Session, TeamView,
};
use sitroom_journal::{Diverged, Journal};
use sitroom_norms::{Grade, Scorecard};
use sitroom_scenario::{Minutes, Scenario, Truth};

/// What happened in a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The scenario's id and title.
    pub scenario: String,
    pub title: String,
    pub seed: u64,
    /// The minute the record was taken at (the end, for a finished session).
    pub now: Minutes,
    pub outcome: Option<Outcome>,
    /// Every event, oldest first.
    pub timeline: Vec<LogEntry>,
    /// Released injects by release minute, with the teams each reached.
    pub releases: Vec<Release>,
    /// What each team received, from its own view only.
    pub feeds: Vec<Feed>,
    /// Every team's decisions, whatever became of them, oldest first.
    pub decisions: Vec<DecisionRecord>,
    /// Each team's belief on each case it heard of, over time.
    pub beliefs: Vec<BeliefTrack>,
    /// The escalation ladder over time (a point at minute 0 and at every move).
    pub escalation: Vec<RungPoint>,
    /// The rung the ladder stands on now (the crisis level, with dyads).
    pub rung: RungView,
    /// Where each dyad stands now; empty without dyads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dyads: Vec<sitroom_engine::DyadView>,
    /// Each variable over time (a point at minute 0 and at every change).
    pub variables: Vec<VariableTrack>,
    /// The facilitator's notes and ratings.
    pub notes: Vec<NoteView>,
    /// Decisions still open when the record was taken.
    pub open: Vec<OpenDecision>,
    /// Each case's truth (the record is the facilitator's and reviewer's).
    pub truth: Vec<(String, Truth)>,
    /// Whether the truth has been revealed (the session is over).
    pub revealed: bool,
    /// Every score as given at the time, in the order the choices were made.
    pub scores: Vec<Score>,
    /// The same scores with the reveal's truth-dependent re-scores added;
    /// empty until the session is over.
    pub hindsight: Vec<Score>,
    /// One per player team, in declaration order.
    pub scorecards: Vec<TeamCard>,
    pub state_hash: String,
    /// Who sat at each seat of a served session (as they joined), by the
    /// seat's key (`team:ID`, `facilitator`, `room`, `observer`).
    #[serde(default)]
    pub rosters: Vec<SeatRoster>,
    /// The injects the facilitator wrote during the session, in the order
    /// written, as the scenario injects they became (`live-1`, …). A journal
    /// holds the scenario as it was prepared; `as_played` adds these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub improvised: Vec<sitroom_scenario::Inject>,
}

/// The people at one seat: "Name (role)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatRoster {
    pub seat: String,
    pub people: Vec<String>,
}

/// An inject's release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub inject: String,
    pub title: String,
    pub at: Minutes,
    /// The teams whose feed it reached.
    pub teams: Vec<String>,
}

/// A team's feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feed {
    pub team: String,
    pub feed: Vec<FeedItem>,
}

/// What became of a decision for a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "fate")]
pub enum Fate {
    /// The team chose.
    Chosen,
    /// The deadline passed and the default was applied.
    Defaulted,
    /// The deadline passed with no default: nothing happened.
    Lapsed,
    /// The facilitator voided the choice at `at` (and perhaps reopened it);
    /// `defaulted` when the voided choice was the clock's default.
    Voided {
        at: Minutes,
        reopened: bool,
        defaulted: bool,
    },
}

/// One decision of one team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub team: String,
    pub decision: String,
    /// The title of the inject that carries the decision.
    pub title: String,
    #[serde(flatten)]
    pub fate: Fate,
    /// The minute it was chosen, defaulted or lapsed.
    pub at: Minutes,
    /// The option and its label (none when lapsed).
    pub option: Option<String>,
    pub label: Option<String>,
    pub rationale: Option<String>,
    /// The score given at the time (a lapse is scored as a failure to act;
    /// none when voided).
    pub score: Option<Score>,
    /// The decision's grade at the time (`Score::overall`).
    pub grade: Option<(Grade, u8)>,
    /// The score with the reveal's re-scores, once the session is over.
    pub hindsight: Option<Score>,
}

/// A team's belief on a case over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeliefTrack {
    pub team: String,
    pub case: String,
    /// Suspect actor ids, in the case's order (the order of `probabilities`).
    pub suspects: Vec<String>,
    /// The prior at minute 0, then one point per evidence item.
    pub points: Vec<BeliefPoint>,
    /// The case's culprit (the truth).
    pub culprit: String,
    /// The team's view of the case now: estimative terms and confidence.
    pub now: CaseView,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeliefPoint {
    pub at: Minutes,
    pub probabilities: Vec<f64>,
    /// The inject whose evidence moved the belief (none for the prior).
    pub inject: Option<String>,
}

/// The ladder's rung (an index from 0) from a minute on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RungPoint {
    pub at: Minutes,
    pub rung: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariableTrack {
    pub variable: String,
    pub name: String,
    pub min: i32,
    pub max: i32,
    /// The value now.
    pub value: i32,
    /// (minute, value) from minute 0 on.
    pub points: Vec<(Minutes, i32)>,
}

/// A team's scorecard at the time and, once revealed, in hindsight, with the
/// decisions no scorecard counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamCard {
    pub team: String,
    pub at_the_time: Scorecard,
    pub in_hindsight: Option<Scorecard>,
    /// Decisions that lapsed (no choice, no default): scored as failures to act.
    pub lapsed: Vec<String>,
    /// Decisions whose choice the facilitator voided (and that were not
    /// decided again): not scored.
    pub voided: Vec<String>,
}

impl Record {
    /// The facilitator's ratings that name `norm`, about `team` (or, with
    /// `None`, about anyone), in the order given: how a norm with no
    /// automatic rule is rated.
    pub fn ratings_of<'a>(
        &'a self,
        team: Option<&'a str>,
        norm: &'a str,
    ) -> impl Iterator<Item = &'a NoteView> + 'a {
        self.notes.iter().filter(move |n| {
            n.rating.is_some()
                && n.norm.as_deref() == Some(norm)
                && team.is_none_or(|t| n.team == t)
        })
    }

    /// The record of `session` as it stands.
    pub fn of(session: &Session) -> Record {
        let sc = session.scenario().as_ref();
        let view = session.facilitator_view();
        let revealed = session.is_over();
        let scores = session.scores();
        let hindsight = if revealed {
            session.revealed_scores()
        } else {
            Vec::new()
        };
        let timeline = session.log().to_vec();
        Record {
            scenario: sc.meta.id.clone(),
            title: sc.meta.title.clone(),
            seed: session.seed(),
            now: view.now,
            outcome: view.outcome.clone(),
            releases: releases(&view),
            feeds: view
                .teams
                .iter()
                .map(|t| Feed {
                    team: t.team.clone(),
                    feed: t.feed.clone(),
                })
                .collect(),
            rung: view.escalation.clone(),
            dyads: view.dyads.clone(),
            decisions: decisions(&view, &scores, &hindsight),
            beliefs: beliefs(sc, &view, &timeline),
            escalation: escalation(session, &timeline),
            variables: variables(&view, &timeline),
            notes: view.notes.clone(),
            open: view.open.clone(),
            truth: view.truth.clone(),
            revealed,
            scorecards: scorecards(sc, &view, &scores, &hindsight),
            scores,
            hindsight,
            timeline,
            state_hash: session.state_hash().to_string(),
            rosters: Vec::new(),
            improvised: view.improvised.clone(),
        }
    }

    /// The scenario as played: `sc` (the scenario as prepared, or as played
    /// already) with the injects written during the session appended, so
    /// that every id of the record resolves to its title and options.
    pub fn as_played(&self, sc: &Arc<Scenario>) -> Arc<Scenario> {
        with_improvised(sc, &self.improvised)
    }

    /// Whether inject `id` was written during the session.
    pub fn was_improvised(&self, id: &str) -> bool {
        self.improvised.iter().any(|i| i.id == id)
    }

    /// The record of a journal: its session re-simulated (hashes checked)
    /// to its last line.
    pub fn from_journal(journal: &Journal, scenario: Arc<Scenario>) -> Result<Record, Diverged> {
        let mut record = sitroom_journal::replay(journal, scenario).map(|s| Record::of(&s))?;
        for r in &journal.rosters {
            let people = r.members.iter().map(|m| {
                if m.role.is_empty() {
                    m.name.clone()
                } else {
                    format!("{} ({})", m.name, m.role)
                }
            });
            match record.rosters.iter_mut().find(|x| x.seat == r.seat) {
                Some(x) => {
                    for p in people {
                        if !x.people.contains(&p) {
                            x.people.push(p);
                        }
                    }
                }
                None => record.rosters.push(SeatRoster {
                    seat: r.seat.clone(),
                    people: people.collect(),
                }),
            }
        }
        Ok(record)
    }

    /// Who sat at a team's seat of a served session.
    pub fn roster_of(&self, team: &str) -> &[String] {
        let key = format!("team:{team}");
        self.rosters
            .iter()
            .find(|r| r.seat == key)
            .map_or(&[], |r| r.people.as_slice())
    }

    /// The decisions of one team, oldest first.
    pub fn decisions_of<'a>(&'a self, team: &'a str) -> impl Iterator<Item = &'a DecisionRecord> {
        self.decisions.iter().filter(move |d| d.team == team)
    }

    /// The scorecard of one team.
    pub fn card(&self, team: &str) -> Option<&TeamCard> {
        self.scorecards.iter().find(|c| c.team == team)
    }
}

fn releases(view: &FacilitatorView) -> Vec<Release> {
    let mut out: Vec<Release> = view
        .injects
        .iter()
        .filter_map(|status| {
            let sitroom_engine::InjectState::Released { at } = status.state else {
                return None;
            };
            // "Reached" is read off each team's feed, the engine's one rule.
            let teams = view
                .teams
                .iter()
                .filter(|t| t.feed.iter().any(|f| f.inject == status.inject))
                .map(|t| t.team.clone())
                .collect();
            Some(Release {
                inject: status.inject.clone(),
                title: status.title.clone(),
                at,
                teams,
            })
        })
        .collect();
    out.sort_by_key(|r| r.at); // stable: declaration order within a minute
    out
}

fn find<'a>(scores: &'a [Score], team: &str, decision: &str) -> Option<&'a Score> {
    scores
        .iter()
        .rev()
        .find(|s| s.team == team && s.decision == decision)
}

fn decisions(view: &FacilitatorView, scores: &[Score], hindsight: &[Score]) -> Vec<DecisionRecord> {
    let title = |decision: &str| {
        view.injects
            .iter()
            .find(|i| i.inject == decision)
            .map_or_else(|| decision.to_string(), |i| i.title.clone())
    };
    let mut out = Vec::new();
    for team in &view.teams {
        let mut ours: Vec<DecisionRecord> = Vec::new();
        for m in &team.made {
            let score = find(scores, &team.team, &m.decision).cloned();
            ours.push(DecisionRecord {
                team: team.team.clone(),
                decision: m.decision.clone(),
                title: title(&m.decision),
                fate: if m.defaulted {
                    Fate::Defaulted
                } else {
                    Fate::Chosen
                },
                at: m.at,
                option: Some(m.option.clone()),
                label: Some(m.label.clone()),
                rationale: m.rationale.clone(),
                grade: score.as_ref().and_then(Score::overall),
                score,
                hindsight: find(hindsight, &team.team, &m.decision).cloned(),
            });
        }
        for l in &team.lapsed {
            // A lapse is scored as a failure to act where the task required action.
            let score = find(scores, &team.team, &l.decision).cloned();
            ours.push(DecisionRecord {
                team: team.team.clone(),
                decision: l.decision.clone(),
                title: l.title.clone(),
                fate: Fate::Lapsed,
                at: l.at,
                option: None,
                label: None,
                rationale: None,
                grade: score.as_ref().and_then(Score::overall),
                score,
                hindsight: find(hindsight, &team.team, &l.decision).cloned(),
            });
        }
        for v in &team.voided {
            ours.push(DecisionRecord {
                team: team.team.clone(),
                decision: v.decision.clone(),
                title: v.title.clone(),
                fate: Fate::Voided {
                    at: v.at,
                    reopened: v.reopened,
                    defaulted: v.defaulted,
                },
                at: v.chosen_at,
                option: Some(v.option.clone()),
                label: Some(v.label.clone()),
                rationale: v.rationale.clone(),
                score: None,
                grade: None,
                hindsight: None,
            });
        }
        ours.sort_by_key(|d| d.at); // stable: made keeps its order
        out.extend(ours);
    }
    out
}

fn beliefs(sc: &Scenario, view: &FacilitatorView, log: &[LogEntry]) -> Vec<BeliefTrack> {
    let mut out = Vec::new();
    for team in &view.teams {
        for case in &team.beliefs {
            let Some(def) = sc.case(&case.case) else {
                continue;
            };
            let mut points = vec![BeliefPoint {
                at: 0,
                probabilities: def.prior_distribution(),
                inject: None,
            }];
            let mut last_evidence = None;
            for e in log {
                match &e.event {
                    Event::EvidenceReceived {
                        team: t,
                        case: c,
                        inject,
                    } if *t == team.team && *c == case.case => last_evidence = Some(inject.clone()),
                    Event::BeliefMoved {
                        team: t,
                        case: c,
                        probabilities,
                    } if *t == team.team && *c == case.case => points.push(BeliefPoint {
                        at: e.at,
                        probabilities: probabilities.clone(),
                        inject: last_evidence.take(),
                    }),
                    _ => {}
                }
            }
            out.push(BeliefTrack {
                team: team.team.clone(),
                case: case.case.clone(),
                suspects: def.suspects.clone(),
                points,
                culprit: def.truth.culprit.clone(),
                now: case.clone(),
            });
        }
    }
    out
}

fn escalation(session: &Session, log: &[LogEntry]) -> Vec<RungPoint> {
    let moves: Vec<(Minutes, usize, usize)> = log
        .iter()
        .filter_map(|e| match e.event {
            Event::Escalated { from, to } => Some((e.at, from, to)),
            _ => None,
        })
        .collect();
    let start = moves
        .first()
        .map_or(session.escalation().index, |&(_, from, _)| from);
    std::iter::once(RungPoint { at: 0, rung: start })
        .chain(moves.iter().map(|&(at, _, to)| RungPoint { at, rung: to }))
        .collect()
}

fn variables(view: &FacilitatorView, log: &[LogEntry]) -> Vec<VariableTrack> {
    view.variables
        .iter()
        .map(|v| {
            let changes: Vec<(Minutes, i32, i32)> = log
                .iter()
                .filter_map(|e| match &e.event {
                    Event::VariableChanged { variable, from, to } if *variable == v.id => {
                        Some((e.at, *from, *to))
                    }
                    _ => None,
                })
                .collect();
            let start = changes.first().map_or(v.value, |&(_, from, _)| from);
            VariableTrack {
                variable: v.id.clone(),
                name: v.name.clone(),
                min: v.min,
                max: v.max,
                value: v.value,
                points: std::iter::once((0, start))
                    .chain(changes.iter().map(|&(at, _, to)| (at, to)))
                    .collect(),
            }
        })
        .collect()
}

fn scorecards(
    sc: &Scenario,
    view: &FacilitatorView,
    scores: &[Score],
    hindsight: &[Score],
) -> Vec<TeamCard> {
    sc.player_teams()
        .map(|t| {
            let team: Option<&TeamView> = view.teams.iter().find(|v| v.team == t.id);
            TeamCard {
                team: t.id.clone(),
                at_the_time: sitroom_norms::scorecard_for(sc, &t.id, scores),
                // The same card with the reveal's re-scores on its hindsight
                // lines (its grade stays the one earned at the time).
                in_hindsight: (!hindsight.is_empty())
                    .then(|| sitroom_norms::scorecard_for(sc, &t.id, hindsight)),
                lapsed: team
                    .map(|v| v.lapsed.iter().map(|l| l.decision.clone()).collect())
                    .unwrap_or_default(),
                voided: team
                    .map(|v| v.voided.iter().map(|l| l.decision.clone()).collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// `sc` with the injects written during a session appended (those it does
/// not hold yet): the scenario as played, for a front end that holds the
/// scenario as prepared (a served console, a report from a journal).
pub fn with_improvised(
    sc: &Arc<Scenario>,
    improvised: &[sitroom_scenario::Inject],
) -> Arc<Scenario> {
    let missing: Vec<&sitroom_scenario::Inject> = improvised
        .iter()
        .filter(|i| sc.inject(&i.id).is_none())
        .collect();
    if missing.is_empty() {
        return Arc::clone(sc);
    }
    let mut played = Scenario::clone(sc);
    played.injects.extend(missing.into_iter().cloned());
    Arc::new(played)
}
