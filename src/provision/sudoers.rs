//! The `sudoers` connector: one drop-in file per principal and target (and rule: two bindings of
//! one target with different options keep a file each) in a directory that sudo includes (`@includedir /etc/sudoers.d`), checked with `visudo -cf` before it is moved
//! into place and removed when the assignment ends.
//!
//! ```toml
//! [provision.sudo]
//! kind = "sudoers"
//! dir = "/etc/sudoers.d"          # the default
//! visudo = "/usr/sbin/visudo"     # default: found on PATH (or in /usr/sbin, /sbin)
//! [provision.sudo.logins]         # principal -> Unix login (default: the principal's name)
//! "alice@example.com" = "alice"
//! ```
//!
//! A binding's options shape the rule: `user` (the login for every principal of the binding,
//! unless `logins` maps the principal), `runas` (comma list, default `ALL`), `commands` (comma
//! list of absolute paths with arguments, default `ALL`), `nopasswd` (`true`: no password asked).
//!
//! Nothing a principal's name or an option holds can widen a rule: logins and run-as users must
//! be plain login names (not `ALL`, not an alias, group, netgroup or uid), commands plain paths and
//! words; anything else is refused with why. File names keep only letters and digits of the
//! target and principal names (other bytes are written as `_XX`) and end with a digest of the
//! rule's options, so that sudo, which skips names holding `.` or `~`, reads them all; the files
//! pim writes carry a header naming pim, the target and the principal, and files without it are
//! never listed or removed.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::connector::{Action, Connector, ConnectorError, Held, Item};

/// The first line of every file pim writes.
const HEADER: &str = "# Written by pim: access that ends with a pim assignment. Do not edit.";
const TARGET_LINE: &str = "# pim-target: ";
const PRINCIPAL_LINE: &str = "# pim-principal: ";

/// A directory of sudoers drop-in files.
#[derive(Debug)]
pub struct Sudoers {
    name: String,
    dir: PathBuf,
    visudo: PathBuf,
    logins: BTreeMap<String, String>,
}

fn err(message: impl Into<String>) -> ConnectorError {
    ConnectorError(message.into())
}

impl Sudoers {
    /// The target `name` from its `[provision.NAME]` table.
    pub fn from_config(name: &str, table: &toml::Table) -> Result<Self, ConnectorError> {
        super::known_keys(name, table, &["dir", "visudo", "logins"])?;
        let text = |key: &str| super::logins::text(name, table, key);
        let dir = PathBuf::from(text("dir")?.unwrap_or_else(|| "/etc/sudoers.d".into()));
        let visudo = match text("visudo")? {
            Some(p) => PathBuf::from(p),
            None => find_visudo().ok_or_else(|| {
                err(format!(
                    "[provision.{name}]: visudo is not on PATH (Debian's sudo package has it); set visudo = \"/path/to/visudo\""
                ))
            })?,
        };
        let logins = super::logins::logins(name, table)?;
        Ok(Sudoers {
            name: name.to_string(),
            dir,
            visudo,
            logins,
        })
    }

    /// The file a grant of `item` is kept in: by target, principal and the binding's options
    /// (what the rule says), never by assignment, so that the revoke of a grant finds its file
    /// whichever assignment gave it.
    fn file_name(&self, item: &Item) -> String {
        use sha2::Digest;
        let options = serde_json::to_string(&item.options).unwrap_or_default();
        let rule = hex::encode(sha2::Sha256::digest(options.as_bytes()));
        let long = format!(
            "pim-{}-{}-{}",
            encode(&self.name),
            encode(&item.principal),
            &rule[..12]
        );
        if long.len() <= 200 {
            return long;
        }
        // A name too long for a file system: the start, and a digest of the whole.
        let digest = hex::encode(sha2::Sha256::digest(long.as_bytes()));
        let keep: String = long.chars().take(120).collect();
        format!("{keep}{}", &digest[..32])
    }

    /// The Unix login of `item`'s principal on this target.
    fn login(&self, item: &Item) -> Result<String, ConnectorError> {
        let (login, from) = match self.logins.get(&item.principal) {
            Some(l) => (l.clone(), format!("[provision.{}.logins]", self.name)),
            None => match item.options.get("user") {
                Some(u) => (u.clone(), "the binding's option user".to_string()),
                None => (item.principal.clone(), "the principal's name".to_string()),
            },
        };
        check_login(&login).map_err(|why| {
            err(format!(
                "principal {} has no usable login on {}: {} ({from}) {why}; map it in [provision.{}.logins]",
                quoted(&item.principal),
                self.name,
                quoted(&login),
                self.name
            ))
        })?;
        Ok(login)
    }

    /// The file's text for a grant of `item`.
    fn content(&self, item: &Item) -> Result<String, ConnectorError> {
        let login = self.login(item)?;
        let runas = list("runas", item.options.get("runas"))?
            .into_iter()
            .map(|u| {
                if u == "ALL" {
                    return Ok(u);
                }
                check_login(&u)
                    .map(|_| u.clone())
                    .map_err(|why| err(format!("runas {}: {why}", quoted(&u))))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let commands = list("commands", item.options.get("commands"))?
            .into_iter()
            .map(|c| check_command(&c).map(|_| c.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        let tag = match item.options.get("nopasswd").map(|v| v.trim()) {
            None | Some("false") => "",
            Some("true") => "NOPASSWD: ",
            Some(other) => {
                return Err(err(format!(
                    "nopasswd must be true or false, not {}",
                    quoted(other)
                )));
            }
        };
        let json = |s: &str| serde_json::to_string(s).unwrap_or_default();
        Ok(format!(
            "{HEADER}\n{TARGET_LINE}{}\n{PRINCIPAL_LINE}{}\n# pim-assignment: {} (role {}, scope {})\n{login} ALL=({}) {tag}{}\n",
            json(&self.name),
            json(&item.principal),
            json(&item.assignment_id),
            json(&item.role),
            json(&item.scope),
            runas.join(", "),
            commands.join(", ")
        ))
    }

    fn grant(&self, item: &Item) -> Result<(), ConnectorError> {
        let content = self.content(item)?;
        let file = self.dir.join(self.file_name(item));
        if std::fs::read_to_string(&file).is_ok_and(|t| t == content) {
            return Ok(());
        }
        let shown = self.dir.display();
        // A name with a dot: sudo skips it, should it ever be left behind.
        let tmp = self
            .dir
            .join(format!(".pim-{}.tmp", uuid::Uuid::new_v4().simple()));
        let written = (|| -> std::io::Result<()> {
            use std::os::unix::fs::OpenOptionsExt;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&tmp)?;
            f.write_all(content.as_bytes())?;
            f.sync_all()?;
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o440))
        })();
        let moved = written
            .map_err(|e| err(format!("cannot write a file in {shown}: {e}")))
            .and_then(|()| owned_by_root(&tmp))
            .and_then(|()| self.check(&tmp))
            .and_then(|()| {
                std::fs::rename(&tmp, &file)
                    .map_err(|e| err(format!("cannot move the file into {shown}: {e}")))
            });
        if moved.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        moved?;
        sync_dir(&self.dir);
        Ok(())
    }

    /// `visudo -cf FILE`: the file as sudo would read it; what visudo says when it refuses.
    fn check(&self, file: &Path) -> Result<(), ConnectorError> {
        let out = Command::new(&self.visudo)
            .arg("-cf")
            .arg(file)
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| err(format!("cannot run {}: {e}", self.visudo.display())))?;
        if out.status.success() {
            return Ok(());
        }
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        let said: String = said.trim().chars().take(500).collect();
        Err(err(format!("visudo refused the rule: {said}")))
    }

    fn revoke(&self, item: &Item) -> Result<(), ConnectorError> {
        let mine = self.file_name(item);
        // A file reconcile found that no binding describes comes named as it was listed.
        let files: Vec<String> = match item.options.get("detail") {
            Some(detail) if item.options.len() == 1 => self
                .list()?
                .into_iter()
                .filter(|h| h.principal == item.principal && &h.detail == detail)
                .map(|h| h.detail)
                .collect(),
            _ => vec![mine],
        };
        for name in files {
            match std::fs::remove_file(self.dir.join(&name)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(err(format!(
                        "cannot remove {}: {e}",
                        self.dir.join(&name).display()
                    )));
                }
            }
        }
        sync_dir(&self.dir);
        Ok(())
    }
}

impl Connector for Sudoers {
    fn apply(&self, item: &Item) -> Result<(), ConnectorError> {
        match item.action {
            Action::Grant => self.grant(item),
            Action::Revoke => self.revoke(item),
        }
    }

    fn list(&self) -> Result<Vec<Held>, ConnectorError> {
        let entries = std::fs::read_dir(&self.dir)
            .map_err(|e| err(format!("cannot read {}: {e}", self.dir.display())))?;
        let mut out = Vec::new();
        for entry in entries {
            let entry =
                entry.map_err(|e| err(format!("cannot read {}: {e}", self.dir.display())))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            // Files sudo skips (pim's own temporary files among them) grant nothing.
            if name.contains('.') || name.ends_with('~') {
                continue;
            }
            if !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            if let Some(principal) = self.ours(&text) {
                out.push(Held {
                    principal,
                    detail: name,
                });
            }
        }
        out.sort();
        Ok(out)
    }

    fn held(&self, item: &Item) -> Held {
        Held {
            principal: item.principal.clone(),
            detail: self.file_name(item),
        }
    }
}

impl Sudoers {
    /// The principal of a file pim wrote for this target, or None for any other file.
    fn ours(&self, text: &str) -> Option<String> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let target: String = serde_json::from_str(lines.next()?.strip_prefix(TARGET_LINE)?).ok()?;
        if target != self.name {
            return None;
        }
        serde_json::from_str(lines.next()?.strip_prefix(PRINCIPAL_LINE)?).ok()
    }
}

/// Letters and digits as they are; every other byte as `_XX`.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02x}"));
        }
    }
    out
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A comma list of an option, `ALL` when it is absent. Present but naming nothing is refused,
/// never read as `ALL`.
fn list(key: &str, v: Option<&String>) -> Result<Vec<String>, ConnectorError> {
    let Some(v) = v else {
        return Ok(vec!["ALL".into()]);
    };
    let items: Vec<String> = v
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() {
        return Err(err(format!(
            "the option {key} names nothing: leave it out for ALL"
        )));
    }
    // `ALL` among other entries is a list that says less than it grants.
    if items.len() > 1 && items.iter().any(|i| i == "ALL") {
        return Err(err(format!(
            "the option {key} lists ALL among other entries: ALL stands alone"
        )));
    }
    Ok(items)
}

/// A login name sudo reads as that user and nothing else: a letter or `_` first, then letters,
/// digits, `_`, `.`, `-` (a trailing `$` for machine accounts), at most 32 bytes, and not a word
/// sudo gives a meaning to (`ALL`, an alias: capitals, digits and `_`).
fn check_login(login: &str) -> Result<(), String> {
    let body = login.strip_suffix('$').unwrap_or(login);
    let mut chars = body.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !first_ok
        || login.len() > 32
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return Err("is not a plain login name (letters, digits, _ . -)".into());
    }
    if body
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        return Err("is a word sudo reads as ALL or an alias".into());
    }
    Ok(())
}

/// `ALL`, or an absolute path followed by plain words: nothing sudo would read as a second
/// command, a comment, a tag or a wildcard.
fn check_command(c: &str) -> Result<(), ConnectorError> {
    if c == "ALL" {
        return Ok(());
    }
    let mut words = c.split(' ').filter(|w| !w.is_empty());
    let path = words.next().unwrap_or("");
    let plain = |w: &str, extra: &[char]| {
        !w.is_empty()
            && w.chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "/_.+-".contains(ch) || extra.contains(&ch))
    };
    if !path.starts_with('/') || !plain(path, &[]) {
        return Err(err(format!(
            "command {} is not an absolute path of letters, digits and / _ . + -",
            quoted(c)
        )));
    }
    for w in words {
        if w != "\"\"" && !plain(w, &['@', '%']) {
            return Err(err(format!(
                "command {}: the argument {} may hold only letters, digits and / _ . + - @ %",
                quoted(c),
                quoted(w)
            )));
        }
    }
    Ok(())
}

/// visudo on PATH, else where Debian puts it (PATH often lacks sbin).
fn find_visudo() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin"].map(PathBuf::from))
        .map(|d| d.join("visudo"))
        .find(|p| p.is_file())
}

/// sudo reads only files that root owns (and visudo -cf does not check it): a file pim could not
/// give to root would be a grant reported done that grants nothing.
fn owned_by_root(file: &Path) -> Result<(), ConnectorError> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata(file)
        .map_err(|e| err(format!("cannot read {}: {e}", file.display())))?
        .uid();
    if uid == 0 {
        return Ok(());
    }
    Err(err(format!(
        "sudo reads only files that root owns, and pim runs as uid {uid}: carry the queue out as root for this target"
    )))
}

/// Makes a rename or removal in `dir` durable.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(principal: &str, options: &[(&str, &str)]) -> Item {
        Item {
            action: Action::Grant,
            principal: principal.into(),
            role: "Sudo Operator".into(),
            scope: "/".into(),
            assignment_id: "7f0c2a4e-1111-4222-8333-944455556666".into(),
            end: None,
            options: options
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// A target over a fresh directory, with the real visudo; None (a skip) when visudo is
    /// missing outside CI.
    fn target(dir: &Path, logins: &str) -> Option<Sudoers> {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            assert!(
                std::env::var_os("CI").is_none(),
                "sudoers files must be root's: CI runs as root"
            );
            eprintln!("skipped: not root (sudo reads only files that root owns)");
            return None;
        }
        if find_visudo().is_none() {
            assert!(
                std::env::var_os("CI").is_none(),
                "visudo is missing (Debian's sudo package): CI must have it"
            );
            eprintln!("skipped: no visudo on this machine (Debian's sudo package)");
            return None;
        }
        let table: toml::Table = toml::from_str(&format!(
            "kind = \"sudoers\"\ndir = {}\n[logins]\n{logins}",
            quoted(&dir.display().to_string())
        ))
        .unwrap();
        Some(Sudoers::from_config("sudo", &table).unwrap())
    }

    #[test]
    fn file_names_are_ones_sudo_reads_and_never_collide() {
        assert_eq!(encode("alice"), "alice");
        assert_eq!(encode("a.b~c"), "a_2eb_7ec");
        assert_ne!(encode("a_2e"), encode("a."));
        let t = Sudoers {
            name: "ops-sudo".into(),
            dir: PathBuf::from("/nowhere"),
            visudo: PathBuf::from("/usr/sbin/visudo"),
            logins: BTreeMap::new(),
        };
        let n = t.file_name(&item("ALL, bob # x\n", &[]));
        assert!(
            n.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c)),
            "{n}"
        );
        assert_ne!(
            t.file_name(&item("a-b", &[])),
            t.file_name(&item("a", &[("b", "")]))
        );
        // Another rule for the same principal is another file; another assignment is not.
        assert_ne!(
            t.file_name(&item("bob", &[])),
            t.file_name(&item("bob", &[("commands", "/bin/ls")]))
        );
        let mut other = item("bob", &[]);
        other.assignment_id = "another".into();
        other.role = String::new();
        assert_eq!(t.file_name(&item("bob", &[])), t.file_name(&other));
        assert!(t.file_name(&item(&"x".repeat(500), &[])).len() <= 200);
    }

    #[test]
    fn logins_and_commands_that_would_widen_a_rule_are_refused() {
        for bad in [
            "ALL", "BOB", "ADMINS", "%sudo", "#0", "+net", "!bob", "a b", "a,b", "a#b", "a\nb", "",
            "-x",
        ] {
            assert!(check_login(bad).is_err(), "{bad:?}");
        }
        for good in ["alice", "bob.smith", "svc-deploy", "_x", "host$", "Bob"] {
            assert!(check_login(good).is_ok(), "{good:?}");
        }
        for bad in [
            "systemctl",
            "/bin/sh # x",
            "/usr/bin/*",
            "/bin/ls, /bin/sh",
            "/bin/ls ALL=(ALL) ALL",
            "/bin/ls\n/bin/sh",
            "/bin/echo a:b",
        ] {
            assert!(check_command(bad).is_err(), "{bad:?}");
        }
        for good in ["ALL", "/usr/bin/systemctl restart nginx", "/bin/ls \"\""] {
            assert!(check_command(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn a_grant_is_a_checked_file_of_mode_0440_and_a_revoke_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let Some(t) = target(dir.path(), "\"alice@example.com\" = \"alice\"") else {
            return;
        };
        let mut g = item(
            "alice@example.com",
            &[
                ("runas", "root"),
                ("commands", "/usr/bin/systemctl restart nginx"),
            ],
        );
        t.apply(&g).unwrap();
        // Twice is harmless.
        t.apply(&g).unwrap();
        let held = t.list().unwrap();
        assert_eq!(held, vec![t.held(&g)]);
        assert_eq!(held[0].principal, "alice@example.com");
        let file = dir.path().join(&held[0].detail);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.ends_with("\nalice ALL=(root) /usr/bin/systemctl restart nginx\n"),
            "{text}"
        );
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o440
        );
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // A file pim did not write is neither listed nor removed.
        std::fs::write(dir.path().join("local"), "bob ALL=(ALL) ALL\n").unwrap();
        assert_eq!(t.list().unwrap().len(), 1);
        g.action = Action::Revoke;
        t.apply(&g).unwrap();
        t.apply(&g).unwrap();
        assert!(t.list().unwrap().is_empty());
        assert!(dir.path().join("local").exists());
    }

    #[test]
    fn names_and_options_that_would_widen_the_rule_never_reach_sudo() {
        let dir = tempfile::tempdir().unwrap();
        let Some(t) = target(dir.path(), "") else {
            return;
        };
        for (principal, options) in [
            ("ALL", vec![]),
            ("bob\nALL ALL=(ALL) NOPASSWD: ALL", vec![]),
            ("bob, mallory", vec![]),
            ("bob # x", vec![]),
            ("bob", vec![("runas", "root\nALL ALL=(ALL) ALL")]),
            ("bob", vec![("runas", "%sudo")]),
            ("bob", vec![("commands", "/bin/ls\nALL ALL=(ALL) ALL")]),
            ("bob", vec![("commands", "/bin/ls # comment")]),
            ("bob", vec![("user", "ALL")]),
            ("bob", vec![("nopasswd", "yes")]),
            ("bob", vec![("runas", " , ")]),
            ("bob", vec![("commands", "")]),
        ] {
            let e = t.apply(&item(principal, &options)).unwrap_err();
            assert!(!e.0.is_empty());
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // A name that is no login still lands in a file of its own once mapped, and its
        // header keeps the name whole.
        let dir2 = tempfile::tempdir().unwrap();
        let Some(t) = target(dir2.path(), "\"bob\\nALL\" = \"bob\"") else {
            return;
        };
        let g = item("bob\nALL", &[]);
        t.apply(&g).unwrap();
        assert_eq!(t.list().unwrap()[0].principal, "bob\nALL");
        let text = std::fs::read_to_string(dir2.path().join(t.held(&g).detail)).unwrap();
        assert_eq!(
            text.lines().filter(|l| !l.starts_with('#')).count(),
            1,
            "{text}"
        );
    }

    #[test]
    fn a_file_root_does_not_own_is_a_grant_that_fails() {
        let dir = tempfile::tempdir().unwrap();
        if target(dir.path(), "").is_none() {
            return;
        }
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        assert!(owned_by_root(&file).is_ok());
        // SAFETY: a valid path and ids; chown has no other preconditions.
        let path = std::ffi::CString::new(file.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::chown(path.as_ptr(), 65534, 65534) }, 0);
        let e = owned_by_root(&file).unwrap_err();
        assert!(e.0.contains("pim runs as uid 65534"), "{}", e.0);
    }

    #[test]
    fn a_rule_visudo_refuses_is_never_moved_in() {
        let dir = tempfile::tempdir().unwrap();
        let Some(mut t) = target(dir.path(), "") else {
            return;
        };
        // The real visudo, on the file as pim wrote it with a broken line added (as a rule
        // from a future sudo, or a disk error, would leave it): visudo's refusal is the error.
        let wrapper = dir.path().join("visudo-broken.sh");
        std::fs::write(
            &wrapper,
            format!(
                "#!/bin/sh\nchmod u+w \"$2\"\necho 'bob ALL=(ALL' >> \"$2\"\nchmod 0440 \"$2\"\nexec {} \"$@\"\n",
                t.visudo.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        t.dir = dir.path().join("d");
        t.visudo = wrapper;
        let e = t.apply(&item("bob", &[])).unwrap_err();
        assert!(e.0.starts_with("visudo refused the rule: "), "{}", e.0);
        assert!(e.0.contains("syntax error"), "{}", e.0);
        assert_eq!(std::fs::read_dir(&t.dir).unwrap().count(), 0);
    }
}
