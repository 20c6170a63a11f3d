//! Role definitions: the built-ins (read-only) and custom roles with permissions.

use serde_json::json;

use super::audit::{Entry, category};
use super::authz;
use super::error::{Error, Result};
use super::model::{Role, RoleKind};
use super::names;
use super::session::{self, Ctx, WriteOpts};
use crate::store::{self, Db};

/// A role with its permissions: a built-in's come from pim itself, a custom role's from the store.
pub fn with_builtin_permissions(mut r: Role) -> Role {
    if r.builtin && r.permissions.is_empty() {
        r.permissions = super::builtin::permissions(&r.id)
            .iter()
            .map(|p| p.to_string())
            .collect();
    }
    r
}

pub fn list(db: &mut Db, ctx: &Ctx, kind: Option<RoleKind>, privileged: bool) -> Result<Vec<Role>> {
    session::read(db, ctx, |c, _, _| {
        Ok(store::role::list(c, kind, privileged)?
            .into_iter()
            .map(with_builtin_permissions)
            .collect())
    })
}

pub fn show(db: &mut Db, ctx: &Ctx, name: &str) -> Result<Role> {
    session::read(db, ctx, |c, _, _| {
        names::role(c, name).map(with_builtin_permissions)
    })
}

/// Checks a resource action as Entra and Azure write them: `microsoft.directory/users/password/update`,
/// `Microsoft.Compute/virtualMachines/*/read`, `*`.
pub fn check_permission(action: &str) -> Result<()> {
    // A leading `!` makes an exclusion (Azure's NotActions).
    let body = action.strip_prefix('!').unwrap_or(action);
    let ok = !body.is_empty()
        && action.len() <= 512
        && body.split('/').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '*' | '-' | '_'))
        });
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_with_hint(
            format!(
                "invalid permission '{}'",
                action.chars().take(80).collect::<String>()
            ),
            "permissions look like microsoft.directory/users/password/update or Microsoft.Compute/virtualMachines/read; '*' is a wildcard and a leading '!' excludes",
        ))
    }
}

pub fn create(
    db: &mut Db,
    ctx: &Ctx,
    name: &str,
    kind: RoleKind,
    permissions: &[String],
    description: Option<&str>,
) -> Result<Role> {
    let mut failure = Entry::new(
        "role.create",
        "Role definition created",
        category::APPLICATION,
    );
    failure.role_name = Some(name.to_string());
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        create_in(op, None, name, kind, permissions, description)
    })
}

/// Creates a custom role within a write: with `id`, the one a Microsoft document names (a role
/// definition pim's catalogue lacks, created by an import with `--create-missing`; it may have no
/// permissions).
pub fn create_in(
    op: &mut session::Op<'_>,
    id: Option<&str>,
    name: &str,
    kind: RoleKind,
    permissions: &[String],
    description: Option<&str>,
) -> Result<Role> {
    op.failure.role_name = Some(name.to_string());
    authz::require_directory_admin(&op.grants, "creating a custom role")?;
    if name.trim().is_empty()
        || name.trim() != name
        || name.chars().count() > 256
        || name.chars().any(char::is_control)
        || name.chars().any(super::principal::is_invisible)
    {
        return Err(Error::invalid(
            "a role name must be 1 to 256 visible characters, without surrounding spaces",
        ));
    }
    if kind == RoleKind::Group {
        return Err(Error::invalid("custom roles are directory or azure roles"));
    }
    // A role a document names but pim lacks may come without permissions; one made by hand not.
    if permissions.is_empty() && id.is_none() {
        return Err(Error::invalid_with_hint(
            "a custom role needs at least one permission",
            "pass --permission ACTION",
        ));
    }
    let mut perms: Vec<String> = Vec::new();
    for p in permissions {
        check_permission(p)?;
        if !perms.iter().any(|q| q.eq_ignore_ascii_case(p)) {
            perms.push(p.clone());
        }
    }
    if let Some(d) = description {
        super::policy::check_text("description", d, 1024)?;
    }
    if store::role::by_name(op.tx, name)?.is_some() {
        return Err(Error::conflict(format!("role '{name}' already exists")));
    }
    let id = match id {
        Some(id) => {
            if store::role::by_id(op.tx, id)?.is_some() {
                return Err(Error::conflict(format!("role id {id} already exists")));
            }
            id.to_lowercase()
        }
        None => uuid::Uuid::new_v4().to_string(),
    };
    let role = Role {
        id,
        name: name.to_string(),
        kind,
        builtin: false,
        privileged: false,
        description: description.map(str::to_string),
        permissions: perms,
    };
    store::role::insert(op.tx, &role, op.now())?;
    op.audit(
        &Entry::new(
            "role.create",
            "Role definition created",
            category::APPLICATION,
        )
        .role(&role)
        .details(json!({ "kind": kind.as_str(), "permissions": role.permissions })),
    )?;
    Ok(role)
}

pub fn delete(db: &mut Db, ctx: &Ctx, name: &str) -> Result<Role> {
    let failure = Entry::new(
        "role.delete",
        "Delete role definition",
        category::APPLICATION,
    );
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let role = names::role(op.tx, name)?;
        op.failure.set_role(&role);
        authz::require_directory_admin(&op.grants, "deleting a custom role")?;
        if role.builtin {
            return Err(Error::invalid(format!(
                "'{}' is a built-in role and cannot be deleted",
                role.name
            )));
        }
        let live = store::assignment::live_count_of_role(op.tx, &role.id, op.now())?;
        if live > 0 {
            return Err(Error::Conflict {
                message: format!(
                    "role '{}' has {live} assignment{}",
                    role.name,
                    if live == 1 { "" } else { "s" }
                ),
                hint: Some("remove them first (`pim assign list --role ...`)".into()),
            });
        }
        // The role stays, marked removed, for the history that refers to it.
        let mut canceled = Vec::new();
        for req in store::request::pending_involving(op.tx, None, Some(&role.id), None)? {
            super::approve::cancel_in(op, &req, "its role was deleted", Some("role_deleted"))?;
            canceled.push(req.id);
        }
        store::role::mark_removed(op.tx, &role.id, op.now())?;
        op.audit(
            &Entry::new(
                "role.delete",
                "Delete role definition",
                category::APPLICATION,
            )
            .role(&role)
            .details(json!({
                "kind": role.kind.as_str(),
                "permissions": role.permissions,
                "canceled_requests": canceled,
            })),
        )?;
        Ok(role)
    })
}
