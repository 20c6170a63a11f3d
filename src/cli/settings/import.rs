//! `pim settings import FILE [--dry-run]`: a settings file (what `export` prints), all or
//! nothing.

use std::path::PathBuf;

use clap::Args;

use crate::api;
use crate::cli::{Env, Format, Status, render};
use crate::core::settings::SettingsFile;
use crate::core::{Error, Result};

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A TOML settings file: [[role]] tables as `pim settings export` prints them. Each is the
    /// complete settings of its role and scope; keys left out take Entra's defaults
    pub file: PathBuf,
    /// Check every entry and show the differences; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(a: ImportArgs, env: &mut Env) -> Result<Status> {
    let name = a.file.display().to_string();
    let text = std::fs::read_to_string(&a.file)
        .map_err(|e| Error::invalid(format!("cannot read {name}: {e}")))?;
    let file = SettingsFile::parse(&name, text)?;
    let results = env.client.call(api::SettingsImport {
        name: name.clone(),
        file,
        dry_run: a.dry_run,
    })?;
    let mut changed = 0;
    for r in &results {
        let what = format!("{} at {}", r.role, r.scope);
        if r.changes.is_empty() {
            env.ui.note(&format!("{what}: no changes"));
        } else {
            changed += 1;
            super::print_changes(&env.ui, Some(&what), &r.changes);
        }
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if a.dry_run {
        env.ui.note(&format!(
            "dry run: {} entr{} read, {changed} would change; nothing changed",
            results.len(),
            if results.len() == 1 { "y" } else { "ies" }
        ));
    } else {
        env.ui.note(&format!(
            "imported {name}: {changed} role setting{} changed, {} already held",
            plural(changed),
            results.len() - changed
        ));
    }
    match env.ui.format {
        Format::Json => render::json(&env.ui, &results)?,
        Format::Csv => {
            let rows = results
                .iter()
                .flat_map(|r| {
                    r.changes.iter().map(|c| {
                        vec![
                            r.role.clone(),
                            r.scope.clone(),
                            c.field.clone(),
                            c.old_text.clone(),
                            c.new_text.clone(),
                        ]
                    })
                })
                .collect();
            env.ui.out(&render::csv_text(
                vec!["role", "scope", "field", "old", "new"],
                rows,
            )?);
        }
        Format::Table => {
            if !results.is_empty() {
                let rows = results
                    .iter()
                    .map(|r| vec![r.role.clone(), r.scope.clone(), r.changes.len().to_string()])
                    .collect();
                env.ui
                    .out(&super::table(vec!["ROLE", "SCOPE", "CHANGES"], rows));
            }
        }
    }
    Ok(0)
}
