use crate::{Db, Result, StoreError};
use osaava_core::{BusinessId, Organisation, Person, Role};
use rusqlite::OptionalExtension;

impl Db<'_> {
    pub fn insert_person(&self, person: &Person, created_at: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO people (id, name, role, email, title, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (&person.id, &person.name, person.role.code(), &person.email, &person.title, created_at),
        )?;
        Ok(())
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

    /// People whose name starts with `prefix` (ASCII case-insensitive), by name.
    pub fn people_by_prefix(&self, prefix: &str, limit: u32) -> Result<Vec<Person>> {
        // A range on the NOCASE name index: prefix <= name < prefix + U+10FFFF.
        let upper = format!("{prefix}\u{10FFFF}");
        self.query_people(
            "SELECT id, name, role, email, title FROM people
             WHERE name >= ?1 COLLATE NOCASE AND name < ?2 COLLATE NOCASE
             ORDER BY name COLLATE NOCASE, id LIMIT ?3",
            (prefix, upper.as_str(), limit),
        )
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
