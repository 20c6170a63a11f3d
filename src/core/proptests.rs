//! Property tests: the parsers never panic and round-trip what pim itself writes, and the schedule
//! rules hold for any eligibility, setting and request.

use proptest::prelude::*;

use super::activate::{self, ActivateInput, Outcome};
use super::assign::{self, AssignInput};
use super::clock::{MAX_TS, rfc3339};
use super::error::Error;
use super::model::AssignmentType;
use super::policy::{ApprovalStage, NotificationRule, RoleSettings};
use super::schedule::{
    DAY, EndSpec, HOUR, MAX_DURATION_SECS, MIN_ASSIGNMENT_SECS, MINUTE, Toward, format_duration,
    iso_duration, parse_duration, parse_time,
};
use super::scope_path;
use super::session::WriteOpts;
use super::settings::{self, Selector, SettingsFile};
use super::tests::{T0, ctx, sample};
use crate::store;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Durations

/// Text shaped like a duration, more often near-valid than arbitrary text would be.
fn duration_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[pP]?[tT]?([0-9]{0,25}[a-zA-Z.,:+-]{0,3}){0,5}",
        "[0-9]{1,20}(s|m|h|d|w|ms|us|ns|y|mon|M|min|hours?|days?)( ?[0-9]{1,20}(s|m|h|d))*",
        "P([0-9]{1,12}[YMWD]){0,4}(T([0-9.]{1,12}[HMS]){0,3})?",
    ]
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn parse_duration_never_panics_and_stays_in_range(text in duration_like()) {
        if let Ok(secs) = parse_duration(&text) {
            prop_assert!(secs > 0 && secs <= MAX_DURATION_SECS, "{text:?} -> {secs}");
        }
    }

    #[test]
    fn durations_pim_writes_read_back(secs in 1..=MAX_DURATION_SECS) {
        prop_assert_eq!(parse_duration(&format_duration(secs)).ok(), Some(secs), "{}", format_duration(secs));
        prop_assert_eq!(parse_duration(&iso_duration(secs)).ok(), Some(secs), "{}", iso_duration(secs));
        prop_assert_eq!(parse_duration(&iso_duration(secs).to_lowercase()).ok(), Some(secs));
    }

    #[test]
    fn compound_durations_add_up(d in 0i64..10_000, h in 0i64..100, m in 0i64..1_000) {
        prop_assume!(d + h + m > 0);
        let want = d * DAY + h * HOUR + m * MINUTE;
        prop_assert_eq!(parse_duration(&format!("{d}d{h}h{m}m")).ok(), Some(want));
        prop_assert_eq!(parse_duration(&format!("P{d}DT{h}H{m}M")).ok(), Some(want));
        prop_assert_eq!(parse_duration(&format!(" {h}h{m}m ")).ok().unwrap_or(0), h * HOUR + m * MINUTE);
    }

    #[test]
    fn months_and_years_are_always_refused(n in 1u32..1000, form in 0usize..4) {
        let text = [format!("P{n}Y"), format!("P{n}M"), format!("{n}y"), format!("{n}months")][form].clone();
        prop_assert!(parse_duration(&text).is_err(), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Times

fn time_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[+-]?[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}([Tt ][0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3}(\\.[0-9]{0,12})?)?)?([zZ]|[+-][0-9]{2}:?[0-9]{2})?",
        "(now|NOW|Now| now |today|yesterday|[0-9]{1,20})",
    ]
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn parse_time_never_panics_and_stays_in_range(text in time_like(), now in 0..=MAX_TS) {
        if let Ok(ts) = parse_time(&text, now, &jiff::tz::TimeZone::UTC, Toward::Future) {
            prop_assert!((0..=MAX_TS).contains(&ts), "{text:?} -> {ts}");
        }
    }

    #[test]
    fn times_pim_writes_read_back(ts in 0..=MAX_TS) {
        prop_assert_eq!(parse_time(&rfc3339(ts), 0, &jiff::tz::TimeZone::UTC, Toward::Future).ok(), Some(ts), "{}", rfc3339(ts));
        let midnight = ts - ts.rem_euclid(DAY);
        let date = rfc3339(midnight)[..10].to_string();
        prop_assert_eq!(parse_time(&date, 0, &jiff::tz::TimeZone::UTC, Toward::Future).ok(), Some(midnight), "{}", date);
    }

    #[test]
    fn offsets_name_the_same_instant(ts in DAY..=(MAX_TS - DAY), minutes in -(23 * 60 + 59)..=(23 * 60 + 59i32)) {
        let offset = chrono::FixedOffset::east_opt(minutes * 60).unwrap();
        let text = chrono::DateTime::from_timestamp(ts, 0).unwrap().with_timezone(&offset).to_rfc3339();
        prop_assert_eq!(parse_time(&text, 0, &jiff::tz::TimeZone::UTC, Toward::Future).ok(), Some(ts), "{}", text);
    }
}

// ---------------------------------------------------------------------------------------------
// Scope paths

/// A valid resource name: letters, digits, '-', '_', '.', '(' and ')', not ending with a period.
fn name() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_()-]|[A-Za-z0-9][A-Za-z0-9_.()-]{0,20}[A-Za-z0-9_()-]"
}

/// Random casing of a keyword: keywords match case-insensitively.
fn cased(word: &'static str) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<bool>(), word.len()).prop_map(move |up| {
        word.chars()
            .zip(up)
            .map(|(c, u)| {
                if u {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}

fn valid_scope() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("/".to_string()),
        (cased("administrativeUnits"), name()).prop_map(|(k, n)| format!("/{k}/{n}")),
        (
            cased("providers"),
            cased("Microsoft.Management"),
            cased("managementGroups"),
            name()
        )
            .prop_map(|(a, b, c, n)| format!("/{a}/{b}/{c}/{n}")),
        (cased("subscriptions"), name()).prop_map(|(k, n)| format!("/{k}/{n}")),
        (
            cased("subscriptions"),
            name(),
            cased("resourceGroups"),
            name()
        )
            .prop_map(|(k, s, r, g)| format!("/{k}/{s}/{r}/{g}")),
        (
            name(),
            name(),
            "[A-Za-z]{1,10}\\.[A-Za-z]{1,10}",
            "[A-Za-z]{1,12}",
            name()
        )
            .prop_map(|(s, g, ns, ty, n)| format!(
                "/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{ty}/{n}"
            )),
    ]
}

fn scope_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        valid_scope(),
        proptest::collection::vec("[a-zA-Z0-9.'%_ \\-\\\\]{0,12}", 0..10)
            .prop_map(|segs| format!("/{}", segs.join("/"))),
        valid_scope().prop_map(|s| format!("{s}/")),
        valid_scope().prop_map(|s| format!("  {s}\t")),
    ]
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn scope_parsing_never_panics_and_is_canonical(text in scope_like()) {
        if let Ok(p) = scope_path::parse(&text) {
            // The canonical form parses to itself.
            let again = scope_path::parse(&p.path).expect("a canonical path parses");
            prop_assert_eq!(&again, &p);
            prop_assert!(p.path.starts_with('/'));
            if let Some(parent) = &p.structural_parent {
                prop_assert!(scope_path::parse(parent).is_ok(), "parent {}", parent);
                prop_assert!(p.path.starts_with(parent.as_str()), "{} under {}", p.path, parent);
            }
        }
    }

    #[test]
    fn valid_scopes_parse_whatever_the_keyword_case(text in valid_scope()) {
        let p = scope_path::parse(&text);
        prop_assert!(p.is_ok(), "{text}: {:?}", p.err());
        let p = p.unwrap();
        prop_assert!(p.path.eq_ignore_ascii_case(&text), "{} vs {}", p.path, text);
    }
}

// ---------------------------------------------------------------------------------------------
// Settings files

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn settings_files_never_panic(text in prop_oneof![
        any::<String>(),
        "(\\[\\[role\\]\\]\n|role = \"[A-Za-z ]{0,20}\"\n|scope = \"[/a-z]{0,20}\"\n|\\[role\\.(activation|assignment|notifications)\\]\n|[a-z_]{1,30} = (true|false|\"[0-9a-zA-Z]{0,8}\"|[0-9-]{1,25}|\\[\\])\n){0,12}",
    ]) {
        let _ = SettingsFile::parse("prop.toml", text);
    }
}

const SETTINGS_ROLE: &str = "Security Administrator";

/// Any notification rule (shared with the Microsoft formats' round trip).
pub(crate) fn rule() -> impl Strategy<Value = NotificationRule> {
    (
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec("[a-z]{1,8}@[a-z]{1,8}\\.example", 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(enabled, default_recipients, additional_recipients, critical_only)| {
                NotificationRule {
                    enabled,
                    default_recipients,
                    additional_recipients,
                    critical_only,
                }
            },
        )
}

/// Settings that satisfy Entra's rules, approvers drawn from the sample organisation.
fn role_settings() -> impl Strategy<Value = RoleSettings> {
    let stage = (
        proptest::sample::subsequence(
            vec!["alice", "bob", "carol", "dave", "erin", "helpdesk"],
            1..4,
        ),
        1u32..=30,
        any::<bool>(),
        1u32..=3,
    );
    (
        (
            30i64..=24 * 60,
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            proptest::collection::vec(stage, 0..3),
        ),
        (
            any::<bool>(),
            1i64..=3650,
            any::<bool>(),
            1i64..=3650,
            any::<bool>(),
            any::<bool>(),
        ),
        proptest::collection::vec(rule(), 9),
    )
        .prop_map(|(a, s, rules)| {
            let mut r = RoleSettings::default();
            r.activation.max_duration_secs = a.0 * MINUTE;
            r.activation.require_mfa = a.1;
            r.activation.require_justification = a.2;
            r.activation.require_ticket = a.3;
            r.activation.require_approval = a.4;
            r.activation.approval_stages =
                a.5.into_iter()
                    .map(|(names, timeout_days, justify, n)| ApprovalStage {
                        required_approvals: n.min(names.len() as u32),
                        approvers: names.into_iter().map(String::from).collect(),
                        timeout_days,
                        require_approver_justification: justify,
                    })
                    .collect();
            r.assignment.allow_permanent_eligible = s.0;
            r.assignment.eligible_expire_after_secs = s.1 * DAY;
            r.assignment.allow_permanent_active = s.2;
            r.assignment.active_expire_after_secs = s.3 * DAY;
            r.assignment.require_mfa_on_active = s.4;
            r.assignment.require_justification_on_active = s.5;
            let n = &mut r.notifications;
            let mut it = rules.into_iter();
            for e in [
                &mut n.eligible_assignment,
                &mut n.active_assignment,
                &mut n.activation,
            ] {
                e.admin = it.next().unwrap();
                e.assignee = it.next().unwrap();
                e.approver = it.next().unwrap();
            }
            r
        })
}

proptest! {
    #![proptest_config(config(48))]

    /// Export → import gives back exactly what was exported, and importing it again changes
    /// nothing.
    #[test]
    fn settings_round_trip_through_export_and_import(mut s in role_settings()) {
        let mut db = sample();
        let admin = ctx("admin", T0);
        let (role_id, root) = {
            let c = db.conn();
            let role = store::role::by_name(c, SETTINGS_ROLE).unwrap().unwrap();
            let root = store::scope::by_path(c, "/").unwrap().unwrap();
            for st in &mut s.activation.approval_stages {
                st.approvers = st
                    .approvers
                    .iter()
                    .map(|n| store::principal::by_name(c, n).unwrap().unwrap().id)
                    .collect();
            }
            store::settings::put(c, &role.id, root.id, &s, T0, None).unwrap();
            (role.id, root.id)
        };
        let sel = Selector { role: SETTINGS_ROLE.into(), scope: None };
        let exported = settings::export(&mut db, &admin, Some(&sel)).unwrap();
        let text = settings::to_toml(&exported.views);
        // Back to the defaults, then import what was exported.
        store::settings::put(db.conn(), &role_id, root, &RoleSettings::default(), T0, None).unwrap();
        let file = SettingsFile::parse("export.toml", text.clone()).unwrap();
        let imported = settings::import(&mut db, &admin, "export.toml", &file, WriteOpts::default());
        prop_assert!(imported.is_ok(), "{:?}\n{}", imported.err(), text);
        let back = store::settings::get(db.conn(), &role_id, root).unwrap().unwrap();
        prop_assert_eq!(&back, &s, "{}", text);
        let file = SettingsFile::parse("export.toml", text.clone()).unwrap();
        let again = settings::import(&mut db, &admin, "export.toml", &file, WriteOpts::default()).unwrap();
        prop_assert!(again.iter().all(|e| e.changes.is_empty()), "{:?}", again);
    }
}

// ---------------------------------------------------------------------------------------------
// Schedule rules

proptest! {
    #![proptest_config(config(64))]

    /// Whatever the eligibility's end, the role's maximum, the duration asked for and the moment,
    /// an activation never outlives its eligibility nor lasts longer than the maximum or than
    /// asked; a request longer than the maximum is refused by the ExpirationRule.
    #[test]
    fn an_activation_never_outlives_its_eligibility_nor_exceeds_the_maximum(
        eligible_for in prop_oneof![Just(None), (MIN_ASSIGNMENT_SECS..=30 * DAY).prop_map(Some)],
        max_minutes in 30i64..=24 * 60,
        asked in prop_oneof![Just(None), (1i64..=48 * HOUR).prop_map(Some)],
        at in 0i64..=31 * DAY,
        start_in in prop_oneof![Just(None), (0i64..=2 * DAY).prop_map(Some)],
    ) {
        let mut db = sample();
        let admin = ctx("admin", T0);
        let role = "Reader";
        let scope = "/subscriptions/dev";
        let created = assign::create(
            &mut db,
            &admin,
            &AssignInput {
                principal: "erin".into(),
                role: role.into(),
                scope: Some(scope.into()),
                kind: AssignmentType::Eligible,
                start: None,
                end: eligible_for.map_or(EndSpec::Permanent, EndSpec::After),
                justification: Some("prop".into()),
                ticket_number: None,
                ticket_system: None,
            },
            None,
            WriteOpts::default(),
        )
        .unwrap();
        let eligibility_end = eligible_for.map(|d| T0 + d);
        let max = max_minutes * MINUTE;
        {
            let c = db.conn();
            let r = store::role::by_name(c, role).unwrap().unwrap();
            let s = store::scope::by_path(c, scope).unwrap().unwrap();
            let mut rs = RoleSettings::default();
            rs.activation.max_duration_secs = max;
            store::settings::put(c, &r.id, s.id, &rs, T0, None).unwrap();
        }
        let now = T0 + at;
        let start = start_in.map(|s| now + s);
        let result = activate::activate(
            &mut db,
            &ctx("erin", now),
            &ActivateInput {
                role: role.into(),
                scope: Some(scope.into()),
                justification: Some("prop".into()),
                duration: asked,
                start,
                ..Default::default()
            },
            false,
        );
        let begins = start.unwrap_or(now);
        let in_force = eligibility_end.is_none_or(|e| begins < e);
        match result {
            Ok(r) => {
                prop_assert!(matches!(r.outcome, Outcome::Activated | Outcome::Scheduled), "{:?}", r.outcome);
                let (s, e) = (r.start.unwrap(), r.end.unwrap());
                prop_assert!(in_force, "activated from an eligibility that has ended: {r:?}");
                prop_assert!(e - s <= max, "{} s > maximum {max} s", e - s);
                prop_assert!(asked.is_none_or(|a| e - s <= a), "longer than asked");
                prop_assert!(eligibility_end.is_none_or(|end| e <= end), "outlives the eligibility");
                prop_assert!(e - s >= MIN_ASSIGNMENT_SECS, "shorter than 5 minutes: {} s", e - s);
                prop_assert_eq!(r.eligibility_id.as_deref(), Some(created.id.as_str()));
                // What was stored is what was reported.
                let a = store::assignment::by_id(db.conn(), r.assignment_id.as_deref().unwrap()).unwrap().unwrap();
                prop_assert_eq!((a.start_at, a.end_at), (s, Some(e)));
            }
            Err(Error::Policy { rule, .. }) => {
                let too_long = asked.is_some_and(|a| a > max);
                let too_short = asked.is_some_and(|a| a < MIN_ASSIGNMENT_SECS)
                    || eligibility_end.is_some_and(|end| end - begins < MIN_ASSIGNMENT_SECS);
                prop_assert!(too_long || too_short || !in_force, "refused by {rule} for no reason");
                if too_long && in_force {
                    prop_assert_eq!(rule, "ExpirationRule");
                }
            }
            Err(e) => prop_assert!(false, "unexpected error: {e}"),
        }
    }
}
