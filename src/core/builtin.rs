//! Built-in roles with their Microsoft template GUIDs (reference §7).

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

const fn dir(name: &'static str, id: &'static str, privileged: bool) -> BuiltinRole {
    BuiltinRole {
        name,
        id,
        kind: RoleKind::Directory,
        privileged,
        description: "",
    }
}

const fn az(
    name: &'static str,
    id: &'static str,
    privileged: bool,
    description: &'static str,
) -> BuiltinRole {
    BuiltinRole {
        name,
        id,
        kind: RoleKind::Azure,
        privileged,
        description,
    }
}

/// Every built-in role `pim init` creates.
pub const ROLES: &[BuiltinRole] = &[
    dir("Global Administrator", GLOBAL_ADMINISTRATOR, true),
    dir(
        "Privileged Role Administrator",
        PRIVILEGED_ROLE_ADMINISTRATOR,
        true,
    ),
    dir(
        "Privileged Authentication Administrator",
        "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
        true,
    ),
    dir("Security Administrator", SECURITY_ADMINISTRATOR, true),
    dir(
        "Security Operator",
        "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f",
        true,
    ),
    dir("Security Reader", SECURITY_READER, true),
    dir("Global Reader", GLOBAL_READER, true),
    dir("User Administrator", USER_ADMINISTRATOR, true),
    dir("Groups Administrator", GROUPS_ADMINISTRATOR, false),
    dir(
        "Helpdesk Administrator",
        "729827e3-9c14-49f7-bb1b-9608f156bbb8",
        true,
    ),
    dir(
        "Password Administrator",
        "966707d0-3269-4727-9be2-8c3a10f19b9d",
        true,
    ),
    dir(
        "Authentication Administrator",
        "c4e39bd9-1100-46d3-8c65-fb160da0071f",
        true,
    ),
    dir(
        "Authentication Policy Administrator",
        "0526716b-113d-4c15-b2c8-68e3c22b9f80",
        false,
    ),
    dir(
        "Conditional Access Administrator",
        "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
        true,
    ),
    dir(
        "Application Administrator",
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
        true,
    ),
    dir(
        "Cloud Application Administrator",
        "158c047a-c907-4556-b7ef-446551a6b5f7",
        true,
    ),
    dir(
        "Application Developer",
        "cf1c38e5-3621-4004-a7cb-879624dced7c",
        true,
    ),
    dir(
        "Hybrid Identity Administrator",
        "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
        true,
    ),
    dir(
        "Identity Governance Administrator",
        "45d8d3c5-c802-45c6-b32a-1d70b5e1e86e",
        false,
    ),
    dir(
        "Directory Readers",
        "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
        false,
    ),
    dir(
        "Directory Writers",
        "9360feb5-f418-4baa-8175-e2a00bac4301",
        true,
    ),
    dir(
        "Intune Administrator",
        "3a2c62db-5318-420d-8d74-23affee5d9d5",
        true,
    ),
    dir(
        "Cloud Device Administrator",
        "7698a772-787b-4ac8-901f-60d6b08affd2",
        true,
    ),
    dir(
        "Exchange Administrator",
        "29232cdf-9323-42fd-ade2-1d097af3e4de",
        false,
    ),
    dir(
        "Exchange Recipient Administrator",
        "31392ffb-586c-42d1-9346-e59415a2cc4e",
        false,
    ),
    dir(
        "SharePoint Administrator",
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        false,
    ),
    dir(
        "Teams Administrator",
        "69091246-20e8-4a56-aa4d-066075b2a7a8",
        false,
    ),
    dir(
        "Compliance Administrator",
        "17315797-102d-40b4-93e0-432062caca18",
        false,
    ),
    dir(
        "Billing Administrator",
        "b0f54661-2d74-4c50-afa3-1ec803f12efe",
        false,
    ),
    dir(
        "License Administrator",
        "4d6ac14f-3453-41d0-bef9-a3e0c569773a",
        false,
    ),
    dir(
        "Reports Reader",
        "4a5d8f65-41da-4de4-8968-e035b65339cf",
        false,
    ),
    dir(
        "Service Support Administrator",
        "f023fd81-a637-4b56-95fd-791ac0226033",
        false,
    ),
    dir(
        "Attribute Definition Administrator",
        "8424c6f0-a189-499e-bbd0-26c1753c96d4",
        false,
    ),
    az(
        "Owner",
        OWNER,
        true,
        "Full access to manage all resources, including assigning roles",
    ),
    az(
        "Contributor",
        CONTRIBUTOR,
        true,
        "Full access to manage all resources, but not to assign roles",
    ),
    az(
        "Reader",
        READER,
        false,
        "View all resources, but make no changes",
    ),
    az(
        "User Access Administrator",
        USER_ACCESS_ADMINISTRATOR,
        true,
        "Manage user access to Azure resources",
    ),
    az(
        "Role Based Access Control Administrator",
        "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
        true,
        "Manage access to Azure resources by assigning roles",
    ),
    BuiltinRole {
        name: "Group Member",
        id: GROUP_MEMBER,
        kind: RoleKind::Group,
        privileged: false,
        description: "Membership of a group under PIM for Groups (accessId member)",
    },
    BuiltinRole {
        name: "Group Owner",
        id: GROUP_OWNER,
        kind: RoleKind::Group,
        privileged: true,
        description: "Ownership of a group under PIM for Groups (accessId owner)",
    },
];

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
