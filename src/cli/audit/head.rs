//! `pim audit head`

use crate::cli::{Env, Format, Status, render};
use crate::core::Result;
use crate::core::audit;

pub fn run(env: &mut Env) -> Result<Status> {
    let mut db = env.open()?;
    let h = audit::head(&mut db, &env.ctx)?;
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
