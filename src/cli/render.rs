//! Rendering results once, in the format asked for: a table (comfy-table), one JSON document,
//! or RFC 4180 CSV with formula-like cells neutralised. docs/output.md describes what a person
//! sees: tables fitted to the terminal, times in one format and zone.

use std::sync::OnceLock;

use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};
use jiff::tz::TimeZone;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::Format;
use super::ui::Ui;
use crate::core::authz::Listing;
use crate::core::clock::{self, Ts};
use crate::core::model::{AssignmentView, Membership, Principal, Role, Scope};
use crate::core::{Error, Result};

/// A value that prints as one row of a table or CSV.
pub trait Tabular {
    fn headers() -> Vec<&'static str>;
    /// `full` for CSV: whole IDs and exact times instead of the short forms tables show.
    fn cells(&self, full: bool) -> Vec<String>;
    /// The columns a table shows (CSV and JSON carry them all).
    fn table_columns() -> Option<&'static [usize]> {
        None
    }
    /// Columns a terminal too narrow for them all may leave out, the first first.
    fn hide_first() -> &'static [&'static str] {
        &[]
    }
}

/// Says on stderr which columns a table left out to fit the terminal.
pub fn note_hidden(ui: &Ui, hidden: &[&str]) {
    if !hidden.is_empty() {
        ui.note(&format!(
            "left out to fit the terminal: {} (a wider terminal or -o json shows them)",
            hidden.join(", ")
        ));
    }
}

fn pick<T>(items: Vec<T>, cols: Option<&[usize]>) -> Vec<T> {
    match cols {
        None => items,
        Some(cols) => {
            let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
            cols.iter()
                .filter_map(|&i| slots.get_mut(i).and_then(Option::take))
                .collect()
        }
    }
}

pub fn short_id(id: &str) -> String {
    id.chars().take(8).collect()
}

/// How this process shows results to a person: decided once, from the terminal and the config.
pub struct Display {
    /// The terminal's width, when stdout is one: tables are fitted to it. None: not fitted.
    pub width: Option<usize>,
    /// The zone times are shown in (JSON and CSV are always UTC).
    pub zone: TimeZone,
}

static DISPLAY: OnceLock<Display> = OnceLock::new();

/// Sets how results are shown; the first call wins.
pub fn set_display(d: Display) {
    let _ = DISPLAY.set(d);
}

fn display() -> &'static Display {
    DISPLAY.get_or_init(|| Display {
        width: None,
        zone: TimeZone::UTC,
    })
}

/// An instant as tables and messages show it: `2026-11-22 10:00 CET`, in the display zone.
pub fn when(ts: Ts) -> String {
    clock::human(ts, &display().zone)
}

/// The zone times are shown in.
pub fn zone() -> TimeZone {
    display().zone.clone()
}

thread_local! {
    /// A record ([`one`]) is being shaped: whole values as for CSV, but times as people read them.
    static RECORD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether cells are for a machine: CSV, not a record.
fn machine(full: bool) -> bool {
    full && !RECORD.with(std::cell::Cell::get)
}

/// A time cell: RFC 3339 UTC for CSV, else [`when`].
pub fn time_cell(ts: Ts, full: bool) -> String {
    if machine(full) {
        clock::rfc3339(ts)
    } else {
        when(ts)
    }
}

pub fn end_cell(end: Option<Ts>, full: bool) -> String {
    match end {
        Some(t) => time_cell(t, full),
        None if machine(full) => String::new(),
        None => "permanent".into(),
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// The CSV header for `headers`: the JSON keys, snake_case.
pub fn csv_header(headers: &[&str]) -> Vec<String> {
    headers
        .iter()
        .map(|h| h.to_lowercase().replace([' ', '-'], "_"))
        .collect()
}

/// A spreadsheet would run a cell starting with `=`, `+`, `-`, `@` (or a tab or carriage
/// return) as a formula; a leading apostrophe makes it text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Prints one JSON document (`-o json`, pretty), or with `-o jsonl` one compact line per item of
/// a list (a single object on one line).
pub fn json<T: Serialize + ?Sized>(ui: &Ui, value: &T) -> Result<()> {
    let err = |e: serde_json::Error| Error::invalid(format!("cannot print JSON: {e}"));
    if ui.format == Format::Jsonl {
        match serde_json::to_value(value).map_err(err)? {
            serde_json::Value::Array(items) => {
                for item in items {
                    ui.out_exact(&serde_json::to_string(&item).map_err(err)?);
                }
            }
            other => ui.out_exact(&serde_json::to_string(&other).map_err(err)?),
        }
        return Ok(());
    }
    let text = serde_json::to_string_pretty(value).map_err(err)?;
    ui.out_exact(&text);
    Ok(())
}

/// Columns separated by space, the header underlined: quiet enough to read, easy to `grep`.
const STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' '));

/// Columns of free text: on a terminal too narrow for them, one line cut with `…`.
const FREE_TEXT: &[&str] = &[
    "DISPLAY NAME",
    "EMAIL",
    "JUSTIFICATION",
    "REASON",
    "MESSAGE",
    "SUBJECT",
    "ERROR",
    "LAST ERROR",
    "DESCRIPTION",
];

/// The narrowest a column of free text becomes.
const CUT_MIN: usize = 10;
/// A word longer than this may be broken ([`break_word`]): scope paths.
const WORD_MAX: usize = 18;
/// How much wider than the other columns free text counts when the widest gives way.
const CUT_FIRST: usize = 4;
/// Spaces between columns.
const GAP: usize = 2;

fn text_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// A table (docs/output.md). On a terminal it is fitted to the terminal's width: columns of free
/// text are cut to one line with `…`, other columns wrap (at spaces, and after `/` in paths) down
/// to their longest word, widest first, so that 8-character IDs, codes and names stay whole.
/// Off a terminal the table is as wide as its cells. Every cell's control characters but its line
/// breaks are escaped (see [`super::ui::escape_lines`]).
pub fn table(headers: Vec<&str>, rows: Vec<Vec<String>>) -> String {
    table_hiding(headers, rows, &[]).0
}

/// [`table`], which on a terminal too narrow for every column at its narrowest leaves out the
/// columns of `hide`, in that order, until the rest fit. Returns the table and what it left out.
pub fn table_hiding<'h>(
    headers: Vec<&'h str>,
    rows: Vec<Vec<String>>,
    hide: &[&str],
) -> (String, Vec<&'h str>) {
    let (mut texts, hidden) = tables_hiding(headers, vec![rows], hide);
    (texts.pop().unwrap_or_default(), hidden)
}

/// Tables of the same columns (the sections of `pim status`), fitted together so that they leave
/// out the same columns.
pub fn tables_hiding<'h>(
    headers: Vec<&'h str>,
    blocks: Vec<Vec<Vec<String>>>,
    hide: &[&str],
) -> (Vec<String>, Vec<&'h str>) {
    let sizes: Vec<usize> = blocks.iter().map(Vec::len).collect();
    // Escaped before they are fitted, so that the fitting measures what is shown. A cell's own
    // lines stay lines within its column (an alert's details).
    let rows: Vec<Vec<String>> = blocks
        .into_iter()
        .flatten()
        .map(|r| {
            r.iter()
                .map(|c| super::ui::escape_lines(c).into_owned())
                .collect()
        })
        .collect();
    let (headers, rows, hidden) = match display().width {
        Some(width) => fit(headers, rows, width, hide),
        None => (
            headers.iter().map(|h| h.to_string()).collect(),
            rows,
            vec![],
        ),
    };
    let mut rows = rows.into_iter();
    let texts = sizes
        .into_iter()
        .map(|n| render_table(&headers, rows.by_ref().take(n).collect()))
        .collect();
    (texts, hidden)
}

fn render_table(headers: &[String], rows: Vec<Vec<String>>) -> String {
    let n = headers.len();
    let mut t = Table::new();
    t.load_style(STYLE)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers.to_vec());
    for r in rows {
        t.add_row(r);
    }
    // Columns are apart by GAP: a space after each and the junction between them.
    for (i, c) in t.column_iter_mut().enumerate() {
        c.set_padding((0, u16::from(i + 1 < n)));
    }
    t.lines()
        .map(|l| l.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The narrowest each column may become: its header's longest word; free text CUT_MIN; other
/// columns their longest word, up to WORD_MAX.
fn narrowest(headers: &[&str], rows: &[Vec<String>], cut: &[bool]) -> (Vec<usize>, Vec<usize>) {
    let n = headers.len();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    let mut mins: Vec<usize> = headers
        .iter()
        .map(|h| h.split(' ').map(UnicodeWidthStr::width).max().unwrap_or(0))
        .collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            widths[i] = widths[i].max(text_width(c));
            if !cut[i] {
                let word = c
                    .split_whitespace()
                    .map(UnicodeWidthStr::width)
                    .max()
                    .unwrap_or(0);
                mins[i] = mins[i].max(word.min(WORD_MAX));
            }
        }
    }
    for i in 0..n {
        if cut[i] {
            mins[i] = mins[i].max(CUT_MIN);
        }
        mins[i] = mins[i].min(widths[i]);
    }
    (widths, mins)
}

fn line_width(widths: &[usize]) -> usize {
    widths.iter().sum::<usize>() + GAP * widths.len().saturating_sub(1)
}

/// Shapes the cells of each column to widths that make the table fit in `width`, leaving out
/// columns of `hide` while even the narrowest widths do not fit.
fn fit<'h>(
    mut headers: Vec<&'h str>,
    mut rows: Vec<Vec<String>>,
    width: usize,
    hide: &[&str],
) -> (Vec<String>, Vec<Vec<String>>, Vec<&'h str>) {
    let mut hidden = Vec::new();
    let (natural, widths) = loop {
        let cut: Vec<bool> = headers.iter().map(|h| FREE_TEXT.contains(h)).collect();
        let (natural, mins) = narrowest(&headers, &rows, &cut);
        if line_width(&natural) <= width {
            let headers = headers.iter().map(|h| h.to_string()).collect();
            return (headers, rows, hidden);
        }
        let next = (line_width(&mins) > width)
            .then(|| {
                hide.iter()
                    .find_map(|h| headers.iter().position(|x| x == h))
            })
            .flatten();
        let Some(i) = next else {
            // Shrink: the widest column that may still give way gives one character at a time.
            let mut widths = natural.clone();
            let mut total = line_width(&widths);
            while total > width {
                // Free text gives way before the rest: it is cut, not wrapped, and -o json has it.
                let Some(i) = (0..widths.len())
                    .filter(|&i| widths[i] > mins[i])
                    .max_by_key(|&i| (widths[i] + if cut[i] { CUT_FIRST } else { 0 }, cut[i]))
                else {
                    break;
                };
                widths[i] -= 1;
                total -= 1;
            }
            break (natural, widths);
        };
        hidden.push(headers.remove(i));
        for r in &mut rows {
            if i < r.len() {
                r.remove(i);
            }
        }
    };
    let cut: Vec<bool> = headers.iter().map(|h| FREE_TEXT.contains(h)).collect();
    let rows = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .enumerate()
                .map(|(i, c)| match i {
                    i if i >= widths.len() || widths[i] >= natural[i] => c,
                    i if cut[i] => cut_line(&c, widths[i]),
                    i => wrap(&c, widths[i]),
                })
                .collect()
        })
        .collect();
    let headers = headers
        .iter()
        .enumerate()
        .map(|(i, h)| wrap(h, widths[i]))
        .collect();
    (headers, rows, hidden)
}

/// Free text on one line of at most `width` columns, cut with `…`.
pub fn cut_line(text: &str, width: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.width() <= width {
        return line;
    }
    let mut out = String::new();
    let mut w = 0;
    for c in line.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// Wraps each line of `text` at spaces to at most `width` columns; a longer word breaks where a
/// path or name has a seam ([`break_word`]), else anywhere.
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(1);
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let mut cur = String::new();
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let sep = usize::from(!cur.is_empty());
            if cur.width() + sep + word.width() <= width {
                if sep == 1 {
                    cur.push(' ');
                }
                cur.push_str(word);
                continue;
            }
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            let mut rest = word;
            while rest.width() > width {
                let (head, tail) = break_word(rest, width);
                out.push(head.to_string());
                rest = tail;
            }
            cur.push_str(rest);
        }
        out.push(cur);
    }
    out.join("\n")
}

/// Splits a word wider than `width` at the last seam that fits: before a `/` (so each line of a
/// scope path starts with one); else after an `@`; else after a `.` or between a lower-case and
/// an upper-case letter (`administrative|Units`); else at `width`.
fn break_word(word: &str, width: usize) -> (&str, &str) {
    let mut fits = 0;
    let mut w = 0;
    let (mut slash, mut at_sign, mut seam) = (None, None, None);
    let mut prev: Option<char> = None;
    for (i, c) in word.char_indices() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > width {
            break;
        }
        if i > 0 && c == '/' {
            slash = Some(i);
        } else if i > 0 && c.is_uppercase() && prev.is_some_and(char::is_lowercase) {
            seam = Some(i);
        }
        w += cw;
        fits = i + c.len_utf8();
        if c == '@' && fits < word.len() {
            at_sign = Some(fits);
        } else if c == '.' && fits < word.len() {
            seam = Some(fits);
        }
        prev = Some(c);
    }
    let at = slash
        .or(at_sign)
        .or(seam)
        .unwrap_or_else(|| fits.max(word.chars().next().map_or(1, char::len_utf8)));
    word.split_at(at)
}

pub fn csv_text(headers: Vec<&str>, rows: Vec<Vec<String>>) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::invalid(format!("cannot write CSV: {e}"));
    w.write_record(csv_header(&headers)).map_err(err)?;
    for r in rows {
        w.write_record(r.iter().map(|c| neutralise(c)))
            .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::invalid(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes)
        .trim_end_matches('\n')
        .to_string())
}

/// Prints a list in the chosen format. An empty table prints a note instead.
pub fn list<T: Serialize + Tabular>(ui: &Ui, items: &[T], empty: &str) -> Result<()> {
    match ui.format {
        Format::Json | Format::Jsonl => json(ui, items),
        Format::Csv => {
            let rows = items.iter().map(|i| i.cells(true)).collect();
            ui.out(&csv_text(T::headers(), rows)?);
            Ok(())
        }
        Format::Table => {
            if items.is_empty() {
                ui.note(empty);
            } else {
                let cols = T::table_columns();
                let rows = items.iter().map(|i| pick(i.cells(false), cols)).collect();
                let (text, hidden) = table_hiding(pick(T::headers(), cols), rows, T::hide_first());
                ui.out(&text);
                note_hidden(ui, &hidden);
            }
            Ok(())
        }
    }
}

/// Prints a [`Listing`] as [`list`] does, and says on stderr when authorization narrowed it (in
/// place of "no {what}" when nothing is left) and when it stopped at its limit (`more`: how to
/// see the rest).
pub fn listing<T: Serialize + Tabular>(
    ui: &Ui,
    l: &Listing<T>,
    what: &str,
    more: &str,
) -> Result<()> {
    let empty = match &l.narrowed {
        Some(n) => format!(
            "no {what} that you may see (yours: {}); seeing all needs {}",
            n.showing, n.needs
        ),
        None => format!("no {what}"),
    };
    list(ui, &l.items, &empty)?;
    if l.items.is_empty() {
        if ui.format != Format::Table {
            ui.note(&empty);
        }
        return Ok(());
    }
    if let Some(n) = &l.narrowed {
        ui.note(&format!(
            "showing only the {what} you may see ({}); seeing all needs {}",
            n.showing, n.needs
        ));
    }
    if l.more {
        ui.note(more);
    }
    Ok(())
}

/// Prints one item: JSON as an object, CSV as one row, a table as `FIELD: value` lines, only
/// the fields that are set: whole values (IDs, lists), times as tables show them.
pub fn one<T: Serialize + Tabular>(ui: &Ui, item: &T) -> Result<()> {
    match ui.format {
        Format::Json | Format::Jsonl => json(ui, item),
        Format::Csv => {
            ui.out(&csv_text(T::headers(), vec![item.cells(true)])?);
            Ok(())
        }
        Format::Table => {
            RECORD.with(|r| r.set(true));
            let cells = item.cells(true);
            RECORD.with(|r| r.set(false));
            ui.out(&record(&T::headers(), cells));
            Ok(())
        }
    }
}

/// `FIELD: value` lines, values aligned, empty fields left out; on a terminal long values wrap
/// under themselves.
pub fn record(headers: &[&str], cells: Vec<String>) -> String {
    let fields: Vec<(&str, String)> = headers
        .iter()
        .copied()
        .zip(cells)
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
    let key_width = fields.iter().map(|(h, _)| h.width() + 1).max().unwrap_or(0);
    let value_width = display()
        .width
        .map(|w| w.saturating_sub(key_width + 1).max(20));
    let mut out = Vec::new();
    for (h, v) in fields {
        let v = super::ui::escape(&v).into_owned();
        let v = match value_width {
            Some(w) => wrap(&v, w),
            None => v,
        };
        for (i, line) in v.lines().enumerate() {
            let key = if i == 0 {
                format!("{h}:")
            } else {
                String::new()
            };
            out.push(format!("{key:<key_width$} {line}").trim_end().to_string());
        }
    }
    out.join("\n")
}

impl Tabular for Principal {
    fn headers() -> Vec<&'static str> {
        vec![
            "NAME",
            "KIND",
            "DISPLAY NAME",
            "EMAIL",
            "ENABLED",
            "FLAGS",
            "ID",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        let mut flags = Vec::new();
        if self.break_glass {
            flags.push("break-glass");
        }
        if self.role_assignable {
            flags.push("role-assignable");
        }
        vec![
            self.name.clone(),
            self.kind.to_string(),
            opt(&self.display_name),
            opt(&self.email),
            if self.enabled { "yes" } else { "no" }.into(),
            flags.join(","),
            if full {
                self.id.clone()
            } else {
                short_id(&self.id)
            },
        ]
    }

    fn hide_first() -> &'static [&'static str] {
        &["DISPLAY NAME", "EMAIL"]
    }
}

impl Tabular for Role {
    fn headers() -> Vec<&'static str> {
        vec![
            "NAME",
            "KIND",
            "PRIVILEGED",
            "BUILT-IN",
            "ID",
            "PERMISSIONS",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            self.name.clone(),
            self.kind.to_string(),
            if self.privileged { "yes" } else { "no" }.into(),
            if self.builtin { "yes" } else { "no" }.into(),
            self.id.clone(),
            if full {
                self.permissions.join(" ")
            } else {
                self.permissions.len().to_string()
            },
        ]
    }
}

impl Tabular for Scope {
    fn headers() -> Vec<&'static str> {
        vec!["PATH", "KIND", "NAME", "PARENT"]
    }

    fn cells(&self, _full: bool) -> Vec<String> {
        vec![
            self.path.clone(),
            self.kind.to_string(),
            opt(&self.name),
            opt(&self.parent),
        ]
    }
}

impl Tabular for Membership {
    fn headers() -> Vec<&'static str> {
        vec!["GROUP", "MEMBER", "KIND", "MEMBERSHIP", "ADDED", "END"]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            self.group.clone(),
            self.member_name.clone(),
            self.member_kind.to_string(),
            self.membership.to_string(),
            time_cell(self.added_at, full),
            match self.end {
                Some(e) => time_cell(e, full),
                None if self.membership == "pim" => "permanent".into(),
                None => String::new(),
            },
        ]
    }
}

impl Tabular for AssignmentView {
    fn headers() -> Vec<&'static str> {
        vec![
            "ID",
            "PRINCIPAL",
            "PRINCIPAL KIND",
            "ROLE",
            "ROLE KIND",
            "SCOPE",
            "TYPE",
            "MEMBER TYPE",
            "STATE",
            "START",
            "END",
            "JUSTIFICATION",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            if full {
                self.id.clone()
            } else {
                short_id(&self.id)
            },
            self.principal_name.clone(),
            self.principal_kind.to_string(),
            self.role_name.clone(),
            self.role_kind.to_string(),
            self.scope.clone(),
            self.kind.to_string(),
            self.member_type.to_string(),
            self.state.as_str().to_string(),
            time_cell(self.start, full),
            end_cell(self.end, full),
            opt(&self.justification),
        ]
    }

    fn table_columns() -> Option<&'static [usize]> {
        Some(&[0, 1, 3, 5, 6, 8, 9, 10])
    }

    fn hide_first() -> &'static [&'static str] {
        &["START", "STATE"]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("plain"), "plain");
        let text = csv_text(
            vec!["a", "b"],
            vec![vec!["x,y".into(), "say \"hi\"\nthere".into()]],
        )
        .unwrap();
        assert_eq!(text, "a,b\n\"x,y\",\"say \"\"hi\"\"\nthere\"");
    }
}
