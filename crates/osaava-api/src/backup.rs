//! Backup and restore of the whole data dir as one file.
//!
//! **The file** is a plain POSIX tar archive (`.osaava-backup`), uncompressed: the members are the
//! data dir's files under their relative paths, and `MANIFEST.json` comes last with the format
//! and app versions, the schema version, when it was made, the organisation, counts, and the size
//! and SHA-256 of every member. Tar because it is written and read in one pass, a member at a
//! time, so a backup is streamed (hashes computed as the bytes go by, never a whole file in
//! memory) and any admin can still open it with the `tar` of their OS if Osaava is gone. Not
//! compressed: evidence and statements are PDFs and photos, which do not shrink, and a data dir
//! of a care home fits a USB stick as it is.
//!
//! **The database** is copied with SQLite's `VACUUM INTO` through a connection of its own
//! (osaava-store's `snapshot_database`), never by copying the live WAL file; the vault is read
//! after it, and since a vault file is written before the row that points at it commits, every
//! file the copied database names is in the backup. Keys are stored passphrase-encrypted
//! (PKCS#8), and so they are in the backup.
//!
//! **Writing** goes to a temporary file beside the target, synced and renamed at the end: a
//! backup is whole or absent. A stop (`stop` set) or an error removes the temporary file.
//!
//! **Restoring** checks everything first (every member against the manifest, SQLite's
//! `integrity_check`, a schema no newer than this version's), unpacks into a sibling of the data
//! dir, then swaps: the current data dir is renamed to `<data dir>.before-restore-<time>` and the
//! unpacked one renamed in. Any failure before the swap changes nothing; a failure while opening
//! the restored database renames both back.

use crate::error::ApiError;
use crate::{App, DATABASE_FILE};
use chrono::Utc;
use osaava_store::{check_database, snapshot_database, DatabaseFacts, Store, LATEST_SCHEMA};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use ts_rs::TS;

/// The backup file format this version writes and the newest it reads.
pub const BACKUP_FORMAT: u32 = 1;
/// The file name ending the desktop offers.
pub const BACKUP_EXTENSION: &str = "osaava-backup";
/// The manifest's name inside the archive (its last member).
pub const MANIFEST_NAME: &str = "MANIFEST.json";
const LAST_BACKUP_KEY: &str = "backup.last_at";
/// A manifest larger than this is not a manifest.
const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;
const CHUNK: usize = 256 * 1024;

/// How many of each thing a backup holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupCounts {
    pub people: u32,
    pub badges: u32,
    pub cases: u32,
    pub ratings: u32,
    pub evidence: u32,
    pub statements: u32,
    /// Files in the evidence vault (evidence files and issued statement PDFs).
    pub vault_files: u32,
    /// Files under keys/: encrypted private keys, certificates, trusted organisations.
    pub key_files: u32,
}

/// One file in a backup, by its path relative to the data dir.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupMember {
    pub path: String,
    #[ts(type = "number")]
    pub size: u64,
    pub sha256: String,
}

/// What a backup file says about itself (`MANIFEST.json`, its last member).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupManifest {
    /// Always "osaava-backup".
    pub kind: String,
    pub format: u32,
    /// The Osaava version that made it.
    pub app_version: String,
    /// The database's schema version.
    #[ts(type = "number")]
    pub schema_version: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub organisation: Option<String>,
    pub counts: BackupCounts,
    /// The bytes of all members.
    #[ts(type = "number")]
    pub total_bytes: u64,
    pub members: Vec<BackupMember>,
}

/// What a backup or restore is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum BackupStage {
    /// Copying the database (one step).
    Database,
    /// Writing the files into the backup.
    Writing,
    /// Reading the backup and checking every file.
    Checking,
    /// Replacing the data dir.
    Replacing,
}

/// Progress of a backup, an inspection or a restore: `done` of `total` bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupProgress {
    pub stage: BackupStage,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// A finished restore: what the backup held, and where the replaced data dir was kept.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RestoreReport {
    pub manifest: BackupManifest,
    /// The data dir as it was before, kept aside; none when there was no data dir.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub previous_data_dir: Option<String>,
    pub data_dir: String,
}

/// Reports progress; called often, so keep it cheap.
pub type OnProgress<'a> = &'a mut dyn FnMut(BackupProgress);

fn io_err<'a>(what: &str, path: &'a Path) -> impl Fn(io::Error) -> ApiError + 'a {
    let what = what.to_string();
    move |e| ApiError::bad_input(format!("{what} {}: {e}", path.display()))
}

const STOPPED: &str = "stopped by the user";

/// Not `ErrorKind::Interrupted`, which `io::copy` retries.
fn stopped() -> io::Error {
    io::Error::other(STOPPED)
}

fn is_stop(e: &io::Error) -> bool {
    e.to_string().contains(STOPPED)
}

/// A path removed (file or dir) when dropped, unless kept.
struct Cleanup(Option<PathBuf>);

impl Cleanup {
    fn keep(&mut self) {
        self.0 = None;
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            if p.is_dir() {
                let _ = fs::remove_dir_all(&p);
            } else {
                let _ = fs::remove_file(&p);
            }
        }
    }
}

/// A unique name beside `path`: `.<name>.<tag>-<pid>-<nanos>`.
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "osaava".into());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    dir.join(format!(".{name}.{tag}-{}-{nanos}", std::process::id()))
}

fn sync_dir(dir: &Path) {
    // Makes a rename durable on Unix; directories cannot be opened so on Windows.
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Files that are not part of the data: the live database and its journals (the snapshot stands
/// for them), and temporary files of writes in progress.
fn skipped(rel: &str) -> bool {
    rel == DATABASE_FILE
        || rel.starts_with(&format!("{DATABASE_FILE}-"))
        || rel.ends_with(".partial")
        || rel.ends_with(".osaava-tmp")
}

/// Every regular file under `dir`, as (relative path with `/`, absolute path, size), sorted.
fn list_files(dir: &Path) -> Result<Vec<(String, PathBuf, u64)>, ApiError> {
    fn walk(
        root: &Path,
        dir: &Path,
        out: &mut Vec<(String, PathBuf, u64)>,
    ) -> Result<(), ApiError> {
        let entries = fs::read_dir(dir).map_err(io_err("cannot read the folder", dir))?;
        for entry in entries {
            let entry = entry.map_err(io_err("cannot read the folder", dir))?;
            let path = entry.path();
            let kind = entry
                .file_type()
                .map_err(io_err("cannot read the folder", dir))?;
            if kind.is_dir() {
                walk(root, &path, out)?;
            } else if kind.is_file() {
                let rel = path
                    .strip_prefix(root)
                    .map_err(|_| ApiError::internal("a file outside the data dir"))?
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().to_string())
                    .collect::<Vec<_>>()
                    .join("/");
                let size = entry
                    .metadata()
                    .map_err(io_err("cannot read", &path))?
                    .len();
                out.push((rel, path, size));
            }
            // Symbolic links and other special files are not Osaava's; they are left out.
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// Hashes and counts what passes through, stopping when asked.
struct Meter<'a, R> {
    inner: R,
    hash: Sha256,
    count: u64,
    stop: &'a AtomicBool,
}

impl<R: Read> Read for Meter<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(stopped());
        }
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }
}

fn counts_from(facts: &DatabaseFacts, members: &[BackupMember]) -> BackupCounts {
    let n = |what: &str| {
        facts
            .counts
            .iter()
            .find(|(w, _)| *w == what)
            .map(|(_, n)| (*n).clamp(0, u32::MAX as i64) as u32)
            .unwrap_or(0)
    };
    let files = |prefix: &str| {
        members
            .iter()
            .filter(|m| m.path.starts_with(prefix))
            .count() as u32
    };
    BackupCounts {
        people: n("people"),
        badges: n("badges"),
        cases: n("cases"),
        ratings: n("ratings"),
        evidence: n("evidence"),
        statements: n("statements"),
        vault_files: files("vault/"),
        key_files: files("keys/"),
    }
}

fn tar_header(size: u64) -> tar::Header {
    let mut header = tar::Header::new_ustar();
    header.set_size(size);
    header.set_mode(0o600);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_mtime(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
    );
    header
}

impl App {
    /// When the last backup of this data dir was made (RFC 3339), if ever.
    pub fn last_backup(&self) -> Result<Option<String>, ApiError> {
        Ok(self.store().read().setting(LAST_BACKUP_KEY)?)
    }

    /// Writes a backup of the whole data dir to `to`. `Ok(None)` when `stop` was set before it
    /// finished; then no file is left at `to` (an older file there stays as it was).
    pub fn backup(
        &self,
        to: &Path,
        on_progress: OnProgress<'_>,
        stop: &AtomicBool,
    ) -> Result<Option<BackupManifest>, ApiError> {
        let data_dir = self.data_dir();
        if let (Ok(dir), Some(parent)) = (
            data_dir.canonicalize(),
            to.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .and_then(|p| p.canonicalize().ok()),
        ) {
            if parent.starts_with(&dir) {
                return Err(ApiError::bad_input(
                    "a backup cannot be saved inside the data dir it backs up; choose another folder, preferably on a USB stick or network drive",
                )
                .in_file(to.display().to_string()));
            }
        }
        if to.is_dir() {
            return Err(ApiError::bad_input("that is a folder; give a file name")
                .in_file(to.display().to_string()));
        }
        let created_at = self.now();

        // 1. The database, as one consistent copy beside the target.
        on_progress(BackupProgress {
            stage: BackupStage::Database,
            done: 0,
            total: 1,
        });
        let snap = sibling(to, "db");
        let _snap_cleanup = Cleanup(Some(snap.clone()));
        if !snapshot_database(&data_dir.join(DATABASE_FILE), &snap, stop)? {
            return Ok(None);
        }
        let facts = check_database(&snap)?;

        // 2. Every other file of the data dir, the database copy first.
        let mut files = vec![(
            DATABASE_FILE.to_string(),
            snap.clone(),
            fs::metadata(&snap)
                .map_err(io_err("cannot read", &snap))?
                .len(),
        )];
        files.extend(
            list_files(data_dir)?
                .into_iter()
                .filter(|(rel, _, _)| !skipped(rel)),
        );
        let total: u64 = files.iter().map(|f| f.2).sum();

        // 3. The archive, to a temporary file beside the target.
        let tmp = sibling(to, "partial");
        let mut tmp_cleanup = Cleanup(Some(tmp.clone()));
        let out = File::create(&tmp).map_err(io_err("cannot write the backup", to))?;
        let mut builder = tar::Builder::new(BufWriter::with_capacity(CHUNK, out));
        let mut members = Vec::with_capacity(files.len());
        let mut done = 0u64;
        for (rel, path, size) in &files {
            let file = match File::open(path) {
                Ok(f) => f,
                // A temporary file that went away while we listed: not data.
                Err(e) if e.kind() == io::ErrorKind::NotFound && rel != DATABASE_FILE => continue,
                Err(e) => return Err(io_err("cannot read", path)(e)),
            };
            let mut meter = Meter {
                inner: BufReader::with_capacity(CHUNK, file).take(*size),
                hash: Sha256::new(),
                count: 0,
                stop,
            };
            let mut header = tar_header(*size);
            let appended = builder.append_data(&mut header, rel, &mut meter);
            match appended {
                Err(e) if is_stop(&e) => return Ok(None),
                Err(e) => return Err(io_err("cannot write the backup", to)(e)),
                Ok(()) => {}
            }
            if meter.count != *size {
                return Err(ApiError::bad_input(format!(
                    "{rel} changed while it was being backed up; nothing was saved. Try again"
                )));
            }
            done += size;
            members.push(BackupMember {
                path: rel.clone(),
                size: *size,
                sha256: hex::encode(meter.hash.finalize()),
            });
            on_progress(BackupProgress {
                stage: BackupStage::Writing,
                done,
                total,
            });
        }
        let manifest = BackupManifest {
            kind: "osaava-backup".into(),
            format: BACKUP_FORMAT,
            app_version: env!("CARGO_PKG_VERSION").into(),
            schema_version: facts.schema_version,
            created_at: created_at.clone(),
            organisation: facts.organisation.clone(),
            counts: counts_from(&facts, &members),
            total_bytes: total,
            members,
        };
        let json = serde_json::to_vec_pretty(&manifest)
            .map_err(|e| ApiError::internal(format!("manifest: {e}")))?;
        let mut header = tar_header(json.len() as u64);
        builder
            .append_data(&mut header, MANIFEST_NAME, json.as_slice())
            .map_err(io_err("cannot write the backup", to))?;
        let writer = builder
            .into_inner()
            .map_err(io_err("cannot write the backup", to))?;
        let file = writer
            .into_inner()
            .map_err(|e| io_err("cannot write the backup", to)(e.into_error()))?;
        file.sync_all()
            .map_err(io_err("cannot write the backup", to))?;
        drop(file);
        if stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
        fs::rename(&tmp, to).map_err(io_err("cannot write the backup", to))?;
        tmp_cleanup.keep();
        if let Some(parent) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_dir(parent);
        }
        self.store()
            .write(|db| db.set_setting(LAST_BACKUP_KEY, &created_at))?;
        Ok(Some(manifest))
    }

    /// Replaces this data dir with the one in the backup `from`, after checking all of it, and
    /// reopens the database from it. The data dir as it was is kept aside (its path is in the
    /// report). `Ok(None)` when `stop` was set before the swap: nothing changed.
    pub fn restore(
        &self,
        from: &Path,
        on_progress: OnProgress<'_>,
        stop: &AtomicBool,
    ) -> Result<Option<RestoreReport>, ApiError> {
        let data_dir = self.data_dir().to_path_buf();
        let Some((manifest, staged, mut staged_cleanup)) =
            unpack_checked(from, &data_dir, on_progress, stop)?
        else {
            return Ok(None);
        };
        on_progress(BackupProgress {
            stage: BackupStage::Replacing,
            done: 0,
            total: 1,
        });
        let aside = aside_name(&data_dir);
        {
            // Holding the store: no other command reads or writes while the dirs are swapped.
            let mut store = self.store();
            if stop.load(Ordering::Relaxed) {
                return Ok(None);
            }
            // Close the live database (its WAL is checkpointed on close).
            *store = Store::open_in_memory()?;
            let reopen_old = |store: &mut Store| -> Result<(), ApiError> {
                *store = Store::open(&data_dir.join(DATABASE_FILE))?;
                Ok(())
            };
            if let Err(e) = fs::rename(&data_dir, &aside) {
                reopen_old(&mut store)?;
                return Err(ApiError::bad_input(format!(
                    "cannot move the data dir aside to {}: {e}; nothing was changed",
                    aside.display()
                )));
            }
            if let Err(e) = fs::rename(&staged, &data_dir) {
                let _ = fs::rename(&aside, &data_dir);
                reopen_old(&mut store)?;
                return Err(ApiError::bad_input(format!(
                    "cannot move the restored data dir into place: {e}; nothing was changed"
                )));
            }
            staged_cleanup.keep();
            match Store::open(&data_dir.join(DATABASE_FILE)) {
                Ok(restored) => *store = restored,
                Err(e) => {
                    let _ = fs::rename(&data_dir, &staged);
                    staged_cleanup = Cleanup(Some(staged.clone()));
                    let _ = fs::rename(&aside, &data_dir);
                    reopen_old(&mut store)?;
                    drop(staged_cleanup);
                    return Err(ApiError::bad_input(format!(
                        "the restored database cannot be opened ({e}); the data dir was put back as it was"
                    )));
                }
            }
            if let Some(parent) = data_dir.parent() {
                sync_dir(parent);
            }
            // The backup just restored is the latest one this data dir knows of.
            store.write(|db| db.set_setting(LAST_BACKUP_KEY, &manifest.created_at))?;
        }
        // Another database: its badges and its device profile, not the ones remembered.
        self.library().forget();
        self.refresh_actor()?;
        on_progress(BackupProgress {
            stage: BackupStage::Replacing,
            done: 1,
            total: 1,
        });
        Ok(Some(RestoreReport {
            manifest,
            previous_data_dir: Some(aside.display().to_string()),
            data_dir: data_dir.display().to_string(),
        }))
    }
}

/// `<data dir>.before-restore-<UTC time>`, not yet taken.
fn aside_name(data_dir: &Path) -> PathBuf {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let base = format!("{}.before-restore-{stamp}", data_dir.display());
    let mut candidate = PathBuf::from(&base);
    let mut n = 2;
    while candidate.exists() {
        candidate = PathBuf::from(format!("{base}-{n}"));
        n += 1;
    }
    candidate
}

/// Reads the backup `file` and checks every member against its manifest and the database with
/// SQLite's integrity check. Nothing is kept. `Ok(None)` when stopped.
pub fn inspect_backup(
    file: &Path,
    on_progress: OnProgress<'_>,
    stop: &AtomicBool,
) -> Result<Option<BackupManifest>, ApiError> {
    let scratch = std::env::temp_dir().join(format!(
        "osaava-inspect-{}-{}",
        std::process::id(),
        Utc::now().timestamp_nanos_opt().unwrap_or(0)
    ));
    fs::create_dir_all(&scratch).map_err(io_err("cannot create", &scratch))?;
    let _cleanup = Cleanup(Some(scratch.clone()));
    let Some(manifest) = unpack(file, &scratch, false, on_progress, stop)? else {
        return Ok(None);
    };
    check_unpacked(&manifest, &scratch)?;
    Ok(Some(manifest))
}

/// Restores the backup `from` as the data dir `data_dir`, which no running Osaava may have open
/// (the CLI uses this; the desktop calls [`App::restore`] on its open data dir). An existing
/// data dir is kept aside, as by `App::restore`.
pub fn restore_data_dir(
    data_dir: &Path,
    from: &Path,
    on_progress: OnProgress<'_>,
    stop: &AtomicBool,
) -> Result<Option<RestoreReport>, ApiError> {
    if data_dir.exists() && !data_dir.is_dir() {
        return Err(ApiError::bad_input(format!(
            "data dir {} is a file, not a directory",
            data_dir.display()
        )));
    }
    let Some((manifest, staged, mut staged_cleanup)) =
        unpack_checked(from, data_dir, on_progress, stop)?
    else {
        return Ok(None);
    };
    let previous = if data_dir.exists() {
        let aside = aside_name(data_dir);
        fs::rename(data_dir, &aside).map_err(|e| {
            ApiError::bad_input(format!(
                "cannot move the data dir aside to {}: {e}; nothing was changed",
                aside.display()
            ))
        })?;
        Some(aside)
    } else {
        None
    };
    if let Err(e) = fs::rename(&staged, data_dir) {
        if let Some(aside) = &previous {
            let _ = fs::rename(aside, data_dir);
        }
        return Err(ApiError::bad_input(format!(
            "cannot move the restored data dir into place: {e}; nothing was changed"
        )));
    }
    staged_cleanup.keep();
    let opened = Store::open(&data_dir.join(DATABASE_FILE))
        .and_then(|mut s| s.write(|db| db.set_setting(LAST_BACKUP_KEY, &manifest.created_at)));
    if let Err(e) = opened {
        let _ = fs::rename(data_dir, &staged);
        let _ = fs::remove_dir_all(&staged);
        if let Some(aside) = &previous {
            let _ = fs::rename(aside, data_dir);
        }
        return Err(ApiError::bad_input(format!(
            "the restored database cannot be opened ({e}); the data dir was put back as it was"
        )));
    }
    if let Some(parent) = data_dir.parent() {
        sync_dir(parent);
    }
    Ok(Some(RestoreReport {
        manifest,
        previous_data_dir: previous.map(|p| p.display().to_string()),
        data_dir: data_dir.display().to_string(),
    }))
}

/// Unpacks `from` into a new sibling of `data_dir` and checks it. The sibling is removed when the
/// returned guard drops (unless kept).
fn unpack_checked(
    from: &Path,
    data_dir: &Path,
    on_progress: OnProgress<'_>,
    stop: &AtomicBool,
) -> Result<Option<(BackupManifest, PathBuf, Cleanup)>, ApiError> {
    let staged = sibling(data_dir, "restoring");
    if let Some(parent) = data_dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(io_err("cannot create", parent))?;
    }
    fs::create_dir(&staged).map_err(io_err("cannot create", &staged))?;
    let cleanup = Cleanup(Some(staged.clone()));
    let Some(manifest) = unpack(from, &staged, true, on_progress, stop)? else {
        return Ok(None);
    };
    check_unpacked(&manifest, &staged)?;
    if stop.load(Ordering::Relaxed) {
        return Ok(None);
    }
    Ok(Some((manifest, staged, cleanup)))
}

/// The checks after every member matched the manifest: the database itself.
fn check_unpacked(manifest: &BackupManifest, dir: &Path) -> Result<(), ApiError> {
    let facts = check_database(&dir.join(DATABASE_FILE))
        .map_err(|e| ApiError::bad_input(format!("the backup cannot be restored: {e}")))?;
    if facts.schema_version != manifest.schema_version {
        return Err(ApiError::bad_input(format!(
            "the backup's manifest says schema {} but its database has schema {}: the backup is damaged",
            manifest.schema_version, facts.schema_version
        )));
    }
    Ok(())
}

fn refuse(file: &Path, why: impl std::fmt::Display) -> ApiError {
    ApiError::bad_input(format!(
        "{why}. The backup cannot be used; nothing was changed"
    ))
    .in_file(file.display().to_string())
}

/// A member's path as written by `backup`: relative, plain names, `/` between them.
fn safe_member_path(name: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in name.components() {
        match c {
            Component::Normal(part) => {
                let part = part.to_str()?;
                if part.is_empty() || part.contains('\\') || part.contains(':') {
                    return None;
                }
                out.push(part);
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// Reads the archive `file`, hashing every member; with `write_all` every member is written under
/// `dest` (synced), else only the database. Checks the members against the manifest.
fn unpack(
    file: &Path,
    dest: &Path,
    write_all: bool,
    on_progress: OnProgress<'_>,
    stop: &AtomicBool,
) -> Result<Option<BackupManifest>, ApiError> {
    let f = File::open(file).map_err(|e| {
        ApiError::bad_input(format!("cannot read the backup: {e}"))
            .in_file(file.display().to_string())
    })?;
    let total = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut archive = tar::Archive::new(BufReader::with_capacity(CHUNK, f));
    let mut seen: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut manifest: Option<BackupManifest> = None;
    let mut done = 0u64;
    let entries = archive
        .entries()
        .map_err(|e| refuse(file, format!("it is not an Osaava backup ({e})")))?;
    for entry in entries {
        if stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let mut entry =
            entry.map_err(|e| refuse(file, format!("the file is damaged or cut short ({e})")))?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(refuse(file, "it holds something other than plain files"));
        }
        let raw = entry
            .path()
            .map_err(|e| refuse(file, format!("a member has an unreadable name ({e})")))?
            .into_owned();
        let rel = safe_member_path(&raw)
            .ok_or_else(|| refuse(file, format!("a member has an unsafe name {raw:?}")))?;
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect::<Vec<_>>()
            .join("/");
        let size = entry.size();
        if manifest.is_some() {
            return Err(refuse(file, "it has files after its manifest"));
        }
        if name == MANIFEST_NAME {
            if size > MAX_MANIFEST_BYTES {
                return Err(refuse(file, "its manifest is too large"));
            }
            let mut bytes = Vec::with_capacity(size as usize);
            entry
                .read_to_end(&mut bytes)
                .map_err(|e| refuse(file, format!("the file is damaged or cut short ({e})")))?;
            let parsed: BackupManifest = serde_json::from_slice(&bytes)
                .map_err(|e| refuse(file, format!("its manifest is unreadable ({e})")))?;
            manifest = Some(parsed);
            continue;
        }
        if seen.contains_key(&name) {
            return Err(refuse(file, format!("it holds {name} twice")));
        }
        let mut meter = Meter {
            inner: &mut entry,
            hash: Sha256::new(),
            count: 0,
            stop,
        };
        let copied = if write_all || name == DATABASE_FILE {
            let target = dest.join(&rel);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(io_err("cannot create", parent))?;
            }
            let out = File::create(&target).map_err(io_err("cannot write", &target))?;
            let mut writer = BufWriter::with_capacity(CHUNK, out);
            io::copy(&mut meter, &mut writer)
                .and_then(|_| writer.into_inner().map_err(|e| e.into_error()))
                .and_then(|f| f.sync_all())
        } else {
            io::copy(&mut meter, &mut io::sink()).map(|_| ())
        };
        match copied {
            Err(e) if is_stop(&e) => return Ok(None),
            Err(e) => {
                return Err(refuse(
                    file,
                    format!("the file is damaged or cut short at {name} ({e})"),
                ))
            }
            Ok(()) => {}
        }
        if meter.count != size {
            return Err(refuse(file, format!("{name} is cut short")));
        }
        done += size;
        seen.insert(name, (size, hex::encode(meter.hash.finalize())));
        on_progress(BackupProgress {
            stage: BackupStage::Checking,
            done: done.min(total),
            total,
        });
    }
    let manifest = manifest.ok_or_else(|| {
        refuse(
            file,
            "it has no manifest: it is cut short or not an Osaava backup",
        )
    })?;
    if manifest.kind != "osaava-backup" {
        return Err(refuse(file, "it is not an Osaava backup"));
    }
    if manifest.format > BACKUP_FORMAT {
        return Err(refuse(
            file,
            format!(
                "it was made by a newer Osaava ({}, backup format {}); update Osaava to restore it",
                manifest.app_version, manifest.format
            ),
        ));
    }
    if manifest.schema_version > LATEST_SCHEMA {
        return Err(refuse(
            file,
            format!(
                "its database was written by a newer Osaava ({}, schema {}; this version knows up to {}); update Osaava to restore it",
                manifest.app_version, manifest.schema_version, LATEST_SCHEMA
            ),
        ));
    }
    for m in &manifest.members {
        match seen.remove(&m.path) {
            None => return Err(refuse(file, format!("{} is missing from it", m.path))),
            Some((size, sha)) if size != m.size || sha != m.sha256 => {
                return Err(refuse(
                    file,
                    format!(
                        "{} does not match its checksum in the manifest: the backup is damaged",
                        m.path
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = seen.keys().next() {
        return Err(refuse(
            file,
            format!("it holds {extra}, which its manifest does not list"),
        ));
    }
    if !manifest.members.iter().any(|m| m.path == DATABASE_FILE) {
        return Err(refuse(file, "it has no database"));
    }
    on_progress(BackupProgress {
        stage: BackupStage::Checking,
        done: total,
        total,
    });
    Ok(Some(manifest))
}
