//! Principals, group membership, roles and scopes.

use crate::support::*;

#[test]
fn principals_are_added_listed_and_shown() {
    let env = TestEnv::bare();
    let r = env.run(&[
        "-o",
        "json",
        "principal",
        "add",
        "frank",
        "--email",
        "frank@contoso.example",
        "--display-name",
        "Frank Ocean",
    ]);
    r.ok();
    let p: PrincipalJson = r.json();
    assert_eq!(
        (p.kind.as_str(), p.enabled, p.break_glass),
        ("user", true, false)
    );
    env.run(&[
        "principal",
        "add",
        "ops",
        "--kind",
        "group",
        "--role-assignable",
    ])
    .ok();
    env.run(&["principal", "add", "ci-bot", "--kind", "service-principal"])
        .ok();
    let all: Vec<PrincipalJson> = env.json(&["principal", "list"]);
    assert_eq!(
        all.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["admin", "ci-bot", "frank", "ops"]
    );
    let groups: Vec<PrincipalJson> = env.json(&["principal", "list", "--kind", "group"]);
    assert_eq!(groups.len(), 1);
    assert!(groups[0].role_assignable);
    // Names match exactly but case-insensitively; IDs by prefix.
    let shown: PrincipalDetailJson = env.json(&["principal", "show", "FRANK"]);
    assert_eq!(shown.id, p.id);
    let by_prefix: PrincipalDetailJson = env.json(&["principal", "show", &p.id[..8]]);
    assert_eq!(by_prefix.name, "frank");
    let table = env.run(&["principal", "list"]);
    table.ok().stdout_has("NAME").stdout_has("frank");
    let audit = env.last_audit();
    assert_eq!(
        (audit.action.as_str(), audit.activity.as_str()),
        ("principal.create", "Add service principal")
    );
}

#[test]
fn principal_refusals() {
    let env = TestEnv::sample();
    env.refuses(1, "already exists", "principal.create", |e| {
        e.run(&["principal", "add", "ALICE"])
    });
    env.refuses(
        1,
        "only groups can be role-assignable",
        "principal.create",
        |e| e.run(&["principal", "add", "x", "--role-assignable"]),
    );
    env.refuses(
        1,
        "only users can be break-glass",
        "principal.create",
        |e| e.run(&["principal", "add", "x", "--kind", "group", "--break-glass"]),
    );
    env.refuses(1, "invalid email", "principal.create", |e| {
        e.run(&["principal", "add", "x", "--email", "not-an-address"])
    });
    env.refuses(1, "control characters", "principal.create", |e| {
        e.run(&["principal", "add", "bad\u{7}name"])
    });
    // Long, but within what one command-line argument may carry.
    let huge = "x".repeat(100_000);
    env.refuses(1, "at most 256", "principal.create", |e| {
        e.run(&["principal", "add", &huge])
    });
    // Bob holds no directory role: he may not add principals.
    env.refuses(4, "not authorized", "principal.create", |e| {
        e.run_as("bob", &["principal", "add", "x"])
    });
    // Someone who is not a principal may do nothing.
    if !server_mode() {
        // A server refuses such a caller before any command (tls.rs).
        env.refuses(4, "'mallory' is not a principal", "principal.create", |e| {
            e.run_as("mallory", &["principal", "add", "x"])
        });
    }
    env.run(&["principal", "show", "alcie"])
        .refused(3, "principal 'alcie' not found")
        .stderr_has("did you mean: alice");
}

#[test]
fn a_disabled_principal_holds_nothing_and_the_last_administrator_stays() {
    let env = TestEnv::sample();
    // Erin gets Global Administrator, then is disabled: she can no longer act.
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Global Administrator",
        "--type",
        "active",
        "--justification",
        "second admin",
    ])
    .ok();
    env.run_as("erin", &["principal", "add", "by-erin"]).ok();
    env.run(&["principal", "disable", "erin"]).ok();
    env.run_as("erin", &["principal", "add", "by-erin-2"])
        .refused(4, "disabled");
    // Disabling again changes nothing and says so.
    let audit = env.count("audit");
    env.run(&["principal", "disable", "erin"])
        .ok()
        .stderr_has("already disabled");
    assert_eq!(env.count("audit"), audit);
    // The admin is now the only active Global Administrator: disabling them is refused.
    env.refuses(
        4,
        "last active Global Administrator",
        "principal.disable",
        |e| e.run(&["principal", "disable", "admin"]),
    );
    env.run(&["principal", "enable", "erin"]).ok();
    env.run_as("erin", &["principal", "add", "by-erin-3"]).ok();
}

#[test]
fn removing_a_principal_needs_force_for_assignments_and_confirmation() {
    let env = TestEnv::sample();
    // Off a terminal, a destructive change needs --yes.
    env.run(&["principal", "remove", "bob"])
        .refused(1, "needs confirmation")
        .stderr_has("--yes");
    env.refuses(1, "holds 1 assignment", "principal.remove", |e| {
        e.run(&["--yes", "principal", "remove", "bob"])
    });
    let audit = env.count("audit");
    let r = env.run(&[
        "-o",
        "json",
        "--yes",
        "principal",
        "remove",
        "bob",
        "--force",
    ]);
    r.ok();
    let removal: RemovalJson = r.json();
    assert_eq!(removal.removed_assignments.len(), 1);
    // One row for the assignment, one for the principal.
    assert_eq!(env.count("audit"), audit + 2);
    env.run(&["principal", "show", "bob"])
        .refused(3, "not found");
    // The last Global Administrator cannot be removed that way either.
    env.refuses(
        4,
        "last active Global Administrator",
        "principal.remove",
        |e| e.run(&["--yes", "principal", "remove", "admin", "--force"]),
    );
    env.refuses(3, "not found", "principal.remove", |e| {
        e.run(&["--yes", "principal", "remove", "nobody"])
    });
    // Without assignments no --force is needed.
    env.run(&["principal", "add", "temp"]).ok();
    env.run(&["--yes", "principal", "remove", "temp"]).ok();
}

#[test]
fn group_membership() {
    let env = TestEnv::sample();
    env.run(&["group", "member", "add", "helpdesk", "erin"])
        .ok();
    let members: Vec<MembershipJson> = env.json(&["group", "member", "list", "helpdesk"]);
    assert_eq!(
        members
            .iter()
            .map(|m| m.member_name.as_str())
            .collect::<Vec<_>>(),
        ["carol", "dave", "erin"]
    );
    // Adding again changes nothing.
    let audit = env.count("audit");
    env.run(&["group", "member", "add", "helpdesk", "erin"])
        .ok()
        .stderr_has("already a member");
    assert_eq!(env.count("audit"), audit);
    env.run(&["group", "member", "remove", "helpdesk", "erin"])
        .ok();
    env.refuses(3, "not found", "group.member.remove", |e| {
        e.run(&["group", "member", "remove", "helpdesk", "erin"])
    });
    // Role-assignable groups take no nested groups; other groups do, without cycles.
    env.refuses(1, "groups cannot be nested", "group.member.add", |e| {
        e.run(&["group", "member", "add", "tier0-admins", "helpdesk"])
    });
    env.run(&["principal", "add", "outer", "--kind", "group"])
        .ok();
    env.run(&["group", "member", "add", "outer", "helpdesk"])
        .ok();
    env.refuses(1, "cycle", "group.member.add", |e| {
        e.run(&["group", "member", "add", "helpdesk", "outer"])
    });
    env.refuses(1, "not a group", "group.member.add", |e| {
        e.run(&["group", "member", "add", "alice", "bob"])
    });
    // Only directory admins manage a role-assignable group's members.
    env.refuses(4, "not authorized", "group.member.add", |e| {
        e.run_as("carol", &["group", "member", "add", "tier0-admins", "erin"])
    });
    let shown: PrincipalDetailJson = env.json(&["principal", "show", "carol"]);
    assert_eq!(shown.groups, ["helpdesk", "outer"]);
}

#[test]
fn roles_builtin_and_custom() {
    let env = TestEnv::sample();
    let privileged: Vec<RoleJson> = env.json(&["role", "list", "--privileged"]);
    assert!(privileged.iter().all(|r| r.privileged));
    let all: Vec<RoleJson> = env.json(&["role", "list"]);
    assert!(!privileged.is_empty() && privileged.len() < all.len());
    let azure: Vec<RoleJson> = env.json(&["role", "list", "--kind", "azure"]);
    assert!(azure.iter().all(|r| r.kind == "azure"));
    assert!(azure.iter().any(|r| r.name == "Key Vault Administrator"));
    let by_guid: RoleJson = env.json(&["role", "show", "62e90394"]);
    assert_eq!(by_guid.name, "Global Administrator");

    let r = env.run(&[
        "-o",
        "json",
        "role",
        "create",
        "Password Resetter",
        "--kind",
        "directory",
        "--permission",
        "microsoft.directory/users/password/update",
        "--permission",
        "microsoft.directory/users/basic/read",
    ]);
    r.ok();
    let custom: RoleJson = r.json();
    assert!(!custom.builtin);
    assert_eq!(custom.permissions.len(), 2);
    env.refuses(1, "already exists", "role.create", |e| {
        e.run(&[
            "role",
            "create",
            "password resetter",
            "--kind",
            "directory",
            "--permission",
            "a/b",
        ])
    });
    env.refuses(1, "invalid permission", "role.create", |e| {
        e.run(&[
            "role",
            "create",
            "X",
            "--kind",
            "azure",
            "--permission",
            "Microsoft.Compute/ bad",
        ])
    });
    env.refuses(4, "not authorized", "role.create", |e| {
        e.run_as(
            "carol",
            &[
                "role",
                "create",
                "X",
                "--kind",
                "azure",
                "--permission",
                "Microsoft.Compute/*/read",
            ],
        )
    });
    env.refuses(1, "built-in role", "role.delete", |e| {
        e.run(&["role", "delete", "Reader"])
    });
    // A custom role in use cannot be deleted; once unassigned it can.
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Password Resetter",
        "--duration",
        "1h",
    ])
    .ok();
    env.refuses(1, "has 1 assignment", "role.delete", |e| {
        e.run(&["role", "delete", "Password Resetter"])
    });
    env.run_at(
        "2026-11-22T10:00:00Z",
        &["role", "delete", "Password Resetter"],
    )
    .ok();
    env.run(&["role", "show", "Password Resetter"])
        .refused(3, "not found");
}

#[test]
fn scopes_follow_the_grammar_and_the_hierarchy() {
    let env = TestEnv::sample();
    let mg = "/providers/Microsoft.Management/managementGroups/contoso";
    env.run(&[
        "scope",
        "add",
        "/providers/microsoft.management/managementgroups/eu",
        "--parent",
        mg,
    ])
    .ok();
    env.run(&[
        "scope",
        "add",
        "/subscriptions/eu-prod",
        "--parent",
        "/providers/Microsoft.Management/managementGroups/eu",
        "--name",
        "EU production",
    ])
    .ok();
    env.run(&[
        "scope",
        "add",
        "/subscriptions/eu-prod/resourceGroups/rg-db",
    ])
    .ok();
    let scopes: Vec<ScopeJson> = env.json(&["scope", "list"]);
    let rg = scopes
        .iter()
        .find(|s| s.path == "/subscriptions/eu-prod/resourceGroups/rg-db")
        .unwrap();
    assert_eq!(rg.parent.as_deref(), Some("/subscriptions/eu-prod"));
    let tree: Vec<ScopeNodeJson> = env.json(&["scope", "list", "--tree"]);
    assert_eq!(tree.len(), 1);
    assert_eq!(tree[0].path, "/");
    let contoso = tree[0].children.iter().find(|c| c.path == mg).unwrap();
    assert!(contoso.children.iter().any(|c| c.path.ends_with("/eu")));
    let text = env.run(&["scope", "list", "--tree"]);
    text.ok()
        .stdout_has("└── ")
        .stdout_has("/subscriptions/eu-prod/resourceGroups/rg-db (resource-group)");

    env.refuses(1, "invalid scope", "scope.create", |e| {
        e.run(&["scope", "add", "/subscriptions/a b"])
    });
    env.refuses(1, "invalid scope", "scope.create", |e| {
        e.run(&["scope", "add", "subscriptions/x"])
    });
    env.refuses(3, "not found", "scope.create", |e| {
        e.run(&["scope", "add", "/subscriptions/nope/resourceGroups/rg"])
    });
    env.refuses(1, "already exists", "scope.create", |e| {
        e.run(&["scope", "add", "/SUBSCRIPTIONS/prod"])
    });
    env.refuses(1, "sits under a management group", "scope.create", |e| {
        e.run(&[
            "scope",
            "add",
            "/subscriptions/x",
            "--parent",
            "/subscriptions/prod",
        ])
    });
    env.refuses(1, "has scopes below it", "scope.remove", |e| {
        e.run(&["scope", "remove", "/subscriptions/prod"])
    });
    env.refuses(1, "has 1 assignment", "scope.remove", |e| {
        e.run(&["scope", "remove", "/subscriptions/dev"])
    });
    env.refuses(1, "cannot be removed", "scope.remove", |e| {
        e.run(&["scope", "remove", "/"])
    });
    // Carol is only a Reader: she cannot add resource groups.
    env.refuses(4, "not authorized", "scope.create", |e| {
        e.run_as(
            "carol",
            &["scope", "add", "/subscriptions/prod/resourceGroups/rg-x"],
        )
    });
    env.run(&[
        "scope",
        "remove",
        "/subscriptions/eu-prod/resourceGroups/rg-db",
    ])
    .ok();
}

#[test]
fn an_owner_manages_below_their_scope_only() {
    let env = TestEnv::sample();
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Owner",
        "--scope",
        "/subscriptions/prod",
        "--type",
        "active",
        "--justification",
        "sub owner",
    ])
    .ok();
    env.run_as(
        "erin",
        &["scope", "add", "/subscriptions/prod/resourceGroups/rg-erin"],
    )
    .ok();
    env.run_as(
        "erin",
        &[
            "assign",
            "--principal",
            "dave",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/prod/resourceGroups/rg-erin",
        ],
    )
    .ok();
    env.refuses(
        4,
        "Owner or User Access Administrator",
        "assignment.create",
        |e| {
            e.run_as(
                "erin",
                &[
                    "assign",
                    "--principal",
                    "dave",
                    "--role",
                    "Reader",
                    "--scope",
                    "/subscriptions/dev",
                ],
            )
        },
    );
    env.refuses(
        4,
        "Global Administrator or Privileged Role Administrator",
        "assignment.create",
        |e| {
            e.run_as(
                "erin",
                &["assign", "--principal", "dave", "--role", "Global Reader"],
            )
        },
    );
}

#[test]
fn an_approver_named_in_settings_cannot_be_deleted() {
    let env = TestEnv::sample();
    env.run(&[
        "settings",
        "set",
        "--role",
        "Security Administrator",
        "--require-approval",
        "true",
        "--approver",
        "erin",
    ])
    .ok();
    env.refuses(
        1,
        "is an approver in the settings of Security Administrator at /",
        "principal.remove",
        |e| e.run(&["--yes", "principal", "remove", "erin", "--force"]),
    );
    env.run(&[
        "settings",
        "set",
        "--role",
        "Security Administrator",
        "--clear-approvers",
        "--require-approval",
        "false",
    ])
    .ok();
    env.run(&["--yes", "principal", "remove", "erin", "--force"])
        .ok();
}

#[test]
fn principal_update_changes_the_address_notifications_go_to_and_is_audited() {
    let env = TestEnv::sample();
    let p: PrincipalJson = env.json(&[
        "principal",
        "update",
        "erin",
        "--email",
        "erin.novak@contoso.example",
        "--display-name",
        "Erin E.",
    ]);
    assert_eq!(p.email.as_deref(), Some("erin.novak@contoso.example"));
    assert_eq!(p.display_name.as_deref(), Some("Erin E."));
    let a = env.last_audit();
    assert_eq!(
        (a.action.as_str(), a.activity.as_str(), a.category.as_str()),
        ("principal.update", "Update user", "UserManagement")
    );
    let details = a.details.unwrap();
    assert_eq!(details["email"]["new"], "erin.novak@contoso.example");
    // The same again changes nothing and writes nothing.
    let rows = env.count("audit");
    env.run(&[
        "principal",
        "update",
        "erin",
        "--email",
        "erin.novak@contoso.example",
    ])
    .ok()
    .stderr_has("nothing changed");
    assert_eq!(env.count("audit"), rows);
    // A dry run changes nothing.
    let before = env.state();
    env.run(&["principal", "update", "erin", "--clear-email", "--dry-run"])
        .ok()
        .stderr_has("dry run");
    assert_eq!(env.state(), before);
    let p: PrincipalJson = env.json(&["principal", "update", "erin", "--clear-email"]);
    assert_eq!(p.email, None);
    // Bad input and missing rights change nothing and are audited.
    env.refuses(1, "invalid email address", "principal.update", |e| {
        e.run(&["principal", "update", "erin", "--email", "not an address"])
    });
    env.refuses(4, "not authorized", "principal.update", |e| {
        e.run_as(
            "carol",
            &["principal", "update", "erin", "--email", "x@y.example"],
        )
    });
    env.run(&["principal", "update", "erin"])
        .refused(1, "nothing to change");
    env.run(&["principal", "update", "nosuch", "--email", "x@y.example"])
        .refused(3, "nosuch");
}
