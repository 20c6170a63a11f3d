//! The operations, one per command (and per step of an interactive command). Each carries what
//! the command asked for, owned, and runs the one core function that decides it.

use serde::{Deserialize, Serialize};

use super::{local_op, remote_op};
use crate::core::clock::Ts;
use crate::core::model::{PrincipalKind, RoleKind};
use crate::core::session::{self, Auth, WriteOpts};
use crate::core::{self as c, Error};

// --- who am I -------------------------------------------------------------------------------

/// `pim whoami`: who the store (or the server) takes the caller for, and how it knows.
#[derive(Serialize, Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct Whoami {}

/// The answer to [`Whoami`].
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub principal: String,
    pub principal_id: String,
    /// `embedded` (this process opened the store) or `server`.
    pub mode: String,
    /// How the caller was named: `local` (self-asserted), `peer_uid`, `certificate`.
    pub method: String,
    /// The uid or the certificate's SHA-256 fingerprint.
    pub subject: Option<String>,
    /// The uid's login name on the server host, when it has one.
    pub login: Option<String>,
}

remote_op!(Whoami, "whoami" => Identity, |_s, db, ctx| {
    let p = session::read(db, ctx, |_, actor, _| Ok(actor.clone()))?;
    Ok(Identity {
        principal: p.name,
        principal_id: p.id,
        mode: if ctx.auth == Auth::Local { "embedded" } else { "server" }.into(),
        method: ctx.auth.method().into(),
        subject: ctx.auth.subject(),
        // The server records a uid without a login name as `uid N`.
        login: match ctx.auth {
            Auth::PeerUid { uid } if ctx.os_user != format!("uid {uid}") => {
                Some(ctx.os_user.clone())
            }
            _ => None,
        },
    })
});

// --- decisions and views ---------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub principal: String,
    pub role: String,
    pub scope: Option<String>,
}
remote_op!(Check, "check" => c::status::Check, |s, db, ctx| {
    c::status::check(db, ctx, &s.principal, &s.role, s.scope.as_deref())
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct CheckAction {
    pub principal: String,
    pub action: String,
    pub scope: Option<String>,
}
remote_op!(CheckAction, "check_action" => c::status::ActionCheck, |s, db, ctx| {
    c::status::check_action(db, ctx, &s.principal, &s.action, s.scope.as_deref())
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Status {
    pub principal: Option<String>,
}
remote_op!(Status, "status" => c::status::Status, |s, db, ctx| {
    c::status::status(db, ctx, s.principal.as_deref())
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Access {
    pub principal: String,
    pub at: Option<Ts>,
}
remote_op!(Access, "access" => c::status::Access, |s, db, ctx| {
    c::status::access(db, ctx, &s.principal, s.at)
});

#[derive(Serialize, Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct Sweep {}
remote_op!(Sweep, "sweep" => c::expiry::SweepReport, |_s, db, ctx| c::expiry::sweep(db, ctx));

/// `pim alerts`, with the thresholds of the caller's `[alerts]` config.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Alerts {
    pub config: c::alerts::AlertConfig,
}
remote_op!(Alerts, "alerts" => Vec<c::alerts::Alert>, |s, db, ctx| {
    c::alerts::alerts(db, ctx, &s.config)
});

// --- roles, scopes, groups, principals ---------------------------------------------------------

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RoleList {
    pub kind: Option<RoleKind>,
    pub privileged: bool,
}
remote_op!(RoleList, "role_list" => Vec<c::model::Role>, |s, db, ctx| {
    c::role::list(db, ctx, s.kind, s.privileged)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RoleShow {
    pub name: String,
}
remote_op!(RoleShow, "role_show" => c::model::Role, |s, db, ctx| c::role::show(db, ctx, &s.name));

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RoleCreate {
    pub name: String,
    pub kind: RoleKind,
    pub permissions: Vec<String>,
    pub description: Option<String>,
}
remote_op!(RoleCreate, "role_create" => c::model::Role, |s, db, ctx| {
    c::role::create(db, ctx, &s.name, s.kind, &s.permissions, s.description.as_deref())
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RoleDelete {
    pub name: String,
}
remote_op!(RoleDelete, "role_delete" => c::model::Role, |s, db, ctx| {
    c::role::delete(db, ctx, &s.name)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ScopeAdd {
    pub path: String,
    pub name: Option<String>,
    pub parent: Option<String>,
}
remote_op!(ScopeAdd, "scope_add" => c::model::Scope, |s, db, ctx| {
    c::scope::add(db, ctx, &s.path, s.name.as_deref(), s.parent.as_deref())
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ScopeList {}
remote_op!(ScopeList, "scope_list" => Vec<c::model::Scope>, |_s, db, ctx| c::scope::list(db, ctx));

/// The scope a display name stands for (an activation set names scopes so).
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ScopeByName {
    pub name: String,
}
remote_op!(ScopeByName, "scope_by_name" => c::model::Scope, |s, db, ctx| {
    c::scope::by_display_name(db, ctx, &s.name)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ScopeRemove {
    pub path: String,
}
remote_op!(ScopeRemove, "scope_remove" => c::model::Scope, |s, db, ctx| {
    c::scope::remove(db, ctx, &s.path)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct GroupOnboard {
    pub group: String,
    pub dry_run: bool,
}
remote_op!(GroupOnboard, "group_onboard" => (c::group::OnboardedGroup, bool), |s, db, ctx| {
    c::group::onboard(db, ctx, &s.group, WriteOpts { dry_run: s.dry_run })
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct GroupOffboard {
    pub group: String,
    pub dry_run: bool,
}
remote_op!(GroupOffboard, "group_offboard" => c::group::OnboardedGroup, |s, db, ctx| {
    c::group::offboard(db, ctx, &s.group, WriteOpts { dry_run: s.dry_run })
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct GroupList {}
remote_op!(GroupList, "group_list" => Vec<c::group::OnboardedGroup>, |_s, db, ctx| {
    c::group::onboarded(db, ctx)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MemberAdd {
    pub group: String,
    pub member: String,
}
remote_op!(MemberAdd, "member_add" => bool, |s, db, ctx| {
    c::group::add_member(db, ctx, &s.group, &s.member)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MemberRemove {
    pub group: String,
    pub member: String,
}
remote_op!(MemberRemove, "member_remove" => bool, |s, db, ctx| {
    c::group::remove_member(db, ctx, &s.group, &s.member)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MemberList {
    pub group: String,
}
remote_op!(MemberList, "member_list" => Vec<c::model::Membership>, |s, db, ctx| {
    c::group::members(db, ctx, &s.group)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PrincipalAdd {
    pub principal: c::principal::NewPrincipal,
}
remote_op!(PrincipalAdd, "principal_add" => c::model::Principal, |s, db, ctx| {
    c::principal::add(db, ctx, &s.principal, WriteOpts::default())
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PrincipalList {
    pub kind: Option<PrincipalKind>,
}
remote_op!(PrincipalList, "principal_list" => Vec<c::model::Principal>, |s, db, ctx| {
    c::principal::list(db, ctx, s.kind)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PrincipalShow {
    pub name: String,
}
remote_op!(PrincipalShow, "principal_show" => c::principal::PrincipalDetail, |s, db, ctx| {
    c::principal::show(db, ctx, &s.name)
});

/// The principal a name stands for, as the caller may see it (to confirm before a removal).
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PrincipalLookup {
    pub name: String,
}
remote_op!(PrincipalLookup, "principal_lookup" => c::model::Principal, |s, db, ctx| {
    session::read(db, ctx, |conn, _, _| c::names::principal(conn, &s.name))
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PrincipalUpdate {
    pub name: String,
    pub update: c::principal::PrincipalUpdate,
    pub dry_run: bool,
}
remote_op!(PrincipalUpdate, "principal_update" => (c::model::Principal, bool), |s, db, ctx| {
    c::principal::update(db, ctx, &s.name, &s.update, WriteOpts { dry_run: s.dry_run })
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PrincipalBind {
    pub name: String,
    pub bind: c::binding::BindInput,
    pub dry_run: bool,
}
remote_op!(PrincipalBind, "principal_bind" => c::binding::Bindings, |s, db, ctx| {
    c::binding::bind(db, ctx, &s.name, &s.bind, WriteOpts { dry_run: s.dry_run })
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PrincipalEnable {
    pub name: String,
    pub enabled: bool,
}
remote_op!(PrincipalEnable, "principal_enable" => (c::model::Principal, bool), |s, db, ctx| {
    c::principal::set_enabled(db, ctx, &s.name, s.enabled)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PrincipalRemove {
    pub name: String,
    pub force: bool,
}
remote_op!(PrincipalRemove, "principal_remove" => c::principal::Removal, |s, db, ctx| {
    c::principal::remove(db, ctx, &s.name, s.force)
});

// --- assignments -------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AssignCreate {
    pub input: c::assign::AssignInput,
    /// The acting administrator's one-time code (`--otp`), checked where the server keeps the
    /// enrolment: the secret never leaves it.
    #[serde(default)]
    pub otp: Option<String>,
    pub dry_run: bool,
}
remote_op!(AssignCreate, "assign_create" => c::model::AssignmentView, |s, db, ctx| {
    c::assign::create(db, ctx, &s.input, s.otp.as_deref(), WriteOpts { dry_run: s.dry_run })
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AssignList {
    pub input: c::assign::ListInput,
}
remote_op!(AssignList, "assign_list" => c::authz::Listing<c::model::AssignmentView>, |s, db, ctx| {
    c::assign::list(db, ctx, &s.input)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AssignShow {
    pub id: String,
}
remote_op!(AssignShow, "assign_show" => c::model::AssignmentView, |s, db, ctx| {
    c::assign::show(db, ctx, &s.id)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AssignUpdate {
    pub id: String,
    pub input: c::assign::UpdateInput,
    /// The acting administrator's one-time code (`--otp`), checked where the server keeps the
    /// enrolment: the secret never leaves it.
    #[serde(default)]
    pub otp: Option<String>,
    pub dry_run: bool,
}
remote_op!(AssignUpdate, "assign_update" => c::model::AssignmentView, |s, db, ctx| {
    c::assign::update(db, ctx, &s.id, &s.input, s.otp.as_deref(), WriteOpts { dry_run: s.dry_run })
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AssignExtend {
    pub id: String,
    pub end: c::schedule::EndSpec,
    pub justification: Option<String>,
    /// The acting administrator's one-time code (`--otp`), checked where the server keeps the
    /// enrolment: the secret never leaves it.
    #[serde(default)]
    pub otp: Option<String>,
    pub dry_run: bool,
}
remote_op!(AssignExtend, "assign_extend" => c::model::AssignmentView, |s, db, ctx| {
    c::assign::extend(db, ctx, &s.id, s.end, s.justification.as_deref(), s.otp.as_deref(), WriteOpts { dry_run: s.dry_run })
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AssignRenew {
    pub id: String,
    pub start: Option<Ts>,
    pub end: c::schedule::EndSpec,
    pub justification: Option<String>,
    /// The acting administrator's one-time code (`--otp`), checked where the server keeps the
    /// enrolment: the secret never leaves it.
    #[serde(default)]
    pub otp: Option<String>,
    pub dry_run: bool,
}
remote_op!(AssignRenew, "assign_renew" => c::model::AssignmentView, |s, db, ctx| {
    c::assign::renew(
        db,
        ctx,
        &s.id,
        s.start,
        s.end,
        s.justification.as_deref(),
        s.otp.as_deref(),
        WriteOpts { dry_run: s.dry_run },
    )
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AssignRemove {
    pub id: String,
    pub dry_run: bool,
}
remote_op!(AssignRemove, "assign_remove" => c::model::AssignmentView, |s, db, ctx| {
    c::assign::remove(db, ctx, &s.id, WriteOpts { dry_run: s.dry_run })
});

/// `pim assign export --format graph|arm`: the assignments as Microsoft's schedules.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AssignExportSchedules {
    pub filter: c::assign::ListInput,
    pub shape: c::msformat::schedules::Shape,
}
remote_op!(AssignExportSchedules, "assign_export_schedules" => c::msformat::schedules::Exported, |s, db, ctx| {
    c::msformat::schedules::export(db, ctx, &s.filter, s.shape)
});

/// Where `pim assign export` writes, one row or item at a time.
pub trait AssignExportSink {
    /// A row `pim assign list` lists (the CSV): the direct ones in the list's order; with a
    /// scope, the inherited ones too.
    fn row(&mut self, v: &c::model::AssignmentView) -> c::Result<()>;
    /// One item of a Graph or ARM document's `value`, in order.
    fn item(&mut self, item: &serde_json::Value) -> c::Result<()>;
}

/// `pim assign export`, every format: streamed from the store into `sink`, so that memory stays
/// flat however many assignments there are.
pub struct AssignExport<'a> {
    pub filter: c::assign::ListInput,
    /// `None` for the rows (CSV); else the schedules of this shape.
    pub shape: Option<c::msformat::schedules::Shape>,
    pub sink: &'a mut dyn AssignExportSink,
}

/// What an export left out: assignments of the other shape's roles (Graph, ARM), and whether
/// authorization narrowed the rows.
pub struct AssignExported {
    pub left_out: usize,
    pub narrowed: Option<c::authz::Narrowed>,
}

impl super::Op for AssignExport<'_> {
    type Output = AssignExported;
    const NAME: &'static str = "assign_export";
    fn run(self, db: &mut crate::store::Db, ctx: &session::Ctx) -> c::Result<AssignExported> {
        let sink = self.sink;
        match self.shape {
            None => {
                let narrowed =
                    c::assign::export_each(db, ctx, &self.filter, &mut |_, v| sink.row(&v))?;
                Ok(AssignExported {
                    left_out: 0,
                    narrowed,
                })
            }
            Some(shape) => {
                let (left_out, narrowed) =
                    c::msformat::schedules::export_each(db, ctx, &self.filter, shape, &mut |i| {
                        sink.item(&i)
                    })?;
                Ok(AssignExported { left_out, narrowed })
            }
        }
    }
    /// Through a server the rows stream (JSON Lines), each handed to the sink as it arrives:
    /// memory stays flat on both sides.
    fn call_remote(self, remote: &mut crate::client::Remote) -> c::Result<AssignExported> {
        let req = super::Request::AssignStream(AssignStream {
            filter: self.filter,
            shape: self.shape,
        });
        let sink = self.sink;
        let mut done = None;
        remote.stream(&req, &mut |line: &[u8]| {
            let item: AssignLine = serde_json::from_slice(line).map_err(|e| {
                Error::invalid(format!("the server's export is not understood: {e}"))
            })?;
            match item {
                AssignLine::Row(v) => sink.row(&v),
                AssignLine::Item(i) => sink.item(&i),
                AssignLine::End { left_out, narrowed } => {
                    done = Some(AssignExported { left_out, narrowed });
                    Ok(())
                }
                AssignLine::Error(w) => Err(w.into()),
            }
        })?;
        done.ok_or_else(|| {
            Error::invalid(
                "the server's export stopped before its end; nothing complete was written",
            )
        })
    }
}

/// `assign export` as it travels to a server; the answer is a stream of [`AssignLine`]s.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AssignStream {
    pub filter: c::assign::ListInput,
    pub shape: Option<c::msformat::schedules::Shape>,
}

/// One line of a streamed `assign export`.
#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum AssignLine {
    Row(Box<c::model::AssignmentView>),
    Item(serde_json::Value),
    End {
        left_out: usize,
        narrowed: Option<c::authz::Narrowed>,
    },
    Error(super::WireError),
}

impl super::Op for AssignStream {
    type Output = u64;
    const NAME: &'static str = "assign_export";
    /// Servers use [`AssignStream::run_into`].
    fn run(self, _db: &mut crate::store::Db, _ctx: &session::Ctx) -> c::Result<u64> {
        Err(Error::invalid("an export streams its rows"))
    }
}

impl AssignStream {
    /// Runs the export, handing each line (JSON, no newline) to `line`; a false return (the
    /// client went away) stops it. The rows or items sent.
    pub fn run_into(
        self,
        db: &mut crate::store::Db,
        ctx: &session::Ctx,
        line: &mut dyn FnMut(Vec<u8>) -> bool,
    ) -> u64 {
        struct Lines<'a> {
            line: &'a mut dyn FnMut(Vec<u8>) -> bool,
            sent: u64,
        }
        impl Lines<'_> {
            fn send(&mut self, l: &AssignLine) -> c::Result<()> {
                let bytes = super::to_line(l)?;
                if (self.line)(bytes) {
                    Ok(())
                } else {
                    Err(Error::invalid("the client went away"))
                }
            }
        }
        impl AssignExportSink for Lines<'_> {
            fn row(&mut self, v: &c::model::AssignmentView) -> c::Result<()> {
                self.sent += 1;
                self.send(&AssignLine::Row(Box::new(v.clone())))
            }
            fn item(&mut self, item: &serde_json::Value) -> c::Result<()> {
                self.sent += 1;
                self.send(&AssignLine::Item(item.clone()))
            }
        }
        let mut lines = Lines { line, sent: 0 };
        let op = AssignExport {
            filter: self.filter,
            shape: self.shape,
            sink: &mut lines,
        };
        match super::Op::run(op, db, ctx) {
            Ok(AssignExported { left_out, narrowed }) => {
                let _ = lines.send(&AssignLine::End { left_out, narrowed });
                lines.sent
            }
            Err(e) => {
                let _ = lines.send(&AssignLine::Error(super::WireError::from(&e)));
                0
            }
        }
    }
}

/// An export whose answer streams (JSON Lines), as a server runs it.
pub enum Streamed {
    Audit(AuditStream),
    Assign(AssignStream),
}

impl Streamed {
    /// The operation's name, for logs.
    pub fn name(&self) -> &'static str {
        match self {
            Streamed::Audit(_) => <AuditStream as super::Op>::NAME,
            Streamed::Assign(_) => <AssignStream as super::Op>::NAME,
        }
    }

    /// How a refusal travels as the stream's one line.
    pub fn refusal(&self) -> fn(super::WireError) -> Vec<u8> {
        match self {
            Streamed::Audit(_) => |w: super::WireError| -> Vec<u8> {
                serde_json::to_vec(&StreamLine::Error(w)).unwrap_or_default()
            },
            Streamed::Assign(_) => |w: super::WireError| -> Vec<u8> {
                serde_json::to_vec(&AssignLine::Error(w)).unwrap_or_default()
            },
        }
    }

    /// Runs it, handing each line to `line`: the rows sent.
    pub fn run_into(
        self,
        db: &mut crate::store::Db,
        ctx: &session::Ctx,
        line: &mut dyn FnMut(Vec<u8>) -> bool,
    ) -> u64 {
        match self {
            Streamed::Audit(s) => s.run_into(db, ctx, line),
            Streamed::Assign(s) => s.run_into(db, ctx, line),
        }
    }
}

/// `pim assign import FILE.json`: a Microsoft Graph or ARM document's text.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AssignImportSchedules {
    pub file: String,
    pub text: String,
    pub options: c::msformat::schedules::ImportOptions,
    pub dry_run: bool,
}
remote_op!(AssignImportSchedules, "assign_import_schedules" => c::msformat::schedules::ImportReport, |s, db, ctx| {
    c::msformat::schedules::import(db, ctx, &s.file, &s.text, &s.options, WriteOpts { dry_run: s.dry_run })
});

/// `pim assign import`: the rows, pulled one at a time as the client reads them (memory stays
/// flat whatever the file's size).
pub struct AssignImport<'a> {
    pub file: String,
    pub rows: &'a mut dyn Iterator<Item = c::assign::ImportRow>,
    /// The importer's one-time code, checked once for the whole file.
    pub otp: Option<String>,
    pub dry_run: bool,
}
impl std::fmt::Debug for AssignImport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssignImport")
            .field("file", &self.file)
            .field("dry_run", &self.dry_run)
            .finish_non_exhaustive()
    }
}
impl super::Op for AssignImport<'_> {
    type Output = c::assign::ImportReport;
    const NAME: &'static str = "assign_import";
    fn run(self, db: &mut crate::store::Db, ctx: &session::Ctx) -> c::Result<Self::Output> {
        c::assign::import(
            db,
            ctx,
            &self.file,
            self.rows,
            self.otp.as_deref(),
            WriteOpts {
                dry_run: self.dry_run,
            },
        )
    }
    /// Through a server the rows stream up as JSON lines after an [`AssignImportHead`], each
    /// read from the file as the server takes it: memory stays flat on both sides.
    fn call_remote(self, remote: &mut crate::client::Remote) -> c::Result<Self::Output> {
        let head = super::Request::AssignImportHead(AssignImportHead {
            file: self.file,
            otp: self.otp,
            dry_run: self.dry_run,
        });
        let mut lines = self.rows.map(|row| super::to_line(&row));
        super::from_json(Self::NAME, remote.upload(&head, &mut lines)?)
    }
}

/// The first line of an `assign import` as it travels to a server; the rows follow, one
/// [`c::assign::ImportRow`] a line.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AssignImportHead {
    pub file: String,
    /// The importer's one-time code, checked by the server against their enrolment.
    #[serde(default)]
    pub otp: Option<String>,
    pub dry_run: bool,
}

impl super::Op for AssignImportHead {
    type Output = c::assign::ImportReport;
    const NAME: &'static str = "assign_import";
    fn run(self, _db: &mut crate::store::Db, _ctx: &session::Ctx) -> c::Result<Self::Output> {
        Err(Error::invalid(
            "an import's rows follow its first line (Content-Type: application/x-ndjson)",
        ))
    }
}

impl AssignImportHead {
    /// Runs the import over the rows as they arrive; the answer as a server sends it.
    pub fn run_rows(
        self,
        db: &mut crate::store::Db,
        ctx: &session::Ctx,
        rows: &mut dyn Iterator<Item = c::assign::ImportRow>,
    ) -> c::Result<serde_json::Value> {
        let report = AssignImport {
            file: self.file,
            rows,
            otp: self.otp,
            dry_run: self.dry_run,
        };
        super::to_json(super::Op::run(report, db, ctx)?)
    }
}

// --- activation and self-service ---------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Activate {
    pub input: c::activate::ActivateInput,
    pub dry_run: bool,
}

/// An activation's result with the exit code it ends the command with, which its JSON (the
/// `-o json` contract) leaves out.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WithExit<T> {
    result: T,
    exit: u8,
}

impl super::Op for Activate {
    type Output = c::activate::ActivationResult;
    const NAME: &'static str = "activate";
    fn run(self, db: &mut crate::store::Db, ctx: &session::Ctx) -> c::Result<Self::Output> {
        c::activate::activate(db, ctx, &self.input, self.dry_run)
    }
    fn into_request(self) -> Option<super::Request> {
        Some(super::Request::Activate(self))
    }
    fn encode(out: Self::Output) -> c::Result<serde_json::Value> {
        let exit = out.exit;
        super::to_json(WithExit { result: out, exit })
    }
    fn decode(value: serde_json::Value) -> c::Result<Self::Output> {
        let w: WithExit<Self::Output> = super::from_json(Self::NAME, value)?;
        Ok(c::activate::ActivationResult {
            exit: w.exit,
            ..w.result
        })
    }
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ActivateSet {
    pub entries: Vec<c::activate::ActivateInput>,
    pub dry_run: bool,
}

impl super::Op for ActivateSet {
    type Output = Vec<c::activate::ActivationResult>;
    const NAME: &'static str = "activate_set";
    fn run(self, db: &mut crate::store::Db, ctx: &session::Ctx) -> c::Result<Self::Output> {
        c::activate::activate_set(db, ctx, &self.entries, self.dry_run, super::exit_code)
    }
    fn into_request(self) -> Option<super::Request> {
        Some(super::Request::ActivateSet(self))
    }
    fn encode(out: Self::Output) -> c::Result<serde_json::Value> {
        let items: Vec<WithExit<c::activate::ActivationResult>> = out
            .into_iter()
            .map(|r| WithExit {
                exit: r.exit,
                result: r,
            })
            .collect();
        super::to_json(items)
    }
    fn decode(value: serde_json::Value) -> c::Result<Self::Output> {
        let items: Vec<WithExit<c::activate::ActivationResult>> =
            super::from_json(Self::NAME, value)?;
        Ok(items
            .into_iter()
            .map(|w| c::activate::ActivationResult {
                exit: w.exit,
                ..w.result
            })
            .collect())
    }
}

/// What the settings of a role at a scope require of an activation (for the prompts).
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    pub role: String,
    pub scope: String,
}
remote_op!(Requirements, "requirements" => c::policy::ActivationSettings, |s, db, ctx| {
    c::activate::requirements(db, ctx, &s.role, &s.scope)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Deactivate {
    pub role: Option<String>,
    pub scope: Option<String>,
}
remote_op!(Deactivate, "deactivate" => Vec<c::activate::Deactivation>, |s, db, ctx| {
    c::activate::deactivate(db, ctx, s.role.as_deref(), s.scope.as_deref())
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct SelfService {
    pub input: c::activate::SelfServiceInput,
    pub renew: bool,
}
remote_op!(SelfService, "self_service" => c::activate::SelfServiceResult, |s, db, ctx| {
    c::activate::self_service(db, ctx, &s.input, s.renew)
});

// --- requests and approvals --------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Decide {
    pub id: String,
    pub decision: c::approve::Decision,
    pub justification: Option<String>,
    pub end: Option<Ts>,
    /// The approver's one-time code, when granting lengthens an active assignment whose
    /// settings require MFA on active assignment.
    #[serde(default)]
    pub otp: Option<String>,
    /// Check everything and keep nothing (a terminal's question whether a code is needed).
    #[serde(default)]
    pub dry_run: bool,
}
remote_op!(Decide, "decide" => c::approve::DecisionResult, |s, db, ctx| {
    c::approve::decide_with(
        db,
        ctx,
        &s.id,
        s.decision,
        s.justification.as_deref(),
        s.end,
        s.otp.as_deref(),
        WriteOpts { dry_run: s.dry_run },
    )
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RequestList {
    pub filter: c::approve::ListFilter,
}
remote_op!(RequestList, "request_list" => c::authz::Listing<c::approve::RequestView>, |s, db, ctx| {
    c::approve::list(db, ctx, s.filter)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RequestShow {
    pub id: String,
}
remote_op!(RequestShow, "request_show" => c::approve::RequestView, |s, db, ctx| {
    c::approve::show(db, ctx, &s.id)
});

/// Where a request stands now (for `activate --wait`).
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RequestState {
    pub id: String,
}
remote_op!(RequestState, "request_state" => Option<c::model::RequestStatus>, |s, db, ctx| {
    session::read(db, ctx, |_, _, _| Ok(()))?;
    c::approve::status_of(db, &s.id)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RequestCancel {
    pub id: String,
}
/// The request a cancel ended.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Canceled {
    pub id: String,
}
remote_op!(RequestCancel, "request_cancel" => Canceled, |s, db, ctx| {
    c::approve::cancel(db, ctx, &s.id).map(|r| Canceled { id: r.id })
});

// --- settings ----------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct SettingsShow {
    pub selector: c::settings::Selector,
}
remote_op!(SettingsShow, "settings_show" => c::settings::SettingsView, |s, db, ctx| {
    c::settings::show(db, ctx, &s.selector)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct SettingsSet {
    pub selector: c::settings::Selector,
    pub patch: c::settings::Patch,
    pub dry_run: bool,
}
remote_op!(SettingsSet, "settings_set" => c::settings::SetResult, |s, db, ctx| {
    c::settings::set(db, ctx, &s.selector, &s.patch, WriteOpts { dry_run: s.dry_run })
});

/// `pim settings export` as a settings file (TOML).
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct SettingsExport {
    pub selector: Option<c::settings::Selector>,
}
remote_op!(SettingsExport, "settings_export" => c::settings::Exported, |s, db, ctx| {
    c::settings::export(db, ctx, s.selector.as_ref())
});

/// `pim settings export --format graph|arm`.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct SettingsExportPolicy {
    pub selector: Option<c::settings::Selector>,
    pub format: c::msformat::policy::Format,
}
remote_op!(SettingsExportPolicy, "settings_export_policy" => c::msformat::settings::Exported, |s, db, ctx| {
    c::msformat::settings::export(db, ctx, s.selector.as_ref(), s.format)
});

/// `pim settings import FILE`: a settings file's text, read where it runs.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct SettingsImport {
    pub name: String,
    pub text: String,
    pub dry_run: bool,
}
remote_op!(SettingsImport, "settings_import" => Vec<c::settings::EntryResult>, |s, db, ctx| {
    let file = c::settings::SettingsFile::parse(&s.name, s.text)?;
    c::settings::import(db, ctx, &s.name, &file, WriteOpts { dry_run: s.dry_run })
});

/// `pim settings import FILE.json`: a Microsoft Graph or ARM policy document.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct SettingsImportPolicy {
    pub name: String,
    pub document: serde_json::Value,
    pub options: c::msformat::settings::ImportOptions,
    pub dry_run: bool,
}
remote_op!(SettingsImportPolicy, "settings_import_policy" => c::msformat::settings::ImportReport, |s, db, ctx| {
    c::msformat::settings::import(db, ctx, &s.name, &s.document, &s.options, WriteOpts { dry_run: s.dry_run })
});

// --- MFA ---------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MfaStatus {
    pub principal: Option<String>,
}
remote_op!(MfaStatus, "mfa_status" => c::mfa::MfaStatus, |s, db, ctx| {
    c::mfa::status(db, ctx, s.principal.as_deref())
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MfaEnroll {
    pub principal: Option<String>,
}
remote_op!(MfaEnroll, "mfa_enroll" => c::mfa::PendingEnrolment, |s, db, ctx| {
    c::mfa::enroll(db, ctx, s.principal.as_deref())
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MfaConfirm {
    pub principal: Option<String>,
    pub code: String,
}
remote_op!(MfaConfirm, "mfa_confirm" => c::mfa::Confirmation, |s, db, ctx| {
    c::mfa::confirm(db, ctx, s.principal.as_deref(), &s.code)
});

/// The principal whose MFA a reset would remove (to confirm first).
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MfaResetTarget {
    pub principal: String,
}
remote_op!(MfaResetTarget, "mfa_reset_target" => c::model::Principal, |s, db, ctx| {
    c::mfa::reset_target(db, ctx, &s.principal)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct MfaReset {
    pub principal: String,
}
remote_op!(MfaReset, "mfa_reset" => c::mfa::Reset, |s, db, ctx| {
    c::mfa::reset(db, ctx, &s.principal)
});

// --- audit -------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AuditList {
    pub input: c::audit::ListInput,
}
remote_op!(AuditList, "audit_list" => c::authz::Listing<c::audit::AuditRecord>, |s, db, ctx| {
    c::audit::list(db, ctx, &s.input)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AuditHead {}
remote_op!(AuditHead, "audit_head" => c::audit::Head, |_s, db, ctx| c::audit::head(db, ctx));

/// `pim audit verify`: the chain walked (against the anchor, if given) and, with `state`, the
/// state checked against the log, where the store and its audit key are. The answer's `ok` is
/// the chain's alone; `state.ok` the state check's.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AuditVerify {
    pub anchor: Option<(i64, String)>,
    pub state: bool,
}
remote_op!(AuditVerify, "audit_verify" => c::audit::Verification, |s, db, ctx| {
    verify(db, ctx, s.anchor, s.state, &c::audit::Quiet)
});

fn verify(
    db: &mut crate::store::Db,
    ctx: &session::Ctx,
    anchor: Option<(i64, String)>,
    state: bool,
    progress: &dyn c::audit::Progress,
) -> c::Result<c::audit::Verification> {
    let mut v = c::audit::verify_db(db, ctx, anchor, progress)?;
    if state {
        v.state = Some(c::explain::check_db(db, ctx)?);
    }
    Ok(v)
}

/// [`AuditVerify`] with a progress bar: in-process only; through a server the walk is not
/// watched.
pub struct AuditVerifyWatched<'a> {
    pub verify: AuditVerify,
    pub progress: &'a dyn c::audit::Progress,
}
impl super::Op for AuditVerifyWatched<'_> {
    type Output = c::audit::Verification;
    const NAME: &'static str = "audit_verify";
    fn run(self, db: &mut crate::store::Db, ctx: &session::Ctx) -> c::Result<Self::Output> {
        verify(
            db,
            ctx,
            self.verify.anchor,
            self.verify.state,
            self.progress,
        )
    }
    fn call_remote(self, remote: &mut crate::client::Remote) -> c::Result<Self::Output> {
        self.verify.call_remote(remote)
    }
}

/// `pim audit export`: rows streamed into `sink`, one at a time.
pub struct AuditExport<'a> {
    pub input: c::audit::ListInput,
    pub count_first: bool,
    pub sink: &'a mut dyn c::audit::ExportSink,
}
impl super::Op for AuditExport<'_> {
    type Output = u64;
    const NAME: &'static str = "audit_export";
    fn run(self, db: &mut crate::store::Db, ctx: &session::Ctx) -> c::Result<u64> {
        c::audit::export(db, ctx, &self.input, self.count_first, self.sink)
    }
    /// Through a server the rows stream (JSON Lines), each handed to the sink as it arrives:
    /// memory stays flat on both sides.
    fn call_remote(self, remote: &mut crate::client::Remote) -> c::Result<u64> {
        let req = super::Request::AuditStream(AuditStream {
            input: self.input,
            count_first: self.count_first,
        });
        let sink = self.sink;
        let mut rows = 0u64;
        let mut ended = false;
        remote.stream(&req, &mut |line: &[u8]| {
            let item: StreamLine = serde_json::from_slice(line).map_err(|e| {
                Error::invalid(format!("the server's export is not understood: {e}"))
            })?;
            match item {
                StreamLine::Start { total } => sink.start(total),
                StreamLine::Row(r) => {
                    rows += 1;
                    sink.row(&r)
                }
                StreamLine::End { rows: _ } => {
                    ended = true;
                    Ok(())
                }
                StreamLine::Error(w) => Err(w.into()),
            }
        })?;
        if !ended {
            return Err(Error::invalid(
                "the server's export stopped before its end; nothing complete was written",
            ));
        }
        Ok(rows)
    }
}

/// `audit export` as it travels to a server; the answer is a stream of [`StreamLine`]s.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct AuditStream {
    pub input: c::audit::ListInput,
    pub count_first: bool,
}

/// One line of a streamed export.
#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum StreamLine {
    Start { total: Option<u64> },
    Row(Box<c::audit::AuditRecord>),
    End { rows: u64 },
    Error(super::WireError),
}

impl super::Op for AuditStream {
    type Output = u64;
    const NAME: &'static str = "audit_export";
    /// Runs the export into `write_line`-less form: servers use [`AuditStream::run_into`].
    fn run(self, _db: &mut crate::store::Db, _ctx: &session::Ctx) -> c::Result<u64> {
        Err(Error::invalid("an export streams its rows"))
    }
}

impl AuditStream {
    /// Runs the export, handing each line (JSON, no newline) to `line`; a false return (the
    /// client went away) stops it.
    pub fn run_into(
        self,
        db: &mut crate::store::Db,
        ctx: &session::Ctx,
        line: &mut dyn FnMut(Vec<u8>) -> bool,
    ) -> u64 {
        struct Lines<'a>(&'a mut dyn FnMut(Vec<u8>) -> bool);
        impl Lines<'_> {
            fn send(&mut self, l: &StreamLine) -> c::Result<()> {
                let bytes = super::to_line(l)?;
                if (self.0)(bytes) {
                    Ok(())
                } else {
                    Err(Error::invalid("the client went away"))
                }
            }
        }
        impl c::audit::ExportSink for Lines<'_> {
            fn start(&mut self, total: Option<u64>) -> c::Result<()> {
                self.send(&StreamLine::Start { total })
            }
            fn row(&mut self, r: &c::audit::AuditRecord) -> c::Result<()> {
                self.send(&StreamLine::Row(Box::new(r.clone())))
            }
        }
        let mut lines = Lines(line);
        match c::audit::export(db, ctx, &self.input, self.count_first, &mut lines) {
            Ok(rows) => {
                let _ = lines.send(&StreamLine::End { rows });
                rows
            }
            Err(e) => {
                let _ = lines.send(&StreamLine::Error(super::WireError::from(&e)));
                0
            }
        }
    }
}

// --- reviews -----------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ReviewCreate {
    pub input: c::review::CreateInput,
}
remote_op!(ReviewCreate, "review_create" => c::review::ReviewView, |s, db, ctx| {
    c::review::create(db, ctx, &s.input)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ReviewList {}
remote_op!(ReviewList, "review_list" => Vec<c::review::ReviewView>, |_s, db, ctx| {
    c::review::list(db, ctx)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ReviewShow {
    pub id: String,
}
remote_op!(ReviewShow, "review_show" => c::review::ReviewView, |s, db, ctx| {
    c::review::show(db, ctx, &s.id)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ReviewDecide {
    pub id: String,
    pub principal: String,
    pub decision: String,
    pub justification: Option<String>,
}
remote_op!(ReviewDecide, "review_decide" => c::review::ItemView, |s, db, ctx| {
    c::review::decide(db, ctx, &s.id, &s.principal, &s.decision, s.justification.as_deref())
});

/// The items of a review that wait for the caller's decision (for the walk-through).
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ReviewUndecided {
    pub id: String,
}
remote_op!(ReviewUndecided, "review_undecided" => Vec<c::review::ItemView>, |s, db, ctx| {
    c::review::undecided_for_me(db, ctx, &s.id)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ReviewComplete {
    pub id: String,
    pub apply: bool,
}
remote_op!(ReviewComplete, "review_complete" => c::review::ReviewView, |s, db, ctx| {
    c::review::complete(db, ctx, &s.id, s.apply)
});

// --- notifications -----------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct NotifyList {
    pub filter: crate::store::outbox::Filter,
}
remote_op!(NotifyList, "notify_list" => c::authz::Listing<c::notify::NotificationView>, |s, db, ctx| {
    c::notify::list(db, ctx, s.filter)
});

/// Claims undelivered rows for a delivery run, at `now` (a run's clock moves on while it sends).
#[derive(Debug)]
pub struct NotifyClaim {
    pub token: String,
    pub limit: u64,
    pub lease_secs: i64,
    pub now: Ts,
}
local_op!(NotifyClaim, "notify_claim" => Vec<crate::store::outbox::OutboxRow>, |s, db, ctx| {
    let ctx = session::Ctx { now: s.now, ..ctx.clone() };
    c::notify::claim(db, &ctx, &s.token, s.limit, s.lease_secs)
});

/// Records how sending one claimed row went; false when the claim was lost to another run.
#[derive(Debug)]
pub struct NotifyRecord {
    pub now: Ts,
    pub row: crate::store::outbox::OutboxRow,
    pub token: String,
    pub attempt: c::notify::Attempt,
}
local_op!(NotifyRecord, "notify_record" => bool, |s, db, _ctx| {
    c::notify::record_attempt(db, s.now, &s.row, &s.token, &s.attempt)
});

/// `pim notifications digest`, with the thresholds of the caller's `[alerts]` config.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct NotifyDigest {
    pub since: Option<Ts>,
    pub alerts: c::alerts::AlertConfig,
}
remote_op!(NotifyDigest, "notify_digest" => c::notify::DigestReport, |s, db, ctx| {
    c::notify::digest(db, ctx, s.since, &s.alerts)
});

// --- provisioning ------------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ProvisionBind {
    pub spec: crate::provision::manage::BindingSpec,
    pub options: std::collections::BTreeMap<String, String>,
    pub dry_run: bool,
}
remote_op!(ProvisionBind, "provision_bind" => crate::provision::manage::BindingView, |s, db, ctx| {
    crate::provision::manage::bind(db, ctx, &s.spec, &s.options, WriteOpts { dry_run: s.dry_run })
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ProvisionUnbind {
    pub spec: crate::provision::manage::BindingSpec,
    pub dry_run: bool,
}
remote_op!(ProvisionUnbind, "provision_unbind" => crate::provision::manage::BindingView, |s, db, ctx| {
    crate::provision::manage::unbind(db, ctx, &s.spec, WriteOpts { dry_run: s.dry_run })
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ProvisionBindings {
    pub target: Option<String>,
}
remote_op!(ProvisionBindings, "provision_bindings" => Vec<crate::provision::manage::BindingView>, |s, db, ctx| {
    crate::provision::manage::bindings(db, ctx, s.target.as_deref())
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ProvisionStatus {
    pub filter: crate::store::provision::Filter,
}
remote_op!(ProvisionStatus, "provision_status" => c::authz::Listing<crate::provision::manage::ActionView>, |s, db, ctx| {
    crate::provision::manage::status(db, ctx, &s.filter)
});

/// `pim provision run`: carried out where the targets are configured (the server, through one).
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ProvisionRun {
    pub target: Option<String>,
}
remote_op!(ProvisionRun, "provision_run" => crate::provision::engine::RunReport, |s, db, ctx| {
    crate::provision::engine::run(db, ctx, s.target.as_deref(), false)
});

#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ProvisionReconcile {
    pub target: Option<String>,
    pub apply: bool,
}
remote_op!(ProvisionReconcile, "provision_reconcile" => crate::provision::manage::ReconcileReport, |s, db, ctx| {
    crate::provision::manage::reconcile(db, ctx, s.target.as_deref(), s.apply)
});

/// Refuses what only runs against a local database.
pub fn local_only(what: &str) -> Error {
    Error::invalid_with_hint(
        format!("{what} is not available through a server"),
        "run it on the server host against the database (--db), as the service account",
    )
}

/// What a command-line argument being completed names.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Names {
    Principals,
    Groups,
    Roles,
    Scopes,
    /// Waiting requests the caller may see (`pim request …`).
    Requests,
    /// Waiting requests the caller may decide now (`pim approve`, `pim deny`).
    ToDecide,
}

/// The names to offer when completing a command line (shell completion through a server):
/// (name, what it is), only what the caller may see or act on.
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct Complete {
    pub names: Names,
}
remote_op!(Complete, "complete" => Vec<(String, Option<String>)>, |s, db, ctx| {
    let requests = |to_decide: bool, db: &mut crate::store::Db| {
        let filter = c::approve::ListFilter {
            pending: true,
            mine: false,
            to_decide,
            limit: Some(100),
        };
        let listing = c::approve::list(db, ctx, filter)?;
        Ok(listing
            .items
            .into_iter()
            .map(|r| (r.id, Some(format!("{}: {}", r.principal, r.role))))
            .collect())
    };
    match s.names {
        Names::Requests => requests(false, db),
        Names::ToDecide => requests(true, db),
        names => session::read(db, ctx, |conn, _, _| {
            let plain = |v: Vec<String>| v.into_iter().map(|n| (n, None)).collect();
            Ok(match names {
                Names::Roles => plain(crate::store::role::all_names(conn)?),
                Names::Scopes => plain(crate::store::scope::all_paths(conn)?),
                _ => {
                    let kind = (names == Names::Groups).then_some("group");
                    crate::store::complete::principals(conn, kind)?
                        .into_iter()
                        .map(|(name, kind, display)| {
                            let help = match display {
                                Some(d) => format!("{kind}: {d}"),
                                None => kind,
                            };
                            (name, Some(help))
                        })
                        .collect()
                }
            })
        }),
    }
});

// --- OpenSSH certificates ------------------------------------------------------------------------

/// `pim ssh sign`: signed where the CA key is configured (the server, through one).
#[derive(Serialize, Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct SshSign {
    pub input: crate::provision::ssh_sign::SignInput,
}
remote_op!(SshSign, "ssh_sign" => crate::provision::ssh_sign::SshCertificate, |s, db, ctx| {
    crate::provision::ssh_sign::sign(db, ctx, &s.input)
});
