-- The path an activation came through: the eligibility it was made from and, when that
-- eligibility is a group's, every membership on the way from the principal to the group (static,
-- or a PIM-for-Groups membership with the assignment that grants it). When a membership that is
-- itself an activation is on the way, its own path is copied in, so that one row names every link
-- the activation rests on. An activation is in force only while each of its links is; removing or
-- ending a link ends it.
CREATE TABLE activation_link (
    assignment_id TEXT NOT NULL REFERENCES assignment (id) ON DELETE CASCADE,
    pos           INTEGER NOT NULL,
    -- `eligibility` (ref_id: the eligible assignment), `static` (member_id is a static member of
    -- group_id) or `pim` (ref_id: the active Group Member assignment that makes member_id a
    -- member of group_id).
    kind          TEXT NOT NULL CHECK (kind IN ('eligibility', 'static', 'pim')),
    group_id      TEXT,
    member_id     TEXT,
    ref_id        TEXT,
    PRIMARY KEY (assignment_id, pos)
) STRICT, WITHOUT ROWID;
CREATE INDEX activation_link_by_ref ON activation_link (ref_id) WHERE ref_id IS NOT NULL;
CREATE INDEX activation_link_by_group ON activation_link (group_id, member_id)
    WHERE group_id IS NOT NULL;
CREATE INDEX activation_link_by_member ON activation_link (member_id) WHERE member_id IS NOT NULL;

-- Activations made before paths were recorded rest on their eligibility.
INSERT INTO activation_link (assignment_id, pos, kind, ref_id)
    SELECT id, 0, 'eligibility', activated_from FROM assignment WHERE activated_from IS NOT NULL;
