-- Osaava schema 3: what a county-sized data dir needs (100,000 cases, 20,000 people; measured by
-- crates/osaava-bench). Written so that it also applies to a database that already has schema 4.

-- The case list pages by filter, then newest change first, then id. The schema 2 indexes stopped at
-- updated_at, so every filtered page sorted its rows in a temporary b-tree and fetched each row it
-- skipped (OFFSET) from the table; with id in the index a page and the rows before it are read
-- from the index alone.
DROP INDEX IF EXISTS cases_by_state;
DROP INDEX IF EXISTS cases_by_employee;
CREATE INDEX IF NOT EXISTS cases_page_by_state ON cases (state, updated_at DESC, id);
CREATE INDEX IF NOT EXISTS cases_page_by_employee ON cases (employee_id, updated_at DESC, id);
-- An assessor's own cases, in the same order; with the state, so "open cases only" (a few dozen
-- among hundreds) is answered from the index too.
CREATE INDEX IF NOT EXISTS cases_page_by_assessor ON cases (assessor_id, updated_at DESC, id, state)
    WHERE assessor_id IS NOT NULL;
-- Evidence is read in (created_at, id) order.
DROP INDEX IF EXISTS evidence_by_case;
CREATE INDEX IF NOT EXISTS evidence_by_case_order ON evidence (case_id, created_at, id);

-- People search by word prefix: one row per word of a person's name (split at spaces, hyphens
-- and apostrophes) and one for the whole e-mail address, in lower case (Unicode, so "Ä" finds
-- "ä"). osaava-store writes these with each person and fills them in for existing people when
-- this migration is applied; a prefix is a range on the primary key.
CREATE TABLE IF NOT EXISTS people_search_words (
    word      TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (word, person_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS people_search_words_by_person ON people_search_words (person_id, word);
-- The people of a role in name order (the person picker before anything is typed).
CREATE INDEX IF NOT EXISTS people_by_role_name ON people (role, name, id);

-- Each badge version's name for lists (the case list shows it on every row). It is also in the
-- version's body, but that is 20–100 kB of JSON to read per row; a stored version never changes,
-- so a trigger fills this in once, whatever code stores the version.
CREATE TABLE IF NOT EXISTS badge_names (
    badge_id TEXT NOT NULL,
    version  INTEGER NOT NULL,
    -- The localised name ({fi, sv, en}) as JSON.
    name     TEXT NOT NULL,
    PRIMARY KEY (badge_id, version),
    FOREIGN KEY (badge_id, version) REFERENCES badges (id, version)
) WITHOUT ROWID;
INSERT OR IGNORE INTO badge_names (badge_id, version, name)
    SELECT id, version, COALESCE(json_extract(body, '$.name'), '{}') FROM badges;
CREATE TRIGGER IF NOT EXISTS badges_name_for_lists AFTER INSERT ON badges
BEGIN
    INSERT INTO badge_names (badge_id, version, name)
    VALUES (new.id, new.version, COALESCE(json_extract(new.body, '$.name'), '{}'));
END;
