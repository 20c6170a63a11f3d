-- Notification outbox (issue 7). Filled in by that work.
SELECT 1;
