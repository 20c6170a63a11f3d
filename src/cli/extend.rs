//! `pim extend` and `pim renew`: self-service requests an administrator decides.

use clap::{ArgGroup, Args};

use super::assign::TypeArg;
use super::render::{self, Tabular};
use super::{Env, Status};
use crate::api;
use crate::core::Result;
use crate::core::activate::{Outcome, SelfServiceInput, SelfServiceResult};
use crate::core::schedule::{self, Toward};

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("new_end").args(["end", "duration"])))]
pub struct SelfServiceArgs {
    /// The role of your assignment
    #[arg(long, value_name = "R")]
    pub role: String,
    /// Where the assignment is [default: / for directory roles; for Azure roles, the one scope you hold it at]
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    /// Which of your assignments, when you hold both an eligible and an active one
    #[arg(long = "type", value_name = "TYPE", value_enum)]
    pub kind: Option<TypeArg>,
    /// The end asked for
    #[arg(long, value_name = "T")]
    pub end: Option<String>,
    /// How much longer (extend: past the current end; renew: from now) [default: as long as before]
    #[arg(long, value_name = "D")]
    pub duration: Option<String>,
    /// Why (required)
    #[arg(long, value_name = "J")]
    pub justification: Option<String>,
}

impl Tabular for SelfServiceResult {
    fn headers() -> Vec<&'static str> {
        vec![
            "REQUEST",
            "OUTCOME",
            "ROLE",
            "SCOPE",
            "TYPE",
            "CURRENT END",
            "REQUESTED END",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            if full {
                self.request_id.clone()
            } else {
                render::short_id(&self.request_id)
            },
            serde_json::to_value(self.outcome)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            self.role.clone(),
            self.scope.clone(),
            self.kind.to_string(),
            render::end_cell(self.current_end, full),
            self.requested_end
                .map(|t| render::time_cell(t, full))
                .unwrap_or_default(),
        ]
    }
}

pub fn run(a: SelfServiceArgs, env: &mut Env, renew: bool) -> Result<Status> {
    let input = SelfServiceInput {
        role: a.role,
        scope: a.scope,
        kind: a.kind.map(Into::into),
        end: env.time_opt(a.end.as_deref(), Toward::Future)?,
        duration: a
            .duration
            .as_deref()
            .map(schedule::parse_duration)
            .transpose()?,
        justification: a.justification,
    };
    let r = env.client.call(api::SelfService { input, renew })?;
    let verb = if renew { "renew" } else { "extend" };
    match r.outcome {
        Outcome::AlreadyPending => env.ui.note(&format!(
            "a request to extend or renew this assignment is already waiting for approval (request {})",
            render::short_id(&r.request_id)
        )),
        _ => env.ui.note(&format!(
            "asked to {verb} your {} assignment of {} at {}: waiting for an administrator's approval (request {})",
            r.kind,
            r.role,
            r.scope,
            render::short_id(&r.request_id)
        )),
    }
    render::one(&env.ui, &r)?;
    Ok(5)
}
