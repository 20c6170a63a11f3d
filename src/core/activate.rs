//! Just-in-time activation: an eligible principal turns a role on for a bounded time, under the
//! rules its role settings set, and turns it off again.

use crate::store::Conn;
use serde::Serialize;
use serde_json::json;

use super::assign::category_of;
use super::audit::{Entry, category};
use super::clock::{Ts, rfc3339, serde_ts};
use super::error::{Error, Result};
use super::model::{
    Assignment, AssignmentType, AssignmentView, Principal, PrincipalKind, RequestAction,
    RequestStatus, Role, RoleKind, Scope,
};
use super::names;
use super::policy::{self, RoleSettings, rule};
use super::schedule::{self, MIN_ASSIGNMENT_SECS, format_duration};
use super::session::{self, Ctx, Op, WriteOpts};
use crate::store::{self, Db};

/// What a principal asks for when activating.
#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivateInput {
    pub role: String,
    pub scope: Option<String>,
    pub justification: Option<String>,
    pub ticket_number: Option<String>,
    pub ticket_system: Option<String>,
    /// Seconds; default: the role's maximum.
    pub duration: Option<i64>,
    pub start: Option<Ts>,
    pub otp: Option<String>,
}

/// How an activation request ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// In force now.
    Activated,
    /// Granted from a later start.
    Scheduled,
    /// Already in force (or scheduled) for that window: nothing was duplicated.
    AlreadyActive,
    /// Recorded, waiting for approval.
    PendingApproval,
    /// An earlier request for the same role and scope is still waiting for approval.
    AlreadyPending,
    /// Dry run: every rule is met; this is what would happen.
    WouldActivate,
    /// Dry run: every rule is met; approval would be asked.
    WouldRequestApproval,
    /// Dry run: these rules would refuse it.
    WouldBeRefused,
    /// Refused (in an activation set, where each entry reports its own result).
    Refused,
    /// Failed (in an activation set).
    Failed,
}

/// A rule that would refuse the request.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Violation {
    pub rule: String,
    pub message: String,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct ActivationResult {
    pub outcome: Outcome,
    pub role: String,
    pub scope: String,
    pub request_id: Option<String>,
    pub assignment_id: Option<String>,
    pub eligibility_id: Option<String>,
    #[serde(with = "serde_ts::option")]
    pub start: Option<Ts>,
    #[serde(with = "serde_ts::option")]
    pub end: Option<Ts>,
    /// True when the end was cut short by the end of the eligibility.
    pub clipped: bool,
    pub approval_stages: usize,
    pub violations: Vec<Violation>,
    /// For a refused or failed entry of an activation set: why.
    pub error: Option<String>,
    #[serde(skip)]
    pub exit: u8,
}

impl ActivationResult {
    fn new(outcome: Outcome, role: &Role, scope: &str) -> ActivationResult {
        ActivationResult {
            outcome,
            role: role.name.clone(),
            scope: scope.to_string(),
            request_id: None,
            assignment_id: None,
            eligibility_id: None,
            start: None,
            end: None,
            clipped: false,
            approval_stages: 0,
            violations: vec![],
            error: None,
            exit: 0,
        }
    }
}

/// The principal, the groups it is a member of at `at` (statically or through PIM for Groups):
/// whoever's eligibility it may use.
pub fn holders(c: &Conn, p: &Principal, at: Ts) -> Result<Vec<String>> {
    let mut h = vec![p.id.clone()];
    if p.kind != PrincipalKind::Group {
        h.extend(super::membership::groups(c, &p.id, at)?);
    }
    Ok(h)
}

/// Resolves the role and scope asked for. Without `--scope`, a directory role means `/`; an Azure
/// role means the scope of the principal's one eligibility for it.
fn resolve_target(
    c: &Conn,
    p: &Principal,
    role_text: &str,
    scope_text: Option<&str>,
    now: Ts,
) -> Result<(Role, Scope)> {
    let role = names::role(c, role_text)?;
    let scope = match (scope_text, role.kind) {
        (Some(s), _) => names::scope(c, s)?,
        (None, RoleKind::Directory) => names::scope(c, "/")?,
        (None, _) => {
            let hs = holders(c, p, now)?;
            let mut scopes: Vec<i64> = store::assignment::eligible_of(c, &hs, now)?
                .into_iter()
                .filter(|a| a.role_id == role.id)
                .map(|a| a.scope_id)
                .collect();
            scopes.sort_unstable();
            scopes.dedup();
            match scopes.as_slice() {
                [one] => {
                    store::scope::by_id(c, *one)?.ok_or_else(|| Error::invalid("scope vanished"))?
                }
                [] => {
                    return Err(Error::policy_with_hint(
                        rule::ELIGIBILITY,
                        format!(
                            "'{}' holds no eligible assignment of '{}'",
                            p.name, role.name
                        ),
                        "see what you can activate with `pim status`",
                    ));
                }
                many => {
                    let mut paths = Vec::new();
                    for id in many {
                        if let Some(s) = store::scope::by_id(c, *id)? {
                            paths.push(s.path);
                        }
                    }
                    return Err(Error::invalid_with_hint(
                        format!(
                            "'{}' is eligible for '{}' at several scopes",
                            p.name, role.name
                        ),
                        format!("pass --scope, one of: {}", paths.join(", ")),
                    ));
                }
            }
        }
    };
    Ok((role, scope))
}

/// Checks the typed texts and gathers every rule the request breaks.
fn gather_violations(
    settings: &RoleSettings,
    input: &ActivateInput,
    duration: i64,
) -> Result<Vec<Violation>> {
    let mut v = Vec::new();
    let act = &settings.activation;
    if let Some(j) = &input.justification {
        policy::check_text("justification", j, super::assign::MAX_JUSTIFICATION)?;
    }
    for (what, t) in [
        ("ticket number", &input.ticket_number),
        ("ticket system", &input.ticket_system),
    ] {
        if let Some(t) = t {
            policy::check_text(what, t, super::assign::MAX_TICKET)?;
        }
    }
    if duration > act.max_duration_secs {
        v.push(Violation {
            rule: rule::EXPIRATION.into(),
            message: format!(
                "{} is longer than this role's maximum activation of {}",
                format_duration(duration),
                format_duration(act.max_duration_secs)
            ),
        });
    }
    if duration < MIN_ASSIGNMENT_SECS {
        v.push(Violation {
            rule: rule::EXPIRATION.into(),
            message: "an activation cannot last less than 5 minutes".into(),
        });
    }
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|t| t.trim().is_empty());
    if act.require_justification && blank(&input.justification) {
        v.push(Violation {
            rule: rule::JUSTIFICATION.into(),
            message: "this role requires a justification to activate (pass --justification)".into(),
        });
    }
    if act.require_ticket && (blank(&input.ticket_number) || blank(&input.ticket_system)) {
        v.push(Violation {
            rule: rule::TICKETING.into(),
            message: "this role requires ticket information to activate (pass --ticket-number and --ticket-system)".into(),
        });
    }
    Ok(v)
}

pub(crate) fn refusal(violations: &[Violation]) -> Error {
    let first = &violations[0];
    let rule_name: &'static str = match first.rule.as_str() {
        "ExpirationRule" => rule::EXPIRATION,
        "JustificationRule" => rule::JUSTIFICATION,
        "TicketingRule" => rule::TICKETING,
        "MfaRule" => rule::MFA,
        "ApprovalRule" => rule::APPROVAL,
        _ => rule::ELIGIBILITY,
    };
    let mut message = first.message.clone();
    for other in &violations[1..] {
        message.push_str(&format!("; {}: {}", other.rule, other.message));
    }
    Error::policy(rule_name, message)
}

/// Whether MFA was already checked in this write (an activation set checks one code once).
pub use super::mfa::MfaState;

fn activation_activity(done: bool) -> &'static str {
    if done {
        "Add member to role completed (PIM activation)"
    } else {
        "Add member to role requested (PIM activation)"
    }
}

/// Activates within a write; `dry_run` reports every rule that would fail instead of the first.
pub fn activate_in(
    op: &mut Op<'_>,
    input: &ActivateInput,
    mfa: &mut MfaState,
    dry_run: bool,
) -> Result<ActivationResult> {
    let now = op.now();
    let actor = op.actor.clone();
    op.failure.action = "activation.request".into();
    op.failure.activity = activation_activity(false).into();
    op.failure.set_principal(&actor);
    op.failure.justification = input.justification.clone();
    op.failure.ticket_number = input.ticket_number.clone();
    op.failure.ticket_system = input.ticket_system.clone();
    let (role, scope) = resolve_target(op.tx, &actor, &input.role, input.scope.as_deref(), now)?;
    op.failure.set_role(&role);
    op.failure.scope = Some(scope.path.clone());
    op.failure.category = category_of(role.kind).into();
    super::assign::check_fit(&role, &scope)?;
    let start = input.start.unwrap_or(now).max(now);

    // The eligibility: the principal's own or a group's, at the scope or above it, in force at
    // the start, through a path that lasts past the start. The one that lasts longest wins.
    let ancestors = store::scope::ancestors(op.tx, scope.id)?;
    let found = usable_eligibilities(op.tx, &actor, &role.id, &ancestors, start, now)?;
    // One live activation per eligibility: one in force (or scheduled) at this scope or above it
    // already covers the request; one at a narrower scope must be ended first.
    for (e, _) in &found {
        for live in store::assignment::live_activations_by(op.tx, &actor.id, &e.id, now)? {
            if ancestors.contains(&live.scope_id) {
                let mut result = ActivationResult::new(Outcome::AlreadyActive, &role, &scope.path);
                result.eligibility_id = Some(e.id.clone());
                result.assignment_id = Some(live.id.clone());
                result.request_id = live.request_id.clone();
                result.start = Some(live.start_at);
                result.end = live.end_at;
                return Ok(result);
            }
        }
    }
    let Some((eligibility, path)) = found.into_iter().next() else {
        return Err(Error::policy_with_hint(
            rule::ELIGIBILITY,
            format!(
                "'{}' holds no eligible assignment of '{}' at {} or above it{}",
                actor.name,
                role.name,
                scope.path,
                if start > now {
                    format!(" at {}", op.ctx.when(start))
                } else {
                    String::new()
                }
            ),
            "see what you can activate with `pim status`",
        ));
    };
    // A service principal never activates, not even a group's eligibility it could reach.
    refuse_service_principal(&actor)?;
    // Settings are those of the eligibility's role and scope: asking for a narrower scope never
    // escapes them.
    let settings = store::settings::get(op.tx, &role.id, eligibility.scope_id)?.unwrap_or_default();
    let duration = input
        .duration
        .unwrap_or(settings.activation.max_duration_secs);
    let wanted_end = schedule::add(start, duration)?;
    // Never past the end of the eligibility, nor of any membership the path goes through.
    let (end, clipped) = match path.end {
        Some(e) if e < wanted_end => (e, true),
        _ => (wanted_end, false),
    };
    let mut result = ActivationResult::new(Outcome::Activated, &role, &scope.path);
    result.eligibility_id = Some(eligibility.id.clone());
    result.start = Some(start);
    result.end = Some(end);
    result.clipped = clipped;

    // Already in force (or scheduled) for this window: report it, duplicate nothing.
    if let Some(existing) = store::assignment::overlapping(
        op.tx,
        &actor.id,
        &role.id,
        scope.id,
        AssignmentType::Active,
        start,
        Some(end),
        None,
    )? && let Some(a) = store::assignment::by_id(op.tx, &existing)?
    {
        result.outcome = Outcome::AlreadyActive;
        result.assignment_id = Some(a.id.clone());
        result.start = Some(a.start_at);
        result.end = a.end_at;
        result.clipped = false;
        return Ok(result);
    }
    if let Some(live) =
        store::assignment::live_activations_by(op.tx, &actor.id, &eligibility.id, now)?
            .into_iter()
            .next()
    {
        let at = store::scope::by_id(op.tx, live.scope_id)?
            .map(|s| s.path)
            .unwrap_or_default();
        return Err(Error::Conflict {
            message: format!(
                "an activation of this eligibility is already live at {at} (until {}): one activation per eligibility",
                live.end_at
                    .map(rfc3339)
                    .unwrap_or_else(|| "it is removed".into())
            ),
            hint: Some(format!(
                "deactivate it first: pim deactivate --role '{}' --scope '{at}'",
                role.name
            )),
        });
    }
    if let Some(pending) = store::request::open_for(
        op.tx,
        &actor.id,
        &role.id,
        scope.id,
        &[RequestAction::SelfActivate],
    )?
    .or(store::request::open_activation_of(
        op.tx,
        &actor.id,
        &eligibility.id,
    )?) {
        result.outcome = Outcome::AlreadyPending;
        result.request_id = Some(pending);
        result.exit = 5;
        return Ok(result);
    }

    let mut violations = gather_violations(&settings, input, duration)?;
    if clipped && end - start < MIN_ASSIGNMENT_SECS {
        violations.push(Violation {
            rule: rule::ELIGIBILITY.into(),
            message: format!(
                "the eligibility ends at {}, less than 5 minutes after the start",
                op.ctx.when(end)
            ),
        });
    }
    if settings.activation.require_mfa && !mfa.verified {
        if dry_run {
            // A dry run never tries a code: it would let anyone test codes without the attempts
            // counting towards the lock-out. It says only whether the rule stands in the way.
            let enrolment = store::mfa::get(op.tx, &actor.id)?.filter(|e| e.is_confirmed());
            if enrolment.is_none() {
                violations.push(Violation {
                    rule: rule::MFA.into(),
                    message: "this role requires multi-factor authentication and you are not enrolled (`pim mfa enroll`)".into(),
                });
            } else if let Some(until) = enrolment.and_then(|e| e.locked_at(now)) {
                violations.push(Violation {
                    rule: rule::MFA.into(),
                    message: format!(
                        "MFA of '{}' is locked until {} after {} wrong codes in a row",
                        actor.name,
                        rfc3339(until),
                        super::mfa::MAX_FAILURES
                    ),
                });
            } else if input.otp.is_none() {
                violations.push(Violation {
                    rule: rule::MFA.into(),
                    message:
                        "this role requires multi-factor authentication to activate (pass --otp)"
                            .into(),
                });
            }
        } else if violations.is_empty() {
            // Refused with verify_in's own message and hint; a wrong code counts.
            mfa.verify(op, &actor, input.otp.as_deref(), super::mfa::code_required)?;
        } else {
            // Other rules already refuse it: a code is not spent (nor counted) on a lost cause.
            violations.push(Violation {
                rule: rule::MFA.into(),
                message: "this role requires multi-factor authentication to activate (pass --otp)"
                    .into(),
            });
        }
    }
    if !violations.is_empty() {
        if dry_run {
            result.outcome = Outcome::WouldBeRefused;
            result.violations = violations;
            result.exit = 4;
            return Ok(result);
        }
        return Err(refusal(&violations));
    }

    let request_id = uuid::Uuid::new_v4().to_string();
    result.request_id = Some(request_id.clone());
    let needs_approval = settings.activation.require_approval;
    let status = if needs_approval {
        RequestStatus::PendingApproval
    } else if start > now {
        RequestStatus::Scheduled
    } else {
        RequestStatus::Provisioned
    };
    let assignment_id = (!needs_approval).then(|| uuid::Uuid::new_v4().to_string());
    store::request::insert(
        op.tx,
        &store::request::NewRequest {
            id: &request_id,
            action: RequestAction::SelfActivate,
            status,
            principal_id: &actor.id,
            role_id: &role.id,
            scope_id: scope.id,
            kind: AssignmentType::Active,
            start_at: Some(start),
            end_at: Some(end),
            justification: input.justification.as_deref(),
            ticket_number: input.ticket_number.as_deref(),
            ticket_system: input.ticket_system.as_deref(),
            requested_by: Some(&actor.id),
            created_at: now,
            completed_at: (!needs_approval).then_some(now),
            target_assignment_id: assignment_id.as_deref(),
        },
    )?;
    store::request::set_activation_fields(
        op.tx,
        &request_id,
        Some(&eligibility.id),
        Some(duration),
        mfa.verified,
    )?;

    let mut e = Entry::new(
        "activation.request",
        activation_activity(true),
        category_of(role.kind),
    )
    .principal(&actor)
    .role(&role)
    .scope(&scope.path);
    e.request_id = Some(request_id.clone());
    e.justification = input.justification.clone();
    e.ticket_number = input.ticket_number.clone();
    e.ticket_system = input.ticket_system.clone();
    e.start_at = Some(start);
    e.end_at = Some(end);

    if needs_approval {
        let stages = approval_stages(&settings);
        for (i, s) in stages.iter().enumerate() {
            let approvers = serde_json::to_string(&s.approvers).unwrap_or_else(|_| "[]".into());
            store::request::insert_stage(
                op.tx,
                &store::request::NewStage {
                    request_id: &request_id,
                    stage: i as i64 + 1,
                    approvers_json: &approvers,
                    required_approvals: i64::from(s.required_approvals.max(1)),
                    timeout_secs: i64::from(s.timeout_days.max(1)) * schedule::DAY,
                    require_justification: s.require_approver_justification,
                    started_at: (i == 0).then_some(now),
                },
            )?;
        }
        result.outcome = if dry_run {
            Outcome::WouldRequestApproval
        } else {
            Outcome::PendingApproval
        };
        result.approval_stages = stages.len();
        result.exit = 5;
        e.activity = "Add member to role approval requested (PIM activation)".into();
        e.details = Some(json!({
            "eligibility_id": eligibility.id, "duration": schedule::iso_duration(duration),
            "mfa": mfa.verified, "stages": stages.len(), "status": status.as_str(),
            "path": super::path::describe(op.tx, &path)?,
        }));
        op.audit(&e)?;
        super::notify::approval_needed(op, &request_id, 1)?;
        if dry_run {
            // It was never made: no ID to show.
            result.request_id = None;
        }
        return Ok(result);
    }

    let assignment_id = assignment_id.unwrap_or_default();
    let activation = Assignment {
        id: assignment_id.clone(),
        principal_id: actor.id.clone(),
        role_id: role.id.clone(),
        scope_id: scope.id,
        kind: AssignmentType::Active,
        start_at: start,
        end_at: Some(end),
        activated_from: Some(eligibility.id.clone()),
        renewed_from: None,
        request_id: Some(request_id.clone()),
        justification: input.justification.clone(),
        ticket_number: input.ticket_number.clone(),
        ticket_system: input.ticket_system.clone(),
        created_at: now,
        created_by: Some(actor.id.clone()),
        removed_at: None,
        removed_by: None,
    };
    store::assignment::insert(op.tx, &activation)?;
    super::path::record(op.tx, &activation.id, &path)?;
    result.assignment_id = Some(assignment_id.clone());
    result.outcome = match (dry_run, start > now) {
        (true, _) => Outcome::WouldActivate,
        (false, true) => Outcome::Scheduled,
        (false, false) => Outcome::Activated,
    };
    e.assignment_id = Some(assignment_id);
    e.details = Some(json!({
        "eligibility_id": eligibility.id, "duration": schedule::iso_duration(duration),
        "clipped": clipped, "mfa": mfa.verified, "status": status.as_str(),
        "path": super::path::describe(op.tx, &path)?,
    }));
    op.audit(&e)?;
    super::notify::activated(op, &activation, eligibility.scope_id)?;
    if dry_run {
        // Neither was made: no IDs to show.
        result.request_id = None;
        result.assignment_id = None;
    }
    Ok(result)
}

/// Only users act for themselves; a service principal holds active, time-bound assignments only
/// and can never be eligible, not even through a group it is a member of.
pub(crate) fn refuse_service_principal(p: &Principal) -> Result<()> {
    if p.kind == PrincipalKind::ServicePrincipal {
        return Err(Error::policy_with_hint(
            rule::PRINCIPAL_TYPE,
            format!(
                "'{}' is a service principal: service principals cannot be eligible or activate, not even through a group",
                p.name
            ),
            "give it an active, time-bound assignment instead (pim assign --type active --duration D)",
        ));
    }
    Ok(())
}

/// The eligibilities of `role` that `p` may activate at a scope (`ancestors`: the scope and those
/// above it) from `start`: its own or a group's, each with the path it is held through, whose
/// path lasts past the start. The longest-lasting first.
pub(crate) fn usable_eligibilities(
    c: &Conn,
    p: &Principal,
    role_id: &str,
    ancestors: &[i64],
    start: Ts,
    now: Ts,
) -> Result<Vec<(Assignment, super::path::Path)>> {
    let groups = if p.kind == PrincipalKind::Group {
        Default::default()
    } else {
        super::membership::paths(c, &p.id, now)?
    };
    let mut ids: Vec<String> = groups.keys().cloned().collect();
    ids.sort();
    let mut hs = vec![p.id.clone()];
    hs.extend(ids);
    let mut out = Vec::new();
    for e in store::assignment::eligibilities(c, &hs, role_id, ancestors, start)? {
        if let Some(path) = super::path::resolve_through(c, p, &e, now, &groups)?
            && path.end.is_none_or(|end| end > start)
        {
            out.push((e, path));
        }
    }
    out.sort_by_key(|(_, path)| std::cmp::Reverse(path.end.unwrap_or(i64::MAX)));
    Ok(out)
}

/// The stages a request goes through: the settings' stages, or for a directory role without
/// approvers one stage decided by Global and Privileged Role Administrators (empty approvers).
pub fn approval_stages(settings: &RoleSettings) -> Vec<policy::ApprovalStage> {
    if settings.activation.approval_stages.is_empty() {
        vec![policy::ApprovalStage::default()]
    } else {
        settings.activation.approval_stages.clone()
    }
}

/// `pim activate` for one role.
pub fn activate(
    db: &mut Db,
    ctx: &Ctx,
    input: &ActivateInput,
    dry_run: bool,
) -> Result<ActivationResult> {
    let failure = Entry::new(
        "activation.request",
        activation_activity(false),
        category::ROLE,
    );
    session::write(db, ctx, failure, WriteOpts { dry_run }, |op| {
        activate_in(op, input, &mut MfaState::default(), dry_run)
    })
}

/// The exit code of an error, for reporting entries of an activation set.
pub type ExitOf = fn(&Error) -> u8;

/// `pim activate --from FILE`: every entry in one write, each reporting its own result; one
/// code is checked once for all entries that need MFA.
pub fn activate_set(
    db: &mut Db,
    ctx: &Ctx,
    entries: &[ActivateInput],
    dry_run: bool,
    exit_of: ExitOf,
) -> Result<Vec<ActivationResult>> {
    let failure = Entry::new(
        "activation.request",
        activation_activity(false),
        category::ROLE,
    );
    session::write(db, ctx, failure, WriteOpts { dry_run }, |op| {
        let mut mfa = MfaState::default();
        let mut results = Vec::with_capacity(entries.len());
        for input in entries {
            let saved = op.failure.clone();
            let effects_before = op.on_failure.len();
            match activate_in(op, input, &mut mfa, dry_run) {
                Ok(r) => results.push(r),
                Err(e @ Error::Store(_)) => return Err(e),
                Err(e) => {
                    // Each refused entry is audited, in this write, and the others go on.
                    if !dry_run {
                        let mut row = op.failure.clone();
                        row.reason = Some(e.to_string());
                        op.audit_failure(&row)?;
                        let effects: Vec<_> = op.on_failure.drain(effects_before..).collect();
                        op.apply_effects(&effects)?;
                    }
                    let mut r = ActivationResult {
                        outcome: if matches!(e, Error::Policy { .. } | Error::NotAuthorized { .. })
                        {
                            Outcome::Refused
                        } else {
                            Outcome::Failed
                        },
                        role: input.role.clone(),
                        scope: input.scope.clone().unwrap_or_default(),
                        request_id: None,
                        assignment_id: None,
                        eligibility_id: None,
                        start: None,
                        end: None,
                        clipped: false,
                        approval_stages: 0,
                        violations: vec![],
                        error: Some(e.to_string()),
                        exit: exit_of(&e),
                    };
                    if let Error::Policy { rule, message, .. } = &e {
                        r.violations.push(Violation {
                            rule: (*rule).into(),
                            message: message.clone(),
                        });
                    }
                    results.push(r);
                }
            }
            *op.failure = saved;
        }
        Ok(results)
    })
}

/// What `pim deactivate` did with one activation.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Deactivation {
    pub assignment_id: String,
    pub role: String,
    pub scope: String,
    /// `deactivated`, or `skipped` with the reason.
    pub outcome: String,
    pub reason: Option<String>,
    #[serde(with = "serde_ts::option")]
    pub not_before: Option<Ts>,
}

/// `pim deactivate`: ends the actor's own activations of a role (or all of them). An activation
/// that started less than 5 minutes ago cannot be deactivated yet (Entra's rule); one that has not
/// started is simply withdrawn.
pub fn deactivate(
    db: &mut Db,
    ctx: &Ctx,
    role: Option<&str>,
    scope: Option<&str>,
) -> Result<Vec<Deactivation>> {
    let failure = Entry::new(
        "activation.deactivate",
        "Remove member from role requested (PIM deactivate)",
        category::ROLE,
    );
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let now = op.now();
        let actor = op.actor.clone();
        op.failure.set_principal(&actor);
        let filter = match role {
            Some(r) => {
                let (role, scope) = resolve_target_for_deactivation(op.tx, &actor, r, scope)?;
                op.failure.set_role(&role);
                op.failure.scope = Some(scope.path.clone());
                op.failure.category = category_of(role.kind).into();
                Some((role.id, scope.id))
            }
            None => None,
        };
        let mine: Vec<Assignment> =
            store::assignment::active_live_of(op.tx, std::slice::from_ref(&actor.id), now)?
                .into_iter()
                .filter(|a| a.activated_from.is_some())
                .filter(|a| {
                    filter
                        .as_ref()
                        .is_none_or(|(r, s)| a.role_id == *r && a.scope_id == *s)
                })
                .collect();
        if mine.is_empty() {
            return Err(Error::NotFound {
                kind: "activation",
                name: match role {
                    Some(r) => format!("{r} at {}", scope.unwrap_or("/")),
                    None => "of yours in force".into(),
                },
                candidates: vec![],
            });
        }
        let mut out = Vec::new();
        for a in mine {
            let r = store::role::by_id(op.tx, &a.role_id)?
                .ok_or_else(|| Error::invalid("role vanished"))?;
            let s = store::scope::by_id(op.tx, a.scope_id)?
                .ok_or_else(|| Error::invalid("scope vanished"))?;
            let not_before = a.start_at + MIN_ASSIGNMENT_SECS;
            if a.start_at <= now && now < not_before {
                out.push(Deactivation {
                    assignment_id: a.id.clone(),
                    role: r.name.clone(),
                    scope: s.path.clone(),
                    outcome: "skipped".into(),
                    reason: Some(
                        "an activation cannot be deactivated within 5 minutes of its start".into(),
                    ),
                    not_before: Some(not_before),
                });
                continue;
            }
            store::assignment::set_removed(op.tx, &a.id, now, Some(&actor.id))?;
            if let Some(rid) = &a.request_id {
                store::request::finish_granted(op.tx, rid, RequestStatus::Revoked, now)?;
            }
            // An activated group membership takes what was activated through it along.
            super::path::end_through(
                op,
                crate::store::activation_path::Through::Assignment(&a.id),
                &format!(
                    "the membership of {} it came through was deactivated",
                    s.path
                ),
            )?;
            let request_id = uuid::Uuid::new_v4().to_string();
            store::request::insert(
                op.tx,
                &store::request::NewRequest {
                    id: &request_id,
                    action: RequestAction::SelfDeactivate,
                    status: RequestStatus::Provisioned,
                    principal_id: &actor.id,
                    role_id: &r.id,
                    scope_id: s.id,
                    kind: AssignmentType::Active,
                    start_at: Some(a.start_at),
                    end_at: Some(now.max(a.start_at)),
                    justification: None,
                    ticket_number: None,
                    ticket_system: None,
                    requested_by: Some(&actor.id),
                    created_at: now,
                    completed_at: Some(now),
                    target_assignment_id: Some(&a.id),
                },
            )?;
            let mut e = Entry::new(
                "activation.deactivate",
                "Remove member from role completed (PIM deactivate)",
                category_of(r.kind),
            )
            .principal(&actor)
            .role(&r)
            .scope(&s.path);
            e.assignment_id = Some(a.id.clone());
            e.request_id = Some(request_id);
            e.start_at = Some(a.start_at);
            e.end_at = a.end_at;
            e.details =
                Some(json!({ "ended_at": rfc3339(now), "was_scheduled": a.start_at > now }));
            op.audit(&e)?;
            out.push(Deactivation {
                assignment_id: a.id.clone(),
                role: r.name.clone(),
                scope: s.path.clone(),
                outcome: "deactivated".into(),
                reason: None,
                not_before: None,
            });
        }
        // Asked for one role and it could not be deactivated yet: that is a refusal.
        if role.is_some() && out.iter().all(|d| d.outcome == "skipped") {
            let d = &out[0];
            return Err(Error::policy_with_hint(
                rule::EXPIRATION,
                "an activation cannot be deactivated within 5 minutes of its start",
                format!(
                    "try again after {}",
                    d.not_before.map(rfc3339).unwrap_or_default()
                ),
            ));
        }
        Ok(out)
    })
}

fn resolve_target_for_deactivation(
    c: &Conn,
    p: &Principal,
    role: &str,
    scope: Option<&str>,
) -> Result<(Role, Scope)> {
    let role = names::role(c, role)?;
    let scope = match (scope, role.kind) {
        (Some(s), _) => names::scope(c, s)?,
        (None, RoleKind::Directory) => names::scope(c, "/")?,
        (None, _) => {
            let acts: Vec<Assignment> =
                store::assignment::active_live_of(c, std::slice::from_ref(&p.id), 0)?
                    .into_iter()
                    .filter(|a| a.activated_from.is_some() && a.role_id == role.id)
                    .collect();
            match acts.as_slice() {
                [one] => store::scope::by_id(c, one.scope_id)?
                    .ok_or_else(|| Error::invalid("scope vanished"))?,
                _ => {
                    return Err(super::assign::scope_needed(&role));
                }
            }
        }
    };
    Ok((role, scope))
}

/// A self-service request to extend (before expiry) or renew (after expiry) one's own
/// assignment; an administrator decides it.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SelfServiceInput {
    pub role: String,
    pub scope: Option<String>,
    pub kind: Option<AssignmentType>,
    pub end: Option<Ts>,
    pub duration: Option<i64>,
    pub justification: Option<String>,
}

#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct SelfServiceResult {
    pub outcome: Outcome,
    pub request_id: String,
    pub assignment_id: String,
    pub role: String,
    pub scope: String,
    #[serde(rename = "type")]
    pub kind: AssignmentType,
    #[serde(with = "serde_ts::option")]
    pub current_end: Option<Ts>,
    #[serde(with = "serde_ts::option")]
    pub requested_end: Option<Ts>,
}

/// How long before its end an assignment can be extended, and after it renewed.
pub const EXTEND_WINDOW_SECS: i64 = 14 * schedule::DAY;

/// `pim extend` (renew = false) and `pim renew` (renew = true).
pub fn self_service(
    db: &mut Db,
    ctx: &Ctx,
    input: &SelfServiceInput,
    renew: bool,
) -> Result<SelfServiceResult> {
    let (code, activity_of): (&str, fn(AssignmentType) -> &'static str) = if renew {
        ("request.renew", |k| match k {
            AssignmentType::Eligible => "Add eligible member to role in PIM requested (renew)",
            AssignmentType::Active => "Add member to role in PIM requested (renew)",
        })
    } else {
        ("request.extend", |k| match k {
            AssignmentType::Eligible => "Update eligible member in PIM requested (extend)",
            AssignmentType::Active => "Update member in PIM requested (extend)",
        })
    };
    let failure = Entry::new(code, activity_of(AssignmentType::Eligible), category::ROLE);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let now = op.now();
        let actor = op.actor.clone();
        op.failure.set_principal(&actor);
        op.failure.justification = input.justification.clone();
        let role = names::role(op.tx, &input.role)?;
        op.failure.set_role(&role);
        op.failure.category = category_of(role.kind).into();
        let scope = match (&input.scope, role.kind) {
            (Some(s), _) => names::scope(op.tx, s)?,
            (None, RoleKind::Directory) => names::scope(op.tx, "/")?,
            (None, _) => {
                return Err(super::assign::scope_needed(&role));
            }
        };
        op.failure.scope = Some(scope.path.clone());
        if let Some(j) = &input.justification {
            policy::check_text("justification", j, super::assign::MAX_JUSTIFICATION)?;
        }
        if input
            .justification
            .as_deref()
            .is_none_or(|j| j.trim().is_empty())
        {
            return Err(Error::policy_with_hint(
                rule::JUSTIFICATION,
                format!(
                    "a request to {} needs a justification",
                    if renew { "renew" } else { "extend" }
                ),
                "pass --justification",
            ));
        }
        let candidates: Vec<Assignment> =
            store::assignment::own_of_role(op.tx, &actor.id, &role.id, scope.id)?
                .into_iter()
                .filter(|a| input.kind.is_none_or(|k| a.kind == k))
                .filter(|a| match (renew, a.end_at) {
                    (false, Some(end)) => end > now,
                    (true, Some(end)) => end <= now,
                    (_, None) => !renew,
                })
                .collect();
        let a = match candidates.as_slice() {
            [] => {
                return Err(Error::NotFound {
                    kind: "assignment",
                    name: format!(
                        "{} of '{}' at {} for {}",
                        if renew { "expired" } else { "current" },
                        role.name,
                        scope.path,
                        actor.name
                    ),
                    candidates: vec![],
                });
            }
            [one] => one.clone(),
            many if input.kind.is_none() && many.iter().any(|a| a.kind != many[0].kind) => {
                return Err(Error::invalid_with_hint(
                    "you hold both an eligible and an active assignment of this role here",
                    "pass --type eligible or --type active",
                ));
            }
            many => many[0].clone(),
        };
        op.failure.assignment_id = Some(a.id.clone());
        op.failure.activity = activity_of(a.kind).into();
        let Some(current_end) = a.end_at else {
            return Err(Error::invalid(
                "this assignment is permanent: there is nothing to extend",
            ));
        };
        if !renew && current_end - now > EXTEND_WINDOW_SECS {
            return Err(Error::invalid_with_hint(
                format!(
                    "this assignment ends {}: it can be extended only within 14 days of its end",
                    op.ctx.when(current_end)
                ),
                format!(
                    "ask again after {}",
                    op.ctx.when(current_end - EXTEND_WINDOW_SECS)
                ),
            ));
        }
        if renew && now - current_end > super::assign::RENEW_WINDOW_SECS {
            return Err(Error::invalid(
                "this assignment expired more than 30 days ago; ask an administrator for a new one",
            ));
        }
        let actions = [RequestAction::SelfExtend, RequestAction::SelfRenew];
        if let Some(pending) =
            store::request::open_for(op.tx, &actor.id, &role.id, scope.id, &actions)?
        {
            return Ok(SelfServiceResult {
                outcome: Outcome::AlreadyPending,
                request_id: pending,
                assignment_id: a.id.clone(),
                role: role.name.clone(),
                scope: scope.path.clone(),
                kind: a.kind,
                current_end: Some(current_end),
                requested_end: None,
            });
        }
        let base = if renew { now } else { current_end };
        let requested_end = match (input.end, input.duration) {
            (Some(t), _) => Some(t),
            (None, Some(d)) => Some(schedule::add(base, d)?),
            (None, None) => Some(schedule::add(base, current_end - a.start_at)?),
        };
        if requested_end.is_some_and(|e| e <= base) {
            return Err(Error::invalid(format!(
                "the requested end must be after {}",
                op.ctx.when(base)
            )));
        }
        let request_id = uuid::Uuid::new_v4().to_string();
        store::request::insert(
            op.tx,
            &store::request::NewRequest {
                id: &request_id,
                action: if renew {
                    RequestAction::SelfRenew
                } else {
                    RequestAction::SelfExtend
                },
                status: RequestStatus::PendingApproval,
                principal_id: &actor.id,
                role_id: &role.id,
                scope_id: scope.id,
                kind: a.kind,
                start_at: Some(if renew { now } else { a.start_at }),
                end_at: requested_end,
                justification: input.justification.as_deref(),
                ticket_number: None,
                ticket_system: None,
                requested_by: Some(&actor.id),
                created_at: now,
                completed_at: None,
                target_assignment_id: Some(&a.id),
            },
        )?;
        // Decided by the role's administrators (empty approvers): Global and Privileged Role
        // Administrators for directory roles, Owners and User Access Administrators for Azure.
        store::request::insert_stage(
            op.tx,
            &store::request::NewStage {
                request_id: &request_id,
                stage: 1,
                approvers_json: "[]",
                required_approvals: 1,
                timeout_secs: schedule::DAY,
                require_justification: true,
                started_at: Some(now),
            },
        )?;
        let mut e = Entry::new(code, activity_of(a.kind), category_of(role.kind))
            .principal(&actor)
            .role(&role)
            .scope(&scope.path);
        e.request_id = Some(request_id.clone());
        e.assignment_id = Some(a.id.clone());
        e.justification = input.justification.clone();
        e.start_at = Some(a.start_at);
        e.end_at = requested_end;
        e.details = Some(json!({ "type": a.kind.as_str(), "current_end": rfc3339(current_end) }));
        op.audit(&e)?;
        super::notify::approval_needed(op, &request_id, 1)?;
        Ok(SelfServiceResult {
            outcome: Outcome::PendingApproval,
            request_id,
            assignment_id: a.id.clone(),
            role: role.name.clone(),
            scope: scope.path.clone(),
            kind: a.kind,
            current_end: Some(current_end),
            requested_end,
        })
    })
}

/// For notes: "Security Administrator at / until 2026-11-22 17:00 UTC".
pub fn describe(r: &ActivationResult, when: impl Fn(Ts) -> String) -> String {
    match r.end {
        Some(e) => format!("{} at {} until {}", r.role, r.scope, when(e)),
        None => format!("{} at {}", r.role, r.scope),
    }
}

/// The activation settings that apply to activating `role` at `scope` (those of the eligibility it
/// would come from), for prompting on a terminal.
pub fn requirements(
    db: &mut Db,
    ctx: &Ctx,
    role: &str,
    scope: &str,
) -> Result<policy::ActivationSettings> {
    session::read(db, ctx, |c, actor, _| {
        let (role, scope) = resolve_target(c, actor, role, Some(scope), ctx.now)?;
        let ancestors = store::scope::ancestors(c, scope.id)?;
        let found = usable_eligibilities(c, actor, &role.id, &ancestors, ctx.now, ctx.now)?;
        let scope_id = found.first().map(|(a, _)| a.scope_id).unwrap_or(scope.id);
        Ok(store::settings::get(c, &role.id, scope_id)?
            .unwrap_or_default()
            .activation)
    })
}

/// The view of an assignment, for printing what an activation created.
pub fn assignment_view(db: &mut Db, now: Ts, id: &str) -> Result<Option<AssignmentView>> {
    Ok(store::assignment::view_by_id(db.conn(), id, now)?.map(|r| r.view))
}
