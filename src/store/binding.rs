//! Bindings of callers to principals: an OS login name, a uid, or a client certificate's SHA-256
//! fingerprint that names a principal when it calls `pim serve`.

use super::{Conn, OptionalExtension, params};

use super::Result;

/// What a binding binds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Login,
    Uid,
    Cert,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Login => "login",
            Kind::Uid => "uid",
            Kind::Cert => "cert",
        }
    }
}

/// The principal bound to `value`.
pub fn principal_of(c: &Conn, kind: Kind, value: &str) -> Result<Option<String>> {
    c.prepare_cached("SELECT principal_id FROM principal_binding WHERE kind = ?1 AND value = ?2")?
        .query_row(params![kind.as_str(), value], |r| r.get(0))
        .optional()
}

/// The values of one kind bound to a principal.
pub fn of_principal(c: &Conn, principal_id: &str, kind: Kind) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT value FROM principal_binding WHERE principal_id = ?1 AND kind = ?2 ORDER BY value",
    )?;
    let rows = st.query_map(params![principal_id, kind.as_str()], |r| r.get(0))?;
    rows.collect::<super::Result<_>>()
}

/// Whether a principal has a login or uid binding of its own (which turns off, for it, the
/// default binding of the login name equal to its name).
pub fn has_os_binding(c: &Conn, principal_id: &str) -> Result<bool> {
    c.prepare_cached(
        "SELECT 1 FROM principal_binding WHERE principal_id = ?1 AND kind IN ('login', 'uid')",
    )?
    .exists([principal_id])
}

pub fn insert(c: &Conn, kind: Kind, value: &str, principal_id: &str, at: i64) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO principal_binding (kind, value, principal_id, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![kind.as_str(), value, principal_id, at])?;
    Ok(())
}

/// Removes one binding.
pub fn remove(c: &Conn, kind: Kind, value: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM principal_binding WHERE kind = ?1 AND value = ?2")?
        .execute(params![kind.as_str(), value])?;
    Ok(())
}

/// Removes a principal's bindings of one kind; returns the values removed.
pub fn clear(c: &Conn, principal_id: &str, kind: Kind) -> Result<Vec<String>> {
    let old = of_principal(c, principal_id, kind)?;
    c.prepare_cached("DELETE FROM principal_binding WHERE principal_id = ?1 AND kind = ?2")?
        .execute(params![principal_id, kind.as_str()])?;
    Ok(old)
}
