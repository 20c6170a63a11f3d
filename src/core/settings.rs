//! Role settings as a use case (SPEC §3 `pim settings`, §4): show, set, export and import the
//! activation, assignment and notification rules of a role at a scope.
//!
//! Settings are stored per (role, scope) by `store::settings`; a missing row means Entra's
//! defaults. Settings do not inherit: an Azure role has its own settings at every scope, as in
//! Azure PIM.
//!
//! The settings file (`export` writes it, `import` reads it) is TOML: one `[[role]]` table per
//! role and scope, each the *complete* settings document of that role at that scope. A key left
//! out takes Entra's default, not the current value, so that `export`, edit, `import` round-trips
//! and a file always means the same thing whatever the database held before.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::store::Conn;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use toml::Spanned;

use super::assign::{category_of, check_fit};
use super::audit::{Entry, category};
use super::authz::{self, Grants};
use super::error::{Error, Result};
use super::model::{PrincipalKind, Role, RoleKind, Scope};
use super::names;
use super::policy::{
    ApprovalStage, EventRules, NotificationRule, NotificationSettings, RoleSettings,
};
use super::schedule::{self, DAY, HOUR, MIN_ASSIGNMENT_SECS, MINUTE};
use super::session::{self, Ctx, WriteOpts};
use crate::store::{self, Db};

/// The audit row of every change: Entra's activity name.
pub const ACTION: &str = "settings.update";
pub const ACTIVITY: &str = "Update role setting in PIM";

/// The activation maximum duration Entra accepts: 30 minutes to 24 hours.
pub const MIN_ACTIVATION_SECS: i64 = 30 * MINUTE;
pub const MAX_ACTIVATION_SECS: i64 = 24 * HOUR;
/// Approval stages run in series; at most this many.
pub const MAX_STAGES: usize = 5;
/// How long a stage waits for its approvers, in days.
pub const MIN_TIMEOUT_DAYS: u32 = 1;
pub const MAX_TIMEOUT_DAYS: u32 = 30;
/// Additional notification recipients per rule (Entra's limit).
pub const MAX_RECIPIENTS: usize = 1000;

/// Which settings: a role at a scope (`/` by default for directory roles; Azure roles need one).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selector {
    pub role: String,
    pub scope: Option<String>,
}

/// A role and a scope it fits.
pub(crate) struct Target {
    pub role: Role,
    pub scope: Scope,
}

/// Resolves a selector, filling in the failure row as it goes (for writes).
pub(crate) fn resolve(
    c: &Conn,
    role: &str,
    scope: Option<&str>,
    mut failure: Option<&mut Entry>,
) -> Result<Target> {
    let role = names::role(c, role)?;
    if let Some(f) = failure.as_deref_mut() {
        f.set_role(&role);
        f.category = category_of(role.kind).into();
    }
    let path = match (scope, role.kind) {
        (Some(s), _) => s.to_string(),
        (None, RoleKind::Directory) => "/".to_string(),
        (None, _) => return Err(super::assign::scope_needed(&role)),
    };
    let scope = names::scope(c, &path)?;
    if let Some(f) = failure {
        f.scope = Some(scope.path.clone());
    }
    check_fit(&role, &scope)?;
    Ok(Target { role, scope })
}

fn managers(kind: RoleKind, scope: &Scope) -> String {
    match kind {
        RoleKind::Directory => {
            "an active Global Administrator or Privileged Role Administrator assignment".into()
        }
        RoleKind::Group => format!(
            "active ownership of {}, or an active Global Administrator or Privileged Role Administrator assignment",
            scope.path
        ),
        RoleKind::Azure => format!(
            "an active Owner or User Access Administrator assignment at {} or above it, or Global Administrator",
            scope.path
        ),
    }
}

fn viewers(kind: RoleKind, scope: &Scope) -> String {
    match kind {
        RoleKind::Directory => "an active Global Administrator, Privileged Role Administrator, Global Reader, Security Administrator or Security Reader assignment".into(),
        RoleKind::Group => format!("active ownership of {}, or an active Global Administrator, Privileged Role Administrator, Global Reader, Security Administrator or Security Reader assignment", scope.path),
        RoleKind::Azure => format!(
            "an active Owner, User Access Administrator, Contributor or Reader assignment at {} or above it, or Global Administrator",
            scope.path
        ),
    }
}

const AUTHZ_HINT: &str = "check what you hold with `pim assign list --principal YOU`";

/// May see the settings: whoever may see the role's assignments there, and its managers.
pub(crate) fn may_view(c: &Conn, grants: &Grants, t: &Target) -> Result<bool> {
    let ancestors = store::scope::ancestors(c, t.scope.id)?;
    Ok(authz::can_view(grants, t.role.kind, &ancestors)
        || authz::can_manage(grants, &t.role, &ancestors))
}

pub(crate) fn require_view(c: &Conn, grants: &Grants, t: &Target) -> Result<()> {
    if may_view(c, grants, t)? {
        return Ok(());
    }
    Err(Error::NotAuthorized {
        message: format!(
            "viewing the settings of '{}' at {} needs {}",
            t.role.name,
            t.scope.path,
            viewers(t.role.kind, &t.scope)
        ),
        hint: Some(AUTHZ_HINT.into()),
    })
}

/// Changing settings needs what managing the role's assignments at the scope needs.
pub(crate) fn require_manage(c: &Conn, grants: &Grants, t: &Target) -> Result<()> {
    let ancestors = store::scope::ancestors(c, t.scope.id)?;
    authz::require_manage(grants, &t.role, &t.scope, &ancestors).map_err(|_| Error::NotAuthorized {
        message: format!(
            "changing the settings of '{}' at {} needs {}",
            t.role.name,
            t.scope.path,
            managers(t.role.kind, &t.scope)
        ),
        hint: Some(AUTHZ_HINT.into()),
    })
}

// ---------------------------------------------------------------------------------------------
// The settings as shown: the JSON contract of `pim settings show -o json`.

/// An approver: a user, or a group whose members approve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApproverView {
    pub id: String,
    pub name: String,
    /// `user` or `group`; `unknown` when the principal no longer exists.
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageView {
    pub approvers: Vec<ApproverView>,
    pub required_approvals: u32,
    pub timeout_days: u32,
    pub require_approver_justification: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivationView {
    /// ISO 8601, e.g. `PT8H`.
    pub max_duration: String,
    pub require_mfa: bool,
    pub require_justification: bool,
    pub require_ticket: bool,
    pub require_approval: bool,
    /// In series. Empty on a directory role: Global and Privileged Role Administrators approve.
    pub approval_stages: Vec<StageView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentRulesView {
    pub allow_permanent_eligible: bool,
    /// ISO 8601, e.g. `P365D`: the longest eligible assignment when permanent ones are not allowed.
    pub eligible_expire_after: String,
    pub allow_permanent_active: bool,
    pub active_expire_after: String,
    pub require_mfa_on_active: bool,
    pub require_justification_on_active: bool,
}

/// The settings of a role at a scope, with approvers by name.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SettingsView {
    pub role: String,
    pub role_id: String,
    pub scope: String,
    /// The settings are Entra's defaults.
    pub is_default: bool,
    pub activation: ActivationView,
    pub assignment: AssignmentRulesView,
    pub notifications: NotificationSettings,
    /// Rules of a Microsoft policy kept but not enforced, by Graph rule id (absent when none).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub kept_rules: std::collections::BTreeMap<String, Value>,
    #[serde(skip_serializing_if = "crate::core::wire::hidden")]
    pub role_kind: RoleKind,
    #[serde(default, skip_serializing_if = "crate::core::wire::hidden")]
    pub settings: RoleSettings,
}

fn approver_view(c: &Conn, id: &str) -> Result<ApproverView> {
    Ok(match store::principal::by_id(c, id)? {
        Some(p) => ApproverView {
            id: p.id,
            name: p.name,
            kind: p.kind.to_string(),
        },
        None => ApproverView {
            id: id.to_string(),
            name: id.to_string(),
            kind: "unknown".into(),
        },
    })
}

pub(crate) fn build_view(
    c: &Conn,
    role: &Role,
    scope: &Scope,
    s: &RoleSettings,
) -> Result<SettingsView> {
    let mut stages = Vec::with_capacity(s.activation.approval_stages.len());
    for st in &s.activation.approval_stages {
        let mut approvers = Vec::with_capacity(st.approvers.len());
        for id in &st.approvers {
            approvers.push(approver_view(c, id)?);
        }
        stages.push(StageView {
            approvers,
            required_approvals: st.required_approvals,
            timeout_days: st.timeout_days,
            require_approver_justification: st.require_approver_justification,
        });
    }
    let a = &s.activation;
    let g = &s.assignment;
    Ok(SettingsView {
        role: role.name.clone(),
        role_id: role.id.clone(),
        scope: scope.path.clone(),
        is_default: *s == RoleSettings::default(),
        activation: ActivationView {
            max_duration: schedule::iso_duration(a.max_duration_secs),
            require_mfa: a.require_mfa,
            require_justification: a.require_justification,
            require_ticket: a.require_ticket,
            require_approval: a.require_approval,
            approval_stages: stages,
        },
        assignment: AssignmentRulesView {
            allow_permanent_eligible: g.allow_permanent_eligible,
            eligible_expire_after: schedule::iso_duration(g.eligible_expire_after_secs),
            allow_permanent_active: g.allow_permanent_active,
            active_expire_after: schedule::iso_duration(g.active_expire_after_secs),
            require_mfa_on_active: g.require_mfa_on_active,
            require_justification_on_active: g.require_justification_on_active,
        },
        notifications: s.notifications.clone(),
        kept_rules: s.kept_rules.clone(),
        role_kind: role.kind,
        settings: s.clone(),
    })
}

/// "alice, group tier0-admins (1 of 2)", per stage; `None` without stages.
pub fn describe_stages(stages: &[StageView]) -> Option<String> {
    if stages.is_empty() {
        return None;
    }
    let one = |st: &StageView| {
        let names: Vec<String> = st
            .approvers
            .iter()
            .map(|a| {
                if a.kind == "group" {
                    format!("group {}", a.name)
                } else {
                    a.name.clone()
                }
            })
            .collect();
        let mut extra = format!("{} of {}", st.required_approvals, st.approvers.len());
        if st.timeout_days != ApprovalStage::default().timeout_days {
            extra.push_str(&format!(", times out after {} days", st.timeout_days));
        }
        if !st.require_approver_justification {
            extra.push_str(", no approver justification");
        }
        format!("{} ({extra})", names.join(", "))
    };
    Some(if stages.len() == 1 {
        one(&stages[0])
    } else {
        stages
            .iter()
            .enumerate()
            .map(|(i, st)| format!("stage {}: {}", i + 1, one(st)))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// One setting: its path (the settings file's keys), its JSON value and how people read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub path: String,
    pub value: Value,
    pub text: String,
}

/// The audiences of each event, in the order the portal lists them.
pub const EVENTS: [&str; 3] = ["eligible_assignment", "active_assignment", "activation"];
pub const AUDIENCES: [&str; 3] = ["admin", "assignee", "approver"];

/// The rules of one event, by name.
pub fn event<'a>(n: &'a NotificationSettings, name: &str) -> &'a EventRules {
    match name {
        "eligible_assignment" => &n.eligible_assignment,
        "active_assignment" => &n.active_assignment,
        _ => &n.activation,
    }
}

pub fn event_mut<'a>(n: &'a mut NotificationSettings, name: &str) -> &'a mut EventRules {
    match name {
        "eligible_assignment" => &mut n.eligible_assignment,
        "active_assignment" => &mut n.active_assignment,
        _ => &mut n.activation,
    }
}

/// One audience's rule of an event, by name.
pub fn audience<'a>(e: &'a EventRules, name: &str) -> &'a NotificationRule {
    match name {
        "admin" => &e.admin,
        "assignee" => &e.assignee,
        _ => &e.approver,
    }
}

pub fn audience_mut<'a>(e: &'a mut EventRules, name: &str) -> &'a mut NotificationRule {
    match name {
        "admin" => &mut e.admin,
        "assignee" => &mut e.assignee,
        _ => &mut e.approver,
    }
}

/// Every setting, flattened in a fixed order: what diffs compare and `-o csv` prints.
pub fn fields(v: &SettingsView) -> Vec<Field> {
    let (a, g) = (&v.settings.activation, &v.settings.assignment);
    let dur = |path: &str, secs: i64| Field {
        path: path.into(),
        value: Value::String(schedule::iso_duration(secs)),
        text: schedule::format_duration(secs),
    };
    let flag = |path: &str, b: bool| Field {
        path: path.into(),
        value: Value::Bool(b),
        text: b.to_string(),
    };
    let list = |path: &str, value: Value, text: Option<String>| Field {
        path: path.into(),
        value,
        text: text.unwrap_or_else(|| "none".into()),
    };
    let mut out = vec![
        dur("activation.max_duration", a.max_duration_secs),
        flag("activation.require_mfa", a.require_mfa),
        flag("activation.require_justification", a.require_justification),
        flag("activation.require_ticket", a.require_ticket),
        flag("activation.require_approval", a.require_approval),
        list(
            "activation.approval_stages",
            json!(v.activation.approval_stages),
            describe_stages(&v.activation.approval_stages),
        ),
        flag(
            "assignment.allow_permanent_eligible",
            g.allow_permanent_eligible,
        ),
        dur(
            "assignment.eligible_expire_after",
            g.eligible_expire_after_secs,
        ),
        flag(
            "assignment.allow_permanent_active",
            g.allow_permanent_active,
        ),
        dur("assignment.active_expire_after", g.active_expire_after_secs),
        flag("assignment.require_mfa_on_active", g.require_mfa_on_active),
        flag(
            "assignment.require_justification_on_active",
            g.require_justification_on_active,
        ),
    ];
    for ev in EVENTS {
        for aud in AUDIENCES {
            let r = audience(event(&v.settings.notifications, ev), aud);
            let base = format!("notifications.{ev}.{aud}");
            out.extend([
                flag(&format!("{base}.enabled"), r.enabled),
                flag(&format!("{base}.default_recipients"), r.default_recipients),
                list(
                    &format!("{base}.additional_recipients"),
                    json!(r.additional_recipients),
                    (!r.additional_recipients.is_empty())
                        .then(|| r.additional_recipients.join(", ")),
                ),
                flag(&format!("{base}.critical_only"), r.critical_only),
            ]);
        }
    }
    for id in crate::core::msformat::policy::KEPT {
        let value = v
            .settings
            .kept_rules
            .get(id)
            .cloned()
            .unwrap_or(Value::Null);
        let text = if value.is_null() {
            "none".to_string()
        } else {
            value.to_string()
        };
        out.push(Field {
            path: format!("kept_rules.{id}"),
            value,
            text,
        });
    }
    out
}

/// A changed setting, old and new: in the audit row's details and in `import -o json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub old: Value,
    pub new: Value,
    #[serde(default, skip_serializing_if = "crate::core::wire::hidden")]
    pub old_text: String,
    #[serde(default, skip_serializing_if = "crate::core::wire::hidden")]
    pub new_text: String,
}

/// The settings that differ between two views of the same role and scope.
pub fn diff(old: &SettingsView, new: &SettingsView) -> Vec<Change> {
    fields(old)
        .into_iter()
        .zip(fields(new))
        .filter(|(o, n)| o.value != n.value)
        .map(|(o, n)| Change {
            field: o.path,
            old: o.value,
            new: n.value,
            old_text: o.text,
            new_text: n.text,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Validation.

/// A setting out of its rules: which (the settings file's key path) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            field: field.into(),
            message: message.into(),
            hint: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }

    /// The whole message on one line, hint in parentheses (for a file's bad-line list).
    pub fn line_text(&self) -> String {
        match &self.hint {
            Some(h) => format!("{}: {} ({h})", self.field, self.message),
            None => format!("{}: {}", self.field, self.message),
        }
    }

    pub fn into_error(self) -> Error {
        Error::Invalid {
            message: format!("{}: {}", self.field, self.message),
            hint: self.hint,
        }
    }
}

fn check_email(e: &str) -> bool {
    e.len() <= 254
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
        && e.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && !d.is_empty() && !d.contains('@'))
}

/// What an approver ID is: its kind and name (`None`: no such principal).
pub type ApproverLookup<'a> = &'a dyn Fn(&str) -> Option<(PrincipalKind, String)>;

/// "25h" rather than "1d1h" for spans under two days, as people write activation limits.
fn hours_text(secs: i64) -> String {
    if secs > 0 && secs < 2 * DAY && secs % HOUR == 0 {
        format!("{}h", secs / HOUR)
    } else {
        schedule::format_duration(secs)
    }
}

/// Checks settings against Entra's rules and ranges.
pub fn validate(s: &RoleSettings, role_kind: RoleKind, lookup: ApproverLookup<'_>) -> Vec<Problem> {
    let mut out = Vec::new();
    let a = &s.activation;
    if !(MIN_ACTIVATION_SECS..=MAX_ACTIVATION_SECS).contains(&a.max_duration_secs) {
        out.push(
            Problem::new(
                "activation.max_duration",
                format!(
                    "{} is out of range: the activation maximum is 30m to 24h",
                    hours_text(a.max_duration_secs)
                ),
            )
            .hint("give a maximum from 30m to 24h, e.g. 8h"),
        );
    }
    if a.approval_stages.len() > MAX_STAGES {
        out.push(Problem::new(
            "activation.approval_stages",
            format!(
                "{} approval stages: at most {MAX_STAGES} run in series",
                a.approval_stages.len()
            ),
        ));
    }
    for (i, st) in a.approval_stages.iter().enumerate() {
        let n = i + 1;
        let base = format!("activation.approval_stages[{n}]");
        if st.approvers.is_empty() {
            out.push(Problem::new(
                format!("{base}.approvers"),
                format!("approval stage {n} has no approvers"),
            ));
        }
        let mut seen = HashSet::new();
        // A group counts as any number of approvers; removed principals and service
        // principals as none.
        let mut any_group = false;
        let mut users = 0usize;
        let mut unusable = false;
        for (j, id) in st.approvers.iter().enumerate() {
            let path = format!("{base}.approvers[{}]", j + 1);
            let found = lookup(id);
            let name = found.as_ref().map_or(id.as_str(), |(_, n)| n.as_str());
            if !seen.insert(id.as_str()) {
                out.push(Problem::new(
                    path.clone(),
                    format!("approver '{name}' is listed twice in approval stage {n}"),
                ));
            }
            match found.as_ref().map(|(k, _)| *k) {
                Some(PrincipalKind::User) => users += 1,
                Some(PrincipalKind::Group) => any_group = true,
                Some(PrincipalKind::ServicePrincipal) => {
                    unusable = true;
                    out.push(
                        Problem::new(path, format!("approver '{name}' is a service principal"))
                            .hint("approvers are users, or groups whose members approve"),
                    );
                }
                None => {
                    unusable = true;
                    out.push(
                        Problem::new(path, format!("approver {id} is not a principal"))
                            .hint("name approvers that exist; a removed principal cannot approve"),
                    );
                }
            }
        }
        if st.required_approvals == 0 {
            out.push(Problem::new(
                format!("{base}.required_approvals"),
                "at least one approval is required",
            ));
        } else if !any_group && !unusable && st.required_approvals as usize > users {
            out.push(
                Problem::new(
                    format!("{base}.required_approvals"),
                    format!(
                        "approval stage {n} requires {} approvals but has {users} approver{}",
                        st.required_approvals,
                        if users == 1 { "" } else { "s" }
                    ),
                )
                .hint("name more approvers (a group counts as any number of them) or require fewer approvals"),
            );
        }
        if !(MIN_TIMEOUT_DAYS..=MAX_TIMEOUT_DAYS).contains(&st.timeout_days) {
            out.push(Problem::new(
                format!("{base}.timeout_days"),
                format!(
                    "{} days is out of range: a stage waits {MIN_TIMEOUT_DAYS} to {MAX_TIMEOUT_DAYS} days",
                    st.timeout_days
                ),
            ));
        }
    }
    if a.require_approval && a.approval_stages.is_empty() && role_kind != RoleKind::Directory {
        out.push(
            Problem::new(
                "activation.require_approval",
                format!(
                    "{} roles have no default approvers: approval needs at least one",
                    if role_kind == RoleKind::Azure { "Azure" } else { "group" }
                ),
            )
            .hint("name approvers with --approver P (or --stage), or approval_stages in a settings file"),
        );
    }
    let g = &s.assignment;
    for (path, secs) in [
        (
            "assignment.eligible_expire_after",
            g.eligible_expire_after_secs,
        ),
        ("assignment.active_expire_after", g.active_expire_after_secs),
    ] {
        if secs < MIN_ASSIGNMENT_SECS {
            out.push(Problem::new(
                path,
                format!(
                    "{} is too short: an assignment lasts at least 5 minutes",
                    schedule::format_duration(secs)
                ),
            ));
        }
    }
    for ev in EVENTS {
        for aud in AUDIENCES {
            let r = audience(event(&s.notifications, ev), aud);
            let base = format!("notifications.{ev}.{aud}.additional_recipients");
            if r.additional_recipients.len() > MAX_RECIPIENTS {
                out.push(Problem::new(
                    base.clone(),
                    format!(
                        "{} additional recipients: at most {MAX_RECIPIENTS}",
                        r.additional_recipients.len()
                    ),
                ));
            }
            for (j, e) in r.additional_recipients.iter().enumerate() {
                if !check_email(e) {
                    out.push(Problem::new(
                        format!("{base}[{}]", j + 1),
                        format!("'{e}' is not an email address"),
                    ));
                }
            }
        }
    }
    out
}

fn approvers_of(c: &Conn, s: &RoleSettings) -> Result<HashMap<String, (PrincipalKind, String)>> {
    let mut out = HashMap::new();
    for st in &s.activation.approval_stages {
        for id in &st.approvers {
            if !out.contains_key(id)
                && let Some(p) = store::principal::by_id(c, id)?
            {
                out.insert(id.clone(), (p.kind, p.name));
            }
        }
    }
    Ok(out)
}

pub(crate) fn validate_in(c: &Conn, s: &RoleSettings, role_kind: RoleKind) -> Result<Vec<Problem>> {
    let known = approvers_of(c, s)?;
    Ok(validate(s, role_kind, &|id| known.get(id).cloned()))
}

/// Stages that some request could never pass: a stage needs more approvals than it has approvers
/// other than the requester, who never decides their own request. A possible requester is an
/// approver who is eligible for the role at this scope now (directly or through a group). The
/// settings stay valid (eligibility changes over time); the command line warns.
pub(crate) fn short_stages(
    c: &Conn,
    t: &Target,
    s: &RoleSettings,
    now: super::clock::Ts,
) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if !s.activation.require_approval {
        return Ok(out);
    }
    for (i, st) in s.activation.approval_stages.iter().enumerate() {
        // The people who decide: users named, and the enabled members of groups named.
        let mut people: Vec<(String, String)> = Vec::new();
        for id in &st.approvers {
            let found = match store::principal::by_id(c, id)? {
                Some(p) if p.kind == PrincipalKind::Group => store::outbox::members(c, id)?
                    .into_iter()
                    .map(|m| (m.id, m.name))
                    .collect(),
                Some(p) if p.enabled => vec![(p.id, p.name)],
                _ => vec![],
            };
            for f in found {
                if !people.iter().any(|(id, _)| *id == f.0) {
                    people.push(f);
                }
            }
        }
        let mut eligible = Vec::new();
        for (id, name) in &people {
            let mut holders = vec![id.clone()];
            holders.extend(super::membership::paths(c, id, now)?.into_keys());
            if !store::assignment::eligibilities(c, &holders, &t.role.id, &[t.scope.id], now)?
                .is_empty()
            {
                eligible.push(name.clone());
            }
        }
        let needed = st.required_approvals as usize;
        let names: Vec<String> = people.iter().map(|(_, n)| n.clone()).collect();
        let stage = i + 1;
        let what = format!("{} at {}", t.role.name, t.scope.path);
        if needed > names.len() {
            out.push(format!(
                "{what}: stage {stage} needs {needed} approvals but has {} approver{} ({}): no request can pass it",
                names.len(),
                if names.len() == 1 { "" } else { "s" },
                if names.is_empty() { "none".to_string() } else { names.join(", ") },
            ));
        } else if !eligible.is_empty() && needed > names.len() - 1 {
            out.push(format!(
                "{what}: stage {stage} needs {needed} approvals from {}, but {} {} eligible for the role and never approve{} their own request: a request from {} can get at most {}",
                names.join(", "),
                eligible.join(", "),
                if eligible.len() == 1 { "is" } else { "are" },
                if eligible.len() == 1 { "s" } else { "" },
                if eligible.len() == 1 { "them" } else { "one of them" },
                names.len() - 1,
            ));
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Typed input.

/// `true`, `false`, `yes` or `no`, for a flag or key named `what`.
pub fn parse_bool(what: &str, text: &str) -> Result<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" => Ok(true),
        "false" | "no" => Ok(false),
        _ => Err(Error::invalid_with_hint(
            format!("invalid value '{}' for {what}", text.trim()),
            "use true, false, yes or no",
        )),
    }
}

/// A whole number for a flag named `what`.
pub fn parse_count(what: &str, text: &str) -> Result<u32> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(format!(
            "invalid value '{t}' for {what}: give a whole number"
        )));
    }
    t.parse()
        .map_err(|_| Error::invalid(format!("invalid value '{t}' for {what}: too large")))
}

/// One approval stage as typed: approvers by name, and how many of them must approve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    pub approvers: Vec<String>,
    pub required_approvals: Option<u32>,
}

/// Parses `--stage "alice,bob:2"`: approvers separated by commas, then optionally `:N`, the
/// number of approvals the stage needs (default 1).
pub fn parse_stage(text: &str) -> Result<StageSpec> {
    let hint = "write a stage as approvers separated by commas, then :N approvals, e.g. --stage \"alice,bob:2\"";
    let (list, count) = match text.rsplit_once(':') {
        Some((list, n)) => (
            list,
            Some(parse_count("--stage", n).map_err(|_| {
                Error::invalid_with_hint(
                    format!(
                        "invalid stage '{}': after ':' comes the number of approvals required",
                        text.trim()
                    ),
                    hint,
                )
            })?),
        ),
        None => (text, None),
    };
    let approvers: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if approvers.is_empty() {
        return Err(Error::invalid_with_hint(
            format!("invalid stage '{}': it names no approvers", text.trim()),
            hint,
        ));
    }
    Ok(StageSpec {
        approvers,
        required_approvals: count,
    })
}

/// How `set` changes the approvers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ApproversChange {
    #[default]
    Keep,
    /// No approvers: for a directory role, Global and Privileged Role Administrators approve.
    Clear,
    /// One stage of these approvers (`--approver`, with `--required-approvals`).
    Single(Vec<String>),
    /// Stages in series (`--stage`).
    Stages(Vec<StageSpec>),
}

/// What `pim settings set` changes; `None` keeps the current value. Durations in seconds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    pub activation_max_duration: Option<i64>,
    pub require_mfa: Option<bool>,
    pub require_justification: Option<bool>,
    pub require_ticket: Option<bool>,
    pub require_approval: Option<bool>,
    pub approvers: ApproversChange,
    pub required_approvals: Option<u32>,
    pub approval_timeout_days: Option<u32>,
    pub allow_permanent_eligible: Option<bool>,
    pub eligible_expire_after: Option<i64>,
    pub allow_permanent_active: Option<bool>,
    pub active_expire_after: Option<i64>,
    pub require_mfa_on_active: Option<bool>,
    pub require_justification_on_active: Option<bool>,
    /// `--notify EVENT.AUDIENCE.FIELD=VALUE`, in order.
    pub notifications: Vec<NotifyChange>,
}

/// One change to the notification rules (`--notify EVENT.AUDIENCE.FIELD=VALUE`; `all` stands
/// for every event or every audience).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyChange {
    #[serde(deserialize_with = "known::events")]
    pub events: Vec<&'static str>,
    #[serde(deserialize_with = "known::audiences")]
    pub audiences: Vec<&'static str>,
    pub value: NotifyValue,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum NotifyValue {
    Enabled(bool),
    DefaultRecipients(bool),
    CriticalOnly(bool),
    /// Replaces the list; empty clears it.
    AdditionalRecipients(Vec<String>),
}

/// Event and audience names as they come from a client: only the known ones.
mod known {
    use serde::{Deserialize, Deserializer, de::Error};

    fn pick<'de, D: Deserializer<'de>>(
        d: D,
        set: &[&'static str],
        what: &str,
    ) -> Result<Vec<&'static str>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|n| {
                set.iter()
                    .find(|k| **k == n)
                    .copied()
                    .ok_or_else(|| D::Error::custom(format!("unknown {what} '{n}'")))
            })
            .collect()
    }

    pub fn events<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<&'static str>, D::Error> {
        pick(d, &super::EVENTS, "event")
    }

    pub fn audiences<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<&'static str>, D::Error> {
        pick(d, &super::AUDIENCES, "audience")
    }
}

/// Parses `EVENT.AUDIENCE.FIELD=VALUE`, e.g. `activation.admin.critical_only=yes` or
/// `eligible_assignment.assignee.additional_recipients=a@x.example,b@x.example`.
pub fn parse_notify(text: &str) -> Result<NotifyChange> {
    let usage = "--notify EVENT.AUDIENCE.FIELD=VALUE: EVENT is eligible_assignment, active_assignment, activation or all; AUDIENCE admin, assignee, approver or all; FIELD enabled, default_recipients, critical_only (yes/no) or additional_recipients (addresses, comma-separated; empty clears)";
    let bad = |why: String| Error::invalid_with_hint(format!("--notify '{text}': {why}"), usage);
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| bad("expected FIELD=VALUE".into()))?;
    let key = key.trim();
    let key = key.strip_prefix("notifications.").unwrap_or(key);
    let parts: Vec<&str> = key.split('.').collect();
    let [ev, aud, field] = parts.as_slice() else {
        return Err(bad("expected EVENT.AUDIENCE.FIELD".into()));
    };
    let events: Vec<&'static str> = if *ev == "all" {
        EVENTS.to_vec()
    } else {
        vec![
            *EVENTS
                .iter()
                .find(|e| e.eq_ignore_ascii_case(ev))
                .ok_or_else(|| bad(format!("unknown event '{ev}'")))?,
        ]
    };
    let audiences: Vec<&'static str> = if *aud == "all" {
        AUDIENCES.to_vec()
    } else {
        vec![
            *AUDIENCES
                .iter()
                .find(|a| a.eq_ignore_ascii_case(aud))
                .ok_or_else(|| bad(format!("unknown audience '{aud}'")))?,
        ]
    };
    let flag = format!("--notify {key}");
    let value = match *field {
        "enabled" => NotifyValue::Enabled(parse_bool(&flag, value)?),
        "default_recipients" => NotifyValue::DefaultRecipients(parse_bool(&flag, value)?),
        "critical_only" => NotifyValue::CriticalOnly(parse_bool(&flag, value)?),
        "additional_recipients" => NotifyValue::AdditionalRecipients(
            value
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        other => return Err(bad(format!("unknown field '{other}'"))),
    };
    Ok(NotifyChange {
        events,
        audiences,
        value,
    })
}

impl Patch {
    pub fn is_empty(&self) -> bool {
        *self == Patch::default()
    }
}

/// An approver by name or ID prefix, as a principal ID.
fn approver_id(c: &Conn, name: &str) -> Result<String> {
    match names::principal(c, name) {
        Ok(p) => Ok(p.id),
        Err(Error::NotFound {
            name, candidates, ..
        }) => Err(Error::NotFound {
            kind: "approver",
            name,
            candidates,
        }),
        Err(e) => Err(e),
    }
}

fn approver_ids(c: &Conn, names: &[String]) -> Result<Vec<String>> {
    names.iter().map(|n| approver_id(c, n)).collect()
}

/// The settings after a patch (not yet validated).
fn apply(c: &Conn, current: &RoleSettings, p: &Patch) -> Result<RoleSettings> {
    let mut s = current.clone();
    let a = &mut s.activation;
    if let Some(v) = p.activation_max_duration {
        a.max_duration_secs = v;
    }
    if let Some(v) = p.require_mfa {
        a.require_mfa = v;
    }
    if let Some(v) = p.require_justification {
        a.require_justification = v;
    }
    if let Some(v) = p.require_ticket {
        a.require_ticket = v;
    }
    if let Some(v) = p.require_approval {
        a.require_approval = v;
    }
    // A new stage keeps what the stage in its place had (time-out, approver justification).
    let old = &current.activation.approval_stages;
    let template = |i: usize| old.get(i).or(old.first()).cloned().unwrap_or_default();
    match &p.approvers {
        ApproversChange::Keep => {
            if let Some(n) = p.required_approvals {
                match a.approval_stages.as_mut_slice() {
                    [] => {
                        return Err(Error::invalid_with_hint(
                            "there are no approvers to require approvals from",
                            "name them with --approver P (repeat it for more)",
                        ));
                    }
                    [one] => one.required_approvals = n,
                    many => {
                        return Err(Error::invalid_with_hint(
                            format!(
                                "there are {} approval stages: --required-approvals sets a single stage's",
                                many.len()
                            ),
                            "give every stage with its count: --stage \"alice,bob:2\" --stage \"carol\"",
                        ));
                    }
                }
            }
        }
        ApproversChange::Clear => a.approval_stages.clear(),
        ApproversChange::Single(names) => {
            let mut st = template(0);
            st.approvers = approver_ids(c, names)?;
            st.required_approvals = p.required_approvals.unwrap_or(1);
            a.approval_stages = vec![st];
        }
        ApproversChange::Stages(specs) => {
            let mut stages = Vec::with_capacity(specs.len());
            for (i, spec) in specs.iter().enumerate() {
                let mut st = template(i);
                st.approvers = approver_ids(c, &spec.approvers)?;
                st.required_approvals = spec.required_approvals.unwrap_or(1);
                stages.push(st);
            }
            a.approval_stages = stages;
        }
    }
    if let Some(days) = p.approval_timeout_days {
        if a.approval_stages.is_empty() {
            return Err(Error::invalid_with_hint(
                "there are no approval stages to set a time-out on",
                "name approvers with --approver P or --stage; without them a directory role's requests wait 1 day",
            ));
        }
        for st in &mut a.approval_stages {
            st.timeout_days = days;
        }
    }
    let g = &mut s.assignment;
    if let Some(v) = p.allow_permanent_eligible {
        g.allow_permanent_eligible = v;
    }
    if let Some(v) = p.eligible_expire_after {
        g.eligible_expire_after_secs = v;
    }
    if let Some(v) = p.allow_permanent_active {
        g.allow_permanent_active = v;
    }
    if let Some(v) = p.active_expire_after {
        g.active_expire_after_secs = v;
    }
    if let Some(v) = p.require_mfa_on_active {
        g.require_mfa_on_active = v;
    }
    if let Some(v) = p.require_justification_on_active {
        g.require_justification_on_active = v;
    }
    for change in &p.notifications {
        for ev in &change.events {
            for aud in &change.audiences {
                let r = audience_mut(event_mut(&mut s.notifications, ev), aud);
                match &change.value {
                    NotifyValue::Enabled(b) => r.enabled = *b,
                    NotifyValue::DefaultRecipients(b) => r.default_recipients = *b,
                    NotifyValue::CriticalOnly(b) => r.critical_only = *b,
                    NotifyValue::AdditionalRecipients(v) => r.additional_recipients = v.clone(),
                }
            }
        }
    }
    Ok(s)
}

// ---------------------------------------------------------------------------------------------
// Show, set, export, import.

pub(crate) fn current(c: &Conn, t: &Target) -> Result<RoleSettings> {
    Ok(store::settings::get(c, &t.role.id, t.scope.id)?.unwrap_or_default())
}

/// `pim settings show`: for whoever may see the role's assignments at the scope.
pub fn show(db: &mut Db, ctx: &Ctx, sel: &Selector) -> Result<SettingsView> {
    session::read(db, ctx, |c, _actor, grants| {
        let t = resolve(c, &sel.role, sel.scope.as_deref(), None)?;
        require_view(c, grants, &t)?;
        build_view(c, &t.role, &t.scope, &current(c, &t)?)
    })
}

/// What `set` did: the resulting settings and what changed (nothing: no write, no audit row).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SetResult {
    pub view: SettingsView,
    pub changes: Vec<Change>,
    /// Stages some request could never pass (see `short_stages`).
    pub warnings: Vec<String>,
}

/// Audits a change with what changed and the whole new document (`settings`, as stored): the
/// state check (`pim audit verify --state`) matches the stored settings against it.
pub(crate) fn audit_change(
    op: &mut session::Op<'_>,
    t: &Target,
    changes: &[Change],
    new: &RoleSettings,
) -> Result<()> {
    let e = Entry::new(ACTION, ACTIVITY, category_of(t.role.kind))
        .role(&t.role)
        .scope(&t.scope.path)
        .details(json!({ "changes": changes, "settings": new }));
    op.audit(&e)?;
    Ok(())
}

/// `pim settings set`: changes some settings of a role at a scope, in one audited write.
pub fn set(
    db: &mut Db,
    ctx: &Ctx,
    sel: &Selector,
    patch: &Patch,
    opts: WriteOpts,
) -> Result<SetResult> {
    if patch.is_empty() {
        return Err(Error::invalid_with_hint(
            "nothing to set",
            "pass the settings to change, e.g. --require-mfa true; see `pim settings set --help`",
        ));
    }
    let failure = Entry::new(ACTION, ACTIVITY, category::ROLE);
    session::write(db, ctx, failure, opts, |op| {
        let t = resolve(
            op.tx,
            &sel.role,
            sel.scope.as_deref(),
            Some(&mut *op.failure),
        )?;
        require_manage(op.tx, &op.grants, &t)?;
        let old = current(op.tx, &t)?;
        let new = apply(op.tx, &old, patch)?;
        // Problems the settings already had (an approver removed since) do not block an
        // unrelated change; anything the change brings in does.
        let had = validate_in(op.tx, &old, t.role.kind)?;
        if let Some(p) = validate_in(op.tx, &new, t.role.kind)?
            .into_iter()
            .find(|p| !had.contains(p))
        {
            return Err(p.into_error());
        }
        let old_view = build_view(op.tx, &t.role, &t.scope, &old)?;
        let view = build_view(op.tx, &t.role, &t.scope, &new)?;
        let changes = diff(&old_view, &view);
        if new != old && !changes.is_empty() {
            store::settings::put(
                op.tx,
                &t.role.id,
                t.scope.id,
                &new,
                op.now(),
                Some(&op.actor.id),
            )?;
            audit_change(op, &t, &changes, &new)?;
        }
        let warnings = short_stages(op.tx, &t, &new, op.now())?;
        Ok(SetResult {
            view,
            changes,
            warnings,
        })
    })
}

/// What `export` found: the settings, and how many stored ones the actor may not see.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Exported {
    pub views: Vec<SettingsView>,
    pub hidden: usize,
}

/// `pim settings export`: one role at a scope, or (no selector) every role and scope whose
/// settings differ from the defaults and that the actor may see, ordered by role and scope.
pub fn export(db: &mut Db, ctx: &Ctx, sel: Option<&Selector>) -> Result<Exported> {
    session::read(db, ctx, |c, _actor, grants| {
        if let Some(sel) = sel {
            let t = resolve(c, &sel.role, sel.scope.as_deref(), None)?;
            require_view(c, grants, &t)?;
            let view = build_view(c, &t.role, &t.scope, &current(c, &t)?)?;
            return Ok(Exported {
                views: vec![view],
                hidden: 0,
            });
        }
        let mut views = Vec::new();
        let mut hidden = 0;
        for (role_id, scope_id) in store::settings::keys(c)? {
            let (Some(role), Some(scope), Some(s)) = (
                store::role::by_id(c, &role_id)?,
                store::scope::by_id(c, scope_id)?,
                store::settings::get(c, &role_id, scope_id)?,
            ) else {
                continue;
            };
            if s == RoleSettings::default() {
                continue;
            }
            let t = Target { role, scope };
            if !may_view(c, grants, &t)? {
                hidden += 1;
                continue;
            }
            views.push(build_view(c, &t.role, &t.scope, &s)?);
        }
        views.sort_by(|a, b| {
            a.role
                .to_lowercase()
                .cmp(&b.role.to_lowercase())
                .then_with(|| a.scope.cmp(&b.scope))
        });
        Ok(Exported { views, hidden })
    })
}

/// A TOML basic string: always one line, every control character escaped.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn quote_list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().map(|s| quote(&s)).collect();
    format!("[{}]", items.join(", "))
}

const FILE_HEADER: &str = "\
# pim role settings: `pim settings import FILE` applies them, all or nothing.
# Each [[role]] table is the complete settings of one role at one scope; an entry that lacks a
# key is refused unless it says `partial = true` (then what it leaves out takes Entra's
# default). Durations: 30m, 8h, 1h30m, 14d (or ISO 8601: PT8H). Approvers: principal names.
";

/// The settings file for these settings: complete documents, approvers by name.
pub fn to_toml(views: &[SettingsView]) -> String {
    let mut out = String::from(FILE_HEADER);
    let b = |v: bool| if v { "true" } else { "false" };
    for v in views {
        let s = &v.settings;
        let a = &s.activation;
        out.push_str(&format!(
            "\n[[role]]\nrole = {}\nscope = {}\n",
            quote(&v.role),
            quote(&v.scope)
        ));
        out.push_str(&format!(
            "\n[role.activation]\nmax_duration = {}\nrequire_mfa = {}\nrequire_justification = {}\nrequire_ticket = {}\nrequire_approval = {}\n",
            quote(&schedule::format_duration(a.max_duration_secs)),
            b(a.require_mfa),
            b(a.require_justification),
            b(a.require_ticket),
            b(a.require_approval),
        ));
        if v.activation.approval_stages.is_empty() {
            out.push_str("approval_stages = []\n");
        }
        for st in &v.activation.approval_stages {
            out.push_str(&format!(
                "\n[[role.activation.approval_stages]]\napprovers = {}\nrequired_approvals = {}\ntimeout_days = {}\nrequire_approver_justification = {}\n",
                quote_list(st.approvers.iter().map(|a| a.name.clone())),
                st.required_approvals,
                st.timeout_days,
                b(st.require_approver_justification),
            ));
        }
        let g = &s.assignment;
        out.push_str(&format!(
            "\n[role.assignment]\nallow_permanent_eligible = {}\neligible_expire_after = {}\nallow_permanent_active = {}\nactive_expire_after = {}\nrequire_mfa_on_active = {}\nrequire_justification_on_active = {}\n",
            b(g.allow_permanent_eligible),
            quote(&schedule::format_duration(g.eligible_expire_after_secs)),
            b(g.allow_permanent_active),
            quote(&schedule::format_duration(g.active_expire_after_secs)),
            b(g.require_mfa_on_active),
            b(g.require_justification_on_active),
        ));
        for ev in EVENTS {
            out.push_str(&format!("\n[role.notifications.{ev}]\n"));
            for aud in AUDIENCES {
                let r = audience(event(&s.notifications, ev), aud);
                out.push_str(&format!(
                    "{aud} = {{ enabled = {}, default_recipients = {}, additional_recipients = {}, critical_only = {} }}\n",
                    b(r.enabled),
                    b(r.default_recipients),
                    quote_list(r.additional_recipients.iter().cloned()),
                    b(r.critical_only),
                ));
            }
        }
        if !s.kept_rules.is_empty() {
            out.push_str("\n# Rules of a Microsoft policy that pim keeps but does not enforce.\n[role.kept_rules]\n");
            for (id, value) in &s.kept_rules {
                let inline = toml::Value::try_from(value)
                    .map(|t| t.to_string())
                    .unwrap_or_else(|_| "{}".into());
                out.push_str(&format!("{id} = {inline}\n"));
            }
        }
    }
    out
}

// The settings file as read: every key optional but `role`, unknown keys refused, spans kept so
// that errors name their line.

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    role: Vec<Spanned<EntryDoc>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct EntryDoc {
    role: Spanned<String>,
    scope: Option<Spanned<String>>,
    /// The entry gives only some keys on purpose; the rest take Entra's defaults. Without it an
    /// entry must be complete, as `settings export` writes it: a file cut short is refused
    /// rather than resetting what was cut off.
    partial: Option<bool>,
    activation: Option<Spanned<ActivationDoc>>,
    assignment: Option<Spanned<AssignmentDoc>>,
    notifications: Option<Spanned<NotificationsDoc>>,
    kept_rules: Option<Spanned<toml::Table>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ActivationDoc {
    max_duration: Option<Spanned<String>>,
    require_mfa: Option<bool>,
    require_justification: Option<bool>,
    require_ticket: Option<bool>,
    require_approval: Option<Spanned<bool>>,
    approval_stages: Option<Spanned<Vec<Spanned<StageDoc>>>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct StageDoc {
    approvers: Spanned<Vec<Spanned<String>>>,
    required_approvals: Option<Spanned<u32>>,
    timeout_days: Option<Spanned<u32>>,
    require_approver_justification: Option<bool>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct AssignmentDoc {
    allow_permanent_eligible: Option<bool>,
    eligible_expire_after: Option<Spanned<String>>,
    allow_permanent_active: Option<bool>,
    active_expire_after: Option<Spanned<String>>,
    require_mfa_on_active: Option<bool>,
    require_justification_on_active: Option<bool>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct NotificationsDoc {
    eligible_assignment: Option<Spanned<EventDoc>>,
    active_assignment: Option<Spanned<EventDoc>>,
    activation: Option<Spanned<EventDoc>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct EventDoc {
    admin: Option<Spanned<RuleDoc>>,
    assignee: Option<Spanned<RuleDoc>>,
    approver: Option<Spanned<RuleDoc>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RuleDoc {
    enabled: Option<bool>,
    default_recipients: Option<bool>,
    additional_recipients: Option<Spanned<Vec<Spanned<String>>>>,
    critical_only: Option<bool>,
}

/// A settings file, read and checked for syntax and keys; its entries are checked on import.
#[derive(Debug)]
pub struct SettingsFile {
    text: String,
    entries: Vec<Spanned<EntryDoc>>,
}

fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, col)
}

impl SettingsFile {
    /// Parses a settings file; a syntax error or an unknown key names its line and column.
    pub fn parse(name: &str, text: String) -> Result<SettingsFile> {
        match toml::from_str::<FileDoc>(&text) {
            Ok(doc) => Ok(SettingsFile {
                text,
                entries: doc.role,
            }),
            Err(e) => {
                let (line, col) = e.span().map_or((1, 1), |s| line_col(&text, s.start));
                Err(Error::invalid_with_hint(
                    format!(
                        "{name}: line {line}, column {col}: {}",
                        e.message().trim_end()
                    ),
                    "nothing was imported; `pim settings export --role R` shows the format",
                ))
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn line(&self, span: Range<usize>) -> u64 {
        line_col(&self.text, span.start).0
    }
}

/// Where each key of one entry is, for errors; problems without a key of their own take the
/// line of the nearest enclosing one.
struct Lines {
    map: HashMap<String, u64>,
    entry: u64,
    /// Keys whose value could not be read (an unknown approver): checks of what they hold would
    /// only repeat the problem.
    unread: Vec<String>,
}

impl Lines {
    fn new(entry: u64) -> Lines {
        Lines {
            map: HashMap::new(),
            entry,
            unread: Vec::new(),
        }
    }

    fn is_unread(&self, field: &str) -> bool {
        self.unread.iter().any(|u| {
            field
                .strip_prefix(u.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
    }

    fn at(&self, field: &str) -> u64 {
        let mut f = field;
        loop {
            if let Some(l) = self.map.get(f) {
                return *l;
            }
            match f.rfind(['.', '[']) {
                Some(i) => f = &f[..i],
                None => return self.entry,
            }
        }
    }
}

/// Turns one entry into complete settings (defaults for what it leaves out), resolving
/// approvers. Problems carry their line.
fn convert(
    c: &Conn,
    file: &SettingsFile,
    doc: &EntryDoc,
    lines: &mut Lines,
) -> Result<(RoleSettings, Vec<(u64, String)>)> {
    let mut s = RoleSettings::default();
    let mut bad: Vec<(u64, String)> = Vec::new();
    let mark = |lines: &mut Lines, path: &str, span: Range<usize>| -> u64 {
        let l = file.line(span);
        lines.map.insert(path.to_string(), l);
        l
    };
    let duration =
        |bad: &mut Vec<(u64, String)>, line: u64, path: &str, text: &str, into: &mut i64| {
            match schedule::parse_duration(text) {
                Ok(v) => *into = v,
                Err(e) => bad.push((line, format!("{path}: {}", with_hints(&e)))),
            }
        };
    if let Some(a) = &doc.activation {
        mark(lines, "activation", a.span());
        let a = a.get_ref();
        let out = &mut s.activation;
        if let Some(d) = &a.max_duration {
            let l = mark(lines, "activation.max_duration", d.span());
            duration(
                &mut bad,
                l,
                "activation.max_duration",
                d.get_ref(),
                &mut out.max_duration_secs,
            );
        }
        if let Some(v) = a.require_mfa {
            out.require_mfa = v;
        }
        if let Some(v) = a.require_justification {
            out.require_justification = v;
        }
        if let Some(v) = a.require_ticket {
            out.require_ticket = v;
        }
        if let Some(v) = &a.require_approval {
            mark(lines, "activation.require_approval", v.span());
            out.require_approval = *v.get_ref();
        }
        if let Some(stages) = &a.approval_stages {
            mark(lines, "activation.approval_stages", stages.span());
            for (i, st) in stages.get_ref().iter().enumerate() {
                let base = format!("activation.approval_stages[{}]", i + 1);
                mark(lines, &base, st.span());
                let st = st.get_ref();
                let mut stage = ApprovalStage::default();
                mark(lines, &format!("{base}.approvers"), st.approvers.span());
                for (j, ap) in st.approvers.get_ref().iter().enumerate() {
                    let path = format!("{base}.approvers[{}]", j + 1);
                    let l = mark(lines, &path, ap.span());
                    match approver_id(c, ap.get_ref()) {
                        Ok(id) => stage.approvers.push(id),
                        Err(e @ Error::Store(_)) => return Err(e),
                        Err(e) => {
                            bad.push((l, format!("{path}: {}", with_hints(&e))));
                            lines.unread.push(base.clone());
                        }
                    }
                }
                if let Some(n) = &st.required_approvals {
                    mark(lines, &format!("{base}.required_approvals"), n.span());
                    stage.required_approvals = *n.get_ref();
                }
                if let Some(n) = &st.timeout_days {
                    mark(lines, &format!("{base}.timeout_days"), n.span());
                    stage.timeout_days = *n.get_ref();
                }
                if let Some(v) = st.require_approver_justification {
                    stage.require_approver_justification = v;
                }
                out.approval_stages.push(stage);
            }
        }
    }
    if let Some(g) = &doc.assignment {
        mark(lines, "assignment", g.span());
        let g = g.get_ref();
        let out = &mut s.assignment;
        if let Some(v) = g.allow_permanent_eligible {
            out.allow_permanent_eligible = v;
        }
        if let Some(d) = &g.eligible_expire_after {
            let path = "assignment.eligible_expire_after";
            let l = mark(lines, path, d.span());
            duration(
                &mut bad,
                l,
                path,
                d.get_ref(),
                &mut out.eligible_expire_after_secs,
            );
        }
        if let Some(v) = g.allow_permanent_active {
            out.allow_permanent_active = v;
        }
        if let Some(d) = &g.active_expire_after {
            let path = "assignment.active_expire_after";
            let l = mark(lines, path, d.span());
            duration(
                &mut bad,
                l,
                path,
                d.get_ref(),
                &mut out.active_expire_after_secs,
            );
        }
        if let Some(v) = g.require_mfa_on_active {
            out.require_mfa_on_active = v;
        }
        if let Some(v) = g.require_justification_on_active {
            out.require_justification_on_active = v;
        }
    }
    if let Some(n) = &doc.notifications {
        mark(lines, "notifications", n.span());
        let n = n.get_ref();
        for (ev, doc) in [
            ("eligible_assignment", &n.eligible_assignment),
            ("active_assignment", &n.active_assignment),
            ("activation", &n.activation),
        ] {
            let Some(doc) = doc else { continue };
            mark(lines, &format!("notifications.{ev}"), doc.span());
            let doc = doc.get_ref();
            for (aud, rule) in [
                ("admin", &doc.admin),
                ("assignee", &doc.assignee),
                ("approver", &doc.approver),
            ] {
                let Some(rule) = rule else { continue };
                let base = format!("notifications.{ev}.{aud}");
                mark(lines, &base, rule.span());
                let rule = rule.get_ref();
                let out = audience_mut(event_mut(&mut s.notifications, ev), aud);
                if let Some(v) = rule.enabled {
                    out.enabled = v;
                }
                if let Some(v) = rule.default_recipients {
                    out.default_recipients = v;
                }
                if let Some(list) = &rule.additional_recipients {
                    let path = format!("{base}.additional_recipients");
                    mark(lines, &path, list.span());
                    for (j, r) in list.get_ref().iter().enumerate() {
                        mark(lines, &format!("{path}[{}]", j + 1), r.span());
                        out.additional_recipients
                            .push(r.get_ref().trim().to_string());
                    }
                }
                if let Some(v) = rule.critical_only {
                    out.critical_only = v;
                }
            }
        }
    }
    if let Some(kept) = &doc.kept_rules {
        let base = "kept_rules";
        let l = mark(lines, base, kept.span());
        for (id, value) in kept.get_ref() {
            let path = format!("{base}.{id}");
            let json = serde_json::to_value(value).unwrap_or(Value::Null);
            match crate::core::msformat::policy::check_kept(id, &json, &path) {
                Ok(Value::Null) => {}
                Ok(v) => {
                    let id = crate::core::msformat::policy::spec(id).map_or(id.as_str(), |s| s.id);
                    s.kept_rules.insert(id.to_string(), v);
                }
                Err(e) => bad.push((l, with_hints(&e))),
            }
        }
    }
    Ok((s, bad))
}

/// The keys `settings export` always writes that `doc` lacks (empty: complete).
fn missing_keys(doc: &EntryDoc) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut need = |present: &[(bool, &str)], base: &str| {
        for (is, key) in present {
            if !is {
                out.push(format!("{base}{key}"));
            }
        }
    };
    match &doc.activation {
        None => need(&[(false, "activation")], ""),
        Some(a) => {
            let a = a.get_ref();
            need(
                &[
                    (a.max_duration.is_some(), "max_duration"),
                    (a.require_mfa.is_some(), "require_mfa"),
                    (a.require_justification.is_some(), "require_justification"),
                    (a.require_ticket.is_some(), "require_ticket"),
                    (a.require_approval.is_some(), "require_approval"),
                    (a.approval_stages.is_some(), "approval_stages"),
                ],
                "activation.",
            );
            for (i, st) in a
                .approval_stages
                .iter()
                .flat_map(|s| s.get_ref())
                .enumerate()
            {
                let st = st.get_ref();
                need(
                    &[
                        (st.required_approvals.is_some(), "required_approvals"),
                        (st.timeout_days.is_some(), "timeout_days"),
                        (
                            st.require_approver_justification.is_some(),
                            "require_approver_justification",
                        ),
                    ],
                    &format!("activation.approval_stages[{}].", i + 1),
                );
            }
        }
    }
    match &doc.assignment {
        None => need(&[(false, "assignment")], ""),
        Some(g) => {
            let g = g.get_ref();
            need(
                &[
                    (
                        g.allow_permanent_eligible.is_some(),
                        "allow_permanent_eligible",
                    ),
                    (g.eligible_expire_after.is_some(), "eligible_expire_after"),
                    (g.allow_permanent_active.is_some(), "allow_permanent_active"),
                    (g.active_expire_after.is_some(), "active_expire_after"),
                    (g.require_mfa_on_active.is_some(), "require_mfa_on_active"),
                    (
                        g.require_justification_on_active.is_some(),
                        "require_justification_on_active",
                    ),
                ],
                "assignment.",
            );
        }
    }
    let Some(n) = &doc.notifications else {
        need(&[(false, "notifications")], "");
        return out;
    };
    let n = n.get_ref();
    for (ev, e) in [
        ("eligible_assignment", &n.eligible_assignment),
        ("active_assignment", &n.active_assignment),
        ("activation", &n.activation),
    ] {
        let Some(e) = e else {
            need(&[(false, ev)], "notifications.");
            continue;
        };
        let e = e.get_ref();
        for (aud, r) in [
            ("admin", &e.admin),
            ("assignee", &e.assignee),
            ("approver", &e.approver),
        ] {
            let Some(r) = r else {
                need(&[(false, aud)], &format!("notifications.{ev}."));
                continue;
            };
            let r = r.get_ref();
            need(
                &[
                    (r.enabled.is_some(), "enabled"),
                    (r.default_recipients.is_some(), "default_recipients"),
                    (r.additional_recipients.is_some(), "additional_recipients"),
                    (r.critical_only.is_some(), "critical_only"),
                ],
                &format!("notifications.{ev}.{aud}."),
            );
        }
    }
    out
}

/// A complete entry, or one marked `partial = true`; else the problem, on the entry's line.
fn check_complete(doc: &EntryDoc) -> Option<String> {
    if doc.partial == Some(true) {
        return None;
    }
    let missing = missing_keys(doc);
    if missing.is_empty() {
        return None;
    }
    let shown = if missing.len() > 6 {
        format!("{}, … ({} keys)", missing[..6].join(", "), missing.len())
    } else {
        missing.join(", ")
    };
    Some(format!(
        "incomplete entry: it lacks {shown}, which `settings export` always writes (was the file cut short?); to give only some keys on purpose, the rest taking Entra's defaults, add `partial = true` to the entry"
    ))
}

fn with_hints(e: &Error) -> String {
    let mut msg = e.to_string();
    for h in e.hints() {
        msg.push_str(&format!(" ({h})"));
    }
    msg
}

/// What `import` did to one entry: `changes` is empty when it already held.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EntryResult {
    pub role: String,
    pub scope: String,
    pub changes: Vec<Change>,
    /// Stages some request could never pass (see `short_stages`); on stderr, not in the JSON.
    #[serde(default, skip_serializing_if = "crate::core::wire::hidden")]
    pub warnings: Vec<String>,
}

/// `pim settings import`: every entry of a settings file, in one write, all or nothing. Bad
/// entries are reported by line; an entry the actor may not change refuses the whole file.
pub fn import(
    db: &mut Db,
    ctx: &Ctx,
    name: &str,
    file: &SettingsFile,
    opts: WriteOpts,
) -> Result<Vec<EntryResult>> {
    let failure = Entry::new(ACTION, ACTIVITY, category::ROLE)
        .details(json!({ "file": name, "entries": file.len() }));
    session::write(db, ctx, failure, opts, |op| {
        let mut bad: Vec<(u64, String)> = Vec::new();
        let mut seen: HashMap<(String, i64), u64> = HashMap::new();
        let mut planned: Vec<(Target, RoleSettings)> = Vec::new();
        for entry in &file.entries {
            let entry_line = file.line(entry.span());
            let doc = entry.get_ref();
            let role_line = file.line(doc.role.span());
            let scope_line = doc
                .scope
                .as_ref()
                .map_or(role_line, |s| file.line(s.span()));
            let role = match names::role(op.tx, doc.role.get_ref()) {
                Ok(r) => r,
                Err(e @ Error::Store(_)) => return Err(e),
                Err(e) => {
                    bad.push((role_line, format!("role: {}", with_hints(&e))));
                    continue;
                }
            };
            let t = match resolve(
                op.tx,
                &role.id,
                doc.scope.as_ref().map(|s| s.get_ref().as_str()),
                None,
            ) {
                Ok(t) => t,
                Err(e @ Error::Store(_)) => return Err(e),
                Err(e) => {
                    bad.push((scope_line, format!("scope: {}", with_hints(&e))));
                    continue;
                }
            };
            if let Err(e) = require_manage(op.tx, &op.grants, &t) {
                op.failure.set_role(&t.role);
                op.failure.scope = Some(t.scope.path.clone());
                op.failure.category = category_of(t.role.kind).into();
                return Err(match e {
                    Error::NotAuthorized { message, hint } => Error::NotAuthorized {
                        message: format!("{name}, line {entry_line}: {message}"),
                        hint,
                    },
                    other => other,
                });
            }
            if let Some(first) = seen.insert((t.role.id.clone(), t.scope.id), entry_line) {
                bad.push((
                    entry_line,
                    format!(
                        "'{}' at {} is already set at line {first}",
                        t.role.name, t.scope.path
                    ),
                ));
                continue;
            }
            let mut lines = Lines::new(entry_line);
            let (settings, mut problems) = convert(op.tx, file, doc, &mut lines)?;
            if let Some(problem) = check_complete(doc) {
                problems.push((entry_line, problem));
            }
            problems.extend(
                validate_in(op.tx, &settings, t.role.kind)?
                    .iter()
                    .filter(|p| !lines.is_unread(&p.field))
                    .map(|p| (lines.at(&p.field), p.line_text())),
            );
            if !problems.is_empty() {
                bad.extend(problems);
                continue;
            }
            planned.push((t, settings));
        }
        if !bad.is_empty() {
            bad.sort_by_key(|(line, _)| *line);
            let listed: Vec<Value> = bad
                .iter()
                .take(100)
                .map(|(line, msg)| json!({ "line": line, "error": msg }))
                .collect();
            op.failure.details = Some(json!({
                "file": name, "entries": file.len(), "bad_entries": bad.len(), "first_bad_entries": listed
            }));
            return Err(Error::BadRows {
                file: name.to_string(),
                rows: bad,
                more: 0,
                // A lack of rights ends the import at once (above), so no bad entry is one.
                refused: false,
            });
        }
        let mut results = Vec::with_capacity(planned.len());
        for (t, new) in planned {
            let old = current(op.tx, &t)?;
            let changes = store_change(op, &t, &old, &new)?;
            let warnings = short_stages(op.tx, &t, &new, op.now())?;
            results.push(EntryResult {
                role: t.role.name,
                scope: t.scope.path,
                changes,
                warnings,
            });
        }
        Ok(results)
    })
}

/// Stores settings that replace `old`, audited with what changed; nothing when nothing does.
pub(crate) fn store_change(
    op: &mut session::Op<'_>,
    t: &Target,
    old: &RoleSettings,
    new: &RoleSettings,
) -> Result<Vec<Change>> {
    if old == new {
        return Ok(Vec::new());
    }
    let old_view = build_view(op.tx, &t.role, &t.scope, old)?;
    let new_view = build_view(op.tx, &t.role, &t.scope, new)?;
    let changes = diff(&old_view, &new_view);
    if !changes.is_empty() {
        store::settings::put(
            op.tx,
            &t.role.id,
            t.scope.id,
            new,
            op.now(),
            Some(&op.actor.id),
        )?;
        audit_change(op, t, &changes, new)?;
    }
    Ok(changes)
}

/// Human form of a whole number of days, hours or minutes, as the portal writes them.
pub fn span_text(secs: i64) -> String {
    if secs > 0 && secs % DAY == 0 {
        format!("{} day(s)", secs / DAY)
    } else if secs > 0 && secs % HOUR == 0 {
        format!("{} hour(s)", secs / HOUR)
    } else {
        schedule::format_duration(secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::core::tests::{T0, sample};

    fn ctx(actor: &str) -> Ctx {
        crate::core::tests::ctx(actor, T0)
    }

    fn users(id: &str) -> Option<(PrincipalKind, String)> {
        Some((PrincipalKind::User, id.to_string()))
    }

    fn fields_of(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    fn stage(approvers: &[&str], required: u32) -> ApprovalStage {
        ApprovalStage {
            approvers: approvers.iter().map(|s| s.to_string()).collect(),
            required_approvals: required,
            ..ApprovalStage::default()
        }
    }

    #[test]
    fn defaults_are_valid_for_every_kind() {
        for kind in [RoleKind::Directory, RoleKind::Azure] {
            assert!(validate(&RoleSettings::default(), kind, &users).is_empty());
        }
    }

    #[test]
    fn activation_duration_is_30m_to_24h() {
        let mut s = RoleSettings::default();
        for (secs, ok) in [
            (30 * MINUTE, true),
            (24 * HOUR, true),
            (30 * MINUTE - 1, false),
            (24 * HOUR + 1, false),
        ] {
            s.activation.max_duration_secs = secs;
            let p = validate(&s, RoleKind::Directory, &users);
            assert_eq!(p.is_empty(), ok, "{secs}: {p:?}");
            if !ok {
                assert_eq!(fields_of(&p), ["activation.max_duration"]);
            }
        }
    }

    #[test]
    fn approval_rules() {
        let mut s = RoleSettings::default();
        s.activation.require_approval = true;
        // Directory roles fall back to Global and Privileged Role Administrators; Azure roles
        // need approvers.
        assert!(validate(&s, RoleKind::Directory, &users).is_empty());
        assert_eq!(
            fields_of(&validate(&s, RoleKind::Azure, &users)),
            ["activation.require_approval"]
        );
        s.activation.approval_stages = vec![stage(&["a", "b"], 2)];
        assert!(validate(&s, RoleKind::Azure, &users).is_empty());
        s.activation.approval_stages = vec![stage(&["a", "b"], 3)];
        assert_eq!(
            fields_of(&validate(&s, RoleKind::Azure, &users)),
            ["activation.approval_stages[1].required_approvals"]
        );
        // A group counts as any number of approvers.
        let group_b = |id: &str| {
            let kind = if id == "b" {
                PrincipalKind::Group
            } else {
                PrincipalKind::User
            };
            Some((kind, id.to_string()))
        };
        assert!(validate(&s, RoleKind::Azure, &group_b).is_empty());
        s.activation.approval_stages = vec![stage(&["a"], 0)];
        assert_eq!(
            fields_of(&validate(&s, RoleKind::Azure, &users)),
            ["activation.approval_stages[1].required_approvals"]
        );
        s.activation.approval_stages = vec![stage(&[], 1)];
        assert!(
            fields_of(&validate(&s, RoleKind::Azure, &users))
                .contains(&"activation.approval_stages[1].approvers")
        );
        s.activation.approval_stages = vec![stage(&["a", "a"], 1)];
        assert_eq!(
            fields_of(&validate(&s, RoleKind::Azure, &users)),
            ["activation.approval_stages[1].approvers[2]"]
        );
        let sp = |id: &str| Some((PrincipalKind::ServicePrincipal, id.to_string()));
        s.activation.approval_stages = vec![stage(&["bot"], 1)];
        assert_eq!(
            fields_of(&validate(&s, RoleKind::Azure, &sp)),
            ["activation.approval_stages[1].approvers[1]"]
        );
        let gone = |_: &str| None;
        assert_eq!(
            fields_of(&validate(&s, RoleKind::Azure, &gone)),
            ["activation.approval_stages[1].approvers[1]"]
        );
        s.activation.approval_stages = (0..6).map(|_| stage(&["a"], 1)).collect();
        assert_eq!(
            fields_of(&validate(&s, RoleKind::Azure, &users)),
            ["activation.approval_stages"]
        );
        for (days, ok) in [(0, false), (1, true), (30, true), (31, false)] {
            let mut st = stage(&["a"], 1);
            st.timeout_days = days;
            s.activation.approval_stages = vec![st];
            let p = validate(&s, RoleKind::Azure, &users);
            assert_eq!(p.is_empty(), ok, "{days}: {p:?}");
        }
    }

    #[test]
    fn expiry_and_recipients() {
        let mut s = RoleSettings::default();
        s.assignment.eligible_expire_after_secs = 5 * MINUTE;
        assert!(validate(&s, RoleKind::Directory, &users).is_empty());
        s.assignment.eligible_expire_after_secs = 5 * MINUTE - 1;
        s.assignment.active_expire_after_secs = 60;
        assert_eq!(
            fields_of(&validate(&s, RoleKind::Directory, &users)),
            [
                "assignment.eligible_expire_after",
                "assignment.active_expire_after"
            ]
        );
        let mut s = RoleSettings::default();
        s.notifications.activation.admin.additional_recipients =
            vec!["soc@contoso.example".into(), "not an address".into()];
        assert_eq!(
            fields_of(&validate(&s, RoleKind::Directory, &users)),
            ["notifications.activation.admin.additional_recipients[2]"]
        );
    }

    #[test]
    fn typed_values() {
        assert!(parse_bool("--x", "Yes").unwrap());
        assert!(!parse_bool("--x", "false").unwrap());
        assert!(parse_bool("--x", "maybe").is_err());
        assert_eq!(parse_count("--n", "3").unwrap(), 3);
        for bad in ["", "-1", "1.5", "x", "99999999999"] {
            assert!(parse_count("--n", bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_stage("alice, bob:2").unwrap(),
            StageSpec {
                approvers: vec!["alice".into(), "bob".into()],
                required_approvals: Some(2)
            }
        );
        assert_eq!(parse_stage("carol").unwrap().required_approvals, None);
        for bad in ["", ":2", "alice:x", "alice:", ",,"] {
            assert!(parse_stage(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn quoting_survives_a_round_trip() {
        for s in [
            "plain",
            "a \"quoted\" \\ name",
            "tab\tnew\nline",
            "\u{1}x",
            "é ü",
        ] {
            let doc: toml::Table = toml::from_str(&format!("k = {}", quote(s))).unwrap();
            assert_eq!(doc["k"].as_str(), Some(s));
        }
    }

    #[test]
    fn file_errors_name_the_line() {
        let e =
            SettingsFile::parse("f.toml", "[[role]]\nrole = \"X\"\nfoo = 1\n".into()).unwrap_err();
        assert!(e.to_string().contains("f.toml: line 3, column 1"), "{e}");
        assert!(e.to_string().contains("unknown field `foo`"), "{e}");
        let e = SettingsFile::parse("f.toml", "[[role]]\nrole = \n".into()).unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        let f = SettingsFile::parse("f.toml", "# nothing\n".into()).unwrap();
        assert!(f.is_empty());
    }

    #[test]
    fn lines_fall_back_to_the_enclosing_key() {
        let mut l = Lines::new(1);
        l.map = HashMap::from([
            ("activation.approval_stages[1]".to_string(), 7),
            ("activation".to_string(), 3),
        ]);
        l.unread.push("activation.approval_stages[1]".into());
        assert!(l.is_unread("activation.approval_stages[1].approvers"));
        assert!(!l.is_unread("activation.approval_stages[10]"));
        assert_eq!(l.at("activation.approval_stages[1].required_approvals"), 7);
        assert_eq!(l.at("activation.max_duration"), 3);
        assert_eq!(l.at("assignment.active_expire_after"), 1);
    }

    #[test]
    fn export_then_import_round_trips_and_changes_nothing() {
        let mut db = sample();
        let sel = Selector {
            role: "Global Administrator".into(),
            scope: None,
        };
        let patch = Patch {
            activation_max_duration: Some(2 * HOUR),
            require_approval: Some(true),
            approvers: ApproversChange::Single(vec!["alice".into(), "tier0-admins".into()]),
            required_approvals: Some(2),
            allow_permanent_active: Some(false),
            active_expire_after: Some(15 * DAY),
            ..Patch::default()
        };
        let r = set(&mut db, &ctx("admin"), &sel, &patch, WriteOpts::default()).unwrap();
        assert_eq!(r.changes.len(), 5, "{:?}", r.changes);
        let ex = export(&mut db, &ctx("admin"), None).unwrap();
        assert_eq!(ex.views.len(), 1);
        let text = to_toml(&ex.views);
        let file = SettingsFile::parse("x.toml", text.clone()).unwrap();
        let audit = store::audit::count(db.conn()).unwrap();
        let res = import(
            &mut db,
            &ctx("admin"),
            "x.toml",
            &file,
            WriteOpts::default(),
        )
        .unwrap();
        assert_eq!(res.len(), 1);
        assert!(res[0].changes.is_empty(), "{:?}", res[0].changes);
        assert_eq!(store::audit::count(db.conn()).unwrap(), audit);
        // The same patch again changes nothing and writes nothing.
        let again = set(&mut db, &ctx("admin"), &sel, &patch, WriteOpts::default()).unwrap();
        assert!(again.changes.is_empty());
        assert_eq!(store::audit::count(db.conn()).unwrap(), audit);
    }

    #[test]
    fn a_removed_approver_does_not_block_other_changes() {
        let mut db = sample();
        let sel = Selector {
            role: "Global Administrator".into(),
            scope: None,
        };
        let patch = Patch {
            approvers: ApproversChange::Single(vec!["erin".into()]),
            ..Patch::default()
        };
        set(&mut db, &ctx("admin"), &sel, &patch, WriteOpts::default()).unwrap();
        let erin = store::principal::by_name(db.conn(), "erin")
            .unwrap()
            .unwrap();
        // As an older pim deleted principals (rows gone, not marked removed).
        db.conn()
            .execute("DELETE FROM principal WHERE id = ?1", [&erin.id])
            .unwrap();
        let shown = show(&mut db, &ctx("admin"), &sel).unwrap();
        assert_eq!(
            shown.activation.approval_stages[0].approvers[0].kind,
            "unknown"
        );
        let mfa = Patch {
            require_mfa: Some(true),
            ..Patch::default()
        };
        let r = set(&mut db, &ctx("admin"), &sel, &mfa, WriteOpts::default()).unwrap();
        assert_eq!(r.changes.len(), 1);
        // A problem the change brings in is refused.
        let bot = Patch {
            approvers: ApproversChange::Stages(vec![parse_stage("erin-gone,deploy-bot").unwrap()]),
            ..Patch::default()
        };
        let e = set(&mut db, &ctx("admin"), &sel, &bot, WriteOpts::default()).unwrap_err();
        assert!(
            e.to_string().contains("approver 'erin-gone' not found"),
            "{e}"
        );
        let bot = Patch {
            approvers: ApproversChange::Single(vec!["deploy-bot".into()]),
            ..Patch::default()
        };
        let e = set(&mut db, &ctx("admin"), &sel, &bot, WriteOpts::default()).unwrap_err();
        assert!(e.to_string().contains("is a service principal"), "{e}");
    }

    #[test]
    fn patches_of_approvers() {
        let mut db = sample();
        let sel = Selector {
            role: "Owner".into(),
            scope: Some("/subscriptions/prod".into()),
        };
        let run = |db: &mut Db, p: Patch| set(db, &ctx("admin"), &sel, &p, WriteOpts::default());
        // --required-approvals without approvers has nothing to apply to.
        let e = run(
            &mut db,
            Patch {
                required_approvals: Some(2),
                ..Patch::default()
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("no approvers"), "{e}");
        run(
            &mut db,
            Patch {
                approvers: ApproversChange::Stages(vec![
                    parse_stage("alice,bob:2").unwrap(),
                    parse_stage("carol").unwrap(),
                ]),
                approval_timeout_days: Some(3),
                ..Patch::default()
            },
        )
        .unwrap();
        let e = run(
            &mut db,
            Patch {
                required_approvals: Some(1),
                ..Patch::default()
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("2 approval stages"), "{e}");
        let r = run(
            &mut db,
            Patch {
                approvers: ApproversChange::Single(vec!["dave".into()]),
                ..Patch::default()
            },
        )
        .unwrap();
        let st = &r.view.settings.activation.approval_stages;
        assert_eq!((st.len(), st[0].timeout_days), (1, 3), "keeps the time-out");
        let e = run(
            &mut db,
            Patch {
                approvers: ApproversChange::Single(vec!["nobody".into()]),
                ..Patch::default()
            },
        )
        .unwrap_err();
        assert!(
            matches!(
                e,
                Error::NotFound {
                    kind: "approver",
                    ..
                }
            ),
            "{e}"
        );
        let r = run(
            &mut db,
            Patch {
                approvers: ApproversChange::Clear,
                ..Patch::default()
            },
        )
        .unwrap();
        assert!(r.view.activation.approval_stages.is_empty());
    }
}
