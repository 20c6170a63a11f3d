//! What can go wrong, one variant per thing a user can act on. The CLI maps each to an exit code
//! (SPEC §5) and prints the message with its hint.

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A named thing does not exist. `candidates` are the closest names that do.
    #[error("{kind} '{name}' not found")]
    NotFound {
        kind: &'static str,
        name: String,
        candidates: Vec<String>,
    },
    /// A name or ID prefix matches more than one thing.
    #[error("{kind} '{name}' is ambiguous: it matches {}", .matches.join(", "))]
    Ambiguous {
        kind: &'static str,
        name: String,
        matches: Vec<String>,
    },
    /// The acting principal lacks the right.
    #[error("not authorized: {message}")]
    NotAuthorized {
        message: String,
        hint: Option<String>,
    },
    /// A role-settings rule is not met; `rule` is Entra's name for it.
    #[error("{rule}: {message}")]
    Policy {
        rule: &'static str,
        message: String,
        hint: Option<String>,
    },
    /// A protection would be broken (the last Global Administrator, …); `rule` names it
    /// (`LastGlobalAdministrator`).
    #[error("{rule}: {message}")]
    Protected {
        rule: &'static str,
        message: String,
        hint: Option<String>,
    },
    /// The change conflicts with the current state (`RoleAssignmentExists`, …).
    #[error("{message}")]
    Conflict {
        message: String,
        hint: Option<String>,
    },
    /// The input is not acceptable.
    #[error("{message}")]
    Invalid {
        message: String,
        hint: Option<String>,
    },
    /// A document pim cannot read as what it claims to be (a Microsoft Graph or ARM document
    /// with an unknown rule id, a bad duration, …), or options that do not fit it: a usage
    /// error (exit 2).
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// Something a document names by an external id (an object id, a role definition id) that
    /// matches nothing here (exit 3, as for a name that is not found).
    #[error("{message}")]
    Unresolved {
        message: String,
        hint: Option<String>,
    },
    /// A file given to import has bad rows; nothing was imported. `refused` when a row was refused
    /// because the actor lacks the right to make it, or has not passed the MFA it needs (exit 4,
    /// as for a single refused write).
    #[error("{} has {} bad row{}; nothing was imported", .file, .rows.len() as u64 + .more, if .rows.len() as u64 + .more == 1 { "" } else { "s" })]
    BadRows {
        file: String,
        /// The first bad rows, with their line numbers.
        rows: Vec<(u64, String)>,
        /// How many more bad rows there were.
        more: u64,
        refused: bool,
    },
    /// An error a server reported, as it reported it (the wire form of any of the above).
    #[error("{message}")]
    Relayed {
        kind: String,
        exit: u8,
        message: String,
        lines: Vec<String>,
        hints: Vec<String>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::Invalid {
            message: message.into(),
            hint: None,
        }
    }

    pub fn invalid_with_hint(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Invalid {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            hint: None,
        }
    }

    pub fn usage_with_hint(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Usage {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    pub fn conflict(message: impl Into<String>) -> Error {
        Error::Conflict {
            message: message.into(),
            hint: None,
        }
    }

    pub fn not_authorized(message: impl Into<String>) -> Error {
        Error::NotAuthorized {
            message: message.into(),
            hint: None,
        }
    }

    pub fn policy(rule: &'static str, message: impl Into<String>) -> Error {
        Error::Policy {
            rule,
            message: message.into(),
            hint: None,
        }
    }

    pub fn policy_with_hint(
        rule: &'static str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Error {
        Error::Policy {
            rule,
            message: message.into(),
            hint: Some(hint.into()),
        }
    }

    /// Hints to print under the message.
    pub fn hints(&self) -> Vec<String> {
        match self {
            Error::NotFound { candidates, .. } if !candidates.is_empty() => {
                vec![format!("did you mean: {}?", candidates.join(", "))]
            }
            // Nothing close: say where the names or IDs are listed.
            Error::NotFound { kind, .. } => match *kind {
                "principal" | "approver" => {
                    vec!["`pim principal list` lists the principals".into()]
                }
                "role" => vec!["`pim role list` lists the roles".into()],
                "scope" | "parent scope" => vec!["`pim scope list --tree` lists the scopes".into()],
                "group" => vec!["`pim principal list --kind group` lists the groups".into()],
                "request" => vec!["`pim request list --all` lists the requests you may see".into()],
                "assignment" => vec!["`pim assign list` lists the assignments you may see".into()],
                "review" => vec!["`pim review list` lists the reviews".into()],
                _ => vec![],
            },
            Error::Ambiguous { .. } => {
                vec!["give the full name, or a longer ID prefix".to_string()]
            }
            Error::NotAuthorized { hint, .. }
            | Error::Policy { hint, .. }
            | Error::Conflict { hint, .. }
            | Error::Usage { hint, .. }
            | Error::Unresolved { hint, .. }
            | Error::Invalid { hint, .. }
            | Error::Protected { hint, .. } => hint.iter().cloned().collect(),
            Error::Relayed { hints, .. } => hints.clone(),
            Error::Store(StoreError::NotInitialized(_)) => {
                vec!["create it with `pim init --admin NAME`, or point --db / PIM_DB at an existing one".into()]
            }
            Error::Store(StoreError::AlreadyInitialized(_)) => {
                vec!["use --db PATH to create a database elsewhere".into()]
            }
            Error::Store(StoreError::NewerSchema { .. }) => {
                vec!["upgrade pim to a release that knows this schema".into()]
            }
            _ => vec![],
        }
    }

    /// Whether this error is a refusal of the request (audited as a failure), as opposed to a
    /// storage problem that prevents writing anything at all.
    pub fn is_refusal(&self) -> bool {
        !matches!(self, Error::Store(_))
    }

    /// Whether the write failed on a serialization failure or deadlock that running the whole
    /// transaction again resolves ([`StoreError::is_retryable`]).
    pub fn is_retryable(&self) -> bool {
        matches!(self, Error::Store(e) if e.is_retryable())
    }
}
