//! Provisioning (docs/provisioning.md): targets named in the config file (`[provision.NAME]`),
//! bound to roles; a grant queued when an assignment a binding covers comes into force and a
//! revoke when it ends, in the transaction of the change; the queue carried out at least once by
//! `pim provision run` and `pim serve`; and reconciliation against what the targets hold.

pub mod command;
pub mod connector;
pub mod engine;
mod logins;
pub mod manage;
pub mod postgres;
pub mod ssh_ca;
pub mod ssh_sign;
pub mod sudoers;

use std::collections::BTreeMap;
use std::sync::RwLock;

use connector::{Connector, ConnectorError};

/// The targets of the config file: each `[provision.NAME]` table as written.
pub type Targets = BTreeMap<String, toml::Table>;

static TARGETS: RwLock<Option<Targets>> = RwLock::new(None);

/// Sets the targets this process knows (the command line's config, or the server's).
pub fn set_targets(targets: Targets) {
    *TARGETS.write().unwrap_or_else(|e| e.into_inner()) = Some(targets);
}

/// The targets this process knows.
pub fn targets() -> Targets {
    TARGETS
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .unwrap_or_default()
}

/// The names of the configured targets, for messages.
pub fn target_names() -> Vec<String> {
    targets().into_keys().collect()
}

/// Builds the connector of one target from its table.
pub fn connector(
    name: &str,
    kind: &str,
    table: &toml::Table,
) -> Result<Box<dyn Connector>, ConnectorError> {
    match kind {
        "command" => Ok(Box::new(command::Command::from_config(name, table)?)),
        "sudoers" => Ok(Box::new(sudoers::Sudoers::from_config(name, table)?)),
        "postgres" => Ok(Box::new(postgres::Postgres::from_config(name, table)?)),
        "ssh-ca" => Ok(Box::new(ssh_ca::SshCa::from_config(name, table)?)),
        other => Err(ConnectorError(format!(
            "target '{name}': unknown kind '{other}' (use command, postgres, sudoers or ssh-ca)"
        ))),
    }
}

/// The connector of the configured target `name`.
pub fn connector_of(name: &str) -> Result<Box<dyn Connector>, ConnectorError> {
    let all = targets();
    let Some(table) = all.get(name) else {
        return Err(ConnectorError(format!(
            "target '{name}' is not in the config file"
        )));
    };
    let kind = table
        .get("kind")
        .and_then(|k| k.as_str())
        .ok_or_else(|| ConnectorError(format!("target '{name}': `kind` is missing")))?;
    connector(name, kind, table)
}

/// Refuses keys of a target's table that its kind does not know.
pub fn known_keys(name: &str, table: &toml::Table, known: &[&str]) -> Result<(), ConnectorError> {
    for key in table.keys() {
        if key != "kind" && !known.contains(&key.as_str()) {
            return Err(ConnectorError(format!(
                "target '{name}': unknown key `{key}` (known: kind, {})",
                known.join(", ")
            )));
        }
    }
    Ok(())
}
