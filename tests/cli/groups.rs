//! PIM for Groups and effective access from the command line: onboarding, member/owner
//! assignments and settings, the scenario of seed 000's sequence diagram, nesting rules, group
//! owners' rights, and `check --action`.

use crate::activate::{ActivationJson, CheckJson};
use crate::support::*;

/// Runs as `actor` at `now`.
fn at(env: &TestEnv, actor: &str, now: &str, args: &[&str]) -> Run {
    let mut c = env.command();
    c.env("PIM_ACTOR", actor).env("PIM_NOW", now).args(args);
    Run::from(c.output().expect("run pim"))
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct OnboardedJson {
    group: String,
    group_id: String,
    scope: String,
    role_assignable: bool,
    assignments: i64,
}

/// A role-assignable group `sec-ops` under PIM that holds Security Administrator permanently.
fn sec_ops(env: &TestEnv) {
    env.run(&[
        "principal",
        "add",
        "sec-ops",
        "--kind",
        "group",
        "--role-assignable",
    ])
    .ok();
    env.run(&["group", "onboard", "sec-ops"]).ok();
    env.run(&[
        "assign",
        "--principal",
        "sec-ops",
        "--role",
        "Security Administrator",
        "--type",
        "active",
        "--permanent",
        "--justification",
        "the group holds it",
    ])
    .ok();
}

#[test]
fn onboarding_is_audited_listed_and_needed_before_assigning() {
    let env = TestEnv::sample();
    env.run(&["principal", "add", "web-ops", "--kind", "group"])
        .ok();
    // Not under PIM yet: a clear refusal that says what to do.
    env.run(&[
        "assign",
        "--principal",
        "carol",
        "--group",
        "web-ops",
        "--access",
        "member",
    ])
    .refused(1, "group 'web-ops' is not under PIM for Groups")
    .stderr_has("pim group onboard 'web-ops'");
    // Only groups can be onboarded.
    env.run(&["group", "onboard", "carol"])
        .refused(1, "'carol' is a user, not a group");
    env.run(&["group", "onboard", "nosuch"])
        .refused(3, "nosuch");
    // A dry run changes nothing.
    let before = env.state();
    env.run(&["group", "onboard", "web-ops", "--dry-run"])
        .ok()
        .stderr_has("dry run");
    assert_eq!(env.state(), before);

    let g: OnboardedJson = env.json(&["group", "onboard", "web-ops"]);
    assert_eq!(
        (
            g.group.as_str(),
            g.scope.as_str(),
            g.role_assignable,
            g.assignments
        ),
        ("web-ops", "/groups/web-ops", false, 0)
    );
    assert!(!g.group_id.is_empty());
    let a = env.last_audit();
    assert_eq!(
        (a.action.as_str(), a.activity.as_str(), a.category.as_str()),
        (
            "group.onboard",
            "Onboarded resource to PIM",
            "GroupManagement"
        )
    );
    assert_eq!(a.scope.as_deref(), Some("/groups/web-ops"));
    // Again: nothing changes, nothing is audited.
    let rows = env.count("audit");
    env.run(&["group", "onboard", "web-ops"])
        .ok()
        .stderr_has("already under PIM");
    assert_eq!(env.count("audit"), rows);
    let listed: Vec<OnboardedJson> = env.json(&["group", "list"]);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].group, "web-ops");

    // A static member is a member: `check --group` says so, as `static`, with no assignment.
    env.run(&["group", "member", "add", "web-ops", "dave"]).ok();
    let c: CheckJson = env.json(&[
        "check",
        "--principal",
        "dave",
        "--group",
        "web-ops",
        "--access",
        "member",
    ]);
    assert!(c.holds);
    assert_eq!(c.until, None);
    assert_eq!(c.paths.len(), 1);
    assert_eq!(
        (
            c.paths[0].member_type.as_str(),
            c.paths[0].assignment_id.as_deref()
        ),
        ("static", None)
    );
    assert_eq!(c.paths[0].through[0].group, "web-ops");
    // Not an owner, though.
    env.run(&[
        "check",
        "--principal",
        "dave",
        "--group",
        "web-ops",
        "--access",
        "owner",
    ])
    .code(1);
    env.run(&["group", "member", "remove", "web-ops", "dave"])
        .ok();

    // A group with a PIM assignment cannot be offboarded.
    env.run(&[
        "assign",
        "--principal",
        "carol",
        "--group",
        "web-ops",
        "--access",
        "member",
    ])
    .ok();
    env.refuses(1, "has 1 PIM assignment", "group.offboard", |e| {
        e.run(&["group", "offboard", "web-ops"])
    });
    // Nor deleted, even with --force: the membership would vanish unrecorded.
    env.refuses(
        1,
        "has 1 PIM-for-Groups assignment",
        "principal.remove",
        |e| e.run(&["--yes", "principal", "remove", "web-ops", "--force"]),
    );
    let rows: Vec<AssignmentJson> = env.json(&["assign", "list", "--scope", "/groups/web-ops"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].role_name.as_str(),
            rows[0].role_kind.as_str(),
            rows[0].member_type.as_str()
        ),
        ("Group Member", "group", "direct")
    );
    // Its scope is not a plain scope: `scope remove` sends you to offboard.
    env.run(&["scope", "remove", "/groups/web-ops"])
        .refused(1, "is a group under PIM for Groups")
        .stderr_has("pim group offboard");
    env.run_at(
        "2026-11-22T09:10:00Z",
        &["--yes", "assign", "remove", &rows[0].id],
    )
    .ok();
    env.run_at("2026-11-22T09:10:00Z", &["group", "offboard", "web-ops"])
        .ok();
    assert_eq!(env.last_audit().activity, "Offboarded resource from PIM");
    let none: Vec<OnboardedJson> = env.json(&["group", "list"]);
    assert!(none.is_empty());
    // Once out, its scope refuses everything until it is onboarded again.
    env.run(&["scope", "remove", "/groups/web-ops"])
        .refused(1, "is not under PIM for Groups");
    env.run(&["scope", "add", "/groups/other"])
        .refused(1, "is where a group's membership is assigned")
        .stderr_has("pim group onboard");
}

#[test]
fn the_sequence_of_seed_000_mfa_justification_approval_then_the_groups_role_until_the_end() {
    let env = TestEnv::sample();
    sec_ops(&env);
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--group",
        "sec-ops",
        "--access",
        "member",
        "--duration",
        "90d",
    ])
    .ok();
    env.run(&[
        "settings",
        "set",
        "--group",
        "sec-ops",
        "--access",
        "member",
        "--require-mfa",
        "true",
        "--require-justification",
        "true",
        "--require-approval",
        "true",
        "--approver",
        "bob",
    ])
    .ok();
    // Owner settings are separate and untouched.
    let owner = env.run(&[
        "settings", "show", "--group", "sec-ops", "--access", "owner",
    ]);
    owner.ok().stdout_has("Group Owner at /groups/sec-ops");
    assert!(!owner.stdout.contains("bob (1 of 1)"), "{}", owner.stdout);
    env.run(&[
        "settings", "show", "--group", "sec-ops", "--access", "member",
    ])
    .ok()
    .stdout_has("bob (1 of 1)");

    // Eligible membership grants nothing yet.
    env.run_as(
        "erin",
        &[
            "check",
            "--principal",
            "erin",
            "--role",
            "Security Administrator",
        ],
    )
    .code(1);

    // The user registers MFA.
    let enrol = env.run_as("erin", &["-o", "json", "mfa", "enroll"]);
    enrol.ok();
    let secret = enrol.json::<serde_json::Value>()["secret"]
        .as_str()
        .unwrap()
        .to_string();
    env.run_as(
        "erin",
        &["mfa", "enroll", "--code", &totp_code(&secret, T0)],
    )
    .ok();

    // Without the OTP, activation is refused (exit 4) and nothing is requested.
    let t1 = "2026-11-22T09:01:00Z";
    at(
        &env,
        "erin",
        t1,
        &[
            "activate",
            "--group",
            "sec-ops",
            "--access",
            "member",
            "--justification",
            "INC-4711",
        ],
    )
    .refused(4, "MfaRule");
    // With OTP and justification: waiting for approval (exit 5).
    let r = at(
        &env,
        "erin",
        t1,
        &[
            "-o",
            "json",
            "activate",
            "--group",
            "sec-ops",
            "--access",
            "member",
            "--justification",
            "INC-4711",
            "--duration",
            "2h",
            "--otp",
            &totp_code(&secret, t1),
        ],
    );
    r.code(5);
    let a: ActivationJson = r.json();
    assert_eq!(a.outcome, "pending_approval");
    assert_eq!(
        (a.role.as_str(), a.scope.as_str()),
        ("Group Member", "/groups/sec-ops")
    );
    let request = a.request_id.unwrap();
    // Still nothing before the approval.
    at(
        &env,
        "erin",
        "2026-11-22T09:02:00Z",
        &[
            "check",
            "--principal",
            "erin",
            "--role",
            "Security Administrator",
        ],
    )
    .code(1);

    // The approver approves.
    let t2 = "2026-11-22T09:05:00Z";
    at(
        &env,
        "bob",
        t2,
        &["approve", &request, "--justification", "ok"],
    )
    .ok();

    // The user holds the group's role through the activated membership, until its end.
    let r = at(
        &env,
        "erin",
        "2026-11-22T10:00:00Z",
        &[
            "-o",
            "json",
            "check",
            "--principal",
            "erin",
            "--role",
            "Security Administrator",
        ],
    );
    r.ok();
    let c: CheckJson = r.json();
    assert!(c.holds);
    assert_eq!(c.until.as_deref(), Some("2026-11-22T11:05:00Z"));
    assert_eq!(c.paths.len(), 1);
    let p = &c.paths[0];
    assert_eq!(
        (p.member_type.as_str(), p.via_group.as_deref()),
        ("group", Some("sec-ops"))
    );
    assert_eq!(p.end.as_deref(), Some("2026-11-22T11:05:00Z"));
    assert_eq!(p.through.len(), 1);
    assert_eq!(
        (
            p.through[0].group.as_str(),
            p.through[0].membership.as_str()
        ),
        ("sec-ops", "pim")
    );
    // The membership shows in the group's members and in what erin holds.
    let members = at(
        &env,
        "admin",
        "2026-11-22T10:00:00Z",
        &["-o", "json", "group", "member", "list", "sec-ops"],
    );
    members.ok();
    let m: Vec<MembershipJson> = members.json();
    assert_eq!(m.len(), 1);
    assert_eq!(
        (m[0].member_name.as_str(), m[0].membership.as_str()),
        ("erin", "pim")
    );
    assert_eq!(m[0].end.as_deref(), Some("2026-11-22T11:05:00Z"));
    at(&env, "erin", "2026-11-22T10:00:00Z", &["status"])
        .ok()
        .stdout_has("Group Member");

    // At the end: no membership, no role.
    let end = "2026-11-22T11:05:00Z";
    at(
        &env,
        "erin",
        end,
        &[
            "check",
            "--principal",
            "erin",
            "--role",
            "Security Administrator",
        ],
    )
    .code(1);
    at(&env, "admin", end, &["sweep"]).ok();
    let last = env.last_audit();
    assert_eq!(
        last.activity,
        "Remove member from role (PIM activation expired)"
    );
    assert_eq!(last.role.as_deref(), Some("Group Member"));
    let members = at(
        &env,
        "admin",
        end,
        &["-o", "json", "group", "member", "list", "sec-ops"],
    );
    members.ok();
    assert!(members.json::<Vec<MembershipJson>>().is_empty());
}

#[test]
fn nesting_rules_of_pim_for_groups() {
    let env = TestEnv::sample();
    sec_ops(&env);
    env.run(&["principal", "add", "responders", "--kind", "group"])
        .ok();
    env.run(&["group", "member", "add", "responders", "carol"])
        .ok();
    // A group cannot be an active member of a role-assignable group…
    env.refuses(
        1,
        "groups cannot be its active members",
        "assignment.create",
        |e| {
            e.run(&[
                "assign",
                "--principal",
                "responders",
                "--group",
                "sec-ops",
                "--access",
                "member",
                "--type",
                "active",
                "--duration",
                "1d",
                "--justification",
                "x",
            ])
        },
    );
    // …nor own one…
    env.run(&[
        "assign",
        "--principal",
        "responders",
        "--group",
        "sec-ops",
        "--access",
        "owner",
    ])
    .refused(1, "cannot own group");
    // …nor be a member of itself.
    env.run(&[
        "assign",
        "--principal",
        "sec-ops",
        "--group",
        "sec-ops",
        "--access",
        "member",
    ])
    .refused(1, "itself");
    // It can be an eligible member; its members then activate for themselves only.
    env.run(&[
        "assign",
        "--principal",
        "responders",
        "--group",
        "sec-ops",
        "--access",
        "member",
    ])
    .ok();
    let r = env.run_as(
        "carol",
        &[
            "-o",
            "json",
            "activate",
            "--group",
            "sec-ops",
            "--access",
            "member",
            "--justification",
            "on call",
        ],
    );
    r.ok();
    let a: ActivationJson = r.json();
    assert_eq!(a.outcome, "activated");
    let rows: Vec<AssignmentJson> = env.json(&[
        "assign",
        "list",
        "--scope",
        "/groups/sec-ops",
        "--type",
        "active",
    ]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].principal_name, "carol");
    env.run_as(
        "carol",
        &[
            "check",
            "--principal",
            "carol",
            "--role",
            "Security Administrator",
        ],
    )
    .ok();
    // dave, not in `responders`, may not.
    env.run_as(
        "dave",
        &[
            "activate",
            "--group",
            "sec-ops",
            "--access",
            "member",
            "--justification",
            "x",
        ],
    )
    .refused(4, "EligibilityRule");
    // Deactivating the membership takes the role away at once (after Entra's five minutes).
    at(
        &env,
        "carol",
        "2026-11-22T09:10:00Z",
        &["deactivate", "--group", "sec-ops", "--access", "member"],
    )
    .ok();
    at(
        &env,
        "carol",
        "2026-11-22T09:10:00Z",
        &[
            "check",
            "--principal",
            "carol",
            "--role",
            "Security Administrator",
        ],
    )
    .code(1);
}

#[test]
fn group_owners_manage_their_groups_assignments_and_settings_and_no_others() {
    let env = TestEnv::sample();
    env.run(&["principal", "add", "web-ops", "--kind", "group"])
        .ok();
    env.run(&["principal", "add", "db-ops", "--kind", "group"])
        .ok();
    env.run(&["group", "onboard", "web-ops"]).ok();
    env.run(&["group", "onboard", "db-ops"]).ok();
    env.run(&[
        "assign",
        "--principal",
        "dave",
        "--group",
        "web-ops",
        "--access",
        "owner",
        "--type",
        "active",
        "--permanent",
        "--justification",
        "team lead",
    ])
    .ok();
    // dave, an owner of web-ops, assigns its membership and changes its settings…
    env.run_as(
        "dave",
        &[
            "assign",
            "--principal",
            "carol",
            "--group",
            "web-ops",
            "--access",
            "member",
        ],
    )
    .ok();
    env.run_as(
        "dave",
        &[
            "settings",
            "set",
            "--group",
            "web-ops",
            "--access",
            "member",
            "--require-ticket",
            "true",
        ],
    )
    .ok();
    env.run_as("dave", &["assign", "list", "--scope", "/groups/web-ops"])
        .ok()
        .stdout_has("carol");
    // …but not db-ops's, nor a directory role.
    env.refuses(
        4,
        "active ownership of the group (/groups/db-ops)",
        "assignment.create",
        |e| {
            e.run_as(
                "dave",
                &[
                    "assign",
                    "--principal",
                    "carol",
                    "--group",
                    "db-ops",
                    "--access",
                    "member",
                ],
            )
        },
    );
    env.run_as(
        "dave",
        &[
            "settings",
            "set",
            "--group",
            "db-ops",
            "--access",
            "member",
            "--require-ticket",
            "true",
        ],
    )
    .refused(4, "ownership of /groups/db-ops");
    env.run_as(
        "dave",
        &["assign", "--principal", "carol", "--role", "Global Reader"],
    )
    .refused(4, "Global Administrator or Privileged Role Administrator");
    // Without a group, a group-kind role says what it needs (activate finds the one group you are
    // eligible for, as it finds an Azure role's one scope).
    for args in [
        vec!["check", "--principal", "carol", "--role", "Group Member"],
        vec!["settings", "show", "--role", "Group Owner"],
        vec!["assign", "--principal", "carol", "--role", "Group Member"],
    ] {
        env.run(&args)
            .refused(1, "'Group ")
            .stderr_has("a group is needed")
            .stderr_has("--group GROUP --access member|owner");
    }
    // --wait needs one role or group to wait for.
    env.run(&["activate", "--wait", "1h"]).code(2);
    // A group-kind role belongs to a group; a directory role does not.
    env.run(&[
        "assign",
        "--principal",
        "carol",
        "--role",
        "Group Member",
        "--scope",
        "/",
    ])
    .refused(1, "--group GROUP --access member|owner");
    env.run(&[
        "assign",
        "--principal",
        "carol",
        "--role",
        "Reader",
        "--scope",
        "/groups/web-ops",
    ])
    .refused(1, "cannot be assigned at /groups/web-ops");
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ActionCheckJson {
    principal: String,
    action: String,
    scope: String,
    at: String,
    allowed: bool,
    until: Option<String>,
    grants: Vec<ActionGrantJson>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ActionGrantJson {
    role: String,
    role_id: String,
    permission: String,
    member_type: String,
    via_group: Option<String>,
    inherited_from: Option<String>,
    assignment_id: String,
    end: Option<String>,
    through: Vec<ChainJson>,
}

#[test]
fn check_action_resolves_custom_and_builtin_permissions_with_wildcards() {
    let env = TestEnv::sample();
    env.run(&[
        "role",
        "create",
        "VM Operator",
        "--kind",
        "azure",
        "--permission",
        "Microsoft.Compute/virtualMachines/*/action",
        "--permission",
        "!Microsoft.Compute/virtualMachines/delete/action",
        "--permission",
        "*/read",
    ])
    .ok();
    env.run(&["principal", "add", "web-ops", "--kind", "group"])
        .ok();
    env.run(&["group", "member", "add", "web-ops", "carol"])
        .ok();
    env.run(&[
        "assign",
        "--principal",
        "web-ops",
        "--role",
        "VM Operator",
        "--scope",
        "/providers/Microsoft.Management/managementGroups/contoso",
        "--type",
        "active",
        "--duration",
        "30d",
        "--justification",
        "ops",
    ])
    .ok();
    let vm = "/subscriptions/prod/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/web-01";
    let r = env.run(&[
        "-o",
        "json",
        "check",
        "--principal",
        "carol",
        "--action",
        "microsoft.compute/virtualMachines/restart/action",
        "--scope",
        vm,
    ]);
    r.ok();
    let c: ActionCheckJson = r.json();
    assert!(c.allowed);
    assert_eq!((c.principal.as_str(), c.scope.as_str()), ("carol", vm));
    assert_eq!(c.action, "microsoft.compute/virtualMachines/restart/action");
    assert_eq!(c.at, T0);
    assert_eq!(c.until.as_deref(), Some("2026-12-22T09:00:00Z"));
    let g = &c.grants[0];
    assert_eq!(
        (
            g.role.as_str(),
            g.permission.as_str(),
            g.member_type.as_str()
        ),
        (
            "VM Operator",
            "Microsoft.Compute/virtualMachines/*/action",
            "group"
        )
    );
    assert_eq!(g.via_group.as_deref(), Some("web-ops"));
    assert_eq!(
        g.inherited_from.as_deref(),
        Some("/providers/Microsoft.Management/managementGroups/contoso")
    );
    assert!(!g.role_id.is_empty() && !g.assignment_id.is_empty());
    assert_eq!(g.end.as_deref(), Some("2026-12-22T09:00:00Z"));
    assert_eq!(g.through[0].membership, "static");
    // The exclusion wins; an unrelated action is not granted; exit 1 either way.
    for action in [
        "Microsoft.Compute/virtualMachines/delete/action",
        "Microsoft.Compute/virtualMachines/write",
    ] {
        let r = env.run(&[
            "-o",
            "json",
            "check",
            "--principal",
            "carol",
            "--action",
            action,
            "--scope",
            vm,
        ]);
        r.code(1);
        assert!(!r.json::<ActionCheckJson>().allowed);
    }
    env.run(&[
        "check",
        "--principal",
        "carol",
        "--action",
        "Microsoft.Compute/virtualMachines/read",
        "--scope",
        vm,
    ])
    .ok()
    .stdout_has("yes: carol may Microsoft.Compute/virtualMachines/read");
    // Built-in directory roles: the administrator (Global Administrator) may reset passwords.
    env.run(&[
        "check",
        "--principal",
        "admin",
        "--action",
        "microsoft.directory/users/password/update",
    ])
    .ok()
    .stdout_has("Global Administrator");
    // Patterns are not actions; bad actions are refused clearly.
    env.run(&[
        "check",
        "--principal",
        "carol",
        "--action",
        "Microsoft.Compute/*",
    ])
    .refused(1, "is a pattern, not an action");
    env.run(&["check", "--principal", "carol", "--action", "bad action"])
        .refused(1, "invalid permission");
    // `role show` lists a built-in's permissions.
    env.run(&["role", "show", "Contributor"])
        .ok()
        .stdout_has("!Microsoft.Authorization/*/Write");
}

#[test]
fn settings_as_code_csv_import_and_activation_sets_cover_groups() {
    let env = TestEnv::sample();
    sec_ops(&env);
    env.run(&[
        "settings",
        "set",
        "--group",
        "sec-ops",
        "--access",
        "owner",
        "--require-ticket",
        "true",
    ])
    .ok();
    // Export one group's settings, change them, import them back.
    let r = env.run(&[
        "settings", "export", "--group", "sec-ops", "--access", "owner",
    ]);
    r.ok()
        .stdout_has("role = \"Group Owner\"")
        .stdout_has("scope = \"/groups/sec-ops\"");
    let file = env.write_file(
        "owner.toml",
        &r.stdout.replace(
            "require_justification = true",
            "require_justification = false",
        ),
    );
    env.run(&["settings", "import", path_str(&file)])
        .ok()
        .stderr_has("activation.require_justification: true -> false");
    let all = env.run(&["settings", "export", "--all"]);
    all.ok().stdout_has("/groups/sec-ops");
    // CSV import takes the group's scope.
    let csv = env.write_file(
        "a.csv",
        "principal,role,scope,type,end\ncarol,Group Member,/groups/sec-ops,eligible,30d\ndave,Group Member,/groups/sec-ops,eligible,30d\n",
    );
    env.run(&["assign", "import", path_str(&csv)]).ok();
    let rows: Vec<AssignmentJson> = env.json(&["assign", "list", "--scope", "/groups/sec-ops"]);
    assert_eq!(rows.len(), 2);
    // An activation set (`--from`) takes group entries too.
    let set = env.write_file(
        "set.toml",
        "[[activate]]\nrole = \"Group Member\"\nscope = \"/groups/sec-ops\"\nduration = \"1h\"\njustification = \"INC-1\"\n",
    );
    let r = env.run_as(
        "carol",
        &["-o", "json", "activate", "--from", path_str(&set)],
    );
    r.ok();
    let out: Vec<ActivationJson> = r.json();
    assert_eq!(out[0].outcome, "activated");
    env.run_as(
        "carol",
        &[
            "check",
            "--principal",
            "carol",
            "--role",
            "Security Administrator",
        ],
    )
    .ok();
    // A CSV row for a group that is not under PIM names the fix.
    env.run(&["principal", "add", "plain", "--kind", "group"])
        .ok();
    let bad = env.write_file(
        "b.csv",
        "principal,role,scope\ncarol,Group Member,/groups/plain\n",
    );
    env.run(&["assign", "import", path_str(&bad)])
        .refused(1, "group 'plain' is not under PIM for Groups");
}
