//! Embedded migrations, applied in one transaction each and recorded in `schema_migrations`.

use crate::{Result, StoreError};
use rusqlite::Connection;

/// (version, name, SQL). Append only; never edit a released migration.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "initial", include_str!("migrations/0001_initial.sql")),
    (2, "cases", include_str!("migrations/0002_cases.sql")),
    (
        3,
        "scale_indexes",
        include_str!("migrations/0003_scale_indexes.sql"),
    ),
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
    // Every migration not yet recorded, in order: schema 3 was added after schema 4, so a
    // database may have 4 without 3.
    let applied: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT version FROM schema_migrations")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for (version, name, sql) in MIGRATIONS.iter().filter(|(v, _, _)| !applied.contains(v)) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        after_sql(&tx, *version)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at)
             VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (version, name),
        )?;
        tx.commit()?;
    }
    Ok(())
}

/// What a migration needs beyond its SQL, in the same transaction.
fn after_sql(conn: &Connection, version: i64) -> Result<()> {
    if version == 3 {
        // The search words are folded by Rust's Unicode lower case, which SQL's lower() is not.
        crate::people::index_all_search_words(conn)?;
    }
    Ok(())
}
