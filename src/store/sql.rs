//! The store's own face of a database connection: what `core` and the table modules hold, query
//! and iterate, whichever engine sits behind it. Its calls take the shape of rusqlite's (`prepare_cached`,
//! `query_row`, `query_map`, `params!`), so that the SQL and the code around it read the same on
//! every engine; only this module and `store`'s opening code name the engine's own types.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Deref;

use super::pg;
use super::{Result, StoreError};

/// One open connection. Everything outside `store` sees the database only through this type,
/// a [`Tx`] (which derefs to it), [`Stmt`], [`Row`] and the parameters of [`params!`].
pub struct Conn {
    engine: Engine,
    /// The root scope's key, once read: it is made with the database and never removed.
    root_scope: std::cell::Cell<Option<i64>>,
}

enum Engine {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<Pg>>),
}

/// A PostgreSQL session: the client, the statements it keeps compiled (by pim's SQL), and what
/// the last statement changed.
pub(crate) struct Pg {
    client: std::mem::ManuallyDrop<postgres::Client>,
    cache: HashMap<String, postgres::Statement>,
    changes: u64,
    location: String,
    /// The URL connected to, password included when it carries one: for more connections to the
    /// same database (never shown).
    url: String,
    /// Whether a [`Tx`] is open on the session.
    in_tx: bool,
    /// Cursors opened so far, for unique names.
    cursors: u64,
    /// The server ended this session (`Conn::mark_lost`).
    lost: bool,
}

impl Drop for Pg {
    fn drop(&mut self) {
        // SAFETY: `client` is taken once, here, and never used again.
        let client = unsafe { std::mem::ManuallyDrop::take(&mut self.client) };
        // Closing the synchronous client runs its own runtime, which cannot start on a thread
        // that drives one (a `pim serve` worker dropping a connection): close it beside it.
        if tokio::runtime::Handle::try_current().is_ok() {
            std::thread::spawn(move || drop(client));
        } else {
            drop(client);
        }
    }
}

impl Pg {
    fn statement(&mut self, sql: &str, cached: bool) -> Result<postgres::Statement> {
        if let Some(st) = self.cache.get(sql) {
            return Ok(st.clone());
        }
        let st = self.client.prepare(&pg::translate(sql))?;
        if cached {
            if self.cache.len() >= 512 {
                self.cache.clear();
            }
            self.cache.insert(sql.to_string(), st.clone());
        }
        Ok(st)
    }
}

impl Conn {
    pub(crate) fn from_sqlite(sqlite: rusqlite::Connection) -> Conn {
        Conn {
            engine: Engine::Sqlite(sqlite),
            root_scope: std::cell::Cell::new(None),
        }
    }

    pub(crate) fn from_postgres(client: postgres::Client, location: String, url: String) -> Conn {
        Conn {
            engine: Engine::Postgres(Box::new(RefCell::new(Pg {
                client: std::mem::ManuallyDrop::new(client),
                cache: HashMap::new(),
                changes: 0,
                location,
                url,
                in_tx: false,
                cursors: 0,
                lost: false,
            }))),
            root_scope: std::cell::Cell::new(None),
        }
    }

    /// The SQLite connection, for `store`'s SQLite-only code (opening, pragmas, migrations).
    ///
    /// # Panics
    /// On a PostgreSQL connection: that code is never reached for one.
    pub(crate) fn sqlite(&self) -> &rusqlite::Connection {
        match &self.engine {
            Engine::Sqlite(c) => c,
            Engine::Postgres(_) => panic!("an SQLite-only step on a PostgreSQL connection"),
        }
    }

    /// Whether the connection is to PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self.engine, Engine::Postgres(_))
    }

    /// Whether the connection is known to be gone (PostgreSQL: the server closed it).
    pub(crate) fn is_closed(&self) -> bool {
        match &self.engine {
            Engine::Sqlite(_) => false,
            Engine::Postgres(p) => p.try_borrow().is_ok_and(|p| p.client.is_closed() || p.lost),
        }
    }

    /// The root scope's key, as remembered for this connection.
    pub(crate) fn root_scope(&self) -> &std::cell::Cell<Option<i64>> {
        &self.root_scope
    }

    /// Marks a PostgreSQL session the server has ended (see [`StoreError::is_lost_connection`]),
    /// so that a pool drops it instead of handing it out again.
    pub fn mark_lost(&self) {
        if let Engine::Postgres(p) = &self.engine
            && let Ok(mut p) = p.try_borrow_mut()
        {
            p.lost = true;
        }
    }

    /// The URL this PostgreSQL session connected to, password included when the URL carries one:
    /// for `store` to open more connections to the same database. Never shown.
    pub(crate) fn pg_url(&self) -> Option<String> {
        match &self.engine {
            Engine::Postgres(p) => Some(p.borrow().url.clone()),
            Engine::Sqlite(_) => None,
        }
    }

    /// Whether a transaction begun through [`Tx`] is open on this connection (PostgreSQL; on
    /// SQLite, whether SQLite is outside autocommit).
    pub(crate) fn in_transaction(&self) -> bool {
        match &self.engine {
            Engine::Postgres(p) => p.borrow().in_tx,
            Engine::Sqlite(c) => !c.is_autocommit(),
        }
    }

    /// Runs `query` (PostgreSQL's own SQL, no parameters) as `COPY (query) TO STDOUT (FORMAT
    /// binary)` and hands its rows to `f` one at a time, decoded in place, until `f` returns
    /// false: the fastest way to read many rows, with one row in memory at a time. `f` may not
    /// use this connection. Rows left unread when `f` stops are read and dropped by the client.
    pub(crate) fn pg_copy_out<E: From<StoreError>>(
        &self,
        query: &str,
        mut f: impl FnMut(&CopyRow<'_>) -> std::result::Result<bool, E>,
    ) -> std::result::Result<(), E> {
        use std::io::Read;
        let Engine::Postgres(p) = &self.engine else {
            return Err(StoreError::Corrupt(
                "a PostgreSQL-only step on an SQLite connection".into(),
            )
            .into());
        };
        let mut pg = p.borrow_mut();
        let mut reader = pg
            .client
            .copy_out(&format!("COPY ({query}) TO STDOUT (FORMAT binary)"))
            .map_err(StoreError::from)?;
        let bad = |why: &str| StoreError::Corrupt(format!("PostgreSQL's binary COPY: {why}"));
        let io = |e: std::io::Error| StoreError::Corrupt(format!("PostgreSQL's binary COPY: {e}"));
        // The header: signature, flags, and an extension area to skip.
        let mut head = [0u8; 19];
        reader.read_exact(&mut head).map_err(io)?;
        if head[..11] != *b"PGCOPY\n\xff\r\n\0" {
            return Err(bad("not a binary COPY stream").into());
        }
        let ext = u32::from_be_bytes([head[15], head[16], head[17], head[18]]) as u64;
        std::io::copy(&mut (&mut reader).take(ext), &mut std::io::sink()).map_err(io)?;
        let mut buf: Vec<u8> = Vec::with_capacity(4096);
        let mut fields: Vec<Option<(usize, usize)>> = Vec::with_capacity(32);
        loop {
            // PostgreSQL sends each row in a message of its own: a row is read where the client
            // holds it, without copying, when it is whole there.
            let chunk = std::io::BufRead::fill_buf(&mut reader).map_err(io)?;
            match whole_tuple(chunk, &mut fields) {
                Some(Tuple::End) => return Ok(()),
                Some(Tuple::Row(len)) => {
                    let more = f(&CopyRow {
                        buf: &chunk[..len],
                        fields: &fields,
                    })?;
                    std::io::BufRead::consume(&mut reader, len);
                    if !more {
                        return Ok(());
                    }
                    continue;
                }
                None => {}
            }
            // Else field by field, into a buffer of its own.
            let mut n = [0u8; 2];
            reader.read_exact(&mut n).map_err(io)?;
            let n = i16::from_be_bytes(n);
            if n < 0 {
                return Ok(());
            }
            buf.clear();
            fields.clear();
            for _ in 0..n {
                let mut len = [0u8; 4];
                reader.read_exact(&mut len).map_err(io)?;
                let len = i32::from_be_bytes(len);
                if len < 0 {
                    fields.push(None);
                    continue;
                }
                let start = buf.len();
                buf.resize(start + len as usize, 0);
                reader.read_exact(&mut buf[start..]).map_err(io)?;
                fields.push(Some((start, buf.len())));
            }
            if !f(&CopyRow {
                buf: &buf,
                fields: &fields,
            })? {
                return Ok(());
            }
        }
    }

    /// Runs `sql` as PostgreSQL's own (no translation), for `store`'s PostgreSQL-only code.
    pub(crate) fn pg_batch(&self, sql: &str) -> Result<()> {
        match &self.engine {
            Engine::Postgres(p) => Ok(p.borrow_mut().client.batch_execute(sql)?),
            Engine::Sqlite(_) => Err(StoreError::Corrupt(
                "a PostgreSQL-only step on an SQLite connection".into(),
            )),
        }
    }

    /// A statement compiled for this one use.
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(Stmt {
            inner: match &self.engine {
                Engine::Sqlite(c) => StmtInner::Plain(c.prepare(sql)?),
                Engine::Postgres(p) => StmtInner::Pg {
                    pg: p,
                    st: p.borrow_mut().statement(sql, false)?,
                },
            },
        })
    }

    /// A statement kept compiled on the connection, for SQL that runs again and again.
    pub fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(Stmt {
            inner: match &self.engine {
                Engine::Sqlite(c) => StmtInner::Cached(c.prepare_cached(sql)?),
                Engine::Postgres(p) => StmtInner::Pg {
                    pg: p,
                    st: p.borrow_mut().statement(sql, true)?,
                },
            },
        })
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> Result<usize> {
        self.prepare(sql)?.execute(params)
    }

    /// The first row of a query, through `f`; no row is [`StoreError::NoRows`].
    pub fn query_row<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.prepare(sql)?.query_row(params, f)
    }

    /// Runs a query and hands its rows to `f` one at a time, in order, until `f` returns false,
    /// however many rows there are: memory stays flat (an export, a walk of the audit chain, a
    /// copy of the store). On SQLite the statement's own cursor; on PostgreSQL a server-side
    /// cursor read in batches, so that `f` may run other statements on this connection between
    /// rows. Inside a transaction every batch reads the transaction's snapshot; outside one, the
    /// walk runs in a read-only transaction of its own.
    pub fn stream<P: Params, E: From<StoreError>>(
        &self,
        sql: &str,
        params: P,
        mut f: impl FnMut(&Row<'_>) -> std::result::Result<bool, E>,
    ) -> std::result::Result<(), E> {
        let p = match &self.engine {
            Engine::Sqlite(c) => {
                let mut st = c.prepare(sql).map_err(StoreError::from)?;
                let mut rows = params
                    .with(|p| st.query(rusqlite::params_from_iter(p.iter().map(|v| Bind(*v)))))
                    .map_err(StoreError::from)?;
                while let Some(r) = rows.next().map_err(StoreError::from)? {
                    if !f(&Row {
                        inner: RowInner::Sqlite(r),
                    })? {
                        break;
                    }
                }
                return Ok(());
            }
            Engine::Postgres(p) => p,
        };
        let name = {
            let mut pg = p.borrow_mut();
            pg.cursors += 1;
            format!("pim_cursor_{}", pg.cursors)
        };
        let declare = format!("DECLARE {name} NO SCROLL CURSOR FOR {}", pg::translate(sql));
        let opened = params.with(|v| {
            with_pg(v, |v| {
                let mut pg = p.borrow_mut();
                match pg.client.execute(declare.as_str(), v) {
                    Ok(_) => Ok(false),
                    Err(e)
                        if e.code()
                            == Some(&postgres::error::SqlState::NO_ACTIVE_SQL_TRANSACTION) =>
                    {
                        pg.client
                            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
                        match pg.client.execute(declare.as_str(), v) {
                            Ok(_) => Ok(true),
                            Err(e) => {
                                let _ = pg.client.batch_execute("ROLLBACK");
                                Err(e.into())
                            }
                        }
                    }
                    Err(e) => Err(e.into()),
                }
            })
        });
        let own_tx = opened?;
        let walked = (|| -> std::result::Result<(), E> {
            let fetch = p
                .borrow_mut()
                .client
                .prepare(&format!("FETCH {STREAM_BATCH} FROM {name}"))
                .map_err(StoreError::from)?;
            loop {
                let batch = p
                    .borrow_mut()
                    .client
                    .query(&fetch, &[])
                    .map_err(StoreError::from)?;
                let last = batch.len() < STREAM_BATCH;
                for r in &batch {
                    if !f(&Row {
                        inner: RowInner::Pg(r),
                    })? {
                        return Ok(());
                    }
                }
                if last {
                    return Ok(());
                }
            }
        })();
        let mut pg = p.borrow_mut();
        if own_tx {
            // A read-only transaction: ending it also closes the cursor.
            let _ = pg.client.batch_execute("COMMIT");
        } else {
            // After an error the transaction is aborted and the close fails with it; the
            // cursor ends with the transaction then.
            let _ = pg.client.batch_execute(&format!("CLOSE {name}"));
        }
        walked
    }

    /// Writes rows into `columns` of `table` with PostgreSQL's binary `COPY`: `feed` hands each
    /// row to the writer it is given. For `store`'s copy of a whole database.
    pub(crate) fn pg_copy_in(
        &self,
        table: &str,
        columns: &[String],
        feed: &mut dyn FnMut(&mut RowWriter<'_>) -> Result<()>,
    ) -> Result<()> {
        let Engine::Postgres(p) = &self.engine else {
            return Err(StoreError::Corrupt(
                "a PostgreSQL-only step on an SQLite connection".into(),
            ));
        };
        let mut pg = p.borrow_mut();
        let list = columns.join(", ");
        let types: Vec<postgres::types::Type> = pg
            .client
            .prepare(&format!("SELECT {list} FROM {table} LIMIT 0"))?
            .columns()
            .iter()
            .map(|c| c.type_().clone())
            .collect();
        let sink = pg
            .client
            .copy_in(&format!("COPY {table} ({list}) FROM STDIN (FORMAT binary)"))?;
        let mut writer = postgres::binary_copy::BinaryCopyInWriter::new(sink, &types);
        feed(&mut |row: &[Value]| {
            let params = row
                .iter()
                .map(|v| rusqlite::ToSql::to_sql(v).map(pg::Param))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params
                .iter()
                .map(|v| v as &(dyn postgres::types::ToSql + Sync))
                .collect();
            writer.write(&refs)?;
            Ok(())
        })?;
        writer.finish()?;
        Ok(())
    }

    /// Runs several statements with no parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.engine {
            Engine::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Engine::Postgres(p) => Ok(p.borrow_mut().client.batch_execute(&pg::translate(sql))?),
        }
    }

    /// The rows changed by the last statement.
    pub fn changes(&self) -> u64 {
        match &self.engine {
            Engine::Sqlite(c) => c.changes(),
            Engine::Postgres(p) => p.borrow().changes,
        }
    }

    /// The key of the row the last `INSERT` made (for tables keyed by a generated number).
    pub fn last_insert_rowid(&self) -> i64 {
        match &self.engine {
            Engine::Sqlite(c) => c.last_insert_rowid(),
            Engine::Postgres(p) => p
                .borrow_mut()
                .client
                .query_one("SELECT lastval()", &[])
                .and_then(|r| r.try_get::<_, i64>(0))
                .unwrap_or(0),
        }
    }

    /// Where the database is: the file (`None` or empty for an in-memory database), or the
    /// PostgreSQL URL (without a password).
    pub fn path(&self) -> Option<String> {
        match &self.engine {
            Engine::Sqlite(c) => c.path().map(str::to_string),
            Engine::Postgres(p) => Some(p.borrow().location.clone()),
        }
    }
}

/// What the bytes at the start of a binary `COPY` stream's chunk hold.
enum Tuple {
    /// A whole row, this many bytes long (its fields are then in `fields`).
    Row(usize),
    /// The trailer: no more rows.
    End,
}

/// The row at the start of `chunk` when it is whole there, its fields' places put in `fields`;
/// `None` when it continues past the chunk's end.
fn whole_tuple(chunk: &[u8], fields: &mut Vec<Option<(usize, usize)>>) -> Option<Tuple> {
    let n = i16::from_be_bytes([*chunk.first()?, *chunk.get(1)?]);
    if n < 0 {
        return Some(Tuple::End);
    }
    fields.clear();
    let mut pos = 2usize;
    for _ in 0..n {
        let len = chunk.get(pos..pos + 4)?;
        let len = i32::from_be_bytes([len[0], len[1], len[2], len[3]]);
        pos += 4;
        if len < 0 {
            fields.push(None);
            continue;
        }
        let end = pos.checked_add(len as usize)?;
        if end > chunk.len() {
            return None;
        }
        fields.push(Some((pos, end)));
        pos = end;
    }
    Some(Tuple::Row(pos))
}

/// One row of a binary `COPY … TO STDOUT`, borrowed from the buffer it was read into.
pub(crate) struct CopyRow<'r> {
    buf: &'r [u8],
    fields: &'r [Option<(usize, usize)>],
}

impl<'r> CopyRow<'r> {
    /// Column `idx`'s bytes in PostgreSQL's binary form (`None` for NULL).
    fn raw(&self, idx: usize) -> Result<Option<&'r [u8]>> {
        match self.fields.get(idx) {
            Some(Some((a, b))) => Ok(Some(&self.buf[*a..*b])),
            Some(None) => Ok(None),
            None => Err(StoreError::Corrupt(format!(
                "PostgreSQL's binary COPY: the row has no column {idx}"
            ))),
        }
    }

    /// Column `idx`, a `BIGINT` (`None` for NULL).
    pub fn int(&self, idx: usize) -> Result<Option<i64>> {
        match self.raw(idx)? {
            None => Ok(None),
            Some(b) => <[u8; 8]>::try_from(b)
                .map(|b| Some(i64::from_be_bytes(b)))
                .map_err(|_| StoreError::Corrupt(format!("column {idx} is not a 64-bit integer"))),
        }
    }

    /// Column `idx`, text (`None` for NULL).
    pub fn text(&self, idx: usize) -> Result<Option<&'r str>> {
        match self.raw(idx)? {
            None => Ok(None),
            Some(b) => std::str::from_utf8(b)
                .map(Some)
                .map_err(|e| StoreError::Corrupt(format!("column {idx} is not UTF-8: {e}"))),
        }
    }
}

/// Takes one row of a bulk write, its values in the order of the columns written.
pub(crate) type RowWriter<'a> = dyn FnMut(&[Value]) -> Result<()> + 'a;

/// Rows a PostgreSQL stream fetches at a time: few enough to keep memory flat, enough that the
/// round trips cost nothing next to the rows.
const STREAM_BATCH: usize = 1000;

/// A transaction on a [`Conn`]: rolled back when dropped unless committed.
pub struct Tx<'c> {
    conn: &'c Conn,
    open: bool,
}

impl<'c> Tx<'c> {
    /// Starts an SQLite transaction with `begin` (`BEGIN IMMEDIATE`, `BEGIN DEFERRED`).
    pub(crate) fn begin(conn: &'c Conn, begin: &str) -> rusqlite::Result<Tx<'c>> {
        conn.sqlite().execute_batch(begin)?;
        Ok(Tx { conn, open: true })
    }

    /// Starts a PostgreSQL transaction with `begin` (PostgreSQL's own statements).
    pub(crate) fn begin_pg(conn: &'c Conn, begin: &str) -> Result<Tx<'c>> {
        conn.pg_batch(begin)?;
        if let Engine::Postgres(p) = &conn.engine {
            p.borrow_mut().in_tx = true;
        }
        Ok(Tx { conn, open: true })
    }

    fn finish(&self, how: &str) -> Result<()> {
        match &self.conn.engine {
            Engine::Sqlite(c) => Ok(c.execute_batch(how)?),
            Engine::Postgres(p) => {
                let mut pg = p.borrow_mut();
                pg.in_tx = false;
                Ok(pg.client.batch_execute(how)?)
            }
        }
    }

    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.finish("COMMIT")
    }

    pub fn rollback(mut self) -> Result<()> {
        self.open = false;
        self.finish("ROLLBACK")
    }
}

impl Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            // As rusqlite's own transactions do: a failed rollback leaves nothing to undo.
            let _ = self.finish("ROLLBACK");
        }
    }
}

enum StmtInner<'c> {
    Plain(rusqlite::Statement<'c>),
    Cached(rusqlite::CachedStatement<'c>),
    Pg {
        pg: &'c RefCell<Pg>,
        st: postgres::Statement,
    },
}

/// Runs `f` with the parameters as PostgreSQL binds them.
fn with_pg<R>(
    p: &[&dyn ToSql],
    f: impl FnOnce(&[&(dyn postgres::types::ToSql + Sync)]) -> Result<R>,
) -> Result<R> {
    let values = p
        .iter()
        .map(|v| v.to_sql().map(pg::Param))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = values
        .iter()
        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
        .collect();
    f(&refs)
}

/// A compiled statement.
pub struct Stmt<'c> {
    inner: StmtInner<'c>,
}

impl<'c> Stmt<'c> {
    fn raw(&mut self) -> Option<&mut rusqlite::Statement<'c>> {
        match &mut self.inner {
            StmtInner::Plain(s) => Some(s),
            StmtInner::Cached(s) => Some(s),
            StmtInner::Pg { .. } => None,
        }
    }

    /// How many columns the statement returns.
    pub fn column_count(&mut self) -> usize {
        match &mut self.inner {
            StmtInner::Pg { st, .. } => st.columns().len(),
            _ => self.raw().map_or(0, |s| s.column_count()),
        }
    }

    /// Runs the statement; the number of rows it changed.
    pub fn execute<P: Params>(&mut self, params: P) -> Result<usize> {
        if let StmtInner::Pg { pg, st } = &self.inner {
            return params.with(|p| {
                with_pg(p, |v| {
                    let mut pg = pg.borrow_mut();
                    let n = pg.client.execute(st, v)?;
                    pg.changes = n;
                    Ok(n as usize)
                })
            });
        }
        let Some(st) = self.raw() else {
            unreachable!("a PostgreSQL statement is handled above")
        };
        Ok(params.with(|p| st.execute(rusqlite::params_from_iter(p.iter().map(|v| Bind(*v)))))?)
    }

    /// Runs an `INSERT`; the key of the row it made.
    pub fn insert<P: Params>(&mut self, params: P) -> Result<i64> {
        if let StmtInner::Pg { pg, .. } = &self.inner {
            let pg = *pg;
            self.execute(params)?;
            let id = pg
                .borrow_mut()
                .client
                .query_one("SELECT lastval()", &[])?
                .try_get::<_, i64>(0)?;
            return Ok(id);
        }
        let Some(st) = self.raw() else {
            unreachable!("a PostgreSQL statement is handled above")
        };
        Ok(params.with(|p| st.insert(rusqlite::params_from_iter(p.iter().map(|v| Bind(*v)))))?)
    }

    /// Whether the query returns a row.
    pub fn exists<P: Params>(&mut self, params: P) -> Result<bool> {
        let mut rows = self.query(params)?;
        Ok(rows.next()?.is_some())
    }

    /// Runs a query; its rows, one at a time.
    pub fn query<P: Params>(&mut self, params: P) -> Result<Rows<'_>> {
        if let StmtInner::Pg { pg, st } = &self.inner {
            let rows =
                params.with(|p| with_pg(p, |v| Ok(pg.borrow_mut().client.query(st, v)?)))?;
            return Ok(Rows {
                inner: RowsInner::Pg {
                    rows: rows.into_iter(),
                    current: None,
                },
            });
        }
        let Some(st) = self.raw() else {
            unreachable!("a PostgreSQL statement is handled above")
        };
        let rows =
            params.with(|p| st.query(rusqlite::params_from_iter(p.iter().map(|v| Bind(*v)))))?;
        Ok(Rows {
            inner: RowsInner::Sqlite(rows),
        })
    }

    /// The first row, through `f`; no row is [`StoreError::NoRows`].
    pub fn query_row<T, P: Params>(
        &mut self,
        params: P,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(r) => f(&r),
            None => Err(StoreError::NoRows),
        }
    }

    /// Every row, through `f`, as an iterator.
    pub fn query_map<T, P, F>(&mut self, params: P, f: F) -> Result<MappedRows<'_, F>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }
}

/// The rows of a query, read one at a time.
pub struct Rows<'s> {
    inner: RowsInner<'s>,
}

enum RowsInner<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Pg {
        rows: std::vec::IntoIter<postgres::Row>,
        current: Option<postgres::Row>,
    },
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match &mut self.inner {
            RowsInner::Sqlite(rows) => Ok(rows.next()?.map(|r| Row {
                inner: RowInner::Sqlite(r),
            })),
            RowsInner::Pg { rows, current } => {
                *current = rows.next();
                Ok(current.as_ref().map(|r| Row {
                    inner: RowInner::Pg(r),
                }))
            }
        }
    }
}

/// The rows of [`Stmt::query_map`].
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F: FnMut(&Row<'_>) -> Result<T>> Iterator for MappedRows<'_, F> {
    type Item = Result<T>;
    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(r)) => Some((self.f)(&r)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One row of a result.
pub struct Row<'r> {
    inner: RowInner<'r>,
}

enum RowInner<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Pg(&'r postgres::Row),
}

impl Row<'_> {
    /// Column `idx`, converted to `T`.
    pub fn get<I: RowIndex, T: FromSql>(&self, idx: I) -> Result<T> {
        let idx = idx.index();
        match &self.inner {
            RowInner::Sqlite(r) => Ok(r.get::<usize, T>(idx)?),
            RowInner::Pg(r) => {
                let v = pg::column(r, idx)?;
                T::column_result(rusqlite::types::ValueRef::from(&v)).map_err(|e| {
                    StoreError::Corrupt(format!("column {idx} ({v:?}) cannot be read: {e}"))
                })
            }
        }
    }

    /// Column `idx` as text borrowed from the row (`None` for NULL); any other type is an error.
    pub fn get_str(&self, idx: usize) -> Result<Option<&str>> {
        use rusqlite::types::ValueRef as V;
        let r = match &self.inner {
            RowInner::Sqlite(r) => r,
            RowInner::Pg(r) => return Ok(pg::text(r, idx)?),
        };
        match r.get_ref(idx)? {
            V::Null => Ok(None),
            V::Text(b) => std::str::from_utf8(b)
                .map(Some)
                .map_err(|e| rusqlite::Error::Utf8Error(idx, e).into()),
            other => Err(
                rusqlite::Error::InvalidColumnType(idx, "text".into(), other.data_type()).into(),
            ),
        }
    }

    /// Column `idx` as it is stored, borrowed from the row.
    pub fn get_ref(&self, idx: usize) -> Result<ValueRef<'_>> {
        use rusqlite::types::ValueRef as V;
        let r = match &self.inner {
            RowInner::Sqlite(r) => r,
            RowInner::Pg(r) => {
                let ty = r.columns().get(idx).map(|c| c.type_().clone());
                return Ok(match ty {
                    Some(postgres::types::Type::TEXT | postgres::types::Type::VARCHAR) => {
                        match pg::text(r, idx)? {
                            Some(t) => ValueRef::Text(t.as_bytes()),
                            None => ValueRef::Null,
                        }
                    }
                    Some(postgres::types::Type::BYTEA) => {
                        match r.try_get::<_, Option<&[u8]>>(idx)? {
                            Some(b) => ValueRef::Blob(b),
                            None => ValueRef::Null,
                        }
                    }
                    _ => match pg::column(r, idx)? {
                        rusqlite::types::Value::Integer(i) => ValueRef::Integer(i),
                        rusqlite::types::Value::Real(f) => ValueRef::Real(f),
                        _ => ValueRef::Null,
                    },
                });
            }
        };
        Ok(match r.get_ref(idx)? {
            V::Null => ValueRef::Null,
            V::Integer(i) => ValueRef::Integer(i),
            V::Real(f) => ValueRef::Real(f),
            V::Text(t) => ValueRef::Text(t),
            V::Blob(b) => ValueRef::Blob(b),
        })
    }
}

/// How a column is named when read: by its position.
pub trait RowIndex {
    fn index(&self) -> usize;
}

impl RowIndex for usize {
    fn index(&self) -> usize {
        *self
    }
}

/// A value as stored, borrowed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a [u8]),
    Blob(&'a [u8]),
}

impl<'a> ValueRef<'a> {
    /// The text, when the value is text in UTF-8.
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            ValueRef::Text(t) => std::str::from_utf8(t).ok(),
            _ => None,
        }
    }

    /// The name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            ValueRef::Null => "null",
            ValueRef::Integer(_) => "integer",
            ValueRef::Real(_) => "real",
            ValueRef::Text(_) => "text",
            ValueRef::Blob(_) => "blob",
        }
    }
}

/// A value as stored, owned: for parameters built at run time and for reading a column whatever
/// its type.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef as V};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => V::Null,
            Value::Integer(i) => V::Integer(*i),
            Value::Real(f) => V::Real(*f),
            Value::Text(t) => V::Text(t.as_bytes()),
            Value::Blob(b) => V::Blob(b),
        }))
    }
}

impl rusqlite::types::FromSql for Value {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        use rusqlite::types::ValueRef as V;
        Ok(match v {
            V::Null => Value::Null,
            V::Integer(i) => Value::Integer(i),
            V::Real(f) => Value::Real(f),
            V::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            V::Blob(b) => Value::Blob(b.to_vec()),
        })
    }
}

/// A value a statement can take as a parameter.
pub trait ToSql: rusqlite::ToSql {}
impl<T: rusqlite::ToSql + ?Sized> ToSql for T {}

/// A type a column can be read as.
pub trait FromSql: rusqlite::types::FromSql {}
impl<T: rusqlite::types::FromSql> FromSql for T {}

/// One parameter, as the engine binds it.
struct Bind<'a>(&'a dyn ToSql);

impl rusqlite::ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

/// The parameters of a statement, bound by position (`?1`, `?2` …).
pub trait Params {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R;
}

impl Params for &[&dyn ToSql] {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(self)
    }
}

impl Params for [&(dyn ToSql + Send + Sync); 0] {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(&[])
    }
}

macro_rules! array_params {
    ($($n:literal)*) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn with<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
                let refs: [&dyn ToSql; $n] = std::array::from_fn(|i| &self[i] as &dyn ToSql);
                f(&refs)
            }
        }
        impl<T: ToSql> Params for &[T; $n] {
            fn with<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
                let refs: [&dyn ToSql; $n] = std::array::from_fn(|i| &self[i] as &dyn ToSql);
                f(&refs)
            }
        }
    )*};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// Parameters from an iterator, bound by position.
pub struct ParamsFromIter<I>(I);

pub fn params_from_iter<I>(iter: I) -> ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    ParamsFromIter(iter)
}

impl<I> Params for ParamsFromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    fn with<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        let values: Vec<I::Item> = self.0.into_iter().collect();
        let refs: Vec<&dyn ToSql> = values.iter().map(|v| v as &dyn ToSql).collect();
        f(&refs)
    }
}

impl StoreError {
    /// Column `idx` held NULL where a value must be.
    pub(crate) fn null_column(idx: usize) -> StoreError {
        rusqlite::Error::InvalidColumnType(idx, "text".into(), rusqlite::types::Type::Null).into()
    }
}

/// `Result<T>` of a query that may find no row, as `Option<T>`.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(StoreError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The parameters of a statement, by position: `params![id, name, now]`.
#[macro_export]
macro_rules! params {
    () => {
        &[] as &[&dyn $crate::store::ToSql]
    };
    ($($param:expr),+ $(,)?) => {
        &[$(&$param as &dyn $crate::store::ToSql),+] as &[&dyn $crate::store::ToSql]
    };
}

/// SQLite's plan for `sql` (its parameters bound to NULL), a line per step (`EXPLAIN QUERY
/// PLAN`'s detail column): for tests that keep a statement on its index.
#[cfg(test)]
pub(crate) fn query_plan(c: &Conn, sql: &str) -> String {
    let raw = c.sqlite();
    let mut st = raw
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("explain");
    let nulls = vec![rusqlite::types::Null; st.parameter_count()];
    let rows = st
        .query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
        .expect("plan");
    rows.map(|r| r.expect("plan row"))
        .collect::<Vec<_>>()
        .join("\n")
}
