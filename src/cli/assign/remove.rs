//! `pim assign remove ID`

use clap::Args;

use crate::api;
use crate::cli::{Env, Status, render};
use crate::core::Result;

#[derive(Args, Debug)]
pub struct RemoveArgs {
    /// Assignment ID or a unique prefix
    pub id: String,
    /// Check and say what would be removed; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(a: RemoveArgs, env: &mut Env) -> Result<Status> {
    // Confirm what will go. When the assignment cannot be read (unknown, not visible), the
    // removal below refuses it and audits the refusal.
    if !a.dry_run
        && let Ok(v) = env.client.call(api::AssignShow { id: a.id.clone() })
        && !env
            .ui
            .confirm(&format!("Remove assignment {}", super::describe(&v)))?
    {
        env.ui.note("nothing changed");
        return Ok(1);
    }
    let v = env.client.call(api::AssignRemove {
        id: a.id,
        dry_run: a.dry_run,
    })?;
    let verb = if a.dry_run {
        "dry run: would remove"
    } else {
        "removed"
    };
    env.ui.note(&format!("{verb} {}", super::describe(&v)));
    render::one(&env.ui, &v)?;
    Ok(0)
}
