//! The notification outbox: rows written with their event, claimed and marked by deliver runs.

use super::{Conn, OptionalExtension, Row, params};

use super::Result;
use crate::core::clock::Ts;

/// One row as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRow {
    pub seq: i64,
    pub id: String,
    pub created_at: Ts,
    pub kind: String,
    pub audience: String,
    pub recipient_id: Option<String>,
    pub recipient_name: Option<String>,
    pub address: Option<String>,
    pub subject: String,
    pub body: String,
    pub payload: String,
    pub critical: bool,
    pub attempts: i64,
    pub next_attempt_at: Ts,
    pub last_attempt_at: Option<Ts>,
    pub last_error: Option<String>,
    pub delivered_at: Option<Ts>,
    pub channel: Option<String>,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<Ts>,
}

const COLUMNS: &str = "o.seq, o.id, n.created_at, n.kind, n.audience, o.recipient_id,
    o.recipient_name, o.address, n.subject, n.body, n.payload, n.critical, o.attempts,
    o.next_attempt_at, o.last_attempt_at, o.last_error, o.delivered_at, o.channel, o.claimed_by,
    o.claimed_until";

/// Each recipient's row with its message.
const FROM: &str = "outbox o JOIN notification n ON n.seq = o.notification";

fn from_row(r: &Row<'_>) -> super::Result<OutboxRow> {
    Ok(OutboxRow {
        seq: r.get(0)?,
        id: r.get(1)?,
        created_at: r.get(2)?,
        kind: r.get(3)?,
        audience: r.get(4)?,
        recipient_id: r.get(5)?,
        recipient_name: r.get(6)?,
        address: r.get(7)?,
        subject: r.get(8)?,
        body: r.get(9)?,
        payload: r.get(10)?,
        critical: r.get(11)?,
        attempts: r.get(12)?,
        next_attempt_at: r.get(13)?,
        last_attempt_at: r.get(14)?,
        last_error: r.get(15)?,
        delivered_at: r.get(16)?,
        channel: r.get(17)?,
        claimed_by: r.get(18)?,
        claimed_until: r.get(19)?,
    })
}

/// One message of an event to one audience, written once whatever the number of recipients.
#[derive(Clone, Debug)]
pub struct NewNotification<'a> {
    pub created_at: Ts,
    pub kind: &'a str,
    pub audience: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub payload: &'a str,
    pub critical: bool,
}

/// Writes a message; returns its key for the recipients' rows.
pub fn insert_notification(c: &Conn, n: &NewNotification<'_>) -> Result<i64> {
    // The key comes back with the insert (one round trip on PostgreSQL, not three).
    c.prepare_cached(
        "INSERT INTO notification (created_at, kind, audience, subject, body, payload, critical)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING seq",
    )?
    .query_row(
        params![
            n.created_at,
            n.kind,
            n.audience,
            n.subject,
            n.body,
            n.payload,
            n.critical
        ],
        |r| r.get(0),
    )
}

/// One recipient of a message, due at once.
#[derive(Clone, Debug)]
pub struct NewRecipient<'a> {
    pub id: &'a str,
    pub notification: i64,
    pub due_at: Ts,
    pub recipient_id: Option<&'a str>,
    pub recipient_name: Option<&'a str>,
    pub address: Option<&'a str>,
    /// A group, expanded to its members at delivery.
    pub expand: bool,
    /// Comma-separated principals the expansion leaves out.
    pub except_ids: Option<&'a str>,
}

pub fn insert(c: &Conn, r: &NewRecipient<'_>) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO outbox (id, notification, recipient_id, recipient_name, address,
             next_attempt_at, expand, except_ids)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        r.id,
        r.notification,
        r.recipient_id,
        r.recipient_name,
        r.address,
        r.due_at,
        r.expand,
        r.except_ids
    ])?;
    Ok(())
}

/// What delivery reports of a group's row once its members' rows replace it.
pub const EXPANDED: &str = "members";

/// Replaces every undelivered group row with one row per enabled member (nested groups too; a
/// disabled group passes nothing on) that the message does not already reach, leaving out the
/// row's exceptions; the group's row is marked delivered through `EXPANDED`. Run in the claim's
/// transaction, so that two runs never expand a row twice. Returns how many rows were added.
pub fn expand_groups(c: &Conn, now: Ts) -> Result<usize> {
    type Due = (i64, String, i64, Option<String>);
    let due: Vec<Due> = {
        let mut st = c.prepare_cached(
            "SELECT seq, recipient_id, notification, except_ids FROM outbox
              INDEXED BY outbox_pending
             WHERE delivered_at IS NULL AND expand = 1
             ORDER BY seq",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<super::Result<_>>()?
    };
    let mut added = 0;
    for (seq, group, notification, except) in due {
        let except: Vec<&str> = except.as_deref().unwrap_or("").split(',').collect();
        let mut reached =
            c.prepare_cached("SELECT 1 FROM outbox WHERE notification = ?1 AND recipient_id = ?2")?;
        for p in members(c, &group)? {
            if except.contains(&p.id.as_str()) || reached.exists(params![notification, p.id])? {
                continue;
            }
            let id = uuid::Uuid::new_v4().to_string();
            insert(
                c,
                &NewRecipient {
                    id: &id,
                    notification,
                    due_at: now,
                    recipient_id: Some(&p.id),
                    recipient_name: Some(&p.name),
                    address: p.email.as_deref(),
                    expand: false,
                    except_ids: None,
                },
            )?;
            added += 1;
        }
        c.prepare_cached(
            "UPDATE outbox SET delivered_at = ?2, last_attempt_at = ?2, channel = ?3
              WHERE seq = ?1",
        )?
        .execute(params![seq, now, EXPANDED])?;
    }
    Ok(added)
}

/// Filters of `pim notifications list`.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Not yet delivered.
    pub undelivered: bool,
    /// Tried and failed at least once, not yet delivered.
    pub failed: bool,
    pub limit: Option<u64>,
}

/// The rows matching `f`, newest first.
pub fn list(c: &Conn, f: Filter) -> Result<Vec<OutboxRow>> {
    let mut sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE 1 = 1");
    if f.undelivered || f.failed {
        sql.push_str(" AND o.delivered_at IS NULL");
    }
    if f.failed {
        sql.push_str(" AND o.last_error IS NOT NULL");
    }
    sql.push_str(" ORDER BY o.seq DESC");
    if let Some(n) = f.limit {
        sql.push_str(&format!(" LIMIT {n}"));
    }
    let mut st = c.prepare(&sql)?;
    let rows = st.query_map([], from_row)?;
    rows.collect::<super::Result<_>>()
}

pub fn by_seq(c: &Conn, seq: i64) -> Result<Option<OutboxRow>> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE o.seq = ?1"))?
        .query_row([seq], from_row)
        .optional()
}

/// Claims up to `limit` rows due at `now` that no live claim holds, for `token` until `until`.
/// Run inside a write transaction, so that two runs never claim the same row.
pub fn claim(c: &Conn, token: &str, now: Ts, until: Ts, limit: u64) -> Result<Vec<OutboxRow>> {
    expand_groups(c, now)?;
    let seqs: Vec<i64> = {
        let mut st = c.prepare_cached(
            "SELECT seq FROM outbox INDEXED BY outbox_pending
             WHERE delivered_at IS NULL AND next_attempt_at <= ?1
               AND (claimed_until IS NULL OR claimed_until <= ?1)
             ORDER BY next_attempt_at, seq LIMIT ?2",
        )?;
        let rows = st.query_map(params![now, limit as i64], |r| r.get(0))?;
        rows.collect::<super::Result<_>>()?
    };
    let mut out = Vec::with_capacity(seqs.len());
    let mut up = c.prepare_cached(
        "UPDATE outbox SET claimed_by = ?2, claimed_until = ?3 WHERE seq = ?1 AND delivered_at IS NULL",
    )?;
    for seq in seqs {
        up.execute(params![seq, token, until])?;
        if let Some(r) = by_seq(c, seq)? {
            out.push(r);
        }
    }
    Ok(out)
}

/// Marks a claimed row delivered. Returns false when the claim was lost (another run took it over
/// after the lease ran out); the row is then left as that run leaves it.
pub fn mark_delivered(c: &Conn, seq: i64, token: &str, at: Ts, channels: &str) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE outbox SET delivered_at = ?3, channel = ?4, attempts = attempts + 1,
                 last_attempt_at = ?3, claimed_by = NULL, claimed_until = NULL
             WHERE seq = ?1 AND claimed_by = ?2 AND delivered_at IS NULL",
        )?
        .execute(params![seq, token, at, channels])?;
    Ok(n == 1)
}

/// Records a failed attempt: the error, the channels that did accept it, and when to try again.
pub fn mark_failed(
    c: &Conn,
    seq: i64,
    token: &str,
    at: Ts,
    error: &str,
    next_attempt_at: Ts,
    channels: Option<&str>,
) -> Result<bool> {
    let n = c
        .prepare_cached(
            "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?3, last_error = ?4,
                 next_attempt_at = ?5, channel = ?6, claimed_by = NULL, claimed_until = NULL
             WHERE seq = ?1 AND claimed_by = ?2 AND delivered_at IS NULL",
        )?
        .execute(params![seq, token, at, error, next_attempt_at, channels])?;
    Ok(n == 1)
}

/// Sets a once-only key; false when it was already set.
pub fn mark_once(c: &Conn, key: &str, at: Ts) -> Result<bool> {
    let n = c
        .prepare_cached("INSERT OR IGNORE INTO notification_mark (key, at) VALUES (?1, ?2)")?
        .execute(params![key, at])?;
    Ok(n == 1)
}

pub fn count(c: &Conn) -> Result<i64> {
    c.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
}

/// A principal a notification can go to: a user or service principal, or a group (told through
/// its members when delivered).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub group: bool,
}

/// Principals holding an active assignment of one of `role_ids` at one of `scope_ids`, in force
/// at `now` (directly; a group's holding is returned as the group). One statement for every
/// (role, scope) pair: a write that tells an Azure role's administrators asks about two roles at
/// every scope above it, and on PostgreSQL each statement is a round trip.
pub fn active_holders(
    c: &Conn,
    role_ids: &[&str],
    scope_ids: &[i64],
    now: Ts,
) -> Result<Vec<String>> {
    if role_ids.is_empty() || scope_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut st = c.prepare_cached(&format!(
        "SELECT DISTINCT a.principal_id FROM assignment a
          WHERE a.role_id IN ({}) AND a.scope_id IN ({}) AND a.type = 'active'
            AND a.removed_at IS NULL AND a.start_at <= ?1 AND (a.end_at IS NULL OR a.end_at > ?1)
            AND {}
          ORDER BY a.principal_id",
        super::placeholders(2, role_ids.len()),
        super::placeholders(2 + role_ids.len(), scope_ids.len()),
        super::activation_path::intact("a", "?1", false)
    ))?;
    let mut args: Vec<super::Value> = Vec::with_capacity(1 + role_ids.len() + scope_ids.len());
    args.push(super::Value::Integer(now));
    args.extend(
        role_ids
            .iter()
            .map(|r| super::Value::Text((*r).to_string())),
    );
    args.extend(scope_ids.iter().map(|s| super::Value::Integer(*s)));
    let rows = st.query_map(super::params_from_iter(args.iter()), |r| {
        r.get::<_, String>(0)
    })?;
    rows.collect()
}

/// The enabled principals among `ids`, each once, by name. A group is kept as itself: delivery
/// expands it to its members (`expand_groups`), so that a write tells a group of any size with
/// one row.
pub fn people(c: &Conn, ids: &[String]) -> Result<Vec<Person>> {
    let mut out: Vec<Person> = Vec::new();
    let mut unique: Vec<&str> = ids.iter().map(String::as_str).collect();
    unique.sort_unstable();
    unique.dedup();
    // A few hundred IDs a statement: one round trip for a write's usual handful of recipients,
    // and well inside either engine's limit on parameters.
    for chunk in unique.chunks(500) {
        let mut st = c.prepare_cached(&format!(
            "SELECT id, name, email, kind = 'group' FROM principal
              WHERE id IN ({}) AND enabled = 1",
            super::placeholders(1, chunk.len())
        ))?;
        let rows = st.query_map(super::params_from_iter(chunk.iter()), |r| {
            Ok(Person {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
                group: r.get(3)?,
            })
        })?;
        for p in rows {
            out.push(p?);
        }
    }
    out.sort_by_key(|p| p.name.to_lowercase());
    Ok(out)
}

/// A group's enabled members who are people (users and service principals), nested groups
/// expanded (a disabled group passes nothing on), each once, by name.
pub fn members(c: &Conn, group_id: &str) -> Result<Vec<Person>> {
    let mut st = c.prepare_cached(
        // CROSS JOIN fixes the order: from the few rows of `down` into the indexes, never a scan
        // of group_member (which SQLite's planner may choose for a CTE of unknown size).
        "WITH RECURSIVE down(id) AS (
             SELECT id FROM principal WHERE id = ?1
             UNION
             SELECT m.member_id FROM down
               CROSS JOIN principal g ON g.id = down.id AND g.kind = 'group' AND g.enabled = 1
               CROSS JOIN group_member m ON m.group_id = down.id)
         SELECT p.id, p.name, p.email FROM down CROSS JOIN principal p ON p.id = down.id
          WHERE p.enabled = 1 AND p.kind != 'group'",
    )?;
    let rows = st.query_map([group_id], |r| {
        Ok(Person {
            id: r.get(0)?,
            name: r.get(1)?,
            email: r.get(2)?,
            group: false,
        })
    })?;
    // `down` is a set: each member once.
    let mut out: Vec<Person> = rows.collect::<super::Result<_>>()?;
    out.sort_by_key(|p| p.name.to_lowercase());
    Ok(out)
}

/// Assignments given by an administrator (not activations) whose end falls in `(now, now +
/// within]`, that started no later than `end - within`: those a reminder `within` before the end
/// is due for.
pub fn ending_within(
    c: &Conn,
    now: Ts,
    within: i64,
) -> Result<Vec<crate::core::model::Assignment>> {
    let ids: Vec<String> = {
        let mut st = c.prepare_cached(
            "SELECT a.id FROM assignment a INDEXED BY assignment_pending_expiry
              WHERE a.removed_at IS NULL AND a.expiry_recorded = 0 AND a.end_at IS NOT NULL
                AND a.end_at > ?1 AND a.end_at <= ?1 + ?2 AND a.activated_from IS NULL
                AND a.created_at <= a.end_at - ?2
              ORDER BY a.end_at, a.id",
        )?;
        let rows = st.query_map(params![now, within], |r| r.get(0))?;
        rows.collect::<super::Result<_>>()?
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(a) = super::assignment::by_id(c, &id)? {
            out.push(a);
        }
    }
    Ok(out)
}

/// Assignments and activations created in `[from, to]`.
pub fn created_between(c: &Conn, from: Ts, to: Ts) -> Result<Vec<crate::core::model::Assignment>> {
    let ids: Vec<String> = {
        let mut st = c.prepare_cached(
            "SELECT id FROM assignment WHERE created_at >= ?1 AND created_at <= ?2
              ORDER BY created_at, id",
        )?;
        let rows = st.query_map(params![from, to], |r| r.get(0))?;
        rows.collect::<super::Result<_>>()?
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(a) = super::assignment::by_id(c, &id)? {
            out.push(a);
        }
    }
    Ok(out)
}

/// Reviews in progress whose end falls in `(now, now + within]`.
pub fn reviews_ending(c: &Conn, now: Ts, within: i64) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM access_review INDEXED BY access_review_open
          WHERE status = 'in_progress' AND end_at > ?1 AND end_at <= ?1 + ?2 ORDER BY end_at, id",
    )?;
    let rows = st.query_map(params![now, within], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}
