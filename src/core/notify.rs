//! Notifications (SPEC §7): who is told what, by the nine rules of the role settings, as outbox
//! rows written in the event's own transaction. Sending them is `cli`'s business (I/O); here are
//! the rules, the rows, and the claims that keep two deliver runs from sending a row twice.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::store::Conn;
use serde::Serialize;
use serde_json::{Value, json};

use super::audit::{Entry, category};
use super::authz::{Grants, Listing};
use super::builtin::{
    GLOBAL_ADMINISTRATOR, GROUP_OWNER, OWNER, PRIVILEGED_ROLE_ADMINISTRATOR,
    SECURITY_ADMINISTRATOR, USER_ACCESS_ADMINISTRATOR,
};
use super::clock::{Ts, rfc3339, serde_ts};
use super::error::{Error, Result};
use super::model::{
    Assignment, AssignmentType, Principal, PrincipalKind, RequestAction, Role, RoleKind,
};
use super::policy::{EventRules, NotificationRule, NotificationSettings, RoleSettings};
use super::schedule::{DAY, HOUR};
use super::session::{self, Ctx, Op, WriteOpts};
use crate::store::outbox::{self, OutboxRow, Person};
use crate::store::request::{RequestRow, StageRow};
use crate::store::{self, Db};

/// The three events of the settings' notification rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSet {
    /// Members assigned as eligible.
    EligibleAssignment,
    /// Members assigned as active.
    ActiveAssignment,
    /// Eligible members activate.
    Activation,
}

impl RuleSet {
    pub fn of_kind(kind: AssignmentType) -> RuleSet {
        match kind {
            AssignmentType::Eligible => RuleSet::EligibleAssignment,
            AssignmentType::Active => RuleSet::ActiveAssignment,
        }
    }

    fn rules(self, n: &NotificationSettings) -> &EventRules {
        match self {
            RuleSet::EligibleAssignment => &n.eligible_assignment,
            RuleSet::ActiveAssignment => &n.active_assignment,
            RuleSet::Activation => &n.activation,
        }
    }
}

/// The three audiences of each event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    Admin,
    /// The assignee, or the requestor of an activation or a request.
    Assignee,
    Approver,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Admin => "admin",
            Audience::Assignee => "assignee",
            Audience::Approver => "approver",
        }
    }
}

/// The rule of one event and audience.
pub fn rule(n: &NotificationSettings, set: RuleSet, audience: Audience) -> &NotificationRule {
    let e = set.rules(n);
    match audience {
        Audience::Admin => &e.admin,
        Audience::Assignee => &e.assignee,
        Audience::Approver => &e.approver,
    }
}

/// One recipient of one row: a principal (whose address may be missing), or an additional
/// address from the settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipient {
    pub id: Option<String>,
    pub name: Option<String>,
    pub address: Option<String>,
    /// A group: told through its members, as they are when the row is delivered.
    pub group: bool,
    /// Principals a group's expansion leaves out (comma-separated).
    pub except: Option<String>,
}

impl From<&Person> for Recipient {
    fn from(p: &Person) -> Recipient {
        Recipient {
            id: Some(p.id.clone()),
            name: Some(p.name.clone()),
            // A group's own address is not where its members are told.
            address: if p.group { None } else { p.email.clone() },
            group: p.group,
            except: None,
        }
    }
}

/// Who one rule sends a message to: nothing when the rule is off, or when it sends critical mail
/// only and this one needs no action; else the default recipients (when on) and the additional
/// addresses, each once.
pub fn apply_rule(rule: &NotificationRule, critical: bool, defaults: &[Person]) -> Vec<Recipient> {
    if !rule.enabled || (rule.critical_only && !critical) {
        return Vec::new();
    }
    let mut out: Vec<Recipient> = Vec::new();
    if rule.default_recipients {
        out.extend(defaults.iter().map(Recipient::from));
    }
    for a in &rule.additional_recipients {
        let a = a.trim();
        if a.is_empty()
            || out.iter().any(|r| {
                r.address
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(a))
            })
        {
            continue;
        }
        out.push(Recipient {
            id: None,
            name: None,
            address: Some(a.to_string()),
            group: false,
            except: None,
        });
    }
    out
}

/// A message before it is addressed.
#[derive(Clone, Debug)]
pub struct Message {
    /// Machine code, e.g. `activation.approval_needed`.
    pub kind: &'static str,
    pub subject: String,
    pub body: String,
    /// What the event was about, for webhooks and commands.
    pub data: Value,
    /// Needs action (an approval): sent even under "critical emails only".
    pub critical: bool,
}

/// Writes the message once and one outbox row per recipient, in the caller's transaction.
/// Returns how many recipients.
pub fn queue(
    c: &Conn,
    now: Ts,
    msg: &Message,
    audience: &str,
    recipients: &[Recipient],
) -> Result<usize> {
    if recipients.is_empty() {
        return Ok(0);
    }
    let payload = msg.data.to_string();
    let notification = outbox::insert_notification(
        c,
        &outbox::NewNotification {
            created_at: now,
            kind: msg.kind,
            audience,
            subject: &msg.subject,
            body: &msg.body,
            payload: &payload,
            critical: msg.critical,
        },
    )?;
    for r in recipients {
        let id = uuid::Uuid::new_v4().to_string();
        outbox::insert(
            c,
            &outbox::NewRecipient {
                id: &id,
                notification,
                due_at: now,
                recipient_id: r.id.as_deref(),
                recipient_name: r.name.as_deref(),
                address: r.address.as_deref(),
                expand: r.group,
                except_ids: r.except.as_deref(),
            },
        )?;
    }
    Ok(recipients.len())
}

/// Queues `msg` for one audience under the role settings' rule.
fn send(
    op: &Op<'_>,
    settings: &RoleSettings,
    set: RuleSet,
    audience: Audience,
    msg: &Message,
    defaults: &[Person],
) -> Result<usize> {
    if !op.notify {
        return Ok(0);
    }
    send_except(op, settings, set, audience, msg, defaults, &[])
}

/// `send`, with principals a group's expansion must leave out.
fn send_except(
    op: &Op<'_>,
    settings: &RoleSettings,
    set: RuleSet,
    audience: Audience,
    msg: &Message,
    defaults: &[Person],
    except: &[&str],
) -> Result<usize> {
    if !op.notify {
        return Ok(0);
    }
    let r = rule(&settings.notifications, set, audience);
    let mut to = apply_rule(r, msg.critical, defaults);
    if !except.is_empty() {
        for t in to.iter_mut().filter(|t| t.group) {
            t.except = Some(except.join(","));
        }
    }
    queue(op.tx, op.now(), msg, audience.as_str(), &to)
}

/// What notifications keep for the length of one write.
#[derive(Debug, Default)]
pub struct State {
    /// Administrators per (role kind, scope), computed once per write.
    admins: HashMap<(RoleKind, i64), Vec<Person>>,
    /// An import's administrator alert, gathered row by row and queued once at its end.
    import: Option<ImportSummary>,
}

/// What an import tells administrators, once for the whole file.
#[derive(Debug, Default)]
struct ImportSummary {
    file: String,
    rows: u64,
    /// Rows per (role, type).
    by_role: BTreeMap<(String, &'static str), u64>,
    scopes: HashSet<i64>,
    /// The (role kind, scope) of the rows whose rule sends to the default recipients: their
    /// administrators are looked up once, at the end.
    targets: HashSet<(RoleKind, i64)>,
    /// The rules' additional addresses.
    additional: Vec<String>,
}

/// The holders (principal IDs, groups not expanded) of the roles whose members are told about a
/// role's assignments and activations: Global and Privileged Role Administrators for directory
/// and group roles; Owners and User Access Administrators at the scope or above it for Azure
/// roles. Those active at this instant.
fn admin_holders(c: &Conn, kind: RoleKind, scope_id: i64, now: Ts) -> Result<Vec<String>> {
    Ok(match kind {
        RoleKind::Directory => outbox::active_holders(
            c,
            &[GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR],
            &[root_id(c)?],
            now,
        )?,
        // A group's administrators are also its active owners (SPEC §2); `active_holders`
        // lists each holder once.
        RoleKind::Group => outbox::active_holders(
            c,
            &[
                GLOBAL_ADMINISTRATOR,
                PRIVILEGED_ROLE_ADMINISTRATOR,
                GROUP_OWNER,
            ],
            &[root_id(c)?, scope_id],
            now,
        )?,
        RoleKind::Azure => {
            let ancestors = store::scope::ancestors(c, scope_id)?;
            outbox::active_holders(c, &[OWNER, USER_ACCESS_ADMINISTRATOR], &ancestors, now)?
        }
    })
}

/// The administrators told about a role's assignments and activations (see `admin_holders`),
/// groups expanded to their enabled members.
pub fn admins(c: &Conn, role: &Role, scope_id: i64, now: Ts) -> Result<Vec<Person>> {
    Ok(outbox::people(
        c,
        &admin_holders(c, role.kind, scope_id, now)?,
    )?)
}

/// `admins`, computed once per role kind and scope within one write.
fn admins_of(op: &Op<'_>, role: &Role, scope_id: i64) -> Result<Vec<Person>> {
    let key = (role.kind, scope_id);
    if let Some(p) = op.notes.borrow().admins.get(&key) {
        return Ok(p.clone());
    }
    let people = admins(op.tx, role, scope_id, op.now())?;
    op.notes.borrow_mut().admins.insert(key, people.clone());
    Ok(people)
}

/// Who receives the weekly digest (reference §5.3): Privileged Role Administrators, Security
/// Administrators and Global Administrators active now.
pub fn digest_recipients(c: &Conn, now: Ts) -> Result<Vec<Person>> {
    let root = root_id(c)?;
    let ids = outbox::active_holders(
        c,
        &[
            GLOBAL_ADMINISTRATOR,
            PRIVILEGED_ROLE_ADMINISTRATOR,
            SECURITY_ADMINISTRATOR,
        ],
        &[root],
        now,
    )?;
    Ok(outbox::people(c, &ids)?)
}

fn root_id(c: &Conn) -> Result<i64> {
    Ok(store::scope::root_id(c)?)
}

/// The principal itself, when enabled (a group is told through its members when delivered).
fn assignee(p: &Principal) -> Result<Vec<Person>> {
    if !p.enabled {
        return Ok(Vec::new());
    }
    Ok(vec![Person {
        id: p.id.clone(),
        name: p.name.clone(),
        email: p.email.clone(),
        group: p.kind == PrincipalKind::Group,
    }])
}

/// Who may decide a stage now (never the requester; a group's expansion leaves them out too).
fn stage_approvers(
    op: &Op<'_>,
    req: &RequestRow,
    stage: &StageRow,
    role: &Role,
) -> Result<Vec<Person>> {
    let c = op.tx;
    let ids = super::approve::current_approvers(c, req, stage)?;
    let mut people = if ids.is_empty() {
        admins_of(op, role, req.scope_id)?
    } else {
        outbox::people(c, &ids)?
    };
    people.retain(|p| p.id != req.principal_id && Some(&p.id) != req.requested_by.as_ref());
    Ok(people)
}

/// The role, the principal and the scope's path an assignment or request is about; `None` when the
/// role or the principal no longer exists (nothing is then told).
fn parties(
    c: &Conn,
    role_id: &str,
    principal_id: &str,
    scope_id: i64,
) -> Result<Option<(Role, Principal, String)>> {
    let Some(role) = store::role::by_id(c, role_id)? else {
        return Ok(None);
    };
    let Some(principal) = store::principal::by_id(c, principal_id)? else {
        return Ok(None);
    };
    let scope = store::scope::by_id(c, scope_id)?
        .map(|s| s.path)
        .unwrap_or_default();
    Ok(Some((role, principal, scope)))
}

fn end_text(end: Option<Ts>) -> String {
    end.map(rfc3339).unwrap_or_else(|| "permanent".into())
}

fn settings_of(c: &Conn, role_id: &str, scope_id: i64) -> Result<RoleSettings> {
    Ok(store::settings::get(c, role_id, scope_id)?.unwrap_or_default())
}

/// What every message about one assignment or request says about it.
struct About<'a> {
    principal: &'a Principal,
    role: &'a Role,
    scope: &'a str,
    kind: AssignmentType,
    start: Option<Ts>,
    end: Option<Ts>,
    justification: Option<&'a str>,
    assignment_id: Option<&'a str>,
    request_id: Option<&'a str>,
}

impl<'a> About<'a> {
    /// What an assignment (or activation) is about.
    fn of(a: &'a Assignment, principal: &'a Principal, role: &'a Role, scope: &'a str) -> Self {
        About {
            principal,
            role,
            scope,
            kind: a.kind,
            start: Some(a.start_at),
            end: a.end_at,
            justification: a.justification.as_deref(),
            assignment_id: Some(&a.id),
            request_id: a.request_id.as_deref(),
        }
    }

    fn data(&self, event: &str, actor: &str) -> Value {
        json!({
            "event": event,
            "actor": actor,
            "principal": self.principal.name,
            "principal_id": self.principal.id,
            "role": self.role.name,
            "role_id": self.role.id,
            "scope": self.scope,
            "type": self.kind.as_str(),
            "start": self.start.map(rfc3339),
            "end": self.end.map(rfc3339),
            "justification": self.justification,
            "assignment_id": self.assignment_id,
            "request_id": self.request_id,
        })
    }

    fn facts(&self) -> String {
        let mut s = format!(
            "Principal: {}\nRole: {}\nScope: {}\nType: {}\n",
            self.principal.name, self.role.name, self.scope, self.kind
        );
        if let Some(t) = self.start {
            s.push_str(&format!("Start: {}\n", rfc3339(t)));
        }
        s.push_str(&format!("End: {}\n", end_text(self.end)));
        if let Some(j) = self.justification {
            s.push_str(&format!("Justification: {j}\n"));
        }
        if let Some(id) = self.request_id {
            s.push_str(&format!("Request: {id}\n"));
        }
        if let Some(id) = self.assignment_id {
            s.push_str(&format!("Assignment: {id}\n"));
        }
        s
    }
}

/// An administrator assigned a role (eligible or active): the role assignment alert to admins
/// and the notification to the assignee.
/// Within an import, administrators hear once, at its end (`import_started`, `import_done`).
pub fn assigned(
    op: &Op<'_>,
    a: &Assignment,
    principal: &Principal,
    role: &Role,
    scope: &str,
    settings: &RoleSettings,
) -> Result<()> {
    if !op.notify {
        return Ok(());
    }
    let set = RuleSet::of_kind(a.kind);
    let about = About::of(a, principal, role, scope);
    let kind = match a.kind {
        AssignmentType::Eligible => "assignment.eligible",
        AssignmentType::Active => "assignment.active",
    };
    let data = about.data(kind, &op.actor.name);
    if op.notes.borrow().import.is_some() {
        gather_import(op, settings, set, a, role)?;
    } else {
        let admin = Message {
            kind,
            subject: format!(
                "PIM: {} was assigned the {} role {} at {}",
                principal.name, a.kind, role.name, scope
            ),
            body: format!(
                "Role assignment alert: {} assigned {} the {} role {} at {}.\n\n{}",
                op.actor.name,
                principal.name,
                a.kind,
                role.name,
                scope,
                about.facts()
            ),
            data: data.clone(),
            critical: false,
        };
        send(
            op,
            settings,
            set,
            Audience::Admin,
            &admin,
            &admins_of(op, role, a.scope_id)?,
        )?;
    }
    let what = match a.kind {
        AssignmentType::Eligible => "eligible for",
        AssignmentType::Active => "assigned",
    };
    let to_assignee = Message {
        kind,
        subject: format!("PIM: You are {what} the role {} at {scope}", role.name),
        body: format!(
            "{} made you {what} the role {} at {scope}.{}\n\n{}",
            op.actor.name,
            role.name,
            if a.kind == AssignmentType::Eligible {
                " Activate it with `pim activate` when you need it."
            } else {
                ""
            },
            about.facts()
        ),
        data,
        critical: false,
    };
    send(
        op,
        settings,
        set,
        Audience::Assignee,
        &to_assignee,
        &assignee(principal)?,
    )?;
    Ok(())
}

/// An import starts: its rows' administrator alerts are gathered into one message.
pub fn import_started(op: &Op<'_>, file: &str) {
    op.notes.borrow_mut().import = Some(ImportSummary {
        file: file.to_string(),
        ..ImportSummary::default()
    });
}

/// One imported row, by the administrator rule of its role and scope.
fn gather_import(
    op: &Op<'_>,
    settings: &RoleSettings,
    set: RuleSet,
    a: &Assignment,
    role: &Role,
) -> Result<()> {
    let r = rule(&settings.notifications, set, Audience::Admin);
    // An assignment alert never needs action: "critical emails only" sends none.
    if !r.enabled || r.critical_only {
        return Ok(());
    }
    let mut st = op.notes.borrow_mut();
    let Some(sum) = st.import.as_mut() else {
        return Ok(());
    };
    sum.rows += 1;
    *sum.by_role
        .entry((role.name.clone(), a.kind.as_str()))
        .or_default() += 1;
    sum.scopes.insert(a.scope_id);
    if r.default_recipients {
        sum.targets.insert((role.kind, a.scope_id));
    }
    for x in &r.additional_recipients {
        if !sum
            .additional
            .iter()
            .any(|y| y.eq_ignore_ascii_case(x.trim()))
        {
            sum.additional.push(x.trim().to_string());
        }
    }
    Ok(())
}

/// The administrators of every (role kind, scope) of an import: the Owners and User Access
/// Administrators over the union of the Azure scopes' ancestors (each scope looked up once,
/// however many rows share it), and those of the directory and group roles.
fn import_admins(c: &Conn, targets: &HashSet<(RoleKind, i64)>, now: Ts) -> Result<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    let mut azure: BTreeSet<i64> = BTreeSet::new();
    let mut directory = false;
    for &(kind, scope) in targets {
        match kind {
            RoleKind::Azure => azure.extend(store::scope::ancestors(c, scope)?),
            // Every directory role has the same administrators, at the root.
            RoleKind::Directory if directory => {}
            RoleKind::Directory => {
                directory = true;
                ids.extend(admin_holders(c, kind, scope, now)?);
            }
            RoleKind::Group => ids.extend(admin_holders(c, kind, scope, now)?),
        }
    }
    let azure: Vec<i64> = azure.into_iter().collect();
    ids.extend(outbox::active_holders(
        c,
        &[OWNER, USER_ACCESS_ADMINISTRATOR],
        &azure,
        now,
    )?);
    Ok(ids)
}

/// The import is done: one role assignment alert for the whole file, to every administrator of
/// its rows (each once), with counts by role and type. Returns how many recipients.
pub fn import_done(op: &Op<'_>) -> Result<usize> {
    let Some(sum) = op.notes.borrow_mut().import.take() else {
        return Ok(0);
    };
    if sum.rows == 0 {
        return Ok(0);
    }
    let people = outbox::people(op.tx, &import_admins(op.tx, &sum.targets, op.now())?)?;
    let to = apply_rule(
        &NotificationRule {
            enabled: true,
            default_recipients: true,
            additional_recipients: sum.additional.clone(),
            critical_only: false,
        },
        false,
        &people,
    );
    let actor = &op.actor.name;
    let mut lines = String::new();
    for ((role, kind), n) in &sum.by_role {
        lines.push_str(&format!("  {n} {kind} {role}\n"));
    }
    let msg = Message {
        kind: "assignment.import",
        subject: format!(
            "PIM: {actor} imported {} role assignment(s) from {}",
            sum.rows, sum.file
        ),
        body: format!(
            "Role assignment alert: {actor} imported {} role assignment(s) at {} scope(s) from {}:\n{lines}\nEach has its audit row: pim audit list --actor {actor} --action assignment.create\n",
            sum.rows,
            sum.scopes.len(),
            sum.file
        ),
        data: json!({
            "event": "assignment.import",
            "actor": actor,
            "file": sum.file,
            "rows": sum.rows,
            "scopes": sum.scopes.len(),
            "by_role": sum.by_role.iter().map(|((role, kind), n)| json!({
                "role": role, "type": kind, "count": n,
            })).collect::<Vec<_>>(),
        }),
        critical: false,
    };
    queue(op.tx, op.now(), &msg, Audience::Admin.as_str(), &to)
}

/// An administrator updated, extended or renewed an assignment (`what`: "updated", "extended",
/// "renewed"): the admins and the assignee hear, by the rules of the assignment's type.
pub fn changed(
    op: &Op<'_>,
    assignment_id: &str,
    principal: &Principal,
    role: &Role,
    scope: &str,
    what: &'static str,
) -> Result<()> {
    if !op.notify {
        return Ok(());
    }
    let Some(a) = store::assignment::by_id(op.tx, assignment_id)? else {
        return Ok(());
    };
    let settings = settings_of(op.tx, &role.id, a.scope_id)?;
    let set = RuleSet::of_kind(a.kind);
    let about = About::of(&a, principal, role, scope);
    let kind = match what {
        "extended" => "assignment.extended",
        "renewed" => "assignment.renewed",
        _ => "assignment.updated",
    };
    let data = about.data(kind, &op.actor.name);
    let admin = Message {
        kind,
        subject: format!(
            "PIM: {}'s {} role {} at {scope} was {what}",
            principal.name, a.kind, role.name
        ),
        body: format!(
            "Role assignment alert: {} {what} the {} assignment of {} to the role {} at {scope}; it now ends {}.\n\n{}",
            op.actor.name,
            a.kind,
            principal.name,
            role.name,
            end_text(a.end_at),
            about.facts()
        ),
        data: data.clone(),
        critical: false,
    };
    send(
        op,
        &settings,
        set,
        Audience::Admin,
        &admin,
        &admins_of(op, role, a.scope_id)?,
    )?;
    let to_assignee = Message {
        kind,
        subject: format!(
            "PIM: Your {} role {} at {scope} was {what}",
            a.kind, role.name
        ),
        body: format!(
            "{} {what} your {} assignment of the role {} at {scope}; it now ends {}.\n\n{}",
            op.actor.name,
            a.kind,
            role.name,
            end_text(a.end_at),
            about.facts()
        ),
        data,
        critical: false,
    };
    send(
        op,
        &settings,
        set,
        Audience::Assignee,
        &to_assignee,
        &assignee(principal)?,
    )?;
    Ok(())
}

fn request_about<'a>(
    req: &'a RequestRow,
    principal: &'a Principal,
    role: &'a Role,
    scope: &'a str,
) -> About<'a> {
    About {
        principal,
        role,
        scope,
        kind: req.kind,
        start: req.start_at,
        end: req.end_at,
        justification: req.justification.as_deref(),
        assignment_id: req.target_assignment_id.as_deref(),
        request_id: Some(&req.id),
    }
}

/// The settings and rule set a request's messages go by: an activation's are those of the
/// eligibility's scope and the activation rules; an extension's or renewal's those of the
/// assignment's type.
fn request_rules(c: &Conn, req: &RequestRow) -> Result<(RoleSettings, RuleSet)> {
    if req.action == RequestAction::SelfActivate {
        let scope = match &req.eligibility_id {
            Some(e) => store::assignment::by_id(c, e)?
                .map(|a| a.scope_id)
                .unwrap_or(req.scope_id),
            None => req.scope_id,
        };
        Ok((settings_of(c, &req.role_id, scope)?, RuleSet::Activation))
    } else {
        Ok((
            settings_of(c, &req.role_id, req.scope_id)?,
            RuleSet::of_kind(req.kind),
        ))
    }
}

fn request_what(req: &RequestRow) -> &'static str {
    match req.action {
        RequestAction::SelfActivate => "activation",
        RequestAction::SelfExtend => "extension",
        RequestAction::SelfRenew => "renewal",
        _ => "request",
    }
}

/// A stage of a request started waiting for its approvers: "Request to approve", critical.
/// On the first stage the requestor also hears that the request waits.
pub fn approval_needed(op: &Op<'_>, request_id: &str, stage: i64) -> Result<()> {
    if !op.notify {
        return Ok(());
    }
    let c = op.tx;
    let Some(req) = store::request::by_id(c, request_id)? else {
        return Ok(());
    };
    let Some(st) = store::request::stages(c, request_id)?
        .into_iter()
        .find(|s| s.stage == stage)
    else {
        return Ok(());
    };
    let Some((role, principal, scope)) = parties(c, &req.role_id, &req.principal_id, req.scope_id)?
    else {
        return Ok(());
    };
    let (settings, set) = request_rules(c, &req)?;
    let about = request_about(&req, &principal, &role, &scope);
    let what = request_what(&req);
    let kind = if req.action == RequestAction::SelfActivate {
        "activation.approval_needed"
    } else {
        "request.approval_needed"
    };
    let short = &req.id[..8];
    let msg = Message {
        kind,
        subject: format!(
            "PIM: Action needed: approve or deny the {what} of {} by {}",
            role.name, principal.name
        ),
        body: format!(
            "{} asks for the {what} of the role {} at {scope}. Stage {stage} of this request waits for your decision ({} approval(s) needed).\n\nApprove: pim approve {short} --justification \"...\"\nDeny:    pim deny {short} --justification \"...\"\n\n{}",
            principal.name,
            role.name,
            st.required_approvals,
            about.facts()
        ),
        data: {
            let mut d = about.data(kind, &op.actor.name);
            d["stage"] = json!(stage);
            d["action"] = json!(req.action.as_str());
            d
        },
        critical: true,
    };
    // Never the requester, nor who asked on their behalf, even as a member of an approving group.
    let mut except = vec![req.principal_id.as_str()];
    if let Some(by) = req.requested_by.as_deref() {
        except.push(by);
    }
    send_except(
        op,
        &settings,
        set,
        Audience::Approver,
        &msg,
        &stage_approvers(op, &req, &st, &role)?,
        &except,
    )?;
    if stage == 1 {
        let msg = Message {
            kind: "request.pending",
            subject: format!(
                "PIM: Your {what} request for {} is waiting for approval",
                role.name
            ),
            body: format!(
                "Your request for the {what} of the role {} at {scope} was sent to its approvers. You will be told when it is decided.\n\n{}",
                role.name,
                about.facts()
            ),
            data: about.data("request.pending", &op.actor.name),
            critical: false,
        };
        send(
            op,
            &settings,
            set,
            Audience::Assignee,
            &msg,
            &assignee(&principal)?,
        )?;
    }
    Ok(())
}

/// A request was decided or ended: approved, denied, timed out, failed. The requestor hears.
pub fn request_outcome(op: &Op<'_>, request_id: &str, outcome: &str) -> Result<()> {
    if !op.notify {
        return Ok(());
    }
    let c = op.tx;
    let Some(req) = store::request::by_id(c, request_id)? else {
        return Ok(());
    };
    let Some((role, principal, scope)) = parties(c, &req.role_id, &req.principal_id, req.scope_id)?
    else {
        return Ok(());
    };
    let (settings, set) = request_rules(c, &req)?;
    let about = request_about(&req, &principal, &role, &scope);
    let what = request_what(&req);
    let kind = match outcome {
        "approved" => "request.approved",
        "denied" => "request.denied",
        "timed_out" => "request.timed_out",
        _ => "request.failed",
    };
    let phrase = match outcome {
        "approved" => "was approved".to_string(),
        "denied" => "was denied".to_string(),
        "timed_out" => "timed out: no approver decided in time; ask again".to_string(),
        _ => format!(
            "could not be granted: {}",
            req.reason.as_deref().unwrap_or("it failed")
        ),
    };
    let msg = Message {
        kind,
        subject: format!(
            "PIM: Your {what} request for {} {}",
            role.name,
            match outcome {
                "approved" => "was approved",
                "denied" => "was denied",
                "timed_out" => "timed out",
                _ => "failed",
            }
        ),
        body: format!(
            "Your request for the {what} of the role {} at {scope} {phrase}.\n\n{}",
            role.name,
            about.facts()
        ),
        data: {
            let mut d = about.data(kind, &op.actor.name);
            d["outcome"] = json!(outcome);
            d["action"] = json!(req.action.as_str());
            d
        },
        critical: false,
    };
    send(
        op,
        &settings,
        set,
        Audience::Assignee,
        &msg,
        &assignee(&principal)?,
    )?;
    Ok(())
}

/// An activation took effect (at once, or when approved): the role activation alert to admins
/// and the notification to the activated user.
pub fn activated(op: &Op<'_>, a: &Assignment, settings_scope_id: i64) -> Result<()> {
    if !op.notify {
        return Ok(());
    }
    let c = op.tx;
    let Some((role, principal, scope)) = parties(c, &a.role_id, &a.principal_id, a.scope_id)?
    else {
        return Ok(());
    };
    let settings = settings_of(c, &role.id, settings_scope_id)?;
    let about = About::of(a, &principal, &role, &scope);
    let data = about.data("activation", &op.actor.name);
    let msg = Message {
        kind: "activation",
        subject: format!(
            "PIM: {} activated the role {} at {scope}",
            principal.name, role.name
        ),
        body: format!(
            "Role activation alert: {} activated the role {} at {scope} until {}.\n\n{}",
            principal.name,
            role.name,
            end_text(a.end_at),
            about.facts()
        ),
        data: data.clone(),
        critical: false,
    };
    send(
        op,
        &settings,
        RuleSet::Activation,
        Audience::Admin,
        &msg,
        &admins_of(op, &role, a.scope_id)?,
    )?;
    let msg = Message {
        kind: "activation",
        subject: format!("PIM: Your role {} at {scope} is active", role.name),
        body: format!(
            "Your activation of the role {} at {scope} is in force from {} until {}.\n\n{}",
            role.name,
            rfc3339(a.start_at),
            end_text(a.end_at),
            about.facts()
        ),
        data,
        critical: false,
    };
    send(
        op,
        &settings,
        RuleSet::Activation,
        Audience::Assignee,
        &msg,
        &assignee(&principal)?,
    )?;
    Ok(())
}

/// Reminders before the end of an administrator's assignment: 14 days and 1 day before.
pub const REMINDERS: [(i64, &str); 2] = [(14 * DAY, "14d"), (DAY, "1d")];

fn expiry_message(
    a: &Assignment,
    principal: &Principal,
    role: &Role,
    scope: &str,
    when: Option<&str>,
) -> Message {
    let about = About::of(a, principal, role, scope);
    let kind = if when.is_some() {
        "assignment.expiring"
    } else {
        "assignment.expired"
    };
    let mut data = about.data(kind, super::session::SYSTEM_ACTOR);
    let (subject, body) = match when {
        Some(w) => {
            data["reminder"] = json!(w);
            (
                format!(
                    "PIM: Your {} role {} at {scope} expires {}",
                    a.kind,
                    role.name,
                    if w == "1d" { "tomorrow" } else { "in 14 days" }
                ),
                format!(
                    "Your {} assignment of the role {} at {scope} ends at {}. To keep it, ask for an extension: pim extend --role \"{}\"{}\n\n{}",
                    a.kind,
                    role.name,
                    end_text(a.end_at),
                    role.name,
                    if scope == "/" {
                        String::new()
                    } else {
                        format!(" --scope {scope}")
                    },
                    about.facts()
                ),
            )
        }
        None => (
            format!("PIM: Your {} role {} at {scope} expired", a.kind, role.name),
            format!(
                "Your {} assignment of the role {} at {scope} ended at {}. It can be renewed within 30 days: pim renew --role \"{}\"\n\n{}",
                a.kind,
                role.name,
                end_text(a.end_at),
                role.name,
                about.facts()
            ),
        ),
    };
    Message {
        kind,
        subject,
        body,
        data,
        critical: false,
    }
}

/// Queues the expiry reminders that are due, each once per assignment and end (an extended
/// assignment gets its reminders again). Part of every write and of `pim sweep`.
pub fn record_reminders(op: &mut Op<'_>) -> Result<usize> {
    if !op.notify {
        return Ok(0);
    }
    let now = op.now();
    let mut n = 0;
    for (within, label) in REMINDERS {
        for a in outbox::ending_within(op.tx, now, within)? {
            let Some(end) = a.end_at else { continue };
            // The 14-day reminder is not sent once the 1-day one is due.
            if label == "14d" && end - now <= DAY {
                continue;
            }
            if !outbox::mark_once(op.tx, &format!("expiring:{label}:{}:{end}", a.id), now)? {
                continue;
            }
            n += expiry_notice(op, &a, Some(label))?;
        }
    }
    Ok(n)
}

/// Tells the assignee that an administrator's assignment expired (activations end too often to
/// tell). Called once per expiry, where it is recorded.
pub fn expired(op: &Op<'_>, a: &Assignment) -> Result<usize> {
    if !op.notify || a.activated_from.is_some() {
        return Ok(0);
    }
    expiry_notice(op, a, None)
}

fn expiry_notice(op: &Op<'_>, a: &Assignment, when: Option<&str>) -> Result<usize> {
    let c = op.tx;
    let Some((role, principal, scope)) = parties(c, &a.role_id, &a.principal_id, a.scope_id)?
    else {
        return Ok(0);
    };
    let settings = settings_of(c, &role.id, a.scope_id)?;
    let msg = expiry_message(a, &principal, &role, &scope, when);
    send(
        op,
        &settings,
        RuleSet::of_kind(a.kind),
        Audience::Assignee,
        &msg,
        &assignee(&principal)?,
    )
}

/// How long before a review's end its reviewers are reminded.
pub const REVIEW_REMINDER_SECS: i64 = DAY;

/// Reminds the reviewers of a review that ends within a day of what they have not decided, once
/// per review. Reviews have their own settings in Entra, not the role's rules: this always goes.
pub fn record_review_reminders(op: &mut Op<'_>) -> Result<usize> {
    if !op.notify {
        return Ok(0);
    }
    let now = op.now();
    let mut n = 0;
    for id in outbox::reviews_ending(op.tx, now, REVIEW_REMINDER_SECS)? {
        let Some(r) = store::review::by_id(op.tx, &id)? else {
            continue;
        };
        let items = store::review::items(op.tx, &r.id)?;
        let open: Vec<_> = items
            .iter()
            .filter(|i| i.decision == "not_reviewed")
            .collect();
        if open.is_empty() {
            continue;
        }
        if !outbox::mark_once(op.tx, &format!("review:{}", r.id), now)? {
            continue;
        }
        let role = store::role::by_id(op.tx, &r.role_id)?
            .map(|r| r.name)
            .unwrap_or_default();
        let scope = store::scope::by_id(op.tx, r.scope_id)?
            .map(|s| s.path)
            .unwrap_or_default();
        // Self-review: each principal decides for themselves; else the reviewers.
        let people = if r.self_review {
            let ids: Vec<String> = open.iter().map(|i| i.principal_id.clone()).collect();
            outbox::people(op.tx, &ids)?
        } else {
            outbox::people(op.tx, &r.reviewers)?
        };
        let to: Vec<Recipient> = people.iter().map(Recipient::from).collect();
        let short = &r.id[..8];
        let msg = Message {
            kind: "review.reminder",
            subject: format!(
                "PIM: Action needed: access review \"{}\" ends {}",
                r.name,
                rfc3339(r.end_at)
            ),
            body: format!(
                "The access review \"{}\" of the role {role} at {scope} ends at {} and {} of its {} item(s) are not decided.\n\nDecide: pim review decide {short} ...\nSee it:  pim review show {short}\n",
                r.name,
                rfc3339(r.end_at),
                open.len(),
                items.len()
            ),
            data: json!({
                "event": "review.reminder",
                "review_id": r.id,
                "name": r.name,
                "role": role,
                "scope": scope,
                "end": rfc3339(r.end_at),
                "undecided": open.len(),
                "items": items.len(),
            }),
            critical: true,
        };
        n += queue(op.tx, now, &msg, "reviewer", &to)?;
    }
    Ok(n)
}

// ---------------------------------------------------------------------------------------------
// Reading, claiming and marking the outbox.

/// One outbox row as `pim notifications list` shows it (the JSON shape is a contract).
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct NotificationView {
    pub id: String,
    #[serde(with = "serde_ts")]
    pub created_at: Ts,
    pub kind: String,
    pub audience: String,
    pub recipient_id: Option<String>,
    pub recipient: Option<String>,
    pub address: Option<String>,
    pub subject: String,
    pub body: String,
    pub payload: Value,
    pub critical: bool,
    /// `delivered`, `failed` (tried, will be retried) or `pending`.
    pub state: std::borrow::Cow<'static, str>,
    pub attempts: i64,
    #[serde(with = "serde_ts")]
    pub next_attempt_at: Ts,
    pub last_error: Option<String>,
    #[serde(with = "serde_ts::option")]
    pub delivered_at: Option<Ts>,
    /// The channels that accepted it.
    pub channels: Vec<String>,
}

pub fn channels_of(row: &OutboxRow) -> Vec<String> {
    row.channel
        .as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl From<OutboxRow> for NotificationView {
    fn from(r: OutboxRow) -> NotificationView {
        let state = if r.delivered_at.is_some() {
            "delivered"
        } else if r.last_error.is_some() {
            "failed"
        } else {
            "pending"
        };
        NotificationView {
            channels: channels_of(&r),
            payload: serde_json::from_str(&r.payload).unwrap_or(Value::Null),
            id: r.id,
            created_at: r.created_at,
            kind: r.kind,
            audience: r.audience,
            recipient_id: r.recipient_id,
            recipient: r.recipient_name,
            address: r.address,
            subject: r.subject,
            body: r.body,
            critical: r.critical,
            state: state.into(),
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at,
            last_error: r.last_error,
            delivered_at: r.delivered_at,
        }
    }
}

fn require_admin(grants: &Grants, what: &str) -> Result<()> {
    if grants.is_directory_admin() {
        Ok(())
    } else {
        Err(Error::not_authorized(format!(
            "{what} needs an active Global Administrator or Privileged Role Administrator assignment"
        )))
    }
}

/// `pim notifications list`.
/// `pim notifications list`: newest first, at most `filter.limit`, saying whether there were
/// more.
pub fn list(db: &mut Db, ctx: &Ctx, filter: outbox::Filter) -> Result<Listing<NotificationView>> {
    session::read(db, ctx, |c, _actor, grants| {
        require_admin(grants, "reading notifications")?;
        let mut rows = outbox::list(
            c,
            outbox::Filter {
                limit: filter.limit.map(|n| n.saturating_add(1)),
                ..filter
            },
        )?;
        let more = filter.limit.is_some_and(|n| rows.len() as u64 > n);
        if let Some(n) = filter.limit {
            rows.truncate(usize::try_from(n).unwrap_or(usize::MAX));
        }
        Ok(Listing {
            items: rows.into_iter().map(NotificationView::from).collect(),
            narrowed: None,
            more,
        })
    })
}

/// The shortest time a deliver run holds the rows it claimed before another run may take them
/// over (it crashed, or hangs): at-least-once, never lost.
pub const LEASE_SECS: i64 = 10 * 60;

/// Claims up to `limit` due rows for one deliver run, in one short write (which also records what
/// expired and queues the reminders that are due, as every write does). Rows whose recipient had
/// no address take the principal's address if it has one now.
pub fn claim(
    db: &mut Db,
    ctx: &Ctx,
    token: &str,
    limit: u64,
    lease_secs: i64,
) -> Result<Vec<OutboxRow>> {
    let failure = Entry::new(
        "notification.deliver",
        "Deliver notifications",
        category::ROLE,
    );
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        require_admin(&op.grants, "delivering notifications")?;
        let mut rows = outbox::claim(op.tx, token, op.now(), op.now() + lease_secs, limit)?;
        for r in rows.iter_mut().filter(|r| r.address.is_none()) {
            if let Some(pid) = &r.recipient_id
                && let Some(p) = store::principal::by_id(op.tx, pid)?
                && let Some(email) = p.email.filter(|e| !e.trim().is_empty())
            {
                op.tx.execute(
                    "UPDATE outbox SET address = ?2 WHERE seq = ?1",
                    crate::params![r.seq, email],
                )?;
                r.address = Some(email);
            }
        }
        Ok(rows)
    })
}

/// The wait before the next attempt after `attempts` failed ones: 1 minute, doubling, at most 6
/// hours.
pub fn backoff(attempts: i64) -> i64 {
    let exp = attempts.clamp(1, 20) - 1;
    (60_i64 << exp).min(6 * HOUR)
}

/// What one attempt at one row came to.
#[derive(Clone, Debug)]
pub enum Attempt {
    /// Every channel accepted it (`channels`: all that have, over all attempts).
    Delivered { channels: Vec<String> },
    /// Some channel refused it; `channels` are those that accepted it so far.
    Failed {
        error: String,
        channels: Vec<String>,
    },
}

/// Records one attempt, in its own short write. False when the claim was lost.
pub fn record_attempt(
    db: &mut Db,
    now: Ts,
    row: &OutboxRow,
    token: &str,
    attempt: &Attempt,
) -> Result<bool> {
    crate::store::retry(Error::is_retryable, || {
        let tx = db.write()?;
        let done = match attempt {
            Attempt::Delivered { channels } => {
                outbox::mark_delivered(&tx, row.seq, token, now, &channels.join(","))?
            }
            Attempt::Failed { error, channels } => {
                let joined = channels.join(",");
                outbox::mark_failed(
                    &tx,
                    row.seq,
                    token,
                    now,
                    error,
                    now + backoff(row.attempts + 1),
                    (!joined.is_empty()).then_some(joined.as_str()),
                )?
            }
        };
        tx.commit()?;
        Ok(done)
    })
}

// ---------------------------------------------------------------------------------------------
// The weekly digest.

/// What `pim notifications digest` queued.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct DigestReport {
    #[serde(with = "serde_ts")]
    pub since: Ts,
    #[serde(with = "serde_ts")]
    pub until: Ts,
    pub activations: usize,
    pub new_assignments: usize,
    pub made_permanent: usize,
    pub alerts: usize,
    /// Outbox rows queued, one per recipient.
    pub queued: usize,
    pub recipients: Vec<String>,
}

/// `pim notifications digest [--since T]`: the weekly digest of reference §5.3 (users activated,
/// assignments made in PIM and those made permanent, the alerts that hold) for the Privileged
/// Role, Security and Global Administrators, queued like any notification.
pub fn digest(
    db: &mut Db,
    ctx: &Ctx,
    since: Option<Ts>,
    alerts_config: &super::alerts::AlertConfig,
) -> Result<DigestReport> {
    let limits = alerts_config.limits()?;
    let failure = Entry::new("notification.digest", "Weekly digest", category::ROLE);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        require_admin(&op.grants, "queuing the digest")?;
        let now = op.now();
        let since = since.unwrap_or(now - 7 * DAY);
        if since >= now {
            return Err(Error::invalid("--since must be before now"));
        }
        let c = op.tx;
        let rows = outbox::created_between(c, since, now)?;
        let mut names = std::collections::HashMap::new();
        let mut label = |c: &Conn, a: &Assignment| -> Result<String> {
            let key = (a.principal_id.clone(), a.role_id.clone(), a.scope_id);
            if let Some(s) = names.get(&key) {
                return Ok(String::clone(s));
            }
            let p = store::principal::by_id(c, &a.principal_id)?
                .map(|p| p.name)
                .unwrap_or_else(|| a.principal_id.clone());
            let r = store::role::by_id(c, &a.role_id)?
                .map(|r| r.name)
                .unwrap_or_else(|| a.role_id.clone());
            let s = store::scope::by_id(c, a.scope_id)?
                .map(|s| s.path)
                .unwrap_or_default();
            let text = format!("{p}: {r} at {s}");
            names.insert(key, text.clone());
            Ok(text)
        };
        let mut activations = Vec::new();
        let mut assigned = Vec::new();
        let mut permanent = Vec::new();
        for a in &rows {
            let l = label(c, a)?;
            if a.activated_from.is_some() {
                activations.push(format!("{l} ({})", rfc3339(a.start_at)));
            } else {
                let line = format!("{l}, {} until {}", a.kind, end_text(a.end_at));
                if a.end_at.is_none() {
                    permanent.push(line.clone());
                }
                assigned.push(line);
            }
        }
        let alerts = super::alerts::evaluate(&super::alerts::facts(c, now, &limits)?, &limits);
        let mut body = format!(
            "PIM weekly digest, {} to {}\n\nUsers activated: {}\nNew role assignments in PIM: {}\nAssignments made permanent: {}\nAlerts: {}\n",
            rfc3339(since),
            rfc3339(now),
            activations.len(),
            assigned.len(),
            permanent.len(),
            alerts.len()
        );
        let section = |body: &mut String, title: &str, lines: &[String]| {
            if !lines.is_empty() {
                body.push_str(&format!("\n{title}:\n"));
                for l in lines {
                    body.push_str(&format!("- {l}\n"));
                }
            }
        };
        section(&mut body, "Activations", &activations);
        section(&mut body, "New assignments", &assigned);
        section(&mut body, "Made permanent", &permanent);
        let alert_lines: Vec<String> = alerts
            .iter()
            .map(|a| format!("[{}] {}: {}", a.severity, a.name, a.summary))
            .collect();
        section(&mut body, "Alerts", &alert_lines);
        let msg = Message {
            kind: "digest.weekly",
            subject: format!(
                "PIM weekly digest: {} activation(s), {} new assignment(s), {} alert(s)",
                activations.len(),
                assigned.len(),
                alerts.len()
            ),
            body,
            data: json!({
                "event": "digest.weekly",
                "since": rfc3339(since),
                "until": rfc3339(now),
                "activations": activations,
                "new_assignments": assigned,
                "made_permanent": permanent,
                "alerts": alerts.iter().map(|a| json!({
                    "id": a.id, "name": a.name, "severity": a.severity.to_string(),
                    "count": a.count, "summary": a.summary,
                })).collect::<Vec<_>>(),
            }),
            critical: false,
        };
        let people = digest_recipients(c, now)?;
        let to: Vec<Recipient> = people.iter().map(Recipient::from).collect();
        let queued = queue(c, now, &msg, "admin", &to)?;
        let mut e = Entry::new(
            "notification.digest",
            "Weekly digest queued",
            category::ROLE,
        );
        e.details = Some(json!({ "since": rfc3339(since), "recipients": queued }));
        op.audit(&e)?;
        Ok(DigestReport {
            since,
            until: now,
            activations: activations.len(),
            new_assignments: assigned.len(),
            made_permanent: permanent.len(),
            alerts: alerts.len(),
            queued,
            recipients: people.into_iter().map(|p| p.name).collect(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::activate::{self, ActivateInput, SelfServiceInput};
    use crate::core::assign::{self, AssignInput};
    use crate::core::schedule::EndSpec;
    use crate::core::tests::{T0, ctx, sample};
    use crate::store::outbox::Filter;

    const ROLE: &str = "User Administrator";

    fn rows(db: &Db) -> Vec<OutboxRow> {
        outbox::list(db.conn(), Filter::default()).unwrap()
    }

    /// Who got rows of these kinds for this audience: names, or addresses for additional ones.
    fn to(db: &Db, kinds: &[&str], audience: &str) -> Vec<String> {
        let mut v: Vec<String> = rows(db)
            .into_iter()
            .filter(|r| kinds.contains(&r.kind.as_str()) && r.audience == audience)
            .map(|r| r.recipient_name.or(r.address).unwrap_or_default())
            .collect();
        v.sort();
        v
    }

    fn configure(db: &mut Db, f: impl FnOnce(&mut RoleSettings)) {
        let c = db.conn();
        let role = store::role::by_name(c, ROLE).unwrap().unwrap();
        let root = store::scope::by_path(c, "/").unwrap().unwrap().id;
        let mut s = store::settings::get(c, &role.id, root)
            .unwrap()
            .unwrap_or_default();
        f(&mut s);
        store::settings::put(c, &role.id, root, &s, T0, None).unwrap();
    }

    fn assign_erin(db: &mut Db, kind: AssignmentType, end: EndSpec) {
        assign::create(
            db,
            &ctx("admin", T0),
            &AssignInput {
                principal: "erin".into(),
                role: ROLE.into(),
                scope: None,
                kind,
                start: None,
                end,
                justification: Some("unit test".into()),
                ticket_number: None,
                ticket_system: None,
            },
            None,
            WriteOpts::default(),
        )
        .unwrap();
    }

    fn erin_activates(db: &mut Db) {
        activate::activate(
            db,
            &ctx("erin", T0 + 60),
            &ActivateInput {
                role: ROLE.into(),
                scope: None,
                justification: Some("ticket 7".into()),
                ticket_number: None,
                ticket_system: None,
                duration: None,
                start: None,
                otp: None,
            },
            false,
        )
        .unwrap();
    }

    fn erin_extends(db: &mut Db) {
        activate::self_service(
            db,
            &ctx("erin", T0 + 60),
            &SelfServiceInput {
                role: ROLE.into(),
                scope: None,
                kind: None,
                end: None,
                duration: Some(30 * DAY),
                justification: Some("still needed".into()),
            },
            false,
        )
        .unwrap();
    }

    /// Runs the event that one rule governs; returns the kinds it queues for that audience.
    fn trigger(db: &mut Db, set: RuleSet, audience: Audience) -> &'static [&'static str] {
        let kind = match set {
            RuleSet::EligibleAssignment => AssignmentType::Eligible,
            _ => AssignmentType::Active,
        };
        match (set, audience) {
            (RuleSet::Activation, Audience::Approver) => {
                configure(db, |s| s.activation.require_approval = true);
                assign_erin(db, AssignmentType::Eligible, EndSpec::Permanent);
                erin_activates(db);
                &["activation.approval_needed"]
            }
            (RuleSet::Activation, _) => {
                assign_erin(db, AssignmentType::Eligible, EndSpec::Permanent);
                erin_activates(db);
                &["activation"]
            }
            (_, Audience::Approver) => {
                assign_erin(db, kind, EndSpec::After(10 * DAY));
                erin_extends(db);
                &["request.approval_needed"]
            }
            (RuleSet::EligibleAssignment, _) => {
                assign_erin(db, kind, EndSpec::Permanent);
                &["assignment.eligible"]
            }
            (RuleSet::ActiveAssignment, _) => {
                assign_erin(db, kind, EndSpec::Permanent);
                &["assignment.active"]
            }
        }
    }

    fn rule_mut(s: &mut RoleSettings, set: RuleSet, audience: Audience) -> &mut NotificationRule {
        let n = &mut s.notifications;
        let e = match set {
            RuleSet::EligibleAssignment => &mut n.eligible_assignment,
            RuleSet::ActiveAssignment => &mut n.active_assignment,
            RuleSet::Activation => &mut n.activation,
        };
        match audience {
            Audience::Admin => &mut e.admin,
            Audience::Assignee => &mut e.assignee,
            Audience::Approver => &mut e.approver,
        }
    }

    const SETS: [RuleSet; 3] = [
        RuleSet::EligibleAssignment,
        RuleSet::ActiveAssignment,
        RuleSet::Activation,
    ];
    const AUDIENCES: [Audience; 3] = [Audience::Admin, Audience::Assignee, Audience::Approver];

    fn expected(audience: Audience) -> Vec<String> {
        match audience {
            // The sample's only active Global or Privileged Role Administrator; with no approvers
            // configured, a directory role's administrators approve.
            Audience::Admin | Audience::Approver => vec!["admin".to_string()],
            Audience::Assignee => vec!["erin".to_string()],
        }
    }

    #[test]
    fn each_of_the_nine_rules_on_and_off() {
        for set in SETS {
            for audience in AUDIENCES {
                let mut db = sample();
                let kinds = trigger(&mut db, set, audience);
                assert_eq!(
                    to(&db, kinds, audience.as_str()),
                    expected(audience),
                    "{set:?} {audience:?} on"
                );
                let mut db = sample();
                configure(&mut db, |s| rule_mut(s, set, audience).enabled = false);
                let kinds = trigger(&mut db, set, audience);
                assert!(
                    to(&db, kinds, audience.as_str()).is_empty(),
                    "{set:?} {audience:?} off"
                );
                // The other audiences of the event are not affected.
                for other in AUDIENCES.iter().filter(|a| **a != audience) {
                    if matches!(
                        (audience, other),
                        (Audience::Approver, _) | (_, Audience::Approver)
                    ) {
                        continue;
                    }
                    assert_eq!(
                        to(&db, kinds, other.as_str()),
                        expected(*other),
                        "{set:?} {other:?} with {audience:?} off"
                    );
                }
            }
        }
    }

    #[test]
    fn critical_only_sends_only_what_needs_action() {
        let mut db = sample();
        configure(&mut db, |s| {
            s.activation.require_approval = true;
            s.notifications.activation.assignee.critical_only = true;
            s.notifications.activation.approver.critical_only = true;
        });
        assign_erin(&mut db, AssignmentType::Eligible, EndSpec::Permanent);
        erin_activates(&mut db);
        assert_eq!(
            to(&db, &["activation.approval_needed"], "approver"),
            ["admin"]
        );
        assert!(to(&db, &["request.pending"], "assignee").is_empty());
        let ask = rows(&db)
            .into_iter()
            .find(|r| r.kind == "activation.approval_needed")
            .unwrap();
        assert!(ask.critical);
    }

    #[test]
    fn additional_recipients_with_and_without_the_defaults() {
        let mut db = sample();
        configure(&mut db, |s| {
            let r = &mut s.notifications.eligible_assignment.admin;
            r.additional_recipients = vec!["secops@contoso.example".into()];
            let r = &mut s.notifications.eligible_assignment.assignee;
            r.default_recipients = false;
            r.additional_recipients = vec!["hr@contoso.example".into()];
        });
        assign_erin(&mut db, AssignmentType::Eligible, EndSpec::Permanent);
        assert_eq!(
            to(&db, &["assignment.eligible"], "admin"),
            ["admin", "secops@contoso.example"]
        );
        assert_eq!(
            to(&db, &["assignment.eligible"], "assignee"),
            ["hr@contoso.example"]
        );
        let extra = rows(&db)
            .into_iter()
            .find(|r| r.address.as_deref() == Some("hr@contoso.example"))
            .unwrap();
        assert_eq!(extra.recipient_id, None);
    }

    #[test]
    fn apply_rule_by_itself() {
        let people = vec![
            Person {
                id: "1".into(),
                name: "ann".into(),
                email: Some("ann@x.example".into()),
                group: false,
            },
            Person {
                id: "2".into(),
                name: "ben".into(),
                email: None,
                group: false,
            },
        ];
        let mut r = NotificationRule::default();
        assert_eq!(apply_rule(&r, false, &people).len(), 2);
        // A principal without an address is kept: deliver reports it.
        assert_eq!(apply_rule(&r, false, &people)[1].address, None);
        r.additional_recipients = vec!["ANN@x.example".into(), "ops@x.example".into()];
        let got = apply_rule(&r, false, &people);
        assert_eq!(got.len(), 3, "{got:?}");
        r.critical_only = true;
        assert!(apply_rule(&r, false, &people).is_empty());
        assert_eq!(apply_rule(&r, true, &people).len(), 3);
        r.default_recipients = false;
        assert_eq!(apply_rule(&r, true, &people).len(), 2);
        r.enabled = false;
        assert!(apply_rule(&r, true, &people).is_empty());
    }

    #[test]
    fn a_dry_run_queues_nothing_and_init_queues_nothing() {
        let mut db = sample();
        assert_eq!(outbox::count(db.conn()).unwrap(), 0);
        assign::create(
            &mut db,
            &ctx("admin", T0),
            &AssignInput {
                principal: "erin".into(),
                role: ROLE.into(),
                scope: None,
                kind: AssignmentType::Eligible,
                start: None,
                end: EndSpec::Permanent,
                justification: None,
                ticket_number: None,
                ticket_system: None,
            },
            None,
            WriteOpts { dry_run: true },
        )
        .unwrap();
        assert_eq!(outbox::count(db.conn()).unwrap(), 0);
    }

    #[test]
    fn backoff_doubles_up_to_six_hours() {
        assert_eq!(backoff(1), 60);
        assert_eq!(backoff(2), 120);
        assert_eq!(backoff(5), 960);
        assert_eq!(backoff(30), 6 * HOUR);
    }

    #[test]
    fn two_claims_never_share_a_row() {
        let mut db = sample();
        assign_erin(&mut db, AssignmentType::Eligible, EndSpec::Permanent);
        let total = outbox::count(db.conn()).unwrap() as usize;
        assert!(total >= 2);
        let a = claim(&mut db, &ctx("admin", T0), "run-a", 1, LEASE_SECS).unwrap();
        let b = claim(&mut db, &ctx("admin", T0), "run-b", 100, LEASE_SECS).unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(b.len(), total - 1);
        assert!(b.iter().all(|r| r.id != a[0].id));
        // A run whose lease ran out loses the row to the next one, which marks it.
        let later = T0 + LEASE_SECS + 1;
        let c = claim(&mut db, &ctx("admin", later), "run-c", 100, LEASE_SECS).unwrap();
        assert_eq!(c.len(), total);
        let ok = Attempt::Delivered {
            channels: vec!["smtp".into()],
        };
        assert!(!record_attempt(&mut db, later, &a[0], "run-a", &ok).unwrap());
        assert!(record_attempt(&mut db, later, &a[0], "run-c", &ok).unwrap());
    }

    #[test]
    fn a_groups_active_owners_are_among_its_admins() {
        let mut db = sample();
        let admin = ctx("admin", T0);
        crate::core::principal::add(
            &mut db,
            &admin,
            &crate::core::principal::NewPrincipal {
                name: "web-ops".into(),
                kind: Some(crate::core::model::PrincipalKind::Group),
                email: None,
                display_name: None,
                role_assignable: false,
                break_glass: false,
                object_id: None,
            },
            WriteOpts::default(),
        )
        .unwrap();
        crate::core::group::onboard(&mut db, &admin, "web-ops", WriteOpts::default()).unwrap();
        let give = |db: &mut Db, who: &str, role: &str, kind: AssignmentType| {
            assign::create(
                db,
                &admin,
                &AssignInput {
                    principal: who.into(),
                    role: role.into(),
                    scope: Some("/groups/web-ops".into()),
                    kind,
                    start: None,
                    end: EndSpec::Permanent,
                    justification: Some("owner".into()),
                    ticket_number: None,
                    ticket_system: None,
                },
                None,
                WriteOpts::default(),
            )
            .unwrap();
        };
        give(&mut db, "dave", "Group Owner", AssignmentType::Active);
        give(&mut db, "carol", "Group Member", AssignmentType::Eligible);
        let admins = to(&db, &["assignment.eligible"], "admin");
        assert!(admins.contains(&"dave".to_string()), "{admins:?}");
        assert!(admins.contains(&"admin".to_string()), "{admins:?}");
    }
}
