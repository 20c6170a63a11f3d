//! The scope path grammar of SPEC §1.
//!
//! Directory: `/` and `/administrativeUnits/{name}`. Azure:
//! `/providers/Microsoft.Management/managementGroups/{mg}`, `/subscriptions/{sub}`,
//! `/subscriptions/{sub}/resourceGroups/{rg}` and
//! `/subscriptions/{sub}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}`.
//! Keywords match case-insensitively and are written back in their canonical case.

use super::error::{Error, Result};
use super::model::ScopeKind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopePath {
    /// The canonical path.
    pub path: String,
    pub kind: ScopeKind,
    /// The parent the path itself implies (a resource group's subscription, …). Management
    /// groups and subscriptions take theirs from `--parent`, else the root.
    pub structural_parent: Option<String>,
    /// The last segment: the scope's own name.
    pub leaf: String,
}

const MAX_PATH: usize = 1024;
const MAX_SEGMENT: usize = 256;

fn grammar_hint() -> &'static str {
    "scopes look like /, /administrativeUnits/NAME, /providers/Microsoft.Management/managementGroups/MG, \
     /subscriptions/SUB, /subscriptions/SUB/resourceGroups/RG or \
     /subscriptions/SUB/resourceGroups/RG/providers/NAMESPACE/TYPE/NAME"
}

fn bad(text: &str, why: &str) -> Error {
    let shown: String = text
        .chars()
        .take(80)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    Error::invalid_with_hint(format!("invalid scope '{shown}': {why}"), grammar_hint())
}

fn check_name(text: &str, seg: &str, what: &str) -> Result<()> {
    if seg.is_empty() {
        return Err(bad(text, &format!("the {what} name is empty")));
    }
    if seg.len() > MAX_SEGMENT {
        return Err(bad(
            text,
            &format!("the {what} name is longer than {MAX_SEGMENT} bytes"),
        ));
    }
    if seg.ends_with('.') {
        return Err(bad(text, &format!("the {what} name ends with a period")));
    }
    let ok = seg
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')'));
    if !ok {
        return Err(bad(
            text,
            &format!("the {what} name may hold letters, digits, '-', '_', '.', '(' and ')' only"),
        ));
    }
    Ok(())
}

fn check_namespace(text: &str, seg: &str) -> Result<()> {
    let ok = !seg.is_empty()
        && seg.len() <= MAX_SEGMENT
        && seg
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !ok {
        return Err(bad(
            text,
            "the provider namespace must look like Microsoft.Compute",
        ));
    }
    Ok(())
}

/// Parses and validates a scope path, returning its canonical form.
pub fn parse(text: &str) -> Result<ScopePath> {
    if text.len() > MAX_PATH {
        return Err(bad(text, &format!("longer than {MAX_PATH} bytes")));
    }
    let t = text.trim();
    if t == "/" {
        return Ok(ScopePath {
            path: "/".into(),
            kind: ScopeKind::Root,
            structural_parent: None,
            leaf: "/".into(),
        });
    }
    if !t.starts_with('/') {
        return Err(bad(text, "a scope starts with '/'"));
    }
    // A group under PIM for Groups: /groups/{group name}, the name as the principal has it.
    if t.len() > 8 && t.is_char_boundary(8) && t[..8].eq_ignore_ascii_case("/groups/") {
        let name = &t[8..];
        return Ok(ScopePath {
            path: format!("/groups/{name}"),
            kind: ScopeKind::Group,
            structural_parent: None,
            leaf: name.into(),
        });
    }
    let body = t.strip_prefix('/').unwrap_or(t);
    let body = body.strip_suffix('/').unwrap_or(body);
    let segs: Vec<&str> = body.split('/').collect();
    if segs.iter().any(|s| s.is_empty()) {
        return Err(bad(text, "empty path segment"));
    }
    let kw = |i: usize, word: &str| segs.get(i).is_some_and(|s| s.eq_ignore_ascii_case(word));
    match segs.len() {
        2 if kw(0, "administrativeUnits") => {
            check_name(text, segs[1], "administrative unit")?;
            Ok(ScopePath {
                path: format!("/administrativeUnits/{}", segs[1]),
                kind: ScopeKind::AdministrativeUnit,
                structural_parent: Some("/".into()),
                leaf: segs[1].into(),
            })
        }
        4 if kw(0, "providers") && kw(1, "Microsoft.Management") && kw(2, "managementGroups") => {
            check_name(text, segs[3], "management group")?;
            Ok(ScopePath {
                path: format!(
                    "/providers/Microsoft.Management/managementGroups/{}",
                    segs[3]
                ),
                kind: ScopeKind::ManagementGroup,
                structural_parent: None,
                leaf: segs[3].into(),
            })
        }
        2 if kw(0, "subscriptions") => {
            check_name(text, segs[1], "subscription")?;
            Ok(ScopePath {
                path: format!("/subscriptions/{}", segs[1]),
                kind: ScopeKind::Subscription,
                structural_parent: None,
                leaf: segs[1].into(),
            })
        }
        4 if kw(0, "subscriptions") && kw(2, "resourceGroups") => {
            check_name(text, segs[1], "subscription")?;
            check_name(text, segs[3], "resource group")?;
            if segs[3].len() > 90 {
                return Err(bad(text, "a resource group name is at most 90 characters"));
            }
            Ok(ScopePath {
                path: format!("/subscriptions/{}/resourceGroups/{}", segs[1], segs[3]),
                kind: ScopeKind::ResourceGroup,
                structural_parent: Some(format!("/subscriptions/{}", segs[1])),
                leaf: segs[3].into(),
            })
        }
        8 if kw(0, "subscriptions") && kw(2, "resourceGroups") && kw(4, "providers") => {
            check_name(text, segs[1], "subscription")?;
            check_name(text, segs[3], "resource group")?;
            check_namespace(text, segs[5])?;
            check_name(text, segs[6], "resource type")?;
            check_name(text, segs[7], "resource")?;
            let rg = format!("/subscriptions/{}/resourceGroups/{}", segs[1], segs[3]);
            Ok(ScopePath {
                path: format!("{rg}/providers/{}/{}/{}", segs[5], segs[6], segs[7]),
                kind: ScopeKind::Resource,
                structural_parent: Some(rg),
                leaf: segs[7].into(),
            })
        }
        _ => Err(bad(text, "not a scope pim knows")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(parse("/").unwrap().kind, ScopeKind::Root);
        let au = parse("/administrativeUnits/Paris").unwrap();
        assert_eq!(au.kind, ScopeKind::AdministrativeUnit);
        assert_eq!(au.structural_parent.as_deref(), Some("/"));
        let mg = parse("/providers/microsoft.management/MANAGEMENTGROUPS/corp").unwrap();
        assert_eq!(
            mg.path,
            "/providers/Microsoft.Management/managementGroups/corp"
        );
        assert_eq!(mg.kind, ScopeKind::ManagementGroup);
        let rg = parse("/subscriptions/prod/resourcegroups/rg-web/").unwrap();
        assert_eq!(rg.path, "/subscriptions/prod/resourceGroups/rg-web");
        assert_eq!(rg.structural_parent.as_deref(), Some("/subscriptions/prod"));
        let res = parse("/subscriptions/prod/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm1").unwrap();
        assert_eq!(res.kind, ScopeKind::Resource);
        assert_eq!(
            res.structural_parent.as_deref(),
            Some("/subscriptions/prod/resourceGroups/rg-web")
        );
        assert_eq!(res.leaf, "vm1");
    }

    #[test]
    fn refuses_what_is_not_a_scope() {
        for bad in [
            "",
            "subscriptions/x",
            "//",
            "/subscriptions",
            "/subscriptions//resourceGroups/x",
            "/subscriptions/a b",
            "/subscriptions/x/resourceGroups",
            "/foo/bar",
            "/administrativeUnits/x/y",
            "/subscriptions/x;DROP TABLE scope",
            "/subscriptions/x/resourceGroups/y/providers/Microsoft..Compute/vm/z",
            "/subscriptions/trailing.",
            "/subscriptions/\u{7}bell",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(parse(&format!("/subscriptions/{}", "a".repeat(300))).is_err());
        assert!(
            parse(&format!(
                "/subscriptions/s/resourceGroups/{}",
                "a".repeat(91)
            ))
            .is_err()
        );
    }
}
