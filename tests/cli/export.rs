//! `pim audit export`: every format against `audit list -o json`, every filter, the file written
//! atomically with mode 0600, and "My audit".

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::support::*;

const COLUMNS: [&str; 23] = [
    "time",
    "seq",
    "actor",
    "os_user",
    "action",
    "activity",
    "category",
    "result",
    "reason",
    "principal",
    "role",
    "scope",
    "request_id",
    "assignment_id",
    "justification",
    "ticket_system",
    "ticket_number",
    "start",
    "end",
    "details",
    "hash",
    "auth",
    "auth_id",
];

/// An exported row as JSON: exactly the CSV columns.
#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct ExportJson {
    time: String,
    seq: i64,
    actor: String,
    os_user: String,
    action: String,
    activity: String,
    category: String,
    result: String,
    reason: Option<String>,
    principal: Option<String>,
    role: Option<String>,
    scope: Option<String>,
    request_id: Option<String>,
    assignment_id: Option<String>,
    justification: Option<String>,
    ticket_system: Option<String>,
    ticket_number: Option<String>,
    start: Option<String>,
    end: Option<String>,
    details: Option<serde_json::Value>,
    hash: String,
    auth: Option<String>,
    auth_id: Option<String>,
}

impl ExportJson {
    fn of(r: &AuditJson) -> ExportJson {
        ExportJson {
            time: r.time.clone(),
            seq: r.seq,
            actor: r.actor.clone(),
            os_user: r.os_user.clone(),
            action: r.action.clone(),
            activity: r.activity.clone(),
            category: r.category.clone(),
            result: r.result.clone(),
            reason: r.reason.clone(),
            principal: r.principal.clone(),
            role: r.role.clone(),
            scope: r.scope.clone(),
            request_id: r.request_id.clone(),
            assignment_id: r.assignment_id.clone(),
            justification: r.justification.clone(),
            ticket_system: r.ticket_system.clone(),
            ticket_number: r.ticket_number.clone(),
            start: r.start.clone(),
            end: r.end.clone(),
            details: r.details.clone(),
            hash: r.hash.clone(),
            auth: r.auth.clone(),
            auth_id: r.auth_id.clone(),
        }
    }

    /// The CSV cells this row must export as: formula-like cells neutralised, absent ones empty.
    fn csv_cells(&self) -> Vec<String> {
        let o = |v: &Option<String>| neutralise(v.as_deref().unwrap_or(""));
        vec![
            self.time.clone(),
            self.seq.to_string(),
            neutralise(&self.actor),
            neutralise(&self.os_user),
            neutralise(&self.action),
            neutralise(&self.activity),
            neutralise(&self.category),
            neutralise(&self.result),
            o(&self.reason),
            o(&self.principal),
            o(&self.role),
            o(&self.scope),
            o(&self.request_id),
            o(&self.assignment_id),
            o(&self.justification),
            o(&self.ticket_system),
            o(&self.ticket_number),
            o(&self.start),
            o(&self.end),
            o(&self.details.as_ref().map(|d| d.to_string())),
            self.hash.clone(),
            o(&self.auth),
            o(&self.auth_id),
        ]
    }
}

fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Justifications a spreadsheet or a naive CSV reader would trip on.
const TRICKY: [&str; 6] = [
    "=cmd|' /C calc'!A0",
    "a, b and \"c\", 'd'",
    "Zürich – 東京 – ✓",
    "+1+1",
    "-2",
    "@SUM(A1:A9)",
];

/// The sample organisation, plus assignments whose justifications and tickets are tricky.
fn tricky_env() -> TestEnv {
    let env = TestEnv::sample();
    let roles = [
        "Global Reader",
        "Reports Reader",
        "Security Reader",
        "Helpdesk Administrator",
        "User Administrator",
        "Groups Administrator",
    ];
    for (j, role) in TRICKY.iter().zip(roles) {
        env.run(&[
            "assign",
            "--principal",
            "erin",
            "--role",
            role,
            &format!("--justification={j}"),
            "--ticket-number==1+2",
            "--ticket-system=@ServiceNow",
        ])
        .ok();
    }
    // pim refuses control characters in what it is given, but a row may still carry them (an
    // older pim, another writer): one written straight into the table, with line breaks.
    let c = env.conn();
    let head: i64 = c
        .query_row("SELECT max(seq) FROM audit", [], |r| r.get(0))
        .unwrap();
    c.execute(
        "INSERT INTO audit (seq, at, actor_name, os_user, action, activity, category, result,
                            justification, details, prev_hash, hash)
         VALUES (?1, 1795338000, 'admin', 'tester', 'test.row', 'Line\nbreaks', 'RoleManagement',
                 'success', ?2, '{\"note\":\"x\\ny\"}', '', '')",
        pim::params![head + 1, MULTILINE],
    )
    .unwrap();
    env
}

const MULTILINE: &str = "first line, \"quoted\"\nsecond line\r\n=third";

fn list(env: &TestEnv, actor: &str, filters: &[&str]) -> Vec<ExportJson> {
    // The list is newest first; an export is in seq order.
    let mut args = vec!["-o", "json", "audit", "list", "--all"];
    args.extend_from_slice(filters);
    let rows: Vec<AuditJson> = env.run_as(actor, &args).ok().json();
    rows.iter().rev().map(ExportJson::of).collect()
}

fn export(env: &TestEnv, actor: &str, args: &[&str]) -> Run {
    let mut a = vec!["audit", "export"];
    a.extend_from_slice(args);
    let r = env.run_as(actor, &a);
    r.ok();
    r
}

fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let headers = rd.headers().unwrap().iter().map(str::to_string).collect();
    let rows = rd
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (headers, rows)
}

fn parse_jsonl(text: &str) -> Vec<ExportJson> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn csv_matches_audit_list_field_by_field() {
    let env = tricky_env();
    let want = list(&env, "admin", &[]);
    let r = export(&env, "admin", &[]);
    assert!(r.stderr.is_empty(), "stderr: {}", r.stderr);
    let (headers, rows) = parse_csv(&r.stdout);
    assert_eq!(headers, COLUMNS);
    assert_eq!(rows.len(), want.len());
    for (got, want) in rows.iter().zip(&want) {
        assert_eq!(got, &want.csv_cells(), "row {}", want.seq);
    }
    // The tricky values went through: quoted, multi-line, non-ASCII, and formulas made text.
    let justifications: BTreeSet<&str> = rows.iter().map(|r| r[14].as_str()).collect();
    for j in TRICKY {
        assert!(
            justifications.contains(neutralise(j).as_str()),
            "{j:?} in {justifications:?}"
        );
    }
    assert!(justifications.contains("'=cmd|' /C calc'!A0"));
    assert!(justifications.contains(MULTILINE));
    assert!(
        rows.iter()
            .any(|r| r[16] == "'=1+2" && r[15] == "'@ServiceNow")
    );
    // No cell of the export starts a formula.
    assert!(
        rows.iter()
            .flatten()
            .all(|c| !c.starts_with(['=', '+', '-', '@']))
    );
    // `-o csv` and `--format csv` are the default's twins.
    assert_eq!(export(&env, "admin", &["--format", "csv"]).stdout, r.stdout);
    assert_eq!(
        env.run(&["-o", "csv", "audit", "export"]).ok().stdout,
        r.stdout
    );
}

#[test]
fn json_and_jsonl_carry_the_same_fields() {
    let env = tricky_env();
    let want = list(&env, "admin", &[]);
    // -o json: one array document.
    let json: Vec<ExportJson> = env.run(&["-o", "json", "audit", "export"]).ok().json();
    assert_eq!(json, want);
    let same: Vec<ExportJson> = export(&env, "admin", &["--format", "json"]).json();
    assert_eq!(same, want);
    // --format overrides -o.
    let r = env.run(&["-o", "json", "audit", "export", "--format", "jsonl"]);
    r.ok();
    let lines = parse_jsonl(&r.stdout);
    assert_eq!(lines, want);
    assert_eq!(r.stdout.lines().count(), want.len());
    // Keys in the CSV columns' order.
    let first = r.stdout.lines().next().unwrap();
    let positions: Vec<usize> = COLUMNS
        .iter()
        .map(|c| first.find(&format!("\"{c}\":")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{first}");
    let csv = export(&env, "admin", &["-o", "csv", "--format", "jsonl"]);
    assert_eq!(csv.stdout, r.stdout);
    // Nothing selected: an empty array, a header row, no lines.
    let none = ["--since", "2099-01-01"];
    let empty: Vec<ExportJson> =
        export(&env, "admin", &[&["--format", "json"], &none[..]].concat()).json();
    assert!(empty.is_empty());
    let (headers, rows) = parse_csv(&export(&env, "admin", &none).stdout);
    assert_eq!((headers.len(), rows.len()), (23, 0));
    assert_eq!(
        export(&env, "admin", &[&["--format", "jsonl"], &none[..]].concat()).stdout,
        ""
    );
}

#[test]
fn every_filter_selects_as_audit_list_does() {
    let env = TestEnv::sample();
    env.run_at(
        "2026-11-23T10:00:00Z",
        &["assign", "--principal", "erin", "--role", "Global Reader"],
    )
    .ok();
    env.run_at("2026-11-24T10:00:00Z", &["principal", "add", "frank"])
        .ok();
    env.run_as("bob", &["principal", "add", "x"]).code(4);
    let filters: [&[&str]; 9] = [
        &["--since", "2026-11-23"],
        &["--until", "2026-11-24"],
        &["--since", "2026-11-23", "--until", "2026-11-24"],
        &["--actor", "bob"],
        &["--principal", "erin"],
        &["--role", "Global Administrator"],
        &["--action", "principal"],
        &["--action", "assignment.create"],
        &[
            "--principal",
            "erin",
            "--action",
            "assignment",
            "--since",
            "2026-11-23",
        ],
    ];
    let all = list(&env, "admin", &[]).len();
    for f in filters {
        let want = list(&env, "admin", f);
        assert!(!want.is_empty() && want.len() < all, "{f:?} selects some");
        let got = parse_jsonl(&export(&env, "admin", &[&["--format", "jsonl"], f].concat()).stdout);
        assert_eq!(got, want, "{f:?}");
        let (_, rows) = parse_csv(&export(&env, "admin", f).stdout);
        let seqs: Vec<String> = want.iter().map(|r| r.seq.to_string()).collect();
        assert_eq!(rows.iter().map(|r| r[1].clone()).collect::<Vec<_>>(), seqs);
    }
    env.run(&["audit", "export", "--actor", "nobody"])
        .refused(3, "not found");
    env.run(&["audit", "export", "--since", "last tuesday"])
        .refused(1, "invalid time");
    env.run(&["audit", "export", "--format", "xml"]).code(2);
}

#[test]
fn a_non_reader_exports_their_own_audit_only() {
    let env = TestEnv::sample();
    env.run_as("bob", &["principal", "add", "x"]).code(4);
    let mine = parse_jsonl(&export(&env, "bob", &["--format", "jsonl"]).stdout);
    assert!(!mine.is_empty());
    assert!(
        mine.iter()
            .all(|r| r.actor == "bob" || r.principal.as_deref() == Some("bob"))
    );
    assert!(
        mine.iter()
            .any(|r| r.actor == "bob" && r.result == "failure")
    );
    assert_eq!(mine, list(&env, "bob", &[]));
    assert!(mine.len() < list(&env, "admin", &[]).len());
    // Filters narrow within what bob may see; they never widen it.
    let erin =
        parse_jsonl(&export(&env, "bob", &["--format", "jsonl", "--principal", "erin"]).stdout);
    assert!(erin.is_empty());
}

/// Files in the temp dir other than the database and the ones named.
fn leftovers(env: &TestEnv, expected: &[&str]) -> Vec<String> {
    std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("pim.db") && !expected.contains(&n.as_str()))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_file_is_written_atomically_with_mode_0600() {
    if pg_mode() {
        // Not on PostgreSQL: it plants a row that is not UTF-8, which PostgreSQL refuses to store.
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let env = tricky_env();
    let out = env.path("audit.csv");
    let out_s = path_str(&out).to_string();
    let stdout = export(&env, "admin", &[]).stdout;
    let r = export(&env, "admin", &["--file", &out_s]);
    assert!(r.stdout.is_empty());
    r.stderr_has(&format!(
        "exported {} audit rows",
        list(&env, "admin", &[]).len()
    ));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), stdout);
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(leftovers(&env, &["audit.csv"]).is_empty());

    // An existing file is replaced whole, and ends up 0600 whatever it was.
    let json = env.path("audit.json");
    std::fs::write(&json, "old").unwrap();
    std::fs::set_permissions(&json, std::fs::Permissions::from_mode(0o644)).unwrap();
    env.run(&["-o", "json", "audit", "export", "--file", path_str(&json)])
        .ok();
    let rows: Vec<ExportJson> =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(rows, list(&env, "admin", &[]));
    assert_eq!(
        std::fs::metadata(&json).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // A refusal before the first row leaves the old file as it was and nothing else.
    std::fs::write(&out, "old").unwrap();
    env.run(&["audit", "export", "--file", &out_s, "--actor", "nobody"])
        .refused(3, "not found");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    assert!(leftovers(&env, &["audit.csv", "audit.json"]).is_empty());

    // A failure halfway through the rows (a row that is not UTF-8) leaves no partial file either.
    env.conn()
        .execute(
            "UPDATE audit SET justification = CAST(x'41ff42' AS TEXT) WHERE seq = 20",
            [],
        )
        .unwrap();
    let r = env.run(&["audit", "export", "--file", &out_s]);
    r.code(1);
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    let fresh = env.path("fresh.jsonl");
    env.run(&[
        "audit",
        "export",
        "--format",
        "jsonl",
        "--file",
        path_str(&fresh),
    ])
    .code(1);
    assert!(!fresh.exists());
    assert!(leftovers(&env, &["audit.csv", "audit.json"]).is_empty());

    // A directory that does not exist.
    env.run(&[
        "audit",
        "export",
        "--file",
        path_str(&env.path("missing/audit.csv")),
    ])
    .refused(1, "cannot create a file in");
}

#[test]
fn a_large_export_goes_through_whole() {
    if pg_mode() {
        // Not on PostgreSQL: it generates rows with SQLite's printf.
        return;
    }
    // Rows written straight into the table (the chain does not matter to an export), enough to go
    // through the writers' buffers many times over.
    let env = TestEnv::bare();
    env.conn()
        .execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
             INSERT INTO audit (seq, at, actor_name, os_user, action, activity, category, result,
                                justification, prev_hash, hash)
             SELECT 100 + i, 1795338000 + i, 'admin', 'tester', 'test.row', 'Row ' || i,
                    'RoleManagement', 'success', printf('%.500c', 'x') || ',\"' || i, '', ''
             FROM n",
            [],
        )
        .unwrap();
    let all = list(&env, "admin", &[]);
    assert_eq!(all.len(), 5003);
    let got = parse_jsonl(&export(&env, "admin", &["--format", "jsonl"]).stdout);
    assert_eq!(got, all);
    let (_, rows) = parse_csv(&export(&env, "admin", &[]).stdout);
    assert_eq!(rows.len(), all.len());
    assert_eq!(
        rows.last().unwrap()[13],
        all.last().unwrap().csv_cells()[13]
    );
}
