-- `pim request list` shows the newest self-service requests first: found by their time among
-- those requests only, not by sorting every request (an organisation's administrators' own
-- assignments are requests too, and far more numerous).
CREATE INDEX request_self_by_created ON request (created_at, id) WHERE action LIKE 'self_%';
-- `pim audit list --action CODE` shows the newest rows of that action: found by the action, not
-- by reading the log from its end until enough match.
CREATE INDEX audit_by_action ON audit (action, seq);
