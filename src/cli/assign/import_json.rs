//! `pim assign import FILE.json`: Microsoft Graph or ARM schedules or schedule requests, all or
//! nothing, through the same path as the CSV import.

use std::path::Path;

use crate::api;
use crate::cli::{Env, Format, Status, render};
use crate::core::model::AssignmentType;
use crate::core::msformat::schedules::ImportOptions;
use crate::core::{Error, Result};

/// A JSON document, by its extension or its first bytes (a CSV file is read as it streams).
pub fn is_json(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    crate::cli::document::is_json(path, &String::from_utf8_lossy(&head[..n]))
}

pub fn run(
    path: &Path,
    kind: Option<AssignmentType>,
    justification: Option<String>,
    create_missing: bool,
    otp: Option<String>,
    dry_run: bool,
    env: &mut Env,
) -> Result<Status> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid(format!("cannot read {file}: {e}")))?;
    let options = ImportOptions {
        kind,
        justification,
        create_missing,
        otp: None,
    };
    let otp = env.otp(otp, dry_run, |env| {
        env.client
            .call(api::AssignImportSchedules {
                file: file.clone(),
                text: text.clone(),
                options: options.clone(),
                dry_run: true,
            })
            .map(drop)
    })?;
    let report = env.client.call(api::AssignImportSchedules {
        file: file.clone(),
        text,
        options: ImportOptions { otp, ..options },
        dry_run,
    })?;
    crate::cli::document::note_created(&env.ui, &report.created_objects, dry_run);
    for s in &report.skipped {
        env.ui.note(&format!("skipped {s}"));
    }
    let t = &report.tally;
    let renewed = if t.renewed > 0 {
        format!(", {} renewed", t.renewed)
    } else {
        String::new()
    };
    let mut done = format!(
        "{} created, {} updated, {} extended{renewed}, {} removed, {} activated",
        t.created, t.updated, t.extended, t.removed, t.activated
    );
    if t.pending > 0 {
        done.push_str(&format!(", {} waiting for approval", t.pending));
    }
    if dry_run {
        let items = if t.rows == 1 { "item" } else { "items" };
        env.ui.note(&format!(
            "dry run: {} {items} read, all valid; nothing changed",
            t.rows
        ));
    } else {
        env.ui.note(&format!("imported {file}: {done}"));
    }
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &report)?,
        Format::Csv => env.ui.out(&render::csv_text(
            vec![
                "rows",
                "created",
                "updated",
                "extended",
                "renewed",
                "removed",
                "activated",
                "pending",
                "skipped",
                "dry_run",
            ],
            vec![vec![
                t.rows.to_string(),
                t.created.to_string(),
                t.updated.to_string(),
                t.extended.to_string(),
                t.renewed.to_string(),
                t.removed.to_string(),
                t.activated.to_string(),
                t.pending.to_string(),
                report.skipped.len().to_string(),
                dry_run.to_string(),
            ]],
        )?),
        Format::Table if dry_run => env.ui.out(&format!("{} (dry run)", would(t))),
        Format::Table => env.ui.out(&format!(
            "{} items: {done}, {} skipped",
            t.rows,
            report.skipped.len()
        )),
    }
    // A self-activation that waits for approval is not in force: exit 5, as `pim activate`.
    Ok(if t.pending > 0 && !dry_run { 5 } else { 0 })
}

/// What a dry run would do, naming only what it would: "would create 2 assignments and
/// activate 1".
fn would(t: &crate::core::assign::ImportTally) -> String {
    let verbs: Vec<String> = [
        ("create", t.created),
        ("update", t.updated),
        ("extend", t.extended),
        ("renew", t.renewed),
        ("remove", t.removed),
        ("activate", t.activated),
    ]
    .iter()
    .filter(|(_, n)| *n > 0)
    .enumerate()
    .map(|(i, (verb, n))| {
        let noun = if *n == 1 { "assignment" } else { "assignments" };
        if i == 0 {
            format!("{verb} {n} {noun}")
        } else {
            format!("{verb} {n}")
        }
    })
    .collect();
    match verbs.as_slice() {
        [] => "would change nothing".to_string(),
        [one] => format!("would {one}"),
        [rest @ .., last] => format!("would {} and {last}", rest.join(", ")),
    }
}
