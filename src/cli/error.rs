//! Errors as users see them: `error: …`, `hint: …`, and the exit codes of SPEC §5.

use std::process::ExitCode;

use super::ui::Ui;
use crate::core::Error;

pub use crate::api::error::{
    EXIT_FAILED, EXIT_NOT_FOUND, EXIT_PENDING, EXIT_REFUSED, EXIT_USAGE, exit_code,
};

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
