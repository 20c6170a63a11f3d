//! `pim assign show ID`

use clap::Args;

use crate::api;
use crate::cli::{Env, Status, render};
use crate::core::Result;

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// Assignment ID or a unique prefix (6+ characters)
    pub id: String,
}

pub fn run(a: ShowArgs, env: &mut Env) -> Result<Status> {
    let v = env.client.call(api::AssignShow { id: a.id })?;
    render::one(&env.ui, &v)?;
    Ok(0)
}
