//! Open databases kept for reuse by `pim serve`: a bounded pool (r2d2) of [`Db`]s on one file or
//! PostgreSQL database. A connection is not tested before it is handed out (on PostgreSQL that
//! would be a round trip per request): the server's first statement of a request names the
//! caller, and a connection the database server has ended fails it, is marked lost and dropped,
//! and the request goes on with another (`server::State::take_as`). So a restarted database
//! server costs the requests in flight at most.

use std::path::{Path, PathBuf};

use super::{Db, StoreError};

/// Opens the pool's connections to one database.
#[derive(Debug)]
pub struct Manager {
    location: PathBuf,
}

impl Manager {
    pub fn new(location: &Path) -> Manager {
        Manager {
            location: location.to_path_buf(),
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Db;
    type Error = StoreError;

    fn connect(&self) -> Result<Db, StoreError> {
        Db::open(&self.location)
    }

    fn is_valid(&self, _db: &mut Db) -> Result<(), StoreError> {
        Ok(())
    }

    fn has_broken(&self, db: &mut Db) -> bool {
        db.conn.is_closed()
    }
}

/// A pool of at most `size` connections to `location`, of which one is kept open when idle.
/// Connections are made as requests need them; waiting longer than `wait` for one is an error.
pub fn build(
    location: &Path,
    size: u32,
    wait: std::time::Duration,
    on_error: impl Fn(&StoreError) + Send + Sync + 'static,
) -> r2d2::Pool<Manager> {
    r2d2::Pool::builder()
        .max_size(size.max(1))
        .min_idle(Some(1))
        .connection_timeout(wait)
        // Not tried before each use: see the module's comment.
        .test_on_check_out(false)
        .error_handler(Box::new(ErrorHandler(Box::new(on_error))))
        .build_unchecked(Manager::new(location))
}

struct ErrorHandler(Box<dyn Fn(&StoreError) + Send + Sync>);

impl std::fmt::Debug for ErrorHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ErrorHandler")
    }
}

impl r2d2::HandleError<StoreError> for ErrorHandler {
    fn handle_error(&self, e: StoreError) {
        (self.0)(&e)
    }
}
