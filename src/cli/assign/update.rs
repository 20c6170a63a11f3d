//! `pim assign update ID`

use clap::Args;

use super::{ScheduleArgs, TypeArg};
use crate::api;
use crate::cli::{Env, Status, render};
use crate::core::Result;
use crate::core::assign::UpdateInput;

#[derive(Args, Debug)]
pub struct UpdateArgs {
    /// Assignment ID or a unique prefix
    pub id: String,
    /// Change the type (`--type active` makes an eligible assignment active)
    #[arg(long = "type", value_name = "TYPE", value_enum)]
    pub kind: Option<TypeArg>,
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

pub fn run(a: UpdateArgs, env: &mut Env) -> Result<Status> {
    let end = if a.schedule.end.is_some() || a.schedule.duration.is_some() || a.schedule.permanent {
        Some(a.schedule.end(env)?)
    } else {
        None
    };
    let input = UpdateInput {
        kind: a.kind.map(Into::into),
        start: a.schedule.start(env)?,
        end,
        justification: a.justification,
    };
    let otp = env.otp(a.otp, a.dry_run, |env| {
        env.client
            .call(api::AssignUpdate {
                id: a.id.clone(),
                input: input.clone(),
                otp: None,
                dry_run: true,
            })
            .map(drop)
    })?;
    let v = env.client.call(api::AssignUpdate {
        id: a.id,
        input,
        otp,
        dry_run: a.dry_run,
    })?;
    let verb = if a.dry_run {
        "dry run: would update"
    } else {
        "updated"
    };
    env.ui.note(&format!("{verb} {}", super::describe(&v)));
    render::one(&env.ui, &v)?;
    Ok(0)
}
