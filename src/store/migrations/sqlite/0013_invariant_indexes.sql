-- Rules pim's writes keep, said by the database too, so that no interleaving of writers and no
-- future bug can break them (docs/postgres.md, "What the database enforces"):
--
-- one open activation per principal and eligibility: an activation is open until it is removed or
-- its expiry is recorded, and every write records the expiries due before it activates anything;
CREATE UNIQUE INDEX assignment_one_open_activation ON assignment (activated_from, principal_id)
    WHERE activated_from IS NOT NULL AND removed_at IS NULL AND expiry_recorded = 0;
-- one pending request per principal, role, scope and kind of request.
CREATE UNIQUE INDEX request_one_pending ON request (principal_id, role_id, scope_id, action)
    WHERE status = 'pending_approval';
-- (One vote per approver per request is the primary key of approval_vote.)
