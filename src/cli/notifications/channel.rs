//! Delivery channels from the config file's `[[notifications.channel]]` tables: SMTP (lettre),
//! webhook (ureq, JSON POST, optional HMAC-SHA256 signature) and command (JSON on stdin).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::core::schedule;
use crate::core::{Error, Result};
use crate::store::outbox::OutboxRow;

/// `[notifications]` in the config file.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct NotificationsConfig {
    /// Where notifications go; each row goes through every channel.
    #[serde(default)]
    pub channel: Vec<ChannelConfig>,
    /// Rows one claim takes (a run claims until nothing is due).
    pub batch: Option<u64>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum ChannelConfig {
    Smtp(SmtpConfig),
    Webhook(WebhookConfig),
    Command(CommandConfig),
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// The channel's name in `notifications list` [default: smtp].
    pub name: Option<String>,
    pub host: String,
    /// [default: 587 with STARTTLS, else 25]
    pub port: Option<u16>,
    /// Upgrade the connection with STARTTLS before sending (required when on) [default: true].
    pub starttls: Option<bool>,
    /// PEM certificates to trust besides the public roots (a private CA's), for STARTTLS.
    pub ca_file: Option<PathBuf>,
    pub user: Option<String>,
    /// A file holding the password (surrounding whitespace trimmed).
    pub password_file: Option<PathBuf>,
    /// An environment variable holding the password.
    pub password_env: Option<String>,
    /// The sender, e.g. "PIM <pim@contoso.example>".
    pub from: String,
    /// e.g. "30s" [default: 30s]
    pub timeout: Option<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// [default: webhook]
    pub name: Option<String>,
    pub url: String,
    /// A file holding the shared secret: the body is signed with HMAC-SHA256, sent as
    /// `X-Pim-Signature: sha256=HEX`.
    pub secret_file: Option<PathBuf>,
    /// An environment variable holding the shared secret.
    pub secret_env: Option<String>,
    /// [default: 30s]
    pub timeout: Option<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct CommandConfig {
    /// [default: command]
    pub name: Option<String>,
    /// The program to run; it reads the notification's JSON on stdin; exit 0 is success.
    pub program: PathBuf,
    #[serde(default)]
    pub args: Vec<String>,
    /// [default: 60s]
    pub timeout: Option<String>,
}

/// A channel ready to send.
pub enum Channel {
    Smtp {
        name: String,
        mailer: lettre::SmtpTransport,
        from: lettre::message::Mailbox,
        timeout: Duration,
    },
    Webhook {
        name: String,
        url: String,
        secret: Option<Vec<u8>>,
        agent: ureq::Agent,
        timeout: Duration,
    },
    Command {
        name: String,
        program: PathBuf,
        args: Vec<String>,
        timeout: Duration,
    },
}

fn timeout(text: Option<&str>, default: u64, what: &str) -> Result<Duration> {
    match text {
        None => Ok(Duration::from_secs(default)),
        Some(t) => {
            let secs = schedule::parse_duration(t).map_err(|_| {
                Error::invalid(format!(
                    "{what}: timeout '{t}' is not a duration (e.g. 30s)"
                ))
            })?;
            Ok(Duration::from_secs(secs.max(1) as u64))
        }
    }
}

/// Reads a secret from a file (relative to the config file's directory) or an environment
/// variable.
fn secret(
    file: Option<&Path>,
    var: Option<&str>,
    config_dir: Option<&Path>,
    what: &str,
) -> Result<Option<String>> {
    if let Some(f) = file {
        let path = match config_dir {
            Some(d) if f.is_relative() => d.join(f),
            _ => f.to_path_buf(),
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::invalid(format!("{what}: cannot read {}: {e}", path.display())))?;
        return Ok(Some(text.trim().to_string()));
    }
    if let Some(v) = var {
        return match std::env::var(v) {
            Ok(s) => Ok(Some(s)),
            Err(_) => Err(Error::invalid_with_hint(
                format!("{what}: the environment variable {v} is not set"),
                format!("export {v}=… before running pim"),
            )),
        };
    }
    Ok(None)
}

impl Channel {
    pub fn name(&self) -> &str {
        match self {
            Channel::Smtp { name, .. }
            | Channel::Webhook { name, .. }
            | Channel::Command { name, .. } => name,
        }
    }

    /// The longest one send may take.
    pub fn timeout(&self) -> Duration {
        match self {
            Channel::Smtp { timeout, .. }
            | Channel::Webhook { timeout, .. }
            | Channel::Command { timeout, .. } => *timeout,
        }
    }

    pub fn is_mail(&self) -> bool {
        matches!(self, Channel::Smtp { .. })
    }

    /// Builds the channels of the config, reading their secrets. Two channels may not share a
    /// name: a row records by name which channels accepted it.
    pub fn from_config(
        cfg: &NotificationsConfig,
        config_dir: Option<&Path>,
    ) -> Result<Vec<Channel>> {
        let mut out: Vec<Channel> = Vec::new();
        for c in &cfg.channel {
            let ch = match c {
                ChannelConfig::Smtp(s) => {
                    let name = s.name.clone().unwrap_or_else(|| "smtp".into());
                    let what = format!("notification channel '{name}'");
                    let starttls = s.starttls.unwrap_or(true);
                    let port = s.port.unwrap_or(if starttls { 587 } else { 25 });
                    let mut b = lettre::SmtpTransport::builder_dangerous(&s.host);
                    if starttls {
                        use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
                        let mut tls = TlsParameters::builder(s.host.clone());
                        if let Some(ca) = &s.ca_file {
                            let path = match config_dir {
                                Some(d) if ca.is_relative() => d.join(ca),
                                _ => ca.clone(),
                            };
                            let pem = std::fs::read(&path).map_err(|e| {
                                Error::invalid(format!(
                                    "{what}: cannot read ca_file {}: {e}",
                                    path.display()
                                ))
                            })?;
                            let cert = Certificate::from_pem(&pem).map_err(|e| {
                                Error::invalid(format!(
                                    "{what}: ca_file {} holds no PEM certificate: {e}",
                                    path.display()
                                ))
                            })?;
                            tls = tls.add_root_certificate(cert);
                        }
                        let params = tls.build_rustls().map_err(|e| {
                            Error::invalid(format!(
                                "{what}: cannot set up TLS for '{}': {e}",
                                s.host
                            ))
                        })?;
                        b = b.tls(Tls::Required(params));
                    }
                    let limit = timeout(s.timeout.as_deref(), 30, &what)?;
                    b = b.port(port).timeout(Some(limit));
                    let password = secret(
                        s.password_file.as_deref(),
                        s.password_env.as_deref(),
                        config_dir,
                        &what,
                    )?;
                    match (&s.user, password) {
                        (Some(u), Some(p)) => {
                            b = b.credentials(
                                lettre::transport::smtp::authentication::Credentials::new(
                                    u.clone(),
                                    p,
                                ),
                            );
                        }
                        (Some(_), None) => {
                            return Err(Error::invalid_with_hint(
                                format!("{what}: `user` is set but no password"),
                                "set `password_file` or `password_env`",
                            ));
                        }
                        _ => {}
                    }
                    let from = s.from.parse().map_err(|e| {
                        Error::invalid(format!(
                            "{what}: `from` '{}' is not an address: {e}",
                            s.from
                        ))
                    })?;
                    Channel::Smtp {
                        name,
                        mailer: b.build(),
                        from,
                        timeout: limit,
                    }
                }
                ChannelConfig::Webhook(w) => {
                    let name = w.name.clone().unwrap_or_else(|| "webhook".into());
                    let what = format!("notification channel '{name}'");
                    if !(w.url.starts_with("http://") || w.url.starts_with("https://")) {
                        return Err(Error::invalid(format!(
                            "{what}: url '{}' must start with http:// or https://",
                            w.url
                        )));
                    }
                    let secret = secret(
                        w.secret_file.as_deref(),
                        w.secret_env.as_deref(),
                        config_dir,
                        &what,
                    )?
                    .map(String::into_bytes);
                    let limit = timeout(w.timeout.as_deref(), 30, &what)?;
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .timeout_global(Some(limit))
                        .http_status_as_error(true)
                        .build()
                        .into();
                    Channel::Webhook {
                        name,
                        url: w.url.clone(),
                        secret,
                        agent,
                        timeout: limit,
                    }
                }
                ChannelConfig::Command(c) => {
                    let name = c.name.clone().unwrap_or_else(|| "command".into());
                    let what = format!("notification channel '{name}'");
                    let program = match config_dir {
                        Some(d)
                            if c.program.is_relative() && c.program.components().count() > 1 =>
                        {
                            d.join(&c.program)
                        }
                        _ => c.program.clone(),
                    };
                    Channel::Command {
                        timeout: timeout(c.timeout.as_deref(), 60, &what)?,
                        name,
                        program,
                        args: c.args.clone(),
                    }
                }
            };
            if out.iter().any(|o| o.name() == ch.name()) {
                return Err(Error::invalid_with_hint(
                    format!("two notification channels are named '{}'", ch.name()),
                    "give each `[[notifications.channel]]` its own `name`",
                ));
            }
            out.push(ch);
        }
        Ok(out)
    }

    /// Sends one row. `doc` is the row's JSON document (webhooks and commands get it as is).
    pub fn send(&self, row: &OutboxRow, doc: &str) -> std::result::Result<(), String> {
        match self {
            Channel::Smtp { mailer, from, .. } => {
                use lettre::Transport;
                let Some(address) = row.address.as_deref() else {
                    return Err(match &row.recipient_name {
                        Some(n) => format!("principal '{n}' has no email address"),
                        None => "no email address".into(),
                    });
                };
                let to: lettre::message::Mailbox = address
                    .parse()
                    .map_err(|e| format!("'{address}' is not an email address: {e}"))?;
                let mut b = lettre::Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(&row.subject)
                    .message_id(Some(format!("<{}@pim>", row.id)))
                    .header(lettre::message::header::ContentType::TEXT_PLAIN);
                if row.critical {
                    b = b.header(Importance);
                }
                let msg = b
                    .body(row.body.clone())
                    .map_err(|e| format!("cannot build the message: {e}"))?;
                mailer.send(&msg).map(|_| ()).map_err(|e| {
                    let mut s = e.to_string();
                    let mut src = std::error::Error::source(&e);
                    while let Some(inner) = src {
                        s.push_str(&format!(": {inner}"));
                        src = inner.source();
                    }
                    s
                })
            }
            Channel::Webhook {
                url, secret, agent, ..
            } => {
                let mut req = agent
                    .post(url)
                    .header("Content-Type", "application/json")
                    .header("X-Pim-Notification-Id", &row.id)
                    .header("X-Pim-Event", &row.kind);
                if let Some(key) = secret {
                    req = req.header(
                        "X-Pim-Signature",
                        &format!("sha256={}", sign(key, doc.as_bytes())),
                    );
                }
                req.send(doc.as_bytes())
                    .map(|_| ())
                    .map_err(|e| format!("POST {url}: {e}"))
            }
            Channel::Command {
                program,
                args,
                timeout,
                ..
            } => run_command(program, args, *timeout, row, doc),
        }
    }
}

/// `Importance: high` on mail that needs action.
#[derive(Clone, Debug)]
struct Importance;

impl lettre::message::header::Header for Importance {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("Importance")
    }

    fn parse(_: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Importance)
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), "high".into())
    }
}

/// HMAC-SHA256 of `body` under `key`, hex.
pub fn sign(key: &[u8], body: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

fn run_command(
    program: &Path,
    args: &[String],
    timeout: Duration,
    row: &OutboxRow,
    doc: &str,
) -> std::result::Result<(), String> {
    let shown = program.display();
    let mut child = Command::new(program)
        .args(args)
        .env("PIM_NOTIFICATION_ID", &row.id)
        .env("PIM_NOTIFICATION_KIND", &row.kind)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    // Read stderr while the program runs, so that a chatty program cannot fill the pipe and hang.
    let stderr = child.stderr.take().map(|mut e| {
        std::thread::spawn(move || {
            use std::io::Read;
            let mut text = String::new();
            let _ = e.read_to_string(&mut text);
            text
        })
    });
    if let Some(mut stdin) = child.stdin.take() {
        // A program that exits without reading its input has still decided by its exit code.
        let _ = stdin.write_all(doc.as_bytes());
    }
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                if status.success() {
                    return Ok(());
                }
                let err = stderr.and_then(|h| h.join().ok()).unwrap_or_default();
                let err = err.trim();
                return Err(format!(
                    "{shown} exited with {status}{}",
                    if err.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", err.lines().last().unwrap_or(err))
                    }
                ));
            }
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{shown} did not finish within {}s",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("waiting for {shown}: {e}")),
        }
    }
}
