// The JSON structs below are the contract: they name every field, including ones no test reads.
#![allow(dead_code)]

//! Just-in-time activation: activate, status, check, deactivate, extend/renew, expiry and sweep.

use crate::support::*;

/// Changes role settings for a role at a scope as an administrator would, by `settings import`
/// (audited, so that `audit verify --state` explains them): `json` holds the tables of the
/// settings file (`activation`, `assignment`) with the keys to change; the others keep Entra's
/// defaults.
pub fn set_settings(env: &TestEnv, role: &str, scope: &str, json: serde_json::Value) {
    let mut entry = json;
    entry["role"] = role.into();
    entry["scope"] = scope.into();
    entry["partial"] = true.into();
    let doc = serde_json::json!({ "role": [entry] });
    let text = toml::to_string(&doc).expect("settings as TOML");
    let file = env.write_file("set-settings.toml", &text);
    env.run(&["settings", "import", path_str(&file)]).ok();
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ActivationJson {
    pub outcome: String,
    pub role: String,
    pub scope: String,
    pub request_id: Option<String>,
    pub assignment_id: Option<String>,
    pub eligibility_id: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub clipped: bool,
    pub approval_stages: usize,
    pub violations: Vec<ViolationJson>,
    pub error: Option<String>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ViolationJson {
    pub rule: String,
    pub message: String,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct StatusJson {
    principal: String,
    principal_id: String,
    at: String,
    eligible: Vec<StatusItemJson>,
    active: Vec<StatusItemJson>,
    scheduled: Vec<StatusItemJson>,
    pending: Vec<PendingJson>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct StatusItemJson {
    assignment_id: String,
    role: String,
    role_id: String,
    role_kind: String,
    scope: String,
    #[serde(rename = "type")]
    kind: String,
    member_type: String,
    via_group: Option<String>,
    activated_from: Option<String>,
    start: String,
    end: Option<String>,
    time_left_secs: Option<i64>,
    justification: Option<String>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct PendingJson {
    request_id: String,
    action: String,
    role: String,
    role_id: String,
    scope: String,
    #[serde(rename = "type")]
    kind: String,
    created_at: String,
    start: Option<String>,
    end: Option<String>,
    duration_secs: Option<i64>,
    justification: Option<String>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct CheckJson {
    pub principal: String,
    pub role: String,
    pub role_id: String,
    pub scope: String,
    pub at: String,
    pub holds: bool,
    pub until: Option<String>,
    pub paths: Vec<PathJson>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PathJson {
    pub assignment_id: Option<String>,
    pub member_type: String,
    pub via_group: Option<String>,
    pub inherited_from: Option<String>,
    pub activated_from: Option<String>,
    pub end: Option<String>,
    pub through: Vec<ChainJson>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct SweepJson {
    expired: Vec<String>,
}

fn activate(env: &TestEnv, who: &str, args: &[&str]) -> Run {
    let mut a = vec!["-o", "json", "activate"];
    a.extend_from_slice(args);
    env.run_as(who, &a)
}

#[test]
fn activate_status_check_expire_sweep() {
    let env = TestEnv::sample();
    let r = activate(
        &env,
        "bob",
        &[
            "--role",
            "Security Administrator",
            "--justification",
            "INC-4711",
            "--ticket-number",
            "4711",
            "--ticket-system",
            "ServiceNow",
        ],
    );
    r.ok().stderr_has("activated Security Administrator at /");
    let a: ActivationJson = r.json();
    assert_eq!(a.outcome, "activated");
    // The duration defaults to the role's maximum, 8 hours.
    assert_eq!(
        (a.start.as_deref(), a.end.as_deref()),
        (Some(T0), Some("2026-11-22T17:00:00Z"))
    );
    let audit = env.last_audit();
    assert_eq!(
        (audit.action.as_str(), audit.activity.as_str()),
        (
            "activation.request",
            "Add member to role completed (PIM activation)"
        )
    );
    assert_eq!(
        (audit.actor.as_str(), audit.ticket_number.as_deref()),
        ("bob", Some("4711"))
    );

    let s: StatusJson = env.run_as("bob", &["-o", "json", "status"]).json();
    assert_eq!(s.principal, "bob");
    let active = s
        .active
        .iter()
        .find(|i| i.role == "Security Administrator")
        .unwrap();
    assert_eq!(active.activated_from, a.eligibility_id);
    assert_eq!(active.time_left_secs, Some(8 * 3600));
    assert!(s.eligible.iter().any(|i| i.role == "Global Administrator"
        && i.member_type == "group"
        && i.via_group.as_deref() == Some("tier0-admins")));

    let check = |t: &str| {
        env.run_at(
            t,
            &[
                "-o",
                "json",
                "check",
                "--principal",
                "bob",
                "--role",
                "Security Administrator",
            ],
        )
    };
    let yes = check("2026-11-22T16:59:59Z");
    yes.ok();
    let c: CheckJson = yes.json();
    assert!(c.holds);
    assert_eq!(c.until.as_deref(), Some("2026-11-22T17:00:00Z"));
    assert_eq!(c.paths[0].member_type, "direct");
    // The end is exclusive: at 17:00 bob no longer holds it.
    let no = check("2026-11-22T17:00:00Z");
    no.code(1);
    assert!(!no.json::<CheckJson>().holds);
    env.run_at(
        "2026-11-22T17:00:00Z",
        &[
            "check",
            "--principal",
            "bob",
            "--role",
            "Security Administrator",
        ],
    )
    .code(1)
    .stdout_has("no: bob does not hold Security Administrator at /");

    // Sweep records the expiry once, with the instant it happened.
    let first: SweepJson = env
        .run_at("2026-11-22T18:00:00Z", &["-o", "json", "sweep"])
        .json();
    assert_eq!(first.expired, [a.assignment_id.clone().unwrap()]);
    let row = env
        .run_at(
            "2026-11-22T18:00:00Z",
            &["-o", "json", "audit", "list", "--limit", "1"],
        )
        .json::<Vec<AuditJson>>()
        .remove(0);
    assert_eq!(
        (row.actor.as_str(), row.activity.as_str()),
        ("MS-PIM", "Remove member from role (PIM activation expired)")
    );
    assert_eq!(row.details.unwrap()["expired_at"], "2026-11-22T17:00:00Z");
    let second: SweepJson = env
        .run_at("2026-11-22T18:05:00Z", &["-o", "json", "sweep"])
        .json();
    assert!(second.expired.is_empty());
    let status: String = env
        .conn()
        .query_row(
            "SELECT status FROM request WHERE id = ?1",
            [a.request_id.unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "expired");
    // Any write records due expiries too, and never twice.
    let env2 = TestEnv::sample();
    activate(
        &env2,
        "bob",
        &[
            "--role",
            "Security Administrator",
            "--justification",
            "x",
            "--duration",
            "1h",
        ],
    )
    .ok();
    env2.run_at("2026-11-22T12:00:00Z", &["principal", "add", "frank"])
        .ok();
    env2.run_at("2026-11-22T12:00:00Z", &["sweep"])
        .ok()
        .stdout_has("0 expiration(s)");
    let expiries: i64 = env2
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'activation.expire'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(expiries, 1);
}

#[test]
fn refusals_name_their_rule() {
    let env = TestEnv::sample();
    env.refuses(4, "JustificationRule", "activation.request", |e| {
        e.run_as("bob", &["activate", "--role", "Security Administrator"])
    });
    env.refuses(4, "ExpirationRule", "activation.request", |e| {
        e.run_as(
            "bob",
            &[
                "activate",
                "--role",
                "Security Administrator",
                "--justification",
                "x",
                "--duration",
                "9h",
            ],
        )
    });
    env.refuses(4, "ExpirationRule", "activation.request", |e| {
        e.run_as(
            "bob",
            &[
                "activate",
                "--role",
                "Security Administrator",
                "--justification",
                "x",
                "--duration",
                "4m",
            ],
        )
    });
    env.refuses(4, "EligibilityRule", "activation.request", |e| {
        e.run_as(
            "carol",
            &[
                "activate",
                "--role",
                "Global Reader",
                "--justification",
                "x",
            ],
        )
    });
    set_settings(
        &env,
        "Security Administrator",
        "/",
        serde_json::json!({"activation": {"require_ticket": true}}),
    );
    env.refuses(4, "TicketingRule", "activation.request", |e| {
        e.run_as(
            "bob",
            &[
                "activate",
                "--role",
                "Security Administrator",
                "--justification",
                "x",
                "--ticket-number",
                "1",
            ],
        )
    });
    set_settings(
        &env,
        "Reports Reader",
        "/",
        serde_json::json!({"activation": {"require_mfa": true}}),
    );
    env.run(&["assign", "--principal", "erin", "--role", "Reports Reader"])
        .ok();
    env.refuses(4, "MfaRule", "activation.request", |e| {
        e.run_as(
            "erin",
            &[
                "activate",
                "--role",
                "Reports Reader",
                "--justification",
                "x",
            ],
        )
    });
    env.run_as("bob", &["activate", "--role", "Nope"])
        .refused(3, "role 'Nope' not found");
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--duration",
            "soon",
        ],
    )
    .refused(1, "invalid duration");
    env.run_as("mallory", &["activate", "--role", "Security Administrator"])
        .refused(4, &not_a_principal("mallory"));
    // Off a terminal, no role is a usage error naming the flag and the terminal.
    env.run_as("bob", &["activate"])
        .refused(
            2,
            "`pim activate` needs --role ROLE (or --group G --access A, or --from FILE), or a terminal",
        )
        .stderr_has("hint: `pim status` lists what you can activate");
}

#[test]
fn the_mfa_rule_takes_a_real_totp_code_once() {
    let env = TestEnv::sample();
    set_settings(
        &env,
        "Security Administrator",
        "/",
        serde_json::json!({"activation": {"require_mfa": true}}),
    );
    let enrol: serde_json::Value = env.run_as("bob", &["-o", "json", "mfa", "enroll"]).json();
    let secret = enrol["secret"].as_str().unwrap().to_string();
    let code_at = |t: &str| totp_code(&secret, t);
    env.run_as("bob", &["mfa", "enroll", "--code", &code_at(T0)])
        .ok();
    let later = "2026-11-22T09:01:00Z";
    let code = code_at(later);
    let r = env.run_at(
        later,
        &[
            "--as",
            "bob",
            "-o",
            "json",
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
            "--otp",
            &code,
        ],
    );
    r.ok();
    assert_eq!(r.json::<ActivationJson>().outcome, "activated");
    env.run_at(later, &["--as", "bob", "--yes", "deactivate", "--all"])
        .code(4);
    // The same code again is a replay, refused.
    env.run_at(
        "2026-11-22T09:10:00Z",
        &["--as", "bob", "--yes", "deactivate", "--all"],
    )
    .ok();
    env.run_at(
        "2026-11-22T09:01:10Z",
        &[
            "--as",
            "bob",
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
            "--otp",
            &code,
        ],
    )
    .refused(4, "MfaRule");
    // A dry run never tries a code, so it cannot be used to guess codes past the lock-out.
    let before = env.state();
    let dry = env.run_at(
        "2026-11-22T09:20:00Z",
        &[
            "--as",
            "bob",
            "-o",
            "json",
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
            "--otp",
            "000000",
            "--dry-run",
        ],
    );
    dry.ok();
    assert_eq!(dry.json::<ActivationJson>().outcome, "would_activate");
    assert_eq!(
        env.state(),
        before,
        "a dry run changes nothing, not even the failure count"
    );
    let no_code = env.run_at(
        "2026-11-22T09:20:00Z",
        &[
            "--as",
            "bob",
            "-o",
            "json",
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
            "--dry-run",
        ],
    );
    no_code.code(4);
    assert_eq!(
        no_code.json::<ActivationJson>().violations[0].rule,
        "MfaRule"
    );
    // Settings were changed through settings import: the state is what the log says.
    crate::invariants::assert_holds(&env);
}

#[test]
fn approval_makes_a_pending_request() {
    let env = TestEnv::sample();
    set_settings(
        &env,
        "Security Administrator",
        "/",
        serde_json::json!({"activation": {"require_approval": true}}),
    );
    let r = activate(
        &env,
        "bob",
        &[
            "--role",
            "Security Administrator",
            "--justification",
            "INC-1",
        ],
    );
    r.code(5).stderr_has("waiting for approval");
    let a: ActivationJson = r.json();
    assert_eq!(
        (a.outcome.as_str(), a.approval_stages),
        ("pending_approval", 1)
    );
    assert!(a.assignment_id.is_none());
    let (status, stages): (String, i64) = env
        .conn()
        .query_row(
            "SELECT status, (SELECT count(*) FROM approval_stage WHERE request_id = request.id) FROM request WHERE id = ?1",
            [a.request_id.as_ref().unwrap()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), stages), ("pending_approval", 1));
    assert_eq!(
        env.last_audit().activity,
        "Add member to role approval requested (PIM activation)"
    );
    // Asking again reports the waiting request (exit 5) and records nothing new.
    let audit = env.count("audit");
    let again = activate(
        &env,
        "bob",
        &[
            "--role",
            "Security Administrator",
            "--justification",
            "INC-1",
        ],
    );
    again.code(5);
    assert_eq!(again.json::<ActivationJson>().outcome, "already_pending");
    assert_eq!(env.count("audit"), audit);
    let s: StatusJson = env.run_as("bob", &["-o", "json", "status"]).json();
    assert_eq!(s.pending.len(), 1);
    assert_eq!(s.pending[0].action, "self_activate");
    env.run_as(
        "bob",
        &[
            "check",
            "--principal",
            "bob",
            "--role",
            "Security Administrator",
        ],
    )
    .code(1);
    // Settings were changed through settings import: the state is what the log says.
    crate::invariants::assert_holds(&env);
}

#[test]
fn scheduled_clipped_and_already_active() {
    let env = TestEnv::sample();
    let r = activate(
        &env,
        "bob",
        &[
            "--role",
            "Security Administrator",
            "--justification",
            "x",
            "--start",
            "2026-11-23T08:00:00Z",
            "--duration",
            "1h",
        ],
    );
    r.ok();
    let a: ActivationJson = r.json();
    assert_eq!(a.outcome, "scheduled");
    let s: StatusJson = env.run_as("bob", &["-o", "json", "status"]).json();
    assert_eq!(s.scheduled.len(), 1);
    assert_eq!(s.scheduled[0].time_left_secs, Some(23 * 3600));
    env.run_at(
        "2026-11-23T07:59:59Z",
        &[
            "check",
            "--principal",
            "bob",
            "--role",
            "Security Administrator",
        ],
    )
    .code(1);
    env.run_at(
        "2026-11-23T08:00:00Z",
        &[
            "check",
            "--principal",
            "bob",
            "--role",
            "Security Administrator",
        ],
    )
    .ok();
    // The same window again: reported, not duplicated.
    let again = activate(
        &env,
        "bob",
        &[
            "--role",
            "Security Administrator",
            "--justification",
            "x",
            "--start",
            "2026-11-23T08:30:00Z",
            "--duration",
            "1h",
        ],
    );
    again.ok();
    assert_eq!(again.json::<ActivationJson>().outcome, "already_active");
    // An activation never outlives its eligibility.
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Reports Reader",
        "--duration",
        "2h",
    ])
    .ok();
    let c = activate(
        &env,
        "erin",
        &["--role", "Reports Reader", "--justification", "x"],
    );
    c.ok().stderr_has("ends with the eligibility");
    let c: ActivationJson = c.json();
    assert!(c.clipped);
    assert_eq!(c.end.as_deref(), Some("2026-11-22T11:00:00Z"));
}

#[test]
fn dry_run_lists_every_rule_and_changes_nothing() {
    let env = TestEnv::sample();
    set_settings(
        &env,
        "Security Administrator",
        "/",
        serde_json::json!({"activation": {"require_ticket": true}}),
    );
    let before = env.state();
    let audit = env.count("audit");
    let r = activate(
        &env,
        "bob",
        &[
            "--role",
            "Security Administrator",
            "--dry-run",
            "--duration",
            "10h",
        ],
    );
    r.code(4);
    let a: ActivationJson = r.json();
    assert_eq!(a.outcome, "would_be_refused");
    let rules: Vec<&str> = a.violations.iter().map(|v| v.rule.as_str()).collect();
    assert_eq!(
        rules,
        ["ExpirationRule", "JustificationRule", "TicketingRule"]
    );
    let ok = activate(
        &env,
        "bob",
        &[
            "--role",
            "Security Administrator",
            "--dry-run",
            "--justification",
            "x",
            "--ticket-number",
            "1",
            "--ticket-system",
            "Jira",
        ],
    );
    ok.ok();
    assert_eq!(ok.json::<ActivationJson>().outcome, "would_activate");
    assert_eq!(env.state(), before);
    assert_eq!(env.count("audit"), audit);
    // Settings were changed through settings import: the state is what the log says.
    crate::invariants::assert_holds(&env);
}

#[test]
fn azure_roles_group_eligibility_and_narrower_scopes() {
    let env = TestEnv::sample();
    // Carol's one Owner eligibility is at /subscriptions/prod: no --scope needed.
    let r = activate(
        &env,
        "carol",
        &["--role", "Owner", "--justification", "deploy"],
    );
    r.ok();
    assert_eq!(r.json::<ActivationJson>().scope, "/subscriptions/prod");
    // A narrower scope below the eligibility can be asked for.
    let rg = activate(
        &env,
        "carol",
        &[
            "--role",
            "Owner",
            "--scope",
            "/subscriptions/prod/resourceGroups/rg-web",
            "--justification",
            "x",
        ],
    );
    rg.ok();
    env.run_as(
        "carol",
        &[
            "activate",
            "--role",
            "Owner",
            "--scope",
            "/subscriptions/dev",
            "--justification",
            "x",
        ],
    )
    .refused(4, "EligibilityRule");
    // Alice is eligible for Global Administrator through tier0-admins: she activates it for herself.
    let ga = activate(
        &env,
        "alice",
        &[
            "--role",
            "Global Administrator",
            "--justification",
            "break fix",
        ],
    );
    ga.ok();
    let c: CheckJson = env.json(&[
        "check",
        "--principal",
        "alice",
        "--role",
        "Global Administrator",
    ]);
    assert!(c.holds);
    assert_eq!(c.paths.len(), 1);
    assert_eq!(c.paths[0].member_type, "direct");
    let bob: CheckJson = env
        .run(&[
            "-o",
            "json",
            "check",
            "--principal",
            "bob",
            "--role",
            "Global Administrator",
        ])
        .json();
    assert!(!bob.holds, "alice's activation is hers alone");
    // A role held from a parent scope is inherited.
    let inherited: CheckJson = env.json(&[
        "check",
        "--principal",
        "carol",
        "--role",
        "Reader",
        "--scope",
        "/subscriptions/prod/resourceGroups/rg-web",
    ]);
    assert!(inherited.holds);
    assert_eq!(inherited.paths[0].member_type, "inherited");
    assert_eq!(
        inherited.paths[0].inherited_from.as_deref(),
        Some("/providers/Microsoft.Management/managementGroups/contoso")
    );
    // Checking someone else needs the right to see; checking yourself does not.
    env.run_as(
        "dave",
        &[
            "check",
            "--principal",
            "alice",
            "--role",
            "Global Administrator",
        ],
    )
    .refused(4, "not authorized");
    env.run_as(
        "dave",
        &[
            "check",
            "--principal",
            "dave",
            "--role",
            "Global Administrator",
        ],
    )
    .code(1);
}

#[test]
fn deactivate_one_or_all() {
    let env = TestEnv::sample();
    activate(
        &env,
        "bob",
        &["--role", "Security Administrator", "--justification", "x"],
    )
    .ok();
    env.refuses(4, "within 5 minutes", "activation.deactivate", |e| {
        e.run_as("bob", &["deactivate", "--role", "Security Administrator"])
    });
    let later = "2026-11-22T09:06:00Z";
    env.run_at(
        later,
        &[
            "--as",
            "bob",
            "deactivate",
            "--role",
            "Security Administrator",
        ],
    )
    .ok()
    .stderr_has("deactivated");
    env.run_at(
        later,
        &[
            "--as",
            "bob",
            "check",
            "--principal",
            "bob",
            "--role",
            "Security Administrator",
        ],
    )
    .code(1);
    assert_eq!(
        env.run_at(later, &["-o", "json", "audit", "list", "--limit", "1"])
            .json::<Vec<AuditJson>>()[0]
            .activity,
        "Remove member from role completed (PIM deactivate)"
    );
    env.run_at(
        later,
        &[
            "--as",
            "bob",
            "deactivate",
            "--role",
            "Security Administrator",
        ],
    )
    .refused(3, "not found");
    // --all asks for confirmation; --yes gives it.
    activate(&env, "carol", &["--role", "Owner", "--justification", "x"]).ok();
    env.run_at(later, &["--as", "carol", "deactivate", "--all"])
        .refused(1, "needs confirmation");
    env.run_at(later, &["--as", "carol", "--yes", "deactivate", "--all"])
        .ok();
    // Re-activating after a deactivation is a new activation.
    let again = env.run_at(
        later,
        &[
            "--as",
            "bob",
            "-o",
            "json",
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "y",
        ],
    );
    again.ok();
    assert_eq!(again.json::<ActivationJson>().outcome, "activated");
}

#[test]
fn activation_sets_from_files() {
    let env = TestEnv::sample();
    let toml = env.write_file(
        "set.toml",
        "justification = \"weekly maintenance\"\n\n[[activate]]\nrole = \"Security Administrator\"\nduration = \"2h\"\n\n[[activate]]\nrole = \"Global Reader\"\n",
    );
    let r = env.run_as(
        "bob",
        &["-o", "json", "activate", "--from", path_str(&toml)],
    );
    // Global Reader is not bob's to activate: the worst result decides the exit code.
    r.code(4);
    let results: Vec<ActivationJson> = r.json();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].outcome, "activated");
    assert_eq!(results[0].end.as_deref(), Some("2026-11-22T11:00:00Z"));
    assert_eq!(results[1].outcome, "refused");
    assert_eq!(results[1].violations[0].rule, "EligibilityRule");
    let failures: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE result = 'failure' AND actor_name = 'bob'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(failures, 1, "the refused entry is audited");
    // What `pim status -o json` prints is a set: its eligible roles.
    let status = env.run_as("dave", &["-o", "json", "status"]);
    status.ok();
    let file = env.write_file("status.json", &status.stdout);
    let r = env.run_as(
        "dave",
        &[
            "-o",
            "json",
            "activate",
            "--from",
            path_str(&file),
            "--justification",
            "on call",
        ],
    );
    r.ok();
    let results: Vec<ActivationJson> = r.json();
    assert_eq!(results.len(), 2);
    assert!(results.iter().all(|r| r.outcome == "activated"));
    // A JSON list works too; a malformed file changes nothing.
    let list = env.write_file(
        "list.json",
        r#"[{"role": "Security Administrator", "justification": "again"}]"#,
    );
    let r = env.run_as(
        "bob",
        &["-o", "json", "activate", "--from", path_str(&list)],
    );
    r.ok();
    assert_eq!(r.json::<Vec<ActivationJson>>()[0].outcome, "already_active");
    let bad = env.write_file(
        "bad.toml",
        "[[activate]]\nrole = \"x\"\ncolour = \"blue\"\n",
    );
    env.run_as("bob", &["activate", "--from", path_str(&bad)])
        .refused(1, "not a valid activation set");
}

#[test]
fn self_service_extend_and_renew_wait_for_an_administrator() {
    let env = TestEnv::sample();
    // Bob's eligibility ends in 180 days: too early to extend.
    env.refuses(1, "within 14 days", "request.extend", |e| {
        e.run_as(
            "bob",
            &[
                "extend",
                "--role",
                "Security Administrator",
                "--justification",
                "still needed",
            ],
        )
    });
    let near = "2027-05-10T09:00:00Z";
    let r = env.run_at(
        near,
        &[
            "--as",
            "bob",
            "-o",
            "json",
            "extend",
            "--role",
            "Security Administrator",
            "--justification",
            "still needed",
            "--duration",
            "90d",
        ],
    );
    r.code(5).stderr_has("waiting for an administrator");
    let ext: serde_json::Value = r.json();
    assert_eq!(ext["outcome"], "pending_approval");
    assert_eq!(ext["requested_end"], "2027-08-19T09:00:00Z");
    env.run_at(
        near,
        &[
            "--as",
            "bob",
            "extend",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
        ],
    )
    .code(5)
    .stderr_has("already waiting");
    env.run_at(
        near,
        &["--as", "bob", "extend", "--role", "Security Administrator"],
    )
    .refused(4, "JustificationRule");
    // After expiry: renew, within 30 days.
    let after = "2026-12-30T09:00:00Z";
    let r = env.run_at(
        after,
        &[
            "--as",
            "dave",
            "-o",
            "json",
            "renew",
            "--role",
            "Contributor",
            "--scope",
            "/subscriptions/prod/resourceGroups/rg-web",
            "--justification",
            "project continues",
        ],
    );
    r.code(5);
    env.run_at(
        "2027-08-01T00:00:00Z",
        &[
            "--as",
            "bob",
            "renew",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
        ],
    )
    .refused(1, "more than 30 days");
}

#[test]
fn concurrent_activations() {
    let env = TestEnv::sample();
    let people = ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"];
    for p in people {
        env.run(&["principal", "add", p]).ok();
        env.run(&["assign", "--principal", p, "--role", "Security Reader"])
            .ok();
    }
    // Eight principals at once: every activation succeeds.
    let handles: Vec<_> = people
        .iter()
        .map(|p| {
            let mut c = env.command();
            c.env("PIM_ACTOR", p).args([
                "activate",
                "--role",
                "Security Reader",
                "--justification",
                "load",
            ]);
            std::thread::spawn(move || c.output().unwrap())
        })
        .collect();
    for h in handles {
        let out = h.join().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // One principal from two processes at once: one activation, not two.
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let mut c = env.command();
            c.env("PIM_ACTOR", "bob").args([
                "activate",
                "--role",
                "Security Administrator",
                "--justification",
                "race",
            ]);
            std::thread::spawn(move || c.output().unwrap())
        })
        .collect();
    for h in handles {
        let out = h.join().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let n: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM assignment a JOIN principal p ON p.id = a.principal_id
             WHERE p.name = 'bob' AND a.activated_from IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    let activations: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM assignment WHERE activated_from IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(activations, 9);
    let v: VerifyJson = env.json(&["audit", "verify"]);
    assert!(v.ok);
}

#[cfg(unix)]
#[test]
fn interactive_activation_through_a_terminal() {
    let env = TestEnv::sample();
    let mut cmd = std::process::Command::new(bin());
    cmd.env_clear()
        .env("PIM_DB", env.db())
        .env("PIM_NOW", T0)
        .env("PIM_ACTOR", "dave")
        .env("PIM_OS_USER", "tester")
        .env("HOME", env.dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .arg("activate");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("Helpdesk Administrator at /administrativeUnits/paris")
        .unwrap();
    // Select the first eligible role with space, confirm with enter.
    p.send(" ").unwrap();
    p.flush().unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Justification").unwrap();
    p.send_line("INC-42 from a terminal").unwrap();
    p.exp_string("Duration").unwrap();
    p.send_line("1h").unwrap();
    p.exp_string("activated").unwrap();
    p.exp_eof().unwrap();
    let s: StatusJson = env.run_as("dave", &["-o", "json", "status"]).json();
    assert_eq!(s.active.len(), 1);
    assert_eq!(
        s.active[0].justification.as_deref(),
        Some("INC-42 from a terminal")
    );
    assert_eq!(s.active[0].end.as_deref(), Some("2026-11-22T10:00:00Z"));
}

/// `pim activate` on a terminal, as `who`, at `now`.
#[cfg(unix)]
fn terminal_activate(env: &TestEnv, who: &str, now: &str) -> rexpect::session::PtySession {
    let mut cmd = env.std_command();
    cmd.env("PIM_ACTOR", who)
        .env("PIM_NOW", now)
        .env("TERM", "xterm")
        .arg("activate");
    rexpect::session::spawn_command(cmd, Some(20_000)).unwrap()
}

#[cfg(unix)]
fn exit_code(p: &mut rexpect::session::PtySession) -> i32 {
    match p.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => code,
        other => panic!("pim did not exit: {other:?}"),
    }
}

#[cfg(unix)]
#[test]
fn a_terminal_offers_only_what_can_be_activated_and_asks_only_what_it_needs() {
    let env = TestEnv::sample();
    // dave is eligible for Helpdesk Administrator (paris) and Contributor (rg-web); the first is
    // already active, and Contributor needs no justification there.
    env.run_as(
        "dave",
        &[
            "activate",
            "--role",
            "Helpdesk Administrator",
            "--scope",
            "/administrativeUnits/paris",
            "--justification",
            "x",
        ],
    )
    .ok();
    env.run(&[
        "settings",
        "set",
        "--role",
        "Contributor",
        "--scope",
        "/subscriptions/prod/resourceGroups/rg-web",
        "--require-justification",
        "false",
    ])
    .ok();
    let mut p = terminal_activate(&env, "dave", T0);
    p.exp_string("not offered: Helpdesk Administrator at /administrativeUnits/paris (active)")
        .unwrap();
    let shown = p
        .exp_string("Contributor at /subscriptions/prod/resourceGroups/rg-web")
        .unwrap();
    // The keys are shown with the choice.
    assert!(shown.contains("Space selects, Enter confirms"), "{shown}");
    // Enter with nothing selected: a hint, and the choice again.
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("hint: nothing selected: press Space on a role to select it, then Enter")
        .unwrap();
    p.exp_string("Contributor at").unwrap();
    p.send(" ").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    // No justification, ticket or code is asked: the role's settings require none.
    let asked = p.exp_string("Duration").unwrap();
    for prompt in ["Justification", "Ticket", "One-time code"] {
        assert!(!asked.contains(prompt), "asked for {prompt}: {asked}");
    }
    p.send_line("1h").unwrap();
    p.exp_string("activated").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&mut p), 0);
    let s: StatusJson = env.run_as("dave", &["-o", "json", "status"]).json();
    assert_eq!(s.active.len(), 2);

    // Now nothing is left: it says so, asks nothing, and changes nothing.
    let audit = env.count("audit");
    let mut p = terminal_activate(&env, "dave", T0);
    p.exp_string("nothing left to activate: ").unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(!rest.contains("Roles to activate"), "{rest}");
    assert_eq!(exit_code(&mut p), 0);
    assert_eq!(env.count("audit"), audit);
}

#[cfg(unix)]
#[test]
fn a_terminal_says_an_mfa_role_needs_enrolment_before_asking_for_a_code() {
    let env = TestEnv::sample();
    // Both of dave's roles require MFA (which one the terminal lists first varies).
    for (role, scope) in [
        ("Contributor", "/subscriptions/prod/resourceGroups/rg-web"),
        ("Helpdesk Administrator", "/administrativeUnits/paris"),
    ] {
        env.run(&[
            "settings",
            "set",
            "--role",
            role,
            "--scope",
            scope,
            "--require-mfa",
            "true",
        ])
        .ok();
    }
    let before = env.state();
    let mut p = terminal_activate(&env, "dave", T0);
    p.exp_string("Helpdesk Administrator at /administrativeUnits/paris")
        .unwrap();
    p.send(" ").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    let said = p.exp_eof().unwrap();
    assert!(
        said.contains("requires MFA, and 'dave' is not enrolled")
            && said.contains("error: MfaRule: "),
        "{said}"
    );
    assert!(said.contains("hint: enrol with `pim mfa enroll`"), "{said}");
    for prompt in ["Justification", "Duration", "One-time code"] {
        assert!(!said.contains(prompt), "asked for {prompt}: {said}");
    }
    assert_eq!(exit_code(&mut p), 4);
    assert_eq!(env.state(), before);
}
