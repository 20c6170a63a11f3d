//! `pim assign export [filters] --format csv|graph|arm`: the assignments you may see, as the CSV
//! `pim assign import` reads, or as Microsoft's schedules (Graph for directory roles and PIM for
//! Groups, ARM for Azure roles).

use clap::{Args, ValueEnum};

use super::TypeArg;
use crate::api;
use crate::cli::{Env, Status, render};
use crate::core::assign::ListInput;
use crate::core::authz::Narrowed;
use crate::core::clock::rfc3339;
use crate::core::msformat::schedules::Shape;
use crate::core::{Error, Result};

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// principal, role, scope, type, start, end, justification: what `pim assign import` reads
    Csv,
    /// Microsoft Graph schedules (`unifiedRoleEligibilitySchedule`, …, and PIM for Groups'
    /// `privilegedAccessGroup…Schedule`): directory and group roles
    Graph,
    /// Azure Resource Manager `roleEligibilitySchedules` / `roleAssignmentSchedules`: Azure roles
    Arm,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Only this principal's assignments
    #[arg(long, value_name = "P")]
    pub principal: Option<String>,
    /// Only assignments of this role
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// Only assignments that apply at this scope, inherited ones included
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    /// Only eligible or only active assignments
    #[arg(long = "type", value_name = "TYPE", value_enum)]
    pub kind: Option<TypeArg>,
    /// The file format; the file goes to stdout whatever --output says
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
}

pub fn run(a: ExportArgs, env: &mut Env) -> Result<Status> {
    let filter = ListInput {
        principal: a.principal,
        role: a.role,
        scope: a.scope,
        kind: a.kind.map(Into::into),
        all: false,
    };
    let shape = match a.format {
        ExportFormat::Csv => {
            let listing = env.client.call(api::AssignList { input: filter })?;
            note_narrowed(env, listing.narrowed.as_ref());
            let rows = listing.items;
            let activations = rows.iter().filter(|v| v.activated_from.is_some()).count();
            let rows: Vec<Vec<String>> = rows
                .into_iter()
                // An activation is its holder's to make; inherited rows are listed where made.
                .filter(|v| v.activated_from.is_none() && v.member_type == "direct")
                .map(|v| {
                    vec![
                        v.principal_name,
                        v.role_name,
                        v.scope,
                        v.kind.to_string(),
                        rfc3339(v.start),
                        v.end.map_or_else(|| "permanent".to_string(), rfc3339),
                        v.justification.unwrap_or_default(),
                    ]
                })
                .collect();
            if activations > 0 {
                env.ui.note(&format!(
                    "left out {activations} activation{}: their holders activate them",
                    if activations == 1 { "" } else { "s" }
                ));
            }
            // A document to import again: exact, whatever -o says.
            env.ui
                .out_exact(&render::csv_text(super::import::COLUMNS.to_vec(), rows)?);
            return Ok(0);
        }
        ExportFormat::Graph => Shape::Graph,
        ExportFormat::Arm => Shape::Arm,
    };
    let ex = env
        .client
        .call(api::AssignExportSchedules { filter, shape })?;
    note_narrowed(env, ex.narrowed.as_ref());
    if ex.left_out > 0 {
        env.ui.note(&format!(
            "left out {} assignment{} of {}: export them with --format {}",
            ex.left_out,
            if ex.left_out == 1 { "" } else { "s" },
            if shape == Shape::Graph {
                "Azure roles"
            } else {
                "directory and group roles"
            },
            if shape == Shape::Graph {
                "arm"
            } else {
                "graph"
            }
        ));
    }
    let text = serde_json::to_string_pretty(&ex.document)
        .map_err(|e| Error::invalid(format!("cannot write JSON: {e}")))?;
    env.ui.out_exact(&text);
    Ok(0)
}

/// An export of a list the actor may only partly see says so, as the list does.
fn note_narrowed(env: &Env, narrowed: Option<&Narrowed>) {
    if let Some(n) = narrowed {
        env.ui.note(&format!(
            "exporting only the assignments you may see ({}); seeing all needs {}",
            n.showing, n.needs
        ));
    }
}
