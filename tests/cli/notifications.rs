//! Notifications end to end: events queue outbox rows, `pim notifications deliver` sends them to a
//! real SMTP server (a thread of the test, tests/cli/smtp.rs), a real HTTP server (a listener in the
//! test) and a command; failures stay in the outbox and are delivered once the server is back;
//! two concurrent deliver runs send each row once.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use serde::Deserialize;

use crate::smtp::{SmtpSink, fixture};
use crate::support::*;

// The JSON contract: every field must be present, including those no test reads.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NotificationJson {
    id: String,
    created_at: String,
    kind: String,
    audience: String,
    recipient_id: Option<String>,
    recipient: Option<String>,
    address: Option<String>,
    subject: String,
    body: String,
    payload: serde_json::Value,
    critical: bool,
    state: String,
    attempts: i64,
    next_attempt_at: String,
    last_error: Option<String>,
    delivered_at: Option<String>,
    channels: Vec<String>,
}

// The JSON contract: every field must be present, including those no test reads.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeliverJson {
    attempted: usize,
    delivered: usize,
    failed: usize,
    lost_claims: usize,
    failures: Vec<FailureJson>,
}

// The JSON contract: every field must be present, including those no test reads.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FailureJson {
    id: String,
    recipient: Option<String>,
    address: Option<String>,
    error: String,
}

// The JSON contract: every field must be present, including those no test reads.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DigestJson {
    since: String,
    until: String,
    activations: usize,
    new_assignments: usize,
    made_permanent: usize,
    alerts: usize,
    queued: usize,
    recipients: Vec<String>,
}

#[derive(Clone, Debug)]
struct HttpRequest {
    path: String,
    headers: HashMap<String, String>,
    body: String,
}

/// A real HTTP server on loopback in a thread of the test: records each POST and answers 200.
struct HttpSink {
    port: u16,
    got: Arc<Mutex<Vec<HttpRequest>>>,
}

impl HttpSink {
    fn start() -> HttpSink {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let sink = got.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { break };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let path = line.split(' ').nth(1).unwrap_or("").to_string();
                let mut headers = HashMap::new();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 {
                        break;
                    }
                    let h = h.trim_end();
                    if h.is_empty() {
                        break;
                    }
                    if let Some((k, v)) = h.split_once(':') {
                        headers.insert(k.trim().to_lowercase(), v.trim().to_string());
                    }
                }
                let len: usize = headers
                    .get("content-length")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let mut body = vec![0; len];
                reader.read_exact(&mut body).unwrap();
                sink.lock().unwrap().push(HttpRequest {
                    path,
                    headers,
                    body: String::from_utf8(body).unwrap(),
                });
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                );
            }
        });
        HttpSink { port, got }
    }

    fn requests(&self) -> Vec<HttpRequest> {
        self.got.lock().unwrap().clone()
    }
}

/// A port with nothing listening on it (taken from the OS, then released).
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn smtp_config(env: &TestEnv, port: u16) -> PathBuf {
    env.write_file(
        "smtp.toml",
        &format!(
            "[[notifications.channel]]\ntype = \"smtp\"\nhost = \"127.0.0.1\"\nport = {port}\nstarttls = false\nfrom = \"PIM <pim@contoso.example>\"\ntimeout = \"10s\"\n"
        ),
    )
}

fn webhook_config(env: &TestEnv, port: u16) -> PathBuf {
    env.write_file("hook.secret", "s3cret-key\n");
    env.write_file(
        "hook.toml",
        &format!(
            "[[notifications.channel]]\ntype = \"webhook\"\nurl = \"http://127.0.0.1:{port}/pim\"\nsecret_file = \"hook.secret\"\ntimeout = \"10s\"\n"
        ),
    )
}

fn with_config(env: &TestEnv, config: &Path, args: &[&str]) -> Run {
    let mut a = vec!["--config", path_str(config)];
    a.extend_from_slice(args);
    env.run(&a)
}

/// Every row, oldest first (the list shows the newest first).
fn list(env: &TestEnv, extra: &[&str]) -> Vec<NotificationJson> {
    let mut a = vec!["notifications", "list", "--all"];
    a.extend_from_slice(extra);
    let mut rows: Vec<NotificationJson> = env.json(&a);
    rows.reverse();
    rows
}

/// admin (Global Administrator, admin@contoso.example); frank approves Security Administrator
/// activations; gina is eligible for it; hank has no email address.
fn flow_env() -> TestEnv {
    let env = TestEnv::new();
    env.run(&[
        "init",
        "--admin",
        "admin",
        "--email",
        "admin@contoso.example",
    ])
    .ok();
    for (name, email) in [
        ("frank", Some("frank@contoso.example")),
        ("gina", Some("gina@contoso.example")),
        ("hank", None),
    ] {
        let mut a = vec!["principal", "add", name, "--kind", "user"];
        if let Some(e) = email {
            a.extend_from_slice(&["--email", e]);
        }
        env.run(&a).ok();
    }
    env.run(&[
        "settings",
        "set",
        "--role",
        "Security Administrator",
        "--require-approval",
        "yes",
        "--approver",
        "frank",
        "--notify",
        "activation.admin.additional_recipients=secops@contoso.example",
    ])
    .ok();
    env
}

/// assign gina eligible, gina activates (waits for frank), frank approves.
fn run_flow(env: &TestEnv) {
    env.run(&[
        "assign",
        "--principal",
        "gina",
        "--role",
        "Security Administrator",
        "--justification",
        "on call",
    ])
    .ok();
    env.run_as(
        "gina",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "incident 42",
        ],
    )
    .code(5);
    let pending: Vec<serde_json::Value> = env.json(&["request", "list", "--pending"]);
    let id = pending[0]["id"].as_str().unwrap().to_string();
    env.run_as("frank", &["approve", &id, "--justification", "looks right"])
        .ok();
}

fn recipients_of(rows: &[NotificationJson], kind: &str) -> Vec<String> {
    let mut v: Vec<String> = rows
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| {
            r.address
                .clone()
                .or(r.recipient.clone())
                .unwrap_or_default()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_flow_queues_the_matrix_and_smtp_delivers_it() {
    let env = flow_env();
    run_flow(&env);
    let rows = list(&env, &[]);
    assert_eq!(
        recipients_of(&rows, "assignment.eligible"),
        ["admin@contoso.example", "gina@contoso.example"]
    );
    // Only the approver is asked, critically; the requestor hears it waits.
    let ask: Vec<_> = rows
        .iter()
        .filter(|r| r.kind == "activation.approval_needed")
        .collect();
    assert_eq!(ask.len(), 1);
    assert_eq!(ask[0].address.as_deref(), Some("frank@contoso.example"));
    assert_eq!(ask[0].audience, "approver");
    assert!(ask[0].critical);
    assert!(ask[0].body.contains("pim approve "), "{}", ask[0].body);
    assert_eq!(
        recipients_of(&rows, "request.pending"),
        ["gina@contoso.example"]
    );
    assert_eq!(
        recipients_of(&rows, "request.approved"),
        ["gina@contoso.example"]
    );
    // The activation alert goes to the administrators and the additional address.
    assert_eq!(
        recipients_of(&rows, "activation"),
        [
            "admin@contoso.example",
            "gina@contoso.example",
            "secops@contoso.example"
        ]
    );
    assert!(rows.iter().all(|r| r.state == "pending" && r.attempts == 0));
    assert!(rows.iter().filter(|r| r.critical).count() == 1);
    let activation = rows
        .iter()
        .find(|r| r.kind == "activation" && r.audience == "admin")
        .unwrap();
    assert_eq!(activation.payload["role"], "Security Administrator");
    assert_eq!(activation.payload["principal"], "gina");
    assert_eq!(activation.payload["justification"], "incident 42");

    let smtp = SmtpSink::start(0);
    let config = smtp_config(&env, smtp.port);
    let r = with_config(&env, &config, &["-o", "json", "notifications", "deliver"]);
    r.ok();
    let report: DeliverJson = r.json();
    assert_eq!(report.delivered, rows.len());
    assert_eq!(report.failed, 0);
    let mails = smtp.mails();
    assert_eq!(mails.len(), rows.len());
    for row in &rows {
        let m = mails
            .iter()
            .find(|m| m.data.contains(&format!("<{}@pim>", row.id)))
            .unwrap_or_else(|| panic!("no mail for {}", row.id));
        assert_eq!(m.to, vec![row.address.clone().unwrap()]);
        assert_eq!(m.from, "pim@contoso.example");
        assert_eq!(m.subject(), row.subject);
        assert!(m.data.contains("Security Administrator"));
    }
    let ask_mail = mails
        .iter()
        .find(|m| m.to == ["frank@contoso.example"])
        .unwrap();
    assert_eq!(
        ask_mail.subject(),
        "PIM: Action needed: approve or deny the activation of Security Administrator by gina"
    );
    assert!(ask_mail.data.contains("Importance: high"));
    // Delivered rows are not sent again.
    let after = list(&env, &[]);
    assert!(
        after
            .iter()
            .all(|r| r.state == "delivered" && r.channels == ["smtp"])
    );
    let again: DeliverJson =
        with_config(&env, &config, &["-o", "json", "notifications", "deliver"]).json();
    assert_eq!(again.attempted, 0);
    assert_eq!(smtp.mails().len(), rows.len());
}

#[test]
fn rules_turned_off_or_critical_only_queue_nothing_for_their_audience() {
    let env = flow_env();
    env.run(&[
        "settings",
        "set",
        "--role",
        "Security Administrator",
        "--notify",
        "eligible_assignment.admin.enabled=no",
        "--notify",
        "activation.assignee.critical_only=yes",
        "--notify",
        "activation.admin.default_recipients=no",
    ])
    .ok();
    let shown = env.run(&["settings", "show", "--role", "Security Administrator"]);
    shown.ok().stdout_has("secops@contoso.example");
    run_flow(&env);
    let rows = list(&env, &[]);
    assert_eq!(
        recipients_of(&rows, "assignment.eligible"),
        ["gina@contoso.example"]
    );
    // Nothing to the requestor about the activation (none of it needs action) ...
    assert!(recipients_of(&rows, "request.pending").is_empty());
    assert!(recipients_of(&rows, "request.approved").is_empty());
    // ... and the admin alert only to the additional address.
    assert_eq!(
        recipients_of(&rows, "activation"),
        ["secops@contoso.example"]
    );
    assert_eq!(
        recipients_of(&rows, "activation.approval_needed"),
        ["frank@contoso.example"]
    );
}

#[test]
fn a_refusal_and_a_dry_run_queue_nothing() {
    let env = flow_env();
    let before = env.count("outbox");
    env.run(&[
        "assign",
        "--principal",
        "gina",
        "--role",
        "Security Administrator",
        "--dry-run",
    ])
    .ok();
    assert_eq!(env.count("outbox"), before);
    env.run_as(
        "gina",
        &[
            "assign",
            "--principal",
            "gina",
            "--role",
            "Global Administrator",
        ],
    )
    .code(4);
    assert_eq!(env.count("outbox"), before);
}

#[test]
fn the_webhook_gets_the_json_signed() {
    let env = flow_env();
    run_flow(&env);
    let rows = list(&env, &[]);
    let http = HttpSink::start();
    let config = webhook_config(&env, http.port);
    with_config(&env, &config, &["notifications", "deliver"])
        .ok()
        .stdout_has(&format!("{} delivered, 0 failed", rows.len()));
    let got = http.requests();
    assert_eq!(got.len(), rows.len());
    for req in &got {
        assert_eq!(req.path, "/pim");
        assert_eq!(req.headers["content-type"], "application/json");
        let mut mac = hmac_sha256(b"s3cret-key", req.body.as_bytes());
        mac.insert_str(0, "sha256=");
        assert_eq!(req.headers["x-pim-signature"], mac);
        let doc: serde_json::Value = serde_json::from_str(&req.body).unwrap();
        let row = rows.iter().find(|r| r.id == doc["id"]).unwrap();
        assert_eq!(req.headers["x-pim-notification-id"], row.id);
        assert_eq!(doc["kind"], row.kind.as_str());
        assert_eq!(doc["subject"], row.subject.as_str());
        assert_eq!(doc["body"], row.body.as_str());
        assert_eq!(doc["critical"], row.critical);
        assert_eq!(doc["recipient"]["address"], serde_json::json!(row.address));
        assert_eq!(doc["data"], row.payload);
    }
    assert!(list(&env, &["--undelivered"]).is_empty());
}

fn hmac_sha256(key: &[u8], body: &[u8]) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

#[test]
fn a_server_that_is_down_loses_nothing_and_doubles_nothing() {
    let env = flow_env();
    run_flow(&env);
    let rows = list(&env, &[]);
    let port = closed_port();
    let config = smtp_config(&env, port);
    let r = with_config(&env, &config, &["-o", "json", "notifications", "deliver"]);
    r.code(1).stderr_has("could not be delivered");
    let report: DeliverJson = r.json();
    assert_eq!(report.failed, rows.len());
    let failed = list(&env, &["--failed"]);
    assert_eq!(failed.len(), rows.len());
    for f in &failed {
        assert_eq!(f.state, "failed");
        assert_eq!(f.attempts, 1);
        assert!(
            f.last_error.as_deref().unwrap().starts_with("smtp: "),
            "{f:?}"
        );
        // Back-off: one minute after the first failure.
        assert_eq!(f.next_attempt_at, "2026-11-22T09:01:00Z");
    }
    // Within the back-off nothing is tried again.
    let r = with_config(&env, &config, &["-o", "json", "notifications", "deliver"]);
    r.ok();
    assert_eq!(r.json::<DeliverJson>().attempted, 0);

    // The server is back on the same port; a later run delivers each row once.
    let smtp = SmtpSink::start(port);
    let later = "2026-11-22T09:05:00Z";
    let r = env
        .command()
        .env("PIM_NOW", later)
        .args([
            "--config",
            path_str(&config),
            "-o",
            "json",
            "notifications",
            "deliver",
        ])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let report: DeliverJson = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(report.delivered, rows.len());
    let mails = smtp.mails();
    assert_eq!(mails.len(), rows.len());
    for row in &rows {
        assert_eq!(
            mails
                .iter()
                .filter(|m| m.data.contains(&format!("<{}@pim>", row.id)))
                .count(),
            1
        );
    }
    let after = list(&env, &[]);
    assert!(
        after
            .iter()
            .all(|r| r.state == "delivered" && r.attempts == 2)
    );
    assert!(after.iter().all(|r| r.last_error.is_some()));
}

#[test]
fn a_principal_without_an_address_is_reported_not_skipped() {
    let env = flow_env();
    env.run(&["assign", "--principal", "hank", "--role", "Global Reader"])
        .ok();
    let rows = list(&env, &[]);
    let hank = rows
        .iter()
        .find(|r| r.recipient.as_deref() == Some("hank"))
        .expect("a row for hank");
    assert_eq!(hank.address, None);
    let smtp = SmtpSink::start(0);
    let config = smtp_config(&env, smtp.port);
    let r = with_config(&env, &config, &["-o", "json", "notifications", "deliver"]);
    r.code(1)
        .stderr_has("principal 'hank' has no email address");
    let report: DeliverJson = r.json();
    assert_eq!(report.failed, 1);
    assert_eq!(report.failures[0].recipient.as_deref(), Some("hank"));
    assert_eq!(report.delivered, rows.len() - 1);
    let failed = list(&env, &["--failed"]);
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].id, hank.id);
    assert_eq!(smtp.mails().len(), rows.len() - 1);
    // Once hank has an address, the next run after the back-off delivers it, once.
    env.run(&[
        "principal",
        "update",
        "hank",
        "--email",
        "hank@contoso.example",
    ])
    .ok();
    let r = env.run_at(
        "2026-11-22T09:05:00Z",
        &["--config", path_str(&config), "notifications", "deliver"],
    );
    r.ok();
    let mails = smtp.mails();
    assert_eq!(mails.len(), rows.len());
    assert_eq!(
        mails
            .iter()
            .filter(|m| m.to == ["hank@contoso.example"])
            .count(),
        1
    );
    assert!(list(&env, &["--undelivered"]).is_empty());
}

#[test]
fn two_concurrent_deliver_runs_send_each_row_once() {
    let env = flow_env();
    for i in 0..12 {
        let name = format!("user{i}");
        let email = format!("{name}@contoso.example");
        env.run(&[
            "principal",
            "add",
            &name,
            "--kind",
            "user",
            "--email",
            &email,
        ])
        .ok();
        env.run(&["assign", "--principal", &name, "--role", "Global Reader"])
            .ok();
    }
    let rows = list(&env, &[]);
    assert_eq!(rows.len(), 24);
    let http = HttpSink::start();
    let config = webhook_config(&env, http.port);
    let spawn = || {
        env.std_command()
            .args([
                "--config",
                path_str(&config),
                "-o",
                "json",
                "notifications",
                "deliver",
                "--batch",
                "3",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let mut delivered = 0;
    for c in [a, b] {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let r: DeliverJson = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(r.lost_claims, 0);
        delivered += r.delivered;
    }
    assert_eq!(delivered, rows.len());
    let got = http.requests();
    assert_eq!(got.len(), rows.len());
    let mut ids: Vec<String> = got
        .iter()
        .map(|r| r.headers["x-pim-notification-id"].clone())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), rows.len());
    assert!(list(&env, &["--undelivered"]).is_empty());
}

#[test]
fn a_command_channel_reads_the_json_and_its_exit_code_decides() {
    let env = flow_env();
    env.run(&["assign", "--principal", "gina", "--role", "Global Reader"])
        .ok();
    let (config, out) = command_channel(&env);
    with_config(&env, &config, &["notifications", "deliver"])
        .ok()
        .stdout_has("2 delivered, 0 failed");
    let text = std::fs::read_to_string(&out).unwrap();
    let docs: Vec<serde_json::Value> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d["kind"] == "assignment.eligible"));

    // A failing program keeps the row, with its error.
    let bad = env.write_file(
        "bad.toml",
        "[[notifications.channel]]\ntype = \"command\"\nprogram = \"false\"\n",
    );
    env.run(&["assign", "--principal", "frank", "--role", "Global Reader"])
        .ok();
    with_config(&env, &bad, &["notifications", "deliver"])
        .code(1)
        .stderr_has("exited with");
    let failed = list(&env, &["--failed"]);
    assert_eq!(failed.len(), 2);
    assert!(
        failed[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("command: false exited")
    );
}

#[test]
fn deliver_needs_a_channel_and_an_administrator() {
    let env = flow_env();
    env.run(&["notifications", "deliver"])
        .code(1)
        .stderr_has("no notification channel is configured");
    let http = HttpSink::start();
    let config = webhook_config(&env, http.port);
    let r = env
        .command()
        .env("PIM_ACTOR", "gina")
        .args(["--config", path_str(&config), "notifications", "deliver"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(4));
    env.run_as("gina", &["notifications", "list"])
        .code(4)
        .stderr_has("Global Administrator or Privileged Role Administrator");
}

#[test]
fn expiry_reminders_are_queued_once_at_14_days_1_day_and_at_expiry() {
    let env = flow_env();
    env.run(&[
        "assign",
        "--principal",
        "gina",
        "--role",
        "Global Reader",
        "--duration",
        "30d",
    ])
    .ok();
    let kinds = |env: &TestEnv| -> Vec<(String, Option<String>)> {
        list(env, &[])
            .into_iter()
            .filter(|r| r.kind.starts_with("assignment.expir"))
            .map(|r| (r.kind, r.payload["reminder"].as_str().map(str::to_string)))
            .collect()
    };
    env.run_at("2026-12-01T09:00:00Z", &["sweep"]).ok();
    assert!(kinds(&env).is_empty());
    env.run_at("2026-12-08T09:00:00Z", &["sweep"]).ok();
    env.run_at("2026-12-08T10:00:00Z", &["sweep"]).ok();
    assert_eq!(
        kinds(&env),
        [("assignment.expiring".to_string(), Some("14d".to_string()))]
    );
    env.run_at("2026-12-21T10:00:00Z", &["sweep"]).ok();
    env.run_at("2026-12-21T11:00:00Z", &["sweep"]).ok();
    env.run_at("2026-12-22T09:00:00Z", &["sweep"]).ok();
    env.run_at("2026-12-23T09:00:00Z", &["sweep"]).ok();
    let k = kinds(&env);
    assert_eq!(
        k,
        [
            ("assignment.expiring".to_string(), Some("14d".to_string())),
            ("assignment.expiring".to_string(), Some("1d".to_string())),
            ("assignment.expired".to_string(), None),
        ]
    );
    let rows = list(&env, &[]);
    let expired = rows
        .iter()
        .find(|r| r.kind == "assignment.expired")
        .unwrap();
    assert_eq!(expired.address.as_deref(), Some("gina@contoso.example"));
    assert!(expired.subject.contains("expired"));
}

#[test]
fn a_timed_out_request_tells_the_requestor() {
    let env = flow_env();
    env.run(&[
        "assign",
        "--principal",
        "gina",
        "--role",
        "Security Administrator",
    ])
    .ok();
    env.run_as(
        "gina",
        &[
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
        ],
    )
    .code(5);
    env.run_at("2026-11-23T10:00:00Z", &["sweep"]).ok();
    let rows = list(&env, &[]);
    assert_eq!(
        recipients_of(&rows, "request.timed_out"),
        ["gina@contoso.example"]
    );
}

#[test]
fn the_digest_goes_to_the_administrators() {
    let env = flow_env();
    run_flow(&env);
    let r: DigestJson = env.json(&["notifications", "digest"]);
    assert_eq!(r.activations, 1);
    // admin's own Global Administrator assignment from `pim init`, and gina's.
    assert_eq!(r.new_assignments, 2);
    assert_eq!(r.made_permanent, 2);
    // Global Administrators and, since gina's activation is in force, Security Administrators.
    assert_eq!(r.recipients, ["admin", "gina"]);
    assert_eq!(r.queued, 2);
    assert_eq!(r.since, "2026-11-15T09:00:00Z");
    let rows = list(&env, &[]);
    let d = rows
        .iter()
        .find(|r| r.kind == "digest.weekly" && r.recipient.as_deref() == Some("admin"))
        .unwrap();
    assert_eq!(d.address.as_deref(), Some("admin@contoso.example"));
    assert!(d.body.contains("Users activated: 1"), "{}", d.body);
    assert!(
        d.body.contains("gina: Security Administrator at /"),
        "{}",
        d.body
    );
    assert_eq!(d.payload["activations"].as_array().unwrap().len(), 1);
    env.run_as("gina", &["notifications", "digest"]).code(4);
}

#[test]
fn list_prints_tables_and_csv() {
    let env = flow_env();
    run_flow(&env);
    env.run(&["notifications", "list"])
        .ok()
        .stdout_has("activation.approval_needed")
        .stdout_has("frank@contoso.example");
    let csv = env.run(&["-o", "csv", "notifications", "list", "--undelivered"]);
    csv.ok();
    assert!(
        csv.stdout
            .starts_with("id,created,kind,audience,recipient,address,subject")
    );
    assert_eq!(csv.stdout.lines().count(), 1 + list(&env, &[]).len());
}

#[test]
fn a_review_ending_within_a_day_reminds_its_reviewers_once() {
    let env = TestEnv::sample();
    env.run(&[
        "review",
        "create",
        "--name",
        "Q4 security admins",
        "--role",
        "Security Administrator",
        "--reviewer",
        "alice",
        "--duration",
        "3d",
    ])
    .ok();
    env.run_at("2026-11-24T08:59:00Z", &["sweep"]).ok();
    assert!(recipients_of(&list(&env, &[]), "review.reminder").is_empty());
    env.run_at("2026-11-24T10:00:00Z", &["sweep"]).ok();
    env.run_at("2026-11-24T11:00:00Z", &["sweep"]).ok();
    let rows = list(&env, &[]);
    assert_eq!(
        recipients_of(&rows, "review.reminder"),
        ["alice@contoso.example"]
    );
    let r = rows.iter().find(|r| r.kind == "review.reminder").unwrap();
    assert!(r.critical);
    assert!(r.subject.contains("Q4 security admins"), "{}", r.subject);
    assert!(
        r.body.contains("1 of its 1 item(s) are not decided"),
        "{}",
        r.body
    );
}

#[test]
fn an_administrators_extension_tells_the_assignee_and_the_admins() {
    let env = flow_env();
    env.run(&[
        "assign",
        "--principal",
        "gina",
        "--role",
        "Global Reader",
        "--duration",
        "10d",
    ])
    .ok();
    let rows: Vec<AssignmentJson> = env.json(&["assign", "list", "--principal", "gina"]);
    let id = find(&rows, "gina", "Global Reader").id.clone();
    env.run(&["assign", "extend", &id, "--duration", "7d"]).ok();
    let rows = list(&env, &[]);
    assert_eq!(
        recipients_of(&rows, "assignment.extended"),
        ["admin@contoso.example", "gina@contoso.example"]
    );
    let mine = rows
        .iter()
        .find(|r| r.kind == "assignment.extended" && r.audience == "assignee")
        .unwrap();
    assert_eq!(
        mine.subject,
        "PIM: Your eligible role Global Reader at / was extended"
    );
    assert!(mine.body.contains("2026-12-09T09:00:00Z"), "{}", mine.body);
}

#[test]
fn smtp_authenticates_with_a_password_from_a_file_or_the_environment() {
    let env = flow_env();
    env.run(&["assign", "--principal", "gina", "--role", "Global Reader"])
        .ok();
    let smtp = SmtpSink::start_with(0, Some(("pim", "hunter2")), false);
    env.write_file("smtp-password", "hunter2\n");
    let config = |env: &TestEnv, secret: &str| {
        env.write_file(
            "auth.toml",
            &format!(
                "[[notifications.channel]]\ntype = \"smtp\"\nhost = \"127.0.0.1\"\nport = {}\nstarttls = false\nuser = \"pim\"\n{secret}\nfrom = \"pim@contoso.example\"\n",
                smtp.port
            ),
        )
    };
    // A wrong password: refused by the server, kept with the error.
    let bad = config(&env, "password_env = \"PIM_TEST_SMTP_PASSWORD\"");
    let r = env
        .command()
        .env("PIM_TEST_SMTP_PASSWORD", "wrong")
        .args(["--config", path_str(&bad), "notifications", "deliver"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1));
    assert!(smtp.mails().is_empty());
    let failed = list(&env, &["--failed"]);
    assert_eq!(failed.len(), 2);
    assert!(
        failed[0]
            .last_error
            .as_deref()
            .unwrap()
            .starts_with("smtp: ")
    );
    // An unset variable is a configuration error, before anything is claimed.
    with_config(&env, &bad, &["notifications", "deliver"])
        .code(1)
        .stderr_has("the environment variable PIM_TEST_SMTP_PASSWORD is not set");
    // The right password from a file, a run after the back-off.
    let good = config(&env, "password_file = \"smtp-password\"");
    let r = env
        .command()
        .env("PIM_NOW", "2026-11-22T09:02:00Z")
        .args(["--config", path_str(&good), "notifications", "deliver"])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let mails = smtp.mails();
    assert_eq!(mails.len(), 2);
    assert!(mails.iter().all(|m| m.login.as_deref() == Some("pim")));
}

#[test]
fn starttls_is_required_when_on() {
    let env = flow_env();
    env.run(&["assign", "--principal", "gina", "--role", "Global Reader"])
        .ok();
    let smtp = SmtpSink::start(0);
    // starttls defaults to on; this server offers no STARTTLS, so nothing goes out in clear.
    let config = env.write_file(
        "tls.toml",
        &format!(
            "[[notifications.channel]]\ntype = \"smtp\"\nhost = \"127.0.0.1\"\nport = {}\nfrom = \"pim@contoso.example\"\n",
            smtp.port
        ),
    );
    with_config(&env, &config, &["notifications", "deliver"]).code(1);
    assert!(smtp.mails().is_empty());
    assert_eq!(list(&env, &["--failed"]).len(), 2);
}

#[test]
fn a_bad_notify_setting_names_the_flag_and_changes_nothing() {
    let env = flow_env();
    let before = env.run(&["-o", "json", "settings", "show", "--role", "Global Reader"]);
    before.ok();
    env.run(&[
        "settings",
        "set",
        "--role",
        "Global Reader",
        "--notify",
        "activation.boss.enabled=no",
    ])
    .code(1)
    .stderr_has("unknown audience 'boss'");
    env.run(&[
        "settings",
        "set",
        "--role",
        "Global Reader",
        "--notify",
        "activation.admin.additional_recipients=not-an-address",
    ])
    .code(1)
    .stderr_has("additional_recipients");
    let after = env.run(&["-o", "json", "settings", "show", "--role", "Global Reader"]);
    assert_eq!(before.stdout, after.stdout);
    // `all` reaches every event and audience.
    env.run(&[
        "settings",
        "set",
        "--role",
        "Global Reader",
        "--notify",
        "all.all.critical_only=yes",
    ])
    .ok();
    let shown = env.run(&["-o", "csv", "settings", "show", "--role", "Global Reader"]);
    shown.ok();
    assert_eq!(
        shown.stdout.matches("critical_only,true").count(),
        9,
        "{}",
        shown.stdout
    );
}

#[test]
fn starttls_with_a_private_ca_delivers_over_tls() {
    let env = flow_env();
    env.run(&["assign", "--principal", "gina", "--role", "Global Reader"])
        .ok();
    let smtp = SmtpSink::start_with(0, Some(("pim", "hunter2")), true);
    env.write_file("smtp-password", "hunter2");
    let channel = |ca: &str| {
        format!(
            "[[notifications.channel]]\ntype = \"smtp\"\nhost = \"127.0.0.1\"\nport = {}\nstarttls = true\n{ca}user = \"pim\"\npassword_file = \"smtp-password\"\nfrom = \"pim@contoso.example\"\ntimeout = \"10s\"\n",
            smtp.port
        )
    };
    // Without the CA the server's certificate is not trusted: nothing is sent.
    let untrusted = env.write_file("untrusted.toml", &channel(""));
    let r = with_config(
        &env,
        &untrusted,
        &["-o", "json", "notifications", "deliver"],
    );
    r.code(1);
    assert!(smtp.mails().is_empty());
    assert!(r.json::<DeliverJson>().failures[0].error.contains("smtp: "));
    // With it, a later run delivers over STARTTLS (the server refuses mail before it).
    let ca = fixture("smtp-ca.pem");
    let trusted = env.write_file(
        "trusted.toml",
        &channel(&format!("ca_file = \"{}\"\n", ca.display())),
    );
    let r = env
        .command()
        .env("PIM_NOW", "2026-11-22T09:02:00Z")
        .args(["--config", path_str(&trusted), "notifications", "deliver"])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let mails = smtp.mails();
    assert_eq!(mails.len(), 2);
    assert!(mails.iter().all(|m| m.login.as_deref() == Some("pim")));
}

#[test]
fn an_import_tells_each_administrator_once_and_each_assignee_per_row() {
    let env = flow_env();
    env.run(&[
        "principal",
        "add",
        "ivy",
        "--kind",
        "user",
        "--email",
        "ivy@contoso.example",
    ])
    .ok();
    env.run(&[
        "assign",
        "--principal",
        "ivy",
        "--role",
        "Privileged Role Administrator",
        "--type",
        "active",
        "--justification",
        "second admin",
    ])
    .ok();
    env.run(&[
        "settings",
        "set",
        "--role",
        "Global Reader",
        "--notify",
        "eligible_assignment.admin.additional_recipients=audit@contoso.example",
    ])
    .ok();
    // One event with two administrators: its text is stored once, with a row per recipient.
    let before = env.count("notification");
    env.run(&["assign", "--principal", "frank", "--role", "Reports Reader"])
        .ok();
    assert_eq!(env.count("notification"), before + 2, "admin + assignee");
    let rows = list(&env, &[]);
    assert_eq!(
        recipients_of(&rows, "assignment.eligible")
            .into_iter()
            .filter(|r| r != "gina@contoso.example")
            .collect::<Vec<_>>(),
        [
            "admin@contoso.example",
            "frank@contoso.example",
            "ivy@contoso.example"
        ]
    );

    let csv = env.write_file(
        "rows.csv",
        "principal,role,scope,type,start,end,justification\n\
         gina,Security Administrator,/,eligible,,,\n\
         frank,Global Reader,/,eligible,,,\n\
         hank,User Administrator,/,active,,,on call\n",
    );
    let before = list(&env, &[]).len();
    env.run(&["assign", "import", path_str(&csv)]).ok();
    let rows = list(&env, &[]);
    let new = &rows[before..];
    // The administrators hear once, for the whole file; the rule's additional address too.
    assert_eq!(
        recipients_of(new, "assignment.import"),
        [
            "admin@contoso.example",
            "audit@contoso.example",
            "ivy@contoso.example"
        ]
    );
    let alert = new.iter().find(|r| r.kind == "assignment.import").unwrap();
    assert_eq!(alert.audience, "admin");
    assert_eq!(
        alert.subject,
        format!(
            "PIM: admin imported 3 role assignment(s) from {}",
            path_str(&csv)
        )
    );
    assert!(
        alert.body.contains("  1 active User Administrator\n"),
        "{}",
        alert.body
    );
    assert_eq!(alert.payload["rows"], 3);
    assert_eq!(alert.payload["by_role"].as_array().unwrap().len(), 3);
    // Each assignee hears of their own row; no per-row administrator alert.
    assert!(
        new.iter()
            .all(|r| r.kind == "assignment.import" || r.audience == "assignee")
    );
    let mut assignees: Vec<(String, String)> = new
        .iter()
        .filter(|r| r.audience == "assignee")
        .map(|r| (r.recipient.clone().unwrap_or_default(), r.kind.clone()))
        .collect();
    assignees.sort();
    assert_eq!(
        assignees,
        [
            ("frank".to_string(), "assignment.eligible".to_string()),
            ("gina".to_string(), "assignment.eligible".to_string()),
            ("hank".to_string(), "assignment.active".to_string()),
        ]
    );
    let stored: i64 = env
        .conn()
        .query_row(
            "SELECT count(*) FROM notification WHERE kind = 'assignment.import'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 1);
    // A refused import tells nobody.
    let bad = env.write_file(
        "bad.csv",
        "principal,role,scope,type,start,end,justification\n\
         gina,Global Reader,/,eligible,,,\n\
         nobody-such,Global Reader,/,eligible,,,\n",
    );
    let n = env.count("outbox");
    env.run(&["assign", "import", path_str(&bad)]).code(1);
    assert_eq!(env.count("outbox"), n);
}

/// A command channel (its config file) that appends each notification's JSON to
/// `received.jsonl` (returned too) and fails for the kind `fail`.
fn command_channel(env: &TestEnv) -> (PathBuf, PathBuf) {
    let out = env.path("received.jsonl");
    let script = env.write_file(
        "notify.sh",
        &format!(
            "#!/bin/sh\nset -e\ncat >> {out}\necho >> {out}\n[ \"$PIM_NOTIFICATION_KIND\" != fail ]\n",
            out = out.display()
        ),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let config = env.write_file(
        "cmd.toml",
        &format!(
            "[[notifications.channel]]\ntype = \"command\"\nprogram = \"{}\"\n",
            script.display()
        ),
    );
    (config, out)
}

/// Who rows of `kind` reach, by recipient name, with each row's state.
fn reached(rows: &[NotificationJson], kind: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = rows
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| (r.recipient.clone().unwrap_or_default(), r.state.clone()))
        .collect();
    v.sort();
    v
}

#[test]
fn a_group_is_told_through_its_members_as_they_are_at_delivery() {
    let env = flow_env();
    env.run(&[
        "principal",
        "add",
        "admins",
        "--kind",
        "group",
        "--role-assignable",
    ])
    .ok();
    env.run(&["principal", "add", "approvers", "--kind", "group"])
        .ok();
    env.run(&["principal", "add", "inner", "--kind", "group"])
        .ok();
    for who in ["ivy", "jo", "kai", "lee"] {
        let email = format!("{who}@contoso.example");
        env.run(&["principal", "add", who, "--kind", "user", "--email", &email])
            .ok();
    }
    for (group, member) in [
        ("admins", "ivy"),
        ("admins", "jo"),
        ("admins", "lee"),
        ("admins", "admin"),
        ("approvers", "ivy"),
        ("approvers", "inner"),
        ("inner", "kai"),
    ] {
        env.run(&["group", "member", "add", group, member]).ok();
    }
    env.run(&["principal", "disable", "lee"]).ok();
    env.run(&[
        "assign",
        "--principal",
        "admins",
        "--role",
        "Privileged Role Administrator",
        "--type",
        "active",
        "--justification",
        "admin group",
    ])
    .ok();
    env.run(&["assign", "--principal", "gina", "--role", "Global Reader"])
        .ok();
    // Written with the event: the direct administrator, and the group as one row.
    let about_gina =
        |r: &NotificationJson| r.audience != "assignee" && r.payload["principal"] != "ivy";
    let rows: Vec<NotificationJson> = list(&env, &[]).into_iter().filter(about_gina).collect();
    assert_eq!(
        reached(&rows, "assignment.eligible"),
        [
            ("admin".to_string(), "pending".to_string()),
            ("admins".to_string(), "pending".to_string())
        ]
    );
    let group_row = rows
        .iter()
        .find(|r| r.recipient.as_deref() == Some("admins"))
        .unwrap();
    assert_eq!(group_row.address, None);

    // Approvals asked of the group never reach the requester through it.
    env.run(&[
        "settings",
        "set",
        "--role",
        "User Administrator",
        "--require-approval",
        "yes",
        "--approver",
        "approvers",
    ])
    .ok();
    env.run(&[
        "assign",
        "--principal",
        "ivy",
        "--role",
        "User Administrator",
    ])
    .ok();
    env.run_as(
        "ivy",
        &[
            "activate",
            "--role",
            "User Administrator",
            "--justification",
            "INC-9",
        ],
    )
    .code(5);

    // jo leaves before delivery: not told.
    env.run(&["group", "member", "remove", "admins", "jo"]).ok();
    let (config, out) = command_channel(&env);
    with_config(&env, &config, &["notifications", "deliver"]).ok();
    let all = list(&env, &[]);
    let alert: Vec<NotificationJson> = list(&env, &[]).into_iter().filter(about_gina).collect();
    // The group's row is replaced by its members' rows: the disabled one and the one who left
    // out, and admin (also a direct holder) told once.
    assert_eq!(
        reached(&alert, "assignment.eligible"),
        [
            ("admin".to_string(), "delivered".to_string()),
            ("admins".to_string(), "delivered".to_string()),
            ("ivy".to_string(), "delivered".to_string()),
        ]
    );
    let group_row = alert
        .iter()
        .find(|r| r.kind == "assignment.eligible" && r.recipient.as_deref() == Some("admins"))
        .unwrap();
    assert_eq!(group_row.channels, ["members"]);
    // Nested groups are followed; ivy, a member too, is not asked to approve her own request.
    assert_eq!(
        reached(&all, "activation.approval_needed"),
        [
            ("approvers".to_string(), "delivered".to_string()),
            ("kai".to_string(), "delivered".to_string()),
        ]
    );
    // The program got each member's message; the group's own row sent nothing.
    let text = std::fs::read_to_string(&out).unwrap();
    let to: Vec<String> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["kind"] == "assignment.eligible" && d["audience"] == "admin")
        .filter(|d| d["data"]["principal"] == "gina")
        .map(|d| {
            d["recipient"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let mut to = to;
    to.sort();
    assert_eq!(to, ["admin", "ivy"]);
    // A second run sends nothing again.
    with_config(&env, &config, &["notifications", "deliver"])
        .ok()
        .stdout_has("0 delivered");
}

#[test]
fn an_import_whose_admin_rule_is_off_alerts_nobody_and_counts_only_what_it_tells() {
    let env = flow_env();
    env.run(&[
        "settings",
        "set",
        "--role",
        "Global Reader",
        "--notify",
        "eligible_assignment.admin.enabled=no",
    ])
    .ok();
    let only_off = env.write_file(
        "off.csv",
        "principal,role,scope,type,start,end,justification\n\
         gina,Global Reader,/,eligible,,,\n\
         frank,Global Reader,/,eligible,,,\n",
    );
    env.run(&["assign", "import", path_str(&only_off)]).ok();
    let rows = list(&env, &[]);
    assert!(recipients_of(&rows, "assignment.import").is_empty());
    assert_eq!(
        recipients_of(&rows, "assignment.eligible"),
        ["frank@contoso.example", "gina@contoso.example"]
    );
    // Mixed: the alert counts the row its rule tells about, not the other.
    let mixed = env.write_file(
        "mixed.csv",
        "principal,role,scope,type,start,end,justification\n\
         hank,Global Reader,/,eligible,,,\n\
         hank,Reports Reader,/,eligible,,,\n",
    );
    env.run(&["assign", "import", path_str(&mixed)]).ok();
    let alert: Vec<NotificationJson> = list(&env, &[])
        .into_iter()
        .filter(|r| r.kind == "assignment.import")
        .collect();
    assert_eq!(alert.len(), 1, "{alert:?}");
    assert_eq!(alert[0].payload["rows"], 1);
    assert_eq!(alert[0].payload["by_role"][0]["role"], "Reports Reader");
}
