//! Rendering results once, in the format asked for: a table (comfy-table), one JSON document,
//! or RFC 4180 CSV with formula-like cells neutralised.

use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle, presets};
use serde::Serialize;

use super::Format;
use super::ui::Ui;
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

pub fn time_cell(ts: Ts, full: bool) -> String {
    if full {
        clock::rfc3339(ts)
    } else {
        clock::short(ts)
    }
}

pub fn end_cell(end: Option<Ts>, full: bool) -> String {
    match end {
        Some(t) => time_cell(t, full),
        None if full => String::new(),
        None => "permanent".into(),
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
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

/// A table for people: every cell's control characters escaped (see [`super::ui::escape`]).
pub fn table(headers: Vec<&str>, rows: Vec<Vec<String>>) -> String {
    let mut t = Table::new();
    t.load_style(STYLE)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers);
    for r in rows {
        t.add_row(r.iter().map(|c| super::ui::escape(c).into_owned()));
    }
    t.to_string()
}

pub fn csv_text(headers: Vec<&str>, rows: Vec<Vec<String>>) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::invalid(format!("cannot write CSV: {e}"));
    // CSV headers are the JSON keys: snake_case.
    w.write_record(
        headers
            .iter()
            .map(|h| h.to_lowercase().replace([' ', '-'], "_")),
    )
    .map_err(err)?;
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
                ui.out(table(pick(T::headers(), cols), rows).trim_end());
            }
            Ok(())
        }
    }
}

/// Prints one item: JSON as an object, CSV as one row, a table as field/value pairs.
pub fn one<T: Serialize + Tabular>(ui: &Ui, item: &T) -> Result<()> {
    match ui.format {
        Format::Json | Format::Jsonl => json(ui, item),
        Format::Csv => {
            ui.out(&csv_text(T::headers(), vec![item.cells(true)])?);
            Ok(())
        }
        Format::Table => {
            let mut t = Table::new();
            t.load_style(presets::NOTHING)
                .set_content_arrangement(ContentArrangement::Disabled);
            for (h, v) in T::headers().into_iter().zip(item.cells(true)) {
                t.add_row(vec![format!("{h}:"), super::ui::escape(&v).into_owned()]);
            }
            ui.out(t.to_string().trim_end());
            Ok(())
        }
    }
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
