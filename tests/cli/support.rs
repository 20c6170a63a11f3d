// The JSON structs below are the contract: every field must be present and no other may be, so
// they name fields no test reads.
#![allow(dead_code)]

//! The test environment: the real `pim` binary over a database in a temp dir, with a cleared
//! environment, a fixed clock (`PIM_NOW`), a fixed OS user and no colour.
//!
//! With `PIM_TEST_MODE=server` every test runs through a server: each environment starts its own
//! `pim serve` over its database (on a free loopback port, with TLS) the first time it runs a
//! command after `init` (which runs embedded: it makes the database), and every `pim` it runs
//! goes to that server, the actor (`PIM_ACTOR` or `--as`) presenting its own client certificate
//! instead of its name. The CA and the certificates are made once per test process.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::sync::{Mutex, OnceLock};

use assert_cmd::Command;
use serde::Deserialize;
use tempfile::TempDir;

/// 2026-11-22T09:00:00Z, the instant tests start at.
pub const T0: &str = "2026-11-22T09:00:00Z";

pub struct TestEnv {
    /// The environment's server in server mode, stopped when the environment drops (first).
    server: Mutex<Option<EnvServer>>,
    pub dir: TempDir,
    pub now: String,
    pub actor: String,
    /// In PostgreSQL mode (`PIM_TEST_DB`), the database of this environment (dropped last).
    pub pg: Option<PgDatabase>,
}

/// Whether the suite runs on PostgreSQL: `PIM_TEST_DB=postgres://user@host:port/db` names a
/// server (and a database there to connect to) on which each TestEnv makes a database of its own.
pub fn pg_mode() -> bool {
    std::env::var("PIM_TEST_DB").is_ok_and(|v| !v.is_empty())
}

/// A database of its own on the `PIM_TEST_DB` server, dropped with its TestEnv.
pub struct PgDatabase {
    admin: String,
    name: String,
    pub url: String,
    /// Whether `init` has made pim's schema there (once seen, for good).
    initialized: std::sync::atomic::AtomicBool,
}

impl PgDatabase {
    pub fn create() -> Option<PgDatabase> {
        let admin = std::env::var("PIM_TEST_DB")
            .ok()
            .filter(|v| !v.is_empty())?;
        Some(PgDatabase::on(&admin))
    }

    /// A new, empty database on the server that `admin` (a URL) reaches.
    pub fn on(admin: &str) -> PgDatabase {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let admin = admin.to_string();
        let name = format!(
            "pim_t_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut c = postgres::Client::connect(&admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("PIM_TEST_DB={admin}: cannot connect: {e}"));
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .expect("drop an old test database");
        c.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE template0"))
            .expect("create a test database");
        let (base, query) = match admin.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (admin.as_str(), String::new()),
        };
        let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
        let url = format!("{server}/{name}{query}");
        PgDatabase {
            admin,
            name,
            url,
            initialized: Default::default(),
        }
    }
}

/// A PostgreSQL server for a test that needs one whatever engine the suite runs on: the suite's
/// (`PIM_TEST_DB`), else a throw-away one that `scripts/pg-server.sh` starts for the test and
/// stops when this is dropped. Without PostgreSQL on the machine the test is skipped (None),
/// saying so, except in CI (`CI` set), where that fails.
pub struct PgServer {
    /// The URL of the server's `postgres` database, to make databases with.
    pub admin: String,
    dir: Option<TempDir>,
}

impl PgServer {
    pub fn for_test(test: &str) -> Option<PgServer> {
        if let Some(admin) = std::env::var("PIM_TEST_DB").ok().filter(|v| !v.is_empty()) {
            return Some(PgServer { admin, dir: None });
        }
        PgServer::start(test, None)
    }

    /// A server of the test's own; with `tls` (a directory with server.crt and server.key) it
    /// takes TCP connections over TLS only.
    pub fn start(test: &str, tls: Option<&Path>) -> Option<PgServer> {
        // The script takes the first free port: one start at a time in this process, and
        // another try when a server elsewhere took the port in between.
        static STARTING: Mutex<()> = Mutex::new(());
        let _one = STARTING.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().expect("temp dir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-server.sh");
        let mut attempt = 0;
        let out = loop {
            let data = dir.path().join("pg");
            let _ = std::fs::remove_dir_all(&data);
            let mut cmd = std::process::Command::new("bash");
            cmd.arg(&script).arg("start").arg(&data);
            if let Some(t) = tls {
                cmd.env("PIM_PG_SSL_DIR", t);
            }
            // Below the kernel's ephemeral ports (32768 up): a port the script finds free there
            // cannot be taken meanwhile as the local end of one of the suite's many client
            // connections (a PostgreSQL run of the suite keeps hundreds open), which made a
            // free-looking port refuse the bind. Each retry starts further on.
            if std::env::var_os("PIM_PG_PORT").is_none() {
                cmd.env("PIM_PG_PORT", (25432 + 20 * attempt).to_string());
            }
            let out = cmd.output().expect("run scripts/pg-server.sh");
            let stderr = String::from_utf8_lossy(&out.stderr);
            if out.status.success() {
                break out;
            }
            let missing = stderr.contains("no PostgreSQL server binaries");
            if missing && std::env::var_os("CI").is_none() {
                eprintln!(
                    "{test}: skipped: no PostgreSQL on this machine ({})",
                    stderr.trim()
                );
                return None;
            }
            attempt += 1;
            if !stderr.contains("Address already in use") || attempt == 5 {
                panic!("{test}: scripts/pg-server.sh start failed:\n{stderr}");
            }
        };
        let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let admin = line
            .strip_prefix("PIM_TEST_DB=")
            .unwrap_or_else(|| panic!("pg-server.sh printed {line:?}"))
            .to_string();
        Some(PgServer {
            admin,
            dir: Some(dir),
        })
    }

    /// A new, empty database on this server, dropped with the value.
    pub fn database(&self) -> PgDatabase {
        PgDatabase::on(&self.admin)
    }

    /// Replaces the `pg_hba.conf` of a server of the test's own and has the server read it again
    /// (how clients must authenticate). Panics on the suite's shared server.
    pub fn hba(&self, text: &str) {
        let dir = self
            .dir
            .as_ref()
            .expect("only a server of the test's own can be reconfigured");
        std::fs::write(dir.path().join("pg/data/pg_hba.conf"), text).expect("write pg_hba.conf");
        let mut c = postgres::Client::connect(&self.admin, postgres::NoTls).expect("connect");
        c.batch_execute("SELECT pg_reload_conf()").expect("reload");
    }

    /// Stops a server of the test's own (`halt`) or starts it again as it was (`resume`): a
    /// database that goes down and comes back. Panics on the suite's shared server.
    pub fn pg_ctl(&self, verb: &str) {
        let dir = self
            .dir
            .as_ref()
            .expect("only a server of the test's own can be stopped");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-server.sh");
        let out = std::process::Command::new("bash")
            .arg(script)
            .arg(verb)
            .arg(dir.path().join("pg"))
            .output()
            .expect("run scripts/pg-server.sh");
        assert!(out.status.success(), "pg-server.sh {verb}: {out:?}");
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-server.sh");
            let _ = std::process::Command::new("bash")
                .arg(script)
                .arg("stop")
                .arg(dir.path().join("pg"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

impl PgDatabase {
    /// A connection to the server as its administrator (`PIM_TEST_DB`).
    pub fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.admin, postgres::NoTls).expect("connect to PIM_TEST_DB")
    }

    /// Makes this database a copy of `template` (which no one may be connected to).
    pub fn reset_from(&self, template: &PgDatabase) {
        // One statement each: neither may run in a transaction block.
        let mut c = self.admin();
        c.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .expect("drop the database");
        c.batch_execute(&format!(
            "CREATE DATABASE {} TEMPLATE {}",
            self.name, template.name
        ))
        .expect("copy the template database");
    }

    /// The process ids of pim's backends on this database (its `application_name` is `pim`).
    pub fn pim_backends(&self) -> Vec<i32> {
        self.admin()
            .query(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'pim'",
                &[&self.name],
            )
            .expect("pg_stat_activity")
            .iter()
            .map(|r| r.get(0))
            .collect()
    }

    /// Ends pim's backends on this database with `pg_terminate_backend`, as an administrator or
    /// a crash of the server process would; how many were ended.
    pub fn terminate_pim_backends(&self) -> usize {
        let rows = self
            .admin()
            .query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                  WHERE datname = $1 AND application_name = 'pim'",
                &[&self.name],
            )
            .expect("pg_terminate_backend");
        rows.iter().filter(|r| r.get::<_, bool>(0)).count()
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// Whether the suite runs through a server (`PIM_TEST_MODE=server`).
pub fn server_mode() -> bool {
    std::env::var("PIM_TEST_MODE").is_ok_and(|m| m == "server")
}

/// What a refusal of a caller who is no principal says: the name given is not a principal's, or
/// (through a server) the certificate of that name is bound to none.
pub fn not_a_principal(name: &str) -> String {
    if server_mode() {
        format!("certificate {name} (SHA-256 ")
    } else {
        format!("'{name}' is not a principal")
    }
}

/// The `os_user` of an audit row `actor` writes: the test's OS user, or (through a server) the
/// name in the actor's certificate.
pub fn os_user(actor: &str) -> &str {
    if server_mode() { actor } else { "tester" }
}

/// What server mode shares across the test process: the CA (with the server's certificate),
/// the actors' certificates, and the program that stands in for `pim`.
struct Harness {
    /// The servers' config: no background sweep or delivery (tests run `pim sweep` themselves,
    /// at their own instant).
    config: PathBuf,
    ca: PathBuf,
    certs: PathBuf,
    shim: PathBuf,
}

/// `pim` as a test runs it in server mode: the actor's name (`PIM_ACTOR`, `--as`) becomes its
/// client certificate (issued on first use), sent to the environment's server. What a server
/// cannot do runs embedded, as an operator on the server host would run it: before the server
/// starts (`init`), `serve`, `--db`, and `notifications deliver` (the server's channels). A `pim`
/// the test points at a server of its own (`PIM_SERVER`, `--server`), or that names no actor (its
/// config file decides: its own server, or the embedded mode's `actor`), runs as the test gives it.
const SHIM: &str = r#"#!/bin/bash
real="$PIM_TEST_BIN"
if [ -z "$PIM_TEST_SERVER" ] || [ -n "$PIM_SERVER" ]; then exec "$real" "$@"; fi
actor="${PIM_ACTOR-}"
args=()
words=()
for ((i = 1; i <= $#; i++)); do
  a="${!i}"
  case "$a" in
    --as) i=$((i + 1)); actor="${!i}"; continue ;;
    --as=*) actor="${a#--as=}"; continue ;;
    --db | --db=* | --server | --server=*) exec "$real" "$@" ;;
    --config | -o | --output | --color) args+=("$a"); i=$((i + 1)); a="${!i}" ;;
    --) args+=("${@:i}"); break ;;
    -*) ;;
    *) words+=("$a") ;;
  esac
  args+=("$a")
done
case "${words[0]} ${words[1]}" in
  "init "* | "serve "* | "notifications deliver") exec "$real" "$@" ;;
esac
if [ -z "$actor" ]; then exec "$real" "$@"; fi
unset PIM_ACTOR
cert="$PIM_TEST_CERTS/$actor.pem"
if [ ! -f "$cert" ]; then
  (
    /usr/bin/flock 9
    [ -f "$cert" ] || /usr/bin/env -u PIM_DB -u PIM_CONFIG -u PIM_NOW "$real" cert issue --principal "$actor" \
      --ca-dir "$PIM_TEST_CA" --out "$PIM_TEST_CERTS" >/dev/null 2>>"$PIM_TEST_CERTS/issued.log"
  ) 9>"$PIM_TEST_CERTS/.lock"
fi
export PIM_CLIENT_CERT="$cert" PIM_CLIENT_KEY="$PIM_TEST_CERTS/$actor.key"
export PIM_SERVER="$PIM_TEST_SERVER" PIM_CA="$PIM_TEST_CA/ca.pem"
exec "$real" "${args[@]}"
"#;

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("server-mode-{}", std::process::id()));
        let (ca, certs) = (dir.join("ca"), dir.join("certs"));
        std::fs::create_dir_all(&certs).expect("the server mode's directory");
        let made = std::process::Command::new(bin())
            .env_clear()
            .env("HOME", &dir)
            .args(["serve", "ca", "init", "--dir", path_str(&ca)])
            .output()
            .expect("run pim serve ca init");
        assert!(made.status.success(), "pim serve ca init: {made:?}");
        let config = dir.join("server.toml");
        std::fs::write(
            &config,
            "[server]\nsweep_interval = \"0\"\ndeliver_interval = \"0\"\nprovision_interval = \"0\"\n",
        )
        .expect("write the servers' config");
        let shim = dir.join("pim");
        std::fs::write(&shim, SHIM).expect("write the shim");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&shim, std::fs::Permissions::from_mode(0o755)).unwrap();
        Harness {
            config,
            ca,
            certs,
            shim,
        }
    })
}

/// An environment's `pim serve`, killed when dropped.
struct EnvServer {
    child: Child,
    url: String,
}

impl Drop for EnvServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A finished run: exit code and both streams.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Asserts the exit code, showing both streams when it is wrong.
    #[track_caller]
    pub fn code(&self, want: i32) -> &Run {
        assert_eq!(
            self.code, want,
            "exit code {} (wanted {want})\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn ok(&self) -> &Run {
        self.code(0)
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Run {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n--- stdout\n{}",
            self.stdout
        );
        self
    }

    /// A refusal: the exit code, an `error:` line naming `needle`, and nothing on stdout.
    #[track_caller]
    pub fn refused(&self, code: i32, needle: &str) -> &Run {
        self.code(code);
        assert!(
            self.stderr.starts_with("error: "),
            "stderr: {}",
            self.stderr
        );
        self.stderr_has(needle);
        assert!(self.stdout.is_empty(), "stdout not empty: {}", self.stdout);
        self
    }

    #[track_caller]
    pub fn json<T: for<'de> Deserialize<'de>>(&self) -> T {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not the expected JSON: {e}\n{}", self.stdout))
    }
}

pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin!("pim").to_path_buf()
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            server: Mutex::new(None),
            dir: tempfile::tempdir().expect("temp dir"),
            now: T0.to_string(),
            actor: "admin".into(),
            pg: PgDatabase::create(),
        }
    }

    /// A database made with `pim init --admin admin --sample`.
    pub fn sample() -> TestEnv {
        let env = TestEnv::new();
        env.run(&["init", "--admin", "admin", "--sample"]).ok();
        env
    }

    /// A database with only the administrator.
    pub fn bare() -> TestEnv {
        let env = TestEnv::new();
        env.run(&["init", "--admin", "admin"]).ok();
        env
    }

    /// The database: the SQLite file, or in PostgreSQL mode the URL of this env's database.
    pub fn db(&self) -> PathBuf {
        match &self.pg {
            Some(pg) => PathBuf::from(&pg.url),
            None => self.dir.path().join("pim.db"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn command(&self) -> Command {
        let (program, routing) = self.routing();
        let mut c = Command::new(program);
        c.env_clear()
            .envs(routing)
            .env("PIM_DB", self.db())
            .env("PIM_NOW", &self.now)
            .env("PIM_ACTOR", &self.actor)
            .env("PIM_OS_USER", "tester")
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .env("COLUMNS", "100");
        if let Some(cfg) = self.env_config() {
            c.env("PIM_CONFIG", cfg);
        }
        c
    }

    /// The same environment for a process the test drives itself (streams, terminals).
    pub fn std_command(&self) -> std::process::Command {
        let (program, routing) = self.routing();
        let mut c = std::process::Command::new(program);
        c.env_clear()
            .envs(routing)
            .env("PIM_DB", self.db())
            .env("PIM_NOW", &self.now)
            .env("PIM_ACTOR", &self.actor)
            .env("PIM_OS_USER", "tester")
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .env("COLUMNS", "100");
        if let Some(cfg) = self.env_config() {
            c.env("PIM_CONFIG", cfg);
        }
        c
    }

    /// Gives this environment a config file (`PIM_CONFIG` of every command it runs; in server
    /// mode the server reads it too, after the harness's `[server]` table). Set it before the
    /// first command after `init`, which starts the server in server mode.
    pub fn set_config(&self, text: &str) -> PathBuf {
        self.write_file("env-config.toml", text)
    }

    fn env_config(&self) -> Option<PathBuf> {
        let p = self.path("env-config.toml");
        p.exists().then_some(p)
    }

    /// The program a command runs and what routes it: `pim` itself, or in server mode the shim
    /// and this environment's server (started here, once the database exists).
    fn routing(&self) -> (PathBuf, Vec<(&'static str, String)>) {
        if !server_mode() {
            return (bin(), Vec::new());
        }
        let h = harness();
        let mut vars = vec![
            ("PIM_TEST_BIN", path_str(&bin()).to_string()),
            ("PIM_TEST_CA", path_str(&h.ca).to_string()),
            ("PIM_TEST_CERTS", path_str(&h.certs).to_string()),
        ];
        if self.initialized() {
            vars.push(("PIM_TEST_SERVER", self.server_url()));
        }
        (h.shim.clone(), vars)
    }

    /// Whether the database exists yet (`init` has run): the file, or pim's schema in this
    /// environment's PostgreSQL database.
    fn initialized(&self) -> bool {
        use std::sync::atomic::Ordering;
        let Some(pg) = &self.pg else {
            return self.db().exists();
        };
        if pg.initialized.load(Ordering::Relaxed) {
            return true;
        }
        let made = pim::store::open_unchecked(&self.db()).is_ok_and(|c| {
            c.query_row(
                "SELECT count(*) FROM meta WHERE key = 'initialized_at'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .is_ok_and(|n| n > 0)
        });
        pg.initialized.store(made, Ordering::Relaxed);
        made
    }

    /// The server's config: the harness's, with this environment's config file after it.
    fn server_config(&self, h: &Harness) -> PathBuf {
        let Some(own) = self.env_config() else {
            return h.config.clone();
        };
        let mut text = std::fs::read_to_string(&h.config).expect("the harness's config");
        text.push('\n');
        text.push_str(&std::fs::read_to_string(own).expect("the environment's config"));
        self.write_file("server-config.toml", &text)
    }

    /// This environment's server, started on first use over its database.
    fn server_url(&self) -> String {
        let mut slot = self.server.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = slot.as_ref() {
            return s.url.clone();
        }
        let h = harness();
        let mut child = std::process::Command::new(bin())
            .env_clear()
            .env("PIM_DB", self.db())
            .env("PIM_CONFIG", self.server_config(h))
            .env("PIM_NOW", &self.now)
            .env("HOME", self.dir.path())
            .args(["serve", "--no-socket", "--listen", "127.0.0.1:0"])
            .arg("--tls-cert")
            .arg(h.ca.join("server.pem"))
            .arg("--tls-key")
            .arg(h.ca.join("server.key"))
            .arg("--client-ca")
            .arg(h.ca.join("ca.pem"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start pim serve");
        let mut lines = std::io::BufReader::new(child.stderr.take().expect("stderr"));
        let mut log = String::new();
        let url = loop {
            let mut line = String::new();
            let n = lines.read_line(&mut line).expect("read the server's log");
            assert!(n > 0, "the server stopped before listening: {log}");
            log.push_str(&line);
            if let Some(at) = line.find("listening on https://") {
                let url = line[at + "listening on ".len()..].trim();
                break url.split_whitespace().next().unwrap_or(url).to_string();
            }
        };
        // The rest of the log is read, so that the server never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
        *slot = Some(EnvServer {
            child,
            url: url.clone(),
        });
        url
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().expect("run pim"))
    }

    pub fn run_as(&self, actor: &str, args: &[&str]) -> Run {
        Run::from(
            self.command()
                .env("PIM_ACTOR", actor)
                .args(args)
                .output()
                .expect("run pim"),
        )
    }

    pub fn run_at(&self, now: &str, args: &[&str]) -> Run {
        Run::from(
            self.command()
                .env("PIM_NOW", now)
                .args(args)
                .output()
                .expect("run pim"),
        )
    }

    pub fn run_as_at(&self, actor: &str, now: &str, args: &[&str]) -> Run {
        Run::from(
            self.command()
                .env("PIM_ACTOR", actor)
                .env("PIM_NOW", now)
                .args(args)
                .output()
                .expect("run pim"),
        )
    }

    /// Runs as the administrator with `-o json` and parses the result.
    #[track_caller]
    pub fn json<T: for<'de> Deserialize<'de>>(&self, args: &[&str]) -> T {
        let mut a = vec!["-o", "json"];
        a.extend_from_slice(args);
        let r = self.run(&a);
        r.ok();
        r.json()
    }

    /// A connection to the database as it is (no migration, no check), on either engine.
    pub fn conn(&self) -> pim::store::Conn {
        pim::store::open_unchecked(&self.db()).expect("open db")
    }

    pub fn count(&self, table: &str) -> i64 {
        self.conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("count")
    }

    /// Everything but the audit log, as text: to show that a refused command changed nothing.
    pub fn state(&self) -> String {
        let c = self.conn();
        let mut out = String::new();
        for table in [
            "principal",
            "group_member",
            "role",
            "role_permission",
            "scope",
            "assignment",
            "request",
            "role_setting",
            "mfa",
            "approval_stage",
            "approval_vote",
            "activation_link",
            "meta",
        ] {
            let mut st = c
                .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
                .unwrap();
            let n = st.column_count();
            let rows = st
                .query_map([], |r| {
                    let mut cells = Vec::new();
                    for i in 0..n {
                        let v: pim::store::Value = r.get(i)?;
                        cells.push(format!("{v:?}"));
                    }
                    Ok(cells.join("|"))
                })
                .unwrap();
            out.push_str(table);
            out.push('\n');
            for row in rows {
                out.push_str(&row.unwrap());
                out.push('\n');
            }
        }
        out
    }

    /// The newest audit row.
    pub fn last_audit(&self) -> AuditJson {
        let r = self.run(&["-o", "json", "audit", "list", "--limit", "1"]);
        r.ok();
        let mut rows: Vec<AuditJson> = r.json();
        rows.pop().expect("an audit row")
    }

    /// Asserts that `f` refuses with `code`, changes nothing, and leaves exactly one failure row
    /// whose action is `action`.
    #[track_caller]
    pub fn refuses(&self, code: i32, needle: &str, action: &str, f: impl FnOnce(&TestEnv) -> Run) {
        let before = self.state();
        let audit_before = self.count("audit");
        let r = f(self);
        r.refused(code, needle);
        assert_eq!(self.state(), before, "a refused command changed the data");
        assert_eq!(
            self.count("audit"),
            audit_before + 1,
            "the refusal is audited once"
        );
        let last = self.last_audit();
        assert_eq!(last.result, "failure");
        assert_eq!(last.action, action);
        assert!(
            last.reason.as_deref().is_some_and(|r| r.contains(needle)),
            "reason: {:?}",
            last.reason
        );
    }

    pub fn write_file(&self, name: &str, content: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, content).unwrap();
        p
    }
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

// The JSON contract, strictly: an unknown or missing field fails the test.

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct PrincipalJson {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub enabled: bool,
    pub break_glass: bool,
    pub role_assignable: bool,
    pub created_at: String,
    pub object_id: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PrincipalDetailJson {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub enabled: bool,
    pub break_glass: bool,
    pub role_assignable: bool,
    pub created_at: String,
    pub object_id: Option<String>,
    pub groups: Vec<String>,
    pub members: Vec<String>,
    pub assignments: Vec<AssignmentJson>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RoleJson {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub builtin: bool,
    pub privileged: bool,
    pub description: Option<String>,
    pub permissions: Vec<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct ScopeJson {
    pub path: String,
    pub kind: String,
    pub name: Option<String>,
    pub parent: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ScopeNodeJson {
    pub path: String,
    pub kind: String,
    pub name: Option<String>,
    pub parent: Option<String>,
    pub children: Vec<ScopeNodeJson>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct AssignmentJson {
    pub id: String,
    pub principal_id: String,
    pub principal_name: String,
    pub principal_kind: String,
    pub role_id: String,
    pub role_name: String,
    pub role_kind: String,
    pub scope: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub member_type: String,
    pub state: String,
    pub start: String,
    pub end: Option<String>,
    pub permanent: bool,
    pub activated_from: Option<String>,
    pub renewed_from: Option<String>,
    pub request_id: Option<String>,
    pub justification: Option<String>,
    pub ticket_number: Option<String>,
    pub ticket_system: Option<String>,
    pub created_at: String,
    pub created_by: Option<String>,
    pub removed_at: Option<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct MembershipJson {
    pub group: String,
    pub member_id: String,
    pub member_name: String,
    pub member_kind: String,
    pub added_at: String,
    pub membership: String,
    pub end: Option<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct AuditJson {
    pub seq: i64,
    pub time: String,
    pub actor: String,
    pub actor_id: Option<String>,
    pub os_user: String,
    pub action: String,
    pub activity: String,
    pub category: String,
    pub result: String,
    pub reason: Option<String>,
    pub principal: Option<String>,
    pub principal_id: Option<String>,
    pub role: Option<String>,
    pub role_id: Option<String>,
    pub scope: Option<String>,
    pub request_id: Option<String>,
    pub assignment_id: Option<String>,
    pub justification: Option<String>,
    pub ticket_system: Option<String>,
    pub ticket_number: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub details: Option<serde_json::Value>,
    pub prev_hash: String,
    pub hash: String,
    pub auth: Option<String>,
    pub auth_id: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct VerifyJson {
    pub ok: bool,
    pub mode: String,
    pub hmac_from_seq: Option<i64>,
    pub rows: u64,
    pub head_seq: Option<i64>,
    pub head_hash: Option<String>,
    pub first_bad_seq: Option<i64>,
    pub problem: Option<String>,
    pub anchor_ok: Option<bool>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct HeadJson {
    pub seq: i64,
    pub hash: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct InitJson {
    pub database: String,
    pub admin: PrincipalJson,
    pub roles: usize,
    pub sample: Option<SampleJson>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct SampleJson {
    pub principals: Vec<String>,
    pub scopes: Vec<String>,
    pub assignments: usize,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ImportJson {
    pub rows: u64,
    pub created: u64,
    pub dry_run: bool,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RemovalJson {
    pub principal: PrincipalJson,
    pub removed_assignments: Vec<String>,
}

/// Finds the one assignment of `principal` for `role`.
#[track_caller]
pub fn find<'a>(rows: &'a [AssignmentJson], principal: &str, role: &str) -> &'a AssignmentJson {
    let hits: Vec<&AssignmentJson> = rows
        .iter()
        .filter(|a| a.principal_name == principal && a.role_name == role)
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "expected one {principal}/{role} row in {rows:#?}"
    );
    hits[0]
}

/// The code an authenticator app shows at `at` (RFC 3339) for a base32 secret.
pub fn totp_code(secret: &str, at: &str) -> String {
    let secs = chrono::DateTime::parse_from_rfc3339(at)
        .expect("RFC 3339")
        .timestamp() as u64;
    totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(totp_rs::Secret::try_from_base32(secret).expect("base32 secret"))
        .build()
        .expect("a TOTP")
        .generate(secs)
        .to_string()
}

/// One membership on the way to the group that holds a role (`through` in check and access JSON).
#[derive(Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChainJson {
    pub group: String,
    pub membership: String,
    pub assignment_id: Option<String>,
    pub end: Option<String>,
}
