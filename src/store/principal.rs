//! Principals and group memberships.

use super::{Conn, OptionalExtension, Row, params};

use super::{Result, StoreError};
use crate::core::model::{Membership, Principal, PrincipalKind};

const COLUMNS: &str = "id, kind, name, display_name, email, enabled, break_glass, role_assignable, \
                       created_at, object_id";

fn from_row(r: &Row<'_>) -> super::Result<Principal> {
    let kind: String = r.get(1)?;
    Ok(Principal {
        id: r.get(0)?,
        kind: PrincipalKind::parse(&kind).unwrap_or(PrincipalKind::User),
        name: r.get(2)?,
        display_name: r.get(3)?,
        email: r.get(4)?,
        enabled: r.get(5)?,
        break_glass: r.get(6)?,
        role_assignable: r.get(7)?,
        created_at: r.get(8)?,
        object_id: r.get(9)?,
    })
}

pub fn insert(c: &Conn, p: &Principal) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO principal (id, kind, name, name_key, display_name, email, enabled,
                                break_glass, role_assignable, created_at, object_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        p.id,
        p.kind.as_str(),
        p.name,
        p.name.to_lowercase(),
        p.display_name,
        p.email,
        p.enabled,
        p.break_glass,
        p.role_assignable,
        p.created_at,
        p.object_id
    ])?;
    Ok(())
}

pub fn by_name(c: &Conn, name: &str) -> Result<Option<Principal>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM principal WHERE name_key = ?1"
    ))?
    .query_row([name.to_lowercase()], from_row)
    .optional()
}

/// The principal an external (Entra) object id names; ids are stored lower-case.
pub fn by_object_id(c: &Conn, object_id: &str) -> Result<Option<Principal>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM principal WHERE object_id = ?1 AND removed_at IS NULL"
    ))?
    .query_row([object_id.to_lowercase()], from_row)
    .optional()
}

/// Sets or clears a principal's external object id.
pub fn set_object_id(c: &Conn, id: &str, object_id: Option<&str>) -> Result<()> {
    c.prepare_cached("UPDATE principal SET object_id = ?2 WHERE id = ?1")?
        .execute(params![id, object_id.map(str::to_lowercase)])?;
    Ok(())
}

pub fn by_id(c: &Conn, id: &str) -> Result<Option<Principal>> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM principal WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// IDs starting with `prefix` (at most `limit`).
pub fn ids_with_prefix(c: &Conn, prefix: &str, limit: usize) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM principal WHERE id >= ?1 AND id < ?1 || char(0x10FFFF) AND removed_at IS NULL
         ORDER BY id LIMIT ?2",
    )?;
    let rows = st.query_map(params![prefix.to_lowercase(), limit as i64], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

pub fn all_names(c: &Conn) -> Result<Vec<String>> {
    let mut st = c.prepare_cached("SELECT name FROM principal WHERE removed_at IS NULL")?;
    let rows = st.query_map([], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

pub fn list(c: &Conn, kind: Option<PrincipalKind>) -> Result<Vec<Principal>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM principal WHERE (kind = ?1 OR ?1 IS NULL) AND removed_at IS NULL
         ORDER BY name_key"
    ))?;
    let rows = st.query_map([kind.map(|k| k.as_str())], from_row)?;
    rows.collect::<super::Result<_>>()
}

pub fn set_enabled(c: &Conn, id: &str, enabled: bool) -> Result<()> {
    c.execute(
        "UPDATE principal SET enabled = ?2 WHERE id = ?1",
        params![id, enabled],
    )?;
    Ok(())
}

/// Marks a principal removed (see migration 0010): disabled, out of PIM for Groups, hidden, and
/// its name and object id free again (the audit log keeps the object id it had). The row stays for the history that refers to it.
pub fn mark_removed(c: &Conn, id: &str, at: i64, by: Option<&str>) -> Result<()> {
    let n = c.execute(
        "UPDATE principal SET removed_at = ?2, removed_by = ?3, enabled = 0, pim_onboarded = 0,
                name_key = char(1) || 'removed:' || id, object_id = NULL
          WHERE id = ?1 AND removed_at IS NULL",
        params![id, at, by],
    )?;
    if n != 1 {
        return Err(StoreError::Corrupt(format!("principal {id} vanished")));
    }
    Ok(())
}

/// Whether a principal was removed.
pub fn is_removed(c: &Conn, id: &str) -> Result<bool> {
    c.prepare_cached("SELECT 1 FROM principal WHERE id = ?1 AND removed_at IS NOT NULL")?
        .exists([id])
}

/// The static memberships a principal is in, either side: (group id, member id).
pub fn memberships_of(c: &Conn, id: &str) -> Result<Vec<(String, String)>> {
    let mut st = c.prepare_cached(
        "SELECT group_id, member_id FROM group_member WHERE group_id = ?1 OR member_id = ?1
         ORDER BY group_id, member_id",
    )?;
    let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<super::Result<_>>()
}

pub fn count(c: &Conn) -> Result<i64> {
    c.query_row(
        "SELECT count(*) FROM principal WHERE removed_at IS NULL",
        [],
        |r| r.get(0),
    )
}

pub fn add_member(c: &Conn, group_id: &str, member_id: &str, at: i64) -> Result<bool> {
    let n = c
        .prepare_cached(
            "INSERT INTO group_member (group_id, member_id, added_at) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![group_id, member_id, at])?;
    Ok(n == 1)
}

pub fn remove_member(c: &Conn, group_id: &str, member_id: &str) -> Result<bool> {
    let n = c.execute(
        "DELETE FROM group_member WHERE group_id = ?1 AND member_id = ?2",
        params![group_id, member_id],
    )?;
    Ok(n == 1)
}

pub fn members(c: &Conn, group: &Principal) -> Result<Vec<Membership>> {
    let mut st = c.prepare_cached(
        "SELECT p.id, p.name, p.kind, m.added_at FROM group_member m
         JOIN principal p ON p.id = m.member_id WHERE m.group_id = ?1 ORDER BY p.name_key",
    )?;
    let rows = st.query_map([&group.id], |r| {
        let kind: String = r.get(2)?;
        Ok(Membership {
            group: group.name.clone(),
            member_id: r.get(0)?,
            member_name: r.get(1)?,
            member_kind: PrincipalKind::parse(&kind).unwrap_or(PrincipalKind::User),
            added_at: r.get(3)?,
            membership: "static",
            end: None,
        })
    })?;
    rows.collect::<super::Result<_>>()
}

/// The enabled groups `member_id` belongs to, directly or through nested groups. A disabled
/// group passes nothing on, neither its own grants nor those of the groups it belongs to.
pub fn groups_of(c: &Conn, member_id: &str) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "WITH RECURSIVE up(id) AS (
             SELECT m.group_id FROM group_member m
               JOIN principal g ON g.id = m.group_id AND g.enabled = 1
              WHERE m.member_id = ?1
             UNION
             SELECT m.group_id FROM up
               CROSS JOIN group_member m ON m.member_id = up.id
               CROSS JOIN principal g ON g.id = m.group_id AND g.enabled = 1)
         SELECT id FROM up",
    )?;
    let rows = st.query_map([member_id], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

pub fn is_member(c: &Conn, group_id: &str, member_id: &str) -> Result<bool> {
    c.prepare_cached("SELECT 1 FROM group_member WHERE group_id = ?1 AND member_id = ?2")?
        .exists(params![group_id, member_id])
}

pub fn count_role_assignable_groups(c: &Conn) -> Result<i64> {
    c.query_row(
        "SELECT count(*) FROM principal WHERE kind = 'group' AND role_assignable = 1
           AND removed_at IS NULL",
        [],
        |r| r.get(0),
    )
}

/// Every group `member_id` is a static member of (one level), enabled or not.
pub fn static_groups_of_any(c: &Conn, member_id: &str) -> Result<Vec<String>> {
    let mut st = c.prepare_cached("SELECT group_id FROM group_member WHERE member_id = ?1")?;
    let rows = st.query_map([member_id], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

/// An enabled member of a group at an instant: static (no end, no assignment), or an active
/// PIM-for-Groups member (assigned or activated) until its assignment ends.
#[derive(Clone, Debug)]
pub struct MemberAt {
    pub id: String,
    pub kind: PrincipalKind,
    pub end: Option<i64>,
    pub assignment_id: Option<String>,
}

/// The enabled members of `group_id` at `at`, static and through PIM for Groups (one level).
pub fn enabled_members_at(c: &Conn, group_id: &str, at: i64) -> Result<Vec<MemberAt>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT p.id, p.kind, NULL, NULL FROM group_member m
           JOIN principal p ON p.id = m.member_id AND p.enabled = 1
          WHERE m.group_id = ?1
         UNION ALL
         SELECT p.id, p.kind, a.end_at, a.id FROM scope s
           JOIN assignment a ON a.scope_id = s.id AND a.role_id = ?2 AND a.type = 'active'
                AND a.removed_at IS NULL AND a.start_at <= ?3 AND (a.end_at IS NULL OR a.end_at > ?3)
                AND {}
           JOIN principal p ON p.id = a.principal_id AND p.enabled = 1
          WHERE s.group_id = ?1",
        super::activation_path::intact("a", "?3", false)
    ))?;
    let rows = st.query_map(
        params![group_id, crate::core::builtin::GROUP_MEMBER, at],
        |r| {
            let kind: String = r.get(1)?;
            Ok(MemberAt {
                id: r.get(0)?,
                kind: PrincipalKind::parse(&kind).unwrap_or(PrincipalKind::User),
                end: r.get(2)?,
                assignment_id: r.get(3)?,
            })
        },
    )?;
    rows.collect::<super::Result<_>>()
}

/// Whether a group is under PIM for Groups.
pub fn is_onboarded(c: &Conn, group_id: &str) -> Result<bool> {
    c.prepare_cached("SELECT 1 FROM principal WHERE id = ?1 AND pim_onboarded = 1")?
        .exists([group_id])
}

pub fn set_onboarded(c: &Conn, group_id: &str, onboarded: bool) -> Result<()> {
    c.prepare_cached("UPDATE principal SET pim_onboarded = ?2 WHERE id = ?1")?
        .execute(params![group_id, onboarded])?;
    Ok(())
}

/// The groups under PIM for Groups, by name.
pub fn onboarded_groups(c: &Conn) -> Result<Vec<(String, String)>> {
    let mut st = c.prepare_cached(
        "SELECT id, name FROM principal WHERE kind = 'group' AND pim_onboarded = 1 ORDER BY name_key",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<super::Result<_>>()
}

/// Sets a principal's email address and display name.
pub fn set_contact(
    c: &Conn,
    id: &str,
    email: Option<&str>,
    display_name: Option<&str>,
) -> Result<()> {
    c.prepare_cached("UPDATE principal SET email = ?2, display_name = ?3 WHERE id = ?1")?
        .execute(params![id, email, display_name])?;
    Ok(())
}
