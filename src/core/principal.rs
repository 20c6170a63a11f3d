//! Principals: users, groups and service principals.

use crate::store::Conn;
use serde::Serialize;
use serde_json::json;

use super::audit::{Entry, category};
use super::authz;
use super::error::{Error, Result};
use super::model::{AssignmentView, Principal, PrincipalKind};
use super::names;
use super::session::{self, Ctx, Op, WriteOpts};
use super::{assign, policy};
use crate::store::activation_path::Through;
use crate::store::{self, Db};

/// Entra's limit on role-assignable groups.
pub const MAX_ROLE_ASSIGNABLE_GROUPS: i64 = 500;

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct NewPrincipal {
    pub name: String,
    pub kind: Option<PrincipalKind>,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub role_assignable: bool,
    pub break_glass: bool,
    /// The Microsoft Entra object id (a GUID) documents from Graph or ARM name it by.
    pub object_id: Option<String>,
}

fn activity(kind: PrincipalKind, verb: &str) -> (String, &'static str) {
    let (noun, cat) = match kind {
        PrincipalKind::User => ("user", category::USER),
        PrincipalKind::Group => ("group", category::GROUP),
        PrincipalKind::ServicePrincipal => ("service principal", category::APPLICATION),
    };
    (format!("{verb} {noun}"), cat)
}

/// Checks a principal name: a login or UPN, printable, bounded.
pub fn check_name(name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::invalid("a principal name cannot be empty"));
    }
    if name.trim() != name {
        return Err(Error::invalid(
            "a principal name cannot start or end with spaces",
        ));
    }
    if name.chars().count() > 256 {
        return Err(Error::invalid("a principal name is at most 256 characters"));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid(
            "a principal name cannot contain control characters",
        ));
    }
    if let Some(c) = name.chars().find(|&c| is_invisible(c)) {
        return Err(Error::invalid(format!(
            "a principal name cannot contain invisible or bidirectional control characters (it holds U+{:04X})",
            c as u32
        )));
    }
    // Wherever a principal is named, an ID or a unique ID prefix is accepted too: a name that
    // could be read as one would let it stand for (or be mistaken for) another principal.
    if names::looks_like_id_prefix(name) {
        return Err(Error::invalid_with_hint(
            format!(
                "'{name}' could be taken for a principal ID: names are not made only of hexadecimal digits and dashes"
            ),
            "add a letter beyond a-f or another character, e.g. a prefix such as 'svc-' or 'user-'",
        ));
    }
    Ok(())
}

/// Characters no name may hold: they show as nothing, or reorder what is around them, so that a
/// name could look like another (`bob` and `bo\u{200b}b`, `admin\u{202e}` …): zero-width
/// characters and joiners, the bidirectional marks, embeddings, overrides and isolates, and the
/// other invisible format characters.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{061c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

fn check_email(email: &str) -> Result<()> {
    let ok = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && !d.is_empty() && !d.contains('@'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!("invalid email address '{email}'")))
    }
}

/// Checks an external object id: a GUID, as Entra writes them. Returns it lower-cased.
pub fn check_object_id(text: &str) -> Result<String> {
    super::msformat::ids::guid(text).ok_or_else(|| {
        Error::invalid_with_hint(
            format!(
                "invalid object id '{}'",
                text.trim().chars().take(80).collect::<String>()
            ),
            "an object id is the principal's Microsoft Entra object id, a GUID such as 071cc716-8147-4397-a5ba-b2105951cc0b",
        )
    })
}

/// Refuses an object id another principal already carries, or that is another principal's own
/// id: documents name a principal without an object id by its pim id (as pim's exports write
/// it), so such an object id would take that principal's place in every import.
fn check_object_id_free(c: &Conn, object_id: &str, own_id: Option<&str>) -> Result<()> {
    match store::principal::by_object_id(c, object_id)? {
        Some(other) if Some(other.id.as_str()) != own_id => Err(Error::Conflict {
            message: format!(
                "object id {object_id} already belongs to principal '{}'",
                other.name
            ),
            hint: Some("an object id names one principal; clear it there first (`pim principal update NAME --clear-object-id`)".into()),
        }),
        _ => match store::principal::by_id(c, object_id)? {
            Some(other) if Some(other.id.as_str()) != own_id => Err(Error::Conflict {
                message: format!(
                    "object id {object_id} is the id of principal '{}'{}",
                    other.name,
                    if store::principal::is_removed(c, &other.id)? {
                        " (removed)"
                    } else {
                        ""
                    }
                ),
                hint: Some(
                    "documents name a principal by its id when it has no object id: give each principal its own Entra object id".into(),
                ),
            }),
            _ => Ok(()),
        },
    }
}

/// Creates a principal within a write (shared with `init`).
pub fn create_in(op: &mut Op<'_>, p: &NewPrincipal) -> Result<Principal> {
    let kind = p.kind.unwrap_or(PrincipalKind::User);
    let (act, cat) = activity(kind, "Add");
    *op.failure = Entry::new("principal.create", act.clone(), cat);
    op.failure.principal_name = Some(p.name.clone());
    let privileged = if p.break_glass {
        Some(format!("'{}' would be a break-glass account", p.name))
    } else if p.role_assignable {
        Some(format!("'{}' would be a role-assignable group", p.name))
    } else {
        None
    };
    authz::require_principal_admin(&op.grants, kind, privileged.as_deref())?;
    let principal = validate_new(op.tx, p, op.now())?;
    store::principal::insert(op.tx, &principal)?;
    op.audit(
        &Entry::new("principal.create", act, cat)
            .principal(&principal)
            .details(json!({
                "kind": kind.as_str(),
                "email": principal.email,
                "display_name": principal.display_name,
                "role_assignable": principal.role_assignable,
                "break_glass": principal.break_glass,
                "object_id": principal.object_id,
            })),
    )?;
    Ok(principal)
}

/// Validates a new principal against the rules and the names already taken.
pub fn validate_new(c: &Conn, p: &NewPrincipal, now: i64) -> Result<Principal> {
    let kind = p.kind.unwrap_or(PrincipalKind::User);
    check_name(&p.name)?;
    if let Some(e) = &p.email {
        check_email(e)?;
    }
    if let Some(d) = &p.display_name {
        policy::check_text("display name", d, 256)?;
    }
    if p.role_assignable && kind != PrincipalKind::Group {
        return Err(Error::invalid("only groups can be role-assignable"));
    }
    if p.break_glass && kind != PrincipalKind::User {
        return Err(Error::invalid("only users can be break-glass accounts"));
    }
    if store::principal::by_name(c, &p.name)?.is_some() {
        return Err(Error::conflict(format!(
            "principal '{}' already exists",
            p.name
        )));
    }
    let object_id = p.object_id.as_deref().map(check_object_id).transpose()?;
    if let Some(o) = &object_id {
        check_object_id_free(c, o, None)?;
    }
    if p.role_assignable
        && store::principal::count_role_assignable_groups(c)? >= MAX_ROLE_ASSIGNABLE_GROUPS
    {
        return Err(Error::conflict(format!(
            "there are already {MAX_ROLE_ASSIGNABLE_GROUPS} role-assignable groups, the most allowed"
        )));
    }
    Ok(Principal {
        id: uuid::Uuid::new_v4().to_string(),
        kind,
        name: p.name.clone(),
        display_name: p.display_name.clone(),
        email: p.email.clone(),
        enabled: true,
        break_glass: p.break_glass,
        role_assignable: p.role_assignable,
        created_at: now,
        object_id,
    })
}

pub fn add(db: &mut Db, ctx: &Ctx, p: &NewPrincipal, opts: WriteOpts) -> Result<Principal> {
    let kind = p.kind.unwrap_or(PrincipalKind::User);
    let (act, cat) = activity(kind, "Add");
    let mut failure = Entry::new("principal.create", act, cat);
    failure.principal_name = Some(p.name.clone());
    session::write(db, ctx, failure, opts, |op| create_in(op, p))
}

pub fn list(db: &mut Db, ctx: &Ctx, kind: Option<PrincipalKind>) -> Result<Vec<Principal>> {
    session::read(db, ctx, |c, _, _| Ok(store::principal::list(c, kind)?))
}

/// A principal with its groups, members and the assignments the actor may see.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct PrincipalDetail {
    #[serde(flatten)]
    pub principal: Principal,
    pub groups: Vec<String>,
    pub members: Vec<String>,
    pub assignments: Vec<AssignmentView>,
}

pub fn show(db: &mut Db, ctx: &Ctx, name: &str) -> Result<PrincipalDetail> {
    session::read(db, ctx, |c, actor, grants| {
        let p = names::principal(c, name)?;
        let mut groups: Vec<String> = Vec::new();
        for g in super::membership::groups(c, &p.id, ctx.now)? {
            if let Some(gp) = store::principal::by_id(c, &g)? {
                groups.push(gp.name);
            }
        }
        groups.sort_by_key(|g| g.to_lowercase());
        let members = if p.kind == PrincipalKind::Group {
            store::principal::members(c, &p)?
                .into_iter()
                .map(|m| m.member_name)
                .collect()
        } else {
            vec![]
        };
        let filter = store::assignment::ListFilter {
            principal_id: Some(p.id.clone()),
            ..Default::default()
        };
        let assignments = assign::visible(c, actor, grants, &filter, ctx.now)?;
        Ok(PrincipalDetail {
            principal: p,
            groups,
            members,
            assignments,
        })
    })
}

/// Enables or disables a principal. Returns whether anything changed.
pub fn set_enabled(db: &mut Db, ctx: &Ctx, name: &str, enabled: bool) -> Result<(Principal, bool)> {
    let verb = if enabled { "Enable" } else { "Disable" };
    let code = if enabled {
        "principal.enable"
    } else {
        "principal.disable"
    };
    let failure = Entry::new(code, format!("{verb} account"), category::USER);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let mut p = names::principal(op.tx, name)?;
        op.failure.set_principal(&p);
        let (_, cat) = activity(p.kind, verb);
        op.failure.category = cat.to_string();
        authz::require_manage_principal(op.tx, &op.grants, &p, op.now())?;
        if p.enabled == enabled {
            return Ok((p, false));
        }
        store::principal::set_enabled(op.tx, &p.id, enabled)?;
        if !enabled {
            // A disabled principal holds nothing: its activations, and those made through it
            // (a group on the way), end now rather than come back when it is enabled again.
            let why = format!("'{}' was disabled", p.name);
            super::path::end_own(op, &p.id, &why)?;
            super::path::end_through(op, Through::Principal(&p.id), &why)?;
        }
        p.enabled = enabled;
        op.audit(&Entry::new(code, format!("{verb} account"), cat).principal(&p))?;
        Ok((p, true))
    })
}

/// What `principal update` changes: `Some(None)` clears a field. On the wire an absent key keeps
/// the field, `null` clears it.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipalUpdate {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub email: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub display_name: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub object_id: Option<Option<String>>,
}

/// A key that is present, even as `null`: `Some(value)`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    use serde::Deserialize;
    Option::<String>::deserialize(d).map(Some)
}

/// Changes a principal's email address or display name (its name and kind never change).
/// Returns whether anything changed.
pub fn update(
    db: &mut Db,
    ctx: &Ctx,
    name: &str,
    u: &PrincipalUpdate,
    opts: WriteOpts,
) -> Result<(Principal, bool)> {
    let failure = Entry::new("principal.update", "Update user", category::USER);
    session::write(db, ctx, failure, opts, |op| {
        let mut p = names::principal(op.tx, name)?;
        op.failure.set_principal(&p);
        let (act, cat) = activity(p.kind, "Update");
        op.failure.activity = act.clone();
        op.failure.category = cat.to_string();
        authz::require_manage_principal(op.tx, &op.grants, &p, op.now())?;
        if u.email.is_none() && u.display_name.is_none() && u.object_id.is_none() {
            return Err(Error::invalid_with_hint(
                "nothing to change",
                "pass --email E, --clear-email, --display-name D, --object-id GUID or --clear-object-id",
            ));
        }
        let mut changes = serde_json::Map::new();
        if let Some(email) = &u.email {
            if let Some(e) = email {
                check_email(e)?;
            }
            if *email != p.email {
                changes.insert("email".into(), json!({ "old": p.email, "new": email }));
                p.email = email.clone();
            }
        }
        if let Some(display) = &u.display_name {
            if let Some(d) = display {
                super::policy::check_text("display name", d, 256)?;
            }
            if *display != p.display_name {
                changes.insert(
                    "display_name".into(),
                    json!({ "old": p.display_name, "new": display }),
                );
                p.display_name = display.clone();
            }
        }
        let mut object_id_changed = false;
        if let Some(object_id) = &u.object_id {
            let new = object_id.as_deref().map(check_object_id).transpose()?;
            if let Some(o) = &new {
                check_object_id_free(op.tx, o, Some(&p.id))?;
            }
            if new != p.object_id {
                changes.insert(
                    "object_id".into(),
                    json!({ "old": p.object_id, "new": new }),
                );
                p.object_id = new;
                object_id_changed = true;
            }
        }
        if changes.is_empty() {
            return Ok((p, false));
        }
        if object_id_changed {
            store::principal::set_object_id(op.tx, &p.id, p.object_id.as_deref())?;
        }
        store::principal::set_contact(op.tx, &p.id, p.email.as_deref(), p.display_name.as_deref())?;
        op.audit(
            &Entry::new("principal.update", act, cat)
                .principal(&p)
                .details(serde_json::Value::Object(changes)),
        )?;
        Ok((p, true))
    })
}

#[derive(Debug, Serialize, serde::Deserialize)]
pub struct Removal {
    pub principal: Principal,
    pub removed_assignments: Vec<String>,
}

/// Removes a principal: marked removed, never deleted (its history stays; its name is free). One
/// with live assignments needs `force`, which removes them first (each audited), unless that
/// would break a protection; its waiting requests are canceled (audited).
pub fn remove(db: &mut Db, ctx: &Ctx, name: &str, force: bool) -> Result<Removal> {
    let failure = Entry::new("principal.remove", "Delete user", category::USER);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let p = names::principal(op.tx, name)?;
        op.failure.set_principal(&p);
        let (act, cat) = activity(p.kind, "Delete");
        op.failure.activity = act.clone();
        op.failure.category = cat.to_string();
        authz::require_manage_principal(op.tx, &op.grants, &p, op.now())?;
        // An approver named in role settings would leave those settings pointing at nobody.
        let approving = store::settings::naming(op.tx, &p.id)?;
        if !approving.is_empty() {
            let listed: Vec<String> = approving
                .iter()
                .map(|(r, s)| format!("{r} at {s}"))
                .collect();
            return Err(Error::Conflict {
                message: format!("'{}' is an approver in the settings of {}", p.name, listed.join(", ")),
                hint: Some("change those settings first (`pim settings set ... --approver` or `--clear-approvers`)".into()),
            });
        }
        // A group's own PIM-for-Groups assignments (other principals' membership and ownership)
        // would go with it unrecorded: they must be removed, and the group offboarded, first.
        if let Some(scope) = store::scope::of_group(op.tx, &p.id)? {
            let held = store::assignment::live_count_at_scope(op.tx, scope.id, op.now())?;
            if held > 0 {
                return Err(Error::Conflict {
                    message: format!(
                        "group '{}' has {held} PIM-for-Groups assignment{} (member or owner)",
                        p.name,
                        if held == 1 { "" } else { "s" }
                    ),
                    hint: Some(format!(
                        "remove them (`pim assign list --scope '{}'`) and `pim group offboard` it first",
                        scope.path
                    )),
                });
            }
        }
        let live = store::assignment::live_of_principal(op.tx, &p.id, op.now())?;
        if !live.is_empty() && !force {
            return Err(Error::Conflict {
                message: format!(
                    "principal '{}' holds {} assignment{}",
                    p.name,
                    live.len(),
                    if live.len() == 1 { "" } else { "s" }
                ),
                hint: Some("pass --force to remove them together with the principal".into()),
            });
        }
        let mut removed = Vec::new();
        for a in &live {
            assign::remove_in(op, a, assign::RemovalCause::PrincipalDeleted)?;
            removed.push(a.id.clone());
        }
        // Activations it holds, and those of others whose path passes through it (as a group
        // or as a member of one), end with it.
        let why = format!("'{}' was removed", p.name);
        super::path::end_own(op, &p.id, &why)?;
        super::path::end_through(op, Through::Principal(&p.id), &why)?;
        // Nothing the audit refers to is deleted: the principal stays, marked removed, with its
        // assignment history, requests and votes. What would act on its behalf ends here: its
        // waiting requests are canceled, its memberships and its MFA enrolment removed.
        let mut canceled = Vec::new();
        for req in store::request::pending_involving(op.tx, Some(&p.id), None, None)? {
            super::approve::cancel_in(
                op,
                &req,
                "its principal was removed",
                Some("principal_removed"),
            )?;
            canceled.push(req.id);
        }
        let mut memberships = Vec::new();
        for (group_id, member_id) in store::principal::memberships_of(op.tx, &p.id)? {
            store::principal::remove_member(op.tx, &group_id, &member_id)?;
            memberships.push(json!({ "group_id": group_id, "member_id": member_id }));
        }
        let mfa_removed = store::mfa::delete(op.tx, &p.id)?;
        if let Some(scope) = store::scope::of_group(op.tx, &p.id)? {
            store::scope::mark_removed(op.tx, scope.id, op.now())?;
        }
        store::principal::mark_removed(op.tx, &p.id, op.now(), Some(&op.actor.id))?;
        op.audit(
            &Entry::new("principal.remove", act, cat)
                .principal(&p)
                .details(json!({
                    "kind": p.kind.as_str(),
                    "removed_assignments": removed,
                    "canceled_requests": canceled,
                    "removed_memberships": memberships,
                    "removed_mfa": mfa_removed,
                })),
        )?;
        Ok(Removal {
            principal: p,
            removed_assignments: removed,
        })
    })
}
