//! `--group G --access member|owner`: the PIM-for-Groups selector, beside `--role R [--scope S]`.
//! A group's membership and ownership are the roles `Group Member` and `Group Owner` at the
//! group's scope, `/groups/{name}`.

use clap::{Args, ValueEnum};

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessArg {
    Member,
    Owner,
}

impl AccessArg {
    pub fn role_name(self) -> &'static str {
        match self {
            AccessArg::Member => "Group Member",
            AccessArg::Owner => "Group Owner",
        }
    }
}

#[derive(Args, Debug, Clone, Default)]
pub struct GroupArgs {
    /// A group under PIM for Groups (with --access), instead of --role
    #[arg(long, value_name = "G", requires = "access", conflicts_with_all = ["role", "scope"])]
    pub group: Option<String>,
    /// With --group: its membership or its ownership
    #[arg(long, value_name = "A", value_enum, requires = "group")]
    pub access: Option<AccessArg>,
}

impl GroupArgs {
    /// The role and scope the selector stands for, when given.
    pub fn target(&self) -> Option<(String, String)> {
        match (&self.group, self.access) {
            (Some(g), Some(a)) => Some((a.role_name().to_string(), format!("/groups/{g}"))),
            _ => None,
        }
    }

    /// `--role R [--scope S]` or `--group G --access A`, as a role and an optional scope.
    pub fn or_role(
        &self,
        role: Option<String>,
        scope: Option<String>,
    ) -> (Option<String>, Option<String>) {
        match self.target() {
            Some((r, s)) => (Some(r), Some(s)),
            None => (role, scope),
        }
    }
}
