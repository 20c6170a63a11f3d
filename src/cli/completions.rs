//! `pim completions SHELL` and `pim man DIR`, generated from the command line's definition.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use clap_mangen::roff::{Roff, bold, roman};

use super::{Env, Status, command, examples};
use crate::core::{Error, Result};

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to print the script for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// The directory to write pim.1 and one page per subcommand into (created if missing)
    pub dir: PathBuf,
}

/// The completion script for `shell`, as bytes. It asks `pim` (found on PATH) for candidates on
/// each Tab, so that names come from the database as it is then.
pub fn script(shell: Shell) -> Vec<u8> {
    use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Powershell => &Powershell,
        Shell::Elvish => &Elvish,
    };
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = completer.write_registration("COMPLETE", "pim", "pim", "pim", &mut out);
    out
}

pub fn completions(a: CompletionsArgs) -> Result<Status> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(&script(a.shell))
        .and_then(|_| stdout.flush())
    {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(Error::invalid(format!("cannot write the script: {e}"))),
    }
}

pub fn man(a: ManArgs, env: &Env) -> Result<Status> {
    let fail = |e: std::io::Error| {
        Error::invalid(format!(
            "cannot write man pages into {}: {e}",
            a.dir.display()
        ))
    };
    std::fs::create_dir_all(&a.dir).map_err(fail)?;
    let mut cmd = command().disable_help_subcommand(true);
    cmd.build();
    let mut written = 0;
    write_pages(&cmd, "", &a.dir, &mut written).map_err(fail)?;
    env.ui.note(&format!(
        "wrote {written} man pages into {}",
        a.dir.display()
    ));
    Ok(0)
}

fn write_pages(
    cmd: &clap::Command,
    path: &str,
    dir: &std::path::Path,
    written: &mut usize,
) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let sub_path = if path.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{path} {}", sub.get_name())
        };
        write_pages(sub, &sub_path, dir, written)?;
    }
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut page)?;
    }
    extra_sections(cmd, path).to_writer(&mut page)?;
    if cmd.get_version().is_some() || cmd.get_long_version().is_some() {
        man.render_version_section(&mut page)?;
    }
    std::fs::write(dir.join(man.get_filename()), page)?;
    *written += 1;
    Ok(())
}

/// NOTES (a command's own after-help text), EXAMPLES, EXIT STATUS, ENVIRONMENT and FILES.
fn extra_sections(cmd: &clap::Command, path: &str) -> Roff {
    let mut roff = Roff::default();
    if let Some(notes) = cmd.get_after_help() {
        roff.control("SH", ["NOTES"]);
        roff.text([roman(notes.to_string())]);
    }
    let list = examples::of(path);
    if !list.is_empty() {
        roff.control("SH", ["EXAMPLES"]);
        for (what, line) in list {
            roff.control("TP", []);
            roff.text([roman(*what)]);
            roff.text([bold(*line)]);
        }
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        (
            "0",
            "Done, including \"already active\" and \"nothing to change\".",
        ),
        (
            "1",
            "Failed: invalid input or state, a conflict, a broken audit chain, a storage error; `pim check`: no access.",
        ),
        (
            "2",
            "Usage error: an unknown flag, a missing argument, or a value that only a terminal could have asked for.",
        ),
        (
            "3",
            "Not found: principal, role, scope, assignment, request.",
        ),
        (
            "4",
            "Refused: not authorized, a role-settings rule not met (the message names it), or a protection.",
        ),
        ("5", "Accepted but pending approval."),
    ] {
        roff.control("TP", []);
        roff.text([bold(code)]);
        roff.text([roman(meaning)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, meaning) in super::ENVIRONMENT {
        roff.control("TP", []);
        roff.text([bold(*name)]);
        roff.text([roman(*meaning)]);
    }
    roff.control("SH", ["FILES"]);
    for (file, meaning) in [
        (
            "~/.local/share/pim/pim.db",
            "The database on Linux, unless --db, PIM_DB or the config's `db` names another (the user data directory elsewhere).",
        ),
        (
            "~/.config/pim/config.toml",
            "The config file on Linux, unless --config or PIM_CONFIG names another: actor, db, [audit], [alerts], [notifications].",
        ),
    ] {
        roff.control("TP", []);
        roff.text([bold(file)]);
        roff.text([roman(meaning)]);
    }
    roff
}
