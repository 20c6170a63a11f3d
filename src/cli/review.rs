//! `pim review create|list|show|decide|complete`: access reviews.

use clap::{Args, Subcommand, ValueEnum};

use super::render::{self, Tabular};
use super::{Env, Format, Status};
use crate::api;
use crate::core::review::{CreateInput, ItemView, ReviewView};
use crate::core::schedule;
use crate::core::{Error, Result};

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ReviewedType {
    Eligible,
    Active,
    All,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum DefaultDecision {
    None,
    Approve,
    Deny,
    Recommendation,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ItemDecision {
    Approve,
    Deny,
    DontKnow,
}

#[derive(Subcommand, Debug)]
pub enum ReviewCmd {
    /// Start a review of who holds a role at a scope
    Create(CreateArgs),
    /// List reviews
    List,
    /// A review and each of its items: principal, assignment, last activation, recommendation, decision
    Show {
        /// Review ID or a unique prefix
        id: String,
    },
    /// Decide an item (on a terminal without --principal: go through your undecided items)
    Decide(DecideArgs),
    /// Close a review: the default decision fills what nobody decided; --apply removes what was denied
    Complete {
        /// Review ID or a unique prefix
        id: String,
        /// Remove the assignments decided `deny` (never the last active Global or Privileged Role Administrator)
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["reviewers", "self_review"])))]
pub struct CreateArgs {
    /// What the review is called
    #[arg(long, value_name = "N")]
    pub name: String,
    /// The role whose holders are reviewed
    #[arg(long, value_name = "R")]
    pub role: String,
    /// [default: / for directory roles]
    #[arg(long, value_name = "S")]
    pub scope: Option<String>,
    /// Which assignments are reviewed
    #[arg(long, value_enum, default_value_t = ReviewedType::All)]
    pub assignment_type: ReviewedType,
    /// A reviewer: a user, or a group whose members review (repeatable)
    #[arg(long = "reviewer", value_name = "P")]
    pub reviewers: Vec<String>,
    /// Each principal reviews their own access
    #[arg(long)]
    pub self_review: bool,
    /// How long the review stays open [default: 30d]
    #[arg(long, value_name = "D")]
    pub duration: Option<String>,
    /// What undecided items become when the review completes
    #[arg(long, value_enum, default_value_t = DefaultDecision::None)]
    pub default_decision: DefaultDecision,
    /// Apply the decisions when the review ends by itself
    #[arg(long)]
    pub auto_apply: bool,
}

#[derive(Args, Debug)]
pub struct DecideArgs {
    /// Review ID or a unique prefix
    pub id: String,
    /// Whose access
    #[arg(long, value_name = "P", requires_all = ["decision", "justification"])]
    pub principal: Option<String>,
    /// Keep the access, remove it, or say you do not know
    #[arg(long, value_enum)]
    pub decision: Option<ItemDecision>,
    /// Why (required)
    #[arg(long, value_name = "J")]
    pub justification: Option<String>,
}

impl Tabular for ReviewView {
    fn headers() -> Vec<&'static str> {
        vec![
            "REVIEW",
            "NAME",
            "ROLE",
            "SCOPE",
            "STATUS",
            "DECIDED",
            "REVIEWERS",
            "DEFAULT",
            "END",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            if full {
                self.id.clone()
            } else {
                render::short_id(&self.id)
            },
            self.name.clone(),
            self.role.clone(),
            self.scope.clone(),
            self.status.clone(),
            format!("{}/{}", self.items_decided, self.items_total),
            if self.self_review {
                "(self)".into()
            } else {
                self.reviewers.join(" ")
            },
            self.default_decision.clone(),
            render::time_cell(self.end, full),
        ]
    }
}

impl Tabular for ItemView {
    fn headers() -> Vec<&'static str> {
        vec![
            "PRINCIPAL",
            "TYPE",
            "ASSIGNMENT",
            "LAST ACTIVATION",
            "RECOMMENDATION",
            "DECISION",
            "REVIEWER",
            "REASON",
            "APPLIED",
        ]
    }

    fn cells(&self, full: bool) -> Vec<String> {
        vec![
            self.principal.clone(),
            self.assignment_type.clone(),
            if full {
                self.assignment_id.clone()
            } else {
                render::short_id(&self.assignment_id)
            },
            self.last_activation
                .map(|t| render::time_cell(t, full))
                .unwrap_or_else(|| if full { String::new() } else { "never".into() }),
            self.recommendation.clone(),
            self.decision.clone(),
            self.reviewer.clone().unwrap_or_default(),
            self.justification.clone().unwrap_or_default(),
            self.apply_result.clone().unwrap_or_default(),
        ]
    }
}

fn print_review(env: &Env, v: &ReviewView) -> Result<()> {
    match env.ui.format {
        Format::Json | Format::Jsonl => render::json(&env.ui, v),
        Format::Csv => render::list(&env.ui, v.items.as_deref().unwrap_or_default(), ""),
        Format::Table => {
            env.ui.out(&format!(
                "review {} \"{}\": {} at {} ({}), {} of {} decided, ends {}",
                render::short_id(&v.id),
                v.name,
                v.role,
                v.scope,
                v.status,
                v.items_decided,
                v.items_total,
                render::when(v.end)
            ));
            render::list(
                &env.ui,
                v.items.as_deref().unwrap_or_default(),
                "nothing to review",
            )
        }
    }
}

pub fn run(cmd: ReviewCmd, env: &mut Env) -> Result<Status> {
    match cmd {
        ReviewCmd::Create(a) => {
            let input = CreateInput {
                name: a.name,
                role: a.role,
                scope: a.scope,
                assignment_type: match a.assignment_type {
                    ReviewedType::Eligible => "eligible",
                    ReviewedType::Active => "active",
                    ReviewedType::All => "all",
                }
                .into(),
                reviewers: a.reviewers,
                self_review: a.self_review,
                duration: a
                    .duration
                    .as_deref()
                    .map(schedule::parse_duration)
                    .transpose()?,
                default_decision: match a.default_decision {
                    DefaultDecision::None => "none",
                    DefaultDecision::Approve => "approve",
                    DefaultDecision::Deny => "deny",
                    DefaultDecision::Recommendation => "recommendation",
                }
                .into(),
                auto_apply: a.auto_apply,
            };
            let v = env.client.call(api::ReviewCreate { input })?;
            env.ui.note(&format!(
                "created review {} with {} item(s)",
                render::short_id(&v.id),
                v.items_total
            ));
            print_review(env, &v)?;
        }
        ReviewCmd::List => {
            let items = env.client.call(api::ReviewList {})?;
            render::list(&env.ui, &items, "no reviews")?;
        }
        ReviewCmd::Show { id } => {
            let v = env.client.call(api::ReviewShow { id })?;
            print_review(env, &v)?;
        }
        ReviewCmd::Decide(a) => {
            let decision = |d: ItemDecision| match d {
                ItemDecision::Approve => "approve",
                ItemDecision::Deny => "deny",
                ItemDecision::DontKnow => "dont_know",
            };
            match (a.principal, a.decision) {
                (Some(p), Some(d)) => {
                    let item = env.client.call(api::ReviewDecide {
                        id: a.id,
                        principal: p,
                        decision: decision(d).to_string(),
                        justification: a.justification,
                    })?;
                    env.ui.note(&format!(
                        "recorded {} for {}",
                        item.decision, item.principal
                    ));
                    render::one(&env.ui, &item)?;
                }
                _ => walk(env, &a.id)?,
            }
        }
        ReviewCmd::Complete { id, apply } => {
            let v = env.client.call(api::ReviewComplete { id, apply })?;
            env.ui.note(&format!(
                "completed review {}{}",
                render::short_id(&v.id),
                if v.applied { " and applied it" } else { "" }
            ));
            print_review(env, &v)?;
        }
    }
    Ok(0)
}

/// On a terminal: each undecided item in turn, approve / deny / don't know / skip, then why.
fn walk(env: &mut Env, id: &str) -> Result<()> {
    if !env.ui.interactive {
        return Err(super::error::needs_terminal(
            "review decide",
            "--principal P and --decision approve|deny|dont-know",
            "add --justification J; `pim review show ID` lists the items",
        ));
    }
    let items = env
        .client
        .call(api::ReviewUndecided { id: id.to_string() })?;
    if items.is_empty() {
        env.ui
            .note("nothing waits for your decision in this review");
        return Ok(());
    }
    let prompt_err = |e: dialoguer::Error| Error::invalid(format!("prompt failed: {e}"));
    for (i, item) in items.iter().enumerate() {
        env.ui.raw_err(&format!(
            "\n[{}/{}] {} ({}), last activation {}, recommendation: {}",
            i + 1,
            items.len(),
            item.principal,
            item.assignment_type,
            item.last_activation
                .map(render::when)
                .unwrap_or_else(|| "never".into()),
            item.recommendation
        ));
        let choice = dialoguer::Select::new()
            .with_prompt("Decision")
            .items(["approve", "deny", "don't know", "skip"])
            .default(3)
            .interact()
            .map_err(prompt_err)?;
        if choice == 3 {
            continue;
        }
        let why: String = dialoguer::Input::new()
            .with_prompt("Reason")
            .interact_text()
            .map_err(prompt_err)?;
        let d = ["approve", "deny", "dont_know"][choice];
        match env.client.call(api::ReviewDecide {
            id: id.to_string(),
            principal: item.principal_id.clone(),
            decision: d.to_string(),
            justification: Some(why),
        }) {
            Ok(done) => env.ui.note(&format!(
                "recorded {} for {}",
                done.decision, done.principal
            )),
            Err(e) => env.ui.warn(&e.to_string()),
        }
    }
    Ok(())
}
