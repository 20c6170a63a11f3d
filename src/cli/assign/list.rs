//! `pim assign list`

use clap::Args;

use super::TypeArg;
use crate::api;
use crate::cli::{Env, Status, render};
use crate::core::Result;
use crate::core::assign::ListInput;

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only this principal's assignments (and, for a group, none of its members')
    #[arg(long, value_name = "P")]
    pub principal: Option<String>,
    /// Only assignments of this role
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// Only assignments that apply at this scope, inherited ones included
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    /// Only eligible or only active assignments
    #[arg(long = "type", value_name = "TYPE", value_enum)]
    pub kind: Option<TypeArg>,
    /// Include removed and expired assignments
    #[arg(long)]
    pub all: bool,
}

pub fn run(a: ListArgs, env: &mut Env) -> Result<Status> {
    let items = env.client.call(api::AssignList {
        input: ListInput {
            principal: a.principal,
            role: a.role,
            scope: a.scope,
            kind: a.kind.map(Into::into),
            all: a.all,
        },
    })?;
    render::listing(&env.ui, &items, "assignments", "")?;
    Ok(0)
}
