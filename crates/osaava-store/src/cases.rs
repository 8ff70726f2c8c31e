//! Cases and what is recorded in them: self-assessment, notes, ratings, evidence, learning path.

use crate::{Db, Result, StoreError};
use osaava_core::case::Case;
use osaava_core::evidence::Evidence;
use osaava_core::interview::{CriterionRating, Rating};
use osaava_core::selfassess::{SelfAssessmentEntry, SelfLevel};
use osaava_core::LocalizedText;
use rusqlite::OptionalExtension;

/// One line of the case list, joined with the people it names and its badge version's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub case: Case,
    pub employee_name: String,
    pub assessor_name: Option<String>,
    pub badge_name: LocalizedText,
    pub updated_at: String,
}

/// Which cases a list page shows; every field that is set must hold.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter<'a> {
    pub state: Option<&'a str>,
    pub employee_id: Option<&'a str>,
    pub assessor_id: Option<&'a str>,
    /// Leave out decided and withdrawn cases.
    pub open_only: bool,
}

/// A stored interview note with who wrote it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRow {
    pub criterion: String,
    pub text: String,
    pub author: String,
    pub written_at: String,
}

/// A stored rating with who rated and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingRow {
    pub rating: CriterionRating,
    pub rated_by: String,
    pub rated_at: String,
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

impl Db<'_> {
    pub fn insert_case(&self, case: &Case, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO cases (id, employee_id, assessor_id, badge_id, badge_version, state, body, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            (
                &case.id,
                &case.employee_id,
                &case.assessor_id,
                &case.badge_id,
                case.badge_version,
                case.state.code(),
                json(case)?,
                now,
            ),
        )?;
        Ok(())
    }

    /// Saves a changed case; its badge and employee never change.
    pub fn update_case(&self, case: &Case, now: &str) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE cases SET assessor_id = ?2, state = ?3, body = ?4, updated_at = ?5 WHERE id = ?1",
            (&case.id, &case.assessor_id, case.state.code(), json(case)?, now),
        )?;
        if n != 1 {
            return Err(StoreError::Corrupt(format!(
                "case {} vanished while it was being saved",
                case.id
            )));
        }
        Ok(())
    }

    /// Marks a case as changed (a note or evidence added) without changing its record.
    pub fn touch_case(&self, case_id: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE cases SET updated_at = ?2 WHERE id = ?1",
            (case_id, now),
        )?;
        Ok(())
    }

    pub fn case(&self, id: &str) -> Result<Option<Case>> {
        let body: Option<String> = self
            .conn
            .query_row("SELECT body FROM cases WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        body.map(|b| parse("a stored case", &b)).transpose()
    }

    /// A page of cases, most recently changed first.
    ///
    /// The page is chosen first from an index alone (`cases_by_updated`, or `cases_page_by_*` for
    /// a filter, each ending in `updated_at DESC, id`), so the rows an OFFSET skips are never read
    /// from the table; only the page's own rows are then joined with their people and badge name
    /// (from `badge_names`, not the badge's body).
    /// Each combination of filters is its own statement, so SQLite can pick the index for it.
    pub fn case_rows(
        &self,
        filter: &CaseFilter<'_>,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<CaseRow>> {
        let mut conditions = Vec::new();
        if filter.state.is_some() {
            conditions.push("state = :state");
        }
        if filter.employee_id.is_some() {
            conditions.push("employee_id = :employee");
        }
        if filter.assessor_id.is_some() {
            conditions.push("assessor_id = :assessor");
        }
        if filter.open_only {
            conditions.push("state NOT IN ('decided', 'withdrawn')");
        }
        let filter_sql = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT c.body, e.name, a.name, n.name, c.updated_at
             FROM (SELECT id FROM cases {filter_sql}
                   ORDER BY updated_at DESC, id LIMIT :limit OFFSET :offset) page
             JOIN cases c ON c.id = page.id
             JOIN people e ON e.id = c.employee_id
             LEFT JOIN people a ON a.id = c.assessor_id
             LEFT JOIN badge_names n ON n.badge_id = c.badge_id AND n.version = c.badge_version
             ORDER BY c.updated_at DESC, c.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut params: Vec<(&str, &dyn rusqlite::ToSql)> =
            vec![(":limit", &limit), (":offset", &offset)];
        if let Some(s) = &filter.state {
            params.push((":state", s));
        }
        if let Some(e) = &filter.employee_id {
            params.push((":employee", e));
        }
        if let Some(a) = &filter.assessor_id {
            params.push((":assessor", a));
        }
        let rows = stmt.query_map(params.as_slice(), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (body, employee_name, assessor_name, badge_name, updated_at) = row?;
            let badge_name = match badge_name {
                Some(n) => parse("a stored badge's name", &n)?,
                None => LocalizedText::default(),
            };
            Ok(CaseRow {
                case: parse("a stored case", &body)?,
                employee_name,
                assessor_name,
                badge_name,
                updated_at,
            })
        })
        .collect()
    }

    pub fn case_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM cases", [], |r| r.get(0))?)
    }

    pub fn upsert_self_entry(
        &self,
        case_id: &str,
        entry: &SelfAssessmentEntry,
        now: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO self_assessment_entries (case_id, criterion_id, level, example, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (case_id, criterion_id) DO UPDATE
             SET level = excluded.level, example = excluded.example, updated_at = excluded.updated_at",
            (case_id, &entry.criterion, entry.level.code(), &entry.example, now),
        )?;
        Ok(())
    }

    pub fn self_entries(&self, case_id: &str) -> Result<Vec<SelfAssessmentEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT criterion_id, level, example FROM self_assessment_entries WHERE case_id = ?1",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (criterion, level, example) = row?;
            let level = SelfLevel::parse(&level)
                .ok_or_else(|| StoreError::Corrupt(format!("self-assessment level {level:?}")))?;
            Ok(SelfAssessmentEntry {
                criterion,
                level,
                example,
            })
        })
        .collect()
    }

    pub fn add_note(
        &self,
        case_id: &str,
        criterion: &str,
        text: &str,
        author: &str,
        now: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO interview_notes (case_id, criterion_id, text, author, written_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            (case_id, criterion, text, author, now),
        )?;
        Ok(())
    }

    pub fn notes(&self, case_id: &str) -> Result<Vec<NoteRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT criterion_id, text, author, written_at FROM interview_notes WHERE case_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            Ok(NoteRow {
                criterion: r.get(0)?,
                text: r.get(1)?,
                author: r.get(2)?,
                written_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Sets a criterion's rating, returning the one it replaced.
    pub fn upsert_rating(
        &self,
        case_id: &str,
        rating: &CriterionRating,
        by: &str,
        now: &str,
    ) -> Result<Option<CriterionRating>> {
        let old = self.rating(case_id, &rating.criterion)?;
        self.conn.execute(
            "INSERT INTO ratings (case_id, criterion_id, rating, rationale, rated_by, rated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (case_id, criterion_id) DO UPDATE
             SET rating = excluded.rating, rationale = excluded.rationale,
                 rated_by = excluded.rated_by, rated_at = excluded.rated_at",
            (
                case_id,
                &rating.criterion,
                rating.rating.code(),
                &rating.rationale,
                by,
                now,
            ),
        )?;
        Ok(old)
    }

    fn rating(&self, case_id: &str, criterion: &str) -> Result<Option<CriterionRating>> {
        Ok(self
            .ratings(case_id)?
            .into_iter()
            .map(|r| r.rating)
            .find(|r| r.criterion == criterion))
    }

    pub fn ratings(&self, case_id: &str) -> Result<Vec<RatingRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT criterion_id, rating, rationale, rated_by, rated_at FROM ratings WHERE case_id = ?1",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (criterion, rating, rationale, rated_by, rated_at) = row?;
            let rating = Rating::parse(&rating)
                .ok_or_else(|| StoreError::Corrupt(format!("rating {rating:?}")))?;
            Ok(RatingRow {
                rating: CriterionRating {
                    criterion,
                    rating,
                    rationale,
                },
                rated_by,
                rated_at,
            })
        })
        .collect()
    }

    /// Records a file stored in the vault (once per content).
    pub fn insert_vault_file(
        &self,
        sha256: &str,
        size: u64,
        content_type: &str,
        now: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO vault_files (sha256, size, content_type, stored_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (sha256) DO NOTHING",
            (sha256, size, content_type, now),
        )?;
        Ok(())
    }

    pub fn insert_evidence(&self, case_id: &str, evidence: &Evidence, now: &str) -> Result<()> {
        let sha = evidence.file.as_ref().map(|f| f.sha256.as_str());
        self.conn.execute(
            "INSERT INTO evidence (id, case_id, sha256, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            (&evidence.id, case_id, sha, json(evidence)?, now),
        )?;
        Ok(())
    }

    pub fn update_evidence(&self, evidence: &Evidence) -> Result<()> {
        self.conn.execute(
            "UPDATE evidence SET body = ?2 WHERE id = ?1",
            (&evidence.id, json(evidence)?),
        )?;
        Ok(())
    }

    pub fn evidence(&self, case_id: &str) -> Result<Vec<Evidence>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT body FROM evidence WHERE case_id = ?1 ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([case_id], |r| r.get::<_, String>(0))?;
        rows.map(|b| parse("stored evidence", &b?)).collect()
    }

    pub fn save_learning_path(&self, case_id: &str, body: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO learning_paths (case_id, body, saved_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (case_id) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
            (case_id, body, now),
        )?;
        Ok(())
    }

    pub fn learning_path(&self, case_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT body FROM learning_paths WHERE case_id = ?1",
                [case_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}
