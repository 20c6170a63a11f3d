//! `pim audit export`: every row the actor may read, streamed as CSV, one JSON array, or JSON
//! Lines, to stdout or atomically to a file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::api;
use crate::cli::render::neutralise;
use crate::cli::{Env, Format, Status};
use crate::core::audit::{self, AuditRecord, ExportSink, ListInput};
use crate::core::clock;
use crate::core::schedule::Toward;
use crate::core::{Error, Result};

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The export's format, overriding -o: csv (the default), json (one array) or jsonl (one
    /// object a line)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ExportFormat>,
    /// Write to this file (mode 0600, replaced atomically; a FIFO or device is written into)
    /// instead of stdout
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// Rows at or after this time
    #[arg(long, value_name = "T")]
    pub since: Option<String>,
    /// Rows before this time
    #[arg(long, value_name = "T")]
    pub until: Option<String>,
    /// Rows this principal acted in
    #[arg(long, value_name = "P")]
    pub actor: Option<String>,
    /// Rows about this principal
    #[arg(long, value_name = "P")]
    pub principal: Option<String>,
    /// Rows about this role
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// A machine code (assignment.create) or its prefix (assignment)
    #[arg(long, value_name = "A")]
    pub action: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    Jsonl,
}

/// The export's columns, in order: CSV headers and JSON keys alike.
pub const COLUMNS: [&str; 23] = [
    "time",
    "seq",
    "actor",
    "os_user",
    "action",
    "activity",
    "category",
    "result",
    "reason",
    "principal",
    "role",
    "scope",
    "request_id",
    "assignment_id",
    "justification",
    "ticket_system",
    "ticket_number",
    "start",
    "end",
    "details",
    "hash",
    "auth",
    "auth_id",
];

/// One exported row as JSON: the CSV columns, under the same names.
#[derive(Serialize)]
struct JsonRow<'a> {
    time: String,
    seq: i64,
    actor: &'a str,
    os_user: &'a str,
    action: &'a str,
    activity: &'a str,
    category: &'a str,
    result: &'a str,
    /// Why a refused attempt was refused (null for a success).
    reason: Option<&'a str>,
    principal: Option<&'a str>,
    role: Option<&'a str>,
    scope: Option<&'a str>,
    request_id: Option<&'a str>,
    assignment_id: Option<&'a str>,
    justification: Option<&'a str>,
    ticket_system: Option<&'a str>,
    ticket_number: Option<&'a str>,
    start: Option<String>,
    end: Option<String>,
    #[serde(serialize_with = "details")]
    details: &'a Option<String>,
    hash: &'a str,
    auth: Option<&'a str>,
    auth_id: Option<&'a str>,
}

fn details<S: serde::Serializer>(
    d: &&Option<String>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    audit::details_as_json(d, s)
}

impl<'a> JsonRow<'a> {
    fn of(r: &'a AuditRecord) -> JsonRow<'a> {
        JsonRow {
            time: clock::rfc3339(r.at),
            seq: r.seq,
            actor: &r.actor_name,
            os_user: &r.os_user,
            action: &r.action,
            activity: &r.activity,
            category: &r.category,
            result: &r.result,
            reason: r.reason.as_deref(),
            principal: r.principal_name.as_deref(),
            role: r.role_name.as_deref(),
            scope: r.scope.as_deref(),
            request_id: r.request_id.as_deref(),
            assignment_id: r.assignment_id.as_deref(),
            justification: r.justification.as_deref(),
            ticket_system: r.ticket_system.as_deref(),
            ticket_number: r.ticket_number.as_deref(),
            start: r.start_at.map(clock::rfc3339),
            end: r.end_at.map(clock::rfc3339),
            details: &r.details,
            hash: &r.hash,
            auth: r.auth.as_deref(),
            auth_id: r.auth_id.as_deref(),
        }
    }
}

/// The CSV cells of a row, neutralised against formulas; details as stored (compact JSON).
fn csv_cells(r: &AuditRecord) -> [String; 23] {
    let o = |v: &Option<String>| neutralise(v.as_deref().unwrap_or(""));
    let t = |v: Option<i64>| v.map(clock::rfc3339).unwrap_or_default();
    [
        clock::rfc3339(r.at),
        r.seq.to_string(),
        neutralise(&r.actor_name),
        neutralise(&r.os_user),
        neutralise(&r.action),
        neutralise(&r.activity),
        neutralise(&r.category),
        neutralise(&r.result),
        o(&r.reason),
        o(&r.principal_name),
        o(&r.role_name),
        o(&r.scope),
        o(&r.request_id),
        o(&r.assignment_id),
        o(&r.justification),
        o(&r.ticket_system),
        o(&r.ticket_number),
        t(r.start_at),
        t(r.end_at),
        o(&r.details),
        r.hash.clone(),
        o(&r.auth),
        o(&r.auth_id),
    ]
}

fn io_err(what: &str) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::invalid(format!("cannot write {what}: {e}"))
}

/// Writes rows as they come off the cursor; nothing is kept but the output buffer.
struct Writer<W: Write> {
    out: Option<W>,
    csv: Option<csv::Writer<W>>,
    format: ExportFormat,
    rows: u64,
    target: String,
    progress: Option<indicatif::ProgressBar>,
    want_progress: bool,
    /// The reader went away (`| head`).
    broken_pipe: bool,
}

impl<W: Write> Writer<W> {
    fn new(out: W, format: ExportFormat, target: String, want_progress: bool) -> Writer<W> {
        let (out, csv) = match format {
            ExportFormat::Csv => (None, Some(csv::Writer::from_writer(out))),
            _ => (Some(out), None),
        };
        Writer {
            out,
            csv,
            format,
            rows: 0,
            target,
            progress: None,
            want_progress,
            broken_pipe: false,
        }
    }

    fn io(&mut self, e: std::io::Error) -> Error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            self.broken_pipe = true;
        }
        io_err(&self.target)(e)
    }

    fn csv_err(&mut self, e: csv::Error) -> Error {
        match e.into_kind() {
            csv::ErrorKind::Io(e) => self.io(e),
            other => Error::invalid(format!("cannot write CSV: {other:?}")),
        }
    }

    /// Ends the document and hands back the underlying writer, flushed.
    fn finish(&mut self) -> Result<W> {
        if let Some(p) = self.progress.take() {
            p.finish_and_clear();
        }
        if let Some(w) = self.csv.take() {
            return w.into_inner().map_err(|e| {
                let io = e.error();
                self.io(std::io::Error::new(io.kind(), io.to_string()))
            });
        }
        let Some(mut out) = self.out.take() else {
            return Err(Error::invalid("export writer already finished"));
        };
        let end: &[u8] = match self.format {
            ExportFormat::Json if self.rows == 0 => b"[]\n",
            ExportFormat::Json => b"\n]\n",
            _ => b"",
        };
        match out.write_all(end).and_then(|_| out.flush()) {
            Ok(()) => Ok(out),
            Err(e) => Err(self.io(e)),
        }
    }
}

impl<W: Write> ExportSink for Writer<W> {
    fn start(&mut self, total: Option<u64>) -> Result<()> {
        if self.want_progress {
            let bar = indicatif::ProgressBar::with_draw_target(
                total,
                indicatif::ProgressDrawTarget::stderr(),
            );
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} rows {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            self.progress = Some(bar);
        }
        if self.format == ExportFormat::Csv
            && let Some(w) = self.csv.as_mut()
        {
            let r = w.write_record(COLUMNS);
            r.map_err(|e| self.csv_err(e))?;
        }
        Ok(())
    }

    fn row(&mut self, r: &AuditRecord) -> Result<()> {
        match self.format {
            ExportFormat::Csv => {
                if let Some(w) = self.csv.as_mut() {
                    let res = w.write_record(csv_cells(r));
                    res.map_err(|e| self.csv_err(e))?;
                }
            }
            ExportFormat::Json | ExportFormat::Jsonl => {
                let json = self.format == ExportFormat::Json;
                let first = self.rows == 0;
                if let Some(out) = self.out.as_mut() {
                    let res = (|| {
                        if json {
                            out.write_all(if first { b"[\n" } else { b",\n" })?;
                        }
                        serde_json::to_writer(&mut *out, &JsonRow::of(r))?;
                        if !json {
                            out.write_all(b"\n")?;
                        }
                        Ok::<(), std::io::Error>(())
                    })();
                    res.map_err(|e| self.io(e))?;
                }
            }
        }
        self.rows += 1;
        if let Some(p) = &self.progress {
            p.inc(1);
        }
        Ok(())
    }
}

/// A file written beside its destination and renamed over it once complete, so that readers
/// see the old file or the whole new one, never part of it. Dropped unfinished, it is removed.
struct TempFile {
    path: PathBuf,
    done: bool,
}

impl TempFile {
    fn create(dest: &Path) -> Result<(TempFile, File)> {
        let name = dest
            .file_name()
            .ok_or_else(|| Error::invalid(format!("--file {} names no file", dest.display())))?;
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let path = dir.join(format!(
            ".{}.{}.{}.tmp",
            name.to_string_lossy(),
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = opts.open(&path).map_err(|e| {
            Error::invalid(format!(
                "cannot create a file in {} for the export: {e}",
                dir.display()
            ))
        })?;
        Ok((TempFile { path, done: false }, file))
    }

    fn commit(mut self, file: File, dest: &Path) -> Result<()> {
        let shown = dest.display().to_string();
        file.sync_all().map_err(io_err(&shown))?;
        drop(file);
        std::fs::rename(&self.path, dest).map_err(io_err(&shown))?;
        self.done = true;
        // Make the rename itself durable; not every platform lets a directory be synced.
        if let Some(dir) = dest.parent().filter(|p| !p.as_os_str().is_empty())
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Whether `dest` is an existing file that is not a regular file (a FIFO, a device, a socket):
/// those are written into directly. A directory is an error; a regular file, or nothing yet,
/// gets the atomic temp file and rename.
fn is_special(dest: &Path) -> Result<bool> {
    match std::fs::metadata(dest) {
        Ok(m) if m.is_dir() => Err(Error::invalid(format!(
            "--file {} is a directory",
            dest.display()
        ))),
        Ok(m) => Ok(!m.is_file()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::invalid(format!(
            "cannot use --file {}: {e}",
            dest.display()
        ))),
    }
}

pub fn run(a: ExportArgs, env: &mut Env) -> Result<Status> {
    let format = a.format.unwrap_or(match env.ui.format {
        Format::Json => ExportFormat::Json,
        Format::Jsonl => ExportFormat::Jsonl,
        Format::Csv | Format::Table => ExportFormat::Csv,
    });
    let input = ListInput {
        since: env.time_opt(a.since.as_deref(), Toward::Past)?,
        until: env.time_opt(a.until.as_deref(), Toward::Past)?,
        actor: a.actor,
        principal: a.principal,
        role: a.role,
        action: a.action,
        limit: None,
    };
    match &a.file {
        Some(dest) if is_special(dest)? => {
            // A FIFO, a device, /dev/null: written into as it is, never replaced by a regular
            // file (as root a rename would have replaced the device node itself).
            let shown = dest.display().to_string();
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(dest)
                .map_err(|e| Error::invalid(format!("cannot open {shown} for the export: {e}")))?;
            let mut w = Writer::new(
                BufWriter::with_capacity(1 << 16, file),
                format,
                shown.clone(),
                false,
            );
            let rows = env.client.call(api::AuditExport {
                input,
                count_first: false,
                sink: &mut w,
            })?;
            w.finish()?
                .into_inner()
                .map_err(|e| io_err(&shown)(e.into_error()))?;
            env.ui
                .note(&format!("exported {rows} audit rows to {shown}"));
        }
        Some(dest) => {
            let (tmp, file) = TempFile::create(dest)?;
            let progress = env.ui.stderr_tty && !env.ui.quiet;
            let shown = dest.display().to_string();
            let mut w = Writer::new(
                BufWriter::with_capacity(1 << 16, file),
                format,
                shown.clone(),
                progress,
            );
            // On any error `tmp` is dropped, which removes the partial file.
            let rows = env.client.call(api::AuditExport {
                input,
                count_first: progress,
                sink: &mut w,
            })?;
            let file = w
                .finish()?
                .into_inner()
                .map_err(|e| io_err(&shown)(e.into_error()))?;
            tmp.commit(file, dest)?;
            env.ui
                .note(&format!("exported {rows} audit rows to {shown}"));
        }
        None => {
            let stdout = std::io::stdout().lock();
            let mut w = Writer::new(
                BufWriter::with_capacity(1 << 16, stdout),
                format,
                "to stdout".into(),
                false,
            );
            let res = env
                .client
                .call(api::AuditExport {
                    input,
                    count_first: false,
                    sink: &mut w,
                })
                .and_then(|_| w.finish().map(drop));
            if res.is_err() && w.broken_pipe {
                // A reader that stopped early (`| head`) is not an error, as for every command.
                return Ok(0);
            }
            res?;
        }
    }
    Ok(0)
}
