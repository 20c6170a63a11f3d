//! What the connectors' configs share: `[provision.NAME.logins]`, the principal -> login table.

use std::collections::BTreeMap;

use super::connector::ConnectorError;

/// `[provision.NAME.logins]`: principal name -> the login on the target (empty when absent).
pub(crate) fn logins(
    name: &str,
    table: &toml::Table,
) -> Result<BTreeMap<String, String>, ConnectorError> {
    let Some(value) = table.get("logins") else {
        return Ok(BTreeMap::new());
    };
    let bad = || {
        ConnectorError(format!(
            "[provision.{name}.logins] must map principal names to logins: \"alice@example.com\" = \"alice\""
        ))
    };
    let toml::Value::Table(t) = value else {
        return Err(bad());
    };
    t.iter()
        .map(|(k, v)| match v {
            toml::Value::String(s) => Ok((k.clone(), s.clone())),
            _ => Err(bad()),
        })
        .collect()
}

/// A string key of a target's table, when present.
pub(crate) fn text(
    name: &str,
    table: &toml::Table,
    key: &str,
) -> Result<Option<String>, ConnectorError> {
    match table.get(key) {
        None => Ok(None),
        Some(toml::Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ConnectorError(format!(
            "[provision.{name}] {key} must be a string"
        ))),
    }
}
