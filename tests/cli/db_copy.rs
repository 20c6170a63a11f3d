//! `pim db copy`: a deployment moved between an SQLite file and PostgreSQL with every row of
//! every table and the same audit chain; refusals that write nothing.

use std::collections::BTreeMap;
use std::path::Path;

use pim::store::Value;

use crate::support::*;

/// Every table of the database at `db`, row by row: its columns by name (the engines keep them
/// in different orders) and its rows, sorted. PostgreSQL's schema version (kept in the file's
/// header on SQLite) is left out.
fn dump(db: &Path) -> BTreeMap<String, Vec<Vec<(String, Value)>>> {
    let c = pim::store::open_unchecked(db).unwrap_or_else(|e| panic!("open {}: {e}", db.display()));
    let mut out = BTreeMap::new();
    for (table, _) in pim::store::copy::TABLES {
        let mut st = c
            .prepare(&format!("SELECT * FROM {table}"))
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        let n = st.column_count();
        let names: Vec<String> = {
            // Column names in the order SELECT * gives them.
            let sql = if c.is_postgres() {
                "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
                  WHERE table_schema = current_schema() AND CAST(table_name AS TEXT) = ?1
                  ORDER BY ordinal_position"
            } else {
                "SELECT name FROM pragma_table_info(?1) ORDER BY cid"
            };
            let mut q = c.prepare(sql).unwrap();
            q.query_map([table], |r| r.get::<usize, String>(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(names.len(), n, "{table}");
        let mut rows: Vec<Vec<(String, Value)>> = st
            .query_map([], |r| {
                let mut row: Vec<(String, Value)> = (0..n)
                    .map(|i| Ok((names[i].clone(), r.get::<usize, Value>(i)?)))
                    .collect::<Result<_, pim::store::StoreError>>()?;
                row.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(row)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        if *table == "meta" {
            rows.retain(|r| {
                !r.iter()
                    .any(|(k, v)| k == "key" && *v == Value::Text("schema_version".into()))
            });
        }
        rows.sort_by_key(|r| format!("{r:?}"));
        out.insert(table.to_string(), rows);
    }
    out
}

/// The sample organisation with something in every table: activations, a request waiting for
/// approval, votes, a review, an MFA enrolment, bindings, a custom role, notifications delivered
/// and reminders marked.
fn busy_sample(env: &TestEnv, db: &Path) {
    let db = path_str(db);
    let run = |actor: &str, args: &[&str]| {
        let mut all = vec!["--db", db];
        all.extend_from_slice(args);
        env.run_as(actor, &all)
    };
    run("admin", &["init", "--admin", "admin", "--sample"]).ok();
    run(
        "admin",
        &[
            "role",
            "create",
            "Custom Ops",
            "--kind",
            "azure",
            "--permission",
            "Microsoft.Compute/virtualMachines/read",
        ],
    )
    .ok();
    run(
        "admin",
        &[
            "settings",
            "set",
            "--role",
            "Global Reader",
            "--require-approval",
            "true",
            "--approver",
            "admin",
            "--approver",
            "alice",
        ],
    )
    .ok();
    run(
        "admin",
        &[
            "assign",
            "--principal",
            "carol",
            "--role",
            "Global Reader",
            "--duration",
            "30d",
        ],
    )
    .ok();
    run(
        "carol",
        &[
            "activate",
            "--role",
            "Global Reader",
            "--justification",
            "audit prep",
        ],
    )
    .code(5);
    let pending: serde_json::Value = run("alice", &["approve", "list", "-o", "json"]).ok().json();
    let id = pending[0]["id"]
        .as_str()
        .expect("a request waits for alice")
        .to_string();
    run("alice", &["approve", &id, "--justification", "ok"]).ok();
    // A provisioning binding: alice's active Global Reader assignment is granted, and stays.
    let cfg = env.write_file(
        "targets.toml",
        "[provision.box]\nkind = \"command\"\ncommand = [\"/bin/true\"]\n",
    );
    run(
        "admin",
        &[
            "--config",
            path_str(&cfg),
            "provision",
            "bind",
            "box",
            "--role",
            "Global Reader",
        ],
    )
    .ok();
    run(
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "INC-4711",
            "--duration",
            "2h",
        ],
    )
    .ok();
    run(
        "admin",
        &[
            "review",
            "create",
            "--name",
            "quarterly",
            "--role",
            "Privileged Role Administrator",
            "--reviewer",
            "admin",
        ],
    )
    .ok();
    run("bob", &["mfa", "enroll"]).ok();
    run("admin", &["principal", "update", "dave", "--login", "dave"]).ok();
    run("admin", &["group", "member", "add", "helpdesk", "erin"]).ok();
    // Carol's eligibility ends within 14 days then: the sweep marks its expiry reminder.
    Run::from(
        env.command()
            .env("PIM_NOW", LATER)
            .args(["--db", db, "sweep"])
            .output()
            .unwrap(),
    )
    .ok();
}

/// When the busy sample's last write ran; later writes run then too.
const LATER: &str = "2026-12-09T09:00:00Z";

#[test]
fn a_deployment_goes_to_postgres_and_back_with_every_row_and_the_same_chain() {
    let Some(server) = PgServer::for_test("db_copy") else {
        return;
    };
    let mut env = TestEnv::new();
    let a = env.path("a.db");
    busy_sample(&env, &a);
    env.now = LATER.into();
    let empty: Vec<String> = dump(&a)
        .into_iter()
        .filter(|(_, rows)| rows.is_empty())
        .map(|(t, _)| t)
        .collect();
    assert!(empty.is_empty(), "tables with no row to copy: {empty:?}");
    let head = env
        .run(&["--db", path_str(&a), "audit", "head"])
        .ok()
        .stdout
        .trim()
        .to_string();

    let pg = server.database();
    let b = Path::new(&pg.url).to_path_buf();
    let r = env.run(&[
        "db",
        "copy",
        "--from",
        path_str(&a),
        "--to",
        &pg.url,
        "-o",
        "json",
    ]);
    r.ok();
    let report: serde_json::Value = r.json();
    assert_eq!(
        format!(
            "{}:{}",
            report["audit_head"]["seq"],
            report["audit_head"]["hash"].as_str().unwrap()
        ),
        head
    );
    let c = env.path("c.db");
    env.run(&["db", "copy", "--from", &pg.url, "--to", path_str(&c)])
        .ok()
        .stdout_has(&head);

    let (da, db_, dc) = (dump(&a), dump(&b), dump(&c));
    for (table, rows) in &da {
        assert_eq!(rows, &db_[table], "{table}: SQLite -> PostgreSQL");
        assert_eq!(rows, &dc[table], "{table}: PostgreSQL -> SQLite");
    }
    let total: u64 = da.values().map(|r| r.len() as u64).sum();
    assert_eq!(report["rows"], total);

    for copy in [b.as_path(), c.as_path()] {
        let db = path_str(copy);
        env.run(&["--db", db, "audit", "verify", "--anchor", &head, "--state"])
            .ok()
            .stdout_has("the anchor");
        env.run(&["--db", db, "audit", "head"])
            .ok()
            .stdout_has(&head);
        // The copy is a working store: new scopes and notifications take keys after the
        // copied ones, and the chain goes on from the copied head.
        env.run(&["--db", db, "scope", "add", "/subscriptions/after-copy"])
            .ok();
        env.run(&[
            "--db",
            db,
            "assign",
            "--principal",
            "erin",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/after-copy",
            "--duration",
            "7d",
        ])
        .ok();
        env.run(&["--db", db, "audit", "verify", "--anchor", &head])
            .ok();
    }

    // A target that is not empty is refused and left as it was.
    let before = dump(&b);
    env.run(&["db", "copy", "--from", path_str(&a), "--to", &pg.url])
        .refused(1, "is not empty");
    assert_eq!(dump(&b), before);
}

#[test]
fn a_copy_into_a_new_file_has_every_row_and_the_same_chain() {
    let env = TestEnv::new();
    let a = env.path("a.db");
    busy_sample(&env, &a);
    let head = env
        .run(&["--db", path_str(&a), "audit", "head"])
        .ok()
        .stdout
        .trim()
        .to_string();
    let b = env.path("sub/dir/b.db");
    let r = env.run(&["db", "copy", "--from", path_str(&a), "--to", path_str(&b)]);
    r.ok().stdout_has(&format!("audit head {head}"));
    // Off a terminal, no progress bar.
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert!(
        r.stdout.contains("audit ") && r.stdout.contains("principal"),
        "{}",
        r.stdout
    );
    assert_eq!(dump(&a), dump(&b));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&b).unwrap().permissions().mode() & 0o777,
        0o600
    );
    env.run(&[
        "--db",
        path_str(&b),
        "audit",
        "verify",
        "--anchor",
        &head,
        "--state",
    ])
    .ok();
}

#[cfg(unix)]
#[test]
fn a_copy_shows_its_progress_on_a_terminal_and_clears_it() {
    let env = TestEnv::new();
    let a = env.path("a.db");
    busy_sample(&env, &a);
    let b = env.path("b.db");
    let mut cmd = std::process::Command::new(bin());
    cmd.env_clear()
        .env("PIM_NOW", T0)
        .env("PIM_OS_USER", "tester")
        .env("HOME", env.dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .args(["db", "copy", "--from", path_str(&a), "--to", path_str(&b)]);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    // The bar counts rows against the total, then gives way to the result.
    let (_, bar) = p.exp_regex(r"copying .* \d+/\d+ rows").unwrap();
    assert!(bar.contains("copying"), "{bar}");
    p.exp_string("audit head ").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(dump(&a), dump(&b));
}

#[test]
fn a_target_that_is_not_empty_or_newer_is_refused_and_left_as_it_was() {
    let env = TestEnv::new();
    let a = env.path("a.db");
    env.run(&["--db", path_str(&a), "init", "--admin", "admin", "--sample"])
        .ok();
    let other = env.path("other.db");
    env.run(&["--db", path_str(&other), "init", "--admin", "root"])
        .ok();
    let before = dump(&other);
    env.run(&[
        "db",
        "copy",
        "--from",
        path_str(&a),
        "--to",
        path_str(&other),
    ])
    .refused(1, "other.db is not empty")
    .stderr_has("hint: name a file that does not exist yet");
    assert_eq!(dump(&other), before);

    let newer = env.path("newer.db");
    {
        let c = open(&newer);
        c.execute_batch("PRAGMA user_version = 99").unwrap();
    }
    env.run(&[
        "db",
        "copy",
        "--from",
        path_str(&a),
        "--to",
        path_str(&newer),
    ])
    .refused(1, "schema version 99, newer than this pim supports");
    let text = env.path("notes.txt");
    std::fs::write(&text, "not a database, and not to be overwritten\n").unwrap();
    env.run(&[
        "db",
        "copy",
        "--from",
        path_str(&a),
        "--to",
        path_str(&text),
    ])
    .refused(1, "is not a pim database");
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "not a database, and not to be overwritten\n"
    );
}

#[test]
fn a_missing_source_or_a_bad_url_is_an_error_that_writes_nothing() {
    let env = TestEnv::new();
    let a = env.path("a.db");
    env.run(&["--db", path_str(&a), "init", "--admin", "admin"])
        .ok();
    let to = env.path("to.db");
    env.run(&[
        "db",
        "copy",
        "--from",
        path_str(&env.path("missing.db")),
        "--to",
        path_str(&to),
    ])
    .refused(1, "no pim database at")
    .stderr_has("missing.db (--from)");
    assert!(!to.exists(), "nothing is made when the source is missing");
    env.run(&[
        "db",
        "copy",
        "--from",
        path_str(&a),
        "--to",
        "postgres://pim@127.0.0.1:1/none",
    ])
    .refused(
        1,
        "cannot connect to PostgreSQL at postgres://pim@127.0.0.1:1/none",
    );
    env.run(&[
        "db",
        "copy",
        "--from",
        "postgres://pim:secret@127.0.0.1:1/none",
        "--to",
        path_str(&to),
    ])
    .refused(
        1,
        "cannot connect to PostgreSQL at postgres://pim@127.0.0.1:1/none",
    );
    assert!(!to.exists());
    let r = env.run(&[
        "db",
        "copy",
        "--from",
        path_str(&a),
        "--to",
        "postgres://pim@127.0.0.1:notaport/x",
    ]);
    r.refused(1, "invalid PostgreSQL URL");
    assert!(!r.stderr.contains("secret"));
    env.run(&["db", "copy", "--from", path_str(&a)]).code(2);
}

#[test]
fn a_copy_that_fails_half_way_leaves_no_target() {
    let env = TestEnv::new();
    let a = env.path("a.db");
    env.run(&["--db", path_str(&a), "init", "--admin", "admin", "--sample"])
        .ok();
    // A row whose reference is dangling (foreign keys are off on this connection): the copy
    // reads it and the target refuses it, at the end.
    open(&a)
        .execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO group_member (group_id, member_id, added_at) VALUES ('no-such-group', 'no-one', 0)",
        )
        .unwrap();
    let to = env.path("to.db");
    let r = env.run(&["db", "copy", "--from", path_str(&a), "--to", path_str(&to)]);
    r.code(1);
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    assert!(!to.exists(), "the half-made target was removed");
    if let Some(server) = PgServer::for_test("db_copy half way") {
        let pg = server.database();
        env.run(&["db", "copy", "--from", path_str(&a), "--to", &pg.url])
            .code(1);
        let c = pim::store::open_unchecked(Path::new(&pg.url)).unwrap();
        let tables: i64 = c
            .query_row(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0, "the schema went with the rows");
    }
}

/// The database as it is, for changing it behind pim's back.
fn open(p: &Path) -> pim::store::Conn {
    pim::store::open_unchecked(p).unwrap()
}
