//! The remote client: operations posted to a `pim serve` as JSON over HTTP/1.1, on its Unix
//! socket or over TLS. The server names the caller (by the socket peer's uid, or by the client
//! certificate this side presents); this side sends no identity of its own.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::channel::Channel;
use http_body_util::{BodyExt, Either, Full};
use hyper_util::rt::TokioIo;

use crate::api::{Request, WireError};
use crate::core::{Error, Result};
use crate::server::{NDJSON, NOW_HEADER, OP_PATH, tls};
use tokio_rustls::rustls;

/// How long the server may stay silent (to connect, to answer, between two parts of a streamed
/// answer) before the client gives up with an error: never a hang.
const TIMEOUT: Duration = Duration::from_secs(120);

/// `fut`, or an error once it has been silent for `wait`.
async fn within<T, E: std::fmt::Display>(
    wait: Duration,
    fut: impl std::future::Future<Output = std::result::Result<T, E>>,
) -> std::result::Result<T, String> {
    match tokio::time::timeout(wait, fut).await {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(_) => Err(silent(wait)),
    }
}

/// What a client that waited `wait` in vain says.
fn silent(wait: Duration) -> String {
    format!("no answer within {}s", wait.as_secs_f64())
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
    /// `https://HOST:PORT`: the host as the server's certificate must name it.
    Https {
        host: String,
        port: u16,
    },
}

impl Endpoint {
    /// `unix:/run/pim/pim.sock` (or an absolute path), or `https://HOST[:PORT]` (port 443 when
    /// none is given).
    pub fn parse(text: &str) -> Result<Endpoint> {
        let t = text.trim();
        if let Some(path) = t.strip_prefix("unix:") {
            if !path.is_empty() {
                return Ok(Endpoint::Unix(PathBuf::from(path)));
            }
        } else if t.starts_with('/') {
            return Ok(Endpoint::Unix(PathBuf::from(t)));
        }
        if t.starts_with("https://") {
            let bad = || {
                Error::invalid_with_hint(
                    format!("'{t}' is not a server address"),
                    "use https://HOST:PORT, e.g. https://pim.example:8443",
                )
            };
            let uri: hyper::Uri = t.parse().map_err(|_| bad())?;
            let host = uri.host().filter(|h| !h.is_empty()).ok_or_else(bad)?;
            if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
                return Err(bad());
            }
            let host = host.trim_start_matches('[').trim_end_matches(']');
            return Ok(Endpoint::Https {
                host: host.to_string(),
                port: uri.port_u16().unwrap_or(443),
            });
        }
        if t.starts_with("http://") {
            return Err(Error::invalid_with_hint(
                format!("'{t}': pim reaches servers over a Unix socket or TLS, never plain HTTP"),
                "use https://HOST:PORT, or unix:/run/pim/pim.sock",
            ));
        }
        Err(Error::invalid_with_hint(
            format!("'{t}' is not a server address"),
            "use unix:/path/to/pim.sock or https://HOST:PORT",
        ))
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Endpoint::Unix(p) => write!(f, "unix:{}", p.display()),
            Endpoint::Https { host, port } if host.contains(':') => {
                write!(f, "https://[{host}]:{port}")
            }
            Endpoint::Https { host, port } => write!(f, "https://{host}:{port}"),
        }
    }
}

/// The files a client reaches an https:// server with (`--client-cert`, `--client-key`, `--ca`).
#[derive(Clone, Debug, Default)]
pub struct TlsFiles {
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub ca: Option<PathBuf>,
}

impl TlsFiles {
    /// The client's TLS config: the server's certificate checked against `ca` (and its name
    /// against the URL's host), the client certificate presented when there is one.
    fn config(&self) -> Result<Arc<rustls::ClientConfig>> {
        let ca = self.ca.as_ref().ok_or_else(|| {
            Error::invalid_with_hint(
                "an https:// server needs a CA to check its certificate against",
                "pass --ca FILE (or PIM_CA, or `[client] ca`): the ca.pem of `pim serve ca init`",
            )
        })?;
        let mut roots = rustls::RootCertStore::empty();
        for c in tls::load_certs(ca, "the CA (--ca)")? {
            roots.add(c).map_err(|e| {
                Error::invalid(format!(
                    "the CA {} is not a usable CA certificate: {e}",
                    ca.display()
                ))
            })?;
        }
        let builder = rustls::ClientConfig::builder_with_provider(tls::provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::invalid(format!("cannot set up TLS: {e}")))?
            .with_root_certificates(roots);
        let mut config = match (&self.cert, &self.key) {
            (Some(cert), Some(key)) => {
                let chain = tls::load_certs(cert, "the client certificate (--client-cert)")?;
                let key = tls::load_key(key, "the client key (--client-key)")?;
                builder.with_client_auth_cert(chain, key).map_err(|e| {
                    Error::invalid_with_hint(
                        format!("the client certificate and key do not go together: {e}"),
                        "give the key the certificate was issued for (--client-cert, --client-key)",
                    )
                })?
            }
            (Some(_), None) => {
                return Err(Error::usage_with_hint(
                    "--client-cert needs its key",
                    "pass --client-key FILE (or PIM_CLIENT_KEY, or `[client] client_key`)",
                ));
            }
            (None, Some(_)) => {
                return Err(Error::usage_with_hint(
                    "--client-key needs its certificate",
                    "pass --client-cert FILE (or PIM_CLIENT_CERT, or `[client] client_cert`)",
                ));
            }
            // The server will refuse: it says so, and audits the attempt.
            (None, None) => builder.with_no_client_auth(),
        };
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

/// What a TLS failure means to the caller: the server refusing the certificate (exit 4), or
/// this side refusing the server's.
fn tls_error(endpoint: &Endpoint, e: &(dyn std::error::Error + 'static)) -> Option<Error> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut found = None;
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<rustls::Error>() {
            found = Some(r.clone());
            break;
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(r) = io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>())
        {
            found = Some(r.clone());
            break;
        }
        cur = err.source();
    }
    use rustls::AlertDescription as A;
    let refused = |why: &str| {
        Error::NotAuthorized {
        message: format!("the server at {endpoint} refused the client certificate: {why}"),
        hint: Some(
            "`pim cert issue --principal NAME --ca-dir DIR` makes one from the server's client CA; pass it with --client-cert and --client-key"
                .into(),
        ),
    }
    };
    Some(match found? {
        rustls::Error::AlertReceived(A::CertificateRequired) => Error::NotAuthorized {
            message: format!("the server at {endpoint} requires a client certificate"),
            hint: Some(
                "pass --client-cert FILE and --client-key FILE (or PIM_CLIENT_CERT and PIM_CLIENT_KEY, or `[client] client_cert` and `client_key`)"
                    .into(),
            ),
        },
        rustls::Error::AlertReceived(A::CertificateExpired) => refused("it has expired"),
        // Another CA of the same name shows as a signature that does not verify.
        rustls::Error::AlertReceived(A::UnknownCA | A::DecryptError) => {
            refused("it is not issued by the server's client CA")
        }
        rustls::Error::AlertReceived(
            a @ (A::BadCertificate
            | A::UnsupportedCertificate
            | A::CertificateRevoked
            | A::CertificateUnknown
            | A::AccessDenied
            | A::HandshakeFailure),
        ) => refused(&format!("{a:?}")),
        rustls::Error::InvalidCertificate(c) => Error::invalid_with_hint(
            format!(
                "the certificate of the server at {endpoint} is not trusted: {}",
                match c {
                    rustls::CertificateError::UnknownIssuer
                    | rustls::CertificateError::BadSignature => {
                        "it is not issued by the CA given (--ca)".to_string()
                    }
                    rustls::CertificateError::NotValidForName
                    | rustls::CertificateError::NotValidForNameContext { .. } => {
                        "it does not name the host of the URL".to_string()
                    }
                    rustls::CertificateError::Expired
                    | rustls::CertificateError::ExpiredContext { .. } => {
                        "it has expired".to_string()
                    }
                    other => format!("{other:?}"),
                }
            ),
            "pass --ca with the CA that issued the server's certificate (the ca.pem of `pim serve ca init`), and reach the server by a name its certificate has (--san)",
        ),
        other => Error::invalid(format!(
            "cannot reach the pim server at {endpoint}: TLS: {other}"
        )),
    })
}

/// A client of one server.
pub struct Remote {
    pub endpoint: Endpoint,
    /// The TLS config, for an https:// server.
    tls: Option<Arc<rustls::ClientConfig>>,
    /// The client's clock, sent to the server by debug builds only (`PIM_NOW` in tests).
    pub now: Option<String>,
    /// How long the server may stay silent ([`TIMEOUT`] unless [`Remote::waiting`] says less).
    wait: Duration,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Remote {
    /// A client of `endpoint`; `tls` is read (and checked) for an https:// one.
    pub fn new(endpoint: Endpoint, now: Option<String>, tls: &TlsFiles) -> Result<Remote> {
        let tls = match &endpoint {
            Endpoint::Https { .. } => Some(tls.config()?),
            Endpoint::Unix(_) => None,
        };
        Ok(Remote {
            endpoint,
            tls,
            now: if cfg!(debug_assertions) { now } else { None },
            wait: TIMEOUT,
            runtime: None,
        })
    }

    /// The same client, giving up once the server has been silent for `wait` (to connect, to
    /// answer): shell completion must never keep a Tab waiting.
    pub fn waiting(mut self, wait: Duration) -> Remote {
        self.wait = wait;
        self
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
        lines: Option<&mut dyn Iterator<Item = Result<Vec<u8>>>>,
        chunk: &mut dyn FnMut(&[u8]) -> Result<()>,
    ) -> Result<()> {
        let body = serde_json::to_vec(req)
            .map_err(|e| Error::invalid(format!("cannot encode the request: {e}")))?;
        let runtime = self.runtime()?;
        let now = self.now.clone();
        let endpoint = self.endpoint.clone();
        let tls = self.tls.clone();
        let wait = self.wait;
        let result = runtime.block_on(async {
            match &endpoint {
                Endpoint::Unix(path) => {
                    let stream = within(wait, tokio::net::UnixStream::connect(path))
                        .await
                        .map_err(|e| unreachable(&endpoint, e))?;
                    converse(
                        TokioIo::new(stream),
                        &endpoint,
                        wait,
                        body,
                        lines,
                        now,
                        chunk,
                    )
                    .await
                }
                Endpoint::Https { host, port } => {
                    let Some(config) = tls else {
                        return Err(Error::invalid("no TLS set up for an https:// server"));
                    };
                    let name = rustls::pki_types::ServerName::try_from(host.clone())
                        .map_err(|e| unreachable(&endpoint, e))?;
                    let tcp = within(wait, tokio::net::TcpStream::connect((host.as_str(), *port)))
                        .await
                        .map_err(|e| unreachable(&endpoint, e))?;
                    let connect = tokio_rustls::TlsConnector::from(config).connect(name, tcp);
                    let stream = match tokio::time::timeout(wait, connect).await {
                        Ok(Ok(s)) => s,
                        Ok(Err(e)) => return Err(failure(&endpoint, &e)),
                        Err(_) => {
                            return Err(unreachable(&endpoint, silent(wait)));
                        }
                    };
                    converse(
                        TokioIo::new(stream),
                        &endpoint,
                        wait,
                        body,
                        lines,
                        now,
                        chunk,
                    )
                    .await
                }
            }
        });
        self.runtime = Some(runtime);
        result
    }
}

fn unreachable(endpoint: &Endpoint, e: impl std::fmt::Display) -> Error {
    Error::invalid_with_hint(
        format!("cannot reach the pim server at {endpoint}: {e}"),
        "is `pim serve` running there? (--server, PIM_SERVER or `[client] server`)",
    )
}

/// A transport failure: a TLS refusal when it is one, else the server out of reach.
fn failure(endpoint: &Endpoint, e: &(dyn std::error::Error + 'static)) -> Error {
    tls_error(endpoint, e).unwrap_or_else(|| unreachable(endpoint, e))
}

/// HTTP/1.1 on a connected stream: one request (with `lines` after it when given), its answer
/// handed to `chunk`.
async fn converse<I>(
    io: I,
    endpoint: &Endpoint,
    wait: Duration,
    mut body: Vec<u8>,
    mut lines: Option<&mut dyn Iterator<Item = Result<Vec<u8>>>>,
    now: Option<String>,
    chunk: &mut dyn FnMut(&[u8]) -> Result<()>,
) -> Result<()>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let timeout = || unreachable(endpoint, silent(wait));
    let (mut sender, conn) =
        match tokio::time::timeout(wait, hyper::client::conn::http1::handshake(io)).await {
            Ok(Ok(x)) => x,
            Ok(Err(e)) => return Err(failure(endpoint, &e)),
            Err(_) => return Err(timeout()),
        };
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
    let request = request.map_err(|e| unreachable(endpoint, e))?;
    let answer = tokio::time::timeout(wait, sender.send_request(request));
    // The lines go up while the answer is awaited: a server that refuses early answers before
    // it has read them all, and the rest are not read.
    let answered = match feed {
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
    };
    let response = match answered {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            driver.abort();
            return Err(failure(endpoint, &e));
        }
        Err(_) => return Err(timeout()),
    };
    let status = response.status();
    let mut incoming = response.into_body();
    if !status.is_success() {
        let bytes = match tokio::time::timeout(wait, incoming.collect()).await {
            Ok(Ok(b)) => b.to_bytes(),
            Ok(Err(e)) => return Err(failure(endpoint, &e)),
            Err(_) => return Err(timeout()),
        };
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
        let frame = match tokio::time::timeout(wait, incoming.frame()).await {
            Err(_) => return Err(timeout()),
            Ok(None) => break,
            Ok(Some(f)) => f.map_err(|e| failure(endpoint, &e))?,
        };
        if let Some(data) = frame.data_ref() {
            chunk(data)?;
        }
    }
    driver.abort();
    Ok(())
}
