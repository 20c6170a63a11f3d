//! Stores for the library's tests: an in-memory SQLite database, or, when `PIM_TEST_DB` names a
//! PostgreSQL server (`postgres://user@host:port/db`, as for the CLI suite), a database of its own
//! on that server, dropped with it.

use std::ops::{Deref, DerefMut};
use std::path::Path;

use super::Db;

/// A fresh store with pim's schema and nothing in it, as [`Db::in_memory`] gives.
pub struct TestDb {
    db: Option<Db>,
    /// On PostgreSQL: the server's URL, the database's name and its own URL.
    pg: Option<(String, String, String)>,
}

/// The `PIM_TEST_DB` server, when the tests run on PostgreSQL.
pub fn pg_server() -> Option<String> {
    std::env::var("PIM_TEST_DB").ok().filter(|v| !v.is_empty())
}

impl TestDb {
    pub fn new() -> TestDb {
        let Some(admin) = pg_server() else {
            return TestDb {
                db: Some(Db::in_memory().expect("an in-memory database")),
                pg: None,
            };
        };
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "pim_l_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut c = postgres::Client::connect(&admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("PIM_TEST_DB={admin}: cannot connect: {e}"));
        // One statement each: neither may run in a transaction block.
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .expect("drop an old test database");
        c.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE template0"))
            .expect("a test database");
        let (base, query) = match admin.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (admin.as_str(), String::new()),
        };
        let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
        let url = format!("{server}/{name}{query}");
        let db = Db::create(Path::new(&url)).expect("pim's schema on PostgreSQL");
        TestDb {
            db: Some(db),
            pg: Some((admin, name, url)),
        }
    }

    /// The PostgreSQL URL of this database (`None` on SQLite).
    pub fn url(&self) -> Option<&str> {
        self.pg.as_ref().map(|(_, _, url)| url.as_str())
    }
}

impl Default for TestDb {
    fn default() -> Self {
        TestDb::new()
    }
}

impl Deref for TestDb {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db.as_ref().expect("the database")
    }
}

impl DerefMut for TestDb {
    fn deref_mut(&mut self) -> &mut Db {
        self.db.as_mut().expect("the database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        drop(self.db.take());
        if let Some((admin, name, _)) = &self.pg
            && let Ok(mut c) = postgres::Client::connect(admin, postgres::NoTls)
        {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}
