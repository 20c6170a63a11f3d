//! MFA by TOTP: enrolment, confirmation, status and reset. Verification on activation and the
//! lock-out are tested in `core::mfa` (the activation command is tested with it).

use serde::Deserialize;
use totp_rs::{Algorithm, Builder, Secret};

use crate::support::*;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct PendingJson {
    principal: String,
    secret: String,
    otpauth_uri: String,
    confirmed: bool,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ConfirmationJson {
    principal: String,
    confirmed: bool,
    confirmed_at: String,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct StatusJson {
    principal: String,
    enrolled: bool,
    confirmed: bool,
    locked_until: Option<String>,
    failures: i64,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct ResetJson {
    principal: String,
    removed: bool,
}

fn epoch(rfc3339: &str) -> u64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp() as u64
}

/// The code an authenticator app shows at `at` for the printed secret.
fn code_at(secret: &str, at: &str) -> String {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap()
        .generate(epoch(at))
        .to_string()
}

/// A six-digit code valid in no step of the window around `at`.
fn wrong_code(secret: &str, at: &str) -> String {
    let t = epoch(at);
    let window: Vec<String> = [t - 30, t, t + 30]
        .iter()
        .map(|&s| {
            let s = chrono::DateTime::from_timestamp(s as i64, 0)
                .unwrap()
                .to_rfc3339();
            code_at(secret, &s)
        })
        .collect();
    (0..)
        .map(|n| format!("{n:06}"))
        .find(|c| !window.contains(c))
        .unwrap()
}

fn enroll_as(env: &TestEnv, actor: &str, principal: Option<&str>) -> PendingJson {
    let mut args = vec!["-o", "json", "mfa", "enroll"];
    if let Some(p) = principal {
        args.extend(["--principal", p]);
    }
    let r = env.run_as(actor, &args);
    r.ok();
    r.json()
}

fn status_of(env: &TestEnv, principal: &str) -> StatusJson {
    env.json(&["mfa", "status", "--principal", principal])
}

#[test]
fn a_user_enrols_confirms_and_sees_the_status() {
    let env = TestEnv::sample();
    let r = env.run_as("carol", &["-o", "json", "mfa", "enroll"]);
    r.ok()
        .stderr_has("shows it only this once")
        .stderr_has("`pim mfa enroll --code CODE`");
    let p: PendingJson = r.json();
    assert_eq!((p.principal.as_str(), p.confirmed), ("carol", false));
    assert!(
        p.otpauth_uri.starts_with("otpauth://totp/pim:carol?"),
        "{}",
        p.otpauth_uri
    );
    assert!(p.otpauth_uri.contains(&format!("secret={}", p.secret)));
    assert!(p.otpauth_uri.contains("issuer=pim"));
    let audit = env.last_audit();
    assert_eq!(
        (
            audit.action.as_str(),
            audit.activity.as_str(),
            audit.category.as_str(),
            audit.result.as_str(),
            audit.principal.as_deref()
        ),
        (
            "mfa.enroll",
            "User started security info registration",
            "UserManagement",
            "success",
            Some("carol")
        )
    );
    let mine: StatusJson = {
        let r = env.run_as("carol", &["-o", "json", "mfa", "status"]);
        r.ok();
        r.json()
    };
    assert_eq!(
        mine,
        StatusJson {
            principal: "carol".into(),
            enrolled: true,
            confirmed: false,
            locked_until: None,
            failures: 0
        }
    );

    let code = code_at(&p.secret, &env.now);
    let r = env.run_as("carol", &["-o", "json", "mfa", "enroll", "--code", &code]);
    r.ok().stderr_has("carol is enrolled in MFA");
    let c: ConfirmationJson = r.json();
    assert_eq!(
        (c.principal.as_str(), c.confirmed, c.confirmed_at.as_str()),
        ("carol", true, T0)
    );
    assert!(!r.stdout.contains(&p.secret));
    let audit = env.last_audit();
    assert_eq!(
        (audit.action.as_str(), audit.activity.as_str()),
        ("mfa.confirm", "User registered security info")
    );
    let s = status_of(&env, "carol");
    assert!(s.enrolled && s.confirmed);
    // The table shows the same, in words.
    env.run_as("carol", &["mfa", "status"])
        .ok()
        .stdout_has("CONFIRMED:")
        .stdout_has("yes");
}

#[test]
fn the_table_prints_the_secret_and_uri_once_and_quiet_drops_the_notes() {
    let env = TestEnv::sample();
    let r = env.run_as("dave", &["mfa", "enroll"]);
    r.ok()
        .stdout_has("SECRET:")
        .stdout_has("otpauth://totp/pim:dave?secret=");
    let q = env.run_as("dave", &["-q", "mfa", "enroll"]);
    q.ok();
    assert!(q.stderr.is_empty(), "{}", q.stderr);
    // Each start makes a new secret, replacing the unconfirmed one.
    assert_ne!(r.stdout, q.stdout);
}

#[test]
fn a_code_one_step_off_confirms_but_wrong_ones_are_refused_and_audited() {
    let env = TestEnv::sample();
    let p = enroll_as(&env, "dave", None);
    let wrong = wrong_code(&p.secret, &env.now);
    env.refuses(4, "MfaRule: the code does not match", "mfa.confirm", |e| {
        e.run_as("dave", &["mfa", "enroll", "--code", &wrong])
    });
    env.refuses(4, "MfaRule: the code is not 6 digits", "mfa.confirm", |e| {
        e.run_as("dave", &["mfa", "enroll", "--code", "12ab56"])
    });
    let last = env.last_audit();
    assert_eq!(last.principal.as_deref(), Some("dave"));
    // Codes are not repeated into the audit.
    assert!(!last.reason.unwrap().contains("12ab56"));
    let s = status_of(&env, "dave");
    assert!(s.enrolled && !s.confirmed);
    // Two steps (60 s) away is outside the window.
    let later = "2026-11-22T09:01:00Z";
    env.refuses(4, "does not match", "mfa.confirm", |e| {
        e.run_as(
            "dave",
            &["mfa", "enroll", "--code", &code_at(&p.secret, later)],
        )
    });
    // The app's clock 30 s ahead is within it; grouped digits are fine.
    let ahead = code_at(&p.secret, "2026-11-22T09:00:30Z");
    let spaced = format!("{} {}", &ahead[..3], &ahead[3..]);
    env.run_as("dave", &["mfa", "enroll", "--code", &spaced])
        .ok();
    assert!(status_of(&env, "dave").confirmed);
}

#[test]
fn a_confirmed_enrolment_is_not_replaced() {
    let env = TestEnv::sample();
    let first = enroll_as(&env, "erin", None);
    let second = enroll_as(&env, "erin", None);
    assert_ne!(first.secret, second.secret);
    // The replaced secret no longer confirms.
    env.refuses(4, "does not match", "mfa.confirm", |e| {
        e.run_as(
            "erin",
            &["mfa", "enroll", "--code", &code_at(&first.secret, &e.now)],
        )
    });
    let code = code_at(&second.secret, &env.now);
    env.run_as("erin", &["mfa", "enroll", "--code", &code]).ok();
    env.refuses(1, "'erin' is already enrolled in MFA", "mfa.enroll", |e| {
        e.run_as("erin", &["mfa", "enroll"])
    });
    env.run_as("erin", &["mfa", "enroll"])
        .refused(1, "already enrolled")
        .stderr_has(
            "hint: to enrol again, ask an administrator for `pim mfa reset --principal erin`",
        );
    env.refuses(1, "already enrolled", "mfa.confirm", |e| {
        e.run_as("erin", &["mfa", "enroll", "--code", &code])
    });
    // Confirming with nothing pending.
    env.refuses(1, "no MFA enrolment to confirm", "mfa.confirm", |e| {
        e.run_as("carol", &["mfa", "enroll", "--code", "123456"])
    });
}

#[test]
fn administrators_reset_and_principals_enrol_themselves() {
    let env = TestEnv::sample();
    // Nobody starts an enrolment for someone else, an administrator included: the secret is
    // shown to whoever starts it. Refused, audited, nothing changed.
    env.refuses(
        4,
        "only 'bob' can enrol in MFA for themselves",
        "mfa.enroll",
        |e| e.run(&["-o", "json", "mfa", "enroll", "--principal", "bob"]),
    );
    let r = env.run(&["mfa", "enroll", "--principal", "bob"]);
    r.refused(4, "secret is shown once, to the principal enrolling")
        .stderr_has("hint: an MFA administrator can reset it (`pim mfa reset --principal bob`); then bob runs `pim mfa enroll`");
    assert!(!status_of(&env, "bob").enrolled);
    // bob enrols himself (naming himself is fine) and confirms.
    let p = enroll_as(&env, "bob", Some("bob"));
    assert_eq!(p.principal, "bob");
    // Nor does anyone confirm someone else's enrolment.
    env.refuses(4, "only 'bob' can enrol", "mfa.confirm", |e| {
        e.run(&[
            "mfa",
            "enroll",
            "--principal",
            "bob",
            "--code",
            &code_at(&p.secret, &e.now),
        ])
    });
    env.run_as(
        "bob",
        &["mfa", "enroll", "--code", &code_at(&p.secret, &env.now)],
    )
    .ok();
    assert!(status_of(&env, "bob").confirmed);

    // Off a terminal a reset needs --yes.
    env.run(&["mfa", "reset", "--principal", "bob"])
        .refused(1, "needs confirmation")
        .stderr_has("--yes");
    assert!(status_of(&env, "bob").confirmed);
    // Not an administrator: refused, audited, and nothing changed. Not even for oneself, which
    // would lift a lock-out.
    for actor in ["carol", "bob"] {
        env.refuses(4, "not authorized", "mfa.reset", |e| {
            e.run_as(actor, &["--yes", "mfa", "reset", "--principal", "bob"])
        });
        assert!(status_of(&env, "bob").confirmed);
    }

    let r = env.run(&["-o", "json", "--yes", "mfa", "reset", "--principal", "bob"]);
    r.ok().stderr_has("removed the MFA enrolment of bob");
    assert_eq!(
        r.json::<ResetJson>(),
        ResetJson {
            principal: "bob".into(),
            removed: true
        }
    );
    let audit = env.last_audit();
    assert_eq!(
        (
            audit.action.as_str(),
            audit.activity.as_str(),
            audit.result.as_str(),
            audit.principal.as_deref()
        ),
        (
            "mfa.reset",
            "Admin deleted security info",
            "success",
            Some("bob")
        )
    );
    assert!(!status_of(&env, "bob").enrolled);
    // Nothing left to reset: exit 0, nothing audited.
    let rows = env.count("audit");
    env.run(&["--yes", "mfa", "reset", "--principal", "bob"])
        .ok()
        .stderr_has("nothing changed");
    assert_eq!(env.count("audit"), rows);
    // Enrolled again after the reset.
    enroll_as(&env, "bob", None);
}

#[test]
fn managing_someone_elses_mfa_needs_an_mfa_administrator() {
    let env = TestEnv::sample();
    env.refuses(4, "not authorized", "mfa.enroll", |e| {
        e.run_as("carol", &["mfa", "enroll", "--principal", "dave"])
    });
    env.run_as("carol", &["mfa", "status", "--principal", "dave"])
        .refused(4, "not authorized");
    // Naming oneself is fine.
    enroll_as(&env, "carol", Some("carol"));
    // An Authentication Administrator sees others' MFA and resets it, for principals that hold no
    // privileged role only.
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Authentication Administrator",
        "--type",
        "active",
        "--duration",
        "8h",
        "--justification",
        "helpdesk shift",
    ])
    .ok();
    env.run(&["principal", "add", "frank"]).ok();
    enroll_as(&env, "frank", None);
    enroll_as(&env, "dave", None);
    let s: StatusJson = {
        let r = env.run_as(
            "erin",
            &["-o", "json", "mfa", "status", "--principal", "dave"],
        );
        r.ok();
        r.json()
    };
    assert!(s.enrolled && !s.confirmed);
    env.run_as("erin", &["--yes", "mfa", "reset", "--principal", "frank"])
        .ok();
    assert!(!status_of(&env, "frank").enrolled);
    // dave is eligible for Helpdesk Administrator, a privileged role: his MFA is reset only by a
    // Global Administrator or a Privileged Authentication Administrator.
    env.refuses(
        4,
        "needs an active Global Administrator or Privileged Authentication Administrator assignment: 'dave' holds the privileged role",
        "mfa.reset",
        |e| e.run_as("erin", &["--yes", "mfa", "reset", "--principal", "dave"]),
    );
    assert!(status_of(&env, "dave").enrolled);
    // The break-glass administrator likewise.
    env.refuses(4, "'admin' is a break-glass account", "mfa.reset", |e| {
        e.run_as("erin", &["--yes", "mfa", "reset", "--principal", "admin"])
    });
    // A Privileged Authentication Administrator may.
    env.run(&["principal", "add", "paula"]).ok();
    env.run(&[
        "assign",
        "--principal",
        "paula",
        "--role",
        "Privileged Authentication Administrator",
        "--type",
        "active",
        "--duration",
        "8h",
        "--justification",
        "MFA desk",
    ])
    .ok();
    env.run_as("paula", &["--yes", "mfa", "reset", "--principal", "dave"])
        .ok();
    assert!(!status_of(&env, "dave").enrolled);
}

#[test]
fn only_users_enrol() {
    let env = TestEnv::sample();
    env.refuses(4, "PrincipalTypeRule", "mfa.enroll", |e| {
        e.run(&["mfa", "enroll", "--principal", "deploy-bot"])
    });
    env.refuses(4, "PrincipalTypeRule", "mfa.enroll", |e| {
        e.run(&["mfa", "enroll", "--principal", "helpdesk"])
    });
    env.refuses(3, "principal 'nobdy' not found", "mfa.enroll", |e| {
        e.run(&["mfa", "enroll", "--principal", "nobdy"])
    });
    env.run(&["--yes", "mfa", "reset", "--principal", "nobdy"])
        .refused(3, "not found");
    let s = status_of(&env, "deploy-bot");
    assert!(!s.enrolled);
}

#[test]
fn secrets_never_reach_the_audit_log_or_the_status() {
    let env = TestEnv::sample();
    let mut secrets = Vec::new();
    for who in ["alice", "bob", "carol"] {
        secrets.push(enroll_as(&env, who, None).secret);
    }
    secrets.push(enroll_as(&env, "dave", None).secret);
    let code = code_at(&secrets[0], &env.now);
    env.run_as("alice", &["mfa", "enroll", "--code", &code])
        .ok();
    env.run(&["--yes", "mfa", "reset", "--principal", "bob"])
        .ok();
    let audit = env.run(&["-o", "json", "audit", "list"]);
    audit.ok();
    let rows: Vec<AuditJson> = audit.json();
    assert!(rows.iter().any(|r| r.action.starts_with("mfa.")));
    let csv = env.run(&["-o", "csv", "audit", "list"]);
    csv.ok();
    let raw: String = {
        let c = env.conn();
        let mut st = c.prepare("SELECT * FROM audit").unwrap();
        let n = st.column_count();
        st.query_map([], |r| {
            let mut cells = String::new();
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i)?;
                cells.push_str(&format!("{v:?}|"));
            }
            Ok(cells)
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    for who in ["alice", "carol", "dave"] {
        let s = env.run(&["-o", "json", "mfa", "status", "--principal", who]);
        s.ok();
        for secret in &secrets {
            assert!(!s.stdout.contains(secret.as_str()));
        }
    }
    for secret in &secrets {
        assert!(!audit.stdout.contains(secret.as_str()), "audit JSON");
        assert!(!csv.stdout.contains(secret.as_str()), "audit CSV");
        assert!(!raw.contains(secret.as_str()), "audit table");
    }
    env.run(&["audit", "verify"]).ok();
}

/// Characters a QR code is drawn with. A terminal's text as rexpect reads it has one char per byte:
/// it is put back together as UTF-8 first.
fn has_qr(text: &str) -> bool {
    let text = if text.chars().all(|c| (c as u32) < 256) {
        let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        text.to_string()
    };
    text.contains('▀') || text.contains('▄') || text.contains('█')
}

#[test]
fn enrolling_again_before_confirming_says_it_replaces_the_pending_secret() {
    let env = TestEnv::sample();
    let first = env.run_as("carol", &["mfa", "enroll"]);
    first.ok();
    assert!(!first.stderr.contains("replaces"), "{}", first.stderr);
    // Off a terminal: no QR code on stdout, only the secret and the URI.
    assert!(!has_qr(&first.stdout), "{}", first.stdout);
    let again = env.run_as("carol", &["mfa", "enroll"]);
    again.ok().stderr_has(
        "carol had an enrolment waiting for its code: this new secret replaces it, and codes from the old one no longer confirm",
    );
}

#[test]
fn a_replayed_code_says_wait_for_the_next_one_and_does_not_count_towards_the_lock() {
    let env = TestEnv::sample();
    let p = enroll_as(&env, "bob", None);
    let code = code_at(&p.secret, &env.now);
    env.run_as("bob", &["mfa", "enroll", "--code", &code]).ok();
    env.run(&[
        "settings",
        "set",
        "--role",
        "Security Administrator",
        "--require-mfa",
        "true",
    ])
    .ok();
    // The code that just confirmed the enrolment, typed again a few seconds later.
    let soon = "2026-11-22T09:00:10Z";
    for _ in 0..6 {
        let r = env.run_at(
            soon,
            &[
                "--as",
                "bob",
                "activate",
                "--role",
                "Security Administrator",
                "--justification",
                "x",
                "--otp",
                &code,
            ],
        );
        r.refused(4, "MfaRule: this one-time code was already used")
            .stderr_has("hint: wait for the next code in the authenticator app");
        // Audited as a failure.
        let row = env.last_audit();
        assert_eq!(row.result, "failure");
        assert!(row.reason.as_deref().unwrap().contains("already used"));
    }
    // Six replays: no failure counted, no lock.
    let s = status_of(&env, "bob");
    assert_eq!((s.failures, s.locked_until), (0, None));
    // The next code works.
    let next = "2026-11-22T09:00:30Z";
    env.run_at(
        next,
        &[
            "--as",
            "bob",
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
            "--otp",
            &code_at(&p.secret, next),
        ],
    )
    .ok();
}

#[cfg(unix)]
#[test]
fn a_terminal_shows_the_uri_as_a_qr_code_but_never_beside_json() {
    let env = TestEnv::sample();
    let mut cmd = env.std_command();
    cmd.env("PIM_ACTOR", "carol")
        .env("TERM", "xterm")
        .args(["mfa", "enroll"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    let shown = p.exp_string("Code from the authenticator app").unwrap();
    assert!(
        shown.contains("otpauth://totp/pim:carol?secret="),
        "{shown}"
    );
    assert!(has_qr(&shown), "no QR code:\n{shown}");
    p.send_line("").unwrap();
    p.exp_string("not confirmed yet").unwrap();
    p.exp_eof().unwrap();

    let mut cmd = env.std_command();
    cmd.env("PIM_ACTOR", "dave")
        .env("TERM", "xterm")
        .args(["-o", "json", "mfa", "enroll"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    let all = p.exp_eof().unwrap();
    assert!(all.contains("\"otpauth_uri\""), "{all}");
    assert!(!has_qr(&all), "a QR code beside JSON:\n{all}");
}
