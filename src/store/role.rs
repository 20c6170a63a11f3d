//! Role definitions and their permissions.

use super::{Conn, Row, params};

use super::Result;
use crate::core::model::{Role, RoleKind};

const COLUMNS: &str = "id, name, kind, builtin, privileged, description";

fn from_row(r: &Row<'_>) -> super::Result<Role> {
    let kind: String = r.get(2)?;
    Ok(Role {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: RoleKind::parse(&kind).unwrap_or(RoleKind::Directory),
        builtin: r.get(3)?,
        privileged: r.get(4)?,
        description: r.get(5)?,
        permissions: Vec::new(),
    })
}

pub fn insert(c: &Conn, role: &Role, at: i64) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO role (id, name, name_key, kind, builtin, privileged, description, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        role.id,
        role.name,
        role.name.to_lowercase(),
        role.kind.as_str(),
        role.builtin,
        role.privileged,
        role.description,
        at
    ])?;
    let mut st =
        c.prepare_cached("INSERT INTO role_permission (role_id, action) VALUES (?1, ?2)")?;
    for p in &role.permissions {
        st.execute(params![role.id, p])?;
    }
    Ok(())
}

/// One role, by the condition `filter` puts on `r` (one parameter, ?1), with its permissions, in
/// one statement: each permission is a row, and a role without any is one row with none.
fn one(c: &Conn, filter: &str, key: &str) -> Result<Option<Role>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT r.id, r.name, r.kind, r.builtin, r.privileged, r.description, p.action
           FROM role r LEFT JOIN role_permission p ON p.role_id = r.id
          WHERE {filter}
          ORDER BY p.action"
    ))?;
    let rows = st.query_map([key], |r| {
        Ok((from_row(r)?, r.get::<_, Option<String>>(6)?))
    })?;
    let mut role: Option<Role> = None;
    for row in rows {
        let (r, action) = row?;
        let role = role.get_or_insert(r);
        role.permissions.extend(action);
    }
    Ok(role)
}

pub fn permissions(c: &Conn, role_id: &str) -> Result<Vec<String>> {
    let mut st =
        c.prepare_cached("SELECT action FROM role_permission WHERE role_id = ?1 ORDER BY action")?;
    let rows = st.query_map([role_id], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

pub fn by_name(c: &Conn, name: &str) -> Result<Option<Role>> {
    one(c, "r.name_key = ?1", &name.to_lowercase())
}

pub fn by_id(c: &Conn, id: &str) -> Result<Option<Role>> {
    one(c, "r.id = ?1", &id.to_lowercase())
}

pub fn ids_with_prefix(c: &Conn, prefix: &str, limit: usize) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM role WHERE id >= ?1 AND id < ?1 || char(0x10FFFF) AND removed_at IS NULL
         ORDER BY id LIMIT ?2",
    )?;
    let rows = st.query_map(params![prefix.to_lowercase(), limit as i64], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

pub fn all_names(c: &Conn) -> Result<Vec<String>> {
    let mut st = c.prepare_cached("SELECT name FROM role WHERE removed_at IS NULL")?;
    let rows = st.query_map([], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

pub fn list(c: &Conn, kind: Option<RoleKind>, privileged_only: bool) -> Result<Vec<Role>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM role WHERE (kind = ?1 OR ?1 IS NULL) AND (?2 = 0 OR privileged = 1)
           AND removed_at IS NULL
         ORDER BY kind, name_key"
    ))?;
    let rows = st.query_map(params![kind.map(|k| k.as_str()), privileged_only], from_row)?;
    let mut roles: Vec<Role> = rows.collect::<super::Result<_>>()?;
    for r in &mut roles {
        r.permissions = permissions(c, &r.id)?;
    }
    Ok(roles)
}

/// A role that has not been removed, by its full ID.
pub fn live_by_id(c: &Conn, id: &str) -> Result<Option<Role>> {
    one(c, "r.id = ?1 AND r.removed_at IS NULL", &id.to_lowercase())
}

/// Marks a role removed (see migration 0010): hidden, its name free for a new role. The row
/// and its permissions stay for the assignments, requests and settings that refer to it.
pub fn mark_removed(c: &Conn, id: &str, at: i64) -> Result<()> {
    c.execute(
        "UPDATE role SET removed_at = ?2, name_key = char(1) || 'removed:' || id
          WHERE id = ?1 AND removed_at IS NULL",
        params![id, at],
    )?;
    Ok(())
}

/// Gives an initialised database the built-in roles of this pim's catalogue that it lacks, and
/// the catalogue's privileged label and description for those it has. A name taken by a custom
/// role keeps the custom role (the built-in is then left out). A new database gets its roles from
/// `pim init`.
pub fn add_missing_builtins(c: &Conn) -> Result<()> {
    let initialized = c
        .prepare("SELECT 1 FROM meta WHERE key = 'initialized_at'")?
        .exists([])?;
    if !initialized {
        return Ok(());
    }
    let mut insert = c.prepare(
        "INSERT INTO role (id, name, name_key, kind, builtin, privileged, description, created_at)
         SELECT ?1, ?2, ?3, ?4, 1, ?5, ?6, unixepoch()
         WHERE NOT EXISTS (SELECT 1 FROM role WHERE id = ?1 OR name_key = ?3)",
    )?;
    let mut refresh = c.prepare(
        "UPDATE role SET privileged = ?2, description = ?3 WHERE id = ?1 AND builtin = 1",
    )?;
    for b in crate::core::builtin::roles() {
        insert.execute(params![
            b.id,
            b.name,
            b.name.to_lowercase(),
            b.kind.as_str(),
            b.privileged,
            b.description
        ])?;
        refresh.execute(params![b.id, b.privileged, b.description])?;
    }
    Ok(())
}

pub fn count(c: &Conn) -> Result<i64> {
    c.query_row(
        "SELECT count(*) FROM role WHERE removed_at IS NULL",
        [],
        |r| r.get(0),
    )
}
