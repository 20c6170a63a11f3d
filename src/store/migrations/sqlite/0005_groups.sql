-- PIM for Groups. A group brought under PIM ("onboarded") gets a scope of kind `group` at
-- /groups/{name}; its membership and ownership are the two group-kind roles assigned there, so
-- that assignments, requests, settings and audit work for groups exactly as for roles.
ALTER TABLE scope ADD COLUMN group_id TEXT REFERENCES principal (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX scope_by_group ON scope (group_id) WHERE group_id IS NOT NULL;

-- The two group-kind roles, for databases initialised before they existed (pim init adds them
-- to new ones).
INSERT OR IGNORE INTO role (id, name, name_key, kind, builtin, privileged, description, created_at)
SELECT 'group-member', 'Group Member', 'group member', 'group', 1, 0,
       'Membership of a group under PIM for Groups (accessId member)', CAST(strftime('%s', 'now') AS INTEGER)
 WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'initialized_at');
INSERT OR IGNORE INTO role (id, name, name_key, kind, builtin, privileged, description, created_at)
SELECT 'group-owner', 'Group Owner', 'group owner', 'group', 1, 1,
       'Ownership of a group under PIM for Groups (accessId owner)', CAST(strftime('%s', 'now') AS INTEGER)
 WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'initialized_at');
