//! Assessment cases: open, list, show, and the moves of a case's life.
//!
//! Every handler is one transaction: it loads the case and its badge, lets osaava-core check
//! and apply the action, writes the result and the audit entries, and commits before returning.

mod decide;
mod evidence;
mod interview;
mod selfassess;

use crate::dto::*;
use crate::error::{ApiError, ErrorCode};
use crate::App;
use osaava_core::case::{Case, CaseChange, CaseError, NewCase};
use osaava_core::evidence::privacy::PrivacyWarning;
use osaava_core::{Badge, Lang, Role};
use osaava_store::{CaseFilter, Db};

const DEFAULT_PAGE: u32 = 50;
const MAX_PAGE: u32 = 500;

impl App {
    pub fn open_case(&self, req: &OpenCaseRequest, user_lang: Lang) -> Result<Created, ApiError> {
        let id = uuid::Uuid::now_v7().to_string();
        let now = self.now();
        self.store().write(|db| {
            let employee = person_with_role(db, &req.employee, Role::Employee, "--employee")?;
            if let Some(a) = &req.assessor {
                person_with_role(db, a, Role::Assessor, "--assessor")?;
            }
            let badge = db
                .badge(&req.badge, req.badge_version)?
                .ok_or_else(|| {
                    ApiError::not_found(format!(
                        "no badge {:?} (version {:?}) in the library; see `osaava badges list`",
                        req.badge, req.badge_version
                    ))
                })?
                .badge;
            let new = NewCase {
                id: &id,
                employee_id: &employee.id,
                assessor_id: req.assessor.as_deref(),
                language: req.language.unwrap_or(user_lang),
            };
            let case = Case::open(&new, &badge).map_err(case_error)?;
            db.insert_case(&case, &now)?;
            let what = format!("{} v{} for {}", badge.id, badge.version, employee.id);
            db.audit(
                &now,
                &self.actor(),
                "case.open",
                &subject(&id),
                None,
                Some(&what),
            )?;
            Ok::<_, ApiError>(())
        })?;
        Ok(Created { id })
    }

    pub fn list_cases(&self, req: &ListCasesRequest) -> Result<Vec<CaseSummary>, ApiError> {
        let limit = req.limit.unwrap_or(DEFAULT_PAGE);
        if limit == 0 || limit > MAX_PAGE {
            return Err(ApiError::bad_input(format!(
                "limit must be between 1 and {MAX_PAGE}, got {limit}"
            )));
        }
        let store = self.store();
        let db = store.read();
        let filter = CaseFilter {
            state: req.state.map(|s| s.code()),
            employee_id: req.employee.as_deref(),
            ..CaseFilter::default()
        };
        let rows = db.case_rows(&filter, limit, req.offset.unwrap_or(0))?;
        summaries(rows)
    }

    /// The cases a person is in, as the employee or the assessor, newest change first.
    pub fn person_cases(&self, req: &PersonCasesRequest) -> Result<Vec<CaseSummary>, ApiError> {
        let limit = req.limit.unwrap_or(DEFAULT_PAGE);
        if limit == 0 || limit > MAX_PAGE {
            return Err(ApiError::bad_input(format!(
                "limit must be between 1 and {MAX_PAGE}, got {limit}"
            )));
        }
        let store = self.store();
        let db = store.read();
        let person = db.person(req.person.trim())?.ok_or_else(|| {
            ApiError::not_found(format!(
                "no person with id {:?}; see `osaava people list`",
                req.person
            ))
            .with_code(ErrorCode::PersonNotFound)
        })?;
        // An employee's cases by employee, an assessor's by assessor; other roles are in no case.
        let filter = CaseFilter {
            employee_id: (person.role == Role::Employee).then_some(person.id.as_str()),
            assessor_id: (person.role == Role::Assessor).then_some(person.id.as_str()),
            open_only: req.open_only,
            ..CaseFilter::default()
        };
        if filter.employee_id.is_none() && filter.assessor_id.is_none() {
            return Ok(Vec::new());
        }
        let found = db.case_rows(&filter, limit, req.offset.unwrap_or(0))?;
        summaries(found)
    }

    pub fn show_case(&self, req: &CaseRequest) -> Result<CaseDetail, ApiError> {
        let store = self.store();
        let db = store.read();
        let (case, badge) = load(&db, &req.case)?;
        let employee = db
            .person(&case.employee_id)?
            .ok_or_else(|| ApiError::internal("the case's employee is missing"))?;
        let assessor = match &case.assessor_id {
            Some(a) => db.person(a)?,
            None => None,
        };
        let self_assessment = selfassess::load_self_assessment(&db, &case, &badge)?;
        let notes = db
            .notes(&case.id)?
            .into_iter()
            .map(|n| NoteView {
                criterion: n.criterion,
                text: n.text,
                author: n.author,
                written_at: n.written_at,
            })
            .collect();
        let ratings = db
            .ratings(&case.id)?
            .into_iter()
            .map(|r| RatingView {
                rating: r.rating,
                rated_by: r.rated_by,
                rated_at: r.rated_at,
            })
            .collect();
        let learning_path = match db.learning_path(&case.id)? {
            Some(body) => {
                Some(serde_json::from_str(&body).map_err(|e| ApiError::internal(e.to_string()))?)
            }
            None => None,
        };
        let audit = db
            .audit_trail(&subject(&case.id))?
            .into_iter()
            .map(|a| AuditView {
                at: a.at,
                actor: a.actor,
                action: a.action,
                old: a.old_value,
                new: a.new_value,
            })
            .collect();
        Ok(CaseDetail {
            actions: actions(&case),
            badge_name: badge.name.clone(),
            evidence: db.evidence(&case.id)?,
            case,
            employee,
            assessor,
            self_assessment,
            notes,
            ratings,
            learning_path,
            audit,
        })
    }

    pub fn submit_self_assessment(&self, req: &CaseRequest) -> Result<(), ApiError> {
        self.case_action(&req.case, |db, case, badge| {
            let sa = selfassess::load_self_assessment(db, case, badge)?;
            case.submit_self_assessment(badge, &sa).map_err(case_error)
        })
    }

    pub fn return_for_revision(&self, req: &CaseRequest) -> Result<(), ApiError> {
        self.case_action(&req.case, |_, case, _| {
            case.return_for_revision().map_err(case_error)
        })
    }

    /// Gives the case its assessor (or another one) before it is decided.
    pub fn assign_assessor(&self, req: &AssignAssessorRequest) -> Result<(), ApiError> {
        self.case_action(&req.case, |db, case, _| {
            let assessor = person_with_role(db, &req.assessor, Role::Assessor, "--assessor")?;
            case.assign_assessor(&assessor.id).map_err(case_error)
        })
    }

    pub fn withdraw_case(&self, req: &CaseRequest) -> Result<(), ApiError> {
        self.case_action(&req.case, |_, case, _| case.withdraw().map_err(case_error))
    }

    pub fn pause_interview(&self, req: &CaseRequest) -> Result<(), ApiError> {
        self.case_action(&req.case, |_, case, _| {
            case.pause_interview().map_err(case_error)
        })
    }

    pub fn resume_interview(&self, req: &CaseRequest) -> Result<(), ApiError> {
        self.case_action(&req.case, |_, case, _| {
            case.resume_interview().map_err(case_error)
        })
    }

    /// Runs `act` on the case in one transaction and records the changes it reports.
    fn case_action(
        &self,
        case_id: &str,
        act: impl FnOnce(&Db<'_>, &mut Case, &Badge) -> Result<Vec<CaseChange>, ApiError>,
    ) -> Result<(), ApiError> {
        let now = self.now();
        self.store().write(|db| {
            let (mut case, badge) = load(db, case_id)?;
            let changes = act(db, &mut case, &badge)?;
            save_changes(db, &case, &changes, &now, &self.actor())
        })
    }
}

/// The case and its badge version, or a not-found error naming the id.
pub(crate) fn load(db: &Db<'_>, case_id: &str) -> Result<(Case, Badge), ApiError> {
    let case = db.case(case_id)?.ok_or_else(|| {
        ApiError::not_found(format!("no case {case_id:?}; see `osaava case list`"))
            .with_code(ErrorCode::CaseNotFound)
    })?;
    let badge = db
        .badge(&case.badge_id, Some(case.badge_version))?
        .ok_or_else(|| {
            ApiError::internal(format!("case {case_id} points at a missing badge version"))
        })?
        .badge;
    Ok((case, badge))
}

/// Saves the case (when anything changed) and appends each change to the audit trail.
pub(crate) fn save_changes(
    db: &Db<'_>,
    case: &Case,
    changes: &[CaseChange],
    now: &str,
    actor: &str,
) -> Result<(), ApiError> {
    if changes.is_empty() {
        db.touch_case(&case.id, now)?;
        return Ok(());
    }
    db.update_case(case, now)?;
    for change in changes {
        let (what, old, new) = change.audit();
        db.audit(
            now,
            actor,
            &format!("case.{what}"),
            &subject(&case.id),
            Some(&old),
            Some(&new),
        )?;
    }
    Ok(())
}

pub(crate) fn subject(case_id: &str) -> String {
    format!("case:{case_id}")
}

pub(crate) fn case_error(e: CaseError) -> ApiError {
    ApiError::from(e)
}

pub(crate) fn warnings(list: &[PrivacyWarning], lang: Lang) -> Vec<WarningView> {
    list.iter()
        .map(|w| WarningView {
            field: w.field.label(lang).to_string(),
            line: w.line,
            message: w.message(lang),
        })
        .collect()
}

/// What osaava-core allows for the case now; each move is tried on a copy.
fn actions(case: &Case) -> CaseActions {
    let running = case.clone().pause_interview().is_ok() || case.clone().resume_interview().is_ok();
    CaseActions {
        self_assess: case.check_self_assessment_editable().is_ok(),
        return_for_revision: case.clone().return_for_revision().is_ok(),
        add_evidence: case.check_can_add_evidence().is_ok(),
        interview: case.clone().record_interview().is_ok(),
        pause_interview: case.clone().pause_interview().is_ok(),
        resume_interview: case.clone().resume_interview().is_ok(),
        finish_interview: running,
        decide: running || case.state == osaava_core::case::CaseState::Assessed,
        assign_assessor: case.check_can_add_evidence().is_ok(),
    }
}

/// List rows as summaries.
fn summaries(rows: Vec<osaava_store::CaseRow>) -> Result<Vec<CaseSummary>, ApiError> {
    Ok(rows
        .into_iter()
        .map(|row| CaseSummary {
            id: row.case.id,
            state: row.case.state,
            employee_id: row.case.employee_id,
            employee_name: row.employee_name,
            assessor_name: row.assessor_name,
            badge_id: row.case.badge_id,
            badge_version: row.case.badge_version,
            badge_name: row.badge_name,
            updated_at: row.updated_at,
        })
        .collect())
}

fn person_with_role(
    db: &Db<'_>,
    id: &str,
    role: Role,
    flag: &str,
) -> Result<osaava_core::Person, ApiError> {
    let p = db.person(id)?.ok_or_else(|| {
        ApiError::not_found(format!(
            "{flag}: no person with id {id:?}; see `osaava people list`"
        ))
        .with_code(ErrorCode::PersonNotFound)
    })?;
    if p.role != role {
        return Err(ApiError::bad_input(format!(
            "{flag}: {} is registered as {}, not {}; add them with --role {}",
            p.name,
            p.role.code(),
            role.code(),
            role.code()
        ))
        .with_code(ErrorCode::PersonWrongRole));
    }
    Ok(p)
}
