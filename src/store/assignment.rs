//! Assignments (eligible, active, and activations).

use super::{Conn, OptionalExtension, Row, ToSql, params};

use super::activation_path::intact;
use super::{Result, StoreError};
use crate::core::clock::Ts;
use crate::core::model::{Assignment, AssignmentType, AssignmentView, PrincipalKind, RoleKind};

const COLUMNS: &str = "a.id, a.principal_id, a.role_id, a.scope_id, a.type, a.start_at, a.end_at,
    a.activated_from, a.renewed_from, a.request_id, a.justification, a.ticket_number,
    a.ticket_system, a.created_at, a.created_by, a.removed_at, a.removed_by";

fn from_row(r: &Row<'_>) -> super::Result<Assignment> {
    let kind: String = r.get(4)?;
    Ok(Assignment {
        id: r.get(0)?,
        principal_id: r.get(1)?,
        role_id: r.get(2)?,
        scope_id: r.get(3)?,
        kind: AssignmentType::parse(&kind).unwrap_or(AssignmentType::Eligible),
        start_at: r.get(5)?,
        end_at: r.get(6)?,
        activated_from: r.get(7)?,
        renewed_from: r.get(8)?,
        request_id: r.get(9)?,
        justification: r.get(10)?,
        ticket_number: r.get(11)?,
        ticket_system: r.get(12)?,
        created_at: r.get(13)?,
        created_by: r.get(14)?,
        removed_at: r.get(15)?,
        removed_by: r.get(16)?,
    })
}

pub fn insert(c: &Conn, a: &Assignment) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO assignment (id, principal_id, role_id, scope_id, type, start_at, end_at,
             activated_from, renewed_from, request_id, justification, ticket_number,
             ticket_system, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        a.id,
        a.principal_id,
        a.role_id,
        a.scope_id,
        a.kind.as_str(),
        a.start_at,
        a.end_at,
        a.activated_from,
        a.renewed_from,
        a.request_id,
        a.justification,
        a.ticket_number,
        a.ticket_system,
        a.created_at,
        a.created_by
    ])?;
    Ok(())
}

pub fn by_id(c: &Conn, id: &str) -> Result<Option<Assignment>> {
    c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignment a WHERE a.id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()
}

pub fn ids_with_prefix(c: &Conn, prefix: &str, limit: usize) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM assignment WHERE id >= ?1 AND id < ?1 || char(0x10FFFF) ORDER BY id LIMIT ?2",
    )?;
    let rows = st.query_map(params![prefix.to_lowercase(), limit as i64], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

/// Rows of the same principal, role, scope and type that are not removed and whose window
/// `[start, end)` meets `[start, end)`.
#[allow(clippy::too_many_arguments)]
pub fn overlapping(
    c: &Conn,
    principal_id: &str,
    role_id: &str,
    scope_id: i64,
    kind: AssignmentType,
    start: Ts,
    end: Option<Ts>,
    except: Option<&str>,
) -> Result<Option<String>> {
    c.prepare_cached(
        "SELECT id FROM assignment
             WHERE principal_id = ?1 AND role_id = ?2 AND scope_id = ?3 AND type = ?4
               AND removed_at IS NULL
               AND (end_at IS NULL OR end_at > ?5)
               AND (start_at < ?6 OR ?6 IS NULL)
               AND (id <> ?7 OR ?7 IS NULL)
             LIMIT 1",
    )?
    .query_row(
        params![
            principal_id,
            role_id,
            scope_id,
            kind.as_str(),
            start,
            end,
            except
        ],
        |r| r.get(0),
    )
    .optional()
}

pub fn set_removed(c: &Conn, id: &str, at: Ts, by: Option<&str>) -> Result<()> {
    c.prepare_cached("UPDATE assignment SET removed_at = ?2, removed_by = ?3 WHERE id = ?1")?
        .execute(params![id, at, by])?;
    Ok(())
}

pub fn update_schedule(
    c: &Conn,
    id: &str,
    kind: AssignmentType,
    start: Ts,
    end: Option<Ts>,
    justification: Option<&str>,
) -> Result<()> {
    c.execute(
        "UPDATE assignment SET type = ?2, start_at = ?3, end_at = ?4,
                justification = coalesce(?5, justification), expiry_recorded = 0
         WHERE id = ?1",
        params![id, kind.as_str(), start, end, justification],
    )?;
    Ok(())
}

/// Active rows of `role_id` at `scope_id` held directly by enabled principals and in force at `now`.
pub fn count_active_in_force(c: &Conn, role_id: &str, scope_id: i64, now: Ts) -> Result<i64> {
    c.prepare_cached(&format!(
        "SELECT count(*) FROM assignment a JOIN principal p ON p.id = a.principal_id
             WHERE a.role_id = ?1 AND a.scope_id = ?2 AND a.type = 'active'
               AND a.removed_at IS NULL AND a.start_at <= ?3
               AND (a.end_at IS NULL OR a.end_at > ?3) AND p.enabled = 1 AND {}",
        intact("a", "?3", false)
    ))?
    .query_row(params![role_id, scope_id, now], |r| r.get(0))
}

/// Active rows of `role_id` at `scope_id` in force at `now`, whoever holds them.
pub fn active_in_force_at(
    c: &Conn,
    role_id: &str,
    scope_id: i64,
    now: Ts,
) -> Result<Vec<Assignment>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignment a
          WHERE a.role_id = ?1 AND a.scope_id = ?2 AND a.type = 'active'
            AND a.removed_at IS NULL AND a.start_at <= ?3 AND (a.end_at IS NULL OR a.end_at > ?3)
            AND {}",
        intact("a", "?3", false)
    ))?;
    let rows = st.query_map(params![role_id, scope_id, now], from_row)?;
    rows.collect::<super::Result<_>>()
}

/// The name of a privileged role `principal_id` holds — eligible or active, in force or
/// scheduled, at any scope — directly or through the groups it reaches: static membership, and
/// PIM-for-Groups membership (eligible or active), followed through nested groups. `None` when
/// it holds none.
pub fn privileged_role_held(c: &Conn, principal_id: &str, now: Ts) -> Result<Option<String>> {
    c.prepare_cached(&privileged_sql(c.is_postgres()))?
        .query_row(
            params![principal_id, now, crate::core::builtin::GROUP_MEMBER],
            |r| r.get(0),
        )
        .optional()
}

/// [`privileged_role_held`]'s statement for the engine.
fn privileged_sql(postgres: bool) -> String {
    // PostgreSQL takes one recursive term only: both ways into a group are one join there.
    let holder = if postgres {
        "WITH RECURSIVE holder(id) AS (
             SELECT id FROM principal WHERE id = ?1
             UNION
             SELECT x.group_id FROM holder h JOIN (
                 SELECT m.member_id AS member, m.group_id FROM group_member m
                 UNION ALL
                 SELECT a.principal_id, s.group_id FROM assignment a
                   JOIN scope s ON s.id = a.scope_id AND s.group_id IS NOT NULL
                  WHERE a.role_id = ?3 AND a.removed_at IS NULL
                    AND (a.end_at IS NULL OR a.end_at > ?2)) x ON x.member = h.id)"
    } else {
        // SQLite: `CROSS JOIN` keeps the holders as the outer loop, so that each is looked up
        // in `assignment_by_holder` (a test keeps it so). Left to itself, SQLite 3.54 scanned
        // every assignment against the holders, and every PIM-for-Groups membership in the
        // recursive step. (`CROSS JOIN … ON` is a plain join on PostgreSQL.)
        "WITH RECURSIVE holder(id) AS (
             SELECT ?1
             UNION
             SELECT m.group_id FROM holder h CROSS JOIN group_member m ON m.member_id = h.id
             UNION
             SELECT s.group_id FROM holder h
               CROSS JOIN assignment a ON a.principal_id = h.id AND a.role_id = ?3
                    AND a.removed_at IS NULL AND (a.end_at IS NULL OR a.end_at > ?2)
               JOIN scope s ON s.id = a.scope_id AND s.group_id IS NOT NULL)"
    };
    format!(
        "{holder}
         SELECT r.name FROM holder h
           CROSS JOIN assignment a ON a.principal_id = h.id AND a.removed_at IS NULL
                AND (a.end_at IS NULL OR a.end_at > ?2)
           JOIN role r ON r.id = a.role_id AND r.privileged = 1
          ORDER BY r.name LIMIT 1"
    )
}

/// Live (not removed, not expired) rows of a principal.
pub fn live_of_principal(c: &Conn, principal_id: &str, now: Ts) -> Result<Vec<Assignment>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignment a WHERE a.principal_id = ?1 AND a.removed_at IS NULL
           AND (a.end_at IS NULL OR a.end_at > ?2) ORDER BY a.created_at, a.id"
    ))?;
    let rows = st.query_map(params![principal_id, now], from_row)?;
    rows.collect::<super::Result<_>>()
}

/// Active rows in force at `now` held by any of `principal_ids`.
pub fn active_in_force_of(c: &Conn, principal_ids: &[String], now: Ts) -> Result<Vec<Assignment>> {
    let mut out = Vec::new();
    // One statement for the principal and its groups (a round trip each on PostgreSQL).
    for chunk in principal_ids.chunks(500) {
        let mut st = c.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM assignment a WHERE a.principal_id IN ({}) AND a.type = 'active'
               AND a.removed_at IS NULL AND a.start_at <= ?1 AND (a.end_at IS NULL OR a.end_at > ?1)
               AND {}",
            super::placeholders(2, chunk.len()),
            intact("a", "?1", false)
        ))?;
        let mut args: Vec<super::Value> = Vec::with_capacity(chunk.len() + 1);
        args.push(super::Value::Integer(now));
        args.extend(chunk.iter().map(|id| super::Value::Text(id.clone())));
        let rows = st.query_map(super::params_from_iter(args.iter()), from_row)?;
        for r in rows {
            out.push(r?);
        }
    }
    Ok(out)
}

pub fn live_count_of_role(c: &Conn, role_id: &str, now: Ts) -> Result<i64> {
    c.query_row(
        "SELECT count(*) FROM assignment WHERE role_id = ?1 AND removed_at IS NULL
           AND (end_at IS NULL OR end_at > ?2)",
        params![role_id, now],
        |r| r.get(0),
    )
}

pub fn live_count_at_scope(c: &Conn, scope_id: i64, now: Ts) -> Result<i64> {
    c.query_row(
        "SELECT count(*) FROM assignment WHERE scope_id = ?1 AND removed_at IS NULL
           AND (end_at IS NULL OR end_at > ?2)",
        params![scope_id, now],
        |r| r.get(0),
    )
}

/// Filters for listing assignments with their names.
#[derive(Default, Debug, Clone)]
pub struct ListFilter {
    pub principal_id: Option<String>,
    pub role_id: Option<String>,
    pub scope_id: Option<i64>,
    pub kind: Option<AssignmentType>,
    /// Include removed and expired rows.
    pub all: bool,
}

const VIEW_SELECT: &str = "SELECT a.id, a.principal_id, p.name, p.kind, a.role_id, r.name, r.kind,
    s.path, a.type, a.start_at, a.end_at, a.activated_from, a.renewed_from, a.request_id,
    a.justification, a.ticket_number, a.ticket_system, a.created_at, a.created_by, a.removed_at,
    a.scope_id
    FROM assignment a
    JOIN principal p ON p.id = a.principal_id
    JOIN role r ON r.id = a.role_id
    JOIN scope s ON s.id = a.scope_id";

/// A listed row: the view plus the scope id used for visibility checks.
pub struct ViewRow {
    pub view: AssignmentView,
    pub scope_id: i64,
}

fn view_from_row(r: &Row<'_>, now: Ts) -> super::Result<ViewRow> {
    let pk: String = r.get(3)?;
    let rk: String = r.get(6)?;
    let ty: String = r.get(8)?;
    let start: Ts = r.get(9)?;
    let end: Option<Ts> = r.get(10)?;
    let removed: Option<Ts> = r.get(19)?;
    let state = if removed.is_some() {
        crate::core::model::AssignmentState::Removed
    } else if end.is_some_and(|e| e <= now) {
        crate::core::model::AssignmentState::Expired
    } else if start > now {
        crate::core::model::AssignmentState::Scheduled
    } else {
        crate::core::model::AssignmentState::InForce
    };
    Ok(ViewRow {
        view: AssignmentView {
            id: r.get(0)?,
            principal_id: r.get(1)?,
            principal_name: r.get(2)?,
            principal_kind: PrincipalKind::parse(&pk).unwrap_or(PrincipalKind::User),
            role_id: r.get(4)?,
            role_name: r.get(5)?,
            role_kind: RoleKind::parse(&rk).unwrap_or(RoleKind::Directory),
            scope: r.get(7)?,
            kind: AssignmentType::parse(&ty).unwrap_or(AssignmentType::Eligible),
            member_type: "direct",
            state,
            start,
            end,
            permanent: end.is_none(),
            activated_from: r.get(11)?,
            renewed_from: r.get(12)?,
            request_id: r.get(13)?,
            justification: r.get(14)?,
            ticket_number: r.get(15)?,
            ticket_system: r.get(16)?,
            created_at: r.get(17)?,
            created_by: r.get(18)?,
            removed_at: removed,
        },
        scope_id: r.get(20)?,
    })
}

pub fn list_views(c: &Conn, f: &ListFilter, now: Ts) -> Result<Vec<ViewRow>> {
    let kind = f.kind.map(|k| k.as_str());
    let (sql, args) = view_query(f, &kind, &now, ViewOrder::List);
    let mut st = c.prepare_cached(&sql)?;
    let rows = st.query_map(args.as_slice(), |r| view_from_row(r, now))?;
    rows.collect::<super::Result<_>>()
}

/// The order rows are listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewOrder {
    /// `assign list`'s: principal, role, scope, type, start.
    List,
    /// At one scope, as `assign list --scope` sorts: principal, role, start (then type).
    Start,
}

/// The query of [`list_views`] and its arguments.
fn view_query<'a>(
    f: &'a ListFilter,
    kind: &'a Option<&'static str>,
    now: &'a Ts,
    order: ViewOrder,
) -> (String, Vec<&'a dyn ToSql>) {
    let mut sql = String::from(VIEW_SELECT);
    let mut conds: Vec<&str> = Vec::new();
    let mut args: Vec<&dyn ToSql> = Vec::new();
    if let Some(p) = &f.principal_id {
        conds.push("a.principal_id = ?");
        args.push(p);
    }
    if let Some(r) = &f.role_id {
        conds.push("a.role_id = ?");
        args.push(r);
    }
    if let Some(s) = &f.scope_id {
        conds.push("a.scope_id = ?");
        args.push(s);
    }
    if let Some(k) = kind {
        conds.push("a.type = ?");
        args.push(k);
    }
    if !f.all {
        conds.push("a.removed_at IS NULL AND (a.end_at IS NULL OR a.end_at > ?)");
        args.push(now);
    }
    if !conds.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conds.join(" AND "));
    }
    sql.push_str(match order {
        ViewOrder::List => " ORDER BY p.name_key, r.name_key, s.path_key, a.type, a.start_at, a.id",
        ViewOrder::Start => " ORDER BY p.name_key, r.name_key, a.start_at, a.type, a.id",
    });
    (sql, args)
}

/// The rows [`list_views`] finds, handed to `each` one at a time in `order` until it returns
/// false, straight off the cursor (on PostgreSQL a server-side cursor): memory stays flat
/// however many rows match, and `each` may run other statements on `c` between rows.
pub fn for_each_view<E: From<StoreError>>(
    c: &Conn,
    f: &ListFilter,
    now: Ts,
    order: ViewOrder,
    mut each: impl FnMut(ViewRow) -> std::result::Result<bool, E>,
) -> std::result::Result<(), E> {
    let kind = f.kind.map(|k| k.as_str());
    let (sql, args) = view_query(f, &kind, &now, order);
    c.stream(&sql, args.as_slice(), |r| each(view_from_row(r, now)?))
}

pub fn view_by_id(c: &Conn, id: &str, now: Ts) -> Result<Option<ViewRow>> {
    c.prepare_cached(&format!("{VIEW_SELECT} WHERE a.id = ?1"))?
        .query_row([id], |r| view_from_row(r, now))
        .optional()
}

/// The live (in force or scheduled, not removed) activations a principal made from an
/// eligibility.
pub fn live_activations_by(
    c: &Conn,
    principal_id: &str,
    eligibility_id: &str,
    now: Ts,
) -> Result<Vec<Assignment>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignment a INDEXED BY assignment_by_activated_from
          WHERE a.activated_from = ?1 AND a.principal_id = ?2 AND a.removed_at IS NULL
            AND (a.end_at IS NULL OR a.end_at > ?3)
          ORDER BY a.start_at, a.id"
    ))?;
    let rows = st.query_map(params![eligibility_id, principal_id, now], from_row)?;
    rows.collect::<super::Result<_>>()
}

/// Time-bound rows whose end has passed and whose expiry is not yet recorded, oldest end first.
pub fn due_expiries(c: &Conn, now: Ts) -> Result<Vec<Assignment>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignment a INDEXED BY assignment_pending_expiry
         WHERE a.removed_at IS NULL AND a.expiry_recorded = 0 AND a.end_at IS NOT NULL
           AND a.end_at <= ?1 ORDER BY a.end_at, a.id"
    ))?;
    let rows = st.query_map([now], from_row)?;
    rows.collect::<super::Result<_>>()
}

pub fn mark_expiry_recorded(c: &Conn, id: &str) -> Result<()> {
    c.prepare_cached("UPDATE assignment SET expiry_recorded = 1 WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Eligible rows of `role_id` held by any of `holders`, at any of `scopes`, not removed and in
/// force at `at`.
pub fn eligibilities(
    c: &Conn,
    holders: &[String],
    role_id: &str,
    scopes: &[i64],
    at: Ts,
) -> Result<Vec<Assignment>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignment a INDEXED BY assignment_by_holder
         WHERE a.principal_id = ?1 AND a.role_id = ?2 AND a.type = 'eligible'
           AND a.removed_at IS NULL AND a.start_at <= ?3 AND (a.end_at IS NULL OR a.end_at > ?3)"
    ))?;
    let mut out = Vec::new();
    for h in holders {
        for r in st.query_map(params![h, role_id, at], from_row)? {
            let a = r?;
            if scopes.contains(&a.scope_id) {
                out.push(a);
            }
        }
    }
    Ok(out)
}

/// Every eligible row of the holders, in force at `at`.
pub fn eligible_of(c: &Conn, holders: &[String], at: Ts) -> Result<Vec<Assignment>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignment a WHERE a.principal_id = ?1 AND a.type = 'eligible'
           AND a.removed_at IS NULL AND a.start_at <= ?2 AND (a.end_at IS NULL OR a.end_at > ?2)
         ORDER BY a.created_at, a.id"
    ))?;
    let mut out = Vec::new();
    for h in holders {
        for r in st.query_map(params![h, at], from_row)? {
            out.push(r?);
        }
    }
    Ok(out)
}

/// Active rows of the holders that are in force at `at` or start after it.
pub fn active_live_of(c: &Conn, holders: &[String], at: Ts) -> Result<Vec<Assignment>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignment a WHERE a.principal_id = ?1 AND a.type = 'active'
           AND a.removed_at IS NULL AND (a.end_at IS NULL OR a.end_at > ?2) AND {}
         ORDER BY a.start_at, a.id",
        intact("a", "?2", false)
    ))?;
    let mut out = Vec::new();
    for h in holders {
        for r in st.query_map(params![h, at], from_row)? {
            out.push(r?);
        }
    }
    Ok(out)
}

/// A principal's own rows (not activations) of a role at a scope that are not removed.
pub fn own_of_role(
    c: &Conn,
    principal_id: &str,
    role_id: &str,
    scope_id: i64,
) -> Result<Vec<Assignment>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignment a INDEXED BY assignment_by_holder
         WHERE a.principal_id = ?1 AND a.role_id = ?2 AND a.scope_id = ?3
           AND a.activated_from IS NULL AND a.removed_at IS NULL
         ORDER BY a.start_at DESC, a.id"
    ))?;
    let rows = st.query_map(params![principal_id, role_id, scope_id], from_row)?;
    rows.collect::<super::Result<_>>()
}

/// Rows of the holders in force at `at`, judged by their schedule and removal time (so an instant
/// in the past sees what was removed since).
pub fn in_force_at(c: &Conn, holders: &[String], at: Ts) -> Result<Vec<Assignment>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM assignment a WHERE a.principal_id = ?1
           AND a.start_at <= ?2 AND (a.end_at IS NULL OR a.end_at > ?2)
           AND (a.removed_at IS NULL OR a.removed_at > ?2) AND {}
         ORDER BY a.type, a.start_at, a.id",
        intact("a", "?2", true)
    ))?;
    let mut out = Vec::new();
    for h in holders {
        for r in st.query_map(params![h, at], from_row)? {
            out.push(r?);
        }
    }
    Ok(out)
}

/// A group a principal is in: (group id, the membership's assignment when it is PIM for Groups,
/// its end).
pub type GroupLink = (String, Option<String>, Option<Ts>);

/// The enabled groups `member_id` is in at `at`, one level up: (group, assignment, end) for its
/// static memberships (no assignment, no end) first, then for its PIM-for-Groups memberships in
/// force (an active `Group Member` assignment or activation with an intact path). One statement
/// for both: each is a round trip on PostgreSQL, and every command reads the actor's groups.
pub fn groups_of(c: &Conn, member_id: &str, at: Ts) -> Result<Vec<GroupLink>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT 0 AS k, m.group_id, CAST(NULL AS TEXT), CAST(NULL AS BIGINT) FROM group_member m
           JOIN principal g ON g.id = m.group_id AND g.enabled = 1
          WHERE m.member_id = ?1
         UNION ALL
         SELECT 1 AS k, s.group_id, a.id, a.end_at FROM assignment a
           JOIN scope s ON s.id = a.scope_id AND s.group_id IS NOT NULL
           JOIN principal g ON g.id = s.group_id AND g.enabled = 1
          WHERE a.principal_id = ?1 AND a.role_id = ?2 AND a.type = 'active'
            AND a.removed_at IS NULL AND a.start_at <= ?3 AND (a.end_at IS NULL OR a.end_at > ?3)
            AND {}
         ORDER BY 1",
        intact("a", "?3", false)
    ))?;
    let rows = st.query_map(
        params![member_id, crate::core::builtin::GROUP_MEMBER, at],
        |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    rows.collect::<super::Result<_>>()
}

/// The groups `principal_id` is, or is scheduled to be, an active PIM-for-Groups member of at
/// `now` (not removed, not ended), enabled or not.
pub fn pim_groups_live_of(c: &Conn, principal_id: &str, now: Ts) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT s.group_id FROM assignment a
           JOIN scope s ON s.id = a.scope_id AND s.group_id IS NOT NULL
          WHERE a.principal_id = ?1 AND a.role_id = ?2 AND a.type = 'active'
            AND a.removed_at IS NULL AND (a.end_at IS NULL OR a.end_at > ?3)",
    )?;
    let rows = st.query_map(
        params![principal_id, crate::core::builtin::GROUP_MEMBER, now],
        |r| r.get(0),
    )?;
    rows.collect::<super::Result<_>>()
}

/// The active PIM-for-Groups members of a group at `at` (assigned or activated), as memberships.
pub fn pim_members_of(
    c: &Conn,
    group: &crate::core::model::Principal,
    at: Ts,
) -> Result<Vec<crate::core::model::Membership>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT p.id, p.name, p.kind, a.start_at, a.end_at FROM assignment a
           JOIN scope s ON s.id = a.scope_id AND s.group_id = ?1
           JOIN principal p ON p.id = a.principal_id
          WHERE a.role_id = ?2 AND a.type = 'active' AND a.removed_at IS NULL
            AND a.start_at <= ?3 AND (a.end_at IS NULL OR a.end_at > ?3) AND {}
          ORDER BY p.name_key, a.start_at",
        intact("a", "?3", false)
    ))?;
    let rows = st.query_map(
        params![group.id, crate::core::builtin::GROUP_MEMBER, at],
        |r| {
            let kind: String = r.get(2)?;
            Ok(crate::core::model::Membership {
                group: group.name.clone(),
                member_id: r.get(0)?,
                member_name: r.get(1)?,
                member_kind: crate::core::model::PrincipalKind::parse(&kind)
                    .unwrap_or(crate::core::model::PrincipalKind::User),
                added_at: r.get(3)?,
                membership: "pim",
                end: r.get(4)?,
            })
        },
    )?;
    rows.collect::<super::Result<_>>()
}

#[cfg(test)]
mod plan_tests {
    #[test]
    fn whether_a_principal_is_privileged_is_asked_of_each_holder_by_its_index() {
        let db = super::super::Db::in_memory().unwrap();
        let plan = super::super::sql::query_plan(db.conn(), &super::privileged_sql(false));
        assert!(
            !plan.lines().any(|l| l.starts_with("SCAN a")),
            "no scan of the assignments:\n{plan}"
        );
        assert!(
            !plan.contains("assignment_by_role_scope"),
            "no walk of a role's assignments:\n{plan}"
        );
        assert_eq!(
            plan.matches("USING INDEX assignment_by_holder").count(),
            2,
            "{plan}"
        );
    }
}
