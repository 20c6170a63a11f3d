//! Resource actions and the wildcards Entra and Azure write in role permissions:
//! `*` matches any run of characters (`microsoft.directory/*`, `*/read`, `Microsoft.Compute/*`),
//! `allProperties` matches any property (one or more path segments) and `allTasks` any task, so
//! that `microsoft.directory/users/allProperties/allTasks` covers `microsoft.directory/users/create`
//! and `microsoft.directory/users/password/update`. Matching ignores case, as both services do.
//! A permission that starts with `!` is an exclusion (Azure's `NotActions`): an action it matches
//! is not granted by that role, whatever else the role allows.

/// Whether `pattern` (one permission, without `!`) covers `action`.
pub fn matches(pattern: &str, action: &str) -> bool {
    let p = pattern.to_ascii_lowercase();
    let a = action.to_ascii_lowercase();
    // `…/allProperties/allTasks` is everything under the resource.
    if let Some(prefix) = p.strip_suffix("/allproperties/alltasks") {
        return glob(&format!("{prefix}/*"), &a);
    }
    let p = p.replace("/allproperties/", "/*/");
    let p = match p.strip_suffix("/alltasks") {
        Some(prefix) => format!("{prefix}/*"),
        None => p,
    };
    glob(&p, &a)
}

/// `*` as any run of characters; everything else literal.
fn glob(pattern: &str, text: &str) -> bool {
    let p = pattern.as_bytes();
    let t = text.as_bytes();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// The permission of a role that grants `action`, unless an exclusion of the same role removes it.
pub fn granting<'a, S: AsRef<str>>(permissions: &'a [S], action: &str) -> Option<&'a str> {
    let excluded = permissions.iter().any(|p| {
        p.as_ref()
            .strip_prefix('!')
            .is_some_and(|x| matches(x, action))
    });
    if excluded {
        return None;
    }
    permissions
        .iter()
        .map(AsRef::as_ref)
        .find(|p| !p.starts_with('!') && matches(p, action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_and_case() {
        assert!(matches(
            "microsoft.directory/users/password/update",
            "Microsoft.Directory/Users/Password/Update"
        ));
        assert!(!matches(
            "microsoft.directory/users/password/update",
            "microsoft.directory/users/password/read"
        ));
    }

    #[test]
    fn star_matches_any_run_including_slashes() {
        assert!(matches(
            "*",
            "Microsoft.Compute/virtualMachines/start/action"
        ));
        assert!(matches("*/read", "Microsoft.Compute/virtualMachines/read"));
        assert!(!matches(
            "*/read",
            "Microsoft.Compute/virtualMachines/write"
        ));
        assert!(matches(
            "Microsoft.Compute/*",
            "Microsoft.Compute/disks/delete"
        ));
        assert!(!matches(
            "Microsoft.Compute/*",
            "Microsoft.Network/disks/delete"
        ));
        assert!(matches(
            "Microsoft.Compute/*/read",
            "Microsoft.Compute/virtualMachines/extensions/read"
        ));
        assert!(matches(
            "microsoft.directory/*",
            "microsoft.directory/users/create"
        ));
    }

    #[test]
    fn all_properties_and_all_tasks() {
        let p = "microsoft.directory/users/allProperties/allTasks";
        assert!(matches(p, "microsoft.directory/users/create"));
        assert!(matches(p, "microsoft.directory/users/password/update"));
        assert!(!matches(p, "microsoft.directory/groups/create"));
        let r = "microsoft.directory/applications/allProperties/read";
        assert!(matches(
            r,
            "microsoft.directory/applications/credentials/read"
        ));
        assert!(!matches(
            r,
            "microsoft.directory/applications/credentials/update"
        ));
        let t = "microsoft.directory/applications/credentials/allTasks";
        assert!(matches(
            t,
            "microsoft.directory/applications/credentials/update"
        ));
        assert!(!matches(
            t,
            "microsoft.directory/applications/owners/update"
        ));
    }

    #[test]
    fn exclusions_win_within_a_role() {
        let contributor = [
            "*",
            "!Microsoft.Authorization/*/Delete",
            "!Microsoft.Authorization/*/Write",
        ];
        assert_eq!(
            granting(&contributor, "Microsoft.Compute/virtualMachines/write"),
            Some("*")
        );
        assert_eq!(
            granting(
                &contributor,
                "Microsoft.Authorization/roleAssignments/write"
            ),
            None
        );
        assert_eq!(
            granting(&contributor, "Microsoft.Authorization/roleAssignments/read"),
            Some("*")
        );
    }

    #[test]
    fn no_backtracking_blowup() {
        let p = "*a*a*a*a*a*a*a*a*a*a*b";
        let t = "a".repeat(4000);
        assert!(!matches(p, &t));
    }
}
