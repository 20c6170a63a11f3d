//! `pim group member add|remove|list`, and PIM for Groups: `pim group onboard|offboard|list`.

use clap::Subcommand;

use super::{Env, Status, render};
use crate::api;
use crate::core::Result;
use crate::core::group;

#[derive(Subcommand, Debug)]
pub enum GroupCmd {
    /// Static members of a group (`list` also shows active PIM members)
    #[command(subcommand)]
    Member(MemberCmd),
    /// Bring a security group under PIM for Groups: its membership and ownership can then be
    /// assigned (`pim assign --group G --access member|owner`), activated and governed by settings
    Onboard {
        /// The group (name or ID prefix)
        group: String,
        /// Check and say what would happen; change nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Take a group out of PIM for Groups (refused while it has member or owner assignments)
    Offboard {
        /// The group (name or ID prefix)
        group: String,
        /// Check and say what would happen; change nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// The groups under PIM for Groups
    List,
}

impl render::Tabular for group::OnboardedGroup {
    fn headers() -> Vec<&'static str> {
        vec!["GROUP", "SCOPE", "ROLE-ASSIGNABLE", "ASSIGNMENTS"]
    }

    fn cells(&self, _full: bool) -> Vec<String> {
        vec![
            self.group.clone(),
            self.scope.clone(),
            if self.role_assignable { "yes" } else { "no" }.into(),
            self.assignments.to_string(),
        ]
    }
}

#[derive(Subcommand, Debug)]
pub enum MemberCmd {
    /// Add a member to a group
    Add {
        /// The group (name or ID prefix)
        group: String,
        /// The user, service principal or group to add
        member: String,
    },
    /// Remove a member from a group
    Remove {
        /// The group (name or ID prefix)
        group: String,
        /// The member to remove
        member: String,
    },
    /// List a group's members
    List {
        /// The group (name or ID prefix)
        group: String,
    },
}

pub fn run(cmd: GroupCmd, env: &mut Env) -> Result<Status> {
    let ui = &env.ui;
    let cmd = match cmd {
        GroupCmd::Member(m) => m,
        GroupCmd::Onboard { group, dry_run } => {
            let (g, new) = env.client.call(api::GroupOnboard { group, dry_run })?;
            let what = if !new {
                format!(
                    "{} is already under PIM for Groups; nothing changed",
                    g.group
                )
            } else if dry_run {
                format!(
                    "dry run: would bring {} under PIM for Groups at {}; nothing changed",
                    g.group, g.scope
                )
            } else {
                format!("{} is under PIM for Groups at {}", g.group, g.scope)
            };
            ui.note(&what);
            render::one(ui, &g)?;
            return Ok(0);
        }
        GroupCmd::Offboard { group, dry_run } => {
            let g = env.client.call(api::GroupOffboard { group, dry_run })?;
            ui.note(&if dry_run {
                format!(
                    "dry run: would take {} out of PIM for Groups; nothing changed",
                    g.group
                )
            } else {
                format!("{} is no longer under PIM for Groups", g.group)
            });
            render::one(ui, &g)?;
            return Ok(0);
        }
        GroupCmd::List => {
            let items = env.client.call(api::GroupList {})?;
            render::list(ui, &items, "no group is under PIM for Groups")?;
            return Ok(0);
        }
    };
    match cmd {
        MemberCmd::Add { group, member } => {
            if env.client.call(api::MemberAdd {
                group: group.clone(),
                member: member.clone(),
            })? {
                ui.note(&format!("added {member} to {group}"));
            } else {
                ui.note(&format!(
                    "{member} is already a member of {group}; nothing changed"
                ));
            }
        }
        MemberCmd::Remove { group, member } => {
            env.client.call(api::MemberRemove {
                group: group.clone(),
                member: member.clone(),
            })?;
            ui.note(&format!("removed {member} from {group}"));
        }
        MemberCmd::List { group } => {
            let items = env.client.call(api::MemberList { group })?;
            render::list(ui, &items, "no members")?;
        }
    }
    Ok(0)
}
