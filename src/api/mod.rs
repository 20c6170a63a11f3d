//! The contract between the command line and the rules: one request type per operation, the
//! value it answers with, and the wire form of errors. The in-process client and the server both
//! run a request through [`Op::run`], so a command behaves the same in either mode.
//!
//! An operation that can travel to a server also has a variant in [`Request`] (serde, JSON over
//! HTTP); one that cannot yet is refused by the remote client with a clear error.

pub mod error;
pub mod ops;

use serde::{Deserialize, Serialize};

use crate::core::Result;
use crate::core::session::Ctx;
use crate::core::wire::on_the_wire;
use crate::store::Db;

pub use error::{WireError, exit_code};
pub use ops::*;

/// One operation: what a command asks of the rules.
pub trait Op: Sized {
    /// What the operation answers with.
    type Output;
    /// The operation's name in logs and errors (`check`, `assign_create`, …).
    const NAME: &'static str;

    /// Runs the operation against the store as `ctx`'s actor. The only place an operation runs.
    fn run(self, db: &mut Db, ctx: &Ctx) -> Result<Self::Output>;

    /// The request as it travels to a server, or `None` for an operation that runs only
    /// in-process.
    fn into_request(self) -> Option<Request> {
        None
    }

    /// Runs the operation through a server: the request sent, the answer read back. An
    /// operation whose answer streams (an export) reads it as it comes.
    fn call_remote(self, remote: &mut crate::client::Remote) -> Result<Self::Output> {
        let req = self
            .into_request()
            .ok_or_else(|| local_only(&format!("`{}`", Self::NAME)))?;
        Self::decode(remote.send(&req)?)
    }

    /// The answer as a server sends it.
    fn encode(_output: Self::Output) -> Result<serde_json::Value> {
        Err(crate::core::Error::invalid(format!(
            "`{}` has no answer over the wire",
            Self::NAME
        )))
    }

    /// The answer as it came back from a server.
    fn decode(_value: serde_json::Value) -> Result<Self::Output> {
        Err(crate::core::Error::invalid(format!(
            "`{}` has no answer over the wire",
            Self::NAME
        )))
    }
}

/// Declares an operation that runs only in-process.
macro_rules! local_op {
    ($name:ident, $wire:literal => $out:ty, |$s:ident, $db:ident, $ctx:ident| $body:expr) => {
        impl $crate::api::Op for $name {
            type Output = $out;
            const NAME: &'static str = $wire;
            fn run(
                self,
                $db: &mut $crate::store::Db,
                $ctx: &$crate::core::session::Ctx,
            ) -> $crate::core::Result<$out> {
                let $s = self;
                $body
            }
        }
    };
}

/// Declares an operation that can also go through a server: it is a variant of [`Request`]
/// of the same name, and its answer travels as JSON.
macro_rules! remote_op {
    ($name:ident, $wire:literal => $out:ty, |$s:ident, $db:ident, $ctx:ident| $body:expr) => {
        impl $crate::api::Op for $name {
            type Output = $out;
            const NAME: &'static str = $wire;
            fn run(
                self,
                $db: &mut $crate::store::Db,
                $ctx: &$crate::core::session::Ctx,
            ) -> $crate::core::Result<$out> {
                let $s = self;
                $body
            }
            fn into_request(self) -> Option<$crate::api::Request> {
                Some($crate::api::Request::$name(self))
            }
            fn encode(out: $out) -> $crate::core::Result<serde_json::Value> {
                $crate::api::to_json(out)
            }
            fn decode(value: serde_json::Value) -> $crate::core::Result<$out> {
                serde_json::from_value(value).map_err(|e| {
                    $crate::core::Error::invalid(format!(
                        "the server's answer to `{}` is not understood: {e}",
                        $wire
                    ))
                })
            }
        }
    };
}
pub(crate) use {local_op, remote_op};

/// Lists the operations that travel to a server: the [`Request`] enum and its dispatch.
macro_rules! requests {
    ($($name:ident),* $(,)?) => {
        /// A request as it travels to a server: `{"op": "check", "args": {…}}`.
        #[derive(Serialize, Deserialize, Debug)]
        #[serde(tag = "op", content = "args", rename_all = "snake_case", deny_unknown_fields)]
        pub enum Request {
            $($name($name),)*
        }

        impl Request {
            /// The operation's name, for logs.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Request::$name(_) => <$name as Op>::NAME,)*
                }
            }

            /// Runs the request and gives its answer as JSON: what a server sends back.
            pub fn execute(self, db: &mut Db, ctx: &Ctx) -> Result<serde_json::Value> {
                match self {
                    $(Request::$name(op) => <$name as Op>::encode(op.run(db, ctx)?),)*
                }
            }
        }
    };
}

impl Request {
    /// Whether the request only reads (a server runs those side by side; writes take turns, so
    /// that none waits in SQLite's busy handler).
    pub fn reads_only(&self) -> bool {
        matches!(
            self,
            Request::Whoami(_)
                | Request::Complete(_)
                | Request::AuditStream(_)
                | Request::AssignStream(_)
                | Request::Check(_)
                | Request::CheckAction(_)
                | Request::Status(_)
                | Request::RequestList(_)
                | Request::RequestShow(_)
                | Request::RequestState(_)
                | Request::Requirements(_)
                | Request::Access(_)
                | Request::AuditList(_)
                | Request::AuditHead(_)
                | Request::AssignList(_)
                | Request::AssignShow(_)
                | Request::PrincipalList(_)
                | Request::PrincipalShow(_)
                | Request::PrincipalLookup(_)
                | Request::RoleList(_)
                | Request::RoleShow(_)
                | Request::ScopeList(_)
                | Request::GroupList(_)
                | Request::MemberList(_)
                | Request::MfaStatus(_)
                | Request::MfaResetTarget(_)
                | Request::ReviewList(_)
                | Request::ReviewShow(_)
                | Request::ReviewUndecided(_)
                | Request::Alerts(_)
                | Request::ScopeByName(_)
                | Request::SettingsShow(_)
                | Request::SettingsExport(_)
                | Request::SettingsExportPolicy(_)
                | Request::AuditVerify(_)
                | Request::NotifyList(_)
                | Request::AssignExportSchedules(_)
                | Request::ProvisionBindings(_)
                | Request::ProvisionStatus(_)
                // These call targets, which may take their time: they do not hold the server's
                // turn to write while they do (their own short writes wait in SQLite's busy
                // handler instead).
                | Request::ProvisionRun(_)
                | Request::ProvisionReconcile(_)
        )
    }
}

/// Reads an answer back.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    name: &str,
    v: serde_json::Value,
) -> Result<T> {
    serde_json::from_value(v).map_err(|e| {
        crate::core::Error::invalid(format!(
            "the server's answer to `{name}` is not understood: {e}"
        ))
    })
}

/// Encodes an answer for the wire: fields the `-o json` contract leaves out but the command line
/// needs to print what it prints locally (see [`crate::core::wire`]) go along.
pub(crate) fn to_json<T: Serialize>(v: T) -> Result<serde_json::Value> {
    on_the_wire(|| serde_json::to_value(v))
        .map_err(|e| crate::core::Error::invalid(format!("cannot encode the answer: {e}")))
}

/// Encodes a line of a streamed answer, as [`to_json`] does.
pub(crate) fn to_line<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    on_the_wire(|| serde_json::to_vec(v))
        .map_err(|e| crate::core::Error::invalid(format!("cannot encode the answer: {e}")))
}

requests! {
    Whoami,
    Complete,
    AuditStream,
    AssignStream,
    Check,
    CheckAction,
    Status,
    Sweep,
    PrincipalBind,
    Activate,
    Decide,
    RequestList,
    RequestShow,
    RequestState,
    ActivateSet,
    Requirements,
    Deactivate,
    Access,
    AuditList,
    AuditHead,
    AssignCreate,
    AssignList,
    AssignShow,
    AssignUpdate,
    AssignExtend,
    AssignRenew,
    AssignRemove,
    PrincipalAdd,
    PrincipalList,
    PrincipalShow,
    PrincipalLookup,
    PrincipalEnable,
    PrincipalRemove,
    PrincipalUpdate,
    RoleList,
    RoleShow,
    RoleCreate,
    RoleDelete,
    ScopeAdd,
    ScopeList,
    ScopeRemove,
    GroupOnboard,
    GroupOffboard,
    GroupList,
    MemberAdd,
    MemberRemove,
    MemberList,
    MfaStatus,
    MfaEnroll,
    MfaConfirm,
    MfaResetTarget,
    MfaReset,
    ReviewCreate,
    ReviewList,
    ReviewShow,
    ReviewDecide,
    ReviewUndecided,
    ReviewComplete,
    SelfService,
    RequestCancel,
    Alerts,
    ScopeByName,
    SettingsShow,
    SettingsSet,
    SettingsExport,
    SettingsExportPolicy,
    SettingsImport,
    SettingsImportPolicy,
    AuditVerify,
    NotifyList,
    NotifyDigest,
    AssignExportSchedules,
    AssignImportSchedules,
    AssignImportHead,
    ProvisionBind,
    ProvisionUnbind,
    ProvisionBindings,
    ProvisionStatus,
    ProvisionRun,
    ProvisionReconcile,
    SshSign,
}
