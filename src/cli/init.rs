//! `pim init`

use clap::Args;

use super::{Env, Format, Status, render};
use crate::core::Result;
use crate::core::init::InitInput;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The first administrator: a user with a permanent active Global Administrator assignment,
    /// marked break-glass
    #[arg(long, value_name = "NAME")]
    pub admin: String,
    /// The administrator's email address
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    /// Also create a small demonstration organisation to try every command on
    #[arg(long)]
    pub sample: bool,
}

pub fn run(a: InitArgs, env: &mut Env) -> Result<Status> {
    let report = env.client.init(&InitInput {
        admin: a.admin,
        email: a.email,
        sample: a.sample,
    })?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &report)?,
        _ => {
            env.ui.out(&format!("initialised {}", report.database));
            env.ui.note(&format!(
                "{} is a permanent active Global Administrator (break-glass); {} built-in roles",
                report.admin.name, report.roles
            ));
            if let Some(s) = &report.sample {
                env.ui.note(&format!(
                    "sample organisation: {} principals ({}), {} scopes, {} assignments",
                    s.principals.len(),
                    s.principals.join(", "),
                    s.scopes.len(),
                    s.assignments
                ));
            }
            env.ui.note(&format!(
                "act as the administrator with --as {} or PIM_ACTOR={}",
                report.admin.name, report.admin.name
            ));
        }
    }
    Ok(0)
}
