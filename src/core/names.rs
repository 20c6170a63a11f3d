//! Finding things by what users type: exact, case-insensitive names, or unique ID prefixes of at
//! least six characters. Never fuzzy; an unknown name lists the closest candidates.

use crate::store::Conn;

use super::error::{Error, Result};
use super::model::{Principal, Role, Scope, ScopeKind};
use super::scope_path;
use crate::store;

pub const MIN_PREFIX: usize = 6;

/// Whether `text` could be taken for an ID or an ID prefix where prefixes are accepted: six to 36
/// hexadecimal digits and dashes. Principal names never look like this.
pub fn looks_like_id_prefix(text: &str) -> bool {
    text.len() >= MIN_PREFIX
        && text.len() <= 36
        && text.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

/// The words of what someone typed as a short form: `GA` and `PRA` are initials (one word per
/// capital), `SecAdmin` and `sec-admin` are word prefixes (split at case changes and separators).
fn short_form_words(text: &str) -> Vec<String> {
    let t = text.trim();
    if (2..=5).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase()) {
        return t
            .chars()
            .map(|c| c.to_ascii_lowercase().to_string())
            .collect();
    }
    let mut words: Vec<String> = Vec::new();
    let mut prev_lower = false;
    for ch in t.chars() {
        if !ch.is_alphanumeric() {
            prev_lower = false;
            words.push(String::new());
            continue;
        }
        if ch.is_uppercase() && prev_lower {
            words.push(String::new());
        }
        prev_lower = ch.is_lowercase();
        match words.last_mut() {
            Some(w) => w.extend(ch.to_lowercase()),
            None => words.push(ch.to_lowercase().collect()),
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

/// Whether `text` abbreviates `name`: as many words, each a prefix of the name's word in turn
/// (`GA`, `PRA`, `SecAdmin`, `UserAccessAdmin`). Only ever a suggestion: nothing is accepted by
/// its abbreviation.
pub fn abbreviates(text: &str, name: &str) -> bool {
    let short = short_form_words(text);
    let words: Vec<String> = name
        .split([' ', '-', '_'])
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    short.len() >= 2
        && short.len() == words.len()
        && short
            .iter()
            .zip(&words)
            .all(|(s, w)| w.starts_with(s.as_str()))
}

/// Up to three known names for `wanted`: those it abbreviates first, then the closest spellings.
pub fn suggest(wanted: &str, names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = names
        .iter()
        .filter(|n| abbreviates(wanted, n))
        .cloned()
        .collect();
    out.sort();
    for n in closest(wanted, names) {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out.truncate(3);
    out
}

/// Up to three known names closest to `wanted`.
pub fn closest(wanted: &str, names: Vec<String>) -> Vec<String> {
    let w = wanted.to_lowercase();
    let mut scored: Vec<(f64, String)> = names
        .into_iter()
        .filter_map(|n| {
            let l = n.to_lowercase();
            let mut score = strsim::jaro_winkler(&w, &l);
            if !w.is_empty() && (l.contains(&w) || w.contains(&l)) {
                score = score.max(0.9);
            }
            (score >= 0.75).then_some((score, n))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

fn short(id: &str) -> &str {
    &id[..8.min(id.len())]
}

fn by_prefix(kind: &'static str, text: &str, ids: Vec<String>) -> Result<Option<String>> {
    match ids.len() {
        0 => Ok(None),
        1 => Ok(ids.into_iter().next()),
        _ => Err(Error::Ambiguous {
            kind,
            name: text.to_string(),
            matches: ids
                .into_iter()
                .map(|i| i[..8.min(i.len())].to_string())
                .collect(),
        }),
    }
}

/// A principal by name or ID. A name never shadows an ID: a full ID is resolved first, and a token
/// that is both a name (one made before such names were refused) and a unique ID prefix is an
/// error naming both.
///
/// A removed principal is found by nothing, not even its full ID: no command acts on it, assigns
/// it or brings it back (its history is read with `principal_in_history`).
pub fn principal(c: &Conn, text: &str) -> Result<Principal> {
    let t = text.trim();
    if uuid::Uuid::try_parse(t).is_ok()
        && let Some(p) = store::principal::by_id(c, &t.to_lowercase())?
        && !store::principal::is_removed(c, &p.id)?
    {
        return Ok(p);
    }
    let named = store::principal::by_name(c, t)?;
    if !looks_like_id_prefix(t) {
        if let Some(p) = named {
            return Ok(p);
        }
    } else {
        let ids = store::principal::ids_with_prefix(c, t, 5)?;
        match (named, ids.as_slice()) {
            (Some(p), []) => return Ok(p),
            (Some(p), ids) => {
                let mut matches = vec![format!(
                    "the principal named '{}' ({})",
                    p.name,
                    short(&p.id)
                )];
                for id in ids.iter().filter(|id| **id != p.id) {
                    let name = store::principal::by_id(c, id)?
                        .map(|o| o.name)
                        .unwrap_or_default();
                    matches.push(format!("the ID {} ({name})", short(id)));
                }
                if matches.len() > 1 {
                    return Err(Error::Ambiguous {
                        kind: "principal",
                        name: t.to_string(),
                        matches,
                    });
                }
                return Ok(p);
            }
            (None, _) => {
                if let Some(id) = by_prefix("principal", t, ids)?
                    && let Some(p) = store::principal::by_id(c, &id)?
                {
                    return Ok(p);
                }
            }
        }
    }
    Err(Error::NotFound {
        kind: "principal",
        name: t.to_string(),
        candidates: closest(t, store::principal::all_names(c)?),
    })
}

/// A principal as `principal` finds it, or a removed one by its full ID: for reading history
/// (audit filters), never for acting on it.
pub fn principal_in_history(c: &Conn, text: &str) -> Result<Principal> {
    let found = principal(c, text);
    let t = text.trim();
    if matches!(found, Err(Error::NotFound { .. }))
        && uuid::Uuid::try_parse(t).is_ok()
        && let Some(p) = store::principal::by_id(c, &t.to_lowercase())?
    {
        return Ok(p);
    }
    found
}

pub fn role(c: &Conn, text: &str) -> Result<Role> {
    let t = text.trim();
    if let Some(r) = store::role::by_name(c, t)? {
        return Ok(r);
    }
    // A full ID, including the two PIM-for-Groups roles' (`group-member`, `group-owner`).
    if let Some(r) = store::role::live_by_id(c, t)? {
        return Ok(r);
    }
    if looks_like_id_prefix(t)
        && let Some(id) = by_prefix("role", t, store::role::ids_with_prefix(c, t, 5)?)?
        && let Some(r) = store::role::live_by_id(c, &id)?
    {
        return Ok(r);
    }
    Err(Error::NotFound {
        kind: "role",
        name: t.to_string(),
        candidates: suggest(t, store::role::all_names(c)?),
    })
}

pub fn scope(c: &Conn, text: &str) -> Result<Scope> {
    let parsed = scope_path::parse(text)?;
    match store::scope::by_path(c, &parsed.path)? {
        Some(s) if s.kind == ScopeKind::Group => {
            let onboarded = match s.group_id.as_deref() {
                Some(g) => store::principal::is_onboarded(c, g)?,
                None => false,
            };
            if onboarded {
                Ok(s)
            } else {
                Err(not_onboarded(&parsed.leaf))
            }
        }
        Some(s) => Ok(s),
        None if parsed.kind == ScopeKind::Group => {
            Err(match store::principal::by_name(c, &parsed.leaf)? {
                Some(_) => not_onboarded(&parsed.leaf),
                None => Error::NotFound {
                    kind: "group",
                    name: parsed.leaf.clone(),
                    candidates: closest(&parsed.leaf, store::principal::all_names(c)?),
                },
            })
        }
        None => Err(Error::NotFound {
            kind: "scope",
            name: parsed.path.clone(),
            candidates: closest(&parsed.path, store::scope::all_paths(c)?),
        }),
    }
}

fn not_onboarded(group: &str) -> Error {
    Error::invalid_with_hint(
        format!("group '{group}' is not under PIM for Groups"),
        format!("bring it under PIM first: pim group onboard '{group}'"),
    )
}

/// Finds the IDs of a kind that start with a prefix (at most `limit`).
pub type PrefixLookup = fn(&Conn, &str, usize) -> crate::store::Result<Vec<String>>;

/// An ID from a full ID or a unique prefix of at least six characters.
pub fn by_id_prefix(
    c: &Conn,
    kind: &'static str,
    text: &str,
    lookup: PrefixLookup,
) -> Result<String> {
    let t = text.trim().to_lowercase();
    let not_found = || Error::NotFound {
        kind,
        name: text.trim().to_string(),
        candidates: vec![],
    };
    if t.len() < MIN_PREFIX {
        return Err(Error::invalid_with_hint(
            format!("{kind} ID '{}' is too short", text.trim()),
            format!("give at least {MIN_PREFIX} characters of the ID"),
        ));
    }
    if !looks_like_id_prefix(&t) {
        return Err(not_found());
    }
    by_prefix(kind, &t, lookup(c, &t, 5)?)?.ok_or_else(not_found)
}

/// An assignment ID from a full ID or a unique prefix.
pub fn assignment_id(c: &Conn, text: &str) -> Result<String> {
    by_id_prefix(c, "assignment", text, store::assignment::ids_with_prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_of_role_names_are_suggested() {
        let names: Vec<String> = [
            "Global Administrator",
            "Global Reader",
            "Privileged Role Administrator",
            "Privileged Authentication Administrator",
            "User Access Administrator",
            "Security Administrator",
            "Security Reader",
            "Owner",
        ]
        .map(String::from)
        .to_vec();
        for (typed, first) in [
            ("GA", "Global Administrator"),
            ("PRA", "Privileged Role Administrator"),
            ("PAA", "Privileged Authentication Administrator"),
            ("UAA", "User Access Administrator"),
            ("SecAdmin", "Security Administrator"),
            ("sec-reader", "Security Reader"),
            ("GlobalAdmin", "Global Administrator"),
            ("GR", "Global Reader"),
        ] {
            assert_eq!(suggest(typed, names.clone())[0], first, "{typed}");
        }
        // Initials only when typed in capitals; a real word is not an abbreviation.
        assert!(!abbreviates("ga", "Global Administrator"));
        assert!(!abbreviates("O", "Owner"));
        assert!(suggest("zzz", names).is_empty());
    }

    #[test]
    fn closest_names() {
        let names = vec![
            "Global Administrator".to_string(),
            "Global Reader".into(),
            "Owner".into(),
        ];
        assert_eq!(
            closest("global admin", names.clone())[0],
            "Global Administrator"
        );
        assert!(closest("zzzzzz", names).is_empty());
    }
}
