//! `pim settings show --role R [--scope S]`

use clap::Args;

use super::SelectorArgs;
use crate::cli::{Env, Status};
use crate::core::Result;
use crate::core::settings;

#[derive(Args, Debug)]
pub struct ShowArgs {
    #[command(flatten)]
    pub selector: SelectorArgs,
}

pub fn run(a: ShowArgs, env: &mut Env) -> Result<Status> {
    let mut db = env.open()?;
    let v = settings::show(&mut db, &env.ctx, &a.selector.selector())?;
    super::print_view(&env.ui, &v)?;
    Ok(0)
}
