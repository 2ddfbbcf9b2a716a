use std::fmt;

use sitroom_engine::{Input, InputError, Session};
use sitroom_journal::{Pace, RecordError, Recorder, SecretKey};
use sitroom_scenario::Minutes;

/// Writing the record failed (the journal's disk): the session stops being
/// trustworthy, so this is an error, unlike a refused input.
#[derive(Debug)]
pub struct SinkError(pub String);

impl fmt::Display for SinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SinkError {}

/// A session and where its record goes. The host drives either through
/// this one trait; a server or batch runner can add its own sink.
pub trait Driven {
    fn session(&self) -> &Session;
    /// Applies an input; the outer error is the record failing, the inner
    /// the engine refusing (nothing recorded).
    fn submit(&mut self, input: Input) -> Result<Result<(), InputError>, SinkError>;
    /// Runs one minute; whether anything happened.
    fn tick(&mut self) -> Result<bool, SinkError>;
    /// Runs `minutes` minutes, fewer if the session ends. A bare session
    /// jumps idle minutes, and so does a version 4 journal (hashing only
    /// the minutes where something happened); an older one ticks each.
    fn advance(&mut self, minutes: Minutes) -> Result<(), SinkError> {
        for _ in 0..minutes {
            if self.session().is_over() {
                break;
            }
            self.tick()?;
        }
        Ok(())
    }
    /// Runs until something happens (or the end); the minutes advanced.
    fn advance_to_next_event(&mut self) -> Result<Minutes, SinkError> {
        let start = self.session().now();
        while !self.session().is_over() {
            if self.tick()? {
                break;
            }
        }
        Ok(self.session().now() - start)
    }
    /// Makes what was recorded durable (a journal syncs); after a batch of ticks.
    fn flush(&mut self) -> Result<(), SinkError> {
        Ok(())
    }
    /// Records how the clock is paced (a journal keeps it for `resume`).
    fn pace(&mut self, _pace: Pace) -> Result<(), SinkError> {
        Ok(())
    }
    /// Records who sits at a seat (a journal keeps it for the report; a
    /// bare session has nowhere to).
    fn roster(&mut self, _roster: sitroom_journal::Roster) -> Result<(), SinkError> {
        Ok(())
    }
    /// Signs the record as it stands (a journal appends a seal line); a
    /// sink that keeps no record cannot.
    fn seal(&mut self, _key: &SecretKey) -> Result<(), SinkError> {
        Err(SinkError(
            "the session keeps no journal, so there is nothing to seal".into(),
        ))
    }
}

/// A borrowed driver drives the same: a front end keeps its session and
/// hosts it for one command at a time.
impl<D: Driven + ?Sized> Driven for &mut D {
    fn session(&self) -> &Session {
        (**self).session()
    }

    fn submit(&mut self, input: Input) -> Result<Result<(), InputError>, SinkError> {
        (**self).submit(input)
    }

    fn tick(&mut self) -> Result<bool, SinkError> {
        (**self).tick()
    }

    fn advance(&mut self, minutes: Minutes) -> Result<(), SinkError> {
        (**self).advance(minutes)
    }

    fn advance_to_next_event(&mut self) -> Result<Minutes, SinkError> {
        (**self).advance_to_next_event()
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        (**self).flush()
    }

    fn pace(&mut self, pace: Pace) -> Result<(), SinkError> {
        (**self).pace(pace)
    }

    fn seal(&mut self, key: &SecretKey) -> Result<(), SinkError> {
        (**self).seal(key)
    }

    fn roster(&mut self, roster: sitroom_journal::Roster) -> Result<(), SinkError> {
        (**self).roster(roster)
    }
}

impl Driven for Session {
    fn session(&self) -> &Session {
        self
    }

    fn submit(&mut self, input: Input) -> Result<Result<(), InputError>, SinkError> {
        Ok(Session::submit(self, input))
    }

    fn tick(&mut self) -> Result<bool, SinkError> {
        Ok(Session::tick(self))
    }

    fn advance(&mut self, minutes: Minutes) -> Result<(), SinkError> {
        Session::advance(self, minutes);
        Ok(())
    }

    fn advance_to_next_event(&mut self) -> Result<Minutes, SinkError> {
        Ok(Session::advance_to_next_event(self))
    }
}

fn sink(e: RecordError) -> SinkError {
    SinkError(e.to_string())
}

impl Driven for Recorder {
    fn session(&self) -> &Session {
        Recorder::session(self)
    }

    fn submit(&mut self, input: Input) -> Result<Result<(), InputError>, SinkError> {
        match Recorder::submit(self, input) {
            Ok(()) => Ok(Ok(())),
            Err(RecordError::Refused(e)) => Ok(Err(e)),
            Err(e) => Err(sink(e)),
        }
    }

    fn tick(&mut self) -> Result<bool, SinkError> {
        Recorder::tick(self).map_err(sink)
    }

    fn advance(&mut self, minutes: Minutes) -> Result<(), SinkError> {
        Recorder::advance(self, minutes).map_err(sink)
    }

    fn advance_to_next_event(&mut self) -> Result<Minutes, SinkError> {
        Recorder::advance_to_next_event(self).map_err(sink)
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        Recorder::flush(self).map_err(sink)
    }

    fn pace(&mut self, pace: Pace) -> Result<(), SinkError> {
        if self
            .last_pace()
            .is_some_and(|p| p.mode == pace.mode && p.speed == pace.speed)
        {
            return Ok(());
        }
        Recorder::pace(self, pace).map_err(sink)
    }

    fn seal(&mut self, key: &SecretKey) -> Result<(), SinkError> {
        Recorder::seal(self, key).map_err(|e| SinkError(e.to_string()))
    }

    fn roster(&mut self, roster: sitroom_journal::Roster) -> Result<(), SinkError> {
        Recorder::roster(self, roster).map_err(sink)
    }
}
