-- Provisioning follows a write's own principals (issue 18): the queue's state per principal, and
-- the assignments that start later than they were made (a scheduled start reached is a change
-- no write names), found by their start.
CREATE INDEX provision_state_by_principal ON provision_state (principal_id);
CREATE INDEX assignment_scheduled_start ON assignment (start_at)
    WHERE start_at > created_at AND removed_at IS NULL;
