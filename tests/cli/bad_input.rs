//! Bad input, table-driven, across every command that takes input: unknown and ambiguous names and
//! ID prefixes, every bad time and duration form, out-of-range settings, malformed CSV / TOML /
//! JSON files, files that are not (or not yet, or no longer) pim databases, empty, huge and
//! control-character strings, SQL metacharacters. Each case must end with its documented exit
//! code and a clear `error:` line, never a panic, and leave the database as it was apart from at
//! most one failure row in the audit log.

use std::path::Path;

use crate::support::*;

/// Every table but the audit log, row by row: what a refused command must leave alone.
pub fn dump(db: &Path) -> String {
    let c = pim::store::open_unchecked(db).expect("open db");
    let tables: Vec<String> = {
        let mut st = c
            .prepare(if c.is_postgres() {
                "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
                  WHERE table_schema = current_schema() AND table_name != 'audit'
                  ORDER BY table_name"
            } else {
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name != 'audit'
                   AND name NOT LIKE 'sqlite_%' ORDER BY name"
            })
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let mut out = String::new();
    for t in tables {
        let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let mut rows: Vec<String> = st
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, pim::store::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<Result<Vec<_>, _>>()
                    .map(|cells| cells.join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.push_str(&format!("== {t}\n{}\n", rows.join("\n")));
    }
    out
}

/// The audit rows after `seq`, as (result, action).
fn audit_after(env: &TestEnv, seq: i64) -> Vec<(String, String)> {
    let c = env.conn();
    let mut st = c
        .prepare("SELECT result, action FROM audit WHERE seq > ?1 ORDER BY seq")
        .unwrap();
    st.query_map([seq], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn max_seq(env: &TestEnv) -> i64 {
    env.conn()
        .query_row("SELECT coalesce(max(seq), 0) FROM audit", [], |r| r.get(0))
        .unwrap()
}

/// One bad input: who runs it, the arguments (`{NAME}` is replaced by a value the setup made),
/// the exit code SPEC §5 documents for it, and words the `error:` line must hold.
struct Case {
    actor: &'static str,
    args: Vec<String>,
    code: i32,
    needle: &'static str,
}

fn case(code: i32, needle: &'static str, args: &[&str]) -> Case {
    Case {
        actor: "admin",
        args: args.iter().map(|s| s.to_string()).collect(),
        code,
        needle,
    }
}

fn case_as(actor: &'static str, code: i32, needle: &'static str, args: &[&str]) -> Case {
    Case {
        actor,
        ..case(code, needle, args)
    }
}

const PROD: &str = "/subscriptions/prod";
const GATED: &str = "Security Administrator";
const MB: usize = 1 << 20;

/// The sample organisation, plus a request waiting for alice's approval, two assignments whose
/// IDs share the prefix `abcdef`, and the bad files the cases read. Returns the values `{…}`
/// placeholders stand for.
fn setup(env: &TestEnv) -> Vec<(&'static str, String)> {
    env.run(&[
        "settings",
        "set",
        "--role",
        GATED,
        "--require-approval",
        "true",
        "--approver",
        "alice",
    ])
    .ok();
    let r = env.run_as(
        "bob",
        &[
            "-o",
            "json",
            "activate",
            "--role",
            GATED,
            "--justification",
            "x",
        ],
    );
    r.code(5);
    let request: String = env
        .conn()
        .query_row(
            "SELECT id FROM request WHERE status = 'pending_approval'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // Two assignments made by pim, then given IDs that share a six-character prefix: UUIDs that
    // collide there by chance would take millions of rows.
    for role in ["Reports Reader", "Directory Readers"] {
        env.run(&["assign", "--principal", "erin", "--role", role])
            .ok();
    }
    let c = env.conn();
    for (role, id) in [
        ("Reports Reader", "abcdef01-0000-4000-8000-000000000001"),
        ("Directory Readers", "abcdef02-0000-4000-8000-000000000002"),
    ] {
        let n = c
            .execute(
                "UPDATE assignment SET id = ?1 WHERE role_id = (SELECT id FROM role WHERE name = ?2)
                   AND principal_id = (SELECT id FROM principal WHERE name = 'erin')",
                [id, role],
            )
            .unwrap();
        assert_eq!(n, 1);
    }
    drop(c);

    let huge = "A".repeat(MB);
    let mut files = vec![
        // assign import
        ("csv_no_header", "erin,Reader,/subscriptions/prod,eligible,,,\n".to_string()),
        ("csv_unknown_column", "principal,role,colour\nerin,Reader,red\n".into()),
        (
            "csv_extra_field",
            "principal,role,scope,type,start,end,justification\nerin,Reader,/subscriptions/prod,eligible,,,,x,y\n".into(),
        ),
        (
            "csv_open_quote",
            "principal,role,scope,type,start,end,justification\nerin,Reader,/subscriptions/prod,eligible,,,\"never closed\n".into(),
        ),
        (
            "csv_bad_values",
            "principal,role,scope,type,start,end,justification\n\
             nobody,Reader,/subscriptions/prod,eligible,,,\n\
             erin,Raeder,/subscriptions/prod,eligible,,,\n\
             erin,Reader,/subscriptions/nope,eligible,,,\n\
             erin,Reader,/subscriptions/prod,sometimes,,,\n\
             erin,Reader,/subscriptions/prod,eligible,2026-13-01,,\n\
             erin,Reader,/subscriptions/prod,eligible,,PT,\n\
             erin,Reader,/subscriptions/prod,eligible,,2026-11-01,\n"
                .into(),
        ),
        (
            "csv_sql",
            "principal,role,scope,type,start,end,justification\n\"erin'; DROP TABLE assignment; --\",Reader,/subscriptions/prod,eligible,,,\n".into(),
        ),
        (
            "csv_control",
            "principal,role,scope,type,start,end,justification\nerin,Reader,/subscriptions/prod,eligible,,,\"bell\x07\"\n".into(),
        ),
        (
            "csv_huge_name",
            format!("principal,role,scope,type,start,end,justification\n{huge},Reader,/subscriptions/prod,eligible,,,\n"),
        ),
        ("empty", String::new()),
        // settings import
        ("toml_broken", "[[role]\nrole = ".into()),
        (
            "toml_unknown_key",
            "[[role]]\nrole = \"Reader\"\nscope = \"/subscriptions/prod\"\nbogus = 1\n".into(),
        ),
        (
            "toml_wrong_type",
            "[[role]]\nrole = \"Reader\"\nscope = \"/subscriptions/prod\"\n[role.activation]\nmax_duration = 5\n".into(),
        ),
        (
            "toml_too_long",
            "[[role]]\nrole = \"Reader\"\nscope = \"/subscriptions/prod\"\n[role.activation]\nmax_duration = \"25h\"\n".into(),
        ),
        (
            "toml_too_short",
            "[[role]]\nrole = \"Reader\"\nscope = \"/subscriptions/prod\"\n[role.activation]\nmax_duration = \"10m\"\n".into(),
        ),
        (
            "toml_bad_duration",
            "[[role]]\nrole = \"Reader\"\nscope = \"/subscriptions/prod\"\n[role.assignment]\neligible_expire_after = \"forever\"\n".into(),
        ),
        ("toml_no_scope", "[[role]]\nrole = \"Reader\"\n".into()),
        (
            "toml_unknown_role",
            "[[role]]\nrole = \"Raeder\"\nscope = \"/subscriptions/prod\"\n".into(),
        ),
        (
            "toml_unknown_approver",
            "[[role]]\nrole = \"Reader\"\nscope = \"/subscriptions/prod\"\n[role.activation]\nrequire_approval = true\napproval_stages = [{ approvers = [\"nobody\"] }]\n".into(),
        ),
        ("toml_huge", format!("[[role]]\nrole = \"{huge}\"\nscope = \"/\"\n")),
        ("json_for_toml", "{\"not\": \"toml\"}".into()),
        // activate --from
        ("set_not_json", "not json".into()),
        ("set_empty_object", "{}".into()),
        ("set_empty_list", "[]".into()),
        ("set_wrong_type", "{\"eligible\": [{\"role\": 5}]}".into()),
        ("set_unknown_role", "[{\"role\": \"Nope\", \"justification\": \"x\"}]".into()),
        (
            "set_bad_duration",
            "[{\"role\": \"Privileged Role Administrator\", \"duration\": \"forever\", \"justification\": \"x\"}]".into(),
        ),
        (
            "set_huge",
            format!("[{{\"role\": \"Nope\", \"justification\": \"{huge}\"}}]"),
        ),
        ("set_toml_broken", "justification = \n[[activate]\n".into()),
        // config
        ("config_broken", "actor = \n".into()),
        ("config_unknown", "colour = \"red\"\n".into()),
        (
            "config_pigeon",
            "[[notifications.channel]]\ntype = \"carrier-pigeon\"\n".into(),
        ),
        (
            "config_bad_url",
            "[[notifications.channel]]\ntype = \"webhook\"\nurl = \"not a url\"\n".into(),
        ),
        // databases that are not pim's
        ("not_a_db.db", "hello, I am a text file\n".into()),
    ];
    files.push(("binary", String::new()));
    for (name, content) in &files {
        std::fs::write(env.path(name), content).unwrap();
    }
    std::fs::write(env.path("binary"), [0xffu8, 0xfe, 0x00, 0x9f, 0x80]).unwrap();
    std::fs::write(env.path("csv_binary"), [0xffu8, 0xfe, b',', 0x00, b'\n']).unwrap();
    std::fs::write(
        env.path("random.db"),
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    std::fs::write(env.path("empty.db"), b"").unwrap();
    // A database from a newer pim: a copy of this one with a higher schema version.
    std::fs::copy(env.db(), env.path("newer.db")).unwrap();
    rusqlite::Connection::open(env.path("newer.db"))
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    std::fs::create_dir(env.path("a_directory")).unwrap();

    vec![
        ("REQ", request),
        ("DIR", path_str(env.dir.path()).to_string()),
    ]
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    let long_name = "n".repeat(100_000);
    let long_name: &'static str = Box::leak(long_name.into_boxed_str());
    let mut cases = vec![
        // Unknown names: 3, with the closest candidates.
        case(3, "principal 'nobody' not found", &["assign", "--principal", "nobody", "--role", "Reader", "--scope", PROD]),
        case(3, "did you mean: Reader", &["assign", "--principal", "erin", "--role", "Raeder", "--scope", PROD]),
        case(3, "scope '/subscriptions/nope' not found", &["assign", "--principal", "erin", "--role", "Reader", "--scope", "/subscriptions/nope"]),
        case_as("alice", 3, "not found", &["activate", "--role", "Nope", "--justification", "x"]),
        case_as("alice", 3, "not found", &["activate", "--role", "Reader", "--scope", "/subscriptions/nope", "--justification", "x"]),
        case_as("alice", 3, "not found", &["deactivate", "--role", "Nope"]),
        case_as("alice", 3, "not found", &["extend", "--role", "Nope"]),
        case_as("alice", 3, "not found", &["renew", "--role", "Nope"]),
        case(3, "principal 'nobody' not found", &["check", "--principal", "nobody", "--role", "Reader"]),
        case(3, "role 'Nope' not found", &["check", "--principal", "alice", "--role", "Nope"]),
        case(3, "principal 'nobody' not found", &["access", "--principal", "nobody"]),
        case(3, "principal 'nobody' not found", &["status", "--principal", "nobody"]),
        case(3, "principal 'nobody' not found", &["principal", "show", "nobody"]),
        case(3, "principal 'nobody' not found", &["principal", "disable", "nobody"]),
        case(3, "principal 'nobody' not found", &["principal", "enable", "nobody"]),
        case(3, "principal 'nobody' not found", &["--yes", "principal", "remove", "nobody"]),
        case(3, "not found", &["group", "member", "add", "helpdesk", "nobody"]),
        case(3, "not found", &["group", "member", "add", "nogroup", "erin"]),
        case(3, "not found", &["group", "member", "list", "nogroup"]),
        case(3, "role 'Nope' not found", &["role", "show", "Nope"]),
        case(3, "role 'Nope' not found", &["--yes", "role", "delete", "Nope"]),
        case(3, "not found", &["--yes", "scope", "remove", "/subscriptions/nope"]),
        case(3, "not found", &["scope", "add", "/subscriptions/x/resourceGroups/rg", "--parent", "/subscriptions/nope"]),
        case(3, "role 'Nope' not found", &["settings", "show", "--role", "Nope"]),
        case(3, "role 'Nope' not found", &["settings", "set", "--role", "Nope", "--require-mfa", "true"]),
        case(3, "'nobody' not found", &["settings", "set", "--role", "Reader", "--scope", PROD, "--approver", "nobody"]),
        case(3, "not found", &["settings", "export", "--role", "Nope"]),
        case(3, "principal 'nobody' not found", &["mfa", "reset", "--principal", "nobody"]),
        case(3, "principal 'nobody' not found", &["mfa", "enroll", "--principal", "nobody"]),
        case(3, "role 'Nope' not found", &["review", "create", "--name", "q", "--role", "Nope", "--self-review"]),
        case(3, "not found", &["review", "show", "12345678"]),
        case(3, "not found", &["review", "decide", "12345678", "--principal", "erin", "--decision", "approve", "--justification", "x"]),
        case(3, "not found", &["--yes", "review", "complete", "12345678"]),
        case(3, "request '12345678' not found", &["request", "show", "12345678"]),
        case(3, "request '12345678' not found", &["request", "cancel", "12345678"]),
        case_as("alice", 3, "request '12345678' not found", &["approve", "12345678", "--justification", "x"]),
        case_as("alice", 3, "request '12345678' not found", &["deny", "12345678", "--justification", "x"]),
        case(3, "assignment '000000' not found", &["assign", "show", "000000"]),
        case(3, "not found", &["--yes", "assign", "remove", "ffffffff"]),
        case(3, "not found", &["assign", "extend", "ffffffff", "--duration", "1d"]),
        case(3, "not found", &["assign", "update", "ffffffff", "--type", "active"]),
        case(3, "not found", &["assign", "renew", "ffffffff", "--duration", "1d"]),
        // Ambiguous ID prefixes, and ones too short to be IDs: 1, naming the matches.
        case(1, "ambiguous", &["assign", "show", "abcdef"]),
        case(1, "ambiguous", &["--yes", "assign", "remove", "abcdef"]),
        case(1, "ambiguous", &["assign", "extend", "abcdef", "--duration", "1d"]),
        case(1, "ambiguous", &["assign", "update", "ABCDEF", "--type", "active"]),
        case(1, "too short", &["assign", "show", "abc"]),
        case(1, "too short", &["request", "show", "12"]),
        case_as("alice", 1, "too short", &["approve", "1", "--justification", "x"]),
        // Times: 1.
        case(1, "invalid time '2026-13-01'", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--end", "2026-13-01"]),
        case(1, "invalid time '2026-02-30'", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--end", "2026-02-30"]),
        case(1, "the end is in the past", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--end", "yesterday"]),
        case(1, "invalid time 'the day after'", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--end", "the day after"]),
        case(1, "invalid time", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--end", "2026-11-22T25:00:00Z"]),
        case(1, "invalid time", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--end", "2026-11-22 25:00"]),
        case(1, "invalid time", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--end", "1795000000"]),
        case(1, "invalid time", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--end", ""]),
        case(1, "invalid time", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--start", "+275760-01-01T00:00:00Z"]),
        case(1, "in the past", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--end", "2026-11-21"]),
        case(1, "after the start", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--start", "2026-11-23", "--end", "2026-11-22T10:00:00Z"]),
        case(1, "9999", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--start", "9999-12-31T23:59:59Z", "--duration", "1d"]),
        case_as("alice", 1, "invalid time", &["activate", "--role", "Privileged Role Administrator", "--start", "soon", "--justification", "x"]),
        case(1, "invalid time 'notatime'", &["audit", "list", "--since", "notatime"]),
        case(1, "invalid time", &["audit", "list", "--until", "2026-11-22T09:00:00+25:00"]),
        case(1, "invalid time", &["audit", "export", "--since", "2026/11/22"]),
        case(1, "invalid time", &["access", "--principal", "alice", "--at", "2026-99-99"]),
        // Durations: 1 (2 where clap takes a leading '-' for a flag).
        case(1, "longer than zero", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--duration", "0m"]),
        case(1, "invalid duration 'PT'", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--duration", "PT"]),
        case(1, "invalid duration 'P'", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--duration", "P"]),
        case(1, "invalid duration '1h30'", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--duration", "1h30"]),
        case(1, "invalid duration ''", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--duration", ""]),
        case(1, "no fixed length", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--duration", "P1Y"]),
        case(1, "invalid duration", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--duration", "18446744073709551616s"]),
        case(1, "invalid duration '99999999999d': out of range", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--duration", "99999999999d"]),
        case(1, "invalid duration", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--duration", "8x"]),
        case(1, "invalid duration", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--duration", "PT-1H"]),
        case(2, "unexpected argument", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--duration", "-5h"]),
        case_as("alice", 1, "invalid duration", &["activate", "--role", "Privileged Role Administrator", "--duration", "lots", "--justification", "x"]),
        case_as("alice", 4, "ExpirationRule", &["activate", "--role", "Privileged Role Administrator", "--duration", "25h", "--justification", "x"]),
        case_as("alice", 2, "unexpected argument '--help-me'", &["approve", "list", "--help-me"]),
        // Settings out of range: 1.
        case(1, "30m to 24h", &["settings", "set", "--role", "Reader", "--scope", PROD, "--activation-max-duration", "25h"]),
        case(1, "30m to 24h", &["settings", "set", "--role", "Reader", "--scope", PROD, "--activation-max-duration", "29m"]),
        case(1, "at least one approval", &["settings", "set", "--role", "Reader", "--scope", PROD, "--approver", "alice", "--required-approvals", "0"]),
        case(1, "requires 3 approvals but has 1 approver", &["settings", "set", "--role", "Reader", "--scope", PROD, "--approver", "alice", "--required-approvals", "3"]),
        case(1, "invalid stage", &["settings", "set", "--role", "Reader", "--scope", PROD, "--stage", "alice,bob:x"]),
        case(1, "invalid stage", &["settings", "set", "--role", "Reader", "--scope", PROD, "--stage", ""]),
        case(1, "1 to 30", &["settings", "set", "--role", "Reader", "--scope", PROD, "--approver", "alice", "--approval-timeout-days", "31"]),
        case(1, "1 to 30", &["settings", "set", "--role", "Reader", "--scope", PROD, "--approver", "alice", "--approval-timeout-days", "0"]),
        case(1, "invalid value 'maybe'", &["settings", "set", "--role", "Reader", "--scope", PROD, "--require-mfa", "maybe"]),
        case(1, "longer than zero", &["settings", "set", "--role", "Reader", "--scope", PROD, "--eligible-expire-after", "0d"]),
        case(1, "out of range", &["settings", "set", "--role", "Reader", "--scope", PROD, "--active-expire-after", "99999999d"]),
        // Malformed CSV (assign import): 1, nothing imported.
        case(1, "{DIR}/csv_no_header", &["assign", "import", "{DIR}/csv_no_header"]),
        case(1, "colour", &["assign", "import", "{DIR}/csv_unknown_column"]),
        case(1, "nothing was imported", &["assign", "import", "{DIR}/csv_extra_field"]),
        case(1, "a double quote is never closed", &["assign", "import", "{DIR}/csv_open_quote"]),
        case(1, "7 bad rows", &["assign", "import", "{DIR}/csv_bad_values"]),
        case(1, "nothing was imported", &["assign", "import", "{DIR}/csv_sql"]),
        case(1, "control characters", &["assign", "import", "{DIR}/csv_control"]),
        case(1, "nothing was imported", &["assign", "import", "{DIR}/csv_huge_name"]),
        case(1, "csv_binary", &["assign", "import", "{DIR}/csv_binary"]),
        case(1, "a_directory", &["assign", "import", "{DIR}/a_directory"]),
        case(1, "absent.csv", &["assign", "import", "{DIR}/absent.csv"]),
        // Malformed settings files (settings import): 1, nothing imported.
        case(1, "unclosed array table", &["settings", "import", "{DIR}/toml_broken"]),
        case(1, "unknown field `bogus`", &["settings", "import", "{DIR}/toml_unknown_key"]),
        case(1, "invalid type", &["settings", "import", "{DIR}/toml_wrong_type"]),
        case(1, "30m to 24h", &["settings", "import", "{DIR}/toml_too_long"]),
        case(1, "30m to 24h", &["settings", "import", "{DIR}/toml_too_short"]),
        case(1, "forever", &["settings", "import", "{DIR}/toml_bad_duration"]),
        case(1, "a scope is needed", &["settings", "import", "{DIR}/toml_no_scope"]),
        case(1, "Raeder", &["settings", "import", "{DIR}/toml_unknown_role"]),
        case(1, "nobody", &["settings", "import", "{DIR}/toml_unknown_approver"]),
        case(1, "nothing was imported", &["settings", "import", "{DIR}/toml_huge"]),
        // JSON is read as a Microsoft policy document; one that is none is a usage error.
        case(2, "json_for_toml", &["settings", "import", "{DIR}/json_for_toml"]),
        case(1, "binary", &["settings", "import", "{DIR}/binary"]),
        // Malformed activation sets (activate --from).
        case_as("alice", 1, "not a valid activation set", &["activate", "--from", "{DIR}/set_not_json"]),
        case_as("alice", 1, "set_empty_object", &["activate", "--from", "{DIR}/set_empty_object"]),
        case_as("alice", 1, "lists nothing to activate", &["activate", "--from", "{DIR}/set_empty_list"]),
        case_as("alice", 1, "invalid type", &["activate", "--from", "{DIR}/set_wrong_type"]),
        case_as("alice", 3, "role 'Nope' not found", &["activate", "--from", "{DIR}/set_unknown_role"]),
        case_as("alice", 1, "invalid duration 'forever'", &["activate", "--from", "{DIR}/set_bad_duration"]),
        case_as("alice", 3, "role 'Nope' not found", &["activate", "--from", "{DIR}/set_huge"]),
        case_as("alice", 1, "set_toml_broken", &["activate", "--from", "{DIR}/set_toml_broken"]),
        case_as("alice", 1, "UTF-8", &["activate", "--from", "{DIR}/binary"]),
        case_as("alice", 1, "absent.json", &["activate", "--from", "{DIR}/absent.json"]),
        // Config files.
        case(1, "config file", &["--config", "{DIR}/config_broken", "status"]),
        case(1, "unknown field `colour`", &["--config", "{DIR}/config_unknown", "status"]),
        case(1, "cannot read the config file", &["--config", "{DIR}/absent.toml", "status"]),
        // Files given as --db that are not pim databases (or are from a newer pim).
        case(1, "is not a pim database", &["--db", "{DIR}/not_a_db.db", "principal", "add", "zz"]),
        case(1, "is not a pim database", &["--db", "{DIR}/random.db", "status"]),
        case(1, "is not a pim database", &["--db", "{DIR}/binary", "sweep"]),
        case(1, "no pim database", &["--db", "{DIR}/empty.db", "principal", "add", "zz"]),
        case(1, "no pim database", &["--db", "{DIR}/empty.db", "status"]),
        case(1, "newer than this pim supports", &["--db", "{DIR}/newer.db", "principal", "add", "zz"]),
        case(1, "newer than this pim supports", &["--db", "{DIR}/newer.db", "audit", "verify"]),
        case(1, "a_directory", &["--db", "{DIR}/a_directory", "status"]),
        case(1, "no pim database", &["--db", "{DIR}/no/such/dir/pim.db", "status"]),
        // Empty, long and control-character strings.
        case(1, "cannot be empty", &["principal", "add", ""]),
        case(1, "control characters", &["principal", "add", "tab\there"]),
        case(1, "control characters", &["principal", "add", "esc\x1b[31mred"]),
        case(1, "control characters", &["principal", "add", "new\nline"]),
        case(1, "at most 256 characters", &["principal", "add", long_name]),
        case(1, "control characters", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--justification", "bell\x07"]),
        case(1, "invalid scope", &["scope", "add", "/subscriptions/new\nline"]),
        case(1, "invalid scope", &["scope", "add", ""]),
        case(1, "invalid permission ''", &["role", "create", "R1", "--kind", "azure", "--permission", ""]),
        case(3, "not found", &["principal", "show", long_name]),
        // SQL metacharacters are data, never SQL.
        case(3, "not found", &["principal", "show", "x'; DROP TABLE principal; --"]),
        case(3, "not found", &["assign", "list", "--principal", "%"]),
        case(3, "not found", &["principal", "show", "_"]),
        case(3, "not found", &["role", "show", "Reader' OR '1'='1"]),
        case(3, "not found", &["check", "--principal", "alice\" OR 1=1 --", "--role", "Reader"]),
        case(1, "invalid scope", &["--yes", "scope", "remove", "/subscriptions/prod' --"]),
        case(3, "not found", &["assign", "show", "%%%%%%"]),
        // States that refuse the input.
        case(1, "already", &["principal", "add", "ALICE"]),
        case(1, "already", &["scope", "add", PROD]),
        case(1, "already exists", &["init", "--admin", "admin2"]),
        case(1, "not a group", &["group", "member", "add", "alice", "bob"]),
        case_as("erin", 4, "EligibilityRule", &["activate", "--role", "Reader", "--scope", PROD, "--justification", "x"]),
        case_as("bob", 4, "", &["approve", "{REQ}", "--justification", "mine"]),
        case_as("alice", 4, "--justification", &["deny", "{REQ}"]),
        case(4, "last active Global Administrator", &["principal", "disable", "admin"]),
        // Other commands' inputs.
        case(3, "principal 'nobody' not found", &["review", "create", "--name", "q", "--role", "Global Reader", "--reviewer", "nobody"]),
        case(1, "longer than zero", &["review", "create", "--name", "q", "--role", "Global Reader", "--self-review", "--duration", "0d"]),
        case(1, "needs a name", &["review", "create", "--name", "", "--role", "Global Reader", "--self-review"]),
        case(1, "control characters", &["review", "create", "--name", "q\x01", "--role", "Global Reader", "--self-review"]),
        case(1, "no MFA enrolment to confirm", &["mfa", "enroll", "--code", "abcdef"]),
        case(1, "cannot create a file in", &["audit", "export", "--file", "{DIR}/no/such/dir/x.csv"]),
        case(1, "invalid anchor", &["audit", "verify", "--anchor", "1:gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg"]),
        case(1, "invalid anchor", &["audit", "verify", "--anchor", "seq:hash"]),
        case(1, "not under /subscriptions/prod", &["scope", "add", "/subscriptions/zz", "--parent", PROD]),
        case(1, "is /subscriptions/prod, not /", &["scope", "add", "/subscriptions/prod/resourceGroups/rg", "--parent", "/"]),
        case(1, "invalid email address", &["principal", "add", "zz", "--email", "not an email"]),
        case(1, "invalid email address", &["principal", "add", "zz", "--email", "a@b\nc"]),
        case(1, "control characters", &["principal", "add", "zz", "--display-name", "x\x01y"]),
        case(1, "a role name must be", &["role", "create", "", "--kind", "azure", "--permission", "a/b"]),
        case(1, "nothing to set", &["settings", "set", "--role", "Reader", "--scope", PROD]),
        case_as("alice", 1, "longer than zero", &["extend", "--role", "Global Reader", "--duration", "0m"]),
        case_as("alice", 1, "invalid time 'nope'", &["renew", "--role", "Global Reader", "--end", "nope"]),
        case_as("alice", 1, "invalid duration 'forever'", &["activate", "--role", "Privileged Role Administrator", "--justification", "x", "--wait", "forever"]),
        case_as("alice", 1, "invalid time", &["approve", "{REQ}", "--justification", "x", "--end", "later"]),
        // PIM for Groups and notifications.
        case(3, "principal 'nogroup' not found", &["group", "onboard", "nogroup"]),
        case(1, "is a user, not a group", &["group", "onboard", "alice"]),
        case(3, "principal 'nogroup' not found", &["group", "offboard", "nogroup"]),
        case(3, "group 'nogroup' not found", &["assign", "--group", "nogroup", "--access", "member", "--principal", "erin"]),
        case(3, "group 'nogroup' not found", &["settings", "show", "--group", "nogroup", "--access", "member"]),
        case(3, "group 'nogroup' not found", &["settings", "set", "--group", "nogroup", "--access", "owner", "--require-mfa", "true"]),
        case_as("erin", 3, "group 'nogroup' not found", &["activate", "--group", "nogroup", "--access", "member", "--justification", "x"]),
        case(2, "invalid value 'boss'", &["assign", "--group", "helpdesk", "--access", "boss", "--principal", "erin"]),
        case(1, "unknown variant `carrier-pigeon`", &["--config", "{DIR}/config_pigeon", "notifications", "deliver"]),
        case(1, "must start with http:// or https://", &["--config", "{DIR}/config_bad_url", "notifications", "deliver"]),
        // Usage errors: 2.
        case(2, "invalid value 'extreme'", &["alerts", "--fail-on", "extreme"]),
        case(2, "invalid value 'group'", &["role", "create", "X", "--kind", "group", "--permission", "a/b"]),
        case(2, "invalid value 'xml'", &["-o", "xml", "status"]),
        case(2, "unrecognized subcommand", &["frobnicate"]),
        case(2, "invalid value", &["completions", "tcsh"]),
        case(2, "invalid value 'sometimes'", &["assign", "--principal", "erin", "--role", "Reader", "--scope", PROD, "--type", "sometimes"]),
        case(2, "invalid value", &["audit", "list", "--limit", "many"]),
        case(2, "invalid value", &["review", "decide", "12345678", "--decision", "perhaps"]),
    ];
    // Who is acting, by the name the caller gives: only the embedded mode takes one (a server
    // names its caller by certificate; tls.rs tests its refusals).
    if !server_mode() {
        cases.extend([
            case_as("nobody", 4, "not a principal", &["principal", "add", "zz"]),
            case_as("", 4, "no acting principal", &["principal", "add", "zz"]),
            case_as("ad\x07min", 4, "not a principal", &["sweep"]),
        ]);
    }
    cases
}

#[test]
fn bad_input_is_refused_clearly_and_changes_nothing() {
    if pg_mode() {
        // Not on PostgreSQL: its bad databases are SQLite files (empty, foreign, newer, garbage).
        return;
    }
    let env = TestEnv::sample();
    let vars = setup(&env);
    let cases = cases();
    let mut problems = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let args: Vec<String> = c
            .args
            .iter()
            .map(|a| {
                vars.iter()
                    .fold(a.clone(), |a, (k, v)| a.replace(&format!("{{{k}}}"), v))
            })
            .collect();
        let needle = vars.iter().fold(c.needle.to_string(), |n, (k, v)| {
            n.replace(&format!("{{{k}}}"), v)
        });
        // Files given as --db are compared byte for byte as well.
        let other_db = args
            .iter()
            .position(|a| a == "--db")
            .map(|p| std::path::PathBuf::from(&args[p + 1]));
        let other_before = other_db.as_ref().and_then(|p| std::fs::read(p).ok());
        let before = dump(&env.db());
        let seq = max_seq(&env);
        let out = env
            .command()
            .env("PIM_ACTOR", c.actor)
            .args(&args)
            .output()
            .expect("run pim");
        let code = out.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let shown: String = args
            .iter()
            .map(|a| {
                if a.len() > 60 {
                    format!("{}…", &a[..60])
                } else {
                    a.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let mut fail = |what: String| {
            problems.push(format!(
                "case {i} `pim {shown}` as {:?}: {what}\n    stderr: {}",
                c.actor,
                stderr.chars().take(600).collect::<String>()
            ))
        };
        if code != c.code {
            fail(format!("exit {code}, documented {}", c.code));
        }
        let error_line = stderr.lines().find(|l| l.starts_with("error: "));
        match error_line {
            None => fail("no `error:` line".into()),
            Some(l) if !stderr.contains(&needle) => {
                fail(format!("the error does not say {needle:?}: {l}"))
            }
            Some(_) => {}
        }
        for bad in [
            "panicked",
            "RUST_BACKTRACE",
            "SqliteFailure",
            "Error {",
            "locked",
        ] {
            if stderr.contains(bad) {
                fail(format!("stderr shows {bad:?}"));
            }
        }
        if dump(&env.db()) != before {
            fail("the database changed".into());
        }
        let added = audit_after(&env, seq);
        if added.len() > 1 || added.iter().any(|(result, _)| result != "failure") {
            fail(format!(
                "the audit log grew by more than one failure row: {added:?}"
            ));
        }
        if let (Some(p), Some(bytes)) = (&other_db, &other_before)
            && std::fs::read(p).ok().as_ref() != Some(bytes)
        {
            fail(format!("{} changed", p.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} bad-input cases failed:\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n")
    );
    assert!(cases.len() >= 80, "{} cases", cases.len());
    eprintln!("{} bad-input cases", cases.len());
}

/// A read-only database: refused with exit 1 and a clear message, the file untouched. Root
/// ignores file permissions, so as root the command runs as `nobody` through `setpriv`; where that
/// is impossible the case says so and checks nothing, rather than pretending.
#[cfg(unix)]
#[test]
fn a_read_only_database_is_refused_and_left_alone() {
    if pg_mode() {
        // Not on PostgreSQL: makes copies of the SQLite file read-only.
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::sample();
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    // Do permissions bind this process? Root (or CAP_DAC_OVERRIDE) opens a 0400 file for writing.
    let probe = env.path("probe");
    std::fs::write(&probe, "x").unwrap();
    mode(&probe, 0o400);
    let privileged = std::fs::OpenOptions::new().write(true).open(&probe).is_ok();
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    if privileged && setpriv.is_none() {
        eprintln!(
            "SKIPPED: running with privileges that ignore file permissions, and no setpriv to drop them"
        );
        return;
    }
    if let (true, Some(sp)) = (privileged, setpriv) {
        // nobody must be able to run the binary where it was built.
        let probe = std::process::Command::new(sp)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(bin())
            .arg("--version")
            .output();
        if !probe.is_ok_and(|o| o.status.success()) {
            eprintln!(
                "SKIPPED: running with privileges that ignore file permissions, and nobody cannot run {}",
                bin().display()
            );
            return;
        }
    }
    let run = |db: &Path, args: &[&str]| -> (i32, String) {
        let mut c = match (privileged, setpriv) {
            (true, Some(sp)) => {
                let mut c = std::process::Command::new(sp);
                c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                    .arg(bin());
                c
            }
            _ => std::process::Command::new(bin()),
        };
        let out = c
            .env_clear()
            .env("PIM_DB", db)
            .env("PIM_NOW", T0)
            .env("PIM_ACTOR", "admin")
            .env("PIM_OS_USER", "tester")
            .env("HOME", env.dir.path())
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // Whoever runs pim (nobody, as root) may enter the temp dir and read the files.
    mode(env.dir.path(), 0o755);

    // The owner's own file made 0400, in a directory the owner may write (so SQLite can keep its
    // write-ahead log beside it); and a 0600 file in a directory made 0500. As root, both belong
    // to nobody, who runs the commands.
    let ro_file_dir = env.path("ro-file");
    let ro_dir = env.path("ro-dir");
    for d in [&ro_file_dir, &ro_dir] {
        std::fs::create_dir(d).unwrap();
        std::fs::copy(env.db(), d.join("pim.db")).unwrap();
        if privileged {
            std::os::unix::fs::chown(d, Some(65534), Some(65534)).unwrap();
            std::os::unix::fs::chown(d.join("pim.db"), Some(65534), Some(65534)).unwrap();
        }
    }
    let ro_file = ro_file_dir.join("pim.db");
    mode(&ro_file, 0o400);
    mode(&ro_dir.join("pim.db"), 0o600);
    mode(&ro_dir, 0o500);
    let mut checked = 0;
    for db in [ro_file.clone(), ro_dir.join("pim.db")] {
        let before = std::fs::read(&db).unwrap();
        for args in [
            &["principal", "add", "zz"][..],
            &["sweep"],
            &[
                "assign",
                "--principal",
                "erin",
                "--role",
                "Reader",
                "--scope",
                "/subscriptions/prod",
            ],
        ] {
            let (code, stderr) = run(&db, args);
            assert_eq!(code, 1, "{args:?} on {}: {stderr}", db.display());
            assert!(stderr.starts_with("error: "), "{stderr}");
            assert!(stderr.contains("is read-only"), "{stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
            assert_eq!(
                std::fs::read(&db).unwrap(),
                before,
                "{} changed",
                db.display()
            );
            checked += 1;
        }
    }
    mode(&ro_dir, 0o755);
    eprintln!(
        "read-only database: {checked} cases checked{}",
        if privileged {
            " as nobody (setpriv), this process being privileged"
        } else {
            ""
        }
    );
}
