//! Fitting text into cells: display width, truncation with an ellipsis,
//! and the small formatters every screen shares (minutes, percentages).

use std::borrow::Cow;

use ratatui::text::Span;
use sitroom_scenario::Minutes;

/// The ellipsis that marks cut text.
pub const ELLIPSIS: char = '…';

/// Display width of a string in terminal cells (wide CJK = 2, combining = 0).
pub fn width(s: &str) -> usize {
    Span::raw(s).width()
}

fn char_width(c: char) -> usize {
    let mut buf = [0u8; 4];
    width(c.encode_utf8(&mut buf))
}

/// The longest prefix of `s` that fits in `max` cells (no ellipsis).
pub fn prefix(s: &str, max: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = char_width(c);
        if used + w > max {
            return &s[..i];
        }
        used += w;
    }
    s
}

/// `s` cut to at most `max` cells, ending in `…` when something was cut.
pub fn ellipsize(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push(ELLIPSIS);
    Cow::Owned(out)
}

/// `s` ellipsized and padded with spaces to exactly `cols` cells.
pub fn fit(s: &str, cols: usize) -> String {
    let cut = ellipsize(s, cols);
    let pad = cols.saturating_sub(width(&cut));
    let mut out = cut.into_owned();
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// A minute as the exercise clock shows it: `T+045`.
/// Within the first day `T+045`, `T+1380`; from the second day on, days
/// and the time of day (`T+233d04:05`) rather than `T+335525`.
pub fn tick(m: Minutes) -> String {
    if m < 1440 {
        format!("T+{m:03}")
    } else {
        format!("T+{}d{:02}:{:02}", m / 1440, m % 1440 / 60, m % 60)
    }
}

/// A minute in a list's time column: every row as wide as the exercise's
/// last minute needs, so that columns stay aligned. Under a day `tick`
/// (`T+005` … `T+240`); in an exercise of a day or more every minute in the
/// day form, right-aligned (`  T+0d00:05` … `T+233d00:05`). The one place
/// list columns take their width from.
pub fn tick_col(m: Minutes, duration: Minutes) -> String {
    let day = |m: Minutes| format!("T+{}d{:02}:{:02}", m / 1440, m % 1440 / 60, m % 60);
    let (text, widest) = if duration >= 1440 {
        (day(m), day(duration.max(m)))
    } else {
        (tick(m), tick(duration.max(m)))
    };
    let width = widest.chars().count();
    format!("{text:>width$}")
}

/// A duration in minutes as `12m`, `1h05`, or `3d04h` from a day on.
pub fn duration(m: Minutes) -> String {
    if m >= 1440 {
        format!("{}d{:02}h", m / 1440, m % 1440 / 60)
    } else if m >= 60 {
        format!("{}h{:02}", m / 60, m % 60)
    } else {
        format!("{m}m")
    }
}

/// A probability in `0..=1` as a whole percentage.
pub fn percent(p: f64) -> String {
    let p = if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.0
    };
    format!("{:>3.0}%", p * 100.0)
}

/// A bar of `cols` cells filled in proportion to `frac` (0..=1), with
/// `█` for filled and `░` for empty cells so that it reads without colour.
pub fn bar(frac: f64, cols: usize) -> String {
    let frac = if frac.is_finite() {
        frac.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let filled = ((frac * cols as f64).round() as usize).min(cols);
    let mut out = String::with_capacity(cols * 3);
    out.extend(std::iter::repeat_n('█', filled));
    out.extend(std::iter::repeat_n('░', cols - filled));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipsize_cuts_only_when_needed() {
        assert_eq!(ellipsize("cable", 5), "cable");
        assert_eq!(ellipsize("cables", 5), "cabl…");
        assert_eq!(ellipsize("cables", 1), "…");
        assert_eq!(ellipsize("cables", 0), "");
        assert_eq!(ellipsize("", 3), "");
    }

    #[test]
    fn ellipsize_counts_wide_characters_as_two_cells() {
        // Each ideograph takes two cells: four cells fit one and the ellipsis.
        assert_eq!(ellipsize("日本語", 4), "日…");
        assert_eq!(width(&ellipsize("日本語", 5)), 5);
    }

    #[test]
    fn fit_pads_and_cuts_to_exact_width() {
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(width(&fit("日本語", 5)), 5);
    }

    #[test]
    fn formatters() {
        assert_eq!(tick(5), "T+005");
        assert_eq!(tick(240), "T+240");
        assert_eq!(tick(1439), "T+1439");
        assert_eq!(tick(1440), "T+1d00:00");
        assert_eq!(tick(335_525), "T+233d00:05");
        // Columns: as wide as the last minute needs, day form in long exercises.
        assert_eq!(tick_col(5, 240), "T+005");
        assert_eq!(tick_col(5, 1000), " T+005");
        assert_eq!(tick_col(5, 378_720), "  T+0d00:05");
        assert_eq!(tick_col(335_525, 378_720), "T+233d00:05");
        assert_eq!(tick_col(1500, 2880), "T+1d01:00");
        assert_eq!(duration(59), "59m");
        assert_eq!(duration(61), "1h01");
        assert_eq!(duration(3 * 1440 + 4 * 60 + 5), "3d04h");
        assert_eq!(duration(65), "1h05");
        assert_eq!(duration(9), "9m");
        assert_eq!(percent(0.62), " 62%");
        assert_eq!(percent(f64::NAN), "  0%");
        assert_eq!(bar(0.5, 4), "██░░");
        assert_eq!(bar(2.0, 3), "███");
        assert_eq!(bar(-1.0, 2), "░░");
    }
}
