//! `[server]` in the config file: where the server listens, how callers map to principals, and
//! what it does on its own.

use std::path::PathBuf;

use serde::Deserialize;

use crate::core::{Error, Result};

/// `[server]` in the config file.
#[derive(Deserialize, Debug, Clone)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    /// The Unix socket [default: $XDG_RUNTIME_DIR/pim/pim.sock, else /run/pim/pim.sock].
    pub socket: Option<PathBuf>,
    /// The socket's mode, in octal [default: "0660"].
    pub socket_mode: String,
    /// The group that owns the socket (with `socket_mode` "0660": who may connect at all).
    pub socket_group: Option<String>,
    /// The OS login name equal to a principal's name binds it [default: true]. Off, only
    /// explicit bindings (`pim principal update NAME --login L | --uid N`) name callers.
    pub login_binding: bool,
    /// The principal root (uid 0) acts as; refused when unset.
    pub root: Option<String>,
    /// The principal the server's own account acts as; refused when unset.
    pub service_account: Option<String>,
    /// How often expiries, approval time-outs and review deadlines are recorded, e.g. "5s"
    /// ("0" turns it off) [default: "5s"].
    pub sweep_interval: String,
    /// How often notifications are delivered through `[notifications]` channels ("0" turns it
    /// off) [default: "1m"].
    pub deliver_interval: String,
    /// How often the provisioning queue is carried out on the `[provision.NAME]` targets ("0"
    /// turns it off) [default: "5s"].
    pub provision_interval: String,
    /// The largest request body in bytes [default: 8 MiB].
    pub max_body: usize,
    /// Requests run at once against the store; more wait their turn [default: 8].
    pub workers: usize,
    /// Connections to the store the server keeps open at most (a pool shared by the requests
    /// and the server's own work) [default: workers + 2].
    pub pool_size: Option<u32>,
    /// A TCP address to listen on with TLS, e.g. "0.0.0.0:8443" (port 0: any free port).
    pub listen: Option<String>,
    /// The server's certificate chain (PEM), for `listen`.
    pub tls_cert: Option<PathBuf>,
    /// The server certificate's private key (PEM), for `listen`.
    pub tls_key: Option<PathBuf>,
    /// The CA (PEM) client certificates must chain to, for `listen`.
    pub client_ca: Option<PathBuf>,
    /// A client certificate's common name (else its first DNS or URI alternative name) equal to a
    /// principal's name binds it, unless that principal has certificate fingerprints bound
    /// [default: true]. Off, only `pim principal update NAME --cert-fingerprint F` binds.
    pub cert_name_binding: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            socket: None,
            socket_mode: "0660".into(),
            socket_group: None,
            login_binding: true,
            root: None,
            service_account: None,
            sweep_interval: "5s".into(),
            deliver_interval: "1m".into(),
            provision_interval: "5s".into(),
            max_body: 8 << 20,
            workers: 8,
            pool_size: None,
            listen: None,
            tls_cert: None,
            tls_key: None,
            client_ca: None,
            cert_name_binding: true,
        }
    }
}

impl ServerConfig {
    pub fn mode(&self) -> Result<u32> {
        u32::from_str_radix(self.socket_mode.trim_start_matches("0o"), 8)
            .ok()
            .filter(|m| *m <= 0o777)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "`[server] socket_mode` '{}' is not an octal file mode such as \"0660\"",
                    self.socket_mode
                ))
            })
    }

    /// The pool's size: `pool_size`, else room for every worker and the server's own work.
    pub fn pool_size(&self) -> Result<u32> {
        match self.pool_size {
            Some(0) => Err(Error::invalid(
                "`[server] pool_size` must be at least 1 (connections to the store)",
            )),
            Some(n) => Ok(n),
            None => Ok(u32::try_from(self.workers.max(1))
                .unwrap_or(u32::MAX)
                .saturating_add(2)),
        }
    }

    /// An interval in seconds; 0 is off.
    pub fn interval(text: &str, key: &str) -> Result<u64> {
        if text.trim() == "0" {
            return Ok(0);
        }
        crate::core::schedule::parse_duration(text)
            .map(|s| s.max(0) as u64)
            .map_err(|_| {
                Error::invalid(format!(
                    "`[server] {key}` '{text}' is not a duration such as \"5s\" or \"1m\""
                ))
            })
    }

    /// Paths in `[server]` taken from the config file's directory when relative.
    pub fn resolve_paths(&mut self, dir: Option<&std::path::Path>) {
        let Some(dir) = dir else { return };
        for p in [&mut self.tls_cert, &mut self.tls_key, &mut self.client_ca]
            .into_iter()
            .flatten()
        {
            if p.is_relative() {
                *p = dir.join(&*p);
            }
        }
    }

    /// The default socket: under the runtime directory.
    pub fn default_socket() -> PathBuf {
        match std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
            Some(d) => PathBuf::from(d).join("pim/pim.sock"),
            None => PathBuf::from("/run/pim/pim.sock"),
        }
    }
}
