//! Access reviews and their items.

use super::{Conn, OptionalExtension, Row, params};

use super::Result;
use crate::core::clock::Ts;

#[derive(Clone, Debug)]
pub struct ReviewRow {
    pub id: String,
    pub name: String,
    pub role_id: String,
    pub scope_id: i64,
    pub assignment_type: String,
    pub self_review: bool,
    pub reviewers: Vec<String>,
    pub default_decision: String,
    pub auto_apply: bool,
    pub status: String,
    pub created_by: Option<String>,
    pub start_at: Ts,
    pub end_at: Ts,
    pub completed_at: Option<Ts>,
    pub applied: bool,
}

#[derive(Clone, Debug)]
pub struct ItemRow {
    pub review_id: String,
    pub assignment_id: String,
    pub principal_id: String,
    pub principal_name: String,
    pub assignment_type: String,
    pub last_activation_at: Option<Ts>,
    pub recommendation: String,
    pub decision: String,
    pub reviewer_id: Option<String>,
    pub justification: Option<String>,
    pub decided_at: Option<Ts>,
    pub applied_by_default: bool,
    pub apply_result: Option<String>,
}

const REVIEW_COLUMNS: &str = "id, name, role_id, scope_id, assignment_type, self_review, reviewers,
    default_decision, auto_apply, status, created_by, start_at, end_at, completed_at, applied";

fn review_from_row(r: &Row<'_>) -> super::Result<ReviewRow> {
    let reviewers: String = r.get(6)?;
    Ok(ReviewRow {
        id: r.get(0)?,
        name: r.get(1)?,
        role_id: r.get(2)?,
        scope_id: r.get(3)?,
        assignment_type: r.get(4)?,
        self_review: r.get(5)?,
        reviewers: serde_json::from_str(&reviewers).unwrap_or_default(),
        default_decision: r.get(7)?,
        auto_apply: r.get(8)?,
        status: r.get(9)?,
        created_by: r.get(10)?,
        start_at: r.get(11)?,
        end_at: r.get(12)?,
        completed_at: r.get(13)?,
        applied: r.get(14)?,
    })
}

const ITEM_COLUMNS: &str =
    "review_id, assignment_id, principal_id, principal_name, assignment_type,
    last_activation_at, recommendation, decision, reviewer_id, justification, decided_at,
    applied_by_default, apply_result";

fn item_from_row(r: &Row<'_>) -> super::Result<ItemRow> {
    Ok(ItemRow {
        review_id: r.get(0)?,
        assignment_id: r.get(1)?,
        principal_id: r.get(2)?,
        principal_name: r.get(3)?,
        assignment_type: r.get(4)?,
        last_activation_at: r.get(5)?,
        recommendation: r.get(6)?,
        decision: r.get(7)?,
        reviewer_id: r.get(8)?,
        justification: r.get(9)?,
        decided_at: r.get(10)?,
        applied_by_default: r.get(11)?,
        apply_result: r.get(12)?,
    })
}

pub fn insert(c: &Conn, r: &ReviewRow) -> Result<()> {
    c.execute(
        &format!("INSERT INTO access_review ({REVIEW_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"),
        params![
            r.id,
            r.name,
            r.role_id,
            r.scope_id,
            r.assignment_type,
            r.self_review,
            serde_json::to_string(&r.reviewers).unwrap_or_else(|_| "[]".into()),
            r.default_decision,
            r.auto_apply,
            r.status,
            r.created_by,
            r.start_at,
            r.end_at,
            r.completed_at,
            r.applied
        ],
    )?;
    Ok(())
}

pub fn insert_item(c: &Conn, i: &ItemRow) -> Result<()> {
    c.prepare_cached(&format!(
        "INSERT INTO access_review_item ({ITEM_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?
    .execute(params![
        i.review_id,
        i.assignment_id,
        i.principal_id,
        i.principal_name,
        i.assignment_type,
        i.last_activation_at,
        i.recommendation,
        i.decision,
        i.reviewer_id,
        i.justification,
        i.decided_at,
        i.applied_by_default,
        i.apply_result
    ])?;
    Ok(())
}

pub fn by_id(c: &Conn, id: &str) -> Result<Option<ReviewRow>> {
    c.prepare_cached(&format!(
        "SELECT {REVIEW_COLUMNS} FROM access_review WHERE id = ?1"
    ))?
    .query_row([id], review_from_row)
    .optional()
}

pub fn ids_with_prefix(c: &Conn, prefix: &str, limit: usize) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM access_review WHERE id >= ?1 AND id < ?1 || char(0x10FFFF) ORDER BY id LIMIT ?2",
    )?;
    let rows = st.query_map(params![prefix.to_lowercase(), limit as i64], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

pub fn list(c: &Conn) -> Result<Vec<ReviewRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {REVIEW_COLUMNS} FROM access_review ORDER BY start_at, id"
    ))?;
    let rows = st.query_map([], review_from_row)?;
    rows.collect::<super::Result<_>>()
}

/// Reviews in progress whose end has passed.
pub fn due(c: &Conn, now: Ts) -> Result<Vec<ReviewRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {REVIEW_COLUMNS} FROM access_review WHERE status = 'in_progress' AND end_at <= ?1 ORDER BY end_at, id"
    ))?;
    let rows = st.query_map([now], review_from_row)?;
    rows.collect::<super::Result<_>>()
}

pub fn items(c: &Conn, review_id: &str) -> Result<Vec<ItemRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS} FROM access_review_item WHERE review_id = ?1 ORDER BY principal_name, assignment_id"
    ))?;
    let rows = st.query_map([review_id], item_from_row)?;
    rows.collect::<super::Result<_>>()
}

#[allow(clippy::too_many_arguments)]
pub fn decide(
    c: &Conn,
    review_id: &str,
    assignment_id: &str,
    decision: &str,
    reviewer_id: Option<&str>,
    justification: Option<&str>,
    at: Ts,
    by_default: bool,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE access_review_item SET decision = ?3, reviewer_id = ?4, justification = ?5, decided_at = ?6,
             applied_by_default = ?7
         WHERE review_id = ?1 AND assignment_id = ?2",
    )?
    .execute(params![review_id, assignment_id, decision, reviewer_id, justification, at, by_default])?;
    Ok(())
}

pub fn set_apply_result(
    c: &Conn,
    review_id: &str,
    assignment_id: &str,
    result: &str,
) -> Result<()> {
    c.prepare_cached("UPDATE access_review_item SET apply_result = ?3 WHERE review_id = ?1 AND assignment_id = ?2")?
        .execute(params![review_id, assignment_id, result])?;
    Ok(())
}

pub fn complete(c: &Conn, id: &str, at: Ts, applied: bool) -> Result<()> {
    c.execute(
        "UPDATE access_review SET status = 'completed', completed_at = ?2, applied = ?3 WHERE id = ?1",
        params![id, at, applied],
    )?;
    Ok(())
}

/// The start of the latest activation made from an eligibility, if any.
pub fn last_activation(c: &Conn, eligibility_id: &str) -> Result<Option<Ts>> {
    c.prepare_cached("SELECT max(start_at) FROM assignment WHERE activated_from = ?1")?
        .query_row([eligibility_id], |r| r.get(0))
}
