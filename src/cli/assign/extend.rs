//! `pim assign extend ID`

use clap::{ArgGroup, Args};

use crate::api;
use crate::cli::{Env, Status, render};
use crate::core::Result;
use crate::core::schedule::{self, EndSpec, Toward};

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("new_end").required(true).args(["end", "duration"])))]
pub struct ExtendArgs {
    /// Assignment ID or a unique prefix
    pub id: String,
    /// The new end
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,
    /// Extend by this much past the current end
    #[arg(long, value_name = "D")]
    pub duration: Option<String>,
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

pub fn run(a: ExtendArgs, env: &mut Env) -> Result<Status> {
    let end = match (&a.end, &a.duration) {
        (Some(e), _) => EndSpec::At(env.time(e, Toward::Future)?),
        (None, Some(d)) => EndSpec::After(schedule::parse_duration(d)?),
        (None, None) => EndSpec::Default,
    };
    let otp = env.otp(a.otp, a.dry_run, |env| {
        env.client
            .call(api::AssignExtend {
                id: a.id.clone(),
                end,
                justification: a.justification.clone(),
                otp: None,
                dry_run: true,
            })
            .map(drop)
    })?;
    let v = env.client.call(api::AssignExtend {
        id: a.id,
        end,
        justification: a.justification,
        otp,
        dry_run: a.dry_run,
    })?;
    let verb = if a.dry_run {
        "dry run: would extend"
    } else {
        "extended"
    };
    env.ui.note(&format!("{verb} {}", super::describe(&v)));
    render::one(&env.ui, &v)?;
    Ok(0)
}
