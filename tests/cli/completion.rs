//! Shell completion from the command line: `COMPLETE=zsh pim -- pim …` (what the scripts of
//! `pim completions` run on each Tab) offers the database's names, read-only, and nothing at all
//! when there is no database; with a server configured, the names the server lets the caller see,
//! and nothing at all when the server is out of reach or refuses the caller.

use crate::support::*;

/// The candidates offered for the last word of `line`, as zsh asks for them.
fn complete(env: &TestEnv, line: &[&str], extra_env: &[(&str, &str)]) -> Vec<String> {
    let mut cmd = env.std_command();
    cmd.env("COMPLETE", "zsh")
        .env("_CLAP_COMPLETE_INDEX", (line.len() - 1).to_string())
        .env("_CLAP_IFS", "\n")
        .arg("--")
        .args(line);
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "completion wrote to stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        // zsh's form: value:help, with ':' in the value escaped.
        .map(|l| {
            let mut value = String::new();
            let mut chars = l.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    ':' => break,
                    c => value.push(c),
                }
            }
            value
        })
        // Options are offered beside values when the word is empty: only values are compared.
        .filter(|v: &String| !v.starts_with('-'))
        .collect()
}

#[test]
fn names_come_from_the_database() {
    if pg_mode() {
        // Not on PostgreSQL: completion reads SQLite files only (it never connects to a server).
        return;
    }
    let env = TestEnv::sample();
    let bytes = std::fs::read(env.db()).unwrap();
    assert_eq!(
        complete(&env, &["pim", "assign", "--principal", "al"], &[]),
        ["alice"]
    );
    assert_eq!(
        complete(&env, &["pim", "assign", "--role", "Global Ad"], &[]),
        ["Global Administrator"]
    );
    let scopes = complete(
        &env,
        &["pim", "assign", "list", "--scope", "/subscriptions/d"],
        &[],
    );
    assert_eq!(scopes, ["/subscriptions/dev"]);
    assert_eq!(
        complete(&env, &["pim", "principal", "show", "er"], &[]),
        ["erin"]
    );
    assert_eq!(
        complete(&env, &["pim", "group", "onboard", "t"], &[]),
        ["tier0-admins"]
    );
    assert_eq!(
        complete(&env, &["pim", "role", "show", "Security Rea"], &[])[..1],
        ["Security Reader"]
    );
    assert_eq!(
        complete(
            &env,
            &[
                "pim",
                "settings",
                "set",
                "--role",
                "Reader",
                "--approver",
                "ca"
            ],
            &[]
        ),
        ["carol"]
    );
    assert_eq!(complete(&env, &["pim", "--as", "da"], &[]), ["dave"]);
    // Commands complete as ever.
    assert!(complete(&env, &["pim", "ass"], &[]).contains(&"assign".to_string()));
    // Completing never changes the file.
    assert_eq!(std::fs::read(env.db()).unwrap(), bytes);
}

#[test]
fn waiting_requests_complete_for_approve_and_deny() {
    if pg_mode() {
        // Not on PostgreSQL: completion reads SQLite files only (it never connects to a server).
        return;
    }
    let env = TestEnv::sample();
    env.run(&[
        "settings",
        "set",
        "--role",
        "Security Administrator",
        "--require-approval",
        "true",
    ])
    .ok();
    let r = env.run_as(
        "bob",
        &[
            "-o",
            "json",
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
        ],
    );
    r.code(5);
    let id = r.json::<serde_json::Value>()["request_id"]
        .as_str()
        .unwrap()
        .to_string();
    // `approve` also offers its subcommand `list` (and clap's `help`) beside the waiting request.
    let ids = |v: Vec<String>| v.into_iter().filter(|c| c.len() == 36).collect::<Vec<_>>();
    assert_eq!(
        ids(complete(&env, &["pim", "approve", ""], &[])),
        std::slice::from_ref(&id)
    );
    assert_eq!(
        complete(&env, &["pim", "deny", &id[..4]], &[]),
        std::slice::from_ref(&id)
    );
    assert_eq!(
        ids(complete(&env, &["pim", "request", "cancel", ""], &[])),
        [id]
    );
}

#[test]
fn the_database_is_the_one_the_line_names_and_none_gives_nothing() {
    // Through a server, the line's database is the server's business (tested below).
    if server_mode() {
        return;
    }
    if pg_mode() {
        // Not on PostgreSQL: completion reads SQLite files only (it never connects to a server).
        return;
    }
    let env = TestEnv::sample();
    let other = TestEnv::bare();
    env.run(&["principal", "add", "zoe"]).ok();
    // --db on the line being completed wins over PIM_DB.
    let other_db = other.db();
    let line = ["pim", "--db", path_str(&other_db), "principal", "show", ""];
    assert_eq!(complete(&env, &line, &[]), ["admin"]);
    assert!(complete(&env, &["pim", "principal", "show", "z"], &[]) == ["zoe"]);
    // No database: no candidates, nothing on stderr, exit 0, and no file made.
    let missing = env.path("nowhere/pim.db");
    let got = complete(
        &env,
        &["pim", "assign", "--principal", ""],
        &[("PIM_DB", path_str(&missing))],
    );
    assert!(got.is_empty(), "{got:?}");
    assert!(!missing.exists() && !env.path("nowhere").exists());
    // A file that is no database: the same.
    let junk = env.write_file("junk.db", "not a database");
    let got = complete(
        &env,
        &["pim", "assign", "--role", ""],
        &[("PIM_DB", path_str(&junk))],
    );
    assert!(got.is_empty(), "{got:?}");
    assert_eq!(std::fs::read_to_string(&junk).unwrap(), "not a database");
}

/// bob's request for Security Administrator, waiting for approval: its ID.
fn waiting_request(env: &TestEnv) -> String {
    env.run(&[
        "settings",
        "set",
        "--role",
        "Security Administrator",
        "--require-approval",
        "true",
    ])
    .ok();
    let r = env.run_as(
        "bob",
        &[
            "-o",
            "json",
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
        ],
    );
    r.code(5);
    r.json::<serde_json::Value>()["request_id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn names_come_from_the_server_and_no_database_is_opened() {
    let env = TestEnv::sample();
    let id = waiting_request(&env);
    let admin = crate::server::Server::start(&env, "root = \"admin\"");
    // The database the client would use does not exist: every name comes from the server.
    let missing = env.path("nowhere/pim.db");
    let via = |server: &crate::server::Server, line: &[&str]| {
        complete(
            &env,
            line,
            &[
                ("PIM_SERVER", &server.url()),
                ("PIM_DB", path_str(&missing)),
            ],
        )
    };
    assert_eq!(
        via(&admin, &["pim", "assign", "--principal", "al"]),
        ["alice"]
    );
    assert_eq!(
        via(&admin, &["pim", "assign", "--role", "Global Ad"]),
        ["Global Administrator"]
    );
    assert_eq!(
        via(
            &admin,
            &["pim", "assign", "list", "--scope", "/subscriptions/d"]
        ),
        ["/subscriptions/dev"]
    );
    assert_eq!(
        via(&admin, &["pim", "group", "onboard", "t"]),
        ["tier0-admins"]
    );
    let ids = |v: Vec<String>| v.into_iter().filter(|c| c.len() == 36).collect::<Vec<_>>();
    assert_eq!(
        ids(via(&admin, &["pim", "approve", ""])),
        std::slice::from_ref(&id)
    );
    // --server on the line being completed is the server asked.
    let line = ["pim", "--server", &admin.url(), "principal", "show", "er"];
    assert_eq!(
        complete(&env, &line, &[("PIM_DB", path_str(&missing))]),
        ["erin"]
    );
    assert!(!missing.exists() && !env.path("nowhere").exists());
    assert!(admin.log().contains("complete"), "{}", admin.log());
    admin.stop();
    // The requester sees their own request, but may not decide it: approve offers nothing.
    std::fs::remove_file(env.path("pim.sock")).ok();
    let bob = crate::server::Server::start(&env, "root = \"bob\"");
    assert_eq!(
        ids(via(&bob, &["pim", "approve", ""])),
        Vec::<String>::new()
    );
    assert_eq!(ids(via(&bob, &["pim", "deny", ""])), Vec::<String>::new());
    assert_eq!(
        ids(via(&bob, &["pim", "request", "cancel", ""])),
        std::slice::from_ref(&id)
    );
}

#[test]
fn a_server_that_refuses_or_is_out_of_reach_offers_nothing() {
    let env = TestEnv::sample();
    // The server maps root to no principal: the caller is refused.
    let server = crate::server::Server::start(&env, "");
    let got = complete(
        &env,
        &["pim", "assign", "--principal", ""],
        &[("PIM_SERVER", &server.url())],
    );
    assert!(got.is_empty(), "{got:?}");
    // Refused like any other request of that caller, and audited as such.
    assert_eq!(env.last_audit().action, "auth.refused");
    // No server at the address, an address that is none, and an https:// server with no CA.
    for url in [
        format!("unix:{}", path_str(&env.path("none.sock"))),
        "http://127.0.0.1:1".to_string(),
        "https://127.0.0.1:1".to_string(),
    ] {
        let got = complete(&env, &["pim", "role", "show", ""], &[("PIM_SERVER", &url)]);
        assert!(got.is_empty(), "{url}: {got:?}");
    }
}

#[test]
fn a_silent_server_gives_up_quickly() {
    let env = TestEnv::sample();
    // A socket that accepts connections and never answers.
    let socket = env.path("silent.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let started = std::time::Instant::now();
    let got = complete(
        &env,
        &["pim", "assign", "--principal", ""],
        &[("PIM_SERVER", &format!("unix:{}", path_str(&socket)))],
    );
    assert!(got.is_empty(), "{got:?}");
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    drop(listener);
}
