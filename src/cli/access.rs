//! `pim access --principal P [--at T]`: everything P holds now (or at T), and how.

use clap::Args;

use super::render::{self, Tabular};
use super::{Env, Format, Status};
use crate::api;
use crate::core::Result;
use crate::core::schedule::Toward;
use crate::core::status::AccessItem;

#[derive(Args, Debug)]
pub struct AccessArgs {
    /// Whose access (name or ID prefix)
    #[arg(long, value_name = "P")]
    pub principal: String,
    /// Another instant (RFC 3339 or a date) [default: now]
    #[arg(long, value_name = "T")]
    pub at: Option<String>,
}

impl Tabular for AccessItem {
    fn headers() -> Vec<&'static str> {
        vec![
            "ROLE",
            "KIND",
            "SCOPE",
            "TYPE",
            "MEMBER TYPE",
            "VIA",
            "START",
            "END",
            "ASSIGNMENT",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            self.role.clone(),
            self.role_kind.to_string(),
            self.scope.clone(),
            if self.activated_from.is_some() {
                "activated".into()
            } else {
                self.kind.to_string()
            },
            self.member_type.to_string(),
            self.via_group.clone().unwrap_or_default(),
            render::time_cell(self.start, full),
            render::end_cell(self.end, full),
            if full {
                self.assignment_id.clone()
            } else {
                render::short_id(&self.assignment_id)
            },
        ]
    }
}

pub fn run(a: AccessArgs, env: &mut Env) -> Result<Status> {
    let at = env.time_opt(a.at.as_deref(), Toward::Past)?;
    let acc = env.client.call(api::Access {
        principal: a.principal,
        at,
    })?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &acc)?,
        _ => {
            if !acc.enabled {
                env.ui
                    .note(&format!("{} is disabled and holds nothing", acc.principal));
            }
            let all: Vec<AccessItem> = acc
                .holds
                .iter()
                .chain(acc.eligible.iter())
                .cloned()
                .collect();
            render::list(
                &env.ui,
                &all,
                &format!("{} holds nothing at that time", acc.principal),
            )?;
        }
    }
    Ok(0)
}
