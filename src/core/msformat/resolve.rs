//! What Microsoft's documents name by id, found here: principals by their external object id
//! (else by pim's own id, which pim writes when a principal has no object id), roles by template
//! or definition GUID, scopes by path. An id that matches nothing is an error naming it (exit 3),
//! or, with `--create-missing`, a new principal, custom role or scope, each audited in the
//! import's write.

use serde::Serialize;

use crate::core::error::{Error, Result};
use crate::core::model::{Principal, PrincipalKind, Role, RoleKind, Scope};
use crate::core::principal::{self, NewPrincipal};
use crate::core::session::Op;
use crate::core::{names, scope_path};
use crate::store;

/// Something an import created because a document named it and pim lacked it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Created {
    /// `principal`, `role` or `scope`.
    pub kind: std::borrow::Cow<'static, str>,
    pub name: String,
    /// The object id or role definition id it was created for.
    pub id: Option<String>,
}

/// How a principal is described in the document, to create it when missing.
#[derive(Clone, Debug, Default)]
pub struct PrincipalHint {
    pub kind: Option<PrincipalKind>,
    /// A user principal name, email address, display name or description, best first.
    pub names: Vec<String>,
}

/// How a document names a role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleRef {
    /// Graph `roleDefinitionId`: a directory role's template id (or pim's own role id).
    Directory(String),
    /// ARM `roleDefinitionId`, with the display name ARM expands beside it.
    Arm(String, Option<String>),
    /// PIM for Groups: `accessId` (schedules) or `roleDefinitionId` (policies) `member`/`owner`.
    Access(&'static str),
}

impl RoleRef {
    /// `member` or `owner` as PIM for Groups writes them, else a directory role's id.
    pub fn graph(id: &str) -> RoleRef {
        if id.eq_ignore_ascii_case("member") {
            RoleRef::Access("member")
        } else if id.eq_ignore_ascii_case("owner") {
            RoleRef::Access("owner")
        } else {
            RoleRef::Directory(id.to_string())
        }
    }
}

/// How a document names a scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopeRef {
    /// A directory scope (`/`, an administrative unit) or an ARM scope.
    Path(String),
    /// A group under PIM for Groups, by its object id.
    Group(String),
}

#[derive(Debug, Default)]
pub struct Resolver {
    pub create_missing: bool,
    pub created: Vec<Created>,
}

impl Resolver {
    pub fn new(create_missing: bool) -> Resolver {
        Resolver {
            create_missing,
            created: Vec::new(),
        }
    }

    /// The principal an object id (or pim id) names. `place` says where the document names it.
    pub fn principal(
        &mut self,
        op: &mut Op<'_>,
        id: &str,
        hint: &PrincipalHint,
        place: &str,
    ) -> Result<Principal> {
        let key = id.trim().to_lowercase();
        // A removed principal is never named again, not even by its pim id.
        let own = match store::principal::by_id(op.tx, &key)? {
            Some(p) if !store::principal::is_removed(op.tx, &p.id)? => Some(p),
            _ => None,
        };
        if let Some(p) = store::principal::by_object_id(op.tx, &key)? {
            // One principal's object id that is another's pim id (set before pim refused it)
            // names neither: the document could mean either.
            if let Some(other) = own.filter(|o| o.id != p.id) {
                return Err(Error::Unresolved {
                    message: format!(
                        "{place}: {key} is the object id of '{}' and the id of '{}'",
                        p.name, other.name
                    ),
                    hint: Some(format!(
                        "give '{}' its own Entra object id (`pim principal update {} --object-id GUID`)",
                        p.name, p.name
                    )),
                });
            }
            return Ok(p);
        }
        if let Some(p) = own {
            return Ok(p);
        }
        if !self.create_missing {
            return Err(Error::Unresolved {
                message: format!("{place}: no principal has object id {key}"),
                hint: Some(format!(
                    "give the principal its object id (`pim principal update NAME --object-id {key}`), or pass --create-missing to create it"
                )),
            });
        }
        let object_id = principal::check_object_id(&key)?;
        let kind = hint.kind.unwrap_or(PrincipalKind::User);
        // Named by the document's own name for it when that name is free, else by its kind and
        // the id (a name never looks like an id: it would stand for another principal's).
        let name = hint
            .names
            .iter()
            .map(|n| n.trim())
            .find(|n| {
                principal::check_name(n).is_ok()
                    && store::principal::by_name(op.tx, n).ok().flatten().is_none()
            })
            .map_or_else(|| format!("{kind}-{object_id}"), str::to_string);
        let display_name = hint.names.iter().find(|n| **n != name).cloned();
        let saved = op.failure.clone();
        let p = principal::create_in(
            op,
            &NewPrincipal {
                name: name.clone(),
                kind: Some(kind),
                email: None,
                display_name: display_name.filter(|d| d.chars().count() <= 256),
                role_assignable: false,
                break_glass: false,
                object_id: Some(object_id.clone()),
            },
        )?;
        *op.failure = saved;
        self.created.push(Created {
            kind: "principal".into(),
            name,
            id: Some(object_id),
        });
        Ok(p)
    }

    /// The role a document names.
    pub fn role_ref(&mut self, op: &mut Op<'_>, r: &RoleRef, place: &str) -> Result<Role> {
        match r {
            RoleRef::Directory(id) => match store::role::by_id(op.tx, &id.to_lowercase())? {
                Some(role) => Ok(role),
                None => self.role(op, id, RoleKind::Directory, None, place),
            },
            RoleRef::Arm(id, name) => self.role(op, id, RoleKind::Azure, name.as_deref(), place),
            RoleRef::Access(access) => store::role::by_id(
                op.tx,
                if *access == "owner" {
                    crate::core::builtin::GROUP_OWNER
                } else {
                    crate::core::builtin::GROUP_MEMBER
                },
            )?
            .ok_or_else(|| Error::invalid("the PIM-for-Groups roles are missing")),
        }
    }

    /// The scope a document names (a group's is `/groups/{name}`, the group found by object id).
    pub fn scope_ref(&mut self, op: &mut Op<'_>, s: &ScopeRef, place: &str) -> Result<Scope> {
        match s {
            ScopeRef::Path(p) => self.scope(op, p, place),
            ScopeRef::Group(id) => {
                let hint = PrincipalHint {
                    kind: Some(PrincipalKind::Group),
                    names: vec![],
                };
                let g = self.principal(op, id, &hint, place)?;
                names::scope(op.tx, &format!("/groups/{}", g.name))
            }
        }
    }

    /// The role a template id (Graph `roleDefinitionId`) or an ARM role definition id names.
    pub fn role(
        &mut self,
        op: &mut Op<'_>,
        id: &str,
        kind: RoleKind,
        display_name: Option<&str>,
        place: &str,
    ) -> Result<Role> {
        let guid = match kind {
            RoleKind::Azure => super::ids::arm_role_definition(id),
            _ => super::ids::guid(id),
        };
        let Some(guid) = guid else {
            // Not a GUID: a name, or pim's own id of a role (the two PIM-for-Groups roles).
            return names::role(op.tx, id).map_err(|e| match e {
                Error::NotFound { .. } => Error::Unresolved {
                    message: format!("{place}: '{id}' is not a role definition id pim knows"),
                    hint: None,
                },
                other => other,
            });
        };
        if let Some(r) = store::role::by_id(op.tx, &guid)? {
            return Ok(r);
        }
        let what = match kind {
            RoleKind::Azure => "Azure role definition",
            _ => "role template",
        };
        if !self.create_missing {
            return Err(Error::Unresolved {
                message: format!("{place}: unknown {what} id {guid}{}", match display_name {
                    Some(n) => format!(" ('{n}')"),
                    None => String::new(),
                }),
                hint: Some(
                    "pim knows Microsoft's built-in roles (`pim role list`); pass --create-missing to create this one as a custom role".into(),
                ),
            });
        }
        let name = display_name
            .map(str::trim)
            .filter(|n| !n.is_empty() && store::role::by_name(op.tx, n).ok().flatten().is_none())
            .map_or_else(|| guid.clone(), str::to_string);
        let saved = op.failure.clone();
        let role = crate::core::role::create_in(
            op,
            Some(&guid),
            &name,
            kind,
            &[],
            Some("created by an import: a role definition a Microsoft document names"),
        )?;
        *op.failure = saved;
        self.created.push(Created {
            kind: "role".into(),
            name,
            id: Some(guid),
        });
        Ok(role)
    }

    /// The scope a path names; with `--create-missing`, a missing Azure scope is added with the
    /// scopes its path implies.
    pub fn scope(&mut self, op: &mut Op<'_>, path: &str, place: &str) -> Result<Scope> {
        match names::scope(op.tx, path) {
            Ok(s) => Ok(s),
            Err(Error::NotFound { kind: "scope", .. }) if self.create_missing => {
                let parsed = scope_path::parse(path)?;
                if let Some(parent) = &parsed.structural_parent
                    && parent != "/"
                    && store::scope::by_path(op.tx, parent)?.is_none()
                {
                    self.scope(op, parent, place)?;
                }
                let saved = op.failure.clone();
                let s = crate::core::scope::add_in(op, &parsed.path, None, None)?;
                *op.failure = saved;
                self.created.push(Created {
                    kind: "scope".into(),
                    name: s.path.clone(),
                    id: None,
                });
                Ok(s)
            }
            Err(Error::NotFound {
                kind,
                name,
                candidates,
            }) => Err(Error::Unresolved {
                message: format!("{place}: {kind} '{name}' not found"),
                hint: Some(if candidates.is_empty() {
                    format!(
                        "add it with `pim scope add {name}`, or pass --create-missing to add it"
                    )
                } else {
                    format!("did you mean: {}?", candidates.join(", "))
                }),
            }),
            Err(e) => Err(e),
        }
    }
}
