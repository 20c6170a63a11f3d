//! `pim alerts`: PIM's security alerts (reference §5) over what holds now. Every read honours the
//! timestamps: an assignment counts when it is in force (not removed, started, not ended) and is
//! held by an enabled principal, since a disabled principal holds nothing. Assignments count
//! where they are made (direct): a group holding a role is one principal.
//!
//! | id | severity | Entra / Azure alert |
//! | --- | --- | --- |
//! | `too_many_global_admins` | low | TooManyGlobalAdminsAssignedToTenantAlert |
//! | `no_mfa_on_activation` | low | NoMfaOnRoleActivationAlert |
//! | `permanent_active_assignments` | medium | none (closest: RolesAssignedOutsidePimAlert, high) |
//! | `unused_eligible_roles` | low | RedundantAssignmentAlert |
//! | `frequent_activations` | low | SequentialActivationRenewalsAlert |
//! | `too_few_break_glass` | medium | none |
//! | `too_many_subscription_owners` | medium | Azure: Too many owners assigned to a resource |
//! | `too_many_permanent_subscription_owners` | medium | Azure: Too many permanent owners assigned to a resource |
//! | `revocation_overdue` | high | none (provisioning: a revoke not carried out in time) |

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use crate::store::Conn;
use serde::{Deserialize, Serialize};

use super::builtin::{GLOBAL_ADMINISTRATOR, OWNER};
use super::clock::{Ts, serde_ts};
use super::error::{Error, Result};
use super::model::{AssignmentType, PrincipalKind, RoleKind, ScopeKind};
use super::schedule::{self, DAY};
use super::session::{self, Ctx};
use crate::store::{self, Db, alerts::Held};

/// How serious an alert is, as Entra grades them. Ordered: `Low < Medium < High`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The alert ids, in the order alerts of the same severity are listed.
pub const ALERT_IDS: &[&str] = &[
    TOO_MANY_GLOBAL_ADMINS,
    NO_MFA_ON_ACTIVATION,
    PERMANENT_ACTIVE,
    UNUSED_ELIGIBLE,
    FREQUENT_ACTIVATIONS,
    TOO_FEW_BREAK_GLASS,
    TOO_MANY_OWNERS,
    TOO_MANY_PERMANENT_OWNERS,
    REVOCATION_OVERDUE,
];

const TOO_MANY_GLOBAL_ADMINS: &str = "too_many_global_admins";
const NO_MFA_ON_ACTIVATION: &str = "no_mfa_on_activation";
const PERMANENT_ACTIVE: &str = "permanent_active_assignments";
const UNUSED_ELIGIBLE: &str = "unused_eligible_roles";
const FREQUENT_ACTIVATIONS: &str = "frequent_activations";
const TOO_FEW_BREAK_GLASS: &str = "too_few_break_glass";
const TOO_MANY_OWNERS: &str = "too_many_subscription_owners";
const TOO_MANY_PERMANENT_OWNERS: &str = "too_many_permanent_subscription_owners";
const REVOCATION_OVERDUE: &str = "revocation_overdue";

/// Thresholds of the alerts, from the config file's `[alerts]` table. Every key is optional; an
/// unknown key or a value out of range is an error. Thresholds are met at or above their value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertConfig {
    /// `too_many_global_admins` holds when at least this many principals hold an active Global
    /// Administrator assignment at `/` … Default 5, range 2–100 (Entra's
    /// `globalAdminCountThreshold`).
    pub global_admin_count_threshold: u32,
    /// … and they are at least this percentage of the principals holding any privileged directory
    /// role, eligible or active. Default 10, range 0–100 (Entra's
    /// `percentageOfGlobalAdminsOutOfRolesThreshold`).
    pub global_admin_percentage_threshold: u32,
    /// `unused_eligible_roles`: an eligibility of a privileged role made more than this many days
    /// ago and not activated in this many days. Default 30, range 1–365 (Entra's
    /// `RedundantAssignmentAlert` `duration`).
    pub stale_activation_days: u32,
    /// `frequent_activations`: this many activations of one role at one scope by one principal
    /// within `activation_window`. Default 5, range 2–100 (Entra's
    /// `sequentialActivationCounterThreshold`).
    pub activation_count_threshold: u32,
    /// The window of `frequent_activations`, ending now: `30m`, `8h`, `1d`, `PT12H`. Default `1d`,
    /// from 1 minute to 30 days (Entra's `timeIntervalBetweenActivations`).
    pub activation_window: String,
    /// `too_few_break_glass` holds when fewer enabled break-glass users hold an active Global
    /// Administrator assignment at `/`. Default 2, range 0–100; 0 turns the alert off.
    pub min_break_glass: u32,
    /// `too_many_subscription_owners`: this many principals with an active Owner assignment at one
    /// subscription. Default 3, range 1–100.
    pub subscription_owner_threshold: u32,
    /// `too_many_permanent_subscription_owners`: this many principals with a permanent active
    /// Owner assignment at one subscription. Default 2, range 1–100.
    pub subscription_permanent_owner_threshold: u32,
    /// `revocation_overdue`: a provisioning revoke not carried out this many minutes after the
    /// access ended. Default 5, range 1–1440.
    pub revocation_overdue_minutes: u32,
    /// Alert ids not to evaluate (Entra's `isEnabled = false`). Default: none.
    pub disabled: Vec<String>,
}

impl Default for AlertConfig {
    fn default() -> Self {
        AlertConfig {
            global_admin_count_threshold: 5,
            global_admin_percentage_threshold: 10,
            stale_activation_days: 30,
            activation_count_threshold: 5,
            activation_window: "1d".into(),
            min_break_glass: 2,
            subscription_owner_threshold: 3,
            subscription_permanent_owner_threshold: 2,
            revocation_overdue_minutes: 5,
            disabled: Vec::new(),
        }
    }
}

/// An [`AlertConfig`] checked: every value in range, the window parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    pub global_admin_count: usize,
    pub global_admin_percentage: usize,
    pub stale_secs: i64,
    pub stale_days: u32,
    pub activation_count: usize,
    pub activation_window_secs: i64,
    pub min_break_glass: usize,
    pub owners: usize,
    pub permanent_owners: usize,
    pub revocation_overdue_secs: i64,
    pub disabled: Vec<String>,
}

fn in_range(key: &str, v: u32, lo: u32, hi: u32) -> Result<usize> {
    if (lo..=hi).contains(&v) {
        Ok(v as usize)
    } else {
        Err(Error::invalid_with_hint(
            format!("alerts.{key} = {v} is out of range ({lo} to {hi})"),
            "fix the [alerts] table of the config file",
        ))
    }
}

impl AlertConfig {
    pub fn limits(&self) -> Result<Limits> {
        let window = schedule::parse_duration(&self.activation_window).map_err(|e| {
            Error::invalid_with_hint(
                format!("alerts.activation_window: {e}"),
                "use a duration from 1m to 30d, such as 1d or PT12H",
            )
        })?;
        if !(60..=30 * DAY).contains(&window) {
            return Err(Error::invalid_with_hint(
                format!(
                    "alerts.activation_window = '{}' is out of range (1m to 30d)",
                    self.activation_window
                ),
                "fix the [alerts] table of the config file",
            ));
        }
        for id in &self.disabled {
            if !ALERT_IDS.contains(&id.as_str()) {
                return Err(Error::invalid_with_hint(
                    format!("alerts.disabled: unknown alert '{id}'"),
                    format!("use one of: {}", ALERT_IDS.join(", ")),
                ));
            }
        }
        let days = in_range("stale_activation_days", self.stale_activation_days, 1, 365)?;
        Ok(Limits {
            global_admin_count: in_range(
                "global_admin_count_threshold",
                self.global_admin_count_threshold,
                2,
                100,
            )?,
            global_admin_percentage: in_range(
                "global_admin_percentage_threshold",
                self.global_admin_percentage_threshold,
                0,
                100,
            )?,
            stale_secs: days as i64 * DAY,
            stale_days: days as u32,
            activation_count: in_range(
                "activation_count_threshold",
                self.activation_count_threshold,
                2,
                100,
            )?,
            activation_window_secs: window,
            min_break_glass: in_range("min_break_glass", self.min_break_glass, 0, 100)?,
            owners: in_range(
                "subscription_owner_threshold",
                self.subscription_owner_threshold,
                1,
                100,
            )?,
            permanent_owners: in_range(
                "subscription_permanent_owner_threshold",
                self.subscription_permanent_owner_threshold,
                1,
                100,
            )?,
            revocation_overdue_secs: in_range(
                "revocation_overdue_minutes",
                self.revocation_overdue_minutes,
                1,
                1440,
            )? as i64
                * 60,
            disabled: self.disabled.clone(),
        })
    }
}

/// One thing an alert is about. Fields that do not apply to an alert are null.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertItem {
    pub principal: Option<String>,
    pub role: Option<String>,
    pub scope: Option<String>,
    /// The assignment concerned (the eligibility for `unused_eligible_roles`).
    pub assignment_id: Option<String>,
    /// Eligible assignments (`no_mfa_on_activation`), activations in the window
    /// (`frequent_activations`), or principals holding Owner at the subscription (the owner
    /// alerts).
    pub count: Option<usize>,
    /// When it began: the assignment's start, the eligibility's creation, or the first
    /// activation in the window.
    #[serde(with = "serde_ts::option")]
    pub since: Option<Ts>,
    /// The latest activation (null: never activated).
    #[serde(with = "serde_ts::option")]
    pub last_activation: Option<Ts>,
}

impl AlertItem {
    fn of(h: &Held) -> AlertItem {
        AlertItem {
            principal: Some(h.principal.clone()),
            role: Some(h.role.clone()),
            scope: Some(h.scope.clone()),
            assignment_id: Some(h.assignment_id.clone()),
            count: None,
            since: Some(h.start_at),
            last_activation: None,
        }
    }
}

/// An alert that holds now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    /// Stable id, snake_case; the key of `[alerts] disabled`.
    pub id: Cow<'static, str>,
    pub name: Cow<'static, str>,
    pub severity: Severity,
    /// The Entra (or Azure resource) alert it models, null when pim's own.
    pub entra_alert: Option<Cow<'static, str>>,
    /// How many items triggered it.
    pub count: usize,
    /// One line: what triggered it, with the threshold.
    pub summary: String,
    pub items: Vec<AlertItem>,
    /// How to fix it, with the `pim` commands to run.
    pub mitigation: Cow<'static, str>,
}

/// What the alerts are computed from.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub now: Ts,
    /// Assignments in force now, of enabled principals.
    pub in_force: Vec<Held>,
    /// Whether activation requires MFA, for each (role id, scope id) with eligibilities.
    pub require_mfa: HashMap<(String, i64), bool>,
    /// Per eligibility: the start of its latest activation.
    pub last_activation: HashMap<String, Ts>,
    /// Activations that started within the window ending now.
    pub recent_activations: Vec<Held>,
    /// Provisioning revokes not carried out within the limit after the access ended (queued or
    /// not yet queued): the principal, role, scope, assignment and when the access ended.
    pub overdue_revokes: Vec<AlertItem>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn privileged_eligible(h: &Held) -> bool {
    h.privileged && h.kind == AssignmentType::Eligible
}

fn is_active_at(h: &Held, role: &str, scope: Option<&str>) -> bool {
    h.kind == AssignmentType::Active && h.role_id == role && scope.is_none_or(|s| h.scope == s)
}

/// Distinct principals among `rows`, first assignment of each, in order.
fn by_principal<'a>(rows: impl Iterator<Item = &'a Held>) -> Vec<&'a Held> {
    let mut seen = std::collections::HashSet::new();
    rows.filter(|h| seen.insert(h.principal_id.clone()))
        .collect()
}

/// Evaluates every alert that is not disabled; the ones that hold, most severe first.
pub fn evaluate(f: &Facts, l: &Limits) -> Vec<Alert> {
    let mut out = Vec::new();
    let on = |id: &str| !l.disabled.iter().any(|d| d == id);
    if on(TOO_MANY_GLOBAL_ADMINS) {
        out.extend(too_many_global_admins(f, l));
    }
    if on(NO_MFA_ON_ACTIVATION) {
        out.extend(no_mfa_on_activation(f));
    }
    if on(PERMANENT_ACTIVE) {
        out.extend(permanent_active(f));
    }
    if on(UNUSED_ELIGIBLE) {
        out.extend(unused_eligible(f, l));
    }
    if on(FREQUENT_ACTIVATIONS) {
        out.extend(frequent_activations(f, l));
    }
    if on(TOO_FEW_BREAK_GLASS) {
        out.extend(too_few_break_glass(f, l));
    }
    if on(TOO_MANY_OWNERS) {
        out.extend(too_many_owners(f, l, false));
    }
    if on(TOO_MANY_PERMANENT_OWNERS) {
        out.extend(too_many_owners(f, l, true));
    }
    if on(REVOCATION_OVERDUE) {
        out.extend(revocation_overdue(f, l));
    }
    // Stable: alerts of one severity keep the order of ALERT_IDS.
    out.sort_by_key(|a| std::cmp::Reverse(a.severity));
    out
}

fn alert(
    id: &'static str,
    name: &'static str,
    severity: Severity,
    entra_alert: Option<&'static str>,
    summary: String,
    items: Vec<AlertItem>,
    mitigation: &'static str,
) -> Alert {
    Alert {
        id: id.into(),
        name: name.into(),
        severity,
        entra_alert: entra_alert.map(Cow::Borrowed),
        count: items.len(),
        summary,
        items,
        mitigation: mitigation.into(),
    }
}

fn too_many_global_admins(f: &Facts, l: &Limits) -> Option<Alert> {
    let holders = by_principal(
        f.in_force
            .iter()
            .filter(|h| is_active_at(h, GLOBAL_ADMINISTRATOR, Some("/"))),
    );
    let privileged: std::collections::HashSet<&str> = f
        .in_force
        .iter()
        .filter(|h| h.privileged && h.role_kind == RoleKind::Directory)
        .map(|h| h.principal_id.as_str())
        .collect();
    let n = holders.len();
    let total = privileged.len();
    // n * 100 >= pct * total, in integers: no rounding at the threshold.
    if n < l.global_admin_count || total == 0 || n * 100 < l.global_admin_percentage * total {
        return None;
    }
    Some(alert(
        TOO_MANY_GLOBAL_ADMINS,
        "There are too many Global Administrators",
        Severity::Low,
        Some("TooManyGlobalAdminsAssignedToTenantAlert"),
        format!(
            "{} hold an active Global Administrator assignment at /: {}% of the {} with a privileged directory role (thresholds: {} and {}%)",
            plural(n, "principal", "principals"),
            n * 100 / total,
            total,
            l.global_admin_count,
            l.global_admin_percentage
        ),
        holders.into_iter().map(AlertItem::of).collect(),
        "Keep Global Administrator for break-glass accounts: make the others eligible (`pim assign update ID --type eligible`) or remove them (`pim assign remove ID`)",
    ))
}

fn no_mfa_on_activation(f: &Facts) -> Option<Alert> {
    // (role, scope) → (eligible assignments, scope id, role id)
    let mut pairs: BTreeMap<(String, String), (usize, i64, String)> = BTreeMap::new();
    for h in f
        .in_force
        .iter()
        .filter(|h| privileged_eligible(h) && h.role_kind == RoleKind::Directory)
    {
        pairs
            .entry((h.role.clone(), h.scope.clone()))
            .or_insert((0, h.scope_id, h.role_id.clone()))
            .0 += 1;
    }
    let items: Vec<AlertItem> = pairs
        .into_iter()
        .filter(|(_, (_, scope_id, role_id))| {
            !f.require_mfa
                .get(&(role_id.clone(), *scope_id))
                .copied()
                .unwrap_or(false)
        })
        .map(|((role, scope), (n, _, _))| AlertItem {
            principal: None,
            role: Some(role),
            scope: Some(scope),
            assignment_id: None,
            count: Some(n),
            since: None,
            last_activation: None,
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(alert(
        NO_MFA_ON_ACTIVATION,
        "Roles don't require multifactor authentication for activation",
        Severity::Low,
        Some("NoMfaOnRoleActivationAlert"),
        format!(
            "{} with eligible assignments can be activated without MFA",
            plural(
                items.len(),
                "privileged directory role",
                "privileged directory roles"
            )
        ),
        items,
        "Require MFA on activation: `pim settings set --role ROLE --scope SCOPE --require-mfa true`",
    ))
}

fn permanent_active(f: &Facts) -> Option<Alert> {
    let items: Vec<AlertItem> = f
        .in_force
        .iter()
        .filter(|h| {
            h.privileged
                && h.kind == AssignmentType::Active
                && h.end_at.is_none()
                && h.activated_from.is_none()
                && !h.break_glass
        })
        .map(AlertItem::of)
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(alert(
        PERMANENT_ACTIVE,
        "Privileged roles are assigned permanently active outside break-glass accounts",
        Severity::Medium,
        None,
        format!(
            "{} of privileged roles held by principals that are not break-glass",
            plural(
                items.len(),
                "permanent active assignment",
                "permanent active assignments"
            )
        ),
        items,
        "Make them eligible (`pim assign update ID --type eligible`) or time-bound (`pim assign update ID --duration 90d`)",
    ))
}

fn unused_eligible(f: &Facts, l: &Limits) -> Option<Alert> {
    let cutoff = f.now - l.stale_secs;
    let items: Vec<AlertItem> = f
        .in_force
        .iter()
        .filter(|h| privileged_eligible(h) && h.created_at < cutoff)
        .filter_map(|h| {
            let last = f.last_activation.get(&h.assignment_id).copied();
            if last.is_some_and(|t| t >= cutoff) {
                return None;
            }
            Some(AlertItem {
                since: Some(h.created_at),
                last_activation: last,
                ..AlertItem::of(h)
            })
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(alert(
        UNUSED_ELIGIBLE,
        "Administrators aren't using their privileged roles",
        Severity::Low,
        Some("RedundantAssignmentAlert"),
        format!(
            "{} of privileged roles not activated in {}",
            plural(items.len(), "eligible assignment", "eligible assignments"),
            plural(l.stale_days as usize, "day", "days")
        ),
        items,
        "Remove eligibilities that are no longer needed: `pim assign remove ID`",
    ))
}

fn frequent_activations(f: &Facts, l: &Limits) -> Option<Alert> {
    let from = f.now - l.activation_window_secs;
    // (principal, role, scope) → (count, first, last)
    let mut seq: BTreeMap<(String, String, String), (usize, Ts, Ts)> = BTreeMap::new();
    for h in f
        .recent_activations
        .iter()
        .filter(|h| h.start_at >= from && h.start_at <= f.now)
    {
        let e = seq
            .entry((h.principal.clone(), h.role.clone(), h.scope.clone()))
            .or_insert((0, h.start_at, h.start_at));
        e.0 += 1;
        e.1 = e.1.min(h.start_at);
        e.2 = e.2.max(h.start_at);
    }
    let items: Vec<AlertItem> = seq
        .into_iter()
        .filter(|(_, (n, _, _))| *n >= l.activation_count)
        .map(|((principal, role, scope), (n, first, last))| AlertItem {
            principal: Some(principal),
            role: Some(role),
            scope: Some(scope),
            assignment_id: None,
            count: Some(n),
            since: Some(first),
            last_activation: Some(last),
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(alert(
        FREQUENT_ACTIVATIONS,
        "Roles are being activated too frequently",
        Severity::Low,
        Some("SequentialActivationRenewalsAlert"),
        format!(
            "{} activated a role at a scope {} or more times within {}",
            plural(items.len(), "principal", "principals"),
            l.activation_count,
            schedule::format_duration(l.activation_window_secs)
        ),
        items,
        "Ask why the role is activated so often; if the work needs longer sessions, raise the maximum: `pim settings set --role ROLE --scope SCOPE --activation-max-duration D`",
    ))
}

fn too_few_break_glass(f: &Facts, l: &Limits) -> Option<Alert> {
    let accounts = by_principal(f.in_force.iter().filter(|h| {
        h.break_glass
            && h.principal_kind == PrincipalKind::User
            && is_active_at(h, GLOBAL_ADMINISTRATOR, Some("/"))
    }));
    if accounts.len() >= l.min_break_glass {
        return None;
    }
    Some(alert(
        TOO_FEW_BREAK_GLASS,
        "There are fewer break-glass accounts than recommended",
        Severity::Medium,
        None,
        format!(
            "{} an active Global Administrator assignment at /; at least {} recommended",
            match accounts.len() {
                0 => "no break-glass account holds".to_string(),
                1 => "1 break-glass account holds".to_string(),
                n => format!("{n} break-glass accounts hold"),
            },
            l.min_break_glass
        ),
        accounts.into_iter().map(AlertItem::of).collect(),
        "Add an emergency-access account: `pim principal add NAME --kind user --break-glass`, then `pim assign --principal NAME --role \"Global Administrator\" --type active --permanent --justification break-glass`",
    ))
}

fn too_many_owners(f: &Facts, l: &Limits, permanent: bool) -> Option<Alert> {
    let threshold = if permanent {
        l.permanent_owners
    } else {
        l.owners
    };
    // subscription → owners (first assignment of each principal)
    let mut subs: BTreeMap<&str, Vec<&Held>> = BTreeMap::new();
    for h in f.in_force.iter().filter(|h| {
        h.scope_kind == ScopeKind::Subscription
            && is_active_at(h, OWNER, None)
            && (!permanent || h.end_at.is_none())
    }) {
        let owners = subs.entry(h.scope.as_str()).or_default();
        if !owners.iter().any(|o| o.principal_id == h.principal_id) {
            owners.push(h);
        }
    }
    subs.retain(|_, owners| owners.len() >= threshold);
    if subs.is_empty() {
        return None;
    }
    let what = if permanent {
        "permanent Owners"
    } else {
        "Owners"
    };
    let summary = subs
        .iter()
        .map(|(s, o)| format!("{s} has {} {what}", o.len()))
        .collect::<Vec<_>>()
        .join("; ");
    let items = subs
        .values()
        .flat_map(|owners| {
            owners.iter().map(|h| AlertItem {
                count: Some(owners.len()),
                ..AlertItem::of(h)
            })
        })
        .collect();
    let summary = format!("{summary} (threshold {threshold})");
    Some(if permanent {
        alert(
            TOO_MANY_PERMANENT_OWNERS,
            "Too many permanent owners assigned to a resource",
            Severity::Medium,
            Some("Azure: Too many permanent owners assigned to a resource"),
            summary,
            items,
            "Make permanent Owner assignments eligible (`pim assign update ID --type eligible`) or time-bound (`pim assign update ID --duration 30d`)",
        )
    } else {
        alert(
            TOO_MANY_OWNERS,
            "Too many owners assigned to a resource",
            Severity::Medium,
            Some("Azure: Too many owners assigned to a resource"),
            summary,
            items,
            "Remove Owner assignments that are not needed (`pim assign remove ID`) or make them eligible (`pim assign update ID --type eligible`)",
        )
    })
}

/// A revoke of provisioned access not carried out in time: the target still grants what pim has
/// ended.
fn revocation_overdue(f: &Facts, l: &Limits) -> Option<Alert> {
    if f.overdue_revokes.is_empty() {
        return None;
    }
    let n = f.overdue_revokes.len();
    Some(alert(
        REVOCATION_OVERDUE,
        "Revocation overdue on a provisioning target",
        Severity::High,
        None,
        format!(
            "{} not carried out {} after the access ended",
            plural(n, "revoke", "revokes"),
            schedule::format_duration(l.revocation_overdue_secs)
        ),
        f.overdue_revokes.clone(),
        "See why with `pim provision status --failed`, bring the target back, and run `pim provision run`; remove the access by hand if the target stays down",
    ))
}

/// Reads the facts the alerts need, over one snapshot.
pub fn facts(c: &Conn, now: Ts, l: &Limits) -> Result<Facts> {
    let in_force = store::alerts::in_force(c, now)?;
    let mut require_mfa = HashMap::new();
    for h in in_force.iter().filter(|h| privileged_eligible(h)) {
        let key = (h.role_id.clone(), h.scope_id);
        if let std::collections::hash_map::Entry::Vacant(e) = require_mfa.entry(key) {
            let s = store::settings::get(c, &h.role_id, h.scope_id)?.unwrap_or_default();
            e.insert(s.activation.require_mfa);
        }
    }
    Ok(Facts {
        now,
        require_mfa,
        last_activation: store::alerts::last_activations(c, now)?,
        recent_activations: store::alerts::activations_between(
            c,
            now - l.activation_window_secs,
            now,
        )?,
        in_force,
        overdue_revokes: overdue_revokes(c, now - l.revocation_overdue_secs)?,
    })
}

/// Revokes due at or before `before` and not done: queued or failed ones, and grants still held
/// whose assignment ended (no write has queued their revoke yet).
fn overdue_revokes(c: &Conn, before: Ts) -> Result<Vec<AlertItem>> {
    let item = |r: &store::provision::ActionRow, since: Ts| AlertItem {
        principal: Some(r.principal.clone()),
        role: Some(r.role.clone()),
        scope: Some(r.scope.clone()),
        assignment_id: Some(r.assignment_id.clone()),
        count: None,
        since: Some(since),
        last_activation: None,
    };
    let mut out: Vec<AlertItem> = store::provision::overdue_revokes(c, before)?
        .iter()
        .map(|r| item(r, r.ended_at.unwrap_or(r.created_at)))
        .collect();
    for (r, end) in store::provision::ended_unqueued(c, before)? {
        out.push(item(&r, end));
    }
    Ok(out)
}

/// `pim alerts`: the alerts that hold now. Readable by Global Administrators, Privileged Role
/// Administrators, Security Administrators, Security Readers and Global Readers (reference §3.6).
pub fn alerts(db: &mut Db, ctx: &Ctx, config: &AlertConfig) -> Result<Vec<Alert>> {
    let limits = config.limits()?;
    session::read(db, ctx, |c, _actor, grants| {
        if !grants.is_directory_reader() {
            return Err(Error::not_authorized(
                "reading alerts needs an active Global Administrator, Privileged Role Administrator, Security Administrator, Security Reader or Global Reader assignment",
            ));
        }
        Ok(evaluate(&facts(c, ctx.now, &limits)?, &limits))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Ts = 1_795_338_000;

    fn held(principal: &str, role: &str, scope: &str, kind: AssignmentType) -> Held {
        let (role_id, role_kind, privileged) = match role {
            "Global Administrator" => (GLOBAL_ADMINISTRATOR, RoleKind::Directory, true),
            "Owner" => (OWNER, RoleKind::Azure, true),
            "Reader" => ("reader", RoleKind::Azure, false),
            "Groups Administrator" => ("groups", RoleKind::Directory, false),
            _ => ("other", RoleKind::Directory, true),
        };
        Held {
            assignment_id: format!("{principal}-{role}-{scope}"),
            principal_id: principal.into(),
            principal: principal.into(),
            principal_kind: PrincipalKind::User,
            break_glass: false,
            role_id: role_id.into(),
            role: role.into(),
            role_kind,
            privileged,
            scope_id: scope.len() as i64,
            scope: scope.into(),
            scope_kind: if scope == "/" {
                ScopeKind::Root
            } else {
                ScopeKind::Subscription
            },
            kind,
            start_at: NOW - DAY,
            end_at: None,
            activated_from: None,
            created_at: NOW - DAY,
        }
    }

    fn limits() -> Limits {
        AlertConfig::default().limits().unwrap()
    }

    fn ids(f: &Facts, l: &Limits) -> Vec<Cow<'static, str>> {
        evaluate(f, l).into_iter().map(|a| a.id).collect()
    }

    fn ga_facts(gas: usize, others: usize) -> Facts {
        let mut f = Facts {
            now: NOW,
            ..Facts::default()
        };
        for i in 0..gas {
            let mut h = held(
                &format!("ga{i}"),
                "Global Administrator",
                "/",
                AssignmentType::Active,
            );
            h.end_at = Some(NOW + DAY);
            f.in_force.push(h);
        }
        for i in 0..others {
            let mut h = held(
                &format!("u{i}"),
                "User Administrator",
                "/",
                AssignmentType::Active,
            );
            h.end_at = Some(NOW + DAY);
            f.in_force.push(h);
        }
        f
    }

    #[test]
    fn defaults_are_documented_values_and_in_range() {
        let l = limits();
        assert_eq!(
            (
                l.global_admin_count,
                l.global_admin_percentage,
                l.stale_days
            ),
            (5, 10, 30)
        );
        assert_eq!((l.activation_count, l.activation_window_secs), (5, DAY));
        assert_eq!((l.min_break_glass, l.owners, l.permanent_owners), (2, 3, 2));
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let bad = [
            AlertConfig {
                global_admin_count_threshold: 1,
                ..AlertConfig::default()
            },
            AlertConfig {
                global_admin_percentage_threshold: 101,
                ..AlertConfig::default()
            },
            AlertConfig {
                activation_window: "0m".into(),
                ..AlertConfig::default()
            },
            AlertConfig {
                activation_window: "soon".into(),
                ..AlertConfig::default()
            },
            AlertConfig {
                disabled: vec!["nope".into()],
                ..AlertConfig::default()
            },
        ];
        for c in bad {
            assert!(c.limits().is_err(), "{c:?}");
        }
    }

    #[test]
    fn too_many_global_admins_needs_both_count_and_share() {
        let mut l = limits();
        l.min_break_glass = 0;
        // 4 of 4: the share is met, the count is not.
        assert!(ids(&ga_facts(4, 0), &l).is_empty());
        // 5 of 5: both.
        assert_eq!(ids(&ga_facts(5, 0), &l), vec![TOO_MANY_GLOBAL_ADMINS]);
        // 5 of 50 is exactly 10 %: met at the threshold.
        assert_eq!(ids(&ga_facts(5, 45), &l), vec![TOO_MANY_GLOBAL_ADMINS]);
        // 5 of 51 is under 10 %.
        assert!(ids(&ga_facts(5, 46), &l).is_empty());
        l.global_admin_percentage = 0;
        assert_eq!(ids(&ga_facts(5, 46), &l), vec![TOO_MANY_GLOBAL_ADMINS]);
    }

    #[test]
    fn break_glass_accounts_are_counted_and_excused_from_the_permanent_alert() {
        let l = limits();
        let mut f = ga_facts(0, 0);
        let mut bg = held("bg1", "Global Administrator", "/", AssignmentType::Active);
        bg.break_glass = true;
        f.in_force.push(bg.clone());
        let a = evaluate(&f, &l);
        assert_eq!(a.len(), 1);
        assert_eq!((&*a[0].id, a[0].count), (TOO_FEW_BREAK_GLASS, 1));
        bg.principal_id = "bg2".into();
        bg.principal = "bg2".into();
        f.in_force.push(bg);
        assert!(ids(&f, &l).is_empty());
        // A permanent Global Administrator that is not break-glass is a medium alert.
        f.in_force.push(held(
            "eve",
            "Global Administrator",
            "/",
            AssignmentType::Active,
        ));
        assert_eq!(ids(&f, &l), vec![PERMANENT_ACTIVE]);
    }

    #[test]
    fn unused_eligibility_turns_on_after_the_days_and_off_with_an_activation() {
        let mut l = limits();
        l.min_break_glass = 0;
        let mut f = ga_facts(0, 0);
        f.require_mfa.insert(("other".into(), 1), true);
        let mut e = held(
            "eve",
            "Security Administrator",
            "/",
            AssignmentType::Eligible,
        );
        e.created_at = NOW - 30 * DAY;
        f.in_force.push(e.clone());
        assert!(
            ids(&f, &l).is_empty(),
            "exactly 30 days is not more than 30"
        );
        f.in_force[0].created_at = NOW - 30 * DAY - 1;
        assert_eq!(ids(&f, &l), vec![UNUSED_ELIGIBLE]);
        f.last_activation
            .insert(e.assignment_id.clone(), NOW - 30 * DAY);
        assert!(ids(&f, &l).is_empty());
        f.last_activation.insert(e.assignment_id, NOW - 31 * DAY);
        let a = evaluate(&f, &l);
        assert_eq!(a[0].items[0].last_activation, Some(NOW - 31 * DAY));
    }

    #[test]
    fn frequent_activations_count_within_the_window() {
        let mut l = limits();
        l.min_break_glass = 0;
        let mut f = ga_facts(0, 0);
        for i in 0..5 {
            let mut h = held("bob", "Security Administrator", "/", AssignmentType::Active);
            h.start_at = NOW - DAY + i * 3600;
            h.activated_from = Some("elig".into());
            f.recent_activations.push(h);
        }
        let a = evaluate(&f, &l);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].items[0].count, Some(5));
        assert_eq!(a[0].items[0].since, Some(NOW - DAY));
        // The first one slides out of the window.
        f.now += 1;
        assert!(ids(&f, &l).is_empty());
    }

    #[test]
    fn subscription_owners_are_counted_per_subscription() {
        let mut l = limits();
        l.min_break_glass = 0;
        l.disabled = vec![PERMANENT_ACTIVE.into()];
        let mut f = ga_facts(0, 0);
        for who in ["a", "b"] {
            f.in_force.push(held(
                who,
                "Owner",
                "/subscriptions/prod",
                AssignmentType::Active,
            ));
        }
        let mut c = held("c", "Owner", "/subscriptions/prod", AssignmentType::Active);
        c.end_at = Some(NOW + DAY);
        f.in_force.push(c);
        f.in_force.push(held(
            "d",
            "Owner",
            "/subscriptions/dev",
            AssignmentType::Active,
        ));
        f.in_force.push(held(
            "e",
            "Reader",
            "/subscriptions/dev",
            AssignmentType::Active,
        ));
        let a = evaluate(&f, &l);
        assert_eq!(a.len(), 2);
        assert_eq!((&*a[0].id, a[0].count), (TOO_MANY_OWNERS, 3));
        assert_eq!((&*a[1].id, a[1].count), (TOO_MANY_PERMANENT_OWNERS, 2));
        assert!(a.iter().all(|a| {
            a.items
                .iter()
                .all(|i| i.scope.as_deref() == Some("/subscriptions/prod"))
        }));
    }

    #[test]
    fn no_mfa_lists_each_role_and_scope_once() {
        let mut l = limits();
        l.min_break_glass = 0;
        let mut f = ga_facts(0, 0);
        for who in ["a", "b"] {
            f.in_force.push(held(
                who,
                "Global Administrator",
                "/",
                AssignmentType::Eligible,
            ));
        }
        f.in_force.push(held(
            "c",
            "Groups Administrator",
            "/",
            AssignmentType::Eligible,
        ));
        let a = evaluate(&f, &l);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].items.len(), 1);
        assert_eq!(a[0].items[0].count, Some(2));
        f.require_mfa.insert((GLOBAL_ADMINISTRATOR.into(), 1), true);
        assert!(ids(&f, &l).is_empty());
    }
}
