//! The terminal: results on stdout, everything else on stderr; prompts only on a terminal.

use std::borrow::Cow;
use std::cell::RefCell;
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
    /// The first error writing a result to stdout (other than a closed pipe): the command ends
    /// with it, exit 1, however it went otherwise.
    write_error: RefCell<Option<std::io::Error>>,
}

/// Whether a character must not reach a terminal as it is: C0 and C1 control characters (ESC
/// starts CSI and OSC sequences), DEL, the bidirectional embeddings, overrides, isolates and
/// marks (which reorder what is shown), and the line and paragraph separators.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

fn escape_with(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let keep = |c: char| keep_newlines && c == '\n';
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_unsafe(c) || keep(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    Cow::Owned(out)
}

/// What a terminal may be shown of `text`: every control character (newlines included) and
/// every bidirectional control written as a visible escape (`\x1b`, `\u{202e}`). For one table
/// cell or one line of a message; the data itself (JSON, CSV, the store) stays exact.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_with(text, false)
}

/// [`escape`] for text of several lines: newlines stay.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_with(text, true)
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
            write_error: RefCell::new(None),
        }
    }

    /// Writes a result to stdout: as it is for JSON and CSV, with control characters escaped for
    /// a table or text (see [`escape_lines`]).
    pub fn out(&self, text: &str) {
        match self.format {
            Format::Table => self.out_exact(&escape_lines(text)),
            Format::Json | Format::Jsonl | Format::Csv => self.out_exact(text),
        }
    }

    /// Writes a document to stdout exactly as given (a settings file to import again).
    ///
    /// A closed pipe (`| head`) ends the process quietly with exit 0, as ripgrep and cargo do:
    /// the reader has what it wanted. Any other error (a full disk, `> /dev/full`) is kept and
    /// ends the command with `error:` and exit 1 (see [`Ui::write_error`]).
    pub fn out_exact(&self, text: &str) {
        if self.write_error.borrow().is_some() {
            return;
        }
        let mut out = std::io::stdout().lock();
        if let Err(e) = writeln!(out, "{text}").and_then(|_| out.flush()) {
            self.stdout_failed(e);
        }
    }

    /// Records a failed write to stdout: a closed pipe ends the process (exit 0); anything else
    /// is kept for [`Ui::write_error`].
    pub fn stdout_failed(&self, e: std::io::Error) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        self.write_error.borrow_mut().get_or_insert(e);
    }

    /// The first error writing to stdout, if any: the command then failed, whatever it did.
    pub fn write_error(&self) -> Option<Error> {
        self.write_error
            .borrow()
            .as_ref()
            .map(|e| Error::invalid(format!("cannot write the result to stdout: {e}")))
    }

    pub fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// A line (or lines) on stderr, control characters escaped: messages quote what users typed.
    pub fn raw_err(&self, text: &str) {
        let _ = writeln!(std::io::stderr().lock(), "{}", escape_lines(text));
    }

    /// A note about what happened (stderr; silenced by --quiet).
    pub fn note(&self, text: &str) {
        if !self.quiet {
            self.raw_err(text);
        }
    }

    /// Writes `label text` on stderr: the text escaped, the label painted after (its colour
    /// codes are pim's own).
    fn labelled(&self, code: &str, label: &str, text: &str) {
        let _ = writeln!(
            std::io::stderr().lock(),
            "{} {}",
            self.paint(code, label),
            escape_lines(text)
        );
    }

    pub fn warn(&self, text: &str) {
        self.labelled("33;1", "warning:", text);
    }

    pub fn error(&self, text: &str) {
        self.labelled("31;1", "error:", text);
    }

    pub fn hint(&self, text: &str) {
        self.labelled("36", "hint:", text);
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
            .with_prompt(escape(question))
            .default(false)
            .interact()
            .map_err(|e| Error::invalid(format!("prompt failed: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_shown_escaped() {
        assert_eq!(escape("plain café"), "plain café");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape("\x1b[2J\x1b]0;pwned\x07"),
            "\\x1b[2J\\x1b]0;pwned\\x07"
        );
        assert_eq!(escape("a\u{9b}31m"), "a\\u{9b}31m");
        assert_eq!(escape("evil\u{202e}gpj.exe"), "evil\\u{202e}gpj.exe");
        assert_eq!(
            escape("\u{2066}x\u{2069}\u{200f}"),
            "\\u{2066}x\\u{2069}\\u{200f}"
        );
        assert_eq!(escape("a\nb\tc\r\x7f"), "a\\x0ab\\x09c\\x0d\\x7f");
        assert_eq!(escape_lines("a\nb\x1b"), "a\nb\\x1b");
        // Idempotent: what it writes has nothing left to escape.
        let once = escape("\x1b\u{202e}").into_owned();
        assert_eq!(escape(&once), once);
    }
}
