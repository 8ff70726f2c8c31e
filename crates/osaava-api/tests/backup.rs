//! Backup and restore of a whole data dir: a round trip keeps cases, ratings, evidence bytes and
//! working keys; damaged, cut-short and newer backups are refused with the data dir untouched; a
//! stop leaves no file; a restore keeps the old data dir aside and the open app keeps working.

use osaava_api::core::badge::EvidenceKind;
use osaava_api::core::interview::Rating;
use osaava_api::core::{Lang, Role};
use osaava_api::dto::*;
use osaava_api::{
    inspect_backup, restore_data_dir, App, BackupManifest, BackupProgress, BackupStage, SystemClock,
};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const PASS: &str = "varmuuskopio-testi-2026";
const BADGE: &str = "osaava-memory-disorder-client";
const CRITERION: &str = "adapted-communication";
const LETTER: &[u8] = b"Esihenkilon lausunto: Asa kohtaa asukkaat rauhallisesti.\n";

fn open(dir: &Path) -> App {
    App::open(dir, Arc::new(SystemClock), "test").unwrap()
}

fn person(app: &App, name: &str, role: Role) -> String {
    app.add_person(&AddPersonRequest {
        name: name.into(),
        role,
        email: None,
        title: None,
    })
    .unwrap()
    .id
}

/// A data dir with an organisation, keys, two people, a case with a rating and an evidence file.
fn populated(root: &Path) -> (PathBuf, String) {
    let data = root.join("data");
    let app = open(&data);
    app.set_organisation(&SetOrganisationRequest {
        name: "Hoivakoti Kielo Oy".into(),
        business_id: "0112038-9".into(),
    })
    .unwrap();
    app.init_keys(PASS).unwrap();
    let employee = person(&app, "Åsa Mäkelä-Öhman", Role::Employee);
    let assessor = person(&app, "Sirkka Väänänen", Role::Assessor);
    let case = app
        .open_case(
            &OpenCaseRequest {
                employee,
                badge: BADGE.into(),
                badge_version: None,
                assessor: Some(assessor),
                language: Some(Lang::Fi),
            },
            Lang::Fi,
        )
        .unwrap()
        .id;
    let letter = root.join("lausunto.txt");
    std::fs::write(&letter, LETTER).unwrap();
    app.add_evidence(
        &AddEvidenceRequest {
            case: case.clone(),
            kind: EvidenceKind::ThirdPartyStatement,
            criteria: vec![CRITERION.into()],
            obtained: Some("2026-09-02".into()),
            author: Some("palveluesihenkilö".into()),
            verified: true,
            note: None,
        },
        Some(&letter),
        Lang::Fi,
    )
    .unwrap();
    app.rate(
        &RateRequest {
            case: case.clone(),
            criterion: CRITERION.into(),
            rating: Rating::Meets,
            rationale: Some("Kuvasi tilanteen tarkasti.".into()),
        },
        Lang::Fi,
    )
    .unwrap();
    (data, case)
}

/// Every file under `dir` (relative path → SHA-256), leaving out SQLite's -wal and -shm.
fn listing(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                if rel.ends_with("-wal") || rel.ends_with("-shm") {
                    continue;
                }
                out.insert(rel, hex::encode(Sha256::digest(std::fs::read(&p).unwrap())));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn under(listing: &BTreeMap<String, String>, prefix: &str) -> BTreeMap<String, String> {
    listing
        .iter()
        .filter(|(k, _)| k.starts_with(prefix))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

fn back_up(app: &App, to: &Path) -> (BackupManifest, Vec<BackupProgress>) {
    let mut seen = Vec::new();
    let m = app
        .backup(to, &mut |p| seen.push(p), &AtomicBool::new(false))
        .unwrap()
        .expect("not stopped");
    (m, seen)
}

#[test]
fn a_round_trip_into_a_fresh_dir_keeps_cases_ratings_evidence_and_keys() {
    let root = tempfile::tempdir().unwrap();
    let (data, case) = populated(root.path());
    let app = open(&data);
    let file = root.path().join("osaava-backup-2026-12-04.osaava-backup");
    let (manifest, progress) = back_up(&app, &file);

    assert_eq!(manifest.format, 1);
    assert_eq!(manifest.organisation.as_deref(), Some("Hoivakoti Kielo Oy"));
    assert_eq!(manifest.counts.people, 2);
    assert_eq!(manifest.counts.cases, 1);
    assert_eq!(manifest.counts.ratings, 1);
    assert_eq!(manifest.counts.evidence, 1);
    assert_eq!(manifest.counts.vault_files, 1);
    assert!(manifest.counts.key_files >= 3, "{:?}", manifest.counts);
    assert!(manifest.counts.badges > 0);
    assert_eq!(manifest.members[0].path, "osaava.sqlite3");
    assert!(!manifest.members.iter().any(|m| m.path.ends_with("-wal")));
    // Progress: the database first, bytes growing to the total.
    assert_eq!(progress[0].stage, BackupStage::Database);
    let writing: Vec<_> = progress
        .iter()
        .filter(|p| p.stage == BackupStage::Writing)
        .collect();
    assert!(writing.windows(2).all(|w| w[0].done <= w[1].done));
    assert_eq!(writing.last().unwrap().done, manifest.total_bytes);
    assert_eq!(
        app.last_backup().unwrap(),
        Some(manifest.created_at.clone())
    );
    // Nothing but the backup was left beside it.
    assert_eq!(
        entries(root.path()),
        [
            "data",
            "lausunto.txt",
            "osaava-backup-2026-12-04.osaava-backup"
        ]
    );

    let inspected = inspect_backup(&file, &mut |_| {}, &AtomicBool::new(false))
        .unwrap()
        .unwrap();
    assert_eq!(inspected, manifest);

    let fresh = root.path().join("elsewhere").join("data");
    let report = restore_data_dir(&fresh, &file, &mut |_| {}, &AtomicBool::new(false))
        .unwrap()
        .unwrap();
    assert_eq!(report.previous_data_dir, None);
    let restored = open(&fresh);
    let names = |a: &App| {
        let mut v: Vec<String> = a
            .list_people()
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(&restored), names(&app));
    let before = app.show_case(&CaseRequest { case: case.clone() }).unwrap();
    let after = restored.show_case(&CaseRequest { case }).unwrap();
    assert_eq!(
        serde_json::to_value(&before.ratings).unwrap(),
        serde_json::to_value(&after.ratings).unwrap()
    );
    assert_eq!(
        serde_json::to_value(&before.evidence).unwrap(),
        serde_json::to_value(&after.evidence).unwrap()
    );
    let (old, new) = (listing(&data), listing(&fresh));
    assert_eq!(under(&new, "vault/"), under(&old, "vault/"));
    assert_eq!(under(&new, "keys/"), under(&old, "keys/"));
    let vault_file = under(&new, "vault/").keys().next().unwrap().clone();
    assert_eq!(std::fs::read(fresh.join(vault_file)).unwrap(), LETTER);
    restored
        .unlock_keys(PASS)
        .expect("the restored keys unlock");
    assert!(restored.unlock_keys("väärä tunnuslause").is_err());
    assert_eq!(restored.last_backup().unwrap(), Some(manifest.created_at));
}

#[test]
fn restoring_into_the_open_app_swaps_the_dir_and_keeps_the_old_one_aside() {
    let root = tempfile::tempdir().unwrap();
    let (data, _) = populated(root.path());
    let app = open(&data);
    let file = root.path().join("b.osaava-backup");
    back_up(&app, &file);
    person(&app, "Lisätty Jälkeenpäin", Role::Employee);
    assert_eq!(app.list_people().unwrap().len(), 3);

    let mut stages = Vec::new();
    let report = app
        .restore(
            &file,
            &mut |p| stages.push(p.stage),
            &AtomicBool::new(false),
        )
        .unwrap()
        .unwrap();
    assert!(stages.contains(&BackupStage::Checking));
    assert_eq!(stages.last(), Some(&BackupStage::Replacing));
    // The open app reads the restored database at once.
    let people = app.list_people().unwrap();
    assert_eq!(people.len(), 2);
    assert!(!people.iter().any(|p| p.name == "Lisätty Jälkeenpäin"));
    // The old data dir is kept aside, whole.
    let aside = PathBuf::from(report.previous_data_dir.unwrap());
    assert!(aside
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("data.before-restore-"));
    let old = open(&aside);
    assert!(old
        .list_people()
        .unwrap()
        .iter()
        .any(|p| p.name == "Lisätty Jälkeenpäin"));
    drop(old);
    // And the app keeps working on the restored dir.
    person(&app, "Uusi Henkilö", Role::Employee);
    drop(app);
    assert_eq!(open(&data).list_people().unwrap().len(), 3);
    // No staging dir was left.
    let mut left = entries(root.path());
    left.retain(|n| n.contains("restoring"));
    assert!(left.is_empty(), "{left:?}");
}

/// Asserts that restoring `file` over `data` (no app open) is refused with a message matching
/// `why`, and that the data dir and its parent are exactly as before.
fn refused(data: &Path, file: &Path, why: &str) {
    let before = listing(data);
    let parent_before = entries(data.parent().unwrap());
    let inspected = inspect_backup(file, &mut |_| {}, &AtomicBool::new(false));
    let e = inspected.expect_err("inspect refuses it");
    assert!(e.message.contains(why), "inspect: {}", e.message);
    let e = restore_data_dir(data, file, &mut |_| {}, &AtomicBool::new(false))
        .expect_err("restore refuses it");
    assert!(e.message.contains(why), "restore: {}", e.message);
    assert_eq!(listing(data), before, "the data dir changed");
    assert_eq!(entries(data.parent().unwrap()), parent_before);
}

#[test]
fn damaged_and_cut_short_backups_are_refused_and_change_nothing() {
    let root = tempfile::tempdir().unwrap();
    let (data, _) = populated(root.path());
    let file = root.path().join("good.osaava-backup");
    back_up(&open(&data), &file);
    let bytes = std::fs::read(&file).unwrap();

    // One byte of the evidence file's content changed.
    let at = bytes
        .windows(LETTER.len())
        .position(|w| w == LETTER)
        .expect("the letter is stored as is");
    let mut flipped = bytes.clone();
    flipped[at + 3] ^= 0x01;
    let damaged = root.path().join("flipped.osaava-backup");
    std::fs::write(&damaged, &flipped).unwrap();
    refused(&data, &damaged, "does not match its checksum");

    // One byte of the database changed (inside its first page, past the header).
    let mut db_flipped = bytes.clone();
    db_flipped[512 + 2000] ^= 0x40;
    let damaged_db = root.path().join("db-flipped.osaava-backup");
    std::fs::write(&damaged_db, &db_flipped).unwrap();
    refused(&data, &damaged_db, "does not match its checksum");

    // Cut short: half, and just before the manifest's end.
    for (name, len) in [("half", bytes.len() / 2), ("short", bytes.len() - 1500)] {
        let cut = root.path().join(format!("{name}.osaava-backup"));
        std::fs::write(&cut, &bytes[..len]).unwrap();
        refused(&data, &cut, "backup cannot be used");
    }

    // Not a backup at all.
    let junk = root.path().join("junk.osaava-backup");
    std::fs::write(&junk, b"not a backup").unwrap();
    refused(&data, &junk, "backup cannot be used");
}

/// Rewrites a backup with its database changed by `change` (hashes and manifest made to match,
/// with the manifest's schema set to `manifest_schema`).
fn rewritten(
    file: &Path,
    to: &Path,
    change: impl Fn(&rusqlite::Connection),
    manifest_schema: Option<i64>,
) {
    let scratch = tempfile::tempdir().unwrap();
    let mut archive = tar::Archive::new(std::fs::File::open(file).unwrap());
    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    for e in archive.entries().unwrap() {
        let mut e = e.unwrap();
        let name = e.path().unwrap().display().to_string();
        let mut b = Vec::new();
        e.read_to_end(&mut b).unwrap();
        members.push((name, b));
    }
    let (_, manifest_bytes) = members.pop().unwrap();
    let mut manifest: serde_json::Value = serde_json::from_slice(&manifest_bytes).unwrap();
    let db = scratch.path().join("db.sqlite3");
    std::fs::write(&db, &members[0].1).unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        change(&conn);
    }
    members[0].1 = std::fs::read(&db).unwrap();
    manifest["members"][0]["size"] = members[0].1.len().into();
    manifest["members"][0]["sha256"] = hex::encode(Sha256::digest(&members[0].1)).into();
    if let Some(s) = manifest_schema {
        manifest["schema_version"] = s.into();
    }
    let mut out = tar::Builder::new(std::fs::File::create(to).unwrap());
    members.push((
        "MANIFEST.json".into(),
        serde_json::to_vec(&manifest).unwrap(),
    ));
    for (name, b) in &members {
        let mut h = tar::Header::new_ustar();
        h.set_size(b.len() as u64);
        h.set_mode(0o600);
        out.append_data(&mut h, name, b.as_slice()).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn a_backup_from_a_newer_schema_is_refused_and_changes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let (data, _) = populated(root.path());
    let file = root.path().join("good.osaava-backup");
    back_up(&open(&data), &file);
    let future = |c: &rusqlite::Connection| {
        c.execute(
            "INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    };
    // The manifest says so.
    let newer = root.path().join("newer.osaava-backup");
    rewritten(&file, &newer, future, Some(999));
    refused(&data, &newer, "newer Osaava");
    // The manifest hides it, the database does not.
    let hidden = root.path().join("hidden.osaava-backup");
    rewritten(&file, &hidden, future, None);
    refused(&data, &hidden, "newer version of Osaava");
    // A database SQLite finds damaged, with matching hashes.
    let broken = root.path().join("broken.osaava-backup");
    rewritten(
        &file,
        &broken,
        |c| {
            c.execute_batch(
                "PRAGMA writable_schema = ON; UPDATE sqlite_master SET rootpage = 99999 WHERE name = 'people'; PRAGMA writable_schema = OFF;",
            )
            .unwrap();
        },
        None,
    );
    refused(&data, &broken, "cannot be restored");
    // The untouched one still restores.
    restore_data_dir(&data, &file, &mut |_| {}, &AtomicBool::new(false))
        .unwrap()
        .unwrap();
}

#[test]
fn a_stopped_backup_leaves_no_file_and_a_stopped_restore_changes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let (data, _) = populated(root.path());
    let app = open(&data);
    let out = root.path().join("out");
    std::fs::create_dir(&out).unwrap();

    // Stopped before it starts, during the database copy, and after the first file.
    for stop_at in [
        None,
        Some(BackupStage::Database),
        Some(BackupStage::Writing),
    ] {
        let file = out.join("b.osaava-backup");
        let stop = AtomicBool::new(stop_at.is_none());
        let r = app
            .backup(
                &file,
                &mut |p| {
                    if Some(p.stage) == stop_at {
                        stop.store(true, Ordering::Relaxed)
                    }
                },
                &stop,
            )
            .unwrap();
        assert!(r.is_none(), "stopped at {stop_at:?}");
        assert!(entries(&out).is_empty(), "{:?}", entries(&out));
    }
    assert_eq!(app.last_backup().unwrap(), None);

    // An older backup at the same name stays as it was.
    let file = out.join("b.osaava-backup");
    back_up(&app, &file);
    let old = std::fs::read(&file).unwrap();
    let stop = AtomicBool::new(false);
    let r = app
        .backup(
            &file,
            &mut |p| {
                if p.stage == BackupStage::Writing {
                    stop.store(true, Ordering::Relaxed)
                }
            },
            &stop,
        )
        .unwrap();
    assert!(r.is_none());
    assert_eq!(std::fs::read(&file).unwrap(), old);
    assert_eq!(entries(&out), ["b.osaava-backup"]);

    // A restore stopped while checking changes nothing and leaves no staging dir.
    person(&app, "Ei Varmuuskopiossa", Role::Employee);
    let before = entries(root.path());
    let stop = AtomicBool::new(false);
    let r = app
        .restore(
            &file,
            &mut |p| {
                if p.stage == BackupStage::Checking {
                    stop.store(true, Ordering::Relaxed)
                }
            },
            &stop,
        )
        .unwrap();
    assert!(r.is_none());
    assert_eq!(entries(root.path()), before);
    assert!(app
        .list_people()
        .unwrap()
        .iter()
        .any(|p| p.name == "Ei Varmuuskopiossa"));
}

#[test]
fn a_backup_inside_the_data_dir_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let app = open(&data);
    std::fs::create_dir_all(data.join("sub")).unwrap();
    let e = app
        .backup(
            &data.join("sub").join("b.osaava-backup"),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap_err();
    assert!(e.message.contains("inside the data dir"), "{}", e.message);
}

#[test]
fn after_a_restore_the_audit_names_whom_the_restored_profile_names() {
    let root = tempfile::tempdir().unwrap();
    let (data, _) = populated(root.path());
    let app = open(&data).attribute_to_profile().unwrap();
    let file = root.path().join("profile.osaava-backup");
    back_up(&app, &file);
    let people = app.list_people().unwrap();
    let id_of = |role: Role| people.iter().find(|p| p.role == role).unwrap().id.clone();
    let (employee, assessor) = (id_of(Role::Employee), id_of(Role::Assessor));
    let last_actor = |app: &App| {
        let case = app
            .open_case(
                &OpenCaseRequest {
                    employee: employee.clone(),
                    badge: BADGE.into(),
                    badge_version: None,
                    assessor: Some(assessor.clone()),
                    language: Some(Lang::Fi),
                },
                Lang::Fi,
            )
            .unwrap()
            .id;
        let detail = app.show_case(&CaseRequest { case }).unwrap();
        detail.audit.last().unwrap().actor.clone()
    };
    app.set_profile(&SetProfileRequest {
        role: Role::Assessor,
        person: Some(assessor.clone()),
    })
    .unwrap();
    assert_eq!(last_actor(&app), format!("Sirkka Väänänen ({assessor})"));
    app.restore(&file, &mut |_| {}, &AtomicBool::new(false))
        .unwrap()
        .unwrap();
    assert!(
        app.profile().unwrap().person.is_none(),
        "the backup had no profile"
    );
    assert_eq!(
        last_actor(&app),
        "test",
        "not the person of the replaced data"
    );
}
