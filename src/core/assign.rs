//! The administrator's side of assignments: create, list, show, update, extend, renew, remove and
//! import eligible and active assignments, under the assignment rules of the role settings.

use std::collections::HashMap;
use std::rc::Rc;

use crate::store::Conn;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::audit::{Entry, category};
use super::authz::{self, Ancestry, Grants, Listing};
use super::builtin::{GLOBAL_ADMINISTRATOR, GROUP_OWNER};
use super::clock::Ts;
use super::error::{Error, Result};
use super::model::{
    Assignment, AssignmentType, AssignmentView, Principal, PrincipalKind, RequestAction,
    RequestStatus, Role, RoleKind, Scope, ScopeKind,
};
use super::names;
use super::policy::{self, AssignmentSubject, RoleSettings};
use super::schedule::{self, DAY, EndSpec, MIN_ASSIGNMENT_SECS};
use super::session::{self, Ctx, Op, WriteOpts};
use crate::store::activation_path::Through;
use crate::store::{self, Db};

/// How long after expiry an assignment can still be renewed.
pub const RENEW_WINDOW_SECS: i64 = 30 * DAY;
pub const MAX_JUSTIFICATION: usize = 1024;
pub const MAX_TICKET: usize = 256;

/// What an administrator asks for when assigning.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct AssignInput {
    pub principal: String,
    pub role: String,
    pub scope: Option<String>,
    pub kind: AssignmentType,
    pub start: Option<Ts>,
    pub end: EndSpec,
    pub justification: Option<String>,
    pub ticket_number: Option<String>,
    pub ticket_system: Option<String>,
}

pub fn category_of(kind: RoleKind) -> &'static str {
    match kind {
        RoleKind::Directory => category::ROLE,
        RoleKind::Azure => category::RESOURCE,
        RoleKind::Group => category::GROUP,
    }
}

fn span(end: Option<Ts>) -> &'static str {
    if end.is_none() {
        "permanent"
    } else {
        "timebound"
    }
}

fn add_activity(kind: AssignmentType, end: Option<Ts>, done: bool) -> String {
    let stage = if done { "completed" } else { "requested" };
    match kind {
        AssignmentType::Eligible => {
            format!("Add eligible member to role in PIM {stage} ({})", span(end))
        }
        AssignmentType::Active => format!("Add member to role in PIM {stage} ({})", span(end)),
    }
}

fn remove_activity(kind: AssignmentType, end: Option<Ts>) -> String {
    match kind {
        AssignmentType::Eligible => format!(
            "Remove eligible member from role in PIM completed ({})",
            span(end)
        ),
        AssignmentType::Active => {
            format!("Remove member from role in PIM completed ({})", span(end))
        }
    }
}

fn extend_activity(kind: AssignmentType) -> &'static str {
    match kind {
        AssignmentType::Eligible => "Update eligible member in PIM requested (extend)",
        AssignmentType::Active => "Update member in PIM requested (extend)",
    }
}

fn renew_activity(kind: AssignmentType) -> &'static str {
    match kind {
        AssignmentType::Eligible => "Add eligible member to role in PIM requested (renew)",
        AssignmentType::Active => "Add member to role in PIM requested (renew)",
    }
}

fn check_texts(
    justification: Option<&str>,
    number: Option<&str>,
    system: Option<&str>,
) -> Result<()> {
    if let Some(j) = justification {
        policy::check_text("justification", j, MAX_JUSTIFICATION)?;
    }
    if let Some(n) = number {
        policy::check_text("ticket number", n, MAX_TICKET)?;
    }
    if let Some(s) = system {
        policy::check_text("ticket system", s, MAX_TICKET)?;
    }
    Ok(())
}

/// The refusal when a role that is not a directory role comes without a scope: an Azure role
/// needs `--scope`, a PIM-for-Groups role `--group G --access A`.
pub fn scope_needed(role: &Role) -> Error {
    match role.kind {
        RoleKind::Group => Error::invalid_with_hint(
            format!(
                "'{}' is a PIM-for-Groups role: a group is needed",
                role.name
            ),
            "pass --group GROUP --access member|owner",
        ),
        _ => Error::invalid_with_hint(
            format!("'{}' is an Azure role: a scope is needed", role.name),
            "pass --scope /subscriptions/SUB (or a management group, resource group or resource)",
        ),
    }
}

/// A role kind fits its scope: directory roles at `/` or an administrative unit, Azure roles at
/// Azure scopes.
pub fn check_fit(role: &Role, scope: &Scope) -> Result<()> {
    let fits = match role.kind {
        RoleKind::Directory => scope.kind.is_directory(),
        RoleKind::Azure => scope.kind.is_azure(),
        RoleKind::Group => scope.kind.is_group(),
    };
    if fits {
        return Ok(());
    }
    Err(match role.kind {
        RoleKind::Directory => Error::invalid_with_hint(
            format!(
                "'{}' is a directory role and cannot be assigned at {}",
                role.name, scope.path
            ),
            "directory roles apply at / or at an administrative unit (/administrativeUnits/NAME)",
        ),
        RoleKind::Azure => Error::invalid_with_hint(
            format!(
                "'{}' is an Azure role and cannot be assigned at {}",
                role.name, scope.path
            ),
            "Azure roles apply at a management group, subscription, resource group or resource: pass --scope",
        ),
        RoleKind::Group => Error::invalid_with_hint(
            format!(
                "'{}' applies to a group under PIM for Groups, not to {}",
                role.name, scope.path
            ),
            "pass --group GROUP --access member|owner",
        ),
    })
}

/// PIM for Groups' nesting rules (reference §1.10): a group may be an eligible member of another
/// group, even a role-assignable one, but an active member only of a group that is not
/// role-assignable; a group owns no group; no group contains itself.
pub fn check_group_holder(
    c: &Conn,
    p: &Principal,
    role: &Role,
    scope: &Scope,
    kind: AssignmentType,
    now: Ts,
) -> Result<()> {
    if role.kind != RoleKind::Group || p.kind != PrincipalKind::Group {
        return Ok(());
    }
    let Some(group_id) = scope.group_id.as_deref() else {
        return Ok(());
    };
    let group =
        store::principal::by_id(c, group_id)?.ok_or_else(|| Error::invalid("group vanished"))?;
    if p.id == group.id {
        return Err(Error::invalid(
            "a group cannot be a member or owner of itself",
        ));
    }
    if role.id == GROUP_OWNER {
        return Err(Error::invalid_with_hint(
            format!("group '{}' cannot own group '{}'", p.name, group.name),
            "owners are users or service principals",
        ));
    }
    if kind == AssignmentType::Active && group.role_assignable {
        return Err(Error::invalid_with_hint(
            format!(
                "'{}' is role-assignable: groups cannot be its active members",
                group.name
            ),
            "a group may be an eligible member of it (--type eligible); its members then activate for themselves",
        ));
    }
    // No cycle: the group must not already be inside `p`, statically or through PIM for Groups.
    if super::membership::inside(c, &p.id, &group.id, now)? {
        return Err(Error::invalid(format!(
            "'{}' is already inside '{}': this would make a cycle",
            group.name, p.name
        )));
    }
    Ok(())
}

/// A principal may hold the role: groups hold directory roles only when role-assignable.
fn check_holder(p: &Principal, role: &Role) -> Result<()> {
    if p.kind == PrincipalKind::Group && role.kind == RoleKind::Directory && !p.role_assignable {
        return Err(Error::invalid_with_hint(
            format!(
                "group '{}' is not role-assignable and cannot hold directory roles",
                p.name
            ),
            "only groups created with --role-assignable can hold directory roles",
        ));
    }
    Ok(())
}

/// Caches lookups across the rows of one import.
#[derive(Default)]
pub struct Lookups {
    principals: HashMap<String, Principal>,
    roles: HashMap<String, Role>,
    scopes: HashMap<String, Scope>,
    /// The settings of each (role, scope) the rows name; most have none of their own and share
    /// one copy of the defaults.
    settings: HashMap<(String, i64), Rc<RoleSettings>>,
    defaults: Rc<RoleSettings>,
    ancestry: Ancestry,
    ids: Ids,
}

/// The most IDs drawn ahead (16 bytes each).
const IDS_DRAWN: usize = 65_536;

/// IDs for the requests and assignments a write creates: random (version 4) UUIDs like any
/// other, drawn a batch at a time (16 at first, twice as many each time, up to [`IDS_DRAWN`]) and
/// handed out in ascending order. Random IDs put each new row at a random place in the ID indexes
/// of the request and assignment tables, one page read and written per row once those indexes
/// outgrow the page cache; ascending IDs fill those pages one after the other, many rows to a
/// page. Which random ID a row gets tells nothing more than before.
#[derive(Default)]
struct Ids {
    drawn: usize,
    /// Largest first: the next ID is the last.
    left: Vec<u128>,
}

impl Ids {
    fn next(&mut self) -> String {
        if self.left.is_empty() {
            self.drawn = (self.drawn * 2).clamp(16, IDS_DRAWN);
            self.left = (0..self.drawn)
                .map(|_| uuid::Uuid::new_v4().as_u128())
                .collect();
            self.left.sort_unstable_by(|a, b| b.cmp(a));
        }
        match self.left.pop() {
            Some(id) => uuid::Uuid::from_u128(id),
            None => uuid::Uuid::new_v4(),
        }
        .to_string()
    }
}

/// Principals an import keeps looked up: a file naming more (one row each) does not grow memory.
const PRINCIPALS_KEPT: usize = 4096;

impl Lookups {
    /// Forgets the principals looked up when there are more than `n`.
    fn forget_principals_past(&mut self, n: usize) {
        if self.principals.len() > n {
            self.principals.clear();
        }
    }

    fn principal(&mut self, c: &Conn, name: &str) -> Result<Principal> {
        let key = name.trim().to_lowercase();
        if let Some(p) = self.principals.get(&key) {
            return Ok(p.clone());
        }
        let p = names::principal(c, name)?;
        self.principals.insert(key, p.clone());
        Ok(p)
    }

    fn role(&mut self, c: &Conn, name: &str) -> Result<Role> {
        let key = name.trim().to_lowercase();
        if let Some(r) = self.roles.get(&key) {
            return Ok(r.clone());
        }
        let r = names::role(c, name)?;
        self.roles.insert(key, r.clone());
        Ok(r)
    }

    fn scope(&mut self, c: &Conn, path: &str) -> Result<Scope> {
        let key = path.trim().to_lowercase();
        if let Some(s) = self.scopes.get(&key) {
            return Ok(s.clone());
        }
        let s = names::scope(c, path)?;
        self.scopes.insert(key, s.clone());
        Ok(s)
    }

    pub fn settings(&mut self, c: &Conn, role_id: &str, scope_id: i64) -> Result<Rc<RoleSettings>> {
        let key = (role_id.to_string(), scope_id);
        if let Some(s) = self.settings.get(&key) {
            return Ok(Rc::clone(s));
        }
        let s = match store::settings::get(c, role_id, scope_id)? {
            Some(s) => Rc::new(s),
            None => Rc::clone(&self.defaults),
        };
        self.settings.insert(key, Rc::clone(&s));
        Ok(s)
    }
}

fn require_manage(
    c: &Conn,
    grants: &Grants,
    lk: &mut Lookups,
    role: &Role,
    scope: &Scope,
) -> Result<()> {
    let ancestors = lk.ancestry.of(c, scope.id)?.to_vec();
    authz::require_manage(grants, role, scope, &ancestors)
}

/// Entra's "Require Azure Multi-Factor Authentication on active assignment"
/// (`assignment.require_mfa_on_active`): the administrator who makes an active assignment, or
/// changes, extends or renews one, passes MFA with the write's one-time code (`--otp`). One code
/// serves the whole write (every row of an import). A dry run tries no code: it says only whether
/// the rule stands in the way. Called after every other check, so that no code is spent on a
/// change that is refused anyway.
pub(crate) fn require_assigner_mfa(
    op: &mut Op<'_>,
    settings: &RoleSettings,
    role: &Role,
    scope: &str,
) -> Result<()> {
    if !settings.assignment.require_mfa_on_active || op.mfa.verified {
        return Ok(());
    }
    let actor = op.actor.clone();
    let why = format!(
        "the settings of '{}' at {} require multi-factor authentication on active assignment (assignment.require_mfa_on_active)",
        role.name, scope
    );
    let missing = || {
        Error::policy_with_hint(
            policy::rule::MFA,
            format!(
                "{why}: '{}' must pass a one-time code to make or change an active assignment",
                actor.name
            ),
            ASSIGNER_CODE_HINT,
        )
    };
    // Whatever the code, say first why none can be checked, naming the setting.
    let now = op.now();
    match store::mfa::get(op.tx, &actor.id)? {
        None => {
            return Err(Error::policy_with_hint(
                policy::rule::MFA,
                format!("{why}, and '{}' is not enrolled", actor.name),
                "enrol with `pim mfa enroll`",
            ));
        }
        Some(e) if !e.is_confirmed() => {
            return Err(Error::policy_with_hint(
                policy::rule::MFA,
                format!("{why}, and '{}' has not finished enrolling", actor.name),
                "finish with `pim mfa enroll --code CODE`",
            ));
        }
        Some(e) => {
            if let Some(until) = e.locked_at(now) {
                return Err(Error::policy_with_hint(
                    policy::rule::MFA,
                    format!(
                        "{why}, and the MFA of '{}' is locked until {} after {} wrong codes in a row",
                        actor.name,
                        op.ctx.when(until),
                        super::mfa::MAX_FAILURES
                    ),
                    "wait until then, or ask an administrator for `pim mfa reset`",
                ));
            }
        }
    }
    if op.dry_run {
        return match op.otp {
            None => Err(missing()),
            Some(_) => Ok(()),
        };
    }
    let code = op.otp.clone();
    let mut state = std::mem::take(&mut op.mfa);
    let checked = state.verify(op, &actor, code.as_deref(), missing);
    op.mfa = state;
    checked
}

/// Marks a change's audit row (`"mfa": true` in its details) when the acting administrator
/// passed MFA in this write.
pub(crate) fn note_mfa(op: &Op<'_>, e: &mut Entry) {
    if op.mfa.verified
        && let Some(serde_json::Value::Object(d)) = e.details.as_mut()
    {
        d.insert("mfa".into(), true.into());
    }
}

/// The hint of a refusal for want of the administrator's one-time code.
pub const ASSIGNER_CODE_HINT: &str =
    "pass --otp CODE with the code your authenticator app shows now";

/// The created assignment and the request that made it.
#[derive(Clone, Debug)]
pub struct Created {
    pub assignment_id: String,
    pub request_id: String,
}

/// Creates an assignment within a write, after every check.
pub fn create_in(op: &mut Op<'_>, input: &AssignInput, lk: &mut Lookups) -> Result<Created> {
    let now = op.now();
    op.failure.activity = add_activity(input.kind, None, false);
    op.failure.justification = input.justification.clone();
    op.failure.ticket_number = input.ticket_number.clone();
    op.failure.ticket_system = input.ticket_system.clone();
    let principal = lk.principal(op.tx, &input.principal)?;
    op.failure.set_principal(&principal);
    let role = lk.role(op.tx, &input.role)?;
    op.failure.set_role(&role);
    op.failure.category = category_of(role.kind).into();
    let scope_text = match (&input.scope, role.kind) {
        (Some(s), _) => s.clone(),
        (None, RoleKind::Directory) => "/".to_string(),
        (None, _) => return Err(scope_needed(&role)),
    };
    let scope = lk.scope(op.tx, &scope_text)?;
    op.failure.scope = Some(scope.path.clone());
    require_manage(op.tx, &op.grants, lk, &role, &scope)?;
    check_fit(&role, &scope)?;
    check_holder(&principal, &role)?;
    check_group_holder(op.tx, &principal, &role, &scope, input.kind, now)?;
    check_texts(
        input.justification.as_deref(),
        input.ticket_number.as_deref(),
        input.ticket_system.as_deref(),
    )?;
    // A start in the past means "now": pim does not backdate what was granted.
    let start = input.start.unwrap_or(now).max(now);
    let settings = lk.settings(op.tx, &role.id, scope.id)?;
    let subject = AssignmentSubject {
        service_principal: principal.kind == PrincipalKind::ServicePrincipal,
    };
    let end = policy::resolve_end(&settings.assignment, subject, input.kind, start, input.end)?;
    op.failure.start_at = Some(start);
    op.failure.end_at = end;
    op.failure.activity = add_activity(input.kind, end, false);
    if let Some(e) = end
        && e <= now
    {
        return Err(Error::invalid("the end is in the past"));
    }
    policy::check_assignment(
        &settings.assignment,
        subject,
        input.kind,
        start,
        end,
        input.justification.as_deref(),
    )?;
    if let Some(existing) = store::assignment::overlapping(
        op.tx,
        &principal.id,
        &role.id,
        scope.id,
        input.kind,
        start,
        end,
        None,
    )? {
        return Err(Error::Conflict {
            message: format!(
                "RoleAssignmentExists: '{}' already has an {} assignment of '{}' at {} for that time ({})",
                principal.name,
                input.kind,
                role.name,
                scope.path,
                &existing[..8]
            ),
            hint: Some(format!("see it with `pim assign show {}`", &existing[..8])),
        });
    }
    if input.kind == AssignmentType::Active {
        require_assigner_mfa(op, &settings, &role, &scope.path)?;
    }
    let assignment_id = lk.ids.next();
    let request_id = lk.ids.next();
    let status = if start > now {
        RequestStatus::Scheduled
    } else {
        RequestStatus::Provisioned
    };
    store::request::insert(
        op.tx,
        &store::request::NewRequest {
            id: &request_id,
            action: RequestAction::AdminAssign,
            status,
            principal_id: &principal.id,
            role_id: &role.id,
            scope_id: scope.id,
            kind: input.kind,
            start_at: Some(start),
            end_at: end,
            justification: input.justification.as_deref(),
            ticket_number: input.ticket_number.as_deref(),
            ticket_system: input.ticket_system.as_deref(),
            requested_by: Some(&op.actor.id),
            created_at: now,
            completed_at: Some(now),
            target_assignment_id: Some(&assignment_id),
        },
    )?;
    let assignment = Assignment {
        id: assignment_id.clone(),
        principal_id: principal.id.clone(),
        role_id: role.id.clone(),
        scope_id: scope.id,
        kind: input.kind,
        start_at: start,
        end_at: end,
        activated_from: None,
        renewed_from: None,
        request_id: Some(request_id.clone()),
        justification: input.justification.clone(),
        ticket_number: input.ticket_number.clone(),
        ticket_system: input.ticket_system.clone(),
        created_at: now,
        created_by: Some(op.actor.id.clone()),
        removed_at: None,
        removed_by: None,
    };
    store::assignment::insert(op.tx, &assignment)?;
    let mut e = Entry::new(
        "assignment.create",
        add_activity(input.kind, end, true),
        category_of(role.kind),
    )
    .principal(&principal)
    .role(&role)
    .scope(&scope.path)
    .details(json!({ "type": input.kind.as_str(), "status": status.as_str() }));
    e.request_id = Some(request_id.clone());
    e.assignment_id = Some(assignment_id.clone());
    e.justification = input.justification.clone();
    e.ticket_number = input.ticket_number.clone();
    e.ticket_system = input.ticket_system.clone();
    e.start_at = Some(start);
    e.end_at = end;
    note_mfa(op, &mut e);
    op.audit(&e)?;
    super::notify::assigned(op, &assignment, &principal, &role, &scope.path, &settings)?;
    Ok(Created {
        assignment_id,
        request_id,
    })
}

fn view(c: &Conn, id: &str, now: Ts) -> Result<AssignmentView> {
    store::assignment::view_by_id(c, id, now)?
        .map(|r| r.view)
        .ok_or_else(|| Error::NotFound {
            kind: "assignment",
            name: id.to_string(),
            candidates: vec![],
        })
}

/// `pim assign`: one new assignment.
pub fn create(
    db: &mut Db,
    ctx: &Ctx,
    input: &AssignInput,
    otp: Option<&str>,
    opts: WriteOpts,
) -> Result<AssignmentView> {
    let failure = Entry::new(
        "assignment.create",
        add_activity(input.kind, None, false),
        category::ROLE,
    );
    session::write(db, ctx, failure, opts, |op| {
        op.otp = otp.map(str::to_string);
        let created = create_in(op, input, &mut Lookups::default())?;
        let mut v = view(op.tx, &created.assignment_id, op.now())?;
        if opts.dry_run {
            // Neither the assignment nor its request was made: no IDs to show.
            v.id.clear();
            v.request_id = None;
        }
        Ok(v)
    })
}

/// Filters of `pim assign list`, as typed.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ListInput {
    pub principal: Option<String>,
    pub role: Option<String>,
    pub scope: Option<String>,
    pub kind: Option<AssignmentType>,
    pub all: bool,
}

/// Rows matching `filter` that the actor may see: their own (directly or through their groups),
/// and those of roles and scopes they may view.
pub fn visible(
    c: &Conn,
    actor: &Principal,
    grants: &Grants,
    filter: &store::assignment::ListFilter,
    now: Ts,
) -> Result<Vec<AssignmentView>> {
    let rows = store::assignment::list_views(c, filter, now)?;
    let mut own: Vec<String> = grants.groups.keys().cloned().collect();
    own.push(actor.id.clone());
    let mut ancestry = Ancestry::default();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if own.contains(&r.view.principal_id)
            || authz::can_view(grants, r.view.role_kind, ancestry.of(c, r.scope_id)?)
        {
            out.push(r.view);
        }
    }
    Ok(out)
}

/// `pim assign list`: the rows the actor may see, and whether authorization narrowed them.
pub fn list(db: &mut Db, ctx: &Ctx, input: &ListInput) -> Result<Listing<AssignmentView>> {
    session::read(db, ctx, |c, actor, grants| {
        let (f, narrowed) = list_filter(c, actor, grants, input)?;
        let items = list_rows(c, actor, grants, &f, input, ctx.now)?;
        Ok(Listing {
            items,
            narrowed,
            more: false,
        })
    })
}

/// The store filter for `input`, and whether authorization narrows what it lists.
fn list_filter(
    c: &Conn,
    actor: &Principal,
    grants: &Grants,
    input: &ListInput,
) -> Result<(store::assignment::ListFilter, Option<authz::Narrowed>)> {
    let mut f = store::assignment::ListFilter {
        kind: input.kind,
        all: input.all,
        ..Default::default()
    };
    let mut own = false;
    if let Some(p) = &input.principal {
        let p = names::principal(c, p)?;
        own = p.id == actor.id || grants.groups.contains_key(&p.id);
        f.principal_id = Some(p.id);
    }
    let mut kind = None;
    if let Some(r) = &input.role {
        let r = names::role(c, r)?;
        kind = Some(r.kind);
        f.role_id = Some(r.id);
    }
    let narrowed = if own {
        None
    } else {
        authz::assignments_narrowed(grants, kind)
    };
    Ok((f, narrowed))
}

/// `pim assign export`: the rows `pim assign list` lists for `input`, streamed from the store to
/// `each` one at a time with the connection they were read on (for look-ups between rows), so
/// that memory stays flat however many there are. First the rows made where they are listed
/// (`member_type` "direct"), in the list's order; then, with a scope, those inherited from above
/// it ("inherited"), in no set order. Returns whether authorization narrowed the rows.
pub fn export_each(
    db: &mut Db,
    ctx: &Ctx,
    input: &ListInput,
    each: &mut dyn FnMut(&Conn, AssignmentView) -> Result<()>,
) -> Result<Option<authz::Narrowed>> {
    session::read(db, ctx, |c, actor, grants| {
        let (mut f, narrowed) = list_filter(c, actor, grants, input)?;
        let mut own: Vec<String> = grants.groups.keys().cloned().collect();
        own.push(actor.id.clone());
        let mut ancestry = Ancestry::default();
        let mut visible_each = |f: &store::assignment::ListFilter,
                                order: store::assignment::ViewOrder,
                                each: &mut dyn FnMut(AssignmentView) -> Result<()>|
         -> Result<()> {
            store::assignment::for_each_view(c, f, ctx.now, order, |r| -> Result<bool> {
                if own.contains(&r.view.principal_id)
                    || authz::can_view(grants, r.view.role_kind, ancestry.of(c, r.scope_id)?)
                {
                    each(r.view)?;
                }
                Ok(true)
            })
        };
        let Some(s) = &input.scope else {
            visible_each(&f, store::assignment::ViewOrder::List, &mut |v| each(c, v))?;
            return Ok(narrowed);
        };
        let scope = names::scope(c, s)?;
        for (depth, id) in store::scope::ancestors(c, scope.id)?
            .into_iter()
            .enumerate()
        {
            f.scope_id = Some(id);
            if depth == 0 {
                visible_each(&f, store::assignment::ViewOrder::Start, &mut |v| each(c, v))?;
                continue;
            }
            visible_each(&f, store::assignment::ViewOrder::List, &mut |mut v| {
                let fits = match v.role_kind {
                    RoleKind::Directory => scope.kind.is_directory(),
                    RoleKind::Azure => scope.kind.is_azure(),
                    RoleKind::Group => false,
                };
                if !fits {
                    return Ok(());
                }
                v.member_type = "inherited";
                each(c, v)
            })?;
        }
        Ok(narrowed)
    })
}

fn list_rows(
    c: &Conn,
    actor: &Principal,
    grants: &Grants,
    f: &store::assignment::ListFilter,
    input: &ListInput,
    now: Ts,
) -> Result<Vec<AssignmentView>> {
    let mut f = f.clone();
    {
        let Some(s) = &input.scope else {
            return visible(c, actor, grants, &f, now);
        };
        // At a scope: the rows made there (direct), and those made above it, which apply to it
        // too (inherited).
        let scope = names::scope(c, s)?;
        let mut out = Vec::new();
        for (depth, id) in store::scope::ancestors(c, scope.id)?
            .into_iter()
            .enumerate()
        {
            f.scope_id = Some(id);
            for mut v in visible(c, actor, grants, &f, now)? {
                // A role applies below its scope only among scopes of its kind: a directory role
                // at / says nothing about an Azure resource group.
                let fits = match v.role_kind {
                    RoleKind::Directory => scope.kind.is_directory(),
                    RoleKind::Azure => scope.kind.is_azure(),
                    RoleKind::Group => false,
                };
                if depth > 0 {
                    if !fits {
                        continue;
                    }
                    v.member_type = "inherited";
                }
                out.push(v);
            }
        }
        out.sort_by(|a, b| {
            (
                a.principal_name.to_lowercase(),
                a.role_name.to_lowercase(),
                a.member_type,
                a.start,
            )
                .cmp(&(
                    b.principal_name.to_lowercase(),
                    b.role_name.to_lowercase(),
                    b.member_type,
                    b.start,
                ))
        });
        Ok(out)
    }
}

/// Whether the actor may see one row.
fn may_see(
    c: &Conn,
    actor: &Principal,
    grants: &Grants,
    row: &store::assignment::ViewRow,
) -> Result<bool> {
    if row.view.principal_id == actor.id || grants.groups.contains_key(&row.view.principal_id) {
        return Ok(true);
    }
    let ancestors = store::scope::ancestors(c, row.scope_id)?;
    Ok(authz::can_view(grants, row.view.role_kind, &ancestors))
}

pub fn show(db: &mut Db, ctx: &Ctx, id: &str) -> Result<AssignmentView> {
    session::read(db, ctx, |c, actor, grants| {
        let id = names::assignment_id(c, id)?;
        let row =
            store::assignment::view_by_id(c, &id, ctx.now)?.ok_or_else(|| Error::NotFound {
                kind: "assignment",
                name: id.clone(),
                candidates: vec![],
            })?;
        if !may_see(c, actor, grants, &row)? {
            return Err(Error::not_authorized("you may not see this assignment"));
        }
        Ok(row.view)
    })
}

/// Loads an assignment for a change, with its principal, role and scope, after checking that the
/// actor may manage it. Fills the failure row as it goes.
fn load_for_change(op: &mut Op<'_>, id: &str) -> Result<(Assignment, Principal, Role, Scope)> {
    let id = names::assignment_id(op.tx, id)?;
    op.failure.assignment_id = Some(id.clone());
    let a = store::assignment::by_id(op.tx, &id)?.ok_or_else(|| Error::NotFound {
        kind: "assignment",
        name: id.clone(),
        candidates: vec![],
    })?;
    let p = store::principal::by_id(op.tx, &a.principal_id)?
        .ok_or_else(|| Error::invalid("the assignment's principal is gone"))?;
    let r = store::role::by_id(op.tx, &a.role_id)?
        .ok_or_else(|| Error::invalid("the assignment's role is gone"))?;
    let s = store::scope::by_id(op.tx, a.scope_id)?
        .ok_or_else(|| Error::invalid("the assignment's scope is gone"))?;
    op.failure.set_principal(&p);
    op.failure.set_role(&r);
    op.failure.scope = Some(s.path.clone());
    op.failure.category = category_of(r.kind).into();
    let ancestors = store::scope::ancestors(op.tx, s.id)?;
    authz::require_manage(&op.grants, &r, &s, &ancestors)?;
    Ok((a, p, r, s))
}

fn change_entry(
    code: &str,
    activity: &str,
    a: &Assignment,
    p: &Principal,
    r: &Role,
    s: &Scope,
    request_id: &str,
) -> Entry {
    let mut e = Entry::new(code, activity, category_of(r.kind))
        .principal(p)
        .role(r)
        .scope(&s.path);
    e.assignment_id = Some(a.id.clone());
    e.request_id = Some(request_id.to_string());
    e
}

#[allow(clippy::too_many_arguments)]
fn record_request(
    op: &Op<'_>,
    action: RequestAction,
    status: RequestStatus,
    a: &Assignment,
    kind: AssignmentType,
    start: Ts,
    end: Option<Ts>,
    justification: Option<&str>,
    target: &str,
) -> Result<String> {
    let id = uuid::Uuid::new_v4().to_string();
    store::request::insert(
        op.tx,
        &store::request::NewRequest {
            id: &id,
            action,
            status,
            principal_id: &a.principal_id,
            role_id: &a.role_id,
            scope_id: a.scope_id,
            kind,
            start_at: Some(start),
            end_at: end,
            justification,
            ticket_number: None,
            ticket_system: None,
            requested_by: Some(&op.actor.id),
            created_at: op.now(),
            completed_at: Some(op.now()),
            target_assignment_id: Some(target),
        },
    )?;
    Ok(id)
}

/// An activation is bounded by its eligibility and the path it came through: an administrator
/// neither updates, extends nor renews it (as in Entra, where activations change only by their
/// holder's own requests).
fn refuse_activation(a: &Assignment, what: &str) -> Result<()> {
    if a.activated_from.is_none() {
        return Ok(());
    }
    Err(Error::invalid_with_hint(
        format!("an activation is not {what} by an administrator"),
        "change the eligibility it came from, or remove the activation with `pim assign remove`; its holder deactivates it or activates again",
    ))
}

/// Why an activation resting on `a` ends when `a` changes.
pub(crate) fn link_gone(a: &Assignment, r: &Role, s: &Scope, what: &str) -> String {
    match a.kind {
        AssignmentType::Eligible => format!("the eligibility it was activated from was {what}"),
        AssignmentType::Active => format!(
            "the membership of {} it came through ({}) was {what}",
            s.path, r.name
        ),
    }
}

/// Why an assignment is removed, as its audit row says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemovalCause {
    /// `pim assign remove`: Entra's five-minute rule applies.
    Administrator,
    /// Its principal is being deleted (`pim principal remove --force`).
    PrincipalDeleted,
    /// An access review decided `deny` and was applied.
    Review,
}

impl RemovalCause {
    fn as_str(self) -> &'static str {
        match self {
            RemovalCause::Administrator => "administrator",
            RemovalCause::PrincipalDeleted => "principal_deleted",
            RemovalCause::Review => "access_review",
        }
    }
}

/// Removes an assignment within a write, with the activations made from it.
pub fn remove_in(op: &mut Op<'_>, a: &Assignment, cause: RemovalCause) -> Result<()> {
    let now = op.now();
    let p = store::principal::by_id(op.tx, &a.principal_id)?
        .ok_or_else(|| Error::invalid("the assignment's principal is gone"))?;
    let r = store::role::by_id(op.tx, &a.role_id)?
        .ok_or_else(|| Error::invalid("the assignment's role is gone"))?;
    let s = store::scope::by_id(op.tx, a.scope_id)?
        .ok_or_else(|| Error::invalid("the assignment's scope is gone"))?;
    if a.removed_at.is_some() {
        return Err(Error::conflict(format!(
            "assignment {} was already removed",
            &a.id[..8]
        )));
    }
    if a.end_at.is_some_and(|e| e <= now) {
        return Err(Error::conflict(format!(
            "assignment {} has already expired",
            &a.id[..8]
        )));
    }
    if cause == RemovalCause::Administrator && now < a.created_at + MIN_ASSIGNMENT_SECS {
        return Err(Error::policy_with_hint(
            policy::rule::EXPIRATION,
            "an assignment cannot be removed within 5 minutes of being assigned",
            format!(
                "try again after {}",
                op.ctx.when(a.created_at + MIN_ASSIGNMENT_SECS)
            ),
        ));
    }
    if a.kind == AssignmentType::Eligible
        && a.role_id == GLOBAL_ADMINISTRATOR
        && s.kind == ScopeKind::Root
    {
        let held = super::protect::horizon(op.tx, GLOBAL_ADMINISTRATOR, s.id, now, &[])?;
        if held == super::protect::Horizon::Nobody {
            return Err(Error::Protected {
                rule: "LastGlobalAdministrator",
                message: "refused: no enabled user holds an active Global Administrator assignment, so an eligible one cannot be removed".into(),
                hint: None,
            });
        }
    }
    // Activations made from an eligibility, or through a group membership, end with it.
    super::path::end_through(
        op,
        Through::Assignment(&a.id),
        &link_gone(a, &r, &s, "removed"),
    )?;
    store::assignment::set_removed(op.tx, &a.id, now, Some(&op.actor.id))?;
    if let Some(granted_by) = &a.request_id {
        store::request::finish_granted(op.tx, granted_by, RequestStatus::Revoked, now)?;
    }
    let rid = record_request(
        op,
        RequestAction::AdminRemove,
        RequestStatus::Revoked,
        a,
        a.kind,
        a.start_at,
        a.end_at,
        None,
        &a.id,
    )?;
    let mut e = change_entry(
        "assignment.remove",
        &remove_activity(a.kind, a.end_at),
        a,
        &p,
        &r,
        &s,
        &rid,
    );
    e.start_at = Some(a.start_at);
    e.end_at = a.end_at;
    e.details = Some(json!({ "type": a.kind.as_str(), "cause": cause.as_str() }));
    op.audit(&e)?;
    Ok(())
}

pub fn remove(db: &mut Db, ctx: &Ctx, id: &str, opts: WriteOpts) -> Result<AssignmentView> {
    let failure = Entry::new(
        "assignment.remove",
        "Remove member from role in PIM requested (timebound)",
        category::ROLE,
    );
    session::write(db, ctx, failure, opts, |op| remove_by_id_in(op, id))
}

/// `pim assign remove` within a write (an import's `adminRemove` too).
pub fn remove_by_id_in(op: &mut Op<'_>, id: &str) -> Result<AssignmentView> {
    let (a, _, _, _) = load_for_change(op, id)?;
    op.failure.activity = match a.kind {
        AssignmentType::Eligible => format!(
            "Remove eligible member from role in PIM requested ({})",
            span(a.end_at)
        ),
        AssignmentType::Active => format!(
            "Remove member from role in PIM requested ({})",
            span(a.end_at)
        ),
    };
    remove_in(op, &a, RemovalCause::Administrator)?;
    view(op.tx, &a.id, op.now())
}

/// What `pim assign update` may change.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct UpdateInput {
    pub kind: Option<AssignmentType>,
    pub start: Option<Ts>,
    pub end: Option<EndSpec>,
    pub justification: Option<String>,
}

pub fn update(
    db: &mut Db,
    ctx: &Ctx,
    id: &str,
    input: &UpdateInput,
    otp: Option<&str>,
    opts: WriteOpts,
) -> Result<AssignmentView> {
    let failure = Entry::new(
        "assignment.update",
        "Process role update request",
        category::ROLE,
    );
    session::write(db, ctx, failure, opts, |op| {
        op.otp = otp.map(str::to_string);
        update_in(op, id, input)
    })
}

/// `pim assign update` within a write (an import's `adminUpdate` too).
pub fn update_in(op: &mut Op<'_>, id: &str, input: &UpdateInput) -> Result<AssignmentView> {
    let now = op.now();
    let (a, p, r, s) = load_for_change(op, id)?;
    refuse_activation(&a, "updated")?;
    match a.state(now) {
        super::model::AssignmentState::Removed => {
            return Err(Error::conflict(format!(
                "assignment {} was removed",
                &a.id[..8]
            )));
        }
        super::model::AssignmentState::Expired => {
            return Err(Error::Conflict {
                message: format!("assignment {} has expired", &a.id[..8]),
                hint: Some("renew it with `pim assign renew`".into()),
            });
        }
        _ => {}
    }
    if input.kind.is_none()
        && input.start.is_none()
        && input.end.is_none()
        && input.justification.is_none()
    {
        return Err(Error::invalid_with_hint(
            "nothing to change",
            "pass --type, --start, --end, --duration, --permanent or --justification",
        ));
    }
    check_texts(input.justification.as_deref(), None, None)?;
    let kind = input.kind.unwrap_or(a.kind);
    check_group_holder(op.tx, &p, &r, &s, kind, now)?;
    let start = match input.start {
        Some(_) if a.start_at <= now => {
            return Err(Error::invalid(
                "the assignment has already started: its start cannot change",
            ));
        }
        Some(t) => t.max(now),
        None => a.start_at,
    };
    let settings = store::settings::get(op.tx, &r.id, s.id)?.unwrap_or_default();
    let subject = AssignmentSubject {
        service_principal: p.kind == PrincipalKind::ServicePrincipal,
    };
    let end = match input.end {
        None => a.end_at,
        Some(EndSpec::After(secs)) => Some(schedule::add(start.max(now), secs)?),
        Some(spec) => policy::resolve_end(&settings.assignment, subject, kind, start, spec)?,
    };
    if let Some(e) = end
        && e <= now
    {
        return Err(Error::invalid("the end is in the past"));
    }
    let justification = input.justification.clone().or(a.justification.clone());
    policy::check_assignment(
        &settings.assignment,
        subject,
        kind,
        start,
        end,
        justification.as_deref(),
    )?;
    if let Some(existing) =
        store::assignment::overlapping(op.tx, &p.id, &r.id, s.id, kind, start, end, Some(&a.id))?
    {
        return Err(Error::conflict(format!(
            "RoleAssignmentExists: '{}' already has an {kind} assignment of '{}' at {} for that time ({})",
            p.name,
            r.name,
            s.path,
            &existing[..8]
        )));
    }
    // The result is an active assignment: made active, or one whose schedule changes.
    if kind == AssignmentType::Active {
        require_assigner_mfa(op, &settings, &r, &s.path)?;
    }
    store::assignment::update_schedule(
        op.tx,
        &a.id,
        kind,
        start,
        end,
        input.justification.as_deref(),
    )?;
    // What was activated from it (or through it, for a group membership) follows: ended when no
    // longer covered, cut to the new end otherwise.
    let updated = Assignment {
        kind,
        start_at: start,
        end_at: end,
        ..a.clone()
    };
    super::path::follow_change(op, &updated, &link_gone(&a, &r, &s, "changed"))?;
    let rid = record_request(
        op,
        RequestAction::AdminUpdate,
        RequestStatus::Provisioned,
        &a,
        kind,
        start,
        end,
        justification.as_deref(),
        &a.id,
    )?;
    let mut e = change_entry(
        "assignment.update",
        "Process role update request",
        &a,
        &p,
        &r,
        &s,
        &rid,
    );
    e.justification = input.justification.clone();
    e.start_at = Some(start);
    e.end_at = end;
    e.details = Some(json!({
        "old": { "type": a.kind.as_str(), "start": super::clock::rfc3339(a.start_at), "end": a.end_at.map(super::clock::rfc3339) },
        "new": { "type": kind.as_str(), "start": super::clock::rfc3339(start), "end": end.map(super::clock::rfc3339) },
    }));
    note_mfa(op, &mut e);
    op.audit(&e)?;
    super::notify::changed(op, &a.id, &p, &r, &s.path, "updated")?;
    view(op.tx, &a.id, now)
}

/// `pim assign extend`: a later end for a time-bound assignment that has not expired.
/// `--duration` extends by that much past the current end.
pub fn extend(
    db: &mut Db,
    ctx: &Ctx,
    id: &str,
    end: EndSpec,
    justification: Option<&str>,
    otp: Option<&str>,
    opts: WriteOpts,
) -> Result<AssignmentView> {
    let failure = Entry::new(
        "assignment.extend",
        "Update member in PIM requested (extend)",
        category::ROLE,
    );
    session::write(db, ctx, failure, opts, |op| {
        op.otp = otp.map(str::to_string);
        extend_in(op, id, end, justification)
    })
}

/// `pim assign extend` within a write (an import's `adminExtend` too).
pub fn extend_in(
    op: &mut Op<'_>,
    id: &str,
    end: EndSpec,
    justification: Option<&str>,
) -> Result<AssignmentView> {
    let now = op.now();
    let (a, p, r, s) = load_for_change(op, id)?;
    op.failure.activity = extend_activity(a.kind).into();
    refuse_activation(&a, "extended")?;
    check_texts(justification, None, None)?;
    if a.removed_at.is_some() {
        return Err(Error::conflict(format!(
            "assignment {} was removed",
            &a.id[..8]
        )));
    }
    let Some(old_end) = a.end_at else {
        return Err(Error::invalid(format!(
            "assignment {} is permanent: there is nothing to extend",
            &a.id[..8]
        )));
    };
    if old_end <= now {
        return Err(Error::Conflict {
            message: format!("assignment {} has expired", &a.id[..8]),
            hint: Some("renew it with `pim assign renew`".into()),
        });
    }
    let new_end = match end {
        EndSpec::At(t) => Some(t),
        EndSpec::After(secs) => Some(schedule::add(old_end, secs)?),
        EndSpec::Permanent => None,
        EndSpec::Default => {
            return Err(Error::invalid_with_hint(
                "no new end given",
                "pass --end TIME or --duration D",
            ));
        }
    };
    if let Some(e) = new_end
        && e <= old_end
    {
        return Err(Error::invalid(format!(
            "the new end {} is not later than the current end {}",
            op.ctx.when(e),
            op.ctx.when(old_end)
        )));
    }
    let settings = store::settings::get(op.tx, &r.id, s.id)?.unwrap_or_default();
    let subject = AssignmentSubject {
        service_principal: p.kind == PrincipalKind::ServicePrincipal,
    };
    let justification_for_rule = justification
        .map(str::to_string)
        .or(a.justification.clone());
    // The ceiling counts from now for an assignment already running.
    policy::check_assignment(
        &settings.assignment,
        subject,
        a.kind,
        a.start_at.max(now),
        new_end,
        justification_for_rule.as_deref(),
    )?;
    if a.kind == AssignmentType::Active {
        require_assigner_mfa(op, &settings, &r, &s.path)?;
    }
    store::assignment::update_schedule(op.tx, &a.id, a.kind, a.start_at, new_end, justification)?;
    let rid = record_request(
        op,
        RequestAction::AdminExtend,
        RequestStatus::Provisioned,
        &a,
        a.kind,
        a.start_at,
        new_end,
        justification,
        &a.id,
    )?;
    let mut e = change_entry(
        "assignment.extend",
        extend_activity(a.kind),
        &a,
        &p,
        &r,
        &s,
        &rid,
    );
    e.justification = justification.map(str::to_string);
    e.start_at = Some(a.start_at);
    e.end_at = new_end;
    e.details = Some(json!({
        "type": a.kind.as_str(),
        "old_end": super::clock::rfc3339(old_end),
        "new_end": new_end.map(super::clock::rfc3339),
    }));
    note_mfa(op, &mut e);
    op.audit(&e)?;
    super::notify::changed(op, &a.id, &p, &r, &s.path, "extended")?;
    view(op.tx, &a.id, now)
}

/// `pim assign renew`: a new assignment in place of one that expired within the last 30 days.
/// Without an end, the renewed one lasts as long as the old one did.
#[allow(clippy::too_many_arguments)]
pub fn renew(
    db: &mut Db,
    ctx: &Ctx,
    id: &str,
    start: Option<Ts>,
    end: EndSpec,
    justification: Option<&str>,
    otp: Option<&str>,
    opts: WriteOpts,
) -> Result<AssignmentView> {
    let failure = Entry::new(
        "assignment.renew",
        "Add member to role in PIM requested (renew)",
        category::ROLE,
    );
    session::write(db, ctx, failure, opts, |op| {
        op.otp = otp.map(str::to_string);
        let mut v = renew_in(op, id, start, end, justification)?;
        if opts.dry_run {
            // The renewed assignment was not made: no IDs to show.
            v.id.clear();
            v.request_id = None;
        }
        Ok(v)
    })
}

/// `pim assign renew` within a write (an import's `adminRenew` too).
pub fn renew_in(
    op: &mut Op<'_>,
    id: &str,
    start: Option<Ts>,
    end: EndSpec,
    justification: Option<&str>,
) -> Result<AssignmentView> {
    let now = op.now();
    let (a, p, r, s) = load_for_change(op, id)?;
    op.failure.activity = renew_activity(a.kind).into();
    check_texts(justification, None, None)?;
    refuse_activation(&a, "renewed")?;
    check_group_holder(op.tx, &p, &r, &s, a.kind, now)?;
    if a.removed_at.is_some() {
        return Err(Error::conflict(format!(
            "assignment {} was removed; create a new one with `pim assign`",
            &a.id[..8]
        )));
    }
    let old_end = match a.end_at {
        Some(e) if e <= now => e,
        _ => {
            return Err(Error::Conflict {
                message: format!("assignment {} has not expired", &a.id[..8]),
                hint: Some("extend it with `pim assign extend`".into()),
            });
        }
    };
    if now - old_end > RENEW_WINDOW_SECS {
        return Err(Error::conflict(format!(
            "assignment {} expired more than 30 days ago; create a new one with `pim assign`",
            &a.id[..8]
        )));
    }
    let start = start.unwrap_or(now).max(now);
    let settings = store::settings::get(op.tx, &r.id, s.id)?.unwrap_or_default();
    let subject = AssignmentSubject {
        service_principal: p.kind == PrincipalKind::ServicePrincipal,
    };
    let end = match end {
        EndSpec::Default => Some(schedule::add(start, old_end - a.start_at)?),
        other => policy::resolve_end(&settings.assignment, subject, a.kind, start, other)?,
    };
    let justification_for_rule = justification
        .map(str::to_string)
        .or(a.justification.clone());
    policy::check_assignment(
        &settings.assignment,
        subject,
        a.kind,
        start,
        end,
        justification_for_rule.as_deref(),
    )?;
    if let Some(existing) =
        store::assignment::overlapping(op.tx, &p.id, &r.id, s.id, a.kind, start, end, None)?
    {
        return Err(Error::conflict(format!(
            "RoleAssignmentExists: '{}' already has an {} assignment of '{}' at {} for that time ({})",
            p.name,
            a.kind,
            r.name,
            s.path,
            &existing[..8]
        )));
    }
    if a.kind == AssignmentType::Active {
        require_assigner_mfa(op, &settings, &r, &s.path)?;
    }
    let new_id = uuid::Uuid::new_v4().to_string();
    let status = if start > now {
        RequestStatus::Scheduled
    } else {
        RequestStatus::Provisioned
    };
    let rid = record_request(
        op,
        RequestAction::AdminRenew,
        status,
        &a,
        a.kind,
        start,
        end,
        justification_for_rule.as_deref(),
        &new_id,
    )?;
    store::assignment::insert(
        op.tx,
        &Assignment {
            id: new_id.clone(),
            start_at: start,
            end_at: end,
            renewed_from: Some(a.id.clone()),
            request_id: Some(rid.clone()),
            justification: justification_for_rule.clone(),
            created_at: now,
            created_by: Some(op.actor.id.clone()),
            removed_at: None,
            removed_by: None,
            ..a.clone()
        },
    )?;
    let mut e = change_entry(
        "assignment.renew",
        renew_activity(a.kind),
        &a,
        &p,
        &r,
        &s,
        &rid,
    );
    e.assignment_id = Some(new_id.clone());
    e.justification = justification.map(str::to_string);
    e.start_at = Some(start);
    e.end_at = end;
    e.details = Some(json!({
        "type": a.kind.as_str(),
        "renewed_from": a.id,
        "old_end": super::clock::rfc3339(old_end),
    }));
    note_mfa(op, &mut e);
    op.audit(&e)?;
    super::notify::changed(op, &new_id, &p, &r, &s.path, "renewed")?;
    view(op.tx, &new_id, now)
}

/// One row of an import file, with the line it came from (or why it could not be read).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportRow {
    pub line: u64,
    pub input: std::result::Result<AssignInput, String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: u64,
    pub created: u64,
    pub dry_run: bool,
}

/// What one row of an import asks for. A CSV row assigns; a Microsoft schedule request can also
/// update, extend or remove an assignment, or activate one for its requester.
#[derive(Clone, Debug)]
pub enum ImportOp {
    Assign(AssignInput),
    Update(Holding, UpdateInput),
    Extend(Holding, EndSpec, Option<String>),
    Remove(Holding),
    /// Microsoft's `adminRenew`: the assignment that expired last (within 30 days) is renewed.
    Renew(Holding, Option<Ts>, EndSpec, Option<String>),
    /// The principal's own activation (Microsoft's `selfActivate`): only the principal acts.
    Activate(String, super::activate::ActivateInput),
}

impl From<AssignInput> for ImportOp {
    fn from(a: AssignInput) -> Self {
        ImportOp::Assign(a)
    }
}

/// The assignment a request names by what it is rather than by id: a principal's eligible or
/// active assignment of a role at a scope (not an activation, not removed, not expired).
#[derive(Clone, Debug)]
pub struct Holding {
    pub principal: String,
    pub role: String,
    pub scope: Option<String>,
    pub kind: AssignmentType,
}

/// The id of the one assignment `h` names: the principal's own assignment (not one held through a
/// group, not an activation, not removed) of that type, role and exact scope, in force or scheduled
/// (not expired). None is not found; several are a conflict that asks for an id.
fn holding_id(op: &mut Op<'_>, lk: &mut Lookups, h: &Holding) -> Result<String> {
    let p = lk.principal(op.tx, &h.principal)?;
    let r = lk.role(op.tx, &h.role)?;
    let scope_text = match (&h.scope, r.kind) {
        (Some(s), _) => s.clone(),
        (None, RoleKind::Directory) => "/".to_string(),
        (None, _) => return Err(scope_needed(&r)),
    };
    let s = lk.scope(op.tx, &scope_text)?;
    let now = op.now();
    let found: Vec<Assignment> = store::assignment::own_of_role(op.tx, &p.id, &r.id, s.id)?
        .into_iter()
        .filter(|a| a.kind == h.kind && a.end_at.is_none_or(|e| e > now))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(Error::NotFound {
            kind: "assignment",
            name: format!("{} {} of '{}' at {}", p.name, h.kind, r.name, s.path),
            candidates: vec![],
        }),
        many => Err(Error::conflict(format!(
            "'{}' holds {} {} assignments of '{}' at {}: name one by id (`pim assign list --principal {}`)",
            p.name,
            many.len(),
            h.kind,
            r.name,
            s.path,
            p.name
        ))),
    }
}

/// The id of the assignment an `adminRenew` names: of the principal's own assignments of that
/// type, role and exact scope (not activations, not removed), the one that expired last within
/// the renewal window; with none, the one in force (which `renew` refuses: extend it instead).
fn expired_holding_id(op: &mut Op<'_>, lk: &mut Lookups, h: &Holding) -> Result<String> {
    let p = lk.principal(op.tx, &h.principal)?;
    let r = lk.role(op.tx, &h.role)?;
    let scope_text = match (&h.scope, r.kind) {
        (Some(s), _) => s.clone(),
        (None, RoleKind::Directory) => "/".to_string(),
        (None, _) => return Err(scope_needed(&r)),
    };
    let s = lk.scope(op.tx, &scope_text)?;
    let now = op.now();
    let expired = store::assignment::own_of_role(op.tx, &p.id, &r.id, s.id)?
        .into_iter()
        .filter(|a| a.kind == h.kind)
        .filter_map(|a| a.end_at.map(|e| (e, a)))
        .filter(|(e, _)| *e <= now && now - *e <= RENEW_WINDOW_SECS)
        .max_by_key(|(e, _)| *e);
    match expired {
        Some((_, a)) => Ok(a.id),
        None => holding_id(op, lk, h),
    }
}

/// What an import did, row by row; bad rows are collected so that all are reported.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ImportTally {
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    pub extended: u64,
    /// Expired assignments renewed (`adminRenew`): each a new assignment in place of the old.
    #[serde(default)]
    pub renewed: u64,
    pub removed: u64,
    pub activated: u64,
    /// Self-activations recorded and waiting for approval (not activated).
    pub pending: u64,
    /// The first [`BAD_ROWS_KEPT`] bad rows, with their line numbers.
    #[serde(skip)]
    pub bad: Vec<(u64, String)>,
    /// How many bad rows there were past those.
    #[serde(skip)]
    pub more_bad: u64,
    #[serde(skip)]
    pub refused: bool,
}

impl ImportTally {
    /// A row that could not even be read.
    pub fn bad_row(&mut self, line: u64, message: String) {
        self.rows += 1;
        self.keep_bad(line, message);
    }

    /// Keeps a bad row to report, or counts it past the first [`BAD_ROWS_KEPT`].
    fn keep_bad(&mut self, line: u64, message: String) {
        if self.bad.len() < BAD_ROWS_KEPT {
            self.bad.push((line, message));
        } else {
            self.more_bad += 1;
        }
    }

    /// Runs one row within the import's write. A refusal becomes a bad row (its failure row is
    /// not written: the import as a whole fails and is audited once); a storage error ends all.
    pub fn run(
        &mut self,
        op: &mut Op<'_>,
        lk: &mut Lookups,
        line: u64,
        input: std::result::Result<ImportOp, String>,
    ) -> Result<()> {
        self.rows += 1;
        let row = match input {
            Err(msg) => {
                self.keep_bad(line, msg);
                return Ok(());
            }
            Ok(row) => row,
        };
        let saved = op.failure.clone();
        let done = match &row {
            ImportOp::Assign(input) => create_in(op, input, lk).map(|_| &mut self.created),
            ImportOp::Update(h, input) => holding_id(op, lk, h)
                .and_then(|id| update_in(op, &id, input))
                .map(|_| &mut self.updated),
            ImportOp::Extend(h, end, j) => holding_id(op, lk, h)
                .and_then(|id| extend_in(op, &id, *end, j.as_deref()))
                .map(|_| &mut self.extended),
            ImportOp::Remove(h) => holding_id(op, lk, h)
                .and_then(|id| remove_by_id_in(op, &id))
                .map(|_| &mut self.removed),
            ImportOp::Renew(h, start, end, j) => expired_holding_id(op, lk, h)
                .and_then(|id| renew_in(op, &id, *start, *end, j.as_deref()))
                .map(|_| &mut self.renewed),
            ImportOp::Activate(principal, input) => match lk.principal(op.tx, principal) {
                Ok(p) if p.id != op.actor.id => Err(Error::NotAuthorized {
                    message: format!(
                        "a self-activation is made by its principal: '{}' activates, not '{}'",
                        p.name, op.actor.name
                    ),
                    hint: Some(format!("import it as them (--as {})", p.name)),
                }),
                Ok(_) => {
                    // The command's code (`--otp`), checked once for the whole file.
                    let input = super::activate::ActivateInput {
                        otp: input.otp.clone().or(op.otp.clone()),
                        ..input.clone()
                    };
                    // A dry run tries no code (it would let codes be guessed without counting
                    // towards the lock-out): what would refuse the row refuses it.
                    let mut mfa = std::mem::take(&mut op.mfa);
                    let done = super::activate::activate_in(op, &input, &mut mfa, op.dry_run);
                    op.mfa = mfa;
                    done.and_then(|r| match r.outcome {
                        super::activate::Outcome::WouldBeRefused => {
                            Err(super::activate::refusal(&r.violations))
                        }
                        _ => Ok(r),
                    })
                }
                .map(|r| match r.outcome {
                    // Asked, not granted: an import says so, as `pim activate` does.
                    super::activate::Outcome::PendingApproval
                    | super::activate::Outcome::WouldRequestApproval
                    | super::activate::Outcome::AlreadyPending => &mut self.pending,
                    _ => &mut self.activated,
                }),
                Err(e) => Err(e),
            },
        };
        *op.failure = saved;
        match done {
            Ok(n) => *n += 1,
            Err(e @ Error::Store(_)) => return Err(e),
            Err(e) => {
                // Refused (exit 4): the importer may not make the row, or has not passed the MFA
                // it needs.
                self.refused |= matches!(
                    e,
                    Error::NotAuthorized { .. }
                        | Error::Policy {
                            rule: policy::rule::MFA,
                            ..
                        }
                );
                let mut msg = e.to_string();
                for h in e.hints() {
                    msg.push_str(&format!(" ({h})"));
                }
                self.keep_bad(line, msg);
            }
        }
        Ok(())
    }

    /// The import's end: nothing of it stands if a row was bad, and the failure row says why.
    pub fn finish(self, op: &mut Op<'_>, file: &str) -> Result<ImportTally> {
        if self.bad.is_empty() {
            op.failure.details = Some(json!({ "file": file, "rows": self.rows }));
            super::notify::import_done(op)?;
            return Ok(self);
        }
        // The failure row keeps what was wrong, so the audit says why the import was refused.
        let listed: Vec<serde_json::Value> = self
            .bad
            .iter()
            .take(100)
            .map(|(line, msg)| json!({ "line": line, "error": msg }))
            .collect();
        *op.failure = Entry::new(
            "assignment.import",
            "Add member to role in PIM requested (timebound)",
            category::ROLE,
        )
        .details(json!({
            "file": file,
            "rows": self.rows,
            "bad_rows": self.bad.len() as u64 + self.more_bad,
            "first_bad_rows": listed
        }));
        Err(Error::BadRows {
            file: file.to_string(),
            rows: self.bad,
            more: self.more_bad,
            refused: self.refused,
        })
    }
}

/// The bad rows an import keeps to report (the rest are counted): memory stays bounded whatever
/// the file.
pub const BAD_ROWS_KEPT: usize = 1000;

/// `pim assign import`: all rows or none, in one transaction. Rows are taken one at a time as
/// `rows` reads them, so memory stays flat whatever the file's size; every bad row is counted and
/// the first [`BAD_ROWS_KEPT`] are reported with their line numbers.
pub fn import(
    db: &mut Db,
    ctx: &Ctx,
    file: &str,
    rows: &mut dyn Iterator<Item = ImportRow>,
    otp: Option<&str>,
    opts: WriteOpts,
) -> Result<ImportReport> {
    let entry = || {
        Entry::new(
            "assignment.import",
            "Add member to role in PIM requested (timebound)",
            category::ROLE,
        )
    };
    let failure = entry().details(json!({ "file": file }));
    db.bulk_cache()?;
    // The rows are read as they are written: the write cannot be run twice.
    session::write_once(db, ctx, failure, opts, |op| {
        op.otp = otp.map(str::to_string);
        let mut lk = Lookups::default();
        super::notify::import_started(op, file);
        let mut tally = ImportTally::default();
        for row in rows {
            tally.run(op, &mut lk, row.line, row.input.map(ImportOp::from))?;
            lk.forget_principals_past(PRINCIPALS_KEPT);
        }
        let tally = tally.finish(op, file)?;
        Ok(ImportReport {
            rows: tally.rows,
            created: tally.created,
            dry_run: opts.dry_run,
        })
    })
}

#[cfg(test)]
mod ids_tests {
    use super::Ids;

    #[test]
    fn ids_are_random_v4_uuids_handed_out_in_ascending_batches() {
        let mut ids = Ids::default();
        let all: Vec<String> = (0..16 + 32 + 1).map(|_| ids.next()).collect();
        for id in &all {
            assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4);
        }
        // A batch of 16, then one of 32: each ascending (as text, the order of the ID indexes).
        assert!(all[..16].windows(2).all(|w| w[0] < w[1]), "{all:?}");
        assert!(all[16..48].windows(2).all(|w| w[0] < w[1]), "{all:?}");
        let distinct: std::collections::HashSet<&String> = all.iter().collect();
        assert_eq!(distinct.len(), all.len());
        // Random, not counted: two batches do not continue one another.
        let mut other = Ids::default();
        let again: Vec<String> = (0..16).map(|_| other.next()).collect();
        assert_ne!(again, all[..16]);
    }
}
