//! Seeds a pim database with many users and resource groups, for benchmarks.
//!
//! ```text
//! pim --db bench.db --as admin init --admin admin
//! cargo run --release --example seed_org -- --db bench.db --users 5000 --scopes 100
//! ```
//!
//! Creates users `user00000`… and, under the subscription `/subscriptions/bench`, resource groups
//! `/subscriptions/bench/resourceGroups/rg0000`…, all in one write acting as `admin`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use pim::core::audit::Entry;
use pim::core::clock::{Clock, SystemClock};
use pim::core::principal::{self, NewPrincipal};
use pim::core::scope;
use pim::core::session::{self, Ctx, WriteOpts};
use pim::store::Db;

const USAGE: &str = "usage: seed_org --db FILE --users N --scopes M";

struct Args {
    db: PathBuf,
    users: usize,
    scopes: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut db = None;
    let mut users = None;
    let mut scopes = None;
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
            _ => return Err(format!("unknown argument '{flag}'\n{USAGE}")),
        }
    }
    Ok(Args {
        db: db.ok_or_else(|| format!("--db is required\n{USAGE}"))?,
        users: users.ok_or_else(|| format!("--users is required\n{USAGE}"))?,
        scopes: scopes.ok_or_else(|| format!("--scopes is required\n{USAGE}"))?,
    })
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let mut db = Db::open(&args.db).map_err(|e| e.to_string())?;
    let ctx = Ctx {
        now: SystemClock.now(),
        actor: "admin".into(),
        os_user: std::env::var("USER").unwrap_or_else(|_| "bench".into()),
    };
    let sub = "/subscriptions/bench";
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
                scope::add_in(op, sub, None, Some("/"))?;
                for i in 0..args.scopes {
                    scope::add_in(op, &format!("{sub}/resourceGroups/rg{i:04}"), None, None)?;
                }
            }
            Ok(())
        },
    )
    .map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();
    let subscription = usize::from(args.scopes > 0);
    println!(
        "created {} users and {} scopes ({} subscription + {} resource groups) in {:.3} s",
        args.users,
        subscription + args.scopes,
        subscription,
        args.scopes,
        elapsed.as_secs_f64()
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
