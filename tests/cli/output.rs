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
        ("help_activate", vec!["activate", "--help"]),
        ("help_activate_short", vec!["activate", "-h"]),
        ("help_approve", vec!["approve", "--help"]),
        ("help_settings_set", vec!["settings", "set", "--help"]),
        ("help_mfa_enroll", vec!["mfa", "enroll", "--help"]),
        ("help_db_copy", vec!["db", "copy", "--help"]),
    ] {
        let r = env.run(&args);
        r.ok();
        insta::assert_snapshot!(name, r.stdout);
    }
    let v = env.run(&["--version"]);
    v.ok().stdout_has("pim ");
}

#[test]
fn the_usage_line_shows_no_option_the_environment_gave() {
    // TestEnv sets PIM_DB and PIM_ACTOR, as a user with them in their profile would.
    let r = env_usage_error();
    r.code(2).stderr_has("Usage: pim assign --principal <P>");
    assert!(
        !r.stderr.contains("--db <PATH>") && !r.stderr.contains("--as <NAME>"),
        "{}",
        r.stderr
    );
    // PIM_SERVER is read the same way: no `--server <URL>` in the usage line, and the help names
    // every variable in one style ("also PIM_…"), never clap's `[env: …]`.
    let env = TestEnv::sample();
    let r = Run::from(
        env.command()
            .env(
                "PIM_SERVER",
                format!("unix:{}", env.path("none.sock").display()),
            )
            .args(["assign", "--role", "Reader"])
            .output()
            .unwrap(),
    );
    r.code(2).stderr_has("Usage: pim assign --principal <P>");
    assert!(!r.stderr.contains("--server"), "{}", r.stderr);
    let help = env.run(&["assign", "--help"]);
    help.ok()
        .stdout_has("also PIM_SERVER")
        .stdout_has("also PIM_DB");
    assert!(!help.stdout.contains("[env:"), "{}", help.stdout);
    // They still choose the database and the actor.
    let who = env.run_as("bob", &["-o", "json", "status"]);
    who.ok().stdout_has("\"principal\": \"bob\"");
}

fn env_usage_error() -> Run {
    let env = TestEnv::sample();
    env.run(&["assign", "--role", "Reader"])
}

#[test]
fn man_pages_have_examples_exit_status_environment_and_files() {
    let env = TestEnv::new();
    let dir = env.path("man");
    env.run(&["man", path_str(&dir)]).ok().stderr_has("wrote ");
    let page = std::fs::read_to_string(dir.join("pim-activate.1")).unwrap();
    for section in [
        ".SH EXAMPLES",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH \"GLOBAL OPTIONS\"",
    ] {
        assert!(
            page.contains(section),
            "pim-activate.1 lacks {section}:\n{page}"
        );
    }
    assert!(page.contains("pim activate \\-\\-role"), "{page}");
    assert!(page.contains("PIM_DB"));
    let top = std::fs::read_to_string(dir.join("pim.1")).unwrap();
    assert!(
        top.contains(".SH EXAMPLES") && top.contains("pim status"),
        "{top}"
    );
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

/// The README's quick start block: the first ```sh block after "## Quick start".
fn readme_quick_start() -> String {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let section = &readme[readme
        .find("## Quick start")
        .expect("a Quick start section")..];
    let start = section.find("```sh\n").expect("a sh block") + "```sh\n".len();
    let end = start + section[start..].find("```").expect("the block's end");
    section[start..end].to_string()
}

#[test]
fn the_quickstart_example_is_the_readme_block() {
    let script = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart.sh"),
    )
    .unwrap();
    assert!(
        script == readme_quick_start(),
        "examples/quickstart.sh differs from the README's quick start block: make them the same"
    );
}

#[test]
fn the_quickstart_example_runs() {
    // On the database the README's set-up command makes, as a person would paste it; `-e` stops
    // at the first command that fails (the refusal it shows is caught by its `||`).
    let env = TestEnv::sample();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart.sh");
    let bin_dir = bin().parent().unwrap().to_path_buf();
    let out = std::process::Command::new("bash")
        .arg("-e")
        .arg(&script)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_clear()
        .env(
            "PATH",
            format!("{}:/usr/local/bin:/usr/bin:/bin", bin_dir.display()),
        )
        .env("PIM_DB", env.db())
        .env("PIM_NOW", T0)
        .env("PIM_OS_USER", "tester")
        .env("HOME", env.dir.path())
        .env("TMPDIR", env.dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "examples/quickstart.sh failed\n--- stdout\n{stdout}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("refused: exit 4"), "{stdout}");
    assert!(stdout.contains("bob holds it now"), "{stdout}");
    let v: VerifyJson = env.json(&["audit", "verify"]);
    assert!(v.ok);
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[test]
fn the_readme_and_docs_link_only_to_what_exists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // Pages being written beside this one; a link to one is checked once it exists.
    let coming = [
        "docs/rules.md",
        "docs/security.md",
        "docs/server.md",
        "docs/graph.md",
    ];
    let mut pages = vec![root.join("README.md"), root.join("BENCHMARKS.md")];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            pages.push(p);
        }
    }
    let mut broken = Vec::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        assert!(
            !text.contains("reference §"),
            "{} cites a document that is not in the repository",
            page.display()
        );
        for target in links(&text) {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
            {
                continue;
            }
            let (file, anchor) = match target.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (target.as_str(), None),
            };
            // The target as a path from the repository's root ("docs/../x" is "x").
            let mut parts: Vec<String> = page
                .parent()
                .unwrap()
                .strip_prefix(root)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if file.is_empty() {
                parts = page
                    .strip_prefix(root)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
            } else {
                for c in file.split('/').filter(|c| !c.is_empty() && *c != ".") {
                    if c == ".." {
                        parts.pop();
                    } else {
                        parts.push(c.to_string());
                    }
                }
            }
            let rel = parts.join("/");
            let resolved = root.join(&rel);
            if !resolved.exists() {
                if !coming.contains(&rel.as_str()) {
                    broken.push(format!("{}: {target}", page.display()));
                }
                continue;
            }
            if let (Some(anchor), true) = (anchor, resolved.extension().is_some_and(|x| x == "md"))
            {
                let body = std::fs::read_to_string(&resolved).unwrap();
                let found = body
                    .lines()
                    .filter(|l| l.starts_with('#'))
                    .any(|l| slug(l.trim_start_matches('#')) == anchor);
                if !found {
                    broken.push(format!(
                        "{}: {target} (no heading #{anchor} in {rel})",
                        page.display()
                    ));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The targets of Markdown links `[text](target)` outside code blocks.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            match after.find(')') {
                Some(j) => {
                    out.push(after[..j].to_string());
                    rest = &after[j + 1..];
                }
                None => break,
            }
        }
    }
    out
}

#[test]
fn the_readme_keeps_its_first_two_screens_for_newcomers() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    assert!(
        readme.lines().count() <= 120,
        "the README grew past two screens: move reference into docs/"
    );
    for section in ["## Set-up", "## Quick start", "## Where to go next"] {
        assert!(readme.contains(section), "the README lacks {section}");
    }
}
