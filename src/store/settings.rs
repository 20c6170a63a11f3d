//! Role settings (policy) per role and scope, stored as JSON documents.

use super::{Conn, OptionalExtension, params};

use super::{Result, StoreError};
use crate::core::policy::RoleSettings;

/// The stored settings of a role at a scope, or `None` when the defaults apply.
pub fn get(c: &Conn, role_id: &str, scope_id: i64) -> Result<Option<RoleSettings>> {
    let text: Option<String> = c
        .prepare_cached("SELECT settings FROM role_setting WHERE role_id = ?1 AND scope_id = ?2")?
        .query_row(params![role_id, scope_id], |r| r.get(0))
        .optional()?;
    match text {
        None => Ok(None),
        Some(t) => serde_json::from_str(&t)
            .map(Some)
            .map_err(|e| StoreError::Corrupt(format!("role settings of {role_id}: {e}"))),
    }
}

pub fn put(
    c: &Conn,
    role_id: &str,
    scope_id: i64,
    settings: &RoleSettings,
    at: i64,
    by: Option<&str>,
) -> Result<()> {
    let text = serde_json::to_string(settings)
        .map_err(|e| StoreError::Corrupt(format!("role settings: {e}")))?;
    c.prepare_cached(
        "INSERT INTO role_setting (role_id, scope_id, settings, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (role_id, scope_id) DO UPDATE SET settings = excluded.settings,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )?
    .execute(params![role_id, scope_id, text, at, by])?;
    Ok(())
}

/// The (role, scope) pairs that have a stored settings row.
pub fn keys(c: &Conn) -> Result<Vec<(String, i64)>> {
    let mut st =
        c.prepare_cached("SELECT role_id, scope_id FROM role_setting ORDER BY role_id, scope_id")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    rows.collect::<super::Result<_>>()
}

/// The (role name, scope path) pairs whose stored settings name `principal_id` (as an approver).
pub fn naming(c: &Conn, principal_id: &str) -> Result<Vec<(String, String)>> {
    let mut st = c.prepare_cached(
        "SELECT r.name, s.path FROM role_setting x JOIN role r ON r.id = x.role_id
         JOIN scope s ON s.id = x.scope_id WHERE instr(x.settings, ?1) > 0 ORDER BY r.name, s.path",
    )?;
    let rows = st.query_map([principal_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<super::Result<_>>()
}
