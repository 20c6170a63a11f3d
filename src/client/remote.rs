//! The remote client: operations posted to a `pim serve` as JSON over HTTP/1.1 on its Unix
//! socket. The server names the caller; this side sends no identity at all.

use std::convert::Infallible;
use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::channel::Channel;
use http_body_util::{BodyExt, Either, Full};
use hyper_util::rt::TokioIo;

use crate::api::{Request, WireError};
use crate::core::{Error, Result};
use crate::server::{NDJSON, NOW_HEADER, OP_PATH};

/// How long the server may stay silent (to connect, to answer, between two parts of a streamed
/// answer) before the client gives up with an error: never a hang.
const TIMEOUT: Duration = Duration::from_secs(120);

/// `fut`, or an error once it has been silent for [`TIMEOUT`].
async fn within<T, E: std::fmt::Display>(
    fut: impl std::future::Future<Output = std::result::Result<T, E>>,
) -> std::result::Result<T, String> {
    match tokio::time::timeout(TIMEOUT, fut).await {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(_) => Err(format!("no answer within {}s", TIMEOUT.as_secs())),
    }
}

/// Sends `head`, then each line, into the request's body as the server reads it.
async fn feed(
    mut tx: http_body_util::channel::Sender<Bytes, Infallible>,
    head: Vec<u8>,
    lines: &mut dyn Iterator<Item = Result<Vec<u8>>>,
) -> Result<()> {
    let gone = || Error::invalid("the pim server stopped reading the request");
    tx.send_data(Bytes::from(head)).await.map_err(|_| gone())?;
    for line in lines {
        let mut line = line?;
        line.push(b'\n');
        tx.send_data(Bytes::from(line)).await.map_err(|_| gone())?;
    }
    Ok(())
}

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

    fn runtime(&mut self) -> Result<tokio::runtime::Runtime> {
        match self.runtime.take() {
            Some(rt) => Ok(rt),
            None => tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| self.unreachable(e)),
        }
    }

    /// Posts one request and returns the value the server answered with.
    pub fn send(&mut self, req: &Request) -> Result<serde_json::Value> {
        self.answer(req, None)
    }

    /// Posts a request followed by `lines` (JSON, one a line), each pulled as the server takes
    /// it, and returns the value the server answered with.
    pub fn upload(
        &mut self,
        head: &Request,
        lines: &mut dyn Iterator<Item = Result<Vec<u8>>>,
    ) -> Result<serde_json::Value> {
        self.answer(head, Some(lines))
    }

    fn answer(
        &mut self,
        req: &Request,
        lines: Option<&mut dyn Iterator<Item = Result<Vec<u8>>>>,
    ) -> Result<serde_json::Value> {
        let mut body = Vec::new();
        self.exchange(req, lines, &mut |chunk: &[u8]| {
            body.extend_from_slice(chunk);
            Ok(())
        })?;
        serde_json::from_slice(&body)
            .map_err(|e| Error::invalid(format!("the server's answer is not understood: {e}")))
    }

    /// Posts one request whose answer is a stream of JSON lines, handing each line to `line` as
    /// it arrives (memory stays flat whatever the answer's length).
    pub fn stream(
        &mut self,
        req: &Request,
        line: &mut dyn FnMut(&[u8]) -> Result<()>,
    ) -> Result<()> {
        let mut pending: Vec<u8> = Vec::new();
        self.exchange(req, None, &mut |chunk: &[u8]| {
            pending.extend_from_slice(chunk);
            while let Some(i) = pending.iter().position(|b| *b == b'\n') {
                let rest = pending.split_off(i + 1);
                line(&pending[..i])?;
                pending = rest;
            }
            Ok(())
        })?;
        if !pending.iter().all(u8::is_ascii_whitespace) {
            line(&pending)?;
        }
        Ok(())
    }

    /// One exchange: the request posted (with `lines` after it, as JSON Lines, when given), a
    /// successful answer's body handed over chunk by chunk as it arrives; an error answer turned
    /// into the error it carries.
    fn exchange(
        &mut self,
        req: &Request,
        mut lines: Option<&mut dyn Iterator<Item = Result<Vec<u8>>>>,
        chunk: &mut dyn FnMut(&[u8]) -> Result<()>,
    ) -> Result<()> {
        let mut body = serde_json::to_vec(req)
            .map_err(|e| Error::invalid(format!("cannot encode the request: {e}")))?;
        let runtime = self.runtime()?;
        let Endpoint::Unix(path) = &self.endpoint;
        let path = path.clone();
        let now = self.now.clone();
        let endpoint = self.endpoint.clone();
        let unreachable = |e: String| {
            Error::invalid_with_hint(
                format!("cannot reach the pim server at {endpoint}: {e}"),
                "is `pim serve` running there? (--server, PIM_SERVER or `[client] server`)",
            )
        };
        let result = runtime.block_on(async {
            let exchange = async {
                let stream = within(tokio::net::UnixStream::connect(&path))
                    .await
                    .map_err(unreachable)?;
                let (mut sender, conn) =
                    within(hyper::client::conn::http1::handshake(TokioIo::new(stream)))
                        .await
                        .map_err(unreachable)?;
                let driver = tokio::spawn(conn);
                let mut builder = hyper::Request::post(OP_PATH).header(hyper::header::HOST, "pim");
                if let Some(now) = &now {
                    builder = builder.header(NOW_HEADER, now);
                }
                let (request, feed) = match lines.as_mut() {
                    None => (
                        builder
                            .header(hyper::header::CONTENT_TYPE, "application/json")
                            .body(Either::Left(Full::new(Bytes::from(body)))),
                        None,
                    ),
                    Some(lines) => {
                        body.push(b'\n');
                        let (tx, rx) = Channel::<Bytes, Infallible>::new(16);
                        (
                            builder
                                .header(hyper::header::CONTENT_TYPE, NDJSON)
                                .body(Either::Right(rx)),
                            Some(feed(tx, body, &mut **lines)),
                        )
                    }
                };
                let request = request.map_err(|e| unreachable(e.to_string()))?;
                let answer = within(sender.send_request(request));
                // The lines go up while the answer is awaited: a server that refuses early
                // answers before it has read them all, and the rest are not read.
                let response = match feed {
                    None => answer.await,
                    Some(feed) => {
                        tokio::pin!(answer, feed);
                        tokio::select! {
                            r = &mut answer => r,
                            fed = &mut feed => match fed {
                                Ok(()) => answer.await,
                                Err(e) => {
                                    driver.abort();
                                    return Err(e);
                                }
                            },
                        }
                    }
                }
                .map_err(unreachable)?;
                let status = response.status();
                let mut incoming = response.into_body();
                if !status.is_success() {
                    let bytes = within(incoming.collect())
                        .await
                        .map_err(unreachable)?
                        .to_bytes();
                    driver.abort();
                    return Err(match serde_json::from_slice::<WireError>(&bytes) {
                        Ok(w) => w.into(),
                        Err(_) => Error::invalid(format!(
                            "the server answered {status}: {}",
                            String::from_utf8_lossy(&bytes).trim()
                        )),
                    });
                }
                loop {
                    let next = tokio::time::timeout(TIMEOUT, incoming.frame()).await;
                    let frame = match next {
                        Err(_) => {
                            return Err(unreachable(format!(
                                "no answer within {}s",
                                TIMEOUT.as_secs()
                            )));
                        }
                        Ok(None) => break,
                        Ok(Some(f)) => f.map_err(|e| unreachable(e.to_string()))?,
                    };
                    if let Some(data) = frame.data_ref() {
                        chunk(data)?;
                    }
                }
                driver.abort();
                Ok(())
            };
            exchange.await
        });
        self.runtime = Some(runtime);
        result
    }
}
