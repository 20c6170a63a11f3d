//! `pim check --principal P (--role R [--scope S] | --group G --access A | --action A [--scope S])`:
//! exit 0 when P holds R at S now (or may perform the action there), 1 when not.

use clap::Args;

use super::render::{self, Tabular};
use super::target::GroupArgs;
use super::{Env, Format, Status};
use crate::api;
use crate::core::Result;
use crate::core::status::{AccessPath, ActionGrant, ChainLink};

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["role", "group", "action"])))]
pub struct CheckArgs {
    /// Whose access to check (name or ID prefix); anyone may check themselves
    #[arg(long, value_name = "P")]
    pub principal: String,
    /// The role, by name or template GUID
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// Where [default: / for directory roles and actions; Azure roles need one]
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    #[command(flatten)]
    pub group: GroupArgs,
    /// A resource action, e.g. microsoft.directory/users/password/update or
    /// Microsoft.Compute/virtualMachines/start/action: does any role P holds at S grant it?
    #[arg(long, value_name = "ACTION", conflicts_with = "role")]
    pub action: Option<String>,
}

impl Tabular for ActionGrant {
    fn headers() -> Vec<&'static str> {
        vec![
            "ROLE",
            "PERMISSION",
            "MEMBER TYPE",
            "VIA",
            "FROM SCOPE",
            "END",
            "ASSIGNMENT",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            self.role.clone(),
            self.permission.clone(),
            self.member_type.to_string(),
            via_cell(self.via_group.as_deref(), &self.through),
            self.inherited_from.clone().unwrap_or_default(),
            render::end_cell(self.end, full),
            if full {
                self.assignment_id.clone()
            } else {
                render::short_id(&self.assignment_id)
            },
        ]
    }
}

/// The group chain of a path: `helpdesk > tier1 (pim until …)`.
fn via_cell(via: Option<&str>, through: &[ChainLink]) -> String {
    if through.is_empty() {
        return via.unwrap_or_default().to_string();
    }
    through
        .iter()
        .map(|l| match (l.membership, l.end) {
            ("pim", Some(e)) => format!("{} (pim until {})", l.group, render::when(e)),
            ("pim", None) => format!("{} (pim)", l.group),
            _ => l.group.clone(),
        })
        .collect::<Vec<_>>()
        .join(" > ")
}

impl Tabular for AccessPath {
    fn headers() -> Vec<&'static str> {
        vec!["MEMBER TYPE", "VIA", "FROM SCOPE", "END", "ASSIGNMENT"]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            self.member_type.to_string(),
            via_cell(self.via_group.as_deref(), &self.through),
            self.inherited_from.clone().unwrap_or_default(),
            render::end_cell(self.end, full),
            match &self.assignment_id {
                Some(id) if full => id.clone(),
                Some(id) => render::short_id(id),
                None => String::new(),
            },
        ]
    }
}

pub fn run(a: CheckArgs, env: &mut Env) -> Result<Status> {
    if let Some(action) = a.action {
        return run_action(env, a.principal, action, a.scope);
    }
    let (role, scope) = a.group.or_role(a.role.clone(), a.scope.clone());
    let role = role.unwrap_or_default();
    let c = env.client.call(api::Check {
        principal: a.principal,
        role,
        scope,
    })?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &c)?,
        Format::Csv => render::list(&env.ui, &c.paths, "")?,
        // `check -q` answers with its exit status alone, as `grep -q` does.
        Format::Table if env.ui.quiet => {}
        Format::Table => {
            if c.holds {
                let until = match c.until {
                    Some(t) => format!("until {}", render::when(t)),
                    None => "permanently".into(),
                };
                env.ui.out(&format!(
                    "yes: {} holds {} at {} {until}",
                    c.principal, c.role, c.scope
                ));
                render::list(&env.ui, &c.paths, "")?;
            } else {
                env.ui.out(&format!(
                    "no: {} does not hold {} at {}",
                    c.principal, c.role, c.scope
                ));
            }
        }
    }
    Ok(if c.holds { 0 } else { 1 })
}

fn run_action(
    env: &mut Env,
    principal: String,
    action: String,
    scope: Option<String>,
) -> Result<Status> {
    let c = env.client.call(api::CheckAction {
        principal,
        action,
        scope,
    })?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &c)?,
        Format::Csv => render::list(&env.ui, &c.grants, "")?,
        Format::Table if env.ui.quiet => {}
        Format::Table => {
            if c.allowed {
                let until = match c.until {
                    Some(t) => format!("until {}", render::when(t)),
                    None => "permanently".into(),
                };
                env.ui.out(&format!(
                    "yes: {} may {} at {} {until}",
                    c.principal, c.action, c.scope
                ));
                render::list(&env.ui, &c.grants, "")?;
            } else {
                env.ui.out(&format!(
                    "no: no role {} holds at {} grants {}",
                    c.principal, c.scope, c.action
                ));
            }
        }
    }
    Ok(if c.allowed { 0 } else { 1 })
}
