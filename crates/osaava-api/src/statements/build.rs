//! The machine-readable statement of a decided case, composed from what the store holds.

use crate::error::ApiError;
use osaava_core::badge::AlignmentKind;
use osaava_core::case::Case;
use osaava_core::evidence::Evidence;
use osaava_core::interview::{CriterionRating, Rating};
use osaava_core::learning::LearningPath;
use osaava_core::{Badge, Lang, Organisation, Person};
use osaava_statement::model::*;
use uuid::Uuid;

/// eHOKS route "recognised through assessors": an assessor compared the evidence with the criteria.
pub const ROUTE_THROUGH_ASSESSORS: &str = "osaamisentodentamisenprosessi_0002";

pub(crate) struct StatementFacts<'a> {
    pub id: Uuid,
    pub issued_at: chrono::DateTime<chrono::Utc>,
    pub language: Lang,
    pub supersedes: Option<Uuid>,
    pub place: &'a str,
    pub organisation: &'a Organisation,
    pub case: &'a Case,
    pub badge: &'a Badge,
    pub employee: &'a Person,
    pub assessor: &'a Person,
    pub ratings: &'a [CriterionRating],
    pub evidence: &'a [Evidence],
    pub learning_path: Option<&'a LearningPath>,
}

pub(crate) fn compose(f: &StatementFacts<'_>) -> Result<Statement, ApiError> {
    let lang = f.language;
    let decision = f.case.decision.as_ref().ok_or_else(|| {
        ApiError::bad_input(format!(
            "case {} has no decision yet: decide it before issuing a statement",
            f.case.id
        ))
    })?;
    let case_id = Uuid::parse_str(&f.case.id)
        .map_err(|e| ApiError::internal(format!("case id {}: {e}", f.case.id)))?;
    let organisation = OrganisationRef {
        name: f.organisation.name.clone(),
        business_id: f.organisation.business_id.to_string(),
    };
    let assessor = AssessorRef {
        id: f.assessor.id.clone(),
        name: f.assessor.name.clone(),
        title: f.assessor.title.clone().unwrap_or_default(),
    };
    let criteria = f
        .badge
        .criteria
        .iter()
        .map(|c| {
            let rating = f.ratings.iter().find(|r| r.criterion == c.id);
            CriterionLine {
                id: c.id.clone(),
                text: c.text.show(lang).to_string(),
                mandatory: c.mandatory,
                rating: rating.map(|r| r.rating).unwrap_or(Rating::NotAssessed),
                rationale: rating.and_then(|r| r.rationale.clone()).unwrap_or_default(),
                evidence: f
                    .evidence
                    .iter()
                    .filter(|e| e.criteria.contains(&c.id))
                    .map(|e| EvidenceLine {
                        kind: e.kind,
                        obtained: e.obtained,
                        verified: e.authenticity_checked,
                    })
                    .collect(),
            }
        })
        .collect();
    let alignments: Vec<AlignmentLine> = f
        .badge
        .alignments
        .iter()
        .map(|a| AlignmentLine {
            kind: a.kind,
            code: a
                .code
                .clone()
                .or_else(|| a.url.clone())
                .or_else(|| a.framework.clone())
                .unwrap_or_default(),
            name: a.name.show(lang).to_string(),
            competence_points: a.competence_points,
        })
        .collect();
    let creditable = !matches!(decision.decision, osaava_core::case::Decision::NotYet);
    let ehoks = alignments
        .iter()
        .filter(|a| creditable && a.kind == AlignmentKind::QualificationUnit)
        .map(|a| EhoksUnit {
            tutkinnon_osa_koodi_uri: a.code.clone(),
            valittu_todentamisen_prosessi_koodi_uri: ROUTE_THROUGH_ASSESSORS.into(),
            arvioijat: vec![EhoksAssessor {
                nimi: assessor.name.clone(),
                organisaatio: EhoksOrganisation {
                    nimi: organisation.name.clone(),
                    y_tunnus: organisation.business_id.clone(),
                },
            }],
        })
        .collect();
    let learning_path = f
        .learning_path
        .map(|p| {
            p.steps
                .iter()
                .map(|s| CourseLine {
                    id: s.course.clone(),
                    title: s.title.show(lang).to_string(),
                    provider: s.provider.show(lang).to_string(),
                    duration_minutes: s.duration_minutes,
                    covers: s.covers.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Statement {
        format: STATEMENT_FORMAT.into(),
        id: f.id,
        issued_at: f.issued_at,
        language: lang,
        supersedes: f.supersedes,
        case_id,
        organisation,
        employee: EmployeeRef {
            id: f.employee.id.clone(),
            name: f.employee.name.clone(),
        },
        assessor,
        place: f.place.to_string(),
        badge: BadgeRef {
            id: f.badge.id.clone(),
            version: f.badge.version,
            name: f.badge.name.show(lang).to_string(),
            description: f.badge.description.show(lang).to_string(),
        },
        alignments,
        criteria,
        decision: decision.decision,
        justification: decision.justification.clone().unwrap_or_default(),
        learning_path,
        ehoks,
    })
}
