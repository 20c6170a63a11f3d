//! Shell completion from the command line: `COMPLETE=zsh pim -- pim …` (what the scripts of
//! `pim completions` run on each Tab) offers the database's names, read-only, and nothing at all
//! when there is no database.

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
