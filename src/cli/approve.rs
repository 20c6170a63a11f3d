//! `pim approve [ID]`, `pim approve list`, `pim deny ID`: the approver's side.

use clap::{Args, Subcommand};

use super::render::{self, Tabular};
use super::request::describe_request;
use super::{Env, Status};
use crate::api;
use crate::core::approve::{Decision, DecisionResult, ListFilter, RequestView};
use crate::core::schedule::Toward;
use crate::core::{Error, Result};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ApproveArgs {
    #[command(subcommand)]
    pub cmd: Option<ApproveCmd>,
    /// The request to approve (ID or unique prefix); without it, on a terminal, go through the
    /// requests waiting for you one by one
    pub id: Option<String>,
    /// Why (required unless the role's settings relax it)
    #[arg(long, value_name = "J")]
    pub justification: Option<String>,
    /// For an extend or renew request: the end to grant instead of the one asked for
    #[arg(long, value_name = "T")]
    pub end: Option<String>,
    /// Your one-time code, when granting extends or renews an active assignment whose settings
    /// require MFA on active assignment
    #[arg(long, value_name = "CODE")]
    pub otp: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum ApproveCmd {
    /// The requests you may decide now
    List,
}

#[derive(Args, Debug)]
pub struct DenyArgs {
    /// The request to deny (ID or unique prefix)
    pub id: String,
    /// Why (required unless the role's settings relax it)
    #[arg(long, value_name = "J")]
    pub justification: Option<String>,
}

impl Tabular for DecisionResult {
    fn headers() -> Vec<&'static str> {
        vec![
            "REQUEST",
            "DECISION",
            "STAGE",
            "STATUS",
            "APPROVALS NEEDED",
            "ASSIGNMENT",
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
            self.decision.to_string(),
            self.stage.to_string(),
            self.status.to_string(),
            self.approvals_needed.to_string(),
            self.assignment_id
                .as_deref()
                .map(|a| {
                    if full {
                        a.to_string()
                    } else {
                        render::short_id(a)
                    }
                })
                .unwrap_or_default(),
            self.start
                .map(|t| render::time_cell(t, full))
                .unwrap_or_default(),
            self.end
                .map(|t| render::time_cell(t, full))
                .unwrap_or_default(),
        ]
    }
}

fn note(env: &Env, r: &DecisionResult) {
    let id = render::short_id(&r.request_id);
    let msg = match (r.decision, r.status) {
        ("deny", _) => format!("denied request {id}"),
        (_, crate::core::model::RequestStatus::PendingApproval) if r.approvals_needed > 0 => {
            format!(
                "approved request {id}: stage {} needs {} more approval(s)",
                r.stage, r.approvals_needed
            )
        }
        (_, crate::core::model::RequestStatus::PendingApproval) => format!(
            "approved stage {} of request {id}: the next stage decides",
            r.stage
        ),
        (_, crate::core::model::RequestStatus::Failed) => format!(
            "approved request {id}, but it could not be granted (see `pim request show {id}`)"
        ),
        _ => format!(
            "approved request {id}: granted{}",
            r.end
                .map(|e| format!(" until {}", render::when(e)))
                .unwrap_or_default()
        ),
    };
    env.ui.note(&msg);
}

/// The approver's one-time code: `--otp`, or on a terminal the code asked for when granting
/// would lengthen an active assignment whose settings require MFA on active assignment.
fn code_for(
    env: &mut Env,
    id: &str,
    decision: Decision,
    justification: Option<&str>,
    end: Option<i64>,
    otp: Option<String>,
) -> Result<Option<String>> {
    if decision != Decision::Approve {
        return Ok(otp);
    }
    env.otp(otp, false, |env| {
        env.client
            .call(api::Decide {
                id: id.to_string(),
                decision,
                justification: justification.map(str::to_string),
                end,
                otp: None,
                dry_run: true,
            })
            .map(drop)
    })
}

fn decide(
    env: &mut Env,
    id: &str,
    decision: Decision,
    justification: Option<&str>,
    end: Option<i64>,
    otp: Option<String>,
) -> Result<Status> {
    let otp = code_for(env, id, decision, justification, end, otp)?;
    let r = env.client.call(api::Decide {
        id: id.to_string(),
        decision,
        justification: justification.map(str::to_string),
        end,
        otp,
        dry_run: false,
    })?;
    note(env, &r);
    render::one(&env.ui, &r)?;
    Ok(0)
}

pub fn run(a: ApproveArgs, env: &mut Env) -> Result<Status> {
    if let Some(ApproveCmd::List) = a.cmd {
        let items = env.client.call(api::RequestList {
            filter: ListFilter {
                to_decide: true,
                ..Default::default()
            },
        })?;
        render::list(&env.ui, &items.items, "no requests wait for your decision")?;
        return Ok(0);
    }
    let end = env.time_opt(a.end.as_deref(), Toward::Future)?;
    match a.id {
        Some(id) => decide(
            env,
            &id,
            Decision::Approve,
            a.justification.as_deref(),
            end,
            a.otp,
        ),
        None => walk(env, a.otp),
    }
}

pub fn run_deny(a: DenyArgs, env: &mut Env) -> Result<Status> {
    decide(
        env,
        &a.id,
        Decision::Deny,
        a.justification.as_deref(),
        None,
        None,
    )
}

/// On a terminal: each waiting request in turn, its details, approve / deny / skip, then why.
fn walk(env: &mut Env, mut otp: Option<String>) -> Result<Status> {
    // The one waiting longest first.
    let mut items: Vec<RequestView> = env
        .client
        .call(api::RequestList {
            filter: ListFilter {
                to_decide: true,
                ..Default::default()
            },
        })?
        .items;
    items.reverse();
    if !env.ui.interactive {
        let hint = match items.len() {
            0 => "no request waits for your decision now".to_string(),
            1 => "1 request waits for your decision: `pim approve list` shows it".to_string(),
            n => format!("{n} requests wait for your decision: `pim approve list` shows them"),
        };
        return Err(super::error::needs_terminal(
            "approve",
            "the request ID (`pim approve ID`)",
            hint,
        ));
    }
    if items.is_empty() {
        env.ui.note("no requests wait for your decision");
        return Ok(0);
    }
    let prompt_err = |e: dialoguer::Error| Error::invalid(format!("prompt failed: {e}"));
    let mut decided = 0;
    for (i, r) in items.iter().enumerate() {
        env.ui.raw_err(&format!(
            "\n[{}/{}] {}",
            i + 1,
            items.len(),
            describe_request(r)
        ));
        let choice = dialoguer::Select::new()
            .with_prompt("Decision")
            .items(["approve", "deny", "skip"])
            .default(2)
            .interact()
            .map_err(prompt_err)?;
        if choice == 2 {
            continue;
        }
        let justification: String = dialoguer::Input::new()
            .with_prompt("Justification")
            .allow_empty(true)
            .interact_text()
            .map_err(prompt_err)?;
        let decision = if choice == 0 {
            Decision::Approve
        } else {
            Decision::Deny
        };
        let j = (!justification.trim().is_empty()).then_some(justification.as_str());
        // A code works once: --otp serves the first decision that needs one, then pim asks.
        let code = match code_for(env, &r.id, decision, j, None, otp.take()) {
            Ok(c) => c,
            Err(e) => {
                env.ui.warn(&e.to_string());
                continue;
            }
        };
        match env.client.call(api::Decide {
            id: r.id.clone(),
            decision,
            justification: j.map(str::to_string),
            end: None,
            otp: code,
            dry_run: false,
        }) {
            Ok(res) => {
                note(env, &res);
                decided += 1;
            }
            Err(e) => env.ui.warn(&e.to_string()),
        }
    }
    if env.ui.format.is_json() {
        render::json(&env.ui, &serde_json::json!({ "decided": decided }))?;
    }
    Ok(0)
}
