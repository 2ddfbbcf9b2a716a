//! Times the way people say them, for the advance and go-to prompts: a
//! span (`30`, `30m`, `2h`, `1d`, `1d2h`, `1h30m`), a clock time (`09:30`:
//! the next time the scenario's clock shows it) or a date and time
//! (`2026-10-07 09:30`) on the scenario's clock. Anything else is refused
//! with the accepted forms.

use sitroom_scenario::Minutes;
use sitroom_scenario::calendar::days_from_civil;

/// What the prompts accept, for the refusal.
pub const FORMS: &str =
    "30, 30m, 2h, 1d, 1d2h, a clock time 09:30, or a date and time 2026-10-07 09:30";

/// A span of minutes: digits with an optional unit (m, h, d), units in
/// any combination (`1d2h30m`); bare digits are minutes.
pub fn span(text: &str) -> Option<Minutes> {
    let t = text.trim().to_ascii_lowercase();
    if t.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in t.chars() {
        match c {
            '0'..='9' => digits.push(c),
            'm' | 'h' | 'd' if !digits.is_empty() => {
                let n: u64 = digits.parse().ok()?;
                digits.clear();
                total += n * match c {
                    'm' => 1,
                    'h' => 60,
                    _ => 1440,
                };
            }
            ' ' => {}
            _ => return None,
        }
    }
    if !digits.is_empty() {
        total += digits.parse::<u64>().ok()?;
    }
    Minutes::try_from(total).ok()
}

/// "HH:MM" as minutes of the day.
fn clock(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && text.trim().len() <= 5).then_some(h * 60 + m)
}

/// "YYYY-MM-DD HH:MM" as minutes since 1970.
fn date_time(text: &str) -> Option<i64> {
    let (date, time) = text.trim().split_once([' ', 'T'])?;
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let mo: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&mo) || d == 0 || d > 31 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 1440 + i64::from(clock(time)?))
}

/// The scenario minute a clock time or date-time names, on a clock that
/// shows `start` (`meta.start`, "YYYY-MM-DD HH:MM") at minute 0: a clock
/// time is its next occurrence after `now`.
fn on_clock(text: &str, start: Option<&str>, now: Minutes) -> Option<Result<Minutes, String>> {
    let origin = start.and_then(date_time);
    if let Some(at) = date_time(text) {
        let Some(origin) = origin else {
            return Some(Err(
                "this scenario's clock has no date: give minutes or a span".into(),
            ));
        };
        return Some(
            Minutes::try_from(at - origin)
                .map_err(|_| "that is before the exercise began".to_string()),
        );
    }
    let tod = clock(text)?;
    let Some(origin) = origin else {
        return Some(Err(
            "this scenario's clock shows no time of day: give minutes or a span".into(),
        ));
    };
    let start_tod = origin.rem_euclid(1440) as u32;
    let now_tod = (start_tod + now % 1440) % 1440;
    let ahead = (tod + 1440 - now_tod) % 1440;
    Some(Ok(now + if ahead == 0 { 1440 } else { ahead }))
}

/// The advance prompt: how many minutes to advance from `now`.
pub fn advance_by(text: &str, start: Option<&str>, now: Minutes) -> Result<Minutes, String> {
    if let Some(at) = on_clock(text, start, now) {
        let at = at?;
        return if at > now {
            Ok(at - now)
        } else {
            Err("that time has passed".to_string())
        };
    }
    match span(text) {
        Some(0) => Err("advance by at least one minute".to_string()),
        Some(n) => Ok(n),
        None => Err(format!("not a time: type {FORMS}")),
    }
}

/// The go-to prompt: the scenario minute to show (a span counts from the
/// start, `T+`; a clock time is its first occurrence in the exercise).
pub fn minute(text: &str, start: Option<&str>) -> Result<Minutes, String> {
    if date_time(text).is_some() {
        return on_clock(text, start, 0)
            .unwrap_or_else(|| Err(format!("not a time: type {FORMS}")));
    }
    if let Some(tod) = clock(text) {
        let Some(origin) = start.and_then(date_time) else {
            return Err(
                "this scenario's clock shows no time of day: give minutes or a span".into(),
            );
        };
        let start_tod = origin.rem_euclid(1440) as u32;
        return Ok((tod + 1440 - start_tod) % 1440);
    }
    span(text).ok_or_else(|| format!("not a time: type {FORMS}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const START: Option<&str> = Some("2026-10-07 07:00");

    #[test]
    fn spans_read_as_people_say_them() {
        for (text, m) in [
            ("30", 30),
            ("30m", 30),
            ("2h", 120),
            ("1d", 1440),
            ("1d2h", 1560),
            ("1h30m", 90),
            (" 2H ", 120),
        ] {
            assert_eq!(span(text), Some(m), "{text}");
        }
        for bad in ["", "h", "2x", "-5", "1.5h", "m30"] {
            assert_eq!(span(bad), None, "{bad}");
        }
    }

    #[test]
    fn clock_times_are_their_next_occurrence() {
        // At T+10 (07:10), 09:30 is 140 minutes ahead; 07:05 is tomorrow.
        assert_eq!(advance_by("09:30", START, 10), Ok(140));
        assert_eq!(advance_by("07:05", START, 10), Ok(1435));
        assert_eq!(advance_by("2026-10-08 07:00", START, 10), Ok(1430));
        assert!(advance_by("2026-10-07 07:05", START, 10).is_err(), "passed");
        assert!(advance_by("09:30", None, 10).is_err(), "no clock");
        assert!(advance_by("0", START, 10).is_err());
        assert_eq!(advance_by("1d", START, 10), Ok(1440));
        let e = advance_by("soon", START, 10).unwrap_err();
        assert!(e.contains("1d2h") && e.contains("09:30"), "{e}");
    }

    #[test]
    fn go_to_names_a_minute_of_the_exercise() {
        assert_eq!(minute("90", START), Ok(90));
        assert_eq!(minute("2h", START), Ok(120));
        assert_eq!(minute("09:30", START), Ok(150));
        assert_eq!(minute("07:00", START), Ok(0));
        assert_eq!(minute("2026-10-08 07:00", START), Ok(1440));
        assert!(minute("25:00", START).is_err());
    }
}
