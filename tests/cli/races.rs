//! Races that only concurrent writers can show: two processes send the conflicting writes at the
//! same instant, and the database (SQLite's write lock, PostgreSQL's lock on the audit head)
//! decides which goes first. Run on both engines (`PIM_TEST_DB`).

use std::sync::Barrier;

use crate::invariants::assert_holds;
use crate::support::*;

/// Runs both commands at the same instant; their outcomes, in the order given.
fn at_once(a: std::process::Command, b: std::process::Command) -> (Run, Run) {
    let barrier = Barrier::new(2);
    let go = |mut c: std::process::Command| {
        barrier.wait();
        Run::from(c.output().expect("run pim"))
    };
    std::thread::scope(|s| {
        let ha = s.spawn(|| go(a));
        let hb = s.spawn(|| go(b));
        (ha.join().unwrap(), hb.join().unwrap())
    })
}

fn command(env: &TestEnv, actor: &str, args: &[&str]) -> std::process::Command {
    let mut c = env.std_command();
    c.env("PIM_ACTOR", actor).args(args);
    c
}

fn count(env: &TestEnv, sql: &str, arg: &str) -> i64 {
    env.conn()
        .query_row(sql, [arg], |r| r.get(0))
        .expect("count")
}

#[test]
fn the_last_two_global_administrators_removed_at_once_leave_one() {
    let mut env = TestEnv::bare();
    for u in ["ga1", "ga2"] {
        env.run(&["principal", "add", u, "--kind", "user"]).ok();
        env.run(&[
            "assign",
            "--principal",
            u,
            "--role",
            "Global Administrator",
            "--type",
            "active",
            "--permanent",
            "--justification",
            "two administrators",
        ])
        .ok();
    }
    let ids: Vec<AssignmentJson> = env.json(&["assign", "list", "--role", "Global Administrator"]);
    let id_of = |who: &str| {
        ids.iter()
            .find(|a| a.principal_name == who)
            .map(|a| a.id.clone())
            .expect("an assignment")
    };
    // An hour later (an assignment is not removed within minutes of being made), the first
    // administrator steps back: ga1 and ga2 are the last two.
    env.now = "2026-11-22T10:00:00Z".into();
    env.run_as("ga1", &["--yes", "assign", "remove", &id_of("admin")])
        .ok();
    let (one, two) = at_once(
        command(&env, "ga1", &["--yes", "assign", "remove", &id_of("ga2")]),
        command(&env, "ga2", &["--yes", "assign", "remove", &id_of("ga1")]),
    );
    let mut codes = [one.code, two.code];
    codes.sort();
    assert_eq!(
        codes,
        [0, 4],
        "one removal goes through, the other is refused\n{}\n{}\n{}\n{}",
        one.stdout,
        one.stderr,
        two.stdout,
        two.stderr
    );
    let refused = if one.code == 4 { &one } else { &two };
    assert!(refused.stderr.starts_with("error: "), "{}", refused.stderr);
    let left = count(
        &env,
        "SELECT count(*) FROM assignment a JOIN role r ON r.id = a.role_id
          WHERE r.name = ?1 AND a.type = 'active' AND a.removed_at IS NULL",
        "Global Administrator",
    );
    assert_eq!(left, 1, "exactly one Global Administrator is left");
    // The one whose removal went through is the one left to check the log.
    env.actor = if one.code == 0 { "ga1" } else { "ga2" }.into();
    assert_holds(&env);
}

#[test]
fn one_eligibility_activated_twice_at_once_gives_one_activation() {
    let env = TestEnv::bare();
    env.run(&["principal", "add", "ann", "--kind", "user"]).ok();
    env.run(&[
        "assign",
        "--principal",
        "ann",
        "--role",
        "Security Reader",
        "--permanent",
    ])
    .ok();
    let activate = [
        "activate",
        "--role",
        "Security Reader",
        "--justification",
        "audit",
    ];
    let (one, two) = at_once(
        command(&env, "ann", &activate),
        command(&env, "ann", &activate),
    );
    // The second is told the role is already active (exit 0), never given a second activation.
    one.ok();
    two.ok();
    let live = count(
        &env,
        "SELECT count(*) FROM assignment a JOIN principal p ON p.id = a.principal_id
          WHERE p.name = ?1 AND a.activated_from IS NOT NULL AND a.removed_at IS NULL",
        "ann",
    );
    assert_eq!(live, 1, "one activation\n{}\n{}", one.stderr, two.stderr);
    assert_holds(&env);
}

#[test]
fn two_final_votes_at_once_give_one_activation() {
    let env = TestEnv::bare();
    for u in ["ann", "ap1", "ap2"] {
        env.run(&["principal", "add", u, "--kind", "user"]).ok();
    }
    env.run(&[
        "assign",
        "--principal",
        "ann",
        "--role",
        "Security Reader",
        "--permanent",
    ])
    .ok();
    env.run(&[
        "settings",
        "set",
        "--role",
        "Security Reader",
        "--require-approval",
        "true",
        "--stage",
        "ap1,ap2:1",
    ])
    .ok();
    env.run_as(
        "ann",
        &[
            "activate",
            "--role",
            "Security Reader",
            "--justification",
            "audit",
        ],
    )
    .code(5);
    let id: String = env
        .conn()
        .query_row(
            "SELECT id FROM request WHERE status = 'pending_approval'",
            [],
            |r| r.get(0),
        )
        .expect("the pending request");
    let vote = ["approve", id.as_str(), "--justification", "fine"];
    let (one, two) = at_once(command(&env, "ap1", &vote), command(&env, "ap2", &vote));
    // One vote decides; the other finds the request decided (refused, nothing written).
    let mut codes = [one.code, two.code];
    codes.sort();
    assert_eq!(codes[0], 0, "{}\n{}", one.stderr, two.stderr);
    let live = count(
        &env,
        "SELECT count(*) FROM assignment a JOIN principal p ON p.id = a.principal_id
          WHERE p.name = ?1 AND a.activated_from IS NOT NULL AND a.removed_at IS NULL",
        "ann",
    );
    assert_eq!(live, 1, "one activation\n{}\n{}", one.stderr, two.stderr);
    let votes = count(
        &env,
        "SELECT count(*) FROM approval_vote WHERE request_id = ?1 AND decision = 'approve'",
        &id,
    );
    assert!(votes >= 1, "the deciding vote is recorded");
    assert_holds(&env);
}
