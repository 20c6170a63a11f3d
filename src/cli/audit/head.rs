//! `pim audit head`

use crate::api;
use crate::cli::{Env, Format, Status, render};
use crate::core::Result;

pub fn run(env: &mut Env) -> Result<Status> {
    let h = env.client.call(api::AuditHead {})?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &h)?,
        Format::Csv => env.ui.out(&render::csv_text(
            vec!["seq", "hash"],
            vec![vec![h.seq.to_string(), h.hash]],
        )?),
        Format::Table => env.ui.out(&format!("{}:{}", h.seq, h.hash)),
    }
    Ok(0)
}
