//! `pim assign` and its subcommands.

mod create;
mod export;
mod extend;
mod import;
mod import_json;
mod list;
mod remove;
mod renew;
mod show;
mod update;

use clap::{Args, Subcommand, ValueEnum};

use super::{Env, Status};
use crate::core::Result;
use crate::core::model::AssignmentType;
use crate::core::schedule::{self, EndSpec, Toward};

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeArg {
    Eligible,
    Active,
}

impl From<TypeArg> for AssignmentType {
    fn from(t: TypeArg) -> Self {
        match t {
            TypeArg::Eligible => AssignmentType::Eligible,
            TypeArg::Active => AssignmentType::Active,
        }
    }
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct AssignArgs {
    #[command(subcommand)]
    pub cmd: Option<AssignCmd>,
    #[command(flatten)]
    pub create: create::CreateArgs,
}

#[derive(Subcommand, Debug)]
pub enum AssignCmd {
    /// List assignments
    List(list::ListArgs),
    /// Show one assignment
    Show(show::ShowArgs),
    /// Change an assignment's type, schedule or justification
    Update(update::UpdateArgs),
    /// Give a time-bound assignment a later end
    Extend(extend::ExtendArgs),
    /// Renew an assignment that expired within the last 30 days
    Renew(renew::RenewArgs),
    /// Remove an assignment
    Remove(remove::RemoveArgs),
    /// Import assignments from a CSV file or Microsoft Graph/ARM JSON, all or nothing
    Import(import::ImportArgs),
    /// Print assignments as CSV (what import reads) or Microsoft Graph/ARM schedules
    Export(export::ExportArgs),
}

/// `--start`, and one of `--end`, `--duration`, `--permanent`.
#[derive(Args, Debug, Clone, Default)]
pub struct ScheduleArgs {
    /// When it starts: 2026-12-03 09:00 (your time zone), RFC 3339, tomorrow 09:00, 2h (from
    /// now); a time in the past means now [default: now]
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// When it ends (exclusive), in the same forms as --start
    #[arg(long, value_name = "TIME", conflicts_with_all = ["duration", "permanent"])]
    pub end: Option<String>,
    /// How long it lasts: 90m, 1h30m, 8h, 1.5h, 14d, PT8H, P90D
    #[arg(long, value_name = "D", conflicts_with = "permanent")]
    pub duration: Option<String>,
    /// No end
    #[arg(long)]
    pub permanent: bool,
}

impl ScheduleArgs {
    pub fn start(&self, env: &Env) -> Result<Option<i64>> {
        env.start_opt(self.start.as_deref())
    }

    pub fn end(&self, env: &Env) -> Result<EndSpec> {
        Ok(if let Some(e) = &self.end {
            EndSpec::At(env.time(e, Toward::Future)?)
        } else if let Some(d) = &self.duration {
            EndSpec::After(schedule::parse_duration(d)?)
        } else if self.permanent {
            EndSpec::Permanent
        } else {
            EndSpec::Default
        })
    }

    pub fn given(&self) -> bool {
        self.start.is_some() || self.end.is_some() || self.duration.is_some() || self.permanent
    }
}

pub fn run(a: AssignArgs, env: &mut Env) -> Result<Status> {
    match a.cmd {
        None => create::run(a.create, env),
        Some(AssignCmd::List(x)) => list::run(x, env),
        Some(AssignCmd::Show(x)) => show::run(x, env),
        Some(AssignCmd::Update(x)) => update::run(x, env),
        Some(AssignCmd::Extend(x)) => extend::run(x, env),
        Some(AssignCmd::Renew(x)) => renew::run(x, env),
        Some(AssignCmd::Remove(x)) => remove::run(x, env),
        Some(AssignCmd::Import(x)) => import::run(x, env),
        Some(AssignCmd::Export(x)) => export::run(x, env),
    }
}

/// One line saying what an assignment is, for notes: its 8-character ID (none when it was not
/// made: a dry run), who holds what, where and until when.
pub fn describe(v: &crate::core::model::AssignmentView) -> String {
    let until = match v.end {
        Some(e) => format!("until {}", super::render::when(e)),
        None => "permanently".into(),
    };
    let id = if v.id.is_empty() {
        String::new()
    } else {
        format!("{}: ", super::render::short_id(&v.id))
    };
    format!(
        "{id}{} {} for {} at {} {until}",
        v.principal_name, v.kind, v.role_name, v.scope
    )
}
