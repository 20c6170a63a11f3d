//! Shell completion of names from the database: principals, groups, roles, scopes and waiting
//! requests, offered by clap_complete's dynamic engine (`COMPLETE=SHELL pim -- …`, which the
//! scripts of `pim completions SHELL` call on each Tab).
//!
//! When a server is configured (`--server` on the line being completed, `PIM_SERVER`, or
//! `[client] server`), the names come from it instead, with the same client the commands use: no
//! database file is opened, and the server offers only what the caller may see (the waiting
//! requests `approve` and `deny` offer are the ones the caller may decide).
//!
//! Completion never writes and never fails loudly: it opens the database read-only, gives a server
//! [`SERVER_WAIT`] to answer, and anything that goes wrong (no database, a locked or foreign file,
//! an unreadable config, a server out of reach or refusing the caller) offers nothing.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::Command;
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

pub use crate::api::Names;
use crate::store;

/// How long completion waits for a server (to connect, to answer) before it offers nothing.
const SERVER_WAIT: Duration = Duration::from_secs(2);

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
        "id" if matches!(parent, "approve" | "deny") => Names::ToDecide,
        "id" if parent == "request" => Names::Requests,
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

/// The config file the command being completed would read: `--config` on its line,
/// `PIM_CONFIG`, or the default in the user config directory.
fn config_path(args: &[OsString]) -> Option<PathBuf> {
    option_on_line(args, "--config")
        .or_else(|| std::env::var_os("PIM_CONFIG").map(PathBuf::from))
        .or_else(|| super::project_dirs().map(|d| d.config_dir().join("config.toml")))
}

/// The config file, when there is one that reads.
fn config(args: &[OsString]) -> Option<(PathBuf, super::Config)> {
    let path = config_path(args)?;
    let text = std::fs::read_to_string(&path).ok()?;
    let c = toml::from_str::<super::Config>(&text).ok()?;
    Some((path, c))
}

/// The database the command being completed would use: `--db` on its line, `PIM_DB`, the config
/// file's `db`, or the default in the user data directory.
fn db_path(args: &[OsString], config: Option<&super::Config>) -> Option<PathBuf> {
    if let Some(p) = option_on_line(args, "--db") {
        return Some(p);
    }
    if let Some(p) = std::env::var_os("PIM_DB").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if let Some(db) = config.and_then(|c| c.db.clone()) {
        return Some(db);
    }
    super::project_dirs().map(|d| d.data_dir().join("pim.db"))
}

/// The server the command being completed would go to, as a client ready to ask it: `--server`
/// on its line, `PIM_SERVER`, or `[client] server`, with the TLS files found the same ways.
/// `Some(None)` when a server is configured but no client can be made for it.
fn server(
    args: &[OsString],
    config: Option<&(PathBuf, super::Config)>,
) -> Option<Option<crate::client::Remote>> {
    let client = config.map(|(_, c)| &c.client);
    let url = option_on_line(args, "--server")
        .map(|p| p.to_string_lossy().into_owned())
        .or_else(|| {
            std::env::var_os("PIM_SERVER")
                .filter(|v| !v.is_empty())
                .map(|v| v.to_string_lossy().into_owned())
        })
        .or_else(|| client.and_then(|c| c.server.clone()))?;
    let dir = config.and_then(|(p, _)| p.parent().map(std::path::Path::to_path_buf));
    let file = |long: &str, var: &str, configured: Option<&PathBuf>| {
        option_on_line(args, long)
            .or_else(|| {
                std::env::var_os(var)
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(|| {
                configured.map(|p| match &dir {
                    Some(d) if p.is_relative() => d.join(p),
                    _ => p.clone(),
                })
            })
    };
    let tls = crate::client::TlsFiles {
        cert: file(
            "--client-cert",
            "PIM_CLIENT_CERT",
            client.and_then(|c| c.client_cert.as_ref()),
        ),
        key: file(
            "--client-key",
            "PIM_CLIENT_KEY",
            client.and_then(|c| c.client_key.as_ref()),
        ),
        ca: file("--ca", "PIM_CA", client.and_then(|c| c.ca.as_ref())),
    };
    let now = std::env::var("PIM_NOW")
        .ok()
        .filter(|_| cfg!(debug_assertions));
    Some(
        crate::client::Endpoint::parse(&url)
            .and_then(|e| crate::client::Remote::new(e, now, &tls))
            .ok()
            .map(|r| r.waiting(SERVER_WAIT)),
    )
}

/// The candidates for `names`: from the server when one is configured, else from the database;
/// none when either cannot be read.
pub fn candidates(names: Names) -> Vec<CompletionCandidate> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let config = config(&args);
    let found = match server(&args, config.as_ref()) {
        Some(remote) => remote.and_then(|mut r| {
            crate::api::Op::call_remote(crate::api::Complete { names }, &mut r).ok()
        }),
        None => db_path(&args, config.as_ref().map(|(_, c)| c))
            .and_then(|p| store::open_read_only(&p))
            .and_then(|c| from_database(&c, names).ok()),
    };
    found
        .unwrap_or_default()
        .into_iter()
        .map(|(value, help)| CompletionCandidate::new(value).help(help.map(Into::into)))
        .collect()
}

/// The names in the database (the embedded mode: every waiting request, whoever may decide it).
fn from_database(c: &store::Conn, names: Names) -> store::Result<Vec<(String, Option<String>)>> {
    match names {
        Names::Principals | Names::Groups => {
            let kind = (names == Names::Groups).then_some("group");
            store::complete::principals(c, kind).map(|rows| {
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
            store::role::all_names(c).map(|v| v.into_iter().map(|n| (n, None)).collect())
        }
        Names::Scopes => {
            store::scope::all_paths(c).map(|v| v.into_iter().map(|n| (n, None)).collect())
        }
        Names::Requests | Names::ToDecide => store::complete::pending_requests(c)
            .map(|v| v.into_iter().map(|(id, what)| (id, Some(what))).collect()),
    }
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
        assert_eq!(names_of("approve", "id"), Some(Names::ToDecide));
        assert_eq!(names_of("request cancel", "id"), Some(Names::Requests));
        assert_eq!(names_of("assign show", "id"), None);
        assert_eq!(names_of("group member add", "group"), Some(Names::Groups));
    }
}
