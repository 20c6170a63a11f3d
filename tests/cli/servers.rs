//! Several `pim serve` instances on one database: each serves reads and writes, and the work they
//! do on their own (recording expiries, delivering notifications) is claimed in the database, so
//! nothing is recorded or sent twice and nothing is lost when one of them dies. Run on both
//! engines: on PostgreSQL the lock on the audit head orders the servers' writes, on SQLite the
//! file's write lock does (several servers on one file work on one host).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command as StdCommand;

use crate::server::{BOB_UID, Server, bound, root_with_setpriv, set_mode};
use crate::support::*;

/// Debug lines too: a server logs each background run, including the ones that found nothing.
fn debug_log(c: &mut StdCommand) {
    c.env("PIM_LOG", "debug");
}

/// Starts the servers (name, `[server]` lines) at the same instant, each logging every
/// background run, and waits until all listen.
fn start_together(env: &TestEnv, servers: &[(&str, &str)]) -> Vec<Server> {
    let barrier = std::sync::Barrier::new(servers.len());
    std::thread::scope(|s| {
        let handles: Vec<_> = servers
            .iter()
            .map(|(name, extra)| {
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    Server::launch(env, name, extra, debug_log)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// Blocks until `server` logs a line with one of `needles` (30 s at most); that line.
fn wait_line(server: &Server, needles: &[&str]) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut log = server.log.0.lock().unwrap();
    loop {
        if let Some(line) = log.lines().find(|l| needles.iter().any(|n| l.contains(n))) {
            return line.to_string();
        }
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        assert!(
            !left.is_zero(),
            "the server never logged {needles:?}:\n{log}"
        );
        log = server.log.1.wait_timeout(log, left).unwrap().0;
    }
}

#[test]
fn a_request_made_through_one_server_is_approved_through_the_other() {
    if !root_with_setpriv() {
        return;
    }
    let (env, first) = bound();
    let second = Server::launch(&env, "second", "root = \"admin\"", |_| {});
    env.run(&[
        "settings",
        "set",
        "--role",
        "Security Administrator",
        "--require-approval",
        "true",
        "--approver",
        "admin",
    ])
    .ok();
    let asked = first.run_as_uid(
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
    asked.code(5);
    let v: serde_json::Value = asked.json();
    let id = v["request_id"].as_str().expect("a request ID").to_string();
    // The second server sees the request at once, and its approval activates the role.
    second
        .run(&env, &["approve", &id, "--justification", "looks right"])
        .ok();
    for server in [&first, &second] {
        let check = server.run_as_uid(
            &env,
            BOB_UID,
            &[
                "check",
                "--principal",
                "bob",
                "--role",
                "Security Administrator",
            ],
        );
        check.ok();
    }
    let (status, active): (String, i64) = env
        .conn()
        .query_row(
            "SELECT q.status, (SELECT count(*) FROM assignment a WHERE a.request_id = q.id
                 AND a.type = 'active' AND a.removed_at IS NULL)
               FROM request q WHERE q.id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), active), ("provisioned", 1));
    crate::invariants::assert_holds(&env);
}

#[test]
fn two_servers_sweeping_the_same_expiry_record_it_once() {
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
    // Two hours later both servers start, and each sweeps at once: one records the expiry.
    env.now = "2026-11-22T11:00:00Z".into();
    let extra = "root = \"admin\"\nsweep_interval = \"1h\"";
    let servers = start_together(&env, &[("one", extra), ("two", extra)]);
    let outcomes: Vec<String> = servers
        .iter()
        .map(|s| wait_line(s, &["expiration(s)", "nothing to record", "sweep failed"]))
        .collect();
    let recorded = outcomes
        .iter()
        .filter(|l| l.contains("recorded 1 expiration(s)"))
        .count();
    let idle = outcomes
        .iter()
        .filter(|l| l.contains("nothing to record"))
        .count();
    assert_eq!((recorded, idle), (1, 1), "{outcomes:#?}");
    let rows: Vec<AuditJson> = env.json(&["audit", "list", "--action", "activation.expire"]);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0].actor, "MS-PIM");
    crate::invariants::assert_holds(&env);
}

/// An outbox with a few notifications due, from activations that tell administrators.
fn outbox_with_work(env: &TestEnv) -> i64 {
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
    assert!(due >= 2, "the activation queued {due} notification(s)");
    due
}

/// `[server]` lines and a command channel for servers that deliver, one row per claim.
fn delivering(program: &std::path::Path) -> String {
    format!(
        "root = \"admin\"\nservice_account = \"admin\"\ndeliver_interval = \"1h\"\n\n\
         [notifications]\nbatch = 1\n\n\
         [[notifications.channel]]\ntype = \"command\"\nprogram = \"{}\"\ntimeout = \"5m\"\n",
        program.display()
    )
}

fn mkfifo(path: &std::path::Path) {
    let ok = StdCommand::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(ok.success());
}

/// What the channel received: notification ID -> how many times.
fn received(dir: &std::path::Path) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for f in std::fs::read_dir(dir).unwrap() {
        let name = f.unwrap().file_name().to_string_lossy().into_owned();
        let id = name.split('.').next().unwrap().to_string();
        *out.entry(id).or_default() += 1;
    }
    out
}

/// The outbox rows sent through a channel (a group's row is replaced by its members' rows), and
/// how many rows are left undelivered.
fn outbox_state(env: &TestEnv) -> (Vec<String>, i64) {
    let c = env.conn();
    let mut st = c
        .prepare(
            "SELECT id FROM outbox WHERE delivered_at IS NOT NULL AND channel != 'members'
              ORDER BY id",
        )
        .unwrap();
    let sent = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<Vec<String>, _>>()
        .unwrap();
    let left: i64 = c
        .query_row(
            "SELECT count(*) FROM outbox WHERE delivered_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (sent, left)
}

/// The number in a server's "delivered N notification(s)" line (0 for a run that sent nothing).
fn delivered_in(line: &str) -> usize {
    line.split("delivered ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn two_servers_delivering_one_outbox_send_each_notification_once() {
    let env = TestEnv::sample();
    outbox_with_work(&env);
    let got = env.path("got");
    std::fs::create_dir(&got).unwrap();
    let gate = env.path("gate");
    mkfifo(&gate);
    // One file per notification sent. The first run to send waits until another run sends too,
    // so both servers take part, each claiming one row at a time.
    let script = env.write_file(
        "channel.sh",
        &format!(
            "#!/bin/sh\ncat > \"{got}/$PIM_NOTIFICATION_ID.$$\"\n\
             if ln -s \"$PPID\" \"{d}/first\" 2>/dev/null; then\n  read go < \"{gate}\"\n\
             elif [ \"$(readlink \"{d}/first\")\" != \"$PPID\" ] && mkdir \"{d}/released\" 2>/dev/null; then\n  echo go > \"{gate}\"\nfi\n",
            got = got.display(),
            d = env.dir.path().display(),
            gate = gate.display(),
        ),
    );
    set_mode(&script, 0o755);
    let extra = delivering(&script);
    let servers = start_together(&env, &[("one", &extra), ("two", &extra)]);
    let runs: Vec<String> = servers
        .iter()
        .map(|s| wait_line(s, &["notification(s)", "notification delivery:"]))
        .collect();
    let (sent, left) = outbox_state(&env);
    assert_eq!(left, 0, "every notification is delivered: {runs:#?}");
    let got = received(&got);
    let once: BTreeMap<String, usize> = sent.iter().map(|id| (id.clone(), 1)).collect();
    assert_eq!(got, once, "each notification is sent exactly once");
    let each: Vec<usize> = runs.iter().map(|l| delivered_in(l)).collect();
    assert!(
        each.iter().all(|n| *n > 0),
        "both servers delivered: {runs:#?}"
    );
    assert_eq!(each.iter().sum::<usize>(), sent.len(), "{runs:#?}");
}

#[test]
fn a_server_killed_mid_delivery_leaves_its_row_to_the_next_after_the_lease() {
    use std::os::unix::process::CommandExt;
    let mut env = TestEnv::sample();
    outbox_with_work(&env);
    let got = env.path("got");
    std::fs::create_dir(&got).unwrap();
    let (started, never) = (env.path("started"), env.path("never"));
    mkfifo(&started);
    mkfifo(&never);
    // The first send says so and then hangs, as a server does that dies mid-delivery.
    let script = env.write_file(
        "channel.sh",
        &format!(
            "#!/bin/sh\nif ln -s x \"{d}/first\" 2>/dev/null; then\n  echo \"$PIM_NOTIFICATION_ID\" > \"{started}\"\n  read go < \"{never}\"\nfi\n\
             cat > \"{got}/$PIM_NOTIFICATION_ID.$$\"\n",
            d = env.dir.path().display(),
            started = started.display(),
            never = never.display(),
            got = got.display(),
        ),
    );
    set_mode(&script, 0o755);
    let extra = delivering(&script);
    // The first server, with the delivery it runs and the channel's program, in a process
    // group of its own: killed together, as when its host dies.
    let first = Server::launch(&env, "one", &extra, |c| {
        debug_log(c);
        c.process_group(0);
    });
    let hung = std::fs::read_to_string(&started)
        .unwrap()
        .trim()
        .to_string();
    let kill = StdCommand::new("kill")
        .args(["-KILL", "--", &format!("-{}", first.child.id())])
        .status()
        .unwrap();
    assert!(kill.success());
    let claimed = |env: &TestEnv| -> (Option<String>, Option<i64>) {
        env.conn()
            .query_row(
                "SELECT claimed_by, delivered_at FROM outbox WHERE id = ?1",
                [&hung],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let (by, delivered) = claimed(&env);
    assert!(by.is_some() && delivered.is_none(), "{by:?} {delivered:?}");
    drop(first);
    // A minute later another server delivers the rest, and leaves the row the dead one claimed.
    env.now = "2026-11-22T09:01:00Z".into();
    let second = Server::launch(&env, "two", &extra, debug_log);
    wait_line(&second, &["notification(s)", "notification delivery:"]);
    assert_eq!(second.stop().code(), Some(0));
    let (sent, left) = outbox_state(&env);
    assert_eq!(left, 1, "only the dead server's row waits");
    assert!(!sent.contains(&hung));
    // Once its lease (10 minutes) has run out, the next run takes it over.
    env.now = "2026-11-22T09:11:00Z".into();
    let third = Server::launch(&env, "three", &extra, debug_log);
    let line = wait_line(&third, &["notification(s)", "notification delivery:"]);
    assert_eq!(delivered_in(&line), 1, "{line}");
    let (sent, left) = outbox_state(&env);
    assert_eq!(left, 0, "nothing is lost");
    assert!(sent.contains(&hung));
    let once: BTreeMap<String, usize> = sent.iter().map(|id| (id.clone(), 1)).collect();
    assert_eq!(
        received(&got),
        once,
        "each notification is sent exactly once"
    );
}

/// The connections process `pid` holds to the environment's database: open descriptors of the
/// SQLite file, or TCP connections to the PostgreSQL server's port.
fn connections(env: &TestEnv, pid: u32) -> usize {
    let fds: Vec<PathBuf> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .filter_map(|f| std::fs::read_link(f.ok()?.path()).ok())
        .collect();
    let Some(pg) = &env.pg else {
        let db = env.db();
        return fds.iter().filter(|f| **f == db).count();
    };
    let port: u16 = pg
        .url
        .rsplit_once(':')
        .and_then(|(_, rest)| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .expect("a port in the URL");
    let sockets: Vec<String> = fds
        .iter()
        .filter_map(|f| {
            let s = f.to_string_lossy();
            Some(s.strip_prefix("socket:[")?.strip_suffix(']')?.to_string())
        })
        .collect();
    // /proc/net/tcp: sl local_address rem_address st … inode (the tenth field), ports in hex.
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
    table
        .lines()
        .skip(1)
        .filter(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let remote = f[2].rsplit_once(':').map(|(_, p)| p);
            remote.and_then(|p| u16::from_str_radix(p, 16).ok()) == Some(port)
                && sockets.iter().any(|s| s == f[9])
        })
        .count()
}

#[test]
fn a_server_keeps_at_most_pool_size_connections_and_answers_everyone() {
    let env = TestEnv::sample();
    let server = Server::start(&env, "root = \"admin\"\nworkers = 8\npool_size = 2");
    let pid = server.child.id();
    // Forty clients at once, more than the pool: each waits for a connection and is answered.
    let runs: Vec<Run> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..40)
            .map(|_| s.spawn(|| server.run(&env, &["-o", "json", "whoami"])))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for r in &runs {
        r.ok();
    }
    let held = connections(&env, pid);
    assert!(
        (1..=2).contains(&held),
        "the server holds {held} connections"
    );
}

#[test]
fn a_pool_size_of_zero_is_refused_with_why() {
    let env = TestEnv::sample();
    let config = env.write_file("zero.toml", "[server]\npool_size = 0\n");
    let r = Run::from(
        env.std_command()
            .env("PIM_CONFIG", &config)
            .args(["serve", "--socket", path_str(&env.path("zero.sock"))])
            .output()
            .unwrap(),
    );
    r.refused(1, "`[server] pool_size` must be at least 1");
}

#[test]
fn a_pim_log_that_names_no_level_is_refused_with_why() {
    let env = TestEnv::sample();
    let r = Run::from(
        env.std_command()
            .env("PIM_LOG", "loud")
            .args(["serve", "--socket", path_str(&env.path("loud.sock"))])
            .output()
            .unwrap(),
    );
    r.refused(2, "PIM_LOG=loud is not a log level");
}

#[test]
fn connections_the_database_server_drops_are_replaced() {
    if !pg_mode() {
        // PostgreSQL only: an SQLite file has no server to drop a connection.
        return;
    }
    let env = TestEnv::sample();
    let server = Server::start(&env, "root = \"admin\"");
    server.run(&env, &["whoami"]).ok();
    let admin = std::env::var("PIM_TEST_DB").unwrap();
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    let name = env
        .pg
        .as_ref()
        .unwrap()
        .url
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let killed = c
        .query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&name],
        )
        .unwrap()
        .len();
    assert!(killed >= 1, "the server had a connection to drop");
    // The next requests, a read and a write, get fresh connections.
    server.run(&env, &["whoami"]).ok();
    server
        .run(&env, &["principal", "add", "zoe", "--kind", "user"])
        .ok();
    crate::invariants::assert_holds(&env);
}
