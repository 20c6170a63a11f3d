//! The `postgres` connector: membership of a PostgreSQL role, `GRANT "role" TO "login"` while the
//! assignment is in force and `REVOKE "role" FROM "login"` when it ends.
//!
//! ```toml
//! [provision.db]
//! kind = "postgres"
//! url = "postgres://pim_provision@db.example:5432/postgres?sslmode=verify-full&sslrootcert=/etc/pim/db-ca.pem"
//! password_file = "/etc/pim/db-password"  # else the URL's, PGPASSWORD, PGPASSFILE or ~/.pgpass
//! roles = ["app_admin", "app_readonly"]   # the roles reconcile compares (what `list` reads)
//! [provision.db.logins]                   # principal -> login role (default: the principal's name)
//! "alice@example.com" = "alice"
//! ```
//!
//! The role to grant is the binding's option `pg_role`. The URL takes `sslmode` and
//! `sslrootcert` as pim's own store URLs do (docs/postgres.md) and connects through the same
//! code. The password is never shown: messages name the URL without it.

use std::collections::BTreeMap;

use super::connector::{Action, Connector, ConnectorError, Held, Item};

/// The longest identifier PostgreSQL keeps whole (NAMEDATALEN - 1); a longer one would be cut
/// short, and so name another role.
const MAX_IDENTIFIER: usize = 63;

/// A PostgreSQL server whose role memberships pim grants and revokes.
pub struct Postgres {
    name: String,
    url: String,
    /// The URL without its password, for messages.
    shown: String,
    password: Option<String>,
    roles: Vec<String>,
    logins: BTreeMap<String, String>,
}

impl std::fmt::Debug for Postgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Postgres")
            .field("name", &self.name)
            .field("url", &self.shown)
            .field("roles", &self.roles)
            .finish_non_exhaustive()
    }
}

fn err(message: impl Into<String>) -> ConnectorError {
    ConnectorError(message.into())
}

impl Postgres {
    /// The target `name` from its `[provision.NAME]` table.
    pub fn from_config(name: &str, table: &toml::Table) -> Result<Self, ConnectorError> {
        use super::logins::{logins, text};
        super::known_keys(name, table, &["url", "password_file", "roles", "logins"])?;
        let mut url = text(name, table, "url")?.ok_or_else(|| {
            err(format!(
                "[provision.{name}] needs url = \"postgres://USER@HOST:PORT/DATABASE\""
            ))
        })?;
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(err(format!(
                "[provision.{name}] url must be a postgres:// URL"
            )));
        }
        // A target that does not answer must not hold up the queue for minutes.
        if !url.contains("connect_timeout=") {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str("connect_timeout=10");
        }
        let shown = crate::store::redact_url(&url);
        let roles = match table.get("roles") {
            None => Vec::new(),
            Some(toml::Value::Array(a)) => a
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    err(format!(
                        "[provision.{name}] roles must be a list of role names"
                    ))
                })?,
            Some(_) => {
                return Err(err(format!(
                    "[provision.{name}] roles must be a list of role names"
                )));
            }
        };
        let password = match text(name, table, "password_file")? {
            Some(file) => {
                let read = std::fs::read_to_string(&file).map_err(|e| {
                    err(format!(
                        "[provision.{name}] cannot read password_file {file}: {e}"
                    ))
                })?;
                Some(read.lines().next().unwrap_or("").to_string())
            }
            None => std::env::var("PGPASSWORD")
                .ok()
                .filter(|v| !v.is_empty())
                .or_else(|| {
                    let passfile = std::env::var_os("PGPASSFILE")
                        .filter(|v| !v.is_empty())
                        .map(std::path::PathBuf::from)
                        .or_else(|| {
                            std::env::var_os("HOME")
                                .map(|h| std::path::PathBuf::from(h).join(".pgpass"))
                        })?;
                    let text = std::fs::read_to_string(passfile).ok()?;
                    crate::store::pgpass_password(&text, &url)
                }),
        };
        Ok(Postgres {
            name: name.to_string(),
            url,
            shown,
            password,
            roles,
            logins: logins(name, table)?,
        })
    }

    fn connect(&self) -> Result<postgres::Client, ConnectorError> {
        crate::store::postgres_client(&self.url, self.password.clone(), "pim-provision")
            .map(|(client, _)| client)
            .map_err(|e| err(self.scrub(e.to_string())))
    }

    /// A message with any trace of the password taken out (the store's messages already name the
    /// URL without it; this is a second guard).
    fn scrub(&self, message: String) -> String {
        match &self.password {
            Some(pw) if !pw.is_empty() && message.contains(pw.as_str()) => {
                message.replace(pw.as_str(), "***")
            }
            _ => match url_password(&self.url) {
                Some(pw) if !pw.is_empty() && message.contains(&pw) => message.replace(&pw, "***"),
                _ => message,
            },
        }
    }

    /// The login role of `principal` on this server.
    fn login<'a>(&'a self, principal: &'a str) -> &'a str {
        self.logins
            .get(principal)
            .map(String::as_str)
            .unwrap_or(principal)
    }

    /// The principal a login role stands for (the reverse of `logins`).
    fn principal_of(&self, login: &str) -> String {
        self.logins
            .iter()
            .find(|(_, l)| l.as_str() == login)
            .map(|(p, _)| p.clone())
            .unwrap_or_else(|| login.to_string())
    }

    fn pg_role<'a>(&self, item: &'a Item) -> Result<&'a str, ConnectorError> {
        // A membership reconcile found that no binding describes comes as it was listed.
        let listed = (item.action == Action::Revoke && item.options.len() == 1)
            .then(|| item.options.get("detail"))
            .flatten();
        item.options
            .get("pg_role")
            .or(listed)
            .map(String::as_str)
            .filter(|r| !r.is_empty())
            .ok_or_else(|| {
                err(format!(
                    "the binding of {} to {} has no option pg_role (the PostgreSQL role to grant): bind it with --option pg_role=ROLE",
                    item.role, self.name
                ))
            })
    }
}

impl Connector for Postgres {
    fn apply(&self, item: &Item) -> Result<(), ConnectorError> {
        let role = quote_ident(self.pg_role(item)?)?;
        let login = quote_ident(self.login(&item.principal))?;
        let sql = match item.action {
            Action::Grant => format!("GRANT {role} TO {login}"),
            Action::Revoke => format!("REVOKE {role} FROM {login}"),
        };
        let mut client = self.connect()?;
        match client.batch_execute(&sql) {
            Ok(()) => Ok(()),
            // A role or login that does not exist holds nothing: the revoke is done.
            Err(e)
                if item.action == Action::Revoke
                    && e.code() == Some(&postgres::error::SqlState::UNDEFINED_OBJECT) =>
            {
                Ok(())
            }
            Err(e) => Err(err(self.scrub(format!(
                "{} at {}: {}",
                match item.action {
                    Action::Grant => "GRANT",
                    Action::Revoke => "REVOKE",
                },
                self.shown,
                crate::store::postgres_message(&e)
            )))),
        }
    }

    fn list(&self) -> Result<Vec<Held>, ConnectorError> {
        if self.roles.is_empty() {
            return Err(err(format!(
                "[provision.{}] names no roles to compare: set roles = [\"ROLE\", …], the roles its bindings grant",
                self.name
            )));
        }
        let mut client = self.connect()?;
        let rows = client
            .query(
                "SELECT r.rolname::text, m.rolname::text
                   FROM pg_auth_members am
                   JOIN pg_roles r ON r.oid = am.roleid
                   JOIN pg_roles m ON m.oid = am.member
                  WHERE r.rolname::text = ANY($1)
                  ORDER BY 1, 2",
                &[&self.roles],
            )
            .map_err(|e| {
                err(self.scrub(format!(
                    "reading the memberships at {}: {}",
                    self.shown,
                    crate::store::postgres_message(&e)
                )))
            })?;
        let mut out: Vec<Held> = rows
            .iter()
            .map(|r| Held {
                principal: self.principal_of(&r.get::<_, String>(1)),
                detail: r.get(0),
            })
            .collect();
        out.sort();
        Ok(out)
    }

    fn held(&self, item: &Item) -> Held {
        Held {
            principal: item.principal.clone(),
            detail: item.options.get("pg_role").cloned().unwrap_or_default(),
        }
    }
}

/// `s` as a PostgreSQL identifier: in double quotes, a double quote doubled. A name PostgreSQL
/// cannot hold (a NUL, or longer than it keeps) is refused rather than changed.
pub fn quote_ident(s: &str) -> Result<String, ConnectorError> {
    if s.is_empty() || s.contains('\0') {
        return Err(err(format!(
            "{} cannot be a PostgreSQL role name",
            serde_json::to_string(s).unwrap_or_default()
        )));
    }
    if s.len() > MAX_IDENTIFIER {
        return Err(err(format!(
            "{} is longer than the {MAX_IDENTIFIER} bytes PostgreSQL keeps of a role name: map it to a shorter login in [provision.NAME.logins]",
            serde_json::to_string(s).unwrap_or_default()
        )));
    }
    Ok(format!("\"{}\"", s.replace('"', "\"\"")))
}

/// The password a `postgres://user:password@host/…` URL carries.
fn url_password(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let auth = rest.split_once('@')?.0;
    auth.split_once(':').map(|(_, p)| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_and_names_postgres_would_change_are_refused() {
        assert_eq!(quote_ident("alice").unwrap(), "\"alice\"");
        assert_eq!(
            quote_ident("o'neil \"the\" admin").unwrap(),
            "\"o'neil \"\"the\"\" admin\""
        );
        assert_eq!(
            quote_ident("x\"; DROP ROLE admin; --").unwrap(),
            "\"x\"\"; DROP ROLE admin; --\""
        );
        assert!(quote_ident("").is_err());
        assert!(quote_ident("a\0b").is_err());
        assert!(quote_ident(&"a".repeat(63)).is_ok());
        assert!(quote_ident(&"a".repeat(64)).is_err());
    }

    #[test]
    fn the_password_is_never_in_what_the_target_shows() {
        let table: toml::Table = toml::from_str(
            "kind = \"postgres\"\nurl = \"postgres://prov:s3cret-pw@127.0.0.1:1/postgres\"\nroles = [\"app\"]",
        )
        .unwrap();
        let t = Postgres::from_config("db", &table).unwrap();
        assert!(!format!("{t:?}").contains("s3cret-pw"));
        assert_eq!(
            t.shown,
            "postgres://prov@127.0.0.1:1/postgres?connect_timeout=10"
        );
        assert_eq!(t.scrub("no s3cret-pw here".into()), "no *** here");
        let item = Item {
            action: Action::Grant,
            principal: "alice".into(),
            role: "App Admin".into(),
            scope: "/".into(),
            assignment_id: "a1".into(),
            end: None,
            options: [("pg_role".to_string(), "app".to_string())].into(),
        };
        // Nothing listens on port 1: the error names the URL without the password.
        let e = t.apply(&item).unwrap_err();
        assert!(e.0.contains("127.0.0.1:1"), "{}", e.0);
        assert!(!e.0.contains("s3cret-pw"), "{}", e.0);
        let e = t.list().unwrap_err();
        assert!(!e.0.contains("s3cret-pw"), "{}", e.0);
    }

    #[test]
    fn a_binding_without_pg_role_and_a_target_without_url_are_refused_with_why() {
        let none: toml::Table = toml::from_str("kind = \"postgres\"").unwrap();
        assert!(
            Postgres::from_config("db", &none)
                .unwrap_err()
                .0
                .contains("needs url")
        );
        let odd: toml::Table =
            toml::from_str("kind = \"postgres\"\nurl = \"postgres://h/d\"\nrole = \"x\"").unwrap();
        assert!(
            Postgres::from_config("db", &odd)
                .unwrap_err()
                .0
                .contains("unknown key `role`")
        );
        let table: toml::Table =
            toml::from_str("kind = \"postgres\"\nurl = \"postgres://p@127.0.0.1:1/d\"").unwrap();
        let t = Postgres::from_config("db", &table).unwrap();
        let item = Item {
            action: Action::Grant,
            principal: "alice".into(),
            role: "App Admin".into(),
            scope: "/".into(),
            assignment_id: "a1".into(),
            end: None,
            options: BTreeMap::new(),
        };
        assert!(t.apply(&item).unwrap_err().0.contains("no option pg_role"));
        assert!(t.list().unwrap_err().0.contains("names no roles"));
    }
}
