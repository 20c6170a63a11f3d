//! Built-in roles with their Microsoft template GUIDs (reference §7).

use std::sync::LazyLock;

use super::model::RoleKind;

pub const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";
pub const PRIVILEGED_ROLE_ADMINISTRATOR: &str = "e8611ab8-c189-46e8-94e1-60213ab1f814";
pub const SECURITY_ADMINISTRATOR: &str = "194ae4cb-b126-40b2-bd5b-6091b380977d";
pub const SECURITY_READER: &str = "5d6b6bb7-de71-4623-b4af-96380a352509";
pub const GLOBAL_READER: &str = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
pub const USER_ADMINISTRATOR: &str = "fe930be7-5e62-47db-91af-98c3a49a38b1";
pub const GROUPS_ADMINISTRATOR: &str = "fdd7a751-b60b-444a-984c-02652fe8fa1c";
pub const PRIVILEGED_AUTHENTICATION_ADMINISTRATOR: &str = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";
pub const AUTHENTICATION_ADMINISTRATOR: &str = "c4e39bd9-1100-46d3-8c65-fb160da0071f";

pub const OWNER: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
pub const CONTRIBUTOR: &str = "b24988ac-6180-42a0-ab88-20f7382dd24c";
pub const READER: &str = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
pub const USER_ACCESS_ADMINISTRATOR: &str = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";

/// The two roles of PIM for Groups (Entra's `accessId`): membership and ownership of a group.
pub const GROUP_MEMBER: &str = "group-member";
pub const GROUP_OWNER: &str = "group-owner";

pub struct BuiltinRole {
    pub name: &'static str,
    pub id: &'static str,
    pub kind: RoleKind,
    pub privileged: bool,
    pub description: &'static str,
}

/// Microsoft's catalogues, one role a line: name, GUID, privileged label (`yes`/`no`) and
/// description, tab-separated; `#` starts a comment. Each file names its source.
const ENTRA: &str = include_str!("builtin_entra.tsv");
const AZURE: &str = include_str!("builtin_azure.tsv");

fn parse(text: &'static str, kind: RoleKind) -> impl Iterator<Item = BuiltinRole> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(move |l| {
            let mut cells = l.split('\t');
            let mut next = || cells.next().unwrap_or_default();
            BuiltinRole {
                name: next(),
                id: next(),
                privileged: next() == "yes",
                description: next(),
                kind,
            }
        })
}

static ROLES: LazyLock<Vec<BuiltinRole>> = LazyLock::new(|| {
    let mut roles: Vec<BuiltinRole> = parse(ENTRA, RoleKind::Directory)
        .chain(parse(AZURE, RoleKind::Azure))
        .collect();
    roles.push(BuiltinRole {
        name: "Group Member",
        id: GROUP_MEMBER,
        kind: RoleKind::Group,
        privileged: false,
        description: "Membership of a group under PIM for Groups (accessId member)",
    });
    roles.push(BuiltinRole {
        name: "Group Owner",
        id: GROUP_OWNER,
        kind: RoleKind::Group,
        privileged: true,
        description: "Ownership of a group under PIM for Groups (accessId owner)",
    });
    roles
});

/// Every built-in role: the Microsoft Entra built-in roles, the Azure built-in roles PIM users
/// meet most, and the two roles of PIM for Groups. `pim init` creates them; a database made by
/// an older pim gains the ones it lacks when it is opened (a migration step).
pub fn roles() -> &'static [BuiltinRole] {
    &ROLES
}

/// The resource actions of the built-in roles, as Entra's permissions reference and Azure's role
/// definitions write them (a representative set for the directory roles; `!` marks Azure's
/// `NotActions`). `pim check --action` matches against these and custom roles' permissions.
pub fn permissions(role_id: &str) -> &'static [&'static str] {
    match role_id {
        GLOBAL_ADMINISTRATOR => &[
            "microsoft.directory/*",
            "microsoft.azure.*",
            "microsoft.office365.*",
        ],
        PRIVILEGED_ROLE_ADMINISTRATOR => &[
            "microsoft.directory/roleAssignments/allProperties/allTasks",
            "microsoft.directory/roleDefinitions/allProperties/allTasks",
            "microsoft.directory/privilegedIdentityManagement/allProperties/allTasks",
            "microsoft.directory/groups.privilegedIdentityManagement/allProperties/allTasks",
            "microsoft.directory/accessReviews/allProperties/allTasks",
            "microsoft.directory/*/allProperties/read",
        ],
        GLOBAL_READER | SECURITY_READER => &[
            "microsoft.directory/*/allProperties/read",
            "microsoft.directory/*/read",
        ],
        SECURITY_ADMINISTRATOR => &[
            "microsoft.directory/*/allProperties/read",
            "microsoft.directory/conditionalAccessPolicies/allProperties/allTasks",
            "microsoft.directory/identityProtection/allProperties/allTasks",
            "microsoft.directory/privilegedIdentityManagement/allProperties/read",
        ],
        USER_ADMINISTRATOR => &[
            "microsoft.directory/users/allProperties/allTasks",
            "microsoft.directory/groups/allProperties/allTasks",
            "microsoft.directory/contacts/allProperties/allTasks",
        ],
        GROUPS_ADMINISTRATOR => &["microsoft.directory/groups/allProperties/allTasks"],
        "729827e3-9c14-49f7-bb1b-9608f156bbb8" => &[
            "microsoft.directory/users/password/update",
            "microsoft.directory/users/invalidateAllRefreshTokens",
            "microsoft.directory/users/allProperties/read",
        ],
        "966707d0-3269-4727-9be2-8c3a10f19b9d" => &["microsoft.directory/users/password/update"],
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3" => &[
            "microsoft.directory/applications/allProperties/allTasks",
            "microsoft.directory/servicePrincipals/allProperties/allTasks",
        ],
        "88d8e3e3-8f55-4a1e-953a-9b9898b8876b" => &["microsoft.directory/*/standard/read"],
        OWNER => &["*"],
        CONTRIBUTOR => &[
            "*",
            "!Microsoft.Authorization/*/Delete",
            "!Microsoft.Authorization/*/Write",
            "!Microsoft.Authorization/elevateAccess/Action",
        ],
        READER => &["*/read"],
        USER_ACCESS_ADMINISTRATOR => {
            &["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"]
        }
        "f58310d9-a9f6-439a-9e8d-f62e7b41a168" => &[
            "*/read",
            "Microsoft.Authorization/roleAssignments/write",
            "Microsoft.Authorization/roleAssignments/delete",
            "Microsoft.Support/*",
        ],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_catalogue_is_well_formed() {
        let roles = roles();
        let directory = roles.iter().filter(|r| r.kind == RoleKind::Directory);
        let azure = roles.iter().filter(|r| r.kind == RoleKind::Azure);
        assert_eq!(directory.count(), 123, "Entra's All roles table");
        assert!(azure.count() >= 90);
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        for r in roles {
            assert!(ids.insert(r.id), "id {} twice", r.id);
            assert!(names.insert(r.name.to_lowercase()), "name {} twice", r.name);
            assert!(!r.name.trim().is_empty() && r.name.trim() == r.name);
            assert!(!r.description.is_empty(), "{} has no description", r.name);
            if r.kind != RoleKind::Group {
                assert_eq!(
                    crate::core::msformat::ids::guid(r.id).as_deref(),
                    Some(r.id),
                    "{}: {} is not a lower-case GUID",
                    r.name,
                    r.id
                );
            }
        }
        // The constants name catalogue entries.
        for (id, name) in [
            (GLOBAL_ADMINISTRATOR, "Global Administrator"),
            (
                PRIVILEGED_ROLE_ADMINISTRATOR,
                "Privileged Role Administrator",
            ),
            (SECURITY_ADMINISTRATOR, "Security Administrator"),
            (SECURITY_READER, "Security Reader"),
            (GLOBAL_READER, "Global Reader"),
            (USER_ADMINISTRATOR, "User Administrator"),
            (GROUPS_ADMINISTRATOR, "Groups Administrator"),
            (OWNER, "Owner"),
            (CONTRIBUTOR, "Contributor"),
            (READER, "Reader"),
            (USER_ACCESS_ADMINISTRATOR, "User Access Administrator"),
        ] {
            let r = roles.iter().find(|r| r.id == id).expect(name);
            assert_eq!(r.name, name);
        }
        let privileged = |name: &str| roles.iter().find(|r| r.name == name).unwrap().privileged;
        assert!(privileged("Global Administrator") && privileged("Owner"));
        assert!(!privileged("Groups Administrator") && !privileged("Reader"));
    }
}
