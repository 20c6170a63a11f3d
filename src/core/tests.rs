//! Unit tests of the core rules on an in-memory store with a fixed clock.

use super::assign::{self, AssignInput, ImportRow};
use super::audit;
use super::error::Error;
use super::init::{self, InitInput};
use super::model::{AssignmentState, AssignmentType};
use super::schedule::{EndSpec, HOUR, MINUTE};
use super::session::{Ctx, WriteOpts};
use crate::store::{self, Db};

/// 2026-11-22T09:00:00Z, the instant the fixtures start at.
pub(crate) const T0: i64 = 1_795_338_000;

/// Who acts, when: a fixed clock and OS user.
pub(crate) fn ctx(actor: &str, now: i64) -> Ctx {
    Ctx {
        now,
        actor: actor.into(),
        os_user: "tester".into(),
        audit_key: None,
        zone: jiff::tz::TimeZone::UTC,
        auth: Default::default(),
    }
}

/// A database made like `pim init --admin admin --sample`: in memory, or on the `PIM_TEST_DB`
/// PostgreSQL server when one is named.
pub(crate) fn sample() -> store::testing::TestDb {
    let mut db = store::testing::TestDb::new();
    init::init_in(
        &mut db,
        &ctx("admin", T0),
        &InitInput {
            admin: "admin".into(),
            email: None,
            sample: true,
        },
        ":memory:",
    )
    .unwrap();
    db
}

fn input(
    principal: &str,
    role: &str,
    scope: Option<&str>,
    kind: AssignmentType,
    end: EndSpec,
) -> AssignInput {
    AssignInput {
        principal: principal.into(),
        role: role.into(),
        scope: scope.map(str::to_string),
        kind,
        start: None,
        end,
        justification: Some("unit test".into()),
        ticket_number: None,
        ticket_system: None,
    }
}

fn audit_rows(db: &Db) -> i64 {
    store::audit::count(db.conn()).unwrap()
}

#[test]
fn init_makes_a_verifiable_chain() {
    let db = sample();
    let v = audit::verify(db.conn(), None).unwrap();
    assert!(v.ok);
    assert_eq!(v.rows as i64, audit_rows(&db));
}

type Tamper = dyn Fn(&mut audit::AuditRecord);

#[test]
fn a_hash_covers_every_column() {
    let db = sample();
    let rec = store::audit::list(db.conn(), &store::audit::Filter::default())
        .unwrap()
        .remove(5);
    assert_eq!(rec.compute_hash(), rec.hash);
    let variants: Vec<Box<Tamper>> = vec![
        Box::new(|r| r.seq += 1),
        Box::new(|r| r.at += 1),
        Box::new(|r| r.actor_name.push('x')),
        Box::new(|r| r.os_user.push('x')),
        Box::new(|r| r.result = "failure".into()),
        Box::new(|r| r.reason = Some(format!("{}x", r.reason.clone().unwrap_or_default()))),
        Box::new(|r| r.scope = Some(format!("{}x", r.scope.clone().unwrap_or_default()))),
        Box::new(|r| r.end_at = Some(r.end_at.unwrap_or(0) + 1)),
        Box::new(|r| r.details = Some(format!("{}x", r.details.clone().unwrap_or_default()))),
        Box::new(|r| r.prev_hash = audit::GENESIS.into()),
    ];
    for change in variants {
        let mut r = rec.clone();
        change(&mut r);
        assert_ne!(r.compute_hash(), rec.hash);
    }
    // An absent value and an empty one hash differently.
    let mut a = rec.clone();
    a.justification = None;
    let mut b = rec.clone();
    b.justification = Some(String::new());
    assert_ne!(a.compute_hash(), b.compute_hash());
}

#[test]
fn refusals_change_nothing_and_are_audited_once() {
    let mut db = sample();
    let before = audit_rows(&db);
    let err = assign::create(
        &mut db,
        &ctx("bob", T0),
        &input(
            "erin",
            "Global Reader",
            None,
            AssignmentType::Eligible,
            EndSpec::Default,
        ),
        None,
        WriteOpts::default(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::NotAuthorized { .. }));
    assert_eq!(audit_rows(&db), before + 1);
    let last = store::audit::list(
        db.conn(),
        &store::audit::Filter {
            limit: Some(1),
            newest_first: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        (last[0].result.as_str(), last[0].actor_name.as_str()),
        ("failure", "bob")
    );
    // A dry run that fails writes nothing at all.
    let err = assign::create(
        &mut db,
        &ctx("bob", T0),
        &input(
            "erin",
            "Global Reader",
            None,
            AssignmentType::Eligible,
            EndSpec::Default,
        ),
        None,
        WriteOpts { dry_run: true },
    )
    .unwrap_err();
    assert!(matches!(err, Error::NotAuthorized { .. }));
    assert_eq!(audit_rows(&db), before + 1);
}

#[test]
fn the_last_global_administrator_is_protected_at_commit() {
    let mut db = sample();
    let admin_ga = assign::list(
        &mut db,
        &ctx("admin", T0),
        &assign::ListInput {
            principal: Some("admin".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .items
    .remove(0);
    let later = T0 + HOUR;
    let err = assign::remove(
        &mut db,
        &ctx("admin", later),
        &admin_ga.id,
        WriteOpts::default(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Protected { .. }), "{err:?}");
    let err =
        super::principal::set_enabled(&mut db, &ctx("admin", later), "admin", false).unwrap_err();
    assert!(matches!(err, Error::Protected { .. }));
    // Nor cut to an hour: the protection holds over time, and in an hour nobody would hold it.
    let err = assign::update(
        &mut db,
        &ctx("admin", later),
        &admin_ga.id,
        &assign::UpdateInput {
            end: Some(EndSpec::After(HOUR)),
            ..Default::default()
        },
        None,
        WriteOpts::default(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Protected {
                rule: "LastGlobalAdministrator",
                ..
            }
        ),
        "{err:?}"
    );
    let shown = assign::show(&mut db, &ctx("erin", later), &admin_ga.id);
    assert!(shown.is_err(), "erin may not see the admin's assignment");
}

#[test]
fn schedules_and_states() {
    let mut db = sample();
    let c = ctx("admin", T0);
    let mut future = input(
        "erin",
        "Security Reader",
        None,
        AssignmentType::Eligible,
        EndSpec::After(HOUR),
    );
    future.start = Some(T0 + HOUR);
    let v = assign::create(&mut db, &c, &future, None, WriteOpts::default()).unwrap();
    assert_eq!(v.state, AssignmentState::Scheduled);
    assert_eq!((v.start, v.end), (T0 + HOUR, Some(T0 + 2 * HOUR)));
    let at = |db: &mut Db, t: i64| assign::show(db, &ctx("admin", t), &v.id).unwrap().state;
    assert_eq!(at(&mut db, T0 + HOUR - 1), AssignmentState::Scheduled);
    assert_eq!(at(&mut db, T0 + HOUR), AssignmentState::InForce);
    assert_eq!(at(&mut db, T0 + 2 * HOUR - 1), AssignmentState::InForce);
    assert_eq!(at(&mut db, T0 + 2 * HOUR), AssignmentState::Expired);
    // Five minutes is the shortest assignment.
    let short = input(
        "erin",
        "Reports Reader",
        None,
        AssignmentType::Eligible,
        EndSpec::After(5 * MINUTE - 1),
    );
    assert!(matches!(
        assign::create(&mut db, &c, &short, None, WriteOpts::default()),
        Err(Error::Policy {
            rule: "ExpirationRule",
            ..
        })
    ));
}

#[test]
fn import_is_all_or_nothing() {
    let mut db = sample();
    let before_rows = audit_rows(&db);
    let rows = vec![
        ImportRow {
            line: 2,
            input: Ok(input(
                "erin",
                "Global Reader",
                None,
                AssignmentType::Eligible,
                EndSpec::Default,
            )),
        },
        ImportRow {
            line: 3,
            input: Ok(input(
                "erin",
                "Global Reader",
                None,
                AssignmentType::Eligible,
                EndSpec::Default,
            )),
        },
        ImportRow {
            line: 4,
            input: Err("bad".into()),
        },
    ];
    let err = assign::import(
        &mut db,
        &ctx("admin", T0),
        "f.csv",
        &mut rows.into_iter(),
        None,
        WriteOpts::default(),
    )
    .unwrap_err();
    match err {
        Error::BadRows { rows, .. } => {
            assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [3, 4]);
            assert!(rows[0].1.contains("RoleAssignmentExists"));
        }
        other => panic!("{other:?}"),
    }
    let erin = assign::list(
        &mut db,
        &ctx("admin", T0),
        &assign::ListInput {
            principal: Some("erin".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .items;
    assert!(erin.is_empty(), "nothing imported");
    assert_eq!(audit_rows(&db), before_rows + 1);
}

#[test]
fn an_import_checks_each_row_by_the_settings_of_its_own_role_and_scope() {
    use crate::core::policy::RoleSettings;
    let mut db = sample();
    {
        let c = db.conn();
        let mut s = RoleSettings::default();
        s.assignment.allow_permanent_eligible = false;
        let role = store::role::by_name(c, "Global Reader").unwrap().unwrap();
        let root = store::scope::by_path(c, "/").unwrap().unwrap();
        store::settings::put(c, &role.id, root.id, &s, T0, None).unwrap();
    }
    // The import looks each (role, scope) up once: the third row meets the first row's settings
    // again, the second the defaults, and neither borrows from the other.
    let row = |line, who: &str, role: &str| ImportRow {
        line,
        input: Ok(input(
            who,
            role,
            None,
            AssignmentType::Eligible,
            EndSpec::Permanent,
        )),
    };
    let rows = vec![
        row(2, "erin", "Global Reader"),
        row(3, "erin", "Reports Reader"),
        row(4, "dave", "Global Reader"),
        row(5, "dave", "Reports Reader"),
    ];
    let err = assign::import(
        &mut db,
        &ctx("admin", T0),
        "f.csv",
        &mut rows.into_iter(),
        None,
        WriteOpts::default(),
    )
    .unwrap_err();
    match err {
        Error::BadRows { rows, .. } => {
            assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 4]);
            assert!(
                rows.iter().all(|r| r.1.contains("ExpirationRule")),
                "{rows:?}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_import_gives_every_request_and_assignment_its_own_random_id() {
    let mut db = sample();
    let roles = [
        "Reports Reader",
        "Message Center Reader",
        "Usage Summary Reports Reader",
        "Directory Readers",
    ];
    let who = ["carol", "dave", "erin"];
    let mut rows = Vec::new();
    for (i, (r, p)) in roles
        .iter()
        .flat_map(|r| who.iter().map(move |p| (r, p)))
        .enumerate()
    {
        rows.push(ImportRow {
            line: i as u64 + 2,
            input: Ok(input(
                p,
                r,
                None,
                AssignmentType::Eligible,
                EndSpec::Permanent,
            )),
        });
    }
    let n = rows.len();
    let ids = |db: &Db, table: &str| -> Vec<String> {
        let mut st = db
            .conn()
            .prepare(&format!("SELECT id FROM {table}"))
            .unwrap();
        let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
        rows.collect::<crate::store::Result<_>>().unwrap()
    };
    let before: std::collections::HashSet<String> = ids(&db, "assignment")
        .into_iter()
        .chain(ids(&db, "request"))
        .collect();
    assign::import(
        &mut db,
        &ctx("admin", T0),
        "f.csv",
        &mut rows.into_iter(),
        None,
        WriteOpts::default(),
    )
    .unwrap();
    // The rows the import made (on either engine: no insertion order is read).
    let all: Vec<String> = ids(&db, "assignment")
        .into_iter()
        .chain(ids(&db, "request"))
        .filter(|id| !before.contains(id))
        .collect();
    assert_eq!(all.len(), 2 * n);
    for id in &all {
        let u = uuid::Uuid::parse_str(id).unwrap();
        assert_eq!(u.get_version_num(), 4, "{id}");
        assert_eq!(u.to_string(), *id, "lower-case, hyphenated");
    }
    let distinct: std::collections::HashSet<&String> = all.iter().collect();
    assert_eq!(distinct.len(), 2 * n);
}

#[test]
fn an_import_reads_rows_as_it_goes_and_keeps_a_bounded_report() {
    let mut db = sample();
    let before = audit_rows(&db);
    // Generated one at a time, never held: the import pulls them as it goes.
    let pulled = std::cell::Cell::new(0u64);
    let mut rows = (0..200_000u64).map(|i| {
        pulled.set(pulled.get() + 1);
        ImportRow {
            line: i + 2,
            input: Err(format!("bad row {i}")),
        }
    });
    let err = assign::import(
        &mut db,
        &ctx("admin", T0),
        "big.csv",
        &mut rows,
        None,
        WriteOpts::default(),
    )
    .unwrap_err();
    assert_eq!(pulled.get(), 200_000, "every row is checked");
    match &err {
        Error::BadRows { rows, more, .. } => {
            assert_eq!(rows.len(), assign::BAD_ROWS_KEPT);
            assert_eq!(*more, 200_000 - assign::BAD_ROWS_KEPT as u64);
            assert_eq!(rows[0], (2, "bad row 0".to_string()));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("has 200000 bad rows"), "{err}");
    assert_eq!(audit_rows(&db), before + 1);
}

#[test]
fn id_prefixes_must_be_unique() {
    let db = sample();
    let c = db.conn();
    c.execute_batch(
        "INSERT INTO principal (id, kind, name, name_key, created_at) VALUES
           ('abcdef01-0000-4000-8000-000000000000', 'user', 'p1', 'p1', 0),
           ('abcdef02-0000-4000-8000-000000000000', 'user', 'p2', 'p2', 0);",
    )
    .unwrap();
    assert!(matches!(
        super::names::principal(c, "abcdef"),
        Err(Error::Ambiguous { .. })
    ));
    assert_eq!(super::names::principal(c, "abcdef01").unwrap().name, "p1");
    assert!(matches!(
        super::names::principal(c, "abcdef03"),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn group_members_hold_what_the_group_holds() {
    let mut db = sample();
    // Make the role-assignable group actively Global Reader: its members may then read.
    assign::create(
        &mut db,
        &ctx("admin", T0),
        &input(
            "tier0-admins",
            "Global Reader",
            None,
            AssignmentType::Active,
            EndSpec::After(HOUR),
        ),
        None,
        WriteOpts::default(),
    )
    .unwrap();
    let seen = |db: &mut Db, t: i64| {
        assign::list(db, &ctx("bob", t), &assign::ListInput::default())
            .unwrap()
            .items
            .iter()
            .any(|a| a.principal_name == "admin")
    };
    assert!(seen(&mut db, T0));
    // …until the group's assignment ends.
    assert!(!seen(&mut db, T0 + HOUR));
    // A disabled group passes nothing on.
    super::principal::set_enabled(&mut db, &ctx("admin", T0), "tier0-admins", false).unwrap();
    assert!(!seen(&mut db, T0));
}

mod approvals {
    use super::*;
    use crate::core::activate::{self, ActivateInput, Outcome};
    use crate::core::approve::{self, Decision};
    use crate::core::model::RequestStatus;
    use crate::core::policy::{ApprovalStage, RoleSettings};

    const ROLE: &str = "Security Administrator";

    fn require(db: &mut Db, stages: Vec<(Vec<&str>, u32)>) {
        let c = db.conn();
        let id = |n: &str| store::principal::by_name(c, n).unwrap().unwrap().id;
        let mut s = RoleSettings::default();
        s.activation.require_approval = true;
        s.activation.approval_stages = stages
            .into_iter()
            .map(|(names, n)| ApprovalStage {
                approvers: names.into_iter().map(id).collect(),
                required_approvals: n,
                ..ApprovalStage::default()
            })
            .collect();
        let role = store::role::by_name(c, ROLE).unwrap().unwrap();
        let root = store::scope::by_path(c, "/").unwrap().unwrap();
        store::settings::put(c, &role.id, root.id, &s, T0, None).unwrap();
    }

    fn ask(db: &mut Db) -> String {
        let r = activate::activate(
            db,
            &ctx("bob", T0),
            &ActivateInput {
                role: ROLE.into(),
                justification: Some("INC".into()),
                ..Default::default()
            },
            false,
        )
        .unwrap();
        assert_eq!(r.outcome, Outcome::PendingApproval);
        r.request_id.unwrap()
    }

    fn vote(
        db: &mut Db,
        who: &str,
        id: &str,
        d: Decision,
    ) -> crate::core::Result<approve::DecisionResult> {
        approve::decide(db, &ctx(who, T0 + MINUTE), id, d, Some("why"), None, None)
    }

    #[test]
    fn single_approver_grants_from_the_approval() {
        let mut db = sample();
        require(&mut db, vec![(vec!["alice"], 1)]);
        let id = ask(&mut db);
        let r = vote(&mut db, "alice", &id, Decision::Approve).unwrap();
        assert_eq!(r.status, RequestStatus::Provisioned);
        assert_eq!(
            (r.start, r.end),
            (Some(T0 + MINUTE), Some(T0 + MINUTE + 8 * HOUR))
        );
    }

    #[test]
    fn n_of_m_two_stages_one_vote_each() {
        let mut db = sample();
        require(
            &mut db,
            vec![
                (vec!["alice", "erin", "carol"], 2),
                (vec!["alice", "dave"], 1),
            ],
        );
        let id = ask(&mut db);
        assert_eq!(
            vote(&mut db, "alice", &id, Decision::Approve)
                .unwrap()
                .approvals_needed,
            1
        );
        assert!(matches!(
            vote(&mut db, "alice", &id, Decision::Approve),
            Err(Error::Conflict { .. })
        ));
        assert_eq!(
            vote(&mut db, "carol", &id, Decision::Approve)
                .unwrap()
                .status,
            RequestStatus::PendingApproval
        );
        // Stage 2: alice has voted already; dave decides.
        assert!(matches!(
            vote(&mut db, "alice", &id, Decision::Approve),
            Err(Error::Conflict { .. })
        ));
        assert!(matches!(
            vote(&mut db, "erin", &id, Decision::Approve),
            Err(Error::NotAuthorized { .. })
        ));
        assert_eq!(
            vote(&mut db, "dave", &id, Decision::Deny).unwrap().status,
            RequestStatus::Denied
        );
    }

    #[test]
    fn self_approval_is_refused_even_for_a_global_administrator() {
        let mut db = sample();
        require(&mut db, vec![(vec!["bob", "alice"], 1)]);
        assign::create(
            &mut db,
            &ctx("admin", T0),
            &input(
                "bob",
                "Global Administrator",
                None,
                AssignmentType::Active,
                EndSpec::Default,
            ),
            None,
            WriteOpts::default(),
        )
        .unwrap();
        let id = ask(&mut db);
        assert!(matches!(
            vote(&mut db, "bob", &id, Decision::Approve),
            Err(Error::NotAuthorized { .. })
        ));
    }

    #[test]
    fn a_stage_times_out_and_is_then_final() {
        let mut db = sample();
        require(&mut db, vec![(vec!["alice"], 1)]);
        let id = ask(&mut db);
        crate::core::expiry::sweep(&mut db, &ctx("admin", T0 + DAY_SECS)).unwrap();
        let err = approve::decide(
            &mut db,
            &ctx("alice", T0 + DAY_SECS),
            &id,
            Decision::Approve,
            Some("late"),
            None,
            None,
        )
        .unwrap_err();
        assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
        assert_eq!(
            approve::status_of(&mut db, &id).unwrap(),
            Some(RequestStatus::TimedOut)
        );
    }

    #[test]
    fn approver_changes_apply_to_a_waiting_request() {
        let mut db = sample();
        require(&mut db, vec![(vec!["alice"], 1)]);
        let id = ask(&mut db);
        require(&mut db, vec![(vec!["erin"], 1)]);
        assert!(matches!(
            vote(&mut db, "alice", &id, Decision::Approve),
            Err(Error::NotAuthorized { .. })
        ));
        assert_eq!(
            vote(&mut db, "erin", &id, Decision::Approve)
                .unwrap()
                .status,
            RequestStatus::Provisioned
        );
    }

    #[test]
    fn an_eligibility_removed_before_approval_grants_nothing() {
        let mut db = sample();
        require(&mut db, vec![(vec!["alice"], 1)]);
        let id = ask(&mut db);
        let elig = assign::list(
            &mut db,
            &ctx("admin", T0),
            &assign::ListInput {
                principal: Some("bob".into()),
                role: Some(ROLE.into()),
                ..Default::default()
            },
        )
        .unwrap()
        .items
        .remove(0);
        assign::remove(
            &mut db,
            &ctx("admin", T0 + 10 * MINUTE),
            &elig.id,
            WriteOpts::default(),
        )
        .unwrap();
        let r = approve::decide(
            &mut db,
            &ctx("alice", T0 + 11 * MINUTE),
            &id,
            Decision::Approve,
            Some("ok"),
            None,
            None,
        )
        .unwrap();
        assert_eq!(r.status, RequestStatus::Failed);
        assert!(r.assignment_id.is_none());
    }

    const DAY_SECS: i64 = 86_400;
}

/// `pim assign export` streams its rows from the store (on PostgreSQL through a server-side
/// cursor, 1,000 rows a fetch): with thousands of assignments it hands on every row `assign
/// list` lists, in the list's order, for every filter and every format.
#[test]
fn an_export_longer_than_one_fetch_is_streamed_whole_and_in_order() {
    use super::builtin::{GLOBAL_READER, READER};
    use super::model::{AssignmentView, RoleKind};
    use super::msformat::schedules::{self, Shape};
    let mut db = sample();
    let admin = ctx("admin", T0);
    let c = db.conn();
    let scope = |sql: &str| -> (i64, String) {
        c.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
    };
    let root = scope("SELECT id, path FROM scope WHERE path = '/'");
    let sub = scope("SELECT id, path FROM scope WHERE kind = 'subscription' ORDER BY id LIMIT 1");
    let rg = c
        .query_row(
            "SELECT id, path FROM scope WHERE parent_id = ?1 ORDER BY id LIMIT 1",
            [sub.0],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )
        .unwrap();
    let n = 1_200;
    c.execute_batch("BEGIN").unwrap();
    let add = |id: String, p: &str, role: &str, scope: i64, kind: &str| {
        c.execute(
            "INSERT INTO assignment (id, principal_id, role_id, scope_id, type, start_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)",
            crate::params![id, p, role, scope, kind, T0 - 100],
        )
        .unwrap();
    };
    for i in 1..=n {
        let p = format!("bulk-id-{i:04}");
        c.execute(
            "INSERT INTO principal (id, kind, name, name_key, created_at) VALUES (?1, 'user', ?2, ?2, 0)",
            crate::params![p, format!("bulk-{i:04}")],
        )
        .unwrap();
        add(format!("g-{i}"), &p, GLOBAL_READER, root.0, "eligible");
        add(format!("s-{i}"), &p, READER, sub.0, "eligible");
        if i % 3 == 0 {
            add(format!("r-{i}"), &p, READER, rg.0, "active");
        }
    }
    c.execute_batch("COMMIT").unwrap();

    let streamed = |db: &mut Db, input: &assign::ListInput| -> Vec<(String, &'static str)> {
        let mut got = Vec::new();
        assign::export_each(db, &admin, input, &mut |_, v| {
            got.push((v.id, v.member_type));
            Ok(())
        })
        .unwrap();
        got
    };
    let listed = |db: &mut Db, input: &assign::ListInput| -> Vec<AssignmentView> {
        assign::list(db, &admin, input).unwrap().items
    };
    let all = assign::ListInput::default();
    let want = listed(&mut db, &all);
    assert!(want.len() > 2 * n, "{}", want.len());
    let got = streamed(&mut db, &all);
    let ids = |rows: &[AssignmentView]| -> Vec<(String, &'static str)> {
        rows.iter().map(|v| (v.id.clone(), v.member_type)).collect()
    };
    assert_eq!(got, ids(&want));

    // At a scope: the rows made there in the list's order, then those inherited from above.
    let at_rg = assign::ListInput {
        scope: Some(rg.1.clone()),
        ..Default::default()
    };
    let want = listed(&mut db, &at_rg);
    let got = streamed(&mut db, &at_rg);
    let direct = |rows: &[(String, &'static str)], d: bool| -> Vec<String> {
        rows.iter()
            .filter(|(_, m)| (*m == "direct") == d)
            .map(|(id, _)| id.clone())
            .collect()
    };
    assert_eq!(direct(&got, true), direct(&ids(&want), true));
    assert!(direct(&got, true).len() >= n / 3);
    let (mut a, mut b) = (direct(&got, false), direct(&ids(&want), false));
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert!(a.len() >= n, "{}", a.len());

    // Graph's and ARM's documents: one item per row made where listed, in order.
    let want = listed(&mut db, &all);
    for (shape, azure) in [(Shape::Graph, false), (Shape::Arm, true)] {
        let mut names = Vec::new();
        let (left_out, _) = schedules::export_each(&mut db, &admin, &all, shape, &mut |item| {
            let name = if azure {
                item["name"].clone()
            } else {
                item["id"].clone()
            };
            names.push(name.as_str().unwrap_or_default().to_string());
            Ok(())
        })
        .unwrap();
        let expected: Vec<String> = want
            .iter()
            .filter(|v| (v.role_kind == RoleKind::Azure) == azure)
            .map(|v| v.id.clone())
            .collect();
        assert_eq!(names, expected, "{shape:?}");
        assert_eq!(left_out, want.len() - expected.len(), "{shape:?}");
    }
}
