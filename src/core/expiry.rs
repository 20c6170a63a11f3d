//! Expiry needs no daemon: reads honour timestamps. What expired is also *recorded* (an audit row
//! with the instant it happened, the granting request marked `expired`) by the next write and by
//! `pim sweep`, each exactly once.

use serde::Serialize;
use serde_json::json;

use super::assign::category_of;
use super::audit::{Entry, category};
use super::clock::rfc3339;
use super::error::Result;
use super::model::{AssignmentType, RequestStatus};
use super::session::{self, Ctx, Op, WriteOpts};
use crate::store::{self, Db};

fn activity(activation: bool, kind: AssignmentType) -> &'static str {
    match (activation, kind) {
        (true, _) => "Remove member from role (PIM activation expired)",
        (false, AssignmentType::Eligible) => {
            "Remove eligible member from role in PIM completed (timebound)"
        }
        (false, AssignmentType::Active) => "Remove member from role in PIM completed (timebound)",
    }
}

/// Records every expiry that has passed and is not yet recorded. Returns the assignments recorded.
pub fn record_due(op: &mut Op<'_>) -> Result<Vec<String>> {
    let now = op.now();
    let due = store::assignment::due_expiries(op.tx, now)?;
    let mut recorded = Vec::with_capacity(due.len());
    for a in due {
        let Some(end) = a.end_at else { continue };
        store::assignment::mark_expiry_recorded(op.tx, &a.id)?;
        if let Some(rid) = &a.request_id {
            store::request::finish_granted(op.tx, rid, RequestStatus::Expired, end)?;
        }
        let p = store::principal::by_id(op.tx, &a.principal_id)?;
        let r = store::role::by_id(op.tx, &a.role_id)?;
        let s = store::scope::by_id(op.tx, a.scope_id)?;
        let activation = a.activated_from.is_some();
        let cat = r
            .as_ref()
            .map(|r| category_of(r.kind))
            .unwrap_or(category::ROLE);
        let mut e = Entry::new(
            if activation {
                "activation.expire"
            } else {
                "assignment.expire"
            },
            activity(activation, a.kind),
            cat,
        );
        if let Some(p) = &p {
            e.set_principal(p);
        }
        if let Some(r) = &r {
            e.set_role(r);
        }
        e.scope = s.map(|s| s.path);
        e.assignment_id = Some(a.id.clone());
        e.request_id = a.request_id.clone();
        e.start_at = Some(a.start_at);
        e.end_at = Some(end);
        e.details = Some(json!({
            "type": a.kind.as_str(),
            "expired_at": rfc3339(end),
            "activated_from": a.activated_from,
        }));
        op.audit_system(&e)?;
        super::notify::expired(op, &a)?;
        recorded.push(a.id);
    }
    // Approval stages whose time is up end their requests too, and reviews past their end
    // complete themselves.
    super::approve::record_timeouts(op)?;
    super::review::complete_due(op)?;
    // Reminders before an assignment's end and a review's, each queued once.
    super::notify::record_reminders(op)?;
    super::notify::record_review_reminders(op)?;
    Ok(recorded)
}

#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct SweepReport {
    /// Expiries recorded by this run (the same instant is never recorded twice).
    pub expired: Vec<String>,
}

/// What a server records on its own, every few seconds: the same as `pim sweep`, on pim's behalf.
pub fn sweep_system(db: &mut Db, ctx: &Ctx) -> Result<SweepReport> {
    session::system_write(db, ctx, |op| {
        Ok(SweepReport {
            expired: record_due(op)?,
        })
    })
}

/// `pim sweep`: record what has expired. Safe to run from cron, and concurrently.
pub fn sweep(db: &mut Db, ctx: &Ctx) -> Result<SweepReport> {
    let failure = Entry::new("sweep", "Process request", category::ROLE);
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        Ok(SweepReport {
            expired: op.swept.clone(),
        })
    })
}
