use crate::{Db, Result, StoreError};
use osaava_core::{BusinessId, Organisation, Person, Role};
use rusqlite::{Connection, OptionalExtension};

/// Query words beyond this many are ignored by [`Db::search_people`].
pub const MAX_SEARCH_TERMS: usize = 6;

fn is_word_break(c: char) -> bool {
    c.is_whitespace() || c == '-' || c == '\''
}

/// The words a person is found by: each word of the name (split at spaces, hyphens and
/// apostrophes) and the whole e-mail address, in lower case (Unicode: "Äijälä" → "äijälä").
pub fn search_words(name: &str, email: Option<&str>) -> Vec<String> {
    let mut words: Vec<String> = name
        .to_lowercase()
        .split(is_word_break)
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    if let Some(e) = email.map(str::trim).filter(|e| !e.is_empty()) {
        words.push(e.to_lowercase());
    }
    words.sort();
    words.dedup();
    words
}

/// The words of a search query, split and folded as [`search_words`] splits names, without repeats.
pub fn search_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for t in query
        .to_lowercase()
        .split(is_word_break)
        .filter(|t| !t.is_empty())
    {
        if !terms.iter().any(|x| x == t) {
            terms.push(t.to_string());
        }
    }
    terms
}

fn index_search_words(conn: &Connection, id: &str, name: &str, email: Option<&str>) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO people_search_words (word, person_id) VALUES (?1, ?2)",
    )?;
    for w in search_words(name, email) {
        stmt.execute((w, id))?;
    }
    Ok(())
}

/// Fills in the search words of every person (schema 3 on an older database).
pub(crate) fn index_all_search_words(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("SELECT id, name, email FROM people")?;
    let people = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    for (id, name, email) in people {
        index_search_words(conn, &id, &name, email.as_deref())?;
    }
    Ok(())
}

impl Db<'_> {
    pub fn insert_person(&self, person: &Person, created_at: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO people (id, name, role, email, title, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (&person.id, &person.name, person.role.code(), &person.email, &person.title, created_at),
        )?;
        index_search_words(self.conn, &person.id, &person.name, person.email.as_deref())
    }

    pub fn people(&self) -> Result<Vec<Person>> {
        self.query_people(
            "SELECT id, name, role, email, title FROM people ORDER BY name, id",
            [],
        )
    }

    pub fn person(&self, id: &str) -> Result<Option<Person>> {
        Ok(self
            .query_people(
                "SELECT id, name, role, email, title FROM people WHERE id = ?1",
                [id],
            )?
            .pop())
    }

    /// People (of `role`, or all) found by every term of `query`, by name, at most `limit`.
    ///
    /// A term matches when it begins a word of the name or the e-mail address, ignoring case
    /// (see [`search_words`]): "vir maij" finds "Maija Virtanen", "ää" finds "Matti Ääri",
    /// "anna.l" finds anna.laine@example.fi. An empty query finds everyone. Each term is a range
    /// on `people_search_words`. When the longest term is rare, the people it finds are checked
    /// for the other terms and the role and sorted by name; when it is common (one letter, say)
    /// and a role is given, the role's people are walked in name order (`people_by_role_name`)
    /// until `limit` of them match, which stops early. (Left to itself, SQLite walks the role for a
    /// rare term too, visiting all 20,000 employees.)
    pub fn search_people(
        &self,
        query: &str,
        role: Option<Role>,
        limit: u32,
    ) -> Result<Vec<Person>> {
        let mut terms = search_terms(query);
        terms.truncate(MAX_SEARCH_TERMS);
        terms.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        let role = role.map(Role::code);
        if terms.is_empty() {
            // Everyone of a role walks `people_by_role_name` in order and stops at the limit.
            return match role {
                Some(r) => self.query_people(
                    "SELECT id, name, role, email, title FROM people
                     WHERE role = ?1 ORDER BY name, id LIMIT ?2",
                    (r, limit),
                ),
                None => self.query_people(
                    "SELECT id, name, role, email, title FROM people ORDER BY name, id LIMIT ?1",
                    [limit],
                ),
            };
        }
        // Every word that starts with t lies in [t, t + U+10FFFF): U+10FFFF is the largest code point.
        let bounds: Vec<String> = terms.iter().map(|t| format!("{t}\u{10FFFF}")).collect();
        let mut params: Vec<&dyn rusqlite::ToSql> = vec![&role, &limit];
        for (t, b) in terms.iter().zip(&bounds) {
            params.push(t);
            params.push(b);
        }
        let exists = |from: usize| {
            (from..terms.len())
                .map(|k| {
                    format!(
                        "\n AND EXISTS (SELECT 1 FROM people_search_words w
                            WHERE w.person_id = p.id AND w.word >= ?{} AND w.word < ?{})",
                        3 + 2 * k,
                        4 + 2 * k
                    )
                })
                .collect::<String>()
        };
        let sql = if role.is_some() && self.common_word_prefix(&terms[0], &bounds[0], limit)? {
            // Many match: walk the role's people in name order, checking each, until the limit.
            format!(
                "SELECT p.id, p.name, p.role, p.email, p.title FROM people p
                 WHERE p.role = ?1 {} ORDER BY p.name, p.id LIMIT ?2",
                exists(0)
            )
        } else {
            // Few match: take them from the search words, check the rest, sort them by name.
            format!(
                "SELECT p.id, p.name, p.role, p.email, p.title FROM people p
                 WHERE p.id IN (SELECT person_id FROM people_search_words WHERE word >= ?3 AND word < ?4)
                   AND (?1 IS NULL OR +p.role = ?1) {} ORDER BY p.name, p.id LIMIT ?2",
                exists(1)
            )
        };
        self.query_people(&sql, params.as_slice())
    }

    /// Whether so many people have a word in `[lo, hi)` that walking everyone in name order reaches
    /// `limit` of them sooner than sorting them all: with c of n people matching, the walk visits
    /// about limit·n/c people and the sort c, so walk when c² > limit·n. Counts at most √(limit·n).
    fn common_word_prefix(&self, lo: &str, hi: &str, limit: u32) -> Result<bool> {
        let people: i64 =
            self.conn
                .query_row("SELECT COALESCE(MAX(rowid), 0) FROM people", [], |r| {
                    r.get(0)
                })?;
        let enough = ((limit as f64) * (people as f64)).sqrt().ceil() as i64 + 1;
        let found: i64 = self.conn.prepare_cached(
            "SELECT COUNT(*) FROM (SELECT 1 FROM people_search_words WHERE word >= ?1 AND word < ?2 LIMIT ?3)",
        )?
        .query_row((lo, hi, enough), |r| r.get(0))?;
        Ok(found >= enough)
    }

    fn query_people(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Person>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get::<_, String>(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?;
        rows.map(|row| {
            let (id, name, role, email, title) = row?;
            let role = Role::parse(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("person {id} has role {role:?}")))?;
            Ok(Person {
                id,
                name,
                role,
                email,
                title,
            })
        })
        .collect()
    }

    pub fn organisation(&self) -> Result<Option<Organisation>> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT name, business_id FROM organisation WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        row.map(|(name, bid)| {
            let business_id =
                BusinessId::parse(&bid).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok(Organisation { name, business_id })
        })
        .transpose()
    }

    pub fn set_organisation(&self, org: &Organisation, updated_at: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO organisation (id, name, business_id, updated_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, business_id = excluded.business_id,
             updated_at = excluded.updated_at",
            (&org.name, org.business_id.as_str(), updated_at),
        )?;
        Ok(())
    }
}
