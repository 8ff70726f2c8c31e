//! The IPC commands. Each one forwards to `osaava_api::App`; names and arguments are a
//! contract with the UI (`invoke('list_badges', { request })`) and with build.rs, which
//! generates the `allow-*` permission for each.
//!
//! All commands are async and run the API call on a blocking worker thread, so neither the
//! main (GTK) thread nor the async runtime waits on SQLite or on a file dialog.

use osaava_api::core::{Lang, Person};
use osaava_api::dto::{
    AddPersonRequest, BadgeDetail, BadgeSummary, Created, ImportReport, ListBadgesRequest, SetLanguageRequest,
    Settings, ShowBadgeRequest,
};
use osaava_api::{os_locale, ApiError, App as Api};
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

type Result<T> = std::result::Result<T, ApiError>;

/// Runs `f` against the API on a blocking worker thread.
async fn with_api<R, T, F>(app: AppHandle<R>, f: F) -> Result<T>
where
    R: Runtime,
    T: Send + 'static,
    F: FnOnce(&AppHandle<R>, &Api) -> Result<T> + Send + 'static,
{
    tauri::async_runtime::spawn_blocking(move || {
        let api = app.try_state::<Api>().ok_or_else(|| ApiError::internal("the data dir is not open"))?;
        f(&app, &api)
    })
    .await
    .map_err(|e| ApiError::internal(format!("the command stopped unexpectedly: {e}")))?
}

/// The language the user chose, else the one the OS locale suggests.
fn language(api: &Api) -> Result<Lang> {
    Ok(api.settings(&os_locale())?.language)
}

#[tauri::command]
pub async fn list_badges<R: Runtime>(app: AppHandle<R>, request: ListBadgesRequest) -> Result<Vec<BadgeSummary>> {
    with_api(app, move |_, api| api.list_badges(&request, language(api)?)).await
}

#[tauri::command]
pub async fn show_badge<R: Runtime>(app: AppHandle<R>, request: ShowBadgeRequest) -> Result<BadgeDetail> {
    with_api(app, move |_, api| api.show_badge(&request)).await
}

/// Opens the native multi-file dialog (JSON files) and imports what the user picked, all
/// or nothing. `None` when the dialog was cancelled.
#[tauri::command]
pub async fn import_badges_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<Option<ImportReport>> {
    with_api(app, move |app, api| {
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
        let Some(picked) = picked else { return Ok(None) };
        let paths = picked
            .into_iter()
            .map(|p| p.into_path().map_err(|e| ApiError::bad_input(format!("the dialog returned an unusable path: {e}"))))
            .collect::<Result<Vec<_>>>()?;
        if paths.is_empty() {
            return Ok(None);
        }
        api.import_badge_files(&paths, &mut |_, _| {}).map(Some)
    })
    .await
}

#[tauri::command]
pub async fn get_settings<R: Runtime>(app: AppHandle<R>) -> Result<Settings> {
    with_api(app, |_, api| api.settings(&os_locale())).await
}

#[tauri::command]
pub async fn set_language<R: Runtime>(app: AppHandle<R>, request: SetLanguageRequest) -> Result<Settings> {
    with_api(app, move |_, api| api.set_language(&request)).await
}

#[tauri::command]
pub async fn list_people<R: Runtime>(app: AppHandle<R>) -> Result<Vec<Person>> {
    with_api(app, |_, api| api.list_people()).await
}

#[tauri::command]
pub async fn add_person<R: Runtime>(app: AppHandle<R>, request: AddPersonRequest) -> Result<Created> {
    with_api(app, move |_, api| api.add_person(&request)).await
}
