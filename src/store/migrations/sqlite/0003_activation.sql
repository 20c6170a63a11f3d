-- Activation: what a self-service request asked for, MFA enrolments, and approval stages and votes.

ALTER TABLE request ADD COLUMN eligibility_id TEXT;
ALTER TABLE request ADD COLUMN duration_secs INTEGER;
ALTER TABLE request ADD COLUMN mfa INTEGER NOT NULL DEFAULT 0;
CREATE INDEX request_open ON request (principal_id, role_id, scope_id)
    WHERE status = 'pending_approval';

-- One TOTP enrolment per principal. `confirmed_at` is null until a code confirms the enrolment.
-- `last_step` is the newest accepted 30-second step: a code is accepted once.
CREATE TABLE mfa (
    principal_id TEXT PRIMARY KEY REFERENCES principal (id) ON DELETE CASCADE,
    secret       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    confirmed_at INTEGER,
    last_step    INTEGER,
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER
) STRICT;

-- The stages of a request that needs approval, in series. `approvers` is a JSON array of principal
-- IDs (users, or groups whose members approve); empty means the role's default approvers.
CREATE TABLE approval_stage (
    request_id         TEXT NOT NULL REFERENCES request (id) ON DELETE CASCADE,
    stage              INTEGER NOT NULL,
    approvers          TEXT NOT NULL,
    required_approvals INTEGER NOT NULL CHECK (required_approvals >= 1),
    timeout_secs       INTEGER NOT NULL,
    require_justification INTEGER NOT NULL DEFAULT 1,
    status             TEXT NOT NULL CHECK (status IN ('waiting', 'pending', 'approved', 'denied', 'timed_out', 'canceled')),
    started_at         INTEGER,
    completed_at       INTEGER,
    PRIMARY KEY (request_id, stage)
) STRICT;

-- One vote per person per request, across all stages.
CREATE TABLE approval_vote (
    request_id    TEXT NOT NULL REFERENCES request (id) ON DELETE CASCADE,
    voter_id      TEXT NOT NULL,
    stage         INTEGER NOT NULL,
    decision      TEXT NOT NULL CHECK (decision IN ('approve', 'deny')),
    justification TEXT,
    at            INTEGER NOT NULL,
    PRIMARY KEY (request_id, voter_id)
) STRICT;
