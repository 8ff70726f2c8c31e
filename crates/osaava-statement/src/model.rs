//! The machine-readable statement. The PDF shows exactly this; its SHA-256 is in the QR code.

use chrono::{DateTime, NaiveDate, Utc};
use osaava_core::badge::{AlignmentKind, EvidenceKind};
use osaava_core::case::Decision;
use osaava_core::interview::Rating;
use osaava_core::Lang;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Version of this JSON format, so a college's tooling can tell what it reads.
pub const STATEMENT_FORMAT: &str = "osaava-statement/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub format: String,
    pub id: Uuid,
    pub issued_at: DateTime<Utc>,
    pub language: Lang,
    /// The statement this one replaces, when it is a reissue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<Uuid>,
    pub case_id: Uuid,
    pub organisation: OrganisationRef,
    pub employee: EmployeeRef,
    pub assessor: AssessorRef,
    /// Where the assessment took place (a town), printed beside the date.
    pub place: String,
    pub badge: BadgeRef,
    pub alignments: Vec<AlignmentLine>,
    pub criteria: Vec<CriterionLine>,
    pub decision: Decision,
    pub justification: String,
    pub learning_path: Vec<CourseLine>,
    pub ehoks: Vec<EhoksUnit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationRef {
    pub name: String,
    pub business_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmployeeRef {
    /// The person id in the issuing organisation's Osaava.
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessorRef {
    pub id: String,
    pub name: String,
    pub title: String,
}

/// The badge version, with its texts already in the statement's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BadgeRef {
    pub id: String,
    pub version: u32,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignmentLine {
    pub kind: AlignmentKind,
    /// `tutkinnonosat_106228`, `osaamismerkit_1234`, an ESCO URI or a framework code.
    pub code: String,
    pub name: String,
    /// Competence points (osp) of a qualification unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competence_points: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionLine {
    pub id: String,
    pub text: String,
    pub mandatory: bool,
    pub rating: Rating,
    pub rationale: String,
    pub evidence: Vec<EvidenceLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceLine {
    pub kind: EvidenceKind,
    /// When the evidence was produced; unknown for some older documents.
    pub obtained: Option<NaiveDate>,
    /// Whether the assessor checked its authenticity.
    pub verified: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseLine {
    pub id: String,
    pub title: String,
    pub provider: String,
    pub duration_minutes: u32,
    /// The criteria of this badge that the course covers.
    pub covers: Vec<String>,
}

/// What a college copies into eHOKS for one qualification unit (field names as eHOKS spells them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EhoksUnit {
    #[serde(rename = "tutkinnon-osa-koodi-uri")]
    pub tutkinnon_osa_koodi_uri: String,
    #[serde(rename = "valittu-todentamisen-prosessi-koodi-uri")]
    pub valittu_todentamisen_prosessi_koodi_uri: String,
    #[serde(rename = "aiemmin-hankitun-osaamisen-arvioijat")]
    pub arvioijat: Vec<EhoksAssessor>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EhoksAssessor {
    pub nimi: String,
    pub organisaatio: EhoksOrganisation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EhoksOrganisation {
    pub nimi: String,
    #[serde(rename = "y-tunnus")]
    pub y_tunnus: String,
}

impl Statement {
    /// The bytes embedded in the PDF and hashed into the QR code: pretty JSON, UTF-8, a final newline.
    pub fn to_json_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("a statement always serialises");
        bytes.push(b'\n');
        bytes
    }

    /// A complete, realistic statement for tests and previews (no database needed).
    pub fn example() -> Statement {
        example::statement()
    }
}

mod example;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trips_and_uses_ehoks_field_names() {
        let s = Statement::example();
        let bytes = s.to_json_bytes();
        let back: Statement = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(back, s);
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let unit = &v["ehoks"][0];
        assert_eq!(unit["tutkinnon-osa-koodi-uri"], "tutkinnonosat_106228");
        assert_eq!(
            unit["aiemmin-hankitun-osaamisen-arvioijat"][0]["organisaatio"]["y-tunnus"],
            "0112038-9"
        );
        assert_eq!(v["criteria"][3]["rating"], "partially-meets");
        assert_eq!(v["decision"], "partially-recognised");
    }
}
