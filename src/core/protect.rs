//! The last Global Administrator and the last Privileged Role Administrator (SPEC §2), over time.
//!
//! What is protected is not a count of rows at one instant but how long the tenant stays
//! governable: the *horizon* of a role is how long, counting only what is in force now, some
//! enabled user holds an active assignment of it at the root — directly, or through an enabled
//! role-assignable group by being one of its enabled members (statically or through PIM for
//! Groups, until that membership ends). Groups and service principals never count themselves.
//!
//! A write may not bring the horizon forward: where an enabled user holds the role permanently,
//! one must still hold it permanently afterwards; where only time-bound holds remain, the latest
//! end may not move earlier. So removing or disabling the last permanent holder, cutting it to a
//! time-bound assignment, emptying or disabling the group it is held through, or removing it while
//! only a time-bound holder remains, are all refused, whichever command does it.

use std::collections::HashSet;

use crate::store::Conn;

use super::builtin::{GLOBAL_ADMINISTRATOR, PRIVILEGED_ROLE_ADMINISTRATOR};
use super::clock::{self, Ts};
use super::error::{Error, Result};
use super::model::PrincipalKind;
use crate::store;

/// How long some enabled user holds a role: ordered, so that a later horizon is greater.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Horizon {
    /// No enabled user holds it now.
    Nobody,
    /// Held until this instant (exclusive), and no longer.
    Until(Ts),
    /// Some enabled user holds it with no end.
    Permanent,
}

impl Horizon {
    fn of_end(end: Option<Ts>) -> Horizon {
        match end {
            None => Horizon::Permanent,
            Some(t) => Horizon::Until(t),
        }
    }

    fn min(self, other: Horizon) -> Horizon {
        std::cmp::min(self, other)
    }
}

/// The two protected roles, with the name refusals use.
pub const PROTECTED: [(&str, &str, &str); 2] = [
    (
        GLOBAL_ADMINISTRATOR,
        "Global Administrator",
        "LastGlobalAdministrator",
    ),
    (
        PRIVILEGED_ROLE_ADMINISTRATOR,
        "Privileged Role Administrator",
        "LastPrivilegedRoleAdministrator",
    ),
];

/// The horizon of `role_id` at the root scope `root`, counting what is in force at `now` and
/// leaving out the assignments in `without` (to ask what removing them would leave).
pub fn horizon(c: &Conn, role_id: &str, root: i64, now: Ts, without: &[&str]) -> Result<Horizon> {
    let mut best = Horizon::Nobody;
    for a in store::assignment::active_in_force_at(c, role_id, root, now)? {
        if without.contains(&a.id.as_str()) {
            continue;
        }
        let Some(holder) = store::principal::by_id(c, &a.principal_id)? else {
            continue;
        };
        if !holder.enabled {
            continue;
        }
        let held = Horizon::of_end(a.end_at);
        let reach = match holder.kind {
            PrincipalKind::User => held,
            PrincipalKind::ServicePrincipal => Horizon::Nobody,
            PrincipalKind::Group => held.min(users_in(c, &holder.id, now, without)?),
        };
        best = best.max(reach);
        if best == Horizon::Permanent {
            break;
        }
    }
    Ok(best)
}

/// How long some enabled user stays a member of `group` (enabled), following nested groups; each
/// path lasts as long as its shortest link.
fn users_in(c: &Conn, group: &str, now: Ts, without: &[&str]) -> Result<Horizon> {
    let mut best = Horizon::Nobody;
    let mut seen: HashSet<String> = HashSet::from([group.to_string()]);
    let mut queue: Vec<(String, Horizon)> = vec![(group.to_string(), Horizon::Permanent)];
    while let Some((g, path)) = queue.pop() {
        for m in store::principal::enabled_members_at(c, &g, now)? {
            if m.assignment_id
                .as_deref()
                .is_some_and(|id| without.contains(&id))
            {
                continue;
            }
            let reach = path.min(Horizon::of_end(m.end));
            match m.kind {
                PrincipalKind::User => best = best.max(reach),
                PrincipalKind::Group => {
                    if seen.insert(m.id.clone()) {
                        queue.push((m.id, reach));
                    }
                }
                PrincipalKind::ServicePrincipal => {}
            }
        }
        if best == Horizon::Permanent {
            break;
        }
    }
    Ok(best)
}

/// The horizons of both protected roles, as a write finds them before it changes anything.
pub struct Guard {
    root: Option<i64>,
    before: [Horizon; 2],
}

impl Guard {
    pub fn before(c: &Conn, now: Ts) -> Result<Guard> {
        let root = store::scope::by_path(c, "/")?.map(|s| s.id);
        let mut before = [Horizon::Nobody; 2];
        if let Some(r) = root {
            for (i, (role, _, _)) in PROTECTED.iter().enumerate() {
                before[i] = horizon(c, role, r, now, &[])?;
            }
        }
        Ok(Guard { root, before })
    }

    /// Refuses the write when it brought either horizon forward.
    pub fn after(&self, c: &Conn, now: Ts) -> Result<()> {
        let Some(root) = self.root else {
            return Ok(());
        };
        for (i, (role, name, rule)) in PROTECTED.iter().enumerate() {
            let after = horizon(c, role, root, now, &[])?;
            if after < self.before[i] {
                return Err(refusal(name, rule, self.before[i], after));
            }
        }
        Ok(())
    }
}

/// What removing `ids` (an assignment and the activations made from it) would do to the
/// protected roles: the refusal, when it would bring a horizon forward.
pub fn check_removal(c: &Conn, now: Ts, ids: &[&str]) -> Result<Option<Error>> {
    let Some(root) = store::scope::by_path(c, "/")?.map(|s| s.id) else {
        return Ok(None);
    };
    for (role, name, rule) in PROTECTED {
        let before = horizon(c, role, root, now, &[])?;
        if before == Horizon::Nobody {
            continue;
        }
        let after = horizon(c, role, root, now, ids)?;
        if after < before {
            return Ok(Some(refusal(name, rule, before, after)));
        }
    }
    Ok(None)
}

fn refusal(name: &str, rule: &'static str, before: Horizon, after: Horizon) -> Error {
    let held = match before {
        Horizon::Permanent => "permanently".to_string(),
        Horizon::Until(t) => format!("until {}", clock::rfc3339(t)),
        Horizon::Nobody => "at all".to_string(),
    };
    let left = match after {
        Horizon::Nobody => "none would hold it at all".to_string(),
        Horizon::Until(t) => format!("the last would lose it at {}", clock::rfc3339(t)),
        Horizon::Permanent => "one would still hold it".to_string(),
    };
    Error::Protected {
        rule,
        message: format!(
            "refused: this would remove the last active {name}: an enabled user holds it {held} (directly or as an enabled member of a role-assignable group), and afterwards {left}"
        ),
        hint: Some(format!(
            "first give another enabled user an active, permanent {name} assignment (a break-glass account)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizons_order_from_nobody_to_permanent() {
        assert!(Horizon::Nobody < Horizon::Until(0));
        assert!(Horizon::Until(5) < Horizon::Until(6));
        assert!(Horizon::Until(i64::MAX) < Horizon::Permanent);
        assert_eq!(Horizon::Permanent.min(Horizon::Until(3)), Horizon::Until(3));
    }
}
