//! `pim settings import FILE [--dry-run]`: a settings file (what `export` prints), all or
//! nothing; or a Microsoft Graph or ARM policy document (JSON), recognised by its content.

use std::path::PathBuf;

use clap::Args;

use crate::api;
use crate::cli::target::GroupArgs;
use crate::cli::{Env, Format, Status, render};
use crate::core::msformat::settings::ImportOptions;
use crate::core::settings::{EntryResult, Selector, SettingsFile};
use crate::core::{Error, Result};

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A TOML settings file: [[role]] tables as `pim settings export` prints them (each the
    /// complete settings of its role and scope; keys left out take Entra's defaults). Or JSON
    /// from Microsoft Graph or ARM: a policy, a policy assignment, a rules list or one rule (the
    /// rules it lists change, the others keep their values)
    pub file: PathBuf,
    /// Check every entry and show the differences; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// JSON only: the role the rules are for, when the document does not say (a PATCH body,
    /// an ARM policy)
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// JSON only: the scope, when the document does not say
    #[arg(long, value_name = "S", requires = "role")]
    pub scope: Option<String>,
    #[command(flatten)]
    pub group: GroupArgs,
    /// JSON only: create the principals (approvers), custom roles and scopes the document names
    /// by id and pim lacks, instead of refusing the document
    #[arg(long)]
    pub create_missing: bool,
}

pub fn run(a: ImportArgs, env: &mut Env) -> Result<Status> {
    let name = a.file.display().to_string();
    let text = std::fs::read_to_string(&a.file)
        .map_err(|e| Error::invalid(format!("cannot read {name}: {e}")))?;
    let (role, scope) = a.group.or_role(a.role.clone(), a.scope.clone());
    let results: Vec<EntryResult> = if crate::cli::document::is_json(&a.file, &text) {
        let doc: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| {
                Error::usage_with_hint(
                    format!("{name} is not valid JSON: {e}"),
                    "nothing was imported",
                )
            })?;
        let report = env.client.call(api::SettingsImportPolicy {
            name: name.clone(),
            document: doc,
            options: ImportOptions {
                selector: role.map(|role| Selector { role, scope }),
                create_missing: a.create_missing,
            },
            dry_run: a.dry_run,
        })?;
        crate::cli::document::note_created(&env.ui, &report.created, a.dry_run);
        for n in &report.notes {
            env.ui.warn(n);
        }
        report.entries
    } else {
        if role.is_some() || a.create_missing {
            return Err(Error::usage_with_hint(
                format!("{name} is a settings file: each [[role]] table names its role and scope"),
                "--role, --scope, --group and --create-missing are for Microsoft's JSON documents",
            ));
        }
        // Read here first, so that a file with a mistake is refused before anything else.
        SettingsFile::parse(&name, text.clone())?;
        env.client.call(api::SettingsImport {
            name: name.clone(),
            text,
            dry_run: a.dry_run,
        })?
    };
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
    for w in results.iter().flat_map(|r| &r.warnings) {
        env.ui.warn(w);
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
        Format::Json | Format::Jsonl => render::json(&env.ui, &results)?,
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
