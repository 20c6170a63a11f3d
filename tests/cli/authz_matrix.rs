//! The authorization matrix: every command that changes anything, run by principals who lack the
//! right (SPEC §2), is refused with exit 4, changes nothing, and is audited as one failure row.

use crate::bad_input::dump;
use crate::support::*;

const GATED: &str = "Security Administrator";

/// Principals without the right to change anything below: a user with no role at all, a Global
/// Reader (sees everything, manages nothing), an Azure Reader at the management group, a service
/// principal that is Contributor on `dev`, and an Owner of `dev` acting on `prod` and on directory
/// roles.
const ACTORS: [&str; 5] = ["erin", "alice", "carol", "deploy-bot", "olga"];

fn id(env: &TestEnv, sql: &str) -> String {
    env.conn()
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The sample organisation, plus what the commands act on: a pending request, an access review,
/// a custom role, a spare scope, a disabled principal, MFA enrolments, and the files to import.
fn setup() -> (TestEnv, Vec<(&'static str, String)>) {
    let env = TestEnv::sample();
    env.set_config("[provision.box]\nkind = \"command\"\ncommand = [\"/bin/true\"]\n");
    env.run(&["provision", "bind", "box", "--role", "Global Reader"])
        .ok();
    env.run(&["principal", "add", "olga"]).ok();
    env.run(&[
        "assign",
        "--principal",
        "olga",
        "--role",
        "Owner",
        "--scope",
        "/subscriptions/dev",
        "--type",
        "active",
        "--duration",
        "30d",
        "--justification",
        "dev owner",
    ])
    .ok();
    // A time-bound assignment at prod, outside olga's authority.
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Reader",
        "--scope",
        "/subscriptions/prod",
        "--duration",
        "10d",
    ])
    .ok();
    // Groups for PIM for Groups: one to bring under it, one already under it.
    env.run(&["principal", "add", "pgroup", "--kind", "group"])
        .ok();
    env.run(&["principal", "add", "ogroup", "--kind", "group"])
        .ok();
    env.run(&["group", "onboard", "ogroup"]).ok();
    env.run(&["principal", "add", "frank"]).ok();
    env.run(&["principal", "disable", "frank"]).ok();
    env.run(&[
        "scope",
        "add",
        "/subscriptions/prod/resourceGroups/rg-spare",
    ])
    .ok();
    env.run(&[
        "role",
        "create",
        "Custom Ops",
        "--kind",
        "azure",
        "--permission",
        "Microsoft.Compute/virtualMachines/read",
    ])
    .ok();
    env.run(&[
        "settings",
        "set",
        "--role",
        GATED,
        "--require-approval",
        "true",
        "--approver",
        "admin",
    ])
    .ok();
    env.run_as(
        "bob",
        &["activate", "--role", GATED, "--justification", "incident"],
    )
    .code(5);
    env.run(&[
        "review",
        "create",
        "--name",
        "quarterly",
        "--role",
        "Privileged Role Administrator",
        "--reviewer",
        "admin",
    ])
    .ok();
    env.run_as("bob", &["mfa", "enroll"]).ok();
    env.write_file(
        "deliver.toml",
        "[[notifications.channel]]\ntype = \"command\"\nprogram = \"/bin/true\"\n",
    );
    env.write_file(
        "one.csv",
        "principal,role,scope,type,start,end,justification\nerin,Reader,/subscriptions/prod,eligible,,,\n",
    );
    env.write_file(
        "settings.toml",
        "[[role]]\nrole = \"Reader\"\nscope = \"/subscriptions/prod\"\npartial = true\n[role.activation]\nrequire_mfa = true\n",
    );
    env.write_file(
        "directory.toml",
        "[[role]]\nrole = \"Global Reader\"\npartial = true\n[role.activation]\nrequire_mfa = true\n",
    );
    let vars = vec![
        (
            "ELIGIBLE",
            id(
                &env,
                "SELECT a.id FROM assignment a JOIN principal p ON p.id = a.principal_id
                   JOIN role r ON r.id = a.role_id
                  WHERE p.name = 'alice' AND r.name = 'Privileged Role Administrator'",
            ),
        ),
        (
            "TIMEBOUND",
            id(
                &env,
                "SELECT a.id FROM assignment a JOIN principal p ON p.id = a.principal_id
                   JOIN role r ON r.id = a.role_id WHERE p.name = 'erin' AND r.name = 'Reader'",
            ),
        ),
        (
            "REQ",
            id(
                &env,
                "SELECT id FROM request WHERE status = 'pending_approval'",
            ),
        ),
        ("REV", id(&env, "SELECT id FROM access_review")),
        ("DIR", path_str(env.dir.path()).to_string()),
    ];
    (env, vars)
}

/// Every command that changes anything, with arguments that would succeed for an administrator.
#[rustfmt::skip]
fn commands() -> Vec<Vec<&'static str>> {
    vec![
        vec!["principal", "add", "zz"],
        vec!["principal", "add", "zz-group", "--kind", "group", "--role-assignable"],
        vec!["principal", "disable", "bob"],
        vec!["principal", "update", "bob", "--email", "bob2@contoso.example"],
        vec!["principal", "enable", "frank"],
        vec!["--yes", "principal", "remove", "bob", "--force"],
        vec!["group", "member", "add", "helpdesk", "erin"],
        vec!["group", "member", "remove", "helpdesk", "carol"],
        vec!["role", "create", "Custom Two", "--kind", "azure", "--permission", "Microsoft.Compute/virtualMachines/read"],
        vec!["--yes", "role", "delete", "Custom Ops"],
        vec!["scope", "add", "/subscriptions/new"],
        vec!["scope", "add", "/subscriptions/prod/resourceGroups/rg-new"],
        vec!["--yes", "scope", "remove", "/subscriptions/prod/resourceGroups/rg-spare"],
        vec!["assign", "--principal", "erin", "--role", "Global Reader", "--justification", "x"],
        vec!["assign", "--principal", "erin", "--role", "Reader", "--scope", "/subscriptions/prod", "--justification", "x"],
        vec!["assign", "--principal", "erin", "--role", "Owner", "--scope", "/providers/Microsoft.Management/managementGroups/contoso", "--type", "active", "--duration", "1d", "--justification", "x"],
        vec!["assign", "update", "{ELIGIBLE}", "--type", "active", "--duration", "1d", "--justification", "x"],
        vec!["assign", "extend", "{TIMEBOUND}", "--duration", "1d", "--justification", "x"],
        vec!["assign", "renew", "{TIMEBOUND}", "--duration", "30d", "--justification", "x"],
        vec!["--yes", "assign", "remove", "{ELIGIBLE}"],
        vec!["--yes", "assign", "remove", "{TIMEBOUND}"],
        vec!["assign", "import", "{DIR}/one.csv"],
        vec!["settings", "set", "--role", "Global Reader", "--require-mfa", "true"],
        vec!["settings", "set", "--role", "Reader", "--scope", "/subscriptions/prod", "--require-mfa", "true"],
        vec!["settings", "set", "--role", GATED, "--clear-approvers"],
        vec!["settings", "import", "{DIR}/settings.toml"],
        vec!["settings", "import", "{DIR}/directory.toml"],
        vec!["review", "create", "--name", "mine", "--role", "Global Reader", "--self-review"],
        vec!["review", "decide", "{REV}", "--principal", "alice", "--decision", "deny", "--justification", "x"],
        vec!["--yes", "review", "complete", "{REV}", "--apply"],
        vec!["approve", "{REQ}", "--justification", "x"],
        vec!["deny", "{REQ}", "--justification", "x"],
        vec!["--yes", "request", "cancel", "{REQ}"],
        vec!["--yes", "mfa", "reset", "--principal", "bob"],
        vec!["mfa", "enroll", "--principal", "bob"],
        vec!["activate", "--role", "User Administrator", "--justification", "x"],
        vec!["group", "onboard", "pgroup"],
        vec!["group", "offboard", "ogroup"],
        vec!["assign", "--group", "ogroup", "--access", "member", "--principal", "erin", "--justification", "x"],
        vec!["assign", "--group", "ogroup", "--access", "owner", "--principal", "erin", "--type", "active", "--duration", "1d", "--justification", "x"],
        vec!["settings", "set", "--group", "ogroup", "--access", "member", "--require-mfa", "true"],
        vec!["notifications", "digest"],
        vec!["--config", "{DIR}/deliver.toml", "notifications", "deliver"],
        vec!["provision", "bind", "box", "--role", "Reader", "--scope", "/subscriptions/prod"],
        vec!["provision", "bind", "box", "--role", "Security Administrator"],
        vec!["provision", "unbind", "box", "--role", "Global Reader"],
        vec!["provision", "run"],
        vec!["provision", "reconcile", "--apply"],
    ]
}

#[test]
fn every_change_by_a_principal_without_the_right_is_refused_and_changes_nothing() {
    let (env, vars) = setup();
    let commands = commands();
    let mut problems = Vec::new();
    let mut cells = 0;
    for args in &commands {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                vars.iter()
                    .fold(a.to_string(), |a, (k, v)| a.replace(&format!("{{{k}}}"), v))
            })
            .collect();
        for actor in ACTORS {
            cells += 1;
            let before = dump(&env.db());
            let audit_before = env.count("audit");
            let r = env.run_as(actor, &args.iter().map(String::as_str).collect::<Vec<_>>());
            let mut fail = |what: String| {
                problems.push(format!(
                    "{actor}: pim {}: {what}\n    {}",
                    args.join(" "),
                    r.stderr.trim_end()
                ))
            };
            if r.code != 4 {
                fail(format!("exit {}, wanted 4", r.code));
            }
            if !r.stderr.starts_with("error: ") {
                fail("no `error:` line".into());
            }
            // Refused for the want of a right, not for some other rule that happens to exit 4.
            let why = if args[0] == "activate" {
                "EligibilityRule"
            } else {
                "not authorized"
            };
            if !r.stderr.contains(why) {
                fail(format!("the error does not say {why:?}"));
            }
            if dump(&env.db()) != before {
                fail("the database changed".into());
            }
            let rows: Vec<(String, String)> = {
                let c = env.conn();
                let mut st = c
                    .prepare("SELECT result, coalesce(reason, '') FROM audit WHERE seq > ?1 ORDER BY seq")
                    .unwrap();
                st.query_map([audit_before], |r| Ok((r.get(0)?, r.get(1)?)))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            };
            if rows.len() != 1 || rows[0].0 != "failure" {
                fail(format!("audit rows added: {rows:?}, wanted one failure"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {cells} cells failed:\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!(
        "{} commands x {} principals = {cells} refusals",
        commands.len(),
        ACTORS.len()
    );
}

/// `pim init` on an existing database is refused for everyone, the administrator included: it is
/// exit 1 (the database exists), not 4.
#[test]
fn init_over_an_existing_database_is_refused_for_everyone() {
    let (env, _) = setup();
    for actor in ACTORS.iter().chain(&["admin"]) {
        let before = dump(&env.db());
        env.run_as(actor, &["init", "--admin", "mallory"])
            .refused(1, "already exists");
        assert_eq!(dump(&env.db()), before);
    }
}
