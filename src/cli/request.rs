//! `pim request list|show|cancel`

use clap::{Args, Subcommand};

use super::render::{self, Tabular};
use super::{Env, Format, LIST_LIMIT, Status};
use crate::api;
use crate::core::Result;
use crate::core::approve::{ListFilter, RequestView};
use crate::core::clock::human_span;
use crate::core::schedule;

#[derive(Subcommand, Debug)]
pub enum RequestCmd {
    /// List requests (activation, extend and renew)
    List(ListArgs),
    /// A request's full timeline: created, each stage and vote, outcome
    Show {
        /// Request ID or a unique prefix (6 characters or more)
        id: String,
    },
    /// Cancel a waiting request (the requester, or an administrator of the role)
    Cancel {
        /// Request ID or a unique prefix (6 characters or more)
        id: String,
    },
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only requests waiting for approval
    #[arg(long)]
    pub pending: bool,
    /// Only requests you made
    #[arg(long)]
    pub mine: bool,
    /// The newest N requests (newest first)
    #[arg(long, value_name = "N", default_value_t = LIST_LIMIT, conflicts_with = "all")]
    pub limit: u64,
    /// Every request you may see, however old
    #[arg(long)]
    pub all: bool,
}

impl Tabular for RequestView {
    fn headers() -> Vec<&'static str> {
        vec![
            "REQUEST",
            "ACTION",
            "STATUS",
            "REQUESTER",
            "ROLE",
            "SCOPE",
            "DURATION",
            "JUSTIFICATION",
            "TICKET",
            "AGE",
            "TIME LEFT",
            "STAGE",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        let ticket = match (&self.ticket_system, &self.ticket_number) {
            (Some(s), Some(n)) => format!("{s} {n}"),
            (None, Some(n)) => n.clone(),
            _ => String::new(),
        };
        let span = |s: i64| if full { s.to_string() } else { human_span(s) };
        vec![
            if full {
                self.id.clone()
            } else {
                render::short_id(&self.id)
            },
            self.action.to_string(),
            self.status.to_string(),
            self.principal.clone(),
            self.role.clone(),
            self.scope.clone(),
            match (self.duration_secs, self.start, self.end) {
                (Some(d), _, _) => schedule::format_duration(d),
                (None, Some(s), Some(e)) => schedule::format_duration(e - s),
                _ => String::new(),
            },
            self.justification.clone().unwrap_or_default(),
            ticket,
            span(self.age_secs),
            self.time_left_secs.map(span).unwrap_or_default(),
            match self.current_stage {
                Some(s) => format!("{s}/{}", self.stages.len()),
                None => String::new(),
            },
        ]
    }

    fn hide_first() -> &'static [&'static str] {
        &["TICKET", "STAGE", "AGE", "DURATION"]
    }
}

/// One paragraph about a request, for prompts and `request show`.
pub fn describe_request(r: &RequestView) -> String {
    let mut s = format!(
        "request {} ({}, {}): {} asks for {} at {}",
        render::short_id(&r.id),
        r.action,
        r.status,
        r.principal,
        r.role,
        r.scope
    );
    if let (Some(start), Some(end)) = (r.start, r.end) {
        s.push_str(&format!(
            " from {} to {}",
            render::when(start),
            render::when(end)
        ));
    }
    if let Some(j) = &r.justification {
        s.push_str(&format!("\n  justification: {j}"));
    }
    if let Some(n) = &r.ticket_number {
        s.push_str(&format!(
            "\n  ticket: {} {n}",
            r.ticket_system.clone().unwrap_or_default()
        ));
    }
    s
}

fn timeline(r: &RequestView) -> String {
    let mut lines = vec![
        describe_request(r),
        format!("  {}  created", render::when(r.created_at)),
    ];
    for st in &r.stages {
        let who = if st.approvers.is_empty() {
            "the role's administrators".to_string()
        } else {
            st.approvers.join(", ")
        };
        lines.push(format!(
            "  stage {}: {} of {who} must approve; {}{}",
            st.stage,
            st.required_approvals,
            st.status,
            st.deadline
                .map(|d| format!(" (deadline {})", render::when(d)))
                .unwrap_or_default()
        ));
        for v in r.votes.iter().filter(|v| v.stage == st.stage) {
            lines.push(format!(
                "  {}  {} {}{}",
                render::when(v.at),
                v.voter,
                if v.decision == "deny" {
                    "denied"
                } else {
                    "approved"
                },
                v.justification
                    .as_ref()
                    .map(|j| format!(": {j}"))
                    .unwrap_or_default()
            ));
        }
    }
    if let Some(done) = r.completed_at {
        lines.push(format!(
            "  {}  {}{}",
            render::when(done),
            r.status,
            r.reason
                .as_ref()
                .map(|x| format!(" ({x})"))
                .unwrap_or_default()
        ));
    }
    lines.join("\n")
}

pub fn run(cmd: RequestCmd, env: &mut Env) -> Result<Status> {
    match cmd {
        RequestCmd::List(a) => {
            let f = ListFilter {
                pending: a.pending,
                mine: a.mine,
                to_decide: false,
                limit: (!a.all).then_some(a.limit),
            };
            let items = env.client.call(api::RequestList { filter: f })?;
            render::listing(
                &env.ui,
                &items,
                "requests",
                &format!("showing the newest {}; --all shows every one", a.limit),
            )?;
        }
        RequestCmd::Show { id } => {
            let r = env.client.call(api::RequestShow { id })?;
            match env.ui.format {
                Format::Table => env.ui.out(&timeline(&r)),
                _ => render::one(&env.ui, &r)?,
            }
        }
        RequestCmd::Cancel { id } => {
            let r = env.client.call(api::RequestCancel { id })?;
            env.ui
                .note(&format!("canceled request {}", render::short_id(&r.id)));
            let v = env.client.call(api::RequestShow { id: r.id.clone() })?;
            render::one(&env.ui, &v)?;
        }
    }
    Ok(0)
}
