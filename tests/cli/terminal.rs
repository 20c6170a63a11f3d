//! What reaches the terminal and what a command does when its output cannot be written:
//! control characters escaped, stdout errors reported, special files written into, JSON Lines,
//! and bounded input.

use std::process::Stdio;

use serde_json::Value;

use crate::support::*;

const ESC_TITLE: &str = "\x1b]0;pwned\x07\x1b[2Jevil\u{202e}txt";
const SHOWN: &str = "\\x1b]0;pwned\\x07\\x1b[2Jevil\\u{202e}txt";

/// Whether `text` holds a character a terminal acts on.
fn raw_controls(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn control_characters_are_escaped_on_the_terminal_and_kept_exactly_in_the_data() {
    if server_mode() {
        return; // its actor is a name with control characters, as typed: a server takes no name from its caller
    }
    let env = TestEnv::sample();
    // A refused `--as` from someone who is not a principal: the error, and the failure row.
    let r = env.run_as(ESC_TITLE, &["principal", "add", "x"]);
    r.refused(4, &format!("'{SHOWN}' is not a principal"));
    assert!(!raw_controls(&r.stderr), "{:?}", r.stderr);
    // The row keeps the text exactly.
    let stored: String = env
        .conn()
        .query_row(
            "SELECT actor_name FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, ESC_TITLE);
    // `audit list` shows it escaped, in a table cell and in text; JSON carries it exactly.
    let t = env.run(&["audit", "list", "--limit", "1"]);
    t.ok().stdout_has(SHOWN);
    assert!(!raw_controls(&t.stdout), "{:?}", t.stdout);
    let rows: Vec<AuditJson> = env.json(&["audit", "list", "--limit", "1"]);
    assert_eq!(rows[0].actor, ESC_TITLE);
    // An error that repeats what was typed.
    let r = env.run(&["principal", "show", "\x1b[31mred"]);
    r.refused(3, "principal '\\x1b[31mred' not found");
    assert!(!raw_controls(&r.stderr));
    // A display name may hold a bidirectional override; tables show it escaped.
    env.run(&[
        "principal",
        "add",
        "zoe",
        "--display-name",
        "Zoe \u{202e}kcab",
    ])
    .ok();
    let t = env.run(&["principal", "list"]);
    t.ok().stdout_has("Zoe \\u{202e}kcab");
    assert!(!raw_controls(&t.stdout));
    let shown = env.run(&["principal", "show", "zoe"]);
    shown.ok().stdout_has("Zoe \\u{202e}kcab");
    let p: PrincipalDetailJson = env.json(&["principal", "show", "zoe"]);
    assert_eq!(p.display_name.as_deref(), Some("Zoe \u{202e}kcab"));
}

#[test]
fn names_refuse_invisible_and_bidirectional_characters() {
    let env = TestEnv::sample();
    for name in [
        "bo\u{200b}b",
        "admin\u{202e}",
        "\u{2066}alice\u{2069}",
        "car\u{200d}ol",
        "\u{feff}dave",
        "eve\u{200f}",
        "mallory\u{61c}",
    ] {
        env.refuses(
            1,
            "invisible or bidirectional control characters",
            "principal.create",
            |e| e.run(&["principal", "add", name]),
        );
    }
    env.run(&[
        "role",
        "create",
        "Ops\u{200b}",
        "--kind",
        "azure",
        "--permission",
        "Microsoft.Compute/*/read",
    ])
    .refused(1, "visible characters");
}

#[test]
fn failure_rows_keep_a_bounded_copy_of_what_the_caller_typed() {
    if server_mode() {
        return; // its actor is a 4,000-character name, as typed: a server takes no name from its caller
    }
    let env = TestEnv::sample();
    let long = "x".repeat(100_000);
    env.run_as(&long, &["principal", "add", "y"])
        .refused(4, "is not a principal");
    let (actor, reason): (String, String) = env
        .conn()
        .query_row(
            "SELECT actor_name, reason FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        actor == format!("{}…[99744 more characters]", "x".repeat(256)),
        "{} characters kept",
        actor.chars().count()
    );
    assert!(reason.chars().count() < 1100, "{}", reason.len());
    assert!(reason.ends_with("more characters]"));
    // A name too long to be a principal's, refused: its failure row keeps 256 characters.
    env.run(&["principal", "add", &long])
        .refused(1, "at most 256 characters");
    let name: String = env
        .conn()
        .query_row(
            "SELECT principal_name FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        name == format!("{}…[99744 more characters]", "x".repeat(256)),
        "{} characters kept",
        name.chars().count()
    );
    env.run(&["audit", "verify"]).ok();
}

/// Runs pim with its stdout on /dev/full.
fn to_dev_full(env: &TestEnv, actor: &str, args: &[&str]) -> Run {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = env
        .std_command()
        .env("PIM_ACTOR", actor)
        .args(args)
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    Run::from(out)
}

#[cfg(target_os = "linux")]
#[test]
fn a_result_that_cannot_be_written_is_an_error() {
    let env = TestEnv::sample();
    env.run(&[
        "settings",
        "set",
        "--role",
        "Global Administrator",
        "--require-mfa",
        "true",
    ])
    .ok();
    for args in [
        &["settings", "export", "--all"][..],
        &["audit", "list"],
        &["-o", "json", "principal", "list"],
        &["-o", "jsonl", "principal", "list"],
        &["-o", "csv", "assign", "list"],
        &["audit", "export"],
    ] {
        let r = to_dev_full(&env, "admin", args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("error: cannot write")
                && r.stderr.contains("No space left on device"),
            "{args:?}: {}",
            r.stderr
        );
    }
    // The enrolment secret is shown once: when it cannot be, the command says so and how to
    // get a new one.
    let r = to_dev_full(&env, "carol", &["mfa", "enroll"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("error: cannot write the result to stdout")
            && r.stderr
                .contains("hint: the enrolment was started but its secret was not shown: run `pim mfa enroll` again"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("add the secret"), "{}", r.stderr);
    env.run_as("carol", &["mfa", "enroll"]).ok();
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let env = TestEnv::sample();
    for _ in 0..20 {
        env.run(&[
            "principal",
            "add",
            &format!("user{}", env.count("principal")),
        ])
        .ok();
    }
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = env
        .std_command()
        .args(["principal", "list"])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_settings_export_cut_short_is_refused_on_import() {
    let env = TestEnv::sample();
    env.run(&[
        "settings",
        "set",
        "--role",
        "Global Administrator",
        "--require-mfa",
        "true",
        "--require-approval",
        "true",
        "--approver",
        "alice",
        "--notify",
        "activation.admin.critical_only=yes",
    ])
    .ok();
    let r = env.run(&["settings", "export", "--all"]);
    r.ok();
    let full = r.stdout.clone();
    // The whole export imports, changing nothing.
    let f = env.write_file("full.toml", &full);
    env.run(&["settings", "import", path_str(&f)])
        .ok()
        .stderr_has("no changes");
    // Cut anywhere after the entry starts (at a line's end, where TOML still parses): refused,
    // naming what is missing, nothing changed, the refusal audited.
    let start = full.find("\n[[role]]").unwrap() + 1;
    let cuts: Vec<usize> = full[start..]
        .match_indices('\n')
        .map(|(i, _)| start + i + 1)
        .filter(|&i| i < full.trim_end().len())
        .collect();
    assert!(cuts.len() > 20);
    for cut in cuts {
        let f = env.write_file("cut.toml", &full[..cut]);
        let before = env.state();
        let r = env.run(&["settings", "import", path_str(&f)]);
        // Cut just after `[[role]]` (or a stage's table), the table lacks the key it cannot be
        // without; anywhere else the entry lacks keys.
        let last_line = full[..cut].trim_end().rsplit('\n').next().unwrap();
        if last_line.starts_with("[[") {
            r.refused(1, "missing field");
        } else {
            r.refused(1, "incomplete entry: it lacks");
            r.stderr_has("add `partial = true` to the entry");
        }
        assert_eq!(env.state(), before);
    }
    let last = env.last_audit();
    assert_eq!(
        (last.action.as_str(), last.result.as_str()),
        ("settings.update", "failure")
    );
}

/// Makes a device node like `/dev/null` (1:3) or `/dev/full` (1:7) in the test's directory, so
/// that a regression replaces that one and not the system's. Needs root (CAP_MKNOD).
fn device(env: &TestEnv, name: &str, minor: &str) -> Option<std::path::PathBuf> {
    let path = env.path(name);
    let made = std::process::Command::new("mknod")
        .args(["-m", "666"])
        .arg(&path)
        .args(["c", "1", minor])
        .stderr(Stdio::null())
        .status();
    made.map(|s| s.success()).unwrap_or(false).then_some(path)
}

#[test]
fn audit_export_writes_into_a_device_or_fifo_and_never_replaces_it() {
    use std::os::unix::fs::FileTypeExt;
    let env = TestEnv::sample();
    let is_device = |p: &std::path::Path| {
        std::fs::metadata(p)
            .map(|m| m.file_type().is_char_device())
            .unwrap_or(false)
    };
    match (device(&env, "null", "3"), device(&env, "full", "7")) {
        (Some(null), Some(full)) => {
            env.run(&["audit", "export", "--file", path_str(&null)])
                .ok();
            assert!(is_device(&null), "the device was replaced");
            env.run(&["audit", "export", "--file", path_str(&full)])
                .refused(1, &format!("cannot write {}", path_str(&full)));
            assert!(is_device(&full), "the device was replaced");
        }
        _ => eprintln!("mknod needs root: the device cases are skipped (the FIFO one still runs)"),
    }
    // A FIFO: read by another process, still a FIFO afterwards.
    let fifo = env.path("audit.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.map(|s| s.success()).unwrap_or(false), "mkfifo");
    let path = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read_to_string(path).unwrap());
    env.run(&["audit", "export", "-o", "jsonl", "--file", path_str(&fifo)])
        .ok();
    let got = reader.join().unwrap();
    let direct = env.run(&["audit", "export", "-o", "jsonl"]);
    assert_eq!(got, direct.stdout);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A directory is an error; a regular file is still replaced whole.
    env.run(&["audit", "export", "--file", path_str(env.dir.path())])
        .refused(1, "is a directory");
    let file = env.write_file("out.csv", "old");
    env.run(&["audit", "export", "--file", path_str(&file)])
        .ok();
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("time,seq,")
    );
}

#[test]
fn jsonl_is_accepted_wherever_json_is() {
    let env = TestEnv::sample();
    // A list: one compact object a line, the same objects as the JSON array.
    let lines = env.run(&["-o", "jsonl", "principal", "list"]);
    lines.ok();
    let array: Vec<Value> = env.json(&["principal", "list"]);
    let each: Vec<Value> = lines
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(each, array);
    assert_eq!(lines.stdout.lines().count(), array.len());
    // A single object: one line.
    let one = env.run(&["-o", "jsonl", "principal", "show", "bob"]);
    one.ok();
    assert_eq!(one.stdout.lines().count(), 1);
    let obj: Value = serde_json::from_str(one.stdout.trim()).unwrap();
    assert_eq!(obj["name"], "bob");
    for args in [
        &["assign", "list"][..],
        &["audit", "list"],
        &["status", "--principal", "bob"],
        &["audit", "verify"],
        &["role", "list"],
    ] {
        let mut a = vec!["-o", "jsonl"];
        a.extend_from_slice(args);
        let r = env.run(&a);
        r.ok();
        for l in r.stdout.lines() {
            serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{args:?}: {e}: {l}"));
        }
    }
    // The audit export takes it as its format too.
    let r = env.run(&["-o", "jsonl", "audit", "export"]);
    r.ok();
    assert_eq!(r.stdout.lines().count() as i64, env.count("audit"));
    assert!(r.stdout.starts_with("{\"time\":"));
}

#[test]
fn an_iso_duration_too_large_is_an_error_not_zero() {
    let env = TestEnv::sample();
    let before = env.state();
    env.run(&[
        "assign",
        "--principal",
        "erin",
        "--role",
        "Reports Reader",
        "--duration",
        "PT1H4294967296S",
    ])
    .refused(1, "invalid duration 'PT1H4294967296S': out of range");
    assert_eq!(env.state(), before);
}

#[cfg(unix)]
#[test]
fn init_over_an_existing_empty_file_makes_it_private() {
    if pg_mode() {
        // Not on PostgreSQL: about the SQLite file's mode.
        return;
    }
    if server_mode() {
        return; // it runs `init` over an existing file, which only the embedded mode does
    }
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    std::fs::write(env.db(), b"").unwrap();
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    env.run(&["init", "--admin", "admin"]).ok();
    let mode = std::fs::metadata(env.db()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // An existing database is left as it is, and init refused.
    std::fs::set_permissions(env.db(), std::fs::Permissions::from_mode(0o640)).unwrap();
    env.run(&["init", "--admin", "admin"])
        .refused(1, "already exists");
    let mode = std::fs::metadata(env.db()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn init_with_an_administrator_named_like_the_sample_says_so_and_creates_nothing() {
    let env = TestEnv::new();
    let r = env.run(&["init", "--admin", "Alice", "--sample"]);
    r.refused(
        1,
        "the sample organisation has its own 'alice': the administrator needs another name",
    )
    .stderr_has("hint: for example `pim init --admin admin --sample`");
    assert!(!env.db().exists());
    // Without the sample the name is fine.
    env.run(&["init", "--admin", "alice"]).ok();
}
