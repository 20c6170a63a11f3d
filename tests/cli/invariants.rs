//! What must hold of any pim database, whatever ran on it and however it stopped: read straight
//! from the database (the SQLite file, or the PostgreSQL database in PostgreSQL mode) with plain
//! SQL, so that pim's rules do not grade themselves. Used by the concurrency and crash suites.

use std::path::Path;

use crate::support::*;

/// Request statuses (SPEC §1): pending, or one of the final ones.
const STATUSES: &[&str] = &[
    "pending_approval",
    "provisioned",
    "scheduled",
    "denied",
    "canceled",
    "timed_out",
    "failed",
    "revoked",
    "expired",
];

/// Every rule the file must satisfy; a list of what is broken (empty when all is well).
pub fn violations(db: &Path) -> Vec<String> {
    let c = pim::store::open_unchecked(db).unwrap_or_else(|e| panic!("open {}: {e}", db.display()));
    let postgres = c.is_postgres();
    let mut bad = Vec::new();
    // PostgreSQL checks its pages and foreign keys itself, on every write.
    if !postgres {
        let integrity: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        if integrity != "ok" {
            bad.push(format!("PRAGMA integrity_check: {integrity}"));
        }
    }
    let mut rows = |sql: &str, what: &str| {
        let mut st = c
            .prepare(sql)
            .unwrap_or_else(|e| panic!("{what}: {e}\n{sql}"));
        let n = st.column_count();
        let found: Vec<String> = st
            .query_map([], |r| {
                let mut cells = Vec::new();
                for i in 0..n {
                    let v: pim::store::Value = r.get(i)?;
                    cells.push(format!("{v:?}"));
                }
                Ok(cells.join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for f in found.iter().take(5) {
            bad.push(format!("{what}: {f}"));
        }
    };

    if !postgres {
        rows("PRAGMA foreign_key_check", "a dangling foreign key");
    }

    // No duplicate activation: two live activations of one principal, role and scope never
    // overlap (nor do two of one eligibility).
    rows(
        "SELECT a.id, b.id, a.activated_from, b.activated_from FROM assignment a JOIN assignment b
           ON a.principal_id = b.principal_id AND a.role_id = b.role_id AND a.scope_id = b.scope_id
          AND a.type = 'active' AND b.type = 'active' AND a.id < b.id
          AND a.activated_from IS NOT NULL AND b.activated_from IS NOT NULL
          AND a.removed_at IS NULL AND b.removed_at IS NULL
          AND a.start_at < coalesce(b.end_at, 9223372036854775807)
          AND b.start_at < coalesce(a.end_at, 9223372036854775807)",
        "two overlapping live activations",
    );
    // One eligibility is activated once at a time, whatever the scopes asked for.
    rows(
        "SELECT a.id, b.id, a.activated_from FROM assignment a JOIN assignment b
           ON a.principal_id = b.principal_id AND a.activated_from = b.activated_from
          AND a.id < b.id AND a.removed_at IS NULL AND b.removed_at IS NULL
          AND a.start_at < coalesce(b.end_at, 9223372036854775807)
          AND b.start_at < coalesce(a.end_at, 9223372036854775807)",
        "two overlapping activations of one eligibility",
    );
    // Every activation records the eligibility it rests on as the first link of its path.
    rows(
        "SELECT a.id FROM assignment a WHERE a.activated_from IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM activation_link l WHERE l.assignment_id = a.id AND l.pos = 0
               AND l.kind = 'eligibility' AND l.ref_id = a.activated_from)",
        "an activation without its path",
    );
    // …and no two live assignments of one kind (eligible, or directly active) for one holder.
    rows(
        "SELECT a.id, b.id FROM assignment a JOIN assignment b
           ON a.principal_id = b.principal_id AND a.role_id = b.role_id AND a.scope_id = b.scope_id
          AND a.type = b.type AND a.id < b.id
          AND a.activated_from IS NULL AND b.activated_from IS NULL
          AND a.removed_at IS NULL AND b.removed_at IS NULL
          AND a.start_at < coalesce(b.end_at, 9223372036854775807)
          AND b.start_at < coalesce(a.end_at, 9223372036854775807)",
        "two overlapping live assignments",
    );
    // An activation never outlives its eligibility.
    rows(
        "SELECT a.id, a.end_at, e.end_at FROM assignment a JOIN assignment e ON e.id = a.activated_from
          WHERE e.end_at IS NOT NULL AND (a.end_at IS NULL OR a.end_at > e.end_at)",
        "an activation outlives its eligibility",
    );

    // Every request is in exactly one known state; pending ones are not completed, final ones are.
    let known = STATUSES
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(",");
    rows(
        &format!("SELECT id, status FROM request WHERE status NOT IN ({known})"),
        "a request in an unknown state",
    );
    rows(
        "SELECT id, status, completed_at FROM request
          WHERE (status = 'pending_approval') != (completed_at IS NULL)",
        "a request whose completion disagrees with its state",
    );
    rows(
        "SELECT principal_id, role_id, scope_id, action, count(*) FROM request
          WHERE status = 'pending_approval' GROUP BY 1, 2, 3, 4 HAVING count(*) > 1",
        "two pending requests for one thing",
    );
    // A pending request waits on exactly one stage; a final one on none.
    rows(
        "SELECT id, status, n FROM (
             SELECT r.id, r.status, (SELECT count(*) FROM approval_stage s
                                      WHERE s.request_id = r.id AND s.status = 'pending') AS n
               FROM request r
              WHERE EXISTS (SELECT 1 FROM approval_stage s WHERE s.request_id = r.id)) x
          WHERE n != CASE WHEN status = 'pending_approval' THEN 1 ELSE 0 END",
        "a request whose stages disagree with its state",
    );

    // No grant without its approvals: an assignment made by a request with stages exists only
    // when every stage approved with enough votes.
    // (A stage the settings dropped while the request waited is canceled, never approved.)
    rows(
        "SELECT a.id, s.stage, s.status FROM assignment a JOIN approval_stage s ON s.request_id = a.request_id
          WHERE s.status NOT IN ('approved', 'canceled')
             OR (s.status = 'approved' AND (SELECT count(*) FROM approval_vote v
                   WHERE v.request_id = s.request_id AND v.stage = s.stage
                     AND v.decision = 'approve') < s.required_approvals)
             OR NOT EXISTS (SELECT 1 FROM approval_stage t WHERE t.request_id = s.request_id
                   AND t.status = 'approved')",
        "a grant without its approvals",
    );
    rows(
        "SELECT v.request_id, v.voter_id FROM approval_vote v JOIN request r ON r.id = v.request_id
          WHERE v.voter_id = r.principal_id",
        "a requester approved their own request",
    );
    // Approved requests that say they granted something name a real assignment.
    rows(
        "SELECT r.id, r.status FROM request r
          WHERE r.status IN ('provisioned', 'scheduled') AND r.target_assignment_id IS NOT NULL
            AND r.action IN ('self_activate', 'admin_assign')
            AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.id = r.target_assignment_id)",
        "a granted request without its assignment",
    );

    // Every change has its audit row.
    rows(
        "SELECT a.id FROM assignment a WHERE NOT EXISTS (
            SELECT 1 FROM audit u WHERE u.assignment_id = a.id AND u.result = 'success')",
        "an assignment without an audit row",
    );
    rows(
        "SELECT a.id FROM assignment a WHERE a.removed_at IS NOT NULL AND (
            SELECT count(*) FROM audit u WHERE u.assignment_id = a.id AND u.result = 'success') < 2",
        "a removal without its audit row",
    );
    rows(
        "SELECT a.id FROM assignment a WHERE a.expiry_recorded = 1 AND NOT EXISTS (
            SELECT 1 FROM audit u WHERE u.assignment_id = a.id AND u.action LIKE '%.expire')",
        "a recorded expiry without its audit row",
    );
    rows(
        "SELECT r.id, r.action FROM request r WHERE NOT EXISTS (
            SELECT 1 FROM audit u WHERE u.request_id = r.id AND u.result = 'success')",
        "a request without an audit row",
    );
    rows(
        "SELECT r.id, r.status FROM request r WHERE r.status IN ('denied', 'canceled', 'timed_out')
            AND NOT EXISTS (SELECT 1 FROM audit u WHERE u.request_id = r.id AND u.result = 'success'
                AND u.action IN ('request.deny', 'request.cancel', 'request.timeout'))",
        "a closed request without its audit row",
    );
    rows(
        "SELECT v.request_id, v.voter_id FROM approval_vote v WHERE NOT EXISTS (
            SELECT 1 FROM audit u WHERE u.request_id = v.request_id AND u.actor_id = v.voter_id
               AND u.result = 'success' AND u.action IN ('request.approve', 'request.deny'))",
        "a vote without an audit row",
    );
    rows(
        "SELECT p.id, p.name FROM principal p WHERE NOT EXISTS (
            SELECT 1 FROM audit u WHERE u.principal_id = p.id AND u.action = 'principal.create')",
        "a principal without an audit row",
    );
    // The log is append-only and dense.
    rows(
        "SELECT count(*), min(seq), max(seq) FROM audit HAVING count(*) != max(seq) OR min(seq) != 1",
        "a gap in the audit sequence",
    );
    bad
}

/// Asserts every invariant, `pim audit verify --state` (the chain re-walked by pim, and the
/// state checked against it) and SQLite's own integrity check.
#[track_caller]
pub fn assert_holds(env: &TestEnv) {
    if !pg_mode() {
        let integrity: String = env
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "PRAGMA integrity_check");
    }
    let bad = violations(&env.db());
    assert!(bad.is_empty(), "invariants broken:\n{}", bad.join("\n"));
    let r = env.run(&["-o", "json", "audit", "verify"]);
    r.ok();
    let v: VerifyJson = r.json();
    assert!(v.ok, "the audit chain does not verify: {v:?}");
    // And the state is what the log made it.
    let r = env.run(&["audit", "verify", "--state"]);
    assert_eq!(
        r.code, 0,
        "the state check fails:\n{}{}",
        r.stdout, r.stderr
    );
}

/// Whether the long variants of the concurrency and crash suites run (`PIM_LONG_TESTS=1`).
pub fn long_tests() -> bool {
    std::env::var("PIM_LONG_TESTS").is_ok_and(|v| v == "1")
}

/// A small seeded generator (SplitMix64): the suites' choices are the same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The checks can fail: each tampering below is caught.
#[test]
fn the_invariant_checks_catch_broken_databases() {
    if pg_mode() {
        // The broken databases are copies of the SQLite file.
        return;
    }
    if server_mode() {
        return; // it copies the database file, without the writes a server holds in its WAL
    }
    let env = TestEnv::sample();
    env.run_as(
        "alice",
        &[
            "activate",
            "--role",
            "Privileged Role Administrator",
            "--justification",
            "x",
        ],
    )
    .ok();
    assert!(
        violations(&env.db()).is_empty(),
        "{:?}",
        violations(&env.db())
    );
    let tamper = |sql: &str, what: &str| {
        let copy = TestEnv::new();
        std::fs::copy(env.db(), copy.db()).unwrap();
        copy.conn().execute_batch(sql).unwrap();
        let found = violations(&copy.db());
        assert!(
            found.iter().any(|v| v.starts_with(what)),
            "{what} not caught: {found:?}"
        );
    };
    // (The database refuses these itself: the checks must catch them all the same, in a copy
    // without the index.)
    tamper(
        "DROP INDEX assignment_one_open_activation;
         INSERT INTO assignment SELECT 'dup', principal_id, role_id, scope_id, type, start_at + 60,
            end_at, activated_from, NULL, NULL, NULL, NULL, NULL, created_at, created_by, NULL,
            NULL, 0 FROM assignment WHERE activated_from IS NOT NULL",
        "two overlapping live activations",
    );
    // The same eligibility activated again at another scope.
    tamper(
        "DROP INDEX assignment_one_open_activation;
         INSERT INTO assignment SELECT 'dup', principal_id, role_id,
            (SELECT id FROM scope WHERE path = '/administrativeUnits/paris'), type, start_at + 60,
            end_at, activated_from, NULL, NULL, NULL, NULL, NULL, created_at, created_by, NULL,
            NULL, 0 FROM assignment WHERE activated_from IS NOT NULL",
        "two overlapping activations of one eligibility",
    );
    tamper(
        "DELETE FROM activation_link",
        "an activation without its path",
    );
    tamper(
        "UPDATE request SET status = 'granted' WHERE action = 'self_activate'",
        "a request in an unknown state",
    );
    tamper(
        "UPDATE request SET completed_at = NULL WHERE action = 'self_activate'",
        "a request whose completion disagrees",
    );
    tamper(
        "INSERT INTO approval_stage SELECT request_id, 1, '[]', 1, 86400, 1, 'approved', 0, 0
           FROM assignment WHERE activated_from IS NOT NULL",
        "a grant without its approvals",
    );
    tamper(
        "UPDATE assignment SET removed_at = 1 WHERE activated_from IS NOT NULL",
        "a removal without its audit row",
    );
    tamper(
        "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)",
        "an assignment without an audit row",
    );
    tamper(
        "DELETE FROM audit WHERE seq = 5",
        "a gap in the audit sequence",
    );
}

/// The database itself refuses what would break the rules an index can say, on either engine:
/// a second open activation of one eligibility, a second pending request for one thing, a second
/// vote of one approver on one request.
#[test]
fn the_database_refuses_duplicates_the_rules_forbid() {
    let env = TestEnv::sample();
    env.run_as(
        "alice",
        &[
            "activate",
            "--role",
            "Privileged Role Administrator",
            "--justification",
            "x",
        ],
    )
    .ok();
    let c = env.conn();
    let refused = |sql: &str, what: &str| {
        let e = c
            .execute_batch(sql)
            .expect_err(&format!("the database took {what}"));
        let msg = e.to_string().to_lowercase();
        assert!(
            msg.contains("unique") || msg.contains("duplicate key"),
            "{what}: {msg}"
        );
    };
    refused(
        "INSERT INTO assignment SELECT 'dup', principal_id, role_id,
            (SELECT id FROM scope WHERE path = '/administrativeUnits/paris'), type, start_at + 60,
            end_at, activated_from, NULL, NULL, NULL, NULL, NULL, created_at, created_by, NULL,
            NULL, 0 FROM assignment WHERE activated_from IS NOT NULL",
        "a second open activation of one eligibility",
    );
    // Once its expiry is recorded (or it is removed) an activation no longer counts.
    c.execute_batch(
        "UPDATE assignment SET expiry_recorded = 1 WHERE activated_from IS NOT NULL;
         INSERT INTO assignment SELECT 'next', principal_id, role_id, scope_id, type,
            start_at + 60, end_at, activated_from, NULL, NULL, NULL, NULL, NULL, created_at,
            created_by, NULL, NULL, 0 FROM assignment WHERE activated_from IS NOT NULL",
    )
    .expect("an activation after one whose expiry is recorded");
    refused(
        "INSERT INTO request (id, action, status, principal_id, role_id, scope_id, type,
                created_at)
         SELECT 'p' || n.n, 'self_activate', 'pending_approval', p.id, r.id, s.id, 'active', 0
           FROM principal p, role r, scope s, (SELECT 1 AS n UNION ALL SELECT 2) n
          WHERE p.name = 'erin' AND r.name = 'Global Reader' AND s.path = '/'",
        "a second pending request for one thing",
    );
    refused(
        "INSERT INTO approval_vote (request_id, voter_id, stage, decision, at)
         SELECT id, 'v', 1, 'approve', 0 FROM request WHERE action = 'self_activate'
         UNION ALL
         SELECT id, 'v', 2, 'deny', 0 FROM request WHERE action = 'self_activate'",
        "a second vote of one approver on one request",
    );
}
