//! `pim db copy`: a whole store into a new one, SQLite and PostgreSQL alike, row for row. The
//! source is read in one snapshot; the target is made with its own engine's migrations and
//! filled in one transaction, so that it holds all of the source's rows or nothing. Values are
//! copied as stored (integers and text on both engines), so the audit chain and its head hash
//! are the source's.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{
    Conn, Db, MIGRATIONS, Migration, PG_MIGRATIONS, PG_SCHEMA_VERSION, Result, SCHEMA_VERSION,
    StoreError, Value, classify, connect_postgres, create_private_file, get_meta, is_postgres_url,
    params_from_iter, set_meta,
};

/// Every table of pim's schema, in an order that writes each row after the rows it refers to,
/// and the order its rows are copied in.
pub const TABLES: &[(&str, &str)] = &[
    ("meta", "key"),
    ("principal", "id"),
    ("group_member", "group_id, member_id"),
    ("role", "id"),
    ("role_permission", "role_id, action"),
    // A scope's parent never changes and is made before it: by id, parents come first.
    ("scope", "id"),
    // Activations after the eligibilities they were made from.
    ("assignment", "activated_from IS NOT NULL, id"),
    ("request", "id"),
    ("role_setting", "role_id, scope_id"),
    ("audit", "seq"),
    ("mfa", "principal_id"),
    ("approval_stage", "request_id, stage"),
    ("approval_vote", "request_id, voter_id"),
    ("access_review", "id"),
    ("access_review_item", "review_id, assignment_id"),
    ("notification_mark", "key"),
    ("notification", "seq"),
    ("outbox", "seq"),
    ("principal_binding", "kind, value"),
    ("activation_link", "assignment_id, pos"),
    ("provision_binding", "id"),
    ("provision_action", "seq"),
    ("provision_state", "binding_id, principal_id"),
];

/// The meta entry that is the engine's own bookkeeping (PostgreSQL's schema version; SQLite
/// keeps it in the file's header): each target writes its own.
const ENGINE_META: &str = "schema_version";

/// Hears how a copy goes: the rows to copy, once, then rows copied as they are.
pub trait Progress {
    fn total(&self, rows: u64);
    fn copied(&self, rows: u64);
}

/// Rows copied between two progress reports.
const PROGRESS_EVERY: u64 = 4096;

/// What a copy did.
#[derive(Debug, Clone)]
pub struct Copied {
    /// The source and the target, as messages name them (a URL without its password).
    pub from: String,
    pub to: String,
    /// Each table and the rows copied into it, in [`TABLES`] order.
    pub tables: Vec<(String, u64)>,
    /// The audit log's last row (`seq`, `hash`) in the copy, as in the source.
    pub head: Option<(i64, String)>,
}

/// Copies the pim database at `from` (a file or a PostgreSQL URL) into `to`, which must not
/// exist, or be an empty file, or an empty PostgreSQL database. Nothing is written to `to` when
/// anything fails.
pub fn copy(from: &Path, to: &Path, progress: &dyn Progress) -> Result<Copied> {
    let mut source = Db::open(from)?;
    source.small_cache()?;
    let target = Target::create(to)?;
    match fill(&mut source, &target, progress) {
        Ok(mut copied) => {
            if let Err(e) = target.commit() {
                target.abandon();
                return Err(e);
            }
            copied.to = target.label.clone();
            Ok(copied)
        }
        Err(e) => {
            target.abandon();
            Err(e)
        }
    }
}

fn fill(source: &mut Db, target: &Target, progress: &dyn Progress) -> Result<Copied> {
    let from = source.path().display().to_string();
    let snapshot = source.read()?;
    let src: &Conn = &snapshot;
    let found = tables(src)?;
    let known: BTreeSet<String> = TABLES.iter().map(|(t, _)| t.to_string()).collect();
    if let Some(t) = found.difference(&known).next() {
        return Err(StoreError::Corrupt(format!(
            "the source has a table pim does not know: {t}"
        )));
    }
    let mut counts = Vec::with_capacity(TABLES.len());
    for (table, _) in TABLES {
        let n: i64 = src.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        counts.push(n.max(0) as u64);
    }
    progress.total(counts.iter().sum());
    let mut tables = Vec::with_capacity(TABLES.len());
    for ((table, order), expected) in TABLES.iter().zip(&counts) {
        let theirs = columns(&target.conn, table)?;
        let columns = columns(src, table)?;
        let (a, b): (BTreeSet<&String>, BTreeSet<&String>) =
            (columns.iter().collect(), theirs.iter().collect());
        if a != b {
            return Err(StoreError::Corrupt(format!(
                "the table {table} has other columns in the source ({}) than in the target ({})",
                columns.join(", "),
                theirs.join(", ")
            )));
        }
        let list = columns.join(", ");
        let filter = if *table == "meta" {
            format!(" WHERE key <> '{ENGINE_META}'")
        } else {
            String::new()
        };
        let select = format!("SELECT {list} FROM {table}{filter} ORDER BY {order}");
        let n = copy_table(src, &select, target, table, &columns, progress)?;
        let expected = if *table == "meta" {
            let engine: i64 = src.query_row(
                "SELECT count(*) FROM meta WHERE key = ?1",
                [ENGINE_META],
                |r| r.get(0),
            )?;
            expected - engine.max(0) as u64
        } else {
            *expected
        };
        let written: i64 =
            target
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}{filter}"), [], |r| {
                    r.get(0)
                })?;
        if n != expected || written.max(0) as u64 != expected {
            return Err(StoreError::Corrupt(format!(
                "the table {table} has {expected} rows in the source but {written} were written"
            )));
        }
        tables.push((table.to_string(), n));
    }
    let head = super::audit::head(src)?;
    snapshot.commit()?;
    if target.conn.is_postgres() {
        restart_identities(&target.conn)?;
    }
    Ok(Copied {
        from,
        to: String::new(),
        tables,
        head,
    })
}

/// Streams `select`'s rows from `src` into `table` of the target; the rows copied.
fn copy_table(
    src: &Conn,
    select: &str,
    target: &Target,
    table: &str,
    columns: &[String],
    progress: &dyn Progress,
) -> Result<u64> {
    let width = columns.len();
    let mut n = 0u64;
    let mut values: Vec<Value> = Vec::with_capacity(width);
    let mut read = |r: &super::Row<'_>, values: &mut Vec<Value>| -> Result<()> {
        values.clear();
        for i in 0..width {
            values.push(r.get::<usize, Value>(i)?);
        }
        n += 1;
        if n.is_multiple_of(PROGRESS_EVERY) {
            progress.copied(PROGRESS_EVERY);
        }
        Ok(())
    };
    if target.conn.is_postgres() {
        target.conn.pg_copy_in(table, columns, &mut |write| {
            src.stream(select, [], |r| {
                read(r, &mut values)?;
                write(&values)?;
                Ok::<_, StoreError>(true)
            })
        })?;
    } else {
        let placeholders: Vec<String> = (1..=width).map(|i| format!("?{i}")).collect();
        let mut insert = target.conn.prepare(&format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            columns.join(", "),
            placeholders.join(", ")
        ))?;
        src.stream(select, [], |r| {
            read(r, &mut values)?;
            insert.execute(params_from_iter(values.iter()))?;
            Ok::<_, StoreError>(true)
        })?;
    }
    progress.copied(n % PROGRESS_EVERY);
    Ok(n)
}

/// The tables of the database `c` is connected to.
fn tables(c: &Conn) -> Result<BTreeSet<String>> {
    let sql = if c.is_postgres() {
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    } else {
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    };
    let mut st = c.prepare(sql)?;
    let rows = st.query_map([], |r| r.get::<usize, String>(0))?;
    rows.collect()
}

/// `table`'s columns, in the order the database keeps them.
fn columns(c: &Conn, table: &str) -> Result<Vec<String>> {
    let sql = if c.is_postgres() {
        "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
          WHERE table_schema = current_schema() AND CAST(table_name AS TEXT) = ?1
          ORDER BY ordinal_position"
    } else {
        "SELECT name FROM pragma_table_info(?1) ORDER BY cid"
    };
    let mut st = c.prepare(sql)?;
    let rows = st.query_map([table], |r| r.get::<usize, String>(0))?;
    let cols: Vec<String> = rows.collect::<Result<_>>()?;
    if cols.is_empty() {
        return Err(StoreError::Corrupt(format!("the table {table} is missing")));
    }
    Ok(cols)
}

/// PostgreSQL's generated keys (scopes, notifications, outbox rows) continue after the rows the
/// copy wrote with their own keys.
fn restart_identities(c: &Conn) -> Result<()> {
    let mut st = c.prepare(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT)
           FROM information_schema.columns
          WHERE table_schema = current_schema() AND is_identity = 'YES'",
    )?;
    let rows = st.query_map([], |r| {
        Ok((r.get::<usize, String>(0)?, r.get::<usize, String>(1)?))
    })?;
    let identities: Vec<(String, String)> = rows.collect::<Result<_>>()?;
    for (table, column) in identities {
        c.pg_batch(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                           coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"
        ))?;
    }
    Ok(())
}

/// The store being written: its connection, inside the one transaction that makes its schema
/// and fills it, and how to leave nothing behind.
struct Target {
    conn: Conn,
    label: String,
    /// The SQLite file, when this copy made it (removed on failure).
    made: Option<PathBuf>,
}

impl Target {
    fn create(to: &Path) -> Result<Target> {
        if is_postgres_url(to) {
            let conn = connect_postgres(to)?;
            let label = conn.path().unwrap_or_default();
            let target = Target {
                conn,
                label,
                made: None,
            };
            target.begin_postgres()?;
            return Ok(target);
        }
        let label = to.display().to_string();
        let made = match std::fs::metadata(to) {
            Ok(m) if m.is_dir() => return Err(StoreError::NotEmpty(to.to_path_buf())),
            Ok(_) => None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                        path: parent.to_path_buf(),
                        source,
                    })?;
                }
                create_private_file(to)?;
                Some(to.to_path_buf())
            }
            Err(source) => {
                return Err(StoreError::Io {
                    path: to.to_path_buf(),
                    source,
                });
            }
        };
        let opened = rusqlite::Connection::open_with_flags(
            to,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(e, to));
        let target = match opened {
            Ok(c) => Target {
                conn: Conn::from_sqlite(c),
                label,
                made,
            },
            Err(e) => {
                if let Some(p) = &made {
                    remove_sqlite(p);
                }
                return Err(e);
            }
        };
        if let Err(e) = target.begin_sqlite(to) {
            target.abandon();
            return Err(e);
        }
        Ok(target)
    }

    /// Opens the transaction on an empty SQLite file and gives it pim's schema. The file stays
    /// in rollback-journal mode until the copy commits: a failed copy leaves it as it was.
    fn begin_sqlite(&self, to: &Path) -> Result<()> {
        let c = self.conn.sqlite();
        c.busy_timeout(super::BUSY_TIMEOUT)
            .map_err(|e| classify(e, to))?;
        c.set_prepared_statement_cache_capacity(super::STATEMENT_CACHE);
        let (version, tables): (i64, i64) = c
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM sqlite_schema)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| classify(e, to))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: to.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version != 0 || tables != 0 {
            return Err(StoreError::NotEmpty(to.to_path_buf()));
        }
        c.execute_batch("PRAGMA foreign_keys = ON; PRAGMA cache_size = -24576;")
            .map_err(|e| classify(e, to))?;
        c.execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| classify(e, to))?;
        // Every reference is checked at the commit, whatever order rows come in.
        c.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        for m in MIGRATIONS {
            match m {
                Migration::Sql(sql) => c.execute_batch(sql).map_err(|e| classify(e, to))?,
                Migration::Code(step) => step(&self.conn)?,
            }
        }
        c.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(())
    }

    /// Opens the transaction on an empty PostgreSQL database and gives it pim's schema, under the
    /// lock that `pim init` and migrations take.
    fn begin_postgres(&self) -> Result<()> {
        let c = &self.conn;
        c.pg_batch("BEGIN; SELECT pg_advisory_xact_lock(7239010101)")?;
        let outcome = (|| -> Result<()> {
            let has_meta: bool =
                c.query_row("SELECT to_regclass('meta') IS NOT NULL", [], |r| r.get(0))?;
            if has_meta {
                let found = get_meta(c, ENGINE_META)?
                    .and_then(|v| v.parse::<i64>().ok())
                    .unwrap_or(0);
                if found > PG_SCHEMA_VERSION {
                    return Err(StoreError::NewerSchema {
                        path: PathBuf::from(&self.label),
                        found,
                        supported: PG_SCHEMA_VERSION,
                    });
                }
            }
            let tables: i64 = c.query_row(
                "SELECT count(*) FROM information_schema.tables
                  WHERE table_schema = current_schema()",
                [],
                |r| r.get(0),
            )?;
            if tables > 0 {
                return Err(StoreError::NotEmpty(PathBuf::from(&self.label)));
            }
            for sql in PG_MIGRATIONS {
                c.pg_batch(sql)?;
            }
            set_meta(c, ENGINE_META, &PG_SCHEMA_VERSION.to_string())?;
            Ok(())
        })();
        if outcome.is_err() {
            let _ = c.pg_batch("ROLLBACK");
        }
        outcome
    }

    fn commit(&self) -> Result<()> {
        if self.conn.is_postgres() {
            return self.conn.pg_batch("COMMIT");
        }
        let c = self.conn.sqlite();
        c.execute_batch("COMMIT")?;
        // Only now the file takes pim's journal mode (see `begin_sqlite`).
        let mode: String = c.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Corrupt(format!(
                "journal mode is {mode}, WAL could not be enabled"
            )));
        }
        Ok(())
    }

    /// Rolls the transaction back and removes a file the copy made.
    fn abandon(self) {
        if self.conn.is_postgres() {
            let _ = self.conn.pg_batch("ROLLBACK");
            return;
        }
        let _ = self.conn.sqlite().execute_batch("ROLLBACK");
        drop(self.conn);
        if let Some(p) = &self.made {
            remove_sqlite(p);
        }
    }
}

fn remove_sqlite(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_of_the_schema_is_copied() {
        let db = Db::in_memory().unwrap();
        let found = tables(db.conn()).unwrap();
        let listed: BTreeSet<String> = TABLES.iter().map(|(t, _)| t.to_string()).collect();
        assert_eq!(found, listed);
    }
}
