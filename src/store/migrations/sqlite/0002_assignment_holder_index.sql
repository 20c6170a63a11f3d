-- The duplicate check (same principal, role, scope and type) runs for every assignment written.
-- Without this index SQLite reads every holder of the role at the scope; with it, one key. It also
-- serves every lookup by principal, which makes the single-column index redundant.
CREATE INDEX assignment_by_holder ON assignment (principal_id, role_id, scope_id, type);
DROP INDEX assignment_by_principal;
