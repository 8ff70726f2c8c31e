//! The store against real SQLite files in a temporary directory.

use osaava_core::{
    Badge, BusinessId, Criterion, EvidenceRequirement, LocalizedText, Organisation, Person, Role,
    SourceFormat,
};
use osaava_store::{Store, StoreError, LATEST_SCHEMA, MIGRATIONS};

fn badge(id: &str, version: u32, criterion: &str) -> Badge {
    Badge {
        id: id.into(),
        version,
        source_version: None,
        name: LocalizedText::new("Ensiapu", "Första hjälpen", "First aid"),
        description: LocalizedText::default(),
        issuer: None,
        criteria: vec![Criterion {
            id: "c1".into(),
            text: LocalizedText::new(criterion, "", ""),
            guidance: LocalizedText::default(),
            key_points: vec![],
            mandatory: true,
            evidence: EvidenceRequirement::default(),
        }],
        alignments: vec![],
        evidence_currency_years: 5,
        validity_years: None,
        source_format: SourceFormat::OsaavaTemplate,
        image: None,
    }
}

const AT: &str = "2026-11-24T10:00:00Z";

#[test]
fn badges_survive_reopening_and_keep_old_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("osaava.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        store
            .write(|db| {
                db.insert_badge(&badge("first-aid", 1, "Tunnistaa hätätilanteen"), AT)?;
                db.insert_badge(
                    &badge("first-aid", 2, "Tunnistaa hätätilanteen ja soittaa 112"),
                    AT,
                )
            })
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let db = store.read();
    assert_eq!(db.badge_versions("first-aid").unwrap().len(), 2);
    let latest = db.badge("first-aid", None).unwrap().unwrap();
    assert_eq!(latest.badge.version, 2);
    let old = db.badge("first-aid", Some(1)).unwrap().unwrap();
    assert_eq!(
        old.badge.criteria[0].text.show(osaava_core::Lang::Fi),
        "Tunnistaa hätätilanteen"
    );
    assert_eq!(db.latest_badges().unwrap().len(), 1);
    assert_eq!(db.badge_hashes("first-aid").unwrap().len(), 2);
}

#[test]
fn a_failed_action_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    let result: Result<(), StoreError> = store.write(|db| {
        db.insert_badge(&badge("a", 1, "x"), AT)?;
        db.insert_badge(&badge("a", 1, "x"), AT) // same primary key: fails
    });
    assert!(result.is_err());
    assert_eq!(store.read().badge_count().unwrap(), 0);
}

#[test]
fn stored_badge_versions_and_the_audit_trail_cannot_be_edited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let mut store = Store::open(&path).unwrap();
    store
        .write(|db| {
            db.insert_badge(&badge("a", 1, "x"), AT)?;
            db.audit(AT, "tester", "badge.import", "badge:a", None, Some("1"))
        })
        .unwrap();
    drop(store);
    // Reach under the API on purpose: the database itself must refuse.
    let raw = rusqlite::Connection::open(&path).unwrap();
    let err = raw
        .execute("UPDATE badges SET body = '{}'", [])
        .unwrap_err();
    assert!(err.to_string().contains("cannot be changed"), "{err}");
    let err = raw.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(
        err.to_string().contains("audit trail cannot be edited"),
        "{err}"
    );
    let err = raw
        .execute("UPDATE audit_log SET actor = 'someone else'", [])
        .unwrap_err();
    assert!(
        err.to_string().contains("audit trail cannot be edited"),
        "{err}"
    );
}

#[test]
fn refuses_a_database_from_a_newer_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("osaava.sqlite3");
    drop(Store::open(&path).unwrap());
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, 'future', '2030-01-01T00:00:00Z')",
        [LATEST_SCHEMA + 1],
    )
    .unwrap();
    drop(raw);
    let err = Store::open(&path).err().expect("must refuse");
    let msg = err.to_string();
    assert!(matches!(err, StoreError::NewerSchema { .. }));
    assert!(
        msg.contains("newer version of Osaava") && msg.contains("Update Osaava"),
        "{msg}"
    );
}

#[test]
fn migrations_are_recorded_once_and_wal_is_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("osaava.sqlite3");
    drop(Store::open(&path).unwrap());
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA);
    let raw = rusqlite::Connection::open(&path).unwrap();
    let n: i64 = raw
        .query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, MIGRATIONS.len() as i64);
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("osaava.sqlite3");
    std::fs::write(
        &path,
        b"this is a note, not a database, and it is long enough to matter",
    )
    .unwrap();
    let msg = Store::open(&path).err().expect("must refuse").to_string();
    assert!(msg.contains("osaava.sqlite3"), "{msg}");
}

#[test]
fn people_organisation_and_settings_round_trip() {
    let mut store = Store::open_in_memory().unwrap();
    let aino = Person {
        id: "p1".into(),
        name: "Aino Åkerlund-Mäkelä".into(),
        role: Role::Assessor,
        email: Some("aino@hoiva.fi".into()),
        title: Some("sairaanhoitaja".into()),
    };
    let org = Organisation {
        name: "Hoivakoti Kotikallio".into(),
        business_id: BusinessId::parse("0112038-9").unwrap(),
    };
    store
        .write(|db| {
            db.insert_person(&aino, AT)?;
            db.set_organisation(&org, AT)?;
            db.set_setting("language", "sv")
        })
        .unwrap();
    let db = store.read();
    assert_eq!(db.people().unwrap(), vec![aino.clone()]);
    assert_eq!(db.person("p1").unwrap(), Some(aino));
    assert_eq!(db.organisation().unwrap(), Some(org));
    assert_eq!(db.setting("language").unwrap().as_deref(), Some("sv"));
    assert_eq!(db.setting("missing").unwrap(), None);
}
