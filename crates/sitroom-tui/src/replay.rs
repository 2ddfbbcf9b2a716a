//! The replay viewer's model: a cursor over a finished (or cut-off)
//! session. Moving the cursor asks the runtime to seek; the runtime
//! re-simulates the journal to that minute (`seek`) and hands back the view.

use std::path::PathBuf;
use std::sync::Arc;

use sitroom_engine::{FacilitatorView, LogEntry, LogKind};
use sitroom_norms::Score;
use sitroom_record::Record;
use sitroom_scenario::{Minutes, Scenario};

use crate::action::Action;
use crate::app::{Overlay, Prompt, PromptKind, Views};
use crate::keymap::Mode;

/// The whole session at a glance, computed once when the viewer opens.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// The last minute of the session.
    pub end: Minutes,
    /// The record of the whole session.
    pub record: Record,
    /// The events the viewer lists (`widgets::listed`), in order.
    events: Vec<LogEntry>,
    /// Escalation rung position (1-based) at every minute `0..=end`.
    pub escalation: Vec<u64>,
    /// Number of rungs on the ladder.
    pub rungs: u64,
}

impl Timeline {
    /// The record of the session at its `end`, with the ladder's rung at
    /// every minute for the escalation strip.
    pub fn new(record: Record, end: Minutes, rungs: usize) -> Timeline {
        let mut escalation = Vec::with_capacity(end as usize + 1);
        let mut points = record.escalation.iter().peekable();
        let mut rung = 1;
        for minute in 0..=end {
            // The last rung recorded at or before this minute.
            while let Some(p) = points.next_if(|p| p.at <= minute) {
                rung = p.rung as u64 + 1;
            }
            escalation.push(rung);
        }
        let events = record
            .timeline
            .iter()
            .filter(|e| crate::widgets::listed(e))
            .cloned()
            .collect();
        Timeline {
            end,
            events,
            record,
            escalation,
            rungs: rungs as u64,
        }
    }

    /// The events the viewer lists, in order.
    pub fn events(&self) -> &[LogEntry] {
        &self.events
    }

    /// Distinct minutes at which something was logged.
    pub fn event_minutes(&self) -> Vec<Minutes> {
        let mut m: Vec<Minutes> = self.events().iter().map(|e| e.at).collect();
        m.dedup();
        m
    }

    /// Minutes at which a team decided, defaulted or let a decision lapse.
    pub fn decision_minutes(&self) -> Vec<Minutes> {
        let mut m: Vec<Minutes> = self
            .events()
            .iter()
            .filter(|e| {
                matches!(
                    e.kind(),
                    LogKind::Decided | LogKind::Defaulted | LogKind::Lapsed
                )
            })
            .map(|e| e.at)
            .collect();
        m.dedup();
        m
    }
}

/// What the replay runtime must do after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayEffect {
    None,
    /// Show the state at this minute.
    Seek(Minutes),
    Quit,
}

#[derive(Debug)]
pub struct Replay {
    pub scenario: Arc<Scenario>,
    pub journal: PathBuf,
    pub timeline: Timeline,
    pub cursor: Minutes,
    /// The state at the cursor.
    pub view: FacilitatorView,
    pub scores: Vec<Score>,
    /// Which team's board and decisions the right pane shows.
    pub team: usize,
    /// Log rows scrolled back from the cursor.
    pub log_scroll: usize,
    pub overlay: Option<Overlay>,
    pub status: Option<String>,
}

impl Replay {
    pub fn new(
        scenario: Arc<Scenario>,
        journal: PathBuf,
        timeline: Timeline,
        Views { view, scores, .. }: Views,
    ) -> Replay {
        Replay {
            // As played: with the injects written during the session.
            scenario: timeline.record.as_played(&scenario),
            journal,
            cursor: view.now,
            timeline,
            view,
            scores,
            team: 0,
            log_scroll: 0,
            overlay: None,
            status: None,
        }
    }

    pub fn mode(&self) -> Mode {
        match self.overlay {
            Some(Overlay::Help) => Mode::Help,
            Some(Overlay::Prompt(_)) => Mode::Prompt,
            Some(
                Overlay::Confirm(_)
                | Overlay::Notice(_)
                | Overlay::Void { .. }
                | Overlay::Preview { .. }
                | Overlay::Write(_)
                | Overlay::Notes { .. },
            ) => Mode::Confirm,
            None => Mode::Replay,
        }
    }

    /// Takes the state the runtime computed for the cursor.
    pub fn show(&mut self, Views { view, scores, .. }: Views) {
        self.cursor = view.now;
        self.view = view;
        self.scores = scores;
        self.log_scroll = 0;
        self.team = self.team.min(self.view.teams.len().saturating_sub(1));
    }
}

fn seek(r: &mut Replay, to: Minutes) -> ReplayEffect {
    let to = to.min(r.timeline.end);
    if to == r.cursor {
        ReplayEffect::None
    } else {
        ReplayEffect::Seek(to)
    }
}

/// Applies one action to the replay viewer.
pub fn update_replay(r: &mut Replay, action: Action) -> ReplayEffect {
    match r.overlay.clone() {
        Some(Overlay::Help) => {
            if action == Action::Help {
                r.overlay = None;
            }
            return ReplayEffect::None;
        }
        Some(Overlay::Prompt(mut prompt)) => {
            match action {
                Action::Back => r.overlay = None,
                Action::Backspace => {
                    prompt.field.backspace();
                    r.overlay = Some(Overlay::Prompt(prompt));
                }
                Action::Type(ch)
                    if (ch.is_ascii_alphanumeric() || matches!(ch, ':' | '-' | ' '))
                        && prompt.field.len() < 20 =>
                {
                    prompt.field.insert(ch);
                    r.overlay = Some(Overlay::Prompt(prompt));
                }
                Action::Submit => {
                    r.overlay = None;
                    return match crate::when::minute(
                        prompt.field.text(),
                        r.scenario.meta.start.as_deref(),
                    ) {
                        Ok(m) => seek(r, m),
                        Err(why) => {
                            r.status = Some(format!("Not moved: {why}."));
                            ReplayEffect::None
                        }
                    };
                }
                _ => {}
            }
            return ReplayEffect::None;
        }
        Some(
            Overlay::Confirm(_)
            | Overlay::Notice(_)
            | Overlay::Void { .. }
            | Overlay::Preview { .. }
            | Overlay::Write(_)
            | Overlay::Notes { .. },
        ) => {
            r.overlay = None;
            return ReplayEffect::None;
        }
        None => {}
    }
    let now = r.cursor;
    match action {
        Action::Help => r.overlay = Some(Overlay::Help),
        Action::Quit => return ReplayEffect::Quit,
        Action::StepForward => {
            let next = r
                .timeline
                .event_minutes()
                .into_iter()
                .find(|m| *m > now)
                .unwrap_or(r.timeline.end);
            return seek(r, next);
        }
        Action::StepBack => {
            let prev = r
                .timeline
                .event_minutes()
                .into_iter()
                .rev()
                .find(|m| *m < now)
                .unwrap_or(0);
            return seek(r, prev);
        }
        Action::MinuteForward => return seek(r, now.saturating_add(1)),
        Action::MinuteBack => return seek(r, now.saturating_sub(1)),
        Action::NextDecision => {
            match r.timeline.decision_minutes().into_iter().find(|m| *m > now) {
                Some(m) => return seek(r, m),
                None => r.status = Some("No later decision.".to_string()),
            }
        }
        Action::PrevDecision => match r
            .timeline
            .decision_minutes()
            .into_iter()
            .rev()
            .find(|m| *m < now)
        {
            Some(m) => return seek(r, m),
            None => r.status = Some("No earlier decision.".to_string()),
        },
        Action::First => return seek(r, 0),
        Action::Last => return seek(r, r.timeline.end),
        Action::GoTo => {
            r.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::GoTo)));
        }
        Action::NextPane => {
            let n = r.view.teams.len().max(1);
            r.team = (r.team + 1) % n;
        }
        Action::Up => r.log_scroll = r.log_scroll.saturating_add(1),
        Action::Down => r.log_scroll = r.log_scroll.saturating_sub(1),
        _ => {}
    }
    ReplayEffect::None
}
