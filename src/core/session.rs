//! The frame every command runs in: who is acting, at what instant, and, for writes, one
//! transaction (`BEGIN IMMEDIATE` on SQLite; on PostgreSQL `SERIALIZABLE` behind the lock on the
//! audit head, run again as a whole on a serialization failure or deadlock) that commits the change
//! with its audit rows or nothing at all. A refused attempt rolls back and is itself audited as a
//! failure.

use crate::store::Conn;

use super::audit::{self, Author, Entry, Outcome};
use super::authz::Grants;
use super::clock::Ts;
use super::error::{Error, Result};
use super::model::{Principal, PrincipalKind};
use crate::store::{self, Db};

/// The acting principal's name, the OS user running the command, and the instant.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub now: Ts,
    pub actor: String,
    pub os_user: String,
    /// The audit key (from the config's `[audit] key_file` and `key_from_seq`): when set, the
    /// chain is an HMAC chain from that row on.
    pub audit_key: Option<audit::AuditKey>,
    /// The time zone messages show times in.
    pub zone: jiff::tz::TimeZone,
    /// How the actor was established: recorded with every audit row.
    pub auth: Auth,
}

impl Ctx {
    /// An instant as messages show it ([`super::clock::human`]).
    pub fn when(&self, ts: Ts) -> String {
        super::clock::human(ts, &self.zone)
    }
}

/// How the acting principal was established.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum Auth {
    /// Embedded mode: the caller named themselves (`--as`, `PIM_ACTOR`, the config, the login).
    #[default]
    Local,
    /// A server named the caller by the Unix socket peer's uid, from the kernel.
    PeerUid { uid: u32 },
    /// A server named the caller by a client certificate (its SHA-256 fingerprint, hex).
    Certificate { fingerprint: String },
    /// pim itself: a server's background work (expiries, time-outs).
    System,
}

impl Auth {
    /// The method as the audit log records it: `local`, `peer_uid`, `certificate`.
    pub fn method(&self) -> &'static str {
        match self {
            Auth::Local => "local",
            Auth::PeerUid { .. } => "peer_uid",
            Auth::Certificate { .. } => "certificate",
            Auth::System => "system",
        }
    }

    /// What identified the caller: the uid or the fingerprint; nothing for a local caller.
    pub fn subject(&self) -> Option<String> {
        match self {
            Auth::Local | Auth::System => None,
            Auth::PeerUid { uid } => Some(uid.to_string()),
            Auth::Certificate { fingerprint } => {
                Some(fingerprint.clone()).filter(|f| !f.is_empty())
            }
        }
    }
}

/// Something a refused write must still record, although its transaction rolls back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FailureEffect {
    /// A wrong one-time code: it counts towards locking the principal's MFA.
    MfaFailure { principal_id: String },
}

/// A write in progress: the transaction, the resolved actor and what they hold.
pub struct Op<'a> {
    pub tx: &'a Conn,
    pub ctx: &'a Ctx,
    pub actor: Principal,
    pub grants: Grants,
    /// The row a refusal is audited with. Operations fill in the target as they resolve it.
    pub failure: &'a mut Entry,
    /// What a refusal must record all the same, in the failure's own transaction.
    pub on_failure: &'a mut Vec<FailureEffect>,
    /// Assignments whose expiry this write recorded before it ran.
    pub swept: Vec<String>,
    /// Whether events queue notifications (not while a new database is set up).
    pub notify: bool,
    /// What notifications computed once in this write (administrators per scope), and an
    /// import's summary while it is gathered.
    pub notes: std::cell::RefCell<super::notify::State>,
    /// A dry run: every check runs and nothing is kept (no one-time code is tried).
    pub dry_run: bool,
    /// The one-time code the command carries (`--otp`), for the rules that ask the acting
    /// principal for MFA; checked at most once in the write (see [`super::mfa::MfaState`]).
    pub otp: Option<String>,
    pub mfa: super::mfa::MfaState,
    writer: audit::Writer,
}

impl Op<'_> {
    pub fn now(&self) -> Ts {
        self.ctx.now
    }

    /// The `seq` after which this write's audit rows begin, once it has written one.
    pub fn audited_after(&self) -> Option<i64> {
        self.writer.written_after()
    }

    /// Appends a success row to the audit chain, in this transaction.
    pub fn audit(&mut self, e: &Entry) -> Result<audit::AuditRecord> {
        let author = Author {
            now: self.ctx.now,
            actor_id: Some(&self.actor.id),
            actor_name: &self.actor.name,
            os_user: &self.ctx.os_user,
            auth: &self.ctx.auth,
        };
        self.writer.append(self.tx, &author, Outcome::Success, e)
    }

    /// Appends a row on behalf of pim itself (expiries, time-outs): the actor is `MS-PIM`, as
    /// Entra shows system activity, and the OS user is whoever ran the command that recorded it.
    pub fn audit_system(&mut self, e: &Entry) -> Result<audit::AuditRecord> {
        let author = Author {
            now: self.ctx.now,
            actor_id: None,
            actor_name: SYSTEM_ACTOR,
            os_user: &self.ctx.os_user,
            auth: &self.ctx.auth,
        };
        self.writer.append(self.tx, &author, Outcome::Success, e)
    }

    /// Appends a failure row on behalf of pim itself (a provisioning action a target refused).
    pub fn audit_system_failure(&mut self, e: &Entry) -> Result<audit::AuditRecord> {
        let author = Author {
            now: self.ctx.now,
            actor_id: None,
            actor_name: SYSTEM_ACTOR,
            os_user: &self.ctx.os_user,
            auth: &self.ctx.auth,
        };
        let mut e = e.clone();
        bound_failure(&mut e);
        self.writer.append(self.tx, &author, Outcome::Failure, &e)
    }
}

impl Op<'_> {
    /// Appends a failure row in this transaction: for one refused entry of a write that goes on
    /// with the others (an activation set).
    pub fn audit_failure(&mut self, e: &Entry) -> Result<audit::AuditRecord> {
        let author = Author {
            now: self.ctx.now,
            actor_id: Some(&self.actor.id),
            actor_name: &self.actor.name,
            os_user: &self.ctx.os_user,
            auth: &self.ctx.auth,
        };
        let mut e = e.clone();
        bound_failure(&mut e);
        self.writer.append(self.tx, &author, Outcome::Failure, &e)
    }

    /// Records, in this transaction, what refused entries must record all the same.
    pub fn apply_effects(&mut self, effects: &[FailureEffect]) -> Result<()> {
        let author = Author {
            now: self.ctx.now,
            actor_id: Some(&self.actor.id),
            actor_name: &self.actor.name,
            os_user: &self.ctx.os_user,
            auth: &self.ctx.auth,
        };
        for effect in effects {
            match effect {
                FailureEffect::MfaFailure { principal_id } => {
                    super::mfa::apply_failure(
                        self.tx,
                        &author,
                        &mut self.writer,
                        principal_id,
                        self.ctx.now,
                    )?;
                }
            }
        }
        Ok(())
    }
}

/// The actor name of rows pim writes on its own behalf.
pub const SYSTEM_ACTOR: &str = "MS-PIM";

/// Finds the acting principal. An unknown or disabled actor may do nothing.
pub fn resolve_actor(c: &Conn, ctx: &Ctx) -> Result<Principal> {
    let name = ctx.actor.trim();
    if name.is_empty() {
        return Err(Error::NotAuthorized {
            message: "no acting principal".into(),
            hint: Some("pass --as NAME or set PIM_ACTOR".into()),
        });
    }
    match store::principal::by_name(c, name)? {
        // Only users and service principals act: a group's members act for themselves.
        Some(p) if p.kind == PrincipalKind::Group => Err(Error::NotAuthorized {
            message: format!("'{}' is a group: a group cannot act", p.name),
            hint: Some("act as one of its members with --as NAME or PIM_ACTOR".into()),
        }),
        Some(p) if p.enabled => Ok(p),
        Some(p) => Err(Error::not_authorized(format!(
            "principal '{}' is disabled",
            p.name
        ))),
        None => Err(Error::NotAuthorized {
            message: format!("'{name}' is not a principal in this pim database"),
            hint: Some("act as a known principal with --as NAME or PIM_ACTOR".into()),
        }),
    }
}

/// Options of one write.
#[derive(Clone, Copy, Debug, Default)]
pub struct WriteOpts {
    /// Run every check and roll back: nothing is written, not even an audit row.
    pub dry_run: bool,
}

/// Runs `f` as one write. On success the transaction commits (or, in a dry run, rolls back); on a
/// refusal it rolls back and a failure row carrying `failure` and the reason is committed alone.
///
/// On PostgreSQL a serialization failure or deadlock rolls the whole write back and runs it again
/// (`f` included, from a fresh transaction), a few times at most: `f` must change nothing but the
/// database. A write that cannot be replayed uses [`write_once`].
pub fn write<T>(
    db: &mut Db,
    ctx: &Ctx,
    failure: Entry,
    opts: WriteOpts,
    mut f: impl FnMut(&mut Op<'_>) -> Result<T>,
) -> Result<T> {
    let mut failure_now = failure.clone();
    let mut effects: Vec<FailureEffect> = Vec::new();
    let mut actor_id: Option<String> = None;
    let result = store::retry(Error::is_retryable, || {
        failure_now = failure.clone();
        effects.clear();
        actor_id = None;
        let tx = db.write()?;
        attempt(
            tx,
            ctx,
            opts,
            &mut failure_now,
            &mut effects,
            &mut actor_id,
            &mut f,
        )
    });
    finish(db, ctx, opts, result, actor_id, failure_now, &effects)
}

/// [`write`] for a write that reads its input as it goes (an import streaming a file) and so
/// cannot be run twice: on PostgreSQL it runs where no serialization failure or deadlock can
/// reach it ([`Db::write_once`]).
pub fn write_once<T>(
    db: &mut Db,
    ctx: &Ctx,
    failure: Entry,
    opts: WriteOpts,
    f: impl FnOnce(&mut Op<'_>) -> Result<T>,
) -> Result<T> {
    let mut failure = failure;
    let mut effects: Vec<FailureEffect> = Vec::new();
    let mut actor_id: Option<String> = None;
    let result = match db.write_once() {
        Ok(tx) => attempt(tx, ctx, opts, &mut failure, &mut effects, &mut actor_id, f),
        Err(e) => Err(e.into()),
    };
    finish(db, ctx, opts, result, actor_id, failure, &effects)
}

/// One run of a write's transaction: the actor, the expiries due, `f`, the guard; committed (or
/// rolled back in a dry run or on an error).
fn attempt<T>(
    tx: store::Tx<'_>,
    ctx: &Ctx,
    opts: WriteOpts,
    failure: &mut Entry,
    effects: &mut Vec<FailureEffect>,
    actor_id: &mut Option<String>,
    f: impl FnOnce(&mut Op<'_>) -> Result<T>,
) -> Result<T> {
    let outcome: Result<T> = (|| {
        let actor = resolve_actor(&tx, ctx)?;
        *actor_id = Some(actor.id.clone());
        let grants = Grants::load(&tx, &actor, ctx.now)?;
        let guard = super::protect::Guard::before(&tx, ctx.now)?;
        let mut op = Op {
            tx: &tx,
            ctx,
            actor,
            grants,
            failure,
            on_failure: effects,
            swept: Vec::new(),
            notify: true,
            notes: Default::default(),
            dry_run: opts.dry_run,
            otp: None,
            mfa: Default::default(),
            writer: audit::Writer::new(ctx.audit_key.as_ref()),
        };
        op.swept = super::expiry::record_due(&mut op)?;
        let value = f(&mut op)?;
        // Whatever the write changed, the grants and revokes it calls for are queued with it.
        crate::provision::engine::sync(&mut op)?;
        guard.after(&tx, ctx.now)?;
        Ok(value)
    })();
    match outcome {
        Ok(v) => {
            if opts.dry_run {
                tx.rollback()?;
            } else {
                tx.commit()?;
            }
            Ok(v)
        }
        Err(e) => {
            tx.rollback()?;
            Err(e)
        }
    }
}

/// What a write came to: a refusal is audited as a failure (in its own transaction).
fn finish<T>(
    db: &mut Db,
    ctx: &Ctx,
    opts: WriteOpts,
    result: Result<T>,
    actor_id: Option<String>,
    mut failure: Entry,
    effects: &[FailureEffect],
) -> Result<T> {
    match result {
        Err(e) if e.is_refusal() && !opts.dry_run => {
            record_failure_with(db, ctx, actor_id.as_deref(), &mut failure, &e, effects)?;
            Err(e)
        }
        other => other,
    }
}

/// The most characters of one caller-supplied text a failure row keeps (the `--as` name, a
/// principal or role name, a scope, a justification, each string in the details): a refused
/// attempt, even by someone who is not a principal, cannot make the log grow without bound.
pub const MAX_FAILURE_TEXT: usize = 256;
/// The most characters of a failure row's reason (the error message, which may quote input).
pub const MAX_FAILURE_REASON: usize = 1024;

/// `text`, cut to `max` characters with a marker saying how many were left out.
pub fn bounded(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    let total = text.chars().count();
    if total <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    let kept: String = text.chars().take(max).collect();
    std::borrow::Cow::Owned(format!("{kept}…[{} more characters]", total - max))
}

fn bound_in_place(text: &mut Option<String>, max: usize) {
    if let Some(t) = text
        && let std::borrow::Cow::Owned(b) = bounded(t, max)
    {
        *t = b;
    }
}

fn bound_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => {
            if let std::borrow::Cow::Owned(b) = bounded(s, MAX_FAILURE_TEXT) {
                *s = b;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(bound_json),
        serde_json::Value::Object(map) => map.values_mut().for_each(bound_json),
        _ => {}
    }
}

/// Bounds every text of a failure row (see [`MAX_FAILURE_TEXT`]); the characters kept are kept
/// exactly as given.
fn bound_failure(e: &mut Entry) {
    for t in [
        &mut e.principal_id,
        &mut e.principal_name,
        &mut e.role_id,
        &mut e.role_name,
        &mut e.scope,
        &mut e.request_id,
        &mut e.assignment_id,
        &mut e.justification,
        &mut e.ticket_system,
        &mut e.ticket_number,
    ] {
        bound_in_place(t, MAX_FAILURE_TEXT);
    }
    bound_in_place(&mut e.reason, MAX_FAILURE_REASON);
    if let Some(d) = &mut e.details {
        bound_json(d);
    }
}

/// Commits one failure row for a refused attempt.
pub fn record_failure(
    db: &mut Db,
    ctx: &Ctx,
    actor_id: Option<&str>,
    entry: &mut Entry,
    e: &Error,
) -> Result<()> {
    record_failure_with(db, ctx, actor_id, entry, e, &[])
}

/// Commits the failure row of a refused attempt, and what the refusal must record all the same.
pub fn record_failure_with(
    db: &mut Db,
    ctx: &Ctx,
    actor_id: Option<&str>,
    entry: &mut Entry,
    e: &Error,
    effects: &[FailureEffect],
) -> Result<()> {
    entry.reason = Some(e.to_string());
    bound_failure(entry);
    let actor_name = bounded(ctx.actor.trim(), MAX_FAILURE_TEXT);
    let os_user = bounded(&ctx.os_user, MAX_FAILURE_TEXT);
    let author = Author {
        now: ctx.now,
        actor_id,
        actor_name: &actor_name,
        os_user: &os_user,
        auth: &ctx.auth,
    };
    store::retry(Error::is_retryable, || {
        let tx = db.write()?;
        let mut writer = audit::Writer::new(ctx.audit_key.as_ref());
        writer.append(&tx, &author, Outcome::Failure, entry)?;
        for effect in effects {
            match effect {
                FailureEffect::MfaFailure { principal_id } => {
                    super::mfa::apply_failure(&tx, &author, &mut writer, principal_id, ctx.now)?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    })
}

/// Runs `f` over one consistent read snapshot, as the resolved actor.
pub fn read<T>(
    db: &mut Db,
    ctx: &Ctx,
    f: impl FnOnce(&Conn, &Principal, &Grants) -> Result<T>,
) -> Result<T> {
    let tx = db.read()?;
    let actor = resolve_actor(&tx, ctx)?;
    let grants = Grants::load(&tx, &actor, ctx.now)?;
    let v = f(&tx, &actor, &grants)?;
    tx.commit()?;
    Ok(v)
}

/// A write on pim's own behalf, with no acting principal: a server's background recording of
/// expiries and time-outs. Its rows are written by `MS-PIM`. Replayed as [`write`] is.
pub fn system_write<T>(
    db: &mut Db,
    ctx: &Ctx,
    mut f: impl FnMut(&mut Op<'_>) -> Result<T>,
) -> Result<T> {
    store::retry(Error::is_retryable, || {
        let tx = db.write()?;
        let actor = Principal {
            id: String::new(),
            kind: super::model::PrincipalKind::User,
            name: SYSTEM_ACTOR.into(),
            display_name: None,
            email: None,
            enabled: true,
            break_glass: false,
            role_assignable: false,
            created_at: ctx.now,
            object_id: None,
        };
        let mut failure = Entry::default();
        let mut effects = Vec::new();
        let value = {
            let mut op = Op {
                tx: &tx,
                ctx,
                actor,
                grants: Grants::default(),
                failure: &mut failure,
                on_failure: &mut effects,
                swept: Vec::new(),
                notify: true,
                notes: Default::default(),
                dry_run: false,
                otp: None,
                mfa: Default::default(),
                writer: audit::Writer::new(ctx.audit_key.as_ref()),
            };
            let value = f(&mut op)?;
            crate::provision::engine::sync(&mut op)?;
            value
        };
        tx.commit()?;
        Ok(value)
    })
}

/// The first write of a new database: `setup` creates what must exist before anyone can act (the
/// root scope, the roles, the first administrator) and returns the principal that acts for the rest
/// of `f`. Replayed as [`write`] is.
pub fn bootstrap<T>(
    db: &mut Db,
    ctx: &Ctx,
    mut setup: impl FnMut(&Conn, &mut audit::Writer) -> Result<Principal>,
    mut f: impl FnMut(&mut Op<'_>) -> Result<T>,
) -> Result<T> {
    store::retry(Error::is_retryable, || {
        let tx = db.write()?;
        let mut writer = audit::Writer::new(ctx.audit_key.as_ref());
        let actor = setup(&tx, &mut writer)?;
        let grants = Grants::load(&tx, &actor, ctx.now)?;
        let mut failure = Entry::default();
        let mut effects = Vec::new();
        let value = {
            let mut op = Op {
                tx: &tx,
                ctx,
                actor,
                grants,
                failure: &mut failure,
                on_failure: &mut effects,
                swept: Vec::new(),
                notify: false,
                notes: Default::default(),
                dry_run: false,
                otp: None,
                mfa: Default::default(),
                writer,
            };
            f(&mut op)?
        };
        tx.commit()?;
        Ok(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::audit::category;
    use crate::core::tests::{T0, ctx, sample};

    fn audit_rows(c: &Conn, action: &str) -> i64 {
        c.query_row(
            "SELECT count(*) FROM audit WHERE action = ?1",
            [action],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// One run of the write: reads a meta row (the snapshot is taken), lets `other` change that
    /// row and commit when `conflict` says so, then changes it too and audits.
    fn touch(op: &mut Op<'_>, other: &Conn, conflict: bool) -> Result<()> {
        let v: String = op.tx.query_row(
            "SELECT value FROM meta WHERE key = 'initialized_at'",
            [],
            |r| r.get(0),
        )?;
        if conflict {
            // Another connection, outside pim's writes (no lock on the audit head): it commits
            // after this write's snapshot was taken.
            other
                .execute(
                    "UPDATE meta SET value = value WHERE key = 'initialized_at'",
                    [],
                )
                .expect("the other connection's update");
        }
        op.tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'initialized_at'",
            [&v],
        )?;
        op.audit(&Entry::new("test.touch", "Test", category::ROLE))?;
        Ok(())
    }

    #[test]
    fn a_serialization_failure_is_retried_as_a_whole_and_never_reaches_the_caller() {
        let mut db = sample();
        let Some(url) = db.url().map(str::to_string) else {
            eprintln!("skipped: SQLite has no serialization failures (set PIM_TEST_DB)");
            return;
        };
        let other = crate::store::open_unchecked(std::path::Path::new(&url)).unwrap();
        let before = crate::store::audit::count(db.conn()).unwrap();
        let mut runs = 0;
        let out = write(
            &mut db,
            &ctx("admin", T0),
            Entry::default(),
            WriteOpts::default(),
            |op| {
                runs += 1;
                touch(op, &other, runs == 1)
            },
        );
        assert!(out.is_ok(), "{out:?}");
        assert_eq!(runs, 2, "the first run met the conflict and was run again");
        // The first run left nothing: one row for the one write, and the chain holds.
        assert_eq!(audit_rows(db.conn(), "test.touch"), 1);
        assert_eq!(crate::store::audit::count(db.conn()).unwrap(), before + 1);
        assert!(crate::core::audit::verify(db.conn(), None).unwrap().ok);
    }

    #[test]
    fn a_write_that_keeps_failing_gives_up_after_a_bounded_number_of_attempts() {
        let mut db = sample();
        let Some(url) = db.url().map(str::to_string) else {
            eprintln!("skipped: SQLite has no serialization failures (set PIM_TEST_DB)");
            return;
        };
        let other = crate::store::open_unchecked(std::path::Path::new(&url)).unwrap();
        let before = crate::store::audit::count(db.conn()).unwrap();
        let mut runs = 0;
        let out = write(
            &mut db,
            &ctx("admin", T0),
            Entry::default(),
            WriteOpts::default(),
            |op| {
                runs += 1;
                touch(op, &other, true)
            },
        );
        let e = out.expect_err("every run met a conflict");
        assert!(e.is_retryable(), "{e:?}");
        assert_eq!(runs, crate::store::WRITE_ATTEMPTS);
        // A storage failure is no refusal: nothing is written, not even a failure row.
        assert_eq!(crate::store::audit::count(db.conn()).unwrap(), before);
    }

    #[test]
    fn a_write_that_cannot_be_replayed_waits_for_the_writer_before_it_and_sees_its_change() {
        let mut db = sample();
        let Some(url) = db.url().map(str::to_string) else {
            eprintln!(
                "skipped: on SQLite `BEGIN IMMEDIATE` alone makes writes serial (set PIM_TEST_DB)"
            );
            return;
        };
        let url = std::path::Path::new(&url);
        let mut first = Db::open(url).unwrap();
        let watcher = crate::store::open_unchecked(url).unwrap();
        let held = std::sync::Barrier::new(2);
        let mut runs = 0;
        let out = std::thread::scope(|s| {
            let (first, held) = (&mut first, &held);
            s.spawn(move || {
                // A pim write holds the audit head; it commits only once the write below waits
                // for it.
                let tx = first.write().unwrap();
                held.wait();
                loop {
                    let waiting: i64 = watcher
                        .query_row(
                            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                              WHERE c.relname = 'audit' AND NOT l.granted",
                            [],
                            |r| r.get(0),
                        )
                        .unwrap();
                    if waiting > 0 {
                        break;
                    }
                    std::thread::yield_now();
                }
                tx.execute(
                    "UPDATE meta SET value = 'first' WHERE key = 'initialized_at'",
                    [],
                )
                .unwrap();
                tx.commit().unwrap();
            });
            held.wait();
            write_once(
                &mut db,
                &ctx("admin", T0),
                Entry::default(),
                WriteOpts::default(),
                |op| {
                    runs += 1;
                    let v: String = op.tx.query_row(
                        "SELECT value FROM meta WHERE key = 'initialized_at'",
                        [],
                        |r| r.get(0),
                    )?;
                    op.tx.execute(
                        "UPDATE meta SET value = ?1 || ' then once' WHERE key = 'initialized_at'",
                        [&v],
                    )?;
                    op.audit(&Entry::new("test.once", "Test", category::ROLE))?;
                    Ok(())
                },
            )
        });
        assert!(out.is_ok(), "{out:?}");
        assert_eq!(runs, 1);
        let v: String = db
            .conn()
            .query_row(
                "SELECT value FROM meta WHERE key = 'initialized_at'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            v, "first then once",
            "the second write saw the first's change"
        );
        assert_eq!(audit_rows(db.conn(), "test.once"), 1);
    }
}
