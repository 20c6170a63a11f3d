//! `pim group member add|remove|list`

use clap::Subcommand;

use super::{Env, Status, render};
use crate::core::Result;
use crate::core::group;

#[derive(Subcommand, Debug)]
pub enum GroupCmd {
    /// Static members of a group
    #[command(subcommand)]
    Member(MemberCmd),
}

#[derive(Subcommand, Debug)]
pub enum MemberCmd {
    /// Add a member to a group
    Add { group: String, member: String },
    /// Remove a member from a group
    Remove { group: String, member: String },
    /// List a group's members
    List { group: String },
}

pub fn run(cmd: GroupCmd, env: &mut Env) -> Result<Status> {
    let mut db = env.open()?;
    let ui = &env.ui;
    let GroupCmd::Member(cmd) = cmd;
    match cmd {
        MemberCmd::Add { group, member } => {
            if group::add_member(&mut db, &env.ctx, &group, &member)? {
                ui.note(&format!("added {member} to {group}"));
            } else {
                ui.note(&format!(
                    "{member} is already a member of {group}; nothing changed"
                ));
            }
        }
        MemberCmd::Remove { group, member } => {
            group::remove_member(&mut db, &env.ctx, &group, &member)?;
            ui.note(&format!("removed {member} from {group}"));
        }
        MemberCmd::List { group } => {
            let items = group::members(&mut db, &env.ctx, &group)?;
            render::list(ui, &items, "no members")?;
        }
    }
    Ok(0)
}
