//! `pim scope add|list|remove`

use clap::Subcommand;

use super::{Env, Format, Status, render};
use crate::api;
use crate::core::Result;
use crate::core::scope::{self, ScopeNode};

#[derive(Subcommand, Debug)]
pub enum ScopeCmd {
    /// Add a scope: an administrative unit, management group, subscription, resource group or resource
    Add {
        /// The scope path, e.g. /subscriptions/prod/resourceGroups/rg-web
        path: String,
        /// A display name
        #[arg(long)]
        name: Option<String>,
        /// The management group a management group or subscription sits under [default: /]
        #[arg(long, value_name = "PATH")]
        parent: Option<String>,
    },
    /// List scopes
    List {
        /// Draw the hierarchy
        #[arg(long)]
        tree: bool,
    },
    /// Remove a scope with nothing below it and no assignments
    Remove {
        /// The scope's path
        path: String,
    },
}

fn draw(nodes: &[ScopeNode], prefix: &str, out: &mut Vec<String>) {
    for (i, n) in nodes.iter().enumerate() {
        let last = i + 1 == nodes.len();
        let label = match &n.scope.name {
            Some(name) => format!("{} ({}, {name})", n.scope.path, n.scope.kind),
            None => format!("{} ({})", n.scope.path, n.scope.kind),
        };
        if prefix.is_empty() && out.is_empty() && n.scope.parent.is_none() {
            out.push(label);
            draw(&n.children, "", out);
            continue;
        }
        out.push(format!(
            "{prefix}{}{label}",
            if last { "└── " } else { "├── " }
        ));
        let next = format!("{prefix}{}", if last { "    " } else { "│   " });
        draw(&n.children, &next, out);
    }
}

pub fn run(cmd: ScopeCmd, env: &mut Env) -> Result<Status> {
    let ui = &env.ui;
    match cmd {
        ScopeCmd::Add { path, name, parent } => {
            let s = env.client.call(api::ScopeAdd { path, name, parent })?;
            ui.note(&format!("added {} {}", s.kind, s.path));
            render::one(ui, &s)?;
        }
        ScopeCmd::List { tree } => {
            let items = env.client.call(api::ScopeList {})?;
            if tree {
                let nodes = scope::tree(items);
                match ui.format {
                    Format::Json | Format::Jsonl => render::json(ui, &nodes)?,
                    _ => {
                        let mut lines = Vec::new();
                        draw(&nodes, "", &mut lines);
                        ui.out(&lines.join("\n"));
                    }
                }
            } else {
                render::list(ui, &items, "no scopes")?;
            }
        }
        ScopeCmd::Remove { path } => {
            let s = env.client.call(api::ScopeRemove { path })?;
            ui.note(&format!("removed {} {}", s.kind, s.path));
        }
    }
    Ok(0)
}
