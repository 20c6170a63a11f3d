//! MFA by TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, one step of clock skew either
//! way): enrolment, verification on activation, lock-out, reset.
//!
//! A code is accepted once: `last_step` keeps the newest step accepted, and only later steps pass
//! (RFC 6238 §5.2). Five wrong codes in a row lock the principal's MFA for 15 minutes. The secret
//! is shown once, when an enrolment starts; it never goes into an audit row, an error message or
//! a `Debug` print, and neither does a code.

use crate::store::Conn;
use serde::Serialize;
use serde_json::json;
use totp_rs::{Algorithm, Builder, Secret, Totp};

use super::audit::{self, Author, Entry, Outcome, category};
use super::authz::Grants;
use super::builtin::{GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR};
use super::clock::{self, Ts, serde_ts};
use super::error::{Error, Result};
use super::model::{Principal, PrincipalKind};
use super::names;
use super::policy::rule;
use super::session::{self, Ctx, FailureEffect, Op, WriteOpts};
use crate::store::{self, Db, StoreError};

/// Digits of a code.
pub const DIGITS: u8 = 6;
/// Seconds a code lasts.
pub const STEP_SECS: u64 = 30;
/// Steps of clock skew accepted either way.
pub const SKEW_STEPS: u16 = 1;
/// Wrong codes in a row that lock MFA.
pub const MAX_FAILURES: i64 = 5;
/// How long a lock lasts.
pub const LOCK_SECS: Ts = 15 * 60;
/// The issuer authenticator apps show beside the account.
pub const ISSUER: &str = "pim";

pub use super::builtin::{AUTHENTICATION_ADMINISTRATOR, PRIVILEGED_AUTHENTICATION_ADMINISTRATOR};

/// The roles (active, at `/`) that manage other principals' enrolments.
const MFA_ADMINS: &[&str] = &[
    GLOBAL_ADMINISTRATOR,
    PRIVILEGED_ROLE_ADMINISTRATOR,
    PRIVILEGED_AUTHENTICATION_ADMINISTRATOR,
    AUTHENTICATION_ADMINISTRATOR,
];

/// Audit codes.
pub const ENROLL: &str = "mfa.enroll";
pub const CONFIRM: &str = "mfa.confirm";
pub const RESET: &str = "mfa.reset";
pub const LOCKOUT: &str = "mfa.lockout";

/// One principal's enrolment as stored. `secret` is the base32 shared secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Enrolment {
    pub principal_id: String,
    pub secret: String,
    pub created_at: Ts,
    /// Null until a code confirms the enrolment.
    pub confirmed_at: Option<Ts>,
    /// The newest step whose code was accepted.
    pub last_step: Option<i64>,
    /// Wrong codes in a row since the last accepted one (or the last lock).
    pub failures: i64,
    pub locked_until: Option<Ts>,
}

impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrolment")
            .field("principal_id", &self.principal_id)
            .field("secret", &"<redacted>")
            .field("created_at", &self.created_at)
            .field("confirmed_at", &self.confirmed_at)
            .field("last_step", &self.last_step)
            .field("failures", &self.failures)
            .field("locked_until", &self.locked_until)
            .finish()
    }
}

impl Enrolment {
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }

    /// The end of the lock in force at `now`, if any.
    pub fn locked_at(&self, now: Ts) -> Option<Ts> {
        self.locked_until.filter(|&until| until > now)
    }
}

/// What a typed code turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CodeCheck {
    /// Valid for this step, which no earlier code used.
    Valid(i64),
    /// Valid, but for a step already used.
    Replayed,
    /// Not the code of any step in the window.
    Wrong,
    /// Not six digits at all.
    Malformed,
}

/// The TOTP parameters of SPEC §4 over a raw secret.
fn totp(secret: Secret) -> std::result::Result<Totp, totp_rs::TotpError> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS)
        .with_step_duration(STEP_SECS)
        .with_skew(SKEW_STEPS)
        .with_secret(secret)
        .build()
}

fn stored_totp(e: &Enrolment) -> Result<Totp> {
    // The error names the principal only: the secret must not reach a message.
    let corrupt = || {
        Error::Store(StoreError::Corrupt(format!(
            "the MFA secret of principal {} is not a valid TOTP secret",
            e.principal_id
        )))
    };
    let secret = Secret::try_from_base32(&e.secret).map_err(|_| corrupt())?;
    totp(secret).map_err(|_| corrupt())
}

fn epoch_secs(now: Ts) -> Result<u64> {
    u64::try_from(now).map_err(|_| Error::invalid("the current time is before 1970"))
}

/// A code as typed: surrounding and grouping spaces are dropped (apps show `123 456`).
fn normalise(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == DIGITS as usize && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(digits)
}

fn check_code(e: &Enrolment, code: &str, now: Ts) -> Result<CodeCheck> {
    let Some(code) = normalise(code) else {
        return Ok(CodeCheck::Malformed);
    };
    let step = stored_totp(e)?.check(&code, epoch_secs(now)?);
    Ok(match step.and_then(|s| i64::try_from(s).ok()) {
        None => CodeCheck::Wrong,
        Some(s) if e.last_step.is_some_and(|last| s <= last) => CodeCheck::Replayed,
        Some(s) => CodeCheck::Valid(s),
    })
}

/// The `otpauth://` URI authenticator apps import: issuer `pim`, account the principal's name.
fn otpauth_uri(secret: &Secret, account: &str) -> Result<String> {
    // The key URI format reserves `:` between issuer and account; a name may contain one.
    let account = account.replace(':', "_");
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS)
        .with_step_duration(STEP_SECS)
        .with_skew(SKEW_STEPS)
        .with_secret(secret.clone())
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .and_then(|t| t.to_url())
        .map_err(|e| Error::invalid(format!("cannot make the otpauth URI: {e:?}")))
}

fn may_manage_others(grants: &Grants) -> bool {
    grants.at_root(MFA_ADMINS)
}

fn require_admin(grants: &Grants, what: &str) -> Result<()> {
    if may_manage_others(grants) {
        return Ok(());
    }
    Err(Error::NotAuthorized {
        message: format!(
            "{what} needs an active Global Administrator, Privileged Role Administrator, \
             Privileged Authentication Administrator or Authentication Administrator assignment"
        ),
        hint: Some("see your own with `pim mfa status`, without --principal".into()),
    })
}

/// Resetting a principal's MFA: for a privileged principal (one holding a privileged role,
/// eligible or active, directly or through a group; a break-glass account) only a Global
/// Administrator or Privileged Authentication Administrator; for anyone else any MFA
/// administrator. The same holds for one's own enrolment: a reset lifts a lock-out.
fn require_reset(c: &Conn, grants: &Grants, p: &Principal, now: Ts) -> Result<()> {
    match super::authz::privileged_reason(c, p, now)? {
        Some(why) => {
            if grants.at_root(&[
                GLOBAL_ADMINISTRATOR,
                PRIVILEGED_AUTHENTICATION_ADMINISTRATOR,
            ]) {
                Ok(())
            } else {
                Err(Error::not_authorized(format!(
                    "resetting the MFA of a privileged principal needs an active Global Administrator or Privileged Authentication Administrator assignment: {why}"
                )))
            }
        }
        None => require_admin(grants, "resetting MFA"),
    }
}

/// The principal a read is about: the actor, or `name`, which needs an MFA administrator.
fn target(c: &Conn, actor: &Principal, grants: &Grants, name: Option<&str>) -> Result<Principal> {
    let Some(name) = name else {
        return Ok(actor.clone());
    };
    let p = names::principal(c, name)?;
    if p.id != actor.id {
        require_admin(grants, "seeing another principal's MFA")?;
    }
    Ok(p)
}

/// The principal an enrolment is for: only ever the actor. The secret is shown once, to whoever
/// starts the enrolment, so nobody starts (or confirms) one for someone else: an administrator
/// resets it and the principal enrols.
fn enrolling(c: &Conn, actor: &Principal, name: Option<&str>) -> Result<Principal> {
    let Some(name) = name else {
        return Ok(actor.clone());
    };
    let p = names::principal(c, name)?;
    if p.kind != PrincipalKind::User {
        return Err(Error::policy(
            rule::PRINCIPAL_TYPE,
            format!("only users enrol in MFA; '{}' is a {}", p.name, p.kind),
        ));
    }
    if p.id != actor.id {
        return Err(Error::NotAuthorized {
            message: format!(
                "only '{}' can enrol in MFA for themselves: an enrolment's secret is shown once, to the principal enrolling",
                p.name
            ),
            hint: Some(format!(
                "an MFA administrator can reset it (`pim mfa reset --principal {0}`); then {0} runs `pim mfa enroll`",
                p.name
            )),
        });
    }
    Ok(p)
}

fn already_enrolled(p: &Principal) -> Error {
    Error::Conflict {
        message: format!("'{}' is already enrolled in MFA", p.name),
        hint: Some(format!(
            "to enrol again, ask an administrator for `pim mfa reset --principal {}`",
            p.name
        )),
    }
}

/// "User …" when the principal acts on their own enrolment, "Admin …" otherwise.
fn activity(op: &Op<'_>, p: &Principal, what: &str) -> String {
    let who = if op.actor.id == p.id { "User" } else { "Admin" };
    format!("{who} {what}")
}

/// A started enrolment: the only value that carries the secret, printed once.
#[derive(Clone, Serialize, serde::Deserialize)]
pub struct PendingEnrolment {
    pub principal: String,
    pub secret: String,
    pub otpauth_uri: String,
    pub confirmed: bool,
    /// An unconfirmed enrolment was there before and this one replaced its secret.
    #[serde(default, skip_serializing_if = "crate::core::wire::hidden")]
    pub replaced: bool,
}

impl std::fmt::Debug for PendingEnrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingEnrolment")
            .field("principal", &self.principal)
            .field("secret", &"<redacted>")
            .field("otpauth_uri", &"<redacted>")
            .field("confirmed", &self.confirmed)
            .field("replaced", &self.replaced)
            .finish()
    }
}

/// A confirmed enrolment.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Confirmation {
    pub principal: String,
    pub confirmed: bool,
    #[serde(with = "serde_ts")]
    pub confirmed_at: Ts,
}

/// A principal's MFA state, without the secret.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, serde::Deserialize)]
pub struct MfaStatus {
    pub principal: String,
    pub enrolled: bool,
    pub confirmed: bool,
    /// The end of the lock in force now; null when there is none.
    #[serde(with = "serde_ts::option")]
    pub locked_until: Option<Ts>,
    /// Wrong codes in a row so far.
    pub failures: i64,
}

/// The outcome of `pim mfa reset`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, serde::Deserialize)]
pub struct Reset {
    pub principal: String,
    /// False when there was no enrolment to remove (nothing changed, nothing audited).
    pub removed: bool,
}

/// Starts an enrolment for the actor with a fresh secret, replacing an unconfirmed one. A
/// confirmed enrolment must be reset first. `principal`, when given, must name the actor.
pub fn enroll(db: &mut Db, ctx: &Ctx, principal: Option<&str>) -> Result<PendingEnrolment> {
    let failure = Entry::new(
        ENROLL,
        "User started security info registration",
        category::USER,
    );
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        if let Some(name) = principal {
            op.failure.principal_name = Some(name.to_string());
        }
        let p = enrolling(op.tx, &op.actor, principal)?;
        op.failure.set_principal(&p);
        if p.kind != PrincipalKind::User {
            return Err(Error::policy(
                rule::PRINCIPAL_TYPE,
                format!("only users enrol in MFA; '{}' is a {}", p.name, p.kind),
            ));
        }
        let earlier = store::mfa::get(op.tx, &p.id)?;
        if earlier.as_ref().is_some_and(Enrolment::is_confirmed) {
            return Err(already_enrolled(&p));
        }
        let secret = Secret::generate();
        let otpauth_uri = otpauth_uri(&secret, &p.name)?;
        let encoded = secret.to_base32();
        store::mfa::put_pending(op.tx, &p.id, &encoded, op.now())?;
        op.audit(
            &Entry::new(
                ENROLL,
                "User started security info registration",
                category::USER,
            )
            .principal(&p)
            .details(json!({
                "method": "totp",
                "replaced_unconfirmed": earlier.is_some(),
            })),
        )?;
        Ok(PendingEnrolment {
            principal: p.name,
            secret: encoded,
            otpauth_uri,
            confirmed: false,
            replaced: earlier.is_some(),
        })
    })
}

/// Confirms a pending enrolment with a code from the authenticator app. The code is thereby used.
/// A wrong code is refused (`MfaRule`) but does not count towards the lock: the enrolment is not
/// in use yet, and starting again replaces it anyway.
pub fn confirm(
    db: &mut Db,
    ctx: &Ctx,
    principal: Option<&str>,
    code: &str,
) -> Result<Confirmation> {
    let failure = Entry::new(CONFIRM, "User registered security info", category::USER);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        if let Some(name) = principal {
            op.failure.principal_name = Some(name.to_string());
        }
        let p = enrolling(op.tx, &op.actor, principal)?;
        op.failure.set_principal(&p);
        let act = activity(op, &p, "registered security info");
        op.failure.activity = act.clone();
        let e = match store::mfa::get(op.tx, &p.id)? {
            Some(e) if e.is_confirmed() => return Err(already_enrolled(&p)),
            Some(e) => e,
            None => {
                return Err(Error::invalid_with_hint(
                    format!("'{}' has no MFA enrolment to confirm", p.name),
                    "start one with `pim mfa enroll`",
                ));
            }
        };
        let step = match check_code(&e, code, op.now())? {
            CodeCheck::Valid(step) => step,
            CodeCheck::Malformed => {
                return Err(Error::policy_with_hint(
                    rule::MFA,
                    format!("the code is not {DIGITS} digits"),
                    "type the 6-digit code your authenticator app shows for pim",
                ));
            }
            CodeCheck::Wrong | CodeCheck::Replayed => {
                return Err(Error::policy_with_hint(
                    rule::MFA,
                    "the code does not match the enrolment",
                    "type the code the app shows now, from the secret just enrolled; check that the device's clock is right",
                ));
            }
        };
        let now = op.now();
        store::mfa::confirm(op.tx, &p.id, now, step)?;
        op.audit(
            &Entry::new(CONFIRM, act, category::USER)
                .principal(&p)
                .details(json!({ "method": "totp" })),
        )?;
        Ok(Confirmation {
            principal: p.name,
            confirmed: true,
            confirmed_at: now,
        })
    })
}

/// The principal whose enrolment `reset` would remove, when the actor may remove it: lets the
/// command line ask for confirmation before the write (which checks everything again).
pub fn reset_target(db: &mut Db, ctx: &Ctx, principal: &str) -> Result<Principal> {
    session::read(db, ctx, |c, _, grants| {
        let p = names::principal(c, principal)?;
        require_reset(c, grants, &p, ctx.now)?;
        Ok(p)
    })
}

/// Removes a principal's enrolment, confirmed or not, and with it any lock. Always needs an MFA
/// administrator, even for one's own: otherwise a reset would get around the lock-out.
pub fn reset(db: &mut Db, ctx: &Ctx, principal: &str) -> Result<Reset> {
    let failure = Entry::new(RESET, "Admin deleted security info", category::USER);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        op.failure.principal_name = Some(principal.to_string());
        let p = names::principal(op.tx, principal)?;
        op.failure.set_principal(&p);
        let act = activity(op, &p, "deleted security info");
        op.failure.activity = act.clone();
        require_reset(op.tx, &op.grants, &p, op.now())?;
        let Some(e) = store::mfa::get(op.tx, &p.id)? else {
            return Ok(Reset {
                principal: p.name,
                removed: false,
            });
        };
        store::mfa::delete(op.tx, &p.id)?;
        op.audit(
            &Entry::new(RESET, act, category::USER)
                .principal(&p)
                .details(json!({
                    "method": "totp",
                    "confirmed": e.is_confirmed(),
                    "was_locked": e.locked_at(op.now()).is_some(),
                })),
        )?;
        Ok(Reset {
            principal: p.name,
            removed: true,
        })
    })
}

/// The MFA state of the actor, or (for an MFA administrator) of `principal`.
pub fn status(db: &mut Db, ctx: &Ctx, principal: Option<&str>) -> Result<MfaStatus> {
    session::read(db, ctx, |c, actor, grants| {
        let p = target(c, actor, grants, principal)?;
        let e = store::mfa::get(c, &p.id)?;
        Ok(MfaStatus {
            principal: p.name,
            enrolled: e.is_some(),
            confirmed: e.as_ref().is_some_and(Enrolment::is_confirmed),
            locked_until: e.as_ref().and_then(|e| e.locked_at(ctx.now)),
            failures: e.as_ref().map_or(0, |e| e.failures),
        })
    })
}

/// Whether the principal holds a confirmed enrolment.
pub fn is_enrolled(c: &Conn, principal_id: &str) -> Result<bool> {
    Ok(store::mfa::get(c, principal_id)?.is_some_and(|e| e.is_confirmed()))
}

/// Checks a one-time code within a write (activation). A valid code is used up; a wrong or
/// malformed one is refused and, through `op.on_failure`, counts towards the lock even though the
/// write rolls back. A replayed one is refused without counting.
pub fn verify_in(op: &mut Op<'_>, principal: &Principal, code: Option<&str>) -> Result<()> {
    verify_or(op, principal, code, code_required)
}

/// The refusal of a write that needs a one-time code and was given none.
pub fn code_required() -> Error {
    Error::policy_with_hint(
        rule::MFA,
        "a one-time code from the authenticator app is required",
        "pass --otp CODE",
    )
}

/// The code of one write, checked once whatever number of rows or entries need it (an import,
/// an activation set): a valid code serves them all; a code that was tried and refused refuses
/// the rest with the same reason, and is neither tried again nor counted again towards the lock.
#[derive(Clone, Debug, Default)]
pub struct MfaState {
    pub verified: bool,
    refused: Option<(String, Vec<String>)>,
}

impl MfaState {
    /// Checks `code` for `principal` unless this write already did; `missing` is the refusal
    /// when no code was given.
    pub fn verify(
        &mut self,
        op: &mut Op<'_>,
        principal: &Principal,
        code: Option<&str>,
        missing: impl FnOnce() -> Error,
    ) -> Result<()> {
        if self.verified {
            return Ok(());
        }
        if let Some((message, hints)) = &self.refused {
            return Err(Error::Policy {
                rule: rule::MFA,
                message: message.clone(),
                hint: hints.first().cloned(),
            });
        }
        let tried = code.is_some();
        match verify_or(op, principal, code, missing) {
            Ok(()) => {
                self.verified = true;
                Ok(())
            }
            Err(e @ Error::Policy { .. }) if tried => {
                if let Error::Policy { message, .. } = &e {
                    self.refused = Some((message.clone(), e.hints()));
                }
                Err(e)
            }
            Err(e) => Err(e),
        }
    }
}

/// [`verify_in`], with the refusal to give when no code was given.
pub fn verify_or(
    op: &mut Op<'_>,
    principal: &Principal,
    code: Option<&str>,
    missing: impl FnOnce() -> Error,
) -> Result<()> {
    let now = op.now();
    let e = match store::mfa::get(op.tx, &principal.id)? {
        Some(e) if e.is_confirmed() => e,
        Some(_) => {
            return Err(Error::policy_with_hint(
                rule::MFA,
                format!("'{}' has not finished enrolling in MFA", principal.name),
                "finish with `pim mfa enroll --code CODE`, or start again with `pim mfa enroll`",
            ));
        }
        None => {
            return Err(Error::policy_with_hint(
                rule::MFA,
                format!("MFA is required and '{}' is not enrolled", principal.name),
                "enrol with `pim mfa enroll`",
            ));
        }
    };
    if let Some(until) = e.locked_at(now) {
        return Err(Error::policy_with_hint(
            rule::MFA,
            format!(
                "MFA of '{}' is locked until {} after {MAX_FAILURES} wrong codes in a row",
                principal.name,
                op.ctx.when(until)
            ),
            "wait until then, or ask an administrator for `pim mfa reset`",
        ));
    }
    let Some(code) = code else {
        return Err(missing());
    };
    let message = match check_code(&e, code, now)? {
        CodeCheck::Valid(step) => {
            store::mfa::accept(op.tx, &principal.id, step)?;
            return Ok(());
        }
        // The right code, typed again (often the one that just confirmed the enrolment): refused
        // and audited like any failure, but no sign of a guess, so it does not count towards the
        // lock.
        CodeCheck::Replayed => {
            return Err(Error::policy_with_hint(
                rule::MFA,
                "this one-time code was already used",
                "wait for the next code in the authenticator app (a new one every 30 seconds); each code works once",
            ));
        }
        CodeCheck::Wrong => "the one-time code is not valid".to_string(),
        CodeCheck::Malformed => format!("the one-time code is not {DIGITS} digits"),
    };
    op.on_failure.push(FailureEffect::MfaFailure {
        principal_id: principal.id.clone(),
    });
    let left = MAX_FAILURES - (e.failures + 1);
    let hint = if left > 0 {
        format!(
            "use the code the app shows now (each code works once); {left} more wrong code{} lock MFA for {} minutes",
            if left == 1 { "" } else { "s" },
            LOCK_SECS / 60
        )
    } else {
        format!(
            "MFA is now locked for {} minutes; an administrator can lift the lock with `pim mfa reset`",
            LOCK_SECS / 60
        )
    };
    Err(Error::policy_with_hint(rule::MFA, message, hint))
}

/// Counts one failed code towards the principal's lock-out (five in a row lock MFA for 15
/// minutes), in the refused attempt's failure transaction. The lock itself is audited.
pub fn apply_failure(
    c: &Conn,
    author: &Author<'_>,
    writer: &mut audit::Writer,
    principal_id: &str,
    now: Ts,
) -> Result<()> {
    let Some(e) = store::mfa::get(c, principal_id)? else {
        return Ok(());
    };
    // A locked or unconfirmed enrolment checks no code, so there is nothing to count.
    if !e.is_confirmed() || e.locked_at(now).is_some() {
        return Ok(());
    }
    let failures = e.failures + 1;
    if failures < MAX_FAILURES {
        store::mfa::set_failures(c, principal_id, failures, None)?;
        return Ok(());
    }
    let until = now + LOCK_SECS;
    store::mfa::set_failures(c, principal_id, 0, Some(until))?;
    let mut entry = Entry::new(LOCKOUT, "Lock MFA for principal", category::USER).details(json!({
        "method": "totp",
        "failures": failures,
        "locked_until": clock::rfc3339(until),
    }));
    match store::principal::by_id(c, principal_id)? {
        Some(p) => entry.set_principal(&p),
        None => entry.principal_id = Some(principal_id.to_string()),
    }
    entry.start_at = Some(now);
    entry.end_at = Some(until);
    writer.append(c, author, Outcome::Success, &entry)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // T0 (2026-11-22T09:00:00Z) is the first second of a step.
    use crate::core::tests::{T0, ctx, sample};
    /// A fixed secret, so that tests know every code.
    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    fn id_of(db: &Db, name: &str) -> String {
        store::principal::by_name(db.conn(), name)
            .unwrap()
            .unwrap()
            .id
    }

    fn code(secret: &str, at: Ts) -> String {
        totp(Secret::try_from_base32(secret).unwrap())
            .unwrap()
            .generate(at as u64)
            .to_string()
    }

    /// A code valid for no step of the window around `at`.
    fn wrong_code(secret: &str, at: Ts) -> String {
        let window: Vec<String> = (-1..=1).map(|k| code(secret, at + k * 30)).collect();
        (0..)
            .map(|n| format!("{n:06}"))
            .find(|c| !window.contains(c))
            .unwrap()
    }

    /// Bob, enrolled and confirmed with the fixed secret.
    fn bob_enrolled() -> crate::store::testing::TestDb {
        let db = sample();
        let bob = id_of(&db, "bob");
        store::mfa::put_pending(db.conn(), &bob, SECRET, T0).unwrap();
        store::mfa::confirm(db.conn(), &bob, T0, 0).unwrap();
        db
    }

    fn verify(db: &mut Db, who: &str, code: Option<&str>, now: Ts) -> Result<()> {
        let failure = Entry::new("test.verify", "Verify", category::USER);
        session::write(db, &ctx(who, now), failure, WriteOpts::default(), |op| {
            let me = op.actor.clone();
            verify_in(op, &me, code)
        })
    }

    fn row(db: &Db, name: &str) -> Enrolment {
        store::mfa::get(db.conn(), &id_of(db, name))
            .unwrap()
            .unwrap()
    }

    fn rule_of(e: &Error) -> &'static str {
        match e {
            Error::Policy { rule, .. } => rule,
            other => panic!("not a policy error: {other:?}"),
        }
    }

    fn actions(db: &Db) -> Vec<(String, String)> {
        store::audit::list(db.conn(), &store::audit::Filter::default())
            .unwrap()
            .into_iter()
            .map(|r| (r.action, r.result))
            .collect()
    }

    #[test]
    fn rfc_6238_sha1_test_vectors() {
        // RFC 6238 Appendix B, SHA-1, 8 digits, over the ASCII secret "12345678901234567890".
        let t = Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(8)
            .with_step_duration(30)
            .with_secret(b"12345678901234567890".to_vec())
            .build()
            .unwrap();
        for (time, want) in [
            (59u64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(t.generate(time).to_string(), want, "at {time}");
        }
        // The same secret through pim's own parameters: 6 digits are the low 6 of the 8.
        let b32 = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        assert_eq!(code(&b32, 59), "287082");
    }

    #[test]
    fn codes_are_normalised_and_malformed_ones_recognised() {
        assert_eq!(normalise(" 123 456 ").as_deref(), Some("123456"));
        for bad in ["", "12345", "1234567", "12a456", "１２３４５６", "+12345"] {
            assert_eq!(normalise(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_window_is_one_step_either_way() {
        let mut db = bob_enrolled();
        let now = T0 + 3600;
        for off in [-2i64, 2] {
            let e = verify(&mut db, "bob", Some(&code(SECRET, now + off * 30)), now).unwrap_err();
            assert_eq!(rule_of(&e), rule::MFA);
            assert!(e.to_string().contains("not valid"), "{e}");
        }
        assert_eq!(row(&db, "bob").failures, 2);
        verify(&mut db, "bob", Some(&code(SECRET, now - 30)), now).unwrap();
        // A success restarts the count.
        assert_eq!(row(&db, "bob").failures, 0);
        verify(&mut db, "bob", Some(&code(SECRET, now + 30)), now).unwrap();
        assert_eq!(
            row(&db, "bob").last_step,
            Some((now + 30) / STEP_SECS as i64)
        );
    }

    #[test]
    fn a_code_is_accepted_once() {
        let mut db = bob_enrolled();
        let now = T0 + 600;
        let c = code(SECRET, now);
        verify(&mut db, "bob", Some(&c), now).unwrap();
        let e = verify(&mut db, "bob", Some(&c), now + 10).unwrap_err();
        assert!(e.to_string().contains("already used"), "{e}");
        // An older step's code, still in the window, is refused too: only later steps pass.
        let e = verify(&mut db, "bob", Some(&code(SECRET, now - 30)), now + 10).unwrap_err();
        assert!(e.to_string().contains("already used"), "{e}");
        assert!(
            e.hints()[0].contains("wait for the next code"),
            "{:?}",
            e.hints()
        );
        // A replay is no guess: it does not count towards the lock (the refusal is audited).
        assert_eq!(row(&db, "bob").failures, 0);
        let audited = actions(&db).len();
        for _ in 0..MAX_FAILURES {
            verify(&mut db, "bob", Some(&c), now + 10).unwrap_err();
        }
        assert_eq!(row(&db, "bob").locked_until, None);
        let acts = actions(&db);
        assert_eq!(acts.len(), audited + MAX_FAILURES as usize);
        assert!(
            acts[audited..]
                .iter()
                .all(|(a, r)| (a.as_str(), r.as_str()) == ("test.verify", "failure"))
        );
        // The next step's code works.
        verify(&mut db, "bob", Some(&code(SECRET, now + 30)), now + 30).unwrap();
    }

    #[test]
    fn five_failures_in_a_row_lock_for_fifteen_minutes() {
        let mut db = bob_enrolled();
        let now = T0 + 7200;
        let wrong = wrong_code(SECRET, now);
        for n in 1..=4 {
            verify(&mut db, "bob", Some(&wrong), now).unwrap_err();
            assert_eq!(row(&db, "bob").failures, n);
            assert_eq!(row(&db, "bob").locked_until, None);
        }
        // A malformed code counts as well.
        let e = verify(&mut db, "bob", Some("12"), now).unwrap_err();
        assert!(e.to_string().contains("not 6 digits"), "{e}");
        let r = row(&db, "bob");
        assert_eq!((r.failures, r.locked_until), (0, Some(now + 900)));
        // Each refusal is audited once, and the lock once more.
        let acts = actions(&db);
        let tail: Vec<(&str, &str)> = acts[acts.len() - 6..]
            .iter()
            .map(|(a, r)| (a.as_str(), r.as_str()))
            .collect();
        assert_eq!(
            tail,
            [
                ("test.verify", "failure"),
                ("test.verify", "failure"),
                ("test.verify", "failure"),
                ("test.verify", "failure"),
                ("test.verify", "failure"),
                ("mfa.lockout", "success"),
            ]
        );
        let lock = store::audit::list(db.conn(), &store::audit::Filter::default())
            .unwrap()
            .pop()
            .unwrap();
        assert_eq!(lock.activity, "Lock MFA for principal");
        assert_eq!(lock.category, "UserManagement");
        assert_eq!(lock.principal_name.as_deref(), Some("bob"));
        assert_eq!((lock.start_at, lock.end_at), (Some(now), Some(now + 900)));
        // Locked: even the right code is refused, and not counted.
        let until = now + 900;
        let e = verify(&mut db, "bob", Some(&code(SECRET, until - 1)), until - 1).unwrap_err();
        assert!(
            e.to_string().contains("locked until 2026-11-22 11:15 UTC"),
            "{e}"
        );
        assert_eq!(row(&db, "bob").failures, 0);
        // At lock + 900 s the lock is over.
        verify(&mut db, "bob", Some(&code(SECRET, until)), until).unwrap();
        assert_eq!(
            status(&mut db, &ctx("bob", until), None)
                .unwrap()
                .locked_until,
            None
        );
        assert!(audit::verify(db.conn(), None).unwrap().ok);
    }

    #[test]
    fn a_success_restarts_the_count() {
        let mut db = bob_enrolled();
        let now = T0 + 9000;
        let wrong = wrong_code(SECRET, now);
        for _ in 0..4 {
            verify(&mut db, "bob", Some(&wrong), now).unwrap_err();
        }
        verify(&mut db, "bob", Some(&code(SECRET, now)), now).unwrap();
        let later = now + 60;
        let wrong = wrong_code(SECRET, later);
        for _ in 0..4 {
            verify(&mut db, "bob", Some(&wrong), later).unwrap_err();
        }
        let r = row(&db, "bob");
        assert_eq!((r.failures, r.locked_until), (4, None));
    }

    #[test]
    fn verification_needs_a_confirmed_enrolment_and_a_code() {
        let mut db = sample();
        let e = verify(&mut db, "carol", Some("123456"), T0).unwrap_err();
        assert_eq!(rule_of(&e), rule::MFA);
        assert!(e.to_string().contains("not enrolled"), "{e}");
        assert_eq!(e.hints(), ["enrol with `pim mfa enroll`"]);
        enroll(&mut db, &ctx("carol", T0), None).unwrap();
        assert!(!is_enrolled(db.conn(), &id_of(&db, "carol")).unwrap());
        let e = verify(&mut db, "carol", Some("123456"), T0).unwrap_err();
        assert!(e.to_string().contains("not finished enrolling"), "{e}");
        let mut db = bob_enrolled();
        let e = verify(&mut db, "bob", None, T0).unwrap_err();
        assert_eq!(e.hints(), ["pass --otp CODE"]);
        // None of these counts as a failure.
        assert_eq!(row(&db, "bob").failures, 0);
        assert!(is_enrolled(db.conn(), &id_of(&db, "bob")).unwrap());
    }

    #[test]
    fn enrolment_is_started_confirmed_and_the_confirming_code_is_used() {
        let mut db = sample();
        let carol = ctx("carol", T0);
        let first = enroll(&mut db, &carol, None).unwrap();
        assert!(!first.confirmed);
        assert!(
            first
                .otpauth_uri
                .starts_with("otpauth://totp/pim:carol?secret="),
            "{}",
            first.otpauth_uri
        );
        assert!(first.otpauth_uri.contains("issuer=pim"));
        // Starting again replaces the unconfirmed secret.
        let pending = enroll(&mut db, &carol, None).unwrap();
        assert_ne!(pending.secret, first.secret);
        assert_eq!(row(&db, "carol").secret, pending.secret);
        // A code from the replaced secret does not confirm.
        let e = confirm(&mut db, &carol, None, &code(&first.secret, T0)).unwrap_err();
        assert_eq!(rule_of(&e), rule::MFA);
        let c = code(&pending.secret, T0);
        let done = confirm(&mut db, &carol, None, &c).unwrap();
        assert_eq!((done.confirmed, done.confirmed_at), (true, T0));
        assert!(is_enrolled(db.conn(), &id_of(&db, "carol")).unwrap());
        // The confirming code cannot then be used to activate.
        let e = verify(&mut db, "carol", Some(&c), T0).unwrap_err();
        assert!(e.to_string().contains("already used"), "{e}");
        // Enrolling again, or confirming again, is a conflict.
        let e = enroll(&mut db, &carol, None).unwrap_err();
        assert!(matches!(e, Error::Conflict { .. }), "{e:?}");
        assert!(e.hints()[0].contains("pim mfa reset --principal carol"));
        let e = confirm(&mut db, &carol, None, &c).unwrap_err();
        assert!(matches!(e, Error::Conflict { .. }), "{e:?}");
        // No secret in any audit row.
        for r in store::audit::list(db.conn(), &store::audit::Filter::default()).unwrap() {
            let text = serde_json::to_string(&r).unwrap();
            assert!(!text.contains(&first.secret) && !text.contains(&pending.secret));
        }
        // Nor in a debug print of the row.
        assert!(!format!("{:?}", row(&db, "carol")).contains(&pending.secret));
    }

    #[test]
    fn only_users_enrol_and_others_need_an_mfa_administrator() {
        let mut db = sample();
        let admin = ctx("admin", T0);
        for name in ["deploy-bot", "helpdesk"] {
            let e = enroll(&mut db, &admin, Some(name)).unwrap_err();
            assert_eq!(rule_of(&e), rule::PRINCIPAL_TYPE, "{name}");
        }
        let e = enroll(&mut db, &ctx("bob", T0), Some("carol")).unwrap_err();
        assert!(matches!(e, Error::NotAuthorized { .. }), "{e:?}");
        let e = status(&mut db, &ctx("bob", T0), Some("carol")).unwrap_err();
        assert!(matches!(e, Error::NotAuthorized { .. }), "{e:?}");
        // Naming oneself needs nothing.
        enroll(&mut db, &ctx("bob", T0), Some("BOB")).unwrap();
        // Nobody, not even an administrator, starts an enrolment for someone else: its secret is
        // shown to whoever starts it.
        let e = enroll(&mut db, &admin, Some("carol")).unwrap_err();
        assert!(matches!(e, Error::NotAuthorized { .. }), "{e:?}");
        assert!(
            e.hints()[0].contains("pim mfa reset --principal carol"),
            "{e:?}"
        );
        enroll(&mut db, &ctx("carol", T0), None).unwrap();
        let s = status(&mut db, &admin, Some("carol")).unwrap();
        assert_eq!((s.enrolled, s.confirmed), (true, false));
        // Resetting, even one's own enrolment, needs an administrator: it would lift a lock.
        let e = reset(&mut db, &ctx("bob", T0), "bob").unwrap_err();
        assert!(matches!(e, Error::NotAuthorized { .. }), "{e:?}");
        assert_eq!(
            reset(&mut db, &admin, "carol").unwrap(),
            Reset {
                principal: "carol".into(),
                removed: true
            }
        );
        // Nothing left to reset: nothing changes, nothing is audited.
        let rows = store::audit::count(db.conn()).unwrap();
        assert!(!reset(&mut db, &admin, "carol").unwrap().removed);
        assert_eq!(store::audit::count(db.conn()).unwrap(), rows);
    }

    #[test]
    fn a_reset_lifts_the_lock() {
        let mut db = bob_enrolled();
        let now = T0 + 3000;
        let wrong = wrong_code(SECRET, now);
        for _ in 0..5 {
            verify(&mut db, "bob", Some(&wrong), now).unwrap_err();
        }
        let s = status(&mut db, &ctx("bob", now), None).unwrap();
        assert_eq!(s.locked_until, Some(now + LOCK_SECS));
        reset(&mut db, &ctx("admin", now), "bob").unwrap();
        let s = status(&mut db, &ctx("bob", now), None).unwrap();
        assert_eq!(
            s,
            MfaStatus {
                principal: "bob".into(),
                enrolled: false,
                confirmed: false,
                locked_until: None,
                failures: 0
            }
        );
    }
}
