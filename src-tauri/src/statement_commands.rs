//! The commands of the statement stage: the organisation's keys (Settings), a case's statements
//! (the Statement screen) and verification for colleges (the Verify screen). Like commands.rs,
//! each one checks what the webview sent and makes one call into `osaava_api`.
//!
//! **Files.** The webview never names a path. Files are chosen in native dialogs opened here, or
//! dropped on the window (window.rs keeps their paths; the UI names the drop). A PKCS#12 file
//! picked for import is kept here until it is imported, so a wrong passphrase can be typed again
//! without picking the file again.
//!
//! **Passphrases** come with the request that needs them and are dropped when it returns; none
//! is stored.
//!
//! **Long work.** Verifying many files runs on every core, sends each result to the UI through a
//! `Channel` as it is ready (no event permission needed) and stops between files when the UI
//! calls `cancel_verify` with the job's number.

use crate::commands::{dialog_path, language, with_api, write_durably};
use crate::revocation_commands::{import_lists, is_revocation_list, ListImportResult};
use crate::window::{display_name, WindowWatch};
use osaava_api::core::{Lang, Organisation};
use osaava_api::dto::{
    CaseRequest, CertificateView, IssueStatementRequest, KeysInfo, RevokeStatementRequest,
    SetOrganisationRequest, StatementView, VerifyReport,
};
use osaava_api::{ApiError, App as Api};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tauri::ipc::{Channel, Response};
use tauri::{AppHandle, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

type Result<T> = std::result::Result<T, ApiError>;

/// A statement PDF larger than this is not read (ours are tens of kilobytes).
pub const MAX_PDF_BYTES: u64 = 64 * 1024 * 1024;
/// A PKCS#12 or certificate file larger than this is not read.
pub const MAX_KEY_FILE_BYTES: u64 = 1024 * 1024;
/// Longer passphrases are refused before any key work.
pub const MAX_PASSPHRASE_CHARS: usize = 1024;
/// Statement ids are UUIDs; anything much longer is not one.
const MAX_ID_CHARS: usize = 100;

// ---- State ---------------------------------------------------------------------------------

/// The PKCS#12 file picked for import, until it is imported or another one is picked.
#[derive(Default)]
pub struct PickedPkcs12(Mutex<Option<(String, Vec<u8>)>>);

/// Running verifications by the job number the UI gave them, each with its stop flag.
#[derive(Default)]
pub struct VerifyJobs(Mutex<HashMap<u32, Arc<AtomicBool>>>);

impl VerifyJobs {
    fn flag(&self, job: u32) -> Arc<AtomicBool> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(job)
            .or_default()
            .clone()
    }

    fn cancel(&self, job: u32) {
        // A cancel that arrives before the job starts (the dialog still open) stops it at once.
        self.flag(job).store(true, Ordering::Relaxed);
    }

    fn finish(&self, job: u32) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&job);
    }
}

// ---- Types for the UI ------------------------------------------------------------------------

/// The result for one file given to verify: the report, or why the file could not be read.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct VerifiedFile {
    /// The file's name, without its directory.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub report: Option<VerifyReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<ApiError>,
}

/// What a verification tells the UI while it runs.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "event", rename_all = "kebab-case")]
#[ts(export)]
pub enum VerifyProgress {
    /// The files to check, in order.
    Started { total: u32, files: Vec<String> },
    /// File `index` (0-based, in the order of `Started`) was checked; `done` of `total` are.
    Checked {
        index: u32,
        done: u32,
        total: u32,
        result: Box<VerifiedFile>,
    },
}

/// The end of a verification: the results of the files checked, in the order given.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct VerifyBatch {
    pub total: u32,
    /// Stopped by the user before every file was checked.
    pub cancelled: bool,
    /// One per file checked; with `cancelled`, fewer than `total`.
    pub results: Vec<(u32, VerifiedFile)>,
    /// Revocation lists among the dropped files, imported before the PDFs were checked.
    pub revocation_lists: Vec<ListImportResult>,
}

/// The organisation's keys as Settings shows them, with the organisation they are made for.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeysSettings {
    #[ts(optional)]
    pub organisation: Option<Organisation>,
    pub keys: KeysInfo,
}

// ---- Checks on what the webview sent --------------------------------------------------------

pub(crate) fn check_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.is_empty() {
        return Err(ApiError::bad_input(
            "give the passphrase of the organisation's keys",
        ));
    }
    if passphrase.chars().count() > MAX_PASSPHRASE_CHARS {
        return Err(ApiError::bad_input(format!(
            "the passphrase is longer than {MAX_PASSPHRASE_CHARS} characters"
        )));
    }
    Ok(())
}

fn check_id(id: &str) -> Result<String> {
    let id = id.trim();
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS || id.chars().any(char::is_control) {
        return Err(ApiError::bad_input(format!("{id:?} is not a statement id")));
    }
    Ok(id.to_string())
}

/// Reads a file the user chose, refusing one larger than `max` bytes.
pub(crate) fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>> {
    let name = display_name(path);
    let meta = std::fs::metadata(path)
        .map_err(|e| ApiError::bad_input(format!("cannot read the file: {e}")).in_file(&name))?;
    if !meta.is_file() {
        return Err(ApiError::bad_input("not a file").in_file(&name));
    }
    if meta.len() > max {
        return Err(ApiError::bad_input(format!(
            "the file is larger than {} MiB",
            max / (1024 * 1024)
        ))
        .in_file(&name));
    }
    std::fs::read(path)
        .map_err(|e| ApiError::bad_input(format!("cannot read the file: {e}")).in_file(&name))
}

// ---- The organisation's keys ---------------------------------------------------------------

#[tauri::command]
pub async fn keys_settings<R: Runtime>(app: AppHandle<R>) -> Result<KeysSettings> {
    with_api(app, |_, api| {
        Ok(KeysSettings {
            organisation: api.organisation()?,
            keys: api.keys_info()?,
        })
    })
    .await
}

/// The organisation's name and business ID: printed on statements and in its certificates.
#[tauri::command]
pub async fn set_organisation<R: Runtime>(
    app: AppHandle<R>,
    request: SetOrganisationRequest,
) -> Result<KeysSettings> {
    with_api(app, move |_, api| {
        api.set_organisation(&request)?;
        Ok(KeysSettings {
            organisation: api.organisation()?,
            keys: api.keys_info()?,
        })
    })
    .await
}

/// Creates the organisation's own CA and credential key, protected by `passphrase`.
#[tauri::command]
pub async fn create_keys<R: Runtime>(
    app: AppHandle<R>,
    passphrase: String,
) -> Result<KeysSettings> {
    check_passphrase(&passphrase)?;
    with_api(app, move |_, api| {
        let keys = api.init_keys(&passphrase)?;
        Ok(KeysSettings {
            organisation: api.organisation()?,
            keys,
        })
    })
    .await
}

/// Opens the native dialog for a PKCS#12 file and keeps it for `import_pkcs12`. Returns the
/// file's name, or `None` when the dialog was cancelled.
#[tauri::command]
pub async fn pick_pkcs12_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    picked: State<'_, PickedPkcs12>,
) -> Result<Option<String>> {
    let file = with_api(app, move |app, api| {
        let (title, filter) = match language(api)? {
            Lang::Fi => (
                "Valitse allekirjoitusvarmenne (PKCS#12)",
                "PKCS#12-tiedostot",
            ),
            Lang::Sv => ("Välj signeringscertifikatet (PKCS#12)", "PKCS#12-filer"),
            Lang::En => ("Choose the signing certificate (PKCS#12)", "PKCS#12 files"),
        };
        let chosen = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .add_filter(filter, &["p12", "P12", "pfx", "PFX"])
            .blocking_pick_file();
        let Some(chosen) = chosen else {
            return Ok(None);
        };
        let path = dialog_path(chosen)?;
        Ok(Some((
            display_name(&path),
            read_limited(&path, MAX_KEY_FILE_BYTES)?,
        )))
    })
    .await?;
    let mut slot = picked.0.lock().unwrap_or_else(|p| p.into_inner());
    Ok(file.map(|(name, bytes)| {
        *slot = Some((name.clone(), bytes));
        name
    }))
}

/// Imports the PKCS#12 file picked last: `file_passphrase` opens it, `passphrase` protects the
/// key from now on. The file is forgotten once imported.
#[tauri::command]
pub async fn import_pkcs12<R: Runtime>(
    app: AppHandle<R>,
    picked: State<'_, PickedPkcs12>,
    file_passphrase: String,
    passphrase: String,
) -> Result<KeysSettings> {
    check_passphrase(&passphrase)?;
    if file_passphrase.chars().count() > MAX_PASSPHRASE_CHARS {
        return Err(ApiError::bad_input(format!(
            "the passphrase is longer than {MAX_PASSPHRASE_CHARS} characters"
        )));
    }
    let (name, bytes) = picked
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .ok_or_else(|| ApiError::bad_input("choose the PKCS#12 file first"))?;
    let result = with_api(app, move |_, api| {
        let keys = api
            .import_pkcs12(&bytes, &file_passphrase, &passphrase)
            .map_err(|e| e.in_file(&name))?;
        Ok(KeysSettings {
            organisation: api.organisation()?,
            keys,
        })
    })
    .await;
    if result.is_ok() {
        *picked.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
    result
}

/// Writes the root certificate colleges trust where the user chooses. The file's name, or
/// `None` when the dialog was cancelled.
#[tauri::command]
pub async fn export_ca_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<Option<String>> {
    with_api(app, move |app, api| {
        // The certificate first, so "no keys" shows before the user picks a place.
        let pem = api.export_ca()?;
        let business_id = api.organisation()?.map(|o| o.business_id.to_string());
        let (title, filter, stem) = match language(api)? {
            Lang::Fi => (
                "Vie organisaation juurivarmenne",
                "Varmenne (PEM)",
                "juurivarmenne",
            ),
            Lang::Sv => (
                "Exportera organisationens rotcertifikat",
                "Certifikat (PEM)",
                "rotcertifikat",
            ),
            Lang::En => (
                "Export the organisation's root certificate",
                "Certificate (PEM)",
                "root-certificate",
            ),
        };
        let file_name = match business_id {
            Some(id) => format!("{stem}-{id}.pem"),
            None => format!("{stem}.pem"),
        };
        let chosen = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .set_file_name(file_name)
            .add_filter(filter, &["pem", "PEM", "crt", "CRT"])
            .blocking_save_file();
        let Some(chosen) = chosen else {
            return Ok(None);
        };
        let path = dialog_path(chosen)?;
        write_durably(&path, pem.as_bytes())?;
        Ok(Some(display_name(&path)))
    })
    .await
}

// ---- A case's statements -------------------------------------------------------------------

/// The statements of a case, newest first.
#[tauri::command]
pub async fn list_statements<R: Runtime>(
    app: AppHandle<R>,
    request: CaseRequest,
) -> Result<Vec<StatementView>> {
    with_api(app, move |_, api| api.list_statements(&request)).await
}

/// Issues the statement of a decided case (again: a new one that supersedes the latest).
#[tauri::command]
pub async fn issue_statement<R: Runtime>(
    app: AppHandle<R>,
    request: IssueStatementRequest,
) -> Result<StatementView> {
    check_passphrase(&request.passphrase)?;
    with_api(app, move |_, api| api.issue_statement(&request)).await
}

#[tauri::command]
pub async fn revoke_statement<R: Runtime>(
    app: AppHandle<R>,
    request: RevokeStatementRequest,
) -> Result<StatementView> {
    with_api(app, move |_, api| api.revoke_statement(&request)).await
}

/// The signed PDF as issued, as raw bytes (an ArrayBuffer in the webview), for the preview.
#[tauri::command]
pub async fn statement_pdf<R: Runtime>(app: AppHandle<R>, statement: String) -> Result<Response> {
    let id = check_id(&statement)?;
    with_api(app, move |_, api| api.statement_pdf(&id).map(Response::new)).await
}

/// Saves the statement's PDF where the user chooses, offering its `file_name`. The file's name,
/// or `None` when the dialog was cancelled.
#[tauri::command]
pub async fn save_statement_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    statement: String,
) -> Result<Option<String>> {
    let id = check_id(&statement)?;
    with_api(app, move |app, api| {
        let view = api.show_statement(&id)?;
        let pdf = api.statement_pdf(&id)?;
        let (title, filter) = match language(api)? {
            Lang::Fi => ("Tallenna lausunto", "PDF-asiakirja"),
            Lang::Sv => ("Spara utlåtandet", "PDF-dokument"),
            Lang::En => ("Save the statement", "PDF document"),
        };
        let chosen = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .set_file_name(&view.file_name)
            .add_filter(filter, &["pdf", "PDF"])
            .blocking_save_file();
        let Some(chosen) = chosen else {
            return Ok(None);
        };
        let path = dialog_path(chosen)?;
        write_durably(&path, &pdf)?;
        Ok(Some(display_name(&path)))
    })
    .await
}

// ---- Verification --------------------------------------------------------------------------

/// Checks `paths` against the trusted roots on every core, reporting each result as it is ready.
fn verify_files(
    api: &Api,
    paths: &[PathBuf],
    stop: &AtomicBool,
    progress: &Channel<VerifyProgress>,
) -> Result<VerifyBatch> {
    // The data dir's verifier: its trusted roots, its own records and its revocation lists.
    let verifier = api.verifier(&[], None, language(api)?)?;
    let total = paths.len() as u32;
    let names: Vec<String> = paths.iter().map(|p| display_name(p)).collect();
    // The UI may have gone (a reload); the work still finishes and is returned.
    let _ = progress.send(VerifyProgress::Started {
        total,
        files: names.clone(),
    });
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(paths.len()));
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(paths.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = paths.get(i) else { break };
                let file = names[i].clone();
                let result = match read_limited(path, MAX_PDF_BYTES) {
                    Ok(bytes) => VerifiedFile {
                        report: Some(verifier.verify(&file, &bytes)),
                        file,
                        error: None,
                    },
                    Err(error) => VerifiedFile {
                        file,
                        report: None,
                        error: Some(error),
                    },
                };
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                let _ = progress.send(VerifyProgress::Checked {
                    index: i as u32,
                    done: n as u32,
                    total,
                    result: Box::new(result.clone()),
                });
                results
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((i as u32, result));
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results.sort_by_key(|(i, _)| *i);
    Ok(VerifyBatch {
        total,
        cancelled: results.len() < paths.len(),
        results,
        revocation_lists: Vec::new(),
    })
}

/// Runs a verification as job `job`, which `cancel_verify(job)` stops between files.
async fn verify_job<R: Runtime>(
    app: AppHandle<R>,
    jobs: &VerifyJobs,
    job: u32,
    on_progress: Channel<VerifyProgress>,
    pick: impl FnOnce(&AppHandle<R>, &Api) -> Result<Option<Vec<PathBuf>>> + Send + 'static,
) -> Result<Option<VerifyBatch>> {
    let stop = jobs.flag(job);
    let result = with_api(app, move |app, api| {
        let Some(paths) = pick(app, api)? else {
            return Ok(None);
        };
        if paths.is_empty() {
            return Ok(None);
        }
        // Revocation lists (told by content) are imported first, so the PDFs given with them
        // are checked against them.
        let (lists, pdfs): (Vec<PathBuf>, Vec<PathBuf>) =
            paths.into_iter().partition(|p| is_revocation_list(p));
        let imported = import_lists(api, &lists);
        let mut batch = if pdfs.is_empty() {
            VerifyBatch {
                total: 0,
                cancelled: false,
                results: Vec::new(),
                revocation_lists: Vec::new(),
            }
        } else {
            verify_files(api, &pdfs, &stop, &on_progress)?
        };
        batch.revocation_lists = imported;
        Ok(Some(batch))
    })
    .await;
    jobs.finish(job);
    result
}

/// Opens the native dialog for statement PDFs (many at once) and verifies them. `None` when the
/// dialog was cancelled.
#[tauri::command]
pub async fn verify_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    jobs: State<'_, VerifyJobs>,
    job: u32,
    on_progress: Channel<VerifyProgress>,
) -> Result<Option<VerifyBatch>> {
    verify_job(app, &jobs, job, on_progress, move |app, api| {
        let (title, filter) = match language(api)? {
            Lang::Fi => ("Valitse tarkistettavat lausunnot", "Lausunnot (PDF)"),
            Lang::Sv => ("Välj utlåtandena som ska kontrolleras", "Utlåtanden (PDF)"),
            Lang::En => ("Choose the statements to check", "Statements (PDF)"),
        };
        let chosen = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .add_filter(filter, &["pdf", "PDF"])
            .blocking_pick_files();
        chosen
            .map(|files| files.into_iter().map(dialog_path).collect())
            .transpose()
    })
    .await
}

/// Verifies the files of drop `drop` (see window.rs); the webview names the drop, never a path.
#[tauri::command]
pub async fn verify_dropped<R: Runtime>(
    app: AppHandle<R>,
    watch: State<'_, WindowWatch>,
    jobs: State<'_, VerifyJobs>,
    drop: u32,
    job: u32,
    on_progress: Channel<VerifyProgress>,
) -> Result<VerifyBatch> {
    let paths = watch.take_drop(drop).ok_or_else(|| {
        ApiError::bad_input("those dropped files are no longer available; drop them again")
    })?;
    verify_job(app, &jobs, job, on_progress, move |_, _| Ok(Some(paths)))
        .await?
        .ok_or_else(|| ApiError::bad_input("no file was dropped"))
}

/// Stops verification `job` after the files being checked now.
#[tauri::command]
pub fn cancel_verify(jobs: State<'_, VerifyJobs>, job: u32) {
    jobs.cancel(job);
}

/// The other organisations' root certificates this device trusts.
#[tauri::command]
pub async fn trusted_certificates<R: Runtime>(app: AppHandle<R>) -> Result<Vec<CertificateView>> {
    with_api(app, |_, api| api.trusted_certificates()).await
}

/// Trusts the root certificates in the PEM files picked in the native dialog. The trusted
/// certificates after it, or `None` when the dialog was cancelled.
#[tauri::command]
pub async fn trust_certificate_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<Option<Vec<CertificateView>>> {
    with_api(app, move |app, api| {
        let (title, filter) = match language(api)? {
            Lang::Fi => ("Lisää luotettu organisaation varmenne", "Varmenteet (PEM)"),
            Lang::Sv => (
                "Lägg till en betrodd organisations certifikat",
                "Certifikat (PEM)",
            ),
            Lang::En => (
                "Add a trusted organisation's certificate",
                "Certificates (PEM)",
            ),
        };
        let chosen = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .add_filter(filter, &["pem", "PEM", "crt", "CRT", "cer", "CER"])
            .blocking_pick_files();
        let Some(chosen) = chosen else {
            return Ok(None);
        };
        let paths = chosen
            .into_iter()
            .map(dialog_path)
            .collect::<Result<Vec<_>>>()?;
        if paths.is_empty() {
            return Ok(None);
        }
        // All files are read before any is trusted, so an unreadable one changes nothing.
        let files = paths
            .iter()
            .map(|p| Ok((display_name(p), read_limited(p, MAX_KEY_FILE_BYTES)?)))
            .collect::<Result<Vec<_>>>()?;
        let mut trusted = Vec::new();
        for (name, pem) in &files {
            trusted = api.trust_root(name, pem)?;
        }
        Ok(Some(trusted))
    })
    .await
}

/// Stops trusting the certificate with this SHA-256 fingerprint.
#[tauri::command]
pub async fn untrust_certificate<R: Runtime>(
    app: AppHandle<R>,
    fingerprint: String,
) -> Result<Vec<CertificateView>> {
    let wanted = fingerprint.trim().replace(':', "");
    if wanted.len() != 64 || !wanted.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::bad_input(format!(
            "{fingerprint:?} is not a SHA-256 fingerprint (64 hex digits)"
        )));
    }
    with_api(app, move |_, api| api.untrust_root(&wanted)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancel_before_the_job_starts_stops_it_and_a_finished_job_is_forgotten() {
        let jobs = VerifyJobs::default();
        jobs.cancel(7);
        assert!(
            jobs.flag(7).load(Ordering::Relaxed),
            "cancelled while the dialog was open"
        );
        assert!(!jobs.flag(8).load(Ordering::Relaxed), "another job runs");
        jobs.finish(7);
        assert!(
            !jobs.flag(7).load(Ordering::Relaxed),
            "a new job with a reused number starts afresh"
        );
    }

    #[test]
    fn ids_and_passphrases_are_checked_before_any_work() {
        assert_eq!(check_id("  01a2-b3 ").unwrap(), "01a2-b3");
        assert!(check_id("").is_err());
        assert!(check_id(&"x".repeat(101)).is_err());
        assert!(check_id("a\nb").is_err());
        assert!(check_passphrase("").is_err());
        assert!(check_passphrase(&"p".repeat(MAX_PASSPHRASE_CHARS + 1)).is_err());
        assert!(
            check_passphrase("short").is_ok(),
            "the minimum length is osaava-api's rule, not ours"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_by_name() {
        let dir = std::env::temp_dir().join(format!("osaava-desktop-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("iso.pdf");
        std::fs::write(&path, vec![b'x'; 2048]).unwrap();
        assert_eq!(read_limited(&path, 4096).unwrap().len(), 2048);
        let e = read_limited(&path, 1024).unwrap_err();
        assert_eq!(e.file.as_deref(), Some("iso.pdf"), "the name, not the path");
        assert!(
            read_limited(&dir, 4096).is_err(),
            "a directory is not a file"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
