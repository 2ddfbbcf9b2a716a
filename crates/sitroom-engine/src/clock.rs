//! The in-scenario clock label shown to players. The engine counts minutes;
//! `meta.start` ("2026-03-14 08:00") only gives minute 0 a name.

use sitroom_scenario::Minutes;
use sitroom_scenario::calendar::{civil_from_days, days_from_civil};

/// `start` + `now` as "YYYY-MM-DD HH:MM" when `start` is such a date-time,
/// "HH:MM" (with "+Nd" after midnight) when it is a time of day, else "T+HH:MM".
pub fn label(start: Option<&str>, now: Minutes) -> String {
    let start = start.map(str::trim).unwrap_or("");
    if let Some((date, time)) = start.split_once(' ')
        && let (Some((y, m, d)), Some(hm)) = (parse_date(date), parse_time(time.trim()))
    {
        let total = u64::from(hm) + u64::from(now);
        let days = days_from_civil(y, m, d) + (total / 1440) as i64;
        let (y, m, d) = civil_from_days(days);
        let rest = total % 1440;
        return format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", rest / 60, rest % 60);
    }
    if let Some(hm) = parse_time(start) {
        let total = u64::from(hm) + u64::from(now);
        let (days, rest) = (total / 1440, total % 1440);
        let clock = format!("{:02}:{:02}", rest / 60, rest % 60);
        return if days == 0 {
            clock
        } else {
            format!("{clock} +{days}d")
        };
    }
    format!("T+{:02}:{:02}", now / 60, now % 60)
}

fn parse_date(s: &str) -> Option<(i64, u32, u32)> {
    let mut parts = s.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some()
        || !(1..=12).contains(&m)
        || d < 1
        || d > sitroom_scenario::calendar::days_in_month(y, m)
    {
        return None;
    }
    Some((y, m, d))
}

/// Minutes after midnight of "HH:MM".
fn parse_time(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn labels() {
        assert_eq!(label(Some("2026-03-14 08:00"), 0), "2026-03-14 08:00");
        assert_eq!(label(Some("2026-03-14 08:00"), 75), "2026-03-14 09:15");
        assert_eq!(label(Some("2024-02-28 23:30"), 60), "2024-02-29 00:30");
        assert_eq!(label(Some("2025-12-31 23:59"), 1), "2026-01-01 00:00");
        assert_eq!(label(Some("22:00"), 150), "00:30 +1d");
        assert_eq!(label(Some("not a time"), 135), "T+02:15");
        assert_eq!(label(None, 0), "T+00:00");
        assert_eq!(label(Some("2026-02-30 08:00"), 0), "T+00:00");
    }
}
