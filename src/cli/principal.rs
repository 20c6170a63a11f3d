//! `pim principal add|list|show|update|enable|disable|remove`

use clap::{Args, Subcommand, ValueEnum};

use super::{Env, Format, Status, render};
use crate::api;
use crate::core::Result;
use crate::core::binding::BindInput;
use crate::core::model::PrincipalKind;
use crate::core::principal::{self, NewPrincipal};

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum KindArg {
    User,
    Group,
    ServicePrincipal,
}

impl From<KindArg> for PrincipalKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::User => PrincipalKind::User,
            KindArg::Group => PrincipalKind::Group,
            KindArg::ServicePrincipal => PrincipalKind::ServicePrincipal,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum PrincipalCmd {
    /// Add a user, group or service principal
    Add(AddArgs),
    /// List principals
    List {
        /// Only this kind
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
    },
    /// Show a principal, its groups, members and assignments
    Show {
        /// Name or ID prefix
        name: String,
    },
    /// Change a principal's email address (where notifications go), display name or object id
    Update {
        /// Name or ID prefix
        name: String,
        /// The new email address (where notifications go)
        #[arg(long, value_name = "E", conflicts_with = "clear_email")]
        email: Option<String>,
        /// Remove the email address
        #[arg(long)]
        clear_email: bool,
        /// The new display name
        #[arg(long, value_name = "D")]
        display_name: Option<String>,
        /// Bind an OS login name: a caller of `pim serve` with this login acts as the principal
        #[arg(long, value_name = "L", conflicts_with_all = ["email", "clear_email", "display_name"])]
        login: Option<String>,
        /// Bind a uid: a caller of `pim serve` with this uid acts as the principal
        #[arg(long, value_name = "N", conflicts_with_all = ["email", "clear_email", "display_name"])]
        uid: Option<u32>,
        /// Bind a client certificate by its SHA-256 fingerprint
        #[arg(long, value_name = "SHA256", conflicts_with_all = ["email", "clear_email", "display_name"])]
        cert_fingerprint: Option<String>,
        /// Unbind a client certificate's SHA-256 fingerprint: it names the principal no more
        #[arg(long, value_name = "SHA256", conflicts_with_all = ["email", "clear_email", "display_name"])]
        remove_cert_fingerprint: Option<String>,
        /// The principal's Microsoft Entra object id, by which Graph and ARM documents name it
        #[arg(long, value_name = "GUID", conflicts_with = "clear_object_id")]
        object_id: Option<String>,
        /// Remove the object id
        #[arg(long)]
        clear_object_id: bool,
        /// Check and say what would change; change nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Enable a disabled principal
    Enable {
        /// Name or ID prefix
        name: String,
    },
    /// Disable a principal: it holds nothing while disabled
    Disable {
        /// Name or ID prefix
        name: String,
    },
    /// Delete a principal
    Remove {
        /// Name or ID prefix
        name: String,
        /// Also remove the principal's assignments (each audited)
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// Login or user principal name, unique (case-insensitive)
    pub name: String,
    /// What kind of principal
    #[arg(long, value_enum, default_value_t = KindArg::User)]
    pub kind: KindArg,
    /// Where notifications go
    #[arg(long)]
    pub email: Option<String>,
    /// A name for people, e.g. "Frank Moreau"
    #[arg(long)]
    pub display_name: Option<String>,
    /// A group that can hold directory roles
    #[arg(long)]
    pub role_assignable: bool,
    /// An emergency-access account
    #[arg(long)]
    pub break_glass: bool,
    /// Its Microsoft Entra object id, by which Graph and ARM documents name it (unique)
    #[arg(long, value_name = "GUID")]
    pub object_id: Option<String>,
}

pub fn run(cmd: PrincipalCmd, env: &mut Env) -> Result<Status> {
    let ui = &env.ui;
    match cmd {
        PrincipalCmd::Add(a) => {
            let p = env.client.call(api::PrincipalAdd {
                principal: NewPrincipal {
                    name: a.name,
                    kind: Some(a.kind.into()),
                    email: a.email,
                    display_name: a.display_name,
                    role_assignable: a.role_assignable,
                    break_glass: a.break_glass,
                    object_id: a.object_id,
                },
            })?;
            ui.note(&format!(
                "added {} {} ({})",
                p.kind,
                p.name,
                render::short_id(&p.id)
            ));
            render::one(ui, &p)?;
        }
        PrincipalCmd::List { kind } => {
            let items = env.client.call(api::PrincipalList {
                kind: kind.map(Into::into),
            })?;
            render::list(ui, &items, "no principals")?;
        }
        PrincipalCmd::Show { name } => {
            let d = env.client.call(api::PrincipalShow { name })?;
            match ui.format {
                Format::Json | Format::Jsonl => render::json(ui, &d)?,
                _ => {
                    render::one(ui, &d.principal)?;
                    if ui.format == Format::Table {
                        if !d.groups.is_empty() {
                            ui.out(&format!("groups: {}", d.groups.join(", ")));
                        }
                        if !d.members.is_empty() {
                            ui.out(&format!("members: {}", d.members.join(", ")));
                        }
                        if !d.assignments.is_empty() {
                            ui.out("");
                            render::list(ui, &d.assignments, "")?;
                        }
                    }
                }
            }
        }
        PrincipalCmd::Update {
            name,
            email,
            clear_email,
            display_name,
            login,
            uid,
            cert_fingerprint,
            remove_cert_fingerprint,
            object_id,
            clear_object_id,
            dry_run,
        } => {
            let bind = BindInput {
                login,
                uid,
                cert_fingerprint,
                remove_cert_fingerprint,
            };
            if !bind.is_empty() {
                let b = env.client.call(api::PrincipalBind {
                    name,
                    bind,
                    dry_run,
                })?;
                ui.note(&if dry_run {
                    format!(
                        "dry run: would change the bindings of {}; nothing changed",
                        b.principal
                    )
                } else {
                    format!("bindings of {}:", b.principal)
                });
                match ui.format {
                    Format::Json => render::json(ui, &b)?,
                    _ => ui.out(&b.lines().join("\n")),
                }
                return Ok(0);
            }
            let u = principal::PrincipalUpdate {
                email: if clear_email {
                    Some(None)
                } else {
                    email.map(Some)
                },
                display_name: display_name.map(|d| Some(d).filter(|d| !d.is_empty())),
                object_id: if clear_object_id {
                    Some(None)
                } else {
                    object_id.map(Some)
                },
            };
            let (p, changed) = env.client.call(api::PrincipalUpdate {
                name,
                update: u,
                dry_run,
            })?;
            ui.note(&match (changed, dry_run) {
                (false, _) => format!("{} already is so; nothing changed", p.name),
                (true, true) => format!("dry run: would update {}; nothing changed", p.name),
                (true, false) => format!("updated {}", p.name),
            });
            render::one(ui, &p)?;
        }
        PrincipalCmd::Enable { name } => enable(env, &name, true)?,
        PrincipalCmd::Disable { name } => enable(env, &name, false)?,
        PrincipalCmd::Remove { name, force } => {
            // Confirm what will go; an unknown name is refused (and audited) by the removal itself.
            let target = env.client.call(api::PrincipalLookup { name: name.clone() });
            if let Ok(p) = &target
                && !ui.confirm(&format!("Delete {} '{}'", p.kind, p.name))?
            {
                ui.note("nothing changed");
                return Ok(1);
            }
            let id = target.map(|p| p.id).unwrap_or(name);
            let r = env.client.call(api::PrincipalRemove { name: id, force })?;
            ui.note(&format!(
                "removed {} {}{}",
                r.principal.kind,
                r.principal.name,
                if r.removed_assignments.is_empty() {
                    String::new()
                } else {
                    format!(" and {} assignment(s)", r.removed_assignments.len())
                }
            ));
            if ui.format.is_json() {
                render::json(ui, &r)?;
            }
        }
    }
    Ok(0)
}

fn enable(env: &mut Env, name: &str, on: bool) -> Result<()> {
    let (p, changed) = env.client.call(api::PrincipalEnable {
        name: name.to_string(),
        enabled: on,
    })?;
    let word = if on { "enabled" } else { "disabled" };
    if changed {
        env.ui.note(&format!("{word} {}", p.name));
    } else {
        env.ui
            .note(&format!("{} was already {word}; nothing changed", p.name));
    }
    render::one(&env.ui, &p)
}
