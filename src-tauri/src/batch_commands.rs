//! The batch screen (/statements): the decided cases waiting for a statement, the folder the PDFs
//! go to (chosen in the native dialog and kept here; the webview only shows its path), and the
//! run, which reports each case through a `Channel` and stops after the cases in hand on
//! `cancel_batch(job)`. Each command is one call into `osaava_api` (batch.rs there).

use crate::backup_commands::{pick, JobKind, Jobs};
use crate::commands::{dialog_path, language, with_api};
use osaava_api::dto::CaseSummary;
use osaava_api::{ApiError, BatchEvent, BatchReport, IssueBatchRequest};
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

type Result<T> = std::result::Result<T, ApiError>;

/// Longer passphrases are refused before any key work (as statement_commands.rs does).
const MAX_PASSPHRASE_CHARS: usize = 1024;
/// More cases than this in one request are not a batch the UI sends.
const MAX_BATCH: usize = 10_000;

/// The folder chosen for the batch's PDFs.
#[derive(Default)]
pub struct BatchFolder(Mutex<Option<PathBuf>>);

/// Decided cases without a statement, oldest decision first.
#[tauri::command]
pub async fn batch_candidates<R: Runtime>(app: AppHandle<R>) -> Result<Vec<CaseSummary>> {
    with_api(app, |_, api| api.batch_candidates()).await
}

/// Asks for the folder the statements are written to. Its path to show, or `None` when the
/// dialog was cancelled.
#[tauri::command]
pub async fn pick_batch_folder<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    folder: State<'_, BatchFolder>,
) -> Result<Option<String>> {
    let chosen = with_api(app, move |app, api| {
        let title = pick(
            language(api)?,
            (
                "Valitse kansio lausunnoille",
                "Välj mappen för utlåtandena",
                "Choose the folder for the statements",
            ),
        );
        app.dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .blocking_pick_folder()
            .map(dialog_path)
            .transpose()
    })
    .await?;
    let Some(path) = chosen else { return Ok(None) };
    let shown = path.display().to_string();
    *folder.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(path);
    Ok(Some(shown))
}

/// Issues the cases in `request` into the chosen folder as job `job`.
#[tauri::command]
pub async fn issue_batch<R: Runtime>(
    app: AppHandle<R>,
    jobs: State<'_, Jobs>,
    folder: State<'_, BatchFolder>,
    job: u32,
    request: IssueBatchRequest,
    on_progress: Channel<BatchEvent>,
) -> Result<BatchReport> {
    if request.passphrase.is_empty() {
        return Err(ApiError::bad_input(
            "give the passphrase of the organisation's keys",
        ));
    }
    if request.passphrase.chars().count() > MAX_PASSPHRASE_CHARS {
        return Err(ApiError::bad_input(format!(
            "the passphrase is longer than {MAX_PASSPHRASE_CHARS} characters"
        )));
    }
    if request.cases.len() > MAX_BATCH {
        return Err(ApiError::bad_input(format!(
            "at most {MAX_BATCH} cases at once"
        )));
    }
    let out = folder
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .ok_or_else(|| ApiError::bad_input("choose the folder for the statements first"))?;
    let guard = jobs.start(job, JobKind::Batch)?;
    let stop = guard.stop.clone();
    let result = with_api(app, move |_, api| {
        api.issue_batch(
            &request,
            &out,
            &|e| {
                let _ = on_progress.send(e);
            },
            &stop,
        )
    })
    .await;
    drop(guard);
    result
}

/// Stops batch `job` after the statements being issued now.
#[tauri::command]
pub fn cancel_batch(jobs: State<'_, Jobs>, job: u32) {
    jobs.cancel(job);
}
