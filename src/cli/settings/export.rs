//! `pim settings export (--role R [--scope S] | --all) [--format toml]`

use clap::{Args, ValueEnum};

use crate::api;
use crate::cli::target::GroupArgs;
use crate::cli::{Env, Status};
use crate::core::settings::{self, Selector};
use crate::core::{Error, Result};

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// pim's settings file, which `pim settings import` reads
    Toml,
    /// Microsoft Graph unifiedRoleManagementPolicy JSON (not supported yet)
    Graph,
}

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["role", "all", "group"]))]
pub struct ExportArgs {
    /// The role, by name or template GUID
    #[arg(long, value_name = "R")]
    pub role: Option<String>,
    /// The scope [default: / for directory roles; Azure roles need one]
    #[arg(long, value_name = "S", requires = "role")]
    pub scope: Option<String>,
    #[command(flatten)]
    pub group: GroupArgs,
    /// Every role and scope whose settings differ from the defaults
    #[arg(long, conflicts_with = "role")]
    pub all: bool,
    /// The file format; the file goes to stdout whatever --output says
    #[arg(long, value_enum, default_value_t = ExportFormat::Toml)]
    pub format: ExportFormat,
}

pub fn run(a: ExportArgs, env: &mut Env) -> Result<Status> {
    if a.format == ExportFormat::Graph {
        return Err(Error::invalid_with_hint(
            "--format graph is not supported yet",
            "export TOML (the default) for now",
        ));
    }
    let (role, scope) = a.group.or_role(a.role, a.scope);
    let sel = role.map(|role| Selector { role, scope });
    let ex = env.client.call(api::SettingsExport { selector: sel })?;
    if ex.views.is_empty() && ex.hidden == 0 {
        env.ui
            .note("every role has Entra's default settings: nothing to export");
    }
    if ex.hidden > 0 {
        env.ui.note(&format!(
            "left out {} role setting{} you may not view",
            ex.hidden,
            if ex.hidden == 1 { "" } else { "s" }
        ));
    }
    env.ui.out(settings::to_toml(&ex.views).trim_end());
    Ok(0)
}
