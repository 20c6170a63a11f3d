-- `pim request list` shows the newest self-service requests first: found by their time among
-- those requests only, not by sorting every request (an organisation's administrators' own
-- assignments are requests too, and far more numerous).
CREATE INDEX request_self_by_created ON request (created_at, id) WHERE action LIKE 'self_%';
