//! Nothing the audit refers to is deleted (principals, scopes and roles are marked removed), and
//! the state is checked against the log (`audit verify --state`).

use serde_json::Value;

use crate::support::*;

const LATER: &str = "2026-11-22T10:00:00Z";

/// Rows in each history table: what a removal must leave as it was (or only add to).
fn history(env: &TestEnv) -> Vec<(&'static str, i64)> {
    [
        "principal",
        "role",
        "scope",
        "assignment",
        "request",
        "approval_stage",
        "approval_vote",
        "role_setting",
        "access_review_item",
    ]
    .into_iter()
    .map(|t| (t, env.count(t)))
    .collect()
}

/// The one request waiting for approval.
fn waiting_request(env: &TestEnv) -> String {
    env.conn()
        .query_row(
            "SELECT id FROM request WHERE status = 'pending_approval'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn request_status(env: &TestEnv, id: &str) -> String {
    env.conn()
        .query_row("SELECT status FROM request WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

fn audit_rows(env: &TestEnv, action: &str) -> Vec<AuditJson> {
    let r = env.run(&["-o", "json", "audit", "list", "--action", action]);
    r.ok();
    r.json()
}

#[test]
fn removing_a_principal_keeps_its_history_and_cancels_what_it_waits_for() {
    let env = TestEnv::sample();
    // bob waits for approval of Security Administrator; alice voted on an earlier request of his.
    env.run(&[
        "settings",
        "set",
        "--role",
        "Security Administrator",
        "--require-approval",
        "true",
        "--approver",
        "alice",
        "--approver",
        "admin",
    ])
    .ok();
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "one",
        ],
    )
    .code(5);
    let first: String = waiting_request(&env);
    env.run_as("alice", &["deny", &first, "--justification", "not now"])
        .ok();
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "two",
        ],
    )
    .code(5);
    let waiting: String = waiting_request(&env);
    let bob: PrincipalDetailJson = env.json(&["principal", "show", "bob"]);
    let object_id = "0d3e5f6a-1b2c-4d5e-8f90-a1b2c3d4e5f6";
    env.run(&["principal", "update", "bob", "--object-id", object_id])
        .ok();
    let before = history(&env);
    let r = env.run_at(
        LATER,
        &[
            "-o",
            "json",
            "--yes",
            "principal",
            "remove",
            "bob",
            "--force",
        ],
    );
    r.ok();
    let removal: RemovalJson = r.json();
    assert_eq!(removal.removed_assignments.len(), 1);
    // Nothing was deleted: every history table has what it had (and one request more: the
    // removal of bob's assignment).
    let mut expected = before.clone();
    for (table, n) in &mut expected {
        if *table == "request" {
            *n += 1;
        }
    }
    assert_eq!(history(&env), expected);
    // The waiting request ended, audited, with why; the denied one keeps its vote.
    assert_eq!(request_status(&env, &waiting), "canceled");
    assert_eq!(request_status(&env, &first), "denied");
    let cancel = audit_rows(&env, "request.cancel");
    assert_eq!(cancel.len(), 1);
    assert_eq!(cancel[0].request_id.as_deref(), Some(waiting.as_str()));
    assert_eq!(
        cancel[0].details.as_ref().unwrap()["cause"],
        "principal_removed"
    );
    // bob's assignments are there, removed, with his name.
    let all: Vec<AssignmentJson> = env.json(&["assign", "list", "--all"]);
    let his: Vec<&AssignmentJson> = all.iter().filter(|a| a.principal_id == bob.id).collect();
    assert!(!his.is_empty());
    assert!(
        his.iter()
            .all(|a| a.state == "removed" && a.principal_name == "bob")
    );
    // bob is gone from lists, names and ID prefixes, and out of his group.
    let list: Vec<PrincipalJson> = env.json(&["principal", "list"]);
    assert!(list.iter().all(|p| p.name != "bob"));
    env.run(&["principal", "show", "bob"])
        .refused(3, "principal 'bob' not found");
    env.run(&["principal", "show", &bob.id[..8]])
        .refused(3, "not found");
    env.run_as("bob", &["status"])
        .refused(4, &not_a_principal("bob"));
    let members: Vec<MembershipJson> = env.json(&["group", "member", "list", "tier0-admins"]);
    assert!(members.iter().all(|m| m.member_name != "bob"));
    // The removal's row (through a server, bob's refused certificate is audited after it).
    let row = env
        .json::<Vec<AuditJson>>(&["audit", "list", "--action", "principal.remove"])
        .remove(0);
    assert_eq!(row.principal.as_deref(), Some("bob"));
    let d = row.details.unwrap();
    assert_eq!(d["canceled_requests"][0], waiting.as_str());
    assert_eq!(d["removed_memberships"].as_array().unwrap().len(), 1);
    // The name, and the object id, are free for someone new, who inherits nothing.
    let new: PrincipalJson = env.json(&["principal", "add", "bob"]);
    assert_ne!(new.id, bob.id);
    env.run(&["principal", "update", "bob", "--object-id", object_id])
        .ok();
    let theirs: Vec<AssignmentJson> = env.json(&["assign", "list", "--principal", "bob", "--all"]);
    assert!(theirs.is_empty());
    env.run(&["audit", "verify", "--state"]).ok();
}

#[test]
fn removing_a_scope_keeps_the_assignments_made_there_and_cancels_requests_waiting_there() {
    let env = TestEnv::sample();
    let spare = "/subscriptions/prod/resourceGroups/rg-spare";
    env.run(&["scope", "add", spare]).ok();
    // History at the scope: an assignment made and removed.
    let a: AssignmentJson = env.json(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Reader",
        "--scope",
        spare,
        "--duration",
        "30d",
    ]);
    env.run_at(LATER, &["--yes", "assign", "remove", &a.id])
        .ok();
    // A request waiting there: carol asks for Owner of the resource group only, under her
    // eligibility for all of prod, which needs an approval.
    env.run(&[
        "settings",
        "set",
        "--role",
        "Owner",
        "--scope",
        "/subscriptions/prod",
        "--require-approval",
        "true",
        "--approver",
        "admin",
    ])
    .ok();
    env.run_at(
        LATER,
        &[
            "--as",
            "carol",
            "activate",
            "--role",
            "Owner",
            "--scope",
            spare,
            "--justification",
            "fix the web tier",
        ],
    )
    .code(5);
    let waiting: String = waiting_request(&env);
    let before = history(&env);
    env.run_at(LATER, &["--yes", "scope", "remove", spare]).ok();
    assert_eq!(history(&env), before);
    assert_eq!(request_status(&env, &waiting), "canceled");
    assert_eq!(
        audit_rows(&env, "request.cancel")[0]
            .details
            .as_ref()
            .unwrap()["cause"],
        "scope_removed"
    );
    let shown: AssignmentJson = env.json(&["assign", "show", &a.id]);
    assert_eq!(
        (shown.scope.as_str(), shown.state.as_str()),
        (spare, "removed")
    );
    let scopes: Vec<ScopeJson> = env.json(&["scope", "list"]);
    assert!(scopes.iter().all(|s| s.path != spare));
    // The path can be made again: a new scope, with nothing of the old one's.
    env.run_at(LATER, &["scope", "add", spare]).ok();
    let here: Vec<AssignmentJson> = env.json(&["assign", "list", "--scope", spare, "--all"]);
    assert!(here.iter().all(|a| a.scope != spare), "{here:#?}");
    env.run_at(LATER, &["audit", "verify", "--state"]).ok();
}

#[test]
fn deleting_a_role_keeps_its_assignment_history_and_its_name_is_free() {
    let env = TestEnv::sample();
    let role: RoleJson = env.json(&[
        "role",
        "create",
        "Log Reader",
        "--kind",
        "azure",
        "--permission",
        "Microsoft.Insights/logs/read",
    ]);
    let a: AssignmentJson = env.json(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Log Reader",
        "--scope",
        "/subscriptions/dev",
        "--duration",
        "30d",
    ]);
    env.run_at(LATER, &["--yes", "assign", "remove", &a.id])
        .ok();
    let before = history(&env);
    env.run_at(LATER, &["--yes", "role", "delete", "Log Reader"])
        .ok();
    assert_eq!(history(&env), before);
    let shown: AssignmentJson = env.json(&["assign", "show", &a.id]);
    assert_eq!(shown.role_name, "Log Reader");
    env.run(&["role", "show", "Log Reader"])
        .refused(3, "not found");
    env.run(&["role", "show", &role.id]).refused(3, "not found");
    let again: RoleJson = env.json(&[
        "role",
        "create",
        "Log Reader",
        "--kind",
        "azure",
        "--permission",
        "Microsoft.Insights/logs/read",
    ]);
    assert_ne!(again.id, role.id);
    env.run_at(LATER, &["audit", "verify", "--state"]).ok();
}

#[derive(serde::Deserialize, Debug)]
struct StateVerifyJson {
    ok: bool,
    state: StateJson,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct StateJson {
    ok: bool,
    rows: u64,
    unexplained: Vec<UnexplainedJson>,
    legacy_settings: u64,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct UnexplainedJson {
    kind: String,
    id: String,
    problem: String,
    seq: Option<i64>,
}

fn state(env: &TestEnv) -> (i32, StateVerifyJson) {
    let r = env.run(&["-o", "json", "audit", "verify", "--state"]);
    (r.code, r.json())
}

#[test]
fn the_state_check_names_what_was_changed_around_pim() {
    let env = TestEnv::sample();
    let (code, v) = state(&env);
    assert_eq!(code, 0, "{v:?}");
    assert!(v.ok && v.state.ok && v.state.unexplained.is_empty());
    assert!(v.state.rows > 40, "{v:?}");
    assert_eq!(v.state.legacy_settings, 0);
    let text = env.run(&["audit", "verify", "--state"]);
    text.ok()
        .stdout_has("state rows, each explained by the log");
    // Without --state the JSON is as it was.
    let plain: VerifyJson = env.json(&["audit", "verify"]);
    assert!(plain.ok);

    let id = |sql: &str| -> String {
        env.conn()
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    let erin = id("SELECT id FROM principal WHERE name = 'erin'");
    let tier0 = id("SELECT id FROM principal WHERE name = 'tier0-admins'");
    let reader = id(
        "SELECT a.id FROM assignment a JOIN principal p ON p.id = a.principal_id
          WHERE p.name = 'alice' AND a.type = 'active'",
    );
    env.run(&[
        "settings",
        "set",
        "--role",
        "Global Administrator",
        "--require-mfa",
        "true",
    ])
    .ok();
    let c = env.conn();
    // A Global Administrator assignment inserted with sqlite3.
    c.execute(
        "INSERT INTO assignment (id, principal_id, role_id, scope_id, type, start_at, created_at)
         VALUES ('11111111-2222-3333-4444-555555555555', ?1,
                 '62e90394-69f5-4237-9190-012177145e10', 1, 'active', 0, 0)",
        [&erin],
    )
    .unwrap();
    // An end moved a year on.
    c.execute(
        "UPDATE assignment SET end_at = end_at + 31536000 WHERE id = ?1",
        [&reader],
    )
    .unwrap();
    // A membership added by hand.
    c.execute(
        "INSERT INTO group_member (group_id, member_id, added_at) VALUES (?1, ?2, 0)",
        [&tier0, &erin],
    )
    .unwrap();
    // A settings row changed.
    c.execute(
        "UPDATE role_setting SET settings = replace(settings, '\"require_mfa\":true', '\"require_mfa\":false')",
        [],
    )
    .unwrap();
    // A principal made break-glass.
    c.execute(
        "UPDATE principal SET break_glass = 1 WHERE id = ?1",
        [&erin],
    )
    .unwrap();
    drop(c);
    let (code, v) = state(&env);
    assert_eq!(code, 1);
    assert!(!v.ok && !v.state.ok);
    let found = |kind: &str, key: &str, problem: &str| {
        assert!(
            v.state
                .unexplained
                .iter()
                .any(|u| u.kind == kind && u.id.contains(key) && u.problem.contains(problem)),
            "no {kind} {key} with '{problem}' in {:#?}",
            v.state.unexplained
        )
    };
    found(
        "assignment",
        "11111111-2222-3333-4444-555555555555",
        "active assignment of Global Administrator to erin at /: no audited event made it",
    );
    found(
        "assignment",
        &reader,
        "its end is 2028-02-20T09:00:00Z, the log says 2027-02-20T09:00:00Z",
    );
    found(
        "membership",
        &format!("{tier0}/{erin}"),
        "'erin' in group 'tier0-admins': no audited event added it",
    );
    found(
        "settings",
        "62e90394-69f5-4237-9190-012177145e10@/",
        "differ from what the log says",
    );
    found(
        "principal",
        &erin,
        "break-glass is true, the log says false",
    );
    assert_eq!(v.state.unexplained.len(), 5, "{:#?}", v.state.unexplained);
    // What the log last said of a row is named by its seq; a row no event made has none.
    for u in &v.state.unexplained {
        let made_by_hand = u.problem.contains("no audited event");
        assert_eq!(u.seq.is_none(), made_by_hand, "{u:?}");
    }
    // The table names them too, and the exit code says it failed.
    let r = env.run(&["audit", "verify", "--state"]);
    r.code(1)
        .stdout_has("FAILED: 5 of")
        .stdout_has("assignment 11111111-2222-3333-4444-555555555555: active assignment of Global Administrator to erin at /")
        .stderr_has("error: the state does not match the audit log: 5 rows are not explained by it");
    // The chain itself is intact: the plain verify still passes.
    env.run(&["audit", "verify"]).ok();
}

#[test]
fn roles_scopes_and_enrolments_edited_by_hand_are_named() {
    let env = TestEnv::sample();
    env.run(&[
        "role",
        "create",
        "Log Reader",
        "--kind",
        "azure",
        "--permission",
        "Microsoft.Insights/logs/read",
    ])
    .ok();
    let c = env.conn();
    c.execute(
        "INSERT INTO role_permission (role_id, action)
         SELECT id, '*' FROM role WHERE name = 'Log Reader'",
        [],
    )
    .unwrap();
    c.execute(
        "UPDATE role SET privileged = 0 WHERE name = 'Global Administrator'",
        [],
    )
    .unwrap();
    c.execute(
        "INSERT INTO scope (path, path_key, kind, created_at) VALUES ('/subscriptions/x', '/subscriptions/x', 'subscription', 0)",
        [],
    )
    .unwrap();
    c.execute(
        "UPDATE principal SET object_id = '0d3e5f6a-1b2c-4d5e-8f90-a1b2c3d4e5f6' WHERE name = 'erin'",
        [],
    )
    .unwrap();
    c.execute(
        "INSERT INTO mfa (principal_id, secret, created_at, confirmed_at)
         SELECT id, 'JBSWY3DPEHPK3PXP', 0, 0 FROM principal WHERE name = 'admin'",
        [],
    )
    .unwrap();
    drop(c);
    let (code, v) = state(&env);
    assert_eq!(code, 1);
    let kinds: Vec<(&str, &str)> = v
        .state
        .unexplained
        .iter()
        .map(|u| (u.kind.as_str(), u.problem.as_str()))
        .collect();
    assert_eq!(kinds.len(), 5, "{kinds:#?}");
    assert!(
        kinds.iter().any(|(k, p)| *k == "principal"
            && p.contains(
                "'erin': object id is '0d3e5f6a-1b2c-4d5e-8f90-a1b2c3d4e5f6', the log says none"
            )),
        "{kinds:#?}"
    );
    assert!(kinds.iter().any(|(k, p)| *k == "role" && p.contains("its permissions are * Microsoft.Insights/logs/read, the log says Microsoft.Insights/logs/read")), "{kinds:#?}");
    assert!(
        kinds
            .iter()
            .any(|(k, p)| *k == "role" && p.contains("built-in role 'Global Administrator'")),
        "{kinds:#?}"
    );
    assert!(kinds.iter().any(|(k, p)| *k == "scope" && p.contains("/subscriptions/x: no audited event made it")), "{kinds:#?}");
    assert!(
        kinds
            .iter()
            .any(|(k, p)| *k == "mfa" && p.contains("'admin': no audited event started it")),
        "{kinds:#?}"
    );
}

#[test]
fn every_change_pim_makes_is_explained_by_the_log() {
    let env = TestEnv::sample();
    let t0 = chrono::DateTime::parse_from_rfc3339(T0).unwrap();
    let t = |h: i64| (t0 + chrono::Duration::hours(h)).to_rfc3339();
    let run = |at: &str, actor: &str, args: &[&str]| -> Run {
        Run::from(
            env.command()
                .env("PIM_NOW", at)
                .env("PIM_ACTOR", actor)
                .args(args)
                .output()
                .unwrap(),
        )
    };
    let json = |at: &str, actor: &str, args: &[&str]| -> Value {
        let mut a = vec!["-o", "json"];
        a.extend_from_slice(args);
        let r = run(at, actor, &a);
        assert!(r.code == 0 || r.code == 5, "{args:?}: {}", r.stderr);
        r.json()
    };
    // Directory: principals, updates, memberships, a group under PIM, scopes, roles.
    run(
        &t(0),
        "admin",
        &["principal", "add", "frank", "--email", "f@contoso.example"],
    )
    .ok();
    run(
        &t(0),
        "admin",
        &["principal", "update", "frank", "--display-name", "Frank"],
    )
    .ok();
    run(
        &t(0),
        "admin",
        &["principal", "update", "frank", "--clear-email"],
    )
    .ok();
    run(&t(0), "admin", &["principal", "disable", "dave"]).ok();
    run(&t(0), "admin", &["principal", "enable", "dave"]).ok();
    run(
        &t(0),
        "admin",
        &[
            "principal",
            "add",
            "sec-ops",
            "--kind",
            "group",
            "--role-assignable",
        ],
    )
    .ok();
    run(
        &t(0),
        "admin",
        &["group", "member", "add", "sec-ops", "frank"],
    )
    .ok();
    run(
        &t(0),
        "admin",
        &["group", "member", "add", "helpdesk", "erin"],
    )
    .ok();
    run(
        &t(0),
        "admin",
        &["group", "member", "remove", "helpdesk", "carol"],
    )
    .ok();
    run(&t(0), "admin", &["group", "onboard", "sec-ops"]).ok();
    run(&t(0), "admin", &["group", "onboard", "helpdesk"]).ok();
    run(&t(0), "admin", &["group", "offboard", "helpdesk"]).ok();
    run(
        &t(0),
        "admin",
        &[
            "scope",
            "add",
            "/subscriptions/qa",
            "--parent",
            "/providers/Microsoft.Management/managementGroups/contoso",
        ],
    )
    .ok();
    run(
        &t(0),
        "admin",
        &["scope", "add", "/administrativeUnits/lyon"],
    )
    .ok();
    run(
        &t(0),
        "admin",
        &["--yes", "scope", "remove", "/administrativeUnits/lyon"],
    )
    .ok();
    run(
        &t(0),
        "admin",
        &[
            "role",
            "create",
            "Ops",
            "--kind",
            "azure",
            "--permission",
            "Microsoft.Compute/*/read",
        ],
    )
    .ok();
    run(
        &t(0),
        "admin",
        &[
            "role",
            "create",
            "Gone",
            "--kind",
            "directory",
            "--permission",
            "microsoft.directory/users/read",
        ],
    )
    .ok();
    run(&t(0), "admin", &["--yes", "role", "delete", "Gone"]).ok();
    // Assignments: made, updated, extended, renewed, removed; group membership by PIM.
    let a = json(
        &t(0),
        "admin",
        &[
            "assign",
            "--principal",
            "erin",
            "--role",
            "Ops",
            "--scope",
            "/subscriptions/qa",
            "--duration",
            "2d",
        ],
    );
    let a = a["id"].as_str().unwrap().to_string();
    run(
        &t(1),
        "admin",
        &[
            "assign",
            "update",
            &a,
            "--type",
            "active",
            "--duration",
            "1d",
            "--justification",
            "x",
        ],
    )
    .ok();
    run(
        &t(1),
        "admin",
        &["assign", "extend", &a, "--duration", "1d"],
    )
    .ok();
    let b = json(
        &t(0),
        "admin",
        &[
            "assign",
            "--principal",
            "frank",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/qa",
            "--duration",
            "1d",
        ],
    );
    let b = b["id"].as_str().unwrap().to_string();
    run(&t(30), "admin", &["assign", "renew", &b]).ok();
    run(
        &t(1),
        "admin",
        &[
            "assign",
            "--principal",
            "sec-ops",
            "--role",
            "Security Administrator",
            "--type",
            "active",
            "--permanent",
            "--justification",
            "group",
        ],
    )
    .ok();
    run(
        &t(1),
        "admin",
        &[
            "assign",
            "--principal",
            "erin",
            "--group",
            "sec-ops",
            "--access",
            "member",
            "--duration",
            "30d",
        ],
    )
    .ok();
    run(
        &t(2),
        "erin",
        &[
            "activate",
            "--group",
            "sec-ops",
            "--access",
            "member",
            "--justification",
            "incident",
            "--duration",
            "2h",
        ],
    )
    .ok();
    // Activation with approval, a deactivation, a self-service extension approved.
    run(
        &t(2),
        "admin",
        &[
            "settings",
            "set",
            "--role",
            "Privileged Role Administrator",
            "--require-approval",
            "true",
            "--approver",
            "bob",
        ],
    )
    .ok();
    run(
        &t(2),
        "alice",
        &[
            "activate",
            "--role",
            "Privileged Role Administrator",
            "--justification",
            "ops",
        ],
    )
    .code(5);
    let req: String = waiting_request(&env);
    run(&t(3), "bob", &["approve", &req, "--justification", "ok"]).ok();
    run(
        &t(3),
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "look",
            "--duration",
            "2h",
        ],
    )
    .ok();
    run(
        &t(4),
        "bob",
        &["deactivate", "--role", "Security Administrator"],
    )
    .ok();
    // Settings from a file; MFA enrolled, confirmed, reset.
    run(
        &t(4),
        "admin",
        &[
            "settings",
            "import",
            "examples/settings/hardened-global-admin.toml",
        ],
    )
    .ok();
    let p = json(&t(4), "carol", &["mfa", "enroll"]);
    let secret = p["secret"].as_str().unwrap().to_string();
    run(
        &t(4),
        "carol",
        &["mfa", "enroll", "--code", &totp_code(&secret, &t(4))],
    )
    .ok();
    run(&t(4), "erin", &["mfa", "enroll"]).ok();
    run(
        &t(5),
        "admin",
        &["--yes", "mfa", "reset", "--principal", "carol"],
    )
    .ok();
    // A review applied; a principal removed with what it held.
    let rev = json(
        &t(5),
        "admin",
        &[
            "review",
            "create",
            "--name",
            "q",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/qa",
            "--reviewer",
            "alice",
            "--default-decision",
            "deny",
        ],
    );
    let rev = rev["id"].as_str().unwrap().to_string();
    run(&t(6), "admin", &["review", "complete", &rev, "--apply"]).ok();
    run(
        &t(6),
        "admin",
        &["--yes", "principal", "remove", "frank", "--force"],
    )
    .ok();
    // dave asks to extend what ends within 14 days, and an administrator approves.
    run(
        &t(20 * 24),
        "dave",
        &[
            "extend",
            "--role",
            "Contributor",
            "--scope",
            "/subscriptions/prod/resourceGroups/rg-web",
            "--duration",
            "7d",
            "--justification",
            "more",
        ],
    )
    .code(5);
    let ext: String = waiting_request(&env);
    run(
        &t(20 * 24 + 1),
        "admin",
        &["approve", &ext, "--justification", "fine"],
    )
    .ok();
    // Time passes, expiries are recorded.
    let end = t(20 * 24 + 2);
    run(&end, "admin", &["sweep"]).ok();
    let r = run(&end, "admin", &["-o", "json", "audit", "verify", "--state"]);
    let v: StateVerifyJson = r.json();
    assert!(v.state.unexplained.is_empty(), "{:#?}", v.state.unexplained);
    assert_eq!(r.code, 0);
}
