//! Generates a large, deterministic organisation in a new pim database, for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_org -- --scale s|m|l --db FILE [--audit-rows N]
//! ```
//!
//! Scale `l` is 100,000 users, 1,000 groups (with memberships, some nested), 10 management
//! groups (nested), 1,000 subscriptions under them, 10,000 resource groups, 500,000 assignments
//! and 5,000,000 audit rows in one valid chain (`pim audit verify` passes). `m` is a tenth of
//! that and `s` a hundredth (but never fewer than 3 management groups, so that they still nest).
//! `--audit-rows` overrides the audit total (it never drops below the rows the organisation
//! itself writes).
//!
//! Everything goes through pim's library in bulk transactions, acting as `admin` (a Global
//! Administrator made by `init`): principals, scopes and memberships through their `*_in`
//! functions, assignments through `pim::core::assign::create_in` (every rule, the duplicate
//! check and an audit row each, as `pim assign import` does). The remaining audit rows are
//! activation-like rows appended through pim's chain writer. The choices come from a fixed seed:
//! every run makes the same names, scopes, memberships and assignments (IDs, hashes and times
//! differ, as pim makes them). Assignments start at generation time and are permanent, so they
//! are in force whenever the benchmark runs.
//!
//! Names:
//! - users `user00000`…, groups `group0000`… (the first tenth role-assignable; of the others,
//!   those numbered 5 and 6 modulo 10 contain the next group), management groups `mg00`… (`mg00`
//!   under the root, `mgN` under `mg((N-1)/3)`), subscriptions `/subscriptions/sub0000`… (under
//!   `mg(N mod mgs)`), resource groups `/subscriptions/subNNNN/resourceGroups/rgNNNNN` (ten per
//!   subscription).
//! - the benchmark's principals (printed at the end as `key=value` lines): `bench.act000`… eligible
//!   for Contributor at a resource group four levels below the root; `bench.req000`… eligible for
//!   Security Reader, whose settings require approval by `bench.approver`; `bench.mg`, active
//!   Reader at `mg00` (so inherited at every resource group); `bench.member`, member of the
//!   role-assignable `bench.group.ra` (active User Administrator) and of `bench.group.inner`,
//!   nested in `bench.group.outer` (active Contributor at the deep resource group's
//!   subscription).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use pim::core::Error;
use pim::core::assign::{self, AssignInput, Lookups};
use pim::core::audit::{Author, Entry, Outcome, Writer, category};
use pim::core::clock::{Clock, SystemClock};
use pim::core::group;
use pim::core::init::{self, InitInput};
use pim::core::model::{AssignmentType, PrincipalKind};
use pim::core::principal::{self, NewPrincipal};
use pim::core::schedule::EndSpec;
use pim::core::scope;
use pim::core::session::{self, Ctx, Op, WriteOpts};
use pim::core::settings::{self, SettingsFile};
use pim::store::{self, Db};

const USAGE: &str = "usage: gen_org --scale s|m|l --db FILE [--audit-rows N]";

const ADMIN: &str = "admin";
const SEED: u64 = 0x5eed_0f0a_9e00_0008;
/// Personas of the activation and approval benchmarks (one per timed run, and spare).
const PERSONAS: usize = 100;

const MG_PREFIX: &str = "/providers/Microsoft.Management/managementGroups/";

/// Azure roles of the mix.
const AZURE_ROLES: &[&str] = &[
    "Reader",
    "Contributor",
    "Owner",
    "User Access Administrator",
];

/// Azure roles given at management groups: a tenant has few resource administrators (Owner, User
/// Access Administrator) that high, and each one is told of every assignment below it.
const MG_ROLES: &[&str] = &["Reader", "Contributor"];

/// Directory roles of the mix. Not Global Administrator nor Privileged Role Administrator (a
/// tenant has few, and every write counts their active holders), nor Security Reader (the
/// approval benchmark's role).
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

/// How much of everything a scale makes.
#[derive(Clone, Copy, Debug)]
struct Size {
    users: usize,
    groups: usize,
    mgs: usize,
    subs: usize,
    rgs: usize,
    assignments: usize,
    audit_rows: usize,
}

impl Size {
    fn of(scale: &str) -> Option<Size> {
        let div = match scale {
            "l" => 1,
            "m" => 10,
            "s" => 100,
            _ => return None,
        };
        Some(Size {
            users: 100_000 / div,
            groups: 1_000 / div,
            mgs: (10 / div).max(3),
            subs: 1_000 / div,
            rgs: 10_000 / div,
            assignments: 500_000 / div,
            audit_rows: 5_000_000 / div,
        })
    }
}

struct Args {
    db: PathBuf,
    scale: String,
    size: Size,
}

fn parse_args() -> Result<Args, String> {
    let mut db = None;
    let mut scale = None;
    let mut audit_rows = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.to_string());
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--db" => db = Some(PathBuf::from(&value)),
            "--scale" => scale = Some(value),
            "--audit-rows" => {
                audit_rows = Some(
                    value
                        .parse::<usize>()
                        .map_err(|_| format!("--audit-rows: '{value}' is not a count"))?,
                )
            }
            _ => return Err(format!("unknown argument '{flag}'\n{USAGE}")),
        }
    }
    let scale = scale.ok_or_else(|| format!("--scale is required\n{USAGE}"))?;
    let mut size =
        Size::of(&scale).ok_or_else(|| format!("--scale: '{scale}' is not s, m or l\n{USAGE}"))?;
    if let Some(n) = audit_rows {
        size.audit_rows = n;
    }
    Ok(Args {
        db: db.ok_or_else(|| format!("--db is required\n{USAGE}"))?,
        scale,
        size,
    })
}

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The paths and names of the organisation.
struct Org {
    size: Size,
}

impl Org {
    fn user(&self, i: usize) -> String {
        format!("user{i:05}")
    }
    /// Ordinary users: the personas take the rest of the user count.
    fn ordinary_users(&self) -> usize {
        self.size.users - personas().len()
    }
    fn group(&self, i: usize) -> String {
        format!("group{i:04}")
    }
    fn role_assignable(&self, g: usize) -> bool {
        g < (self.size.groups / 10).max(1)
    }
    fn mg(&self, i: usize) -> String {
        format!("{MG_PREFIX}mg{i:02}")
    }
    fn mg_parent(&self, i: usize) -> Option<usize> {
        (i > 0).then(|| (i - 1) / 3)
    }
    fn sub(&self, i: usize) -> String {
        format!("/subscriptions/sub{i:04}")
    }
    fn rg(&self, i: usize) -> String {
        format!("{}/resourceGroups/rg{i:05}", self.sub(i / 10))
    }
    /// A resource group as deep as the hierarchy goes: its subscription under the last
    /// management group (the deepest of the tree).
    fn deep_rg(&self) -> usize {
        let mg = self.size.mgs - 1;
        // Subscriptions sit under mg(N mod mgs): the first under the deepest management group.
        mg * 10
    }
}

/// The benchmark's users (besides the ordinary ones).
fn personas() -> Vec<String> {
    let mut v: Vec<String> = ["bench.approver", "bench.mg", "bench.member"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    v.extend((0..PERSONAS).map(|i| format!("bench.act{i:03}")));
    v.extend((0..PERSONAS).map(|i| format!("bench.req{i:03}")));
    v
}

fn user(name: &str) -> NewPrincipal {
    NewPrincipal {
        name: name.to_string(),
        ..Default::default()
    }
}

fn new_group(name: &str, role_assignable: bool) -> NewPrincipal {
    NewPrincipal {
        name: name.to_string(),
        kind: Some(PrincipalKind::Group),
        role_assignable,
        ..Default::default()
    }
}

fn assignment(
    principal: &str,
    role: &str,
    scope: Option<String>,
    kind: AssignmentType,
) -> AssignInput {
    AssignInput {
        principal: principal.to_string(),
        role: role.to_string(),
        scope,
        kind,
        start: None,
        end: EndSpec::Default,
        // The default settings require a justification for active assignments.
        justification: (kind == AssignmentType::Active).then(|| "gen_org".to_string()),
        ticket_number: None,
        ticket_system: None,
    }
}

#[derive(Default)]
struct Made {
    memberships: usize,
    nested: usize,
    eligible: usize,
    active: usize,
    at_mg: usize,
    at_sub: usize,
    at_rg: usize,
    at_root: usize,
    group_held: usize,
    duplicates: usize,
}

/// Everything but the filler audit rows, in one write.
fn build(op: &mut Op<'_>, org: &Org, made: &mut Made) -> pim::core::Result<()> {
    let s = org.size;
    let mut rng = Rng(SEED);
    let t = Instant::now();
    // The organisation's notifications were delivered long ago: the outbox the benchmark starts
    // from is today's, empty.
    op.notify = false;
    for i in 0..org.ordinary_users() {
        principal::create_in(op, &user(&org.user(i)))?;
    }
    for p in personas() {
        principal::create_in(op, &user(&p))?;
    }
    for g in 0..s.groups {
        principal::create_in(op, &new_group(&org.group(g), org.role_assignable(g)))?;
    }
    principal::create_in(op, &new_group("bench.group.ra", true))?;
    principal::create_in(op, &new_group("bench.group.outer", false))?;
    principal::create_in(op, &new_group("bench.group.inner", false))?;
    eprintln!("gen_org: principals {:.1} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    for i in 0..s.mgs {
        let parent = org.mg_parent(i).map(|p| org.mg(p));
        scope::add_in(op, &org.mg(i), None, parent.as_deref())?;
    }
    for i in 0..s.subs {
        scope::add_in(op, &org.sub(i), None, Some(&org.mg(i % s.mgs)))?;
    }
    for i in 0..s.rgs {
        scope::add_in(op, &org.rg(i), None, None)?;
    }
    eprintln!("gen_org: scopes {:.1} s", t.elapsed().as_secs_f64());

    // Memberships: every ordinary user in one group, every fifth in a second one; groups
    // numbered 5 and 6 modulo 10 (not role-assignable, which cannot contain groups) contain the
    // next one, making chains of three.
    let t = Instant::now();
    let users = org.ordinary_users();
    for u in 0..users {
        let first = u % s.groups;
        group::add_member_in(op, &org.group(first), &org.user(u))?;
        made.memberships += 1;
        if u % 5 == 0 {
            let second = (first + 1 + rng.below(s.groups - 1)) % s.groups;
            group::add_member_in(op, &org.group(second), &org.user(u))?;
            made.memberships += 1;
        }
    }
    for g in 0..s.groups.saturating_sub(1) {
        if !org.role_assignable(g) && matches!(g % 10, 5 | 6) {
            group::add_member_in(op, &org.group(g), &org.group(g + 1))?;
            made.nested += 1;
        }
    }
    group::add_member_in(op, "bench.group.ra", "bench.member")?;
    group::add_member_in(op, "bench.group.outer", "bench.group.inner")?;
    group::add_member_in(op, "bench.group.inner", "bench.member")?;
    made.memberships += 3;
    made.nested += 1;
    eprintln!("gen_org: memberships {:.1} s", t.elapsed().as_secs_f64());

    // The personas' assignments.
    let t = Instant::now();
    let mut lk = Lookups::default();
    let deep = org.rg(org.deep_rg());
    let deep_sub = org.sub(org.deep_rg() / 10);
    let mut fixed = vec![
        assignment(
            "bench.mg",
            "Reader",
            Some(org.mg(0)),
            AssignmentType::Active,
        ),
        assignment(
            "bench.group.ra",
            "User Administrator",
            None,
            AssignmentType::Active,
        ),
        assignment(
            "bench.group.outer",
            "Contributor",
            Some(deep_sub),
            AssignmentType::Active,
        ),
    ];
    for i in 0..PERSONAS {
        fixed.push(assignment(
            &format!("bench.act{i:03}"),
            "Contributor",
            Some(deep.clone()),
            AssignmentType::Eligible,
        ));
        fixed.push(assignment(
            &format!("bench.req{i:03}"),
            "Security Reader",
            None,
            AssignmentType::Eligible,
        ));
    }
    for a in &fixed {
        assign::create_in(op, a, &mut lk)?;
    }

    // The mix, drawn until it has the count: duplicates (same holder, role, scope and type) are
    // refused by pim's own check and drawn again.
    let target = s.assignments.saturating_sub(fixed.len());
    let mut done = 0;
    while done < target {
        let r = rng.below(100);
        let kind = if rng.below(100) < 85 {
            AssignmentType::Eligible
        } else {
            AssignmentType::Active
        };
        let azure = AZURE_ROLES[rng.below(AZURE_ROLES.len())];
        let directory = DIRECTORY_ROLES[rng.below(DIRECTORY_ROLES.len())];
        let u = org.user(rng.below(users));
        let (holder, role, scope, slot) = match r {
            0..60 => (u, azure, Some(org.rg(rng.below(s.rgs))), 0),
            60..72 => (u, azure, Some(org.sub(rng.below(s.subs))), 1),
            72..75 => (
                u,
                MG_ROLES[rng.below(MG_ROLES.len())],
                Some(org.mg(rng.below(s.mgs))),
                2,
            ),
            75..95 => (u, directory, None, 3),
            _ => {
                let g = rng.below(s.groups);
                if org.role_assignable(g) {
                    (org.group(g), directory, None, 4)
                } else {
                    let (scope, role) = match rng.below(3) {
                        0 => (
                            org.mg(rng.below(s.mgs)),
                            MG_ROLES[rng.below(MG_ROLES.len())],
                        ),
                        1 => (org.sub(rng.below(s.subs)), azure),
                        _ => (org.rg(rng.below(s.rgs)), azure),
                    };
                    (org.group(g), role, Some(scope), 4)
                }
            }
        };
        match assign::create_in(op, &assignment(&holder, role, scope, kind), &mut lk) {
            Ok(_) => {}
            Err(Error::Conflict { .. }) => {
                made.duplicates += 1;
                continue;
            }
            Err(e) => return Err(e),
        }
        done += 1;
        match kind {
            AssignmentType::Eligible => made.eligible += 1,
            AssignmentType::Active => made.active += 1,
        }
        match slot {
            0 => made.at_rg += 1,
            1 => made.at_sub += 1,
            2 => made.at_mg += 1,
            3 => made.at_root += 1,
            _ => made.group_held += 1,
        }
    }
    made.eligible += 2 * PERSONAS;
    made.active += 3;
    eprintln!("gen_org: assignments {:.1} s", t.elapsed().as_secs_f64());
    Ok(())
}

/// Security Reader needs one approval by `bench.approver` to activate.
const APPROVAL_SETTINGS: &str = r#"
[[role]]
role = "Security Reader"
scope = "/"
partial = true

[role.activation]
require_justification = true
require_approval = true

[[role.activation.approval_stages]]
approvers = ["bench.approver"]
required_approvals = 1
timeout_days = 30
require_approver_justification = true
"#;

/// Appends activation-like audit rows until the log holds `total`, a batch per transaction,
/// through pim's chain writer.
fn fill_audit(db: &mut Db, ctx: &Ctx, org: &Org, total: usize) -> Result<usize, String> {
    let have = store::audit::count(db.conn()).map_err(|e| e.to_string())? as usize;
    let n = total.saturating_sub(have);
    let author = Author {
        now: ctx.now,
        actor_id: None,
        actor_name: ADMIN,
        os_user: &ctx.os_user,
        auth: &ctx.auth,
    };
    let users = org.ordinary_users();
    let mut rng = Rng(SEED ^ 0xa0d1);
    let mut done = 0;
    while done < n {
        let batch = (n - done).min(100_000);
        let tx = db.write().map_err(|e| e.to_string())?;
        let mut writer = Writer::new(None);
        for i in done..done + batch {
            let who = org.user(rng.below(users));
            let (action, activity, role, scope) = match i % 4 {
                0 | 1 => (
                    "activation.request",
                    "Add member to role completed (PIM activation)",
                    AZURE_ROLES[rng.below(AZURE_ROLES.len())],
                    org.rg(rng.below(org.size.rgs)),
                ),
                2 => (
                    "activation.expire",
                    "Remove member from role (PIM activation expired)",
                    AZURE_ROLES[rng.below(AZURE_ROLES.len())],
                    org.sub(rng.below(org.size.subs)),
                ),
                _ => (
                    "activation.request",
                    "Add member to role completed (PIM activation)",
                    DIRECTORY_ROLES[rng.below(DIRECTORY_ROLES.len())],
                    "/".to_string(),
                ),
            };
            let mut e = Entry::new(action, activity, category::RESOURCE).scope(&scope);
            e.principal_name = Some(who);
            e.role_name = Some(role.into());
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
    Ok(n)
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let org = Org { size: args.size };
    let ctx = Ctx {
        now: SystemClock.now(),
        actor: ADMIN.into(),
        os_user: std::env::var("USER").unwrap_or_else(|_| "bench".into()),
        audit_key: None,
        zone: jiff::tz::TimeZone::UTC,
        auth: Default::default(),
    };
    let (mut db, _) = init::init(
        &args.db,
        &ctx,
        &InitInput {
            admin: ADMIN.into(),
            email: None,
            sample: false,
        },
    )
    .map_err(|e| e.to_string())?;
    // The organisation is one transaction: a page cache that holds it (taken as needed) keeps
    // SQLite from spilling dirty pages to the WAL half-way.
    db.conn()
        .execute_batch("PRAGMA cache_size = -2097152")
        .map_err(|e| e.to_string())?;
    let mut made = Made::default();
    session::write(
        &mut db,
        &ctx,
        Entry::default(),
        WriteOpts::default(),
        |op| build(op, &org, &mut made),
    )
    .map_err(|e| e.to_string())?;
    let file = SettingsFile::parse("gen_org settings", APPROVAL_SETTINGS.to_string())
        .map_err(|e| e.to_string())?;
    settings::import(
        &mut db,
        &ctx,
        "gen_org settings",
        &file,
        WriteOpts::default(),
    )
    .map_err(|e| e.to_string())?;
    let org_secs = started.elapsed().as_secs_f64();
    let t = Instant::now();
    let filled = fill_audit(&mut db, &ctx, &org, args.size.audit_rows)?;
    let fill_secs = t.elapsed().as_secs_f64();
    let audit_total = store::audit::count(db.conn()).map_err(|e| e.to_string())?;
    db.conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .map_err(|e| e.to_string())?;

    let s = args.size;
    let total = made.eligible + made.active;
    println!("scale {}: {}", args.scale, args.db.display());
    println!(
        "  principals    {} users ({} ordinary + {} benchmark personas + admin), {} groups \
         ({} role-assignable, + 3 benchmark groups)",
        s.users + 1,
        org.ordinary_users(),
        personas().len(),
        s.groups,
        (s.groups / 10).max(1)
    );
    println!(
        "  memberships   {} ({} of them a group in a group)",
        made.memberships + made.nested,
        made.nested
    );
    println!(
        "  scopes        {} management groups (nested), {} subscriptions, {} resource groups",
        s.mgs, s.subs, s.rgs
    );
    println!(
        "  assignments   {total} ({} eligible, {} active; {} at /, {} at management groups, {} at \
         subscriptions, {} at resource groups, {} held by groups, + {} for the personas; {} \
         duplicate draws refused and drawn again)",
        made.eligible,
        made.active,
        made.at_root,
        made.at_mg,
        made.at_sub,
        made.at_rg,
        made.group_held,
        total - made.at_root - made.at_mg - made.at_sub - made.at_rg - made.group_held,
        made.duplicates
    );
    println!(
        "  audit rows    {audit_total} ({} by the writes above, {filled} appended activation rows)",
        audit_total as usize - filled
    );
    println!(
        "  time          {:.1} s (organisation {org_secs:.1} s, audit fill {fill_secs:.1} s = {:.0} rows/s)",
        started.elapsed().as_secs_f64(),
        filled as f64 / fill_secs.max(1e-9)
    );
    let deep = org.rg(org.deep_rg());
    println!("names (for scripts/bench.sh):");
    println!("admin={ADMIN}");
    println!("personas={PERSONAS}");
    println!("activate_user=bench.act%03d");
    println!("activate_role=Contributor");
    println!("activate_scope={deep}");
    println!("approve_requester=bench.req%03d");
    println!("approve_role=Security Reader");
    println!("approver=bench.approver");
    println!("deep_rg={deep}");
    println!("check_mg_principal=bench.mg");
    println!("check_mg_role=Reader");
    println!("check_mg_from={}", org.mg(0));
    println!("check_group_principal=bench.member");
    println!("check_group_role=User Administrator");
    println!("check_nested_role=Contributor");
    println!("typical_user={}", org.user(42));
    println!("users={}", org.ordinary_users());
    println!("rgs={}", s.rgs);
    println!("subs={}", s.subs);
    println!("audit_rows={audit_total}");
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("gen_org: {msg}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("gen_org: {msg}");
            ExitCode::FAILURE
        }
    }
}
