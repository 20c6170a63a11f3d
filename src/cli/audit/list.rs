//! `pim audit list`

use clap::Args;

use crate::api;
use crate::cli::render::{self, Tabular};
use crate::cli::{Env, LIST_LIMIT, Status};
use crate::core::Result;
use crate::core::audit::{AuditRecord, ListInput};
use crate::core::schedule::Toward;

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
    /// A machine code (assignment.create) or its prefix (assignment); an unknown one is an error
    /// that lists them
    #[arg(long, value_name = "A")]
    pub action: Option<String>,
    /// The newest N rows (newest first)
    #[arg(long, value_name = "N", default_value_t = LIST_LIMIT, conflicts_with = "all")]
    pub limit: u64,
    /// Every row, newest first
    #[arg(long)]
    pub all: bool,
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
        Some(&[0, 1, 2, 4, 7, 8, 9, 10, 13, 14])
    }

    fn hide_first() -> &'static [&'static str] {
        &["JUSTIFICATION", "SCOPE", "ROLE", "ACTOR"]
    }
}

pub fn run(a: ListArgs, env: &mut Env) -> Result<Status> {
    let input = ListInput {
        since: env.time_opt(a.since.as_deref(), Toward::Past)?,
        until: env.time_opt(a.until.as_deref(), Toward::Past)?,
        actor: a.actor,
        principal: a.principal,
        role: a.role,
        action: a.action,
        limit: (!a.all).then_some(a.limit),
    };
    let rows = env.client.call(api::AuditList { input })?;
    render::listing(
        &env.ui,
        &rows,
        "audit rows",
        &format!(
            "showing the newest {}; --all shows every row (or `pim audit export`)",
            a.limit
        ),
    )?;
    Ok(0)
}
