//! `pim db copy`: move a deployment between an SQLite file and a PostgreSQL database.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Env, Format, Status, render};
use crate::core::Result;
use crate::core::copy;

#[derive(Subcommand, Debug)]
pub enum DbCmd {
    /// Copy every row of a pim database into a new one (SQLite file or PostgreSQL), audit chain
    /// and head included
    #[command(
        after_help = "The source is read in one snapshot and the target written in one transaction: it holds \
every row or nothing. The target must not exist yet (a file), or be empty (a PostgreSQL \
database); it gets its own engine's schema. No principal acts and nothing is audited: whoever \
can open both stores may copy them, and a row added to the copy would change its chain. Stop \
`pim serve` first: what is written after the snapshot is not in the copy."
    )]
    Copy(CopyArgs),
}

#[derive(Args, Debug)]
pub struct CopyArgs {
    /// The database to copy: a file, or a postgres:// URL
    #[arg(long, value_name = "FILE_OR_URL")]
    pub from: PathBuf,
    /// Where to copy it: a new file, or the postgres:// URL of an empty database
    #[arg(long, value_name = "FILE_OR_URL")]
    pub to: PathBuf,
}

/// A progress bar on stderr, when it is a terminal.
struct Bar(indicatif::ProgressBar);

impl copy::Progress for Bar {
    fn total(&self, rows: u64) {
        self.0.set_length(rows);
        self.0.tick();
    }

    fn copied(&self, rows: u64) {
        self.0.inc(rows);
    }
}

struct Quiet;

impl copy::Progress for Quiet {
    fn total(&self, _: u64) {}
    fn copied(&self, _: u64) {}
}

pub fn run(cmd: DbCmd, env: &mut Env) -> Result<Status> {
    let DbCmd::Copy(a) = cmd;
    for url in [&a.from, &a.to] {
        let text = url.to_string_lossy();
        if crate::store::is_postgres_url(url)
            && let Some(pw) =
                super::postgres_password(&text, &env.config, env.config_dir.as_deref())
        {
            crate::store::set_postgres_password(&text, pw);
        }
    }
    let r = if env.ui.stderr_tty && !env.ui.quiet {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(0),
            indicatif::ProgressDrawTarget::stderr(),
        );
        bar.set_style(
            indicatif::ProgressStyle::with_template("copying {bar:40} {pos}/{len} rows {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let bar = Bar(bar);
        let r = copy::copy(&a.from, &a.to, &bar);
        bar.0.finish_and_clear();
        r?
    } else {
        copy::copy(&a.from, &a.to, &Quiet)?
    };
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &r)?,
        Format::Csv => env.ui.out(&render::csv_text(
            vec!["table", "rows"],
            r.tables
                .iter()
                .map(|t| vec![t.table.clone(), t.rows.to_string()])
                .collect(),
        )?),
        Format::Table => {
            env.ui.out(&render::table(
                vec!["TABLE", "ROWS"],
                r.tables
                    .iter()
                    .map(|t| vec![t.table.clone(), t.rows.to_string()])
                    .collect(),
            ));
            env.ui.out(&format!(
                "copied {} rows from {} to {}; audit head {}:{}",
                r.rows, r.from, r.to, r.audit_head.seq, r.audit_head.hash
            ));
        }
    }
    Ok(0)
}
