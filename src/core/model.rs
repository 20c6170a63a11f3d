//! The domain model of SPEC §1. Values that are printed derive `Serialize`; their field names are
//! the JSON contract documented in the README.

use serde::Serialize;

use super::clock::{Ts, serde_ts};
use super::error::{Error, Result};

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses the stored or typed form, case-insensitively (`_` and `-` alike).
            pub fn parse(s: &str) -> Option<$name> {
                let norm = s.trim().to_ascii_lowercase().replace('_', "-");
                $(if norm == $text.replace('_', "-") { return Some($name::$variant); })+
                None
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(PrincipalKind {
    User => "user",
    Group => "group",
    ServicePrincipal => "service-principal",
});

string_enum!(RoleKind {
    Directory => "directory",
    Azure => "azure",
    Group => "group",
});

string_enum!(ScopeKind {
    Root => "root",
    AdministrativeUnit => "administrative-unit",
    ManagementGroup => "management-group",
    Subscription => "subscription",
    ResourceGroup => "resource-group",
    Resource => "resource",
    Group => "group",
});

string_enum!(AssignmentType {
    Eligible => "eligible",
    Active => "active",
});

string_enum!(RequestAction {
    AdminAssign => "admin_assign",
    AdminUpdate => "admin_update",
    AdminRemove => "admin_remove",
    AdminExtend => "admin_extend",
    AdminRenew => "admin_renew",
    SelfActivate => "self_activate",
    SelfDeactivate => "self_deactivate",
    SelfExtend => "self_extend",
    SelfRenew => "self_renew",
});

string_enum!(RequestStatus {
    PendingApproval => "pending_approval",
    Provisioned => "provisioned",
    Scheduled => "scheduled",
    Denied => "denied",
    Canceled => "canceled",
    TimedOut => "timed_out",
    Failed => "failed",
    Revoked => "revoked",
    Expired => "expired",
});

impl ScopeKind {
    pub fn is_directory(self) -> bool {
        matches!(self, ScopeKind::Root | ScopeKind::AdministrativeUnit)
    }

    /// A group under PIM for Groups: where its membership and ownership are assigned.
    pub fn is_group(self) -> bool {
        self == ScopeKind::Group
    }

    pub fn is_azure(self) -> bool {
        matches!(
            self,
            ScopeKind::ManagementGroup
                | ScopeKind::Subscription
                | ScopeKind::ResourceGroup
                | ScopeKind::Resource
        )
    }
}

/// Parses a value that must be one of an enum's forms, naming the accepted ones when it is not.
pub fn parse_enum<T: Copy + std::fmt::Display>(
    what: &str,
    text: &str,
    parse: fn(&str) -> Option<T>,
    all: &[T],
) -> Result<T> {
    parse(text).ok_or_else(|| {
        Error::invalid_with_hint(
            format!("invalid {what} '{text}'"),
            format!(
                "use one of: {}",
                all.iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}

#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Principal {
    pub id: String,
    pub kind: PrincipalKind,
    pub name: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub enabled: bool,
    pub break_glass: bool,
    pub role_assignable: bool,
    #[serde(with = "serde_ts")]
    pub created_at: Ts,
    /// The Microsoft Entra object id Graph and ARM documents name it by, when known.
    pub object_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub kind: RoleKind,
    pub builtin: bool,
    pub privileged: bool,
    pub description: Option<String>,
    pub permissions: Vec<String>,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Scope {
    #[serde(skip)]
    pub id: i64,
    pub path: String,
    pub kind: ScopeKind,
    pub name: Option<String>,
    pub parent: Option<String>,
    #[serde(skip)]
    pub parent_id: Option<i64>,
    /// For a group's scope (PIM for Groups): the group's principal id.
    #[serde(skip)]
    pub group_id: Option<String>,
}

/// The state of an assignment at a given instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentState {
    /// In force now.
    InForce,
    /// Starts in the future.
    Scheduled,
    /// Its end has passed.
    Expired,
    /// Removed by an administrator (or deactivated).
    Removed,
}

impl AssignmentState {
    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentState::InForce => "in_force",
            AssignmentState::Scheduled => "scheduled",
            AssignmentState::Expired => "expired",
            AssignmentState::Removed => "removed",
        }
    }
}

/// An assignment row as stored.
#[derive(Clone, Debug)]
pub struct Assignment {
    pub id: String,
    pub principal_id: String,
    pub role_id: String,
    pub scope_id: i64,
    pub kind: AssignmentType,
    pub start_at: Ts,
    pub end_at: Option<Ts>,
    pub activated_from: Option<String>,
    pub renewed_from: Option<String>,
    pub request_id: Option<String>,
    pub justification: Option<String>,
    pub ticket_number: Option<String>,
    pub ticket_system: Option<String>,
    pub created_at: Ts,
    pub created_by: Option<String>,
    pub removed_at: Option<Ts>,
    pub removed_by: Option<String>,
}

impl Assignment {
    /// In force at `now`: started, not ended (end is exclusive), not removed.
    pub fn in_force(&self, now: Ts) -> bool {
        self.removed_at.is_none() && self.start_at <= now && self.end_at.is_none_or(|end| end > now)
    }

    pub fn state(&self, now: Ts) -> AssignmentState {
        if self.removed_at.is_some() {
            AssignmentState::Removed
        } else if self.end_at.is_some_and(|end| end <= now) {
            AssignmentState::Expired
        } else if self.start_at > now {
            AssignmentState::Scheduled
        } else {
            AssignmentState::InForce
        }
    }

    pub fn is_permanent(&self) -> bool {
        self.end_at.is_none()
    }
}

/// An assignment with the names of what it joins, as listed and printed.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct AssignmentView {
    pub id: String,
    pub principal_id: String,
    pub principal_name: String,
    pub principal_kind: PrincipalKind,
    pub role_id: String,
    pub role_name: String,
    pub role_kind: RoleKind,
    pub scope: String,
    #[serde(rename = "type")]
    pub kind: AssignmentType,
    /// How the principal holds it: `direct` for stored rows.
    #[serde(deserialize_with = "crate::core::clock::serde_word::deserialize")]
    pub member_type: crate::core::clock::serde_word::Word,
    pub state: AssignmentState,
    #[serde(with = "serde_ts")]
    pub start: Ts,
    #[serde(with = "serde_ts::option")]
    pub end: Option<Ts>,
    pub permanent: bool,
    pub activated_from: Option<String>,
    pub renewed_from: Option<String>,
    pub request_id: Option<String>,
    pub justification: Option<String>,
    pub ticket_number: Option<String>,
    pub ticket_system: Option<String>,
    #[serde(with = "serde_ts")]
    pub created_at: Ts,
    pub created_by: Option<String>,
    #[serde(with = "serde_ts::option")]
    pub removed_at: Option<Ts>,
}

/// A group membership row, with the member's name.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Membership {
    pub group: String,
    pub member_id: String,
    pub member_name: String,
    pub member_kind: PrincipalKind,
    #[serde(with = "serde_ts")]
    pub added_at: Ts,
    /// `static`, or `pim` for an active membership under PIM for Groups (assigned or activated).
    #[serde(deserialize_with = "crate::core::clock::serde_word::deserialize")]
    pub membership: crate::core::clock::serde_word::Word,
    /// When a PIM membership ends (null when permanent, and for static members).
    #[serde(with = "serde_ts::option")]
    pub end: Option<Ts>,
}
