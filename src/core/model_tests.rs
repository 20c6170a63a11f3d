//! A model-based test: proptest generates random sequences of commands — assignments, updates,
//! removals, group membership, PIM for Groups, activations (own, through groups, at narrower
//! scopes, scheduled, in sets), approvals, settings, reviews, principals disabled and deleted,
//! provisioning bindings made and removed, time passing — by random actors, authorized or not, and
//! runs them through the core over a real SQLite file with a fixed clock. After every step it
//! checks what the README promises:
//!
//! - no principal holds (as `pim check` resolves it) anything no current path gives, checked
//!   against an independent model of group membership computed here from the raw tables;
//! - no activation outlives any link of the path it came through, nor stays live once a link is
//!   gone, and no service principal holds one;
//! - at most one live activation per principal and eligibility;
//! - the last active Global Administrator is never taken away by a write, nor left to lapse: some
//!   enabled user holds it permanently (`LAST_GA_OVER_TIME`);
//! - every state row is explained by the audit log (`audit verify --state`);
//! - `status` and `access` show in force exactly what `check` resolves;
//! - provisioning follows the bindings (docs/provisioning.md): as of the last comparison, each
//!   binding and principal has a grant in `provision_state` exactly when an active assignment of
//!   the bound role in force at the bound scope or above it reaches the principal (directly or
//!   through the model's groups), through one of those assignments and until its end; the queue's
//!   newest action for each binding and principal is that grant, or a revoke when nothing is due;
//!   every successful write compares; and no write is refused because its incremental comparison
//!   left the queue apart from the full one (the check debug builds make);
//! - nobody decided their own request or review item, and a group never acted;
//! - a refused step changed no state (bindings, queue and what it granted included) and added
//!   exactly one failure row to the audit log;
//! - the audit chain verifies.
//!
//! `PROPTEST_CASES` sets the number of sequences (the default keeps `cargo test` short); a failure
//! prints the shrunk sequence, which becomes an ordinary test at the end of this file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::params;
use crate::provision::manage::{self, BindingSpec};
use crate::store::Conn;
use proptest::prelude::*;

use super::activate::{self, ActivateInput};
use super::approve::{self, Decision};
use super::assign::{self, AssignInput, UpdateInput};
use super::builtin::GLOBAL_ADMINISTRATOR;
use super::clock::Ts;
use super::error::Error;
use super::model::AssignmentType;
use super::schedule::{EndSpec, HOUR, MINUTE};
use super::session::{Ctx, WriteOpts};
use super::settings::{self, ApproversChange, Patch, Selector, StageSpec};
use super::tests::T0;
use super::{group, principal, review, scope};
use crate::store::{self, Db};

/// Sequences run by `cargo test` unless `PROPTEST_CASES` says otherwise.
const DEFAULT_CASES: u32 = 128;

/// Who may act: administrators, users without rights, a service principal and groups.
const ACTORS: [&str; 7] = ["admin", "ann", "ben", "cid", "bot", "ra", "gp"];
/// Who things are done to.
const PRINCIPALS: [&str; 8] = ["ann", "ben", "cid", "bot", "ra", "gp", "gs", "admin"];
/// Groups: `ra` is role-assignable and under PIM for Groups, `gp` under PIM for Groups, `gs` not
/// (until onboarded).
const GROUPS: [&str; 3] = ["ra", "gp", "gs"];
const DIRECTORY_ROLES: [&str; 3] = [
    "Global Administrator",
    "Security Reader",
    "Privileged Role Administrator",
];
const AZURE_ROLES: [&str; 2] = ["Owner", "Reader"];
const MG: &str = "/providers/Microsoft.Management/managementGroups/mg";
const SCOPES: [&str; 3] = [
    MG,
    "/subscriptions/sub",
    "/subscriptions/sub/resourceGroups/rg",
];
/// The provisioning target every binding names. The model queues actions and never carries them
/// out, so its program never runs.
const PROVISION_TARGET: &str = "t";

/// What a command is about: a directory role, an Azure role at a scope, or a group's membership
/// or ownership.
#[derive(Clone, Copy, Debug)]
enum Target {
    Directory(u8),
    Azure(u8, u8),
    Group(u8, bool),
}

impl Target {
    fn role(self) -> &'static str {
        match self {
            Target::Directory(r) => DIRECTORY_ROLES[r as usize % DIRECTORY_ROLES.len()],
            Target::Azure(r, _) => AZURE_ROLES[r as usize % AZURE_ROLES.len()],
            Target::Group(_, true) => "Group Owner",
            Target::Group(_, false) => "Group Member",
        }
    }

    fn scope(self) -> Option<String> {
        match self {
            Target::Directory(_) => None,
            Target::Azure(_, s) => Some(SCOPES[s as usize % SCOPES.len()].to_string()),
            Target::Group(g, _) => Some(format!("/groups/{}", GROUPS[g as usize % GROUPS.len()])),
        }
    }
}

#[derive(Clone, Debug)]
enum Setting {
    RequireApproval(bool),
    Approvers(Vec<u8>),
    Stages(Vec<Vec<u8>>),
    Clear,
    MaxHours(u8),
}

#[derive(Clone, Debug)]
enum Cmd {
    Assign {
        actor: u8,
        who: u8,
        target: Target,
        active: bool,
        hours: Option<u16>,
        start_in: Option<u8>,
    },
    Update {
        actor: u8,
        pick: u16,
        flip: bool,
        hours: Option<u16>,
    },
    Extend {
        actor: u8,
        pick: u16,
        hours: u16,
    },
    Renew {
        actor: u8,
        pick: u16,
    },
    Remove {
        actor: u8,
        pick: u16,
    },
    MemberAdd {
        actor: u8,
        group: u8,
        member: u8,
    },
    MemberRemove {
        actor: u8,
        group: u8,
        member: u8,
    },
    /// Removes a static membership that exists.
    MemberRemoveExisting {
        actor: u8,
        pick: u16,
    },
    Onboard {
        actor: u8,
        group: u8,
    },
    Activate {
        actor: u8,
        target: Target,
        hours: u8,
        start_in: Option<u8>,
        dry_run: bool,
    },
    /// Activates from an eligibility that exists (by its holder, or by someone who may be a member
    /// of it), at its scope or below.
    ActivateFrom {
        actor: u8,
        pick: u16,
        holder_acts: bool,
        deeper: u8,
        hours: u8,
        start_in: Option<u8>,
    },
    ActivateSet {
        actor: u8,
        targets: Vec<Target>,
    },
    Deactivate {
        actor: u8,
        pick: u16,
    },
    /// Approves or denies a waiting request: as `actor`, or (`by_approver`) as someone the
    /// request's current stage names (a member of a named group; an administrator when none).
    Decide {
        actor: u8,
        pick: u16,
        approve: bool,
        by_approver: bool,
    },
    Cancel {
        actor: u8,
        pick: u16,
    },
    /// Changes settings of `target`, or (`of`) of the role and scope of an eligibility that exists.
    Settings {
        actor: u8,
        target: Target,
        of: Option<u16>,
        change: Setting,
    },
    /// Creates a review of `target`, or (`of`) of the role and scope of an assignment that exists.
    ReviewCreate {
        actor: u8,
        target: Target,
        of: Option<u16>,
        reviewers: Vec<u8>,
        self_review: bool,
        deny_by_default: bool,
    },
    /// Decides a review item: of `who` as `actor`, or (`by_reviewer`) an item of the review as
    /// one of its reviewers (a member of a reviewer group).
    ReviewDecide {
        actor: u8,
        pick: u16,
        who: u8,
        deny: bool,
        by_reviewer: bool,
    },
    ReviewComplete {
        actor: u8,
        pick: u16,
        apply: bool,
    },
    Enable {
        actor: u8,
        who: u8,
        enabled: bool,
    },
    Delete {
        actor: u8,
        who: u8,
    },
    /// Binds the provisioning target to `target`'s role at its scope (`/` for a directory role),
    /// or (`any_scope`) at every scope.
    Bind {
        actor: u8,
        target: Target,
        any_scope: bool,
    },
    /// Removes a binding that exists.
    Unbind {
        actor: u8,
        pick: u16,
    },
    Advance {
        minutes: u16,
    },
    Sweep,
}

fn actor() -> impl Strategy<Value = u8> {
    // The administrator half the time, so that things happen; anyone else otherwise.
    prop_oneof![3 => Just(0u8), 4 => 0u8..ACTORS.len() as u8]
}

fn user() -> impl Strategy<Value = u8> {
    // ann, ben, cid (and sometimes bot) act for themselves.
    prop_oneof![6 => 1u8..4, 1 => Just(4u8), 1 => 0u8..ACTORS.len() as u8]
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        3 => (0u8..3).prop_map(Target::Directory),
        2 => (0u8..2, 0u8..3).prop_map(|(r, s)| Target::Azure(r, s)),
        2 => (0u8..3, prop::bool::weighted(0.2)).prop_map(|(g, o)| Target::Group(g, o)),
    ]
}

fn who() -> impl Strategy<Value = u8> {
    0u8..PRINCIPALS.len() as u8
}

fn setting() -> impl Strategy<Value = Setting> {
    prop_oneof![
        3 => any::<bool>().prop_map(Setting::RequireApproval),
        3 => prop::collection::vec(prop_oneof![3 => 0u8..3, 1 => 0u8..8], 1..3).prop_map(Setting::Approvers),
        1 => prop::collection::vec(prop::collection::vec(0u8..8, 1..3), 1..3).prop_map(Setting::Stages),
        1 => Just(Setting::Clear),
        1 => (1u8..10).prop_map(Setting::MaxHours),
    ]
}

/// What to bind: mostly a role someone holds or activates from the start (Global Administrator,
/// Reader at or around the subscription, Security Reader, membership of ra or gp), else any.
fn bound() -> impl Strategy<Value = Target> {
    prop_oneof![
        3 => Just(Target::Directory(0)),
        2 => (0u8..3).prop_map(|s| Target::Azure(1, s)),
        1 => Just(Target::Directory(1)),
        1 => (0u8..2).prop_map(|g| Target::Group(g, false)),
        1 => target(),
    ]
}

fn bind() -> impl Strategy<Value = Cmd> {
    (actor(), bound(), prop::bool::weighted(0.3)).prop_map(|(actor, target, any_scope)| Cmd::Bind {
        actor,
        target,
        any_scope,
    })
}

fn cmd() -> impl Strategy<Value = Cmd> {
    prop_oneof![
        6 => (actor(), who(), target(), prop::bool::weighted(0.4), prop::option::weighted(0.6, 1u16..200), prop::option::weighted(0.1, 1u8..4))
            .prop_map(|(actor, who, target, active, hours, start_in)| Cmd::Assign { actor, who, target, active, hours, start_in }),
        2 => (actor(), any::<u16>(), prop::bool::weighted(0.2), prop::option::weighted(0.8, 1u16..100))
            .prop_map(|(actor, pick, flip, hours)| Cmd::Update { actor, pick, flip, hours }),
        1 => (actor(), any::<u16>(), 1u16..100).prop_map(|(actor, pick, hours)| Cmd::Extend { actor, pick, hours }),
        1 => (actor(), any::<u16>()).prop_map(|(actor, pick)| Cmd::Renew { actor, pick }),
        2 => (actor(), any::<u16>()).prop_map(|(actor, pick)| Cmd::Remove { actor, pick }),
        4 => (actor(), 0u8..3, who()).prop_map(|(actor, group, member)| Cmd::MemberAdd { actor, group, member }),
        1 => (actor(), 0u8..3, who()).prop_map(|(actor, group, member)| Cmd::MemberRemove { actor, group, member }),
        3 => (actor(), any::<u16>()).prop_map(|(actor, pick)| Cmd::MemberRemoveExisting { actor, pick }),
        1 => (actor(), 0u8..3).prop_map(|(actor, group)| Cmd::Onboard { actor, group }),
        8 => (user(), target(), 1u8..10, prop::option::weighted(0.15, 1u8..4), prop::bool::weighted(0.1))
            .prop_map(|(actor, target, hours, start_in, dry_run)| Cmd::Activate { actor, target, hours, start_in, dry_run }),
        8 => (user(), any::<u16>(), any::<bool>(), 0u8..3, 1u8..10, prop::option::weighted(0.15, 1u8..4))
            .prop_map(|(actor, pick, holder_acts, deeper, hours, start_in)| Cmd::ActivateFrom { actor, pick, holder_acts, deeper, hours, start_in }),
        1 => (user(), prop::collection::vec(target(), 1..4)).prop_map(|(actor, targets)| Cmd::ActivateSet { actor, targets }),
        2 => (user(), any::<u16>()).prop_map(|(actor, pick)| Cmd::Deactivate { actor, pick }),
        6 => (actor(), any::<u16>(), prop::bool::weighted(0.8), prop::bool::weighted(0.7))
            .prop_map(|(actor, pick, approve, by_approver)| Cmd::Decide { actor, pick, approve, by_approver }),
        1 => (actor(), any::<u16>()).prop_map(|(actor, pick)| Cmd::Cancel { actor, pick }),
        5 => (actor(), target(), prop::option::weighted(0.7, any::<u16>()), setting())
            .prop_map(|(actor, target, of, change)| Cmd::Settings { actor, target, of, change }),
        2 => (actor(), target(), prop::option::weighted(0.7, any::<u16>()), prop::collection::vec(0u8..8, 1..3), prop::bool::weighted(0.3), any::<bool>())
            .prop_map(|(actor, target, of, reviewers, self_review, deny_by_default)| Cmd::ReviewCreate { actor, target, of, reviewers, self_review, deny_by_default }),
        3 => (actor(), any::<u16>(), who(), any::<bool>(), prop::bool::weighted(0.7))
            .prop_map(|(actor, pick, who, deny, by_reviewer)| Cmd::ReviewDecide { actor, pick, who, deny, by_reviewer }),
        1 => (actor(), any::<u16>(), any::<bool>()).prop_map(|(actor, pick, apply)| Cmd::ReviewComplete { actor, pick, apply }),
        2 => (actor(), who(), any::<bool>()).prop_map(|(actor, who, enabled)| Cmd::Enable { actor, who, enabled }),
        1 => (actor(), who()).prop_map(|(actor, who)| Cmd::Delete { actor, who }),
        3 => bind(),
        1 => (actor(), any::<u16>()).prop_map(|(actor, pick)| Cmd::Unbind { actor, pick }),
        4 => (1u16..600).prop_map(|minutes| Cmd::Advance { minutes }),
        1 => Just(Cmd::Sweep),
    ]
}

/// A sequence: most begin with the administrator binding a role, so that the steps after it
/// move provisioning.
fn sequence() -> impl Strategy<Value = Vec<Cmd>> {
    (
        prop::option::weighted(0.75, (bound(), prop::bool::weighted(0.3))),
        prop::collection::vec(cmd(), 1..40),
    )
        .prop_map(|(first, mut cmds)| {
            if let Some((target, any_scope)) = first {
                cmds.insert(
                    0,
                    Cmd::Bind {
                        actor: 0,
                        target,
                        any_scope,
                    },
                );
            }
            cmds
        })
}

// ---------------------------------------------------------------------------------------------
// The organisation every sequence starts from, made once and copied.

fn ctx(actor: &str, now: Ts) -> Ctx {
    super::tests::ctx(actor, now)
}

fn template() -> &'static Path {
    static TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("template.db");
        let c = ctx("admin", T0);
        let (mut db, _) = super::init::init(
            &path,
            &c,
            &super::init::InitInput {
                admin: "admin".into(),
                email: None,
                sample: false,
            },
        )
        .expect("init");
        let o = WriteOpts::default();
        for (name, kind, ra) in [
            ("ann", "user", false),
            ("ben", "user", false),
            ("cid", "user", false),
            ("bot", "service-principal", false),
            ("ra", "group", true),
            ("gp", "group", false),
            ("gs", "group", false),
        ] {
            principal::add(
                &mut db,
                &c,
                &principal::NewPrincipal {
                    name: name.into(),
                    kind: super::model::PrincipalKind::parse(kind),
                    role_assignable: ra,
                    ..Default::default()
                },
                o,
            )
            .expect("principal");
        }
        scope::add(&mut db, &c, MG, None, None).expect("mg");
        scope::add(&mut db, &c, SCOPES[1], None, Some(MG)).expect("sub");
        scope::add(&mut db, &c, SCOPES[2], None, None).expect("rg");
        group::onboard(&mut db, &c, "ra", o).expect("onboard ra");
        group::onboard(&mut db, &c, "gp", o).expect("onboard gp");
        group::add_member(&mut db, &c, "ra", "ann").expect("ann in ra");
        group::add_member(&mut db, &c, "gp", "ben").expect("ben in gp");
        // Something to activate from the start: ra is eligible for GA, gp for Reader at the
        // subscription, ann for Security Reader (with approval).
        for (who, role, scope) in [
            ("ra", "Global Administrator", None),
            ("gp", "Reader", Some(SCOPES[1])),
            ("ann", "Security Reader", None),
        ] {
            assign::create(
                &mut db,
                &c,
                &AssignInput {
                    principal: who.into(),
                    role: role.into(),
                    scope: scope.map(str::to_string),
                    kind: AssignmentType::Eligible,
                    start: None,
                    end: EndSpec::Permanent,
                    justification: Some("model".into()),
                    ticket_number: None,
                    ticket_system: None,
                },
                None,
                o,
            )
            .expect("assign");
        }
        // Security Reader needs two approvals in series: ben, then a member of gp.
        settings::set(
            &mut db,
            &c,
            &Selector {
                role: "Security Reader".into(),
                scope: None,
            },
            &Patch {
                require_approval: Some(true),
                approvers: ApproversChange::Stages(vec![
                    StageSpec {
                        approvers: vec!["ben".into()],
                        required_approvals: Some(1),
                    },
                    StageSpec {
                        approvers: vec!["gp".into()],
                        required_approvals: Some(1),
                    },
                ]),
                ..Default::default()
            },
            o,
        )
        .expect("settings");
        // A review of Global Administrator under way, by ben and the members of gp.
        review::create(
            &mut db,
            &c,
            &review::CreateInput {
                name: "GA".into(),
                role: "Global Administrator".into(),
                scope: None,
                assignment_type: "all".into(),
                reviewers: vec!["ben".into(), "gp".into()],
                self_review: false,
                duration: Some(7 * 24 * HOUR),
                default_decision: "deny".into(),
                auto_apply: false,
            },
        )
        .expect("review");
        drop(db);
        (dir, path)
    });
    path
}

/// Configures the provisioning target bindings name. The targets are the process's: the engine's
/// own test sets the same table under the same name, so that either may run first.
fn configure_target() {
    let table: toml::Table = "kind = \"command\"\ncommand = [\"/bin/true\"]"
        .parse()
        .expect("target table");
    crate::provision::set_targets([(PROVISION_TARGET.to_string(), table)].into());
}

/// A fresh copy of the template in its own directory.
fn fresh() -> (tempfile::TempDir, Db) {
    configure_target();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("pim.db");
    std::fs::copy(template(), &path).expect("copy template");
    let db = Db::open(&path).expect("open copy");
    (dir, db)
}

// ---------------------------------------------------------------------------------------------
// Running a command.

/// The `n`th of the ids a query returns (by insertion order), if any.
fn pick(c: &Conn, sql: &str, n: u16, now: Ts) -> Option<String> {
    let mut st = c.prepare(sql).expect("pick query");
    let ids: Vec<String> = st
        .query_map(params![now], |r| r.get(0))
        .expect("pick")
        .map(|r| r.expect("row"))
        .collect();
    if ids.is_empty() {
        None
    } else {
        Some(ids[n as usize % ids.len()].clone())
    }
}

const ASSIGNMENTS: &str = "SELECT id FROM assignment WHERE removed_at IS NULL AND ?1 IS NOT NULL
    ORDER BY rowid";
const EXPIRED: &str = "SELECT id FROM assignment WHERE removed_at IS NULL AND end_at <= ?1
    ORDER BY rowid";
const ACTIVATIONS: &str = "SELECT id FROM assignment WHERE activated_from IS NOT NULL
    AND removed_at IS NULL AND (end_at IS NULL OR end_at > ?1) ORDER BY rowid";
const PENDING: &str = "SELECT id FROM request WHERE status = 'pending_approval' AND ?1 IS NOT NULL
    ORDER BY rowid";
const ELIGIBILITIES: &str = "SELECT id FROM assignment WHERE type = 'eligible'
    AND removed_at IS NULL AND (end_at IS NULL OR end_at > ?1) ORDER BY rowid";
const MEMBERSHIPS: &str = "SELECT m.group_id || ' ' || m.member_id FROM group_member m
    JOIN principal g ON g.id = m.group_id JOIN principal p ON p.id = m.member_id
    WHERE ?1 IS NOT NULL ORDER BY m.added_at, g.name_key, p.name_key";
const REVIEWS: &str = "SELECT id FROM access_review WHERE ?1 IS NOT NULL ORDER BY rowid";
const BINDINGS: &str = "SELECT id FROM provision_binding WHERE ?1 IS NOT NULL ORDER BY rowid";

/// The role and scope of `target`, or of the `of`th row `rows` lists.
fn role_and_scope(
    c: &Conn,
    target: Target,
    of: Option<u16>,
    rows: &str,
    now: Ts,
) -> Result<(String, Option<String>), Error> {
    if let Some(n) = of
        && let Some(id) = pick(c, rows, n, now)
        && let Some(a) = store::assignment::by_id(c, &id)?
        && let Some(role) = store::role::by_id(c, &a.role_id)?
        && let Some(scope) = store::scope::by_id(c, a.scope_id)?
    {
        return Ok((role.name, Some(scope.path)));
    }
    Ok((target.role().into(), target.scope()))
}

/// A user who may decide the waiting stage of a request by the settings: a named user, a user
/// member of a named group, or the administrator when none are named.
fn approver_of(c: &Conn, request_id: &str, n: u16) -> Result<Option<String>, Error> {
    let Some(req) = store::request::by_id(c, request_id)? else {
        return Ok(None);
    };
    let Some(stage) = store::request::stages(c, request_id)?
        .into_iter()
        .find(|s| s.status == "pending")
    else {
        return Ok(None);
    };
    let ids = approve::current_approvers(c, &req, &stage)?;
    if ids.is_empty() {
        return Ok(Some("admin".into()));
    }
    let mut users = Vec::new();
    for id in ids {
        if let Some(p) = store::principal::by_id(c, &id)? {
            if p.kind == super::model::PrincipalKind::Group {
                users.extend(
                    store::principal::members(c, &p)?
                        .into_iter()
                        .map(|m| m.member_name),
                );
            } else {
                users.push(p.name);
            }
        }
    }
    Ok(users.get(n as usize % users.len().max(1)).cloned())
}

/// A reviewer of a review (a user, or a member of a reviewer group; in a self-review the item's
/// principal) and the item's principal.
fn reviewer_of(c: &Conn, review_id: &str, n: u16) -> Result<Option<(String, String)>, Error> {
    let Some(r) = store::review::by_id(c, review_id)? else {
        return Ok(None);
    };
    let items = store::review::items(c, review_id)?;
    let Some(item) = items.get(n as usize % items.len().max(1)) else {
        return Ok(None);
    };
    if r.self_review {
        return Ok(Some((
            item.principal_name.clone(),
            item.principal_name.clone(),
        )));
    }
    let mut users = Vec::new();
    for id in &r.reviewers {
        if let Some(p) = store::principal::by_id(c, id)? {
            if p.kind == super::model::PrincipalKind::Group {
                users.extend(
                    store::principal::members(c, &p)?
                        .into_iter()
                        .map(|m| m.member_name),
                );
            } else {
                users.push(p.name);
            }
        }
    }
    Ok(users
        .get((n as usize / 7) % users.len().max(1))
        .map(|u| (u.clone(), item.principal_name.clone())))
}

fn hours(h: Option<u16>) -> EndSpec {
    match h {
        Some(h) => EndSpec::After(i64::from(h) * HOUR),
        None => EndSpec::Permanent,
    }
}

/// Runs one command at `now`. `Ok(true)` when it is a write that may change the state, `Err` when
/// it was refused.
fn run(db: &mut Db, cmd: &Cmd, now: &mut Ts) -> Result<(), Error> {
    let o = WriteOpts::default();
    let a = |i: &u8| ACTORS[*i as usize % ACTORS.len()];
    let p = |i: &u8| PRINCIPALS[*i as usize % PRINCIPALS.len()];
    let g = |i: &u8| GROUPS[*i as usize % GROUPS.len()];
    let t = *now;
    let c = db.conn();
    let justification = Some("model".to_string());
    match cmd {
        Cmd::Assign {
            actor,
            who,
            target,
            active,
            hours: h,
            start_in,
        } => assign::create(
            db,
            &ctx(a(actor), t),
            &AssignInput {
                principal: p(who).into(),
                role: target.role().into(),
                scope: target.scope(),
                kind: if *active {
                    AssignmentType::Active
                } else {
                    AssignmentType::Eligible
                },
                start: start_in.map(|s| t + i64::from(s) * HOUR),
                end: hours(*h),
                justification,
                ticket_number: None,
                ticket_system: None,
            },
            None,
            o,
        )
        .map(drop),
        Cmd::Update {
            actor,
            pick: n,
            flip,
            hours: h,
        } => {
            let Some(id) = pick(c, ASSIGNMENTS, *n, t) else {
                return Ok(());
            };
            let kind = store::assignment::by_id(c, &id)?.map(|x| x.kind);
            let flipped = match kind {
                Some(AssignmentType::Eligible) => AssignmentType::Active,
                _ => AssignmentType::Eligible,
            };
            assign::update(
                db,
                &ctx(a(actor), t),
                &id,
                &UpdateInput {
                    kind: flip.then_some(flipped),
                    start: None,
                    end: Some(hours(*h)),
                    justification,
                },
                None,
                o,
            )
            .map(drop)
        }
        Cmd::Extend {
            actor,
            pick: n,
            hours: h,
        } => {
            let Some(id) = pick(c, ASSIGNMENTS, *n, t) else {
                return Ok(());
            };
            assign::extend(
                db,
                &ctx(a(actor), t),
                &id,
                EndSpec::After(i64::from(*h) * HOUR),
                Some("model"),
                None,
                o,
            )
            .map(drop)
        }
        Cmd::Renew { actor, pick: n } => {
            let Some(id) = pick(c, EXPIRED, *n, t) else {
                return Ok(());
            };
            assign::renew(
                db,
                &ctx(a(actor), t),
                &id,
                None,
                EndSpec::Default,
                Some("model"),
                None,
                o,
            )
            .map(drop)
        }
        Cmd::Remove { actor, pick: n } => {
            let Some(id) = pick(c, ASSIGNMENTS, *n, t) else {
                return Ok(());
            };
            assign::remove(db, &ctx(a(actor), t), &id, o).map(drop)
        }
        Cmd::MemberAdd {
            actor,
            group: gi,
            member,
        } => group::add_member(db, &ctx(a(actor), t), g(gi), p(member)).map(drop),
        Cmd::MemberRemove {
            actor,
            group: gi,
            member,
        } => group::remove_member(db, &ctx(a(actor), t), g(gi), p(member)).map(drop),
        Cmd::MemberRemoveExisting { actor, pick: n } => {
            let Some(pair) = pick(c, MEMBERSHIPS, *n, t) else {
                return Ok(());
            };
            let (gid, mid) = pair.split_once(' ').expect("pair");
            let name = |id: &str| {
                store::principal::by_id(c, id)
                    .ok()
                    .flatten()
                    .map(|p| p.name)
                    .unwrap_or_default()
            };
            let (gname, mname) = (name(gid), name(mid));
            group::remove_member(db, &ctx(a(actor), t), &gname, &mname).map(drop)
        }
        Cmd::Onboard { actor, group: gi } => {
            group::onboard(db, &ctx(a(actor), t), g(gi), o).map(drop)
        }
        Cmd::Activate {
            actor,
            target,
            hours: h,
            start_in,
            dry_run,
        } => activate::activate(
            db,
            &ctx(a(actor), t),
            &ActivateInput {
                role: target.role().into(),
                scope: target.scope(),
                justification,
                duration: Some(i64::from(*h) * HOUR),
                start: start_in.map(|s| t + i64::from(s) * HOUR),
                ..Default::default()
            },
            *dry_run,
        )
        .map(drop),
        Cmd::ActivateFrom {
            actor,
            pick: n,
            holder_acts,
            deeper,
            hours: h,
            start_in,
        } => {
            let Some(id) = pick(c, ELIGIBILITIES, *n, t) else {
                return Ok(());
            };
            let Some(e) = store::assignment::by_id(c, &id)? else {
                return Ok(());
            };
            let holder = store::principal::by_id(c, &e.principal_id)?;
            let role = store::role::by_id(c, &e.role_id)?
                .map(|r| r.name)
                .unwrap_or_default();
            let scope = store::scope::by_id(c, e.scope_id)?
                .map(|s| s.path)
                .unwrap_or_default();
            // An Azure eligibility is activated at its scope or one below it.
            let scope = match SCOPES.iter().position(|s| *s == scope) {
                Some(i) => SCOPES[(i + *deeper as usize).min(SCOPES.len() - 1)].to_string(),
                None => scope,
            };
            // The holder itself, or for a group one of its static members; else anyone.
            let who = match holder {
                Some(p) if *holder_acts && p.kind != super::model::PrincipalKind::Group => p.name,
                Some(p) if *holder_acts => {
                    let members = store::principal::members(c, &p)?;
                    match members.get(*n as usize % members.len().max(1)) {
                        Some(m) => m.member_name.clone(),
                        None => a(actor).to_string(),
                    }
                }
                _ => a(actor).to_string(),
            };
            activate::activate(
                db,
                &ctx(&who, t),
                &ActivateInput {
                    role,
                    scope: Some(scope),
                    justification,
                    duration: Some(i64::from(*h) * HOUR),
                    start: start_in.map(|s| t + i64::from(s) * HOUR),
                    ..Default::default()
                },
                false,
            )
            .map(drop)
        }
        Cmd::ActivateSet { actor, targets } => {
            let entries: Vec<ActivateInput> = targets
                .iter()
                .map(|tg| ActivateInput {
                    role: tg.role().into(),
                    scope: tg.scope(),
                    justification: justification.clone(),
                    ..Default::default()
                })
                .collect();
            activate::activate_set(db, &ctx(a(actor), t), &entries, false, |_| 1).map(drop)
        }
        Cmd::Deactivate { actor, pick: n } => {
            let Some(id) = pick(c, ACTIVATIONS, *n, t) else {
                return Ok(());
            };
            let Some(act) = store::assignment::by_id(c, &id)? else {
                return Ok(());
            };
            let role = store::role::by_id(c, &act.role_id)?.map(|r| r.name);
            let scope = store::scope::by_id(c, act.scope_id)?.map(|s| s.path);
            activate::deactivate(db, &ctx(a(actor), t), role.as_deref(), scope.as_deref()).map(drop)
        }
        Cmd::Decide {
            actor,
            pick: n,
            approve: yes,
            by_approver,
        } => {
            let Some(id) = pick(c, PENDING, *n, t) else {
                return Ok(());
            };
            let who = if *by_approver {
                approver_of(c, &id, *n)?.unwrap_or_else(|| a(actor).to_string())
            } else {
                a(actor).to_string()
            };
            approve::decide(
                db,
                &ctx(&who, t),
                &id,
                if *yes {
                    Decision::Approve
                } else {
                    Decision::Deny
                },
                Some("model"),
                None,
                None,
            )
            .map(drop)
        }
        Cmd::Cancel { actor, pick: n } => {
            let Some(id) = pick(c, PENDING, *n, t) else {
                return Ok(());
            };
            approve::cancel(db, &ctx(a(actor), t), &id).map(drop)
        }
        Cmd::Settings {
            actor,
            target,
            of,
            change,
        } => {
            let (role, scope) = role_and_scope(c, *target, *of, ELIGIBILITIES, t)?;
            let names = |v: &[u8]| v.iter().map(p).map(str::to_string).collect::<Vec<_>>();
            let mut patch = Patch::default();
            match change {
                Setting::RequireApproval(b) => patch.require_approval = Some(*b),
                Setting::Approvers(v) => {
                    patch.require_approval = Some(true);
                    patch.approvers = ApproversChange::Single(names(v));
                }
                Setting::Stages(stages) => {
                    patch.require_approval = Some(true);
                    patch.approvers = ApproversChange::Stages(
                        stages
                            .iter()
                            .map(|s| StageSpec {
                                approvers: names(s),
                                required_approvals: Some(1),
                            })
                            .collect(),
                    );
                }
                Setting::Clear => patch.approvers = ApproversChange::Clear,
                Setting::MaxHours(h) => patch.activation_max_duration = Some(i64::from(*h) * HOUR),
            }
            settings::set(db, &ctx(a(actor), t), &Selector { role, scope }, &patch, o).map(drop)
        }
        Cmd::ReviewCreate {
            actor,
            target,
            of,
            reviewers,
            self_review,
            deny_by_default,
        } => {
            let (role, scope) = role_and_scope(c, *target, *of, ASSIGNMENTS, t)?;
            review::create(
                db,
                &ctx(a(actor), t),
                &review::CreateInput {
                    name: "model".into(),
                    role,
                    scope,
                    assignment_type: "all".into(),
                    reviewers: if *self_review {
                        vec![]
                    } else {
                        reviewers.iter().map(|r| p(r).to_string()).collect()
                    },
                    self_review: *self_review,
                    duration: None,
                    default_decision: if *deny_by_default { "deny" } else { "none" }.into(),
                    auto_apply: false,
                },
            )
            .map(drop)
        }
        Cmd::ReviewDecide {
            actor,
            pick: n,
            who: w,
            deny,
            by_reviewer,
        } => {
            let Some(id) = pick(c, REVIEWS, *n, t) else {
                return Ok(());
            };
            let (actor, subject) = if *by_reviewer {
                reviewer_of(c, &id, *n)?.unwrap_or((a(actor).to_string(), p(w).to_string()))
            } else {
                (a(actor).to_string(), p(w).to_string())
            };
            review::decide(
                db,
                &ctx(&actor, t),
                &id,
                &subject,
                if *deny { "deny" } else { "approve" },
                Some("model"),
            )
            .map(drop)
        }
        Cmd::ReviewComplete {
            actor,
            pick: n,
            apply,
        } => {
            let Some(id) = pick(c, REVIEWS, *n, t) else {
                return Ok(());
            };
            review::complete(db, &ctx(a(actor), t), &id, *apply).map(drop)
        }
        Cmd::Enable {
            actor,
            who: w,
            enabled,
        } => principal::set_enabled(db, &ctx(a(actor), t), p(w), *enabled).map(drop),
        Cmd::Delete { actor, who: w } => {
            principal::remove(db, &ctx(a(actor), t), p(w), true).map(drop)
        }
        Cmd::Bind {
            actor,
            target,
            any_scope,
        } => {
            let scope = if *any_scope {
                None
            } else {
                Some(target.scope().unwrap_or_else(|| "/".into()))
            };
            let spec = BindingSpec {
                target: PROVISION_TARGET.into(),
                role: target.role().into(),
                scope,
            };
            manage::bind(db, &ctx(a(actor), t), &spec, &BTreeMap::new(), o).map(drop)
        }
        Cmd::Unbind { actor, pick: n } => {
            let Some(id) = pick(c, BINDINGS, *n, t) else {
                return Ok(());
            };
            let (target, role, scope) = c
                .query_row(
                    "SELECT b.target, r.name, s.path FROM provision_binding b
                       JOIN role r ON r.id = b.role_id LEFT JOIN scope s ON s.id = b.scope_id
                      WHERE b.id = ?1",
                    [&id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .expect("binding");
            let spec = BindingSpec {
                target,
                role,
                scope,
            };
            manage::unbind(db, &ctx(a(actor), t), &spec, o).map(drop)
        }
        Cmd::Advance { minutes } => {
            *now += i64::from(*minutes) * MINUTE;
            Ok(())
        }
        Cmd::Sweep => super::expiry::sweep(db, &ctx("admin", t)).map(drop),
    }
}

/// Whether the command is a write that goes through `session::write` (a refusal of which is
/// audited), as opposed to the test's own steps.
fn is_write(cmd: &Cmd) -> bool {
    !matches!(cmd, Cmd::Advance { .. })
}

fn is_dry_run(cmd: &Cmd) -> bool {
    matches!(cmd, Cmd::Activate { dry_run: true, .. })
}

// ---------------------------------------------------------------------------------------------
// The invariants.

/// Everything but the audit log (and what notifications queue), as text.
fn digest(c: &Conn) -> String {
    let mut out = String::new();
    for table in [
        "principal",
        "group_member",
        "role",
        "scope",
        "assignment",
        "activation_link",
        "request",
        "role_setting",
        "mfa",
        "approval_stage",
        "approval_vote",
        "access_review",
        "access_review_item",
        "provision_binding",
        "provision_action",
        "provision_state",
        "meta",
    ] {
        let mut st = c
            .prepare_cached(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
            .expect("digest");
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut cells = Vec::with_capacity(n);
                for i in 0..n {
                    let v: crate::store::Value = r.get(i)?;
                    cells.push(format!("{v:?}"));
                }
                Ok(cells.join("|"))
            })
            .expect("digest rows");
        out.push_str(table);
        out.push('\n');
        for row in rows {
            out.push_str(&row.expect("row"));
            out.push('\n');
        }
    }
    out
}

fn audit_count(c: &Conn) -> i64 {
    c.query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("count")
}

/// Rows of a query, as text, for a failure message.
fn rows(c: &Conn, sql: &str, now: Ts) -> Vec<String> {
    let mut st = c.prepare_cached(sql).expect("invariant query");
    let n = st.column_count();
    st.query_map(params![now], |r| {
        let mut cells = Vec::with_capacity(n);
        for i in 0..n {
            let v: crate::store::Value = r.get(i)?;
            cells.push(format!("{v:?}"));
        }
        Ok(cells.join("|"))
    })
    .expect("invariant rows")
    .map(|r| r.expect("row"))
    .collect()
}

/// The groups `p` is a member of at `now`, by static membership of enabled groups and by in-force
/// PIM-for-Groups membership (an assignment, or an activation whose eligibility the holder
/// holds), followed through nested groups: the model's own answer, from the raw tables.
fn model_groups(c: &Conn, p: &str, now: Ts) -> BTreeSet<String> {
    let enabled = |id: &str| -> bool {
        c.query_row("SELECT enabled FROM principal WHERE id = ?1", [id], |r| {
            r.get::<_, bool>(0)
        })
        .unwrap_or(false)
    };
    let mut set: BTreeSet<String> = BTreeSet::new();
    loop {
        let mut members = vec![p.to_string()];
        members.extend(set.iter().cloned());
        let mut next = set.clone();
        for m in &members {
            let mut st = c
                .prepare_cached("SELECT group_id FROM group_member WHERE member_id = ?1")
                .expect("static");
            for gid in st
                .query_map([m], |r| r.get::<_, String>(0))
                .expect("static rows")
            {
                let gid = gid.expect("row");
                if enabled(&gid) && gid != p {
                    next.insert(gid);
                }
            }
            let mut st = c
                .prepare_cached(
                    "SELECT s.group_id, a.activated_from FROM assignment a
                       JOIN scope s ON s.id = a.scope_id AND s.group_id IS NOT NULL
                      WHERE a.principal_id = ?1 AND a.role_id = 'group-member' AND a.type = 'active'
                        AND a.removed_at IS NULL AND a.start_at <= ?2
                        AND (a.end_at IS NULL OR a.end_at > ?2)",
                )
                .expect("pim");
            let found: Vec<(String, Option<String>)> = st
                .query_map(params![m, now], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("pim rows")
                .map(|r| r.expect("row"))
                .collect();
            for (gid, from) in found {
                if !enabled(&gid) || gid == p {
                    continue;
                }
                let ok = match from {
                    None => true,
                    Some(e) => eligibility_held(c, m, &e, now, &set),
                };
                if ok {
                    next.insert(gid);
                }
            }
        }
        if next == set {
            return set;
        }
        set = next;
    }
}

/// Whether `holder` holds eligibility `e` at `now`, given the groups it is in.
fn eligibility_held(c: &Conn, holder: &str, e: &str, now: Ts, groups: &BTreeSet<String>) -> bool {
    c.query_row(
        "SELECT principal_id FROM assignment WHERE id = ?1 AND type = 'eligible'
           AND removed_at IS NULL AND start_at <= ?2 AND (end_at IS NULL OR end_at > ?2)",
        params![e, now],
        |r| r.get::<_, String>(0),
    )
    .map(|owner| owner == holder || groups.contains(&owner))
    .unwrap_or(false)
}

/// When provisioning last compared the bindings with what the queue granted (the writes since
/// then, if any, changed nothing and wrote nothing: the queue's state is what the bindings covered
/// then); `None` before the first comparison.
fn provision_synced_at(c: &Conn) -> Option<Ts> {
    store::get_meta(c, "provision_synced_at")
        .expect("meta")
        .map(|v| v.parse().expect("a time"))
}

/// Whether anything is bound, or still granted.
fn provision_in_use(c: &Conn) -> bool {
    c.query_row(
        "SELECT EXISTS (SELECT 1 FROM provision_binding) OR EXISTS (SELECT 1 FROM provision_state)",
        [],
        |r| r.get(0),
    )
    .expect("in use")
}

/// Per binding and principal (ids), the assignments that should be granted at `t` with their
/// ends: the active assignments of the bound role in force at `t`, at the bound scope or above it
/// (at any scope when the binding names none), held by an enabled user or service principal or by
/// a group it is in (`model_groups`); an activation only while its holder holds its eligibility.
/// The model's own answer, from the raw tables.
fn model_provisioning(c: &Conn, t: Ts) -> BTreeMap<(String, String), BTreeMap<String, Option<Ts>>> {
    let mut out: BTreeMap<(String, String), BTreeMap<String, Option<Ts>>> = BTreeMap::new();
    let bindings: Vec<(String, String, Option<i64>)> = {
        let mut st = c
            .prepare_cached("SELECT id, role_id, scope_id FROM provision_binding ORDER BY id")
            .expect("bindings");
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("binding rows")
            .map(|r| r.expect("row"))
            .collect()
    };
    if bindings.is_empty() {
        return out;
    }
    let people: Vec<(String, BTreeSet<String>)> = {
        let mut st = c
            .prepare_cached(
                "SELECT id FROM principal WHERE kind <> 'group' AND enabled = 1 ORDER BY id",
            )
            .expect("people");
        let ids: Vec<String> = st
            .query_map([], |r| r.get(0))
            .expect("people rows")
            .map(|r| r.expect("row"))
            .collect();
        ids.into_iter()
            .map(|id| {
                let groups = model_groups(c, &id, t);
                (id, groups)
            })
            .collect()
    };
    for (binding, role, scope) in bindings {
        // The bound scope and the scopes above it, by the parent links.
        let within: Option<BTreeSet<i64>> = scope.map(|s| {
            let mut up = BTreeSet::new();
            let mut at = Some(s);
            while let Some(id) = at {
                if !up.insert(id) {
                    break;
                }
                at = c
                    .query_row("SELECT parent_id FROM scope WHERE id = ?1", [id], |r| {
                        r.get::<_, Option<i64>>(0)
                    })
                    .expect("parent");
            }
            up
        });
        let mut st = c
            .prepare_cached(
                "SELECT id, principal_id, scope_id, end_at, activated_from FROM assignment
                  WHERE role_id = ?1 AND type = 'active' AND removed_at IS NULL
                    AND start_at <= ?2 AND (end_at IS NULL OR end_at > ?2)",
            )
            .expect("in force");
        type Row = (String, String, i64, Option<Ts>, Option<String>);
        let held: Vec<Row> = st
            .query_map(params![role, t], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .expect("in force rows")
            .map(|r| r.expect("row"))
            .collect();
        for (id, holder, scope_id, end, from) in held {
            if within.as_ref().is_some_and(|w| !w.contains(&scope_id)) {
                continue;
            }
            if let Some(e) = from
                && !eligibility_held(c, &holder, &e, t, &model_groups(c, &holder, t))
            {
                continue;
            }
            for (person, groups) in &people {
                if *person == holder || groups.contains(&holder) {
                    out.entry((binding.clone(), person.clone()))
                        .or_default()
                        .insert(id.clone(), end);
                }
            }
        }
    }
    out
}

/// Provisioning follows the bindings as of its last comparison (`t`): see the module's comment.
fn provisioning_follows(c: &Conn, t: Ts) -> Vec<String> {
    type Key = (String, String);
    let due = model_provisioning(c, t);
    let granted: BTreeMap<Key, (i64, String, Option<Ts>)> = {
        let mut st = c
            .prepare_cached(
                "SELECT binding_id, principal_id, grant_seq, assignment_id, end_at
                   FROM provision_state",
            )
            .expect("states");
        st.query_map([], |r| {
            Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?, r.get(4)?)))
        })
        .expect("state rows")
        .map(|r| r.expect("row"))
        .collect()
    };
    // The newest action of each binding and principal, whatever its state.
    let newest: BTreeMap<Key, (i64, String, String, Option<Ts>)> = {
        let mut st = c
            .prepare_cached(
                "SELECT binding_id, principal_id, seq, action, assignment_id, end_at
                   FROM provision_action a
                  WHERE seq = (SELECT max(seq) FROM provision_action x
                                WHERE x.binding_id = a.binding_id
                                  AND x.principal_id = a.principal_id)",
            )
            .expect("actions");
        st.query_map([], |r| {
            Ok((
                (r.get(0)?, r.get(1)?),
                (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
            ))
        })
        .expect("action rows")
        .map(|r| r.expect("row"))
        .collect()
    };
    let name = |id: &str| -> String {
        c.query_row("SELECT name FROM principal WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap_or_else(|_| id.to_string())
    };
    let mut bad = Vec::new();
    for (key, given) in &due {
        let who = name(&key.1);
        match granted.get(key) {
            None => bad.push(format!(
                "binding {} covers {who} through {given:?} as of {t}, but grants nothing",
                key.0
            )),
            Some((_, a, end)) if given.get(a) != Some(end) => bad.push(format!(
                "binding {} grants {who} through {a} until {end:?}; as of {t} it covers {given:?}",
                key.0
            )),
            Some((seq, _, _)) => match newest.get(key) {
                Some((last, action, a, end))
                    if last == seq && action == "grant" && given.get(a) == Some(end) => {}
                other => bad.push(format!(
                    "binding {} grants {who} by action {seq}, but its newest action is {other:?}",
                    key.0
                )),
            },
        }
    }
    for (key, (_, a, end)) in &granted {
        if !due.contains_key(key) {
            bad.push(format!(
                "binding {} grants {} through {a} until {end:?}, which as of {t} it does not cover",
                key.0,
                name(&key.1)
            ));
        }
    }
    for (key, last) in &newest {
        if !due.contains_key(key) && last.1 != "revoke" {
            bad.push(format!(
                "binding {} covers nothing of {} as of {t}, but its newest action is {last:?}",
                key.0,
                name(&key.1)
            ));
        }
    }
    bad.into_iter().take(3).collect()
}

/// Every invariant, after a step; a list of what is broken.
fn violations(
    db: &Db,
    now: Ts,
    last_ga_before: Option<i64>,
    decided: &[(String, String)],
    voted: &[Vote],
) -> Vec<String> {
    let c = db.conn();
    let mut bad = Vec::new();
    fn note(bad: &mut Vec<String>, what: &str, found: Vec<String>) {
        for f in found.into_iter().take(3) {
            bad.push(format!("{what}: {f}"));
        }
    }

    // At most one live activation per principal and eligibility.
    note(
        &mut bad,
        "two live activations of one eligibility",
        rows(
            c,
            "SELECT principal_id, activated_from, count(*) FROM assignment
              WHERE activated_from IS NOT NULL AND removed_at IS NULL
                AND (end_at IS NULL OR end_at > ?1)
              GROUP BY 1, 2 HAVING count(*) > 1",
            now,
        ),
    );
    // A live activation rests on every link of its path, and ends no later than any of them.
    note(
        &mut bad,
        "a live activation outlives its eligibility",
        rows(
            c,
            "SELECT a.id, a.end_at, e.end_at, e.removed_at, e.type FROM assignment a
               JOIN assignment e ON e.id = a.activated_from
              WHERE a.removed_at IS NULL AND (a.end_at IS NULL OR a.end_at > ?1)
                AND (e.removed_at IS NOT NULL OR e.type <> 'eligible'
                     OR (e.end_at IS NOT NULL AND (a.end_at IS NULL OR a.end_at > e.end_at)))",
            now,
        ),
    );
    note(
        &mut bad,
        "a live activation without its path",
        rows(
            c,
            "SELECT a.id FROM assignment a WHERE a.activated_from IS NOT NULL
                AND a.removed_at IS NULL AND (a.end_at IS NULL OR a.end_at > ?1)
                AND NOT EXISTS (SELECT 1 FROM activation_link l WHERE l.assignment_id = a.id
                                  AND l.kind = 'eligibility' AND l.ref_id = a.activated_from)",
            now,
        ),
    );
    note(
        &mut bad,
        "a live activation outlives a membership of its path",
        rows(
            c,
            "SELECT a.id, l.ref_id, a.end_at, x.end_at, x.removed_at, x.type FROM assignment a
               JOIN activation_link l ON l.assignment_id = a.id AND l.kind = 'pim'
               JOIN assignment x ON x.id = l.ref_id
              WHERE a.removed_at IS NULL AND (a.end_at IS NULL OR a.end_at > ?1)
                AND (x.removed_at IS NOT NULL OR x.type <> 'active'
                     OR (x.end_at IS NOT NULL AND (a.end_at IS NULL OR a.end_at > x.end_at)))",
            now,
        ),
    );
    note(
        &mut bad,
        "a live activation whose static membership is gone",
        rows(
            c,
            "SELECT a.id, l.group_id, l.member_id FROM assignment a
               JOIN activation_link l ON l.assignment_id = a.id AND l.kind = 'static'
              WHERE a.removed_at IS NULL AND (a.end_at IS NULL OR a.end_at > ?1)
                AND NOT EXISTS (SELECT 1 FROM group_member m JOIN principal g ON g.id = m.group_id
                                 WHERE m.group_id = l.group_id AND m.member_id = l.member_id
                                   AND g.enabled = 1)",
            now,
        ),
    );
    note(
        &mut bad,
        "a live activation of a disabled principal, or of a service principal or group",
        rows(
            c,
            "SELECT a.id, p.name, p.kind, p.enabled FROM assignment a
               JOIN principal p ON p.id = a.principal_id
              WHERE a.activated_from IS NOT NULL AND a.removed_at IS NULL
                AND (a.end_at IS NULL OR a.end_at > ?1)
                AND (p.enabled = 0 OR p.kind <> 'user')",
            now,
        ),
    );
    note(
        &mut bad,
        "a service principal with an eligible assignment",
        rows(
            c,
            "SELECT a.id FROM assignment a JOIN principal p ON p.id = a.principal_id
              WHERE p.kind = 'service-principal' AND a.type = 'eligible' AND a.removed_at IS NULL
                AND ?1 IS NOT NULL",
            now,
        ),
    );

    // Nobody holds, as `pim check` resolves it, what no current path gives.
    let principals: Vec<(String, String)> = {
        let mut st = c
            .prepare_cached("SELECT id, name FROM principal WHERE kind <> 'group' ORDER BY name")
            .expect("principals");
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("principal rows")
            .map(|r| r.expect("row"))
            .collect()
    };
    for (id, name) in &principals {
        let Some(p) = store::principal::by_id(c, id).expect("principal") else {
            continue;
        };
        let grants = super::authz::Grants::load(c, &p, now).expect("grants");
        if !p.enabled {
            if !grants.items.is_empty() {
                bad.push(format!("disabled {name} holds {:?}", grants.items));
            }
            continue;
        }
        let groups = model_groups(c, id, now);
        for g in &grants.items {
            let a = store::assignment::by_id(c, &g.assignment_id)
                .expect("assignment")
                .expect("a granting assignment exists");
            let justified = if a.principal_id == *id {
                match &a.activated_from {
                    None => a.in_force(now),
                    Some(e) => a.in_force(now) && eligibility_held(c, id, e, now, &groups),
                }
            } else {
                a.activated_from.is_none() && a.in_force(now) && groups.contains(&a.principal_id)
            };
            if !justified {
                bad.push(format!(
                    "{name} holds {} at scope {} through {} ({:?}) with no current path; model groups {groups:?}",
                    a.role_id, a.scope_id, a.id, g.via_group
                ));
            }
            if let (Some(end), Some(a_end)) = (g.end_at, a.end_at)
                && end > a_end
            {
                bad.push(format!("{name}'s grant {} ends after its assignment", a.id));
            }
        }
    }

    // The last active Global Administrator is never taken away by a write.
    if let Some(before) = last_ga_before {
        let after = global_admins(c, now);
        if before > 0 && after == 0 {
            bad.push("a write took away the last active Global Administrator".into());
        }
    }

    // Nobody decided their own request or review item; a group never acted.
    note(
        &mut bad,
        "a requester decided their own request",
        rows(
            c,
            "SELECT v.request_id, v.voter_id FROM approval_vote v JOIN request r ON r.id = v.request_id
              WHERE (v.voter_id = r.principal_id OR v.voter_id = r.requested_by) AND ?1 IS NOT NULL",
            now,
        ),
    );
    note(
        &mut bad,
        "a reviewer decided their own item",
        rows(
            c,
            "SELECT i.review_id, i.principal_name FROM access_review_item i
               JOIN access_review r ON r.id = i.review_id
              WHERE r.self_review = 0 AND i.reviewer_id = i.principal_id AND ?1 IS NOT NULL",
            now,
        ),
    );
    // Votes cast by this step: by someone the current settings make a decider of that stage.
    for v in voted {
        if let Some(why) = not_a_decider(c, v, now) {
            bad.push(format!(
                "{} voted on stage {} of {}: {why}",
                v.voter, v.stage, v.request
            ));
        }
    }
    // Decided by this step: not by a member of the group whose item it is.
    for (reviewer, subject) in decided {
        if model_groups(c, reviewer, now).contains(subject) {
            bad.push(format!(
                "{reviewer} decided the review item of {subject}, a group they are in"
            ));
        }
    }
    note(
        &mut bad,
        "a group acted",
        rows(
            c,
            "SELECT u.seq, u.action, p.name FROM audit u JOIN principal p ON p.id = u.actor_id
              WHERE p.kind = 'group' AND u.result = 'success' AND ?1 IS NOT NULL",
            now,
        ),
    );
    note(
        &mut bad,
        "a vote or review decision by a group",
        rows(
            c,
            "SELECT v.voter_id FROM approval_vote v JOIN principal p ON p.id = v.voter_id
              WHERE p.kind = 'group' AND ?1 IS NOT NULL
             UNION ALL
             SELECT i.reviewer_id FROM access_review_item i JOIN principal p ON p.id = i.reviewer_id
              WHERE p.kind = 'group'",
            now,
        ),
    );
    // The last Global Administrator over time (see `LAST_GA_OVER_TIME`).
    if LAST_GA_OVER_TIME && !lasting_global_admin(c, now) {
        bad.push("no enabled user holds a lasting active Global Administrator".into());
    }
    // Every state row is explained by the audit log (`audit verify --state`).
    bad.extend(state_explained_by_audit(c, now));
    // Provisioning follows the bindings, as of its last comparison.
    if provision_in_use(c) {
        let t = provision_synced_at(c).unwrap_or(now);
        bad.extend(
            provisioning_follows(c, t)
                .into_iter()
                .map(|v| format!("provisioning: {v}")),
        );
    }
    bad
}

/// Every state row explained by an audited event, as `audit verify --state` checks it.
fn state_explained_by_audit(c: &Conn, now: Ts) -> Vec<String> {
    super::explain::unexplained(c, now)
        .expect("state check")
        .into_iter()
        .take(3)
        .map(|u| {
            format!(
                "unexplained {} {}: {} (seq {:?})",
                u.kind, u.id, u.problem, u.seq
            )
        })
        .collect()
}

/// Whether to check the last Global Administrator over time, not only at the instant of a write:
/// some enabled user holds an active, permanent Global Administrator assignment at `/`, directly or
/// through a group (counted by its enabled members). Without that protection the model finds in
/// one step that the only Global Administrator can be cut to end in an hour (`Update { actor: 0,
/// pick: 4280, flip: false, hours: Some(1) }`).
const LAST_GA_OVER_TIME: bool = true;

fn lasting_global_admin(c: &Conn, now: Ts) -> bool {
    c.query_row(
        "SELECT EXISTS (SELECT 1 FROM assignment a JOIN principal p ON p.id = a.principal_id
          WHERE a.role_id = ?2 AND a.type = 'active' AND a.removed_at IS NULL
            AND a.end_at IS NULL AND a.start_at <= ?1 AND p.enabled = 1
            AND a.scope_id = (SELECT id FROM scope WHERE path = '/')
            AND (p.kind = 'user' OR EXISTS (SELECT 1 FROM group_member m
                  JOIN principal u ON u.id = m.member_id AND u.kind = 'user' AND u.enabled = 1
                  WHERE m.group_id = p.id)))",
        params![now, GLOBAL_ADMINISTRATOR],
        |r| r.get(0),
    )
    .expect("lasting global administrator")
}

/// Enabled principals holding an active Global Administrator assignment at `/` in force now,
/// directly (the rule a write keeps).
fn global_admins(c: &Conn, now: Ts) -> i64 {
    let root = store::scope::by_path(c, "/")
        .expect("root")
        .expect("a root scope")
        .id;
    store::assignment::count_active_in_force(c, GLOBAL_ADMINISTRATOR, root, now).expect("count")
}

/// A vote on a request: (request, voter, stage).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Vote {
    request: String,
    voter: String,
    stage: i64,
}

fn votes(c: &Conn) -> BTreeSet<Vote> {
    let mut st = c
        .prepare_cached("SELECT request_id, voter_id, stage FROM approval_vote")
        .expect("votes");
    st.query_map([], |r| {
        Ok(Vote {
            request: r.get(0)?,
            voter: r.get(1)?,
            stage: r.get(2)?,
        })
    })
    .expect("vote rows")
    .map(|r| r.expect("row"))
    .collect()
}

/// Why a vote just cast was not the voter's to cast under the settings in force, if it was not:
/// the stage's approvers as the settings of the eligibility's role and scope name them now (a
/// user, or a member of a group, as the model sees membership), or without them the role's
/// administrators; never the requester.
fn not_a_decider(c: &Conn, v: &Vote, now: Ts) -> Option<String> {
    let req = store::request::by_id(c, &v.request).ok()??;
    if req.principal_id == v.voter {
        return Some("the requester".into());
    }
    let approvers: Vec<String> = if req.action == super::model::RequestAction::SelfActivate {
        let scope = req
            .eligibility_id
            .as_deref()
            .and_then(|e| store::assignment::by_id(c, e).ok().flatten())
            .map(|e| e.scope_id)
            .unwrap_or(req.scope_id);
        let settings = store::settings::get(c, &req.role_id, scope)
            .ok()?
            .unwrap_or_default();
        settings
            .activation
            .approval_stages
            .get((v.stage - 1) as usize)
            .map(|s| s.approvers.clone())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    if approvers.is_empty() {
        let voter = store::principal::by_id(c, &v.voter).ok()??;
        let role = store::role::by_id(c, &req.role_id).ok()??;
        let grants = super::authz::Grants::load(c, &voter, now).ok()?;
        let ancestors = store::scope::ancestors(c, req.scope_id).ok()?;
        let admin = match role.kind {
            super::model::RoleKind::Directory => grants.is_directory_admin(),
            _ => super::authz::can_manage(&grants, &role, &ancestors),
        };
        return (!admin)
            .then(|| "not an administrator of the role, which no approver is named for".into());
    }
    let groups = model_groups(c, &v.voter, now);
    if approvers.contains(&v.voter) || approvers.iter().any(|a| groups.contains(a)) {
        None
    } else {
        Some(format!("not among the stage's approvers {approvers:?}"))
    }
}

/// `pim status` and `pim access` show in force what `pim check` resolves, and nothing else (each
/// principal's own view; a disabled one sees nothing and holds nothing).
fn reads_agree(db: &mut Db, now: Ts) -> Vec<String> {
    let mut bad = Vec::new();
    let c = db.conn();
    let mut st = c
        .prepare_cached("SELECT id, name FROM principal WHERE kind <> 'group' ORDER BY name")
        .expect("principals");
    let people: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    drop(st);
    for (id, name) in people {
        let Some(p) = store::principal::by_id(db.conn(), &id).expect("principal") else {
            continue;
        };
        if !p.enabled {
            continue;
        }
        let mut held: Vec<String> = super::authz::Grants::load(db.conn(), &p, now)
            .expect("grants")
            .items
            .into_iter()
            .map(|g| g.assignment_id)
            .collect();
        held.sort();
        let me = ctx(&name, now);
        let status = super::status::status(db, &me, None).expect("status");
        let mut shown: Vec<String> = status.active.into_iter().map(|i| i.assignment_id).collect();
        shown.sort();
        if shown != held {
            bad.push(format!(
                "status of {name} shows {shown:?} active, check resolves {held:?}"
            ));
        }
        let access = super::status::access(db, &me, &name, None).expect("access");
        let mut shown: Vec<String> = access.holds.into_iter().map(|i| i.assignment_id).collect();
        shown.sort();
        if shown != held {
            bad.push(format!(
                "access of {name} shows {shown:?}, check resolves {held:?}"
            ));
        }
    }
    bad
}

/// Review items decided by a reviewer (not by default): (review, assignment, reviewer, principal).
fn review_decisions(c: &Conn) -> BTreeSet<(String, String, String, String)> {
    let mut st = c
        .prepare_cached(
            "SELECT i.review_id, i.assignment_id, i.reviewer_id, i.principal_id
               FROM access_review_item i JOIN access_review r ON r.id = i.review_id
              WHERE r.self_review = 0 AND i.reviewer_id IS NOT NULL",
        )
        .expect("decisions");
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("decision rows")
        .map(|r| r.expect("row"))
        .collect()
}

/// Runs a sequence from the template and checks every invariant after every step.
fn check_sequence(cmds: &[Cmd]) -> Result<(), String> {
    let (_dir, mut db) = fresh();
    let mut now = T0 + 10 * MINUTE;
    let mut before = digest(db.conn());
    for (i, cmd) in cmds.iter().enumerate() {
        let audit_before = audit_count(db.conn());
        let ga_before = global_admins(db.conn(), now);
        let decided_before = review_decisions(db.conn());
        let votes_before = votes(db.conn());
        let start = now;
        let outcome = run(&mut db, cmd, &mut now);
        let c = db.conn();
        let after = digest(c);
        match &outcome {
            Err(Error::Store(e)) => return Err(format!("step {i} {cmd:?}: storage error {e}")),
            // Debug builds refuse a write whose incremental comparison left the queue apart from
            // the full one (`provision::engine::sync`): a refusal, but never a rightful one.
            Err(e) if e.to_string().contains("left the queue's state apart") => {
                return Err(format!("step {i} {cmd:?}: {e}"));
            }
            Err(e) if is_write(cmd) && !is_dry_run(cmd) => {
                if after != before {
                    return Err(format!(
                        "step {i} {cmd:?} was refused ({e}) but changed the state"
                    ));
                }
                let rows = audit_count(c);
                if rows != audit_before + 1 {
                    return Err(format!(
                        "step {i} {cmd:?} was refused ({e}) and wrote {} audit rows",
                        rows - audit_before
                    ));
                }
                let result: String = c
                    .query_row(
                        "SELECT result FROM audit ORDER BY seq DESC LIMIT 1",
                        [],
                        |r| r.get(0),
                    )
                    .expect("last row");
                if result != "failure" {
                    return Err(format!("step {i} {cmd:?} refused without a failure row"));
                }
            }
            _ => {}
        }
        if is_dry_run(cmd) && (after != before || audit_count(c) != audit_before) {
            return Err(format!("step {i} {cmd:?}: a dry run changed something"));
        }
        // A write that changed something compared provisioning as of its own time.
        if outcome.is_ok()
            && after != before
            && provision_in_use(c)
            && provision_synced_at(c) != Some(now)
        {
            return Err(format!(
                "step {i} {cmd:?} wrote without comparing provisioning (last compared at {:?}, now {now})",
                provision_synced_at(c)
            ));
        }
        // Nothing changed and no time passed: what held after the last step still holds.
        if after == before && now == start {
            continue;
        }
        before = after;
        let ga = matches!(outcome, Ok(())) && is_write(cmd);
        let decided: Vec<(String, String)> = review_decisions(c)
            .difference(&decided_before)
            .map(|(_, _, reviewer, subject)| (reviewer.clone(), subject.clone()))
            .collect();
        let voted: Vec<Vote> = votes(c).difference(&votes_before).cloned().collect();
        let mut bad = violations(&db, now, ga.then_some(ga_before), &decided, &voted);
        bad.extend(reads_agree(&mut db, now));
        if !bad.is_empty() {
            return Err(format!(
                "after step {i} {cmd:?} ({:?}):\n{}",
                outcome.as_ref().err().map(|e| e.to_string()),
                bad.join("\n")
            ));
        }
    }
    let v = super::audit::verify(db.conn(), None).expect("verify");
    if !v.ok {
        return Err(format!("the audit chain does not verify: {:?}", v.problem));
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 2000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_rule_holds_after_every_step(cmds in sequence()) {
        if let Err(e) = check_sequence(&cmds) {
            prop_assert!(false, "{}", e);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Shrunk sequences the model found, kept as ordinary tests. Each was found with the rule it shows
// switched off, and fails again without it.

fn holds_after(cmds: &[Cmd]) {
    if let Err(e) = check_sequence(cmds) {
        panic!("{e}");
    }
}

/// A static membership removed: what was activated through it ends.
#[test]
fn leaving_the_group_ends_the_activation_made_through_it() {
    holds_after(&[
        Cmd::ActivateFrom {
            actor: 1,
            pick: 24244,
            holder_acts: true,
            deeper: 0,
            hours: 1,
            start_in: None,
        },
        Cmd::MemberRemoveExisting { actor: 0, pick: 44 },
    ]);
}

/// A narrower activation, then a wider one, of one eligibility.
#[test]
fn one_eligibility_is_not_activated_twice_at_two_scopes() {
    holds_after(&[
        Cmd::ActivateFrom {
            actor: 1,
            pick: 2035,
            holder_acts: true,
            deeper: 1,
            hours: 1,
            start_in: None,
        },
        Cmd::ActivateFrom {
            actor: 1,
            pick: 33025,
            holder_acts: true,
            deeper: 0,
            hours: 1,
            start_in: None,
        },
    ]);
}

/// cid joins ra and gp; as a member of the reviewer group gp, cid decides ra's item: their own.
#[test]
fn a_member_of_a_reviewer_group_does_not_decide_their_own_groups_item() {
    holds_after(&[
        Cmd::MemberAdd {
            actor: 0,
            group: 0,
            member: 3,
        },
        Cmd::MemberAdd {
            actor: 0,
            group: 1,
            member: 3,
        },
        Cmd::ReviewDecide {
            actor: 0,
            pick: 55543,
            who: 0,
            deny: false,
            by_reviewer: true,
        },
    ]);
}

/// The group ra, made a Privileged Role Administrator, creates a review.
#[test]
fn a_group_made_an_administrator_still_does_not_act() {
    holds_after(&[
        Cmd::Assign {
            actor: 0,
            who: 4,
            target: Target::Directory(2),
            active: true,
            hours: None,
            start_in: None,
        },
        Cmd::ReviewCreate {
            actor: 5,
            target: Target::Directory(0),
            of: None,
            reviewers: vec![4],
            self_review: false,
            deny_by_default: false,
        },
    ]);
}

/// ann asks for Security Reader (two stages: ben, then gp); the approvers are cleared; ben, no
/// longer an approver, denies.
#[test]
fn a_cleared_approver_decides_nothing() {
    holds_after(&[
        Cmd::ActivateFrom {
            actor: 1,
            pick: 2024,
            holder_acts: false,
            deeper: 0,
            hours: 1,
            start_in: None,
        },
        Cmd::Settings {
            actor: 0,
            target: Target::Directory(0),
            of: Some(4760),
            change: Setting::Clear,
        },
        Cmd::Decide {
            actor: 0,
            pick: 0,
            approve: false,
            by_approver: true,
        },
    ]);
}

/// The model's own checks can fail: each tampering below is caught.
#[test]
fn the_model_catches_broken_states() {
    let (_dir, mut db) = fresh();
    let now = T0 + 10 * MINUTE;
    activate::activate(
        &mut db,
        &ctx("ann", now),
        &ActivateInput {
            role: "Global Administrator".into(),
            justification: Some("x".into()),
            ..Default::default()
        },
        false,
    )
    .expect("ann activates GA through ra");
    assert_eq!(violations(&db, now, None, &[], &[]), Vec::<String>::new());
    let tamper = |sql: &str, what: &str| {
        let (_dir, mut copy) = fresh();
        activate::activate(
            &mut copy,
            &ctx("ann", now),
            &ActivateInput {
                role: "Global Administrator".into(),
                justification: Some("x".into()),
                ..Default::default()
            },
            false,
        )
        .expect("activate");
        copy.conn().execute_batch(sql).expect("tamper");
        let found = violations(&copy, now, Some(1), &[], &[]);
        assert!(
            found.iter().any(|v| v.contains(what)),
            "{what} not caught: {found:?}"
        );
    };
    // The membership goes, unrecorded: the activation stays live.
    tamper(
        "DELETE FROM group_member WHERE group_id = (SELECT id FROM principal WHERE name = 'ra')",
        "static membership is gone",
    );
    // A second activation of the same eligibility (which the database itself refuses: the
    // model must catch it all the same, in a copy without the index).
    tamper(
        "DROP INDEX assignment_one_open_activation;
         INSERT INTO assignment SELECT 'dup', principal_id, role_id, scope_id, type, start_at + 60,
            end_at, activated_from, NULL, NULL, NULL, NULL, NULL, created_at, created_by, NULL,
            NULL, 0 FROM assignment WHERE activated_from IS NOT NULL",
        "two live activations",
    );
    // An activation made to outlive its eligibility.
    tamper(
        "UPDATE assignment SET end_at = start_at + 600 WHERE type = 'eligible'
            AND principal_id = (SELECT id FROM principal WHERE name = 'ra')",
        "outlives its eligibility",
    );
    // An active GA held by ben with no path at all (the row written around pim).
    tamper(
        "INSERT INTO assignment SELECT 'forged', (SELECT id FROM principal WHERE name = 'ben'),
            role_id, scope_id, 'active', start_at, end_at, activated_from, NULL, NULL, NULL, NULL,
            NULL, created_at, created_by, NULL, NULL, 0 FROM assignment WHERE activated_from IS NOT NULL",
        "with no current path",
    );
    // A requester's vote on their own request.
    tamper(
        "INSERT INTO approval_vote SELECT id, principal_id, 1, 'approve', NULL, 0 FROM request
          WHERE action = 'self_activate'",
        "decided their own request",
    );
}

/// The model's provisioning check can fail: each tampering below, made around pim after Global
/// Administrator is bound and ann has activated it through ra, is caught.
#[test]
fn the_model_catches_provisioning_apart_from_the_bindings() {
    let now = T0 + 10 * MINUTE;
    let bound = || {
        let (dir, mut db) = fresh();
        let mut t = now;
        for cmd in [
            Cmd::Bind {
                actor: 0,
                target: Target::Directory(0),
                any_scope: false,
            },
            Cmd::ActivateFrom {
                actor: 1,
                pick: 0,
                holder_acts: true,
                deeper: 0,
                hours: 1,
                start_in: None,
            },
        ] {
            run(&mut db, &cmd, &mut t).expect("bind and activate");
        }
        (dir, db)
    };
    let (_dir, db) = bound();
    let c = db.conn();
    let granted: i64 = c
        .query_row("SELECT count(*) FROM provision_state", [], |r| r.get(0))
        .expect("count");
    assert_eq!(granted, 2, "admin and ann are granted");
    assert_eq!(violations(&db, now, None, &[], &[]), Vec::<String>::new());
    let tamper = |sql: &str, what: &str| {
        let (_dir, copy) = bound();
        copy.conn().execute_batch(sql).expect("tamper");
        let found = violations(&copy, now, None, &[], &[]);
        assert!(
            found
                .iter()
                .any(|v| v.starts_with("provisioning:") && v.contains(what)),
            "{what} not caught: {found:?}"
        );
    };
    let ann = "(SELECT id FROM principal WHERE name = 'ann')";
    // ann's grant forgotten: she holds the bound role, nothing is granted.
    tamper(
        &format!("DELETE FROM provision_state WHERE principal_id = {ann}"),
        "but grants nothing",
    );
    // ann's grant kept past its end.
    tamper(
        &format!("UPDATE provision_state SET end_at = end_at + 60 WHERE principal_id = {ann}"),
        "grants ann through",
    );
    // ann disabled without the write comparing: still granted.
    tamper(
        "UPDATE principal SET enabled = 0 WHERE name = 'ann'",
        "which as of",
    );
    // A revoke queued after ann's grant while she is still granted.
    tamper(
        &format!(
            "INSERT INTO provision_action (id, target, binding_id, action, assignment_id,
                 principal_id, principal, role, scope, end_at, ended_at, options, state,
                 next_attempt_at, created_at)
             SELECT 'forged', target, binding_id, 'revoke', assignment_id, principal_id,
                 principal, role, scope, end_at, created_at, options, 'queued', created_at,
                 created_at FROM provision_action WHERE principal_id = {ann}"
        ),
        "but its newest action",
    );
    // The binding moved to a role nobody holds active: what it granted stays granted.
    tamper(
        "UPDATE provision_binding SET role_id = (SELECT id FROM role WHERE name = 'Reader')",
        "it does not cover",
    );
}

/// How many audit rows with `action` (`action:failure` for refusals only) running `cmds` writes
/// (from a fresh file).
fn rows_of(cmds: &[Cmd], action: &str) -> i64 {
    let (action, result) = match action.split_once(':') {
        Some((a, r)) => (a, r),
        None => (action, "%"),
    };
    let (_dir, mut db) = fresh();
    let mut now = T0 + 10 * MINUTE;
    for cmd in cmds {
        let _ = run(&mut db, cmd, &mut now);
    }
    db.conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = ?1 AND result LIKE ?2",
            [action, result],
            |r| r.get(0),
        )
        .expect("count")
}

/// An eligibility cut shorter than the activation made from it: the activation is clipped to
/// its new end, and the state check explains the clipped row (`activation.clip`).
#[test]
fn an_activation_clipped_to_its_eligibility_is_explained_by_the_log() {
    let cmds = [
        Cmd::ActivateFrom {
            actor: 1,
            pick: 0,
            holder_acts: true,
            deeper: 0,
            hours: 8,
            start_in: None,
        },
        Cmd::Update {
            actor: 0,
            pick: 1,
            flip: false,
            hours: Some(1),
        },
    ];
    assert_eq!(rows_of(&cmds, "activation.clip"), 1);
    holds_after(&cmds);
}

/// The only Global Administrator cut to end in an hour: refused, so that some enabled user still
/// holds it permanently (`LAST_GA_OVER_TIME`).
#[test]
fn the_only_global_administrator_is_not_cut_to_a_time_bound_assignment() {
    let cmds = [Cmd::Update {
        actor: 0,
        pick: 4280,
        flip: false,
        hours: Some(1),
    }];
    assert_eq!(rows_of(&cmds, "assignment.update:failure"), 1, "refused");
    holds_after(&cmds);
}
