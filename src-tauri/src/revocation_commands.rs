//! Revocation lists in the desktop: the issuing organisation saves its current signed list
//! (Settings), a college imports the lists it receives and sees them on the Verify screen, where
//! verification uses them (see `osaava_api::App::verifier`). Each command checks what the webview
//! sent and makes one call into `osaava_api`.
//!
//! Files come only from native dialogs opened here or from a drop on the Verify screen, where
//! `verify_dropped` (statement_commands.rs) tells lists from PDFs by their content
//! ([`is_revocation_list`]) and imports the lists before it verifies the PDFs.

use crate::commands::{dialog_path, language, with_api, write_durably};
use crate::statement_commands::{check_passphrase, read_limited};
use crate::window::display_name;
use osaava_api::core::Lang;
use osaava_api::dto::{RevocationListImport, RevocationListRequest, RevocationListView};
use osaava_api::{ApiError, App as Api};
use serde::Serialize;
use std::io::Read;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

type Result<T> = std::result::Result<T, ApiError>;

/// A revocation list file larger than this is not read (one of 10,000 statements is ~1.5 MB).
pub const MAX_LIST_BYTES: u64 = 16 * 1024 * 1024;
/// Business IDs are `1234567-8`; anything much longer is not one.
const MAX_BUSINESS_ID_CHARS: usize = 20;

/// What importing one list file came to: what it did, or why it was refused (nothing changed).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ListImportResult {
    /// The file's name, without its directory.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub imported: Option<RevocationListImport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<ApiError>,
}

/// The lists imported from a dialog: one result per file, and the lists kept after them.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RevocationImports {
    pub results: Vec<ListImportResult>,
    pub lists: Vec<RevocationListView>,
}

/// Whether the file looks like a revocation list rather than a PDF: decided by its first bytes
/// (a JSON object), not by its name. Anything else goes to verification, which says what it is.
pub fn is_revocation_list(path: &Path) -> bool {
    let mut head = [0u8; 64];
    let Ok(n) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else {
        return false;
    };
    let head = &head[..n];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{')
}

/// Imports each file in order; a refused one changes nothing and the others still count.
pub fn import_lists(api: &Api, paths: &[PathBuf]) -> Vec<ListImportResult> {
    paths
        .iter()
        .map(|path| {
            let file = display_name(path);
            let imported = read_limited(path, MAX_LIST_BYTES)
                .and_then(|bytes| api.import_revocation_list(&file, &bytes))
                .map_err(|e| {
                    let mut e = e;
                    e.file = Some(file.clone());
                    e
                });
            match imported {
                Ok(imported) => ListImportResult {
                    file,
                    imported: Some(imported),
                    error: None,
                },
                Err(error) => ListImportResult {
                    file,
                    imported: None,
                    error: Some(error),
                },
            }
        })
        .collect()
}

/// The revocation lists kept on this device.
#[tauri::command]
pub async fn revocation_lists<R: Runtime>(app: AppHandle<R>) -> Result<Vec<RevocationListView>> {
    with_api(app, |_, api| api.revocation_lists()).await
}

/// Opens the native dialog for revocation list files (several at once) and imports them.
/// `None` when the dialog was cancelled.
#[tauri::command]
pub async fn import_revocations_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<Option<RevocationImports>> {
    with_api(app, move |app, api| {
        let (title, filter) = match language(api)? {
            Lang::Fi => ("Valitse tuotavat sulkulistat", "Sulkulistat (JSON)"),
            Lang::Sv => (
                "Välj spärrlistorna som ska importeras",
                "Spärrlistor (JSON)",
            ),
            Lang::En => (
                "Choose the revocation lists to import",
                "Revocation lists (JSON)",
            ),
        };
        let chosen = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .add_filter(filter, &["json", "JSON"])
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
        let results = import_lists(api, &paths);
        Ok(Some(RevocationImports {
            results,
            lists: api.revocation_lists()?,
        }))
    })
    .await
}

/// Forgets the list kept for the organisation with this business ID.
#[tauri::command]
pub async fn remove_revocation_list<R: Runtime>(
    app: AppHandle<R>,
    business_id: String,
) -> Result<Vec<RevocationListView>> {
    let id = business_id.trim().to_string();
    if id.is_empty()
        || id.chars().count() > MAX_BUSINESS_ID_CHARS
        || id.chars().any(char::is_control)
    {
        return Err(ApiError::bad_input(format!(
            "{business_id:?} is not a business ID"
        )));
    }
    with_api(app, move |_, api| api.remove_revocation_list(&id)).await
}

/// Signs the organisation's current revocation list (the passphrase unlocks the keys) and saves
/// it where the user chooses. The file's name, or `None` when the dialog was cancelled.
#[tauri::command]
pub async fn save_revocation_list_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    passphrase: String,
) -> Result<Option<String>> {
    check_passphrase(&passphrase)?;
    with_api(app, move |app, api| {
        // Signed first, so a wrong passphrase shows before the user picks a place.
        let bytes = api.revocation_list(&RevocationListRequest { passphrase })?;
        let business_id = api.organisation()?.map(|o| o.business_id.to_string());
        let (title, filter, stem) = match language(api)? {
            Lang::Fi => ("Tallenna sulkulista", "Sulkulista (JSON)", "sulkulista"),
            Lang::Sv => ("Spara spärrlistan", "Spärrlista (JSON)", "sparrlista"),
            Lang::En => (
                "Save the revocation list",
                "Revocation list (JSON)",
                "revocation-list",
            ),
        };
        let date = api.now_utc().format("%Y-%m-%d");
        let file_name = match business_id {
            Some(id) => format!("{stem}-{id}-{date}.json"),
            None => format!("{stem}-{date}.json"),
        };
        let chosen = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .set_file_name(file_name)
            .add_filter(filter, &["json", "JSON"])
            .blocking_save_file();
        let Some(chosen) = chosen else {
            return Ok(None);
        };
        let path = dialog_path(chosen)?;
        write_durably(&path, &bytes)?;
        Ok(Some(display_name(&path)))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_told_from_a_pdf_by_its_content_not_its_name() {
        let dir =
            std::env::temp_dir().join(format!("osaava-revocations-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        assert!(is_revocation_list(&write(
            "lista.pdf",
            b"\n  {\"format\": \"osaava-revocations/1\"}"
        )));
        assert!(is_revocation_list(&write("bom.json", b"\xEF\xBB\xBF{}")));
        assert!(!is_revocation_list(&write("lausunto.json", b"%PDF-1.7\n")));
        assert!(!is_revocation_list(&write("tyhja.json", b"")));
        assert!(!is_revocation_list(&dir.join("puuttuu.json")));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
