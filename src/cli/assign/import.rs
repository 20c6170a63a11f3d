//! `pim assign import FILE.csv`: columns principal, role, scope, type, start, end, justification.
//! A JSON file (Microsoft Graph or ARM schedules or requests) goes to `import_json`.

use std::path::PathBuf;

use clap::Args;

use crate::api;
use crate::cli::{Env, Format, Status, render};
use crate::core::assign::{AssignInput, ImportRow};
use crate::core::model::AssignmentType;
use crate::core::schedule::{self, EndSpec};
use crate::core::{Error, Result};

pub const COLUMNS: &[&str] = &[
    "principal",
    "role",
    "scope",
    "type",
    "start",
    "end",
    "justification",
];

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A CSV file with a header row: principal, role, scope, type, start, end, justification
    /// (only principal and role are required; `end` may be a time, a duration or `permanent`).
    /// Or JSON from Microsoft Graph or ARM: schedules, or schedule requests (adminAssign,
    /// adminUpdate, adminExtend, adminRemove, selfActivate)
    pub file: PathBuf,
    /// Check every row and report; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// JSON only: eligibility or assignment, for requests that do not say (a bare POST body)
    #[arg(long = "type", value_name = "TYPE", value_enum)]
    pub kind: Option<super::TypeArg>,
    /// JSON only: the justification of items that carry none (a tenant's schedules carry none;
    /// active assignments need one by default)
    #[arg(long, value_name = "J")]
    pub justification: Option<String>,
    /// JSON only: create the principals, custom roles and scopes the document names by id and
    /// pim lacks, instead of refusing the document
    #[arg(long)]
    pub create_missing: bool,
}

fn cell(rec: &csv::StringRecord, idx: Option<usize>) -> Option<String> {
    idx.and_then(|i| rec.get(i))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn parse_row(
    rec: &csv::StringRecord,
    cols: &[Option<usize>; 7],
    now: i64,
) -> std::result::Result<AssignInput, String> {
    let principal = cell(rec, cols[0]).ok_or("the principal is empty")?;
    let role = cell(rec, cols[1]).ok_or("the role is empty")?;
    let kind = match cell(rec, cols[3]) {
        None => AssignmentType::Eligible,
        Some(t) => AssignmentType::parse(&t)
            .ok_or_else(|| format!("invalid type '{t}': use eligible or active"))?,
    };
    let start = cell(rec, cols[4])
        .map(|s| schedule::parse_time(&s, now))
        .transpose()
        .map_err(|e| e.to_string())?;
    let end = match cell(rec, cols[5]) {
        None => EndSpec::Default,
        Some(e) if e.eq_ignore_ascii_case("permanent") => EndSpec::Permanent,
        Some(e) => match schedule::parse_time(&e, now) {
            Ok(t) => EndSpec::At(t),
            Err(_) => EndSpec::After(schedule::parse_duration(&e).map_err(|_| {
                format!("invalid end '{e}': give a time, a duration or `permanent`")
            })?),
        },
    };
    Ok(AssignInput {
        principal,
        role,
        scope: cell(rec, cols[2]),
        kind,
        start,
        end,
        justification: cell(rec, cols[6]),
        ticket_number: None,
        ticket_system: None,
    })
}

/// Counts the double quotes a reader passes through.
struct QuoteCounter<R> {
    inner: R,
    quotes: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: std::io::Read> std::io::Read for QuoteCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let q = buf[..n].iter().filter(|&&b| b == b'"').count() as u64;
        self.quotes.set(self.quotes.get() + q);
        Ok(n)
    }
}

/// Reads the whole file into rows; a row that cannot be read becomes an error row with its line.
fn read_rows(path: &PathBuf, now: i64) -> Result<Vec<ImportRow>> {
    let file = std::fs::File::open(path)
        .map_err(|e| Error::invalid(format!("cannot read {}: {e}", path.display())))?;
    let quotes = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::Headers)
        .from_reader(std::io::BufReader::new(QuoteCounter {
            inner: file,
            quotes: std::rc::Rc::clone(&quotes),
        }));
    let headers = rdr
        .headers()
        .map_err(|e| Error::invalid(format!("{} is not valid CSV: {e}", path.display())))?
        .clone();
    let mut cols: [Option<usize>; 7] = [None; 7];
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim_start_matches('\u{feff}').to_ascii_lowercase();
        match COLUMNS.iter().position(|c| *c == h) {
            Some(k) if cols[k].is_none() => cols[k] = Some(i),
            Some(_) => {
                return Err(Error::invalid(format!(
                    "{}: column '{h}' appears twice",
                    path.display()
                )));
            }
            None => {
                return Err(Error::invalid_with_hint(
                    format!("{}: unknown column '{h}'", path.display()),
                    format!("the columns are: {}", COLUMNS.join(", ")),
                ));
            }
        }
    }
    if cols[0].is_none() || cols[1].is_none() {
        return Err(Error::invalid_with_hint(
            format!(
                "{}: the header row must name at least the principal and role columns",
                path.display()
            ),
            format!("the columns are: {}", COLUMNS.join(", ")),
        ));
    }
    let width = headers.len();
    let mut rows = Vec::new();
    let mut rec = csv::StringRecord::new();
    let mut last_line = 1;
    loop {
        let line = rdr.position().line();
        match rdr.read_record(&mut rec) {
            Ok(false) => {
                // The csv reader ends a quoted field that is never closed at the end of the file,
                // taking every line after the quote into it: a truncated or hand-broken file would
                // import as one odd row. In RFC 4180 quotes come in pairs, so an odd count is that.
                if quotes.get() % 2 == 1 {
                    rows.push(ImportRow {
                        line: last_line,
                        input: Err("a double quote is never closed: the file ends inside a quoted field (inside quotes, write a quote as \"\")".into()),
                    });
                }
                break;
            }
            Ok(true) => {
                let line = rec.position().map(|p| p.line()).unwrap_or(line);
                last_line = line;
                let input = if rec.len() != width {
                    Err(format!("expected {width} fields, found {}", rec.len()))
                } else {
                    parse_row(&rec, &cols, now)
                };
                rows.push(ImportRow { line, input });
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(line);
                let msg = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
                    _ => format!("not valid CSV: {e}"),
                };
                rows.push(ImportRow {
                    line,
                    input: Err(msg),
                });
                // A record that cannot be decoded still advances the reader; stop if it cannot.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    Ok(rows)
}

pub fn run(a: ImportArgs, env: &mut Env) -> Result<Status> {
    if super::import_json::is_json(&a.file) {
        return super::import_json::run(
            &a.file,
            a.kind.map(Into::into),
            a.justification,
            a.create_missing,
            a.dry_run,
            env,
        );
    }
    if a.kind.is_some() || a.create_missing || a.justification.is_some() {
        return Err(Error::usage_with_hint(
            format!(
                "{} is a CSV file: each row names its principal, role and type",
                a.file.display()
            ),
            "--type, --justification and --create-missing are for Microsoft's JSON documents",
        ));
    }
    let rows = read_rows(&a.file, env.ctx.now)?;
    let total = rows.len() as u64;
    let bar = (env.ui.stderr_tty && !env.ui.quiet).then(|| {
        let b = indicatif::ProgressBar::new(total);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} rows {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let progress = |n: u64| {
        if let Some(b) = &bar {
            b.set_position(n);
        }
    };
    let file = a.file.display().to_string();
    let report = env.client.call(api::AssignImport {
        file: file.clone(),
        rows,
        dry_run: a.dry_run,
        progress: &progress,
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let report = report?;
    if a.dry_run {
        env.ui.note(&format!(
            "dry run: all {} rows are valid; nothing changed",
            report.rows
        ));
    } else {
        env.ui.note(&format!(
            "imported {} assignments from {file}",
            report.created
        ));
    }
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &report)?,
        Format::Csv => env.ui.out(&render::csv_text(
            vec!["rows", "created", "dry_run"],
            vec![vec![
                report.rows.to_string(),
                report.created.to_string(),
                report.dry_run.to_string(),
            ]],
        )?),
        Format::Table => env.ui.out(&format!(
            "{} rows, {} created{}",
            report.rows,
            report.created,
            if report.dry_run { " (dry run)" } else { "" }
        )),
    }
    Ok(0)
}
