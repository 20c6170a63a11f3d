//! `pim sweep`: record expirations that have passed. Safe from cron.

use super::{Env, Format, Status, render};
use crate::api;
use crate::core::Result;

pub fn run(env: &mut Env) -> Result<Status> {
    let r = env.client.call(api::Sweep {})?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &r)?,
        _ => env
            .ui
            .out(&format!("{} expiration(s) recorded", r.expired.len())),
    }
    Ok(0)
}
