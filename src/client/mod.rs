//! The client the command line holds: in-process (opens the store itself, the embedded mode) or
//! remote (a `pim serve` over a Unix socket). The command line never tells them apart; both run
//! an operation through [`crate::api::Op::run`], here or in the server.

pub mod remote;

pub use remote::{Endpoint, Remote, TlsFiles};

use std::path::PathBuf;

use crate::api::Op;
use crate::core::init::{InitInput, InitReport};
use crate::core::session::Ctx;
use crate::core::{Error, Result};
use crate::store::Db;

/// The embedded mode: the store is opened here, on first use, and the caller is who the context
/// says (self-asserted).
pub struct Local {
    pub path: PathBuf,
    pub ctx: Ctx,
    db: Option<Db>,
}

impl Local {
    pub fn new(path: PathBuf, ctx: Ctx) -> Local {
        Local {
            path,
            ctx,
            db: None,
        }
    }

    /// Runs `op` against the store, opened on first use.
    fn call<O: Op>(&mut self, op: O) -> Result<O::Output> {
        let db = match &mut self.db {
            Some(db) => db,
            slot => slot.insert(Db::open(&self.path)?),
        };
        op.run(db, &self.ctx)
    }
}

/// A client of the rules.
pub enum Client {
    Local(Local),
    Remote(Remote),
}

impl Client {
    /// Runs one operation and returns its answer.
    pub fn call<O: Op>(&mut self, op: O) -> Result<O::Output> {
        match self {
            Client::Local(l) => l.call(op),
            Client::Remote(r) => op.call_remote(r),
        }
    }

    /// Creates the database (`pim init`): only where the store is opened here.
    pub fn init(&mut self, input: &InitInput) -> Result<InitReport> {
        match self {
            Client::Local(l) => {
                let (db, report) = crate::core::init::init(&l.path, &l.ctx, input)?;
                l.db = Some(db);
                Ok(report)
            }
            Client::Remote(r) => Err(Error::invalid_with_hint(
                format!(
                    "pim init creates a database file; the server at {} already has its own",
                    r.endpoint
                ),
                "run `pim init --db PATH` on the server host, as the service account, before starting `pim serve`",
            )),
        }
    }

    /// Whether the store is reached through a server.
    pub fn is_remote(&self) -> bool {
        matches!(self, Client::Remote(_))
    }
}
