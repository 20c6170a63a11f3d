//! The frame every command runs in: who is acting, at what instant, and, for writes, one
//! `BEGIN IMMEDIATE` transaction that commits the change with its audit rows or nothing at all.
//! A refused attempt rolls back and is itself audited as a failure.

use rusqlite::Connection;

use super::audit::{self, Author, Entry, Outcome};
use super::authz::Grants;
use super::builtin::{GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR};
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
    /// The audit key (from the config's `[audit] key_file`): when set, the chain is an HMAC chain.
    pub audit_key: Option<Vec<u8>>,
}

/// Something a refused write must still record, although its transaction rolls back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FailureEffect {
    /// A wrong or replayed one-time code: it counts towards locking the principal's MFA.
    MfaFailure { principal_id: String },
}

/// A write in progress: the transaction, the resolved actor and what they hold.
pub struct Op<'a> {
    pub tx: &'a Connection,
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
    writer: audit::Writer,
}

impl Op<'_> {
    pub fn now(&self) -> Ts {
        self.ctx.now
    }

    /// Appends a success row to the audit chain, in this transaction.
    pub fn audit(&mut self, e: &Entry) -> Result<audit::AuditRecord> {
        let author = Author {
            now: self.ctx.now,
            actor_id: Some(&self.actor.id),
            actor_name: &self.actor.name,
            os_user: &self.ctx.os_user,
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
        };
        self.writer.append(self.tx, &author, Outcome::Success, e)
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
        };
        self.writer.append(self.tx, &author, Outcome::Failure, e)
    }

    /// Records, in this transaction, what refused entries must record all the same.
    pub fn apply_effects(&mut self, effects: &[FailureEffect]) -> Result<()> {
        let author = Author {
            now: self.ctx.now,
            actor_id: Some(&self.actor.id),
            actor_name: &self.actor.name,
            os_user: &self.ctx.os_user,
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
pub fn resolve_actor(c: &Connection, ctx: &Ctx) -> Result<Principal> {
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
pub fn write<T>(
    db: &mut Db,
    ctx: &Ctx,
    failure: Entry,
    opts: WriteOpts,
    f: impl FnOnce(&mut Op<'_>) -> Result<T>,
) -> Result<T> {
    let mut failure = failure;
    let mut effects: Vec<FailureEffect> = Vec::new();
    let mut actor_id: Option<String> = None;
    let result = {
        let tx = db.write()?;
        let outcome: Result<T> = (|| {
            let actor = resolve_actor(&tx, ctx)?;
            actor_id = Some(actor.id.clone());
            let grants = Grants::load(&tx, &actor, ctx.now)?;
            let guard = Protections::before(&tx, ctx.now)?;
            let mut op = Op {
                tx: &tx,
                ctx,
                actor,
                grants,
                failure: &mut failure,
                on_failure: &mut effects,
                swept: Vec::new(),
                notify: true,
                notes: Default::default(),
                writer: audit::Writer::new(ctx.audit_key.as_deref()),
            };
            op.swept = super::expiry::record_due(&mut op)?;
            let value = f(&mut op)?;
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
    };
    match result {
        Err(e) if e.is_refusal() && !opts.dry_run => {
            record_failure_with(db, ctx, actor_id.as_deref(), &mut failure, &e, &effects)?;
            Err(e)
        }
        other => other,
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
    let tx = db.write()?;
    let actor_name = ctx.actor.trim();
    let author = Author {
        now: ctx.now,
        actor_id,
        actor_name,
        os_user: &ctx.os_user,
    };
    let mut writer = audit::Writer::new(ctx.audit_key.as_deref());
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
}

/// The protections of SPEC §2: a write may not take away the last active Global Administrator or
/// the last active Privileged Role Administrator. Checked on the state the write leaves behind, so
/// that no path (removal, update, disabling, deleting a principal) can get around it.
struct Protections {
    root: Option<i64>,
    ga: i64,
    pra: i64,
}

impl Protections {
    fn counts(c: &Connection, root: i64, now: Ts) -> Result<(i64, i64)> {
        Ok((
            store::assignment::count_active_in_force(c, GLOBAL_ADMINISTRATOR, root, now)?,
            store::assignment::count_active_in_force(c, PRIVILEGED_ROLE_ADMINISTRATOR, root, now)?,
        ))
    }

    fn before(c: &Connection, now: Ts) -> Result<Protections> {
        let root = store::scope::by_path(c, "/")?.map(|s| s.id);
        let (ga, pra) = match root {
            Some(r) => Self::counts(c, r, now)?,
            None => (0, 0),
        };
        Ok(Protections { root, ga, pra })
    }

    fn after(&self, c: &Connection, now: Ts) -> Result<()> {
        let Some(root) = self.root else { return Ok(()) };
        let (ga, pra) = Self::counts(c, root, now)?;
        if self.ga > 0 && ga == 0 {
            return Err(Error::Protected {
                message:
                    "refused: this would remove the last active Global Administrator assignment"
                        .into(),
            });
        }
        if self.pra > 0 && pra == 0 {
            return Err(Error::Protected {
                message: "refused: this would remove the last active Privileged Role Administrator assignment".into(),
            });
        }
        Ok(())
    }
}

/// Runs `f` over one consistent read snapshot, as the resolved actor.
pub fn read<T>(
    db: &mut Db,
    ctx: &Ctx,
    f: impl FnOnce(&Connection, &Principal, &Grants) -> Result<T>,
) -> Result<T> {
    let tx = db.read()?;
    let actor = resolve_actor(&tx, ctx)?;
    let grants = Grants::load(&tx, &actor, ctx.now)?;
    let v = f(&tx, &actor, &grants)?;
    tx.commit()?;
    Ok(v)
}

/// The first write of a new database: `setup` creates what must exist before anyone can act (the
/// root scope, the roles, the first administrator) and returns the principal that acts for the rest
/// of `f`.
pub fn bootstrap<T>(
    db: &mut Db,
    ctx: &Ctx,
    setup: impl FnOnce(&Connection, &mut audit::Writer) -> Result<Principal>,
    f: impl FnOnce(&mut Op<'_>) -> Result<T>,
) -> Result<T> {
    let tx = db.write()?;
    let mut writer = audit::Writer::new(ctx.audit_key.as_deref());
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
            writer,
        };
        f(&mut op)?
    };
    tx.commit()?;
    Ok(value)
}
