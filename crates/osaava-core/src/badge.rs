//! Competence badges (osaamismerkit) and their criteria.

use crate::localized::{Lang, LocalizedText};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// Where a badge came from; recorded so a clerk can trace it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// Osaava's own template JSON (templates/badges).
    OsaavaTemplate,
    #[serde(rename = "open-badges-2")]
    OpenBadges2,
    #[serde(rename = "open-badges-3")]
    OpenBadges3,
    /// An ePerusteet national badge (osaamismerkki).
    EperusteetBadge,
    /// An ePerusteet qualification unit (TutkinnonOsaDto).
    EperusteetUnit,
}

impl SourceFormat {
    pub fn code(self) -> &'static str {
        match self {
            SourceFormat::OsaavaTemplate => "osaava-template",
            SourceFormat::OpenBadges2 => "open-badges-2",
            SourceFormat::OpenBadges3 => "open-badges-3",
            SourceFormat::EperusteetBadge => "eperusteet-badge",
            SourceFormat::EperusteetUnit => "eperusteet-unit",
        }
    }
}

/// The kinds of evidence an assessor weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    InterviewAnswer,
    Observation,
    Document,
    WorkSample,
    /// A statement from a supervisor or workplace instructor.
    ThirdPartyStatement,
    PriorCertificate,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 6] = [
        EvidenceKind::InterviewAnswer,
        EvidenceKind::Observation,
        EvidenceKind::Document,
        EvidenceKind::WorkSample,
        EvidenceKind::ThirdPartyStatement,
        EvidenceKind::PriorCertificate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EvidenceKind::InterviewAnswer => "interview-answer",
            EvidenceKind::Observation => "observation",
            EvidenceKind::Document => "document",
            EvidenceKind::WorkSample => "work-sample",
            EvidenceKind::ThirdPartyStatement => "third-party-statement",
            EvidenceKind::PriorCertificate => "prior-certificate",
        }
    }

    pub fn parse(s: &str) -> Option<EvidenceKind> {
        EvidenceKind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// "At least `min_items` pieces of evidence, of any of `kinds`" (any kind when empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EvidenceRequirement {
    pub min_items: u32,
    #[serde(default)]
    pub kinds: Vec<EvidenceKind>,
}

impl Default for EvidenceRequirement {
    fn default() -> Self {
        EvidenceRequirement {
            min_items: 1,
            kinds: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Criterion {
    /// Stable within the badge across versions, so ratings can be compared.
    pub id: String,
    pub text: LocalizedText,
    /// What the assessor should listen and look for.
    #[serde(default)]
    pub guidance: LocalizedText,
    /// Key points to hear in the employee's account, one per item.
    #[serde(default)]
    pub key_points: Vec<LocalizedText>,
    #[serde(default = "yes")]
    pub mandatory: bool,
    #[serde(default)]
    pub evidence: EvidenceRequirement,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum AlignmentKind {
    /// A unit of a Finnish qualification, `tutkinnonosat_NNNNNN`.
    QualificationUnit,
    /// A national badge, `osaamismerkit_NNNN`.
    NationalBadge,
    /// An ESCO skill or competence URI.
    EscoSkill,
    /// Any other framework.
    Framework,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Alignment {
    pub kind: AlignmentKind,
    /// `tutkinnonosat_106228`, `osaamismerkit_1234`, an ESCO URI, or a framework's own code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub code: Option<String>,
    pub name: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub url: Option<String>,
    /// Competence points (osp) of a qualification unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub competence_points: Option<u32>,
    /// The qualification the unit belongs to, e.g. `koulutus_371101`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub qualification: Option<String>,
    /// A free framework's name ("ESCO", "EQF", "Osaava").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub framework: Option<String>,
}

impl Alignment {
    /// Classifies a code as a qualification unit, a national badge, an ESCO skill or other.
    pub fn kind_of_code(code: &str) -> AlignmentKind {
        let c = code.trim();
        if is_prefixed_number(c, "tutkinnonosat_") {
            AlignmentKind::QualificationUnit
        } else if is_prefixed_number(c, "osaamismerkit_") {
            AlignmentKind::NationalBadge
        } else if c.starts_with("http://data.europa.eu/esco/")
            || c.starts_with("https://data.europa.eu/esco/")
        {
            AlignmentKind::EscoSkill
        } else {
            AlignmentKind::Framework
        }
    }
}

fn is_prefixed_number(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix)
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A competence badge. The `(id, version)` pair is immutable once stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Badge {
    pub id: String,
    /// Osaava's revision number, 1, 2, … assigned when a changed badge is imported.
    pub version: u32,
    /// The version label the source gave, if any ("2024-1", "1.2").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub source_version: Option<String>,
    pub name: LocalizedText,
    #[serde(default)]
    pub description: LocalizedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub issuer: Option<String>,
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub alignments: Vec<Alignment>,
    /// How old evidence may be, in years, and still count as current.
    #[serde(default = "default_currency_years")]
    pub evidence_currency_years: u32,
    /// How long a recognition stays valid, in years; none means it does not expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub validity_years: Option<u32>,
    pub source_format: SourceFormat,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub image: Option<String>,
}

pub const DEFAULT_CURRENCY_YEARS: u32 = 5;

fn default_currency_years() -> u32 {
    DEFAULT_CURRENCY_YEARS
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadgeValidationError {
    #[error("{path}: the badge has no id")]
    NoId { path: String },
    #[error("{path}: the badge has no name in any language")]
    NoName { path: String },
    #[error(
        "{path}: the badge has no criteria; a badge needs at least one criterion to assess against"
    )]
    NoCriteria { path: String },
    #[error("{path}: criterion has no id")]
    CriterionNoId { path: String },
    #[error("{path}: criterion has no text in any language")]
    CriterionNoText { path: String },
    #[error("{path}: criterion id {id:?} is used more than once; criterion ids must be unique within a badge")]
    DuplicateCriterion { path: String, id: String },
    #[error("{path}: a criterion needs at least 1 piece of evidence, got min_items 0")]
    NoEvidenceRequired { path: String },
    #[error("{path}: evidence_currency_years must be between 1 and 50, got {years}")]
    Currency { path: String, years: u32 },
}

impl BadgeValidationError {
    /// The JSON path the error is about, as in `$.criteria[2].id`.
    pub fn path(&self) -> &str {
        match self {
            BadgeValidationError::NoId { path }
            | BadgeValidationError::NoName { path }
            | BadgeValidationError::NoCriteria { path }
            | BadgeValidationError::CriterionNoId { path }
            | BadgeValidationError::CriterionNoText { path }
            | BadgeValidationError::DuplicateCriterion { path, .. }
            | BadgeValidationError::NoEvidenceRequired { path }
            | BadgeValidationError::Currency { path, .. } => path,
        }
    }
}

/// What to do with an imported badge, given the versions already stored under its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionDecision {
    /// The same content is already stored as this version; change nothing.
    Unchanged(u32),
    /// New content: store it as this version.
    New(u32),
}

impl Badge {
    /// Checks the rules every stored badge satisfies. `root` prefixes the JSON paths.
    pub fn validate(&self, root: &str) -> Result<(), BadgeValidationError> {
        if self.id.trim().is_empty() {
            return Err(BadgeValidationError::NoId {
                path: format!("{root}.id"),
            });
        }
        if self.name.is_empty() {
            return Err(BadgeValidationError::NoName {
                path: format!("{root}.name"),
            });
        }
        if self.criteria.is_empty() {
            return Err(BadgeValidationError::NoCriteria {
                path: format!("{root}.criteria"),
            });
        }
        if !(1..=50).contains(&self.evidence_currency_years) {
            return Err(BadgeValidationError::Currency {
                path: format!("{root}.evidence_currency_years"),
                years: self.evidence_currency_years,
            });
        }
        let mut seen = HashSet::new();
        for (i, c) in self.criteria.iter().enumerate() {
            let at = format!("{root}.criteria[{i}]");
            if c.id.trim().is_empty() {
                return Err(BadgeValidationError::CriterionNoId {
                    path: format!("{at}.id"),
                });
            }
            if c.text.is_empty() {
                return Err(BadgeValidationError::CriterionNoText {
                    path: format!("{at}.text"),
                });
            }
            if c.evidence.min_items == 0 {
                return Err(BadgeValidationError::NoEvidenceRequired {
                    path: format!("{at}.evidence.min_items"),
                });
            }
            if !seen.insert(c.id.as_str()) {
                return Err(BadgeValidationError::DuplicateCriterion {
                    path: format!("{at}.id"),
                    id: c.id.clone(),
                });
            }
        }
        Ok(())
    }

    /// SHA-256 over the badge's content, leaving out the revision number, so the same
    /// badge imported twice hashes the same and any change of content does not.
    pub fn content_hash(&self) -> String {
        let mut content = self.clone();
        content.version = 0;
        let bytes = serde_json::to_vec(&content).expect("a badge always serialises");
        hex::encode(Sha256::digest(bytes))
    }

    /// Decides the version of an imported badge from `(version, content_hash)` of those stored.
    pub fn decide_version(&self, stored: &[(u32, String)]) -> VersionDecision {
        let hash = self.content_hash();
        if let Some((v, _)) = stored.iter().find(|(_, h)| *h == hash) {
            return VersionDecision::Unchanged(*v);
        }
        VersionDecision::New(stored.iter().map(|(v, _)| *v).max().unwrap_or(0) + 1)
    }

    /// Whether the badge's name, description, criteria or alignments contain `query`.
    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return true;
        }
        self.name.contains_lowercase(&q)
            || self.description.contains_lowercase(&q)
            || self.criteria.iter().any(|c| c.text.contains_lowercase(&q))
            || self.alignments.iter().any(|a| {
                a.name.contains_lowercase(&q)
                    || a.code
                        .as_deref()
                        .is_some_and(|c| c.to_lowercase().contains(&q))
            })
    }

    /// Whether the badge is aligned to `code` (a unit, national badge or ESCO URI).
    pub fn aligned_to(&self, code: &str) -> bool {
        self.alignments
            .iter()
            .any(|a| a.code.as_deref() == Some(code.trim()))
    }

    pub fn name_in(&self, lang: Lang) -> &str {
        self.name.show(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample_badge() -> Badge {
        Badge {
            id: "osaava-aseptic-work".into(),
            version: 1,
            source_version: None,
            name: LocalizedText::new("Aseptinen työskentely", "Aseptiskt arbete", "Aseptic work"),
            description: LocalizedText::new("Kuvaus", "Beskrivning", "Description"),
            issuer: None,
            criteria: vec![
                Criterion {
                    id: "c1".into(),
                    text: LocalizedText::new(
                        "Toteuttaa käsihygienian",
                        "Handhygien",
                        "Performs hand hygiene",
                    ),
                    guidance: LocalizedText::default(),
                    key_points: vec![],
                    mandatory: true,
                    evidence: EvidenceRequirement::default(),
                },
                Criterion {
                    id: "c2".into(),
                    text: LocalizedText::new(
                        "Käyttää suojaimia",
                        "Skyddsutrustning",
                        "Uses protective equipment",
                    ),
                    guidance: LocalizedText::default(),
                    key_points: vec![],
                    mandatory: false,
                    evidence: EvidenceRequirement {
                        min_items: 2,
                        kinds: vec![EvidenceKind::Observation],
                    },
                },
            ],
            alignments: vec![Alignment {
                kind: AlignmentKind::QualificationUnit,
                code: Some("tutkinnonosat_106228".into()),
                name: LocalizedText::new("Ikääntyvien osallisuuden edistäminen", "", ""),
                url: None,
                competence_points: Some(35),
                qualification: Some("koulutus_371101".into()),
                framework: None,
            }],
            evidence_currency_years: 5,
            validity_years: None,
            source_format: SourceFormat::OsaavaTemplate,
            image: None,
        }
    }

    #[test]
    fn valid_badge_passes() {
        assert_eq!(sample_badge().validate("$"), Ok(()));
    }

    #[test]
    fn rejects_missing_parts_with_paths() {
        let mut b = sample_badge();
        b.criteria.clear();
        assert_eq!(b.validate("$").unwrap_err().path(), "$.criteria");

        let mut b = sample_badge();
        b.name = LocalizedText::default();
        assert_eq!(b.validate("$").unwrap_err().path(), "$.name");

        let mut b = sample_badge();
        b.criteria[1].id = "c1".into();
        let err = b.validate("$").unwrap_err();
        assert_eq!(err.path(), "$.criteria[1].id");
        assert!(err.to_string().contains("\"c1\""));

        let mut b = sample_badge();
        b.criteria[0].evidence.min_items = 0;
        assert_eq!(
            b.validate("$").unwrap_err().path(),
            "$.criteria[0].evidence.min_items"
        );
    }

    #[test]
    fn same_content_is_unchanged_and_changed_content_is_a_new_version() {
        let b = sample_badge();
        assert_eq!(b.decide_version(&[]), VersionDecision::New(1));
        let stored = vec![(1, b.content_hash())];
        assert_eq!(b.decide_version(&stored), VersionDecision::Unchanged(1));

        let mut changed = b.clone();
        changed.criteria[0]
            .text
            .set(Lang::En, "Performs hand hygiene correctly");
        assert_ne!(changed.content_hash(), b.content_hash());
        assert_eq!(changed.decide_version(&stored), VersionDecision::New(2));

        // Importing the old content again after a change finds it, rather than adding a third version.
        let stored = vec![(1, b.content_hash()), (2, changed.content_hash())];
        assert_eq!(b.decide_version(&stored), VersionDecision::Unchanged(1));
    }

    #[test]
    fn revision_number_does_not_change_the_hash() {
        let mut b = sample_badge();
        let h = b.content_hash();
        b.version = 7;
        assert_eq!(b.content_hash(), h);
    }

    #[test]
    fn source_format_serialises_as_its_code() {
        for f in [
            SourceFormat::OsaavaTemplate,
            SourceFormat::OpenBadges2,
            SourceFormat::OpenBadges3,
            SourceFormat::EperusteetBadge,
            SourceFormat::EperusteetUnit,
        ] {
            assert_eq!(serde_json::to_value(f).unwrap(), f.code());
        }
    }

    #[test]
    fn classifies_alignment_codes() {
        assert_eq!(
            Alignment::kind_of_code("tutkinnonosat_107520"),
            AlignmentKind::QualificationUnit
        );
        assert_eq!(
            Alignment::kind_of_code("osaamismerkit_1201"),
            AlignmentKind::NationalBadge
        );
        assert_eq!(
            Alignment::kind_of_code("http://data.europa.eu/esco/skill/abc"),
            AlignmentKind::EscoSkill
        );
        assert_eq!(
            Alignment::kind_of_code("tutkinnonosat_"),
            AlignmentKind::Framework
        );
        assert_eq!(
            Alignment::kind_of_code("CCSS.ELA"),
            AlignmentKind::Framework
        );
    }

    #[test]
    fn search_covers_names_criteria_and_alignment_codes() {
        let b = sample_badge();
        assert!(b.matches("ASEPT"));
        assert!(b.matches("suojaim"));
        assert!(b.matches("106228"));
        assert!(!b.matches("lääkehoito"));
        assert!(b.aligned_to("tutkinnonosat_106228"));
    }
}
