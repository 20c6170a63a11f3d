//! `pim settings export (--role R [--scope S] | --group G --access A | --all)
//! [--format toml|graph|arm]`

use clap::{Args, ValueEnum};

use crate::api;
use crate::cli::target::GroupArgs;
use crate::cli::{Env, Status};
use crate::core::Result;
use crate::core::msformat::policy::Format;
use crate::core::settings::{self, Selector};

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// pim's settings file, which `pim settings import` reads
    Toml,
    /// Microsoft Graph: the policy's 17 rules as `PATCH /policies/roleManagementPolicies/{id}`
    /// takes them (directory roles and PIM for Groups)
    Graph,
    /// Azure Resource Manager: the roleManagementPolicies PATCH body (Azure roles)
    Arm,
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
    /// Every role and scope whose settings differ from the defaults (graph and arm: a list of
    /// policy assignments, each with its role, scope and rules)
    #[arg(long, conflicts_with = "role")]
    pub all: bool,
    /// The file format; the file goes to stdout whatever --output says
    #[arg(long, value_enum, default_value_t = ExportFormat::Toml)]
    pub format: ExportFormat,
}

pub fn run(a: ExportArgs, env: &mut Env) -> Result<Status> {
    let (role, scope) = a.group.or_role(a.role, a.scope);
    let sel = role.map(|role| Selector { role, scope });
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let fmt = match a.format {
        ExportFormat::Toml => {
            let ex = env.client.call(api::SettingsExport { selector: sel })?;
            if ex.views.is_empty() && ex.hidden == 0 {
                env.ui
                    .note("every role has Entra's default settings: nothing to export");
            }
            if ex.hidden > 0 {
                env.ui.note(&format!(
                    "left out {} role setting{} you may not view",
                    ex.hidden,
                    plural(ex.hidden)
                ));
            }
            env.ui.out_exact(settings::to_toml(&ex.views).trim_end());
            return Ok(0);
        }
        ExportFormat::Graph => Format::Graph,
        ExportFormat::Arm => Format::Arm,
    };
    let ex = env.client.call(api::SettingsExportPolicy {
        selector: sel,
        format: fmt,
    })?;
    if ex.hidden > 0 {
        env.ui.note(&format!(
            "left out {} role setting{} you may not view",
            ex.hidden,
            plural(ex.hidden)
        ));
    }
    if !ex.left_out.is_empty() {
        env.ui.note(&format!(
            "left out {} role setting{} of the other format ({}): export {} with --format {}",
            ex.left_out.len(),
            plural(ex.left_out.len()),
            ex.left_out.join(", "),
            if fmt == Format::Graph {
                "Azure roles"
            } else {
                "directory and group roles"
            },
            if fmt == Format::Graph { "arm" } else { "graph" },
        ));
    }
    let text = serde_json::to_string_pretty(&ex.document)
        .map_err(|e| crate::core::Error::invalid(format!("cannot write JSON: {e}")))?;
    env.ui.out_exact(&text);
    Ok(0)
}
