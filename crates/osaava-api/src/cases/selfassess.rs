//! The employee's self-assessment, here or on another machine through a file.

use super::{case_error, load, save_changes, subject, warnings};
use crate::dto::*;
use crate::error::{mb_param, ApiError, ErrorCode};
use crate::App;
use osaava_core::case::{find_criterion, Case};
use osaava_core::evidence::Evidence;
use osaava_core::selfassess::package::{export_package, parse_package, ExportItem, PackageLimits};
use osaava_core::selfassess::SelfAssessment;
use osaava_core::{Badge, Lang};
use osaava_store::{Db, Vault};
use std::io::Read;
use std::path::Path;

impl App {
    pub fn self_assess(&self, req: &SelfAssessRequest, lang: Lang) -> Result<Recorded, ApiError> {
        let now = self.now();
        self.store().write(|db| {
            let (case, badge) = load(db, &req.case)?;
            case.check_self_assessment_editable().map_err(case_error)?;
            let criterion = find_criterion(&badge, &req.criterion)?.id.clone();
            let mut sa = load_self_assessment(db, &case, &badge)?;
            let old = sa.level_of(&criterion).map(|l| l.code());
            let found = sa.set(&badge, &criterion, req.level, req.example.as_deref())?;
            let entry = sa
                .entry(&criterion)
                .ok_or_else(|| ApiError::internal("the self-assessment entry vanished"))?;
            db.upsert_self_entry(&case.id, entry, &now)?;
            let new = format!("{criterion}: {}", entry.level.code());
            db.audit(
                &now,
                &self.actor(),
                "case.self-assessment",
                &subject(&case.id),
                old.as_deref(),
                Some(&new),
            )?;
            save_changes(db, &case, &[], &now, &self.actor())?;
            Ok(Recorded {
                warnings: warnings(&found, lang),
            })
        })
    }

    /// The self-assessment and its evidence files as one file's bytes.
    pub fn export_self_assessment(&self, req: &CaseRequest) -> Result<Vec<u8>, ApiError> {
        let store = self.store();
        let db = store.read();
        let (case, badge) = load(&db, &req.case)?;
        let sa = load_self_assessment(&db, &case, &badge)?;
        let evidence = db.evidence(&case.id)?;
        let vault = self.vault();
        let files: Vec<(Evidence, Vec<u8>)> = evidence
            .into_iter()
            .filter_map(|e| e.file.clone().map(|f| (e, f.sha256)))
            .map(|(e, sha)| {
                vault
                    .get(&sha)
                    .map(|bytes| (e, bytes))
                    .map_err(|err| ApiError::internal(err.to_string()))
            })
            .collect::<Result<_, _>>()?;
        let items: Vec<ExportItem> = files
            .iter()
            .map(|(e, b)| ExportItem {
                evidence: e,
                bytes: b,
            })
            .collect();
        export_package(&case, &sa, &items, &self.now())
            .map_err(|e| ApiError::internal(e.to_string()))
    }

    /// Reads a self-assessment file into its case: all of it, or nothing.
    pub fn import_self_assessment(
        &self,
        path: &Path,
        lang: Lang,
    ) -> Result<ImportedSelfAssessment, ApiError> {
        let shown = path.display().to_string();
        let limits = PackageLimits::default();
        let bytes = read_at_most(path, limits.max_package_bytes(), ErrorCode::PackageTooLarge)
            .map_err(|e| e.in_file(&shown))?;
        let package =
            parse_package(&bytes, &limits).map_err(|e| ApiError::from(e).in_file(&shown))?;
        let now = self.now();
        let today = self.today();
        let vault = self.vault();
        self.store().write(|db| {
            let (case, badge) = load(db, &package.case_id).map_err(|e| e.in_file(&shown))?;
            case.check_self_assessment_editable()
                .map_err(|e| case_error(e).in_file(&shown))?;
            let new_id = || uuid::Uuid::now_v7().to_string();
            let imported = package
                .validate(&case, &badge, &limits, today, new_id)
                .map_err(|e| ApiError::from(e).in_file(&shown))?;
            for entry in &imported.self_assessment.entries {
                db.upsert_self_entry(&case.id, entry, &now)?;
            }
            let mut ids = Vec::new();
            for item in &imported.evidence {
                // The vault write is durable before the row that points at it commits.
                vault
                    .put(&item.bytes)
                    .map_err(|e| ApiError::internal(e.to_string()))?;
                if let Some(f) = &item.evidence.file {
                    db.insert_vault_file(&f.sha256, f.size, f.content_type.mime(), &now)?;
                }
                db.insert_evidence(&case.id, &item.evidence, &now)?;
                ids.push(item.evidence.id.clone());
            }
            let what = format!(
                "{} entries, {} evidence files from {}",
                imported.self_assessment.entries.len(),
                ids.len(),
                shown
            );
            db.audit(
                &now,
                &self.actor(),
                "case.self-assessment-import",
                &subject(&case.id),
                None,
                Some(&what),
            )?;
            save_changes(db, &case, &[], &now, &self.actor())?;
            Ok(ImportedSelfAssessment {
                case: case.id,
                entries: imported.self_assessment.entries.len() as u32,
                evidence: ids,
                warnings: warnings(&imported.warnings, lang),
            })
        })
    }

    pub(crate) fn vault(&self) -> Vault {
        Vault::new(&self.data_dir().join("vault"))
    }
}

/// The case's self-assessment in badge order (empty when the employee has not started).
pub(crate) fn load_self_assessment(
    db: &Db<'_>,
    case: &Case,
    badge: &Badge,
) -> Result<SelfAssessment, ApiError> {
    let mut entries = db.self_entries(&case.id)?;
    let order = |id: &str| {
        badge
            .criteria
            .iter()
            .position(|c| c.id == id)
            .unwrap_or(usize::MAX)
    };
    entries.sort_by_key(|e| order(&e.criterion));
    Ok(SelfAssessment {
        badge_id: badge.id.clone(),
        badge_version: badge.version,
        entries,
    })
}

/// Reads a file, refusing it before reading when it is larger than `max`; `too_large` is the
/// code of that refusal (an evidence file or a self-assessment file), with `max_mb`.
pub(crate) fn read_at_most(
    path: &Path,
    max: u64,
    too_large: ErrorCode,
) -> Result<Vec<u8>, ApiError> {
    let unreadable =
        |what: &str| ApiError::bad_input(what.to_string()).with_code(ErrorCode::FileUnreadable);
    let file =
        std::fs::File::open(path).map_err(|e| unreadable(&format!("cannot open the file: {e}")))?;
    let len = file
        .metadata()
        .map_err(|e| unreadable(&format!("cannot read the file: {e}")))?
        .len();
    let refused = |message: String| {
        ApiError::bad_input(message)
            .with_code(too_large)
            .with_param("max_mb", mb_param(max))
    };
    if len > max {
        return Err(refused(format!(
            "the file is {:.1} MB; at most {:.1} MB is accepted",
            len as f64 / 1_048_576.0,
            max as f64 / 1_048_576.0
        )));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(&format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(refused(
            "the file grew past the size limit while it was read".to_string(),
        ));
    }
    Ok(bytes)
}
