-- PIM for Groups: onboarded groups and group-kind roles (issue 6). Filled in by that work.
SELECT 1;
