-- Osaava schema 4: issued statements and their revocations.

-- One row per issued statement. A reissue is a new row that names the one it supersedes.
CREATE TABLE statements (
    id              TEXT PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases (id),
    issued_at       TEXT NOT NULL,
    issued_by       TEXT NOT NULL REFERENCES people (id),
    language        TEXT NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
    supersedes      TEXT REFERENCES statements (id),
    statement_json  TEXT NOT NULL,
    credential_json TEXT NOT NULL,
    -- The signed PDF is kept in the vault under this address.
    pdf_sha256      TEXT NOT NULL REFERENCES vault_files (sha256)
);

CREATE INDEX statements_by_case ON statements (case_id, issued_at DESC);
CREATE UNIQUE INDEX statements_superseded_once ON statements (supersedes) WHERE supersedes IS NOT NULL;

CREATE TRIGGER statements_are_immutable BEFORE UPDATE ON statements
BEGIN
    SELECT RAISE(ABORT, 'an issued statement cannot be changed; reissue it');
END;

CREATE TRIGGER statements_are_kept BEFORE DELETE ON statements
BEGIN
    SELECT RAISE(ABORT, 'an issued statement cannot be deleted; revoke it');
END;

CREATE TABLE statement_revocations (
    statement_id TEXT PRIMARY KEY REFERENCES statements (id),
    revoked_at   TEXT NOT NULL,
    revoked_by   TEXT NOT NULL,
    reason       TEXT NOT NULL
);

CREATE TRIGGER revocations_are_final BEFORE UPDATE ON statement_revocations
BEGIN
    SELECT RAISE(ABORT, 'a revocation cannot be changed');
END;

CREATE TRIGGER revocations_are_kept BEFORE DELETE ON statement_revocations
BEGIN
    SELECT RAISE(ABORT, 'a revocation cannot be undone');
END;
