//! Role settings as Microsoft documents: `pim settings export --format graph|arm` and
//! `pim settings import FILE.json`.
//!
//! Import recognises, by content: a Graph rules list (`{"value": [rules]}`), a Graph policy (GET
//! or PATCH body, `{"rules": [...]}`), a Graph policy assignment with its policy expanded
//! (`{"roleDefinitionId", "scopeId", "policy": {"rules"}}`, alone or in a `value` list), a single
//! rule (a rule PATCH body), an ARM policy (GET or PATCH body, `{"properties": {"rules"}}`) and
//! an ARM policy assignment (`{"properties": {"roleDefinitionId", "scope", "effectiveRules"}}`).
//! What the document says about its role and scope decides where the rules go; a document that
//! does not say (a PATCH body, an ARM policy) takes `--role R [--scope S]`. As Microsoft's own
//! PATCH does, the rules a document lists change and the others keep their values. Everything is
//! one write: all of it or nothing.

use serde::Serialize;
use serde_json::{Value, json};

use super::policy::{self, ApproverIn, ApproverOut, Format, Place};
use super::resolve::{Created, PrincipalHint, Resolver, RoleRef, ScopeRef};
use crate::core::audit::{Entry, category};
use crate::core::error::{Error, Result};
use crate::core::model::{PrincipalKind, RoleKind};
use crate::core::names;
use crate::core::policy::RoleSettings;
use crate::core::session::{self, Ctx, Op, WriteOpts};
use crate::core::settings::{self as core_settings, EntryResult, Selector, SettingsView, Target};
use crate::store::{self, Db};

/// One policy of a document: its rules (with their paths) and what it says of its target.
#[derive(Clone, Debug)]
struct PolicyDoc<'a> {
    path: String,
    rules: Vec<(&'a Value, String)>,
    role: Option<RoleRef>,
    scope: Option<ScopeRef>,
}

fn rules_at<'a>(v: &'a Value, path: &str) -> Result<Vec<(&'a Value, String)>> {
    let items = v
        .as_array()
        .ok_or_else(|| Error::usage(format!("{path}: expected a list of rules")))?;
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, r)| (r, format!("{path}[{i}]")))
        .collect())
}

fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Scope and role of a Graph policy or policy assignment (`scopeId`, `scopeType`, `id`).
fn graph_target(v: &Value) -> (Option<RoleRef>, Option<ScopeRef>) {
    let scope_type = string(v, "scopeType").map(|t| t.to_ascii_lowercase());
    let scope_id = string(v, "scopeId");
    let mut scope = match (scope_type.as_deref(), scope_id) {
        (Some("group"), Some(id)) => Some(ScopeRef::Group(id)),
        (_, Some(id)) => Some(ScopeRef::Path(id)),
        _ => None,
    };
    if scope.is_none()
        && let Some(super::ids::PolicyId::Group { group }) =
            string(v, "id").as_deref().and_then(super::ids::policy_id)
    {
        scope = Some(ScopeRef::Group(group));
    }
    let role = string(v, "roleDefinitionId").map(|r| RoleRef::graph(&r));
    (role, scope)
}

/// The policy an object is, when it is one.
fn policy_doc<'a>(v: &'a Value, path: &str) -> Result<Option<PolicyDoc<'a>>> {
    if !v.is_object() {
        return Ok(None);
    }
    // Graph policy assignment, policy expanded.
    if let Some(p) = v.get("policy").filter(|p| p.get("rules").is_some()) {
        let (role, mut scope) = graph_target(v);
        if scope.is_none() {
            scope = graph_target(p).1;
        }
        return Ok(Some(PolicyDoc {
            path: format!("{path}.policy"),
            rules: rules_at(&p["rules"], &format!("{path}.policy.rules"))?,
            role,
            scope,
        }));
    }
    // Graph policy: GET response or PATCH body.
    if let Some(rules) = v.get("rules") {
        let (_, scope) = graph_target(v);
        return Ok(Some(PolicyDoc {
            path: path.to_string(),
            rules: rules_at(rules, &format!("{path}.rules"))?,
            role: None,
            scope,
        }));
    }
    if let Some(props) = v.get("properties").filter(|p| p.is_object()) {
        let scope = string(props, "scope").map(|s| ScopeRef::Path(super::ids::arm_scope(&s)));
        // ARM policy: GET response or PATCH body.
        if let Some(rules) = props.get("rules") {
            return Ok(Some(PolicyDoc {
                path: format!("{path}.properties"),
                rules: rules_at(rules, &format!("{path}.properties.rules"))?,
                role: None,
                scope,
            }));
        }
        // ARM policy assignment, with the policy's effective rules.
        if let Some(rules) = props.get("effectiveRules") {
            let name = props
                .get("policyAssignmentProperties")
                .and_then(|p| p.get("roleDefinition"))
                .and_then(|r| string(r, "displayName"));
            return Ok(Some(PolicyDoc {
                path: format!("{path}.properties"),
                rules: rules_at(rules, &format!("{path}.properties.effectiveRules"))?,
                role: string(props, "roleDefinitionId").map(|r| RoleRef::Arm(r, name)),
                scope,
            }));
        }
    }
    Ok(None)
}

/// The policies a document holds, by its content.
fn policies(doc: &Value) -> Result<Vec<PolicyDoc<'_>>> {
    let unknown = || {
        Error::usage_with_hint(
            "the document is not a role management policy, a policy's rules or a rule",
            "pim reads Graph rules lists, policies, policy assignments (with $expand=policy($expand=rules)) and rules, and ARM policies and policy assignments; see docs/graph.md",
        )
    };
    let (items, base) = match doc {
        Value::Array(items) => (Some(items), "$".to_string()),
        Value::Object(m) => match m.get("value") {
            Some(Value::Array(items)) => (Some(items), "$.value".to_string()),
            _ => (None, "$".to_string()),
        },
        _ => return Err(unknown()),
    };
    let Some(items) = items else {
        if let Some(p) = policy_doc(doc, "$")? {
            return Ok(vec![p]);
        }
        if policy::which(doc, "$")?.is_some() {
            return Ok(vec![PolicyDoc {
                path: "$".into(),
                rules: vec![(doc, "$".into())],
                role: None,
                scope: None,
            }]);
        }
        return Err(unknown());
    };
    if items.is_empty() {
        return Err(Error::usage(format!("{base}: the list is empty")));
    }
    // A list of policies (assignments), or a list of rules: the former name their targets.
    let mut docs = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        docs.push(policy_doc(item, &format!("{base}[{i}]"))?);
    }
    if docs.iter().all(Option::is_some) {
        return Ok(docs.into_iter().flatten().collect());
    }
    if let Some(i) = docs.iter().position(Option::is_some) {
        return Err(Error::usage(format!(
            "{base}[{i}]: a policy in a list of rules (a list holds rules, or policies, not both)"
        )));
    }
    let mut rules = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("{base}[{i}]");
        if policy::which(item, &path)?.is_none() {
            return Err(Error::usage(format!("{path}: neither a rule nor a policy")));
        }
        rules.push((item, path));
    }
    Ok(vec![PolicyDoc {
        path: base,
        rules,
        role: None,
        scope: None,
    }])
}

/// What `settings import FILE.json` did.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct ImportReport {
    pub entries: Vec<EntryResult>,
    /// Values of the document pim does not model, kept without enforcing or not kept.
    pub notes: Vec<String>,
    /// What `--create-missing` created.
    pub created: Vec<Created>,
}

/// Options of a document import.
#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportOptions {
    /// Where the rules go when the document does not say (`--role R [--scope S]`).
    pub selector: Option<Selector>,
    pub create_missing: bool,
}

/// The role and scope a policy of the document goes to.
fn target_of(
    op: &mut Op<'_>,
    resolver: &mut Resolver,
    doc: &PolicyDoc<'_>,
    selector: Option<&Selector>,
) -> Result<Target> {
    let from_doc = match &doc.role {
        Some(r) => Some(resolver.role_ref(op, r, &doc.path)?),
        None => None,
    };
    let from_flag = match selector {
        Some(sel) => Some(names::role(op.tx, &sel.role)?),
        None => None,
    };
    let role = match (from_doc, from_flag) {
        (Some(d), Some(f)) if d.id != f.id => {
            return Err(Error::usage(format!(
                "{}: the document is for '{}', --role says '{}'",
                doc.path, d.name, f.name
            )));
        }
        (Some(r), _) | (None, Some(r)) => r,
        (None, None) => {
            return Err(Error::usage_with_hint(
                format!(
                    "{}: the document does not say which role its rules are for",
                    doc.path
                ),
                "pass --role R [--scope S] (or --group G --access member|owner)",
            ));
        }
    };
    let scope_from_doc = match &doc.scope {
        // A directory role's policy is scoped `/` in Graph whatever pim calls it.
        Some(s) => Some(resolver.scope_ref(op, s, &doc.path)?),
        None => None,
    };
    let scope_flag = selector.and_then(|s| s.scope.clone());
    let scope_path = match (scope_from_doc, scope_flag) {
        (Some(d), Some(f)) => {
            let f = names::scope(op.tx, &f)?;
            if d.id != f.id {
                return Err(Error::usage(format!(
                    "{}: the document is for scope {}, --scope says {}",
                    doc.path, d.path, f.path
                )));
            }
            Some(d.path)
        }
        (Some(d), None) => Some(d.path),
        (None, f) => f,
    };
    core_settings::resolve(
        op.tx,
        &role.id,
        scope_path.as_deref(),
        Some(&mut *op.failure),
    )
}

/// Applies the rules of one policy over `settings`, resolving approvers.
fn apply_all(
    op: &mut Op<'_>,
    resolver: &mut Resolver,
    settings: &mut RoleSettings,
    doc: &PolicyDoc<'_>,
    notes: &mut Vec<String>,
) -> Result<()> {
    let mut seen: Vec<(&'static str, &str)> = Vec::new();
    for (rule, path) in &doc.rules {
        let Some(spec) = policy::which(rule, path)? else {
            return Err(Error::usage(format!("{path}: not a rule (it has no id)")));
        };
        if let Some((_, first)) = seen.iter().find(|(id, _)| *id == spec.id) {
            return Err(Error::usage(format!(
                "{} ({path}): the rule is already given at {first}",
                spec.id
            )));
        }
        seen.push((spec.id, path));
        let mut resolve = |a: &ApproverIn, place: &Place| -> Result<String> {
            let hint = PrincipalHint {
                kind: Some(a.kind),
                names: a.description.iter().cloned().collect(),
            };
            let where_ = format!("{} ({})", place.rule, place.path);
            let p = resolver.principal(op, &a.object_id, &hint, &where_)?;
            let fits = match a.kind {
                PrincipalKind::Group => p.kind == PrincipalKind::Group,
                _ => p.kind != PrincipalKind::Group,
            };
            if !fits {
                return Err(place.bad(format!(
                    "{} names {} '{}', which is a {}",
                    a.object_id,
                    if a.kind == PrincipalKind::Group {
                        "a group"
                    } else {
                        "a user"
                    },
                    p.name,
                    p.kind
                )));
            }
            Ok(p.id)
        };
        notes.extend(policy::apply_rule(settings, rule, path, &mut resolve)?);
    }
    Ok(())
}

/// `pim settings import FILE.json`: every policy of the document, in one write.
pub fn import(
    db: &mut Db,
    ctx: &Ctx,
    name: &str,
    doc: &Value,
    opts: &ImportOptions,
    write: WriteOpts,
) -> Result<ImportReport> {
    let policies = policies(doc).map_err(|e| match e {
        Error::Usage { message, hint } => Error::Usage {
            message: format!("{name}: {message}"),
            hint,
        },
        other => other,
    })?;
    if policies.len() > 1 && opts.selector.is_some() {
        return Err(Error::usage_with_hint(
            format!(
                "{name} holds {} policies: --role names the target of one",
                policies.len()
            ),
            "each policy of a list names its own role and scope; leave out --role",
        ));
    }
    let failure = Entry::new(
        core_settings::ACTION,
        core_settings::ACTIVITY,
        category::ROLE,
    )
    .details(json!({ "file": name, "format": "json", "policies": policies.len() }));
    session::write(db, ctx, failure, write, |op| {
        let mut resolver = Resolver::new(opts.create_missing);
        let mut notes = Vec::new();
        let mut entries = Vec::with_capacity(policies.len());
        let mut done: Vec<(String, i64, String)> = Vec::new();
        for doc in &policies {
            let t = target_of(op, &mut resolver, doc, opts.selector.as_ref())?;
            core_settings::require_manage(op.tx, &op.grants, &t)?;
            if let Some((.., first)) = done
                .iter()
                .find(|(r, s, _)| *r == t.role.id && *s == t.scope.id)
            {
                return Err(Error::usage(format!(
                    "{}: '{}' at {} is already set by {first}",
                    doc.path, t.role.name, t.scope.path
                )));
            }
            done.push((t.role.id.clone(), t.scope.id, doc.path.clone()));
            let old = core_settings::current(op.tx, &t)?;
            let mut new = old.clone();
            apply_all(op, &mut resolver, &mut new, doc, &mut notes)?;
            // What the settings already got wrong does not block; what the document brings does.
            let had = core_settings::validate_in(op.tx, &old, t.role.kind)?;
            if let Some(p) = core_settings::validate_in(op.tx, &new, t.role.kind)?
                .into_iter()
                .find(|p| !had.contains(p))
            {
                let mut e = p.into_error();
                if let Error::Invalid { message, .. } = &mut e {
                    *message = format!(
                        "{}: '{}' at {}: {message}",
                        doc.path, t.role.name, t.scope.path
                    );
                }
                return Err(e);
            }
            let changes = core_settings::store_change(op, &t, &old, &new)?;
            let warnings = core_settings::short_stages(op.tx, &t, &new, op.now())?;
            entries.push(EntryResult {
                role: t.role.name.clone(),
                scope: t.scope.path.clone(),
                changes,
                warnings,
            });
        }
        Ok(ImportReport {
            entries,
            notes,
            created: resolver.created,
        })
    })
}

/// What `export --format graph|arm` made: the document, and what it left out.
#[derive(Clone, Debug, Serialize, serde::Deserialize)]
pub struct Exported {
    pub document: Value,
    /// Settings the actor may not view.
    pub hidden: usize,
    /// Roles of the other format's kind (Azure roles in Graph, directory and group roles in
    /// ARM), by "role at scope".
    pub left_out: Vec<String>,
}

/// The format for a kind of role: Graph holds directory roles and PIM for Groups, ARM Azure roles.
fn fits(kind: RoleKind, fmt: Format) -> bool {
    (kind == RoleKind::Azure) == (fmt == Format::Arm)
}

fn approver_out(c: &crate::store::Conn, id: &str) -> ApproverOut {
    match store::principal::by_id(c, id).ok().flatten() {
        Some(p) => ApproverOut {
            id: p.object_id.clone().unwrap_or(p.id),
            kind: p.kind,
            name: p.name,
        },
        None => ApproverOut {
            id: id.to_string(),
            kind: PrincipalKind::User,
            name: id.to_string(),
        },
    }
}

/// The id a document gives a group: its object id, else pim's id.
fn group_id(c: &crate::store::Conn, scope_path: &str) -> Result<String> {
    let id = store::scope::by_path(c, scope_path)?
        .and_then(|s| s.group_id)
        .unwrap_or_default();
    Ok(match store::principal::by_id(c, &id)? {
        Some(p) => p.object_id.unwrap_or(p.id),
        None => id,
    })
}

/// One policy, in a list: Graph's policy assignment with its policy expanded, or ARM's policy
/// assignment with its effective rules.
fn listed(
    c: &crate::store::Conn,
    v: &SettingsView,
    rules: Vec<Value>,
    fmt: Format,
) -> Result<Value> {
    Ok(match fmt {
        Format::Graph => {
            let (role_id, scope_id, scope_type) = if v.role_kind == RoleKind::Group {
                let access = if v.role_id == crate::core::builtin::GROUP_OWNER {
                    "owner"
                } else {
                    "member"
                };
                (access.to_string(), group_id(c, &v.scope)?, "Group")
            } else {
                (v.role_id.clone(), v.scope.clone(), "DirectoryRole")
            };
            json!({
                "roleDefinitionId": role_id,
                "scopeId": scope_id,
                "scopeType": scope_type,
                "policy": { "scopeId": scope_id, "scopeType": scope_type, "rules": rules },
            })
        }
        Format::Arm => json!({
            "properties": {
                "scope": v.scope,
                "roleDefinitionId": format!(
                    "{}/providers/Microsoft.Authorization/roleDefinitions/{}",
                    v.scope, v.role_id
                ),
                "effectiveRules": rules,
                "policyAssignmentProperties": {
                    "roleDefinition": { "displayName": v.role },
                },
            },
            "type": "Microsoft.Authorization/RoleManagementPolicyAssignment",
        }),
    })
}

/// `pim settings export --format graph|arm`: one role at a scope as the body Microsoft's PATCH
/// takes, or (no selector) every role and scope with settings as a list of policy assignments.
/// The settings are `settings export`'s, with its rights and order.
pub fn export(db: &mut Db, ctx: &Ctx, sel: Option<&Selector>, fmt: Format) -> Result<Exported> {
    let ex = core_settings::export(db, ctx, sel)?;
    session::read(db, ctx, |c, _actor, _grants| {
        let rules = |s: &RoleSettings| policy::rules_json(s, fmt, &|id| approver_out(c, id));
        if sel.is_some() {
            let Some(v) = ex.views.first() else {
                return Err(Error::invalid("nothing to export"));
            };
            if !fits(v.role_kind, fmt) {
                return Err(Error::usage_with_hint(
                    format!(
                        "'{}' is {} role: its policy is {}",
                        v.role,
                        if v.role_kind == RoleKind::Azure {
                            "an Azure"
                        } else {
                            "a directory or group"
                        },
                        if fmt == Format::Graph {
                            "an Azure Resource Manager document"
                        } else {
                            "a Microsoft Graph document"
                        }
                    ),
                    if fmt == Format::Graph {
                        "use --format arm"
                    } else {
                        "use --format graph"
                    },
                ));
            }
            let r = rules(&v.settings);
            let document = match fmt {
                Format::Graph => json!({ "rules": r }),
                Format::Arm => json!({ "properties": { "rules": r } }),
            };
            return Ok(Exported {
                document,
                hidden: 0,
                left_out: vec![],
            });
        }
        let mut items = Vec::new();
        let mut left_out = Vec::new();
        for v in &ex.views {
            if fits(v.role_kind, fmt) {
                items.push(listed(c, v, rules(&v.settings), fmt)?);
            } else {
                left_out.push(format!("{} at {}", v.role, v.scope));
            }
        }
        Ok(Exported {
            document: json!({ "value": items }),
            hidden: ex.hidden,
            left_out,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_recognised_by_content() {
        let rule = json!({"id": "Expiration_EndUser_Assignment", "maximumDuration": "PT2H"});
        let one = policies(&rule).unwrap();
        assert_eq!((one.len(), one[0].rules.len()), (1, 1));
        let list = json!({"value": [rule.clone(), rule.clone()]});
        assert_eq!(policies(&list).unwrap()[0].rules.len(), 2);
        let patch = json!({"rules": [rule.clone()]});
        assert_eq!(policies(&patch).unwrap()[0].rules[0].1, "$.rules[0]");
        let arm = json!({"properties": {"scope": "/providers/Microsoft.Subscription/subscriptions/s1", "rules": [rule.clone()]}});
        let p = &policies(&arm).unwrap()[0];
        assert_eq!(p.scope, Some(ScopeRef::Path("/subscriptions/s1".into())));
        let assignment = json!({"value": [
            {"roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10", "scopeId": "/", "scopeType": "DirectoryRole", "policy": {"rules": [rule.clone()]}},
            {"roleDefinitionId": "owner", "scopeId": "7e526275-97a8-4dc6-932a-4db521cccf96", "scopeType": "Group", "policy": {"rules": [rule.clone()]}}
        ]});
        let ps = policies(&assignment).unwrap();
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[1].role, Some(RoleRef::Access("owner")));
        assert_eq!(
            ps[1].scope,
            Some(ScopeRef::Group(
                "7e526275-97a8-4dc6-932a-4db521cccf96".into()
            ))
        );
        assert_eq!(ps[1].rules[0].1, "$.value[1].policy.rules[0]");
        for bad in [json!({"hello": 1}), json!(3), json!({"value": []})] {
            assert!(matches!(policies(&bad), Err(Error::Usage { .. })), "{bad}");
        }
        let mixed = json!({"value": [rule.clone(), {"x": 1}]});
        assert!(policies(&mixed).is_err());
    }
}
