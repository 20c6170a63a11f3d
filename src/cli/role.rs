//! `pim role list|show|create|delete`

use clap::{Subcommand, ValueEnum};

use super::{Env, Status, render};
use crate::api;
use crate::core::Result;
use crate::core::model::RoleKind;

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum RoleKindArg {
    Directory,
    Azure,
    Group,
}

impl From<RoleKindArg> for RoleKind {
    fn from(k: RoleKindArg) -> Self {
        match k {
            RoleKindArg::Directory => RoleKind::Directory,
            RoleKindArg::Azure => RoleKind::Azure,
            RoleKindArg::Group => RoleKind::Group,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum CustomKindArg {
    Directory,
    Azure,
}

#[derive(Subcommand, Debug)]
pub enum RoleCmd {
    /// List role definitions
    List {
        /// Only roles of this kind
        #[arg(long, value_enum)]
        kind: Option<RoleKindArg>,
        /// Only roles labelled privileged
        #[arg(long)]
        privileged: bool,
    },
    /// Show a role definition
    Show {
        /// Name, template GUID, or ID prefix
        role: String,
    },
    /// Create a custom role with permissions
    Create {
        /// The new role's name, unique (case-insensitive)
        name: String,
        /// Directory roles apply at / and administrative units, Azure roles at Azure scopes
        #[arg(long, value_enum)]
        kind: CustomKindArg,
        /// A resource action the role grants, e.g. microsoft.directory/users/password/update
        #[arg(long = "permission", value_name = "ACTION", required = true)]
        permissions: Vec<String>,
        /// What the role is for
        #[arg(long)]
        description: Option<String>,
    },
    /// Delete a custom role that has no assignments
    Delete {
        /// Name or ID prefix
        role: String,
    },
}

pub fn run(cmd: RoleCmd, env: &mut Env) -> Result<Status> {
    let ui = &env.ui;
    match cmd {
        RoleCmd::List { kind, privileged } => {
            let items = env.client.call(api::RoleList {
                kind: kind.map(Into::into),
                privileged,
            })?;
            render::list(ui, &items, "no roles")?;
        }
        RoleCmd::Show { role: name } => {
            let r = env.client.call(api::RoleShow { name })?;
            render::one(ui, &r)?;
        }
        RoleCmd::Create {
            name,
            kind,
            permissions,
            description,
        } => {
            let kind = match kind {
                CustomKindArg::Directory => RoleKind::Directory,
                CustomKindArg::Azure => RoleKind::Azure,
            };
            let r = env.client.call(api::RoleCreate {
                name,
                kind,
                permissions,
                description,
            })?;
            ui.note(&format!("created {} role {}", r.kind, r.name));
            render::one(ui, &r)?;
        }
        RoleCmd::Delete { role: name } => {
            let r = env.client.call(api::RoleDelete { name })?;
            ui.note(&format!("deleted role {}", r.name));
        }
    }
    Ok(0)
}
