//! Words of estimative probability (ICD 203, Analytic Standards, 2015 revision: term set 1).

/// A probability as a whole percent, clamped to 0..=100 (NaN counts as 0).
/// Thresholds compare whole percents so that a reason never says "55%"
/// about a probability that missed a 55% bar.
pub fn percent(p: f64) -> u8 {
    if p.is_nan() {
        return 0;
    }
    // ok: clamped to 0..=100 before the cast, so it cannot truncate.
    (p.clamp(0.0, 1.0) * 100.0).round() as u8
}

/// The ICD 203 term for a probability: "almost no chance" up to 5%,
/// "very unlikely" to 20%, "unlikely" to 45%, "roughly even chance" to 55%,
/// "likely" to 80%, "very likely" to 95%, "almost certain" above. A bound
/// belongs to the band above it ("likely" is 55%+), except 5%.
pub fn estimative_term(p: f64) -> &'static str {
    term_for_percent(percent(p))
}

pub(crate) fn term_for_percent(pct: u8) -> &'static str {
    match pct {
        0..=5 => "almost no chance",
        6..=19 => "very unlikely",
        20..=44 => "unlikely",
        45..=54 => "roughly even chance",
        55..=79 => "likely",
        80..=94 => "very likely",
        _ => "almost certain",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_icd_203() {
        let cases = [
            (0.0, "almost no chance"),
            (0.05, "almost no chance"),
            (0.06, "very unlikely"),
            (0.20, "unlikely"),
            (0.41, "unlikely"),
            (0.45, "roughly even chance"),
            (0.549, "likely"), // rounds to 55%
            (0.55, "likely"),
            (0.80, "very likely"),
            (0.95, "almost certain"),
            (1.0, "almost certain"),
            (f64::NAN, "almost no chance"),
            (7.0, "almost certain"),
        ];
        for (p, term) in cases {
            assert_eq!(estimative_term(p), term, "p = {p}");
        }
    }
}
