//! Reading the many ways MSELs write "when", and turning them into minutes
//! since STARTEX (minute 0 of the scenario).
//!
//! A time is read into one of three frames: relative to the start of the
//! exercise (`T+30`), a clock time on an exercise day (`08:00`, `D+1 08:00`),
//! or a dated instant (`141530ZMAR26`, an Excel date-time). Undated clock
//! times are placed on the day of the earliest dated event, `T+` times are
//! counted from STARTEX (the time of the row marked STARTEX, else the
//! earliest clock or dated event), and then everything is shifted so that
//! STARTEX is minute 0: the marked row, else the row at `T+0`, else `T+0`
//! itself when a row is at `T-`, else the earliest event. Rows before it
//! get negative minutes; the builder decides what to do with them.

use crate::sheet::{Cell, ExcelStamp};
pub use sitroom_scenario::calendar::{civil_from_days, days_from_civil};

/// One parsed time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// Minutes after the start of the exercise (may be negative: `T-15`).
    Relative(i64),
    /// A clock time on exercise day `day` (0 = the first day).
    Clock { day: i64, minute: i64 },
    /// Minutes since 1970-01-01 00:00 UTC (or the sheet's local time).
    Dated(i64),
}

/// A separate date column's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    /// Exercise day index, 0 = the first day.
    Index(i64),
    /// Days since 1970-01-01.
    Date(i64),
}

/// How `a/b/yyyy` dates are read: month first as in the US (Excel's
/// default export), or day first as in most of the world.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlashOrder {
    MonthFirst,
    DayFirst,
}

/// Decides the order of slashed dates from the sheet's own time cells: a
/// first number above 12 can only be a day, a second one only a day too.
/// Returns the order and, when the sheet gives no or contradictory
/// evidence, a note saying what was assumed.
pub fn slash_order<'a>(texts: impl Iterator<Item = &'a str>) -> (SlashOrder, Option<String>) {
    let (mut day_first, mut month_first, mut any) = (false, false, false);
    for text in texts {
        for token in text.split_whitespace() {
            let parts: Vec<&str> = token.split('/').collect();
            if let [a, b, c] = parts.as_slice()
                && let (Some(a), Some(b), Some(_)) = (number(a), number(b), number(c))
            {
                any = true;
                day_first |= a > 12;
                month_first |= b > 12;
            }
        }
    }
    match (any, day_first, month_first) {
        (false, _, _) => (SlashOrder::MonthFirst, None),
        (true, true, false) => (
            SlashOrder::DayFirst,
            Some("dates like 14/3/2026 are read as day/month/year".into()),
        ),
        (true, false, true) => (
            SlashOrder::MonthFirst,
            Some("dates like 3/14/2026 are read as month/day/year".into()),
        ),
        (true, false, false) => (
            SlashOrder::MonthFirst,
            Some(
                "dates like 3/4/2026 are ambiguous; read as month/day/year (US). \
                 Write 2026-04-03 style dates to be sure"
                    .into(),
            ),
        ),
        (true, true, true) => (
            SlashOrder::MonthFirst,
            Some(
                "the sheet mixes day/month/year and month/day/year dates; read as \
                 month/day/year, so the others are reported as bad times"
                    .into(),
            ),
        ),
    }
}

/// Excel's serial day of 1970-01-01 (its epoch is 1899-12-30).
const EXCEL_UNIX_EPOCH: i64 = 25_569;
/// Below this a plain number is minutes, above it an Excel serial date
/// (20 000 is 1954-10-03).
const EXCEL_SERIAL_MIN: f64 = 20_000.0;
const DAY: i64 = 1440;

const HINT: &str = "use HH:MM, T+mm, D+1 08:00, a date-time like 2026-03-14 08:00 \
                    or a date-time group like 141530ZMAR26";

/// Reads a time cell. `Ok(None)` for an empty cell.
pub fn parse_cell(cell: &Cell, order: SlashOrder) -> Result<Option<Stamp>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => parse_number(*n).map(Some),
        Cell::DateTime(s) => Ok(Some(from_excel(s))),
        Cell::Duration(m) => Ok(Some(Stamp::Relative(*m as i64))),
        Cell::Text(s) if s.trim().is_empty() => Ok(None),
        Cell::Text(s) => parse_text(s, order).map(Some),
    }
}

fn from_excel(s: &ExcelStamp) -> Stamp {
    match s.date {
        Some((y, m, d)) => Stamp::Dated(days_from_civil(y, m, d) * DAY + s.minute),
        None => Stamp::Clock {
            day: 0,
            minute: s.minute,
        },
    }
}

fn parse_number(n: f64) -> Result<Stamp, String> {
    if !n.is_finite() {
        return Err(format!("cannot read the time `{n}`"));
    }
    if (EXCEL_SERIAL_MIN..3_000_000.0).contains(&n) {
        let minutes = (n * DAY as f64).round() as i64;
        return Ok(Stamp::Dated(minutes - EXCEL_UNIX_EPOCH * DAY));
    }
    if n > 0.0 && n < 1.0 {
        return Ok(Stamp::Clock {
            day: 0,
            minute: (n * DAY as f64).round() as i64,
        });
    }
    if n.fract() == 0.0 && n.abs() < EXCEL_SERIAL_MIN {
        return Ok(Stamp::Relative(n as i64));
    }
    Err(format!(
        "the number `{n}` is neither whole minutes nor an Excel date/time; {HINT}"
    ))
}

/// Reads a time written as text.
pub fn parse_text(raw: &str, order: SlashOrder) -> Result<Stamp, String> {
    let (s, marked) = without_startex(&raw.trim().to_uppercase());
    let fail = || format!("cannot read the time `{}`; {HINT}", raw.trim());
    if marked && s.is_empty() {
        // The cell said only STARTEX: the start of the exercise, T+0.
        return Ok(Stamp::Relative(0));
    }
    if let Some(stamp) = relative(&s) {
        return stamp.ok_or_else(fail);
    }
    if let Some(minutes) = dtg(&s) {
        return Ok(Stamp::Dated(minutes));
    }
    if let Some(minutes) = dated(&s, order) {
        return Ok(Stamp::Dated(minutes));
    }
    if let Some((day, rest)) = day_prefix(&s) {
        let rest = rest
            .trim_start_matches([' ', ',', '-', '@', '/', '\t'])
            .trim();
        let minute = if rest.is_empty() {
            Some(0)
        } else {
            clock(rest)
        };
        return minute
            .map(|minute| Stamp::Clock { day, minute })
            .ok_or_else(fail);
    }
    if let Some(minute) = clock(&s) {
        return Ok(Stamp::Clock { day: 0, minute });
    }
    if let Some(m) = minutes(&s) {
        return Ok(Stamp::Relative(m));
    }
    Err(fail())
}

/// An upper-case time cell without its STARTEX marker ("09:00 (STARTEX)"
/// → "09:00", "STARTEX" → ""), and whether it had one.
fn without_startex(s: &str) -> (String, bool) {
    let mut out = s.to_string();
    for marker in ["STARTEX", "START-EX", "START EX"] {
        out = out.replace(marker, " ");
    }
    if out == s {
        return (out, false);
    }
    let rest = out.trim_matches(|c: char| c.is_whitespace() || "()[]-–—:,/".contains(c));
    (rest.to_string(), true)
}

/// A separate date / exercise-day cell.
pub fn parse_day(cell: &Cell, order: SlashOrder) -> Result<Option<Day>, String> {
    let bad =
        |t: &str| format!("cannot read the date `{t}`; use 2026-03-14, 14 Mar 2026, Day 2 or D+1");
    match cell {
        Cell::Empty => Ok(None),
        Cell::Text(t) if t.trim().is_empty() => Ok(None),
        Cell::Number(n) if *n >= EXCEL_SERIAL_MIN && *n < 3_000_000.0 => {
            Ok(Some(Day::Date(n.floor() as i64 - EXCEL_UNIX_EPOCH)))
        }
        // A bare day number: "Day" columns often hold 1, 2, 3.
        Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1000.0 => {
            Ok(Some(Day::Index((*n as i64 - 1).max(0))))
        }
        Cell::DateTime(ExcelStamp {
            date: Some((y, m, d)),
            ..
        }) => Ok(Some(Day::Date(days_from_civil(*y, *m, *d)))),
        Cell::Text(t) => {
            let s = t.trim().to_uppercase();
            if let Some((day, rest)) = day_prefix(&s)
                && rest.trim().is_empty()
            {
                return Ok(Some(Day::Index(day)));
            }
            if let Ok(n) = s.parse::<i64>()
                && (0..1000).contains(&n)
            {
                return Ok(Some(Day::Index((n - 1).max(0))));
            }
            match dated(&s, order) {
                Some(m) if m.rem_euclid(DAY) == 0 => Ok(Some(Day::Date(m.div_euclid(DAY)))),
                _ => Err(bad(t.trim())),
            }
        }
        other => Err(bad(&other.text())),
    }
}

/// A time on a given day.
pub fn on_day(day: Day, time: Stamp) -> Result<Stamp, String> {
    match (day, time) {
        (_, Stamp::Dated(m)) => Ok(Stamp::Dated(m)),
        (Day::Index(d), Stamp::Clock { day, minute }) => Ok(Stamp::Clock {
            day: d + day,
            minute,
        }),
        (Day::Date(d), Stamp::Clock { day, minute }) => Ok(Stamp::Dated((d + day) * DAY + minute)),
        (_, Stamp::Relative(_)) => Err(
            "a T+ time cannot be combined with the date column; give a clock time (HH:MM) instead"
                .into(),
        ),
    }
}

/// `T+30`, `T+01:30`, `T + 1h30`, `T-15`. `None` if it does not start with
/// `T+`/`T-`; `Some(None)` if it does but the rest is unreadable.
fn relative(s: &str) -> Option<Option<Stamp>> {
    let rest = s.strip_prefix('T')?.trim_start();
    let (sign, rest) = if let Some(r) = rest.strip_prefix('+') {
        (1, r)
    } else if let Some(r) = rest.strip_prefix('-') {
        (-1, r)
    } else {
        return None;
    };
    let rest = rest.trim();
    let value = duration(rest);
    Some(value.map(|m| Stamp::Relative(sign * m)))
}

/// `30`, `30 min`, `01:30`, `1:30:00`, `1h30`, `2h`, `90m`.
fn duration(s: &str) -> Option<i64> {
    if let Some(m) = minutes(s) {
        return Some(m);
    }
    let parts: Vec<&str> = s.split(':').collect();
    match parts.as_slice() {
        [h, m] | [h, m, _] => {
            let (h, m) = (number(h)?, number(m)?);
            (m < 60).then_some(h * 60 + m)
        }
        _ => {
            let (h, m) = s.split_once('H')?;
            let m = m
                .trim()
                .trim_end_matches("MIN")
                .trim_end_matches('M')
                .trim();
            let m = if m.is_empty() { 0 } else { number(m)? };
            (m < 60).then_some(number(h.trim())? * 60 + m)
        }
    }
}

/// A whole number of minutes, optionally with a unit: `30`, `+30`, `30 min`.
fn minutes(s: &str) -> Option<i64> {
    let s = s.strip_prefix('+').unwrap_or(s).trim();
    let digits = s
        .trim_end_matches("MINUTES")
        .trim_end_matches("MINS")
        .trim_end_matches("MIN")
        .trim_end_matches('M')
        .trim();
    number(digits)
}

/// At most 7 ASCII digits (no sign): small enough never to overflow.
fn number(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 7 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A clock time: `08:00`, `8:00`, `08:00:30`, `0800`, `0800Z`, `0800 hrs`,
/// `08h30`, `8.30`, `9:30 AM`. Hours above 23 are allowed without AM/PM
/// ("26:00" = 02:00 the next day, as elapsed-clock MSELs write it).
fn clock(s: &str) -> Option<i64> {
    let s = s.trim();
    let (s, meridiem) = if let Some(r) = s.strip_suffix("AM").or_else(|| s.strip_suffix("A.M.")) {
        (r.trim(), Some(false))
    } else if let Some(r) = s.strip_suffix("PM").or_else(|| s.strip_suffix("P.M.")) {
        (r.trim(), Some(true))
    } else {
        (s, None)
    };
    let s = s
        .trim_end_matches("HOURS")
        .trim_end_matches("HRS")
        .trim_end_matches("HR")
        .trim();
    // Minutes are always two digits: "1.5" is not 01:05.
    let two = |m: &str| if m.len() == 2 { number(m) } else { None };
    let (h, m) = if let Some((h, rest)) = s.split_once(':') {
        let m = rest.split(':').next().unwrap_or(rest);
        (number(h)?, two(m)?)
    } else if let Some((h, m)) = s.split_once('H') {
        let m = if m.is_empty() { 0 } else { two(m)? };
        (number(h)?, m)
    } else if let Some((h, m)) = s.split_once('.') {
        (number(h)?, two(m)?)
    } else {
        // Four digits, optionally with a time-zone letter: 0830, 0830Z, 0830L.
        let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let zone = &s[digits.len()..];
        if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) && zone.len() <= 1 {
            (number(&digits[..2])?, number(&digits[2..])?)
        } else if meridiem.is_some() && digits.len() <= 2 && zone.is_empty() {
            (number(digits)?, 0)
        } else {
            return None;
        }
    };
    if m >= 60 {
        return None;
    }
    let h = match meridiem {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(false) => h % 12,
        Some(true) => h % 12 + 12,
    };
    if meridiem.is_none() && h > 99 {
        return None;
    }
    Some(h * 60 + m)
}

/// `D+1`, `D-1`, `D1`, `DAY 2`, `DAY2`: the exercise-day index (D+0 and
/// Day 1 are the first day) and what follows.
fn day_prefix(s: &str) -> Option<(i64, &str)> {
    let take_digits = |r: &str| -> Option<(i64, usize)> {
        let r = r.trim_start();
        let end = r.bytes().take_while(u8::is_ascii_digit).count();
        let n = number(&r[..end])?;
        Some((n, end))
    };
    let split = |r: &str| -> Option<(i64, usize)> {
        let trimmed = r.trim_start();
        let (n, len) = take_digits(trimmed)?;
        Some((n, r.len() - trimmed.len() + len))
    };
    if let Some(r) = s.strip_prefix("DAY") {
        let (n, len) = split(r)?;
        return Some(((n - 1).max(0), &r[len..]));
    }
    let r = s.strip_prefix('D')?;
    if let Some(r2) = r.strip_prefix('+') {
        let (n, len) = split(r2)?;
        return Some((n, &r2[len..]));
    }
    if let Some(r2) = r.strip_prefix('-') {
        let (n, len) = split(r2)?;
        return Some((-n, &r2[len..]));
    }
    // "D1 08:00"; but not a DTG-like "D1530" (at most two digits).
    let (n, len) = split(r)?;
    (len <= 2).then_some(((n - 1).max(0), &r[len..]))
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

fn month(name: &str) -> Option<u32> {
    let name = name.get(..3)?;
    MONTHS.iter().position(|m| *m == name).map(|i| i as u32 + 1)
}

/// A military date-time group `DDHHMM[Z]MONYY` (`141530ZMAR26`,
/// `14 1530Z MAR 2026`), converted to UTC from its zone letter.
fn dtg(s: &str) -> Option<i64> {
    let c: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let b = c.as_bytes();
    if b.len() < 12 || !b[..6].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let zone = char::from(b[6]);
    if !zone.is_ascii_uppercase() {
        return None;
    }
    let mon = month(c.get(7..10)?)?;
    let year_digits = c.get(10..)?;
    let year = match year_digits.len() {
        2 => 2000 + number(year_digits)?,
        4 => number(year_digits)?,
        _ => return None,
    };
    let day = number(&c[0..2])? as u32;
    let (h, m) = (number(&c[2..4])?, number(&c[4..6])?);
    if h > 23 || m > 59 || day == 0 || day > sitroom_scenario::calendar::days_in_month(year, mon) {
        return None;
    }
    let local = days_from_civil(year, mon, day) * DAY + h * 60 + m;
    Some(local - zone_offset(zone)? * 60)
}

/// Hours ahead of UTC for a military time-zone letter (J, local time, is
/// read as UTC: the sheet's times are compared with each other only).
fn zone_offset(zone: char) -> Option<i64> {
    let z = zone as i64;
    match zone {
        'Z' | 'J' => Some(0),
        'A'..='I' => Some(z - 'A' as i64 + 1),
        'K'..='M' => Some(z - 'K' as i64 + 10),
        'N'..='Y' => Some(-(z - 'N' as i64 + 1)),
        _ => None,
    }
}

/// `2026-03-14 08:00`, `2026-03-14T08:00:00`, `2026/03/14 08:00`,
/// `14.03.2026 08:00`, `14 Mar 2026 08:00`, `14-MAR-26 0800`, or a date alone.
fn dated(s: &str, order: SlashOrder) -> Option<i64> {
    let s = s.trim();
    let (date, time) = match s.find(['T', ' ']) {
        // 'T' only separates when a digit precedes it (not in "14 MAR").
        Some(_) => split_date_time(s, order)?,
        None => (s, ""),
    };
    let (y, m, d) = civil_date(date, order)?;
    let time = time.trim().trim_end_matches('Z');
    let minute = if time.is_empty() { 0 } else { clock(time)? };
    if minute >= DAY {
        return None;
    }
    Some(days_from_civil(y, m, d) * DAY + minute)
}

fn split_date_time(s: &str, order: SlashOrder) -> Option<(&str, &str)> {
    // Try each split point; the date is the longest prefix that parses.
    let mut best = None;
    for (i, c) in s.char_indices() {
        if (c == ' ' || c == 'T') && civil_date(s[..i].trim(), order).is_some() {
            best = Some((s[..i].trim(), &s[i + 1..]));
        }
    }
    best.or_else(|| civil_date(s, order).map(|_| (s, "")))
}

fn civil_date(s: &str, order: SlashOrder) -> Option<(i64, u32, u32)> {
    let parts: Vec<&str> = s
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 {
        (number(a)?, number(b)? as u32, number(c)? as u32)
    } else if let Some(mon) = month(b) {
        let y = match c.len() {
            2 => 2000 + number(c)?,
            4 => number(c)?,
            _ => return None,
        };
        (y, mon, number(a)? as u32)
    } else if s.contains('.') && c.len() == 4 {
        // Day.month.year, as written in much of Europe.
        (number(c)?, number(b)? as u32, number(a)? as u32)
    } else if s.contains('/') && (c.len() == 4 || c.len() == 2) && a.len() <= 2 && b.len() <= 2 {
        // 3/14/2026 or 14/3/2026: the sheet's order was decided beforehand.
        let y = if c.len() == 2 {
            2000 + number(c)?
        } else {
            number(c)?
        };
        let (a, b) = (number(a)? as u32, number(b)? as u32);
        match order {
            SlashOrder::MonthFirst => (y, a, b),
            SlashOrder::DayFirst => (y, b, a),
        }
    } else {
        return None;
    };
    ((1..=12).contains(&m) && d >= 1 && d <= sitroom_scenario::calendar::days_in_month(y, m))
        .then_some((y, m, d))
}

/// What minute 0 of the time line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The stamp of the row marked STARTEX (its index).
    Marked(usize),
    /// The first stamp at `T+0` (its index).
    TZero(usize),
    /// `T+0` itself, with no row at it: some row is at `T-`.
    Implicit,
    /// The earliest stamp (nothing says where STARTEX is).
    Earliest,
}

/// The result of placing every event on one time line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// Minutes since STARTEX, one per input stamp; negative before it.
    pub minutes: Vec<i64>,
    /// What minute 0 is called in the scenario's world, when known.
    pub start: Option<String>,
    pub anchor: Anchor,
}

/// Places the stamps on one time line whose minute 0 is STARTEX: the stamp
/// at index `marked` (the row marked STARTEX) if given, else the first at
/// `T+0`, else `T+0` when some stamp is at `T-`, else the earliest.
pub fn normalise(stamps: &[Stamp], marked: Option<usize>) -> Timeline {
    let dated_min = stamps
        .iter()
        .filter_map(|s| match s {
            Stamp::Dated(m) => Some(*m),
            _ => None,
        })
        .min();
    let base_day = dated_min.map_or(0, |m| m.div_euclid(DAY));
    let absolute = |s: &Stamp| match *s {
        Stamp::Dated(m) => Some(m),
        Stamp::Clock { day, minute } => Some((base_day + day) * DAY + minute),
        Stamp::Relative(_) => None,
    };
    let earliest = stamps.iter().filter_map(absolute).min();
    let marked = marked.filter(|&i| i < stamps.len());
    // T+ counts from STARTEX: the marked row's clock or date when it has
    // one, else the earliest clock or date.
    let base = marked
        .and_then(|i| stamps.get(i))
        .and_then(absolute)
        .or(earliest)
        .unwrap_or(0);
    let placed: Vec<i64> = stamps
        .iter()
        .map(|s| match *s {
            Stamp::Relative(r) => base + r,
            _ => absolute(s).unwrap_or(0),
        })
        .collect();
    let at = |i: usize| placed.get(i).copied().unwrap_or(base);
    let t_zero = stamps.iter().position(|s| *s == Stamp::Relative(0));
    let before_t = stamps
        .iter()
        .any(|s| matches!(s, Stamp::Relative(r) if *r < 0));
    let (zero, anchor) = if let Some(i) = marked {
        (at(i), Anchor::Marked(i))
    } else if let Some(i) = t_zero {
        (at(i), Anchor::TZero(i))
    } else if before_t {
        (base, Anchor::Implicit)
    } else {
        (placed.iter().copied().min().unwrap_or(0), Anchor::Earliest)
    };
    let start = earliest.map(|_| {
        let hm = format!(
            "{:02}:{:02}",
            zero.rem_euclid(DAY) / 60,
            zero.rem_euclid(DAY) % 60
        );
        if dated_min.is_some() {
            let (y, m, d) = civil_from_days(zero.div_euclid(DAY));
            format!("{y:04}-{m:02}-{d:02} {hm}")
        } else {
            let day_used = stamps
                .iter()
                .any(|s| matches!(s, Stamp::Clock { day, .. } if *day != 0));
            if day_used || zero.div_euclid(DAY) != 0 {
                format!("Day {} {hm}", zero.div_euclid(DAY) + 1)
            } else {
                hm
            }
        }
    });
    Timeline {
        minutes: placed.iter().map(|m| m - zero).collect(),
        start,
        anchor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock_of(s: &str) -> Stamp {
        parse_text(s, SlashOrder::MonthFirst).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn reads_clock_times() {
        for (s, m) in [
            ("08:00", 480),
            ("8:05", 485),
            ("08:00:59", 480),
            ("0830", 510),
            ("0830Z", 510),
            ("0830 hrs", 510),
            ("08h30", 510),
            ("9:30 AM", 570),
            ("12:15 pm", 735),
            ("12:15 am", 15),
            ("9 pm", 1260),
            ("26:00", 1560),
        ] {
            assert_eq!(clock_of(s), Stamp::Clock { day: 0, minute: m }, "{s}");
        }
    }

    #[test]
    fn reads_relative_times() {
        for (s, m) in [
            ("T+0", 0),
            ("T+30", 30),
            ("t + 90", 90),
            ("T+01:30", 90),
            ("T+1h30", 90),
            ("T+2h", 120),
            ("T+45 min", 45),
            ("T-15", -15),
            ("30", 30),
            ("45 min", 45),
        ] {
            assert_eq!(clock_of(s), Stamp::Relative(m), "{s}");
        }
    }

    #[test]
    fn reads_day_offsets() {
        assert_eq!(
            clock_of("D+1 08:00"),
            Stamp::Clock {
                day: 1,
                minute: 480
            }
        );
        assert_eq!(
            clock_of("D+0, 0930"),
            Stamp::Clock {
                day: 0,
                minute: 570
            }
        );
        assert_eq!(
            clock_of("Day 2 09:30"),
            Stamp::Clock {
                day: 1,
                minute: 570
            }
        );
        assert_eq!(
            clock_of("Day 1 - 14:00"),
            Stamp::Clock {
                day: 0,
                minute: 840
            }
        );
        assert_eq!(
            clock_of("D2 07:15"),
            Stamp::Clock {
                day: 1,
                minute: 435
            }
        );
        assert_eq!(clock_of("Day 3"), Stamp::Clock { day: 2, minute: 0 });
    }

    #[test]
    fn reads_dates_and_dtgs() {
        let base = days_from_civil(2026, 3, 14) * DAY;
        assert_eq!(clock_of("141530ZMAR26"), Stamp::Dated(base + 930));
        assert_eq!(clock_of("14 1530Z MAR 2026"), Stamp::Dated(base + 930));
        // Zone A is UTC+1: 16:30 A is 15:30 Z.
        assert_eq!(clock_of("141630AMAR26"), Stamp::Dated(base + 930));
        assert_eq!(clock_of("2026-03-14 08:00"), Stamp::Dated(base + 480));
        assert_eq!(clock_of("2026-03-14T08:00:00"), Stamp::Dated(base + 480));
        assert_eq!(clock_of("14.03.2026 08:00"), Stamp::Dated(base + 480));
        assert_eq!(clock_of("14 Mar 2026 08:00"), Stamp::Dated(base + 480));
        assert_eq!(clock_of("14-MAR-26 0800"), Stamp::Dated(base + 480));
        assert!(parse_text("320000ZFEB26", SlashOrder::MonthFirst).is_err());
        assert!(parse_text("2026-02-30 08:00", SlashOrder::MonthFirst).is_err());
    }

    #[test]
    fn slashed_dates_follow_the_sheet() {
        let base = days_from_civil(2026, 3, 14) * DAY;
        let us = parse_text("3/14/2026 8:00 AM", SlashOrder::MonthFirst);
        assert_eq!(us, Ok(Stamp::Dated(base + 480)));
        let eu = parse_text("14/03/2026 08:00", SlashOrder::DayFirst);
        assert_eq!(eu, Ok(Stamp::Dated(base + 480)));
        assert!(parse_text("14/03/2026 08:00", SlashOrder::MonthFirst).is_err());

        let (order, note) = slash_order(["14/03/2026 08:00", "2/04/2026 09:00"].into_iter());
        assert_eq!(order, SlashOrder::DayFirst);
        assert!(note.is_some());
        let (order, _) = slash_order(["3/14/26 8:00"].into_iter());
        assert_eq!(order, SlashOrder::MonthFirst);
        assert_eq!(
            slash_order(["08:00", "T+5"].into_iter()),
            (SlashOrder::MonthFirst, None)
        );
        assert!(slash_order(["3/4/2026"].into_iter()).1.is_some());
    }

    #[test]
    fn rejects_nonsense() {
        for s in [
            "soon",
            "25:61",
            "T+",
            "T+abc",
            "13:00 PM",
            "",
            "99999999999",
            "D+",
            "1.5",
        ] {
            assert!(parse_text(s, SlashOrder::MonthFirst).is_err(), "{s}");
        }
        assert!(parse_number(1.5).is_err());
    }

    #[test]
    fn excel_numbers() {
        // 2026-03-14 08:00 is serial 46095.3333…
        let serial = 46095.0 + 8.0 / 24.0;
        let base = days_from_civil(2026, 3, 14) * DAY;
        assert_eq!(parse_number(serial), Ok(Stamp::Dated(base + 480)));
        assert_eq!(
            parse_number(0.5),
            Ok(Stamp::Clock {
                day: 0,
                minute: 720
            })
        );
        assert_eq!(parse_number(30.0), Ok(Stamp::Relative(30)));
    }

    #[test]
    fn civil_round_trip() {
        for d in [-1000, 0, 1, 59, 365, 20_527, 100_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2026, 3, 14), 20_526);
    }

    #[test]
    fn mixed_frames_share_one_line() {
        let t = normalise(
            &[
                Stamp::Clock {
                    day: 0,
                    minute: 540,
                },
                Stamp::Relative(30),
                Stamp::Clock {
                    day: 1,
                    minute: 480,
                },
            ],
            None,
        );
        assert_eq!(t.minutes, [0, 30, 1380]);
        assert_eq!(t.start.as_deref(), Some("Day 1 09:00"));

        let base = days_from_civil(2026, 3, 14) * DAY;
        let t = normalise(
            &[
                Stamp::Dated(base + 600),
                Stamp::Clock {
                    day: 0,
                    minute: 570,
                },
                Stamp::Relative(60),
            ],
            None,
        );
        assert_eq!(t.minutes, [30, 0, 60]);
        assert_eq!(t.start.as_deref(), Some("2026-03-14 09:30"));

        let t = normalise(&[Stamp::Relative(15), Stamp::Relative(5)], None);
        assert_eq!(t.minutes, [10, 0]);
        assert_eq!(t.start, None);
        assert_eq!(t.anchor, Anchor::Earliest);
    }

    #[test]
    fn t_plus_counts_from_startex() {
        use Stamp::{Clock, Relative};
        // T+0 is minute 0 even below a T-30 row.
        let t = normalise(&[Relative(-30), Relative(0), Relative(15)], None);
        assert_eq!(t.minutes, [-30, 0, 15]);
        assert_eq!(t.anchor, Anchor::TZero(1));
        // No T+0 row, but a T- row: T+0 is still minute 0.
        let t = normalise(&[Relative(-30), Relative(10)], None);
        assert_eq!(t.minutes, [-30, 10]);
        assert_eq!(t.anchor, Anchor::Implicit);
        // The row marked STARTEX at 09:00: an 08:30 row is before it, T+15
        // is 09:15.
        let clock = |minute| Clock { day: 0, minute };
        let t = normalise(&[clock(510), clock(540), Relative(15)], Some(1));
        assert_eq!(t.minutes, [-30, 0, 15]);
        assert_eq!(t.start.as_deref(), Some("09:00"));
        assert_eq!(t.anchor, Anchor::Marked(1));
        // A marked row out of range is no mark.
        let t = normalise(&[clock(510)], Some(3));
        assert_eq!(t.anchor, Anchor::Earliest);
    }

    #[test]
    fn startex_in_the_time_cell() {
        assert_eq!(clock_of("STARTEX"), Stamp::Relative(0));
        assert_eq!(clock_of("StartEx"), Stamp::Relative(0));
        assert_eq!(
            clock_of("09:00 (STARTEX)"),
            Stamp::Clock {
                day: 0,
                minute: 540
            }
        );
        assert_eq!(clock_of("T+0 STARTEX"), Stamp::Relative(0));
        assert_eq!(clock_of("T-00:30"), Stamp::Relative(-30));
        assert!(parse_text("ENDEX", SlashOrder::MonthFirst).is_err());
    }
}
