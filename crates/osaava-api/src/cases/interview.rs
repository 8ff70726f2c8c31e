//! The structured evidence interview: the guide, notes and ratings.

use super::selfassess::load_self_assessment;
use super::{case_error, load, save_changes, subject, warnings};
use crate::dto::*;
use crate::error::ApiError;
use crate::templates;
use crate::App;
use osaava_core::interview::{build_guide, CriterionRating, InterviewGuide, InterviewNote};
use osaava_core::Lang;

impl App {
    pub fn interview_guide(
        &self,
        req: &CaseRequest,
        lang: Option<Lang>,
    ) -> Result<InterviewGuide, ApiError> {
        let store = self.store();
        let db = store.read();
        let (case, badge) = load(&db, &req.case)?;
        let sa = load_self_assessment(&db, &case, &badge)?;
        let evidence = db.evidence(&case.id)?;
        let sa = (!sa.entries.is_empty()).then_some(&sa);
        Ok(build_guide(
            templates::questions(),
            &badge,
            sa,
            &evidence,
            lang.unwrap_or(case.language),
        ))
    }

    /// Records a note; the first note or rating starts the interview, and one on a paused interview resumes it.
    pub fn interview_note(&self, req: &NoteRequest, lang: Lang) -> Result<Recorded, ApiError> {
        let now = self.now();
        self.store().write(|db| {
            let (mut case, badge) = load(db, &req.case)?;
            let note = InterviewNote::new(&badge, &req.criterion, &req.text)?;
            let changes = case.record_interview().map_err(case_error)?;
            db.add_note(&case.id, &note.criterion, &note.text, &self.actor(), &now)?;
            save_changes(db, &case, &changes, &now, &self.actor())?;
            Ok(Recorded {
                warnings: warnings(&note.warnings(), lang),
            })
        })
    }

    pub fn rate(&self, req: &RateRequest, lang: Lang) -> Result<Recorded, ApiError> {
        let now = self.now();
        self.store().write(|db| {
            let (mut case, badge) = load(db, &req.case)?;
            let rating =
                CriterionRating::new(&badge, &req.criterion, req.rating, req.rationale.as_deref())?;
            let changes = case.record_interview().map_err(case_error)?;
            let old = db.upsert_rating(&case.id, &rating, &self.actor(), &now)?;
            let old = old.map(|r| format!("{}: {}", r.criterion, r.rating.code()));
            let new = format!("{}: {}", rating.criterion, rating.rating.code());
            save_changes(db, &case, &changes, &now, &self.actor())?;
            db.audit(
                &now,
                &self.actor(),
                "case.rating",
                &subject(&case.id),
                old.as_deref(),
                Some(&new),
            )?;
            Ok(Recorded {
                warnings: warnings(&rating.warnings(), lang),
            })
        })
    }

    /// Ends the interview: every mandatory criterion must be rated.
    pub fn finish_interview(&self, req: &CaseRequest) -> Result<(), ApiError> {
        let now = self.now();
        self.store().write(|db| {
            let (mut case, badge) = load(db, &req.case)?;
            let ratings: Vec<CriterionRating> = db
                .ratings(&case.id)?
                .into_iter()
                .map(|r| r.rating)
                .collect();
            let changes = case
                .finish_interview(&badge, &ratings)
                .map_err(case_error)?;
            save_changes(db, &case, &changes, &now, &self.actor())
        })
    }
}
