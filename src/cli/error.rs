//! Errors as users see them: `error: …`, `hint: …`, and the exit codes of SPEC §5.

use std::process::ExitCode;

use super::ui::Ui;
use crate::core::Error;
use crate::store::StoreError;

pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_NOT_FOUND: u8 = 3;
pub const EXIT_REFUSED: u8 = 4;
pub const EXIT_PENDING: u8 = 5;

/// The exit code an error ends the process with.
pub fn exit_code(e: &Error) -> u8 {
    match e {
        Error::NotFound { .. } | Error::Unresolved { .. } => EXIT_NOT_FOUND,
        Error::Usage { .. } => EXIT_USAGE,
        Error::NotAuthorized { .. }
        | Error::Policy { .. }
        | Error::Protected { .. }
        | Error::BadRows { refused: true, .. } => EXIT_REFUSED,
        Error::Store(StoreError::NotInitialized(_)) => EXIT_FAILED,
        _ => EXIT_FAILED,
    }
}

/// Prints the error with its hints on stderr and returns its exit code.
pub fn report(ui: &Ui, e: &Error) -> ExitCode {
    ui.error(&e.to_string());
    if let Error::BadRows { rows, .. } = e {
        for (line, msg) in rows.iter().take(1000) {
            ui.raw_err(&format!("  line {line}: {msg}"));
        }
        if rows.len() > 1000 {
            ui.raw_err(&format!("  … and {} more", rows.len() - 1000));
        }
    }
    for h in e.hints() {
        ui.hint(&h);
    }
    ExitCode::from(exit_code(e))
}
