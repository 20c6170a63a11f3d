//! Access reviews (reference §6): a snapshot of who holds a role at a scope, decided by reviewers
//! or by each principal for themselves, then completed — the default decision fills what nobody
//! decided — and applied: denied assignments are removed.

use crate::store::Conn;
use serde::Serialize;
use serde_json::json;

use super::audit::Entry;
use super::authz::{self, Grants};
use super::builtin::GLOBAL_ADMINISTRATOR;
use super::clock::{Ts, serde_ts};
use super::error::{Error, Result};
use super::model::{AssignmentType, Principal, Role, RoleKind, ScopeKind};
use super::names;
use super::schedule::{self, DAY};
use super::session::{self, Ctx, Op, WriteOpts};
use crate::store::review::{ItemRow, ReviewRow};
use crate::store::{self, Db};

/// Entra's audit category for access reviews.
const CATEGORY: &str = "AccessReviews";
/// The recommendation looks back this far for an activation.
pub const RECOMMENDATION_LOOKBACK_SECS: i64 = 30 * DAY;
/// A review lasts this long unless told otherwise (the portal's default is a month).
pub const DEFAULT_DURATION_SECS: i64 = 30 * DAY;

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct CreateInput {
    pub name: String,
    pub role: String,
    pub scope: Option<String>,
    /// `eligible`, `active` or `all`.
    pub assignment_type: String,
    pub reviewers: Vec<String>,
    pub self_review: bool,
    pub duration: Option<i64>,
    /// `none`, `approve`, `deny` or `recommendation`.
    pub default_decision: String,
    pub auto_apply: bool,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct ReviewView {
    pub id: String,
    pub name: String,
    pub role: String,
    pub role_id: String,
    pub scope: String,
    pub assignment_type: String,
    pub self_review: bool,
    pub reviewers: Vec<String>,
    pub default_decision: String,
    pub auto_apply: bool,
    pub status: String,
    #[serde(with = "serde_ts")]
    pub start: Ts,
    #[serde(with = "serde_ts")]
    pub end: Ts,
    #[serde(with = "serde_ts::option")]
    pub completed_at: Option<Ts>,
    pub applied: bool,
    pub items_total: usize,
    pub items_decided: usize,
    /// Present in `review show`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<ItemView>>,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct ItemView {
    pub assignment_id: String,
    pub principal: String,
    pub principal_id: String,
    pub assignment_type: String,
    #[serde(with = "serde_ts::option")]
    pub last_activation: Option<Ts>,
    /// `approve`, `deny` (not activated for 30 days) or `no_info`.
    pub recommendation: String,
    /// `not_reviewed`, `approve`, `deny` or `dont_know`.
    pub decision: String,
    pub reviewer: Option<String>,
    pub justification: Option<String>,
    #[serde(with = "serde_ts::option")]
    pub decided_at: Option<Ts>,
    /// The decision came from the review's default when it completed.
    pub applied_by_default: bool,
    /// What applying it did: `removed`, `kept`, or why it could not be removed.
    pub apply_result: Option<String>,
}

fn review_id(c: &Conn, text: &str) -> Result<String> {
    names::by_id_prefix(c, "review", text, store::review::ids_with_prefix)
}

fn load(c: &Conn, text: &str) -> Result<ReviewRow> {
    let id = review_id(c, text)?;
    store::review::by_id(c, &id)?.ok_or_else(|| Error::NotFound {
        kind: "review",
        name: id,
        candidates: vec![],
    })
}

fn name_of(c: &Conn, id: &str) -> Result<String> {
    Ok(store::principal::by_id(c, id)?
        .map(|p| p.name)
        .unwrap_or_else(|| id.to_string()))
}

fn view(c: &Conn, r: &ReviewRow, with_items: bool) -> Result<ReviewView> {
    let role = store::role::by_id(c, &r.role_id)?
        .map(|x| x.name)
        .unwrap_or_default();
    let scope = store::scope::by_id(c, r.scope_id)?
        .map(|s| s.path)
        .unwrap_or_default();
    let items = store::review::items(c, &r.id)?;
    let decided = items
        .iter()
        .filter(|i| i.decision != "not_reviewed")
        .count();
    let item_views = if with_items {
        let mut out = Vec::new();
        for i in &items {
            out.push(ItemView {
                assignment_id: i.assignment_id.clone(),
                principal: i.principal_name.clone(),
                principal_id: i.principal_id.clone(),
                assignment_type: i.assignment_type.clone(),
                last_activation: i.last_activation_at,
                recommendation: i.recommendation.clone(),
                decision: i.decision.clone(),
                reviewer: i
                    .reviewer_id
                    .as_deref()
                    .map(|id| name_of(c, id))
                    .transpose()?,
                justification: i.justification.clone(),
                decided_at: i.decided_at,
                applied_by_default: i.applied_by_default,
                apply_result: i.apply_result.clone(),
            });
        }
        Some(out)
    } else {
        None
    };
    Ok(ReviewView {
        id: r.id.clone(),
        name: r.name.clone(),
        role,
        role_id: r.role_id.clone(),
        scope,
        assignment_type: r.assignment_type.clone(),
        self_review: r.self_review,
        reviewers: r
            .reviewers
            .iter()
            .map(|id| name_of(c, id))
            .collect::<Result<_>>()?,
        default_decision: r.default_decision.clone(),
        auto_apply: r.auto_apply,
        status: r.status.clone(),
        start: r.start_at,
        end: r.end_at,
        completed_at: r.completed_at,
        applied: r.applied,
        items_total: items.len(),
        items_decided: decided,
        items: item_views,
    })
}

fn require_manager(c: &Conn, grants: &Grants, role: &Role, scope_id: i64) -> Result<()> {
    let ancestors = store::scope::ancestors(c, scope_id)?;
    if authz::can_manage(grants, role, &ancestors) {
        Ok(())
    } else {
        Err(Error::not_authorized(format!(
            "reviews of '{}' are created and completed by whoever manages its assignments",
            role.name
        )))
    }
}

fn check_choice(what: &str, value: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(Error::invalid_with_hint(
            format!("invalid {what} '{value}'"),
            format!("use one of: {}", allowed.join(", ")),
        ))
    }
}

/// `pim review create`: snapshots the assignments under review.
pub fn create(db: &mut Db, ctx: &Ctx, input: &CreateInput) -> Result<ReviewView> {
    let failure = Entry::new("review.create", "Create access review", CATEGORY);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let now = op.now();
        super::policy::check_text("review name", &input.name, 256)?;
        if input.name.trim().is_empty() {
            return Err(Error::invalid("a review needs a name (--name)"));
        }
        check_choice(
            "assignment type",
            &input.assignment_type,
            &["eligible", "active", "all"],
        )?;
        check_choice(
            "default decision",
            &input.default_decision,
            &["none", "approve", "deny", "recommendation"],
        )?;
        let role = names::role(op.tx, &input.role)?;
        op.failure.set_role(&role);
        let scope = match (&input.scope, role.kind) {
            (Some(s), _) => names::scope(op.tx, s)?,
            (None, RoleKind::Directory) => names::scope(op.tx, "/")?,
            (None, _) => {
                return Err(super::assign::scope_needed(&role));
            }
        };
        op.failure.scope = Some(scope.path.clone());
        require_manager(op.tx, &op.grants, &role, scope.id)?;
        if input.self_review != input.reviewers.is_empty() {
            return Err(Error::invalid_with_hint(
                "name the reviewers or make it a self-review",
                "pass --reviewer P (repeatable) or --self-review",
            ));
        }
        let mut reviewers = Vec::new();
        for r in &input.reviewers {
            let p = names::principal(op.tx, r)?;
            if p.kind == super::model::PrincipalKind::ServicePrincipal {
                return Err(Error::invalid(format!(
                    "'{}' is a service principal and cannot review",
                    p.name
                )));
            }
            if !reviewers.contains(&p.id) {
                reviewers.push(p.id);
            }
        }
        let duration = input.duration.unwrap_or(DEFAULT_DURATION_SECS);
        if duration < schedule::HOUR {
            return Err(Error::invalid("a review lasts at least an hour"));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let row = ReviewRow {
            id: id.clone(),
            name: input.name.clone(),
            role_id: role.id.clone(),
            scope_id: scope.id,
            assignment_type: input.assignment_type.clone(),
            self_review: input.self_review,
            reviewers,
            default_decision: input.default_decision.clone(),
            auto_apply: input.auto_apply,
            status: "in_progress".into(),
            created_by: Some(op.actor.id.clone()),
            start_at: now,
            end_at: schedule::add(now, duration)?,
            completed_at: None,
            applied: false,
        };
        store::review::insert(op.tx, &row)?;
        // The snapshot: the role's assignments at the scope (not activations), in force or
        // scheduled, of the types under review.
        let filter = store::assignment::ListFilter {
            role_id: Some(role.id.clone()),
            scope_id: Some(scope.id),
            kind: match input.assignment_type.as_str() {
                "eligible" => Some(AssignmentType::Eligible),
                "active" => Some(AssignmentType::Active),
                _ => None,
            },
            ..Default::default()
        };
        let mut count = 0;
        for v in store::assignment::list_views(op.tx, &filter, now)? {
            let v = v.view;
            if v.activated_from.is_some() {
                continue;
            }
            let last = if v.kind == AssignmentType::Eligible {
                store::review::last_activation(op.tx, &v.id)?
            } else {
                None
            };
            let recommendation = match (v.kind, last) {
                (AssignmentType::Eligible, Some(t)) if t > now - RECOMMENDATION_LOOKBACK_SECS => {
                    "approve"
                }
                (AssignmentType::Eligible, _) => "deny",
                (AssignmentType::Active, _) => "no_info",
            };
            store::review::insert_item(
                op.tx,
                &ItemRow {
                    review_id: id.clone(),
                    assignment_id: v.id.clone(),
                    principal_id: v.principal_id.clone(),
                    principal_name: v.principal_name.clone(),
                    assignment_type: v.kind.as_str().into(),
                    last_activation_at: last,
                    recommendation: recommendation.into(),
                    decision: "not_reviewed".into(),
                    reviewer_id: None,
                    justification: None,
                    decided_at: None,
                    applied_by_default: false,
                    apply_result: None,
                },
            )?;
            count += 1;
        }
        let e = Entry::new("review.create", "Create access review", CATEGORY).role(&role).scope(&scope.path).details(json!({
            "review_id": id, "name": input.name, "items": count, "assignment_type": input.assignment_type,
            "self_review": input.self_review, "default_decision": input.default_decision, "auto_apply": input.auto_apply,
            "end": super::clock::rfc3339(row.end_at),
        }));
        op.audit(&e)?;
        view(op.tx, &row, true)
    })
}

/// Whether `who` may decide an item: a listed reviewer (or a member of a listed group), or in a
/// self-review the principal itself. A reviewer never decides their own access: not their own
/// item, nor the item of a group they are a member of.
fn may_decide(grants: &Grants, who: &Principal, r: &ReviewRow, item: &ItemRow) -> Result<bool> {
    if who.kind == super::model::PrincipalKind::Group {
        return Ok(false);
    }
    if r.self_review {
        return Ok(item.principal_id == who.id);
    }
    if own_item(grants, who, item) {
        return Ok(false);
    }
    if r.reviewers.contains(&who.id) {
        return Ok(true);
    }
    Ok(r.reviewers.iter().any(|g| grants.groups.contains_key(g)))
}

/// Whether an item is about the reviewer's own access: theirs, or a group's they are in.
fn own_item(grants: &Grants, who: &Principal, item: &ItemRow) -> bool {
    item.principal_id == who.id || grants.groups.contains_key(&item.principal_id)
}

fn may_see(c: &Conn, who: &Principal, grants: &Grants, r: &ReviewRow) -> Result<bool> {
    let role = store::role::by_id(c, &r.role_id)?.ok_or_else(|| Error::invalid("role vanished"))?;
    let ancestors = store::scope::ancestors(c, r.scope_id)?;
    if authz::can_manage(grants, &role, &ancestors)
        || authz::can_view(grants, role.kind, &ancestors)
    {
        return Ok(true);
    }
    for item in store::review::items(c, &r.id)? {
        if may_decide(grants, who, r, &item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

pub fn list(db: &mut Db, ctx: &Ctx) -> Result<Vec<ReviewView>> {
    session::read(db, ctx, |c, actor, grants| {
        let mut out = Vec::new();
        for r in store::review::list(c)? {
            if may_see(c, actor, grants, &r)? {
                out.push(view(c, &r, false)?);
            }
        }
        Ok(out)
    })
}

pub fn show(db: &mut Db, ctx: &Ctx, id: &str) -> Result<ReviewView> {
    session::read(db, ctx, |c, actor, grants| {
        let r = load(c, id)?;
        if !may_see(c, actor, grants, &r)? {
            return Err(Error::not_authorized("you may not see this review"));
        }
        view(c, &r, true)
    })
}

/// The items the actor may still decide, for the interactive walk.
pub fn undecided_for_me(db: &mut Db, ctx: &Ctx, id: &str) -> Result<Vec<ItemView>> {
    session::read(db, ctx, |c, actor, grants| {
        let r = load(c, id)?;
        let mut out = Vec::new();
        let all = view(c, &r, true)?.items.unwrap_or_default();
        for (item, v) in store::review::items(c, &r.id)?.iter().zip(all) {
            if r.status == "in_progress"
                && item.decision == "not_reviewed"
                && may_decide(grants, actor, &r, item)?
            {
                out.push(v);
            }
        }
        Ok(out)
    })
}

/// `pim review decide ID --principal P --decision D --justification J`.
pub fn decide(
    db: &mut Db,
    ctx: &Ctx,
    id: &str,
    principal: &str,
    decision: &str,
    justification: Option<&str>,
) -> Result<ItemView> {
    let failure = Entry::new("review.decide", "Record access review decision", CATEGORY);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let now = op.now();
        check_choice("decision", decision, &["approve", "deny", "dont_know"])?;
        let r = load(op.tx, id)?;
        let role = store::role::by_id(op.tx, &r.role_id)?
            .ok_or_else(|| Error::invalid("role vanished"))?;
        op.failure.set_role(&role);
        let p = names::principal(op.tx, principal)?;
        op.failure.set_principal(&p);
        if r.status != "in_progress" {
            return Err(Error::conflict(format!(
                "review {} is {}",
                &r.id[..8],
                r.status
            )));
        }
        let items: Vec<ItemRow> = store::review::items(op.tx, &r.id)?
            .into_iter()
            .filter(|i| i.principal_id == p.id)
            .collect();
        if items.is_empty() {
            return Err(Error::NotFound {
                kind: "review item",
                name: format!("{} in review {}", p.name, &r.id[..8]),
                candidates: vec![],
            });
        }
        if !may_decide(&op.grants, &op.actor, &r, &items[0])? {
            return Err(Error::not_authorized(if r.self_review {
                "in a self-review each principal decides only their own access".to_string()
            } else if own_item(&op.grants, &op.actor, &items[0]) {
                format!(
                    "a reviewer does not decide their own access ('{}'{})",
                    p.name,
                    if p.id == op.actor.id {
                        ""
                    } else {
                        ", a group you are a member of"
                    }
                )
            } else {
                "you are not a reviewer of this review".to_string()
            }));
        }
        let j = justification.filter(|j| !j.trim().is_empty());
        if let Some(j) = j {
            super::policy::check_text("justification", j, super::assign::MAX_JUSTIFICATION)?;
        }
        if j.is_none() {
            return Err(Error::policy_with_hint(
                super::policy::rule::JUSTIFICATION,
                "a review decision needs a reason",
                "pass --justification",
            ));
        }
        for item in &items {
            store::review::decide(
                op.tx,
                &r.id,
                &item.assignment_id,
                decision,
                Some(&op.actor.id),
                j,
                now,
                false,
            )?;
        }
        let mut e = Entry::new("review.decide", "Record access review decision", CATEGORY)
            .role(&role)
            .principal(&p)
            .details(json!({
                "review_id": r.id, "decision": decision, "items": items.len(),
            }));
        e.justification = j.map(str::to_string);
        e.assignment_id = Some(items[0].assignment_id.clone());
        op.audit(&e)?;
        let v = view(op.tx, &r, true)?;
        v.items
            .unwrap_or_default()
            .into_iter()
            .find(|i| i.principal_id == p.id)
            .ok_or_else(|| Error::invalid("item vanished"))
    })
}

/// Why applying a review keeps an assignment it denied, if it does: it is the last active Global or
/// Privileged Role Administrator, or a break-glass account's.
fn protected(c: &Conn, a: &super::model::Assignment, now: Ts) -> Result<Option<String>> {
    if let Some(why) = last_administrator(c, a, now)? {
        return Ok(Some(why));
    }
    // Emergency access is not taken away by a review: a break-glass account keeps what it holds.
    if store::principal::by_id(c, &a.principal_id)?.is_some_and(|p| p.break_glass) {
        return Ok(Some("kept: a break-glass account".into()));
    }
    Ok(None)
}

/// Whether removing this assignment (with the activations made from it) would take away the last
/// active Global or Privileged Role Administrator, as the protections count it.
fn last_administrator(c: &Conn, a: &super::model::Assignment, now: Ts) -> Result<Option<String>> {
    let Some(scope) = store::scope::by_id(c, a.scope_id)? else {
        return Ok(None);
    };
    if a.kind == AssignmentType::Eligible
        && a.role_id == GLOBAL_ADMINISTRATOR
        && scope.kind == ScopeKind::Root
        && super::protect::horizon(c, GLOBAL_ADMINISTRATOR, scope.id, now, &[])?
            == super::protect::Horizon::Nobody
    {
        return Ok(Some(
            "kept: no active Global Administrator would remain".into(),
        ));
    }
    // Removing it ends every activation whose path passes through it (the holder's, and a
    // group's members' made from it or through a membership it grants).
    let through = store::activation_path::live_through(
        c,
        store::activation_path::Through::Assignment(&a.id),
        now,
    )?;
    let mut ids: Vec<&str> = vec![a.id.as_str()];
    ids.extend(through.iter().map(String::as_str));
    Ok(match super::protect::check_removal(c, now, &ids)? {
        Some(Error::Protected { rule, .. }) => Some(if rule == super::protect::PROTECTED[0].2 {
            format!("kept: the last active Global Administrator assignment ({rule})")
        } else {
            format!("kept: the last active Privileged Role Administrator assignment ({rule})")
        }),
        _ => None,
    })
}

/// Completes a review within a write: the default decision fills what nobody decided, and with
/// `apply` denied assignments are removed.
fn complete_in(op: &mut Op<'_>, r: &ReviewRow, apply: bool, by_system: bool) -> Result<()> {
    let now = op.now();
    let role =
        store::role::by_id(op.tx, &r.role_id)?.ok_or_else(|| Error::invalid("role vanished"))?;
    let scope = store::scope::by_id(op.tx, r.scope_id)?
        .map(|s| s.path)
        .unwrap_or_default();
    let mut defaulted = 0;
    let mut removed = 0;
    let mut kept = Vec::new();
    for item in store::review::items(op.tx, &r.id)? {
        let mut decision = item.decision.clone();
        if decision == "not_reviewed" {
            let fill = match (r.default_decision.as_str(), item.recommendation.as_str()) {
                ("approve", _) => Some("approve"),
                ("deny", _) => Some("deny"),
                ("recommendation", "approve") => Some("approve"),
                ("recommendation", "deny") => Some("deny"),
                _ => None,
            };
            if let Some(d) = fill {
                store::review::decide(
                    op.tx,
                    &r.id,
                    &item.assignment_id,
                    d,
                    None,
                    Some("default decision"),
                    now,
                    true,
                )?;
                decision = d.to_string();
                defaulted += 1;
            }
        }
        if !apply {
            continue;
        }
        let result = if decision != "deny" {
            "kept".to_string()
        } else {
            match store::assignment::by_id(op.tx, &item.assignment_id)? {
                None => "not found".to_string(),
                Some(a) if a.removed_at.is_some() || a.end_at.is_some_and(|e| e <= now) => {
                    "already ended".to_string()
                }
                Some(a) => match protected(op.tx, &a, now)? {
                    Some(why) => {
                        kept.push(json!({ "principal": item.principal_name, "assignment_id": a.id, "reason": why }));
                        why
                    }
                    None => {
                        super::assign::remove_in(op, &a, super::assign::RemovalCause::Review)?;
                        removed += 1;
                        "removed".to_string()
                    }
                },
            }
        };
        store::review::set_apply_result(op.tx, &r.id, &item.assignment_id, &result)?;
    }
    store::review::complete(op.tx, &r.id, now, apply)?;
    let e = Entry::new("review.complete", if apply { "Apply access review decisions" } else { "Complete access review" }, CATEGORY)
        .role(&role)
        .scope(&scope)
        .details(json!({
            "review_id": r.id, "name": r.name, "applied": apply, "defaulted": defaulted, "removed": removed,
            "kept_by_protection": kept, "automatic": by_system,
        }));
    if by_system {
        op.audit_system(&e)?
    } else {
        op.audit(&e)?
    };
    Ok(())
}

/// `pim review complete ID [--apply]`.
pub fn complete(db: &mut Db, ctx: &Ctx, id: &str, apply: bool) -> Result<ReviewView> {
    let failure = Entry::new("review.complete", "Complete access review", CATEGORY);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let r = load(op.tx, id)?;
        let role = store::role::by_id(op.tx, &r.role_id)?
            .ok_or_else(|| Error::invalid("role vanished"))?;
        op.failure.set_role(&role);
        require_manager(op.tx, &op.grants, &role, r.scope_id)?;
        if r.status != "in_progress" {
            return Err(Error::conflict(format!(
                "review {} is already {}",
                &r.id[..8],
                r.status
            )));
        }
        complete_in(op, &r, apply || r.auto_apply, false)?;
        let done =
            store::review::by_id(op.tx, &r.id)?.ok_or_else(|| Error::invalid("review vanished"))?;
        view(op.tx, &done, true)
    })
}

/// Reviews past their end complete themselves (applied when set to auto-apply), recorded by the
/// next write or `pim sweep`.
pub fn complete_due(op: &mut Op<'_>) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for r in store::review::due(op.tx, op.now())? {
        complete_in(op, &r, r.auto_apply, true)?;
        out.push(r.id);
    }
    Ok(out)
}
