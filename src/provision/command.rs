//! The `command` connector: a program given each action as JSON on stdin.
//!
//! ```toml
//! [provision.audit-box]
//! kind = "command"
//! command = ["/usr/local/bin/grant-access", "--box", "audit"]
//! timeout = "30s"          # optional; the program is killed after it
//! ```
//!
//! A grant or revoke gets the [`Item`] (`action`, `principal`, `role`, `scope`, `assignment_id`,
//! `end`, `options`); exit 0 means done, anything else is a failure whose error is the program's
//! stderr. `list` gets `{"action": "list"}` and prints one principal per line, optionally followed
//! by a tab and what it holds (the detail; the target's name when absent).

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use super::connector::{Connector, ConnectorError, Held, Item};

/// The most characters of a program's stderr kept as the error.
const MAX_ERROR: usize = 500;
/// The default time a program may take.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Command {
    name: String,
    argv: Vec<String>,
    timeout: Duration,
}

impl Command {
    pub fn from_config(name: &str, table: &toml::Table) -> Result<Command, ConnectorError> {
        super::known_keys(name, table, &["command", "timeout"])?;
        let argv: Vec<String> = match table.get("command") {
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<_>>()
                .ok_or_else(|| {
                    ConnectorError(format!(
                        "target '{name}': `command` must be a list of strings"
                    ))
                })?,
            Some(_) => {
                return Err(ConnectorError(format!(
                    "target '{name}': `command` must be a list of strings, such as [\"/usr/local/bin/grant\", \"--verbose\"]"
                )));
            }
            None => {
                return Err(ConnectorError(format!(
                    "target '{name}': `command` is missing (the program and its arguments)"
                )));
            }
        };
        if argv.first().is_none_or(|p| p.trim().is_empty()) {
            return Err(ConnectorError(format!(
                "target '{name}': `command` names no program"
            )));
        }
        let timeout = match table.get("timeout") {
            None => DEFAULT_TIMEOUT,
            Some(toml::Value::Integer(n)) if *n > 0 => Duration::from_secs(*n as u64),
            Some(toml::Value::String(s)) => match crate::core::schedule::parse_duration(s) {
                Ok(secs) if secs > 0 => Duration::from_secs(secs as u64),
                _ => {
                    return Err(ConnectorError(format!(
                        "target '{name}': `timeout` '{s}' is not a duration such as 30s or 2m"
                    )));
                }
            },
            Some(_) => {
                return Err(ConnectorError(format!(
                    "target '{name}': `timeout` must be a duration such as \"30s\""
                )));
            }
        };
        Ok(Command {
            name: name.to_string(),
            argv,
            timeout,
        })
    }

    /// Runs the program with `input` on stdin; its stdout when it exits 0.
    fn run(&self, input: &[u8]) -> Result<String, ConnectorError> {
        let mut cmd = std::process::Command::new(&self.argv[0]);
        cmd.args(&self.argv[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own process group, so that a timeout kills what it started too.
            .process_group(0);
        let mut child = cmd
            .spawn()
            .map_err(|e| ConnectorError(format!("cannot run {}: {e}", self.argv[0])))?;
        let pid = child.id() as i32;
        let mut stdin = child.stdin.take();
        let input = input.to_vec();
        let writer = std::thread::spawn(move || {
            if let Some(s) = stdin.as_mut() {
                // A program that does not read its input is not an error.
                let _ = s.write_all(&input);
            }
            drop(stdin);
        });
        let mut out = child.stdout.take();
        let reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(o) = out.as_mut() {
                let _ = o.read_to_end(&mut buf);
            }
            buf
        });
        let mut err = child.stderr.take();
        let err_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(e) = err.as_mut() {
                let _ = (&mut *e).take(64 * 1024).read_to_end(&mut buf);
                // Read the rest away, so that the program never blocks on a full pipe.
                let _ = std::io::copy(e, &mut std::io::sink());
            }
            buf
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait());
        });
        let status = match rx.recv_timeout(self.timeout) {
            Ok(s) => s.map_err(|e| ConnectorError(format!("{}: {e}", self.argv[0])))?,
            Err(_) => {
                // SAFETY: kill has no memory-safety preconditions; the group is the child's own.
                unsafe {
                    libc::kill(-pid, libc::SIGKILL);
                }
                let _ = rx.recv();
                let _ = writer.join();
                return Err(ConnectorError(format!(
                    "{} timed out after {}s and was killed",
                    self.argv[0],
                    self.timeout.as_secs()
                )));
            }
        };
        let _ = writer.join();
        let stdout = reader.join().unwrap_or_default();
        let stderr = err_reader.join().unwrap_or_default();
        if status.success() {
            return Ok(String::from_utf8_lossy(&stdout).into_owned());
        }
        let text = String::from_utf8_lossy(&stderr);
        let text = text.trim();
        let why = match status.code() {
            Some(c) => format!("exit status {c}"),
            None => "killed by a signal".to_string(),
        };
        Err(ConnectorError(if text.is_empty() {
            format!("{} failed ({why})", self.argv[0])
        } else {
            format!("{} ({why})", crate::core::session::bounded(text, MAX_ERROR))
        }))
    }
}

impl Connector for Command {
    fn apply(&self, item: &Item) -> Result<(), ConnectorError> {
        let input = serde_json::to_vec(item)
            .map_err(|e| ConnectorError(format!("cannot encode the action: {e}")))?;
        self.run(&input).map(|_| ())
    }

    fn list(&self) -> Result<Vec<Held>, ConnectorError> {
        let out = self.run(br#"{"action":"list"}"#)?;
        let mut held: Vec<Held> = out
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .map(|l| match l.split_once('\t') {
                Some((p, d)) => Held {
                    principal: p.trim().to_string(),
                    detail: d.trim().to_string(),
                },
                None => Held {
                    principal: l.trim().to_string(),
                    detail: self.name.clone(),
                },
            })
            .collect();
        held.sort();
        held.dedup();
        Ok(held)
    }

    fn held(&self, item: &Item) -> Held {
        Held {
            principal: item.principal.clone(),
            detail: item
                .options
                .get("detail")
                .cloned()
                .unwrap_or_else(|| self.name.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn table(text: &str) -> toml::Table {
        text.parse().unwrap()
    }

    fn item() -> Item {
        Item {
            action: super::super::connector::Action::Grant,
            principal: "alice".into(),
            role: "Reader".into(),
            scope: "/".into(),
            assignment_id: "a1".into(),
            end: None,
            options: BTreeMap::new(),
        }
    }

    #[test]
    fn config_is_checked() {
        assert!(Command::from_config("t", &table("")).is_err());
        assert!(Command::from_config("t", &table("command = \"/bin/true\"")).is_err());
        assert!(Command::from_config("t", &table("command = []")).is_err());
        assert!(Command::from_config("t", &table("command = [\"/bin/true\"]\nfoo = 1")).is_err());
        let c = Command::from_config("t", &table("command = [\"/bin/true\"]\ntimeout = \"2m\""))
            .unwrap();
        assert_eq!(c.timeout, Duration::from_secs(120));
    }

    #[test]
    fn exit_status_and_stderr_decide() {
        let ok = Command::from_config(
            "t",
            &table("command = [\"/bin/sh\", \"-c\", \"cat >/dev/null\"]"),
        )
        .unwrap();
        ok.apply(&item()).unwrap();
        let bad = Command::from_config(
            "t",
            &table("command = [\"/bin/sh\", \"-c\", \"echo '  no such login  ' >&2; exit 3\"]"),
        )
        .unwrap();
        let e = bad.apply(&item()).unwrap_err();
        assert_eq!(e.0, "no such login (exit status 3)");
    }

    #[test]
    fn a_program_that_hangs_is_killed() {
        let slow = Command::from_config(
            "t",
            &table("command = [\"/bin/sh\", \"-c\", \"sleep 30\"]\ntimeout = 1"),
        )
        .unwrap();
        let started = std::time::Instant::now();
        let e = slow.apply(&item()).unwrap_err();
        assert!(e.0.contains("timed out after 1s"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn list_reads_one_principal_per_line() {
        let c = Command::from_config(
            "box",
            &table(
                "command = [\"/bin/sh\", \"-c\", \"printf 'bob\\\\nalice\\\\tsudo\\\\n\\\\n'\"]",
            ),
        )
        .unwrap();
        let held = c.list().unwrap();
        assert_eq!(
            held,
            vec![
                Held {
                    principal: "alice".into(),
                    detail: "sudo".into()
                },
                Held {
                    principal: "bob".into(),
                    detail: "box".into()
                },
            ]
        );
    }
}
