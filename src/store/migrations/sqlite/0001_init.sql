-- pim schema, version 1. Migrations are append-only: never edit a released file, add a new one.
-- Timestamps are integer seconds since the Unix epoch, UTC. Names carry a lower-cased `*_key`
-- column so that lookups are exact and case-insensitive through a unique index.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE principal (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('user', 'group', 'service-principal')),
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL UNIQUE,
    email           TEXT,
    display_name    TEXT,
    enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    break_glass     INTEGER NOT NULL DEFAULT 0 CHECK (break_glass IN (0, 1)),
    role_assignable INTEGER NOT NULL DEFAULT 0 CHECK (role_assignable IN (0, 1)),
    pim_onboarded   INTEGER NOT NULL DEFAULT 0 CHECK (pim_onboarded IN (0, 1)),
    created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE group_member (
    group_id  TEXT NOT NULL REFERENCES principal (id) ON DELETE CASCADE,
    member_id TEXT NOT NULL REFERENCES principal (id) ON DELETE CASCADE,
    added_at  INTEGER NOT NULL,
    PRIMARY KEY (group_id, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_member_by_member ON group_member (member_id, group_id);

CREATE TABLE role (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('directory', 'azure', 'group')),
    builtin     INTEGER NOT NULL CHECK (builtin IN (0, 1)),
    privileged  INTEGER NOT NULL CHECK (privileged IN (0, 1)),
    description TEXT,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE role_permission (
    role_id TEXT NOT NULL REFERENCES role (id) ON DELETE CASCADE,
    action  TEXT NOT NULL,
    PRIMARY KEY (role_id, action)
) STRICT, WITHOUT ROWID;

CREATE TABLE scope (
    id         INTEGER PRIMARY KEY,
    path       TEXT NOT NULL,
    path_key   TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    name       TEXT,
    parent_id  INTEGER REFERENCES scope (id),
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX scope_by_parent ON scope (parent_id);

-- Eligible and active assignments, and activations (active rows with activated_from set).
-- Rows are never deleted by an administrator's removal: removed_at marks them, so that history,
-- renewal and audit keep their subject.
CREATE TABLE assignment (
    id              TEXT PRIMARY KEY,
    principal_id    TEXT NOT NULL REFERENCES principal (id) ON DELETE CASCADE,
    role_id         TEXT NOT NULL REFERENCES role (id) ON DELETE CASCADE,
    scope_id        INTEGER NOT NULL REFERENCES scope (id) ON DELETE CASCADE,
    type            TEXT NOT NULL CHECK (type IN ('eligible', 'active')),
    start_at        INTEGER NOT NULL,
    end_at          INTEGER,
    activated_from  TEXT REFERENCES assignment (id) ON DELETE CASCADE,
    renewed_from    TEXT,
    request_id      TEXT,
    justification   TEXT,
    ticket_number   TEXT,
    ticket_system   TEXT,
    created_at      INTEGER NOT NULL,
    created_by      TEXT,
    removed_at      INTEGER,
    removed_by      TEXT,
    expiry_recorded INTEGER NOT NULL DEFAULT 0 CHECK (expiry_recorded IN (0, 1)),
    CHECK (end_at IS NULL OR end_at > start_at)
) STRICT;
CREATE INDEX assignment_by_principal ON assignment (principal_id);
CREATE INDEX assignment_by_role_scope ON assignment (role_id, scope_id);
CREATE INDEX assignment_by_scope ON assignment (scope_id);
CREATE INDEX assignment_by_activated_from ON assignment (activated_from);
CREATE INDEX assignment_pending_expiry ON assignment (end_at)
    WHERE removed_at IS NULL AND expiry_recorded = 0 AND end_at IS NOT NULL;

-- Every write a user asks for. Final states are final.
CREATE TABLE request (
    id                   TEXT PRIMARY KEY,
    action               TEXT NOT NULL,
    status               TEXT NOT NULL,
    principal_id         TEXT NOT NULL REFERENCES principal (id) ON DELETE CASCADE,
    role_id              TEXT NOT NULL REFERENCES role (id) ON DELETE CASCADE,
    scope_id             INTEGER NOT NULL REFERENCES scope (id) ON DELETE CASCADE,
    type                 TEXT NOT NULL CHECK (type IN ('eligible', 'active')),
    start_at             INTEGER,
    end_at               INTEGER,
    justification        TEXT,
    ticket_number        TEXT,
    ticket_system        TEXT,
    requested_by         TEXT,
    created_at           INTEGER NOT NULL,
    completed_at         INTEGER,
    target_assignment_id TEXT,
    reason               TEXT
) STRICT;
CREATE INDEX request_by_principal ON request (principal_id);
CREATE INDEX request_by_status ON request (status);

-- Role settings (policy) per role and scope, as a JSON document; a missing row means the defaults.
CREATE TABLE role_setting (
    role_id    TEXT NOT NULL REFERENCES role (id) ON DELETE CASCADE,
    scope_id   INTEGER NOT NULL REFERENCES scope (id) ON DELETE CASCADE,
    settings   TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT,
    PRIMARY KEY (role_id, scope_id)
) STRICT;

-- The hash-chained audit log. pim only ever inserts here.
CREATE TABLE audit (
    seq            INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    actor_id       TEXT,
    actor_name     TEXT NOT NULL,
    os_user        TEXT NOT NULL,
    action         TEXT NOT NULL,
    activity       TEXT NOT NULL,
    category       TEXT NOT NULL,
    result         TEXT NOT NULL CHECK (result IN ('success', 'failure')),
    reason         TEXT,
    principal_id   TEXT,
    principal_name TEXT,
    role_id        TEXT,
    role_name      TEXT,
    scope          TEXT,
    request_id     TEXT,
    assignment_id  TEXT,
    justification  TEXT,
    ticket_system  TEXT,
    ticket_number  TEXT,
    start_at       INTEGER,
    end_at         INTEGER,
    details        TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_at ON audit (at);
CREATE INDEX audit_by_actor ON audit (actor_id);
CREATE INDEX audit_by_principal ON audit (principal_id);
