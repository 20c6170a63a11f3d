//! `pim serve`: the server names callers by their uid (never by what they say), runs every
//! command as in the embedded mode, refuses and audits who it cannot name, and survives bad
//! input from any caller.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::{Arc, Mutex};

use crate::support::*;

/// A `pim serve` over a test environment's database, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub socket: PathBuf,
    /// What the server logged on stderr, and a signal for each new line.
    pub log: Arc<(Mutex<String>, std::sync::Condvar)>,
}

impl Server {
    /// Starts a server with `[server]` settings `extra` (TOML lines), and waits until it listens.
    pub fn start(env: &TestEnv, extra: &str) -> Server {
        Server::launch(env, "pim", extra, |_| {})
    }

    /// Starts a server named `name` (its socket `NAME.sock`, its config `NAME.toml` in the
    /// environment's directory) with `[server]` settings `extra`, its command adjusted by `adjust`,
    /// and waits until it listens.
    pub fn launch(
        env: &TestEnv,
        name: &str,
        extra: &str,
        adjust: impl FnOnce(&mut StdCommand),
    ) -> Server {
        let socket = env.path(&format!("{name}.sock"));
        let config = env.write_file(
            &format!("{name}.toml"),
            &format!(
                "[server]\nsocket_mode = \"0666\"\n{}{extra}\n",
                if extra.contains("sweep_interval") {
                    ""
                } else {
                    "sweep_interval = \"0\"\n"
                }
            ),
        );
        let mut command = env.std_command();
        command
            .env_remove("PIM_ACTOR")
            .env("PIM_CONFIG", &config)
            .args(["serve", "--socket", path_str(&socket)])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        adjust(&mut command);
        let mut child = command.spawn().expect("start pim serve");
        let log = Arc::new((Mutex::new(String::new()), std::sync::Condvar::new()));
        let mut lines = BufReader::new(child.stderr.take().expect("stderr"));
        // Blocks until the server says it listens (or dies).
        loop {
            let mut line = String::new();
            let n = lines.read_line(&mut line).expect("read the server's log");
            assert!(
                n > 0,
                "the server stopped before listening: {}",
                log.0.lock().unwrap()
            );
            log.0.lock().unwrap().push_str(&line);
            if line.contains("listening on") {
                break;
            }
        }
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                let mut l = sink.0.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
                sink.1.notify_all();
            }
        });
        // Other uids reach the socket through the test's directory.
        set_mode(env.dir.path(), 0o711);
        Server { child, socket, log }
    }

    pub fn url(&self) -> String {
        format!("unix:{}", self.socket.display())
    }

    /// `pim` as a client of this server, with no identity of its own to give.
    pub fn client(&self, env: &TestEnv) -> StdCommand {
        let mut c = env.std_command();
        c.env_remove("PIM_ACTOR").env("PIM_SERVER", self.url());
        c
    }

    pub fn run(&self, env: &TestEnv, args: &[&str]) -> Run {
        Run::from(self.client(env).args(args).output().expect("run pim"))
    }

    /// `pim` run as another uid (root only), through this server.
    pub fn run_as_uid(&self, env: &TestEnv, uid: u32, args: &[&str]) -> Run {
        let id = uid.to_string();
        let mut c = StdCommand::new("setpriv");
        c.args(["--reuid", &id, "--regid", &id, "--clear-groups", "--"])
            .arg(bin())
            .args(args)
            .env_clear()
            .env("PIM_SERVER", self.url())
            .env("PIM_NOW", &env.now)
            .env("HOME", "/nonexistent")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100");
        Run::from(c.output().expect("run setpriv"))
    }

    /// One raw HTTP exchange on the socket: what the server answers to bytes a client sends.
    pub fn raw(&self, request: &[u8]) -> String {
        let mut s = UnixStream::connect(&self.socket).expect("connect");
        s.write_all(request).expect("send");
        let mut out = String::new();
        s.read_to_string(&mut out).expect("read");
        out
    }

    pub fn log(&self) -> String {
        self.log.0.lock().unwrap().clone()
    }

    /// Blocks until the server logs a line containing `needle` (or 30 s pass: a failure).
    pub fn wait_log(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let mut log = self.log.0.lock().unwrap();
        while !log.contains(needle) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            assert!(
                !left.is_zero(),
                "the server never logged {needle:?}:\n{log}"
            );
            log = self.log.1.wait_timeout(log, left).unwrap().0;
        }
        log.clone()
    }

    /// SIGTERM, then the exit status.
    pub fn stop(mut self) -> std::process::ExitStatus {
        signal(self.child.id(), "TERM");
        self.child.wait().expect("wait for the server")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn signal(pid: u32, sig: &str) {
    StdCommand::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .status()
        .expect("kill");
}

pub(crate) fn set_mode(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Whether this test runs as root with setpriv at hand (the uid tests need both).
pub(crate) fn root_with_setpriv() -> bool {
    let uid = StdCommand::new("id").arg("-u").output().ok();
    let root = uid.is_some_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let setpriv = StdCommand::new("setpriv").arg("--version").output().is_ok();
    if !(root && setpriv) {
        eprintln!("skipped: needs root and setpriv");
    }
    root && setpriv
}

fn post(body: &str) -> Vec<u8> {
    format!(
        "POST /v1/op HTTP/1.1\r\nHost: pim\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct IdentityJson {
    principal: String,
    principal_id: String,
    mode: String,
    method: String,
    subject: Option<String>,
    login: Option<String>,
}

pub(crate) const BOB_UID: u32 = 4242;

/// The sample organisation, with bob bound to uid 4242 and a server that maps root to admin.
pub(crate) fn bound() -> (TestEnv, Server) {
    let env = TestEnv::sample();
    env.run(&["principal", "update", "bob", "--uid", &BOB_UID.to_string()])
        .ok();
    let server = Server::start(&env, "root = \"admin\"");
    (env, server)
}

#[test]
fn whoami_says_who_and_how_in_both_modes() {
    if server_mode() {
        return; // it compares the embedded mode with a server
    }
    let env = TestEnv::sample();
    env.run(&["whoami"])
        .ok()
        .stdout_has("local database, self-asserted → admin");
    let local: IdentityJson = env.run(&["-o", "json", "whoami"]).json();
    assert_eq!(
        (local.mode.as_str(), local.method.as_str()),
        ("embedded", "local")
    );
    let server = Server::start(&env, "root = \"admin\"");
    let r = server.run(&env, &["whoami"]);
    r.ok().stdout_has("peer uid 0 (root) → admin");
    let id: IdentityJson = server.run(&env, &["-o", "json", "whoami"]).json();
    assert_eq!(id.principal, "admin");
    assert_eq!(id.principal_id, local.principal_id);
    assert_eq!(id.mode, "server");
    assert_eq!(id.method, "peer_uid");
    assert_eq!(id.subject.as_deref(), Some("0"));
    assert_eq!(id.login.as_deref(), Some("root"));
}

#[test]
fn a_process_of_another_uid_is_that_uids_principal() {
    if !root_with_setpriv() {
        return;
    }
    let (env, server) = bound();
    server
        .run_as_uid(&env, BOB_UID, &["whoami"])
        .ok()
        .stdout_has("peer uid 4242 → bob");
    // What bob does through the server is bob's, and the audit says how the server knew.
    server
        .run_as_uid(
            &env,
            BOB_UID,
            &[
                "activate",
                "--role",
                "Security Administrator",
                "--justification",
                "deploy",
            ],
        )
        .ok();
    let last = env.last_audit();
    assert_eq!(last.actor, "bob");
    assert_eq!(last.action, "activation.request");
    assert_eq!(last.auth.as_deref(), Some("peer_uid"));
    assert_eq!(last.auth_id.as_deref(), Some("4242"));
    // The same check, answered by the server.
    server
        .run_as_uid(
            &env,
            BOB_UID,
            &[
                "check",
                "--principal",
                "bob",
                "--role",
                "Security Administrator",
            ],
        )
        .ok()
        .stdout_has("yes: bob holds Security Administrator");
    let log = server.log();
    assert!(
        log.contains("uid 4242 -> bob") && log.contains("op=activate"),
        "{log}"
    );
}

#[test]
fn an_unknown_uid_is_refused_and_the_refusal_audited() {
    if !root_with_setpriv() {
        return;
    }
    let (env, server) = bound();
    let before = env.state();
    server
        .run_as_uid(&env, 4343, &["status"])
        .refused(4, "uid 4343 is bound to no principal")
        .stderr_has("hint: an administrator binds it: `pim principal update NAME --uid 4343`");
    assert_eq!(env.state(), before);
    let last = env.last_audit();
    assert_eq!(last.action, "auth.refused");
    assert_eq!(last.result, "failure");
    assert_eq!(last.actor, "uid 4343");
    assert_eq!(last.auth.as_deref(), Some("peer_uid"));
    assert_eq!(last.auth_id.as_deref(), Some("4343"));
}

#[test]
fn a_disabled_principal_is_refused_through_the_server() {
    if !root_with_setpriv() {
        return;
    }
    let (env, server) = bound();
    env.run(&["principal", "disable", "bob"]).ok();
    server
        .run_as_uid(&env, BOB_UID, &["whoami"])
        .refused(4, "principal 'bob' is disabled");
    let last = env.last_audit();
    assert_eq!(
        (last.action.as_str(), last.result.as_str()),
        ("auth.refused", "failure")
    );
}

#[test]
fn root_without_a_mapping_is_refused() {
    let env = TestEnv::sample();
    let server = Server::start(&env, "");
    server
        .run(&env, &["status"])
        .refused(4, "root is mapped to no principal on this server");
    assert_eq!(env.last_audit().action, "auth.refused");
}

#[test]
fn a_name_the_caller_gives_is_refused_against_a_server() {
    let env = TestEnv::sample();
    let server = Server::start(&env, "root = \"admin\"");
    let audit = env.count("audit");
    server
        .run(&env, &["--as", "bob", "status"])
        .refused(4, "identity comes from the server");
    Run::from(
        server
            .client(&env)
            .env("PIM_ACTOR", "bob")
            .arg("status")
            .output()
            .unwrap(),
    )
    .refused(4, "identity comes from the server");
    let cfg = env.write_file("actor.toml", "actor = \"bob\"\n");
    Run::from(
        server
            .client(&env)
            .env("PIM_CONFIG", &cfg)
            .arg("status")
            .output()
            .unwrap(),
    )
    .refused(4, "not from --as, PIM_ACTOR or the config's actor ('bob')");
    assert_eq!(env.count("audit"), audit, "nothing reached the server");
}

#[test]
fn a_requester_cannot_approve_their_own_request_through_the_server() {
    if !root_with_setpriv() {
        return;
    }
    let (env, server) = bound();
    env.run(&[
        "settings",
        "set",
        "--role",
        "Security Administrator",
        "--require-approval",
        "true",
        "--approver",
        "bob",
        "--approver",
        "alice",
    ])
    .ok();
    let r = server.run_as_uid(
        &env,
        BOB_UID,
        &[
            "-o",
            "json",
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "deploy",
        ],
    );
    r.code(5);
    let v: serde_json::Value = r.json();
    let id = v["request_id"].as_str().unwrap().to_string();
    // Directly, and by naming someone else: neither works.
    server
        .run_as_uid(&env, BOB_UID, &["approve", &id, "--justification", "ok"])
        .refused(4, "you cannot decide your own request");
    server
        .run_as_uid(
            &env,
            BOB_UID,
            &["--as", "alice", "approve", &id, "--justification", "ok"],
        )
        .refused(4, "identity comes from the server");
    let status: String = env
        .conn()
        .query_row("SELECT status FROM request WHERE id = ?1", [&id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "pending_approval");
}

#[test]
fn binding_an_identity_is_for_directory_administrators_and_audited() {
    if server_mode() {
        return; // it compares a binding made embedded with one made through a server
    }
    let env = TestEnv::sample();
    env.run_as("bob", &["principal", "update", "carol", "--uid", "5000"])
        .refused(4, "not authorized");
    env.run(&["principal", "update", "carol", "--uid", "5000"])
        .ok();
    let last = env.last_audit();
    assert_eq!(
        (last.action.as_str(), last.result.as_str()),
        ("principal.bind", "success")
    );
    assert_eq!(last.auth.as_deref(), Some("local"));
    // One uid names one principal.
    env.run(&["principal", "update", "bob", "--uid", "5000"])
        .refused(1, "uid 5000 is already bound to 'carol'");
    env.run(&["principal", "update", "carol", "--cert-fingerprint", "nope"])
        .refused(1, "is not a SHA-256 fingerprint");
}

#[test]
fn bad_requests_get_a_clear_error_and_the_server_keeps_serving() {
    let env = TestEnv::sample();
    let server = Server::start(&env, "root = \"admin\"\nmax_body = 4096");
    let before = env.state();
    let malformed = server.raw(&post("{not json"));
    assert!(malformed.starts_with("HTTP/1.1 400"), "{malformed}");
    assert!(
        malformed.contains("the request is not understood"),
        "{malformed}"
    );
    let unknown_field = server.raw(&post(
        r#"{"op":"status","args":{"principal":null,"evil":1}}"#,
    ));
    assert!(
        unknown_field.starts_with("HTTP/1.1 400") && unknown_field.contains("unknown field"),
        "{unknown_field}"
    );
    let unknown_op = server.raw(&post(r#"{"op":"drop_everything","args":{}}"#));
    assert!(
        unknown_op.starts_with("HTTP/1.1 400") && unknown_op.contains("unknown variant"),
        "{unknown_op}"
    );
    let big = format!(
        r#"{{"op":"status","args":{{"principal":"{}"}}}}"#,
        "x".repeat(10_000)
    );
    let oversized = server.raw(&post(&big));
    assert!(oversized.starts_with("HTTP/1.1 413"), "{oversized}");
    let wrong_path =
        server.raw(b"GET /etc/passwd HTTP/1.1\r\nHost: pim\r\nConnection: close\r\n\r\n");
    assert!(wrong_path.starts_with("HTTP/1.1 404"), "{wrong_path}");
    let garbage = server.raw(b"\x16\x03\x01 not http at all\r\n\r\n");
    assert!(
        garbage.is_empty() || garbage.starts_with("HTTP/1.1 4"),
        "{garbage}"
    );
    // A client that stalls mid-request, and one that leaves mid-body, hold nobody up.
    let mut stalled = UnixStream::connect(&server.socket).unwrap();
    stalled
        .write_all(b"POST /v1/op HTTP/1.1\r\nHost: pim\r\nContent-Le")
        .unwrap();
    {
        let mut gone = UnixStream::connect(&server.socket).unwrap();
        gone.write_all(
            b"POST /v1/op HTTP/1.1\r\nHost: pim\r\nContent-Length: 500\r\n\r\n{\"op\":\"sweep\"",
        )
        .unwrap();
    }
    server.run(&env, &["whoami"]).ok().stdout_has("→ admin");
    drop(stalled);
    assert_eq!(env.state(), before, "bad requests changed nothing");
    // A well-formed request by hand works, as `curl --unix-socket` would send it.
    let ok = server.raw(&post(r#"{"op":"whoami","args":{}}"#));
    assert!(
        ok.starts_with("HTTP/1.1 200") && ok.contains("\"principal\":\"admin\""),
        "{ok}"
    );
}

#[test]
fn a_thousand_connections_at_once_are_all_answered() {
    let env = TestEnv::sample();
    let server = Server::start(&env, "root = \"admin\"");
    let mut open: Vec<UnixStream> = (0..1000)
        .map(|_| UnixStream::connect(&server.socket).expect("connect"))
        .collect();
    for s in &mut open {
        s.write_all(&post(r#"{"op":"whoami","args":{}}"#)).unwrap();
    }
    let mut ok = 0;
    for mut s in open {
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        if out.starts_with("HTTP/1.1 200") {
            ok += 1;
        } else {
            assert!(out.starts_with("HTTP/1.1 "), "no clear answer: {out}");
        }
    }
    assert_eq!(ok, 1000);
    server.run(&env, &["whoami"]).ok();
}

#[test]
fn sigterm_stops_the_server_and_removes_its_socket() {
    let env = TestEnv::sample();
    let server = Server::start(&env, "root = \"admin\"");
    let socket = server.socket.clone();
    server.run(&env, &["status"]).ok();
    let status = server.stop();
    assert!(status.success(), "{status:?}");
    assert!(!socket.exists());
    // A client of a server that is gone gets a clear error, not a hang.
    let r = Run::from(
        env.std_command()
            .env_remove("PIM_ACTOR")
            .env("PIM_SERVER", format!("unix:{}", socket.display()))
            .arg("status")
            .output()
            .unwrap(),
    );
    r.refused(1, "cannot reach the pim server at unix:");
}

#[test]
fn init_is_refused_against_a_server() {
    let env = TestEnv::sample();
    let server = Server::start(&env, "root = \"admin\"");
    server
        .run(&env, &["init", "--admin", "x"])
        .refused(1, "pim init creates a database file");
}

/// Every read prints the same through the server as embedded: stdout, stderr and exit code.
#[test]
fn reads_print_the_same_through_the_server() {
    let env = TestEnv::sample();
    let server = Server::start(&env, "root = \"admin\"");
    let cases: &[&[&str]] = &[
        &["status"],
        &["-o", "json", "status", "--principal", "bob"],
        &[
            "check",
            "--principal",
            "carol",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/prod",
        ],
        &[
            "-o",
            "json",
            "check",
            "--principal",
            "bob",
            "--role",
            "Global Administrator",
        ],
        &[
            "check",
            "--principal",
            "bob",
            "--action",
            "microsoft.directory/users/password/update",
        ],
        &["access", "--principal", "alice"],
        &["assign", "list"],
        &["-o", "csv", "assign", "list", "--principal", "carol"],
        &["principal", "list"],
        &["-o", "json", "principal", "show", "bob"],
        &["principal", "show", "nobody-at-all"],
        &["role", "list", "--privileged"],
        &["role", "show", "Reader"],
        &["scope", "list", "--tree"],
        &["group", "list"],
        &["group", "member", "list", "helpdesk"],
        &["request", "list"],
        &["approve", "list"],
        &["audit", "head"],
        &["-o", "json", "audit", "list", "--limit", "3"],
        &["review", "list"],
        &["mfa", "status"],
        &["assign", "show", "00000000"],
        &["audit", "export"],
        &["audit", "export", "--format", "jsonl", "--actor", "admin"],
        &["-o", "json", "audit", "export", "--since", "2099-01-01"],
    ];
    for args in cases {
        let local = env.run(args);
        let remote = server.run(&env, args);
        assert_eq!(
            (remote.code, &remote.stdout, &remote.stderr),
            (local.code, &local.stdout, &local.stderr),
            "pim {args:?} differs through the server"
        );
    }
}

/// Writes through the server do what they do embedded: the same exit codes and messages, on two
/// copies of one database.
#[test]
fn writes_behave_the_same_through_the_server() {
    let local = TestEnv::sample();
    let remote = TestEnv::sample();
    let server = Server::start(&remote, "root = \"admin\"");
    let cases: &[&[&str]] = &[
        &[
            "principal",
            "add",
            "frank",
            "--email",
            "frank@contoso.example",
        ],
        &["principal", "add", "frank"],
        &["group", "member", "add", "helpdesk", "frank"],
        &["scope", "add", "/subscriptions/qa", "--name", "QA"],
        &[
            "assign",
            "--principal",
            "frank",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/qa",
            "--duration",
            "30d",
            "--justification",
            "qa",
        ],
        &[
            "assign",
            "--principal",
            "frank",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/qa",
            "--dry-run",
            "--justification",
            "qa",
        ],
        &["assign", "--principal", "ghost", "--role", "Reader"],
        &[
            "role",
            "create",
            "Custom Reader",
            "--kind",
            "directory",
            "--permission",
            "microsoft.directory/users/standard/read",
        ],
        &["principal", "update", "erin", "--clear-email"],
        &["principal", "update", "erin", "--display-name", "Erin N."],
        &["principal", "disable", "erin"],
        &["principal", "enable", "erin"],
        &["--yes", "principal", "remove", "frank", "--force"],
        &["sweep"],
        &[
            "review",
            "create",
            "--name",
            "q4",
            "--role",
            "Global Reader",
            "--duration",
            "14d",
            "--self-review",
        ],
    ];
    for args in cases {
        let l = local.run(args);
        let r = server.run(&remote, args);
        // IDs are random: every run of 8 or more hex digits (and dashes) reads as ID.
        let mask = |s: &str| {
            let mut out = String::new();
            let mut run = String::new();
            for ch in s.chars().chain(std::iter::once(' ')) {
                if ch.is_ascii_hexdigit() || (ch == '-' && !run.is_empty()) {
                    run.push(ch);
                    continue;
                }
                out.push_str(if run.len() >= 8 { "ID" } else { &run });
                run.clear();
                out.push(ch);
            }
            out
        };
        assert_eq!(
            (r.code, mask(&r.stderr)),
            (l.code, mask(&l.stderr)),
            "pim {args:?} differs through the server\n--- remote stdout\n{}",
            r.stdout
        );
    }
}

/// The server killed with SIGKILL while it writes, 100 times, each time restarted: the database
/// opens, SQLite's integrity check passes, every invariant holds, the chain verifies, no write is
/// half done, and every waiting client ends with a clear error (never a hang).
#[test]
fn sigkill_while_writing_never_breaks_the_database() {
    use crate::invariants::{Rng, assert_holds, long_tests};
    use std::time::{Duration, Instant};
    let env = TestEnv::sample();
    let kills = if long_tests() { 1000 } else { 100 };
    let mut rng = Rng::new(0x5E4E);
    let (mut killed_while_busy, mut refused) = (0, 0);
    for round in 0..kills {
        let server = Server::start(&env, "root = \"admin\"");
        let clients: Vec<std::process::Child> = (0..4)
            .map(|j| {
                let args: Vec<String> = if j % 2 == 0 {
                    vec!["principal".into(), "add".into(), format!("k{round}x{j}")]
                } else {
                    vec![
                        "assign".into(),
                        "--principal".into(),
                        "dave".into(),
                        "--role".into(),
                        "Reader".into(),
                        "--scope".into(),
                        "/subscriptions/dev".into(),
                        "--type".into(),
                        "active".into(),
                        // Each round's assignments in their own hours: none overlaps another.
                        "--start".into(),
                        (chrono::DateTime::parse_from_rfc3339(T0).unwrap()
                            + chrono::Duration::hours(4 * round as i64 + j as i64))
                        .to_rfc3339(),
                        "--duration".into(),
                        "1h".into(),
                        "--justification".into(),
                        format!("k{round}x{j}"),
                    ]
                };
                server
                    .client(&env)
                    .args(&args)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start a client")
            })
            .collect();
        // Not a wait for some logic: the moment of the kill is what is being varied.
        std::thread::sleep(Duration::from_micros(rng.below(40_000)));
        let mut server = server;
        server.child.kill().expect("SIGKILL the server");
        server.child.wait().expect("reap the server");
        let started = Instant::now();
        for c in clients {
            let out = c.wait_with_output().expect("a client ends");
            let stderr = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => {}
                Some(1) => {
                    refused += 1;
                    assert!(
                        stderr.contains("cannot reach the pim server"),
                        "round {round}: an unclear error: {stderr}"
                    );
                }
                other => panic!("round {round}: exit {other:?}: {stderr}"),
            }
            assert!(!stderr.contains("panicked"), "{stderr}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "clients hung after the server died"
        );
        if refused > 0 {
            killed_while_busy += 1;
        }
        drop(server);
    }
    assert_holds(&env);
    // Nothing half written: every principal added has its audit row, and every assignment.
    let c = env.conn();
    let n = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        n("SELECT count(*) FROM principal WHERE name LIKE 'k%x%'"),
        n(
            "SELECT count(*) FROM audit WHERE action = 'principal.create' AND result = 'success' AND principal_name LIKE 'k%x%'"
        )
    );
    assert_eq!(
        n("SELECT count(*) FROM assignment WHERE justification LIKE 'k%x%'"),
        n(
            "SELECT count(*) FROM audit WHERE action LIKE 'assignment.%' AND result = 'success' AND justification LIKE 'k%x%'"
        )
    );
    assert!(killed_while_busy > 0, "no kill landed while clients waited");
    eprintln!("{kills} kills; {refused} clients told the server was gone");
}

/// The README's PAM recipe: `examples/pam/pim-sudo-gate`, run as pam_exec runs it (the caller's
/// uid, PAM_USER, no other environment), lets sudo through only while the role is active.
#[test]
fn the_pam_gate_opens_only_while_the_role_is_active() {
    if !root_with_setpriv() {
        return;
    }
    let (env, server) = bound();
    let gate = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/pam/pim-sudo-gate");
    let url = server.url();
    let run_gate = |user: &str| -> i32 {
        let id = BOB_UID.to_string();
        StdCommand::new("setpriv")
            .args(["--reuid", &id, "--regid", &id, "--clear-groups", "--"])
            .arg(&gate)
            .env_clear()
            .env("PAM_USER", user)
            .env("PIM", bin())
            .env("PIM_SERVER", &url)
            .env("PIM_SUDO_ROLE", "Security Administrator")
            .env("PIM_NOW", &env.now)
            .status()
            .expect("run the gate")
            .code()
            .unwrap_or(-1)
    };
    assert_eq!(run_gate("bob"), 1, "eligible is not enough");
    server
        .run_as_uid(
            &env,
            BOB_UID,
            &[
                "activate",
                "--role",
                "Security Administrator",
                "--justification",
                "patch",
            ],
        )
        .ok();
    assert_eq!(run_gate("bob"), 0, "active: the gate opens");
    assert_eq!(run_gate(""), 1, "no user, no entry");
    server.stop();
    assert_ne!(run_gate("bob"), 0, "no server, no entry");
}

/// After enrolment no command, embedded or through the server, and no error returns a TOTP
/// secret: not the status, the principal, the audit, an export, a second enrolment or a wrong code.
#[test]
fn no_command_returns_a_totp_secret_after_enrolment() {
    let env = TestEnv::sample();
    let r = env.run_as("bob", &["-o", "json", "mfa", "enroll"]);
    r.ok();
    let pending: serde_json::Value = r.json();
    let secret = pending["secret"]
        .as_str()
        .expect("the secret, once")
        .to_string();
    env.run_as(
        "bob",
        &["mfa", "enroll", "--code", &totp_code(&secret, &env.now)],
    )
    .ok();
    let server = Server::start(&env, "root = \"admin\"");
    let cases: &[&[&str]] = &[
        &["-o", "json", "mfa", "status", "--principal", "bob"],
        &["-o", "json", "principal", "show", "bob"],
        &["-o", "json", "audit", "list"],
        &["audit", "export", "--format", "json"],
        &["-o", "json", "mfa", "enroll", "--principal", "bob"],
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
            "--otp",
            "000000",
        ],
    ];
    for args in cases {
        for (how, r) in [
            ("embedded", env.run(args)),
            ("server", server.run(&env, args)),
        ] {
            assert!(
                !r.stdout.contains(&secret) && !r.stderr.contains(&secret),
                "pim {args:?} ({how}) printed the secret"
            );
        }
    }
    assert!(
        !server.log().contains(&secret),
        "the server logged the secret"
    );
}

/// An export through the server streams the same rows into the same file, and a caller sees
/// only what they may ("My audit" for bob).
#[test]
fn audit_export_streams_through_the_server() {
    if !root_with_setpriv() {
        return;
    }
    let (env, server) = bound();
    let local = env.path("local.csv");
    let remote = env.path("remote.csv");
    env.run(&["audit", "export", "--file", path_str(&local)])
        .ok();
    server
        .run(&env, &["audit", "export", "--file", path_str(&remote)])
        .ok()
        .stderr_has("exported");
    assert_eq!(
        std::fs::read_to_string(&local).unwrap(),
        std::fs::read_to_string(&remote).unwrap()
    );
    let mine = env.run_as("bob", &["audit", "export", "--format", "jsonl"]);
    mine.ok();
    let through = server.run_as_uid(&env, BOB_UID, &["audit", "export", "--format", "jsonl"]);
    through.ok();
    assert_eq!(through.stdout, mine.stdout);
    assert!(!through.stdout.is_empty());
}

/// Without cron: the server delivers what is due through the channels of its own config, as the
/// principal `[server] service_account` names, as soon as it starts and then on its schedule.
#[test]
fn the_server_delivers_notifications_on_its_own() {
    let env = TestEnv::sample();
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "patch",
        ],
    )
    .ok();
    let due = env.count("outbox");
    assert!(due > 0, "the activation queued notifications");
    let out = env.path("received.jsonl");
    let script = env.write_file(
        "notify.sh",
        &format!("#!/bin/sh\ncat >> {o}\necho >> {o}\n", o = out.display()),
    );
    set_mode(&script, 0o755);
    let server = Server::start(
        &env,
        &format!(
            "root = \"admin\"\nservice_account = \"admin\"\ndeliver_interval = \"1h\"\n\n[[notifications.channel]]\ntype = \"command\"\nprogram = \"{}\"\n",
            script.display()
        ),
    );
    server.wait_log("delivered");
    let received = std::fs::read_to_string(&out).unwrap();
    assert!(received.contains("\"kind\""), "{received}");
    let undelivered: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM outbox WHERE delivered_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(undelivered, 0);
}

/// Without cron: the server records what has expired as soon as it starts and then every
/// `sweep_interval`, on pim's own behalf.
#[test]
fn the_server_records_expiries_on_its_own() {
    let mut env = TestEnv::sample();
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "patch",
            "--duration",
            "1h",
        ],
    )
    .ok();
    // Two hours later, the server starts: the activation has ended and nothing recorded it yet.
    env.now = "2026-11-22T11:00:00Z".into();
    let server = Server::start(&env, "root = \"admin\"\nsweep_interval = \"1h\"");
    server.wait_log("recorded 1 expiration(s)");
    let rows: Vec<AuditJson> = env.json(&["audit", "list", "--action", "activation.expire"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].actor, "MS-PIM");
    assert_eq!(rows[0].auth.as_deref(), Some("system"));
    assert_eq!(rows[0].principal.as_deref(), Some("bob"));
}

/// IDs are random: every run of 8 or more hex digits (and dashes) reads as ID.
fn mask_ids(s: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for ch in s.chars().chain(std::iter::once(' ')) {
        if ch.is_ascii_hexdigit() || (ch == '-' && !run.is_empty()) {
            run.push(ch);
            continue;
        }
        out.push_str(if run.len() >= 8 { "ID" } else { &run });
        run.clear();
        out.push(ch);
    }
    out.pop();
    out
}

/// The commands that once ran only against a local database (settings, alerts, audit verify,
/// notifications, assignment exports) print the same through the server: stdout, stderr and
/// exit code.
#[test]
fn settings_alerts_verify_notifications_and_exports_read_the_same_through_the_server() {
    let env = TestEnv::sample();
    // Something in the outbox, and an activation set that names its scope by display name.
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
        ],
    )
    .ok();
    let set = env.write_file(
        "set.toml",
        "[[activate]]\nrole = \"Reader\"\nscope_name = \"Production\"\njustification = \"x\"\n",
    );
    let head: HeadJson = env.json(&["audit", "head"]);
    let anchor = format!("{}:{}", head.seq, head.hash);
    let server = Server::start(&env, "root = \"admin\"");
    let cases: &[&[&str]] = &[
        &["settings", "show", "--role", "Global Administrator"],
        &[
            "-o",
            "json",
            "settings",
            "show",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/prod",
        ],
        &[
            "-o",
            "csv",
            "settings",
            "show",
            "--role",
            "Security Administrator",
        ],
        &["settings", "show", "--role", "No Such Role"],
        &["settings", "export", "--all"],
        &[
            "settings",
            "export",
            "--role",
            "Global Administrator",
            "--format",
            "graph",
        ],
        &["settings", "export", "--all", "--format", "arm"],
        &["alerts"],
        &["-o", "json", "alerts"],
        &["alerts", "--fail-on", "low"],
        &["audit", "verify"],
        &["audit", "verify", "--state"],
        &["-o", "json", "audit", "verify", "--state"],
        &["audit", "verify", "--anchor", &anchor],
        &["audit", "verify", "--anchor", "1:00"],
        &["audit", "verify", "--anchor", "nonsense"],
        &["notifications", "list", "--all"],
        &["-o", "json", "notifications", "list", "--undelivered"],
        &["assign", "export"],
        &["assign", "export", "--format", "graph"],
        &[
            "assign",
            "export",
            "--format",
            "arm",
            "--principal",
            "carol",
        ],
        &["activate", "--from", path_str(&set), "--dry-run"],
    ];
    for args in cases {
        let local = env.run(args);
        let remote = server.run(&env, args);
        assert_eq!(
            (remote.code, &remote.stdout, &remote.stderr),
            (local.code, &local.stdout, &local.stderr),
            "pim {args:?} differs through the server"
        );
    }
}

/// Settings changes and imports (TOML, Graph and ARM documents, assignment CSV and JSON), the
/// digest: the same exit codes, results and messages through the server as embedded, on two
/// copies of one database, refusals included.
#[test]
fn settings_and_imports_write_the_same_through_the_server() {
    let local = TestEnv::sample();
    let remote = TestEnv::sample();
    let server = Server::start(&remote, "root = \"admin\"");
    for env in [&local, &remote] {
        env.write_file(
            "s.toml",
            "[[role]]\nrole = \"Reader\"\nscope = \"/subscriptions/prod\"\n\n[role.activation]\nmax_duration = \"PT2H\"\nrequire_ticket = true\n",
        );
        env.write_file(
            "bad.toml",
            "[[role]]\nrole = \"Reader\"\ncolour = \"blue\"\n",
        );
        // Object ids differ between the copies: each exports its own.
        let graph = env.run(&[
            "settings",
            "export",
            "--role",
            "Security Administrator",
            "--format",
            "graph",
        ]);
        env.write_file("policy.json", &graph.ok().stdout);
        let schedules = env.run(&[
            "assign",
            "export",
            "--format",
            "graph",
            "--principal",
            "bob",
        ]);
        env.write_file("schedules.json", &schedules.ok().stdout);
        env.write_file(
            "ok.csv",
            "principal,role,scope,type,start,end,justification\n\
             erin,Global Reader,/,eligible,,,\n\
             erin,Reader,/subscriptions/prod,active,,30d,quarterly\n",
        );
        env.write_file(
            "bad.csv",
            "principal,role\nerin,Security Reader\nnobody,Global Reader\nerin,No Such Role\n",
        );
    }
    let file = |name: &str| remote.path(name).display().to_string();
    let (s_toml, bad_toml, policy, sched, ok_csv, bad_csv) = (
        file("s.toml"),
        file("bad.toml"),
        file("policy.json"),
        file("schedules.json"),
        file("ok.csv"),
        file("bad.csv"),
    );
    let cases: Vec<Vec<&str>> = vec![
        vec![
            "settings",
            "set",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/prod",
            "--require-mfa",
            "true",
            "--notify",
            "activation.admin.critical_only=yes",
        ],
        vec![
            "settings",
            "set",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/prod",
            "--require-mfa",
            "true",
        ],
        vec![
            "-o",
            "json",
            "settings",
            "set",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/prod",
            "--stage",
            "alice,bob:2",
            "--stage",
            "carol",
            "--require-approval",
            "true",
            "--dry-run",
        ],
        vec![
            "settings",
            "set",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/prod",
            "--notify",
            "nonsense",
        ],
        vec!["settings", "import", &s_toml, "--dry-run"],
        vec!["-o", "json", "settings", "import", &s_toml],
        vec!["settings", "import", &bad_toml],
        vec!["settings", "import", &policy, "--dry-run"],
        vec!["settings", "import", &policy],
        vec!["assign", "import", &ok_csv, "--dry-run"],
        vec!["-o", "json", "assign", "import", &ok_csv],
        vec!["assign", "import", &bad_csv],
        vec!["assign", "import", &sched, "--dry-run"],
        vec!["-o", "json", "notifications", "digest"],
    ];
    for args in &cases {
        // Files are named by their path in the remote copy; the local copy has the same files.
        let local_args: Vec<String> = args
            .iter()
            .map(|a| a.replace(path_str(remote.dir.path()), path_str(local.dir.path())))
            .collect();
        let local_args: Vec<&str> = local_args.iter().map(String::as_str).collect();
        let l = local.run(&local_args);
        let r = server.run(&remote, args);
        let same = |s: &str, dir: &TestEnv| mask_ids(&s.replace(path_str(dir.dir.path()), "DIR"));
        assert_eq!(
            (r.code, same(&r.stdout, &remote), same(&r.stderr, &remote)),
            (l.code, same(&l.stdout, &local), same(&l.stderr, &local)),
            "pim {args:?} differs through the server"
        );
    }
    assert_eq!(
        remote.state().len(),
        local.state().len(),
        "both copies hold the same"
    );
    assert_eq!(remote.count("assignment"), local.count("assignment"));
    assert_eq!(remote.count("audit"), local.count("audit"));
}

/// `notifications deliver` is the server's own work (its channels, its secrets): a client is
/// told so, and nothing is claimed.
#[test]
fn notifications_deliver_through_a_server_is_refused_with_why() {
    let env = TestEnv::sample();
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
        ],
    )
    .ok();
    let server = Server::start(&env, "root = \"admin\"");
    let before = env.state();
    let claimed = || -> i64 {
        env.conn()
            .query_row(
                "SELECT count(*) FROM outbox WHERE claimed_by IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert!(env.count("outbox") > 0);
    let r = server.run(&env, &["notifications", "deliver"]);
    r.refused(1, "delivers notifications on its own")
        .stderr_has("hint: to deliver at once, run `pim notifications deliver --db PATH` on the server host");
    assert_eq!(env.state(), before);
    assert_eq!(claimed(), 0, "nothing was claimed");
}

/// An import's rows stream up to the server as the file is read; a stream that breaks off, or
/// a row the server cannot read, fails the whole import and writes nothing.
#[test]
fn an_import_streams_its_rows_and_a_broken_stream_writes_nothing() {
    let env = TestEnv::sample();
    let server = Server::start(&env, "root = \"admin\"");
    let mut csv = String::from("principal,role,scope,type,end\n");
    for i in 0..40 {
        server
            .run(&env, &["principal", "add", &format!("svc{i}")])
            .ok();
        for role in ["Reader", "Contributor"] {
            csv.push_str(&format!("svc{i},{role},/subscriptions/prod,eligible,30d\n"));
        }
    }
    let file = env.write_file("many.csv", &csv);
    let before = env.count("assignment");
    let r = server.run(&env, &["-o", "json", "assign", "import", path_str(&file)]);
    r.ok();
    let report: ImportJson = r.json();
    assert_eq!((report.rows, report.created), (80, 80));
    assert_eq!(env.count("assignment"), before + 80);
    // By hand: a head, one good row, then a line that is no row.
    let state = env.state();
    let audit = env.count("audit");
    let body = concat!(
        r#"{"op":"assign_import_head","args":{"file":"x.csv","dry_run":false}}"#,
        "\n",
        r#"{"line":2,"input":{"Err":"a bad row"}}"#,
        "\n",
        "this is not JSON\n"
    );
    let answer = server.raw(
        format!(
            "POST /v1/op HTTP/1.1\r\nHost: pim\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    );
    assert!(answer.starts_with("HTTP/1.1 422"), "{answer}");
    assert!(
        answer.contains("a row of the request is not understood"),
        "{answer}"
    );
    assert_eq!(env.state(), state, "nothing of the import was written");
    assert_eq!(
        env.count("audit"),
        audit + 1,
        "the failed import is audited"
    );
    // A client that goes away mid-import: nothing written, the server keeps serving.
    {
        let mut s = UnixStream::connect(&server.socket).unwrap();
        let head = concat!(
            "POST /v1/op HTTP/1.1\r\nHost: pim\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n",
            r#"{"op":"assign_import_head","args":{"file":"x.csv","dry_run":false}}"#,
            "\n"
        );
        s.write_all(head.as_bytes()).unwrap();
    }
    server.wait_log("op=assign_import result=invalid");
    assert_eq!(env.state(), state);
    server.run(&env, &["audit", "verify"]).ok();
}

/// A test environment runs its commands through its own server in server mode
/// (`PIM_TEST_MODE=server`), each actor with its own certificate, and opens the database itself
/// otherwise.
#[test]
fn a_test_environment_goes_through_its_server_in_server_mode() {
    let env = TestEnv::sample();
    let who = |r: Run| -> IdentityJson { r.ok().json() };
    let admin = who(env.run(&["-o", "json", "whoami"]));
    let bob = who(env.run_as("bob", &["-o", "json", "whoami"]));
    let carol = who(env.run(&["-o", "json", "--as", "carol", "whoami"]));
    let (mode, method) = if server_mode() {
        ("server", "certificate")
    } else {
        ("embedded", "local")
    };
    for (id, name) in [(&admin, "admin"), (&bob, "bob"), (&carol, "carol")] {
        assert_eq!(
            (id.principal.as_str(), id.mode.as_str(), id.method.as_str()),
            (name, mode, method)
        );
    }
}

/// `pim serve` started by systemd-socket-activate (what a `pim.socket` unit does): systemd's
/// socket, made before the server runs, is the one it serves on; it is left in place at the end.
/// Its log (stderr) is what the returned thread gives once the server has stopped.
fn socket_activated(env: &TestEnv, listen: &[&str]) -> (Child, std::thread::JoinHandle<String>) {
    let config = env.write_file(
        "server.toml",
        "[server]\nroot = \"admin\"\nsweep_interval = \"0\"\n",
    );
    let mut c = StdCommand::new("systemd-socket-activate");
    for l in listen {
        c.args(["-l", l]);
    }
    for (k, v) in [
        ("PIM_DB", path_str(&env.db()).to_string()),
        ("PIM_NOW", env.now.clone()),
        ("PIM_CONFIG", path_str(&config).to_string()),
        ("HOME", path_str(env.dir.path()).to_string()),
        ("NO_COLOR", "1".into()),
    ] {
        c.arg("-E").arg(format!("{k}={v}"));
    }
    let mut child = c
        .arg(bin())
        .arg("serve")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("systemd-socket-activate (Debian's systemd package) runs");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr"));
    // systemd-socket-activate says when it listens (a line per socket); pim starts on the first
    // connection.
    let mut seen = 0;
    while seen < listen.len() {
        let mut line = String::new();
        assert!(lines.read_line(&mut line).expect("read") > 0, "no socket");
        seen += usize::from(line.contains("Listening on"));
    }
    let log = std::thread::spawn(move || {
        let mut all = String::new();
        let _ = lines.read_to_string(&mut all);
        all
    });
    (child, log)
}

#[test]
fn a_socket_systemd_passes_on_is_served_and_kept() {
    if server_mode() {
        return; // starts its own server under systemd-socket-activate
    }
    let env = TestEnv::sample();
    let socket = env.path("activated.sock");
    let (mut child, log) = socket_activated(&env, &[path_str(&socket)]);
    let run = |args: &[&str]| {
        Run::from(
            env.std_command()
                .env_remove("PIM_ACTOR")
                .env("PIM_SERVER", format!("unix:{}", socket.display()))
                .args(args)
                .output()
                .unwrap(),
        )
    };
    // The first connection starts the server, which answers on systemd's socket.
    run(&["whoami"]).ok().stdout_has("→ admin");
    run(&["status", "--principal", "bob"]).ok();
    let pid = child.id();
    signal(pid, "TERM");
    let status = child.wait().unwrap();
    let log = log.join().unwrap();
    assert!(status.success(), "{status:?}\n{log}");
    assert!(
        log.contains(&format!(
            "listening on unix:{}, passed on by systemd",
            socket.display()
        )),
        "{log}"
    );
    assert!(log.contains("op=whoami result=ok"), "{log}");
    // systemd made the socket and keeps it for the next start: the server leaves it.
    assert!(socket.exists(), "the activated socket was removed");
}

#[test]
fn more_than_one_socket_from_systemd_is_refused_with_why() {
    if server_mode() {
        return; // starts its own server under systemd-socket-activate
    }
    let env = TestEnv::sample();
    let (a, b) = (env.path("a.sock"), env.path("b.sock"));
    let (mut child, log) = socket_activated(&env, &[path_str(&a), path_str(&b)]);
    // The connection that starts the server gets no answer: the server refuses to run.
    let _ = UnixStream::connect(&a).map(|mut s| {
        let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: pim\r\n\r\n");
        let mut sink = String::new();
        let _ = s.read_to_string(&mut sink);
    });
    let status = child.wait().unwrap();
    let log = log.join().unwrap();
    assert!(!status.success(), "{log}");
    assert!(
        log.contains("error: systemd passed 2 sockets (LISTEN_FDS); pim serve takes exactly one"),
        "{log}"
    );
}
