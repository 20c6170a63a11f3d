//! `pim settings show|set|export|import`: role settings as the portal shows them, changed by
//! flags or as code (TOML), checked, authorized and audited.

// The JSON structs below are the contract: every field must be present and no other may be, so
// they name fields no test reads.
#![allow(dead_code)]

use serde::Deserialize;
use serde_json::{Value, json};

use crate::support::*;

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct SettingsJson {
    role: String,
    role_id: String,
    scope: String,
    is_default: bool,
    activation: ActivationJson,
    assignment: AssignmentRulesJson,
    notifications: NotificationsJson,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct ActivationJson {
    max_duration: String,
    require_mfa: bool,
    require_justification: bool,
    require_ticket: bool,
    require_approval: bool,
    approval_stages: Vec<StageJson>,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct StageJson {
    approvers: Vec<ApproverJson>,
    required_approvals: u32,
    timeout_days: u32,
    require_approver_justification: bool,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct ApproverJson {
    id: String,
    name: String,
    kind: String,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct AssignmentRulesJson {
    allow_permanent_eligible: bool,
    eligible_expire_after: String,
    allow_permanent_active: bool,
    active_expire_after: String,
    require_mfa_on_active: bool,
    require_justification_on_active: bool,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct NotificationsJson {
    eligible_assignment: EventJson,
    active_assignment: EventJson,
    activation: EventJson,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct EventJson {
    admin: RuleJson,
    assignee: RuleJson,
    approver: RuleJson,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct RuleJson {
    enabled: bool,
    default_recipients: bool,
    additional_recipients: Vec<String>,
    critical_only: bool,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct EntryJson {
    role: String,
    scope: String,
    changes: Vec<ChangeJson>,
}

#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
struct ChangeJson {
    field: String,
    old: Value,
    new: Value,
}

const GA: &str = "Global Administrator";
const PROD: &str = "/subscriptions/prod";
const DEV: &str = "/subscriptions/dev";

/// The portal's defaults (seed 000), as `pim settings show` prints them.
const DEFAULT_TABLE: &str = "\
Global Administrator at / (Entra defaults)\n\
\n\
Activation\n\
Setting                                   State\n\
───────────────────────────────────────── ─────────\n\
Activation maximum duration (hours)       8 hour(s)\n\
On activation, require                    None\n\
Require justification on activation       Yes\n\
Require ticket information on activation  No\n\
Require approval to activate              No\n\
Approvers                                 None\n\
\n\
Assignment\n\
Setting                                                         State\n\
─────────────────────────────────────────────────────────────── ─────\n\
Allow permanent eligible assignment                             Yes\n\
Expire eligible assignments after                               -\n\
Allow permanent active assignment                               Yes\n\
Expire active assignments after                                 -\n\
Require Azure Multi-Factor Authentication on active assignment  No\n\
Require justification on active assignment                      Yes\n\
\n\
Notification\n\
Send notifications when members are assigned as eligible to this role:\n\
Type                                                    Default recipients  Additional recipients  Critical emails only\n\
─────────────────────────────────────────────────────── ─────────────────── ────────────────────── ────────────────────\n\
Role assignment alert                                   Admin               None                   False\n\
Notification to the assigned user (assignee)            Assignee            None                   False\n\
Request to approve a role assignment renewal/extension  Approver            None                   False\n\
\n\
Send notifications when members are assigned as active to this role:\n\
Type                                                    Default recipients  Additional recipients  Critical emails only\n\
─────────────────────────────────────────────────────── ─────────────────── ────────────────────── ────────────────────\n\
Role assignment alert                                   Admin               None                   False\n\
Notification to the assigned user (assignee)            Assignee            None                   False\n\
Request to approve a role assignment renewal/extension  Approver            None                   False\n\
\n\
Send notifications when eligible members activate this role:\n\
Type                                        Default recipients  Additional recipients  Critical emails only\n\
─────────────────────────────────────────── ─────────────────── ────────────────────── ────────────────────\n\
Role activation alert                       Admin               None                   False\n\
Notification to activated user (requestor)  Requestor           None                   False\n\
Request to approve an activation            Approver            None                   False\n\
";

fn default_rule() -> RuleJson {
    RuleJson {
        enabled: true,
        default_recipients: true,
        additional_recipients: vec![],
        critical_only: false,
    }
}

fn default_event() -> EventJson {
    EventJson {
        admin: default_rule(),
        assignee: default_rule(),
        approver: default_rule(),
    }
}

fn show(env: &TestEnv, role: &str, scope: Option<&str>) -> SettingsJson {
    let mut a = vec!["settings", "show", "--role", role];
    if let Some(s) = scope {
        a.extend(["--scope", s]);
    }
    env.json(&a)
}

/// `pim settings set --role ROLE ARGS… -o json`, as the administrator.
fn set(env: &TestEnv, role: &str, args: &[&str]) -> (SettingsJson, Run) {
    let mut a = vec!["-o", "json", "settings", "set", "--role", role];
    a.extend_from_slice(args);
    let r = env.run(&a);
    r.ok();
    (r.json(), r)
}

fn settings_audits(env: &TestEnv) -> Vec<AuditJson> {
    env.json(&["audit", "list", "--action", "settings.update"])
}

fn id_of(env: &TestEnv, name: &str) -> String {
    let p: PrincipalDetailJson = env.json(&["principal", "show", name]);
    p.id
}

fn example(name: &str) -> String {
    format!("{}/examples/settings/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn show_defaults_match_the_portal() {
    let env = TestEnv::sample();
    let r = env.run(&["settings", "show", "--role", GA]);
    r.ok();
    assert_eq!(r.stdout, DEFAULT_TABLE);
    assert!(r.stderr.is_empty(), "{}", r.stderr);

    let s = show(&env, GA, None);
    assert_eq!(
        s,
        SettingsJson {
            role: GA.into(),
            role_id: "62e90394-69f5-4237-9190-012177145e10".into(),
            scope: "/".into(),
            is_default: true,
            activation: ActivationJson {
                max_duration: "PT8H".into(),
                require_mfa: false,
                require_justification: true,
                require_ticket: false,
                require_approval: false,
                approval_stages: vec![],
            },
            assignment: AssignmentRulesJson {
                allow_permanent_eligible: true,
                eligible_expire_after: "P365D".into(),
                allow_permanent_active: true,
                active_expire_after: "P180D".into(),
                require_mfa_on_active: false,
                require_justification_on_active: true,
            },
            notifications: NotificationsJson {
                eligible_assignment: default_event(),
                active_assignment: default_event(),
                activation: default_event(),
            },
        }
    );
    // Azure roles: the scope is required, and settings exist at every Azure scope.
    env.run(&["settings", "show", "--role", "Owner"])
        .refused(1, "'Owner' is an Azure role: a scope is needed");
    assert!(show(&env, "Owner", Some(PROD)).is_default);
    env.run(&["settings", "show", "--role", "Owner", "--scope", "/"])
        .refused(1, "'Owner' is an Azure role");
    env.run(&["settings", "show", "--role", "Global Admin"])
        .refused(3, "role 'Global Admin' not found");
    env.run(&[
        "settings",
        "show",
        "--role",
        "Owner",
        "--scope",
        "/subscriptions/nope",
    ])
    .refused(3, "scope '/subscriptions/nope' not found");
    // CSV: one row per setting, keyed as the settings file is.
    let csv = env.run(&["-o", "csv", "settings", "show", "--role", GA]);
    csv.ok();
    assert!(
        csv.stdout
            .starts_with("field,value\nactivation.max_duration,8h\nactivation.require_mfa,false\n")
    );
    assert!(
        csv.stdout
            .contains("notifications.activation.approver.critical_only,false")
    );
}

#[test]
fn set_activation_rules_prints_the_result_and_audits_old_and_new() {
    let env = TestEnv::sample();
    let (s, r) = set(
        &env,
        GA,
        &[
            "--activation-max-duration",
            "2h",
            "--require-mfa",
            "yes",
            "--require-ticket",
            "true",
            "--require-justification",
            "true",
        ],
    );
    assert_eq!(
        (
            s.activation.max_duration.as_str(),
            s.activation.require_mfa,
            s.activation.require_ticket,
            s.is_default
        ),
        ("PT2H", true, true, false)
    );
    assert_eq!(
        r.stderr,
        "activation.max_duration: 8h -> 2h\n\
         activation.require_mfa: false -> true\n\
         activation.require_ticket: false -> true\n\
         changed 3 settings of Global Administrator at /\n"
    );
    let row = env.last_audit();
    assert_eq!(
        (
            row.action.as_str(),
            row.activity.as_str(),
            row.category.as_str(),
            row.result.as_str()
        ),
        (
            "settings.update",
            "Update role setting in PIM",
            "RoleManagement",
            "success"
        )
    );
    assert_eq!(
        (row.role.as_deref(), row.scope.as_deref()),
        (Some(GA), Some("/"))
    );
    let details = row.details.unwrap();
    assert_eq!(
        details["changes"],
        json!([
            {"field": "activation.max_duration", "old": "PT8H", "new": "PT2H"},
            {"field": "activation.require_mfa", "old": false, "new": true},
            {"field": "activation.require_ticket", "old": false, "new": true},
        ])
    );
    // And the whole new document, which the state check compares the stored settings with.
    assert_eq!(details["settings"]["activation"]["max_duration_secs"], 7200);
    assert_eq!(details["settings"]["activation"]["require_mfa"], true);
    // The table shows the new state.
    let t = env.run(&["settings", "show", "--role", GA]);
    t.ok()
        .stdout_has("Global Administrator at /\n")
        .stdout_has("Activation maximum duration (hours)       2 hour(s)")
        .stdout_has("On activation, require                    Multi-factor authentication")
        .stdout_has("Require ticket information on activation  Yes");
    // Half hours read as the portal writes them.
    let (s, _) = set(&env, GA, &["--activation-max-duration", "PT1H30M"]);
    assert_eq!(s.activation.max_duration, "PT1H30M");
    env.run(&["settings", "show", "--role", GA])
        .stdout_has("1.5 hour(s)");
}

#[test]
fn nothing_changed_exits_0_without_an_audit_row() {
    let env = TestEnv::sample();
    let audit = env.count("audit");
    let before = env.state();
    let (s, r) = set(&env, GA, &["--require-justification", "yes"]);
    assert!(s.is_default);
    assert_eq!(
        r.stderr,
        "Global Administrator at /: nothing changed; the settings already hold\n"
    );
    assert_eq!(env.count("audit"), audit);
    assert_eq!(
        env.state(),
        before,
        "no settings row for unchanged defaults"
    );
    // A dry run shows the result and the diff, and writes nothing.
    let r = env.run(&[
        "-o",
        "json",
        "settings",
        "set",
        "--role",
        GA,
        "--require-mfa",
        "true",
        "--dry-run",
    ]);
    r.ok()
        .stderr_has("activation.require_mfa: false -> true")
        .stderr_has(
            "dry run: would change 1 setting of Global Administrator at /; nothing changed",
        );
    assert!(r.json::<SettingsJson>().activation.require_mfa);
    assert_eq!(env.count("audit"), audit);
    assert_eq!(env.state(), before);
    assert!(!show(&env, GA, None).activation.require_mfa);
}

#[test]
fn approvers_in_one_stage_or_in_stages() {
    let env = TestEnv::sample();
    let (alice, bob, carol) = (
        id_of(&env, "alice"),
        id_of(&env, "bob"),
        id_of(&env, "carol"),
    );
    let (s, r) = set(
        &env,
        GA,
        &[
            "--require-approval",
            "true",
            "--approver",
            "alice",
            "--approver",
            "bob",
            "--required-approvals",
            "2",
        ],
    );
    assert!(s.activation.require_approval);
    assert_eq!(
        s.activation.approval_stages,
        vec![StageJson {
            approvers: vec![
                ApproverJson {
                    id: alice.clone(),
                    name: "alice".into(),
                    kind: "user".into()
                },
                ApproverJson {
                    id: bob.clone(),
                    name: "bob".into(),
                    kind: "user".into()
                },
            ],
            required_approvals: 2,
            timeout_days: 1,
            require_approver_justification: true,
        }]
    );
    r.stderr_has("activation.approval_stages: none -> alice, bob (2 of 2)");
    // Stored as principal IDs.
    let stored: String = env
        .conn()
        .query_row("SELECT settings FROM role_setting", [], |r| r.get(0))
        .unwrap();
    assert!(
        stored.contains(&alice) && !stored.contains("\"alice\""),
        "{stored}"
    );
    // The audit row carries old and new approvers.
    let details = env.last_audit().details.unwrap();
    let change = &details["changes"][1];
    assert_eq!(change["field"], "activation.approval_stages");
    assert_eq!(change["old"], json!([]));
    assert_eq!(change["new"][0]["approvers"][1]["name"], "bob");
    // Stages in series, a time-out, and a group approver.
    let (s, _) = set(
        &env,
        GA,
        &[
            "--stage",
            "alice,bob:2",
            "--stage",
            "carol, tier0-admins",
            "--approval-timeout-days",
            "3",
        ],
    );
    let stages = &s.activation.approval_stages;
    assert_eq!(stages.len(), 2);
    assert_eq!(
        (
            stages[1].approvers[0].id.as_str(),
            stages[1].approvers[1].kind.as_str()
        ),
        (carol.as_str(), "group")
    );
    assert_eq!(
        (
            stages[0].timeout_days,
            stages[1].timeout_days,
            stages[1].required_approvals
        ),
        (3, 3, 1)
    );
    env.run(&["settings", "show", "--role", GA]).stdout_has(
        "stage 1: alice, bob (2 of 2, times out after 3 days); stage 2: carol, group tier0-admins (1 of 2, times out after 3 days)",
    );
    // A directory role without approvers falls back to Global and Privileged Role Administrators.
    let (s, _) = set(&env, GA, &["--clear-approvers"]);
    assert!(s.activation.approval_stages.is_empty() && s.activation.require_approval);
    env.run(&["settings", "show", "--role", GA]).stdout_has(
        "Approvers                                 None (Global Administrators and Privileged Role Administrators approve)",
    );
    // An Azure role needs approvers before approval can be required.
    let (s, _) = set(
        &env,
        "Owner",
        &[
            "--scope",
            PROD,
            "--require-approval",
            "yes",
            "--approver",
            "tier0-admins",
            "--required-approvals",
            "3",
        ],
    );
    assert_eq!(
        s.activation.approval_stages[0].required_approvals, 3,
        "a group counts as many"
    );
    // Conflicting ways to name approvers are a usage error.
    env.run(&[
        "settings",
        "set",
        "--role",
        GA,
        "--approver",
        "alice",
        "--stage",
        "bob",
    ])
    .code(2);
}

#[test]
fn set_assignment_rules_and_their_effect_on_assign() {
    let env = TestEnv::sample();
    let (s, r) = set(
        &env,
        "Security Reader",
        &[
            "--allow-permanent-eligible",
            "false",
            "--eligible-expire-after",
            "90d",
            "--allow-permanent-active",
            "no",
            "--active-expire-after",
            "P15D",
            "--require-mfa-on-active-assignment",
            "true",
            "--require-justification-on-active-assignment",
            "false",
        ],
    );
    assert_eq!(
        s.assignment,
        AssignmentRulesJson {
            allow_permanent_eligible: false,
            eligible_expire_after: "P90D".into(),
            allow_permanent_active: false,
            active_expire_after: "P15D".into(),
            require_mfa_on_active: true,
            require_justification_on_active: false,
        }
    );
    r.stderr_has("assignment.eligible_expire_after: 365d -> 90d")
        .stderr_has("assignment.require_justification_on_active: true -> false");
    env.run(&["settings", "show", "--role", "Security Reader"])
        .stdout_has("Expire eligible assignments after                               90 day(s)")
        .stdout_has("Expire active assignments after                                 15 day(s)");
    // The assignment rules apply at once.
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Security Reader",
        "--permanent",
    ])
    .refused(4, "ExpirationRule");
    let a: AssignmentJson =
        env.json(&["assign", "--principal", "erin", "--role", "Security Reader"]);
    assert_eq!(
        a.end.as_deref(),
        Some("2027-02-20T09:00:00Z"),
        "90 days by default"
    );
}

#[test]
fn out_of_range_values_are_refused_and_change_nothing() {
    let env = TestEnv::sample();
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["--role", GA, "--activation-max-duration", "25h"],
            1,
            "activation.max_duration: 25h is out of range: the activation maximum is 30m to 24h",
        ),
        (
            &["--role", GA, "--activation-max-duration", "29m"],
            1,
            "activation.max_duration: 29m is out of range",
        ),
        (
            &[
                "--role",
                GA,
                "--approver",
                "alice",
                "--approver",
                "bob",
                "--required-approvals",
                "3",
            ],
            1,
            "approval stage 1 requires 3 approvals but has 2 approvers",
        ),
        (
            &[
                "--role",
                GA,
                "--approver",
                "alice",
                "--required-approvals",
                "0",
            ],
            1,
            "at least one approval is required",
        ),
        (
            &["--role", GA, "--approver", "deploy-bot"],
            1,
            "approver 'deploy-bot' is a service principal",
        ),
        (
            &["--role", GA, "--approver", "alice", "--approver", "Alice"],
            1,
            "approver 'alice' is listed twice",
        ),
        (
            &["--role", GA, "--approver", "nobody"],
            3,
            "approver 'nobody' not found",
        ),
        (
            &[
                "--role", GA, "--stage", "alice", "--stage", "bob", "--stage", "carol", "--stage",
                "dave", "--stage", "erin", "--stage", "alice",
            ],
            1,
            "6 approval stages: at most 5 run in series",
        ),
        (
            &[
                "--role",
                GA,
                "--approver",
                "alice",
                "--approval-timeout-days",
                "31",
            ],
            1,
            "31 days is out of range: a stage waits 1 to 30 days",
        ),
        (
            &["--role", GA, "--approval-timeout-days", "2"],
            1,
            "there are no approval stages to set a time-out on",
        ),
        (
            &["--role", GA, "--required-approvals", "2"],
            1,
            "there are no approvers to require approvals from",
        ),
        (
            &["--role", GA, "--eligible-expire-after", "4m"],
            1,
            "assignment.eligible_expire_after: 4m is too short",
        ),
        (
            &["--role", GA, "--active-expire-after", "1m"],
            1,
            "assignment.active_expire_after: 1m is too short",
        ),
        (
            &[
                "--role",
                "Owner",
                "--scope",
                PROD,
                "--require-approval",
                "true",
            ],
            1,
            "Azure roles have no default approvers",
        ),
        (
            &["--role", "Owner", "--require-mfa", "true"],
            1,
            "'Owner' is an Azure role: a scope is needed",
        ),
        (
            &["--role", "Owner", "--scope", "/", "--require-mfa", "true"],
            1,
            "'Owner' is an Azure role and cannot be assigned at /",
        ),
    ];
    for (args, code, needle) in cases {
        let mut a = vec!["settings", "set"];
        a.extend_from_slice(args);
        env.refuses(*code, needle, "settings.update", |e| e.run(&a));
    }
    // The failure row names the role and scope.
    let last = env.last_audit();
    assert_eq!(
        (
            last.role.as_deref(),
            last.scope.as_deref(),
            last.category.as_str()
        ),
        (Some("Owner"), Some("/"), "ResourceManagement")
    );
    // Values that cannot be read are invalid input (exit 1, not a usage error) and are refused
    // before anything is attempted.
    let before = env.state();
    let audit = env.count("audit");
    for (args, needle) in [
        (
            ["--require-mfa", "maybe"],
            "invalid value 'maybe' for --require-mfa",
        ),
        (
            ["--activation-max-duration", "2x"],
            "--activation-max-duration: invalid duration '2x'",
        ),
        (
            ["--eligible-expire-after", "1y"],
            "years and months have no fixed length",
        ),
        (
            ["--required-approvals", "-1"],
            "invalid value '-1' for --required-approvals",
        ),
        (
            ["--approval-timeout-days", "two"],
            "invalid value 'two' for --approval-timeout-days",
        ),
        (["--stage", "alice:x"], "invalid stage 'alice:x'"),
    ] {
        let mut a = vec!["settings", "set", "--role", GA];
        a.extend_from_slice(&args);
        env.run(&a).refused(1, needle);
    }
    env.run(&["settings", "set", "--role", GA])
        .refused(1, "nothing to set");
    assert_eq!(env.state(), before);
    assert_eq!(env.count("audit"), audit);
}

#[test]
fn only_managers_change_settings_and_only_viewers_see_them() {
    let env = TestEnv::sample();
    // bob holds nothing active; alice is an active Global Reader (and only eligible for
    // Privileged Role Administrator); carol reads the whole Azure estate.
    env.refuses(
        4,
        "changing the settings of 'Global Administrator' at / needs",
        "settings.update",
        |e| {
            e.run_as(
                "bob",
                &["settings", "set", "--role", GA, "--require-mfa", "true"],
            )
        },
    );
    env.refuses(4, "not authorized", "settings.update", |e| {
        e.run_as(
            "alice",
            &["settings", "set", "--role", GA, "--require-mfa", "true"],
        )
    });
    env.refuses(
        4,
        "Owner or User Access Administrator assignment at /subscriptions/prod",
        "settings.update",
        |e| {
            e.run_as(
                "carol",
                &[
                    "settings",
                    "set",
                    "--role",
                    "Owner",
                    "--scope",
                    PROD,
                    "--require-mfa",
                    "true",
                ],
            )
        },
    );
    env.run_as("bob", &["settings", "show", "--role", GA])
        .refused(
            4,
            "viewing the settings of 'Global Administrator' at / needs",
        );
    env.run_as("bob", &["settings", "export", "--role", GA])
        .refused(4, "viewing the settings");
    env.run_as("alice", &["settings", "show", "--role", GA])
        .ok();
    env.run_as(
        "carol",
        &["settings", "show", "--role", "Owner", "--scope", PROD],
    )
    .ok();
    env.run_as("carol", &["settings", "show", "--role", GA])
        .refused(4, "viewing the settings");
    // An import is refused whole when one entry is not the actor's to change: carol, made
    // Owner of dev, may change dev's Reader settings but not Global Administrator's.
    env.run(&[
        "assign",
        "--principal",
        "carol",
        "--role",
        "Owner",
        "--scope",
        DEV,
        "--type",
        "active",
        "--duration",
        "1d",
        "--justification",
        "test",
    ])
    .ok();
    let file = env.write_file("ga.toml", "[[role]]\nrole = \"Reader\"\nscope = \"/subscriptions/dev\"\n\n[[role]]\nrole = \"Global Administrator\"\n[role.activation]\nrequire_mfa = true\n");
    env.refuses(
        4,
        "line 5: changing the settings of 'Global Administrator'",
        "settings.update",
        |e| e.run_as("carol", &["settings", "import", path_str(&file)]),
    );
}

#[test]
fn settings_are_per_scope() {
    let env = TestEnv::sample();
    let (s, _) = set(
        &env,
        "Owner",
        &[
            "--scope",
            PROD,
            "--activation-max-duration",
            "1h",
            "--require-approval",
            "true",
            "--approver",
            "alice",
        ],
    );
    assert_eq!(
        (s.scope.as_str(), s.activation.max_duration.as_str()),
        (PROD, "PT1H")
    );
    let row = env.last_audit();
    assert_eq!(
        (row.scope.as_deref(), row.category.as_str()),
        (Some(PROD), "ResourceManagement")
    );
    // Azure settings do not inherit: neither the sibling nor the management group above, nor
    // the resource group below, changes.
    for scope in [
        DEV,
        "/providers/Microsoft.Management/managementGroups/contoso",
        "/subscriptions/prod/resourceGroups/rg-web",
    ] {
        let other = show(&env, "Owner", Some(scope));
        assert!(other.is_default, "{scope}");
        assert_eq!(other.activation.max_duration, "PT8H");
    }
    // Directory roles at an administrative unit have their own settings too.
    let (s, _) = set(
        &env,
        "Helpdesk Administrator",
        &[
            "--scope",
            "/administrativeUnits/paris",
            "--require-ticket",
            "true",
        ],
    );
    assert!(s.activation.require_ticket);
    assert!(
        !show(&env, "Helpdesk Administrator", None)
            .activation
            .require_ticket
    );
}

#[test]
fn export_then_import_changes_nothing() {
    let env = TestEnv::sample();
    set(
        &env,
        GA,
        &[
            "--activation-max-duration",
            "2h",
            "--require-approval",
            "true",
            "--stage",
            "alice,bob:2",
            "--stage",
            "tier0-admins",
        ],
    );
    set(
        &env,
        "Owner",
        &[
            "--scope",
            PROD,
            "--require-approval",
            "true",
            "--approver",
            "carol",
            "--allow-permanent-active",
            "false",
        ],
    );
    set(&env, "Reader", &["--scope", DEV, "--require-mfa", "true"]);
    // A role set back to the defaults is not exported.
    set(&env, "Reader", &["--scope", DEV, "--require-mfa", "false"]);
    let r = env.run(&["settings", "export", "--all"]);
    r.ok();
    let text = r.stdout.clone();
    assert_eq!(text.matches("[[role]]\n").count(), 2, "{text}");
    assert!(text.contains("[[role]]\nrole = \"Global Administrator\"\nscope = \"/\"\n"));
    assert!(text.contains("[[role]]\nrole = \"Owner\"\nscope = \"/subscriptions/prod\"\n"));
    assert!(text.contains("max_duration = \"2h\""));
    assert!(text.contains("[[role.activation.approval_stages]]\napprovers = [\"alice\", \"bob\"]\nrequired_approvals = 2\n"));
    assert!(text.contains("active_expire_after = \"180d\""));
    assert!(text.contains("[role.notifications.activation]\nadmin = { enabled = true"));
    let file = env.write_file("all.toml", &text);
    let before = env.state();
    let audit = env.count("audit");
    let r = env.run(&["-o", "json", "settings", "import", path_str(&file)]);
    r.ok()
        .stderr_has("Global Administrator at /: no changes")
        .stderr_has("Owner at /subscriptions/prod: no changes");
    let entries: Vec<EntryJson> = r.json();
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| e.changes.is_empty()));
    assert_eq!(env.state(), before);
    assert_eq!(
        env.count("audit"),
        audit,
        "no audit rows for an import that changes nothing"
    );
    // One role exported alone is the same document, defaults included.
    let one = env.run(&["settings", "export", "--role", "Owner", "--scope", DEV]);
    one.ok()
        .stdout_has("scope = \"/subscriptions/dev\"")
        .stdout_has("approval_stages = []");
    // Microsoft's formats export the same settings (their own tests are in msformat.rs).
    env.run(&["settings", "export", "--all", "--format", "graph"])
        .ok()
        .stdout_has("\"roleDefinitionId\": \"62e90394-69f5-4237-9190-012177145e10\"");
    env.run(&["settings", "export"]).code(2);
}

#[test]
fn import_shows_a_diff_and_a_dry_run_changes_nothing() {
    let env = TestEnv::sample();
    let file = env.write_file(
        "s.toml",
        "[[role]]\nrole = \"global administrator\"\npartial = true\n\n[role.activation]\nrequire_mfa = true\n\n\
         [role.notifications.activation]\nadmin = { additional_recipients = [\"soc@contoso.example\"], critical_only = true }\n\n\
         [[role]]\nrole = \"Owner\"\nscope = \"/subscriptions/prod\"\npartial = true\n[role.assignment]\nallow_permanent_eligible = false\neligible_expire_after = \"30d\"\n",
    );
    let before = env.state();
    let audit = env.count("audit");
    let r = env.run(&["settings", "import", path_str(&file), "--dry-run"]);
    r.ok();
    assert_eq!(
        r.stderr,
        "Global Administrator at /: activation.require_mfa: false -> true\n\
         Global Administrator at /: notifications.activation.admin.additional_recipients: none -> soc@contoso.example\n\
         Global Administrator at /: notifications.activation.admin.critical_only: false -> true\n\
         Owner at /subscriptions/prod: assignment.allow_permanent_eligible: true -> false\n\
         Owner at /subscriptions/prod: assignment.eligible_expire_after: 365d -> 30d\n\
         dry run: 2 entries read, 2 would change; nothing changed\n"
    );
    assert_eq!(env.state(), before);
    assert_eq!(env.count("audit"), audit);

    let r = env.run(&["-o", "json", "settings", "import", path_str(&file)]);
    r.ok().stderr_has("imported");
    let entries: Vec<EntryJson> = r.json();
    assert_eq!(
        entries[1],
        EntryJson {
            role: "Owner".into(),
            scope: PROD.into(),
            changes: vec![
                ChangeJson {
                    field: "assignment.allow_permanent_eligible".into(),
                    old: json!(true),
                    new: json!(false)
                },
                ChangeJson {
                    field: "assignment.eligible_expire_after".into(),
                    old: json!("P365D"),
                    new: json!("P30D")
                },
            ],
        }
    );
    // One audit row per changed role and scope, in the one write.
    let rows = settings_audits(&env);
    assert_eq!(rows.len(), 2);
    assert_eq!(env.count("audit"), audit + 2);
    let owner = rows
        .iter()
        .find(|r| r.role.as_deref() == Some("Owner"))
        .unwrap();
    assert_eq!(owner.details.as_ref().unwrap()["changes"][1]["new"], "P30D");
    let ga = show(&env, GA, None);
    assert_eq!(
        ga.notifications.activation.admin.additional_recipients,
        vec!["soc@contoso.example".to_string()]
    );
    env.run(&["settings", "show", "--role", GA])
        .stdout_has("Role activation alert                       Admin               soc@contoso.example    True");
    // Each entry is the whole document: a partial entry without require_mfa puts it back to the
    // default.
    let reset = env.write_file(
        "reset.toml",
        "[[role]]\nrole = \"Global Administrator\"\npartial = true\n",
    );
    env.run(&["settings", "import", path_str(&reset)])
        .ok()
        .stderr_has("activation.require_mfa: true -> false");
    assert!(show(&env, GA, None).is_default);
}

#[test]
fn bad_files_name_the_line_and_change_nothing() {
    let env = TestEnv::sample();
    let good = "[[role]]\nrole = \"Reader\"\nscope = \"/subscriptions/dev\"\npartial = true\n[role.activation]\nrequire_mfa = true\n";
    let before = env.state();
    let audit = env.count("audit");
    // Syntax errors and unknown keys: refused before anything is attempted.
    for (name, text, needle) in [
        (
            "syntax.toml",
            format!("{good}[[role]]\nrole = Owner\n"),
            "syntax.toml: line 8, column 8:",
        ),
        (
            "key.toml",
            format!(
                "{good}[[role]]\nrole = \"Owner\"\nscope = \"/subscriptions/prod\"\n[role.activation]\nrequire_mfa = true\nrequire_approvers = 2\n"
            ),
            "key.toml: line 12, column 1: unknown field `require_approvers`",
        ),
        (
            "top.toml",
            "[[roles]]\nrole = \"Owner\"\n".to_string(),
            "top.toml: line 1, column 3: unknown field `roles`",
        ),
        (
            "type.toml",
            format!(
                "{good}[[role]]\nrole = \"Owner\"\nscope = \"/subscriptions/prod\"\n[[role.activation.approval_stages]]\napprovers = [\"alice\"]\nrequired_approvals = -1\n"
            ),
            "type.toml: line 12, column 22: invalid value: integer `-1`, expected u32",
        ),
    ] {
        let f = env.write_file(name, &text);
        env.run(&["settings", "import", path_str(&f)])
            .refused(1, needle)
            .stderr_has("nothing was imported");
    }
    assert_eq!(env.state(), before);
    assert_eq!(env.count("audit"), audit);
    // Entries that cannot apply: every one named by line, nothing imported, the refusal audited.
    let bad = env.write_file(
        "bad.toml",
        &format!(
            "{good}\
             [[role]]\n\
             role = \"Global Adminstrator\"\n\
             [[role]]\n\
             role = \"Global Administrator\"\n\
             partial = true\n\
             [role.activation]\n\
             max_duration = \"36h\"\n\
             [[role.activation.approval_stages]]\n\
             approvers = [\"alice\", \"nobody\"]\n\
             [role.assignment]\n\
             active_expire_after = \"soon\"\n\
             [[role]]\n\
             role = \"Owner\"\n\
             scope = \"/subscriptions/prod\"\n\
             partial = true\n\
             [role.activation]\n\
             require_approval = true\n\
             \n\
             [[role]]\n\
             role = \"Reader\"\n\
             scope = \"/subscriptions/dev\"\n"
        ),
    );
    env.refuses(
        1,
        "bad.toml has 6 bad rows; nothing was imported",
        "settings.update",
        |e| e.run(&["settings", "import", path_str(&bad)]),
    );
    let r = env.run(&["settings", "import", path_str(&bad)]);
    for line in [
        "  line 8: role: role 'Global Adminstrator' not found (did you mean: Global Administrator",
        "  line 13: activation.max_duration: 36h is out of range: the activation maximum is 30m to 24h",
        "  line 15: activation.approval_stages[1].approvers[2]: approver 'nobody' not found",
        "  line 17: assignment.active_expire_after: invalid duration 'soon'",
        "  line 23: activation.require_approval: Azure roles have no default approvers",
        "  line 25: 'Reader' at /subscriptions/dev is already set at line 1",
    ] {
        r.stderr_has(line);
    }
    let failure = env.last_audit();
    assert_eq!(failure.details.as_ref().unwrap()["bad_entries"], 6);
    assert_eq!(env.state(), before);
}

#[test]
fn the_hardened_global_admin_example_imports() {
    let env = TestEnv::sample();
    let path = example("hardened-global-admin.toml");
    let r = env.run(&["settings", "import", &path, "--dry-run"]);
    r.ok()
        .stderr_has("Global Administrator at /: activation.max_duration: 8h -> 2h")
        .stderr_has("dry run: 1 entry read, 1 would change; nothing changed");
    assert!(!r.stderr.contains("warning:"), "{}", r.stderr);
    assert!(show(&env, GA, None).is_default);
    let r = env.run(&["settings", "import", &path]);
    r.ok();
    assert!(!r.stderr.contains("warning:"), "{}", r.stderr);
    let s = show(&env, GA, None);
    let a = &s.activation;
    assert_eq!(
        (
            a.max_duration.as_str(),
            a.require_mfa,
            a.require_justification,
            a.require_ticket,
            a.require_approval
        ),
        ("PT2H", true, true, true, true)
    );
    assert_eq!(a.approval_stages.len(), 1);
    let names: Vec<&str> = a.approval_stages[0]
        .approvers
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        (names, a.approval_stages[0].required_approvals),
        (vec!["alice", "bob", "carol"], 2)
    );
    assert_eq!(
        s.assignment,
        AssignmentRulesJson {
            allow_permanent_eligible: false,
            eligible_expire_after: "P180D".into(),
            allow_permanent_active: false,
            active_expire_after: "P15D".into(),
            require_mfa_on_active: true,
            require_justification_on_active: true,
        }
    );
    assert_eq!(s.notifications.activation, default_event());
    let row = env.last_audit();
    assert_eq!(
        (row.action.as_str(), row.result.as_str()),
        ("settings.update", "success")
    );
    // Importing it again changes nothing.
    let audit = env.count("audit");
    env.run(&["settings", "import", &path])
        .ok()
        .stderr_has("Global Administrator at /: no changes");
    assert_eq!(env.count("audit"), audit);
}

/// The code an authenticator app shows at `at` for a base32 secret printed by `mfa enroll`.
fn enrol(env: &TestEnv, who: &str) -> String {
    let r = env.run_as(who, &["-o", "json", "mfa", "enroll"]);
    r.ok();
    let v: Value = r.json();
    let secret = v["secret"].as_str().unwrap().to_string();
    env.run_as(who, &["mfa", "enroll", "--code", &totp_code(&secret, T0)])
        .ok();
    secret
}

#[test]
fn a_request_under_the_hardened_example_can_be_approved() {
    // alice asks (eligible through tier0-admins); she never votes, and bob and carol make two.
    let env = TestEnv::sample();
    env.run(&["settings", "import", &example("hardened-global-admin.toml")])
        .ok();
    let secret = enrol(&env, "alice");
    // The code of the next step: the one that confirmed the enrolment is used up.
    let later = "2026-11-22T09:00:30Z";
    let r = env
        .command()
        .env("PIM_ACTOR", "alice")
        .env("PIM_NOW", later)
        .args([
            "-o",
            "json",
            "activate",
            "--role",
            GA,
            "--justification",
            "INC-1",
            "--ticket-number",
            "42",
            "--ticket-system",
            "SNOW",
            "--duration",
            "1h",
            "--otp",
            &totp_code(&secret, later),
        ])
        .output()
        .unwrap();
    let r = Run::from(r);
    r.code(5);
    let id = r.json::<Value>()["request_id"]
        .as_str()
        .unwrap()
        .to_string();
    // Decided a minute later; alice herself may not vote.
    let decide = |who: &str| {
        Run::from(
            env.command()
                .env("PIM_ACTOR", who)
                .env("PIM_NOW", "2026-11-22T09:01:30Z")
                .args(["approve", &id, "--justification", "ok"])
                .output()
                .unwrap(),
        )
    };
    decide("alice").refused(4, "your own request");
    decide("bob").ok().stderr_has("needs 1 more approval");
    decide("carol").ok().stderr_has("granted");
    env.run_at(
        "2026-11-22T09:02:00Z",
        &["check", "--principal", "alice", "--role", GA],
    )
    .ok();
}

#[test]
fn a_stage_a_requester_could_never_pass_is_warned_about() {
    let env = TestEnv::sample();
    // set: alice and bob are both eligible for Global Administrator (tier0-admins).
    let (_, r) = set(
        &env,
        GA,
        &[
            "--require-approval",
            "true",
            "--approver",
            "alice",
            "--approver",
            "bob",
            "--required-approvals",
            "2",
        ],
    );
    r.stderr_has(
        "warning: Global Administrator at /: stage 1 needs 2 approvals from alice, bob, but alice, bob are eligible for the role and never approve their own request: a request from one of them can get at most 1",
    );
    // The settings are still taken: eligibility changes over time.
    assert_eq!(
        show(&env, GA, None).activation.approval_stages[0].required_approvals,
        2
    );
    // A third approver who is not eligible makes it passable: no warning.
    let (_, r) = set(
        &env,
        GA,
        &[
            "--approver",
            "alice",
            "--approver",
            "bob",
            "--approver",
            "carol",
            "--required-approvals",
            "2",
        ],
    );
    assert!(!r.stderr.contains("warning:"), "{}", r.stderr);
    // A group approver counts through its members; more approvals than people is never passable.
    let (_, r) = set(&env, GA, &["--stage", "tier0-admins:3"]);
    r.stderr_has("warning: Global Administrator at /: stage 1 needs 3 approvals but has 2 approvers (alice, bob): no request can pass it");
    // Approval not required: nothing to warn about.
    let (_, r) = set(&env, GA, &["--require-approval", "false"]);
    assert!(!r.stderr.contains("warning:"), "{}", r.stderr);

    // import: the same check, per entry, on stderr (JSON unchanged), and the dry run too.
    let file = env.write_file(
        "two.toml",
        "[[role]]\nrole = \"Global Administrator\"\npartial = true\n[role.activation]\nrequire_approval = true\n\
         [[role.activation.approval_stages]]\napprovers = [\"alice\", \"bob\"]\nrequired_approvals = 2\n",
    );
    for dry in [true, false] {
        let mut args = vec!["-o", "json", "settings", "import", path_str(&file)];
        if dry {
            args.push("--dry-run");
        }
        let r = env.run(&args);
        r.ok().stderr_has(
            "warning: Global Administrator at /: stage 1 needs 2 approvals from alice, bob, but alice, bob are eligible",
        );
        let v: Value = r.json();
        assert_eq!(v[0].as_object().unwrap().len(), 3, "{v}");
    }
}
