//! Scopes and their hierarchy.

use super::{Conn, OptionalExtension, Row, params};

use super::Result;
use crate::core::model::{Scope, ScopeKind};

fn from_row(r: &Row<'_>) -> super::Result<Scope> {
    let kind: String = r.get(2)?;
    Ok(Scope {
        id: r.get(0)?,
        path: r.get(1)?,
        kind: ScopeKind::parse(&kind).unwrap_or(ScopeKind::Root),
        name: r.get(3)?,
        parent_id: r.get(4)?,
        parent: r.get(5)?,
        group_id: r.get(6)?,
    })
}

const SELECT: &str = "SELECT s.id, s.path, s.kind, s.name, s.parent_id, p.path, s.group_id
                      FROM scope s LEFT JOIN scope p ON p.id = s.parent_id";

pub fn insert(
    c: &Conn,
    path: &str,
    kind: ScopeKind,
    name: Option<&str>,
    parent_id: Option<i64>,
    at: i64,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO scope (path, path_key, kind, name, parent_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        path,
        path.to_lowercase(),
        kind.as_str(),
        name,
        parent_id,
        at
    ])?;
    Ok(c.last_insert_rowid())
}

/// The scope of a group under PIM for Groups: /groups/{name}, with no parent (nothing above a
/// group's scope applies to it).
pub fn insert_group(c: &Conn, path: &str, group_id: &str, name: &str, at: i64) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO scope (path, path_key, kind, name, parent_id, created_at, group_id)
         VALUES (?1, ?2, 'group', ?3, NULL, ?4, ?5)",
    )?
    .execute(params![path, path.to_lowercase(), name, at, group_id])?;
    Ok(c.last_insert_rowid())
}

/// The scope of an onboarded group.
pub fn of_group(c: &Conn, group_id: &str) -> Result<Option<Scope>> {
    c.prepare_cached(&format!("{SELECT} WHERE s.group_id = ?1"))?
        .query_row([group_id], from_row)
        .optional()
}

pub fn by_path(c: &Conn, path: &str) -> Result<Option<Scope>> {
    c.prepare_cached(&format!("{SELECT} WHERE s.path_key = ?1"))?
        .query_row([path.to_lowercase()], from_row)
        .optional()
}

/// The key of the root scope `/` (0 before the database is set up). Read once per connection:
/// the root is made with the database and can be neither removed nor made again.
pub fn root_id(c: &Conn) -> Result<i64> {
    if let Some(id) = c.root_scope().get() {
        return Ok(id);
    }
    let Some(root) = by_path(c, "/")? else {
        return Ok(0);
    };
    c.root_scope().set(Some(root.id));
    Ok(root.id)
}

pub fn by_id(c: &Conn, id: i64) -> Result<Option<Scope>> {
    c.prepare_cached(&format!("{SELECT} WHERE s.id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

pub fn list(c: &Conn) -> Result<Vec<Scope>> {
    let mut st = c.prepare_cached(&format!(
        "{SELECT} WHERE s.removed_at IS NULL ORDER BY s.path_key"
    ))?;
    let rows = st.query_map([], from_row)?;
    rows.collect::<super::Result<_>>()
}

pub fn all_paths(c: &Conn) -> Result<Vec<String>> {
    let mut st = c.prepare_cached("SELECT path FROM scope WHERE removed_at IS NULL")?;
    let rows = st.query_map([], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

/// `up`: the scope `?1` and every scope above it, with their depth (0 for the scope itself).
const UP: &str = "WITH RECURSIVE up(id, parent_id, depth) AS (
     SELECT id, parent_id, 0 FROM scope WHERE id = ?1
     UNION ALL
     SELECT s.id, s.parent_id, up.depth + 1 FROM scope s JOIN up ON s.id = up.parent_id
     WHERE up.depth < 64)";

/// The scope and every scope above it, nearest first.
pub fn ancestors(c: &Conn, id: i64) -> Result<Vec<i64>> {
    let mut st = c.prepare_cached(&format!("{UP} SELECT id FROM up ORDER BY depth"))?;
    let rows = st.query_map([id], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

/// [`ancestors`] with each scope's path, in one statement.
pub fn ancestors_with_paths(c: &Conn, id: i64) -> Result<Vec<(i64, String)>> {
    let mut st = c.prepare_cached(&format!(
        "{UP} SELECT up.id, s.path FROM up JOIN scope s ON s.id = up.id ORDER BY up.depth"
    ))?;
    let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<super::Result<_>>()
}

pub fn has_children(c: &Conn, id: i64) -> Result<bool> {
    c.prepare_cached("SELECT 1 FROM scope WHERE parent_id = ?1 AND removed_at IS NULL LIMIT 1")?
        .exists([id])
}

/// Marks a scope removed (see migration 0010): hidden, its path free for a new scope. The row
/// stays for the assignments, requests and settings that refer to it.
pub fn mark_removed(c: &Conn, id: i64, at: i64) -> Result<()> {
    c.execute(
        "UPDATE scope SET removed_at = ?2, path_key = char(1) || 'removed:' || id
          WHERE id = ?1 AND removed_at IS NULL",
        params![id, at],
    )?;
    Ok(())
}

pub fn count(c: &Conn) -> Result<i64> {
    c.query_row(
        "SELECT count(*) FROM scope WHERE removed_at IS NULL",
        [],
        |r| r.get(0),
    )
}
