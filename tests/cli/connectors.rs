//! The `sudoers`, `postgres` and `ssh-ca` connectors against the real things on loopback: Debian's
//! visudo and cvtsudoers (what sudo would read), a PostgreSQL server, and ssh-keygen, ssh and an
//! sshd with a temporary host key that trusts pim's CA.
//!
//! A test whose tool is missing fails in CI (`CI` set) and is skipped elsewhere, saying why.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};

use pim::provision::connector::{Action, Connector, Item};
use pim::provision::postgres::Postgres;
use pim::provision::ssh_ca::{SignRequest, SshCa};
use pim::provision::sudoers::Sudoers;

use crate::support::*;

/// The program `name` (from Debian's `package`): on PATH or in an sbin directory. Missing, the
/// test is skipped with a note, except in CI, where that fails.
pub(crate) fn tool(test: &str, name: &str, package: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/bin"].map(PathBuf::from))
        .map(|d| d.join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: {name} is missing: CI installs Debian's {package} package (.ci/run)"
        );
        eprintln!("{test}: skipped: no {name} on this machine (Debian's {package} package)");
    }
    found
}

fn item(action: Action, principal: &str, options: &[(&str, &str)]) -> Item {
    Item {
        action,
        principal: principal.into(),
        role: "Operator".into(),
        scope: "/".into(),
        assignment_id: "5d1e7a0c-0000-4000-8000-00000000a001".into(),
        end: None,
        options: options
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

fn table(text: &str) -> toml::Table {
    toml::from_str(text).expect("a target's table")
}

fn toml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

// --- sudoers ----------------------------------------------------------------------------------

/// A rule as sudo reads it: (users, run-as users, commands, no password).
type Rule = (Vec<String>, Vec<String>, Vec<String>, bool);

/// A directory of drop-in files and a sudoers file that includes it, as /etc/sudoers does.
struct SudoersDir {
    _tmp: tempfile::TempDir,
    main: PathBuf,
    dir: PathBuf,
    visudo: PathBuf,
    cvtsudoers: PathBuf,
}

impl SudoersDir {
    fn new(test: &str) -> Option<SudoersDir> {
        // sudo reads only files that root owns: pim refuses to write any other.
        if !root(test) {
            return None;
        }
        let visudo = tool(test, "visudo", "sudo")?;
        let cvtsudoers = tool(test, "cvtsudoers", "sudo")?;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("sudoers.d");
        std::fs::create_dir(&dir).unwrap();
        let main = tmp.path().join("sudoers");
        std::fs::write(
            &main,
            format!("root ALL=(ALL:ALL) ALL\n@includedir {}\n", path_str(&dir)),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&main, std::fs::Permissions::from_mode(0o440)).unwrap();
        Some(SudoersDir {
            _tmp: tmp,
            main,
            dir,
            visudo,
            cvtsudoers,
        })
    }

    fn target(&self, logins: &str) -> Sudoers {
        Sudoers::from_config(
            "sudo",
            &table(&format!(
                "kind = \"sudoers\"\ndir = {}\nvisudo = {}\n[logins]\n{logins}",
                toml_str(path_str(&self.dir)),
                toml_str(path_str(&self.visudo))
            )),
        )
        .expect("the sudoers target")
    }

    /// `visudo -cf` of the whole configuration, included files and all.
    fn check(&self) {
        let out = StdCommand::new(&self.visudo)
            .arg("-cf")
            .arg(&self.main)
            .output()
            .unwrap();
        assert!(out.status.success(), "visudo -cf: {out:?}");
    }

    /// The rules sudo reads, as (users, run-as users, commands, no password), from cvtsudoers:
    /// sudo's own parser, not pim's idea of the files.
    fn rules(&self) -> Vec<Rule> {
        let out = StdCommand::new(&self.cvtsudoers)
            .args(["-f", "json"])
            .arg(&self.main)
            .output()
            .unwrap();
        assert!(out.status.success(), "cvtsudoers: {out:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let names = |list: &serde_json::Value, key: &str| -> Vec<String> {
            list.as_array()
                .map(|a| {
                    a.iter()
                        .map(|e| {
                            e.get(key)
                                .and_then(|n| n.as_str())
                                .map(str::to_string)
                                .unwrap_or_else(|| e.to_string())
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut out = Vec::new();
        for spec in v["User_Specs"].as_array().cloned().unwrap_or_default() {
            let users = names(&spec["User_List"], "username");
            for c in spec["Cmnd_Specs"].as_array().cloned().unwrap_or_default() {
                let nopasswd = c["Options"]
                    .as_array()
                    .is_some_and(|o| o.iter().any(|x| x["authenticate"] == false));
                out.push((
                    users.clone(),
                    names(&c["runasusers"], "username"),
                    names(&c["Commands"], "command"),
                    nopasswd,
                ));
            }
        }
        out.retain(|(u, ..)| u != &["root".to_string()]);
        out
    }
}

#[test]
fn sudoers_grant_writes_the_rule_sudo_reads_and_revoke_takes_it_away() {
    let Some(s) = SudoersDir::new("sudoers grant") else {
        return;
    };
    let t = s.target("\"alice@example.com\" = \"alice\"");
    let options = [
        ("runas", "root"),
        (
            "commands",
            "/usr/bin/systemctl restart nginx, /usr/bin/journalctl",
        ),
        ("nopasswd", "true"),
    ];
    let grant = item(Action::Grant, "alice@example.com", &options);
    t.apply(&grant).unwrap();
    // A second delivery of the same grant is harmless.
    t.apply(&grant).unwrap();
    s.check();
    assert_eq!(
        s.rules(),
        vec![(
            vec!["alice".to_string()],
            vec!["root".to_string()],
            vec![
                "/usr/bin/systemctl restart nginx".to_string(),
                "/usr/bin/journalctl".to_string()
            ],
            true
        )]
    );
    let held = t.list().unwrap();
    assert_eq!(held, vec![t.held(&grant)]);
    assert_eq!(held[0].principal, "alice@example.com");
    // The defaults: run as anyone, any command, with a password.
    let bob = item(Action::Grant, "bob", &[]);
    t.apply(&bob).unwrap();
    s.check();
    assert!(s.rules().contains(&(
        vec!["bob".to_string()],
        vec!["ALL".to_string()],
        vec!["ALL".to_string()],
        false
    )));

    let revoke = item(Action::Revoke, "alice@example.com", &options);
    t.apply(&revoke).unwrap();
    t.apply(&revoke).unwrap();
    s.check();
    let rules = s.rules();
    assert!(
        rules.iter().all(|(u, ..)| u != &["alice".to_string()]),
        "{rules:?}"
    );
    assert_eq!(t.list().unwrap(), vec![t.held(&bob)]);
}

#[test]
fn sudoers_names_and_options_cannot_widen_the_rule() {
    let Some(s) = SudoersDir::new("sudoers injection") else {
        return;
    };
    let nasty = [
        "bob\nALL ALL=(ALL) NOPASSWD: ALL",
        "bob, ALL",
        "bob # ALL",
        "ALL",
        "%sudo",
        "bob\\",
    ];
    // Unmapped, a name that is no plain login is refused, and nothing is written.
    let t = s.target("");
    for name in nasty {
        let e = t
            .apply(&item(Action::Grant, name, &[("commands", "/bin/ls")]))
            .unwrap_err();
        assert!(e.0.contains("no usable login"), "{name:?}: {}", e.0);
    }
    for (key, value) in [
        ("runas", "root\nALL ALL=(ALL) ALL"),
        ("runas", "ALL, %sudo"),
        ("commands", "/bin/ls, ALL"),
        ("commands", "/bin/ls\nALL ALL=(ALL) NOPASSWD: ALL"),
        ("commands", "/bin/ls # x"),
        ("commands", "/bin/*"),
        ("user", "ALL"),
    ] {
        assert!(
            t.apply(&item(Action::Grant, "bob", &[(key, value)]))
                .is_err(),
            "{key}={value:?}"
        );
    }
    assert_eq!(std::fs::read_dir(&s.dir).unwrap().count(), 0);
    assert!(s.rules().is_empty());

    // Mapped to a login, each name gets a file of its own that grants that login only what the
    // binding says, and keeps the name whole for reconcile.
    let logins: String = nasty
        .iter()
        .map(|n| format!("{} = \"bob\"\n", toml_str(n)))
        .collect();
    let t = s.target(&logins);
    for name in nasty {
        t.apply(&item(Action::Grant, name, &[("commands", "/bin/ls")]))
            .unwrap();
    }
    s.check();
    let rules = s.rules();
    assert_eq!(rules.len(), nasty.len());
    for r in &rules {
        assert_eq!(
            r,
            &(
                vec!["bob".to_string()],
                vec!["ALL".to_string()],
                vec!["/bin/ls".to_string()],
                false
            )
        );
    }
    let mut listed: Vec<String> = t.list().unwrap().into_iter().map(|h| h.principal).collect();
    listed.sort();
    let mut want: Vec<String> = nasty.iter().map(|n| n.to_string()).collect();
    want.sort();
    assert_eq!(listed, want);
}

#[test]
fn sudoers_lists_only_its_own_files_and_reconcile_can_remove_one_copied_in() {
    let Some(s) = SudoersDir::new("sudoers list") else {
        return;
    };
    let t = s.target("");
    let grant = item(Action::Grant, "alice", &[("commands", "/bin/ls")]);
    t.apply(&grant).unwrap();
    let ours = t.held(&grant).detail;
    // A file of the administrator's own, and pim's file copied in under another name (as an
    // operator restoring a backup would): the first is not pim's, the second is listed.
    std::fs::write(s.dir.join("local"), "carol ALL=(ALL) ALL\n").unwrap();
    std::fs::copy(s.dir.join(&ours), s.dir.join("pim-copy")).unwrap();
    let held = t.list().unwrap();
    assert_eq!(held.len(), 2, "{held:?}");
    assert!(held.iter().all(|h| h.principal == "alice"));
    // Reconcile revokes an extra by what it listed (no binding's options describe it).
    t.apply(&item(Action::Revoke, "alice", &[("detail", "pim-copy")]))
        .unwrap();
    assert!(!s.dir.join("pim-copy").exists());
    assert!(s.dir.join(&ours).exists());
    assert!(s.dir.join("local").exists());
    // Another target's files are not this one's.
    let other = Sudoers::from_config(
        "other",
        &table(&format!(
            "kind = \"sudoers\"\ndir = {}\nvisudo = {}",
            toml_str(path_str(&s.dir)),
            toml_str(path_str(&s.visudo))
        )),
    )
    .unwrap();
    assert!(other.list().unwrap().is_empty());
}

// --- postgres -----------------------------------------------------------------------------------

/// A name no other test (or run) uses: roles belong to the whole server.
fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

fn is_member(c: &mut postgres::Client, login: &str, role: &str) -> bool {
    c.query_one(
        "SELECT EXISTS (SELECT 1 FROM pg_auth_members am
                          JOIN pg_roles r ON r.oid = am.roleid
                          JOIN pg_roles m ON m.oid = am.member
                         WHERE r.rolname = $1 AND m.rolname = $2)",
        &[&role, &login],
    )
    .unwrap()
    .get(0)
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[test]
fn postgres_grants_and_revokes_role_membership_idempotently() {
    let Some(server) = PgServer::for_test("postgres connector") else {
        return;
    };
    let mut admin = postgres::Client::connect(&server.admin, postgres::NoTls).unwrap();
    let role = unique("app admin \"ops\"");
    let other = unique("app_read");
    let alice = unique("alice");
    // A login with a quote, an apostrophe and a space, mapped from a principal.
    let tricky = unique("o'neil \"x\" ops");
    for r in [&role, &other] {
        admin
            .batch_execute(&format!("CREATE ROLE {} NOLOGIN", quote(r)))
            .unwrap();
    }
    for l in [&alice, &tricky] {
        admin
            .batch_execute(&format!("CREATE ROLE {} LOGIN", quote(l)))
            .unwrap();
    }
    let t = Postgres::from_config(
        "db",
        &table(&format!(
            "kind = \"postgres\"\nurl = {}\nroles = [{}, {}]\n[logins]\n\"oneil@example.com\" = {}",
            toml_str(&server.admin),
            toml_str(&role),
            toml_str(&other),
            toml_str(&tricky)
        )),
    )
    .unwrap();
    let grant = item(Action::Grant, &alice, &[("pg_role", &role)]);
    let grant_o = item(Action::Grant, "oneil@example.com", &[("pg_role", &role)]);
    for g in [&grant, &grant, &grant_o, &grant_o] {
        t.apply(g).unwrap();
    }
    assert!(is_member(&mut admin, &alice, &role));
    assert!(is_member(&mut admin, &tricky, &role));
    assert!(!is_member(&mut admin, &alice, &other));
    // A membership made by hand is listed too (reconcile finds it), under the login's principal.
    admin
        .batch_execute(&format!("GRANT {} TO {}", quote(&other), quote(&alice)))
        .unwrap();
    let mut held = t.list().unwrap();
    held.sort();
    let mut want = vec![
        t.held(&grant),
        t.held(&grant_o),
        pim::provision::connector::Held {
            principal: alice.clone(),
            detail: other.clone(),
        },
    ];
    want.sort();
    assert_eq!(held, want);

    for r in [
        item(Action::Revoke, &alice, &[("pg_role", &role)]),
        item(Action::Revoke, &alice, &[("pg_role", &role)]),
        item(Action::Revoke, "oneil@example.com", &[("pg_role", &role)]),
        item(Action::Revoke, &alice, &[("pg_role", &other)]),
        // A login that does not exist holds nothing: revoked.
        item(Action::Revoke, &unique("nobody"), &[("pg_role", &role)]),
    ] {
        t.apply(&r).unwrap();
    }
    assert!(!is_member(&mut admin, &alice, &role));
    assert!(!is_member(&mut admin, &tricky, &role));
    assert!(t.list().unwrap().is_empty());
    // A grant to a login that does not exist fails with what PostgreSQL said.
    let e = t
        .apply(&item(
            Action::Grant,
            &unique("ghost"),
            &[("pg_role", &role)],
        ))
        .unwrap_err();
    assert!(e.0.contains("does not exist"), "{}", e.0);
    for r in [&role, &other, &alice, &tricky] {
        admin
            .batch_execute(&format!("DROP ROLE {}", quote(r)))
            .unwrap();
    }
}

#[test]
fn postgres_a_target_that_is_down_fails_without_showing_its_password() {
    // A port nothing listens on: the connection is refused at once.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pw");
    std::fs::write(&file, "file-secret-4711\n").unwrap();
    for (url, extra) in [
        (
            format!("postgres://prov:url-secret-0815@127.0.0.1:{port}/postgres"),
            String::new(),
        ),
        (
            format!("postgres://prov@127.0.0.1:{port}/postgres"),
            format!("password_file = {}\n", toml_str(path_str(&file))),
        ),
    ] {
        let t = Postgres::from_config(
            "db",
            &table(&format!(
                "kind = \"postgres\"\nurl = {}\nroles = [\"app\"]\n{extra}",
                toml_str(&url)
            )),
        )
        .unwrap();
        let e = t
            .apply(&item(Action::Grant, "alice", &[("pg_role", "app")]))
            .unwrap_err();
        assert!(e.0.contains(&format!("127.0.0.1:{port}")), "{}", e.0);
        for shown in [e.0.clone(), t.list().unwrap_err().0, format!("{t:?}")] {
            assert!(!shown.contains("secret"), "the password shows in: {shown}");
        }
    }
}

#[test]
fn postgres_logs_in_with_the_password_it_is_given_and_never_shows_it() {
    let Some(server) = PgServer::start("postgres password", None) else {
        return;
    };
    let mut admin = postgres::Client::connect(&server.admin, postgres::NoTls).unwrap();
    admin
        .batch_execute(
            "CREATE ROLE prov LOGIN CREATEROLE PASSWORD 'right-secret-1';
             CREATE ROLE app NOLOGIN; CREATE ROLE alice LOGIN",
        )
        .unwrap();
    // The provisioning account must give its password; pim's own connections stay trusted.
    server.hba(
        "local all all trust\nhost all prov 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\n",
    );
    let (base, _) = server.admin.split_once("@").unwrap();
    let host = &server.admin[base.len() + 1..];
    let dir = tempfile::tempdir().unwrap();
    let target = |url: &str, password: Option<&str>| {
        let mut extra = String::new();
        if let Some(pw) = password {
            let file = dir.path().join(unique("pw"));
            std::fs::write(&file, format!("{pw}\n")).unwrap();
            extra = format!("password_file = {}\n", toml_str(path_str(&file)));
        }
        Postgres::from_config(
            "db",
            &table(&format!(
                "kind = \"postgres\"\nurl = {}\nroles = [\"app\"]\n{extra}",
                toml_str(url)
            )),
        )
        .unwrap()
    };
    let grant = item(Action::Grant, "alice", &[("pg_role", "app")]);
    let without = format!("postgres://prov@{host}");
    for (t, secret) in [
        (target(&without, Some("wrong-secret-2")), "wrong-secret-2"),
        (
            target(&format!("postgres://prov:wrong-secret-3@{host}"), None),
            "wrong-secret-3",
        ),
    ] {
        let e = t.apply(&grant).unwrap_err();
        assert!(e.0.contains("password authentication failed"), "{}", e.0);
        assert!(!e.0.contains(secret), "the password shows in: {}", e.0);
        assert!(!is_member(&mut admin, "alice", "app"));
    }
    // The right password, from the file or the URL: granted, and listed.
    target(&without, Some("right-secret-1"))
        .apply(&grant)
        .unwrap();
    assert!(is_member(&mut admin, "alice", "app"));
    let t = target(&format!("postgres://prov:right-secret-1@{host}"), None);
    assert_eq!(t.list().unwrap(), vec![t.held(&grant)]);
    t.apply(&item(Action::Revoke, "alice", &[("pg_role", "app")]))
        .unwrap();
    assert!(!is_member(&mut admin, "alice", "app"));
}

// --- ssh-ca -------------------------------------------------------------------------------------

/// An Ed25519 key made by ssh-keygen: (private key path, public key path).
pub(crate) fn keygen(keygen: &Path, dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let key = dir.join(name);
    let out = StdCommand::new(keygen)
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success(), "ssh-keygen: {out:?}");
    let public = dir.join(format!("{name}.pub"));
    (key, public)
}

/// What `ssh-keygen -L` says of a certificate: its validity and principals.
pub(crate) fn inspect(keygen: &Path, cert: &Path) -> (String, Vec<String>, String) {
    let out = StdCommand::new(keygen)
        .env("TZ", "UTC")
        .arg("-L")
        .arg("-f")
        .arg(cert)
        .output()
        .unwrap();
    assert!(out.status.success(), "ssh-keygen -L: {out:?}");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let valid = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Valid: "))
        .unwrap_or_default()
        .to_string();
    let mut principals = Vec::new();
    let mut in_principals = false;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with("Principals:") {
            in_principals = true;
            continue;
        }
        if in_principals {
            if l.contains(':') {
                break;
            }
            principals.push(l.to_string());
        }
    }
    let key_id = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Key ID: "))
        .unwrap_or_default()
        .to_string();
    (valid, principals, key_id)
}

fn ts(t: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(t).unwrap().timestamp()
}

#[test]
fn ssh_ca_signs_a_user_certificate_ssh_keygen_reads_as_asked() {
    let Some(kg) = tool("ssh-ca sign", "ssh-keygen", "openssh-client") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (ca_key, _) = keygen(&kg, dir.path(), "ca");
    let (_, user_pub) = keygen(&kg, dir.path(), "user");
    let ca = SshCa::from_config(
        "ssh",
        &table(&format!(
            "kind = \"ssh-ca\"\nca_key = {}",
            toml_str(path_str(&ca_key))
        )),
    )
    .unwrap();
    let options: BTreeMap<String, String> =
        [("principals".to_string(), "root, deploy".to_string())].into();
    let principals = ca.principals("alice", &options).unwrap();
    let signed = ca
        .sign(&SignRequest {
            public_key: &std::fs::read_to_string(&user_pub).unwrap(),
            principals: &principals,
            valid_after: ts("2026-11-22T09:00:00Z"),
            valid_before: ts("2026-11-22T10:00:00Z"),
            key_id: "pim principal=\"alice\"",
        })
        .unwrap();
    let cert = dir.path().join("user-cert.pub");
    std::fs::write(&cert, format!("{}\n", signed.certificate)).unwrap();
    let (valid, principals, key_id) = inspect(&kg, &cert);
    assert_eq!(valid, "from 2026-11-22T09:00:00 to 2026-11-22T10:00:00");
    assert_eq!(principals, vec!["root", "deploy"]);
    assert_eq!(key_id, "\"pim principal=\"alice\"\"");
    // Default principals: the login the target maps the principal to, else its name.
    assert_eq!(
        ca.principals("alice", &BTreeMap::new()).unwrap(),
        vec!["alice"]
    );
    assert!(ca.principals("alice smith", &BTreeMap::new()).is_err());
    // Not a public key: refused with why.
    let e = ca
        .sign(&SignRequest {
            public_key: "ssh-ed25519 not-base64 x",
            principals: &principals,
            valid_after: 0,
            valid_before: 10,
            key_id: "x",
        })
        .unwrap_err();
    assert!(e.0.contains("not an OpenSSH public key"), "{}", e.0);
}

#[test]
fn ssh_ca_refuses_a_key_others_can_read_or_one_it_cannot_use() {
    let Some(kg) = tool("ssh-ca key", "ssh-keygen", "openssh-client") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (ca_key, _) = keygen(&kg, dir.path(), "ca");
    let conf = |p: &Path| {
        table(&format!(
            "kind = \"ssh-ca\"\nca_key = {}",
            toml_str(path_str(p))
        ))
    };
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&ca_key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let e = SshCa::from_config("ssh", &conf(&ca_key)).unwrap_err();
    assert!(e.0.contains("chmod 600"), "{}", e.0);
    std::fs::set_permissions(&ca_key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let rsa = dir.path().join("rsa");
    let out = StdCommand::new(&kg)
        .args(["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f"])
        .arg(&rsa)
        .output()
        .unwrap();
    assert!(out.status.success());
    let e = SshCa::from_config("ssh", &conf(&rsa)).unwrap_err();
    assert!(e.0.contains("Ed25519"), "{}", e.0);
    let locked = dir.path().join("locked");
    let out = StdCommand::new(&kg)
        .args(["-q", "-t", "ed25519", "-N", "a passphrase", "-f"])
        .arg(&locked)
        .output()
        .unwrap();
    assert!(out.status.success());
    let e = SshCa::from_config("ssh", &conf(&locked)).unwrap_err();
    assert!(e.0.contains("encrypted"), "{}", e.0);
    let e = SshCa::from_config("ssh", &conf(&dir.path().join("none"))).unwrap_err();
    assert!(e.0.contains("cannot read ca_key"), "{}", e.0);
}

/// Whether this process runs as root; when not, a test that needs it fails in CI and is skipped
/// elsewhere, saying so.
pub(crate) fn root(test: &str) -> bool {
    let uid = StdCommand::new("id").arg("-u").output().ok();
    let root = uid.is_some_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: needs root (sshd logs users in; sudo reads only files root owns): CI runs as root"
        );
        eprintln!("{test}: skipped: needs root");
    }
    root
}

/// An sshd on a loopback port with a host key of its own, trusting `ca_pub` for user
/// certificates, its clock set to `at` by libfaketime (sshd checks a certificate's validity
/// against its clock; the test names the instant instead of reading the real one). Killed when
/// dropped.
pub(crate) struct Sshd {
    child: Child,
    pub port: u16,
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

/// What sshd logs when OpenSSH's seccomp sandbox kills its pre-authentication child: a system
/// call the sandbox does not allow, made by the preloaded libfaketime, not by anything a
/// certificate decides. Seen once in many runs, after sshd had accepted the certificate.
const SANDBOX_KILLED: &str = "preauth child terminated by signal 31";

/// Logs in to a fresh sshd whose clock reads `at`: whether the login succeeded, and sshd's whole
/// log. A login that failed because the sandbox killed sshd's own child (see [`SANDBOX_KILLED`])
/// is tried once more with a new sshd; twice in a row fails the test.
pub(crate) fn login_at(
    dir: &Path,
    ca_pub: &Path,
    at: &str,
    tools: &SshTools,
    key: &Path,
    cert: &Path,
    user: &str,
) -> (bool, String) {
    for attempt in 0..2 {
        let sshd = Sshd::start(dir, ca_pub, at, tools);
        let ok = sshd.login(tools, dir, key, cert, user);
        let log = sshd.stop();
        if ok || !log.contains(SANDBOX_KILLED) {
            return (ok, log);
        }
        assert_eq!(attempt, 0, "sshd's sandbox killed its child twice:\n{log}");
    }
    unreachable!()
}

impl Sshd {
    pub(crate) fn start(dir: &Path, ca_pub: &Path, at: &str, tools: &SshTools) -> Sshd {
        let host = dir.join(format!("host-{}", unique("k")));
        let out = StdCommand::new(&tools.keygen)
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&host)
            .output()
            .unwrap();
        assert!(out.status.success());
        // sshd's privilege separation directory, which its package makes at boot.
        std::fs::create_dir_all("/run/sshd").unwrap();
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let config = dir.join(format!("sshd-{port}.conf"));
        std::fs::write(
            &config,
            format!(
                "Port {port}\nListenAddress 127.0.0.1\nHostKey {}\nTrustedUserCAKeys {}\n\
                 PermitRootLogin prohibit-password\nPasswordAuthentication no\n\
                 KbdInteractiveAuthentication no\nUsePAM no\nAuthorizedKeysFile none\n\
                 StrictModes no\nPidFile none\nLogLevel VERBOSE\n",
                path_str(&host),
                path_str(ca_pub)
            ),
        )
        .unwrap();
        // libfaketime's "@YYYY-MM-DD hh:mm:ss" (in UTC): the clock starts there and runs. The
        // library is preloaded directly rather than through the `faketime` wrapper, whose named
        // semaphore (per process ID) outlives a killed run and then makes a later run with the
        // same process ID fail ("sem_open: File exists").
        let fake = format!("@{}", at.replace('T', " ").trim_end_matches('Z'));
        use std::os::unix::process::CommandExt;
        let mut child = StdCommand::new(&tools.sshd)
            // A group of its own: sshd and the children it starts go when dropped.
            .process_group(0)
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .env_clear()
            .env("LD_PRELOAD", &tools.libfaketime)
            .env("FAKETIME", &fake)
            .env("TZ", "UTC")
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sshd");
        let mut lines = BufReader::new(child.stderr.take().unwrap());
        let mut seen = String::new();
        loop {
            let mut line = String::new();
            let n = lines.read_line(&mut line).unwrap();
            assert!(n > 0, "sshd stopped before listening: {seen}");
            seen.push_str(&line);
            if line.contains("Server listening on") {
                break;
            }
        }
        let log = std::sync::Arc::new(std::sync::Mutex::new(seen));
        let sink = log.clone();
        let reader = std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        Sshd {
            child,
            port,
            log,
            reader: Some(reader),
        }
    }

    /// `ssh -i KEY -o CertificateFile=CERT USER@127.0.0.1 true`: whether sshd let it in.
    pub(crate) fn login(
        &self,
        tools: &SshTools,
        dir: &Path,
        key: &Path,
        cert: &Path,
        user: &str,
    ) -> bool {
        let out = StdCommand::new(&tools.ssh)
            .args([
                "-F",
                "none",
                "-o",
                "BatchMode=yes",
                "-o",
                "IdentitiesOnly=yes",
            ])
            .args(["-o", "StrictHostKeyChecking=no", "-o", "LogLevel=ERROR"])
            .arg("-o")
            .arg(format!(
                "UserKnownHostsFile={}",
                path_str(&dir.join("known_hosts"))
            ))
            .arg("-i")
            .arg(key)
            .arg("-o")
            .arg(format!("CertificateFile={}", path_str(cert)))
            .args(["-p", &self.port.to_string()])
            .arg(format!("{user}@127.0.0.1"))
            .arg("true")
            .env_clear()
            .env("HOME", dir)
            .env("PATH", "/usr/bin:/bin")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        out.status.success()
    }
}

impl Sshd {
    /// Stops sshd and its children and returns everything it logged (its log pipe read to the
    /// end).
    pub(crate) fn stop(mut self) -> String {
        self.kill();
        if let Some(r) = self.reader.take() {
            r.join().expect("sshd log reader");
        }
        self.log.lock().unwrap().clone()
    }

    fn kill(&mut self) {
        // SAFETY: kill has no preconditions; the group is the one this Sshd started.
        unsafe { libc::kill(-(self.child.id() as i32), libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The programs the sshd tests run.
pub(crate) struct SshTools {
    pub keygen: PathBuf,
    pub ssh: PathBuf,
    pub sshd: PathBuf,
    /// libfaketime, preloaded into sshd.
    pub libfaketime: PathBuf,
}

impl SshTools {
    pub(crate) fn find(test: &str) -> Option<SshTools> {
        Some(SshTools {
            keygen: tool(test, "ssh-keygen", "openssh-client")?,
            ssh: tool(test, "ssh", "openssh-client")?,
            sshd: tool(test, "sshd", "openssh-server")?,
            libfaketime: libfaketime(test)?,
        })
    }
}

/// Where Debian's libfaketime package puts the library (the `faketime` package depends on it).
fn libfaketime(test: &str) -> Option<PathBuf> {
    let found = [
        "/usr/lib/x86_64-linux-gnu/faketime",
        "/usr/lib/aarch64-linux-gnu/faketime",
        "/usr/lib/faketime",
        "/usr/lib64/faketime",
        "/usr/local/lib/faketime",
    ]
    .iter()
    .map(|d| Path::new(d).join("libfaketime.so.1"))
    .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: libfaketime.so.1 is missing: CI installs Debian's faketime package (.ci/run)"
        );
        eprintln!(
            "{test}: skipped: no libfaketime.so.1 on this machine (Debian's faketime package)"
        );
    }
    found
}

#[test]
fn sshd_accepts_the_certificate_until_its_end_and_refuses_it_after() {
    let test = "sshd and the certificate";
    let Some(tools) = SshTools::find(test) else {
        return;
    };
    if !root(test) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (ca_key, ca_pub) = keygen(&tools.keygen, dir.path(), "ca");
    let (user_key, user_pub) = keygen(&tools.keygen, dir.path(), "user");
    let ca = SshCa::from_config(
        "ssh",
        &table(&format!(
            "kind = \"ssh-ca\"\nca_key = {}",
            toml_str(path_str(&ca_key))
        )),
    )
    .unwrap();
    let signed = ca
        .sign(&SignRequest {
            public_key: &std::fs::read_to_string(&user_pub).unwrap(),
            principals: &["root".to_string()],
            valid_after: ts("2026-11-22T09:00:00Z"),
            valid_before: ts("2026-11-22T10:00:00Z"),
            key_id: "pim test",
        })
        .unwrap();
    let cert = dir.path().join("user-cert.pub");
    std::fs::write(&cert, format!("{}\n", signed.certificate)).unwrap();
    for (at, user, admitted) in [
        ("2026-11-22T08:59:58Z", "root", false),
        ("2026-11-22T09:00:01Z", "root", true),
        ("2026-11-22T09:59:58Z", "root", true),
        // A principal the certificate does not name.
        ("2026-11-22T09:30:00Z", "nobody", false),
        ("2026-11-22T10:00:01Z", "root", false),
    ] {
        let (ok, log) = login_at(dir.path(), &ca_pub, at, &tools, &user_key, &cert, user);
        assert_eq!(ok, admitted, "{user} at {at}: sshd said:\n{log}");
    }
}

// --- pim ssh sign ---------------------------------------------------------------------------------

/// The certificate as `pim ssh sign -o json` prints it.
#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct SshCertJson {
    certificate: String,
    target: String,
    role: String,
    scope: String,
    assignment_id: String,
    principals: Vec<String>,
    valid_after: String,
    valid_before: String,
    key_id: String,
    serial: String,
    key_fingerprint: String,
    ca_fingerprint: String,
}

const OPERATOR: &str = "Security Administrator";

/// The sample organisation with an ssh-ca target in its config (and the server's, in server
/// mode), a key for bob, and ssh-keygen: (env, ssh-keygen, CA public key, bob's key, bob's .pub).
fn ssh_env(test: &str) -> Option<(TestEnv, PathBuf, PathBuf, PathBuf, PathBuf)> {
    let kg = tool(test, "ssh-keygen", "openssh-client")?;
    let env = TestEnv::new();
    let (ca_key, ca_pub) = keygen(&kg, env.dir.path(), "ca");
    let (bob_key, bob_pub) = keygen(&kg, env.dir.path(), "bob");
    env.set_config(&format!(
        "[provision.ssh]\nkind = \"ssh-ca\"\nca_key = {}\n",
        toml_str(path_str(&ca_key))
    ));
    env.run(&["init", "--admin", "admin", "--sample"]).ok();
    Some((env, kg, ca_pub, bob_key, bob_pub))
}

#[test]
fn ssh_sign_certifies_an_activation_until_exactly_its_end() {
    let Some((env, kg, _, _, bob_pub)) = ssh_env("ssh sign") else {
        return;
    };
    let key = path_str(&bob_pub).to_string();
    let sign = |now: &'static str| {
        let k = key.clone();
        move |env: &TestEnv| env.run_as_at("bob", now, &["ssh", "sign", "--role", OPERATOR, &k])
    };
    // Eligible is not enough.
    env.refuses(
        4,
        "no activation of 'Security Administrator'",
        "ssh.sign",
        sign(T0),
    );
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            OPERATOR,
            "--justification",
            "patch",
            "--duration",
            "1h",
        ],
    )
    .ok();
    // Active, but no ssh-ca target is bound to the role.
    env.refuses(1, "no ssh-ca target is bound", "ssh.sign", sign(T0));
    env.run(&[
        "provision",
        "bind",
        "ssh",
        "--role",
        OPERATOR,
        "--option",
        "principals=root,ops",
    ])
    .ok();
    // Not a public key.
    let bad = env.write_file("bad.pub", "ssh-ed25519 AAAAnot-a-key bob\n");
    let bad = path_str(&bad).to_string();
    env.refuses(1, "not an OpenSSH public key", "ssh.sign", |env| {
        env.run_as("bob", &["ssh", "sign", "--role", OPERATOR, &bad])
    });

    // Half an hour in: signed, written beside the key, valid from the start until the end.
    let r = env.run_as_at(
        "bob",
        "2026-11-22T09:30:00Z",
        &["ssh", "sign", "--role", OPERATOR, &key],
    );
    r.ok();
    let cert = env.path("bob-cert.pub");
    assert_eq!(r.stdout.trim(), path_str(&cert));
    let (valid, principals, key_id) = inspect(&kg, &cert);
    assert_eq!(valid, "from 2026-11-22T09:00:00 to 2026-11-22T10:00:00");
    assert_eq!(principals, vec!["root", "ops"]);
    assert!(
        key_id.contains("pim principal=") && key_id.contains("bob"),
        "{key_id}"
    );
    let last = env.last_audit();
    assert_eq!(
        (last.action.as_str(), last.result.as_str()),
        ("ssh.sign", "success")
    );
    assert_eq!(last.principal.as_deref(), Some("bob"));
    assert_eq!(last.end.as_deref(), Some("2026-11-22T10:00:00Z"));
    let details = last.details.clone().unwrap();
    assert_eq!(details["target"], "ssh");
    assert!(
        key_id.contains(last.assignment_id.as_deref().unwrap()),
        "{key_id}"
    );

    // As JSON, to stdout.
    let r = env.run_as_at(
        "bob",
        "2026-11-22T09:30:00Z",
        &[
            "-o", "json", "ssh", "sign", "--role", OPERATOR, &key, "--out", "-",
        ],
    );
    r.ok();
    let j: SshCertJson = r.json();
    assert_eq!(
        (j.target.as_str(), j.role.as_str(), j.scope.as_str()),
        ("ssh", OPERATOR, "/")
    );
    assert_eq!(j.valid_after, "2026-11-22T09:00:00Z");
    assert_eq!(j.valid_before, "2026-11-22T10:00:00Z");
    assert_eq!(j.principals, vec!["root", "ops"]);
    assert!(
        j.certificate
            .starts_with("ssh-ed25519-cert-v01@openssh.com ")
    );
    assert!(!j.serial.is_empty() && !j.assignment_id.is_empty() && !j.key_id.is_empty());
    assert!(j.key_fingerprint.starts_with("SHA256:") && j.ca_fingerprint.starts_with("SHA256:"));

    // A CA holds nothing to reconcile: no difference is reported, nothing is "restored".
    let r = env.run_at(
        "2026-11-22T09:30:00Z",
        &["-o", "json", "provision", "reconcile"],
    );
    r.ok();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["differences"], serde_json::json!([]), "{v}");

    // One second after the end there is no activation to certify.
    env.refuses(4, "no activation", "ssh.sign", sign("2026-11-22T10:00:01Z"));
}

#[test]
fn a_certificate_pim_signs_logs_in_while_the_activation_runs_and_not_after() {
    let test = "ssh sign and sshd";
    let Some(tools) = SshTools::find(test) else {
        return;
    };
    if !root(test) {
        return;
    }
    let Some((env, _, ca_pub, bob_key, bob_pub)) = ssh_env(test) else {
        return;
    };
    env.run(&[
        "provision",
        "bind",
        "ssh",
        "--role",
        OPERATOR,
        "--option",
        "principals=root",
    ])
    .ok();
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            OPERATOR,
            "--justification",
            "patch",
            "--duration",
            "1h",
        ],
    )
    .ok();
    env.run_as_at(
        "bob",
        "2026-11-22T09:10:00Z",
        &["ssh", "sign", "--role", OPERATOR, path_str(&bob_pub)],
    )
    .ok();
    let cert = env.path("bob-cert.pub");
    for (at, admitted) in [
        ("2026-11-22T09:30:00Z", true),
        ("2026-11-22T09:59:58Z", true),
        ("2026-11-22T10:00:01Z", false),
    ] {
        let (ok, log) = login_at(env.dir.path(), &ca_pub, at, &tools, &bob_key, &cert, "root");
        assert_eq!(ok, admitted, "at {at}: sshd said:\n{log}");
    }
}

#[test]
fn through_a_server_the_server_signs_with_its_own_ca_key() {
    if !crate::server::root_with_setpriv() {
        return;
    }
    let Some(kg) = tool("ssh sign via server", "ssh-keygen", "openssh-client") else {
        return;
    };
    let env = TestEnv::sample();
    let bob = crate::server::BOB_UID;
    env.run(&["principal", "update", "bob", "--uid", &bob.to_string()])
        .ok();
    let (ca_key, _) = keygen(&kg, env.dir.path(), "server-ca");
    let server = crate::server::Server::start(
        &env,
        &format!(
            "root = \"admin\"\n[provision.ssh]\nkind = \"ssh-ca\"\nca_key = {}\n",
            toml_str(path_str(&ca_key))
        ),
    );
    let (_, bob_pub) = keygen(&kg, env.dir.path(), "bob");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&bob_pub, std::fs::Permissions::from_mode(0o644)).unwrap();
    // The client has no config at all: the CA key is the server's.
    server
        .run(&env, &["provision", "bind", "ssh", "--role", OPERATOR])
        .ok();
    server
        .run_as_uid(
            &env,
            bob,
            &[
                "activate",
                "--role",
                OPERATOR,
                "--justification",
                "patch",
                "--duration",
                "2h",
            ],
        )
        .ok();
    let r = server.run_as_uid(
        &env,
        bob,
        &[
            "-o",
            "json",
            "ssh",
            "sign",
            "--role",
            OPERATOR,
            path_str(&bob_pub),
            "--out",
            "-",
        ],
    );
    r.ok();
    let j: SshCertJson = r.json();
    assert_eq!(j.principals, vec!["bob"]);
    assert_eq!(j.valid_before, "2026-11-22T11:00:00Z");
    let cert = env.write_file("from-server-cert.pub", &format!("{}\n", j.certificate));
    let (valid, principals, _) = inspect(&kg, &cert);
    assert_eq!(valid, "from 2026-11-22T09:00:00 to 2026-11-22T11:00:00");
    assert_eq!(principals, vec!["bob"]);
    // And the CA is the server's: its fingerprint is the server key's.
    let fp = StdCommand::new(&kg)
        .arg("-l")
        .arg("-f")
        .arg(&ca_key)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&fp.stdout).contains(&j.ca_fingerprint));
}

// --- end to end: the queue carries grants and revokes out on the real targets ----------------------

/// `pim provision run -o json` at `now`: (done, failed).
fn provision_run(env: &TestEnv, now: &str) -> (u64, u64, serde_json::Value) {
    let r = env.run_at(now, &["-o", "json", "provision", "run"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| {
        panic!(
            "provision run printed no JSON ({e}):\n{}\n{}",
            r.stdout, r.stderr
        )
    });
    let done = v["done"].as_u64().unwrap();
    let failed = v["failed"].as_u64().unwrap();
    assert_eq!(r.code, if failed > 0 { 1 } else { 0 }, "{}", r.stderr);
    (done, failed, v)
}

#[test]
fn jit_sudo_activation_writes_the_rule_and_expiry_takes_it_away() {
    let Some(s) = SudoersDir::new("jit sudo") else {
        return;
    };
    let env = TestEnv::new();
    env.set_config(&format!(
        "[provision.sudo]\nkind = \"sudoers\"\ndir = {}\nvisudo = {}\n",
        toml_str(path_str(&s.dir)),
        toml_str(path_str(&s.visudo))
    ));
    env.run(&["init", "--admin", "admin", "--sample"]).ok();
    env.run(&[
        "provision",
        "bind",
        "sudo",
        "--role",
        OPERATOR,
        "--option",
        "runas=root",
        "--option",
        "commands=/usr/bin/systemctl restart nginx",
    ])
    .ok();
    assert!(s.rules().is_empty());
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            OPERATOR,
            "--justification",
            "patch",
            "--duration",
            "1h",
        ],
    )
    .ok();
    // Nothing is written before the queue is carried out, and then the rule is sudo's.
    assert!(s.rules().is_empty());
    assert_eq!(provision_run(&env, T0).0, 1);
    s.check();
    let bob_rule = (
        vec!["bob".to_string()],
        vec!["root".to_string()],
        vec!["/usr/bin/systemctl restart nginx".to_string()],
        false,
    );
    assert_eq!(s.rules(), vec![bob_rule.clone()]);
    // A second run has nothing to do; a grant carried out twice would be harmless all the same.
    assert_eq!(provision_run(&env, "2026-11-22T09:30:00Z").0, 0);

    // The hour ends: one run later, sudo has no rule for bob.
    assert_eq!(provision_run(&env, "2026-11-22T10:00:01Z").0, 1);
    s.check();
    assert!(s.rules().is_empty());

    // A file of pim's copied in by hand is found by reconcile and removed with --apply; the
    // administrator's own file stays.
    let file = s.dir.join("pim-restored");
    std::fs::write(
        &file,
        "# Written by pim: access that ends with a pim assignment. Do not edit.\n# pim-target: \"sudo\"\n# pim-principal: \"bob\"\nbob ALL=(ALL) ALL\n",
    )
    .unwrap();
    std::fs::write(s.dir.join("local"), "carol ALL=(ALL) /bin/ls\n").unwrap();
    let r = env.run_at(
        "2026-11-22T10:05:00Z",
        &["-o", "json", "provision", "reconcile", "sudo"],
    );
    r.ok();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["differences"][0]["kind"], "extra", "{v}");
    assert_eq!(v["differences"][0]["detail"], "pim-restored");
    assert!(file.exists());
    env.run_at(
        "2026-11-22T10:05:00Z",
        &["provision", "reconcile", "sudo", "--apply"],
    )
    .ok();
    assert!(!file.exists());
    assert!(s.dir.join("local").exists());
    s.check();
}

#[test]
fn postgres_end_to_end_a_revoke_waits_out_a_server_that_is_down() {
    let Some(server) = PgServer::start("postgres end to end", None) else {
        return;
    };
    let mut admin = postgres::Client::connect(&server.admin, postgres::NoTls).unwrap();
    let role = unique("app admin");
    let login = unique("bob's login");
    admin
        .batch_execute(&format!(
            "CREATE ROLE {} NOLOGIN; CREATE ROLE {} LOGIN",
            quote(&role),
            quote(&login)
        ))
        .unwrap();
    drop(admin);
    let env = TestEnv::new();
    env.set_config(&format!(
        "[provision.db]\nkind = \"postgres\"\nurl = {}\nroles = [{}]\n[provision.db.logins]\nbob = {}\n",
        toml_str(&server.admin),
        toml_str(&role),
        toml_str(&login)
    ));
    env.run(&["init", "--admin", "admin", "--sample"]).ok();
    env.run(&[
        "provision",
        "bind",
        "db",
        "--role",
        OPERATOR,
        "--option",
        &format!("pg_role={role}"),
    ])
    .ok();
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            OPERATOR,
            "--justification",
            "patch",
            "--duration",
            "1h",
        ],
    )
    .ok();
    assert_eq!(provision_run(&env, T0).0, 1);
    let member = || {
        let mut c = postgres::Client::connect(&server.admin, postgres::NoTls).unwrap();
        is_member(&mut c, &login, &role)
    };
    assert!(member());

    // The database is down when the hour ends: the revoke fails, is shown, and waits.
    server.pg_ctl("halt");
    let (done, failed, _) = provision_run(&env, "2026-11-22T10:00:01Z");
    assert_eq!((done, failed), (0, 1));
    let r = env.run_at(
        "2026-11-22T10:00:02Z",
        &["-o", "json", "provision", "status", "--failed"],
    );
    r.ok();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let rows = v
        .as_array()
        .cloned()
        .unwrap_or_else(|| v["items"].as_array().cloned().unwrap_or_default());
    assert_eq!(rows.len(), 1, "{v}");
    assert_eq!(rows[0]["action"], "revoke");
    assert!(
        rows[0]["last_error"]
            .as_str()
            .unwrap()
            .contains("cannot connect"),
        "{v}"
    );

    // Back up: the next run after the back-off carries the revoke out.
    server.pg_ctl("resume");
    let (done, failed, _) = provision_run(&env, "2026-11-22T10:10:00Z");
    assert_eq!((done, failed), (1, 0));
    assert!(!member());

    // A membership granted by hand is found and, with --apply, revoked.
    let mut c = postgres::Client::connect(&server.admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("GRANT {} TO {}", quote(&role), quote(&login)))
        .unwrap();
    let r = env.run_at(
        "2026-11-22T10:20:00Z",
        &["-o", "json", "provision", "reconcile", "db"],
    );
    r.ok();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["differences"][0]["kind"], "extra", "{v}");
    assert_eq!(v["differences"][0]["principal"], "bob");
    env.run_at(
        "2026-11-22T10:20:00Z",
        &["provision", "reconcile", "db", "--apply"],
    )
    .ok();
    assert!(!member());
}

#[test]
fn postgres_takes_pgpassword_and_pgpassfile_and_no_secret_reaches_status_or_audit() {
    if server_mode() {
        // The password is the environment of the process that carries the queue out: here a
        // server started without it. The embedded run of the suite covers this.
        eprintln!("skipped through a server: PGPASSWORD is the server's own environment");
        return;
    }
    let Some(server) = PgServer::start("postgres PGPASSWORD", None) else {
        return;
    };
    let login = unique("bob");
    let mut admin = postgres::Client::connect(&server.admin, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "CREATE ROLE prov LOGIN CREATEROLE PASSWORD 'pg-secret-77';
             CREATE ROLE app NOLOGIN; CREATE ROLE {} LOGIN",
            quote(&login)
        ))
        .unwrap();
    server.hba(
        "local all all trust\nhost all prov 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 trust\n",
    );
    let host = server.admin.split_once('@').unwrap().1;
    let env = TestEnv::new();
    env.set_config(&format!(
        "[provision.db]\nkind = \"postgres\"\nurl = {}\nroles = [\"app\"]\n[provision.db.logins]\nbob = {}\n",
        toml_str(&format!("postgres://prov@{host}")),
        toml_str(&login)
    ));
    env.run(&["init", "--admin", "admin", "--sample"]).ok();
    env.run(&[
        "provision",
        "bind",
        "db",
        "--role",
        OPERATOR,
        "--option",
        "pg_role=app",
    ])
    .ok();
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            OPERATOR,
            "--justification",
            "patch",
            "--duration",
            "1h",
        ],
    )
    .ok();
    let run = |var: &str, value: &str, now: &str| {
        Run::from(
            env.command()
                .env(var, value)
                .env("PIM_NOW", now)
                .args(["-o", "json", "provision", "run"])
                .output()
                .unwrap(),
        )
    };
    // A wrong PGPASSWORD: refused by the server, and the grant waits.
    let r = run("PGPASSWORD", "wrong-secret-55", T0);
    r.code(1);
    assert!(
        r.stdout.contains("password authentication failed"),
        "{}",
        r.stdout
    );
    assert!(!is_member(&mut admin, &login, "app"));
    // The right one from PGPASSFILE, after the back-off.
    let passfile = env.write_file("pgpass", "*:*:*:prov:pg-secret-77\n");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&passfile, std::fs::Permissions::from_mode(0o600)).unwrap();
    run("PGPASSFILE", path_str(&passfile), "2026-11-22T09:05:00Z").ok();
    assert!(is_member(&mut admin, &login, "app"));
    // And PGPASSWORD for the revoke when the hour is over.
    run("PGPASSWORD", "pg-secret-77", "2026-11-22T10:00:01Z").ok();
    assert!(!is_member(&mut admin, &login, "app"));
    // No password, right or wrong, is in what pim shows or keeps.
    let mut shown = r.stdout.clone() + &r.stderr;
    for args in [
        &["-o", "json", "provision", "status", "--all"][..],
        &["audit", "export", "--format", "jsonl"][..],
    ] {
        let out = env.run(args);
        out.ok();
        shown.push_str(&out.stdout);
    }
    assert!(shown.contains("password authentication failed"), "{shown}");
    for secret in ["wrong-secret-55", "pg-secret-77"] {
        assert!(!shown.contains(secret), "{secret} shows in:\n{shown}");
    }
}
