//! `pim deactivate (--role R [--scope S] | --all)`

use clap::{ArgGroup, Args};

use super::render::{self, Tabular};
use super::target::GroupArgs;
use super::{Env, Status};
use crate::api;
use crate::core::Result;
use crate::core::activate::Deactivation;

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("what").required(true).args(["role", "all", "group"])))]
pub struct DeactivateArgs {
    /// The activated role to turn off
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// Where it is active [default: / for directory roles; for Azure roles, the one scope it is active at]
    #[arg(long, value_name = "S", requires = "role")]
    pub scope: Option<String>,
    #[command(flatten)]
    pub group: GroupArgs,
    /// Every activation of yours (asks for confirmation)
    #[arg(long)]
    pub all: bool,
}

impl Tabular for Deactivation {
    fn headers() -> Vec<&'static str> {
        vec!["ROLE", "SCOPE", "OUTCOME", "ASSIGNMENT", "REASON"]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            self.role.clone(),
            self.scope.clone(),
            self.outcome.clone(),
            if full {
                self.assignment_id.clone()
            } else {
                render::short_id(&self.assignment_id)
            },
            match (&self.reason, self.not_before) {
                (Some(r), Some(t)) => format!("{r}; try again after {}", render::when(t)),
                (Some(r), None) => r.clone(),
                _ => String::new(),
            },
        ]
    }
}

pub fn run(a: DeactivateArgs, env: &mut Env) -> Result<Status> {
    if a.all && !env.ui.confirm("Deactivate all your active roles")? {
        env.ui.note("nothing changed");
        return Ok(1);
    }
    let (role, scope) = a.group.or_role(a.role.clone(), a.scope.clone());
    let out = env.client.call(api::Deactivate { role, scope })?;
    for d in &out {
        if d.outcome == "deactivated" {
            env.ui
                .note(&format!("deactivated {} at {}", d.role, d.scope));
        } else {
            env.ui.warn(&format!(
                "{} at {} not deactivated: within 5 minutes of its start; try again after {}",
                d.role,
                d.scope,
                d.not_before.map(render::when).unwrap_or_default()
            ));
        }
    }
    render::list(&env.ui, &out, "nothing deactivated")?;
    Ok(if out.iter().any(|d| d.outcome != "deactivated") {
        4
    } else {
        0
    })
}
