//! `pim alerts [--fail-on low|medium|high]`: the security alerts that hold now.

use clap::{Args, ValueEnum};

use super::render::{self, Tabular};
use super::{Env, Format, Status};
use crate::api;
use crate::core::Result;
use crate::core::alerts::{Alert, AlertItem, Severity};

#[derive(Args, Debug)]
pub struct AlertsArgs {
    /// Exit 1 when an alert of this severity or higher holds (without it: exit 0 even then)
    #[arg(long, value_name = "SEVERITY", value_enum)]
    pub fail_on: Option<SeverityArg>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeverityArg {
    Low,
    Medium,
    High,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Low => Severity::Low,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::High => Severity::High,
        }
    }
}

/// The lines of DETAILS a table shows per alert, after the summary.
const TABLE_ITEMS: usize = 5;

/// Widths tables wrap their long cells at, so that a row stays readable on a wide terminal.
const NAME_WIDTH: usize = 32;
const DETAILS_WIDTH: usize = 60;
const FIX_WIDTH: usize = 50;

/// Wraps each line of `text` at spaces to at most `width` characters where it can; a list
/// item's continuation lines are indented under its text.
fn wrap(text: &str, width: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let indent = if line.starts_with("- ") { "  " } else { "" };
        let mut cur = String::new();
        for word in line.split(' ') {
            if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width {
                out.push(std::mem::take(&mut cur));
                cur.push_str(indent);
            } else if !cur.is_empty() && cur != indent {
                cur.push(' ');
            }
            cur.push_str(word);
        }
        out.push(cur);
    }
    out.join("\n")
}

fn item_line(i: &AlertItem) -> String {
    let mut s = String::from("- ");
    if let Some(p) = &i.principal {
        s.push_str(p);
        s.push_str(": ");
    }
    s.push_str(i.role.as_deref().unwrap_or(""));
    if let Some(scope) = &i.scope {
        s.push_str(" at ");
        s.push_str(scope);
    }
    if let Some(id) = &i.assignment_id {
        s.push_str(&format!(" ({})", render::short_id(id)));
    }
    s
}

impl Tabular for Alert {
    fn headers() -> Vec<&'static str> {
        vec!["ID", "SEVERITY", "ALERT", "COUNT", "DETAILS", "FIX"]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        let details = if full {
            self.summary.clone()
        } else {
            let mut lines = vec![self.summary.clone()];
            lines.extend(self.items.iter().take(TABLE_ITEMS).map(item_line));
            if self.items.len() > TABLE_ITEMS {
                lines.push(format!(
                    "- … and {} more (-o json lists them all)",
                    self.items.len() - TABLE_ITEMS
                ));
            }
            wrap(&lines.join("\n"), DETAILS_WIDTH)
        };
        vec![
            self.id.to_string(),
            self.severity.to_string(),
            if full {
                self.name.to_string()
            } else {
                wrap(&self.name, NAME_WIDTH)
            },
            self.count.to_string(),
            details,
            if full {
                self.mitigation.to_string()
            } else {
                wrap(&self.mitigation, FIX_WIDTH)
            },
        ]
    }

    fn table_columns() -> Option<&'static [usize]> {
        Some(&[1, 2, 3, 4, 5])
    }
}

pub fn run(a: AlertsArgs, env: &mut Env) -> Result<Status> {
    let found = env.client.call(api::Alerts {
        config: env.config.alerts.clone(),
    })?;
    render::list(&env.ui, &found, "no alerts")?;
    if found.is_empty() && env.ui.format != Format::Table {
        // A table prints the note itself; JSON and CSV print an empty list and say so too.
        env.ui.note("no alerts");
    }
    let fail = a
        .fail_on
        .map(Severity::from)
        .is_some_and(|min| found.iter().any(|x| x.severity >= min));
    Ok(if fail { 1 } else { 0 })
}
