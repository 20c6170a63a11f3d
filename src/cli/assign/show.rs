//! `pim assign show ID`

use clap::Args;

use crate::cli::{Env, Status, render};
use crate::core::Result;
use crate::core::assign;

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Assignment ID or a unique prefix (6+ characters)
    pub id: String,
}

pub fn run(a: ShowArgs, env: &mut Env) -> Result<Status> {
    let mut db = env.open()?;
    let v = assign::show(&mut db, &env.ctx, &a.id)?;
    render::one(&env.ui, &v)?;
    Ok(0)
}
