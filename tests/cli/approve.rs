// The JSON structs below are the contract: they name every field, including ones no test reads.
#![allow(dead_code)]

//! The approval workflow: approve, deny, cancel, stages, N-of-M, time-outs, --wait and races.

use crate::activate::{ActivationJson, set_settings};
use crate::support::*;

#[derive(serde::Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RequestJson {
    pub id: String,
    pub action: String,
    pub status: String,
    pub principal: String,
    pub principal_id: String,
    pub role: String,
    pub role_id: String,
    pub scope: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub duration_secs: Option<i64>,
    pub justification: Option<String>,
    pub ticket_number: Option<String>,
    pub ticket_system: Option<String>,
    pub created_at: String,
    pub completed_at: Option<String>,
    pub reason: Option<String>,
    pub assignment_id: Option<String>,
    pub age_secs: i64,
    pub time_left_secs: Option<i64>,
    pub current_stage: Option<i64>,
    pub stages: Vec<StageJson>,
    pub votes: Vec<VoteJson>,
}

#[derive(serde::Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct StageJson {
    pub stage: i64,
    pub status: String,
    pub required_approvals: i64,
    pub approvers: Vec<String>,
    pub started_at: Option<String>,
    pub deadline: Option<String>,
    pub completed_at: Option<String>,
}

#[derive(serde::Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct VoteJson {
    pub voter: String,
    pub stage: i64,
    pub decision: String,
    pub justification: Option<String>,
    pub at: String,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct DecisionJson {
    request_id: String,
    decision: String,
    stage: i64,
    status: String,
    approvals_needed: i64,
    assignment_id: Option<String>,
    start: Option<String>,
    end: Option<String>,
}

const ROLE: &str = "Security Administrator";

fn require_approval(env: &TestEnv, stages: serde_json::Value) {
    set_settings(
        env,
        ROLE,
        "/",
        serde_json::json!({"activation": {"require_approval": true, "approval_stages": stages}}),
    );
}

fn id_of(env: &TestEnv, name: &str) -> String {
    env.conn()
        .query_row("SELECT id FROM principal WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .unwrap()
}

/// Bob asks to activate; returns the request ID.
fn bob_asks(env: &TestEnv) -> String {
    let r = env.run_as(
        "bob",
        &[
            "-o",
            "json",
            "activate",
            "--role",
            ROLE,
            "--justification",
            "INC-9",
            "--ticket-number",
            "9",
            "--ticket-system",
            "Jira",
        ],
    );
    r.code(5);
    r.json::<ActivationJson>().request_id.unwrap()
}

fn decide(env: &TestEnv, who: &str, verb: &str, id: &str, why: &str) -> crate::support::Run {
    env.run_as(who, &["-o", "json", verb, id, "--justification", why])
}

fn show(env: &TestEnv, id: &str) -> RequestJson {
    env.json(&["request", "show", id])
}

#[test]
fn request_approve_active_expire() {
    let env = TestEnv::sample();
    require_approval(
        &env,
        serde_json::json!([{"approvers": [id_of(&env, "alice")]}]),
    );
    let id = bob_asks(&env);
    // Alice sees what waits for her, with who, what, why and for how long.
    let waiting: Vec<RequestJson> = env
        .run_as("alice", &["-o", "json", "approve", "list"])
        .json();
    assert_eq!(waiting.len(), 1);
    let w = &waiting[0];
    assert_eq!(
        (w.principal.as_str(), w.role.as_str(), w.duration_secs),
        ("bob", ROLE, Some(8 * 3600))
    );
    assert_eq!(
        (w.justification.as_deref(), w.ticket_number.as_deref()),
        (Some("INC-9"), Some("9"))
    );
    assert_eq!(w.time_left_secs, Some(86_400));
    let table = env.run_as("alice", &["approve", "list"]);
    table
        .ok()
        .stdout_has("bob")
        .stdout_has("INC-9")
        .stdout_has("1d");
    // Others see nothing to decide.
    let none: Vec<RequestJson> = env
        .run_as("carol", &["-o", "json", "approve", "list"])
        .json();
    assert!(none.is_empty());
    let later = "2026-11-22T09:30:00Z";
    let r = env.run_at(
        later,
        &[
            "--as",
            "alice",
            "-o",
            "json",
            "approve",
            &id[..8],
            "--justification",
            "on call",
        ],
    );
    r.ok();
    let d: DecisionJson = r.json();
    assert_eq!(d.status, "provisioned");
    // The activation starts at the approval and lasts what was asked for.
    assert_eq!(
        (d.start.as_deref(), d.end.as_deref()),
        (Some(later), Some("2026-11-22T17:30:00Z"))
    );
    env.run_at(later, &["check", "--principal", "bob", "--role", ROLE])
        .ok();
    let activities: Vec<String> = env
        .run_at(later, &["-o", "json", "audit", "list", "--limit", "2"])
        .json::<Vec<AuditJson>>()
        .into_iter()
        .map(|a| a.activity)
        .collect();
    assert_eq!(
        activities,
        [
            "Add member to role completed (PIM activation)",
            "Add member to role request approved (PIM activation)"
        ]
    );
    let full = show(&env, &id);
    assert_eq!(full.status, "provisioned");
    assert_eq!(full.votes.len(), 1);
    assert_eq!(
        (
            full.votes[0].voter.as_str(),
            full.votes[0].justification.as_deref()
        ),
        ("alice", Some("on call"))
    );
    let timeline = env.run(&["request", "show", &id]);
    timeline
        .ok()
        .stdout_has("created")
        .stdout_has("alice approved: on call")
        .stdout_has("provisioned");
    // It expires like any activation.
    env.run_at(
        "2026-11-22T17:30:00Z",
        &["check", "--principal", "bob", "--role", ROLE],
    )
    .code(1);
    let swept: serde_json::Value = env
        .run_at("2026-11-22T18:00:00Z", &["-o", "json", "sweep"])
        .json();
    assert_eq!(swept["expired"].as_array().unwrap().len(), 1);
    // A decided request cannot be decided again.
    env.run_as("erin", &["approve", &id, "--justification", "late"])
        .refused(1, "already decided");
    // Settings were changed through settings import: the state is what the log says.
    crate::invariants::assert_holds(&env);
}

#[test]
fn refusals_of_approvers() {
    let env = TestEnv::sample();
    require_approval(
        &env,
        serde_json::json!([{"approvers": [id_of(&env, "alice")]}]),
    );
    let id = bob_asks(&env);
    env.refuses(4, "your own request", "request.approve", |e| {
        e.run_as("bob", &["approve", &id, "--justification", "me"])
    });
    env.refuses(4, "not an approver", "request.approve", |e| {
        e.run_as("carol", &["approve", &id, "--justification", "x"])
    });
    env.refuses(4, "JustificationRule", "request.approve", |e| {
        e.run_as("alice", &["approve", &id])
    });
    env.refuses(3, "not found", "request.approve", |e| {
        e.run_as("alice", &["approve", "abcdef99", "--justification", "x"])
    });
    // Off a terminal, `approve` with no ID is a usage error naming the argument and the terminal,
    // and says what waits (it never claims that nothing does).
    env.run_as("alice", &["approve"])
        .refused(
            2,
            "`pim approve` needs the request ID (`pim approve ID`), or a terminal",
        )
        .stderr_has("hint: 1 request waits for your decision: `pim approve list` shows it");
    env.run_as("carol", &["approve"])
        .refused(2, "needs the request ID")
        .stderr_has("hint: no request waits for your decision now");
}

#[test]
fn the_requester_never_decides_whatever_roles_they_hold() {
    let env = TestEnv::sample();
    // Erin becomes a Global Administrator; Security Reader requires approval by the default
    // approvers (Global and Privileged Role Administrators), which erin now is.
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Global Administrator",
        "--type",
        "active",
        "--justification",
        "x",
    ])
    .ok();
    env.run(&["assign", "--principal", "erin", "--role", "Security Reader"])
        .ok();
    set_settings(
        &env,
        "Security Reader",
        "/",
        serde_json::json!({"activation": {"require_approval": true}}),
    );
    let r = env.run_as(
        "erin",
        &[
            "-o",
            "json",
            "activate",
            "--role",
            "Security Reader",
            "--justification",
            "x",
        ],
    );
    r.code(5);
    let id = r.json::<ActivationJson>().request_id.unwrap();
    env.run_as("erin", &["approve", &id, "--justification", "me"])
        .refused(4, "your own request");
    // The default approvers decide: admin is a Global Administrator.
    let d: DecisionJson = decide(&env, "admin", "approve", &id, "fine").json();
    assert_eq!(d.status, "provisioned");
    // Settings were changed through settings import: the state is what the log says.
    crate::invariants::assert_holds(&env);
}

#[test]
fn n_of_m_and_stages_in_series() {
    let env = TestEnv::sample();
    let (alice, erin, carol, dave) = (
        id_of(&env, "alice"),
        id_of(&env, "erin"),
        id_of(&env, "carol"),
        id_of(&env, "dave"),
    );
    require_approval(
        &env,
        serde_json::json!([
            {"approvers": [alice, erin, carol], "required_approvals": 2},
            {"approvers": [dave, alice]},
        ]),
    );
    let id = bob_asks(&env);
    // Dave cannot decide stage 1.
    env.run_as("dave", &["approve", &id, "--justification", "x"])
        .refused(4, "not an approver of stage 1");
    let d: DecisionJson = decide(&env, "alice", "approve", &id, "one").json();
    assert_eq!(
        (d.stage, d.approvals_needed, d.status.as_str()),
        (1, 1, "pending_approval")
    );
    let d: DecisionJson = decide(&env, "erin", "approve", &id, "two").json();
    assert_eq!((d.stage, d.approvals_needed), (1, 0));
    let s = show(&env, &id);
    assert_eq!(s.current_stage, Some(2));
    assert_eq!(s.stages[0].status, "approved");
    // One vote per person across stages: alice approved stage 1 and cannot vote in stage 2.
    env.run_as("alice", &["approve", &id, "--justification", "again"])
        .refused(1, "one vote per person");
    env.run_as("bob", &["check", "--principal", "bob", "--role", ROLE])
        .code(1);
    let d: DecisionJson = decide(&env, "dave", "approve", &id, "three").json();
    assert_eq!(d.status, "provisioned");
    env.run_as("bob", &["check", "--principal", "bob", "--role", ROLE])
        .ok();
    // Settings were changed through settings import: the state is what the log says.
    crate::invariants::assert_holds(&env);
}

#[test]
fn a_deny_in_stage_two_ends_it() {
    let env = TestEnv::sample();
    require_approval(
        &env,
        serde_json::json!([{"approvers": [id_of(&env, "alice")]}, {"approvers": [id_of(&env, "erin")]}]),
    );
    let id = bob_asks(&env);
    decide(&env, "alice", "approve", &id, "ok").ok();
    let d: DecisionJson = decide(&env, "erin", "deny", &id, "not during the freeze").json();
    assert_eq!(d.status, "denied");
    assert_eq!(
        env.last_audit().activity,
        "Add member to role request denied (PIM activation)"
    );
    env.run_as("bob", &["check", "--principal", "bob", "--role", ROLE])
        .code(1);
    let s = show(&env, &id);
    assert_eq!(s.stages[1].status, "denied");
    env.run_as("alice", &["approve", &id, "--justification", "x"])
        .refused(1, "already decided: denied");
    env.run_as("erin", &["deny", &id]).code(1);
    // Settings were changed through settings import: the state is what the log says.
    crate::invariants::assert_holds(&env);
}

#[test]
fn a_stage_times_out_after_a_day() {
    let env = TestEnv::sample();
    require_approval(
        &env,
        serde_json::json!([{"approvers": [id_of(&env, "alice")]}]),
    );
    let id = bob_asks(&env);
    env.run_at("2026-11-23T08:59:59Z", &["-o", "json", "sweep"])
        .ok();
    assert_eq!(show(&env, &id).status, "pending_approval");
    env.run_at("2026-11-23T09:00:00Z", &["sweep"]).ok();
    let s = show(&env, &id);
    assert_eq!(s.status, "timed_out");
    assert_eq!(s.stages[0].status, "timed_out");
    let row = env
        .run_at(
            "2026-11-23T09:00:00Z",
            &["-o", "json", "audit", "list", "--limit", "1"],
        )
        .json::<Vec<AuditJson>>()
        .remove(0);
    assert_eq!(
        (row.actor.as_str(), row.activity.as_str()),
        ("MS-PIM", "PIM activation request expired")
    );
    env.run_at(
        "2026-11-23T09:10:00Z",
        &["--as", "alice", "approve", &id, "--justification", "late"],
    )
    .refused(1, "already decided: timed_out");
    // A second sweep records nothing again.
    let audit = env.count("audit");
    env.run_at("2026-11-23T09:20:00Z", &["sweep"]).ok();
    assert_eq!(env.count("audit"), audit);
    // The requester may ask again.
    let again = env.run_at(
        "2026-11-23T09:30:00Z",
        &[
            "--as",
            "bob",
            "-o",
            "json",
            "activate",
            "--role",
            ROLE,
            "--justification",
            "again",
        ],
    );
    again.code(5);
    // Settings were changed through settings import: the state is what the log says.
    crate::invariants::assert_holds(&env);
}

#[test]
fn cancel_by_the_requester_or_an_administrator() {
    let env = TestEnv::sample();
    require_approval(
        &env,
        serde_json::json!([{"approvers": [id_of(&env, "alice")]}]),
    );
    let id = bob_asks(&env);
    env.refuses(
        4,
        "only the requester or an administrator",
        "request.cancel",
        |e| e.run_as("carol", &["request", "cancel", &id]),
    );
    env.run_as("bob", &["request", "cancel", &id])
        .ok()
        .stderr_has("canceled");
    assert_eq!(show(&env, &id).status, "canceled");
    env.run_as("alice", &["approve", &id, "--justification", "x"])
        .refused(1, "already decided: canceled");
    env.run_as("bob", &["request", "cancel", &id])
        .refused(1, "not waiting");
    // An administrator cancels someone else's.
    let id2 = bob_asks(&env);
    env.run(&["request", "cancel", &id2]).ok();
    // Bob lists his own requests.
    let mine: Vec<RequestJson> = env
        .run_as("bob", &["-o", "json", "request", "list", "--mine"])
        .json();
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|r| r.status == "canceled"));
    let pending: Vec<RequestJson> = env
        .run_as("bob", &["-o", "json", "request", "list", "--pending"])
        .json();
    assert!(pending.is_empty());
}

#[test]
fn approver_changes_apply_to_waiting_requests_and_eligibility_is_rechecked() {
    let env = TestEnv::sample();
    require_approval(
        &env,
        serde_json::json!([{"approvers": [id_of(&env, "alice")]}]),
    );
    let id = bob_asks(&env);
    // The settings now name erin instead of alice: the waiting request follows.
    require_approval(
        &env,
        serde_json::json!([{"approvers": [id_of(&env, "erin")]}]),
    );
    env.run_as("alice", &["approve", &id, "--justification", "x"])
        .refused(4, "not an approver");
    // Bob's eligibility is removed before anyone approves: the approval cannot grant it.
    let elig: Vec<AssignmentJson> =
        env.json(&["assign", "list", "--principal", "bob", "--role", ROLE]);
    env.run_at(
        "2026-11-22T09:10:00Z",
        &["--yes", "assign", "remove", &elig[0].id],
    )
    .ok();
    let r = env.run_at(
        "2026-11-22T09:20:00Z",
        &[
            "--as",
            "erin",
            "-o",
            "json",
            "approve",
            &id,
            "--justification",
            "x",
        ],
    );
    r.ok();
    assert_eq!(r.json::<DecisionJson>().status, "failed");
    let s = show(&env, &id);
    assert_eq!(s.status, "failed");
    assert!(s.reason.unwrap().contains("eligibility"));
    env.run_at(
        "2026-11-22T09:20:00Z",
        &["check", "--principal", "bob", "--role", ROLE],
    )
    .code(1);
    // Settings were changed through settings import: the state is what the log says.
    crate::invariants::assert_holds(&env);
}

#[test]
fn self_service_extend_is_decided_by_an_administrator() {
    let env = TestEnv::sample();
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
            ROLE,
            "--justification",
            "still needed",
            "--duration",
            "30d",
        ],
    );
    r.code(5);
    let id = r.json::<serde_json::Value>()["request_id"]
        .as_str()
        .unwrap()
        .to_string();
    // Carol is no administrator of directory roles.
    env.run_at(
        near,
        &["--as", "carol", "approve", &id, "--justification", "x"],
    )
    .refused(4, "not an approver");
    // The administrator approves, and changes the end.
    let r = env.run_at(
        near,
        &[
            "-o",
            "json",
            "approve",
            &id,
            "--justification",
            "until the audit",
            "--end",
            "2027-06-30",
        ],
    );
    r.ok();
    let d: DecisionJson = r.json();
    assert_eq!(
        (d.status.as_str(), d.end.as_deref()),
        ("provisioned", Some("2027-06-30T00:00:00Z"))
    );
    let rows: Vec<AssignmentJson> = env
        .run_at(
            near,
            &[
                "-o",
                "json",
                "assign",
                "list",
                "--principal",
                "bob",
                "--role",
                ROLE,
            ],
        )
        .json();
    assert_eq!(rows[0].end.as_deref(), Some("2027-06-30T00:00:00Z"));
    assert_eq!(
        env.run_at(near, &["-o", "json", "audit", "list", "--limit", "1"])
            .json::<Vec<AuditJson>>()[0]
            .activity,
        "Update member in PIM approved by admin (extend/renew)"
    );
}

#[test]
fn wait_for_the_decision_each_way() {
    use std::io::{BufRead, BufReader};
    let env = TestEnv::sample();
    require_approval(
        &env,
        serde_json::json!([{"approvers": [id_of(&env, "alice")]}]),
    );
    // Nobody decides: the wait ends first (exit 5) and the request stays open.
    let r = env.run_as(
        "bob",
        &[
            "-o",
            "json",
            "activate",
            "--role",
            ROLE,
            "--justification",
            "x",
            "--wait",
            "1s",
        ],
    );
    r.code(5).stderr_has("still waiting");
    let open: RequestJson = r.json();
    assert_eq!(open.status, "pending_approval");
    env.run_as("bob", &["request", "cancel", &open.id]).ok();
    // Decided while waiting: approved (0), denied (4), canceled (1).
    for (i, (verb, code)) in [("deny", 4), ("cancel", 1), ("approve", 0)]
        .into_iter()
        .enumerate()
    {
        let id = bob_asks(&env);
        let mut waiter = env
            .std_command()
            .env("PIM_ACTOR", "bob")
            .args([
                "-o",
                "json",
                "activate",
                "--role",
                ROLE,
                "--justification",
                "x",
                "--wait",
                "60s",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Decide only once the waiter is waiting on this request.
        let mut err = BufReader::new(waiter.stderr.take().unwrap());
        let mut line = String::new();
        while !line.contains("waiting up to") {
            line.clear();
            assert!(
                err.read_line(&mut line).unwrap() > 0,
                "the waiter ended before waiting"
            );
        }
        match verb {
            "cancel" => env.run_as("bob", &["request", "cancel", &id]).ok(),
            _ => env
                .run_as(
                    "alice",
                    &[verb, &id, "--justification", &format!("round {i}")],
                )
                .ok(),
        };
        let out = waiter.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{verb}");
        let req: RequestJson = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(req.id, id);
    }
    env.run_as("bob", &["check", "--principal", "bob", "--role", ROLE])
        .ok();
}

#[test]
fn many_approvers_race_and_exactly_one_decision_counts() {
    let env = TestEnv::sample();
    let approvers = ["alice", "erin", "carol", "dave"];
    let ids: Vec<String> = approvers.iter().map(|a| id_of(&env, a)).collect();
    require_approval(&env, serde_json::json!([{"approvers": ids}]));
    // Several requesters, each with a request waiting.
    let requesters = ["r1", "r2", "r3", "r4", "r5", "r6"];
    let mut requests = Vec::new();
    for r in requesters {
        env.run(&["principal", "add", r]).ok();
        env.run(&["assign", "--principal", r, "--role", ROLE]).ok();
        let out = env.run_as(
            r,
            &[
                "-o",
                "json",
                "activate",
                "--role",
                ROLE,
                "--justification",
                "race",
            ],
        );
        out.code(5);
        requests.push(out.json::<ActivationJson>().request_id.unwrap());
    }
    // Every approver decides every request at once: half approve, half deny.
    let mut handles = Vec::new();
    for (n, who) in approvers.iter().enumerate() {
        for id in &requests {
            let verb = if n % 2 == 0 { "approve" } else { "deny" };
            let mut c = env.command();
            c.env("PIM_ACTOR", who)
                .args([verb, id.as_str(), "--justification", "race"]);
            handles.push(std::thread::spawn(move || c.output().unwrap()));
        }
    }
    let mut ok = 0;
    for h in handles {
        let out = h.join().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("locked") && !stderr.contains("busy"),
            "{stderr}"
        );
        match out.status.code() {
            Some(0) => ok += 1,
            Some(1) => assert!(stderr.contains("already decided"), "{stderr}"),
            other => panic!("unexpected exit {other:?}: {stderr}"),
        }
    }
    // Exactly one decision per request counted.
    assert_eq!(ok, requests.len());
    for id in &requests {
        let s = show(&env, id);
        assert!(
            s.status == "provisioned" || s.status == "denied",
            "{}",
            s.status
        );
        assert_eq!(s.votes.len(), 1);
        let granted: i64 = env
            .conn()
            .query_row(
                "SELECT count(*) FROM assignment WHERE request_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(granted, if s.status == "provisioned" { 1 } else { 0 });
    }
    let v: VerifyJson = env.json(&["audit", "verify"]);
    assert!(v.ok);
}

#[cfg(unix)]
#[test]
fn an_approver_walks_the_waiting_requests_on_a_terminal() {
    let env = TestEnv::sample();
    require_approval(
        &env,
        serde_json::json!([{"approvers": [id_of(&env, "alice")]}]),
    );
    let id = bob_asks(&env);
    let mut cmd = env.std_command();
    cmd.env("PIM_ACTOR", "alice")
        .env("TERM", "xterm")
        .arg("approve");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("bob asks for Security Administrator").unwrap();
    p.exp_string("skip").unwrap();
    // The choices are approve, deny, skip (skip first): up twice to approve.
    p.send("\x1b[A").unwrap();
    p.send("\x1b[A").unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Justification").unwrap();
    p.send_line("reviewed on the terminal").unwrap();
    p.exp_string("granted").unwrap();
    p.exp_eof().unwrap();
    let s = show(&env, &id);
    assert_eq!(s.status, "provisioned");
    assert_eq!(
        s.votes[0].justification.as_deref(),
        Some("reviewed on the terminal")
    );
}
