//! `pim status [--principal P]`

use clap::Args;

use super::render::{self, Tabular};
use super::{Env, Format, Status};
use crate::api;
use crate::core::Result;
use crate::core::clock::human_span;
use crate::core::status::StatusItem;
use crate::store::request::PendingRow;

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Whose status [default: yours]
    #[arg(long, value_name = "P")]
    pub principal: Option<String>,
}

impl Tabular for StatusItem {
    fn headers() -> Vec<&'static str> {
        vec![
            "ROLE",
            "KIND",
            "SCOPE",
            "TYPE",
            "MEMBER TYPE",
            "VIA",
            "START",
            "END",
            "TIME LEFT",
            "ASSIGNMENT",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            self.role.clone(),
            self.role_kind.to_string(),
            self.scope.clone(),
            {
                let kind = if self.activated_from.is_some() {
                    "activated".into()
                } else {
                    self.kind.to_string()
                };
                match self.provisioned.as_deref() {
                    Some("done") => format!("{kind} (provisioned)"),
                    Some(state) => format!("{kind} (provisioning {state})"),
                    None => kind,
                }
            },
            self.member_type.to_string(),
            self.via_group.clone().unwrap_or_default(),
            render::time_cell(self.start, full),
            render::end_cell(self.end, full),
            match self.time_left_secs {
                Some(s) if full => s.to_string(),
                Some(s) => human_span(s),
                None => String::new(),
            },
            if full {
                self.assignment_id.clone()
            } else {
                render::short_id(&self.assignment_id)
            },
        ]
    }

    fn hide_first() -> &'static [&'static str] {
        &["KIND", "START", "MEMBER TYPE", "TIME LEFT"]
    }
}

impl Tabular for PendingRow {
    fn headers() -> Vec<&'static str> {
        vec![
            "REQUEST",
            "ACTION",
            "ROLE",
            "SCOPE",
            "REQUESTED",
            "START",
            "END",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            if full {
                self.request_id.clone()
            } else {
                render::short_id(&self.request_id)
            },
            self.action.clone(),
            self.role.clone(),
            self.scope.clone(),
            render::time_cell(self.created_at, full),
            self.start
                .map(|t| render::time_cell(t, full))
                .unwrap_or_default(),
            self.end
                .map(|t| render::time_cell(t, full))
                .unwrap_or_default(),
        ]
    }

    fn hide_first() -> &'static [&'static str] {
        &["REQUESTED", "START"]
    }
}

pub fn run(a: StatusArgs, env: &mut Env) -> Result<Status> {
    let s = env.client.call(api::Status {
        principal: a.principal,
    })?;
    let ui = &env.ui;
    match ui.format {
        Format::Json | Format::Jsonl => render::json(ui, &s)?,
        Format::Csv => {
            // One table: every row with its section.
            let mut rows = Vec::new();
            for (section, items) in [
                ("eligible", &s.eligible),
                ("active", &s.active),
                ("scheduled", &s.scheduled),
            ] {
                for i in items {
                    let mut r = vec![section.to_string()];
                    r.extend(i.cells(true));
                    rows.push(r);
                }
            }
            let mut headers = vec!["SECTION"];
            headers.extend(StatusItem::headers());
            ui.out(&render::csv_text(headers, rows)?);
        }
        Format::Table => {
            let sections = [
                ("Eligible", &s.eligible),
                ("Active", &s.active),
                ("Scheduled", &s.scheduled),
            ];
            let rows = sections
                .iter()
                .map(|(_, items)| items.iter().map(|i| i.cells(false)).collect())
                .collect();
            let (tables, mut hidden) =
                render::tables_hiding(StatusItem::headers(), rows, StatusItem::hide_first());
            let mut blocks = Vec::new();
            for ((title, items), text) in sections.iter().zip(tables) {
                blocks.push(if items.is_empty() {
                    format!("{title}: none")
                } else {
                    format!("{title}:\n{text}")
                });
            }
            if s.pending.is_empty() {
                blocks.push("Pending requests: none".into());
            } else {
                let rows = s.pending.iter().map(|p| p.cells(false)).collect();
                let (text, left_out) =
                    render::table_hiding(PendingRow::headers(), rows, PendingRow::hide_first());
                hidden.extend(left_out);
                blocks.push(format!("Pending requests:\n{text}"));
            }
            ui.note(&format!("status of {}", s.principal));
            ui.out(&blocks.join("\n\n"));
            render::note_hidden(ui, &hidden);
        }
    }
    if let Some(n) = &s.narrowed {
        ui.note(&format!(
            "showing only what you may see of {}'s roles ({}); seeing all needs {}",
            s.principal, n.showing, n.needs
        ));
    }
    Ok(0)
}
