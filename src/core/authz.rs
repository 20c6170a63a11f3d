//! Who may do what (SPEC §2): the roles a principal holds in force now, and the checks built on
//! them.

use std::collections::HashMap;

use crate::store::Conn;

use super::builtin::*;
use super::clock::Ts;
use super::error::{Error, Result};
use super::membership::{self, GroupPath};
use super::model::{Principal, PrincipalKind, Role, RoleKind, Scope};
use crate::store;

/// A role a principal holds in force at one instant, and how.
#[derive(Clone, Debug)]
pub struct Grant {
    pub role_id: String,
    pub scope_id: i64,
    pub assignment_id: String,
    /// The group through which it is held, when not held directly.
    pub via_group: Option<String>,
    /// When it ends: the assignment's end, cut by the end of the group membership it is held
    /// through.
    pub end_at: Option<Ts>,
    /// The eligibility an activation was made from (none for an active assignment).
    pub activated_from: Option<String>,
}

/// Everything a principal holds in force at an instant: its own active assignments and those of
/// the enabled groups it is a member of, statically or through PIM for Groups. A disabled
/// principal holds nothing.
#[derive(Clone, Debug, Default)]
pub struct Grants {
    pub items: Vec<Grant>,
    /// How the principal is a member of each group it holds something through.
    pub groups: HashMap<String, GroupPath>,
    root_id: i64,
}

impl Grants {
    pub fn load(c: &Conn, who: &Principal, now: Ts) -> Result<Grants> {
        let root_id = store::scope::root_id(c)?;
        if !who.enabled {
            return Ok(Grants {
                items: vec![],
                groups: HashMap::new(),
                root_id,
            });
        }
        let groups = if who.kind != PrincipalKind::Group {
            membership::paths(c, &who.id, now)?
        } else {
            HashMap::new()
        };
        let mut holders = vec![who.id.clone()];
        holders.extend(groups.keys().cloned());
        let items = store::assignment::active_in_force_of(c, &holders, now)?
            .into_iter()
            .map(|a| Grant {
                via_group: (a.principal_id != who.id).then(|| a.principal_id.clone()),
                end_at: membership::end_through(groups.get(&a.principal_id), a.end_at),
                role_id: a.role_id,
                scope_id: a.scope_id,
                assignment_id: a.id,
                activated_from: a.activated_from,
            })
            .collect();
        Ok(Grants {
            items,
            groups,
            root_id,
        })
    }

    /// Holds one of `roles` at the tenant root.
    pub fn at_root(&self, roles: &[&str]) -> bool {
        self.items
            .iter()
            .any(|g| g.scope_id == self.root_id && roles.contains(&g.role_id.as_str()))
    }

    /// Holds one of `roles` at a scope or above it (`ancestors` lists the scope first).
    pub fn at_or_above(&self, roles: &[&str], ancestors: &[i64]) -> bool {
        self.items
            .iter()
            .any(|g| roles.contains(&g.role_id.as_str()) && ancestors.contains(&g.scope_id))
    }

    pub fn is_directory_admin(&self) -> bool {
        self.at_root(&[GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR])
    }

    pub fn is_global_admin(&self) -> bool {
        self.at_root(&[GLOBAL_ADMINISTRATOR])
    }

    pub fn is_directory_reader(&self) -> bool {
        self.at_root(&[
            GLOBAL_ADMINISTRATOR,
            PRIVILEGED_ROLE_ADMINISTRATOR,
            GLOBAL_READER,
            SECURITY_ADMINISTRATOR,
            SECURITY_READER,
        ])
    }
}

/// Caches scope ancestry for checks over many rows.
#[derive(Default)]
pub struct Ancestry {
    cache: HashMap<i64, Vec<i64>>,
}

impl Ancestry {
    pub fn of(&mut self, c: &Conn, scope_id: i64) -> Result<&[i64]> {
        match self.cache.entry(scope_id) {
            std::collections::hash_map::Entry::Occupied(e) => Ok(e.into_mut()),
            std::collections::hash_map::Entry::Vacant(e) => {
                Ok(e.insert(store::scope::ancestors(c, scope_id)?))
            }
        }
    }
}

const AZURE_MANAGERS: &[&str] = &[OWNER, USER_ACCESS_ADMINISTRATOR];
const AZURE_READERS: &[&str] = &[OWNER, USER_ACCESS_ADMINISTRATOR, CONTRIBUTOR, READER];

/// May manage assignments and settings of `role` at `scope`.
pub fn can_manage(grants: &Grants, role: &Role, ancestors: &[i64]) -> bool {
    match role.kind {
        RoleKind::Directory => grants.is_directory_admin(),
        RoleKind::Azure => {
            grants.is_global_admin() || grants.at_or_above(AZURE_MANAGERS, ancestors)
        }
        RoleKind::Group => {
            grants.is_directory_admin() || grants.at_or_above(&[GROUP_OWNER], ancestors)
        }
    }
}

/// A list that authorization narrowed: what it shows, and what seeing all of it needs. Decided by
/// what the actor holds, never by the data: saying "some rows are hidden" only when some are
/// would tell who holds what.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Narrowed {
    pub showing: std::borrow::Cow<'static, str>,
    pub needs: std::borrow::Cow<'static, str>,
}

/// The directory roles that read everything at `/`.
pub const DIRECTORY_READERS: &str = "Global Reader, Security Reader, Security Administrator, Privileged Role Administrator or Global Administrator";

/// The rows of a list, and what the reader should know about them.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// Authorization left out rows the actor may not see.
    pub narrowed: Option<Narrowed>,
    /// The list stopped at its limit: there are more rows.
    pub more: bool,
}

impl<T> Listing<T> {
    pub fn all(items: Vec<T>) -> Listing<T> {
        Listing {
            items,
            narrowed: None,
            more: false,
        }
    }
}

/// Whether the actor sees every assignment (or request) of roles of `kind` (any kind when None):
/// a Global Administrator sees all; the directory readers see directory and group roles; anyone
/// else sees their own, their groups', and those at scopes where they may view.
pub fn assignments_narrowed(grants: &Grants, kind: Option<RoleKind>) -> Option<Narrowed> {
    if grants.is_global_admin() {
        return None;
    }
    if grants.is_directory_reader() {
        return match kind {
            Some(RoleKind::Directory | RoleKind::Group) => None,
            _ => Some(Narrowed {
                showing: "directory and group roles, and Azure roles only at scopes where you hold Owner, User Access Administrator, Contributor or Reader".into(),
                needs: "Global Administrator, or Reader (or above) at the Azure scopes".into(),
            }),
        };
    }
    Some(Narrowed {
        showing: "your own and your groups', and those at scopes where you may view them".into(),
        needs: "for directory roles Global Reader, Security Reader or an administrator role at /; for Azure roles Reader (or above) at the scope; for a group's members, an owner of the group".into(),
    })
}

/// May see assignments of a role of `kind` at a scope.
pub fn can_view(grants: &Grants, kind: RoleKind, ancestors: &[i64]) -> bool {
    match kind {
        RoleKind::Directory => grants.is_directory_reader(),
        RoleKind::Group => {
            grants.is_directory_reader() || grants.at_or_above(&[GROUP_OWNER], ancestors)
        }
        RoleKind::Azure => grants.is_global_admin() || grants.at_or_above(AZURE_READERS, ancestors),
    }
}

pub fn require_manage(
    grants: &Grants,
    role: &Role,
    scope: &Scope,
    ancestors: &[i64],
) -> Result<()> {
    if can_manage(grants, role, ancestors) {
        return Ok(());
    }
    let who = match role.kind {
        RoleKind::Directory => {
            "an active Global Administrator or Privileged Role Administrator assignment".to_string()
        }
        RoleKind::Group => format!(
            "active ownership of the group ({}), or an active Global Administrator or Privileged Role Administrator assignment",
            scope.path
        ),
        RoleKind::Azure => format!(
            "an active Owner or User Access Administrator assignment at {} or above it, or Global Administrator",
            scope.path
        ),
    };
    Err(Error::NotAuthorized {
        message: format!("managing assignments of '{}' needs {who}", role.name),
        hint: Some("check what you hold with `pim assign list --principal YOU`".into()),
    })
}

/// Why a principal is privileged as who-manages-whom counts it, or `None` when it is not: a
/// break-glass account, a role-assignable group, or a principal that holds a role labelled
/// privileged — eligible or active, in force or scheduled, directly or through a group (static
/// membership, or PIM-for-Groups membership eligible or active), at any scope.
pub fn privileged_reason(c: &Conn, p: &Principal, now: Ts) -> Result<Option<String>> {
    if p.break_glass {
        return Ok(Some(format!("'{}' is a break-glass account", p.name)));
    }
    if p.role_assignable {
        return Ok(Some(format!("'{}' is a role-assignable group", p.name)));
    }
    if let Some(role) = store::assignment::privileged_role_held(c, &p.id, now)? {
        return Ok(Some(format!(
            "'{}' holds the privileged role {role} (eligible or active, directly or through a group)",
            p.name
        )));
    }
    Ok(None)
}

/// Creating and changing principals (SPEC §2 and Entra's "who can perform sensitive actions"):
///
/// - a user or service principal that is privileged ([`privileged_reason`]): Global
///   Administrator or Privileged Authentication Administrator only;
/// - any other user or service principal: User Administrator, Privileged Role Administrator,
///   Privileged Authentication Administrator, Global Administrator;
/// - a privileged group (role-assignable, or holding a privileged role): Privileged Role
///   Administrator or Global Administrator (Entra's rule for role-assignable groups);
/// - any other group: Groups Administrator, User Administrator, Privileged Role Administrator,
///   Global Administrator.
///
/// `privileged` is the reason the target is privileged, if it is.
pub fn require_principal_admin(
    grants: &Grants,
    kind: PrincipalKind,
    privileged: Option<&str>,
) -> Result<()> {
    let (roles, needed): (&[&str], &str) = match (kind, privileged.is_some()) {
        (PrincipalKind::Group, true) => (
            &[GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR],
            "Global Administrator or Privileged Role Administrator",
        ),
        (PrincipalKind::Group, false) => (
            &[
                GLOBAL_ADMINISTRATOR,
                PRIVILEGED_ROLE_ADMINISTRATOR,
                GROUPS_ADMINISTRATOR,
                USER_ADMINISTRATOR,
            ],
            "Groups Administrator, User Administrator, Privileged Role Administrator or Global Administrator",
        ),
        (_, true) => (
            &[
                GLOBAL_ADMINISTRATOR,
                PRIVILEGED_AUTHENTICATION_ADMINISTRATOR,
            ],
            "Global Administrator or Privileged Authentication Administrator",
        ),
        (_, false) => (
            &[
                GLOBAL_ADMINISTRATOR,
                PRIVILEGED_ROLE_ADMINISTRATOR,
                PRIVILEGED_AUTHENTICATION_ADMINISTRATOR,
                USER_ADMINISTRATOR,
            ],
            "User Administrator, Privileged Role Administrator, Privileged Authentication Administrator or Global Administrator",
        ),
    };
    if grants.at_root(roles) {
        return Ok(());
    }
    let why = privileged.map(|r| format!(": {r}")).unwrap_or_default();
    Err(Error::not_authorized(format!(
        "managing this {kind} needs an active {needed} assignment{why}"
    )))
}

/// [`require_principal_admin`] for an existing principal, finding out whether it is privileged.
pub fn require_manage_principal(c: &Conn, grants: &Grants, p: &Principal, now: Ts) -> Result<()> {
    let reason = privileged_reason(c, p, now)?;
    require_principal_admin(grants, p.kind, reason.as_deref())
}

pub fn require_directory_admin(grants: &Grants, what: &str) -> Result<()> {
    if grants.is_directory_admin() {
        Ok(())
    } else {
        Err(Error::not_authorized(format!(
            "{what} needs an active Global Administrator or Privileged Role Administrator assignment"
        )))
    }
}
