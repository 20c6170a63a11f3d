-- Provisioning (issue 18): targets named in the config file are bound to roles; pim queues a
-- grant when an assignment a binding covers comes into force and a revoke when it ends, in the
-- transaction of the change, and carries them out at least once (`pim provision run`, `pim serve`).

-- A target bound to a role, at one scope (and the scopes below it) or at any scope (scope_id null).
CREATE TABLE provision_binding (
    id         TEXT PRIMARY KEY,
    target     TEXT NOT NULL,
    role_id    TEXT NOT NULL REFERENCES role (id) ON DELETE CASCADE,
    scope_id   INTEGER REFERENCES scope (id) ON DELETE CASCADE,
    -- The target options (`--option KEY=VALUE`), a JSON object of strings.
    options    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT
) STRICT;
CREATE INDEX provision_binding_by_role ON provision_binding (role_id);

-- One grant or revoke, queued with the change that caused it. What the target is told (principal
-- name, role, scope, options) is copied in, so that a revoke can be carried out after the
-- principal, the role or the binding is gone. Not foreign keys, for the same reason.
CREATE TABLE provision_action (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    target          TEXT NOT NULL,
    binding_id      TEXT NOT NULL,
    action          TEXT NOT NULL CHECK (action IN ('grant', 'revoke')),
    assignment_id   TEXT NOT NULL,
    principal_id    TEXT NOT NULL,
    principal       TEXT NOT NULL,
    role            TEXT NOT NULL,
    scope           TEXT NOT NULL,
    end_at          INTEGER,
    -- A revoke: when the access ended (its lateness is counted from here).
    ended_at        INTEGER,
    options         TEXT NOT NULL,
    -- `queued` (not tried yet), `failed` (tried, to be tried again at next_attempt_at), `done`,
    -- or `superseded` (a later action for the same binding and principal made it moot before
    -- it was carried out).
    state           TEXT NOT NULL CHECK (state IN ('queued', 'failed', 'done', 'superseded')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    created_at      INTEGER NOT NULL,
    done_at         INTEGER,
    -- A run's lease: no other run carries the row out before `claimed_until`.
    claimed_by      TEXT,
    claimed_until   INTEGER
) STRICT;
CREATE INDEX provision_action_pending ON provision_action (next_attempt_at) WHERE done_at IS NULL;
CREATE INDEX provision_action_by_key ON provision_action (binding_id, principal_id, seq);
CREATE INDEX provision_action_by_assignment ON provision_action (assignment_id);

-- What the queue has granted (or is granting) per binding and principal: the grant's action and
-- the assignment it was for. A row goes when its revoke is queued.
CREATE TABLE provision_state (
    binding_id    TEXT NOT NULL,
    principal_id  TEXT NOT NULL,
    grant_seq     INTEGER NOT NULL,
    assignment_id TEXT NOT NULL,
    end_at        INTEGER,
    PRIMARY KEY (binding_id, principal_id)
) STRICT, WITHOUT ROWID;
