//! Issued statements and revocations. Both are append-only (triggers in migration 4).

use crate::{Db, Result};
use rusqlite::OptionalExtension;

/// An issued statement as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementRow {
    pub id: String,
    pub case_id: String,
    pub issued_at: String,
    pub issued_by: String,
    pub language: String,
    pub supersedes: Option<String>,
    pub statement_json: String,
    pub credential_json: String,
    pub pdf_sha256: String,
    /// The statement that replaced this one, if it was reissued.
    pub superseded_by: Option<String>,
    pub revocation: Option<RevocationRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RevocationRow {
    pub statement_id: String,
    pub revoked_at: String,
    pub revoked_by: String,
    pub reason: String,
}

/// What a new statement row holds; `superseded_by` and revocation come later, from other rows.
pub struct NewStatement<'a> {
    pub id: &'a str,
    pub case_id: &'a str,
    pub issued_at: &'a str,
    pub issued_by: &'a str,
    pub language: &'a str,
    pub supersedes: Option<&'a str>,
    pub statement_json: &'a str,
    pub credential_json: &'a str,
    pub pdf_sha256: &'a str,
}

const SELECT_STATEMENT: &str =
    "SELECT s.id, s.case_id, s.issued_at, s.issued_by, s.language, s.supersedes,
        s.statement_json, s.credential_json, s.pdf_sha256,
        (SELECT n.id FROM statements n WHERE n.supersedes = s.id),
        r.statement_id, r.revoked_at, r.revoked_by, r.reason
     FROM statements s LEFT JOIN statement_revocations r ON r.statement_id = s.id";

fn statement_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StatementRow> {
    let revoked_id: Option<String> = r.get(10)?;
    let revocation = match revoked_id {
        Some(statement_id) => Some(RevocationRow {
            statement_id,
            revoked_at: r.get(11)?,
            revoked_by: r.get(12)?,
            reason: r.get(13)?,
        }),
        None => None,
    };
    Ok(StatementRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        issued_at: r.get(2)?,
        issued_by: r.get(3)?,
        language: r.get(4)?,
        supersedes: r.get(5)?,
        statement_json: r.get(6)?,
        credential_json: r.get(7)?,
        pdf_sha256: r.get(8)?,
        superseded_by: r.get(9)?,
        revocation,
    })
}

impl Db<'_> {
    pub fn insert_statement(&self, s: &NewStatement<'_>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO statements (id, case_id, issued_at, issued_by, language, supersedes,
                 statement_json, credential_json, pdf_sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            rusqlite::params![
                s.id,
                s.case_id,
                s.issued_at,
                s.issued_by,
                s.language,
                s.supersedes,
                s.statement_json,
                s.credential_json,
                s.pdf_sha256
            ],
        )?;
        Ok(())
    }

    pub fn statement(&self, id: &str) -> Result<Option<StatementRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("{SELECT_STATEMENT} WHERE s.id = ?1"),
                [id],
                statement_row,
            )
            .optional()?)
    }

    /// The statements of a case, newest first.
    pub fn statements_of_case(&self, case_id: &str) -> Result<Vec<StatementRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT_STATEMENT} WHERE s.case_id = ?1 ORDER BY s.issued_at DESC, s.id DESC"
        ))?;
        let rows = stmt.query_map([case_id], statement_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The ids of every statement issued in this data dir.
    pub fn statement_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT id FROM statements")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn revoke_statement(&self, revocation: &RevocationRow) -> Result<()> {
        self.conn.execute(
            "INSERT INTO statement_revocations (statement_id, revoked_at, revoked_by, reason) VALUES (?1, ?2, ?3, ?4)",
            (&revocation.statement_id, &revocation.revoked_at, &revocation.revoked_by, &revocation.reason),
        )?;
        Ok(())
    }

    /// Every revoked statement, oldest revocation first.
    pub fn revocations(&self) -> Result<Vec<RevocationRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT statement_id, revoked_at, revoked_by, reason FROM statement_revocations ORDER BY revoked_at, statement_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(RevocationRow {
                statement_id: r.get(0)?,
                revoked_at: r.get(1)?,
                revoked_by: r.get(2)?,
                reason: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every (superseded, superseding) pair, oldest first.
    pub fn supersessions(&self) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT supersedes, id, issued_at FROM statements WHERE supersedes IS NOT NULL ORDER BY issued_at, id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Db<'_> {
    /// Decided cases without any statement, in the order they were last changed.
    pub fn decided_cases_without_statement(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id FROM cases c WHERE c.state = 'decided'
             AND NOT EXISTS (SELECT 1 FROM statements s WHERE s.case_id = c.id)
             ORDER BY c.updated_at, c.id",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
