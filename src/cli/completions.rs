//! `pim completions SHELL` and `pim man DIR`, generated from the clap definition.

use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Env, Status};
use crate::core::{Error, Result};

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// The directory to write pim.1 and one page per subcommand into
    pub dir: PathBuf,
}

/// The completion script for `shell`, as bytes.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "pim", &mut out);
    out
}

pub fn completions(a: CompletionsArgs) -> Result<Status> {
    use std::io::Write;
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
    std::fs::create_dir_all(&a.dir)
        .map_err(|e| Error::invalid(format!("cannot create {}: {e}", a.dir.display())))?;
    clap_mangen::generate_to(Cli::command(), &a.dir).map_err(|e| {
        Error::invalid(format!(
            "cannot write man pages into {}: {e}",
            a.dir.display()
        ))
    })?;
    env.ui
        .note(&format!("wrote man pages into {}", a.dir.display()));
    Ok(0)
}
