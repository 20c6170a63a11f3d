//! `pim ssh sign`: an OpenSSH user certificate for the caller's own activation, signed by the
//! `ssh-ca` target bound to the role, valid from the activation's start until exactly its end.
//! Embedded, the command's config names the CA key; through a server, the server's config does
//! (a client never sends or names a key).

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::ssh_ca::{SignRequest, SshCa};
use crate::core::assign::category_of;
use crate::core::audit::Entry;
use crate::core::clock::{Ts, serde_ts};
use crate::core::error::{Error, Result};
use crate::core::model::{Assignment, RoleKind};
use crate::core::names;
use crate::core::session::{self, Ctx, WriteOpts};
use crate::store::{self, Db};

/// What `pim ssh sign` asks for.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignInput {
    pub role: String,
    pub scope: Option<String>,
    /// The public key to certify, as in `~/.ssh/id_ed25519.pub`.
    pub public_key: String,
}

/// A certificate `pim ssh sign` made (`-o json`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SshCertificate {
    /// The certificate, as `ssh-keygen -s` writes it into `KEY-cert.pub`.
    pub certificate: String,
    /// The ssh-ca target that signed it.
    pub target: String,
    pub role: String,
    pub scope: String,
    pub assignment_id: String,
    /// The names the certificate logs in as.
    pub principals: Vec<String>,
    #[serde(with = "serde_ts")]
    pub valid_after: Ts,
    /// The activation's end: sshd refuses the certificate from this instant on.
    #[serde(with = "serde_ts")]
    pub valid_before: Ts,
    pub key_id: String,
    /// The certificate's serial, as `ssh-keygen -L` shows it.
    pub serial: String,
    /// The SHA-256 fingerprint of the certified key.
    pub key_fingerprint: String,
    pub ca_fingerprint: String,
}

/// Signs a certificate for the caller's own activation of `input.role` (at `input.scope`) that
/// is in force now, with the ssh-ca target bound to the role. Refused (and audited as a failure)
/// without such an activation, without an ssh-ca binding, or for a key that is no public key.
pub fn sign(db: &mut Db, ctx: &Ctx, input: &SignInput) -> Result<SshCertificate> {
    let failure = Entry::new(
        "ssh.sign",
        "Issue SSH certificate for role activation (PIM)",
        crate::core::audit::category::ROLE,
    );
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let now = op.now();
        let actor = op.actor.clone();
        op.failure.set_principal(&actor);
        let role = names::role(op.tx, &input.role)?;
        op.failure.set_role(&role);
        op.failure.category = category_of(role.kind).into();
        let scope = match (&input.scope, role.kind) {
            (Some(s), _) => Some(names::scope(op.tx, s)?),
            (None, RoleKind::Directory) => Some(names::scope(op.tx, "/")?),
            (None, _) => None,
        };
        if let Some(s) = &scope {
            op.failure.scope = Some(s.path.clone());
        }
        let mine: Vec<Assignment> =
            store::assignment::active_live_of(op.tx, std::slice::from_ref(&actor.id), now)?
                .into_iter()
                .filter(|a| a.activated_from.is_some() && a.role_id == role.id)
                .filter(|a| a.in_force(now))
                .filter(|a| scope.as_ref().is_none_or(|s| a.scope_id == s.id))
                .collect();
        let at = scope
            .as_ref()
            .map_or("any scope".to_string(), |s| s.path.clone());
        let activation = match mine.as_slice() {
            [one] => one.clone(),
            [] => {
                return Err(Error::NotAuthorized {
                    message: format!(
                        "you have no activation of '{}' at {at} in force: a certificate is signed only for a running activation",
                        role.name
                    ),
                    hint: Some(format!(
                        "activate it first: pim activate --role '{}'{}",
                        role.name,
                        input
                            .scope
                            .as_ref()
                            .map_or(String::new(), |s| format!(" --scope {s}"))
                    )),
                });
            }
            _ => return Err(crate::core::assign::scope_needed(&role)),
        };
        let act_scope = store::scope::by_id(op.tx, activation.scope_id)?
            .ok_or_else(|| Error::invalid("scope vanished"))?;
        op.failure.scope = Some(act_scope.path.clone());
        op.failure.assignment_id = Some(activation.id.clone());
        let Some(end) = activation.end_at else {
            return Err(Error::invalid(
                "the activation has no end: pim signs certificates that lapse with an activation",
            ));
        };
        // The ssh-ca bindings that cover the activation: the role at any scope, or at a scope
        // the activation's scope reaches (its own or one below it).
        let targets = super::targets();
        let mut bound = Vec::new();
        for b in store::provision::bindings(op.tx)? {
            if b.role_id != role.id {
                continue;
            }
            let kind = targets
                .get(&b.target)
                .and_then(|t| t.get("kind"))
                .and_then(|k| k.as_str());
            if kind != Some("ssh-ca") {
                continue;
            }
            if let Some(s) = b.scope_id
                && !store::scope::ancestors(op.tx, s)?.contains(&activation.scope_id)
            {
                continue;
            }
            bound.push(b);
        }
        let Some(binding) = bound.first() else {
            return Err(Error::invalid_with_hint(
                format!(
                    "no ssh-ca target is bound to '{}' at {}: pim signs certificates only for roles bound to one",
                    role.name, act_scope.path
                ),
                format!(
                    "an administrator binds one: pim provision bind NAME --role '{}'",
                    role.name
                ),
            ));
        };
        let table = targets.get(&binding.target).cloned().unwrap_or_default();
        let ca = SshCa::from_config(&binding.target, &table).map_err(|e| Error::invalid(e.0))?;
        let options: std::collections::BTreeMap<String, String> =
            serde_json::from_str(&binding.options).unwrap_or_default();
        let principals = ca
            .principals(&actor.name, &options)
            .map_err(|e| Error::invalid(e.0))?;
        let key_id = format!(
            "pim principal={} assignment={} role={}",
            serde_json::to_string(&actor.name).unwrap_or_default(),
            activation.id,
            serde_json::to_string(&role.name).unwrap_or_default()
        );
        let valid_after = activation.start_at.min(now);
        let signed = ca
            .sign(&SignRequest {
                public_key: &input.public_key,
                principals: &principals,
                valid_after,
                valid_before: end,
                key_id: &key_id,
            })
            .map_err(|e| {
                Error::invalid_with_hint(
                    e.0,
                    "pass the .pub file of an OpenSSH key (ssh-keygen -t ed25519)",
                )
            })?;
        let out = SshCertificate {
            certificate: signed.certificate,
            target: binding.target.clone(),
            role: role.name.clone(),
            scope: act_scope.path.clone(),
            assignment_id: activation.id.clone(),
            principals,
            valid_after,
            valid_before: end,
            key_id,
            serial: signed.serial.to_string(),
            key_fingerprint: signed.key_fingerprint,
            ca_fingerprint: signed.ca_fingerprint,
        };
        let mut e = Entry::new(
            "ssh.sign",
            "Issue SSH certificate for role activation (PIM)",
            category_of(role.kind),
        )
        .principal(&actor)
        .role(&role)
        .scope(&act_scope.path);
        e.assignment_id = Some(activation.id.clone());
        e.start_at = Some(valid_after);
        e.end_at = Some(end);
        e.details = Some(json!({
            "target": out.target,
            "serial": out.serial,
            "key_id": out.key_id,
            "principals": out.principals,
            "key_fingerprint": out.key_fingerprint,
            "ca_fingerprint": out.ca_fingerprint,
        }));
        op.audit(&e)?;
        Ok(out)
    })
}
