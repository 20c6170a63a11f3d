//! The links an activation rests on (table `activation_link`), and the SQL condition every read of
//! what a principal holds applies: an activation whose path is broken holds nothing, whether or
//! not a write has recorded its end yet.

use super::{Conn, params};

use super::Result;
use crate::core::clock::Ts;

/// One link of an activation's path, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRow {
    /// `eligibility`, `static` or `pim`.
    pub kind: String,
    pub group_id: Option<String>,
    pub member_id: Option<String>,
    pub ref_id: Option<String>,
}

/// Records the links of a new activation, in order.
pub fn insert(c: &Conn, assignment_id: &str, links: &[LinkRow]) -> Result<()> {
    let mut st = c.prepare_cached(
        "INSERT INTO activation_link (assignment_id, pos, kind, group_id, member_id, ref_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (pos, l) in links.iter().enumerate() {
        st.execute(params![
            assignment_id,
            pos as i64,
            l.kind,
            l.group_id,
            l.member_id,
            l.ref_id
        ])?;
    }
    Ok(())
}

/// The links of an activation, in order (none for other assignments).
pub fn of(c: &Conn, assignment_id: &str) -> Result<Vec<LinkRow>> {
    let mut st = c.prepare_cached(
        "SELECT kind, group_id, member_id, ref_id FROM activation_link
          WHERE assignment_id = ?1 ORDER BY pos",
    )?;
    let rows = st.query_map([assignment_id], |r| {
        Ok(LinkRow {
            kind: r.get(0)?,
            group_id: r.get(1)?,
            member_id: r.get(2)?,
            ref_id: r.get(3)?,
        })
    })?;
    rows.collect::<super::Result<_>>()
}

/// What broke a path.
#[derive(Clone, Copy, Debug)]
pub enum Through<'a> {
    /// An assignment the path rests on: the eligibility, or a PIM-for-Groups membership.
    Assignment(&'a str),
    /// A static membership.
    Static {
        group_id: &'a str,
        member_id: &'a str,
    },
    /// A principal on the way: a group the path passes through, or a member of one.
    Principal(&'a str),
}

/// The ids of activations not removed and not ended at `now` whose path passes through `t`.
pub fn live_through(c: &Conn, t: Through<'_>, now: Ts) -> Result<Vec<String>> {
    const LIVE: &str = "a.removed_at IS NULL AND (a.end_at IS NULL OR a.end_at > ?2)";
    let (sql, key1, key2): (String, &str, Option<&str>) = match t {
        Through::Assignment(id) => (
            format!(
                "SELECT DISTINCT a.id FROM activation_link l JOIN assignment a ON a.id = l.assignment_id
                  WHERE l.ref_id = ?1 AND {LIVE} ORDER BY a.id"
            ),
            id,
            None,
        ),
        Through::Static {
            group_id,
            member_id,
        } => (
            format!(
                "SELECT DISTINCT a.id FROM activation_link l JOIN assignment a ON a.id = l.assignment_id
                  WHERE l.kind = 'static' AND l.group_id = ?1 AND l.member_id = ?3 AND {LIVE}
                  ORDER BY a.id"
            ),
            group_id,
            Some(member_id),
        ),
        Through::Principal(id) => (
            format!(
                "SELECT a.id FROM activation_link l JOIN assignment a ON a.id = l.assignment_id
                  WHERE l.group_id = ?1 AND {LIVE}
                 UNION
                 SELECT a.id FROM activation_link l JOIN assignment a ON a.id = l.assignment_id
                  WHERE l.member_id = ?1 AND {LIVE}
                 ORDER BY 1"
            ),
            id,
            None,
        ),
    };
    let mut st = c.prepare_cached(&sql)?;
    let rows = match key2 {
        Some(k2) => st
            .query_map(params![key1, now, k2], |r| r.get(0))?
            .collect::<super::Result<Vec<String>>>()?,
        None => st
            .query_map(params![key1, now], |r| r.get(0))?
            .collect::<super::Result<Vec<String>>>()?,
    };
    Ok(rows)
}

/// SQL that holds when every link of assignment `a`'s path is in force at the instant `t` (a
/// parameter such as `?2`): the eligibility not removed, still eligible and not ended; each
/// static membership still there, in an enabled group; each PIM-for-Groups membership not
/// removed, still active and not ended, in an enabled group. Rows that are not activations have
/// no links and always pass.
///
/// With `historical`, a row removed after `t` still counts at `t` (as `pim access --at` judges
/// assignments); static membership and whether a group is enabled are taken as they are now.
pub fn intact(a: &str, t: &str, historical: bool) -> String {
    let not_removed = |x: &str| {
        if historical {
            format!("({x}.removed_at IS NULL OR {x}.removed_at > {t})")
        } else {
            format!("{x}.removed_at IS NULL")
        }
    };
    format!(
        "NOT EXISTS (SELECT 1 FROM activation_link l WHERE l.assignment_id = {a}.id AND NOT (
           (l.kind = 'eligibility' AND EXISTS (SELECT 1 FROM assignment e WHERE e.id = l.ref_id
               AND e.type = 'eligible' AND {e_live} AND (e.end_at IS NULL OR e.end_at > {t})))
           OR (l.kind = 'static' AND EXISTS (SELECT 1 FROM group_member m
               JOIN principal g ON g.id = m.group_id AND g.enabled = 1
               WHERE m.group_id = l.group_id AND m.member_id = l.member_id))
           OR (l.kind = 'pim' AND EXISTS (SELECT 1 FROM assignment x
               JOIN principal g ON g.id = l.group_id AND g.enabled = 1
               WHERE x.id = l.ref_id AND x.type = 'active' AND {x_live}
                 AND (x.end_at IS NULL OR x.end_at > {t})))))",
        e_live = not_removed("e"),
        x_live = not_removed("x"),
    )
}
