//! Assignments as Microsoft documents: Graph `unifiedRoleEligibilitySchedule` /
//! `unifiedRoleAssignmentSchedule` (directory roles) and `privilegedAccessGroup…Schedule` (PIM for
//! Groups), ARM `roleEligibilitySchedules` / `roleAssignmentSchedules` (Azure roles), and the
//! schedule requests that make them (`adminAssign`, `adminUpdate`, `adminExtend`, `adminRenew`,
//! `adminRemove`, `selfActivate`).
//!
//! An import reads a list of schedules (`{"value": [...]}`, as a tenant's `GET` returns it) or
//! of requests, or one request, and runs every item through the same all-or-nothing path as a
//! CSV import (`assign::ImportTally`): one write, every bad item reported with its line.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::resolve::{Created, PrincipalHint, Resolver, RoleRef, ScopeRef};
use crate::core::activate::ActivateInput;
use crate::core::assign::{self, AssignInput, Holding, ImportOp, ImportTally, ListInput, Lookups};
use crate::core::audit::{Entry, category};
use crate::core::builtin::GROUP_OWNER;
use crate::core::clock::{Ts, rfc3339};
use crate::core::error::{Error, Result};
use crate::core::model::{AssignmentType, AssignmentView, PrincipalKind, RoleKind};
use crate::core::schedule::{self, EndSpec, Toward};
use crate::core::session::{self, Ctx, Op, WriteOpts};
use crate::store::{self, Db};

// ---------------------------------------------------------------------------------------------
// Reading.

/// What an item asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Assign,
    Update,
    Extend,
    Remove,
    Renew,
    Activate,
}

/// One item of the document, read but not yet resolved.
#[derive(Clone, Debug)]
struct Item {
    action: Action,
    principal: String,
    hint: PrincipalHint,
    role: RoleRef,
    scope: ScopeRef,
    kind: AssignmentType,
    start: Option<Ts>,
    end: EndSpec,
    justification: Option<String>,
    ticket_number: Option<String>,
    ticket_system: Option<String>,
}

/// What the document holds, item by item: an item to run, or why it is left out, or why it
/// cannot be read.
#[derive(Clone, Debug)]
enum Read {
    Run(Box<Item>),
    Skip(String),
    Bad(String),
}

fn get<'v>(m: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    m.get(key)
        .or_else(|| {
            m.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        })
        .filter(|v| !v.is_null())
}

fn text(m: &Map<String, Value>, key: &str) -> Option<String> {
    get(m, key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Eligibility or assignment, from what names a resource type: `@odata.type`, `@odata.context`,
/// ARM `type`.
fn kind_in(text: &str) -> Option<AssignmentType> {
    let t = text.to_ascii_lowercase();
    if t.contains("eligibility") {
        Some(AssignmentType::Eligible)
    } else if t.contains("assignmentschedule") {
        Some(AssignmentType::Active)
    } else {
        None
    }
}

fn kind_of(
    m: &Map<String, Value>,
    context: Option<&str>,
    fallback: Option<AssignmentType>,
) -> Option<AssignmentType> {
    for key in ["@odata.type", "type", "@odata.context"] {
        if let Some(k) = text(m, key).as_deref().and_then(kind_in) {
            return Some(k);
        }
    }
    for key in [
        "targetRoleEligibilityScheduleId",
        "roleEligibilityScheduleRequestId",
        "roleEligibilityScheduleId",
    ] {
        if get(m, key).is_some() {
            return Some(AssignmentType::Eligible);
        }
    }
    for key in [
        "targetRoleAssignmentScheduleId",
        "roleAssignmentScheduleRequestId",
        "linkedRoleEligibilityScheduleId",
        "assignmentType",
    ] {
        if get(m, key).is_some() {
            return Some(AssignmentType::Active);
        }
    }
    context.and_then(kind_in).or(fallback)
}

fn time(m: &Map<String, Value>, key: &str, now: Ts) -> std::result::Result<Option<Ts>, String> {
    match text(m, key) {
        None => Ok(None),
        // A document's times are UTC unless they carry an offset, as Graph and ARM write them.
        Some(t) => schedule::parse_time(&t, now, &jiff::tz::TimeZone::UTC, Toward::Future)
            .map(Some)
            .map_err(|e| format!("{key}: {e}")),
    }
}

/// The end a Graph or ARM `expiration` gives.
fn expiration(m: &Map<String, Value>, now: Ts) -> std::result::Result<EndSpec, String> {
    let Some(e) = get(m, "expiration").and_then(Value::as_object) else {
        return Ok(EndSpec::Default);
    };
    let Some(t) = text(e, "type") else {
        return Ok(EndSpec::Default);
    };
    match t.to_ascii_lowercase().as_str() {
        "noexpiration" => Ok(EndSpec::Permanent),
        "afterdatetime" => match time(e, "endDateTime", now)? {
            Some(ts) => Ok(EndSpec::At(ts)),
            None => Err("expiration: afterDateTime needs endDateTime".into()),
        },
        "afterduration" => match text(e, "duration") {
            // ARM takes afterDuration without a duration as no expiration (eligibility).
            None => Ok(EndSpec::Permanent),
            Some(d) => schedule::parse_duration(&d)
                .map(EndSpec::After)
                .map_err(|e| format!("expiration.duration: {e}")),
        },
        "notspecified" => Ok(EndSpec::Default),
        _ => Err(format!(
            "expiration.type '{t}' is not one of noExpiration, afterDateTime, afterDuration, notSpecified"
        )),
    }
}

/// The statuses of a schedule that grants nothing.
const ENDED: [&str; 8] = [
    "canceled",
    "denied",
    "failed",
    "revoked",
    "timedout",
    "admindenied",
    "invalid",
    "pendingrevocation",
];

fn read_item(v: &Value, context: Option<&str>, fallback: Option<AssignmentType>, now: Ts) -> Read {
    let Some(outer) = v.as_object() else {
        return Read::Bad("expected a schedule or a schedule request (a JSON object)".into());
    };
    // ARM puts everything under `properties`, its type beside them.
    let arm = get(outer, "properties").and_then(Value::as_object);
    let m = arm.unwrap_or(outer);
    let mut kind = kind_of(m, context, fallback);
    if let (Some(_), Some(t)) = (arm, text(outer, "type"))
        && let Some(k) = kind_in(&t)
    {
        kind = Some(k);
    }
    let action_text = text(m, "action").or_else(|| text(m, "requestType"));
    let action = match action_text
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None => Action::Assign,
        Some("adminassign") => Action::Assign,
        Some("adminupdate") => Action::Update,
        Some("adminextend") => Action::Extend,
        Some("adminremove") => Action::Remove,
        Some("adminrenew") => Action::Renew,
        Some("selfactivate") => Action::Activate,
        Some(_) => {
            return Read::Bad(format!(
                "action '{}' is not imported: pim imports adminAssign, adminUpdate, adminExtend, adminRenew, adminRemove and selfActivate",
                action_text.unwrap_or_default()
            ));
        }
    };
    let is_request = action_text.is_some();
    if !is_request {
        if let Some(status) = text(m, "status")
            && ENDED.contains(&status.to_ascii_lowercase().as_str())
        {
            return Read::Skip(format!("its status is {status}: it grants nothing"));
        }
        // Access held through a group, or inherited from a parent scope, is listed under the
        // principal that reaches it: as a direct assignment it would outlive the group
        // membership or the assignment it comes from.
        if let Some(t) = text(m, "memberType") {
            match t.to_ascii_lowercase().as_str() {
                "group" => {
                    return Read::Skip(format!(
                        "held through a group (memberType {t}): it comes with the group's own assignment"
                    ));
                }
                "inherited" => {
                    return Read::Skip(format!(
                        "inherited from a parent scope (memberType {t}): it comes with the assignment where it is made"
                    ));
                }
                _ => {}
            }
        }
        if let Some(t) = text(m, "assignmentType")
            && t.eq_ignore_ascii_case("activated")
        {
            return Read::Skip(
                "an activation (assignmentType Activated): its holder activates it (pim activate)"
                    .into(),
            );
        }
    }
    let kind = match (action, kind) {
        (Action::Activate, _) => AssignmentType::Active,
        (_, Some(k)) => k,
        (_, None) => {
            return Read::Bad(
                "the document does not say whether this is an eligibility or an assignment: pass --type eligible|active".into(),
            );
        }
    };
    let Some(principal) = text(m, "principalId") else {
        return Read::Bad("principalId is missing".into());
    };
    // Who the principal is, to create it with --create-missing: ARM's expanded principal,
    // Graph's `principal` ($expand=principal).
    let mut hint = PrincipalHint::default();
    let expanded = get(m, "expandedProperties")
        .and_then(|e| e.get("principal"))
        .or_else(|| get(m, "principal"))
        .and_then(Value::as_object);
    if let Some(p) = expanded {
        for key in ["userPrincipalName", "email", "mail", "displayName"] {
            if let Some(n) = text(p, key) {
                hint.names.push(n);
            }
        }
        let t = text(p, "type").or_else(|| text(p, "@odata.type"));
        hint.kind = t.as_deref().and_then(principal_kind);
    }
    if hint.kind.is_none() {
        hint.kind = text(m, "principalType").as_deref().and_then(principal_kind);
    }
    let role = if let Some(access) = text(m, "accessId") {
        match access.to_ascii_lowercase().as_str() {
            "member" => RoleRef::Access("member"),
            "owner" => RoleRef::Access("owner"),
            _ => return Read::Bad(format!("accessId '{access}' is not member or owner")),
        }
    } else {
        let Some(r) = text(m, "roleDefinitionId") else {
            return Read::Bad("roleDefinitionId is missing".into());
        };
        if arm.is_some() || r.contains('/') {
            let name = get(m, "expandedProperties")
                .and_then(|e| e.get("roleDefinition"))
                .and_then(|r| r.get("displayName"))
                .and_then(Value::as_str)
                .map(str::to_string);
            RoleRef::Arm(r, name)
        } else {
            RoleRef::graph(&r)
        }
    };
    let scope = if let Some(g) = text(m, "groupId") {
        ScopeRef::Group(g)
    } else if let Some(s) = text(m, "directoryScopeId") {
        ScopeRef::Path(s)
    } else if let Some(s) = text(m, "scope") {
        ScopeRef::Path(super::ids::arm_scope(&s))
    } else if let RoleRef::Arm(id, _) = &role
        && let Some(at) = id
            .to_ascii_lowercase()
            .find("/providers/microsoft.authorization/roledefinitions/")
        && at > 0
    {
        // An ARM request body carries its scope in the URL it is PUT to; the role definition
        // id it names is the scope's (`/subscriptions/{sub}/providers/…/roleDefinitions/…`).
        ScopeRef::Path(super::ids::arm_scope(&id[..at]))
    } else if text(m, "appScopeId").is_some() {
        return Read::Bad("app scopes (appScopeId) are not modelled: pim scopes are directory, Azure and group scopes".into());
    } else if matches!(role, RoleRef::Access(_)) {
        return Read::Bad("groupId is missing".into());
    } else {
        ScopeRef::Path("/".into())
    };
    let (start, end) = match get(m, "scheduleInfo").and_then(Value::as_object) {
        Some(si) => match (time(si, "startDateTime", now), expiration(si, now)) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(e), _) | (_, Err(e)) => return Read::Bad(format!("scheduleInfo.{e}")),
        },
        // ARM schedules carry their window directly; a schedule without an end is permanent.
        None => match (time(m, "startDateTime", now), time(m, "endDateTime", now)) {
            (Ok(s), Ok(Some(e))) => (s, EndSpec::At(e)),
            (Ok(s), Ok(None)) if !is_request => (s, EndSpec::Permanent),
            (Ok(s), Ok(None)) => (s, EndSpec::Default),
            (Err(e), _) | (_, Err(e)) => return Read::Bad(e),
        },
    };
    let ticket = get(m, "ticketInfo").and_then(Value::as_object);
    Read::Run(Box::new(Item {
        action,
        principal,
        hint,
        role,
        scope,
        kind,
        start,
        end,
        justification: text(m, "justification"),
        ticket_number: ticket.and_then(|t| text(t, "ticketNumber")),
        ticket_system: ticket.and_then(|t| text(t, "ticketSystem")),
    }))
}

fn principal_kind(t: &str) -> Option<PrincipalKind> {
    let t = t.trim_start_matches('#').to_ascii_lowercase();
    let t = t.strip_prefix("microsoft.graph.").unwrap_or(&t);
    match t {
        "user" | "foreigngroup" => Some(PrincipalKind::User),
        "group" => Some(PrincipalKind::Group),
        "serviceprincipal" => Some(PrincipalKind::ServicePrincipal),
        _ => None,
    }
}

/// An item of a document: the line it starts on, its path, itself.
type Located<'d> = (u64, String, &'d Value);

/// The items of a document, each with the line it starts on, and the document's
/// `@odata.context` (which says what a Graph list holds).
fn items<'d>(text: &str, doc: &'d Value) -> Result<(Vec<Located<'d>>, Option<String>)> {
    let context = doc
        .get("@odata.context")
        .and_then(Value::as_str)
        .map(str::to_string);
    let list = match doc {
        Value::Array(a) => Some((a, "$")),
        Value::Object(m) => match m.get("value") {
            Some(Value::Array(a)) => Some((a, "$.value")),
            _ => None,
        },
        _ => {
            return Err(Error::usage(
                "the document is not a schedule, a schedule request, or a list of them",
            ));
        }
    };
    Ok(match list {
        Some((a, base)) => (
            a.iter()
                .enumerate()
                .map(|(i, v)| (item_line(text, i), format!("{base}[{i}]"), v))
                .collect(),
            context,
        ),
        None => (vec![(1, "$".to_string(), doc)], context),
    })
}

/// The line the `index`-th element of the document's list starts on: found by walking the text
/// (the parsed value keeps no positions).
fn item_line(text: &str, index: usize) -> u64 {
    // The list is the first `[` after `"value"` (or the first `[` of a top-level array); its
    // elements are found by depth.
    let bytes = text.as_bytes();
    let start = match text.find("\"value\"") {
        Some(p) if !text.trim_start().starts_with('[') => p,
        _ => 0,
    };
    let Some(open) = text[start..].find('[').map(|o| start + o) else {
        return 1;
    };
    let (mut depth, mut in_str, mut esc, mut seen) = (0i32, false, false, 0usize);
    let mut item_start = None;
    for (i, &b) in bytes.iter().enumerate().skip(open + 1) {
        if in_str {
            match b {
                _ if esc => esc = false,
                b'\\' => esc = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                in_str = true;
                if depth == 0 && item_start.is_none() {
                    item_start = Some(i);
                }
            }
            b'{' | b'[' => {
                if depth == 0 && item_start.is_none() {
                    item_start = Some(i);
                }
                depth += 1;
            }
            b'}' | b']' if depth == 0 => break,
            b'}' | b']' => depth -= 1,
            b',' if depth == 0 => {
                seen += 1;
                item_start = None;
            }
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => {
                if depth == 0 && item_start.is_none() {
                    item_start = Some(i);
                }
            }
        }
        if seen == index
            && let Some(s) = item_start
        {
            return text[..s].matches('\n').count() as u64 + 1;
        }
    }
    1
}

/// Options of an assignments document import.
#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportOptions {
    /// For a document that does not say: eligibility or assignment (`--type`).
    pub kind: Option<AssignmentType>,
    /// The justification of items that carry none (a tenant's schedules carry none, and an
    /// active assignment needs one by Entra's default settings).
    pub justification: Option<String>,
    pub create_missing: bool,
    /// The importer's one-time code (`--otp`), checked once for the whole document: for active
    /// assignments whose settings require MFA on active assignment, and for self-activations
    /// whose settings require MFA on activation.
    #[serde(default)]
    pub otp: Option<String>,
}

/// What `assign import FILE.json` did.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct ImportReport {
    #[serde(flatten)]
    pub tally: ImportTally,
    /// Items left out, with why (an activation, a revoked schedule).
    pub skipped: Vec<String>,
    pub created_objects: Vec<Created>,
    pub dry_run: bool,
}

/// Turns an item into the operation it asks for, resolving what it names.
fn operation(
    op: &mut Op<'_>,
    resolver: &mut Resolver,
    item: &Item,
    place: &str,
) -> Result<ImportOp> {
    let principal = resolver.principal(op, &item.principal, &item.hint, place)?;
    let role = resolver.role_ref(op, &item.role, place)?;
    let scope = resolver.scope_ref(op, &item.scope, place)?.path;
    let holding = Holding {
        principal: principal.id.clone(),
        role: role.id.clone(),
        scope: Some(scope.clone()),
        kind: item.kind,
    };
    Ok(match item.action {
        Action::Assign => ImportOp::Assign(AssignInput {
            principal: principal.id,
            role: role.id,
            scope: Some(scope),
            kind: item.kind,
            start: item.start,
            end: item.end,
            justification: item.justification.clone(),
            ticket_number: item.ticket_number.clone(),
            ticket_system: item.ticket_system.clone(),
        }),
        Action::Update => ImportOp::Update(
            holding,
            assign::UpdateInput {
                kind: None,
                // A start that has passed is the schedule's own: it does not change.
                start: item.start.filter(|s| *s > op.now()),
                end: (item.end != EndSpec::Default).then_some(item.end),
                justification: item.justification.clone(),
            },
        ),
        Action::Extend => ImportOp::Extend(holding, item.end, item.justification.clone()),
        Action::Remove => ImportOp::Remove(holding),
        // A start that has passed means now, as `pim assign renew` takes it.
        Action::Renew => ImportOp::Renew(
            holding,
            item.start.filter(|s| *s > op.now()),
            item.end,
            item.justification.clone(),
        ),
        Action::Activate => {
            let start = item.start.filter(|s| *s > op.now());
            let duration = match item.end {
                EndSpec::After(d) => Some(d),
                EndSpec::At(e) => Some(e - start.unwrap_or(op.now())),
                _ => None,
            };
            ImportOp::Activate(
                principal.id,
                ActivateInput {
                    role: role.id,
                    scope: Some(scope),
                    justification: item.justification.clone(),
                    ticket_number: item.ticket_number.clone(),
                    ticket_system: item.ticket_system.clone(),
                    duration,
                    start,
                    otp: None,
                },
            )
        }
    })
}

/// `pim assign import FILE.json`: every item of a Graph or ARM document, all or nothing.
pub fn import(
    db: &mut Db,
    ctx: &Ctx,
    file: &str,
    text: &str,
    opts: &ImportOptions,
    write: WriteOpts,
) -> Result<ImportReport> {
    let doc: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        Error::usage_with_hint(
            format!("{file} is not valid JSON: {e}"),
            "nothing was imported",
        )
    })?;
    let (items, context) = items(text, &doc)?;
    let read: Vec<(u64, String, Read)> = items
        .into_iter()
        .map(|(line, path, v)| {
            (
                line,
                path,
                match read_item(v, context.as_deref(), opts.kind, ctx.now) {
                    Read::Run(mut item) if item.justification.is_none() => {
                        item.justification = opts.justification.clone();
                        Read::Run(item)
                    }
                    other => other,
                },
            )
        })
        .collect();
    let mut failure = Entry::new(
        "assignment.import",
        "Add member to role in PIM requested (timebound)",
        category::ROLE,
    );
    failure.details = Some(json!({ "file": file, "format": "json", "rows": read.len() }));
    session::write(db, ctx, failure, write, |op| {
        op.otp = opts.otp.clone();
        let mut lk = Lookups::default();
        let mut resolver = Resolver::new(opts.create_missing);
        crate::core::notify::import_started(op, file);
        let mut tally = ImportTally::default();
        let mut skipped = Vec::new();
        for (line, path, r) in &read {
            match r {
                Read::Skip(why) => skipped.push(format!("{path}: {why}")),
                Read::Bad(why) => tally.bad_row(*line, format!("{path}: {why}")),
                Read::Run(item) => {
                    let saved = op.failure.clone();
                    let made = operation(op, &mut resolver, item.as_ref(), path);
                    *op.failure = saved;
                    match made {
                        Ok(row) => {
                            let before = tally.bad.len();
                            tally.run(op, &mut lk, *line, Ok(row))?;
                            if let Some((_, msg)) = tally.bad.get_mut(before) {
                                *msg = format!("{path}: {msg}");
                            }
                        }
                        Err(e @ Error::Store(_)) => return Err(e),
                        Err(e) => {
                            // What the resolver says names its place already.
                            let text = e.to_string();
                            let mut msg = if text.starts_with(path.as_str()) {
                                text
                            } else {
                                format!("{path}: {text}")
                            };
                            for h in e.hints() {
                                msg.push_str(&format!(" ({h})"));
                            }
                            tally.bad_row(*line, msg);
                        }
                    }
                }
            }
        }
        let tally = tally.finish(op, file)?;
        Ok(ImportReport {
            tally,
            skipped,
            created_objects: resolver.created,
            dry_run: write.dry_run,
        })
    })
}

// ---------------------------------------------------------------------------------------------
// Writing.

/// Which document an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Graph schedules: directory roles and PIM for Groups.
    Graph,
    /// ARM schedules: Azure roles.
    Arm,
}

/// What an export made, and what it left out (the other document's roles).
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Exported {
    pub document: Value,
    pub left_out: usize,
    /// Authorization left out assignments the actor may not see.
    pub narrowed: Option<crate::core::authz::Narrowed>,
}

struct Who {
    id: String,
    name: String,
    kind: PrincipalKind,
    email: Option<String>,
    display_name: Option<String>,
}

fn expiration_json(v: &AssignmentView) -> Value {
    match v.end {
        None => json!({ "type": "noExpiration", "endDateTime": null, "duration": null }),
        Some(e) => json!({ "type": "afterDateTime", "endDateTime": rfc3339(e), "duration": null }),
    }
}

fn status(v: &AssignmentView, now: Ts) -> &'static str {
    if v.start > now {
        "Granted"
    } else {
        "Provisioned"
    }
}

fn graph_principal(w: &Who) -> Value {
    let t = match w.kind {
        PrincipalKind::User => "#microsoft.graph.user",
        PrincipalKind::Group => "#microsoft.graph.group",
        PrincipalKind::ServicePrincipal => "#microsoft.graph.servicePrincipal",
    };
    let mut p = json!({ "@odata.type": t, "id": w.id, "displayName": w.display_name.clone().unwrap_or_else(|| w.name.clone()) });
    if w.kind == PrincipalKind::User {
        p["userPrincipalName"] = json!(w.name);
    }
    p
}

fn graph_item(v: &AssignmentView, who: &Who, group: Option<&Who>, now: Ts) -> Value {
    let eligible = v.kind == AssignmentType::Eligible;
    let schedule_info = json!({
        "startDateTime": rfc3339(v.start),
        "recurrence": null,
        "expiration": expiration_json(v),
    });
    let activated = v.activated_from.is_some();
    match group {
        Some(g) => {
            let mut item = json!({
                "@odata.type": if eligible {
                    "#microsoft.graph.privilegedAccessGroupEligibilitySchedule"
                } else {
                    "#microsoft.graph.privilegedAccessGroupAssignmentSchedule"
                },
                "id": v.id,
                "accessId": if v.role_id == GROUP_OWNER { "owner" } else { "member" },
                "groupId": g.id,
                "principalId": who.id,
                "memberType": "direct",
                "status": status(v, now),
                "createdUsing": v.request_id,
                "createdDateTime": rfc3339(v.created_at),
                "scheduleInfo": schedule_info,
                "principal": graph_principal(who),
            });
            if !eligible {
                item["assignmentType"] = json!(if activated { "activated" } else { "assigned" });
            }
            item
        }
        None => {
            let mut item = json!({
                "@odata.type": if eligible {
                    "#microsoft.graph.unifiedRoleEligibilitySchedule"
                } else {
                    "#microsoft.graph.unifiedRoleAssignmentSchedule"
                },
                "id": v.id,
                "principalId": who.id,
                "roleDefinitionId": v.role_id,
                "directoryScopeId": v.scope,
                "appScopeId": null,
                "memberType": "Direct",
                "status": status(v, now),
                "createdUsing": v.request_id,
                "createdDateTime": rfc3339(v.created_at),
                "scheduleInfo": schedule_info,
                "principal": graph_principal(who),
            });
            if !eligible {
                item["assignmentType"] = json!(if activated { "Activated" } else { "Assigned" });
            }
            item
        }
    }
}

fn arm_item(v: &AssignmentView, who: &Who, builtin: bool, now: Ts) -> Value {
    let eligible = v.kind == AssignmentType::Eligible;
    let kind = if eligible {
        "RoleEligibilitySchedules"
    } else {
        "RoleAssignmentSchedules"
    };
    let principal_type = match who.kind {
        PrincipalKind::User => "User",
        PrincipalKind::Group => "Group",
        PrincipalKind::ServicePrincipal => "ServicePrincipal",
    };
    let role_definition = format!(
        "{}/providers/Microsoft.Authorization/roleDefinitions/{}",
        v.scope, v.role_id
    );
    let mut props = json!({
        "scope": v.scope,
        "roleDefinitionId": role_definition,
        "principalId": who.id,
        "principalType": principal_type,
        "status": status(v, now),
        "startDateTime": rfc3339(v.start),
        "endDateTime": v.end.map(rfc3339),
        "memberType": "Direct",
        "createdOn": rfc3339(v.created_at),
        "expandedProperties": {
            "scope": { "id": v.scope },
            "roleDefinition": {
                "id": role_definition,
                "displayName": v.role_name,
                "type": if builtin { "BuiltInRole" } else { "CustomRole" },
            },
            "principal": {
                "id": who.id,
                "displayName": who.display_name.clone().unwrap_or_else(|| who.name.clone()),
                "email": who.email,
                "type": principal_type,
            },
        },
    });
    if !eligible {
        props["assignmentType"] = json!(if v.activated_from.is_some() {
            "Activated"
        } else {
            "Assigned"
        });
    }
    json!({
        "properties": props,
        "name": v.id,
        "id": format!("{}/providers/Microsoft.Authorization/{kind}/{}", v.scope, v.id),
        "type": format!("Microsoft.Authorization/{kind}"),
    })
}

/// `pim assign export --format graph|arm`: the assignments the actor may see (`assign list`'s
/// filters), as schedules: Graph's for directory roles and PIM for Groups, ARM's for Azure roles.
pub fn export(db: &mut Db, ctx: &Ctx, filter: &ListInput, shape: Shape) -> Result<Exported> {
    let mut items = Vec::new();
    let (left_out, narrowed) = export_each(db, ctx, filter, shape, &mut |item| {
        items.push(item);
        Ok(())
    })?;
    Ok(Exported {
        document: json!({ "value": items }),
        left_out,
        narrowed,
    })
}

/// [`export`]'s items (the document's `value`), handed to `each` one at a time as they are read
/// from the store: memory stays flat however many there are. Returns the assignments left out
/// (of the other shape's roles) and whether authorization narrowed the rows.
pub fn export_each(
    db: &mut Db,
    ctx: &Ctx,
    filter: &ListInput,
    shape: Shape,
    each: &mut dyn FnMut(Value) -> Result<()>,
) -> Result<(usize, Option<crate::core::authz::Narrowed>)> {
    let mut people: HashMap<String, Who> = HashMap::new();
    let mut builtin: HashMap<String, bool> = HashMap::new();
    let mut left_out = 0;
    let narrowed = assign::export_each(db, ctx, filter, &mut |c, v| {
        // Inherited rows are listed at a scope below where they are made; the document holds
        // each once, where it is made.
        if v.member_type != "direct" {
            return Ok(());
        }
        let azure = v.role_kind == RoleKind::Azure;
        if azure != (shape == Shape::Arm) {
            left_out += 1;
            return Ok(());
        }
        let mut who = |id: &str| -> Result<()> {
            if !people.contains_key(id)
                && let Some(p) = store::principal::by_id(c, id)?
            {
                people.insert(
                    id.to_string(),
                    Who {
                        id: p.object_id.clone().unwrap_or_else(|| p.id.clone()),
                        name: p.name,
                        kind: p.kind,
                        email: p.email,
                        display_name: p.display_name,
                    },
                );
            }
            Ok(())
        };
        who(&v.principal_id)?;
        let group = if v.role_kind == RoleKind::Group {
            let scope = store::scope::by_path(c, &v.scope)?;
            let gid = scope.and_then(|s| s.group_id);
            if let Some(g) = &gid {
                who(g)?;
            }
            gid
        } else {
            None
        };
        if azure && !builtin.contains_key(&v.role_id) {
            let b = store::role::by_id(c, &v.role_id)?.is_some_and(|r| r.builtin);
            builtin.insert(v.role_id.clone(), b);
        }
        let Some(p) = people.get(&v.principal_id) else {
            return Ok(());
        };
        each(match shape {
            Shape::Graph => {
                graph_item(&v, p, group.as_deref().and_then(|g| people.get(g)), ctx.now)
            }
            Shape::Arm => arm_item(
                &v,
                p,
                builtin.get(&v.role_id).copied().unwrap_or(false),
                ctx.now,
            ),
        })
    })?;
    Ok((left_out, narrowed))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Ts = 1_800_000_000;

    fn run(v: &Value) -> Item {
        match read_item(v, None, None, NOW) {
            Read::Run(i) => *i,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn graph_requests_and_schedules() {
        // rbacapplication-post-roleeligibilityschedulerequests.md, example 1 (request body).
        let req = json!({
            "action": "adminAssign",
            "justification": "Assign Attribute Assignment Admin eligibility to restricted user",
            "roleDefinitionId": "8424c6f0-a189-499e-bbd0-26c1753c96d4",
            "directoryScopeId": "/",
            "principalId": "071cc716-8147-4397-a5ba-b2105951cc0b",
            "scheduleInfo": { "startDateTime": "2022-04-10T00:00:00Z",
                "expiration": { "type": "afterDateTime", "endDateTime": "2024-04-10T00:00:00Z" } }
        });
        assert!(matches!(read_item(&req, None, None, NOW), Read::Bad(m) if m.contains("--type")));
        let i = match read_item(&req, None, Some(AssignmentType::Eligible), NOW) {
            Read::Run(i) => i,
            other => panic!("{other:?}"),
        };
        assert_eq!(i.action, Action::Assign);
        assert_eq!(i.end, EndSpec::At(1_712_707_200));
        let ctx = "https://graph.microsoft.com/v1.0/$metadata#roleManagement/directory/roleEligibilityScheduleRequests/$entity";
        assert!(
            matches!(read_item(&req, Some(ctx), None, NOW), Read::Run(i) if i.kind == AssignmentType::Eligible)
        );
        let activate = json!({
            "action": "SelfActivate", "principalId": "071cc716-8147-4397-a5ba-b2105951cc0b",
            "roleDefinitionId": "8424c6f0-a189-499e-bbd0-26c1753c96d4", "directoryScopeId": "/",
            "scheduleInfo": { "startDateTime": "2022-04-14T00:00:00.000Z",
                "expiration": { "type": "AfterDuration", "duration": "PT5H" } },
            "ticketInfo": { "ticketNumber": "CONTOSO:Normal-67890", "ticketSystem": "MS Project" }
        });
        let i = run(&activate);
        assert_eq!(
            (i.action, i.kind),
            (Action::Activate, AssignmentType::Active)
        );
        assert_eq!(i.end, EndSpec::After(5 * 3600));
        assert_eq!(i.ticket_system.as_deref(), Some("MS Project"));
        // privilegedaccessgroup-list-assignmentschedules.md.
        let group = json!({
            "id": "2b5ed229-4072-478d-9504-a047ebd4b07d_member_dce168aa-2909-4f10-8cc9-c98e82d8b507",
            "scheduleInfo": { "startDateTime": "2022-04-11T11:50:06.343Z", "recurrence": null,
                "expiration": { "type": "noExpiration", "endDateTime": null, "duration": null } },
            "status": "Provisioned", "accessId": "member",
            "principalId": "3cce9d87-3986-4f19-8335-7ed075408ca2",
            "groupId": "2b5ed229-4072-478d-9504-a047ebd4b07d",
            "memberType": "Direct", "assignmentType": "Assigned"
        });
        let i = run(&group);
        assert_eq!(i.role, RoleRef::Access("member"));
        assert_eq!(
            i.scope,
            ScopeRef::Group("2b5ed229-4072-478d-9504-a047ebd4b07d".into())
        );
        assert_eq!(
            (i.kind, i.end),
            (AssignmentType::Active, EndSpec::Permanent)
        );
        let mut activated = group.clone();
        activated["assignmentType"] = json!("activated");
        assert!(matches!(
            read_item(&activated, None, None, NOW),
            Read::Skip(_)
        ));
        let mut revoked = group;
        revoked["status"] = json!("Revoked");
        assert!(matches!(
            read_item(&revoked, None, None, NOW),
            Read::Skip(_)
        ));
        let renew = json!({"action": "selfRenew", "principalId": "x", "roleDefinitionId": "y"});
        assert!(
            matches!(read_item(&renew, None, None, NOW), Read::Bad(m) if m.contains("selfRenew"))
        );
    }

    #[test]
    fn arm_schedules() {
        // GetRoleEligibilitySchedulesByScope.json (one item of the list).
        let item = json!({
            "properties": {
                "scope": "/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f",
                "roleDefinitionId": "/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
                "principalId": "a3bb8764-cb92-4276-9d2a-ca1e895e55ea", "principalType": "User",
                "status": "Provisioned", "startDateTime": "2020-09-09T21:33:14.557Z",
                "endDateTime": "2021-09-09T21:32:28.49Z", "memberType": "Direct",
                "expandedProperties": { "principal": { "id": "a3bb8764-cb92-4276-9d2a-ca1e895e55ea",
                    "displayName": "User Account", "email": "user@my-tenant.com", "type": "User" } }
            },
            "name": "b1477448-2cc6-4ceb-93b4-54a202a89413",
            "type": "Microsoft.Authorization/RoleEligibilitySchedules"
        });
        let i = run(&item);
        assert_eq!(i.kind, AssignmentType::Eligible);
        assert!(matches!(i.role, RoleRef::Arm(..)));
        assert_eq!(i.hint.names, ["user@my-tenant.com", "User Account"]);
        assert_eq!(i.hint.kind, Some(PrincipalKind::User));
        assert_eq!(
            i.scope,
            ScopeRef::Path("/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f".into())
        );
    }

    #[test]
    fn lines_of_list_items() {
        let text = "{\n  \"@odata.context\": \"x\",\n  \"value\": [\n    {\"a\": [1, {\"b\": \"]\"}]},\n\n    {\"c\": 2}\n  ]\n}";
        let doc: Value = serde_json::from_str(text).unwrap();
        let (found, _) = items(text, &doc).unwrap();
        let lines: Vec<u64> = found.iter().map(|(l, ..)| *l).collect();
        assert_eq!(lines, [4, 6]);
        let text = "[{\"a\": 1},\n{\"b\": 2}]";
        let doc: Value = serde_json::from_str(text).unwrap();
        let (found, _) = items(text, &doc).unwrap();
        assert_eq!(found.iter().map(|(l, ..)| *l).collect::<Vec<_>>(), [1, 2]);
    }
}
