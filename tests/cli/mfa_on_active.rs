//! `assignment.require_mfa_on_active`: the administrator who makes or lengthens an active
//! assignment passes MFA with their own one-time code, on every path (assign, update, extend,
//! renew, CSV and Microsoft JSON imports, the approval of a self-service extension, a server), one
//! code per command. Codes are real TOTP codes from the enrolment's secret.

use crate::support::*;

const GR: &str = "Global Reader";
const SA_TEMPLATE: &str = "194ae4cb-b126-40b2-bd5b-6091b380977d";
const GA_TEMPLATE: &str = "62e90394-69f5-4237-9190-012177145e10";
/// What the refusal for want of a code names: the setting.
const SETTING: &str = "assignment.require_mfa_on_active";

/// 2026-11-22T09:MM:00Z: each minute is a new 30-second step, so a new code.
fn at(minute: u32) -> String {
    format!("2026-11-22T09:{minute:02}:00Z")
}

/// Enrols `who` and confirms the enrolment with the code of T0; returns the secret.
fn enrol(env: &TestEnv, who: &str) -> String {
    let r = env.run_as(who, &["-o", "json", "mfa", "enroll"]);
    r.ok();
    let v: serde_json::Value = r.json();
    let secret = v["secret"].as_str().expect("a secret").to_string();
    env.run_as(who, &["mfa", "enroll", "--code", &totp_code(&secret, T0)])
        .ok();
    secret
}

/// A six-digit code that is none of the codes valid around `t`.
fn wrong(secret: &str, t: &str) -> String {
    let secs = chrono::DateTime::parse_from_rfc3339(t).unwrap().timestamp();
    let valid: Vec<String> = [-30, 0, 30]
        .iter()
        .map(|d| {
            let at = chrono::DateTime::from_timestamp(secs + d, 0)
                .unwrap()
                .to_rfc3339();
            totp_code(secret, &at)
        })
        .collect();
    (0..)
        .map(|n| format!("{n:06}"))
        .find(|c| !valid.contains(c))
        .unwrap()
}

fn require_on_active(env: &TestEnv, role: &str) {
    crate::activate::set_settings(
        env,
        role,
        "/",
        serde_json::json!({"assignment": {"require_mfa_on_active": true}}),
    );
}

fn failures(env: &TestEnv, who: &str) -> i64 {
    let v: serde_json::Value = env.json(&["mfa", "status", "--principal", who]);
    v["failures"].as_i64().unwrap()
}

/// `pim assign` of an active `role` for eight hours, with `more` arguments.
fn assign_active(env: &TestEnv, t: &str, principal: &str, role: &str, more: &[&str]) -> Run {
    let mut args = vec![
        "-o",
        "json",
        "assign",
        "--principal",
        principal,
        "--role",
        role,
        "--type",
        "active",
        "--duration",
        "8h",
        "--justification",
        "CHG-1",
    ];
    args.extend_from_slice(more);
    env.run_at(t, &args)
}

/// erin holds an active assignment of the guarded role for 7 days (made before the rule was on),
/// the rule is turned on, and erin asks to extend it: the assignment and the waiting request's id.
fn erin_asks_to_extend_her_active_assignment(env: &TestEnv) -> (AssignmentJson, String) {
    let made: AssignmentJson = env
        .run_at(
            &at(1),
            &[
                "-o",
                "json",
                "assign",
                "--principal",
                "erin",
                "--role",
                GR,
                "--type",
                "active",
                "--duration",
                "7d",
                "--justification",
                "x",
            ],
        )
        .json();
    require_on_active(env, GR);
    let asked = env.run_as_at(
        "erin",
        &at(2),
        &[
            "-o",
            "json",
            "extend",
            "--role",
            GR,
            "--duration",
            "7d",
            "--justification",
            "more",
        ],
    );
    asked.code(5);
    let request: serde_json::Value = asked.json();
    let id = request["request_id"].as_str().unwrap().to_string();
    (made, id)
}

/// Whether `principal` holds an assignment (not an activation) of `role`, in force at `t`.
fn holds(env: &TestEnv, t: &str, principal: &str, role: &str, kind: &str) -> bool {
    let r = env.run_at(
        t,
        &["-o", "json", "assign", "list", "--principal", principal],
    );
    r.ok();
    let rows: Vec<AssignmentJson> = r.json();
    rows.iter().any(|a| {
        a.role_name == role && a.kind == kind && a.state == "in_force" && a.activated_from.is_none()
    })
}

/// A refusal for want of the code, or for a bad one: exit 4, nothing assigned, one failure row
/// naming `needle`.
#[track_caller]
fn refused_and_audited(env: &TestEnv, r: &Run, needle: &str, action: &str) {
    r.refused(4, needle);
    let last = env.last_audit();
    assert_eq!(
        (last.result.as_str(), last.action.as_str()),
        ("failure", action)
    );
    assert!(
        last.reason
            .as_deref()
            .is_some_and(|why| why.contains(needle)),
        "{:?}",
        last.reason
    );
}

#[test]
fn assign_active_takes_the_administrators_own_code() {
    let env = TestEnv::sample();
    let secret = enrol(&env, "admin");
    // The setting off (the default): no code, and the row says nothing of MFA.
    assign_active(&env, &at(1), "erin", "Security Reader", &[]).ok();
    let row = env.last_audit();
    assert!(row.details.as_ref().is_some_and(|d| d.get("mfa").is_none()));
    require_on_active(&env, GR);

    // No code: refused, nothing changed, audited; the message names the setting and the flag.
    env.refuses(4, SETTING, "assignment.create", |e| {
        let r = assign_active(e, &at(2), "erin", GR, &[]);
        r.stderr_has("MfaRule: ")
            .stderr_has("'admin' must pass a one-time code")
            .stderr_has("hint: pass --otp CODE");
        r
    });
    // A wrong code: refused and audited, and it counts towards the lock-out.
    let assignments = env.count("assignment");
    let r = assign_active(
        &env,
        &at(2),
        "erin",
        GR,
        &["--otp", &wrong(&secret, &at(2))],
    );
    refused_and_audited(
        &env,
        &r,
        "the one-time code is not valid",
        "assignment.create",
    );
    assert_eq!(env.count("assignment"), assignments);
    assert_eq!(failures(&env, "admin"), 1);
    assert!(!holds(&env, &at(10), "erin", GR, "active"));

    // A dry run tries no code, but says the rule stands in the way when none is given.
    let audit = env.count("audit");
    assign_active(&env, &at(2), "erin", GR, &["--dry-run"]).refused(4, SETTING);
    let wrong_now = wrong(&secret, &at(2));
    assign_active(
        &env,
        &at(2),
        "erin",
        GR,
        &["--dry-run", "--otp", &wrong_now],
    )
    .ok()
    .stderr_has("dry run: would assign");
    assert_eq!(env.count("audit"), audit, "a dry run writes nothing");
    assert_eq!(failures(&env, "admin"), 1, "a dry run counts no code");

    // The right code: assigned, and the lock-out count starts again.
    let code = totp_code(&secret, &at(2));
    assign_active(&env, &at(2), "erin", GR, &["--otp", &code]).ok();
    assert!(holds(&env, &at(10), "erin", GR, "active"));
    // The audit row says the administrator passed MFA for it.
    let row = env.last_audit();
    assert_eq!(
        (
            row.action.as_str(),
            row.details.as_ref().map(|d| d["mfa"].clone())
        ),
        ("assignment.create", Some(serde_json::Value::Bool(true)))
    );
    assert_eq!(failures(&env, "admin"), 0);
    // The same code again is a replay.
    let r = assign_active(&env, &at(2), "carol", GR, &["--otp", &code]);
    refused_and_audited(&env, &r, "already used", "assignment.create");
    assert!(!holds(&env, &at(10), "carol", GR, "active"));

    // An eligible assignment needs no code.
    env.run_at(
        &at(3),
        &[
            "assign",
            "--principal",
            "carol",
            "--role",
            GR,
            "--duration",
            "30d",
        ],
    )
    .ok();
    assert!(holds(&env, &at(10), "carol", GR, "eligible"));
    crate::invariants::assert_holds(&env);
}

#[test]
fn update_extend_and_renew_of_an_active_assignment_take_the_code() {
    let env = TestEnv::sample();
    let secret = enrol(&env, "admin");
    let made: AssignmentJson = assign_active(&env, &at(1), "erin", GR, &[]).json();
    let short: AssignmentJson = env
        .run_at(
            &at(1),
            &[
                "-o",
                "json",
                "assign",
                "--principal",
                "dave",
                "--role",
                GR,
                "--type",
                "active",
                "--duration",
                "1h",
                "--justification",
                "x",
            ],
        )
        .json();
    let eligible: AssignmentJson = env
        .run_at(
            &at(1),
            &[
                "-o",
                "json",
                "assign",
                "--principal",
                "carol",
                "--role",
                GR,
                "--duration",
                "30d",
            ],
        )
        .json();
    require_on_active(&env, GR);
    let id = made.id.as_str();

    // extend
    env.refuses(4, SETTING, "assignment.extend", |e| {
        e.run_at(&at(2), &["assign", "extend", id, "--duration", "1h"])
    });
    env.run_at(
        &at(2),
        &[
            "assign",
            "extend",
            id,
            "--duration",
            "1h",
            "--otp",
            &totp_code(&secret, &at(2)),
        ],
    )
    .ok();
    // update of an active assignment
    env.refuses(4, SETTING, "assignment.update", |e| {
        e.run_at(&at(3), &["assign", "update", id, "--duration", "4h"])
    });
    env.run_at(
        &at(3),
        &[
            "assign",
            "update",
            id,
            "--duration",
            "4h",
            "--otp",
            &totp_code(&secret, &at(3)),
        ],
    )
    .ok();
    // update that makes an eligible assignment active
    let cid = eligible.id.as_str();
    env.refuses(4, SETTING, "assignment.update", |e| {
        e.run_at(
            &at(4),
            &[
                "assign",
                "update",
                cid,
                "--type",
                "active",
                "--justification",
                "x",
            ],
        )
    });
    env.run_at(
        &at(4),
        &[
            "assign",
            "update",
            cid,
            "--type",
            "active",
            "--justification",
            "x",
            "--otp",
            &totp_code(&secret, &at(4)),
        ],
    )
    .ok();
    assert!(holds(&env, &at(4), "carol", GR, "active"));
    // Making an active assignment eligible grants nothing more: no code.
    env.run_at(&at(5), &["assign", "update", cid, "--type", "eligible"])
        .ok();
    // renew, once the short one has expired
    let later = "2026-11-22T11:00:00Z";
    let did = short.id.as_str();
    env.refuses(4, SETTING, "assignment.renew", |e| {
        e.run_at(later, &["assign", "renew", did])
    });
    env.run_at(
        later,
        &["assign", "renew", did, "--otp", &totp_code(&secret, later)],
    )
    .ok();
    assert!(holds(&env, "2026-11-22T11:30:00Z", "dave", GR, "active"));
    crate::invariants::assert_holds(&env);
}

#[test]
fn a_csv_import_checks_one_code_for_every_row() {
    let env = TestEnv::sample();
    let secret = enrol(&env, "admin");
    require_on_active(&env, GR);
    let file = env.write_file(
        "active.csv",
        "principal,role,scope,type,end,justification\n\
         erin,Global Reader,/,active,8h,x\n\
         carol,Global Reader,/,active,8h,x\n\
         dave,Global Reader,/,active,8h,x\n\
         bob,Global Reader,/,eligible,30d,\n",
    );
    let import = |t: &str, more: &[&str]| {
        let mut args = vec!["assign", "import", path_str(&file)];
        args.extend_from_slice(more);
        env.run_at(t, &args)
    };
    // No code: every active row names the setting; the eligible row is fine; exit 4.
    env.refuses(4, "nothing was imported", "assignment.import", |_| {
        let r = import(&at(1), &[]);
        assert_eq!(r.stderr.matches(SETTING).count(), 3, "{}", r.stderr);
        r.stderr_has("line 2").stderr_has("line 4");
        assert!(!r.stderr.contains("line 5"), "{}", r.stderr);
        r
    });
    // A wrong code counts once, however many rows needed it; each says why it was refused.
    let r = import(&at(1), &["--otp", &wrong(&secret, &at(1))]);
    r.refused(4, "the one-time code is not valid");
    assert_eq!(
        r.stderr.matches("the one-time code is not valid").count(),
        3,
        "{}",
        r.stderr
    );
    assert_eq!(failures(&env, "admin"), 1);
    assert!(!holds(&env, &at(10), "erin", GR, "active"));
    // A dry run says the rule stands in the way, without a code.
    import(&at(2), &["--dry-run"]).refused(4, SETTING);
    // One right code: every row.
    import(&at(2), &["--otp", &totp_code(&secret, &at(2))]).ok();
    for who in ["erin", "carol", "dave"] {
        assert!(holds(&env, &at(10), who, GR, "active"), "{who}");
    }
    assert!(holds(&env, &at(10), "bob", GR, "eligible"));
    assert_eq!(failures(&env, "admin"), 0);
    crate::invariants::assert_holds(&env);
}

fn graph(items: Vec<serde_json::Value>) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "value": items })).unwrap()
}

fn admin_request(action: &str, principal: &str, duration: &str) -> serde_json::Value {
    serde_json::json!({
        "action": action,
        "principalId": principal,
        "roleDefinitionId": SA_TEMPLATE,
        "directoryScopeId": "/",
        "justification": "imported",
        "scheduleInfo": { "expiration": { "type": "afterDuration", "duration": duration } }
    })
}

fn id_of(env: &TestEnv, name: &str) -> String {
    env.conn()
        .query_row("SELECT id FROM principal WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn a_microsoft_json_import_takes_the_code_for_active_assign_update_and_extend() {
    let env = TestEnv::sample();
    let secret = enrol(&env, "admin");
    // Before the setting: an active hour of it for dave, renewed below once it has expired.
    env.run_at(
        &at(1),
        &[
            "assign",
            "--principal",
            "dave",
            "--role",
            "Security Administrator",
            "--type",
            "active",
            "--duration",
            "1h",
            "--justification",
            "x",
        ],
    )
    .ok();
    require_on_active(&env, "Security Administrator");
    let erin = id_of(&env, "erin");
    let carol = id_of(&env, "carol");
    let file = env.write_file(
        "assign.json",
        &graph(vec![
            admin_request("adminAssign", &erin, "PT8H"),
            admin_request("adminAssign", &carol, "PT8H"),
        ]),
    );
    let run = |t: &str, f: &std::path::Path, more: &[&str]| {
        let mut args = vec!["assign", "import", path_str(f), "--type", "active"];
        args.extend_from_slice(more);
        env.run_at(t, &args)
    };
    env.refuses(4, "nothing was imported", "assignment.import", |_| {
        let r = run(&at(1), &file, &[]);
        assert_eq!(r.stderr.matches(SETTING).count(), 2, "{}", r.stderr);
        r
    });
    run(&at(1), &file, &["--otp", &totp_code(&secret, &at(1))]).ok();
    assert!(holds(
        &env,
        &at(10),
        "erin",
        "Security Administrator",
        "active"
    ));
    assert!(holds(
        &env,
        &at(10),
        "carol",
        "Security Administrator",
        "active"
    ));
    // adminUpdate and adminExtend of those active schedules: the code again, once.
    let change = env.write_file(
        "change.json",
        &graph(vec![
            admin_request("adminUpdate", &erin, "PT4H"),
            admin_request("adminExtend", &carol, "PT2H"),
        ]),
    );
    env.refuses(4, "nothing was imported", "assignment.import", |_| {
        let r = run(&at(2), &change, &[]);
        assert_eq!(r.stderr.matches(SETTING).count(), 2, "{}", r.stderr);
        r
    });
    run(&at(2), &change, &["--otp", &totp_code(&secret, &at(2))])
        .ok()
        .stderr_has("1 updated, 1 extended");
    // adminRenew of dave's, expired: the code too; it is renewed from now.
    let later = "2026-11-22T11:00:00Z";
    let dave = id_of(&env, "dave");
    let renew = env.write_file(
        "renew.json",
        &graph(vec![admin_request("adminRenew", &dave, "PT2H")]),
    );
    assert!(!holds(
        &env,
        later,
        "dave",
        "Security Administrator",
        "active"
    ));
    env.refuses(4, "nothing was imported", "assignment.import", |_| {
        let r = run(later, &renew, &[]);
        r.stderr_has(SETTING);
        r
    });
    run(later, &renew, &["--otp", &totp_code(&secret, later)])
        .ok()
        .stderr_has("1 renewed");
    assert!(holds(
        &env,
        later,
        "dave",
        "Security Administrator",
        "active"
    ));
    let rows: Vec<AssignmentJson> = env
        .run_at(
            later,
            &["-o", "json", "assign", "list", "--principal", "dave"],
        )
        .json();
    let renewed = rows
        .iter()
        .find(|a| a.role_name == "Security Administrator" && a.state == "in_force")
        .unwrap();
    assert!(renewed.renewed_from.is_some());
    assert_eq!(renewed.end.as_deref(), Some("2026-11-22T13:00:00Z"));
    crate::invariants::assert_holds(&env);
}

#[test]
fn self_activations_in_an_import_take_the_commands_code_once_and_say_why_they_are_refused() {
    let env = TestEnv::sample();
    for role in ["Security Administrator", "Global Administrator"] {
        crate::activate::set_settings(
            &env,
            role,
            "/",
            serde_json::json!({"activation": {"require_mfa": true}}),
        );
    }
    let secret = enrol(&env, "bob");
    let bob = id_of(&env, "bob");
    let mut ga = admin_request("selfActivate", &bob, "PT1H");
    ga["roleDefinitionId"] = GA_TEMPLATE.into();
    let file = env.write_file(
        "activate.json",
        &graph(vec![admin_request("selfActivate", &bob, "PT1H"), ga]),
    );
    let run = |t: &str, more: &[&str]| {
        let mut args = vec!["assign", "import", path_str(&file)];
        args.extend_from_slice(more);
        env.run_as_at("bob", t, &args)
    };
    // No code: both rows say a code is required (none was refused), and how to pass it.
    let r = run(&at(1), &[]);
    r.refused(4, "a one-time code from the authenticator app is required");
    assert_eq!(
        r.stderr
            .matches("a one-time code from the authenticator app is required (pass --otp CODE)")
            .count(),
        2,
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("not valid"), "{}", r.stderr);
    // A wrong code: both rows say it is not valid; it counts once.
    let r = run(&at(1), &["--otp", &wrong(&secret, &at(1))]);
    assert_eq!(
        r.code(4)
            .stderr
            .matches("the one-time code is not valid")
            .count(),
        2,
        "{}",
        r.stderr
    );
    assert_eq!(failures(&env, "bob"), 1);
    // The right code, once, activates both.
    run(&at(2), &["--otp", &totp_code(&secret, &at(2))])
        .ok()
        .stderr_has("2 activated");
    let status: serde_json::Value = env.json(&["status", "--principal", "bob"]);
    let active = status.to_string();
    assert!(
        active.contains("Security Administrator") && active.contains("Global Administrator"),
        "{active}"
    );
}

#[test]
fn granting_a_self_service_extension_of_an_active_assignment_takes_the_approvers_code() {
    let env = TestEnv::sample();
    let secret = enrol(&env, "admin");
    let (made, id) = erin_asks_to_extend_her_active_assignment(&env);
    env.refuses(4, SETTING, "request.approve", |e| {
        e.run_at(&at(3), &["approve", &id, "--justification", "ok"])
    });
    let r = env.run_at(
        &at(3),
        &[
            "approve",
            &id,
            "--justification",
            "ok",
            "--otp",
            &totp_code(&secret, &at(3)),
        ],
    );
    r.ok().stderr_has("granted");
    let now: AssignmentJson = env.json(&["assign", "show", &made.id]);
    assert!(now.end > made.end, "{:?} -> {:?}", made.end, now.end);
}

#[cfg(unix)]
#[test]
fn through_a_server_the_code_travels_and_the_server_checks_it() {
    let env = TestEnv::sample();
    let secret = enrol(&env, "admin");
    require_on_active(&env, GR);
    let server = crate::server::Server::start(&env, "root = \"admin\"");
    let run = |t: &str, more: &[&str]| {
        let mut args = vec![
            "assign",
            "--principal",
            "erin",
            "--role",
            GR,
            "--type",
            "active",
            "--duration",
            "8h",
            "--justification",
            "x",
        ];
        args.extend_from_slice(more);
        Run::from(
            server
                .client(&env)
                .env("PIM_NOW", t)
                .args(&args)
                .output()
                .unwrap(),
        )
    };
    run(&at(1), &[]).refused(4, SETTING);
    run(&at(1), &["--otp", &wrong(&secret, &at(1))]).refused(4, "not valid");
    let ok = run(&at(2), &["--otp", &totp_code(&secret, &at(2))]);
    ok.ok();
    // An import through the server: the rows stream up, the code travels with their head.
    let file = env.write_file(
        "active.csv",
        "principal,role,type,end,justification\ncarol,Global Reader,active,8h,x\ndave,Global Reader,active,8h,x\n",
    );
    let import = |t: &str, more: &[&str]| {
        let mut args = vec!["assign", "import", path_str(&file)];
        args.extend_from_slice(more);
        Run::from(
            server
                .client(&env)
                .env("PIM_NOW", t)
                .args(&args)
                .output()
                .unwrap(),
        )
    };
    let r = import(&at(3), &[]);
    r.refused(4, "nothing was imported");
    assert_eq!(r.stderr.matches(SETTING).count(), 2, "{}", r.stderr);
    import(&at(3), &["--otp", &totp_code(&secret, &at(3))]).ok();
    drop(server);
    assert!(holds(&env, &at(10), "carol", GR, "active"));
    assert!(holds(&env, &at(10), "dave", GR, "active"));
    assert!(holds(&env, &at(10), "erin", GR, "active"));
    assert_eq!(failures(&env, "admin"), 0);
}

#[cfg(unix)]
#[test]
fn a_terminal_asks_for_the_code_when_the_change_needs_one() {
    let env = TestEnv::sample();
    let secret = enrol(&env, "admin");
    require_on_active(&env, GR);
    let t = at(1);
    let mut cmd = env.std_command();
    cmd.env("PIM_NOW", &t).env("TERM", "xterm").args([
        "assign",
        "--principal",
        "erin",
        "--role",
        GR,
        "--type",
        "active",
        "--duration",
        "8h",
        "--justification",
        "x",
    ]);
    let audit = env.count("audit");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("One-time code").unwrap();
    p.send_line(&totp_code(&secret, &t)).unwrap();
    p.exp_eof().unwrap();
    match p.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => assert_eq!(code, 0),
        other => panic!("pim did not exit: {other:?}"),
    }
    assert!(holds(&env, &at(10), "erin", GR, "active"));
    // The question cost no failure row: only the assignment's own.
    assert_eq!(env.count("audit"), audit + 1);
    // With no setting in the way, nothing is asked.
    let mut cmd = env.std_command();
    cmd.env("PIM_NOW", &t).env("TERM", "xterm").args([
        "assign",
        "--principal",
        "carol",
        "--role",
        GR,
        "--duration",
        "30d",
    ]);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    let said = p.exp_eof().unwrap();
    assert!(!said.contains("One-time code"), "{said}");
}

#[test]
fn a_role_typed_where_role_was_meant_gets_a_suggestion() {
    let env = TestEnv::sample();
    let audit = env.count("audit");
    env.run_as("bob", &["activate", "GA"]).refused(
        2,
        "unexpected argument 'GA': did you mean --role \"Global Administrator\"?",
    );
    env.run_as("bob", &["activate", "security administrator"])
        .refused(2, "did you mean --role \"Security Administrator\"?");
    env.run_as("bob", &["activate", "Global", "Administrator"])
        .refused(2, "did you mean --role \"Global Administrator\"?");
    assert_eq!(env.count("audit"), audit);
}

#[test]
fn an_activation_set_counts_a_wrong_code_once() {
    let env = TestEnv::sample();
    for role in ["Security Administrator", "Global Administrator"] {
        crate::activate::set_settings(
            &env,
            role,
            "/",
            serde_json::json!({"activation": {"require_mfa": true}}),
        );
    }
    let secret = enrol(&env, "bob");
    let set = env.write_file(
        "set.toml",
        "[[activate]]\nrole = \"Security Administrator\"\n\n[[activate]]\nrole = \"Global Administrator\"\n",
    );
    let r = env.run_as_at(
        "bob",
        &at(1),
        &[
            "-o",
            "json",
            "activate",
            "--from",
            path_str(&set),
            "--justification",
            "x",
            "--otp",
            &wrong(&secret, &at(1)),
        ],
    );
    r.code(4);
    let results: Vec<serde_json::Value> = r.json();
    assert_eq!(results.len(), 2);
    for e in &results {
        assert!(
            e["error"]
                .as_str()
                .is_some_and(|m| m.contains("the one-time code is not valid")),
            "{e}"
        );
    }
    assert_eq!(failures(&env, "bob"), 1, "one wrong code, counted once");
}

#[cfg(unix)]
#[test]
fn a_terminal_asks_the_approver_for_the_code_when_granting_needs_one() {
    let env = TestEnv::sample();
    let secret = enrol(&env, "admin");
    let (_, id) = erin_asks_to_extend_her_active_assignment(&env);
    let t = at(3);
    let audit = env.count("audit");
    let mut cmd = env.std_command();
    cmd.env("PIM_NOW", &t)
        .env("TERM", "xterm")
        .args(["approve", &id, "--justification", "ok"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("One-time code").unwrap();
    p.send_line(&totp_code(&secret, &t)).unwrap();
    let said = p.exp_eof().unwrap();
    assert!(said.contains("granted"), "{said}");
    match p.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => assert_eq!(code, 0),
        other => panic!("pim did not exit: {other:?}"),
    }
    // No failure row for the question: the decision's rows only.
    let rows: Vec<AuditJson> = env.json(&["audit", "list", "--all"]);
    let new: Vec<&AuditJson> = rows.iter().filter(|r| r.seq > audit).collect();
    assert!(
        !new.is_empty() && new.iter().all(|r| r.result == "success"),
        "{new:#?}"
    );
}
