// The JSON structs below are the contract: they name every field, including ones no test reads.
#![allow(dead_code)]

//! `pim alerts`: each alert turning on and off, `--fail-on`, the `[alerts]` config table, and who
//! may read alerts.

use crate::activate::set_settings;
use crate::support::*;

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct AlertJson {
    id: String,
    name: String,
    severity: String,
    entra_alert: Option<String>,
    count: usize,
    summary: String,
    items: Vec<ItemJson>,
    mitigation: String,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ItemJson {
    principal: Option<String>,
    role: Option<String>,
    scope: Option<String>,
    assignment_id: Option<String>,
    count: Option<usize>,
    since: Option<String>,
    last_activation: Option<String>,
}

/// The alerts that hold at the environment's instant, read by the administrator.
fn alerts(env: &TestEnv, extra: &[&str]) -> Vec<AlertJson> {
    let mut a = vec!["-o", "json"];
    a.extend_from_slice(extra);
    a.push("alerts");
    let r = env.run(&a);
    r.ok();
    r.json()
}

fn find<'a>(list: &'a [AlertJson], id: &str) -> Option<&'a AlertJson> {
    list.iter().find(|a| a.id == id)
}

fn holds(env: &TestEnv, id: &str) -> bool {
    find(&alerts(env, &[]), id).is_some()
}

fn names(a: &AlertJson) -> Vec<&str> {
    a.items
        .iter()
        .filter_map(|i| i.principal.as_deref())
        .collect()
}

fn user(env: &TestEnv, name: &str, extra: &[&str]) {
    let mut a = vec!["principal", "add", name, "--kind", "user"];
    a.extend_from_slice(extra);
    env.run(&a).ok();
}

/// Assigns a role and returns the assignment's id.
fn assign(env: &TestEnv, args: &[&str]) -> String {
    let mut a = vec!["assign"];
    a.extend_from_slice(args);
    env.json::<AssignmentJson>(&a).id
}

fn active(env: &TestEnv, who: &str, role: &str, scope: &str, extra: &[&str]) -> String {
    let mut a = vec![
        "--principal",
        who,
        "--role",
        role,
        "--scope",
        scope,
        "--type",
        "active",
        "--justification",
        "alerts test",
    ];
    a.extend_from_slice(extra);
    assign(env, &a)
}

fn remove(env: &TestEnv, id: &str) {
    env.run(&["--yes", "assign", "remove", id]).ok();
}

/// A config file with an `[alerts]` table; returns its path.
fn config(env: &TestEnv, name: &str, table: &str) -> String {
    let p = env.write_file(name, &format!("[alerts]\n{table}\n"));
    path_str(&p).to_string()
}

#[test]
fn too_many_global_admins_needs_the_count_and_the_share() {
    let mut env = TestEnv::bare();
    let mut ids = Vec::new();
    for u in ["u1", "u2", "u3"] {
        user(&env, u, &[]);
        ids.push(active(&env, u, "Global Administrator", "/", &[]));
    }
    // admin and three others: 4 of 4 holders, under the count of 5.
    assert!(!holds(&env, "too_many_global_admins"));
    user(&env, "u4", &[]);
    ids.push(active(&env, "u4", "Global Administrator", "/", &[]));
    let list = alerts(&env, &[]);
    let a = find(&list, "too_many_global_admins").expect("5 of 5 holders");
    assert_eq!((a.severity.as_str(), a.count), ("low", 5));
    assert_eq!(
        a.entra_alert.as_deref(),
        Some("TooManyGlobalAdminsAssignedToTenantAlert")
    );
    assert_eq!(names(a), vec!["admin", "u1", "u2", "u3", "u4"]);
    assert!(a.summary.contains("100% of the 5"), "{}", a.summary);

    // Four more principals with a privileged directory role (eligible): 5 of 9 is 55 %.
    for u in ["e1", "e2", "e3", "e4"] {
        user(&env, u, &[]);
        assign(&env, &["--principal", u, "--role", "Security Reader"]);
    }
    assert!(holds(&env, "too_many_global_admins"));
    let cfg = config(&env, "share.toml", "global_admin_percentage_threshold = 56");
    assert!(find(&alerts(&env, &["--config", &cfg]), "too_many_global_admins").is_none());
    let cfg = config(
        &env,
        "share55.toml",
        "global_admin_percentage_threshold = 55",
    );
    assert!(find(&alerts(&env, &["--config", &cfg]), "too_many_global_admins").is_some());

    // One holder fewer (after the 5 minutes an assignment must stand): off.
    env.now = "2026-11-22T09:10:00Z".into();
    remove(&env, &ids[0]);
    assert!(!holds(&env, "too_many_global_admins"));
}

#[test]
fn roles_without_mfa_on_activation_until_it_is_required() {
    let env = TestEnv::sample();
    let list = alerts(&env, &[]);
    let a = find(&list, "no_mfa_on_activation").expect("the sample requires no MFA");
    assert_eq!(a.severity, "low");
    let pairs: Vec<(&str, &str, Option<usize>)> = a
        .items
        .iter()
        .map(|i| {
            (
                i.role.as_deref().unwrap(),
                i.scope.as_deref().unwrap(),
                i.count,
            )
        })
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("Global Administrator", "/", Some(1)),
            (
                "Helpdesk Administrator",
                "/administrativeUnits/paris",
                Some(1)
            ),
            ("Privileged Role Administrator", "/", Some(1)),
            ("Security Administrator", "/", Some(1)),
        ]
    );
    assert!(a.items.iter().all(|i| i.principal.is_none()));
    let mfa = serde_json::json!({"activation": {"require_mfa": true}});
    set_settings(&env, "Global Administrator", "/", mfa.clone());
    set_settings(&env, "Privileged Role Administrator", "/", mfa.clone());
    set_settings(&env, "Security Administrator", "/", mfa.clone());
    assert_eq!(
        find(&alerts(&env, &[]), "no_mfa_on_activation")
            .unwrap()
            .count,
        1
    );
    // Settings are per scope: MFA at / does not cover the administrative unit.
    set_settings(&env, "Helpdesk Administrator", "/", mfa.clone());
    assert!(holds(&env, "no_mfa_on_activation"));
    set_settings(
        &env,
        "Helpdesk Administrator",
        "/administrativeUnits/paris",
        mfa,
    );
    assert!(!holds(&env, "no_mfa_on_activation"));
}

#[test]
fn permanent_active_assignments_outside_break_glass() {
    let mut env = TestEnv::bare();
    user(&env, "eve", &[]);
    assert!(!holds(&env, "permanent_active_assignments"));
    let id = active(&env, "eve", "Security Administrator", "/", &[]);
    // A time-bound one and a non-privileged one do not count.
    user(&env, "fred", &[]);
    active(&env, "fred", "Security Reader", "/", &["--duration", "30d"]);
    active(&env, "fred", "Groups Administrator", "/", &[]);
    let list = alerts(&env, &[]);
    let a = find(&list, "permanent_active_assignments").unwrap();
    assert_eq!((a.severity.as_str(), a.count), ("medium", 1));
    assert_eq!(a.entra_alert, None);
    let i = &a.items[0];
    assert_eq!(
        (
            i.principal.as_deref(),
            i.role.as_deref(),
            i.scope.as_deref(),
            i.assignment_id.as_deref(),
            i.since.as_deref(),
        ),
        (
            Some("eve"),
            Some("Security Administrator"),
            Some("/"),
            Some(id.as_str()),
            Some(T0)
        )
    );
    assert!(
        a.mitigation
            .contains("pim assign update ID --type eligible")
    );
    env.now = "2026-11-22T09:10:00Z".into();
    env.run(&["assign", "update", &id, "--type", "eligible"])
        .ok();
    assert!(!holds(&env, "permanent_active_assignments"));
}

#[test]
fn break_glass_accounts_are_counted() {
    let mut env = TestEnv::bare();
    let list = alerts(&env, &[]);
    let a = find(&list, "too_few_break_glass").unwrap();
    assert_eq!((a.severity.as_str(), a.count), ("medium", 1));
    assert_eq!(names(a), vec!["admin"]);
    assert!(a.summary.contains("at least 2"), "{}", a.summary);
    // A break-glass account's permanent Global Administrator is not a permanent-active alert.
    user(&env, "bg2", &["--break-glass"]);
    active(&env, "bg2", "Global Administrator", "/", &[]);
    let list = alerts(&env, &[]);
    assert!(find(&list, "too_few_break_glass").is_none());
    assert!(find(&list, "permanent_active_assignments").is_none());
    let cfg = config(&env, "three.toml", "min_break_glass = 3");
    assert!(find(&alerts(&env, &["--config", &cfg]), "too_few_break_glass").is_some());
    // A disabled account holds nothing.
    env.now = "2026-11-22T09:10:00Z".into();
    env.run(&["principal", "disable", "bg2"]).ok();
    assert_eq!(
        find(&alerts(&env, &[]), "too_few_break_glass")
            .unwrap()
            .count,
        1
    );
}

#[test]
fn eligible_administrators_who_do_not_activate() {
    let mut env = TestEnv::bare();
    user(&env, "eve", &[]);
    let elig = assign(
        &env,
        &["--principal", "eve", "--role", "Security Administrator"],
    );
    // Made exactly 30 days ago is not more than 30 days.
    env.now = "2026-12-22T09:00:00Z".into();
    assert!(!holds(&env, "unused_eligible_roles"));
    env.now = "2026-12-22T10:00:00Z".into();
    let list = alerts(&env, &[]);
    let a = find(&list, "unused_eligible_roles").expect("30 days and an hour");
    assert_eq!(a.entra_alert.as_deref(), Some("RedundantAssignmentAlert"));
    let i = &a.items[0];
    assert_eq!(
        (
            i.principal.as_deref(),
            i.assignment_id.as_deref(),
            i.since.as_deref(),
            i.last_activation.as_deref()
        ),
        (Some("eve"), Some(elig.as_str()), Some(T0), None)
    );
    // A config file with a longer period quiets it.
    let cfg = config(&env, "days.toml", "stale_activation_days = 31");
    assert!(find(&alerts(&env, &["--config", &cfg]), "unused_eligible_roles").is_none());
    // An activation turns it off for 30 days.
    env.run_as(
        "eve",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "INC-1",
            "--duration",
            "1h",
        ],
    )
    .ok();
    assert!(!holds(&env, "unused_eligible_roles"));
    env.now = "2027-01-22T09:00:00Z".into();
    let list = alerts(&env, &[]);
    let a = find(&list, "unused_eligible_roles").expect("a month later");
    assert_eq!(
        a.items[0].last_activation.as_deref(),
        Some("2026-12-22T10:00:00Z")
    );
}

#[test]
fn roles_activated_too_frequently() {
    let mut env = TestEnv::bare();
    user(&env, "eve", &[]);
    assign(
        &env,
        &["--principal", "eve", "--role", "Security Administrator"],
    );
    let activate = |env: &TestEnv| {
        env.run_as(
            "eve",
            &[
                "activate",
                "--role",
                "Security Administrator",
                "--justification",
                "again",
                "--duration",
                "30m",
            ],
        )
        .ok();
    };
    for hour in 10..14 {
        env.now = format!("2026-11-22T{hour}:00:00Z");
        activate(&env);
    }
    assert!(!holds(&env, "frequent_activations"), "4 activations");
    let cfg = config(&env, "four.toml", "activation_count_threshold = 4");
    assert!(find(&alerts(&env, &["--config", &cfg]), "frequent_activations").is_some());
    env.now = "2026-11-22T14:00:00Z".into();
    activate(&env);
    let list = alerts(&env, &[]);
    let a = find(&list, "frequent_activations").expect("5 in a day");
    assert_eq!(
        a.entra_alert.as_deref(),
        Some("SequentialActivationRenewalsAlert")
    );
    let i = &a.items[0];
    assert_eq!(
        (
            i.principal.as_deref(),
            i.role.as_deref(),
            i.scope.as_deref(),
            i.count,
            i.since.as_deref(),
            i.last_activation.as_deref()
        ),
        (
            Some("eve"),
            Some("Security Administrator"),
            Some("/"),
            Some(5),
            Some("2026-11-22T10:00:00Z"),
            Some("2026-11-22T14:00:00Z")
        )
    );
    // The window ends now: a day after the first, it has slid out.
    env.now = "2026-11-23T10:00:00Z".into();
    assert!(holds(&env, "frequent_activations"));
    env.now = "2026-11-23T10:00:01Z".into();
    assert!(!holds(&env, "frequent_activations"));
    let cfg = config(&env, "window.toml", "activation_window = \"2d\"");
    assert!(find(&alerts(&env, &["--config", &cfg]), "frequent_activations").is_some());
}

#[test]
fn too_many_owners_of_a_subscription() {
    let mut env = TestEnv::sample();
    let prod = "/subscriptions/prod";
    assert!(!holds(&env, "too_many_subscription_owners"));
    active(&env, "alice", "Owner", prod, &[]);
    active(&env, "bob", "Owner", prod, &[]);
    // Two permanent owners meet the permanent threshold of 2; carol is only eligible.
    let list = alerts(&env, &[]);
    let p = find(&list, "too_many_permanent_subscription_owners").unwrap();
    assert_eq!((p.severity.as_str(), p.count), ("medium", 2));
    assert_eq!(names(p), vec!["alice", "bob"]);
    assert!(p.items.iter().all(|i| i.count == Some(2)));
    assert!(find(&list, "too_many_subscription_owners").is_none());
    // An owner at another subscription does not add to prod's count.
    active(&env, "erin", "Owner", "/subscriptions/dev", &[]);
    assert!(!holds(&env, "too_many_subscription_owners"));
    let erin = active(&env, "erin", "Owner", prod, &["--duration", "30d"]);
    let list = alerts(&env, &[]);
    let o = find(&list, "too_many_subscription_owners").unwrap();
    assert_eq!(o.count, 3);
    assert_eq!(names(o), vec!["alice", "bob", "erin"]);
    assert!(o.summary.contains("/subscriptions/prod has 3 Owners"));
    assert!(o.items.iter().all(|i| i.scope.as_deref() == Some(prod)));
    env.now = "2026-11-22T09:10:00Z".into();
    remove(&env, &erin);
    assert!(!holds(&env, "too_many_subscription_owners"));
    let cfg = config(
        &env,
        "owners.toml",
        "subscription_permanent_owner_threshold = 3",
    );
    assert!(
        find(
            &alerts(&env, &["--config", &cfg]),
            "too_many_permanent_subscription_owners"
        )
        .is_none()
    );
}

#[test]
fn fail_on_sets_the_exit_code() {
    let env = TestEnv::sample();
    // The sample holds a medium alert (one break-glass account) and low ones.
    for (sev, code) in [("low", 1), ("medium", 1), ("high", 0)] {
        env.run(&["alerts", "--fail-on", sev]).code(code);
    }
    let r = env.run(&["alerts"]);
    r.ok()
        .stdout_has("SEVERITY")
        .stdout_has("There are fewer break-glass")
        .stdout_has("- admin: Global Administrator at /")
        .stdout_has("`pim principal");
    let r = env.run(&["-o", "csv", "alerts"]);
    r.ok();
    assert!(
        r.stdout
            .starts_with("id,severity,alert,count,details,fix\n")
    );
    let cfg = config(&env, "quiet.toml", "disabled = [\"too_few_break_glass\"]");
    env.run(&["--config", &cfg, "alerts", "--fail-on", "medium"])
        .ok();
    env.run(&["--config", &cfg, "alerts", "--fail-on", "low"])
        .code(1);
    env.run(&["alerts", "--fail-on", "severe"]).code(2);
}

#[test]
fn no_alerts_is_a_note() {
    let env = TestEnv::bare();
    let cfg = config(&env, "one.toml", "min_break_glass = 1");
    let r = env.run(&["--config", &cfg, "alerts", "--fail-on", "low"]);
    r.ok().stderr_has("no alerts");
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let r = env.run(&["--config", &cfg, "-o", "json", "alerts"]);
    r.ok().stderr_has("no alerts");
    assert_eq!(r.stdout.trim(), "[]");
    let off = config(&env, "off.toml", "min_break_glass = 0");
    assert!(alerts(&env, &["--config", &off]).is_empty());
}

#[test]
fn a_bad_alerts_table_is_refused() {
    let env = TestEnv::bare();
    for (name, table, needle) in [
        ("unknown.toml", "bogus = 1", "unknown field `bogus`"),
        (
            "low.toml",
            "global_admin_count_threshold = 1",
            "global_admin_count_threshold = 1 is out of range (2 to 100)",
        ),
        (
            "window.toml",
            "activation_window = \"soon\"",
            "invalid duration 'soon'",
        ),
        (
            "disabled.toml",
            "disabled = [\"nope\"]",
            "unknown alert 'nope'",
        ),
    ] {
        let cfg = config(&env, name, table);
        env.run(&["--config", &cfg, "alerts"]).refused(1, needle);
    }
}

#[test]
fn reading_alerts_needs_a_reader_role() {
    let env = TestEnv::sample();
    // bob is only eligible; erin holds nothing.
    for who in ["bob", "erin"] {
        env.run_as(who, &["alerts"])
            .refused(4, "reading alerts needs an active Global Administrator");
    }
    // alice holds Global Reader, active.
    env.run_as("alice", &["-o", "json", "alerts"]).ok();
    // Once bob activates Security Administrator, he may read them.
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "INC-2",
        ],
    )
    .ok();
    env.run_as("bob", &["alerts"]).ok();
}
