//! The queue: what each write must queue (`sync`), and carrying it out (`claim`, `record`, `run`).
//!
//! Every write ends with [`sync`], in its own transaction: it compares what the bindings cover
//! now (active assignments in force, held by enabled principals, a group's holding passed on to
//! its enabled members) with what the queue has granted (`provision_state`), and queues a grant
//! for each binding and principal that gains access and a revoke for each that loses it. So no
//! path that starts or ends an assignment (activation, approval, admin assignment, import,
//! deactivation, removal, review, a principal disabled, a membership ending, time passing) can
//! leave access without its action: the action is a consequence of the state, not of the path.
//! Time passing is seen by the next write, `pim sweep`, `pim provision run` and the server's
//! background sweep, whichever comes first.
//!
//! Delivery is at least once: a run leases the rows it claims; a run killed mid-action leaves
//! them to be taken over when the lease ends. Per binding and principal only the newest pending
//! action is carried out (an older one it makes moot is marked `superseded`), so that a grant
//! never runs after the revoke that follows it.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::connector::{Action, Item};
use crate::core::audit::{Entry, category};
use crate::core::clock::{Ts, serde_ts};
use crate::core::error::{Error, Result};
use crate::core::model::PrincipalKind;
use crate::core::session::{self, Ctx, Op, WriteOpts};
use crate::store::provision::{self as sp, ActionRow, InForce, StateRow};
use crate::store::{self, Conn, Db};

/// What one binding and principal should hold now: the assignments that give it, best first
/// (the latest end; a permanent one is best).
type Covering = BTreeMap<(String, String), Vec<InForce>>;

/// The enabled users and service principals an assignment held by `principal_id` reaches: the
/// principal itself, or a group's enabled members (static and PIM for Groups, nested groups
/// followed; a disabled group passes nothing on).
fn reached(
    c: &Conn,
    principal_id: &str,
    now: Ts,
    cache: &mut HashMap<String, Vec<String>>,
) -> Result<Vec<String>> {
    if let Some(v) = cache.get(principal_id) {
        return Ok(v.clone());
    }
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue = vec![principal_id.to_string()];
    while let Some(id) = queue.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(p) = store::principal::by_id(c, &id)? else {
            continue;
        };
        if !p.enabled {
            continue;
        }
        if p.kind != PrincipalKind::Group {
            out.push(p.id);
            continue;
        }
        for m in store::principal::members(c, &p)? {
            queue.push(m.member_id);
        }
        for m in store::assignment::pim_members_of(c, &p, now)? {
            queue.push(m.member_id);
        }
    }
    out.sort();
    cache.insert(principal_id.to_string(), out.clone());
    Ok(out)
}

/// Later is better; permanent is best.
fn better(a: &InForce, b: &InForce) -> bool {
    match (a.end_at, b.end_at) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) => x > y || (x == y && a.id < b.id),
        (None, None) => a.id < b.id,
        (Some(_), None) => false,
    }
}

/// What the bindings cover at `now`.
pub fn covering(c: &Conn, bindings: &[sp::BindingRow], now: Ts) -> Result<Covering> {
    let mut reach: HashMap<String, Vec<String>> = HashMap::new();
    collect(
        c,
        bindings,
        |role| Ok(sp::in_force_of_role(c, role, now)?),
        |a| reached(c, &a.principal_id, now, &mut reach),
    )
}

/// What each binding covers: the assignments of its role (as `in_force` lists them per role) at
/// its scope or above, for each principal `to` says an assignment reaches; best first.
fn collect(
    c: &Conn,
    bindings: &[sp::BindingRow],
    mut in_force: impl FnMut(&str) -> Result<Vec<InForce>>,
    mut to: impl FnMut(&InForce) -> Result<Vec<String>>,
) -> Result<Covering> {
    let mut out: Covering = BTreeMap::new();
    let mut by_role: HashMap<String, Vec<InForce>> = HashMap::new();
    for b in bindings {
        let scopes = match b.scope_id {
            Some(s) => Some(store::scope::ancestors(c, s)?),
            None => None,
        };
        if !by_role.contains_key(&b.role_id) {
            by_role.insert(b.role_id.clone(), in_force(&b.role_id)?);
        }
        for a in &by_role[&b.role_id] {
            if scopes.as_ref().is_some_and(|s| !s.contains(&a.scope_id)) {
                continue;
            }
            for pid in to(a)? {
                out.entry((b.id.clone(), pid)).or_default().push(a.clone());
            }
        }
    }
    for list in out.values_mut() {
        best_first(list);
    }
    Ok(out)
}

/// The action a binding's grant for `principal_id` through assignment `a` is.
fn grant_row(
    c: &Conn,
    b: &sp::BindingRow,
    principal_id: &str,
    a: &InForce,
    now: Ts,
) -> Result<Option<ActionRow>> {
    let Some(p) = store::principal::by_id(c, principal_id)? else {
        return Ok(None);
    };
    let scope = store::scope::by_id(c, a.scope_id)?
        .map(|s| s.path)
        .unwrap_or_default();
    Ok(Some(ActionRow {
        seq: 0,
        id: uuid::Uuid::new_v4().to_string(),
        target: b.target.clone(),
        binding_id: b.id.clone(),
        action: "grant".into(),
        assignment_id: a.id.clone(),
        principal_id: p.id,
        principal: p.name,
        role: b.role.clone(),
        scope,
        end_at: a.end_at,
        ended_at: None,
        options: b.options.clone(),
        state: "queued".into(),
        attempts: 0,
        last_error: None,
        next_attempt_at: now,
        last_attempt_at: None,
        created_at: now,
        done_at: None,
        claimed_by: None,
        claimed_until: None,
    }))
}

/// When the access a grant gave through `assignment_id` ended: its end or its removal when that
/// has passed, else now (a principal disabled, a binding removed, a path broken).
fn ended_at(c: &Conn, assignment_id: &str, now: Ts) -> Result<Ts> {
    let Some(a) = store::assignment::by_id(c, assignment_id)? else {
        return Ok(now);
    };
    let mut at = now;
    if let Some(e) = a.end_at.filter(|e| *e <= now) {
        at = at.min(e);
    }
    if let Some(r) = a.removed_at.filter(|r| *r <= now) {
        at = at.min(r);
    }
    Ok(at)
}

/// Where the queue's last sync stood (`meta`): the scheduled starts after it are the changes no
/// write names.
const SYNCED_AT: &str = "provision_synced_at";

/// More principals than this in one write (an import) and the whole state is compared instead.
const FOLLOW_AT_MOST: usize = 500;

/// Actions whose audit rows name no principal and change nothing a binding covers.
fn covers_nothing(action: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "settings.",
        "notification",
        "mfa.",
        "review.create",
        "review.decide",
        "review.reminder",
        "provision.run",
        "provision.reconcile",
        "auth.refused",
        "audit.",
        "alert",
        "sweep",
        "role.create",
        "scope.create",
        "principal.create",
    ];
    PREFIXES.iter().any(|p| action.starts_with(p))
}

/// The principals whose access this write may have changed, each a user or service principal (a
/// group named stands for everyone below it); `None` when the whole state must be compared: a
/// binding changed, a group was removed, a row names no principal and is not known to change
/// nothing, or too many principals (see the module's comment).
fn touched(op: &Op<'_>, since: Ts, now: Ts) -> Result<Option<Vec<String>>> {
    let c = op.tx;
    let mut ids: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    if let Some(after) = op.audited_after() {
        for (action, principal) in sp::audited_after(c, after)? {
            if action.starts_with("provision.bind") || action.starts_with("provision.unbind") {
                return Ok(None);
            }
            match principal {
                Some(p) => {
                    ids.insert(p);
                }
                None if covers_nothing(&action) => {}
                None => return Ok(None),
            }
        }
    }
    ids.extend(sp::started_between(c, since, now)?);
    ids.extend(sp::ended_between(c, since, now)?);
    if ids.len() > FOLLOW_AT_MOST {
        return Ok(None);
    }
    // A group touched (an assignment it holds made, ended or removed, the group disabled or
    // enabled, a group added to it or taken out of it) changes what its members hold: each user
    // and service principal below it is followed, whatever their state (more than need be, never
    // fewer). A removed group's memberships are gone, so who was below it is not known any more:
    // the whole state is compared.
    let mut out: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut groups: Vec<crate::core::model::Principal> = Vec::new();
    for id in ids {
        match store::principal::by_id(c, &id)? {
            Some(p) if p.kind == PrincipalKind::Group => {
                if sp::is_removed(c, &p.id)? {
                    return Ok(None);
                }
                groups.push(p);
            }
            _ => {
                out.insert(id);
            }
        }
    }
    let mut seen: HashSet<String> = HashSet::new();
    while let Some(g) = groups.pop() {
        if !seen.insert(g.id.clone()) {
            continue;
        }
        let mut below: Vec<String> = store::principal::members(c, &g)?
            .into_iter()
            .map(|m| m.member_id)
            .collect();
        below.extend(
            store::assignment::pim_members_of(c, &g, now)?
                .into_iter()
                .map(|m| m.member_id),
        );
        for id in below {
            match store::principal::by_id(c, &id)? {
                Some(p) if p.kind == PrincipalKind::Group => groups.push(p),
                _ => {
                    out.insert(id);
                }
            }
        }
        if out.len() > FOLLOW_AT_MOST {
            return Ok(None);
        }
    }
    Ok(Some(out.into_iter().collect()))
}

/// What the bindings cover for one principal at `now`: the keys of [`covering`] that name it,
/// with the same assignments. Its holders are the principal and every enabled group whose
/// holdings reach it (`reached`, followed upwards).
fn covering_of(
    c: &Conn,
    bindings: &[sp::BindingRow],
    principal_id: &str,
    now: Ts,
) -> Result<Covering> {
    let Some(p) = store::principal::by_id(c, principal_id)? else {
        return Ok(Covering::new());
    };
    if !p.enabled || p.kind == PrincipalKind::Group {
        return Ok(Covering::new());
    }
    let mut holders = vec![p.id.clone()];
    let mut seen: HashSet<String> = HashSet::from([p.id.clone()]);
    let mut queue = vec![p.id.clone()];
    while let Some(x) = queue.pop() {
        for g in sp::groups_reaching(c, &x, now)? {
            if !seen.insert(g.clone()) {
                continue;
            }
            if store::principal::by_id(c, &g)?
                .is_some_and(|g| g.enabled && g.kind == PrincipalKind::Group)
            {
                holders.push(g.clone());
                queue.push(g);
            }
        }
    }
    collect(
        c,
        bindings,
        |role| Ok(sp::in_force_held_by(c, role, &holders, now)?),
        |_| Ok(vec![p.id.clone()]),
    )
}

fn best_first(list: &mut [InForce]) {
    list.sort_by(|a, b| {
        if better(a, b) {
            std::cmp::Ordering::Less
        } else if better(b, a) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
}

/// Queues, in the write's transaction, the grants and revokes the state now calls for (see the
/// module's comment). Nothing to do, and one indexed read, when nothing is bound or held.
/// Returns how many actions it queued.
///
/// Comparing the whole state costs a read of every assignment of the bound roles and of every
/// member of the groups holding them: at 16,000 active Contributor assignments reaching 76,000
/// people, over a second a write. So a write compares only the principals it touched: those its
/// audit rows name (every change pim makes is audited with its principal, expiries recorded at
/// the write's start included) and the holders of assignments whose scheduled start or end was
/// reached since the last sync. A write that changes a binding, touches a group, or writes a row that
/// names no principal and may change a holding (a scope or role removed, say) compares the whole
/// state, as does the first sync and a clock that went back.
pub fn sync(op: &mut Op<'_>) -> Result<usize> {
    let c = op.tx;
    if !sp::in_use(c)? {
        return Ok(0);
    }
    let now = op.now();
    let since = store::get_meta(c, SYNCED_AT)?.and_then(|v| v.parse::<Ts>().ok());
    let touched = match since {
        Some(since) if since <= now => touched(op, since, now)?,
        _ => None,
    };
    if since != Some(now) {
        store::set_meta(c, SYNCED_AT, &now.to_string())?;
    }
    let bindings = sp::bindings(c)?;
    let Some(ids) = touched else {
        let covering = covering(c, &bindings, now)?;
        let states = sp::states(c)?;
        return queue_difference(c, &bindings, &covering, states, now);
    };
    let mut queued = 0;
    for id in &ids {
        let covering = covering_of(c, &bindings, id, now)?;
        let states = sp::states_of(c, id)?;
        queued += queue_difference(c, &bindings, &covering, states, now)?;
    }
    // Debug builds (the tests) check that following the touched principals left the queue's
    // state exactly where comparing the whole state would have.
    #[cfg(debug_assertions)]
    {
        let due = covering(c, &bindings, now)?;
        let held: BTreeMap<(String, String), StateRow> = sp::states(c)?
            .into_iter()
            .map(|s| ((s.binding_id.clone(), s.principal_id.clone()), s))
            .collect();
        let same = due.len() == held.len()
            && due.iter().all(|(k, list)| {
                held.get(k).is_some_and(|s| {
                    list.iter()
                        .any(|a| a.id == s.assignment_id && a.end_at == s.end_at)
                })
            });
        if !same {
            return Err(Error::invalid(format!(
                "provisioning: following {ids:?} left the queue's state apart from what the bindings cover (due {:?}, held {:?})",
                due.keys().collect::<Vec<_>>(),
                held.keys().collect::<Vec<_>>()
            )));
        }
    }
    Ok(queued)
}

/// Queues what turns `states` (what was granted) into `covering` (what is due): a revoke for
/// each granted key no longer covered, a grant for each covered key not granted or granted
/// through another assignment or until another end.
fn queue_difference(
    c: &Conn,
    bindings: &[sp::BindingRow],
    covering: &Covering,
    states: Vec<StateRow>,
    now: Ts,
) -> Result<usize> {
    let by_id: HashMap<&str, &sp::BindingRow> =
        bindings.iter().map(|b| (b.id.as_str(), b)).collect();
    let states: BTreeMap<(String, String), StateRow> = states
        .into_iter()
        .map(|s| ((s.binding_id.clone(), s.principal_id.clone()), s))
        .collect();
    let mut queued = 0;
    for (key, s) in &states {
        if covering.contains_key(key) {
            continue;
        }
        let Some(grant) = sp::action_by_seq(c, s.grant_seq)? else {
            sp::delete_state(c, &s.binding_id, &s.principal_id)?;
            continue;
        };
        let revoke = ActionRow {
            id: uuid::Uuid::new_v4().to_string(),
            action: "revoke".into(),
            ended_at: Some(ended_at(c, &s.assignment_id, now)?),
            created_at: now,
            next_attempt_at: now,
            ..grant
        };
        sp::insert_action(c, &revoke)?;
        sp::delete_state(c, &s.binding_id, &s.principal_id)?;
        queued += 1;
    }
    for (key, list) in covering {
        let Some(b) = by_id.get(key.0.as_str()) else {
            continue;
        };
        let pick = match states.get(key) {
            Some(s) => match list.iter().find(|a| a.id == s.assignment_id) {
                // Still held through the same assignment, until the same end: nothing to do.
                Some(a) if a.end_at == s.end_at => continue,
                // The same assignment, extended or shortened: the target hears the new end.
                Some(a) => a,
                None => &list[0],
            },
            None => &list[0],
        };
        let Some(row) = grant_row(c, b, &key.1, pick, now)? else {
            continue;
        };
        let seq = sp::insert_action(c, &row)?;
        sp::put_state(
            c,
            &StateRow {
                binding_id: key.0.clone(),
                principal_id: key.1.clone(),
                grant_seq: seq,
                assignment_id: pick.id.clone(),
                end_at: pick.end_at,
            },
        )?;
        queued += 1;
    }
    Ok(queued)
}

/// How long a run holds the actions it claimed before another run may take them over (it was
/// killed, or hangs): longer than a batch of connector calls at their time-outs.
pub const LEASE_SECS: i64 = 10 * 60;
/// Actions claimed at a time.
pub const BATCH: usize = 10;

/// The wait before the next attempt after `attempts` failed ones: 30 seconds, doubling, at most
/// an hour.
pub fn backoff(attempts: i64) -> i64 {
    let exp = attempts.clamp(1, 20) - 1;
    (30_i64 << exp).min(3600)
}

/// Claims up to `limit` due actions for `token`, in the caller's write: per binding and principal
/// the newest pending action, when no run holds a live lease on any of them (older ones are
/// superseded).
pub fn claim_in(
    c: &Conn,
    now: Ts,
    token: &str,
    target: Option<&str>,
    limit: usize,
) -> Result<Vec<ActionRow>> {
    let mut out = Vec::new();
    for (binding, principal) in sp::due_keys(c, now, target)? {
        if out.len() >= limit {
            break;
        }
        let rows = sp::pending_of_key(c, &binding, &principal)?;
        if rows
            .iter()
            .any(|r| r.claimed_until.is_some_and(|u| u > now))
        {
            continue;
        }
        let Some(last) = rows.last() else { continue };
        if last.next_attempt_at > now {
            continue;
        }
        for r in &rows[..rows.len() - 1] {
            sp::supersede(c, r.seq, now)?;
        }
        sp::lease(c, last.seq, token, now + LEASE_SECS)?;
        if let Some(r) = sp::action_by_seq(c, last.seq)? {
            out.push(r);
        }
    }
    Ok(out)
}

/// The item a connector is given for an action.
pub fn item_of(row: &ActionRow) -> Item {
    Item {
        action: if row.action == "revoke" {
            Action::Revoke
        } else {
            Action::Grant
        },
        principal: row.principal.clone(),
        role: row.role.clone(),
        scope: row.scope.clone(),
        assignment_id: row.assignment_id.clone(),
        end: row
            .end_at
            .and_then(|t| chrono::DateTime::<chrono::Utc>::from_timestamp(t, 0)),
        options: serde_json::from_str(&row.options).unwrap_or_default(),
    }
}

/// Carries out one claimed action on its target; the error the target gave.
pub fn apply(row: &ActionRow) -> std::result::Result<(), String> {
    let connector = super::connector_of(&row.target).map_err(|e| e.0)?;
    connector.apply(&item_of(row)).map_err(|e| e.0)
}

/// The audit row of one attempt.
fn attempt_entry(row: &ActionRow, error: Option<&str>) -> Entry {
    let revoke = row.action == "revoke";
    let activity = match (revoke, error.is_some()) {
        (false, false) => format!("Provision access on {}", row.target),
        (true, false) => format!("Revoke provisioned access on {}", row.target),
        (false, true) => format!("Provision access on {} failed", row.target),
        (true, true) => format!("Revoke provisioned access on {} failed", row.target),
    };
    let mut e = Entry::new(
        if revoke {
            "provision.revoke"
        } else {
            "provision.grant"
        },
        activity,
        category::ROLE,
    );
    e.principal_id = Some(row.principal_id.clone());
    e.principal_name = Some(row.principal.clone());
    e.role_name = Some(row.role.clone());
    e.scope = Some(row.scope.clone());
    e.assignment_id = Some(row.assignment_id.clone());
    e.end_at = row.end_at;
    e.reason = error.map(str::to_string);
    e.details = Some(json!({
        "target": row.target,
        "action_id": row.id,
        "attempt": row.attempts + 1,
    }));
    e
}

/// Records how one attempt went, with its audit row, in a write on pim's behalf. False when the
/// lease was lost (another run took the action over; it records its own attempt).
pub fn record(
    db: &mut Db,
    ctx: &Ctx,
    row: &ActionRow,
    token: &str,
    outcome: &std::result::Result<(), String>,
) -> Result<bool> {
    session::system_write(db, ctx, |op| {
        let now = op.now();
        let kept = match outcome {
            Ok(()) => sp::mark_done(op.tx, row.seq, token, now)?,
            Err(e) => sp::mark_failed(
                op.tx,
                row.seq,
                token,
                now,
                e,
                now + backoff(row.attempts + 1),
            )?,
        };
        if kept {
            match outcome {
                Ok(()) => op.audit_system(&attempt_entry(row, None))?,
                Err(e) => op.audit_system_failure(&attempt_entry(row, Some(e)))?,
            };
        }
        Ok(kept)
    })
}

/// One action a run carried out or tried.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RunItem {
    pub id: String,
    pub target: String,
    pub action: String,
    pub principal: String,
    pub role: String,
    pub scope: String,
    pub assignment_id: String,
    /// `done`, `failed`, or `lost` (another run took it over).
    pub result: String,
    pub error: Option<String>,
    /// The next try, when it failed.
    #[serde(with = "serde_ts::option")]
    pub next_attempt_at: Option<Ts>,
}

/// What `pim provision run` did.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RunReport {
    pub done: usize,
    pub failed: usize,
    pub actions: Vec<RunItem>,
}

/// Refuses a target name the config does not define.
pub fn require_target(name: &str) -> Result<()> {
    let names = super::target_names();
    if names.iter().any(|n| n == name) {
        return Ok(());
    }
    Err(Error::Unresolved {
        message: format!("no provisioning target '{name}' in the config file"),
        hint: Some(if names.is_empty() {
            "define one as a [provision.NAME] table of the config file (docs/provisioning.md)"
                .into()
        } else {
            format!("the config file defines: {}", names.join(", "))
        }),
    })
}

/// Claims due actions as the acting principal (an administrator) or, with `system`, on pim's own
/// behalf (the server's background task).
pub fn claim(
    db: &mut Db,
    ctx: &Ctx,
    token: &str,
    target: Option<&str>,
    system: bool,
) -> Result<Vec<ActionRow>> {
    if system {
        return session::system_write(db, ctx, |op| {
            sync(op)?;
            claim_in(op.tx, op.now(), token, target, BATCH)
        });
    }
    let failure = Entry::new("provision.run", "Carry out provisioning", category::ROLE);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        crate::core::authz::require_directory_admin(&op.grants, "carrying out provisioning")?;
        // What time passing calls for is queued first, so that this run carries it out.
        sync(op)?;
        claim_in(op.tx, op.now(), token, target, BATCH)
    })
}

/// `pim provision run [NAME]`: claims what is due, carries it out, records each attempt, until
/// nothing due is left (an action that failed waits for its next try, a later run).
pub fn run(db: &mut Db, ctx: &Ctx, target: Option<&str>, system: bool) -> Result<RunReport> {
    if let Some(t) = target {
        require_target(t)?;
    }
    let token = uuid::Uuid::new_v4().to_string();
    let mut report = RunReport::default();
    loop {
        let rows = claim(db, ctx, &token, target, system)?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            let outcome = apply(&row);
            let kept = record(db, ctx, &row, &token, &outcome)?;
            let result = match (&outcome, kept) {
                (_, false) => "lost",
                (Ok(()), true) => "done",
                (Err(_), true) => "failed",
            };
            match result {
                "done" => report.done += 1,
                "failed" => report.failed += 1,
                _ => {}
            }
            report.actions.push(RunItem {
                id: row.id.clone(),
                target: row.target.clone(),
                action: row.action.clone(),
                principal: row.principal.clone(),
                role: row.role.clone(),
                scope: row.scope.clone(),
                assignment_id: row.assignment_id.clone(),
                result: result.into(),
                error: outcome.err(),
                next_attempt_at: (result == "failed").then(|| ctx.now + backoff(row.attempts + 1)),
            });
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::tests::{T0, ctx, sample};
    use crate::provision::manage::{self, BindingSpec};

    fn all(db: &Db) -> Vec<ActionRow> {
        sp::actions(db.conn(), &sp::Filter::default()).unwrap()
    }

    #[test]
    fn the_queue_follows_the_state_and_carries_out_only_the_newest_action() {
        let table: toml::Table = "kind = \"command\"\ncommand = [\"/bin/true\"]"
            .parse()
            .unwrap();
        crate::provision::set_targets([("t".to_string(), table)].into());
        let mut db = sample();
        let admin = ctx("admin", T0);
        let spec = BindingSpec {
            target: "t".into(),
            role: "Global Reader".into(),
            scope: None,
        };
        manage::bind(
            &mut db,
            &admin,
            &spec,
            &BTreeMap::new(),
            WriteOpts::default(),
        )
        .unwrap();
        // alice holds Global Reader: binding it queues her grant, in the binding's write.
        let a = all(&db);
        assert_eq!(a.len(), 1);
        assert_eq!(
            (a[0].action.as_str(), a[0].principal.as_str()),
            ("grant", "alice")
        );
        // A write that changes nothing queues nothing.
        crate::core::expiry::sweep(&mut db, &admin).unwrap();
        assert_eq!(all(&db).len(), 1);
        manage::unbind(&mut db, &admin, &spec, WriteOpts::default()).unwrap();
        assert_eq!(all(&db)[0].action, "revoke");
        // Only the revoke is carried out: the grant before it is superseded, never run after it.
        let r = run(&mut db, &admin, None, false).unwrap();
        assert_eq!((r.done, r.failed), (1, 0));
        assert_eq!(r.actions[0].action, "revoke");
        let a = all(&db);
        assert_eq!(
            (a[0].state.as_str(), a[1].state.as_str()),
            ("done", "superseded")
        );
        assert_eq!(sp::states(db.conn()).unwrap(), vec![]);
    }

    #[test]
    fn back_off_doubles_from_30_seconds_to_an_hour() {
        assert_eq!(
            (
                backoff(1),
                backoff(2),
                backoff(3),
                backoff(7),
                backoff(8),
                backoff(50)
            ),
            (30, 60, 120, 1920, 3600, 3600)
        );
    }
}
