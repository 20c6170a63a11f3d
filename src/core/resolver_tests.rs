//! Unit tests of the access resolver (`membership`, `authz::Grants`, `status::check`): each path
//! alone, combined paths, the expiry of one link in a chain, narrower-scope activation, and no
//! path through a disabled principal. In-memory store, fixed clock.

use super::activate::{self, ActivateInput, Outcome};
use super::assign::{self, AssignInput};
use super::group;
use super::model::{AssignmentType, PrincipalKind};
use super::principal::{self, NewPrincipal};
use super::schedule::{EndSpec, HOUR};
use super::session::WriteOpts;
use super::status::{self, Check};
use super::tests::{T0, ctx, sample};
use crate::store::Db;

const PROD: &str = "/subscriptions/prod";
const RG_WEB: &str = "/subscriptions/prod/resourceGroups/rg-web";
const MG: &str = "/providers/Microsoft.Management/managementGroups/contoso";

fn add_group(db: &mut Db, name: &str, role_assignable: bool) {
    principal::add(
        db,
        &ctx("admin", T0),
        &NewPrincipal {
            name: name.into(),
            kind: Some(PrincipalKind::Group),
            email: None,
            display_name: None,
            role_assignable,
            break_glass: false,
            object_id: None,
        },
        WriteOpts::default(),
    )
    .unwrap();
}

fn member(db: &mut Db, group_name: &str, who: &str) {
    group::add_member(db, &ctx("admin", T0), group_name, who).unwrap();
}

fn grant(
    db: &mut Db,
    who: &str,
    role: &str,
    scope: Option<&str>,
    kind: AssignmentType,
    end: EndSpec,
) -> String {
    assign::create(
        db,
        &ctx("admin", T0),
        &AssignInput {
            principal: who.into(),
            role: role.into(),
            scope: scope.map(str::to_string),
            kind,
            start: None,
            end,
            justification: Some("resolver test".into()),
            ticket_number: None,
            ticket_system: None,
        },
        None,
        WriteOpts::default(),
    )
    .unwrap()
    .id
}

fn check(db: &mut Db, who: &str, role: &str, scope: Option<&str>, at: i64) -> Check {
    status::check(db, &ctx("admin", at), who, role, scope).unwrap()
}

fn activate_as(db: &mut Db, who: &str, role: &str, scope: Option<&str>, at: i64) -> String {
    let r = activate::activate(
        db,
        &ctx(who, at),
        &ActivateInput {
            role: role.into(),
            scope: scope.map(str::to_string),
            justification: Some("resolver test".into()),
            ticket_number: None,
            ticket_system: None,
            duration: Some(2 * HOUR),
            start: None,
            otp: None,
        },
        false,
    )
    .unwrap();
    assert_eq!(r.outcome, Outcome::Activated, "{r:?}");
    r.assignment_id.unwrap()
}

fn onboard(db: &mut Db, g: &str) {
    group::onboard(db, &ctx("admin", T0), g, WriteOpts::default()).unwrap();
}

#[test]
fn a_direct_path_alone() {
    let mut db = sample();
    let id = grant(
        &mut db,
        "dave",
        "Reader",
        Some(PROD),
        AssignmentType::Active,
        EndSpec::After(HOUR),
    );
    let c = check(&mut db, "dave", "Reader", Some(PROD), T0);
    assert!(c.holds);
    assert_eq!(c.paths.len(), 1);
    assert_eq!(c.paths[0].member_type, "direct");
    assert_eq!(c.paths[0].assignment_id.as_deref(), Some(id.as_str()));
    assert_eq!(c.paths[0].end, Some(T0 + HOUR));
    assert!(c.paths[0].through.is_empty());
    // Not below nor above where it was not given.
    assert!(!check(&mut db, "dave", "Reader", Some("/subscriptions/dev"), T0).holds);
    assert!(!check(&mut db, "dave", "Reader", Some(PROD), T0 + HOUR).holds);
}

#[test]
fn an_inherited_path_from_a_management_group() {
    let mut db = sample();
    grant(
        &mut db,
        "dave",
        "Reader",
        Some(MG),
        AssignmentType::Active,
        EndSpec::Permanent,
    );
    let c = check(&mut db, "dave", "Reader", Some(RG_WEB), T0);
    assert!(c.holds);
    assert_eq!(c.paths[0].member_type, "inherited");
    assert_eq!(c.paths[0].inherited_from.as_deref(), Some(MG));
    assert_eq!(c.until, None);
}

#[test]
fn a_static_nested_group_path_with_its_chain() {
    let mut db = sample();
    add_group(&mut db, "web-ops", false);
    add_group(&mut db, "oncall", false);
    member(&mut db, "web-ops", "oncall");
    member(&mut db, "oncall", "erin");
    grant(
        &mut db,
        "web-ops",
        "Contributor",
        Some(PROD),
        AssignmentType::Active,
        EndSpec::After(3 * HOUR),
    );
    let c = check(&mut db, "erin", "Contributor", Some(RG_WEB), T0);
    assert!(c.holds);
    let p = &c.paths[0];
    assert_eq!(p.member_type, "group");
    assert_eq!(p.via_group.as_deref(), Some("web-ops"));
    assert_eq!(p.inherited_from.as_deref(), Some(PROD));
    let chain: Vec<(&str, &str)> = p
        .through
        .iter()
        .map(|l| (l.group.as_str(), l.membership))
        .collect();
    assert_eq!(chain, vec![("oncall", "static"), ("web-ops", "static")]);
    assert_eq!(p.end, Some(T0 + 3 * HOUR));
}

#[test]
fn an_activated_membership_grants_the_groups_role_for_its_time_only() {
    let mut db = sample();
    add_group(&mut db, "sec-ops", true);
    onboard(&mut db, "sec-ops");
    grant(
        &mut db,
        "sec-ops",
        "Security Administrator",
        None,
        AssignmentType::Active,
        EndSpec::Permanent,
    );
    grant(
        &mut db,
        "erin",
        "Group Member",
        Some("/groups/sec-ops"),
        AssignmentType::Eligible,
        EndSpec::After(90 * 24 * HOUR),
    );
    // Eligible membership grants nothing.
    assert!(!check(&mut db, "erin", "Security Administrator", None, T0).holds);
    let act = activate_as(&mut db, "erin", "Group Member", Some("/groups/sec-ops"), T0);
    let c = check(&mut db, "erin", "Security Administrator", None, T0 + HOUR);
    assert!(c.holds);
    let p = &c.paths[0];
    assert_eq!(p.member_type, "group");
    // The group's assignment is permanent; the path ends with the membership.
    assert_eq!(p.end, Some(T0 + 2 * HOUR));
    assert_eq!(c.until, Some(T0 + 2 * HOUR));
    assert_eq!(p.through.len(), 1);
    assert_eq!(p.through[0].membership, "pim");
    assert_eq!(p.through[0].assignment_id.as_deref(), Some(act.as_str()));
    // The membership itself is a direct PIM assignment.
    let m = check(
        &mut db,
        "erin",
        "Group Member",
        Some("/groups/sec-ops"),
        T0 + HOUR,
    );
    assert_eq!(m.paths[0].member_type, "direct");
    // At its end, both are gone.
    assert!(
        !check(
            &mut db,
            "erin",
            "Security Administrator",
            None,
            T0 + 2 * HOUR
        )
        .holds
    );
    assert!(
        !check(
            &mut db,
            "erin",
            "Group Member",
            Some("/groups/sec-ops"),
            T0 + 2 * HOUR
        )
        .holds
    );
}

#[test]
fn a_chain_ends_when_one_link_ends() {
    let mut db = sample();
    // erin is statically in `oncall`; `oncall` is an active PIM member of `web-ops` for one
    // hour; `web-ops` is permanently Reader on prod.
    add_group(&mut db, "oncall", false);
    add_group(&mut db, "web-ops", false);
    member(&mut db, "oncall", "erin");
    onboard(&mut db, "web-ops");
    grant(
        &mut db,
        "oncall",
        "Group Member",
        Some("/groups/web-ops"),
        AssignmentType::Active,
        EndSpec::After(HOUR),
    );
    grant(
        &mut db,
        "web-ops",
        "Reader",
        Some(PROD),
        AssignmentType::Active,
        EndSpec::Permanent,
    );
    let c = check(&mut db, "erin", "Reader", Some(RG_WEB), T0);
    assert!(c.holds);
    let chain: Vec<(&str, &str)> = c.paths[0]
        .through
        .iter()
        .map(|l| (l.group.as_str(), l.membership))
        .collect();
    assert_eq!(chain, vec![("oncall", "static"), ("web-ops", "pim")]);
    assert_eq!(c.until, Some(T0 + HOUR));
    assert!(!check(&mut db, "erin", "Reader", Some(RG_WEB), T0 + HOUR).holds);
}

#[test]
fn a_group_eligible_for_membership_lets_its_members_activate_for_themselves() {
    let mut db = sample();
    // Reference §1.10: U active in A, A eligible in B: U activates B membership for U only.
    add_group(&mut db, "responders", false);
    add_group(&mut db, "sec-ops", true);
    member(&mut db, "responders", "carol");
    onboard(&mut db, "sec-ops");
    grant(
        &mut db,
        "responders",
        "Group Member",
        Some("/groups/sec-ops"),
        AssignmentType::Eligible,
        EndSpec::Permanent,
    );
    grant(
        &mut db,
        "sec-ops",
        "Security Reader",
        None,
        AssignmentType::Active,
        EndSpec::Permanent,
    );
    activate_as(
        &mut db,
        "carol",
        "Group Member",
        Some("/groups/sec-ops"),
        T0,
    );
    assert!(check(&mut db, "carol", "Security Reader", None, T0 + HOUR).holds);
    // dave is in `responders`' neighbour group, not in it: nothing.
    assert!(!check(&mut db, "dave", "Security Reader", None, T0 + HOUR).holds);
    // The group itself never became an active member of the role-assignable group.
    let r = assign::create(
        &mut db,
        &ctx("admin", T0),
        &AssignInput {
            principal: "responders".into(),
            role: "Group Member".into(),
            scope: Some("/groups/sec-ops".into()),
            kind: AssignmentType::Active,
            start: None,
            end: EndSpec::After(HOUR),
            justification: Some("x".into()),
            ticket_number: None,
            ticket_system: None,
        },
        None,
        WriteOpts::default(),
    );
    assert!(
        r.unwrap_err().to_string().contains("role-assignable"),
        "active group members of a role-assignable group are refused"
    );
}

#[test]
fn combined_paths_report_each_and_the_latest_end() {
    let mut db = sample();
    add_group(&mut db, "web-ops", false);
    member(&mut db, "web-ops", "dave");
    grant(
        &mut db,
        "dave",
        "Reader",
        Some(RG_WEB),
        AssignmentType::Active,
        EndSpec::After(HOUR),
    );
    grant(
        &mut db,
        "web-ops",
        "Reader",
        Some(PROD),
        AssignmentType::Active,
        EndSpec::After(5 * HOUR),
    );
    let c = check(&mut db, "dave", "Reader", Some(RG_WEB), T0);
    let mut kinds: Vec<&str> = c.paths.iter().map(|p| p.member_type).collect();
    kinds.sort();
    assert_eq!(kinds, vec!["direct", "group"]);
    assert_eq!(c.until, Some(T0 + 5 * HOUR));
    // After the direct one ends, the group path still holds.
    let later = check(&mut db, "dave", "Reader", Some(RG_WEB), T0 + 2 * HOUR);
    assert_eq!(later.paths.len(), 1);
    assert_eq!(later.paths[0].member_type, "group");
}

#[test]
fn a_narrower_scope_activation_holds_there_and_not_above() {
    let mut db = sample();
    grant(
        &mut db,
        "carol",
        "Contributor",
        Some(PROD),
        AssignmentType::Eligible,
        EndSpec::Permanent,
    );
    activate_as(&mut db, "carol", "Contributor", Some(RG_WEB), T0);
    assert!(check(&mut db, "carol", "Contributor", Some(RG_WEB), T0).holds);
    assert!(
        check(
            &mut db,
            "carol",
            "Contributor",
            Some(
                "/subscriptions/prod/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/web-01"
            ),
            T0
        )
        .holds
    );
    assert!(!check(&mut db, "carol", "Contributor", Some(PROD), T0).holds);
}

#[test]
fn no_path_through_a_disabled_principal() {
    let mut db = sample();
    add_group(&mut db, "web-ops", false);
    add_group(&mut db, "oncall", false);
    member(&mut db, "web-ops", "oncall");
    member(&mut db, "oncall", "erin");
    grant(
        &mut db,
        "web-ops",
        "Reader",
        Some(PROD),
        AssignmentType::Active,
        EndSpec::Permanent,
    );
    assert!(check(&mut db, "erin", "Reader", Some(PROD), T0).holds);
    // A disabled group in the middle of the chain passes nothing on.
    principal::set_enabled(&mut db, &ctx("admin", T0), "oncall", false).unwrap();
    assert!(!check(&mut db, "erin", "Reader", Some(PROD), T0).holds);
    principal::set_enabled(&mut db, &ctx("admin", T0), "oncall", true).unwrap();
    assert!(check(&mut db, "erin", "Reader", Some(PROD), T0).holds);
    // A disabled principal holds nothing, directly or otherwise.
    grant(
        &mut db,
        "erin",
        "Reader",
        Some(PROD),
        AssignmentType::Active,
        EndSpec::Permanent,
    );
    principal::set_enabled(&mut db, &ctx("admin", T0), "erin", false).unwrap();
    assert!(!check(&mut db, "erin", "Reader", Some(PROD), T0).holds);
}

#[test]
fn actions_resolve_through_wildcards_and_exclusions() {
    let mut db = sample();
    grant(
        &mut db,
        "dave",
        "Contributor",
        Some(PROD),
        AssignmentType::Active,
        EndSpec::Permanent,
    );
    let ask = |db: &mut Db, action: &str, scope: &str| {
        status::check_action(db, &ctx("admin", T0), "dave", action, Some(scope)).unwrap()
    };
    let yes = ask(
        &mut db,
        "Microsoft.Compute/virtualMachines/start/action",
        RG_WEB,
    );
    assert!(yes.allowed);
    assert_eq!(yes.grants[0].permission, "*");
    assert_eq!(yes.grants[0].inherited_from.as_deref(), Some(PROD));
    // Contributor's NotActions.
    assert!(
        !ask(
            &mut db,
            "Microsoft.Authorization/roleAssignments/write",
            RG_WEB
        )
        .allowed
    );
    // Not at a scope it does not reach.
    assert!(
        !ask(
            &mut db,
            "Microsoft.Compute/virtualMachines/start/action",
            "/subscriptions/dev"
        )
        .allowed
    );
    // Directory actions come from directory roles only.
    assert!(!ask(&mut db, "microsoft.directory/users/password/update", "/").allowed);
    grant(
        &mut db,
        "dave",
        "Helpdesk Administrator",
        None,
        AssignmentType::Active,
        EndSpec::Permanent,
    );
    assert!(ask(&mut db, "microsoft.directory/users/password/update", "/").allowed);
    assert!(!ask(&mut db, "microsoft.directory/users/delete", "/").allowed);
}
