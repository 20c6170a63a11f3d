//! The terminal: results on stdout, everything else on stderr; prompts only on a terminal.

use std::io::{IsTerminal, Write};

use super::{ColorWhen, Format, Global};
use crate::core::{Error, Result};

pub struct Ui {
    pub format: Format,
    pub quiet: bool,
    pub yes: bool,
    /// Prompts allowed: stdin and stderr are terminals and --no-input is absent.
    pub interactive: bool,
    /// stderr is a terminal (progress bars).
    pub stderr_tty: bool,
    color: bool,
}

impl Ui {
    pub fn new(g: &Global) -> Ui {
        let stderr_tty = std::io::stderr().is_terminal();
        let color = match g.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                stderr_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Ui {
            format: g.output,
            quiet: g.quiet,
            yes: g.yes,
            interactive: !g.no_input && stderr_tty && std::io::stdin().is_terminal(),
            stderr_tty,
            color,
        }
    }

    /// Writes a result to stdout. A closed pipe (`| head`) ends the process quietly.
    pub fn out(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        if let Err(e) = writeln!(out, "{text}").and_then(|_| out.flush())
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            std::process::exit(0);
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn raw_err(&self, text: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }

    /// A note about what happened (stderr; silenced by --quiet).
    pub fn note(&self, text: &str) {
        if !self.quiet {
            self.raw_err(text);
        }
    }

    pub fn warn(&self, text: &str) {
        self.raw_err(&format!("{} {text}", self.paint("33;1", "warning:")));
    }

    pub fn error(&self, text: &str) {
        self.raw_err(&format!("{} {text}", self.paint("31;1", "error:")));
    }

    pub fn hint(&self, text: &str) {
        self.raw_err(&format!("{} {text}", self.paint("36", "hint:")));
    }

    /// Asks for confirmation of a destructive change: `--yes` answers it, a terminal asks, and
    /// anywhere else it is an error that names `--yes`.
    pub fn confirm(&self, question: &str) -> Result<bool> {
        if self.yes {
            return Ok(true);
        }
        if !self.interactive {
            return Err(Error::invalid_with_hint(
                format!("{question} needs confirmation"),
                "pass --yes to confirm without a prompt",
            ));
        }
        dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact()
            .map_err(|e| Error::invalid(format!("prompt failed: {e}")))
    }
}
