//! Requests and responses of the assessment cases.

use osaava_core::case::{Case, CaseState, Decision, DecisionRecord};
use osaava_core::compare::Comparison;
use osaava_core::evidence::Evidence;
use osaava_core::interview::{CriterionRating, Rating};
use osaava_core::learning::LearningPath;
use osaava_core::selfassess::{SelfAssessment, SelfLevel};
use osaava_core::{EvidenceKind, Lang, LocalizedText, Person};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OpenCaseRequest {
    pub employee: String,
    pub badge: String,
    /// The latest when absent.
    #[serde(default)]
    #[ts(optional)]
    pub badge_version: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub assessor: Option<String>,
    /// The case's language; the user's when absent.
    #[serde(default)]
    #[ts(optional)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListCasesRequest {
    #[serde(default)]
    #[ts(optional)]
    pub state: Option<CaseState>,
    #[serde(default)]
    #[ts(optional)]
    pub employee: Option<String>,
    /// 50 when absent, at most 500.
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub offset: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseSummary {
    pub id: String,
    pub state: CaseState,
    pub employee_id: String,
    pub employee_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub assessor_name: Option<String>,
    pub badge_id: String,
    pub badge_version: u32,
    pub badge_name: LocalizedText,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseRequest {
    pub case: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssignAssessorRequest {
    pub case: String,
    /// A person registered as an assessor, not the case's employee.
    pub assessor: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoteView {
    pub criterion: String,
    pub text: String,
    pub author: String,
    pub written_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RatingView {
    #[serde(flatten)]
    pub rating: CriterionRating,
    pub rated_by: String,
    pub rated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditView {
    pub at: String,
    pub actor: String,
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub new: Option<String>,
}

/// What can be done with a case in its present state, as osaava-core's checks answer it, so a
/// screen offers only what the back end will accept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseActions {
    /// Change the self-assessment (levels, examples, an imported file) and submit it.
    pub self_assess: bool,
    /// Return a submitted self-assessment to the employee.
    pub return_for_revision: bool,
    /// Add evidence or change its links and authenticity mark.
    pub add_evidence: bool,
    /// Record interview notes and ratings (starting, resuming or reopening the interview).
    pub interview: bool,
    pub pause_interview: bool,
    pub resume_interview: bool,
    /// Finish the interview (every mandatory criterion must be rated by then).
    pub finish_interview: bool,
    /// Decide (every mandatory criterion must be rated by then).
    pub decide: bool,
    /// Give the case an assessor, or another one.
    pub assign_assessor: bool,
}

/// Everything about a case.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseDetail {
    pub case: Case,
    pub actions: CaseActions,
    pub badge_name: LocalizedText,
    pub employee: Person,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub assessor: Option<Person>,
    pub self_assessment: SelfAssessment,
    pub notes: Vec<NoteView>,
    pub ratings: Vec<RatingView>,
    pub evidence: Vec<Evidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub learning_path: Option<LearningPath>,
    pub audit: Vec<AuditView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SelfAssessRequest {
    pub case: String,
    pub criterion: String,
    #[ts(type = "1 | 2 | 3 | 4 | \"unsure\"")]
    pub level: SelfLevel,
    /// None keeps an earlier example; "" clears it.
    #[serde(default)]
    #[ts(optional)]
    pub example: Option<String>,
}

/// A privacy warning in the user's language: the text may hold client data.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WarningView {
    pub field: String,
    pub line: u32,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Recorded {
    pub warnings: Vec<WarningView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AddEvidenceRequest {
    pub case: String,
    pub kind: EvidenceKind,
    pub criteria: Vec<String>,
    /// YYYY-MM-DD
    #[serde(default)]
    #[ts(optional)]
    pub obtained: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub author: Option<String>,
    #[serde(default)]
    pub verified: bool,
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AddedEvidence {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sha256: Option<String>,
    pub warnings: Vec<WarningView>,
}

/// Marks an evidence item's authenticity as checked (or not) and links it to criteria.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UpdateEvidenceRequest {
    pub case: String,
    pub evidence: String,
    #[serde(default)]
    #[ts(optional)]
    pub verified: Option<bool>,
    /// The criteria it supports from now on (replaces the earlier links), at least one.
    #[serde(default)]
    #[ts(optional)]
    pub criteria: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoteRequest {
    pub case: String,
    pub criterion: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RateRequest {
    pub case: String,
    pub criterion: String,
    pub rating: Rating,
    #[serde(default)]
    #[ts(optional)]
    pub rationale: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompareResponse {
    #[serde(flatten)]
    pub comparison: Comparison,
    /// The reasons as sentences in the user's language.
    pub reason_texts: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecideRequest {
    pub case: String,
    pub decision: Decision,
    #[serde(default)]
    #[ts(optional)]
    pub justification: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Decided {
    pub record: DecisionRecord,
    pub learning_path: LearningPath,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedSelfAssessment {
    pub case: String,
    pub entries: u32,
    pub evidence: Vec<String>,
    pub warnings: Vec<WarningView>,
}
