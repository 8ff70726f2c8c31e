//! Issuing, listing, revoking statements, and the signed revocation list.

use super::build::{compose, StatementFacts};
use super::keys::{key_error, UnlockedKeys};
use crate::cases::{load, subject};
use crate::dto::*;
use crate::error::{ApiError, ErrorCode, ErrorKind};
use crate::App;
use osaava_core::interview::CriterionRating;
use osaava_core::learning::LearningPath;
use osaava_core::Lang;
use osaava_statement::credential::{build_credential, sign_credential};
use osaava_statement::model::Statement;
use osaava_statement::pades::{sign_pdf, SignatureInfo};
use osaava_statement::pdf::{
    render_statement_pdf, AfRelationship, Attachment, CREDENTIAL_JSON, STATEMENT_JSON,
};
use osaava_statement::revocation::sign_revocation_list;
use osaava_store::{NewStatement, RevocationRow, StatementRow};
use uuid::Uuid;

/// One case of a batch and what issuing it gave.
pub type BatchResult = (String, Result<StatementView, ApiError>);

const PLACE_KEY: &str = "statement.place";
const MAX_REASON_CHARS: usize = 1000;

/// The statement's title, for the signature's /Reason.
fn title(lang: Lang) -> &'static str {
    match lang {
        Lang::Fi => "Lausunto tunnustetusta osaamisesta",
        Lang::Sv => "Utlåtande om erkänt kunnande",
        Lang::En => "Statement of recognised competence",
    }
}

fn file_stem(lang: Lang) -> &'static str {
    match lang {
        Lang::Fi => "lausunto",
        Lang::Sv => "utlatande",
        Lang::En => "statement",
    }
}

/// `lausunto-asa-makela-ohman-muistisairaan-asiakkaan-kohtaaminen.pdf`: ASCII, safe on every file system.
fn file_name(statement: &Statement) -> String {
    let slug = |s: &str| {
        let mut out = String::new();
        for c in s.chars().flat_map(char::to_lowercase) {
            let c = match c {
                'å' | 'ä' | 'á' | 'à' => 'a',
                'ö' | 'ó' | 'ø' => 'o',
                'é' | 'è' => 'e',
                'ü' => 'u',
                c => c,
            };
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_matches('-').chars().take(48).collect::<String>()
    };
    format!(
        "{}-{}-{}.pdf",
        file_stem(statement.language),
        slug(&statement.employee.name),
        slug(&statement.badge.name)
    )
}

pub(crate) fn view(row: &StatementRow) -> Result<StatementView, ApiError> {
    let statement: Statement = serde_json::from_str(&row.statement_json)
        .map_err(|e| ApiError::internal(format!("stored statement {} is damaged: {e}", row.id)))?;
    Ok(StatementView {
        id: row.id.clone(),
        case: row.case_id.clone(),
        issued_at: row.issued_at.clone(),
        issued_by: row.issued_by.clone(),
        language: statement.language,
        employee: statement.employee.name.clone(),
        badge_name: statement.badge.name.clone(),
        decision: statement.decision,
        supersedes: row.supersedes.clone(),
        superseded_by: row.superseded_by.clone(),
        revoked: row.revocation.as_ref().map(|r| RevocationView {
            revoked_at: r.revoked_at.clone(),
            revoked_by: r.revoked_by.clone(),
            reason: r.reason.clone(),
        }),
        pdf_sha256: row.pdf_sha256.clone(),
        file_name: file_name(&statement),
    })
}

impl App {
    /// Issues the signed statement of a decided case. A case that already has one gets a new
    /// statement that supersedes the latest.
    pub fn issue_statement(&self, req: &IssueStatementRequest) -> Result<StatementView, ApiError> {
        let keys = self.unlock_keys(&req.passphrase)?;
        self.issue_statement_with(&keys, &req.case, req.language, req.place.as_deref())
    }

    /// Issues with keys unlocked once (a batch unlocks once, not per statement).
    pub fn issue_statement_with(
        &self,
        keys: &UnlockedKeys,
        case_id: &str,
        language: Option<Lang>,
        place: Option<&str>,
    ) -> Result<StatementView, ApiError> {
        let now = self.clock_now();
        // Read everything the statement says in one snapshot.
        let (statement, assessor) = {
            let store = self.store();
            let db = store.read();
            let (case, badge) = load(&db, case_id)?;
            let decision = case.decision.as_ref().ok_or_else(|| {
                ApiError::bad_input(format!(
                    "case {} is not decided yet ({}): decide it before issuing a statement",
                    case.id,
                    case.state.code()
                ))
                .with_code(ErrorCode::CaseNotDecided)
            })?;
            let organisation = db.organisation()?.ok_or_else(|| {
                ApiError::bad_input("set the organisation first: `osaava org set --name NAME --business-id 1234567-8`")
                    .with_code(ErrorCode::OrganisationMissing)
            })?;
            let employee = db.person(&case.employee_id)?.ok_or_else(|| {
                ApiError::internal(format!("case {} points at a missing employee", case.id))
            })?;
            let assessor = db.person(&decision.assessor_id)?.ok_or_else(|| {
                ApiError::internal(format!("case {} points at a missing assessor", case.id))
            })?;
            let place = match place.map(str::trim).filter(|p| !p.is_empty()) {
                Some(p) => p.to_string(),
                None => db.setting(PLACE_KEY)?.ok_or_else(|| {
                    ApiError::bad_input("give the place of the assessment (a town, e.g. --place Jyväskylä); it is printed beside the date")
                        .with_code(ErrorCode::PlaceMissing)
                })?,
            };
            if place.chars().count() > 100 {
                return Err(ApiError::bad_input(
                    "the place is longer than 100 characters; give the town only",
                )
                .with_code(ErrorCode::TextTooLong)
                .with_param("max", 100));
            }
            let ratings: Vec<CriterionRating> = db
                .ratings(&case.id)?
                .into_iter()
                .map(|r| r.rating)
                .collect();
            let evidence = db.evidence(&case.id)?;
            let learning_path: Option<LearningPath> = match db.learning_path(&case.id)? {
                Some(body) => Some(serde_json::from_str(&body).map_err(|e| {
                    ApiError::internal(format!("stored learning path is damaged: {e}"))
                })?),
                None => None,
            };
            let supersedes = db
                .statements_of_case(&case.id)?
                .into_iter()
                .find(|s| s.superseded_by.is_none())
                .map(|s| Uuid::parse_str(&s.id))
                .transpose()
                .map_err(|e| ApiError::internal(e.to_string()))?;
            let statement = compose(&StatementFacts {
                id: Uuid::now_v7(),
                issued_at: chrono::DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now),
                language: language.unwrap_or(case.language),
                supersedes,
                place: &place,
                organisation: &organisation,
                case: &case,
                badge: &badge,
                employee: &employee,
                assessor: &assessor,
                ratings: &ratings,
                evidence: &evidence,
                learning_path: learning_path.as_ref(),
            })?;
            (statement, assessor)
        };

        let identity = keys.identity_for(&assessor, now)?;
        let credential_key = &keys.credential;
        let statement_json = statement.to_json_bytes();
        let mut attachments = vec![Attachment::json(
            STATEMENT_JSON,
            "The statement, machine-readable (osaava-statement/1)",
            AfRelationship::Data,
            statement_json.clone(),
        )];
        let credential = if statement.decision == osaava_core::case::Decision::NotYet {
            None
        } else {
            let did = osaava_statement::credential::did_key(&credential_key.verifying_key());
            let unsigned = build_credential(&statement, &did)
                .map_err(|e| ApiError::internal(e.to_string()))?;
            let signed = sign_credential(unsigned, credential_key, now)
                .map_err(|e| ApiError::internal(e.to_string()))?;
            let mut bytes = serde_json::to_vec_pretty(&signed)
                .map_err(|e| ApiError::internal(e.to_string()))?;
            bytes.push(b'\n');
            attachments.push(Attachment::json(
                CREDENTIAL_JSON,
                "Open Badges 3.0 credential (OpenBadgeCredential, eddsa-rdfc-2022)",
                AfRelationship::Supplement,
                bytes.clone(),
            ));
            Some(bytes)
        };
        let pdf = render_statement_pdf(&statement, &attachments)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let info = SignatureInfo {
            name: Some(assessor.name.clone()),
            reason: Some(title(statement.language).to_string()),
            location: Some(statement.place.clone()),
            signing_time: now,
        };
        let signed = sign_pdf(&pdf, &identity, &info).map_err(|e| match e {
            osaava_statement::pades::SignError::Key(k) => key_error(k),
            other => ApiError::internal(other.to_string()),
        })?;

        let sha = self
            .vault()
            .put(&signed)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        let at = self.now();
        let id = statement.id.to_string();
        let statement_text = String::from_utf8(statement_json).expect("JSON is UTF-8");
        let credential_text = credential
            .map(|c| String::from_utf8(c).expect("JSON is UTF-8"))
            .unwrap_or_default();
        let supersedes = statement.supersedes.map(|s| s.to_string());
        let row = self.store().write(|db| {
            db.insert_vault_file(&sha, signed.len() as u64, "application/pdf", &at)?;
            db.insert_statement(&NewStatement {
                id: &id,
                case_id: &statement.case_id.to_string(),
                issued_at: &statement
                    .issued_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                issued_by: &assessor.id,
                language: statement.language.code(),
                supersedes: supersedes.as_deref(),
                statement_json: &statement_text,
                credential_json: &credential_text,
                pdf_sha256: &sha,
            })?;
            db.set_setting(PLACE_KEY, &statement.place)?;
            db.audit(
                &at,
                &self.actor(),
                "statement.issued",
                &subject(&statement.case_id.to_string()),
                supersedes.as_deref(),
                Some(&id),
            )?;
            db.statement(&id)?
                .ok_or_else(|| ApiError::internal("the statement just written is missing"))
        })?;
        view(&row)
    }

    /// Decided cases that have no statement yet, oldest decision first.
    pub fn decided_cases_without_statement(&self) -> Result<Vec<String>, ApiError> {
        Ok(self.store().read().decided_cases_without_statement()?)
    }

    /// Issues a statement for each case, on every core, unlocking the keys once. `progress` gets
    /// (done, total) after each; a failure stops nothing else and is returned beside its case.
    pub fn issue_statements(
        &self,
        cases: &[String],
        passphrase: &str,
        place: Option<&str>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vec<BatchResult>, ApiError> {
        let keys = self.unlock_keys(passphrase)?;
        let next = std::sync::atomic::AtomicUsize::new(0);
        let done = std::sync::atomic::AtomicUsize::new(0);
        let results = std::sync::Mutex::new(Vec::with_capacity(cases.len()));
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(cases.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let result = self.issue_statement_with(&keys, case, None, place);
                    results.lock().unwrap_or_else(|p| p.into_inner()).push((
                        i,
                        case.clone(),
                        result,
                    ));
                    progress(
                        done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                        cases.len(),
                    );
                });
            }
        });
        let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
        results.sort_by_key(|(i, _, _)| *i);
        Ok(results.into_iter().map(|(_, case, r)| (case, r)).collect())
    }

    /// The statements of a case, newest first.
    pub fn list_statements(&self, req: &CaseRequest) -> Result<Vec<StatementView>, ApiError> {
        let store = self.store();
        let db = store.read();
        load(&db, &req.case)?;
        db.statements_of_case(&req.case)?.iter().map(view).collect()
    }

    pub fn show_statement(&self, id: &str) -> Result<StatementView, ApiError> {
        view(&self.statement_row(id)?)
    }

    /// The signed PDF as issued.
    pub fn statement_pdf(&self, id: &str) -> Result<Vec<u8>, ApiError> {
        let row = self.statement_row(id)?;
        self.vault()
            .get(&row.pdf_sha256)
            .map_err(|e| ApiError::internal(format!("statement {id}: {e}")))
    }

    /// The statement's JSON and its credential ("" when the decision recognised nothing).
    pub fn statement_documents(&self, id: &str) -> Result<(String, String), ApiError> {
        let row = self.statement_row(id)?;
        Ok((row.statement_json, row.credential_json))
    }

    fn statement_row(&self, id: &str) -> Result<StatementRow, ApiError> {
        self.store().read().statement(id.trim())?.ok_or_else(|| {
            ApiError::not_found(format!(
                "no statement {id:?}; see `osaava statement list CASE`"
            ))
        })
    }

    pub fn revoke_statement(
        &self,
        req: &RevokeStatementRequest,
    ) -> Result<StatementView, ApiError> {
        let reason = req.reason.trim();
        if reason.is_empty() {
            return Err(ApiError::bad_input(
                "give the reason for revoking (--reason): the college sees it",
            )
            .with_code(ErrorCode::RevokeNeedsReason));
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(ApiError::bad_input(format!(
                "the reason is longer than {MAX_REASON_CHARS} characters"
            ))
            .with_code(ErrorCode::TextTooLong)
            .with_param("max", MAX_REASON_CHARS));
        }
        let at = self.now();
        let row = self.store().write(|db| {
            let row = db.statement(req.statement.trim())?.ok_or_else(|| {
                ApiError::not_found(format!("no statement {:?}", req.statement))
                    .with_code(ErrorCode::StatementNotFound)
            })?;
            if let Some(r) = &row.revocation {
                return Err(ApiError::new(
                    ErrorKind::Conflict,
                    format!(
                        "statement {} was already revoked on {}: {}",
                        row.id, r.revoked_at, r.reason
                    ),
                )
                .with_code(ErrorCode::StatementAlreadyRevoked));
            }
            db.revoke_statement(&RevocationRow {
                statement_id: row.id.clone(),
                revoked_at: at.clone(),
                revoked_by: self.actor(),
                reason: reason.to_string(),
            })?;
            db.audit(
                &at,
                &self.actor(),
                "statement.revoked",
                &subject(&row.case_id),
                Some(&row.id),
                Some(reason),
            )?;
            db.statement(&row.id)?
                .ok_or_else(|| ApiError::internal("the statement just revoked is missing"))
        })?;
        view(&row)
    }

    /// The signed list of revoked and superseded statements that `verify --revocations` reads
    /// and a college imports ([`App::import_revocation_list`]).
    pub fn revocation_list(&self, req: &RevocationListRequest) -> Result<Vec<u8>, ApiError> {
        let now = self.clock_now();
        let keys = self.key_dir();
        let list = self.own_revocation_list(now)?.ok_or_else(|| {
            ApiError::bad_input("set the organisation first")
                .with_code(ErrorCode::OrganisationMissing)
        })?;
        let identity = keys.organisation_identity(&req.passphrase, now)?;
        sign_revocation_list(&list, &identity).map_err(key_error)
    }
}
