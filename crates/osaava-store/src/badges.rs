use crate::{Db, Result, StoreError};
use osaava_core::Badge;
use rusqlite::OptionalExtension;

/// A badge version as stored, with when it was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBadge {
    pub badge: Badge,
    pub imported_at: String,
}

impl Db<'_> {
    pub fn insert_badge(&self, badge: &Badge, imported_at: &str) -> Result<()> {
        let body = serde_json::to_string(badge).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.conn.execute(
            "INSERT INTO badges (id, version, content_hash, source_format, source_version, body, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            (
                &badge.id,
                badge.version,
                badge.content_hash(),
                badge.source_format.code(),
                &badge.source_version,
                body,
                imported_at,
            ),
        )?;
        Ok(())
    }

    /// `(version, content_hash)` of every stored version of `id`.
    pub fn badge_hashes(&self, id: &str) -> Result<Vec<(u32, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT version, content_hash FROM badges WHERE id = ?1 ORDER BY version")?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// One version of a badge, or its latest when `version` is None.
    pub fn badge(&self, id: &str, version: Option<u32>) -> Result<Option<StoredBadge>> {
        let row: Option<(String, String)> = match version {
            Some(v) => self
                .conn
                .query_row("SELECT body, imported_at FROM badges WHERE id = ?1 AND version = ?2", (id, v), |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?,
            None => self
                .conn
                .query_row(
                    "SELECT body, imported_at FROM badges WHERE id = ?1 ORDER BY version DESC LIMIT 1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?,
        };
        row.map(|(body, at)| decode(&body, at)).transpose()
    }

    /// Every version of a badge, oldest first.
    pub fn badge_versions(&self, id: &str) -> Result<Vec<StoredBadge>> {
        self.decode_rows(
            "SELECT body, imported_at FROM badges WHERE id = ?1 ORDER BY version",
            [id],
        )
    }

    /// The latest version of every badge.
    pub fn latest_badges(&self) -> Result<Vec<StoredBadge>> {
        self.decode_rows(
            "SELECT b.body, b.imported_at FROM badges b
             WHERE b.version = (SELECT MAX(version) FROM badges WHERE id = b.id) ORDER BY b.id",
            [],
        )
    }

    /// Changes whenever a badge version is added. Versions are never changed (trigger) nor
    /// deleted by the app, so the row count and the largest rowid identify the table's content.
    pub fn badges_fingerprint(&self) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM badges",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    pub fn badge_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(DISTINCT id) FROM badges", [], |r| r.get(0))?)
    }

    fn decode_rows(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<StoredBadge>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(params, |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            let (body, at) = row?;
            decode(&body, at)
        })
        .collect()
    }
}

fn decode(body: &str, imported_at: String) -> Result<StoredBadge> {
    let badge = serde_json::from_str(body)
        .map_err(|e| StoreError::Corrupt(format!("a stored badge: {e}")))?;
    Ok(StoredBadge { badge, imported_at })
}
