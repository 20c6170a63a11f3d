//! The protections on every path: the last Global (and Privileged Role) Administrator held over
//! time by an enabled user, and who may manage principals that hold privileged roles.

use serde_json::Value;

use crate::support::*;

const GA: &str = "Global Administrator";
const PRA: &str = "Privileged Role Administrator";
/// Later than the five-minute rule after the sample's assignments.
const LATER: &str = "2026-11-22T10:00:00Z";

/// Gives `who` an active assignment of `role` at `/`: permanent, or for `duration`.
fn active(env: &TestEnv, who: &str, role: &str, duration: Option<&str>) -> String {
    let mut args = vec![
        "-o",
        "json",
        "assign",
        "--principal",
        who,
        "--role",
        role,
        "--type",
        "active",
        "--justification",
        "test",
    ];
    match duration {
        Some(d) => args.extend(["--duration", d]),
        None => args.push("--permanent"),
    }
    let r = env.run(&args);
    r.ok();
    r.json::<AssignmentJson>().id
}

fn admin_ga(env: &TestEnv) -> String {
    let rows: Vec<AssignmentJson> = env.json(&["assign", "list", "--principal", "admin"]);
    find(&rows, "admin", GA).id.clone()
}

fn group(env: &TestEnv, name: &str) {
    env.run(&[
        "principal",
        "add",
        name,
        "--kind",
        "group",
        "--role-assignable",
    ])
    .ok();
}

#[test]
fn a_memberless_group_holding_global_administrator_keeps_no_one_in() {
    let env = TestEnv::sample();
    // A role-assignable group holds Global Administrator permanently, but nobody is in it.
    group(&env, "ga-holders");
    active(&env, "ga-holders", GA, None);
    // Its one member is disabled: still nobody.
    env.run(&["principal", "add", "gina"]).ok();
    env.run(&["group", "member", "add", "ga-holders", "gina"])
        .ok();
    env.run(&["principal", "disable", "gina"]).ok();
    // A service principal in it counts for nothing either.
    env.run(&["group", "member", "add", "ga-holders", "deploy-bot"])
        .ok();
    env.refuses(4, "LastGlobalAdministrator", "principal.disable", |e| {
        e.run_at(LATER, &["principal", "disable", "admin"])
    });
    env.refuses(4, "LastGlobalAdministrator", "principal.remove", |e| {
        e.run_at(LATER, &["--yes", "principal", "remove", "admin", "--force"])
    });
    let ga = admin_ga(&env);
    env.refuses(4, "LastGlobalAdministrator", "assignment.remove", |e| {
        e.run_at(LATER, &["--yes", "assign", "remove", &ga])
    });
    let r = env.run_at(LATER, &["principal", "disable", "admin"]);
    r.refused(4, "error: LastGlobalAdministrator: refused: this would remove the last active Global Administrator")
        .stderr_has("hint: first give another enabled user an active, permanent Global Administrator assignment");
    // With gina enabled again, the group holds it for her: then admin can go.
    env.run(&["principal", "enable", "gina"]).ok();
    env.run_at(LATER, &["principal", "disable", "admin"]).ok();
}

#[test]
fn the_only_permanent_administrator_is_not_cut_to_a_time_bound_one_nor_left_to_a_time_bound_one() {
    let env = TestEnv::sample();
    let ga = admin_ga(&env);
    // Cutting the only permanent GA to ten minutes.
    env.refuses(4, "LastGlobalAdministrator", "assignment.update", |e| {
        e.run_at(LATER, &["assign", "update", &ga, "--duration", "10m"])
    });
    // A second GA, but time-bound: removing, demoting or disabling the permanent one is refused,
    // since in eight hours nobody would hold it.
    active(&env, "erin", GA, Some("8h"));
    env.refuses(
        4,
        "afterwards the last would lose it at 2026-11-22T17:00:00Z",
        "assignment.remove",
        |e| e.run_at(LATER, &["--yes", "assign", "remove", &ga]),
    );
    env.refuses(4, "LastGlobalAdministrator", "assignment.update", |e| {
        e.run_at(LATER, &["assign", "update", &ga, "--type", "eligible"])
    });
    env.refuses(4, "LastGlobalAdministrator", "principal.disable", |e| {
        e.run_at(LATER, &["principal", "disable", "admin"])
    });
    // Among time-bound holders only (a database where nobody holds it permanently any more, as
    // an older pim could leave it), the one that lasts longest may not be cut shorter either.
    let long = active(&env, "carol", GA, Some("30d"));
    env.conn()
        .execute(
            "UPDATE assignment SET end_at = start_at + 86400 WHERE id = ?1",
            [&ga],
        )
        .unwrap();
    let later = "2026-11-22T10:10:00Z";
    env.refuses(4, "LastGlobalAdministrator", "assignment.update", |e| {
        e.run_at(later, &["assign", "update", &long, "--duration", "1d"])
    });
    // Extending it, or removing a shorter one, is fine.
    env.run_at(later, &["assign", "extend", &long, "--duration", "10d"])
        .ok();
    let erin: Vec<AssignmentJson> = env.json(&["assign", "list", "--principal", "erin"]);
    let short = find(&erin, "erin", GA).id.clone();
    env.run_at(later, &["--yes", "assign", "remove", &short])
        .ok();
}

#[test]
fn emptying_or_disabling_the_group_the_last_administrator_holds_it_through_is_refused() {
    let env = TestEnv::sample();
    group(&env, "ga-holders");
    active(&env, "ga-holders", GA, None);
    env.run(&["group", "member", "add", "ga-holders", "erin"])
        .ok();
    // erin holds it through the group: admin's own can go (admin keeps reading the log).
    active(&env, "admin", "Global Reader", None);
    env.run_at(LATER, &["--yes", "assign", "remove", &admin_ga(&env)])
        .ok();
    // erin, now the tenant's only Global Administrator, acts.
    let as_erin = |e: &TestEnv, args: &[&str]| {
        Run::from(
            e.command()
                .env("PIM_ACTOR", "erin")
                .env("PIM_NOW", LATER)
                .args(args)
                .output()
                .unwrap(),
        )
    };
    env.refuses(4, "LastGlobalAdministrator", "group.member.remove", |e| {
        as_erin(e, &["group", "member", "remove", "ga-holders", "erin"])
    });
    env.refuses(4, "LastGlobalAdministrator", "principal.disable", |e| {
        as_erin(e, &["principal", "disable", "ga-holders"])
    });
    env.refuses(4, "LastGlobalAdministrator", "principal.disable", |e| {
        as_erin(e, &["principal", "disable", "erin"])
    });
    env.refuses(4, "LastGlobalAdministrator", "principal.remove", |e| {
        as_erin(e, &["--yes", "principal", "remove", "erin", "--force"])
    });
    // Another member, then erin may leave.
    as_erin(&env, &["group", "member", "add", "ga-holders", "carol"]).ok();
    as_erin(&env, &["group", "member", "remove", "ga-holders", "erin"]).ok();
}

#[test]
fn the_last_privileged_role_administrator_is_held_by_an_enabled_user_too() {
    let env = TestEnv::sample();
    group(&env, "pra-holders");
    active(&env, "pra-holders", PRA, None);
    active(&env, "erin", PRA, None);
    env.refuses(
        4,
        "LastPrivilegedRoleAdministrator",
        "principal.disable",
        |e| e.run_at(LATER, &["principal", "disable", "erin"]),
    );
    let rows: Vec<AssignmentJson> = env.json(&["assign", "list", "--principal", "erin"]);
    let pra = find(&rows, "erin", PRA).id.clone();
    env.refuses(
        4,
        "LastPrivilegedRoleAdministrator",
        "assignment.update",
        |e| e.run_at(LATER, &["assign", "update", &pra, "--duration", "10m"]),
    );
}

#[test]
fn applying_a_review_keeps_the_last_permanent_administrator_when_only_a_time_bound_one_remains() {
    let env = TestEnv::sample();
    active(&env, "erin", GA, Some("8h"));
    let r = env.run(&[
        "-o",
        "json",
        "review",
        "create",
        "--name",
        "GA",
        "--role",
        GA,
        "--assignment-type",
        "active",
        "--reviewer",
        "alice",
        "--default-decision",
        "deny",
    ]);
    r.ok();
    let review: Value = r.json();
    let id = review["id"].as_str().unwrap().to_string();
    let done = env.run_at(LATER, &["-o", "json", "review", "complete", &id, "--apply"]);
    done.ok();
    let done: Value = done.json();
    let result = |who: &str| {
        done["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["principal"] == who)
            .map(|i| i["apply_result"].as_str().unwrap_or("").to_string())
            .unwrap()
    };
    assert_eq!(
        result("admin"),
        "kept: the last active Global Administrator assignment (LastGlobalAdministrator)"
    );
    assert_eq!(result("erin"), "removed");
    env.run_at(LATER, &["check", "--principal", "admin", "--role", GA])
        .ok();
}

/// The sample, with a User Administrator (ursula), a Privileged Authentication Administrator
/// (paula), a Privileged Role Administrator (priya) and a Groups Administrator (gwen), and the
/// principals they act on: frank (no role), gina (an active Global Administrator, not
/// break-glass), hank (in tier0-admins, which is eligible for Global Administrator), and a
/// group `ops` that is not role-assignable but eligible for Owner of prod.
fn directory() -> TestEnv {
    let env = TestEnv::sample();
    for (who, role) in [
        ("ursula", "User Administrator"),
        ("paula", "Privileged Authentication Administrator"),
        ("priya", PRA),
        ("gwen", "Groups Administrator"),
    ] {
        env.run(&["principal", "add", who]).ok();
        active(&env, who, role, Some("30d"));
    }
    for who in ["frank", "gina", "hank"] {
        env.run(&["principal", "add", who]).ok();
    }
    active(&env, "gina", GA, None);
    env.run(&["group", "member", "add", "tier0-admins", "hank"])
        .ok();
    env.run(&["principal", "add", "ops", "--kind", "group"])
        .ok();
    env.run(&[
        "assign",
        "--principal",
        "ops",
        "--role",
        "Owner",
        "--scope",
        "/subscriptions/prod",
    ])
    .ok();
    env.run(&["principal", "add", "plain-group", "--kind", "group"])
        .ok();
    env
}

#[test]
fn a_user_administrator_manages_unprivileged_principals_only() {
    let env = directory();
    // frank holds nothing: the User Administrator manages him.
    env.run_as(
        "ursula",
        &[
            "principal",
            "update",
            "frank",
            "--email",
            "f@contoso.example",
        ],
    )
    .ok();
    env.run_as("ursula", &["principal", "disable", "frank"])
        .ok();
    env.run_as("ursula", &["principal", "enable", "frank"]).ok();
    // Those who hold a privileged role — active (gina), eligible (bob), through a group (hank),
    // or are break-glass (admin) — are refused on every path, audited, nothing changed.
    for (who, why) in [
        (
            "gina",
            "'gina' holds the privileged role Global Administrator",
        ),
        ("bob", "'bob' holds the privileged role"),
        (
            "hank",
            "'hank' holds the privileged role Global Administrator",
        ),
        ("admin", "'admin' is a break-glass account"),
    ] {
        let needle = format!(
            "needs an active Global Administrator or Privileged Authentication Administrator assignment: {why}"
        );
        env.refuses(4, &needle, "principal.update", |e| {
            e.run_as(
                "ursula",
                &["principal", "update", who, "--email", "x@contoso.example"],
            )
        });
        env.refuses(4, &needle, "principal.update", |e| {
            e.run_as(
                "ursula",
                &["principal", "update", who, "--display-name", "X"],
            )
        });
        env.refuses(4, &needle, "principal.disable", |e| {
            e.run_as("ursula", &["principal", "disable", who])
        });
        env.refuses(4, &needle, "principal.remove", |e| {
            e.run_as("ursula", &["--yes", "principal", "remove", who, "--force"])
        });
    }
    // Enabling a disabled privileged principal too.
    env.run(&["principal", "disable", "bob"]).ok();
    env.refuses(
        4,
        "'bob' holds the privileged role",
        "principal.enable",
        |e| e.run_as("ursula", &["principal", "enable", "bob"]),
    );
    // A Privileged Role Administrator no longer manages privileged users either (it still
    // manages role-assignable groups, below).
    env.refuses(
        4,
        "'gina' holds the privileged role",
        "principal.disable",
        |e| e.run_as("priya", &["principal", "disable", "gina"]),
    );
    env.run_as("priya", &["principal", "disable", "frank"]).ok();
    // A Privileged Authentication Administrator does.
    env.run_as(
        "paula",
        &[
            "principal",
            "update",
            "gina",
            "--email",
            "gina@contoso.example",
        ],
    )
    .ok();
    env.run_as("paula", &["principal", "disable", "gina"]).ok();
    env.run_as("paula", &["principal", "enable", "bob"]).ok();
}

#[test]
fn a_group_that_holds_a_privileged_role_is_managed_by_privileged_role_or_global_administrators() {
    let env = directory();
    // A group holding nothing: the Groups Administrator manages its members.
    env.run_as("gwen", &["group", "member", "add", "plain-group", "frank"])
        .ok();
    env.run_as(
        "gwen",
        &["group", "member", "remove", "plain-group", "frank"],
    )
    .ok();
    // `ops` is not role-assignable, but eligible for Owner: adding to it hands that on.
    let needle = "needs an active Global Administrator or Privileged Role Administrator assignment: 'ops' holds the privileged role Owner";
    env.refuses(4, needle, "group.member.add", |e| {
        e.run_as("gwen", &["group", "member", "add", "ops", "frank"])
    });
    env.refuses(4, needle, "principal.disable", |e| {
        e.run_as("ursula", &["principal", "disable", "ops"])
    });
    env.refuses(4, needle, "group.onboard", |e| {
        e.run_as("gwen", &["group", "onboard", "ops"])
    });
    env.refuses(4, needle, "principal.update", |e| {
        e.run_as(
            "gwen",
            &["principal", "update", "ops", "--display-name", "Ops"],
        )
    });
    env.run_as("priya", &["group", "member", "add", "ops", "frank"])
        .ok();
    // frank is now privileged through ops: the User Administrator no longer manages him.
    env.refuses(
        4,
        "'frank' holds the privileged role Owner",
        "principal.disable",
        |e| e.run_as("ursula", &["principal", "disable", "frank"]),
    );
}
