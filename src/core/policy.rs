//! Role settings (SPEC §4) and the rules they impose on assignments.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::clock::Ts;
use super::error::{Error, Result};
use super::model::AssignmentType;
use super::schedule::{self, DAY, EndSpec, HOUR, MIN_ASSIGNMENT_SECS};

/// Entra's rule names, which refusals carry.
pub mod rule {
    pub const EXPIRATION: &str = "ExpirationRule";
    pub const JUSTIFICATION: &str = "JustificationRule";
    pub const TICKETING: &str = "TicketingRule";
    pub const MFA: &str = "MfaRule";
    pub const ELIGIBILITY: &str = "EligibilityRule";
    pub const APPROVAL: &str = "ApprovalRule";
    pub const PRINCIPAL_TYPE: &str = "PrincipalTypeRule";
}

/// The settings of one role at one scope. Missing fields take Entra's portal defaults, so that
/// stored documents stay readable as fields are added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct RoleSettings {
    pub activation: ActivationSettings,
    pub assignment: AssignmentSettings,
    pub notifications: NotificationSettings,
    /// Rules of a Microsoft policy that pim keeps and exports again but does not enforce
    /// (authentication context; requirements on eligible assignments), by Graph rule id, as
    /// their fields without `id` and `target`. Only values that differ from Entra's defaults.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub kept_rules: BTreeMap<String, serde_json::Value>,
}

/// The nine notification rules of seed 000: three events, each to three audiences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct NotificationSettings {
    /// Members assigned as eligible to this role.
    pub eligible_assignment: EventRules,
    /// Members assigned as active to this role.
    pub active_assignment: EventRules,
    /// Eligible members activate this role.
    pub activation: EventRules,
}

/// One event's rules, by audience.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct EventRules {
    /// Role assignment alert / role activation alert, to administrators.
    pub admin: NotificationRule,
    /// Notification to the assigned user (assignee) or the activated user (requestor).
    pub assignee: NotificationRule,
    /// Request to approve (a renewal or extension, or an activation), to approvers.
    pub approver: NotificationRule,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotificationRule {
    pub enabled: bool,
    /// Send to the audience's default recipients (administrators, the assignee, the approvers).
    pub default_recipients: bool,
    /// Further email addresses (at most 1000).
    pub additional_recipients: Vec<String>,
    /// Send only mail that needs action.
    pub critical_only: bool,
}

impl Default for NotificationRule {
    fn default() -> Self {
        NotificationRule {
            enabled: true,
            default_recipients: true,
            additional_recipients: Vec::new(),
            critical_only: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ActivationSettings {
    /// Seconds; 30 minutes to 24 hours.
    pub max_duration_secs: i64,
    pub require_mfa: bool,
    pub require_justification: bool,
    pub require_ticket: bool,
    pub require_approval: bool,
    pub approval_stages: Vec<ApprovalStage>,
}

impl Default for ActivationSettings {
    fn default() -> Self {
        ActivationSettings {
            max_duration_secs: 8 * HOUR,
            require_mfa: false,
            require_justification: true,
            require_ticket: false,
            require_approval: false,
            approval_stages: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApprovalStage {
    /// Principal IDs: users, or groups whose members approve.
    pub approvers: Vec<String>,
    pub required_approvals: u32,
    pub timeout_days: u32,
    pub require_approver_justification: bool,
}

impl Default for ApprovalStage {
    fn default() -> Self {
        ApprovalStage {
            approvers: Vec::new(),
            required_approvals: 1,
            timeout_days: 1,
            require_approver_justification: true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssignmentSettings {
    pub allow_permanent_eligible: bool,
    /// Seconds; the longest eligible assignment when permanent ones are not allowed.
    pub eligible_expire_after_secs: i64,
    pub allow_permanent_active: bool,
    /// Seconds; the longest active assignment when permanent ones are not allowed.
    pub active_expire_after_secs: i64,
    pub require_mfa_on_active: bool,
    pub require_justification_on_active: bool,
}

impl Default for AssignmentSettings {
    fn default() -> Self {
        AssignmentSettings {
            allow_permanent_eligible: true,
            eligible_expire_after_secs: 365 * DAY,
            allow_permanent_active: true,
            active_expire_after_secs: 180 * DAY,
            require_mfa_on_active: false,
            require_justification_on_active: true,
        }
    }
}

impl AssignmentSettings {
    fn permanent_allowed(&self, kind: AssignmentType) -> bool {
        match kind {
            AssignmentType::Eligible => self.allow_permanent_eligible,
            AssignmentType::Active => self.allow_permanent_active,
        }
    }

    fn expire_after(&self, kind: AssignmentType) -> i64 {
        match kind {
            AssignmentType::Eligible => self.eligible_expire_after_secs,
            AssignmentType::Active => self.active_expire_after_secs,
        }
    }
}

/// What an administrator's assignment is subject to, besides the role settings.
#[derive(Clone, Copy, Debug)]
pub struct AssignmentSubject {
    /// Service principals hold only active, time-bound assignments.
    pub service_principal: bool,
}

/// Works out the end of an administrator's assignment from what was given and the settings:
/// a default end is permanent where that is allowed and the maximum otherwise.
pub fn resolve_end(
    settings: &AssignmentSettings,
    subject: AssignmentSubject,
    kind: AssignmentType,
    start: Ts,
    end: EndSpec,
) -> Result<Option<Ts>> {
    let must_end = subject.service_principal || !settings.permanent_allowed(kind);
    match end {
        EndSpec::Permanent => Ok(None),
        EndSpec::At(t) => Ok(Some(t)),
        EndSpec::After(secs) => Ok(Some(schedule::add(start, secs)?)),
        EndSpec::Default if must_end => {
            Ok(Some(schedule::add(start, settings.expire_after(kind))?))
        }
        EndSpec::Default => Ok(None),
    }
}

/// Checks an administrator's assignment (new, updated, extended or renewed) against the rules.
pub fn check_assignment(
    settings: &AssignmentSettings,
    subject: AssignmentSubject,
    kind: AssignmentType,
    start: Ts,
    end: Option<Ts>,
    justification: Option<&str>,
) -> Result<()> {
    if subject.service_principal {
        if kind == AssignmentType::Eligible {
            return Err(Error::policy_with_hint(
                rule::PRINCIPAL_TYPE,
                "service principals cannot be eligible: they hold active, time-bound assignments only",
                "assign it with --type active and an end (--end or --duration)",
            ));
        }
        if end.is_none() {
            return Err(Error::policy_with_hint(
                rule::PRINCIPAL_TYPE,
                "service principals cannot hold permanent assignments",
                "give an end with --end or --duration",
            ));
        }
    }
    match end {
        None if !settings.permanent_allowed(kind) => {
            return Err(Error::policy_with_hint(
                rule::EXPIRATION,
                format!(
                    "permanent {kind} assignments are not allowed for this role; they must end within {}",
                    schedule::format_duration(settings.expire_after(kind))
                ),
                "give an end with --end or --duration",
            ));
        }
        None => {}
        Some(end) => {
            if end <= start {
                return Err(Error::invalid("the end must come after the start"));
            }
            if end - start < MIN_ASSIGNMENT_SECS {
                return Err(Error::policy(
                    rule::EXPIRATION,
                    "an assignment cannot last less than 5 minutes",
                ));
            }
            if !settings.permanent_allowed(kind) && end - start > settings.expire_after(kind) {
                return Err(Error::policy(
                    rule::EXPIRATION,
                    format!(
                        "{kind} assignments of this role must end within {} of their start; this one lasts {}",
                        schedule::format_duration(settings.expire_after(kind)),
                        schedule::format_duration(end - start)
                    ),
                ));
            }
        }
    }
    if kind == AssignmentType::Active
        && settings.require_justification_on_active
        && justification.is_none_or(|j| j.trim().is_empty())
    {
        return Err(Error::policy_with_hint(
            rule::JUSTIFICATION,
            "a justification is required for an active assignment of this role",
            "pass --justification TEXT",
        ));
    }
    Ok(())
}

/// Checks a free-text field a user typed: bounded and printable.
pub fn check_text(what: &str, text: &str, max: usize) -> Result<()> {
    if text.chars().count() > max {
        return Err(Error::invalid(format!(
            "the {what} is longer than {max} characters"
        )));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(Error::invalid(format!(
            "the {what} contains control characters"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SP: AssignmentSubject = AssignmentSubject {
        service_principal: true,
    };
    const USER: AssignmentSubject = AssignmentSubject {
        service_principal: false,
    };

    fn rule_of(e: Error) -> &'static str {
        match e {
            Error::Policy { rule, .. } => rule,
            other => panic!("expected a policy error, got {other:?}"),
        }
    }

    #[test]
    fn defaults_are_entras() {
        let s = RoleSettings::default();
        assert_eq!(s.activation.max_duration_secs, 8 * HOUR);
        assert!(s.activation.require_justification);
        assert!(
            !s.activation.require_mfa
                && !s.activation.require_ticket
                && !s.activation.require_approval
        );
        assert!(s.assignment.allow_permanent_eligible && s.assignment.allow_permanent_active);
        assert_eq!(s.assignment.eligible_expire_after_secs, 365 * DAY);
        assert_eq!(s.assignment.active_expire_after_secs, 180 * DAY);
        assert!(s.assignment.require_justification_on_active);
        // A stored document missing fields reads back as the defaults.
        let parsed: RoleSettings = serde_json::from_str("{}").unwrap();
        assert_eq!(parsed, s);
    }

    #[test]
    fn default_end_is_permanent_where_allowed() {
        let s = AssignmentSettings::default();
        assert_eq!(
            resolve_end(&s, USER, AssignmentType::Eligible, 0, EndSpec::Default).unwrap(),
            None
        );
        assert_eq!(
            resolve_end(&s, SP, AssignmentType::Active, 0, EndSpec::Default).unwrap(),
            Some(180 * DAY)
        );
        let strict = AssignmentSettings {
            allow_permanent_eligible: false,
            ..s
        };
        assert_eq!(
            resolve_end(
                &strict,
                USER,
                AssignmentType::Eligible,
                10,
                EndSpec::Default
            )
            .unwrap(),
            Some(10 + 365 * DAY)
        );
        assert_eq!(
            resolve_end(&s, USER, AssignmentType::Eligible, 10, EndSpec::After(HOUR)).unwrap(),
            Some(10 + HOUR)
        );
    }

    #[test]
    fn assignment_rules() {
        let s = AssignmentSettings::default();
        let j = Some("INC-1");
        check_assignment(&s, USER, AssignmentType::Eligible, 0, None, None).unwrap();
        check_assignment(&s, USER, AssignmentType::Active, 0, None, j).unwrap();
        assert_eq!(
            rule_of(check_assignment(&s, USER, AssignmentType::Active, 0, None, None).unwrap_err()),
            rule::JUSTIFICATION
        );
        assert_eq!(
            rule_of(
                check_assignment(&s, USER, AssignmentType::Active, 0, None, Some("  "))
                    .unwrap_err()
            ),
            rule::JUSTIFICATION
        );
        // Five minutes is the shortest; one second less is refused.
        check_assignment(&s, USER, AssignmentType::Eligible, 0, Some(300), None).unwrap();
        assert_eq!(
            rule_of(
                check_assignment(&s, USER, AssignmentType::Eligible, 0, Some(299), None)
                    .unwrap_err()
            ),
            rule::EXPIRATION
        );
        assert!(check_assignment(&s, USER, AssignmentType::Eligible, 10, Some(10), None).is_err());
        // Service principals: active and time-bound only.
        assert_eq!(
            rule_of(
                check_assignment(&s, SP, AssignmentType::Eligible, 0, Some(DAY), None).unwrap_err()
            ),
            rule::PRINCIPAL_TYPE
        );
        assert_eq!(
            rule_of(check_assignment(&s, SP, AssignmentType::Active, 0, None, j).unwrap_err()),
            rule::PRINCIPAL_TYPE
        );
        check_assignment(&s, SP, AssignmentType::Active, 0, Some(DAY), j).unwrap();
        // No permanent ones, and a ceiling, when the settings say so.
        let strict = AssignmentSettings {
            allow_permanent_active: false,
            active_expire_after_secs: 15 * DAY,
            ..s
        };
        assert_eq!(
            rule_of(
                check_assignment(&strict, USER, AssignmentType::Active, 0, None, j).unwrap_err()
            ),
            rule::EXPIRATION
        );
        check_assignment(&strict, USER, AssignmentType::Active, 0, Some(15 * DAY), j).unwrap();
        assert_eq!(
            rule_of(
                check_assignment(
                    &strict,
                    USER,
                    AssignmentType::Active,
                    0,
                    Some(15 * DAY + 1),
                    j
                )
                .unwrap_err()
            ),
            rule::EXPIRATION
        );
    }

    #[test]
    fn text_fields() {
        check_text("justification", "INC-4711 «ok»", 13).unwrap();
        assert!(check_text("justification", "a\u{0}b", 100).is_err());
        assert!(check_text("justification", &"x".repeat(11), 10).is_err());
    }
}
