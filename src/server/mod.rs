//! `pim serve`: one process owns the store and enforces every rule; `pim` commands are its
//! clients. Callers are named by the kernel (the Unix socket peer's uid), never by what they say.
//!
//! HTTP/1.1 with JSON bodies (`curl --unix-socket` reaches it): `POST /v1/op` with an
//! [`api::Request`], answered with the operation's value (200) or an [`api::WireError`]. Each
//! request runs as a blocking task on the store with a `Ctx` whose actor the server set.

pub mod ca;
pub mod config;
pub mod tls;

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, UnixListener};
use tokio::sync::Semaphore;

use crate::api::{self, WireError};
use crate::core::assign::ImportRow;
use crate::core::binding::{self, Caller, Rules};
use crate::core::clock::{Clock, SystemClock};
use crate::core::session::{Auth, Ctx};
use crate::core::{Error, Result};
use crate::store::{self, Db, StoreError};

/// A connection of the server's pool.
type Pooled = r2d2::PooledConnection<store::pool::Manager>;
pub use config::ServerConfig;

/// The path requests are posted to.
pub const OP_PATH: &str = "/v1/op";
/// The content type of a request followed by JSON lines (an import's rows, one a line).
pub const NDJSON: &str = "application/x-ndjson";
/// The header a debug-built client sends its clock in (`PIM_NOW`); a release server ignores it.
pub const NOW_HEADER: &str = "x-pim-now";

/// How long a client may take to send its request headers, and then its body.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long in-flight requests may take to finish after SIGTERM or SIGINT.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a request waits for a connection of the pool (all in use) before it fails.
const POOL_WAIT: Duration = Duration::from_secs(30);

/// What `pim serve` runs with.
pub struct Options {
    pub db: PathBuf,
    /// The Unix socket, unless `--no-socket`.
    pub socket: Option<PathBuf>,
    /// The TLS listener, with `--listen`.
    pub tls: Option<TlsListen>,
    pub config: ServerConfig,
    pub audit_key: Option<crate::core::audit::AuditKey>,
    /// The clock, fixed in debug builds by the server's own `PIM_NOW` (tests).
    pub fixed_now: Option<i64>,
    /// The server's config file, when it has one: background delivery runs
    /// `pim notifications deliver` with it, so channel secrets stay with the server.
    pub config_file: Option<PathBuf>,
    /// Whether `[notifications]` configures a channel.
    pub has_channels: bool,
}

/// `--listen ADDR:PORT` with its certificates.
pub struct TlsListen {
    pub addr: String,
    pub tls: tls::ServerTls,
}

/// What every request shares: the store's connections and the rules that name callers.
struct State {
    pool: r2d2::Pool<store::pool::Manager>,
    /// Where the store is, for messages (a URL without its password).
    location: String,
    permits: Arc<Semaphore>,
    /// On SQLite, writes take turns here rather than in SQLite's busy handler, which sleeps. On
    /// PostgreSQL the database orders them (every write first locks the head of the audit chain),
    /// across every server on it.
    writer: Option<Mutex<()>>,
    rules: Rules,
    audit_key: Option<crate::core::audit::AuditKey>,
    max_body: usize,
    fixed_now: Option<i64>,
}

impl State {
    fn now(&self) -> i64 {
        self.fixed_now.unwrap_or_else(|| SystemClock.now())
    }

    /// A connection to the store from the pool, back in it when dropped.
    fn take(&self) -> Result<Pooled> {
        self.pool.get().map_err(|e| {
            Error::from(StoreError::Unavailable {
                location: self.location.clone(),
                message: e.to_string(),
            })
        })
    }

    /// This process's turn to write, where the engine needs one (see `writer`).
    fn turn(&self) -> Option<std::sync::MutexGuard<'_, ()>> {
        self.writer
            .as_ref()
            .map(|w| w.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn ctx(&self, caller: &Caller, now: i64) -> Ctx {
        let (os_user, auth) = match caller {
            Caller::Peer { uid, login } => (
                login.clone().unwrap_or_else(|| format!("uid {uid}")),
                Auth::PeerUid { uid: *uid },
            ),
            Caller::Certificate { fingerprint, names } => (
                names.first().cloned().unwrap_or_default(),
                Auth::Certificate {
                    fingerprint: fingerprint.clone(),
                },
            ),
        };
        Ctx {
            now,
            actor: String::new(),
            os_user,
            audit_key: self.audit_key.clone(),
            // Messages a server words for a caller show times in UTC: it does not know theirs.
            zone: jiff::tz::TimeZone::UTC,
            auth,
        }
    }

    /// A connection from the pool and the caller named on it. Naming the caller is the
    /// connection's first round trip: a connection that the database server ended while it sat
    /// in the pool (a restart, `pg_terminate_backend`) fails it, is dropped, and the naming runs
    /// again on another one; it only reads, so nothing is lost. The pool therefore tests no
    /// connection before handing it out, which would cost every request a round trip.
    fn take_as(&self, caller: &Caller, now: Option<i64>) -> Result<(Pooled, Ctx)> {
        let mut tries = self.pool.max_size() + 1;
        loop {
            let mut db = self.take()?;
            match self.authenticate(&mut db, caller, now) {
                Err(Error::Store(e)) if tries > 1 && e.is_lost_connection() => {
                    db.conn().mark_lost();
                    tries -= 1;
                }
                Err(e) => return Err(e),
                Ok(ctx) => return Ok((db, ctx)),
            }
        }
    }

    /// Names the caller: the context a request runs with, or the refusal (audited).
    fn authenticate(&self, db: &mut Db, caller: &Caller, now: Option<i64>) -> Result<Ctx> {
        let mut ctx = self.ctx(caller, now.unwrap_or_else(|| self.now()));
        // Outside a transaction: a statement or two that the request's own transaction checks
        // again (the actor is resolved there, disabled or not), and one round trip fewer each
        // way on PostgreSQL.
        let named = binding::resolve(db.conn(), caller, &self.rules);
        match named {
            Ok(p) => {
                ctx.actor = p.name;
                Ok(ctx)
            }
            Err(e) => {
                if e.is_refusal() {
                    ctx.actor = caller.describe();
                    if let Err(audit) = binding::record_refusal(db, &ctx, &e) {
                        tracing::error!(
                            "cannot audit a refused caller ({}): {audit}",
                            caller.describe()
                        );
                    }
                }
                Err(e)
            }
        }
    }

    /// Audits a client the TLS handshake refused, with what it presented.
    fn refuse_handshake(&self, caller: &Caller, why: &str) {
        let mut ctx = self.ctx(caller, self.now());
        ctx.actor = caller.describe();
        let e = Error::NotAuthorized {
            message: format!("{}: {why}", caller.describe()),
            hint: None,
        };
        let result = self.take().and_then(|mut db| {
            let _turn = self.turn();
            binding::record_refusal(&mut db, &ctx, &e)
        });
        if let Err(audit) = result {
            tracing::error!(
                "cannot audit a refused caller ({}): {audit}",
                caller.describe()
            );
        }
    }

    /// Runs an export as the caller, each line handed to `line` as it is made.
    fn stream(
        &self,
        caller: &Caller,
        req: api::Streamed,
        now: Option<i64>,
        line: &mut dyn FnMut(Vec<u8>) -> bool,
    ) -> (String, Result<u64>) {
        let mut who = caller.describe();
        let result = self.take_as(caller, now).map(|(mut db, ctx)| {
            who = format!("{who} -> {}", ctx.actor);
            req.run_into(&mut db, &ctx, line)
        });
        (who, result)
    }

    /// Runs an import as the caller over the rows `lines` brings as they arrive. A stream that
    /// breaks off, or a line not understood, fails the import: nothing of it is written.
    fn upload(
        &self,
        caller: &Caller,
        head: api::AssignImportHead,
        now: Option<i64>,
        lines: &mut tokio::sync::mpsc::Receiver<std::result::Result<Vec<u8>, String>>,
    ) -> (String, Result<serde_json::Value>) {
        let mut who = caller.describe();
        let result = self.take_as(caller, now).and_then(|(mut db, ctx)| {
            who = format!("{who} -> {}", ctx.actor);
            let _turn = self.turn();
            let mut broken: Option<String> = None;
            let result = {
                let mut rows = std::iter::from_fn(|| {
                    if broken.is_some() {
                        return None;
                    }
                    let why = match lines.blocking_recv()? {
                        Ok(line) => match serde_json::from_slice::<ImportRow>(&line) {
                            Ok(row) => return Some(row),
                            Err(e) => format!("a row of the request is not understood: {e}"),
                        },
                        Err(why) => why,
                    };
                    // A bad row makes the import fail, so that nothing of it is committed.
                    broken = Some(why.clone());
                    Some(ImportRow {
                        line: 0,
                        input: Err(why),
                    })
                });
                head.run_rows(&mut db, &ctx, &mut rows)
            };
            match broken {
                Some(why) => Err(Error::invalid(why)),
                None => result,
            }
        });
        (who, result)
    }

    /// Names the caller, then runs the request as them. A caller that names no usable principal
    /// is refused, and the refusal audited with how they came in.
    fn execute(
        &self,
        caller: &Caller,
        req: api::Request,
        now: Option<i64>,
    ) -> (String, Result<serde_json::Value>) {
        let mut who = caller.describe();
        let result = self.take_as(caller, now).and_then(|(mut db, ctx)| {
            who = format!("{who} -> {}", ctx.actor);
            let _turn = if req.reads_only() { None } else { self.turn() };
            req.execute(&mut db, &ctx)
        });
        (who, result)
    }
}

/// The login name of a uid on this host, if it has one.
pub fn login_of(uid: u32) -> Option<String> {
    let mut buf = vec![0u8; 4096];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut out: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r writes into `pwd` and `buf`, which outlive the call, and sets `out` to
    // `&pwd` or null; `pw_name` points into `buf` and is read before `buf` is dropped.
    let rc =
        unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr().cast(), buf.len(), &mut out) };
    if rc != 0 || out.is_null() || pwd.pw_name.is_null() {
        return None;
    }
    // SAFETY: a non-null `pw_name` is a NUL-terminated string inside `buf`.
    let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
    name.to_str().ok().map(str::to_string)
}

/// The gid of a group name on this host.
fn gid_of(group: &str) -> Option<u32> {
    let name = std::ffi::CString::new(group).ok()?;
    let mut buf = vec![0u8; 4096];
    let mut grp: libc::group = unsafe { std::mem::zeroed() };
    let mut out: *mut libc::group = std::ptr::null_mut();
    // SAFETY: as in `login_of`.
    let rc = unsafe {
        libc::getgrnam_r(
            name.as_ptr(),
            &mut grp,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut out,
        )
    };
    (rc == 0 && !out.is_null()).then_some(grp.gr_gid)
}

/// A whole answer, or a streamed one.
type Body = http_body_util::Either<Full<Bytes>, http_body_util::channel::Channel<Bytes>>;

fn json_response(status: StatusCode, body: Vec<u8>) -> Response<Body> {
    let mut r = Response::new(Body::Left(Full::new(Bytes::from(body))));
    *r.status_mut() = status;
    r.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    r
}

fn error_response(e: &Error) -> Response<Body> {
    let w = WireError::from(e);
    let status = match (&w.kind[..], w.exit) {
        ("store", _) => StatusCode::INTERNAL_SERVER_ERROR,
        (_, 3) => StatusCode::NOT_FOUND,
        (_, 4) => StatusCode::FORBIDDEN,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    json_response(status, serde_json::to_vec(&w).unwrap_or_default())
}

/// A request the server could not even read: a clear error for that caller, nothing run.
fn bad_request(status: StatusCode, message: String) -> Response<Body> {
    let w = WireError {
        kind: "invalid".into(),
        exit: 1,
        message,
        lines: Vec::new(),
        hints: Vec::new(),
        rule: None,
    };
    json_response(status, serde_json::to_vec(&w).unwrap_or_default())
}

async fn handle(
    req: Request<Incoming>,
    caller: Arc<Caller>,
    state: Arc<State>,
) -> std::result::Result<Response<Body>, Infallible> {
    let started = Instant::now();
    if req.uri().path() != OP_PATH {
        return Ok(bad_request(
            StatusCode::NOT_FOUND,
            format!(
                "no such endpoint: {} (pim takes POST {OP_PATH})",
                req.uri().path()
            ),
        ));
    }
    if req.method() != Method::POST {
        return Ok(bad_request(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{OP_PATH} takes POST, not {}", req.method()),
        ));
    }
    let now = if cfg!(debug_assertions) {
        req.headers()
            .get(NOW_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.timestamp())
    } else {
        None
    };
    let lines = req
        .headers()
        .get(hyper::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(NDJSON.as_bytes()));
    if lines {
        return Ok(upload(req.into_body(), caller, state, now, started).await);
    }
    let limit = state.max_body;
    let body = Limited::new(req.into_body(), limit);
    let bytes = match tokio::time::timeout(BODY_TIMEOUT, body.collect()).await {
        Ok(Ok(b)) => b.to_bytes(),
        Ok(Err(e)) => {
            let r = if e.is::<http_body_util::LengthLimitError>() {
                bad_request(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the request is larger than the server takes ({limit} bytes)"),
                )
            } else {
                bad_request(
                    StatusCode::BAD_REQUEST,
                    format!("the request could not be read: {e}"),
                )
            };
            tracing::warn!(caller = %caller.describe(), "refused an unreadable request: {e}");
            return Ok(r);
        }
        Err(_) => {
            tracing::warn!(caller = %caller.describe(), "a request body took too long");
            return Ok(bad_request(
                StatusCode::REQUEST_TIMEOUT,
                "the request took too long to arrive".into(),
            ));
        }
    };
    let request: api::Request = match serde_json::from_slice(&bytes) {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(caller = %caller.describe(), "refused a request not understood: {e}");
            return Ok(bad_request(
                StatusCode::BAD_REQUEST,
                format!("the request is not understood: {e}"),
            ));
        }
    };
    let op = request.name();
    let request = match request {
        api::Request::AuditStream(x) => {
            return Ok(stream(api::Streamed::Audit(x), caller, state, now, started).await);
        }
        api::Request::AssignStream(x) => {
            return Ok(stream(api::Streamed::Assign(x), caller, state, now, started).await);
        }
        other => other,
    };
    let permit = state.permits.acquire().await;
    let st = state.clone();
    let c = caller.clone();
    let (who, result) =
        match tokio::task::spawn_blocking(move || st.execute(&c, request, now)).await {
            Ok(r) => r,
            Err(e) => (
                caller.describe(),
                Err(Error::invalid(format!("the request failed: {e}"))),
            ),
        };
    drop(permit);
    Ok(respond(op, &who, result, started))
}

/// The answer to a request that ran, logged: one line per request.
fn respond(
    op: &str,
    who: &str,
    result: Result<serde_json::Value>,
    started: Instant,
) -> Response<Body> {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok(v) => {
            tracing::info!(caller = %who, op = %op, result = %"ok", ms = format_args!("{ms:.1}"));
            json_response(StatusCode::OK, serde_json::to_vec(&v).unwrap_or_default())
        }
        Err(e) => {
            let w = WireError::from(&e);
            tracing::info!(
                caller = %who,
                op = %op,
                result = format_args!("{} (exit {})", w.kind, w.exit),
                ms = format_args!("{ms:.1}")
            );
            error_response(&e)
        }
    }
}

/// A request followed by JSON lines (`assign import`'s rows): the lines are read as the import
/// takes them, with room for a few in flight, each no larger than a whole request may be.
async fn upload(
    body: Incoming,
    caller: Arc<Caller>,
    state: Arc<State>,
    now: Option<i64>,
    started: Instant,
) -> Response<Body> {
    let limit = state.max_body;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<std::result::Result<Vec<u8>, String>>(64);
    let reader = tokio::spawn(async move {
        let mut body = body;
        let mut pending: Vec<u8> = Vec::new();
        loop {
            let frame = match tokio::time::timeout(BODY_TIMEOUT, body.frame()).await {
                Err(_) => Err("the request stopped arriving".to_string()),
                Ok(None) => break,
                Ok(Some(f)) => f.map_err(|e| format!("the request could not be read: {e}")),
            };
            let frame = match frame {
                Ok(f) => f,
                Err(why) => {
                    let _ = tx.send(Err(why)).await;
                    return;
                }
            };
            let Some(data) = frame.data_ref() else {
                continue;
            };
            pending.extend_from_slice(data);
            while let Some(i) = pending.iter().position(|b| *b == b'\n') {
                let rest = pending.split_off(i + 1);
                pending.truncate(i);
                let line = std::mem::replace(&mut pending, rest);
                if tx.send(Ok(line)).await.is_err() {
                    return;
                }
            }
            if pending.len() > limit {
                let why = format!(
                    "a line of the request is larger than the server takes ({limit} bytes)"
                );
                let _ = tx.send(Err(why)).await;
                return;
            }
        }
        if !pending.iter().all(u8::is_ascii_whitespace) {
            let _ = tx.send(Ok(pending)).await;
        }
    });
    let head = match rx.recv().await {
        Some(Ok(line)) => serde_json::from_slice::<api::Request>(&line)
            .map_err(|e| format!("the request is not understood: {e}")),
        Some(Err(why)) => Err(why),
        None => Err("the request is empty".to_string()),
    };
    let head = match head {
        Ok(api::Request::AssignImportHead(h)) => Ok(h),
        Ok(other) => Err(format!(
            "`{}` takes one JSON body (Content-Type: application/json), not lines",
            other.name()
        )),
        Err(why) => Err(why),
    };
    let head = match head {
        Ok(h) => h,
        Err(why) => {
            reader.abort();
            tracing::warn!(caller = %caller.describe(), "refused a request not understood: {why}");
            return bad_request(StatusCode::BAD_REQUEST, why);
        }
    };
    let Ok(permit) = state.permits.clone().acquire_owned().await else {
        reader.abort();
        return error_response(&Error::invalid("the server is stopping"));
    };
    let c = caller.clone();
    let (who, result) =
        match tokio::task::spawn_blocking(move || state.upload(&c, head, now, &mut rx)).await {
            Ok(r) => r,
            Err(e) => (
                caller.describe(),
                Err(Error::invalid(format!("the request failed: {e}"))),
            ),
        };
    drop(permit);
    // Whatever the import did not read is not read: the answer says why it stopped.
    reader.abort();
    respond("assign_import", &who, result, started)
}

/// Streams an export: JSON lines, made on a blocking task and sent as they come, with room for a
/// few in flight (memory stays flat; a slow reader slows the export down).
async fn stream(
    req: api::Streamed,
    caller: Arc<Caller>,
    state: Arc<State>,
    now: Option<i64>,
    started: Instant,
) -> Response<Body> {
    let (mut tx, body) = http_body_util::channel::Channel::<Bytes>::new(64);
    let Ok(permit) = state.permits.clone().acquire_owned().await else {
        return error_response(&Error::invalid("the server is stopping"));
    };
    let handle = tokio::runtime::Handle::current();
    let (op, refusal) = (req.name(), req.refusal());
    tokio::task::spawn_blocking(move || {
        let mut send = |mut line: Vec<u8>| {
            line.push(b'\n');
            handle.block_on(tx.send_data(Bytes::from(line))).is_ok()
        };
        let (who, result) = state.stream(&caller, req, now, &mut send);
        drop(permit);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        match result {
            Ok(rows) => {
                tracing::info!(caller = %who, op = %op, result = %"ok", rows, ms = format_args!("{ms:.1}"))
            }
            Err(e) => {
                let w = WireError::from(&e);
                // The refusal travels as the stream's one line.
                let _ = send(refusal(w.clone()));
                tracing::info!(caller = %who, op = %op, result = format_args!("{} (exit {})", w.kind, w.exit), ms = format_args!("{ms:.1}"));
            }
        }
    });
    let mut r = Response::new(Body::Right(body));
    r.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/x-ndjson"),
    );
    r
}

/// The first descriptor systemd passes on (sd_listen_fds(3): descriptors from 3 on).
const LISTEN_FDS_START: i32 = 3;

/// Whether systemd passed this process its listening socket (`LISTEN_PID` is this process and
/// `LISTEN_FDS` is set), as a socket unit (`examples/systemd/pim.socket`) does.
fn activated_here() -> bool {
    let pid = std::env::var("LISTEN_PID").ok();
    pid.and_then(|p| p.trim().parse::<u32>().ok()) == Some(std::process::id())
        && std::env::var_os("LISTEN_FDS").is_some()
}

/// The Unix socket systemd passed on, with its path; `None` when it passed none. Exactly one
/// listening Unix stream socket is accepted: anything else is an error that names it.
fn activated_socket() -> Result<Option<(UnixListener, PathBuf)>> {
    if !activated_here() {
        return Ok(None);
    }
    let count = std::env::var("LISTEN_FDS").unwrap_or_default();
    if count.trim() != "1" {
        return Err(Error::invalid_with_hint(
            format!("systemd passed {count} sockets (LISTEN_FDS); pim serve takes exactly one"),
            "give the socket unit one ListenStream= with a path",
        ));
    }
    use std::os::fd::FromRawFd;
    // SAFETY: systemd hands this process descriptor 3 for it to own (LISTEN_PID is this process);
    // nothing else in pim opens or closes it before this point.
    let std_listener = unsafe { std::os::unix::net::UnixListener::from_raw_fd(LISTEN_FDS_START) };
    let path = std_listener
        .local_addr()
        .ok()
        .and_then(|a| a.as_pathname().map(Path::to_path_buf))
        .ok_or_else(|| {
            Error::invalid_with_hint(
                "the socket systemd passed on is not a Unix socket with a path",
                "use ListenStream=/run/pim/pim.sock in the socket unit",
            )
        })?;
    // The programs the server runs (notification delivery) must not inherit the socket.
    // SAFETY: fcntl on a descriptor this process owns.
    unsafe { libc::fcntl(LISTEN_FDS_START, libc::F_SETFD, libc::FD_CLOEXEC) };
    std_listener
        .set_nonblocking(true)
        .and_then(|()| UnixListener::from_std(std_listener))
        .map(|l| Some((l, path)))
        .map_err(|e| {
            Error::invalid(format!(
                "cannot listen on the socket systemd passed on: {e}"
            ))
        })
}

/// Binds the socket: a stale socket file (no server behind it) is replaced, a live one refused.
fn bind(path: &Path, config: &ServerConfig) -> Result<UnixListener> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::invalid(format!("cannot create {}: {e}", dir.display())))?;
    }
    if path.exists() {
        if std::os::unix::net::UnixStream::connect(path).is_ok() {
            return Err(Error::invalid_with_hint(
                format!("a server already listens on {}", path.display()),
                "stop it first, or pass another --socket",
            ));
        }
        std::fs::remove_file(path).map_err(|e| {
            Error::invalid(format!(
                "cannot replace the stale socket {}: {e}",
                path.display()
            ))
        })?;
    }
    let mode = config.mode()?;
    let listener = UnixListener::bind(path)
        .map_err(|e| Error::invalid(format!("cannot listen on {}: {e}", path.display())))?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| Error::invalid(format!("cannot set the mode of {}: {e}", path.display())))?;
    if let Some(group) = &config.socket_group {
        let gid = gid_of(group).ok_or_else(|| {
            Error::invalid(format!(
                "`[server] socket_group` '{group}' is not a group on this host"
            ))
        })?;
        std::os::unix::fs::chown(path, None, Some(gid)).map_err(|e| {
            Error::invalid(format!(
                "cannot give {} to group {group}: {e}",
                path.display()
            ))
        })?;
    }
    Ok(listener)
}

/// Runs the server until SIGTERM or SIGINT, then lets in-flight requests finish.
pub fn run(opts: Options) -> Result<()> {
    // A store that cannot be opened is said at once, not on the first request.
    let first = Db::open(&opts.db)?;
    let location = first.path().display().to_string();
    let postgres = first.conn().is_postgres();
    drop(first);
    let sweep = ServerConfig::interval(&opts.config.sweep_interval, "sweep_interval")?;
    let deliver = ServerConfig::interval(&opts.config.deliver_interval, "deliver_interval")?;
    let provision = ServerConfig::interval(&opts.config.provision_interval, "provision_interval")?;
    let pool_size = opts.config.pool_size()?;
    let pool = store::pool::build(&opts.db, pool_size, POOL_WAIT, |e| {
        tracing::warn!("cannot open a connection to the database: {e}")
    });
    tracing::debug!("pim serve: up to {pool_size} connections to {location}");
    let state = Arc::new(State {
        pool,
        location,
        permits: Arc::new(Semaphore::new(opts.config.workers.max(1))),
        writer: (!postgres).then(|| Mutex::new(())),
        rules: Rules {
            login_binding: opts.config.login_binding,
            root: opts.config.root.clone(),
            // SAFETY: geteuid has no preconditions.
            service_uid: Some(unsafe { libc::geteuid() }),
            service_account: opts.config.service_account.clone(),
            cert_name_binding: opts.config.cert_name_binding,
        },
        audit_key: opts.audit_key.clone(),
        max_body: opts.config.max_body,
        fixed_now: opts.fixed_now,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("pim-serve")
        .build()
        .map_err(|e| Error::invalid(format!("cannot start the server's runtime: {e}")))?;
    runtime.block_on(serve(opts, state, sweep, deliver, provision))
}

async fn serve(
    opts: Options,
    state: Arc<State>,
    sweep_secs: u64,
    deliver_secs: u64,
    provision_secs: u64,
) -> Result<()> {
    if opts.socket.is_none() && opts.tls.is_none() {
        return Err(Error::invalid_with_hint(
            "nothing to listen on: --no-socket without --listen",
            "pass --listen ADDR:PORT (with --tls-cert, --tls-key and --client-ca), or drop --no-socket",
        ));
    }
    let tcp = match &opts.tls {
        Some(t) => Some(
            TcpListener::bind(&t.addr)
                .await
                .map_err(|e| Error::invalid(format!("cannot listen on {}: {e}", t.addr)))?,
        ),
        None => None,
    };
    // A socket systemd made and passed on (`pim.socket`) is used as it is; otherwise pim binds its own.
    let activated = activated_socket()?;
    let from_systemd = activated.is_some();
    let socket_path = match &activated {
        Some((_, path)) => Some(path.clone()),
        None => opts.socket.clone(),
    };
    let unix = match (activated, &opts.socket) {
        (Some((listener, _)), _) => Some(listener),
        (None, Some(path)) => Some(bind(path, &opts.config)?),
        (None, None) => None,
    };
    // These lines say where the server listens before it accepts (a harness reads the port).
    if let Some(l) = &tcp {
        let addr = l
            .local_addr()
            .map_err(|e| Error::invalid(format!("cannot read the listening address: {e}")))?;
        tracing::info!("pim serve: listening on https://{addr}");
    }
    if let Some(path) = &socket_path {
        let how = if from_systemd {
            ", passed on by systemd"
        } else {
            ""
        };
        tracing::info!(
            "pim serve: listening on unix:{}{how} (database {})",
            path.display(),
            opts.db.display()
        );
    }
    let tls = opts.tls.map(|t| Arc::new(t.tls));
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| Error::invalid(format!("cannot handle SIGTERM: {e}")))?;
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    if sweep_secs > 0 {
        tokio::spawn(background_sweep(state.clone(), sweep_secs));
    }
    if provision_secs > 0 && !crate::provision::targets().is_empty() {
        tokio::spawn(background_provisioning(state.clone(), provision_secs));
    }
    match (
        &opts.config.service_account,
        opts.has_channels,
        deliver_secs,
    ) {
        (Some(actor), true, secs) if secs > 0 => {
            tokio::spawn(background_delivery(
                opts.db.clone(),
                opts.config_file.clone(),
                actor.clone(),
                secs,
            ));
        }
        (None, true, secs) if secs > 0 => tracing::warn!(
            "notifications are not delivered by the server: set `[server] service_account` to the principal that delivers them"
        ),
        _ => {}
    }
    loop {
        tokio::select! {
            accepted = accept_on(unix.as_ref()) => {
                let stream = match accepted {
                    Ok((s, _)) => s,
                    Err(e) => {
                        // Out of descriptors and the like: say so, and keep serving.
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let caller = match stream.peer_cred() {
                    Ok(cred) => Caller::Peer { uid: cred.uid(), login: login_of(cred.uid()) },
                    Err(e) => {
                        tracing::warn!("refused a connection without peer credentials: {e}");
                        continue;
                    }
                };
                let caller = Arc::new(caller);
                let st = state.clone();
                let svc = hyper::service::service_fn(move |req| handle(req, caller.clone(), st.clone()));
                let conn = graceful.watch(http().serve_connection(TokioIo::new(stream), svc));
                tokio::spawn(async move {
                    if let Err(e) = conn.await {
                        tracing::debug!("connection ended: {e}");
                    }
                });
            }
            accepted = accept_on(tcp.as_ref()) => {
                let (stream, peer) = match accepted {
                    Ok(s) => s,
                    Err(e) => {
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                if let Some(tls) = &tls {
                    tokio::spawn(tls_connection(stream, peer, tls.clone(), state.clone(), graceful.watcher()));
                }
            }
            _ = term.recv() => { tracing::info!("SIGTERM: finishing in-flight requests"); break; }
            _ = tokio::signal::ctrl_c() => { tracing::info!("SIGINT: finishing in-flight requests"); break; }
        }
    }
    drop(unix);
    drop(tcp);
    // A socket systemd passed on stays: systemd made it and listens on it for the next start.
    if let Some(path) = opts.socket.as_ref().filter(|_| !from_systemd) {
        let _ = std::fs::remove_file(path);
    }
    if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still running after {DRAIN_TIMEOUT:?}; stopping anyway");
    }
    tracing::info!("pim serve: stopped");
    Ok(())
}

/// A listener that may not be there: a missing one never accepts.
trait Accept {
    type Stream;
    type Addr;
    fn accept(
        &self,
    ) -> impl std::future::Future<Output = std::io::Result<(Self::Stream, Self::Addr)>>;
}

impl Accept for UnixListener {
    type Stream = tokio::net::UnixStream;
    type Addr = tokio::net::unix::SocketAddr;
    fn accept(
        &self,
    ) -> impl std::future::Future<Output = std::io::Result<(Self::Stream, Self::Addr)>> {
        UnixListener::accept(self)
    }
}

impl Accept for TcpListener {
    type Stream = tokio::net::TcpStream;
    type Addr = std::net::SocketAddr;
    fn accept(
        &self,
    ) -> impl std::future::Future<Output = std::io::Result<(Self::Stream, Self::Addr)>> {
        TcpListener::accept(self)
    }
}

async fn accept_on<L: Accept>(listener: Option<&L>) -> std::io::Result<(L::Stream, L::Addr)> {
    match listener {
        Some(l) => l.accept().await,
        None => std::future::pending().await,
    }
}

/// HTTP/1.1 as the server speaks it.
fn http() -> hyper::server::conn::http1::Builder {
    let mut b = hyper::server::conn::http1::Builder::new();
    b.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    b
}

/// One TLS connection: the handshake (a client certificate chained to the client CA is
/// required), then HTTP/1.1 as the certificate's holder. A certificate the handshake refuses, or
/// none at all, is audited with what the client presented; a client that does not speak TLS is
/// only logged.
async fn tls_connection(
    tcp: tokio::net::TcpStream,
    peer: std::net::SocketAddr,
    tls: Arc<tls::ServerTls>,
    state: Arc<State>,
    watcher: hyper_util::server::graceful::Watcher,
) {
    let seen = Arc::new(Mutex::new(None));
    let config = match tls.config(seen.clone()) {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!("cannot set up TLS for {peer}: {e}");
            return;
        }
    };
    let accept = tokio_rustls::TlsAcceptor::from(config)
        .accept(tcp)
        .into_fallible();
    let stream = match tokio::time::timeout(HEADER_TIMEOUT, accept).await {
        Ok(Ok(s)) => s,
        Ok(Err((e, mut tcp))) => {
            let rustls_error = e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<tokio_rustls::rustls::Error>());
            match rustls_error.and_then(tls::refusal) {
                Some(why) => {
                    let presented = seen.lock().ok().and_then(|mut s| s.take());
                    let caller = match presented {
                        Some(p) => Caller::Certificate {
                            fingerprint: p.fingerprint,
                            names: p.names,
                        },
                        None => Caller::Certificate {
                            fingerprint: String::new(),
                            names: Vec::new(),
                        },
                    };
                    let who = caller.describe();
                    let st = state.clone();
                    let w = why.clone();
                    let _ =
                        tokio::task::spawn_blocking(move || st.refuse_handshake(&caller, &w)).await;
                    // Logged once the refusal is audited.
                    tracing::info!(caller = %who, peer = %peer, op = %"tls", result = %"refused (exit 4)", "{why}");
                }
                None => tracing::warn!("TLS handshake with {peer} failed: {e}"),
            }
            // The alert is on its way: read what the client still sends before closing, so
            // that it reads the alert rather than a reset.
            linger(&mut tcp).await;
            return;
        }
        Err(_) => {
            tracing::warn!("TLS handshake with {peer} took too long");
            return;
        }
    };
    let (_, conn) = stream.get_ref();
    let Some(cert) = conn.peer_certificates().and_then(|c| c.first()) else {
        tracing::warn!("TLS client {peer} has no certificate after the handshake");
        return;
    };
    let caller = Arc::new(Caller::Certificate {
        fingerprint: tls::fingerprint(cert),
        names: tls::names(cert),
    });
    let svc = hyper::service::service_fn(move |req| handle(req, caller.clone(), state.clone()));
    let conn = watcher.watch(http().serve_connection(TokioIo::new(stream), svc));
    if let Err(e) = conn.await {
        tracing::debug!("connection ended: {e}");
    }
}

/// Closes our side, then reads (and drops) what the peer still sends, briefly.
async fn linger(tcp: &mut tokio::net::TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let _ = tcp.shutdown().await;
    let mut buf = [0u8; 4096];
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        while matches!(tcp.read(&mut buf).await, Ok(n) if n > 0) {}
    })
    .await;
}

/// Delivers notifications on a schedule: `pim notifications deliver` against the server's own
/// database and config (the channels and their secrets), as the service account's principal,
/// one run at a time; its outcome is logged.
async fn background_delivery(db: PathBuf, config: Option<PathBuf>, actor: String, secs: u64) {
    let mut tick = tokio::time::interval(Duration::from_secs(secs));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let Ok(exe) = std::env::current_exe() else {
        tracing::warn!("notifications are not delivered: the server cannot find its own program");
        return;
    };
    loop {
        tick.tick().await;
        let mut cmd = std::process::Command::new(&exe);
        cmd.arg("--db")
            .arg(&db)
            .args([
                "--as",
                &actor,
                "--no-input",
                "-o",
                "json",
                "notifications",
                "deliver",
            ])
            .env_remove("PIM_SERVER")
            .env_remove("PIM_ACTOR")
            .stdin(std::process::Stdio::null());
        match &config {
            Some(c) => {
                cmd.env("PIM_CONFIG", c);
            }
            None => {
                cmd.env_remove("PIM_CONFIG");
            }
        }
        let out = tokio::task::spawn_blocking(move || cmd.output()).await;
        match out {
            Ok(Ok(o)) => {
                let report: serde_json::Value =
                    serde_json::from_slice(&o.stdout).unwrap_or_default();
                let (done, failed) = (&report["delivered"], &report["failed"]);
                if o.status.success() {
                    if done.as_u64().unwrap_or(0) > 0 {
                        tracing::info!("delivered {done} notification(s)");
                    } else {
                        tracing::debug!("notification delivery: nothing delivered");
                    }
                } else {
                    let why = String::from_utf8_lossy(&o.stderr);
                    tracing::warn!(
                        "notification delivery: {done} delivered, {failed} failed: {}",
                        why.lines().next().unwrap_or("").trim()
                    );
                }
            }
            Ok(Err(e)) => tracing::warn!("notification delivery could not run: {e}"),
            Err(e) => tracing::warn!("notification delivery could not run: {e}"),
        }
    }
}

/// Carries out the provisioning queue on the configured targets, one run at a time, on pim's own
/// behalf. Its writes do not take the server's turn (a target may take its time between them):
/// they wait in SQLite's busy handler, or on PostgreSQL for the lock on the audit head.
async fn background_provisioning(state: Arc<State>, secs: u64) {
    let mut tick = tokio::time::interval(Duration::from_secs(secs));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let st = state.clone();
        let done = tokio::task::spawn_blocking(move || -> Result<_> {
            let mut db = st.take()?;
            let ctx = Ctx {
                now: st.now(),
                actor: crate::core::session::SYSTEM_ACTOR.into(),
                os_user: "pim serve".into(),
                audit_key: st.audit_key.clone(),
                zone: jiff::tz::TimeZone::UTC,
                auth: Auth::System,
            };
            crate::provision::engine::run(&mut db, &ctx, None, true)
        })
        .await;
        match done {
            Ok(Ok(r)) if r.actions.is_empty() => tracing::debug!("provisioning: nothing due"),
            Ok(Ok(r)) if r.failed == 0 => tracing::info!("provisioning: {} done", r.done),
            Ok(Ok(r)) => tracing::warn!(
                "provisioning: {} done, {} failed (pim provision status --failed)",
                r.done,
                r.failed
            ),
            Ok(Err(e)) => tracing::warn!("provisioning failed: {e}"),
            Err(e) => tracing::warn!("provisioning failed: {e}"),
        }
    }
}

/// Records expiries, approval time-outs and review deadlines close to their instant.
async fn background_sweep(state: Arc<State>, secs: u64) {
    let mut tick = tokio::time::interval(Duration::from_secs(secs));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let st = state.clone();
        let done = tokio::task::spawn_blocking(move || -> Result<usize> {
            let mut db = st.take()?;
            let ctx = Ctx {
                now: st.now(),
                actor: crate::core::session::SYSTEM_ACTOR.into(),
                os_user: "pim serve".into(),
                audit_key: st.audit_key.clone(),
                zone: jiff::tz::TimeZone::UTC,
                auth: Auth::System,
            };
            let _turn = st.turn();
            Ok(crate::core::expiry::sweep_system(&mut db, &ctx)?
                .expired
                .len())
        })
        .await;
        match done {
            Ok(Ok(0)) => tracing::debug!("background sweep: nothing to record"),
            Ok(Ok(n)) => tracing::info!("recorded {n} expiration(s)"),
            Ok(Err(e)) => tracing::warn!("background sweep failed: {e}"),
            Err(e) => tracing::warn!("background sweep failed: {e}"),
        }
    }
}
