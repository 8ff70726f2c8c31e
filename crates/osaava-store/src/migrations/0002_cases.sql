-- Osaava schema 2: assessment cases, self-assessments, interview notes, ratings, evidence.

CREATE INDEX people_by_name ON people (name COLLATE NOCASE);
CREATE INDEX people_by_role ON people (role, name COLLATE NOCASE);
CREATE INDEX audit_by_subject ON audit_log (subject, seq);

CREATE TABLE cases (
    id            TEXT PRIMARY KEY,
    employee_id   TEXT NOT NULL REFERENCES people (id),
    assessor_id   TEXT REFERENCES people (id),
    badge_id      TEXT NOT NULL,
    badge_version INTEGER NOT NULL,
    state         TEXT NOT NULL,
    -- The whole case record (osaava_core::case::Case) as JSON; the columns above mirror it for queries.
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    FOREIGN KEY (badge_id, badge_version) REFERENCES badges (id, version)
);
CREATE INDEX cases_by_updated ON cases (updated_at DESC, id);
CREATE INDEX cases_by_employee ON cases (employee_id, updated_at DESC);
CREATE INDEX cases_by_state ON cases (state, updated_at DESC);

CREATE TABLE self_assessment_entries (
    case_id      TEXT NOT NULL REFERENCES cases (id),
    criterion_id TEXT NOT NULL,
    level        TEXT NOT NULL,
    example      TEXT,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (case_id, criterion_id)
) WITHOUT ROWID;

-- Notes are appended, never edited.
CREATE TABLE interview_notes (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    criterion_id TEXT NOT NULL,
    text         TEXT NOT NULL,
    author       TEXT NOT NULL,
    written_at   TEXT NOT NULL
);
CREATE INDEX notes_by_case ON interview_notes (case_id, seq);

-- The current rating per criterion; earlier ratings are in the audit trail.
CREATE TABLE ratings (
    case_id      TEXT NOT NULL REFERENCES cases (id),
    criterion_id TEXT NOT NULL,
    rating       TEXT NOT NULL,
    rationale    TEXT,
    rated_by     TEXT NOT NULL,
    rated_at     TEXT NOT NULL,
    PRIMARY KEY (case_id, criterion_id)
) WITHOUT ROWID;

-- Files in the vault, by content hash; evidence rows point at them.
CREATE TABLE vault_files (
    sha256       TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    stored_at    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE evidence (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases (id),
    sha256     TEXT REFERENCES vault_files (sha256),
    -- The whole evidence record (osaava_core::evidence::Evidence) as JSON.
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX evidence_by_case ON evidence (case_id, created_at);

CREATE TABLE learning_paths (
    case_id  TEXT PRIMARY KEY REFERENCES cases (id),
    body     TEXT NOT NULL,
    saved_at TEXT NOT NULL
);

CREATE TRIGGER interview_notes_no_update BEFORE UPDATE ON interview_notes
BEGIN
    SELECT RAISE(ABORT, 'interview notes cannot be edited; add a new note');
END;
CREATE TRIGGER interview_notes_no_delete BEFORE DELETE ON interview_notes
BEGIN
    SELECT RAISE(ABORT, 'interview notes cannot be edited; add a new note');
END;
