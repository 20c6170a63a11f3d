//! `pim settings set --role R [--scope S] [rules…] [--dry-run]`

use clap::Args;

use super::SelectorArgs;
use crate::api;
use crate::cli::{Env, Status};
use crate::core::schedule;
use crate::core::settings::{self, ApproversChange, Patch};
use crate::core::{Error, Result};

#[derive(Args, Debug)]
#[command(
    after_help = "B is true, false, yes or no. D is a duration: 30m, 8h, 1h30m, 14d, or ISO 8601 \
(PT8H, P90D). Settings left out keep their value; each change is printed on stderr as \
`field: old -> new` and audited."
)]
pub struct SetArgs {
    #[command(flatten)]
    pub selector: SelectorArgs,
    /// Longest activation, 30m to 24h (e.g. 8h, 1h30m, PT8H)
    #[arg(long, value_name = "D", help_heading = "Activation")]
    pub activation_max_duration: Option<String>,
    /// Require multi-factor authentication on activation
    #[arg(long, value_name = "B", help_heading = "Activation")]
    pub require_mfa: Option<String>,
    /// Require a justification on activation
    #[arg(long, value_name = "B", help_heading = "Activation")]
    pub require_justification: Option<String>,
    /// Require ticket information (number and system) on activation
    #[arg(long, value_name = "B", help_heading = "Activation")]
    pub require_ticket: Option<String>,
    /// Require approval to activate
    #[arg(long, value_name = "B", help_heading = "Activation")]
    pub require_approval: Option<String>,
    /// An approver (user or group), repeatable: one stage of these approvers
    #[arg(long, value_name = "P", help_heading = "Activation",
          conflicts_with_all = ["stage", "clear_approvers"])]
    pub approver: Vec<String>,
    /// How many approvers of the single stage must approve [default: 1]
    #[arg(long, value_name = "N", help_heading = "Activation", allow_hyphen_values = true,
          conflicts_with_all = ["stage", "clear_approvers"])]
    pub required_approvals: Option<String>,
    /// An approval stage "P1,P2[:N]" (N approvals required, default 1); repeat for stages in series
    #[arg(
        long,
        value_name = "STAGE",
        help_heading = "Activation",
        conflicts_with = "clear_approvers"
    )]
    pub stage: Vec<String>,
    /// Remove all approvers (directory roles: Global and Privileged Role Administrators approve)
    #[arg(long, help_heading = "Activation")]
    pub clear_approvers: bool,
    /// Days each approval stage waits before the request times out, 1 to 30
    #[arg(
        long,
        value_name = "N",
        help_heading = "Activation",
        allow_hyphen_values = true
    )]
    pub approval_timeout_days: Option<String>,
    /// Allow permanent eligible assignments
    #[arg(long, value_name = "B", help_heading = "Assignment")]
    pub allow_permanent_eligible: Option<String>,
    /// Longest eligible assignment when permanent ones are not allowed (e.g. 365d)
    #[arg(long, value_name = "D", help_heading = "Assignment")]
    pub eligible_expire_after: Option<String>,
    /// Allow permanent active assignments
    #[arg(long, value_name = "B", help_heading = "Assignment")]
    pub allow_permanent_active: Option<String>,
    /// Longest active assignment when permanent ones are not allowed (e.g. 180d)
    #[arg(long, value_name = "D", help_heading = "Assignment")]
    pub active_expire_after: Option<String>,
    /// Require the assigning administrator's multi-factor authentication on active assignment
    #[arg(long, value_name = "B", help_heading = "Assignment")]
    pub require_mfa_on_active_assignment: Option<String>,
    /// Require a justification on active assignment
    #[arg(long, value_name = "B", help_heading = "Assignment")]
    pub require_justification_on_active_assignment: Option<String>,
    /// Change a notification rule: EVENT.AUDIENCE.FIELD=VALUE, e.g. activation.admin.critical_only=yes,
    /// eligible_assignment.assignee.enabled=no, activation.admin.default_recipients=no,
    /// activation.admin.additional_recipients=secops@contoso.example (repeat it; `all` for every
    /// event or audience)
    #[arg(long, value_name = "RULE=VALUE", help_heading = "Notifications")]
    pub notify: Vec<String>,
    /// Check everything and show the result; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

fn flag_bool(flag: &str, v: &Option<String>) -> Result<Option<bool>> {
    v.as_deref()
        .map(|t| settings::parse_bool(flag, t))
        .transpose()
}

fn flag_duration(flag: &str, v: &Option<String>) -> Result<Option<i64>> {
    v.as_deref()
        .map(|t| {
            schedule::parse_duration(t).map_err(|e| match e {
                Error::Invalid { message, hint } => Error::Invalid {
                    message: format!("{flag}: {message}"),
                    hint,
                },
                other => other,
            })
        })
        .transpose()
}

fn flag_count(flag: &str, v: &Option<String>) -> Result<Option<u32>> {
    v.as_deref()
        .map(|t| settings::parse_count(flag, t))
        .transpose()
}

fn patch(a: &SetArgs) -> Result<Patch> {
    let approvers = if a.clear_approvers {
        ApproversChange::Clear
    } else if !a.stage.is_empty() {
        ApproversChange::Stages(
            a.stage
                .iter()
                .map(|s| settings::parse_stage(s))
                .collect::<Result<_>>()?,
        )
    } else if !a.approver.is_empty() {
        ApproversChange::Single(a.approver.clone())
    } else {
        ApproversChange::Keep
    };
    Ok(Patch {
        notifications: a
            .notify
            .iter()
            .map(|n| settings::parse_notify(n))
            .collect::<Result<_>>()?,
        activation_max_duration: flag_duration(
            "--activation-max-duration",
            &a.activation_max_duration,
        )?,
        require_mfa: flag_bool("--require-mfa", &a.require_mfa)?,
        require_justification: flag_bool("--require-justification", &a.require_justification)?,
        require_ticket: flag_bool("--require-ticket", &a.require_ticket)?,
        require_approval: flag_bool("--require-approval", &a.require_approval)?,
        approvers,
        required_approvals: flag_count("--required-approvals", &a.required_approvals)?,
        approval_timeout_days: flag_count("--approval-timeout-days", &a.approval_timeout_days)?,
        allow_permanent_eligible: flag_bool(
            "--allow-permanent-eligible",
            &a.allow_permanent_eligible,
        )?,
        eligible_expire_after: flag_duration("--eligible-expire-after", &a.eligible_expire_after)?,
        allow_permanent_active: flag_bool("--allow-permanent-active", &a.allow_permanent_active)?,
        active_expire_after: flag_duration("--active-expire-after", &a.active_expire_after)?,
        require_mfa_on_active: flag_bool(
            "--require-mfa-on-active-assignment",
            &a.require_mfa_on_active_assignment,
        )?,
        require_justification_on_active: flag_bool(
            "--require-justification-on-active-assignment",
            &a.require_justification_on_active_assignment,
        )?,
    })
}

pub fn run(a: SetArgs, env: &mut Env) -> Result<Status> {
    let p = patch(&a)?;
    let r = env.client.call(api::SettingsSet {
        selector: a.selector.selector(),
        patch: p,
        dry_run: a.dry_run,
    })?;
    super::print_changes(&env.ui, None, &r.changes);
    let what = format!("{} at {}", r.view.role, r.view.scope);
    if r.changes.is_empty() {
        env.ui.note(&format!(
            "{what}: nothing changed; the settings already hold"
        ));
    } else if a.dry_run {
        env.ui.note(&format!(
            "dry run: would change {} setting{} of {what}; nothing changed",
            r.changes.len(),
            if r.changes.len() == 1 { "" } else { "s" }
        ));
    } else {
        env.ui.note(&format!(
            "changed {} setting{} of {what}",
            r.changes.len(),
            if r.changes.len() == 1 { "" } else { "s" }
        ));
    }
    for w in &r.warnings {
        env.ui.warn(w);
    }
    let act = &r.view.activation;
    if !act.require_approval && !act.approval_stages.is_empty() && !r.changes.is_empty() {
        env.ui.note(
            "note: approvers are named but approval is not required; pass --require-approval true to require it",
        );
    }
    super::print_view(&env.ui, &r.view)?;
    Ok(0)
}
