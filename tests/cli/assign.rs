//! `pim assign` and its subcommands.

use crate::support::*;

fn assign(env: &TestEnv, args: &[&str]) -> AssignmentJson {
    let mut a = vec!["assign"];
    a.extend_from_slice(args);
    env.json(&a)
}

#[test]
fn eligible_and_active_permanent_and_time_bound() {
    let env = TestEnv::sample();
    let e = assign(&env, &["--principal", "erin", "--role", "Security Reader"]);
    assert_eq!(
        (
            e.kind.as_str(),
            e.permanent,
            e.state.as_str(),
            e.scope.as_str()
        ),
        ("eligible", true, "in_force", "/")
    );
    assert_eq!(e.end, None);
    let a = assign(
        &env,
        &[
            "--principal",
            "erin",
            "--role",
            "Reports Reader",
            "--type",
            "active",
            "--duration",
            "8h",
            "--justification",
            "INC-4711",
            "--ticket-number",
            "4711",
            "--ticket-system",
            "ServiceNow",
        ],
    );
    assert_eq!(a.kind, "active");
    assert_eq!(a.end.as_deref(), Some("2026-11-22T17:00:00Z"));
    assert_eq!(
        (a.ticket_number.as_deref(), a.ticket_system.as_deref()),
        (Some("4711"), Some("ServiceNow"))
    );
    let t = assign(
        &env,
        &[
            "--principal",
            "erin",
            "--role",
            "Billing Administrator",
            "--end",
            "2026-12-01",
        ],
    );
    assert_eq!(t.end.as_deref(), Some("2026-12-01T00:00:00Z"));
    let iso = assign(
        &env,
        &[
            "--principal",
            "erin",
            "--role",
            "License Administrator",
            "--duration",
            "P90D",
        ],
    );
    assert_eq!(iso.end.as_deref(), Some("2027-02-20T09:00:00Z"));

    // The audit row carries Entra's activity name, the request, the justification and the ticket.
    let row = env.last_audit();
    assert_eq!(
        row.activity,
        "Add eligible member to role in PIM completed (timebound)"
    );
    assert_eq!(
        (
            row.category.as_str(),
            row.result.as_str(),
            row.os_user.as_str()
        ),
        ("RoleManagement", "success", os_user("admin"))
    );
    assert_eq!(row.assignment_id.as_deref(), Some(iso.id.as_str()));
    let active_row: Vec<AuditJson> = env.json(&[
        "audit",
        "list",
        "--action",
        "assignment.create",
        "--principal",
        "erin",
    ]);
    let r = active_row
        .iter()
        .find(|r| r.role.as_deref() == Some("Reports Reader"))
        .unwrap();
    assert_eq!(
        r.activity,
        "Add member to role in PIM completed (timebound)"
    );
    assert_eq!(
        (r.justification.as_deref(), r.ticket_number.as_deref()),
        (Some("INC-4711"), Some("4711"))
    );
    assert_eq!(r.end.as_deref(), Some("2026-11-22T17:00:00Z"));

    // A request row records every admin write.
    let requests: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM request WHERE action = 'admin_assign' AND status = 'provisioned'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(requests >= 4);
}

#[test]
fn a_future_start_is_scheduled_and_expiry_needs_no_daemon() {
    let env = TestEnv::sample();
    let s = assign(
        &env,
        &[
            "--principal",
            "erin",
            "--role",
            "Security Reader",
            "--start",
            "2026-11-23T09:00:00Z",
            "--duration",
            "1d",
        ],
    );
    assert_eq!(s.state, "scheduled");
    let status: String = env
        .conn()
        .query_row(
            "SELECT status FROM request WHERE target_assignment_id = ?1",
            [&s.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "scheduled");
    let at = |t: &str| -> AssignmentJson {
        let r = env.run_at(t, &["-o", "json", "assign", "show", &s.id]);
        r.ok();
        r.json()
    };
    assert_eq!(at("2026-11-23T08:59:59Z").state, "scheduled");
    assert_eq!(at("2026-11-23T09:00:00Z").state, "in_force");
    assert_eq!(at("2026-11-24T08:59:59Z").state, "in_force");
    // The end is exclusive.
    assert_eq!(at("2026-11-24T09:00:00Z").state, "expired");
    let later = env.run_at(
        "2026-11-25T00:00:00Z",
        &["-o", "json", "assign", "list", "--principal", "erin"],
    );
    later.ok();
    assert!(
        later.json::<Vec<AssignmentJson>>().is_empty(),
        "expired rows are not listed without --all"
    );
    let all = env.run_at(
        "2026-11-25T00:00:00Z",
        &[
            "-o",
            "json",
            "assign",
            "list",
            "--principal",
            "erin",
            "--all",
        ],
    );
    assert_eq!(all.json::<Vec<AssignmentJson>>().len(), 1);
    // A start in the past is taken as now.
    let past = assign(
        &env,
        &[
            "--principal",
            "erin",
            "--role",
            "Reports Reader",
            "--start",
            "2026-01-01",
            "--duration",
            "1h",
        ],
    );
    assert_eq!(past.start, T0);
}

#[test]
fn assignment_rules_refuse_with_their_names() {
    let env = TestEnv::sample();
    env.refuses(4, "JustificationRule", "assignment.create", |e| {
        e.run(&[
            "assign",
            "--principal",
            "erin",
            "--role",
            "Global Reader",
            "--type",
            "active",
        ])
    });
    env.refuses(4, "PrincipalTypeRule", "assignment.create", |e| {
        e.run(&[
            "assign",
            "--principal",
            "deploy-bot",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/prod",
            "--duration",
            "1d",
        ])
    });
    env.refuses(4, "cannot hold permanent", "assignment.create", |e| {
        e.run(&[
            "assign",
            "--principal",
            "deploy-bot",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/prod",
            "--type",
            "active",
            "--permanent",
            "--justification",
            "x",
        ])
    });
    env.refuses(4, "ExpirationRule", "assignment.create", |e| {
        e.run(&[
            "assign",
            "--principal",
            "erin",
            "--role",
            "Global Reader",
            "--duration",
            "4m",
        ])
    });
    env.refuses(
        1,
        "is a directory role and cannot be assigned at",
        "assignment.create",
        |e| {
            e.run(&[
                "assign",
                "--principal",
                "erin",
                "--role",
                "Global Reader",
                "--scope",
                "/subscriptions/prod",
            ])
        },
    );
    env.refuses(
        1,
        "is an Azure role and cannot be assigned at /",
        "assignment.create",
        |e| {
            e.run(&[
                "assign",
                "--principal",
                "erin",
                "--role",
                "Reader",
                "--scope",
                "/",
            ])
        },
    );
    env.refuses(1, "a scope is needed", "assignment.create", |e| {
        e.run(&["assign", "--principal", "erin", "--role", "Reader"])
    });
    env.refuses(1, "not role-assignable", "assignment.create", |e| {
        e.run(&[
            "assign",
            "--principal",
            "helpdesk",
            "--role",
            "Global Reader",
        ])
    });
    env.refuses(1, "RoleAssignmentExists", "assignment.create", |e| {
        e.run(&[
            "assign",
            "--principal",
            "bob",
            "--role",
            "Security Administrator",
        ])
    });
    env.refuses(1, "the end is in the past", "assignment.create", |e| {
        e.run(&[
            "assign",
            "--principal",
            "erin",
            "--role",
            "Global Reader",
            "--end",
            "2026-01-01",
        ])
    });
    env.refuses(
        3,
        "role 'Global Admin' not found",
        "assignment.create",
        |e| e.run(&["assign", "--principal", "erin", "--role", "Global Admin"]),
    );
    env.refuses(
        3,
        "scope '/subscriptions/nope' not found",
        "assignment.create",
        |e| {
            e.run(&[
                "assign",
                "--principal",
                "erin",
                "--role",
                "Reader",
                "--scope",
                "/subscriptions/nope",
            ])
        },
    );
    env.refuses(1, "control characters", "assignment.create", |e| {
        e.run(&[
            "assign",
            "--principal",
            "erin",
            "--role",
            "Global Reader",
            "--justification",
            "a\u{1b}[31mred",
        ])
    });
    env.refuses(4, "not authorized", "assignment.create", |e| {
        e.run_as(
            "bob",
            &["assign", "--principal", "erin", "--role", "Global Reader"],
        )
    });
    // Bad times and durations are invalid input (exit 1) caught before anything is written.
    for (flag, value) in [
        ("--duration", "8 parsecs"),
        ("--duration", "P1Y"),
        ("--duration", "0m"),
        ("--end", "the day after"),
        ("--start", "2026-13-40"),
    ] {
        let audit = env.count("audit");
        env.run(&[
            "assign",
            "--principal",
            "erin",
            "--role",
            "Global Reader",
            flag,
            value,
        ])
        .refused(1, "invalid");
        assert_eq!(env.count("audit"), audit);
    }
    // Usage errors are clap's: exit 2.
    env.run(&["assign", "--principal", "erin"]).code(2);
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "R",
        "--end",
        "2027-01-01",
        "--permanent",
    ])
    .code(2);
}

#[test]
fn a_scheduled_assignment_overlapping_another_is_a_duplicate() {
    let env = TestEnv::sample();
    assign(
        &env,
        &[
            "--principal",
            "erin",
            "--role",
            "Global Reader",
            "--start",
            "2026-12-01",
            "--duration",
            "10d",
        ],
    );
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Global Reader",
        "--start",
        "2026-12-05",
        "--duration",
        "1d",
    ])
    .refused(1, "RoleAssignmentExists");
    // Back to back is not an overlap: the end is exclusive.
    assign(
        &env,
        &[
            "--principal",
            "erin",
            "--role",
            "Global Reader",
            "--start",
            "2026-12-11",
            "--duration",
            "1d",
        ],
    );
    // Eligible and active of the same role are different assignments.
    assign(
        &env,
        &[
            "--principal",
            "erin",
            "--role",
            "Global Reader",
            "--type",
            "active",
            "--duration",
            "1h",
            "--justification",
            "x",
        ],
    );
}

#[test]
fn dry_run_changes_nothing_and_writes_no_audit() {
    let env = TestEnv::sample();
    let before = env.state();
    let audit = env.count("audit");
    let r = env.run(&[
        "-o",
        "json",
        "assign",
        "--principal",
        "erin",
        "--role",
        "Global Reader",
        "--dry-run",
    ]);
    r.ok().stderr_has("dry run");
    let v: AssignmentJson = r.json();
    assert_eq!(v.role_name, "Global Reader");
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Global Reader",
        "--type",
        "active",
        "--dry-run",
    ])
    .refused(4, "JustificationRule");
    assert_eq!(env.state(), before);
    assert_eq!(env.count("audit"), audit);
}

#[test]
fn update_extend_renew_and_remove() {
    let env = TestEnv::sample();
    let a = assign(
        &env,
        &[
            "--principal",
            "erin",
            "--role",
            "Security Reader",
            "--duration",
            "10d",
        ],
    );
    let id8 = &a.id[..8];
    // "make active" needs a justification, as any active assignment does.
    env.refuses(4, "JustificationRule", "assignment.update", |e| {
        e.run(&["assign", "update", id8, "--type", "active"])
    });
    let u = assign(
        &env,
        &[
            "update",
            id8,
            "--type",
            "active",
            "--justification",
            "promoted",
        ],
    );
    assert_eq!((u.kind.as_str(), u.id.as_str()), ("active", a.id.as_str()));
    let row = env.last_audit();
    assert_eq!(row.action, "assignment.update");
    assert_eq!(row.details.as_ref().unwrap()["old"]["type"], "eligible");
    env.refuses(1, "already started", "assignment.update", |e| {
        e.run(&["assign", "update", id8, "--start", "2026-12-01"])
    });
    env.run(&["assign", "update", id8])
        .refused(1, "nothing to change");

    // Extend: by a duration past the current end, or to a time.
    let x = assign(&env, &["extend", id8, "--duration", "5d"]);
    assert_eq!(x.end.as_deref(), Some("2026-12-07T09:00:00Z"));
    env.refuses(
        1,
        "not later than the current end",
        "assignment.extend",
        |e| e.run(&["assign", "extend", id8, "--end", "2026-12-01"]),
    );
    let perm = assign(&env, &["--principal", "erin", "--role", "Reports Reader"]);
    env.refuses(1, "is permanent", "assignment.extend", |e| {
        e.run(&["assign", "extend", &perm.id[..8], "--duration", "1d"])
    });
    env.run(&["assign", "extend", id8]).code(2);

    // After expiry: extend is refused, renew gives a new assignment as long as the old one.
    let late = "2026-12-08T09:00:00Z";
    env.run_at(late, &["assign", "extend", id8, "--duration", "1d"])
        .refused(1, "has expired")
        .stderr_has("renew");
    let r = env.run_at(late, &["-o", "json", "assign", "renew", id8]);
    r.ok();
    let renewed: AssignmentJson = r.json();
    assert_ne!(renewed.id, a.id);
    assert_eq!(renewed.renewed_from.as_deref(), Some(a.id.as_str()));
    assert_eq!(renewed.start, late);
    assert_eq!(renewed.end.as_deref(), Some("2026-12-23T09:00:00Z"));
    env.run_at(late, &["assign", "renew", &renewed.id[..8]])
        .refused(1, "has not expired");
    env.run_at("2027-02-01T00:00:00Z", &["assign", "renew", id8])
        .refused(1, "more than 30 days ago");

    // Remove: confirmation off a terminal, not within 5 minutes of assigning, then gone.
    let fresh = assign(&env, &["--principal", "erin", "--role", "Global Reader"]);
    env.run(&["assign", "remove", &fresh.id[..8]])
        .refused(1, "needs confirmation");
    env.refuses(4, "within 5 minutes", "assignment.remove", |e| {
        e.run(&["--yes", "assign", "remove", &fresh.id[..8]])
    });
    let r = env.run_at(
        "2026-11-22T09:05:00Z",
        &["-o", "json", "--yes", "assign", "remove", &fresh.id[..8]],
    );
    r.ok();
    assert_eq!(r.json::<AssignmentJson>().state, "removed");
    let row = env
        .run_at(
            "2026-11-22T09:05:00Z",
            &["-o", "json", "audit", "list", "--limit", "1"],
        )
        .json::<Vec<AuditJson>>();
    assert_eq!(
        row[0].activity,
        "Remove eligible member from role in PIM completed (permanent)"
    );
    env.run_at(
        "2026-11-22T09:06:00Z",
        &["--yes", "assign", "remove", &fresh.id[..8]],
    )
    .refused(1, "already removed");
}

#[test]
fn the_last_global_administrator_cannot_be_removed_or_demoted() {
    let env = TestEnv::sample();
    let rows: Vec<AssignmentJson> = env.json(&["assign", "list", "--principal", "admin"]);
    let ga = find(&rows, "admin", "Global Administrator").id.clone();
    let later = "2026-11-23T00:00:00Z";
    let before = env.state();
    env.run_at(later, &["--yes", "assign", "remove", &ga])
        .refused(4, "last active Global Administrator");
    env.run_at(later, &["assign", "update", &ga, "--type", "eligible"])
        .refused(4, "last active Global Administrator");
    // Nor cut to an hour: in an hour nobody would hold it.
    env.run_at(later, &["assign", "update", &ga, "--duration", "1h"])
        .refused(4, "LastGlobalAdministrator");
    assert_eq!(env.state(), before);
    // With a second one it can go.
    env.run_at(
        later,
        &[
            "assign",
            "--principal",
            "erin",
            "--role",
            "Global Administrator",
            "--type",
            "active",
            "--justification",
            "second",
        ],
    )
    .ok();
    env.run_at("2026-11-23T00:10:00Z", &["--yes", "assign", "remove", &ga])
        .ok();
    // The same protection holds for the last active Privileged Role Administrator.
    let pra = env.run_at(
        "2026-11-23T00:10:00Z",
        &[
            "-o",
            "json",
            "--as",
            "erin",
            "assign",
            "--principal",
            "alice",
            "--role",
            "Privileged Role Administrator",
            "--type",
            "active",
            "--justification",
            "pra",
        ],
    );
    pra.ok();
    let pra: AssignmentJson = pra.json();
    env.run_at(
        "2026-11-23T00:20:00Z",
        &["--as", "erin", "--yes", "assign", "remove", &pra.id],
    )
    .refused(4, "last active Privileged Role Administrator");
}

#[test]
fn ids_by_unique_prefix() {
    let env = TestEnv::sample();
    let rows: Vec<AssignmentJson> = env.json(&["assign", "list"]);
    let id = &rows[0].id;
    let shown: AssignmentJson = env.json(&["assign", "show", &id[..6]]);
    assert_eq!(&shown.id, id);
    let upper: AssignmentJson = env.json(&["assign", "show", &id.to_uppercase()]);
    assert_eq!(&upper.id, id);
    env.run(&["assign", "show", &id[..5]])
        .refused(1, "too short");
    env.run(&["assign", "show", "ffffffffff"])
        .refused(3, "not found");
    env.run(&["assign", "show", "not-an-id-at-all"])
        .refused(3, "not found");
}

#[test]
fn others_see_only_what_their_roles_allow() {
    let env = TestEnv::sample();
    // Bob holds nothing active: he sees his own rows only.
    let bob: Vec<AssignmentJson> = {
        let r = env.run_as("bob", &["-o", "json", "assign", "list"]);
        r.ok();
        r.json()
    };
    assert!(!bob.is_empty());
    assert!(
        bob.iter()
            .all(|a| a.principal_name == "bob" || a.principal_name == "tier0-admins")
    );
    let admin_row = env.json::<Vec<AssignmentJson>>(&["assign", "list", "--principal", "admin"])[0]
        .id
        .clone();
    env.run_as("bob", &["assign", "show", &admin_row])
        .refused(4, "may not see");
    env.refuses(4, "not authorized", "assignment.remove", |e| {
        e.run_as("bob", &["--yes", "assign", "remove", &admin_row])
    });
    env.refuses(3, "not found", "assignment.remove", |e| {
        e.run(&["--yes", "assign", "remove", "abcdef123"])
    });
    // Alice is an active Global Reader: she sees every directory row.
    let alice: Vec<AssignmentJson> = env
        .run_as("alice", &["-o", "json", "assign", "list"])
        .json();
    assert!(alice.iter().any(|a| a.principal_name == "admin"));
    // Carol reads Azure rows below the management group she is Reader of, but no directory rows.
    let carol: Vec<AssignmentJson> = env
        .run_as("carol", &["-o", "json", "assign", "list"])
        .json();
    assert!(carol.iter().any(|a| a.principal_name == "deploy-bot"));
    assert!(
        carol
            .iter()
            .all(|a| a.role_kind == "azure" || a.principal_name == "carol")
    );
}
