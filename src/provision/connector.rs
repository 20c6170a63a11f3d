//! What a provisioning target can do: carry out a grant or a revoke, and say what it holds.
//!
//! Every connector is idempotent: a grant of what is already granted and a revoke of what is
//! not held both succeed, so that a queue delivering at least once never does harm.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Whether an action gives or takes away access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Grant,
    Revoke,
}

/// One grant or revoke as a connector receives it (the `command` connector's JSON on stdin).
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub action: Action,
    /// The principal's name.
    pub principal: String,
    /// The role's display name.
    pub role: String,
    /// The scope's path.
    pub scope: String,
    pub assignment_id: String,
    /// When the assignment ends; `None` for a permanent one.
    pub end: Option<DateTime<Utc>>,
    /// The binding's target options (`pim provision bind … --option KEY=VALUE`).
    pub options: BTreeMap<String, String>,
}

/// One grant a target reports holding, for `pim provision reconcile`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Held {
    /// The principal's name, as pim knows it.
    pub principal: String,
    /// What is held, in the connector's words (a PostgreSQL role, a sudoers file name, …).
    pub detail: String,
}

/// Why a target did not carry out an action; the message is shown in `provision status`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConnectorError(pub String);

/// A target system pim provisions.
pub trait Connector: Send + Sync {
    /// Carries out `item` and returns only once the target has confirmed it.
    fn apply(&self, item: &Item) -> Result<(), ConnectorError>;
    /// What the target holds now (for reconcile).
    fn list(&self) -> Result<Vec<Held>, ConnectorError>;
    /// What `list` reports once `item` (a grant) is carried out: lets reconcile compare.
    fn held(&self, item: &Item) -> Held;
}
