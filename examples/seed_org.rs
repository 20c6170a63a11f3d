//! Seeds a pim database with many users, resource groups and assignments, for benchmarks.
//!
//! ```text
//! pim --db bench.db --as admin init --admin admin
//! cargo run --release --example seed_org -- --db bench.db --users 5000 --scopes 100
//! cargo run --release --example seed_org -- --db bench.db --users 100000 --scopes 10000 \
//!     --eligible 450000 --active 50000
//! ```
//!
//! Creates users `user00000`… and, under the subscription `/subscriptions/bench`, resource groups
//! `/subscriptions/bench/resourceGroups/rg0000`…, then `--eligible` eligible and `--active` active
//! permanent assignments, all in one write acting as `admin`. Assignments go through
//! `pim::core::assign::create_in` (every rule, the duplicate check and an audit row per
//! assignment), as `pim assign import` does.
//!
//! Assignments are dealt round-robin over the users: assignment `i` (eligible ones first, then
//! active ones) is user `i % users`'s slot `k = i / users`. Every fifth slot (`k % 5 == 4`) is a
//! directory role at `/` (one of [`DIRECTORY_ROLES`]); the others are Azure roles (Reader,
//! Contributor, Owner, User Access Administrator in turn) at resource groups. With `--scopes 0`
//! every slot is a directory role. No user gets the same role at the same scope twice, so eligible
//! and active rows of one user never share a role and scope either: activating an eligible one
//! always creates an activation. `pim assign list --principal userNNNNN` shows what a user got.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use pim::core::assign::{self, AssignInput, Lookups};
use pim::core::audit::Entry;
use pim::core::clock::{Clock, SystemClock};
use pim::core::model::AssignmentType;
use pim::core::principal::{self, NewPrincipal};
use pim::core::schedule::EndSpec;
use pim::core::scope;
use pim::core::session::{self, Ctx, WriteOpts};
use pim::store::Db;

const USAGE: &str =
    "usage: seed_org --db FILE --users N --scopes M [--eligible E] [--active A] [--audit-rows R]";

const SUBSCRIPTION: &str = "/subscriptions/bench";

/// Azure roles of the resource-group slots, in turn.
const AZURE_ROLES: &[&str] = &[
    "Reader",
    "Contributor",
    "Owner",
    "User Access Administrator",
];

/// Directory roles of the `/` slots. Not Global Administrator nor Privileged Role Administrator:
/// a tenant has few of those, and every write counts their active holders.
const DIRECTORY_ROLES: &[&str] = &[
    "User Administrator",
    "Helpdesk Administrator",
    "Password Administrator",
    "Groups Administrator",
    "Application Developer",
    "Directory Readers",
    "Security Operator",
    "Authentication Administrator",
];

struct Args {
    db: PathBuf,
    users: usize,
    scopes: usize,
    eligible: usize,
    active: usize,
    /// Extra audit rows, appended to the chain after everything else (for export benchmarks).
    audit_rows: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut db = None;
    let mut users = None;
    let mut scopes = None;
    let mut eligible = 0;
    let mut active = 0;
    let mut audit_rows = 0;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.to_string());
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let count = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("{flag}: '{value}' is not a count\n{USAGE}"))
        };
        match flag.as_str() {
            "--db" => db = Some(PathBuf::from(&value)),
            "--users" => users = Some(count()?),
            "--scopes" => scopes = Some(count()?),
            "--eligible" => eligible = count()?,
            "--active" => active = count()?,
            "--audit-rows" => audit_rows = count()?,
            _ => return Err(format!("unknown argument '{flag}'\n{USAGE}")),
        }
    }
    let args = Args {
        db: db.ok_or_else(|| format!("--db is required\n{USAGE}"))?,
        users: users.ok_or_else(|| format!("--users is required\n{USAGE}"))?,
        scopes: scopes.ok_or_else(|| format!("--scopes is required\n{USAGE}"))?,
        eligible,
        active,
        audit_rows,
    };
    check_slots(&args)?;
    Ok(args)
}

/// Refuses counts that would give some user the same role at the same scope twice.
fn check_slots(a: &Args) -> Result<(), String> {
    let total = a.eligible + a.active;
    if total == 0 {
        return Ok(());
    }
    if a.users == 0 {
        return Err("--eligible/--active need --users > 0".into());
    }
    let slots = total.div_ceil(a.users);
    let (directory, azure) = if a.scopes == 0 {
        (slots, 0)
    } else {
        (slots / 5, slots - slots / 5)
    };
    if directory > DIRECTORY_ROLES.len() || azure > AZURE_ROLES.len() * a.scopes {
        return Err(format!(
            "{total} assignments over {} users is {slots} per user: more than {} directory \
             roles and {} Azure roles x {} resource groups allow without duplicates",
            a.users,
            DIRECTORY_ROLES.len(),
            AZURE_ROLES.len(),
            a.scopes
        ));
    }
    Ok(())
}

/// Role and scope of user `u`'s slot `k` (see the module documentation).
fn slot(u: usize, k: usize, scopes: usize) -> (&'static str, Option<String>) {
    if scopes == 0 {
        return (DIRECTORY_ROLES[(u + k) % DIRECTORY_ROLES.len()], None);
    }
    if k % 5 == 4 {
        return (DIRECTORY_ROLES[(u + k / 5) % DIRECTORY_ROLES.len()], None);
    }
    // j-th Azure slot: the role turns with j, the resource group moves on every four slots.
    let j = k - k / 5;
    let role = AZURE_ROLES[(u + j) % AZURE_ROLES.len()];
    let rg = (u * 7 + j / AZURE_ROLES.len()) % scopes;
    (
        role,
        Some(format!("{SUBSCRIPTION}/resourceGroups/rg{rg:04}")),
    )
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let mut db = Db::open(&args.db).map_err(|e| e.to_string())?;
    // The whole seed is one transaction: a page cache that holds it (1 GiB, taken as needed;
    // pim's own is 64 MB) keeps SQLite from spilling dirty pages to the WAL half-way.
    db.conn()
        .execute_batch("PRAGMA cache_size = -1048576")
        .map_err(|e| e.to_string())?;
    let ctx = Ctx {
        now: SystemClock.now(),
        actor: "admin".into(),
        os_user: std::env::var("USER").unwrap_or_else(|_| "bench".into()),
        audit_key: None,
    };
    let mut directory_secs = 0.0;
    session::write(
        &mut db,
        &ctx,
        Entry::default(),
        WriteOpts::default(),
        |op| {
            for i in 0..args.users {
                principal::create_in(
                    op,
                    &NewPrincipal {
                        name: format!("user{i:05}"),
                        ..Default::default()
                    },
                )?;
            }
            if args.scopes > 0 {
                scope::add_in(op, SUBSCRIPTION, None, Some("/"))?;
                for i in 0..args.scopes {
                    scope::add_in(
                        op,
                        &format!("{SUBSCRIPTION}/resourceGroups/rg{i:04}"),
                        None,
                        None,
                    )?;
                }
            }
            directory_secs = started.elapsed().as_secs_f64();
            let mut lk = Lookups::default();
            let total = args.eligible + args.active;
            // Row i is user i % users's slot i / users; written user by user, so that each user's
            // index entries are written together (a fifth faster than in the order of i).
            let slots = total.div_ceil(args.users.max(1));
            for (u, k) in (0..args.users).flat_map(|u| (0..slots).map(move |k| (u, k))) {
                let i = k * args.users + u;
                if i >= total {
                    continue;
                }
                let (role, scope) = slot(u, k, args.scopes);
                let active = i >= args.eligible;
                let input = AssignInput {
                    principal: format!("user{u:05}"),
                    role: role.to_string(),
                    scope,
                    kind: if active {
                        AssignmentType::Active
                    } else {
                        AssignmentType::Eligible
                    },
                    start: None,
                    end: EndSpec::Default,
                    // The default settings require a justification for active assignments.
                    justification: active.then(|| "seed".to_string()),
                    ticket_number: None,
                    ticket_system: None,
                };
                assign::create_in(op, &input, &mut lk)?;
            }
            Ok(())
        },
    )
    .map_err(|e| e.to_string())?;
    let elapsed = started.elapsed().as_secs_f64();
    let subscription = usize::from(args.scopes > 0);
    let total = args.eligible + args.active;
    println!(
        "created {} users and {} scopes ({} subscription + {} resource groups) in {:.3} s",
        args.users,
        subscription + args.scopes,
        subscription,
        args.scopes,
        if total > 0 { directory_secs } else { elapsed }
    );
    if total > 0 {
        let secs = elapsed - directory_secs;
        println!(
            "created {total} assignments ({} eligible + {} active) in {secs:.3} s = {:.0} rows/s \
             (commit included; whole write {elapsed:.3} s)",
            args.eligible,
            args.active,
            total as f64 / secs
        );
    }
    if args.audit_rows > 0 {
        append_audit_rows(&mut db, &ctx, args.audit_rows, args.users.max(1))?;
    }
    Ok(())
}

/// Appends `n` activation-like audit rows to the chain, a batch per transaction, through the
/// same writer pim uses, so the chain stays valid.
fn append_audit_rows(db: &mut Db, ctx: &Ctx, n: usize, users: usize) -> Result<(), String> {
    use pim::core::audit::{Author, Entry, Outcome, Writer, category};
    let started = Instant::now();
    let author = Author {
        now: ctx.now,
        actor_id: None,
        actor_name: "admin",
        os_user: &ctx.os_user,
    };
    let mut done = 0;
    while done < n {
        let batch = (n - done).min(100_000);
        let tx = db.write().map_err(|e| e.to_string())?;
        let mut writer = Writer::new(None);
        for i in done..done + batch {
            let user = format!("user{:05}", i % users);
            let mut e = Entry::new(
                "activation.request",
                "Add member to role completed (PIM activation)",
                category::RESOURCE,
            )
            .scope(&format!(
                "{SUBSCRIPTION}/resourceGroups/rg{:04}",
                i % 10_000
            ));
            e.principal_name = Some(user);
            e.role_name = Some("Reader".into());
            e.justification = Some(format!("INC-{i}, \"bench\""));
            e.start_at = Some(ctx.now);
            e.end_at = Some(ctx.now + 8 * 3600);
            writer
                .append(&tx, &author, Outcome::Success, &e)
                .map_err(|e| e.to_string())?;
        }
        tx.commit().map_err(|e| e.to_string())?;
        done += batch;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "appended {n} audit rows in {secs:.3} s = {:.0} rows/s",
        n as f64 / secs
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("seed_org: {msg}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("seed_org: {msg}");
            ExitCode::FAILURE
        }
    }
}
