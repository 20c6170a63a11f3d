//! `pim serve [--socket PATH]`: run the server over the database.

use std::path::PathBuf;

use clap::Args;

use super::{Env, Status};
use crate::core::{Error, Result};
use crate::server::{self, ServerConfig};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The Unix socket to listen on [default: `[server] socket`, else
    /// $XDG_RUNTIME_DIR/pim/pim.sock, else /run/pim/pim.sock]
    #[arg(long, value_name = "PATH")]
    pub socket: Option<PathBuf>,
}

pub fn run(a: ServeArgs, env: &mut Env) -> Result<Status> {
    let config = env.config.server.clone();
    let socket = a
        .socket
        .or(config.socket.clone())
        .unwrap_or_else(ServerConfig::default_socket);
    // One line per request on stderr; RUST_LOG-style filtering is not needed for so few lines.
    let _ = tracing_subscriber::fmt()
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
        config,
        audit_key: env.ctx.audit_key.clone(),
        fixed_now,
        config_file: env.config_file.clone(),
        has_channels: !env.config.notifications.channel.is_empty(),
    })
    .map_err(|e| match e {
        Error::Store(_) => e,
        other => other,
    })?;
    Ok(0)
}
