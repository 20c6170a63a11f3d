//! `pim assign export [filters] --format csv|graph|arm`: the assignments you may see, as the CSV
//! `pim assign import` reads, or as Microsoft's schedules (Graph for directory roles and PIM for
//! Groups, ARM for Azure roles).

use std::io::{BufWriter, Write};

use clap::{Args, ValueEnum};

use super::TypeArg;
use crate::api;
use crate::cli::{Env, Status, render};
use crate::core::assign::ListInput;
use crate::core::authz::Narrowed;
use crate::core::clock::rfc3339;
use crate::core::model::AssignmentView;
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
        ExportFormat::Csv => None,
        ExportFormat::Graph => Some(Shape::Graph),
        ExportFormat::Arm => Some(Shape::Arm),
    };
    // The document goes to stdout as it is read (a document to import again: exact, whatever -o
    // says), one row or item at a time: memory stays flat however many there are.
    let mut out = Out {
        csv: None,
        header_written: false,
        json: None,
        items: 0,
        activations: 0,
        failed: None,
    };
    match shape {
        None => {
            out.csv = Some(csv::Writer::from_writer(BufWriter::with_capacity(
                1 << 16,
                std::io::stdout().lock(),
            )));
        }
        Some(_) => {
            out.json = Some(BufWriter::with_capacity(1 << 16, std::io::stdout().lock()));
        }
    }
    let result = env.client.call(api::AssignExport {
        filter,
        shape,
        sink: &mut out,
    });
    let done = match result {
        Ok(done) => done,
        Err(e) => {
            if let Some(io) = out.failed() {
                env.ui.stdout_failed(io);
                return Err(env.ui.write_error().unwrap_or(e));
            }
            return Err(e);
        }
    };
    if let Err(e) = out.finish() {
        env.ui.stdout_failed(e);
        if let Some(e) = env.ui.write_error() {
            return Err(e);
        }
    }
    note_narrowed(env, done.narrowed.as_ref());
    if out.activations > 0 {
        let n = out.activations;
        env.ui.note(&format!(
            "left out {n} activation{}: their holders activate them",
            if n == 1 { "" } else { "s" }
        ));
    }
    if let Some(shape) = shape
        && done.left_out > 0
    {
        env.ui.note(&format!(
            "left out {} assignment{} of {}: export them with --format {}",
            done.left_out,
            if done.left_out == 1 { "" } else { "s" },
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
    Ok(0)
}

type Stdout = BufWriter<std::io::StdoutLock<'static>>;

/// The export on its way to stdout: CSV rows, or a Graph or ARM document written item by item
/// exactly as `serde_json::to_string_pretty` writes the whole document.
struct Out {
    csv: Option<csv::Writer<Stdout>>,
    /// The CSV header goes out with the first row (or at the end), so that an export refused
    /// before its first row writes nothing.
    header_written: bool,
    json: Option<Stdout>,
    items: u64,
    /// Activations listed, and left out of the CSV.
    activations: u64,
    /// The write error that stopped the export.
    failed: Option<std::io::Error>,
}

/// The indentation of the document's items (inside `{"value": [ … ]}`).
const ITEM_INDENT: &str = "    ";

impl Out {
    /// The write error that stopped the export, if one did.
    fn failed(&mut self) -> Option<std::io::Error> {
        self.failed.take()
    }

    /// Writes the CSV header, once.
    fn header(&mut self) -> Result<()> {
        if self.header_written {
            return Ok(());
        }
        self.header_written = true;
        let Some(w) = self.csv.as_mut() else {
            return Ok(());
        };
        let res = w.write_record(render::csv_header(super::import::COLUMNS));
        res.map_err(|e| self.csv_error(e))
    }

    fn csv_error(&mut self, e: csv::Error) -> Error {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => keep(&mut self.failed, io),
            other => Error::invalid(format!("cannot write CSV: {other:?}")),
        }
    }

    fn finish(&mut self) -> std::io::Result<()> {
        if self.csv.is_some() {
            if self.header().is_err() {
                return Err(self
                    .failed
                    .take()
                    .unwrap_or_else(|| std::io::Error::other("cannot write the CSV header")));
            }
            if let Some(mut w) = self.csv.take() {
                w.flush()?;
            }
            return Ok(());
        }
        if let Some(mut w) = self.json.take() {
            if self.items == 0 {
                w.write_all(b"{\n  \"value\": []\n}\n")?;
            } else {
                w.write_all(b"\n  ]\n}\n")?;
            }
            w.flush()?;
        }
        Ok(())
    }
}

/// Keeps the write error that stops an export, for the command to report as every command does.
fn keep(slot: &mut Option<std::io::Error>, e: std::io::Error) -> Error {
    let msg = format!("cannot write the result to stdout: {e}");
    *slot = Some(e);
    Error::invalid(msg)
}

impl api::AssignExportSink for Out {
    fn row(&mut self, v: &AssignmentView) -> Result<()> {
        if v.activated_from.is_some() {
            // An activation is its holder's to make.
            self.activations += 1;
            return Ok(());
        }
        // Inherited rows are listed where they are made.
        if v.member_type != "direct" {
            return Ok(());
        }
        if self.csv.is_none() {
            return Ok(());
        }
        self.header()?;
        let Some(w) = self.csv.as_mut() else {
            return Ok(());
        };
        let cells = [
            v.principal_name.clone(),
            v.role_name.clone(),
            v.scope.clone(),
            v.kind.to_string(),
            rfc3339(v.start),
            v.end.map_or_else(|| "permanent".to_string(), rfc3339),
            v.justification.clone().unwrap_or_default(),
        ];
        let res = w.write_record(cells.iter().map(|c| render::neutralise(c)));
        res.map_err(|e| self.csv_error(e))
    }

    fn item(&mut self, item: &serde_json::Value) -> Result<()> {
        let Some(w) = self.json.as_mut() else {
            return Ok(());
        };
        let text = serde_json::to_string_pretty(item)
            .map_err(|e| Error::invalid(format!("cannot write JSON: {e}")))?;
        let first = self.items == 0;
        self.items += 1;
        let open: &[u8] = if first {
            b"{\n  \"value\": [\n"
        } else {
            b",\n"
        };
        let res = (|| {
            w.write_all(open)?;
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    w.write_all(b"\n")?;
                }
                w.write_all(ITEM_INDENT.as_bytes())?;
                w.write_all(line.as_bytes())?;
            }
            Ok::<(), std::io::Error>(())
        })();
        res.map_err(|e| keep(&mut self.failed, e))
    }
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
