//! Which format a file given to an import holds: Microsoft's JSON or pim's own (TOML, CSV).

use std::path::Path;

/// Whether a file is JSON: by its extension (`.json` is; `.toml` and `.csv` are not), else by how
/// it starts (`start`: its beginning or all of it). `{` starts JSON; so does `[`, unless what
/// follows is a TOML table header (`[[role]]`, `[role]`).
pub fn is_json(path: &Path, start: &str) -> bool {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("json") => true,
        Some("toml" | "csv") => false,
        _ => {
            let t = start.trim_start_matches('\u{feff}').trim_start();
            match t.strip_prefix('[') {
                Some(rest) => matches!(
                    rest.trim_start().chars().next(),
                    None | Some('{' | ']' | '"')
                ),
                None => t.starts_with('{'),
            }
        }
    }
}

/// Notes what a Microsoft document's import created because the document named it: with the
/// document's id beside a name; in a dry run only what would be created, since nothing was.
pub fn note_created(
    ui: &crate::cli::ui::Ui,
    created: &[crate::core::msformat::resolve::Created],
    dry_run: bool,
) {
    for c in created {
        if dry_run {
            ui.note(&format!("would create {} {}", c.kind, c.name));
        } else {
            let id =
                c.id.as_ref()
                    .filter(|id| **id != c.name)
                    .map(|id| format!(" ({id})"))
                    .unwrap_or_default();
            ui.note(&format!("created {} {}{id}", c.kind, c.name));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_or_not() {
        let none = Path::new("file");
        assert!(is_json(none, "  {\"rules\": []}"));
        assert!(is_json(none, "\u{feff}[\n  {\"id\": 1}]"));
        assert!(is_json(none, "[]"));
        assert!(!is_json(none, "[[role]]\nrole = \"x\""));
        assert!(!is_json(none, "[role.activation]"));
        assert!(!is_json(none, "principal,role"));
        assert!(is_json(Path::new("x.JSON"), "[[role]]"));
        assert!(!is_json(Path::new("x.toml"), "{}"));
    }
}
