//! Provisioning: bindings of targets to roles, the queue of grants and revokes, and what the
//! queue has granted per binding and principal (migration 0014).

use super::{Conn, OptionalExtension, Row, params};

use super::Result;
use super::activation_path::intact;
use crate::core::clock::Ts;

/// A target bound to a role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingRow {
    pub id: String,
    pub target: String,
    pub role_id: String,
    pub role: String,
    /// None: the role at any scope.
    pub scope_id: Option<i64>,
    pub scope: Option<String>,
    /// A JSON object of strings.
    pub options: String,
    pub created_at: Ts,
    pub created_by: Option<String>,
}

fn binding_from(r: &Row<'_>) -> Result<BindingRow> {
    Ok(BindingRow {
        id: r.get(0)?,
        target: r.get(1)?,
        role_id: r.get(2)?,
        role: r.get(3)?,
        scope_id: r.get(4)?,
        scope: r.get(5)?,
        options: r.get(6)?,
        created_at: r.get(7)?,
        created_by: r.get(8)?,
    })
}

const BINDING_COLUMNS: &str = "b.id, b.target, b.role_id, r.name, b.scope_id, s.path, b.options,
    b.created_at, b.created_by";
const BINDING_FROM: &str = "provision_binding b JOIN role r ON r.id = b.role_id
    LEFT JOIN scope s ON s.id = b.scope_id";

/// Whether provisioning has anything to do in a write: a binding, or a grant still held.
pub fn in_use(c: &Conn) -> Result<bool> {
    c.prepare_cached(
        "SELECT 1 WHERE EXISTS (SELECT 1 FROM provision_binding)
                     OR EXISTS (SELECT 1 FROM provision_state)",
    )?
    .exists([])
}

pub fn insert_binding(c: &Conn, b: &BindingRow) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO provision_binding (id, target, role_id, scope_id, options, created_at,
             created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        b.id,
        b.target,
        b.role_id,
        b.scope_id,
        b.options,
        b.created_at,
        b.created_by
    ])?;
    Ok(())
}

pub fn delete_binding(c: &Conn, id: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM provision_binding WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Every binding, by target, role and scope.
pub fn bindings(c: &Conn) -> Result<Vec<BindingRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {BINDING_COLUMNS} FROM {BINDING_FROM}
          ORDER BY b.target, r.name, s.path, b.id"
    ))?;
    let rows = st.query_map([], binding_from)?;
    rows.collect::<Result<_>>()
}

/// The binding of `target` to `role_id` at `scope_id` (None: at any scope).
pub fn binding_of(
    c: &Conn,
    target: &str,
    role_id: &str,
    scope_id: Option<i64>,
) -> Result<Option<BindingRow>> {
    c.prepare_cached(&format!(
        "SELECT {BINDING_COLUMNS} FROM {BINDING_FROM}
          WHERE b.target = ?1 AND b.role_id = ?2
            AND (b.scope_id = ?3 OR (b.scope_id IS NULL AND ?3 IS NULL))"
    ))?
    .query_row(params![target, role_id, scope_id], binding_from)
    .optional()
}

/// An active assignment in force at `now` (not removed, started, not ended, its activation path
/// intact): what a binding covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InForce {
    pub id: String,
    pub principal_id: String,
    pub scope_id: i64,
    pub end_at: Option<Ts>,
}

/// The active assignments of `role_id` in force at `now`.
fn in_force_row(r: &Row<'_>) -> Result<InForce> {
    Ok(InForce {
        id: r.get(0)?,
        principal_id: r.get(1)?,
        scope_id: r.get(2)?,
        end_at: r.get(3)?,
    })
}

pub fn in_force_of_role(c: &Conn, role_id: &str, now: Ts) -> Result<Vec<InForce>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT a.id, a.principal_id, a.scope_id, a.end_at FROM assignment a
          WHERE a.role_id = ?1 AND a.type = 'active' AND a.removed_at IS NULL
            AND a.start_at <= ?2 AND (a.end_at IS NULL OR a.end_at > ?2) AND {}
          ORDER BY a.id",
        intact("a", "?2", false)
    ))?;
    let rows = st.query_map(params![role_id, now], in_force_row)?;
    rows.collect::<Result<_>>()
}

/// What the queue has granted for one binding and principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateRow {
    pub binding_id: String,
    pub principal_id: String,
    pub grant_seq: i64,
    pub assignment_id: String,
    pub end_at: Option<Ts>,
}

fn state_row(r: &Row<'_>) -> Result<StateRow> {
    Ok(StateRow {
        binding_id: r.get(0)?,
        principal_id: r.get(1)?,
        grant_seq: r.get(2)?,
        assignment_id: r.get(3)?,
        end_at: r.get(4)?,
    })
}

pub fn states(c: &Conn) -> Result<Vec<StateRow>> {
    let mut st = c.prepare_cached(
        "SELECT binding_id, principal_id, grant_seq, assignment_id, end_at FROM provision_state
          ORDER BY binding_id, principal_id",
    )?;
    let rows = st.query_map([], state_row)?;
    rows.collect::<Result<_>>()
}

/// The action and principal of every audit row after `seq`: what a write has written so far.
pub fn audited_after(c: &Conn, seq: i64) -> Result<Vec<(String, Option<String>)>> {
    let mut st =
        c.prepare_cached("SELECT action, principal_id FROM audit WHERE seq > ?1 ORDER BY seq")?;
    let rows = st.query_map([seq], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<Result<_>>()
}

/// What the queue has granted to one principal, by binding.
pub fn states_of(c: &Conn, principal_id: &str) -> Result<Vec<StateRow>> {
    let mut st = c.prepare_cached(
        "SELECT binding_id, principal_id, grant_seq, assignment_id, end_at FROM provision_state
          WHERE principal_id = ?1 ORDER BY binding_id",
    )?;
    let rows = st.query_map([principal_id], state_row)?;
    rows.collect::<Result<_>>()
}

/// `in_force_of_role` for one role, of the assignments held by one of `holders`.
pub fn in_force_held_by(
    c: &Conn,
    role_id: &str,
    holders: &[String],
    now: Ts,
) -> Result<Vec<InForce>> {
    let mut out = Vec::new();
    for chunk in holders.chunks(500) {
        let mut st = c.prepare_cached(&format!(
            "SELECT a.id, a.principal_id, a.scope_id, a.end_at FROM assignment a
              WHERE a.principal_id IN ({}) AND a.role_id = ?1 AND a.type = 'active'
                AND a.removed_at IS NULL
                AND a.start_at <= ?2 AND (a.end_at IS NULL OR a.end_at > ?2) AND {}
              ORDER BY a.id",
            super::placeholders(3, chunk.len()),
            intact("a", "?2", false)
        ))?;
        let mut args: Vec<super::Value> = vec![
            super::Value::Text(role_id.to_string()),
            super::Value::Integer(now),
        ];
        args.extend(chunk.iter().map(|h| super::Value::Text(h.clone())));
        let rows = st.query_map(super::params_from_iter(args.iter()), in_force_row)?;
        for r in rows {
            out.push(r?);
        }
    }
    Ok(out)
}

/// The groups whose holdings reach `member_id` directly: those it is a static member of, and
/// those it holds an active membership of (PIM for Groups) in force at `now` with an intact
/// activation path, as `engine::reached` follows them downwards.
pub fn groups_reaching(c: &Conn, member_id: &str, now: Ts) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT group_id FROM group_member WHERE member_id = ?1
         UNION
         SELECT s.group_id FROM assignment a
           JOIN scope s ON s.id = a.scope_id AND s.group_id IS NOT NULL
          WHERE a.principal_id = ?1 AND a.role_id = ?2 AND a.type = 'active'
            AND a.removed_at IS NULL
            AND a.start_at <= ?3 AND (a.end_at IS NULL OR a.end_at > ?3) AND {}",
        intact("a", "?3", false)
    ))?;
    let rows = st.query_map(
        params![member_id, crate::core::builtin::GROUP_MEMBER, now],
        |r| r.get::<_, String>(0),
    )?;
    rows.collect::<Result<_>>()
}

/// Whether the principal was removed (its row stays, its memberships are gone).
pub fn is_removed(c: &Conn, principal_id: &str) -> Result<bool> {
    c.prepare_cached("SELECT 1 FROM principal WHERE id = ?1 AND removed_at IS NOT NULL")?
        .exists([principal_id])
}

/// The holders of the assignments that ended in `(after, upto]` and whose expiry no write has
/// recorded yet (a recorded one is audited with its principal by the write that recorded it).
pub fn ended_between(c: &Conn, after: Ts, upto: Ts) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT principal_id FROM assignment
          WHERE removed_at IS NULL AND expiry_recorded = 0 AND end_at IS NOT NULL
            AND end_at > ?1 AND end_at <= ?2",
    )?;
    let rows = st.query_map(params![after, upto], |r| r.get::<_, String>(0))?;
    rows.collect::<Result<_>>()
}

/// The holders of the assignments that start later than they were made, with a start in
/// `(after, upto]`: a scheduled start reached, which no write names.
pub fn started_between(c: &Conn, after: Ts, upto: Ts) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT principal_id FROM assignment
          WHERE start_at > ?1 AND start_at <= ?2 AND start_at > created_at AND removed_at IS NULL",
    )?;
    let rows = st.query_map(params![after, upto], |r| r.get::<_, String>(0))?;
    rows.collect::<Result<_>>()
}

pub fn put_state(c: &Conn, s: &StateRow) -> Result<()> {
    c.prepare_cached("DELETE FROM provision_state WHERE binding_id = ?1 AND principal_id = ?2")?
        .execute(params![s.binding_id, s.principal_id])?;
    c.prepare_cached(
        "INSERT INTO provision_state (binding_id, principal_id, grant_seq, assignment_id, end_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        s.binding_id,
        s.principal_id,
        s.grant_seq,
        s.assignment_id,
        s.end_at
    ])?;
    Ok(())
}

pub fn delete_state(c: &Conn, binding_id: &str, principal_id: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM provision_state WHERE binding_id = ?1 AND principal_id = ?2")?
        .execute(params![binding_id, principal_id])?;
    Ok(())
}

/// One queued action, as stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ActionRow {
    pub seq: i64,
    pub id: String,
    pub target: String,
    pub binding_id: String,
    /// `grant` or `revoke`.
    pub action: String,
    pub assignment_id: String,
    pub principal_id: String,
    pub principal: String,
    pub role: String,
    pub scope: String,
    pub end_at: Option<Ts>,
    pub ended_at: Option<Ts>,
    pub options: String,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Ts,
    pub last_attempt_at: Option<Ts>,
    pub created_at: Ts,
    pub done_at: Option<Ts>,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<Ts>,
}

const ACTION_COLUMNS: &str = "seq, id, target, binding_id, action, assignment_id, principal_id,
    principal, role, scope, end_at, ended_at, options, state, attempts, last_error,
    next_attempt_at, last_attempt_at, created_at, done_at, claimed_by, claimed_until";

fn action_from(r: &Row<'_>) -> Result<ActionRow> {
    Ok(ActionRow {
        seq: r.get(0)?,
        id: r.get(1)?,
        target: r.get(2)?,
        binding_id: r.get(3)?,
        action: r.get(4)?,
        assignment_id: r.get(5)?,
        principal_id: r.get(6)?,
        principal: r.get(7)?,
        role: r.get(8)?,
        scope: r.get(9)?,
        end_at: r.get(10)?,
        ended_at: r.get(11)?,
        options: r.get(12)?,
        state: r.get(13)?,
        attempts: r.get(14)?,
        last_error: r.get(15)?,
        next_attempt_at: r.get(16)?,
        last_attempt_at: r.get(17)?,
        created_at: r.get(18)?,
        done_at: r.get(19)?,
        claimed_by: r.get(20)?,
        claimed_until: r.get(21)?,
    })
}

/// Queues an action, due at once; returns its `seq`.
pub fn insert_action(c: &Conn, a: &ActionRow) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO provision_action (id, target, binding_id, action, assignment_id,
             principal_id, principal, role, scope, end_at, ended_at, options, state,
             next_attempt_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'queued', ?13, ?13)
         RETURNING seq",
    )?
    .query_row(
        params![
            a.id,
            a.target,
            a.binding_id,
            a.action,
            a.assignment_id,
            a.principal_id,
            a.principal,
            a.role,
            a.scope,
            a.end_at,
            a.ended_at,
            a.options,
            a.created_at
        ],
        |r| r.get(0),
    )
}

pub fn action_by_seq(c: &Conn, seq: i64) -> Result<Option<ActionRow>> {
    c.prepare_cached(&format!(
        "SELECT {ACTION_COLUMNS} FROM provision_action WHERE seq = ?1"
    ))?
    .query_row([seq], action_from)
    .optional()
}

/// Filters of `pim provision status`.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    pub target: Option<String>,
    /// Only actions whose last attempt failed (they are tried again).
    pub failed: bool,
    /// Only actions not carried out yet (queued or failed).
    pub pending: bool,
    pub limit: Option<u64>,
}

/// The actions matching `f`, newest first.
pub fn actions(c: &Conn, f: &Filter) -> Result<Vec<ActionRow>> {
    let mut sql = format!("SELECT {ACTION_COLUMNS} FROM provision_action WHERE 1 = 1");
    if f.failed {
        sql.push_str(" AND state = 'failed'");
    }
    if f.pending {
        sql.push_str(" AND done_at IS NULL");
    }
    if f.target.is_some() {
        sql.push_str(" AND target = ?1");
    }
    sql.push_str(" ORDER BY seq DESC");
    if let Some(n) = f.limit {
        sql.push_str(&format!(" LIMIT {n}"));
    }
    let mut st = c.prepare(&sql)?;
    let rows = match &f.target {
        Some(t) => st
            .query_map([t.as_str()], action_from)?
            .collect::<Result<Vec<_>>>()?,
        None => st.query_map([], action_from)?.collect::<Result<Vec<_>>>()?,
    };
    Ok(rows)
}

/// The not-done actions of one binding and principal, oldest first.
pub fn pending_of_key(c: &Conn, binding_id: &str, principal_id: &str) -> Result<Vec<ActionRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {ACTION_COLUMNS} FROM provision_action INDEXED BY provision_action_by_key
          WHERE binding_id = ?1 AND principal_id = ?2 AND done_at IS NULL ORDER BY seq"
    ))?;
    let rows = st.query_map(params![binding_id, principal_id], action_from)?;
    rows.collect::<Result<_>>()
}

/// The (binding, principal) keys with an action due at `now`, oldest due first.
pub fn due_keys(c: &Conn, now: Ts, target: Option<&str>) -> Result<Vec<(String, String)>> {
    let mut st = c.prepare_cached(
        "SELECT binding_id, principal_id, min(seq) FROM provision_action
           INDEXED BY provision_action_pending
          WHERE done_at IS NULL AND next_attempt_at <= ?1 AND (target = ?2 OR ?2 IS NULL)
          GROUP BY binding_id, principal_id ORDER BY min(seq)",
    )?;
    let rows = st.query_map(params![now, target], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<Result<_>>()
}

/// Leases a row to `token` until `until`.
pub fn lease(c: &Conn, seq: i64, token: &str, until: Ts) -> Result<()> {
    c.prepare_cached(
        "UPDATE provision_action SET claimed_by = ?2, claimed_until = ?3
          WHERE seq = ?1 AND done_at IS NULL",
    )?
    .execute(params![seq, token, until])?;
    Ok(())
}

/// Marks a row that a later action made moot.
pub fn supersede(c: &Conn, seq: i64, at: Ts) -> Result<()> {
    c.prepare_cached(
        "UPDATE provision_action SET state = 'superseded', done_at = ?2, claimed_by = NULL,
             claimed_until = NULL
          WHERE seq = ?1 AND done_at IS NULL",
    )?
    .execute(params![seq, at])?;
    Ok(())
}

/// Marks a leased row done. False when the lease was lost (another run took the row over).
pub fn mark_done(c: &Conn, seq: i64, token: &str, at: Ts) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE provision_action SET state = 'done', done_at = ?3, attempts = attempts + 1,
                 last_attempt_at = ?3, claimed_by = NULL, claimed_until = NULL
              WHERE seq = ?1 AND claimed_by = ?2 AND done_at IS NULL",
        )?
        .execute(params![seq, token, at])?;
    Ok(n == 1)
}

/// Records a failed attempt and when to try again. False when the lease was lost.
pub fn mark_failed(
    c: &Conn,
    seq: i64,
    token: &str,
    at: Ts,
    error: &str,
    next_attempt_at: Ts,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE provision_action SET state = 'failed', attempts = attempts + 1,
                 last_attempt_at = ?3, last_error = ?4, next_attempt_at = ?5, claimed_by = NULL,
                 claimed_until = NULL
              WHERE seq = ?1 AND claimed_by = ?2 AND done_at IS NULL",
        )?
        .execute(params![seq, token, at, error, next_attempt_at])?;
    Ok(n == 1)
}

/// The latest action for an assignment and principal on any target, for `pim status`.
pub fn latest_for_assignment(c: &Conn, assignment_id: &str) -> Result<Vec<ActionRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {ACTION_COLUMNS} FROM provision_action INDEXED BY provision_action_by_assignment
          WHERE assignment_id = ?1 ORDER BY seq"
    ))?;
    let rows = st.query_map([assignment_id], action_from)?;
    rows.collect::<Result<_>>()
}

/// Revokes not done whose access ended at or before `before`.
pub fn overdue_revokes(c: &Conn, before: Ts) -> Result<Vec<ActionRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {ACTION_COLUMNS} FROM provision_action INDEXED BY provision_action_pending
          WHERE done_at IS NULL AND action = 'revoke' AND ended_at <= ?1 ORDER BY seq"
    ))?;
    let rows = st.query_map([before], action_from)?;
    rows.collect::<Result<_>>()
}

/// Grants the queue still holds whose assignment ended at or before `before` (no write has
/// queued their revoke yet): (the grant's action, the end).
pub fn ended_unqueued(c: &Conn, before: Ts) -> Result<Vec<(ActionRow, Ts)>> {
    let cols: String = ACTION_COLUMNS
        .split(',')
        .map(|c| format!("g.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut st = c.prepare_cached(&format!(
        "SELECT {cols}, coalesce(a.removed_at, a.end_at) FROM provision_state p
           JOIN provision_action g ON g.seq = p.grant_seq
           JOIN assignment a ON a.id = p.assignment_id
          WHERE coalesce(a.removed_at, a.end_at) <= ?1
          ORDER BY g.seq"
    ))?;
    let rows = st.query_map([before], |r| Ok((action_from(r)?, r.get(22)?)))?;
    rows.collect::<Result<_>>()
}
