//! `pim notifications list|deliver|digest`: the outbox, its delivery through the configured
//! channels, and the weekly digest.

pub mod channel;

use std::time::Instant;

use clap::{Args, Subcommand};
use serde::Serialize;
use serde_json::json;

use super::render::{self, Tabular};
use super::{Env, Format, LIST_LIMIT, Status};
use crate::api;
use crate::core::clock::rfc3339;
use crate::core::notify::{self, Attempt, NotificationView};
use crate::core::schedule::Toward;
use crate::core::{Error, Result};
use crate::store::outbox::{Filter, OutboxRow};
use channel::Channel;

#[derive(Subcommand, Debug)]
pub enum NotificationsCmd {
    /// List the outbox: what was queued, to whom, and whether it was delivered
    List(ListArgs),
    /// Send what is due through the channels of the config file (safe from cron, and from two
    /// processes at once)
    Deliver(DeliverArgs),
    /// Queue the weekly digest (activations, new assignments, alerts) for the administrators
    Digest(DigestArgs),
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only rows not delivered yet
    #[arg(long)]
    pub undelivered: bool,
    /// Only rows whose delivery failed (they are retried by later runs)
    #[arg(long)]
    pub failed: bool,
    /// The newest N rows (newest first)
    #[arg(long, value_name = "N", default_value_t = LIST_LIMIT, conflicts_with = "all")]
    pub limit: u64,
    /// Every row, newest first
    #[arg(long)]
    pub all: bool,
}

#[derive(Args, Debug)]
pub struct DeliverArgs {
    /// Rows claimed at a time [default: the config's `batch`, else 100]
    #[arg(long, value_name = "N")]
    pub batch: Option<u64>,
}

#[derive(Args, Debug)]
pub struct DigestArgs {
    /// The start of the period [default: 7 days ago]
    #[arg(long, value_name = "T")]
    pub since: Option<String>,
}

pub fn run(cmd: NotificationsCmd, env: &mut Env) -> Result<Status> {
    match cmd {
        NotificationsCmd::List(a) => list(a, env),
        NotificationsCmd::Deliver(a) => deliver(a, env),
        NotificationsCmd::Digest(a) => digest(a, env),
    }
}

impl Tabular for NotificationView {
    fn headers() -> Vec<&'static str> {
        vec![
            "ID",
            "CREATED",
            "KIND",
            "AUDIENCE",
            "RECIPIENT",
            "ADDRESS",
            "SUBJECT",
            "CRITICAL",
            "STATE",
            "ATTEMPTS",
            "NEXT ATTEMPT",
            "LAST ERROR",
            "DELIVERED AT",
            "CHANNELS",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            if full {
                self.id.clone()
            } else {
                render::short_id(&self.id)
            },
            render::time_cell(self.created_at, full),
            self.kind.clone(),
            self.audience.clone(),
            self.recipient.clone().unwrap_or_default(),
            self.address.clone().unwrap_or_else(
                || {
                    if full { String::new() } else { "(none)".into() }
                },
            ),
            self.subject.clone(),
            if self.critical { "yes" } else { "no" }.into(),
            self.state.to_string(),
            self.attempts.to_string(),
            if self.delivered_at.is_some() {
                String::new()
            } else {
                render::time_cell(self.next_attempt_at, full)
            },
            self.last_error.clone().unwrap_or_default(),
            self.delivered_at
                .map(|t| render::time_cell(t, full))
                .unwrap_or_default(),
            self.channels.join(","),
        ]
    }

    fn table_columns() -> Option<&'static [usize]> {
        Some(&[0, 1, 2, 4, 5, 7, 8, 9, 11])
    }

    fn hide_first() -> &'static [&'static str] {
        &["CRITICAL", "ATTEMPTS", "CREATED", "ADDRESS"]
    }
}

fn list(a: ListArgs, env: &mut Env) -> Result<Status> {
    let rows = env.client.call(api::NotifyList {
        filter: Filter {
            undelivered: a.undelivered,
            failed: a.failed,
            limit: (!a.all).then_some(a.limit),
        },
    })?;
    render::listing(
        &env.ui,
        &rows,
        "notifications",
        &format!("showing the newest {}; --all shows every one", a.limit),
    )?;
    Ok(0)
}

/// What one deliver run did.
#[derive(Debug, Serialize)]
pub struct DeliverReport {
    /// Rows this run claimed and tried.
    pub attempted: usize,
    pub delivered: usize,
    pub failed: usize,
    /// Rows another run took over after this run's claim ran out (not marked by this run).
    pub lost_claims: usize,
    pub failures: Vec<Failure>,
}

#[derive(Debug, Serialize)]
pub struct Failure {
    pub id: String,
    pub recipient: Option<String>,
    pub address: Option<String>,
    pub error: String,
}

/// The JSON document webhooks and commands receive for a row (README: "Notifications").
pub fn document(row: &OutboxRow) -> String {
    json!({
        "id": row.id,
        "kind": row.kind,
        "created_at": rfc3339(row.created_at),
        "audience": row.audience,
        "critical": row.critical,
        "recipient": {
            "id": row.recipient_id,
            "name": row.recipient_name,
            "address": row.address,
        },
        "subject": row.subject,
        "body": row.body,
        "data": serde_json::from_str::<serde_json::Value>(&row.payload).unwrap_or_default(),
    })
    .to_string()
}

fn deliver(a: DeliverArgs, env: &mut Env) -> Result<Status> {
    // The channels and their secrets are the server's: it delivers on its own schedule.
    if let crate::client::Client::Remote(r) = &env.client {
        return Err(Error::invalid_with_hint(
            format!(
                "the server at {} delivers notifications on its own (`[server] deliver_interval`), with its own channels",
                r.endpoint
            ),
            "to deliver at once, run `pim notifications deliver --db PATH` on the server host, as the service account",
        ));
    }
    let channels = Channel::from_config(&env.config.notifications, env.config_dir.as_deref())?;
    if channels.is_empty() {
        return Err(Error::invalid_with_hint(
            "no notification channel is configured",
            "add a `[[notifications.channel]]` table (type = \"smtp\", \"webhook\" or \"command\") to the config file; see the README's Notifications section",
        ));
    }
    let batch = a
        .batch
        .or(env.config.notifications.batch)
        .unwrap_or(100)
        .max(1);
    let token = uuid::Uuid::new_v4().to_string();
    // The run's clock: the command's instant (PIM_NOW in tests) plus the time the run has taken,
    // so that a long run's later claims and marks carry their own instants.
    let started = Instant::now();
    let now = |env: &Env| env.ctx.now + started.elapsed().as_secs() as i64;
    // A claim lasts as long as sending its whole batch may take, and at least the default lease:
    // no other run takes over rows this one is still working through.
    let per_row: u64 = channels.iter().map(|c| c.timeout().as_secs()).sum();
    let lease = (per_row.saturating_mul(batch) as i64).max(notify::LEASE_SECS);
    let mut report = DeliverReport {
        attempted: 0,
        delivered: 0,
        failed: 0,
        lost_claims: 0,
        failures: Vec::new(),
    };
    loop {
        let rows = env.client.call(api::NotifyClaim {
            token: token.clone(),
            limit: batch,
            lease_secs: lease,
            now: now(env),
        })?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            report.attempted += 1;
            let doc = document(&row);
            let mut done = notify::channels_of(&row);
            let mut errors = Vec::new();
            for ch in &channels {
                if done.iter().any(|d| d == ch.name()) {
                    continue;
                }
                match ch.send(&row, &doc) {
                    Ok(()) => done.push(ch.name().to_string()),
                    Err(e) => {
                        if ch.is_mail() && row.address.is_none() {
                            env.ui.warn(&format!(
                                "notification {} to {} not sent by mail: {e}",
                                render::short_id(&row.id),
                                row.recipient_name.as_deref().unwrap_or("?"),
                            ));
                        }
                        errors.push(format!("{}: {e}", ch.name()));
                    }
                }
            }
            let attempt = if errors.is_empty() {
                Attempt::Delivered { channels: done }
            } else {
                Attempt::Failed {
                    error: errors.join("; "),
                    channels: done,
                }
            };
            let at = now(env);
            let recorded = env.client.call(api::NotifyRecord {
                now: at,
                row: row.clone(),
                token: token.clone(),
                attempt: attempt.clone(),
            })?;
            if !recorded {
                report.lost_claims += 1;
                continue;
            }
            match attempt {
                Attempt::Delivered { .. } => report.delivered += 1,
                Attempt::Failed { error, .. } => {
                    report.failed += 1;
                    report.failures.push(Failure {
                        id: row.id.clone(),
                        recipient: row.recipient_name.clone(),
                        address: row.address.clone(),
                        error,
                    });
                }
            }
        }
    }
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &report)?,
        _ => {
            env.ui.out(&format!(
                "{} delivered, {} failed",
                report.delivered, report.failed
            ));
            for f in &report.failures {
                env.ui.note(&format!(
                    "{} to {}: {}",
                    render::short_id(&f.id),
                    f.address
                        .as_deref()
                        .or(f.recipient.as_deref())
                        .unwrap_or("?"),
                    f.error
                ));
            }
        }
    }
    if report.failed > 0 {
        return Err(Error::invalid_with_hint(
            format!(
                "{} notification(s) could not be delivered; they stay in the outbox and are retried by later runs",
                report.failed
            ),
            "see them with `pim notifications list --failed`",
        ));
    }
    Ok(0)
}

fn digest(a: DigestArgs, env: &mut Env) -> Result<Status> {
    let since = env.time_opt(a.since.as_deref(), Toward::Past)?;
    let r = env.client.call(api::NotifyDigest {
        since,
        alerts: env.config.alerts.clone(),
    })?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &r)?,
        _ => env.ui.out(&format!(
            "digest queued for {} recipient(s): {} activation(s), {} new assignment(s), {} alert(s)",
            r.queued, r.activations, r.new_assignments, r.alerts
        )),
    }
    Ok(0)
}
