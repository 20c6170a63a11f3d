//! `pim check --principal P --role R [--scope S]`: exit 0 when P holds R at S now, 1 when not.

use clap::Args;

use super::render::{self, Tabular};
use super::{Env, Format, Status};
use crate::core::Result;
use crate::core::clock::rfc3339;
use crate::core::status::{self, AccessPath};

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[arg(long, value_name = "P")]
    pub principal: String,
    #[arg(long, value_name = "R")]
    pub role: String,
    /// [default: / for directory roles]
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
}

impl Tabular for AccessPath {
    fn headers() -> Vec<&'static str> {
        vec!["MEMBER TYPE", "VIA", "FROM SCOPE", "END", "ASSIGNMENT"]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            self.member_type.to_string(),
            self.via_group.clone().unwrap_or_default(),
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

pub fn run(a: CheckArgs, env: &mut Env) -> Result<Status> {
    let mut db = env.open()?;
    let c = status::check(&mut db, &env.ctx, &a.principal, &a.role, a.scope.as_deref())?;
    match env.ui.format {
        Format::Json => render::json(&env.ui, &c)?,
        Format::Csv => render::list(&env.ui, &c.paths, "")?,
        Format::Table => {
            if c.holds {
                let until = match c.until {
                    Some(t) => format!("until {}", rfc3339(t)),
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
