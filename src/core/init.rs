//! `pim init`: a new database with the root scope, the built-in roles and the first
//! administrator; optionally a small demonstration organisation.

use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::assign::{self, AssignInput, Lookups};
use super::audit::{Author, Entry, Outcome, Writer, category};
use super::builtin::{self, GLOBAL_ADMINISTRATOR};
use super::error::{Error, Result};
use super::model::{
    Assignment, AssignmentType, Principal, PrincipalKind, RequestAction, RequestStatus, Role,
    ScopeKind,
};
use super::principal::{self, NewPrincipal};
use super::schedule::{DAY, EndSpec};
use super::session::{self, Ctx, Op};
use super::{group, scope};
use crate::store::{self, Db, StoreError};

#[derive(Clone, Debug)]
pub struct InitInput {
    pub admin: String,
    pub email: Option<String>,
    pub sample: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct InitReport {
    pub database: String,
    pub admin: Principal,
    pub roles: usize,
    pub sample: Option<SampleReport>,
}

#[derive(Clone, Debug, Serialize, Default)]
pub struct SampleReport {
    pub principals: Vec<String>,
    pub scopes: Vec<String>,
    pub assignments: usize,
}

/// The names the sample organisation uses: an administrator named like one of them would collide.
pub const SAMPLE_NAMES: [&str; 8] = [
    "alice",
    "bob",
    "carol",
    "dave",
    "erin",
    "tier0-admins",
    "helpdesk",
    "deploy-bot",
];

/// Checks what `init` is asked for before anything is created.
fn check_input(input: &InitInput) -> Result<()> {
    principal::check_name(&input.admin)?;
    if input.sample
        && let Some(taken) = SAMPLE_NAMES
            .iter()
            .find(|n| n.eq_ignore_ascii_case(input.admin.trim()))
    {
        return Err(Error::invalid_with_hint(
            format!(
                "the sample organisation has its own '{taken}': the administrator needs another name"
            ),
            "for example `pim init --admin admin --sample`",
        ));
    }
    Ok(())
}

pub fn init(path: &Path, ctx: &Ctx, input: &InitInput) -> Result<(Db, InitReport)> {
    // Bad input creates nothing, not even the file.
    check_input(input)?;
    let mut db = match Db::create(path) {
        Ok(db) => db,
        Err(StoreError::AlreadyInitialized(p)) => {
            let err = Error::Store(StoreError::AlreadyInitialized(p));
            // The refusal is itself audited in the database that refused it.
            if let Ok(mut existing) = Db::open(path) {
                let actor_id =
                    store::principal::by_name(existing.conn(), &ctx.actor)?.map(|p| p.id);
                let mut e =
                    Entry::new("pim.init", "Onboarded resource to PIM", category::DIRECTORY)
                        .scope("/");
                session::record_failure(&mut existing, ctx, actor_id.as_deref(), &mut e, &err)?;
            }
            return Err(err);
        }
        Err(e) => return Err(e.into()),
    };
    match init_in(&mut db, ctx, input, &path.display().to_string()) {
        Ok(r) => Ok((db, r)),
        Err(e) => {
            // Nothing was committed: leave no half-made database behind.
            drop(db);
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            Err(e)
        }
    }
}

/// Initialises an empty database (a new file, or an in-memory one in tests).
pub fn init_in(db: &mut Db, ctx: &Ctx, input: &InitInput, label: &str) -> Result<InitReport> {
    // Validate the administrator before anything is written.
    check_input(input)?;
    let admin_input = NewPrincipal {
        name: input.admin.clone(),
        kind: Some(PrincipalKind::User),
        email: input.email.clone(),
        display_name: None,
        role_assignable: false,
        break_glass: true,
        object_id: None,
    };
    session::bootstrap(
        db,
        ctx,
        |tx, writer| setup(tx, writer, ctx, &admin_input),
        |op| {
            let sample = if input.sample {
                Some(sample(op)?)
            } else {
                None
            };
            Ok(InitReport {
                database: label.to_string(),
                admin: op.actor.clone(),
                roles: builtin::roles().len(),
                sample,
            })
        },
    )
}

fn setup(
    tx: &crate::store::Conn,
    writer: &mut Writer,
    ctx: &Ctx,
    admin_input: &NewPrincipal,
) -> Result<Principal> {
    let now = ctx.now;
    let root = store::scope::insert(tx, "/", ScopeKind::Root, Some("Tenant root"), None, now)?;
    for b in builtin::roles() {
        store::role::insert(
            tx,
            &Role {
                id: b.id.to_string(),
                name: b.name.to_string(),
                kind: b.kind,
                builtin: true,
                privileged: b.privileged,
                description: (!b.description.is_empty()).then(|| b.description.to_string()),
                permissions: vec![],
            },
            now,
        )?;
    }
    let admin = principal::validate_new(tx, admin_input, now)?;
    store::principal::insert(tx, &admin)?;
    let assignment_id = uuid::Uuid::new_v4().to_string();
    let request_id = uuid::Uuid::new_v4().to_string();
    store::request::insert(
        tx,
        &store::request::NewRequest {
            id: &request_id,
            action: RequestAction::AdminAssign,
            status: RequestStatus::Provisioned,
            principal_id: &admin.id,
            role_id: GLOBAL_ADMINISTRATOR,
            scope_id: root,
            kind: AssignmentType::Active,
            start_at: Some(now),
            end_at: None,
            justification: Some("pim init: first administrator (break-glass)"),
            ticket_number: None,
            ticket_system: None,
            requested_by: Some(&admin.id),
            created_at: now,
            completed_at: Some(now),
            target_assignment_id: Some(&assignment_id),
        },
    )?;
    store::assignment::insert(
        tx,
        &Assignment {
            id: assignment_id.clone(),
            principal_id: admin.id.clone(),
            role_id: GLOBAL_ADMINISTRATOR.to_string(),
            scope_id: root,
            kind: AssignmentType::Active,
            start_at: now,
            end_at: None,
            activated_from: None,
            renewed_from: None,
            request_id: Some(request_id.clone()),
            justification: Some("pim init: first administrator (break-glass)".into()),
            ticket_number: None,
            ticket_system: None,
            created_at: now,
            created_by: Some(admin.id.clone()),
            removed_at: None,
            removed_by: None,
        },
    )?;
    store::set_meta(tx, "initialized_at", &now.to_string())?;
    store::set_meta(tx, "tenant_id", &uuid::Uuid::new_v4().to_string())?;
    let author = Author {
        now,
        actor_id: Some(&admin.id),
        actor_name: &admin.name,
        os_user: &ctx.os_user,
        auth: &ctx.auth,
    };
    writer.append(
        tx,
        &author,
        Outcome::Success,
        &Entry::new("pim.init", "Onboarded resource to PIM", category::DIRECTORY)
            .scope("/")
            .details(
                json!({ "roles": builtin::roles().len(), "schema_version": store::SCHEMA_VERSION }),
            ),
    )?;
    writer.append(
        tx,
        &author,
        Outcome::Success,
        &Entry::new("principal.create", "Add user", category::USER)
            .principal(&admin)
            .details(json!({ "kind": "user", "email": admin.email, "break_glass": true })),
    )?;
    let ga = store::role::by_id(tx, GLOBAL_ADMINISTRATOR)?
        .ok_or_else(|| Error::invalid("built-in roles missing"))?;
    let mut e = Entry::new(
        "assignment.create",
        "Add member to role in PIM completed (permanent)",
        category::ROLE,
    )
    .principal(&admin)
    .role(&ga)
    .scope("/")
    .details(json!({ "type": "active", "status": "provisioned", "break_glass": true }));
    e.assignment_id = Some(assignment_id);
    e.request_id = Some(request_id);
    e.start_at = Some(now);
    e.justification = Some("pim init: first administrator (break-glass)".into());
    writer.append(tx, &author, Outcome::Success, &e)?;
    Ok(admin)
}

/// Who, what role, where, which type, until when, and why.
type Grant = (
    &'static str,
    &'static str,
    Option<&'static str>,
    AssignmentType,
    EndSpec,
    Option<&'static str>,
);

/// The demonstration organisation: enough of everything to try every command.
fn sample(op: &mut Op<'_>) -> Result<SampleReport> {
    let mut report = SampleReport::default();
    let people: [(&str, PrincipalKind, Option<&str>, bool); 8] = [
        ("alice", PrincipalKind::User, Some("Alice Martin"), false),
        ("bob", PrincipalKind::User, Some("Bob Chen"), false),
        ("carol", PrincipalKind::User, Some("Carol Diaz"), false),
        ("dave", PrincipalKind::User, Some("Dave Okafor"), false),
        ("erin", PrincipalKind::User, Some("Erin Novak"), false),
        (
            "tier0-admins",
            PrincipalKind::Group,
            Some("Tier 0 administrators"),
            true,
        ),
        (
            "helpdesk",
            PrincipalKind::Group,
            Some("Helpdesk staff"),
            false,
        ),
        (
            "deploy-bot",
            PrincipalKind::ServicePrincipal,
            Some("Deployment pipeline"),
            false,
        ),
    ];
    debug_assert_eq!(
        people.map(|p| p.0),
        SAMPLE_NAMES,
        "SAMPLE_NAMES lists the sample"
    );
    for (name, kind, display, role_assignable) in people {
        let email = (kind == PrincipalKind::User).then(|| format!("{name}@contoso.example"));
        principal::create_in(
            op,
            &NewPrincipal {
                name: name.into(),
                kind: Some(kind),
                email,
                display_name: display.map(str::to_string),
                role_assignable,
                break_glass: false,
                object_id: None,
            },
        )?;
        report.principals.push(name.into());
    }
    for (g, m) in [
        ("tier0-admins", "alice"),
        ("tier0-admins", "bob"),
        ("helpdesk", "carol"),
        ("helpdesk", "dave"),
    ] {
        group::add_member_in(op, g, m)?;
    }
    let mg = "/providers/Microsoft.Management/managementGroups/contoso";
    let scopes: [(&str, Option<&str>, Option<&str>); 6] = [
        ("/administrativeUnits/paris", Some("Paris office"), None),
        (mg, Some("Contoso"), None),
        ("/subscriptions/prod", Some("Production"), Some(mg)),
        ("/subscriptions/dev", Some("Development"), Some(mg)),
        (
            "/subscriptions/prod/resourceGroups/rg-web",
            Some("Web tier"),
            None,
        ),
        (
            "/subscriptions/prod/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/web-01",
            Some("Web server 1"),
            None,
        ),
    ];
    for (path, name, parent) in scopes {
        scope::add_in(op, path, name, parent)?;
        report.scopes.push(path.into());
    }
    let grants: [Grant; 9] = [
        (
            "alice",
            "Privileged Role Administrator",
            None,
            AssignmentType::Eligible,
            EndSpec::Permanent,
            None,
        ),
        (
            "alice",
            "Global Reader",
            None,
            AssignmentType::Active,
            EndSpec::After(90 * DAY),
            Some("audit season"),
        ),
        (
            "bob",
            "Security Administrator",
            None,
            AssignmentType::Eligible,
            EndSpec::After(180 * DAY),
            None,
        ),
        (
            "tier0-admins",
            "Global Administrator",
            None,
            AssignmentType::Eligible,
            EndSpec::Permanent,
            None,
        ),
        (
            "carol",
            "Owner",
            Some("/subscriptions/prod"),
            AssignmentType::Eligible,
            EndSpec::Permanent,
            None,
        ),
        (
            "carol",
            "Reader",
            Some(mg),
            AssignmentType::Active,
            EndSpec::Permanent,
            Some("sees the whole estate"),
        ),
        (
            "dave",
            "Contributor",
            Some("/subscriptions/prod/resourceGroups/rg-web"),
            AssignmentType::Eligible,
            EndSpec::After(30 * DAY),
            None,
        ),
        (
            "dave",
            "Helpdesk Administrator",
            Some("/administrativeUnits/paris"),
            AssignmentType::Eligible,
            EndSpec::Permanent,
            None,
        ),
        (
            "deploy-bot",
            "Contributor",
            Some("/subscriptions/dev"),
            AssignmentType::Active,
            EndSpec::After(90 * DAY),
            Some("CI deployments"),
        ),
    ];
    let mut lk = Lookups::default();
    for (who, role, scope, kind, end, justification) in grants {
        assign::create_in(
            op,
            &AssignInput {
                principal: who.into(),
                role: role.into(),
                scope: scope.map(str::to_string),
                kind,
                start: None,
                end,
                justification: justification.map(str::to_string),
                ticket_number: None,
                ticket_system: None,
            },
            &mut lk,
        )?;
        report.assignments += 1;
    }
    Ok(report)
}
