//! The `ssh-ca` target: an OpenSSH certificate authority. `pim ssh sign` signs a user certificate
//! for the caller's own activation, valid until exactly the activation's end, so that access
//! lapses at expiry with no revoke step; as a queue connector it has nothing to do.
//!
//! ```toml
//! [provision.ssh]
//! kind = "ssh-ca"
//! ca_key = "/etc/pim/ssh-ca"      # ssh-keygen -t ed25519 -f /etc/pim/ssh-ca -N ''  (mode 0600)
//! [provision.ssh.logins]          # principal -> the certificate's principal when the binding
//! "alice@example.com" = "alice"   # names none (default: the principal's name)
//! ```
//!
//! Servers trust the CA with `TrustedUserCAKeys /etc/ssh/pim-ca.pub` (the `.pub` beside the key).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ssh_key::certificate::{Builder, CertType};
use ssh_key::{Algorithm, HashAlg, PrivateKey, PublicKey};

use super::connector::{Connector, ConnectorError, Held, Item};

/// An OpenSSH certificate authority: its name as a target and its private key.
pub struct SshCa {
    name: String,
    path: PathBuf,
    key: PrivateKey,
    logins: BTreeMap<String, String>,
}

impl std::fmt::Debug for SshCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SshCa")
            .field("name", &self.name)
            .field("ca_key", &self.path)
            .finish_non_exhaustive()
    }
}

/// What to sign.
#[derive(Debug)]
pub struct SignRequest<'a> {
    /// The user's public key, as in `id_ed25519.pub`.
    pub public_key: &'a str,
    pub principals: &'a [String],
    /// Unix seconds: valid from, and valid until (exclusive, as sshd checks it).
    pub valid_after: i64,
    pub valid_before: i64,
    pub key_id: &'a str,
}

/// A signed certificate.
#[derive(Debug)]
pub struct Signed {
    /// The certificate as `ssh-keygen` writes it (`…-cert-v01@openssh.com AAAA… comment`).
    pub certificate: String,
    pub serial: u64,
    /// The SHA-256 fingerprint of the user's key.
    pub key_fingerprint: String,
    /// The SHA-256 fingerprint of the CA's key.
    pub ca_fingerprint: String,
}

fn err(message: impl Into<String>) -> ConnectorError {
    ConnectorError(message.into())
}

impl SshCa {
    /// The target `name` from its `[provision.NAME]` table: its key read now, so that a missing
    /// or unusable key is said when pim starts, not when someone needs a certificate.
    pub fn from_config(name: &str, table: &toml::Table) -> Result<Self, ConnectorError> {
        use super::logins::{logins, text};
        super::known_keys(name, table, &["ca_key", "logins"])?;
        let path = PathBuf::from(text(name, table, "ca_key")?.ok_or_else(|| {
            err(format!(
                "[provision.{name}] needs ca_key = \"/path/to/ca\" (an OpenSSH private key: ssh-keygen -t ed25519 -f FILE -N '')"
            ))
        })?);
        let key = read_key(name, &path)?;
        Ok(SshCa {
            name: name.to_string(),
            path,
            key,
            logins: logins(name, table)?,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The principals of a certificate for `principal`: the binding's option `principals` (a
    /// comma list), else the principal's login (`logins`, default its name).
    pub fn principals(
        &self,
        principal: &str,
        options: &BTreeMap<String, String>,
    ) -> Result<Vec<String>, ConnectorError> {
        let names: Vec<String> = match options.get("principals") {
            Some(list) => list
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            None => vec![
                self.logins
                    .get(principal)
                    .cloned()
                    .unwrap_or_else(|| principal.to_string()),
            ],
        };
        if names.is_empty() {
            return Err(err(format!(
                "the binding to {} names no principals for the certificate",
                self.name
            )));
        }
        for n in &names {
            if n.chars()
                .any(|c| c.is_control() || c.is_whitespace() || c == ',')
            {
                return Err(err(format!(
                    "{} cannot be a certificate principal (no spaces, commas or control characters): set the binding's option principals or map it in [provision.{}.logins]",
                    serde_json::to_string(n).unwrap_or_default(),
                    self.name
                )));
            }
        }
        Ok(names)
    }

    /// Signs a user certificate for `req`'s key with this CA.
    pub fn sign(&self, req: &SignRequest<'_>) -> Result<Signed, ConnectorError> {
        let user = PublicKey::from_openssh(req.public_key.trim())
            .map_err(|e| err(format!("not an OpenSSH public key: {e}")))?;
        let after = u64::try_from(req.valid_after)
            .map_err(|_| err("the certificate would start before 1970"))?;
        let before = u64::try_from(req.valid_before)
            .map_err(|_| err("the certificate would end before 1970"))?;
        if before <= after {
            return Err(err("the certificate would end before it starts"));
        }
        use ssh_key::rand_core::{OsRng, RngCore};
        let serial = OsRng.next_u64();
        let cert_err = |e: ssh_key::Error| err(format!("cannot make the certificate: {e}"));
        let mut b =
            Builder::new_with_random_nonce(&mut OsRng, user.key_data().clone(), after, before)
                .map_err(cert_err)?;
        b.serial(serial).map_err(cert_err)?;
        b.key_id(req.key_id).map_err(cert_err)?;
        b.cert_type(CertType::User).map_err(cert_err)?;
        for p in req.principals {
            b.valid_principal(p.clone()).map_err(cert_err)?;
        }
        // What `ssh-keygen -s` grants by default, less forwarding: a terminal and ~/.ssh/rc.
        b.extension("permit-pty", "").map_err(cert_err)?;
        b.extension("permit-user-rc", "").map_err(cert_err)?;
        b.comment(user.comment()).map_err(cert_err)?;
        let cert = b.sign(&self.key).map_err(cert_err)?;
        Ok(Signed {
            certificate: cert.to_openssh().map_err(cert_err)?,
            serial,
            key_fingerprint: user.fingerprint(HashAlg::Sha256).to_string(),
            ca_fingerprint: self.key.fingerprint(HashAlg::Sha256).to_string(),
        })
    }
}

/// Reads a CA key: an unencrypted OpenSSH Ed25519 private key that only its owner may read.
fn read_key(name: &str, path: &Path) -> Result<PrivateKey, ConnectorError> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| {
        err(format!(
            "[provision.{name}] cannot read ca_key {shown}: {e}"
        ))
    })?;
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(err(format!(
            "[provision.{name}] ca_key {shown} may be read by others (mode {:04o}): chmod 600 it",
            meta.permissions().mode() & 0o7777
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        err(format!(
            "[provision.{name}] cannot read ca_key {shown}: {e}"
        ))
    })?;
    let key = PrivateKey::from_openssh(text.trim()).map_err(|e| {
        err(format!(
            "[provision.{name}] ca_key {shown} is not an OpenSSH private key: {e}"
        ))
    })?;
    if key.is_encrypted() {
        return Err(err(format!(
            "[provision.{name}] ca_key {shown} is encrypted: pim signs with an unencrypted key that only its account may read"
        )));
    }
    if key.algorithm() != Algorithm::Ed25519 {
        return Err(err(format!(
            "[provision.{name}] ca_key {shown} is a {} key: pim signs with Ed25519 (ssh-keygen -t ed25519)",
            key.algorithm()
        )));
    }
    Ok(key)
}

impl Connector for SshCa {
    /// A certificate lapses on its own at the assignment's end: nothing to grant or revoke.
    fn apply(&self, _item: &Item) -> Result<(), ConnectorError> {
        Ok(())
    }

    /// A CA keeps no list of what it signed that could be taken back.
    fn list(&self) -> Result<Vec<Held>, ConnectorError> {
        Ok(Vec::new())
    }

    fn held(&self, item: &Item) -> Held {
        Held {
            principal: item.principal.clone(),
            detail: format!(
                "certificates until {}",
                item.end.map_or_else(|| "no end".into(), |e| e.to_rfc3339())
            ),
        }
    }
}
