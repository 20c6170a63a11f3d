//! The remote client: operations posted to a `pim serve` as JSON over HTTP/1.1 on its Unix
//! socket. The server names the caller; this side sends no identity at all.

use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;

use crate::api::{Request, WireError};
use crate::core::{Error, Result};
use crate::server::{NOW_HEADER, OP_PATH};

/// How long a request may take before the client gives up with an error (never a hang).
const TIMEOUT: Duration = Duration::from_secs(120);

/// Where the server listens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Unix(PathBuf),
}

impl Endpoint {
    /// `unix:/run/pim/pim.sock` (or an absolute path).
    pub fn parse(text: &str) -> Result<Endpoint> {
        let t = text.trim();
        if let Some(path) = t.strip_prefix("unix:") {
            if !path.is_empty() {
                return Ok(Endpoint::Unix(PathBuf::from(path)));
            }
        } else if t.starts_with('/') {
            return Ok(Endpoint::Unix(PathBuf::from(t)));
        }
        if t.starts_with("https://") || t.starts_with("http://") {
            return Err(Error::invalid_with_hint(
                format!("'{t}': this pim reaches servers over a Unix socket only"),
                "use --server unix:/run/pim/pim.sock",
            ));
        }
        Err(Error::invalid_with_hint(
            format!("'{t}' is not a server address"),
            "use unix:/path/to/pim.sock",
        ))
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Endpoint::Unix(p) => write!(f, "unix:{}", p.display()),
        }
    }
}

/// A client of one server.
pub struct Remote {
    pub endpoint: Endpoint,
    /// The client's clock, sent to the server by debug builds only (`PIM_NOW` in tests).
    pub now: Option<String>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Remote {
    pub fn new(endpoint: Endpoint, now: Option<String>) -> Remote {
        Remote {
            endpoint,
            now: if cfg!(debug_assertions) { now } else { None },
            runtime: None,
        }
    }

    fn unreachable(&self, e: impl std::fmt::Display) -> Error {
        Error::invalid_with_hint(
            format!("cannot reach the pim server at {}: {e}", self.endpoint),
            "is `pim serve` running there? (--server, PIM_SERVER or `[client] server`)",
        )
    }

    /// Posts one request and returns the value the server answered with.
    pub fn send(&mut self, req: &Request) -> Result<serde_json::Value> {
        let body = serde_json::to_vec(req)
            .map_err(|e| Error::invalid(format!("cannot encode the request: {e}")))?;
        if self.runtime.is_none() {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| self.unreachable(e))?;
            self.runtime = Some(rt);
        }
        let Some(runtime) = &self.runtime else {
            return Err(self.unreachable("no runtime"));
        };
        let Endpoint::Unix(path) = &self.endpoint;
        let path = path.clone();
        let now = self.now.clone();
        let exchange = async move {
            let stream = tokio::net::UnixStream::connect(&path)
                .await
                .map_err(|e| e.to_string())?;
            let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
                .await
                .map_err(|e| e.to_string())?;
            let driver = tokio::spawn(conn);
            let mut builder = hyper::Request::post(OP_PATH)
                .header(hyper::header::HOST, "pim")
                .header(hyper::header::CONTENT_TYPE, "application/json");
            if let Some(now) = &now {
                builder = builder.header(NOW_HEADER, now);
            }
            let request = builder
                .body(Full::new(Bytes::from(body)))
                .map_err(|e| e.to_string())?;
            let response = sender
                .send_request(request)
                .await
                .map_err(|e| e.to_string())?;
            let status = response.status();
            let bytes = response
                .into_body()
                .collect()
                .await
                .map_err(|e| e.to_string())?
                .to_bytes();
            driver.abort();
            Ok::<_, String>((status, bytes))
        };
        let (status, bytes) = runtime
            .block_on(async { tokio::time::timeout(TIMEOUT, exchange).await })
            .map_err(|_| self.unreachable(format!("no answer within {}s", TIMEOUT.as_secs())))?
            .map_err(|e| self.unreachable(e))?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| {
                Error::invalid(format!("the server's answer is not understood: {e}"))
            });
        }
        match serde_json::from_slice::<WireError>(&bytes) {
            Ok(w) => Err(w.into()),
            Err(_) => Err(Error::invalid(format!(
                "the server answered {status}: {}",
                String::from_utf8_lossy(&bytes).trim()
            ))),
        }
    }
}
