//! `pim assign --principal P --role R …`

use clap::Args;

use super::{ScheduleArgs, TypeArg};
use crate::api;
use crate::cli::target::GroupArgs;
use crate::cli::{Env, Status, render};
use crate::core::Result;
use crate::core::assign::AssignInput;

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["role", "group"])))]
pub struct CreateArgs {
    /// Who gets the role: a user, role-assignable group or service principal
    #[arg(long, value_name = "P", required = true)]
    pub principal: Option<String>,
    /// The role, by name or template GUID
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// Where it applies [default: / for directory roles]
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    #[command(flatten)]
    pub group: GroupArgs,
    /// Eligible (activated when needed) or active (in force)
    #[arg(long = "type", value_name = "TYPE", value_enum, default_value_t = TypeArg::Eligible)]
    pub kind: TypeArg,
    #[command(flatten)]
    pub schedule: ScheduleArgs,
    /// Why (required for active assignments by default)
    #[arg(long, value_name = "J")]
    pub justification: Option<String>,
    /// A ticket that asked for it, e.g. INC-4711
    #[arg(long, value_name = "N")]
    pub ticket_number: Option<String>,
    /// The system the ticket lives in, e.g. ServiceNow
    #[arg(long, value_name = "S")]
    pub ticket_system: Option<String>,
    /// Your one-time code, where the role's settings require MFA on active assignment (on a
    /// terminal, asked for when needed)
    #[arg(long, value_name = "CODE")]
    pub otp: Option<String>,
    /// Check everything and say what would happen; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(a: CreateArgs, env: &mut Env) -> Result<Status> {
    let (role, scope) = a.group.or_role(a.role, a.scope);
    let input = AssignInput {
        principal: a.principal.unwrap_or_default(),
        role: role.unwrap_or_default(),
        scope,
        kind: a.kind.into(),
        start: a.schedule.start(env)?,
        end: a.schedule.end(env)?,
        justification: a.justification,
        ticket_number: a.ticket_number,
        ticket_system: a.ticket_system,
    };
    let otp = env.otp(a.otp, a.dry_run, |env| {
        env.client
            .call(api::AssignCreate {
                input: input.clone(),
                otp: None,
                dry_run: true,
            })
            .map(drop)
    })?;
    let v = env.client.call(api::AssignCreate {
        input,
        otp,
        dry_run: a.dry_run,
    })?;
    if a.dry_run {
        env.ui.note(&format!(
            "dry run: would assign {}; nothing changed",
            super::describe(&v)
        ));
    } else {
        env.ui.note(&format!("assigned {}", super::describe(&v)));
    }
    render::one(&env.ui, &v)?;
    Ok(0)
}
