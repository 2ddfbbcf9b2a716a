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

/// One of the seven ICD 203 terms, as a team states its own judgement
/// (term set 1, in rising order).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Likelihood {
    AlmostNoChance,
    VeryUnlikely,
    Unlikely,
    RoughlyEven,
    Likely,
    VeryLikely,
    AlmostCertain,
}

impl Likelihood {
    /// Every term, lowest first.
    pub const ALL: [Likelihood; 7] = [
        Likelihood::AlmostNoChance,
        Likelihood::VeryUnlikely,
        Likelihood::Unlikely,
        Likelihood::RoughlyEven,
        Likelihood::Likely,
        Likelihood::VeryLikely,
        Likelihood::AlmostCertain,
    ];

    /// The term whose band holds a whole percent (the bands of [`estimative_term`]).
    pub fn of_percent(pct: u8) -> Likelihood {
        match pct {
            0..=5 => Likelihood::AlmostNoChance,
            6..=19 => Likelihood::VeryUnlikely,
            20..=44 => Likelihood::Unlikely,
            45..=54 => Likelihood::RoughlyEven,
            55..=79 => Likelihood::Likely,
            80..=94 => Likelihood::VeryLikely,
            _ => Likelihood::AlmostCertain,
        }
    }

    /// The term for a probability.
    pub fn of(p: f64) -> Likelihood {
        Likelihood::of_percent(percent(p))
    }

    /// The lowest whole percent of the term's band.
    pub fn floor(self) -> u8 {
        match self {
            Likelihood::AlmostNoChance => 0,
            Likelihood::VeryUnlikely => 6,
            Likelihood::Unlikely => 20,
            Likelihood::RoughlyEven => 45,
            Likelihood::Likely => 55,
            Likelihood::VeryLikely => 80,
            Likelihood::AlmostCertain => 95,
        }
    }

    /// Position on the scale, 0 (almost no chance) to 6 (almost certain).
    pub fn step(self) -> i32 {
        self as i32
    }

    /// The ICD 203 words.
    pub fn words(self) -> &'static str {
        term_for_percent(self.floor())
    }

    /// The term opening a sentence about what happened: "it is likely",
    /// "there is a roughly even chance", "there is almost no chance".
    pub fn it_is(self) -> &'static str {
        match self {
            Likelihood::AlmostNoChance => "there is almost no chance",
            Likelihood::VeryUnlikely => "it is very unlikely",
            Likelihood::Unlikely => "it is unlikely",
            Likelihood::RoughlyEven => "there is a roughly even chance",
            Likelihood::Likely => "it is likely",
            Likelihood::VeryLikely => "it is very likely",
            Likelihood::AlmostCertain => "it is almost certain",
        }
    }

    /// What a team judged: "judged it likely", "judged there was a
    /// roughly even chance".
    pub fn judged(self) -> &'static str {
        match self {
            Likelihood::AlmostNoChance => "judged there was almost no chance",
            Likelihood::VeryUnlikely => "judged it very unlikely",
            Likelihood::Unlikely => "judged it unlikely",
            Likelihood::RoughlyEven => "judged there was a roughly even chance",
            Likelihood::Likely => "judged it likely",
            Likelihood::VeryLikely => "judged it very likely",
            Likelihood::AlmostCertain => "judged it almost certain",
        }
    }
}

impl std::fmt::Display for Likelihood {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.words())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_and_bands_agree() {
        for (i, l) in Likelihood::ALL.iter().enumerate() {
            assert_eq!(l.step(), i as i32);
            assert_eq!(Likelihood::of_percent(l.floor()), *l);
            assert_eq!(estimative_term(f64::from(l.floor()) / 100.0), l.words());
        }
    }

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
