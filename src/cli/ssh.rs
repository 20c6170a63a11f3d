//! `pim ssh sign --role R [--scope S] KEY.pub [--out FILE]`: an OpenSSH user certificate for your
//! activation, valid until it ends.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{Env, Format, Status, render};
use crate::api;
use crate::core::{Error, Result};

#[derive(Subcommand, Debug)]
pub enum SshCmd {
    /// Sign an OpenSSH user certificate for your activation of a role, valid from its start until
    /// exactly its end, with the ssh-ca target bound to the role; write KEY-cert.pub and print
    /// its path
    Sign(SignArgs),
}

#[derive(Args, Debug)]
pub struct SignArgs {
    /// The activated role the certificate is for
    #[arg(long, value_name = "R")]
    pub role: String,
    /// Where it is active [default: / for directory roles; for Azure roles, the one scope it is
    /// active at]
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    /// The public key to certify (e.g. ~/.ssh/id_ed25519.pub)
    #[arg(value_name = "KEY.pub")]
    pub key: PathBuf,
    /// Where to write the certificate, `-` for stdout [default: KEY-cert.pub beside the key, where
    /// ssh finds it]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Where ssh looks for the certificate of `key.pub`: `key-cert.pub` (as `ssh-keygen -s` writes).
fn beside(key: &Path) -> PathBuf {
    let name = key
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".pub").unwrap_or(&name);
    key.with_file_name(format!("{stem}-cert.pub"))
}

pub fn run(c: SshCmd, env: &mut Env) -> Result<Status> {
    let SshCmd::Sign(a) = c;
    let public_key = std::fs::read_to_string(&a.key).map_err(|e| {
        Error::invalid_with_hint(
            format!("cannot read the public key {}: {e}", a.key.display()),
            "pass the .pub file of your key, e.g. ~/.ssh/id_ed25519.pub",
        )
    })?;
    let out = env.client.call(api::SshSign {
        input: crate::provision::ssh_sign::SignInput {
            role: a.role.clone(),
            scope: a.scope.clone(),
            public_key,
        },
    })?;
    let to_stdout = a.out.as_deref() == Some(Path::new("-"));
    let file = (!to_stdout).then(|| a.out.clone().unwrap_or_else(|| beside(&a.key)));
    if let Some(f) = &file {
        std::fs::write(f, format!("{}\n", out.certificate)).map_err(|e| {
            Error::invalid(format!(
                "the certificate was signed (serial {}) but cannot be written to {}: {e}",
                out.serial,
                f.display()
            ))
        })?;
    }
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &out)?,
        Format::Csv => env.ui.out(&render::csv_text(
            vec![
                "file",
                "target",
                "principals",
                "valid_after",
                "valid_before",
                "serial",
            ],
            vec![vec![
                file.as_ref()
                    .map(|f| f.display().to_string())
                    .unwrap_or_default(),
                out.target.clone(),
                out.principals.join(","),
                render::when(out.valid_after),
                render::when(out.valid_before),
                out.serial.clone(),
            ]],
        )?),
        Format::Table => {
            match &file {
                Some(f) => env.ui.out(&f.display().to_string()),
                None => env.ui.out(&out.certificate),
            }
            env.ui.note(&format!(
                "signed by {} for {} ({} at {}): principals {}, valid until {}",
                out.target,
                out.key_fingerprint,
                out.role,
                out.scope,
                out.principals.join(", "),
                render::when(out.valid_before)
            ));
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_certificate_goes_where_ssh_looks_for_it() {
        assert_eq!(
            beside(Path::new("/home/a/.ssh/id_ed25519.pub")),
            PathBuf::from("/home/a/.ssh/id_ed25519-cert.pub")
        );
        assert_eq!(beside(Path::new("key")), PathBuf::from("key-cert.pub"));
    }
}
