//! The path an activation comes through, and what ends it.
//!
//! An activation is made from an eligibility: the principal's own, or a group's that the principal
//! is a member of (statically, through PIM for Groups, or through nested groups). The activation
//! records that path (the eligibility and every membership on the way) and rests on it: it never
//! ends later than any link, reads count it only while every link is in force, and a write that
//! removes or shortens a link ends or clips it in the same transaction, audited with the reason.

use std::collections::HashMap;

use crate::store::Conn;
use serde_json::json;

use super::assign::category_of;
use super::audit::Entry;
use super::clock::{Ts, rfc3339};
use super::error::{Error, Result};
use super::membership::{self, GroupPath};
use super::model::{Assignment, AssignmentType, Principal, PrincipalKind, RequestStatus};
use super::session::Op;
use crate::store::activation_path::{LinkRow, Through};
use crate::store::{self};

/// How a principal holds an eligibility at an instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    /// The eligibility first, then the memberships from the principal outwards (with the paths
    /// of memberships that are themselves activations copied in).
    pub links: Vec<LinkRow>,
    /// The earliest end over the links (None: none of them ends).
    pub end: Option<Ts>,
    /// The group the eligibility is held by, when it is not the principal's own.
    pub via_group: Option<String>,
}

fn min_end(a: Option<Ts>, b: Option<Ts>) -> Option<Ts> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// How `principal` holds `eligibility` at `at`: its own, or a group's it is a member of then.
/// `None` when it does not hold it (any more). Only users and service principals hold
/// eligibilities for themselves; a group's members activate the group's.
pub fn resolve(
    c: &Conn,
    principal: &Principal,
    eligibility: &Assignment,
    at: Ts,
) -> Result<Option<Path>> {
    let groups = if principal.kind == PrincipalKind::Group {
        HashMap::new()
    } else {
        membership::paths(c, &principal.id, at)?
    };
    resolve_through(c, principal, eligibility, at, &groups)
}

/// [`resolve`], given the groups the principal is a member of at `at` ([`membership::paths`]).
pub fn resolve_through(
    c: &Conn,
    principal: &Principal,
    eligibility: &Assignment,
    at: Ts,
    groups: &HashMap<String, GroupPath>,
) -> Result<Option<Path>> {
    if eligibility.kind != AssignmentType::Eligible
        || eligibility.removed_at.is_some()
        || eligibility.end_at.is_some_and(|e| e <= at)
        || !principal.enabled
        || principal.kind == PrincipalKind::Group
    {
        return Ok(None);
    }
    let mut links = vec![LinkRow {
        kind: "eligibility".into(),
        group_id: None,
        member_id: None,
        ref_id: Some(eligibility.id.clone()),
    }];
    let mut end = eligibility.end_at;
    if eligibility.principal_id == principal.id {
        return Ok(Some(Path {
            links,
            end,
            via_group: None,
        }));
    }
    let Some(gp) = groups.get(&eligibility.principal_id) else {
        return Ok(None);
    };
    let mut member = principal.id.clone();
    for l in &gp.links {
        if l.how == "static" {
            links.push(LinkRow {
                kind: "static".into(),
                group_id: Some(l.group_id.clone()),
                member_id: Some(member.clone()),
                ref_id: None,
            });
        } else {
            links.push(LinkRow {
                kind: "pim".into(),
                group_id: Some(l.group_id.clone()),
                member_id: Some(member.clone()),
                ref_id: l.assignment_id.clone(),
            });
            // A membership that is itself an activation rests on its own path: this one does too.
            if let Some(aid) = &l.assignment_id {
                for inner in store::activation_path::of(c, aid)? {
                    if !links.contains(&inner) {
                        links.push(inner);
                    }
                }
            }
        }
        end = min_end(end, l.end);
        member = l.group_id.clone();
    }
    Ok(Some(Path {
        links,
        end,
        via_group: Some(eligibility.principal_id.clone()),
    }))
}

/// Records the path of a new activation.
pub fn record(c: &Conn, activation_id: &str, path: &Path) -> Result<()> {
    Ok(store::activation_path::insert(
        c,
        activation_id,
        &path.links,
    )?)
}

/// The path as the audit shows it: the eligibility, then each membership.
pub fn describe(c: &Conn, path: &Path) -> Result<serde_json::Value> {
    let name = |id: &Option<String>| -> Result<Option<String>> {
        Ok(match id {
            Some(id) => Some(
                store::principal::by_id(c, id)?
                    .map(|p| p.name)
                    .unwrap_or_else(|| id.clone()),
            ),
            None => None,
        })
    };
    let mut out = Vec::new();
    for l in &path.links {
        out.push(json!({
            "link": l.kind,
            "group": name(&l.group_id)?,
            "member": name(&l.member_id)?,
            "assignment_id": l.ref_id,
        }));
    }
    Ok(json!({ "via_group": name(&path.via_group)?, "links": out, "end": path.end.map(rfc3339) }))
}

/// Ends, in this write, every live activation whose path passes through `through`: marked
/// removed, its granting request `revoked`, and one audit row each naming the reason. Returns
/// the activations ended.
pub fn end_through(op: &mut Op<'_>, through: Through<'_>, reason: &str) -> Result<Vec<String>> {
    let ids = store::activation_path::live_through(op.tx, through, op.now())?;
    let what = match through {
        Through::Assignment(id) => json!({ "assignment_id": id }),
        Through::Static {
            group_id,
            member_id,
        } => json!({ "group_id": group_id, "member_id": member_id }),
        Through::Principal(id) => json!({ "principal_id": id }),
    };
    for id in &ids {
        end_one(op, id, reason, &what)?;
    }
    Ok(ids)
}

/// Ends the live activations a principal holds itself (when it is disabled or deleted).
pub fn end_own(op: &mut Op<'_>, principal_id: &str, reason: &str) -> Result<Vec<String>> {
    let ids: Vec<String> = store::assignment::live_of_principal(op.tx, principal_id, op.now())?
        .into_iter()
        .filter(|a| a.activated_from.is_some())
        .map(|a| a.id)
        .collect();
    let what = json!({ "principal_id": principal_id });
    for id in &ids {
        end_one(op, id, reason, &what)?;
    }
    Ok(ids)
}

fn end_one(op: &mut Op<'_>, id: &str, reason: &str, what: &serde_json::Value) -> Result<()> {
    let now = op.now();
    let Some(a) = store::assignment::by_id(op.tx, id)? else {
        return Ok(());
    };
    if a.removed_at.is_some() || a.end_at.is_some_and(|e| e <= now) {
        return Ok(());
    }
    store::assignment::set_removed(op.tx, &a.id, now, Some(&op.actor.id))?;
    if let Some(rid) = &a.request_id {
        store::request::finish_granted(op.tx, rid, RequestStatus::Revoked, now)?;
    }
    let mut e = entry(op.tx, &a, "activation.revoke", REVOKED)?;
    e.details = Some(json!({
        "reason": reason,
        "through": what,
        "activated_from": a.activated_from,
        "ended_at": rfc3339(now),
        "was_scheduled": a.start_at > now,
    }));
    op.audit(&e)?;
    Ok(())
}

const REVOKED: &str = "Remove member from role completed (PIM activation revoked)";
const CLIPPED: &str = "Update member in PIM completed (PIM activation shortened)";

fn entry(c: &Conn, a: &Assignment, code: &str, activity: &str) -> Result<Entry> {
    let p = store::principal::by_id(c, &a.principal_id)?;
    let r = store::role::by_id(c, &a.role_id)?.ok_or_else(|| Error::invalid("role vanished"))?;
    let s = store::scope::by_id(c, a.scope_id)?
        .map(|s| s.path)
        .unwrap_or_default();
    let mut e = Entry::new(code, activity, category_of(r.kind))
        .role(&r)
        .scope(&s);
    if let Some(p) = &p {
        e.set_principal(p);
    }
    e.assignment_id = Some(a.id.clone());
    e.request_id = a.request_id.clone();
    e.start_at = Some(a.start_at);
    e.end_at = a.end_at;
    Ok(e)
}

/// After an assignment an activation may rest on (an eligibility, or a PIM-for-Groups membership)
/// was changed: every live activation through it that it no longer covers ends, and every one
/// that would now outlive it is cut to its new end. `reason` says what changed.
pub fn follow_change(op: &mut Op<'_>, link: &Assignment, reason: &str) -> Result<()> {
    let now = op.now();
    let ids = store::activation_path::live_through(op.tx, Through::Assignment(&link.id), now)?;
    let what = json!({ "assignment_id": link.id });
    for id in ids {
        let Some(a) = store::assignment::by_id(op.tx, &id)? else {
            continue;
        };
        let as_link: Vec<_> = store::activation_path::of(op.tx, &a.id)?
            .into_iter()
            .filter(|l| l.ref_id.as_deref() == Some(link.id.as_str()))
            .collect();
        let wanted = if as_link.iter().any(|l| l.kind == "eligibility") {
            AssignmentType::Eligible
        } else {
            AssignmentType::Active
        };
        let covers = link.kind == wanted
            && link.removed_at.is_none()
            && link.start_at <= a.start_at.max(now)
            && link.end_at.is_none_or(|e| e > a.start_at.max(now));
        if !covers {
            end_one(op, &a.id, reason, &what)?;
            continue;
        }
        if let Some(new_end) = link.end_at
            && a.end_at.is_none_or(|e| e > new_end)
        {
            store::assignment::update_schedule(
                op.tx,
                &a.id,
                AssignmentType::Active,
                a.start_at,
                Some(new_end),
                None,
            )?;
            let mut e = entry(op.tx, &a, "activation.clip", CLIPPED)?;
            e.end_at = Some(new_end);
            e.details = Some(json!({
                "reason": reason,
                "through": what,
                "activated_from": a.activated_from,
                "old_end": a.end_at.map(rfc3339),
                "new_end": rfc3339(new_end),
            }));
            op.audit(&e)?;
        }
    }
    Ok(())
}
