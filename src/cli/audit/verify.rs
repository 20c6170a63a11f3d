//! `pim audit verify [--anchor SEQ:HASH]`

use clap::Args;

use crate::cli::{Env, Format, Status, render};
use crate::core::Result;
use crate::core::audit;

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// A head kept elsewhere (`pim audit head`): the row must still be there, unchanged
    #[arg(long, value_name = "SEQ:HASH")]
    pub anchor: Option<String>,
}

pub fn run(a: VerifyArgs, env: &mut Env) -> Result<Status> {
    let anchor = a.anchor.as_deref().map(audit::parse_anchor).transpose()?;
    let mut db = env.open()?;
    let v = audit::verify_db(&mut db, &env.ctx, anchor)?;
    match env.ui.format {
        Format::Json => render::json(&env.ui, &v)?,
        Format::Csv => env.ui.out(&render::csv_text(
            vec![
                "ok",
                "mode",
                "rows",
                "head_seq",
                "head_hash",
                "first_bad_seq",
                "problem",
            ],
            vec![vec![
                v.ok.to_string(),
                v.mode.to_string(),
                v.rows.to_string(),
                v.head_seq.map(|s| s.to_string()).unwrap_or_default(),
                v.head_hash.clone().unwrap_or_default(),
                v.first_bad_seq.map(|s| s.to_string()).unwrap_or_default(),
                v.problem.clone().unwrap_or_default(),
            ]],
        )?),
        Format::Table => {
            if v.ok {
                env.ui.out(&format!(
                    "ok: {} rows verified ({} chain), head {}:{}",
                    v.rows,
                    v.mode,
                    v.head_seq.unwrap_or(0),
                    v.head_hash
                        .clone()
                        .unwrap_or_else(|| audit::GENESIS.to_string())
                ));
            } else {
                env.ui.out(&format!(
                    "FAILED at row {}: {}",
                    v.first_bad_seq.unwrap_or(0),
                    v.problem.clone().unwrap_or_default()
                ));
            }
        }
    }
    if !v.ok {
        env.ui.error(&format!(
            "the audit chain is broken at row {}",
            v.first_bad_seq.unwrap_or(0)
        ));
        return Ok(1);
    }
    Ok(0)
}
