//! `pim status` (what a principal can activate, has active, scheduled and pending) and `pim check`
//! (does a principal hold a role at a scope right now, and how).

use std::collections::HashMap;

use crate::store::Conn;
use serde::{Deserialize, Serialize};

use super::authz::{self, Grants};
use super::clock::{Ts, serde_ts, serde_word};
use super::error::{Error, Result};
use super::membership::{self, GroupPath};
use super::model::{Assignment, AssignmentType, Principal, PrincipalKind, RoleKind};
use super::names;
use super::session::{self, Ctx};
use crate::store::{self, Db};

/// One row of `pim status`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StatusItem {
    pub assignment_id: String,
    /// The role's name; `pim activate --from` reads it back.
    pub role: String,
    pub role_id: String,
    pub role_kind: RoleKind,
    pub scope: String,
    #[serde(rename = "type")]
    pub kind: AssignmentType,
    /// `direct`, or `group` when held through a group.
    #[serde(deserialize_with = "serde_word::deserialize")]
    pub member_type: crate::core::clock::serde_word::Word,
    /// The group it is held through.
    pub via_group: Option<String>,
    /// The eligibility an activation was made from.
    pub activated_from: Option<String>,
    #[serde(with = "serde_ts")]
    pub start: Ts,
    #[serde(with = "serde_ts::option")]
    pub end: Option<Ts>,
    /// Seconds until the end (null when permanent); for scheduled rows, until the start.
    pub time_left_secs: Option<i64>,
    pub justification: Option<String>,
    /// When a provisioning binding covers it (docs/provisioning.md): `done` once every target
    /// carried out its grant, else `queued` or `failed`. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioned: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Status {
    pub principal: String,
    pub principal_id: String,
    #[serde(with = "serde_ts")]
    pub at: Ts,
    pub eligible: Vec<StatusItem>,
    pub active: Vec<StatusItem>,
    pub scheduled: Vec<StatusItem>,
    pub pending: Vec<store::request::PendingRow>,
    /// Someone else's status, of which the actor may see only part.
    #[serde(default, skip_serializing_if = "crate::core::wire::hidden")]
    pub narrowed: Option<authz::Narrowed>,
}

struct Names<'c> {
    c: &'c Conn,
    principals: HashMap<String, String>,
    roles: HashMap<String, (String, RoleKind)>,
    scopes: HashMap<i64, String>,
}

impl<'c> Names<'c> {
    fn new(c: &'c Conn) -> Self {
        Names {
            c,
            principals: HashMap::new(),
            roles: HashMap::new(),
            scopes: HashMap::new(),
        }
    }

    fn principal(&mut self, id: &str) -> Result<String> {
        if let Some(n) = self.principals.get(id) {
            return Ok(n.clone());
        }
        let n = store::principal::by_id(self.c, id)?
            .map(|p| p.name)
            .unwrap_or_else(|| id.to_string());
        self.principals.insert(id.to_string(), n.clone());
        Ok(n)
    }

    fn role(&mut self, id: &str) -> Result<(String, RoleKind)> {
        if let Some(r) = self.roles.get(id) {
            return Ok(r.clone());
        }
        let r = store::role::by_id(self.c, id)?
            .map(|r| (r.name, r.kind))
            .ok_or_else(|| Error::invalid("role vanished"))?;
        self.roles.insert(id.to_string(), r.clone());
        Ok(r)
    }

    fn scope(&mut self, id: i64) -> Result<String> {
        if let Some(s) = self.scopes.get(&id) {
            return Ok(s.clone());
        }
        let s = store::scope::by_id(self.c, id)?
            .map(|s| s.path)
            .ok_or_else(|| Error::invalid("scope vanished"))?;
        self.scopes.insert(id, s.clone());
        Ok(s)
    }

    fn item(
        &mut self,
        who: &Principal,
        a: &Assignment,
        now: Ts,
        groups: &HashMap<String, GroupPath>,
    ) -> Result<StatusItem> {
        let (role, role_kind) = self.role(&a.role_id)?;
        let end = membership::end_through(groups.get(&a.principal_id), a.end_at);
        let via_group = if a.principal_id != who.id {
            Some(self.principal(&a.principal_id)?)
        } else {
            None
        };
        Ok(StatusItem {
            assignment_id: a.id.clone(),
            role,
            role_id: a.role_id.clone(),
            role_kind,
            scope: self.scope(a.scope_id)?,
            kind: a.kind,
            member_type: if via_group.is_some() {
                "group"
            } else {
                "direct"
            },
            via_group,
            activated_from: a.activated_from.clone(),
            start: a.start_at,
            end,
            time_left_secs: if a.start_at > now {
                Some(a.start_at - now)
            } else {
                end.map(|e| e - now)
            },
            justification: a.justification.clone(),
            provisioned: if a.kind == AssignmentType::Active {
                crate::provision::manage::provisioned(self.c, &a.id, &who.id)?
            } else {
                None
            },
        })
    }
}

/// Whether the actor may see another principal's status and check their access: the directory
/// readers for directory roles; Azure rows are filtered by scope.
fn may_view(c: &Conn, grants: &Grants, kind: RoleKind, scope_id: i64) -> Result<bool> {
    let ancestors = store::scope::ancestors(c, scope_id)?;
    Ok(authz::can_view(grants, kind, &ancestors))
}

pub fn status(db: &mut Db, ctx: &Ctx, principal: Option<&str>) -> Result<Status> {
    session::read(db, ctx, |c, actor, grants| {
        let who = match principal {
            Some(p) => names::principal(c, p)?,
            None => actor.clone(),
        };
        let own = who.id == actor.id;
        let now = ctx.now;
        let groups = if who.kind == PrincipalKind::Group {
            HashMap::new()
        } else {
            membership::paths(c, &who.id, now)?
        };
        let mut holders = vec![who.id.clone()];
        holders.extend(groups.keys().cloned());
        let mut n = Names::new(c);
        let mut out = Status {
            principal: who.name.clone(),
            principal_id: who.id.clone(),
            at: now,
            eligible: vec![],
            active: vec![],
            scheduled: vec![],
            pending: vec![],
            narrowed: if own {
                None
            } else {
                authz::assignments_narrowed(grants, None)
            },
        };
        let visible = |a: &Assignment, kind: RoleKind| -> Result<bool> {
            Ok(own || may_view(c, grants, kind, a.scope_id)?)
        };
        if !who.enabled {
            // A disabled principal holds nothing; show nothing in force.
            return Ok(out);
        }
        // A service principal is never eligible, not even through a group it is in.
        let may_activate = who.kind != PrincipalKind::ServicePrincipal;
        for a in store::assignment::eligible_of(c, &holders, now)? {
            if !may_activate {
                break;
            }
            let item = n.item(&who, &a, now, &groups)?;
            if visible(&a, item.role_kind)? {
                out.eligible.push(item);
            }
        }
        for a in store::assignment::active_live_of(c, &holders, now)? {
            let item = n.item(&who, &a, now, &groups)?;
            if !visible(&a, item.role_kind)? {
                continue;
            }
            if a.start_at > now {
                out.scheduled.push(item);
            } else {
                out.active.push(item);
            }
        }
        if own || grants.is_directory_reader() {
            out.pending = store::request::pending_of(c, &who.id, now)?;
        }
        if !own
            && out.eligible.is_empty()
            && out.active.is_empty()
            && out.scheduled.is_empty()
            && !grants.is_directory_reader()
        {
            // Saying "nothing" about someone you may not see would be a lie.
            let any = !store::assignment::live_of_principal(c, &who.id, now)?.is_empty();
            if any {
                return Err(Error::not_authorized(format!(
                    "you may not see what '{}' holds",
                    who.name
                )));
            }
        }
        Ok(out)
    })
}

/// One way a principal holds a role at a scope.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccessPath {
    /// The assignment the path rests on (null for static group membership).
    pub assignment_id: Option<String>,
    /// `direct`, `group` (through a group's assignment) or `inherited` (from a parent scope);
    /// a group's assignment at a parent scope is `group`, with `inherited_from` set. For a
    /// group's `member` access, `static` is membership outside PIM (`group member add`, directly
    /// or through nested groups).
    #[serde(deserialize_with = "serde_word::deserialize")]
    pub member_type: crate::core::clock::serde_word::Word,
    pub via_group: Option<String>,
    /// The scope the assignment is at, when above the one asked about.
    pub inherited_from: Option<String>,
    /// The eligibility, when the assignment is an activation.
    pub activated_from: Option<String>,
    /// When this path ends: the assignment's end, cut by the end of the group membership.
    #[serde(with = "serde_ts::option")]
    pub end: Option<Ts>,
    /// For `group` paths: the chain of memberships from the principal to the holding group,
    /// static or through PIM for Groups, each with its own end.
    pub through: Vec<ChainLink>,
}

/// One membership on the way from a principal to the group that holds a role.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChainLink {
    pub group: String,
    /// `static`, or `pim` (an active or activated PIM-for-Groups membership).
    #[serde(deserialize_with = "serde_word::deserialize")]
    pub membership: crate::core::clock::serde_word::Word,
    pub assignment_id: Option<String>,
    #[serde(with = "serde_ts::option")]
    pub end: Option<Ts>,
}

fn chain(n: &mut Names<'_>, path: Option<&GroupPath>) -> Result<Vec<ChainLink>> {
    let Some(p) = path else { return Ok(vec![]) };
    p.links
        .iter()
        .map(|l| {
            Ok(ChainLink {
                group: n.principal(&l.group_id)?,
                membership: l.how,
                assignment_id: l.assignment_id.clone(),
                end: l.end,
            })
        })
        .collect()
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Check {
    pub principal: String,
    pub role: String,
    pub role_id: String,
    pub scope: String,
    #[serde(with = "serde_ts")]
    pub at: Ts,
    pub holds: bool,
    /// When access ends at the latest over all paths (null when a path is permanent).
    #[serde(with = "serde_ts::option")]
    pub until: Option<Ts>,
    pub paths: Vec<AccessPath>,
}

/// `pim check --principal P --role R [--scope S]`: whether P holds R at S now, directly, through a
/// group, or from a parent scope.
pub fn check(
    db: &mut Db,
    ctx: &Ctx,
    principal: &str,
    role: &str,
    scope: Option<&str>,
) -> Result<Check> {
    session::read(db, ctx, |c, actor, grants| {
        let who = names::principal(c, principal)?;
        let role = names::role(c, role)?;
        let scope = match scope {
            Some(s) => names::scope(c, s)?,
            None if role.kind == RoleKind::Directory => names::scope(c, "/")?,
            None => {
                return Err(super::assign::scope_needed(&role));
            }
        };
        super::assign::check_fit(&role, &scope)?;
        // The paths come with the keys: an inherited holding names the scope it comes from.
        let above = store::scope::ancestors_with_paths(c, scope.id)?;
        let ancestors: Vec<i64> = above.iter().map(|(id, _)| *id).collect();
        if who.id != actor.id && !authz::can_view(grants, role.kind, &ancestors) {
            return Err(Error::not_authorized(format!(
                "checking what '{}' holds needs the right to see '{}' assignments at {}",
                who.name, role.name, scope.path
            )));
        }
        let held = Grants::load(c, &who, ctx.now)?;
        let mut n = Names::new(c);
        n.scopes.extend(above);
        let mut paths = Vec::new();
        for g in held
            .items
            .iter()
            .filter(|g| g.role_id == role.id && ancestors.contains(&g.scope_id))
        {
            let via_group = match &g.via_group {
                Some(id) => Some(n.principal(id)?),
                None => None,
            };
            let inherited_from = if g.scope_id != scope.id {
                Some(n.scope(g.scope_id)?)
            } else {
                None
            };
            paths.push(AccessPath {
                assignment_id: Some(g.assignment_id.clone()),
                member_type: match (&via_group, &inherited_from) {
                    (Some(_), _) => "group",
                    (None, Some(_)) => "inherited",
                    (None, None) => "direct",
                },
                via_group,
                inherited_from,
                activated_from: g.activated_from.clone(),
                end: g.end_at,
                through: chain(
                    &mut n,
                    g.via_group.as_ref().and_then(|id| held.groups.get(id)),
                )?,
            });
        }
        // Membership of a group is also held outside PIM: static membership, directly or through
        // nested groups, with no PIM link on the way.
        if role.id == super::builtin::GROUP_MEMBER
            && let Some(gid) = scope.group_id.as_deref()
            && let Some(p) = held.groups.get(gid)
            && p.links.iter().all(|l| l.how == "static")
        {
            paths.push(AccessPath {
                assignment_id: None,
                member_type: "static",
                via_group: None,
                inherited_from: None,
                activated_from: None,
                end: None,
                through: chain(&mut n, Some(p))?,
            });
        }
        let until = if paths.iter().any(|p| p.end.is_none()) {
            None
        } else {
            paths.iter().filter_map(|p| p.end).max()
        };
        Ok(Check {
            principal: who.name,
            role: role.name,
            role_id: role.id,
            scope: scope.path,
            at: ctx.now,
            holds: !paths.is_empty(),
            until,
            paths,
        })
    })
}

/// One role a principal holds (or may activate) at one scope, and how.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct AccessItem {
    pub role: String,
    pub role_id: String,
    pub role_kind: RoleKind,
    pub scope: String,
    /// `active` (in force: an active assignment or an activation) or `eligible`.
    #[serde(rename = "type")]
    pub kind: AssignmentType,
    /// `direct`, or `group` when held through a group.
    #[serde(deserialize_with = "serde_word::deserialize")]
    pub member_type: crate::core::clock::serde_word::Word,
    pub via_group: Option<String>,
    pub assignment_id: String,
    pub activated_from: Option<String>,
    #[serde(with = "serde_ts")]
    pub start: Ts,
    /// The end of the assignment, cut by the end of the group membership it is held through.
    #[serde(with = "serde_ts::option")]
    pub end: Option<Ts>,
    /// For `group` rows: the chain of memberships from the principal to the holding group.
    pub through: Vec<ChainLink>,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Access {
    pub principal: String,
    pub principal_id: String,
    #[serde(with = "serde_ts")]
    pub at: Ts,
    pub enabled: bool,
    /// Roles in force at `at`, each way it is held. A role held at a scope also applies below it.
    pub holds: Vec<AccessItem>,
    /// Roles the principal may activate at `at`.
    pub eligible: Vec<AccessItem>,
}

/// `pim access --principal P [--at T]`: everything P holds at an instant, and how. Assignments are
/// judged by their schedule and removal time; group membership and whether P is enabled are as
/// they are now (pim keeps no history of those outside the audit log).
pub fn access(db: &mut Db, ctx: &Ctx, principal: &str, at: Option<Ts>) -> Result<Access> {
    session::read(db, ctx, |c, actor, grants| {
        let who = names::principal(c, principal)?;
        let at = at.unwrap_or(ctx.now);
        let own = who.id == actor.id;
        let mut out = Access {
            principal: who.name.clone(),
            principal_id: who.id.clone(),
            at,
            enabled: who.enabled,
            holds: vec![],
            eligible: vec![],
        };
        if !who.enabled {
            return Ok(out);
        }
        let groups = if who.kind == PrincipalKind::Group {
            HashMap::new()
        } else {
            membership::paths(c, &who.id, at)?
        };
        let mut holders = vec![who.id.clone()];
        holders.extend(groups.keys().cloned());
        let mut n = Names::new(c);
        let mut hidden = false;
        for a in store::assignment::in_force_at(c, &holders, at)? {
            let item = n.item(&who, &a, at, &groups)?;
            if !own && !may_view(c, grants, item.role_kind, a.scope_id)? {
                hidden = true;
                continue;
            }
            let entry = AccessItem {
                role: item.role,
                role_id: item.role_id,
                role_kind: item.role_kind,
                scope: item.scope,
                kind: a.kind,
                member_type: item.member_type,
                via_group: item.via_group,
                assignment_id: a.id.clone(),
                activated_from: a.activated_from.clone(),
                start: a.start_at,
                end: item.end,
                through: chain(&mut n, groups.get(&a.principal_id))?,
            };
            match a.kind {
                AssignmentType::Active => out.holds.push(entry),
                // A service principal is never eligible, not even through a group it is in.
                AssignmentType::Eligible if who.kind == PrincipalKind::ServicePrincipal => {}
                AssignmentType::Eligible => out.eligible.push(entry),
            }
        }
        if hidden && out.holds.is_empty() && out.eligible.is_empty() {
            return Err(Error::not_authorized(format!(
                "you may not see what '{}' holds",
                who.name
            )));
        }
        Ok(out)
    })
}

/// One role that grants an action, and how the principal holds it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActionGrant {
    pub role: String,
    pub role_id: String,
    /// The permission of the role that covers the action (it may be a wildcard).
    pub permission: String,
    #[serde(deserialize_with = "serde_word::deserialize")]
    pub member_type: crate::core::clock::serde_word::Word,
    pub via_group: Option<String>,
    pub inherited_from: Option<String>,
    pub assignment_id: String,
    #[serde(with = "serde_ts::option")]
    pub end: Option<Ts>,
    pub through: Vec<ChainLink>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ActionCheck {
    pub principal: String,
    pub action: String,
    pub scope: String,
    #[serde(with = "serde_ts")]
    pub at: Ts,
    pub allowed: bool,
    #[serde(with = "serde_ts::option")]
    pub until: Option<Ts>,
    pub grants: Vec<ActionGrant>,
}

/// `pim check --principal P --action A [--scope S]`: whether any role P holds at S (or above it)
/// grants the action, with wildcards as Entra and Azure write them (see `permission`).
pub fn check_action(
    db: &mut Db,
    ctx: &Ctx,
    principal: &str,
    action: &str,
    scope: Option<&str>,
) -> Result<ActionCheck> {
    super::role::check_permission(action)?;
    if action.starts_with('!') || action.contains('*') {
        return Err(Error::invalid_with_hint(
            format!("'{action}' is a pattern, not an action"),
            "ask about one action, e.g. microsoft.directory/users/password/update",
        ));
    }
    session::read(db, ctx, |c, actor, grants| {
        let who = names::principal(c, principal)?;
        let scope = names::scope(c, scope.unwrap_or("/"))?;
        let kind = if scope.kind.is_azure() {
            RoleKind::Azure
        } else if scope.kind.is_group() {
            RoleKind::Group
        } else {
            RoleKind::Directory
        };
        if who.id != actor.id && !may_view(c, grants, kind, scope.id)? {
            return Err(Error::not_authorized(format!(
                "checking what '{}' may do needs the right to see assignments at {}",
                who.name, scope.path
            )));
        }
        let held = Grants::load(c, &who, ctx.now)?;
        let ancestors = store::scope::ancestors(c, scope.id)?;
        let mut n = Names::new(c);
        let mut out = Vec::new();
        for g in held
            .items
            .iter()
            .filter(|g| ancestors.contains(&g.scope_id))
        {
            let Some(role) = store::role::by_id(c, &g.role_id)? else {
                continue;
            };
            if role.kind != kind {
                continue;
            }
            let role = super::role::with_builtin_permissions(role);
            let Some(permission) = super::permission::granting(&role.permissions, action) else {
                continue;
            };
            let via_group = match &g.via_group {
                Some(id) => Some(n.principal(id)?),
                None => None,
            };
            let inherited_from = if g.scope_id != scope.id {
                Some(n.scope(g.scope_id)?)
            } else {
                None
            };
            out.push(ActionGrant {
                permission: permission.to_string(),
                member_type: match (&via_group, &inherited_from) {
                    (Some(_), _) => "group",
                    (None, Some(_)) => "inherited",
                    (None, None) => "direct",
                },
                via_group,
                inherited_from,
                assignment_id: g.assignment_id.clone(),
                end: g.end_at,
                through: chain(
                    &mut n,
                    g.via_group.as_ref().and_then(|id| held.groups.get(id)),
                )?,
                role: role.name,
                role_id: role.id,
            });
        }
        let until = if out.iter().any(|p| p.end.is_none()) {
            None
        } else {
            out.iter().filter_map(|p| p.end).max()
        };
        Ok(ActionCheck {
            principal: who.name,
            action: action.to_string(),
            scope: scope.path,
            at: ctx.now,
            allowed: !out.is_empty(),
            until,
            grants: out,
        })
    })
}
