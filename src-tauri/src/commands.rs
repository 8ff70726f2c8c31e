//! The IPC commands. Each one forwards to `osaava_api::App`; names and arguments are a
//! contract with the UI (`invoke('list_badges', { request })`) and with build.rs, which
//! generates the `allow-*` permission for each.
//!
//! All commands are async and run the API call on a blocking worker thread, so neither the
//! main (GTK) thread nor the async runtime waits on SQLite or on a file dialog.

use crate::backup_commands::{JobKind, Jobs};
use crate::window::{display_name, WindowMessage, WindowWatch};
use osaava_api::core::evidence::Evidence;
use osaava_api::core::interview::InterviewGuide;
use osaava_api::core::{Lang, Person};
use osaava_api::dto::{
    AddEvidenceRequest, AddPersonRequest, AddedEvidence, AssignAssessorRequest, BadgeDetail,
    BadgeSummary, CaseDetail, CaseRequest, CaseSummary, CompareResponse, Created, DecideRequest,
    Decided, ImportReport, ImportedSelfAssessment, ListBadgesRequest, ListCasesRequest,
    NoteRequest, OpenCaseRequest, PersonCasesRequest, PersonRequest, Profile, RateRequest,
    Recorded, SearchPeopleRequest, SelfAssessRequest, SetLanguageRequest, SetProfileRequest,
    Settings, ShowBadgeRequest, UpdateEvidenceRequest,
};
use osaava_api::{os_locale, ApiError, App as Api};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

type Result<T> = std::result::Result<T, ApiError>;

/// Runs `f` against the API on a blocking worker thread.
pub(crate) async fn with_api<R, T, F>(app: AppHandle<R>, f: F) -> Result<T>
where
    R: Runtime,
    T: Send + 'static,
    F: FnOnce(&AppHandle<R>, &Api) -> Result<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(move || {
        let api = app
            .try_state::<Api>()
            .ok_or_else(|| ApiError::internal("the data dir is not open"))?;
        f(&app, &api)
    })
    .await
    .map_err(|e| ApiError::internal(format!("the command stopped unexpectedly: {e}")))?
}

/// The language the user chose, else the one the OS locale suggests.
pub(crate) fn language(api: &Api) -> Result<Lang> {
    Ok(api.settings(&os_locale())?.language)
}

#[tauri::command]
pub async fn list_badges<R: Runtime>(
    app: AppHandle<R>,
    request: ListBadgesRequest,
) -> Result<Vec<BadgeSummary>> {
    with_api(app, move |_, api| api.list_badges(&request, language(api)?)).await
}

#[tauri::command]
pub async fn show_badge<R: Runtime>(
    app: AppHandle<R>,
    request: ShowBadgeRequest,
) -> Result<BadgeDetail> {
    with_api(app, move |_, api| api.show_badge(&request)).await
}

/// How far a badge import has read.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BadgeImportProgress {
    pub done: u32,
    pub total: u32,
}

/// A badge import's end: the report, or `cancelled` (then nothing was stored).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BadgeImportOutcome {
    pub cancelled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub report: Option<ImportReport>,
}

/// Opens the native multi-file dialog (JSON files) and imports what the user picked, all
/// or nothing, reporting each file read; `cancel_import(job)` stops it before anything is
/// stored. `None` when the dialog was cancelled.
#[tauri::command]
pub async fn import_badges_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    jobs: State<'_, Jobs>,
    job: u32,
    on_progress: Channel<BadgeImportProgress>,
) -> Result<Option<BadgeImportOutcome>> {
    let guard = jobs.start(job, JobKind::Import)?;
    let stop = guard.stop.clone();
    let result = with_api(app, move |app, api| {
        let (title, filter) = match language(api)? {
            Lang::Fi => ("Tuo osaamismerkkejä", "Osaamismerkit (JSON)"),
            Lang::Sv => ("Importera kompetensmärken", "Kompetensmärken (JSON)"),
            Lang::En => ("Import badges", "Badges (JSON)"),
        };
        // Blocks this worker thread until the user closes the dialog; the dialog itself
        // runs on the main thread.
        let picked = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .add_filter(filter, &["json", "JSON"])
            .blocking_pick_files();
        let Some(picked) = picked else {
            return Ok(None);
        };
        let paths = picked
            .into_iter()
            .map(dialog_path)
            .collect::<Result<Vec<_>>>()?;
        if paths.is_empty() {
            return Ok(None);
        }
        let report = api.import_badge_files_until(
            &paths,
            &mut |done, total| {
                let _ = on_progress.send(BadgeImportProgress {
                    done: done as u32,
                    total: total as u32,
                });
            },
            &stop,
        )?;
        Ok(Some(BadgeImportOutcome {
            cancelled: report.is_none(),
            report,
        }))
    })
    .await;
    drop(guard);
    result
}

/// Stops badge import `job` before the next file; nothing of it is stored.
#[tauri::command]
pub fn cancel_import(jobs: State<'_, Jobs>, job: u32) {
    jobs.cancel(job);
}

#[tauri::command]
pub async fn get_settings<R: Runtime>(app: AppHandle<R>) -> Result<Settings> {
    with_api(app, |_, api| api.settings(&os_locale())).await
}

#[tauri::command]
pub async fn set_language<R: Runtime>(
    app: AppHandle<R>,
    request: SetLanguageRequest,
) -> Result<Settings> {
    with_api(app, move |_, api| api.set_language(&request)).await
}

#[tauri::command]
pub async fn list_people<R: Runtime>(app: AppHandle<R>) -> Result<Vec<Person>> {
    with_api(app, |_, api| api.list_people()).await
}

#[tauri::command]
pub async fn add_person<R: Runtime>(
    app: AppHandle<R>,
    request: AddPersonRequest,
) -> Result<Created> {
    with_api(app, move |_, api| api.add_person(&request)).await
}

// ---- People and this device's profile ----------------------------------------------------

#[tauri::command]
pub async fn search_people<R: Runtime>(
    app: AppHandle<R>,
    request: SearchPeopleRequest,
) -> Result<Vec<Person>> {
    with_api(app, move |_, api| api.search_people(&request)).await
}

#[tauri::command]
pub async fn show_person<R: Runtime>(app: AppHandle<R>, request: PersonRequest) -> Result<Person> {
    with_api(app, move |_, api| api.person(&request)).await
}

#[tauri::command]
pub async fn get_profile<R: Runtime>(app: AppHandle<R>) -> Result<Profile> {
    with_api(app, |_, api| api.profile()).await
}

#[tauri::command]
pub async fn set_profile<R: Runtime>(
    app: AppHandle<R>,
    request: SetProfileRequest,
) -> Result<Profile> {
    with_api(app, move |_, api| api.set_profile(&request)).await
}

// ---- Cases ---------------------------------------------------------------------------------

#[tauri::command]
pub async fn list_cases<R: Runtime>(
    app: AppHandle<R>,
    request: ListCasesRequest,
) -> Result<Vec<CaseSummary>> {
    with_api(app, move |_, api| api.list_cases(&request)).await
}

#[tauri::command]
pub async fn person_cases<R: Runtime>(
    app: AppHandle<R>,
    request: PersonCasesRequest,
) -> Result<Vec<CaseSummary>> {
    with_api(app, move |_, api| api.person_cases(&request)).await
}

#[tauri::command]
pub async fn open_case<R: Runtime>(app: AppHandle<R>, request: OpenCaseRequest) -> Result<Created> {
    with_api(app, move |_, api| api.open_case(&request, language(api)?)).await
}

#[tauri::command]
pub async fn show_case<R: Runtime>(app: AppHandle<R>, request: CaseRequest) -> Result<CaseDetail> {
    with_api(app, move |_, api| api.show_case(&request)).await
}

#[tauri::command]
pub async fn assign_assessor<R: Runtime>(
    app: AppHandle<R>,
    request: AssignAssessorRequest,
) -> Result<()> {
    with_api(app, move |_, api| api.assign_assessor(&request)).await
}

#[tauri::command]
pub async fn self_assess<R: Runtime>(
    app: AppHandle<R>,
    request: SelfAssessRequest,
) -> Result<Recorded> {
    with_api(app, move |_, api| api.self_assess(&request, language(api)?)).await
}

#[tauri::command]
pub async fn submit_self_assessment<R: Runtime>(
    app: AppHandle<R>,
    request: CaseRequest,
) -> Result<()> {
    with_api(app, move |_, api| api.submit_self_assessment(&request)).await
}

#[tauri::command]
pub async fn return_for_revision<R: Runtime>(
    app: AppHandle<R>,
    request: CaseRequest,
) -> Result<()> {
    with_api(app, move |_, api| api.return_for_revision(&request)).await
}

/// Writes the case's self-assessment file where the user chooses in the native save dialog.
/// Returns the file's name, or `None` when the dialog was cancelled.
#[tauri::command]
pub async fn export_self_assessment_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    request: CaseRequest,
) -> Result<Option<String>> {
    with_api(app, move |app, api| {
        // Build the file first, so a problem shows before the user picks a place for it.
        let bytes = api.export_self_assessment(&request)?;
        let (title, filter, stem) = match language(api)? {
            Lang::Fi => (
                "Vie itsearviointi tiedostoon",
                "Itsearviointi (JSON)",
                "itsearviointi",
            ),
            Lang::Sv => (
                "Exportera självbedömningen till en fil",
                "Självbedömning (JSON)",
                "sjalvbedomning",
            ),
            Lang::En => (
                "Export the self-assessment to a file",
                "Self-assessment (JSON)",
                "self-assessment",
            ),
        };
        let picked = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .set_file_name(format!("{stem}.json"))
            .add_filter(filter, &["json", "JSON"])
            .blocking_save_file();
        let Some(picked) = picked else {
            return Ok(None);
        };
        let path = dialog_path(picked)?;
        write_durably(&path, &bytes)?;
        Ok(Some(display_name(&path)))
    })
    .await
}

/// Reads a self-assessment file (chosen in the native dialog) into its case. `None` if cancelled.
#[tauri::command]
pub async fn import_self_assessment_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<Option<ImportedSelfAssessment>> {
    with_api(app, move |app, api| {
        let lang = language(api)?;
        let (title, filter) = match lang {
            Lang::Fi => ("Tuo itsearviointi tiedostosta", "Itsearviointi (JSON)"),
            Lang::Sv => (
                "Importera en självbedömning från en fil",
                "Självbedömning (JSON)",
            ),
            Lang::En => ("Import a self-assessment file", "Self-assessment (JSON)"),
        };
        let picked = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .add_filter(filter, &["json", "JSON"])
            .blocking_pick_file();
        let Some(picked) = picked else {
            return Ok(None);
        };
        api.import_self_assessment(&dialog_path(picked)?, lang)
            .map(Some)
    })
    .await
}

// ---- Evidence ------------------------------------------------------------------------------

/// What happened to one file given as evidence: added, or refused with the reason.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EvidenceFileResult {
    /// The file's name, without its directory.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub added: Option<AddedEvidence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<ApiError>,
}

/// Adds each file as its own evidence item with the request's kind, criteria and details.
fn add_files(
    api: &Api,
    request: &AddEvidenceRequest,
    paths: &[PathBuf],
) -> Result<Vec<EvidenceFileResult>> {
    let lang = language(api)?;
    Ok(paths
        .iter()
        .map(|path| {
            let file = display_name(path);
            match api.add_evidence(request, Some(path), lang) {
                Ok(added) => EvidenceFileResult {
                    file,
                    added: Some(added),
                    error: None,
                },
                Err(mut e) => {
                    // The message names the file already; show its name, not the whole path.
                    e.file = Some(file.clone());
                    EvidenceFileResult {
                        file,
                        added: None,
                        error: Some(e),
                    }
                }
            }
        })
        .collect())
}

/// Evidence without a file: an observation, an interview answer written down.
#[tauri::command]
pub async fn add_evidence<R: Runtime>(
    app: AppHandle<R>,
    request: AddEvidenceRequest,
) -> Result<AddedEvidence> {
    with_api(app, move |_, api| {
        api.add_evidence(&request, None, language(api)?)
    })
    .await
}

/// Opens the native dialog for evidence files and adds each one picked. `None` if cancelled.
#[tauri::command]
pub async fn add_evidence_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    request: AddEvidenceRequest,
) -> Result<Option<Vec<EvidenceFileResult>>> {
    with_api(app, move |app, api| {
        let (title, filter) = match language(api)? {
            Lang::Fi => ("Lisää näyttö", "Asiakirjat, kuvat ja äänitteet"),
            Lang::Sv => ("Lägg till bevis", "Dokument, bilder och ljud"),
            Lang::En => ("Add evidence", "Documents, images and audio"),
        };
        let picked = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .add_filter(filter, EVIDENCE_EXTENSIONS)
            .blocking_pick_files();
        let Some(picked) = picked else {
            return Ok(None);
        };
        let paths = picked
            .into_iter()
            .map(dialog_path)
            .collect::<Result<Vec<_>>>()?;
        if paths.is_empty() {
            return Ok(None);
        }
        add_files(api, &request, &paths).map(Some)
    })
    .await
}

/// Adds the files of drop `drop` (see window.rs); the webview names the drop, never a path.
#[tauri::command]
pub async fn add_dropped_evidence<R: Runtime>(
    app: AppHandle<R>,
    watch: State<'_, WindowWatch>,
    drop: u32,
    request: AddEvidenceRequest,
) -> Result<Vec<EvidenceFileResult>> {
    let paths = watch.take_drop(drop).ok_or_else(|| {
        ApiError::bad_input("those dropped files are no longer available; drop them again")
    })?;
    with_api(app, move |_, api| add_files(api, &request, &paths)).await
}

#[tauri::command]
pub async fn update_evidence<R: Runtime>(
    app: AppHandle<R>,
    request: UpdateEvidenceRequest,
) -> Result<Evidence> {
    with_api(app, move |_, api| {
        api.update_evidence(
            &request.case,
            &request.evidence,
            request.verified,
            request.criteria.as_deref(),
        )
    })
    .await
}

// ---- Interview, comparison, decision ---------------------------------------------------------

/// The guide in the case's language: the questions are asked in it.
#[tauri::command]
pub async fn interview_guide<R: Runtime>(
    app: AppHandle<R>,
    request: CaseRequest,
) -> Result<InterviewGuide> {
    with_api(app, move |_, api| api.interview_guide(&request, None)).await
}

#[tauri::command]
pub async fn interview_note<R: Runtime>(
    app: AppHandle<R>,
    request: NoteRequest,
) -> Result<Recorded> {
    with_api(app, move |_, api| {
        api.interview_note(&request, language(api)?)
    })
    .await
}

#[tauri::command]
pub async fn rate<R: Runtime>(app: AppHandle<R>, request: RateRequest) -> Result<Recorded> {
    with_api(app, move |_, api| api.rate(&request, language(api)?)).await
}

#[tauri::command]
pub async fn pause_interview<R: Runtime>(app: AppHandle<R>, request: CaseRequest) -> Result<()> {
    with_api(app, move |_, api| api.pause_interview(&request)).await
}

#[tauri::command]
pub async fn resume_interview<R: Runtime>(app: AppHandle<R>, request: CaseRequest) -> Result<()> {
    with_api(app, move |_, api| api.resume_interview(&request)).await
}

#[tauri::command]
pub async fn finish_interview<R: Runtime>(app: AppHandle<R>, request: CaseRequest) -> Result<()> {
    with_api(app, move |_, api| api.finish_interview(&request)).await
}

#[tauri::command]
pub async fn compare_case<R: Runtime>(
    app: AppHandle<R>,
    request: CaseRequest,
) -> Result<CompareResponse> {
    with_api(app, move |_, api| {
        api.compare_case(&request, language(api)?)
    })
    .await
}

#[tauri::command]
pub async fn decide<R: Runtime>(app: AppHandle<R>, request: DecideRequest) -> Result<Decided> {
    with_api(app, move |_, api| api.decide(&request)).await
}

// ---- The window ----------------------------------------------------------------------------

/// The UI listens for dropped files and close requests (see window.rs).
#[tauri::command]
pub fn watch_window(watch: State<'_, WindowWatch>, on_event: Channel<WindowMessage>) {
    watch.watch(on_event);
}

/// The UI has saved what was pending: close the window now.
#[tauri::command]
pub fn close_window<R: Runtime>(
    window: WebviewWindow<R>,
    watch: State<'_, WindowWatch>,
) -> Result<()> {
    watch.confirm_close();
    window
        .destroy()
        .map_err(|e| ApiError::internal(format!("the window did not close: {e}")))
}

// ---- Helpers -------------------------------------------------------------------------------

/// The file types the vault accepts (checked again by content there), for the dialog's filter.
const EVIDENCE_EXTENSIONS: &[&str] = &[
    "pdf", "PDF", "png", "PNG", "jpg", "JPG", "jpeg", "JPEG", "gif", "webp", "heic", "HEIC",
    "docx", "xlsx", "pptx", "odt", "ods", "odp", "doc", "xls", "ppt", "txt", "TXT", "mp3", "m4a",
    "aac", "ogg", "wav", "flac",
];

pub(crate) fn dialog_path(picked: tauri_plugin_dialog::FilePath) -> Result<PathBuf> {
    picked
        .into_path()
        .map_err(|e| ApiError::bad_input(format!("the dialog returned an unusable path: {e}")))
}

/// Writes `bytes` to a temporary file next to `path`, syncs it and renames it over `path`, so
/// the file is either the old one or the whole new one.
pub(crate) fn write_durably(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let shown = path.display().to_string();
    let fail = |e: std::io::Error| {
        ApiError::bad_input(format!("cannot write the file: {e}")).in_file(&shown)
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.osaava-tmp", display_name(path)));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}
