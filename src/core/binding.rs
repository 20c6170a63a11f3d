//! Who a caller of `pim serve` is: bindings of OS logins, uids and certificate fingerprints to
//! principals, set by administrators, and the rule that turns an authenticated caller into the
//! acting principal. Nothing here trusts what a caller says about itself: the server passes in
//! what the kernel (peer uid) or the TLS handshake (certificate) established.

use crate::store::Conn;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::audit::{Entry, category};
use super::authz;
use super::error::{Error, Result};
use super::model::{Principal, PrincipalKind};
use super::names;
use super::session::{self, Ctx, WriteOpts};
use crate::store::binding::Kind;
use crate::store::{self, Db};

/// What `pim principal update NAME --login L | --uid N | --cert-fingerprint F` binds.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindInput {
    /// The OS login name (replaces the principal's login binding).
    pub login: Option<String>,
    /// The uid (replaces the principal's uid binding).
    pub uid: Option<u32>,
    /// A client certificate's SHA-256 fingerprint (added to the principal's).
    pub cert_fingerprint: Option<String>,
    /// A fingerprint to unbind from the principal (a certificate lost or retired).
    #[serde(default)]
    pub remove_cert_fingerprint: Option<String>,
}

impl BindInput {
    pub fn is_empty(&self) -> bool {
        self.login.is_none()
            && self.uid.is_none()
            && self.cert_fingerprint.is_none()
            && self.remove_cert_fingerprint.is_none()
    }
}

/// A principal's bindings.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Bindings {
    pub principal: String,
    pub logins: Vec<String>,
    pub uids: Vec<String>,
    pub cert_fingerprints: Vec<String>,
}

impl Bindings {
    /// The bindings as lines: `login bob`, `uid 1001`, `cert 3f…`.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (k, vs) in [
            ("login", &self.logins),
            ("uid", &self.uids),
            ("cert", &self.cert_fingerprints),
        ] {
            for v in vs {
                out.push(format!("{k} {v}"));
            }
        }
        out
    }
}

fn bindings_of(c: &Conn, p: &Principal) -> Result<Bindings> {
    Ok(Bindings {
        principal: p.name.clone(),
        logins: store::binding::of_principal(c, &p.id, Kind::Login)?,
        uids: store::binding::of_principal(c, &p.id, Kind::Uid)?,
        cert_fingerprints: store::binding::of_principal(c, &p.id, Kind::Cert)?,
    })
}

/// A SHA-256 fingerprint as 64 lower-case hex digits; `AB:CD:…` and upper case are accepted.
pub fn normalise_fingerprint(text: &str) -> Result<String> {
    let hex: String = text
        .trim()
        .trim_start_matches("sha256:")
        .trim_start_matches("SHA256:")
        .chars()
        .filter(|c| *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::invalid_with_hint(
            format!("'{}' is not a SHA-256 fingerprint", text.trim()),
            "give 64 hex digits (colons allowed), e.g. from `openssl x509 -noout -fingerprint -sha256 -in CERT`",
        ));
    }
    Ok(hex)
}

fn check_login(login: &str) -> Result<()> {
    if login.is_empty()
        || login.len() > 256
        || login
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == ':')
    {
        return Err(Error::invalid(format!("'{login}' is not an OS login name")));
    }
    Ok(())
}

/// Binds a caller identity to a principal. Binding an identity hands it the principal's authority,
/// as resetting credentials does: only Global and Privileged Role Administrators may, and only for
/// users and service principals (groups never act).
pub fn bind(
    db: &mut Db,
    ctx: &Ctx,
    name: &str,
    input: &BindInput,
    opts: WriteOpts,
) -> Result<Bindings> {
    let failure = Entry::new("principal.bind", "Update user", category::USER);
    session::write(db, ctx, failure, opts, |op| {
        let p = names::principal(op.tx, name)?;
        op.failure.set_principal(&p);
        authz::require_principal_admin(&op.grants, p.kind, Some("binding a caller identity"))?;
        if p.kind == PrincipalKind::Group {
            return Err(Error::invalid(format!(
                "'{}' is a group: groups never act, so nothing can be bound to one",
                p.name
            )));
        }
        if input.is_empty() {
            return Err(Error::invalid_with_hint(
                "nothing to bind",
                "pass --login L, --uid N, --cert-fingerprint SHA256 or --remove-cert-fingerprint SHA256",
            ));
        }
        let mut changes = serde_json::Map::new();
        let mut set = |kind: Kind, value: String, replace: bool| -> Result<()> {
            if let Some(owner) = store::binding::principal_of(op.tx, kind, &value)? {
                if owner == p.id {
                    return Ok(());
                }
                let other = store::principal::by_id(op.tx, &owner)?
                    .map(|o| o.name)
                    .unwrap_or(owner);
                return Err(Error::Conflict {
                    message: format!("{} {value} is already bound to '{other}'", kind.as_str()),
                    hint: Some(format!(
                        "one {} names one principal; bind another, or remove '{other}' first",
                        kind.as_str()
                    )),
                });
            }
            let old = if replace {
                store::binding::clear(op.tx, &p.id, kind)?
            } else {
                Vec::new()
            };
            store::binding::insert(op.tx, kind, &value, &p.id, op.now())?;
            changes.insert(kind.as_str().into(), json!({ "old": old, "new": value }));
            Ok(())
        };
        if let Some(login) = &input.login {
            check_login(login)?;
            set(Kind::Login, login.clone(), true)?;
        }
        if let Some(uid) = input.uid {
            set(Kind::Uid, uid.to_string(), true)?;
        }
        if let Some(f) = &input.cert_fingerprint {
            set(Kind::Cert, normalise_fingerprint(f)?, false)?;
        }
        if let Some(f) = &input.remove_cert_fingerprint {
            let f = normalise_fingerprint(f)?;
            if store::binding::principal_of(op.tx, Kind::Cert, &f)?.as_deref() != Some(&p.id) {
                return Err(Error::NotFound {
                    kind: "certificate binding",
                    name: format!("{f}' of '{}", p.name),
                    candidates: store::binding::of_principal(op.tx, &p.id, Kind::Cert)?,
                });
            }
            store::binding::remove(op.tx, Kind::Cert, &f)?;
            changes.insert(
                "cert_removed".into(),
                json!({ "old": f, "new": serde_json::Value::Null }),
            );
        }
        let b = bindings_of(op.tx, &p)?;
        if !changes.is_empty() {
            let e = Entry::new("principal.bind", "Update user", category::USER)
                .principal(&p)
                .details(serde_json::Value::Object(changes));
            op.audit(&e)?;
        }
        Ok(b)
    })
}

/// How a server maps callers to principals (`[server]` in its config).
#[derive(Clone, Debug, Default)]
pub struct Rules {
    /// The login name equal to a principal's name binds it, unless the principal has a login or
    /// uid binding of its own.
    pub login_binding: bool,
    /// The principal uid 0 acts as; refused when none.
    pub root: Option<String>,
    /// The server's own uid, and the principal it acts as; refused when none.
    pub service_uid: Option<u32>,
    pub service_account: Option<String>,
    /// A client certificate's name (common name, else first DNS or URI alternative name) equal
    /// to a principal's name binds it, unless the principal has certificate fingerprints bound.
    pub cert_name_binding: bool,
}

/// A caller as the server authenticated it.
#[derive(Clone, Debug)]
pub enum Caller {
    /// The Unix socket peer: its uid from the kernel, and that uid's login name on the server host.
    Peer { uid: u32, login: Option<String> },
    /// A client certificate that chains to the server's client CA: its SHA-256 fingerprint and the
    /// name it carries (its common name, else its first DNS or URI alternative name). A refusal in
    /// the TLS handshake is audited as one too: with no fingerprint when no certificate came.
    Certificate {
        fingerprint: String,
        names: Vec<String>,
    },
}

impl Caller {
    /// The caller as logs and refusals name it.
    pub fn describe(&self) -> String {
        match self {
            Caller::Peer {
                uid,
                login: Some(l),
            } => format!("uid {uid} ({l})"),
            Caller::Peer { uid, login: None } => format!("uid {uid}"),
            Caller::Certificate { fingerprint, .. } if fingerprint.is_empty() => {
                "a TLS client without a certificate".into()
            }
            Caller::Certificate { fingerprint, names } => match names.first() {
                Some(n) => format!(
                    "certificate {n} (SHA-256 {})",
                    &fingerprint[..16.min(fingerprint.len())]
                ),
                None => format!(
                    "certificate SHA-256 {}",
                    &fingerprint[..16.min(fingerprint.len())]
                ),
            },
        }
    }
}

fn usable(p: Principal, how: &str) -> Result<Principal> {
    if !p.enabled {
        return Err(Error::not_authorized(format!(
            "principal '{}' is disabled",
            p.name
        )));
    }
    if p.kind == PrincipalKind::Group {
        return Err(Error::not_authorized(format!(
            "{how} names the group '{}': groups never act",
            p.name
        )));
    }
    Ok(p)
}

fn named(c: &Conn, name: &str, how: &str) -> Result<Principal> {
    match store::principal::by_name(c, name)? {
        Some(p) => usable(p, how),
        None => Err(Error::NotAuthorized {
            message: format!(
                "{how} maps to '{name}', which is not a principal in this pim database"
            ),
            hint: Some("fix `[server]` in the server's config, or add the principal".into()),
        }),
    }
}

fn bound(c: &Conn, kind: Kind, value: &str, how: &str) -> Result<Option<Principal>> {
    match store::binding::principal_of(c, kind, value)? {
        Some(id) => match store::principal::by_id(c, &id)? {
            Some(p) => usable(p, how).map(Some),
            None => Ok(None),
        },
        None => Ok(None),
    }
}

/// The principal an authenticated caller acts as, or a refusal that says why.
pub fn resolve(c: &Conn, caller: &Caller, rules: &Rules) -> Result<Principal> {
    let how = caller.describe();
    match caller {
        Caller::Peer { uid, login } => {
            if *uid == 0 {
                return match &rules.root {
                    Some(name) => named(c, name, &how),
                    None => Err(Error::NotAuthorized {
                        message: "root is mapped to no principal on this server".into(),
                        hint: Some(
                            "call as your own user, or set `[server] root = \"NAME\"` in the server's config"
                                .into(),
                        ),
                    }),
                };
            }
            if rules.service_uid == Some(*uid) {
                return match &rules.service_account {
                    Some(name) => named(c, name, &how),
                    None => Err(Error::NotAuthorized {
                        message: format!(
                            "{how} is the server's own account, mapped to no principal"
                        ),
                        hint: Some(
                            "call as your own user, or set `[server] service_account = \"NAME\"`"
                                .into(),
                        ),
                    }),
                };
            }
            if let Some(p) = bound(c, Kind::Uid, &uid.to_string(), &how)? {
                return Ok(p);
            }
            if let Some(l) = login {
                if let Some(p) = bound(c, Kind::Login, l, &how)? {
                    return Ok(p);
                }
                if rules.login_binding
                    && let Some(p) = store::principal::by_name(c, l)?
                    && !store::binding::has_os_binding(c, &p.id)?
                {
                    return usable(p, &how);
                }
            }
            Err(Error::NotAuthorized {
                message: format!("{how} is bound to no principal"),
                hint: Some(format!(
                    "an administrator binds it: `pim principal update NAME --uid {uid}`{}",
                    login
                        .as_ref()
                        .map(|l| format!(" or `--login {l}`"))
                        .unwrap_or_default()
                )),
            })
        }
        Caller::Certificate { fingerprint, names } => {
            if let Some(p) = bound(c, Kind::Cert, fingerprint, &how)? {
                return Ok(p);
            }
            if rules.cert_name_binding
                && let Some(n) = names.first()
                && let Some(p) = store::principal::by_name(c, n)?
                && store::binding::of_principal(c, &p.id, Kind::Cert)?.is_empty()
            {
                return usable(p, &how);
            }
            Err(Error::NotAuthorized {
                message: format!("{how} is bound to no principal"),
                hint: Some(format!(
                    "an administrator binds it: `pim principal update NAME --cert-fingerprint {fingerprint}`"
                )),
            })
        }
    }
}

/// Audits a caller the server refused, with how it came in: a failure row whose actor is the
/// caller as authenticated (no principal).
pub fn record_refusal(db: &mut Db, ctx: &Ctx, e: &Error) -> Result<()> {
    let mut entry = Entry::new("auth.refused", "Sign-in failed", category::USER);
    session::record_failure(db, ctx, None, &mut entry, e)
}
