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
    let all: Vec<AuditJson> = env.json(&["audit", "list", "--all"]);
    assert!(
        all.windows(2).all(|w| w[0].seq == w[1].seq + 1),
        "newest first"
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
        [all.len() as i64, all.len() as i64 - 1]
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
            ticket_system, ticket_number, start_at, end_at, details, prev_hash, hash, auth, auth_id
            FROM audit WHERE seq = 3",
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
        (last.actor_id.as_deref(), last.result.as_str()),
        (None, "failure")
    );
    // The caller as they came: the name given, or the certificate that names no principal.
    assert!(
        last.actor == "mallory" && !server_mode()
            || last.actor.starts_with("certificate mallory (SHA-256 ") && server_mode(),
        "{}",
        last.actor
    );
    let v: VerifyJson = env.json(&["audit", "verify"]);
    assert!(v.ok);
}

// The keyed (HMAC-SHA256) chain: a key file named in a config file.

/// A database made with a key from the start: `pim --config … init --sample`.
struct Keyed {
    env: TestEnv,
    config: String,
}

impl Keyed {
    fn new() -> Keyed {
        let env = TestEnv::new();
        let config = Keyed::configure(&env);
        let k = Keyed { env, config };
        k.run(&["init", "--admin", "admin", "--sample"]).ok();
        k
    }

    /// Writes a 0600 key file and a config file naming it; returns the config's path.
    fn configure(env: &TestEnv) -> String {
        Keyed::configure_from(env, None)
    }

    /// The same, the key starting at row `from` (`key_from_seq`) when given.
    fn configure_from(env: &TestEnv, from: Option<i64>) -> String {
        let key = env.write_file("audit.key", "3f1c9a0b7e5d4c2a1f0e9d8c7b6a5f4e\n");
        set_mode(&key, 0o600);
        let from = from
            .map(|f| format!("key_from_seq = {f}\n"))
            .unwrap_or_default();
        let config = env.write_file(
            "config.toml",
            &format!("[audit]\nkey_file = {:?}\n{from}", path_str(&key)),
        );
        path_str(&config).to_string()
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut a = vec!["--config", self.config.as_str()];
        a.extend_from_slice(args);
        self.env.run(&a)
    }

    fn verify(&self, extra: &[&str]) -> (i32, VerifyJson) {
        let mut a = vec!["-o", "json", "audit", "verify"];
        a.extend_from_slice(extra);
        let r = self.run(&a);
        (r.code, r.json())
    }

    fn head(&self) -> HeadJson {
        let r = self.run(&["-o", "json", "audit", "head"]);
        r.ok();
        r.json()
    }
}

fn set_mode(path: &std::path::Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
}

/// The stored rows, through the library, as an attacker with the file would read them.
fn stored(env: &TestEnv) -> Vec<pim::core::audit::AuditRecord> {
    let db = pim::store::Db::open(&env.db()).unwrap();
    pim::store::audit::list(db.conn(), &pim::store::audit::Filter::default()).unwrap()
}

#[test]
fn a_keyed_chain_verifies_with_its_key() {
    if server_mode() {
        return; // the audit key is the server's own config; here each command brings a key file
    }
    let k = Keyed::new();
    let (code, v) = k.verify(&[]);
    assert_eq!(code, 0, "{v:?}");
    assert!(v.ok);
    assert_eq!(v.mode, "hmac-sha256");
    assert_eq!(v.hmac_from_seq, Some(1));
    // Every row carries an HMAC, not a plain hash.
    assert!(stored(&k.env).iter().all(|r| r.hash != r.compute_hash()));
    k.run(&["principal", "add", "frank"]).ok();
    let text = k.run(&["audit", "verify"]);
    text.ok().stdout_has("(hmac-sha256 chain)");
}

#[test]
fn a_plain_chain_turns_keyed_where_the_key_was_first_used() {
    if server_mode() {
        return; // the audit key is the server's own config; here each command brings a key file
    }
    let env = TestEnv::sample();
    let rows = env.count("audit");
    // A key configured without saying where it starts covers the whole log: over an existing
    // plain log that is refused, with the row to start at.
    let k = Keyed {
        config: Keyed::configure(&env),
        env,
    };
    k.run(&["principal", "add", "frank"])
        .refused(
            1,
            "is not chained with the audit key, which covers every row from row 1",
        )
        .stderr_has(&format!("set `key_from_seq = {}`", rows + 1));
    let k = Keyed {
        config: Keyed::configure_from(&k.env, Some(rows + 1)),
        env: k.env,
    };
    k.run(&["principal", "add", "frank"]).ok();
    let (code, v) = k.verify(&[]);
    assert_eq!(code, 0, "{v:?}");
    assert_eq!(v.mode, "sha256+hmac-sha256");
    assert_eq!(v.hmac_from_seq, Some(rows + 1));
    let csv = k.run(&["-o", "csv", "audit", "verify"]);
    csv.ok().stdout_has("true,sha256+hmac-sha256,");
}

#[test]
fn keyed_tampering_is_caught_at_the_first_bad_row() {
    if server_mode() {
        return; // the audit key is the server's own config; here each command brings a key file
    }
    type Tamper = fn(&rusqlite::Connection, &[pim::core::audit::AuditRecord]);
    let cases: [(&str, Tamper, i64, &str); 6] = [
        (
            "edit",
            |c, _| {
                c.execute("UPDATE audit SET justification = 'x' WHERE seq = 12", [])
                    .unwrap();
            },
            12,
            "changed",
        ),
        (
            "edit, then recompute a plain SHA-256 hash and relink the next row",
            |c, rows| {
                let mut r = rows[11].clone();
                r.justification = Some("nothing to see".into());
                r.hash = r.compute_hash();
                c.execute(
                    "UPDATE audit SET justification = ?1, hash = ?2 WHERE seq = 12",
                    rusqlite::params![r.justification, r.hash],
                )
                .unwrap();
                c.execute("UPDATE audit SET prev_hash = ?1 WHERE seq = 13", [&r.hash])
                    .unwrap();
            },
            12,
            "rewritten without the key",
        ),
        (
            "rewrite the whole tail with plain SHA-256",
            |c, rows| {
                let mut prev = rows[10].hash.clone();
                for r in &rows[11..] {
                    let mut r = r.clone();
                    r.prev_hash = prev;
                    if r.seq == 12 {
                        r.justification = Some("nothing to see".into());
                    }
                    r.hash = r.compute_hash();
                    c.execute(
                        "UPDATE audit SET justification = ?1, prev_hash = ?2, hash = ?3 WHERE seq = ?4",
                        rusqlite::params![r.justification, r.prev_hash, r.hash, r.seq],
                    )
                    .unwrap();
                    prev = r.hash;
                }
            },
            12,
            "rewritten without the key",
        ),
        (
            "delete",
            |c, _| {
                c.execute("DELETE FROM audit WHERE seq = 7", []).unwrap();
            },
            7,
            "missing",
        ),
        (
            "insert",
            |c, _| {
                c.execute("UPDATE audit SET seq = -(seq + 1) WHERE seq >= 10", [])
                    .unwrap();
                c.execute("UPDATE audit SET seq = -seq WHERE seq < 0", [])
                    .unwrap();
                c.execute(
                    "INSERT INTO audit SELECT 10, at, actor_id, actor_name, os_user, action, activity, category,
                        result, reason, principal_id, principal_name, role_id, role_name, scope, request_id,
                        assignment_id, justification, ticket_system, ticket_number, start_at, end_at, details,
                        prev_hash, hash, auth, auth_id FROM audit WHERE seq = 3",
                    [],
                )
                .unwrap();
            },
            10,
            "does not follow",
        ),
        (
            "reorder",
            |c, _| {
                c.execute("UPDATE audit SET seq = -1 WHERE seq = 5", [])
                    .unwrap();
                c.execute("UPDATE audit SET seq = 5 WHERE seq = 6", [])
                    .unwrap();
                c.execute("UPDATE audit SET seq = 6 WHERE seq = -1", [])
                    .unwrap();
            },
            5,
            "does not follow",
        ),
    ];
    for (name, tamper, seq, problem) in cases {
        let k = Keyed::new();
        tamper(&k.env.conn(), &stored(&k.env));
        let (code, v) = k.verify(&[]);
        assert_eq!(
            (code, v.ok, v.first_bad_seq),
            (1, false, Some(seq)),
            "{name}: {v:?}"
        );
        let p = v.problem.unwrap();
        assert!(p.contains(problem), "{name}: {p}");
        k.run(&["audit", "verify"])
            .code(1)
            .stderr_has(&format!("error: the audit chain is broken at row {seq}"));
    }
}

#[test]
fn a_keyed_truncated_tail_is_caught_with_an_anchor() {
    if server_mode() {
        return; // the audit key is the server's own config; here each command brings a key file
    }
    let k = Keyed::new();
    let head = k.head();
    let anchor = format!("{}:{}", head.seq, head.hash);
    let (code, v) = k.verify(&["--anchor", &anchor]);
    assert_eq!((code, v.anchor_ok), (0, Some(true)));
    k.env
        .conn()
        .execute("DELETE FROM audit WHERE seq > ?1", [head.seq - 3])
        .unwrap();
    let (code, v) = k.verify(&[]);
    assert_eq!((code, v.ok), (0, true), "the rest verifies by itself");
    let (code, v) = k.verify(&["--anchor", &anchor]);
    assert_eq!((code, v.anchor_ok), (1, Some(false)));
    assert_eq!(v.first_bad_seq, Some(head.seq - 2));
    assert!(v.problem.unwrap().contains("removed from the end"));
}

#[test]
fn without_the_key_a_keyed_chain_is_not_checked_nor_written() {
    if server_mode() {
        return; // the audit key is the server's own config; here each command brings a key file
    }
    let k = Keyed::new();
    let env = &k.env;
    let r = env.run(&["-o", "json", "audit", "verify"]);
    r.code(1)
        .stderr_has("error: the audit chain could not be checked")
        .stderr_has("key_file");
    let v: VerifyJson = r.json();
    assert!(!v.ok);
    assert_eq!(
        (v.mode.as_str(), v.hmac_from_seq, v.first_bad_seq),
        ("hmac-sha256", Some(1), None)
    );
    assert!(v.problem.unwrap().contains("could not be checked"));
    env.run(&["audit", "verify"])
        .code(1)
        .stdout_has("NOT CHECKED");
    // Reading still works; writing an unkeyed row is refused and changes nothing.
    env.run(&["audit", "list"]).ok();
    let before = env.state();
    let rows = env.count("audit");
    env.run(&["principal", "add", "frank"])
        .refused(1, "no audit key file is configured")
        .stderr_has("key_file");
    assert_eq!(env.state(), before);
    assert_eq!(env.count("audit"), rows);
    // Nor with another key.
    let other = env.write_file("other.key", "another key");
    set_mode(&other, 0o600);
    let cfg = env.write_file(
        "other.toml",
        &format!("[audit]\nkey_file = {:?}\n", path_str(&other)),
    );
    env.run(&["--config", path_str(&cfg), "principal", "add", "frank"])
        .refused(1, "does not hold the key");
    assert_eq!(env.count("audit"), rows);
    let r = env.run(&["--config", path_str(&cfg), "-o", "json", "audit", "verify"]);
    r.code(1);
    let v: VerifyJson = r.json();
    assert_eq!(v.first_bad_seq, Some(1));
    assert!(v.problem.unwrap().contains("not the one"));
}

#[cfg(unix)]
#[test]
fn a_bad_key_file_is_refused() {
    if server_mode() {
        return; // the audit key is the server's own config; here each command brings a key file
    }
    let env = TestEnv::sample();
    let key = env.write_file("audit.key", "secret\n");
    let cfg = env.write_file(
        "config.toml",
        &format!(
            "[audit]\nkey_file = \"audit.key\"\nkey_from_seq = {}\n",
            env.count("audit") + 1
        ),
    );
    let run = |args: &[&str]| {
        let mut a = vec!["--config", path_str(&cfg)];
        a.extend_from_slice(args);
        env.run(&a)
    };
    let rows = env.count("audit");
    for mode in [0o644, 0o640, 0o604, 0o660] {
        set_mode(&key, mode);
        run(&["audit", "list"])
            .refused(1, "may be read by group or others")
            .stderr_has(&format!("mode {mode:04o}"))
            .stderr_has("hint: chmod 600");
    }
    set_mode(&key, 0o600);
    // A relative key_file is taken from the config file's directory.
    run(&["principal", "add", "frank"]).ok();
    assert_eq!(env.count("audit"), rows + 1);
    std::fs::write(&key, " \n").unwrap();
    run(&["audit", "list"]).refused(1, "is empty");
    std::fs::remove_file(&key).unwrap();
    run(&["audit", "list"]).refused(1, "cannot read the audit key file");
    assert_eq!(env.count("audit"), rows + 1);
}

/// Recomputes the chain from row `from` on with plain SHA-256, after `edit` changed row `edited`:
/// what someone who can write the file but lacks the key can do.
fn rehash_plain(env: &TestEnv, from: i64, edited: i64) {
    let rows = stored(env);
    let c = env.conn();
    let mut prev = rows[(from - 2) as usize].hash.clone();
    for r in &rows[(from - 1) as usize..] {
        let mut r = r.clone();
        r.prev_hash = prev;
        if r.seq == edited {
            r.justification = Some("nothing to see".into());
        }
        r.hash = r.compute_hash();
        c.execute(
            "UPDATE audit SET justification = ?1, prev_hash = ?2, hash = ?3 WHERE seq = ?4",
            rusqlite::params![r.justification, r.prev_hash, r.hash, r.seq],
        )
        .unwrap();
        prev = r.hash;
    }
}

#[test]
fn a_keyed_chain_downgraded_to_plain_sha256_is_caught_and_not_keyed_again() {
    if server_mode() {
        return; // the audit key is the server's own config; here each command brings a key file
    }
    // The attack: delete the `audit_*` meta rows, edit a keyed row, recompute the chain from
    // there with plain SHA-256. With the key configured, verify names the row and the next
    // write refuses rather than keying the log again from a later row.
    let k = Keyed::new();
    k.run(&["principal", "add", "frank"]).ok();
    let c = k.env.conn();
    c.execute("DELETE FROM meta WHERE key LIKE 'audit_%'", [])
        .unwrap();
    drop(c);
    rehash_plain(&k.env, 12, 12);
    let (code, v) = k.verify(&[]);
    assert_eq!((code, v.ok, v.first_bad_seq), (1, false, Some(12)), "{v:?}");
    assert!(
        v.problem.as_deref().unwrap().contains(
            "row 12 carries a plain SHA-256 hash where the audit key should have chained it"
        ),
        "{v:?}"
    );
    let rows = k.env.count("audit");
    let before = k.env.state();
    k.run(&["principal", "add", "zed"])
        .refused(
            1,
            "is not chained with the audit key, which covers every row from row 1",
        )
        .stderr_has("run `pim audit verify`");
    assert_eq!(k.env.count("audit"), rows);
    assert_eq!(k.env.state(), before, "the meta rows are not written back");

    // The whole chain recomputed from row 1: named at row 1.
    let k = Keyed::new();
    k.env
        .conn()
        .execute("DELETE FROM meta WHERE key LIKE 'audit_%'", [])
        .unwrap();
    let rows = stored(&k.env);
    {
        let c = k.env.conn();
        let mut prev = pim::core::audit::GENESIS.to_string();
        for r in &rows {
            let mut r = r.clone();
            r.prev_hash = prev;
            r.hash = r.compute_hash();
            c.execute(
                "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
                rusqlite::params![r.prev_hash, r.hash, r.seq],
            )
            .unwrap();
            prev = r.hash;
        }
    }
    let (code, v) = k.verify(&[]);
    assert_eq!((code, v.first_bad_seq), (1, Some(1)), "{v:?}");
    k.run(&["principal", "add", "zed"])
        .refused(1, "not chained with the audit key");

    // Moving the record of where keying starts past the end, instead of deleting it, does not
    // help either: the configuration decides, and the disagreement is named.
    let k = Keyed::new();
    let head = k.head();
    rehash_plain(&k.env, 12, 12);
    k.env
        .conn()
        .execute(
            "UPDATE meta SET value = ?1 WHERE key = 'audit_hmac_from_seq'",
            [(head.seq + 1).to_string()],
        )
        .unwrap();
    let (code, v) = k.verify(&[]);
    assert_eq!(code, 1);
    assert!(!v.ok);
    k.run(&["principal", "add", "zed"]).refused(
        1,
        &format!(
            "the database says the audit log is keyed from row {}, but the audit key is configured from row 1",
            head.seq + 1
        ),
    );
    // Without the key nothing can tell, and the README says so: that is what the key is for.
    let r = k.env.run(&["-o", "json", "audit", "verify"]);
    let v: VerifyJson = r.json();
    assert_eq!(v.mode, "sha256");
}

#[test]
fn a_key_starting_past_the_end_of_the_log_is_refused() {
    if server_mode() {
        return; // the audit key is the server's own config; here each command brings a key file
    }
    let env = TestEnv::sample();
    let rows = env.count("audit");
    let k = Keyed {
        config: Keyed::configure_from(&env, Some(rows + 5)),
        env,
    };
    k.run(&["principal", "add", "frank"])
        .refused(
            1,
            &format!("the audit key is configured from row {}", rows + 5),
        )
        .stderr_has(&format!("set `key_from_seq = {}`", rows + 1));
    let k = Keyed {
        config: Keyed::configure_from(&k.env, Some(rows + 1)),
        env: k.env,
    };
    // Configured from the next row, before any keyed row exists, the log verifies as plain.
    let (code, v) = k.verify(&[]);
    assert_eq!((code, v.mode.as_str()), (0, "sha256"), "{v:?}");
    k.run(&["principal", "add", "frank"]).ok();
    let (code, v) = k.verify(&[]);
    assert_eq!(
        (code, v.mode.as_str(), v.hmac_from_seq),
        (0, "sha256+hmac-sha256", Some(rows + 1))
    );
}
