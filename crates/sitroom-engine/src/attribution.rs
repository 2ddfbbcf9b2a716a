//! Per-team attribution beliefs: a posterior over a case's suspects, updated
//! by Bayes' rule with a fixed likelihood ratio per evidence strength.

use sitroom_norms::Confidence;
use sitroom_scenario::{AttributionCase, Evidence, Strength};

/// The likelihood ratio of a qualitative strength (docs/scenario-format.md, evidence).
pub fn ratio(s: Strength) -> f64 {
    match s {
        Strength::StronglyFor => 8.0,
        Strength::For => 3.0,
        Strength::WeaklyFor => 1.5,
        Strength::Neutral => 1.0,
        Strength::WeaklyAgainst => 2.0 / 3.0,
        Strength::Against => 1.0 / 3.0,
        Strength::StronglyAgainst => 1.0 / 8.0,
    }
}

/// Weight points a strength adds to the confidence of a judgment.
pub fn weight(s: Strength) -> u32 {
    match s {
        Strength::StronglyFor | Strength::StronglyAgainst => 3,
        Strength::For | Strength::Against => 2,
        Strength::WeaklyFor | Strength::WeaklyAgainst => 1,
        Strength::Neutral => 0,
    }
}

/// The prior over a case's suspects (the scenario's one rule).
pub fn prior(case: &AttributionCase) -> Vec<f64> {
    case.prior_distribution()
}

fn normalised(raw: Vec<f64>) -> Vec<f64> {
    let total: f64 = raw.iter().sum();
    if total > 0.0 && total.is_finite() {
        raw.into_iter().map(|p| p / total).collect()
    } else {
        let n = raw.len() as f64;
        raw.into_iter().map(|_| 1.0 / n).collect()
    }
}

/// One team's judgment on one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseBelief {
    /// Whether the team keeps beliefs for this case at all (`sees.cases`).
    pub kept: bool,
    /// Probability per suspect, in the case's suspect order.
    pub probs: Vec<f64>,
    /// Weight points of the evidence seen.
    pub weight: u32,
    /// Number of evidence items seen.
    pub evidence: usize,
}

impl CaseBelief {
    pub fn new(kept: bool, prior: Vec<f64>) -> CaseBelief {
        CaseBelief {
            kept,
            probs: prior,
            weight: 0,
            evidence: 0,
        }
    }

    /// Bayes' rule with the item's likelihood ratio per suspect (unnamed
    /// suspects are neutral).
    pub fn update(&mut self, case: &AttributionCase, item: &Evidence) {
        if !self.kept || self.probs.is_empty() {
            return;
        }
        let raw: Vec<f64> = case
            .suspects
            .iter()
            .zip(&self.probs)
            .map(|(s, &p)| p * item.strength.get(s).copied().map_or(1.0, ratio))
            .collect();
        self.probs = normalised(raw);
        self.weight += item
            .strength
            .values()
            .map(|&s| weight(s))
            .max()
            .unwrap_or(0);
        self.evidence += 1;
    }
}

/// Confidence of a judgment from the weight of its evidence: <3 low, <6
/// moderate, else high.
pub fn confidence_level(weight: u32) -> Confidence {
    match weight {
        0..=2 => Confidence::Low,
        3..=5 => Confidence::Moderate,
        _ => Confidence::High,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitroom_scenario::Truth;
    use std::collections::BTreeMap;

    fn case(suspects: &[&str], prior: &[(&str, f64)]) -> AttributionCase {
        AttributionCase {
            id: "c".into(),
            incident: "i".into(),
            suspects: suspects.iter().map(|s| s.to_string()).collect(),
            prior: prior.iter().map(|(s, p)| (s.to_string(), *p)).collect(),
            truth: Truth {
                culprit: suspects[0].into(),
                false_flag: None,
                explanation: String::new(),
            },
        }
    }

    fn item(s: &[(&str, Strength)]) -> Evidence {
        Evidence {
            case: "c".into(),
            description: String::new(),
            strength: s
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    #[test]
    fn priors_share_the_rest_and_fall_back_to_uniform() {
        assert_eq!(prior(&case(&["a", "b"], &[])), vec![0.5, 0.5]);
        assert_eq!(
            prior(&case(&["a", "b", "c"], &[("a", 0.5)])),
            vec![0.5, 0.25, 0.25]
        );
        assert_eq!(
            prior(&case(&["a", "b"], &[("a", -1.0), ("b", 0.0)])),
            vec![0.5, 0.5]
        );
        assert_eq!(
            prior(&case(&["a", "b"], &[("a", 2.0), ("b", 2.0)])),
            vec![0.5, 0.5]
        );
    }

    #[test]
    fn one_for_on_an_even_prior_gives_three_quarters() {
        let c = case(&["a", "b"], &[]);
        let mut b = CaseBelief::new(true, prior(&c));
        b.update(&c, &item(&[("a", Strength::For)]));
        assert!((b.probs[0] - 0.75).abs() < 1e-12, "{:?}", b.probs);
        assert!((b.probs[1] - 0.25).abs() < 1e-12);
        assert_eq!((b.weight, b.evidence), (2, 1));
        b.update(
            &c,
            &item(&[("a", Strength::StronglyAgainst), ("b", Strength::WeaklyFor)]),
        );
        // 0.75/8 = 0.09375 vs 0.25*1.5 = 0.375 → 0.2 / 0.8
        assert!((b.probs[0] - 0.2).abs() < 1e-12, "{:?}", b.probs);
        assert_eq!((b.weight, b.evidence), (5, 2));
        assert_eq!(confidence_level(b.weight), Confidence::Moderate);
    }

    #[test]
    fn unkept_cases_do_not_move() {
        let c = case(&["a", "b"], &[]);
        let mut b = CaseBelief::new(false, prior(&c));
        b.update(&c, &item(&[("a", Strength::StronglyFor)]));
        assert_eq!(b.probs, vec![0.5, 0.5]);
        assert_eq!(b.evidence, 0);
    }

    #[test]
    fn confidence_thresholds() {
        assert_eq!(confidence_level(2), Confidence::Low);
        assert_eq!(confidence_level(3), Confidence::Moderate);
        assert_eq!(confidence_level(5), Confidence::Moderate);
        assert_eq!(confidence_level(6), Confidence::High);
    }
}
