//! Every rule on the paths added beside the commands it was written for: `assign import` (CSV,
//! Graph and ARM documents), `settings import` while requests wait, `pim serve`, and the object
//! ids documents name principals by. Each test walks one side door an attacker would try.

use crate::support::*;

const GA: &str = "Global Administrator";
const GA_TEMPLATE: &str = "62e90394-69f5-4237-9190-012177145e10";
const SA_TEMPLATE: &str = "194ae4cb-b126-40b2-bd5b-6091b380977d";

fn id_of(env: &TestEnv, name: &str) -> String {
    env.conn()
        .query_row("SELECT id FROM principal WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .unwrap()
}

fn write_json(env: &TestEnv, name: &str, v: &serde_json::Value) -> std::path::PathBuf {
    env.write_file(name, &serde_json::to_string_pretty(v).unwrap())
}

/// The assignments `name` holds (in force or scheduled), as `assign list` shows them.
fn held_by(env: &TestEnv, name: &str) -> Vec<AssignmentJson> {
    env.json(&["assign", "list", "--principal", name])
}

/// A Graph `adminAssign` request: `principal` (an object id or pim id) gets `role` at `/`.
fn admin_assign(principal: &str, role: &str) -> serde_json::Value {
    serde_json::json!({
        "action": "adminAssign",
        "principalId": principal,
        "roleDefinitionId": role,
        "directoryScopeId": "/",
        "justification": "imported",
        "scheduleInfo": { "expiration": { "type": "afterDuration", "duration": "P30D" } }
    })
}

// ---------------------------------------------------------------------------------------------
// Object ids: a document names a principal by its object id, or by pim's id when it has none.

#[test]
fn an_object_id_never_takes_another_principals_id() {
    let env = TestEnv::sample();
    let bob = id_of(&env, "bob");
    // erin cannot be given bob's id as her object id: documents name bob by it (pim's own
    // exports do, for a principal without an object id), and would reach erin instead.
    env.refuses(1, "is the id of principal 'bob'", "principal.update", |e| {
        e.run(&["principal", "update", "erin", "--object-id", &bob])
    });
    env.refuses(1, "is the id of principal 'bob'", "principal.create", |e| {
        e.run(&["principal", "add", "mallory", "--object-id", &bob])
    });
    // A document naming bob by his id reaches bob.
    let file = write_json(&env, "bob.json", &admin_assign(&bob, SA_TEMPLATE));
    env.run(&["assign", "import", path_str(&file), "--type", "active"])
        .ok();
    assert!(held_by(&env, "erin").is_empty());
    assert!(
        held_by(&env, "bob")
            .iter()
            .any(|a| a.role_name == "Security Administrator" && a.kind == "active")
    );
    crate::invariants::assert_holds(&env);
}

#[test]
fn a_file_where_an_object_id_is_another_principals_id_names_neither() {
    let env = TestEnv::sample();
    let bob = id_of(&env, "bob");
    // Such a file predates the refusal: the import refuses rather than guess.
    env.conn()
        .execute(
            "UPDATE principal SET object_id = ?1 WHERE name = 'erin'",
            [&bob],
        )
        .unwrap();
    let file = write_json(&env, "bob.json", &admin_assign(&bob, GA_TEMPLATE));
    let before = env.state();
    env.run(&["assign", "import", path_str(&file), "--type", "active"])
        .refused(1, "is the object id of 'erin' and the id of 'bob'");
    assert_eq!(env.state(), before);
}

#[test]
fn a_removed_principal_is_never_named_again_by_its_id() {
    let mut env = TestEnv::sample();
    let dave = id_of(&env, "dave");
    env.now = "2026-11-22T10:00:00Z".into();
    env.run(&["--yes", "principal", "remove", "dave", "--force"])
        .ok();
    let file = write_json(&env, "dave.json", &admin_assign(&dave, GA_TEMPLATE));
    let before = env.state();
    // Not found, and not brought back by --create-missing with the old id as its object id.
    env.run(&["assign", "import", path_str(&file), "--type", "active"])
        .refused(1, &format!("no principal has object id {dave}"));
    env.run(&[
        "assign",
        "import",
        path_str(&file),
        "--type",
        "active",
        "--create-missing",
    ])
    .refused(1, "(removed)");
    assert_eq!(env.state(), before);
    crate::invariants::assert_holds(&env);
}

// ---------------------------------------------------------------------------------------------
// assign import: what a tenant's listing holds through a group or a parent scope.

#[test]
fn an_import_never_turns_access_through_a_group_into_a_direct_assignment() {
    let env = TestEnv::sample();
    let bob = id_of(&env, "bob");
    // A tenant's schedule instances list bob's GA, held through tier0-admins (memberType
    // Group), and a Reader inherited from a management group (memberType Inherited).
    let doc = serde_json::json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#roleManagement/directory/roleEligibilityScheduleInstances",
        "value": [
            {
                "principalId": bob, "roleDefinitionId": GA_TEMPLATE, "directoryScopeId": "/",
                "memberType": "Group", "startDateTime": "2026-11-01T00:00:00Z", "endDateTime": null
            },
        ]
    });
    let file = write_json(&env, "instances.json", &doc);
    let before = env.state();
    env.run(&["assign", "import", path_str(&file), "--dry-run"])
        .ok()
        .stderr_has("skipped $.value[0]: held through a group (memberType Group)");
    assert_eq!(env.state(), before);
    let arm = serde_json::json!({ "value": [{
        "properties": {
            "principalId": id_of(&env, "erin"),
            "roleDefinitionId": "/subscriptions/prod/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
            "scope": "/subscriptions/prod",
            "memberType": "Inherited",
            "startDateTime": "2026-11-01T00:00:00Z"
        },
        "type": "Microsoft.Authorization/roleEligibilitySchedules"
    }]});
    let file = write_json(&env, "arm.json", &arm);
    env.run(&["assign", "import", path_str(&file)])
        .ok()
        .stderr_has("inherited from a parent scope (memberType Inherited)");
    assert!(held_by(&env, "erin").is_empty());
    // Removing bob from the group still ends his access: nothing direct was made.
    env.run(&["group", "member", "remove", "tier0-admins", "bob"])
        .ok();
    env.run_as("bob", &["activate", "--role", GA, "--justification", "x"])
        .refused(4, "EligibilityRule");
    crate::invariants::assert_holds(&env);
}

// ---------------------------------------------------------------------------------------------
// assign import: a self-activation meets every rule `pim activate` enforces.

/// A Graph `selfActivate` request of `principal` for `role` at `/`, lasting `duration`.
fn self_activate(principal: &str, role: &str, duration: &str) -> serde_json::Value {
    serde_json::json!({
        "action": "selfActivate",
        "principalId": principal,
        "roleDefinitionId": role,
        "directoryScopeId": "/",
        "justification": "INC-1",
        "scheduleInfo": { "expiration": { "type": "afterDuration", "duration": duration } }
    })
}

/// Runs `assign import` of `doc` as `who`.
fn import_as(env: &TestEnv, who: &str, doc: &serde_json::Value) -> Run {
    let file = write_json(env, "import.json", doc);
    env.run_as(who, &["-o", "json", "assign", "import", path_str(&file)])
}

#[test]
fn a_self_activation_waiting_for_approval_is_not_reported_as_activated() {
    let env = TestEnv::sample();
    crate::activate::set_settings(
        &env,
        "Security Administrator",
        "/",
        serde_json::json!({"activation": {"require_approval": true, "approval_stages": [{"approvers": ["alice"], "required_approvals": 1}]}}),
    );
    let bob = id_of(&env, "bob");
    let r = import_as(&env, "bob", &self_activate(&bob, SA_TEMPLATE, "PT2H"));
    r.code(5).stderr_has("0 activated, 1 waiting for approval");
    let report: serde_json::Value = r.json();
    assert_eq!(
        (report["activated"].as_u64(), report["pending"].as_u64()),
        (Some(0), Some(1))
    );
    assert!(
        !held_by(&env, "bob")
            .iter()
            .any(|a| a.kind == "active" && a.role_name == "Security Administrator")
    );
    // The request waits for alice, and bob cannot decide it.
    let id: String = env
        .conn()
        .query_row(
            "SELECT id FROM request WHERE status = 'pending_approval'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    env.run_as("bob", &["approve", &id, "--justification", "me"])
        .refused(4, "your own request");
    crate::invariants::assert_holds(&env);
}

#[test]
fn a_self_activation_by_import_keeps_every_activation_rule() {
    let env = TestEnv::sample();
    let bob = id_of(&env, "bob");
    let before = env.state();
    // Longer than the role's maximum.
    import_as(&env, "bob", &self_activate(&bob, SA_TEMPLATE, "PT10H")).refused(1, "ExpirationRule");
    // MFA: without the command's --otp, a role that needs a code is refused, exit 4 as `pim
    // activate` (mfa_on_active.rs imports with one).
    crate::activate::set_settings(
        &env,
        "Security Administrator",
        "/",
        serde_json::json!({"activation": {"require_mfa": true}}),
    );
    let before_mfa = env.state();
    import_as(&env, "bob", &self_activate(&bob, SA_TEMPLATE, "PT1H")).refused(4, "MfaRule");
    assert_eq!(env.state(), before_mfa);
    // A service principal never activates, not through a group either.
    let bot = id_of(&env, "deploy-bot");
    env.run(&["group", "member", "add", "tier0-admins", "deploy-bot"])
        .ok();
    let before_bot = env.state();
    import_as(
        &env,
        "deploy-bot",
        &self_activate(&bot, GA_TEMPLATE, "PT1H"),
    )
    .refused(1, "PrincipalTypeRule");
    assert_eq!(env.state(), before_bot);
    assert_ne!(before, before_bot);
    crate::invariants::assert_holds(&env);
}

#[test]
fn a_self_activation_by_import_rests_on_its_path_and_is_made_once() {
    let env = TestEnv::sample();
    let bob = id_of(&env, "bob");
    // Twice in one document: one activation.
    let doc = serde_json::json!({ "value": [
        self_activate(&bob, GA_TEMPLATE, "PT2H"),
        self_activate(&bob, GA_TEMPLATE, "PT1H"),
    ]});
    import_as(&env, "bob", &doc).ok();
    let live: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM assignment a JOIN principal p ON p.id = a.principal_id
              WHERE p.name = 'bob' AND a.activated_from IS NOT NULL AND a.removed_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(live, 1);
    // Made through tier0-admins: it ends when bob leaves the group.
    let mut env = env;
    env.now = "2026-11-22T09:10:00Z".into();
    let holds = |env: &TestEnv| env.run(&["check", "--principal", "bob", "--role", GA]).code;
    assert_eq!(holds(&env), 0);
    env.run(&["group", "member", "remove", "tier0-admins", "bob"])
        .ok();
    assert_eq!(holds(&env), 1);
    crate::invariants::assert_holds(&env);
}

// ---------------------------------------------------------------------------------------------
// The server: the same rules, whoever the kernel says the caller is.

#[test]
fn the_last_global_administrator_is_kept_through_the_server() {
    if !crate::server::root_with_setpriv() {
        return;
    }
    let (env, server) = crate::server::bound();
    let ga: Vec<AssignmentJson> =
        env.json(&["assign", "list", "--principal", "admin", "--role", GA]);
    let id = ga[0].id.clone();
    let before = env.state();
    // root is admin here: removing or cutting the only permanent GA is refused all the same.
    for args in [
        &["--yes", "assign", "remove", id.as_str()][..],
        &["assign", "update", id.as_str(), "--duration", "10m"][..],
        &["principal", "disable", "admin"][..],
    ] {
        let r = Run::from(
            server
                .client(&env)
                .env("PIM_NOW", "2026-11-22T10:00:00Z")
                .args(args)
                .output()
                .unwrap(),
        );
        r.refused(4, "the last active Global Administrator");
    }
    assert_eq!(env.state(), before);
}

#[test]
fn an_activation_through_a_group_ends_with_the_membership_through_the_server() {
    if !crate::server::root_with_setpriv() {
        return;
    }
    let (env, server) = crate::server::bound();
    let bob = crate::server::BOB_UID;
    let r = server.run_as_uid(
        &env,
        bob,
        &[
            "-o",
            "json",
            "activate",
            "--role",
            GA,
            "--justification",
            "INC-1",
        ],
    );
    r.ok();
    let check = |env: &TestEnv| {
        server
            .run(env, &["check", "--principal", "bob", "--role", GA])
            .code
    };
    assert_eq!(check(&env), 0);
    server
        .run(&env, &["group", "member", "remove", "tier0-admins", "bob"])
        .ok();
    assert_eq!(check(&env), 1);
    // bob cannot activate it again, nor approve anything of his own on the way.
    server
        .run_as_uid(
            &env,
            bob,
            &["activate", "--role", GA, "--justification", "again"],
        )
        .refused(4, "EligibilityRule");
    drop(server);
    crate::invariants::assert_holds(&env);
}

#[test]
fn no_command_reaches_a_removed_principal_by_its_full_id() {
    let mut env = TestEnv::sample();
    let dave = id_of(&env, "dave");
    env.now = "2026-11-22T10:00:00Z".into();
    env.run(&["--yes", "principal", "remove", "dave", "--force"])
        .ok();
    let before = env.state();
    for args in [
        &[
            "assign",
            "--principal",
            dave.as_str(),
            "--role",
            GA,
            "--type",
            "active",
            "--duration",
            "1h",
            "--justification",
            "x",
        ][..],
        &["group", "member", "add", "tier0-admins", dave.as_str()][..],
        &["principal", "enable", dave.as_str()][..],
        &[
            "principal",
            "update",
            dave.as_str(),
            "--display-name",
            "Dave again",
        ][..],
    ] {
        env.run(args).refused(3, "not found");
    }
    let csv = env.write_file(
        "dave.csv",
        &format!("principal,role,type,end,justification\n{dave},{GA},active,1h,x\n"),
    );
    env.run(&["assign", "import", path_str(&csv)])
        .refused(1, "not found");
    assert_eq!(env.state(), before);
    // Its history is still found by its ID.
    let rows: Vec<AuditJson> = env.json(&["audit", "list", "--principal", &dave]);
    assert!(rows.iter().any(|r| r.action == "principal.remove"));
    crate::invariants::assert_holds(&env);
}

// ---------------------------------------------------------------------------------------------
// settings import while a request waits: the current settings decide, and never the requester.

fn sa_approvers(env: &TestEnv, approvers: &[&str], require: bool) {
    crate::activate::set_settings(
        env,
        "Security Administrator",
        "/",
        serde_json::json!({"activation": {
            "require_approval": require,
            "approval_stages": [{"approvers": approvers, "required_approvals": 1}],
        }}),
    );
}

#[test]
fn settings_imported_while_a_request_waits_never_let_the_requester_decide() {
    let env = TestEnv::sample();
    sa_approvers(&env, &["alice"], true);
    let r = env.run_as(
        "bob",
        &[
            "-o",
            "json",
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "INC-1",
        ],
    );
    r.code(5);
    let id = r
        .json::<crate::activate::ActivationJson>()
        .request_id
        .unwrap();
    let approve = |who: &str| env.run_as(who, &["approve", &id, "--justification", "ok"]);
    // The approvers become the requester himself, then a group he is in, then approval is
    // switched off: bob never decides, and nothing is granted without a decision.
    sa_approvers(&env, &["bob"], true);
    approve("bob").refused(4, "your own request");
    approve("alice").refused(4, "not an approver");
    sa_approvers(&env, &["tier0-admins"], true);
    approve("bob").refused(4, "your own request");
    sa_approvers(&env, &["bob"], false);
    approve("bob").refused(4, "your own request");
    let status = |env: &TestEnv| -> String {
        env.conn()
            .query_row("SELECT status FROM request WHERE id = ?1", [&id], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!(status(&env), "pending_approval");
    sa_approvers(&env, &["tier0-admins"], true);
    approve("alice").ok();
    assert_eq!(status(&env), "provisioned");
    crate::invariants::assert_holds(&env);
}

#[test]
fn an_import_neither_cuts_the_last_global_administrator_nor_outlives_a_membership() {
    let mut env = TestEnv::sample();
    env.now = "2026-11-22T10:00:00Z".into();
    let admin = id_of(&env, "admin");
    let ga = |action: &str, duration: &str| {
        serde_json::json!({
            "action": action, "principalId": admin, "roleDefinitionId": GA_TEMPLATE,
            "directoryScopeId": "/", "justification": "x",
            "scheduleInfo": { "expiration": { "type": "afterDuration", "duration": duration } }
        })
    };
    let before = env.state();
    for doc in [ga("adminUpdate", "PT10M"), ga("adminRemove", "PT10M")] {
        let file = write_json(&env, "ga.json", &doc);
        env.run(&["assign", "import", path_str(&file), "--type", "active"])
            .refused(4, "LastGlobalAdministrator");
    }
    assert_eq!(env.state(), before);
    // erin is a member of sec-ops for an hour; sec-ops is eligible for Security Administrator:
    // her eight-hour self-activation by import ends with the membership.
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
    ])
    .ok();
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--group",
        "sec-ops",
        "--access",
        "member",
        "--type",
        "active",
        "--duration",
        "1h",
        "--justification",
        "on call",
    ])
    .ok();
    let erin = id_of(&env, "erin");
    import_as(&env, "erin", &self_activate(&erin, SA_TEMPLATE, "PT8H")).ok();
    let sa: Vec<AssignmentJson> = env.json(&[
        "assign",
        "list",
        "--principal",
        "erin",
        "--role",
        "Security Administrator",
    ]);
    assert_eq!(sa.len(), 1);
    assert_eq!(sa[0].end.as_deref(), Some("2026-11-22T11:00:00Z"));
    crate::invariants::assert_holds(&env);
}
