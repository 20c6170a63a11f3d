//! Static group membership.

use serde_json::json;

use super::audit::{Entry, category};
use super::authz;
use super::error::{Error, Result};
use super::model::{Membership, Principal, PrincipalKind};
use super::names;
use super::session::{self, Ctx, Op, WriteOpts};
use crate::store::activation_path::Through;
use crate::store::{self, Db};

fn group_of(c: &crate::store::Conn, name: &str) -> Result<Principal> {
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
    authz::require_manage_principal(op.tx, &op.grants, &g, op.now())?;
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
        // Refuse a cycle: `g` must not already be inside `m`, statically or through PIM for
        // Groups.
        if super::membership::inside(op.tx, &m.id, &g.id, op.now())? {
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
        authz::require_manage_principal(op.tx, &op.grants, &g, op.now())?;
        if !store::principal::remove_member(op.tx, &g.id, &m.id)? {
            let members = store::principal::members(op.tx, &g)?
                .into_iter()
                .map(|x| x.member_name)
                .collect();
            return Err(Error::NotFound {
                kind: "membership",
                name: format!("{} in {}", m.name, g.name),
                candidates: names::closest(&m.name, members),
            });
        }
        // What was activated through this membership ends with it.
        super::path::end_through(
            op,
            Through::Static {
                group_id: &g.id,
                member_id: &m.id,
            },
            &format!("'{}' was removed from group '{}'", m.name, g.name),
        )?;
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
        let mut out = store::principal::members(c, &g)?;
        out.extend(store::assignment::pim_members_of(c, &g, ctx.now)?);
        Ok(out)
    })
}

/// A group under PIM for Groups, as listed.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct OnboardedGroup {
    pub group: String,
    pub group_id: String,
    /// The scope its membership and ownership are assigned at.
    pub scope: String,
    pub role_assignable: bool,
    /// Live (not ended, not removed) member and owner assignments.
    pub assignments: i64,
}

fn managed_group(op: &mut Op<'_>, group: &str) -> Result<Principal> {
    let g = group_of(op.tx, group)?;
    op.failure.set_principal(&g);
    op.failure.scope = Some(format!("/groups/{}", g.name));
    authz::require_manage_principal(op.tx, &op.grants, &g, op.now())?;
    Ok(g)
}

/// `pim group onboard GROUP`: brings a security group under PIM for Groups, so that its
/// membership and ownership can be assigned, activated and governed by settings. Returns false
/// when it already was.
pub fn onboard(
    db: &mut Db,
    ctx: &Ctx,
    group: &str,
    opts: WriteOpts,
) -> Result<(OnboardedGroup, bool)> {
    let failure = Entry::new(
        "group.onboard",
        "Onboarded resource to PIM",
        category::GROUP,
    );
    session::write(db, ctx, failure, opts, |op| {
        let g = managed_group(op, group)?;
        let path = format!("/groups/{}", g.name);
        let already = store::principal::is_onboarded(op.tx, &g.id)?;
        if !already {
            if store::scope::of_group(op.tx, &g.id)?.is_none() {
                store::scope::insert_group(op.tx, &path, &g.id, &g.name, op.now())?;
            }
            store::principal::set_onboarded(op.tx, &g.id, true)?;
            op.audit(
                &Entry::new(
                    "group.onboard",
                    "Onboarded resource to PIM",
                    category::GROUP,
                )
                .principal(&g)
                .scope(&path)
                .details(json!({ "group_id": g.id, "role_assignable": g.role_assignable })),
            )?;
        }
        let scope = store::scope::of_group(op.tx, &g.id)?
            .ok_or_else(|| Error::invalid("group scope vanished"))?;
        Ok((
            OnboardedGroup {
                assignments: store::assignment::live_count_at_scope(op.tx, scope.id, op.now())?,
                group: g.name,
                group_id: g.id,
                scope: scope.path,
                role_assignable: g.role_assignable,
            },
            !already,
        ))
    })
}

/// `pim group offboard GROUP`: takes a group out of PIM for Groups. Refused while it has member
/// or owner assignments; their history stays.
pub fn offboard(db: &mut Db, ctx: &Ctx, group: &str, opts: WriteOpts) -> Result<OnboardedGroup> {
    let failure = Entry::new(
        "group.offboard",
        "Offboarded resource from PIM",
        category::GROUP,
    );
    session::write(db, ctx, failure, opts, |op| {
        let g = managed_group(op, group)?;
        let scope = match store::scope::of_group(op.tx, &g.id)? {
            Some(s) if store::principal::is_onboarded(op.tx, &g.id)? => s,
            _ => {
                return Err(Error::invalid(format!(
                    "group '{}' is not under PIM for Groups",
                    g.name
                )));
            }
        };
        let live = store::assignment::live_count_at_scope(op.tx, scope.id, op.now())?;
        if live > 0 {
            return Err(Error::Conflict {
                message: format!(
                    "group '{}' has {live} PIM assignment{} (member or owner)",
                    g.name,
                    if live == 1 { "" } else { "s" }
                ),
                hint: Some(format!(
                    "remove them first: pim assign list --scope '{}'",
                    scope.path
                )),
            });
        }
        store::principal::set_onboarded(op.tx, &g.id, false)?;
        op.audit(
            &Entry::new(
                "group.offboard",
                "Offboarded resource from PIM",
                category::GROUP,
            )
            .principal(&g)
            .scope(&scope.path)
            .details(json!({ "group_id": g.id })),
        )?;
        Ok(OnboardedGroup {
            group: g.name,
            group_id: g.id,
            scope: scope.path,
            role_assignable: g.role_assignable,
            assignments: 0,
        })
    })
}

/// The groups under PIM for Groups.
pub fn onboarded(db: &mut Db, ctx: &Ctx) -> Result<Vec<OnboardedGroup>> {
    session::read(db, ctx, |c, _, _| {
        let mut out = Vec::new();
        for (id, _) in store::principal::onboarded_groups(c)? {
            let Some(g) = store::principal::by_id(c, &id)? else {
                continue;
            };
            let Some(scope) = store::scope::of_group(c, &id)? else {
                continue;
            };
            out.push(OnboardedGroup {
                assignments: store::assignment::live_count_at_scope(c, scope.id, ctx.now)?,
                group: g.name,
                group_id: g.id,
                scope: scope.path,
                role_assignable: g.role_assignable,
            });
        }
        Ok(out)
    })
}
