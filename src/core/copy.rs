//! `pim db copy`: a deployment moved between stores (an SQLite file, a PostgreSQL database),
//! every row of every table, with the same audit chain and head.
//!
//! Who may: whoever can open both stores. A copy reads every row, secrets included (MFA seeds),
//! which is what opening the file or connecting as the database's owner gives already (the trust
//! model of embedded mode, docs/security.md); it acts as no principal and checks no role.
//! Audit: none. A row appended to the copy would make its chain differ from the source's, and
//! the point of the copy is that it does not: `pim audit verify --anchor` with the source's head
//! passes on it. The copy changes no state of the deployment.

use std::path::Path;

use serde::Serialize;

use super::audit::GENESIS;
use super::error::{Error, Result};
use crate::store::{self, StoreError};

pub use crate::store::copy::Progress;

#[derive(Clone, Debug, Serialize)]
pub struct CopyReport {
    pub from: String,
    pub to: String,
    pub tables: Vec<TableCount>,
    /// Every row copied, all tables together.
    pub rows: u64,
    /// The audit log's head in the copy: the source's.
    pub audit_head: super::audit::Head,
}

#[derive(Clone, Debug, Serialize)]
pub struct TableCount {
    pub table: String,
    pub rows: u64,
}

pub fn copy(from: &Path, to: &Path, progress: &dyn Progress) -> Result<CopyReport> {
    let c = store::copy::copy(from, to, progress).map_err(|e| match e {
        StoreError::NotInitialized(p) => Error::invalid_with_hint(
            format!("no pim database at {} (--from)", p.display()),
            "--from names the database to copy: a file `pim init` made, or a postgres:// URL",
        ),
        StoreError::NotEmpty(p) => Error::Conflict {
            message: format!(
                "{} is not empty: a copy goes only into a new file or an empty database",
                p.display()
            ),
            hint: Some(
                "name a file that does not exist yet, or an empty PostgreSQL database (`createdb NAME`)"
                    .into(),
            ),
        },
        other => Error::Store(other),
    })?;
    let (seq, hash) = c.head.unwrap_or((0, GENESIS.to_string()));
    Ok(CopyReport {
        from: c.from,
        to: c.to,
        rows: c.tables.iter().map(|(_, n)| n).sum(),
        tables: c
            .tables
            .into_iter()
            .map(|(table, rows)| TableCount { table, rows })
            .collect(),
        audit_head: super::audit::Head { seq, hash },
    })
}
