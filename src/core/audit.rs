//! The audit log: one row per attempted change, hash-chained (SPEC §6).
//!
//! `hash = SHA-256(canonical(row without hash))`, where the canonical form encodes every column in
//! a fixed order, each as a tag byte and, for values, a length-prefixed byte string, so that no two
//! different rows encode alike. `prev_hash` is part of the encoding, which chains the rows.
//!
//! With an audit key, rows are chained with `HMAC-SHA256(key, canonical(row))` instead: someone
//! who can write to the database but does not hold the key can no longer rewrite a row and fix
//! its hash. Where the keyed rows start is configured beside the key (`[audit] key_from_seq`,
//! row 1 unless it says otherwise), never taken from the database: someone without the key could
//! otherwise delete the record of it, recompute the chain with plain SHA-256 and have it pass.
//! The meta entries `audit_hmac_from_seq` and `audit_key_id`, set in the transaction of the first
//! keyed row, are what a reader without the key goes by, and tell a wrong key from a tampered row.

use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::authz::{Listing, Narrowed};
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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    #[serde(
        serialize_with = "details_as_json",
        deserialize_with = "details_from_json"
    )]
    pub details: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// How the actor was established: `local` (self-asserted), `peer_uid`, `certificate`.
    pub auth: Option<String>,
    /// The uid or the certificate fingerprint that established it.
    pub auth_id: Option<String>,
}

/// Reads back what [`details_as_json`] wrote: the JSON text of the value.
pub fn details_from_json<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    use serde::Deserialize;
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        None => None,
        Some(serde_json::Value::String(s))
            if serde_json::from_str::<serde_json::Value>(&s).is_err() =>
        {
            Some(s)
        }
        Some(v) => Some(v.to_string()),
    })
}

pub fn details_as_json<S: serde::Serializer>(d: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match d.as_deref().map(serde_json::from_str::<serde_json::Value>) {
        Some(Ok(v)) => v.serialize(s),
        Some(Err(_)) => d.serialize(s),
        None => s.serialize_none(),
    }
}

impl AuditRecord {
    /// The row, borrowed.
    pub fn as_row(&self) -> RowRef<'_> {
        RowRef {
            seq: self.seq,
            at: self.at,
            actor_id: self.actor_id.as_deref(),
            actor_name: &self.actor_name,
            os_user: &self.os_user,
            action: &self.action,
            activity: &self.activity,
            category: &self.category,
            result: &self.result,
            reason: self.reason.as_deref(),
            principal_id: self.principal_id.as_deref(),
            principal_name: self.principal_name.as_deref(),
            role_id: self.role_id.as_deref(),
            role_name: self.role_name.as_deref(),
            scope: self.scope.as_deref(),
            request_id: self.request_id.as_deref(),
            assignment_id: self.assignment_id.as_deref(),
            justification: self.justification.as_deref(),
            ticket_system: self.ticket_system.as_deref(),
            ticket_number: self.ticket_number.as_deref(),
            start_at: self.start_at,
            end_at: self.end_at,
            details: self.details.as_deref(),
            prev_hash: &self.prev_hash,
            hash: &self.hash,
            auth: self.auth.as_deref(),
            auth_id: self.auth_id.as_deref(),
        }
    }

    /// The hash this row should carry in a plain chain: SHA-256 of its other columns.
    pub fn compute_hash(&self) -> String {
        hex::encode(self.as_row().digest(None, &mut Vec::new()))
    }

    /// The hash this row should carry in a keyed chain: HMAC-SHA256 of its other columns.
    pub fn compute_hmac(&self, key: &[u8]) -> String {
        hex::encode(self.as_row().digest(Some(key), &mut Vec::new()))
    }

    /// The hash this row should carry: keyed when `key` is given.
    pub fn expected_hash(&self, key: Option<&[u8]>) -> String {
        hex::encode(self.as_row().digest(key, &mut Vec::new()))
    }
}

/// An audit row borrowed from where it is stored (a SQLite row, while its cursor stays there):
/// what `pim audit verify` hashes, without copying every column into strings first.
#[derive(Clone, Copy, Debug)]
pub struct RowRef<'a> {
    pub seq: i64,
    pub at: Ts,
    pub actor_id: Option<&'a str>,
    pub actor_name: &'a str,
    pub os_user: &'a str,
    pub action: &'a str,
    pub activity: &'a str,
    pub category: &'a str,
    pub result: &'a str,
    pub reason: Option<&'a str>,
    pub principal_id: Option<&'a str>,
    pub principal_name: Option<&'a str>,
    pub role_id: Option<&'a str>,
    pub role_name: Option<&'a str>,
    pub scope: Option<&'a str>,
    pub request_id: Option<&'a str>,
    pub assignment_id: Option<&'a str>,
    pub justification: Option<&'a str>,
    pub ticket_system: Option<&'a str>,
    pub ticket_number: Option<&'a str>,
    pub start_at: Option<Ts>,
    pub end_at: Option<Ts>,
    pub details: Option<&'a str>,
    pub prev_hash: &'a str,
    pub hash: &'a str,
    pub auth: Option<&'a str>,
    pub auth_id: Option<&'a str>,
}

impl RowRef<'_> {
    /// Appends the canonical encoding of every column but `hash` to `out`. A row that records how
    /// its actor was established (`auth`) is encoded as version 2, with `auth` and `auth_id` after
    /// `prev_hash`; a row without (written before they existed) keeps version 1, so that chains
    /// written by earlier releases still verify.
    fn canonical(&self, out: &mut Vec<u8>) {
        fn int(out: &mut Vec<u8>, v: i64) {
            out.push(2);
            out.extend_from_slice(&v.to_le_bytes());
        }
        fn text(out: &mut Vec<u8>, v: Option<&str>) {
            match v {
                None => out.push(0),
                Some(s) => {
                    out.push(1);
                    out.extend_from_slice(&(s.len() as u64).to_le_bytes());
                    out.extend_from_slice(s.as_bytes());
                }
            }
        }
        fn opt_int(out: &mut Vec<u8>, v: Option<i64>) {
            match v {
                None => out.push(0),
                Some(i) => int(out, i),
            }
        }
        out.extend_from_slice(if self.auth.is_some() {
            b"pim-audit-v2"
        } else {
            b"pim-audit-v1"
        });
        int(out, self.seq);
        int(out, self.at);
        text(out, self.actor_id);
        text(out, Some(self.actor_name));
        text(out, Some(self.os_user));
        text(out, Some(self.action));
        text(out, Some(self.activity));
        text(out, Some(self.category));
        text(out, Some(self.result));
        text(out, self.reason);
        text(out, self.principal_id);
        text(out, self.principal_name);
        text(out, self.role_id);
        text(out, self.role_name);
        text(out, self.scope);
        text(out, self.request_id);
        text(out, self.assignment_id);
        text(out, self.justification);
        text(out, self.ticket_system);
        text(out, self.ticket_number);
        opt_int(out, self.start_at);
        opt_int(out, self.end_at);
        text(out, self.details);
        text(out, Some(self.prev_hash));
        if self.auth.is_some() {
            text(out, self.auth);
            text(out, self.auth_id);
        }
    }

    /// SHA-256 (or, with `key`, HMAC-SHA256) of the canonical encoding; `buf` is scratch space,
    /// reused across rows.
    pub fn digest(&self, key: Option<&[u8]>, buf: &mut Vec<u8>) -> [u8; 32] {
        buf.clear();
        self.canonical(buf);
        let mut out = [0u8; 32];
        match key {
            Some(k) => {
                let mut m = hmac_sha256(k);
                m.update(buf);
                out.copy_from_slice(&m.finalize().into_bytes());
            }
            None => out.copy_from_slice(&Sha256::digest(&buf[..])),
        }
        out
    }

    /// Whether the row carries the hash it should (keyed when `key` is given).
    pub fn hash_matches(&self, key: Option<&[u8]>, buf: &mut Vec<u8>) -> bool {
        let mut hex_buf = [0u8; 64];
        hex::encode_to_slice(self.digest(key, buf), &mut hex_buf).is_ok()
            && self.hash.as_bytes() == hex_buf
    }
}

fn hmac_sha256(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length, so this cannot fail.
    <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC accepts keys of any length")
}

/// A short, public fingerprint of an audit key, kept in the database so that a wrong key is told
/// apart from tampered rows. It reveals nothing about the key.
pub fn key_id(key: &[u8]) -> String {
    let mut m = hmac_sha256(key);
    m.update(b"pim-audit-key-id");
    hex::encode(&m.finalize().into_bytes()[..8])
}

/// The audit key and the first row it chains (`[audit] key_file` and `key_from_seq`).
#[derive(Clone, PartialEq, Eq)]
pub struct AuditKey {
    pub key: Vec<u8>,
    /// The first `seq` chained with the key: every row from it on must carry an HMAC.
    pub from_seq: i64,
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditKey")
            .field("key", &"<redacted>")
            .field("from_seq", &self.from_seq)
            .finish()
    }
}

impl AuditKey {
    /// A key that chains the whole log, from its first row.
    pub fn whole(key: &[u8]) -> AuditKey {
        AuditKey {
            key: key.to_vec(),
            from_seq: 1,
        }
    }
}

/// Meta entry: the first `seq` chained with HMAC-SHA256.
pub const META_HMAC_FROM: &str = "audit_hmac_from_seq";
/// Meta entry: the fingerprint ([`key_id`]) of the key the keyed rows were written with.
pub const META_KEY_ID: &str = "audit_key_id";

/// Where the keyed rows start, as the database records it.
pub fn hmac_from(c: &crate::store::Conn) -> Result<Option<i64>> {
    match store::get_meta(c, META_HMAC_FROM)? {
        None => Ok(None),
        Some(v) => v.trim().parse().map(Some).map_err(|_| {
            Error::invalid(format!(
                "the database's {META_HMAC_FROM} entry '{v}' is not a row number: the audit log was tampered with"
            ))
        }),
    }
}

fn no_key_error(from: i64) -> Error {
    Error::invalid_with_hint(
        format!(
            "the audit log is chained with HMAC-SHA256 from row {from} and no audit key file is configured: refusing to write an unkeyed row"
        ),
        "set `[audit] key_file = \"PATH\"` in the config file (--config or PIM_CONFIG) to the key file the log was written with",
    )
}

fn wrong_key_error(from: i64) -> Error {
    Error::invalid_with_hint(
        format!(
            "the configured audit key file does not hold the key the audit log is chained with (from row {from}): refusing to write"
        ),
        "point `[audit] key_file` in the config file at the key the log was written with",
    )
}

/// Who is writing, for the chain fields every row carries.
pub struct Author<'a> {
    pub now: Ts,
    pub actor_id: Option<&'a str>,
    pub actor_name: &'a str,
    pub os_user: &'a str,
    /// How the actor was established.
    pub auth: &'a super::session::Auth,
}

/// Appends rows within one transaction, keeping the chain head in memory so that bulk writes do
/// not read it back for every row. With a key, rows are chained with HMAC-SHA256; without one, a
/// log that is already keyed is refused rather than silently weakened.
pub struct Writer {
    key: Option<AuditKey>,
    state: Option<ChainState>,
    /// The head of the log before this write's first row (`None`: no row yet).
    start: Option<i64>,
}

struct ChainState {
    seq: i64,
    hash: String,
    hmac_from: Option<i64>,
}

impl Writer {
    /// A writer with the session's audit key, if any (`Ctx::audit_key`).
    pub fn new(key: Option<&AuditKey>) -> Writer {
        Writer {
            key: key.cloned(),
            state: None,
            start: None,
        }
    }

    /// The `seq` after which this write's rows begin, once it has written one.
    pub fn written_after(&self) -> Option<i64> {
        self.start
    }

    /// Where the chain stands, after checking that this write may extend it: without a key, a
    /// keyed log is refused; with one, the log must be keyed exactly from the configured row —
    /// so that a log whose keyed part was recomputed with plain SHA-256 (and its meta entries
    /// deleted or moved) is refused rather than keyed again from a later row.
    fn load(&self, c: &crate::store::Conn) -> Result<ChainState> {
        let (seq, hash) = store::audit::head(c)?.unwrap_or((0, GENESIS.to_string()));
        let recorded = hmac_from(c)?;
        let Some(key) = &self.key else {
            if let Some(from) = recorded {
                return Err(no_key_error(from));
            }
            return Ok(ChainState {
                seq,
                hash,
                hmac_from: None,
            });
        };
        let from = key.from_seq;
        if store::get_meta(c, META_KEY_ID)?.is_some_and(|id| id != key_id(&key.key)) {
            return Err(wrong_key_error(recorded.unwrap_or(from)));
        }
        if let Some(r) = recorded
            && r != from
        {
            return Err(Error::invalid_with_hint(
                format!(
                    "the database says the audit log is keyed from row {r}, but the audit key is configured from row {from} (`[audit] key_from_seq`): refusing to write"
                ),
                "if the configuration is right, the database was changed: run `pim audit verify`",
            ));
        }
        if from > seq + 1 {
            return Err(Error::invalid_with_hint(
                format!(
                    "the audit key is configured from row {from} (`[audit] key_from_seq`), but the log ends at row {seq}: refusing to write"
                ),
                match recorded {
                    Some(_) => "rows were removed from the end of the log: run `pim audit verify`"
                        .to_string(),
                    None => format!(
                        "set `key_from_seq = {}` (the next row) to start keying here",
                        seq + 1
                    ),
                },
            ));
        }
        if from <= seq {
            // The head must already be keyed: one HMAC of one row per write.
            let head = store::audit::by_seq(c, seq)?
                .ok_or_else(|| Error::invalid("the audit log's last row vanished"))?;
            if !head.as_row().hash_matches(Some(&key.key), &mut Vec::new()) {
                return Err(Error::invalid_with_hint(
                    format!(
                        "row {seq} of the audit log is not chained with the audit key, which covers every row from row {from} (`[audit] key_from_seq`): refusing to write"
                    ),
                    if recorded.is_none() && from == 1 {
                        format!(
                            "if the key is new for this database, set `key_from_seq = {}` (the next row) in the config file; otherwise the log was changed: run `pim audit verify`",
                            seq + 1
                        )
                    } else {
                        "the log was changed: run `pim audit verify`".to_string()
                    },
                ));
            }
        }
        Ok(ChainState {
            seq,
            hash,
            hmac_from: recorded,
        })
    }

    pub fn append(
        &mut self,
        c: &crate::store::Conn,
        author: &Author<'_>,
        outcome: Outcome,
        e: &Entry,
    ) -> Result<AuditRecord> {
        let mut state = match self.state.take() {
            Some(s) => s,
            None => {
                let s = self.load(c)?;
                self.start = Some(s.seq);
                s
            }
        };
        let mut rec = AuditRecord {
            seq: state.seq + 1,
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
            prev_hash: state.hash,
            hash: String::new(),
            auth: Some(author.auth.method().to_string()),
            auth_id: author.auth.subject(),
        };
        if let Some(key) = &self.key
            && state.hmac_from.is_none()
        {
            // The first keyed row (or one whose record was lost): recorded with this row, in
            // its transaction, for readers without the key.
            store::set_meta(c, META_HMAC_FROM, &key.from_seq.to_string())?;
            store::set_meta(c, META_KEY_ID, &key_id(&key.key))?;
            state.hmac_from = Some(key.from_seq);
        }
        rec.hash = rec.expected_hash(self.key.as_ref().map(|k| k.key.as_slice()));
        store::audit::insert(c, &rec)?;
        self.state = Some(ChainState {
            seq: rec.seq,
            hash: rec.hash.clone(),
            hmac_from: state.hmac_from,
        });
        Ok(rec)
    }
}

/// The outcome of walking the chain.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Verification {
    /// Every row was checked and the chain is whole. False when a row is wrong, and when keyed
    /// rows could not be checked for want of the key (then `first_bad_seq` is null).
    pub ok: bool,
    /// How rows are chained: `sha256`, `hmac-sha256`, or `sha256+hmac-sha256` when a plain chain
    /// became keyed at `hmac_from_seq`.
    pub mode: std::borrow::Cow<'static, str>,
    /// The first row chained with HMAC-SHA256 (null for a plain chain).
    pub hmac_from_seq: Option<i64>,
    /// Rows walked (without the key, keyed rows only for their order and links).
    pub rows: u64,
    pub head_seq: Option<i64>,
    pub head_hash: Option<String>,
    /// The first row found wrong, if any.
    pub first_bad_seq: Option<i64>,
    pub problem: Option<String>,
    /// Whether the anchor given was found in the chain (null when none was given).
    pub anchor_ok: Option<bool>,
    /// With `--state`: the state checked against the log (see [`super::explain`]); absent
    /// otherwise. `ok` is then false when either check fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<super::explain::StateCheck>,
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

/// Re-walks the chain without a key: see [`verify_with_key`].
pub fn verify(c: &crate::store::Conn, anchor: Option<(i64, String)>) -> Result<Verification> {
    verify_with_key(c, anchor, None)
}

/// From this many rows on, `pim audit verify` walks the log in parts on several threads.
const PARALLEL_FROM_ROWS: i64 = 20_000;

/// What every row of a walk is checked against.
struct PartRules<'a> {
    hmac_from: Option<i64>,
    key: Option<&'a [u8]>,
    wrong_key: bool,
    anchor: Option<&'a (i64, String)>,
    progress: &'a dyn Progress,
}

/// Hears how a long walk goes: the rows to walk, once, then rows walked as they are (from
/// several threads).
pub trait Progress: Sync {
    fn total(&self, rows: u64);
    fn walked(&self, rows: u64);
}

/// No one listening.
pub struct Quiet;

impl Progress for Quiet {
    fn total(&self, _: u64) {}
    fn walked(&self, _: u64) {}
}

/// Rows walked between two progress reports.
const PROGRESS_EVERY: u64 = 16_384;

/// One part of the log, walked: its first row's link (checked when the parts are joined), the
/// first bad row inside it, and the last good one.
#[derive(Default)]
struct Part {
    rows: u64,
    unchecked: u64,
    first: Option<(i64, String)>,
    last_good: Option<(i64, String)>,
    bad: Option<(i64, String)>,
    anchor: Option<bool>,
}

/// Whether a row with `seq` and `prev_hash` may follow where the walk is (`expected_seq`, `prev`).
fn link_problem(expected_seq: i64, prev: &str, seq: i64, prev_hash: &str) -> Option<(i64, String)> {
    if seq != expected_seq {
        return Some(if seq > expected_seq {
            let missing = if seq - expected_seq == 1 {
                format!("row {expected_seq} is missing")
            } else {
                format!("rows {expected_seq} to {} are missing", seq - 1)
            };
            (expected_seq, format!("{missing}: removed from the chain"))
        } else {
            (seq, format!("row {seq} is out of sequence"))
        });
    }
    if prev_hash != prev {
        return Some((
            seq,
            format!(
                "row {seq} does not follow row {}: a row was removed, inserted or reordered here",
                seq - 1
            ),
        ));
    }
    None
}

/// Walks the rows with `from <= seq < to`, checking every row's hash and every link but the
/// first row's.
fn walk_part(
    c: &crate::store::Conn,
    from: i64,
    to: Option<i64>,
    rules: &PartRules<'_>,
) -> Result<Part> {
    let mut part = Part::default();
    let mut expected_seq = from;
    let mut prev = String::new();
    let mut good: Option<i64> = None;
    // Reused for every row: the canonical encoding being hashed.
    let mut buf = Vec::with_capacity(1024);
    store::audit::walk_rows_range(c, from, to, |r| {
        part.rows += 1;
        if part.rows % PROGRESS_EVERY == 0 {
            rules.progress.walked(PROGRESS_EVERY);
        }
        if part.first.is_none() {
            part.first = Some((r.seq, r.prev_hash.to_string()));
        } else if let Some(problem) = link_problem(expected_seq, &prev, r.seq, r.prev_hash) {
            part.bad = Some(problem);
            return false;
        }
        let keyed = rules.hmac_from.is_some_and(|f| r.seq >= f);
        match (keyed, rules.key) {
            (true, None) => part.unchecked += 1,
            (true, Some(k)) if !r.hash_matches(Some(k), &mut buf) => {
                let why = if r.hash_matches(None, &mut buf) {
                    format!(
                        "row {} carries a plain SHA-256 hash where the audit key should have chained it (the key covers every row from row {}): the log was rewritten without the key",
                        r.seq,
                        rules.hmac_from.unwrap_or(1)
                    )
                } else if rules.wrong_key {
                    format!(
                        "row {} does not carry a valid HMAC: the audit key given is not the one the log was written with, or the row was changed",
                        r.seq
                    )
                } else {
                    format!("row {} was changed after it was written", r.seq)
                };
                part.bad = Some((r.seq, why));
                return false;
            }
            (false, _) if !r.hash_matches(None, &mut buf) => {
                part.bad = Some((
                    r.seq,
                    format!("row {} was changed after it was written", r.seq),
                ));
                return false;
            }
            _ => {}
        }
        if let Some((aseq, ahash)) = rules.anchor
            && *aseq == r.seq
        {
            part.anchor = Some(ahash == r.hash);
        }
        expected_seq = r.seq + 1;
        prev.clear();
        prev.push_str(r.hash);
        good = Some(r.seq);
        true
    })?;
    part.last_good = good.map(|s| (s, prev));
    Ok(part)
}

/// Re-walks the chain from the first row and names the first row that was changed, removed,
/// inserted or reordered. With an anchor, also checks that the anchored row is still there,
/// unchanged, which catches a truncated tail. Keyed rows are checked with `key`; without it their
/// order and links are still checked, but the result is not ok: their contents could not be.
pub fn verify_with_key(
    c: &crate::store::Conn,
    anchor: Option<(i64, String)>,
    key: Option<&AuditKey>,
) -> Result<Verification> {
    verify_in_parts(c, anchor, key, None, &Quiet)
}

/// [`verify_with_key`], walking the log in `parts` parts (by default one per core for long logs,
/// else one).
fn verify_in_parts(
    c: &crate::store::Conn,
    anchor: Option<(i64, String)>,
    audit_key: Option<&AuditKey>,
    parts: Option<i64>,
    progress: &dyn Progress,
) -> Result<Verification> {
    // With the key, where the keyed rows start is what the configuration says, whatever the
    // database records; without it, the database's record is all there is to go by.
    let recorded = hmac_from(c)?;
    let hmac_from = match audit_key {
        Some(k) => Some(k.from_seq),
        None => recorded,
    };
    let key = audit_key.map(|k| k.key.as_slice());
    let wrong_key = match key {
        Some(k) => store::get_meta(c, META_KEY_ID)?.is_some_and(|id| id != key_id(k)),
        None => false,
    };
    // Long logs are walked in parts, on as many threads as there are cores (each part on its own
    // connection), then the parts are joined in order as one walk would have met them.
    let max_seq = store::audit::max_seq(c)?;
    progress.total(max_seq.max(0) as u64);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4)) as i64;
    let parts = match parts {
        Some(n) => n.max(1),
        None if max_seq >= PARALLEL_FROM_ROWS => threads,
        None => 1,
    };
    // More readers of the same log: another connection to the file, or on PostgreSQL sessions
    // that join this one's snapshot.
    let readers = if parts > 1 {
        store::audit::readers(c)?
    } else {
        None
    };
    let parts = match &readers {
        Some(_) => parts.min(max_seq.max(1)),
        None => 1,
    };
    let lo = |k: i64| 1 + k * max_seq / parts;
    let rules = PartRules {
        hmac_from,
        key,
        wrong_key,
        anchor: anchor.as_ref(),
        progress,
    };
    let walked: Vec<Part> = match &readers {
        Some(readers) if parts > 1 => std::thread::scope(|s| -> Result<Vec<Part>> {
            let handles: Vec<_> = (1..parts)
                .map(|k| {
                    let (from, to) = (lo(k), (k + 1 < parts).then(|| lo(k + 1)));
                    let rules = &rules;
                    s.spawn(move || -> Result<Part> {
                        let reader = readers.open()?;
                        walk_part(&reader, from, to, rules)
                    })
                })
                .collect();
            let mut out = vec![walk_part(c, 1, Some(lo(1)), &rules)?];
            for h in handles {
                out.push(h.join().map_err(|_| {
                    Error::invalid("a thread verifying part of the audit log failed")
                })??);
            }
            Ok(out)
        })?,
        _ => vec![walk_part(c, 1, None, &rules)?],
    };

    // Join the parts: each part's first row is checked against where the previous one ended.
    let mut expected_seq = 1i64;
    let mut prev = GENESIS.to_string();
    let mut rows = 0u64;
    let mut unchecked = 0u64;
    let mut bad: Option<(i64, String)> = None;
    let mut anchor_ok = anchor.as_ref().map(|_| false);
    let mut head: Option<(i64, String)> = None;
    for part in walked {
        let Some((first_seq, first_prev)) = &part.first else {
            continue;
        };
        if let Some(problem) = link_problem(expected_seq, &prev, *first_seq, first_prev) {
            rows += 1;
            bad = Some(problem);
            break;
        }
        rows += part.rows;
        unchecked += part.unchecked;
        if let (Some((aseq, _)), Some(seen)) = (&anchor, part.anchor) {
            let before_bad = part.bad.as_ref().is_none_or(|(b, _)| aseq < b);
            if before_bad {
                anchor_ok = Some(seen);
            }
        }
        if let Some(last) = part.last_good {
            expected_seq = last.0 + 1;
            prev = last.1.clone();
            head = Some(last);
        }
        if part.bad.is_some() {
            bad = part.bad;
            break;
        }
    }
    let last = head.as_ref().map(|h| h.0).unwrap_or(0);
    if bad.is_none()
        && audit_key.is_some()
        && let (Some(r), Some(from)) = (recorded, hmac_from)
        && r != from
    {
        bad = Some((
            r.min(from),
            format!(
                "the database says the keyed rows start at row {r}, but the audit key is configured from row {from} (`[audit] key_from_seq`): the database was changed, or the configuration is wrong"
            ),
        ));
    }
    if bad.is_none()
        && let Some(from) = hmac_from
        && from > last
        // A key configured from the next row, before any keyed row was written, is fine.
        && (recorded.is_some() || from > last + 1)
    {
        // The first keyed row was committed with the meta entry: it cannot be missing.
        bad = Some((
            last + 1,
            format!(
                "the log is keyed from row {from} but the chain ends at row {last}: rows were removed from the end"
            ),
        ));
    }
    let hmac_from = hmac_from.filter(|&f| f <= last);
    if bad.is_none()
        && let (Some((aseq, _)), Some(false)) = (&anchor, anchor_ok)
    {
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
    let problem = match (&bad, hmac_from) {
        (Some((_, p)), _) => Some(p.clone()),
        (None, Some(from)) if unchecked > 0 => Some(if from == last {
            format!(
                "row {from} is chained with HMAC-SHA256 and no audit key is configured: it could not be checked"
            )
        } else {
            format!(
                "rows {from} to {last} are chained with HMAC-SHA256 and no audit key is configured: they could not be checked"
            )
        }),
        _ => None,
    };
    Ok(Verification {
        ok: bad.is_none() && unchecked == 0,
        mode: match hmac_from {
            None => "sha256",
            Some(1) => "hmac-sha256",
            Some(_) => "sha256+hmac-sha256",
        }
        .into(),
        hmac_from_seq: hmac_from,
        rows,
        head_seq: head.as_ref().map(|h| h.0),
        head_hash: head.map(|h| h.1),
        first_bad_seq: bad.map(|b| b.0),
        problem,
        anchor_ok,
        state: None,
    })
}

/// The machine codes pim writes in `action` (docs/output.md lists them with what they record).
pub const ACTIONS: &[&str] = &[
    "activation.deactivate",
    "activation.expire",
    "activation.request",
    "assignment.create",
    "assignment.expire",
    "assignment.extend",
    "assignment.import",
    "assignment.remove",
    "assignment.renew",
    "assignment.update",
    "group.member.add",
    "group.member.remove",
    "group.offboard",
    "group.onboard",
    "mfa.confirm",
    "mfa.enroll",
    "mfa.lockout",
    "mfa.reset",
    "notification.deliver",
    "notification.digest",
    "pim.init",
    "principal.create",
    "principal.disable",
    "principal.enable",
    "principal.remove",
    "principal.update",
    "request.approve",
    "request.cancel",
    "request.deny",
    "request.extend",
    "request.fail",
    "request.renew",
    "request.timeout",
    "review.complete",
    "review.create",
    "review.decide",
    "role.create",
    "role.delete",
    "scope.create",
    "scope.remove",
    "settings.update",
    "ssh.sign",
    "sweep",
];

/// An `--action` filter must name a code pim writes, or a prefix of codes (`assignment`,
/// `group.member`): a typo would otherwise list nothing and look like an empty log.
fn check_action(c: &crate::store::Conn, action: &str) -> Result<()> {
    let a = action.trim();
    let known = |code: &str| code == a || code.strip_prefix(a).is_some_and(|r| r.starts_with('.'));
    if !a.is_empty() && (ACTIONS.iter().any(|c| known(c)) || store::audit::has_action(c, a)?) {
        return Ok(());
    }
    Err(Error::invalid_with_hint(
        format!("unknown audit action {}", super::schedule::quoted(action)),
        format!(
            "the actions are: {}; a prefix such as `assignment` takes every action under it",
            ACTIONS.join(", ")
        ),
    ))
}

/// Filters of `pim audit list`, as typed.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ListInput {
    pub since: Option<Ts>,
    pub until: Option<Ts>,
    pub actor: Option<String>,
    pub principal: Option<String>,
    pub role: Option<String>,
    pub action: Option<String>,
    pub limit: Option<u64>,
}

/// The store filter for `input`, as `actor` may see it: audit readers see everything; everyone
/// else sees the rows they acted in or were the subject of ("My audit").
fn filter_for(
    c: &crate::store::Conn,
    actor: &Principal,
    grants: &super::authz::Grants,
    input: &ListInput,
) -> Result<store::audit::Filter> {
    use super::builtin::*;
    if let Some(a) = &input.action {
        check_action(c, a)?;
    }
    let action = input.action.as_ref().map(|a| a.trim().to_string());
    // A code with no code under it is matched exactly: the newest rows come straight off the
    // index, however many there are.
    let action_exact = match &action {
        Some(a) => !store::audit::has_action_under(c, a)?,
        None => false,
    };
    let mut f = store::audit::Filter {
        since: input.since,
        until: input.until,
        action,
        action_exact,
        ..Default::default()
    };
    if let Some(a) = &input.actor {
        f.actor_id = Some(super::names::principal_in_history(c, a)?.id);
    }
    if let Some(p) = &input.principal {
        f.principal_id = Some(super::names::principal_in_history(c, p)?.id);
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
    Ok(f)
}

/// Audit readers see everything; everyone else sees the rows they acted in or were the subject
/// of ("My audit"). Newest first; at most `limit` rows, and says whether there were more.
pub fn list(
    db: &mut store::Db,
    ctx: &super::session::Ctx,
    input: &ListInput,
) -> Result<Listing<AuditRecord>> {
    super::session::read(db, ctx, |c, actor, grants| {
        let mut f = filter_for(c, actor, grants, input)?;
        f.newest_first = true;
        f.limit = input.limit.map(|n| n.saturating_add(1));
        let mut items = store::audit::list(c, &f)?;
        let more = input.limit.is_some_and(|n| items.len() as u64 > n);
        if let Some(n) = input.limit {
            items.truncate(usize::try_from(n).unwrap_or(usize::MAX));
        }
        let narrowed = f.involving.is_some().then_some(Narrowed {
            showing: "your own history: the rows you acted in or that are about you".into(),
            needs: super::authz::DIRECTORY_READERS.into(),
        });
        Ok(Listing {
            items,
            narrowed,
            more,
        })
    })
}

/// Where `pim audit export` writes rows, one at a time.
pub trait ExportSink {
    /// Called once before the first row; `total` is the number of rows to come when it was asked for.
    fn start(&mut self, total: Option<u64>) -> Result<()>;
    fn row(&mut self, r: &AuditRecord) -> Result<()>;
}

/// Streams the rows `input` selects (as [`list`] would, "My audit" included) to `sink` in `seq`
/// order, from one read snapshot, holding one row in memory at a time. Returns the rows written.
pub fn export(
    db: &mut store::Db,
    ctx: &super::session::Ctx,
    input: &ListInput,
    count_first: bool,
    sink: &mut dyn ExportSink,
) -> Result<u64> {
    db.small_cache()?;
    super::session::read(db, ctx, |c, actor, grants| {
        let f = filter_for(c, actor, grants, input)?;
        let total = if count_first {
            Some(store::audit::count_matching(c, &f)?)
        } else {
            None
        };
        sink.start(total)?;
        let mut n = 0u64;
        store::audit::for_each(c, &f, |r| {
            n += 1;
            sink.row(&r)
        })?;
        Ok(n)
    })
}

pub(crate) fn require_reader(grants: &super::authz::Grants) -> Result<()> {
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
    progress: &dyn Progress,
) -> Result<Verification> {
    // The walk reads every row once: a large page cache would only cost memory.
    db.small_cache()?;
    super::session::read(db, ctx, |c, _, grants| {
        require_reader(grants)?;
        verify_in_parts(c, anchor, ctx.audit_key.as_ref(), None, progress)
    })
}

#[derive(Clone, Debug, Serialize, serde::Deserialize)]
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

#[cfg(test)]
mod tests {
    use super::super::principal::{self, NewPrincipal};
    use super::super::session::{Ctx, WriteOpts};
    use super::super::tests::{T0, ctx, sample};
    use super::*;
    use crate::store::{self, Db};

    /// A context whose key chains the log from row `from`.
    fn keyed_from(actor: &str, key: &[u8], from: i64) -> Ctx {
        Ctx {
            audit_key: Some(AuditKey {
                key: key.to_vec(),
                from_seq: from,
            }),
            ..ctx(actor, T0)
        }
    }

    fn key_from(key: &[u8], from: i64) -> AuditKey {
        AuditKey {
            key: key.to_vec(),
            from_seq: from,
        }
    }

    fn add(db: &mut Db, ctx: &Ctx, name: &str) -> Result<()> {
        let p = NewPrincipal {
            name: name.into(),
            kind: None,
            email: None,
            display_name: None,
            role_assignable: false,
            break_glass: false,
            object_id: None,
        };
        principal::add(db, ctx, &p, WriteOpts::default()).map(drop)
    }

    fn rows(db: &Db) -> Vec<AuditRecord> {
        store::audit::list(db.conn(), &store::audit::Filter::default()).unwrap()
    }

    /// A fixed row and its hashes: the canonical encoding must never change, or every stored
    /// chain stops verifying.
    fn fixed_record() -> AuditRecord {
        AuditRecord {
            seq: 7,
            at: 1_790_000_000,
            actor_name: "admin".into(),
            actor_id: Some("a-1".into()),
            os_user: "root".into(),
            action: "activation.request".into(),
            activity: "Add member to role completed (PIM activation)".into(),
            category: category::ROLE.into(),
            result: "success".into(),
            reason: None,
            principal_name: Some("bob".into()),
            principal_id: Some("p-1".into()),
            role_name: Some("Reader".into()),
            role_id: None,
            scope: Some("/subscriptions/s".into()),
            request_id: None,
            assignment_id: Some("x".into()),
            justification: Some("INC-1, \"quoted\"".into()),
            ticket_system: None,
            ticket_number: Some("".into()),
            start_at: Some(1_790_000_000),
            end_at: None,
            details: Some("{\"k\":1}".into()),
            prev_hash: GENESIS.into(),
            hash: String::new(),
            auth: None,
            auth_id: None,
        }
    }

    #[test]
    fn the_canonical_encoding_is_pinned() {
        let rec = fixed_record();
        assert_eq!(
            rec.compute_hash(),
            "2dfeb8bcf8d987edc03dae662f536cca0b9926819ef1340b702231165d377219"
        );
        assert_eq!(
            rec.compute_hmac(b"k1"),
            "e5d7419f7f952d1555ab76dcd90b1e3535bf27761525ee07e450b786d99e12d3"
        );
    }

    /// Rows that record how their actor was established hash as version 2 of the encoding:
    /// pinned, and different from the same row without it (version 1, pinned above).
    #[test]
    fn the_version_2_encoding_is_pinned() {
        let mut rec = fixed_record();
        rec.auth = Some("peer_uid".into());
        rec.auth_id = Some("1001".into());
        let v2 = rec.compute_hash();
        assert_eq!(
            v2,
            "91de87480aae007d84d2c8dcee68497b7009c92cd41b242f0b7143890c33cb14"
        );
        assert_ne!(v2, fixed_record().compute_hash());
        rec.auth_id = Some("1002".into());
        assert_ne!(rec.compute_hash(), v2, "auth_id is covered");
        rec.auth_id = Some("1001".into());
        rec.auth = Some("certificate".into());
        assert_ne!(rec.compute_hash(), v2, "auth is covered");
    }

    #[test]
    fn a_walk_in_parts_finds_what_one_walk_finds() {
        use super::super::init::{self, InitInput};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pim.db");
        let admin = ctx("admin", T0);
        let input = InitInput {
            admin: "admin".into(),
            email: None,
            sample: false,
        };
        let (mut db, _) = init::init(&path, &admin, &input).unwrap();
        for i in 0..40 {
            add(&mut db, &admin, &format!("user{i}")).unwrap();
        }
        let n = store::audit::max_seq(db.conn()).unwrap();
        assert!(n > 40);
        let same = |c: &crate::store::Conn, anchor: Option<(i64, String)>, why: &str| {
            let one = verify_in_parts(c, anchor.clone(), None, Some(1), &Quiet).unwrap();
            for parts in [2, 3, 4, 7] {
                let many = verify_in_parts(c, anchor.clone(), None, Some(parts), &Quiet).unwrap();
                assert_eq!(
                    format!("{one:?}"),
                    format!("{many:?}"),
                    "{why}, {parts} parts"
                );
            }
            one
        };
        let head = store::audit::head(db.conn()).unwrap().unwrap();
        assert!(same(db.conn(), None, "intact").ok);
        assert!(same(db.conn(), Some(head.clone()), "anchored").ok);
        db.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        // Every part boundary of 2, 3, 4 and 7 parts, and rows inside parts; each edit committed
        // to a copy, since the other parts are read through other connections.
        let mut edits: Vec<String> = (2..=n)
            .flat_map(|k| {
                [
                    format!("UPDATE audit SET justification = 'edited' WHERE seq = {k}"),
                    format!("DELETE FROM audit WHERE seq = {k}"),
                    format!("DELETE FROM audit WHERE seq IN ({k}, {})", k + 1),
                    format!("UPDATE audit SET prev_hash = 'x' WHERE seq = {k}"),
                ]
            })
            .collect();
        edits.push("UPDATE audit SET seq = 1000 WHERE seq = 20".into());
        for (i, sql) in edits.iter().enumerate() {
            let copy = dir.path().join(format!("copy{i}.db"));
            std::fs::copy(&path, &copy).unwrap();
            let db = crate::store::Db::open(&copy).unwrap();
            let c = db.conn();
            c.execute_batch(sql).unwrap();
            let v = same(c, Some(head.clone()), sql);
            assert!(!v.ok, "{sql}");
            drop(db);
            std::fs::remove_file(&copy).unwrap();
        }
    }

    /// On PostgreSQL every part is read through a binary `COPY` on a session of its own, all in
    /// the command's one snapshot (on SQLite in memory the walk is one part): the walk in parts
    /// finds what one walk finds, at the same row with the same message, on rows of every shape.
    #[test]
    fn a_walk_in_parts_finds_what_one_walk_finds_on_any_engine() {
        let mut db = store::testing::TestDb::new();
        let n = 2_500i64;
        let mut prev = GENESIS.to_string();
        let mut all: Vec<AuditRecord> = Vec::new();
        db.conn().execute_batch("BEGIN").unwrap();
        for i in 1..=n {
            let mut r = AuditRecord {
                seq: i,
                at: T0 + i,
                actor_id: (i % 3 != 0).then(|| format!("a-{i}")),
                actor_name: "admin".into(),
                os_user: "root".into(),
                action: "principal.create".into(),
                activity: format!("Add user {i}"),
                category: category::USER.into(),
                result: if i % 7 == 0 { "failure" } else { "success" }.into(),
                reason: (i % 7 == 0).then(|| "refused".into()),
                principal_id: Some(format!("p-{i}")),
                principal_name: Some(format!("用户-{i} ünïcode")),
                role_id: None,
                role_name: (i % 2 == 0).then(String::new),
                scope: Some("/".into()),
                request_id: None,
                assignment_id: None,
                justification: (i % 5 == 0).then(|| format!("INC-{i}, \"quoted\"\nsecond line")),
                ticket_system: None,
                ticket_number: Some(String::new()),
                start_at: (i % 4 == 0).then_some(T0),
                end_at: (i % 4 == 1).then_some(-5),
                details: Some(format!("{{\"n\":{i}}}")),
                prev_hash: prev.clone(),
                hash: String::new(),
                auth: (i > n / 2).then(|| "local".into()),
                auth_id: (i > n / 2 && i % 2 == 0).then(|| "1000".into()),
            };
            r.hash = r.compute_hash();
            prev = r.hash.clone();
            store::audit::insert(db.conn(), &r).unwrap();
            all.push(r);
        }
        db.conn().execute_batch("COMMIT").unwrap();
        let same = |db: &mut Db, anchor: Option<(i64, String)>, why: &str| {
            let tx = db.read().unwrap();
            let one = verify_in_parts(&tx, anchor.clone(), None, Some(1), &Quiet).unwrap();
            for parts in [2, 3, 4, 7] {
                let many = verify_in_parts(&tx, anchor.clone(), None, Some(parts), &Quiet).unwrap();
                assert_eq!(
                    format!("{one:?}"),
                    format!("{many:?}"),
                    "{why}, {parts} parts"
                );
            }
            tx.commit().unwrap();
            one
        };
        if db.conn().is_postgres() {
            // The parts are really read on sessions of their own.
            let tx = db.read().unwrap();
            assert!(store::audit::readers(&tx).unwrap().is_some());
        }
        let head = (n, all.last().unwrap().hash.clone());
        let v = same(&mut db, Some(head.clone()), "intact");
        assert!(v.ok, "{v:?}");
        assert_eq!((v.rows, v.head_seq), (n as u64, Some(n)));
        // Part boundaries of 2 and 3 parts, the rows either side, the second row and the last.
        let mut at: Vec<i64> = vec![2, n - 1];
        for parts in [2, 3] {
            for k in 1..parts {
                let lo = 1 + k * n / parts;
                at.extend([lo - 1, lo, lo + 1]);
            }
        }
        for k in at {
            for (edit, bad_at) in [
                (
                    format!("UPDATE audit SET justification = 'edited' WHERE seq = {k}"),
                    k,
                ),
                (format!("DELETE FROM audit WHERE seq = {k}"), k),
                (
                    format!("DELETE FROM audit WHERE seq IN ({k}, {})", k + 1),
                    k,
                ),
                (
                    format!("UPDATE audit SET prev_hash = 'x' WHERE seq = {k}"),
                    k,
                ),
            ] {
                db.conn().execute_batch(&edit).unwrap();
                let v = same(&mut db, Some(head.clone()), &edit);
                assert!(!v.ok, "{edit}");
                assert_eq!(v.first_bad_seq, Some(bad_at), "{edit}: {v:?}");
                db.conn()
                    .execute_batch(&format!("DELETE FROM audit WHERE seq IN ({k}, {})", k + 1))
                    .unwrap();
                for r in &all[(k - 1) as usize..=(k as usize).min(all.len() - 1)] {
                    store::audit::insert(db.conn(), r).unwrap();
                }
            }
        }
        assert!(same(&mut db, Some(head), "restored").ok);
    }

    #[test]
    fn hmac_is_rfc_2104_hmac_sha256() {
        // The well-known HMAC-SHA256 test vector.
        let mut m = hmac_sha256(b"key");
        m.update(b"The quick brown fox jumps over the lazy dog");
        assert_eq!(
            hex::encode(m.finalize().into_bytes()),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }

    #[test]
    fn the_keyed_hash_depends_on_the_key_and_the_row() {
        let db = sample();
        let rec = rows(&db).pop().unwrap();
        let h = rec.compute_hmac(b"k1");
        assert_eq!(h.len(), 64);
        assert_eq!(h, rec.compute_hmac(b"k1"), "deterministic");
        assert_ne!(h, rec.compute_hmac(b"k2"));
        assert_ne!(h, rec.compute_hash(), "not the plain hash");
        assert_eq!(rec.expected_hash(None), rec.compute_hash());
        assert_eq!(rec.expected_hash(Some(b"k1")), h);
        let mut changed = rec.clone();
        changed.justification = Some("edited".into());
        assert_ne!(changed.compute_hmac(b"k1"), h);
        let mut relinked = rec.clone();
        relinked.prev_hash = GENESIS.into();
        assert_ne!(relinked.compute_hmac(b"k1"), h);
        assert_ne!(key_id(b"k1"), key_id(b"k2"));
        assert_eq!(key_id(b"k1").len(), 16);
    }

    #[test]
    fn a_plain_chain_becomes_keyed_and_stays_keyed() {
        let mut db = sample();
        let plain = rows(&db).len() as i64;
        let key = b"0123456789abcdef".as_slice();
        let k = key_from(key, plain + 1);
        // A key configured over the whole log of an existing plain database is refused: the
        // configuration must say where it starts.
        let e = add(&mut db, &keyed_from("admin", key, 1), "zed").unwrap_err();
        assert!(
            e.to_string().contains("not chained with the audit key"),
            "{e}"
        );
        assert!(e.hints()[0].contains(&format!("key_from_seq = {}", plain + 1)));
        add(&mut db, &keyed_from("admin", key, plain + 1), "zed").unwrap();
        let c = db.conn();
        assert_eq!(hmac_from(c).unwrap(), Some(plain + 1));
        assert_eq!(store::get_meta(c, META_KEY_ID).unwrap(), Some(key_id(key)));
        let all = rows(&db);
        let last = all.last().unwrap();
        assert_eq!(last.hash, last.compute_hmac(key));
        assert!(
            all[..plain as usize]
                .iter()
                .all(|r| r.hash == r.compute_hash())
        );

        let v = verify_with_key(db.conn(), None, Some(&k)).unwrap();
        assert!(v.ok, "{v:?}");
        assert_eq!(v.mode, "sha256+hmac-sha256");
        assert_eq!(v.hmac_from_seq, Some(plain + 1));

        // Without the key: the plain rows check, the keyed one cannot be.
        let v = verify(db.conn(), None).unwrap();
        assert!(!v.ok);
        assert_eq!(v.first_bad_seq, None);
        assert!(v.problem.unwrap().contains("could not be checked"));

        // With another key: named at the first keyed row.
        let v =
            verify_with_key(db.conn(), None, Some(&key_from(b"another key", plain + 1))).unwrap();
        assert_eq!(v.first_bad_seq, Some(plain + 1));
        assert!(v.problem.unwrap().contains("not the one"));

        // Writing on without the key, or with another one, is refused and writes nothing.
        let before = rows(&db).len();
        let e = add(&mut db, &ctx("admin", T0), "yan").unwrap_err();
        assert!(e.to_string().contains("no audit key"), "{e}");
        let e = add(
            &mut db,
            &keyed_from("admin", b"another key", plain + 1),
            "yan",
        )
        .unwrap_err();
        assert!(e.to_string().contains("does not hold the key"), "{e}");
        assert_eq!(rows(&db).len(), before);

        // With the key, writes go on, keyed, and the switch point does not move.
        add(&mut db, &keyed_from("admin", key, plain + 1), "yan").unwrap();
        assert_eq!(hmac_from(db.conn()).unwrap(), Some(plain + 1));
        assert!(verify_with_key(db.conn(), None, Some(&k)).unwrap().ok);
    }

    #[test]
    fn a_keyed_row_rehashed_without_the_key_is_caught() {
        let mut db = sample();
        let key = b"secret".as_slice();
        let from = rows(&db).len() as i64 + 1;
        add(&mut db, &keyed_from("admin", key, from), "zed").unwrap();
        add(&mut db, &keyed_from("admin", key, from), "yan").unwrap();
        let all = rows(&db);
        let target = &all[all.len() - 2];
        let mut forged = target.clone();
        forged.justification = Some("nothing to see".into());
        forged.hash = forged.compute_hash();
        let c = db.conn();
        c.execute(
            "UPDATE audit SET justification = ?1, hash = ?2 WHERE seq = ?3",
            crate::params![forged.justification, forged.hash, forged.seq],
        )
        .unwrap();
        // Fix the next row's link too, as an attacker would; its HMAC then no longer matches.
        c.execute(
            "UPDATE audit SET prev_hash = ?1 WHERE seq = ?2",
            crate::params![forged.hash, forged.seq + 1],
        )
        .unwrap();
        let v = verify_with_key(c, None, Some(&key_from(key, from))).unwrap();
        assert!(!v.ok);
        assert_eq!(v.first_bad_seq, Some(forged.seq));
        assert!(v.problem.unwrap().contains("plain SHA-256"));
    }

    #[test]
    fn a_database_keyed_from_the_start() {
        let mut db = Db::in_memory().unwrap();
        let key = b"k".as_slice();
        super::super::init::init_in(
            &mut db,
            &keyed_from("admin", key, 1),
            &super::super::init::InitInput {
                admin: "admin".into(),
                email: None,
                sample: true,
            },
            ":memory:",
        )
        .unwrap();
        let v = verify_with_key(db.conn(), None, Some(&AuditKey::whole(key))).unwrap();
        assert!(v.ok, "{v:?}");
        assert_eq!((&*v.mode, v.hmac_from_seq), ("hmac-sha256", Some(1)));
        // Cutting off every keyed row is still seen: the meta entry says where they began.
        db.conn().execute("DELETE FROM audit", []).unwrap();
        let v = verify_with_key(db.conn(), None, Some(&AuditKey::whole(key))).unwrap();
        assert_eq!((v.ok, v.first_bad_seq), (false, Some(1)));
    }
}
