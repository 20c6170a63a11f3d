-- Notification outbox (issue 7). A row is written in the transaction of the event it tells about,
-- so that it commits or rolls back with it; `pim notifications deliver` sends what is undelivered.
-- `seq` orders rows; `id` is what users see. A recipient with no address is kept (address null)
-- and reported by deliver, never dropped. Recipients are not foreign keys: deleting a principal
-- must not delete what was to be told about it.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    audience        TEXT NOT NULL,
    recipient_id    TEXT,
    recipient_name  TEXT,
    address         TEXT,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    critical        INTEGER NOT NULL CHECK (critical IN (0, 1)),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_error      TEXT,
    delivered_at    INTEGER,
    -- The channels that accepted the row, comma-separated: a retry skips them.
    channel         TEXT,
    -- A deliver run's claim: no other run sends the row before `claimed_until`.
    claimed_by      TEXT,
    claimed_until   INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
CREATE INDEX outbox_by_created ON outbox (created_at);

-- Notifications that must be queued once only (expiry and review reminders): one key each.
CREATE TABLE notification_mark (
    key TEXT PRIMARY KEY,
    at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
