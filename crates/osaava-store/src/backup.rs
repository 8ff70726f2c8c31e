//! The database's part of a backup: a consistent copy taken while the app runs, and the checks a
//! copy must pass before it may replace the live database.
//!
//! The copy is made with `VACUUM INTO` through a connection of its own: it reads one snapshot
//! (a WAL reader blocks no writer), so the app keeps working while it runs, and the copy is a
//! compact file with no `-wal` beside it. A live WAL database file is never copied byte by byte.

use crate::{migrate, Result, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// What a database copy holds, as a backup's manifest tells it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatabaseFacts {
    /// The highest schema migration recorded.
    pub schema_version: i64,
    /// The organisation's name, when one is set.
    pub organisation: Option<String>,
    /// (what, how many): people, badges, cases, ratings, evidence, statements.
    pub counts: Vec<(&'static str, i64)>,
}

/// Rows counted for a backup's manifest, by table.
const COUNTED: &[(&str, &str)] = &[
    ("people", "SELECT COUNT(*) FROM people"),
    ("badges", "SELECT COUNT(DISTINCT id) FROM badges"),
    ("cases", "SELECT COUNT(*) FROM cases"),
    ("ratings", "SELECT COUNT(*) FROM ratings"),
    ("evidence", "SELECT COUNT(*) FROM evidence"),
    ("statements", "SELECT COUNT(*) FROM statements"),
];

/// Writes a consistent copy of the database at `src` to `dest` (which must not exist), in
/// rollback-journal mode so that it is one self-contained file. Returns `Ok(false)`, with no
/// file left at `dest`, when `stop` was set before the copy finished.
pub fn snapshot_database(src: &Path, dest: &Path, stop: &AtomicBool) -> Result<bool> {
    let shown = src.display().to_string();
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(src, flags).map_err(|e| StoreError::Open {
        path: shown,
        reason: e.to_string(),
    })?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // A cancel interrupts a long VACUUM INTO from a watcher thread.
    let interrupt = conn.get_interrupt_handle();
    let finished = AtomicBool::new(false);
    let copied = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !finished.load(Ordering::Relaxed) {
                if stop.load(Ordering::Relaxed) {
                    interrupt.interrupt();
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        let result = conn.execute("VACUUM INTO ?1", [dest.to_string_lossy().as_ref()]);
        finished.store(true, Ordering::Relaxed);
        result
    });
    drop(conn);
    if stop.load(Ordering::Relaxed) {
        let _ = std::fs::remove_file(dest);
        return Ok(false);
    }
    if let Err(e) = copied {
        let _ = std::fs::remove_file(dest);
        return Err(e.into());
    }
    let copy = Connection::open_with_flags(dest, flags)?;
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    drop(copy);
    Ok(true)
}

/// Checks a database copy that is about to be restored or was just read from a backup:
/// `PRAGMA integrity_check`, then the facts. Errors with `Corrupt` when SQLite finds damage, and
/// with `NewerSchema` when the copy was written by a newer Osaava. The file is not migrated.
pub fn check_database(path: &Path) -> Result<DatabaseFacts> {
    let shown = path.display().to_string();
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::Open {
        path: shown.clone(),
        reason: e.to_string(),
    })?;
    let not_a_db = |e: rusqlite::Error| StoreError::Open {
        path: shown.clone(),
        reason: e.to_string(),
    };
    let problems: Vec<String> = {
        let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(not_a_db)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<rusqlite::Result<_>>().map_err(not_a_db)?
    };
    if problems != ["ok"] {
        let shown_problems: Vec<&str> = problems.iter().take(5).map(String::as_str).collect();
        return Err(StoreError::Corrupt(format!(
            "the database in the backup fails SQLite's integrity check: {}",
            shown_problems.join("; ")
        )));
    }
    let has_migrations: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
        [],
        |r| r.get(0),
    )?;
    if !has_migrations {
        return Err(StoreError::Corrupt(
            "the database in the backup is not an Osaava database (no schema_migrations)".into(),
        ));
    }
    let schema_version = migrate::current_version(&conn)?;
    if schema_version > migrate::LATEST_SCHEMA {
        return Err(StoreError::NewerSchema {
            path: shown,
            found: schema_version,
            supported: migrate::LATEST_SCHEMA,
        });
    }
    let has_table = |name: &str| -> Result<bool> {
        Ok(conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [name],
            |r| r.get(0),
        )?)
    };
    let mut counts = Vec::new();
    for (what, sql) in COUNTED {
        // An older schema may not have every table yet (statements came with schema 4).
        let n = if has_table(what)? {
            conn.query_row(sql, [], |r| r.get(0))?
        } else {
            0
        };
        counts.push((*what, n));
    }
    let organisation = if has_table("organisation")? {
        conn.query_row("SELECT name FROM organisation WHERE id = 1", [], |r| {
            r.get(0)
        })
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?
    } else {
        None
    };
    Ok(DatabaseFacts {
        schema_version,
        organisation,
        counts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    #[test]
    fn a_snapshot_of_a_live_wal_database_holds_its_committed_rows() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("live.sqlite3");
        let mut store = Store::open(&db).unwrap();
        store
            .write(|d| d.set_setting("k", "v"))
            .map_err(|e: StoreError| e)
            .unwrap();
        let copy = dir.path().join("copy.sqlite3");
        assert!(snapshot_database(&db, &copy, &AtomicBool::new(false)).unwrap());
        assert!(!dir.path().join("copy.sqlite3-wal").exists());
        let facts = check_database(&copy).unwrap();
        assert_eq!(facts.schema_version, migrate::LATEST_SCHEMA);
        let reopened = Store::open(&copy).unwrap();
        assert_eq!(reopened.read().setting("k").unwrap().as_deref(), Some("v"));
    }

    #[test]
    fn a_stopped_snapshot_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("live.sqlite3");
        Store::open(&db).unwrap();
        let copy = dir.path().join("copy.sqlite3");
        assert!(!snapshot_database(&db, &copy, &AtomicBool::new(true)).unwrap());
        assert!(!copy.exists());
    }

    #[test]
    fn a_newer_schema_and_a_damaged_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("live.sqlite3");
        drop(Store::open(&db).unwrap());
        let conn = Connection::open(&db).unwrap();
        conn.execute(
            "INSERT INTO schema_migrations VALUES (999, 'future', 'x')",
            [],
        )
        .unwrap();
        drop(conn);
        assert!(matches!(
            check_database(&db),
            Err(StoreError::NewerSchema { found: 999, .. })
        ));
        let junk = dir.path().join("junk.sqlite3");
        std::fs::write(&junk, b"this is not a database at all, not even close").unwrap();
        assert!(check_database(&junk).is_err());
    }
}
