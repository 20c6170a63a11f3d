//! Output formats, help text, completions and man pages.

use crate::support::*;

#[test]
fn csv_is_rfc4180_with_formula_cells_neutralised() {
    let env = TestEnv::sample();
    let tricky = "=HYPERLINK(\"http://x\"),\n\"quoted\" é";
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Global Reader",
        "--type",
        "active",
        "--duration",
        "1d",
        "--justification",
        tricky,
    ])
    .ok();
    let r = env.run(&["-o", "csv", "assign", "list", "--principal", "erin"]);
    r.ok();
    let mut rdr = csv::Reader::from_reader(r.stdout.as_bytes());
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        headers,
        [
            "id",
            "principal",
            "principal_kind",
            "role",
            "role_kind",
            "scope",
            "type",
            "member_type",
            "state",
            "start",
            "end",
            "justification"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][11], format!("'{tricky}"));
    assert_eq!(&rows[0][9], T0);
    assert_eq!(&rows[0][10], "2026-11-23T09:00:00Z");
    assert_eq!(rows[0][0].len(), 36, "CSV carries whole IDs");
}

#[test]
fn results_on_stdout_everything_else_on_stderr() {
    let env = TestEnv::sample();
    let r = env.run(&["principal", "add", "frank"]);
    r.ok().stderr_has("added user frank");
    let q = env.run(&["-q", "principal", "add", "grace"]);
    q.ok();
    assert!(q.stderr.is_empty(), "--quiet silences notes: {}", q.stderr);
    let j = env.run(&["-o", "json", "principal", "add", "heidi"]);
    j.ok();
    assert!(serde_json::from_str::<PrincipalJson>(&j.stdout).is_ok());
    // Global options go before or after the subcommand.
    let after = env.run(&["principal", "list", "-o", "json", "--as", "alice"]);
    after.ok();
    assert!(serde_json::from_str::<Vec<PrincipalJson>>(&after.stdout).is_ok());
    let empty = env.run(&["assign", "list", "--principal", "heidi"]);
    empty.ok().stderr_has("no assignments");
    assert!(empty.stdout.is_empty());
}

#[test]
fn help_text() {
    let env = TestEnv::new();
    for (name, args) in [
        ("help_top", vec!["--help"]),
        ("help_assign", vec!["assign", "--help"]),
        ("help_assign_import", vec!["assign", "import", "--help"]),
        ("help_audit_verify", vec!["audit", "verify", "--help"]),
        ("help_scope_add", vec!["scope", "add", "--help"]),
        ("help_notifications", vec!["notifications", "--help"]),
    ] {
        let r = env.run(&args);
        r.ok();
        insta::assert_snapshot!(name, r.stdout);
    }
    let v = env.run(&["--version"]);
    v.ok().stdout_has("pim ");
}

#[test]
fn completions_in_the_repository_are_current() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = env.run(&["completions", shell]);
        r.ok();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("completions/pim.{shell}"));
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == r.stdout,
            "completions/pim.{shell} is stale: regenerate with `cargo run -- completions {shell} > completions/pim.{shell}`"
        );
    }
    env.run(&["completions", "tcsh"]).code(2);
}

#[test]
fn man_pages_are_written() {
    let env = TestEnv::new();
    let dir = env.path("man");
    env.run(&["man", path_str(&dir)]).ok();
    for page in [
        "pim.1",
        "pim-assign.1",
        "pim-assign-import.1",
        "pim-audit-verify.1",
    ] {
        let text = std::fs::read_to_string(dir.join(page)).unwrap();
        assert!(text.contains(".TH"), "{page} is a man page");
    }
}

#[test]
fn the_quickstart_example_runs() {
    let env = TestEnv::new();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart.sh");
    let bin_dir = bin().parent().unwrap().to_path_buf();
    let out = std::process::Command::new("bash")
        .arg(&script)
        .env_clear()
        .env(
            "PATH",
            format!("{}:/usr/local/bin:/usr/bin:/bin", bin_dir.display()),
        )
        .env("PIM_DB", env.db())
        .env("PIM_NOW", T0)
        .env("PIM_OS_USER", "tester")
        .env("HOME", env.dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "examples/quickstart.sh failed\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: VerifyJson = env.json(&["audit", "verify"]);
    assert!(v.ok);
}
