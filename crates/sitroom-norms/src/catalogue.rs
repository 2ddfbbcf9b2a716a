//! The norm catalogue and the response ladder: data in `assets/`, compiled
//! into the binary, parsed and checked once.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::OnceLock;

use ron::extensions::Extensions;
use serde::{Deserialize, Serialize};
use sitroom_scenario::ResponseKind;

use crate::evaluators::Evaluator;

const NORMS_FILE: &str = "assets/norms.ron";
const RESPONSES_FILE: &str = "assets/responses.ron";
const NORMS_SOURCE: &str = include_str!("../../../assets/norms.ron");
const RESPONSES_SOURCE: &str = include_str!("../../../assets/responses.ron");

/// Every norm Sitroom can score and every response kind's place on the ladder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalogue {
    pub norms: Vec<Norm>,
    /// Least to most escalatory; every `ResponseKind` exactly once.
    pub responses: Vec<ResponseStep>,
    /// `kind_index(kind)` → index into `responses`; complete by construction.
    #[serde(skip)]
    by_kind: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Norm {
    /// Stable id that scenarios select the norm by ("gge-13b", "proportionality").
    pub id: String,
    pub title: String,
    /// Precise citation ("UN GGE 2015 report (A/70/174) §13(b)").
    pub source: String,
    /// Plain explanation, in our own words.
    pub explanation: String,
    pub evaluator: Evaluator,
    /// Weight in the overall score unless the scenario gives its own.
    pub weight: f64,
    /// Scored when the scenario selects no norms.
    pub default: bool,
}

/// One rung of the response ladder (docs/scoring.md, "The response ladder").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseStep {
    pub kind: ResponseKind,
    /// How reasons name it ("countermeasure", "targeted sanctions").
    pub label: String,
    pub family: LegalFamily,
    /// Tier 0 (internal) to 12 (use of force); equal tiers are equally escalatory.
    pub escalation: u8,
    pub description: String,
}

/// The legal character of a response: retorsion, countermeasure, plea of
/// necessity, self-defence (ILC ARSIWA arts. 22, 25, 49-54; UN Charter art. 51),
/// and the non-measures around them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LegalFamily {
    /// Inside our own networks; not a signal to anyone.
    Internal,
    /// Public communication that attributes nothing.
    Statement,
    /// CERT, treaty and partner cooperation.
    Cooperation,
    /// Unfriendly but lawful acts.
    Retorsion,
    /// Measures under our own criminal law.
    LawEnforcement,
    /// Otherwise unlawful acts answering another state's wrong (ARSIWA arts. 49–53).
    Countermeasure,
    /// Emergency measures excused by necessity (ARSIWA art. 25).
    PleaOfNecessity,
    /// Force against an armed attack (UN Charter art. 51).
    SelfDefence,
}

impl LegalFamily {
    pub fn label(self) -> &'static str {
        match self {
            LegalFamily::Internal => "internal measure",
            LegalFamily::Statement => "statement",
            LegalFamily::Cooperation => "cooperation",
            LegalFamily::Retorsion => "retorsion",
            LegalFamily::LawEnforcement => "law enforcement",
            LegalFamily::Countermeasure => "countermeasure",
            LegalFamily::PleaOfNecessity => "plea of necessity",
            LegalFamily::SelfDefence => "self-defence",
        }
    }
}

/// Why the built-in catalogue could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogueError {
    Parse {
        file: &'static str,
        line: usize,
        column: usize,
        message: String,
    },
    Invalid {
        file: &'static str,
        problems: Vec<String>,
    },
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogueError::Parse {
                file,
                line,
                column,
                message,
            } => write!(f, "{file}:{line}:{column}: {message}"),
            CatalogueError::Invalid { file, problems } => {
                write!(f, "{file}: {}", problems.join("; "))
            }
        }
    }
}

impl std::error::Error for CatalogueError {}

/// The catalogue, parsed on first use.
pub fn try_catalogue() -> Result<&'static Catalogue, &'static CatalogueError> {
    static CATALOGUE: OnceLock<Result<Catalogue, CatalogueError>> = OnceLock::new();
    CATALOGUE
        .get_or_init(|| Catalogue::parse(NORMS_SOURCE, RESPONSES_SOURCE))
        .as_ref()
}

/// The catalogue, parsed on first use.
///
/// # Panics
/// Only if the catalogue compiled into this binary is invalid. Its sources
/// are fixed at build time (`include_str!`), never user input, and the test
/// `built_in_catalogue_loads` parses and checks them, so a build that passes
/// its tests cannot panic here. Use [`try_catalogue`] to handle it anyway.
pub fn catalogue() -> &'static Catalogue {
    match try_catalogue() {
        Ok(c) => c,
        Err(e) => panic!("the built-in norm catalogue is invalid (a build defect): {e}"),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NormsFile {
    norms: Vec<Norm>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponsesFile {
    responses: Vec<ResponseStep>,
}

fn parse_ron<T: serde::de::DeserializeOwned>(
    file: &'static str,
    source: &str,
) -> Result<T, CatalogueError> {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES)
        .from_str(source)
        .map_err(|e: ron::error::SpannedError| CatalogueError::Parse {
            file,
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })
}

impl Catalogue {
    /// Parses and checks catalogue sources (the built-in ones, or others in tests).
    pub fn parse(norms: &str, responses: &str) -> Result<Catalogue, CatalogueError> {
        let NormsFile { norms } = parse_ron(NORMS_FILE, norms)?;
        let ResponsesFile { responses } = parse_ron(RESPONSES_FILE, responses)?;

        let mut problems = Vec::new();
        let mut ids = BTreeSet::new();
        for norm in &norms {
            if norm.id.is_empty() {
                problems.push(format!("norm `{}` has an empty id", norm.title));
            }
            if !ids.insert(norm.id.as_str()) {
                problems.push(format!("norm id `{}` is used twice", norm.id));
            }
            if !(norm.weight.is_finite() && norm.weight > 0.0) {
                problems.push(format!(
                    "norm `{}` has weight {}; weights are positive numbers",
                    norm.id, norm.weight
                ));
            }
            norm.evaluator.check(&norm.id, &mut problems);
        }
        if !norms.iter().any(|n| n.default) {
            problems.push("no norm is in the default set".to_string());
        }
        if !problems.is_empty() {
            return Err(CatalogueError::Invalid {
                file: NORMS_FILE,
                problems,
            });
        }

        let mut by_kind = vec![usize::MAX; ALL_RESPONSES.len()];
        for (i, step) in responses.iter().enumerate() {
            let slot = &mut by_kind[kind_index(step.kind)];
            if *slot != usize::MAX {
                problems.push(format!("response {:?} is listed twice", step.kind));
            }
            *slot = i;
            if step.escalation > 12 {
                problems.push(format!(
                    "response {:?} has escalation {}; tiers run 0 to 12",
                    step.kind, step.escalation
                ));
            }
        }
        for pair in responses.windows(2) {
            if pair[1].escalation < pair[0].escalation {
                problems.push(format!(
                    "response {:?} (tier {}) comes after {:?} (tier {}); the ladder is ordered",
                    pair[1].kind, pair[1].escalation, pair[0].kind, pair[0].escalation
                ));
            }
        }
        for kind in ALL_RESPONSES {
            if by_kind[kind_index(kind)] == usize::MAX {
                problems.push(format!("response {kind:?} is missing from the ladder"));
            }
        }
        if !problems.is_empty() {
            return Err(CatalogueError::Invalid {
                file: RESPONSES_FILE,
                problems,
            });
        }
        Ok(Catalogue {
            norms,
            responses,
            by_kind,
        })
    }

    pub fn norm(&self, id: &str) -> Option<&Norm> {
        self.norms.iter().find(|n| n.id == id)
    }

    /// The norms scored when a scenario selects none, in catalogue order.
    pub fn defaults(&self) -> impl Iterator<Item = &Norm> {
        self.norms.iter().filter(|n| n.default)
    }

    /// What `sitroom check` needs to know of the catalogue: the norm ids,
    /// the default set, and which norm reads which option field of which
    /// kinds where the field's default is generous (SR0223): proportionality
    /// and the countermeasure conditions read `severity`, the conditions
    /// `reversible`, and the attribution standard needs more than low
    /// confidence (so the evidence's `reliability`) for some kinds.
    pub fn facts(&self) -> sitroom_scenario::NormFacts {
        use crate::evaluators::Evaluator;
        use sitroom_scenario::{NormReads, ScoredField};
        let kinds = |keep: &dyn Fn(&ResponseStep) -> bool| -> Vec<ResponseKind> {
            self.responses
                .iter()
                .filter(|s| keep(s))
                .map(|s| s.kind)
                .collect()
        };
        let mut reads = Vec::new();
        let mut severity_tolerance = 0;
        for norm in &self.norms {
            let mut read = |field: ScoredField, kinds: Vec<ResponseKind>| {
                if !kinds.is_empty() {
                    reads.push(NormReads {
                        norm: norm.id.clone(),
                        field,
                        kinds,
                    });
                }
            };
            match &norm.evaluator {
                Evaluator::Proportionality(p) => {
                    severity_tolerance = severity_tolerance.max(p.tolerance);
                    read(
                        ScoredField::Severity,
                        kinds(&|s| p.families.contains(&s.family)),
                    );
                }
                Evaluator::CountermeasureConditions(p) => {
                    let of = kinds(&|s| p.families.contains(&s.family));
                    read(ScoredField::Severity, of.clone());
                    read(ScoredField::Reversible, of);
                }
                Evaluator::AttributionStandard(p) => read(
                    ScoredField::Confidence,
                    kinds(&|s| {
                        p.rule_for(s)
                            .and_then(|r| r.needs)
                            .is_some_and(|n| n.confidence > crate::Confidence::Low)
                    }),
                ),
                _ => {}
            }
        }
        sitroom_scenario::NormFacts {
            known: self.norms.iter().map(|n| n.id.clone()).collect(),
            default_set: self.defaults().map(|n| n.id.clone()).collect(),
            reads,
            severity_tolerance,
        }
    }

    /// The attribution standard's rule for a response kind (from the
    /// catalogue's `attribution-standard` evaluator), if it has one.
    pub fn attribution_rule(
        &self,
        kind: ResponseKind,
    ) -> Option<crate::evaluators::attribution_standard::Rule> {
        use crate::evaluators::Evaluator;
        let step = self.step(kind);
        self.norms.iter().find_map(|n| match &n.evaluator {
            Evaluator::AttributionStandard(p) if n.id == "attribution-standard" => p.rule_for(step),
            _ => None,
        })
    }

    /// Whether a measure of this kind aimed at a suspect needs an
    /// attribution: the team must judge who did it before taking it.
    pub fn needs_attribution(&self, kind: ResponseKind) -> bool {
        self.attribution_rule(kind)
            .is_some_and(|r| r.needs.is_some())
    }

    /// The ladder rung of a response kind.
    pub fn step(&self, kind: ResponseKind) -> &ResponseStep {
        // ok: `parse` checked that `by_kind` maps every kind to a valid index,
        // and a `Catalogue` can only be built by `parse`.
        &self.responses[self.by_kind[kind_index(kind)]]
    }
}

/// Every response kind, in the model's declaration order.
pub const ALL_RESPONSES: [ResponseKind; 24] = [
    ResponseKind::Monitor,
    ResponseKind::Remediate,
    ResponseKind::CertCooperation,
    ResponseKind::AssistPartner,
    ResponseKind::Budapest247,
    ResponseKind::MlatRequest,
    ResponseKind::Demarche,
    ResponseKind::PublicAttribution,
    ResponseKind::JointAttribution,
    ResponseKind::LawEnforcement,
    ResponseKind::TargetedSanctions,
    ResponseKind::Expulsion,
    ResponseKind::EconomicSanctions,
    ResponseKind::SeverRelations,
    ResponseKind::Countermeasure,
    ResponseKind::NecessityMeasure,
    ResponseKind::OffensiveCyber,
    ResponseKind::SelfDefence,
    ResponseKind::DataSeizure,
    ResponseKind::PublicStatement,
    ResponseKind::RequestAssistance,
    ResponseKind::ActivateCrisisCell,
    ResponseKind::PayRansom,
    ResponseKind::RefuseRansom,
];

/// Position of a kind in [`ALL_RESPONSES`]. An exhaustive match, so a kind
/// added to the model fails to compile here until the ladder knows it.
fn kind_index(kind: ResponseKind) -> usize {
    match kind {
        ResponseKind::Monitor => 0,
        ResponseKind::Remediate => 1,
        ResponseKind::CertCooperation => 2,
        ResponseKind::AssistPartner => 3,
        ResponseKind::Budapest247 => 4,
        ResponseKind::MlatRequest => 5,
        ResponseKind::Demarche => 6,
        ResponseKind::PublicAttribution => 7,
        ResponseKind::JointAttribution => 8,
        ResponseKind::LawEnforcement => 9,
        ResponseKind::TargetedSanctions => 10,
        ResponseKind::Expulsion => 11,
        ResponseKind::EconomicSanctions => 12,
        ResponseKind::SeverRelations => 13,
        ResponseKind::Countermeasure => 14,
        ResponseKind::NecessityMeasure => 15,
        ResponseKind::OffensiveCyber => 16,
        ResponseKind::SelfDefence => 17,
        ResponseKind::DataSeizure => 18,
        ResponseKind::PublicStatement => 19,
        ResponseKind::RequestAssistance => 20,
        ResponseKind::ActivateCrisisCell => 21,
        ResponseKind::PayRansom => 22,
        ResponseKind::RefuseRansom => 23,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `check` is told (SR0223) follows the evaluators' parameters:
    /// the fields each default norm reads, for the kinds it reads them of.
    #[test]
    fn facts_say_which_norm_reads_which_field() {
        use sitroom_scenario::ScoredField::*;
        let facts = catalogue().facts();
        let reads = |norm: &str, field, kind| {
            facts
                .reads
                .iter()
                .any(|r| r.norm == norm && r.field == field && r.kinds.contains(&kind))
        };
        assert!(reads("proportionality", Severity, ResponseKind::Expulsion));
        assert!(reads(
            "proportionality",
            Severity,
            ResponseKind::Countermeasure
        ));
        assert!(!reads("proportionality", Severity, ResponseKind::Monitor));
        assert!(!reads(
            "proportionality",
            Severity,
            ResponseKind::CertCooperation
        ));
        assert!(reads(
            "countermeasure-conditions",
            Reversible,
            ResponseKind::OffensiveCyber
        ));
        assert!(!reads(
            "countermeasure-conditions",
            Reversible,
            ResponseKind::Expulsion
        ));
        // Public attribution needs moderate confidence; sanctions only low.
        assert!(reads(
            "attribution-standard",
            Confidence,
            ResponseKind::PublicAttribution
        ));
        assert!(reads(
            "attribution-standard",
            Confidence,
            ResponseKind::SelfDefence
        ));
        assert!(!reads(
            "attribution-standard",
            Confidence,
            ResponseKind::TargetedSanctions
        ));
        assert!(!reads(
            "attribution-standard",
            Confidence,
            ResponseKind::LawEnforcement
        ));
        assert_eq!(facts.default_set.len(), 10);
        assert_eq!(facts.known.len(), catalogue().norms.len());
    }

    #[test]
    fn built_in_catalogue_loads() {
        let cat = match try_catalogue() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(cat.responses.len(), ALL_RESPONSES.len());
        for id in [
            "gge-13a", "gge-13b", "gge-13c", "gge-13d", "gge-13e", "gge-13f", "gge-13g", "gge-13h",
            "gge-13i", "gge-13j", "gge-13k",
        ] {
            assert!(cat.norm(id).is_some(), "{id} missing");
        }
        let defaults: Vec<&str> = cat.defaults().map(|n| n.id.as_str()).collect();
        assert_eq!(
            defaults,
            [
                "proportionality",
                "attribution-standard",
                "calibration",
                "countermeasure-conditions",
                "necessity",
                "consider-information",
                "due-process",
                "assistance",
                "protect-infrastructure",
                "timeliness"
            ]
        );
    }

    /// Every response kind is in the scenario format's table and the
    /// scoring ladder, at the tier and in the family the catalogue gives.
    #[test]
    fn every_kind_is_documented_at_its_tier() {
        let format = include_str!("../../../docs/scenario-format.md");
        let scoring = include_str!("../../../docs/scoring.md");
        let cat = catalogue();
        for kind in ALL_RESPONSES {
            let step = cat.step(kind);
            let row = format
                .lines()
                .find(|l| l.starts_with(&format!("| `{kind:?}` |")))
                .unwrap_or_else(|| panic!("{kind:?} missing from docs/scenario-format.md"));
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            assert_eq!(
                cells[2],
                step.family.label().trim_end_matches(" measure"),
                "{kind:?} family: {row}"
            );
            assert_eq!(
                cells[3],
                step.escalation.to_string(),
                "{kind:?} tier: {row}"
            );
            let ladder = scoring
                .lines()
                .find(|l| {
                    l.starts_with(&format!("| {} |", step.escalation))
                        && l.split('|')
                            .nth(2)
                            .is_some_and(|k| k.split(',').any(|k| k.trim() == format!("{kind:?}")))
                })
                .unwrap_or_else(|| panic!("{kind:?} missing from the ladder in docs/scoring.md"));
            assert!(!ladder.is_empty());
        }
    }

    #[test]
    fn kind_index_matches_the_list() {
        for (i, kind) in ALL_RESPONSES.into_iter().enumerate() {
            assert_eq!(kind_index(kind), i, "{kind:?}");
        }
    }

    #[test]
    fn ladder_steps_resolve_every_kind() {
        let cat = catalogue();
        for kind in ALL_RESPONSES {
            assert_eq!(cat.step(kind).kind, kind);
        }
    }

    #[test]
    fn broken_sources_give_typed_errors() {
        let err = Catalogue::parse("(norms: [", RESPONSES_SOURCE).err();
        assert!(
            matches!(
                err,
                Some(CatalogueError::Parse {
                    file: NORMS_FILE,
                    ..
                })
            ),
            "{err:?}"
        );

        let missing = "(responses: [(kind: Monitor, label: \"monitoring\", family: Internal, escalation: 0, description: \"\")])";
        let err = Catalogue::parse(NORMS_SOURCE, missing).err();
        match err {
            Some(CatalogueError::Invalid { file, problems }) => {
                assert_eq!(file, RESPONSES_FILE);
                assert_eq!(problems.len(), ALL_RESPONSES.len() - 1, "{problems:?}");
            }
            other => panic!("expected Invalid, got {other:?}"),
        }

        let off = NORMS_SOURCE.replacen(
            "infrastructure: false,\n                certs: true,",
            "infrastructure: false,\n                certs: false,",
            1,
        );
        assert_ne!(off, NORMS_SOURCE);
        let err = Catalogue::parse(&off, RESPONSES_SOURCE).err();
        assert!(
            matches!(&err, Some(CatalogueError::Invalid { problems, .. })
                if problems == &["norm `gge-13k`: infrastructure and certs empty or off, so the rule could never apply".to_string()]),
            "{err:?}"
        );

        let big = NORMS_SOURCE.replacen("per_point: 20", "per_point: 120", 1);
        let err = Catalogue::parse(&big, RESPONSES_SOURCE).err();
        assert!(
            matches!(&err, Some(CatalogueError::Invalid { problems, .. })
                if problems == &["norm `proportionality`: per_point is 120; scores and percentages run 0 to 100".to_string()]),
            "{err:?}"
        );

        let twice = NORMS_SOURCE.replacen("id: \"necessity\"", "id: \"proportionality\"", 1);
        let err = Catalogue::parse(&twice, RESPONSES_SOURCE).err();
        assert!(
            matches!(&err, Some(CatalogueError::Invalid { problems, .. })
                if problems == &["norm id `proportionality` is used twice".to_string()]),
            "{err:?}"
        );
    }
}
