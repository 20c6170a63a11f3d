//! The audit log: one row per attempted change, hash-chained (SPEC §6).
//!
//! `hash = SHA-256(canonical(row without hash))`, where the canonical form encodes every column in
//! a fixed order, each as a tag byte and, for values, a length-prefixed byte string, so that no two
//! different rows encode alike. `prev_hash` is part of the encoding, which chains the rows.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::clock::{Ts, serde_ts};
use super::error::{Error, Result};
use super::model::{Principal, Role};
use crate::store;

/// `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
        }
    }
}

/// Entra's audit categories (reference §4.4) and the directory ones pim also uses.
pub mod category {
    pub const ROLE: &str = "RoleManagement";
    pub const RESOURCE: &str = "ResourceManagement";
    pub const GROUP: &str = "GroupManagement";
    pub const USER: &str = "UserManagement";
    pub const APPLICATION: &str = "ApplicationManagement";
    pub const DIRECTORY: &str = "DirectoryManagement";
}

/// A row about to be written: what happened, to what. The chain fields are added on append.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub action: String,
    pub activity: String,
    pub category: String,
    pub reason: Option<String>,
    pub principal_id: Option<String>,
    pub principal_name: Option<String>,
    pub role_id: Option<String>,
    pub role_name: Option<String>,
    pub scope: Option<String>,
    pub request_id: Option<String>,
    pub assignment_id: Option<String>,
    pub justification: Option<String>,
    pub ticket_system: Option<String>,
    pub ticket_number: Option<String>,
    pub start_at: Option<Ts>,
    pub end_at: Option<Ts>,
    pub details: Option<serde_json::Value>,
}

impl Entry {
    pub fn new(action: &str, activity: impl Into<String>, category: &str) -> Entry {
        Entry {
            action: action.to_string(),
            activity: activity.into(),
            category: category.to_string(),
            ..Entry::default()
        }
    }

    pub fn principal(mut self, p: &Principal) -> Entry {
        self.set_principal(p);
        self
    }

    pub fn set_principal(&mut self, p: &Principal) {
        self.principal_id = Some(p.id.clone());
        self.principal_name = Some(p.name.clone());
    }

    pub fn set_role(&mut self, r: &Role) {
        self.role_id = Some(r.id.clone());
        self.role_name = Some(r.name.clone());
    }

    pub fn role(mut self, r: &Role) -> Entry {
        self.set_role(r);
        self
    }

    pub fn scope(mut self, s: &str) -> Entry {
        self.scope = Some(s.to_string());
        self
    }

    pub fn details(mut self, d: serde_json::Value) -> Entry {
        self.details = Some(d);
        self
    }
}

/// A stored audit row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    #[serde(rename = "time", with = "serde_ts")]
    pub at: Ts,
    #[serde(rename = "actor")]
    pub actor_name: String,
    pub actor_id: Option<String>,
    pub os_user: String,
    pub action: String,
    pub activity: String,
    pub category: String,
    pub result: String,
    pub reason: Option<String>,
    #[serde(rename = "principal")]
    pub principal_name: Option<String>,
    pub principal_id: Option<String>,
    #[serde(rename = "role")]
    pub role_name: Option<String>,
    pub role_id: Option<String>,
    pub scope: Option<String>,
    pub request_id: Option<String>,
    pub assignment_id: Option<String>,
    pub justification: Option<String>,
    pub ticket_system: Option<String>,
    pub ticket_number: Option<String>,
    #[serde(rename = "start", with = "serde_ts::option")]
    pub start_at: Option<Ts>,
    #[serde(rename = "end", with = "serde_ts::option")]
    pub end_at: Option<Ts>,
    #[serde(serialize_with = "details_as_json")]
    pub details: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

fn details_as_json<S: serde::Serializer>(d: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match d.as_deref().map(serde_json::from_str::<serde_json::Value>) {
        Some(Ok(v)) => v.serialize(s),
        Some(Err(_)) => d.serialize(s),
        None => s.serialize_none(),
    }
}

impl AuditRecord {
    /// The hash this row should carry, computed from its other columns.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        let int = |h: &mut Sha256, v: i64| {
            h.update([2u8]);
            h.update(v.to_le_bytes());
        };
        let text = |h: &mut Sha256, v: Option<&str>| match v {
            None => h.update([0u8]),
            Some(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
        };
        let opt_int = |h: &mut Sha256, v: Option<i64>| match v {
            None => h.update([0u8]),
            Some(i) => int(h, i),
        };
        h.update(b"pim-audit-v1");
        int(&mut h, self.seq);
        int(&mut h, self.at);
        text(&mut h, self.actor_id.as_deref());
        text(&mut h, Some(&self.actor_name));
        text(&mut h, Some(&self.os_user));
        text(&mut h, Some(&self.action));
        text(&mut h, Some(&self.activity));
        text(&mut h, Some(&self.category));
        text(&mut h, Some(&self.result));
        text(&mut h, self.reason.as_deref());
        text(&mut h, self.principal_id.as_deref());
        text(&mut h, self.principal_name.as_deref());
        text(&mut h, self.role_id.as_deref());
        text(&mut h, self.role_name.as_deref());
        text(&mut h, self.scope.as_deref());
        text(&mut h, self.request_id.as_deref());
        text(&mut h, self.assignment_id.as_deref());
        text(&mut h, self.justification.as_deref());
        text(&mut h, self.ticket_system.as_deref());
        text(&mut h, self.ticket_number.as_deref());
        opt_int(&mut h, self.start_at);
        opt_int(&mut h, self.end_at);
        text(&mut h, self.details.as_deref());
        text(&mut h, Some(&self.prev_hash));
        hex::encode(h.finalize())
    }
}

/// Who is writing, for the chain fields every row carries.
pub struct Author<'a> {
    pub now: Ts,
    pub actor_id: Option<&'a str>,
    pub actor_name: &'a str,
    pub os_user: &'a str,
}

/// Appends rows within one transaction, keeping the chain head in memory so that bulk writes do
/// not read it back for every row.
#[derive(Default)]
pub struct Writer {
    head: Option<(i64, String)>,
}

impl Writer {
    pub fn append(
        &mut self,
        c: &rusqlite::Connection,
        author: &Author<'_>,
        outcome: Outcome,
        e: &Entry,
    ) -> Result<AuditRecord> {
        let (last_seq, last_hash) = match self.head.take() {
            Some(h) => h,
            None => store::audit::head(c)?.unwrap_or((0, GENESIS.to_string())),
        };
        let mut rec = AuditRecord {
            seq: last_seq + 1,
            at: author.now,
            actor_id: author.actor_id.map(str::to_string),
            actor_name: author.actor_name.to_string(),
            os_user: author.os_user.to_string(),
            action: e.action.clone(),
            activity: e.activity.clone(),
            category: e.category.clone(),
            result: outcome.as_str().to_string(),
            reason: e.reason.clone(),
            principal_id: e.principal_id.clone(),
            principal_name: e.principal_name.clone(),
            role_id: e.role_id.clone(),
            role_name: e.role_name.clone(),
            scope: e.scope.clone(),
            request_id: e.request_id.clone(),
            assignment_id: e.assignment_id.clone(),
            justification: e.justification.clone(),
            ticket_system: e.ticket_system.clone(),
            ticket_number: e.ticket_number.clone(),
            start_at: e.start_at,
            end_at: e.end_at,
            details: e.details.as_ref().map(|d| d.to_string()),
            prev_hash: last_hash,
            hash: String::new(),
        };
        rec.hash = rec.compute_hash();
        store::audit::insert(c, &rec)?;
        self.head = Some((rec.seq, rec.hash.clone()));
        Ok(rec)
    }
}

/// The outcome of walking the chain.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Verification {
    pub ok: bool,
    /// How rows are chained: `sha256`.
    pub mode: &'static str,
    /// Rows checked.
    pub rows: u64,
    pub head_seq: Option<i64>,
    pub head_hash: Option<String>,
    /// The first row found wrong, if any.
    pub first_bad_seq: Option<i64>,
    pub problem: Option<String>,
    /// Whether the anchor given was found in the chain (null when none was given).
    pub anchor_ok: Option<bool>,
}

/// An anchor kept outside the database: `SEQ:HASH`.
pub fn parse_anchor(text: &str) -> Result<(i64, String)> {
    let bad = || {
        Error::invalid_with_hint(
            format!("invalid anchor '{text}'"),
            "give SEQ:HASH as `pim audit head` prints it, e.g. 42:3f9a…",
        )
    };
    let (seq, hash) = text.trim().split_once(':').ok_or_else(bad)?;
    let seq: i64 = seq.parse().map_err(|_| bad())?;
    let hash = hash.to_ascii_lowercase();
    if seq < 1 || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    Ok((seq, hash))
}

/// Re-walks the chain from the first row and names the first row that was changed, removed,
/// inserted or reordered. With an anchor, also checks that the anchored row is still there,
/// unchanged, which catches a truncated tail.
pub fn verify(c: &rusqlite::Connection, anchor: Option<(i64, String)>) -> Result<Verification> {
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_string();
    let mut rows = 0u64;
    let mut bad: Option<(i64, String)> = None;
    let mut anchor_ok = anchor.as_ref().map(|_| false);
    let mut head: Option<(i64, String)> = None;
    store::audit::walk(c, |r| {
        rows += 1;
        if r.seq != expected_seq {
            bad = Some(if r.seq > expected_seq {
                let missing = if r.seq - expected_seq == 1 {
                    format!("row {expected_seq} is missing")
                } else {
                    format!("rows {expected_seq} to {} are missing", r.seq - 1)
                };
                (expected_seq, format!("{missing}: removed from the chain"))
            } else {
                (r.seq, format!("row {} is out of sequence", r.seq))
            });
            return false;
        }
        if r.prev_hash != prev {
            bad = Some((
                r.seq,
                format!(
                    "row {} does not follow row {}: a row was removed, inserted or reordered here",
                    r.seq,
                    r.seq - 1
                ),
            ));
            return false;
        }
        let computed = r.compute_hash();
        if computed != r.hash {
            bad = Some((
                r.seq,
                format!("row {} was changed after it was written", r.seq),
            ));
            return false;
        }
        if let Some((aseq, ahash)) = &anchor
            && *aseq == r.seq
        {
            anchor_ok = Some(*ahash == r.hash);
        }
        expected_seq = r.seq + 1;
        prev = r.hash.clone();
        head = Some((r.seq, r.hash));
        true
    })?;
    if bad.is_none()
        && let (Some((aseq, _)), Some(false)) = (&anchor, anchor_ok)
    {
        let last = head.as_ref().map(|h| h.0).unwrap_or(0);
        bad = Some(if *aseq > last {
            (
                last + 1,
                format!(
                    "the anchor names row {aseq} but the chain ends at row {last}: rows were removed from the end"
                ),
            )
        } else {
            (
                *aseq,
                format!("row {aseq} does not carry the anchored hash: the chain was rewritten"),
            )
        });
    }
    Ok(Verification {
        ok: bad.is_none(),
        mode: "sha256",
        rows,
        head_seq: head.as_ref().map(|h| h.0),
        head_hash: head.map(|h| h.1),
        first_bad_seq: bad.as_ref().map(|b| b.0),
        problem: bad.map(|b| b.1),
        anchor_ok,
    })
}

/// Filters of `pim audit list`, as typed.
#[derive(Clone, Debug, Default)]
pub struct ListInput {
    pub since: Option<Ts>,
    pub until: Option<Ts>,
    pub actor: Option<String>,
    pub principal: Option<String>,
    pub role: Option<String>,
    pub action: Option<String>,
    pub limit: Option<u64>,
}

/// Audit readers see everything; everyone else sees the rows they acted in or were the subject
/// of ("My audit").
pub fn list(
    db: &mut store::Db,
    ctx: &super::session::Ctx,
    input: &ListInput,
) -> Result<Vec<AuditRecord>> {
    use super::builtin::*;
    super::session::read(db, ctx, |c, actor, grants| {
        let mut f = store::audit::Filter {
            since: input.since,
            until: input.until,
            action: input.action.as_ref().map(|a| a.trim().to_string()),
            limit: input.limit,
            ..Default::default()
        };
        if let Some(a) = &input.actor {
            f.actor_id = Some(super::names::principal(c, a)?.id);
        }
        if let Some(p) = &input.principal {
            f.principal_id = Some(super::names::principal(c, p)?.id);
        }
        if let Some(r) = &input.role {
            f.role_id = Some(super::names::role(c, r)?.id);
        }
        let reader = grants.at_root(&[
            GLOBAL_ADMINISTRATOR,
            PRIVILEGED_ROLE_ADMINISTRATOR,
            SECURITY_ADMINISTRATOR,
            SECURITY_READER,
            GLOBAL_READER,
        ]);
        if !reader {
            f.involving = Some(actor.id.clone());
        }
        Ok(store::audit::list(c, &f)?)
    })
}

fn require_reader(grants: &super::authz::Grants) -> Result<()> {
    use super::builtin::*;
    if grants.at_root(&[
        GLOBAL_ADMINISTRATOR,
        PRIVILEGED_ROLE_ADMINISTRATOR,
        SECURITY_ADMINISTRATOR,
        SECURITY_READER,
        GLOBAL_READER,
    ]) {
        Ok(())
    } else {
        Err(Error::not_authorized(
            "checking the audit chain needs an active Global Administrator, Privileged Role Administrator, Security Administrator, Security Reader or Global Reader assignment",
        ))
    }
}

pub fn verify_db(
    db: &mut store::Db,
    ctx: &super::session::Ctx,
    anchor: Option<(i64, String)>,
) -> Result<Verification> {
    super::session::read(db, ctx, |c, _, grants| {
        require_reader(grants)?;
        verify(c, anchor)
    })
}

#[derive(Clone, Debug, Serialize)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

pub fn head(db: &mut store::Db, ctx: &super::session::Ctx) -> Result<Head> {
    super::session::read(db, ctx, |c, _, grants| {
        require_reader(grants)?;
        let (seq, hash) = store::audit::head(c)?.unwrap_or((0, GENESIS.to_string()));
        Ok(Head { seq, hash })
    })
}
