//! `pim assign import FILE.csv`: all or nothing, every bad row reported with its line.

use crate::support::*;

#[test]
fn a_good_file_imports_every_row() {
    let env = TestEnv::sample();
    let file = env.write_file(
        "ok.csv",
        "principal,role,scope,type,start,end,justification\n\
         erin,Global Reader,/,eligible,,,\n\
         erin,Reader,/subscriptions/prod,active,,30d,\"quarterly, \"\"review\"\"\"\n\
         alice,Contributor,/subscriptions/dev,eligible,2026-12-01,2026-12-31,\n\
         dave,Reports Reader,,,,permanent,\n",
    );
    let audit = env.count("audit");
    let r = env.run(&["-o", "json", "assign", "import", path_str(&file)]);
    r.ok();
    let report: ImportJson = r.json();
    assert_eq!((report.rows, report.created, report.dry_run), (4, 4, false));
    assert_eq!(
        env.count("audit"),
        audit + 4,
        "one audit row per imported assignment"
    );
    let erin: Vec<AssignmentJson> = env.json(&["assign", "list", "--principal", "erin"]);
    let reader = find(&erin, "erin", "Reader");
    assert_eq!(
        reader.justification.as_deref(),
        Some("quarterly, \"review\"")
    );
    assert_eq!(reader.end.as_deref(), Some("2026-12-22T09:00:00Z"));
    let alice: Vec<AssignmentJson> = env.json(&["assign", "list", "--principal", "alice"]);
    assert_eq!(find(&alice, "alice", "Contributor").state, "scheduled");
}

#[test]
fn a_bad_file_imports_nothing_and_names_every_bad_line() {
    let env = TestEnv::sample();
    let file = env.write_file(
        "bad.csv",
        "principal,role,scope,type,start,end,justification\n\
         erin,Global Reader,/,eligible,,,\n\
         nobody,Global Reader,/,eligible,,,\n\
         erin,Global Reader,/,eligible,,,\n\
         erin,Reader,/,eligible,,,\n\
         erin,Security Reader,/,sometimes,,,\n\
         erin,Security Reader,/,eligible,someday,,\n\
         erin,Security Reader\n\
         deploy-bot,Reader,/subscriptions/prod,eligible,,1d,\n\
         ,Global Reader,/,eligible,,,\n",
    );
    let before = env.state();
    let audit = env.count("audit");
    let r = env.run(&["assign", "import", path_str(&file)]);
    r.refused(1, "has 8 bad rows; nothing was imported");
    for (line, what) in [
        (3, "principal 'nobody' not found"),
        (4, "RoleAssignmentExists"),
        (5, "'Reader' is an Azure role"),
        (6, "invalid type 'sometimes'"),
        (7, "invalid time 'someday'"),
        (8, "expected 7 fields, found 2"),
        (9, "PrincipalTypeRule"),
        (10, "the principal is empty"),
    ] {
        r.stderr_has(&format!("line {line}: {what}"));
    }
    assert!(!r.stderr.contains("line 2:"), "line 2 is good");
    assert_eq!(env.state(), before, "nothing imported");
    assert_eq!(
        env.count("audit"),
        audit + 1,
        "one failure row for the attempt"
    );
    assert_eq!(env.last_audit().action, "assignment.import");
}

#[test]
fn dry_run_checks_and_changes_nothing() {
    let env = TestEnv::sample();
    let file = env.write_file(
        "ok.csv",
        "principal,role\nerin,Global Reader\nerin,Security Reader\n",
    );
    let before = env.state();
    let audit = env.count("audit");
    let r = env.run(&[
        "-o",
        "json",
        "assign",
        "import",
        path_str(&file),
        "--dry-run",
    ]);
    r.ok().stderr_has("dry run");
    let report: ImportJson = r.json();
    assert_eq!((report.rows, report.created, report.dry_run), (2, 2, true));
    assert_eq!(env.state(), before);
    assert_eq!(env.count("audit"), audit);
}

#[test]
fn malformed_files_are_refused_clearly() {
    let env = TestEnv::sample();
    let unknown = env.write_file("u.csv", "principal,role,colour\nerin,Global Reader,blue\n");
    env.run(&["assign", "import", path_str(&unknown)])
        .refused(1, "unknown column 'colour'");
    let missing = env.write_file("m.csv", "principal,scope\nerin,/\n");
    env.run(&["assign", "import", path_str(&missing)])
        .refused(1, "principal and role");
    env.run(&["assign", "import", path_str(&env.path("absent.csv"))])
        .refused(1, "cannot read");
    let binary = env.path("b.csv");
    std::fs::write(&binary, b"principal,role\nerin,Global \xff\xfe Reader\n").unwrap();
    env.run(&["assign", "import", path_str(&binary)])
        .refused(1, "bad row")
        .stderr_has("line 2: not valid UTF-8");
    let empty = env.write_file("e.csv", "principal,role\n");
    let r = env.run(&["-o", "json", "assign", "import", path_str(&empty)]);
    r.ok();
    assert_eq!(r.json::<ImportJson>().created, 0);
    // Someone without the right may not import, and nothing is written: refused, exit 4.
    let ok = env.write_file("ok.csv", "principal,role\nerin,Global Reader\n");
    env.refuses(4, "1 bad row", "assignment.import", |e| {
        let r = e.run_as("bob", &["assign", "import", path_str(&ok)]);
        r.stderr_has("line 2: not authorized");
        r
    });
    let details = env.last_audit().details.unwrap();
    assert_eq!(details["bad_rows"], 1);
    assert!(
        details["first_bad_rows"][0]["error"]
            .as_str()
            .unwrap()
            .contains("not authorized")
    );
}

#[test]
fn an_unclosed_quote_imports_nothing() {
    // The csv reader would end the open field at the end of the file and import a row whose
    // justification swallowed the rest of the file.
    let env = TestEnv::sample();
    let file = env.write_file(
        "open.csv",
        "principal,role,scope,type,start,end,justification\n\
         erin,Global Reader,/,eligible,,,fine\n\
         erin,Reader,/subscriptions/prod,eligible,,,\"never closed\n\
         alice,Reader,/subscriptions/prod,eligible,,,\n",
    );
    let before = env.state();
    let r = env.run(&["assign", "import", path_str(&file)]);
    r.refused(1, "has 1 bad row; nothing was imported")
        .stderr_has("line 3: a double quote is never closed");
    assert_eq!(env.state(), before);
    // Quotes that pair up are fine, doubled ones included.
    let file = env.write_file(
        "quoted.csv",
        "principal,role,scope,type,start,end,justification\n\
         erin,Reader,/subscriptions/prod,eligible,,,\"a \"\"quoted\"\" word, and a comma\"\n",
    );
    env.run(&["assign", "import", path_str(&file)]).ok();
}
