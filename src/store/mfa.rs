//! TOTP enrolments: one row per principal in `mfa`.

use super::{Conn, OptionalExtension, params};

use super::Result;
use crate::core::clock::Ts;
use crate::core::mfa::Enrolment;

/// The principal's enrolment, confirmed or not.
pub fn get(c: &Conn, principal_id: &str) -> Result<Option<Enrolment>> {
    c.prepare_cached(
        "SELECT principal_id, secret, created_at, confirmed_at, last_step, failures, locked_until
         FROM mfa WHERE principal_id = ?1",
    )?
    .query_row([principal_id], |r| {
        Ok(Enrolment {
            principal_id: r.get(0)?,
            secret: r.get(1)?,
            created_at: r.get(2)?,
            confirmed_at: r.get(3)?,
            last_step: r.get(4)?,
            failures: r.get(5)?,
            locked_until: r.get(6)?,
        })
    })
    .optional()
}

/// Starts an enrolment, replacing an earlier one (the caller refuses to replace a confirmed one).
pub fn put_pending(c: &Conn, principal_id: &str, secret: &str, at: Ts) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO mfa (principal_id, secret, created_at, confirmed_at, last_step, failures,
                          locked_until)
         VALUES (?1, ?2, ?3, NULL, NULL, 0, NULL)
         ON CONFLICT (principal_id) DO UPDATE SET
             secret = excluded.secret, created_at = excluded.created_at, confirmed_at = NULL,
             last_step = NULL, failures = 0, locked_until = NULL",
    )?
    .execute(params![principal_id, secret, at])?;
    Ok(())
}

/// Marks the enrolment confirmed by the code of `step`, which is thereby used.
pub fn confirm(c: &Conn, principal_id: &str, at: Ts, step: i64) -> Result<()> {
    c.prepare_cached(
        "UPDATE mfa SET confirmed_at = ?2, last_step = ?3, failures = 0, locked_until = NULL
         WHERE principal_id = ?1",
    )?
    .execute(params![principal_id, at, step])?;
    Ok(())
}

/// Records an accepted code: its step may not be used again, and the failure count restarts.
pub fn accept(c: &Conn, principal_id: &str, step: i64) -> Result<()> {
    c.prepare_cached("UPDATE mfa SET last_step = ?2, failures = 0 WHERE principal_id = ?1")?
        .execute(params![principal_id, step])?;
    Ok(())
}

/// Sets the count of failures in a row and the lock.
pub fn set_failures(
    c: &Conn,
    principal_id: &str,
    failures: i64,
    locked_until: Option<Ts>,
) -> Result<()> {
    c.prepare_cached("UPDATE mfa SET failures = ?2, locked_until = ?3 WHERE principal_id = ?1")?
        .execute(params![principal_id, failures, locked_until])?;
    Ok(())
}

/// Removes the enrolment. Returns whether there was one.
pub fn delete(c: &Conn, principal_id: &str) -> Result<bool> {
    Ok(c.prepare_cached("DELETE FROM mfa WHERE principal_id = ?1")?
        .execute([principal_id])?
        > 0)
}
