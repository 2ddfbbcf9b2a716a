//! Per-team attribution beliefs: a posterior over a case's suspects, updated
//! by Bayes' rule with a fixed likelihood ratio per evidence strength, and
//! a confidence kept apart from it (ICD 203): it comes from independent,
//! reliable lines of evidence and is capped by what the sources are worth.
//! Plantable items move the likelihood little and confidence not at all.

use sitroom_norms::{Confidence, Likelihood};
use sitroom_scenario::{AttributionCase, Evidence, Minutes, Reliability, Strength};

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

/// The likelihood ratio of a plantable item: at most a `Weakly` factor.
pub fn plantable_ratio(s: Strength) -> f64 {
    ratio(s).clamp(ratio(Strength::WeaklyAgainst), ratio(Strength::WeaklyFor))
}

/// One line of evidence: the items of one source (or one unsourced item).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The item's `source`, or `#n` for the n-th unsourced item seen.
    pub source: String,
    /// The strongest weight of its items.
    pub weight: u32,
    /// The best reliability rated on its items; `None`: not rated.
    pub reliability: Option<Reliability>,
}

/// One team's judgment on one case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseBelief {
    /// Whether the team keeps beliefs for this case at all (`sees.cases`).
    pub kept: bool,
    /// Probability per suspect, in the case's suspect order.
    pub probs: Vec<f64>,
    /// Weight points of the evidence seen: the sum over independent lines
    /// of each line's strongest item (plantable items weigh nothing).
    pub weight: u32,
    /// Number of evidence items seen.
    pub evidence: usize,
    /// The lines of evidence seen, in the order first seen.
    pub lines: Vec<Line>,
    /// The team's own judgement, as it last stated it (`Assess`).
    pub stated: Option<Judgement>,
}

/// A team's own judgement on a case: the suspect (an index into the
/// case's suspects), an ICD 203 term and a confidence level, kept apart
/// from what the evidence supports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    pub suspect: usize,
    pub likelihood: Likelihood,
    pub confidence: Confidence,
    pub at: Minutes,
}

impl CaseBelief {
    pub fn new(kept: bool, prior: Vec<f64>) -> CaseBelief {
        CaseBelief {
            kept,
            probs: prior,
            weight: 0,
            evidence: 0,
            lines: Vec::new(),
            stated: None,
        }
    }

    /// The confidence of the judgment: from the weight of the independent
    /// lines, capped by the best rated reliability among the lines that
    /// carry weight (an unrated line does not cap).
    pub fn confidence(&self) -> Confidence {
        let level = confidence_level(self.weight);
        let weighed = self.lines.iter().filter(|l| l.weight > 0);
        let cap = weighed
            .map(|l| match l.reliability {
                None | Some(Reliability::High) => Confidence::High,
                Some(Reliability::Moderate) => Confidence::Moderate,
                Some(Reliability::Low) => Confidence::Low,
            })
            .max();
        cap.map_or(level, |c| level.min(c))
    }

    /// Bayes' rule with the item's likelihood ratio per suspect (unnamed
    /// suspects are neutral).
    pub fn update(&mut self, case: &AttributionCase, item: &Evidence) {
        if !self.kept || self.probs.is_empty() {
            return;
        }
        let factor = |st: Strength| {
            if item.plantable {
                plantable_ratio(st)
            } else {
                ratio(st)
            }
        };
        let raw: Vec<f64> = case
            .suspects
            .iter()
            .zip(&self.probs)
            .map(|(s, &p)| p * item.strength.get(s).copied().map_or(1.0, factor))
            .collect();
        self.probs = normalised(raw);
        let strongest = item
            .strength
            .values()
            .map(|&s| weight(s))
            .max()
            .unwrap_or(0);
        // Plantable items add no confidence; a low-reliability one at most 1.
        let w = match (item.plantable, item.reliability) {
            (true, _) => 0,
            (false, Some(Reliability::Low)) => strongest.min(1),
            (false, _) => strongest,
        };
        let key = item
            .source
            .clone()
            .unwrap_or_else(|| format!("#{}", self.evidence));
        match self.lines.iter_mut().find(|l| l.source == key) {
            Some(line) => {
                line.weight = line.weight.max(w);
                line.reliability = line.reliability.max(item.reliability);
            }
            None => self.lines.push(Line {
                source: key,
                weight: w,
                reliability: item.reliability,
            }),
        }
        self.weight = self.lines.iter().map(|l| l.weight).sum();
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
            reliability: None,
            plantable: false,
            source: None,
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

    /// Plantable artefacts (a server's location, a registrar, a language
    /// setting) move the likelihood little and confidence not at all: a
    /// stack of them never reaches moderate confidence (GGE 2015 A/70/174
    /// §28(f): an operation routed through a state's territory may not by
    /// itself justify attribution; ICD 203: confidence rests on sources).
    #[test]
    fn plantable_items_move_likelihood_little_and_confidence_not_at_all() {
        let c = case(&["a", "b"], &[]);
        let mut planted = CaseBelief::new(true, prior(&c));
        let mut old_model = CaseBelief::new(true, prior(&c));
        for _ in 0..3 {
            let mut it = item(&[("a", Strength::For)]);
            old_model.update(&c, &it);
            it.plantable = true;
            planted.update(&c, &it);
        }
        // The old model: three For items, weight 6, high confidence, 96%.
        assert_eq!(old_model.confidence(), Confidence::High);
        assert!(old_model.probs[0] > 0.95);
        // Plantable: 1.5³ = 3.375 → 77%, weight 0, low confidence.
        assert!(
            (planted.probs[0] - 3.375 / 4.375).abs() < 1e-12,
            "{:?}",
            planted.probs
        );
        assert_eq!((planted.weight, planted.confidence()), (0, Confidence::Low));
    }

    /// Items from one source are one line: corroboration needs independent lines.
    #[test]
    fn items_of_one_source_are_one_line() {
        let c = case(&["a", "b"], &[]);
        let mut b = CaseBelief::new(true, prior(&c));
        for _ in 0..3 {
            let mut it = item(&[("a", Strength::For)]);
            it.source = Some("same-report".into());
            b.update(&c, &it);
        }
        assert_eq!((b.weight, b.evidence, b.lines.len()), (2, 3, 1));
        assert_eq!(b.confidence(), Confidence::Low);
        let mut other = item(&[("a", Strength::StronglyFor)]);
        other.source = Some("second-service".into());
        b.update(&c, &other);
        assert_eq!((b.weight, b.confidence()), (5, Confidence::Moderate));
    }

    /// Confidence is capped by what the sources are worth.
    #[test]
    fn reliability_caps_confidence() {
        let c = case(&["a", "b"], &[]);
        let mut b = CaseBelief::new(true, prior(&c));
        for _ in 0..3 {
            let mut it = item(&[("a", Strength::StronglyFor)]);
            it.reliability = Some(Reliability::Moderate);
            b.update(&c, &it);
        }
        assert_eq!(b.weight, 9);
        assert_eq!(b.confidence(), Confidence::Moderate);
        let mut low = CaseBelief::new(true, prior(&c));
        let mut it = item(&[("a", Strength::StronglyFor)]);
        it.reliability = Some(Reliability::Low);
        low.update(&c, &it);
        assert_eq!((low.weight, low.confidence()), (1, Confidence::Low));
        // Unrated items (older scenarios) keep their full weight, uncapped.
        let mut unrated = CaseBelief::new(true, prior(&c));
        for _ in 0..2 {
            unrated.update(&c, &item(&[("a", Strength::StronglyFor)]));
        }
        assert_eq!(
            (unrated.weight, unrated.confidence()),
            (6, Confidence::High)
        );
    }

    #[test]
    fn confidence_thresholds() {
        assert_eq!(confidence_level(2), Confidence::Low);
        assert_eq!(confidence_level(3), Confidence::Moderate);
        assert_eq!(confidence_level(5), Confidence::Moderate);
        assert_eq!(confidence_level(6), Confidence::High);
    }
}
