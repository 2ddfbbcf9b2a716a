use sitroom_scenario::Minutes;

/// Real time for a session: wall-clock milliseconds in, whole scenario
/// minutes out, at `speed` scenario minutes per wall minute. The engine
/// knows only minutes; whoever owns a wall clock feeds it here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacer {
    /// Scenario minutes per wall-clock minute (at least 1).
    speed: u32,
    /// Wall milliseconds accumulated towards the next minute.
    carry_ms: u64,
}

impl Pacer {
    pub fn new(speed: u32) -> Pacer {
        Pacer {
            speed: speed.max(1),
            carry_ms: 0,
        }
    }

    /// A pace given as wall milliseconds per scenario minute (`run --pace-ms`).
    pub fn per_minute_ms(ms: u64) -> Pacer {
        // 60 000 ms / ms-per-minute minutes per wall minute, at least 1;
        // faster than one a millisecond is as fast as it gets.
        let speed = 60_000 / ms.max(1);
        Pacer::new(u32::try_from(speed).unwrap_or(u32::MAX))
    }

    pub fn speed(&self) -> u32 {
        self.speed
    }

    pub fn set_speed(&mut self, speed: u32) {
        self.speed = speed.max(1);
    }

    /// Wall milliseconds one scenario minute takes.
    pub fn ms_per_minute(&self) -> u64 {
        (60_000 / u64::from(self.speed)).max(1)
    }

    /// Forgets time accumulated (after a pause).
    pub fn reset(&mut self) {
        self.carry_ms = 0;
    }

    /// Adds elapsed wall time; returns the whole minutes now due.
    pub fn elapse(&mut self, ms: u64) -> Minutes {
        let per = self.ms_per_minute();
        self.carry_ms = self.carry_ms.saturating_add(ms);
        let due = self.carry_ms / per;
        self.carry_ms %= per;
        Minutes::try_from(due).unwrap_or(Minutes::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::Pacer;

    #[test]
    fn wall_time_becomes_whole_minutes_and_keeps_the_rest() {
        let mut p = Pacer::new(10);
        assert_eq!(p.ms_per_minute(), 6_000);
        assert_eq!(p.elapse(5_999), 0);
        assert_eq!(p.elapse(1), 1);
        assert_eq!(p.elapse(12_500), 2);
        assert_eq!(p.elapse(5_500), 1, "the 500 ms carried over count");
        p.reset();
        assert_eq!(p.elapse(5_999), 0);
        assert_eq!(Pacer::per_minute_ms(100).ms_per_minute(), 100);
        assert_eq!(Pacer::new(0).speed(), 1);
    }
}
