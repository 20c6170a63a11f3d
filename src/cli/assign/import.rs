//! `pim assign import FILE.csv`: columns principal, role, scope, type, start, end, justification.
//! A JSON file (Microsoft Graph or ARM schedules or requests) goes to `import_json`.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::api;
use crate::cli::{Env, Format, Status, render};
use crate::core::assign::{AssignInput, ImportRow};
use crate::core::model::AssignmentType;
use crate::core::schedule::{self, EndSpec, Toward};
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
    /// adminUpdate, adminExtend, adminRenew, adminRemove, selfActivate)
    pub file: PathBuf,
    /// Check every row and report; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Your one-time code, checked once for the whole file: for active assignments whose
    /// settings require MFA on active assignment, and self-activations whose settings require
    /// MFA (on a terminal, asked for when needed)
    #[arg(long, value_name = "CODE")]
    pub otp: Option<String>,
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

/// What a row's times are read against: now, and the zone of times without an offset.
struct Times<'a> {
    now: i64,
    zone: &'a jiff::tz::TimeZone,
}

fn parse_row(
    rec: &csv::StringRecord,
    cols: &[Option<usize>; 7],
    t: &Times<'_>,
) -> std::result::Result<AssignInput, String> {
    let principal = cell(rec, cols[0]).ok_or("the principal is empty")?;
    let role = cell(rec, cols[1]).ok_or("the role is empty")?;
    let kind = match cell(rec, cols[3]) {
        None => AssignmentType::Eligible,
        Some(t) => AssignmentType::parse(&t)
            .ok_or_else(|| format!("invalid type '{t}': use eligible or active"))?,
    };
    let start = cell(rec, cols[4])
        .map(|s| schedule::parse_time(&s, t.now, t.zone, Toward::Future))
        .transpose()
        .map_err(|e| e.to_string())?;
    // In the end column a duration is a length from the start, as --duration is.
    let end = match cell(rec, cols[5]) {
        None => EndSpec::Default,
        Some(e) if e.eq_ignore_ascii_case("permanent") => EndSpec::Permanent,
        Some(e) => match schedule::parse_duration(&e) {
            Ok(d) => EndSpec::After(d),
            Err(_) => EndSpec::At(
                schedule::parse_time(&e, t.now, t.zone, Toward::Future).map_err(|_| {
                    format!(
                        "invalid end {}: give a time, a duration or `permanent`",
                        schedule::quoted(&e)
                    )
                })?,
            ),
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

/// Counts the double quotes and bytes a reader passes through.
struct Counter<R> {
    inner: R,
    quotes: std::rc::Rc<std::cell::Cell<u64>>,
    bytes: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: std::io::Read> std::io::Read for Counter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let q = buf[..n].iter().filter(|&&b| b == b'"').count() as u64;
        self.quotes.set(self.quotes.get() + q);
        self.bytes.set(self.bytes.get() + n as u64);
        Ok(n)
    }
}

/// The rows of an import file, read one at a time: a row that cannot be read becomes an error row
/// with its line.
struct Rows<'a> {
    rdr: csv::Reader<std::io::BufReader<Counter<std::fs::File>>>,
    rec: csv::StringRecord,
    cols: [Option<usize>; 7],
    width: usize,
    times: Times<'a>,
    quotes: std::rc::Rc<std::cell::Cell<u64>>,
    bytes: std::rc::Rc<std::cell::Cell<u64>>,
    last_line: u64,
    done: bool,
    /// Rows whose start is in the past (they start now, and the user is told).
    past_starts: u64,
    bar: Option<indicatif::ProgressBar>,
}

impl Rows<'_> {
    fn open<'a>(path: &Path, times: Times<'a>) -> Result<Rows<'a>> {
        let file = std::fs::File::open(path)
            .map_err(|e| Error::invalid(format!("cannot read {}: {e}", path.display())))?;
        let quotes = std::rc::Rc::new(std::cell::Cell::new(0u64));
        let bytes = std::rc::Rc::new(std::cell::Cell::new(0u64));
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::Headers)
            .from_reader(std::io::BufReader::new(Counter {
                inner: file,
                quotes: std::rc::Rc::clone(&quotes),
                bytes: std::rc::Rc::clone(&bytes),
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
        Ok(Rows {
            rdr,
            rec: csv::StringRecord::new(),
            cols,
            width: headers.len(),
            times,
            quotes,
            bytes,
            last_line: 1,
            done: false,
            past_starts: 0,
            bar: None,
        })
    }
}

impl Iterator for Rows<'_> {
    type Item = ImportRow;

    fn next(&mut self) -> Option<ImportRow> {
        if self.done {
            return None;
        }
        let line = self.rdr.position().line();
        let row = match self.rdr.read_record(&mut self.rec) {
            Ok(false) => {
                self.done = true;
                // The csv reader ends a quoted field that is never closed at the end of the file,
                // taking every line after the quote into it: a truncated or hand-broken file would
                // import as one odd row. In RFC 4180 quotes come in pairs, so an odd count is that.
                (self.quotes.get() % 2 == 1).then(|| ImportRow {
                    line: self.last_line,
                    input: Err("a double quote is never closed: the file ends inside a quoted field (inside quotes, write a quote as \"\")".into()),
                })
            }
            Ok(true) => {
                let line = self.rec.position().map(|p| p.line()).unwrap_or(line);
                self.last_line = line;
                let input = if self.rec.len() != self.width {
                    Err(format!(
                        "expected {} fields, found {}",
                        self.width,
                        self.rec.len()
                    ))
                } else {
                    parse_row(&self.rec, &self.cols, &self.times)
                };
                if let Ok(AssignInput { start: Some(s), .. }) = &input
                    && *s < self.times.now
                {
                    self.past_starts += 1;
                }
                Some(ImportRow { line, input })
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(line);
                let msg = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
                    _ => format!("not valid CSV: {e}"),
                };
                // A record that cannot be decoded still advances the reader; stop if it cannot.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    self.done = true;
                }
                Some(ImportRow {
                    line,
                    input: Err(msg),
                })
            }
        };
        if let Some(b) = &self.bar {
            b.set_position(self.bytes.get());
        }
        row
    }
}

pub fn run(a: ImportArgs, env: &mut Env) -> Result<Status> {
    if super::import_json::is_json(&a.file) {
        return super::import_json::run(
            &a.file,
            a.kind.map(Into::into),
            a.justification,
            a.create_missing,
            a.otp,
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
    let file = a.file.display().to_string();
    let otp = env.otp(a.otp, a.dry_run, |env| {
        let zone = env.zone().clone();
        let times = Times {
            now: env.ctx.now,
            zone: &zone,
        };
        let mut rows = Rows::open(&a.file, times)?;
        let probe = api::AssignImport {
            file: file.clone(),
            rows: &mut rows,
            otp: None,
            dry_run: true,
        };
        env.client.call(probe).map(drop)
    })?;
    let zone = env.zone().clone();
    let times = Times {
        now: env.ctx.now,
        zone: &zone,
    };
    let mut rows = Rows::open(&a.file, times)?;
    if env.ui.stderr_tty && !env.ui.quiet {
        let size = std::fs::metadata(&a.file).map(|m| m.len()).unwrap_or(0);
        let b = indicatif::ProgressBar::new(size);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        rows.bar = Some(b);
    }
    let report = env.client.call(api::AssignImport {
        file: file.clone(),
        rows: &mut rows,
        otp,
        dry_run: a.dry_run,
    });
    if let Some(b) = &rows.bar {
        b.finish_and_clear();
    }
    let report = report?;
    match rows.past_starts {
        0 => {}
        1 => env.ui.warn("1 row starts in the past: it starts now"),
        n => env
            .ui
            .warn(&format!("{n} rows start in the past: they start now")),
    }
    let rows = plural(report.rows, "row");
    if a.dry_run {
        env.ui
            .note(&format!("dry run: {rows} read, all valid; nothing changed"));
    } else {
        env.ui.note(&format!(
            "imported {} from {file}",
            plural(report.created, "assignment")
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
        Format::Table if report.dry_run => env.ui.out(&format!(
            "would create {} (dry run)",
            plural(report.created, "assignment")
        )),
        Format::Table => env
            .ui
            .out(&format!("created {}", plural(report.created, "assignment"))),
    }
    Ok(0)
}

fn plural(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
