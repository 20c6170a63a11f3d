//! Shell completion of names from the database: principals, groups, roles, scopes and waiting
//! requests, offered by clap_complete's dynamic engine (`COMPLETE=SHELL pim -- …`, which the
//! scripts of `pim completions SHELL` call on each Tab).
//!
//! Completion never writes and never fails loudly: it opens the database read-only, and anything
//! that goes wrong (no database, a locked or foreign file, an unreadable config) offers nothing.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Command;
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

use crate::store;

/// What an argument names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Names {
    Principals,
    Groups,
    Roles,
    Scopes,
    Requests,
}

/// The names an argument of the command at `path` takes, if any (ids as clap derives them).
fn names_of(path: &str, arg: &str) -> Option<Names> {
    let parent = path.split(' ').next().unwrap_or("");
    Some(match arg {
        "principal" | "approver" | "reviewers" | "acting_principal" | "actor" | "member" => {
            Names::Principals
        }
        "group" => Names::Groups,
        "role" => Names::Roles,
        "scope" | "parent" => Names::Scopes,
        "path" if path == "scope remove" => Names::Scopes,
        "name" if parent == "principal" && path != "principal add" => Names::Principals,
        "id" if matches!(parent, "approve" | "deny" | "request") => Names::Requests,
        _ => return None,
    })
}

/// Attaches the database's names to the arguments of the command at `path` that take one.
pub fn attach(mut cmd: Command, path: &str) -> Command {
    let ids: Vec<(String, Names)> = cmd
        .get_arguments()
        .filter_map(|a| {
            let id = a.get_id().as_str();
            names_of(path, id).map(|n| (id.to_string(), n))
        })
        .collect();
    for (id, names) in ids {
        cmd = cmd.mut_arg(id, |a| {
            a.add(ArgValueCandidates::new(move || candidates(names)))
        });
    }
    cmd
}

/// The value of a global option on the command line being completed (`--db PATH`, `--db=PATH`).
fn option_on_line(args: &[OsString], long: &str) -> Option<PathBuf> {
    let eq = format!("{long}=");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let a = a.to_string_lossy();
        if a == long {
            return it.next().map(PathBuf::from);
        }
        if let Some(v) = a.strip_prefix(&eq) {
            return Some(PathBuf::from(v));
        }
    }
    None
}

/// The database the command being completed would use: `--db` on its line, `PIM_DB`, the config
/// file's `db`, or the default in the user data directory.
fn db_path() -> Option<PathBuf> {
    let args: Vec<OsString> = std::env::args_os().collect();
    if let Some(p) = option_on_line(&args, "--db") {
        return Some(p);
    }
    if let Some(p) = std::env::var_os("PIM_DB").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let dirs = super::project_dirs();
    let config = option_on_line(&args, "--config")
        .or_else(|| std::env::var_os("PIM_CONFIG").map(PathBuf::from))
        .or_else(|| dirs.as_ref().map(|d| d.config_dir().join("config.toml")));
    if let Some(text) = config.and_then(|p| std::fs::read_to_string(p).ok())
        && let Ok(c) = toml::from_str::<super::Config>(&text)
        && let Some(db) = c.db
    {
        return Some(db);
    }
    dirs.map(|d| d.data_dir().join("pim.db"))
}

/// The candidates for `names`; none when the database cannot be read.
pub fn candidates(names: Names) -> Vec<CompletionCandidate> {
    let Some(c) = db_path().and_then(|p| store::open_read_only(&p)) else {
        return Vec::new();
    };
    let found: store::Result<Vec<(String, Option<String>)>> = match names {
        Names::Principals | Names::Groups => {
            let kind = (names == Names::Groups).then_some("group");
            store::complete::principals(&c, kind).map(|rows| {
                rows.into_iter()
                    .map(|(name, kind, display)| {
                        let help = match display {
                            Some(d) => format!("{kind}: {d}"),
                            None => kind,
                        };
                        (name, Some(help))
                    })
                    .collect()
            })
        }
        Names::Roles => {
            store::role::all_names(&c).map(|v| v.into_iter().map(|n| (n, None)).collect())
        }
        Names::Scopes => {
            store::scope::all_paths(&c).map(|v| v.into_iter().map(|n| (n, None)).collect())
        }
        Names::Requests => store::complete::pending_requests(&c)
            .map(|v| v.into_iter().map(|(id, what)| (id, Some(what))).collect()),
    };
    found
        .unwrap_or_default()
        .into_iter()
        .map(|(value, help)| CompletionCandidate::new(value).help(help.map(Into::into)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_option_is_found_in_both_spellings() {
        let line: Vec<OsString> = ["pim", "--", "pim", "--db", "/tmp/a.db", "status"]
            .map(OsString::from)
            .to_vec();
        assert_eq!(
            option_on_line(&line, "--db"),
            Some(PathBuf::from("/tmp/a.db"))
        );
        let line: Vec<OsString> = ["pim", "--db=/tmp/b.db"].map(OsString::from).to_vec();
        assert_eq!(
            option_on_line(&line, "--db"),
            Some(PathBuf::from("/tmp/b.db"))
        );
        assert_eq!(option_on_line(&line, "--config"), None);
    }

    #[test]
    fn arguments_that_name_things_get_candidates() {
        assert_eq!(names_of("assign", "principal"), Some(Names::Principals));
        assert_eq!(names_of("principal show", "name"), Some(Names::Principals));
        assert_eq!(names_of("principal add", "name"), None);
        assert_eq!(names_of("role show", "role"), Some(Names::Roles));
        assert_eq!(names_of("scope remove", "path"), Some(Names::Scopes));
        assert_eq!(names_of("scope add", "path"), None);
        assert_eq!(names_of("approve", "id"), Some(Names::Requests));
        assert_eq!(names_of("assign show", "id"), None);
        assert_eq!(names_of("group member add", "group"), Some(Names::Groups));
    }
}
