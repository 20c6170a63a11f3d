//! `pim sweep`: record expirations that have passed. Safe from cron.

use super::{Env, Format, Status, render};
use crate::core::Result;
use crate::core::expiry;

pub fn run(env: &mut Env) -> Result<Status> {
    let mut db = env.open()?;
    let r = expiry::sweep(&mut db, &env.ctx)?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &r)?,
        _ => env
            .ui
            .out(&format!("{} expiration(s) recorded", r.expired.len())),
    }
    Ok(0)
}
