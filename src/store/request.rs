//! Requests: every write a user asks for.

use super::{Conn, params};

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

pub fn insert(c: &Conn, r: &NewRequest<'_>) -> Result<()> {
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

pub fn count(c: &Conn) -> Result<i64> {
    c.query_row("SELECT count(*) FROM request", [], |r| r.get(0))
}

/// Marks the request that granted an assignment as finished (`expired`, `revoked`), if it is still
/// in a granted state.
pub fn finish_granted(c: &Conn, id: &str, status: RequestStatus, at: Ts) -> Result<()> {
    c.prepare_cached(
        "UPDATE request SET status = ?2, completed_at = coalesce(completed_at, ?3)
         WHERE id = ?1 AND status IN ('provisioned', 'scheduled')",
    )?
    .execute(params![id, status.as_str(), at])?;
    Ok(())
}

/// What an activation request asked for beyond the common columns.
pub fn set_activation_fields(
    c: &Conn,
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
    c: &Conn,
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

/// The pending activation request a principal made from an eligibility, if any.
pub fn open_activation_of(
    c: &Conn,
    principal_id: &str,
    eligibility_id: &str,
) -> Result<Option<String>> {
    use super::OptionalExtension;
    c.prepare_cached(
        "SELECT id FROM request
          WHERE principal_id = ?1 AND status = 'pending_approval' AND action = 'self_activate'
            AND eligibility_id = ?2 ORDER BY created_at LIMIT 1",
    )?
    .query_row(params![principal_id, eligibility_id], |r| r.get(0))
    .optional()
}

/// A pending request, as `pim status` lists it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
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

/// A principal's requests still waiting at `now`: pending, and no stage past its time-out (one
/// that is reads as timed out before a write records it).
pub fn pending_of(c: &Conn, principal_id: &str, now: Ts) -> Result<Vec<PendingRow>> {
    let mut st = c.prepare_cached(
        "SELECT q.id, q.action, r.name, q.role_id, s.path, q.type, q.created_at, q.start_at, q.end_at,
                q.duration_secs, q.justification
         FROM request q JOIN role r ON r.id = q.role_id JOIN scope s ON s.id = q.scope_id
         WHERE q.principal_id = ?1 AND q.status = 'pending_approval'
           AND NOT EXISTS (SELECT 1 FROM approval_stage g WHERE g.request_id = q.id
                 AND g.status = 'pending' AND g.started_at + g.timeout_secs <= ?2)
         ORDER BY q.created_at, q.id",
    )?;
    let rows = st.query_map(params![principal_id, now], |r| {
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
    rows.collect::<super::Result<_>>()
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

pub fn insert_stage(c: &Conn, s: &NewStage<'_>) -> Result<()> {
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

/// A request row as stored.
#[derive(Clone, Debug)]
pub struct RequestRow {
    pub id: String,
    pub action: RequestAction,
    pub status: RequestStatus,
    pub principal_id: String,
    pub role_id: String,
    pub scope_id: i64,
    pub kind: AssignmentType,
    pub start_at: Option<Ts>,
    pub end_at: Option<Ts>,
    pub justification: Option<String>,
    pub ticket_number: Option<String>,
    pub ticket_system: Option<String>,
    pub requested_by: Option<String>,
    pub created_at: Ts,
    pub completed_at: Option<Ts>,
    pub target_assignment_id: Option<String>,
    pub reason: Option<String>,
    pub eligibility_id: Option<String>,
    pub duration_secs: Option<i64>,
    pub mfa: bool,
}

const REQUEST_COLUMNS: &str =
    "id, action, status, principal_id, role_id, scope_id, type, start_at, end_at,
    justification, ticket_number, ticket_system, requested_by, created_at, completed_at,
    target_assignment_id, reason, eligibility_id, duration_secs, mfa";

fn request_from_row(r: &super::Row<'_>) -> super::Result<RequestRow> {
    let action: String = r.get(1)?;
    let status: String = r.get(2)?;
    let kind: String = r.get(6)?;
    Ok(RequestRow {
        id: r.get(0)?,
        action: RequestAction::parse(&action).unwrap_or(RequestAction::AdminAssign),
        status: RequestStatus::parse(&status).unwrap_or(RequestStatus::Failed),
        principal_id: r.get(3)?,
        role_id: r.get(4)?,
        scope_id: r.get(5)?,
        kind: AssignmentType::parse(&kind).unwrap_or(AssignmentType::Active),
        start_at: r.get(7)?,
        end_at: r.get(8)?,
        justification: r.get(9)?,
        ticket_number: r.get(10)?,
        ticket_system: r.get(11)?,
        requested_by: r.get(12)?,
        created_at: r.get(13)?,
        completed_at: r.get(14)?,
        target_assignment_id: r.get(15)?,
        reason: r.get(16)?,
        eligibility_id: r.get(17)?,
        duration_secs: r.get(18)?,
        mfa: r.get(19)?,
    })
}

pub fn by_id(c: &Conn, id: &str) -> Result<Option<RequestRow>> {
    use super::OptionalExtension;
    c.prepare_cached(&format!(
        "SELECT {REQUEST_COLUMNS} FROM request WHERE id = ?1"
    ))?
    .query_row([id], request_from_row)
    .optional()
}

pub fn ids_with_prefix(c: &Conn, prefix: &str, limit: usize) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM request WHERE id >= ?1 AND id < ?1 || char(0x10FFFF) ORDER BY id LIMIT ?2",
    )?;
    let rows = st.query_map(params![prefix.to_lowercase(), limit as i64], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

/// [`list`]'s statement, newest first. Every self-service request: through
/// `request_self_by_created`, so that a limited listing stops early whatever their number; only
/// those waiting: through the status (few wait, however many were made). Tests keep both so.
fn list_sql(pending_only: bool) -> String {
    // `?1` (false) keeps the parameters the same in both.
    let which = if pending_only {
        "status = 'pending_approval' AND ?1 = 0"
    } else {
        "?1 = 0"
    };
    format!(
        "SELECT {REQUEST_COLUMNS} FROM request
         WHERE {which} AND (principal_id = ?2 OR ?2 IS NULL) AND action LIKE 'self_%'
         ORDER BY created_at DESC, id LIMIT ?3"
    )
}

/// Requests filtered by status (pending only, or all) and requester, newest first.
pub fn list(
    c: &Conn,
    pending_only: bool,
    principal_id: Option<&str>,
    limit: u64,
) -> Result<Vec<RequestRow>> {
    let mut st = c.prepare_cached(&list_sql(pending_only))?;
    let rows = st.query_map(
        params![false, principal_id, limit.min(i64::MAX as u64) as i64],
        request_from_row,
    )?;
    rows.collect::<super::Result<_>>()
}

/// The requests waiting for approval that involve a principal (as requester), a role or a
/// scope: those its removal cancels.
pub fn pending_involving(
    c: &Conn,
    principal_id: Option<&str>,
    role_id: Option<&str>,
    scope_id: Option<i64>,
) -> Result<Vec<RequestRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {REQUEST_COLUMNS} FROM request
         WHERE status = 'pending_approval'
           AND (principal_id = ?1 OR role_id = ?2 OR scope_id = ?3)
         ORDER BY created_at, id"
    ))?;
    let rows = st.query_map(params![principal_id, role_id, scope_id], request_from_row)?;
    rows.collect::<super::Result<_>>()
}

/// Sets a request's final status (only while it is pending). Returns whether it changed.
pub fn finish_pending(
    c: &Conn,
    id: &str,
    status: RequestStatus,
    at: Ts,
    reason: Option<&str>,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE request SET status = ?2, completed_at = ?3, reason = coalesce(?4, reason)
             WHERE id = ?1 AND status = 'pending_approval'",
        )?
        .execute(params![id, status.as_str(), at, reason])?;
    Ok(n == 1)
}

pub fn set_granted(
    c: &Conn,
    id: &str,
    status: RequestStatus,
    start: Ts,
    end: Option<Ts>,
    target: &str,
    at: Ts,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE request SET status = ?2, start_at = ?3, end_at = ?4, target_assignment_id = ?5, completed_at = ?6
         WHERE id = ?1",
    )?
    .execute(params![id, status.as_str(), start, end, target, at])?;
    Ok(())
}

/// A stage of a request.
#[derive(Clone, Debug)]
pub struct StageRow {
    pub request_id: String,
    pub stage: i64,
    pub approvers: Vec<String>,
    pub required_approvals: i64,
    pub timeout_secs: i64,
    pub require_justification: bool,
    pub status: String,
    pub started_at: Option<Ts>,
    pub completed_at: Option<Ts>,
}

pub fn stages(c: &Conn, request_id: &str) -> Result<Vec<StageRow>> {
    let mut st = c.prepare_cached(
        "SELECT request_id, stage, approvers, required_approvals, timeout_secs, require_justification,
                status, started_at, completed_at
         FROM approval_stage WHERE request_id = ?1 ORDER BY stage",
    )?;
    let rows = st.query_map([request_id], |r| {
        let approvers: String = r.get(2)?;
        Ok(StageRow {
            request_id: r.get(0)?,
            stage: r.get(1)?,
            approvers: serde_json::from_str(&approvers).unwrap_or_default(),
            required_approvals: r.get(3)?,
            timeout_secs: r.get(4)?,
            require_justification: r.get(5)?,
            status: r.get(6)?,
            started_at: r.get(7)?,
            completed_at: r.get(8)?,
        })
    })?;
    rows.collect::<super::Result<_>>()
}

pub fn set_stage(
    c: &Conn,
    request_id: &str,
    stage: i64,
    status: &str,
    started_at: Option<Ts>,
    completed_at: Option<Ts>,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE approval_stage SET status = ?3, started_at = coalesce(started_at, ?4), completed_at = ?5
         WHERE request_id = ?1 AND stage = ?2",
    )?
    .execute(params![request_id, stage, status, started_at, completed_at])?;
    Ok(())
}

/// Records the approvers and the number of approvals a stage was decided under.
pub fn set_stage_rule(
    c: &Conn,
    request_id: &str,
    stage: i64,
    approvers: &[String],
    required_approvals: i64,
) -> Result<()> {
    let approvers = serde_json::to_string(approvers).unwrap_or_else(|_| "[]".into());
    c.prepare_cached(
        "UPDATE approval_stage SET approvers = ?3, required_approvals = ?4
         WHERE request_id = ?1 AND stage = ?2",
    )?
    .execute(params![request_id, stage, approvers, required_approvals])?;
    Ok(())
}

/// Pending stages whose time is up: (request id, stage).
pub fn timed_out_stages(c: &Conn, now: Ts) -> Result<Vec<(String, i64, Ts)>> {
    let mut st = c.prepare_cached(
        "SELECT s.request_id, s.stage, s.started_at + s.timeout_secs FROM approval_stage s
         JOIN request q ON q.id = s.request_id
         WHERE s.status = 'pending' AND q.status = 'pending_approval'
           AND s.started_at + s.timeout_secs <= ?1 ORDER BY s.started_at + s.timeout_secs",
    )?;
    let rows = st.query_map([now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect::<super::Result<_>>()
}

/// A vote on a request.
#[derive(Clone, Debug, serde::Serialize)]
pub struct VoteRow {
    pub voter_id: String,
    pub stage: i64,
    pub decision: String,
    pub justification: Option<String>,
    #[serde(with = "crate::core::clock::serde_ts")]
    pub at: Ts,
}

pub fn votes(c: &Conn, request_id: &str) -> Result<Vec<VoteRow>> {
    let mut st = c.prepare_cached(
        "SELECT voter_id, stage, decision, justification, at FROM approval_vote WHERE request_id = ?1 ORDER BY at, stage, voter_id",
    )?;
    let rows = st.query_map([request_id], |r| {
        Ok(VoteRow {
            voter_id: r.get(0)?,
            stage: r.get(1)?,
            decision: r.get(2)?,
            justification: r.get(3)?,
            at: r.get(4)?,
        })
    })?;
    rows.collect::<super::Result<_>>()
}

pub fn insert_vote(
    c: &Conn,
    request_id: &str,
    voter_id: &str,
    stage: i64,
    decision: &str,
    justification: Option<&str>,
    at: Ts,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO approval_vote (request_id, voter_id, stage, decision, justification, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![request_id, voter_id, stage, decision, justification, at])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_listing_reads_self_service_requests_newest_first_by_its_index() {
        // The plan is SQLite's (PostgreSQL keeps statistics and plans for itself).
        let db = super::super::Db::in_memory().unwrap();
        let plan = super::super::sql::query_plan(db.conn(), &super::list_sql(false));
        assert!(
            plan.contains("USING INDEX request_self_by_created"),
            "{plan}"
        );
        let plan = super::super::sql::query_plan(db.conn(), &super::list_sql(true));
        assert!(
            plan.contains("USING INDEX request_by_status") || plan.contains("request_open"),
            "{plan}"
        );
    }
}
