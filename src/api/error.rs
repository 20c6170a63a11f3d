//! Errors on the wire: everything the command line prints for an error and the exit code it ends
//! with, so that a refusal through a server reads exactly as it does locally.

use serde::{Deserialize, Serialize};

use crate::core::Error;
use crate::store::StoreError;

pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_NOT_FOUND: u8 = 3;
pub const EXIT_REFUSED: u8 = 4;
pub const EXIT_PENDING: u8 = 5;

/// The exit code an error ends the process with (SPEC §5).
pub fn exit_code(e: &Error) -> u8 {
    match e {
        Error::NotFound { .. } | Error::Unresolved { .. } => EXIT_NOT_FOUND,
        Error::Usage { .. } => EXIT_USAGE,
        Error::NotAuthorized { .. }
        | Error::Policy { .. }
        | Error::Protected { .. }
        | Error::BadRows { refused: true, .. } => EXIT_REFUSED,
        Error::Relayed { exit, .. } => *exit,
        Error::Store(StoreError::NotInitialized(_)) => EXIT_FAILED,
        _ => EXIT_FAILED,
    }
}

/// How many bad rows of an import an error lists.
const ROWS_SHOWN: usize = 1000;

/// An error as a server sends it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct WireError {
    /// What kind of error: `not_found`, `ambiguous`, `not_authorized`, `policy`, `protected`,
    /// `conflict`, `invalid`, `bad_rows`, `store`.
    pub kind: String,
    /// The exit code the command ends with.
    pub exit: u8,
    /// The `error:` line.
    pub message: String,
    /// Lines printed under it as they are (an import's bad rows).
    pub lines: Vec<String>,
    /// The `hint:` lines.
    pub hints: Vec<String>,
    /// Entra's name of the rule that refused, for a policy refusal.
    pub rule: Option<String>,
}

impl From<&Error> for WireError {
    fn from(e: &Error) -> WireError {
        let kind = match e {
            Error::NotFound { .. } => "not_found",
            Error::Ambiguous { .. } => "ambiguous",
            Error::NotAuthorized { .. } => "not_authorized",
            Error::Policy { .. } => "policy",
            Error::Protected { .. } => "protected",
            Error::Conflict { .. } => "conflict",
            Error::Invalid { .. } => "invalid",
            Error::Usage { .. } => "usage",
            Error::Unresolved { .. } => "unresolved",
            Error::BadRows { .. } => "bad_rows",
            Error::Relayed { kind, .. } => kind.as_str(),
            Error::Store(_) => "store",
        };
        let mut lines = Vec::new();
        if let Error::BadRows { rows, more, .. } = e {
            for (line, msg) in rows.iter().take(ROWS_SHOWN) {
                lines.push(format!("  line {line}: {msg}"));
            }
            let left = rows.len().saturating_sub(ROWS_SHOWN) as u64 + more;
            if left > 0 {
                lines.push(format!("  … and {left} more"));
            }
        }
        if let Error::Relayed { lines: l, .. } = e {
            lines.clone_from(l);
        }
        WireError {
            kind: kind.into(),
            exit: exit_code(e),
            message: e.to_string(),
            lines,
            hints: e.hints(),
            rule: match e {
                Error::Policy { rule, .. } | Error::Protected { rule, .. } => {
                    Some((*rule).to_string())
                }
                _ => None,
            },
        }
    }
}

impl From<WireError> for Error {
    fn from(w: WireError) -> Error {
        Error::Relayed {
            kind: w.kind,
            exit: w.exit,
            message: w.message,
            lines: w.lines,
            hints: w.hints,
        }
    }
}
