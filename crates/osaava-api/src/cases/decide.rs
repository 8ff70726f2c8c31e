//! Comparing the evidence with the criteria, and the decision.

use super::selfassess::load_self_assessment;
use super::{case_error, load, save_changes, subject};
use crate::dto::*;
use crate::error::ApiError;
use crate::templates;
use crate::App;
use osaava_core::compare::{compare, CaseFacts};
use osaava_core::interview::CriterionRating;
use osaava_core::learning::plan_path;
use osaava_core::Lang;

impl App {
    pub fn compare_case(&self, req: &CaseRequest, lang: Lang) -> Result<CompareResponse, ApiError> {
        let store = self.store();
        let db = store.read();
        let (case, badge) = load(&db, &req.case)?;
        let sa = load_self_assessment(&db, &case, &badge)?;
        let evidence = db.evidence(&case.id)?;
        let ratings: Vec<CriterionRating> = db
            .ratings(&case.id)?
            .into_iter()
            .map(|r| r.rating)
            .collect();
        // A decided case is compared as of its decision date, an open one as of today.
        let as_of = case
            .decision
            .as_ref()
            .map(|d| d.decided_on)
            .unwrap_or_else(|| self.today());
        let facts = CaseFacts {
            badge: &badge,
            self_assessment: (!sa.entries.is_empty()).then_some(&sa),
            evidence: &evidence,
            ratings: &ratings,
            as_of,
        };
        let comparison = compare(&facts, Some(templates::courses()));
        Ok(CompareResponse {
            reason_texts: comparison.reason_texts(lang),
            comparison,
        })
    }

    /// Decides the case and saves the learning path for its gaps with it.
    pub fn decide(&self, req: &DecideRequest) -> Result<Decided, ApiError> {
        let now = self.now();
        let today = self.today();
        self.store().write(|db| {
            let (mut case, badge) = load(db, &req.case)?;
            let sa = load_self_assessment(db, &case, &badge)?;
            let evidence = db.evidence(&case.id)?;
            let ratings: Vec<CriterionRating> = db
                .ratings(&case.id)?
                .into_iter()
                .map(|r| r.rating)
                .collect();
            let facts = CaseFacts {
                badge: &badge,
                self_assessment: (!sa.entries.is_empty()).then_some(&sa),
                evidence: &evidence,
                ratings: &ratings,
                as_of: today,
            };
            let (record, changes) = case
                .decide(&facts, req.decision, req.justification.as_deref())
                .map_err(case_error)?;
            let gaps = compare(&facts, None).gaps;
            let path = plan_path(&badge, &gaps, templates::courses());
            let body =
                serde_json::to_string(&path).map_err(|e| ApiError::internal(e.to_string()))?;
            db.save_learning_path(&case.id, &body, &now)?;
            save_changes(db, &case, &changes, &now, &self.actor())?;
            let what = format!(
                "{} (suggested {})",
                record.decision.code(),
                record.suggestion.code()
            );
            db.audit(
                &now,
                &self.actor(),
                "case.decision",
                &subject(&case.id),
                None,
                Some(&what),
            )?;
            Ok(Decided {
                record,
                learning_path: path,
            })
        })
    }
}
