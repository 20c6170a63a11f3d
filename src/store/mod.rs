//! Storage: opening the database with the right settings, migrations, and one module per table
//! group. Every function here takes a [`Conn`] (or a [`Tx`], which derefs to one) and does one
//! thing with it; the rules live in `core`. `Conn` and its statements and rows ([`sql`]) are the
//! seam between `core` and the engine: nothing outside `store` names the engine's own types.

pub mod activation_path;
pub mod alerts;
pub mod assignment;
pub mod audit;
pub mod binding;
pub mod copy;
pub mod mfa;
pub mod outbox;
pub mod pool;
pub mod principal;
pub mod provision;
pub mod request;
pub mod review;
pub mod role;
pub mod scope;
pub mod settings;
pub mod sql;
#[cfg(test)]
pub(crate) mod testing;

mod pg;
mod pg_tls;

pub use crate::params;
pub use sql::{
    Conn, FromSql, MappedRows, OptionalExtension, Params, Row, Rows, Stmt, ToSql, Tx, Value,
    ValueRef, params_from_iter,
};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// One step of the schema's history.
enum Migration {
    Sql(&'static str),
    /// A step in code, for what SQL alone cannot say (the built-in role catalogue).
    Code(fn(&Conn) -> Result<()>),
}

/// Migrations, in order. The schema version (`PRAGMA user_version`) is the number applied.
/// Append-only: when the built-in catalogue grows, append another `role::add_missing_builtins`.
const MIGRATIONS: &[Migration] = &[
    Migration::Sql(include_str!("migrations/sqlite/0001_init.sql")),
    Migration::Sql(include_str!(
        "migrations/sqlite/0002_assignment_holder_index.sql"
    )),
    Migration::Sql(include_str!("migrations/sqlite/0003_activation.sql")),
    Migration::Sql(include_str!("migrations/sqlite/0004_reviews.sql")),
    Migration::Sql(include_str!("migrations/sqlite/0005_groups.sql")),
    Migration::Sql(include_str!("migrations/sqlite/0006_outbox.sql")),
    Migration::Sql(include_str!("migrations/sqlite/0007_notification.sql")),
    Migration::Sql(include_str!(
        "migrations/sqlite/0008_principal_object_id.sql"
    )),
    // The complete Microsoft Entra catalogue and the common Azure built-in roles.
    Migration::Code(role::add_missing_builtins),
    Migration::Sql(include_str!("migrations/sqlite/0010_soft_delete.sql")),
    Migration::Sql(include_str!("migrations/sqlite/0011_identity.sql")),
    Migration::Sql(include_str!("migrations/sqlite/0012_activation_path.sql")),
    Migration::Code(invariant_indexes),
    Migration::Sql(include_str!("migrations/sqlite/0014_provision.sql")),
    Migration::Sql(include_str!(
        "migrations/sqlite/0015_provision_incremental.sql"
    )),
    Migration::Sql(include_str!("migrations/sqlite/0016_list_indexes.sql")),
];

/// The rows that would break the unique indexes of `0013_invariant_indexes.sql` (the same on both
/// engines): a database holding any is refused with what they are, rather than changed.
const INVARIANT_DUPLICATES: &str = "
    SELECT 'principal ' || principal_id || ' holds ' || count(*) ||
           ' open activations of eligibility ' || activated_from
      FROM assignment
     WHERE activated_from IS NOT NULL AND removed_at IS NULL AND expiry_recorded = 0
     GROUP BY activated_from, principal_id HAVING count(*) > 1
    UNION ALL
    SELECT 'principal ' || principal_id || ' has ' || count(*) || ' pending ' || action ||
           ' requests for role ' || role_id || ' at scope ' || scope_id
      FROM request WHERE status = 'pending_approval'
     GROUP BY principal_id, role_id, scope_id, action HAVING count(*) > 1";

/// Refuses a database whose rows break a rule pim keeps (they can only come from outside pim).
fn check_invariant_rows(c: &Conn) -> Result<()> {
    let mut st = c.prepare(INVARIANT_DUPLICATES)?;
    let found: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<Result<_>>()?;
    if found.is_empty() {
        return Ok(());
    }
    Err(StoreError::Corrupt(format!(
        "the database breaks rules pim keeps, so it cannot be brought up to date: {}; \
         end the extra activations or requests by hand and try again",
        found.join("; ")
    )))
}

/// Schema 13: unique indexes for one open activation per eligibility and one pending request per
/// thing, once the rows are checked.
fn invariant_indexes(c: &Conn) -> Result<()> {
    check_invariant_rows(c)?;
    c.execute_batch(include_str!("migrations/sqlite/0013_invariant_indexes.sql"))
}

/// The schema version this build writes.
/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 256;

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a process waits for another one's write lock before giving up. Writes are short, so
/// reaching this means something is badly wrong; normal contention never shows to the user.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no pim database at {}", .0.display())]
    NotInitialized(PathBuf),
    #[error("a pim database already exists at {}", .0.display())]
    AlreadyInitialized(PathBuf),
    #[error(
        "the database at {} has schema version {found}, newer than this pim supports ({supported})",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{} is not a pim database", .0.display())]
    NotADatabase(PathBuf),
    #[error("cannot use the database at {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the database at {} is read-only", .0.display())]
    ReadOnly(PathBuf),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database error: {}", pg_message(.0))]
    Postgres(#[from] postgres::Error),
    #[error("cannot connect to PostgreSQL at {location}: {message}")]
    Connect { location: String, message: String },
    #[error("{0}")]
    BadUrl(String),
    /// No connection of the server's pool came free in time, or none could be made.
    #[error("the database at {location} is not available: {message}")]
    Unavailable { location: String, message: String },
    /// The target of a copy holds something already.
    #[error("{} is not empty: a copy goes into a new file or an empty database", .0.display())]
    NotEmpty(PathBuf),
    /// A query that had to return a row returned none.
    #[error("database error: Query returned no rows")]
    NoRows,
    #[error("corrupt value in the database: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What PostgreSQL said, without the client library's wrapping.
fn pg_message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    // The client library's own errors keep their cause (a certificate refused in the TLS
    // handshake, a refused connection) beneath a general message.
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        cause = c.source();
    }
    text
}

/// Whether `location` (what `--db` names) is a PostgreSQL URL rather than a file.
pub fn is_postgres_url(location: &Path) -> bool {
    location
        .to_str()
        .is_some_and(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

static PG_PASSWORDS: std::sync::Mutex<Vec<(String, String)>> = std::sync::Mutex::new(Vec::new());

/// The password for the PostgreSQL URL `url` when it carries none (from `PGPASSWORD`,
/// `PGPASSFILE` or the file the configuration names, which the command line reads).
pub fn set_postgres_password(url: &str, password: String) {
    let mut known = PG_PASSWORDS.lock().unwrap_or_else(|e| e.into_inner());
    known.retain(|(u, _)| u != url);
    known.push((url.to_string(), password));
}

fn postgres_password(url: &str) -> Option<String> {
    let known = PG_PASSWORDS.lock().unwrap_or_else(|e| e.into_inner());
    known.iter().find(|(u, _)| u == url).map(|(_, p)| p.clone())
}

/// The schema of a PostgreSQL database: its own migrations, its version in `meta`.
const PG_MIGRATIONS: &[&str] = &[
    include_str!("migrations/postgres/0001_init.sql"),
    include_str!("migrations/postgres/0002_invariant_indexes.sql"),
    include_str!("migrations/postgres/0003_provision.sql"),
    include_str!("migrations/postgres/0004_provision_incremental.sql"),
    include_str!("migrations/postgres/0005_list_indexes.sql"),
];

/// The PostgreSQL schema version this build writes.
pub const PG_SCHEMA_VERSION: i64 = PG_MIGRATIONS.len() as i64;

/// `url` with any password in it replaced, for messages and logs.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (auth, host) = match rest.split_once('@') {
        Some((a, h)) => (Some(a), h),
        None => (None, rest),
    };
    match auth {
        Some(a) => {
            let user = a.split_once(':').map_or(a, |(u, _)| u);
            format!("{scheme}://{user}@{host}")
        }
        None => format!("{scheme}://{host}"),
    }
}

/// A connection to the PostgreSQL database `url` names, with the password the command line found
/// for it when the URL carries none. Messages name the URL without its password.
pub(crate) fn connect_postgres(url: &Path) -> Result<Conn> {
    let url = url.to_string_lossy().into_owned();
    let password = postgres_password(&url);
    let (client, location) = postgres_client(&url, password, "pim")?;
    Ok(Conn::from_postgres(client, location, url))
}

/// A client of the PostgreSQL server `url` names, with TLS as its `sslmode` asks (as pim's own
/// store connects), `password` when the URL carries none, and `application` as its name; and the
/// URL without its password, as messages name it. Other code that talks to PostgreSQL (the
/// provisioning connector) connects through this.
pub fn postgres_client(
    url: &str,
    password: Option<String>,
    application: &str,
) -> Result<(postgres::Client, String)> {
    let location = redact_url(url);
    let (plain, tls) = pg_tls::split(url, &location)?;
    let mut config: postgres::Config = plain
        .parse()
        .map_err(|e| StoreError::BadUrl(format!("invalid PostgreSQL URL {location}: {e}")))?;
    if config.get_password().is_none()
        && let Some(pw) = password
    {
        config.password(pw);
    }
    config.application_name(application);
    let client = config
        .connect(pg_tls::connector(&tls, &location)?)
        .map_err(|e| StoreError::Connect {
            location: location.clone(),
            message: pg_message(&e),
        })?;
    Ok((client, location))
}

/// What PostgreSQL said, without the client library's wrapping (for code outside the store that
/// talks to PostgreSQL).
pub fn postgres_message(e: &postgres::Error) -> String {
    pg_message(e)
}

/// The password `.pgpass` text (`host:port:database:user:password` lines, `*` matching any)
/// gives the PostgreSQL URL `url`, as libpq finds it.
pub fn pgpass_password(text: &str, url: &str) -> Option<String> {
    let (host, port, db, user) = url_parts(url)?;
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|line| {
            let f: Vec<&str> = line.splitn(5, ':').collect();
            let hit = |pat: &str, v: &str| pat == "*" || pat == v;
            (f.len() == 5
                && hit(f[0], &host)
                && hit(f[1], &port)
                && hit(f[2], &db)
                && hit(f[3], &user))
            .then(|| f[4].to_string())
        })
}

/// (host, port, database, user) of a `postgres://user@host:port/db` URL, as `.pgpass` matches them.
fn url_parts(url: &str) -> Option<(String, String, String, String)> {
    let rest = url.split_once("://")?.1;
    let rest = rest.split_once('?').map_or(rest, |(r, _)| r);
    let (auth, hostpart) = rest.split_once('@')?;
    let user = auth.split_once(':').map_or(auth, |(u, _)| u).to_string();
    let (hostport, db) = hostpart.split_once('/').unwrap_or((hostpart, ""));
    let (host, port) = hostport.rsplit_once(':').unwrap_or((hostport, "5432"));
    let db = if db.is_empty() {
        user.clone()
    } else {
        db.to_string()
    };
    Some((host.to_string(), port.to_string(), db, user))
}

/// An open pim database.
pub struct Db {
    conn: Conn,
    path: PathBuf,
}

impl Db {
    /// Opens an existing database, bringing its schema up to date.
    pub fn open(path: &Path) -> Result<Db> {
        if is_postgres_url(path) {
            return Db::open_postgres(path, false);
        }
        if !path.exists() {
            return Err(StoreError::NotInitialized(path.to_path_buf()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(e, path))?;
        let mut db = Db {
            conn: Conn::from_sqlite(conn),
            path: path.to_path_buf(),
        };
        // An empty file (or an SQLite file with nothing in it) is no pim database: say so before
        // touching it, rather than giving it pim's schema and WAL mode on the way to that answer.
        db.conn
            .sqlite()
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| classify(e, path))?;
        let (version, tables): (i64, i64) = db
            .conn
            .sqlite()
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM sqlite_schema)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| classify(e, path))?;
        if version == 0 && tables == 0 {
            return Err(StoreError::NotInitialized(path.to_path_buf()));
        }
        db.configure()?;
        db.migrate()?;
        if !db.is_initialized()? {
            return Err(StoreError::NotInitialized(path.to_path_buf()));
        }
        Ok(db)
    }

    /// Creates a new database file (mode 0600) with the current schema. An existing, initialised
    /// database is refused; an empty file is taken over.
    pub fn create(path: &Path) -> Result<Db> {
        if is_postgres_url(path) {
            return Db::open_postgres(path, true);
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        create_private_file(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(e, path))?;
        let mut db = Db {
            conn: Conn::from_sqlite(conn),
            path: path.to_path_buf(),
        };
        db.configure()?;
        db.migrate()?;
        if db.is_initialized()? {
            return Err(StoreError::AlreadyInitialized(path.to_path_buf()));
        }
        Ok(db)
    }

    /// Connects to the PostgreSQL database `url` names and brings its schema up to date; with
    /// `create`, an empty database is given pim's schema (and an initialised one refused).
    fn open_postgres(url: &Path, create: bool) -> Result<Db> {
        let conn = connect_postgres(url)?;
        let location = conn.path().unwrap_or_default();
        let mut db = Db {
            conn,
            path: PathBuf::from(&location),
        };
        let found = db.migrate_postgres(create)?;
        if found == 0 && !create {
            return Err(StoreError::NotInitialized(db.path.clone()));
        }
        let initialized = db.is_initialized()?;
        if create && initialized {
            return Err(StoreError::AlreadyInitialized(db.path.clone()));
        }
        if !create && !initialized {
            return Err(StoreError::NotInitialized(db.path.clone()));
        }
        Ok(db)
    }

    /// Applies the PostgreSQL migrations this database lacks (only with `create` when it has
    /// none), under a lock that keeps two processes from migrating at once. The version found.
    fn migrate_postgres(&mut self, create: bool) -> Result<i64> {
        let c = &self.conn;
        c.pg_batch("BEGIN; SELECT pg_advisory_xact_lock(7239010101)")?;
        let outcome = (|| -> Result<i64> {
            let has_meta: bool =
                c.query_row("SELECT to_regclass('meta') IS NOT NULL", [], |r| r.get(0))?;
            let found = if has_meta {
                get_meta(c, "schema_version")?
                    .and_then(|v| v.parse::<i64>().ok())
                    .unwrap_or(0)
            } else {
                let tables: i64 = c.query_row(
                    "SELECT count(*) FROM information_schema.tables
                      WHERE table_schema = current_schema()",
                    [],
                    |r| r.get(0),
                )?;
                if tables > 0 {
                    return Err(StoreError::NotADatabase(self.path.clone()));
                }
                0
            };
            if found > PG_SCHEMA_VERSION {
                return Err(StoreError::NewerSchema {
                    path: self.path.clone(),
                    found,
                    supported: PG_SCHEMA_VERSION,
                });
            }
            if found == 0 && !create {
                return Ok(0);
            }
            if found < PG_SCHEMA_VERSION {
                // Writers of the older schema finish first and the next ones wait: a migration
                // that locks tables one by one could otherwise deadlock with a write.
                if found > 0 {
                    c.pg_batch("LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE")?;
                }
                for (i, sql) in PG_MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
                    // Version 2 adds unique indexes: rows that break them are refused first.
                    if i == 1 && found > 0 {
                        check_invariant_rows(c)?;
                    }
                    c.pg_batch(sql)?;
                }
                set_meta(c, "schema_version", &PG_SCHEMA_VERSION.to_string())?;
            }
            Ok(found)
        })();
        match outcome {
            Ok(v) => {
                c.pg_batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                let _ = c.pg_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// An in-memory database with the current schema, for tests of the core rules.
    pub fn in_memory() -> Result<Db> {
        let conn = Connection::open_in_memory()?;
        let mut db = Db {
            conn: Conn::from_sqlite(conn),
            path: PathBuf::from(":memory:"),
        };
        db.configure()?;
        db.migrate()?;
        Ok(db)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access outside a write transaction. Reads in WAL mode see one consistent snapshot per
    /// statement; commands that read several things use [`Db::read`].
    pub fn conn(&self) -> &Conn {
        &self.conn
    }

    /// A deferred (read) transaction: one consistent snapshot for everything a command reads.
    pub fn read(&mut self) -> Result<Tx<'_>> {
        if self.conn.is_postgres() {
            return Tx::begin_pg(&self.conn, "BEGIN ISOLATION LEVEL REPEATABLE READ");
        }
        Tx::begin(&self.conn, "BEGIN DEFERRED").map_err(|e| classify(e, &self.path))
    }

    /// Starts the one transaction a writing command runs in: `BEGIN IMMEDIATE` on SQLite, and on
    /// PostgreSQL `SERIALIZABLE` after locking the head of the audit chain. Waiting for another
    /// process is left to SQLite's busy handler; a busy answer that slips past it is retried here
    /// so that the user never sees `database is locked`.
    ///
    /// On PostgreSQL a write begun here may still fail with a serialization failure or a deadlock
    /// ([`StoreError::is_retryable`]) at any statement or at its commit: the caller must be able
    /// to run the whole transaction again ([`retry`]). A write that cannot be replayed uses
    /// [`Db::write_once`].
    pub fn write(&mut self) -> Result<Tx<'_>> {
        self.begin_write(true)
    }

    /// A write that cannot be run twice (it streams its input): as [`Db::write`], but on
    /// PostgreSQL at `REPEATABLE READ` after the lock on the audit head, which no serialization
    /// failure or deadlock can follow (see [`Db::begin_write`]).
    pub fn write_once(&mut self) -> Result<Tx<'_>> {
        self.begin_write(false)
    }

    /// Every PostgreSQL write locks the audit table (the head of the chain) in `SHARE ROW
    /// EXCLUSIVE` mode before its snapshot is taken: writes are serial, as SQLite's `BEGIN
    /// IMMEDIATE` makes them, each appends to the head it saw (gap-free `seq`, no fork), and none
    /// reads a state another has since changed. Readers take no lock that conflicts.
    ///
    /// `SERIALIZABLE` adds PostgreSQL's own check that the writes form a serial order. That
    /// check is conservative and can refuse a transaction that the lock had already made serial:
    /// its bookkeeping of a committing writer can outlive the lock, so the next writer may count
    /// as concurrent with it (seen in the parallel test suite as a serialization failure at
    /// `COMMIT`, "conflict in from prepared pivot"). A replayable write is therefore retried as a
    /// whole ([`retry`]). A
    /// write that cannot be replayed runs at `REPEATABLE READ`: with every other writer waiting
    /// on the lock, its snapshot sees every committed write and no row it touches can change
    /// under it, so it can meet neither a serialization failure nor a deadlock, and it is as
    /// serial as the others.
    fn begin_write(&mut self, serializable: bool) -> Result<Tx<'_>> {
        if self.conn.is_postgres() {
            let begin = if serializable {
                "BEGIN ISOLATION LEVEL SERIALIZABLE;
                 LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE"
            } else {
                "BEGIN ISOLATION LEVEL REPEATABLE READ;
                 LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE"
            };
            let mut attempt = 0;
            loop {
                match Tx::begin_pg(&self.conn, begin) {
                    Ok(tx) => return Ok(tx),
                    Err(e) => {
                        let _ = self.conn.pg_batch("ROLLBACK");
                        attempt += 1;
                        if !e.is_retryable() || attempt >= WRITE_ATTEMPTS {
                            return Err(e);
                        }
                        retry_pause(attempt);
                    }
                }
            }
        }
        // SQLite opens a file it may not write read-only, and only the first write would fail,
        // with its own words: say what is wrong before starting.
        if self
            .conn
            .sqlite()
            .is_readonly(rusqlite::MAIN_DB)
            .unwrap_or(false)
        {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        let mut attempts = 0;
        loop {
            match Tx::begin(&self.conn, "BEGIN IMMEDIATE") {
                Ok(tx) => return Ok(tx),
                Err(e) if is_busy(&e) && attempts < 2000 => {
                    attempts += 1;
                    std::thread::sleep(Duration::from_millis(2 + attempts % 7));
                }
                Err(e) => return Err(classify(e, &self.path)),
            }
        }
    }

    fn configure(&mut self) -> Result<()> {
        let path = self.path.clone();
        let conn = self.conn.sqlite();
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| classify(e, &path))?;
        // One write uses more distinct statements (checks, assignment, request, audit, outbox)
        // than rusqlite's default cache of 16 holds: bulk writes would compile them again and
        // again.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Reading the schema is the first thing that touches the file: a file that is not SQLite
        // fails here with a clear message.
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| classify(e, &path))?;
        if path != Path::new(":memory:") {
            let mode: String = conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .map_err(|e| classify(e, &path))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Corrupt(format!(
                    "journal mode is {mode}, WAL could not be enabled"
                )));
            }
        }
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA temp_store = MEMORY;
                 PRAGMA cache_size = -65536;",
        )
        .map_err(|e| classify(e, &path))?;
        let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        if fk != 1 {
            return Err(StoreError::Corrupt(
                "foreign keys could not be enabled".into(),
            ));
        }
        Ok(())
    }

    /// A small page cache for a command that streams the whole file once (an export): nothing is
    /// read twice, so a large cache only costs memory.
    pub fn small_cache(&self) -> Result<()> {
        if self.conn.is_postgres() {
            return Ok(());
        }
        self.conn.execute_batch("PRAGMA cache_size = -4000")?;
        Ok(())
    }

    /// The page cache of a command that writes many rows in one transaction (an import): 24 MB,
    /// so that the process stays under 64 MB whatever the file's size (the cache, pim's own
    /// memory and the administrators an import tells). Pages past it spill to the WAL before the
    /// commit; BENCHMARKS.md weighs this against speed.
    pub fn bulk_cache(&self) -> Result<()> {
        if self.conn.is_postgres() {
            return Ok(());
        }
        self.conn.execute_batch("PRAGMA cache_size = -24576")?;
        Ok(())
    }

    fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .sqlite()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<()> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if found == SCHEMA_VERSION {
            return Ok(());
        }
        if found == 0 && !self.is_empty_schema()? {
            return Err(StoreError::NotADatabase(self.path.clone()));
        }
        let path = self.path.clone();
        // A migration that builds an index over a large table sorts it: in temporary files past
        // a small cache, not in memory (an index over 5,000,000 audit rows took 389 MB there).
        self.conn
            .sqlite()
            .execute_batch("PRAGMA temp_store = FILE; PRAGMA cache_size = -16384;")
            .map_err(|e| classify(e, &path))?;
        self.apply_migrations(&path)?;
        self.conn
            .sqlite()
            .execute_batch("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;")
            .map_err(|e| classify(e, &path))?;
        Ok(())
    }

    fn apply_migrations(&mut self, path: &Path) -> Result<()> {
        let path = path.to_path_buf();
        let tx = self.write()?;
        // Another process may have migrated while this one waited for the lock.
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, m) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
            match m {
                Migration::Sql(sql) => tx
                    .sqlite()
                    .execute_batch(sql)
                    .map_err(|e| classify(e, &path))?,
                Migration::Code(step) => step(&tx)?,
            }
            tx.sqlite()
                .pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        tx.commit().map_err(|e| reclassify(e, &path))?;
        Ok(())
    }

    fn is_empty_schema(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    fn is_initialized(&self) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM meta WHERE key = 'initialized_at'",
            [],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }
}

/// How many times a PostgreSQL write is tried before a serialization failure or deadlock is
/// given to the caller.
pub const WRITE_ATTEMPTS: u32 = 10;

/// The pause before attempt `attempt + 1` of a write that met a serialization failure or a
/// deadlock: a few milliseconds, growing with the attempts, jittered so that writers that failed
/// together do not come back together.
pub fn retry_pause(attempt: u32) {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(attempt);
    let ceiling = 2u64 << attempt.min(6);
    std::thread::sleep(Duration::from_micros(500 + h.finish() % (ceiling * 1000)));
}

/// Runs `f`, one whole write transaction, again while it fails with a serialization failure or a
/// deadlock, [`WRITE_ATTEMPTS`] times at most: the caller never sees one that a retry resolves.
/// `retryable` says which of `f`'s errors are such failures.
pub fn retry<T, E>(
    retryable: impl Fn(&E) -> bool,
    mut f: impl FnMut() -> Result<T, E>,
) -> Result<T, E> {
    let mut attempt = 0;
    loop {
        match f() {
            Err(e) if retryable(&e) && attempt + 1 < WRITE_ATTEMPTS => {
                attempt += 1;
                retry_pause(attempt);
            }
            other => return other,
        }
    }
}

impl StoreError {
    /// Whether this is PostgreSQL's serialization failure (40001) or deadlock (40P01): the
    /// transaction was rolled back and running it again as a whole resolves it.
    pub fn is_retryable(&self) -> bool {
        matches!(self, StoreError::Postgres(e) if pg::is_retryable(e))
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Turns SQLite's error codes into messages a user can act on.
/// Opens an existing database for reading only, with no pragma set and no migration run: for
/// shell completion, which must never change the file. None when there is no readable database.
pub fn open_read_only(path: &Path) -> Option<Conn> {
    if !path.is_file() {
        return None;
    }
    let c = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    c.busy_timeout(std::time::Duration::from_millis(500)).ok()?;
    Some(Conn::from_sqlite(c))
}

/// A connection to the database at `location` (a file or a PostgreSQL URL) as it is: no
/// migration, no check. For tools and tests that inspect or alter a database directly.
pub fn open_unchecked(location: &Path) -> Result<Conn> {
    if is_postgres_url(location) {
        return connect_postgres(location);
    }
    Ok(Conn::from_sqlite(
        Connection::open(location).map_err(|e| classify(e, location))?,
    ))
}

/// Names to offer when completing a command line, from a read-only connection: principals (with
/// kind and display name), roles, scopes and the requests waiting for approval.
pub mod complete {
    use super::Conn;

    use super::Result;

    /// (name, kind, display name), by name.
    pub fn principals(
        c: &Conn,
        kind: Option<&str>,
    ) -> Result<Vec<(String, String, Option<String>)>> {
        let mut st = c.prepare(
            "SELECT name, kind, display_name FROM principal WHERE kind = ?1 OR ?1 IS NULL ORDER BY name",
        )?;
        let rows = st.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_>>()
    }

    /// (request ID, what it asks for), newest first.
    pub fn pending_requests(c: &Conn) -> Result<Vec<(String, String)>> {
        let mut st = c.prepare(
            "SELECT q.id, p.name || ': ' || r.name FROM request q
               JOIN principal p ON p.id = q.principal_id JOIN role r ON r.id = q.role_id
              WHERE q.status = 'pending_approval' ORDER BY q.created_at DESC LIMIT 100",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_>>()
    }
}

/// [`classify`] for an error that already is a [`StoreError`].
pub fn reclassify(e: StoreError, path: &Path) -> StoreError {
    match e {
        StoreError::Sqlite(e) => classify(e, path),
        other => other,
    }
}

pub fn classify(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly(path.to_path_buf()),
        Some(rusqlite::ErrorCode::CannotOpen) | Some(rusqlite::ErrorCode::PermissionDenied) => {
            StoreError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, e.to_string()),
            }
        }
        _ => StoreError::Sqlite(e),
    }
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .map_err(io)?;
    // A new file, or an empty one being taken over, holds the MFA secrets from now on: only its
    // owner may read it, whatever mode it was made with (umask, or `touch` before `init`). A
    // file with something in it is not taken over and is left as it is.
    if file.metadata().map_err(io)?.len() == 0 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io)?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> Result<()> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(())
}

/// Writes a meta key.
impl StoreError {
    /// Whether the database server ended the session this error came from (it was stopped,
    /// restarted, or ended the backend), so that the statement never ran: the connection is
    /// useless and the work can run again on a new one.
    pub fn is_lost_connection(&self) -> bool {
        match self {
            StoreError::Postgres(e) => {
                e.is_closed()
                    || e.code().is_some_and(|c| {
                        let c = c.code();
                        // 57P01-57P03: the server is shutting down or ended the backend;
                        // class 08: connection exception.
                        c.starts_with("57P") || c.starts_with("08")
                    })
                    || std::error::Error::source(e)
                        .is_some_and(|s| s.downcast_ref::<std::io::Error>().is_some())
            }
            _ => false,
        }
    }
}

/// `?first, ?first+1, …` for `n` values: the list of an `IN (…)` whose values are bound.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn set_meta(tx: &Conn, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

pub fn get_meta(conn: &Conn, key: &str) -> Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sql(m: &Migration) -> &'static str {
        match m {
            Migration::Sql(sql) => sql,
            Migration::Code(_) => panic!("a code step"),
        }
    }

    #[test]
    fn an_older_database_is_migrated_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(sql(&MIGRATIONS[0])).unwrap();
            c.execute_batch(
                "PRAGMA user_version = 1; INSERT INTO meta VALUES ('initialized_at', '0');",
            )
            .unwrap();
        }
        let db = Db::open(&path).unwrap();
        assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
        let has_index: bool = db
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'assignment_by_holder'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(has_index);
        // The duplicate check uses it.
        let plan: String = db
            .conn()
            .query_row(
                "EXPLAIN QUERY PLAN SELECT id FROM assignment WHERE principal_id = 'p' AND role_id = 'r'
                 AND scope_id = 1 AND type = 'eligible' AND removed_at IS NULL",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("assignment_by_holder"), "{plan}");
    }

    #[test]
    fn outbox_rows_of_schema_6_keep_their_text_and_state_in_schema_7() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v6.db");
        {
            let c = Connection::open(&path).unwrap();
            for m in &MIGRATIONS[..6] {
                c.execute_batch(sql(m)).unwrap();
            }
            c.execute_batch(
                "PRAGMA user_version = 6; INSERT INTO meta VALUES ('initialized_at', '0');
                 INSERT INTO outbox (seq, id, created_at, kind, audience, recipient_id,
                     recipient_name, address, subject, body, payload, critical, attempts,
                     next_attempt_at, last_error, delivered_at, channel)
                 VALUES (1, 'row-a', 100, 'activation', 'admin', 'p1', 'ann', 'ann@x.example',
                     'S', 'B', '{}', 0, 1, 160, NULL, 130, 'smtp'),
                        (2, 'row-b', 200, 'activation.approval_needed', 'approver', NULL, NULL,
                     'ops@x.example', 'S2', 'B2', '{\"a\":1}', 1, 2, 400, 'refused', NULL, NULL);",
            )
            .unwrap();
        }
        let db = Db::open(&path).unwrap();
        assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
        let rows = outbox::list(db.conn(), outbox::Filter::default()).unwrap();
        assert_eq!(rows.len(), 2);
        // Newest first.
        let (a, b) = (&rows[1], &rows[0]);
        assert_eq!(
            (
                a.id.as_str(),
                a.created_at,
                a.kind.as_str(),
                a.audience.as_str()
            ),
            ("row-a", 100, "activation", "admin")
        );
        assert_eq!(
            (
                a.recipient_name.as_deref(),
                a.subject.as_str(),
                a.body.as_str()
            ),
            (Some("ann"), "S", "B")
        );
        assert_eq!(
            (a.delivered_at, a.channel.as_deref()),
            (Some(130), Some("smtp"))
        );
        assert_eq!(
            (b.recipient_id.as_deref(), b.address.as_deref()),
            (None, Some("ops@x.example"))
        );
        assert_eq!(
            (b.payload.as_str(), b.critical, b.attempts),
            ("{\"a\":1}", true, 2)
        );
        assert_eq!(
            (b.next_attempt_at, b.last_error.as_deref()),
            (400, Some("refused"))
        );
        let undelivered = outbox::list(
            db.conn(),
            outbox::Filter {
                undelivered: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(undelivered.len(), 1);
    }

    #[test]
    fn a_database_of_schema_7_gains_the_built_in_catalogue_and_object_ids() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v7.db");
        {
            let c = Connection::open(&path).unwrap();
            for m in &MIGRATIONS[..7] {
                c.execute_batch(sql(m)).unwrap();
            }
            // What an older pim's `init` made: a built-in with its old description, and a custom
            // role that took a name the catalogue now has.
            c.execute_batch(
                "PRAGMA user_version = 7; INSERT INTO meta VALUES ('initialized_at', '0');
                 INSERT INTO role VALUES ('8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'Owner', 'owner',
                     'azure', 1, 1, 'old words', 0);
                 INSERT INTO role VALUES ('aaaaaaaa-0000-0000-0000-000000000001', 'Key Vault Reader',
                     'key vault reader', 'azure', 0, 0, NULL, 0);
                 INSERT INTO principal (id, kind, name, name_key, created_at)
                     VALUES ('p1', 'user', 'ann', 'ann', 0);",
            )
            .unwrap();
        }
        let db = Db::open(&path).unwrap();
        assert_eq!(db.schema_version().unwrap(), SCHEMA_VERSION);
        let all = crate::core::builtin::roles();
        // Every built-in but the one whose name is taken.
        assert_eq!(role::count(db.conn()).unwrap(), all.len() as i64);
        let kv = role::by_name(db.conn(), "Key Vault Reader")
            .unwrap()
            .unwrap();
        assert!(!kv.builtin, "the custom role keeps its name");
        assert!(
            role::by_id(db.conn(), "21090545-7ca7-4776-b22c-e363652d74d2")
                .unwrap()
                .is_none()
        );
        let owner = role::by_id(db.conn(), "8e3af657-a8ff-443c-a75c-2fe8c4bcb635")
            .unwrap()
            .unwrap();
        assert!(owner.description.unwrap().starts_with("Grants full access"));
        let pra = role::by_name(db.conn(), "Privileged Role Administrator")
            .unwrap()
            .unwrap();
        assert!(pra.builtin && pra.privileged);
        // Principals gained an (empty) object id, unique when set.
        let ann = principal::by_name(db.conn(), "ann").unwrap().unwrap();
        assert_eq!(ann.object_id, None);
        principal::set_object_id(
            db.conn(),
            "p1",
            Some("071CC716-8147-4397-A5BA-B2105951CC0B"),
        )
        .unwrap();
        assert_eq!(
            principal::by_object_id(db.conn(), "071cc716-8147-4397-a5ba-b2105951cc0b")
                .unwrap()
                .unwrap()
                .name,
            "ann"
        );
    }

    #[test]
    fn a_write_to_a_read_only_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ro.db");
        drop(Db::create(&path).unwrap());
        // As SQLite opens a file its user may not write (root may write anything, so the test
        // opens it read-only itself).
        let mut db = Db {
            conn: Conn::from_sqlite(
                Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap(),
            ),
            path: path.clone(),
        };
        assert!(matches!(db.write(), Err(StoreError::ReadOnly(p)) if p == path));
        assert!(db.read().is_ok());
    }

    #[test]
    fn opening_an_empty_file_leaves_it_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.db");
        std::fs::write(&path, b"").unwrap();
        assert!(matches!(
            Db::open(&path),
            Err(StoreError::NotInitialized(_))
        ));
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
        assert!(!dir.path().join("empty.db-wal").exists());
    }

    /// A database made before the invariant indexes, on either engine (PostgreSQL with
    /// `PIM_TEST_DB`): one that breaks a rule is refused when opened, with what breaks it, and
    /// left as it is; once mended it gains the indexes, which then refuse the same rows.
    #[test]
    fn rows_that_break_a_rule_keep_the_invariant_indexes_out_until_mended() {
        let dir = tempfile::tempdir().unwrap();
        // On PostgreSQL a database of its own (dropped last), else a file.
        let pg = testing::pg_server().map(|_| testing::TestDb::new());
        let location = match &pg {
            Some(t) => PathBuf::from(t.url().unwrap()),
            None => dir.path().join("v12.db"),
        };
        let mut db = Db::create(&location).unwrap();
        crate::core::init::init_in(
            &mut db,
            &crate::core::tests::ctx("admin", crate::core::tests::T0),
            &crate::core::init::InitInput {
                admin: "admin".into(),
                email: None,
                sample: false,
            },
            "test",
        )
        .unwrap();
        let c = db.conn();
        // Back to the schema before the indexes.
        if c.is_postgres() {
            c.execute_batch(
                "DROP INDEX assignment_one_open_activation; DROP INDEX request_one_pending;
                 DROP TABLE provision_binding; DROP TABLE provision_action;
                 DROP TABLE provision_state; DROP INDEX assignment_scheduled_start;
                 DROP INDEX request_self_by_created; DROP INDEX audit_by_action;
                 UPDATE meta SET value = '1' WHERE key = 'schema_version'",
            )
            .unwrap();
        } else {
            c.execute_batch(
                "DROP INDEX assignment_one_open_activation; DROP INDEX request_one_pending;
                 DROP TABLE provision_binding; DROP TABLE provision_action;
                 DROP TABLE provision_state; DROP INDEX assignment_scheduled_start;
                 DROP INDEX request_self_by_created; DROP INDEX audit_by_action;
                 PRAGMA user_version = 12",
            )
            .unwrap();
        }
        let twice = "INSERT INTO assignment (id, principal_id, role_id, scope_id, type, start_at,
                            activated_from, created_at)
                     SELECT 'act' || n.n, a.principal_id, a.role_id, a.scope_id, 'active', 0,
                            a.id, 0
                       FROM assignment a, (SELECT 1 AS n UNION ALL SELECT 2) n
                      WHERE a.id = (SELECT min(id) FROM assignment)";
        c.execute_batch(twice).unwrap();
        let refused = match Db::open(&location) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("a database with two open activations of one eligibility opened"),
        };
        assert!(
            refused.contains("2 open activations of eligibility"),
            "{refused}"
        );
        let left: i64 = c
            .query_row(
                "SELECT count(*) FROM assignment WHERE id IN ('act1', 'act2')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 2, "the refused database is left as it was");
        c.execute("DELETE FROM assignment WHERE id = 'act2'", [])
            .unwrap();
        let reopened = Db::open(&location).expect("the mended database opens");
        assert!(
            reopened
                .conn()
                .execute_batch(&twice.replace("'act'", "'again'"))
                .is_err(),
            "the index refuses a second open activation"
        );
    }

    #[test]
    fn a_newer_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA user_version = 99")
            .unwrap();
        assert!(matches!(
            Db::open(&path),
            Err(StoreError::NewerSchema { found: 99, .. })
        ));
    }
}
