-- Osaava schema 1: organisation, people, the badge library, settings, audit trail.

CREATE TABLE organisation (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    business_id TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE people (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('employee', 'assessor', 'admin', 'college')),
    email      TEXT,
    title      TEXT,
    created_at TEXT NOT NULL
);

-- One row per badge version. A stored version never changes: cases point at it.
CREATE TABLE badges (
    id             TEXT NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    content_hash   TEXT NOT NULL,
    source_format  TEXT NOT NULL,
    source_version TEXT,
    body           TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TRIGGER badges_are_immutable BEFORE UPDATE ON badges
BEGIN
    SELECT RAISE(ABORT, 'a stored badge version cannot be changed; import it as a new version');
END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Who changed what, append-only.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be edited');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be edited');
END;
