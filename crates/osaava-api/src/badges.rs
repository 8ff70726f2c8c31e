//! The badge library: list, show, import, export.

use crate::dto::*;
use crate::error::ApiError;
use crate::App;
use osaava_core::import::{parse_badges, MAX_IMPORT_BYTES};
use osaava_core::{export, Badge, Lang, VersionDecision};
use osaava_store::{Db, StoredBadge};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

impl App {
    /// The latest version of every badge matching the request, sorted by name in `lang`.
    pub fn list_badges(
        &self,
        req: &ListBadgesRequest,
        lang: Lang,
    ) -> Result<Vec<BadgeSummary>, ApiError> {
        let library = self.library().current(&self.store().read())?;
        let query = req.query.as_deref().unwrap_or("").trim().to_lowercase();
        let alignment = req
            .alignment
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        let mut out: Vec<BadgeSummary> = library
            .iter()
            .filter(|b| !query.contains(SEPARATOR) && b.haystack.contains(&query))
            .filter(|b| alignment.is_none_or(|a| b.codes.iter().any(|c| c == a)))
            .map(|b| b.summary.clone())
            .collect();
        out.sort_by_cached_key(|b| (b.name.show(lang).to_lowercase(), b.id.clone()));
        Ok(out)
    }

    pub fn show_badge(&self, req: &ShowBadgeRequest) -> Result<BadgeDetail, ApiError> {
        let store = self.store();
        let db = store.read();
        let versions = db.badge_versions(&req.id)?;
        if versions.is_empty() {
            return Err(ApiError::not_found(format!(
                "no badge with id {:?} in the library",
                req.id
            )));
        }
        let chosen = match req.version {
            None => versions.last().cloned(),
            Some(v) => versions.iter().find(|s| s.badge.version == v).cloned(),
        }
        .ok_or_else(|| {
            let known: Vec<String> = versions
                .iter()
                .map(|s| s.badge.version.to_string())
                .collect();
            ApiError::not_found(format!(
                "badge {:?} has no version {}; it has {}",
                req.id,
                req.version.unwrap_or_default(),
                known.join(", ")
            ))
        })?;
        Ok(BadgeDetail {
            badge: chosen.badge,
            versions: versions.iter().map(version_info).collect(),
        })
    }

    /// Imports every file in one transaction: all of them, or none when any is bad.
    /// `progress(done, total)` is called after each file is read.
    pub fn import_badge_files(
        &self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportReport, ApiError> {
        let never = AtomicBool::new(false);
        self.import_badge_files_until(paths, progress, &never)
            .map(|r| r.expect("an import that is never stopped finishes"))
    }

    /// [`App::import_badge_files`] that checks `stop` before each file: `None` when it was set,
    /// and then nothing is written (the files are read first, stored in one transaction last).
    pub fn import_badge_files_until(
        &self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(usize, usize),
        stop: &AtomicBool,
    ) -> Result<Option<ImportReport>, ApiError> {
        if paths.is_empty() {
            return Err(ApiError::bad_input("no files to import"));
        }
        let mut parsed = Vec::with_capacity(paths.len());
        for (i, path) in paths.iter().enumerate() {
            if stop.load(Ordering::Relaxed) {
                return Ok(None);
            }
            let shown = path.display().to_string();
            let bytes = read_limited(path).map_err(|e| e.in_file(&shown))?;
            let badges = parse_badges(&bytes).map_err(|e| {
                ApiError::bad_input(e.message)
                    .at_path(e.path)
                    .in_file(&shown)
            })?;
            parsed.push((shown, badges));
            progress(i + 1, paths.len());
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let now = self.now();
        self.store()
            .write(|db| import_parsed(db, parsed, &now, &self.actor()))
            .map(Some)
    }

    /// The badge as JSON in `format`.
    pub fn export_badge(
        &self,
        req: &ShowBadgeRequest,
        format: ExportFormat,
    ) -> Result<serde_json::Value, ApiError> {
        let detail = self.show_badge(req)?;
        Ok(match format {
            ExportFormat::Ob3 => export::ob3::achievement(&detail.badge),
        })
    }
}

/// Stores parsed badges, assigning versions; within the caller's transaction.
pub(crate) fn import_parsed(
    db: &Db<'_>,
    files: Vec<(String, Vec<Badge>)>,
    now: &str,
    actor: &str,
) -> Result<ImportReport, ApiError> {
    let mut report = ImportReport::default();
    for (file, badges) in files {
        let mut imported = Vec::with_capacity(badges.len());
        for mut badge in badges {
            let status = match badge.decide_version(&db.badge_hashes(&badge.id)?) {
                VersionDecision::Unchanged(v) => {
                    badge.version = v;
                    ImportStatus::Unchanged
                }
                VersionDecision::New(v) => {
                    badge.version = v;
                    db.insert_badge(&badge, now)?;
                    let subject = format!("badge:{}", badge.id);
                    db.audit(
                        now,
                        actor,
                        "badge.import",
                        &subject,
                        None,
                        Some(&format!("version {v} from {file}")),
                    )?;
                    ImportStatus::New
                }
            };
            imported.push(ImportedBadge {
                id: badge.id,
                version: badge.version,
                name: badge.name,
                status,
            });
        }
        report.files.push(ImportedFile {
            file,
            badges: imported,
        });
    }
    Ok(report)
}

/// Reads a file, refusing it before reading when it is over the import limit.
fn read_limited(path: &Path) -> Result<Vec<u8>, ApiError> {
    let file = std::fs::File::open(path)
        .map_err(|e| ApiError::bad_input(format!("cannot open the file: {e}")))?;
    let meta = file
        .metadata()
        .map_err(|e| ApiError::bad_input(format!("cannot read the file: {e}")))?;
    if meta.is_dir() {
        return Err(ApiError::bad_input(
            "this is a directory; give the badge files inside it",
        ));
    }
    let limit = MAX_IMPORT_BYTES as u64;
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read one byte past the limit in case the file grew since metadata().
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ApiError::bad_input(format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

fn too_big(len: u64) -> ApiError {
    ApiError::bad_input(format!(
        "the file is {:.1} MB; badge files over {} MB are refused",
        len as f64 / 1_048_576.0,
        MAX_IMPORT_BYTES / 1_048_576
    ))
}

/// The latest badge versions, parsed once and kept until a version is added. Listing the
/// library then costs a fingerprint query instead of parsing every badge body (35 ms at 300).
#[derive(Default)]
pub(crate) struct LibraryCache {
    cached: Mutex<Option<(LibraryFingerprint, Arc<Vec<ListedBadge>>)>>,
}

/// The badges table's row count and largest rowid: it only grows, so a change in either means
/// a version was added.
type LibraryFingerprint = (i64, i64);

/// A badge as the list filters it: the summary shown, the lowercased text searched and the
/// alignment codes.
pub(crate) struct ListedBadge {
    summary: BadgeSummary,
    haystack: String,
    codes: Vec<String>,
}

impl LibraryCache {
    /// Drops what is kept, for when the database itself was replaced (a restore): another
    /// database could have the same fingerprint with other badges.
    pub(crate) fn forget(&self) {
        *self.cached.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    fn current(&self, db: &Db<'_>) -> Result<Arc<Vec<ListedBadge>>, ApiError> {
        let fingerprint = db.badges_fingerprint()?;
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((seen, list)) = cached.as_ref() {
            if *seen == fingerprint {
                return Ok(list.clone());
            }
        }
        let list: Arc<Vec<ListedBadge>> = Arc::new(
            db.latest_badges()?
                .into_iter()
                .map(|s| listed(s.badge))
                .collect(),
        );
        *cached = Some((fingerprint, list.clone()));
        Ok(list)
    }
}

const SEPARATOR: char = '\u{1f}';

/// Joins the texts `Badge::matches` searches, lowercased and separated by U+001F (which no one
/// types), so that a query matches exactly where `matches` would.
fn listed(b: Badge) -> ListedBadge {
    let mut haystack = String::new();
    let texts = b
        .name
        .texts()
        .chain(b.description.texts())
        .chain(b.criteria.iter().flat_map(|c| c.text.texts()))
        .chain(b.alignments.iter().flat_map(|a| a.name.texts()))
        .chain(b.alignments.iter().filter_map(|a| a.code.as_deref()));
    for t in texts {
        haystack.push_str(&t.to_lowercase());
        haystack.push(SEPARATOR);
    }
    let codes = b.alignments.iter().filter_map(|a| a.code.clone()).collect();
    ListedBadge {
        summary: summary(b),
        haystack,
        codes,
    }
}

fn summary(b: Badge) -> BadgeSummary {
    BadgeSummary {
        criteria_count: b.criteria.len() as u32,
        id: b.id,
        version: b.version,
        name: b.name,
        description: b.description,
        source_format: b.source_format,
        alignments: b.alignments,
    }
}

fn version_info(s: &StoredBadge) -> BadgeVersion {
    BadgeVersion {
        version: s.badge.version,
        imported_at: s.imported_at.clone(),
        source_version: s.badge.source_version.clone(),
        criteria_count: s.badge.criteria.len() as u32,
    }
}

#[cfg(test)]
mod tests {
    use crate::dto::ListBadgesRequest;
    use crate::{App, FixedClock};
    use osaava_core::Lang;
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;

    fn app(dir: &tempfile::TempDir) -> App {
        let clock = Arc::new(FixedClock(
            chrono::DateTime::parse_from_rfc3339("2026-03-14T10:00:00Z")
                .unwrap()
                .into(),
        ));
        App::open(dir.path(), clock, "test").unwrap()
    }

    fn ids(app: &App, query: &str, alignment: Option<&str>) -> Vec<String> {
        let req = ListBadgesRequest {
            query: Some(query.into()),
            alignment: alignment.map(Into::into),
        };
        app.list_badges(&req, Lang::Fi)
            .unwrap()
            .into_iter()
            .map(|b| b.id)
            .collect()
    }

    /// The list from parsed badges, the way it was before the cache.
    fn ids_by_parsing(app: &App, query: &str, alignment: Option<&str>) -> Vec<String> {
        let mut badges: Vec<_> = app
            .store()
            .read()
            .latest_badges()
            .unwrap()
            .into_iter()
            .map(|s| s.badge)
            .filter(|b| b.matches(query) && alignment.is_none_or(|a| b.aligned_to(a)))
            .collect();
        badges.sort_by_cached_key(|b| (b.name.show(Lang::Fi).to_lowercase(), b.id.clone()));
        badges.into_iter().map(|b| b.id).collect()
    }

    #[test]
    fn the_cached_list_finds_what_the_badges_themselves_match() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(&dir);
        let queries = [
            "",
            "  ",
            "LÄÄKE",
            "lääkehoito",
            "hand",
            "hygien",
            "107502",
            "ä",
            "zzz",
            "hoito\u{1f}",
        ];
        for q in queries {
            for alignment in [None, Some("107502"), Some(" 106228 "), Some("nothing")] {
                assert_eq!(
                    ids(&app, q, alignment),
                    ids_by_parsing(&app, q, alignment),
                    "query {q:?}, alignment {alignment:?}"
                );
            }
        }
        assert_eq!(ids(&app, "", None).len(), 12, "the starter library");
        assert!(!ids(&app, "lääke", None).is_empty());
    }

    #[test]
    fn an_imported_badge_appears_in_the_next_list() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(&dir);
        assert!(ids(&app, "kuunteleminen", None).is_empty());
        let file = dir.path().join("listening.json");
        let template = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../templates/badges/aseptic-work.json"),
        )
        .unwrap();
        let mut badge: serde_json::Value = serde_json::from_str(&template).unwrap();
        badge["id"] = "osaava-listening".into();
        badge["name"]["fi"] = "Aktiivinen kuunteleminen".into();
        std::fs::write(&file, badge.to_string()).unwrap();
        app.import_badge_files(&[file], &mut |_, _| {}).unwrap();
        assert_eq!(ids(&app, "kuunteleminen", None), ["osaava-listening"]);
        assert_eq!(ids(&app, "", None).len(), 13);
    }

    #[test]
    fn an_import_stopped_after_some_files_stores_none_of_them() {
        let dir = tempfile::tempdir().unwrap();
        let app = app(&dir);
        let template = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../templates/badges/aseptic-work.json"),
        )
        .unwrap();
        let files: Vec<PathBuf> = (0..5)
            .map(|i| {
                let mut badge: serde_json::Value = serde_json::from_str(&template).unwrap();
                badge["id"] = format!("osaava-copy-{i}").into();
                let file = dir.path().join(format!("copy-{i}.json"));
                std::fs::write(&file, badge.to_string()).unwrap();
                file
            })
            .collect();
        let stop = AtomicBool::new(false);
        let mut seen = Vec::new();
        let report = app
            .import_badge_files_until(
                &files,
                &mut |done, total| {
                    seen.push((done, total));
                    if done == 2 {
                        stop.store(true, Ordering::Relaxed);
                    }
                },
                &stop,
            )
            .unwrap();
        assert!(report.is_none(), "stopped");
        assert_eq!(seen, [(1, 5), (2, 5)], "no file read after the stop");
        assert_eq!(ids(&app, "", None).len(), 12, "nothing stored");

        stop.store(false, Ordering::Relaxed);
        let report = app
            .import_badge_files_until(&files, &mut |_, _| {}, &stop)
            .unwrap()
            .expect("not stopped");
        assert_eq!(report.files.len(), 5);
        assert_eq!(ids(&app, "", None).len(), 17);
    }
}
