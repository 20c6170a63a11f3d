//! TLS to PostgreSQL: `sslmode=require`, `verify-ca` and `verify-full` against a server of the
//! test's own that takes TCP connections over TLS only, with certificates from `pim serve ca init`.

use std::path::Path;

use crate::support::*;

/// A CA in `dir` whose server certificate names `san`, and the server's files as PostgreSQL
/// wants them (server.crt, server.key).
fn ca(env: &TestEnv, dir: &str, san: &str) -> std::path::PathBuf {
    let d = env.path(dir);
    env.run(&["serve", "ca", "init", "--dir", path_str(&d), "--san", san])
        .ok();
    std::fs::copy(d.join("server.pem"), d.join("server.crt")).unwrap();
    d
}

#[test]
fn sslmode_require_verify_ca_and_verify_full_connect_over_tls() {
    let env = TestEnv::new();
    let ours = ca(&env, "ca", "127.0.0.1");
    let Some(server) = PgServer::start("pg_tls", Some(&ours)) else {
        return;
    };
    // The server's own `postgres` database is empty: pim's store goes there.
    let base = server.admin.clone();
    let url = |query: &str| format!("{base}?{query}");
    let root = path_str(&ours.join("ca.pem")).to_string();

    // The server refuses TCP without TLS: that pim gets in at all shows it used TLS.
    env.run(&["--db", &url("sslmode=disable"), "init", "--admin", "admin"])
        .refused(1, "cannot connect to PostgreSQL at");
    env.run(&["--db", &url("sslmode=require"), "init", "--admin", "admin"])
        .ok();
    env.run(&["--db", &url("sslmode=prefer"), "principal", "list"])
        .ok()
        .stdout_has("admin");
    let full = url(&format!("sslmode=verify-full&sslrootcert={root}"));
    env.run(&["--db", &full, "principal", "add", "bob"]).ok();
    env.run(&[
        "--db",
        &url(&format!("sslmode=verify-ca&sslrootcert={root}")),
        "audit",
        "verify",
    ])
    .ok();

    // A certificate from another CA is refused by verify-ca and verify-full, and by require
    // when a root certificate is given.
    let other = ca(&env, "other", "127.0.0.1");
    let theirs = path_str(&other.join("ca.pem")).to_string();
    for mode in ["verify-full", "verify-ca", "require"] {
        env.run(&[
            "--db",
            &url(&format!("sslmode={mode}&sslrootcert={theirs}")),
            "principal",
            "list",
        ])
        .refused(1, "cannot connect to PostgreSQL at")
        .stderr_has("certificate");
    }
    // verify-full wants the root certificate.
    env.run(&["--db", &url("sslmode=verify-full"), "principal", "list"])
        .refused(1, "sslmode=verify-full needs sslrootcert=PATH");
}

#[test]
fn verify_full_checks_the_name_and_verify_ca_does_not() {
    let env = TestEnv::new();
    let named = ca(&env, "ca", "db.example.test");
    let Some(server) = PgServer::start("pg_tls names", Some(&named)) else {
        return;
    };
    let root = path_str(&named.join("ca.pem")).to_string();
    let url = |mode: &str| format!("{}?sslmode={mode}&sslrootcert={root}", server.admin);
    env.run(&["--db", &url("verify-ca"), "init", "--admin", "admin"])
        .ok();
    env.run(&["--db", &url("verify-full"), "principal", "list"])
        .refused(1, "cannot connect to PostgreSQL at")
        .stderr_has("certificate");
    assert!(Path::new(&root).exists());
}
