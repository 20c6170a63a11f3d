//! `pim audit list|export|verify|head`

mod export;
mod head;
mod list;
mod verify;

use clap::Subcommand;

use super::{Env, Status};
use crate::core::Result;

#[derive(Subcommand, Debug)]
pub enum AuditCmd {
    /// List audit rows (your own, unless you may read the whole log)
    List(list::ListArgs),
    /// Stream audit rows (yours, unless you may read the whole log) as CSV, JSON or JSON Lines
    Export(export::ExportArgs),
    /// Re-walk the hash chain and name the first row that was changed, removed, inserted or reordered
    Verify(verify::VerifyArgs),
    /// Print the latest row's seq and hash, to keep elsewhere as an anchor
    Head,
}

pub fn run(cmd: AuditCmd, env: &mut Env) -> Result<Status> {
    match cmd {
        AuditCmd::List(a) => list::run(a, env),
        AuditCmd::Export(a) => export::run(a, env),
        AuditCmd::Verify(a) => verify::run(a, env),
        AuditCmd::Head => head::run(env),
    }
}
