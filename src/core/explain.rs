//! The state against the log (`pim audit verify --state`): every row that gives or shapes access —
//! principal, static membership, group onboarding, scope, role, role settings, live assignment,
//! MFA enrolment — must be what the audit log's successful events made it. A row inserted or
//! edited around pim (a Global Administrator assignment added with `sqlite3`, an end moved, a
//! membership added by hand, a settings row changed) is named, with what the log says instead.
//!
//! One pass over the log in `seq` order, keeping for each state row only the latest event that
//! concerns it; memory follows the size of the state, not of the log. The events and what each
//! says are listed in `docs/security.md` ("What the state check compares"); a change to the state
//! that pim makes must write one of them, with the details read here.

use std::collections::HashMap;

use crate::store::Conn;
use serde::Serialize;
use serde_json::Value;

use super::builtin;
use super::clock::{Ts, rfc3339};
use super::error::Result;

/// A state row the log does not explain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Unexplained {
    /// `principal`, `membership`, `assignment`, `settings`, `scope`, `role` or `mfa`.
    pub kind: std::borrow::Cow<'static, str>,
    /// The row: an ID, `GROUP_ID/MEMBER_ID`, `ROLE_ID@SCOPE`, or a scope path.
    pub id: String,
    pub problem: String,
    /// The latest event about the row, when there is one.
    pub seq: Option<i64>,
}

/// What the state check found.
#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
pub struct StateCheck {
    pub ok: bool,
    /// State rows compared.
    pub rows: u64,
    pub unexplained: Vec<Unexplained>,
    /// Settings rows last changed by an event from before pim recorded the whole document: only
    /// their existence and time can be checked.
    pub legacy_settings: u64,
}

/// Every state row the log does not explain (empty: the state is what the log made it).
pub fn unexplained(c: &Conn, now: Ts) -> Result<Vec<Unexplained>> {
    Ok(check(c, now)?.unexplained)
}

// What the log says each state row should be, event by event.

#[derive(Clone, Debug, Default)]
struct PrincipalLog {
    seq: i64,
    created: bool,
    removed: bool,
    kind: Option<String>,
    name: Option<String>,
    email: Option<String>,
    display_name: Option<String>,
    enabled: bool,
    break_glass: bool,
    role_assignable: bool,
    onboarded: bool,
    object_id: Option<String>,
}

#[derive(Clone, Debug)]
struct PrincipalRow {
    kind: String,
    name: String,
    email: Option<String>,
    display_name: Option<String>,
    enabled: bool,
    break_glass: bool,
    role_assignable: bool,
    onboarded: bool,
    object_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Schedule {
    principal_id: Option<String>,
    role_id: Option<String>,
    scope: Option<String>,
    kind: Option<String>,
    start: Option<Ts>,
    end: Option<Ts>,
}

#[derive(Clone, Debug)]
struct AssignmentLog {
    seq: i64,
    removed: bool,
    schedule: Schedule,
}

#[derive(Clone, Debug)]
enum SettingsLog {
    Document(i64, Value),
    Legacy(i64, Ts),
}

#[derive(Clone, Debug, Default)]
struct ScopeLog {
    seq: i64,
    created: bool,
    removed: bool,
    kind: Option<String>,
    parent: Option<String>,
}

#[derive(Clone, Debug, Default)]
struct RoleLog {
    seq: i64,
    created: bool,
    removed: bool,
    name: Option<String>,
    kind: Option<String>,
    permissions: Option<Vec<String>>,
}

/// A role as stored, and what the log says of it.
struct RoleRow {
    name: String,
    kind: String,
    builtin: bool,
    privileged: bool,
    permissions: Vec<String>,
    log: RoleLog,
}

/// The log's view of an MFA enrolment: the latest event's `seq` and what it left — `None` no
/// enrolment, `Some(false)` one pending, `Some(true)` one confirmed.
type MfaLog = Option<(i64, Option<bool>)>;
/// Enrolments by principal: whether confirmed, and the log's view.
type MfaRows = HashMap<String, (bool, MfaLog)>;
/// Memberships by (group, member): the latest event's `seq` and whether it added the member.
type MembershipRows = HashMap<(String, String), Option<(i64, bool)>>;

/// The audit actions that set an assignment's schedule (its principal, role, scope, type, start
/// and end, in the row's columns and `details.type`), and those that end it.
pub const SCHEDULE_ACTIONS: &[&str] = &[
    "assignment.create",
    "assignment.update",
    "assignment.extend",
    "assignment.renew",
    "activation.request",
    // An activation cut to the new end of a link of its path.
    "activation.clip",
];
pub const REMOVAL_ACTIONS: &[&str] = &[
    "assignment.remove",
    "activation.deactivate",
    // An activation ended with a link of its path.
    "activation.revoke",
];

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn show(v: &Option<String>) -> String {
    v.as_deref()
        .map_or_else(|| "none".to_string(), |s| format!("'{s}'"))
}

/// Notes `what is X, the log says Y` when they differ.
fn differ(diffs: &mut Vec<String>, what: &str, is: String, log_says: String) {
    if is != log_says {
        diffs.push(format!("{what} is {is}, the log says {log_says}"));
    }
}

fn show_ts(v: Option<Ts>) -> String {
    v.map_or_else(|| "none (permanent)".to_string(), rfc3339)
}

/// Runs the check: see the module's documentation.
pub fn check(c: &Conn, now: Ts) -> Result<StateCheck> {
    let mut out = StateCheck::default();

    // The state, as it is.
    // The big tables are streamed into their maps (on PostgreSQL through a server-side cursor),
    // so that they are never held twice.
    let mut principals: HashMap<String, PrincipalRow> = HashMap::new();
    c.stream(
        "SELECT id, kind, name, email, display_name, enabled, break_glass, role_assignable,
                pim_onboarded, object_id FROM principal WHERE removed_at IS NULL",
        [],
        |r| -> Result<bool> {
            principals.insert(
                r.get(0)?,
                PrincipalRow {
                    kind: r.get(1)?,
                    name: r.get(2)?,
                    email: r.get(3)?,
                    display_name: r.get(4)?,
                    enabled: r.get(5)?,
                    break_glass: r.get(6)?,
                    role_assignable: r.get(7)?,
                    onboarded: r.get(8)?,
                    object_id: r.get(9)?,
                },
            );
            Ok(true)
        },
    )?;
    let mut memberships: MembershipRows = HashMap::new();
    c.stream(
        "SELECT group_id, member_id FROM group_member",
        [],
        |r| -> Result<bool> {
            memberships.insert((r.get(0)?, r.get(1)?), None);
            Ok(true)
        },
    )?;
    let mut assignments: HashMap<String, (Schedule, Option<AssignmentLog>)> = HashMap::new();
    c.stream(
        "SELECT a.id, a.principal_id, a.role_id, s.path, a.type, a.start_at, a.end_at
           FROM assignment a JOIN scope s ON s.id = a.scope_id
          WHERE a.removed_at IS NULL AND (a.end_at IS NULL OR a.end_at > ?1)",
        [now],
        |r| -> Result<bool> {
            let schedule = Schedule {
                principal_id: r.get(1)?,
                role_id: r.get(2)?,
                scope: r.get(3)?,
                kind: r.get(4)?,
                start: r.get(5)?,
                end: r.get(6)?,
            };
            assignments.insert(r.get(0)?, (schedule, None));
            Ok(true)
        },
    )?;
    // Settings of live roles at live scopes, by (role, scope path).
    let mut settings: HashMap<(String, String), (String, Ts, Option<SettingsLog>)> = HashMap::new();
    {
        let mut st = c.prepare(
            "SELECT x.role_id, s.path, x.settings, x.updated_at FROM role_setting x
               JOIN scope s ON s.id = x.scope_id AND s.removed_at IS NULL
               JOIN role r ON r.id = x.role_id AND r.removed_at IS NULL",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                r.get::<_, String>(2)?,
                r.get::<_, Ts>(3)?,
            ))
        })?;
        for r in rows {
            let (k, doc, at) = r?;
            settings.insert(k, (doc, at, None));
        }
    }
    let mut scopes: HashMap<String, (String, Option<String>, ScopeLog)> = HashMap::new();
    {
        let mut st = c.prepare(
            "SELECT s.path, s.kind, p.path FROM scope s LEFT JOIN scope p ON p.id = s.parent_id
              WHERE s.removed_at IS NULL",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        for r in rows {
            let (path, kind, parent) = r?;
            scopes.insert(path, (kind, parent, ScopeLog::default()));
        }
    }
    let mut roles: HashMap<String, RoleRow> = HashMap::new();
    {
        let mut st = c.prepare(
            "SELECT id, name, kind, builtin, privileged FROM role WHERE removed_at IS NULL",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?;
        for r in rows {
            let (id, name, kind, builtin, privileged) = r?;
            roles.insert(
                id,
                RoleRow {
                    name,
                    kind,
                    builtin,
                    privileged,
                    permissions: Vec::new(),
                    log: RoleLog::default(),
                },
            );
        }
        let mut st = c.prepare("SELECT role_id, action FROM role_permission ORDER BY action")?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, action) = r?;
            if let Some(role) = roles.get_mut(&id) {
                role.permissions.push(action);
            }
        }
    }
    // MFA enrolments: confirmed or not; the log's view: None (none), Some(false) pending,
    // Some(true) confirmed.
    let mut mfa: MfaRows = HashMap::new();
    {
        let mut st = c.prepare("SELECT principal_id, confirmed_at IS NOT NULL FROM mfa")?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))? {
            let (id, confirmed) = r?;
            mfa.insert(id, (confirmed, None));
        }
    }
    let mut principal_logs: HashMap<String, PrincipalLog> = HashMap::new();

    // The log, once, in order.
    // Streamed: one row in memory at a time, however long the log (on PostgreSQL a server-side
    // cursor, so that the renewals' look-ups below can run between rows).
    c.stream(
        "SELECT seq, action, principal_id, principal_name, role_id, role_name, scope,
                assignment_id, start_at, end_at, details, at
           FROM audit WHERE result = 'success' ORDER BY seq",
        [],
        |r| -> Result<bool> {
            let seq: i64 = r.get(0)?;
            let action_ref = r.get_ref(1)?;
            let action = action_ref.as_str().unwrap_or("");
            let details = |r: &crate::store::Row<'_>| -> crate::store::Result<Value> {
                let d: Option<String> = r.get(10)?;
                Ok(d.and_then(|d| serde_json::from_str(&d).ok())
                    .unwrap_or(Value::Null))
            };
            match action {
                "principal.create" | "principal.update" | "principal.enable"
                | "principal.disable" | "principal.remove" | "group.onboard" | "group.offboard" => {
                    let Some(pid) = r.get::<_, Option<String>>(2)? else {
                        return Ok(true);
                    };
                    if !principals.contains_key(&pid) {
                        if action == "principal.remove" {
                            forget_removed(&details(r)?, &pid, &mut memberships, &mut mfa, seq);
                        }
                        return Ok(true);
                    }
                    let d = details(r)?;
                    if action == "principal.remove" {
                        forget_removed(&d, &pid, &mut memberships, &mut mfa, seq);
                    }
                    let log = principal_logs.entry(pid).or_default();
                    log.seq = seq;
                    match action {
                        "principal.create" => {
                            *log = PrincipalLog {
                                seq,
                                created: true,
                                removed: false,
                                kind: Some(text(&d, "kind").unwrap_or_else(|| "user".into())),
                                name: r.get(3)?,
                                email: text(&d, "email"),
                                display_name: text(&d, "display_name"),
                                enabled: true,
                                break_glass: flag(&d, "break_glass"),
                                role_assignable: flag(&d, "role_assignable"),
                                onboarded: false,
                                object_id: text(&d, "object_id"),
                            };
                        }
                        "principal.update" => {
                            if let Some(ch) = d.get("email") {
                                log.email = text(ch, "new");
                            }
                            if let Some(ch) = d.get("display_name") {
                                log.display_name = text(ch, "new");
                            }
                            if let Some(ch) = d.get("object_id") {
                                log.object_id = text(ch, "new");
                            }
                        }
                        "principal.enable" => log.enabled = true,
                        "principal.disable" => log.enabled = false,
                        "group.onboard" => log.onboarded = true,
                        "group.offboard" => log.onboarded = false,
                        _ => log.removed = true,
                    }
                }
                "group.member.add" | "group.member.remove" => {
                    let Some(member) = r.get::<_, Option<String>>(2)? else {
                        return Ok(true);
                    };
                    let d = details(r)?;
                    let Some(group) = text(&d, "group_id") else {
                        return Ok(true);
                    };
                    if let Some(slot) = memberships.get_mut(&(group, member)) {
                        *slot = Some((seq, action == "group.member.add"));
                    }
                }
                a if SCHEDULE_ACTIONS.contains(&a) || REMOVAL_ACTIONS.contains(&a) => {
                    let Some(aid) = r.get::<_, Option<String>>(7)? else {
                        return Ok(true);
                    };
                    let Some((_, log)) = assignments.get_mut(&aid) else {
                        return Ok(true);
                    };
                    if REMOVAL_ACTIONS.contains(&a) {
                        if let Some(l) = log {
                            l.seq = seq;
                            l.removed = true;
                        } else {
                            *log = Some(AssignmentLog {
                                seq,
                                removed: true,
                                schedule: Schedule {
                                    principal_id: None,
                                    role_id: None,
                                    scope: None,
                                    kind: None,
                                    start: None,
                                    end: None,
                                },
                            });
                        }
                        return Ok(true);
                    }
                    let d = details(r)?;
                    let previous = log.as_ref().and_then(|l| l.schedule.kind.clone());
                    let kind = text(&d, "type")
                        .or_else(|| d.get("new").and_then(|n| text(n, "type")))
                        .or_else(|| (a == "activation.request").then(|| "active".to_string()))
                        .or(previous)
                        .or(match text(&d, "renewed_from") {
                            // Renewals recorded before their rows carried the type: the type of the
                            // assignment renewed.
                            Some(from) => c
                                .query_row(
                                    "SELECT type FROM assignment WHERE id = ?1",
                                    [from],
                                    |r| r.get(0),
                                )
                                .ok(),
                            None => None,
                        });
                    *log = Some(AssignmentLog {
                        seq,
                        removed: false,
                        schedule: Schedule {
                            principal_id: r.get(2)?,
                            role_id: r.get(4)?,
                            scope: r.get(6)?,
                            kind,
                            start: r.get(8)?,
                            end: r.get(9)?,
                        },
                    });
                }
                "settings.update" => {
                    let (Some(role), Some(scope)) = (
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<String>>(6)?,
                    ) else {
                        return Ok(true);
                    };
                    if let Some((_, _, log)) = settings.get_mut(&(role, scope)) {
                        let d = details(r)?;
                        *log = Some(match d.get("settings") {
                            Some(doc) => SettingsLog::Document(seq, doc.clone()),
                            None => SettingsLog::Legacy(seq, r.get(11)?),
                        });
                    }
                }
                "pim.init" | "scope.create" | "scope.remove" => {
                    let Some(path) = r.get::<_, Option<String>>(6)? else {
                        return Ok(true);
                    };
                    let Some((_, _, log)) = scopes.get_mut(&path) else {
                        return Ok(true);
                    };
                    let d = details(r)?;
                    *log = ScopeLog {
                        seq,
                        created: action != "scope.remove",
                        removed: action == "scope.remove",
                        kind: match action {
                            "pim.init" => Some("root".into()),
                            _ => text(&d, "kind"),
                        },
                        parent: text(&d, "parent"),
                    };
                }
                "role.create" | "role.delete" => {
                    let Some(id) = r.get::<_, Option<String>>(4)? else {
                        return Ok(true);
                    };
                    let Some(role) = roles.get_mut(&id) else {
                        return Ok(true);
                    };
                    let d = details(r)?;
                    role.log = RoleLog {
                        seq,
                        created: action == "role.create",
                        removed: action == "role.delete",
                        name: r.get(5)?,
                        kind: text(&d, "kind"),
                        permissions: d.get("permissions").and_then(Value::as_array).map(|a| {
                            let mut v: Vec<String> = a
                                .iter()
                                .filter_map(|p| p.as_str().map(str::to_string))
                                .collect();
                            v.sort();
                            v
                        }),
                    };
                }
                "mfa.enroll" | "mfa.confirm" | "mfa.reset" => {
                    let Some(pid) = r.get::<_, Option<String>>(2)? else {
                        return Ok(true);
                    };
                    if let Some((_, log)) = mfa.get_mut(&pid) {
                        *log = Some((
                            seq,
                            match action {
                                "mfa.enroll" => Some(false),
                                "mfa.confirm" => Some(true),
                                _ => None,
                            },
                        ));
                    }
                }
                _ => {}
            }
            // Group scopes are made by onboarding: the scope row is explained by that event.
            if action == "group.onboard"
                && let Some(path) = r.get::<_, Option<String>>(6)?
                && let Some((_, _, log)) = scopes.get_mut(&path)
            {
                *log = ScopeLog {
                    seq,
                    created: true,
                    removed: false,
                    kind: Some("group".into()),
                    parent: None,
                };
            }
            Ok(true)
        },
    )?;

    let mut bad: Vec<Unexplained> = Vec::new();
    let mut flag_row = |kind: &'static str, id: String, problem: String, seq: Option<i64>| {
        bad.push(Unexplained {
            kind: kind.into(),
            id,
            problem,
            seq,
        })
    };

    for (id, row) in &principals {
        out.rows += 1;
        let Some(log) = principal_logs.get(id).filter(|l| l.created) else {
            flag_row(
                "principal",
                id.clone(),
                format!("{} '{}': no audited event created it", row.kind, row.name),
                principal_logs.get(id).map(|l| l.seq),
            );
            continue;
        };
        if log.removed {
            flag_row(
                "principal",
                id.clone(),
                format!("'{}': the log says it was removed", row.name),
                Some(log.seq),
            );
            continue;
        }
        let mut diffs = Vec::new();
        let d = &mut diffs;
        differ(
            d,
            "kind",
            row.kind.clone(),
            log.kind.clone().unwrap_or_default(),
        );
        differ(d, "name", format!("'{}'", row.name), show(&log.name));
        differ(d, "email", show(&row.email), show(&log.email));
        differ(
            d,
            "display name",
            show(&row.display_name),
            show(&log.display_name),
        );
        differ(d, "object id", show(&row.object_id), show(&log.object_id));
        for (what, is, says) in [
            ("enabled", row.enabled, log.enabled),
            ("break-glass", row.break_glass, log.break_glass),
            ("role-assignable", row.role_assignable, log.role_assignable),
            ("under PIM for Groups", row.onboarded, log.onboarded),
        ] {
            differ(d, what, is.to_string(), says.to_string());
        }
        if !diffs.is_empty() {
            flag_row(
                "principal",
                id.clone(),
                format!("'{}': {}", row.name, diffs.join("; ")),
                Some(log.seq),
            );
        }
    }

    let names = |id: &str| {
        principals
            .get(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    for ((group, member), log) in &memberships {
        out.rows += 1;
        match log {
            Some((_, true)) => {}
            Some((seq, false)) => flag_row(
                "membership",
                format!("{group}/{member}"),
                format!(
                    "'{}' in group '{}': the log says it was removed",
                    names(member),
                    names(group)
                ),
                Some(*seq),
            ),
            None => flag_row(
                "membership",
                format!("{group}/{member}"),
                format!(
                    "'{}' in group '{}': no audited event added it",
                    names(member),
                    names(group)
                ),
                None,
            ),
        }
    }

    for (id, (row, log)) in &assignments {
        out.rows += 1;
        let what = format!(
            "{} assignment of {} to {} at {}",
            row.kind.as_deref().unwrap_or("?"),
            roles.get(row.role_id.as_deref().unwrap_or("")).map_or_else(
                || row.role_id.clone().unwrap_or_default(),
                |r| r.name.clone()
            ),
            names(row.principal_id.as_deref().unwrap_or("")),
            row.scope.as_deref().unwrap_or("?")
        );
        match log {
            None => flag_row(
                "assignment",
                id.clone(),
                format!("{what}: no audited event made it"),
                None,
            ),
            Some(l) if l.removed => flag_row(
                "assignment",
                id.clone(),
                format!("{what}: the log says it was removed"),
                Some(l.seq),
            ),
            Some(l) => {
                let s = &l.schedule;
                let mut diffs = Vec::new();
                let ids = [
                    ("principal", &row.principal_id, &s.principal_id),
                    ("role", &row.role_id, &s.role_id),
                    ("scope", &row.scope, &s.scope),
                    ("type", &row.kind, &s.kind),
                ];
                for (what, is, says) in ids {
                    differ(&mut diffs, &format!("its {what}"), show(is), show(says));
                }
                differ(
                    &mut diffs,
                    "its start",
                    show_ts(row.start),
                    show_ts(s.start),
                );
                differ(&mut diffs, "its end", show_ts(row.end), show_ts(s.end));
                if !diffs.is_empty() {
                    flag_row(
                        "assignment",
                        id.clone(),
                        format!("{what}: {}", diffs.join("; ")),
                        Some(l.seq),
                    );
                }
            }
        }
    }

    for ((role, scope), (doc, at, log)) in &settings {
        out.rows += 1;
        let id = format!("{role}@{scope}");
        let role_name = roles.get(role).map_or(role.as_str(), |r| r.name.as_str());
        match log {
            None => flag_row(
                "settings",
                id,
                format!("settings of {role_name} at {scope}: no audited event set them"),
                None,
            ),
            Some(SettingsLog::Document(seq, want)) => {
                let is: Value = serde_json::from_str(doc).unwrap_or(Value::Null);
                if &is != want {
                    flag_row(
                        "settings",
                        id,
                        format!(
                            "settings of {role_name} at {scope}: they differ from what the log says they were set to"
                        ),
                        Some(*seq),
                    );
                }
            }
            Some(SettingsLog::Legacy(seq, when)) => {
                if when == at {
                    out.legacy_settings += 1;
                } else {
                    flag_row(
                        "settings",
                        id,
                        format!(
                            "settings of {role_name} at {scope}: written at {}, but last changed in the log at {}",
                            rfc3339(*at),
                            rfc3339(*when)
                        ),
                        Some(*seq),
                    );
                }
            }
        }
    }

    for (path, (kind, parent, log)) in &scopes {
        out.rows += 1;
        if !log.created {
            flag_row(
                "scope",
                path.clone(),
                if log.removed {
                    format!("scope {path}: the log says it was removed")
                } else {
                    format!("scope {path}: no audited event made it")
                },
                (log.seq > 0).then_some(log.seq),
            );
            continue;
        }
        let mut diffs = Vec::new();
        if let Some(k) = &log.kind
            && k != kind
        {
            diffs.push(format!("its kind is {kind}, the log says {k}"));
        }
        if log.kind.is_some() && kind != "group" && kind != "root" && &log.parent != parent {
            diffs.push(format!(
                "its parent is {}, the log says {}",
                show(parent),
                show(&log.parent)
            ));
        }
        if !diffs.is_empty() {
            flag_row(
                "scope",
                path.clone(),
                format!("scope {path}: {}", diffs.join("; ")),
                Some(log.seq),
            );
        }
    }

    let builtins: HashMap<&str, &builtin::BuiltinRole> =
        builtin::roles().iter().map(|b| (b.id, b)).collect();
    for (id, role) in &roles {
        let RoleRow {
            name,
            kind,
            builtin: is_builtin,
            privileged,
            permissions: perms,
            log,
        } = role;
        out.rows += 1;
        if let Some(b) = builtins.get(id.as_str()) {
            let mut diffs = Vec::new();
            if b.name != name {
                diffs.push(format!("its name is '{name}', pim's is '{}'", b.name));
            }
            if b.kind.as_str() != kind {
                diffs.push(format!("its kind is {kind}, pim's is {}", b.kind.as_str()));
            }
            if b.privileged != *privileged || !is_builtin {
                diffs.push(format!(
                    "privileged {privileged}, built-in {is_builtin}: pim's is privileged {}, built-in true",
                    b.privileged
                ));
            }
            if !perms.is_empty() {
                diffs.push(format!(
                    "it has stored permissions ({}), which a built-in role never has",
                    perms.join(" ")
                ));
            }
            if !diffs.is_empty() {
                flag_row(
                    "role",
                    id.clone(),
                    format!("built-in role '{name}': {}", diffs.join("; ")),
                    None,
                );
            }
            continue;
        }
        if !log.created {
            flag_row(
                "role",
                id.clone(),
                if log.removed {
                    format!("role '{name}': the log says it was deleted")
                } else {
                    format!("role '{name}': no audited event created it")
                },
                (log.seq > 0).then_some(log.seq),
            );
            continue;
        }
        let mut diffs = Vec::new();
        if log.name.as_deref() != Some(name.as_str()) {
            diffs.push(format!(
                "its name is '{name}', the log says {}",
                show(&log.name)
            ));
        }
        if log.kind.as_deref() != Some(kind.as_str()) {
            diffs.push(format!(
                "its kind is {kind}, the log says {}",
                show(&log.kind)
            ));
        }
        if *is_builtin || *privileged {
            diffs.push(format!(
                "built-in {is_builtin}, privileged {privileged}: a custom role is neither"
            ));
        }
        let mut sorted = perms.clone();
        sorted.sort();
        if log.permissions.as_ref() != Some(&sorted) {
            diffs.push(format!(
                "its permissions are {}, the log says {}",
                sorted.join(" "),
                log.permissions
                    .as_ref()
                    .map_or_else(|| "none".to_string(), |p| p.join(" "))
            ));
        }
        if !diffs.is_empty() {
            flag_row(
                "role",
                id.clone(),
                format!("role '{name}': {}", diffs.join("; ")),
                Some(log.seq),
            );
        }
    }

    for (id, (confirmed, log)) in &mfa {
        out.rows += 1;
        let who = names(id);
        match log {
            None => flag_row(
                "mfa",
                id.clone(),
                format!("MFA enrolment of '{who}': no audited event started it"),
                None,
            ),
            Some((seq, None)) => flag_row(
                "mfa",
                id.clone(),
                format!("MFA enrolment of '{who}': the log says it was removed"),
                Some(*seq),
            ),
            Some((seq, Some(false))) if *confirmed => flag_row(
                "mfa",
                id.clone(),
                format!("MFA enrolment of '{who}': confirmed, but the log never confirmed it"),
                Some(*seq),
            ),
            _ => {}
        }
    }

    bad.sort_by(|a, b| (&a.kind, &a.id).cmp(&(&b.kind, &b.id)));
    out.ok = bad.is_empty();
    out.unexplained = bad;
    Ok(out)
}

/// What a principal's removal ended: its memberships and its MFA enrolment.
fn forget_removed(
    d: &Value,
    principal_id: &str,
    memberships: &mut MembershipRows,
    mfa: &mut MfaRows,
    seq: i64,
) {
    if let Some((_, log)) = mfa.get_mut(principal_id) {
        *log = Some((seq, None));
    }
    if let Some(list) = d.get("removed_memberships").and_then(Value::as_array) {
        for m in list {
            if let (Some(g), Some(mm)) = (text(m, "group_id"), text(m, "member_id"))
                && let Some(slot) = memberships.get_mut(&(g, mm))
            {
                *slot = Some((seq, false));
            }
        }
    }
}

/// `pim audit verify --state`: for whoever may verify the chain.
pub fn check_db(db: &mut crate::store::Db, ctx: &super::session::Ctx) -> Result<StateCheck> {
    db.small_cache()?;
    super::session::read(db, ctx, |c, _, grants| {
        super::audit::require_reader(grants)?;
        check(c, ctx.now)
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{T0, sample};
    use super::*;

    #[test]
    fn the_sample_is_explained_and_a_row_added_around_pim_is_not() {
        let db = sample();
        let c = db.conn();
        assert_eq!(unexplained(c, T0).unwrap(), vec![]);
        let checked = check(c, T0).unwrap();
        assert!(checked.ok && checked.rows > 40, "{checked:?}");
        c.execute(
            "INSERT INTO assignment (id, principal_id, role_id, scope_id, type, start_at, created_at)
             SELECT 'forged', id, ?1, 1, 'active', 0, 0 FROM principal WHERE name = 'erin'",
            [builtin::GLOBAL_ADMINISTRATOR],
        )
        .unwrap();
        let bad = unexplained(c, T0).unwrap();
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(
            (&*bad[0].kind, bad[0].id.as_str()),
            ("assignment", "forged")
        );
        assert!(bad[0].problem.contains("no audited event made it"));
        // Expired or removed rows are history, not state in force: not checked.
        c.execute(
            "UPDATE assignment SET removed_at = 1 WHERE id = 'forged'",
            [],
        )
        .unwrap();
        assert_eq!(unexplained(c, T0).unwrap(), vec![]);
    }

    /// The state and the log are streamed (on PostgreSQL through server-side cursors, 1,000 rows
    /// a fetch): with thousands of principals and log rows, every row is read, in order.
    #[test]
    fn a_log_and_a_state_longer_than_one_fetch_are_read_whole_and_in_order() {
        let db = sample();
        let c = db.conn();
        let base = crate::store::audit::max_seq(c).unwrap();
        let n = 1_500i64;
        let mut seq = base;
        let mut event = |action: &str, i: i64| {
            seq += 1;
            c.execute(
                "INSERT INTO audit (seq, at, actor_name, os_user, action, activity, category,
                                    result, principal_id, principal_name, prev_hash, hash)
                 VALUES (?1, ?2, 'admin', 'root', ?3, ?3, 'UserManagement', 'success', ?4, ?5,
                         '', '')",
                crate::params![seq, T0, action, format!("bulk-id-{i}"), format!("bulk-{i}")],
            )
            .unwrap();
        };
        c.execute_batch("BEGIN").unwrap();
        for i in 1..=n {
            c.execute(
                "INSERT INTO principal (id, kind, name, name_key, created_at)
                 VALUES (?1, 'user', ?2, ?2, 0)",
                crate::params![format!("bulk-id-{i}"), format!("bulk-{i}")],
            )
            .unwrap();
            event("principal.create", i);
        }
        // Disabled, then enabled again: only a walk in order leaves them enabled.
        for i in (2..=n).step_by(2) {
            event("principal.disable", i);
        }
        for i in (2..=n).step_by(2) {
            event("principal.enable", i);
        }
        c.execute_batch("COMMIT").unwrap();
        let checked = check(c, T0).unwrap();
        assert!(
            checked.ok,
            "{:?}",
            &checked.unexplained[..checked.unexplained.len().min(3)]
        );
        assert!(checked.rows > n as u64, "{checked:?}");
        // The very last row of the log is read too.
        event("principal.remove", 1);
        let bad = unexplained(c, T0).unwrap();
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(
            (&*bad[0].kind, bad[0].id.as_str(), bad[0].seq),
            ("principal", "bulk-id-1", Some(base + 2 * n + 1))
        );
        assert!(bad[0].problem.contains("the log says it was removed"));
    }
}
