//! Role settings as the 17 rules of a Microsoft role management policy: the Graph
//! `unifiedRoleManagementPolicyRule`s (`@odata.type`) and the ARM `roleManagementPolicies` rules
//! (`ruleType`). The mapping is Entra's own (the portal's settings and the Graph rules overview):
//!
//! | rule id | pim setting |
//! | --- | --- |
//! | `Expiration_Admin_Eligibility` | `assignment.allow_permanent_eligible` (= not `isExpirationRequired`), `assignment.eligible_expire_after` |
//! | `Enablement_Admin_Eligibility` | kept, not enforced (no portal setting) |
//! | `Expiration_Admin_Assignment` | `assignment.allow_permanent_active`, `assignment.active_expire_after` |
//! | `Enablement_Admin_Assignment` | `assignment.require_mfa_on_active`, `assignment.require_justification_on_active` |
//! | `Expiration_EndUser_Assignment` | `activation.max_duration` |
//! | `Enablement_EndUser_Assignment` | `activation.require_mfa`, `require_justification`, `require_ticket` |
//! | `Approval_EndUser_Assignment` | `activation.require_approval`, `activation.approval_stages` |
//! | `AuthenticationContext_EndUser_Assignment` | kept, not enforced (Conditional Access is not modelled) |
//! | `Notification_{Admin,Requestor,Approver}_Admin_Eligibility` | `notifications.eligible_assignment.{admin,assignee,approver}` |
//! | `Notification_{Admin,Requestor,Approver}_Admin_Assignment` | `notifications.active_assignment.…` |
//! | `Notification_{Admin,Requestor,Approver}_EndUser_Assignment` | `notifications.activation.…` |
//!
//! Reading is lenient where Microsoft is (enum values in any case, rules in any order, `null` for
//! an empty list) and strict where a value would be lost silently: an unknown rule id, a bad
//! duration or an unknown enum value is refused with the rule and its JSON path. Values pim does
//! not model are reported (`notes`). Two values pim holds have no Graph field; they travel as
//! OData instance annotations, written only when needed: `@pim.requiredApprovals` on an
//! approval stage (N of M) and `@pim.criticalOnly` on a notification rule that is off.

use serde_json::{Map, Value, json};

use crate::core::error::{Error, Result};
use crate::core::model::PrincipalKind;
use crate::core::policy::{ApprovalStage, NotificationRule, RoleSettings};
use crate::core::schedule;
use crate::core::settings::{audience_mut, event_mut};

/// Which of Microsoft's two shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Microsoft Graph: `@odata.type` on each rule, approvers as `singleUser` / `groupMembers`.
    Graph,
    /// Azure Resource Manager: `ruleType` on each rule, approvers as `{id, userType}`.
    Arm,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Expiration,
    Enablement,
    Approval,
    AuthenticationContext,
    Notification,
}

impl Kind {
    /// The derived type's name: `unifiedRoleManagementPolicy{X}Rule` (Graph),
    /// `RoleManagementPolicy{X}Rule` (ARM).
    fn word(self) -> &'static str {
        match self {
            Kind::Expiration => "Expiration",
            Kind::Enablement => "Enablement",
            Kind::Approval => "Approval",
            Kind::AuthenticationContext => "AuthenticationContext",
            Kind::Notification => "Notification",
        }
    }

    fn graph_type(self) -> String {
        format!(
            "#microsoft.graph.unifiedRoleManagementPolicy{}Rule",
            self.word()
        )
    }

    fn arm_type(self) -> String {
        format!("RoleManagementPolicy{}Rule", self.word())
    }

    /// The kind a `@odata.type` or `ruleType` names, in any case, with or without its prefix.
    fn from_type(text: &str) -> Option<Kind> {
        let t = text.trim().trim_start_matches('#').to_ascii_lowercase();
        let t = t
            .strip_prefix("microsoft.graph.")
            .unwrap_or(&t)
            .trim_start_matches("unified");
        let t = t.strip_prefix("rolemanagementpolicy").unwrap_or(t);
        let t = t.strip_suffix("rule").unwrap_or(t);
        [
            Kind::Expiration,
            Kind::Enablement,
            Kind::Approval,
            Kind::AuthenticationContext,
            Kind::Notification,
        ]
        .into_iter()
        .find(|k| k.word().eq_ignore_ascii_case(t))
    }
}

/// One of the 17 rules: its id, type, target and the settings it carries.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub id: &'static str,
    pub kind: Kind,
    pub caller: &'static str,
    pub level: &'static str,
    /// For notification rules: the recipient type and the pim event and audience.
    pub notify: Option<(&'static str, &'static str, &'static str)>,
}

const fn rule(id: &'static str, kind: Kind, caller: &'static str, level: &'static str) -> Spec {
    Spec {
        id,
        kind,
        caller,
        level,
        notify: None,
    }
}

const fn note(
    id: &'static str,
    caller: &'static str,
    level: &'static str,
    recipient: &'static str,
    event: &'static str,
    audience: &'static str,
) -> Spec {
    Spec {
        id,
        kind: Kind::Notification,
        caller,
        level,
        notify: Some((recipient, event, audience)),
    }
}

/// The 17 rules, in the order Graph lists them.
pub const RULES: [Spec; 17] = [
    rule(
        "Expiration_Admin_Eligibility",
        Kind::Expiration,
        "Admin",
        "Eligibility",
    ),
    rule(
        "Enablement_Admin_Eligibility",
        Kind::Enablement,
        "Admin",
        "Eligibility",
    ),
    note(
        "Notification_Admin_Admin_Eligibility",
        "Admin",
        "Eligibility",
        "Admin",
        "eligible_assignment",
        "admin",
    ),
    note(
        "Notification_Requestor_Admin_Eligibility",
        "Admin",
        "Eligibility",
        "Requestor",
        "eligible_assignment",
        "assignee",
    ),
    note(
        "Notification_Approver_Admin_Eligibility",
        "Admin",
        "Eligibility",
        "Approver",
        "eligible_assignment",
        "approver",
    ),
    rule(
        "Expiration_Admin_Assignment",
        Kind::Expiration,
        "Admin",
        "Assignment",
    ),
    rule(
        "Enablement_Admin_Assignment",
        Kind::Enablement,
        "Admin",
        "Assignment",
    ),
    note(
        "Notification_Admin_Admin_Assignment",
        "Admin",
        "Assignment",
        "Admin",
        "active_assignment",
        "admin",
    ),
    note(
        "Notification_Requestor_Admin_Assignment",
        "Admin",
        "Assignment",
        "Requestor",
        "active_assignment",
        "assignee",
    ),
    note(
        "Notification_Approver_Admin_Assignment",
        "Admin",
        "Assignment",
        "Approver",
        "active_assignment",
        "approver",
    ),
    rule(
        "Expiration_EndUser_Assignment",
        Kind::Expiration,
        "EndUser",
        "Assignment",
    ),
    rule(
        "Enablement_EndUser_Assignment",
        Kind::Enablement,
        "EndUser",
        "Assignment",
    ),
    rule(
        "Approval_EndUser_Assignment",
        Kind::Approval,
        "EndUser",
        "Assignment",
    ),
    rule(
        "AuthenticationContext_EndUser_Assignment",
        Kind::AuthenticationContext,
        "EndUser",
        "Assignment",
    ),
    note(
        "Notification_Admin_EndUser_Assignment",
        "EndUser",
        "Assignment",
        "Admin",
        "activation",
        "admin",
    ),
    note(
        "Notification_Requestor_EndUser_Assignment",
        "EndUser",
        "Assignment",
        "Requestor",
        "activation",
        "assignee",
    ),
    note(
        "Notification_Approver_EndUser_Assignment",
        "EndUser",
        "Assignment",
        "Approver",
        "activation",
        "approver",
    ),
];

/// The rules pim keeps (stores and exports again) without enforcing them.
pub const KEPT: [&str; 2] = [
    "Enablement_Admin_Eligibility",
    "AuthenticationContext_EndUser_Assignment",
];

pub fn spec(id: &str) -> Option<&'static Spec> {
    RULES.iter().find(|s| s.id.eq_ignore_ascii_case(id.trim()))
}

const ENABLEMENT: [&str; 3] = ["MultiFactorAuthentication", "Justification", "Ticketing"];

// ---------------------------------------------------------------------------------------------
// Writing.

/// An approver as documents name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApproverOut {
    /// The principal's object id (else pim's own id, a GUID too).
    pub id: String,
    pub kind: PrincipalKind,
    pub name: String,
}

fn target(spec: &Spec, fmt: Format) -> Value {
    let mut t = json!({
        "caller": spec.caller,
        "operations": ["All"],
        "level": spec.level,
        "inheritableSettings": [],
        "enforcedSettings": [],
    });
    if fmt == Format::Graph {
        t["@odata.type"] = json!("microsoft.graph.unifiedRoleManagementPolicyRuleTarget");
    } else {
        t["targetObjects"] = json!([]);
    }
    t
}

fn approver_json(a: &ApproverOut, fmt: Format) -> Value {
    let group = a.kind == PrincipalKind::Group;
    match fmt {
        Format::Graph if group => json!({
            "@odata.type": "#microsoft.graph.groupMembers",
            "groupId": a.id,
            "description": a.name,
        }),
        Format::Graph => json!({
            "@odata.type": "#microsoft.graph.singleUser",
            "userId": a.id,
            "description": a.name,
        }),
        Format::Arm => json!({
            "id": a.id,
            "description": a.name,
            "isBackup": false,
            "userType": if group { "Group" } else { "User" },
        }),
    }
}

fn notification_json(r: &NotificationRule) -> Map<String, Value> {
    let level = if !r.enabled {
        "None"
    } else if r.critical_only {
        "Critical"
    } else {
        "All"
    };
    let mut m = Map::new();
    m.insert("notificationType".into(), json!("Email"));
    m.insert("notificationLevel".into(), json!(level));
    m.insert(
        "isDefaultRecipientsEnabled".into(),
        json!(r.default_recipients),
    );
    m.insert(
        "notificationRecipients".into(),
        json!(r.additional_recipients),
    );
    // "Critical only" of a rule that is off has no Graph field.
    if !r.enabled && r.critical_only {
        m.insert("@pim.criticalOnly".into(), json!(true));
    }
    m
}

/// The rule `spec` as the settings hold it, in `fmt`'s shape.
pub fn rule_json(
    spec: &Spec,
    s: &RoleSettings,
    fmt: Format,
    approver: &dyn Fn(&str) -> ApproverOut,
) -> Value {
    let mut m = Map::new();
    match fmt {
        Format::Graph => {
            m.insert("@odata.type".into(), json!(spec.kind.graph_type()));
            m.insert("id".into(), json!(spec.id));
        }
        Format::Arm => {
            m.insert("id".into(), json!(spec.id));
            m.insert("ruleType".into(), json!(spec.kind.arm_type()));
        }
    }
    let (a, g) = (&s.activation, &s.assignment);
    let kept = s.kept_rules.get(spec.id).and_then(Value::as_object);
    match spec.id {
        "Expiration_Admin_Eligibility" => {
            m.insert(
                "isExpirationRequired".into(),
                json!(!g.allow_permanent_eligible),
            );
            m.insert(
                "maximumDuration".into(),
                json!(schedule::iso_duration(g.eligible_expire_after_secs)),
            );
        }
        "Expiration_Admin_Assignment" => {
            m.insert(
                "isExpirationRequired".into(),
                json!(!g.allow_permanent_active),
            );
            m.insert(
                "maximumDuration".into(),
                json!(schedule::iso_duration(g.active_expire_after_secs)),
            );
        }
        "Expiration_EndUser_Assignment" => {
            m.insert("isExpirationRequired".into(), json!(true));
            m.insert(
                "maximumDuration".into(),
                json!(schedule::iso_duration(a.max_duration_secs)),
            );
        }
        "Enablement_Admin_Assignment" => {
            let mut on = Vec::new();
            if g.require_mfa_on_active {
                on.push(ENABLEMENT[0]);
            }
            if g.require_justification_on_active {
                on.push(ENABLEMENT[1]);
            }
            m.insert("enabledRules".into(), json!(on));
        }
        "Enablement_EndUser_Assignment" => {
            let on: Vec<&str> = [a.require_mfa, a.require_justification, a.require_ticket]
                .iter()
                .zip(ENABLEMENT)
                .filter(|(b, _)| **b)
                .map(|(_, n)| n)
                .collect();
            m.insert("enabledRules".into(), json!(on));
        }
        "Enablement_Admin_Eligibility" => {
            let on = kept
                .and_then(|k| k.get("enabledRules").cloned())
                .unwrap_or_else(|| json!([]));
            m.insert("enabledRules".into(), on);
        }
        "AuthenticationContext_EndUser_Assignment" => {
            let enabled = kept
                .and_then(|k| k.get("isEnabled").and_then(Value::as_bool))
                .unwrap_or(false);
            let claim = kept.and_then(|k| k.get("claimValue").cloned());
            m.insert("isEnabled".into(), json!(enabled));
            m.insert("claimValue".into(), claim.unwrap_or(Value::Null));
        }
        "Approval_EndUser_Assignment" => {
            let stages: Vec<Value> = if a.approval_stages.is_empty() {
                // What Entra holds when nobody is named: one stage without approvers.
                vec![stage_json(&ApprovalStage::default(), fmt, approver)]
            } else {
                a.approval_stages
                    .iter()
                    .map(|st| stage_json(st, fmt, approver))
                    .collect()
            };
            let mode = if a.approval_stages.len() > 1 {
                "Serial"
            } else {
                "SingleStage"
            };
            m.insert(
                "setting".into(),
                json!({
                    "isApprovalRequired": a.require_approval,
                    "isApprovalRequiredForExtension": false,
                    "isRequestorJustificationRequired": true,
                    "approvalMode": mode,
                    "approvalStages": stages,
                }),
            );
        }
        _ => {
            if let Some((recipient, ev, aud)) = spec.notify {
                let r = crate::core::settings::audience(
                    crate::core::settings::event(&s.notifications, ev),
                    aud,
                );
                m.insert("recipientType".into(), json!(recipient));
                m.extend(notification_json(r));
            }
        }
    }
    m.insert("target".into(), target(spec, fmt));
    Value::Object(m)
}

fn stage_json(st: &ApprovalStage, fmt: Format, approver: &dyn Fn(&str) -> ApproverOut) -> Value {
    let approvers: Vec<Value> = st
        .approvers
        .iter()
        .map(|id| approver_json(&approver(id), fmt))
        .collect();
    let mut v = json!({
        "approvalStageTimeOutInDays": st.timeout_days,
        "isApproverJustificationRequired": st.require_approver_justification,
        "escalationTimeInMinutes": 0,
        "isEscalationEnabled": false,
        "primaryApprovers": approvers,
        "escalationApprovers": [],
    });
    // N of M approvals have no Graph field.
    if st.required_approvals != 1 {
        v["@pim.requiredApprovals"] = json!(st.required_approvals);
    }
    v
}

/// All 17 rules, in Graph's order.
pub fn rules_json(
    s: &RoleSettings,
    fmt: Format,
    approver: &dyn Fn(&str) -> ApproverOut,
) -> Vec<Value> {
    RULES
        .iter()
        .map(|spec| rule_json(spec, s, fmt, approver))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reading.

/// Where a value is in the document, for messages: `$.rules[12].setting.approvalStages[0]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub path: String,
    /// The rule the value belongs to.
    pub rule: &'static str,
}

impl Place {
    fn at(&self, key: &str) -> Place {
        Place {
            path: format!("{}.{key}", self.path),
            rule: self.rule,
        }
    }

    fn index(&self, i: usize) -> Place {
        Place {
            path: format!("{}[{i}]", self.path),
            rule: self.rule,
        }
    }

    /// A value the document cannot have: exit 2, naming the rule and the path.
    pub fn bad(&self, why: impl std::fmt::Display) -> Error {
        Error::usage_with_hint(
            format!("{} ({}): {why}", self.rule, self.path),
            "nothing was imported; fix the document (Microsoft's rule reference: docs/graph.md)",
        )
    }
}

/// An approver as a document names it, to resolve to a principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApproverIn {
    pub object_id: String,
    pub kind: PrincipalKind,
    /// The document's description (Graph and ARM write the principal's name there).
    pub description: Option<String>,
}

/// Finds the principal an approver names: its id, or the error to report.
pub type ResolveApprover<'r> = &'r mut dyn FnMut(&ApproverIn, &Place) -> Result<String>;

fn field<'v>(m: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    m.get(key)
        .or_else(|| {
            m.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v)
        })
        .filter(|v| !v.is_null())
}

fn boolean(m: &Map<String, Value>, key: &str, p: &Place) -> Result<Option<bool>> {
    match field(m, key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(t)) if t.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(t)) if t.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(other) => Err(p
            .at(key)
            .bad(format!("expected true or false, found {other}"))),
    }
}

fn text<'v>(m: &'v Map<String, Value>, key: &str, p: &Place) -> Result<Option<&'v str>> {
    match field(m, key) {
        None => Ok(None),
        Some(Value::String(t)) => Ok(Some(t.as_str())),
        Some(other) => Err(p.at(key).bad(format!("expected a string, found {other}"))),
    }
}

fn list<'v>(m: &'v Map<String, Value>, key: &str, p: &Place) -> Result<Option<&'v [Value]>> {
    match field(m, key) {
        None => Ok(None),
        Some(Value::Array(a)) => Ok(Some(a.as_slice())),
        Some(other) => Err(p.at(key).bad(format!("expected a list, found {other}"))),
    }
}

fn count(m: &Map<String, Value>, key: &str, p: &Place) -> Result<Option<u32>> {
    match field(m, key) {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| p.at(key).bad(format!("expected a whole number, found {v}"))),
    }
}

/// An enum value in any case, as one of `allowed` (returned in Microsoft's spelling).
fn one_of(
    m: &Map<String, Value>,
    key: &str,
    allowed: &[&'static str],
    p: &Place,
) -> Result<Option<&'static str>> {
    let Some(t) = text(m, key, p)? else {
        return Ok(None);
    };
    allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(t.trim()))
        .copied()
        .map(Some)
        .ok_or_else(|| {
            p.at(key)
                .bad(format!("'{t}' is not one of {}", allowed.join(", ")))
        })
}

fn duration(m: &Map<String, Value>, key: &str, p: &Place) -> Result<Option<i64>> {
    let Some(t) = text(m, key, p)? else {
        return Ok(None);
    };
    schedule::parse_duration(t).map(Some).map_err(|e| {
        p.at(key).bad(format!(
            "{e}; Microsoft writes durations in ISO 8601, e.g. PT8H or P365D"
        ))
    })
}

/// The keys a rule of `kind` may carry; others are reported, not read.
fn known_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Expiration => &[
            "isExpirationRequired",
            "maximumDuration",
            "exceptionMembers",
        ],
        Kind::Enablement => &["enabledRules"],
        Kind::Approval => &["setting"],
        Kind::AuthenticationContext => &["isEnabled", "claimValue"],
        Kind::Notification => &[
            "notificationType",
            "recipientType",
            "notificationLevel",
            "isDefaultRecipientsEnabled",
            "notificationRecipients",
            "@pim.criticalOnly",
        ],
    }
}

/// Which rule a JSON object is, checking its type against its id. `None` for an object that is
/// no rule at all (no `id`).
pub fn which(rule: &Value, path: &str) -> Result<Option<&'static Spec>> {
    let Some(m) = rule.as_object() else {
        return Ok(None);
    };
    let Some(id) = m.get("id").and_then(Value::as_str) else {
        return Ok(None);
    };
    let place = Place {
        path: format!("{path}.id"),
        rule: "rule",
    };
    let spec = spec(id).ok_or_else(|| {
        Error::usage_with_hint(
            format!("unknown rule id '{id}' ({})", place.path),
            format!(
                "a role management policy has 17 rules: {}",
                RULES.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    for key in ["@odata.type", "ruleType"] {
        if let Some(t) = m.get(key).and_then(Value::as_str) {
            let p = Place {
                path: format!("{path}.{key}"),
                rule: spec.id,
            };
            match Kind::from_type(t) {
                Some(k) if k == spec.kind => {}
                Some(_) => {
                    return Err(p.bad(format!(
                        "'{t}' is not the type of rule {}: it is a {} rule",
                        spec.id,
                        spec.kind.word()
                    )));
                }
                None => return Err(p.bad(format!("unknown rule type '{t}'"))),
            }
        }
    }
    Ok(Some(spec))
}

/// Reads one rule into `s` (only what it says changes), resolving approvers with `resolve`, and
/// returns what was read but not applied: values pim does not model.
pub fn apply_rule(
    s: &mut RoleSettings,
    rule: &Value,
    path: &str,
    resolve: ResolveApprover<'_>,
) -> Result<Vec<String>> {
    let Some(spec) = which(rule, path)? else {
        return Err(Error::usage(format!("{path}: not a rule (it has no id)")));
    };
    let m = rule.as_object().expect("which() checked it is an object");
    let p = Place {
        path: path.to_string(),
        rule: spec.id,
    };
    let mut notes = Vec::new();
    if let Some(t) = field(m, "target").and_then(Value::as_object) {
        let tp = p.at("target");
        for (key, want) in [("caller", spec.caller), ("level", spec.level)] {
            if let Some(v) = text(t, key, &tp)?
                && !v.eq_ignore_ascii_case(want)
            {
                return Err(tp
                    .at(key)
                    .bad(format!("rule {} has {key} {want}, not {v}", spec.id)));
            }
        }
    }
    for (k, v) in m {
        let standard = matches!(k.as_str(), "id" | "target" | "@odata.type" | "ruleType");
        let known = known_keys(spec.kind)
            .iter()
            .any(|n| n.eq_ignore_ascii_case(k));
        if !standard && !known && !v.is_null() && !k.starts_with("@odata") {
            notes.push(format!(
                "{} ({}.{k}): not a field pim reads; ignored",
                spec.id, p.path
            ));
        }
    }
    let (a, g) = (&mut s.activation, &mut s.assignment);
    match spec.id {
        "Expiration_Admin_Eligibility" | "Expiration_Admin_Assignment" => {
            let eligible = spec.level == "Eligibility";
            if let Some(req) = boolean(m, "isExpirationRequired", &p)? {
                if eligible {
                    g.allow_permanent_eligible = !req;
                } else {
                    g.allow_permanent_active = !req;
                }
            }
            if let Some(d) = duration(m, "maximumDuration", &p)? {
                if eligible {
                    g.eligible_expire_after_secs = d;
                } else {
                    g.active_expire_after_secs = d;
                }
            }
        }
        "Expiration_EndUser_Assignment" => {
            if boolean(m, "isExpirationRequired", &p)? == Some(false) {
                notes.push(format!(
                    "{} ({}.isExpirationRequired): false is not kept: activations always end in pim, after at most maximumDuration",
                    spec.id, p.path
                ));
            }
            if let Some(d) = duration(m, "maximumDuration", &p)? {
                a.max_duration_secs = d;
            }
        }
        "Enablement_Admin_Assignment" | "Enablement_EndUser_Assignment" => {
            if let Some(on) = enabled_rules(m, &p)? {
                let has = |n: &str| on.contains(&n);
                if spec.caller == "Admin" {
                    g.require_mfa_on_active = has(ENABLEMENT[0]);
                    g.require_justification_on_active = has(ENABLEMENT[1]);
                    if has(ENABLEMENT[2]) {
                        notes.push(format!(
                            "{} ({}.enabledRules): Ticketing on active assignment is not kept: pim asks tickets on activation only",
                            spec.id, p.path
                        ));
                    }
                } else {
                    a.require_mfa = has(ENABLEMENT[0]);
                    a.require_justification = has(ENABLEMENT[1]);
                    a.require_ticket = has(ENABLEMENT[2]);
                }
            }
        }
        "Enablement_Admin_Eligibility" => {
            if let Some(on) = enabled_rules(m, &p)? {
                if on.is_empty() {
                    s.kept_rules.remove(spec.id);
                } else {
                    s.kept_rules
                        .insert(spec.id.into(), json!({ "enabledRules": on }));
                    notes.push(format!(
                        "{} ({}): kept but not enforced: pim asks nothing more of eligible assignments ({})",
                        spec.id,
                        p.path,
                        on.join(", ")
                    ));
                }
            }
        }
        "AuthenticationContext_EndUser_Assignment" => {
            let mut k = s
                .kept_rules
                .get(spec.id)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            if let Some(b) = boolean(m, "isEnabled", &p)? {
                k.insert("isEnabled".into(), json!(b));
            }
            if m.keys().any(|key| key.eq_ignore_ascii_case("claimValue")) {
                match text(m, "claimValue", &p)? {
                    Some(c) if !c.is_empty() => {
                        k.insert("claimValue".into(), json!(c));
                    }
                    _ => {
                        k.remove("claimValue");
                    }
                }
            }
            let enabled = k.get("isEnabled").and_then(Value::as_bool).unwrap_or(false);
            if !enabled {
                k.remove("isEnabled");
            }
            if k.is_empty() {
                s.kept_rules.remove(spec.id);
            } else {
                if enabled {
                    notes.push(format!(
                        "{} ({}): kept but not enforced: Conditional Access authentication context is not modelled (require MFA on activation instead)",
                        spec.id, p.path
                    ));
                }
                s.kept_rules.insert(spec.id.into(), Value::Object(k));
            }
        }
        "Approval_EndUser_Assignment" => {
            if let Some(setting) = field(m, "setting") {
                let sp = p.at("setting");
                let setting = setting
                    .as_object()
                    .ok_or_else(|| sp.bad("expected an object"))?;
                approval(s, setting, &sp, resolve, &mut notes)?;
            }
        }
        _ => {
            let (recipient, ev, aud) = spec.notify.expect("the rest are notification rules");
            notification(s, m, &p, recipient, ev, aud)?;
        }
    }
    Ok(notes)
}

fn enabled_rules(m: &Map<String, Value>, p: &Place) -> Result<Option<Vec<&'static str>>> {
    let Some(items) = list(m, "enabledRules", p)? else {
        // `null` means none.
        return Ok(
            if m.keys().any(|k| k.eq_ignore_ascii_case("enabledRules")) {
                Some(Vec::new())
            } else {
                None
            },
        );
    };
    let lp = p.at("enabledRules");
    let mut on = Vec::new();
    for (i, v) in items.iter().enumerate() {
        let ip = lp.index(i);
        let t = v
            .as_str()
            .ok_or_else(|| ip.bad(format!("expected a string, found {v}")))?;
        let n = ENABLEMENT
            .iter()
            .find(|n| n.eq_ignore_ascii_case(t.trim()))
            .ok_or_else(|| ip.bad(format!("'{t}' is not one of {}", ENABLEMENT.join(", "))))?;
        if !on.contains(n) {
            on.push(*n);
        }
    }
    // A fixed order, whatever the document's.
    on.sort_by_key(|n| ENABLEMENT.iter().position(|e| e == n));
    Ok(Some(on))
}

fn notification(
    s: &mut RoleSettings,
    m: &Map<String, Value>,
    p: &Place,
    recipient: &str,
    ev: &str,
    aud: &str,
) -> Result<()> {
    one_of(m, "notificationType", &["Email"], p)?;
    if let Some(r) = one_of(m, "recipientType", &["Requestor", "Approver", "Admin"], p)?
        && r != recipient
    {
        return Err(p.at("recipientType").bad(format!(
            "rule {} is for recipient type {recipient}, not {r}",
            p.rule
        )));
    }
    let level = one_of(m, "notificationLevel", &["None", "Critical", "All"], p)?;
    let default_recipients = boolean(m, "isDefaultRecipientsEnabled", p)?;
    let recipients = match list(m, "notificationRecipients", p)? {
        Some(items) => {
            let lp = p.at("notificationRecipients");
            let mut out = Vec::with_capacity(items.len());
            for (i, v) in items.iter().enumerate() {
                let t = v
                    .as_str()
                    .ok_or_else(|| lp.index(i).bad(format!("expected an address, found {v}")))?;
                out.push(t.trim().to_string());
            }
            Some(out)
        }
        None if m
            .keys()
            .any(|k| k.eq_ignore_ascii_case("notificationRecipients")) =>
        {
            Some(Vec::new())
        }
        None => None,
    };
    let critical_when_off = boolean(m, "@pim.criticalOnly", p)?;
    let r = audience_mut(event_mut(&mut s.notifications, ev), aud);
    match level {
        Some("None") => {
            r.enabled = false;
            r.critical_only = critical_when_off.unwrap_or(false);
        }
        Some("Critical") => {
            r.enabled = true;
            r.critical_only = true;
        }
        Some(_) => {
            r.enabled = true;
            r.critical_only = false;
        }
        None => {}
    }
    if let Some(b) = default_recipients {
        r.default_recipients = b;
    }
    if let Some(list) = recipients {
        r.additional_recipients = list;
    }
    Ok(())
}

fn approval(
    s: &mut RoleSettings,
    setting: &Map<String, Value>,
    p: &Place,
    resolve: ResolveApprover<'_>,
    notes: &mut Vec<String>,
) -> Result<()> {
    if let Some(b) = boolean(setting, "isApprovalRequired", p)? {
        s.activation.require_approval = b;
    }
    if boolean(setting, "isApprovalRequiredForExtension", p)? == Some(true) {
        notes.push(format!(
            "{} ({}.isApprovalRequiredForExtension): not kept: in pim a user's own extension or renewal always needs an administrator's approval",
            p.rule, p.path
        ));
    }
    if boolean(setting, "isRequestorJustificationRequired", p)? == Some(false) {
        notes.push(format!(
            "{} ({}.isRequestorJustificationRequired): false is not kept: whether a justification is required is Enablement_EndUser_Assignment's",
            p.rule, p.path
        ));
    }
    let mode = one_of(
        setting,
        "approvalMode",
        &["SingleStage", "Serial", "Parallel", "NoApproval"],
        p,
    )?;
    if mode == Some("Parallel") {
        notes.push(format!(
            "{} ({}.approvalMode): Parallel is read as Serial: pim runs approval stages in series",
            p.rule, p.path
        ));
    }
    let Some(stages) = list(setting, "approvalStages", p)? else {
        if setting
            .keys()
            .any(|k| k.eq_ignore_ascii_case("approvalStages"))
        {
            s.activation.approval_stages.clear();
        }
        return Ok(());
    };
    let sp = p.at("approvalStages");
    let mut out = Vec::with_capacity(stages.len());
    for (i, st) in stages.iter().enumerate() {
        let stp = sp.index(i);
        let st = st
            .as_object()
            .ok_or_else(|| stp.bad("expected an approval stage object"))?;
        let mut stage = ApprovalStage::default();
        if let Some(n) = count(st, "approvalStageTimeOutInDays", &stp)? {
            stage.timeout_days = n;
        }
        if let Some(b) = boolean(st, "isApproverJustificationRequired", &stp)? {
            stage.require_approver_justification = b;
        }
        if let Some(n) = count(st, "@pim.requiredApprovals", &stp)? {
            stage.required_approvals = n;
        }
        let escalation = boolean(st, "isEscalationEnabled", &stp)? == Some(true)
            || list(st, "escalationApprovers", &stp)?.is_some_and(|l| !l.is_empty());
        if escalation {
            notes.push(format!(
                "{} ({}): escalation is not kept: pim has no escalation approvers",
                p.rule, stp.path
            ));
        }
        if let Some(approvers) = list(st, "primaryApprovers", &stp)? {
            let ap = stp.at("primaryApprovers");
            for (j, a) in approvers.iter().enumerate() {
                let place = ap.index(j);
                let who = approver_in(a, &place)?;
                let id = resolve(&who, &place)?;
                if !stage.approvers.contains(&id) {
                    stage.approvers.push(id);
                }
            }
        }
        out.push((stage, stp));
    }
    // Entra's "nobody named" is one stage without approvers: pim holds it as no stages.
    if out.len() == 1 && out[0].0.approvers.is_empty() {
        let (st, stp) = &out[0];
        let default = ApprovalStage::default();
        if st.timeout_days != default.timeout_days
            || st.require_approver_justification != default.require_approver_justification
        {
            notes.push(format!(
                "{} ({}): a stage without approvers keeps Entra's default time-out and approver justification in pim",
                p.rule, stp.path
            ));
        }
        s.activation.approval_stages.clear();
        return Ok(());
    }
    s.activation.approval_stages = out.into_iter().map(|(st, _)| st).collect();
    Ok(())
}

/// An approver object: Graph `singleUser {userId}` / `groupMembers {groupId}`, ARM
/// `{id, userType}`.
fn approver_in(v: &Value, p: &Place) -> Result<ApproverIn> {
    let m = v
        .as_object()
        .ok_or_else(|| p.bad(format!("expected an approver object, found {v}")))?;
    let description = text(m, "description", p)?
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string);
    let odata = text(m, "@odata.type", p)?.map(|t| t.trim_start_matches('#').to_ascii_lowercase());
    let (raw, kind, key) = if let Some(u) = text(m, "userId", p)? {
        (u, PrincipalKind::User, "userId")
    } else if let Some(g) = text(m, "groupId", p)? {
        (g, PrincipalKind::Group, "groupId")
    } else if let Some(id) = text(m, "id", p)? {
        let kind = match one_of(m, "userType", &["User", "Group"], p)? {
            Some("Group") => PrincipalKind::Group,
            _ => PrincipalKind::User,
        };
        (id, kind, "id")
    } else {
        return Err(p.bad(match odata {
            Some(t) => format!(
                "approvers of type {t} are not supported: PIM approvers are singleUser (userId) or groupMembers (groupId)"
            ),
            None => "an approver needs userId, groupId, or id and userType".into(),
        }));
    };
    if let Some(t) = &odata {
        let expected = match kind {
            PrincipalKind::Group => "microsoft.graph.groupmembers",
            _ => "microsoft.graph.singleuser",
        };
        if t != expected {
            return Err(p.bad(format!(
                "approvers of type {t} are not supported: PIM approvers are singleUser (userId) or groupMembers (groupId)"
            )));
        }
    }
    let object_id = super::ids::guid(raw).ok_or_else(|| {
        p.at(key)
            .bad(format!("'{raw}' is not an object id (a GUID)"))
    })?;
    Ok(ApproverIn {
        object_id,
        kind,
        description,
    })
}

/// The kept rules as a TOML/JSON document re-reads them: checks a `kept_rules` table (from a
/// settings file) by applying each as a rule to defaults.
pub fn check_kept(id: &str, value: &Value, path: &str) -> Result<Value> {
    let spec = spec(id).filter(|s| KEPT.contains(&s.id)).ok_or_else(|| {
        Error::usage_with_hint(
            format!("{path}: '{id}' is not a rule pim keeps"),
            format!("kept rules are {}", KEPT.join(" and ")),
        )
    })?;
    let mut rule = value
        .as_object()
        .cloned()
        .ok_or_else(|| Error::usage(format!("{path}: expected a table of the rule's fields")))?;
    rule.insert("id".into(), json!(spec.id));
    let mut s = RoleSettings::default();
    apply_rule(&mut s, &Value::Object(rule), path, &mut |_, p| {
        Err(p.bad("approvers are not part of this rule"))
    })?;
    Ok(s.kept_rules.get(spec.id).cloned().unwrap_or(Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_approvers(_: &ApproverIn, p: &Place) -> Result<String> {
        Err(p.bad("unexpected approver"))
    }

    fn users(a: &ApproverIn, _: &Place) -> Result<String> {
        Ok(format!("pim-{}", a.object_id))
    }

    fn out(id: &str) -> ApproverOut {
        ApproverOut {
            id: id.trim_start_matches("pim-").to_string(),
            kind: PrincipalKind::User,
            name: id.into(),
        }
    }

    #[test]
    fn defaults_are_entras_defaults_rule_by_rule() {
        let rules = rules_json(&RoleSettings::default(), Format::Graph, &out);
        assert_eq!(rules.len(), 17);
        let by_id = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap().clone();
        assert_eq!(
            by_id("Expiration_EndUser_Assignment")["maximumDuration"],
            "PT8H"
        );
        assert_eq!(
            by_id("Expiration_Admin_Eligibility")["maximumDuration"],
            "P365D"
        );
        assert_eq!(
            by_id("Expiration_Admin_Assignment")["isExpirationRequired"],
            false
        );
        assert_eq!(
            by_id("Enablement_Admin_Assignment")["enabledRules"],
            json!(["Justification"])
        );
        assert_eq!(
            by_id("Approval_EndUser_Assignment")["setting"]["approvalStages"][0]["approvalStageTimeOutInDays"],
            1
        );
        assert_eq!(
            by_id("AuthenticationContext_EndUser_Assignment")["claimValue"],
            Value::Null
        );
        assert_eq!(
            by_id("Notification_Requestor_EndUser_Assignment")["recipientType"],
            "Requestor"
        );
        // Read back, they are the defaults again.
        let mut s = RoleSettings::default();
        s.activation.max_duration_secs = 1;
        for (i, r) in rules.iter().enumerate() {
            apply_rule(&mut s, r, &format!("$.rules[{i}]"), &mut no_approvers).unwrap();
        }
        assert_eq!(s, RoleSettings::default());
    }

    #[test]
    fn any_case_and_null_lists() {
        let mut s = RoleSettings::default();
        let rule = json!({
            "id": "notification_admin_enduser_assignment",
            "ruleType": "roleManagementPolicyNotificationRule",
            "notificationType": "email",
            "recipientType": "admin",
            "notificationLevel": "critical",
            "isDefaultRecipientsEnabled": false,
            "notificationRecipients": null,
            "target": { "caller": "enduser", "operations": ["all"], "level": "assignment" }
        });
        apply_rule(&mut s, &rule, "$", &mut no_approvers).unwrap();
        let r = &s.notifications.activation.admin;
        assert!(r.enabled && r.critical_only && !r.default_recipients);
        assert!(r.additional_recipients.is_empty());
    }

    #[test]
    fn refusals_name_the_rule_and_the_path() {
        let mut s = RoleSettings::default();
        let e = apply_rule(
            &mut s,
            &json!({"id": "Expiration_EndUser_Assignment", "maximumDuration": "PT8X"}),
            "$.rules[3]",
            &mut no_approvers,
        )
        .unwrap_err();
        assert!(matches!(e, Error::Usage { .. }));
        assert!(
            e.to_string()
                .starts_with("Expiration_EndUser_Assignment ($.rules[3].maximumDuration)"),
            "{e}"
        );
        let e = which(&json!({"id": "Expiration_Everyone"}), "$").unwrap_err();
        assert!(
            e.to_string()
                .contains("unknown rule id 'Expiration_Everyone'")
        );
        let e = which(
            &json!({"id": "Expiration_EndUser_Assignment", "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule"}),
            "$",
        )
        .unwrap_err();
        assert!(e.to_string().contains("is not the type of rule"), "{e}");
        let e = apply_rule(
            &mut s,
            &json!({"id": "Notification_Admin_Admin_Assignment", "recipientType": "Approver"}),
            "$",
            &mut no_approvers,
        )
        .unwrap_err();
        assert!(e.to_string().contains("recipient type Admin"), "{e}");
        let e = apply_rule(
            &mut s,
            &json!({"id": "Enablement_EndUser_Assignment", "enabledRules": ["Fingerprint"]}),
            "$",
            &mut no_approvers,
        )
        .unwrap_err();
        assert!(e.to_string().contains("($.enabledRules[0])"), "{e}");
    }

    #[test]
    fn approvers_and_stages() {
        let mut s = RoleSettings::default();
        let rule = json!({
            "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
            "id": "Approval_EndUser_Assignment",
            "setting": {
                "isApprovalRequired": true,
                "approvalMode": "serial",
                "approvalStages": [
                    { "approvalStageTimeOutInDays": 2, "primaryApprovers": [
                        { "@odata.type": "#microsoft.graph.singleUser", "userId": "10A08E2E-3EA2-4CE0-80CB-D5FDD4B05EA6" },
                        { "@odata.type": "#microsoft.graph.groupMembers", "groupId": "14f2746d-7d6f-4ac6-acd8-8cac318b041b" }
                    ], "@pim.requiredApprovals": 2 },
                    { "primaryApprovers": [ { "id": "2385b0f3-5fa9-43cf-8ca4-b01dc97298cd", "userType": "Group", "description": "g" } ] }
                ]
            }
        });
        let mut seen = Vec::new();
        apply_rule(&mut s, &rule, "$", &mut |a, _| {
            seen.push((a.kind, a.description.clone()));
            users(
                a,
                &Place {
                    path: String::new(),
                    rule: "",
                },
            )
        })
        .unwrap();
        let st = &s.activation.approval_stages;
        assert!(s.activation.require_approval);
        assert_eq!(st.len(), 2);
        assert_eq!(
            st[0].approvers,
            [
                "pim-10a08e2e-3ea2-4ce0-80cb-d5fdd4b05ea6",
                "pim-14f2746d-7d6f-4ac6-acd8-8cac318b041b"
            ]
        );
        assert_eq!((st[0].timeout_days, st[0].required_approvals), (2, 2));
        assert_eq!(seen[2], (PrincipalKind::Group, Some("g".into())));
        // Written again: N of M survives as an annotation, and only where needed.
        let back = rule_json(&RULES[12], &s, Format::Arm, &out);
        let stages = &back["setting"]["approvalStages"];
        assert_eq!(stages[0]["@pim.requiredApprovals"], 2);
        assert!(stages[1].get("@pim.requiredApprovals").is_none());
        assert_eq!(back["setting"]["approvalMode"], "Serial");
        assert_eq!(back["ruleType"], "RoleManagementPolicyApprovalRule");
        // An unsupported approver type is refused with its path.
        let e = apply_rule(
            &mut s,
            &json!({"id": "Approval_EndUser_Assignment", "setting": {"approvalStages": [{"primaryApprovers": [{"@odata.type": "#microsoft.graph.requestorManager", "managerLevel": 1}]}]}}),
            "$",
            &mut no_approvers,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("($.setting.approvalStages[0].primaryApprovers[0])"),
            "{e}"
        );
    }

    #[test]
    fn kept_rules_survive_and_defaults_are_not_stored() {
        let mut s = RoleSettings::default();
        let notes = apply_rule(
            &mut s,
            &json!({"id": "AuthenticationContext_EndUser_Assignment", "isEnabled": true, "claimValue": "c1"}),
            "$",
            &mut no_approvers,
        )
        .unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(
            s.kept_rules["AuthenticationContext_EndUser_Assignment"],
            json!({"isEnabled": true, "claimValue": "c1"})
        );
        let back = rule_json(&RULES[13], &s, Format::Graph, &out);
        assert_eq!(
            (&back["isEnabled"], &back["claimValue"]),
            (&json!(true), &json!("c1"))
        );
        apply_rule(
            &mut s,
            &json!({"id": "AuthenticationContext_EndUser_Assignment", "isEnabled": false, "claimValue": ""}),
            "$",
            &mut no_approvers,
        )
        .unwrap();
        assert!(s.kept_rules.is_empty());
        assert_eq!(
            check_kept(
                "Enablement_Admin_Eligibility",
                &json!({"enabledRules": ["justification"]}),
                "x"
            )
            .unwrap(),
            json!({"enabledRules": ["Justification"]})
        );
        assert!(check_kept("Expiration_EndUser_Assignment", &json!({}), "x").is_err());
    }
}
