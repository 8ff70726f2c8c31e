//! Evidence: files into the vault, metadata and criteria links into the case.

use super::selfassess::read_at_most;
use super::{load, save_changes, subject, warnings};
use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::App;
use osaava_core::evidence::{check_file, Evidence, EvidenceInput, DEFAULT_MAX_FILE_BYTES};
use osaava_core::Lang;
use std::path::Path;

impl App {
    /// Adds an evidence item, with a file from `file` or without one (an observation, an answer).
    pub fn add_evidence(
        &self,
        req: &AddEvidenceRequest,
        file: Option<&Path>,
        lang: Lang,
    ) -> Result<AddedEvidence, ApiError> {
        let obtained = match req
            .obtained
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(s) => Some(s.parse::<chrono::NaiveDate>().map_err(|_| {
                ApiError::bad_input(format!(
                    "--obtained: {s:?} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-14"
                ))
                .with_code(ErrorCode::EvidenceDateInvalid)
            })?),
        };
        let shown = file.map(|p| p.display().to_string());
        let bytes = match file {
            Some(p) => Some(
                read_at_most(p, DEFAULT_MAX_FILE_BYTES, ErrorCode::EvidenceTooLarge)
                    .map_err(|e| e.in_file(p.display().to_string()))?,
            ),
            None => None,
        };
        let checked = match &bytes {
            Some(b) => Some(
                check_file(b, DEFAULT_MAX_FILE_BYTES)
                    .map_err(|e| ApiError::from(e).in_file(shown.clone().unwrap_or_default()))?,
            ),
            None => None,
        };
        let id = uuid::Uuid::now_v7().to_string();
        let now = self.now();
        let today = self.today();
        let vault = self.vault();
        self.store().write(|db| {
            let (mut case, badge) = load(db, &req.case)?;
            case.check_can_add_evidence().map_err(super::case_error)?;
            let input = EvidenceInput {
                kind: Some(req.kind),
                obtained,
                author: req.author.as_deref(),
                criteria: &req.criteria,
                note: req.note.as_deref(),
                authenticity_checked: req.verified,
                file_name: shown.as_deref(),
            };
            let (evidence, found) = Evidence::new(&badge, &id, &input, checked.as_ref(), today)?;
            if let (Some(b), Some(f)) = (&bytes, &evidence.file) {
                // Durable in the vault before the row that points at it commits.
                vault
                    .put(b)
                    .map_err(|e| ApiError::internal(e.to_string()))?;
                db.insert_vault_file(&f.sha256, f.size, f.content_type.mime(), &now)?;
            }
            db.insert_evidence(&case.id, &evidence, &now)?;
            let what = format!(
                "{} {} → {}",
                evidence.kind.code(),
                evidence.id,
                evidence.criteria.join(", ")
            );
            db.audit(
                &now,
                &self.actor(),
                "case.evidence-add",
                &subject(&case.id),
                None,
                Some(&what),
            )?;
            // Evidence recorded during the interview counts as interview activity.
            let changes = if matches!(
                case.state,
                osaava_core::case::CaseState::InterviewInProgress
            ) && case.interview_paused
            {
                case.record_interview().map_err(super::case_error)?
            } else {
                Vec::new()
            };
            save_changes(db, &case, &changes, &now, &self.actor())?;
            Ok(AddedEvidence {
                id: evidence.id.clone(),
                sha256: evidence.file.map(|f| f.sha256),
                warnings: warnings(&found, lang),
            })
        })
    }

    /// Marks an evidence item's authenticity as checked (or not) and relinks it to criteria.
    pub fn update_evidence(
        &self,
        case_id: &str,
        evidence_id: &str,
        verified: Option<bool>,
        criteria: Option<&[String]>,
    ) -> Result<Evidence, ApiError> {
        let now = self.now();
        self.store().write(|db| {
            let (case, badge) = load(db, case_id)?;
            case.check_can_add_evidence().map_err(super::case_error)?;
            let mut e = db
                .evidence(case_id)?
                .into_iter()
                .find(|e| e.id == evidence_id)
                .ok_or_else(|| ApiError::not_found(format!("case {case_id} has no evidence {evidence_id:?}; see `osaava case show {case_id}`")))?;
            let old = format!("verified {}, {}", e.authenticity_checked, e.criteria.join(", "));
            if let Some(v) = verified {
                e.authenticity_checked = v;
            }
            if let Some(c) = criteria {
                e.link(&badge, c)?;
            }
            db.update_evidence(&e)?;
            let new = format!("verified {}, {}", e.authenticity_checked, e.criteria.join(", "));
            db.audit(&now, &self.actor(), &format!("case.evidence-update {evidence_id}"), &subject(case_id), Some(&old), Some(&new))?;
            save_changes(db, &case, &[], &now, &self.actor())?;
            Ok(e)
        })
    }
}
