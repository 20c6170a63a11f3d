//! `pim settings show --role R [--scope S]`

use clap::Args;

use super::SelectorArgs;
use crate::api;
use crate::cli::{Env, Status};
use crate::core::Result;

#[derive(Args, Debug)]
pub struct ShowArgs {
    #[command(flatten)]
    pub selector: SelectorArgs,
}

pub fn run(a: ShowArgs, env: &mut Env) -> Result<Status> {
    let v = env.client.call(api::SettingsShow {
        selector: a.selector.selector(),
    })?;
    super::print_view(&env.ui, &v)?;
    Ok(0)
}
