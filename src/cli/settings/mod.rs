//! `pim settings show|set|export|import`: the activation, assignment and notification rules of
//! a role at a scope, as the portal shows them, as code (TOML), and as Microsoft's own policy
//! documents (Graph and ARM JSON).

mod export;
mod import;
mod set;
mod show;

use clap::{Args, Subcommand};

use super::target::GroupArgs;
use super::ui::Ui;
use super::{Env, Format, Status, render};
use crate::core::Result;
use crate::core::model::RoleKind;
use crate::core::settings::{self, Change, Selector, SettingsView};

#[derive(Subcommand, Debug)]
pub enum SettingsCmd {
    /// Show a role's settings at a scope
    Show(show::ShowArgs),
    /// Change a role's settings at a scope
    Set(Box<set::SetArgs>),
    /// Print settings as a TOML file, or as Microsoft Graph or ARM policy JSON
    Export(export::ExportArgs),
    /// Apply a TOML settings file or a Graph/ARM policy document, all of it or nothing
    Import(import::ImportArgs),
}

pub fn run(cmd: SettingsCmd, env: &mut Env) -> Result<Status> {
    match cmd {
        SettingsCmd::Show(a) => show::run(a, env),
        SettingsCmd::Set(a) => set::run(*a, env),
        SettingsCmd::Export(a) => export::run(a, env),
        SettingsCmd::Import(a) => import::run(a, env),
    }
}

/// `--role R [--scope S]` or `--group G --access member|owner`.
#[derive(Args, Debug, Clone)]
#[command(group(clap::ArgGroup::new("selector").required(true).args(["role", "group"])))]
pub struct SelectorArgs {
    /// The role, by name or template GUID
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// The scope [default: / for directory roles; Azure roles need one]
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    #[command(flatten)]
    pub group: GroupArgs,
}

impl SelectorArgs {
    pub fn selector(&self) -> Selector {
        let (role, scope) = self.group.or_role(self.role.clone(), self.scope.clone());
        Selector {
            role: role.unwrap_or_default(),
            scope,
        }
    }
}

/// A table without comfy-table's trailing padding.
pub fn table(headers: Vec<&str>, rows: Vec<Vec<String>>) -> String {
    render::table(headers, rows)
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

fn yes_no(b: bool) -> String {
    if b { "Yes" } else { "No" }.into()
}

/// "8 hour(s)", as the portal shows the activation maximum; half hours as "1.5 hour(s)".
fn hours(secs: i64) -> String {
    if secs > 0 && secs % 1800 == 0 {
        format!("{} hour(s)", secs as f64 / 3600.0)
    } else {
        crate::core::schedule::format_duration(secs)
    }
}

fn approvers_cell(v: &SettingsView) -> String {
    match settings::describe_stages(&v.activation.approval_stages) {
        Some(text) => text,
        None if v.activation.require_approval && v.role_kind == RoleKind::Directory => {
            "None (Global Administrators and Privileged Role Administrators approve)".into()
        }
        None => "None".into(),
    }
}

/// The portal's three blocks: Activation, Assignment and Notification.
fn settings_table(v: &SettingsView) -> String {
    let s = &v.settings;
    let a = &s.activation;
    let g = &s.assignment;
    let mut out = format!(
        "{} at {}{}\n\nActivation\n",
        v.role,
        v.scope,
        if v.is_default {
            " (Entra defaults)"
        } else {
            ""
        }
    );
    let activation = vec![
        vec![
            "Activation maximum duration (hours)".to_string(),
            hours(a.max_duration_secs),
        ],
        vec![
            "On activation, require".into(),
            if a.require_mfa {
                "Multi-factor authentication".into()
            } else {
                "None".into()
            },
        ],
        vec![
            "Require justification on activation".into(),
            yes_no(a.require_justification),
        ],
        vec![
            "Require ticket information on activation".into(),
            yes_no(a.require_ticket),
        ],
        vec![
            "Require approval to activate".into(),
            yes_no(a.require_approval),
        ],
        vec!["Approvers".into(), approvers_cell(v)],
    ];
    out.push_str(table(vec!["Setting", "State"], activation).trim_end());
    let expire = |permanent: bool, secs: i64| {
        if permanent {
            "-".to_string()
        } else {
            settings::span_text(secs)
        }
    };
    let assignment = vec![
        vec![
            "Allow permanent eligible assignment".to_string(),
            yes_no(g.allow_permanent_eligible),
        ],
        vec![
            "Expire eligible assignments after".into(),
            expire(g.allow_permanent_eligible, g.eligible_expire_after_secs),
        ],
        vec![
            "Allow permanent active assignment".into(),
            yes_no(g.allow_permanent_active),
        ],
        vec![
            "Expire active assignments after".into(),
            expire(g.allow_permanent_active, g.active_expire_after_secs),
        ],
        vec![
            "Require Azure Multi-Factor Authentication on active assignment".into(),
            yes_no(g.require_mfa_on_active),
        ],
        vec![
            "Require justification on active assignment".into(),
            yes_no(g.require_justification_on_active),
        ],
    ];
    out.push_str("\n\nAssignment\n");
    out.push_str(table(vec!["Setting", "State"], assignment).trim_end());
    out.push_str("\n\nNotification");
    for (ev, title, types) in [
        (
            "eligible_assignment",
            "Send notifications when members are assigned as eligible to this role:",
            [
                ("Role assignment alert", "Admin"),
                ("Notification to the assigned user (assignee)", "Assignee"),
                (
                    "Request to approve a role assignment renewal/extension",
                    "Approver",
                ),
            ],
        ),
        (
            "active_assignment",
            "Send notifications when members are assigned as active to this role:",
            [
                ("Role assignment alert", "Admin"),
                ("Notification to the assigned user (assignee)", "Assignee"),
                (
                    "Request to approve a role assignment renewal/extension",
                    "Approver",
                ),
            ],
        ),
        (
            "activation",
            "Send notifications when eligible members activate this role:",
            [
                ("Role activation alert", "Admin"),
                ("Notification to activated user (requestor)", "Requestor"),
                ("Request to approve an activation", "Approver"),
            ],
        ),
    ] {
        let rules = settings::event(&s.notifications, ev);
        let rows = settings::AUDIENCES
            .iter()
            .zip(types)
            .map(|(aud, (kind, recipients))| {
                let r = settings::audience(rules, aud);
                vec![
                    kind.to_string(),
                    if !r.enabled {
                        "Off".into()
                    } else if r.default_recipients {
                        recipients.to_string()
                    } else {
                        "None".into()
                    },
                    if r.additional_recipients.is_empty() {
                        "None".into()
                    } else {
                        r.additional_recipients.join(", ")
                    },
                    if r.critical_only { "True" } else { "False" }.into(),
                ]
            })
            .collect();
        out.push_str(&format!("\n{title}\n"));
        out.push_str(
            table(
                vec![
                    "Type",
                    "Default recipients",
                    "Additional recipients",
                    "Critical emails only",
                ],
                rows,
            )
            .trim_end(),
        );
        out.push('\n');
    }
    if !s.kept_rules.is_empty() {
        out.push_str("\nKept from Microsoft, not enforced by pim\n");
        let rows = s
            .kept_rules
            .iter()
            .map(|(id, v)| vec![id.clone(), v.to_string()])
            .collect();
        out.push_str(table(vec!["Rule", "Value"], rows).trim_end());
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// Prints settings: the portal's tables, the JSON document, or CSV `field,value` rows.
pub fn print_view(ui: &Ui, v: &SettingsView) -> Result<()> {
    match ui.format {
        Format::Json | Format::Jsonl => render::json(ui, v),
        Format::Csv => {
            let rows = settings::fields(v)
                .into_iter()
                .map(|f| vec![f.path, f.text])
                .collect();
            ui.out(&render::csv_text(vec!["field", "value"], rows)?);
            Ok(())
        }
        Format::Table => {
            ui.out(&settings_table(v));
            Ok(())
        }
    }
}

/// `field: old -> new` lines on stderr, each after `prefix` when given.
pub fn print_changes(ui: &Ui, prefix: Option<&str>, changes: &[Change]) {
    for c in changes {
        let line = format!("{}: {} -> {}", c.field, c.old_text, c.new_text);
        match prefix {
            Some(p) => ui.note(&format!("{p}: {line}")),
            None => ui.note(&line),
        }
    }
}
