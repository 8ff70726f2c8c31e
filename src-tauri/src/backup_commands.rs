//! Settings' "Data and backup": where the data dir is, backing it up to a file the user chooses
//! and restoring one, each a call into `osaava_api` (backup.rs there says what a backup holds).
//!
//! **Files** are chosen in native dialogs opened here; the webview never names a path. A backup
//! picked for restoring is checked in full (every file against its manifest, the database with
//! SQLite's integrity check) and kept here until the user confirms the restore in the UI.
//!
//! **Long work** reports progress through a `Channel` and stops on `cancel_backup(job)`. Backup,
//! restore and batch issuing (batch_commands.rs) are jobs in one register, [`Jobs`]: a restore is
//! refused while another job runs, and nothing starts while a restore runs. The restore swaps the
//! data dir under the open `App` and reopens its database, so no restart is needed.

use crate::commands::{dialog_path, language, with_api};
use osaava_api::core::Lang;
use osaava_api::{ApiError, BackupCounts, BackupManifest, BackupProgress, BACKUP_EXTENSION};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

type Result<T> = std::result::Result<T, ApiError>;

// ---- Jobs ----------------------------------------------------------------------------------

/// What a long job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Backup,
    Restore,
    Batch,
    Import,
}

/// The long jobs running now (backup, restore, batch issuing, badge import), by the UI's job number, each with
/// its stop flag.
#[derive(Default)]
pub struct Jobs(Mutex<HashMap<u32, (JobKind, Arc<AtomicBool>)>>);

/// Ends a job's registration when dropped.
pub struct JobGuard<'a> {
    jobs: &'a Jobs,
    job: u32,
    pub stop: Arc<AtomicBool>,
}

impl Drop for JobGuard<'_> {
    fn drop(&mut self) {
        self.jobs
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.job);
    }
}

impl Jobs {
    /// Registers job `job`, refusing it when it would overlap a restore.
    pub fn start(&self, job: u32, kind: JobKind) -> Result<JobGuard<'_>> {
        let mut running = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if running.contains_key(&job) {
            return Err(ApiError::bad_input("that job is already running"));
        }
        let busy = |k: JobKind| running.values().any(|(kind, _)| *kind == k);
        if busy(JobKind::Restore) {
            return Err(ApiError::bad_input(
                "a restore is running; wait until it has finished",
            ));
        }
        if kind == JobKind::Restore && !running.is_empty() {
            let what = if busy(JobKind::Batch) {
                "statements are being issued"
            } else if busy(JobKind::Import) {
                "badges are being imported"
            } else {
                "a backup is being made"
            };
            return Err(ApiError::bad_input(format!(
                "{what}; restore when it has finished or been cancelled"
            )));
        }
        if kind == JobKind::Backup && busy(JobKind::Backup) {
            return Err(ApiError::bad_input("a backup is already being made"));
        }
        let stop = Arc::new(AtomicBool::new(false));
        running.insert(job, (kind, stop.clone()));
        Ok(JobGuard {
            jobs: self,
            job,
            stop,
        })
    }

    pub fn cancel(&self, job: u32) {
        if let Some((_, stop)) = self.0.lock().unwrap_or_else(|p| p.into_inner()).get(&job) {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// The backup file chosen for restoring, checked, until it is restored or another is chosen.
#[derive(Default)]
pub struct PickedBackup(Mutex<Option<PathBuf>>);

// ---- Types for the UI ------------------------------------------------------------------------

/// Where the data is, and when it was last backed up.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DataDirInfo {
    pub data_dir: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_backup_at: Option<String>,
}

/// What a backup holds, without its list of files.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupSummary {
    /// The backup file's name (no folder).
    pub file: String,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub organisation: Option<String>,
    pub counts: BackupCounts,
    pub app_version: String,
    #[ts(type = "number")]
    pub total_bytes: u64,
    pub files: u32,
}

impl BackupSummary {
    fn of(file: String, m: &BackupManifest) -> Self {
        BackupSummary {
            file,
            created_at: m.created_at.clone(),
            organisation: m.organisation.clone(),
            counts: m.counts.clone(),
            app_version: m.app_version.clone(),
            total_bytes: m.total_bytes,
            files: m.members.len() as u32,
        }
    }
}

/// The end of a backup or a restore.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupOutcome {
    /// Stopped by the user: nothing was written or changed.
    pub cancelled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub summary: Option<BackupSummary>,
    /// The backup written, with its folder (a backup), or the data dir kept aside (a restore).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub path: Option<String>,
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// The text in the user's language (the native dialogs' titles).
pub(crate) fn pick(
    lang: Lang,
    (fi, sv, en): (&'static str, &'static str, &'static str),
) -> &'static str {
    match lang {
        Lang::Fi => fi,
        Lang::Sv => sv,
        Lang::En => en,
    }
}

// ---- Commands ------------------------------------------------------------------------------

/// The data dir's location and the time of the last backup.
#[tauri::command]
pub async fn data_dir<R: Runtime>(app: AppHandle<R>) -> Result<DataDirInfo> {
    with_api(app, |_, api| {
        Ok(DataDirInfo {
            data_dir: api.data_dir().display().to_string(),
            last_backup_at: api.last_backup()?,
        })
    })
    .await
}

/// The dialogs' name for backup files.
const BACKUP_FILTER_NAME: (&str, &str, &str) = (
    "Osaavan varmuuskopio",
    "Osaavas säkerhetskopia",
    "Osaava backup",
);

/// Asks where to save a backup (offering `osaava-backup-YYYY-MM-DD.osaava-backup`) and writes
/// it, reporting progress. `None` when the dialog was cancelled.
#[tauri::command]
pub async fn backup_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    jobs: State<'_, Jobs>,
    job: u32,
    on_progress: Channel<BackupProgress>,
) -> Result<Option<BackupOutcome>> {
    let guard = jobs.start(job, JobKind::Backup)?;
    let stop = guard.stop.clone();
    let result = with_api(app, move |app, api| {
        let lang = language(api)?;
        let title = pick(
            lang,
            (
                "Tallenna varmuuskopio",
                "Spara säkerhetskopian",
                "Save the backup",
            ),
        );
        let filter = pick(lang, BACKUP_FILTER_NAME);
        let today = api.now_utc().format("%Y-%m-%d");
        let chosen = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .set_file_name(format!("osaava-backup-{today}.{BACKUP_EXTENSION}"))
            .add_filter(filter, &[BACKUP_EXTENSION])
            .blocking_save_file();
        let Some(chosen) = chosen else {
            return Ok(None);
        };
        let mut path = dialog_path(chosen)?;
        if path.extension().is_none() {
            path.set_extension(BACKUP_EXTENSION);
        }
        let manifest = api.backup(
            &path,
            &mut |p| {
                let _ = on_progress.send(p);
            },
            &stop,
        )?;
        Ok(Some(match manifest {
            None => BackupOutcome {
                cancelled: true,
                summary: None,
                path: None,
            },
            Some(m) => BackupOutcome {
                cancelled: false,
                summary: Some(BackupSummary::of(file_name(&path), &m)),
                path: Some(path.display().to_string()),
            },
        }))
    })
    .await;
    drop(guard);
    result
}

/// Asks for a backup file and checks all of it, reporting progress; keeps it for
/// `restore_backup`. What it holds, or `None` when the dialog was cancelled; `cancelled` when the
/// check was stopped.
#[tauri::command]
pub async fn pick_backup_dialog<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    jobs: State<'_, Jobs>,
    picked: State<'_, PickedBackup>,
    job: u32,
    on_progress: Channel<BackupProgress>,
) -> Result<Option<BackupOutcome>> {
    let guard = jobs.start(job, JobKind::Backup)?;
    let stop = guard.stop.clone();
    let result = with_api(app, move |app, api| {
        let lang = language(api)?;
        let title = pick(
            lang,
            (
                "Valitse palautettava varmuuskopio",
                "Välj säkerhetskopian som ska återställas",
                "Choose the backup to restore",
            ),
        );
        let filter = pick(lang, BACKUP_FILTER_NAME);
        let chosen = app
            .dialog()
            .file()
            .set_parent(&window)
            .set_title(title)
            .add_filter(filter, &[BACKUP_EXTENSION])
            .blocking_pick_file();
        let Some(chosen) = chosen else {
            return Ok(None);
        };
        let path = dialog_path(chosen)?;
        let name = file_name(&path);
        let manifest = osaava_api::inspect_backup(
            &path,
            &mut |p| {
                let _ = on_progress.send(p);
            },
            &stop,
        )
        .map_err(|e| e.in_file(name.clone()))?;
        Ok(Some(match manifest {
            None => (
                None,
                BackupOutcome {
                    cancelled: true,
                    summary: None,
                    path: None,
                },
            ),
            Some(m) => (
                Some(path),
                BackupOutcome {
                    cancelled: false,
                    summary: Some(BackupSummary::of(name, &m)),
                    path: None,
                },
            ),
        }))
    })
    .await;
    drop(guard);
    let mut slot = picked.0.lock().unwrap_or_else(|p| p.into_inner());
    match result {
        Ok(Some((path, outcome))) => {
            *slot = path;
            Ok(Some(outcome))
        }
        Ok(None) => Ok(None),
        Err(e) => {
            *slot = None;
            Err(e)
        }
    }
}

/// Restores the backup picked last, after the user confirmed it: the data dir is replaced and
/// the database reopened; the old data dir's new place is in `path`.
#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    jobs: State<'_, Jobs>,
    picked: State<'_, PickedBackup>,
    job: u32,
    on_progress: Channel<BackupProgress>,
) -> Result<BackupOutcome> {
    let path = picked
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .ok_or_else(|| ApiError::bad_input("choose the backup to restore first"))?;
    let guard = jobs.start(job, JobKind::Restore)?;
    let stop = guard.stop.clone();
    let name = file_name(&path);
    let result = with_api(app, move |_, api| {
        let report = api
            .restore(
                &path,
                &mut |p| {
                    let _ = on_progress.send(p);
                },
                &stop,
            )
            .map_err(|e| e.in_file(name.clone()))?;
        Ok(match report {
            None => BackupOutcome {
                cancelled: true,
                summary: None,
                path: None,
            },
            Some(r) => BackupOutcome {
                cancelled: false,
                summary: Some(BackupSummary::of(name, &r.manifest)),
                path: r.previous_data_dir,
            },
        })
    })
    .await;
    drop(guard);
    if matches!(&result, Ok(o) if !o.cancelled) {
        *picked.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
    result
}

/// Stops backup, check or restore `job` (a restore only before it starts replacing).
#[tauri::command]
pub fn cancel_backup(jobs: State<'_, Jobs>, job: u32) {
    jobs.cancel(job);
}
