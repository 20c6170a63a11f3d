//! Examples for every command: shown under `--help` (long help) and in the man pages' EXAMPLES
//! section. A test parses each one against the command it documents, over the sample
//! organisation's names (`pim init --sample`).

/// (command path, [(what it does, the command line)]).
pub const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    (
        "",
        &[
            (
                "Create a database with a demo organisation",
                "pim init --admin admin --sample",
            ),
            (
                "What you can activate, have active and wait for",
                "pim status",
            ),
            (
                "Turn on an eligible role for two hours",
                "pim activate --role \"Security Administrator\" --justification INC-4711 --duration 2h",
            ),
        ],
    ),
    (
        "init",
        &[
            (
                "A database with only its first administrator",
                "pim init --admin admin",
            ),
            (
                "The same with a small demo organisation to try pim on",
                "pim init --admin admin --email admin@contoso.example --sample",
            ),
            (
                "A database at a path of your choosing",
                "pim --db /srv/pim/pim.db init --admin ops",
            ),
        ],
    ),
    (
        "principal",
        &[
            (
                "Add a user with an address for notifications",
                "pim principal add frank --email frank@contoso.example",
            ),
            ("List the groups", "pim principal list --kind group"),
        ],
    ),
    (
        "principal add",
        &[
            (
                "A user with an address for notifications",
                "pim principal add frank --email frank@contoso.example",
            ),
            (
                "A group that can hold directory roles",
                "pim principal add sec-ops --kind group --role-assignable",
            ),
            (
                "A service principal",
                "pim principal add build-bot --kind service-principal",
            ),
        ],
    ),
    (
        "principal list",
        &[
            ("Every principal", "pim principal list"),
            (
                "Only the groups, as JSON",
                "pim principal list --kind group -o json",
            ),
        ],
    ),
    (
        "principal show",
        &[
            (
                "A user, their groups and assignments",
                "pim principal show alice",
            ),
            (
                "A group and its members, as JSON",
                "pim principal show tier0-admins -o json",
            ),
        ],
    ),
    (
        "principal update",
        &[
            (
                "Give a principal an email address",
                "pim principal update carol --email carol@contoso.example",
            ),
            (
                "See what would change, changing nothing",
                "pim principal update carol --display-name \"Carol D.\" --dry-run",
            ),
        ],
    ),
    (
        "principal enable",
        &[
            ("Enable a disabled user", "pim principal enable erin"),
            (
                "The same, acting as another administrator",
                "pim --as alice principal enable erin",
            ),
        ],
    ),
    (
        "principal disable",
        &[
            (
                "Disable a user: they hold nothing while disabled",
                "pim principal disable erin",
            ),
            (
                "A script's form: print the principal as JSON",
                "pim principal disable erin -o json",
            ),
        ],
    ),
    (
        "principal remove",
        &[
            (
                "Delete a principal without assignments (asks first on a terminal)",
                "pim principal remove frank",
            ),
            (
                "Delete one with its assignments, without asking",
                "pim --yes principal remove erin --force",
            ),
        ],
    ),
    (
        "group",
        &[
            (
                "Add a member to a group",
                "pim group member add helpdesk erin",
            ),
            (
                "Bring a group under PIM for Groups",
                "pim group onboard helpdesk",
            ),
        ],
    ),
    (
        "group member",
        &[
            ("Add a member", "pim group member add helpdesk erin"),
            (
                "Static members and active PIM members",
                "pim group member list tier0-admins",
            ),
        ],
    ),
    (
        "group member add",
        &[
            (
                "Add a user to a group",
                "pim group member add helpdesk erin",
            ),
            (
                "Nest a group in a group (not in a role-assignable one)",
                "pim group member add helpdesk deploy-bot",
            ),
        ],
    ),
    (
        "group member remove",
        &[
            (
                "Take a user out of a group",
                "pim group member remove helpdesk dave",
            ),
            (
                "The same, acting as an administrator",
                "pim --as admin group member remove helpdesk carol",
            ),
        ],
    ),
    (
        "group member list",
        &[
            (
                "Members, static and through PIM for Groups",
                "pim group member list tier0-admins",
            ),
            (
                "As JSON, with each PIM membership's end",
                "pim group member list tier0-admins -o json",
            ),
        ],
    ),
    (
        "group onboard",
        &[
            (
                "Bring a group under PIM for Groups",
                "pim group onboard helpdesk",
            ),
            (
                "Check first, changing nothing",
                "pim group onboard tier0-admins --dry-run",
            ),
        ],
    ),
    (
        "group offboard",
        &[
            (
                "Take a group out of PIM for Groups",
                "pim group offboard helpdesk",
            ),
            (
                "Check first, changing nothing",
                "pim group offboard helpdesk --dry-run",
            ),
        ],
    ),
    (
        "group list",
        &[
            ("The groups under PIM for Groups", "pim group list"),
            ("As JSON", "pim group list -o json"),
        ],
    ),
    (
        "role",
        &[
            (
                "The privileged directory roles",
                "pim role list --kind directory --privileged",
            ),
            (
                "A role and its permissions",
                "pim role show \"Global Administrator\"",
            ),
        ],
    ),
    (
        "role list",
        &[
            ("Every role", "pim role list"),
            (
                "The privileged directory roles",
                "pim role list --kind directory --privileged",
            ),
            ("Azure roles as JSON", "pim role list --kind azure -o json"),
        ],
    ),
    (
        "role show",
        &[
            ("A role by name", "pim role show \"Global Administrator\""),
            (
                "A role by its template GUID",
                "pim role show 62e90394-69f5-4237-9190-012177145e10",
            ),
        ],
    ),
    (
        "role create",
        &[
            (
                "A custom directory role",
                "pim role create Resetter --kind directory --permission microsoft.directory/users/password/update",
            ),
            (
                "A custom Azure role that reads everything but secrets",
                "pim role create Auditor --kind azure --permission \"*/read\" --permission \"!Microsoft.KeyVault/*\"",
            ),
        ],
    ),
    (
        "role delete",
        &[
            (
                "Delete a custom role with no assignments",
                "pim role delete Resetter",
            ),
            ("The same by ID prefix", "pim role delete 3f0c9a1b"),
        ],
    ),
    (
        "scope",
        &[
            ("The hierarchy", "pim scope list --tree"),
            (
                "Add a resource group",
                "pim scope add /subscriptions/dev/resourceGroups/rg-test",
            ),
        ],
    ),
    (
        "scope add",
        &[
            (
                "An administrative unit",
                "pim scope add /administrativeUnits/lyon --name \"Lyon office\"",
            ),
            (
                "A management group",
                "pim scope add /providers/Microsoft.Management/managementGroups/europe --name Europe",
            ),
            (
                "A resource group",
                "pim scope add /subscriptions/dev/resourceGroups/rg-test",
            ),
        ],
    ),
    (
        "scope list",
        &[
            ("Every scope", "pim scope list"),
            ("The hierarchy as a tree", "pim scope list --tree"),
            ("The tree as nested JSON", "pim scope list --tree -o json"),
        ],
    ),
    (
        "scope remove",
        &[
            (
                "Remove a scope with nothing below it",
                "pim scope remove /subscriptions/dev/resourceGroups/rg-test",
            ),
            (
                "Remove an administrative unit",
                "pim scope remove /administrativeUnits/lyon",
            ),
        ],
    ),
    (
        "assign",
        &[
            (
                "Make erin eligible for 90 days",
                "pim assign --principal erin --role \"Security Reader\" --duration 90d",
            ),
            (
                "Eight hours of active Global Reader (--otp CODE if the role asks MFA for it)",
                "pim assign --principal erin --role \"Global Reader\" --type active --duration 8h --justification x",
            ),
            (
                "Eligible membership of a group under PIM",
                "pim assign --principal erin --group tier0-admins --access member --duration 30d",
            ),
        ],
    ),
    (
        "assign list",
        &[
            ("What erin holds", "pim assign list --principal erin"),
            (
                "Everything at a scope, inherited rows included",
                "pim assign list --scope /subscriptions/prod",
            ),
            (
                "Active assignments as CSV",
                "pim assign list --type active -o csv",
            ),
        ],
    ),
    (
        "assign show",
        &[
            ("One assignment by ID prefix", "pim assign show e67a1be7"),
            ("As JSON", "pim assign show e67a1be7 -o json"),
        ],
    ),
    (
        "assign update",
        &[
            (
                "Make an eligible assignment active, with your code if the role asks MFA for it",
                "pim assign update e67a1be7 --type active --justification CHG-7 --otp 123456",
            ),
            (
                "Give it an end",
                "pim assign update e67a1be7 --duration 30d",
            ),
        ],
    ),
    (
        "assign extend",
        &[
            (
                "Extend by 30 days past its current end",
                "pim assign extend e67a1be7 --duration 30d",
            ),
            (
                "Extend to a date",
                "pim assign extend e67a1be7 --end 2027-06-30",
            ),
        ],
    ),
    (
        "assign renew",
        &[
            (
                "Renew an expired assignment for as long as it lasted",
                "pim assign renew e67a1be7",
            ),
            (
                "Renew it for 90 days",
                "pim assign renew e67a1be7 --duration 90d",
            ),
        ],
    ),
    (
        "assign remove",
        &[
            (
                "Remove an assignment (asks first on a terminal)",
                "pim assign remove e67a1be7",
            ),
            ("Without asking", "pim --yes assign remove e67a1be7"),
        ],
    ),
    (
        "assign export",
        &[
            (
                "Everything you may see, as the CSV `assign import` reads",
                "pim assign export > assignments.csv",
            ),
            (
                "Directory roles as Microsoft Graph schedules",
                "pim assign export --format graph --type eligible",
            ),
            (
                "Azure roles at a scope as ARM schedules",
                "pim assign export --format arm --scope /subscriptions/prod",
            ),
        ],
    ),
    (
        "assign import",
        &[
            (
                "Check a CSV file, changing nothing",
                "pim assign import assignments.csv --dry-run",
            ),
            (
                "Import it, all rows or none",
                "pim assign import assignments.csv",
            ),
            (
                "With your MFA code, checked once for the whole file",
                "pim assign import assignments.csv --otp 123456",
            ),
        ],
    ),
    (
        "activate",
        &[
            (
                "Turn on an eligible role for two hours",
                "pim activate --role \"Security Administrator\" --justification INC-4711 --duration 2h",
            ),
            (
                "A role that requires MFA and approval, waiting up to 15 minutes for it",
                "pim activate --role \"Global Administrator\" --justification INC-4711 --otp 123456 --wait 15m",
            ),
            (
                "Activate a set of roles from a file",
                "pim activate --from oncall.toml --justification \"on call\"",
            ),
        ],
    ),
    (
        "deactivate",
        &[
            (
                "Turn off one activation",
                "pim deactivate --role \"Security Administrator\"",
            ),
            (
                "Turn off all yours, without asking",
                "pim --yes deactivate --all",
            ),
        ],
    ),
    (
        "extend",
        &[
            (
                "Ask to extend your assignment by 90 days",
                "pim extend --role \"Security Administrator\" --duration 90d --justification \"project runs on\"",
            ),
            (
                "Ask for an end date",
                "pim extend --role \"Security Administrator\" --end 2027-03-31 --justification migration",
            ),
        ],
    ),
    (
        "renew",
        &[
            (
                "Ask to renew an assignment that expired",
                "pim renew --role \"Security Administrator\" --justification \"back on the team\"",
            ),
            (
                "Ask for 30 days",
                "pim renew --role \"Security Administrator\" --duration 30d --justification release",
            ),
        ],
    ),
    (
        "status",
        &[
            (
                "What you can activate, have active, scheduled and pending",
                "pim status",
            ),
            ("Someone else's", "pim status --principal bob"),
            (
                "As JSON (what `activate --from` reads)",
                "pim status -o json",
            ),
        ],
    ),
    (
        "check",
        &[
            (
                "Does bob hold Security Administrator now?",
                "pim check --principal bob --role \"Security Administrator\"",
            ),
            (
                "Every path by which carol holds Reader there, as JSON",
                "pim check --principal carol --role Reader --scope /subscriptions/prod -o json",
            ),
            (
                "May dave perform an action there?",
                "pim check --principal dave --action Microsoft.Web/sites/read --scope /subscriptions/prod",
            ),
        ],
    ),
    (
        "access",
        &[
            (
                "Everything alice holds now, and how",
                "pim access --principal alice",
            ),
            (
                "What she held at an instant",
                "pim access --principal alice --at 2026-11-01T09:00:00Z",
            ),
        ],
    ),
    (
        "sweep",
        &[
            ("Record what expired or timed out", "pim sweep"),
            ("From cron, quietly", "pim sweep -q"),
        ],
    ),
    (
        "request",
        &[
            (
                "Requests waiting for approval",
                "pim request list --pending",
            ),
            ("A request's timeline", "pim request show 50364a43"),
        ],
    ),
    (
        "request list",
        &[
            (
                "Requests waiting for approval",
                "pim request list --pending",
            ),
            ("Your own requests", "pim request list --mine"),
            (
                "Every request you may see, as JSON",
                "pim request list --all -o json",
            ),
        ],
    ),
    (
        "request show",
        &[
            (
                "A request's stages, votes and outcome",
                "pim request show 50364a43",
            ),
            ("As JSON", "pim request show 50364a43 -o json"),
        ],
    ),
    (
        "request cancel",
        &[
            ("Cancel your waiting request", "pim request cancel 50364a43"),
            (
                "Cancel someone's, as an administrator of the role",
                "pim --as admin request cancel 50364a43",
            ),
        ],
    ),
    (
        "approve",
        &[
            (
                "Approve a request",
                "pim approve 50364a43 --justification \"on call\"",
            ),
            ("What waits for you", "pim approve list"),
            (
                "On a terminal: go through what waits, one by one",
                "pim approve",
            ),
        ],
    ),
    (
        "approve list",
        &[
            ("What waits for your decision", "pim approve list"),
            ("As JSON", "pim approve list -o json"),
        ],
    ),
    (
        "deny",
        &[
            (
                "Deny a request",
                "pim deny 50364a43 --justification \"not during the freeze\"",
            ),
            (
                "As another approver",
                "pim --as bob deny 50364a43 --justification \"no ticket\"",
            ),
        ],
    ),
    (
        "settings",
        &[
            (
                "A role's settings, as the portal shows them",
                "pim settings show --role \"Global Administrator\"",
            ),
            (
                "Export every changed setting as code",
                "pim settings export --all",
            ),
        ],
    ),
    (
        "settings show",
        &[
            (
                "A directory role's settings",
                "pim settings show --role \"Global Administrator\"",
            ),
            (
                "An Azure role's at a scope, as JSON",
                "pim settings show --role Owner --scope /subscriptions/prod -o json",
            ),
            (
                "A group's membership settings",
                "pim settings show --group tier0-admins --access member",
            ),
        ],
    ),
    (
        "settings set",
        &[
            (
                "Require two approvals, from alice and carol, to activate",
                "pim settings set --role \"Global Administrator\" --require-approval true --stage alice,carol:2",
            ),
            (
                "Shorten activations, checking first",
                "pim settings set --role \"Security Administrator\" --activation-max-duration 2h --dry-run",
            ),
            (
                "Send administrators only the mail that needs action",
                "pim settings set --role \"Global Reader\" --notify activation.admin.critical_only=yes",
            ),
        ],
    ),
    (
        "settings export",
        &[
            (
                "One role's settings as TOML",
                "pim settings export --role \"Global Administrator\"",
            ),
            (
                "Every changed setting, to a file",
                "pim settings export --all",
            ),
        ],
    ),
    (
        "settings import",
        &[
            (
                "See what a file would change",
                "pim settings import settings.toml --dry-run",
            ),
            (
                "Apply it, all entries or none",
                "pim settings import settings.toml",
            ),
        ],
    ),
    (
        "mfa",
        &[
            ("Enrol in TOTP", "pim mfa enroll"),
            ("Your MFA state", "pim mfa status"),
        ],
    ),
    (
        "mfa enroll",
        &[
            (
                "Start enrolling: a secret, its URI and, on a terminal, a QR code",
                "pim mfa enroll",
            ),
            (
                "Confirm with the code the app shows",
                "pim mfa enroll --code 123456",
            ),
            (
                "Start someone else's enrolment (MFA administrators)",
                "pim mfa enroll --principal bob",
            ),
        ],
    ),
    (
        "mfa reset",
        &[
            (
                "Remove bob's enrolment and any lock (asks first)",
                "pim mfa reset --principal bob",
            ),
            ("Without asking", "pim --yes mfa reset --principal bob"),
        ],
    ),
    (
        "mfa status",
        &[
            (
                "Whether you are enrolled, confirmed or locked",
                "pim mfa status",
            ),
            (
                "Someone else's (MFA administrators)",
                "pim mfa status --principal bob",
            ),
        ],
    ),
    (
        "audit",
        &[
            ("The newest rows", "pim audit list --limit 20"),
            (
                "Check the chain against an anchor kept elsewhere",
                "pim audit verify --anchor \"$(cat anchor.txt)\"",
            ),
        ],
    ),
    (
        "audit list",
        &[
            ("The newest 20 rows", "pim audit list --limit 20"),
            (
                "What alice did since a date",
                "pim audit list --actor alice --since 2026-11-01",
            ),
            (
                "Activations of one role, as JSON",
                "pim audit list --role \"Global Administrator\" --action activation -o json",
            ),
        ],
    ),
    (
        "audit export",
        &[
            (
                "The whole log you may read, as CSV",
                "pim audit export > audit.csv",
            ),
            (
                "One month as JSON Lines, to a file",
                "pim audit export --format jsonl --since 2026-11-01 --until 2026-12-01 --file audit.jsonl",
            ),
        ],
    ),
    (
        "audit verify",
        &[
            ("Re-walk the whole chain", "pim audit verify"),
            (
                "Also check an anchor kept elsewhere",
                "pim audit verify --anchor \"$(cat anchor.txt)\"",
            ),
        ],
    ),
    (
        "audit head",
        &[
            (
                "Keep the chain's head elsewhere",
                "pim audit head > anchor.txt",
            ),
            ("As JSON", "pim audit head -o json"),
        ],
    ),
    (
        "review",
        &[
            (
                "Review who holds Global Administrator",
                "pim review create --name \"Q4 GA review\" --role \"Global Administrator\" --reviewer alice",
            ),
            ("Reviews and their progress", "pim review list"),
        ],
    ),
    (
        "review create",
        &[
            (
                "Alice reviews who holds Global Administrator",
                "pim review create --name \"Q4 GA review\" --role \"Global Administrator\" --reviewer alice",
            ),
            (
                "Each Owner of prod reviews their own access",
                "pim review create --name Owners --role Owner --scope /subscriptions/prod --self-review",
            ),
        ],
    ),
    (
        "review list",
        &[
            ("Reviews and their progress", "pim review list"),
            ("As JSON", "pim review list -o json"),
        ],
    ),
    (
        "review show",
        &[
            ("A review's items and decisions", "pim review show 7d1e2f3a"),
            ("As CSV", "pim review show 7d1e2f3a -o csv"),
        ],
    ),
    (
        "review decide",
        &[
            (
                "Decide one item",
                "pim review decide 7d1e2f3a --principal bob --decision approve --justification \"still on call\"",
            ),
            (
                "On a terminal: your undecided items one by one",
                "pim review decide 7d1e2f3a",
            ),
        ],
    ),
    (
        "review complete",
        &[
            ("Close a review", "pim review complete 7d1e2f3a"),
            (
                "Close it and remove what was denied",
                "pim review complete 7d1e2f3a --apply",
            ),
        ],
    ),
    (
        "alerts",
        &[
            ("Security alerts that hold now", "pim alerts"),
            (
                "In cron or CI: exit 1 at medium or above",
                "pim alerts --fail-on medium -q",
            ),
        ],
    ),
    (
        "notifications",
        &[
            (
                "What is waiting to be sent",
                "pim notifications list --undelivered",
            ),
            ("Send it", "pim notifications deliver"),
        ],
    ),
    (
        "notifications list",
        &[
            (
                "What is waiting to be sent",
                "pim notifications list --undelivered",
            ),
            (
                "What failed, as JSON",
                "pim notifications list --failed -o json",
            ),
        ],
    ),
    (
        "notifications deliver",
        &[
            (
                "Send what is due through the config file's channels",
                "pim notifications deliver",
            ),
            (
                "From cron",
                "pim notifications deliver --config /etc/pim/config.toml -q",
            ),
        ],
    ),
    (
        "notifications digest",
        &[
            ("Queue the weekly digest", "pim notifications digest"),
            (
                "For a period of your choosing",
                "pim notifications digest --since 2026-11-01",
            ),
        ],
    ),
    (
        "provision",
        &[
            (
                "Give the holders of a role access on a target",
                "pim provision bind ops-box --role \"Security Administrator\"",
            ),
            ("Carry out what is due", "pim provision run"),
            ("What failed, and why", "pim provision status --failed"),
        ],
    ),
    (
        "provision bind",
        &[
            (
                "Holders of a role get access on the target ops-box",
                "pim provision bind ops-box --role \"Security Administrator\"",
            ),
            (
                "Only at one scope, with an option for the target",
                "pim provision bind db --role Reader --scope /subscriptions/prod --option role=ro",
            ),
            (
                "Members of a group under PIM for Groups",
                "pim provision bind ops-box --group Helpdesk --access member",
            ),
        ],
    ),
    (
        "provision unbind",
        &[
            (
                "Stop provisioning a role (its access is revoked)",
                "pim provision unbind ops-box --role \"Security Administrator\"",
            ),
            (
                "See what it would do first",
                "pim provision unbind ops-box --role \"Security Administrator\" --dry-run",
            ),
        ],
    ),
    (
        "provision bindings",
        &[
            ("Every binding", "pim provision bindings"),
            (
                "One target's, as JSON",
                "pim provision bindings ops-box -o json",
            ),
        ],
    ),
    (
        "provision status",
        &[
            ("The newest grants and revokes", "pim provision status"),
            ("What failed, and why", "pim provision status --failed"),
            (
                "One target's pending actions, as JSON",
                "pim provision status ops-box --pending -o json",
            ),
        ],
    ),
    (
        "provision run",
        &[
            ("Carry out what is due on every target", "pim provision run"),
            (
                "From cron, one target",
                "pim provision run ops-box --config /etc/pim/config.toml -q",
            ),
        ],
    ),
    (
        "provision reconcile",
        &[
            (
                "What the targets hold that pim did not grant, and the reverse",
                "pim provision reconcile",
            ),
            (
                "Fix it on one target",
                "pim provision reconcile ops-box --apply",
            ),
        ],
    ),
    (
        "serve",
        &[
            ("Serve the database on the default socket", "pim serve"),
            (
                "On a socket of your choosing",
                "pim serve --socket /run/pim/pim.sock",
            ),
            (
                "Also over TLS, callers named by their client certificate",
                "pim serve --listen 0.0.0.0:8443 --tls-cert server.pem --tls-key server.key --client-ca ca.pem",
            ),
        ],
    ),
    (
        "serve ca",
        &[
            (
                "A CA and a certificate for localhost and 127.0.0.1",
                "pim serve ca init --dir /etc/pim/tls",
            ),
            (
                "For the names clients reach the server by",
                "pim serve ca init --dir /etc/pim/tls --san pim.example,10.0.0.5",
            ),
        ],
    ),
    (
        "serve ca init",
        &[
            (
                "A CA and a certificate for localhost and 127.0.0.1",
                "pim serve ca init --dir /etc/pim/tls",
            ),
            (
                "For the names clients reach the server by, for two years",
                "pim serve ca init --dir /etc/pim/tls --san pim.example --days 730",
            ),
        ],
    ),
    (
        "cert",
        &[
            (
                "A certificate for bob, here",
                "pim cert issue --principal bob --ca-dir /etc/pim/tls",
            ),
            (
                "For 30 days, into a directory",
                "pim cert issue --principal bob --ca-dir /etc/pim/tls --days 30 --out ~/.config/pim",
            ),
        ],
    ),
    (
        "cert issue",
        &[
            (
                "A certificate for bob, here; prints its fingerprint",
                "pim cert issue --principal bob --ca-dir /etc/pim/tls",
            ),
            (
                "For 30 days, into a directory",
                "pim cert issue --principal bob --ca-dir /etc/pim/tls --days 30 --out ~/.config/pim",
            ),
            (
                "Until a date",
                "pim cert issue --principal bob --ca-dir /etc/pim/tls --not-after 2027-06-30T00:00:00Z",
            ),
        ],
    ),
    (
        "ssh",
        &[
            (
                "A certificate for your activation, beside your key",
                "pim ssh sign --role \"Security Administrator\" ~/.ssh/id_ed25519.pub",
            ),
            (
                "Printed instead, for an agent",
                "pim ssh sign --role \"Security Administrator\" key.pub --out -",
            ),
        ],
    ),
    (
        "ssh sign",
        &[
            (
                "A certificate for your activation, beside your key",
                "pim ssh sign --role \"Security Administrator\" ~/.ssh/id_ed25519.pub",
            ),
            (
                "Printed instead, for an agent",
                "pim ssh sign --role \"Security Administrator\" key.pub --out -",
            ),
            (
                "Everything about it, as JSON",
                "pim -o json ssh sign --role \"Security Administrator\" key.pub",
            ),
        ],
    ),
    (
        "db",
        &[
            (
                "Move a deployment from its SQLite file to PostgreSQL",
                "pim db copy --from /srv/pim/pim.db --to postgres://pim@db.example.net/pim",
            ),
            (
                "And back, into a new file",
                "pim db copy --from postgres://pim@db.example.net/pim --to pim-copy.db",
            ),
        ],
    ),
    (
        "db copy",
        &[
            (
                "Move a deployment from its SQLite file to PostgreSQL",
                "pim db copy --from /srv/pim/pim.db --to postgres://pim@db.example.net/pim",
            ),
            (
                "A copy of a PostgreSQL deployment in a new file, as JSON",
                "pim db copy --from postgres://pim@db.example.net/pim --to copy.db -o json",
            ),
            (
                "A consistent second file, even of a database in use",
                "pim db copy --from pim.db --to /backup/pim-2026-11-22.db",
            ),
        ],
    ),
    (
        "whoami",
        &[
            ("Who pim takes you for", "pim whoami"),
            (
                "Who a server takes you for",
                "pim --server unix:/run/pim/pim.sock whoami -o json",
            ),
            (
                "Through TLS, with a client certificate",
                "pim --server https://pim:8443 --ca ca.pem --client-cert bob.pem --client-key bob.key whoami",
            ),
        ],
    ),
    (
        "completions",
        &[
            (
                "Bash",
                "pim completions bash > ~/.local/share/bash-completion/completions/pim",
            ),
            (
                "Zsh, installed in a directory on $fpath",
                "pim completions zsh > ~/.zfunc/_pim",
            ),
            (
                "Fish",
                "pim completions fish > ~/.config/fish/completions/pim.fish",
            ),
        ],
    ),
    (
        "man",
        &[
            (
                "Write the man pages into a directory",
                "pim man ~/.local/share/man/man1",
            ),
            (
                "Read one without installing",
                "pim man /tmp/pim-man && man /tmp/pim-man/pim-activate.1",
            ),
        ],
    ),
];

/// The examples of the command at `path` (names from the root, space-separated; "" for `pim`).
pub fn of(path: &str) -> &'static [(&'static str, &'static str)] {
    EXAMPLES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, e)| *e)
        .unwrap_or(&[])
}

/// Examples as the help text shows them: what each does, then the command line.
pub fn text(examples: &[(&str, &str)]) -> String {
    let mut out = String::from("Examples:\n");
    for (i, (what, line)) in examples.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("  # {what}\n  {line}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The width help is wrapped at (`max_term_width`): an example must fit on one line.
    const WIDTH: usize = 100;

    /// Every command and its path from the root ("" for `pim`), without clap's `help`.
    fn all(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
        out.push((path.to_string(), cmd.clone()));
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let p = if path.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{path} {}", sub.get_name())
            };
            all(sub, &p, out);
        }
    }

    fn commands() -> Vec<(String, clap::Command)> {
        let mut cmd = crate::cli::command();
        cmd.build();
        let mut out = Vec::new();
        all(&cmd, "", &mut out);
        out
    }

    #[track_caller]
    fn none(problems: Vec<String>) {
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_command_has_two_or_three_examples_that_fit_a_line() {
        let mut problems = Vec::new();
        for (path, _) in commands() {
            let n = of(&path).len();
            if !(2..=3).contains(&n) {
                problems.push(format!("`pim {path}` has {n} examples"));
            }
        }
        let paths: Vec<String> = commands().into_iter().map(|(p, _)| p).collect();
        for (path, examples) in EXAMPLES {
            if !paths.iter().any(|p| p == path) {
                problems.push(format!("no command `pim {path}`"));
            }
            for (what, line) in *examples {
                for text in [what, line] {
                    if text.chars().count() + 4 > WIDTH {
                        problems.push(format!("too long for one line of help: {text}"));
                    }
                }
            }
        }
        none(problems);
    }

    /// The words of the `pim …` command in an example line, up to a shell operator.
    fn words(line: &str) -> Vec<String> {
        let words = shlex::split(line).expect("an example is valid shell");
        let start = words
            .iter()
            .position(|w| w == "pim")
            .expect("an example runs pim");
        words[start..]
            .iter()
            .take_while(|w| !matches!(w.as_str(), ">" | "|" | "&&" | ";"))
            .cloned()
            .collect()
    }

    #[test]
    fn every_example_parses_as_the_command_it_documents() {
        let mut problems = Vec::new();
        for (path, examples) in EXAMPLES {
            for (_, line) in *examples {
                let m = match crate::cli::command().try_get_matches_from(words(line)) {
                    Ok(m) => m,
                    Err(e) => {
                        problems.push(format!("`{line}` does not parse: {}", e.kind()));
                        continue;
                    }
                };
                // The root's examples may show any command; the others show their own.
                if path.is_empty() {
                    continue;
                }
                let mut got = Vec::new();
                let mut at = &m;
                while let Some((name, sub)) = at.subcommand() {
                    got.push(name);
                    at = sub;
                }
                // A group's examples may show its subcommands.
                let got = got.join(" ");
                if got != *path && !got.starts_with(&format!("{path} ")) {
                    problems.push(format!("`{line}` is listed under `pim {path}`"));
                }
            }
        }
        none(problems);
    }

    #[test]
    fn every_argument_and_command_says_what_it_is() {
        let mut problems = Vec::new();
        for (path, cmd) in commands() {
            if cmd.get_about().is_none() && !path.is_empty() {
                problems.push(format!("`pim {path}` has no description"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                if help.trim().is_empty() {
                    problems.push(format!("`pim {path}`: `{id}` has no help text"));
                }
            }
        }
        none(problems);
    }

    #[test]
    fn the_long_help_of_every_command_shows_its_examples() {
        let mut problems = Vec::new();
        for (path, mut cmd) in commands() {
            let help = cmd.render_long_help().to_string();
            for (what, line) in of(&path) {
                if !(help.contains(what) && help.contains(line)) {
                    problems.push(format!("`pim {path} --help` lacks `{line}`"));
                }
            }
        }
        none(problems);
    }
}
