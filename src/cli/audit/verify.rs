//! `pim audit verify [--anchor SEQ:HASH] [--state]`

use clap::Args;

use crate::api;
use crate::cli::{Env, Format, Status, render};
use crate::core::Result;
use crate::core::audit;

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// A head kept elsewhere (`pim audit head`): the row must still be there, unchanged
    #[arg(long, value_name = "SEQ:HASH")]
    pub anchor: Option<String>,
    /// Also check the state against the log: every principal, membership, scope, role, role
    /// setting, live assignment and MFA enrolment must be what audited events made it
    #[arg(long)]
    pub state: bool,
}

/// A progress bar on stderr, when it is a terminal.
struct Bar(indicatif::ProgressBar);

impl audit::Progress for Bar {
    fn total(&self, rows: u64) {
        self.0.set_length(rows);
        self.0.tick();
    }

    fn walked(&self, rows: u64) {
        self.0.inc(rows);
    }
}

pub fn run(a: VerifyArgs, env: &mut Env) -> Result<Status> {
    let anchor = a.anchor.as_deref().map(audit::parse_anchor).transpose()?;
    let anchored = anchor.clone();
    let verify = api::AuditVerify {
        anchor,
        state: a.state,
    };
    let mut v = if env.ui.stderr_tty && !env.ui.quiet {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(0),
            indicatif::ProgressDrawTarget::stderr(),
        );
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "verifying {bar:40} {pos}/{len} rows {elapsed}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let bar = Bar(bar);
        let v = env.client.call(api::AuditVerifyWatched {
            verify,
            progress: &bar,
        });
        bar.0.finish_and_clear();
        v?
    } else {
        env.client.call(verify)?
    };
    // The answer's `ok` is the chain's; the command's also holds the state check's.
    let chain_ok = v.ok;
    if let Some(s) = &v.state {
        v.ok = v.ok && s.ok;
    }
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &v)?,
        Format::Csv => env.ui.out(&render::csv_text(
            vec![
                "ok",
                "mode",
                "hmac_from_seq",
                "rows",
                "head_seq",
                "head_hash",
                "first_bad_seq",
                "problem",
            ],
            vec![vec![
                v.ok.to_string(),
                v.mode.to_string(),
                v.hmac_from_seq.map(|s| s.to_string()).unwrap_or_default(),
                v.rows.to_string(),
                v.head_seq.map(|s| s.to_string()).unwrap_or_default(),
                v.head_hash.clone().unwrap_or_default(),
                v.first_bad_seq.map(|s| s.to_string()).unwrap_or_default(),
                v.problem.clone().unwrap_or_default(),
            ]],
        )?),
        Format::Table => {
            if chain_ok {
                env.ui.out(&format!(
                    "ok: {} rows verified ({} chain), head {}:{}",
                    v.rows,
                    v.mode,
                    v.head_seq.unwrap_or(0),
                    v.head_hash
                        .clone()
                        .unwrap_or_else(|| audit::GENESIS.to_string())
                ));
                if let (Some((seq, hash)), Some(true)) = (&anchored, v.anchor_ok) {
                    env.ui.out(&format!(
                        "ok: the anchor {seq}:{hash} matched: row {seq} is still there, unchanged"
                    ));
                }
            } else if let Some(seq) = v.first_bad_seq {
                env.ui.out(&format!(
                    "FAILED at row {seq}: {}",
                    v.problem.clone().unwrap_or_default()
                ));
            } else {
                env.ui.out(&format!(
                    "NOT CHECKED: {}",
                    v.problem.clone().unwrap_or_default()
                ));
            }
            if let Some(s) = &v.state {
                if s.ok {
                    env.ui.out(&format!(
                        "ok: {} state rows, each explained by the log",
                        s.rows
                    ));
                } else {
                    env.ui.out(&format!(
                        "FAILED: {} of {} state rows not explained by the log:",
                        s.unexplained.len(),
                        s.rows
                    ));
                    for u in &s.unexplained {
                        env.ui.out(&format!("  {} {}: {}", u.kind, u.id, u.problem));
                    }
                }
            }
        }
    }
    if let Some(s) = &v.state
        && !s.ok
    {
        env.ui.error(&format!(
            "the state does not match the audit log: {} row{} not explained by it",
            s.unexplained.len(),
            if s.unexplained.len() == 1 {
                " is"
            } else {
                "s are"
            }
        ));
        if s.legacy_settings > 0 {
            env.ui.note(&format!(
                "{} settings rows were last changed before pim recorded whole settings documents: only their time was checked",
                s.legacy_settings
            ));
        }
    }
    if !chain_ok {
        match v.first_bad_seq {
            Some(seq) => env
                .ui
                .error(&format!("the audit chain is broken at row {seq}")),
            None => {
                env.ui.error(&format!(
                    "the audit chain could not be checked: it is keyed (HMAC-SHA256) from row {} and no audit key file is configured",
                    v.hmac_from_seq.unwrap_or(0)
                ));
                env.ui.hint(
                    "set `[audit] key_file = \"PATH\"` in the config file (--config or PIM_CONFIG) to the key the log was written with",
                );
            }
        }
        return Ok(1);
    }
    Ok(if v.ok { 0 } else { 1 })
}
