//! `pim serve [--socket PATH] [--listen ADDR:PORT …]`: run the server over the database;
//! `pim serve ca init`: make a small CA and the server's certificate for `--listen`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Env, Format, Status, render};
use crate::core::clock::{Clock, SystemClock};
use crate::core::{Error, Result};
use crate::server::{self, ServerConfig, ca};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ServeArgs {
    #[command(subcommand)]
    pub command: Option<ServeCmd>,
    /// The Unix socket to listen on [default: `[server] socket`, else
    /// $XDG_RUNTIME_DIR/pim/pim.sock, else /run/pim/pim.sock]
    #[arg(long, value_name = "PATH")]
    pub socket: Option<PathBuf>,
    /// Listen on the Unix socket not at all: only on --listen
    #[arg(long, conflicts_with = "socket")]
    pub no_socket: bool,
    /// Also listen on TCP with TLS, clients named by their certificate (port 0: a free port)
    /// [default: `[server] listen`]
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<String>,
    /// The server's certificate chain (PEM), for --listen [default: `[server] tls_cert`]
    #[arg(long, value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// The server certificate's private key (PEM), for --listen [default: `[server] tls_key`]
    #[arg(long, value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
    /// The CA client certificates must chain to (PEM), for --listen [default: `[server]
    /// client_ca`]
    #[arg(long, value_name = "FILE")]
    pub client_ca: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum ServeCmd {
    /// A small certificate authority for --listen: the CA and the server's certificate
    #[command(subcommand)]
    Ca(CaCmd),
}

#[derive(Subcommand, Debug)]
pub enum CaCmd {
    /// Make DIR/ca.pem, ca.key, server.pem and server.key (keys 0600; never overwritten)
    Init(CaInitArgs),
}

#[derive(Args, Debug)]
pub struct CaInitArgs {
    /// The directory to write the CA and the server's certificate into
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
    /// The CA's name (its certificate's common name)
    #[arg(long, value_name = "NAME", default_value = "pim CA")]
    pub name: String,
    /// The host names and IP addresses clients reach the server by, comma-separated
    #[arg(
        long,
        value_name = "NAMES",
        value_delimiter = ',',
        default_value = "localhost,127.0.0.1"
    )]
    pub san: Vec<String>,
    /// How long the CA and the server certificate are valid, in days
    #[arg(long, value_name = "N", default_value_t = 3650)]
    pub days: i64,
}

pub fn run(a: ServeArgs, env: &mut Env) -> Result<Status> {
    if let Some(ServeCmd::Ca(CaCmd::Init(i))) = a.command {
        return ca_init(i, env);
    }
    let mut config = env.config.server.clone();
    config.resolve_paths(env.config_dir.as_deref());
    let socket = if a.no_socket {
        None
    } else {
        Some(
            a.socket
                .or(config.socket.clone())
                .unwrap_or_else(ServerConfig::default_socket),
        )
    };
    let tls = match a.listen.or(config.listen.clone()) {
        Some(addr) => {
            let need = |flag: Option<PathBuf>, conf: &Option<PathBuf>, name: &str, key: &str| {
                flag.or(conf.clone()).ok_or_else(|| {
                    Error::usage_with_hint(
                        format!("--listen needs {name}"),
                        format!("pass {name} FILE, or set `[server] {key}` in the config (`pim serve ca init` makes one)"),
                    )
                })
            };
            let cert = need(a.tls_cert, &config.tls_cert, "--tls-cert", "tls_cert")?;
            let key = need(a.tls_key, &config.tls_key, "--tls-key", "tls_key")?;
            let client_ca = need(a.client_ca, &config.client_ca, "--client-ca", "client_ca")?;
            Some(server::TlsListen {
                addr,
                tls: server::tls::ServerTls::load(&cert, &key, &client_ca)?,
            })
        }
        None => {
            if a.tls_cert.is_some() || a.tls_key.is_some() || a.client_ca.is_some() {
                return Err(Error::usage(
                    "--tls-cert, --tls-key and --client-ca are for --listen ADDR:PORT",
                ));
            }
            None
        }
    };
    // One line per request on stderr; RUST_LOG-style filtering is not needed for so few lines,
    // only a level: `PIM_LOG=debug` adds the background work that found nothing to do.
    let level = match std::env::var("PIM_LOG") {
        Err(_) => tracing::Level::INFO,
        Ok(l) => l.trim().parse::<tracing::Level>().map_err(|_| {
            Error::usage(format!(
                "PIM_LOG={l} is not a log level (error, warn, info, debug or trace)"
            ))
        })?,
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .try_init();
    let fixed_now = if cfg!(debug_assertions) && std::env::var_os("PIM_NOW").is_some() {
        Some(env.ctx.now)
    } else {
        None
    };
    server::run(server::Options {
        db: env.db_path.clone(),
        socket,
        tls,
        config,
        audit_key: env.ctx.audit_key.clone(),
        fixed_now,
        config_file: env.config_file.clone(),
        has_channels: !env.config.notifications.channel.is_empty(),
    })?;
    Ok(0)
}

fn ca_init(a: CaInitArgs, env: &mut Env) -> Result<Status> {
    let sans: Vec<String> = a
        .san
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    // TLS checks certificates against the real clock, so they are made with it.
    let r = ca::init(&a.dir, &a.name, &sans, a.days, SystemClock.now())?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &r)?,
        Format::Csv => env.ui.out(&render::csv_text(
            vec!["file", "what"],
            vec![
                vec![r.ca_cert.display().to_string(), "ca certificate".into()],
                vec![r.ca_key.display().to_string(), "ca key".into()],
                vec![
                    r.server_cert.display().to_string(),
                    "server certificate".into(),
                ],
                vec![r.server_key.display().to_string(), "server key".into()],
            ],
        )?),
        Format::Table => {
            env.ui.out(&format!(
                "CA '{}' (SHA-256 {}) in {}\nserver certificate for {}, valid until {}",
                r.name,
                r.ca_fingerprint,
                a.dir.display(),
                r.sans.join(", "),
                render::when(r.not_after)
            ));
            env.ui.hint(&format!(
                "serve with it: pim serve --listen 127.0.0.1:8443 --tls-cert {} --tls-key {} --client-ca {}",
                r.server_cert.display(),
                r.server_key.display(),
                r.ca_cert.display()
            ));
            env.ui.hint(&format!(
                "then give each principal a certificate: pim cert issue --principal NAME --ca-dir {}",
                a.dir.display()
            ));
        }
    }
    Ok(0)
}
