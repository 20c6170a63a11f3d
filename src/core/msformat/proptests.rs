//! Property: any settings value pim can hold survives export and import, in both of
//! Microsoft's formats, whatever the settings were before the import.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::policy::{ApproverIn, ApproverOut, Format, Place, apply_rule, rules_json};
use crate::core::error::Result;
use crate::core::model::PrincipalKind;
use crate::core::policy::{
    ActivationSettings, ApprovalStage, AssignmentSettings, EventRules, NotificationSettings,
    RoleSettings,
};
use crate::core::proptests::rule;
use crate::core::schedule::{DAY, MINUTE};
use crate::core::settings::{MAX_ACTIVATION_SECS, MIN_ACTIVATION_SECS};

/// Principals approvers may be: pim ids, the object ids documents know them by, their kinds.
const PEOPLE: [(&str, &str, PrincipalKind); 4] = [
    (
        "p-alice",
        "10a08e2e-3ea2-4ce0-80cb-d5fdd4b05ea6",
        PrincipalKind::User,
    ),
    (
        "p-bob",
        "071cc716-8147-4397-a5ba-b2105951cc0b",
        PrincipalKind::User,
    ),
    (
        "p-admins",
        "14f2746d-7d6f-4ac6-acd8-8cac318b041b",
        PrincipalKind::Group,
    ),
    // No object id: documents carry pim's own id (a GUID as well).
    (
        "5f0e2a52-7d1c-4cc1-9b0e-3a4c7e0b9d11",
        "5f0e2a52-7d1c-4cc1-9b0e-3a4c7e0b9d11",
        PrincipalKind::User,
    ),
];

fn out(id: &str) -> ApproverOut {
    let (_, oid, kind) = PEOPLE.iter().find(|p| p.0 == id).expect("a known approver");
    ApproverOut {
        id: oid.to_string(),
        kind: *kind,
        name: id.to_string(),
    }
}

fn resolve(a: &ApproverIn, p: &Place) -> Result<String> {
    PEOPLE
        .iter()
        .find(|(_, oid, kind)| *oid == a.object_id && *kind == a.kind)
        .map(|(id, ..)| id.to_string())
        .ok_or_else(|| p.bad(format!("unknown approver {}", a.object_id)))
}

fn event() -> impl Strategy<Value = EventRules> {
    (rule(), rule(), rule()).prop_map(|(admin, assignee, approver)| EventRules {
        admin,
        assignee,
        approver,
    })
}

fn stage() -> impl Strategy<Value = ApprovalStage> {
    (
        prop::sample::subsequence(PEOPLE.iter().map(|p| p.0).collect::<Vec<_>>(), 1..=4),
        1u32..=4,
        1u32..=30,
        any::<bool>(),
    )
        .prop_map(
            |(approvers, required, timeout_days, justification)| ApprovalStage {
                approvers: approvers.into_iter().map(str::to_string).collect(),
                required_approvals: required,
                timeout_days,
                require_approver_justification: justification,
            },
        )
}

/// A span of whole seconds in the range a setting takes, edges included.
fn span(min: i64, max: i64) -> impl Strategy<Value = i64> {
    prop_oneof![Just(min), Just(max), min..=max]
}

fn kept() -> impl Strategy<Value = std::collections::BTreeMap<String, Value>> {
    let auth = prop_oneof![
        Just(None),
        Just(Some(json!({"isEnabled": true, "claimValue": "c1"}))),
        Just(Some(json!({"isEnabled": true}))),
        Just(Some(json!({"claimValue": "c7"}))),
    ];
    let eligible = prop_oneof![
        Just(None),
        Just(Some(json!({"enabledRules": ["Justification"]}))),
        Just(Some(
            json!({"enabledRules": ["MultiFactorAuthentication", "Justification", "Ticketing"]})
        )),
    ];
    (auth, eligible).prop_map(|(a, e)| {
        let mut m = std::collections::BTreeMap::new();
        if let Some(a) = a {
            m.insert("AuthenticationContext_EndUser_Assignment".to_string(), a);
        }
        if let Some(e) = e {
            m.insert("Enablement_Admin_Eligibility".to_string(), e);
        }
        m
    })
}

fn settings() -> impl Strategy<Value = RoleSettings> {
    let activation = (
        span(MIN_ACTIVATION_SECS, MAX_ACTIVATION_SECS),
        any::<(bool, bool, bool, bool)>(),
        prop::collection::vec(stage(), 0..=3),
    )
        .prop_map(
            |(max, (mfa, justification, ticket, approval), stages)| ActivationSettings {
                max_duration_secs: max,
                require_mfa: mfa,
                require_justification: justification,
                require_ticket: ticket,
                require_approval: approval,
                approval_stages: stages,
            },
        );
    let assignment = (
        any::<(bool, bool, bool, bool)>(),
        span(5 * MINUTE, 3650 * DAY),
        span(5 * MINUTE, 3650 * DAY),
    )
        .prop_map(
            |((pe, pa, mfa, justification), eligible, active)| AssignmentSettings {
                allow_permanent_eligible: pe,
                eligible_expire_after_secs: eligible,
                allow_permanent_active: pa,
                active_expire_after_secs: active,
                require_mfa_on_active: mfa,
                require_justification_on_active: justification,
            },
        );
    let notifications = (event(), event(), event()).prop_map(|(e, a, x)| NotificationSettings {
        eligible_assignment: e,
        active_assignment: a,
        activation: x,
    });
    (activation, assignment, notifications, kept()).prop_map(
        |(activation, assignment, notifications, kept_rules)| RoleSettings {
            activation,
            assignment,
            notifications,
            kept_rules,
        },
    )
}

/// Exports `s` and reads the document back over `before`.
fn round_trip(s: &RoleSettings, before: &RoleSettings, fmt: Format) -> RoleSettings {
    let rules = rules_json(s, fmt, &out);
    // Through text, as a file would carry it.
    let text = serde_json::to_string(&json!({ "rules": rules })).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let mut read = before.clone();
    for (i, r) in doc["rules"].as_array().unwrap().iter().enumerate() {
        apply_rule(&mut read, r, &format!("$.rules[{i}]"), &mut resolve).unwrap();
    }
    read
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_settings_survive_graph_and_arm(s in settings(), before in settings()) {
        for fmt in [Format::Graph, Format::Arm] {
            prop_assert_eq!(&round_trip(&s, &before, fmt), &s, "{:?}", fmt);
        }
    }
}
