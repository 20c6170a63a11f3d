//! `pim cert issue`: a client certificate for a principal, from the CA `pim serve ca init` made.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Env, Format, Status, render};
use crate::core::clock::{Clock, SystemClock};
use crate::core::{Error, Result};
use crate::server::ca;

#[derive(Subcommand, Debug)]
pub enum CertCmd {
    /// Make NAME.pem and NAME.key (0600): CN=NAME, for client authentication; print its
    /// SHA-256 fingerprint
    Issue(IssueArgs),
}

#[derive(Args, Debug)]
pub struct IssueArgs {
    /// The principal the certificate names (its common name)
    #[arg(long, value_name = "NAME")]
    pub principal: String,
    /// The directory of `pim serve ca init` (its ca.pem and ca.key)
    #[arg(long, value_name = "DIR")]
    pub ca_dir: PathBuf,
    /// How long the certificate is valid, in days
    #[arg(
        long,
        value_name = "N",
        default_value_t = 365,
        conflicts_with = "not_after"
    )]
    pub days: i64,
    /// When the certificate stops being valid instead (RFC 3339, e.g. 2027-06-30T00:00:00Z)
    #[arg(long, value_name = "TIME")]
    pub not_after: Option<String>,
    /// The directory to write NAME.pem and NAME.key into [default: the current directory]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(c: CertCmd, env: &mut Env) -> Result<Status> {
    let CertCmd::Issue(a) = c;
    let until = match &a.not_after {
        Some(t) => ca::Until::At(
            chrono::DateTime::parse_from_rfc3339(t.trim())
                .map(|t| t.timestamp())
                .map_err(|_| {
                    Error::usage_with_hint(
                        format!("--not-after '{t}' is not an RFC 3339 time"),
                        "e.g. 2027-06-30T00:00:00Z",
                    )
                })?,
        ),
        None => ca::Until::Days(a.days),
    };
    let out = a.out.clone().unwrap_or_else(|| PathBuf::from("."));
    // TLS checks certificates against the real clock, so they are made with it.
    let now = SystemClock.now();
    let r = ca::issue(&a.principal, &a.ca_dir, &out, until, now)?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &r)?,
        Format::Csv => env.ui.out(&render::csv_text(
            vec!["principal", "cert", "key", "fingerprint", "not_after"],
            vec![vec![
                r.principal.clone(),
                r.cert.display().to_string(),
                r.key.display().to_string(),
                r.fingerprint.clone(),
                render::when(r.not_after),
            ]],
        )?),
        Format::Table => {
            env.ui.out(&r.fingerprint);
            env.ui.note(&format!(
                "wrote {} and {} (CN={}, valid until {})",
                r.cert.display(),
                r.key.display(),
                r.principal,
                render::when(r.not_after)
            ));
            if r.not_after <= now {
                env.ui
                    .warn("the certificate has already expired: servers will refuse it");
            }
            env.ui.hint(&format!(
                "a server binds it by its name, or explicitly: pim principal update {} --cert-fingerprint {}",
                r.principal, r.fingerprint
            ));
        }
    }
    Ok(0)
}
