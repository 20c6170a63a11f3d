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

/// Off a terminal, a command that would ask for `what` instead needs it as an argument.
pub fn needs_terminal(command: &str, what: &str, hint: impl Into<String>) -> Error {
    Error::usage_with_hint(
        format!(
            "`pim {command}` needs {what}, or a terminal to ask on (stdin and stderr are not both terminals, or --no-input)"
        ),
        hint,
    )
}

/// Prints the error with its hints on stderr and returns its exit code.
pub fn report(ui: &Ui, e: &Error) -> ExitCode {
    ui.error(&e.to_string());
    if let Error::BadRows { rows, more, .. } = e {
        for (line, msg) in rows {
            ui.raw_err(&format!("  line {line}: {msg}"));
        }
        if *more > 0 {
            ui.raw_err(&format!("  … and {more} more"));
        }
    }
    for h in e.hints() {
        ui.hint(&h);
    }
    ExitCode::from(exit_code(e))
}
