//! `pim provision bind|unbind|bindings|status|run|reconcile`: grants and revokes on target systems
//! (docs/provisioning.md).

use std::collections::BTreeMap;

use clap::{Args, Subcommand};

use super::render::{self, Tabular};
use super::target::AccessArg;
use super::{Env, Format, LIST_LIMIT, Status};
use crate::api;
use crate::core::schedule::format_duration;
use crate::core::{Error, Result};
use crate::provision::engine::{RunItem, RunReport};
use crate::provision::manage::{ActionView, BindingSpec, BindingView, Difference};
use crate::store::provision::Filter;

#[derive(Subcommand, Debug)]
pub enum ProvisionCmd {
    /// Bind a target of the config file to a role: its holders get access there
    Bind(BindArgs),
    /// Remove a binding: the access it gave is revoked
    Unbind(UnbindArgs),
    /// List the bindings
    Bindings(BindingsArgs),
    /// The grants and revokes, their state, attempts, errors and lateness
    Status(StatusArgs),
    /// Carry out the grants and revokes that are due (safe from cron, and from two processes at
    /// once)
    Run(RunArgs),
    /// Compare what the targets hold with what pim granted; with --apply, fix the differences
    Reconcile(ReconcileArgs),
}

#[derive(Args, Debug)]
pub struct Which {
    /// The target: a [provision.NAME] table of the config file
    #[arg(value_name = "NAME")]
    pub target: String,
    /// The role whose holders get access; with --group, `member` or `owner` (or `Group Member`,
    /// `Group Owner`) [required unless --group G --access A]
    #[arg(long, value_name = "R", required_unless_present = "access")]
    pub role: Option<String>,
    /// Only assignments that apply at this scope (made there or above it) [default: any scope]
    #[arg(long, value_name = "S", conflicts_with = "group")]
    pub scope: Option<String>,
    /// A group under PIM for Groups: its membership or ownership (with --role or --access)
    #[arg(long, value_name = "G")]
    pub group: Option<String>,
    /// With --group: its membership or its ownership
    #[arg(
        long,
        value_name = "A",
        value_enum,
        requires = "group",
        conflicts_with = "role"
    )]
    pub access: Option<AccessArg>,
}

impl Which {
    /// The role and scope bound: `--role R [--scope S]`, `--group G --access A`, or
    /// `--role member|owner --group G` (the role of the group's membership or ownership).
    fn spec(&self) -> Result<BindingSpec> {
        let (role, scope) = match (&self.group, self.access, &self.role) {
            (Some(g), Some(a), _) => (a.role_name().to_string(), Some(format!("/groups/{g}"))),
            (Some(g), None, Some(r)) => {
                let access = match r.trim().to_ascii_lowercase().as_str() {
                    "member" | "group member" => AccessArg::Member,
                    "owner" | "group owner" => AccessArg::Owner,
                    _ => {
                        return Err(Error::usage_with_hint(
                            format!("--group binds a group's membership or ownership, not '{r}'"),
                            format!(
                                "use --role member or --role owner with --group {g}; for \
                                 '{r}' held at a scope, use --role with --scope"
                            ),
                        ));
                    }
                };
                (access.role_name().to_string(), Some(format!("/groups/{g}")))
            }
            // clap asks for --role or --access before this; said again for the API's sake.
            (Some(g), None, None) => {
                return Err(Error::usage_with_hint(
                    format!("--group {g} needs the access it binds"),
                    "add --role member or --role owner (or --access member|owner)",
                ));
            }
            (None, _, r) => (r.clone().unwrap_or_default(), self.scope.clone()),
        };
        Ok(BindingSpec {
            target: self.target.clone(),
            role,
            scope,
        })
    }
}

#[derive(Args, Debug)]
pub struct BindArgs {
    #[command(flatten)]
    pub which: Which,
    /// A target option, handed to the target with every action (repeatable)
    #[arg(long = "option", value_name = "KEY=VALUE")]
    pub options: Vec<String>,
    /// Check everything and show the result; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct UnbindArgs {
    #[command(flatten)]
    pub which: Which,
    /// Check everything and show the result; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct BindingsArgs {
    /// Only this target's bindings
    #[arg(value_name = "NAME")]
    pub target: Option<String>,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Only this target's actions
    #[arg(value_name = "NAME")]
    pub target: Option<String>,
    /// Only actions whose last attempt failed (they are tried again)
    #[arg(long)]
    pub failed: bool,
    /// Only actions not carried out yet
    #[arg(long, conflicts_with = "failed")]
    pub pending: bool,
    /// The newest N actions (newest first)
    #[arg(long, value_name = "N", default_value_t = LIST_LIMIT, conflicts_with = "all")]
    pub limit: u64,
    /// Every action, newest first
    #[arg(long)]
    pub all: bool,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    /// Only this target's actions
    #[arg(value_name = "NAME")]
    pub target: Option<String>,
}

#[derive(Args, Debug)]
pub struct ReconcileArgs {
    /// Only this target [default: every configured target]
    #[arg(value_name = "NAME")]
    pub target: Option<String>,
    /// Revoke what pim did not grant and grant what is missing (each change audited)
    #[arg(long)]
    pub apply: bool,
}

pub fn run(cmd: ProvisionCmd, env: &mut Env) -> Result<Status> {
    match cmd {
        ProvisionCmd::Bind(a) => bind(a, env),
        ProvisionCmd::Unbind(a) => unbind(a, env),
        ProvisionCmd::Bindings(a) => bindings(a, env),
        ProvisionCmd::Status(a) => status(a, env),
        ProvisionCmd::Run(a) => run_queue(a, env),
        ProvisionCmd::Reconcile(a) => reconcile(a, env),
    }
}

impl Tabular for BindingView {
    fn headers() -> Vec<&'static str> {
        vec![
            "ID", "TARGET", "KIND", "ROLE", "SCOPE", "OPTIONS", "CREATED",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            if full {
                self.id.clone()
            } else {
                render::short_id(&self.id)
            },
            self.target.clone(),
            self.kind
                .clone()
                .unwrap_or_else(|| "(not configured)".into()),
            self.role.clone(),
            self.scope.clone().unwrap_or_else(|| "(any)".into()),
            self.options
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" "),
            render::time_cell(self.created_at, full),
        ]
    }

    fn hide_first() -> &'static [&'static str] {
        &["CREATED", "KIND", "ID"]
    }
}

fn parse_options(options: &[String]) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for o in options {
        let Some((k, v)) = o.split_once('=') else {
            return Err(Error::usage_with_hint(
                format!("--option '{o}' is not KEY=VALUE"),
                "pass e.g. --option login_suffix=_adm",
            ));
        };
        let k = k.trim();
        if k.is_empty() {
            return Err(Error::usage(format!("--option '{o}' has no key")));
        }
        if out.insert(k.to_string(), v.to_string()).is_some() {
            return Err(Error::usage(format!("--option {k} is given twice")));
        }
    }
    Ok(out)
}

fn bind(a: BindArgs, env: &mut Env) -> Result<Status> {
    let options = parse_options(&a.options)?;
    let b = env.client.call(api::ProvisionBind {
        spec: a.which.spec()?,
        options,
        dry_run: a.dry_run,
    })?;
    if a.dry_run {
        env.ui.note("dry run: nothing was changed");
    }
    render::one(&env.ui, &b)?;
    Ok(0)
}

fn unbind(a: UnbindArgs, env: &mut Env) -> Result<Status> {
    let b = env.client.call(api::ProvisionUnbind {
        spec: a.which.spec()?,
        dry_run: a.dry_run,
    })?;
    if a.dry_run {
        env.ui.note("dry run: nothing was changed");
    }
    render::one(&env.ui, &b)?;
    Ok(0)
}

fn bindings(a: BindingsArgs, env: &mut Env) -> Result<Status> {
    let rows = env
        .client
        .call(api::ProvisionBindings { target: a.target })?;
    render::list(&env.ui, &rows, "no bindings")?;
    Ok(0)
}

impl Tabular for ActionView {
    fn headers() -> Vec<&'static str> {
        vec![
            "ID",
            "TARGET",
            "ACTION",
            "PRINCIPAL",
            "ROLE",
            "SCOPE",
            "ASSIGNMENT",
            "STATE",
            "ATTEMPTS",
            "LATE",
            "NEXT TRY",
            "LAST ERROR",
            "CREATED",
            "ENDED",
            "DONE AT",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        let id = |s: &str| {
            if full {
                s.to_string()
            } else {
                render::short_id(s)
            }
        };
        vec![
            id(&self.id),
            self.target.clone(),
            self.action.clone(),
            self.principal.clone(),
            self.role.clone(),
            self.scope.clone(),
            id(&self.assignment_id),
            self.state.clone(),
            self.attempts.to_string(),
            if full {
                self.late_secs.to_string()
            } else if self.late_secs == 0 {
                "-".into()
            } else {
                format_duration(self.late_secs)
            },
            self.next_attempt_at
                .map(|t| render::time_cell(t, full))
                .unwrap_or_default(),
            self.last_error.clone().unwrap_or_default(),
            render::time_cell(self.created_at, full),
            self.ended_at
                .map(|t| render::time_cell(t, full))
                .unwrap_or_default(),
            self.done_at
                .map(|t| render::time_cell(t, full))
                .unwrap_or_default(),
        ]
    }

    fn table_columns() -> Option<&'static [usize]> {
        Some(&[0, 1, 2, 3, 4, 7, 8, 9, 10, 11])
    }

    fn hide_first() -> &'static [&'static str] {
        &["ID", "ATTEMPTS", "ROLE", "NEXT TRY"]
    }
}

fn status(a: StatusArgs, env: &mut Env) -> Result<Status> {
    let rows = env.client.call(api::ProvisionStatus {
        filter: Filter {
            target: a.target,
            failed: a.failed,
            pending: a.pending,
            limit: (!a.all).then_some(a.limit),
        },
    })?;
    render::listing(
        &env.ui,
        &rows,
        "provisioning actions",
        &format!("showing the newest {}; --all shows every one", a.limit),
    )?;
    Ok(0)
}

impl Tabular for RunItem {
    fn headers() -> Vec<&'static str> {
        vec![
            "ID",
            "TARGET",
            "ACTION",
            "PRINCIPAL",
            "ROLE",
            "SCOPE",
            "RESULT",
            "ERROR",
            "NEXT TRY",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            if full {
                self.id.clone()
            } else {
                render::short_id(&self.id)
            },
            self.target.clone(),
            self.action.clone(),
            self.principal.clone(),
            self.role.clone(),
            self.scope.clone(),
            self.result.clone(),
            self.error.clone().unwrap_or_default(),
            self.next_attempt_at
                .map(|t| render::time_cell(t, full))
                .unwrap_or_default(),
        ]
    }

    fn hide_first() -> &'static [&'static str] {
        &["SCOPE", "ID", "ROLE", "NEXT TRY"]
    }
}

fn run_queue(a: RunArgs, env: &mut Env) -> Result<Status> {
    let report: RunReport = env.client.call(api::ProvisionRun { target: a.target })?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &report)?,
        _ => {
            render::list(&env.ui, &report.actions, "nothing to provision")?;
            if !report.actions.is_empty() {
                env.ui
                    .note(&format!("{} done, {} failed", report.done, report.failed));
            }
        }
    }
    if report.failed > 0 {
        return Err(Error::invalid_with_hint(
            format!(
                "{} provisioning action(s) failed; they are tried again by later runs",
                report.failed
            ),
            "see them with `pim provision status --failed`",
        ));
    }
    Ok(0)
}

impl Tabular for Difference {
    fn headers() -> Vec<&'static str> {
        vec![
            "TARGET",
            "DIFFERENCE",
            "PRINCIPAL",
            "DETAIL",
            "FIXED",
            "ERROR",
        ]
    }

    fn cells(&self, _full: bool) -> Vec<String> {
        vec![
            self.target.clone(),
            self.kind.clone(),
            self.principal.clone(),
            self.detail.clone(),
            self.fixed.clone().unwrap_or_default(),
            self.error.clone().unwrap_or_default(),
        ]
    }
}

fn reconcile(a: ReconcileArgs, env: &mut Env) -> Result<Status> {
    let apply = a.apply;
    let report = env.client.call(api::ProvisionReconcile {
        target: a.target,
        apply,
    })?;
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, &report)?,
        _ => {
            render::list(&env.ui, &report.differences, "no differences")?;
            if !report.differences.is_empty() && !apply {
                env.ui
                    .note("--apply revokes the extras and grants what is missing");
            }
        }
    }
    for (target, why) in &report.errors {
        env.ui
            .warn(&format!("target '{target}' could not be asked: {why}"));
    }
    let failed = report
        .differences
        .iter()
        .filter(|d| d.fixed.as_deref() == Some("failed"))
        .count();
    if !report.errors.is_empty() || failed > 0 {
        return Err(Error::invalid(format!(
            "reconcile is incomplete: {} target(s) could not be asked, {failed} change(s) failed",
            report.errors.len()
        )));
    }
    Ok(0)
}
