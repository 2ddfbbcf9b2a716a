use std::collections::BTreeSet;

use sitroom_engine::{Input, OpenDecision, Outcome, Refusal, Seat, Session, authorize};
use sitroom_journal::Pace;
use sitroom_scenario::Minutes;

use crate::driven::{Driven, SinkError};
use crate::error::{HostError, PlayError};
use crate::policy::Policy;

/// How far to move the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Advance {
    /// Until something happens (a release, a deadline, a reaction, the end).
    ToNext,
    /// By a number of minutes (fewer if the session ends).
    By(Minutes),
}

/// What an advance would do, tried on a fork.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Preview {
    /// The minute the advance would stop at.
    pub to: Minutes,
    /// Decisions open now whose deadline the advance reaches, soonest first:
    /// each undecided team gets the default or lapses.
    pub closing: Vec<OpenDecision>,
    /// Decisions (ids) that would open and be decided by default meanwhile.
    pub defaulted_meanwhile: Vec<String>,
    /// Decisions (team, decision ids) that would open and lapse meanwhile.
    pub lapsed_meanwhile: Vec<(String, String)>,
    /// How the exercise would end on the way, if it would.
    pub outcome: Option<Outcome>,
}

impl Preview {
    /// Nothing anyone would want to be asked about.
    pub fn is_quiet(&self) -> bool {
        self.closing.is_empty()
            && self.defaulted_meanwhile.is_empty()
            && self.lapsed_meanwhile.is_empty()
            && self.outcome.is_none()
    }
}

/// A session, driven for every front end the same way.
#[derive(Debug)]
pub struct Host<D> {
    driver: D,
}

impl<D: Driven> Host<D> {
    pub fn new(driver: D) -> Host<D> {
        Host { driver }
    }

    pub fn session(&self) -> &Session {
        self.driver.session()
    }

    pub fn driver(&self) -> &D {
        &self.driver
    }

    pub fn into_driver(self) -> D {
        self.driver
    }

    /// Submits `input` as `seat`: refused unless the seat may send it
    /// (`sitroom_engine::authorize`) and the engine accepts it.
    pub fn submit(&mut self, seat: &Seat, input: Input) -> Result<(), HostError> {
        authorize(self.session().scenario(), seat, &input).map_err(HostError::Refused)?;
        self.driver
            .submit(input)?
            .map_err(|e| HostError::Refused(Refusal::Input(e)))
    }

    /// Runs `minutes` minutes, fewer if the session ends (a bare session
    /// jumps idle minutes, a journal ticks each).
    pub fn advance(&mut self, minutes: Minutes) -> Result<(), SinkError> {
        self.driver.advance(minutes)?;
        self.driver.flush()
    }

    /// Like [`Host::advance`], calling `after_minute` after each minute (a
    /// paced run sleeps there; a progress bar counts).
    pub fn advance_by(
        &mut self,
        minutes: Minutes,
        after_minute: &mut dyn FnMut(&Session),
    ) -> Result<(), SinkError> {
        for _ in 0..minutes {
            if self.session().is_over() {
                break;
            }
            self.driver.tick()?;
            after_minute(self.session());
        }
        self.driver.flush()
    }

    /// Runs to minute `at` (nothing if it has passed), fewer if the session ends.
    pub fn advance_to(&mut self, at: Minutes) -> Result<(), SinkError> {
        let now = self.session().now();
        self.advance(at.saturating_sub(now))
    }

    /// Runs until something happens; returns the minutes advanced.
    pub fn advance_to_next_event(&mut self) -> Result<Minutes, SinkError> {
        let minutes = self.driver.advance_to_next_event()?;
        self.driver.flush()?;
        Ok(minutes)
    }

    /// Runs `advance`.
    pub fn run(&mut self, advance: Advance) -> Result<(), SinkError> {
        match advance {
            Advance::ToNext => self.advance_to_next_event().map(|_| ()),
            Advance::By(n) => self.advance(n),
        }
    }

    /// What `advance` would close, default or end, tried on a fork: `n`
    /// is judged by where it really stops, and decisions that open and
    /// close during a long advance count too.
    pub fn preview(&self, advance: Advance) -> Preview {
        let session = self.session();
        let open = session.open_decisions();
        let defaulted = |s: &Session| -> BTreeSet<String> {
            s.scores()
                .into_iter()
                .filter(|x| x.defaulted)
                .map(|x| x.decision)
                .collect()
        };
        let before = defaulted(session);
        let mut trial = session.fork();
        match advance {
            Advance::ToNext => {
                trial.advance_to_next_event();
            }
            Advance::By(n) => trial.advance(n),
        }
        let to = trial.now();
        let mut closing: Vec<OpenDecision> = open
            .iter()
            .filter(|d| d.deadline_at <= to)
            .cloned()
            .collect();
        closing.sort_by_key(|d| d.deadline_at);
        let lapsed =
            |s: &Session| -> BTreeSet<(String, String)> { s.lapses().into_iter().collect() };
        let lapsed_meanwhile = lapsed(&trial)
            .difference(&lapsed(session))
            .filter(|(_, d)| !open.iter().any(|o| &o.decision == d))
            .cloned()
            .collect();
        let defaulted_meanwhile = defaulted(&trial)
            .difference(&before)
            .filter(|d| !open.iter().any(|o| &o.decision == *d))
            .cloned()
            .collect();
        Preview {
            to,
            closing,
            defaulted_meanwhile,
            lapsed_meanwhile,
            outcome: if session.is_over() {
                None
            } else {
                trial.outcome().cloned()
            },
        }
    }

    /// How the exercise would end if `input` were applied now (tried on a
    /// fork); `None` if it would not end it or would be refused.
    pub fn would_end(&self, input: &Input) -> Option<Outcome> {
        if self.session().is_over() {
            return None;
        }
        let mut trial = self.session().fork();
        trial.submit(input.clone()).ok()?;
        trial.outcome().cloned()
    }

    /// Records who sits at a seat.
    pub fn roster(&mut self, roster: sitroom_journal::Roster) -> Result<(), SinkError> {
        self.driver.roster(roster)
    }

    /// Records how the clock is paced.
    pub fn pace(&mut self, pace: Pace) -> Result<(), SinkError> {
        self.driver.pace(pace)
    }

    /// Plays `policy` to the end of the session (a bare session jumps the
    /// idle minutes between what the policy and the scenario do).
    pub fn play(&mut self, policy: &mut dyn Policy) -> Result<(), PlayError> {
        self.play_inner(policy, None)
    }

    /// Plays `policy` to the end, calling `after_minute` after each minute.
    pub fn play_with(
        &mut self,
        policy: &mut dyn Policy,
        after_minute: &mut dyn FnMut(&Session),
    ) -> Result<(), PlayError> {
        self.play_inner(policy, Some(after_minute))
    }

    fn play_inner(
        &mut self,
        policy: &mut dyn Policy,
        mut after_minute: Option<&mut dyn FnMut(&Session)>,
    ) -> Result<(), PlayError> {
        while !self.session().is_over() {
            let now = self.session().now();
            for (i, (seat, input)) in policy.inputs_now(self.session())?.into_iter().enumerate() {
                if self.session().is_over() {
                    break;
                }
                match self.submit(&seat, input) {
                    Ok(()) => {}
                    Err(HostError::Refused(refusal)) => policy.refused(i, now, refusal)?,
                    Err(HostError::Sink(e)) => return Err(PlayError::Sink(e)),
                }
            }
            if self.session().is_over() {
                break;
            }
            let next = policy.next_minute(self.session()).filter(|&at| at > now);
            match (&mut after_minute, next) {
                (Some(f), Some(at)) => self.advance_by(at - now, *f)?,
                // Act again as soon as anything happens (or at the end).
                (Some(f), None) => self.next_event_with(*f)?,
                (None, Some(at)) => self.advance(at - now)?,
                (None, None) => {
                    self.advance_to_next_event()?;
                }
            }
        }
        Ok(())
    }

    fn next_event_with(&mut self, after_minute: &mut dyn FnMut(&Session)) -> Result<(), SinkError> {
        while !self.session().is_over() {
            let event = self.driver.tick()?;
            after_minute(self.session());
            if event {
                break;
            }
        }
        self.driver.flush()
    }
}
