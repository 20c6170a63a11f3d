//! Provisioning end to end with the `command` connector: a real shell script that keeps what it
//! holds in a file. Every path that starts or ends an assignment queues its grant or revoke in
//! the same write; `pim provision run` carries them out, retries failures with back-off, and a
//! run killed mid-action loses nothing; reconcile finds and fixes what was changed by hand.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;

use serde::Deserialize;

use crate::support::*;

// The JSON contract of `pim provision status -o json`: every field present.
#[allow(dead_code)]
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct ActionJson {
    id: String,
    target: String,
    action: String,
    principal: String,
    role: String,
    scope: String,
    assignment_id: String,
    state: String,
    attempts: i64,
    last_error: Option<String>,
    next_attempt_at: Option<String>,
    created_at: String,
    ended_at: Option<String>,
    done_at: Option<String>,
    late_secs: i64,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BindingJson {
    id: String,
    target: String,
    kind: Option<String>,
    role: String,
    scope: Option<String>,
    options: std::collections::BTreeMap<String, String>,
    created_at: String,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunJson {
    done: usize,
    failed: usize,
    actions: Vec<RunItemJson>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunItemJson {
    id: String,
    target: String,
    action: String,
    principal: String,
    role: String,
    scope: String,
    assignment_id: String,
    result: String,
    error: Option<String>,
    next_attempt_at: Option<String>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DifferenceJson {
    target: String,
    kind: String,
    principal: String,
    detail: String,
    fixed: Option<String>,
    error: Option<String>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReconcileJson {
    targets: Vec<String>,
    errors: Vec<(String, String)>,
    differences: Vec<DifferenceJson>,
}

/// The target: a script that logs each action it is given, keeps the principals it holds in
/// `held`, fails while `fail` exists (with its text on stderr), and, while `block` exists, tells
/// the test it started (on the fifo `started`), waits until the test lets it go (fifo `go`) and
/// says when it is done (fifo `finished`).
struct Target {
    dir: PathBuf,
}

const SCRIPT: &str = r#"#!/bin/sh
D=__DIR__
input=$(/bin/cat)
if [ -f $D/fail ]; then /bin/cat $D/fail >&2; exit 7; fi
case "$input" in
  *'"action":"list"'*) [ -f $D/held ] && /bin/cat $D/held; exit 0 ;;
esac
B=0
if [ -f $D/block ]; then
  B=1
  echo started > $D/started
  /bin/cat $D/go > /dev/null
fi
printf '%s\n' "$input" >> $D/log
p=$(printf '%s' "$input" | /bin/sed -n 's/.*"principal":"\([^"]*\)".*/\1/p')
case "$input" in
  *'"action":"grant"'*)
    /bin/grep -qx "$p" $D/held 2>/dev/null || printf '%s\n' "$p" >> $D/held ;;
  *'"action":"revoke"'*)
    /bin/grep -vx "$p" $D/held > $D/held.new 2>/dev/null; /bin/mv $D/held.new $D/held ;;
esac
if [ $B = 1 ]; then echo done > $D/finished; fi
exit 0
"#;

impl Target {
    fn new(env: &TestEnv) -> Target {
        let dir = env.path("box");
        std::fs::create_dir_all(&dir).unwrap();
        let script = dir.join("grant.sh");
        std::fs::write(&script, SCRIPT.replace("__DIR__", path_str(&dir))).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        env.set_config(&format!(
            "[provision.box]\nkind = \"command\"\ncommand = [\"{}\"]\n\n\
             [provision.spare]\nkind = \"command\"\ncommand = [\"/bin/true\"]\n",
            path_str(&script)
        ));
        Target { dir }
    }

    /// The principals the target holds, sorted.
    fn held(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_to_string(self.dir.join("held"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect();
        v.sort();
        v
    }

    /// The actions the target carried out: (action, principal).
    fn log(&self) -> Vec<(String, String)> {
        std::fs::read_to_string(self.dir.join("log"))
            .unwrap_or_default()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["action"].as_str().unwrap().to_string(),
                    v["principal"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn set_failing(&self, why: Option<&str>) {
        match why {
            Some(w) => std::fs::write(self.path("fail"), w).unwrap(),
            None => {
                let _ = std::fs::remove_file(self.path("fail"));
            }
        }
    }
}

fn actions_at(env: &TestEnv, at: &str) -> Vec<ActionJson> {
    let r = env.run_at(at, &["-o", "json", "provision", "status", "--all"]);
    r.ok();
    let mut v: Vec<ActionJson> = r.json();
    v.reverse();
    v
}

fn actions(env: &TestEnv) -> Vec<ActionJson> {
    actions_at(env, T0)
}

/// (action, principal, state) of each action, oldest first.
fn summary(v: &[ActionJson]) -> Vec<(String, String, String)> {
    v.iter()
        .map(|a| (a.action.clone(), a.principal.clone(), a.state.clone()))
        .collect()
}

fn s(a: &str, p: &str, st: &str) -> (String, String, String) {
    (a.into(), p.into(), st.into())
}

fn run_at(env: &TestEnv, at: &str) -> Run {
    env.run_at(at, &["-o", "json", "provision", "run"])
}

fn bind(env: &TestEnv, args: &[&str]) -> Run {
    let mut a = vec!["-o", "json", "provision", "bind", "box"];
    a.extend_from_slice(args);
    env.run(&a)
}

fn activate(env: &TestEnv, who: &str, at: &str, role: &str, duration: &str) -> Run {
    env.run_as_at(
        who,
        at,
        &[
            "activate",
            "--role",
            role,
            "--justification",
            "INC-1",
            "--duration",
            duration,
        ],
    )
}

#[test]
fn a_binding_is_an_audited_change_and_refusals_change_nothing() {
    let env = TestEnv::sample();
    let _t = Target::new(&env);
    let r = bind(
        &env,
        &[
            "--role",
            "Security Administrator",
            "--option",
            "group=wheel",
        ],
    );
    r.ok();
    let b: BindingJson = r.json();
    assert_eq!(
        (
            b.target.as_str(),
            b.kind.as_deref(),
            b.role.as_str(),
            b.scope.as_deref()
        ),
        ("box", Some("command"), "Security Administrator", None)
    );
    assert_eq!(b.options.get("group").map(String::as_str), Some("wheel"));
    let last = env.last_audit();
    assert_eq!(
        (last.action.as_str(), last.result.as_str()),
        ("provision.bind", "success")
    );
    let listed: Vec<BindingJson> = env.json(&["provision", "bindings"]);
    assert_eq!(listed.len(), 1);

    // An unknown target is refused with the configured ones; so is a second binding of the same.
    env.refuses(3, "no provisioning target 'nope'", "provision.bind", |e| {
        e.run(&[
            "provision",
            "bind",
            "nope",
            "--role",
            "Security Administrator",
        ])
    });
    env.run(&["provision", "bind", "nope", "--role", "Reader"])
        .code(3)
        .stderr_has("the config file defines: box, spare");
    env.refuses(1, "already bound", "provision.bind", |e| {
        e.run(&[
            "provision",
            "bind",
            "box",
            "--role",
            "Security Administrator",
        ])
    });
    // Only who may change the role's settings may bind it.
    env.refuses(4, "not authorized", "provision.bind", |e| {
        e.run_as(
            "bob",
            &[
                "provision",
                "bind",
                "spare",
                "--role",
                "Security Administrator",
            ],
        )
    });
    env.refuses(4, "not authorized", "provision.unbind", |e| {
        e.run_as(
            "bob",
            &[
                "provision",
                "unbind",
                "box",
                "--role",
                "Security Administrator",
            ],
        )
    });
    // Nor an Owner of one subscription, who may change Reader's settings there: a target is the
    // deployment's, and binding it to a role the Owner hands out would give them the system.
    env.run_as(
        "carol",
        &[
            "activate",
            "--role",
            "Owner",
            "--scope",
            "/subscriptions/prod",
            "--justification",
            "x",
            "--duration",
            "1h",
        ],
    )
    .ok();
    env.run_as(
        "carol",
        &[
            "settings",
            "set",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/prod",
            "--require-justification",
            "true",
        ],
    )
    .ok();
    env.refuses(4, "Privileged Role Administrator", "provision.bind", |e| {
        e.run_as(
            "carol",
            &[
                "provision",
                "bind",
                "spare",
                "--role",
                "Reader",
                "--scope",
                "/subscriptions/prod",
            ],
        )
    });
    env.run(&["provision", "bind", "box", "--role", "Nope"])
        .code(3);
    env.run(&["provision", "bind", "box", "--option", "x=1"])
        .code(2);
    env.run(&[
        "provision",
        "bind",
        "box",
        "--role",
        "Reader",
        "--option",
        "novalue",
    ])
    .code(2);
    // A dry run writes nothing, not even an audit row.
    let audit = env.count("audit");
    env.run(&[
        "provision",
        "bind",
        "spare",
        "--role",
        "Reader",
        "--scope",
        "/subscriptions/prod",
        "--dry-run",
    ])
    .ok()
    .stderr_has("dry run");
    assert_eq!(env.count("audit"), audit);
    assert_eq!(env.count("provision_binding"), 1);
    env.run(&[
        "provision",
        "unbind",
        "box",
        "--role",
        "Security Administrator",
    ])
    .ok();
    assert_eq!(env.last_audit().action, "provision.unbind");
    assert_eq!(env.count("provision_binding"), 0);
    env.run(&[
        "provision",
        "unbind",
        "box",
        "--role",
        "Security Administrator",
    ])
    .code(3);
}

#[test]
fn activation_grants_and_expiry_revokes_through_run() {
    let env = TestEnv::sample();
    let t = Target::new(&env);
    bind(&env, &["--role", "Security Administrator"]).ok();
    assert!(actions(&env).is_empty(), "nobody holds the role yet");
    activate(&env, "bob", T0, "Security Administrator", "1h").ok();
    let queued = actions(&env);
    assert_eq!(summary(&queued), vec![s("grant", "bob", "queued")]);
    assert_eq!(queued[0].scope, "/");
    assert_eq!(queued[0].role, "Security Administrator");
    assert!(t.held().is_empty(), "nothing is carried out before a run");

    // The activation shows that it is not provisioned yet, then that it is.
    let status = |at: &str| -> serde_json::Value {
        let r = env.run_as_at("bob", at, &["-o", "json", "status"]);
        r.ok();
        let v: serde_json::Value = r.json();
        v["active"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["role"] == "Security Administrator")
            .cloned()
            .unwrap()
    };
    assert_eq!(status(T0)["provisioned"], "queued");
    env.run_as_at("bob", T0, &["status"])
        .ok()
        .stdout_has("activated (provisioning queued)");

    let r = run_at(&env, "2026-11-22T09:00:10Z");
    r.ok();
    let report: RunJson = r.json();
    assert_eq!((report.done, report.failed), (1, 0));
    assert_eq!(t.held(), vec!["bob"]);
    let line = std::fs::read_to_string(t.path("log")).unwrap();
    let item: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(item["action"], "grant");
    assert_eq!(item["principal"], "bob");
    assert_eq!(item["role"], "Security Administrator");
    assert_eq!(item["scope"], "/");
    assert_eq!(item["end"], "2026-11-22T10:00:00Z");
    assert_eq!(item["assignment_id"], queued[0].assignment_id.as_str());
    assert_eq!(status("2026-11-22T09:00:10Z")["provisioned"], "done");
    let done = &actions(&env)[0];
    assert_eq!(
        (done.state.as_str(), done.attempts, done.late_secs),
        ("done", 1, 10)
    );
    let audit = env.last_audit();
    assert_eq!(
        (audit.action.as_str(), audit.actor.as_str()),
        ("provision.grant", "MS-PIM")
    );

    // A run with nothing due does nothing.
    let r = run_at(&env, "2026-11-22T09:30:00Z");
    r.ok();
    assert!(r.json::<RunJson>().actions.is_empty());

    // The end passes with nobody writing: the next run queues the revoke and carries it out.
    let r = run_at(&env, "2026-11-22T10:00:30Z");
    r.ok();
    let report: RunJson = r.json();
    assert_eq!((report.done, report.failed), (1, 0));
    assert!(t.held().is_empty());
    let all = actions(&env);
    assert_eq!(
        summary(&all),
        vec![s("grant", "bob", "done"), s("revoke", "bob", "done")]
    );
    assert_eq!(all[1].ended_at.as_deref(), Some("2026-11-22T10:00:00Z"));
    assert_eq!(all[1].late_secs, 30);
    // Later writes and sweeps queue nothing twice.
    env.run_at("2026-11-22T11:00:00Z", &["sweep"]).ok();
    env.run_at("2026-11-22T11:00:00Z", &["sweep"]).ok();
    assert_eq!(actions(&env).len(), 2);
}

#[test]
fn every_path_to_and_from_access_queues_its_action() {
    let env = TestEnv::sample();
    let _t = Target::new(&env);
    // Binding a role that is held already queues grants for its holders (carol holds Reader at
    // the management group, above the subscription).
    bind(
        &env,
        &["--role", "Reader", "--scope", "/subscriptions/prod"],
    )
    .ok();
    assert_eq!(summary(&actions(&env)), vec![s("grant", "carol", "queued")]);
    // An administrator's active assignment.
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Reader",
        "--scope",
        "/subscriptions/prod",
        "--type",
        "active",
        "--duration",
        "2d",
        "--justification",
        "x",
    ])
    .ok();
    // An active assignment at another subscription is not covered.
    env.run(&[
        "assign",
        "--principal",
        "bob",
        "--role",
        "Reader",
        "--scope",
        "/subscriptions/dev",
        "--type",
        "active",
        "--duration",
        "2d",
        "--justification",
        "x",
    ])
    .ok();
    // A scheduled one: queued when its start comes, by whatever writes first.
    env.run(&[
        "assign",
        "--principal",
        "alice",
        "--role",
        "Reader",
        "--scope",
        "/subscriptions/prod",
        "--type",
        "active",
        "--start",
        "2026-11-23T09:00:00Z",
        "--duration",
        "1d",
        "--justification",
        "x",
    ])
    .ok();
    // A group's assignment reaches its members (carol holds the role already).
    env.run(&[
        "assign",
        "--principal",
        "helpdesk",
        "--role",
        "Reader",
        "--scope",
        "/subscriptions/prod",
        "--type",
        "active",
        "--duration",
        "30d",
        "--justification",
        "x",
    ])
    .ok();
    // One below the bound scope does not apply there.
    env.run(&[
        "assign",
        "--principal",
        "bob",
        "--role",
        "Reader",
        "--scope",
        "/subscriptions/prod/resourceGroups/rg-web",
        "--type",
        "active",
        "--duration",
        "30d",
        "--justification",
        "x",
    ])
    .ok();
    // An import.
    let file = env.write_file(
        "in.csv",
        "principal,role,scope,type,start,end,justification\n\
         deploy-bot,Reader,/subscriptions/prod,active,,3d,import\n",
    );
    env.run(&["assign", "import", path_str(&file)]).ok();
    let got = summary(&actions(&env));
    assert_eq!(
        got[1..],
        [
            s("grant", "erin", "queued"),
            s("grant", "dave", "queued"),
            s("grant", "deploy-bot", "queued"),
        ][..],
        "{got:?}"
    );
    let later = "2026-11-23T09:00:00Z";
    env.run_at(later, &["sweep"]).ok();
    assert_eq!(
        summary(&actions_at(&env, later)).last().cloned(),
        Some(s("grant", "alice", "queued")),
        "the scheduled start"
    );
    let n = actions_at(&env, later).len();
    // Ends: removal, a principal disabled, a membership ending, the end of a time-bound one.
    let erin = actions_at(&env, later)
        .iter()
        .find(|a| a.principal == "erin")
        .unwrap()
        .assignment_id
        .clone();
    env.run_at(later, &["--yes", "assign", "remove", &erin])
        .ok();
    env.run_at(later, &["principal", "disable", "deploy-bot"])
        .ok();
    env.run_at(later, &["group", "member", "remove", "helpdesk", "dave"])
        .ok();
    let ends = summary(&actions_at(&env, later)[n..]);
    assert_eq!(
        ends,
        vec![
            s("revoke", "erin", "queued"),
            s("revoke", "deploy-bot", "queued"),
            s("revoke", "dave", "queued"),
        ]
    );
    // Unbinding revokes what the binding still gives.
    let n = actions_at(&env, later).len();
    env.run_at(
        later,
        &[
            "provision",
            "unbind",
            "box",
            "--role",
            "Reader",
            "--scope",
            "/subscriptions/prod",
        ],
    )
    .ok();
    let mut rest: Vec<String> = actions_at(&env, later)[n..]
        .iter()
        .map(|a| format!("{} {}", a.action, a.principal))
        .collect();
    rest.sort();
    assert_eq!(rest, vec!["revoke alice", "revoke carol"]);
    assert_eq!(env.count("provision_state"), 0);
}

/// A write that touches a group follows everyone below it (its static and PIM for Groups members,
/// through nested groups): what the group holds is granted and revoked as the group is disabled,
/// enabled, nested and un-nested, loses its assignment or is removed. (Debug builds also compare
/// each such write's queue with the whole state.)
#[test]
fn a_group_change_reaches_everyone_below_it() {
    let env = TestEnv::sample();
    let _t = Target::new(&env);
    bind(
        &env,
        &["--role", "Reader", "--scope", "/subscriptions/prod"],
    )
    .ok();
    env.run(&["principal", "add", "ops", "--kind", "group"])
        .ok();
    env.run(&["principal", "add", "frank"]).ok();
    env.run(&["group", "member", "add", "ops", "frank"]).ok();
    env.run(&["group", "member", "add", "helpdesk", "ops"]).ok();
    // helpdesk's own Reader assignment at the bound scope.
    const GIVE: &[&str] = &[
        "assign",
        "--principal",
        "helpdesk",
        "--role",
        "Reader",
        "--scope",
        "/subscriptions/prod",
        "--type",
        "active",
        "--duration",
        "30d",
        "--justification",
        "x",
    ];
    let mut seen = actions(&env).len();
    let later = "2026-11-22T09:10:00Z";
    let mut step = |at: &str, args: &[&str]| -> Vec<String> {
        env.run_at(at, args).ok();
        let all = actions_at(&env, at);
        let mut new: Vec<String> = all[seen..]
            .iter()
            .map(|a| format!("{} {}", a.action, a.principal))
            .collect();
        new.sort();
        seen = all.len();
        new
    };
    // carol holds Reader above the subscription already; dave and frank (through ops) gain it.
    let given = step(T0, GIVE);
    assert_eq!(given, ["grant dave", "grant frank"]);
    assert_eq!(
        step(T0, &["principal", "disable", "helpdesk"]),
        ["revoke dave", "revoke frank"]
    );
    assert_eq!(
        step(T0, &["principal", "enable", "helpdesk"]),
        ["grant dave", "grant frank"]
    );
    assert_eq!(
        step(T0, &["group", "member", "remove", "helpdesk", "ops"]),
        ["revoke frank"]
    );
    assert_eq!(
        step(T0, &["group", "member", "add", "helpdesk", "ops"]),
        ["grant frank"]
    );
    assert_eq!(step(T0, &["principal", "disable", "ops"]), ["revoke frank"]);
    assert_eq!(step(T0, &["principal", "enable", "ops"]), ["grant frank"]);
    let held: Vec<serde_json::Value> = env.json(&["assign", "list", "--principal", "helpdesk"]);
    let id = held[0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        step(later, &["--yes", "assign", "remove", &id]),
        ["revoke dave", "revoke frank"]
    );
    // Given again, then the group removed: its memberships go with it.
    step(later, GIVE);
    assert_eq!(
        step(
            later,
            &["--yes", "principal", "remove", "helpdesk", "--force"]
        ),
        ["revoke dave", "revoke frank"]
    );
    let c = env.conn();
    let mut st = c
        .prepare(
            "SELECT p.name FROM provision_state s JOIN principal p ON p.id = s.principal_id
              ORDER BY p.name",
        )
        .unwrap();
    let state: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(state, ["carol"]);
}

#[test]
fn deactivation_and_approval_queue_their_actions() {
    let env = TestEnv::sample();
    let t = Target::new(&env);
    bind(&env, &["--role", "Security Administrator"]).ok();
    activate(&env, "bob", T0, "Security Administrator", "2h").ok();
    run_at(&env, T0).ok();
    assert_eq!(t.held(), vec!["bob"]);
    let later = "2026-11-22T09:30:00Z";
    env.run_as_at(
        "bob",
        later,
        &["--yes", "deactivate", "--role", "Security Administrator"],
    )
    .ok();
    assert_eq!(
        summary(&actions_at(&env, later)),
        vec![s("grant", "bob", "done"), s("revoke", "bob", "queued")]
    );
    run_at(&env, later).ok();
    assert!(t.held().is_empty());
    assert_eq!(
        t.log(),
        vec![
            ("grant".into(), "bob".into()),
            ("revoke".into(), "bob".into())
        ]
    );
}

#[test]
fn a_target_that_is_down_is_retried_with_back_off_and_alerted() {
    let env = TestEnv::sample();
    let t = Target::new(&env);
    bind(&env, &["--role", "Security Administrator"]).ok();
    activate(&env, "bob", T0, "Security Administrator", "1h").ok();
    // The target is down: the activation itself is not held up.
    t.set_failing(Some("box is down for maintenance"));
    let r = run_at(&env, T0);
    r.code(1)
        .stderr_has("1 provisioning action(s) failed")
        .stderr_has("pim provision status --failed");
    let report: RunJson = r.json();
    assert_eq!(
        report.actions[0].error.as_deref(),
        Some("box is down for maintenance (exit status 7)")
    );
    assert_eq!(env.last_audit().result, "failure");
    t.set_failing(None);
    run_at(&env, T0).ok();
    assert!(t.held().is_empty(), "not retried before its time");
    run_at(&env, "2026-11-22T09:00:30Z").ok();
    assert_eq!(t.held(), vec!["bob"]);

    // Down again at the end: the revoke is retried, 30 s, then 60 s later, and stays failed.
    t.set_failing(Some("connection refused"));
    let end = "2026-11-22T10:00:00Z";
    run_at(&env, end).code(1);
    run_at(&env, "2026-11-22T10:00:29Z").ok();
    run_at(&env, "2026-11-22T10:00:30Z").code(1);
    let failed: Vec<ActionJson> = env.json(&["provision", "status", "--failed"]);
    assert_eq!(failed.len(), 1);
    let f = &failed[0];
    assert_eq!(
        (f.action.as_str(), f.attempts, f.next_attempt_at.as_deref()),
        ("revoke", 2, Some("2026-11-22T10:01:30Z"))
    );
    assert_eq!(
        f.last_error.as_deref(),
        Some("connection refused (exit status 7)")
    );
    env.run_at("2026-11-22T10:01:00Z", &["provision", "status", "--failed"])
        .ok()
        .stdout_has("connection refused")
        .stdout_has("1m");
    // Five minutes after the end the alert holds, and --fail-on high catches it.
    let alerts = |at: &str| {
        let r = env.run_at(at, &["-o", "json", "alerts"]);
        r.ok();
        let v: Vec<serde_json::Value> = r.json();
        v.into_iter().find(|a| a["id"] == "revocation_overdue")
    };
    assert!(alerts("2026-11-22T10:04:59Z").is_none());
    let a = alerts("2026-11-22T10:05:00Z").expect("the alert holds");
    assert_eq!(a["severity"], "high");
    assert_eq!(a["items"][0]["principal"], "bob");
    env.run_at("2026-11-22T10:05:00Z", &["alerts", "--fail-on", "high"])
        .code(1);
    let cfg = env.write_file("late.toml", "[alerts]\nrevocation_overdue_minutes = 10\n");
    env.run_at(
        "2026-11-22T10:05:00Z",
        &["--config", path_str(&cfg), "alerts", "--fail-on", "high"],
    )
    .ok();
    // The target is back: the revoke is done, and the alert is gone.
    t.set_failing(None);
    run_at(&env, "2026-11-22T10:06:00Z").ok();
    assert!(t.held().is_empty());
    assert!(alerts("2026-11-22T10:06:00Z").is_none());
}

#[test]
fn an_end_nobody_recorded_is_alerted_too() {
    let env = TestEnv::sample();
    let _t = Target::new(&env);
    bind(&env, &["--role", "Security Administrator"]).ok();
    activate(&env, "bob", T0, "Security Administrator", "1h").ok();
    run_at(&env, T0).ok();
    // Nothing writes after the end: the revoke is not even queued, and still the alert holds.
    let r = env.run_at(
        "2026-11-22T10:06:00Z",
        &["-o", "json", "alerts", "--fail-on", "high"],
    );
    r.code(1);
    let v: Vec<serde_json::Value> = r.json();
    assert!(v.iter().any(|a| a["id"] == "revocation_overdue"));
}

#[test]
fn a_run_killed_mid_action_loses_nothing() {
    let env = TestEnv::sample();
    let t = Target::new(&env);
    bind(&env, &["--role", "Security Administrator"]).ok();
    activate(&env, "bob", T0, "Security Administrator", "1h").ok();
    for fifo in ["started", "go", "finished"] {
        let made = std::process::Command::new("mkfifo")
            .arg(t.path(fifo))
            .status()
            .expect("mkfifo");
        assert!(made.success());
    }
    std::fs::write(t.path("block"), "").unwrap();
    // The run itself, on the database (as cron runs it), not through a server.
    let mut child = env
        .std_command()
        .arg("--db")
        .arg(env.db())
        .args(["provision", "run"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start pim provision run");
    // A run that ends before the target has the action says so on the fifo the test waits on,
    // rather than leaving the test waiting for ever.
    let pid = child.id() as i32;
    let started = t.path("started");
    let waiter = std::thread::spawn(move || {
        let status = child.wait();
        use std::os::unix::fs::OpenOptionsExt;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&started)
        {
            let _ = f.write_all(b"exited\n");
        }
        status
    });
    // The target has the action: kill the run before it hears back.
    let mut line = String::new();
    BufReader::new(std::fs::File::open(t.path("started")).unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(
        line.trim(),
        "started",
        "the run ended before the target had the action"
    );
    // SAFETY: kill has no memory-safety preconditions; `pid` is the run this test started.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
    let status = waiter.join().unwrap().unwrap();
    assert!(!status.success(), "killed");
    // The target finishes what it was given (the grant took effect, unrecorded).
    std::fs::remove_file(t.path("block")).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(t.path("go"))
        .unwrap()
        .write_all(b"go\n")
        .unwrap();
    let mut done = String::new();
    BufReader::new(std::fs::File::open(t.path("finished")).unwrap())
        .read_line(&mut done)
        .unwrap();
    assert_eq!(done.trim(), "done");
    let pending = actions(&env);
    assert_eq!(summary(&pending), vec![s("grant", "bob", "queued")]);
    // Leased: another run leaves it alone until the lease ends, then carries it out again.
    run_at(&env, "2026-11-22T09:05:00Z").ok();
    assert_eq!(t.log().len(), 1);
    let r = run_at(&env, "2026-11-22T09:10:01Z");
    r.ok();
    assert_eq!(r.json::<RunJson>().done, 1);
    // Carried out twice, held once: a repeated grant is harmless.
    assert_eq!(
        t.log(),
        vec![
            ("grant".into(), "bob".into()),
            ("grant".into(), "bob".into())
        ]
    );
    assert_eq!(t.held(), vec!["bob"]);
    assert_eq!(summary(&actions(&env)), vec![s("grant", "bob", "done")]);
}

#[test]
fn a_grant_then_a_revoke_never_run_out_of_order() {
    let env = TestEnv::sample();
    let t = Target::new(&env);
    bind(&env, &["--role", "Security Administrator"]).ok();
    activate(&env, "bob", T0, "Security Administrator", "1h").ok();
    t.set_failing(Some("down"));
    run_at(&env, T0).code(1);
    t.set_failing(None);
    // The access ends before the grant was ever carried out: only the revoke runs.
    let r = run_at(&env, "2026-11-22T10:00:00Z");
    r.ok();
    assert_eq!(
        summary(&actions(&env)),
        vec![s("grant", "bob", "superseded"), s("revoke", "bob", "done")]
    );
    assert_eq!(t.log(), vec![("revoke".into(), "bob".into())]);
    assert!(t.held().is_empty());
}

#[test]
fn reconcile_finds_and_fixes_what_was_changed_by_hand() {
    let env = TestEnv::sample();
    let t = Target::new(&env);
    bind(&env, &["--role", "Security Administrator"]).ok();
    activate(&env, "bob", T0, "Security Administrator", "8h").ok();
    run_at(&env, T0).ok();
    // Someone grants mallory by hand.
    std::fs::write(t.path("held"), "bob\nmallory\n").unwrap();
    let r = env.run(&["-o", "json", "provision", "reconcile", "box"]);
    r.ok();
    let rep: ReconcileJson = r.json();
    assert_eq!(rep.targets, vec!["box"]);
    assert_eq!(rep.differences.len(), 1);
    let d = &rep.differences[0];
    assert_eq!(
        (
            d.kind.as_str(),
            d.principal.as_str(),
            d.detail.as_str(),
            d.fixed.as_deref()
        ),
        ("extra", "mallory", "box", None)
    );
    assert_eq!(
        t.held(),
        vec!["bob", "mallory"],
        "reporting changes nothing"
    );
    // And bob's access was taken away by hand.
    std::fs::write(t.path("held"), "mallory\n").unwrap();
    let r = env.run(&["-o", "json", "provision", "reconcile", "box", "--apply"]);
    r.ok();
    let rep: ReconcileJson = r.json();
    let mut fixed: Vec<(String, String, Option<String>)> = rep
        .differences
        .iter()
        .map(|d| (d.kind.clone(), d.principal.clone(), d.fixed.clone()))
        .collect();
    fixed.sort();
    assert_eq!(
        fixed,
        vec![
            ("extra".into(), "mallory".into(), Some("revoked".into())),
            ("missing".into(), "bob".into(), Some("granted".into())),
        ]
    );
    assert_eq!(t.held(), vec!["bob"]);
    let audit: Vec<AuditJson> = env.json(&["audit", "list", "--limit", "2"]);
    let mut acts: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    acts.sort();
    assert_eq!(
        acts,
        vec!["provision.reconcile.grant", "provision.reconcile.revoke"]
    );
    // Nothing left to fix; only administrators reconcile.
    let r = env.run(&["-o", "json", "provision", "reconcile", "box"]);
    assert!(r.json::<ReconcileJson>().differences.is_empty());
    env.run_as("bob", &["provision", "reconcile", "--apply"])
        .code(4);
    env.run(&["provision", "reconcile", "nope"]).code(3);
}

#[test]
fn status_and_run_need_their_rights() {
    let env = TestEnv::sample();
    let _t = Target::new(&env);
    env.run_as("bob", &["provision", "status"]).code(4);
    env.run_as("bob", &["provision", "bindings"]).code(4);
    env.refuses(4, "not authorized", "provision.run", |e| {
        e.run_as("bob", &["provision", "run"])
    });
    env.run(&["provision", "run", "nope"])
        .code(3)
        .stderr_has("the config file defines: box, spare");
    env.run(&["provision", "status"])
        .ok()
        .stderr_has("no provisioning actions");
}

#[test]
fn approval_and_review_queue_their_actions() {
    let env = TestEnv::sample();
    let _t = Target::new(&env);
    crate::activate::set_settings(
        &env,
        "Security Administrator",
        "/",
        serde_json::json!({"activation": {"require_approval": true}}),
    );
    bind(&env, &["--role", "Security Administrator"]).ok();
    let r = env.run_as(
        "bob",
        &[
            "-o",
            "json",
            "activate",
            "--role",
            "Security Administrator",
            "--justification",
            "x",
        ],
    );
    r.code(5);
    assert!(actions(&env).is_empty(), "a pending request grants nothing");
    let req: serde_json::Value = r.json();
    let id = req["request_id"].as_str().unwrap().to_string();
    env.run(&["approve", &id, "--justification", "ok"]).ok();
    assert_eq!(summary(&actions(&env)), vec![s("grant", "bob", "queued")]);
    // dave's active assignment, denied in a review and applied: revoked.
    env.run(&[
        "assign",
        "--principal",
        "dave",
        "--role",
        "Security Administrator",
        "--type",
        "active",
        "--justification",
        "ops",
    ])
    .ok();
    let r = env.run(&[
        "-o",
        "json",
        "review",
        "create",
        "--name",
        "q4",
        "--role",
        "Security Administrator",
        "--reviewer",
        "admin",
        "--duration",
        "7d",
    ]);
    r.ok();
    let review: serde_json::Value = r.json();
    let rid = review["id"].as_str().unwrap().to_string();
    env.run(&[
        "review",
        "decide",
        &rid,
        "--principal",
        "dave",
        "--decision",
        "deny",
        "--justification",
        "left the team",
    ])
    .ok();
    env.run(&["--yes", "review", "complete", &rid, "--apply"])
        .ok();
    assert_eq!(
        summary(&actions(&env)),
        vec![
            s("grant", "bob", "queued"),
            s("grant", "dave", "queued"),
            s("revoke", "dave", "queued"),
        ]
    );
}

/// Without cron: `pim serve` carries out the queue on its own, at start-up and then every
/// `provision_interval`, on pim's behalf; a server started after the end revokes.
#[test]
fn the_server_carries_out_the_queue_on_its_own() {
    let mut env = TestEnv::sample();
    let t = Target::new(&env);
    bind(&env, &["--role", "Security Administrator"]).ok();
    activate(&env, "bob", T0, "Security Administrator", "1h").ok();
    let serve = |env: &TestEnv| {
        let targets = std::fs::read_to_string(env.path("env-config.toml")).unwrap();
        crate::server::Server::start(
            env,
            &format!("root = \"admin\"\nprovision_interval = \"1h\"\n{targets}"),
        )
    };
    let server = serve(&env);
    server.wait_log("provisioning: 1 done");
    assert_eq!(t.held(), vec!["bob"]);
    drop(server);
    // The hour ends with nobody writing: a server that starts then revokes at once.
    env.now = "2026-11-22T10:00:05Z".into();
    let server = serve(&env);
    server.wait_log("provisioning: 1 done");
    assert!(t.held().is_empty());
    let audit: Vec<AuditJson> = env.json(&["audit", "list", "--action", "provision.revoke"]);
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].actor.as_str(), audit[0].auth.as_deref()),
        ("MS-PIM", Some("system"))
    );
    drop(server);
}

#[test]
fn a_group_is_bound_with_role_member_or_owner_as_with_access() {
    let env = TestEnv::sample();
    let _t = Target::new(&env);
    env.run(&["principal", "add", "web-ops", "--kind", "group"])
        .ok();
    env.run(&["group", "onboard", "web-ops"]).ok();
    // `--role member --group G`, as `pim provision bind NAME --role R --group G` reads.
    let r = bind(&env, &["--role", "member", "--group", "web-ops"]);
    let b: BindingJson = r.ok().json();
    assert_eq!(
        (b.role.as_str(), b.scope.as_deref()),
        ("Group Member", Some("/groups/web-ops"))
    );
    // The same binding by `--access`: a duplicate (exit 1), nothing added.
    bind(&env, &["--group", "web-ops", "--access", "member"]).code(1);
    // Ownership is another binding.
    let o: BindingJson = bind(&env, &["--role", "Group Owner", "--group", "web-ops"])
        .ok()
        .json();
    assert_eq!(o.role, "Group Owner");
    // A role that is not a group's membership or ownership, or no access at all: usage errors
    // that say what to type, and nothing bound.
    bind(
        &env,
        &["--role", "Global Administrator", "--group", "web-ops"],
    )
    .code(2)
    .stderr_has("--group binds a group's membership or ownership")
    .stderr_has("--scope");
    bind(&env, &["--group", "web-ops"])
        .code(2)
        .stderr_has("--role <R>");
    bind(
        &env,
        &["--role", "member", "--group", "web-ops", "--scope", "/"],
    )
    .code(2);
    let all: Vec<BindingJson> = env
        .run(&["-o", "json", "provision", "bindings"])
        .ok()
        .json();
    assert_eq!(all.len(), 2, "{all:?}");
    // Unbinding takes the same words.
    env.run(&[
        "provision",
        "unbind",
        "box",
        "--role",
        "owner",
        "--group",
        "web-ops",
    ])
    .ok();
    let all: Vec<BindingJson> = env
        .run(&["-o", "json", "provision", "bindings"])
        .ok()
        .json();
    assert_eq!(all.len(), 1, "{all:?}");
}
