-- One message per event and audience (issue 8): its subject, body and payload are stored once in
-- `notification`, and `outbox` keeps one small row per recipient (who, and the delivery state).
-- An administrator alert at a resource with hundreds of owners wrote its text hundreds of times.
-- A group among the recipients is one row until delivery expands it.
CREATE TABLE notification (
    seq        INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    audience   TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    critical   INTEGER NOT NULL CHECK (critical IN (0, 1))
) STRICT;
CREATE INDEX notification_by_created ON notification (created_at);

INSERT INTO notification (seq, created_at, kind, audience, subject, body, payload, critical)
    SELECT seq, created_at, kind, audience, subject, body, payload, critical FROM outbox;

CREATE TABLE outbox_recipient (
    seq             INTEGER PRIMARY KEY,
    -- What users and receivers see (a random UUID, unique in practice); pim itself finds rows
    -- by `seq`, so that a write adds no random entry to an index of every row.
    id              TEXT NOT NULL,
    notification    INTEGER NOT NULL REFERENCES notification (seq),
    recipient_id    TEXT,
    recipient_name  TEXT,
    address         TEXT,
    -- A group: its row is replaced by its members' rows when deliver first sees it (membership
    -- as of then; a member who left is not told), leaving out `except_ids` (comma-separated:
    -- a requester is never asked to approve their own request).
    expand          INTEGER NOT NULL DEFAULT 0 CHECK (expand IN (0, 1)),
    except_ids      TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_error      TEXT,
    delivered_at    INTEGER,
    channel         TEXT,
    claimed_by      TEXT,
    claimed_until   INTEGER
) STRICT;

INSERT INTO outbox_recipient (seq, id, notification, recipient_id, recipient_name, address,
        attempts, next_attempt_at, last_attempt_at, last_error, delivered_at, channel, claimed_by,
        claimed_until)
    SELECT seq, id, seq, recipient_id, recipient_name, address, attempts, next_attempt_at,
        last_attempt_at, last_error, delivered_at, channel, claimed_by, claimed_until FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_recipient RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
CREATE INDEX outbox_by_notification ON outbox (notification, recipient_id);
