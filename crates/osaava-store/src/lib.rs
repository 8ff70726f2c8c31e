//! Osaava's local store: one SQLite file, WAL, foreign keys, embedded migrations.
//!
//! The only crate that speaks SQL. Callers get typed queries on [`Db`], inside a
//! read ([`Store::read`]) or one transaction per user action ([`Store::write`]).

mod backup;
mod badges;
mod cases;
mod migrate;
mod people;
mod settings;
mod statements;
mod vault;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::Path;

pub use backup::{check_database, snapshot_database, DatabaseFacts};
pub use badges::StoredBadge;
pub use cases::{CaseFilter, CaseRow, NoteRow, RatingRow};
pub use migrate::{LATEST_SCHEMA, MIGRATIONS};
pub use statements::{NewStatement, RevocationRow, StatementRow};
pub use vault::{Vault, VaultError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the database {path} was written by a newer version of Osaava (schema {found}; this version knows up to {supported}). Update Osaava to open it"
    )]
    NewerSchema {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("the database {path} cannot be opened: {reason}")]
    Open { path: String, reason: String },
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub struct Store {
    conn: Connection,
    path: String,
}

/// Queries over one connection or transaction.
pub struct Db<'a> {
    conn: &'a Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::Open {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        Store::configure(conn, shown)
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::configure(Connection::open_in_memory()?, ":memory:".into())
    }

    fn configure(conn: Connection, path: String) -> Result<Store> {
        // A file that is not SQLite fails on the first statement; say so with the path.
        let not_a_db = |e: rusqlite::Error| StoreError::Open {
            path: path.clone(),
            reason: e.to_string(),
        };
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(not_a_db)?;
        // FULL: a write acknowledged after commit survives a power cut, not only a crash.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let mut store = Store { conn, path };
        migrate::apply(&mut store.conn, &store.path)?;
        Ok(store)
    }

    pub fn read(&self) -> Db<'_> {
        Db { conn: &self.conn }
    }

    /// Runs `f` in one transaction: committed when it returns Ok, rolled back otherwise.
    pub fn write<T, E>(
        &mut self,
        f: impl FnOnce(&Db<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = f(&Db { conn: &tx })?;
        tx.commit().map_err(StoreError::from)?;
        Ok(value)
    }

    pub fn schema_version(&self) -> Result<i64> {
        migrate::current_version(&self.conn)
    }
}

impl Db<'_> {
    /// Appends to the audit trail.
    pub fn audit(
        &self,
        at: &str,
        actor: &str,
        action: &str,
        subject: &str,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO audit_log (at, actor, action, subject, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (at, actor, action, subject, old, new),
        )?;
        Ok(())
    }

    /// The audit entries about `subject`, oldest first: (at, actor, action, old, new).
    pub fn audit_trail(&self, subject: &str) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT at, actor, action, subject, old_value, new_value FROM audit_log WHERE subject = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([subject], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                subject: r.get(3)?,
                old_value: r.get(4)?,
                new_value: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}
