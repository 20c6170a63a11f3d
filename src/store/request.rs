//! Requests: every write a user asks for.

use rusqlite::{Connection, params};

use super::Result;
use crate::core::clock::Ts;
use crate::core::model::{AssignmentType, RequestAction, RequestStatus};

#[derive(Clone, Debug)]
pub struct NewRequest<'a> {
    pub id: &'a str,
    pub action: RequestAction,
    pub status: RequestStatus,
    pub principal_id: &'a str,
    pub role_id: &'a str,
    pub scope_id: i64,
    pub kind: AssignmentType,
    pub start_at: Option<Ts>,
    pub end_at: Option<Ts>,
    pub justification: Option<&'a str>,
    pub ticket_number: Option<&'a str>,
    pub ticket_system: Option<&'a str>,
    pub requested_by: Option<&'a str>,
    pub created_at: Ts,
    pub completed_at: Option<Ts>,
    pub target_assignment_id: Option<&'a str>,
}

pub fn insert(c: &Connection, r: &NewRequest<'_>) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO request (id, action, status, principal_id, role_id, scope_id, type,
             start_at, end_at, justification, ticket_number, ticket_system, requested_by,
             created_at, completed_at, target_assignment_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        r.id,
        r.action.as_str(),
        r.status.as_str(),
        r.principal_id,
        r.role_id,
        r.scope_id,
        r.kind.as_str(),
        r.start_at,
        r.end_at,
        r.justification,
        r.ticket_number,
        r.ticket_system,
        r.requested_by,
        r.created_at,
        r.completed_at,
        r.target_assignment_id
    ])?;
    Ok(())
}

pub fn count(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT count(*) FROM request", [], |r| r.get(0))?)
}

/// Marks the request that granted an assignment as finished (`expired`, `revoked`), if it is still
/// in a granted state.
pub fn finish_granted(c: &Connection, id: &str, status: RequestStatus, at: Ts) -> Result<()> {
    c.prepare_cached(
        "UPDATE request SET status = ?2, completed_at = coalesce(completed_at, ?3)
         WHERE id = ?1 AND status IN ('provisioned', 'scheduled')",
    )?
    .execute(params![id, status.as_str(), at])?;
    Ok(())
}

/// What an activation request asked for beyond the common columns.
pub fn set_activation_fields(
    c: &Connection,
    id: &str,
    eligibility_id: Option<&str>,
    duration_secs: Option<i64>,
    mfa: bool,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE request SET eligibility_id = ?2, duration_secs = ?3, mfa = ?4 WHERE id = ?1",
    )?
    .execute(params![id, eligibility_id, duration_secs, mfa])?;
    Ok(())
}

/// The pending request of a principal for a role at a scope with one of `actions`, if any.
pub fn open_for(
    c: &Connection,
    principal_id: &str,
    role_id: &str,
    scope_id: i64,
    actions: &[RequestAction],
) -> Result<Option<String>> {
    let mut st = c.prepare_cached(
        "SELECT id, action FROM request WHERE principal_id = ?1 AND role_id = ?2 AND scope_id = ?3
           AND status = 'pending_approval' ORDER BY created_at",
    )?;
    let rows = st.query_map(params![principal_id, role_id, scope_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, action) = row?;
        if actions.iter().any(|a| a.as_str() == action) {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// A pending request, as `pim status` lists it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PendingRow {
    pub request_id: String,
    pub action: String,
    pub role: String,
    pub role_id: String,
    pub scope: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(with = "crate::core::clock::serde_ts")]
    pub created_at: Ts,
    #[serde(with = "crate::core::clock::serde_ts::option")]
    pub start: Option<Ts>,
    #[serde(with = "crate::core::clock::serde_ts::option")]
    pub end: Option<Ts>,
    pub duration_secs: Option<i64>,
    pub justification: Option<String>,
}

pub fn pending_of(c: &Connection, principal_id: &str) -> Result<Vec<PendingRow>> {
    let mut st = c.prepare_cached(
        "SELECT q.id, q.action, r.name, q.role_id, s.path, q.type, q.created_at, q.start_at, q.end_at,
                q.duration_secs, q.justification
         FROM request q JOIN role r ON r.id = q.role_id JOIN scope s ON s.id = q.scope_id
         WHERE q.principal_id = ?1 AND q.status = 'pending_approval' ORDER BY q.created_at, q.id",
    )?;
    let rows = st.query_map([principal_id], |r| {
        Ok(PendingRow {
            request_id: r.get(0)?,
            action: r.get(1)?,
            role: r.get(2)?,
            role_id: r.get(3)?,
            scope: r.get(4)?,
            kind: r.get(5)?,
            created_at: r.get(6)?,
            start: r.get(7)?,
            end: r.get(8)?,
            duration_secs: r.get(9)?,
            justification: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One stage of a request that needs approval.
pub struct NewStage<'a> {
    pub request_id: &'a str,
    pub stage: i64,
    pub approvers_json: &'a str,
    pub required_approvals: i64,
    pub timeout_secs: i64,
    pub require_justification: bool,
    pub started_at: Option<Ts>,
}

pub fn insert_stage(c: &Connection, s: &NewStage<'_>) -> Result<()> {
    let status = if s.started_at.is_some() {
        "pending"
    } else {
        "waiting"
    };
    c.prepare_cached(
        "INSERT INTO approval_stage (request_id, stage, approvers, required_approvals, timeout_secs,
             require_justification, status, started_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        s.request_id,
        s.stage,
        s.approvers_json,
        s.required_approvals,
        s.timeout_secs,
        s.require_justification,
        status,
        s.started_at
    ])?;
    Ok(())
}
