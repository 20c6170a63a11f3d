//! `pim init` and the store it creates.

use crate::support::*;

/// The built-in catalogue: Microsoft Entra's 123 roles, 99 Azure roles, the two of PIM for Groups.
const ENTRA_ROLES: usize = 123;
const AZURE_ROLES: usize = 99;
const ROLES: usize = ENTRA_ROLES + AZURE_ROLES + 2;

#[test]
fn init_creates_a_private_wal_database_with_the_builtin_roles() {
    if pg_mode() {
        // Not on PostgreSQL: about the SQLite file's mode and journal.
        return;
    }
    let env = TestEnv::new();
    let r = env.run(&[
        "-o",
        "json",
        "init",
        "--admin",
        "admin",
        "--email",
        "admin@contoso.example",
    ]);
    r.ok();
    let report: InitJson = r.json();
    assert_eq!(report.admin.name, "admin");
    assert!(report.admin.break_glass);
    assert_eq!(report.admin.email.as_deref(), Some("admin@contoso.example"));
    assert_eq!(report.roles, ROLES);
    assert!(report.sample.is_none());

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.db()).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "the database must be readable by its owner only"
        );
    }
    let c = env.conn();
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 16);

    // Microsoft's whole Entra catalogue and the common Azure built-in roles, with their GUIDs.
    let roles: Vec<RoleJson> = env.json(&["role", "list"]);
    assert_eq!(roles.len(), ROLES);
    assert_eq!(
        roles.iter().filter(|r| r.kind == "directory").count(),
        ENTRA_ROLES
    );
    assert_eq!(
        roles.iter().filter(|r| r.kind == "azure").count(),
        AZURE_ROLES
    );
    let ga = roles
        .iter()
        .find(|r| r.name == "Global Administrator")
        .unwrap();
    assert_eq!(ga.id, "62e90394-69f5-4237-9190-012177145e10");
    assert!(ga.privileged && ga.builtin);
    let groups_admin = roles
        .iter()
        .find(|r| r.name == "Groups Administrator")
        .unwrap();
    assert!(!groups_admin.privileged);
    let owner = roles.iter().find(|r| r.name == "Owner").unwrap();
    assert_eq!(owner.id, "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");

    // The administrator holds a permanent active Global Administrator assignment at /.
    let rows: Vec<AssignmentJson> = env.json(&["assign", "list", "--principal", "admin"]);
    let a = find(&rows, "admin", "Global Administrator");
    assert_eq!(
        (a.kind.as_str(), a.scope.as_str(), a.permanent),
        ("active", "/", true)
    );
    assert_eq!(a.start, T0);

    // …and the chain starts well.
    let v: VerifyJson = env.json(&["audit", "verify"]);
    assert!(v.ok);
    assert_eq!(v.rows, 3);
}

#[test]
fn init_refuses_an_initialised_database_and_audits_the_refusal() {
    let env = TestEnv::bare();
    let before = env.state();
    let audit = env.count("audit");
    env.run(&["init", "--admin", "other"])
        .refused(1, "already exists")
        .stderr_has("hint:");
    assert_eq!(env.state(), before);
    assert_eq!(env.count("audit"), audit + 1);
    let last = env.last_audit();
    assert_eq!(
        (last.action.as_str(), last.result.as_str()),
        ("pim.init", "failure")
    );
}

#[test]
fn sample_organisation_gives_something_to_try() {
    let env = TestEnv::new();
    let r = env.run(&["-o", "json", "init", "--admin", "admin", "--sample"]);
    r.ok();
    let report: InitJson = r.json();
    let sample = report.sample.expect("a sample report");
    assert!(sample.principals.contains(&"tier0-admins".to_string()));
    assert_eq!(sample.assignments, 9);
    let principals: Vec<PrincipalJson> = env.json(&["principal", "list"]);
    let kinds: Vec<&str> = principals.iter().map(|p| p.kind.as_str()).collect();
    assert!(
        kinds.contains(&"group") && kinds.contains(&"service-principal") && kinds.contains(&"user")
    );
    assert!(principals.iter().any(|p| p.role_assignable));
    let scopes: Vec<ScopeJson> = env.json(&["scope", "list"]);
    for kind in [
        "management-group",
        "subscription",
        "resource-group",
        "resource",
        "administrative-unit",
    ] {
        assert!(scopes.iter().any(|s| s.kind == kind), "no {kind} scope");
    }
    let rows: Vec<AssignmentJson> = env.json(&["assign", "list"]);
    assert!(rows.iter().any(|a| a.kind == "eligible"));
    assert!(
        rows.iter()
            .any(|a| a.kind == "active" && a.principal_name != "admin")
    );
    let v: VerifyJson = env.json(&["audit", "verify"]);
    assert!(v.ok);
}

#[test]
fn init_with_a_bad_admin_name_leaves_no_file() {
    let env = TestEnv::new();
    env.run(&["init", "--admin", " spaced "])
        .refused(1, "spaces");
    assert!(!env.db().exists());
}

#[test]
fn commands_on_a_missing_database_say_how_to_create_one() {
    let env = TestEnv::new();
    env.run(&["principal", "list"])
        .refused(1, "no pim database")
        .stderr_has("pim init");
    assert!(!env.db().exists(), "reading must not create the file");
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    if pg_mode() {
        // Not on PostgreSQL: about files.
        return;
    }
    if server_mode() {
        return; // a server does not start on this file: what a command says of it is the embedded mode's
    }
    let env = TestEnv::new();
    std::fs::write(
        env.db(),
        "this is not SQLite, just text that goes on for a while.\n".repeat(100),
    )
    .unwrap();
    env.run(&["principal", "list"])
        .refused(1, "is not a pim database");
    let foreign = env.path("other.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    env.run(&["--db", path_str(&foreign), "principal", "list"])
        .refused(1, "is not a pim database");
}

#[test]
fn a_database_from_a_newer_pim_is_refused() {
    if server_mode() {
        return; // a server does not start on this file: what a command says of it is the embedded mode's
    }
    let env = TestEnv::bare();
    // Each engine keeps its own schema version: SQLite's in `PRAGMA user_version`, PostgreSQL's
    // in `meta`.
    let supported = if pg_mode() {
        env.conn()
            .execute_batch("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
            .unwrap();
        5
    } else {
        env.conn()
            .execute_batch("PRAGMA user_version = 99")
            .unwrap();
        16
    };
    env.run(&["principal", "list"])
        .refused(
            1,
            &format!("schema version 99, newer than this pim supports ({supported})"),
        )
        .stderr_has("upgrade pim");
}

#[test]
fn db_path_comes_from_flag_env_config_or_the_data_directory() {
    let env = TestEnv::new();
    // No --db and no PIM_DB: the user data directory.
    let r = env
        .command()
        .env_remove("PIM_DB")
        .args(["init", "--admin", "admin"])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(env.dir.path().join("data/pim/pim.db").exists());
    // --db wins over PIM_DB.
    let other = env.path("flag.db");
    env.run(&["--db", path_str(&other), "init", "--admin", "admin"])
        .ok();
    assert!(other.exists());
    // A config file can name the database and the actor.
    let cfg_db = env.path("cfg.db");
    env.run(&["--db", path_str(&cfg_db), "init", "--admin", "root-admin"])
        .ok();
    let cfg = env.write_file(
        "pim.toml",
        &format!("actor = \"root-admin\"\ndb = \"{}\"\n", path_str(&cfg_db)),
    );
    let r = env
        .command()
        .env_remove("PIM_DB")
        .env_remove("PIM_ACTOR")
        .args([
            "--config",
            path_str(&cfg),
            "-o",
            "json",
            "principal",
            "list",
        ])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let list: Vec<PrincipalJson> = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(list[0].name, "root-admin");
    // A malformed config file is an error naming the file.
    let bad = env.write_file("bad.toml", "actor = [unclosed\n");
    env.run(&["--config", path_str(&bad), "principal", "list"])
        .refused(1, "bad.toml is not valid");
}
