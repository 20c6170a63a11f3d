// The JSON structs below are the contract: they name every field, including ones no test reads.
#![allow(dead_code)]

//! `pim access` and inherited rows in `pim assign list --scope`.

use crate::support::*;

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct AccessJson {
    principal: String,
    principal_id: String,
    at: String,
    enabled: bool,
    holds: Vec<ItemJson>,
    eligible: Vec<ItemJson>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ItemJson {
    role: String,
    role_id: String,
    role_kind: String,
    scope: String,
    #[serde(rename = "type")]
    kind: String,
    member_type: String,
    via_group: Option<String>,
    assignment_id: String,
    activated_from: Option<String>,
    start: String,
    end: Option<String>,
    through: Vec<ChainJson>,
}

#[test]
fn access_now_and_at_another_instant() {
    let env = TestEnv::sample();
    env.run_as(
        "bob",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
            "--duration",
            "1h",
        ],
    )
    .ok();
    let now: AccessJson = env.json(&["access", "--principal", "bob"]);
    assert_eq!(now.holds.len(), 1);
    assert!(now.holds[0].activated_from.is_some());
    let via_group = now
        .eligible
        .iter()
        .find(|i| i.role == "Global Administrator")
        .unwrap();
    assert_eq!(
        (
            via_group.member_type.as_str(),
            via_group.via_group.as_deref()
        ),
        ("group", Some("tier0-admins"))
    );
    // After the activation ends: eligible only.
    let later: AccessJson = env.json(&[
        "access",
        "--principal",
        "bob",
        "--at",
        "2026-11-22T10:00:00Z",
    ]);
    assert!(later.holds.is_empty());
    // After a deactivation, an earlier instant still shows what was held then.
    env.run_at(
        "2026-11-22T09:10:00Z",
        &[
            "--as",
            "bob",
            "deactivate",
            "--role",
            "Security Administrator",
        ],
    )
    .ok();
    let before: AccessJson = env
        .run_at(
            "2026-11-22T11:00:00Z",
            &[
                "-o",
                "json",
                "access",
                "--principal",
                "bob",
                "--at",
                "2026-11-22T09:05:00Z",
            ],
        )
        .json();
    assert_eq!(before.holds.len(), 1);
    let after: AccessJson = env
        .run_at(
            "2026-11-22T11:00:00Z",
            &[
                "-o",
                "json",
                "access",
                "--principal",
                "bob",
                "--at",
                "2026-11-22T09:15:00Z",
            ],
        )
        .json();
    assert!(after.holds.is_empty());
    // A disabled principal holds nothing.
    env.run(&["principal", "disable", "bob"]).ok();
    let disabled: AccessJson = env.json(&["access", "--principal", "bob"]);
    assert!(!disabled.enabled && disabled.holds.is_empty() && disabled.eligible.is_empty());
    // Others' access needs the right to see it; your own does not.
    env.run_as("dave", &["access", "--principal", "alice"])
        .refused(4, "not authorized");
    let mine: AccessJson = env
        .run_as("dave", &["-o", "json", "access", "--principal", "dave"])
        .json();
    assert_eq!(mine.eligible.len(), 2);
    env.run(&["access", "--principal", "nobody"])
        .refused(3, "not found");
    env.run(&["access", "--principal", "bob", "--at", "someday"])
        .refused(1, "invalid time");
}

#[test]
fn listing_at_a_scope_shows_what_applies_there_from_above() {
    let env = TestEnv::sample();
    let rows: Vec<AssignmentJson> = env.json(&[
        "assign",
        "list",
        "--scope",
        "/subscriptions/prod/resourceGroups/rg-web",
    ]);
    let kinds: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.principal_name.as_str(),
                r.role_name.as_str(),
                r.member_type.as_str(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("carol", "Owner", "inherited"),
            ("carol", "Reader", "inherited"),
            ("dave", "Contributor", "direct")
        ]
    );
    assert_eq!(
        find(&rows, "carol", "Reader").scope,
        "/providers/Microsoft.Management/managementGroups/contoso"
    );
    // Directory roles at / apply to administrative units, not to Azure scopes.
    let au: Vec<AssignmentJson> =
        env.json(&["assign", "list", "--scope", "/administrativeUnits/paris"]);
    assert!(
        au.iter()
            .any(|r| r.role_name == "Global Administrator" && r.member_type == "inherited")
    );
    assert!(au.iter().all(|r| r.role_kind == "directory"));
    assert!(rows.iter().all(|r| r.role_kind == "azure"));
}
