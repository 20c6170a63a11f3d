//! Microsoft's formats: role settings as Graph `unifiedRoleManagementPolicy` rules and ARM
//! `roleManagementPolicies`, assignments as Graph and ARM schedules and schedule requests,
//! principals by their Entra object ids, azure-pim-cli's activation sets.
//!
//! The documents under tests/fixtures/graph and tests/fixtures/arm are Microsoft's published
//! examples; each test names the page or spec example it reads.

use std::path::PathBuf;

use serde_json::{Value, json};

use serde::Deserialize;

use crate::support::*;

/// `assign import FILE.json -o json`, strictly.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct JsonImportJson {
    rows: u64,
    created: u64,
    updated: u64,
    extended: u64,
    renewed: u64,
    removed: u64,
    activated: u64,
    pending: u64,
    skipped: Vec<String>,
    created_objects: Vec<Value>,
    dry_run: bool,
}

const GA: &str = "Global Administrator";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

/// The body of an ARM REST specification example: its response (`responses.200.body`) or its
/// request (`parameters.parameters`).
fn arm_response(name: &str) -> Value {
    let ex = fixture_json(name);
    let r = &ex["responses"];
    r["200"]["body"]
        .clone()
        .as_object()
        .map_or_else(|| r["201"]["body"].clone(), |_| r["200"]["body"].clone())
}

fn arm_request(name: &str) -> Value {
    fixture_json(name)["parameters"]["parameters"].clone()
}

fn write(env: &TestEnv, name: &str, v: &Value) -> PathBuf {
    env.write_file(name, &serde_json::to_string_pretty(v).unwrap())
}

fn show(env: &TestEnv, args: &[&str]) -> Value {
    let mut a = vec!["settings", "show"];
    a.extend_from_slice(args);
    env.json(&a)
}

/// A test environment whose clock stands at `now` from `pim init` on.
fn env_at(now: &str, sample: bool) -> TestEnv {
    let mut env = TestEnv::new();
    env.now = now.to_string();
    let mut init = vec!["init", "--admin", "admin"];
    if sample {
        init.push("--sample");
    }
    env.run(&init).ok();
    env
}

fn set_object_id(env: &TestEnv, name: &str, id: &str) {
    env.run(&["principal", "update", name, "--object-id", id])
        .ok();
}

// ---------------------------------------------------------------------------------------------
// Principals' object ids

#[test]
fn principals_carry_a_unique_object_id() {
    let env = TestEnv::sample();
    let p: PrincipalJson = env.json(&[
        "principal",
        "add",
        "erin2",
        "--object-id",
        "071CC716-8147-4397-A5BA-B2105951CC0B",
    ]);
    assert_eq!(
        p.object_id.as_deref(),
        Some("071cc716-8147-4397-a5ba-b2105951cc0b")
    );
    let audit = env.last_audit();
    assert_eq!(audit.action, "principal.create");
    env.refuses(
        1,
        "already belongs to principal 'erin2'",
        "principal.update",
        |e| {
            e.run(&[
                "principal",
                "update",
                "alice",
                "--object-id",
                "071cc716-8147-4397-a5ba-b2105951cc0b",
            ])
        },
    );
    env.refuses(
        1,
        "invalid object id 'not-a-guid'",
        "principal.update",
        |e| e.run(&["principal", "update", "alice", "--object-id", "not-a-guid"]),
    );
    let before = env.count("principal");
    env.run(&[
        "principal",
        "add",
        "frank",
        "--object-id",
        "071cc716-8147-4397-a5ba-b2105951cc0b",
    ])
    .refused(1, "already belongs to principal 'erin2'");
    assert_eq!(env.count("principal"), before);
    let shown: PrincipalDetailJson = env.json(&["principal", "show", "erin2"]);
    assert_eq!(
        shown.object_id.as_deref(),
        Some("071cc716-8147-4397-a5ba-b2105951cc0b")
    );
    // Moved: cleared on one, set on another; each change audited with old and new.
    env.run(&["principal", "update", "erin2", "--clear-object-id"])
        .ok();
    set_object_id(&env, "alice", "071cc716-8147-4397-a5ba-b2105951cc0b");
    let a = env.last_audit();
    assert_eq!(a.action, "principal.update");
    assert_eq!(
        a.details.unwrap()["object_id"],
        json!({"old": null, "new": "071cc716-8147-4397-a5ba-b2105951cc0b"})
    );
    state_is_explained(&env);
}

// ---------------------------------------------------------------------------------------------
// Role settings from Microsoft's documents

/// `settings show -o json` of Entra's defaults with `f` applied.
fn defaults_with(env: &TestEnv, f: impl FnOnce(&mut Value)) -> Value {
    let mut v = show(env, &["--role", "Helpdesk Administrator"]);
    for key in ["role", "role_id", "scope", "is_default"] {
        v.as_object_mut().unwrap().remove(key);
    }
    f(&mut v);
    v
}

fn without_names(mut v: Value) -> Value {
    for key in ["role", "role_id", "scope", "is_default"] {
        v.as_object_mut().unwrap().remove(key);
    }
    v
}

#[test]
fn a_directory_roles_default_policy_is_read_rule_by_rule() {
    // Graph API reference, unifiedrolemanagementpolicyassignment-get.md, Example 2: the policy
    // assignment of Global Administrator with its policy and 17 rules expanded.
    let env = TestEnv::sample();
    let file = fixture("graph/unifiedrolemanagementpolicyassignment-get-example2.json");
    let r = env.run(&["settings", "import", path_str(&file)]);
    r.ok()
        .stderr_has("Global Administrator at /: activation.require_mfa: false -> true");
    // Every rule as Entra's defaults, but MFA on activation (the example's
    // Enablement_EndUser_Assignment lists MultiFactorAuthentication).
    let want = defaults_with(&env, |v| v["activation"]["require_mfa"] = json!(true));
    assert_eq!(without_names(show(&env, &["--role", GA])), want);
    let a = env.last_audit();
    assert_eq!(
        (a.action.as_str(), a.result.as_str()),
        ("settings.update", "success")
    );
    // Read again: nothing changes, nothing is written.
    let audit = env.count("audit");
    env.run(&["settings", "import", path_str(&file)])
        .ok()
        .stderr_has("Global Administrator at /: no changes");
    assert_eq!(env.count("audit"), audit);
    // Import then export gives the document's rules back, value for value (`target` aside:
    // pim writes the operations as `All`, as Graph's PATCH examples do).
    let doc = fixture_json("graph/unifiedrolemanagementpolicyassignment-get-example2.json");
    let out: Value = serde_json::from_str(
        &env.run(&["settings", "export", "--role", GA, "--format", "graph"])
            .stdout,
    )
    .unwrap();
    let strip = |r: &Value| {
        let mut r = r.clone();
        r.as_object_mut().unwrap().remove("target");
        r
    };
    let theirs: Vec<Value> = doc["policy"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(strip)
        .collect();
    let ours: Vec<Value> = out["rules"].as_array().unwrap().iter().map(strip).collect();
    assert_eq!(ours, theirs);
}

#[test]
fn rules_in_another_order_and_values_pim_does_not_model() {
    // Graph API reference (beta), policyroot-list-rolemanagementpolicyassignments.md, Example 2:
    // the rules in another order, an additional recipient, an activation rule that says
    // isExpirationRequired false, an empty claimValue.
    let env = TestEnv::sample();
    let file = fixture("graph/policyroot-list-rolemanagementpolicyassignments-example2.json");
    let r = env.run(&["settings", "import", path_str(&file)]);
    r.ok()
        .stderr_has("notifications.eligible_assignment.admin.additional_recipients: none -> aaronlin519@yahoo.com")
        .stderr_has("warning: Expiration_EndUser_Assignment ($.value[0].policy.rules[10].isExpirationRequired): false is not kept");
    let s = show(&env, &["--role", GA]);
    assert_eq!(
        s["notifications"]["eligible_assignment"]["admin"]["additional_recipients"],
        json!(["aaronlin519@yahoo.com"])
    );
    assert_eq!(s["activation"]["max_duration"], "PT8H");
    assert!(
        s.get("kept_rules").is_none(),
        "an empty claim keeps nothing"
    );
}

#[test]
fn a_group_policy_is_read_for_the_group_it_names() {
    // Graph API reference (beta), policyroot-list-rolemanagementpolicyassignments.md, Example 4:
    // the policy of the ownership of group 7e526275-…, whose expirations are required.
    let env = TestEnv::sample();
    let file =
        fixture("graph/policyroot-list-rolemanagementpolicyassignments-example4-group-owner.json");
    // The group is named by its object id: pim must know it.
    env.refuses(
        3,
        "no principal has object id 7e526275-97a8-4dc6-932a-4db521cccf96",
        "settings.update",
        |e| e.run(&["settings", "import", path_str(&file)]),
    );
    env.run(&[
        "principal",
        "add",
        "web-ops",
        "--kind",
        "group",
        "--object-id",
        "7e526275-97a8-4dc6-932a-4db521cccf96",
    ])
    .ok();
    env.run(&["settings", "import", path_str(&file)])
        .refused(1, "group 'web-ops' is not under PIM for Groups");
    env.run(&["group", "onboard", "web-ops"]).ok();
    env.run(&["settings", "import", path_str(&file)])
        .ok()
        .stderr_has(
            "Group Owner at /groups/web-ops: assignment.allow_permanent_eligible: true -> false",
        )
        .stderr_has(
            "Group Owner at /groups/web-ops: assignment.allow_permanent_active: true -> false",
        );
    let s = show(&env, &["--group", "web-ops", "--access", "owner"]);
    let want = defaults_with(&env, |v| {
        v["assignment"]["allow_permanent_eligible"] = json!(false);
        v["assignment"]["allow_permanent_active"] = json!(false);
    });
    assert_eq!(without_names(s), want);
    // A rule alone goes where --group and --access say.
    let rule = write(
        &env,
        "r.json",
        &json!({"id": "Expiration_EndUser_Assignment", "maximumDuration": "PT2H"}),
    );
    env.run(&[
        "settings",
        "import",
        path_str(&rule),
        "--group",
        "web-ops",
        "--access",
        "member",
    ])
    .ok()
    .stderr_has("Group Member at /groups/web-ops: activation.max_duration: 8h -> 2h");
    // Membership keeps its own settings otherwise.
    let member = show(&env, &["--group", "web-ops", "--access", "member"]);
    assert_eq!(member["assignment"]["allow_permanent_active"], true);
    // Exported as Graph writes a group's policy: accessId and the group's object id.
    let all: Value = serde_json::from_str(
        &env.run(&["settings", "export", "--all", "--format", "graph"])
            .stdout,
    )
    .unwrap();
    let item = all["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["scopeType"] == "Group" && v["roleDefinitionId"] == "owner")
        .unwrap();
    assert_eq!(item["policy"]["rules"][0]["isExpirationRequired"], true);
    assert_eq!(item["scopeId"], "7e526275-97a8-4dc6-932a-4db521cccf96");
}

#[test]
fn each_rule_types_patch_body_is_applied() {
    // Graph docs, concepts/how-to-pim-update-rules.md, Examples 1 to 6: one PATCH body per rule.
    let env = TestEnv::sample();
    let role = "User Administrator";
    let run = |ex: &str, extra: &[&str]| {
        let file = fixture(&format!("graph/how-to-pim-update-rules-example{ex}.json"));
        let mut a = vec!["settings", "import", path_str(&file), "--role", role];
        a.extend_from_slice(extra);
        env.run(&a)
    };
    run("1-Expiration_EndUser_Assignment", &[])
        .ok()
        .stderr_has("activation.max_duration: 8h -> 1h45m");
    run("2-Enablement_EndUser_Assignment", &[])
        .ok()
        .stderr_has("activation.require_mfa: false -> true")
        .stderr_has("activation.require_ticket: false -> true");
    run("4-Expiration_Admin_Eligibility", &[])
        .ok()
        .stderr_has("assignment.allow_permanent_eligible: true -> false")
        .stderr_has("assignment.eligible_expire_after: 365d -> 90d");
    run("5-Expiration_Admin_Assignment", &[])
        .ok()
        .stderr_has("assignment.active_expire_after: 180d -> 90d");
    run("6-Enablement_Admin_Assignment", &[])
        .ok()
        .stderr_has("assignment.require_mfa_on_active: false -> true");
    // Example 3 names its approvers by object id: a user and a group's members.
    let approval = "3-Approval_EndUser_Assignment";
    env.refuses(
        3,
        "Approval_EndUser_Assignment ($.setting.approvalStages[0].primaryApprovers[0]): no principal has object id 10a08e2e-3ea2-4ce0-80cb-d5fdd4b05ea6",
        "settings.update",
        |_| run(approval, &[]),
    );
    set_object_id(&env, "alice", "10a08e2e-3ea2-4ce0-80cb-d5fdd4b05ea6");
    set_object_id(&env, "helpdesk", "14f2746d-7d6f-4ac6-acd8-8cac318b041b");
    run(approval, &[])
        .ok()
        .stderr_has("activation.require_approval: false -> true")
        .stderr_has("activation.approval_stages: none -> alice, group helpdesk (1 of 2)");
    // A notification rule and the authentication context rule, as Graph lists them (the list
    // response of Example 2 above), sent alone as PATCH bodies.
    let listed =
        fixture_json("graph/policyroot-list-rolemanagementpolicyassignments-example2.json");
    let rules = &listed["value"][0]["policy"]["rules"];
    let notification = write(&env, "n.json", &rules[1]);
    env.run(&["settings", "import", path_str(&notification), "--role", role])
        .ok()
        .stderr_has("notifications.eligible_assignment.admin.additional_recipients: none -> aaronlin519@yahoo.com");
    let mut auth = rules[13].clone();
    auth["isEnabled"] = json!(true);
    auth["claimValue"] = json!("c1");
    let auth = write(&env, "a.json", &auth);
    env.run(&["settings", "import", path_str(&auth), "--role", role])
        .ok()
        .stderr_has("warning: AuthenticationContext_EndUser_Assignment ($): kept but not enforced")
        .stderr_has("kept_rules.AuthenticationContext_EndUser_Assignment: none -> {\"claimValue\":\"c1\",\"isEnabled\":true}");
    // Kept: shown, exported again in both of pim's formats, and read back from TOML.
    let s = show(&env, &["--role", role]);
    assert_eq!(
        s["kept_rules"]["AuthenticationContext_EndUser_Assignment"],
        json!({"isEnabled": true, "claimValue": "c1"})
    );
    env.run(&["settings", "show", "--role", role])
        .ok()
        .stdout_has("Kept from Microsoft, not enforced by pim")
        .stdout_has("AuthenticationContext_EndUser_Assignment");
    let graph = env.run(&["settings", "export", "--role", role, "--format", "graph"]);
    let doc: Value = serde_json::from_str(&graph.stdout).unwrap();
    assert_eq!(doc["rules"][13]["claimValue"], "c1");
    assert_eq!(doc["rules"][13]["isEnabled"], true);
    let toml = env.run(&["settings", "export", "--role", role]);
    toml.ok().stdout_has("[role.kept_rules]");
    let file = env.write_file("s.toml", &toml.stdout);
    env.run(&["settings", "import", path_str(&file)])
        .ok()
        .stderr_has("User Administrator at /: no changes");
    state_is_explained(&env);
}

#[test]
fn an_arm_policy_reads_with_its_approvers_created_on_request() {
    // ARM REST specification 2020-10-01, examples/GetRoleManagementPolicyByName.json: the policy
    // of a role at a subscription, approvers two groups, every notification critical.
    let env = TestEnv::sample();
    let sub = "/subscriptions/129ff972-28f8-46b8-a726-e497be039368";
    let file = write(
        &env,
        "policy.json",
        &arm_response("arm/GetRoleManagementPolicyByName.json"),
    );
    // An ARM policy does not name its role.
    env.run(&["settings", "import", path_str(&file)])
        .refused(2, "the document does not say which role its rules are for")
        .stderr_has("hint: pass --role R");
    // Its scope and approvers are unknown here.
    let before = env.state();
    env.run(&["settings", "import", path_str(&file), "--role", "Owner"])
        .refused(
            3,
            "scope '/subscriptions/129ff972-28f8-46b8-a726-e497be039368' not found",
        );
    env.run(&["scope", "add", sub]).ok();
    let mid = env.state();
    env.run(&["settings", "import", path_str(&file), "--role", "Owner"])
        .refused(3, "Approval_EndUser_Assignment ($.properties.rules[10].setting.approvalStages[0].primaryApprovers[0]): no principal has object id 2385b0f3-5fa9-43cf-8ca4-b01dc97298cd")
        .stderr_has("--create-missing");
    assert_eq!(env.state(), mid);
    assert_ne!(before, mid);
    // --dry-run shows the differences and changes nothing.
    let r = env.run(&[
        "settings",
        "import",
        path_str(&file),
        "--role",
        "Owner",
        "--create-missing",
        "--dry-run",
    ]);
    r.ok()
        .stderr_has("would create principal amansw_new_group\n")
        .stderr_has("Owner at /subscriptions/129ff972-28f8-46b8-a726-e497be039368: activation.max_duration: 8h -> 7h")
        .stderr_has("dry run");
    assert!(!r.stderr.contains("2385b0f3"), "{}", r.stderr);
    assert_eq!(env.state(), mid);
    env.run(&[
        "settings",
        "import",
        path_str(&file),
        "--role",
        "Owner",
        "--create-missing",
    ])
    .ok()
    .stderr_has("created principal amansw_group (2f4913c9-d15b-406a-9946-1d66a28f2690)");
    let g: PrincipalDetailJson = env.json(&["principal", "show", "amansw_new_group"]);
    assert_eq!(
        (g.kind.as_str(), g.object_id.as_deref()),
        ("group", Some("2385b0f3-5fa9-43cf-8ca4-b01dc97298cd"))
    );
    let s = show(&env, &["--role", "Owner", "--scope", sub]);
    let a = &s["activation"];
    assert_eq!(a["max_duration"], "PT7H");
    assert_eq!(
        (
            a["require_mfa"].clone(),
            a["require_justification"].clone(),
            a["require_ticket"].clone(),
            a["require_approval"].clone()
        ),
        (json!(true), json!(true), json!(true), json!(true))
    );
    let names: Vec<&str> = a["approval_stages"][0]["approvers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["amansw_new_group", "amansw_group"]);
    let g = &s["assignment"];
    assert_eq!(
        (
            g["allow_permanent_eligible"].clone(),
            g["eligible_expire_after"].clone()
        ),
        (json!(false), json!("P90D"))
    );
    assert_eq!(
        (
            g["allow_permanent_active"].clone(),
            g["require_mfa_on_active"].clone()
        ),
        (json!(true), json!(true))
    );
    let n = &s["notifications"]["activation"];
    assert_eq!(
        n["admin"],
        json!({"enabled": true, "default_recipients": false, "additional_recipients": ["admin_enduser_member@test.com"], "critical_only": true})
    );
    assert_eq!(
        n["approver"],
        json!({"enabled": true, "default_recipients": true, "additional_recipients": [], "critical_only": true})
    );
    // ARM's partial PATCH (examples/PatchPartialRoleManagementPolicy.json): the two rules it
    // lists change, the others keep their values.
    let patch = write(
        &env,
        "patch.json",
        &arm_request("arm/PatchPartialRoleManagementPolicy.json"),
    );
    let r = env.run(&[
        "-o",
        "json",
        "settings",
        "import",
        path_str(&patch),
        "--role",
        "Owner",
        "--scope",
        sub,
    ]);
    r.ok();
    let changed: Value = r.json();
    let fields: Vec<&str> = changed[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "assignment.allow_permanent_eligible",
            "assignment.eligible_expire_after"
        ]
    );
    // Export then import: the same settings.
    let out = env.run(&[
        "settings", "export", "--role", "Owner", "--scope", sub, "--format", "arm",
    ]);
    out.ok();
    let back = env.write_file("back.json", &out.stdout);
    env.run(&[
        "settings",
        "import",
        path_str(&back),
        "--role",
        "Owner",
        "--scope",
        sub,
    ])
    .ok()
    .stderr_has("no changes");
    // A directory role has no ARM policy.
    env.run(&["settings", "export", "--role", GA, "--format", "arm"])
        .refused(2, "its policy is a Microsoft Graph document");
    state_is_explained(&env);
}

#[test]
fn an_unknown_azure_role_definition_is_refused_or_created() {
    // ARM REST specification 2020-10-01, examples/GetRoleManagementPolicyAssignmentByName.json:
    // the policy assignment of "FHIR Data Converter", which pim's catalogue does not hold.
    let env = TestEnv::sample();
    let file = write(
        &env,
        "pa.json",
        &arm_response("arm/GetRoleManagementPolicyAssignmentByName.json"),
    );
    env.refuses(3, "unknown Azure role definition id a1705bd2-3a8f-45a5-8683-466fcfd5cc24 ('FHIR Data Converter')", "settings.update", |e| {
        e.run(&["settings", "import", path_str(&file)])
    });
    env.run(&["settings", "import", path_str(&file), "--create-missing"])
        .ok()
        .stderr_has("created scope /subscriptions/129ff972-28f8-46b8-a726-e497be039368")
        .stderr_has("created role FHIR Data Converter (a1705bd2-3a8f-45a5-8683-466fcfd5cc24)");
    let r: RoleJson = env.json(&["role", "show", "a1705bd2-3a8f-45a5-8683-466fcfd5cc24"]);
    assert_eq!(
        (r.name.as_str(), r.kind.as_str(), r.builtin),
        ("FHIR Data Converter", "azure", false)
    );
    let s = show(
        &env,
        &[
            "--role",
            "FHIR Data Converter",
            "--scope",
            "/subscriptions/129ff972-28f8-46b8-a726-e497be039368",
        ],
    );
    assert_eq!(s["activation"]["max_duration"], "PT7H");
    state_is_explained(&env);
}

#[test]
fn documents_pim_cannot_read_are_refused_naming_the_rule_and_the_path() {
    let env = TestEnv::sample();
    let before = env.state();
    let audit = env.count("audit");
    let doc = |v: Value| write(&env, "d.json", &v);
    // An unknown rule id: exit 2, read before anything is touched.
    let f = doc(
        json!({"rules": [{"id": "Expiration_EndUser_Assignment", "maximumDuration": "PT2H"}, {"id": "Expiration_Everyone"}]}),
    );
    env.run(&["settings", "import", path_str(&f), "--role", GA])
        .refused(2, "unknown rule id 'Expiration_Everyone' ($.rules[1].id)")
        .stderr_has("hint: a role management policy has 17 rules");
    // A duration that is none: exit 2, naming the rule and the path; refused in the write, so
    // audited.
    let f = doc(
        json!({"value": [{"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", "id": "Expiration_Admin_Assignment", "maximumDuration": "P3X"}]}),
    );
    env.run(&["settings", "import", path_str(&f), "--role", GA])
        .refused(
            2,
            "Expiration_Admin_Assignment ($.value[0].maximumDuration): invalid duration 'P3X'",
        );
    // Months have no fixed length.
    let f = doc(json!({"id": "Expiration_Admin_Eligibility", "maximumDuration": "P1Y"}));
    env.run(&["settings", "import", path_str(&f), "--role", GA])
        .refused(2, "years and months have no fixed length");
    // A type that is not the rule's, an enum value that is none.
    let f = doc(
        json!({"id": "Approval_EndUser_Assignment", "ruleType": "RoleManagementPolicyNotificationRule"}),
    );
    env.run(&["settings", "import", path_str(&f), "--role", GA])
        .refused(2, "is not the type of rule Approval_EndUser_Assignment");
    let f = doc(json!({"id": "Notification_Admin_Admin_Assignment", "notificationLevel": "Loud"}));
    env.run(&["settings", "import", path_str(&f), "--role", GA])
        .refused(2, "Notification_Admin_Admin_Assignment ($.notificationLevel): 'Loud' is not one of None, Critical, All");
    // A document that names one role while --role names another.
    let ga = fixture("graph/unifiedrolemanagementpolicyassignment-get-example2.json");
    env.run(&["settings", "import", path_str(&ga), "--role", "Owner"])
        .refused(
            2,
            "the document is for 'Global Administrator', --role says 'Owner'",
        );
    // A value out of pim's rules: exit 1, as `settings set` refuses it.
    let f = doc(json!({"id": "Expiration_EndUser_Assignment", "maximumDuration": "P2D"}));
    env.run(&["settings", "import", path_str(&f), "--role", GA])
        .refused(1, "activation.max_duration: 2d is out of range");
    // Not JSON at all, the same rule twice, a rule for a group's scope type.
    let f = env.write_file("x.json", "{\"rules\": [");
    env.run(&["settings", "import", path_str(&f), "--role", GA])
        .refused(2, "is not valid JSON");
    let r = json!({"id": "Expiration_EndUser_Assignment", "maximumDuration": "PT2H"});
    let f = doc(json!([r, r]));
    env.run(&["settings", "import", path_str(&f), "--role", GA])
        .refused(
            2,
            "Expiration_EndUser_Assignment ($[1]): the rule is already given at $[0]",
        );
    // Options of the JSON documents are refused for a TOML file.
    let toml = env.write_file(
        "s.toml",
        "[[role]]\nrole = \"Owner\"\nscope = \"/subscriptions/prod\"\n",
    );
    env.run(&["settings", "import", path_str(&toml), "--role", GA])
        .refused(
            2,
            "is a settings file: each [[role]] table names its role and scope",
        );
    // Nothing changed; the refusals met in the import's write were audited, each once (the
    // documents that are no policy at all, and the broken JSON, are refused before it).
    assert_eq!(env.state(), before);
    let failures: Vec<AuditJson> = env.json(&["audit", "list", "--action", "settings.update"]);
    assert_eq!(failures.iter().filter(|a| a.result == "failure").count(), 7);
    assert!(env.count("audit") > audit);
    // A non-privileged user may not change settings, whatever the format.
    env.run_as("carol", &["settings", "import", path_str(&ga)])
        .refused(
            4,
            "changing the settings of 'Global Administrator' at / needs",
        );
    assert_eq!(env.state(), before);
}

#[test]
fn every_format_round_trips_settings_set_here() {
    let env = TestEnv::sample();
    set_object_id(&env, "alice", "10a08e2e-3ea2-4ce0-80cb-d5fdd4b05ea6");
    set_object_id(&env, "tier0-admins", "14f2746d-7d6f-4ac6-acd8-8cac318b041b");
    env.run(&[
        "settings",
        "set",
        "--role",
        GA,
        "--activation-max-duration",
        "1h45m",
        "--require-approval",
        "true",
        "--stage",
        "alice,bob:2",
        "--stage",
        "tier0-admins",
        "--allow-permanent-active",
        "false",
        "--active-expire-after",
        "15d",
        "--notify",
        "activation.admin.critical_only=yes",
        "--notify",
        "eligible_assignment.assignee.enabled=no",
        "--notify",
        "active_assignment.approver.additional_recipients=soc@contoso.example",
    ])
    .ok();
    let before = env.state();
    let shown = show(&env, &["--role", GA]);
    let out = env.run(&["settings", "export", "--role", GA, "--format", "graph"]);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    let approvals = &doc["rules"][12]["setting"];
    assert_eq!(approvals["approvalMode"], "Serial");
    // Approvers by object id where they have one, else by pim's id; N of M as an annotation.
    let stage = &approvals["approvalStages"][0];
    assert_eq!(
        stage["primaryApprovers"][0]["userId"],
        "10a08e2e-3ea2-4ce0-80cb-d5fdd4b05ea6"
    );
    assert_eq!(stage["@pim.requiredApprovals"], 2);
    assert_eq!(
        approvals["approvalStages"][1]["primaryApprovers"][0]["groupId"],
        "14f2746d-7d6f-4ac6-acd8-8cac318b041b"
    );
    // Graph, then ARM, then TOML: each reads back to the same settings.
    env.run(&[
        "settings",
        "set",
        "--role",
        GA,
        "--activation-max-duration",
        "3h",
    ])
    .ok();
    let f = env.write_file("g.json", &out.stdout);
    env.run(&["settings", "import", path_str(&f), "--role", GA])
        .ok();
    assert_eq!(show(&env, &["--role", GA]), shown);
    let all = env.run(&["settings", "export", "--all", "--format", "graph"]);
    let f = env.write_file("all.json", &all.stdout);
    env.run(&["settings", "import", path_str(&f)])
        .ok()
        .stderr_has("Global Administrator at /: no changes");
    env.run(&[
        "settings",
        "set",
        "--role",
        "Owner",
        "--scope",
        "/subscriptions/prod",
        "--require-mfa",
        "true",
        "--approver",
        "alice",
    ])
    .ok();
    let owner = show(&env, &["--role", "Owner", "--scope", "/subscriptions/prod"]);
    let arm = env.run(&["settings", "export", "--all", "--format", "arm"]);
    arm.ok()
        .stderr_has("left out 1 role setting of the other format (Global Administrator at /)");
    env.run(&[
        "settings",
        "set",
        "--role",
        "Owner",
        "--scope",
        "/subscriptions/prod",
        "--require-mfa",
        "false",
    ])
    .ok();
    let f = env.write_file("arm.json", &arm.stdout);
    env.run(&["settings", "import", path_str(&f)]).ok();
    assert_eq!(
        show(&env, &["--role", "Owner", "--scope", "/subscriptions/prod"]),
        owner
    );
    assert_ne!(env.state(), before);
    state_is_explained(&env);
}

// ---------------------------------------------------------------------------------------------
// Assignments from Microsoft's documents

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Held {
    principal: String,
    role: String,
    scope: String,
    kind: String,
    end: Option<String>,
}

fn held(env: &TestEnv) -> Vec<Held> {
    let rows: Vec<AssignmentJson> = env.json(&["assign", "list"]);
    let mut out: Vec<Held> = rows
        .into_iter()
        .map(|a| Held {
            principal: a.principal_name,
            role: a.role_name,
            scope: a.scope,
            kind: a.kind,
            end: a.end,
        })
        .collect();
    out.sort();
    out
}

#[test]
fn graph_schedule_requests_assign_extend_remove_and_activate() {
    // Graph API reference: rbacapplication-post-roleeligibilityschedulerequests.md and
    // rbacapplication-post-roleassignmentschedulerequests.md, examples 1 and 2 (request bodies).
    let env = env_at("2022-04-10T00:00:00Z", true);
    set_object_id(&env, "carol", "071cc716-8147-4397-a5ba-b2105951cc0b");
    let eligible =
        fixture("graph/rbacapplication-post-roleeligibilityschedulerequests-example1-request.json");
    // A bare POST body does not say which of the two endpoints it was for.
    env.run(&["assign", "import", path_str(&eligible)]).refused(
        1,
        "line 1: $: the document does not say whether this is an eligibility or an assignment",
    );
    env.run(&[
        "assign",
        "import",
        path_str(&eligible),
        "--type",
        "eligible",
    ])
    .ok()
    .stderr_has("1 created");
    let rows: Vec<AssignmentJson> = env.json(&[
        "assign",
        "list",
        "--principal",
        "carol",
        "--role",
        "Attribute Definition Administrator",
    ]);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].kind.as_str(), rows[0].end.as_deref()),
        ("eligible", Some("2024-04-10T00:00:00Z"))
    );
    assert_eq!(
        rows[0].justification.as_deref(),
        Some("Assign Attribute Assignment Admin eligibility to restricted user")
    );
    // Example 1 of the assignment requests: active, no expiration, justified as the rule asks.
    let active =
        fixture("graph/rbacapplication-post-roleassignmentschedulerequests-example1-request.json");
    env.run(&["assign", "import", path_str(&active), "--type", "active"])
        .ok();
    let rows: Vec<AssignmentJson> = env.json(&[
        "assign",
        "list",
        "--principal",
        "carol",
        "--role",
        "Groups Administrator",
    ]);
    assert_eq!((rows[0].kind.as_str(), rows[0].permanent), ("active", true));
    // Example 2: carol activates for herself; an administrator may not do it for her.
    let activate =
        fixture("graph/rbacapplication-post-roleassignmentschedulerequests-example2-request.json");
    let before = env.state();
    env.run(&["assign", "import", path_str(&activate)]).refused(
        4,
        "a self-activation is made by its principal: 'carol' activates, not 'admin'",
    );
    assert_eq!(env.state(), before);
    env.run_as("carol", &["assign", "import", path_str(&activate)])
        .ok()
        .stderr_has("1 activated");
    let rows: Vec<AssignmentJson> = env.json(&[
        "assign",
        "list",
        "--principal",
        "carol",
        "--role",
        "Attribute Definition Administrator",
        "--type",
        "active",
    ]);
    assert_eq!(
        (rows[0].start.as_str(), rows[0].end.as_deref()),
        ("2022-04-14T00:00:00Z", Some("2022-04-14T05:00:00Z"))
    );
    assert_eq!(
        rows[0].ticket_number.as_deref(),
        Some("CONTOSO:Normal-67890")
    );
    // The eligibility's response (with @odata.context) then its adminRemove, a day later.
    let remove =
        fixture("graph/rbacapplication-post-roleeligibilityschedulerequests-example2-request.json");
    env.run_at(
        "2022-04-11T00:00:00Z",
        &["assign", "import", path_str(&remove), "--type", "eligible"],
    )
    .ok()
    .stderr_has("1 removed");
    let rows: Vec<AssignmentJson> = env.json(&[
        "assign",
        "list",
        "--principal",
        "carol",
        "--role",
        "Attribute Definition Administrator",
    ]);
    assert!(rows.is_empty(), "{rows:?}");
    // Removing what is not held is refused, with the line.
    env.run_at("2022-04-11T00:00:00Z", &["assign", "import", path_str(&remove), "--type", "eligible"])
        .refused(1, "line 1: $: assignment 'carol eligible of 'Attribute Definition Administrator' at /' not found");
    let response = fixture(
        "graph/rbacapplication-post-roleeligibilityschedulerequests-example1-response.json",
    );
    env.run_at(
        "2022-04-12T10:00:00Z",
        &["assign", "import", path_str(&response)],
    )
    .ok()
    .stderr_has("1 created");
    state_is_explained(&env);
}

#[test]
fn pim_for_groups_requests_and_schedules() {
    // Graph API reference: privilegedaccessgroup-post-eligibilityschedulerequests.md, examples 1
    // (AdminAssign) and 2 (AdminExtend), and privilegedaccessgroup-list-assignmentschedules.md.
    let env = env_at("2023-02-06T19:00:00Z", true);
    env.run(&[
        "principal",
        "add",
        "web-ops",
        "--kind",
        "group",
        "--object-id",
        "2b5ed229-4072-478d-9504-a047ebd4b07d",
    ])
    .ok();
    env.run(&["group", "onboard", "web-ops"]).ok();
    set_object_id(&env, "dave", "3cce9d87-3986-4f19-8335-7ed075408ca2");
    let assign = fixture(
        "graph/privilegedaccessgroup-post-eligibilityschedulerequests-example1-request.json",
    );
    env.run(&["assign", "import", path_str(&assign), "--type", "eligible"])
        .ok();
    let extend = fixture(
        "graph/privilegedaccessgroup-post-eligibilityschedulerequests-example2-request.json",
    );
    let r = env.run(&[
        "-o",
        "json",
        "assign",
        "import",
        path_str(&extend),
        "--type",
        "eligible",
    ]);
    r.ok().stderr_has("1 extended");
    let report: JsonImportJson = r.json();
    assert_eq!((report.rows, report.extended, report.created), (1, 1, 0));
    let rows: Vec<AssignmentJson> = env.json(&[
        "assign",
        "list",
        "--principal",
        "dave",
        "--role",
        "Group Member",
    ]);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].scope.as_str(),
            rows[0].kind.as_str(),
            rows[0].end.as_deref()
        ),
        ("/groups/web-ops", "eligible", Some("2023-02-07T20:56:00Z"))
    );
    let list = fixture("graph/privilegedaccessgroup-list-assignmentschedules-response.json");
    // A tenant's schedules carry no justification; an active assignment needs one here.
    env.run(&["assign", "import", path_str(&list)])
        .refused(1, "JustificationRule: a justification is required");
    env.run(&[
        "assign",
        "import",
        path_str(&list),
        "--justification",
        "from the tenant",
    ])
    .ok()
    .stderr_has("1 created");
    let rows: Vec<AssignmentJson> = env.json(&[
        "assign",
        "list",
        "--principal",
        "dave",
        "--role",
        "Group Member",
        "--type",
        "active",
    ]);
    assert!(rows[0].permanent);
    // Exported as Graph's PIM-for-Groups schedules, by object id.
    let out = env.run(&[
        "assign",
        "export",
        "--principal",
        "dave",
        "--format",
        "graph",
    ]);
    let doc: Value = serde_json::from_str(&out.stdout).unwrap();
    let group_rows: Vec<&Value> = doc["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v.get("groupId").is_some())
        .collect();
    assert_eq!(group_rows.len(), 2);
    for v in group_rows {
        assert_eq!(v["groupId"], "2b5ed229-4072-478d-9504-a047ebd4b07d");
        assert_eq!(v["principalId"], "3cce9d87-3986-4f19-8335-7ed075408ca2");
        assert_eq!(v["accessId"], "member");
    }
    state_is_explained(&env);
}

#[test]
fn arm_schedule_requests_and_lists() {
    // ARM REST specification 2020-10-01: examples/PutRoleEligibilityScheduleRequest.json,
    // GetRoleEligibilitySchedulesByScope.json, GetRoleAssignmentSchedulesByScope.json,
    // PutRoleAssignmentScheduleRequest.json.
    let env = env_at("2020-09-09T21:00:00Z", true);
    let request = write(
        &env,
        "r.json",
        &arm_response("arm/PutRoleEligibilityScheduleRequest.json"),
    );
    let before = env.state();
    // The example's role definition id (c8d4ff99-…, displayed as "Contributor") is no built-in
    // role's; its principal and subscription are unknown here.
    env.run(&["assign", "import", path_str(&request)]).refused(
        1,
        "line 1: $: no principal has object id a3bb8764-cb92-4276-9d2a-ca1e895e55ea",
    );
    assert_eq!(env.state(), before);
    env.run(&[
        "principal",
        "add",
        "user@my-tenant.com",
        "--object-id",
        "a3bb8764-cb92-4276-9d2a-ca1e895e55ea",
    ])
    .ok();
    env.run(&["assign", "import", path_str(&request)]).refused(
        1,
        "unknown Azure role definition id c8d4ff99-41c3-41a8-9f60-21dfdad59608 ('Contributor')",
    );
    // A dry run says what it would create and shows no ids: nothing was created.
    let mid = env.state();
    let dry = env.run(&[
        "assign",
        "import",
        path_str(&request),
        "--create-missing",
        "--dry-run",
    ]);
    dry.ok()
        .stderr_has("would create scope /subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f")
        .stderr_has("would create role c8d4ff99-41c3-41a8-9f60-21dfdad59608")
        .stderr_has("dry run: 1 item read, all valid; nothing changed");
    assert_eq!(dry.stdout, "would create 1 assignment (dry run)\n");
    assert!(!dry.stderr.contains("created"), "{}", dry.stderr);
    assert_eq!(env.state(), mid);
    env.run(&["assign", "import", path_str(&request), "--create-missing"])
        .ok()
        .stderr_has("created scope /subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f")
        // "Contributor" is the built-in's name: the new role is named by its id.
        .stderr_has("created role c8d4ff99-41c3-41a8-9f60-21dfdad59608");
    let list = write(
        &env,
        "l.json",
        &arm_response("arm/GetRoleEligibilitySchedulesByScope.json"),
    );
    env.run(&["assign", "import", path_str(&list)])
        .ok()
        .stderr_has("1 created");
    let rows: Vec<AssignmentJson> =
        env.json(&["assign", "list", "--principal", "user@my-tenant.com"]);
    // The request starts later than now (21:31:27) and lasts P365D; the list's schedule ends
    // when it says.
    let mut got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.role_name.clone(), r.end.clone().unwrap_or_default()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (
                "Contributor".to_string(),
                "2021-09-09T21:32:28Z".to_string()
            ),
            (
                "c8d4ff99-41c3-41a8-9f60-21dfdad59608".to_string(),
                "2021-09-09T21:31:27Z".to_string()
            ),
        ]
    );
    // The request body (its scope is the PUT's URL: pim takes the role definition's) activates
    // the eligibility for its principal; it carries no justification, which the role asks.
    let activate = write(
        &env,
        "a.json",
        &arm_request("arm/PutRoleAssignmentScheduleRequest.json"),
    );
    let me = |args: &[&str]| {
        let mut a = vec!["assign", "import", path_str(&activate)];
        a.extend_from_slice(args);
        env.run_as("user@my-tenant.com", &a)
    };
    me(&["--dry-run"]).refused(1, "JustificationRule");
    me(&["--dry-run", "--justification", "deploying"])
        .ok()
        .stderr_has("dry run: 1 item read, all valid; nothing changed");
    me(&["--justification", "deploying"])
        .ok()
        .stderr_has("1 activated");
    let active: Vec<AssignmentJson> = env.json(&[
        "assign",
        "list",
        "--principal",
        "user@my-tenant.com",
        "--type",
        "active",
    ]);
    assert_eq!(
        (active[0].start.as_str(), active[0].end.as_deref()),
        ("2020-09-09T21:35:27Z", Some("2020-09-10T05:35:27Z"))
    );
    // An assignment schedule list (assignmentType Assigned): an active assignment, which
    // overlaps the activation just made.
    let assigned = write(
        &env,
        "s.json",
        &arm_response("arm/GetRoleAssignmentSchedulesByScope.json"),
    );
    let r = env.run(&[
        "assign",
        "import",
        path_str(&assigned),
        "--justification",
        "snapshot",
    ]);
    r.refused(1, "line 3: $.value[0]: RoleAssignmentExists");
    state_is_explained(&env);
}

#[test]
fn an_import_is_all_or_nothing_and_names_each_bad_item_by_line() {
    let env = TestEnv::sample();
    set_object_id(&env, "carol", "071cc716-8147-4397-a5ba-b2105951cc0b");
    let text = r#"{
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#roleManagement/directory/roleEligibilitySchedules",
  "value": [
    { "principalId": "071cc716-8147-4397-a5ba-b2105951cc0b", "roleDefinitionId": "8424c6f0-a189-499e-bbd0-26c1753c96d4",
      "directoryScopeId": "/", "scheduleInfo": { "expiration": { "type": "noExpiration" } } },
    { "principalId": "99999999-8147-4397-a5ba-b2105951cc0b", "roleDefinitionId": "8424c6f0-a189-499e-bbd0-26c1753c96d4",
      "directoryScopeId": "/" },
    { "principalId": "071cc716-8147-4397-a5ba-b2105951cc0b", "roleDefinitionId": "8424c6f0-a189-499e-bbd0-26c1753c96d4",
      "directoryScopeId": "/", "scheduleInfo": { "expiration": { "type": "sometimes" } } }
  ]
}"#;
    let f = env.write_file("bad.json", text);
    // As the CSV import: every bad item with its line, exit 1, nothing kept, the failure audited.
    env.refuses(
        1,
        "has 2 bad rows; nothing was imported",
        "assignment.import",
        |e| e.run(&["assign", "import", path_str(&f)]),
    );
    let r = env.run(&["assign", "import", path_str(&f)]);
    r.stderr_has(
        "line 6: $.value[1]: no principal has object id 99999999-8147-4397-a5ba-b2105951cc0b",
    )
    .stderr_has("line 8: $.value[2]: scheduleInfo.expiration.type 'sometimes' is not one of");
}

#[test]
fn assignments_round_trip_through_every_format() {
    let a = TestEnv::bare();
    a.run(&[
        "principal",
        "add",
        "ann",
        "--object-id",
        "0a000000-0000-0000-0000-000000000001",
    ])
    .ok();
    a.run(&[
        "principal",
        "add",
        "ops",
        "--kind",
        "group",
        "--object-id",
        "0a000000-0000-0000-0000-000000000002",
    ])
    .ok();
    a.run(&["group", "onboard", "ops"]).ok();
    a.run(&["scope", "add", "/subscriptions/s1"]).ok();
    a.run(&[
        "assign",
        "--principal",
        "ann",
        "--role",
        "Security Reader",
        "--duration",
        "30d",
    ])
    .ok();
    a.run(&[
        "assign",
        "--principal",
        "ann",
        "--role",
        "Global Reader",
        "--type",
        "active",
        "--justification",
        "audit",
    ])
    .ok();
    a.run(&[
        "assign",
        "--principal",
        "ann",
        "--role",
        "Key Vault Reader",
        "--scope",
        "/subscriptions/s1",
        "--permanent",
    ])
    .ok();
    a.run(&[
        "assign",
        "--principal",
        "ann",
        "--group",
        "ops",
        "--access",
        "member",
        "--end",
        "2027-01-01",
    ])
    .ok();
    let graph = a.run(&[
        "assign",
        "export",
        "--principal",
        "ann",
        "--format",
        "graph",
    ]);
    graph
        .ok()
        .stderr_has("left out 1 assignment of Azure roles");
    let arm = a.run(&["assign", "export", "--principal", "ann", "--format", "arm"]);
    arm.ok();
    let csv = a.run(&["assign", "export", "--principal", "ann"]);
    csv.ok();
    // Into another pim, which learns the principals, the group and the subscription from the
    // documents themselves.
    let b = TestEnv::bare();
    let f = b.write_file("g.json", &graph.stdout);
    b.run(&[
        "principal",
        "add",
        "ops",
        "--kind",
        "group",
        "--object-id",
        "0a000000-0000-0000-0000-000000000002",
    ])
    .ok();
    b.run(&["group", "onboard", "ops"]).ok();
    b.run(&[
        "assign",
        "import",
        path_str(&f),
        "--create-missing",
        "--justification",
        "audit",
    ])
    .ok()
    .stderr_has("created principal ann (0a000000-0000-0000-0000-000000000001)");
    let f = b.write_file("a.json", &arm.stdout);
    b.run(&[
        "assign",
        "import",
        path_str(&f),
        "--create-missing",
        "--justification",
        "audit",
    ])
    .ok();
    let mine = |e: &TestEnv| {
        held(e)
            .into_iter()
            .filter(|h| h.principal == "ann")
            .collect::<Vec<_>>()
    };
    assert_eq!(mine(&b), mine(&a));
    // And the CSV into a third, where the names already exist.
    let c = TestEnv::bare();
    c.run(&["principal", "add", "ann"]).ok();
    c.run(&["principal", "add", "ops", "--kind", "group"]).ok();
    c.run(&["group", "onboard", "ops"]).ok();
    c.run(&["scope", "add", "/subscriptions/s1"]).ok();
    let f = c.write_file("c.csv", &csv.stdout);
    c.run(&["assign", "import", path_str(&f)]).ok();
    assert_eq!(mine(&c), mine(&a));
    for e in [&a, &b, &c] {
        state_is_explained(e);
    }
}

// ---------------------------------------------------------------------------------------------
// azure-pim-cli

#[test]
fn activation_sets_of_azure_pim_cli_are_read() {
    // demoray/azure-pim-cli, README.md: `az-pim list` prints [{role, scope, scope_name}], and
    // `az-pim activate set --config` reads [{role, scope_name}].
    let env = TestEnv::sample();
    let sub = "/subscriptions/00000000-0000-0000-0000-000000000000";
    env.run(&["scope", "add", sub, "--name", "My Subscription"])
        .ok();
    for role in [
        "Owner",
        "Storage Blob Data Contributor",
        "Security Reader (Azure)",
    ] {
        env.run(&[
            "assign",
            "--principal",
            "alice",
            "--role",
            role,
            "--scope",
            sub,
        ])
        .ok();
    }
    let config = fixture("azure-pim-cli/config.json");
    let r = env.run_as(
        "alice",
        &[
            "-o",
            "json",
            "activate",
            "--from",
            path_str(&config),
            "--justification",
            "continued development",
        ],
    );
    r.ok();
    let results: Vec<Value> = r.json();
    assert_eq!(results.len(), 2);
    assert!(
        results
            .iter()
            .all(|x| x["outcome"] == "activated" && x["scope"] == sub),
        "{results:?}"
    );
    let listed = fixture("azure-pim-cli/az-pim-list.json");
    env.run_as(
        "alice",
        &[
            "activate",
            "--from",
            path_str(&listed),
            "--justification",
            "again",
        ],
    )
    .ok()
    .stderr_has("already active");
    // Azure's "Security Reader" is pim's "Security Reader (Azure)" at an Azure scope.
    let f = write(
        &env,
        "sr.json",
        &json!([{"role": "Security Reader", "scope": sub}]),
    );
    env.run_as(
        "alice",
        &[
            "activate",
            "--from",
            path_str(&f),
            "--justification",
            "review",
        ],
    )
    .ok()
    .stderr_has("Security Reader (Azure)");
    let f = write(
        &env,
        "nope.json",
        &json!([{"role": "Owner", "scope_name": "Nowhere"}]),
    );
    env.run_as(
        "alice",
        &["activate", "--from", path_str(&f), "--justification", "x"],
    )
    .refused(3, "scope named 'Nowhere' not found");
}

/// What the imports did is what the audit log says they did (`audit verify --state`).
#[track_caller]
fn state_is_explained(env: &TestEnv) {
    let r = env.run(&["audit", "verify", "--state"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

/// `assign export` writes its document item by item as it reads the rows: the bytes are those of
/// the whole document pretty-printed; an export with nothing in it is an empty document; one
/// refused before its first row writes nothing.
#[test]
fn an_exported_document_is_written_item_by_item_as_one_document() {
    let env = TestEnv::sample();
    for format in ["graph", "arm"] {
        let out = env.run(&["assign", "export", "--format", format]);
        out.ok();
        let doc: Value = serde_json::from_str(&out.stdout).unwrap();
        assert!(doc["value"].as_array().unwrap().len() > 1, "{format}");
        assert_eq!(
            out.stdout,
            format!("{}\n", serde_json::to_string_pretty(&doc).unwrap()),
            "{format}"
        );
    }
    let out = env.run(&["assign", "export", "--format", "graph", "--role", "Reader"]);
    out.ok();
    assert_eq!(out.stdout, "{\n  \"value\": []\n}\n");
    let csv = env.run(&["assign", "export", "--role", "Reader", "--type", "active"]);
    csv.ok();
    assert!(
        csv.stdout
            .starts_with("principal,role,scope,type,start,end,justification\n"),
        "{}",
        csv.stdout
    );
    for args in [
        &["assign", "export", "--principal", "nobody-at-all"][..],
        &[
            "assign",
            "export",
            "--format",
            "arm",
            "--principal",
            "nobody-at-all",
        ][..],
    ] {
        let out = env.run(args);
        assert_ne!(out.code, 0, "{args:?}");
        assert_eq!(out.stdout, "", "{args:?}");
    }
}
