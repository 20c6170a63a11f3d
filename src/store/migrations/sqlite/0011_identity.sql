-- Server mode: how callers are bound to principals, and how each audit row's actor was
-- established.

-- An operating-system login name, a uid, or a client certificate's SHA-256 fingerprint that names
-- a principal when it calls `pim serve`. Each value names at most one principal.
CREATE TABLE principal_binding (
    kind         TEXT NOT NULL CHECK (kind IN ('login', 'uid', 'cert')),
    value        TEXT NOT NULL,
    principal_id TEXT NOT NULL REFERENCES principal(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (kind, value)
) WITHOUT ROWID;
CREATE INDEX principal_binding_principal ON principal_binding (principal_id);

-- `local` (self-asserted, embedded mode), `peer_uid` or `certificate`; the uid or the
-- fingerprint. NULL on rows written before this migration, whose hashes do not cover them.
ALTER TABLE audit ADD COLUMN auth TEXT;
ALTER TABLE audit ADD COLUMN auth_id TEXT;
