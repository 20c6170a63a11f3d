//! `pim assign renew ID`

use clap::Args;

use super::ScheduleArgs;
use crate::api;
use crate::cli::{Env, Status, render};
use crate::core::Result;

#[derive(Args, Debug)]
pub struct RenewArgs {
    /// ID (or unique prefix) of the expired assignment
    pub id: String,
    /// The renewed assignment's schedule [default: from now, as long as the expired one lasted]
    #[command(flatten)]
    pub schedule: ScheduleArgs,
    /// Why (recorded in the audit log; required where the role's settings ask for one)
    #[arg(long, value_name = "J")]
    pub justification: Option<String>,
    /// Your one-time code, where the role's settings require MFA on active assignment (on a
    /// terminal, asked for when needed)
    #[arg(long, value_name = "CODE")]
    pub otp: Option<String>,
    /// Check and say what would change; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(a: RenewArgs, env: &mut Env) -> Result<Status> {
    let start = a.schedule.start(env)?;
    let end = a.schedule.end(env)?;
    let otp = env.otp(a.otp, a.dry_run, |env| {
        env.client
            .call(api::AssignRenew {
                id: a.id.clone(),
                start,
                end,
                justification: a.justification.clone(),
                otp: None,
                dry_run: true,
            })
            .map(drop)
    })?;
    let v = env.client.call(api::AssignRenew {
        id: a.id,
        start,
        end,
        justification: a.justification,
        otp,
        dry_run: a.dry_run,
    })?;
    let verb = if a.dry_run {
        "dry run: would renew as"
    } else {
        "renewed as"
    };
    env.ui.note(&format!("{verb} {}", super::describe(&v)));
    render::one(&env.ui, &v)?;
    Ok(0)
}
