//! `pim provision bind|unbind|bindings|status|reconcile`: the bindings (audited changes, allowed
//! to whoever may change the role's settings at the scope), the queue as administrators see it,
//! and reconciliation against what the targets hold.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::connector::{Action, Held, Item};
use super::engine;
use crate::core::audit::{Entry, category};
use crate::core::authz;
use crate::core::clock::{Ts, serde_ts};
use crate::core::error::{Error, Result};
use crate::core::model::{Role, RoleKind, Scope};
use crate::core::names;
use crate::core::session::{self, Ctx, Op, WriteOpts};
use crate::store::provision::{self as sp, ActionRow, BindingRow};
use crate::store::{self, Conn, Db};

/// What `pim provision bind|unbind` names: a target, a role, and a scope (none: any scope).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindingSpec {
    pub target: String,
    pub role: String,
    pub scope: Option<String>,
}

/// A binding as shown (`pim provision bindings -o json`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BindingView {
    pub id: String,
    pub target: String,
    /// The target's kind in the config file; null when the config no longer defines it.
    pub kind: Option<String>,
    pub role: String,
    /// The scope the binding covers (and the scopes below it); null: any scope.
    pub scope: Option<String>,
    pub options: BTreeMap<String, String>,
    #[serde(with = "serde_ts")]
    pub created_at: Ts,
}

fn view(b: &BindingRow) -> BindingView {
    let targets = super::targets();
    BindingView {
        id: b.id.clone(),
        target: b.target.clone(),
        kind: targets
            .get(&b.target)
            .and_then(|t| t.get("kind"))
            .and_then(|k| k.as_str())
            .map(str::to_string),
        role: b.role.clone(),
        scope: b.scope.clone(),
        options: serde_json::from_str(&b.options).unwrap_or_default(),
        created_at: b.created_at,
    }
}

/// The role and scope a binding names, with what changing it needs checked.
fn resolve(op: &mut Op<'_>, spec: &BindingSpec) -> Result<(Role, Option<Scope>)> {
    let role = names::role(op.tx, &spec.role)?;
    op.failure.set_role(&role);
    // A target is the deployment's, not a scope's: binding one decides who gets access to a real
    // system, so it needs the directory's role administrators, whatever the role's scope. (An
    // Owner of one subscription, or a group's owner, could otherwise wire the config's `sudo`
    // target to a role they hand out themselves.)
    authz::require_directory_admin(&op.grants, "binding or unbinding a provisioning target")?;
    let scope = match &spec.scope {
        Some(s) => {
            let t = crate::core::settings::resolve(
                op.tx,
                &spec.role,
                Some(s.as_str()),
                Some(&mut *op.failure),
            )?;
            crate::core::settings::require_manage(op.tx, &op.grants, &t)?;
            Some(t.scope)
        }
        None => {
            // Any scope: what managing the role at the root needs (for an Azure role, Owner or
            // User Access Administrator at the root, or Global Administrator).
            let root = store::scope::by_path(op.tx, "/")?
                .ok_or_else(|| Error::invalid("the database has no root scope"))?;
            let ancestors = vec![root.id];
            if !authz::can_manage(&op.grants, &role, &ancestors) {
                let needs = match role.kind {
                    RoleKind::Azure => {
                        "an active Owner or User Access Administrator assignment at / or Global Administrator"
                    }
                    RoleKind::Group => {
                        "an active Global Administrator or Privileged Role Administrator assignment"
                    }
                    RoleKind::Directory => {
                        "an active Global Administrator or Privileged Role Administrator assignment"
                    }
                };
                return Err(Error::NotAuthorized {
                    message: format!(
                        "binding a target to '{}' at every scope needs {needs}",
                        role.name
                    ),
                    hint: Some("bind it at a scope you manage with --scope S".into()),
                });
            }
            None
        }
    };
    Ok((role, scope))
}

fn entry(action: &str, activity: &str, spec: &BindingSpec) -> Entry {
    let mut e = Entry::new(action, activity, category::ROLE);
    e.scope = spec.scope.clone();
    e.details = Some(json!({ "target": spec.target }));
    e
}

/// `pim provision bind`: binds a configured target to a role (at a scope, or at any). Access that
/// the binding covers already is granted through the queue, in the same write.
pub fn bind(
    db: &mut Db,
    ctx: &Ctx,
    spec: &BindingSpec,
    options: &BTreeMap<String, String>,
    opts: WriteOpts,
) -> Result<BindingView> {
    let failure = entry("provision.bind", "Bind provisioning target", spec);
    session::write(db, ctx, failure, opts, |op| {
        // Who may is decided first: someone who may not learns nothing about the targets.
        let (role, scope) = resolve(op, spec)?;
        engine::require_target(&spec.target)?;
        if let Err(e) = super::connector_of(&spec.target) {
            return Err(Error::invalid_with_hint(
                e.0,
                "fix the target's table in the config file (docs/provisioning.md)",
            ));
        }
        for key in options.keys() {
            if key.trim().is_empty() {
                return Err(Error::invalid("an --option needs a KEY=VALUE"));
            }
        }
        let scope_id = scope.as_ref().map(|s| s.id);
        if let Some(b) = sp::binding_of(op.tx, &spec.target, &role.id, scope_id)? {
            return Err(Error::Conflict {
                message: format!(
                    "'{}' is already bound to '{}' at {}",
                    b.target,
                    b.role,
                    b.scope.as_deref().unwrap_or("every scope")
                ),
                hint: Some("unbind it first to change its options".into()),
            });
        }
        let row = BindingRow {
            id: uuid::Uuid::new_v4().to_string(),
            target: spec.target.clone(),
            role_id: role.id.clone(),
            role: role.name.clone(),
            scope_id,
            scope: scope.as_ref().map(|s| s.path.clone()),
            options: serde_json::to_string(options)
                .map_err(|e| Error::invalid(format!("cannot encode the options: {e}")))?,
            created_at: op.now(),
            created_by: Some(op.actor.id.clone()),
        };
        sp::insert_binding(op.tx, &row)?;
        let mut e = entry("provision.bind", "Bind provisioning target", spec).role(&role);
        e.scope = row.scope.clone();
        e.details = Some(json!({
            "target": row.target,
            "binding_id": row.id,
            "scope": row.scope,
            "options": options,
        }));
        op.audit(&e)?;
        Ok(view(&row))
    })
}

/// `pim provision unbind`: removes a binding; the access it gave is revoked through the queue.
pub fn unbind(db: &mut Db, ctx: &Ctx, spec: &BindingSpec, opts: WriteOpts) -> Result<BindingView> {
    let failure = entry("provision.unbind", "Unbind provisioning target", spec);
    session::write(db, ctx, failure, opts, |op| {
        let (role, scope) = resolve(op, spec)?;
        let Some(b) = sp::binding_of(op.tx, &spec.target, &role.id, scope.as_ref().map(|s| s.id))?
        else {
            return Err(Error::NotFound {
                kind: "binding",
                name: format!(
                    "{} to {} at {}",
                    spec.target,
                    role.name,
                    scope.as_ref().map_or("every scope", |s| s.path.as_str())
                ),
                candidates: Vec::new(),
            });
        };
        sp::delete_binding(op.tx, &b.id)?;
        let mut e = entry("provision.unbind", "Unbind provisioning target", spec).role(&role);
        e.scope = b.scope.clone();
        e.details = Some(json!({ "target": b.target, "binding_id": b.id }));
        op.audit(&e)?;
        Ok(view(&b))
    })
}

fn require_reader(grants: &authz::Grants) -> Result<()> {
    if grants.is_directory_reader() {
        return Ok(());
    }
    Err(Error::not_authorized(format!(
        "reading provisioning needs an active {} assignment",
        authz::DIRECTORY_READERS
    )))
}

/// `pim provision bindings`.
pub fn bindings(db: &mut Db, ctx: &Ctx, target: Option<&str>) -> Result<Vec<BindingView>> {
    session::read(db, ctx, |c, _, grants| {
        require_reader(grants)?;
        Ok(sp::bindings(c)?
            .iter()
            .filter(|b| target.is_none_or(|t| b.target == t))
            .map(view)
            .collect())
    })
}

/// One action as `pim provision status` shows it (the JSON shape is a contract,
/// docs/output.md).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ActionView {
    pub id: String,
    pub target: String,
    /// `grant` or `revoke`.
    pub action: String,
    pub principal: String,
    pub role: String,
    pub scope: String,
    pub assignment_id: String,
    /// `queued`, `failed` (to be tried again), `done` or `superseded`.
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// The next try; null once done or superseded.
    #[serde(with = "serde_ts::option")]
    pub next_attempt_at: Option<Ts>,
    #[serde(with = "serde_ts")]
    pub created_at: Ts,
    /// A revoke: when the access ended.
    #[serde(with = "serde_ts::option")]
    pub ended_at: Option<Ts>,
    #[serde(with = "serde_ts::option")]
    pub done_at: Option<Ts>,
    /// Seconds from when the action was due (a grant: queued; a revoke: the access ended) to its
    /// completion, or to now while it is pending.
    pub late_secs: i64,
}

pub fn action_view(r: &ActionRow, now: Ts) -> ActionView {
    let due = if r.action == "revoke" {
        r.ended_at.unwrap_or(r.created_at)
    } else {
        r.created_at
    };
    ActionView {
        id: r.id.clone(),
        target: r.target.clone(),
        action: r.action.clone(),
        principal: r.principal.clone(),
        role: r.role.clone(),
        scope: r.scope.clone(),
        assignment_id: r.assignment_id.clone(),
        state: r.state.clone(),
        attempts: r.attempts,
        last_error: r.last_error.clone(),
        next_attempt_at: r.done_at.is_none().then_some(r.next_attempt_at),
        created_at: r.created_at,
        ended_at: r.ended_at,
        done_at: r.done_at,
        late_secs: (r.done_at.unwrap_or(now) - due).max(0),
    }
}

/// `pim provision status`: the actions, newest first, at most `filter.limit`.
pub fn status(
    db: &mut Db,
    ctx: &Ctx,
    filter: &sp::Filter,
) -> Result<crate::core::authz::Listing<ActionView>> {
    session::read(db, ctx, |c, _, grants| {
        require_reader(grants)?;
        let mut f = filter.clone();
        f.limit = filter.limit.map(|n| n.saturating_add(1));
        let mut rows = sp::actions(c, &f)?;
        let more = filter.limit.is_some_and(|n| rows.len() as u64 > n);
        if let Some(n) = filter.limit {
            rows.truncate(usize::try_from(n).unwrap_or(usize::MAX));
        }
        Ok(crate::core::authz::Listing {
            items: rows.iter().map(|r| action_view(r, ctx.now)).collect(),
            narrowed: None,
            more,
        })
    })
}

/// Whether an assignment's access has been provisioned, for `pim status`: `done` when every
/// target's latest grant for it is done, `failed` or `queued` otherwise; None when no binding
/// covers it.
pub fn provisioned(c: &Conn, assignment_id: &str, principal_id: &str) -> Result<Option<String>> {
    let rows = sp::latest_for_assignment(c, assignment_id)?;
    let grants: Vec<&ActionRow> = rows
        .iter()
        .filter(|r| {
            r.action == "grant" && r.state != "superseded" && r.principal_id == principal_id
        })
        .collect();
    if grants.is_empty() {
        return Ok(None);
    }
    Ok(Some(if grants.iter().any(|r| r.state == "failed") {
        "failed".into()
    } else if grants.iter().any(|r| r.done_at.is_none()) {
        "queued".into()
    } else {
        "done".into()
    }))
}

/// One difference reconcile found, and what `--apply` did about it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Difference {
    pub target: String,
    /// `extra` (the target holds what pim did not grant) or `missing` (pim granted what the
    /// target does not hold).
    pub kind: String,
    pub principal: String,
    pub detail: String,
    /// With --apply: `revoked`, `granted` or `failed`; null without.
    pub fixed: Option<String>,
    pub error: Option<String>,
}

/// What `pim provision reconcile` found, per target.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct ReconcileReport {
    /// The targets asked.
    pub targets: Vec<String>,
    /// Targets that could not be asked, with why.
    pub errors: Vec<(String, String)>,
    pub differences: Vec<Difference>,
}

/// A change reconcile made on a target, to be audited.
struct Change {
    item: Item,
    target: String,
    principal_id: Option<String>,
    outcome: std::result::Result<(), String>,
}

/// What pim should hold on each target now: (target, held) with the item that grants it.
fn expected(c: &Conn, now: Ts) -> Result<Vec<(String, Item, String)>> {
    let bindings = crate::store::provision::bindings(c)?;
    let covering = engine::covering(c, &bindings, now)?;
    let mut out = Vec::new();
    for ((binding_id, principal_id), list) in covering {
        let Some(b) = bindings.iter().find(|b| b.id == binding_id) else {
            continue;
        };
        let Some(p) = store::principal::by_id(c, &principal_id)? else {
            continue;
        };
        let a = &list[0];
        let scope = store::scope::by_id(c, a.scope_id)?
            .map(|s| s.path)
            .unwrap_or_default();
        out.push((
            b.target.clone(),
            Item {
                action: Action::Grant,
                principal: p.name,
                role: b.role.clone(),
                scope,
                assignment_id: a.id.clone(),
                end: a
                    .end_at
                    .and_then(|t| chrono::DateTime::<chrono::Utc>::from_timestamp(t, 0)),
                options: serde_json::from_str(&b.options).unwrap_or_default(),
            },
            principal_id,
        ));
    }
    Ok(out)
}

/// `pim provision reconcile [NAME] [--apply]`: asks each target what it holds, compares it with
/// what pim's bindings grant now, and with `apply` revokes the extras and grants what is missing,
/// each change audited.
pub fn reconcile(
    db: &mut Db,
    ctx: &Ctx,
    target: Option<&str>,
    apply: bool,
) -> Result<ReconcileReport> {
    if let Some(t) = target {
        engine::require_target(t)?;
    }
    let failure = Entry::new(
        "provision.reconcile",
        "Reconcile provisioning targets",
        category::ROLE,
    );
    // The check (a refusal is audited) and what pim should hold, in one snapshot.
    let (want, bindings) = session::write(db, ctx, failure, WriteOpts { dry_run: !apply }, |op| {
        authz::require_directory_admin(&op.grants, "reconciling provisioning targets")?;
        Ok((expected(op.tx, op.now())?, sp::bindings(op.tx)?))
    })?;
    let mut names: BTreeSet<String> = match target {
        Some(t) => [t.to_string()].into(),
        None => want.iter().map(|(t, _, _)| t.clone()).collect(),
    };
    if target.is_none() {
        names.extend(super::target_names());
    }
    let mut report = ReconcileReport::default();
    let mut changes: Vec<Change> = Vec::new();
    for name in names {
        // An ssh-ca target holds nothing to compare: its certificates lapse on their own.
        let kind = super::targets()
            .get(&name)
            .and_then(|t| t.get("kind"))
            .and_then(|k| k.as_str())
            .map(str::to_string);
        if kind.as_deref() == Some("ssh-ca") {
            continue;
        }
        let connector = match super::connector_of(&name) {
            Ok(c) => c,
            Err(e) => {
                report.errors.push((name.clone(), e.0));
                continue;
            }
        };
        let held: BTreeSet<Held> = match connector.list() {
            Ok(h) => h.into_iter().collect(),
            Err(e) => {
                report.errors.push((name.clone(), e.0));
                continue;
            }
        };
        report.targets.push(name.clone());
        let mine: Vec<&(String, Item, String)> =
            want.iter().filter(|(t, _, _)| *t == name).collect();
        let expect: BTreeMap<Held, &Item> = mine
            .iter()
            .map(|(_, item, _)| (connector.held(item), item))
            .collect();
        for h in held.iter().filter(|h| !expect.contains_key(*h)) {
            // The binding whose options describe what is held, to revoke it as it was granted.
            let options = bindings
                .iter()
                .filter(|b| b.target == name)
                .map(|b| {
                    serde_json::from_str::<BTreeMap<String, String>>(&b.options).unwrap_or_default()
                })
                .find(|o| {
                    connector
                        .held(&Item {
                            action: Action::Revoke,
                            principal: h.principal.clone(),
                            role: String::new(),
                            scope: String::new(),
                            assignment_id: String::new(),
                            end: None,
                            options: o.clone(),
                        })
                        .detail
                        == h.detail
                })
                .unwrap_or_else(|| [("detail".to_string(), h.detail.clone())].into());
            let item = Item {
                action: Action::Revoke,
                principal: h.principal.clone(),
                role: String::new(),
                scope: String::new(),
                assignment_id: String::new(),
                end: None,
                options,
            };
            let mut d = Difference {
                target: name.clone(),
                kind: "extra".into(),
                principal: h.principal.clone(),
                detail: h.detail.clone(),
                fixed: None,
                error: None,
            };
            if apply {
                let outcome = connector.apply(&item).map_err(|e| e.0);
                d.fixed = Some(if outcome.is_ok() { "revoked" } else { "failed" }.into());
                d.error = outcome.clone().err();
                changes.push(Change {
                    item,
                    target: name.clone(),
                    principal_id: None,
                    outcome,
                });
            }
            report.differences.push(d);
        }
        for (h, item) in expect.iter().filter(|(h, _)| !held.contains(*h)) {
            let mut d = Difference {
                target: name.clone(),
                kind: "missing".into(),
                principal: h.principal.clone(),
                detail: h.detail.clone(),
                fixed: None,
                error: None,
            };
            if apply {
                let outcome = connector.apply(item).map_err(|e| e.0);
                d.fixed = Some(if outcome.is_ok() { "granted" } else { "failed" }.into());
                d.error = outcome.clone().err();
                let pid = mine
                    .iter()
                    .find(|(_, i, _)| i.principal == item.principal)
                    .map(|(_, _, p)| p.clone());
                changes.push(Change {
                    item: (*item).clone(),
                    target: name.clone(),
                    principal_id: pid,
                    outcome,
                });
            }
            report.differences.push(d);
        }
    }
    if !changes.is_empty() {
        let failure = Entry::new(
            "provision.reconcile",
            "Reconcile provisioning targets",
            category::ROLE,
        );
        session::write(db, ctx, failure, WriteOpts::default(), |op| {
            for Change {
                item,
                target,
                principal_id,
                outcome,
            } in &changes
            {
                let revoke = item.action == Action::Revoke;
                let mut e = Entry::new(
                    if revoke {
                        "provision.reconcile.revoke"
                    } else {
                        "provision.reconcile.grant"
                    },
                    if revoke {
                        format!("Revoke access on {target} that pim did not grant")
                    } else {
                        format!("Restore access on {target} that pim granted")
                    },
                    category::ROLE,
                );
                e.principal_id = principal_id.clone();
                e.principal_name = Some(item.principal.clone());
                if !item.role.is_empty() {
                    e.role_name = Some(item.role.clone());
                }
                if !item.scope.is_empty() {
                    e.scope = Some(item.scope.clone());
                }
                if !item.assignment_id.is_empty() {
                    e.assignment_id = Some(item.assignment_id.clone());
                }
                e.details = Some(json!({ "target": target, "options": item.options }));
                match outcome {
                    Ok(()) => {
                        op.audit(&e)?;
                    }
                    Err(why) => {
                        e.reason = Some(why.clone());
                        op.audit_failure(&e)?;
                    }
                }
            }
            Ok(())
        })?;
    }
    Ok(report)
}
