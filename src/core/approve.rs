//! The approval engine: stages in series, N-of-M approvals per stage, one vote per person across
//! stages, one deny ends a request, stages time out, and the requester never decides their own
//! request. When the last stage approves, what was asked for is granted.

use crate::store::Conn;
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
pub fn request_id(c: &Conn, text: &str) -> Result<String> {
    names::by_id_prefix(c, "request", text, store::request::ids_with_prefix)
}

fn is_activation(r: &RequestRow) -> bool {
    r.action == RequestAction::SelfActivate
}

/// A stage as the current settings define it for a waiting request. The current settings always
/// decide: a change of approvers, of the number of approvals or of the stages applies to requests
/// already waiting, and an approver who was removed decides nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StageRule {
    /// Principal IDs (users, or groups whose members approve); empty: the role's administrators.
    pub approvers: Vec<String>,
    pub required_approvals: i64,
    pub require_justification: bool,
}

/// The stages an activation request goes through under the current settings of the eligibility's
/// role and scope (at least one: without configured approvers, the role's administrators).
/// `None` for extend and renew requests, which their stored stage decides (the role's
/// administrators).
fn current_rules(c: &Conn, req: &RequestRow) -> Result<Option<Vec<StageRule>>> {
    if !is_activation(req) {
        return Ok(None);
    }
    let settings_scope = match &req.eligibility_id {
        Some(e) => store::assignment::by_id(c, e)?
            .map(|a| a.scope_id)
            .unwrap_or(req.scope_id),
        None => req.scope_id,
    };
    let settings = store::settings::get(c, &req.role_id, settings_scope)?.unwrap_or_default();
    Ok(Some(
        super::activate::approval_stages(&settings)
            .into_iter()
            .map(|st| StageRule {
                approvers: st.approvers,
                required_approvals: i64::from(st.required_approvals.max(1)),
                require_justification: st.require_approver_justification,
            })
            .collect(),
    ))
}

/// What decides stage `stage` of a request now. A stage the current settings no longer have
/// (stages were removed while the request waited) is decided by the role's administrators, one
/// approval, and is the last.
pub(crate) fn stage_rule(c: &Conn, req: &RequestRow, stage: &StageRow) -> Result<StageRule> {
    Ok(match current_rules(c, req)? {
        None => StageRule {
            approvers: stage.approvers.clone(),
            required_approvals: stage.required_approvals,
            require_justification: stage.require_justification,
        },
        Some(rules) => rules
            .get((stage.stage - 1).max(0) as usize)
            .cloned()
            .unwrap_or(StageRule {
                approvers: Vec::new(),
                required_approvals: 1,
                require_justification: true,
            }),
    })
}

/// How many stages the request goes through now.
fn stage_count(c: &Conn, req: &RequestRow, stored: &[StageRow]) -> Result<i64> {
    Ok(match current_rules(c, req)? {
        Some(rules) => rules.len() as i64,
        None => stored.len() as i64,
    })
}

/// The approvers of a stage now (empty: the role's administrators).
pub(crate) fn current_approvers(
    c: &Conn,
    req: &RequestRow,
    stage: &StageRow,
) -> Result<Vec<String>> {
    Ok(stage_rule(c, req, stage)?.approvers)
}

/// Whether `who` may decide this stage: a listed approver (or a member of a listed group), or, when
/// none are listed, the role's administrators. Never the requester, nor a group.
fn may_decide(
    c: &Conn,
    who: &Principal,
    grants: &Grants,
    req: &RequestRow,
    role: &Role,
    approvers: &[String],
) -> Result<bool> {
    if !who.enabled
        || who.kind == super::model::PrincipalKind::Group
        || who.id == req.principal_id
        || req.requested_by.as_deref() == Some(who.id.as_str())
    {
        return Ok(false);
    }
    if approvers.is_empty() {
        let ancestors = store::scope::ancestors(c, req.scope_id)?;
        return Ok(match role.kind {
            RoleKind::Directory => {
                grants.at_root(&[GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR])
            }
            RoleKind::Azure | RoleKind::Group => authz::can_manage(grants, role, &ancestors),
        });
    }
    if approvers.contains(&who.id) {
        return Ok(true);
    }
    Ok(approvers.iter().any(|a| grants.groups.contains_key(a)))
}

/// Whether an earlier vote still counts: its voter may decide the stage under the current settings.
fn vote_counts(
    c: &Conn,
    voter_id: &str,
    req: &RequestRow,
    role: &Role,
    approvers: &[String],
    now: Ts,
) -> Result<bool> {
    let Some(voter) = store::principal::by_id(c, voter_id)? else {
        return Ok(false);
    };
    let grants = Grants::load(c, &voter, now)?;
    may_decide(c, &voter, &grants, req, role, approvers)
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

/// Why a request timed out.
const TIMED_OUT: &str = "an approval stage timed out";

/// When the waiting stage of a request timed out, if its time is up at `now`.
fn timed_out_at(stages: &[StageRow], now: Ts) -> Option<Ts> {
    stages
        .iter()
        .find(|s| s.status == "pending")
        .and_then(|s| s.started_at.map(|t| t + s.timeout_secs))
        .filter(|&deadline| deadline <= now)
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
            Some(TIMED_OUT),
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
    otp: Option<&str>,
) -> Result<DecisionResult> {
    decide_with(
        db,
        ctx,
        id,
        decision,
        justification,
        end,
        otp,
        WriteOpts::default(),
    )
}

/// [`decide`], or its dry run: every check, nothing kept (a terminal asks whether the decision
/// needs a one-time code before it asks for one).
#[allow(clippy::too_many_arguments)]
pub fn decide_with(
    db: &mut Db,
    ctx: &Ctx,
    id: &str,
    decision: Decision,
    justification: Option<&str>,
    end: Option<Ts>,
    otp: Option<&str>,
    opts: WriteOpts,
) -> Result<DecisionResult> {
    let code = match decision {
        Decision::Approve => "request.approve",
        Decision::Deny => "request.deny",
    };
    let failure = Entry::new(code, "Process request", category::ROLE);
    session::write(db, ctx, failure, opts, |op| {
        op.otp = otp.map(str::to_string);
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
        let rule_now = stage_rule(op.tx, &req, &stage)?;
        let approvers = rule_now.approvers.clone();
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
        if rule_now.require_justification && justification.is_none_or(|j| j.trim().is_empty()) {
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
        // Earlier votes count while their voters may still decide this stage.
        let mut approvals = 1;
        for v in votes
            .iter()
            .filter(|v| v.stage == stage.stage && v.decision == "approve")
        {
            if vote_counts(op.tx, &v.voter_id, &req, &role, &approvers, now)? {
                approvals += 1;
            }
        }
        let required = rule_now.required_approvals;
        // The stage is decided by the rule in force now; the row says which.
        store::request::set_stage_rule(op.tx, &req.id, stage.stage, &approvers, required)?;
        // The requester must still hold the eligibility at every stage, not only the last.
        if is_activation(&req) {
            let start = req.start_at.unwrap_or(now).max(now);
            if let Err(why) = holding(op.tx, &req, requester.as_ref(), start, now)? {
                let done = if approvals >= required {
                    "approved"
                } else {
                    "canceled"
                };
                store::request::set_stage(op.tx, &req.id, stage.stage, done, None, Some(now))?;
                e.details = Some(
                    json!({ "stage": stage.stage, "decision": "approve", "approvals": approvals, "required": required }),
                );
                op.audit(&e)?;
                fail_request(
                    op,
                    &req,
                    &role,
                    requester.as_ref(),
                    &scope,
                    &why,
                    &mut result,
                )?;
                super::notify::request_outcome(op, &req.id, "failed")?;
                return Ok(result);
            }
        }
        if approvals < required {
            result.approvals_needed = required - approvals;
            e.activity = "Process request".into();
            e.details = Some(
                json!({ "stage": stage.stage, "decision": "approve", "approvals": approvals, "required": required }),
            );
            op.audit(&e)?;
            return Ok(result);
        }
        store::request::set_stage(op.tx, &req.id, stage.stage, "approved", None, Some(now))?;
        // Stage counts follow the current settings: a stage added while the request waited is
        // gone through too, and one removed is not.
        if stage.stage < stage_count(op.tx, &req, &stages)? {
            let next = stage.stage + 1;
            match stages.iter().find(|s| s.stage == next) {
                Some(_) => {
                    store::request::set_stage(op.tx, &req.id, next, "pending", Some(now), None)?
                }
                None => {
                    let rule = current_rules(op.tx, &req)?
                        .and_then(|r| r.get((next - 1) as usize).cloned())
                        .unwrap_or(StageRule {
                            approvers: Vec::new(),
                            required_approvals: 1,
                            require_justification: true,
                        });
                    let approvers_json =
                        serde_json::to_string(&rule.approvers).unwrap_or_else(|_| "[]".into());
                    store::request::insert_stage(
                        op.tx,
                        &store::request::NewStage {
                            request_id: &req.id,
                            stage: next,
                            approvers_json: &approvers_json,
                            required_approvals: rule.required_approvals,
                            timeout_secs: stage.timeout_secs,
                            require_justification: rule.require_justification,
                            started_at: Some(now),
                        },
                    )?;
                }
            }
            e.activity = "Process request".into();
            e.details = Some(
                json!({ "stage": stage.stage, "decision": "approve", "stage_complete": true, "next_stage": next }),
            );
            op.audit(&e)?;
            super::notify::approval_needed(op, &req.id, next)?;
            return Ok(result);
        }
        cancel_waiting(op.tx, &req.id, now)?;
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

/// Ends a waiting request as `failed`, with the reason, audited by pim itself.
fn fail_request(
    op: &mut Op<'_>,
    req: &RequestRow,
    role: &Role,
    requester: Option<&Principal>,
    scope: &str,
    why: &str,
    result: &mut DecisionResult,
) -> Result<()> {
    let now = op.now();
    store::request::finish_pending(op.tx, &req.id, RequestStatus::Failed, now, Some(why))?;
    cancel_waiting(op.tx, &req.id, now)?;
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
}

/// Stages that never started (their request ended first) are canceled.
fn cancel_waiting(c: &Conn, request_id: &str, now: Ts) -> Result<()> {
    for s in store::request::stages(c, request_id)?
        .iter()
        .filter(|s| s.status == "waiting")
    {
        store::request::set_stage(c, request_id, s.stage, "canceled", None, Some(now))?;
    }
    Ok(())
}

/// Whether the requester of an activation still holds the eligibility it came from from `start`,
/// directly or through the groups they are a member of now, and through which path; else why
/// not.
fn holding(
    c: &Conn,
    req: &RequestRow,
    requester: Option<&Principal>,
    start: Ts,
    now: Ts,
) -> Result<std::result::Result<(Assignment, super::path::Path), String>> {
    let Some(p) = requester else {
        return Ok(Err("the requester no longer exists".into()));
    };
    if p.kind == super::model::PrincipalKind::ServicePrincipal {
        return Ok(Err(format!(
            "{}: a service principal cannot activate",
            rule::PRINCIPAL_TYPE
        )));
    }
    if !p.enabled {
        return Ok(Err(format!("the requester '{}' is disabled", p.name)));
    }
    let eligibility = match &req.eligibility_id {
        Some(e) => store::assignment::by_id(c, e)?,
        None => None,
    };
    let Some(el) = eligibility.filter(|a| {
        a.removed_at.is_none()
            && a.kind == AssignmentType::Eligible
            && a.start_at <= start
            && a.end_at.is_none_or(|e| e > start)
    }) else {
        return Ok(Err("the eligibility it came from no longer exists".into()));
    };
    match super::path::resolve(c, p, &el, now)? {
        Some(path) if path.end.is_none_or(|e| e > start) => Ok(Ok((el, path))),
        _ => Ok(Err(format!(
            "'{}' no longer holds the eligibility it came from (directly or through a group)",
            p.name
        ))),
    }
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
        fail_request(op, req, role, requester, scope, why, result)
    };
    match req.action {
        RequestAction::SelfActivate => {
            let start = req.start_at.unwrap_or(now).max(now);
            let (el, path) = match holding(op.tx, req, requester, start, now)? {
                Ok(held) => held,
                Err(why) => return fail(op, &why, result),
            };
            let duration = req.duration_secs.unwrap_or(8 * schedule::HOUR);
            let wanted = schedule::add(start, duration)?;
            // Never past the eligibility, nor any membership the requester holds it through.
            let end = path.end.map_or(wanted, |e| e.min(wanted));
            if end - start < MIN_ASSIGNMENT_SECS {
                return fail(
                    op,
                    "the eligibility ends within 5 minutes of the start",
                    result,
                );
            }
            // One live activation per eligibility: one made since the request was asked for (the
            // settings stopped requiring approval, or another request) keeps this one out.
            if let Some(live) =
                store::assignment::live_activations_by(op.tx, &req.principal_id, &el.id, now)?
                    .into_iter()
                    .next()
            {
                return fail(
                    op,
                    &format!(
                        "an activation of this eligibility ({}) is already live: one activation per eligibility",
                        &live.id[..8]
                    ),
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
            super::path::record(op.tx, &assignment_id, &path)?;
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
            e.details = Some(json!({
                "eligibility_id": el.id, "approved": true, "status": status.as_str(),
                "path": super::path::describe(op.tx, &path)?,
            }));
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
            if target.activated_from.is_some() {
                return fail(
                    op,
                    "an activation is not extended or renewed: activate again",
                    result,
                );
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
                // Granting lengthens the assignment: an active one needs the approver's MFA
                // where its settings require MFA on active assignment.
                if target.kind == AssignmentType::Active {
                    super::assign::require_assigner_mfa(op, &settings, role, scope)?;
                }
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
                if target.kind == AssignmentType::Active {
                    super::assign::require_assigner_mfa(op, &settings, role, scope)?;
                }
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
            super::assign::note_mfa(op, &mut e);
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

fn view(c: &Conn, req: RequestRow, now: Ts) -> Result<RequestView> {
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
    let stored = store::request::stages(c, &req.id)?;
    let waiting = req.status == RequestStatus::PendingApproval;
    // A stage past its time-out reads as timed out before any write records it.
    let timed_out = if waiting {
        timed_out_at(&stored, now)
    } else {
        None
    };
    let mut stages = Vec::new();
    for s in &stored {
        // Stages still to be decided follow the current settings; decided ones show what they
        // were decided under.
        let open = waiting && (s.status == "pending" || s.status == "waiting");
        let (ids, required) = if open {
            let rule = stage_rule(c, &req, s)?;
            (rule.approvers, rule.required_approvals)
        } else {
            (s.approvers.clone(), s.required_approvals)
        };
        let lapsed = timed_out.is_some() && s.status == "pending";
        stages.push(StageView {
            stage: s.stage,
            status: if lapsed {
                "timed_out".into()
            } else {
                s.status.clone()
            },
            required_approvals: required,
            approvers: ids.iter().map(|a| name(a)).collect::<Result<Vec<_>>>()?,
            started_at: s.started_at,
            deadline: s.started_at.map(|t| t + s.timeout_secs),
            completed_at: if lapsed { timed_out } else { s.completed_at },
        });
    }
    if waiting && timed_out.is_none() {
        // Stages the current settings added while the request waited.
        let last = stored.iter().map(|s| s.stage).max().unwrap_or(0);
        if let Some(rules) = current_rules(c, &req)? {
            for (i, rule) in rules.iter().enumerate().skip(last as usize) {
                stages.push(StageView {
                    stage: i as i64 + 1,
                    status: "waiting".into(),
                    required_approvals: rule.required_approvals,
                    approvers: rule
                        .approvers
                        .iter()
                        .map(|a| name(a))
                        .collect::<Result<Vec<_>>>()?,
                    started_at: None,
                    deadline: None,
                    completed_at: None,
                });
            }
        }
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
    let pending = waiting && timed_out.is_none();
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
        status: if timed_out.is_some() {
            RequestStatus::TimedOut
        } else {
            req.status
        },
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
        completed_at: if timed_out.is_some() {
            timed_out
        } else {
            req.completed_at
        },
        reason: if timed_out.is_some() {
            Some(TIMED_OUT.into())
        } else {
            req.reason
        },
        stages,
        votes,
    })
}

/// Whether the actor may see a request: their own, one they may decide, or one of a role they may
/// view.
fn may_see(c: &Conn, actor: &Principal, grants: &Grants, req: &RequestRow) -> Result<bool> {
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
fn decidable(
    c: &Conn,
    actor: &Principal,
    grants: &Grants,
    req: &RequestRow,
    now: Ts,
) -> Result<bool> {
    if req.status != RequestStatus::PendingApproval || req.principal_id == actor.id {
        return Ok(false);
    }
    let stages = store::request::stages(c, &req.id)?;
    if timed_out_at(&stages, now).is_some() {
        return Ok(false);
    }
    let Some(stage) = stages.into_iter().find(|s| s.status == "pending") else {
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
                decidable(c, actor, grants, &req, ctx.now)?
            } else {
                may_see(c, actor, grants, &req)?
            };
            if !keep {
                continue;
            }
            let v = view(c, req, ctx.now)?;
            // `--pending` lists what still waits: not a request whose stage has timed out.
            if (f.pending || f.to_decide) && v.status != RequestStatus::PendingApproval {
                continue;
            }
            out.push(v);
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
