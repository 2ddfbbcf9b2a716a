//! Small text helpers shared by the formats.

use sitroom_scenario::Minutes;

/// Escapes text for HTML and SVG (element content and attribute values).
/// Control characters other than newline and tab are dropped: a report
/// never carries terminal escapes or invisible input through.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a Markdown table cell or paragraph: pipes, backslashes,
/// and the characters that would start markup, kept on one line.
pub fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A minute as people read it on a report: `T+45` for short exercises,
/// `T+3h05` within two days, `day 12 06:30` beyond.
pub fn minute_label(m: Minutes, end: Minutes) -> String {
    if end < 180 {
        format!("T+{m}")
    } else if end < 2 * 1440 {
        format!("T+{}h{:02}", m / 60, m % 60)
    } else {
        format!("day {} {:02}:{:02}", m / 1440 + 1, m % 1440 / 60, m % 60)
    }
}

/// At most `n` characters, with an ellipsis when cut.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_no_control_character() {
        assert_eq!(
            esc("<b>\"x\" & 'y'\u{1b}[2J</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;[2J&lt;/b&gt;"
        );
        assert_eq!(md("a|b *c*\nd"), "a\\|b \\*c\\* d");
    }

    #[test]
    fn minutes_read_at_the_scale_of_the_exercise() {
        assert_eq!(minute_label(45, 120), "T+45");
        assert_eq!(minute_label(185, 240), "T+3h05");
        assert_eq!(minute_label(1440 * 11 + 390, 1440 * 30), "day 12 06:30");
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}
