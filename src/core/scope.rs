//! Scopes: the tenant root, administrative units and the Azure hierarchy.

use crate::store::Conn;
use serde::Serialize;
use serde_json::json;

use super::audit::{Entry, category};
use super::builtin::OWNER;
use super::error::{Error, Result};
use super::model::{Scope, ScopeKind};
use super::names;
use super::scope_path;
use super::session::{self, Ctx, Op, WriteOpts};
use crate::store::{self, Db};

fn activity(kind: ScopeKind, adding: bool) -> (&'static str, &'static str) {
    match (kind, adding) {
        (ScopeKind::AdministrativeUnit, true) => ("Add administrative unit", category::DIRECTORY),
        (ScopeKind::AdministrativeUnit, false) => {
            ("Delete administrative unit", category::DIRECTORY)
        }
        (_, true) => ("Onboarded resource to PIM", category::RESOURCE),
        (_, false) => ("Offboarded resource from PIM", category::RESOURCE),
    }
}

/// Where a new scope hangs, checked against the grammar: a management group under the root or
/// another management group; a subscription under the root or a management group; the rest under
/// the parent their path names.
fn parent_for(c: &Conn, parsed: &scope_path::ScopePath, parent: Option<&str>) -> Result<Scope> {
    let given = match parent {
        Some(p) => Some(names::scope(c, p)?),
        None => None,
    };
    match parsed.kind {
        ScopeKind::Root => Err(Error::conflict("the root scope / always exists")),
        ScopeKind::ManagementGroup | ScopeKind::Subscription => {
            let p = match given {
                Some(p) => p,
                None => names::scope(c, "/")?,
            };
            if !matches!(p.kind, ScopeKind::Root | ScopeKind::ManagementGroup) {
                return Err(Error::invalid(format!(
                    "a {} sits under a management group (or the root), not under {}",
                    parsed.kind, p.path
                )));
            }
            Ok(p)
        }
        _ => {
            let implied = parsed.structural_parent.as_deref().unwrap_or("/");
            let p = names::scope(c, implied).map_err(|e| match e {
                Error::NotFound { .. } => Error::NotFound {
                    kind: "parent scope",
                    name: implied.to_string(),
                    candidates: vec![],
                },
                other => other,
            })?;
            if let Some(g) = given
                && g.id != p.id
            {
                return Err(Error::invalid(format!(
                    "the parent of {} is {}, not {}",
                    parsed.path, p.path, g.path
                )));
            }
            Ok(p)
        }
    }
}

/// Adds a scope within a write (shared with the sample organisation).
pub fn add_in(
    op: &mut Op<'_>,
    path: &str,
    name: Option<&str>,
    parent: Option<&str>,
) -> Result<Scope> {
    let parsed = scope_path::parse(path)?;
    op.failure.scope = Some(parsed.path.clone());
    let (act, cat) = activity(parsed.kind, true);
    op.failure.activity = act.into();
    op.failure.category = cat.into();
    if let Some(n) = name {
        super::policy::check_text("scope name", n, 256)?;
    }
    if parsed.kind == ScopeKind::Group {
        return Err(Error::invalid_with_hint(
            format!("{} is where a group's membership is assigned", parsed.path),
            format!(
                "bring the group under PIM for Groups instead: pim group onboard '{}'",
                parsed.leaf
            ),
        ));
    }
    if store::scope::by_path(op.tx, &parsed.path)?.is_some() {
        return Err(Error::conflict(format!(
            "scope {} already exists",
            parsed.path
        )));
    }
    let parent = parent_for(op.tx, &parsed, parent)?;
    let ancestors = store::scope::ancestors(op.tx, parent.id)?;
    let allowed = match parsed.kind {
        ScopeKind::AdministrativeUnit => op.grants.is_directory_admin(),
        _ => op.grants.is_global_admin() || op.grants.at_or_above(&[OWNER], &ancestors),
    };
    if !allowed {
        return Err(Error::not_authorized(match parsed.kind {
            ScopeKind::AdministrativeUnit => {
                "adding an administrative unit needs an active Global Administrator or Privileged Role Administrator assignment".to_string()
            }
            _ => format!(
                "adding a scope under {} needs an active Owner assignment there or above, or Global Administrator",
                parent.path
            ),
        }));
    }
    let id = store::scope::insert(
        op.tx,
        &parsed.path,
        parsed.kind,
        name,
        Some(parent.id),
        op.now(),
    )?;
    op.audit(
        &Entry::new("scope.create", act, cat)
            .scope(&parsed.path)
            .details(json!({
                "kind": parsed.kind.as_str(),
                "name": name,
                "parent": parent.path,
            })),
    )?;
    Ok(Scope {
        id,
        path: parsed.path,
        kind: parsed.kind,
        name: name.map(str::to_string),
        parent: Some(parent.path),
        parent_id: Some(parent.id),
        group_id: None,
    })
}

pub fn add(
    db: &mut Db,
    ctx: &Ctx,
    path: &str,
    name: Option<&str>,
    parent: Option<&str>,
) -> Result<Scope> {
    let failure = Entry::new(
        "scope.create",
        "Onboarded resource to PIM",
        category::RESOURCE,
    );
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        add_in(op, path, name, parent)
    })
}

pub fn remove(db: &mut Db, ctx: &Ctx, path: &str) -> Result<Scope> {
    let failure = Entry::new(
        "scope.remove",
        "Offboarded resource from PIM",
        category::RESOURCE,
    );
    session::write(db, ctx, failure, WriteOpts::default(), |op| {
        let s = names::scope(op.tx, path)?;
        op.failure.scope = Some(s.path.clone());
        let (act, cat) = activity(s.kind, false);
        op.failure.activity = act.into();
        op.failure.category = cat.into();
        if s.kind == ScopeKind::Root {
            return Err(Error::invalid("the root scope / cannot be removed"));
        }
        if s.kind == ScopeKind::Group {
            return Err(Error::invalid_with_hint(
                format!("{} is a group under PIM for Groups", s.path),
                "use `pim group offboard GROUP`",
            ));
        }
        let ancestors = store::scope::ancestors(op.tx, s.id)?;
        let allowed = match s.kind {
            ScopeKind::AdministrativeUnit => op.grants.is_directory_admin(),
            _ => op.grants.is_global_admin() || op.grants.at_or_above(&[OWNER], &ancestors[1..]),
        };
        if !allowed {
            return Err(Error::not_authorized(format!(
                "removing {} needs an active Owner assignment above it, or Global Administrator",
                s.path
            )));
        }
        if store::scope::has_children(op.tx, s.id)? {
            return Err(Error::Conflict {
                message: format!("scope {} has scopes below it", s.path),
                hint: Some("remove those first (`pim scope list --tree`)".into()),
            });
        }
        let live = store::assignment::live_count_at_scope(op.tx, s.id, op.now())?;
        if live > 0 {
            return Err(Error::Conflict {
                message: format!(
                    "scope {} has {live} assignment{}",
                    s.path,
                    if live == 1 { "" } else { "s" }
                ),
                hint: Some("remove them first (`pim assign list --scope ...`)".into()),
            });
        }
        // The scope stays, marked removed, for the history that refers to it; requests still
        // waiting there (an activation asked at a narrower scope) end, audited.
        let mut canceled = Vec::new();
        for req in store::request::pending_involving(op.tx, None, None, Some(s.id))? {
            super::approve::cancel_in(op, &req, "its scope was removed", Some("scope_removed"))?;
            canceled.push(req.id);
        }
        store::scope::mark_removed(op.tx, s.id, op.now())?;
        op.audit(
            &Entry::new("scope.remove", act, cat)
                .scope(&s.path)
                .details(json!({ "kind": s.kind.as_str(), "canceled_requests": canceled })),
        )?;
        Ok(s)
    })
}

/// The scope with this display name (exact, any case), as azure-pim-cli's `scope_name` names one.
pub fn by_display_name(db: &mut Db, ctx: &Ctx, name: &str) -> Result<Scope> {
    session::read(db, ctx, |c, _, _| {
        let all = store::scope::list(c)?;
        let found: Vec<&Scope> = all
            .iter()
            .filter(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(name.trim()))
            })
            .collect();
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(Error::NotFound {
                kind: "scope named",
                name: name.trim().to_string(),
                candidates: super::names::closest(
                    name,
                    all.iter().filter_map(|s| s.name.clone()).collect(),
                ),
            }),
            many => Err(Error::Ambiguous {
                kind: "scope name",
                name: name.trim().to_string(),
                matches: many.iter().map(|s| s.path.clone()).collect(),
            }),
        }
    })
}

pub fn list(db: &mut Db, ctx: &Ctx) -> Result<Vec<Scope>> {
    session::read(db, ctx, |c, _, _| Ok(store::scope::list(c)?))
}

/// A scope and the scopes below it, for `scope list --tree`.
#[derive(Debug, Serialize)]
pub struct ScopeNode {
    #[serde(flatten)]
    pub scope: Scope,
    pub children: Vec<ScopeNode>,
}

/// Arranges scopes into their hierarchy, children sorted by path.
pub fn tree(scopes: Vec<Scope>) -> Vec<ScopeNode> {
    // Keyed by path, which scopes carry wherever they are read (a client of a server has no ids).
    use std::collections::HashMap;
    let mut by_parent: HashMap<Option<String>, Vec<Scope>> = HashMap::new();
    for s in scopes {
        by_parent.entry(s.parent.clone()).or_default().push(s);
    }
    fn build(
        parent: Option<String>,
        by_parent: &mut HashMap<Option<String>, Vec<Scope>>,
        depth: usize,
    ) -> Vec<ScopeNode> {
        let mut kids = by_parent.remove(&parent).unwrap_or_default();
        kids.sort_by_key(|s| s.path.to_lowercase());
        kids.into_iter()
            .map(|s| {
                let children = if depth < 64 {
                    build(Some(s.path.clone()), by_parent, depth + 1)
                } else {
                    vec![]
                };
                ScopeNode { scope: s, children }
            })
            .collect()
    }
    build(None, &mut by_parent, 0)
}
