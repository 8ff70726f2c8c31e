//! Embedded migrations, applied in one transaction each and recorded in `schema_migrations`.

use crate::{Result, StoreError};
use rusqlite::Connection;

/// (version, name, SQL). Append only; never edit a released migration.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "initial", include_str!("migrations/0001_initial.sql")),
    (2, "cases", include_str!("migrations/0002_cases.sql")),
    // 3 is reserved for the scale indexes (osaava-bench).
    (
        4,
        "statements",
        include_str!("migrations/0004_statements.sql"),
    ),
];

pub const LATEST_SCHEMA: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub(crate) fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?)
}

pub(crate) fn apply(conn: &mut Connection, path: &str) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TEXT NOT NULL
         )",
    )?;
    let found = current_version(conn)?;
    if found > LATEST_SCHEMA {
        return Err(StoreError::NewerSchema {
            path: path.to_string(),
            found,
            supported: LATEST_SCHEMA,
        });
    }
    for (version, name, sql) in MIGRATIONS.iter().filter(|(v, _, _)| *v > found) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at)
             VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (version, name),
        )?;
        tx.commit()?;
    }
    Ok(())
}
