//! The audit table. pim only ever inserts here.

use super::Value;
use super::{Conn, OptionalExtension, Row, params, params_from_iter};

use super::{Result, StoreError};
use crate::core::audit::{AuditRecord, RowRef};
use crate::core::clock::Ts;

const COLUMNS: &str = "seq, at, actor_id, actor_name, os_user, action, activity, category, result,
    reason, principal_id, principal_name, role_id, role_name, scope, request_id, assignment_id,
    justification, ticket_system, ticket_number, start_at, end_at, details, prev_hash, hash,
    auth, auth_id";

pub fn from_row(r: &Row<'_>) -> super::Result<AuditRecord> {
    Ok(AuditRecord {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor_id: r.get(2)?,
        actor_name: r.get(3)?,
        os_user: r.get(4)?,
        action: r.get(5)?,
        activity: r.get(6)?,
        category: r.get(7)?,
        result: r.get(8)?,
        reason: r.get(9)?,
        principal_id: r.get(10)?,
        principal_name: r.get(11)?,
        role_id: r.get(12)?,
        role_name: r.get(13)?,
        scope: r.get(14)?,
        request_id: r.get(15)?,
        assignment_id: r.get(16)?,
        justification: r.get(17)?,
        ticket_system: r.get(18)?,
        ticket_number: r.get(19)?,
        start_at: r.get(20)?,
        end_at: r.get(21)?,
        details: r.get(22)?,
        prev_hash: r.get(23)?,
        hash: r.get(24)?,
        auth: r.get(25)?,
        auth_id: r.get(26)?,
    })
}

/// One row by its `seq`.
pub fn by_seq(c: &Conn, seq: i64) -> Result<Option<AuditRecord>> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM audit WHERE seq = ?1"))?
        .query_row([seq], from_row)
        .optional()
}

/// The newest row's `seq` and `hash`.
pub fn head(c: &Conn) -> Result<Option<(i64, String)>> {
    c.prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
}

pub fn insert(c: &Conn, a: &AuditRecord) -> Result<()> {
    c.prepare_cached(&format!(
        "INSERT INTO audit ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
             ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)"
    ))?
    .execute(params![
        a.seq,
        a.at,
        a.actor_id,
        a.actor_name,
        a.os_user,
        a.action,
        a.activity,
        a.category,
        a.result,
        a.reason,
        a.principal_id,
        a.principal_name,
        a.role_id,
        a.role_name,
        a.scope,
        a.request_id,
        a.assignment_id,
        a.justification,
        a.ticket_system,
        a.ticket_number,
        a.start_at,
        a.end_at,
        a.details,
        a.prev_hash,
        a.hash,
        a.auth,
        a.auth_id
    ])?;
    Ok(())
}

/// Filters of `pim audit list`.
#[derive(Default, Debug, Clone)]
pub struct Filter {
    pub since: Option<Ts>,
    pub until: Option<Ts>,
    pub actor_id: Option<String>,
    pub principal_id: Option<String>,
    pub role_id: Option<String>,
    /// Machine code (`assignment.create`) or a prefix of it (`assignment`).
    pub action: Option<String>,
    /// `action` has no code under it (no row's action starts with it and a dot): matched
    /// exactly.
    pub action_exact: bool,
    /// Only rows this principal acted in or was the subject of ("My audit").
    pub involving: Option<String>,
    pub limit: Option<u64>,
    /// Newest first (lists); else in `seq` order (exports).
    pub newest_first: bool,
}

/// The `SELECT` for `f` and its arguments, in the order it asks for, at most `limit` rows.
fn select(f: &Filter, what: &str) -> (String, Vec<Value>) {
    let mut conds: Vec<&str> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if let Some(s) = f.since {
        conds.push("at >= ?");
        args.push(Value::Integer(s));
    }
    if let Some(u) = f.until {
        conds.push("at < ?");
        args.push(Value::Integer(u));
    }
    if let Some(a) = &f.actor_id {
        conds.push("actor_id = ?");
        args.push(Value::Text(a.clone()));
    }
    if let Some(p) = &f.principal_id {
        conds.push("principal_id = ?");
        args.push(Value::Text(p.clone()));
    }
    if let Some(r) = &f.role_id {
        conds.push("role_id = ?");
        args.push(Value::Text(r.clone()));
    }
    if let Some(a) = f.action.as_ref().filter(|_| f.action_exact) {
        conds.push("action = ?");
        args.push(Value::Text(a.clone()));
    } else if let Some(a) = &f.action {
        // The code or a code under it: between the code and the code followed by '/' (the
        // character after '.'), so that `audit_by_action` finds the rows.
        conds.push("(action >= ? AND action < ? AND (action = ? OR action LIKE ?))");
        args.push(Value::Text(a.clone()));
        args.push(Value::Text(format!("{a}/")));
        args.push(Value::Text(a.clone()));
        args.push(Value::Text(format!("{a}.%")));
    }
    if let Some(i) = &f.involving {
        conds.push("(actor_id = ? OR principal_id = ?)");
        args.push(Value::Text(i.clone()));
        args.push(Value::Text(i.clone()));
    }
    let mut sql = format!("SELECT {what} FROM audit");
    if !conds.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conds.join(" AND "));
    }
    sql.push_str(if f.newest_first {
        " ORDER BY seq DESC"
    } else {
        " ORDER BY seq"
    });
    if let Some(l) = f.limit {
        sql.push_str(" LIMIT ?");
        args.push(Value::Integer(l.min(i64::MAX as u64) as i64));
    }
    (sql, args)
}

/// Rows matching `f`, in the order it asks for.
pub fn list(c: &Conn, f: &Filter) -> Result<Vec<AuditRecord>> {
    let (sql, args) = select(f, COLUMNS);
    let mut st = c.prepare(&sql)?;
    let rows = st.query_map(params_from_iter(args.iter()), from_row)?;
    rows.collect::<super::Result<_>>()
}

/// Streams the rows matching `f` to `each`, in `seq` order, straight off the cursor: one row in
/// memory at a time, however many match. Stops at the first error `each` returns.
pub fn for_each<E: From<StoreError>>(
    c: &Conn,
    f: &Filter,
    mut each: impl FnMut(AuditRecord) -> Result<(), E>,
) -> Result<(), E> {
    let (sql, args) = select(f, COLUMNS);
    c.stream(&sql, params_from_iter(args.iter()), |r| {
        each(from_row(r)?)?;
        Ok(true)
    })
}

/// How many rows match `f`.
pub fn count_matching(c: &Conn, f: &Filter) -> Result<u64> {
    let (sql, args) = select(f, "seq");
    let n: i64 = c.query_row(
        &format!("SELECT count(*) FROM ({sql})"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}

/// [`has_action`]'s statement (a test keeps it on `audit_by_action`).
const HAS_ACTION: &str = "SELECT EXISTS (SELECT 1 FROM audit
     WHERE action >= ?1 AND action < ?3 AND (action = ?1 OR action LIKE ?2))";

/// Whether any row's action is under `code` (`code.…`): every string from `code.` up to `code/`
/// ('/' follows '.') starts with `code.`.
pub fn has_action_under(c: &Conn, code: &str) -> Result<bool> {
    c.query_row(
        "SELECT EXISTS (SELECT 1 FROM audit WHERE action >= ?1 AND action < ?2)",
        params![format!("{code}."), format!("{code}/")],
        |r| r.get(0),
    )
}

/// Whether any row has the action `code`, or a code under it (`code.…`).
pub fn has_action(c: &Conn, code: &str) -> Result<bool> {
    c.query_row(
        HAS_ACTION,
        params![code, format!("{code}.%"), format!("{code}/")],
        |r| r.get(0),
    )
}

/// Walks every row in `seq` order, stopping early when `f` returns false.
pub fn walk(c: &Conn, mut f: impl FnMut(AuditRecord) -> bool) -> Result<()> {
    c.stream(
        &format!("SELECT {COLUMNS} FROM audit ORDER BY seq"),
        [],
        |r| Ok::<_, StoreError>(f(from_row(r)?)),
    )
}

/// Walks every row in `seq` order as borrowed views (no allocation per row), stopping early when
/// `f` returns false.
pub fn walk_rows(c: &Conn, f: impl FnMut(RowRef<'_>) -> bool) -> Result<()> {
    walk_rows_range(c, 1, None, f)
}

/// The newest row's `seq` (0 when the log is empty).
pub fn max_seq(c: &Conn) -> Result<i64> {
    c.query_row("SELECT coalesce(max(seq), 0) FROM audit", [], |r| r.get(0))
}

/// More connections that read what one connection reads, for walking parts of the log on other
/// threads: another reader of the SQLite file, or on PostgreSQL another session that joins the
/// first one's snapshot (`pg_export_snapshot`), so that every part reads the same log.
pub enum Readers {
    Sqlite(String),
    Postgres { url: String, snapshot: String },
}

/// Where more readers of `c`'s log come from; `None` when there are none to be had (an
/// in-memory database; a PostgreSQL session outside a transaction, whose snapshot ends with
/// each statement).
pub fn readers(c: &Conn) -> Result<Option<Readers>> {
    if c.is_postgres() {
        let Some(url) = c.pg_url().filter(|_| c.in_transaction()) else {
            return Ok(None);
        };
        let snapshot: String = c.query_row("SELECT pg_export_snapshot()", [], |r| r.get(0))?;
        return Ok(Some(Readers::Postgres { url, snapshot }));
    }
    Ok(c.path().filter(|p| !p.is_empty()).map(Readers::Sqlite))
}

impl Readers {
    /// One more reader.
    pub fn open(&self) -> Result<Conn> {
        match self {
            Readers::Sqlite(path) => open_reader(path),
            Readers::Postgres { url, snapshot } => {
                if !snapshot.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
                    return Err(StoreError::Corrupt(format!(
                        "PostgreSQL gave the snapshot name '{snapshot}'"
                    )));
                }
                let c = super::connect_postgres(std::path::Path::new(url))?;
                c.pg_batch(&format!(
                    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
                     SET TRANSACTION SNAPSHOT '{snapshot}'"
                ))?;
                Ok(c)
            }
        }
    }
}

/// Another connection to the file at `path`, only for reading, with a small page cache: for
/// walking part of the log on another thread.
fn open_reader(path: &str) -> Result<Conn> {
    use rusqlite::OpenFlags;
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| super::classify(e, std::path::Path::new(path)))?;
    conn.execute_batch("PRAGMA query_only = ON; PRAGMA cache_size = -4000;")?;
    Ok(Conn::from_sqlite(conn))
}

/// Walks the rows with `from <= seq` (and `seq < to` when given) in `seq` order as borrowed views
/// (no allocation per row), stopping early when `f` returns false.
pub fn walk_rows_range(
    c: &Conn,
    from: i64,
    to: Option<i64>,
    mut f: impl FnMut(RowRef<'_>) -> bool,
) -> Result<()> {
    fn text<'r>(r: &'r Row<'_>, i: usize) -> super::Result<Option<&'r str>> {
        r.get_str(i)
    }
    fn req<'r>(r: &'r Row<'_>, i: usize) -> super::Result<&'r str> {
        r.get_str(i)?.ok_or_else(|| StoreError::null_column(i))
    }
    let to = to.unwrap_or(i64::MAX);
    if c.is_postgres() {
        return walk_rows_copied(c, from, to, f);
    }
    let sql = format!("SELECT {COLUMNS} FROM audit WHERE seq >= ?1 AND seq < ?2 ORDER BY seq");
    c.stream(&sql, params![from, to], |r| {
        let row = RowRef {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor_id: text(r, 2)?,
            actor_name: req(r, 3)?,
            os_user: req(r, 4)?,
            action: req(r, 5)?,
            activity: req(r, 6)?,
            category: req(r, 7)?,
            result: req(r, 8)?,
            reason: text(r, 9)?,
            principal_id: text(r, 10)?,
            principal_name: text(r, 11)?,
            role_id: text(r, 12)?,
            role_name: text(r, 13)?,
            scope: text(r, 14)?,
            request_id: text(r, 15)?,
            assignment_id: text(r, 16)?,
            justification: text(r, 17)?,
            ticket_system: text(r, 18)?,
            ticket_number: text(r, 19)?,
            start_at: r.get(20)?,
            end_at: r.get(21)?,
            details: text(r, 22)?,
            prev_hash: req(r, 23)?,
            hash: req(r, 24)?,
            auth: text(r, 25)?,
            auth_id: text(r, 26)?,
        };
        Ok::<_, StoreError>(f(row))
    })
}

/// [`walk_rows_range`] on PostgreSQL: the rows come as a binary `COPY`, decoded in place.
fn walk_rows_copied(
    c: &Conn,
    from: i64,
    to: i64,
    mut f: impl FnMut(RowRef<'_>) -> bool,
) -> Result<()> {
    fn req(v: Option<&str>, i: usize) -> super::Result<&str> {
        v.ok_or_else(|| StoreError::null_column(i))
    }
    let query =
        format!("SELECT {COLUMNS} FROM audit WHERE seq >= {from} AND seq < {to} ORDER BY seq");
    c.pg_copy_out(&query, |r| {
        let row = RowRef {
            seq: r.int(0)?.ok_or_else(|| StoreError::null_column(0))?,
            at: r.int(1)?.ok_or_else(|| StoreError::null_column(1))?,
            actor_id: r.text(2)?,
            actor_name: req(r.text(3)?, 3)?,
            os_user: req(r.text(4)?, 4)?,
            action: req(r.text(5)?, 5)?,
            activity: req(r.text(6)?, 6)?,
            category: req(r.text(7)?, 7)?,
            result: req(r.text(8)?, 8)?,
            reason: r.text(9)?,
            principal_id: r.text(10)?,
            principal_name: r.text(11)?,
            role_id: r.text(12)?,
            role_name: r.text(13)?,
            scope: r.text(14)?,
            request_id: r.text(15)?,
            assignment_id: r.text(16)?,
            justification: r.text(17)?,
            ticket_system: r.text(18)?,
            ticket_number: r.text(19)?,
            start_at: r.int(20)?,
            end_at: r.int(21)?,
            details: r.text(22)?,
            prev_hash: req(r.text(23)?, 23)?,
            hash: req(r.text(24)?, 24)?,
            auth: r.text(25)?,
            auth_id: r.text(26)?,
        };
        Ok::<_, StoreError>(f(row))
    })
}

pub fn count(c: &Conn) -> Result<i64> {
    c.query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
}

#[cfg(test)]
mod plan_tests {
    use super::{Filter, select};

    #[test]
    fn the_newest_rows_of_an_action_are_found_by_its_index() {
        let db = super::super::Db::in_memory().unwrap();
        let f = Filter {
            action: Some("assignment.create".into()),
            limit: Some(51),
            newest_first: true,
            ..Filter::default()
        };
        let (sql, _) = select(&f, "seq");
        let plan = super::super::sql::query_plan(db.conn(), &sql);
        assert!(
            plan.contains("USING COVERING INDEX audit_by_action"),
            "{plan}"
        );
        // A code with nothing under it: newest first straight off the index, no sort.
        let exact = Filter {
            action_exact: true,
            ..f
        };
        let (sql, _) = select(&exact, "seq");
        let plan = super::super::sql::query_plan(db.conn(), &sql);
        assert!(plan.contains("INDEX audit_by_action (action=?)"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        let plan = super::super::sql::query_plan(db.conn(), super::HAS_ACTION);
        assert!(plan.contains("audit_by_action"), "{plan}");
    }
}
