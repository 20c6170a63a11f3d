//! `pim audit list`

use clap::Args;

use crate::api;
use crate::cli::render::{self, Tabular};
use crate::cli::{Env, Status};
use crate::core::Result;
use crate::core::audit::{AuditRecord, ListInput};
use crate::core::schedule;

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Rows at or after this time
    #[arg(long, value_name = "T")]
    pub since: Option<String>,
    /// Rows before this time
    #[arg(long, value_name = "T")]
    pub until: Option<String>,
    /// Rows this principal acted in
    #[arg(long, value_name = "P")]
    pub actor: Option<String>,
    /// Rows about this principal
    #[arg(long, value_name = "P")]
    pub principal: Option<String>,
    /// Rows about this role
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// A machine code (assignment.create) or its prefix (assignment)
    #[arg(long, value_name = "A")]
    pub action: Option<String>,
    /// Only the newest N rows
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
}

impl Tabular for AuditRecord {
    fn headers() -> Vec<&'static str> {
        vec![
            "SEQ",
            "TIME",
            "ACTOR",
            "OS USER",
            "ACTION",
            "ACTIVITY",
            "CATEGORY",
            "RESULT",
            "PRINCIPAL",
            "ROLE",
            "SCOPE",
            "REQUEST",
            "ASSIGNMENT",
            "JUSTIFICATION",
            "REASON",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        let id = |s: &Option<String>| match s {
            Some(v) if full => v.clone(),
            Some(v) => render::short_id(v),
            None => String::new(),
        };
        vec![
            self.seq.to_string(),
            render::time_cell(self.at, full),
            self.actor_name.clone(),
            self.os_user.clone(),
            self.action.clone(),
            self.activity.clone(),
            self.category.clone(),
            self.result.clone(),
            self.principal_name.clone().unwrap_or_default(),
            self.role_name.clone().unwrap_or_default(),
            self.scope.clone().unwrap_or_default(),
            id(&self.request_id),
            id(&self.assignment_id),
            self.justification.clone().unwrap_or_default(),
            self.reason.clone().unwrap_or_default(),
        ]
    }

    fn table_columns() -> Option<&'static [usize]> {
        Some(&[0, 1, 2, 4, 7, 8, 9, 10, 14])
    }
}

pub fn run(a: ListArgs, env: &mut Env) -> Result<Status> {
    let now = env.ctx.now;
    let input = ListInput {
        since: a
            .since
            .as_deref()
            .map(|t| schedule::parse_time(t, now))
            .transpose()?,
        until: a
            .until
            .as_deref()
            .map(|t| schedule::parse_time(t, now))
            .transpose()?,
        actor: a.actor,
        principal: a.principal,
        role: a.role,
        action: a.action,
        limit: a.limit,
    };
    let rows = env.client.call(api::AuditList { input })?;
    render::list(&env.ui, &rows, "no audit rows")?;
    Ok(0)
}
