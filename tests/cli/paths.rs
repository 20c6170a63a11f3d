// The JSON structs below are the contract: they name every field, including ones no test reads.
#![allow(dead_code)]

//! Every rule on every path: access held through a group ends with the group membership, an
//! activation ends with its eligibility, approvals and reviews follow the rules in force when they
//! are decided, and nobody reaches a state through a side door (a group acting, a service
//! principal activating through a group, a name that looks like another principal's ID, a cycle
//! through PIM for Groups).

use crate::activate::{ActivationJson, CheckJson};
use crate::approve::RequestJson;
use crate::support::*;

const GA: &str = "Global Administrator";
const SA: &str = "Security Administrator";

/// T0 plus `mins` minutes, as RFC 3339.
fn t(mins: i64) -> String {
    let t0 = chrono::DateTime::parse_from_rfc3339(T0).unwrap();
    (t0 + chrono::Duration::minutes(mins))
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Runs as `actor` at T0 + `mins` minutes.
fn at(env: &TestEnv, actor: &str, mins: i64, args: &[&str]) -> Run {
    let mut c = env.command();
    c.env("PIM_ACTOR", actor).env("PIM_NOW", t(mins)).args(args);
    Run::from(c.output().expect("run pim"))
}

fn json_at<T: for<'de> serde::Deserialize<'de>>(
    env: &TestEnv,
    actor: &str,
    mins: i64,
    args: &[&str],
) -> T {
    let mut a = vec!["-o", "json"];
    a.extend_from_slice(args);
    let r = at(env, actor, mins, &a);
    r.ok();
    r.json()
}

fn id_of(env: &TestEnv, name: &str) -> String {
    env.conn()
        .query_row("SELECT id FROM principal WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .unwrap()
}

/// Whether `who` holds `role` (at `/`) at T0 + `mins`, as `pim check` answers.
fn holds(env: &TestEnv, who: &str, role: &str, mins: i64) -> bool {
    let r = at(
        env,
        "admin",
        mins,
        &["-o", "json", "check", "--principal", who, "--role", role],
    );
    let c: CheckJson = r.json();
    assert_eq!(r.code, if c.holds { 0 } else { 1 });
    c.holds
}

fn activate(env: &TestEnv, who: &str, mins: i64, extra: &[&str]) -> Run {
    let mut a = vec!["-o", "json", "activate", "--justification", "INC-1"];
    a.extend_from_slice(extra);
    at(env, who, mins, &a)
}

/// The live activations of a principal, straight from the file.
fn live_activations(env: &TestEnv, who: &str, mins: i64) -> Vec<(String, Option<i64>)> {
    let now = chrono::DateTime::parse_from_rfc3339(&t(mins))
        .unwrap()
        .timestamp();
    let c = env.conn();
    let mut st = c
        .prepare(
            "SELECT a.id, a.end_at FROM assignment a JOIN principal p ON p.id = a.principal_id
              WHERE p.name = ?1 AND a.activated_from IS NOT NULL AND a.removed_at IS NULL
                AND (a.end_at IS NULL OR a.end_at > ?2) ORDER BY a.start_at",
        )
        .unwrap();
    st.query_map(pim::params![who, now], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn status_json(env: &TestEnv, who: &str, mins: i64) -> serde_json::Value {
    json_at(env, who, mins, &["status"])
}

fn access_json(env: &TestEnv, who: &str, mins: i64) -> serde_json::Value {
    json_at(env, "admin", mins, &["access", "--principal", who])
}

fn names(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["role"].as_str().unwrap().to_string())
        .collect()
}

/// The newest audit rows with `action`.
fn audit_rows(env: &TestEnv, mins: i64, action: &str) -> Vec<AuditJson> {
    json_at(env, "admin", mins, &["audit", "list", "--action", action])
}

/// Changes `role`'s activation settings at `scope` as an administrator would, by `settings
/// import` (audited, so that the state check explains them): `activation` is the TOML of the
/// `[role.activation]` table.
fn import_settings(env: &TestEnv, role: &str, scope: &str, activation: &str) {
    let file = env.write_file(
        "settings.toml",
        &format!(
            "[[role]]\nrole = \"{role}\"\nscope = \"{scope}\"\npartial = true\n\n[role.activation]\n{activation}\n"
        ),
    );
    at(env, "admin", 0, &["settings", "import", path_str(&file)]).ok();
}

/// Requires approval of `role` at `/` in `stages` (TOML inline tables).
fn require_approval(env: &TestEnv, role: &str, stages: &[String]) {
    import_settings(
        env,
        role,
        "/",
        &format!(
            "require_approval = true\napproval_stages = [{}]",
            stages.join(", ")
        ),
    );
}

/// One approval stage: its approvers by name, and how many must approve.
fn stage(approvers: &[&str], required: usize) -> String {
    let names: Vec<String> = approvers.iter().map(|a| format!("\"{a}\"")).collect();
    format!(
        "{{ approvers = [{}], required_approvals = {required} }}",
        names.join(", ")
    )
}

// ---------------------------------------------------------------------------------------------
// An activation rests on the path it came through.

#[test]
fn an_activation_through_a_group_ends_when_the_member_leaves_the_group() {
    let env = TestEnv::sample();
    let a: ActivationJson = activate(&env, "bob", 0, &["--role", GA]).json();
    assert_eq!(a.outcome, "activated");
    assert!(holds(&env, "bob", GA, 10));
    // The activation records the path it came through.
    let row = audit_rows(&env, 10, "activation.request").remove(0);
    let path = &row.details.as_ref().unwrap()["path"];
    assert_eq!(path["via_group"], "tier0-admins");
    assert_eq!(path["links"][1]["link"], "static");
    assert_eq!(path["links"][1]["group"], "tier0-admins");

    at(
        &env,
        "admin",
        10,
        &["group", "member", "remove", "tier0-admins", "bob"],
    )
    .ok();
    assert!(
        !holds(&env, "bob", GA, 11),
        "bob left the group: his GA ends"
    );
    assert!(live_activations(&env, "bob", 11).is_empty());
    // Recorded and audited like a revocation, with the reason, in the same write.
    let ended = audit_rows(&env, 11, "activation.revoke");
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].actor, "admin");
    assert_eq!(ended[0].assignment_id, a.assignment_id);
    assert!(
        ended[0].details.as_ref().unwrap()["reason"]
            .as_str()
            .unwrap()
            .contains("removed from group 'tier0-admins'")
    );
    // Coming back to the group does not bring the old activation back.
    at(
        &env,
        "admin",
        20,
        &["group", "member", "add", "tier0-admins", "bob"],
    )
    .ok();
    assert!(!holds(&env, "bob", GA, 21));
    assert!(names(&status_json(&env, "bob", 21), "active").is_empty());
    crate::invariants::assert_holds(&env);
}

#[test]
fn reads_drop_an_activation_whose_path_is_gone_before_any_write_records_it() {
    let env = TestEnv::sample();
    activate(&env, "bob", 0, &["--role", GA]).ok();
    assert!(holds(&env, "bob", GA, 1));
    // The membership disappears without pim writing anything (as a deleted group's rows would).
    env.conn()
        .execute(
            "DELETE FROM group_member WHERE member_id = ?1",
            [id_of(&env, "bob")],
        )
        .unwrap();
    let audit = env.count("audit");
    assert!(!holds(&env, "bob", GA, 2));
    assert!(names(&status_json(&env, "bob", 2), "active").is_empty());
    assert!(names(&access_json(&env, "bob", 2), "holds").is_empty());
    // Nothing was written by those reads; the row is still there, unrecorded.
    assert_eq!(env.count("audit"), audit);
    assert_eq!(live_activations(&env, "bob", 2).len(), 1);
}

/// A role-assignable group `sec-ops` under PIM, eligible for Security Administrator.
fn sec_ops_group(env: &TestEnv) {
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
    env.run(&["assign", "--principal", "sec-ops", "--role", SA])
        .ok();
}

/// `sec-ops`, with erin an active member for an hour: the membership's ID.
fn sec_ops(env: &TestEnv) -> String {
    sec_ops_group(env);
    let m: AssignmentJson = env.json(&[
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
    ]);
    m.id
}

#[test]
fn an_activation_never_outlives_the_pim_membership_it_came_through() {
    let env = TestEnv::sample();
    sec_ops(&env);
    let a: ActivationJson = activate(&env, "erin", 0, &["--role", SA]).json();
    assert_eq!(a.outcome, "activated");
    // A one-hour membership gives at most a one-hour activation, said to be clipped.
    assert_eq!(a.end.as_deref(), Some(t(60).as_str()));
    assert!(a.clipped);
    assert!(holds(&env, "erin", SA, 59));
    assert!(!holds(&env, "erin", SA, 60));

    // Removing the membership ends the activation with it.
    crate::invariants::assert_holds(&env);

    let env = TestEnv::sample();
    let membership = sec_ops(&env);
    activate(&env, "erin", 0, &["--role", SA]).ok();
    at(
        &env,
        "admin",
        10,
        &["--yes", "assign", "remove", &membership],
    )
    .ok();
    assert!(!holds(&env, "erin", SA, 11));
    let ended = audit_rows(&env, 11, "activation.revoke");
    assert_eq!(ended.len(), 1);
    assert!(
        ended[0].details.as_ref().unwrap()["reason"]
            .as_str()
            .unwrap()
            .contains("membership of /groups/sec-ops")
    );
    crate::invariants::assert_holds(&env);
}

#[test]
fn shortening_the_membership_clips_the_activation_and_disabling_the_group_ends_it() {
    let env = TestEnv::sample();
    let membership = sec_ops(&env);
    activate(&env, "erin", 0, &["--role", SA]).ok();
    at(
        &env,
        "admin",
        10,
        &["assign", "update", &membership, "--duration", "20m"],
    )
    .ok();
    let live = live_activations(&env, "erin", 10);
    assert_eq!(live.len(), 1);
    let thirty = chrono::DateTime::parse_from_rfc3339(&t(30))
        .unwrap()
        .timestamp();
    assert_eq!(live[0].1, Some(thirty), "cut to the membership's new end");
    assert_eq!(audit_rows(&env, 10, "activation.clip").len(), 1);

    at(&env, "admin", 15, &["principal", "disable", "sec-ops"]).ok();
    assert!(live_activations(&env, "erin", 15).is_empty());
    at(&env, "admin", 16, &["principal", "enable", "sec-ops"]).ok();
    assert!(
        !holds(&env, "erin", SA, 17),
        "re-enabling brings nothing back"
    );
    crate::invariants::assert_holds(&env);
}

#[test]
fn removing_a_group_on_the_path_ends_the_activation_made_through_it() {
    // erin is in `inner`, a member of `web`, which is eligible for Reader at prod; `inner` holds
    // nothing itself, so removing it takes no --force and keeps its row (soft delete): erin's
    // activation through it ends all the same, audited, and the log explains the state.
    let env = TestEnv::sample();
    let prod = "/subscriptions/prod";
    for g in ["web", "inner"] {
        env.run(&["principal", "add", g, "--kind", "group"]).ok();
    }
    env.run(&["group", "member", "add", "inner", "erin"]).ok();
    env.run(&["group", "member", "add", "web", "inner"]).ok();
    env.run(&[
        "assign",
        "--principal",
        "web",
        "--role",
        "Reader",
        "--scope",
        prod,
        "--type",
        "eligible",
    ])
    .ok();
    let r = activate(&env, "erin", 0, &["--role", "Reader", "--scope", prod]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let a: ActivationJson = r.json();
    assert_eq!(a.outcome, "activated");
    let reads = |mins| {
        let r = at(
            &env,
            "admin",
            mins,
            &[
                "-o",
                "json",
                "check",
                "--principal",
                "erin",
                "--role",
                "Reader",
                "--scope",
                prod,
            ],
        );
        let c: CheckJson = r.json();
        assert_eq!(r.code, if c.holds { 0 } else { 1 });
        c.holds
    };
    assert!(reads(1));
    at(&env, "admin", 2, &["principal", "remove", "inner", "--yes"]).ok();
    assert!(!reads(3), "the group on the path is gone");
    let ended = audit_rows(&env, 3, "activation.revoke");
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].assignment_id, a.assignment_id);
    crate::invariants::assert_holds(&env);
}

#[test]
fn nested_paths_end_with_any_link() {
    // erin is a static member of `team`, which is an eligible member of the PIM group `sec-ops`;
    // erin activates that membership for herself, then the role sec-ops is eligible for.
    let env = TestEnv::sample();
    sec_ops_group(&env);
    env.run(&["principal", "add", "team", "--kind", "group"])
        .ok();
    env.run(&["group", "member", "add", "team", "erin"]).ok();
    env.run(&[
        "assign",
        "--principal",
        "team",
        "--group",
        "sec-ops",
        "--access",
        "member",
    ])
    .ok();
    let m: ActivationJson = activate(
        &env,
        "erin",
        0,
        &[
            "--group",
            "sec-ops",
            "--access",
            "member",
            "--duration",
            "2h",
        ],
    )
    .json();
    assert_eq!(m.outcome, "activated");
    let a: ActivationJson = activate(&env, "erin", 1, &["--role", SA]).json();
    assert_eq!(a.outcome, "activated");
    assert_eq!(
        a.end.as_deref(),
        Some(t(120).as_str()),
        "no longer than the membership"
    );
    assert!(holds(&env, "erin", SA, 10));
    // The role's activation rests on the whole chain: taking erin out of `team` ends both.
    at(
        &env,
        "admin",
        10,
        &["group", "member", "remove", "team", "erin"],
    )
    .ok();
    assert!(!holds(&env, "erin", SA, 11));
    assert!(live_activations(&env, "erin", 11).is_empty());
    assert_eq!(audit_rows(&env, 11, "activation.revoke").len(), 2);
    crate::invariants::assert_holds(&env);
}

#[test]
fn deactivating_a_membership_ends_what_was_activated_through_it() {
    let env = TestEnv::sample();
    sec_ops_group(&env);
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--group",
        "sec-ops",
        "--access",
        "member",
    ])
    .ok();
    activate(
        &env,
        "erin",
        0,
        &["--group", "sec-ops", "--access", "member"],
    )
    .ok();
    activate(&env, "erin", 1, &["--role", SA]).ok();
    assert!(holds(&env, "erin", SA, 10));
    at(
        &env,
        "erin",
        10,
        &["deactivate", "--group", "sec-ops", "--access", "member"],
    )
    .ok();
    assert!(!holds(&env, "erin", SA, 11));
    assert!(live_activations(&env, "erin", 11).is_empty());
    crate::invariants::assert_holds(&env);
}

// ---------------------------------------------------------------------------------------------
// An activation never outlives its eligibility, whatever the administrator does.

#[test]
fn shortening_or_removing_the_eligibility_clips_or_ends_the_activation() {
    let env = TestEnv::sample();
    let elig: Vec<AssignmentJson> =
        env.json(&["assign", "list", "--principal", "bob", "--role", SA]);
    let a: ActivationJson = activate(&env, "bob", 0, &["--role", SA]).json();
    assert_eq!(a.end.as_deref(), Some(t(8 * 60).as_str()));
    at(
        &env,
        "admin",
        10,
        &["assign", "update", &elig[0].id, "--duration", "1h"],
    )
    .ok();
    let live = live_activations(&env, "bob", 10);
    let seventy = chrono::DateTime::parse_from_rfc3339(&t(70))
        .unwrap()
        .timestamp();
    assert_eq!(
        live,
        vec![(a.assignment_id.clone().unwrap(), Some(seventy))]
    );
    assert!(!holds(&env, "bob", SA, 70));
    // Made active: no longer an eligibility, so nothing activated from it remains (bob holds
    // the role through the group's active assignment instead).
    crate::invariants::assert_holds(&env);

    let env = TestEnv::sample();
    let elig: Vec<AssignmentJson> = env.json(&[
        "assign",
        "list",
        "--principal",
        "tier0-admins",
        "--role",
        GA,
    ]);
    activate(&env, "bob", 0, &["--role", GA]).ok();
    at(
        &env,
        "admin",
        10,
        &[
            "assign",
            "update",
            &elig[0].id,
            "--type",
            "active",
            "--justification",
            "x",
        ],
    )
    .ok();
    assert!(live_activations(&env, "bob", 10).is_empty());
    let c: CheckJson = json_at(
        &env,
        "admin",
        11,
        &["check", "--principal", "bob", "--role", GA],
    );
    assert_eq!(c.paths.len(), 1);
    assert_eq!(c.paths[0].member_type, "group");
    crate::invariants::assert_holds(&env);
}

#[test]
fn an_administrator_neither_extends_nor_renews_an_activation() {
    let env = TestEnv::sample();
    let a: ActivationJson = activate(&env, "bob", 0, &["--role", SA]).json();
    let id = a.assignment_id.unwrap();
    env.refuses(
        1,
        "an activation is not extended by an administrator",
        "assignment.extend",
        |e| {
            at(
                e,
                "admin",
                10,
                &["assign", "extend", &id, "--end", "9999-01-01"],
            )
        },
    );
    env.refuses(
        1,
        "an activation is not updated by an administrator",
        "assignment.update",
        |e| {
            at(
                e,
                "admin",
                10,
                &["assign", "update", &id, "--duration", "1d"],
            )
        },
    );
    // After it expired: not renewed either.
    env.refuses(
        1,
        "an activation is not renewed by an administrator",
        "assignment.renew",
        |e| at(e, "admin", 9 * 60, &["assign", "renew", &id]),
    );
}

// ---------------------------------------------------------------------------------------------
// A service principal is never eligible, not even through a group.

#[test]
fn a_service_principal_in_an_eligible_group_cannot_activate_its_role() {
    let env = TestEnv::sample();
    env.run(&["group", "member", "add", "tier0-admins", "deploy-bot"])
        .ok();
    env.refuses(4, "PrincipalTypeRule", "activation.request", |e| {
        activate(e, "deploy-bot", 1, &["--role", GA])
    });
    assert!(!holds(&env, "deploy-bot", GA, 2));
    // Its status offers nothing to activate.
    assert!(names(&status_json(&env, "deploy-bot", 2), "eligible").is_empty());
    // Through nested groups, for an Azure role, the same.
    env.run(&["principal", "add", "ops", "--kind", "group"])
        .ok();
    env.run(&["principal", "add", "ops-bots", "--kind", "group"])
        .ok();
    env.run(&["group", "member", "add", "ops", "ops-bots"]).ok();
    env.run(&["group", "member", "add", "ops-bots", "deploy-bot"])
        .ok();
    env.run(&[
        "assign",
        "--principal",
        "ops",
        "--role",
        "Reader",
        "--scope",
        "/subscriptions/prod",
    ])
    .ok();
    env.refuses(4, "PrincipalTypeRule", "activation.request", |e| {
        activate(
            e,
            "deploy-bot",
            3,
            &["--role", "Reader", "--scope", "/subscriptions/prod"],
        )
    });
    // Nor made eligible by an update, or as an eligible PIM member.
    let active: Vec<AssignmentJson> = env.json(&["assign", "list", "--principal", "deploy-bot"]);
    env.refuses(4, "PrincipalTypeRule", "assignment.update", |e| {
        at(
            e,
            "admin",
            10,
            &["assign", "update", &active[0].id, "--type", "eligible"],
        )
    });
    env.run(&["principal", "add", "web", "--kind", "group"])
        .ok();
    env.run(&["group", "onboard", "web"]).ok();
    env.refuses(4, "PrincipalTypeRule", "assignment.create", |e| {
        e.run(&[
            "assign",
            "--principal",
            "deploy-bot",
            "--group",
            "web",
            "--access",
            "member",
        ])
    });
}

// ---------------------------------------------------------------------------------------------
// One live activation per eligibility.

#[test]
fn a_narrower_activation_of_a_live_eligibility_is_already_in_force() {
    let env = TestEnv::sample();
    let prod = "/subscriptions/prod";
    let rg = "/subscriptions/prod/resourceGroups/rg-web";
    let vm = "/subscriptions/prod/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/web-01";
    let first: ActivationJson =
        activate(&env, "carol", 0, &["--role", "Owner", "--scope", prod]).json();
    assert_eq!(first.outcome, "activated");
    for scope in [rg, vm, prod] {
        let before = env.count("assignment");
        let r = activate(&env, "carol", 1, &["--role", "Owner", "--scope", scope]);
        r.ok();
        let again: ActivationJson = r.json();
        assert_eq!(again.outcome, "already_active", "{scope}");
        assert_eq!(again.assignment_id, first.assignment_id);
        assert_eq!(env.count("assignment"), before, "no new row for {scope}");
    }
    assert_eq!(live_activations(&env, "carol", 1).len(), 1);

    // The other way round: a narrow one is live, a wider one must wait for it to end.
    crate::invariants::assert_holds(&env);

    let env = TestEnv::sample();
    activate(&env, "carol", 0, &["--role", "Owner", "--scope", vm]).ok();
    env.refuses(1, "already live", "activation.request", |e| {
        activate(e, "carol", 1, &["--role", "Owner", "--scope", prod])
    });
    // A scheduled one counts too.
    crate::invariants::assert_holds(&env);

    let env = TestEnv::sample();
    let later: ActivationJson = activate(
        &env,
        "carol",
        0,
        &["--role", "Owner", "--scope", prod, "--start", &t(120)],
    )
    .json();
    assert_eq!(later.outcome, "scheduled");
    let now: ActivationJson =
        activate(&env, "carol", 1, &["--role", "Owner", "--scope", rg]).json();
    assert_eq!(now.outcome, "already_active");
    assert_eq!(live_activations(&env, "carol", 1).len(), 1);
    crate::invariants::assert_holds(&env);
}

#[test]
fn an_activation_set_activates_an_eligibility_once() {
    let env = TestEnv::sample();
    let file = env.write_file(
        "set.toml",
        "justification = \"INC-7\"\n\
         [[activate]]\nrole = \"Owner\"\nscope = \"/subscriptions/prod\"\n\
         [[activate]]\nrole = \"Owner\"\nscope = \"/subscriptions/prod/resourceGroups/rg-web\"\n",
    );
    let r = at(
        &env,
        "carol",
        0,
        &["-o", "json", "activate", "--from", path_str(&file)],
    );
    r.ok();
    let rs: Vec<ActivationJson> = r.json();
    assert_eq!(rs[0].outcome, "activated");
    assert_eq!(rs[1].outcome, "already_active");
    assert_eq!(live_activations(&env, "carol", 0).len(), 1);
    crate::invariants::assert_holds(&env);
}

#[test]
fn a_request_from_an_eligibility_waiting_for_approval_is_reported_at_any_scope() {
    let env = TestEnv::sample();
    import_settings(
        &env,
        "Owner",
        "/subscriptions/prod",
        &format!(
            "require_approval = true\napproval_stages = [{}]",
            stage(&["dave"], 1)
        ),
    );
    let first = activate(
        &env,
        "carol",
        0,
        &[
            "--role",
            "Owner",
            "--scope",
            "/subscriptions/prod/resourceGroups/rg-web",
        ],
    );
    first.code(5);
    let first: ActivationJson = first.json();
    let again = activate(
        &env,
        "carol",
        1,
        &["--role", "Owner", "--scope", "/subscriptions/prod"],
    );
    again.code(5);
    let again: ActivationJson = again.json();
    assert_eq!(again.outcome, "already_pending");
    assert_eq!(again.request_id, first.request_id);
}

// ---------------------------------------------------------------------------------------------
// The final approval, and every stage, re-checks that the requester still holds the eligibility.

/// Global Administrator needs approval, in these stages (approvers by name, one approval each).
fn ga_stages(env: &TestEnv, stages: &[&[&str]]) {
    let stages: Vec<String> = stages.iter().map(|s| stage(s, 1)).collect();
    require_approval(env, GA, &stages);
}

/// bob asks for Global Administrator (eligible through tier0-admins) and waits: the request ID.
fn bob_asks_for_ga(env: &TestEnv) -> String {
    let r = activate(env, "bob", 0, &["--role", GA]);
    r.code(5);
    r.json::<ActivationJson>().request_id.unwrap()
}

fn approve(env: &TestEnv, who: &str, mins: i64, id: &str) -> Run {
    at(env, who, mins, &["approve", id, "--justification", "ok"])
}

fn bob_leaves_tier0(env: &TestEnv, mins: i64) {
    at(
        env,
        "admin",
        mins,
        &["group", "member", "remove", "tier0-admins", "bob"],
    )
    .ok();
}

fn request(env: &TestEnv, mins: i64, id: &str) -> RequestJson {
    json_at(env, "admin", mins, &["request", "show", id])
}

#[test]
fn an_approval_does_not_grant_a_group_eligibility_to_someone_who_left_the_group() {
    let env = TestEnv::sample();
    ga_stages(&env, &[&["carol"]]);
    let id = bob_asks_for_ga(&env);
    bob_leaves_tier0(&env, 5);
    approve(&env, "carol", 10, &id)
        .ok()
        .stderr_has("could not be granted");
    let shown = request(&env, 11, &id);
    assert_eq!(shown.status, "failed");
    assert!(
        shown
            .reason
            .unwrap()
            .contains("no longer holds the eligibility")
    );
    assert!(!holds(&env, "bob", GA, 11));
    assert!(live_activations(&env, "bob", 11).is_empty());
    crate::invariants::assert_holds(&env);
}

#[test]
fn every_stage_re_checks_the_requester() {
    let env = TestEnv::sample();
    ga_stages(&env, &[&["carol"], &["dave"]]);
    let id = bob_asks_for_ga(&env);
    approve(&env, "carol", 1, &id).ok();
    bob_leaves_tier0(&env, 5);
    approve(&env, "dave", 10, &id).ok();
    assert_eq!(request(&env, 11, &id).status, "failed");
    assert!(!holds(&env, "bob", GA, 11));

    // Left before the first stage was decided: the first approval already ends it.
    crate::invariants::assert_holds(&env);

    let env = TestEnv::sample();
    ga_stages(&env, &[&["carol"], &["dave"]]);
    let id = bob_asks_for_ga(&env);
    bob_leaves_tier0(&env, 5);
    approve(&env, "carol", 10, &id).ok();
    let shown = request(&env, 11, &id);
    assert_eq!(shown.status, "failed");
    assert!(
        shown
            .stages
            .iter()
            .all(|s| s.status != "pending" && s.status != "waiting")
    );
    approve(&env, "dave", 12, &id).refused(1, "already decided: failed");
    crate::invariants::assert_holds(&env);
}

// ---------------------------------------------------------------------------------------------
// The current settings decide a waiting request.

#[test]
fn a_removed_approver_cannot_decide_after_the_approvers_are_cleared() {
    let env = TestEnv::sample();
    ga_stages(&env, &[&["carol"]]);
    let id = bob_asks_for_ga(&env);
    at(
        &env,
        "admin",
        1,
        &["settings", "set", "--role", GA, "--clear-approvers"],
    )
    .ok();
    env.refuses(4, "not an approver", "request.approve", |e| {
        approve(e, "carol", 2, &id)
    });
    // The fallback deciders of a directory role decide it: its administrators.
    assert!(request(&env, 2, &id).stages[0].approvers.is_empty());
    approve(&env, "admin", 3, &id).ok();
    assert!(holds(&env, "bob", GA, 4));
    crate::invariants::assert_holds(&env);
}

#[test]
fn stage_counts_follow_the_current_settings() {
    // Two stages become one: the old first-stage approver decides nothing; the new one's
    // approval grants.
    let env = TestEnv::sample();
    ga_stages(&env, &[&["carol"], &["dave"]]);
    let id = bob_asks_for_ga(&env);
    ga_stages(&env, &[&["dave"]]);
    env.refuses(4, "not an approver", "request.approve", |e| {
        approve(e, "carol", 2, &id)
    });
    approve(&env, "dave", 3, &id).ok();
    assert!(holds(&env, "bob", GA, 4));

    // A stage removed while the request waited at it is decided by the role's administrators.
    crate::invariants::assert_holds(&env);

    let env = TestEnv::sample();
    ga_stages(&env, &[&["carol"], &["dave"]]);
    let id = bob_asks_for_ga(&env);
    approve(&env, "carol", 1, &id).ok();
    ga_stages(&env, &[&["carol"]]);
    env.refuses(4, "not an approver", "request.approve", |e| {
        approve(e, "dave", 2, &id)
    });
    approve(&env, "admin", 3, &id).ok();
    assert!(holds(&env, "bob", GA, 4));

    // One stage becomes two: a request that waited at the first goes through the second too.
    crate::invariants::assert_holds(&env);

    let env = TestEnv::sample();
    ga_stages(&env, &[&["carol"]]);
    let id = bob_asks_for_ga(&env);
    ga_stages(&env, &[&["carol"], &["dave"]]);
    assert_eq!(request(&env, 1, &id).stages.len(), 2);
    approve(&env, "carol", 2, &id).ok();
    assert!(!holds(&env, "bob", GA, 3));
    approve(&env, "dave", 4, &id).ok();
    assert!(holds(&env, "bob", GA, 5));
    crate::invariants::assert_holds(&env);
}

#[test]
fn votes_of_removed_approvers_no_longer_count() {
    let env = TestEnv::sample();
    require_approval(&env, GA, &[stage(&["carol", "dave", "erin"], 2)]);
    let id = bob_asks_for_ga(&env);
    approve(&env, "carol", 1, &id).ok();
    require_approval(&env, GA, &[stage(&["dave", "erin"], 2)]);
    approve(&env, "dave", 2, &id).ok();
    assert!(!holds(&env, "bob", GA, 3), "carol's vote no longer counts");
    approve(&env, "erin", 3, &id).ok();
    assert!(holds(&env, "bob", GA, 4));
    crate::invariants::assert_holds(&env);
}

// ---------------------------------------------------------------------------------------------
// A request past its stage's time-out reads as timed out before any write records it.

#[test]
fn a_timed_out_request_reads_as_timed_out_everywhere() {
    let env = TestEnv::sample();
    require_approval(&env, SA, &[stage(&["alice"], 1)]);
    let r = activate(&env, "bob", 0, &["--role", SA]);
    let id = r.json::<ActivationJson>().request_id.unwrap();
    let day = 24 * 60;
    let audit = env.count("audit");
    let shown: RequestJson = json_at(&env, "admin", day, &["request", "show", &id]);
    assert_eq!(shown.status, "timed_out");
    assert_eq!(shown.stages[0].status, "timed_out");
    assert_eq!(shown.completed_at.as_deref(), Some(t(day).as_str()));
    assert_eq!(shown.current_stage, None);
    let pending: Vec<RequestJson> = json_at(&env, "bob", day, &["request", "list", "--pending"]);
    assert!(pending.is_empty());
    let all: Vec<RequestJson> = json_at(&env, "bob", day, &["request", "list", "--mine"]);
    assert_eq!(all[0].status, "timed_out");
    let to_decide: Vec<RequestJson> = json_at(&env, "alice", day, &["approve", "list"]);
    assert!(to_decide.is_empty());
    assert!(
        status_json(&env, "bob", day)["pending"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // A minute before, it waits.
    let shown: RequestJson = json_at(&env, "admin", day - 1, &["request", "show", &id]);
    assert_eq!(shown.status, "pending_approval");
    // Only reads so far.
    assert_eq!(env.count("audit"), audit);
}

// ---------------------------------------------------------------------------------------------
// Only users and service principals act.

#[test]
fn a_group_never_acts() {
    if server_mode() {
        return; // how the actor is named is its subject; a server names its caller by certificate (tls.rs)
    }
    let env = TestEnv::sample();
    env.refuses(
        4,
        "'tier0-admins' is a group: a group cannot act",
        "activation.request",
        |e| activate(e, "tier0-admins", 0, &["--role", GA]),
    );
    let failure = env.last_audit();
    assert_eq!(failure.actor, "tier0-admins");
    assert_eq!(failure.actor_id, None);
    // Whichever way the actor is named: --as, PIM_ACTOR (above), the config file.
    env.run(&["--as", "tier0-admins", "status"])
        .refused(4, "a group cannot act");
    let cfg = env.write_file("config.toml", "actor = \"tier0-admins\"\n");
    let mut c = env.command();
    c.env_remove("PIM_ACTOR")
        .args(["--config", path_str(&cfg), "status"]);
    Run::from(c.output().unwrap()).refused(4, "a group cannot act");
}

// ---------------------------------------------------------------------------------------------
// A name never stands for another principal's ID.

#[test]
fn names_that_look_like_ids_are_refused() {
    let env = TestEnv::sample();
    let bob = id_of(&env, "bob");
    for name in [bob.as_str(), &bob[..8], "cafe12", "DEADBEEF", "abcdef-0123"] {
        env.refuses(
            1,
            "could be taken for a principal ID",
            "principal.create",
            |e| e.run(&["principal", "add", name]),
        );
    }
    env.run(&["principal", "add", "cafe-team"]).ok();
}

#[test]
fn an_import_names_a_principal_it_creates_so_that_the_name_never_looks_like_an_id() {
    // A Graph schedule request for an object id pim does not know, with no name for it.
    let env = TestEnv::sample();
    let doc = env.write_file(
        "request.json",
        r#"{"action": "adminAssign", "justification": "imported",
            "roleDefinitionId": "5d6b6bb7-de71-4623-b4af-96380a352509", "directoryScopeId": "/",
            "principalId": "0a0b0c0d-0000-4000-8000-00000000000e",
            "scheduleInfo": {"expiration": {"type": "noExpiration"}}}"#,
    );
    env.run(&[
        "assign",
        "import",
        path_str(&doc),
        "--type",
        "eligible",
        "--create-missing",
    ])
    .ok()
    .stderr_has("created principal user-0a0b0c0d-0000-4000-8000-00000000000e");
    let p: PrincipalDetailJson = env.json(&[
        "principal",
        "show",
        "user-0a0b0c0d-0000-4000-8000-00000000000e",
    ]);
    assert_eq!(p.assignments.len(), 1);
}

#[test]
fn an_id_is_never_shadowed_by_a_name() {
    let env = TestEnv::sample();
    let bob = id_of(&env, "bob");
    // Names made before such names were refused, straight into the file.
    let c = env.conn();
    for (id, name) in [
        ("00000000-0000-4000-8000-000000000001", bob.as_str()),
        ("00000000-0000-4000-8000-000000000002", &bob[..8]),
    ] {
        c.execute(
            "INSERT INTO principal (id, kind, name, name_key, created_at) VALUES (?1, 'user', ?2, ?3, 0)",
            pim::params![id, name, name.to_lowercase()],
        )
        .unwrap();
    }
    // A full ID means the principal with that ID.
    let shown: PrincipalDetailJson = env.json(&["principal", "show", &bob]);
    assert_eq!(shown.name, "bob");
    let checked: CheckJson = env
        .run(&["-o", "json", "check", "--principal", &bob, "--role", SA])
        .json();
    assert_eq!(checked.principal, "bob");
    // A name that is also an ID prefix is ambiguous, and the error names both.
    env.run(&["principal", "show", &bob[..8]])
        .refused(1, "ambiguous")
        .stderr_has("the principal named")
        .stderr_has("(bob)");
    env.refuses(1, "ambiguous", "group.member.add", |e| {
        e.run(&["group", "member", "add", "helpdesk", &bob[..8]])
    });
}

// ---------------------------------------------------------------------------------------------
// Access reviews: nobody decides their own item; break-glass accounts are kept.

#[derive(serde::Deserialize, Debug)]
struct ReviewIdJson {
    id: String,
    items: Option<Vec<serde_json::Value>>,
}

#[test]
fn a_reviewer_never_decides_their_own_access() {
    let env = TestEnv::sample();
    // bob reviews Security Administrator: his own item is not his to decide.
    let r: serde_json::Value = env.json(&[
        "review",
        "create",
        "--name",
        "SA",
        "--role",
        SA,
        "--reviewer",
        "bob",
    ]);
    let id = r["id"].as_str().unwrap().to_string();
    env.refuses(
        4,
        "does not decide their own access",
        "review.decide",
        |e| {
            at(
                e,
                "bob",
                1,
                &[
                    "review",
                    "decide",
                    &id,
                    "--principal",
                    "bob",
                    "--decision",
                    "approve",
                    "--justification",
                    "me",
                ],
            )
        },
    );
    // A group's item: bob, a reviewer of Global Administrator, is a member of tier0-admins,
    // whose eligibility is under review; carol, who is not, decides it.
    let r: serde_json::Value = env.json(&[
        "review",
        "create",
        "--name",
        "GA",
        "--role",
        GA,
        "--reviewer",
        "bob",
        "--reviewer",
        "carol",
    ]);
    let ga = r["id"].as_str().unwrap().to_string();
    env.refuses(4, "a group you are a member of", "review.decide", |e| {
        at(
            e,
            "bob",
            1,
            &[
                "review",
                "decide",
                &ga,
                "--principal",
                "tier0-admins",
                "--decision",
                "approve",
                "--justification",
                "us",
            ],
        )
    });
    at(
        &env,
        "carol",
        1,
        &[
            "review",
            "decide",
            &ga,
            "--principal",
            "tier0-admins",
            "--decision",
            "approve",
            "--justification",
            "ok",
        ],
    )
    .ok();
    // As a member of a reviewer group: alice and bob review through tier0-admins.
    let r: serde_json::Value = env.json(&[
        "review",
        "create",
        "--name",
        "PRA",
        "--role",
        "Privileged Role Administrator",
        "--reviewer",
        "tier0-admins",
    ]);
    let pra = r["id"].as_str().unwrap().to_string();
    env.refuses(
        4,
        "does not decide their own access",
        "review.decide",
        |e| {
            at(
                e,
                "alice",
                1,
                &[
                    "review",
                    "decide",
                    &pra,
                    "--principal",
                    "alice",
                    "--decision",
                    "approve",
                    "--justification",
                    "me",
                ],
            )
        },
    );
    at(
        &env,
        "bob",
        1,
        &[
            "review",
            "decide",
            &pra,
            "--principal",
            "alice",
            "--decision",
            "approve",
            "--justification",
            "ok",
        ],
    )
    .ok();
}

#[test]
fn applying_a_review_keeps_break_glass_assignments_and_says_why() {
    let env = TestEnv::sample();
    env.run(&[
        "assign",
        "--principal",
        "alice",
        "--role",
        GA,
        "--type",
        "active",
        "--permanent",
        "--justification",
        "second",
    ])
    .ok();
    let r: serde_json::Value = env.json(&[
        "review",
        "create",
        "--name",
        "GA",
        "--role",
        GA,
        "--assignment-type",
        "active",
        "--reviewer",
        "carol",
        "--default-decision",
        "deny",
    ]);
    let id = r["id"].as_str().unwrap().to_string();
    let done: serde_json::Value =
        json_at(&env, "admin", 10, &["review", "complete", &id, "--apply"]);
    let items = done["items"].as_array().unwrap();
    let item = |who: &str| {
        items
            .iter()
            .find(|i| i["principal"] == who)
            .unwrap()
            .clone()
    };
    assert_eq!(item("admin")["apply_result"], "kept: a break-glass account");
    assert_eq!(item("alice")["apply_result"], "removed");
    assert!(holds(&env, "admin", GA, 11));
    let row = audit_rows(&env, 11, "review.complete").remove(0);
    let kept = &row.details.as_ref().unwrap()["kept_by_protection"];
    assert_eq!(kept[0]["principal"], "admin");
    assert_eq!(kept[0]["reason"], "kept: a break-glass account");
    crate::invariants::assert_holds(&env);
}

// ---------------------------------------------------------------------------------------------
// Smaller holes.

#[test]
fn no_cycle_of_groups_through_pim_for_groups() {
    // g2 is an active PIM member of g1: adding g1 to g2 statically would close a cycle.
    let env = TestEnv::sample();
    env.run(&["principal", "add", "g1", "--kind", "group"]).ok();
    env.run(&["principal", "add", "g2", "--kind", "group"]).ok();
    env.run(&["group", "onboard", "g1"]).ok();
    env.run(&[
        "assign",
        "--principal",
        "g2",
        "--group",
        "g1",
        "--access",
        "member",
        "--type",
        "active",
        "--justification",
        "nested",
    ])
    .ok();
    env.refuses(1, "cycle", "group.member.add", |e| {
        e.run(&["group", "member", "add", "g2", "g1"])
    });
    // The other way: g1 statically in g2, then g2 made an active PIM member of g1.
    crate::invariants::assert_holds(&env);

    let env = TestEnv::sample();
    env.run(&["principal", "add", "g1", "--kind", "group"]).ok();
    env.run(&["principal", "add", "g2", "--kind", "group"]).ok();
    env.run(&["group", "member", "add", "g2", "g1"]).ok();
    env.run(&["group", "onboard", "g1"]).ok();
    env.refuses(1, "cycle", "assignment.create", |e| {
        e.run(&[
            "assign",
            "--principal",
            "g2",
            "--group",
            "g1",
            "--access",
            "member",
            "--type",
            "active",
            "--justification",
            "nested",
        ])
    });
    // Through a third group and a disabled one, still a cycle.
    env.run(&["principal", "add", "g3", "--kind", "group"]).ok();
    env.run(&["group", "member", "add", "g3", "g2"]).ok();
    env.run(&["principal", "disable", "g2"]).ok();
    env.refuses(1, "cycle", "assignment.create", |e| {
        e.run(&[
            "assign",
            "--principal",
            "g3",
            "--group",
            "g1",
            "--access",
            "member",
            "--type",
            "active",
            "--justification",
            "nested",
        ])
    });
    crate::invariants::assert_holds(&env);
}

#[test]
fn a_dry_run_says_an_activation_would_be_refused_while_mfa_is_locked() {
    let env = TestEnv::sample();
    import_settings(&env, SA, "/", "require_mfa = true");
    let e: serde_json::Value = json_at(&env, "bob", 0, &["mfa", "enroll"]);
    let secret = e["secret"].as_str().unwrap().to_string();
    at(
        &env,
        "bob",
        0,
        &["mfa", "enroll", "--code", &totp_code(&secret, &t(0))],
    )
    .ok();
    // Five wrong codes lock bob's MFA for 15 minutes.
    for _ in 0..5 {
        activate(&env, "bob", 1, &["--role", SA, "--otp", "000000"]).code(4);
    }
    let r = activate(
        &env,
        "bob",
        2,
        &[
            "--role",
            SA,
            "--otp",
            &totp_code(&secret, &t(2)),
            "--dry-run",
        ],
    );
    r.code(4);
    let a: ActivationJson = r.json();
    assert_eq!(a.outcome, "would_be_refused");
    assert!(
        a.violations
            .iter()
            .any(|v| v.rule == "MfaRule" && v.message.contains("locked until"))
    );
    // Once the lock is over, the dry run says it would activate.
    let r = activate(
        &env,
        "bob",
        20,
        &[
            "--role",
            SA,
            "--otp",
            &totp_code(&secret, &t(20)),
            "--dry-run",
        ],
    );
    r.ok();
    assert_eq!(r.json::<ActivationJson>().outcome, "would_activate");
}
