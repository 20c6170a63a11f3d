//! `pim serve --listen` with TLS: a small CA made by `pim serve ca init`, client certificates by
//! `pim cert issue`, each naming its principal; certificates that are unbound, expired, from
//! another CA or missing are refused (exit 4) and audited with what the client presented. Real
//! TLS on 127.0.0.1, port 0.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::{Arc, Condvar, Mutex};

use crate::support::*;

/// `pim serve ca init --dir DIR` in the test's directory.
fn ca(env: &TestEnv, dir: &str) -> PathBuf {
    let d = env.path(dir);
    env.run(&["serve", "ca", "init", "--dir", path_str(&d)])
        .ok();
    d
}

/// `pim cert issue` for `name` from the CA in `ca_dir` into `out`; returns the fingerprint.
fn issue(env: &TestEnv, name: &str, ca_dir: &Path, out: &str, extra: &[&str]) -> String {
    let out = env.path(out);
    let mut args = vec![
        "cert",
        "issue",
        "--principal",
        name,
        "--ca-dir",
        path_str(ca_dir),
        "--out",
        path_str(&out),
    ];
    args.extend_from_slice(extra);
    let r = env.run(&args);
    r.ok();
    r.stdout.trim().to_string()
}

/// A `pim serve --no-socket --listen 127.0.0.1:0` over a test environment's database.
struct TlsServer {
    child: Child,
    url: String,
    ca: PathBuf,
    log: Arc<(Mutex<String>, Condvar)>,
}

impl TlsServer {
    fn start(env: &TestEnv, ca_dir: &Path, extra: &str) -> TlsServer {
        let file = |f: &str| ca_dir.join(f).to_str().unwrap().to_string();
        TlsServer::start_with(
            env,
            ca_dir,
            extra,
            &[
                "--listen",
                "127.0.0.1:0",
                "--tls-cert",
                &file("server.pem"),
                "--tls-key",
                &file("server.key"),
                "--client-ca",
                &file("ca.pem"),
            ],
        )
    }

    /// `pim serve --no-socket ARGS` with `[server]` settings `extra`.
    fn start_with(env: &TestEnv, ca_dir: &Path, extra: &str, args: &[&str]) -> TlsServer {
        let config = env.write_file(
            "tls.toml",
            &format!("[server]\nsweep_interval = \"0\"\n{extra}\n"),
        );
        let mut child = env
            .std_command()
            .env_remove("PIM_ACTOR")
            .env("PIM_CONFIG", &config)
            .args(["serve", "--no-socket"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start pim serve");
        let log = Arc::new((Mutex::new(String::new()), Condvar::new()));
        let mut lines = BufReader::new(child.stderr.take().expect("stderr"));
        let url = loop {
            let mut line = String::new();
            let n = lines.read_line(&mut line).expect("read the server's log");
            assert!(
                n > 0,
                "the server stopped before listening: {}",
                log.0.lock().unwrap()
            );
            log.0.lock().unwrap().push_str(&line);
            if let Some(i) = line.find("pim serve: listening on https://") {
                let rest = &line[i + "pim serve: listening on ".len()..];
                break rest.split_whitespace().next().unwrap().to_string();
            }
        };
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                let mut l = sink.0.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
                sink.1.notify_all();
            }
        });
        TlsServer {
            child,
            url,
            ca: ca_dir.join("ca.pem"),
            log,
        }
    }

    fn port(&self) -> u16 {
        self.url.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// `pim` as a client of this server, presenting no certificate yet.
    fn client(&self, env: &TestEnv) -> StdCommand {
        let mut c = env.std_command();
        c.env_remove("PIM_ACTOR")
            .env("PIM_SERVER", &self.url)
            .env("PIM_CA", &self.ca);
        c
    }

    /// `pim` presenting the certificate `dir/name.pem`.
    fn run_with(&self, env: &TestEnv, dir: &str, name: &str, args: &[&str]) -> Run {
        let d = env.path(dir);
        Run::from(
            self.client(env)
                .env("PIM_CLIENT_CERT", d.join(format!("{name}.pem")))
                .env("PIM_CLIENT_KEY", d.join(format!("{name}.key")))
                .args(args)
                .output()
                .expect("run pim"),
        )
    }

    fn run(&self, env: &TestEnv, name: &str, args: &[&str]) -> Run {
        self.run_with(env, "certs", name, args)
    }

    /// Blocks until the server has logged `needle` `n` times (or 30 s pass: a failure).
    fn wait_log(&self, needle: &str, n: usize) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let mut log = self.log.0.lock().unwrap();
        while log.matches(needle).count() < n {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            assert!(
                !left.is_zero(),
                "the server never logged {needle:?} {n} times:\n{log}"
            );
            log = self.log.1.wait_timeout(log, left).unwrap().0;
        }
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct IdentityJson {
    principal: String,
    principal_id: String,
    mode: String,
    method: String,
    subject: Option<String>,
    login: Option<String>,
}

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct IssuedJson {
    principal: String,
    cert: String,
    key: String,
    fingerprint: String,
    not_before: i64,
    not_after: i64,
}

fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn der_of(pem: &std::path::Path) -> Vec<u8> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    CertificateDer::from_pem_file(pem).unwrap().to_vec()
}

#[test]
fn ca_init_and_cert_issue_make_a_ca_and_client_certificates() {
    let env = TestEnv::new();
    let dir = ca(&env, "ca");
    for (f, m) in [
        ("ca.pem", 0o644),
        ("ca.key", 0o600),
        ("server.pem", 0o644),
        ("server.key", 0o600),
    ] {
        assert_eq!(mode(&dir.join(f)), m, "{f}");
    }
    // The server certificate names localhost and 127.0.0.1, and chains to the CA.
    let server = der_of(&dir.join("server.pem"));
    let (_, cert) = x509_parser::parse_x509_certificate(&server).unwrap();
    let sans: Vec<String> = cert
        .subject_alternative_name()
        .unwrap()
        .unwrap()
        .value
        .general_names
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(sans, ["DNSName(localhost)", "IPAddress(7f:00:00:01)"]);
    let ca_der = der_of(&dir.join("ca.pem"));
    let (_, ca_cert) = x509_parser::parse_x509_certificate(&ca_der).unwrap();
    assert_eq!(cert.issuer(), ca_cert.subject());
    assert!(ca_cert.is_ca());
    // Never overwritten.
    let before = std::fs::read(dir.join("ca.key")).unwrap();
    env.run(&["serve", "ca", "init", "--dir", path_str(&dir)])
        .refused(1, "already exists: refusing to overwrite it");
    assert_eq!(std::fs::read(dir.join("ca.key")).unwrap(), before);

    // A client certificate: CN=bob, for client authentication, its fingerprint on stdout.
    let fp = issue(&env, "bob", &dir, "certs", &[]);
    let bob = der_of(&env.path("certs/bob.pem"));
    assert_eq!(
        fp,
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bob))
    );
    assert_eq!(mode(&env.path("certs/bob.key")), 0o600);
    let (_, c) = x509_parser::parse_x509_certificate(&bob).unwrap();
    let cn: Vec<&str> = c
        .subject()
        .iter_common_name()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(cn, ["bob"]);
    let eku = c.extended_key_usage().unwrap().unwrap().value;
    assert!(eku.client_auth && !eku.server_auth);
    assert_eq!(c.issuer(), ca_cert.subject());
    // The format `principal update --cert-fingerprint` takes, and JSON for scripts.
    let j: IssuedJson = env
        .run(&[
            "-o",
            "json",
            "cert",
            "issue",
            "--principal",
            "carol",
            "--ca-dir",
            path_str(&dir),
            "--out",
            path_str(&env.path("certs")),
            "--days",
            "30",
        ])
        .json();
    assert_eq!(j.principal, "carol");
    assert!(j.cert.ends_with("certs/carol.pem") && j.key.ends_with("certs/carol.key"));
    assert_eq!(j.fingerprint.len(), 64);
    assert_eq!(j.not_after - j.not_before, 30 * 86_400 + 300);
    env.run(&[
        "cert",
        "issue",
        "--principal",
        "bob",
        "--ca-dir",
        path_str(&dir),
        "--out",
        path_str(&env.path("certs")),
    ])
    .refused(1, "bob.pem already exists");
    env.run(&[
        "cert",
        "issue",
        "--principal",
        "bob",
        "--ca-dir",
        path_str(&env.path("nowhere")),
    ])
    .refused(1, "cannot read the CA certificate");
}

#[test]
fn a_certificate_acts_as_the_principal_it_names() {
    let env = TestEnv::sample();
    let dir = ca(&env, "ca");
    let fp = issue(&env, "bob", &dir, "certs", &[]);
    let server = TlsServer::start(&env, &dir, "");
    server
        .run(&env, "bob", &["whoami"])
        .ok()
        .stdout_has(&format!("certificate SHA-256 {fp} → bob"));
    let id: IdentityJson = server.run(&env, "bob", &["-o", "json", "whoami"]).json();
    assert_eq!(
        (id.principal.as_str(), id.mode.as_str(), id.method.as_str()),
        ("bob", "server", "certificate")
    );
    assert_eq!(id.subject.as_deref(), Some(fp.as_str()));
    assert_eq!(id.login, None);
    assert!(!id.principal_id.is_empty());
    server
        .run(&env, "bob", &["status"])
        .ok()
        .stdout_has("Security Administrator");
    server
        .run(
            &env,
            "bob",
            &[
                "activate",
                "--role",
                "Security Administrator",
                "--justification",
                "deploy",
            ],
        )
        .ok();
    let last = env.last_audit();
    assert_eq!(
        (last.actor.as_str(), last.action.as_str()),
        ("bob", "activation.request")
    );
    assert_eq!(last.result, "success");
    assert_eq!(last.auth.as_deref(), Some("certificate"));
    assert_eq!(last.auth_id.as_deref(), Some(fp.as_str()));
    server
        .run(
            &env,
            "bob",
            &[
                "check",
                "--principal",
                "bob",
                "--role",
                "Security Administrator",
            ],
        )
        .ok()
        .stdout_has("yes: bob holds Security Administrator");
    // Streams come through TLS as through the socket: the same lines as the embedded export.
    let local = env.run(&["audit", "export", "--format", "jsonl"]);
    let admin = issue(&env, "admin", &dir, "certs", &[]);
    assert_eq!(admin.len(), 64);
    let remote = server.run(&env, "admin", &["audit", "export", "--format", "jsonl"]);
    remote.ok();
    assert_eq!(remote.stdout, local.ok().stdout);
}

#[test]
fn with_name_binding_off_only_fingerprints_bind() {
    let env = TestEnv::sample();
    let dir = ca(&env, "ca");
    let fp = issue(&env, "bob", &dir, "certs", &[]);
    let server = TlsServer::start(&env, &dir, "cert_name_binding = false");
    let before = env.state();
    let audit = env.count("audit");
    server
        .run(&env, "bob", &["whoami"])
        .refused(4, "is bound to no principal")
        .stderr_has(&format!("--cert-fingerprint {fp}"));
    assert_eq!(env.state(), before);
    assert_eq!(env.count("audit"), audit + 1);
    let last = env.last_audit();
    assert_eq!(
        (last.action.as_str(), last.result.as_str()),
        ("auth.refused", "failure")
    );
    assert_eq!(last.auth.as_deref(), Some("certificate"));
    assert_eq!(last.auth_id.as_deref(), Some(fp.as_str()));
    // A binding made while the server runs counts from the next request on.
    env.run(&["principal", "update", "bob", "--cert-fingerprint", &fp])
        .ok();
    server
        .run(&env, "bob", &["whoami"])
        .ok()
        .stdout_has("→ bob");
}

#[test]
fn a_bound_fingerprint_comes_before_the_name_and_turns_the_name_off() {
    let env = TestEnv::sample();
    let dir = ca(&env, "ca");
    // A certificate that says carol, bound to bob: it is bob's.
    let carols = issue(&env, "carol", &dir, "certs", &[]);
    env.run(&["principal", "update", "bob", "--cert-fingerprint", &carols])
        .ok();
    let server = TlsServer::start(&env, &dir, "");
    server
        .run(&env, "carol", &["whoami"])
        .ok()
        .stdout_has("→ bob");
    // bob now has a fingerprint of his own: another certificate naming bob binds nothing.
    issue(&env, "bob", &dir, "certs", &[]);
    server
        .run(&env, "bob", &["whoami"])
        .refused(4, "is bound to no principal");
}

#[test]
fn unbound_expired_foreign_and_missing_certificates_are_refused_and_audited() {
    let env = TestEnv::sample();
    let dir = ca(&env, "ca");
    let nobody = issue(&env, "nobody", &dir, "certs", &[]);
    let expired = issue(
        &env,
        "bob",
        &dir,
        "expired",
        &["--not-after", "2021-01-01T00:00:00Z"],
    );
    // Another CA of the same name (the signature does not verify), and one of another name.
    let other = ca(&env, "other-ca");
    let foreign = issue(&env, "bob", &other, "foreign", &[]);
    let named = env.path("named-ca");
    env.run(&[
        "serve",
        "ca",
        "init",
        "--dir",
        path_str(&named),
        "--name",
        "Other CA",
    ])
    .ok();
    let foreign_named = issue(&env, "bob", &named, "foreign-named", &[]);
    let server = TlsServer::start(&env, &dir, "");
    let before = env.state();
    let mut audit = env.count("audit");
    let mut handshakes = 0;
    // (certificate dir, what the client is told, what the audit records, refused in the handshake)
    let cases: [(Option<&str>, &str, Option<&str>, bool); 5] = [
        (
            Some("certs"),
            "certificate nobody (SHA-256",
            Some(&nobody),
            false,
        ),
        (Some("expired"), "it has expired", Some(&expired), true),
        (
            Some("foreign"),
            "it is not issued by the server's client CA",
            Some(&foreign),
            true,
        ),
        (
            Some("foreign-named"),
            "it is not issued by the server's client CA",
            Some(&foreign_named),
            true,
        ),
        (None, "requires a client certificate", None, true),
    ];
    for (dir, told, fp, handshake) in cases {
        let r = match dir {
            Some(d) => server.run_with(
                &env,
                d,
                if d == "certs" { "nobody" } else { "bob" },
                &["status"],
            ),
            None => Run::from(server.client(&env).arg("status").output().unwrap()),
        };
        r.refused(4, told);
        if handshake {
            handshakes += 1;
            server.wait_log("refused (exit 4)", handshakes);
        }
        audit += 1;
        assert_eq!(env.count("audit"), audit, "{told}: audited once");
        let last = env.last_audit();
        assert_eq!(
            (last.action.as_str(), last.result.as_str()),
            ("auth.refused", "failure"),
            "{told}"
        );
        assert_eq!(last.auth.as_deref(), Some("certificate"), "{told}");
        assert_eq!(last.auth_id.as_deref(), fp, "{told}");
        assert_eq!(last.actor_id, None);
    }
    let reasons: Vec<String> = env
        .json::<Vec<AuditJson>>(&["audit", "list", "--limit", "4"])
        .into_iter()
        .filter_map(|a| a.reason)
        .collect();
    let all = reasons.join("\n");
    assert!(all.contains("the client certificate has expired"), "{all}");
    assert!(
        all.contains("not issued by the server's client CA"),
        "{all}"
    );
    assert!(all.contains("no client certificate was presented"), "{all}");
    assert_eq!(env.state(), before, "refusals changed nothing");
}

#[test]
fn a_disabled_principals_certificate_is_refused() {
    let env = TestEnv::sample();
    let dir = ca(&env, "ca");
    issue(&env, "bob", &dir, "certs", &[]);
    let server = TlsServer::start(&env, &dir, "");
    env.run(&["principal", "disable", "bob"]).ok();
    server
        .run(&env, "bob", &["whoami"])
        .refused(4, "principal 'bob' is disabled");
    let last = env.last_audit();
    assert_eq!(
        (last.action.as_str(), last.result.as_str()),
        ("auth.refused", "failure")
    );
    assert_eq!(last.auth.as_deref(), Some("certificate"));
}

#[test]
fn as_is_refused_against_an_https_server() {
    let env = TestEnv::sample();
    let dir = ca(&env, "ca");
    issue(&env, "bob", &dir, "certs", &[]);
    let server = TlsServer::start(&env, &dir, "");
    let audit = env.count("audit");
    server
        .run(&env, "bob", &["--as", "admin", "status"])
        .refused(
            4,
            &format!("identity comes from the server at {}", server.url),
        );
    let mut c = server.client(&env);
    c.env("PIM_ACTOR", "admin")
        .env("PIM_CLIENT_CERT", env.path("certs/bob.pem"))
        .env("PIM_CLIENT_KEY", env.path("certs/bob.key"))
        .arg("whoami");
    Run::from(c.output().unwrap()).refused(4, "not from --as, PIM_ACTOR");
    assert_eq!(
        env.count("audit"),
        audit,
        "refused before anything was sent"
    );
}

#[test]
fn the_server_keeps_serving_after_garbage_instead_of_a_tls_hello() {
    let env = TestEnv::sample();
    let dir = ca(&env, "ca");
    issue(&env, "bob", &dir, "certs", &[]);
    let server = TlsServer::start(&env, &dir, "");
    let audit = env.count("audit");
    let addr = ("127.0.0.1", server.port());
    // Plain HTTP, random bytes, and a client that leaves mid-handshake.
    for bytes in [
        &b"POST /v1/op HTTP/1.1\r\nHost: pim\r\nContent-Length: 2\r\n\r\n{}"[..],
        &b"\x00\xff\x13\x37 garbage \r\n\r\n"[..],
        &b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"[..],
    ] {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        s.write_all(bytes).unwrap();
        if bytes.len() > 12 {
            let mut out = Vec::new();
            let _ = s.read_to_end(&mut out);
            assert!(!out.starts_with(b"HTTP/"), "no HTTP without TLS");
        }
    }
    server
        .run(&env, "bob", &["whoami"])
        .ok()
        .stdout_has("→ bob");
    assert_eq!(env.count("audit"), audit, "no TLS client, nothing to audit");
}

#[test]
fn client_tls_files_that_are_missing_or_wrong_are_clear_errors() {
    let env = TestEnv::sample();
    let dir = ca(&env, "ca");
    issue(&env, "bob", &dir, "certs", &[]);
    let server = TlsServer::start(&env, &dir, "");
    let cert = env.path("certs/bob.pem");
    let key = env.path("certs/bob.key");
    let run = |c: &mut StdCommand| Run::from(c.arg("whoami").output().unwrap());
    run(server
        .client(&env)
        .env("PIM_CLIENT_CERT", env.path("nope.pem"))
        .env("PIM_CLIENT_KEY", &key))
    .refused(1, "cannot read the client certificate (--client-cert)");
    run(server.client(&env).env("PIM_CLIENT_CERT", &cert))
        .refused(2, "--client-cert needs its key");
    run(server
        .client(&env)
        .env("PIM_CLIENT_CERT", &cert)
        .env("PIM_CLIENT_KEY", &cert))
    .refused(1, "holds no private key");
    run(server
        .client(&env)
        .env_remove("PIM_CA")
        .env("PIM_CLIENT_CERT", &cert)
        .env("PIM_CLIENT_KEY", &key))
    .refused(1, "needs a CA to check its certificate against");
    // A server whose certificate the client's CA did not issue is not trusted.
    let other = ca(&env, "other-ca");
    run(server
        .client(&env)
        .env("PIM_CA", other.join("ca.pem"))
        .env("PIM_CLIENT_CERT", &cert)
        .env("PIM_CLIENT_KEY", &key))
    .refused(1, "is not trusted");
    // The flags say the same as the variables, and the name the URL gives is checked.
    let url = format!("https://localhost:{}", server.port());
    Run::from(
        env.std_command()
            .env_remove("PIM_ACTOR")
            .args(["--server", &url, "--ca"])
            .arg(&server.ca)
            .arg("--client-cert")
            .arg(&cert)
            .arg("--client-key")
            .arg(&key)
            .arg("whoami")
            .output()
            .unwrap(),
    )
    .ok()
    .stdout_has("→ bob");
    env.run(&["--server", "http://127.0.0.1:1", "--as", "x", "status"])
        .refused(1, "never plain HTTP");
}

#[test]
fn serve_says_what_listen_needs() {
    let env = TestEnv::sample();
    env.run(&["serve", "--no-socket", "--listen", "127.0.0.1:0"])
        .refused(2, "--listen needs --tls-cert");
    env.run(&["serve", "--no-socket"])
        .refused(1, "nothing to listen on");
    env.run(&["serve", "--tls-cert", "x.pem"])
        .refused(2, "are for --listen");
    let dir = ca(&env, "ca");
    let f = |n: &str| dir.join(n).to_str().unwrap().to_string();
    env.run(&[
        "serve",
        "--no-socket",
        "--listen",
        "127.0.0.1:0",
        "--tls-cert",
        &f("server.pem"),
        "--tls-key",
        &f("ca.key"),
        "--client-ca",
        &f("ca.pem"),
    ])
    .refused(1, "do not go together");
}

#[test]
fn removing_a_fingerprint_binding_stops_its_certificate_at_the_next_request() {
    let env = TestEnv::sample();
    let dir = ca(&env, "ca");
    let fp = issue(&env, "bob", &dir, "certs", &[]);
    let server = TlsServer::start(&env, &dir, "cert_name_binding = false");
    env.run(&["principal", "update", "bob", "--cert-fingerprint", &fp])
        .ok();
    server
        .run(&env, "bob", &["whoami"])
        .ok()
        .stdout_has("→ bob");
    let before = env.state();
    env.run(&[
        "principal",
        "update",
        "bob",
        "--remove-cert-fingerprint",
        &fp,
        "--dry-run",
    ])
    .ok()
    .stderr_has("dry run");
    assert_eq!(env.state(), before, "a dry run changes nothing");
    env.run(&[
        "principal",
        "update",
        "bob",
        "--remove-cert-fingerprint",
        &fp,
    ])
    .ok();
    let last = env.last_audit();
    assert_eq!(
        (last.action.as_str(), last.result.as_str()),
        ("principal.bind", "success")
    );
    assert_eq!(last.details.unwrap()["cert_removed"]["old"], fp.as_str());
    server
        .run(&env, "bob", &["whoami"])
        .refused(4, "is bound to no principal");
    // Unbinding what is not bound to that principal says so, and changes nothing.
    let before = env.state();
    env.run(&[
        "principal",
        "update",
        "bob",
        "--remove-cert-fingerprint",
        &fp,
    ])
    .refused(3, "not found");
    env.run(&[
        "principal",
        "update",
        "bob",
        "--remove-cert-fingerprint",
        "12:34",
    ])
    .refused(1, "is not a SHA-256 fingerprint");
    assert_eq!(env.state(), before);
}

#[test]
fn config_files_set_up_the_server_and_the_client() {
    let env = TestEnv::sample();
    ca(&env, "ca");
    let dir = env.path("ca");
    issue(&env, "bob", &dir, "certs", &[]);
    // Relative paths are taken from the config file's directory.
    let server = TlsServer::start_with(
        &env,
        &dir,
        "listen = \"127.0.0.1:0\"\ntls_cert = \"ca/server.pem\"\ntls_key = \"ca/server.key\"\nclient_ca = \"ca/ca.pem\"",
        &[],
    );
    let client = env.write_file(
        "client.toml",
        &format!(
            "[client]\nserver = \"{}\"\nca = \"ca/ca.pem\"\nclient_cert = \"certs/bob.pem\"\nclient_key = \"certs/bob.key\"\n",
            server.url
        ),
    );
    Run::from(
        env.std_command()
            .env_remove("PIM_ACTOR")
            .env("PIM_CONFIG", &client)
            .arg("whoami")
            .output()
            .unwrap(),
    )
    .ok()
    .stdout_has("→ bob");
}

#[test]
fn the_server_certificate_must_name_the_host_the_client_reaches() {
    let env = TestEnv::sample();
    let named = env.path("named");
    env.run(&[
        "serve",
        "ca",
        "init",
        "--dir",
        path_str(&named),
        "--san",
        "pim.example",
    ])
    .ok();
    issue(&env, "bob", &named, "certs", &[]);
    let server = TlsServer::start(&env, &named, "");
    server
        .run(&env, "bob", &["whoami"])
        .refused(1, "it does not name the host of the URL");
}

#[test]
fn sigterm_stops_a_tls_server() {
    let env = TestEnv::sample();
    let dir = ca(&env, "ca");
    issue(&env, "bob", &dir, "certs", &[]);
    let mut server = TlsServer::start(&env, &dir, "");
    server.run(&env, "bob", &["whoami"]).ok();
    StdCommand::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(server.child.wait().unwrap().success());
    server.wait_log("pim serve: stopped", 1);
}

/// Prompts run on the client's terminal, over TLS as over the socket.
#[test]
fn an_interactive_activation_over_tls() {
    let env = TestEnv::sample();
    let dir = ca(&env, "ca");
    issue(&env, "dave", &dir, "certs", &[]);
    let server = TlsServer::start(&env, &dir, "");
    let mut cmd = server.client(&env);
    cmd.env("PIM_CLIENT_CERT", env.path("certs/dave.pem"))
        .env("PIM_CLIENT_KEY", env.path("certs/dave.key"))
        .env("TERM", "xterm")
        .arg("activate");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("Helpdesk Administrator at /administrativeUnits/paris")
        .unwrap();
    p.send(" ").unwrap();
    p.flush().unwrap();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("Justification").unwrap();
    p.send_line("INC-42 over TLS").unwrap();
    p.exp_string("Duration").unwrap();
    p.send_line("1h").unwrap();
    p.exp_string("activated").unwrap();
    p.exp_eof().unwrap();
    let last = env.last_audit();
    assert_eq!(last.actor, "dave");
    assert_eq!(last.justification.as_deref(), Some("INC-42 over TLS"));
    assert_eq!(last.auth.as_deref(), Some("certificate"));
}
