//! The command line: clap definitions, the environment a command runs in, and dispatch. Only this
//! layer knows clap, the terminal, the environment and exit codes.

pub mod access;
pub mod activate;
pub mod alerts;
pub mod approve;
pub mod assign;
pub mod audit;
pub mod cert;
pub mod check;
pub mod complete;
pub mod completions;
pub mod db;
pub mod deactivate;
pub mod document;
pub mod error;
pub mod examples;
pub mod extend;
pub mod group;
pub mod init;
pub mod mfa;
pub mod notifications;
pub mod principal;
pub mod provision;
pub mod render;
pub mod request;
pub mod review;
pub mod role;
pub mod scope;
pub mod serve;
pub mod settings;
pub mod ssh;
pub mod status;
pub mod sweep;
pub mod target;
pub mod ui;
pub mod whoami;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use jiff::tz::TimeZone;

use crate::client::{Client, Local};
use crate::core::audit::AuditKey;
use crate::core::clock::{Clock, SystemClock};
use crate::core::schedule::{self, Toward};
use crate::core::session::{Auth, Ctx};
use crate::core::{Error, Result};
use ui::Ui;

/// Privileged identity management: just-in-time, time-bound, approved and audited access to
/// privileged roles, over one SQLite file.
#[derive(Parser, Debug)]
#[command(name = "pim", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// The help heading of the options every command takes.
const GLOBAL: &str = "Global options";

/// The environment variables pim reads, for help and man pages.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    ("PIM_DB", "The database file, when --db is not given."),
    ("PIM_ACTOR", "The acting principal, when --as is not given."),
    ("PIM_CONFIG", "The config file, when --config is not given."),
    (
        "PIM_SERVER",
        "The pim server to send commands to, when --server is not given.",
    ),
    (
        "PIM_CLIENT_CERT",
        "The client certificate for an https:// server, when --client-cert is not given.",
    ),
    (
        "PIM_CLIENT_KEY",
        "Its private key, when --client-key is not given.",
    ),
    (
        "PIM_CA",
        "The CA an https:// server's certificate must chain to, when --ca is not given.",
    ),
    (
        "NO_COLOR",
        "When set and not empty, no colour on stderr (unless --color always).",
    ),
    (
        "COMPLETE",
        "Set by the completion scripts of `pim completions`: print completions and exit.",
    ),
];

/// Reads PIM_DB, PIM_ACTOR, PIM_SERVER, PIM_CLIENT_CERT, PIM_CLIENT_KEY, PIM_CA and PIM_CONFIG
/// into the options they stand for. They are read here
/// rather than by clap's `env`, which would print them in every usage line as if they had been
/// typed (`Usage: pim --db <PATH> --as <NAME> assign …`).
fn from_environment(g: &mut Global) {
    let var = std::env::var_os;
    if g.db.is_none() {
        g.db = var("PIM_DB").map(PathBuf::from);
    }
    if g.acting.is_none() {
        g.acting = var("PIM_ACTOR").map(|v| v.to_string_lossy().into_owned());
    }
    if g.server.is_none() {
        g.server = var("PIM_SERVER")
            .filter(|v| !v.is_empty())
            .map(|v| v.to_string_lossy().into_owned());
    }
    let path = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if g.client_cert.is_none() {
        g.client_cert = path("PIM_CLIENT_CERT");
    }
    if g.client_key.is_none() {
        g.client_key = path("PIM_CLIENT_KEY");
    }
    if g.ca.is_none() {
        g.ca = path("PIM_CA");
    }
    if g.config.is_none() {
        g.config = var("PIM_CONFIG").map(PathBuf::from);
    }
}

/// The command line as pim parses it, documents it (help, man pages) and completes it: the
/// derived definition, with each command's examples and the database's names as candidates.
pub fn command() -> clap::Command {
    map_commands(Cli::command(), "", &|c, path| {
        complete::attach(with_examples(c, path), path)
    })
        .after_long_help(format!(
            "{}\nEnvironment:\n{}\n\nExit status: 0 done, 1 failed or invalid, 2 usage, 3 not found, 4 refused, 5 pending approval.",
            examples::text(examples::of("")),
            ENVIRONMENT
                .iter()
                .map(|(k, v)| format!("  {k:<15} {v}"))
                .collect::<Vec<_>>()
                .join("\n")
        ))
}

/// The command line as `main` parses it first: the global options and every command by name,
/// each command's own arguments and subcommands built only when the line names it (clap's
/// `defer`). Building all of them, as `Cli::command()` does, was about 0.75 ms of a short
/// command's 3.6 (BENCHMARKS.md). Only parsing uses it: help, versions and usage errors come
/// from `command()`. The list is `Command`'s; `tests::the_lean_command_line_is_the_derived_one`
/// keeps it so.
fn lean_command() -> clap::Command {
    use clap::Args as _;
    fn args<T: clap::Args>(c: clap::Command) -> clap::Command {
        T::augment_args(c)
    }
    fn group<T: clap::Subcommand>(c: clap::Command) -> clap::Command {
        T::augment_subcommands(c)
            .subcommand_required(true)
            .arg_required_else_help(true)
    }
    let cmd = |name: &'static str, build: fn(clap::Command) -> clap::Command| {
        clap::Command::new(name).defer(build)
    };
    let root = clap::Command::new("pim")
        .subcommand_required(true)
        .arg_required_else_help(true);
    Global::augment_args(root).subcommands([
        cmd("init", args::<init::InitArgs>),
        cmd("principal", group::<principal::PrincipalCmd>),
        cmd("group", group::<group::GroupCmd>),
        cmd("role", group::<role::RoleCmd>),
        cmd("scope", group::<scope::ScopeCmd>),
        cmd("assign", args::<assign::AssignArgs>),
        cmd("activate", args::<activate::ActivateArgs>),
        cmd("deactivate", args::<deactivate::DeactivateArgs>),
        cmd("extend", args::<extend::SelfServiceArgs>),
        cmd("renew", args::<extend::SelfServiceArgs>),
        cmd("status", args::<status::StatusArgs>),
        cmd("check", args::<check::CheckArgs>),
        cmd("access", args::<access::AccessArgs>),
        clap::Command::new("sweep"),
        cmd("request", group::<request::RequestCmd>),
        cmd("approve", args::<approve::ApproveArgs>),
        cmd("deny", args::<approve::DenyArgs>),
        cmd("settings", group::<settings::SettingsCmd>),
        cmd("mfa", group::<mfa::MfaCmd>),
        cmd("audit", group::<audit::AuditCmd>),
        cmd("review", group::<review::ReviewCmd>),
        cmd("alerts", args::<alerts::AlertsArgs>),
        cmd("notifications", group::<notifications::NotificationsCmd>),
        cmd("provision", group::<provision::ProvisionCmd>),
        cmd("completions", args::<completions::CompletionsArgs>),
        cmd("man", args::<completions::ManArgs>),
        cmd("serve", args::<serve::ServeArgs>),
        cmd("cert", group::<cert::CertCmd>),
        cmd("ssh", group::<ssh::SshCmd>),
        clap::Command::new("whoami"),
        cmd("db", group::<db::DbCmd>),
    ])
}

/// Applies `f` to every command of the tree, each with its path from the root ("" for `pim`,
/// "assign list" for `pim assign list`).
pub fn map_commands(
    mut cmd: clap::Command,
    path: &str,
    f: &dyn Fn(clap::Command, &str) -> clap::Command,
) -> clap::Command {
    cmd = f(cmd, path);
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| map_commands(s, &sub_path, f));
    }
    cmd
}

/// A command's examples after its own after-help text, in its long help.
fn with_examples(cmd: clap::Command, path: &str) -> clap::Command {
    let examples = examples::of(path);
    if path.is_empty() || examples.is_empty() {
        return cmd;
    }
    let text = examples::text(examples);
    let long = match cmd.get_after_help() {
        Some(before) => format!("{before}\n\n{text}"),
        None => text,
    };
    cmd.after_long_help(long)
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// The database file; also PIM_DB [default: the config's `db`, else the user data directory's
    /// pim/pim.db]
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        help_heading = GLOBAL
    )]
    pub db: Option<PathBuf>,
    /// Act as this principal; also PIM_ACTOR [default: the config's `actor`, else the OS login
    /// name]
    #[arg(
        id = "acting_principal",
        long = "as",
        global = true,
        value_name = "NAME",
        help_heading = GLOBAL
    )]
    pub acting: Option<String>,
    /// A pim server to send commands to: unix:PATH or https://HOST:PORT; also PIM_SERVER
    /// [default: `[client] server` in the config; none: open the database here]
    #[arg(long, global = true, value_name = "URL", help_heading = GLOBAL)]
    pub server: Option<String>,
    /// The client certificate (PEM) that names you to an https:// server; also PIM_CLIENT_CERT
    /// [default: `[client] client_cert`]
    #[arg(long, global = true, value_name = "FILE", help_heading = GLOBAL)]
    pub client_cert: Option<PathBuf>,
    /// The client certificate's private key (PEM); also PIM_CLIENT_KEY [default: `[client]
    /// client_key`]
    #[arg(long, global = true, value_name = "FILE", help_heading = GLOBAL)]
    pub client_key: Option<PathBuf>,
    /// The CA (PEM) an https:// server's certificate must chain to; also PIM_CA [default:
    /// `[client] ca`]
    #[arg(long, global = true, value_name = "FILE", help_heading = GLOBAL)]
    pub ca: Option<PathBuf>,
    /// A TOML config file; also PIM_CONFIG [default: the user config directory's
    /// pim/config.toml]
    #[arg(long, global = true, value_name = "PATH", help_heading = GLOBAL)]
    pub config: Option<PathBuf>,
    /// Output format of results (jsonl: one JSON object a line)
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = Format::Table, help_heading = GLOBAL)]
    pub output: Format,
    /// Print results only: no notes or hints on stderr
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,
    /// Never prompt; a missing value is an error naming its flag
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_input: bool,
    /// Answer yes to confirmations
    #[arg(short = 'y', long, global = true, help_heading = GLOBAL)]
    pub yes: bool,
    /// When to use colour on a terminal (NO_COLOR is honoured)
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, help_heading = GLOBAL)]
    pub color: ColorWhen,
    /// Show times in UTC, and read times typed without an offset as UTC [default: the config's
    /// `[display] time_zone`, else your time zone on a terminal and UTC elsewhere]
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub utc: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    // JSON Lines: one compact JSON object a line (a list prints one line per item).
    Jsonl,
    Csv,
}

impl Format {
    /// JSON in either of its forms.
    pub fn is_json(self) -> bool {
        matches!(self, Format::Json | Format::Jsonl)
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create the database, the built-in roles and the first administrator
    Init(init::InitArgs),
    /// Users, groups and service principals
    #[command(subcommand)]
    Principal(principal::PrincipalCmd),
    /// Group membership
    #[command(subcommand)]
    Group(group::GroupCmd),
    /// Role definitions: built-in and custom
    #[command(subcommand)]
    Role(role::RoleCmd),
    /// Scopes: the tenant root, administrative units and the Azure hierarchy
    #[command(subcommand)]
    Scope(scope::ScopeCmd),
    /// Assign a role (eligible or active), or list and change assignments
    Assign(Box<assign::AssignArgs>),
    /// Activate an eligible role for a bounded time (on a terminal with no role: choose)
    Activate(Box<activate::ActivateArgs>),
    /// Turn off your own activations
    Deactivate(deactivate::DeactivateArgs),
    /// Ask to extend your assignment that ends within 14 days (an administrator approves)
    Extend(extend::SelfServiceArgs),
    /// Ask to renew your assignment that expired within 30 days (an administrator approves)
    Renew(extend::SelfServiceArgs),
    /// What you (or P) can activate, have active, scheduled and pending
    Status(status::StatusArgs),
    /// Exit 0 when P holds R at S right now (directly, through a group, or from a parent scope), 1 when not
    Check(check::CheckArgs),
    /// Everything P holds now (or at T), and how: directly or through a group; active or eligible
    Access(access::AccessArgs),
    /// Record expirations that have passed (safe to run from cron)
    Sweep,
    /// Requests: list, show their timeline, cancel
    #[command(subcommand)]
    Request(request::RequestCmd),
    /// Approve a request (or `approve list` what waits for you; on a terminal, go through them)
    Approve(approve::ApproveArgs),
    /// Deny a request
    Deny(approve::DenyArgs),
    /// Role settings: activation, assignment and notification rules per role and scope
    #[command(subcommand)]
    Settings(settings::SettingsCmd),
    /// Multi-factor authentication by TOTP, for activations that require it
    #[command(subcommand)]
    Mfa(mfa::MfaCmd),
    /// The hash-chained audit log
    #[command(subcommand)]
    Audit(audit::AuditCmd),
    /// Access reviews: who still needs a role
    #[command(subcommand)]
    Review(review::ReviewCmd),
    /// Security alerts that hold now
    Alerts(alerts::AlertsArgs),
    /// Notifications: the outbox, delivery by mail, webhook or command, the weekly digest
    #[command(subcommand)]
    Notifications(notifications::NotificationsCmd),
    /// Provisioning: grants and revokes on target systems as assignments start and end
    #[command(subcommand)]
    Provision(provision::ProvisionCmd),
    /// Print a shell completion script
    Completions(completions::CompletionsArgs),
    /// Write man pages into a directory
    Man(completions::ManArgs),
    /// Run the server: the only writer of the database, naming callers by their uid or certificate
    Serve(serve::ServeArgs),
    /// Client certificates for a server's TLS listener, from the CA of `pim serve ca init`
    #[command(subcommand)]
    Cert(cert::CertCmd),
    /// OpenSSH certificates that lapse when your activation ends
    #[command(subcommand)]
    Ssh(ssh::SshCmd),
    /// Who pim takes you for, and how it knows
    Whoami,
    /// The store itself: copy a deployment between SQLite and PostgreSQL
    #[command(subcommand)]
    Db(db::DbCmd),
}

impl Command {
    /// Whether the command works on the store (through the client), as opposed to local work
    /// (completions, man pages, running the server).
    fn uses_store(&self) -> bool {
        !matches!(
            self,
            Command::Completions(_)
                | Command::Man(_)
                | Command::Serve(_)
                | Command::Cert(_)
                | Command::Db(_)
        )
    }
}

/// The config file (TOML).
#[derive(serde::Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The acting principal when neither --as nor PIM_ACTOR is given.
    pub actor: Option<String>,
    /// The database when neither --db nor PIM_DB is given.
    pub db: Option<PathBuf>,
    #[serde(default)]
    pub audit: AuditConfig,
    /// Thresholds of `pim alerts`.
    #[serde(default)]
    pub alerts: crate::core::alerts::AlertConfig,
    /// Delivery channels of `pim notifications deliver`.
    #[serde(default)]
    pub notifications: notifications::channel::NotificationsConfig,
    #[serde(default)]
    pub display: DisplayConfig,
    /// `pim serve`: listeners, how callers map to principals, background work.
    #[serde(default)]
    pub server: crate::server::ServerConfig,
    /// The client side: which server commands go to.
    #[serde(default)]
    pub client: ClientConfig,
    /// Where the data is: a PostgreSQL URL and its password file.
    #[serde(default)]
    pub store: StoreConfig,
    /// Provisioning targets (`[provision.NAME]`, docs/provisioning.md), each as written: its
    /// `kind` decides which keys it takes.
    #[serde(default)]
    pub provision: crate::provision::Targets,
}

/// `[store]` in the config file.
#[derive(serde::Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    /// The database when neither --db nor PIM_DB is given: a `postgres://` URL (or a file).
    pub url: Option<String>,
    /// A file whose first line is the PostgreSQL password (relative to the config file's folder).
    pub password_file: Option<PathBuf>,
}

/// The password for a PostgreSQL URL that carries none: `PGPASSWORD`, else the config's
/// `[store] password_file`, else the matching line of `PGPASSFILE` (or `~/.pgpass`). Handed to
/// the store, which never shows it.
pub(crate) fn postgres_password(
    url: &str,
    config: &Config,
    config_dir: Option<&std::path::Path>,
) -> Option<String> {
    if let Some(pw) = std::env::var("PGPASSWORD").ok().filter(|v| !v.is_empty()) {
        return Some(pw);
    }
    if let Some(file) = &config.store.password_file {
        let path = match config_dir {
            Some(dir) if file.is_relative() => dir.join(file),
            _ => file.clone(),
        };
        if let Ok(text) = std::fs::read_to_string(&path) {
            return text.lines().next().map(str::to_string);
        }
    }
    let passfile = std::env::var_os("PGPASSFILE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    let text = std::fs::read_to_string(passfile).ok()?;
    crate::store::pgpass_password(&text, url)
}

/// `[display]` in the config file.
#[derive(serde::Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct DisplayConfig {
    /// The time zone of the times pim shows and of times typed without an offset: `UTC`,
    /// `local` (the system's, or `TZ`), or an IANA name such as `Europe/Paris`.
    pub time_zone: Option<String>,
}

impl DisplayConfig {
    fn zone(&self) -> Result<Option<TimeZone>> {
        let Some(name) = self.time_zone.as_deref().map(str::trim) else {
            return Ok(None);
        };
        if name.eq_ignore_ascii_case("utc") {
            return Ok(Some(TimeZone::UTC));
        }
        if name.eq_ignore_ascii_case("local") {
            return Ok(Some(system_zone().clone()));
        }
        TimeZone::get(name).map(Some).map_err(|_| {
            Error::invalid_with_hint(
                format!(
                    "unknown time zone {} (`[display] time_zone` in the config file)",
                    crate::core::schedule::quoted(name)
                ),
                "use UTC, local, or an IANA name such as Europe/Paris (see /usr/share/zoneinfo)",
            )
        })
    }
}

/// `[client]` in the config file.
#[derive(serde::Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// The server commands go to (`unix:/run/pim/pim.sock`, `https://pim.example:8443`) when
    /// neither --server nor PIM_SERVER is given.
    pub server: Option<String>,
    /// The client certificate for an https:// server (PEM). A relative path is taken from the
    /// config file's directory, as are `client_key` and `ca`.
    pub client_cert: Option<PathBuf>,
    /// Its private key (PEM).
    pub client_key: Option<PathBuf>,
    /// The CA an https:// server's certificate must chain to (PEM).
    pub ca: Option<PathBuf>,
}

/// `[audit]` in the config file.
#[derive(serde::Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct AuditConfig {
    /// A key file readable only by its owner: the audit chain becomes an HMAC chain. A relative
    /// path is taken from the config file's directory.
    pub key_file: Option<PathBuf>,
    /// The first row of the audit log the key chains (default 1: the whole log). A key added to
    /// a database that already has rows starts at the next one (`pim audit head` + 1). Kept here,
    /// beside the key, rather than in the database, so that nobody without the key can move it.
    pub key_from_seq: Option<i64>,
}

impl AuditConfig {
    /// Reads the audit key: the file's bytes, surrounding whitespace trimmed (so that a key made
    /// with `openssl rand -hex 32 > key` works with its newline). A missing or empty file, or one
    /// that group or others may read, is refused: a key others can read protects nothing.
    fn load_key(&self, config_dir: Option<&std::path::Path>) -> Result<Option<AuditKey>> {
        let Some(file) = &self.key_file else {
            if self.key_from_seq.is_some() {
                return Err(Error::invalid(
                    "`[audit] key_from_seq` is set but `key_file` is not: name the key file too",
                ));
            }
            return Ok(None);
        };
        let from_seq = self.key_from_seq.unwrap_or(1);
        if from_seq < 1 {
            return Err(Error::invalid(format!(
                "`[audit] key_from_seq = {from_seq}` is not a row number (rows start at 1)"
            )));
        }
        let path = match config_dir {
            Some(dir) if file.is_relative() => dir.join(file),
            _ => file.clone(),
        };
        let shown = path.display();
        let meta = std::fs::metadata(&path).map_err(|e| {
            Error::invalid_with_hint(
                format!("cannot read the audit key file {shown} (`[audit] key_file`): {e}"),
                "create it with `umask 077; openssl rand -hex 32 > FILE`, or fix `[audit] key_file` in the config file",
            )
        })?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(Error::invalid_with_hint(
                    format!(
                        "the audit key file {shown} may be read by group or others (mode {mode:04o}): refusing to use it"
                    ),
                    format!("chmod 600 {shown}"),
                ));
            }
        }
        if !meta.is_file() {
            return Err(Error::invalid(format!(
                "the audit key file {shown} is not a file"
            )));
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::invalid(format!("cannot read the audit key file {shown}: {e}")))?;
        let key = bytes.trim_ascii();
        if key.is_empty() {
            return Err(Error::invalid_with_hint(
                format!("the audit key file {shown} is empty"),
                "put a secret in it, e.g. `umask 077; openssl rand -hex 32 > FILE`",
            ));
        }
        Ok(Some(AuditKey {
            key: key.to_vec(),
            from_seq,
        }))
    }
}

/// What a command runs with: the terminal, the acting principal and instant, the database path,
/// and the client that carries its operations.
pub struct Env {
    pub ui: Ui,
    pub ctx: Ctx,
    pub db_path: PathBuf,
    pub config: Config,
    /// The config file's directory: relative paths in it are taken from there.
    pub config_dir: Option<PathBuf>,
    /// The time zone of times typed without an offset (docs/times.md); `None`: the system's,
    /// looked up only when a time is parsed (finding its name walks the time zone database).
    pub zone: Option<TimeZone>,
    /// The config file, when one was read.
    pub config_file: Option<PathBuf>,
    pub client: Client,
}

impl Env {
    /// Parses a time a user typed (docs/times.md); a bare duration counts `toward` the past or
    /// the future from now.
    pub fn time(&self, text: &str, toward: Toward) -> Result<i64> {
        schedule::parse_time(text, self.ctx.now, self.zone(), toward)
    }

    /// The time zone of times typed without an offset.
    pub fn zone(&self) -> &TimeZone {
        self.zone.as_ref().unwrap_or_else(|| system_zone())
    }

    /// A `--start`: a time in the past means now, and the user is told so.
    pub fn start_opt(&self, text: Option<&str>) -> Result<Option<i64>> {
        let start = self.time_opt(text, Toward::Future)?;
        if let Some(t) = start
            && t < self.ctx.now
        {
            self.ui.warn(&format!(
                "the start {} is in the past: it starts now",
                render::when(t)
            ));
        }
        Ok(start)
    }

    /// [`Env::time`] of an optional flag.
    pub fn time_opt(&self, text: Option<&str>, toward: Toward) -> Result<Option<i64>> {
        text.map(|t| self.time(t, toward)).transpose()
    }

    /// The one-time code of a write: `--otp`, or, on a terminal, the code asked for when the
    /// write needs one. `probe` runs the write as a dry run without a code (nothing is written,
    /// not even an audit row); only a refusal for want of a code asks for it. Off a terminal the
    /// write itself says which setting requires a code and how to pass it.
    pub fn otp(
        &mut self,
        given: Option<String>,
        dry_run: bool,
        probe: impl FnOnce(&mut Env) -> Result<()>,
    ) -> Result<Option<String>> {
        if given.is_some() || dry_run || !self.ui.interactive {
            return Ok(given);
        }
        match probe(self) {
            Err(e) if needs_code(&e) => {
                let code = dialoguer::Input::<String>::new()
                    .with_prompt("One-time code")
                    .interact_text()
                    .map_err(|e| Error::invalid(format!("prompt failed: {e}")))?;
                Ok(Some(code))
            }
            _ => Ok(None),
        }
    }
}

/// Whether a refusal is for want of a one-time code alone (every bad row of an import, when it is
/// an import), so that a terminal may ask for one.
fn needs_code(e: &Error) -> bool {
    let asks = |text: &str| {
        text.contains(crate::core::assign::ASSIGNER_CODE_HINT)
            || text.ends_with("(pass --otp CODE)")
    };
    match e {
        Error::BadRows { rows, more, .. } => {
            *more == 0 && !rows.is_empty() && rows.iter().all(|(_, m)| asks(m))
        }
        // The same, as a server reports it: a line per bad row.
        Error::Relayed { kind, lines, .. } if kind == "bad_rows" => {
            !lines.is_empty() && lines.iter().all(|l| asks(l))
        }
        _ => {
            let mfa = match e {
                Error::Policy { rule, .. } => *rule == crate::core::policy::rule::MFA,
                Error::Relayed { message, .. } => message.starts_with("MfaRule:"),
                _ => false,
            };
            mfa && e
                .hints()
                .iter()
                .any(|h| h == crate::core::assign::ASSIGNER_CODE_HINT || h == "pass --otp CODE")
        }
    }
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "pim")
}

fn load_config(global: &Global) -> Result<Config> {
    let (path, explicit) = match &global.config {
        Some(p) => (p.clone(), true),
        None => match project_dirs() {
            Some(d) => (d.config_dir().join("config.toml"), false),
            None => return Ok(Config::default()),
        },
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            return Ok(Config::default());
        }
        Err(e) => {
            return Err(Error::invalid(format!(
                "cannot read the config file {}: {e}",
                path.display()
            )));
        }
    };
    toml::from_str(&text).map_err(|e| {
        Error::invalid(format!(
            "the config file {} is not valid: {}",
            path.display(),
            e.to_string().trim_end()
        ))
    })
}

/// The instant commands run at: the system clock, or `PIM_NOW` in debug builds (tests travel in
/// time with it; a release build ignores it).
fn now() -> Result<i64> {
    if cfg!(debug_assertions)
        && let Ok(text) = std::env::var("PIM_NOW")
    {
        return chrono::DateTime::parse_from_rfc3339(text.trim())
            .map(|t| t.timestamp())
            .map_err(|_| Error::invalid(format!("PIM_NOW '{text}' is not an RFC 3339 time")));
    }
    Ok(SystemClock.now())
}

fn os_user() -> String {
    if cfg!(debug_assertions)
        && let Ok(u) = std::env::var("PIM_OS_USER")
    {
        return u;
    }
    ::whoami::username().unwrap_or_else(|_| "unknown".into())
}

/// The width of the terminal stdout is, or None when it is not one (then tables are not fitted).
/// `COLUMNS` is honoured; in debug builds `PIM_TERM_WIDTH` pretends stdout is a terminal that wide
/// (tests see what a person would, without a pty).
fn terminal_width() -> Option<usize> {
    if cfg!(debug_assertions)
        && let Ok(w) = std::env::var("PIM_TERM_WIDTH")
    {
        return w.trim().parse().ok().filter(|w| *w > 0);
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w > 0);
    // A terminal that does not say how wide it is (a serial console) counts as 80 columns.
    columns
        .or_else(|| {
            comfy_table::Table::new()
                .width()
                .map(usize::from)
                .filter(|w| *w > 0)
        })
        .or(Some(80))
}

/// The config file pim reads (whether or not it exists).
fn config_file_of(global: &Global) -> Option<PathBuf> {
    global
        .config
        .clone()
        .or_else(|| project_dirs().map(|d| d.config_dir().join("config.toml")))
}

/// The config file's directory: relative paths in the config are taken from there.
fn config_dir_of(global: &Global) -> Option<PathBuf> {
    config_file_of(global).and_then(|p| p.parent().map(std::path::Path::to_path_buf))
}

/// The system's time zone (`TZ`, else `/etc/localtime`), looked up once and only when needed:
/// naming it walks the whole time zone database, about 0.7 ms that a `pim check` from a script
/// should not pay.
fn system_zone() -> &'static TimeZone {
    static ZONE: std::sync::OnceLock<TimeZone> = std::sync::OnceLock::new();
    ZONE.get_or_init(TimeZone::system)
}

fn build_env(global: &Global, command: &Command) -> Result<Env> {
    let ui = Ui::new(global);
    let config = load_config(global)?;
    crate::provision::set_targets(config.provision.clone());
    let width = terminal_width();
    // Times typed without an offset are the user's; times shown are the user's on a terminal
    // and UTC elsewhere (stable for scripts), unless --utc or the config says otherwise.
    let configured = if global.utc {
        Some(TimeZone::UTC)
    } else {
        config.display.zone()?
    };
    let zone = configured.clone();
    let shown = match configured {
        Some(z) => z,
        None if width.is_some() => system_zone().clone(),
        None => TimeZone::UTC,
    };
    render::set_display(render::Display { width, zone: shown });
    let server = global.server.clone().or(config.client.server.clone());
    if let Some(url) = server.filter(|_| command.uses_store()) {
        let endpoint = crate::client::Endpoint::parse(&url)?;
        // The server names the caller; a name the caller gives is refused, never ignored.
        if let Some(name) = global.acting.clone().or(config.actor.clone()) {
            return Err(Error::NotAuthorized {
                message: format!(
                    "identity comes from the server at {endpoint}, not from --as, PIM_ACTOR or the config's actor ('{name}')"
                ),
                hint: Some(
                    "drop --as and PIM_ACTOR (and `actor` from the config); `pim whoami` shows who the server takes you for"
                        .into(),
                ),
            });
        }
        let now_text = std::env::var("PIM_NOW")
            .ok()
            .filter(|_| cfg!(debug_assertions));
        let config_dir = config_dir_of(global);
        let from_config = |p: &Option<PathBuf>| {
            p.as_ref().map(|p| match &config_dir {
                Some(dir) if p.is_relative() => dir.join(p),
                _ => p.clone(),
            })
        };
        let tls = crate::client::TlsFiles {
            cert: global
                .client_cert
                .clone()
                .or_else(|| from_config(&config.client.client_cert)),
            key: global
                .client_key
                .clone()
                .or_else(|| from_config(&config.client.client_key)),
            ca: global.ca.clone().or_else(|| from_config(&config.client.ca)),
        };
        let remote = crate::client::Remote::new(endpoint, now_text, &tls)?;
        let ctx = Ctx {
            now: now()?,
            actor: String::new(),
            os_user: String::new(),
            audit_key: None,
            zone: render::zone(),
            auth: Auth::Local,
        };
        return Ok(Env {
            ui,
            client: Client::Remote(remote),
            ctx,
            db_path: PathBuf::new(),
            config,
            config_dir: None,
            config_file: None,
            zone,
        });
    }
    let config_file = config_file_of(global);
    let config_dir = config_dir_of(global);
    let audit_key = config.audit.load_key(config_dir.as_deref())?;
    let actor = global
        .acting
        .clone()
        .or(config.actor.clone())
        .unwrap_or_else(|| ::whoami::username().unwrap_or_default());
    let db_path = match (
        &global.db,
        config
            .store
            .url
            .clone()
            .map(PathBuf::from)
            .or(config.db.clone()),
    ) {
        (Some(p), _) => p.clone(),
        (None, Some(p)) => p,
        (None, None) => match project_dirs() {
            Some(d) => d.data_dir().join("pim.db"),
            None => {
                return Err(Error::invalid_with_hint(
                    "no home directory to keep the database in",
                    "pass --db PATH or set PIM_DB",
                ));
            }
        },
    };
    if crate::store::is_postgres_url(&db_path)
        && let Some(pw) =
            postgres_password(&db_path.to_string_lossy(), &config, config_dir.as_deref())
    {
        crate::store::set_postgres_password(&db_path.to_string_lossy(), pw);
    }
    let ctx = Ctx {
        now: now()?,
        actor,
        os_user: os_user(),
        audit_key,
        zone: render::zone(),
        auth: Auth::Local,
    };
    Ok(Env {
        ui,
        client: Client::Local(Local::new(db_path.clone(), ctx.clone())),
        ctx,
        db_path,
        config,
        config_dir,
        config_file: config_file.filter(|p| p.is_file()),
        zone,
    })
}

/// The rows a list of events (audit rows, requests, notifications) shows, newest first, unless
/// `--limit N` or `--all` says otherwise.
pub const LIST_LIMIT: u64 = 50;

/// Exit status of a command that ran: 0 done, 5 accepted but pending approval.
pub type Status = u8;

fn dispatch(cli: Cli, env: &mut Env) -> Result<Status> {
    match cli.command {
        Command::Init(a) => init::run(a, env),
        Command::Principal(c) => principal::run(c, env),
        Command::Group(c) => group::run(c, env),
        Command::Role(c) => role::run(c, env),
        Command::Scope(c) => scope::run(c, env),
        Command::Assign(a) => assign::run(*a, env),
        Command::Activate(a) => activate::run(*a, env),
        Command::Deactivate(a) => deactivate::run(a, env),
        Command::Extend(a) => extend::run(a, env, false),
        Command::Renew(a) => extend::run(a, env, true),
        Command::Status(a) => status::run(a, env),
        Command::Check(a) => check::run(a, env),
        Command::Access(a) => access::run(a, env),
        Command::Sweep => sweep::run(env),
        Command::Request(c) => request::run(c, env),
        Command::Approve(a) => approve::run(a, env),
        Command::Deny(a) => approve::run_deny(a, env),
        Command::Settings(c) => settings::run(c, env),
        Command::Mfa(c) => mfa::run(c, env),
        Command::Audit(c) => audit::run(c, env),
        Command::Review(c) => review::run(c, env),
        Command::Alerts(a) => alerts::run(a, env),
        Command::Notifications(c) => notifications::run(c, env),
        Command::Provision(c) => provision::run(c, env),
        Command::Completions(a) => completions::completions(a),
        Command::Man(a) => completions::man(a, env),
        Command::Serve(a) => serve::run(a, env),
        Command::Cert(c) => cert::run(c, env),
        Command::Ssh(c) => ssh::run(c, env),
        Command::Whoami => whoami::run(env),
        Command::Db(c) => db::run(c, env),
    }
}

pub fn main() -> ExitCode {
    // A completion script asking for candidates: answer and exit before anything else.
    clap_complete::CompleteEnv::with_factory(command).complete();
    // The line is parsed first with only the command it names built (`lean_command`), and
    // anything that is not a plain parse (help, a version, a usage error) is parsed again with
    // the whole definition, examples and completion candidates included, which then speaks.
    let parse = |cmd: clap::Command| {
        cmd.try_get_matches()
            .and_then(|mut m| <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut m))
    };
    let parsed = parse(lean_command()).or_else(|_| parse(command()));
    let mut cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            // clap uses 2 for usage errors and 0 for --help / --version.
            return ExitCode::from(code.clamp(0, 255) as u8);
        }
    };
    from_environment(&mut cli.global);
    let mut env = match build_env(&cli.global, &cli.command) {
        Ok(env) => env,
        Err(e) => return error::report(&Ui::new(&cli.global), &e),
    };
    let result = dispatch(cli, &mut env);
    // A result that could not be written is a failure, whatever the command did (SPEC §5).
    let result = match (result, env.ui.write_error()) {
        (Ok(_), Some(e)) => Err(e),
        (r, _) => r,
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(e) => error::report(&env.ui, &e),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// What parsing depends on, for a command and every command below it.
    fn shape(c: &clap::Command, path: &str, out: &mut Vec<String>) {
        out.push(format!(
            "{path}: subcommand required {}, arguments or help {}, args conflict with subcommands {}",
            c.is_subcommand_required_set(),
            c.is_arg_required_else_help_set(),
            c.is_args_conflicts_with_subcommands_set()
        ));
        let mut args: Vec<String> = c
            .get_arguments()
            .map(|a| {
                format!(
                    "{path} {}: long {:?} short {:?} aliases {:?} required {} global {} num {:?} action {:?} values {:?} default {:?} conflicts {:?} requires {:?} group-free",
                    a.get_id(),
                    a.get_long(),
                    a.get_short(),
                    a.get_all_aliases(),
                    a.is_required_set(),
                    a.is_global_set(),
                    a.get_num_args(),
                    a.get_action(),
                    a.get_possible_values().iter().map(|v| v.get_name().to_string()).collect::<Vec<_>>(),
                    a.get_default_values(),
                    c.get_arg_conflicts_with(a).iter().map(|x| x.get_id().to_string()).collect::<Vec<_>>(),
                    a.get_value_names(),
                )
            })
            .collect();
        args.sort();
        out.extend(args);
        let mut groups: Vec<String> = c
            .get_groups()
            .map(|g| {
                format!(
                    "{path} group {}: {:?} required {} multiple {}",
                    g.get_id(),
                    g.get_args().collect::<Vec<_>>(),
                    g.is_required_set(),
                    g.clone().is_multiple()
                )
            })
            .collect();
        groups.sort();
        out.extend(groups);
        let mut subs: Vec<&clap::Command> = c.get_subcommands().collect();
        subs.sort_by_key(|s| s.get_name().to_string());
        for s in subs {
            shape(s, &format!("{path} {}", s.get_name()), out);
        }
    }

    #[test]
    fn the_lean_command_line_is_the_derived_one() {
        let mut lean = super::lean_command();
        lean.build();
        let mut full = super::Cli::command();
        full.build();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        shape(&lean, "pim", &mut a);
        shape(&full, "pim", &mut b);
        // clap adds `help` (and the root its `version`) itself; the rest must be the same.
        let strip = |v: Vec<String>| -> Vec<String> {
            v.into_iter()
                .filter(|l| {
                    !l.contains(" help")
                        && !l.contains("pim version:")
                        && !l.starts_with("pim help")
                        && !l.starts_with("pim group Cli: []")
                })
                .collect()
        };
        let (a, b) = (strip(a), strip(b));
        for (x, y) in a.iter().zip(b.iter()) {
            assert_eq!(x, y);
        }
        assert_eq!(a.len(), b.len());
    }

    #[test]
    fn lines_parse_the_same_either_way() {
        let lines: &[&[&str]] = &[
            &[
                "check",
                "--principal",
                "bench.mg",
                "--role",
                "Reader",
                "--scope",
                "/",
            ],
            &["-o", "json", "assign", "list", "--principal", "alice"],
            &[
                "--db",
                "x.db",
                "--as",
                "admin",
                "activate",
                "--role",
                "Global Administrator",
                "--justification",
                "INC-4711",
                "--duration",
                "2h",
            ],
            &[
                "assign",
                "--principal",
                "bob",
                "--role",
                "Reader",
                "--scope",
                "/subscriptions/prod",
                "--type",
                "eligible",
                "--permanent",
                "--justification",
                "x",
            ],
            &["principal", "add", "zoe", "--kind", "user"],
            &[
                "provision",
                "bind",
                "sudo",
                "--role",
                "member",
                "--group",
                "ops",
            ],
            &["audit", "export", "-o", "csv", "--since", "1h"],
            &["whoami", "--utc", "-q"],
            &["sweep"],
            &["approve", "abcd1234", "--justification", "ok"],
            &["settings", "show", "--role", "Reader", "--scope", "/"],
        ];
        for line in lines {
            let argv: Vec<&str> = std::iter::once("pim").chain(line.iter().copied()).collect();
            let parse = |c: clap::Command| {
                c.try_get_matches_from(&argv)
                    .and_then(|mut m| {
                        <super::Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut m)
                    })
                    .map(|c| format!("{c:?}"))
                    .map_err(|e| e.kind())
            };
            let full = parse(super::command());
            assert!(full.is_ok(), "{line:?}: {full:?}");
            assert_eq!(parse(super::lean_command()), full, "{line:?}");
        }
    }
}
