-- Access reviews: a snapshot of who holds a role at a scope, decided by reviewers (or by each
-- principal for themselves), then completed and applied.

CREATE TABLE access_review (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    role_id          TEXT NOT NULL REFERENCES role (id) ON DELETE CASCADE,
    scope_id         INTEGER NOT NULL REFERENCES scope (id) ON DELETE CASCADE,
    assignment_type  TEXT NOT NULL CHECK (assignment_type IN ('eligible', 'active', 'all')),
    self_review      INTEGER NOT NULL CHECK (self_review IN (0, 1)),
    reviewers        TEXT NOT NULL,
    default_decision TEXT NOT NULL CHECK (default_decision IN ('none', 'approve', 'deny', 'recommendation')),
    auto_apply       INTEGER NOT NULL CHECK (auto_apply IN (0, 1)),
    status           TEXT NOT NULL CHECK (status IN ('in_progress', 'completed')),
    created_by       TEXT,
    start_at         INTEGER NOT NULL,
    end_at           INTEGER NOT NULL,
    completed_at     INTEGER,
    applied          INTEGER NOT NULL DEFAULT 0 CHECK (applied IN (0, 1))
) STRICT;
CREATE INDEX access_review_open ON access_review (end_at) WHERE status = 'in_progress';

CREATE TABLE access_review_item (
    review_id          TEXT NOT NULL REFERENCES access_review (id) ON DELETE CASCADE,
    assignment_id      TEXT NOT NULL,
    principal_id       TEXT NOT NULL,
    principal_name     TEXT NOT NULL,
    assignment_type    TEXT NOT NULL,
    last_activation_at INTEGER,
    recommendation     TEXT NOT NULL CHECK (recommendation IN ('approve', 'deny', 'no_info')),
    decision           TEXT NOT NULL DEFAULT 'not_reviewed'
                       CHECK (decision IN ('not_reviewed', 'approve', 'deny', 'dont_know')),
    reviewer_id        TEXT,
    justification      TEXT,
    decided_at         INTEGER,
    applied_by_default INTEGER NOT NULL DEFAULT 0 CHECK (applied_by_default IN (0, 1)),
    apply_result       TEXT,
    PRIMARY KEY (review_id, assignment_id)
) STRICT;
