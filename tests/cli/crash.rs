//! Crash suite: write-heavy `pim` commands killed with SIGKILL at a seeded random moment (and, on
//! PostgreSQL, their server backends ended with `pg_terminate_backend` as often). After every kill
//! the database opens, SQLite's integrity check passes, the audit chain verifies, every invariant
//! holds, and what the killed command was doing happened entirely or not at all.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::invariants::*;
use crate::support::*;

const USERS: usize = 30;
const SCOPES: usize = 10;
const GATED: &str = "Security Administrator";
const AZURE_ROLES: [&str; 3] = ["Reader", "Contributor", "Owner"];

/// Kills per run: at least 100 in CI, many more with `PIM_LONG_TESTS=1`.
fn kills_wanted() -> usize {
    if long_tests() { 1000 } else { 100 }
}

fn scope(i: usize) -> String {
    format!("/subscriptions/s{i}")
}

/// The import every group of kills starts with: every user eligible for three Azure roles at
/// every subscription and for the gated directory role (930 rows).
fn import_csv() -> String {
    let mut csv = String::from("principal,role,scope,type,start,end,justification\n");
    for u in 0..USERS {
        for s in 0..SCOPES {
            for r in AZURE_ROLES {
                csv.push_str(&format!("u{u},{r},{},eligible,,,crash\n", scope(s)));
            }
        }
        csv.push_str(&format!("u{u},{GATED},/,eligible,,,crash\n"));
    }
    csv
}

const IMPORT_ROWS: i64 = (USERS * (SCOPES * 3 + 1)) as i64;

/// The database every group starts from: users, approvers, subscriptions and an approval rule,
/// but no assignments yet.
fn template() -> TestEnv {
    let env = TestEnv::bare();
    for s in 0..SCOPES {
        env.run(&["scope", "add", &scope(s)]).ok();
    }
    for u in 0..USERS {
        env.run(&["principal", "add", &format!("u{u}")]).ok();
    }
    env.run(&["principal", "add", "ap1"]).ok();
    env.run(&[
        "settings",
        "set",
        "--role",
        GATED,
        "--require-approval",
        "true",
        "--approver",
        "ap1",
    ])
    .ok();
    env.write_file("import.csv", &import_csv());
    env
}

/// Copies the template's database (closed, so WAL holds nothing) into `env`, replacing its own.
fn reset(template: &TestEnv, env: &TestEnv) {
    if let (Some(t), Some(e)) = (&template.pg, &env.pg) {
        e.reset_from(t);
        return;
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", env.db().display()));
    }
    std::fs::copy(template.db(), env.db()).unwrap();
}

/// What one run came to.
struct Shot {
    /// The kill landed while the command ran.
    killed: bool,
    /// It was killed after opening the database (its write-ahead log was left behind: a clean
    /// close removes it).
    in_db: bool,
    /// How long it ran when it was left to finish.
    took: Option<Duration>,
    /// The kill ended its PostgreSQL backend rather than the process.
    backend: bool,
}

/// How a run is cut short.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kill {
    /// SIGKILL to the `pim` process.
    Client,
    /// On PostgreSQL: `pg_terminate_backend` of the process's server backend (the client lives
    /// on and must fail cleanly).
    Backend,
}

/// Starts `args` as `actor` at `now` and kills it after `delay` unless it has finished.
fn run_and_kill(
    env: &TestEnv,
    actor: &str,
    now: &str,
    args: &[&str],
    delay: Duration,
    how: Kill,
) -> Shot {
    let wal = std::path::PathBuf::from(format!("{}-wal", env.db().display()));
    let wal_before = wal.exists();
    let started = Instant::now();
    let mut child = env
        .std_command()
        .env("PIM_ACTOR", actor)
        .env("PIM_NOW", now)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pim");
    // Not a wait for some logic to happen: the moment of the kill is what is being varied.
    std::thread::sleep(delay);
    let mut in_pg = false;
    let killed = match (child.try_wait().unwrap(), &env.pg, how) {
        (Some(_), _, _) => false,
        (None, Some(pg), Kill::Backend) => {
            // The backend ends; the process finds its connection gone and must say so cleanly.
            in_pg = pg.terminate_pim_backends() > 0;
            in_pg
        }
        (None, pg, _) => {
            in_pg = pg.as_ref().is_some_and(|pg| !pg.pim_backends().is_empty());
            child.kill().unwrap();
            true
        }
    };
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let cut = killed && how == Kill::Backend;
    if cut {
        // Unless it had already committed (its backend then ends between commit and exit).
        assert!(
            out.status.success() || out.status.code() == Some(5) || stderr.starts_with("error: "),
            "{args:?}: a client whose backend was ended must fail with an error: {stderr}"
        );
    }
    let took = (!killed).then(|| started.elapsed());
    if !killed || cut {
        assert!(
            !stderr.contains("panicked") && !stderr.contains("locked"),
            "{args:?}: {stderr}"
        );
    }
    Shot {
        killed,
        in_db: killed && (in_pg || (env.pg.is_none() && !wal_before && wal.exists())),
        took,
        backend: cut,
    }
}

/// Spreads kills over a command's whole run: the window follows how long the command takes when
/// left alone, as the machine's load changes.
struct Window(Duration);

impl Window {
    /// Anywhere from 0 to a quarter past the end for one run in four; the others after the first
    /// third, where a process has usually opened the database and is writing.
    fn delay(&self, rng: &mut Rng) -> Duration {
        let d = self.0.as_micros() as u64;
        let from = if rng.below(4) == 0 { 0 } else { d / 3 };
        Duration::from_micros(from + rng.below((d * 5 / 4 - from).max(1)))
    }

    fn learn(&mut self, shot: &Shot) {
        if let Some(t) = shot.took {
            self.0 = (self.0 + t) / 2;
        }
    }
}

/// How long a command takes when left alone, to spread the kills over its whole run.
fn duration_of(env: &TestEnv, actor: &str, now: &str, args: &[&str]) -> Duration {
    let start = Instant::now();
    let r = env
        .std_command()
        .env("PIM_ACTOR", actor)
        .env("PIM_NOW", now)
        .args(args)
        .output()
        .unwrap();
    assert!(
        [0, 5].contains(&r.status.code().unwrap_or(-1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&r.stderr)
    );
    start.elapsed()
}

fn count_where(env: &TestEnv, sql: &str) -> i64 {
    env.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn at(minutes: i64) -> String {
    let t0 = chrono::DateTime::parse_from_rfc3339(T0)
        .unwrap()
        .timestamp();
    chrono::DateTime::from_timestamp(t0 + minutes * 60, 0)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Kills so far, and how many landed inside the database.
#[derive(Default)]
struct Tally {
    runs: usize,
    kills: usize,
    in_db: usize,
    /// Kills that ended a PostgreSQL backend.
    backend: usize,
    by_command: std::collections::BTreeMap<&'static str, (usize, usize)>,
}

impl Tally {
    fn record(&mut self, shot: &Shot, what: &'static str) {
        self.runs += 1;
        if shot.killed {
            self.kills += 1;
            self.in_db += usize::from(shot.in_db);
            self.backend += usize::from(shot.backend);
            let e = self.by_command.entry(what).or_default();
            e.0 += 1;
            e.1 += usize::from(shot.in_db);
        }
    }
}

#[test]
fn sigkill_at_random_moments_never_breaks_the_database() {
    if server_mode() {
        return; // it swaps database files under pim and kills the writing pim itself (server.rs kills the server)
    }
    let template = template();
    let env = TestEnv::new();
    let import = path_str(&template.path("import.csv")).to_string();

    // Measure each command once, on a scratch copy, to know the window to kill in.
    reset(&template, &env);
    let mut import_w = Window(duration_of(
        &env,
        "admin",
        T0,
        &["assign", "import", &import],
    ));
    let activate_args = |s: usize, r: &'static str| -> Vec<String> {
        let mut a = vec!["activate".to_string(), "--role".into(), r.into()];
        if r == GATED {
            a.extend(["--scope".into(), "/".into()]);
        } else {
            a.extend(["--scope".into(), scope(s)]);
        }
        a.extend(["--justification".into(), "crash test".into()]);
        a
    };
    let args = activate_args(0, "Reader");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut activate_w = Window(duration_of(&env, "u0", &at(1), &args));
    let mut sweep_w = Window(duration_of(&env, "admin", &at(60 * 24), &["sweep"]));
    eprintln!(
        "uninterrupted: import {:?}, activate {:?}, sweep {:?}",
        import_w.0, activate_w.0, sweep_w.0
    );

    let mut rng = Rng::new(0xC0FFEE);
    // On PostgreSQL, half the kills end the server's backend instead of the client.
    let how = |rng: &mut Rng| {
        if pg_mode() && rng.below(2) == 0 {
            Kill::Backend
        } else {
            Kill::Client
        }
    };
    let wanted = kills_wanted();
    let mut t = Tally::default();
    let mut group = 0;
    while t.kills < wanted {
        group += 1;
        assert!(
            t.runs < wanted * 10,
            "only {} of {} runs were killed while running",
            t.kills,
            t.runs
        );
        reset(&template, &env);
        let audit_before = env.count("audit");

        // 1. The import: all 930 rows, or none.
        let delay = import_w.delay(&mut rng);
        let shot = run_and_kill(
            &env,
            "admin",
            T0,
            &["assign", "import", &import],
            delay,
            how(&mut rng),
        );
        import_w.learn(&shot);
        t.record(&shot, "import");
        assert_holds(&env);
        let imported = count_where(
            &env,
            "SELECT count(*) FROM assignment WHERE justification = 'crash'",
        );
        assert!(
            imported == 0 || imported == IMPORT_ROWS,
            "group {group}: a killed import left {imported} of {IMPORT_ROWS} rows"
        );
        let audit_rows = env.count("audit") - audit_before;
        assert_eq!(
            audit_rows, imported,
            "group {group}: one audit row per imported row, none for a killed import"
        );
        if imported == 0 {
            env.run(&["assign", "import", &import]).ok();
        }

        // 2. Activations (some need approval) and approvals, each killed at a random moment.
        for step in 0..8 {
            let now = at(10 * group + step);
            let live = |env: &TestEnv| {
                count_where(
                    env,
                    "SELECT count(*) FROM assignment WHERE activated_from IS NOT NULL",
                ) + count_where(env, "SELECT count(*) FROM request")
            };
            if step % 4 == 3 {
                let pending: Option<String> = env
                    .conn()
                    .query_row(
                        "SELECT id FROM request WHERE status = 'pending_approval' ORDER BY id LIMIT 1",
                        [],
                        |r| r.get(0),
                    )
                    .ok();
                if let Some(id) = pending {
                    let delay = activate_w.delay(&mut rng);
                    let votes = env.count("approval_vote");
                    let shot = run_and_kill(
                        &env,
                        "ap1",
                        &now,
                        &["approve", &id, "--justification", "ok"],
                        delay,
                        how(&mut rng),
                    );
                    t.record(&shot, "approve");
                    assert_holds(&env);
                    let status: String = env
                        .conn()
                        .query_row("SELECT status FROM request WHERE id = ?1", [&id], |r| {
                            r.get(0)
                        })
                        .unwrap();
                    let voted = env.count("approval_vote") - votes;
                    // The vote and the grant commit together, or neither does.
                    assert_eq!(
                        voted == 1,
                        status == "provisioned",
                        "group {group}: the vote ({voted}) and the grant ({status}) disagree"
                    );
                    continue;
                }
            }
            let u = rng.below(USERS as u64) as usize;
            let s = rng.below(SCOPES as u64) as usize;
            let role = if rng.below(3) == 0 {
                GATED
            } else {
                AZURE_ROLES[rng.below(3) as usize]
            };
            let args = activate_args(s, role);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let delay = activate_w.delay(&mut rng);
            let before = live(&env);
            let audit_before = env.count("audit");
            let shot = run_and_kill(&env, &format!("u{u}"), &now, &args, delay, how(&mut rng));
            activate_w.learn(&shot);
            t.record(&shot, "activate");
            assert_holds(&env);
            // One activation (or one pending request) and its audit row, or nothing at all
            // (also when it was already active: then nothing is written).
            let grew = live(&env) - before;
            let audited = env.count("audit") - audit_before;
            assert!(
                grew <= 2 && (grew == 0) == (audited == 0),
                "group {group}: activation wrote {grew} rows and {audited} audit rows"
            );
        }

        // 3. A day later: the sweep records every expiry at once, or none.
        let delay = sweep_w.delay(&mut rng);
        let now = at(10 * group + 60 * 24);
        let shot = run_and_kill(&env, "admin", &now, &["sweep"], delay, how(&mut rng));
        sweep_w.learn(&shot);
        t.record(&shot, "sweep");
        assert_holds(&env);
        let unrecorded = count_where(
            &env,
            "SELECT count(*) FROM assignment WHERE activated_from IS NOT NULL AND expiry_recorded = 0
               AND removed_at IS NULL",
        );
        let recorded = count_where(
            &env,
            "SELECT count(*) FROM assignment WHERE activated_from IS NOT NULL AND expiry_recorded = 1",
        );
        assert!(
            unrecorded == 0 || recorded == 0,
            "group {group}: a killed sweep recorded {recorded} expiries and left {unrecorded}"
        );
        // The database still takes writes after the kill.
        env.run_at(&now, &["sweep"]).ok();
        assert_holds(&env);
    }
    eprintln!(
        "{} kills ({} inside the database, {} of a PostgreSQL backend) in {} runs over {group} groups; (kills, inside) by command: {:?}",
        t.kills, t.in_db, t.backend, t.runs, t.by_command
    );
    assert!(t.kills >= wanted);
    if pg_mode() {
        assert!(
            t.backend * 4 >= t.kills,
            "only {} of {} kills ended a backend",
            t.backend,
            t.kills
        );
    }
    // Many kills must land after the process opened the database, or the suite tests little.
    assert!(
        t.in_db * 3 >= t.kills,
        "only {} of {} kills landed inside the database",
        t.in_db,
        t.kills
    );
}
