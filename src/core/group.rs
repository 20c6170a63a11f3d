//! Static group membership.

use serde_json::json;

use super::audit::{Entry, category};
use super::authz;
use super::error::{Error, Result};
use super::model::{Membership, Principal, PrincipalKind};
use super::names;
use super::session::{self, Ctx, Op, WriteOpts};
use crate::store::{self, Db};

fn group_of(c: &rusqlite::Connection, name: &str) -> Result<Principal> {
    let g = names::principal(c, name)?;
    if g.kind != PrincipalKind::Group {
        return Err(Error::invalid(format!(
            "'{}' is a {}, not a group",
            g.name, g.kind
        )));
    }
    Ok(g)
}

/// Adds `member` to `group` within a write (shared with the sample organisation).
pub fn add_member_in(op: &mut Op<'_>, group: &str, member: &str) -> Result<bool> {
    let g = group_of(op.tx, group)?;
    let m = names::principal(op.tx, member)?;
    op.failure.set_principal(&m);
    op.failure.scope = Some(g.name.clone());
    authz::require_principal_admin(&op.grants, PrincipalKind::Group, g.role_assignable)?;
    if m.id == g.id {
        return Err(Error::invalid("a group cannot be a member of itself"));
    }
    if m.kind == PrincipalKind::Group {
        if g.role_assignable {
            return Err(Error::invalid_with_hint(
                format!(
                    "'{}' is role-assignable: groups cannot be nested in it",
                    g.name
                ),
                "add the group's members directly",
            ));
        }
        // Refuse a cycle: `g` must not already be inside `m`.
        if store::principal::groups_of(op.tx, &g.id)?.contains(&m.id) {
            return Err(Error::invalid(format!(
                "'{}' is already inside '{}': adding it would make a cycle",
                g.name, m.name
            )));
        }
    }
    let added = store::principal::add_member(op.tx, &g.id, &m.id, op.now())?;
    if added {
        op.audit(
            &Entry::new("group.member.add", "Add member to group", category::GROUP)
                .principal(&m)
                .scope(&g.name)
                .details(json!({ "group_id": g.id, "group": g.name })),
        )?;
    }
    Ok(added)
}

pub fn add_member(db: &mut Db, ctx: &Ctx, group: &str, member: &str) -> Result<bool> {
    let failure = Entry::new("group.member.add", "Add member to group", category::GROUP);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        add_member_in(op, group, member)
    })
}

pub fn remove_member(db: &mut Db, ctx: &Ctx, group: &str, member: &str) -> Result<bool> {
    let failure = Entry::new(
        "group.member.remove",
        "Remove member from group",
        category::GROUP,
    );
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let g = group_of(op.tx, group)?;
        let m = names::principal(op.tx, member)?;
        op.failure.set_principal(&m);
        op.failure.scope = Some(g.name.clone());
        authz::require_principal_admin(&op.grants, PrincipalKind::Group, g.role_assignable)?;
        if !store::principal::remove_member(op.tx, &g.id, &m.id)? {
            return Err(Error::NotFound {
                kind: "membership",
                name: format!("{} in {}", m.name, g.name),
                candidates: vec![],
            });
        }
        op.audit(
            &Entry::new(
                "group.member.remove",
                "Remove member from group",
                category::GROUP,
            )
            .principal(&m)
            .scope(&g.name)
            .details(json!({ "group_id": g.id, "group": g.name })),
        )?;
        Ok(true)
    })
}

pub fn members(db: &mut Db, ctx: &Ctx, group: &str) -> Result<Vec<Membership>> {
    session::read(db, ctx, |c, _, _| {
        let g = group_of(c, group)?;
        Ok(store::principal::members(c, &g)?)
    })
}
