// The JSON structs below are the contract: they name every field, including ones no test reads.
#![allow(dead_code)]

//! Access reviews: create, show, decide (by reviewers or each for themselves), complete and apply.

use crate::support::*;

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ReviewJson {
    id: String,
    name: String,
    role: String,
    role_id: String,
    scope: String,
    assignment_type: String,
    self_review: bool,
    reviewers: Vec<String>,
    default_decision: String,
    auto_apply: bool,
    status: String,
    start: String,
    end: String,
    completed_at: Option<String>,
    applied: bool,
    items_total: usize,
    items_decided: usize,
    #[serde(default)]
    items: Option<Vec<ItemJson>>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ItemJson {
    assignment_id: String,
    principal: String,
    principal_id: String,
    assignment_type: String,
    last_activation: Option<String>,
    recommendation: String,
    decision: String,
    reviewer: Option<String>,
    justification: Option<String>,
    decided_at: Option<String>,
    applied_by_default: bool,
    apply_result: Option<String>,
}

const ROLE: &str = "Security Administrator";

fn item<'a>(r: &'a ReviewJson, who: &str) -> &'a ItemJson {
    r.items
        .as_ref()
        .unwrap()
        .iter()
        .find(|i| i.principal == who)
        .unwrap()
}

/// A review of Security Administrator: bob (eligible, activated yesterday), erin (eligible, never
/// activated) and dave (active).
fn setup(env: &TestEnv, extra: &[&str]) -> ReviewJson {
    env.run(&["assign", "--principal", "erin", "--role", ROLE])
        .ok();
    env.run(&[
        "assign",
        "--principal",
        "dave",
        "--role",
        ROLE,
        "--type",
        "active",
        "--justification",
        "ops",
    ])
    .ok();
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            ROLE,
            "--justification",
            "x",
            "--duration",
            "1h",
        ],
    )
    .ok();
    let mut args = vec![
        "-o",
        "json",
        "review",
        "create",
        "--name",
        "Q4 security admins",
        "--role",
        ROLE,
    ];
    args.extend_from_slice(extra);
    let r = env.run_at("2026-11-23T09:00:00Z", &args);
    r.ok();
    r.json()
}

#[test]
fn a_review_from_start_to_applied() {
    let env = TestEnv::sample();
    let r = setup(
        &env,
        &[
            "--reviewer",
            "alice",
            "--default-decision",
            "recommendation",
            "--duration",
            "7d",
        ],
    );
    assert_eq!(
        (r.items_total, r.status.as_str(), r.end.as_str()),
        (3, "in_progress", "2026-11-30T09:00:00Z")
    );
    assert_eq!(item(&r, "bob").recommendation, "approve");
    assert_eq!(item(&r, "bob").last_activation.as_deref(), Some(T0));
    assert_eq!(item(&r, "erin").recommendation, "deny");
    assert_eq!(item(&r, "dave").recommendation, "no_info");
    let at = "2026-11-24T09:00:00Z";
    // Only the reviewer decides, with a reason.
    env.refuses(4, "not a reviewer", "review.decide", |e| {
        e.run_at(
            at,
            &[
                "--as",
                "carol",
                "review",
                "decide",
                &r.id,
                "--principal",
                "bob",
                "--decision",
                "approve",
                "--justification",
                "x",
            ],
        )
    });
    env.run_at(
        at,
        &[
            "--as",
            "alice",
            "review",
            "decide",
            &r.id[..8],
            "--principal",
            "bob",
            "--decision",
            "approve",
            "--justification",
            "uses it",
        ],
    )
    .ok();
    env.run_at(
        at,
        &[
            "--as",
            "alice",
            "review",
            "decide",
            &r.id,
            "--principal",
            "erin",
            "--decision",
            "approve",
        ],
    )
    .code(2);
    let shown: ReviewJson = env
        .run_at(at, &["-o", "json", "review", "show", &r.id])
        .json();
    assert_eq!(shown.items_decided, 1);
    let bob = item(&shown, "bob");
    assert_eq!(
        (
            bob.decision.as_str(),
            bob.reviewer.as_deref(),
            bob.justification.as_deref()
        ),
        ("approve", Some("alice"), Some("uses it"))
    );
    let table = env.run_at(at, &["review", "show", &r.id]);
    table.ok().stdout_has("RECOMMENDATION").stdout_has("never");
    // Completing needs a manager; applying removes what the default (the recommendation) denies.
    env.refuses(4, "not authorized", "review.complete", |e| {
        e.run_at(
            at,
            &["--as", "alice", "review", "complete", &r.id, "--apply"],
        )
    });
    let done = env.run_at(at, &["-o", "json", "review", "complete", &r.id, "--apply"]);
    done.ok();
    let done: ReviewJson = done.json();
    assert_eq!((done.status.as_str(), done.applied), ("completed", true));
    let erin = item(&done, "erin");
    assert_eq!(
        (
            erin.decision.as_str(),
            erin.applied_by_default,
            erin.apply_result.as_deref()
        ),
        ("deny", true, Some("removed"))
    );
    assert_eq!(item(&done, "bob").apply_result.as_deref(), Some("kept"));
    assert_eq!(item(&done, "dave").decision, "not_reviewed");
    let left: Vec<AssignmentJson> = env
        .run_at(
            at,
            &[
                "-o",
                "json",
                "assign",
                "list",
                "--role",
                ROLE,
                "--principal",
                "erin",
            ],
        )
        .json();
    assert!(left.is_empty(), "erin's denied assignment was removed");
    let removal: Vec<AuditJson> = env
        .run_at(
            at,
            &[
                "-o",
                "json",
                "audit",
                "list",
                "--action",
                "assignment.remove",
                "--principal",
                "erin",
            ],
        )
        .json();
    assert_eq!(removal.len(), 1);
    assert_eq!(
        removal[0].details.as_ref().unwrap()["cause"],
        "access_review"
    );
    let rows: Vec<AuditJson> = env
        .run_at(at, &["-o", "json", "audit", "list", "--action", "review"])
        .json();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "review.complete").count(),
        2,
        "a refused and a done completion"
    );
    assert!(actions.contains(&"review.create") && actions.contains(&"review.decide"));
    env.run_at(at, &["review", "complete", &r.id])
        .refused(1, "already completed");
    env.run_at(
        at,
        &[
            "--as",
            "alice",
            "review",
            "decide",
            &r.id,
            "--principal",
            "dave",
            "--decision",
            "deny",
            "--justification",
            "late",
        ],
    )
    .refused(1, "completed");
}

#[test]
fn self_review_and_who_may_decide() {
    let env = TestEnv::sample();
    let r = setup(&env, &["--self-review"]);
    env.run_at(
        "2026-11-24T09:00:00Z",
        &[
            "--as",
            "bob",
            "review",
            "decide",
            &r.id,
            "--principal",
            "bob",
            "--decision",
            "approve",
            "--justification",
            "still need it",
        ],
    )
    .ok();
    env.run_at(
        "2026-11-24T09:00:00Z",
        &[
            "--as",
            "bob",
            "review",
            "decide",
            &r.id,
            "--principal",
            "erin",
            "--decision",
            "deny",
            "--justification",
            "x",
        ],
    )
    .refused(4, "only their own");
    // A reviewer or self-review is needed, not both and not neither.
    env.run(&["review", "create", "--name", "x", "--role", ROLE])
        .code(2);
    env.run(&[
        "review",
        "create",
        "--name",
        "x",
        "--role",
        ROLE,
        "--reviewer",
        "alice",
        "--self-review",
    ])
    .code(2);
    env.run(&[
        "review",
        "create",
        "--name",
        "x",
        "--role",
        "Nope",
        "--reviewer",
        "alice",
    ])
    .refused(3, "not found");
    env.run_as(
        "bob",
        &[
            "review",
            "create",
            "--name",
            "x",
            "--role",
            ROLE,
            "--reviewer",
            "alice",
        ],
    )
    .refused(4, "not authorized");
    // Off a terminal, deciding without --principal is a usage error naming the flags.
    env.run_as("bob", &["review", "decide", &r.id])
        .refused(
            2,
            "`pim review decide` needs --principal P and --decision approve|deny|dont-know, or a terminal",
        )
        .stderr_has("--justification");
    let listed: Vec<ReviewJson> = env.json(&["review", "list"]);
    assert_eq!(listed.len(), 1);
    assert!(listed[0].items.is_none());
}

#[test]
fn a_review_past_its_end_completes_itself() {
    let env = TestEnv::sample();
    let r = setup(
        &env,
        &[
            "--reviewer",
            "alice",
            "--duration",
            "1d",
            "--default-decision",
            "deny",
            "--auto-apply",
        ],
    );
    env.run_at("2026-11-24T08:59:59Z", &["sweep"]).ok();
    let open: ReviewJson = env
        .run_at(
            "2026-11-24T08:59:59Z",
            &["-o", "json", "review", "show", &r.id],
        )
        .json();
    assert_eq!(open.status, "in_progress");
    env.run_at("2026-11-24T09:00:00Z", &["sweep"]).ok();
    let done: ReviewJson = env
        .run_at(
            "2026-11-24T09:00:00Z",
            &["-o", "json", "review", "show", &r.id],
        )
        .json();
    assert_eq!((done.status.as_str(), done.applied), ("completed", true));
    assert!(
        done.items
            .unwrap()
            .iter()
            .all(|i| i.decision == "deny" && i.apply_result.as_deref() == Some("removed"))
    );
    let row = env
        .run_at(
            "2026-11-24T09:00:00Z",
            &["-o", "json", "audit", "list", "--action", "review.complete"],
        )
        .json::<Vec<AuditJson>>()
        .remove(0);
    assert_eq!(row.actor, "MS-PIM");
}

#[test]
fn applying_a_review_never_removes_the_last_global_administrator() {
    let env = TestEnv::sample();
    let r = env.run(&[
        "-o",
        "json",
        "review",
        "create",
        "--name",
        "GA",
        "--role",
        "Global Administrator",
        "--reviewer",
        "alice",
        "--default-decision",
        "deny",
    ]);
    r.ok();
    let r: ReviewJson = r.json();
    assert_eq!(r.items_total, 2);
    let done: ReviewJson = env
        .run_at(
            "2026-11-23T00:00:00Z",
            &["-o", "json", "review", "complete", &r.id, "--apply"],
        )
        .json();
    assert!(
        item(&done, "admin")
            .apply_result
            .as_deref()
            .unwrap()
            .contains("last active Global Administrator")
    );
    assert_eq!(
        item(&done, "tier0-admins").apply_result.as_deref(),
        Some("removed")
    );
    env.run_at(
        "2026-11-23T00:00:00Z",
        &[
            "check",
            "--principal",
            "admin",
            "--role",
            "Global Administrator",
        ],
    )
    .ok();
}
