-- Removing a principal, a scope or a role keeps its row: the audit log, assignment history,
-- requests and votes refer to it, and a delete would have cascaded them away. `removed_at`
-- marks it removed; it is hidden from lists and from name and ID-prefix lookups, and its
-- `*_key` is replaced by one no name can take (names refuse control characters), so that the
-- name is free for a new principal, scope or role. (Version 10: version 9 is a step in code.)
ALTER TABLE principal ADD COLUMN removed_at INTEGER;
ALTER TABLE principal ADD COLUMN removed_by TEXT;
ALTER TABLE scope ADD COLUMN removed_at INTEGER;
ALTER TABLE role ADD COLUMN removed_at INTEGER;
