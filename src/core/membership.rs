//! Group membership as pim sees it at an instant: static membership, and PIM-for-Groups
//! membership (an active `Group Member` assignment or an activation of one), followed through
//! nested groups. Each group comes with the path that makes the principal a member and the end of
//! that path: the earliest end of its links, so that when one link ends, everything held through
//! it ends too.

use std::collections::HashMap;

use crate::store::Conn;
use serde::Serialize;

use super::clock::{Ts, serde_ts};
use super::error::Result;
use crate::store;

/// One hop: membership of `group_id`, statically or through PIM for Groups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    pub group_id: String,
    /// `static` or `pim`.
    pub how: &'static str,
    /// For a PIM membership: the assignment (or activation) that grants it.
    pub assignment_id: Option<String>,
    #[serde(with = "serde_ts::option")]
    pub end: Option<Ts>,
}

/// How a principal is a member of one group, and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupPath {
    pub group_id: String,
    /// The earliest end over the links (None: permanent).
    pub end: Option<Ts>,
    /// From the principal outwards: the first link is a group the principal itself is in.
    pub links: Vec<Link>,
}

/// Later is better; `None` (permanent) is best.
fn outlasts(a: Option<Ts>, b: Option<Ts>) -> bool {
    match (a, b) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) => x > y,
        _ => false,
    }
}

fn min_end(a: Option<Ts>, b: Option<Ts>) -> Option<Ts> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Every enabled group `principal_id` is a member of at `at`, each with its longest-lasting path.
pub fn paths(c: &Conn, principal_id: &str, at: Ts) -> Result<HashMap<String, GroupPath>> {
    let mut best: HashMap<String, GroupPath> = HashMap::new();
    // (member whose groups to expand, the path that reached it)
    let mut queue: Vec<(String, Option<GroupPath>)> = vec![(principal_id.to_string(), None)];
    while let Some((member, via)) = queue.pop() {
        let hops: Vec<Link> = store::assignment::groups_of(c, &member, at)?
            .into_iter()
            .map(|(g, a, end)| Link {
                group_id: g,
                how: if a.is_some() { "pim" } else { "static" },
                assignment_id: a,
                end,
            })
            .collect();
        for link in hops {
            if link.group_id == principal_id {
                continue;
            }
            let (mut links, end) = match &via {
                Some(p) => (p.links.clone(), min_end(p.end, link.end)),
                None => (Vec::new(), link.end),
            };
            // A path never passes through the same group twice.
            if links.iter().any(|l| l.group_id == link.group_id) {
                continue;
            }
            let group_id = link.group_id.clone();
            links.push(link);
            let candidate = GroupPath {
                group_id: group_id.clone(),
                end,
                links,
            };
            let better = match best.get(&group_id) {
                None => true,
                Some(old) => outlasts(candidate.end, old.end),
            };
            if better {
                best.insert(group_id.clone(), candidate.clone());
                queue.push((group_id, Some(candidate)));
            }
        }
    }
    Ok(best)
}

/// Whether `inner` is inside group `outer`, directly or through nested groups, by static
/// membership or by a PIM-for-Groups membership that is live at `now` (in force or scheduled),
/// whether or not the groups on the way are enabled: adding `outer` to `inner` would close a
/// cycle.
pub fn inside(c: &Conn, outer: &str, inner: &str, now: Ts) -> Result<bool> {
    let mut seen: Vec<String> = vec![inner.to_string()];
    let mut queue = vec![inner.to_string()];
    while let Some(x) = queue.pop() {
        let mut up = store::principal::static_groups_of_any(c, &x)?;
        up.extend(store::assignment::pim_groups_live_of(c, &x, now)?);
        for g in up {
            if g == outer {
                return Ok(true);
            }
            if !seen.contains(&g) {
                seen.push(g.clone());
                queue.push(g);
            }
        }
    }
    Ok(false)
}

/// The ids of the groups `principal_id` is a member of at `at`.
pub fn groups(c: &Conn, principal_id: &str, at: Ts) -> Result<Vec<String>> {
    let mut v: Vec<String> = paths(c, principal_id, at)?.into_keys().collect();
    v.sort();
    Ok(v)
}

/// The end of a role held through `holder`: the assignment's end, cut by the membership's.
pub fn end_through(path: Option<&GroupPath>, assignment_end: Option<Ts>) -> Option<Ts> {
    match path {
        Some(p) => min_end(p.end, assignment_end),
        None => assignment_end,
    }
}
