//! Errors as users see them: `error: …`, `hint: …`, and the exit codes of SPEC §5.

use std::process::ExitCode;

use super::ui::Ui;
use crate::core::Error;

pub use crate::api::error::{
    EXIT_FAILED, EXIT_NOT_FOUND, EXIT_PENDING, EXIT_REFUSED, EXIT_USAGE, exit_code,
};

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
    let wire = crate::api::WireError::from(e);
    for line in &wire.lines {
        ui.raw_err(line);
    }
    for h in &wire.hints {
        ui.hint(h);
    }
    ExitCode::from(exit_code(e))
}
