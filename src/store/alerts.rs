//! The reads `pim alerts` evaluates: assignments with the names and flags of what they join, and
//! the history of activations.

use std::collections::HashMap;

use super::{Conn, Row, params};

use super::Result;
use crate::core::clock::Ts;
use crate::core::model::{AssignmentType, PrincipalKind, RoleKind, ScopeKind};

/// An assignment row with its principal, role and scope.
#[derive(Clone, Debug)]
pub struct Held {
    pub assignment_id: String,
    pub principal_id: String,
    pub principal: String,
    pub principal_kind: PrincipalKind,
    pub break_glass: bool,
    pub role_id: String,
    pub role: String,
    pub role_kind: RoleKind,
    pub privileged: bool,
    pub scope_id: i64,
    pub scope: String,
    pub scope_kind: ScopeKind,
    pub kind: AssignmentType,
    pub start_at: Ts,
    pub end_at: Option<Ts>,
    pub activated_from: Option<String>,
    pub created_at: Ts,
}

const SELECT: &str = "SELECT a.id, a.principal_id, p.name, p.kind, p.break_glass, a.role_id,
    r.name, r.kind, r.privileged, a.scope_id, s.path, s.kind, a.type, a.start_at, a.end_at,
    a.activated_from, a.created_at
    FROM assignment a
    JOIN principal p ON p.id = a.principal_id
    JOIN role r ON r.id = a.role_id
    JOIN scope s ON s.id = a.scope_id";

fn from_row(r: &Row<'_>) -> super::Result<Held> {
    let pk: String = r.get(3)?;
    let rk: String = r.get(7)?;
    let sk: String = r.get(11)?;
    let ty: String = r.get(12)?;
    Ok(Held {
        assignment_id: r.get(0)?,
        principal_id: r.get(1)?,
        principal: r.get(2)?,
        principal_kind: PrincipalKind::parse(&pk).unwrap_or(PrincipalKind::User),
        break_glass: r.get(4)?,
        role_id: r.get(5)?,
        role: r.get(6)?,
        role_kind: RoleKind::parse(&rk).unwrap_or(RoleKind::Directory),
        privileged: r.get(8)?,
        scope_id: r.get(9)?,
        scope: r.get(10)?,
        scope_kind: ScopeKind::parse(&sk).unwrap_or(ScopeKind::Root),
        kind: AssignmentType::parse(&ty).unwrap_or(AssignmentType::Eligible),
        start_at: r.get(13)?,
        end_at: r.get(14)?,
        activated_from: r.get(15)?,
        created_at: r.get(16)?,
    })
}

/// Every assignment in force at `now` (not removed, started, not ended) held by an enabled
/// principal: a disabled principal holds nothing.
pub fn in_force(c: &Conn, now: Ts) -> Result<Vec<Held>> {
    let mut st = c.prepare_cached(&format!(
        "{SELECT} WHERE a.removed_at IS NULL AND a.start_at <= ?1
           AND (a.end_at IS NULL OR a.end_at > ?1) AND p.enabled = 1 AND {}
         ORDER BY p.name_key, r.name_key, s.path_key, a.start_at, a.id",
        super::activation_path::intact("a", "?1", false)
    ))?;
    let rows = st.query_map([now], from_row)?;
    rows.collect::<super::Result<_>>()
}

/// Activations (removed, expired or in force) of enabled principals that started in
/// `[from, now]`, oldest first.
pub fn activations_between(c: &Conn, from: Ts, now: Ts) -> Result<Vec<Held>> {
    let mut st = c.prepare_cached(&format!(
        "{SELECT} WHERE a.activated_from IS NOT NULL AND a.start_at >= ?1 AND a.start_at <= ?2
           AND p.enabled = 1
         ORDER BY a.start_at, a.id"
    ))?;
    let rows = st.query_map(params![from, now], from_row)?;
    rows.collect::<super::Result<_>>()
}

/// For each eligibility that has been activated, the start of its latest activation at or before
/// `now`.
pub fn last_activations(c: &Conn, now: Ts) -> Result<HashMap<String, Ts>> {
    let mut st = c.prepare_cached(
        "SELECT activated_from, max(start_at) FROM assignment
         WHERE activated_from IS NOT NULL AND start_at <= ?1 GROUP BY activated_from",
    )?;
    let rows = st.query_map([now], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Ts>(1)?)))?;
    rows.collect::<super::Result<_>>()
}
