//! The audit log: filters, "my audit", and a chain that catches every kind of tampering.

use crate::support::*;

#[test]
fn list_filters() {
    let env = TestEnv::sample();
    env.run_at(
        "2026-11-23T10:00:00Z",
        &["assign", "--principal", "erin", "--role", "Global Reader"],
    )
    .ok();
    env.run_at("2026-11-24T10:00:00Z", &["principal", "add", "frank"])
        .ok();
    let all: Vec<AuditJson> = env.json(&["audit", "list"]);
    assert!(
        all.windows(2).all(|w| w[0].seq + 1 == w[1].seq),
        "in seq order"
    );
    let since: Vec<AuditJson> = env.json(&["audit", "list", "--since", "2026-11-23"]);
    assert_eq!(since.len(), 2);
    let window: Vec<AuditJson> = env.json(&[
        "audit",
        "list",
        "--since",
        "2026-11-23",
        "--until",
        "2026-11-24",
    ]);
    assert_eq!(window.len(), 1);
    assert_eq!(window[0].principal.as_deref(), Some("erin"));
    let creates: Vec<AuditJson> = env.json(&["audit", "list", "--action", "principal"]);
    assert!(creates.iter().all(|r| r.action.starts_with("principal.")));
    assert_eq!(creates.len(), 10);
    let erin: Vec<AuditJson> = env.json(&["audit", "list", "--principal", "erin"]);
    assert_eq!(erin.len(), 2);
    let ga: Vec<AuditJson> = env.json(&["audit", "list", "--role", "Global Administrator"]);
    assert_eq!(ga.len(), 2);
    let by_admin: Vec<AuditJson> = env.json(&["audit", "list", "--actor", "admin"]);
    assert_eq!(by_admin.len(), all.len());
    let last2: Vec<AuditJson> = env.json(&["audit", "list", "--limit", "2"]);
    assert_eq!(
        last2.iter().map(|r| r.seq).collect::<Vec<_>>(),
        [all.len() as i64 - 1, all.len() as i64]
    );
    env.run(&["audit", "list", "--since", "last tuesday"])
        .refused(1, "invalid time");
    env.run(&["audit", "list", "--actor", "nobody"])
        .refused(3, "not found");
}

#[test]
fn everyone_reads_their_own_history_only() {
    let env = TestEnv::sample();
    env.run_as("bob", &["principal", "add", "x"]).code(4);
    let mine: Vec<AuditJson> = env.run_as("bob", &["-o", "json", "audit", "list"]).json();
    assert!(!mine.is_empty());
    assert!(
        mine.iter()
            .all(|r| r.principal.as_deref() == Some("bob") || r.actor == "bob")
    );
    assert!(
        mine.iter()
            .any(|r| r.actor == "bob" && r.result == "failure")
    );
    env.run_as("bob", &["audit", "verify"])
        .refused(4, "not authorized");
    env.run_as("bob", &["audit", "head"])
        .refused(4, "not authorized");
}

fn verify(env: &TestEnv) -> (i32, VerifyJson) {
    let r = env.run(&["-o", "json", "audit", "verify"]);
    (r.code, r.json())
}

#[test]
fn verify_names_the_first_changed_row() {
    let env = TestEnv::sample();
    let (code, v) = verify(&env);
    assert_eq!(code, 0);
    assert!(v.ok && v.first_bad_seq.is_none());
    assert_eq!(v.mode, "sha256");
    env.conn()
        .execute(
            "UPDATE audit SET justification = 'nothing to see' WHERE seq = 12",
            [],
        )
        .unwrap();
    let (code, v) = verify(&env);
    assert_eq!(code, 1);
    assert!(!v.ok);
    assert_eq!(v.first_bad_seq, Some(12));
    assert!(v.problem.unwrap().contains("changed"));
    let text = env.run(&["audit", "verify"]);
    text.code(1)
        .stdout_has("FAILED at row 12")
        .stderr_has("error: the audit chain is broken at row 12");
}

#[test]
fn verify_catches_a_deleted_row() {
    let env = TestEnv::sample();
    env.conn()
        .execute("DELETE FROM audit WHERE seq = 7", [])
        .unwrap();
    let (code, v) = verify(&env);
    assert_eq!((code, v.first_bad_seq), (1, Some(7)));
    assert!(v.problem.unwrap().contains("missing"));
    // Renumbering the rows after the gap does not hide it.
    let env = TestEnv::sample();
    let c = env.conn();
    c.execute("DELETE FROM audit WHERE seq = 7", []).unwrap();
    c.execute("UPDATE audit SET seq = -(seq - 1) WHERE seq > 7", [])
        .unwrap();
    c.execute("UPDATE audit SET seq = -seq WHERE seq < 0", [])
        .unwrap();
    let (code, v) = verify(&env);
    assert_eq!((code, v.first_bad_seq), (1, Some(7)));
}

#[test]
fn verify_catches_an_inserted_row() {
    let env = TestEnv::sample();
    let c = env.conn();
    // Make room at 10 and copy a row there, with its hash: the chain no longer follows.
    c.execute("UPDATE audit SET seq = -(seq + 1) WHERE seq >= 10", [])
        .unwrap();
    c.execute("UPDATE audit SET seq = -seq WHERE seq < 0", [])
        .unwrap();
    c.execute(
        "INSERT INTO audit SELECT 10, at, actor_id, actor_name, os_user, action, activity, category, result, reason,
            principal_id, principal_name, role_id, role_name, scope, request_id, assignment_id, justification,
            ticket_system, ticket_number, start_at, end_at, details, prev_hash, hash FROM audit WHERE seq = 3",
        [],
    )
    .unwrap();
    let (code, v) = verify(&env);
    assert_eq!((code, v.first_bad_seq), (1, Some(10)));
    // A forged row at the end with a made-up hash is caught too.
    let env = TestEnv::sample();
    let head: HeadJson = env.json(&["audit", "head"]);
    env.conn()
        .execute(
            "INSERT INTO audit (seq, at, actor_name, os_user, action, activity, category, result, prev_hash, hash)
             VALUES (?1, 0, 'admin', 'root', 'assignment.create', 'x', 'RoleManagement', 'success', ?2, ?3)",
            rusqlite::params![head.seq + 1, head.hash, "0".repeat(64)],
        )
        .unwrap();
    let (code, v) = verify(&env);
    assert_eq!((code, v.first_bad_seq), (1, Some(head.seq + 1)));
}

#[test]
fn verify_catches_reordered_rows() {
    let env = TestEnv::sample();
    let c = env.conn();
    c.execute("UPDATE audit SET seq = -1 WHERE seq = 5", [])
        .unwrap();
    c.execute("UPDATE audit SET seq = 5 WHERE seq = 6", [])
        .unwrap();
    c.execute("UPDATE audit SET seq = 6 WHERE seq = -1", [])
        .unwrap();
    let (code, v) = verify(&env);
    assert_eq!((code, v.first_bad_seq), (1, Some(5)));
}

#[test]
fn an_anchor_catches_a_truncated_tail() {
    let env = TestEnv::sample();
    let head: HeadJson = env.json(&["audit", "head"]);
    assert_eq!(head.hash.len(), 64);
    let text = env.run(&["audit", "head"]);
    text.ok();
    assert_eq!(text.stdout.trim(), format!("{}:{}", head.seq, head.hash));
    let anchor = format!("{}:{}", head.seq, head.hash);
    let ok: VerifyJson = env.json(&["audit", "verify", "--anchor", &anchor]);
    assert_eq!(ok.anchor_ok, Some(true));
    // Removing the newest rows leaves a chain that verifies by itself, but not against the anchor.
    env.conn()
        .execute("DELETE FROM audit WHERE seq > ?1", [head.seq - 3])
        .unwrap();
    let (code, plain) = verify(&env);
    assert_eq!((code, plain.ok), (0, true));
    let r = env.run(&["-o", "json", "audit", "verify", "--anchor", &anchor]);
    r.code(1);
    let v: VerifyJson = r.json();
    assert_eq!(v.anchor_ok, Some(false));
    assert!(v.problem.unwrap().contains("removed from the end"));
    env.run(&["audit", "verify", "--anchor", "12:nothex"])
        .refused(1, "invalid anchor");
}

#[test]
fn refused_attempts_are_chained_too() {
    let env = TestEnv::sample();
    env.run_as("mallory", &["principal", "add", "x"]).code(4);
    let last = env.last_audit();
    assert_eq!(
        (
            last.actor.as_str(),
            last.actor_id.as_deref(),
            last.result.as_str()
        ),
        ("mallory", None, "failure")
    );
    let v: VerifyJson = env.json(&["audit", "verify"]);
    assert!(v.ok);
}
