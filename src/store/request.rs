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
