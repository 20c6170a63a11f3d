//! The approval engine: stages in series, N-of-M approvals per stage, one vote per person across
//! stages, one deny ends a request, stages time out, and the requester never decides their own
//! request. When the last stage approves, what was asked for is granted.

use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;

use super::assign::category_of;
use super::audit::{Entry, category};
use super::authz::{self, Grants, Listing};
use super::builtin::{GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR};
use super::clock::{Ts, rfc3339, serde_ts};
use super::error::{Error, Result};
use super::model::{
    Assignment, AssignmentType, Principal, RequestAction, RequestStatus, Role, RoleKind,
};
use super::names;
use super::policy::rule;
use super::schedule::{self, MIN_ASSIGNMENT_SECS};
use super::session::{self, Ctx, Op, WriteOpts};
use crate::store::request::{RequestRow, StageRow};
use crate::store::{self, Db};

/// An approve or a deny.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Deny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Deny => "deny",
        }
    }
}

/// A request ID from a full ID or a unique prefix.
pub fn request_id(c: &Connection, text: &str) -> Result<String> {
    names::by_id_prefix(c, "request", text, store::request::ids_with_prefix)
}

fn is_activation(r: &RequestRow) -> bool {
    r.action == RequestAction::SelfActivate
}

/// The approvers of a stage now: a change of approvers in the settings applies to pending
/// requests, so an activation's stage takes them from the current settings when the stage still
/// exists there; otherwise the ones recorded with the request.
pub(crate) fn current_approvers(
    c: &Connection,
    req: &RequestRow,
    stage: &StageRow,
) -> Result<Vec<String>> {
    if is_activation(req) {
        let settings_scope = match &req.eligibility_id {
            Some(e) => store::assignment::by_id(c, e)?
                .map(|a| a.scope_id)
                .unwrap_or(req.scope_id),
            None => req.scope_id,
        };
        if let Some(s) = store::settings::get(c, &req.role_id, settings_scope)?
            && let Some(st) = s
                .activation
                .approval_stages
                .get((stage.stage - 1).max(0) as usize)
        {
            return Ok(st.approvers.clone());
        }
    }
    Ok(stage.approvers.clone())
}

/// Whether `who` may decide this stage: a listed approver (or a member of a listed group), or, when
/// none are listed, the role's administrators.
fn may_decide(
    c: &Connection,
    who: &Principal,
    grants: &Grants,
    req: &RequestRow,
    role: &Role,
    approvers: &[String],
) -> Result<bool> {
    if approvers.is_empty() {
        let ancestors = store::scope::ancestors(c, req.scope_id)?;
        return Ok(match role.kind {
            RoleKind::Directory => {
                grants.at_root(&[GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR])
            }
            RoleKind::Azure | RoleKind::Group => authz::can_manage(grants, role, &ancestors),
        });
    }
    if !who.enabled {
        return Ok(false);
    }
    if approvers.contains(&who.id) {
        return Ok(true);
    }
    Ok(approvers.iter().any(|a| grants.groups.contains_key(a)))
}

fn activity(req: &RequestRow, what: &str) -> String {
    match (req.action, what) {
        (RequestAction::SelfActivate, "approved") => {
            "Add member to role request approved (PIM activation)".into()
        }
        (RequestAction::SelfActivate, "denied") => {
            "Add member to role request denied (PIM activation)".into()
        }
        (RequestAction::SelfActivate, "canceled") => {
            "Add member to role canceled (PIM activation)".into()
        }
        (RequestAction::SelfActivate, "timed_out") => "PIM activation request expired".into(),
        (_, "approved") => "Update member in PIM approved by admin (extend/renew)".into(),
        (_, "denied") => "Update member in PIM denied by admin (extend/renew)".into(),
        (RequestAction::SelfExtend, "canceled") => match req.kind {
            AssignmentType::Eligible => "Update eligible member in PIM canceled (extend)".into(),
            AssignmentType::Active => "Update member in PIM canceled (extend)".into(),
        },
        (_, "canceled") => match req.kind {
            AssignmentType::Eligible => {
                "Add eligible member to role in PIM canceled (renew)".into()
            }
            AssignmentType::Active => "Add member to role in PIM canceled (renew)".into(),
        },
        _ => "Process request".into(),
    }
}

fn entry(
    code: &str,
    activity: String,
    req: &RequestRow,
    role: &Role,
    principal: Option<&Principal>,
    scope: &str,
) -> Entry {
    let mut e = Entry::new(code, activity, category_of(role.kind))
        .role(role)
        .scope(scope);
    if let Some(p) = principal {
        e.set_principal(p);
    }
    e.request_id = Some(req.id.clone());
    e.justification = req.justification.clone();
    e.start_at = req.start_at;
    e.end_at = req.end_at;
    e
}

/// Records every stage whose time is up: the request ends `timed_out` ("PIM activation request
/// expired"), once. Part of every write and of `pim sweep`.
pub fn record_timeouts(op: &mut Op<'_>) -> Result<Vec<String>> {
    let now = op.now();
    let mut out = Vec::new();
    for (rid, stage, due) in store::request::timed_out_stages(op.tx, now)? {
        let Some(req) = store::request::by_id(op.tx, &rid)? else {
            continue;
        };
        if !store::request::finish_pending(
            op.tx,
            &rid,
            RequestStatus::TimedOut,
            due,
            Some("an approval stage timed out"),
        )? {
            continue;
        }
        store::request::set_stage(op.tx, &rid, stage, "timed_out", None, Some(due))?;
        let role = store::role::by_id(op.tx, &req.role_id)?
            .ok_or_else(|| Error::invalid("role vanished"))?;
        let p = store::principal::by_id(op.tx, &req.principal_id)?;
        let scope = store::scope::by_id(op.tx, req.scope_id)?
            .map(|s| s.path)
            .unwrap_or_default();
        let mut e = entry(
            "request.timeout",
            activity(&req, "timed_out"),
            &req,
            &role,
            p.as_ref(),
            &scope,
        );
        e.details = Some(json!({ "stage": stage, "timed_out_at": rfc3339(due) }));
        op.audit_system(&e)?;
        super::notify::request_outcome(op, &rid, "timed_out")?;
        out.push(rid);
    }
    Ok(out)
}

/// What a decision led to.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct DecisionResult {
    pub request_id: String,
    #[serde(deserialize_with = "crate::core::clock::serde_word::deserialize")]
    pub decision: crate::core::clock::serde_word::Word,
    pub stage: i64,
    /// The request's status after the decision.
    pub status: RequestStatus,
    /// Approvals this stage still needs (0 when it is complete).
    pub approvals_needed: i64,
    /// The assignment granted (or extended) when the last stage approved.
    pub assignment_id: Option<String>,
    #[serde(with = "serde_ts::option")]
    pub start: Option<Ts>,
    #[serde(with = "serde_ts::option")]
    pub end: Option<Ts>,
}

/// `pim approve ID` / `pim deny ID`. `end` lets an administrator deciding an extend or renew change
/// the end asked for.
pub fn decide(
    db: &mut Db,
    ctx: &Ctx,
    id: &str,
    decision: Decision,
    justification: Option<&str>,
    end: Option<Ts>,
) -> Result<DecisionResult> {
    let code = match decision {
        Decision::Approve => "request.approve",
        Decision::Deny => "request.deny",
    };
    let failure = Entry::new(code, "Process request", category::ROLE);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let now = op.now();
        let actor = op.actor.clone();
        let id = request_id(op.tx, id)?;
        op.failure.request_id = Some(id.clone());
        let req = store::request::by_id(op.tx, &id)?.ok_or_else(|| Error::NotFound {
            kind: "request",
            name: id.clone(),
            candidates: vec![],
        })?;
        let role = store::role::by_id(op.tx, &req.role_id)?
            .ok_or_else(|| Error::invalid("role vanished"))?;
        let requester = store::principal::by_id(op.tx, &req.principal_id)?;
        let scope = store::scope::by_id(op.tx, req.scope_id)?
            .map(|s| s.path)
            .unwrap_or_default();
        op.failure.set_role(&role);
        op.failure.scope = Some(scope.clone());
        op.failure.category = category_of(role.kind).into();
        if let Some(p) = &requester {
            op.failure.set_principal(p);
        }
        op.failure.activity = activity(
            &req,
            if decision == Decision::Approve {
                "approved"
            } else {
                "denied"
            },
        );
        if req.status != RequestStatus::PendingApproval {
            return Err(Error::Conflict {
                message: format!(
                    "request {} is already decided: {}",
                    &req.id[..8],
                    req.status
                ),
                hint: Some(format!("see it with `pim request show {}`", &req.id[..8])),
            });
        }
        if req.principal_id == actor.id || req.requested_by.as_deref() == Some(actor.id.as_str()) {
            return Err(Error::not_authorized("you cannot decide your own request"));
        }
        let stages = store::request::stages(op.tx, &req.id)?;
        let Some(stage) = stages.iter().find(|s| s.status == "pending").cloned() else {
            return Err(Error::conflict(format!(
                "request {} has no stage waiting for a decision",
                &req.id[..8]
            )));
        };
        let approvers = current_approvers(op.tx, &req, &stage)?;
        if !may_decide(op.tx, &actor, &op.grants, &req, &role, &approvers)? {
            return Err(Error::not_authorized(format!(
                "you are not an approver of stage {} of request {}",
                stage.stage,
                &req.id[..8]
            )));
        }
        let votes = store::request::votes(op.tx, &req.id)?;
        if votes.iter().any(|v| v.voter_id == actor.id) {
            return Err(Error::conflict(
                "you have already decided on this request: one vote per person, across all stages",
            ));
        }
        if let Some(j) = justification {
            super::policy::check_text("justification", j, super::assign::MAX_JUSTIFICATION)?;
        }
        if stage.require_justification && justification.is_none_or(|j| j.trim().is_empty()) {
            return Err(Error::policy_with_hint(
                rule::JUSTIFICATION,
                "an approver's justification is required",
                "pass --justification",
            ));
        }
        store::request::insert_vote(
            op.tx,
            &req.id,
            &actor.id,
            stage.stage,
            decision.as_str(),
            justification,
            now,
        )?;
        let mut result = DecisionResult {
            request_id: req.id.clone(),
            decision: decision.as_str(),
            stage: stage.stage,
            status: RequestStatus::PendingApproval,
            approvals_needed: 0,
            assignment_id: None,
            start: None,
            end: None,
        };
        let mut e = entry(
            code,
            op.failure.activity.clone(),
            &req,
            &role,
            requester.as_ref(),
            &scope,
        );
        e.justification = justification.map(str::to_string);
        if decision == Decision::Deny {
            store::request::finish_pending(
                op.tx,
                &req.id,
                RequestStatus::Denied,
                now,
                Some("denied by an approver"),
            )?;
            store::request::set_stage(op.tx, &req.id, stage.stage, "denied", None, Some(now))?;
            result.status = RequestStatus::Denied;
            e.details = Some(json!({ "stage": stage.stage, "decision": "deny" }));
            op.audit(&e)?;
            super::notify::request_outcome(op, &req.id, "denied")?;
            return Ok(result);
        }
        let approvals = votes
            .iter()
            .filter(|v| v.stage == stage.stage && v.decision == "approve")
            .count() as i64
            + 1;
        if approvals < stage.required_approvals {
            result.approvals_needed = stage.required_approvals - approvals;
            e.activity = "Process request".into();
            e.details = Some(
                json!({ "stage": stage.stage, "decision": "approve", "approvals": approvals, "required": stage.required_approvals }),
            );
            op.audit(&e)?;
            return Ok(result);
        }
        store::request::set_stage(op.tx, &req.id, stage.stage, "approved", None, Some(now))?;
        if let Some(next) = stages.iter().find(|s| s.stage > stage.stage) {
            store::request::set_stage(op.tx, &req.id, next.stage, "pending", Some(now), None)?;
            e.activity = "Process request".into();
            e.details = Some(
                json!({ "stage": stage.stage, "decision": "approve", "stage_complete": true, "next_stage": next.stage }),
            );
            op.audit(&e)?;
            super::notify::approval_needed(op, &req.id, next.stage)?;
            return Ok(result);
        }
        // The last stage approved: grant what was asked for.
        e.details = Some(json!({ "stage": stage.stage, "decision": "approve", "final": true }));
        op.audit(&e)?;
        grant(
            op,
            &req,
            &role,
            requester.as_ref(),
            &scope,
            end,
            &mut result,
        )?;
        if result.status == RequestStatus::Failed {
            super::notify::request_outcome(op, &req.id, "failed")?;
        } else {
            super::notify::request_outcome(op, &req.id, "approved")?;
            if is_activation(&req)
                && let Some(aid) = &result.assignment_id
                && let Some(a) = store::assignment::by_id(op.tx, aid)?
            {
                let settings_scope = match &req.eligibility_id {
                    Some(el) => store::assignment::by_id(op.tx, el)?
                        .map(|x| x.scope_id)
                        .unwrap_or(req.scope_id),
                    None => req.scope_id,
                };
                super::notify::activated(op, &a, settings_scope)?;
            }
        }
        Ok(result)
    })
}

/// Grants an approved request: an activation (after re-checking its eligibility), an extension or
/// a renewal.
fn grant(
    op: &mut Op<'_>,
    req: &RequestRow,
    role: &Role,
    requester: Option<&Principal>,
    scope: &str,
    end_override: Option<Ts>,
    result: &mut DecisionResult,
) -> Result<()> {
    let now = op.now();
    let fail = |op: &mut Op<'_>, why: &str, result: &mut DecisionResult| -> Result<()> {
        store::request::finish_pending(op.tx, &req.id, RequestStatus::Failed, now, Some(why))?;
        let mut e = entry(
            "request.fail",
            "Process request".into(),
            req,
            role,
            requester,
            scope,
        );
        e.reason = Some(why.to_string());
        op.audit_system(&e)?;
        result.status = RequestStatus::Failed;
        Ok(())
    };
    match req.action {
        RequestAction::SelfActivate => {
            let eligibility = match &req.eligibility_id {
                Some(e) => store::assignment::by_id(op.tx, e)?,
                None => None,
            };
            let start = req.start_at.unwrap_or(now).max(now);
            let Some(el) = eligibility.filter(|a| {
                a.removed_at.is_none() && a.start_at <= start && a.end_at.is_none_or(|e| e > start)
            }) else {
                return fail(op, "the eligibility it came from no longer exists", result);
            };
            let duration = req.duration_secs.unwrap_or(8 * schedule::HOUR);
            let wanted = schedule::add(start, duration)?;
            let end = el.end_at.map_or(wanted, |e| e.min(wanted));
            if end - start < MIN_ASSIGNMENT_SECS {
                return fail(
                    op,
                    "the eligibility ends within 5 minutes of the start",
                    result,
                );
            }
            // Something may already be in force for that window (an administrator's assignment).
            if let Some(existing) = store::assignment::overlapping(
                op.tx,
                &req.principal_id,
                &req.role_id,
                req.scope_id,
                AssignmentType::Active,
                start,
                Some(end),
                None,
            )? {
                return fail(
                    op,
                    &format!(
                        "an active assignment ({}) already covers that time",
                        &existing[..8]
                    ),
                    result,
                );
            }
            let assignment_id = uuid::Uuid::new_v4().to_string();
            store::assignment::insert(
                op.tx,
                &Assignment {
                    id: assignment_id.clone(),
                    principal_id: req.principal_id.clone(),
                    role_id: req.role_id.clone(),
                    scope_id: req.scope_id,
                    kind: AssignmentType::Active,
                    start_at: start,
                    end_at: Some(end),
                    activated_from: Some(el.id.clone()),
                    renewed_from: None,
                    request_id: Some(req.id.clone()),
                    justification: req.justification.clone(),
                    ticket_number: req.ticket_number.clone(),
                    ticket_system: req.ticket_system.clone(),
                    created_at: now,
                    created_by: Some(req.principal_id.clone()),
                    removed_at: None,
                    removed_by: None,
                },
            )?;
            let status = if start > now {
                RequestStatus::Scheduled
            } else {
                RequestStatus::Provisioned
            };
            store::request::set_granted(
                op.tx,
                &req.id,
                status,
                start,
                Some(end),
                &assignment_id,
                now,
            )?;
            let mut e = entry(
                "activation.request",
                "Add member to role completed (PIM activation)".into(),
                req,
                role,
                requester,
                scope,
            );
            e.assignment_id = Some(assignment_id.clone());
            e.start_at = Some(start);
            e.end_at = Some(end);
            e.ticket_number = req.ticket_number.clone();
            e.ticket_system = req.ticket_system.clone();
            e.details = Some(
                json!({ "eligibility_id": el.id, "approved": true, "status": status.as_str() }),
            );
            op.audit_system(&e)?;
            *result = DecisionResult {
                status,
                assignment_id: Some(assignment_id),
                start: Some(start),
                end: Some(end),
                ..result.clone()
            };
        }
        RequestAction::SelfExtend | RequestAction::SelfRenew => {
            let Some(target) = req
                .target_assignment_id
                .as_deref()
                .map(|t| store::assignment::by_id(op.tx, t))
                .transpose()?
                .flatten()
            else {
                return fail(op, "the assignment it asked about no longer exists", result);
            };
            if target.removed_at.is_some() {
                return fail(op, "the assignment it asked about was removed", result);
            }
            let end = end_override.or(req.end_at);
            let settings =
                store::settings::get(op.tx, &req.role_id, req.scope_id)?.unwrap_or_default();
            let subject = super::policy::AssignmentSubject {
                service_principal: requester
                    .is_some_and(|p| p.kind == super::model::PrincipalKind::ServicePrincipal),
            };
            if req.action == RequestAction::SelfExtend {
                if target.end_at.is_some_and(|e| e <= now) {
                    return fail(
                        op,
                        "the assignment expired before the request was approved; ask to renew it",
                        result,
                    );
                }
                if end.is_some_and(|e| target.end_at.is_some_and(|old| e <= old)) {
                    return Err(Error::invalid(
                        "the new end must be later than the current end",
                    ));
                }
                super::policy::check_assignment(
                    &settings.assignment,
                    subject,
                    target.kind,
                    target.start_at.max(now),
                    end,
                    target
                        .justification
                        .as_deref()
                        .or(Some("approved extension")),
                )?;
                store::assignment::update_schedule(
                    op.tx,
                    &target.id,
                    target.kind,
                    target.start_at,
                    end,
                    None,
                )?;
                store::request::set_granted(
                    op.tx,
                    &req.id,
                    RequestStatus::Provisioned,
                    target.start_at,
                    end,
                    &target.id,
                    now,
                )?;
                result.assignment_id = Some(target.id.clone());
                result.start = Some(target.start_at);
            } else {
                let start = now;
                if end.is_some_and(|e| e <= start) {
                    return Err(Error::invalid("the new end must be in the future"));
                }
                super::policy::check_assignment(
                    &settings.assignment,
                    subject,
                    target.kind,
                    start,
                    end,
                    req.justification.as_deref(),
                )?;
                let new_id = uuid::Uuid::new_v4().to_string();
                store::assignment::insert(
                    op.tx,
                    &Assignment {
                        id: new_id.clone(),
                        start_at: start,
                        end_at: end,
                        renewed_from: Some(target.id.clone()),
                        request_id: Some(req.id.clone()),
                        justification: req.justification.clone(),
                        created_at: now,
                        created_by: Some(op.actor.id.clone()),
                        removed_at: None,
                        removed_by: None,
                        ..target.clone()
                    },
                )?;
                store::request::set_granted(
                    op.tx,
                    &req.id,
                    RequestStatus::Provisioned,
                    start,
                    end,
                    &new_id,
                    now,
                )?;
                result.assignment_id = Some(new_id);
                result.start = Some(start);
            }
            result.status = RequestStatus::Provisioned;
            result.end = end;
            // What the assignment now is, on its own row: the schedule every change records.
            let code = if req.action == RequestAction::SelfExtend {
                "assignment.extend"
            } else {
                "assignment.renew"
            };
            let mut e = entry(
                code,
                "Update member in PIM approved by admin (extend/renew)".into(),
                req,
                role,
                requester,
                scope,
            );
            e.assignment_id = result.assignment_id.clone();
            e.start_at = result.start;
            e.end_at = end;
            e.details = Some(json!({
                "type": target.kind.as_str(),
                "approved": true,
                "renewed_from": (req.action == RequestAction::SelfRenew).then_some(&target.id),
            }));
            op.audit_system(&e)?;
        }
        _ => return Err(Error::invalid("only self-service requests are approved")),
    }
    Ok(())
}

/// `pim request cancel ID`: the requester, or an administrator of the role, while it waits.
pub fn cancel(db: &mut Db, ctx: &Ctx, id: &str) -> Result<RequestRow> {
    let failure = Entry::new("request.cancel", "Cancel request", category::ROLE);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let id = request_id(op.tx, id)?;
        op.failure.request_id = Some(id.clone());
        let req = store::request::by_id(op.tx, &id)?.ok_or_else(|| Error::NotFound {
            kind: "request",
            name: id.clone(),
            candidates: vec![],
        })?;
        let role = store::role::by_id(op.tx, &req.role_id)?
            .ok_or_else(|| Error::invalid("role vanished"))?;
        let scope = store::scope::by_id(op.tx, req.scope_id)?
            .ok_or_else(|| Error::invalid("scope vanished"))?;
        op.failure.set_role(&role);
        op.failure.scope = Some(scope.path.clone());
        op.failure.category = category_of(role.kind).into();
        let ancestors = store::scope::ancestors(op.tx, scope.id)?;
        if req.principal_id != op.actor.id && !authz::can_manage(&op.grants, &role, &ancestors) {
            return Err(Error::not_authorized(
                "only the requester or an administrator of the role may cancel a request",
            ));
        }
        if req.status != RequestStatus::PendingApproval {
            return Err(Error::conflict(format!(
                "request {} is not waiting: it is {}",
                &req.id[..8],
                req.status
            )));
        }
        cancel_in(op, &req, "canceled", None)?;
        Ok(store::request::by_id(op.tx, &req.id)?.unwrap_or(req))
    })
}

/// Ends a waiting request as `canceled` within a write, with its stages, and audits it ("Cancel
/// request"); `cause` says why when it is not the requester's or an administrator's choice (its
/// principal, role or scope was removed).
pub fn cancel_in(
    op: &mut Op<'_>,
    req: &RequestRow,
    reason: &str,
    cause: Option<&str>,
) -> Result<()> {
    let now = op.now();
    let role =
        store::role::by_id(op.tx, &req.role_id)?.ok_or_else(|| Error::invalid("role vanished"))?;
    let scope = store::scope::by_id(op.tx, req.scope_id)?
        .ok_or_else(|| Error::invalid("scope vanished"))?;
    let requester = store::principal::by_id(op.tx, &req.principal_id)?;
    store::request::finish_pending(op.tx, &req.id, RequestStatus::Canceled, now, Some(reason))?;
    for s in store::request::stages(op.tx, &req.id)?
        .iter()
        .filter(|s| s.status == "pending" || s.status == "waiting")
    {
        store::request::set_stage(op.tx, &req.id, s.stage, "canceled", None, Some(now))?;
    }
    let mut e = entry(
        "request.cancel",
        activity(req, "canceled"),
        req,
        &role,
        requester.as_ref(),
        &scope.path,
    );
    if let Some(cause) = cause {
        e.details = Some(json!({ "cause": cause }));
    }
    op.audit(&e)?;
    Ok(())
}

/// A request as listed and shown: who asked for what, where it stands, and its timeline.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct RequestView {
    pub id: String,
    pub action: RequestAction,
    pub status: RequestStatus,
    pub principal: String,
    pub principal_id: String,
    pub role: String,
    pub role_id: String,
    pub scope: String,
    #[serde(rename = "type")]
    pub kind: AssignmentType,
    #[serde(with = "serde_ts::option")]
    pub start: Option<Ts>,
    #[serde(with = "serde_ts::option")]
    pub end: Option<Ts>,
    pub duration_secs: Option<i64>,
    pub justification: Option<String>,
    pub ticket_number: Option<String>,
    pub ticket_system: Option<String>,
    #[serde(with = "serde_ts")]
    pub created_at: Ts,
    #[serde(with = "serde_ts::option")]
    pub completed_at: Option<Ts>,
    pub reason: Option<String>,
    pub assignment_id: Option<String>,
    /// Seconds since it was asked for.
    pub age_secs: i64,
    /// Seconds left before the waiting stage times out (pending requests).
    pub time_left_secs: Option<i64>,
    pub current_stage: Option<i64>,
    pub stages: Vec<StageView>,
    pub votes: Vec<VoteView>,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct StageView {
    pub stage: i64,
    pub status: String,
    pub required_approvals: i64,
    /// Names; empty means the role's administrators.
    pub approvers: Vec<String>,
    #[serde(with = "serde_ts::option")]
    pub started_at: Option<Ts>,
    #[serde(with = "serde_ts::option")]
    pub deadline: Option<Ts>,
    #[serde(with = "serde_ts::option")]
    pub completed_at: Option<Ts>,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct VoteView {
    pub voter: String,
    pub stage: i64,
    pub decision: String,
    pub justification: Option<String>,
    #[serde(with = "serde_ts")]
    pub at: Ts,
}

fn view(c: &Connection, req: RequestRow, now: Ts) -> Result<RequestView> {
    let name = |id: &str| -> Result<String> {
        Ok(store::principal::by_id(c, id)?
            .map(|p| p.name)
            .unwrap_or_else(|| id.to_string()))
    };
    let role = store::role::by_id(c, &req.role_id)?
        .map(|r| r.name)
        .unwrap_or_default();
    let scope = store::scope::by_id(c, req.scope_id)?
        .map(|s| s.path)
        .unwrap_or_default();
    let mut stages = Vec::new();
    for s in store::request::stages(c, &req.id)? {
        let approvers = current_approvers(c, &req, &s)?
            .iter()
            .map(|a| name(a))
            .collect::<Result<Vec<_>>>()?;
        stages.push(StageView {
            stage: s.stage,
            status: s.status.clone(),
            required_approvals: s.required_approvals,
            approvers,
            started_at: s.started_at,
            deadline: s.started_at.map(|t| t + s.timeout_secs),
            completed_at: s.completed_at,
        });
    }
    let votes = store::request::votes(c, &req.id)?
        .into_iter()
        .map(|v| {
            Ok(VoteView {
                voter: name(&v.voter_id)?,
                stage: v.stage,
                decision: v.decision,
                justification: v.justification,
                at: v.at,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let pending = req.status == RequestStatus::PendingApproval;
    let current = stages.iter().find(|s| s.status == "pending");
    Ok(RequestView {
        principal: name(&req.principal_id)?,
        role,
        scope,
        age_secs: now - req.created_at,
        time_left_secs: if pending {
            current.and_then(|s| s.deadline).map(|d| (d - now).max(0))
        } else {
            None
        },
        current_stage: if pending {
            current.map(|s| s.stage)
        } else {
            None
        },
        assignment_id: if req.action == RequestAction::SelfActivate && pending {
            None
        } else {
            req.target_assignment_id.clone()
        },
        id: req.id,
        action: req.action,
        status: req.status,
        principal_id: req.principal_id,
        role_id: req.role_id,
        kind: req.kind,
        start: req.start_at,
        end: req.end_at,
        duration_secs: req.duration_secs,
        justification: req.justification,
        ticket_number: req.ticket_number,
        ticket_system: req.ticket_system,
        created_at: req.created_at,
        completed_at: req.completed_at,
        reason: req.reason,
        stages,
        votes,
    })
}

/// Whether the actor may see a request: their own, one they may decide, or one of a role they may
/// view.
fn may_see(c: &Connection, actor: &Principal, grants: &Grants, req: &RequestRow) -> Result<bool> {
    if req.principal_id == actor.id {
        return Ok(true);
    }
    let role =
        store::role::by_id(c, &req.role_id)?.ok_or_else(|| Error::invalid("role vanished"))?;
    let ancestors = store::scope::ancestors(c, req.scope_id)?;
    if authz::can_view(grants, role.kind, &ancestors)
        || authz::can_manage(grants, &role, &ancestors)
    {
        return Ok(true);
    }
    for s in store::request::stages(c, &req.id)? {
        if may_decide(
            c,
            actor,
            grants,
            req,
            &role,
            &current_approvers(c, req, &s)?,
        )? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether the actor may decide the request now.
fn decidable(c: &Connection, actor: &Principal, grants: &Grants, req: &RequestRow) -> Result<bool> {
    if req.status != RequestStatus::PendingApproval || req.principal_id == actor.id {
        return Ok(false);
    }
    let Some(stage) = store::request::stages(c, &req.id)?
        .into_iter()
        .find(|s| s.status == "pending")
    else {
        return Ok(false);
    };
    if store::request::votes(c, &req.id)?
        .iter()
        .any(|v| v.voter_id == actor.id)
    {
        return Ok(false);
    }
    let role =
        store::role::by_id(c, &req.role_id)?.ok_or_else(|| Error::invalid("role vanished"))?;
    may_decide(
        c,
        actor,
        grants,
        req,
        &role,
        &current_approvers(c, req, &stage)?,
    )
}

/// Filters of `pim request list`.
#[derive(Clone, Copy, Debug, Default, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListFilter {
    pub pending: bool,
    /// Requests the actor made.
    pub mine: bool,
    /// Requests the actor may decide now (`pim approve list`).
    pub to_decide: bool,
    /// At most this many (None: all).
    pub limit: Option<u64>,
}

/// `pim request list` and `pim approve list`: newest first, the ones the actor may see (or
/// decide), at most `limit`, saying whether there were more and whether authorization narrowed
/// the list.
pub fn list(db: &mut Db, ctx: &Ctx, f: ListFilter) -> Result<Listing<RequestView>> {
    session::read(db, ctx, |c, actor, grants| {
        let who = f.mine.then_some(actor.id.as_str());
        let fetch = f.limit.map_or(u64::MAX, |n| n.saturating_add(1));
        let mut out = Vec::new();
        for req in store::request::list(c, f.pending || f.to_decide, who, fetch)? {
            let keep = if f.to_decide {
                decidable(c, actor, grants, &req)?
            } else {
                may_see(c, actor, grants, &req)?
            };
            if keep {
                out.push(view(c, req, ctx.now)?);
            }
        }
        let more = f.limit.is_some_and(|n| out.len() as u64 > n);
        if let Some(n) = f.limit {
            out.truncate(usize::try_from(n).unwrap_or(usize::MAX));
        }
        let narrowed = if f.mine || f.to_decide {
            None
        } else {
            authz::assignments_narrowed(grants, None)
        };
        Ok(Listing {
            items: out,
            narrowed,
            more,
        })
    })
}

pub fn show(db: &mut Db, ctx: &Ctx, id: &str) -> Result<RequestView> {
    session::read(db, ctx, |c, actor, grants| {
        let id = request_id(c, id)?;
        let req = store::request::by_id(c, &id)?.ok_or_else(|| Error::NotFound {
            kind: "request",
            name: id.clone(),
            candidates: vec![],
        })?;
        if !may_see(c, actor, grants, &req)? {
            return Err(Error::not_authorized("you may not see this request"));
        }
        view(c, req, ctx.now)
    })
}

/// The request's status, for `pim activate --wait` polling.
pub fn status_of(db: &mut Db, id: &str) -> Result<Option<RequestStatus>> {
    Ok(store::request::by_id(db.conn(), id)?.map(|r| r.status))
}
