//! The identifiers Microsoft's documents use: object ids and role template ids (GUIDs), Graph
//! policy ids (`DirectoryRole_{tenant}_{policy}`, `Group_{group}_{policy}`), ARM role definition
//! ids (`/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}`) and ARM
//! scopes (`/providers/Microsoft.Subscription/subscriptions/{sub}` is `/subscriptions/{sub}`).

/// A GUID as Microsoft writes them (8-4-4-4-12 hexadecimal digits), lower-cased; `None` when the
/// text is not one.
pub fn guid(text: &str) -> Option<String> {
    let t = text.trim();
    let groups: Vec<&str> = t.split('-').collect();
    let shape = [8, 4, 4, 4, 12];
    (groups.len() == 5
        && groups
            .iter()
            .zip(shape)
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit())))
    .then(|| t.to_ascii_lowercase())
}

/// The role definition GUID of an ARM role definition id (or a bare GUID).
pub fn arm_role_definition(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches('/');
    let last = t.rsplit('/').next().unwrap_or(t);
    if t.contains('/') {
        let lower = t.to_ascii_lowercase();
        if !lower.contains("/providers/microsoft.authorization/roledefinitions/") {
            return None;
        }
    }
    guid(last)
}

/// An ARM scope as pim writes it: `/providers/Microsoft.Subscription/subscriptions/{sub}…`
/// (as some ARM responses give it) is `/subscriptions/{sub}…`; `subscriptions/…` gains its
/// leading slash.
pub fn arm_scope(text: &str) -> String {
    let t = text.trim().trim_end_matches('/');
    let t = if t.starts_with('/') {
        t.to_string()
    } else {
        format!("/{t}")
    };
    let prefix = "/providers/microsoft.subscription/subscriptions/";
    if t.to_ascii_lowercase().starts_with(prefix) {
        format!("/subscriptions/{}", &t[prefix.len()..])
    } else if t.is_empty() {
        "/".into()
    } else {
        t
    }
}

/// What a Graph policy id (or policy assignment id) says: its scope type and, for a group's
/// policy, the group's object id. `DirectoryRole_{tenant}_{policy}` names no role: the role comes
/// from the policy assignment (`roleDefinitionId`) or from `--role`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyId {
    DirectoryRole,
    Directory,
    Group { group: String },
}

pub fn policy_id(text: &str) -> Option<PolicyId> {
    let (kind, rest) = text.trim().split_once('_')?;
    match kind.to_ascii_lowercase().as_str() {
        "directoryrole" => Some(PolicyId::DirectoryRole),
        "directory" => Some(PolicyId::Directory),
        "group" => {
            let group = rest.split('_').next()?;
            Some(PolicyId::Group {
                group: guid(group)?,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids() {
        assert_eq!(
            guid("62E90394-69F5-4237-9190-012177145E10").as_deref(),
            Some("62e90394-69f5-4237-9190-012177145e10")
        );
        for bad in [
            "",
            "62e90394",
            "62e90394-69f5-4237-9190-012177145e1g",
            "x-y-z-w-v",
        ] {
            assert_eq!(guid(bad), None, "{bad}");
        }
    }

    #[test]
    fn arm_ids_and_scopes() {
        assert_eq!(
            arm_role_definition("/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f/providers/Microsoft.Authorization/roleDefinitions/c8d4ff99-41c3-41a8-9f60-21dfdad59608").as_deref(),
            Some("c8d4ff99-41c3-41a8-9f60-21dfdad59608")
        );
        assert_eq!(
            arm_role_definition("b24988ac-6180-42a0-ab88-20f7382dd24c").as_deref(),
            Some("b24988ac-6180-42a0-ab88-20f7382dd24c")
        );
        assert_eq!(
            arm_role_definition("/subscriptions/x/roles/b24988ac-6180-42a0-ab88-20f7382dd24c"),
            None
        );
        assert_eq!(
            arm_scope(
                "/providers/Microsoft.Subscription/subscriptions/129ff972-28f8-46b8-a726-e497be039368"
            ),
            "/subscriptions/129ff972-28f8-46b8-a726-e497be039368"
        );
        assert_eq!(arm_scope("subscriptions/abc/"), "/subscriptions/abc");
        assert_eq!(arm_scope("/"), "/");
    }

    #[test]
    fn policy_ids() {
        assert_eq!(
            policy_id(
                "DirectoryRole_84841066-274d-4ec0-a5c1-276be684bdd3_200ec19a-09e7-4e7a-9515-cf1ee64b96f9"
            ),
            Some(PolicyId::DirectoryRole)
        );
        assert_eq!(
            policy_id(
                "Group_60bba733-f09d-49b7-8445-32369aa066b3_f21b26d9-9ff9-4af1-b1d4-bddf28591369"
            ),
            Some(PolicyId::Group {
                group: "60bba733-f09d-49b7-8445-32369aa066b3".into()
            })
        );
        assert_eq!(policy_id("570c3619-7688-4b34-b290-2b8bb3ccab2a"), None);
    }
}
